/* SPDX-License-Identifier: MIT */
/*
 * hold.c: the classic hold model on the engine's event set. The set is filled with n
 * pending events; then each "hold" pops the earliest and pushes one back at its time plus
 * an exponential increment, so the size stays n and the times keep their steady-state
 * spread. The cost of one hold is the cost of one event to the scheduler.
 *
 * Two heaps run the same holds: sim_evq (binary, by value, with the inline push and the
 * hole-to-the-bottom pop of sim/evq.h) and, for comparison, a plain binary heap by value
 * with the same (time, sequence) order whose pop sifts the last event down from the root.
 * The increments come from a table drawn once, so the timing is of the heaps, not of log().
 *
 *   hold [-q] [N...]    N pending events, default 1000 100000 1000000
 *
 * Each size runs 5 x 5 million holds per heap (-q: 3 x 1 million) and prints the medians.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evq.h"
#include "rng.h"

#define INCR_N 65536            /* a power of two; 512 KiB, so it stays in L2 */

/*
 * The plain heap holds the same 24-byte events in the same (time, key) order, its two
 * operations kept out of line: the yardstick sim_evq was first measured against, when it
 * was a 4-ary heap in a file of its own.
 */
struct bheap {
	struct sim_event *a;
	size_t n;
	uint64_t seq;
};

static inline int
bev_before(const struct sim_event *x, const struct sim_event *y)
{
	return x->time < y->time || (x->time == y->time && x->key < y->key);
}

__attribute__((noinline)) static void
bheap_push(struct bheap *h, sim_time t, uint32_t arg)
{
	struct sim_event e = { t, h->seq++ << SIM_EVQ_SEQ_SHIFT | 1 << 16 | 2, arg, 0 };
	size_t i, p;

	for (i = h->n++; i > 0; i = p) {
		p = (i - 1) / 2;
		if (!bev_before(&e, &h->a[p]))
			break;
		h->a[i] = h->a[p];
	}
	h->a[i] = e;
}

__attribute__((noinline)) static void
bheap_pop(struct bheap *h, struct sim_event *out)
{
	struct sim_event last = h->a[--h->n];
	size_t i = 0, c;

	*out = h->a[0];
	for (;;) {
		c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && bev_before(&h->a[c + 1], &h->a[c]))
			c++;
		if (!bev_before(&h->a[c], &last))
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	h->a[i] = last;
}

/* CPU time of this thread: on a shared machine, time spent waiting for a CPU is not ours. */
static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Exponential increments with a mean of 1 s, in microseconds. */
static sim_time *
make_increments(void)
{
	struct sim_rng r;
	sim_time *inc = malloc(INCR_N * sizeof *inc);
	int i;

	if (inc == NULL)
		return NULL;
	sim_rng_seed(&r, 1, "hold");
	for (i = 0; i < INCR_N; i++)
		inc[i] = (sim_time)(sim_rng_exp(&r, 1e6) + 0.5);
	return inc;
}

/* ns per hold on sim_evq with n pending; sum collects the popped times against dead code. */
static double
hold_evq(size_t n, long warm, long holds, const sim_time *inc, uint64_t *sum)
{
	struct sim_evq q;
	struct sim_event ev;
	size_t i;
	long k;
	int64_t t0;

	if (sim_evq_init(&q, n) != 0)
		return -1.0;
	for (i = 0; i < n; i++)
		sim_evq_push(&q, inc[i % INCR_N] * 3, 1, 2, (uint32_t)i, 0);
	for (k = 0; k < warm; k++) {
		sim_evq_pop(&q, &ev);
		sim_evq_push(&q, ev.time + inc[k & (INCR_N - 1)], 1, 2, ev.arg, 0);
	}
	t0 = now_ns();
	for (k = 0; k < holds; k++) {
		sim_evq_pop(&q, &ev);
		*sum += (uint64_t)ev.time;
		sim_evq_push(&q, ev.time + inc[k & (INCR_N - 1)], 1, 2, ev.arg, 0);
	}
	t0 = now_ns() - t0;
	sim_evq_fini(&q);
	return (double)t0 / (double)holds;
}

static double
hold_bheap(size_t n, long warm, long holds, const sim_time *inc, uint64_t *sum)
{
	struct bheap h = { malloc(n * sizeof *h.a), 0, 0 };
	struct sim_event ev;
	size_t i;
	long k;
	int64_t t0;

	if (h.a == NULL)
		return -1.0;
	for (i = 0; i < n; i++)
		bheap_push(&h, inc[i % INCR_N] * 3, (uint32_t)i);
	for (k = 0; k < warm; k++) {
		bheap_pop(&h, &ev);
		bheap_push(&h, ev.time + inc[k & (INCR_N - 1)], ev.arg);
	}
	t0 = now_ns();
	for (k = 0; k < holds; k++) {
		bheap_pop(&h, &ev);
		*sum += (uint64_t)ev.time;
		bheap_push(&h, ev.time + inc[k & (INCR_N - 1)], ev.arg);
	}
	t0 = now_ns() - t0;
	free(h.a);
	return (double)t0 / (double)holds;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * One line of the table: both heaps with n pending events, run in alternation reps
 * times, the median of each. Alternating spreads a burst of noise from other processes
 * over both columns instead of one.
 */
static void
hold_row(size_t n, long holds, int reps, const sim_time *inc, uint64_t *sum)
{
	/* Warm up with at least half a million holds, or n, to reach the steady state. */
	long warm = (long)(n > 500000 ? n : 500000);
	double evq[16], bin[16];
	int r;

	for (r = 0; r < reps; r++) {
		evq[r] = hold_evq(n, warm, holds, inc, sum);
		bin[r] = hold_bheap(n, warm, holds, inc, sum);
	}
	qsort(evq, (size_t)reps, sizeof evq[0], cmp_double);
	qsort(bin, (size_t)reps, sizeof bin[0], cmp_double);
	printf("%10zu %12ld %14.1f %14.1f\n", n, holds, evq[reps / 2], bin[reps / 2]);
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	static const char *const standard[] = { "1000", "100000", "1000000" };
	const char *const *sizes = standard;
	sim_time *inc = make_increments();
	long holds = 5000000;
	uint64_t sum = 0;
	int i, n = 3, reps = 5;

	if (inc == NULL)
		return 70;
	if (argc > 1 && strcmp(argv[1], "-q") == 0) {
		holds = 1000000;
		reps = 3;
		argc--;
		argv++;
	}
	if (argc > 1) {
		sizes = (const char *const *)argv + 1;
		n = argc - 1;
	}
	printf("%10s %12s %14s %14s\n", "pending", "holds", "evq ns/hold", "plain ns/hold");
	for (i = 0; i < n; i++) {
		size_t m = strtoul(sizes[i], NULL, 10);

		if (m == 0) {
			fprintf(stderr, "hold: %s: not a number of pending events\n", sizes[i]);
			return 64;
		}
		hold_row(m, holds, reps, inc, &sum);
	}
	/* Printed so that the compiler cannot drop the popped times as unused. */
	fprintf(stderr, "checksum %llu\n", (unsigned long long)sum);
	free(inc);
	return 0;
}
