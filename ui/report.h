/* SPDX-License-Identifier: MIT */
/*
 * report.h: the commands that need no terminal. They run simulations to their end and
 * print what happened (run --headless, check), load files only (validate), or list the
 * shipped data (list). Each writes its results to out and its complaints to err, and
 * returns one of the exit codes of enum cli_exit.
 */
#ifndef UI_REPORT_H
#define UI_REPORT_H

#include <stdio.h>

#include "cfg.h"
#include "cli.h"

/*
 * Loads path with the --set overrides of opt and applies its --seed. Prints every loader
 * message to err. Returns CLI_EXIT_OK with sc to be released by cfg_scenario_fini(), or
 * CLI_EXIT_DATA / CLI_EXIT_NOINPUT with sc left empty.
 */
int report_load(const char *path, const struct cli_options *opt, struct cfg_scenario *sc,
                FILE *err);

/*
 * Runs one variant of sc (or every variant when variant is -1) to its end, or to
 * opt->until, and prints the report to out (nothing when out is NULL); with
 * opt->json_path also writes the JSON (to out instead of the report when the path is
 * "-"). Returns CLI_EXIT_CLAIM when a claim failed.
 */
int report_run(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
               FILE *out, FILE *err);

/*
 * `check`: every variant of every file, a line per claim, then a summary line. opt (may
 * be NULL) brings the --set overrides, applied to every file.
 */
int report_check(char *const *files, int n, const struct cli_options *opt, FILE *out,
                 FILE *err);

/* `validate`: "FILE: ok" per file that loads, the loader's messages for the others. */
int report_validate(char *const *files, int n, const struct cli_options *opt, FILE *out,
                    FILE *err);

/* `list`: the eras and scenarios of the data folder, grouped by year. */
int report_list(FILE *out, FILE *err);

/* "0.05", "37", "n/a": a metric value as the report prints it. */
void report_format_value(double v, char *buf, size_t len);

/* The unit a metric's name gives its value, for the views that write it in that unit. */
enum report_unit { REPORT_COUNT, REPORT_RATIO, REPORT_MS, REPORT_USD, REPORT_PER_S };

enum report_unit report_metric_unit(const char *name);

#endif
