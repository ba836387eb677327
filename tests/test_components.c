/* SPDX-License-Identifier: MIT */
/*
 * test_components.c: the rules of the later eras' components, each on a tiny config built
 * in C from the documented defaults: the circuit breaker, the gateway's token bucket, the
 * broker and its consumers, caches, the payment ledger, the outbox relay, indexed queries,
 * regions and partitions, and the autoscaler.
 *
 * Runs are made exact rather than large: closed users with a constant think time send at
 * known instants, CPU and query costs are constants (often 0), so every count and every
 * time below is worked out by hand in the comment above its test. The breaker is also
 * driven directly through its internal calls (sim_internal.h), with the clock moved by
 * sim_run_until() on a run that has no traffic.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "sim.h"
#include "sim_internal.h"

static struct sim_config cfg;

/* ---- building configs ---------------------------------------------------------------- */

static void
reset_config(sim_time duration)
{
	sim_config_defaults(&cfg);
	cfg.duration = duration;
}

static int
add_node(const char *name, enum sim_node_kind kind)
{
	struct sim_node_cfg *n = &cfg.nodes[cfg.n_nodes];

	sim_node_defaults(n, kind);
	snprintf(n->name, sizeof n->name, "%s", name);
	return cfg.n_nodes++;
}

static struct sim_dist
constant(sim_time t)
{
	return (struct sim_dist){ SIM_DIST_CONST, (double)t, 0.0 };
}

/* A route with no steps yet; its index is cfg.n_routes - 1. */
static struct sim_route_cfg *
add_route(const char *name)
{
	struct sim_route_cfg *r = &cfg.routes[cfg.n_routes++];

	memset(r, 0, sizeof *r);
	snprintf(r->name, sizeof r->name, "%s", name);
	return r;
}

static int
route_index(const struct sim_route_cfg *r)
{
	return (int)(r - cfg.routes);
}

/* Appends a step of kind that costs cost; it names no node until the caller says. */
static struct sim_step_cfg *
add_step(struct sim_route_cfg *r, enum sim_step_kind kind, sim_time cost)
{
	struct sim_step_cfg *s = &r->steps[r->n_steps++];

	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->cost = constant(cost);
	s->node = -1;
	s->route = -1;
	s->topic = -1;
	return s;
}

/* A cache read of key space space (keys keys, size bytes a value) through store, -1 for
 * the app's local cache. */
static struct sim_step_cfg *
add_cache_step(struct sim_route_cfg *r, const char *space, int keys, int store, sim_time ttl)
{
	struct sim_step_cfg *s = add_step(r, SIM_STEP_CACHE, 0);

	snprintf(s->space, sizeof s->space, "%s", space);
	s->keys = keys;
	s->node = store;
	s->ttl = ttl;
	s->size = 1;
	return s;
}

/* users closed users sending route to entry, each thinking exactly think between a reply
 * and the next request; the first request of each goes at t = think. */
static struct sim_workload_cfg *
add_users(const char *name, const struct sim_route_cfg *route, int users, sim_time think,
          int entry)
{
	struct sim_workload_cfg *w = &cfg.workloads[cfg.n_workloads++];

	memset(w, 0, sizeof *w);
	snprintf(w->name, sizeof w->name, "%s", name);
	w->kind = SIM_WORKLOAD_CLOSED;
	w->level.kind = SIM_CURVE_CONSTANT;
	w->level.base = users;
	w->think = constant(think);
	w->entry = entry;
	w->region = -1;
	w->routes[0] = route_index(route);
	w->weights[0] = 1.0;
	w->n_routes = 1;
	return w;
}

static struct sim_fault_cfg *
add_fault(enum sim_fault_kind kind, int node, sim_time at, sim_time duration)
{
	struct sim_fault_cfg *f = &cfg.faults[cfg.n_faults++];

	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->node = node;
	f->at = at;
	f->duration = duration;
	f->route = -1;
	f->region = f->region2 = -1;
	return f;
}

static int
add_topic(int broker, const char *name)
{
	struct sim_node_cfg *b = &cfg.nodes[broker];

	snprintf(b->topics[b->n_topics].name, SIM_NAME_MAX, "%s", name);
	b->topics[b->n_topics].partitions = 1;
	return b->n_topics++;
}

/* app consumes topic of broker as requests of route, with Kafka's default commits. */
static struct sim_consume_cfg *
add_consume(int app, int broker, int topic, const struct sim_route_cfg *route)
{
	struct sim_node_cfg *a = &cfg.nodes[app];
	struct sim_consume_cfg *c = &a->consumes[a->n_consumes++];

	memset(c, 0, sizeof *c);
	c->broker = broker;
	c->topic = topic;
	c->route = route_index(route);
	c->compensate = -1;
	c->backoff = SIM_SEC;
	c->commit_interval = 5 * SIM_SEC;
	return c;
}

/* ---- running and reading --------------------------------------------------------------- */

static struct sim *
start(uint64_t seed)
{
	char err[256] = "";
	struct sim *sim = sim_create(&cfg, seed, err, sizeof err);

	if (sim == NULL)
		print_error("sim_create: %s\n", err);
	assert_non_null(sim);
	return sim;
}

static struct sim *
run(uint64_t seed)
{
	struct sim *sim = start(seed);

	sim_run_until(sim, sim_end(sim));
	return sim;
}

static double
metric(const struct sim *sim, const char *name)
{
	double v = -1.0;

	if (sim_metric_get(sim, name, &v) != 0) {
		print_error("no metric %s\n", name);
		fail();
	}
	return v;
}

/* The metric as a whole count, so that assert_int_equal prints both sides. */
static long long
count(const struct sim *sim, const char *name)
{
	return (long long)metric(sim, name);
}

/* A latency metric in whole microseconds. */
static long long
micros(const struct sim *sim, const char *name)
{
	return llround(metric(sim, name) * 1000.0);
}

/* Index of the first log entry at or after from that contains needle, or -1. */
static long
log_find(const struct sim *sim, size_t from, const char *needle)
{
	size_t i;

	for (i = from; i < sim_log_count(sim); i++)
		if (strstr(sim_log_get(sim, i)->message, needle) != NULL)
			return (long)i;
	return -1;
}

static int
log_count(const struct sim *sim, const char *needle)
{
	long i = -1;
	int k = 0;

	while ((i = log_find(sim, (size_t)(i + 1), needle)) >= 0)
		k++;
	return k;
}

static void
print_log(const struct sim *sim)
{
	size_t i;

	for (i = 0; i < sim_log_count(sim); i++) {
		const struct sim_log_entry *e = sim_log_get(sim, i);

		print_message("  %lld %s %s\n", (long long)e->time, sim_level_name(e->level),
		              e->message);
	}
}

/* The log entry that contains needle, failing with the whole log when there is none. */
static const struct sim_log_entry *
log_entry(const struct sim *sim, const char *needle)
{
	long i = log_find(sim, 0, needle);

	if (i < 0) {
		print_log(sim);
		print_error("no log line contains \"%s\"\n", needle);
		fail();
	}
	return sim_log_get(sim, (size_t)i);
}

/* ---- the circuit breaker, driven directly ------------------------------------------- */

enum { WEB, SVC };

/*
 * An app web whose breaker watches its calls to svc, on a run without traffic: the
 * clock only moves when the test moves it. A count window of 10, 5 calls at least, open
 * at 50% failed, 10 s in OPEN, 3 trial calls.
 */
static void
breaker_config(void)
{
	struct sim_breaker_cfg *b;
	struct sim_route_cfg *page;

	reset_config(3600 * SIM_SEC);
	add_node("web", SIM_NODE_APP);
	add_node("svc", SIM_NODE_APP);
	cfg.entry = WEB;
	b = &cfg.nodes[WEB].breaker;
	b->enabled = 1;
	b->window = SIM_WINDOW_COUNT;
	b->window_size = 10;
	b->min_calls = 5;
	b->failure_rate = 0.5;
	b->slow_rate = 1.0;
	b->slow_call = 60 * SIM_SEC;
	b->wait_open = 10 * SIM_SEC;
	b->half_open_calls = 3;
	b->max_wait_half_open = 0;
	page = add_route("page");
	add_step(page, SIM_STEP_CPU, SIM_MS);
	add_users("nobody", page, 0, SIM_SEC, WEB);
}

static int
brk_state(const struct sim *sim)
{
	return sim__breaker_state(&sim->nodes[WEB], SVC);
}

/* Asks web's breaker to let a call to svc through now: 0 if it may go, -1 if refused. */
static int
permit(struct sim *sim)
{
	return sim__breaker_permit(sim, &sim->nodes[WEB], SVC) ? 0 : -1;
}

/* The answer, now, of a call that took took; it counts in the breaker's state now. */
static void
answer(struct sim *sim, int failed, sim_time took)
{
	sim__breaker_answer(sim, &sim->nodes[WEB], SVC, failed, took);
}

/*
 * Makes n calls from web to svc one after another, each permitted, failing or not, each
 * answered took after it was let through (the clock moves on by took each time).
 */
static void
calls(struct sim *sim, int n, int failed, sim_time took)
{
	int i;

	for (i = 0; i < n; i++) {
		assert_int_equal(permit(sim), 0);
		if (took > 0)
			sim_run_until(sim, sim_now(sim) + took);
		answer(sim, failed, took);
	}
}

static void
at(struct sim *sim, sim_time t)
{
	sim_run_until(sim, t);
	assert_int_equal(sim_now(sim), t);
}

/* Opens web's breaker at 1 s with five failed calls; returns the run. */
static struct sim *
opened(void)
{
	struct sim *sim = start(1);

	at(sim, SIM_SEC);
	calls(sim, 5, 1, 0);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	return sim;
}

/*
 * With a window of 10 and at least 5 calls, five failures in a row open the breaker at
 * the fifth, not at the fourth (four calls are too few to judge, however bad). After five
 * successes, the fifth failure makes 5 of 10: at the 50% threshold, so it opens there.
 */
static void
test_components_breaker_opens_at_min_calls(void **state)
{
	const struct sim_log_entry *e;
	struct sim *sim;

	(void)state;
	breaker_config();
	sim = start(1);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	calls(sim, 4, 1, 0);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	assert_int_equal(count(sim, "breaker_opens"), 0);
	calls(sim, 1, 1, 0);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	assert_int_equal(count(sim, "breaker_opens"), 1);
	e = log_entry(sim, "CLOSED -> OPEN");
	assert_string_equal(e->message, "circuit breaker web -> svc: CLOSED -> OPEN "
	                    "(100% of 5 calls failed, 0% slow)");
	assert_int_equal(e->level, SIM_WARNING);
	assert_int_equal(e->node, WEB);
	sim_destroy(sim);

	sim = start(1);
	calls(sim, 5, 0, 0);
	calls(sim, 4, 1, 0);
	assert_int_equal(brk_state(sim), BRK_CLOSED);       /* 4 of 9 */
	calls(sim, 1, 1, 0);
	assert_int_equal(brk_state(sim), BRK_OPEN);         /* 5 of 10 */
	assert_non_null(strstr(log_entry(sim, "CLOSED -> OPEN")->message,
	                       "(50% of 10 calls failed, 0% slow)"));
	sim_destroy(sim);
}

/* The window slides: the oldest outcome leaves as a new one comes in. Ten successes, then
 * four failures: 4 of the last 10. A fifth failure: 5 of the last 10. */
static void
test_components_breaker_window_slides(void **state)
{
	struct sim *sim;

	(void)state;
	breaker_config();
	sim = start(1);
	calls(sim, 10, 0, 0);
	calls(sim, 4, 1, 0);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	calls(sim, 1, 1, 0);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	sim_destroy(sim);
}

/* A minimum above the window's size can never be met by a count window: it is capped at
 * the size, so ten failures open it and nine do not. */
static void
test_components_breaker_min_calls_capped(void **state)
{
	struct sim *sim;

	(void)state;
	breaker_config();
	cfg.nodes[WEB].breaker.min_calls = 100;
	sim = start(1);
	calls(sim, 9, 1, 0);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	calls(sim, 1, 1, 0);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	assert_non_null(strstr(log_entry(sim, "CLOSED -> OPEN")->message,
	                       "(100% of 10 calls failed, 0% slow)"));
	sim_destroy(sim);
}

/*
 * A time window of 10 s holds the calls of the current second and the nine before it. Four
 * failures at 1 s and one at 11 s less a microsecond are five in the window: open. At 11 s
 * the second of the first four has left the window: one call, too few; four more make
 * five. A time window's minimum is not capped by its size: with 20, the 20th call opens.
 */
static void
test_components_breaker_time_window(void **state)
{
	struct sim *sim;

	(void)state;
	breaker_config();
	cfg.nodes[WEB].breaker.window = SIM_WINDOW_TIME;
	sim = start(1);
	at(sim, SIM_SEC);
	calls(sim, 4, 1, 0);
	at(sim, 11 * SIM_SEC - 1);
	calls(sim, 1, 1, 0);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	sim_destroy(sim);

	sim = start(1);
	at(sim, SIM_SEC);
	calls(sim, 4, 1, 0);
	at(sim, 11 * SIM_SEC);
	calls(sim, 1, 1, 0);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	calls(sim, 3, 1, 0);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	calls(sim, 1, 1, 0);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	sim_destroy(sim);

	cfg.nodes[WEB].breaker.min_calls = 20;
	sim = start(1);
	calls(sim, 19, 1, 0);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	calls(sim, 1, 1, 0);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	sim_destroy(sim);
}

/* A call that takes longer than slow_call is slow, one that takes exactly slow_call is
 * not (resilience4j compares with >); slow calls open the breaker by slow_rate even when
 * none failed. */
static void
test_components_breaker_slow_calls(void **state)
{
	struct sim *sim;

	(void)state;
	breaker_config();
	cfg.nodes[WEB].breaker.slow_call = 2 * SIM_SEC;
	cfg.nodes[WEB].breaker.slow_rate = 0.5;
	sim = start(1);
	calls(sim, 10, 0, 2 * SIM_SEC);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	sim_destroy(sim);

	sim = start(1);
	calls(sim, 4, 0, 2 * SIM_SEC + 1);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	calls(sim, 1, 0, 2 * SIM_SEC + 1);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	assert_non_null(strstr(log_entry(sim, "CLOSED -> OPEN")->message,
	                       "(0% of 5 calls failed, 100% slow)"));
	sim_destroy(sim);
}

/*
 * OPEN refuses every call until the clock is past the end of wait_open (10 s) since it
 * opened: still at 11 s, the end itself. A microsecond later the next call attempt finds
 * it HALF_OPEN and goes through. Outcomes reported while OPEN change nothing.
 */
static void
test_components_breaker_open_waits(void **state)
{
	const struct sim_log_entry *e;
	struct sim *sim;

	(void)state;
	breaker_config();
	sim = opened();
	answer(sim, 0, 0);
	answer(sim, 0, 0);
	assert_int_equal(permit(sim), -1);
	at(sim, 11 * SIM_SEC);
	assert_int_equal(permit(sim), -1);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	assert_int_equal(log_find(sim, 0, "OPEN -> HALF_OPEN"), -1);
	at(sim, 11 * SIM_SEC + 1);
	assert_int_equal(permit(sim), 0);
	assert_int_equal(brk_state(sim), BRK_HALF_OPEN);
	e = log_entry(sim, "OPEN -> HALF_OPEN");
	assert_string_equal(e->message, "circuit breaker web -> svc: OPEN -> HALF_OPEN "
	                    "(wait in OPEN is over)");
	assert_int_equal(e->time, 11 * SIM_SEC + 1);
	assert_int_equal(e->level, SIM_INFO);
	sim_destroy(sim);
}

/*
 * HALF_OPEN lets exactly half_open_calls (3) trial calls through and refuses the rest
 * while they are out. Three successes close it with an empty window: the old failures
 * are forgotten, and it takes five new ones to open it again.
 */
static void
test_components_breaker_half_open_closes(void **state)
{
	struct sim *sim;
	int i;

	(void)state;
	breaker_config();
	sim = opened();
	at(sim, 11 * SIM_SEC + 1);
	for (i = 0; i < 3; i++)
		assert_int_equal(permit(sim), 0);
	assert_int_equal(permit(sim), -1);
	assert_int_equal(permit(sim), -1);
	for (i = 0; i < 2; i++) {
		answer(sim, 0, 0);
		assert_int_equal(brk_state(sim), BRK_HALF_OPEN);
	}
	answer(sim, 0, 0);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	assert_string_equal(log_entry(sim, "HALF_OPEN -> CLOSED")->message,
	                    "circuit breaker web -> svc: HALF_OPEN -> CLOSED "
	                    "(0 of 3 trial calls failed, 0 slow)");
	calls(sim, 4, 1, 0);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	calls(sim, 1, 1, 0);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	assert_int_equal(count(sim, "breaker_opens"), 2);
	sim_destroy(sim);
}

/* The trials alone decide, against the same threshold: with four trials, two failures
 * are 50% and open it again; one failure is 25% and closes it. */
static void
test_components_breaker_half_open_reopens(void **state)
{
	struct sim *sim;
	int fails;

	(void)state;
	for (fails = 1; fails <= 2; fails++) {
		int i;

		breaker_config();
		cfg.nodes[WEB].breaker.half_open_calls = 4;
		sim = opened();
		at(sim, 11 * SIM_SEC + 1);
		for (i = 0; i < 4; i++)
			assert_int_equal(permit(sim), 0);
		for (i = 0; i < 4; i++)
			answer(sim, i < fails, 0);
		if (fails == 1) {
			assert_int_equal(brk_state(sim), BRK_CLOSED);
			assert_int_equal(count(sim, "breaker_opens"), 1);
		} else {
			assert_int_equal(brk_state(sim), BRK_OPEN);
			assert_int_equal(count(sim, "breaker_opens"), 2);
			assert_string_equal(log_entry(sim, "HALF_OPEN -> OPEN")->message,
			                    "circuit breaker web -> svc: HALF_OPEN -> OPEN "
			                    "(2 of 4 trial calls failed, 0 slow)");
		}
		sim_destroy(sim);
	}
}

/*
 * max_wait_half_open (5 s): HALF_OPEN since 11 s + 1 us with one trial out, of two
 * allowed. At 16 s the second trial still goes. At 16 s + 1 us the breaker gives up on
 * its trials by itself, with no call asking: it is OPEN again from that moment, for a
 * full wait, so a call at 26 s + 1 us is refused and one a microsecond later goes. The
 * trials' answers, coming after the limit, find it OPEN and change nothing.
 */
static void
test_components_breaker_max_wait_half_open(void **state)
{
	const struct sim_log_entry *e;
	struct sim *sim;

	(void)state;
	breaker_config();
	cfg.nodes[WEB].breaker.half_open_calls = 2;
	cfg.nodes[WEB].breaker.max_wait_half_open = 5 * SIM_SEC;
	sim = opened();
	at(sim, 11 * SIM_SEC + 1);
	assert_int_equal(permit(sim), 0);
	at(sim, 16 * SIM_SEC);
	assert_int_equal(permit(sim), 0);
	assert_int_equal(brk_state(sim), BRK_HALF_OPEN);
	at(sim, 16 * SIM_SEC + 1);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	assert_int_equal(count(sim, "breaker_opens"), 2);
	e = log_entry(sim, "HALF_OPEN -> OPEN");
	assert_string_equal(e->message, "circuit breaker web -> svc: HALF_OPEN -> OPEN "
	                    "(trial calls took too long)");
	assert_int_equal(e->time, 16 * SIM_SEC + 1);
	answer(sim, 0, 0);
	answer(sim, 0, 0);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	at(sim, 26 * SIM_SEC + 1);
	assert_int_equal(permit(sim), -1);
	at(sim, 26 * SIM_SEC + 2);
	assert_int_equal(permit(sim), 0);
	assert_int_equal(brk_state(sim), BRK_HALF_OPEN);
	sim_destroy(sim);
}

/*
 * A HALF_OPEN that decided before its limit is not reopened when the limit's time comes:
 * two good trials close it at 11 s + 1 us, as it begins, and at 17 s, past its 5 s
 * limit, it is still CLOSED, opened once.
 */
static void
test_components_breaker_limit_after_decision(void **state)
{
	struct sim *sim;

	(void)state;
	breaker_config();
	cfg.nodes[WEB].breaker.half_open_calls = 2;
	cfg.nodes[WEB].breaker.max_wait_half_open = 5 * SIM_SEC;
	sim = opened();
	at(sim, 11 * SIM_SEC + 1);
	calls(sim, 2, 0, 0);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	at(sim, 17 * SIM_SEC);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	assert_int_equal(count(sim, "breaker_opens"), 1);
	assert_int_equal(log_count(sim, "took too long"), 0);
	sim_destroy(sim);
}

/*
 * An answer counts in the state the breaker is in when it comes, as in resilience4j. A
 * call let through at 0.5 s, while CLOSED, answers at 12 s, after the breaker opened (1 s)
 * and went HALF_OPEN (11 s + 1 us) with its one trial out: that answer is the outcome the
 * HALF_OPEN decides on, a success, so it closes. The trial's answer, a failure, then
 * lands in the new CLOSED window: with it, four more failures are five and open it.
 */
static void
test_components_breaker_counts_answers_in_current_state(void **state)
{
	struct sim *sim;

	(void)state;
	breaker_config();
	cfg.nodes[WEB].breaker.half_open_calls = 1;
	sim = start(1);
	at(sim, SIM_SEC / 2);
	assert_int_equal(permit(sim), 0);
	at(sim, SIM_SEC);
	calls(sim, 5, 1, 0);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	at(sim, 11 * SIM_SEC + 1);
	assert_int_equal(permit(sim), 0);
	at(sim, 12 * SIM_SEC);
	answer(sim, 0, 12 * SIM_SEC - SIM_SEC / 2);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	assert_string_equal(log_entry(sim, "HALF_OPEN -> CLOSED")->message,
	                    "circuit breaker web -> svc: HALF_OPEN -> CLOSED "
	                    "(0 of 1 trial calls failed, 0 slow)");
	answer(sim, 1, SIM_SEC);
	calls(sim, 3, 1, 0);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	calls(sim, 1, 1, 0);
	assert_int_equal(brk_state(sim), BRK_OPEN);
	assert_int_equal(count(sim, "breaker_opens"), 2);
	sim_destroy(sim);
}

/* ---- the circuit breaker, on calls ----------------------------------------------------- */

/* Requests sent from node from to node to since t = 0 (from -1: the clients). */
static long long
edge(const struct sim *sim, int from, int to)
{
	struct sim_snapshot snap;
	int i;

	sim_snapshot(sim, &snap);
	for (i = 0; i < snap.n_edges; i++)
		if (snap.edges[i].from == from && snap.edges[i].to == to)
			return (long long)snap.edges[i].requests;
	return 0;
}

/* The first line at or after from containing needle must have been written at t. */
static long
log_next_at(const struct sim *sim, long from, const char *needle, sim_time t)
{
	long i = log_find(sim, (size_t)from, needle);

	if (i < 0) {
		print_log(sim);
		print_error("no log line after %ld contains \"%s\"\n", from, needle);
		fail();
	}
	assert_int_equal(sim_log_get(sim, (size_t)i)->time, t);
	return i + 1;
}

/*
 * One user asks web for a page every 100 ms; the page calls svc (1 ms of CPU), optionally.
 * svc fails every request until 15 s. The first five calls fail (0.100 ... 0.504 s) and
 * the fifth answer opens the breaker at 0.505 s. Pages then fall back at once without a
 * call: 100 of them, the last at 10.505 s, the very end of the 10 s wait; the one at
 * 10.605 s finds it over. Its two trials fail (10.605 and 10.706 s), so OPEN again at
 * 10.707 s; 100 more refused, HALF_OPEN at 20.807 s, and now svc is healthy: two good
 * trials close it at 20.909 s. From there a page takes 101 ms and 40 more fit before
 * 25 s: 249 pages, 49 calls made.
 */
static void
test_components_breaker_on_calls(void **state)
{
	struct sim_route_cfg *page, *api;
	struct sim_step_cfg *call;
	struct sim *sim;
	long i = 0;

	(void)state;
	breaker_config();
	cfg.duration = 25 * SIM_SEC;
	cfg.nodes[WEB].breaker.half_open_calls = 2;
	cfg.n_routes = 0;
	cfg.n_workloads = 0;
	page = add_route("page");
	api = add_route("api");
	call = add_step(page, SIM_STEP_CALL, 0);
	call->node = SVC;
	call->route = route_index(api);
	call->optional = 1;
	add_step(api, SIM_STEP_CPU, SIM_MS);
	add_users("reader", page, 1, 100 * SIM_MS, WEB);
	add_fault(SIM_FAULT_ERRORS, SVC, 0, 15 * SIM_SEC)->value = 1.0;
	sim = run(1);

	i = log_next_at(sim, i, "web -> svc: CLOSED -> OPEN", 505 * SIM_MS);
	i = log_next_at(sim, i, "web -> svc: OPEN -> HALF_OPEN", 10605 * SIM_MS);
	i = log_next_at(sim, i, "web -> svc: HALF_OPEN -> OPEN", 10707 * SIM_MS);
	i = log_next_at(sim, i, "web -> svc: OPEN -> HALF_OPEN", 20807 * SIM_MS);
	log_next_at(sim, i, "web -> svc: HALF_OPEN -> CLOSED", 20909 * SIM_MS);
	assert_int_equal(brk_state(sim), BRK_CLOSED);
	assert_int_equal(count(sim, "breaker_opens"), 2);
	assert_int_equal(count(sim, "requests"), 249);
	assert_int_equal(count(sim, "completed"), 249);
	assert_int_equal(count(sim, "calls_not_permitted"), 200);
	assert_int_equal(edge(sim, WEB, SVC), 49);
	assert_int_equal(count(sim, "fallbacks"), 200 + 5 + 2);
	/* The first failed call is written; the rest are folded into a count a minute. */
	assert_int_equal(log_entry(sim, "failed (error)")->time, 101 * SIM_MS);
	assert_int_equal(log_count(sim, "call to api at svc failed"), 1);
	sim_destroy(sim);
}

/* ---- the gateway's token bucket ---------------------------------------------------------- */

enum { GW, GW_APP };

/* A gateway in front of one app; a page costs nothing, so every answer is instant. */
static struct sim_route_cfg *
gateway_config(double rate, int burst, enum sim_limit_scope scope, sim_time duration)
{
	struct sim_route_cfg *page;

	reset_config(duration);
	add_node("gw", SIM_NODE_GATEWAY);
	add_node("app", SIM_NODE_APP);
	cfg.nodes[GW].upstreams[cfg.nodes[GW].n_upstreams++] = GW_APP;
	cfg.nodes[GW].rate_limit = rate;
	cfg.nodes[GW].rate_burst = burst;
	cfg.nodes[GW].limit_scope = scope;
	cfg.entry = GW;
	page = add_route("page");
	add_step(page, SIM_STEP_CPU, 0);
	return page;
}

/*
 * nginx's limit_req with burst and nodelay: a bucket of burst + 1 = 5 tokens, refilled
 * at 2/s. Twenty users ask at the same instant, 1 s: 5 get through, 15 get a 429. All
 * ask again at 2 s, when one second has put 2 tokens back: 2 through, 18 refused.
 */
static void
test_components_gateway_burst(void **state)
{
	struct sim *sim;

	(void)state;
	add_users("crowd", gateway_config(2.0, 4, SIM_LIMIT_GLOBAL, 2500 * SIM_MS), 20,
	          SIM_SEC, GW);
	sim = run(1);
	assert_int_equal(count(sim, "requests"), 40);
	assert_int_equal(count(sim, "completed"), 7);
	assert_int_equal(count(sim, "rate_limited"), 33);
	assert_int_equal(count(sim, "failed"), 33);
	assert_int_equal(edge(sim, GW, GW_APP), 7);
	/* nginx's line for the first refusal: the bucket is empty, one over the burst of 4
	 * would make an excess of 5; the other 32 wait for the minute's count. */
	assert_string_equal(log_entry(sim, "limiting")->message, "gw: limiting requests, "
	                    "excess: 5.000 by zone \"global\" (429)");
	assert_int_equal(log_entry(sim, "limiting")->time, SIM_SEC);
	assert_int_equal(log_count(sim, "limiting"), 1);
	sim_destroy(sim);
}

/*
 * One token a user (burst 0) refilled at 0.5/s, twenty users asking once a second. Per
 * user, each user's own bucket lets every other request through: at 1 s and 3 s, not at
 * 2 s and 4 s, whatever the others do: 40 of 80 through. One bucket for all lets one
 * request through at 1 s and one at 3 s.
 */
static void
test_components_gateway_per_user(void **state)
{
	struct sim *sim;

	(void)state;
	add_users("crowd", gateway_config(0.5, 0, SIM_LIMIT_USER, 4500 * SIM_MS), 20,
	          SIM_SEC, GW);
	sim = run(1);
	assert_int_equal(count(sim, "requests"), 80);
	assert_int_equal(count(sim, "completed"), 40);
	assert_int_equal(count(sim, "rate_limited"), 40);
	sim_destroy(sim);

	add_users("crowd", gateway_config(0.5, 0, SIM_LIMIT_GLOBAL, 4500 * SIM_MS), 20,
	          SIM_SEC, GW);
	sim = run(1);
	assert_int_equal(count(sim, "requests"), 80);
	assert_int_equal(count(sim, "completed"), 2);
	assert_int_equal(count(sim, "rate_limited"), 78);
	sim_destroy(sim);
}

/*
 * A scraper and twenty people behind a per-user limit of 1/s with no burst. People ask
 * once a second and are never refused. The scraper asks every 62.5 ms: its bucket gains
 * 1/16 of a token each time, so it gets through at its 1st, 17th, 33rd, 49th and 65th
 * request of the 72 it sends by 4.5 s. The two workloads are different people, so the
 * scraper's bucket must not be any of theirs.
 */
static void
test_components_gateway_workloads_are_different_users(void **state)
{
	struct sim_route_cfg *search;
	struct sim *sim;

	(void)state;
	add_users("people", gateway_config(1.0, 0, SIM_LIMIT_USER, 4500 * SIM_MS), 20,
	          SIM_SEC, GW);
	search = add_route("search");
	add_step(search, SIM_STEP_CPU, 0);
	add_users("scraper", search, 1, 62500, GW);
	sim = run(1);
	assert_int_equal(count(sim, "page_requests"), 80);
	assert_int_equal(count(sim, "page_completed"), 80);
	assert_int_equal(count(sim, "search_requests"), 72);
	assert_int_equal(count(sim, "search_completed"), 5);
	assert_int_equal(count(sim, "rate_limited"), 67);
	sim_destroy(sim);
}

/*
 * An open workload without a population sends each request as a new user. Under a
 * per-user limit each of them finds its own full bucket, so none may be refused however
 * many come: 100 requests/s for 2 s against a limit of 1/s a user.
 */
static void
test_components_gateway_new_users_not_limited(void **state)
{
	struct sim_workload_cfg *w;
	struct sim *sim;

	(void)state;
	add_users("crowd", gateway_config(1.0, 0, SIM_LIMIT_USER, 3 * SIM_SEC), 0, SIM_SEC, GW);
	w = &cfg.workloads[0];
	w->kind = SIM_WORKLOAD_OPEN;
	w->level = (struct sim_curve){ SIM_CURVE_SPIKE, 0.0, 100.0, 0, 0, 2 * SIM_SEC };
	sim = run(1);
	assert_true(count(sim, "requests") > 100);
	assert_int_equal(count(sim, "rate_limited"), 0);
	assert_int_equal(count(sim, "completed"), count(sim, "requests"));
	sim_destroy(sim);
}

/*
 * The gateway checks each request's token before it forwards it: with a jwt_cost of
 * 200 us and an app that answers at once, every answer takes exactly 200 us; without it,
 * nothing.
 */
static void
test_components_gateway_jwt_cost(void **state)
{
	struct sim *sim;
	int cost;

	(void)state;
	for (cost = 0; cost <= 200; cost += 200) {
		add_users("one", gateway_config(0, 0, SIM_LIMIT_GLOBAL, 5500 * SIM_MS), 1,
		          SIM_SEC, GW);
		cfg.nodes[GW].jwt_cost = cost;
		sim = run(1);
		assert_int_equal(count(sim, "completed"), 5);
		assert_int_equal(micros(sim, "latency_max_ms"), cost);
		assert_int_equal(micros(sim, "latency_mean_ms"), cost);
		sim_destroy(sim);
	}
}

/*
 * A client that calls the service by its address: one user asks app directly once a
 * second (1, 2, ... 9 s). At 5.5 s app moves: the requests of 6 to 9 s are refused at
 * once, the first written at 6 s, the other three counted. Through the gateway nothing
 * would fail: it knows the new address.
 */
static void
test_components_direct_calls_after_a_move(void **state)
{
	struct sim_workload_cfg *w;
	struct sim *sim;

	(void)state;
	w = add_users("app_users", gateway_config(0, 0, SIM_LIMIT_GLOBAL, 9500 * SIM_MS), 1,
	              SIM_SEC, GW);
	add_fault(SIM_FAULT_MOVE, GW_APP, 5500 * SIM_MS, SIM_TIME_MAX);
	sim = run(1);
	assert_int_equal(count(sim, "requests"), 9);
	assert_int_equal(count(sim, "failed"), 0);
	sim_destroy(sim);

	w->direct = 1;
	w->targets[0].route = w->routes[0];
	w->targets[0].upstreams[0] = GW_APP;
	w->targets[0].n_upstreams = 1;
	w->n_targets = 1;
	sim = run(1);
	assert_int_equal(count(sim, "requests"), 9);
	assert_int_equal(count(sim, "completed"), 5);
	assert_int_equal(count(sim, "refused"), 4);
	assert_string_equal(log_entry(sim, "old address")->message, "app: connect() to its old "
	                    "address failed (111: Connection refused): clients still call it "
	                    "there");
	assert_int_equal(log_entry(sim, "old address")->time, 6 * SIM_SEC);
	assert_int_equal(log_count(sim, "old address"), 1);
	sim_destroy(sim);
}

/* ---- services and the monolith ------------------------------------------------------ */

/*
 * A user pays and another is notified, each asking a second after an answer, through a
 * gateway. In the monolith one app serves both; as services, pay_svc and notify_svc. The
 * process that serves notifications crashes at 4.5 s and is back at 7.5 s. Asked at 5 s,
 * a dead process answers nothing: the gateway gives up after its 1 s connect timeout, so
 * the user asks again at 7 s, fails again at 8 s, and is served at 9 s: 5 of 7. In the
 * monolith the buyer fares exactly the same; as services the buyer is served all 9 times.
 */
static void
test_components_monolith_falls_as_one(void **state)
{
	struct sim_route_cfg *pay, *notify;
	struct sim_node_cfg *gw;
	struct sim *sim;
	int services, a, b;

	(void)state;
	for (services = 0; services <= 1; services++) {
		reset_config(9500 * SIM_MS);
		gw = &cfg.nodes[add_node("gw", SIM_NODE_GATEWAY)];
		a = add_node(services ? "notify_svc" : "monolith", SIM_NODE_APP);
		b = services ? add_node("pay_svc", SIM_NODE_APP) : a;
		cfg.nodes[a].restart = cfg.nodes[b].restart = 3 * SIM_SEC;
		gw->connect_timeout = SIM_SEC;
		cfg.entry = 0;
		notify = add_route("notify");
		add_step(notify, SIM_STEP_CPU, 0);
		pay = add_route("pay");
		add_step(pay, SIM_STEP_CPU, 0);
		gw->route_map[0] = (struct sim_route_map){ route_index(notify), { a }, 1 };
		gw->route_map[1] = (struct sim_route_map){ route_index(pay), { b }, 1 };
		gw->n_route_map = 2;
		add_users("reader", notify, 1, SIM_SEC, 0);
		add_users("buyer", pay, 1, SIM_SEC, 0);
		add_fault(SIM_FAULT_CRASH, a, 4500 * SIM_MS, 0);
		sim = run(1);
		assert_int_equal(count(sim, "notify_requests"), 7);
		assert_int_equal(count(sim, "notify_completed"), 5);
		assert_int_equal(count(sim, "pay_requests"), services ? 9 : 7);
		assert_int_equal(count(sim, "pay_completed"), services ? 9 : 5);
		sim_destroy(sim);
	}
}

/* ---- the broker and its consumers ---------------------------------------------------- */

enum { BR_WEB, BR_KAFKA, BR_WORKER };

/*
 * One user posts on web: 300 ms of CPU, then a message to kafka (appending costs nothing
 * here), then 1 s of thought; messages go out at 1.3 s, 2.6 s, ... 1.3k s. worker takes
 * 10 ms of CPU for each. Returns the worker's consumer.
 */
static struct sim_consume_cfg *
broker_config(sim_time duration, sim_time think)
{
	struct sim_route_cfg *post, *notify;
	struct sim_step_cfg *pub;
	int topic;

	reset_config(duration);
	add_node("web", SIM_NODE_APP);
	add_node("kafka", SIM_NODE_BROKER);
	add_node("worker", SIM_NODE_APP);
	cfg.nodes[BR_KAFKA].publish_cost = 0;
	cfg.nodes[BR_WORKER].restart = 2 * SIM_SEC;
	cfg.entry = BR_WEB;
	topic = add_topic(BR_KAFKA, "posts");
	post = add_route("post");
	add_step(post, SIM_STEP_CPU, 300 * SIM_MS);
	pub = add_step(post, SIM_STEP_PUBLISH, 0);
	pub->node = BR_KAFKA;
	pub->topic = topic;
	snprintf(post->counts, sizeof post->counts, "posts");
	notify = add_route("notify");
	add_step(notify, SIM_STEP_CPU, 10 * SIM_MS);
	snprintf(notify->counts, sizeof notify->counts, "notified");
	add_users("poster", post, 1, think, BR_WEB);
	return add_consume(BR_WORKER, BR_KAFKA, topic, notify);
}

/*
 * At least once. Offsets are committed every 5 s; at 5 s three messages are done. The
 * worker processes four more (5.2 ... 9.1 s) and crashes at 9.5 s: it resumes from the
 * commit, so those four come again when it is back at 11.5 s. A consumer that is not
 * idempotent runs them twice; an idempotent one recognises and skips them. While it is
 * down the lag grows to 5 (messages 4 to 8, the last published at 10.4 s) at the 11 s
 * look. Committing after every message leaves nothing to redeliver and a lag of 1.
 */
static void
test_components_broker_at_least_once(void **state)
{
	struct sim_consume_cfg *cc;
	struct sim *sim;

	(void)state;
	broker_config(20 * SIM_SEC, SIM_SEC);
	add_fault(SIM_FAULT_CRASH, BR_WORKER, 9500 * SIM_MS, 0);
	sim = run(1);
	assert_int_equal(count(sim, "posts"), 15);
	assert_int_equal(count(sim, "messages_published"), 15);
	assert_int_equal(count(sim, "duplicates_processed"), 4);
	assert_int_equal(count(sim, "duplicates_absorbed"), 0);
	assert_int_equal(count(sim, "notified"), 19);
	assert_int_equal(count(sim, "consumer_lag_peak"), 5);
	assert_string_equal(log_entry(sim, "delivered again")->message, "worker: 4 posts "
	                    "messages processed since the last commit will be delivered again");
	assert_int_equal(log_entry(sim, "delivered again")->time, 9500 * SIM_MS);
	sim_destroy(sim);

	cc = broker_config(20 * SIM_SEC, SIM_SEC);
	cc->idempotent = 1;
	add_fault(SIM_FAULT_CRASH, BR_WORKER, 9500 * SIM_MS, 0);
	sim = run(1);
	assert_int_equal(count(sim, "duplicates_processed"), 0);
	assert_int_equal(count(sim, "duplicates_absorbed"), 4);
	assert_int_equal(count(sim, "notified"), 15);
	assert_int_equal(count(sim, "consumer_lag_peak"), 5);
	sim_destroy(sim);

	cc = broker_config(20 * SIM_SEC, SIM_SEC);
	cc->commit_interval = 0;
	add_fault(SIM_FAULT_CRASH, BR_WORKER, 9500 * SIM_MS, 0);
	sim = run(1);
	assert_int_equal(count(sim, "duplicates_processed"), 0);
	assert_int_equal(count(sim, "duplicates_absorbed"), 0);
	assert_int_equal(count(sim, "notified"), 15);
	assert_int_equal(count(sim, "consumer_lag_peak"), 1);
	assert_int_equal(log_count(sim, "delivered again"), 0);
	sim_destroy(sim);
}

/*
 * A consumer whose route always fails, with 3 retries and a 1 s backoff that doubles:
 * each message is tried at +10 ms, +1.02 s, +3.03 s and +7.04 s after it is published,
 * then parked in the dead letter queue, and a compensating message goes to posts_failed,
 * which a second app consumes. The poster thinks 10 s, so three posts (10.3, 20.6 and
 * 30.9 s) each finish their 7 s before the next, and all are parked by 40 s.
 */
static void
test_components_broker_retries_then_dlq(void **state)
{
	struct sim_route_cfg *undo;
	struct sim_consume_cfg *cc;
	const struct sim_log_entry *e;
	struct sim *sim;
	int failed, refunder;

	(void)state;
	cc = broker_config(40 * SIM_SEC, 10 * SIM_SEC);
	cfg.routes[cc->route].fail = 1.0;
	cc->retries = 3;
	failed = add_topic(BR_KAFKA, "posts_failed");
	cc->compensate = failed;
	refunder = add_node("refunder", SIM_NODE_APP);
	undo = add_route("undo");
	add_step(undo, SIM_STEP_CPU, SIM_MS);
	snprintf(undo->counts, sizeof undo->counts, "undone");
	add_consume(refunder, BR_KAFKA, failed, undo);
	sim = run(1);
	assert_int_equal(count(sim, "posts"), 3);
	assert_int_equal(count(sim, "dlq"), 3);
	assert_int_equal(count(sim, "consumer_retries"), 9);
	assert_int_equal(count(sim, "notified"), 0);
	assert_int_equal(count(sim, "undone"), 3);
	assert_int_equal(count(sim, "messages_published"), 6);
	e = log_entry(sim, "dead letter queue");
	assert_string_equal(e->message, "worker: a posts message failed 4 times and went to "
	                    "the dead letter queue (1 there now)");
	assert_int_equal(e->time, 17340 * SIM_MS);
	sim_destroy(sim);
}

enum { BR_WORKER2 = BR_WORKER + 1 };

/*
 * Two posters (users 0 and 1, so partitions 0 and 1 of a topic of two) publish at 1.3 s,
 * 2.6 s, ... on a web of two cores: 15 messages each by 20 s. worker and worker2 consume
 * the topic. As one group, notifications, the range assignor gives partition 0 to worker
 * and 1 to worker2: each processes its 15, 30 in all. As two groups (each app's own name)
 * both process every message: 60.
 */
static void
group_config(const char *group1, const char *group2)
{
	struct sim_consume_cfg *cc;

	cc = broker_config(20 * SIM_SEC, SIM_SEC);
	cfg.nodes[BR_WEB].cores = 2;
	cfg.workloads[0].level.base = 2;
	cfg.nodes[BR_KAFKA].topics[0].partitions = 2;
	add_node("worker2", SIM_NODE_APP);
	cfg.nodes[BR_WORKER2].restart = 2 * SIM_SEC;
	snprintf(cc->group, sizeof cc->group, "%s", group1);
	cc = add_consume(BR_WORKER2, BR_KAFKA, 0, &cfg.routes[cc->route]);
	snprintf(cc->group, sizeof cc->group, "%s", group2);
}

static void
test_components_broker_group_shares_partitions(void **state)
{
	struct sim *sim;

	(void)state;
	group_config("notifications", "notifications");
	sim = run(1);
	assert_int_equal(count(sim, "messages_published"), 30);
	assert_int_equal(count(sim, "notified"), 30);
	assert_int_equal(edge(sim, BR_KAFKA, BR_WORKER), 15);
	assert_int_equal(edge(sim, BR_KAFKA, BR_WORKER2), 15);
	assert_int_equal(log_count(sim, "consumer group"), 0);
	sim_destroy(sim);

	group_config("worker", "worker2");
	sim = run(1);
	assert_int_equal(count(sim, "notified"), 60);
	assert_int_equal(edge(sim, BR_KAFKA, BR_WORKER), 30);
	assert_int_equal(edge(sim, BR_KAFKA, BR_WORKER2), 30);
	sim_destroy(sim);
}

/*
 * worker2 dies at 9.5 s, after four messages of partition 1 past its commit at 5 s (5.2
 * to 9.1 s). The partition goes to worker at once, from that commit: worker processes
 * those four again (duplicates), then the one of 10.4 s. worker2 is back at 11.5 s and
 * takes partition 1 back where worker stands (worker commits what it gives up), so
 * nothing more is repeated: worker2 does 7 before and 7 after (11.7 to 19.5 s), worker
 * its own 15 and 5 of the other's; 34 notifications for 30 messages.
 */
static void
test_components_broker_group_rebalances(void **state)
{
	const struct sim_log_entry *e;
	struct sim *sim;

	(void)state;
	group_config("notifications", "notifications");
	add_fault(SIM_FAULT_CRASH, BR_WORKER2, 9500 * SIM_MS, 0);
	sim = run(1);
	assert_int_equal(count(sim, "messages_published"), 30);
	assert_int_equal(count(sim, "duplicates_processed"), 4);
	assert_int_equal(count(sim, "notified"), 34);
	assert_int_equal(edge(sim, BR_KAFKA, BR_WORKER), 20);
	assert_int_equal(edge(sim, BR_KAFKA, BR_WORKER2), 14);
	e = log_entry(sim, "consumer group");
	assert_string_equal(e->message, "consumer group notifications (posts): 1 of 2 members "
	                    "up, 2 partitions shared again");
	assert_int_equal(e->time, 9500 * SIM_MS);
	assert_int_equal(log_entry(sim, "2 of 2 members up")->time, 11500 * SIM_MS);
	assert_int_equal(log_count(sim, "consumer group"), 2);
	sim_destroy(sim);

	/* worker2 dies again at 12.5 s, after 11.7 s's message and before its next commit
	 * (15 s): partition 1 resumes at 11.5 s's handover, where worker had committed what it
	 * gave up, so only 11.7 s's comes twice (from its own commit at 10 s, 10.4 s's would
	 * too). worker does 11.7, 13.0 and 14.3 s's; worker2, back at 14.5 s, the last four. */
	group_config("notifications", "notifications");
	add_fault(SIM_FAULT_CRASH, BR_WORKER2, 9500 * SIM_MS, 0);
	add_fault(SIM_FAULT_CRASH, BR_WORKER2, 12500 * SIM_MS, 0);
	sim = run(1);
	assert_int_equal(count(sim, "duplicates_processed"), 5);
	assert_int_equal(count(sim, "notified"), 35);
	assert_int_equal(edge(sim, BR_KAFKA, BR_WORKER), 23);
	assert_int_equal(edge(sim, BR_KAFKA, BR_WORKER2), 12);
	assert_int_equal(log_count(sim, "consumer group"), 4);
	sim_destroy(sim);
}

/*
 * The window of ids a group remembers slides up behind its commits, and a redelivery below
 * the newest ids is still recognised. web posts for two users: a fast one (every 3 ms or
 * so, partition 0) and a slow one (every 300 ms, partition 1). worker and worker2 are one
 * group; worker takes partition 0 at 1 ms a message, worker2 partition 1 at a second a
 * message, so partition 1's commit falls far behind and holds the window's floor down
 * while partition 0 adds thousands of ids. worker2 dies at 8.5 s: what it processed since
 * its commit at 5 s goes to worker, whose window must still hold those old ids beside the
 * newest. An idempotent group absorbs every one of them; another processes each again.
 */
static void
window_config(int idempotent)
{
	struct sim_route_cfg *post, *slow;
	struct sim_consume_cfg *cc;

	cc = broker_config(12 * SIM_SEC, 2 * SIM_MS);
	cfg.routes[0].steps[0].cost = constant(SIM_MS);
	cfg.routes[cc->route].steps[0].cost = constant(SIM_MS);
	cfg.nodes[BR_WEB].cores = 2;
	cfg.nodes[BR_KAFKA].topics[0].partitions = 2;
	post = &cfg.routes[0];
	add_users("slow poster", post, 1, 300 * SIM_MS, BR_WEB);
	add_node("worker2", SIM_NODE_APP);
	slow = add_route("slow notify");
	add_step(slow, SIM_STEP_CPU, SIM_MS);
	add_step(slow, SIM_STEP_SLEEP, SIM_SEC);
	snprintf(cc->group, sizeof cc->group, "notifications");
	cc->idempotent = idempotent;
	cc = add_consume(BR_WORKER2, BR_KAFKA, 0, slow);
	snprintf(cc->group, sizeof cc->group, "notifications");
	cc->idempotent = idempotent;
	add_fault(SIM_FAULT_CRASH, BR_WORKER2, 8500 * SIM_MS, 0);
}

/* The number of messages app's crash delivers again, from the log line saying so. */
static long long
delivered_again(const struct sim *sim, const char *app)
{
	const char *line = log_entry(sim, "delivered again")->message;
	long long again = -1;

	assert_memory_equal(line, app, strlen(app));
	assert_int_equal(sscanf(line + strlen(app), ": %lld", &again), 1);
	return again;
}

static void
test_components_broker_window_keeps_old_ids(void **state)
{
	const struct sim_consumer *g;
	struct sim *sim;
	long long again;
	int idem;

	(void)state;
	for (idem = 0; idem <= 1; idem++) {
		window_config(idem);
		sim = run(1);
		g = &sim->nodes[BR_WORKER].cons[0];
		again = delivered_again(sim, "worker2");
		assert_true(again >= 2);
		assert_true(count(sim, "messages_published") > 4000);
		assert_true(edge(sim, BR_KAFKA, BR_WORKER2) >= 8);
		assert_int_equal(count(sim, "duplicates_absorbed"), idem ? again : 0);
		assert_int_equal(count(sim, "duplicates_processed"), idem ? 0 : again);
		/* the window grew past its first 1024 ids to reach back to partition 1 */
		assert_true(g->seen_words > 16);
		sim_destroy(sim);
	}
}

/*
 * Over a minute of 333 messages a second (20,000), committed every second, the window
 * slides and stays small: it spans the ids since the oldest commit, not every id ever
 * processed. A crash at 30.5 s delivers again the half second since the last commit, all
 * recognised.
 */
static void
test_components_broker_window_slides(void **state)
{
	const struct sim_consumer *g;
	struct sim_consume_cfg *cc;
	struct sim *sim;

	(void)state;
	cc = broker_config(60 * SIM_SEC, 2 * SIM_MS);
	cfg.routes[0].steps[0].cost = constant(SIM_MS);
	cfg.routes[cc->route].steps[0].cost = constant(SIM_MS);
	cc->idempotent = 1;
	cc->commit_interval = SIM_SEC;
	add_fault(SIM_FAULT_CRASH, BR_WORKER, 30500 * SIM_MS, 0);
	sim = run(1);
	g = &sim->nodes[BR_WORKER].cons[0];
	assert_true(count(sim, "messages_published") > 15000);
	assert_true(delivered_again(sim, "worker") > 50);
	assert_int_equal(count(sim, "duplicates_absorbed"), delivered_again(sim, "worker"));
	assert_int_equal(count(sim, "duplicates_processed"), 0);
	assert_true(g->seen_lo > 10000);
	assert_true(g->seen_words <= 64);
	sim_destroy(sim);
}

/* ---- caches -------------------------------------------------------------------------- */

/* A read of one key of space through store (-1: the app's local cache), then the query
 * that fetches it on a miss. */
static struct sim_route_cfg *
add_read(const char *name, const char *space, int store, sim_time ttl, sim_time query)
{
	struct sim_route_cfg *r = add_route(name);

	add_cache_step(r, space, 1, store, ttl);
	add_step(r, SIM_STEP_QUERY, query);
	return r;
}

enum { CA_APP, CA_DB };

/* An app with a local cache of bytes (each value is 1 byte) and a db of 8 cores. */
static void
cache_config(sim_time duration, uint64_t bytes)
{
	reset_config(duration);
	add_node("app", SIM_NODE_APP);
	add_node("db", SIM_NODE_DB);
	cfg.nodes[CA_APP].local_cache = bytes;
	cfg.nodes[CA_APP].db = CA_DB;
	cfg.nodes[CA_DB].cores = 8;
	cfg.entry = CA_APP;
}

/*
 * A key set at 10 s with a ttl of 10 s has expired when it is read at 20 s: every read,
 * ten seconds apart, is a miss. With a ttl one microsecond longer the read at 20 s hits,
 * and the one at 30 s misses again (a hit does not make a key live longer).
 */
static void
test_components_cache_ttl(void **state)
{
	struct sim *sim;

	(void)state;
	cache_config(35 * SIM_SEC, 100);
	add_users("reader", add_read("read", "k", -1, 10 * SIM_SEC, 0), 1, 10 * SIM_SEC,
	          CA_APP);
	sim = run(1);
	assert_int_equal(count(sim, "requests"), 3);
	assert_int_equal(count(sim, "db_queries"), 3);
	assert_true(metric(sim, "cache_hit_ratio") == 0.0);
	sim_destroy(sim);

	cache_config(35 * SIM_SEC, 100);
	add_users("reader", add_read("read", "k", -1, 10 * SIM_SEC + 1, 0), 1, 10 * SIM_SEC,
	          CA_APP);
	sim = run(1);
	assert_int_equal(count(sim, "requests"), 3);
	assert_int_equal(count(sim, "db_queries"), 2);
	assert_true(metric(sim, "cache_hit_ratio") == 1.0 / 3.0);
	sim_destroy(sim);
}

/*
 * The snapshot's hit ratio is the last monitor interval's, not the run's. With the reads
 * of the ttl test above (a miss at 10 s, a hit at 20 s, a miss at 30 s), the tick at 20 s,
 * which comes after the read scheduled before it, closes an interval that read 1; the
 * next interval had no lookup (-1); the one closed at 30 s read 0, though the run's ratio
 * is then a third.
 */
static void
test_components_cache_hit_ratio_interval(void **state)
{
	struct sim_snapshot snap;
	struct sim *sim;

	(void)state;
	cache_config(35 * SIM_SEC, 100);
	add_users("reader", add_read("read", "k", -1, 10 * SIM_SEC + 1, 0), 1, 10 * SIM_SEC,
	          CA_APP);
	sim = start(1);
	sim_run_until(sim, 20 * SIM_SEC);
	sim_snapshot(sim, &snap);
	assert_true(snap.hit_ratio == 1.0);
	sim_run_until(sim, 21 * SIM_SEC);
	sim_snapshot(sim, &snap);
	assert_true(snap.hit_ratio == -1.0);
	sim_run_until(sim, 30 * SIM_SEC);
	sim_snapshot(sim, &snap);
	assert_true(snap.hit_ratio == 0.0);
	assert_true(metric(sim, "cache_hit_ratio") == 1.0 / 3.0);
	sim_destroy(sim);
}

/*
 * A local cache of 3 bytes holds three 1-byte values. Keys a, b and c are read at 10, 11
 * and 12 s; a again at 20 s (a hit, so b is now the least recently used). d at 21 s
 * evicts b, not a, the oldest set: b misses at 22 s, and evicts c in turn. One hit, five
 * misses, two evictions; a cache that evicted the oldest set would have hit b at 22 s.
 */
static void
test_components_cache_lru(void **state)
{
	static const char *const names[] = { "a", "b", "c", "d" };
	static const sim_time thinks[] = { 10, 11, 12, 21 };
	struct sim *sim;
	int k;

	(void)state;
	cache_config(23 * SIM_SEC, 3);
	for (k = 0; k < 4; k++)
		add_users(names[k], add_read(names[k], names[k], -1, 3600 * SIM_SEC, 0), 1,
		          thinks[k] * SIM_SEC, CA_APP);
	sim = run(1);
	assert_int_equal(count(sim, "requests"), 6);
	assert_int_equal(count(sim, "db_queries"), 5);
	assert_int_equal(count(sim, "cache_evictions"), 2);
	assert_true(metric(sim, "cache_hit_ratio") == 1.0 / 6.0);
	assert_int_equal(count(sim, "a_completed"), 2);
	sim_destroy(sim);
}

enum { ST_APP1, ST_APP2, ST_REDIS, ST_DB };

/*
 * Two apps with local caches, a shared Redis, one key: app1 and app2 read it through
 * their own caches every 10 and 11 s, a third user through Redis every 12 s, and a
 * writer on app1 writes it every 15 s, all from their first period on.
 */
static void
stale_config(sim_time duration)
{
	struct sim_route_cfg *local, *shared, *write;
	struct sim_step_cfg *w;

	reset_config(duration);
	add_node("app1", SIM_NODE_APP);
	add_node("app2", SIM_NODE_APP);
	add_node("redis", SIM_NODE_CACHE);
	add_node("db", SIM_NODE_DB);
	cfg.nodes[ST_APP1].local_cache = cfg.nodes[ST_APP2].local_cache = 100;
	cfg.nodes[ST_APP1].db = cfg.nodes[ST_APP2].db = ST_DB;
	cfg.nodes[ST_DB].cores = 8;
	cfg.entry = ST_APP1;
	local = add_read("local", "p", -1, 3600 * SIM_SEC, 0);
	shared = add_read("shared", "p", ST_REDIS, 3600 * SIM_SEC, 0);
	write = add_route("write");
	w = add_step(write, SIM_STEP_WRITE, 0);
	snprintf(w->space, sizeof w->space, "p");
	w->keys = 1;
	add_users("one", local, 1, 10 * SIM_SEC, ST_APP1);
	add_users("two", local, 1, 11 * SIM_SEC, ST_APP2);
	add_users("writer", write, 1, 15 * SIM_SEC, ST_APP1);
	add_users("three", shared, 1, 12 * SIM_SEC, ST_APP2);
}

/*
 * app1 and app2 cache the key at 10 and 11 s, Redis at 12 s. app1 writes it at 15 s: the
 * db's version moves on, Redis and app1's own cache drop it, app2's cannot know. app1
 * misses at 20 s and reads the new value; app2 hits at 22 s and serves the old one (a
 * stale read); Redis misses at 24 s.
 */
static void
test_components_cache_write_invalidates(void **state)
{
	struct sim *sim;

	(void)state;
	stale_config(25 * SIM_SEC);
	sim = run(1);
	assert_int_equal(count(sim, "requests"), 7);
	assert_int_equal(count(sim, "stale_reads"), 1);
	assert_true(metric(sim, "cache_hit_ratio") == 1.0 / 6.0);
	assert_int_equal(count(sim, "db_queries"), 6);
	assert_int_equal(count(sim, "cache_ops"), 4);      /* a get and a set, twice */
	sim_destroy(sim);
}

/*
 * The log sums stale reads up every 30 s: the one of 22 s above is told at the tick of
 * 30 s, in the singular, and nothing is told before it.
 */
static void
test_components_cache_stale_told(void **state)
{
	const struct sim_log_entry *e;
	struct sim *sim;

	(void)state;
	stale_config(31 * SIM_SEC);
	sim = run(1);
	assert_int_equal(count(sim, "stale_reads"), 1);
	e = log_entry(sim, "stale read");
	assert_string_equal(e->message, "1 stale read: a server's own cache served a value "
	                    "another server had changed");
	assert_int_equal(e->time, 30 * SIM_SEC);
	assert_int_equal(log_count(sim, "stale read"), 1);
	sim_destroy(sim);
}

/*
 * Five users read the same cold key at the same instant, 10 s, and its query takes 1 s:
 * the first miss goes to the db, and so do the four that come while it is on its way (a
 * stampede). At 21 s all five hit.
 */
static void
test_components_cache_stampede(void **state)
{
	struct sim *sim;

	(void)state;
	cache_config(25 * SIM_SEC, 100);
	add_users("crowd", add_read("read", "k", -1, 3600 * SIM_SEC, SIM_SEC), 5, 10 * SIM_SEC,
	          CA_APP);
	sim = run(1);
	assert_int_equal(count(sim, "requests"), 10);
	assert_int_equal(count(sim, "cache_stampede_misses"), 4);
	assert_int_equal(count(sim, "db_queries"), 5);
	assert_true(metric(sim, "cache_hit_ratio") == 0.5);
	sim_destroy(sim);
}

/*
 * Twelve users read one cold key at 10 s: eleven come while the first fill is on its way,
 * and the tick of 30 s tells of a stampede. The five of the test above, four misses, are
 * the ordinary overlap of a busy key: no line.
 */
static void
test_components_cache_stampede_told(void **state)
{
	const struct sim_log_entry *e;
	struct sim *sim;

	(void)state;
	cache_config(31 * SIM_SEC, 100);
	add_users("crowd", add_read("read", "k", -1, 3600 * SIM_SEC, SIM_SEC), 12,
	          10 * SIM_SEC, CA_APP);
	sim = run(1);
	assert_int_equal(count(sim, "cache_stampede_misses"), 11);
	e = log_entry(sim, "stampede");
	assert_string_equal(e->message, "11 readers missed a key already being fetched: an "
	                    "expired hot key sent them all to the database (stampede)");
	assert_int_equal(e->time, 30 * SIM_SEC);
	assert_int_equal(log_count(sim, "stampede"), 1);
	sim_destroy(sim);

	cache_config(31 * SIM_SEC, 100);
	add_users("crowd", add_read("read", "k", -1, 3600 * SIM_SEC, SIM_SEC), 5,
	          10 * SIM_SEC, CA_APP);
	sim = run(1);
	assert_int_equal(count(sim, "cache_stampede_misses"), 4);
	assert_int_equal(log_count(sim, "stampede"), 0);
	sim_destroy(sim);
}

/* ---- the payment ledger ------------------------------------------------------------- */

enum { PAY_SHOP, PAY_DB, PAY_POSTER };

/* shop and poster share a db; users buy once at 4 s and the run ends at 7 s. */
static struct sim_route_cfg *
payment_config(void)
{
	struct sim_route_cfg *pay;

	reset_config(7 * SIM_SEC);
	add_node("shop", SIM_NODE_APP);
	add_node("db", SIM_NODE_DB);
	add_node("poster", SIM_NODE_APP);
	cfg.nodes[PAY_SHOP].db = cfg.nodes[PAY_POSTER].db = PAY_DB;
	cfg.nodes[PAY_DB].cores = 8;
	cfg.entry = PAY_SHOP;
	pay = add_route("pay");
	add_step(pay, SIM_STEP_CHARGE, 10 * SIM_MS);
	return pay;
}

/*
 * A purchase whose route fails after charging (at 4.01 s) is sent again after 1 s. Without
 * an idempotency key the retry charges the card a second time: two charges, one of them
 * double. With the key, the retry finds the order charged and replays the result.
 */
static void
test_components_saga_double_charge(void **state)
{
	struct sim_workload_cfg *w;
	struct sim *sim;
	int idem;

	(void)state;
	for (idem = 0; idem <= 1; idem++) {
		struct sim_route_cfg *pay = payment_config();

		pay->fail = 1.0;
		w = add_users("buyer", pay, 1, 4 * SIM_SEC, PAY_SHOP);
		w->retries = 1;
		w->retry_backoff = SIM_SEC;
		w->idempotency = idem;
		sim = run(1);
		assert_int_equal(count(sim, "requests"), 1);
		assert_int_equal(count(sim, "retries"), 1);
		assert_int_equal(count(sim, "failed"), 1);
		assert_int_equal(count(sim, "charged_without_post"), 1);
		assert_int_equal(count(sim, "support_tickets"), 1);
		assert_int_equal(count(sim, "charges"), idem ? 1 : 2);
		assert_int_equal(count(sim, "double_charges"), idem ? 0 : 1);
		assert_int_equal(count(sim, "idempotent_replays"), idem ? 1 : 0);
		sim_destroy(sim);
	}
}

/*
 * The key returns the first result, not just the charge: a gateway gives up on the first
 * attempt at 5 s while it sleeps after charging (4.01 s); the buyer tries again at 6 s.
 * With the key the retry finds the purchase done and answers at once, and only the first
 * attempt's message goes out (at 6.01 s). Without it the retry charges again and sends
 * its own message (8.01 s), and the gateway gives up on it too.
 */
static void
test_components_saga_replay_skips_the_rest(void **state)
{
	struct sim_route_cfg *pay;
	struct sim_step_cfg *pub;
	struct sim_workload_cfg *w;
	struct sim *sim;
	int idem, gw, kafka;

	(void)state;
	for (idem = 0; idem <= 1; idem++) {
		pay = payment_config();
		cfg.duration = 9 * SIM_SEC;
		gw = add_node("gw", SIM_NODE_GATEWAY);
		cfg.nodes[gw].upstreams[cfg.nodes[gw].n_upstreams++] = PAY_SHOP;
		cfg.nodes[gw].timeout = SIM_SEC;
		kafka = add_node("kafka", SIM_NODE_BROKER);
		cfg.nodes[kafka].publish_cost = 0;
		cfg.entry = gw;
		add_step(pay, SIM_STEP_SLEEP, 2 * SIM_SEC);
		pub = add_step(pay, SIM_STEP_PUBLISH, 0);
		pub->node = kafka;
		pub->topic = add_topic(kafka, "payment.charged");
		w = add_users("buyer", pay, 1, 4 * SIM_SEC, gw);
		w->retries = 1;
		w->retry_backoff = SIM_SEC;
		w->idempotency = idem;
		sim = run(1);
		assert_int_equal(count(sim, "requests"), 1);
		assert_int_equal(count(sim, "retries"), 1);
		assert_int_equal(count(sim, "completed"), idem ? 1 : 0);
		assert_int_equal(count(sim, "charges"), idem ? 1 : 2);
		assert_int_equal(count(sim, "double_charges"), idem ? 0 : 1);
		assert_int_equal(count(sim, "idempotent_replays"), idem ? 1 : 0);
		assert_int_equal(count(sim, "messages_published"), idem ? 1 : 2);
		sim_destroy(sim);
	}
}

/*
 * Three buyers at 4 s: each is charged, then shop calls poster to create the post. With
 * poster up, three posts. With poster down, the call is refused after the charge: three
 * orders charged without a post, three buyers told it failed (support tickets). When the
 * call is optional and followed by a refund, every order is refunded and nobody is owed.
 */
static void
test_components_saga_charged_without_post(void **state)
{
	struct sim_route_cfg *pay, *mk;
	struct sim_step_cfg *call;
	struct sim *sim;
	int variant;

	(void)state;
	for (variant = 0; variant < 3; variant++) {
		pay = payment_config();
		mk = add_route("mk");
		add_step(mk, SIM_STEP_POST, 10 * SIM_MS);
		call = add_step(pay, SIM_STEP_CALL, 0);
		call->node = PAY_POSTER;
		call->route = route_index(mk);
		if (variant > 0)
			add_fault(SIM_FAULT_DOWN, PAY_POSTER, 0, 3600 * SIM_SEC);
		if (variant == 2) {
			call->optional = 1;
			add_step(pay, SIM_STEP_REFUND, 10 * SIM_MS);
		}
		add_users("buyers", pay, 3, 4 * SIM_SEC, PAY_SHOP);
		sim = run(1);
		assert_int_equal(count(sim, "requests"), 3);
		assert_int_equal(count(sim, "charges"), 3);
		assert_int_equal(count(sim, "posts_created"), variant == 0 ? 3 : 0);
		assert_int_equal(count(sim, "refunds"), variant == 2 ? 3 : 0);
		assert_int_equal(count(sim, "charged_without_post"), variant == 1 ? 3 : 0);
		assert_int_equal(count(sim, "support_tickets"), variant == 1 ? 3 : 0);
		assert_int_equal(count(sim, "failed"), variant == 1 ? 3 : 0);
		sim_destroy(sim);
	}
}

/* A run of payment_config() that is never started: the tests below drive the ledger. */
static struct sim *
ledger_sim(void)
{
	add_users("buyer", payment_config(), 1, SIM_SEC, PAY_SHOP);
	return start(1);
}

/*
 * The ledger keeps the recent orders in a ring (1024 at first) and, when it is full,
 * settles every order nothing names any more. Orders 0 to 1023 are opened, every third
 * charged and every sixth posted: 171 charged without post. No request holds any of them,
 * so the next purchase settles all 1024 and the ring does not grow; the count stays. Then
 * a request holds order 1025, charged: 4096 purchases later the ring has doubled rather
 * than settle it, and its post still counts. Once the request is gone, it settles too, and
 * the ring has stopped growing.
 */
static void
test_components_ledger_settles_out_of_the_ring(void **state)
{
	const struct sim_ledger *l;
	struct sim *sim;
	uint32_t o, r, held, cap;

	(void)state;
	sim = ledger_sim();
	l = &sim->ledger;
	for (o = 0; o < 1024; o++) {
		assert_int_equal(sim__story_open(sim), o);
		if (o % 3 == 0)
			sim__story_charge(sim, o);
		if (o % 6 == 0)
			sim__story_post(sim, o);
	}
	assert_int_equal(sim__story_unfulfilled(sim), 171);
	assert_int_equal(sim__story_open(sim), 1024);
	assert_int_equal(l->cap, 1024);
	assert_int_equal(l->base, 1024);
	assert_int_equal(l->settled, 1024);
	assert_int_equal(l->settled_unfulfilled, 171);
	assert_int_equal(sim__story_unfulfilled(sim), 171);
	assert_int_equal(sim__story_recount(sim), 171);

	r = sim__req_alloc(sim);
	held = sim->reqs[r].order = sim__story_open(sim);
	sim__story_charge(sim, held);
	for (o = 0; o < 4096; o++)
		sim__story_open(sim);
	assert_int_equal(l->base, held);
	assert_int_equal(l->cap, 8192);
	assert_true(sim__story_charged(sim, held));
	assert_int_equal(sim__story_unfulfilled(sim), 172);
	sim__story_post(sim, held);
	assert_int_equal(sim__story_unfulfilled(sim), 171);
	sim__story_charge(sim, held);
	assert_int_equal(count(sim, "double_charges"), 1);

	sim__req_free(sim, r);
	cap = l->cap;
	for (o = 0; o < 10 * cap; o++)
		sim__story_open(sim);
	assert_true(l->base > held);
	assert_int_equal(l->cap, cap);
	assert_int_equal(l->settled, l->base);
	assert_int_equal(sim__story_unfulfilled(sim), 171);
	assert_int_equal(sim__story_recount(sim), 171);
	sim_destroy(sim);
}

/*
 * Orders that outbox rows and messages still name are kept however many purchases come
 * after them. Twenty buyers each charge (1 ms at the db) and write an outbox row about
 * every 50 ms; shop's relay publishes the rows every 3 s, and poster, which consumes them
 * and creates each post, is down from 2 s to 8 s. Over a thousand orders wait in the
 * outbox at each relay, and thousands in the topic while poster is down: more than the
 * ring's first 1024, so it grows to keep them, and every post counts against its order.
 * What is charged without post at the end is then exactly what is not posted yet.
 */
static void
test_components_ledger_keeps_what_messages_name(void **state)
{
	struct sim_route_cfg *pay, *mk;
	struct sim_consume_cfg *cc;
	struct sim_step_cfg *ob;
	struct sim *sim;
	int kafka;

	(void)state;
	pay = payment_config();
	cfg.duration = 12 * SIM_SEC;
	pay->steps[0].cost = constant(SIM_MS);
	kafka = add_node("kafka", SIM_NODE_BROKER);
	cfg.nodes[kafka].publish_cost = 0;
	ob = add_step(pay, SIM_STEP_OUTBOX, 0);
	ob->node = kafka;
	ob->topic = add_topic(kafka, "paid");
	cfg.nodes[PAY_SHOP].outbox_relay = 1;
	cfg.nodes[PAY_SHOP].relay_interval = 3 * SIM_SEC;
	mk = add_route("mk");
	add_step(mk, SIM_STEP_POST, SIM_MS);
	cc = add_consume(PAY_POSTER, kafka, ob->topic, mk);
	cc->idempotent = 1;
	cfg.nodes[PAY_POSTER].restart = SIM_SEC;
	add_fault(SIM_FAULT_DOWN, PAY_POSTER, 2 * SIM_SEC, 6 * SIM_SEC);
	add_users("buyers", pay, 20, 50 * SIM_MS, PAY_SHOP);
	sim = run(1);
	assert_true(count(sim, "charges") > 3000);
	assert_int_equal(count(sim, "double_charges"), 0);
	assert_int_equal(count(sim, "charged_without_post"),
	                 count(sim, "charges") - count(sim, "posts_created"));
	assert_true(count(sim, "charged_without_post") < count(sim, "charges") / 2);
	assert_true(sim->ledger.cap > 1024);
	assert_true(sim->ledger.settled > 0);
	assert_int_equal(sim__story_recount(sim), sim__story_unfulfilled(sim));
	sim_destroy(sim);
}

/* A small generator for the model test below (xorshift64). */
static uint32_t
draw(uint64_t *x, uint32_t n)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (uint32_t)(*x % n);
}

enum { MODEL_HOLDERS = 64, MODEL_STEPS = 100000 };

/* What the ledger says of one order, the naive way: 1 charged, 2 posted, 4 refunded, 8
 * ticket, as story.c's bits but kept for every order of the run. */
struct model {
	uint8_t *orders;
	uint32_t n;
	uint64_t double_charges;
	uint64_t refunds;
	uint64_t tickets;
};

static uint64_t
model_unfulfilled(const struct model *m)
{
	uint64_t n = 0;
	uint32_t o;

	for (o = 0; o < m->n; o++)
		n += (m->orders[o] & 7) == 1;
	return n;
}

/* Applies change c (0 charge, 1 post, 2 refund, 3 failure) to order o, in the run and in
 * the model. */
static void
model_step(struct sim *sim, struct model *m, uint32_t o, uint32_t c)
{
	uint8_t *s = &m->orders[o];

	if (c == 0) {
		sim__story_charge(sim, o);
		m->double_charges += (*s & 1) != 0;
		*s |= 1;
	} else if (c == 1) {
		sim__story_post(sim, o);
		*s |= 2;
	} else if (c == 2) {
		sim__story_refund(sim, o);
		m->refunds += (*s & 4) == 0;
		*s |= 4;
	} else {
		sim__story_failed(sim, o);
		m->tickets += (*s & 15) == 1;
		*s |= (*s & 15) == 1 ? 8 : 0;
	}
}

/*
 * Lets holder h's request go for a fresh one, which holds a new order or, one time in
 * four, like a call made for a purchase, the order of another holder.
 */
static void
model_swap(struct sim *sim, struct model *m, uint32_t *holder, uint32_t h, uint64_t *x)
{
	uint32_t other = sim->reqs[holder[draw(x, MODEL_HOLDERS)]].order;

	sim__req_free(sim, holder[h]);
	holder[h] = sim__req_alloc(sim);
	if (draw(x, 4) == 0) {
		sim->reqs[holder[h]].order = other;
		return;
	}
	sim->reqs[holder[h]].order = sim__story_open(sim);
	assert_int_equal(sim->reqs[holder[h]].order, m->n);
	m->n++;
}

/*
 * The count of charged without post, kept at each change, against a model that keeps
 * every order of the run and counts them all. 64 requests each hold an order; at each
 * step one of them has its order charged, posted, refunded or failed, or is let go
 * (model_swap()). The first holder lets go fifty times less often than the others, so
 * orders leave the ring out of the order of their numbers, and the ring settles, slides
 * and grows. Every thousand steps the model and the ledger count in full, and agree with
 * the count kept; so do the double charges, refunds and tickets.
 */
static void
test_components_ledger_count_matches_recount(void **state)
{
	struct model m = { 0 };
	uint32_t holder[MODEL_HOLDERS], h, step, cap_peak = 0;
	uint64_t x = 0x9e3779b97f4a7c15ull, want;
	struct sim *sim;

	(void)state;
	sim = ledger_sim();
	m.orders = calloc(MODEL_STEPS + MODEL_HOLDERS, 1);
	assert_non_null(m.orders);
	for (h = 0; h < MODEL_HOLDERS; h++) {
		holder[h] = sim__req_alloc(sim);
		sim->reqs[holder[h]].order = sim__story_open(sim);
		m.n++;
	}
	for (step = 1; step <= MODEL_STEPS; step++) {
		uint32_t c = draw(&x, 10);

		h = draw(&x, MODEL_HOLDERS);
		if (c < 6)
			model_step(sim, &m, sim->reqs[holder[h]].order, c % 4);
		else if (h != 0 || draw(&x, 50) == 0)
			model_swap(sim, &m, holder, h, &x);
		cap_peak = sim->ledger.cap > cap_peak ? sim->ledger.cap : cap_peak;
		if (step % 1000 != 0)
			continue;
		want = model_unfulfilled(&m);
		assert_int_equal(sim__story_unfulfilled(sim), want);
		assert_int_equal(sim__story_recount(sim), want);
	}
	assert_int_equal(count(sim, "double_charges"), m.double_charges);
	assert_int_equal(count(sim, "refunds"), m.refunds);
	assert_int_equal(count(sim, "support_tickets"), m.tickets);
	assert_true(cap_peak > 1024);
	assert_true(sim->ledger.settled > m.n / 2);
	for (h = 0; h < MODEL_HOLDERS; h++)
		sim__req_free(sim, holder[h]);
	free(m.orders);
	sim_destroy(sim);
}

/* ---- the outbox relay ------------------------------------------------------------------ */

/*
 * shop writes an outbox row with each purchase (at 1.01, 2.02, 3.03, 4.04, 5.05 s) and
 * its relay publishes the rows every 100 ms. shop crashes at 5.06 s, before the relay's
 * 5.1 s round, and is back at 7.06 s: the fifth row waits in the table, unpublished,
 * until the relay's first round after the restart, at 7.1 s. The live view's arrow from
 * shop to kafka counts the five.
 */
static void
test_components_outbox_relay(void **state)
{
	struct sim_route_cfg *buy;
	struct sim_step_cfg *ob;
	struct sim *sim;
	int shop, kafka;

	(void)state;
	reset_config(10 * SIM_SEC);
	shop = add_node("shop", SIM_NODE_APP);
	kafka = add_node("kafka", SIM_NODE_BROKER);
	cfg.nodes[shop].outbox_relay = 1;
	cfg.nodes[shop].relay_interval = 100 * SIM_MS;
	cfg.nodes[shop].restart = 2 * SIM_SEC;
	cfg.entry = shop;
	buy = add_route("buy");
	add_step(buy, SIM_STEP_CPU, 10 * SIM_MS);
	ob = add_step(buy, SIM_STEP_OUTBOX, 0);
	ob->node = kafka;
	ob->topic = add_topic(kafka, "paid");
	add_users("buyer", buy, 1, SIM_SEC, shop);
	add_fault(SIM_FAULT_CRASH, shop, 5060 * SIM_MS, 0);
	sim = start(1);
	at(sim, 5050 * SIM_MS);
	assert_int_equal(count(sim, "messages_published"), 4);
	at(sim, 7099 * SIM_MS);
	assert_int_equal(count(sim, "messages_published"), 4);
	at(sim, 7100 * SIM_MS);
	assert_int_equal(count(sim, "messages_published"), 5);
	/* each relayed row is a message from shop into kafka, on that edge's count */
	assert_int_equal(edge(sim, shop, kafka), 5);
	sim_destroy(sim);
}

/* ---- indexed queries ------------------------------------------------------------------ */

/* A route of one query of table by column; its index in the config. */
static struct sim_route_cfg *
add_query(const char *name, const char *table, const char *by)
{
	struct sim_route_cfg *r = add_route(name);
	struct sim_step_cfg *q = add_step(r, SIM_STEP_QUERY, 0);

	snprintf(q->table, sizeof q->table, "%s", table);
	snprintf(q->by, sizeof q->by, "%s", by);
	return r;
}

static void
add_table(int db, const char *name, uint64_t rows, const char *index)
{
	struct sim_table_cfg *t = &cfg.nodes[db].tables[cfg.nodes[db].n_tables++];

	snprintf(t->name, sizeof t->name, "%s", name);
	t->rows = rows;
	snprintf(t->indexes[0], SIM_NAME_MAX, "%s", index);
	t->n_indexes = 1;
}

/*
 * A lookup by an indexed column costs ceil(log2(rows + 1)) levels of 20 us: 10 levels for
 * 1,023 rows, 11 for 1,024, 20 for a million. A query by another column reads every row
 * at 2,500,000 rows/s: 400 ms for a million. One user a route, thinking 1 s: a query of
 * under a millisecond leaves room for 9 requests in 10 s, the scan for 7. The first scan
 * (at 1 s) is logged, once.
 */
static void
test_components_db_indexes(void **state)
{
	static const char *const routes[] = { "small", "big", "by_user", "by_body" };
	static const long long want_us[] = { 200, 220, 400, 400000 };
	static const long long want_n[] = { 9, 9, 9, 7 };
	struct sim_route_cfg *r[4];
	struct sim *sim;
	char name[64];
	int k;

	(void)state;
	cache_config(10 * SIM_SEC, 0);
	add_table(CA_DB, "small", 1023, "id");
	add_table(CA_DB, "big", 1024, "id");
	add_table(CA_DB, "posts", 1000000, "user_id");
	r[0] = add_query(routes[0], "small", "id");
	r[1] = add_query(routes[1], "big", "id");
	r[2] = add_query(routes[2], "posts", "user_id");
	r[3] = add_query(routes[3], "posts", "body");
	for (k = 0; k < 4; k++)
		add_users(routes[k], r[k], 1, SIM_SEC, CA_APP);
	sim = run(1);
	for (k = 0; k < 4; k++) {
		snprintf(name, sizeof name, "%s_latency_mean_ms", routes[k]);
		assert_int_equal(micros(sim, name), want_us[k]);
		snprintf(name, sizeof name, "%s_requests", routes[k]);
		assert_int_equal(count(sim, name), want_n[k]);
	}
	assert_string_equal(log_entry(sim, "full scan")->message, "db: full scan of posts: "
	                    "1,000,000 rows read, 400 ms (no index on body)");
	assert_int_equal(log_entry(sim, "full scan")->time, SIM_SEC);
	assert_int_equal(log_count(sim, "full scan"), 1);
	sim_destroy(sim);
}

/* ---- regions and partitions ----------------------------------------------------------- */

/*
 * A hop between regions costs the link's latency plus the bytes over its bandwidth; within
 * a region, the local latency and bandwidth. A 4 MB photo served from us: to a user in
 * tokyo the request takes 60 ms and the reply 60 ms + 4 MB / 10 MB/s = 460 ms, 520 ms in
 * all; to a user in us, 1 ms + 1 ms + 4 MB / 100 MB/s = 42 ms.
 */
static void
test_components_regions_hop(void **state)
{
	struct sim_route_cfg *photo;
	struct sim *sim;
	int region, app;

	(void)state;
	for (region = 0; region <= 1; region++) {
		reset_config(2 * SIM_SEC);
		snprintf(cfg.regions[0], SIM_NAME_MAX, "us");
		snprintf(cfg.regions[1], SIM_NAME_MAX, "tokyo");
		cfg.n_regions = 2;
		cfg.links[0] = (struct sim_link_cfg){ 0, 1, 60 * SIM_MS, 10e6 };
		cfg.n_links = 1;
		cfg.region_latency = SIM_MS;
		cfg.region_bandwidth = 100e6;
		app = add_node("app", SIM_NODE_APP);
		cfg.nodes[app].region = 0;
		cfg.entry = app;
		photo = add_route("photo");
		add_step(photo, SIM_STEP_CPU, 0);
		photo->response = 4000000;
		add_users("viewer", photo, 1, SIM_SEC, app)->region = region;
		sim = run(1);
		assert_int_equal(count(sim, "requests"), 1);
		assert_int_equal(count(sim, "completed"), 1);
		assert_int_equal(micros(sim, "latency_max_ms"), region == 1 ? 520000 : 42000);
		sim_destroy(sim);
	}
}

/* ---- latency objectives ------------------------------------------------------------ */

/*
 * One author posts, thinking 1 s between answers; a post is a 100 ms burst, slowed 30
 * times for the first 40 s. The span that ends at 30 s had only 3 s answers: a WARNING.
 * The one that ends at 60 s had mostly 100 ms ones: an INFO, and the next span nothing.
 */
static struct sim *
objective_run(sim_time objective)
{
	struct sim_route_cfg *post;
	int app;

	reset_config(95 * SIM_SEC);
	app = add_node("app", SIM_NODE_APP);
	cfg.entry = app;
	post = add_route("post");
	add_step(post, SIM_STEP_CPU, 100 * SIM_MS);
	post->objective = objective;
	add_users("authors", post, 1, SIM_SEC, app);
	add_fault(SIM_FAULT_SLOW, app, 0, 40 * SIM_SEC)->value = 30.0;
	return run(1);
}

static void
test_components_objective_told(void **state)
{
	const struct sim_log_entry *e;
	struct sim *sim, *plain;

	(void)state;
	sim = objective_run(SIM_SEC);
	assert_int_equal(log_count(sim, "objective"), 2);
	e = log_entry(sim, "objective");
	assert_string_equal(e->message, "post: answers take 3 s at the median, 3 s on average "
	                    "(objective 1 s)");
	assert_int_equal(e->level, SIM_WARNING);
	assert_int_equal(e->time, 30 * SIM_SEC);
	e = log_entry(sim, "back within");
	assert_string_equal(e->message, "post: answers back within the objective, 100 ms at "
	                    "the median (objective 1 s)");
	assert_int_equal(e->level, SIM_INFO);
	assert_int_equal(e->time, 60 * SIM_SEC);

	/* The watcher only reads: without an objective the same events run. */
	plain = objective_run(0);
	assert_int_equal(log_count(plain, "objective"), 0);
	assert_int_equal(sim_events(plain), sim_events(sim));
	assert_true(sim_fingerprint(plain) == sim_fingerprint(sim));
	sim_destroy(plain);
	sim_destroy(sim);
}

/*
 * The photo of test_components_regions_hop, asked for every second from us and from
 * tokyo, with an objective of 500 ms: tokyo's 520 ms answers are told at 30 s, us's
 * 42 ms ones are not, and no line speaks of both regions at once. The median is the
 * middle of its histogram step, 518 ms, as the report's photo_p50_ms_tokyo gives it.
 */
static void
test_components_objective_per_region(void **state)
{
	struct sim_route_cfg *photo;
	const struct sim_log_entry *e;
	struct sim *sim;
	int app;

	(void)state;
	reset_config(35 * SIM_SEC);
	snprintf(cfg.regions[0], SIM_NAME_MAX, "us");
	snprintf(cfg.regions[1], SIM_NAME_MAX, "tokyo");
	cfg.n_regions = 2;
	cfg.links[0] = (struct sim_link_cfg){ 0, 1, 60 * SIM_MS, 10e6 };
	cfg.n_links = 1;
	cfg.region_latency = SIM_MS;
	cfg.region_bandwidth = 100e6;
	app = add_node("app", SIM_NODE_APP);
	cfg.nodes[app].region = 0;
	cfg.entry = app;
	photo = add_route("photo");
	add_step(photo, SIM_STEP_CPU, 0);
	photo->response = 4000000;
	photo->objective = 500 * SIM_MS;
	add_users("here", photo, 1, SIM_SEC, app)->region = 0;
	add_users("there", photo, 1, SIM_SEC, app)->region = 1;
	sim = run(1);
	assert_int_equal(log_count(sim, "objective"), 1);
	e = log_entry(sim, "objective");
	assert_string_equal(e->message, "photo from tokyo: answers take 518 ms at the median, "
	                    "520 ms on average (objective 500 ms)");
	assert_int_equal(e->level, SIM_WARNING);
	assert_int_equal(e->time, 30 * SIM_SEC);
	sim_destroy(sim);
}

/* An app and its db in each region; the dbs are replicas of one another under cap. */
static void
replicas_config(int n_regions, enum sim_cap_mode cap)
{
	static const char *const names[] = { "us", "eu", "asia" };
	char name[SIM_NAME_MAX];
	int g, k;

	reset_config(25 * SIM_SEC);
	for (g = 0; g < n_regions; g++)
		snprintf(cfg.regions[g], SIM_NAME_MAX, "%s", names[g]);
	cfg.n_regions = n_regions;
	for (g = 0; g < n_regions; g++) {
		snprintf(name, sizeof name, "app_%s", names[g]);
		add_node(name, SIM_NODE_APP);
		cfg.nodes[g].region = g;
		cfg.nodes[g].db = n_regions + g;
	}
	for (g = 0; g < n_regions; g++) {
		struct sim_node_cfg *db;

		snprintf(name, sizeof name, "db_%s", names[g]);
		db = &cfg.nodes[add_node(name, SIM_NODE_DB)];
		db->region = g;
		db->cap = cap;
		for (k = 0; k < n_regions; k++)
			if (k != g)
				db->replicas[db->n_replicas++] = n_regions + k;
	}
	cfg.entry = 0;
}

/* A user in region g writing the one key of space k once a second, route "w_<region>". */
static void
add_writer(int g)
{
	struct sim_route_cfg *r;
	struct sim_step_cfg *w;
	char name[SIM_NAME_MAX];

	snprintf(name, sizeof name, "w_%.20s", cfg.regions[g]);
	r = add_route(name);
	w = add_step(r, SIM_STEP_WRITE, 0);
	snprintf(w->space, sizeof w->space, "k");
	w->keys = 1;
	add_users(name, r, 1, SIM_SEC, g)->region = g;
}

static void
add_partition(int a, int b, sim_time from, sim_time duration)
{
	struct sim_fault_cfg *f = add_fault(SIM_FAULT_PARTITION, -1, from, duration);

	f->region = a;
	f->region2 = b;
}

/*
 * CP, three replicas: from 9.5 s to 19.5 s asia is cut off from both us and eu. db_asia
 * sees 1 of 3 replicas, no majority, and refuses the writes at 10 ... 19 s; db_us sees 2
 * of 3 and goes on. No write is taken on both sides, so nothing conflicts.
 */
static void
test_components_partition_cp(void **state)
{
	const struct sim_log_entry *e;
	struct sim *sim;

	(void)state;
	replicas_config(3, SIM_CAP_CP);
	add_writer(0);
	add_writer(2);
	add_partition(0, 2, 9500 * SIM_MS, 10 * SIM_SEC);
	add_partition(1, 2, 9500 * SIM_MS, 10 * SIM_SEC);
	sim = run(1);
	assert_int_equal(count(sim, "w_us_requests"), 25);
	assert_int_equal(count(sim, "w_us_completed"), 25);
	assert_int_equal(count(sim, "w_asia_requests"), 25);
	assert_int_equal(count(sim, "w_asia_completed"), 15);
	assert_int_equal(count(sim, "refused_writes"), 10);
	assert_int_equal(count(sim, "conflicts"), 0);
	e = log_entry(sim, "no majority");
	assert_string_equal(e->message, "db_asia: sees 1 of 3 replicas, no majority: "
	                    "refusing writes");
	assert_int_equal(e->time, 9500 * SIM_MS);
	assert_int_equal(log_count(sim, "no majority"), 1);
	sim_destroy(sim);
}

/*
 * AP, two replicas: both sides go on writing while apart, and when the partition heals
 * at 19.5 s the one key written on both sides is a conflict. If only us writes, there is
 * nothing to reconcile.
 */
static void
test_components_partition_ap(void **state)
{
	struct sim *sim;
	int both;

	(void)state;
	for (both = 0; both <= 1; both++) {
		replicas_config(2, SIM_CAP_AP);
		add_writer(0);
		if (both)
			add_writer(1);
		add_partition(0, 1, 9500 * SIM_MS, 10 * SIM_SEC);
		sim = run(1);
		assert_int_equal(count(sim, "failed"), 0);
		assert_int_equal(count(sim, "refused_writes"), 0);
		assert_int_equal(count(sim, "conflicts"), both);
		if (both)
			assert_int_equal(log_entry(sim, "written on both sides")->time,
			                 19500 * SIM_MS);
		else
			assert_int_equal(log_find(sim, 0, "written on both sides"), -1);
		sim_destroy(sim);
	}
}

/*
 * A CDN with an edge in tokyo only, before an origin app in us (4 MB photos, one object):
 * tokyo's first view reaches the edge (1 ms), misses, crosses to us (60 ms) and back
 * (60 ms + 4 MB at 10 MB/s), then goes to the user from the edge (1 ms + 4 MB at
 * 100 MB/s): 562 ms. The edge keeps it, and the next eight views of the 10 s take 42 ms
 * each. us has no edge: each of its nine views reaches the CDN (1 ms), goes to the origin
 * (1 ms) and back (41 ms), then to the user (41 ms), and nothing is kept. Hits: 8 of 18.
 */
static void
test_components_cdn_edges(void **state)
{
	struct sim_route_cfg *photo;
	struct sim_node_cfg *cdn;
	struct sim *sim;
	int app, c, g;

	(void)state;
	reset_config(10 * SIM_SEC);
	snprintf(cfg.regions[0], SIM_NAME_MAX, "us");
	snprintf(cfg.regions[1], SIM_NAME_MAX, "tokyo");
	cfg.n_regions = 2;
	cfg.links[0] = (struct sim_link_cfg){ 0, 1, 60 * SIM_MS, 10e6 };
	cfg.n_links = 1;
	cfg.region_latency = SIM_MS;
	cfg.region_bandwidth = 100e6;
	app = add_node("app", SIM_NODE_APP);
	cfg.nodes[app].region = 0;
	c = add_node("cdn", SIM_NODE_CDN);
	cdn = &cfg.nodes[c];
	cdn->origin = app;
	cdn->edges[cdn->n_edges++] = 1;
	cdn->objects = 1;
	cfg.entry = c;
	photo = add_route("photo");
	add_step(photo, SIM_STEP_CPU, 0);
	photo->response = 4000000;
	for (g = 0; g < 2; g++)
		add_users(g == 0 ? "us" : "tokyo", photo, 1, SIM_SEC, c)->region = g;
	sim = run(1);
	assert_int_equal(count(sim, "photo_requests"), 18);
	assert_int_equal(count(sim, "photo_completed"), 18);
	/* means are exact (percentiles are read from the histogram's buckets) */
	assert_true(fabs(metric(sim, "photo_latency_mean_ms_tokyo") - (562 + 8 * 42) / 9.0) <
	            1e-9);
	assert_int_equal(micros(sim, "photo_latency_mean_ms_us"), 84000);
	assert_int_equal(micros(sim, "latency_max_ms"), 562000);
	assert_true(metric(sim, "cache_hit_ratio") == 8.0 / 18.0);
	assert_int_equal(edge(sim, c, app), 10);
	sim_destroy(sim);
}

/*
 * Region loss: an app in us and one in eu, each with a user of its own region asking once
 * a second (1 ... 25 s). us is lost from 9.5 s to 19.5 s: its app dies and, its restart
 * (1 s) being shorter than the loss, is back when the region is. The us requests of 10 to
 * 19 s are refused; eu does not notice.
 */
static void
test_components_region_loss(void **state)
{
	struct sim_fault_cfg *f;
	struct sim_route_cfg *r[2];
	struct sim *sim;
	int g;

	(void)state;
	reset_config(25 * SIM_SEC);
	snprintf(cfg.regions[0], SIM_NAME_MAX, "us");
	snprintf(cfg.regions[1], SIM_NAME_MAX, "eu");
	cfg.n_regions = 2;
	r[0] = add_route("page_us");
	r[1] = add_route("page_eu");
	for (g = 0; g < 2; g++) {
		int app = add_node(g == 0 ? "app_us" : "app_eu", SIM_NODE_APP);

		cfg.nodes[app].region = g;
		cfg.nodes[app].restart = SIM_SEC;
		add_step(r[g], SIM_STEP_CPU, 0);
		add_users(r[g]->name, r[g], 1, SIM_SEC, app)->region = g;
	}
	cfg.entry = 0;
	f = add_fault(SIM_FAULT_REGION_LOSS, -1, 9500 * SIM_MS, 10 * SIM_SEC);
	f->region = 0;
	sim = run(1);
	assert_int_equal(count(sim, "page_us_requests"), 25);
	assert_int_equal(count(sim, "page_us_completed"), 15);
	assert_int_equal(count(sim, "page_eu_requests"), 25);
	assert_int_equal(count(sim, "page_eu_completed"), 25);
	assert_int_equal(log_entry(sim, "region us lost")->level, SIM_FATAL);
	assert_int_equal(log_entry(sim, "region us lost")->time, 9500 * SIM_MS);
	assert_int_equal(log_entry(sim, "region us is back")->time, 19500 * SIM_MS);
	assert_int_equal(log_entry(sim, "app_us: process restarted")->time, 19500 * SIM_MS);
	assert_int_equal(log_count(sim, "app_eu"), 0);
	sim_destroy(sim);
}

/* ---- the autoscaler ------------------------------------------------------------------- */

/* An app of 1-core instances under users who never think: each keeps a core busy. */
static void
scaling_config(int users, sim_time duration)
{
	struct sim_route_cfg *work;
	int app;

	reset_config(duration);
	app = add_node("app", SIM_NODE_APP);
	cfg.entry = app;
	work = add_route("work");
	add_step(work, SIM_STEP_CPU, 10 * SIM_MS);
	add_users("busy", work, users, 0, app);
}

static int
instances(const struct sim *sim)
{
	return sim->nodes[0].instances;
}

/*
 * Four users keep one core at 100%; the smoothed CPU climbs 20%, 36%, 48.8%, 59.04%. At
 * the fourth look (4 s) ceil(1 x 0.5904 / 0.5) = 2: one more instance, ready 30 s later
 * (34 s). Two busy cores out of two ask for ceil(2 x ~1 / 0.5) = 4, and four for 8, the
 * maximum; each step waits for its boot. At $730/month ($1 an hour) an instance, the cost
 * is what ran on average: 1 instance until 34 s, 2 until the second boot is over, 4 until
 * the third's, 8 to the end (the times from the log). The monitor counts instances once a
 * second at its tick, which comes after a boot of the same second: the second that ends
 * with a boot is paid for the new instances.
 */
static void
test_components_autoscaler(void **state)
{
	const struct sim_log_entry *e;
	struct sim *sim;
	double t4, t8, ran;

	(void)state;
	scaling_config(4, 100 * SIM_SEC);
	cfg.nodes[0].autoscale_max = 8;
	cfg.nodes[0].autoscale_min = 1;
	cfg.nodes[0].autoscale_cpu = 0.5;
	cfg.nodes[0].autoscale_delay = 30 * SIM_SEC;
	cfg.nodes[0].cost_per_month = 730.0;
	sim = start(1);
	at(sim, 34 * SIM_SEC - 1);
	assert_int_equal(instances(sim), 1);
	e = log_entry(sim, "autoscaling out");
	assert_string_equal(e->message, "app: autoscaling out: 1 -> 2 instances "
	                    "(CPU 59%, target 50%)");
	assert_int_equal(e->time, 4 * SIM_SEC);
	at(sim, 34 * SIM_SEC);
	assert_int_equal(instances(sim), 2);
	at(sim, 100 * SIM_SEC);
	assert_true(log_find(sim, 0, "autoscaling out: 2 -> 4 instances") >= 0);
	assert_true(log_find(sim, 0, "autoscaling out: 4 -> 8 instances") >= 0);
	assert_int_equal(log_count(sim, "autoscaling out"), 3);
	assert_int_equal(instances(sim), 8);
	assert_int_equal(count(sim, "instances_peak"), 8);
	t4 = (double)(log_entry(sim, "2 -> 4")->time + 30 * SIM_SEC) / SIM_SEC;
	t8 = (double)(log_entry(sim, "4 -> 8")->time + 30 * SIM_SEC) / SIM_SEC;
	ran = 1 * 33 + 2 * (t4 - 34) + 4 * (t8 - t4) + 8 * (101 - t8);
	assert_true(t8 < 100);
	assert_true(fabs(metric(sim, "cost_per_month_usd") - 730.0 * ran / 100.0) < 1e-6);
	sim_destroy(sim);
}

/*
 * An app's CPU is its busy cores over the cores of all its instances: one user keeping
 * one core busy on an app of two 1-core instances is 50%, not 100% (the autoscaler's
 * rule multiplies this by the instances, so it must be a per-instance average).
 */
static void
test_components_cpu_counts_every_instance(void **state)
{
	struct sim_snapshot snap;
	struct sim *sim;

	(void)state;
	scaling_config(1, 10 * SIM_SEC);
	cfg.nodes[0].instances = 2;
	sim = run(1);
	sim_snapshot(sim, &snap);
	assert_true(snap.nodes[0].cpu == 0.5);
	sim_destroy(sim);
}

/* ---- cancelling ------------------------------------------------------------------------- */

/*
 * An event names a request and the generation the request had when it was scheduled.
 * Freeing the request cancels it: the generation moves on, and the event is skipped when
 * it comes up, neither run nor counted nor folded into the fingerprint. Its slot, taken
 * again by a new request, does not bring the old events back (the new request has a newer
 * generation), a second cancel of the same slot skips both generations' events, and an
 * event at the end of time never runs.
 */
static struct sim *
idle_run(void)
{
	int app;

	reset_config(10 * SIM_SEC);
	app = add_node("app", SIM_NODE_APP);
	add_step(add_route("page"), SIM_STEP_CPU, SIM_MS);
	add_users("nobody", &cfg.routes[0], 0, SIM_SEC, app);
	return start(1);
}

static void
test_components_cancel_skips_stale_events(void **state)
{
	struct sim *idle = idle_run(), *sim;
	uint64_t ticks;
	uint32_t a, b, gen_a;

	(void)state;
	sim_run_until(idle, sim_end(idle));
	ticks = sim_events(idle);
	assert_int_equal(ticks, 10);            /* the monitor's, one a second */

	sim = idle_run();
	a = sim__req_alloc(sim);
	b = sim__req_alloc(sim);
	gen_a = sim->reqs[a].gen;
	sim__schedule(sim, 5 * SIM_SEC, EV_TIMEOUT, 0, a, gen_a);
	sim__schedule(sim, 5 * SIM_SEC, EV_TIMEOUT, 0, a, gen_a);
	sim__schedule(sim, 5 * SIM_SEC, EV_TIMEOUT, 0, b, sim->reqs[b].gen);
	sim__schedule(sim, SIM_TIME_MAX - 1, EV_TIMEOUT, 0, b, sim->reqs[b].gen);
	sim__req_free(sim, a);                  /* cancels a's two timers */
	assert_int_equal(sim__req_alloc(sim), a);       /* the same slot, a new generation */
	assert_int_equal(sim->reqs[a].gen, gen_a + 1);
	sim__schedule(sim, 6 * SIM_SEC, EV_TIMEOUT, 0, a, sim->reqs[a].gen);
	sim__schedule(sim, 7 * SIM_SEC, EV_TIMEOUT, 0, a, sim->reqs[a].gen);
	sim_run_until(sim, 6 * SIM_SEC + 1);
	assert_int_equal(sim_events(sim), 6 + 2);       /* six ticks, b's timer, a's new one */
	sim__req_free(sim, a);                  /* cancels the 7 s timer too */
	sim_run_until(sim, sim_end(sim));
	assert_int_equal(sim_events(sim), ticks + 2);
	assert_int_equal(sim_now(sim), sim_end(sim));
	assert_true(sim_fingerprint(sim) != sim_fingerprint(idle));
	sim_destroy(sim);
	sim_destroy(idle);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_components_cancel_skips_stale_events),
		cmocka_unit_test(test_components_breaker_opens_at_min_calls),
		cmocka_unit_test(test_components_breaker_window_slides),
		cmocka_unit_test(test_components_breaker_min_calls_capped),
		cmocka_unit_test(test_components_breaker_time_window),
		cmocka_unit_test(test_components_breaker_slow_calls),
		cmocka_unit_test(test_components_breaker_open_waits),
		cmocka_unit_test(test_components_breaker_half_open_closes),
		cmocka_unit_test(test_components_breaker_half_open_reopens),
		cmocka_unit_test(test_components_breaker_max_wait_half_open),
		cmocka_unit_test(test_components_breaker_limit_after_decision),
		cmocka_unit_test(test_components_breaker_counts_answers_in_current_state),
		cmocka_unit_test(test_components_breaker_on_calls),
		cmocka_unit_test(test_components_gateway_burst),
		cmocka_unit_test(test_components_gateway_per_user),
		cmocka_unit_test(test_components_gateway_workloads_are_different_users),
		cmocka_unit_test(test_components_gateway_new_users_not_limited),
		cmocka_unit_test(test_components_gateway_jwt_cost),
		cmocka_unit_test(test_components_direct_calls_after_a_move),
		cmocka_unit_test(test_components_monolith_falls_as_one),
		cmocka_unit_test(test_components_broker_at_least_once),
		cmocka_unit_test(test_components_broker_retries_then_dlq),
		cmocka_unit_test(test_components_broker_group_shares_partitions),
		cmocka_unit_test(test_components_broker_group_rebalances),
		cmocka_unit_test(test_components_broker_window_keeps_old_ids),
		cmocka_unit_test(test_components_broker_window_slides),
		cmocka_unit_test(test_components_cache_ttl),
		cmocka_unit_test(test_components_cache_hit_ratio_interval),
		cmocka_unit_test(test_components_cache_lru),
		cmocka_unit_test(test_components_cache_write_invalidates),
		cmocka_unit_test(test_components_cache_stampede),
		cmocka_unit_test(test_components_cache_stampede_told),
		cmocka_unit_test(test_components_cache_stale_told),
		cmocka_unit_test(test_components_saga_double_charge),
		cmocka_unit_test(test_components_saga_replay_skips_the_rest),
		cmocka_unit_test(test_components_saga_charged_without_post),
		cmocka_unit_test(test_components_ledger_settles_out_of_the_ring),
		cmocka_unit_test(test_components_ledger_count_matches_recount),
		cmocka_unit_test(test_components_ledger_keeps_what_messages_name),
		cmocka_unit_test(test_components_outbox_relay),
		cmocka_unit_test(test_components_db_indexes),
		cmocka_unit_test(test_components_regions_hop),
		cmocka_unit_test(test_components_objective_told),
		cmocka_unit_test(test_components_objective_per_region),
		cmocka_unit_test(test_components_partition_cp),
		cmocka_unit_test(test_components_partition_ap),
		cmocka_unit_test(test_components_cdn_edges),
		cmocka_unit_test(test_components_region_loss),
		cmocka_unit_test(test_components_autoscaler),
		cmocka_unit_test(test_components_cpu_counts_every_instance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
