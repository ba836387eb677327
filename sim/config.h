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
#define SIM_MAX_MIX     16
#define SIM_MAX_STEPS   8
#define SIM_MAX_REGIONS 8
#define SIM_MAX_LINKS   28
#define SIM_MAX_TABLES  4
#define SIM_MAX_INDEXES 4
#define SIM_MAX_TOPICS  8
#define SIM_MAX_CONSUMES 4
#define SIM_MAX_ROUTE_MAP 16
#define SIM_MAX_REPLICAS 4

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
	SIM_NODE_GATEWAY,               /* an lb that routes by route, limits rates, checks JWTs */
	SIM_NODE_BROKER,                /* Kafka: topics, partitions, consumer groups */
	SIM_NODE_CDN,                   /* edges per region caching objects of an origin */
	SIM_NODE__COUNT
};

enum sim_lb_policy {
	SIM_LB_ROUND_ROBIN,
	SIM_LB_STICKY,                  /* the same user always goes to the same upstream */
	SIM_LB_LEAST_CONN,
	SIM_LB_NEAREST                  /* the healthy upstream closest to the user */
};

enum sim_session_mode {
	SIM_SESSION_NONE,               /* the app keeps no sessions */
	SIM_SESSION_LOCAL,              /* in the app process's memory */
	SIM_SESSION_STORE,              /* in a shared store (a cache node) */
	SIM_SESSION_JWT                 /* a signed token the client carries */
};

/* A table of a db: a query by an indexed column costs about log2(rows) lookups, any other
 * about rows row reads. */
struct sim_table_cfg {
	char name[SIM_NAME_MAX];
	uint64_t rows;
	char indexes[SIM_MAX_INDEXES][SIM_NAME_MAX];
	int n_indexes;
};

/* A broker topic. */
struct sim_topic_cfg {
	char name[SIM_NAME_MAX];
	int partitions;
};

/* An app consuming a topic: each message becomes a request of route on this app. */
struct sim_consume_cfg {
	int broker;                     /* node */
	int topic;                      /* index in that broker's topics */
	int route;
	char group[SIM_NAME_MAX];       /* consumer group; default the app's name */
	int retries;                    /* attempts after the first before the DLQ */
	sim_time backoff;               /* before the first retry; doubles each time */
	int idempotent;                 /* 1: a redelivered message is recognised and skipped */
	int compensate;                 /* topic (same broker) told of a parked message, -1 */
	sim_time commit_interval;       /* offsets are committed this often (Kafka: 5 s) */
};

/* A circuit breaker on an app's outgoing calls, one per target (resilience4j's rules). */
enum sim_window_kind { SIM_WINDOW_COUNT, SIM_WINDOW_TIME };

struct sim_breaker_cfg {
	int enabled;
	enum sim_window_kind window;
	int window_size;                /* calls (count) or seconds (time) */
	int min_calls;
	double failure_rate;            /* open at or above this share of failed calls */
	double slow_rate;               /* open at or above this share of slow calls */
	sim_time slow_call;             /* a call slower than this is slow */
	sim_time wait_open;             /* time in OPEN before HALF_OPEN */
	int half_open_calls;            /* trial calls permitted in HALF_OPEN */
	sim_time max_wait_half_open;    /* 0: wait for the trials; else back to OPEN after it */
};

/* A gateway's routing table: requests of route go to one of these upstreams. */
struct sim_route_map {
	int route;
	int upstreams[SIM_MAX_UPSTREAMS];
	int n_upstreams;
};

enum sim_limit_scope { SIM_LIMIT_GLOBAL, SIM_LIMIT_USER };

enum sim_cap_mode { SIM_CAP_NONE, SIM_CAP_AP, SIM_CAP_CP };

struct sim_node_cfg {
	char name[SIM_NAME_MAX];
	enum sim_node_kind kind;
	struct sim_pos pos;             /* the node's key in the era file */
	double cost_per_month;          /* USD */
	char label[SIM_NAME_MAX];       /* what a diagram prints, "MySQL"; empty: the name */
	char answers[SIM_TEXT_MAX];     /* the pain this box was invented for, or "" */

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

	/* db: tables and what a row costs */
	struct sim_table_cfg tables[SIM_MAX_TABLES];
	int n_tables;
	double scan_rate;               /* rows a scan reads per second */
	sim_time lookup_cost;           /* one level of an index */
	/* db: replicas of one data set in several regions, and what a partition does */
	int replicas[SIM_MAX_REPLICAS];
	int n_replicas;
	enum sim_cap_mode cap;

	/* cache: memory for keys, least recently used out first */
	uint64_t memory;

	/* app: a cache in the process's own memory, and what it consumes */
	uint64_t local_cache;           /* bytes; 0: none */
	struct sim_consume_cfg consumes[SIM_MAX_CONSUMES];
	int n_consumes;
	struct sim_breaker_cfg breaker;
	int instances;                  /* machines of this app, cores each; 1 by default */
	int autoscale_max;              /* 0: no autoscaling */
	int autoscale_min;
	double autoscale_cpu;           /* add an instance above this smoothed CPU */
	sim_time autoscale_delay;       /* a new instance takes this long to boot */
	int outbox_relay;               /* 1: a relay publishes the outbox every relay_interval */
	sim_time relay_interval;

	/* gateway */
	struct sim_route_map route_map[SIM_MAX_ROUTE_MAP];
	int n_route_map;
	double rate_limit;              /* requests/s; 0: none */
	int rate_burst;                 /* requests above the rate let through at once */
	enum sim_limit_scope limit_scope;

	/* broker */
	struct sim_topic_cfg topics[SIM_MAX_TOPICS];
	int n_topics;
	sim_time publish_cost;          /* time to append one message */

	/* cdn */
	int origin;                     /* node the edges fetch from */
	int edges[SIM_MAX_REGIONS];     /* regions with an edge */
	int n_edges;
	sim_time object_ttl;
	int objects;                    /* distinct objects requested, Zipf-popular */

	/* every kind */
	sim_time latency;               /* one-way network latency to reach this node */
	int region;                     /* -1: the config's first region, or none */
};

enum sim_step_kind {
	SIM_STEP_CPU,                   /* cost: a burst on one of the app's cores */
	SIM_STEP_QUERY,                 /* a query at the app's db: cost, or table and column */
	SIM_STEP_SLEEP,                 /* cost: waiting on something outside, holding a worker */
	SIM_STEP_CALL,                  /* a synchronous call to route at node, with timeout */
	SIM_STEP_PUBLISH,               /* a message to topic at broker node, not waited for */
	SIM_STEP_CACHE,                 /* read a key through a cache; a miss runs the next step */
	SIM_STEP_WRITE,                 /* change a key: the db, then invalidate the caches */
	SIM_STEP_CHARGE,                /* the payment story: charge the user's card */
	SIM_STEP_OUTBOX,                /* write topic's message in the same transaction */
	SIM_STEP_POST,                  /* the payment story: create the paid-for post */
	SIM_STEP_REFUND,                /* the payment story: give the money back */
	SIM_STEP__COUNT
};

struct sim_step_cfg {
	enum sim_step_kind kind;
	struct sim_pos pos;
	struct sim_dist cost;
	int node;                       /* call: target; publish: broker; cache: -1 local */
	int route;                      /* call: the route asked for at node */
	int topic;                      /* publish, outbox: topic index at the broker */
	sim_time timeout;               /* call: give up after it; 0: wait for ever */
	int optional;                   /* call: a failure is a fallback, not an error */
	char table[SIM_NAME_MAX];       /* query: with a column, costed from the db's table */
	char by[SIM_NAME_MAX];
	char space[SIM_NAME_MAX];       /* cache, write: the key space; writes invalidate it */
	int keys;                       /* cache, write: size of the key space */
	double zipf;                    /* cache, write: popularity skew; 0: uniform */
	sim_time ttl;                   /* cache: a key expires this long after it is set */
	uint64_t size;                  /* cache: bytes per value */
	int repeat;                     /* query: run it this many times; 0 or 1: once */
};

/* What the app does for one kind of request. */
struct sim_route_cfg {
	char name[SIM_NAME_MAX];
	struct sim_pos pos;
	struct sim_dist cpu;            /* CPU time on the app */
	int queries;                    /* database queries, one after another */
	struct sim_dist query;          /* service time of one query at the db */
	int needs_session;              /* 1: a user must be logged in */
	struct sim_step_cfg steps[SIM_MAX_STEPS];   /* when given, instead of cpu and queries */
	int n_steps;
	double fail;                    /* chance that the route's code fails a request */
	double reject;                  /* share of purchases it refuses every time (by order) */
	uint64_t response;              /* bytes sent back; large ones take network time */
	char counts[SIM_NAME_MAX];      /* story counter raised when it succeeds, or "" */
	sim_time objective;             /* the median answer it should stay within; 0: none */
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
	SIM_WORKLOAD_CLOSED,            /* N users, each waits for a reply, thinks, asks again */
	SIM_WORKLOAD_REPLAY             /* requests at recorded moments, from an access log */
};

struct sim_workload_cfg {
	char name[SIM_NAME_MAX];
	struct sim_pos pos;
	int region;                     /* where the users are, -1: the first region */
	int retries;                    /* a failed request is sent again this many times */
	sim_time retry_backoff;
	int idempotency;                /* 1: a retry carries the first attempt's key */
	int direct;                     /* 1: clients call each route's service by address */
	struct sim_route_map targets[SIM_MAX_ROUTE_MAP];    /* with direct: where each goes */
	int n_targets;

	/* replay: the recorded requests, owned by whoever loaded them (the loader keeps them
	 * with its cfg_scenario), shared read-only by every copy of the config */
	const sim_time *replay_at;      /* from the first request, ascending */
	const uint32_t *replay_user;
	const uint8_t *replay_route;
	uint32_t n_replay;
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
	SIM_FAULT_ERRORS,               /* a share value of requests fail for duration */
	SIM_FAULT_DOWN,                 /* the process dies and stays down for duration */
	SIM_FAULT_HANG,                 /* every request holds on for value seconds first */
	SIM_FAULT_MOVE,                 /* the node gets a new address: direct callers fail */
	SIM_FAULT_PARTITION,            /* regions region and region2 cannot reach each other */
	SIM_FAULT_REGION_LOSS,          /* every node of region goes down for duration */
	SIM_FAULT_DEPLOY,               /* a bad deploy: route's CPU times value for duration */
	SIM_FAULT__COUNT
};

struct sim_fault_cfg {
	struct sim_pos pos;
	enum sim_fault_kind kind;
	sim_time at;
	sim_time duration;
	int node;
	int route;                      /* -1: every route */
	int region;
	int region2;
	double value;
};

struct sim_link_cfg {
	int a;
	int b;
	sim_time latency;               /* one way */
	double bandwidth;               /* bytes per second; 0: no limit */
};

enum sim_claim_op { SIM_OP_LT, SIM_OP_LE, SIM_OP_GT, SIM_OP_GE, SIM_OP_EQ, SIM_OP_NE };

/*
 * "logged_out > 0": a metric compared with a number, checked after a run. The right side
 * may be a metric of the same run ("refunds == dlq") or of another variant's run, scaled
 * ("db_queries_per_s <= pain.db_queries_per_s / 10"): the fix measured against its pain.
 */
struct sim_claim {
	char text[SIM_TEXT_MAX];        /* as written */
	char metric[SIM_NAME_MAX * 2];
	enum sim_claim_op op;
	double value;
	char rhs[SIM_NAME_MAX * 2];     /* compare with this metric, or "": with value */
	char rhs_variant[SIM_NAME_MAX]; /* the variant whose run rhs is read from, "": this one */
	char scale_op;                  /* '*' or '/': rhs is multiplied or divided by scale */
	double scale;
	struct sim_pos pos;
};

struct sim_config {
	/* the era */
	char era_name[SIM_NAME_MAX];
	char era_title[SIM_TEXT_MAX];
	char era_description[1024];     /* the slide text */
	int era_year;
	struct sim_node_cfg nodes[SIM_MAX_NODES];
	int n_nodes;
	struct sim_route_cfg routes[SIM_MAX_ROUTES];
	int n_routes;
	int entry;                      /* node that clients talk to */
	char regions[SIM_MAX_REGIONS][SIM_NAME_MAX];
	int n_regions;
	struct sim_link_cfg links[SIM_MAX_LINKS];
	int n_links;
	sim_time region_latency;        /* within one region */
	double region_bandwidth;        /* within one region, bytes/s; 0: no limit */

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

/* Whether a kind forwards requests to upstreams (an lb or a gateway). */
static inline int
sim_kind_is_proxy(enum sim_node_kind kind)
{
	return kind == SIM_NODE_LB || kind == SIM_NODE_GATEWAY;
}

/* Fills a config with the defaults the loader starts from. */
void sim_config_defaults(struct sim_config *cfg);

/* Fills a node with the defaults of its kind (nginx-like timeouts, one core...). */
void sim_node_defaults(struct sim_node_cfg *node, enum sim_node_kind kind);

/* Names used in files and messages: "lb", "round_robin", "store"... */
const char *sim_node_kind_name(enum sim_node_kind kind);

#endif
