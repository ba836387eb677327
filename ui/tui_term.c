/* SPDX-License-Identifier: MIT */
/*
 * tui_term.c: what the terminal's description allows: whether curses can draw a screen,
 * which keys it leaves out, and how to leave one without an alternate screen. Kept apart
 * from tui.c because <term.h> defines macros named like ordinary words (lines, columns).
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

/*
 * What common terminals send for the keys the talk moves with: xterm and its kin, the
 * VT220 editing keys, rxvt's Home and End, in both cursor modes. A description that
 * lacks one (vt100 has no kpp, knp, khome or kend, though every emulator claiming to be
 * one sends them) would let the sequence through as Esc, '[', '5', '~': the talk would
 * take '[' for a seek.
 */
static const struct {
	const char *seq;
	int key;
} common_keys[] = {
	{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
	{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME },
	{ "\033OH", KEY_HOME },
	{ "\033[4~", KEY_END }, { "\033[8~", KEY_END }, { "\033[F", KEY_END },
	{ "\033OF", KEY_END },
	{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN }, { "\033[C", KEY_RIGHT },
	{ "\033[D", KEY_LEFT },
	{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN }, { "\033OC", KEY_RIGHT },
	{ "\033OD", KEY_LEFT },
	{ "\033[2~", KEY_IC }, { "\033[3~", KEY_DC },
};

void tui__define_keys(void)
{
	size_t i;

	/* only where the description says nothing: its own sequences come first */
	for (i = 0; i < sizeof common_keys / sizeof common_keys[0]; i++)
		if (key_defined(common_keys[i].seq) == 0)
			define_key(common_keys[i].seq, common_keys[i].key);
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
