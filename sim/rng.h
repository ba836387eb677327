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

#include <stdint.h>

#include "config.h"

struct sim_rng {
	uint64_t s[4];
};

/* Seeds a stream from the run's seed and a name ("workload.users", "app1.cpu"). */
void sim_rng_seed(struct sim_rng *r, uint64_t seed, const char *name);

uint64_t sim_rng_next(struct sim_rng *r);

/* Uniform in [0, 1) with 53 bits. */
static inline double
sim_rng_unit(struct sim_rng *r)
{
	return (double)(sim_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t sim_rng_below(struct sim_rng *r, uint64_t n);

double sim_rng_exp(struct sim_rng *r, double mean);
double sim_rng_normal(struct sim_rng *r, double mean, double sd);

/* A draw from d (never negative). */
double sim_dist_draw(const struct sim_dist *d, struct sim_rng *r);

/* The same as a duration rounded to whole microseconds. */
sim_time sim_dist_time(const struct sim_dist *d, struct sim_rng *r);

/* The distribution's mean. */
double sim_dist_mean(const struct sim_dist *d);

#endif
