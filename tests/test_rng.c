/* SPDX-License-Identifier: MIT */
/*
 * test_rng.c: the random streams and distributions of sim/rng.c. Known answers pin the
 * generator (xoshiro256**) and its seeding (splitmix64 over the seed and FNV-1a of the
 * stream's name), so a change that would shift every fingerprint is caught here first.
 * Each distribution's sample mean, and its variance where the fourth moment exists, is
 * compared with theory on a million draws, within five standard errors. The seeds are
 * fixed, so these cannot flake; the tolerance only matters when the code changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "rng.h"

#define DRAWS 1000000
#define SIGMAS 5.0

/* Fails with both values when |got - want| > tol. */
static void
near(const char *what, double got, double want, double tol)
{
	if (fabs(got - want) <= tol)
		return;
	print_error("%s: got %.9g, want %.9g within %.3g (off by %.3g)\n", what, got, want,
	            tol, got - want);
	fail();
}

struct sample {
	double *x;
	double mean;
	double var;
	double m4;              /* fourth central moment */
	double min;
	double max;
};

/* Two passes over the draws: the mean first, then the central moments around it. */
static void
sample_stats(struct sample *s)
{
	double sum = 0.0, d2 = 0.0, d4 = 0.0, d;
	int i;

	s->min = s->max = s->x[0];
	for (i = 0; i < DRAWS; i++) {
		sum += s->x[i];
		s->min = s->x[i] < s->min ? s->x[i] : s->min;
		s->max = s->x[i] > s->max ? s->x[i] : s->max;
	}
	s->mean = sum / DRAWS;
	for (i = 0; i < DRAWS; i++) {
		d = s->x[i] - s->mean;
		d2 += d * d;
		d4 += d * d * d * d;
	}
	s->var = d2 / (DRAWS - 1);
	s->m4 = d4 / DRAWS;
}

static void
draw_dist(struct sample *s, const struct sim_dist *d, const char *stream)
{
	struct sim_rng r;
	int i;

	sim_rng_seed(&r, 20040101, stream);
	for (i = 0; i < DRAWS; i++)
		s->x[i] = sim_dist_draw(d, &r);
	sample_stats(s);
}

/*
 * The mean within SIGMAS standard errors of theory (sqrt(var / n)); the variance too when
 * check_var is set, its standard error taken from the sample's fourth moment,
 * sqrt((m4 - var^2) / n), which needs a finite fourth moment to mean anything.
 */
static void
check_moments(const char *what, const struct sample *s, double mean, double var,
              int check_var)
{
	char label[96];

	snprintf(label, sizeof label, "%s mean", what);
	near(label, s->mean, mean, SIGMAS * sqrt(var / DRAWS));
	if (!check_var)
		return;
	snprintf(label, sizeof label, "%s variance", what);
	near(label, s->var, var, SIGMAS * sqrt((s->m4 - s->var * s->var) / DRAWS));
}

static int
setup(void **state)
{
	struct sample *s = calloc(1, sizeof *s);

	if (s == NULL || (s->x = malloc(DRAWS * sizeof *s->x)) == NULL) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	struct sample *s = *state;

	free(s->x);
	free(s);
	return 0;
}

/* ---- the generator and its seeding ------------------------------------------------- */

/* xoshiro256** from the state {1, 2, 3, 4}; the first three are worked out by hand. */
static void
test_rng_known_answers(void **state)
{
	struct sim_rng r = { .s = { 1, 2, 3, 4 } };

	(void)state;
	assert_int_equal(sim_rng_next(&r), 11520);
	assert_int_equal(sim_rng_next(&r), 0);
	assert_int_equal(sim_rng_next(&r), 1509978240);
	assert_int_equal(sim_rng_next(&r), 1215971899390074240ULL);
}

/*
 * An exponential draw takes the stream's next output ahead of time; a draw of another kind
 * must then get that output as its own. Mixed draws from one stream equal what the bare
 * generator's outputs give, taken one at a time in the same order.
 */
static void
test_rng_ahead_keeps_order(void **state)
{
	struct sim_rng r, g;
	uint64_t o[6];
	int i;

	(void)state;
	sim_rng_seed(&r, 7, "mixed");
	sim_rng_seed(&g, 7, "mixed");
	for (i = 0; i < 6; i++)
		o[i] = sim__rng_step(&g);
	assert_true(sim_rng_exp(&r, 1.0) == -log(1.0 - sim__rng_unit_of(o[0])));
	assert_true(sim_rng_unit(&r) == sim__rng_unit_of(o[1]));
	assert_true(sim_rng_exp(&r, 2.0) == -2.0 * log(1.0 - sim__rng_unit_of(o[2])));
	assert_true(sim_rng_exp(&r, 3.0) == -3.0 * log(1.0 - sim__rng_unit_of(o[3])));
	assert_int_equal(sim_rng_next(&r), o[4]);
	assert_int_equal(sim_rng_next(&r), o[5]);
}

/*
 * The seed is xored with FNV-1a of the name, and the four words come from splitmix64.
 * Choosing the seed equal to the name's hash makes splitmix64 start from 0, whose first
 * outputs are well known.
 */
static void
test_rng_seeding_known_answers(void **state)
{
	static const uint64_t zero[4] = {
		0xe220a8397b1dcdafULL, 0x6e789e6aa1b965f4ULL,
		0x06c45d188009454fULL, 0xf88bb8a8724c81ecULL,
	};
	struct sim_rng r;
	int i;

	(void)state;
	sim_rng_seed(&r, 0xcbf29ce484222325ULL, "");    /* the FNV-1a offset basis */
	for (i = 0; i < 4; i++)
		assert_int_equal(r.s[i], zero[i]);
	sim_rng_seed(&r, 0xaf63dc4c8601ec8cULL, "a");   /* FNV-1a of "a" */
	for (i = 0; i < 4; i++)
		assert_int_equal(r.s[i], zero[i]);
}

static int
same_stream(struct sim_rng *a, struct sim_rng *b, int n)
{
	int i, same = 0;

	for (i = 0; i < n; i++)
		same += sim_rng_next(a) == sim_rng_next(b);
	return same;
}

/* Same seed and name: the same stream. Another name or seed: nothing in common. */
static void
test_rng_streams_by_seed_and_name(void **state)
{
	struct sim_rng a, b;

	(void)state;
	sim_rng_seed(&a, 42, "app1.cpu");
	sim_rng_seed(&b, 42, "app1.cpu");
	assert_int_equal(same_stream(&a, &b, 10000), 10000);

	sim_rng_seed(&a, 42, "app1.cpu");
	sim_rng_seed(&b, 42, "app2.cpu");
	assert_int_equal(same_stream(&a, &b, 10000), 0);
	sim_rng_seed(&a, 42, "workload.users");
	sim_rng_seed(&b, 42, "workload.user");
	assert_int_equal(same_stream(&a, &b, 10000), 0);
	sim_rng_seed(&a, 42, "app1.cpu");
	sim_rng_seed(&b, 43, "app1.cpu");
	assert_int_equal(same_stream(&a, &b, 10000), 0);

	/* Reseeding starts the stream over. */
	sim_rng_seed(&a, 7, "x");
	sim_rng_next(&a);
	sim_rng_seed(&a, 7, "x");
	sim_rng_seed(&b, 7, "x");
	assert_int_equal(same_stream(&a, &b, 100), 100);
}

/* Two streams of one seed are uncorrelated: E[uv] = 1/4, sd of uv = sqrt(7/144). */
static void
test_rng_streams_uncorrelated(void **state)
{
	struct sim_rng a, b;
	double sum = 0.0;
	int i;

	(void)state;
	sim_rng_seed(&a, 1, "workload.customers");
	sim_rng_seed(&b, 1, "server");
	for (i = 0; i < DRAWS; i++)
		sum += sim_rng_unit(&a) * sim_rng_unit(&b);
	near("E[uv]", sum / DRAWS, 0.25, SIGMAS * sqrt(7.0 / 144.0 / DRAWS));
}

/* ---- integers ---------------------------------------------------------------------- */

static void
test_rng_below_bounds(void **state)
{
	static const uint64_t ns[] = {
		1, 2, 3, 7, 10, 1000, (1ULL << 32) + 1, (1ULL << 63) + 1, UINT64_MAX,
	};
	struct sim_rng r;
	size_t k;
	int i;

	(void)state;
	sim_rng_seed(&r, 5, "below");
	for (k = 0; k < sizeof ns / sizeof ns[0]; k++)
		for (i = 0; i < 100000; i++)
			assert_true(sim_rng_below(&r, ns[k]) < ns[k]);
	for (i = 0; i < 1000; i++)
		assert_int_equal(sim_rng_below(&r, 1), 0);
}

/* Each of 10 values within SIGMAS standard errors of a tenth of the draws. */
static void
test_rng_below_uniform(void **state)
{
	struct sim_rng r;
	uint64_t count[10] = { 0 };
	double sd = sqrt(DRAWS * 0.1 * 0.9);
	int i;

	(void)state;
	sim_rng_seed(&r, 6, "below");
	for (i = 0; i < DRAWS; i++)
		count[sim_rng_below(&r, 10)]++;
	for (i = 0; i < 10; i++)
		near("count of one value of 10", (double)count[i], DRAWS * 0.1, SIGMAS * sd);
}

/* Fraction of DRAWS draws below n that fall below cut. */
static double
fraction_below(uint64_t n, uint64_t cut)
{
	struct sim_rng r;
	int i, k = 0;

	sim_rng_seed(&r, 7, "bias");
	for (i = 0; i < DRAWS; i++)
		k += sim_rng_below(&r, n) < cut;
	return (double)k / DRAWS;
}

/*
 * Bounds where a plain modulo would be badly biased: 2^64 mod n values would come up twice
 * as often as the others. For n = 3 * 2^62 that puts half of the draws below 2^62 instead
 * of a third; for n = 5 * 2^61, three quarters below 3 * 2^61 instead of three fifths.
 */
static void
test_rng_below_unbiased(void **state)
{
	double third = 1.0 / 3.0, p = 0.6;

	(void)state;
	near("below 2^62 of 3*2^62", fraction_below(3ULL << 62, 1ULL << 62), third,
	     SIGMAS * sqrt(third * (1 - third) / DRAWS));
	near("below 3*2^61 of 5*2^61", fraction_below(5ULL << 61, 3ULL << 61), p,
	     SIGMAS * sqrt(p * (1 - p) / DRAWS));
}

/* ---- distributions ----------------------------------------------------------------- */

static void
test_rng_unit(void **state)
{
	struct sample *s = *state;
	struct sim_rng r;
	int i;

	sim_rng_seed(&r, 8, "unit");
	for (i = 0; i < DRAWS; i++)
		s->x[i] = sim_rng_unit(&r);
	sample_stats(s);
	assert_true(s->min >= 0.0 && s->max < 1.0);
	check_moments("unit", s, 0.5, 1.0 / 12.0, 1);
}

static void
test_rng_exp(void **state)
{
	struct sample *s = *state;
	struct sim_rng r;
	int i;

	sim_rng_seed(&r, 9, "exp");
	for (i = 0; i < DRAWS; i++)
		s->x[i] = sim_rng_exp(&r, 3.5);
	sample_stats(s);
	assert_true(s->min >= 0.0 && isfinite(s->max));
	check_moments("exp(3.5)", s, 3.5, 3.5 * 3.5, 1);

	sim_rng_seed(&r, 9, "exp");
	assert_true(sim_rng_exp(&r, 0.0) == 0.0);
}

static void
test_rng_normal(void **state)
{
	struct sample *s = *state;
	struct sim_rng r;
	int i;

	sim_rng_seed(&r, 10, "normal");
	for (i = 0; i < DRAWS; i++)
		s->x[i] = sim_rng_normal(&r, 10.0, 2.0);
	sample_stats(s);
	check_moments("normal(10, 2)", s, 10.0, 4.0, 1);
	/* Excess kurtosis 0: m4 = 3 sd^4; a table-based sampler with a thin tail fails it. */
	near("normal m4 / var^2", s->m4 / (s->var * s->var), 3.0, 0.05);
}

static void
test_rng_dist_const(void **state)
{
	struct sample *s = *state;
	struct sim_dist d = { SIM_DIST_CONST, 1234.5, 0 };

	draw_dist(s, &d, "const");
	assert_true(s->min == 1234.5 && s->max == 1234.5);
}

static void
test_rng_dist_exp(void **state)
{
	struct sample *s = *state;
	struct sim_dist d = { SIM_DIST_EXP, 250000.0, 0 };     /* exp(250ms) in us */

	draw_dist(s, &d, "exp");
	assert_true(s->min >= 0.0);
	check_moments("exp(250ms)", s, 250000.0, 250000.0 * 250000.0, 1);
}

static void
test_rng_dist_uniform(void **state)
{
	struct sample *s = *state;
	struct sim_dist d = { SIM_DIST_UNIFORM, 100.0, 300.0 };

	draw_dist(s, &d, "uniform");
	assert_true(s->min >= 100.0 && s->max < 300.0);
	check_moments("uniform(100, 300)", s, 200.0, 200.0 * 200.0 / 12.0, 1);
}

/* Far from zero the clamp never acts: plain normal moments. */
static void
test_rng_dist_normal(void **state)
{
	struct sample *s = *state;
	struct sim_dist d = { SIM_DIST_NORMAL, 200.0, 20.0 };

	draw_dist(s, &d, "normal");
	check_moments("normal(200, 20)", s, 200.0, 400.0, 1);
}

/*
 * normal(0, 1) clamped at 0 is max(0, Z): half the draws are exactly 0, the mean is
 * 1/sqrt(2 pi) and the variance 1/2 - 1/(2 pi).
 */
static void
test_rng_dist_normal_clamped(void **state)
{
	struct sample *s = *state;
	struct sim_dist d = { SIM_DIST_NORMAL, 0.0, 1.0 };
	double zeros = 0.0;
	int i;

	draw_dist(s, &d, "clamped");
	assert_true(s->min == 0.0);
	for (i = 0; i < DRAWS; i++)
		zeros += s->x[i] == 0.0;
	near("share of zeros", zeros / DRAWS, 0.5, SIGMAS * sqrt(0.25 / DRAWS));
	check_moments("max(0, Z)", s, 1.0 / sqrt(2.0 * M_PI), 0.5 - 1.0 / (2.0 * M_PI), 1);
}

/* The parameters are the mean and standard deviation of the value itself. */
static void
test_rng_dist_lognormal(void **state)
{
	struct sample *s = *state;
	struct sim_dist d = { SIM_DIST_LOGNORMAL, 200.0, 50.0 };
	struct sim_dist zero = { SIM_DIST_LOGNORMAL, 0.0, 50.0 };
	struct sim_rng r;

	draw_dist(s, &d, "lognormal");
	assert_true(s->min > 0.0);
	check_moments("lognormal(200, 50)", s, 200.0, 2500.0, 1);

	sim_rng_seed(&r, 1, "lognormal");
	assert_true(sim_dist_draw(&zero, &r) == 0.0);
}

/*
 * pareto(xm, a): mean a xm / (a - 1), variance xm^2 a / ((a - 1)^2 (a - 2)). With a = 2.5
 * (the tails scenarios use) the variance exists but not the fourth moment, so only the
 * mean is checked; a = 9 checks the variance as well.
 */
static void
test_rng_dist_pareto(void **state)
{
	struct sample *s = *state;
	struct sim_dist heavy = { SIM_DIST_PARETO, 10.0, 2.5 };
	struct sim_dist light = { SIM_DIST_PARETO, 1.0, 9.0 };

	draw_dist(s, &heavy, "pareto");
	assert_true(s->min >= 10.0);
	check_moments("pareto(10, 2.5)", s, 25.0 / 1.5, 100.0 * 2.5 / (1.5 * 1.5 * 0.5), 0);

	draw_dist(s, &light, "pareto");
	assert_true(s->min >= 1.0);
	check_moments("pareto(1, 9)", s, 9.0 / 8.0, 9.0 / (8.0 * 8.0 * 7.0), 1);
}

static void
test_rng_dist_mean(void **state)
{
	struct sim_dist d;

	(void)state;
	d = (struct sim_dist){ SIM_DIST_CONST, 5.0, 0 };
	assert_true(sim_dist_mean(&d) == 5.0);
	d = (struct sim_dist){ SIM_DIST_EXP, 1e6, 0 };
	assert_true(sim_dist_mean(&d) == 1e6);
	d = (struct sim_dist){ SIM_DIST_UNIFORM, 100.0, 300.0 };
	assert_true(sim_dist_mean(&d) == 200.0);
	d = (struct sim_dist){ SIM_DIST_NORMAL, 200.0, 20.0 };
	assert_true(sim_dist_mean(&d) == 200.0);
	d = (struct sim_dist){ SIM_DIST_LOGNORMAL, 200.0, 50.0 };
	assert_true(sim_dist_mean(&d) == 200.0);
	d = (struct sim_dist){ SIM_DIST_PARETO, 10.0, 2.5 };
	near("pareto mean", sim_dist_mean(&d), 25.0 / 1.5, 1e-12);
	d = (struct sim_dist){ SIM_DIST_PARETO, 10.0, 1.0 };
	assert_true(isinf(sim_dist_mean(&d)));
	d = (struct sim_dist){ SIM_DIST_PARETO, 10.0, 0.5 };
	assert_true(isinf(sim_dist_mean(&d)));
}

/* Durations round to the nearest microsecond and stop at a day. */
static void
test_rng_dist_time(void **state)
{
	struct sim_dist d = { SIM_DIST_CONST, 1.4, 0 };
	struct sim_rng r;

	(void)state;
	sim_rng_seed(&r, 1, "time");
	assert_int_equal(sim_dist_time(&d, &r), 1);
	d.a = 1.6;
	assert_int_equal(sim_dist_time(&d, &r), 2);
	d.a = 0.0;
	assert_int_equal(sim_dist_time(&d, &r), 0);
	d.a = 1e30;
	assert_int_equal(sim_dist_time(&d, &r), 86400 * SIM_SEC);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rng_known_answers),
		cmocka_unit_test(test_rng_seeding_known_answers),
		cmocka_unit_test(test_rng_ahead_keeps_order),
		cmocka_unit_test(test_rng_streams_by_seed_and_name),
		cmocka_unit_test(test_rng_streams_uncorrelated),
		cmocka_unit_test(test_rng_below_bounds),
		cmocka_unit_test(test_rng_below_uniform),
		cmocka_unit_test(test_rng_below_unbiased),
		cmocka_unit_test(test_rng_unit),
		cmocka_unit_test(test_rng_exp),
		cmocka_unit_test(test_rng_normal),
		cmocka_unit_test(test_rng_dist_const),
		cmocka_unit_test(test_rng_dist_exp),
		cmocka_unit_test(test_rng_dist_uniform),
		cmocka_unit_test(test_rng_dist_normal),
		cmocka_unit_test(test_rng_dist_normal_clamped),
		cmocka_unit_test(test_rng_dist_lognormal),
		cmocka_unit_test(test_rng_dist_pareto),
		cmocka_unit_test(test_rng_dist_mean),
		cmocka_unit_test(test_rng_dist_time),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
