/* SPDX-License-Identifier: MIT */
/*
 * story.c: the payment story's ledger. Each purchase (a client request whose route charges
 * a card) gets an order number that its retries keep; the ledger remembers, per order,
 * whether it was charged, charged twice, posted and refunded. "Charged without post" is
 * then a count over the ledger, not a number anybody typed in: an order that was charged
 * and has neither its post nor its refund.
 *
 * Kept whole, the ledger would grow by a byte per purchase for as long as a run lasts. It
 * keeps the recent orders only, in a ring (struct sim_ledger), and the count is kept up to
 * date at each change of an order instead of being recounted. An order can change only
 * while something in the run names it: a request in the pool (the client's, also while it
 * waits to retry, and each call made for it), a message that a consumer group may still
 * read (at or past the group's commit in its partition), or an outbox row. When the ring
 * is full, the oldest order any of these names is the floor (ledger_floor()), and every
 * order below it is settled: its share of the count is folded into the settled counters
 * and its byte cleared for the order that will take its place.
 *
 * Nothing asks about a settled order: order numbers come from sim__story_open() only, and
 * a number travels from one holder to another (a request to its calls, to a message or an
 * outbox row; a message to its consumer's request or to a compensating message; a row to
 * its message) while the first still holds it, within one event, so it is never out of
 * every holder scanned. The scan runs between events (at the arrival of a purchase).
 *
 * When settling frees less than half of the ring, the ring doubles: it grows while the
 * span from the oldest open order to the newest grows (an outbox row that waits twenty
 * minutes for its relay holds every purchase made after it), to less than four times the
 * widest span, then only slides. A scan visits the request pool, the unread messages and
 * the outboxes; at least half a ring of new orders comes before the next, so it costs a
 * few steps per purchase, and nothing is allocated per event.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

enum { ORD_CHARGED = 1, ORD_POSTED = 2, ORD_REFUNDED = 4, ORD_TICKET = 8 };

#define LEDGER_FIRST 1024u              /* orders in the first ring */
#define LEDGER_MOST (1u << 30)          /* beyond this a ring counts as out of memory */

/* Whether an order in state s is charged without post: charged, neither posted nor
 * refunded (a support ticket changes nothing). */
static int
unfulfilled(uint8_t s)
{
	return (s & ~ORD_TICKET) == ORD_CHARGED;
}

/* The state of order, NULL for SIM_NONE. Orders below base are named by nothing (see the
 * top of this file); the unsigned distance would put one past next, like SIM_NONE. */
static uint8_t *
order_state(struct sim *sim, uint32_t order)
{
	struct sim_ledger *l = &sim->ledger;

	if (order == SIM_NONE || order - l->base >= l->next - l->base)
		return NULL;
	return &l->ring[order & (l->cap - 1)];
}

/* Sets bits in an order's state s, and keeps the count of charged without post. */
static void
order_set(struct sim_ledger *l, uint8_t *s, uint8_t bits)
{
	l->unfulfilled -= (uint64_t)unfulfilled(*s);
	*s |= bits;
	l->unfulfilled += (uint64_t)unfulfilled(*s);
}

/*
 * The oldest order still named by a request in the pool, a message a consumer group may
 * read again or an outbox row; next when there is none. Free requests name none (their
 * order is SIM_NONE).
 */
static uint32_t
ledger_floor(const struct sim *sim)
{
	const struct sim_ledger *l = &sim->ledger;
	uint32_t span = l->next - l->base, i;

	for (i = 0; i < sim->cap_reqs; i++)
		sim__order_pin(sim->reqs[i].order, l->base, &span);
	sim__broker_pin_orders(sim, l->base, &span);
	return l->base + span;
}

/* Settles the orders below floor: each is counted and folded into the settled counts,
 * and its byte cleared for the order that will take its slot. */
static void
ledger_settle(struct sim_ledger *l, uint32_t floor)
{
	for (; l->base != floor; l->base++) {
		uint8_t *s = &l->ring[l->base & (l->cap - 1)];

		l->settled++;
		l->settled_unfulfilled += (uint64_t)unfulfilled(*s);
		*s = 0;
	}
}

/* Doubles the ring, or makes the first; each open order keeps its state. 0, or -1 when
 * memory ran out. */
static int
ledger_grow(struct sim *sim)
{
	struct sim_ledger *l = &sim->ledger;
	uint32_t cap = l->cap ? l->cap * 2 : LEDGER_FIRST, o;
	uint8_t *ring = cap <= LEDGER_MOST ? calloc(cap, 1) : NULL;

	if (ring == NULL) {
		sim->oom_err = 1;
		return -1;
	}
	for (o = l->base; o != l->next; o++)
		ring[o & (cap - 1)] = l->ring[o & (l->cap - 1)];
	free(l->ring);
	l->ring = ring;
	l->cap = cap;
	return 0;
}

/* The number of a new purchase, or SIM_NONE when the full ring could not grow (memory,
 * noted on the run: the purchase is then not in the ledger). */
uint32_t
sim__story_open(struct sim *sim)
{
	struct sim_ledger *l = &sim->ledger;

	if (l->next - l->base == l->cap) {
		if (l->cap > 0)
			ledger_settle(l, ledger_floor(sim));
		if ((l->cap == 0 || l->next - l->base > l->cap / 2) && ledger_grow(sim) != 0)
			return SIM_NONE;
	}
	return l->next++;
}

void
sim__story_free(struct sim *sim)
{
	free(sim->ledger.ring);
	memset(&sim->ledger, 0, sizeof sim->ledger);
}

int
sim__story_charged(struct sim *sim, uint32_t order)
{
	uint8_t *s = order_state(sim, order);

	return s != NULL && (*s & ORD_CHARGED);
}

void
sim__story_charge(struct sim *sim, uint32_t order)
{
	uint8_t *s = order_state(sim, order);

	sim->m.charges++;
	if (s == NULL)
		return;
	if (*s & ORD_CHARGED)
		sim->m.double_charges++;
	order_set(&sim->ledger, s, ORD_CHARGED);
}

void
sim__story_post(struct sim *sim, uint32_t order)
{
	uint8_t *s = order_state(sim, order);

	sim->m.posts_created++;
	if (s != NULL)
		order_set(&sim->ledger, s, ORD_POSTED);
}

void
sim__story_refund(struct sim *sim, uint32_t order)
{
	uint8_t *s = order_state(sim, order);

	if (s != NULL && (*s & ORD_REFUNDED))
		return;
	sim->m.refunds++;
	if (s != NULL)
		order_set(&sim->ledger, s, ORD_REFUNDED);
}

uint64_t
sim__story_unfulfilled(const struct sim *sim)
{
	return sim->ledger.unfulfilled;
}

/* The same count the slow way, for tests: the settled orders', then each open order's. */
uint64_t
sim__story_recount(const struct sim *sim)
{
	const struct sim_ledger *l = &sim->ledger;
	uint64_t n = l->settled_unfulfilled;
	uint32_t o;

	for (o = l->base; o != l->next; o++)
		n += (uint64_t)unfulfilled(l->ring[o & (l->cap - 1)]);
	return n;
}

/* A buyer got an error back: if the card was charged and nothing came of it, that is a
 * support ticket, one per purchase. */
void
sim__story_failed(struct sim *sim, uint32_t order)
{
	uint8_t *s = order_state(sim, order);

	if (s == NULL || (*s & (ORD_POSTED | ORD_REFUNDED | ORD_TICKET)) || !(*s & ORD_CHARGED))
		return;
	order_set(&sim->ledger, s, ORD_TICKET);
	sim->m.tickets++;
}
