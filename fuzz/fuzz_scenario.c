/* SPDX-License-Identifier: MIT */
/*
 * fuzz_scenario.c: libFuzzer target for the era and scenario loader, and for the engine on
 * whatever the loader accepts. Each input is written to a file and loaded as the command
 * line would load it; every variant that loads then runs for at most 20,000 events (or to
 * its end), and its snapshot, log, metrics and claims are read back. The cap is on events,
 * not on simulated time, so that a quiet run reaches its faults and their recoveries.
 *
 * The file sits two folders down in a temporary tree whose eras/ links (at both levels) go
 * to the source tree's, and beside it is era_ok.yaml of tests/bad/, so that the seeds keep
 * their meaning: scenarios/x.yaml names ../eras/..., scenarios/queueing/x.yaml names
 * ../../eras/..., and the bad-file catalogue names era_ok.yaml.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfg.h"
#include "sim.h"

#define EVENT_LIMIT 20000

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char tree[64];           /* the temporary tree */
static char input[128];         /* tree/a/b/input.yaml */

/* Removes the tree at exit; nothing else is ever written in it. */
static void
remove_tree(void)
{
	char path[160];
	static const char *const parts[] = {
		"a/b/input.yaml", "a/b/era_ok.yaml", "a/b", "a/eras", "a", "eras",
	};

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tree, parts[i]);
		remove(path);
	}
	rmdir(tree);
}

static void
must(int ok, const char *what)
{
	if (!ok) {
		perror(what);
		exit(1);
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[160];

	snprintf(tree, sizeof(tree), "/tmp/gossipsim-fuzz-XXXXXX");
	must(mkdtemp(tree) != NULL, "mkdtemp");
	atexit(remove_tree);
	snprintf(path, sizeof(path), "%s/a", tree);
	must(mkdir(path, 0700) == 0, path);
	snprintf(path, sizeof(path), "%s/a/b", tree);
	must(mkdir(path, 0700) == 0, path);
	snprintf(path, sizeof(path), "%s/eras", tree);
	must(symlink(FUZZ_DATADIR "/eras", path) == 0, path);
	snprintf(path, sizeof(path), "%s/a/eras", tree);
	must(symlink(FUZZ_DATADIR "/eras", path) == 0, path);
	snprintf(path, sizeof(path), "%s/a/b/era_ok.yaml", tree);
	must(symlink(FUZZ_DATADIR "/tests/bad/era_ok.yaml", path) == 0, path);
	snprintf(input, sizeof(input), "%s/a/b/input.yaml", tree);
	return 0;
}

/* Reads back what a front end reads, so that a bad value there shows too. */
static void
read_back(struct sim *sim, const struct cfg_variant *var)
{
	struct sim_snapshot snap;
	char clock[16];
	double value;

	sim_snapshot(sim, &snap);
	for (size_t i = 0; i < sim_log_count(sim); i++)
		sim_clock_format(sim, sim_log_get(sim, i)->time, clock, sizeof(clock));
	for (int i = 0; i < sim_metric_count(sim); i++)
		(void)sim_metric_value(sim, i);
	for (int i = 0; i < var->n_claims; i++)
		(void)sim_claim_check(sim, &var->claims[i], &value);
	(void)sim_fingerprint(sim);
}

static void
run_variant(const struct cfg_scenario *sc, const struct cfg_variant *var)
{
	char why[256];
	struct sim *sim = sim_create(&var->cfg, sc->seed, why, sizeof(why));
	int events = 0;

	if (sim == NULL)
		return;
	while (events < EVENT_LIMIT && sim_step(sim))
		events++;
	read_back(sim, var);
	sim_destroy(sim);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_scenario sc;
	struct cfg_errors errs;
	FILE *f = fopen(input, "wb");

	if (f == NULL)
		return 0;
	if (size > 0 && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return 0;
	}
	fclose(f);
	cfg_errors_init(&errs);
	if (cfg_scenario_load(input, NULL, 0, &sc, &errs) == CFG_OK) {
		for (int v = 0; v < sc.n_variants; v++)
			run_variant(&sc, &sc.variants[v]);
		cfg_scenario_fini(&sc);
	}
	cfg_errors_fini(&errs);
	return 0;
}
