/* SPDX-License-Identifier: MIT */
/*
 * cli.h: the command line of gossipsim, parsed into one struct cli_options that main()
 * hands to a front end (the deck, the live view, the headless report). The parser keeps
 * no state of its own (no getopt globals), so tests may parse as often as they like.
 */
#ifndef UI_CLI_H
#define UI_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "config.h"

/* sysexits.h values, the exit codes gossipsim documents. */
enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_CLAIM = 1,             /* a claim of a scenario failed */
	CLI_EXIT_USAGE = 64,
	CLI_EXIT_DATA = 65,             /* a file is not a valid era or scenario */
	CLI_EXIT_NOINPUT = 66,          /* a file cannot be opened (or the --json output) */
	CLI_EXIT_UNAVAILABLE = 69,      /* the drawing module cannot be loaded */
	CLI_EXIT_SOFTWARE = 70          /* an internal error */
};

enum cli_command {
	CLI_PRESENT,                    /* no command, no file: the talk walkthrough */
	CLI_RUN,                        /* `run FILE` or a bare FILE */
	CLI_CHECK,
	CLI_VALIDATE,
	CLI_LIST,
	CLI_HELP,                       /* --help, -h or `help [COMMAND]` */
	CLI_VERSION,
	CLI_DOT,                        /* `dot FILE`: the topology as Graphviz DOT */
	CLI_DIFF                        /* `diff FILE1 FILE2`: what the later era changes */
};

struct cli_options {
	enum cli_command command;
	enum cli_command help_topic;    /* CLI_HELP: the command asked about; CLI_PRESENT: all */

	/* run */
	int headless;                   /* --headless, or implied by --json */
	const char *variant;            /* --variant NAME, NULL: every variant */
	int has_seed;
	uint64_t seed;                  /* --seed N, replaces the scenario's seed */
	int has_until;
	sim_time until;                 /* --until TIME, stop there instead of at the end */
	const char *json_path;          /* --json PATH, "-" for stdout; NULL: no JSON */
	const char *csv_path;           /* --csv PATH, "-" for stdout: a row per second */
	const char *plot_path;          /* --plot PATH.png or PATH.svg: charts over time */
	const char *record_path;        /* --record PATH.cast: the live view, asciinema v2 */
	const char *trace_path;         /* --trace PATH: sampled requests, Chrome trace JSON */
	uint32_t trace_every;           /* --trace-every N: one client request in N; 0: 100 */
	struct cfg_set *sets;           /* --set KEY=VALUE, in order; owned */
	int n_sets;

	/* the SDL2 window, for the talk (no FILE) and for run */
	int gui;                        /* --gui, or implied by --screenshot */
	const char *screenshot;         /* --screenshot PATH.png: one frame, no window */
	int has_at;
	int at_is_clock;                /* --at was a time of day (after the clock start) */
	sim_time at;                    /* --at TIME: a time of day or a duration */

	/* the deck (and --plain for the live view too) */
	int plain;                      /* no colours, no box drawing */
	int notes;                      /* show the speaker notes */

	/* run and dot: one FILE; diff: two; check and validate: one or more; into argv */
	char *const *files;
	int n_files;
};

/*
 * Parses argv into opt. Returns 0, or CLI_EXIT_USAGE with one lowercase line in err
 * ("unknown option '--foo'"). Either way cli_options_fini() releases what opt holds.
 * opt keeps pointers into argv, which must outlive it.
 */
int cli_parse(int argc, char *const argv[], struct cli_options *opt, char *err, size_t errlen);
void cli_options_fini(struct cli_options *opt);

/* The help text of a command (CLI_PRESENT: the overview of every command). */
const char *cli_help(enum cli_command topic);

/* "run", "check"...; "gossipsim" for CLI_PRESENT. */
const char *cli_command_name(enum cli_command cmd);

#endif
