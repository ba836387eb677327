/* SPDX-License-Identifier: MIT */
/*
 * workload.c: the clients. An open workload sends Poisson arrivals whose rate follows a
 * curve; it draws them by thinning (arrivals at the curve's highest rate, each kept with
 * probability rate(t)/max), which is exact for any curve and costs one extra draw. A closed
 * workload is a population of users, each of whom sends a request, waits for the answer,
 * thinks, and asks again; the number of users in the loop follows a curve, checked once a
 * second, with new users starting at spread-out moments so a spike is not one instant.
 *
 * Clients keep their session cookie: a request carries it if the user has logged in, and
 * a reply that says the session was not found (401) takes it away, so the next request
 * logs in again. That is what "logged out on refresh" means in the model.
 */
#include <stdlib.h>

#include "sim_internal.h"

enum { USER_IDLE, USER_THINKING, USER_ACTIVE };

/* How many user ids the workload owns: its users, or its population. */
uint32_t
sim__workload_size(const struct sim_workload_cfg *c)
{
	double peak = c->level.peak > c->level.base ? c->level.peak : c->level.base;

	if (c->kind == SIM_WORKLOAD_CLOSED)
		return (uint32_t)peak;
	return c->population > 0 ? (uint32_t)c->population : 0;
}

double
sim__curve_at(const struct sim_curve *c, sim_time t)
{
	double f;

	if (c->kind == SIM_CURVE_CONSTANT || t < c->at)
		return c->base;
	if (c->kind == SIM_CURVE_SPIKE && c->hold != SIM_TIME_MAX &&
	    t >= c->at + c->ramp + c->hold)
		return c->base;
	if (c->ramp <= 0 || t >= c->at + c->ramp)
		return c->peak;
	f = (double)(t - c->at) / (double)c->ramp;
	return c->base + (c->peak - c->base) * f;
}

static double
curve_max(const struct sim_curve *c)
{
	return c->kind == SIM_CURVE_CONSTANT || c->peak < c->base ? c->base : c->peak;
}

/* Where a request of route goes: a service's own address for direct clients. */
static int
entry_of(const struct sim *sim, const struct sim_workload_cfg *c, int route)
{
	int k;

	if (c->direct)
		for (k = 0; k < c->n_targets; k++)
			if (c->targets[k].route == route)
				return c->targets[k].upstreams[0];
	return c->entry >= 0 ? c->entry : sim->cfg.entry;
}

int
sim__workload_init(struct sim *sim, int i)
{
	struct sim_workload *w = &sim->workloads[i];
	const struct sim_workload_cfg *c = &sim->cfg.workloads[i];
	double total = 0.0;
	int k;

	w->cfg = c;
	w->size = sim__workload_size(c);
	sim_rng_seed(&w->rng, sim->seed, c->name);
	w->rate_max = curve_max(&c->level);
	w->gap_mean = w->rate_max > 0.0 ? 1e6 / w->rate_max : 0.0;
	w->thinned = c->level.kind != SIM_CURVE_CONSTANT;
	/* A constant curve has no spike to tell of. */
	w->spike_logged = c->level.kind == SIM_CURVE_CONSTANT;
	for (k = 0; k < c->n_routes; k++) {
		total += c->weights[k];
		w->cum[k] = total;
	}
	/* Users without a number of their own get ids beyond every workload's range. */
	w->id_base = w->size > 0 ? w->base : sim->session_users;
	w->region = (uint8_t)(c->region >= 0 ? c->region : 0);
	w->flags = (uint8_t)((c->idempotency ? RQ_IDEM : 0) | (c->direct ? RQ_DIRECT : 0));
	for (k = 0; k < sim->cfg.n_routes; k++)
		w->entry[k] = (uint16_t)entry_of(sim, c, k);
	if (c->kind == SIM_WORKLOAD_CLOSED) {
		w->n_users = (uint32_t)curve_max(&c->level);
		w->users = calloc(w->n_users ? w->n_users : 1, sizeof *w->users);
		return w->users ? 0 : -1;
	}
	if (c->population > 0) {
		w->cookies = calloc((size_t)c->population, sizeof *w->cookies);
		return w->cookies ? 0 : -1;
	}
	return 0;
}

void
sim__workload_fini(struct sim_workload *w)
{
	free(w->users);
	free(w->cookies);
	w->users = NULL;
	w->cookies = NULL;
}

static int
pick_route(struct sim_workload *w)
{
	const struct sim_workload_cfg *c = w->cfg;
	double x;
	int k;

	if (c->n_routes <= 1)
		return c->n_routes == 1 ? c->routes[0] : 0;
	x = sim_rng_unit(&w->rng) * w->cum[c->n_routes - 1];
	for (k = 0; k < c->n_routes - 1; k++)
		if (x < w->cum[k])
			break;
	return c->routes[k];
}

/*
 * Sends one request from user (the workload's own number for it) into the entry node.
 * Workloads are different people: each has its own range of user ids, after the ranges
 * of the workloads before it, so sessions and per-user limits never mix them up. Users
 * without a number of their own (an open workload without a population) get ids beyond
 * every range: nobody keeps a session or a bucket for them.
 */
static void
send_request(struct sim *sim, int i, uint32_t user, uint16_t cookie)
{
	struct sim_workload *w = &sim->workloads[i];
	uint32_t r = sim__req_alloc(sim);
	struct sim_req *q;
	int entry, route = w->forced_route >= 0 ? w->forced_route : pick_route(w);

	if (r == SIM_NONE)
		return;
	entry = w->entry[route];
	q = &sim->reqs[r];
	q->user = w->id_base + user;
	q->workload = (uint8_t)i;
	q->node = (uint16_t)entry;
	q->route = (uint8_t)route;
	q->cookie = cookie;
	q->region = w->region;
	q->flags = w->flags;
	if (sim->route_orders[route])
		q->order = sim__story_open(sim);
	if (sim->trace_fn != NULL && sim->m.requests % sim->trace_one_in == 0)
		q->span = ++sim->next_span;
	sim->m.requests++;
	sim->route_stats[route].requests++;
	sim__util_set(&sim->m.in_system, sim->now, sim->m.in_system.busy + 1);
	sim__edge(sim, -1, entry);
	sim__deliver(sim, r);
}

static void
log_spike(struct sim *sim, struct sim_workload *w)
{
	const struct sim_curve *c = &w->cfg->level;
	char peak[32], base[32];

	w->spike_logged = 1;
	if (c->peak <= c->base || c->at == 0)
		return;
	sim__fmt_count(peak, sizeof peak, c->peak);
	sim__fmt_count(base, sizeof base, c->base);
	if (w->cfg->kind == SIM_WORKLOAD_CLOSED)
		sim__log(sim, SIM_WARNING, -1, "traffic spike: %s concurrent users (from %s)",
		         peak, base);
	else
		sim__log(sim, SIM_WARNING, -1, "traffic spike from %s: %s requests/s (from %s)",
		         w->cfg->name, peak, base);
}

/* ---- open ---------------------------------------------------------------------------- */

static void
schedule_arrival(struct sim *sim, int i)
{
	struct sim_workload *w = &sim->workloads[i];
	sim_time gap;

	if (w->rate_max <= 0.0)
		return;
	gap = (sim_time)(sim_rng_exp(&w->rng, w->gap_mean) + 0.5);
	sim__schedule_slot(sim, SIM_SLOT_ARRIVAL(i), sim->now + gap, EV_ARRIVAL, (unsigned)i);
}

static void replay_arrival(struct sim *sim, int i);

void
sim__workload_arrival(struct sim *sim, int i)
{
	struct sim_workload *w = &sim->workloads[i];
	const struct sim_workload_cfg *c = w->cfg;
	uint32_t user;

	if (c->kind == SIM_WORKLOAD_REPLAY) {
		replay_arrival(sim, i);
		return;
	}
	schedule_arrival(sim, i);
	if (!w->spike_logged && sim->now >= c->level.at)
		log_spike(sim, w);
	if (w->thinned) {
		double rate = sim__curve_at(&c->level, sim->now);

		if (rate < w->rate_max && sim_rng_unit(&w->rng) * w->rate_max >= rate)
			return;
	}
	if (c->population > 0)
		user = (uint32_t)sim_rng_below(&w->rng, (uint64_t)c->population);
	else
		user = w->next_id++;
	send_request(sim, i, user, c->population > 0 ? w->cookies[user] : 0);
}

/* ---- closed -------------------------------------------------------------------------- */

void
sim__workload_user(struct sim *sim, int i, uint32_t user)
{
	struct sim_workload *w = &sim->workloads[i];
	struct sim_user *u = &w->users[user];

	if (u->retiring) {
		u->state = USER_IDLE;
		u->retiring = 0;
		w->active--;
		w->leaving--;
		return;
	}
	u->state = USER_ACTIVE;
	send_request(sim, i, user, u->cookie);
}

static void
think(struct sim *sim, int i, uint32_t user)
{
	struct sim_workload *w = &sim->workloads[i];
	sim_time t = sim_dist_time(&w->cfg->think, &w->rng);

	w->users[user].state = USER_THINKING;
	sim__schedule(sim, sim->now + t, EV_USER, (unsigned)i, user, 0);
}

/* Brings the number of users in the loop to the curve's level now. */
void
sim__workload_level(struct sim *sim, int i)
{
	struct sim_workload *w = &sim->workloads[i];
	const struct sim_curve *c = &w->cfg->level;
	uint32_t target = (uint32_t)(sim__curve_at(c, sim->now) + 0.5), u;
	sim_time spread = sim->cfg.monitor_interval;

	if (!w->spike_logged && c->kind != SIM_CURVE_CONSTANT && sim->now >= c->at)
		log_spike(sim, w);
	if (target > w->n_users)
		target = w->n_users;
	/* Users on their way out stay if the curve rises again. */
	for (u = 0; u < w->n_users && w->active - w->leaving < target && w->leaving; u++)
		if (w->users[u].retiring) {
			w->users[u].retiring = 0;
			w->leaving--;
		}
	/* New users start at spread-out moments within the next interval; those there from
	 * the start are as if in the middle of a thought, so a run does not open with a
	 * burst nobody sent. */
	for (u = 0; u < w->n_users && w->active - w->leaving < target; u++) {
		sim_time at;

		if (w->users[u].state != USER_IDLE)
			continue;
		w->users[u].state = USER_THINKING;
		w->active++;
		if (sim->now == 0)
			at = sim_dist_time(&w->cfg->think, &w->rng);
		else
			at = sim->now + (sim_time)sim_rng_below(&w->rng, (uint64_t)spread);
		sim__schedule(sim, at, EV_USER, (unsigned)i, u, 0);
	}
	/* Leaving users finish their request or thought first. */
	for (u = w->n_users; u-- > 0 && w->active - w->leaving > target;) {
		if (w->users[u].state == USER_IDLE || w->users[u].retiring)
			continue;
		w->users[u].retiring = 1;
		w->leaving++;
	}
	if (w->active - w->leaving > sim->m.users_peak)
		sim->m.users_peak = w->active - w->leaving;
	if (c->kind != SIM_CURVE_CONSTANT)
		sim__schedule(sim, sim->now + spread, EV_LEVEL, (unsigned)i, 0, 0);
}

/* ---- replay -------------------------------------------------------------------------- */

/* The next recorded request: sent at its moment, in the file's order. */
static void
replay_next(struct sim *sim, int i)
{
	struct sim_workload *w = &sim->workloads[i];

	if (w->replay_pos < w->cfg->n_replay)
		sim__schedule_slot(sim, SIM_SLOT_ARRIVAL(i), w->cfg->replay_at[w->replay_pos],
		                   EV_ARRIVAL, (unsigned)i);
}

static void
replay_arrival(struct sim *sim, int i)
{
	struct sim_workload *w = &sim->workloads[i];
	const struct sim_workload_cfg *c = w->cfg;
	uint32_t k = w->replay_pos++;
	uint32_t user = c->replay_user[k];

	w->forced_route = c->replay_route[k];
	if (c->population <= 0 || user >= (uint32_t)c->population)
		user = w->next_id++ + (uint32_t)c->population;     /* beyond the table */
	send_request(sim, i, user, user < w->size ? w->cookies[user] : 0);
	w->forced_route = -1;
	replay_next(sim, i);
}

void
sim__workload_start(struct sim *sim, int i)
{
	sim->workloads[i].forced_route = -1;
	switch (sim->workloads[i].cfg->kind) {
	case SIM_WORKLOAD_CLOSED:
		sim__workload_level(sim, i);
		break;
	case SIM_WORKLOAD_REPLAY:
		replay_next(sim, i);
		break;
	default:
		schedule_arrival(sim, i);
		break;
	}
}

/* A failed request is sent again after a doubling backoff, if the workload retries. */
static int
retry(struct sim *sim, struct sim_workload *w, struct sim_req *q)
{
	uint32_t r = (uint32_t)(q - sim->reqs);

	if (q->status == ST_OK || q->status == ST_LOGGED_OUT || q->attempt >= w->cfg->retries)
		return 0;
	q->attempt++;
	q->status = ST_PENDING;
	if (q->span != 0)
		q->span = ++sim->next_span;     /* a retry is a new span of its own */
	sim->m.retries++;
	sim__schedule(sim, sim->now + (w->cfg->retry_backoff << (q->attempt - 1)), EV_DELIVER,
	              q->node, r, q->gen);
	return 1;
}

/* A client got its answer. */
void
sim__workload_reply(struct sim *sim, struct sim_req *q)
{
	struct sim_workload *w = &sim->workloads[q->workload];
	uint32_t r = (uint32_t)(q - sim->reqs);
	uint32_t user = q->user - w->base;
	int wi = q->workload;
	int ok = q->status == ST_OK;

	if (retry(sim, w, q))
		return;
	sim__client_done(sim, q);
	if (w->cfg->kind == SIM_WORKLOAD_CLOSED) {
		struct sim_user *u = &w->users[user];

		if (q->status == ST_LOGGED_OUT)
			u->cookie = 0;
		else if (ok && (q->flags & RQ_LOGIN))
			u->cookie = q->cookie;
		sim__req_free(sim, r);
		think(sim, wi, user);
		return;
	}
	if (w->cookies != NULL && user < w->size) {
		if (q->status == ST_LOGGED_OUT)
			w->cookies[user] = 0;
		else if (ok && (q->flags & RQ_LOGIN))
			w->cookies[user] = q->cookie;
	}
	sim__req_free(sim, r);
}
