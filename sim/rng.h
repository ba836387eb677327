/* SPDX-License-Identifier: MIT */
/*
 * rng.h: seeded random streams and the distributions drawn from them.
 *
 * Each component or purpose owns its own stream, derived from the run's seed and the
 * stream's name, so adding a component or a draw in one place never shifts the draws of
 * another. The generator is xoshiro256** seeded through splitmix64; a stream may hold its
 * next output taken ahead (sim_rng_exp()), which its next draw of any kind uses.
 */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <math.h>
#include <stdint.h>

#include "config.h"

struct sim_rng {
	uint64_t s[4];
	/* One draw ahead (sim_rng_exp()): the generator's next output, taken early, and
	 * -log(1 - u) of it, worked out before it is needed. */
	uint64_t ahead;
	double ahead_log;
	int has_ahead;
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

/* The generator itself: its next output. */
static inline uint64_t
sim__rng_step(struct sim_rng *r)
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

/* The stream's next output: the one taken ahead, if there is one. */
static inline uint64_t
sim_rng_next(struct sim_rng *r)
{
	if (r->has_ahead) {
		r->has_ahead = 0;
		return r->ahead;
	}
	return sim__rng_step(r);
}

static inline double
sim__rng_unit_of(uint64_t x)
{
	return (double)(x >> 11) * 0x1.0p-53;
}

/* Uniform in [0, 1) with 53 bits. */
static inline double
sim_rng_unit(struct sim_rng *r)
{
	return sim__rng_unit_of(sim_rng_next(r));
}

/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t sim_rng_below(struct sim_rng *r, uint64_t n);

/*
 * An exponential draw, -mean log(1 - u). The logarithm takes dozens of cycles, and the
 * draw is waited for at once: it is the time of the next arrival or of the end of a
 * service, which the event set compares with others right away, and a wrong guess of that
 * comparison costs the whole wait. So each draw also takes the stream's next output and
 * its logarithm ahead of time, while nothing waits for them, and the next draw finds its
 * value ready. A draw of another kind takes the output kept ahead as its own, so every
 * draw of a stream gets the outputs it would get without this, in the same order.
 */
static inline double
sim_rng_exp(struct sim_rng *r, double mean)
{
	double l;

	/* 1 - u lies in (0, 1], so the logarithm is finite. */
	if (r->has_ahead)
		l = r->ahead_log;
	else
		l = log(1.0 - sim__rng_unit_of(sim__rng_step(r)));
	r->ahead = sim__rng_step(r);
	r->ahead_log = log(1.0 - sim__rng_unit_of(r->ahead));
	r->has_ahead = 1;
	return -mean * l;
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
