/* SPDX-License-Identifier: MIT */
/*
 * cfg.h: loading era and scenario files (YAML, through libyaml) into sim_config structs.
 *
 * A scenario names an era by path (relative to the scenario file) and lists variants; each
 * variant is the scenario with its `set:` overrides applied, bound into its own sim_config.
 * An era file given alone runs as a scenario with one variant, "default", and a gentle
 * default workload. The file format is described in docs/format.md.
 *
 * Errors are collected, never printed: every problem of a file is reported as
 * "path:line:column: message" in a cfg_errors list, and a load that found any problem
 * returns no config at all (nothing half-loads).
 */
#ifndef SIM_CFG_H
#define SIM_CFG_H

#include <stddef.h>

#include "config.h"

/* Exit-code-like results, as sysexits.h spells them. */
enum cfg_result {
	CFG_OK = 0,
	CFG_EDATA = 65,                 /* the file is not a valid era or scenario */
	CFG_EOPEN = 66                  /* the file (or its era) cannot be opened or read */
};

/* Variants in one scenario: each is a whole config, bound, run and shown on its own. */
#define CFG_MAX_VARIANTS 16

struct cfg_errors {
	int n;
	int cap;
	char **msgs;                    /* "path:line:column: message", owned */
};

struct cfg_variant {
	char name[SIM_NAME_MAX];
	char description[SIM_TEXT_MAX];
	char era_path[1024];            /* its era: the scenario's, or the one it names */
	struct sim_config cfg;
	struct sim_claim claims[SIM_MAX_CLAIMS];
	int n_claims;
};

/* The access logs replay workloads read, and the arrays made from them (cfg_log.h). */
struct cfg_replay;

struct cfg_scenario {
	char path[1024];                /* as given */
	char era_path[1024];            /* resolved against the scenario's folder */
	char title[SIM_TEXT_MAX];
	char description[1024];
	int year;
	int chapter;                    /* chapter of the talk, 0: none */
	uint64_t seed;
	int is_era;                     /* the file was an era, run with a default workload */
	int n_variants;
	struct cfg_variant *variants;   /* owned */
	struct cfg_replay *replay;      /* owned; the variants' replay workloads point into it */
};

/* A --set KEY=VALUE override, applied to every variant after its own set: block. */
struct cfg_set {
	const char *key;                /* "nodes.db.max_connections" */
	const char *value;              /* "2000" */
};

/*
 * Loads the scenario (or era) at path, applying sets in order. On CFG_OK, out owns
 * its variants until cfg_scenario_fini(); otherwise out is left empty and errs holds
 * at least one message.
 */
enum cfg_result cfg_scenario_load(const char *path, const struct cfg_set *sets, int n_sets,
                                  struct cfg_scenario *out, struct cfg_errors *errs);
void cfg_scenario_fini(struct cfg_scenario *sc);

/* Index of the variant called name, or -1. */
int cfg_scenario_variant(const struct cfg_scenario *sc, const char *name);

/* The i-th access log the scenario's replay workloads read (from 0), or NULL after the last:
 * inputs, like the scenario and its eras, that no output may be written over. */
const char *cfg_scenario_log(const struct cfg_scenario *sc, int i);

void cfg_errors_init(struct cfg_errors *errs);
void cfg_errors_fini(struct cfg_errors *errs);

/*
 * Parsers for values as people write them, shared with the command line. Each returns 0
 * and stores the value, or -1 and writes what was expected into why (a short phrase).
 * Durations: "200ms", "30s", "10m", "2h", "1500us"; a bare 0 is allowed.
 * Sizes: "4MB", "8GiB", "512KiB", "100B" (KB/MB/GB are powers of 1000, KiB... of 1024).
 * Rates: "40/s", "10000/min", "3/h", returned per second.
 * Money: "$640/month", "$5", returned in dollars per month.
 * Bandwidths: "100MB/s", "700KB/s" (a size per second), returned in bytes per second.
 * Distributions: "200ms", "exp(1s)", "uniform(100ms, 300ms)", "normal(200ms, 20ms)",
 * "lognormal(200ms, 50ms)", "pareto(10ms, 2.5)".
 * Times of day: "02:47:09" or "2:47", returned as the time since midnight.
 */
int cfg_parse_duration(const char *s, sim_time *out, char *why, size_t len);
int cfg_parse_clock(const char *s, sim_time *out, char *why, size_t len);
int cfg_parse_size(const char *s, uint64_t *out, char *why, size_t len);
int cfg_parse_rate(const char *s, double *out, char *why, size_t len);
int cfg_parse_money(const char *s, double *out, char *why, size_t len);
int cfg_parse_bandwidth(const char *s, double *out, char *why, size_t len);
int cfg_parse_dist(const char *s, struct sim_dist *out, char *why, size_t len);

#endif
