/* SPDX-License-Identifier: MIT */
/*
 * plain.h: the deck as plain text, slide after slide, for screen readers, handouts and
 * pipes. `gossipsim --plain` prints it, and so does `gossipsim` when stdout is not a
 * terminal.
 */
#ifndef UI_PLAIN_H
#define UI_PLAIN_H

#include <stdio.h>

#include "deck.h"

/* Prints slide i ("Slide 3/40 — 2004 · Foundation", title, body...); notes when asked. */
void deck_plain_slide(const struct deck *deck, int i, int with_notes, FILE *out);

/* Prints the whole deck. Returns 0, or -1 when writing to out failed. */
int deck_plain_print(const struct deck *deck, int with_notes, FILE *out);

#endif
