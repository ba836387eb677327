/* SPDX-License-Identifier: MIT */
/*
 * out_files.h: the files people take away from a run, and the commands that only draw
 * a file's shape. `run --csv` (a row per simulated second), `run --plot` (charts as PNG
 * or SVG), `run --record` (the live view as an asciinema v2 recording), `dot` (the
 * topology for Graphviz) and `diff` (what a later era changes).
 *
 * Every file is written whole or not at all: into a temporary file in the target's
 * folder, renamed over the target once complete. A target that is an input of the run,
 * a folder, a device, or a file that cannot be replaced is refused before anything runs.
 */
#ifndef UI_OUT_FILES_H
#define UI_OUT_FILES_H

#include <stdio.h>

#include "cfg.h"
#include "cli.h"
#include "sim.h"

/* ---- for main() -------------------------------------------------------------------- */

/*
 * Refuses --csv, --plot, --record and --trace targets that are inputs, folders, or in a
 * folder that is missing or read-only (64 or 66), and any two outputs, --json among them,
 * that name one file (64).
 */
int out_check_targets(const struct cfg_scenario *sc, const struct cli_options *opt, FILE *err);

/*
 * Refuses one target, named what in the messages ("--csv", "JSON"): an input of the run
 * (the file, any era it or a variant names, an access log it replays) gives 64; a folder,
 * a device, a missing or read-only folder, or one no file can be made in gives 66; "-"
 * and NULL pass.
 */
int out_target_ok(const struct cfg_scenario *sc, const char *what, const char *path,
                  FILE *err);

/*
 * The writer of --plot: out_plot_write(), which the binary reaches through the drawing
 * module (module.h) so as not to link cairo.
 */
typedef int (*out_plot_fn)(const struct cfg_scenario *sc, int variant,
                           const struct cli_options *opt, FILE *err);

/*
 * Writes every file opt asks for, --plot with plot; "--csv -" goes to out. Returns the
 * worst exit code.
 */
int out_write_all(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                  out_plot_fn plot, FILE *out, FILE *err);

/* 1 when the CSV rows take the standard output ("--csv -"). */
int out_csv_to_stdout(const struct cli_options *opt);

/* `gossipsim dot FILE`: the topology of the file (its first variant, or --variant). */
int out_dot_command(const struct cli_options *opt, FILE *out, FILE *err);

/* `gossipsim diff FILE1 FILE2`: what the second file's era adds, removes and changes. */
int out_diff_command(const struct cli_options *opt, FILE *out, FILE *err);

/* ---- shared by the out_*.c writers ---------------------------------------------- */

/*
 * A file being written: f writes into tmp, which out_file_commit() renames to path. Every
 * message about it reads "cannot write 'PATH': reason", the reason lowercased.
 */
struct out_file {
	const char *path;
	char real[4096];                /* where it goes: a link's target */
	char tmp[4096];
	int in_place;                   /* a FIFO: written directly, not replaced */
	int error;                      /* errno of a failed write, when the writer kept it */
	FILE *f;
};

/*
 * Where writing path really goes, into real: the target of a symbolic link (the link
 * stays), or path itself. Sets *in_place when the target exists and is not a regular file
 * (a FIFO; a device is refused before) or is a dangling link: replacing it with a renamed
 * file would destroy it, so it is written directly. Returns -1 when the resolved path does
 * not fit.
 */
int out_target(const char *path, char *real, size_t len, int *in_place);

/*
 * Whether a file could be created at path: it is not a device, its folder exists, a file
 * can be made there and renamed over it (tried with a temporary file). Checked before a
 * run, so that a missing folder or a /proc file stops it at once, not after minutes of
 * simulation; 0, or CLI_EXIT_NOINPUT after a message.
 */
int out_folder_ok(const char *path, FILE *err);

/* Opens a temporary file next to path; 0, or CLI_EXIT_NOINPUT after a message. */
int out_file_open(struct out_file *of, const char *path, FILE *err);

/* Flushes, syncs and renames over the target; 0, or CLI_EXIT_NOINPUT after a message. */
int out_file_commit(struct out_file *of, FILE *err);

/*
 * Checks path as out_folder_ok() does and writes n bytes as the whole file; 0, or -1 with
 * the message in why ("cannot write 'PATH': reason"), for callers that print it later.
 */
int out_file_put(const char *path, const void *p, size_t n, char *why, size_t len);

/* Closes and removes the temporary file; nothing reaches the target. */
void out_file_abort(struct out_file *of);

/* Called once a simulated second with the run and its snapshot; non-zero stops. */
typedef int (*out_tick_fn)(void *ctx, const struct sim *sim, const struct sim_snapshot *snap);

/*
 * Runs variant v of sc from time zero to its end (or opt->until), calling tick after each
 * simulated second and once more at the end when that is not a whole second. Returns 0,
 * CLI_EXIT_DATA when the engine refuses the variant (after a message), or what tick
 * returned.
 */
int out_replay(const struct cfg_scenario *sc, int v, const struct cli_options *opt,
               out_tick_fn tick, void *ctx, FILE *err);

/*
 * The name at the right end of a chart's line: "p99 pain 49.4 ms" for its last value v,
 * "p99 pain -" when it never had one (v NaN).
 */
void out_plot_end_text(char *buf, size_t len, const char *what, const char *variant,
                       double v, const char *unit);

/*
 * Stacks n labels whose baselines y[] (ascending) are wanted where their lines end: each
 * at least gap below the one before, and the stack pulled up so that the last is not
 * below bottom, the panel's lower edge, where the time labels start.
 */
void out_plot_stack(double *y, int n, double gap, double bottom);

/* The story counters every chart and table shows, in order; NULL-terminated. */
extern const char *const out_story_metrics[];

/* Which node ratios apply to a kind: cpu (all but lb, gateway), ram (app), pool (db). */
int out_node_has_cpu(enum sim_node_kind kind);
int out_node_has_ram(enum sim_node_kind kind);
int out_node_has_pool(enum sim_node_kind kind);

/* The writers, each for one variant or every variant (-1). */
int out_csv_write(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                  FILE *out, FILE *err);
int out_plot_write(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                   FILE *err);
int out_cast_write(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                   FILE *err);
int out_trace_write(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                    FILE *err);

#endif
