/* SPDX-License-Identifier: MIT */
/*
 * test_fingerprints.c: every shipped scenario replays exactly what it replayed when the
 * table below was written. Each variant of every .yaml file in scenarios/ and
 * scenarios/queueing/ is loaded through the real loader and run with the file's seed to its
 * end; its fingerprint (a hash over every executed event) and its event count must equal
 * the pinned pair. A run with seed + 1 must give another fingerprint, so the seed does reach
 * the draws.
 *
 * A change to the model that is meant to move the runs moves these pins too. Regenerate
 * the table from the repository root, check that only the runs you expected have moved,
 * and paste it over the one below:
 *
 *   PRINT_FINGERPRINTS=1 build/tests/test_fingerprints
 *
 * A few runs are pinned at a time before their end (the cuts below), so that the whole
 * file takes seconds, not minutes, in a Debug build; a new scenario that runs for more
 * than a second or two belongs there too.
 */
#include <dirent.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfg.h"
#include "sim.h"

/*
 * Runs that would take too long to the end stop earlier; every other one runs to its end.
 * A cut still covers the scenario's opening and, where it can, the start of its incident.
 */
struct cut {
	const char *file;
	sim_time until;
};

static const struct cut cuts[] = {
	/* a million customers each; test_queueing.c runs them to the end */
	{ "scenarios/queueing/md1.yaml", 3600 * SIM_SEC },
	{ "scenarios/queueing/mm1.yaml", 3600 * SIM_SEC },
	{ "scenarios/queueing/mm8.yaml", 3600 * SIM_SEC },
	/* an hour of three regions is tens of millions of events; us is lost at 25m */
	{ "scenarios/2026_platform.yaml", 26 * 60 * SIM_SEC },
	/* four hours at 150 requests/s; the bad deploy starts at 1h */
	{ "scenarios/2014_friday_deploy.yaml", 70 * 60 * SIM_SEC },
	{ NULL, 0 },
};

/* The run with seed + 1 goes this far: enough for the draws to differ. */
#define UNTIL_OTHER_SEED (60 * SIM_SEC)

struct pin {
	const char *file;               /* relative to the repository root */
	const char *variant;
	uint64_t fingerprint;
	uint64_t events;
};

/* Generated with PRINT_FINGERPRINTS=1 (see the top of the file); ends with a NULL file. */
static const struct pin pins[] = {
	{ "scenarios/2007_oom.yaml", "pain",
	  0x6d2668a40b82743fULL, 208190 },
	{ "scenarios/2007_oom.yaml", "fix",
	  0x14c4f94fb9262dccULL, 392035 },
	{ "scenarios/2007_replay.yaml", "pain",
	  0xf21ce08481edd30eULL, 20624 },
	{ "scenarios/2007_replay.yaml", "fix",
	  0x6ed57b42faa4a307ULL, 31488 },
	{ "scenarios/2007_sessions.yaml", "pain",
	  0xa93f83d72ea15e73ULL, 245681 },
	{ "scenarios/2007_sessions.yaml", "sticky",
	  0x0c1c9f60f859ade7ULL, 354023 },
	{ "scenarios/2007_sessions.yaml", "fix",
	  0x65b145499bb8f15aULL, 426680 },
	{ "scenarios/2007_sessions.yaml", "jwt",
	  0x53f3ba39081490aaULL, 426585 },
	{ "scenarios/2007_vertical.yaml", "vps_5",
	  0x4c3c2062ef281826ULL, 2935 },
	{ "scenarios/2007_vertical.yaml", "pain",
	  0x26a200e6acc0928bULL, 498968 },
	{ "scenarios/2007_vertical.yaml", "ceiling",
	  0xfad7ac4fc09ae413ULL, 255290 },
	{ "scenarios/2009_cache.yaml", "pain",
	  0x023d6bcee2cfe255ULL, 72290 },
	{ "scenarios/2009_cache.yaml", "local",
	  0x7d01dde2139e36daULL, 49051 },
	{ "scenarios/2009_cache.yaml", "fix",
	  0xf4b742db90abc9b9ULL, 73392 },
	{ "scenarios/2009_cdn.yaml", "pain",
	  0xc0c86bdee64bb529ULL, 41623 },
	{ "scenarios/2009_cdn.yaml", "fix",
	  0x443664594f609366ULL, 38038 },
	{ "scenarios/2011_post.yaml", "pain",
	  0xd2597c4c6689b4f6ULL, 34997 },
	{ "scenarios/2011_post.yaml", "fix",
	  0xeaed8dab527c71ceULL, 40913 },
	{ "scenarios/2014_friday_deploy.yaml", "pain",
	  0x2b60d1bed4795da8ULL, 1653220 },
	{ "scenarios/2014_friday_deploy.yaml", "fix",
	  0x3d3ca8dc253fabf3ULL, 2414358 },
	{ "scenarios/2014_gateway.yaml", "pain",
	  0xbec468f819caf0acULL, 992672 },
	{ "scenarios/2014_gateway.yaml", "fix",
	  0x6a0ea70aaa5650cbULL, 1181497 },
	{ "scenarios/2017_breaker.yaml", "pain",
	  0x2283b3073f16dcefULL, 364572 },
	{ "scenarios/2017_breaker.yaml", "fix",
	  0x2794f5658c685505ULL, 382927 },
	{ "scenarios/2017_cap.yaml", "ap",
	  0xae9b6f2af81a7235ULL, 3311292 },
	{ "scenarios/2017_cap.yaml", "cp",
	  0x6d5b492ae1038681ULL, 3236387 },
	{ "scenarios/2017_saga.yaml", "pain",
	  0x1ec64a247526db24ULL, 43505 },
	{ "scenarios/2017_saga.yaml", "fix",
	  0x6ec808fb63f50946ULL, 154027 },
	{ "scenarios/2026_platform.yaml", "pain",
	  0x503214c5a2e604f6ULL, 7448078 },
	{ "scenarios/2026_platform.yaml", "fix",
	  0x3b25e6b4a2b184f6ULL, 8021288 },
	{ "scenarios/2026_platform.yaml", "fixed_fleet",
	  0xa8cdf81e0e2ac6f1ULL, 7957897 },
	{ "scenarios/queueing/md1.yaml", "default",
	  0x9c70b0b55e7b5e80ULL, 10276 },
	{ "scenarios/queueing/mm1.yaml", "default",
	  0x44de8509c673c41cULL, 10066 },
	{ "scenarios/queueing/mm8.yaml", "default",
	  0xcabf76e5a3ad5bf4ULL, 55773 },
	{ NULL, NULL, 0, 0 },
};

static int printing;

static void
load(const char *file, struct cfg_scenario *sc)
{
	struct cfg_errors errs;
	int i;

	cfg_errors_init(&errs);
	if (cfg_scenario_load(file, NULL, 0, sc, &errs) != CFG_OK) {
		for (i = 0; i < errs.n; i++)
			print_error("%s\n", errs.msgs[i]);
		cfg_errors_fini(&errs);
		fail();
	}
	cfg_errors_fini(&errs);
}

static sim_time
until_of(const char *file, const struct sim_config *cfg)
{
	int i;

	for (i = 0; cuts[i].file != NULL; i++)
		if (strcmp(cuts[i].file, file) == 0 && cuts[i].until < cfg->duration)
			return cuts[i].until;
	return cfg->duration;
}

/* Runs cfg with seed up to until; the caller destroys the run. */
static struct sim *
run(const struct sim_config *cfg, uint64_t seed, sim_time until)
{
	char err[256] = "";
	struct sim *sim = sim_create(cfg, seed, err, sizeof err);

	if (sim == NULL) {
		print_error("sim_create: %s\n", err);
		fail();
	}
	sim_run_until(sim, until);
	return sim;
}

static const struct pin *
pin_of(const char *file, const char *variant)
{
	size_t i;

	for (i = 0; pins[i].file != NULL; i++)
		if (strcmp(pins[i].file, file) == 0 && strcmp(pins[i].variant, variant) == 0)
			return &pins[i];
	return NULL;
}

/*
 * Checks (or prints) every variant of one file; returns how many runs it pinned and adds
 * to *moved those that differ from their pin, each named on stderr, so that one look at a
 * failed run lists every scenario a change has moved.
 */
static int
check_file(const char *file, int *moved)
{
	struct cfg_scenario sc;
	int v, n = 0;

	load(file, &sc);
	for (v = 0; v < sc.n_variants; v++) {
		const struct cfg_variant *var = &sc.variants[v];
		sim_time until = until_of(file, &var->cfg);
		sim_time early = until < UNTIL_OTHER_SEED ? until : UNTIL_OTHER_SEED;
		struct sim *sim = run(&var->cfg, sc.seed, early);
		struct sim *other = run(&var->cfg, sc.seed + 1, early);
		const struct pin *p = pin_of(file, var->name);

		assert_int_not_equal(sim_fingerprint(other), sim_fingerprint(sim));
		sim_run_until(sim, until);

		if (printing) {
			printf("\t{ \"%s\", \"%s\",\n\t  0x%016" PRIx64 "ULL, %" PRIu64 " },\n",
			       file, var->name, sim_fingerprint(sim), sim_events(sim));
		} else if (p == NULL) {
			print_error("%s %s: no pin\n", file, var->name);
			(*moved)++;
		} else if (sim_fingerprint(sim) != p->fingerprint || sim_events(sim) != p->events) {
			print_error("%s %s: fingerprint 0x%016" PRIx64 " after %" PRIu64 " events, "
			            "pinned 0x%016" PRIx64 " after %" PRIu64 "\n", file, var->name,
			            sim_fingerprint(sim), sim_events(sim), p->fingerprint, p->events);
			(*moved)++;
		}
		assert_true(sim_events(sim) > 0);
		sim_destroy(sim);
		sim_destroy(other);
		n++;
	}
	cfg_scenario_fini(&sc);
	return n;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .yaml files of dir, sorted, as "dir/name"; the caller frees them. */
static int
list_yaml(const char *dir, char **out, int max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL && n < max) {
		size_t len = strlen(e->d_name);
		char *path;

		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		path = malloc(strlen(dir) + len + 2);
		assert_non_null(path);
		sprintf(path, "%s/%s", dir, e->d_name);
		out[n++] = path;
	}
	closedir(d);
	qsort(out, (size_t)n, sizeof *out, by_name);
	return n;
}

static void
check_dir(const char *dir)
{
	char *files[64];
	int n = list_yaml(dir, files, 64), i, runs = 0, moved = 0;

	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		runs += check_file(files[i], &moved);
		free(files[i]);
	}
	assert_true(runs >= n);
	if (moved > 0) {
		print_error("%d of %d runs in %s differ from their pins; if the model change was "
		            "meant, regenerate the table (see the top of test_fingerprints.c)\n",
		            moved, runs, dir);
		fail();
	}
}

/* Every pin belongs to a file and variant that still exist: a removed one must go too. */
static void
check_pins_exist(void)
{
	size_t i;

	for (i = 0; pins[i].file != NULL; i++) {
		struct cfg_scenario sc;
		int found;

		load(pins[i].file, &sc);
		found = cfg_scenario_variant(&sc, pins[i].variant) >= 0;
		cfg_scenario_fini(&sc);
		if (!found) {
			print_error("pinned %s %s is gone: regenerate the table\n", pins[i].file,
			            pins[i].variant);
			fail();
		}
	}
}

static void
test_fingerprints_scenarios(void **state)
{
	(void)state;
	check_dir("scenarios");
}

static void
test_fingerprints_queueing(void **state)
{
	(void)state;
	check_dir("scenarios/queueing");
}

static void
test_fingerprints_no_stale_pins(void **state)
{
	(void)state;
	if (!printing)
		check_pins_exist();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fingerprints_scenarios),
		cmocka_unit_test(test_fingerprints_queueing),
		cmocka_unit_test(test_fingerprints_no_stale_pins),
	};
	const char *env = getenv("PRINT_FINGERPRINTS");

	printing = env != NULL && strcmp(env, "1") == 0;
	if (printing)
		printf("static const struct pin pins[] = {\n");
	if (!printing)
		return cmocka_run_group_tests(tests, NULL, NULL);
	test_fingerprints_scenarios(NULL);
	test_fingerprints_queueing(NULL);
	printf("\t{ NULL, NULL, 0, 0 },\n};\n");
	return 0;
}
