/* SPDX-License-Identifier: MIT */
/*
 * tui.h: the terminal, shared by every ncurses screen of gossipsim (the deck, the live
 * view). One owner at a time: tui_init() takes the terminal, tui_fini() gives it back and
 * may be called any number of times; exit(), SIGINT, SIGTERM, SIGHUP and crashes give it
 * back too. While the terminal is taken nothing may be written to stdout or stderr.
 *
 * The helpers draw into any WINDOW inside a rectangle and never past its edges: text is
 * clipped by display columns (UTF-8 aware), boxes, meters and sparklines use Unicode when
 * the locale's codeset is UTF-8 and plain ASCII otherwise (or with TUI_PLAIN).
 */
#ifndef UI_TUI_H
#define UI_TUI_H

#include <curses.h>

#include "sim.h"

#define TUI_MIN_W 80
#define TUI_MIN_H 24
#define TUI_FRAME_MS 33                 /* getch timeout: about 30 frames a second */

enum tui_flags {
	TUI_PLAIN = 1 << 0,             /* no colours, ASCII drawing (--plain) */
	TUI_HIGH_CONTRAST = 1 << 1      /* bold colours on solid backgrounds, no dim text */
};

/* What a piece of text means; the theme turns it into colours or attributes. */
enum tui_role {
	TUI_NORMAL,
	TUI_FINE,                       /* health: well under capacity */
	TUI_BUSY,                       /* health: working hard */
	TUI_SATURATED,                  /* health: at capacity, queueing or refusing */
	TUI_DOWN,                       /* health: dead or restarting */
	TUI_TITLE,
	TUI_STATUS,                     /* the status line */
	TUI_DIM,                        /* secondary text, empty bar cells */
	TUI_ACCENT,                     /* keys, numbers worth a look */
	TUI_WARNING,
	TUI_ERROR,
	TUI_FATAL,
	TUI__ROLES
};

/* The characters that draw lines, bars and sparklines, as UTF-8 or ASCII strings. */
struct tui_glyphs {
	const char *h, *v;              /* lines */
	const char *tl, *tr, *bl, *br;  /* corners */
	const char *tee_down, *tee_up, *tee_right, *tee_left, *cross;
	const char *arrow_right, *arrow_left, *arrow_down, *arrow_up;
	const char *bar_full, *bar_empty;
	const char *spark[8];           /* lowest to highest */
	const char *dot;                /* a separator: "·" */
	const char *dash_h, *dash_v;    /* a line nothing travels: "┄", "┆" */
};

/*
 * Takes the terminal: locale, curses, cbreak, no echo, keypad, a getch timeout of
 * TUI_FRAME_MS, hidden cursor, colours unless NO_COLOR is set to something (an empty
 * NO_COLOR is no request) or flags say TUI_PLAIN.
 * GOSSIPSIM_THEME=high-contrast in the environment adds TUI_HIGH_CONTRAST.
 * Returns 0, or -1 when stdin/stdout is not a terminal curses can drive (nothing changed).
 */
int tui_init(unsigned flags);

/* Gives the terminal back. Safe to call when not initialised and more than once. */
void tui_fini(void);

int tui_active(void);
int tui_utf8(void);                     /* Unicode drawing in use */
int tui_has_colour(void);
const struct tui_glyphs *tui_glyphs(void);

/* The signal that asked to quit (SIGINT, SIGTERM, SIGHUP), 0 if none. Loops check it. */
int tui_quit_signal(void);

/* 1 once after the program was continued (SIGCONT): the screen needs a full redraw. */
int tui_take_redraw(void);

attr_t tui_attr(enum tui_role role);
attr_t tui_health_attr(enum sim_health health);
enum tui_role tui_ratio_role(double ratio);     /* fine < 70% <= busy < 90% <= saturated */
enum tui_role tui_level_role(enum sim_level level);

/*
 * When win is smaller than need_w x need_h, clears it, writes "terminal too small: need
 * 80x24, have WxH" centred (wrapped on narrow screens) and returns 0; otherwise returns 1.
 */
int tui_check_size(WINDOW *win, int need_w, int need_h);

/* Display columns of a UTF-8 string as tui_put() would draw it. */
int tui_width(const char *s);

/*
 * The next line of s that fits in w columns, broken after the last space that fits (hard
 * at w when one word is longer) or at '\n'. Returns its length in bytes; *next is where
 * the following line starts. Call until *s is '\0'.
 */
size_t tui_wrap(const char *s, int w, const char **next);

/*
 * A box's name in w columns: its label when it fits, else the node's name when that fits
 * (names are short and say the same: "gw_us" for "API gateway (us)"), else the label cut
 * with an ellipsis ("notificat…"). Written into buf, which is returned.
 */
const char *tui_fit_label(const char *label, const char *name, int w, char *buf,
                          size_t len);

/*
 * Whether the locale's codeset is UTF-8 (sets LC_CTYPE from the environment), for output
 * that does not take the terminal (--plain).
 */
int tui_locale_utf8(void);

/*
 * s spelled in ASCII into out (len bytes with the '\0'), as an ASCII terminal draws it:
 * "·" as "|", "—" as "-", anything without a spelling as "?". Returns the bytes written.
 */
size_t tui_ascii(const char *s, char *out, size_t len);

/*
 * Whether curses can drive the terminal on stdout: TERM is set, is not "dumb", and its
 * description can move the cursor (cup). The live view and the talk need that; without
 * it they fall back to the report and the plain text.
 */
int tui_can_drive(void);

/*
 * Called after endwin(): on a terminal without an alternate screen (no smcup, such as
 * TERM=vt100), clears the screen and homes the cursor, so the shell does not write over
 * the last frame. Internal to tui.c and tui_term.c.
 */
void tui__leave_screen(void);

/*
 * Called after keypad(): teaches curses the sequences common terminals send for PgUp,
 * PgDn, Home, End, the arrows, Insert and Delete where the terminal's description has
 * none, so that TERM=vt100 under an xterm still pages. Internal to tui.c and tui_term.c.
 */
void tui__define_keys(void);

/* Draws s at y, x in at most maxw columns; returns the columns used. */
int tui_put(WINDOW *win, int y, int x, int maxw, attr_t attr, const char *s);
int tui_putf(WINDOW *win, int y, int x, int maxw, attr_t attr, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * Like tui_put(), but text wider than maxw ends in an ellipsis ("pain: after four
 * upgr…"), so a reader sees that something was left out.
 */
int tui_put_fit(WINDOW *win, int y, int x, int maxw, attr_t attr, const char *s);
int tui_put_fitf(WINDOW *win, int y, int x, int maxw, attr_t attr, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Blanks a rectangle. */
void tui_clear(WINDOW *win, int y, int x, int h, int w);

void tui_hline(WINDOW *win, int y, int x, int w, attr_t attr);
void tui_vline(WINDOW *win, int y, int x, int h, attr_t attr);
void tui_box(WINDOW *win, int y, int x, int h, int w, attr_t attr);

/*
 * A frame with title in its top edge and text word-wrapped inside ('\n' breaks lines).
 * Returns the number of text lines drawn.
 */
int tui_boxed_text(WINDOW *win, int y, int x, int h, int w, const char *title,
                   const char *text, attr_t attr);

/*
 * A bar w columns wide filled to ratio (clamped to 0..1) in role's colour, usually
 * tui_ratio_role(ratio): the fuller, the hotter.
 */
void tui_meter(WINDOW *win, int y, int x, int w, double ratio, enum tui_role role);

/*
 * The last w of n values (oldest first) as a sparkline, scaled to max, or to the largest
 * value when max <= 0. Negative values (no sample) are drawn blank.
 */
void tui_sparkline(WINDOW *win, int y, int x, int w, const double *v, int n, double max,
                   attr_t attr);

#endif
