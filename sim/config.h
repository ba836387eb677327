/* SPDX-License-Identifier: MIT */
/*
 * config.h: the in-memory form of one runnable model, an era (nodes and routes) joined with
 * one variant of a scenario (workloads, faults, duration, clock). The loader in cfg.c fills
 * these structs from YAML; sim.c only reads them. Everything is fixed-size so that a config
 * can be copied by value, compared, and freed with the struct that holds it.
 *
 * Units inside: times in integer microseconds, sizes in bytes, rates per second, money in
 * US dollars per month. Node references are indexes into sim_config.nodes, -1 when unset.
 */
#ifndef SIM_CONFIG_H
#define SIM_CONFIG_H

#include <stdint.h>

typedef int64_t sim_time;               /* microseconds since the scenario start */

#define SIM_US          ((sim_time)1)
#define SIM_MS          ((sim_time)1000)
#define SIM_SEC         ((sim_time)1000000)
#define SIM_TIME_MAX    INT64_MAX

#define SIM_NAME_MAX    32
#define SIM_TEXT_MAX    256
#define SIM_MAX_NODES   64
#define SIM_MAX_UPSTREAMS 16
#define SIM_MAX_ROUTES  32
#define SIM_MAX_WORKLOADS 8
#define SIM_MAX_FAULTS  64
#define SIM_MAX_CLAIMS  32
#define SIM_MAX_MIX     8

/* Where a value came from in its YAML file, 1-based; line 0 means "not from a file". */
struct sim_pos {
	int line;
	int col;
};

enum sim_dist_kind {
	SIM_DIST_CONST,                 /* a: the value */
	SIM_DIST_EXP,                   /* a: the mean */
	SIM_DIST_UNIFORM,               /* a: low, b: high */
	SIM_DIST_NORMAL,                /* a: mean, b: standard deviation; clamped at 0 */
	SIM_DIST_LOGNORMAL,             /* a: mean, b: standard deviation of the value itself */
	SIM_DIST_PARETO                 /* a: scale (minimum), b: shape alpha > 1 */
};

/* A distribution of durations (microseconds) or plain numbers. */
struct sim_dist {
	enum sim_dist_kind kind;
	double a;
	double b;
};

enum sim_node_kind {
	SIM_NODE_LB,                    /* nginx front or load balancer: proxies to upstreams */
	SIM_NODE_APP,                   /* an application server process on a machine */
	SIM_NODE_DB,                    /* MySQL: connections, cores, a cost per query */
	SIM_NODE_CACHE,                 /* Redis: a single-threaded key-value store */
	SIM_NODE__COUNT
};

enum sim_lb_policy {
	SIM_LB_ROUND_ROBIN,
	SIM_LB_STICKY,                  /* the same user always goes to the same upstream */
	SIM_LB_LEAST_CONN
};

enum sim_session_mode {
	SIM_SESSION_NONE,               /* the app keeps no sessions */
	SIM_SESSION_LOCAL,              /* in the app process's memory */
	SIM_SESSION_STORE,              /* in a shared store (a cache node) */
	SIM_SESSION_JWT                 /* a signed token the client carries */
};

struct sim_node_cfg {
	char name[SIM_NAME_MAX];
	enum sim_node_kind kind;
	struct sim_pos pos;             /* the node's key in the era file */
	double cost_per_month;          /* USD */
	char label[SIM_NAME_MAX];       /* what a diagram prints, "MySQL"; empty: the name */

	/* lb */
	enum sim_lb_policy policy;
	int upstreams[SIM_MAX_UPSTREAMS];
	int n_upstreams;
	sim_time timeout;               /* waiting for a reply: 504 after it (nginx: 60s) */
	sim_time connect_timeout;       /* waiting for an unreachable upstream (nginx: 60s) */
	sim_time health_interval;       /* 0: no active health checks */
	int fall;                       /* failed checks before an upstream is taken out */
	int rise;                       /* passed checks before it is put back */

	/* app */
	int cores;                      /* also used by db and cache */
	int workers;                    /* concurrent requests in the process; 0: no limit */
	int backlog;                    /* accepted connections waiting for a worker */
	uint64_t ram;                   /* bytes the machine has */
	uint64_t ram_baseline;          /* the process and the OS at rest */
	uint64_t ram_per_request;       /* each request inside the process */
	uint64_t ram_per_session;       /* each session kept in the process's memory */
	sim_time restart;               /* down time after a crash or an OOM kill */
	enum sim_session_mode sessions;
	int session_store;              /* cache node for SIM_SESSION_STORE */
	sim_time jwt_cost;              /* CPU to verify a token */
	int db;                         /* db node the routes query, -1: none */
	int hold_db_connection;         /* 1: a connection is held for the whole request */

	/* db */
	int max_connections;
	sim_time conn_wait;             /* wait for a free connection; 0: refuse at once */

	/* cache */
	sim_time op_cost;               /* service time of one get or set */

	/* every kind */
	sim_time latency;               /* one-way network latency to reach this node */
};

/* What the app does for one kind of request. */
struct sim_route_cfg {
	char name[SIM_NAME_MAX];
	struct sim_pos pos;
	struct sim_dist cpu;            /* CPU time on the app */
	int queries;                    /* database queries, one after another */
	struct sim_dist query;          /* service time of one query at the db */
	int needs_session;              /* 1: a user must be logged in */
};

/* A level over time: a rate in requests per second, or a number of users. */
enum sim_curve_kind {
	SIM_CURVE_CONSTANT,             /* base */
	SIM_CURVE_RAMP,                 /* base until at, then linear to peak over ramp, stays */
	SIM_CURVE_SPIKE                 /* like ramp, back to base after hold */
};

struct sim_curve {
	enum sim_curve_kind kind;
	double base;
	double peak;
	sim_time at;
	sim_time ramp;
	sim_time hold;                  /* SIM_TIME_MAX: never comes back */
};

enum sim_workload_kind {
	SIM_WORKLOAD_OPEN,              /* Poisson arrivals at a rate */
	SIM_WORKLOAD_CLOSED             /* N users, each waits for a reply, thinks, asks again */
};

struct sim_workload_cfg {
	char name[SIM_NAME_MAX];
	struct sim_pos pos;
	enum sim_workload_kind kind;
	struct sim_curve level;         /* open: requests/s; closed: concurrent users */
	struct sim_dist think;          /* closed only */
	int population;                 /* open: distinct users drawn from; 0: one per request */
	int entry;                      /* node the requests enter; -1: the era's entry */
	int routes[SIM_MAX_MIX];
	double weights[SIM_MAX_MIX];
	int n_routes;
};

enum sim_fault_kind {
	SIM_FAULT_CRASH,                /* the process dies; it restarts after its restart delay */
	SIM_FAULT_SLOW,                 /* CPU costs multiplied by value for duration */
	SIM_FAULT__COUNT
};

struct sim_fault_cfg {
	struct sim_pos pos;
	enum sim_fault_kind kind;
	sim_time at;
	sim_time duration;
	int node;
	double value;
};

enum sim_claim_op { SIM_OP_LT, SIM_OP_LE, SIM_OP_GT, SIM_OP_GE, SIM_OP_EQ, SIM_OP_NE };

/* "logged_out > 0": a metric compared with a number, checked after a run. */
struct sim_claim {
	char text[SIM_TEXT_MAX];        /* as written */
	char metric[SIM_NAME_MAX * 2];
	enum sim_claim_op op;
	double value;
	struct sim_pos pos;
};

struct sim_config {
	/* the era */
	char era_name[SIM_NAME_MAX];
	char era_title[SIM_TEXT_MAX];
	int era_year;
	struct sim_node_cfg nodes[SIM_MAX_NODES];
	int n_nodes;
	struct sim_route_cfg routes[SIM_MAX_ROUTES];
	int n_routes;
	int entry;                      /* node that clients talk to */

	/* the scenario variant */
	struct sim_workload_cfg workloads[SIM_MAX_WORKLOADS];
	int n_workloads;
	struct sim_fault_cfg faults[SIM_MAX_FAULTS];
	int n_faults;
	sim_time duration;
	sim_time clock_start;           /* time of day of t = 0, for log lines */
	sim_time monitor_interval;      /* how often monitors look; default 1 s */
	double warn_cpu;                /* monitor thresholds, 0..1; default 0.9 */
	double warn_ram;
};

/* Fills a config with the defaults the loader starts from. */
void sim_config_defaults(struct sim_config *cfg);

/* Fills a node with the defaults of its kind (nginx-like timeouts, one core...). */
void sim_node_defaults(struct sim_node_cfg *node, enum sim_node_kind kind);

/* Names used in files and messages: "lb", "round_robin", "store"... */
const char *sim_node_kind_name(enum sim_node_kind kind);

#endif
