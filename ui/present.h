/* SPDX-License-Identifier: MIT */
/*
 * present.h: the talk walkthrough, what `gossipsim` with no arguments runs. On a terminal
 * it presents the deck full screen (slides, chapter menu, live incidents); with --plain, or
 * when stdout is not a terminal, it prints the deck as text; with --notes it follows a
 * presenter running in another terminal and shows the speaker notes.
 */
#ifndef UI_PRESENT_H
#define UI_PRESENT_H

#include "cli.h"

/* Runs the walkthrough; returns an exit code of enum cli_exit (0 after q). */
int deck_present_run(const struct cli_options *opt);

#endif
