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
	EV__COUNT
};

/* Reply statuses, as HTTP codes where one fits. */
enum sim__status {
	ST_PENDING = 0,
	ST_OK = 200,
	ST_LOGGED_OUT = 401,            /* the session was not found */
	ST_ERROR = 500,                 /* the app failed it (db refused, process killed) */
	ST_BAD_GATEWAY = 502,           /* refused, or no live upstream */
	ST_TIMEOUT = 504,
	ST_CLOSED = 520                 /* the process died with the request inside: a 502 */
};

enum sim__req_flag {
	RQ_SPARE = 1 << 0,
	RQ_CONN = 1 << 1,               /* holds a db connection */
	RQ_WORKER = 1 << 2,             /* holds an app worker */
	RQ_ORPHAN = 1 << 3,             /* the caller gave up; drop the reply */
	RQ_BLACKHOLE = 1 << 4,          /* sent to a dead process: nobody will answer */
	RQ_LOGIN = 1 << 5               /* this request creates the session */
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
	uint16_t node;
	uint16_t upstream;              /* lb: which upstream slot it went to */
	uint16_t cookie;                /* session cookie: 1 + the node that issued it, 0: none */
	uint16_t status;
	uint8_t route;
	uint8_t workload;
	uint8_t step;                   /* app: where it is in its route */
	uint8_t queries_left;
	uint8_t flags;
	uint8_t where;                  /* which list it is in, for unlinking on a kill */
	uint16_t at;                    /* the node that owns that list */
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
enum sim__fold { FOLD_TIMEOUT, FOLD_REFUSED, FOLD_CLOSED, FOLD_NO_UPSTREAM, FOLD__COUNT };

struct sim_fold {
	sim_time last;                  /* when a line was last written, -1: never */
	uint64_t count;                 /* occurrences since then */
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
	int up_ok[SIM_MAX_UPSTREAMS];   /* 1 when the upstream is in rotation */
	int up_fails[SIM_MAX_UPSTREAMS];
	int up_passes[SIM_MAX_UPSTREAMS];
	int up_active[SIM_MAX_UPSTREAMS];
	struct sim_fold fold[FOLD__COUNT];  /* repeated error lines, folded */

	/* app, db, cache: cores and queues */
	struct sim_util cores;
	struct sim_list cpu_q;          /* waiting for a core (app) or for service (db, cache) */
	struct sim_list backlog;        /* app: waiting for a worker */
	struct sim_list inflight;       /* app: every request inside the process */
	int workers_busy;
	double slow;                    /* CPU cost multiplier from a slow fault */
	uint64_t ram_used;
	uint64_t ram_peak;
	uint8_t *sessions;              /* app (local) or cache: a bit per user */
	uint32_t n_sessions;
	uint32_t incarnation;           /* bumps when the process dies */

	/* db */
	int conns;
	int conns_peak;
	struct sim_list conn_q;         /* waiting for a connection */

	/* monitor state */
	int warned;                     /* a resource warning is standing */
	int pool_warned;
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
	double cum[SIM_MAX_MIX];        /* cumulative route weights */
	int spike_logged;
};

/* Per-interval figures, for sparklines and the per-second report. */
struct sim_window {
	uint64_t answered;
	uint64_t failed;
	struct sim_hist lat;
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

	struct sim_req *reqs;
	uint32_t n_reqs;
	uint32_t cap_reqs;
	uint32_t free_req;              /* head of the free list, linked through next */
	uint32_t live_reqs;

	struct sim_node nodes[SIM_MAX_NODES];
	struct sim_workload workloads[SIM_MAX_WORKLOADS];
	uint32_t edge_count[SIM_MAX_NODES][SIM_MAX_NODES + 1];

	struct sim_log_entry *log;
	size_t n_log;
	size_t cap_log;
	uint64_t log_dropped;

	uint32_t session_users;         /* user ids a session table can hold */
	uint64_t logged_out_told;       /* logged_out when the log last spoke of it */
	sim_time t_story;
	struct sim_metrics m;
	struct sim_window win;          /* the current monitor interval */
	struct sim_window last;         /* the one before, complete */
	int oom_err;                    /* an allocation failed inside the run */
};

/* sim.c: requests, events, the log */
uint32_t sim__req_alloc(struct sim *sim);
void sim__req_free(struct sim *sim, uint32_t r);
void sim__schedule(struct sim *sim, sim_time at, enum sim__ev kind, unsigned comp,
                   uint32_t arg, uint32_t gen);
void sim__log(struct sim *sim, enum sim_level level, int node, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void sim__deliver(struct sim *sim, uint32_t r);
void sim__reply(struct sim *sim, uint32_t r, enum sim__status status);
void sim__edge(struct sim *sim, int from, int to);
void sim__fmt_count(char *buf, size_t len, double v);

/* lists of requests */
void sim__list_push(struct sim *sim, struct sim_list *l, uint32_t r, enum sim__where w);
uint32_t sim__list_pop(struct sim *sim, struct sim_list *l);
void sim__list_remove(struct sim *sim, struct sim_list *l, uint32_t r);

/* utilisation */
void sim__util_set(struct sim_util *u, sim_time now, int busy);
double sim__util_take(struct sim_util *u, sim_time now, sim_time span, int capacity);

/* metrics.c */
void sim__hist_add(struct sim_hist *h, sim_time v);
double sim__hist_quantile(const struct sim_hist *h, double q);
void sim__hist_clear(struct sim_hist *h);
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

/* lb.c */
void sim__lb_request(struct sim *sim, struct sim_node *n, uint32_t r);
void sim__lb_reply(struct sim *sim, struct sim_node *n, uint32_t child);
void sim__lb_timeout(struct sim *sim, uint32_t child);
void sim__lb_health(struct sim *sim, struct sim_node *n);
void sim__lb_start(struct sim *sim, struct sim_node *n);
void sim__lb_flush(struct sim *sim, struct sim_node *n);

/* app.c */
void sim__app_request(struct sim *sim, struct sim_node *n, uint32_t r);
void sim__app_cpu_done(struct sim *sim, struct sim_node *n, uint32_t r);
void sim__app_resume(struct sim *sim, uint32_t r, int ok);
void sim__app_kill(struct sim *sim, struct sim_node *n, const char *why);
void sim__app_restart(struct sim *sim, struct sim_node *n);
void sim__app_ram(struct sim *sim, struct sim_node *n);

/* store.c: db and cache */
int sim__db_acquire(struct sim *sim, struct sim_node *db, uint32_t r);
void sim__db_release(struct sim *sim, struct sim_node *db);
void sim__db_conn_timeout(struct sim *sim, uint32_t r);
void sim__serve(struct sim *sim, struct sim_node *n, uint32_t r);
void sim__serve_done(struct sim *sim, struct sim_node *n, uint32_t r, uint32_t gen);
void sim__store_forget(struct sim *sim, uint32_t r);

/* monitor.c */
void sim__monitor_tick(struct sim *sim);
void sim__fault(struct sim *sim, int i, int end);

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
