/* SPDX-License-Identifier: MIT */
/*
 * metrics.c: what a run measured, by stable snake_case name, and the snapshot the front
 * ends draw from. Latencies go into log-linear histograms (64 steps per power of two of
 * microseconds), so a percentile is exact to within 1.6% at any scale and adding a sample
 * costs a few bit operations. Names and order here are a public contract: the JSON report,
 * the claims in scenario files and the tests use them.
 */
#include <math.h>
#include <string.h>

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

void
sim__hist_add(struct sim_hist *h, sim_time v)
{
	h->n++;
	h->sum += (double)v;
	if (v > h->max)
		h->max = v;
	h->bucket[hist_index(v)]++;
}

void
sim__hist_clear(struct sim_hist *h)
{
	memset(h, 0, sizeof *h);
}

double
sim__hist_quantile(const struct sim_hist *h, double q)
{
	uint64_t rank, seen = 0;
	int i;

	if (h->n == 0)
		return 0.0;
	rank = (uint64_t)ceil(q * (double)h->n);
	if (rank < 1)
		rank = 1;
	for (i = 0; i < SIM_HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank) {
			double v = hist_value(i);

			return v > (double)h->max ? (double)h->max : v;
		}
	}
	return (double)h->max;
}

/* A client got its answer: count it and time it. */
void
sim__client_done(struct sim *sim, struct sim_req *q)
{
	sim_time lat = sim->now - q->t_start;

	sim__util_set(&sim->m.in_system, sim->now, sim->m.in_system.busy - 1);
	sim->win.answered++;
	if (q->status == ST_OK) {
		sim->m.completed++;
		sim__hist_add(&sim->m.lat, lat);
		sim__hist_add(&sim->win.lat, lat);
		return;
	}
	sim->m.failed++;
	sim->win.failed++;
	if (q->status == ST_TIMEOUT)
		sim->m.timeouts++;
	else if (q->status == ST_BAD_GATEWAY || q->status == ST_CLOSED)
		sim->m.refused++;
	else if (q->status == ST_ERROR)
		sim->m.server_errors++;
}

/* ---- metrics by name ----------------------------------------------------------------- */

enum metric_id {
	M_REQUESTS, M_COMPLETED, M_FAILED, M_ERROR_RATE, M_AVAILABILITY,
	M_LAT_MEAN, M_LAT_P50, M_LAT_P95, M_LAT_P99, M_LAT_MAX, M_THROUGHPUT,
	M_TIMEOUTS, M_REFUSED, M_SERVER_ERRORS, M_LOGGED_OUT, M_LOGINS, M_OOM_KILLS,
	M_CRASHES, M_DB_QUERIES, M_DB_QPS, M_DB_REFUSED, M_DB_CONN_PEAK, M_CACHE_OPS,
	M_CPU_PEAK, M_RAM_PEAK, M_USERS_PEAK, M_IN_SYSTEM, M_COST, M__COUNT
};

static const char *const metric_names[M__COUNT] = {
	"requests", "completed", "failed", "error_rate", "availability",
	"latency_mean_ms", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms",
	"latency_max_ms", "throughput_per_s", "timeouts", "refused", "server_errors",
	"logged_out", "logins", "oom_kills", "crashes", "db_queries", "db_queries_per_s",
	"db_refused", "db_connections_peak", "cache_ops", "cpu_peak", "ram_peak",
	"users_peak", "in_system_mean", "cost_per_month_usd",
};

static double
cost(const struct sim *sim)
{
	double c = 0.0;
	int i;

	for (i = 0; i < sim->cfg.n_nodes; i++)
		c += sim->cfg.nodes[i].cost_per_month;
	return c;
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
ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

static double
metric(const struct sim *sim, enum metric_id id)
{
	const struct sim_metrics *m = &sim->m;
	double secs = (double)sim->now / SIM_SEC;
	uint64_t answered = m->completed + m->failed;

	switch (id) {
	case M_REQUESTS: return (double)m->requests;
	case M_COMPLETED: return (double)m->completed;
	case M_FAILED: return (double)m->failed;
	case M_ERROR_RATE: return ratio(m->failed, answered);
	case M_AVAILABILITY: return answered ? ratio(m->completed, answered) : 1.0;
	case M_LAT_MEAN: return m->lat.n ? m->lat.sum / (double)m->lat.n / 1000.0 : 0.0;
	case M_LAT_P50: return sim__hist_quantile(&m->lat, 0.50) / 1000.0;
	case M_LAT_P95: return sim__hist_quantile(&m->lat, 0.95) / 1000.0;
	case M_LAT_P99: return sim__hist_quantile(&m->lat, 0.99) / 1000.0;
	case M_LAT_MAX: return (double)m->lat.max / 1000.0;
	case M_THROUGHPUT: return secs > 0 ? (double)m->completed / secs : 0.0;
	case M_TIMEOUTS: return (double)m->timeouts;
	case M_REFUSED: return (double)m->refused;
	case M_SERVER_ERRORS: return (double)m->server_errors;
	case M_LOGGED_OUT: return (double)m->logged_out;
	case M_LOGINS: return (double)m->logins;
	case M_OOM_KILLS: return (double)m->oom_kills;
	case M_CRASHES: return (double)m->crashes;
	case M_DB_QUERIES: return (double)m->db_queries;
	case M_DB_QPS: return secs > 0 ? (double)m->db_queries / secs : 0.0;
	case M_DB_REFUSED: return (double)m->db_refused;
	case M_DB_CONN_PEAK: return db_conn_peak(sim);
	case M_CACHE_OPS: return (double)m->cache_ops;
	case M_CPU_PEAK: return m->cpu_peak;
	case M_RAM_PEAK: return m->ram_peak;
	case M_USERS_PEAK: return m->users_peak;
	case M_IN_SYSTEM: return in_system_mean(sim);
	case M_COST: return cost(sim);
	case M__COUNT: break;
	}
	return 0.0;
}

int
sim_metric_count(const struct sim *sim)
{
	(void)sim;
	return M__COUNT;
}

const char *
sim_metric_name(const struct sim *sim, int i)
{
	(void)sim;
	return i >= 0 && i < M__COUNT ? metric_names[i] : NULL;
}

double
sim_metric_value(const struct sim *sim, int i)
{
	return i >= 0 && i < M__COUNT ? metric(sim, (enum metric_id)i) : 0.0;
}

int
sim_metric_get(const struct sim *sim, const char *name, double *value)
{
	int i;

	for (i = 0; i < M__COUNT; i++)
		if (strcmp(metric_names[i], name) == 0) {
			*value = metric(sim, (enum metric_id)i);
			return 0;
		}
	return -1;
}

int
sim_claim_check(const struct sim *sim, const struct sim_claim *c, double *value)
{
	double v;

	if (sim_metric_get(sim, c->metric, &v) != 0)
		return -1;
	*value = v;
	switch (c->op) {
	case SIM_OP_LT: return v < c->value;
	case SIM_OP_LE: return v <= c->value;
	case SIM_OP_GT: return v > c->value;
	case SIM_OP_GE: return v >= c->value;
	case SIM_OP_EQ: return v == c->value;
	case SIM_OP_NE: return v != c->value;
	}
	return 0;
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
		for (k = 0; k < n->cfg->n_upstreams; k++)
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
	v->cpu = c->kind == SIM_NODE_LB ? -1.0 : n->cpu_last;
	v->ram = c->kind == SIM_NODE_APP && c->ram ? (double)n->ram_used / (double)c->ram : -1.0;
	v->pool = c->kind == SIM_NODE_DB ? (double)n->conns / c->max_connections : -1.0;
	v->in_flight = node_in_flight(n);
	v->queued = (int)(n->cpu_q.n + n->backlog.n + n->conn_q.n);
	v->handled = n->handled;
	v->errors = n->errors;
	(void)sim;
}

void
sim_snapshot(const struct sim *sim, struct sim_snapshot *out)
{
	int i, j;
	const struct sim_hist *h = &sim->last.lat;

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
	out->throughput_per_s = (double)(sim->last.answered - sim->last.failed) * SIM_SEC /
	                        (double)sim->cfg.monitor_interval;
	out->error_rate = ratio(sim->last.failed, sim->last.answered);
	out->p50_ms = sim__hist_quantile(h, 0.50) / 1000.0;
	out->p99_ms = sim__hist_quantile(h, 0.99) / 1000.0;
	for (i = 0; i < sim->cfg.n_workloads; i++) {
		const struct sim_workload *w = &sim->workloads[i];

		out->users += w->cfg->kind == SIM_WORKLOAD_CLOSED ? (int)w->active : 0;
	}
}
