/* SPDX-License-Identifier: MIT */
/*
 * store.c: the places apps keep data: MySQL (db nodes) and Redis (cache nodes). Both are
 * queueing stations with a number of cores served first come, first served; a db also
 * has a pool of connections that apps must hold to query it. A request waiting at a store
 * stays the app's request: it sits in the store's queue, and the store hands it back with
 * sim__app_resume() when its query or operation is done.
 *
 * Session tables live here too, as a bit per user, both for apps that keep sessions in
 * their own memory and for a shared store.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* ---- sessions --------------------------------------------------------------------- */

int
sim__session_has(const struct sim *sim, const struct sim_node *n, uint32_t user)
{
	return user < sim->session_users && sim__bit(n->sessions, user);
}

void
sim__session_set(struct sim *sim, struct sim_node *n, uint32_t user)
{
	if (user >= sim->session_users || n->sessions == NULL || sim__bit(n->sessions, user))
		return;
	n->sessions[user >> 3] |= (uint8_t)(1u << (user & 7));
	n->n_sessions++;
}

void
sim__sessions_clear(struct sim *sim, struct sim_node *n)
{
	if (n->sessions != NULL)
		memset(n->sessions, 0, sim->session_users / 8 + 1);
	n->n_sessions = 0;
}

/* ---- connections ----------------------------------------------------------------- */

/* Returns 1 if r now holds a connection, 0 if it waits for one or was refused. */
int
sim__db_acquire(struct sim *sim, struct sim_node *db, uint32_t r)
{
	const struct sim_node_cfg *c = db->cfg;
	char count[32];

	if (db->conns < c->max_connections) {
		db->conns++;
		if (db->conns > db->conns_peak)
			db->conns_peak = db->conns;
		sim->reqs[r].flags |= RQ_CONN;
		if (db->conns == c->max_connections && !db->pool_warned) {
			db->pool_warned = 1;
			db->t_pool_warned = sim->now;
			sim__fmt_count(count, sizeof count, c->max_connections);
			sim__log(sim, SIM_WARNING, db->index,
			         "%s: connections exhausted (%s/%s)", c->name, count, count);
		}
		return 1;
	}
	if (c->conn_wait > 0) {
		/* The timer names this wait, not just the request: a request that waited once,
		 * got a connection and waits again must not be failed by the first timer. */
		sim__list_push(sim, &db->conn_q, r, IN_CONN_Q);
		sim->reqs[r].at = db->index;
		sim->reqs[r].waits++;
		sim__timer(sim, c->conn_wait, EV_CONN_WAIT, sim->reqs[r].waits, r,
		              sim->reqs[r].gen);
		return 0;
	}
	sim->m.db_refused++;
	sim__app_resume(sim, r, 0);
	return 0;
}

void
sim__db_release(struct sim *sim, struct sim_node *db)
{
	uint32_t r;

	db->conns--;
	/* Re-armed below 80% and not sooner than a while after the last warning, so a small
	 * pool that fills and empties on every query does not write a line each time. */
	if (db->conns * 10 < db->cfg->max_connections * 8 &&
	    sim->now - db->t_pool_warned >= 30 * SIM_SEC)
		db->pool_warned = 0;
	r = sim__list_pop(sim, &db->conn_q);
	if (r == SIM_NONE)
		return;
	db->conns++;
	sim->reqs[r].flags |= RQ_CONN;
	sim__app_resume(sim, r, 1);
}

void
sim__db_conn_timeout(struct sim *sim, uint32_t r)
{
	struct sim_node *db = &sim->nodes[sim->reqs[r].at];

	sim__list_remove(sim, &db->conn_q, r);
	sim->m.db_refused++;
	sim__app_resume(sim, r, 0);
}

/* ---- tracing the stores ------------------------------------------------------------ */

/*
 * A store is not a hop of its own in the engine (the app's request waits in its queue),
 * but a trace that leaves out the database hides where the time went. So each query or
 * operation of a sampled request becomes a child span of the app's, on the store's node,
 * from the moment it reached the store (the wait for a core included) to its answer; the
 * wait for a db connection comes before and shows as a gap in the app's span. Arrival
 * times sit in an array beside the requests, grown only when a sampled request reaches
 * a store, so a run without tracing pays one test per query.
 */
static void
serve_mark(struct sim *sim, uint32_t r)
{
	if (sim->trace_fn == NULL || sim->reqs[r].span == 0)
		return;
	if (r >= sim->cap_serve_since) {
		sim_time *t = realloc(sim->serve_since, (size_t)sim->cap_reqs * sizeof *t);

		if (t == NULL)
			return;         /* this query goes untraced; the run is unchanged */
		sim->serve_since = t;
		sim->cap_serve_since = sim->cap_reqs;
	}
	sim->serve_since[r] = sim->now;
}

/* Hands the trace the span of r's query at n, answered now, when r is sampled. */
static void
serve_span(struct sim *sim, const struct sim_node *n, uint32_t r)
{
	const struct sim_req *q = &sim->reqs[r];
	struct sim_span s;

	if (sim->trace_fn == NULL || q->span == 0 || r >= sim->cap_serve_since)
		return;
	s.id = ++sim->next_span;
	s.parent = q->span;
	s.flow = 0;
	s.node = n->index;
	s.route = sim->cfg.routes[q->route].name;
	s.start = sim->serve_since[r];
	s.end = sim->now;
	s.status = ST_OK;
	sim->trace_fn(sim->trace_ctx, &s);
}

/* ---- serving queries and operations ------------------------------------------------ */

static void
serve_start(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];
	sim_time cost = q->cost + 2 * n->cfg->latency;

	q->where = IN_SERVE;
	q->at = n->index;
	sim__util_set(&n->cores, sim->now, n->cores.busy + 1);
	sim__schedule(sim, sim->now + cost, EV_SERVE_DONE, n->index, r, q->gen);
}

/* Queues r at a store for cost microseconds of one of its cores. */
void
sim__serve(struct sim *sim, struct sim_node *n, uint32_t r, sim_time cost)
{
	sim->reqs[r].cost = cost;
	serve_mark(sim, r);
	if (n->cores.busy < n->cfg->cores) {
		serve_start(sim, n, r);
		return;
	}
	sim__list_push(sim, &n->cpu_q, r, IN_SERVE_Q);
	sim->reqs[r].at = n->index;
}

void
sim__serve_done(struct sim *sim, struct sim_node *n, uint32_t r, uint32_t gen)
{
	sim__util_set(&n->cores, sim->now, n->cores.busy - 1);
	n->handled++;
	if (n->cpu_q.n > 0)
		serve_start(sim, n, sim__list_pop(sim, &n->cpu_q));
	if (sim->reqs[r].gen != gen)
		return;         /* its process died meanwhile; the work was done for nobody */
	sim->reqs[r].where = IN_NONE;
	serve_span(sim, n, r);
	sim__app_resume(sim, r, 1);
}

/* Takes a request of a dying process out of whatever queue it waits in. */
void
sim__store_forget(struct sim *sim, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];
	struct sim_node *n = &sim->nodes[q->at];

	switch (q->where) {
	case IN_CPU_Q:
	case IN_SERVE_Q:
		sim__list_remove(sim, &n->cpu_q, r);
		break;
	case IN_CONN_Q:
		sim__list_remove(sim, &n->conn_q, r);
		break;
	case IN_BACKLOG:
		sim__list_remove(sim, &n->backlog, r);
		break;
	default:
		break;
	}
	q->where = IN_NONE;
}
