/* SPDX-License-Identifier: MIT */
/*
 * second_at.h: for the tests of the live views, what the engine alone says of one second
 * of a run, to hold a view's meters against: an independent run of variant v of sc up
 * to the end of second k (from 1), its snapshot there. Included by the tests that need
 * it; each gets its own copy of the function.
 */
#ifndef TESTS_SECOND_AT_H
#define TESTS_SECOND_AT_H

#include "cfg.h"
#include "sim.h"

/* Whether second k of variant v of sc answered anything; its snapshot into *snap. */
static int second_at(const struct cfg_scenario *sc, int v, int k, struct sim_snapshot *snap)
{
	char err[256];
	struct sim *sim = sim_create(&sc->variants[v].cfg, sc->seed, err, sizeof err);

	assert_non_null(sim);
	sim_run_until(sim, (sim_time)k * SIM_SEC);
	sim_snapshot(sim, snap);
	sim_destroy(sim);
	return snap->throughput_per_s > 0;
}

#endif
