/* SPDX-License-Identifier: MIT */
/*
 * stubs.c: stand-ins for the front ends still being written (the talk walkthrough and the
 * live view), so that gossipsim links meanwhile. They are weak: the real functions win
 * wherever they are linked. This file goes away once both have landed.
 */
#include <stdio.h>

#include "cfg.h"
#include "cli.h"

int deck_present_run(const struct cli_options *opt);
int tui_live_run(const struct cfg_scenario *sc, int variant, const struct cli_options *opt);

__attribute__((weak)) int deck_present_run(const struct cli_options *opt)
{
	fprintf(stderr, "gossipsim: the talk walkthrough is not built yet\n");
	return CLI_EXIT_SOFTWARE;
}

__attribute__((weak)) int tui_live_run(const struct cfg_scenario *sc, int variant,
                                       const struct cli_options *opt)
{
	fprintf(stderr, "gossipsim: the live view is not built yet; try --headless\n");
	return CLI_EXIT_SOFTWARE;
}
