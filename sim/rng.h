/* SPDX-License-Identifier: MIT */
/*
 * rng.h: seeded random streams and the distributions drawn from them.
 *
 * Each component or purpose owns its own stream, derived from the run's seed and the
 * stream's name, so adding a component or a draw in one place never shifts the draws of
 * another. The generator is xoshiro256** seeded through splitmix64.
 */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <math.h>
#include <stdint.h>

#include "config.h"

struct sim_rng {
	uint64_t s[4];
};

/* Seeds a stream from the run's seed and a name ("workload.users", "app1.cpu"). */
void sim_rng_seed(struct sim_rng *r, uint64_t seed, const char *name);

/*
 * The generator, the uniform and the exponential draw are inline: arrivals and service
 * times take one each per request, and a call per draw cost more than the draw.
 */
static inline uint64_t
sim__rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t
sim_rng_next(struct sim_rng *r)
{
	uint64_t *s = r->s, result = sim__rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = sim__rotl(s[3], 45);
	return result;
}

/* Uniform in [0, 1) with 53 bits. */
static inline double
sim_rng_unit(struct sim_rng *r)
{
	return (double)(sim_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t sim_rng_below(struct sim_rng *r, uint64_t n);

static inline double
sim_rng_exp(struct sim_rng *r, double mean)
{
	/* 1 - u lies in (0, 1], so the logarithm is finite. */
	return -mean * log(1.0 - sim_rng_unit(r));
}

double sim_rng_normal(struct sim_rng *r, double mean, double sd);

double sim__dist_draw_other(const struct sim_dist *d, struct sim_rng *r);

/* A draw from d (never negative); the common kinds inline, the rest in rng.c. */
static inline double
sim_dist_draw(const struct sim_dist *d, struct sim_rng *r)
{
	if (d->kind == SIM_DIST_EXP)
		return sim_rng_exp(r, d->a);
	if (d->kind == SIM_DIST_CONST)
		return d->a;
	return sim__dist_draw_other(d, r);
}

/* The same as a duration rounded to whole microseconds. */
sim_time sim_dist_time(const struct sim_dist *d, struct sim_rng *r);

/* The distribution's mean. */
double sim_dist_mean(const struct sim_dist *d);

#endif
