/* SPDX-License-Identifier: MIT */
/*
 * evq.h: the event set, a binary min-heap of events kept by value.
 *
 * Events are ordered by (time, key). The key packs a sequence number above the event's kind
 * and component, so two events at the same time fire in the order they were scheduled and
 * a run never depends on how the heap happens to break ties. The heap grows by doubling and
 * never shrinks, so a run in steady state allocates nothing per event.
 */
#ifndef SIM_EVQ_H
#define SIM_EVQ_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

#define SIM_EVQ_SEQ_SHIFT 24            /* key = seq << 24 | kind << 16 | component */

struct sim_event {
	sim_time time;
	uint64_t key;
	uint32_t arg;                   /* what the event is about: a request, a timer slot */
	uint32_t gen;                   /* arg's generation when scheduled: stale if it moved */
};

struct sim_evq {
	struct sim_event *heap;
	size_t n;
	size_t cap;
	uint64_t seq;                   /* next sequence number */
};

int sim_evq_init(struct sim_evq *q, size_t cap);
void sim_evq_fini(struct sim_evq *q);
void sim_evq_clear(struct sim_evq *q);

/* Doubles the capacity; returns -1 when out of memory. */
int sim_evq_grow(struct sim_evq *q);

/*
 * Push and the engine's pop are its innermost operations, a few each per simulated
 * request: they are inline so that the event loop pays no call for them.
 */

/* Whether a comes before b: the order is total, as no two keys are equal. */
static inline int
sim_evq_less(const struct sim_event *a, const struct sim_event *b)
{
	return a->time < b->time || (a->time == b->time && a->key < b->key);
}

/* The key of an event scheduled now: the next sequence number, its kind and component. */
static inline uint64_t
sim_evq_key(struct sim_evq *q, unsigned kind, unsigned comp)
{
	return q->seq++ << SIM_EVQ_SEQ_SHIFT | (uint64_t)(kind & 0xff) << 16 | (comp & 0xffff);
}

/* Schedules an event; returns -1 only when the heap cannot grow (out of memory). */
static inline int
sim_evq_push(struct sim_evq *q, sim_time time, unsigned kind, unsigned comp,
             uint32_t arg, uint32_t gen)
{
	struct sim_event ev, *h;
	size_t i, parent;

	if (q->n == q->cap && sim_evq_grow(q) != 0)
		return -1;
	ev.time = time;
	ev.key = sim_evq_key(q, kind, comp);
	ev.arg = arg;
	ev.gen = gen;

	/* Sift up: move parents down until ev fits, then store it once. */
	h = q->heap;
	i = q->n++;
	while (i > 0) {
		parent = (i - 1) >> 1;
		if (!sim_evq_less(&ev, &h[parent]))
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i] = ev;
	return 0;
}

/*
 * Removes the earliest event into *out; the set must not be empty. The hole left at the
 * root goes down along the smaller children to the bottom, then the last event rises from
 * there into place. The last event nearly always belongs near the bottom, so this costs
 * one comparison per level and one or two at the end, where sifting it down from the root
 * costs two per level.
 */
static inline void
sim_evq_pop_min(struct sim_evq *q, struct sim_event *out)
{
	struct sim_event *h = q->heap, last;
	size_t i = 0, child, parent, n;

	*out = h[0];
	n = --q->n;
	if (n == 0)
		return;
	last = h[n];
	while ((child = 2 * i + 1) < n) {
		if (child + 1 < n && sim_evq_less(&h[child + 1], &h[child]))
			child++;
		h[i] = h[child];
		i = child;
	}
	while (i > 0) {
		parent = (i - 1) >> 1;
		if (!sim_evq_less(&last, &h[parent]))
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i] = last;
}

/* Removes the earliest event into *ev; returns 0 when the set is empty. */
int sim_evq_pop(struct sim_evq *q, struct sim_event *ev);

/* The earliest event without removing it, or NULL. */
static inline const struct sim_event *
sim_evq_peek(const struct sim_evq *q)
{
	return q->n ? &q->heap[0] : NULL;
}

static inline unsigned sim_event_kind(const struct sim_event *ev)
{
	return (unsigned)(ev->key >> 16) & 0xff;
}

static inline unsigned sim_event_comp(const struct sim_event *ev)
{
	return (unsigned)ev->key & 0xffff;
}

#endif
