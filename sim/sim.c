/* SPDX-License-Identifier: MIT */
/*
 * sim.c: the engine. It owns the clock, the event set, the request pool and the incident
 * log, and hands each event to the component that handles it. The loop in sim_step() is
 * the hot path: it pops an event, skips it if its request has moved on (a cancelled timer),
 * folds it into the fingerprint and dispatches on its kind. Nothing here allocates per
 * event: requests come from a pool that only grows while the number alive at once grows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define FP_PRIME 0x100000001b3ULL

/* ---- requests ---------------------------------------------------------------------- */

static int
req_grow(struct sim *sim)
{
	uint32_t cap = sim->cap_reqs ? sim->cap_reqs * 2 : 1024, i;
	struct sim_req *r = realloc(sim->reqs, (size_t)cap * sizeof *r);

	if (r == NULL)
		return -1;
	memset(r + sim->cap_reqs, 0, (size_t)(cap - sim->cap_reqs) * sizeof *r);
	for (i = sim->cap_reqs; i < cap; i++) {
		r[i].next = i + 1 < cap ? i + 1 : SIM_NONE;
		r[i].order = SIM_NONE;  /* a free request names no order (story.c) */
	}
	sim->free_req = sim->cap_reqs;
	sim->reqs = r;
	sim->cap_reqs = cap;
	return 0;
}

/*
 * What a fresh request holds, copied over a freed one. The copy comes from the run's state
 * rather than a constant: gcc compiles the copy of a struct it cannot see into a few
 * vector moves, but clearing one it can see (memset, or a constant that is mostly zeros)
 * into `rep stos`, whose start-up cost was then paid for every request.
 */
static void
req_blank_init(struct sim *sim)
{
	struct sim_req *q = &sim->req_blank;

	memset(q, 0, sizeof *q);
	q->parent = SIM_NONE;
	q->next = q->prev = q->inext = q->iprev = SIM_NONE;
	q->order = SIM_NONE;
}

/* The pool is empty: double it; returns its first free request, or SIM_NONE. */
uint32_t
sim__req_grow(struct sim *sim)
{
	if (req_grow(sim) != 0) {
		sim->oom_err = 1;
		return SIM_NONE;
	}
	return sim->free_req;
}

/* ---- lists ------------------------------------------------------------------------- */

static void
list_init(struct sim_list *l)
{
	l->head = l->tail = SIM_NONE;
	l->n = 0;
}

/* ---- events ------------------------------------------------------------------------ */

/*
 * Slots beside the heap. Each open workload's next arrival is always pending one at a
 * time, so it waits in a slot of its own instead of the heap, which saves a push and a
 * pop per request (the heap of M/M/1 then holds the one customer in service). The
 * earliest slot is kept at hand, so that finding the next event is still one comparison
 * with the heap's first. A slot's key comes from the heap's sequence, so events run in the
 * same order as if they were in the heap.
 */
static void
slots_init(struct sim *sim)
{
	int i;

	sim->n_slots = sim->cfg.n_workloads;
	for (i = 0; i < SIM_SLOTS; i++) {
		sim->slots[i].time = SIM_TIME_MAX;
		sim->slots[i].key = 0;
	}
	sim->first_slot = &sim->slots[0];
	sim->tick.time = SIM_TIME_MAX;
	sim->tick.key = 0;
}

static inline void
slots_find_first(struct sim *sim)
{
	struct sim_event *first = &sim->slots[0];
	int i;

	for (i = 1; i < sim->n_slots; i++)
		if (sim_evq_less(&sim->slots[i], first))
			first = &sim->slots[i];
	sim->first_slot = first;
}

void
sim__schedule_slot(struct sim *sim, int slot, sim_time at, enum sim__ev kind, unsigned comp)
{
	struct sim_event *ev = &sim->slots[slot];

	ev->time = at;
	ev->key = sim_evq_key(&sim->evq, kind, comp);
	ev->arg = ev->gen = 0;
	if (sim_evq_less(ev, sim->first_slot))
		sim->first_slot = ev;
	else if (sim->first_slot == ev)
		slots_find_first(sim);
}

/*
 * The monitor's next tick is neither in the heap nor among the slots: the loop runs the
 * events before it, then the tick, as a boundary (sim_run_until()). Its key still comes
 * from the heap's sequence, so it keeps its place among events of the same time. Taking
 * it out of the comparison of "which comes next" matters in a run with one arrival a
 * tick or so: there which of the tick, the arrival and the end of a service comes first
 * is a coin toss the processor guesses wrong half the time, while "is the tick next?" is
 * nearly always no.
 */
void
sim__schedule_tick(struct sim *sim, sim_time at)
{
	sim->tick.time = at;
	sim->tick.key = sim_evq_key(&sim->evq, EV_MONITOR, 0);
}

/* The earliest pending event: the heap's first or the earliest slot. */
static inline const struct sim_event *
next_event(const struct sim *sim)
{
	const struct sim_event *top = sim_evq_peek(&sim->evq);

	return top != NULL && sim_evq_less(top, sim->first_slot) ? top : sim->first_slot;
}

/* ---- timer queues ----------------------------------------------------------------- */

static struct sim_tq *
tq_for(struct sim *sim, sim_time dur, int *index)
{
	int i;

	for (i = 0; i < sim->n_tqs; i++)
		if (sim->tqs[i].dur == dur) {
			*index = i;
			return &sim->tqs[i];
		}
	if (sim->n_tqs == SIM_MAX_TQ)
		return NULL;
	*index = sim->n_tqs;
	sim->tqs[sim->n_tqs].dur = dur;
	return &sim->tqs[sim->n_tqs++];
}

static int
tq_grow(struct sim_tq *q)
{
	uint32_t cap = q->cap ? q->cap * 2 : 256, i;
	struct sim_timer *ring = malloc((size_t)cap * sizeof *ring);

	if (ring == NULL)
		return -1;
	for (i = 0; i < q->n; i++)
		ring[i] = q->ring[(q->head + i) & (q->cap - 1)];
	free(q->ring);
	q->ring = ring;
	q->head = 0;
	q->cap = cap;
	return 0;
}

/* Sets a timer dur from now; timers of equal duration share one queue. */
void
sim__timer(struct sim *sim, sim_time dur, enum sim__ev kind, unsigned comp, uint32_t arg,
           uint32_t gen)
{
	struct sim_timer *t;
	struct sim_tq *q;
	int i;

	q = tq_for(sim, dur, &i);
	if (q == NULL) {
		/* More distinct durations than queues: the heap takes it. */
		sim__schedule(sim, sim->now + dur, kind, comp, arg, gen);
		return;
	}
	if (q->n == q->cap && tq_grow(q) != 0) {
		sim->oom_err = 1;
		return;
	}
	t = &q->ring[(q->head + q->n++) & (q->cap - 1)];
	*t = (struct sim_timer){ sim->now + dur, arg, gen, (uint16_t)kind, (uint16_t)comp };
	if (q->n == 1)
		sim__schedule(sim, t->at, EV_TIMERS, (unsigned)i, 0, 0);
}

static void
tqs_free(struct sim *sim)
{
	int i;

	for (i = 0; i < SIM_MAX_TQ; i++)
		free(sim->tqs[i].ring);
}

static void
node_request(struct sim *sim, uint32_t r)
{
	struct sim_node *n = &sim->nodes[sim->reqs[r].node];

	/* Most requests go to apps: a test and a direct call, not the switch's jump. */
	if (n->cfg->kind == SIM_NODE_APP) {
		sim__app_request(sim, n, r);
		return;
	}
	switch (n->cfg->kind) {
	case SIM_NODE_LB:
	case SIM_NODE_GATEWAY:
		sim__lb_request(sim, n, r);
		break;
	case SIM_NODE_APP:
		sim__app_request(sim, n, r);
		break;
	case SIM_NODE_CDN:
		sim__cdn_request(sim, n, r);
		break;
	default:
		/* Requests go to proxies, apps and CDNs; the loader refuses anything else. */
		sim__reply(sim, r, ST_BAD_GATEWAY);
		break;
	}
}

/* The region a reply starts from: a CDN answers from the edge in the user's region. */
static int
reply_region(const struct sim *sim, const struct sim_req *q)
{
	int r = sim__node_region(sim, q->node);

	return r < 0 ? q->region : r;
}

void
sim__deliver(struct sim *sim, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];
	sim_time lat;

	if (!sim->has_network) {
		node_request(sim, r);
		return;
	}
	if (sim->cfg.nodes[q->node].kind != SIM_NODE_CDN &&
	    !sim__reachable(sim, q->region, sim__node_region(sim, q->node))) {
		/* Lost in a partition: a proxy's timer will tell; a client hears nothing. */
		if (q->parent == SIM_NONE)
			sim__reply(sim, r, ST_BAD_GATEWAY);
		else
			q->flags |= RQ_BLACKHOLE;
		return;
	}
	/* A CDN answers from the edge in the caller's own region: a hop within it. */
	lat = sim->cfg.nodes[q->node].latency +
	      sim__hop(sim, q->region, sim->cfg.nodes[q->node].kind == SIM_NODE_CDN ?
	               q->region : sim__node_region(sim, q->node), 0);
	if (lat > 0)
		sim__schedule(sim, sim->now + lat, EV_DELIVER, q->node, r, q->gen);
	else
		node_request(sim, r);
}

/* The reply has crossed the network: hand it to whoever asked. */
static void
reply_arrive(struct sim *sim, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];
	struct sim_node *pn;
	struct sim_req *p;

	if (q->flags & RQ_CONSUMER) {
		sim__consume_done(sim, r);
		return;
	}
	if (q->parent == SIM_NONE) {
		if (q->flags & RQ_ORPHAN)
			sim__req_free(sim, r);
		else
			sim__workload_reply(sim, q);
		return;
	}
	p = &sim->reqs[q->parent];
	if ((q->flags & RQ_ORPHAN) || p->gen != q->parent_gen) {
		sim__req_free(sim, r);
		return;
	}
	pn = &sim->nodes[p->node];
	switch (pn->cfg->kind) {
	case SIM_NODE_APP:
		sim__call_reply(sim, pn, r);
		break;
	case SIM_NODE_CDN:
		sim__cdn_reply(sim, pn, r);
		break;
	default:
		sim__lb_reply(sim, pn, r);
		break;
	}
}

void
sim_trace(struct sim *sim, sim_trace_fn fn, void *ctx, uint32_t one_in)
{
	sim->trace_fn = fn;
	sim->trace_ctx = ctx;
	sim->trace_one_in = one_in > 0 ? one_in : 1;
}

/* A call from a sampled request is sampled too, as a child of its span. */
void
sim__span_child(struct sim *sim, struct sim_req *parent, struct sim_req *child)
{
	if (parent->span == 0)
		return;
	child->span = ++sim->next_span;
	child->pspan = parent->span;
}

static void
span_end(struct sim *sim, const struct sim_req *q)
{
	struct sim_span s;

	s.id = q->span;
	s.parent = q->pspan;
	s.flow = q->flow;
	s.node = q->node;
	s.route = sim->cfg.routes[q->route].name;
	s.start = q->t_start;
	s.end = sim->now;
	s.status = q->status == ST_CLOSED ? ST_BAD_GATEWAY : q->status;
	sim->trace_fn(sim->trace_ctx, &s);
}

void
sim__reply(struct sim *sim, uint32_t r, enum sim__status status)
{
	struct sim_req *q = &sim->reqs[r];
	sim_time lat;

	q->status = (uint16_t)status;
	if (q->span != 0 && sim->trace_fn != NULL)
		span_end(sim, q);
	if (!sim->has_network || (q->flags & (RQ_ORPHAN | RQ_CONSUMER))) {
		reply_arrive(sim, r);
		return;
	}
	lat = sim->cfg.nodes[q->node].latency +
	      sim__hop(sim, reply_region(sim, q), q->region,
	               status == ST_OK ? sim->cfg.routes[q->route].response : 0);
	if (lat > 0)
		sim__schedule(sim, sim->now + lat, EV_REPLY, q->node, r, q->gen);
	else
		reply_arrive(sim, r);
}

/* A caller's timer fired on child c: the proxy or the app that called gives up. */
static void
timeout(struct sim *sim, uint32_t c)
{
	struct sim_req *child = &sim->reqs[c];

	if (child->parent == SIM_NONE)
		return;
	if (sim->cfg.nodes[sim->reqs[child->parent].node].kind == SIM_NODE_APP)
		sim__call_timeout(sim, c);
	else
		sim__lb_timeout(sim, c);
}

static inline int
stale(const struct sim *sim, const struct sim_event *ev)
{
	return sim->reqs[ev->arg].gen != ev->gen;
}

/* The events of the later eras' components. */
static int
dispatch_more(struct sim *sim, const struct sim_event *ev, unsigned comp)
{
	struct sim_node *n = &sim->nodes[comp];

	switch (sim_event_kind(ev)) {
	case EV_WAKE:
		if (stale(sim, ev))
			return 0;
		sim__app_wake(sim, ev->arg);
		return 1;
	case EV_FORWARD:
		if (stale(sim, ev))
			return 0;
		sim__lb_forward(sim, n, ev->arg);
		return 1;
	case EV_RELAY:
		sim__outbox_relay(sim, n);
		return 1;
	case EV_COMMIT:
		sim__consume_commit(sim, n, (int)ev->arg);
		return 1;
	case EV_RETRY:
		sim__consume_retry(sim, n, ev->arg, ev->gen);
		return 1;
	case EV_SCALE:
		sim__scale_up(sim, n);
		return 1;
	case EV_BREAKER:
		return sim__breaker_expire(sim, n, (int)ev->arg, ev->gen);
	}
	return 0;
}

/* Runs one event that is due; returns 0 if it was stale (a cancelled timer). */
static int
dispatch(struct sim *sim, const struct sim_event *ev)
{
	unsigned comp = sim_event_comp(ev);

	/* The end of a CPU burst is the commonest event in the heap: tested first. */
	if (sim_event_kind(ev) == EV_CPU_DONE) {
		if (stale(sim, ev))
			return 0;
		sim__app_cpu_done(sim, &sim->nodes[comp], ev->arg);
		return 1;
	}
	switch (sim_event_kind(ev)) {
	case EV_ARRIVAL:
		sim__workload_arrival(sim, (int)comp);
		return 1;
	case EV_USER:
		sim__workload_user(sim, (int)comp, ev->arg);
		return 1;
	case EV_LEVEL:
		sim__workload_level(sim, (int)comp);
		return 1;
	case EV_DELIVER:
		if (stale(sim, ev))
			return 0;
		node_request(sim, ev->arg);
		return 1;
	case EV_REPLY:
		if (stale(sim, ev))
			return 0;
		reply_arrive(sim, ev->arg);
		return 1;
	case EV_TIMEOUT:
		if (stale(sim, ev))
			return 0;
		timeout(sim, ev->arg);
		return 1;
	case EV_SERVE_DONE:
		/* Runs even for a dead request: the core it held must be released. */
		sim__serve_done(sim, &sim->nodes[comp], ev->arg, ev->gen);
		return 1;
	case EV_CONN_WAIT:
		if (stale(sim, ev) || sim->reqs[ev->arg].where != IN_CONN_Q ||
		    sim->reqs[ev->arg].waits != comp)
			return 0;
		sim__db_conn_timeout(sim, ev->arg);
		return 1;
	case EV_MONITOR:
		sim__monitor_tick(sim);
		return 1;
	case EV_HEALTH:
		sim__lb_health(sim, &sim->nodes[comp]);
		return 1;
	case EV_RESTART:
		if (ev->gen != sim->nodes[comp].incarnation)
			return 0;
		sim__app_restart(sim, &sim->nodes[comp]);
		return 1;
	case EV_FAULT:
	case EV_FAULT_END:
		sim__fault(sim, (int)ev->arg, sim_event_kind(ev) == EV_FAULT_END);
		return 1;
	default:
		return dispatch_more(sim, ev, comp);
	}
}

/* Counts an event that ran into the run's events and its fingerprint. */
static inline void
count(struct sim *sim, const struct sim_event *ev)
{
	sim->events++;
	sim->fingerprint = (sim->fingerprint ^ (uint64_t)ev->time) * FP_PRIME;
	sim->fingerprint = (sim->fingerprint ^ (ev->key & 0xffffff)) * FP_PRIME;
}

/* Runs ev; returns 1 and counts it into the fingerprint if it was not stale. */
static inline int
execute(struct sim *sim, const struct sim_event *ev)
{
	if (!dispatch(sim, ev))
		return 0;
	count(sim, ev);
	return 1;
}

/*
 * The oldest timers of queue i are due: run each that is, then put the queue's new oldest
 * in the heap. Returns how many ran (not stale).
 */
static int
run_timers(struct sim *sim, int i)
{
	struct sim_tq *q = &sim->tqs[i];
	struct sim_event ev;
	int ran = 0;

	while (q->n > 0 && q->ring[q->head].at <= sim->now) {
		struct sim_timer t = q->ring[q->head];

		q->head = (q->head + 1) & (q->cap - 1);
		q->n--;
		ev.time = t.at;
		ev.key = (uint64_t)(t.kind & 0xff) << 16 | t.comp;
		ev.arg = t.arg;
		ev.gen = t.gen;
		ran += execute(sim, &ev);
	}
	if (q->n > 0)
		sim__schedule(sim, q->ring[q->head].at, EV_TIMERS, (unsigned)i, 0, 0);
	return ran;
}

/*
 * Runs the event of a slot, top: a workload's arrival, never stale, so it goes to its
 * handler without the dispatch switch and its indirect jump, which in an open workload is
 * about half of all events. The slot stays empty (at the end of time) until the handler
 * sets the next.
 */
static inline void
run_slot(struct sim *sim, const struct sim_event *top)
{
	struct sim_event ev = *top;

	sim->first_slot->time = SIM_TIME_MAX;
	slots_find_first(sim);
	sim->now = ev.time;
	sim__workload_arrival(sim, (int)(top - sim->slots));
	count(sim, &ev);
}

/* Runs the monitor's tick, which sets the next one. */
static void
run_tick(struct sim *sim)
{
	struct sim_event ev = sim->tick;

	sim->tick.time = SIM_TIME_MAX;
	sim->now = ev.time;
	sim__monitor_tick(sim);
	count(sim, &ev);
}

/*
 * Takes the earliest event, top (from next_event()), and runs it; returns 1 if it ran, 0
 * if it was stale.
 */
static inline __attribute__((always_inline)) int
pop_and_run(struct sim *sim, const struct sim_event *top)
{
	struct sim_event ev;

	if (top == sim->first_slot) {
		run_slot(sim, top);
		return 1;
	}
	sim_evq_pop_min(&sim->evq, &ev);
	sim->now = ev.time;
	if (sim_event_kind(&ev) == EV_TIMERS)
		return run_timers(sim, (int)sim_event_comp(&ev)) > 0;
	return execute(sim, &ev);
}

int
sim_step(struct sim *sim)
{
	const struct sim_event *top;

	for (;;) {
		top = next_event(sim);
		if (sim_evq_less(&sim->tick, top)) {
			if (sim->tick.time > sim->cfg.duration)
				return 0;
			run_tick(sim);
			return 1;
		}
		if (top->time > sim->cfg.duration)
			return 0;
		if (pop_and_run(sim, top))
			return 1;
	}
}

/*
 * Runs every event due by t, in one loop, and nothing later: a stale event due by t is
 * skipped without running the first live one after it, so the state a view samples at t
 * is the state at t, and the clock reads t. The inner loop runs the events before the
 * next tick; the tick ends it about once a simulated second.
 */
void
sim_run_until(struct sim *sim, sim_time t)
{
	const struct sim_event *top;

	if (t > sim->cfg.duration)
		t = sim->cfg.duration;
	for (;;) {
		while (sim_evq_less(top = next_event(sim), &sim->tick)) {
			if (top->time > t)
				goto done;
			pop_and_run(sim, top);
		}
		if (sim->tick.time > t)
			break;
		run_tick(sim);
	}
done:
	if (t > sim->now)
		sim->now = t;
}

/* ---- the log ----------------------------------------------------------------------- */

/* Beyond this many lines a run keeps counting but stops storing: memory stays flat. */
#define LOG_MAX 20000

void
sim__log(struct sim *sim, enum sim_level level, int node, const char *fmt, ...)
{
	struct sim_log_entry *e;
	va_list ap;

	if (sim->n_log == LOG_MAX) {
		sim->log_dropped++;
		return;
	}
	if (sim->n_log == sim->cap_log) {
		size_t cap = sim->cap_log ? sim->cap_log * 2 : 64;
		struct sim_log_entry *l = realloc(sim->log, cap * sizeof *l);

		if (l == NULL) {
			sim->log_dropped++;
			return;
		}
		sim->log = l;
		sim->cap_log = cap;
	}
	e = &sim->log[sim->n_log++];
	e->time = sim->now;
	e->level = level;
	e->node = node;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

size_t
sim_log_count(const struct sim *sim)
{
	return sim->n_log;
}

const struct sim_log_entry *
sim_log_get(const struct sim *sim, size_t i)
{
	return i < sim->n_log ? &sim->log[i] : NULL;
}

const char *
sim_level_name(enum sim_level level)
{
	static const char *const names[] = { "INFO", "WARNING", "ERROR", "FATAL" };

	return (unsigned)level < 4 ? names[level] : "?";
}

void
sim_clock_format(const struct sim *sim, sim_time t, char *buf, size_t len)
{
	long long s = (long long)((sim->cfg.clock_start + t) / SIM_SEC) % 86400;

	snprintf(buf, len, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
}

/* ---- life cycle -------------------------------------------------------------------- */

static int
nodes_init(struct sim *sim, char *err, size_t errlen)
{
	int i, k;

	for (i = 0; i < sim->cfg.n_nodes; i++) {
		struct sim_node *n = &sim->nodes[i];
		const struct sim_node_cfg *c = &sim->cfg.nodes[i];

		n->cfg = c;
		n->index = (uint16_t)i;
		sim_rng_seed(&n->rng, sim->seed, c->name);
		list_init(&n->cpu_q);
		list_init(&n->backlog);
		list_init(&n->inflight);
		list_init(&n->conn_q);
		n->slow = 1.0;
		n->up = 1;
		/* With nothing using RAM it stays empty (0) and cannot run out. */
		n->has_memory = c->ram_baseline + c->ram_per_request + c->ram_per_session > 0;
		for (k = 0; k < FOLD__COUNT; k++)
			n->fold[k].last = -1;
		if ((c->kind == SIM_NODE_APP && c->sessions == SIM_SESSION_LOCAL) ||
		    c->kind == SIM_NODE_CACHE) {
			n->sessions = calloc(sim->session_users / 8 + 1, 1);
			if (n->sessions == NULL) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
		}
		if (sim_kind_is_proxy(c->kind))
			sim__lb_start(sim, n);
		if (c->kind == SIM_NODE_APP)
			sim__app_ram(sim, n);
		if (c->cores < 1 && !sim_kind_is_proxy(c->kind)) {
			snprintf(err, errlen, "node %s has no cores", c->name);
			return -1;
		}
	}
	return 0;
}

static void
nodes_fini(struct sim *sim)
{
	int i;

	for (i = 0; i < SIM_MAX_NODES; i++) {
		free(sim->nodes[i].sessions);
		sim->nodes[i].sessions = NULL;
	}
}

/* Gives each workload its range of user ids; returns how many there are in all, the size
 * of every session table. */
static uint32_t
session_users(struct sim *sim)
{
	uint32_t total = 0;
	int i;

	for (i = 0; i < sim->cfg.n_workloads; i++) {
		sim->workloads[i].base = total;
		total += sim__workload_size(&sim->cfg.workloads[i]);
	}
	return total;
}

/* Puts the run at time zero: every component fresh, the first events scheduled. */
static int
sim_start(struct sim *sim, char *err, size_t errlen)
{
	int i;

	if (sim->cfg.n_workloads == 0) {
		snprintf(err, errlen, "the scenario has no workload");
		return -1;
	}
	sim->session_users = session_users(sim);
	req_blank_init(sim);
	slots_init(sim);
	if (nodes_init(sim, err, errlen) != 0 || sim__prepare(sim, err, errlen) != 0)
		return -1;
	sim__monitor_init(sim);
	for (i = 0; i < sim->cfg.n_workloads; i++)
		if (sim__workload_init(sim, i) != 0) {
			snprintf(err, errlen, "out of memory for workload %s",
			         sim->cfg.workloads[i].name);
			return -1;
		}
	for (i = 0; i < sim->cfg.n_workloads; i++)
		sim__workload_start(sim, i);
	for (i = 0; i < sim->cfg.n_faults; i++) {
		const struct sim_fault_cfg *f = &sim->cfg.faults[i];
		unsigned comp = f->node >= 0 ? (unsigned)f->node : 0;

		sim__schedule(sim, f->at, EV_FAULT, comp, (uint32_t)i, 0);
		if (f->duration > 0 && f->duration <= sim->cfg.duration - f->at)
			sim__schedule(sim, f->at + f->duration, EV_FAULT_END, comp, (uint32_t)i, 0);
	}
	sim__schedule_tick(sim, sim->cfg.monitor_interval);
	return sim->oom_err ? -1 : 0;
}

struct sim *
sim_create(const struct sim_config *cfg, uint64_t seed, char *err, size_t errlen)
{
	struct sim *sim = calloc(1, sizeof *sim);

	if (sim == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	sim->cfg = *cfg;
	if (sim->cfg.monitor_interval <= 0)
		sim->cfg.monitor_interval = SIM_SEC;
	sim->seed = seed;
	sim->fingerprint = 0xcbf29ce484222325ULL;
	sim->free_req = SIM_NONE;
	if (sim_evq_init(&sim->evq, 1024) != 0 || sim_start(sim, err, errlen) != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "out of memory");
		sim_destroy(sim);
		return NULL;
	}
	return sim;
}

static void
sim_release(struct sim *sim)
{
	int i;

	for (i = 0; i < SIM_MAX_WORKLOADS; i++)
		sim__workload_fini(&sim->workloads[i]);
	sim__unprepare(sim);
	tqs_free(sim);
	nodes_fini(sim);
	free(sim->windows[0].lat);
	free(sim->windows[1].lat);
	free(sim->reqs);
	free(sim->serve_since);
	free(sim->log);
	sim_evq_fini(&sim->evq);
}

void
sim_destroy(struct sim *sim)
{
	if (sim == NULL)
		return;
	sim_release(sim);
	free(sim);
}

void
sim_reset(struct sim *sim)
{
	struct sim_config cfg = sim->cfg;
	uint64_t seed = sim->seed;
	sim_trace_fn fn = sim->trace_fn;
	void *ctx = sim->trace_ctx;
	uint32_t one_in = sim->trace_one_in;
	char err[128];

	sim_release(sim);
	memset(sim, 0, sizeof *sim);
	sim->cfg = cfg;
	sim->seed = seed;
	sim_trace(sim, fn, ctx, one_in);
	sim->fingerprint = 0xcbf29ce484222325ULL;
	sim->free_req = SIM_NONE;
	/* The config ran before, so only memory can fail here; oom_err tells the caller. */
	if (sim_evq_init(&sim->evq, 1024) != 0 || sim_start(sim, err, sizeof err) != 0)
		sim->oom_err = 1;
}

sim_time sim_now(const struct sim *sim) { return sim->now; }
sim_time sim_end(const struct sim *sim) { return sim->cfg.duration; }
uint64_t sim_events(const struct sim *sim) { return sim->events; }
uint64_t sim_fingerprint(const struct sim *sim) { return sim->fingerprint; }
const struct sim_config *sim_config(const struct sim *sim) { return &sim->cfg; }

int
sim_done(const struct sim *sim)
{
	return sim->now >= sim->cfg.duration;
}

/* "8,400": a whole number with thousands separators, whatever the locale. */
void
sim__fmt_count(char *buf, size_t len, double v)
{
	char digits[32];
	int n, i, o = 0, neg = v < 0;

	n = snprintf(digits, sizeof digits, "%.0f", neg ? -v : v);
	if (neg && o + 1 < (int)len)
		buf[o++] = '-';
	for (i = 0; i < n && o + 2 < (int)len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}
