/* SPDX-License-Identifier: MIT */
/*
 * main.c: gossipsim's entry point. It parses the command line, picks a front end (the
 * talk walkthrough, the live view on a terminal, the headless report otherwise) and turns
 * what happened into an exit code: 0 ok, 1 a claim failed, 64 usage, 65 bad data file,
 * 66 cannot open, 69 the drawing module cannot be loaded, 70 internal error. Everything
 * else lives in cli.c, report.c and the front ends.
 *
 * The window and the charts of --plot live in the drawing module (module.h), opened only
 * when a command draws, and before anything runs: a missing module stops a --plot at once,
 * not after the simulation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "cli.h"
#include "module.h"
#include "out_files.h"
#include "present.h"
#include "report.h"
#include "tui.h"
#include "tui_live.h"
#include "version.h"

/* A build without SDL2 has no window: --gui says how to get one. */
static int no_window(void)
{
	fprintf(stderr, "gossipsim was built without SDL2 (install libsdl2-dev and "
	        "libsdl2-ttf-dev and rebuild)\n");
	return CLI_EXIT_SOFTWARE;
}

/* --gui and --screenshot: FILE's live view (sc), or the talk (sc NULL), in the window. */
static int run_window(const struct cfg_scenario *sc, int variant,
                      const struct cli_options *opt)
{
#ifdef GOSSIPSIM_HAVE_SDL
	const struct module_gfx *m = module_gfx_load(opt->screenshot ? "--screenshot" : "--gui",
	                                             stderr);

	if (!m)
		return CLI_EXIT_UNAVAILABLE;
	if (!m->run_file || !m->run_deck)
		return no_window();
	return sc ? m->run_file(sc, variant, opt) : m->run_deck(opt);
#else
	return no_window();
#endif
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "gossipsim: %s\ntry 'gossipsim --help'\n", msg);
	return CLI_EXIT_USAGE;
}

/* The index of the --variant asked for, -1 for every variant, or -2 after a usage error. */
static int pick_variant(const struct cfg_scenario *sc, const char *name)
{
	char msg[1024];
	int n;

	if (!name)
		return -1;
	int i = cfg_scenario_variant(sc, name);
	if (i >= 0)
		return i;
	n = snprintf(msg, sizeof(msg), "no variant '%s' in %s (it has:", name, sc->path);
	for (int j = 0; j < sc->n_variants && n > 0 && (size_t)n < sizeof(msg); j++)
		n += snprintf(msg + n, sizeof(msg) - (size_t)n, "%s %s", j ? "," : "",
		              sc->variants[j].name);
	if (n > 0 && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - (size_t)n, ")");
	usage_error(msg);
	return -2;
}

/*
 * The report, then the files asked for (--csv, --plot, --record). Their targets are
 * checked first, and the drawing module opened for --plot, so a bad target or a missing
 * module stops the run before anything is written; with --csv - the rows are the
 * standard output and the report stays quiet.
 */
static int run_headless(const struct cfg_scenario *sc, int variant,
                        const struct cli_options *opt)
{
	int rc = out_check_targets(sc, opt, stderr);
	out_plot_fn plot = NULL;

	if (rc != CLI_EXIT_OK)
		return rc;
	if (opt->plot_path) {
		const struct module_gfx *m = module_gfx_load("--plot", stderr);

		if (!m)
			return CLI_EXIT_UNAVAILABLE;
		plot = m->plot_write;
	}
	rc = report_run(sc, variant, opt, out_csv_to_stdout(opt) ? NULL : stdout, stderr);
	int wrote = out_write_all(sc, variant, opt, plot, stdout, stderr);
	return wrote > rc ? wrote : rc;
}

/*
 * Whether the live view can take stdout. A terminal curses cannot drive (TERM=dumb, or a
 * description that cannot move the cursor) would show a blank screen: the report is
 * printed instead, with a line on stderr that says why.
 */
static int live_view_possible(const struct cli_options *opt)
{
	const char *term = getenv("TERM");

	if (opt->headless || !isatty(STDOUT_FILENO))
		return 0;
	if (tui_can_drive())
		return 1;
	fprintf(stderr, "gossipsim: the terminal (TERM=%s) cannot draw the live view; "
	        "printing the report instead\n", term && *term ? term : "unset");
	return 0;
}

/* `run FILE` or a bare FILE: live on a terminal, the report otherwise. */
static int run(const struct cli_options *opt)
{
	struct cfg_scenario sc;
	int rc = report_load(opt->files[0], opt, &sc, stderr);

	if (rc != CLI_EXIT_OK)
		return rc;
	int variant = pick_variant(&sc, opt->variant);
	if (variant == -2)
		rc = CLI_EXIT_USAGE;
	else if (opt->gui)
		rc = run_window(&sc, variant, opt);
	else if (live_view_possible(opt))
		rc = tui_live_run(&sc, variant, opt);
	else
		rc = run_headless(&sc, variant, opt);
	cfg_scenario_fini(&sc);
	return rc;
}

static int dispatch(const struct cli_options *opt)
{
	switch (opt->command) {
	case CLI_HELP:
		fputs(cli_help(opt->help_topic), stdout);
		return CLI_EXIT_OK;
	case CLI_VERSION:
		printf("gossipsim %s\n", gossipsim_version());
		return CLI_EXIT_OK;
	case CLI_PRESENT:
		return opt->gui ? run_window(NULL, -1, opt) : deck_present_run(opt);
	case CLI_RUN:
		return run(opt);
	case CLI_CHECK:
		return report_check(opt->files, opt->n_files, opt, stdout, stderr);
	case CLI_VALIDATE:
		return report_validate(opt->files, opt->n_files, opt, stdout, stderr);
	case CLI_DOT:
		return out_dot_command(opt, stdout, stderr);
	case CLI_DIFF:
		return out_diff_command(opt, stdout, stderr);
	case CLI_LIST:
		return report_list(stdout, stderr);
	}
	fprintf(stderr, "gossipsim: internal error: no front end for command %d\n",
	        (int)opt->command);
	return CLI_EXIT_SOFTWARE;
}

int main(int argc, char **argv)
{
	struct cli_options opt;
	char err[512];
	int rc = cli_parse(argc, argv, &opt, err, sizeof(err));

	if (rc == CLI_EXIT_OK)
		rc = dispatch(&opt);
	else
		usage_error(err);
	cli_options_fini(&opt);

	/* A report that did not reach its reader (a full disk, a closed pipe) is no report. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gossipsim: cannot write to standard output\n");
		if (rc == CLI_EXIT_OK || rc == CLI_EXIT_CLAIM)
			rc = CLI_EXIT_SOFTWARE;
	}
	return rc;
}
