/* SPDX-License-Identifier: MIT */
/*
 * test_evq.c: the event heap of sim/evq.c checked against a naive model, an unsorted array
 * searched from end to end for its smallest (time, push order) on every pop. Random runs
 * mix pushes and pops with times drawn from a narrow range, so that ties are common; the
 * other cases pin the edges: equal times, time 0 and the largest times, growth from the
 * smallest capacity, clearing, an empty heap, and the packing of kind and component.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "evq.h"
#include "rng.h"

/* One event as the model keeps it; order is the push count, kept apart from the heap's. */
struct model_ev {
	sim_time time;
	uint64_t order;
	unsigned kind;
	unsigned comp;
	uint32_t arg;
	uint32_t gen;
};

struct model {
	struct model_ev *ev;
	size_t n;
	size_t cap;
	uint64_t pushed;
};

static void
model_push(struct model *m, sim_time time, unsigned kind, unsigned comp, uint32_t arg)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->ev = realloc(m->ev, m->cap * sizeof *m->ev);
		assert_non_null(m->ev);
	}
	m->ev[m->n++] = (struct model_ev){ time, m->pushed++, kind, comp, arg, ~arg };
}

/* Removes the model's earliest event into *out; the search is linear on purpose. */
static void
model_pop(struct model *m, struct model_ev *out)
{
	size_t i, best = 0;

	assert_true(m->n > 0);
	for (i = 1; i < m->n; i++)
		if (m->ev[i].time < m->ev[best].time ||
		    (m->ev[i].time == m->ev[best].time && m->ev[i].order < m->ev[best].order))
			best = i;
	*out = m->ev[best];
	m->ev[best] = m->ev[--m->n];
}

/* Pops one event from both and checks that they agree in every field. */
static void
pop_both(struct sim_evq *q, struct model *m)
{
	struct sim_event ev;
	struct model_ev want;
	const struct sim_event *top = sim_evq_peek(q);

	model_pop(m, &want);
	assert_non_null(top);
	assert_int_equal(top->time, want.time);
	assert_int_equal(sim_evq_pop(q, &ev), 1);
	assert_int_equal(ev.time, want.time);
	assert_int_equal(ev.arg, want.arg);
	assert_int_equal(ev.gen, want.gen);
	assert_int_equal(sim_event_kind(&ev), want.kind);
	assert_int_equal(sim_event_comp(&ev), want.comp);
	assert_int_equal(ev.key >> SIM_EVQ_SEQ_SHIFT, want.order);
}

/*
 * Many random pushes and pops against the model. Times come from [now, now + span), as a
 * simulation schedules them (never in the past); a small span makes ties common. About
 * 4,000 events are pending at the end, enough for several levels of the heap.
 */
static void
random_run(uint64_t seed, int steps, sim_time span)
{
	struct sim_evq q;
	struct model m = { 0 };
	struct sim_rng r;
	sim_time now = 0;
	int i;

	sim_rng_seed(&r, seed, "test_evq");
	assert_int_equal(sim_evq_init(&q, 0), 0);
	for (i = 0; i < steps; i++) {
		/* Push slightly more often than pop, so the heap grows and shrinks. */
		if (m.n == 0 || sim_rng_below(&r, 100) < 52) {
			sim_time t = now + (sim_time)sim_rng_below(&r, (uint64_t)span);
			unsigned kind = (unsigned)sim_rng_below(&r, 256);
			unsigned comp = (unsigned)sim_rng_below(&r, 65536);
			uint32_t arg = (uint32_t)i;

			assert_int_equal(sim_evq_push(&q, t, kind, comp, arg, ~arg), 0);
			model_push(&m, t, kind, comp, arg);
		} else {
			now = sim_evq_peek(&q)->time;
			pop_both(&q, &m);
		}
		assert_int_equal(q.n, m.n);
	}
	while (m.n > 0)
		pop_both(&q, &m);
	assert_null(sim_evq_peek(&q));
	sim_evq_fini(&q);
	free(m.ev);
}

static void
test_evq_matches_model(void **state)
{
	(void)state;
	random_run(1, 100000, 50);
	random_run(2, 100000, 1000000);
	random_run(3, 50000, 2);        /* almost every event ties */
}

/* Equal times fire in push order, whatever their kind and component say. */
static void
test_evq_ties_fire_in_push_order(void **state)
{
	struct sim_evq q;
	struct sim_event ev;
	uint32_t i;

	(void)state;
	assert_int_equal(sim_evq_init(&q, 16), 0);
	/* Kinds and components fall while the push order rises: only order may decide. */
	for (i = 0; i < 5000; i++)
		assert_int_equal(sim_evq_push(&q, 7, 255 - i % 256, 65535 - i, i, 0), 0);
	for (i = 0; i < 5000; i++) {
		assert_int_equal(sim_evq_pop(&q, &ev), 1);
		assert_int_equal(ev.time, 7);
		assert_int_equal(ev.arg, i);
	}
	assert_int_equal(sim_evq_pop(&q, &ev), 0);
	sim_evq_fini(&q);
}

/* Time 0 comes first and the largest representable times last, in push order. */
static void
test_evq_zero_and_huge_times(void **state)
{
	static const sim_time times[] = {
		SIM_TIME_MAX, 0, SIM_TIME_MAX - 1, 1, SIM_TIME_MAX, (sim_time)1 << 62, 0,
		SIM_TIME_MAX - 1,
	};
	/* args in the order they must come out */
	static const uint32_t want[] = { 1, 6, 3, 5, 2, 7, 0, 4 };
	struct sim_evq q;
	struct sim_event ev;
	uint32_t i;

	(void)state;
	assert_int_equal(sim_evq_init(&q, 1), 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(sim_evq_push(&q, times[i], 1, 2, i, 0), 0);
	for (i = 0; i < 8; i++) {
		assert_int_equal(sim_evq_pop(&q, &ev), 1);
		assert_int_equal(ev.arg, want[i]);
		assert_int_equal(ev.time, times[want[i]]);
	}
	sim_evq_fini(&q);
}

/* From the smallest capacity to 100,000 events by doubling; nothing is lost or reordered. */
static void
test_evq_grows_from_tiny(void **state)
{
	struct sim_evq q;
	struct sim_event ev;
	sim_time last = -1;
	uint32_t i, seen = 0;

	(void)state;
	assert_int_equal(sim_evq_init(&q, 1), 0);
	assert_true(q.cap >= 1);
	for (i = 0; i < 100000; i++) {
		/* a permutation of 0..99999: 7919 is prime, so it is coprime with 100000 */
		sim_time t = (sim_time)((uint64_t)i * 7919 % 100000);

		assert_int_equal(sim_evq_push(&q, t, 0, 0, i, 0), 0);
		assert_true(q.cap >= q.n);
	}
	assert_int_equal(q.n, 100000);
	while (sim_evq_pop(&q, &ev)) {
		assert_int_equal(ev.time, last + 1);
		last = ev.time;
		seen++;
	}
	assert_int_equal(seen, 100000);
	sim_evq_fini(&q);
}

/* Clear empties the heap, restarts the push order and keeps the memory for reuse. */
static void
test_evq_clear(void **state)
{
	struct sim_evq q;
	struct sim_event ev;
	size_t cap;
	uint32_t i;

	(void)state;
	assert_int_equal(sim_evq_init(&q, 4), 0);
	for (i = 0; i < 1000; i++)
		assert_int_equal(sim_evq_push(&q, 1000 - i, 3, 4, i, 0), 0);
	cap = q.cap;
	sim_evq_clear(&q);
	assert_int_equal(q.n, 0);
	assert_int_equal(q.cap, cap);
	assert_null(sim_evq_peek(&q));
	assert_int_equal(sim_evq_pop(&q, &ev), 0);

	assert_int_equal(sim_evq_push(&q, 5, 9, 10, 42, 43), 0);
	assert_int_equal(sim_evq_pop(&q, &ev), 1);
	assert_int_equal(ev.key >> SIM_EVQ_SEQ_SHIFT, 0);
	assert_int_equal(ev.arg, 42);
	assert_int_equal(ev.gen, 43);
	sim_evq_fini(&q);
	assert_null(q.heap);
	sim_evq_fini(&q);               /* a second fini is harmless */
}

/* Kind and component take 8 and 16 bits; wider values are cut, never spill over. */
static void
test_evq_key_packing(void **state)
{
	struct sim_evq q;
	struct sim_event ev;

	(void)state;
	assert_int_equal(sim_evq_init(&q, 16), 0);
	assert_int_equal(sim_evq_push(&q, 0, 0xff, 0xffff, 1, 2), 0);
	assert_int_equal(sim_evq_push(&q, 0, 0x1ab, 0x1cdef, 3, 4), 0);
	assert_int_equal(sim_evq_pop(&q, &ev), 1);
	assert_int_equal(sim_event_kind(&ev), 0xff);
	assert_int_equal(sim_event_comp(&ev), 0xffff);
	assert_int_equal(ev.key >> SIM_EVQ_SEQ_SHIFT, 0);
	assert_int_equal(sim_evq_pop(&q, &ev), 1);
	assert_int_equal(sim_event_kind(&ev), 0xab);
	assert_int_equal(sim_event_comp(&ev), 0xcdef);
	assert_int_equal(ev.key >> SIM_EVQ_SEQ_SHIFT, 1);
	sim_evq_fini(&q);
}

/* A popped-empty heap stays usable: the run goes on after a quiet moment. */
static void
test_evq_empty_then_reuse(void **state)
{
	struct sim_evq q;
	struct sim_event ev;

	(void)state;
	assert_int_equal(sim_evq_init(&q, 16), 0);
	assert_int_equal(sim_evq_pop(&q, &ev), 0);
	assert_int_equal(sim_evq_push(&q, 10, 1, 1, 1, 0), 0);
	assert_int_equal(sim_evq_pop(&q, &ev), 1);
	assert_int_equal(sim_evq_pop(&q, &ev), 0);
	assert_int_equal(sim_evq_push(&q, 3, 1, 1, 2, 0), 0);
	assert_int_equal(sim_evq_push(&q, 2, 1, 1, 3, 0), 0);
	assert_int_equal(sim_evq_pop(&q, &ev), 1);
	assert_int_equal(ev.arg, 3);
	assert_int_equal(ev.key >> SIM_EVQ_SEQ_SHIFT, 2);
	sim_evq_fini(&q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evq_matches_model),
		cmocka_unit_test(test_evq_ties_fire_in_push_order),
		cmocka_unit_test(test_evq_zero_and_huge_times),
		cmocka_unit_test(test_evq_grows_from_tiny),
		cmocka_unit_test(test_evq_clear),
		cmocka_unit_test(test_evq_key_packing),
		cmocka_unit_test(test_evq_empty_then_reuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
