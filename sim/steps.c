/* SPDX-License-Identifier: MIT */
/*
 * steps.c: what an app does for a request, one step of its route at a time: CPU bursts,
 * database queries (costed from a table and its indexes when the step names them), waits
 * on the outside world, synchronous calls to other services (with a timeout and, when the
 * app has one, a circuit breaker), messages to a broker, reads through a cache, writes
 * that invalidate it, and the steps of the payment story.
 *
 * A request keeps its place as (step, sub): sub counts how far into the step it got, so a
 * step that waits returns 0 and is re-entered with a larger sub when the wait ends. A
 * cache miss runs the step after the cache step (the way to the source of truth) and
 * fills the cache once that step is done; a hit skips it.
 */
#include <math.h>
#include <string.h>

#include "sim_internal.h"

/* ---- helpers ---------------------------------------------------------------------- */

static void
step_next(struct sim *sim, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];

	q->step++;
	q->sub = 0;
	if (q->fill_at != 0 && q->step == q->fill_at) {
		q->fill_at = 0;
		sim__cache_fill(sim, r);
	}
}

/* The first full scan of each table is logged, as EXPLAIN would show it. */
static void
log_scan(struct sim *sim, struct sim_node *db, int t, const struct sim_step_cfg *st,
         sim_time cost)
{
	const struct sim_table_cfg *tb = &db->cfg->tables[t];
	char rows[32];

	db->scans_told |= (uint8_t)(1u << t);
	sim__fmt_count(rows, sizeof rows, (double)tb->rows);
	sim__log(sim, SIM_WARNING, db->index, "%s: full scan of %s: %s rows read, %lld ms (no "
	         "index on %s)", db->cfg->name, tb->name, rows, (long long)(cost / SIM_MS),
	         st->by[0] ? st->by : "the column asked for");
}

/* A query's cost: from its table when it names one, else drawn from its distribution. */
static sim_time
query_cost(struct sim *sim, struct sim_node *db, const struct sim_step_cfg *st)
{
	const struct sim_node_cfg *c = db->cfg;
	sim_time cost;
	int t, k;

	if (st->table[0] == '\0')
		return sim_dist_time(&st->cost, &db->rng);
	for (t = 0; t < c->n_tables; t++) {
		const struct sim_table_cfg *tb = &c->tables[t];
		double rows = (double)(tb->rows ? tb->rows : 1);

		if (strcmp(tb->name, st->table) != 0)
			continue;
		for (k = 0; k < tb->n_indexes; k++)
			if (strcmp(tb->indexes[k], st->by) == 0)
				return (sim_time)(ceil(log2(rows + 1.0)) * (double)c->lookup_cost);
		cost = c->scan_rate > 0 ? (sim_time)(rows / c->scan_rate * 1e6 + 0.5) : 0;
		if (!(db->scans_told & (1u << t)))
			log_scan(sim, db, t, st, cost);
		return cost;
	}
	return sim_dist_time(&st->cost, &db->rng);
}

/*
 * A database operation in three parts: get a connection, run it, give the connection
 * back. Returns 1 when it is done, 0 while the request waits (or was failed).
 */
static int
db_op(struct sim *sim, struct sim_node *n, uint32_t r, const struct sim_step_cfg *st)
{
	struct sim_req *q = &sim->reqs[r];
	struct sim_node *db = &sim->nodes[n->cfg->db];

	switch (q->sub) {
	case 0:
		q->sub = 1;
		if (!(q->flags & RQ_CONN) && !sim__db_acquire(sim, db, r))
			return 0;
		/* fall through */
	case 1:
		sim->reqs[r].sub = 2;
		sim->m.db_queries++;
		sim__edge(sim, n->index, db->index);
		sim__serve(sim, db, r, query_cost(sim, db, st));
		return 0;
	default:
		if (!n->cfg->hold_db_connection) {
			q->flags &= (uint8_t)~RQ_CONN;
			sim__db_release(sim, db);
		}
		return 1;
	}
}

/* ---- calls ----------------------------------------------------------------------- */

static void
call_start(struct sim *sim, struct sim_node *n, uint32_t r, const struct sim_step_cfg *st)
{
	uint32_t c = sim__req_alloc(sim);
	struct sim_req *q, *child;

	if (c == SIM_NONE) {
		sim->reqs[r].callst = ST_ERROR;
		return;
	}
	q = &sim->reqs[r];
	child = &sim->reqs[c];
	child->parent = r;
	child->parent_gen = q->gen;
	child->node = (uint16_t)st->node;
	child->route = (uint8_t)st->route;
	child->user = q->user;
	child->cookie = q->cookie;
	child->order = q->order;
	child->workload = q->workload;
	child->region = (uint8_t)(n->cfg->region >= 0 ? n->cfg->region : q->region);
	child->flags = q->flags & RQ_IDEM;
	sim__span_child(sim, q, child);
	sim__edge(sim, n->index, st->node);
	if (st->timeout > 0)
		sim__timer(sim, st->timeout, EV_TIMEOUT, n->index, c, child->gen);
	sim__deliver(sim, c);
}

/* The answer to a call came back: note it in the breaker and go on. */
void
sim__call_reply(struct sim *sim, struct sim_node *n, uint32_t c)
{
	struct sim_req *child = &sim->reqs[c];
	uint32_t r = child->parent;
	uint16_t status = child->status;
	sim_time took = sim->now - child->t_start;
	int target = child->node;

	sim__req_free(sim, c);
	sim__breaker_answer(sim, n, target, status != ST_OK, took);
	sim->reqs[r].callst = status;
	sim__app_advance(sim, n, r);
}

/* A call took longer than its timeout: the caller gives up and the callee's answer,
 * when it comes, goes nowhere. */
void
sim__call_timeout(struct sim *sim, uint32_t c)
{
	struct sim_req *child = &sim->reqs[c];
	uint32_t r = child->parent;
	struct sim_node *n;

	if (sim->reqs[r].gen != child->parent_gen) {
		child->flags |= RQ_ORPHAN;
		child->parent = SIM_NONE;
		return;
	}
	n = &sim->nodes[sim->reqs[r].node];
	sim__breaker_answer(sim, n, child->node, 1, sim->now - child->t_start);
	if (child->flags & RQ_BLACKHOLE) {
		sim__req_free(sim, c);
	} else {
		child->flags |= RQ_ORPHAN;
		child->parent = SIM_NONE;
	}
	sim->reqs[r].callst = ST_TIMEOUT;
	sim__app_advance(sim, n, r);
}

static const char *
call_failure(enum sim__status st)
{
	switch (st) {
	case ST_TIMEOUT: return "timed out";
	case ST_BAD_GATEWAY: return "connection refused";
	case ST_CLOSED: return "connection closed";
	default: return "error";
	}
}

static int
call_step(struct sim *sim, struct sim_node *n, uint32_t r, const struct sim_step_cfg *st)
{
	struct sim_req *q = &sim->reqs[r];
	enum sim__status st_code;

	if (q->sub == 0) {
		if (!sim__breaker_permit(sim, n, st->node)) {
			sim->m.calls_not_permitted++;
			q->callst = ST_ERROR;
		} else {
			q->sub = 1;
			call_start(sim, n, r, st);
			return 0;
		}
	}
	st_code = (enum sim__status)sim->reqs[r].callst;
	/* A call the open breaker refused was never made: its state lines tell of those. */
	if (st_code != ST_OK && q->sub != 0 && sim__fold(sim, &n->fold[FOLD_CALL]))
		sim__log(sim, SIM_ERROR, n->index, "%s: call to %s at %s failed (%s)", n->cfg->name,
		         sim->cfg.routes[st->route].name, sim->cfg.nodes[st->node].name,
		         call_failure(st_code));
	if (st_code == ST_OK || st->optional) {
		if (st_code != ST_OK)
			sim->m.fallbacks++;
		step_next(sim, r);
		return 1;
	}
	sim__app_finish(sim, n, r, st_code == ST_TIMEOUT ? ST_TIMEOUT : ST_ERROR);
	return 0;
}

/* ---- the payment story ------------------------------------------------------------ */

static int
payment_step(struct sim *sim, struct sim_node *n, uint32_t r, const struct sim_step_cfg *st)
{
	struct sim_req *q = &sim->reqs[r];

	/*
	 * A retry that carries the first attempt's key gets the first result back: the
	 * purchase is done, so nothing after the charge (an outbox row, a call) runs again.
	 * TODO: the key is looked up, not claimed: two attempts of one purchase that both
	 * reach the charge before either is recorded (within its 20 ms or so) both charge,
	 * where a unique key in the payments table would make the second wait or fail; the
	 * scenarios' retries come seconds after their first attempt, so none does.
	 */
	if (q->sub == 0 && st->kind == SIM_STEP_CHARGE && (q->flags & RQ_IDEM) &&
	    sim__story_charged(sim, q->order)) {
		sim->m.idempotent_replays++;
		q->step = sim->cfg.routes[q->route].n_steps;
		q->sub = 0;
		return 1;
	}
	if (!db_op(sim, n, r, st))
		return 0;
	q = &sim->reqs[r];
	if (st->kind == SIM_STEP_CHARGE)
		sim__story_charge(sim, q->order);
	else if (st->kind == SIM_STEP_POST)
		sim__story_post(sim, q->order);
	else
		sim__story_refund(sim, q->order);
	step_next(sim, r);
	return 1;
}

/* ---- the step machine ------------------------------------------------------------- */

/*
 * A refusal that depends on the purchase alone (a post the rules reject) fails every
 * attempt at it alike, before any step has done anything.
 */
static int
refused(const struct sim_route_cfg *rt, uint32_t order)
{
	return rt->reject > 0.0 && order != SIM_NONE &&
	       (double)((order * 0x9e3779b1u) >> 8) / 16777216.0 < rt->reject;
}

/* Runs r's current step; returns 1 if the next one may run now, 0 if r waits or is done. */
static int
step_run(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];
	const struct sim_route_cfg *rt = &sim->cfg.routes[q->route];
	const struct sim_step_cfg *st;

	if (q->step >= rt->n_steps) {
		sim__app_route_end(sim, n, r);
		return 0;
	}
	if (q->step == 0 && q->sub == 0 && refused(rt, q->order)) {
		sim__app_finish(sim, n, r, ST_ERROR);
		return 0;
	}
	st = &rt->steps[q->step];
	switch (st->kind) {
	case SIM_STEP_CPU:
		if (q->sub == 0) {
			q->sub = 1;
			sim__app_cpu(sim, n, r, sim__cpu_cost(n, q, st));
			return 0;
		}
		break;
	case SIM_STEP_SLEEP:
		if (q->sub == 0) {
			q->sub = 1;
			sim__schedule(sim, sim->now + sim_dist_time(&st->cost, &n->rng), EV_WAKE,
			              n->index, r, q->gen);
			return 0;
		}
		break;
	case SIM_STEP_QUERY:
		if (!db_op(sim, n, r, st))
			return 0;
		q = &sim->reqs[r];
		if (++q->rep < st->repeat) {
			q->sub = 0;
			return 1;
		}
		q->rep = 0;
		break;
	case SIM_STEP_CALL:
		return call_step(sim, n, r, st);
	case SIM_STEP_PUBLISH:
		if (q->sub == 0) {
			q->sub = 1;
			sim__edge(sim, n->index, st->node);
			sim__serve(sim, &sim->nodes[st->node], r,
			           sim->cfg.nodes[st->node].publish_cost);
			return 0;
		}
		sim__broker_publish(sim, &sim->nodes[st->node], st->topic, q->order, q->user,
		                    q->span);
		break;
	case SIM_STEP_OUTBOX:
		sim__outbox_add(sim, n, st->node << 8 | st->topic, q->order, q->user, q->span);
		break;
	case SIM_STEP_CACHE:
		return sim__cache_step(sim, n, r, st);
	case SIM_STEP_WRITE:
		if (q->sub == 0 && sim__cap_refuses(sim, n)) {
			sim->m.refused_writes++;
			sim__app_finish(sim, n, r, ST_ERROR);
			return 0;
		}
		if (q->sub == 0)
			q->key = sim__cache_key(sim, n, st);
		if (!db_op(sim, n, r, st))
			return 0;
		sim__cache_write(sim, n, r, st);
		break;
	case SIM_STEP_CHARGE:
	case SIM_STEP_POST:
	case SIM_STEP_REFUND:
		return payment_step(sim, n, r, st);
	case SIM_STEP__COUNT:
		break;
	}
	step_next(sim, r);
	return 1;
}

/*
 * Runs r's steps until one has to wait (a burst, a query, a call) or the route is done.
 * (A route that is one burst at its app never comes here: app.c runs it.)
 */
void
sim__steps_run(struct sim *sim, struct sim_node *n, uint32_t r)
{
	while (step_run(sim, n, r))
		;
}

/* A request's sleep is over. */
void
sim__step_resume(struct sim *sim, struct sim_node *n, uint32_t r)
{
	sim__app_advance(sim, n, r);
}

/* Skips the step after a cache hit: the way to the source of truth is not needed. */
void
sim__step_skip(struct sim *sim, uint32_t r)
{
	sim->reqs[r].step += 2;
	sim->reqs[r].sub = 0;
}

/* After a miss: run the next step and fill the cache once it is done. */
void
sim__step_miss(struct sim *sim, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];

	q->fill_at = (uint8_t)(q->step + 2);
	q->step++;
	q->sub = 0;
}
