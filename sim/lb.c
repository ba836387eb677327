/* SPDX-License-Identifier: MIT */
/*
 * lb.c: the nginx front, the load balancer and the API gateway. A request that reaches one
 * is forwarded as a new child request to one upstream, picked round robin, by user
 * (sticky) or by fewest active requests; a gateway first finds the upstreams by the
 * request's route, lets its token bucket refuse what is over the rate limit, and checks
 * the JWT. The child carries a timer. If the upstream answers first, the answer goes back
 * to the caller; if the timer fires first, the caller gets a 504 and the line nginx writes,
 * "upstream timed out (110: Connection timed out)", and the child is orphaned: the app may
 * still finish it, but nobody is waiting. A dead machine does not refuse connections, it
 * just never answers, so the wait is the connect timeout.
 *
 * Active health checks, when configured, take an upstream out of rotation after `fall`
 * failed checks and put it back after `rise` passed ones. Repeated error lines are folded
 * into one summary a minute so the log stays readable during an outage.
 */
#include "sim_internal.h"

#define LOG_FOLD (60 * SIM_SEC)
#define LOG_FOLD_MAX (16 * 60 * SIM_SEC)

/* What the summary line says of each kind of folded error. */
static const char *const fold_what[FOLD__COUNT] = {
	"upstream timeouts (110)",
	"requests refused (111)",
	"connections closed by a dying upstream",
	"requests failed: no live upstreams",
	"failed calls to other services",
	"requests limited (429)",
};

/* The upstreams a request may go to: the gateway's route entry, or the lb's list. */
static const int *
candidates(const struct sim_node *n, int route, int *count, uint32_t **rr)
{
	const struct sim_node_cfg *c = n->cfg;
	int i;

	for (i = 0; i < c->n_route_map; i++)
		if (c->route_map[i].route == route) {
			*count = c->route_map[i].n_upstreams;
			*rr = (uint32_t *)&n->route_rr[i];
			return c->route_map[i].upstreams;
		}
	*count = c->n_upstreams;
	*rr = (uint32_t *)&n->rr;
	return c->upstreams;
}

static int
pick(const struct sim *sim, struct sim_node *n, const struct sim_req *q)
{
	uint32_t *rr, h;
	int m, i, k, best = -1;
	const int *up = candidates(n, q->route, &m, &rr);

	if (m == 0)
		return -1;
	switch (n->cfg->policy) {
	case SIM_LB_STICKY:
		/* A multiplicative hash spreads consecutive user ids over the upstreams. */
		h = (uint32_t)(((uint64_t)q->user * 0x9e3779b1u) >> 7);
		for (i = 0; i < m; i++) {
			k = up[(h + (uint32_t)i) % (uint32_t)m];
			if (n->up_ok[k])
				return k;
		}
		return -1;
	case SIM_LB_NEAREST:
		/* Geo routing: the user's own region if it is healthy, else the first that is. */
		for (i = 0; i < m; i++) {
			k = up[i];
			if (n->up_ok[k] && sim->cfg.nodes[k].region == q->region)
				return k;
		}
		for (i = 0; i < m; i++)
			if (n->up_ok[up[i]])
				return up[i];
		return -1;
	case SIM_LB_LEAST_CONN:
		for (i = 0; i < m; i++) {
			k = up[(*rr + (uint32_t)i) % (uint32_t)m];
			if (n->up_ok[k] && (best < 0 || n->up_active[k] < n->up_active[best]))
				best = k;
		}
		*rr += 1;
		return best;
	default:
		for (i = 0; i < m; i++) {
			k = up[(*rr + (uint32_t)i) % (uint32_t)m];
			if (n->up_ok[k]) {
				*rr += (uint32_t)i + 1;
				return k;
			}
		}
		return -1;
	}
}

/*
 * Logs the first of a kind of error at once, then folds the rest into a count that
 * sim__lb_flush() writes as one summary line: after a minute, then after two, four...
 * up to sixteen while the errors go on, so a two-hour outage is a dozen lines, not a
 * hundred. Returns 1 when the caller should log.
 */
int
sim__fold(struct sim *sim, struct sim_fold *f)
{
	/* Within the window, or with a count that sim__lb_flush() has yet to write. */
	if (f->last >= 0 && (sim->now - f->last < f->span || f->count > 0)) {
		if (f->count++ == 0)
			sim->folds_waiting++;
		return 0;
	}
	f->last = sim->now;
	f->span = LOG_FOLD;
	f->count = 0;
	return 1;
}

void
sim__lb_start(struct sim *sim, struct sim_node *n)
{
	int k;

	for (k = 0; k < SIM_MAX_NODES; k++)
		n->up_ok[k] = 1;
	n->bucket.tokens = n->cfg->rate_burst + 1;
	if (n->cfg->health_interval > 0)
		sim__schedule(sim, n->cfg->health_interval, EV_HEALTH, n->index, 0, 0);
}

/* A token bucket holding burst + 1 tokens, refilled at the rate: nginx's limit_req with
 * burst and nodelay lets a burst through at once and refuses what comes beyond it. */
static int
bucket_take(const struct sim_node_cfg *c, struct sim_bucket *b, sim_time now)
{
	double cap = c->rate_burst + 1.0;

	b->tokens += (double)(now - b->at) * c->rate_limit / 1e6;
	if (b->tokens > cap)
		b->tokens = cap;
	b->at = now;
	if (b->tokens < 1.0)
		return 0;
	b->tokens -= 1.0;
	return 1;
}

/* The bucket that refused user's request now, or NULL when it may go on. */
static const struct sim_bucket *
rate_limited(struct sim *sim, struct sim_node *n, uint32_t user)
{
	const struct sim_node_cfg *c = n->cfg;
	struct sim_bucket *b = &n->bucket;

	if (c->rate_limit <= 0.0)
		return NULL;
	if (c->limit_scope == SIM_LIMIT_USER) {
		/* A user nobody numbered is new each time: a full bucket of its own. */
		if (n->user_buckets == NULL || user >= sim->session_users)
			return NULL;
		b = &n->user_buckets[user];
		if (b->at == 0 && b->tokens == 0.0)
			b->tokens = c->rate_burst + 1.0;
	}
	return bucket_take(c, b, sim->now) ? NULL : b;
}

/*
 * The line nginx writes when limit_req refuses: how far over the burst the request
 * would have taken the bucket (nginx's "excess", in requests), its zone and its client.
 */
static void
log_limited(struct sim *sim, const struct sim_node *n, const struct sim_bucket *b,
            uint32_t user)
{
	double excess = n->cfg->rate_burst + 1.0 - b->tokens;

	if (n->cfg->limit_scope == SIM_LIMIT_USER)
		sim__log(sim, SIM_ERROR, n->index, "%s: limiting requests, excess: %.3f by zone "
		         "\"per user\", client: user %u (429)", n->cfg->name, excess, user);
	else
		sim__log(sim, SIM_ERROR, n->index, "%s: limiting requests, excess: %.3f by zone "
		         "\"global\" (429)", n->cfg->name, excess);
}

/* Sends child c on to its upstream, with its timer set first: an answer that comes at
 * once frees the child and so cancels the timer. */
static void
forward(struct sim *sim, struct sim_node *n, uint32_t c)
{
	struct sim_req *child = &sim->reqs[c];
	int target = child->node;
	sim_time wait;

	if (!sim->nodes[target].up) {
		child->flags |= RQ_BLACKHOLE;
		wait = n->cfg->connect_timeout;
	} else {
		wait = n->cfg->timeout;
	}
	sim__timer(sim, wait, EV_TIMEOUT, n->index, c, child->gen);
	if (!(child->flags & RQ_BLACKHOLE))
		sim__deliver(sim, c);
}

void
sim__lb_request(struct sim *sim, struct sim_node *n, uint32_t r)
{
	const struct sim_bucket *limit;
	int target;
	uint32_t c;
	struct sim_req *q, *child;

	if (!n->up) {
		sim__reply(sim, r, ST_BAD_GATEWAY);
		return;
	}
	if ((limit = rate_limited(sim, n, sim->reqs[r].user)) != NULL) {
		sim->m.rate_limited++;
		if (sim__fold(sim, &n->fold[FOLD_LIMITED]))
			log_limited(sim, n, limit, sim->reqs[r].user);
		sim__reply(sim, r, ST_TOO_MANY);
		return;
	}
	target = pick(sim, n, &sim->reqs[r]);
	if (target < 0) {
		n->errors++;
		if (sim__fold(sim, &n->fold[FOLD_NO_UPSTREAM]))
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
	child->parent = r;
	child->parent_gen = q->gen;
	child->user = q->user;
	child->route = q->route;
	child->workload = q->workload;
	child->cookie = q->cookie;
	child->order = q->order;
	child->flags = q->flags & RQ_IDEM;
	child->region = (uint8_t)(n->cfg->region >= 0 ? n->cfg->region : q->region);
	child->node = (uint16_t)target;
	sim__span_child(sim, q, child);
	n->up_active[target]++;
	sim__edge(sim, n->index, target);
	if (n->cfg->jwt_cost > 0) {
		/* The gateway checks the token before it forwards. */
		child->cost = n->cfg->jwt_cost;
		sim__schedule(sim, sim->now + n->cfg->jwt_cost, EV_FORWARD, n->index, c,
		              child->gen);
		return;
	}
	forward(sim, n, c);
}

void
sim__lb_forward(struct sim *sim, struct sim_node *n, uint32_t c)
{
	forward(sim, n, c);
}

void
sim__lb_reply(struct sim *sim, struct sim_node *n, uint32_t c)
{
	struct sim_req *child = &sim->reqs[c];
	uint32_t r = child->parent;
	enum sim__status st = (enum sim__status)child->status;

	n->up_active[child->node]--;
	sim->reqs[r].flags |= child->flags & RQ_LOGIN;
	sim->reqs[r].cookie = child->cookie;
	sim__req_free(sim, c);
	if (st == ST_OK || st == ST_LOGGED_OUT) {
		n->handled++;
	} else {
		n->errors++;
		if (st == ST_BAD_GATEWAY && sim__fold(sim, &n->fold[FOLD_REFUSED]))
			sim__log(sim, SIM_ERROR, n->index,
			         "%s: connect() failed (111: Connection refused) while connecting "
			         "to upstream", n->cfg->name);
		if (st == ST_CLOSED && sim__fold(sim, &n->fold[FOLD_CLOSED]))
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

	n->up_active[child->node]--;
	n->errors++;
	if (sim__fold(sim, &n->fold[FOLD_TIMEOUT]))
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

/* Writes the folded counts of each kind of error whose span is over. */
void
sim__lb_flush(struct sim *sim, struct sim_node *n)
{
	char count[32];
	int k;

	for (k = 0; k < FOLD__COUNT; k++) {
		struct sim_fold *f = &n->fold[k];

		if (f->count == 0 || sim->now - f->last < f->span)
			continue;
		sim__fmt_count(count, sizeof count, (double)f->count);
		sim__log(sim, SIM_ERROR, n->index, "%s: %s more %s in the last %lld s",
		         n->cfg->name, count, fold_what[k],
		         (long long)((sim->now - f->last) / SIM_SEC));
		f->count = 0;
		f->last = sim->now;
		f->span = f->span * 2 < LOG_FOLD_MAX ? f->span * 2 : LOG_FOLD_MAX;
		sim->folds_waiting--;
	}
}

/* Every node this proxy may send to, each once. */
static int
all_upstreams(const struct sim_node_cfg *c, int *out)
{
	int n = 0, i, j, k, seen;

	for (i = -1; i < c->n_route_map; i++) {
		const int *up = i < 0 ? c->upstreams : c->route_map[i].upstreams;
		int m = i < 0 ? c->n_upstreams : c->route_map[i].n_upstreams;

		for (j = 0; j < m; j++) {
			for (seen = 0, k = 0; k < n; k++)
				seen |= out[k] == up[j];
			if (!seen)
				out[n++] = up[j];
		}
	}
	return n;
}

static void
health_one(struct sim *sim, struct sim_node *n, int k, const int *ups, int m)
{
	const struct sim_node_cfg *c = n->cfg;
	const char *name = sim->cfg.nodes[k].name;
	int i, live = 0;

	if (sim->nodes[k].up) {
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
	for (i = 0; i < m; i++)
		live += n->up_ok[ups[i]];
	if (live == 0)
		sim__log(sim, SIM_FATAL, n->index, "%s: no live upstreams: the site is unreachable",
		         c->name);
}

void
sim__lb_health(struct sim *sim, struct sim_node *n)
{
	int ups[SIM_MAX_NODES], m = all_upstreams(n->cfg, ups), k;

	if (n->up)
		for (k = 0; k < m; k++)
			health_one(sim, n, ups[k], ups, m);
	sim__schedule(sim, sim->now + n->cfg->health_interval, EV_HEALTH, n->index, 0, 0);
}
