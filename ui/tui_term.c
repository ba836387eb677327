/* SPDX-License-Identifier: MIT */
/*
 * tui_term.c: whether the terminal's description lets curses draw a screen. Kept apart
 * from tui.c because <term.h> defines macros named like ordinary words (lines, columns).
 */
#include "tui.h"

#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

int tui_can_drive(void)
{
	const char *term = getenv("TERM");
	TERMINAL *before = cur_term;
	const char *cup;
	int err = 0, ok;

	if (!term || !*term || strcmp(term, "dumb") == 0)
		return 0;
	/* a description of our own, dropped after the look, so curses starts afresh later */
	if (setupterm(term, STDOUT_FILENO, &err) != OK)
		return 0;
	cup = tigetstr("cup");
	ok = cup != NULL && cup != (const char *)-1;
	del_curterm(cur_term);
	set_curterm(before);
	return ok;
}
