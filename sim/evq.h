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

/* Schedules an event; returns -1 only when the heap cannot grow (out of memory). */
int sim_evq_push(struct sim_evq *q, sim_time time, unsigned kind, unsigned comp,
                 uint32_t arg, uint32_t gen);

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
