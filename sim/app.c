/* SPDX-License-Identifier: MIT */
/*
 * app.c: an application server process on one machine (or a few identical ones). A request
 * takes a worker (or waits in the listen backlog, or is refused when that is full), then
 * goes through phases: hold on if the process hangs, take a database connection if the app
 * keeps one per request, check or create the session, and walk its route's steps
 * (steps.c). Each phase that waits leaves the request parked in exactly one queue or
 * behind one timer, and comes back through sim__app_advance().
 *
 * Memory is the baseline plus a share per request inside the process plus a share per
 * session kept in it. When that passes the machine's RAM the OOM killer ends the process:
 * every request inside fails, every session in its memory is gone, consumers rewind to
 * their last commit, and nothing answers on its port until the restart delay has passed.
 */
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"

enum { PH_HANG, PH_CONN, PH_SESSION, PH_SESSION_CHECK, PH_STEPS };

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

/* The process used more memory than its machine has: the OOM killer ends it. */
static void
app_oom(struct sim *sim, struct sim_node *n)
{
	const struct sim_node_cfg *c = n->cfg;
	char used[32], total[32], count[32];

	fmt_bytes(used, sizeof used, n->ram_used);
	fmt_bytes(total, sizeof total, c->ram);
	sim__fmt_count(count, sizeof count, n->inflight.n);
	sim->m.oom_kills++;
	sim->m.ram_peak = 1.0;
	sim__log(sim, SIM_FATAL, n->index, "%s: out of memory: cannot allocate memory "
	         "(%s of %s, %s requests in flight); process killed by the OOM killer",
	         c->name, used, total, count);
	sim__app_crash(sim, n, 0);
}

/* Recomputes the process's memory; returns 1 if the OOM killer ended it. */
static inline int
app_memory(struct sim *sim, struct sim_node *n)
{
	const struct sim_node_cfg *c = n->cfg;

	if (!n->has_memory)
		return 0;
	n->ram_used = c->ram_baseline + c->ram_per_request * n->inflight.n +
	              c->ram_per_session * n->n_sessions;
	if (n->ram_used > n->ram_peak)
		n->ram_peak = n->ram_used;
	if (c->ram == 0 || n->ram_used <= c->ram)
		return 0;
	app_oom(sim, n);
	return 1;
}

void
sim__app_ram(struct sim *sim, struct sim_node *n)
{
	app_memory(sim, n);
}

/* ---- answering ---------------------------------------------------------------------- */

/*
 * A route that is one CPU burst at this app and nothing else (prepare.c sets the bits of
 * n->burst_routes: no session to check, no connection, no refusal, no step after it) has
 * nothing to do in the phases: its request goes from a worker straight to the burst, and
 * from the burst to its end. What the phases and the step walk would do for it, without
 * walking them; most requests of the queueing stations and of the early eras are such.
 */
static inline int
is_burst(const struct sim_node *n, const struct sim_req *q)
{
	return n->burst_routes >> q->route & 1;
}

static inline void
burst_start(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];

	q->phase = PH_STEPS;
	q->sub = 1;
	sim__app_cpu(sim, n, r, sim__cpu_cost(n, q, &sim->cfg.routes[q->route].steps[0]));
}

/* The route's steps are all done: it fails by its own chance or a fault's, or succeeds. */
void
sim__app_route_end(struct sim *sim, struct sim_node *n, uint32_t r)
{
	const struct sim_route_cfg *rt = &sim->cfg.routes[sim->reqs[r].route];
	double fail = rt->fail + n->error_rate;

	if (fail > 0.0 && sim_rng_unit(&n->rng) < fail) {
		sim__app_finish(sim, n, r, ST_ERROR);
		return;
	}
	sim__app_finish(sim, n, r, ST_OK);
}

/* The steps of r from where it is: the burst's lane, or the walk through them. */
static inline void
steps(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];

	if (!is_burst(n, q))
		sim__steps_run(sim, n, r);
	else if (q->sub == 0)
		burst_start(sim, n, r);
	else
		sim__app_route_end(sim, n, r);
}

static void
start_worker(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];

	q->flags |= RQ_WORKER;
	q->phase = n->hang > 0 ? PH_HANG : PH_CONN;
	q->step = q->sub = q->fill_at = 0;
	n->workers_busy++;
	inflight_add(sim, n, r);
	if (app_memory(sim, n))
		return;
	if (q->phase == PH_HANG) {
		sim__schedule(sim, sim->now + n->hang, EV_WAKE, n->index, r, q->gen);
		return;
	}
	if (is_burst(n, q)) {
		burst_start(sim, n, r);
		return;
	}
	sim__app_advance(sim, n, r);
}

/* Whether the app can take one more request into a worker. */
static int
worker_free(const struct sim_node *n)
{
	return n->cfg->workers == 0 || n->workers_busy < n->cfg->workers * n->instances;
}

void
sim__app_finish(struct sim *sim, struct sim_node *n, uint32_t r, enum sim__status status)
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
	sim__route_done(sim, q, status);
	sim__reply(sim, r, status);
	if (had_conn)
		sim__db_release(sim, &sim->nodes[n->cfg->db]);
	app_memory(sim, n);
	if (!n->up)
		return;
	if (n->backlog.n > 0 && worker_free(n)) {
		next = sim__list_pop(sim, &n->backlog);
		start_worker(sim, n, next);
	}
	if (n->cfg->n_consumes > 0)
		sim__consume_pump(sim, n);
}

/* Takes r into a worker, the backlog, or refuses it; returns 0 if it was refused. */
int
sim__app_accept(struct sim *sim, struct sim_node *n, uint32_t r)
{
	const struct sim_node_cfg *c = n->cfg;

	if (!worker_free(n)) {
		if (n->backlog.n < (uint32_t)c->backlog) {
			sim__list_push(sim, &n->backlog, r, IN_BACKLOG);
			sim->reqs[r].at = n->index;
			return 1;
		}
		n->errors++;
		return 0;
	}
	start_worker(sim, n, r);
	return 1;
}

void
sim__app_request(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];

	if (!n->up || (n->moved && (q->flags & RQ_DIRECT))) {
		/* A dead machine answers nothing: a proxy in front waits for its connect
		 * timer. A caller without one (a client, another service asking an address
		 * with no process behind it) sees the connection refused at once, as does one
		 * that still uses an address the service has left. */
		if (q->parent != SIM_NONE && !(q->flags & RQ_DIRECT) &&
		    sim_kind_is_proxy(sim->cfg.nodes[sim->reqs[q->parent].node].kind))
			q->flags |= RQ_BLACKHOLE;
		else
			sim__reply(sim, r, ST_BAD_GATEWAY);
		if (n->up && sim__fold(sim, &n->fold[FOLD_REFUSED]))
			sim__log(sim, SIM_ERROR, n->index, "%s: connect() to its old address "
			         "failed (111: Connection refused): clients still call it there",
			         n->cfg->name);
		return;
	}
	if (!sim__app_accept(sim, n, r)) {
		/* A proxy or a calling service says so itself; a client calling directly
		 * cannot, so the refusing server's line stands for it. */
		int client = q->parent == SIM_NONE;

		sim__reply(sim, r, ST_BAD_GATEWAY);
		if (client && sim__fold(sim, &n->fold[FOLD_REFUSED]))
			sim__log(sim, SIM_ERROR, n->index, "%s: listen queue full (%d): connection "
			         "refused (111)", n->cfg->name, n->cfg->backlog);
	}
}

/* ---- CPU ----------------------------------------------------------------------------- */

static int
cores(const struct sim_node *n)
{
	return n->cfg->cores * n->instances;
}

static void
cpu_start(struct sim *sim, struct sim_node *n, uint32_t r)
{
	const struct sim_req *q = &sim->reqs[r];

	sim__util_set(&n->cores, sim->now, n->cores.busy + 1);
	sim__schedule(sim, sim->now + q->cost, EV_CPU_DONE, n->index, r, q->gen);
}

/* Runs a burst of cost microseconds on a core, first come, first served. */
void
sim__app_cpu(struct sim *sim, struct sim_node *n, uint32_t r, sim_time cost)
{
	sim->reqs[r].cost = cost;
	if (n->cores.busy < cores(n)) {
		cpu_start(sim, n, r);
		return;
	}
	sim__list_push(sim, &n->cpu_q, r, IN_CPU_Q);
	sim->reqs[r].at = n->index;
}

/* More cores or workers came (an instance booted): let waiting requests in. */
void
sim__app_capacity(struct sim *sim, struct sim_node *n)
{
	while (n->cpu_q.n > 0 && n->cores.busy < cores(n))
		cpu_start(sim, n, sim__list_pop(sim, &n->cpu_q));
	while (n->backlog.n > 0 && worker_free(n))
		start_worker(sim, n, sim__list_pop(sim, &n->backlog));
	sim__consume_pump(sim, n);
}

void
sim__app_cpu_done(struct sim *sim, struct sim_node *n, uint32_t r)
{
	sim__util_set(&n->cores, sim->now, n->cores.busy - 1);
	while (n->cpu_q.n > 0 && n->cores.busy < cores(n))
		cpu_start(sim, n, sim__list_pop(sim, &n->cpu_q));
	/* A burst route's one burst is over: so is its route. */
	if (is_burst(n, &sim->reqs[r])) {
		sim__app_route_end(sim, n, r);
		return;
	}
	sim__app_advance(sim, n, r);
}

/* ---- sessions ---------------------------------------------------------------------- */

static void
logged_out(struct sim *sim, struct sim_node *n, uint32_t r)
{
	sim->m.logged_out++;
	sim__app_finish(sim, n, r, ST_LOGGED_OUT);
}

/*
 * The session phase. Returns 1 when the request is parked (at the session store) or
 * finished, 0 when it may go straight on.
 */
static int
session_phase(struct sim *sim, struct sim_node *n, uint32_t r)
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
		q->phase = login ? PH_STEPS : PH_SESSION_CHECK;
		if (login)
			sim__session_set(sim, &sim->nodes[c->session_store], q->user);
		sim->m.cache_ops++;
		sim__edge(sim, n->index, c->session_store);
		sim__serve(sim, &sim->nodes[c->session_store], r, c->session_store >= 0 ?
		           sim->cfg.nodes[c->session_store].op_cost : 0);
		return 1;
	default:
		/* A token is verified on the app's CPU, whichever server gets it. */
		q->cookie = (uint16_t)(n->index + 1);
		q->phase = PH_STEPS;
		sim__app_cpu(sim, n, r, c->jwt_cost);
		return 1;
	}
}

/* ---- the phases ---------------------------------------------------------------------- */

/* Whether r takes its db connection for the whole request, and does not hold it yet. */
static int
needs_conn(const struct sim *sim, const struct sim_node *n, const struct sim_req *q)
{
	return n->cfg->db >= 0 && n->cfg->hold_db_connection && sim->route_uses_db[q->route] &&
	       !(q->flags & RQ_CONN);
}

/*
 * Moves a request on until it has to wait or is answered. The phases come in order, each
 * falling through to the next unless it parks the request; the steps run last.
 */
void
sim__app_advance(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];

	switch (q->phase) {
	case PH_HANG:
	case PH_CONN:
		q->phase = PH_SESSION;
		if (needs_conn(sim, n, q) && !sim__db_acquire(sim, &sim->nodes[n->cfg->db], r))
			return;
		/* fall through */
	case PH_SESSION:
		sim->reqs[r].phase = PH_STEPS;
		if (session_phase(sim, n, r))
			return;
		break;
	case PH_SESSION_CHECK:
		q->phase = PH_STEPS;
		if (!sim__session_has(sim, &sim->nodes[n->cfg->session_store], q->user)) {
			logged_out(sim, n, r);
			return;
		}
		break;
	default:
		break;
	}
	steps(sim, n, r);
}

/* A wait elsewhere (db, cache) ended; ok 0 means it failed and the request fails. */
void
sim__app_resume(struct sim *sim, uint32_t r, int ok)
{
	struct sim_node *n = &sim->nodes[sim->reqs[r].node];

	if (!n->up)
		return;
	if (!ok) {
		sim__app_finish(sim, n, r, ST_ERROR);
		return;
	}
	sim__app_advance(sim, n, r);
}

/* ---- death and restart --------------------------------------------------------------- */

void
sim__app_kill(struct sim *sim, struct sim_node *n)
{
	char count[32];
	uint32_t r;

	n->up = 0;
	n->incarnation++;
	/* Out of every queue first, so that freeing connections below cannot hand one to a
	 * request of this dead process. */
	for (r = n->inflight.head; r != SIM_NONE; r = sim->reqs[r].inext)
		sim__store_forget(sim, r);
	sim__consume_rewind(sim, n);
	while ((r = n->inflight.head) != SIM_NONE) {
		int had_conn = (sim->reqs[r].flags & RQ_CONN) != 0;

		inflight_remove(sim, n, r);
		sim->reqs[r].flags &= (uint8_t)~(RQ_CONN | RQ_WORKER);
		n->errors++;
		sim__route_done(sim, &sim->reqs[r], ST_CLOSED);
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
	sim__kv_clear(n->kv);
	n->workers_busy = 0;
	sim__util_set(&n->cores, sim->now, 0);
	n->ram_used = 0;
}

/* Kills the process and brings it back after restart (or after down, when longer). */
void
sim__app_crash(struct sim *sim, struct sim_node *n, sim_time down)
{
	sim_time back = down > n->cfg->restart ? down : n->cfg->restart;

	sim__app_kill(sim, n);
	sim__schedule(sim, sim->now + back, EV_RESTART, n->index, 0, n->incarnation);
}

void
sim__app_restart(struct sim *sim, struct sim_node *n)
{
	n->up = 1;
	n->slow = 1.0;
	app_memory(sim, n);
	sim__log(sim, SIM_INFO, n->index, "%s: process restarted", n->cfg->name);
	sim__consume_pump(sim, n);
}

void
sim__app_wake(struct sim *sim, uint32_t r)
{
	struct sim_node *n = &sim->nodes[sim->reqs[r].node];

	if (sim->reqs[r].phase == PH_HANG) {
		sim__app_advance(sim, n, r);
		return;
	}
	sim__step_resume(sim, n, r);
}
