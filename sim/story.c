/* SPDX-License-Identifier: MIT */
/*
 * story.c: the payment story's ledger. Each purchase (a client request whose route charges
 * a card) gets an order number that its retries keep; the ledger remembers, per order,
 * whether it was charged, charged twice, posted and refunded. "Charged without post" is
 * then a count over the ledger, not a number anybody typed in: an order that was charged
 * and has neither its post nor its refund.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

enum { ORD_CHARGED = 1, ORD_POSTED = 2, ORD_REFUNDED = 4, ORD_TICKET = 8 };

static uint8_t *
order_state(struct sim *sim, uint32_t order)
{
	if (order == SIM_NONE)
		return NULL;
	if (order >= sim->orders_cap) {
		uint32_t cap = sim->orders_cap ? sim->orders_cap : 1024;
		uint8_t *o;

		while (cap <= order)
			cap *= 2;
		o = realloc(sim->orders, cap);
		if (o == NULL) {
			sim->oom_err = 1;
			return NULL;
		}
		memset(o + sim->orders_cap, 0, cap - sim->orders_cap);
		sim->orders = o;
		sim->orders_cap = cap;
	}
	return &sim->orders[order];
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
	*s |= ORD_CHARGED;
}

void
sim__story_post(struct sim *sim, uint32_t order)
{
	uint8_t *s = order_state(sim, order);

	sim->m.posts_created++;
	if (s != NULL)
		*s |= ORD_POSTED;
}

void
sim__story_refund(struct sim *sim, uint32_t order)
{
	uint8_t *s = order_state(sim, order);

	if (s != NULL && (*s & ORD_REFUNDED))
		return;
	sim->m.refunds++;
	if (s != NULL)
		*s |= ORD_REFUNDED;
}

uint64_t
sim__story_unfulfilled(const struct sim *sim)
{
	uint64_t n = 0;
	uint32_t i;

	for (i = 0; i < sim->orders_cap; i++)
		n += (sim->orders[i] & ~ORD_TICKET) == ORD_CHARGED;
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
	*s |= ORD_TICKET;
	sim->m.tickets++;
}
