/* SPDX-License-Identifier: MIT */
/*
 * rng.c: xoshiro256** streams and distributions. Normal draws use the polar method without
 * keeping the spare value, so that a draw's cost does not depend on the previous draw (a
 * stream keeps one output ahead for its exponential draws only, rng.h); lognormal
 * parameters are derived from the mean and standard deviation of the value, as scenario
 * authors think of them.
 */
#include <math.h>

#include "rng.h"

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
sim_rng_seed(struct sim_rng *r, uint64_t seed, const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL;     /* FNV-1a of the name */
	const unsigned char *p;
	uint64_t x;
	int i;

	for (p = (const unsigned char *)name; *p != '\0'; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	x = seed ^ h;
	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
	r->has_ahead = 0;
}

uint64_t
sim_rng_below(struct sim_rng *r, uint64_t n)
{
	uint64_t limit = -n % n, x;     /* 2^64 mod n: draws below it are biased */

	do
		x = sim_rng_next(r);
	while (x < limit);
	return x % n;
}

double
sim_rng_normal(struct sim_rng *r, double mean, double sd)
{
	double u, v, s;

	do {
		u = 2.0 * sim_rng_unit(r) - 1.0;
		v = 2.0 * sim_rng_unit(r) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	return mean + sd * u * sqrt(-2.0 * log(s) / s);
}

static double
lognormal_draw(struct sim_rng *r, double mean, double sd)
{
	double s2, mu;

	if (mean <= 0.0)
		return 0.0;
	s2 = log(1.0 + (sd * sd) / (mean * mean));
	mu = log(mean) - s2 / 2.0;
	return exp(sim_rng_normal(r, mu, sqrt(s2)));
}

/* The kinds sim_dist_draw() does not draw inline. */
double
sim__dist_draw_other(const struct sim_dist *d, struct sim_rng *r)
{
	double x;

	switch (d->kind) {
	case SIM_DIST_CONST:
		return d->a;
	case SIM_DIST_EXP:
		return sim_rng_exp(r, d->a);
	case SIM_DIST_UNIFORM:
		return d->a + (d->b - d->a) * sim_rng_unit(r);
	case SIM_DIST_NORMAL:
		x = sim_rng_normal(r, d->a, d->b);
		return x < 0.0 ? 0.0 : x;
	case SIM_DIST_LOGNORMAL:
		return lognormal_draw(r, d->a, d->b);
	case SIM_DIST_PARETO:
		return d->a / pow(1.0 - sim_rng_unit(r), 1.0 / d->b);
	}
	return d->a;
}

sim_time
sim_dist_time(const struct sim_dist *d, struct sim_rng *r)
{
	double x = sim_dist_draw(d, r);

	/* A day is far beyond any service time; the cap keeps a wild tail from overflowing. */
	if (x > 86400e6)
		x = 86400e6;
	return (sim_time)llround(x);
}

double
sim_dist_mean(const struct sim_dist *d)
{
	switch (d->kind) {
	case SIM_DIST_UNIFORM:
		return (d->a + d->b) / 2.0;
	case SIM_DIST_PARETO:
		return d->b > 1.0 ? d->a * d->b / (d->b - 1.0) : INFINITY;
	default:
		return d->a;
	}
}
