/* SPDX-License-Identifier: MIT */
/*
 * lb.c: the nginx front and the load balancer. A request that reaches an lb is forwarded
 * as a new child request to one upstream, picked round robin, by user (sticky) or by
 * fewest active requests; the child carries a timer. If the upstream answers first, the
 * answer goes back to the caller; if the timer fires first, the caller gets a 504 and the
 * line nginx writes, "upstream timed out (110: Connection timed out)", and the child is
 * orphaned: the app may still finish it, but nobody is waiting. A dead upstream does not
 * refuse connections, it just never answers, so the wait is the connect timeout.
 *
 * Active health checks, when configured, take an upstream out of rotation after `fall`
 * failed checks and put it back after `rise` passed ones. Repeated error lines are folded
 * into one summary every ten seconds so the log stays readable during an outage.
 */
#include "sim_internal.h"

#define LOG_FOLD (30 * SIM_SEC)

/* What the summary line says of each kind of folded error. */
static const char *const fold_what[FOLD__COUNT] = {
	"upstream timeouts (110)",
	"requests refused (111)",
	"connections closed by a dying upstream",
	"requests failed: no live upstreams",
};

static int
pick_round_robin(struct sim_node *n)
{
	int k, i, m = n->cfg->n_upstreams;

	for (i = 0; i < m; i++) {
		k = (int)((n->rr + (uint32_t)i) % (uint32_t)m);
		if (n->up_ok[k]) {
			n->rr = (uint32_t)k + 1;
			return k;
		}
	}
	return -1;
}

static int
pick_sticky(struct sim_node *n, uint32_t user)
{
	int m = n->cfg->n_upstreams, i, k;
	/* A multiplicative hash spreads consecutive user ids over the upstreams. */
	uint32_t h = (uint32_t)(((uint64_t)user * 0x9e3779b1u) >> 7);

	for (i = 0; i < m; i++) {
		k = (int)((h + (uint32_t)i) % (uint32_t)m);
		if (n->up_ok[k])
			return k;
	}
	return -1;
}

static int
pick_least_conn(struct sim_node *n)
{
	int k, best = -1, m = n->cfg->n_upstreams;

	for (k = 0; k < m; k++) {
		int j = (int)((n->rr + (uint32_t)k) % (uint32_t)m);

		if (n->up_ok[j] && (best < 0 || n->up_active[j] < n->up_active[best]))
			best = j;
	}
	if (best >= 0)
		n->rr = (uint32_t)best + 1;
	return best;
}

static int
pick(struct sim_node *n, uint32_t user)
{
	switch (n->cfg->policy) {
	case SIM_LB_STICKY:
		return pick_sticky(n, user);
	case SIM_LB_LEAST_CONN:
		return pick_least_conn(n);
	default:
		return pick_round_robin(n);
	}
}

/*
 * Logs the first of a kind of error at once, then folds the rest into a count that
 * sim__lb_flush() writes as one line per LOG_FOLD. Returns 1 when the caller should log.
 */
static int
fold(struct sim *sim, struct sim_fold *f)
{
	/* Within the window, or with a count that sim__lb_flush() has yet to write. */
	if (f->last >= 0 && (sim->now - f->last < LOG_FOLD || f->count > 0)) {
		f->count++;
		return 0;
	}
	f->last = sim->now;
	f->count = 0;
	return 1;
}

void
sim__lb_start(struct sim *sim, struct sim_node *n)
{
	int k;

	for (k = 0; k < n->cfg->n_upstreams; k++)
		n->up_ok[k] = 1;
	for (k = 0; k < FOLD__COUNT; k++)
		n->fold[k].last = -1;
	if (n->cfg->health_interval > 0)
		sim__schedule(sim, n->cfg->health_interval, EV_HEALTH, n->index, 0, 0);
}

void
sim__lb_request(struct sim *sim, struct sim_node *n, uint32_t r)
{
	int k = pick(n, sim->reqs[r].user), target;
	uint32_t c;
	struct sim_req *q, *child;
	sim_time wait;

	if (k < 0) {
		n->errors++;
		if (fold(sim, &n->fold[FOLD_NO_UPSTREAM]))
			sim__log(sim, SIM_ERROR, n->index, "%s: no live upstreams while connecting "
			         "to upstream", n->cfg->name);
		sim__reply(sim, r, ST_BAD_GATEWAY);
		return;
	}
	c = sim__req_alloc(sim);
	if (c == SIM_NONE) {
		sim__reply(sim, r, ST_BAD_GATEWAY);
		return;
	}
	q = &sim->reqs[r];
	child = &sim->reqs[c];
	target = n->cfg->upstreams[k];
	child->parent = r;
	child->parent_gen = q->gen;
	child->user = q->user;
	child->route = q->route;
	child->workload = q->workload;
	child->cookie = q->cookie;
	child->node = (uint16_t)target;
	child->upstream = (uint16_t)k;
	n->up_active[k]++;
	sim__edge(sim, n->index, target);

	/* The timer is set first: an answer that comes at once frees the child and so
	 * cancels it. */
	if (!sim->nodes[target].up) {
		child->flags |= RQ_BLACKHOLE;
		wait = n->cfg->connect_timeout;
	} else {
		wait = n->cfg->timeout;
	}
	sim__schedule(sim, sim->now + wait, EV_TIMEOUT, n->index, c, child->gen);
	if (!(child->flags & RQ_BLACKHOLE))
		sim__deliver(sim, c);
}

void
sim__lb_reply(struct sim *sim, struct sim_node *n, uint32_t c)
{
	struct sim_req *child = &sim->reqs[c];
	uint32_t r = child->parent;
	enum sim__status st = (enum sim__status)child->status;

	n->up_active[child->upstream]--;
	sim->reqs[r].flags |= child->flags & RQ_LOGIN;
	sim->reqs[r].cookie = child->cookie;
	sim__req_free(sim, c);
	if (st == ST_OK || st == ST_LOGGED_OUT) {
		n->handled++;
	} else {
		n->errors++;
		if (st == ST_BAD_GATEWAY && fold(sim, &n->fold[FOLD_REFUSED]))
			sim__log(sim, SIM_ERROR, n->index,
			         "%s: connect() failed (111: Connection refused) while connecting "
			         "to upstream", n->cfg->name);
		if (st == ST_CLOSED && fold(sim, &n->fold[FOLD_CLOSED]))
			sim__log(sim, SIM_ERROR, n->index,
			         "%s: upstream prematurely closed connection while reading "
			         "response header from upstream", n->cfg->name);
		if (st == ST_CLOSED)
			st = ST_BAD_GATEWAY;
	}
	sim__reply(sim, r, st);
}

void
sim__lb_timeout(struct sim *sim, uint32_t c)
{
	struct sim_req *child = &sim->reqs[c];
	uint32_t r = child->parent;
	struct sim_node *n = &sim->nodes[sim->reqs[r].node];
	int connecting = (child->flags & RQ_BLACKHOLE) != 0;

	n->up_active[child->upstream]--;
	n->errors++;
	if (fold(sim, &n->fold[FOLD_TIMEOUT]))
		sim__log(sim, SIM_ERROR, n->index,
		         "%s: upstream timed out (110: Connection timed out) while %s", n->cfg->name,
		         connecting ? "connecting to upstream" : "reading response header");
	if (connecting) {
		sim__req_free(sim, c);
	} else {
		child->flags |= RQ_ORPHAN;
		child->parent = SIM_NONE;
	}
	sim__reply(sim, r, ST_TIMEOUT);
}

/* Writes the folded counts of each kind of error, once per LOG_FOLD. */
void
sim__lb_flush(struct sim *sim, struct sim_node *n)
{
	char count[32];
	int k;

	for (k = 0; k < FOLD__COUNT; k++) {
		struct sim_fold *f = &n->fold[k];

		if (f->count == 0 || sim->now - f->last < LOG_FOLD)
			continue;
		sim__fmt_count(count, sizeof count, (double)f->count);
		sim__log(sim, SIM_ERROR, n->index, "%s: %s more %s in the last %lld s",
		         n->cfg->name, count, fold_what[k],
		         (long long)((sim->now - f->last) / SIM_SEC));
		f->count = 0;
		f->last = sim->now;
	}
}

static void
health_one(struct sim *sim, struct sim_node *n, int k)
{
	const struct sim_node_cfg *c = n->cfg;
	const char *name = sim->cfg.nodes[c->upstreams[k]].name;
	int i, live = 0;

	if (sim->nodes[c->upstreams[k]].up) {
		n->up_fails[k] = 0;
		if (!n->up_ok[k] && ++n->up_passes[k] >= c->rise) {
			n->up_ok[k] = 1;
			sim__log(sim, SIM_INFO, n->index, "%s: upstream %s is back in rotation",
			         c->name, name);
		}
		return;
	}
	n->up_passes[k] = 0;
	if (!n->up_ok[k] || ++n->up_fails[k] < c->fall)
		return;
	n->up_ok[k] = 0;
	sim__log(sim, SIM_ERROR, n->index, "%s: upstream %s unreachable (%d health checks failed)",
	         c->name, name, n->up_fails[k]);
	for (i = 0; i < c->n_upstreams; i++)
		live += n->up_ok[i];
	if (live == 0)
		sim__log(sim, SIM_FATAL, n->index, "%s: no live upstreams: the site is unreachable",
		         c->name);
}

void
sim__lb_health(struct sim *sim, struct sim_node *n)
{
	int k;

	for (k = 0; k < n->cfg->n_upstreams; k++)
		health_one(sim, n, k);
	sim__schedule(sim, sim->now + n->cfg->health_interval, EV_HEALTH, n->index, 0, 0);
}
