/* SPDX-License-Identifier: MIT */
/*
 * ref_loop.c: the reference the engine is measured against, an M/M/c station in the
 * fewest moving parts that still make it a discrete-event simulation: a binary heap of
 * events kept by value and ordered by (time, sequence), a switch on two event kinds, no
 * callbacks, no pools, no metrics beyond the mean time in system and Little's L.
 *
 * It draws from the same distributions as gossipsim: xoshiro256** seeded by splitmix64,
 * exponential gaps and service times rounded to whole microseconds, first come first
 * served. The generator is a private copy so that the compiler may inline it; that is
 * part of what "minimal" means here.
 *
 *   ref_loop [-c SERVERS] [-r RATE/s] [-s MEAN_SERVICE_s] [-d DURATION_s] [-S SEED]
 *
 * prints one line of key=value pairs: customers, events, the loop's own CPU time in ns and
 * the results, so bench/run.sh can compare it with gossipsim on the same customers.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

enum { EV_ARRIVE, EV_DEPART };

struct ev {
	int64_t time;           /* microseconds */
	uint64_t seq;           /* push order: equal times fire first in, first out */
	int64_t arrived;        /* departures: when the customer arrived */
	int kind;
};

struct heap {
	struct ev *a;
	size_t n;
	size_t cap;
	uint64_t seq;
};

/* ---- random draws (xoshiro256**, as in sim/rng.c) ----------------------------------- */

static uint64_t rs[4];

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t
next(void)
{
	uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;

	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = rotl(rs[3], 45);
	return r;
}

/* An exponential draw with mean us, rounded to whole microseconds. */
static inline int64_t
draw_exp(double us)
{
	double u = (double)(next() >> 11) * 0x1.0p-53;

	return (int64_t)(-us * log(1.0 - u) + 0.5);
}

/* ---- the heap ------------------------------------------------------------------------ */

static inline int
before(const struct ev *x, const struct ev *y)
{
	return x->time < y->time || (x->time == y->time && x->seq < y->seq);
}

static void
push(struct heap *h, int64_t time, int kind, int64_t arrived)
{
	struct ev e = { time, h->seq++, arrived, kind };
	size_t i, p;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->a = realloc(h->a, h->cap * sizeof *h->a);
		if (h->a == NULL) {
			perror("ref_loop");
			exit(70);
		}
	}
	for (i = h->n++; i > 0; i = p) {
		p = (i - 1) / 2;
		if (!before(&e, &h->a[p]))
			break;
		h->a[i] = h->a[p];
	}
	h->a[i] = e;
}

static struct ev
pop(struct heap *h)
{
	struct ev top = h->a[0], last = h->a[--h->n];
	size_t i = 0, c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && before(&h->a[c + 1], &h->a[c]))
			c++;
		if (!before(&h->a[c], &last))
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	h->a[i] = last;
	return top;
}

/* ---- the station ----------------------------------------------------------------------- */

/* Arrival times of waiting customers, first come first served; grows by doubling. */
struct fifo {
	int64_t *a;
	size_t head;
	size_t n;
	size_t cap;
};

static void
fifo_push(struct fifo *f, int64_t t)
{
	size_t i;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		int64_t *a = malloc(cap * sizeof *a);

		if (a == NULL) {
			perror("ref_loop");
			exit(70);
		}
		for (i = 0; i < f->n; i++)
			a[i] = f->a[(f->head + i) % f->cap];
		free(f->a);
		f->a = a;
		f->head = 0;
		f->cap = cap;
	}
	f->a[(f->head + f->n++) % f->cap] = t;
}

static int64_t
fifo_pop(struct fifo *f)
{
	int64_t t = f->a[f->head];

	f->head = (f->head + 1) % f->cap;
	f->n--;
	return t;
}

struct station {
	int servers;
	double gap_us;          /* mean time between arrivals */
	double service_us;
	int64_t end;
	int busy;
	struct fifo waiting;
	uint64_t customers;
	uint64_t done;
	uint64_t events;
	double sum_us;          /* time in system of the customers done */
	double area;            /* customers in system x microseconds */
	int64_t in_system;
	int64_t since;
};

static void
count_in_system(struct station *s, int64_t now, int delta)
{
	s->area += (double)s->in_system * (double)(now - s->since);
	s->since = now;
	s->in_system += delta;
}

static void
serve(struct station *s, struct heap *h, int64_t now, int64_t arrived)
{
	s->busy++;
	push(h, now + draw_exp(s->service_us), EV_DEPART, arrived);
}

static void
run(struct station *s, struct heap *h)
{
	struct ev e;

	push(h, draw_exp(s->gap_us), EV_ARRIVE, 0);
	while (h->n > 0 && h->a[0].time <= s->end) {
		e = pop(h);
		s->events++;
		switch (e.kind) {
		case EV_ARRIVE:
			push(h, e.time + draw_exp(s->gap_us), EV_ARRIVE, 0);
			s->customers++;
			count_in_system(s, e.time, +1);
			if (s->busy < s->servers)
				serve(s, h, e.time, e.time);
			else
				fifo_push(&s->waiting, e.time);
			break;
		case EV_DEPART:
			s->done++;
			s->sum_us += (double)(e.time - e.arrived);
			count_in_system(s, e.time, -1);
			s->busy--;
			if (s->waiting.n > 0)
				serve(s, h, e.time, fifo_pop(&s->waiting));
			break;
		}
	}
	count_in_system(s, s->end, 0);
}

/* CPU time of this thread: on a shared machine, time spent waiting for a CPU is not ours. */
static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int
main(int argc, char **argv)
{
	struct station s = { .servers = 1 };
	struct heap h = { 0 };
	double rate = 0.9, service = 1.0, duration = 1112400.0;
	uint64_t seed = 1, x;
	int64_t t0, t1;
	int opt, i;

	while ((opt = getopt(argc, argv, "c:r:s:d:S:")) != -1) {
		switch (opt) {
		case 'c': s.servers = atoi(optarg); break;
		case 'r': rate = atof(optarg); break;
		case 's': service = atof(optarg); break;
		case 'd': duration = atof(optarg); break;
		case 'S': seed = strtoull(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: ref_loop [-c SERVERS] [-r RATE] [-s SERVICE_S] "
			        "[-d DURATION_S] [-S SEED]\n");
			return 64;
		}
	}
	if (s.servers < 1 || rate <= 0.0 || service <= 0.0 || duration <= 0.0) {
		fprintf(stderr, "ref_loop: servers, rate, service and duration must be > 0\n");
		return 64;
	}
	s.gap_us = 1e6 / rate;
	s.service_us = service * 1e6;
	s.end = (int64_t)(duration * 1e6);
	x = seed;
	for (i = 0; i < 4; i++)
		rs[i] = splitmix64(&x);

	t0 = now_ns();
	run(&s, &h);
	t1 = now_ns();
	printf("customers=%llu events=%llu loop_ns=%lld latency_mean_ms=%.3f "
	       "in_system_mean=%.4f\n", (unsigned long long)s.customers,
	       (unsigned long long)s.events, (long long)(t1 - t0),
	       s.done ? s.sum_us / (double)s.done / 1000.0 : 0.0, s.area / (double)s.end);
	free(h.a);
	free(s.waiting.a);
	return 0;
}
