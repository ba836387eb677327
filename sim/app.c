/* SPDX-License-Identifier: MIT */
/*
 * app.c: an application server process on one machine. A request takes a worker (or waits
 * in the listen backlog, or is refused when that is full), then walks its route: take a
 * database connection if the app holds one per request, check or create the session, run
 * its CPU burst on one of the cores (first come, first served), run its queries one after
 * another, answer. Each step that waits leaves the request parked in exactly one queue and
 * comes back through app_advance().
 *
 * Memory is the baseline plus a share per request inside the process plus a share per
 * session kept in it. When that passes the machine's RAM the OOM killer ends the process:
 * every request inside fails, every session in its memory is gone, and nothing answers on
 * its port until the restart delay has passed.
 */
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

enum { S_CONN, S_SESSION, S_SESSION_CHECK, S_CPU, S_QUERY, S_QUERY_RUN, S_QUERY_END };

static void app_advance(struct sim *sim, struct sim_node *n, uint32_t r);

/* ---- the in-flight list (its own links, so a request can also sit in a queue) -------- */

static void
inflight_add(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];
	struct sim_list *l = &n->inflight;

	q->inext = SIM_NONE;
	q->iprev = l->tail;
	if (l->tail != SIM_NONE)
		sim->reqs[l->tail].inext = r;
	else
		l->head = r;
	l->tail = r;
	l->n++;
}

static void
inflight_remove(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];
	struct sim_list *l = &n->inflight;

	if (q->iprev != SIM_NONE)
		sim->reqs[q->iprev].inext = q->inext;
	else
		l->head = q->inext;
	if (q->inext != SIM_NONE)
		sim->reqs[q->inext].iprev = q->iprev;
	else
		l->tail = q->iprev;
	l->n--;
}

/* ---- memory ------------------------------------------------------------------------ */

static void
fmt_bytes(char *buf, size_t len, uint64_t b)
{
	if (b >= 1000000000ULL)
		snprintf(buf, len, "%.1f GB", (double)b / 1e9);
	else
		snprintf(buf, len, "%.0f MB", (double)b / 1e6);
}

/* Recomputes the process's memory; returns 1 if the OOM killer ended it. */
static int
app_memory(struct sim *sim, struct sim_node *n)
{
	const struct sim_node_cfg *c = n->cfg;
	char used[32], total[32], count[32];

	n->ram_used = c->ram_baseline + c->ram_per_request * n->inflight.n +
	              c->ram_per_session * n->n_sessions;
	if (n->ram_used > n->ram_peak)
		n->ram_peak = n->ram_used;
	if (c->ram == 0 || n->ram_used <= c->ram)
		return 0;
	fmt_bytes(used, sizeof used, n->ram_used);
	fmt_bytes(total, sizeof total, c->ram);
	sim__fmt_count(count, sizeof count, n->inflight.n);
	sim->m.oom_kills++;
	sim->m.ram_peak = 1.0;
	sim__log(sim, SIM_FATAL, n->index, "%s: out of memory: cannot allocate memory "
	         "(%s of %s, %s requests in flight); process killed by the OOM killer",
	         c->name, used, total, count);
	sim__app_kill(sim, n, "out of memory");
	return 1;
}

void
sim__app_ram(struct sim *sim, struct sim_node *n)
{
	app_memory(sim, n);
}

/* ---- answering ---------------------------------------------------------------------- */

static void
start_worker(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];
	const struct sim_route_cfg *rt = &sim->cfg.routes[q->route];

	q->flags |= RQ_WORKER;
	q->step = S_CONN;
	q->queries_left = (uint8_t)(n->cfg->db >= 0 ? rt->queries : 0);
	n->workers_busy++;
	inflight_add(sim, n, r);
	if (app_memory(sim, n))
		return;
	app_advance(sim, n, r);
}

/* Ends a request inside the process with status, and lets the next one in. */
static void
finish(struct sim *sim, struct sim_node *n, uint32_t r, enum sim__status status)
{
	struct sim_req *q = &sim->reqs[r];
	int had_conn = (q->flags & RQ_CONN) != 0;
	uint32_t next;

	q->flags &= (uint8_t)~(RQ_CONN | RQ_WORKER);
	inflight_remove(sim, n, r);
	n->workers_busy--;
	if (status == ST_OK || status == ST_LOGGED_OUT)
		n->handled++;
	else
		n->errors++;
	sim__reply(sim, r, status);
	if (had_conn)
		sim__db_release(sim, &sim->nodes[n->cfg->db]);
	app_memory(sim, n);
	if (n->up && n->backlog.n > 0 &&
	    (n->cfg->workers == 0 || n->workers_busy < n->cfg->workers)) {
		next = sim__list_pop(sim, &n->backlog);
		start_worker(sim, n, next);
	}
}

void
sim__app_request(struct sim *sim, struct sim_node *n, uint32_t r)
{
	const struct sim_node_cfg *c = n->cfg;

	if (!n->up) {
		/* A dead process answers nothing: whoever called waits for its own timer. A
		 * client without a proxy in front sees the connection fail at once. */
		if (sim->reqs[r].parent == SIM_NONE)
			sim__reply(sim, r, ST_BAD_GATEWAY);
		else
			sim->reqs[r].flags |= RQ_BLACKHOLE;
		return;
	}
	if (c->workers > 0 && n->workers_busy >= c->workers) {
		if (n->backlog.n < (uint32_t)c->backlog) {
			sim__list_push(sim, &n->backlog, r, IN_BACKLOG);
			sim->reqs[r].at = n->index;
			return;
		}
		n->errors++;
		sim__reply(sim, r, ST_BAD_GATEWAY);
		return;
	}
	start_worker(sim, n, r);
}

/* ---- the steps of a route ----------------------------------------------------------- */

static void
cpu_start(struct sim *sim, struct sim_node *n, uint32_t r)
{
	const struct sim_req *q = &sim->reqs[r];
	const struct sim_route_cfg *rt = &sim->cfg.routes[q->route];
	double cost = sim_dist_draw(&rt->cpu, &n->rng) * n->slow;

	if (n->cfg->sessions == SIM_SESSION_JWT && rt->needs_session)
		cost += (double)n->cfg->jwt_cost;
	sim__util_set(&n->cores, sim->now, n->cores.busy + 1);
	sim__schedule(sim, sim->now + (sim_time)(cost + 0.5), EV_CPU_DONE, n->index, r, q->gen);
}

static void
cpu_enter(struct sim *sim, struct sim_node *n, uint32_t r)
{
	if (n->cores.busy < n->cfg->cores) {
		cpu_start(sim, n, r);
		return;
	}
	sim__list_push(sim, &n->cpu_q, r, IN_CPU_Q);
	sim->reqs[r].at = n->index;
}

void
sim__app_cpu_done(struct sim *sim, struct sim_node *n, uint32_t r)
{
	sim__util_set(&n->cores, sim->now, n->cores.busy - 1);
	if (n->cpu_q.n > 0)
		cpu_start(sim, n, sim__list_pop(sim, &n->cpu_q));
	app_advance(sim, n, r);
}

static void
logged_out(struct sim *sim, struct sim_node *n, uint32_t r)
{
	sim->m.logged_out++;
	finish(sim, n, r, ST_LOGGED_OUT);
}

/*
 * The session step. Returns 1 when the request is parked (at the session store) or
 * finished, 0 when it may go straight on.
 */
static int
session_step(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];
	const struct sim_node_cfg *c = n->cfg;
	int login = q->cookie == 0;

	if (!sim->cfg.routes[q->route].needs_session || c->sessions == SIM_SESSION_NONE)
		return 0;
	if (login) {
		q->flags |= RQ_LOGIN;
		sim->m.logins++;
	}
	switch (c->sessions) {
	case SIM_SESSION_LOCAL:
		/* The cookie names one session, kept by the server that issued it. */
		if (login) {
			q->cookie = (uint16_t)(n->index + 1);
			sim__session_set(sim, n, q->user);
			return app_memory(sim, n);
		}
		if (q->cookie != n->index + 1 || !sim__session_has(sim, n, q->user)) {
			logged_out(sim, n, r);
			return 1;
		}
		return 0;
	case SIM_SESSION_STORE:
		q->cookie = (uint16_t)(c->session_store + 1);
		q->step = login ? S_CPU : S_SESSION_CHECK;
		if (login)
			sim__session_set(sim, &sim->nodes[c->session_store], q->user);
		sim->m.cache_ops++;
		sim__serve(sim, &sim->nodes[c->session_store], r);
		return 1;
	default:
		q->cookie = (uint16_t)(n->index + 1);
		return 0;       /* a JWT is checked during the CPU burst */
	}
}

/* Moves a request through its route until it has to wait or is answered. */
static void
app_advance(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_node *db = n->cfg->db >= 0 ? &sim->nodes[n->cfg->db] : NULL;
	struct sim_req *q;

	for (;;) {
		q = &sim->reqs[r];
		switch (q->step) {
		case S_CONN:
			q->step = S_SESSION;
			if (db != NULL && n->cfg->hold_db_connection && q->queries_left > 0 &&
			    !sim__db_acquire(sim, db, r))
				return;
			break;
		case S_SESSION:
			q->step = S_CPU;
			if (session_step(sim, n, r))
				return;
			break;
		case S_SESSION_CHECK:
			q->step = S_CPU;
			if (!sim__session_has(sim, &sim->nodes[n->cfg->session_store], q->user)) {
				logged_out(sim, n, r);
				return;
			}
			break;
		case S_CPU:
			q->step = S_QUERY;
			cpu_enter(sim, n, r);
			return;
		case S_QUERY:
			if (q->queries_left == 0) {
				finish(sim, n, r, ST_OK);
				return;
			}
			q->queries_left--;
			q->step = S_QUERY_RUN;
			if (!(q->flags & RQ_CONN) && !sim__db_acquire(sim, db, r))
				return;
			break;
		case S_QUERY_RUN:
			q->step = S_QUERY_END;
			sim->m.db_queries++;
			sim__serve(sim, db, r);
			return;
		case S_QUERY_END:
			q->step = S_QUERY;
			if (!n->cfg->hold_db_connection) {
				q->flags &= (uint8_t)~RQ_CONN;
				sim__db_release(sim, db);
			}
			break;
		}
	}
}

/* A wait elsewhere (db, cache) ended; ok 0 means it failed and the request fails. */
void
sim__app_resume(struct sim *sim, uint32_t r, int ok)
{
	struct sim_node *n = &sim->nodes[sim->reqs[r].node];

	if (!n->up)
		return;
	if (!ok) {
		finish(sim, n, r, ST_ERROR);
		return;
	}
	app_advance(sim, n, r);
}

/* ---- death and restart --------------------------------------------------------------- */

void
sim__app_kill(struct sim *sim, struct sim_node *n, const char *why)
{
	char count[32];
	uint32_t r;

	n->up = 0;
	n->incarnation++;
	/* Out of every queue first, so that freeing connections below cannot hand one to a
	 * request of this dead process. */
	for (r = n->inflight.head; r != SIM_NONE; r = sim->reqs[r].inext)
		sim__store_forget(sim, r);
	while ((r = n->inflight.head) != SIM_NONE) {
		int had_conn = (sim->reqs[r].flags & RQ_CONN) != 0;

		inflight_remove(sim, n, r);
		sim->reqs[r].flags &= (uint8_t)~(RQ_CONN | RQ_WORKER);
		n->errors++;
		sim__reply(sim, r, ST_CLOSED);
		if (had_conn)
			sim__db_release(sim, &sim->nodes[n->cfg->db]);
	}
	while ((r = sim__list_pop(sim, &n->backlog)) != SIM_NONE)
		sim__reply(sim, r, ST_CLOSED);
	if (n->n_sessions > 0) {
		sim__fmt_count(count, sizeof count, n->n_sessions);
		sim__log(sim, SIM_ERROR, n->index, "%s: %s sessions kept in its memory are lost",
		         n->cfg->name, count);
	}
	sim__sessions_clear(sim, n);
	n->workers_busy = 0;
	sim__util_set(&n->cores, sim->now, 0);
	n->ram_used = 0;
	(void)why;
	sim__schedule(sim, sim->now + n->cfg->restart, EV_RESTART, n->index, 0, n->incarnation);
}

void
sim__app_restart(struct sim *sim, struct sim_node *n)
{
	n->up = 1;
	n->slow = 1.0;
	app_memory(sim, n);
	sim__log(sim, SIM_INFO, n->index, "%s: process restarted", n->cfg->name);
}
