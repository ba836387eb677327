/* SPDX-License-Identifier: MIT */
/*
 * breaker.c: circuit breakers on an app's calls, one per target, with the rules of the
 * widely used resilience4j breaker. CLOSED lets calls through and records each outcome in a
 * sliding window (the last N calls, or the calls of the last N seconds). Once the window
 * holds at least the minimum number of calls (for a count window, never more than its
 * size), a failure rate or a slow-call rate at or above its threshold opens the breaker; a
 * call is slow when it took longer than slow_call. OPEN refuses every call until its wait
 * is over; the first call attempt after that finds it HALF_OPEN, which lets a fixed number
 * of trial calls through and decides on the outcomes it records: back to OPEN if their
 * rates are at or above the thresholds, else CLOSED with an empty window. A HALF_OPEN that
 * has not decided when its time limit runs out goes back to OPEN at that moment, whether
 * or not a call comes (an event, as resilience4j's scheduler).
 *
 * An outcome counts in the state the breaker is in when the answer comes, as in
 * resilience4j: a slow call let through while CLOSED that answers in HALF_OPEN is one of the
 * outcomes HALF_OPEN decides on; an answer that comes while OPEN changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

enum { OUT_FAIL = 1, OUT_SLOW = 2 };

static const char *const state_names[] = { "CLOSED", "OPEN", "HALF_OPEN" };

static struct sim_breaker *
breaker_of(struct sim *sim, struct sim_node *n, int target)
{
	const struct sim_breaker_cfg *c = &n->cfg->breaker;
	struct sim_breaker *b;
	int i;

	if (!c->enabled)
		return NULL;
	if (n->breakers == NULL) {
		n->breakers = calloc(SIM_MAX_NODES, sizeof *n->breakers);
		if (n->breakers == NULL) {
			sim->oom_err = 1;
			return NULL;
		}
		for (i = 0; i < SIM_MAX_NODES; i++)
			n->breakers[i].since = sim->now;
	}
	b = &n->breakers[target];
	if (c->window == SIM_WINDOW_COUNT && b->ring == NULL)
		b->ring = calloc((size_t)c->window_size, 1);
	if (c->window == SIM_WINDOW_TIME && b->buckets == NULL)
		b->buckets = calloc((size_t)c->window_size * 3, sizeof *b->buckets);
	if (b->ring == NULL && b->buckets == NULL)
		sim->oom_err = 1;
	return b;
}

void
sim__breakers_free(struct sim_node *n)
{
	int i;

	if (n->breakers == NULL)
		return;
	for (i = 0; i < SIM_MAX_NODES; i++) {
		free(n->breakers[i].ring);
		free(n->breakers[i].buckets);
	}
	free(n->breakers);
	n->breakers = NULL;
}

static void
window_clear(const struct sim_breaker_cfg *c, struct sim_breaker *b)
{
	if (b->ring != NULL)
		memset(b->ring, 0, (size_t)c->window_size);
	if (b->buckets != NULL)
		memset(b->buckets, 0, (size_t)c->window_size * 3 * sizeof *b->buckets);
	b->ring_pos = b->calls = b->fails = b->slows = 0;
}

static void
enter(struct sim *sim, struct sim_node *n, int target, struct sim_breaker *b, int state,
      const char *why)
{
	enum sim_level level = state == BRK_OPEN ? SIM_WARNING : SIM_INFO;

	sim__log(sim, level, n->index, "circuit breaker %s -> %s: %s -> %s%s", n->cfg->name,
	         sim->cfg.nodes[target].name, state_names[b->state], state_names[state], why);
	if (state == BRK_OPEN)
		sim->m.breaker_opens++;
	b->state = state;
	b->epoch++;
	b->since = sim->now;
	b->trials = b->trial_done = b->trial_fails = b->trial_slows = 0;
	if (state == BRK_CLOSED)
		window_clear(&n->cfg->breaker, b);
	/* The time limit of this HALF_OPEN; a later change of state bumps the epoch and so
	 * makes the event stale. */
	if (state == BRK_HALF_OPEN && n->cfg->breaker.max_wait_half_open > 0)
		sim__schedule(sim, sim->now + n->cfg->breaker.max_wait_half_open, EV_BREAKER,
		              n->index, (uint32_t)target, b->epoch);
}

int
sim__breaker_permit(struct sim *sim, struct sim_node *n, int target)
{
	struct sim_breaker *b = breaker_of(sim, n, target);
	const struct sim_breaker_cfg *c = &n->cfg->breaker;

	if (b == NULL)
		return 1;
	if (b->state == BRK_OPEN) {
		/* Permitted once the clock is past the end of the wait, not at it. */
		if (sim->now - b->since <= c->wait_open)
			return 0;
		enter(sim, n, target, b, BRK_HALF_OPEN, " (wait in OPEN is over)");
	}
	if (b->state == BRK_HALF_OPEN) {
		if (b->trials >= c->half_open_calls)
			return 0;
		b->trials++;
	}
	return 1;
}

/* Moves a time window's newest bucket up to the current second, emptying skipped ones. */
static uint32_t *
time_bucket(const struct sim_breaker_cfg *c, struct sim_breaker *b, sim_time now)
{
	sim_time sec = now / SIM_SEC;

	if (sec - b->bucket_t >= c->window_size) {
		window_clear(c, b);
		b->bucket_t = sec;
	}
	while (b->bucket_t < sec) {
		uint32_t *old;

		b->bucket_t++;
		old = &b->buckets[(b->bucket_t % c->window_size) * 3];
		b->calls -= (int)old[0];
		b->fails -= (int)old[1];
		b->slows -= (int)old[2];
		old[0] = old[1] = old[2] = 0;
	}
	return &b->buckets[(sec % c->window_size) * 3];
}

static void
window_add(const struct sim_breaker_cfg *c, struct sim_breaker *b, sim_time now, int out)
{
	if (c->window == SIM_WINDOW_COUNT) {
		uint8_t *slot = &b->ring[b->ring_pos];

		if (b->calls == c->window_size) {
			b->fails -= (*slot & OUT_FAIL) != 0;
			b->slows -= (*slot & OUT_SLOW) != 0;
		} else {
			b->calls++;
		}
		*slot = (uint8_t)out;
		b->ring_pos = (b->ring_pos + 1) % c->window_size;
	} else {
		uint32_t *bk = time_bucket(c, b, now);

		bk[0]++;
		bk[1] += (out & OUT_FAIL) != 0;
		bk[2] += (out & OUT_SLOW) != 0;
		b->calls++;
	}
	b->fails += (out & OUT_FAIL) != 0;
	b->slows += (out & OUT_SLOW) != 0;
}

static int
over(const struct sim_breaker_cfg *c, int calls, int fails, int slows)
{
	return calls > 0 && ((double)fails >= c->failure_rate * calls ||
	                     (double)slows >= c->slow_rate * calls);
}

/* The time limit of the HALF_OPEN of epoch is over; returns 0 if it decided before. */
int
sim__breaker_expire(struct sim *sim, struct sim_node *n, int target, uint32_t epoch)
{
	struct sim_breaker *b = n->breakers != NULL ? &n->breakers[target] : NULL;

	if (b == NULL || b->state != BRK_HALF_OPEN || b->epoch != (uint16_t)epoch)
		return 0;
	enter(sim, n, target, b, BRK_OPEN, " (trial calls took too long)");
	return 1;
}

/* The answer to a call, which took took: it counts in the state the breaker is in now. */
void
sim__breaker_answer(struct sim *sim, struct sim_node *n, int target, int failed,
                    sim_time took)
{
	struct sim_breaker *b = breaker_of(sim, n, target);
	const struct sim_breaker_cfg *c = &n->cfg->breaker;
	int out, need;
	char why[96];

	if (b == NULL || b->state == BRK_OPEN)
		return;
	out = (failed ? OUT_FAIL : 0) | (took > c->slow_call ? OUT_SLOW : 0);
	if (b->state == BRK_HALF_OPEN) {
		b->trial_done++;
		b->trial_fails += (out & OUT_FAIL) != 0;
		b->trial_slows += (out & OUT_SLOW) != 0;
		if (b->trial_done < c->half_open_calls)
			return;
		snprintf(why, sizeof why, " (%d of %d trial calls failed, %d slow)",
		         b->trial_fails, b->trial_done, b->trial_slows);
		enter(sim, n, target, b, over(c, b->trial_done, b->trial_fails, b->trial_slows) ?
		      BRK_OPEN : BRK_CLOSED, why);
		return;
	}
	window_add(c, b, sim->now, out);
	need = c->window == SIM_WINDOW_COUNT && c->min_calls > c->window_size ?
	       c->window_size : c->min_calls;
	if (b->calls < need || !over(c, b->calls, b->fails, b->slows))
		return;
	snprintf(why, sizeof why, " (%d%% of %d calls failed, %d%% slow)",
	         b->fails * 100 / b->calls, b->calls, b->slows * 100 / b->calls);
	enter(sim, n, target, b, BRK_OPEN, why);
}

/* The state of the breaker from n to target, for views and tests; -1 when none. */
int
sim__breaker_state(const struct sim_node *n, int target)
{
	if (n->breakers == NULL)
		return n->cfg->breaker.enabled ? BRK_CLOSED : -1;
	return n->breakers[target].state;
}
