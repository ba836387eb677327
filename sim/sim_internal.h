/* SPDX-License-Identifier: MIT */
/*
 * sim_internal.h: the state of a run, shared by the engine (sim.c) and the component files
 * (workload.c, lb.c, app.c, store.c, monitor.c, metrics.c). Not part of the public API.
 *
 * A request (struct sim_req) is one call from a caller to a node: the client's request to
 * the entry, the load balancer's forward to an app. Requests live in one pool and are
 * named by index; a request's generation changes each time it is freed, so an event or a
 * parent link that kept an old generation is recognised as stale: that is how timers are
 * cancelled (by marking) without searching the heap.
 */
#ifndef SIM_INTERNAL_H
#define SIM_INTERNAL_H

#include <stdarg.h>

#include "evq.h"
#include "rng.h"
#include "sim.h"

#define SIM_NONE UINT32_MAX

#define SIM_SLOT_ARRIVAL(w) (w)
#define SIM_SLOTS SIM_MAX_WORKLOADS

enum sim__ev {
	EV_ARRIVAL,                     /* open workload: the next request; comp: workload */
	EV_USER,                        /* closed workload: a user asks again; arg: user */
	EV_LEVEL,                       /* closed workload: follow the users curve */
	EV_DELIVER,                     /* a request reaches its node after the network */
	EV_REPLY,                       /* a reply reaches the caller after the network */
	EV_TIMEOUT,                     /* the caller gives up on a request */
	EV_CPU_DONE,                    /* an app core finished a burst; comp: app */
	EV_SERVE_DONE,                  /* a db or cache finished a query; comp: that node */
	EV_CONN_WAIT,                   /* waiting for a db connection took too long */
	EV_MONITOR,                     /* monitors look at every node */
	EV_HEALTH,                      /* an lb checks its upstreams; comp: lb */
	EV_RESTART,                     /* a dead app process is back; comp: app */
	EV_FAULT,                       /* a scripted fault starts; arg: fault index */
	EV_FAULT_END,                   /* and ends */
	EV_WAKE,                        /* a request's sleep or hang is over */
	EV_RELAY,                       /* an app's outbox relay looks for rows; comp: app */
	EV_COMMIT,                      /* a consumer commits its offsets; arg: consume index */
	EV_RETRY,                       /* a consumer tries a message again; arg: cons, part */
	EV_SCALE,                       /* a new instance of an app has booted; comp: app */
	EV_FORWARD,                     /* a gateway has checked the token; arg: the child */
	EV_TIMERS,                      /* the head of a timer queue is due; comp: the queue */
	EV_BREAKER,                     /* a HALF_OPEN's time is up; comp: app, arg: target */
	EV__COUNT
};

/* Reply statuses, as HTTP codes where one fits. */
enum sim__status {
	ST_PENDING = 0,
	ST_OK = 200,
	ST_LOGGED_OUT = 401,            /* the session was not found */
	ST_ERROR = 500,                 /* the app failed it (db refused, process killed) */
	ST_TOO_MANY = 429,              /* over a gateway's rate limit */
	ST_BAD_GATEWAY = 502,           /* refused, or no live upstream */
	ST_TIMEOUT = 504,
	ST_CLOSED = 520                 /* the process died with the request inside: a 502 */
};

enum sim__req_flag {
	RQ_CONSUMER = 1 << 0,           /* a broker message being processed, not a client's */
	RQ_CONN = 1 << 1,               /* holds a db connection */
	RQ_WORKER = 1 << 2,             /* holds an app worker */
	RQ_ORPHAN = 1 << 3,             /* the caller gave up; drop the reply */
	RQ_BLACKHOLE = 1 << 4,          /* sent to a dead process: nobody will answer */
	RQ_LOGIN = 1 << 5,              /* this request creates the session */
	RQ_IDEM = 1 << 6,               /* carries an idempotency key (the purchase) */
	RQ_DIRECT = 1 << 7              /* sent to a service by its address, not a gateway */
};

struct sim_list {
	uint32_t head;
	uint32_t tail;
	uint32_t n;
};

struct sim_req {
	uint32_t gen;
	uint32_t parent;                /* caller's request, SIM_NONE for a client's */
	uint32_t parent_gen;
	uint32_t user;
	uint32_t next;                  /* links of the one queue the request waits in */
	uint32_t prev;
	uint32_t inext;                 /* links of its node's in-flight list (apps) */
	uint32_t iprev;
	sim_time t_start;
	sim_time cost;                  /* service time of what it waits for at a store */
	uint32_t key;                   /* cache, write: the key drawn */
	uint32_t order;                 /* payment story: the purchase, SIM_NONE if none */
	uint32_t msg;                   /* consumer: the message's offset in its partition */
	uint32_t span;                  /* trace span, 0: not sampled */
	uint32_t pspan;                 /* the caller's span */
	uint32_t flow;                  /* the publisher's span, for a consumer */
	uint16_t node;
	uint16_t upstream;              /* lb: which upstream slot it went to */
	uint16_t cookie;                /* session cookie: 1 + the node that issued it, 0: none */
	uint16_t status;
	uint16_t callst;                /* app: status of the call it waited for */
	uint16_t at;                    /* the node that owns the list it waits in */
	uint16_t epoch;                 /* consumer: its group's epoch when it started */
	uint8_t route;
	uint8_t workload;
	uint8_t phase;                  /* app: before, during or after its steps */
	uint8_t step;                   /* app: the step it is on */
	uint8_t sub;                    /* app: how far into that step */
	uint8_t fill_at;                /* app: fill the cache once this step is done, or 0 */
	uint8_t flags;
	uint8_t where;                  /* which list it is in, for unlinking on a kill */
	uint8_t attempt;                /* client: retries sent so far */
	uint8_t cons;                   /* consumer: which of the app's consumes */
	uint8_t part;                   /* consumer: the partition */
	uint8_t region;                 /* client: where the user is */
	uint8_t rep;                    /* app: repetitions of the step done so far */
	uint16_t waits;                 /* waits for a db connection so far (names the timer) */
};

enum sim__where { IN_NONE, IN_CPU_Q, IN_BACKLOG, IN_CONN_Q, IN_SERVE_Q, IN_SERVE };

/* A latency histogram: 64 sub-buckets per power of two of microseconds (< 1.6% error). */
#define SIM_HIST_SUB 64
#define SIM_HIST_BUCKETS (40 * SIM_HIST_SUB)

struct sim_hist {
	uint64_t n;
	double sum;
	sim_time max;
	uint32_t bucket[SIM_HIST_BUCKETS];
};

/* Time-weighted utilisation: how many of something are busy, integrated over time. */
struct sim_util {
	int busy;
	sim_time since;
	double area;                    /* busy x microseconds since the last look */
};

/* A kind of error line that repeats: the first is written, the rest counted. */
enum sim__fold {
	FOLD_TIMEOUT, FOLD_REFUSED, FOLD_CLOSED, FOLD_NO_UPSTREAM, FOLD_CALL, FOLD_LIMITED,
	FOLD__COUNT
};

struct sim_fold {
	sim_time last;                  /* when a line was last written, -1: never */
	sim_time span;                  /* how long until the next summary line */
	uint64_t count;                 /* occurrences since then */
};

/* A circuit breaker on the calls from one app to one target (breaker.c). */
enum sim__brk_state { BRK_CLOSED, BRK_OPEN, BRK_HALF_OPEN };

struct sim_breaker {
	int state;
	uint16_t epoch;                 /* bumps at each change of state (names its timer) */
	sim_time since;                 /* when it entered its state */
	uint8_t *ring;                  /* count window: outcome of the last calls */
	int ring_pos;
	int calls;                      /* calls in the window */
	int fails;
	int slows;
	uint32_t *buckets;              /* time window: calls, fails, slows per second */
	sim_time bucket_t;              /* the second the newest bucket holds */
	int trials;                     /* HALF_OPEN: trial calls let through */
	int trial_done;
	int trial_fails;
	int trial_slows;
};

/* A message in a broker partition (broker.c). */
struct sim_msg {
	uint64_t id;                    /* unique in its topic */
	uint32_t order;
	uint32_t user;
	uint32_t flow;                  /* trace span of the request that sent it, 0: none */
};

struct sim_part {
	struct sim_msg *log;
	uint64_t base;                  /* offset of log[0]; older ones were dropped */
	uint32_t n;
	uint32_t cap;
};

struct sim_topic {
	struct sim_part *parts;
	int n_parts;
	uint64_t next_id;
	uint64_t published;
};

/*
 * An app's place in a consumer group (broker.c). The group's state lives in its first
 * member (in node order); every member's `group` points there, and only that one's arrays
 * are allocated.
 */
#define SIM_NO_OWNER UINT16_MAX

struct sim_consumer {
	struct sim_consumer *group;     /* the state this member shares; NULL: not set up yet */
	uint64_t *pos;                  /* per partition: next offset to process */
	uint64_t *committed;            /* per partition: where a new owner resumes */
	uint8_t *busy;                  /* per partition: a message is being processed */
	uint8_t *tries;                 /* per partition: failed attempts at the current one */
	uint16_t *epochs;               /* per partition: bumps on a rewind: older results are
	                                 * ignored */
	uint16_t *owner;                /* per partition: the member taking it, SIM_NO_OWNER */
	uint16_t *by;                   /* per partition: the member that took the last one */
	uint64_t *seen;                 /* ids processed, a bit each, in a window that slides
	                                 * up the ids (broker.c) */
	uint64_t seen_lo;               /* the window's first id, a multiple of 64 */
	uint32_t seen_words;            /* words in seen, a power of two; 0: none yet */
	uint16_t members[64];           /* node * SIM_MAX_CONSUMES + consume, in node order */
	int n_members;                  /* at most 64: one more than that never gets a part */
	uint64_t live;                  /* members up at the last assignment, a bit each */
};

/*
 * The payment story's ledger (story.c): a byte of state for each recent order, in a ring.
 * Order o sits at ring[o & (cap - 1)] while base <= o < next. The orders below base are
 * settled: nothing in the run names them any more, so their bytes were given back, and
 * what they counted lives on in the counts below.
 */
struct sim_ledger {
	uint8_t *ring;
	uint32_t cap;                   /* bytes in ring, a power of two; 0 before any order */
	uint32_t base;                  /* the oldest order kept */
	uint32_t next;                  /* the number the next purchase gets */
	uint64_t unfulfilled;           /* charged, neither posted nor refunded, kept at each
	                                 * change of an order (settled or not) */
	uint64_t settled;               /* orders that left the ring */
	uint64_t settled_unfulfilled;   /* those of them charged without post or refund */
};

/* Rows of an app's outbox table, waiting for the relay (broker.c). */
struct sim_outbox {
	struct sim_msg *rows;
	uint16_t *dest;                 /* broker << 8 | topic */
	uint32_t n;
	uint32_t cap;
};

struct sim_kv;                          /* a cache's keys (cache.c) */

/* A key space named by cache and write steps: its keys have ids base .. base + keys - 1. */
struct sim_space {
	char name[SIM_NAME_MAX];
	uint32_t base;
	uint32_t keys;
	uint32_t *versions;             /* the database's version of each key */
	uint32_t *filling;              /* misses on each key on their way to the database */
	double *cdf;                    /* Zipf popularity, NULL: uniform */
};

/* An app that consumes a topic, found quickly when a message is published. */
struct sim_sub {
	int broker;
	int topic;
	int node;
};

/* Client-side figures of one route (and of one route in one region). */
struct sim_route_stats {
	uint64_t requests;
	uint64_t completed;
	uint64_t failed;
	struct sim_hist lat;
};

/*
 * A route's answers over the current span of its latency objective (monitor.c), overall
 * or in one region: a histogram, so that adding an answer allocates nothing and the
 * watcher finds the median as the report does.
 */
struct sim_objective {
	struct sim_hist lat;
	int over;                       /* the last span told of was over the objective */
};

/*
 * Timers of one fixed duration (an lb's timeout, a call's, a db's connection wait) expire
 * in the order they were set, so they wait in a first-in first-out ring and only the
 * oldest sits in the event heap. Most are cancelled (the answer came first); they cost a
 * slot in the ring instead of two heap operations on a heap made large by their number.
 */
struct sim_timer {
	sim_time at;
	uint32_t arg;
	uint32_t gen;
	uint16_t kind;
	uint16_t comp;
};

struct sim_tq {
	sim_time dur;
	struct sim_timer *ring;
	uint32_t head;
	uint32_t n;
	uint32_t cap;                   /* a power of two */
};

#define SIM_MAX_TQ 32

/* A token bucket (gateway rate limits). */
struct sim_bucket {
	double tokens;
	sim_time at;
};

struct sim_node {
	const struct sim_node_cfg *cfg;
	uint16_t index;
	int up;
	uint64_t handled;
	uint64_t errors;
	struct sim_rng rng;

	/* lb */
	uint32_t rr;                    /* next upstream for round robin */
	uint32_t route_rr[SIM_MAX_ROUTE_MAP];   /* the same per gateway route */
	int up_ok[SIM_MAX_NODES];       /* by node: 1 when the upstream is in rotation */
	int up_fails[SIM_MAX_NODES];
	int up_passes[SIM_MAX_NODES];
	int up_active[SIM_MAX_NODES];
	struct sim_fold fold[FOLD__COUNT];  /* repeated error lines, folded */

	/* app, db, cache: cores and queues */
	struct sim_util cores;
	struct sim_list cpu_q;          /* waiting for a core (app) or for service (db, cache) */
	struct sim_list backlog;        /* app: waiting for a worker */
	struct sim_list inflight;       /* app: every request inside the process */
	int workers_busy;
	double slow;                    /* CPU cost multiplier from a slow fault */
	int has_memory;                 /* app: something uses RAM (a baseline or a share) */
	uint32_t burst_routes;          /* app: bit r, route r is one CPU burst (prepare.c) */
	uint64_t ram_used;
	uint64_t ram_peak;
	uint8_t *sessions;              /* app (local) or cache: a bit per user */
	uint32_t n_sessions;
	uint32_t incarnation;           /* bumps when the process dies */

	/* db */
	uint8_t scans_told;             /* tables whose first full scan was logged, a bit each */
	int conns;
	int conns_peak;
	struct sim_list conn_q;         /* waiting for a connection */

	/* faults and what they change */
	float route_slow[SIM_MAX_ROUTES];   /* a bad deploy's factor per route */
	double error_rate;              /* share of requests that fail */
	sim_time hang;                  /* every request holds on this long first */
	int moved;                      /* its old address no longer answers */

	/* caches, breakers, broker, outbox, gateway, cdn */
	struct sim_kv *kv;              /* cache node's keys, or an app's local cache */
	struct sim_kv *edge_kv[SIM_MAX_REGIONS];    /* cdn: one cache per edge */
	int space;                      /* cdn: the key space of its objects */
	struct sim_breaker *breakers;   /* app with a breaker: one per target node */
	struct sim_topic *topics;       /* broker */
	struct sim_consumer cons[SIM_MAX_CONSUMES];
	struct sim_outbox outbox;
	struct sim_bucket bucket;       /* gateway: the global bucket */
	struct sim_bucket *user_buckets;    /* gateway: one per user */
	int instances;                  /* app: machines running now */
	int booting;                    /* app: machines on their way */
	sim_time t_scaled;              /* app: when the autoscaler last acted */

	/* db replicas under a partition (cap.c) */
	uint8_t *dirty;                 /* per key: 1 written on this side while apart */
	uint32_t n_dirty;

	/* monitor state */
	int warned;                     /* resources warned about: WARN_CPU, WARN_RAM bits */
	int watch_ram;                  /* app: RAM has a size and a use, so it is watched */
	int pool_warned;
	sim_time t_pool_warned;
	double cpu_last;                /* utilisation over the last monitor interval */
	double cpu_avg;                 /* the same, smoothed over a few intervals */
};

struct sim_user {
	uint8_t state;                  /* USER_IDLE, USER_THINKING, USER_ACTIVE */
	uint8_t retiring;
	uint16_t cookie;                /* as in struct sim_req */
};

struct sim_workload {
	const struct sim_workload_cfg *cfg;
	struct sim_rng rng;
	struct sim_user *users;         /* closed: one per possible user */
	uint16_t *cookies;              /* open: the cookie of each user of the population */
	uint32_t n_users;               /* closed: allocated users */
	uint32_t active;                /* closed: users in the loop now, leaving ones too */
	uint32_t leaving;               /* closed: users who leave after their request */
	uint32_t next_id;               /* open without population: fresh ids */
	double rate_max;                /* open: the curve's highest rate, for thinning */
	double gap_mean;                /* open: mean microseconds between draws at rate_max */
	int thinned;                    /* open: the rate varies, so draws are thinned */
	double cum[SIM_MAX_MIX];        /* cumulative route weights */
	/* What every request of the workload carries, worked out once (workload.c). */
	uint32_t id_base;               /* a user's id is id_base + its own number */
	uint8_t region;
	uint8_t flags;                  /* RQ_IDEM, RQ_DIRECT */
	uint16_t entry[SIM_MAX_ROUTES]; /* where a request of each route goes first */
	uint32_t base;                  /* its users' ids start here (sim.c gives each a range) */
	uint32_t size;                  /* how many ids it owns */
	uint32_t replay_pos;            /* replay: the next recorded request */
	int forced_route;               /* replay: the route of the request being sent, or -1 */
	int spike_logged;
};

/*
 * Per-interval figures, for sparklines and the per-second report. The latencies of the
 * interval's successful answers are kept as they come, not in a histogram: a tick then
 * only empties the list where it would clear buckets, and the rare snapshot finds the
 * interval's percentiles from the list (metrics.c), the same as from a histogram.
 */
struct sim_window {
	uint64_t answered;
	uint64_t failed;
	uint64_t hits;                  /* cache and CDN lookups that found their key */
	uint64_t misses;
	sim_time *lat;                  /* grows by doubling, never shrinks */
	uint32_t n_lat;
	uint32_t cap_lat;
};

struct sim_metrics {
	uint64_t requests;
	uint64_t completed;
	uint64_t failed;
	uint64_t timeouts;
	uint64_t refused;
	uint64_t server_errors;
	uint64_t logged_out;
	uint64_t logins;
	uint64_t oom_kills;
	uint64_t crashes;
	uint64_t db_queries;
	uint64_t db_refused;
	uint64_t cache_ops;
	uint64_t cache_hits;
	uint64_t cache_misses;
	uint64_t cache_evictions;
	uint64_t stale_reads;
	uint64_t stampede;
	uint64_t messages_published;
	uint64_t dlq;
	uint64_t consumer_retries;
	uint64_t duplicates_absorbed;
	uint64_t duplicates_processed;
	uint64_t consumer_lag_peak;
	uint64_t charges;
	uint64_t double_charges;
	uint64_t tickets;               /* buyers told of a failure after being charged */
	uint64_t posts_created;
	uint64_t refunds;
	uint64_t idempotent_replays;
	uint64_t breaker_opens;
	uint64_t calls_not_permitted;
	uint64_t fallbacks;
	uint64_t rate_limited;
	uint64_t conflicts;
	uint64_t refused_writes;
	uint64_t retries;
	uint32_t instances_peak;
	uint32_t users_peak;
	double cpu_peak;
	double ram_peak;
	struct sim_hist lat;            /* successful client requests */
	struct sim_util in_system;      /* client requests not yet answered, over time */
};

struct sim {
	struct sim_config cfg;
	uint64_t seed;
	sim_time now;
	uint64_t events;
	uint64_t fingerprint;
	struct sim_evq evq;
	/* Events pending one at a time, beside the heap (sim.c): one slot per workload for
	 * its next arrival, and the monitor's next tick. */
	struct sim_event slots[SIM_SLOTS];
	int n_slots;
	struct sim_event *first_slot;   /* the earliest of them */
	struct sim_event tick;

	struct sim_req *reqs;
	uint32_t n_reqs;
	uint32_t cap_reqs;
	uint32_t free_req;              /* head of the free list, linked through next */
	uint32_t live_reqs;
	struct sim_req req_blank;       /* what a fresh request holds (sim.c) */

	struct sim_node nodes[SIM_MAX_NODES];
	struct sim_workload workloads[SIM_MAX_WORKLOADS];
	uint32_t edge_count[SIM_MAX_NODES][SIM_MAX_NODES + 1];

	struct sim_log_entry *log;
	size_t n_log;
	size_t cap_log;
	uint64_t log_dropped;

	uint32_t session_users;         /* user ids a session table can hold */

	/* built from the config at the start (sim.c) */
	uint8_t route_uses_db[SIM_MAX_ROUTES];
	uint8_t route_orders[SIM_MAX_ROUTES];   /* a client request of it is a purchase */
	int route_counter[SIM_MAX_ROUTES];      /* story counter raised by it, -1: none */
	char counter_names[SIM_MAX_ROUTES][SIM_NAME_MAX];
	uint64_t counters[SIM_MAX_ROUTES];
	int n_counters;
	struct sim_space spaces[SIM_MAX_ROUTES];
	int n_spaces;
	uint32_t total_keys;
	struct sim_sub subs[SIM_MAX_NODES * SIM_MAX_CONSUMES];
	int n_subs;
	int has_network;                /* regions or node latencies: hops take time */
	uint8_t partitioned[SIM_MAX_REGIONS][SIM_MAX_REGIONS];
	struct sim_route_stats *route_stats;    /* per route, then per route and region */
	struct sim_ledger ledger;       /* story.c: the orders of the payment story */
	sim_time t_dlq_log;
	struct sim_tq tqs[SIM_MAX_TQ];
	int n_tqs;
	uint32_t folds_waiting;         /* folded error counts not yet written (lb.c) */
	uint8_t watched[SIM_MAX_NODES]; /* the nodes with cores, which each tick measures */
	int n_watched;
	sim_trace_fn trace_fn;          /* sampled spans go here, NULL: none */
	void *trace_ctx;
	uint32_t trace_one_in;
	uint32_t next_span;
	sim_time *serve_since;          /* store.c: when each sampled request reached its store */
	uint32_t cap_serve_since;
	struct sim_metric_def *mdefs;   /* metrics.c: every metric's name and source */
	int n_mdefs;
	double instance_seconds[SIM_MAX_NODES];  /* for the cost of autoscaled apps */
	sim_time t_cost;
	uint64_t logged_out_told;       /* logged_out when the log last spoke of it */
	sim_time t_story;
	uint64_t unposted_told;         /* support tickets, last said */
	sim_time t_tickets;
	uint64_t stale_told;            /* stale_reads when the log last spoke of them */
	uint64_t stampede_told;         /* stampede misses, likewise */
	sim_time t_stampede;            /* the start of the span they are counted over */
	/* Routes with a latency objective: the first of each one's entries in objectives
	 * (overall, then one per region, used with regions), -1 for the others (prepare.c). */
	int16_t objective_of[SIM_MAX_ROUTES];
	struct sim_objective *objectives;
	sim_time t_objective;           /* the start of the span they are measured over */
	struct sim_metrics m;
	/* The current monitor interval and the one before it, complete. They swap roles at
	 * each tick rather than being copied: a tick may come every simulated second. */
	struct sim_window windows[2];
	int cur;
	int oom_err;                    /* an allocation failed inside the run */
};

/* sim.c: requests, events, the log */
uint32_t sim__req_grow(struct sim *sim);
void sim__timer(struct sim *sim, sim_time dur, enum sim__ev kind, unsigned comp,
                uint32_t arg, uint32_t gen);
void sim__schedule_slot(struct sim *sim, int slot, sim_time at, enum sim__ev kind,
                        unsigned comp);
void sim__schedule_tick(struct sim *sim, sim_time at);
void sim__log(struct sim *sim, enum sim_level level, int node, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void sim__deliver(struct sim *sim, uint32_t r);
void sim__reply(struct sim *sim, uint32_t r, enum sim__status status);
void sim__fmt_count(char *buf, size_t len, double v);
void sim__span_child(struct sim *sim, struct sim_req *parent, struct sim_req *child);

/*
 * Lists of requests, linked through the requests' next and prev: a request waits in one
 * queue at a time, and where says which. A queue is pushed and popped once or twice per
 * request, so these are inline.
 */
static inline void
sim__list_push(struct sim *sim, struct sim_list *l, uint32_t r, enum sim__where w)
{
	struct sim_req *q = &sim->reqs[r];

	q->next = SIM_NONE;
	q->prev = l->tail;
	if (l->tail != SIM_NONE)
		sim->reqs[l->tail].next = r;
	else
		l->head = r;
	l->tail = r;
	l->n++;
	q->where = (uint8_t)w;
}

static inline void
sim__list_remove(struct sim *sim, struct sim_list *l, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];

	if (q->prev != SIM_NONE)
		sim->reqs[q->prev].next = q->next;
	else
		l->head = q->next;
	if (q->next != SIM_NONE)
		sim->reqs[q->next].prev = q->prev;
	else
		l->tail = q->prev;
	l->n--;
	q->next = q->prev = SIM_NONE;
	q->where = IN_NONE;
}

/* Takes the first request of l, or SIM_NONE when l is empty. */
static inline uint32_t
sim__list_pop(struct sim *sim, struct sim_list *l)
{
	uint32_t r = l->head;
	struct sim_req *q;

	if (r == SIM_NONE)
		return r;
	q = &sim->reqs[r];
	l->head = q->next;
	if (q->next != SIM_NONE)
		sim->reqs[q->next].prev = SIM_NONE;
	else
		l->tail = SIM_NONE;
	l->n--;
	q->next = SIM_NONE;
	q->where = IN_NONE;
	return r;
}

/* utilisation: set on every start and end of a burst, so inline */
static inline void
sim__util_set(struct sim_util *u, sim_time now, int busy)
{
	u->area += (double)u->busy * (double)(now - u->since);
	u->since = now;
	u->busy = busy;
}


/* metrics.c */
struct sim_metric_def;
int sim__metrics_init(struct sim *sim);
void sim__hist_add(struct sim_hist *h, sim_time v);
void sim__hist_clear(struct sim_hist *h);
double sim__hist_quantile(const struct sim_hist *h, double q);
void sim__client_done(struct sim *sim, struct sim_req *q);

/* workload.c */
int sim__workload_init(struct sim *sim, int i);
void sim__workload_fini(struct sim_workload *w);
void sim__workload_start(struct sim *sim, int i);
void sim__workload_arrival(struct sim *sim, int i);
void sim__workload_user(struct sim *sim, int i, uint32_t user);
void sim__workload_level(struct sim *sim, int i);
void sim__workload_reply(struct sim *sim, struct sim_req *q);
double sim__curve_at(const struct sim_curve *c, sim_time t);
uint32_t sim__workload_size(const struct sim_workload_cfg *c);

/* lb.c */
void sim__lb_request(struct sim *sim, struct sim_node *n, uint32_t r);
void sim__lb_reply(struct sim *sim, struct sim_node *n, uint32_t child);
void sim__lb_timeout(struct sim *sim, uint32_t child);
void sim__lb_health(struct sim *sim, struct sim_node *n);
void sim__lb_start(struct sim *sim, struct sim_node *n);
void sim__lb_flush(struct sim *sim, struct sim_node *n);
int sim__fold(struct sim *sim, struct sim_fold *f);
void sim__lb_forward(struct sim *sim, struct sim_node *n, uint32_t c);

/* app.c */
void sim__app_request(struct sim *sim, struct sim_node *n, uint32_t r);
int sim__app_accept(struct sim *sim, struct sim_node *n, uint32_t r);
void sim__app_advance(struct sim *sim, struct sim_node *n, uint32_t r);
void sim__app_finish(struct sim *sim, struct sim_node *n, uint32_t r, enum sim__status st);
void sim__app_route_end(struct sim *sim, struct sim_node *n, uint32_t r);
void sim__app_cpu(struct sim *sim, struct sim_node *n, uint32_t r, sim_time cost);
void sim__app_cpu_done(struct sim *sim, struct sim_node *n, uint32_t r);
void sim__app_resume(struct sim *sim, uint32_t r, int ok);
void sim__app_kill(struct sim *sim, struct sim_node *n);
void sim__app_crash(struct sim *sim, struct sim_node *n, sim_time down);
void sim__app_restart(struct sim *sim, struct sim_node *n);
void sim__app_ram(struct sim *sim, struct sim_node *n);
void sim__app_wake(struct sim *sim, uint32_t r);
void sim__app_capacity(struct sim *sim, struct sim_node *n);

/* The cost of a CPU step of r at app n: its draw, slowed by faults there. */
static inline sim_time
sim__cpu_cost(struct sim_node *n, const struct sim_req *q, const struct sim_step_cfg *st)
{
	double x = sim_dist_draw(&st->cost, &n->rng) * n->slow * n->route_slow[q->route];

	return (sim_time)(x + 0.5);
}

/* steps.c */
void sim__steps_run(struct sim *sim, struct sim_node *n, uint32_t r);
void sim__step_resume(struct sim *sim, struct sim_node *n, uint32_t r);
void sim__step_skip(struct sim *sim, uint32_t r);
void sim__step_miss(struct sim *sim, uint32_t r);
void sim__call_reply(struct sim *sim, struct sim_node *n, uint32_t c);
void sim__call_timeout(struct sim *sim, uint32_t c);

/* breaker.c */
int sim__breaker_permit(struct sim *sim, struct sim_node *n, int target);
void sim__breaker_answer(struct sim *sim, struct sim_node *n, int target, int failed,
                         sim_time took);
int sim__breaker_expire(struct sim *sim, struct sim_node *n, int target, uint32_t epoch);
int sim__breaker_state(const struct sim_node *n, int target);
void sim__breakers_free(struct sim_node *n);

/* broker.c */
void sim__broker_publish(struct sim *sim, struct sim_node *b, int topic, uint32_t order,
                         uint32_t user, uint32_t flow);
void sim__broker_free(struct sim_node *b);
void sim__consume_pump(struct sim *sim, struct sim_node *n);
void sim__consume_done(struct sim *sim, uint32_t r);
void sim__consume_retry(struct sim *sim, struct sim_node *n, uint32_t arg, uint32_t epoch);
void sim__consume_commit(struct sim *sim, struct sim_node *n, int k);
void sim__consume_rewind(struct sim *sim, struct sim_node *n);
void sim__consumers_free(struct sim_node *n);
uint64_t sim__consumer_lag(const struct sim *sim);
void sim__outbox_add(struct sim *sim, struct sim_node *n, int dest, uint32_t order,
                     uint32_t user, uint32_t flow);
void sim__outbox_relay(struct sim *sim, struct sim_node *n);
void sim__broker_pin_orders(const struct sim *sim, uint32_t base, uint32_t *span);

/* cache.c */
struct sim_kv *sim__kv_create(uint32_t keys, uint64_t limit);
void sim__kv_destroy(struct sim_kv *kv);
void sim__kv_del(struct sim_kv *kv, uint32_t id);
void sim__kv_clear(struct sim_kv *kv);
int sim__space_init(struct sim_space *sp, double skew);
int sim__space_of(const struct sim *sim, const struct sim_step_cfg *st);
uint32_t sim__cache_key(struct sim *sim, struct sim_node *n, const struct sim_step_cfg *st);
uint32_t sim__cache_key_in(const struct sim_space *sp, double u);
int sim__cache_step(struct sim *sim, struct sim_node *n, uint32_t r,
                    const struct sim_step_cfg *st);
void sim__cache_fill(struct sim *sim, uint32_t r);
void sim__cache_write(struct sim *sim, struct sim_node *n, uint32_t r,
                      const struct sim_step_cfg *st);
void sim__cdn_request(struct sim *sim, struct sim_node *n, uint32_t r);
void sim__cdn_reply(struct sim *sim, struct sim_node *n, uint32_t c);

/* story.c */
int sim__story_charged(struct sim *sim, uint32_t order);
void sim__story_charge(struct sim *sim, uint32_t order);
void sim__story_post(struct sim *sim, uint32_t order);
void sim__story_refund(struct sim *sim, uint32_t order);
uint64_t sim__story_unfulfilled(const struct sim *sim);
uint64_t sim__story_recount(const struct sim *sim);
void sim__story_failed(struct sim *sim, uint32_t order);
uint32_t sim__story_open(struct sim *sim);
void sim__story_free(struct sim *sim);

/* Lowers *span to the distance of order o above base, when o names an order (story.c's
 * floor: the oldest order something still names). */
static inline void
sim__order_pin(uint32_t o, uint32_t base, uint32_t *span)
{
	if (o != SIM_NONE && o - base < *span)
		*span = o - base;
}

/* net.c: regions, partitions and replicas */
sim_time sim__hop(const struct sim *sim, int from_region, int to_region, uint64_t bytes);
int sim__reachable(const struct sim *sim, int from_region, int to_region);
int sim__node_region(const struct sim *sim, int node);
void sim__cap_write(struct sim *sim, struct sim_node *n, uint32_t key);
int sim__cap_refuses(struct sim *sim, struct sim_node *n);
void sim__partition(struct sim *sim, int a, int b, int apart);
void sim__region_loss(struct sim *sim, int region, sim_time duration, int end);
void sim__autoscale(struct sim *sim, struct sim_node *n);
void sim__scale_up(struct sim *sim, struct sim_node *n);


/* store.c: db and cache */
int sim__db_acquire(struct sim *sim, struct sim_node *db, uint32_t r);
void sim__db_release(struct sim *sim, struct sim_node *db);
void sim__db_conn_timeout(struct sim *sim, uint32_t r);
void sim__serve(struct sim *sim, struct sim_node *n, uint32_t r, sim_time cost);
void sim__serve_done(struct sim *sim, struct sim_node *n, uint32_t r, uint32_t gen);
void sim__store_forget(struct sim *sim, uint32_t r);

/* prepare.c */
int sim__prepare(struct sim *sim, char *err, size_t len);
void sim__unprepare(struct sim *sim);

/* monitor.c */
void sim__monitor_init(struct sim *sim);
void sim__monitor_tick(struct sim *sim);
void sim__fault(struct sim *sim, int i, int end);

/*
 * Scheduling and taking a request from the pool happen a few times per request: inline.
 * The only failure is memory, noted on the run, which then stops with an error.
 */
static inline void
sim__schedule(struct sim *sim, sim_time at, enum sim__ev kind, unsigned comp,
              uint32_t arg, uint32_t gen)
{
	if (sim_evq_push(&sim->evq, at, kind, comp, arg, gen) != 0)
		sim->oom_err = 1;
}

/* A fresh request from the pool, started now; SIM_NONE when memory ran out. */
static inline uint32_t
sim__req_alloc(struct sim *sim)
{
	uint32_t r = sim->free_req, gen;
	struct sim_req *q;

	if (r == SIM_NONE && (r = sim__req_grow(sim)) == SIM_NONE)
		return SIM_NONE;
	q = &sim->reqs[r];
	sim->free_req = q->next;
	gen = q->gen;
	*q = sim->req_blank;
	q->gen = gen;
	q->t_start = sim->now;
	sim->live_reqs++;
	return r;
}

/*
 * Gives r back to the pool; its new generation makes every event still naming it stale.
 * A free request names no order, so the ledger's scan of the pool (story.c) skips it.
 */
static inline void
sim__req_free(struct sim *sim, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];

	q->gen++;
	q->order = SIM_NONE;
	q->next = sim->free_req;
	sim->free_req = r;
	sim->live_reqs--;
}

/* Raises the route's own story counter ("notifications_delivered") when it succeeds. */
static inline void
sim__route_done(struct sim *sim, const struct sim_req *q, enum sim__status status)
{
	int c = sim->route_counter[q->route];

	if (status == ST_OK && c >= 0)
		sim->counters[c]++;
}

/* Counts a cache or CDN lookup, over the run and in the current monitor interval. */
static inline void
sim__lookup(struct sim *sim, int hit)
{
	struct sim_window *w = &sim->windows[sim->cur];

	if (hit) {
		sim->m.cache_hits++;
		w->hits++;
	} else {
		sim->m.cache_misses++;
		w->misses++;
	}
}

/* Counts a request from one node to another, for the live view's dots (-1: a client). */
static inline void
sim__edge(struct sim *sim, int from, int to)
{
	sim->edge_count[to][from < 0 ? SIM_MAX_NODES : from]++;
}

static inline int
sim__bit(const uint8_t *bits, uint32_t i)
{
	return bits != NULL && (bits[i >> 3] >> (i & 7)) & 1;
}

/* Sessions kept by an app or a store: a bit per user id below sim->session_users. */
int sim__session_has(const struct sim *sim, const struct sim_node *n, uint32_t user);
void sim__session_set(struct sim *sim, struct sim_node *n, uint32_t user);
void sim__sessions_clear(struct sim *sim, struct sim_node *n);

#endif
