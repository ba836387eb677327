/* SPDX-License-Identifier: MIT */
/*
 * sim.h: the public face of the simulation engine. One struct sim holds a whole run: the
 * event set, the random streams, every component's state, the incident log and the metrics.
 * Nothing is global, so tests and front ends may keep many runs side by side.
 *
 * A front end creates a run from a config, advances it with sim_run_until() or sim_step(),
 * reads it through sim_snapshot(), sim_log_*() and sim_metric_*(), and may sim_reset() it
 * to time zero; the same config and seed always replay the same events (sim_fingerprint()).
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct sim;

enum sim_level { SIM_INFO, SIM_WARNING, SIM_ERROR, SIM_FATAL };

struct sim_log_entry {
	sim_time time;
	enum sim_level level;
	int node;                       /* the node it is about, -1 for none */
	char message[160];
};

enum sim_health { SIM_HEALTH_FINE, SIM_HEALTH_BUSY, SIM_HEALTH_SATURATED, SIM_HEALTH_DOWN };

/* One node as a front end draws it. Ratios are 0..1; -1 where they do not apply. */
struct sim_node_view {
	const char *name;
	enum sim_node_kind kind;
	enum sim_health health;
	int up;
	double cpu;                     /* busy cores / cores over the last monitor interval */
	double ram;                     /* used / total */
	double pool;                    /* db: connections in use / max */
	int in_flight;                  /* requests inside the node */
	int queued;                     /* requests waiting for a core, worker or connection */
	uint64_t handled;               /* requests answered since t = 0 */
	uint64_t errors;                /* requests that failed here since t = 0 */
};

/* One edge of the topology with the requests that crossed it since t = 0. */
struct sim_edge_view {
	int from;
	int to;
	uint64_t requests;
};

struct sim_snapshot {
	sim_time now;
	uint64_t events;
	int n_nodes;
	struct sim_node_view nodes[SIM_MAX_NODES];
	int n_edges;
	struct sim_edge_view edges[SIM_MAX_NODES * 4];
	/* the last monitor interval */
	double throughput_per_s;
	double error_rate;              /* failed / answered */
	double p50_ms;
	double p99_ms;
	double hit_ratio;               /* of cache and CDN lookups; -1: there were none */
	int users;                      /* concurrent users or requests in the system */
};

/*
 * Creates a run of cfg with seed. Returns NULL and writes a message to err when the
 * config cannot be run (a reference out of range, no workload); the caller frees the run
 * with sim_destroy().
 */
struct sim *sim_create(const struct sim_config *cfg, uint64_t seed, char *err, size_t errlen);
void sim_destroy(struct sim *sim);

/* Back to time zero with the same config and seed, as if newly created. */
void sim_reset(struct sim *sim);

/* Runs every event up to and including time t, then sets the clock to t. */
void sim_run_until(struct sim *sim, sim_time t);

/* Runs one event; returns 0 when none is left before the end of the run. */
int sim_step(struct sim *sim);

sim_time sim_now(const struct sim *sim);
sim_time sim_end(const struct sim *sim);            /* the config's duration */
int sim_done(const struct sim *sim);                /* the clock reached the end */
uint64_t sim_events(const struct sim *sim);         /* events executed */
uint64_t sim_fingerprint(const struct sim *sim);    /* hash over every executed event */
const struct sim_config *sim_config(const struct sim *sim);

void sim_snapshot(const struct sim *sim, struct sim_snapshot *out);

/* The incident log, oldest first. */
size_t sim_log_count(const struct sim *sim);
const struct sim_log_entry *sim_log_get(const struct sim *sim, size_t i);

/* "02:47:09": t as a time of day after the config's clock start. buf holds 9 bytes. */
void sim_clock_format(const struct sim *sim, sim_time t, char *buf, size_t len);
const char *sim_level_name(enum sim_level level);

/*
 * Metrics by stable snake_case name ("latency_p99_ms", "logged_out"). sim_metric_count()
 * and sim_metric_name() enumerate them in a fixed order; sim_metric_get() returns 0 and
 * sets *value when the name exists, -1 otherwise.
 */
int sim_metric_count(const struct sim *sim);
const char *sim_metric_name(const struct sim *sim, int i);
double sim_metric_value(const struct sim *sim, int i);
int sim_metric_get(const struct sim *sim, const char *name, double *value);

/*
 * The answers a latency figure is made of ("latency_p99_ms", "publish_latency_mean_ms",
 * "image_p50_ms_tokyo"): 0 and *n when name is one, so that a figure of no answers yet
 * can be told from one of 0 ms; -1 for any other name.
 */
int sim_metric_samples(const struct sim *sim, const char *name, uint64_t *n);

/*
 * What node i costs a month, in USD, and the machines it ran on average: its instances,
 * or for an autoscaled app the average of those it ran so far. cost_per_month_usd is
 * the sum over the nodes.
 */
double sim_node_cost(const struct sim *sim, int i, double *instances);

/*
 * For a loader that checks claims before any run exists, on a config other errors may
 * have left half bound: whether a run of cfg may have a metric called name (one every run
 * has, a route's figure, with or without a region, or a route's story counter). When it
 * may not, returns 0 and writes the nearest such name to hint, or "" when none is near.
 * A route that no client sends is counted, so a claim on it is left to the run to refuse.
 */
int sim_metric_may_exist(const struct sim_config *cfg, const char *name, char *hint,
                         size_t len);

/*
 * Tracing: one hop of a sampled request, as the "distributed tracing" of the talk shows it.
 * A client's request is a span; every call it makes downstream is a child span, and so is
 * each query or operation at a store (db, cache, broker); a message it publishes links
 * (flow) to the span of each consumer that processes it.
 */
struct sim_span {
	uint32_t id;                    /* unique in the run, from 1 */
	uint32_t parent;                /* the span that made this call, 0: a client's request */
	uint32_t flow;                  /* the span whose message this one consumed, or 0 */
	int node;                       /* the node that handled it */
	const char *route;
	sim_time start;
	sim_time end;
	int status;                     /* 200, 401, 429, 500, 502, 504 */
};

typedef void (*sim_trace_fn)(void *ctx, const struct sim_span *span);

/*
 * Calls fn once for every hop of one client request in every one_in (1: all of them),
 * when the hop is answered. fn NULL stops tracing. The spans come in the order hops end;
 * a caller that wants them by start time sorts them.
 */
void sim_trace(struct sim *sim, sim_trace_fn fn, void *ctx, uint32_t one_in);

/*
 * Evaluates a claim against the run's metrics: 1 holds, 0 fails, -1 unknown metric, or a
 * claim that compares with another variant's run (the caller has that run: it reads both
 * sides and asks sim_claim_holds()).
 */
int sim_claim_check(const struct sim *sim, const struct sim_claim *claim, double *value);

/* Whether lhs compares with rhs (scaled as the claim says) as the claim says: 1 or 0. */
int sim_claim_holds(const struct sim_claim *claim, double lhs, double rhs);

#endif
