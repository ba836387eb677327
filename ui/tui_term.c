/* SPDX-License-Identifier: MIT */
/*
 * tui_term.c: what the terminal's description allows: whether curses can draw a screen,
 * and how to leave one without an alternate screen. Kept apart from tui.c because
 * <term.h> defines macros named like ordinary words (lines, columns).
 */
#include "tui.h"

#include <stdio.h>
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

/* Whether a capability of the running terminal's description is there and not empty. */
static int has_cap(const char *name)
{
	const char *s = tigetstr(name);

	return s != NULL && s != (const char *)-1 && *s != '\0';
}

void tui__leave_screen(void)
{
	/*
	 * With an alternate screen (smcup), endwin() brings back what the shell showed. Without
	 * one, the last frame would stay, and the shell would write over its status line: the
	 * screen is cleared and the cursor homed instead, with the description's own "clear".
	 */
	if (cur_term == NULL || has_cap("smcup") || !has_cap("clear"))
		return;
	putp(tigetstr("clear"));
	fflush(stdout);
}
