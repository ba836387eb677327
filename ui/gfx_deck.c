/* SPDX-License-Identifier: MIT */
/* gfx_deck.c: the talk in the SDL2 window (being written). */
#include <stdio.h>

#include "gfx.h"

int gfx_run_deck(const struct cli_options *opt)
{
	(void)opt;
	fprintf(stderr, "gossipsim: the talk in a window is not written yet\n");
	return CLI_EXIT_SOFTWARE;
}
