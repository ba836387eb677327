/* SPDX-License-Identifier: MIT */
/*
 * test_out_plot.c: the names at the right ends of --plot's lines: what they say (the last
 * value a line had, or "-"), and where they go (apart, and never below their panel).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "out_files.h"

/* y[0..n) against want, each compared as whole pixels so a failure prints both. */
static void expect_ys(const double *y, const int *want, int n)
{
	for (int i = 0; i < n; i++)
		assert_int_equal((int)y[i], want[i]);
}

static void test_out_plot_end_text(void **state)
{
	char buf[96];

	(void)state;
	out_plot_end_text(buf, sizeof(buf), "p99", "pain", 49.4, " ms");
	assert_string_equal(buf, "p99 pain 49.4 ms");
	out_plot_end_text(buf, sizeof(buf), "p99", "pain", 16900, " ms");
	assert_string_equal(buf, "p99 pain 16900 ms");
	out_plot_end_text(buf, sizeof(buf), "failed", "fix", 57, "");
	assert_string_equal(buf, "failed fix 57");
	/* a line that never had a value: no unit, no "n/a" */
	out_plot_end_text(buf, sizeof(buf), "p99", "pain", NAN, " ms");
	assert_string_equal(buf, "p99 pain -");
}

/* Labels far apart stay where their lines end. */
static void test_out_plot_stack_apart(void **state)
{
	double y[] = {100, 150, 200};

	(void)state;
	out_plot_stack(y, 3, 13, 400);
	expect_ys(y, (const int[]){100, 150, 200}, 3);
}

/* Labels at one height go one line apart, downwards. */
static void test_out_plot_stack_equal(void **state)
{
	double y[] = {100, 100, 100};

	(void)state;
	out_plot_stack(y, 3, 13, 400);
	expect_ys(y, (const int[]){100, 113, 126}, 3);
}

/*
 * Lines that end at the panel's floor (the run's last second at zero): the labels stack
 * upwards from the floor instead of running into the time labels below it.
 */
static void test_out_plot_stack_floor(void **state)
{
	double y[] = {380, 400, 400, 400};

	(void)state;
	out_plot_stack(y, 4, 13, 400);
	expect_ys(y, (const int[]){361, 374, 387, 400}, 4);
}

static void test_out_plot_stack_none(void **state)
{
	(void)state;
	out_plot_stack(NULL, 0, 13, 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_plot_end_text),
		cmocka_unit_test(test_out_plot_stack_apart),
		cmocka_unit_test(test_out_plot_stack_equal),
		cmocka_unit_test(test_out_plot_stack_floor),
		cmocka_unit_test(test_out_plot_stack_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
