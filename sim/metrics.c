/* SPDX-License-Identifier: MIT */
/*
 * metrics.c: what a run measured, by stable snake_case name, and the snapshot the front
 * ends draw from. Latencies go into log-linear histograms (64 steps per power of two of
 * microseconds), so a percentile is exact to within 1.6% at any scale and adding a sample
 * costs a few bit operations. Names and order here are a public contract: the JSON report,
 * the claims in scenario files and the tests use them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_tree.h"
#include "sim_internal.h"

static int
hist_index(sim_time v)
{
	uint64_t x = v < 1 ? 1 : (uint64_t)v;
	int msb = 63 - __builtin_clzll(x), i;

	if (msb < 6)
		return (int)x;          /* below 64 us every microsecond has its own bucket */
	i = (msb - 5) * SIM_HIST_SUB + (int)((x >> (msb - 6)) & (SIM_HIST_SUB - 1));
	return i < SIM_HIST_BUCKETS ? i : SIM_HIST_BUCKETS - 1;
}

/* The middle of bucket i, in microseconds. */
static double
hist_value(int i)
{
	int msb;
	double lo, width;

	if (i < SIM_HIST_SUB)
		return i;
	msb = i / SIM_HIST_SUB + 5;
	width = ldexp(1.0, msb - 6);
	lo = ldexp(1.0, msb) + (i % SIM_HIST_SUB) * width;
	return lo + width / 2.0;
}

/* Adds v, whose bucket is i: a client's answer goes into up to four histograms, and the
 * bucket is found once for them all. */
static inline void
hist_put(struct sim_hist *h, int i, sim_time v)
{
	h->n++;
	h->sum += (double)v;
	if (v > h->max)
		h->max = v;
	h->bucket[i]++;
}

void
sim__hist_add(struct sim_hist *h, sim_time v)
{
	hist_put(h, hist_index(v), v);
}

/* Empties h; only the buckets up to its largest value's can hold anything. */
void
sim__hist_clear(struct sim_hist *h)
{
	if (h->n > 0)
		memset(h->bucket, 0, (size_t)(hist_index(h->max) + 1) * sizeof h->bucket[0]);
	h->n = 0;
	h->sum = 0.0;
	h->max = 0;
}

double
sim__hist_quantile(const struct sim_hist *h, double q)
{
	uint64_t rank, seen = 0;
	int i, top;

	if (h->n == 0)
		return 0.0;
	rank = (uint64_t)ceil(q * (double)h->n);
	if (rank < 1)
		rank = 1;
	/* The buckets above the largest value's are empty: the walk ends there at worst. */
	top = hist_index(h->max);
	for (i = 0; i <= top; i++) {
		seen += h->bucket[i];
		if (seen >= rank) {
			double v = hist_value(i);

			return v > (double)h->max ? (double)h->max : v;
		}
	}
	return (double)h->max;
}

/* Notes a successful answer's latency in the current interval. */
static inline void
window_note(struct sim *sim, struct sim_window *w, sim_time lat)
{
	if (w->n_lat == w->cap_lat) {
		uint32_t cap = w->cap_lat ? w->cap_lat * 2 : 64;
		sim_time *a = realloc(w->lat, (size_t)cap * sizeof *a);

		if (a == NULL) {
			sim->oom_err = 1;
			return;
		}
		w->lat = a;
		w->cap_lat = cap;
	}
	w->lat[w->n_lat++] = lat;
}

/*
 * A successful answer of a route with a latency objective: overall, or with regions in
 * its client's region only, as the watcher judges them. Errors are left out: a request
 * that failed fast would make a broken route look quick, and the error lines tell of it.
 */
static inline void
objective_note(struct sim *sim, const struct sim_req *q, int b, sim_time lat)
{
	int i = sim->objective_of[q->route];

	if (sim->cfg.n_regions > 0)
		i += 1 + q->region;
	hist_put(&sim->objectives[i].lat, b, lat);
}

/* A client got its answer: count it and time it, overall and for its route. */
void
sim__client_done(struct sim *sim, struct sim_req *q)
{
	sim_time lat = sim->now - q->t_start;
	int b = hist_index(lat);
	struct sim_route_stats *rs = &sim->route_stats[q->route];
	struct sim_route_stats *rr = NULL;
	struct sim_window *win = &sim->windows[sim->cur];

	if (sim->cfg.n_regions > 0)
		rr = &sim->route_stats[sim->cfg.n_routes * (1 + q->region) + q->route];
	sim__util_set(&sim->m.in_system, sim->now, sim->m.in_system.busy - 1);
	win->answered++;
	/* A route's latency is how long its callers waited for an answer, good or bad: a
	 * 504 after ten seconds is ten seconds of somebody's time. */
	hist_put(&rs->lat, b, lat);
	if (rr != NULL)
		hist_put(&rr->lat, b, lat);
	if (q->status == ST_OK) {
		if (sim->objective_of[q->route] >= 0)
			objective_note(sim, q, b, lat);
		sim->m.completed++;
		hist_put(&sim->m.lat, b, lat);
		window_note(sim, win, lat);
		rs->completed++;
		if (rr != NULL)
			rr->completed++;
		return;
	}
	rs->failed++;
	sim->m.failed++;
	if (q->order != SIM_NONE)
		sim__story_failed(sim, q->order);
	win->failed++;
	if (q->status == ST_TIMEOUT)
		sim->m.timeouts++;
	else if (q->status == ST_BAD_GATEWAY || q->status == ST_CLOSED)
		sim->m.refused++;
	else if (q->status == ST_ERROR)
		sim->m.server_errors++;
}

/* ---- metrics by name ----------------------------------------------------------------- */

/*
 * The fixed metrics come first, in this order, then per route (for the routes clients
 * ask for), per route and region (when the era has regions), and the routes' own story
 * counters. The table of names is built once per run.
 */
#define FIXED(X) \
	X(REQUESTS, "requests", (double)m->requests) \
	X(COMPLETED, "completed", (double)m->completed) \
	X(FAILED, "failed", (double)m->failed) \
	X(ERROR_RATE, "error_rate", ratio(m->failed, m->completed + m->failed)) \
	X(AVAILABILITY, "availability", availability(m)) \
	X(LAT_MEAN, "latency_mean_ms", hist_mean_ms(&m->lat)) \
	X(LAT_P50, "latency_p50_ms", sim__hist_quantile(&m->lat, 0.50) / 1000.0) \
	X(LAT_P95, "latency_p95_ms", sim__hist_quantile(&m->lat, 0.95) / 1000.0) \
	X(LAT_P99, "latency_p99_ms", sim__hist_quantile(&m->lat, 0.99) / 1000.0) \
	X(LAT_MAX, "latency_max_ms", (double)m->lat.max / 1000.0) \
	X(THROUGHPUT, "throughput_per_s", per_s(sim, m->completed)) \
	X(TIMEOUTS, "timeouts", (double)m->timeouts) \
	X(REFUSED, "refused", (double)m->refused) \
	X(SERVER_ERRORS, "server_errors", (double)m->server_errors) \
	X(LOGGED_OUT, "logged_out", (double)m->logged_out) \
	X(LOGINS, "logins", (double)m->logins) \
	X(OOM_KILLS, "oom_kills", (double)m->oom_kills) \
	X(CRASHES, "crashes", (double)m->crashes) \
	X(DB_QUERIES, "db_queries", (double)m->db_queries) \
	X(DB_QPS, "db_queries_per_s", per_s(sim, m->db_queries)) \
	X(DB_REFUSED, "db_refused", (double)m->db_refused) \
	X(DB_CONN_PEAK, "db_connections_peak", db_conn_peak(sim)) \
	X(CACHE_OPS, "cache_ops", (double)m->cache_ops) \
	X(CACHE_HIT_RATIO, "cache_hit_ratio", ratio(m->cache_hits, m->cache_hits + m->cache_misses)) \
	X(CACHE_EVICTIONS, "cache_evictions", (double)m->cache_evictions) \
	X(STALE_READS, "stale_reads", (double)m->stale_reads) \
	X(STAMPEDE, "cache_stampede_misses", (double)m->stampede) \
	X(CPU_PEAK, "cpu_peak", m->cpu_peak) \
	X(RAM_PEAK, "ram_peak", m->ram_peak) \
	X(USERS_PEAK, "users_peak", m->users_peak) \
	X(IN_SYSTEM, "in_system_mean", in_system_mean(sim)) \
	X(MESSAGES, "messages_published", (double)m->messages_published) \
	X(DLQ, "dlq", (double)m->dlq) \
	X(CONSUMER_RETRIES, "consumer_retries", (double)m->consumer_retries) \
	X(DUP_ABSORBED, "duplicates_absorbed", (double)m->duplicates_absorbed) \
	X(DUP_PROCESSED, "duplicates_processed", (double)m->duplicates_processed) \
	X(LAG_PEAK, "consumer_lag_peak", (double)m->consumer_lag_peak) \
	X(CHARGES, "charges", (double)m->charges) \
	X(CHARGED_NO_POST, "charged_without_post", (double)sim__story_unfulfilled(sim)) \
	X(DOUBLE_CHARGES, "double_charges", (double)m->double_charges) \
	X(TICKETS, "support_tickets", (double)m->tickets) \
	X(POSTS, "posts_created", (double)m->posts_created) \
	X(REFUNDS, "refunds", (double)m->refunds) \
	X(IDEM_REPLAYS, "idempotent_replays", (double)m->idempotent_replays) \
	X(BREAKER_OPENS, "breaker_opens", (double)m->breaker_opens) \
	X(NOT_PERMITTED, "calls_not_permitted", (double)m->calls_not_permitted) \
	X(FALLBACKS, "fallbacks", (double)m->fallbacks) \
	X(RATE_LIMITED, "rate_limited", (double)m->rate_limited) \
	X(CONFLICTS, "conflicts", (double)m->conflicts) \
	X(REFUSED_WRITES, "refused_writes", (double)m->refused_writes) \
	X(RETRIES, "retries", (double)m->retries) \
	X(INSTANCES_PEAK, "instances_peak", (double)m->instances_peak) \
	X(COST, "cost_per_month_usd", cost(sim))

#define AS_ID(id, name, expr) M_##id,
#define AS_NAME(id, name, expr) name,
#define AS_CASE(id, name, expr) case M_##id: return expr;

enum metric_id { FIXED(AS_ID) M__COUNT };

static const char *const fixed_names[M__COUNT] = { FIXED(AS_NAME) };

/* What a per-route metric measures. */
enum route_field { RF_REQUESTS, RF_COMPLETED, RF_SUCCESS, RF_MEAN, RF_P50, RF_P99, RF__COUNT };

static const char *const route_fields[RF__COUNT] = {
	"requests", "completed", "success_ratio", "latency_mean_ms", "p50_ms", "p99_ms"
};

enum metric_kind { MK_FIXED, MK_ROUTE, MK_ROUTE_REGION, MK_COUNTER };

struct sim_metric_def {
	char name[SIM_NAME_MAX * 2 + 24];
	uint8_t kind;
	uint8_t field;
	uint16_t route;
	uint16_t region;
};

static double
ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

static double
per_s(const struct sim *sim, uint64_t n)
{
	double secs = (double)sim->now / SIM_SEC;

	return secs > 0 ? (double)n / secs : 0.0;
}

static double
hist_mean_ms(const struct sim_hist *h)
{
	return h->n ? h->sum / (double)h->n / 1000.0 : 0.0;
}

static double
availability(const struct sim_metrics *m)
{
	uint64_t answered = m->completed + m->failed;

	return answered ? ratio(m->completed, answered) : 1.0;
}

/* Little's L: the time-average number of client requests in the system. */
static double
in_system_mean(const struct sim *sim)
{
	const struct sim_util *u = &sim->m.in_system;

	if (sim->now <= 0)
		return 0.0;
	return (u->area + (double)u->busy * (double)(sim->now - u->since)) / (double)sim->now;
}

double
sim_node_cost(const struct sim *sim, int i, double *instances)
{
	const struct sim_node_cfg *n = &sim->cfg.nodes[i];
	double secs = (double)sim->now / SIM_SEC, k = n->instances > 0 ? n->instances : 1;

	/* An autoscaled app costs what it ran, on average, over the run. */
	if (n->autoscale_max > 0 && secs > 0)
		k = sim->instance_seconds[i] / secs;
	if (instances != NULL)
		*instances = k;
	return n->cost_per_month * k;
}

static double
cost(const struct sim *sim)
{
	double c = 0.0;
	int i;

	for (i = 0; i < sim->cfg.n_nodes; i++)
		c += sim_node_cost(sim, i, NULL);
	return c;
}

static int
db_conn_peak(const struct sim *sim)
{
	int i, peak = 0;

	for (i = 0; i < sim->cfg.n_nodes; i++)
		if (sim->nodes[i].conns_peak > peak)
			peak = sim->nodes[i].conns_peak;
	return peak;
}

static double
fixed_metric(const struct sim *sim, enum metric_id id)
{
	const struct sim_metrics *m = &sim->m;

	switch (id) {
	FIXED(AS_CASE)
	case M__COUNT:
		break;
	}
	return 0.0;
}

static double
route_metric(const struct sim_route_stats *rs, int field)
{
	switch (field) {
	case RF_REQUESTS: return (double)rs->requests;
	case RF_COMPLETED: return (double)rs->completed;
	case RF_SUCCESS: return rs->completed + rs->failed ?
	                        ratio(rs->completed, rs->completed + rs->failed) : 1.0;
	case RF_MEAN: return hist_mean_ms(&rs->lat);
	case RF_P50: return sim__hist_quantile(&rs->lat, 0.50) / 1000.0;
	default: return sim__hist_quantile(&rs->lat, 0.99) / 1000.0;
	}
}

static void
add_def(struct sim *sim, int kind, int field, int route, int region)
{
	struct sim_metric_def *d = &sim->mdefs[sim->n_mdefs++];
	const char *rn = route >= 0 ? sim->cfg.routes[route].name : "";

	d->kind = (uint8_t)kind;
	d->field = (uint8_t)field;
	d->route = (uint16_t)route;
	d->region = (uint16_t)region;
	if (kind == MK_FIXED)
		snprintf(d->name, sizeof d->name, "%s", fixed_names[field]);
	else if (kind == MK_ROUTE)
		snprintf(d->name, sizeof d->name, "%s_%s", rn, route_fields[field]);
	else if (kind == MK_ROUTE_REGION)
		snprintf(d->name, sizeof d->name, "%s_%s_%s", rn, route_fields[field],
		         sim->cfg.regions[region]);
	else
		snprintf(d->name, sizeof d->name, "%s", sim->counter_names[route]);
}

/* The routes clients send, each once, in route order. */
static int
client_route(const struct sim *sim, int r)
{
	int i, k;

	for (i = 0; i < sim->cfg.n_workloads; i++)
		for (k = 0; k < sim->cfg.workloads[i].n_routes; k++)
			if (sim->cfg.workloads[i].routes[k] == r)
				return 1;
	return 0;
}

int
sim__metrics_init(struct sim *sim)
{
	int per_route = RF__COUNT * (1 + sim->cfg.n_regions), i, r, g;
	size_t n = M__COUNT + (size_t)sim->cfg.n_routes * per_route + SIM_MAX_ROUTES;

	sim->mdefs = calloc(n, sizeof *sim->mdefs);
	if (sim->mdefs == NULL)
		return -1;
	for (i = 0; i < M__COUNT; i++)
		add_def(sim, MK_FIXED, i, -1, 0);
	for (r = 0; r < sim->cfg.n_routes; r++) {
		if (!client_route(sim, r))
			continue;
		for (i = 0; i < RF__COUNT; i++)
			add_def(sim, MK_ROUTE, i, r, 0);
		for (g = 0; g < sim->cfg.n_regions; g++)
			for (i = RF_MEAN; i < RF__COUNT; i++)
				add_def(sim, MK_ROUTE_REGION, i, r, g);
	}
	for (i = 0; i < sim->n_counters; i++)
		add_def(sim, MK_COUNTER, 0, i, 0);
	return 0;
}

static double
metric(const struct sim *sim, const struct sim_metric_def *d)
{
	switch (d->kind) {
	case MK_FIXED:
		return fixed_metric(sim, (enum metric_id)d->field);
	case MK_ROUTE:
		return route_metric(&sim->route_stats[d->route], d->field);
	case MK_ROUTE_REGION:
		return route_metric(&sim->route_stats[sim->cfg.n_routes * (1 + d->region) +
		                                      d->route], d->field);
	default:
		return (double)sim->counters[d->route];
	}
}

/* Whether name is route's figure field, alone or in one of cfg's regions. */
static int
route_figure(const struct sim_config *cfg, const char *name, const char *route, int field)
{
	size_t n = strlen(route), f = strlen(route_fields[field]);
	int g;

	if (strncmp(name, route, n) != 0 || name[n] != '_' ||
	    strncmp(name + n + 1, route_fields[field], f) != 0)
		return 0;
	name += n + 1 + f;
	if (*name == '\0')
		return 1;
	for (g = 0; field >= RF_MEAN && g < cfg->n_regions; g++)
		if (name[0] == '_' && strcmp(name + 1, cfg->regions[g]) == 0)
			return 1;
	return 0;
}

/* The nearest to name of the names every run has and of cfg's routes' figures, or "". */
static void
metric_hint(const struct sim_config *cfg, const char *name, char *hint, size_t len)
{
	enum { W = SIM_NAME_MAX * 2 + 24 };
	int max = M__COUNT + cfg->n_routes * (RF__COUNT + 1), n = 0, i, r;
	const char **ptrs = malloc((size_t)max * sizeof *ptrs);
	char (*names)[W] = malloc((size_t)max * sizeof *names);
	const char *near = NULL;

	if (ptrs != NULL && names != NULL) {
		for (i = 0; i < M__COUNT; i++)
			ptrs[n++] = fixed_names[i];
		for (r = 0; r < cfg->n_routes; r++) {
			for (i = 0; i < RF__COUNT; i++) {
				snprintf(names[n], W, "%s_%s", cfg->routes[r].name, route_fields[i]);
				ptrs[n] = names[n];
				n++;
			}
			if (cfg->routes[r].counts[0] != '\0')
				ptrs[n++] = cfg->routes[r].counts;
		}
		near = cfg_suggest(name, ptrs, n);
	}
	snprintf(hint, len, "%s", near != NULL ? near : "");
	free(names);
	free(ptrs);
}

int
sim_metric_may_exist(const struct sim_config *cfg, const char *name, char *hint,
                     size_t len)
{
	int i, r;

	for (i = 0; i < M__COUNT; i++)
		if (strcmp(name, fixed_names[i]) == 0)
			return 1;
	for (r = 0; r < cfg->n_routes; r++) {
		for (i = 0; i < RF__COUNT; i++)
			if (route_figure(cfg, name, cfg->routes[r].name, i))
				return 1;
		if (cfg->routes[r].counts[0] != '\0' && strcmp(name, cfg->routes[r].counts) == 0)
			return 1;
	}
	metric_hint(cfg, name, hint, len);
	return 0;
}

int
sim_metric_count(const struct sim *sim)
{
	return sim->n_mdefs;
}

const char *
sim_metric_name(const struct sim *sim, int i)
{
	return i >= 0 && i < sim->n_mdefs ? sim->mdefs[i].name : NULL;
}

double
sim_metric_value(const struct sim *sim, int i)
{
	return i >= 0 && i < sim->n_mdefs ? metric(sim, &sim->mdefs[i]) : 0.0;
}

int
sim_metric_get(const struct sim *sim, const char *name, double *value)
{
	int i;

	for (i = 0; i < sim->n_mdefs; i++)
		if (strcmp(sim->mdefs[i].name, name) == 0) {
			*value = metric(sim, &sim->mdefs[i]);
			return 0;
		}
	return -1;
}

/* The answers behind latency metric d, or NULL when d is no latency figure. */
static const struct sim_hist *
metric_hist(const struct sim *sim, const struct sim_metric_def *d)
{
	switch (d->kind) {
	case MK_FIXED:
		return d->field >= M_LAT_MEAN && d->field <= M_LAT_MAX ? &sim->m.lat : NULL;
	case MK_ROUTE:
		return d->field >= RF_MEAN ? &sim->route_stats[d->route].lat : NULL;
	case MK_ROUTE_REGION:
		return d->field >= RF_MEAN ? &sim->route_stats[sim->cfg.n_routes *
		                                               (1 + d->region) + d->route].lat :
		                             NULL;
	default:
		return NULL;
	}
}

int
sim_metric_samples(const struct sim *sim, const char *name, uint64_t *n)
{
	int i;

	for (i = 0; i < sim->n_mdefs; i++)
		if (strcmp(sim->mdefs[i].name, name) == 0) {
			const struct sim_hist *h = metric_hist(sim, &sim->mdefs[i]);

			if (!h)
				return -1;
			*n = h->n;
			return 0;
		}
	return -1;
}

int
sim_claim_holds(const struct sim_claim *c, double v, double w)
{
	if (c->scale_op == '*')
		w *= c->scale;
	else if (c->scale_op == '/')
		w /= c->scale;
	switch (c->op) {
	case SIM_OP_LT: return v < w;
	case SIM_OP_LE: return v <= w;
	case SIM_OP_GT: return v > w;
	case SIM_OP_GE: return v >= w;
	case SIM_OP_EQ: return v == w;
	case SIM_OP_NE: return v != w;
	}
	return 0;
}

int
sim_claim_check(const struct sim *sim, const struct sim_claim *c, double *value)
{
	double v, w = c->value;

	if (c->rhs_variant[0] != '\0' || sim_metric_get(sim, c->metric, &v) != 0)
		return -1;
	if (c->rhs[0] != '\0' && sim_metric_get(sim, c->rhs, &w) != 0)
		return -1;
	*value = v;
	return sim_claim_holds(c, v, w);
}

/* ---- the snapshot ------------------------------------------------------------------ */

static enum sim_health
node_health(const struct sim_node *n)
{
	double load;

	if (!n->up)
		return SIM_HEALTH_DOWN;
	load = n->cpu_avg;
	if (n->cfg->kind == SIM_NODE_APP && n->cfg->ram > 0) {
		double ram = (double)n->ram_used / (double)n->cfg->ram;

		load = ram > load ? ram : load;
	}
	if (n->cfg->kind == SIM_NODE_DB && n->cfg->max_connections > 0) {
		double pool = (double)n->conns / n->cfg->max_connections;

		load = pool > load ? pool : load;
	}
	if (load >= 0.9)
		return SIM_HEALTH_SATURATED;
	return load >= 0.7 ? SIM_HEALTH_BUSY : SIM_HEALTH_FINE;
}

static int
node_in_flight(const struct sim_node *n)
{
	int k, sum = 0;

	switch (n->cfg->kind) {
	case SIM_NODE_APP:
		return (int)n->inflight.n;
	case SIM_NODE_LB:
	case SIM_NODE_GATEWAY:
		for (k = 0; k < SIM_MAX_NODES; k++)
			sum += n->up_active[k];
		return sum;
	default:
		return n->cores.busy;
	}
}

static void
node_view(const struct sim *sim, const struct sim_node *n, struct sim_node_view *v)
{
	const struct sim_node_cfg *c = n->cfg;

	v->name = c->name;
	v->kind = c->kind;
	v->up = n->up;
	v->health = node_health(n);
	v->cpu = sim_kind_is_proxy(c->kind) ? -1.0 : n->cpu_last;
	/* RAM is shown only where the era models it: a baseline or a share per request. */
	v->ram = c->kind == SIM_NODE_APP && c->ram &&
	         c->ram_baseline + c->ram_per_request + c->ram_per_session > 0 ?
	         (double)n->ram_used / (double)c->ram : -1.0;
	v->pool = c->kind == SIM_NODE_DB ? (double)n->conns / c->max_connections : -1.0;
	v->in_flight = node_in_flight(n);
	v->queued = (int)(n->cpu_q.n + n->backlog.n + n->conn_q.n);
	v->handled = n->handled;
	v->errors = n->errors;
	(void)sim;
}

static int
cmp_time(const void *a, const void *b)
{
	sim_time x = *(const sim_time *)a, y = *(const sim_time *)b;

	return (x > y) - (x < y);
}

/*
 * The q-quantile of n latencies sorted in v, exactly as sim__hist_quantile() gives it for
 * their histogram: buckets grow with the value, so the bucket the walk stops at is that of
 * the rank-th smallest value; its middle, but never more than the largest value.
 */
static double
sorted_quantile(const sim_time *v, uint32_t n, double q)
{
	uint64_t rank;
	sim_time max;
	double mid;

	if (n == 0)
		return 0.0;
	rank = (uint64_t)ceil(q * (double)n);
	if (rank < 1)
		rank = 1;
	max = v[n - 1] > 0 ? v[n - 1] : 0;
	mid = hist_value(hist_index(v[rank - 1]));
	return mid > (double)max ? (double)max : mid;
}

/* The interval's p50 and p99 in ms, from a sorted copy of its latencies. */
static void
window_percentiles(const struct sim_window *w, double *p50, double *p99)
{
	sim_time small[256], *v = small;

	*p50 = *p99 = 0.0;
	if (w->n_lat > 256 && (v = malloc(w->n_lat * sizeof *v)) == NULL)
		return;
	if (w->n_lat > 0)
		memcpy(v, w->lat, w->n_lat * sizeof *v);
	qsort(v, w->n_lat, sizeof *v, cmp_time);
	*p50 = sorted_quantile(v, w->n_lat, 0.50) / 1000.0;
	*p99 = sorted_quantile(v, w->n_lat, 0.99) / 1000.0;
	if (v != small)
		free(v);
}

void
sim_snapshot(const struct sim *sim, struct sim_snapshot *out)
{
	int i, j;
	const struct sim_window *last = &sim->windows[sim->cur ^ 1];

	memset(out, 0, sizeof *out);
	out->now = sim->now;
	out->events = sim->events;
	out->n_nodes = sim->cfg.n_nodes;
	for (i = 0; i < sim->cfg.n_nodes; i++)
		node_view(sim, &sim->nodes[i], &out->nodes[i]);
	for (i = 0; i < sim->cfg.n_nodes; i++)
		for (j = 0; j <= SIM_MAX_NODES; j++) {
			struct sim_edge_view *e;

			if (sim->edge_count[i][j] == 0 || out->n_edges == SIM_MAX_NODES * 4)
				continue;
			e = &out->edges[out->n_edges++];
			e->to = i;
			e->from = j == SIM_MAX_NODES ? -1 : j;
			e->requests = sim->edge_count[i][j];
		}
	out->throughput_per_s = (double)(last->answered - last->failed) * SIM_SEC /
	                        (double)sim->cfg.monitor_interval;
	out->error_rate = ratio(last->failed, last->answered);
	window_percentiles(last, &out->p50_ms, &out->p99_ms);
	out->hit_ratio = last->hits + last->misses == 0 ? -1.0 :
	                 (double)last->hits / (double)(last->hits + last->misses);
	for (i = 0; i < sim->cfg.n_workloads; i++) {
		const struct sim_workload *w = &sim->workloads[i];

		out->users += w->cfg->kind == SIM_WORKLOAD_CLOSED ? (int)w->active : 0;
	}
}
