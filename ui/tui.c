/* SPDX-License-Identifier: MIT */
/*
 * tui.c: owning the terminal and drawing the small pieces every screen is made of.
 *
 * The terminal is process-wide, so this module keeps file-scope state: the curses SCREEN
 * (kept after endwin() so a later tui_init() resumes it: curses cannot be started twice),
 * the flags chosen, whether the drawing is Unicode, the theme's attributes and two signal
 * flags. Signal handlers only set those flags (SIGINT, SIGTERM, SIGHUP: quit; SIGCONT:
 * redraw) and the screen loops act on them; crashes (SIGSEGV and friends, and SIGQUIT)
 * give the terminal back and die with the same signal. Stopping with Ctrl-Z is left to
 * curses, which saves and restores the terminal around the stop itself.
 *
 * Text is clipped by display columns, never by bytes, so a UTF-8 title cannot run past
 * its box. In an ASCII locale the few non-ASCII characters our texts use are spelled in
 * ASCII ("·" as "|", "—" as "-", "…" as "...") and the rest become "?".
 */
#include "tui.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/*
 * How long an Esc waits for the rest of a key's sequence (PgUp is Esc [ 5 ~) before it
 * counts as Esc alone. Emulators send a sequence in one write, but ssh and a busy machine
 * may split it, and a split PgUp would arrive as Esc, '[' (a seek in the talk), '5' and
 * '~'; the 25 ms used before left little margin for that. 100 ms is what vim waits, and
 * still closes a menu before the eye notices.
 */
#define ESC_WAIT_MS 100

static SCREEN *screen;
static int active;
static int utf8;
static int colour;
static unsigned flags_now;
static attr_t theme[TUI__ROLES];
static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t continued;

static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP };
/* SIGQUIT (Ctrl-\ in cbreak mode) dumps core like a crash, so it is given the same care. */
static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT };
static struct sigaction saved_quit[3];
static struct sigaction saved_cont;

static const struct tui_glyphs glyphs_utf8 = {
	"\u2500", "\u2502", "\u250c", "\u2510", "\u2514", "\u2518",
	"\u252c", "\u2534", "\u251c", "\u2524", "\u253c",
	"\u25b6", "\u25c0", "\u25bc", "\u25b2",
	"\u2588", "\u2591",
	{ "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" },
	"\u00b7",
	"\u2504", "\u2506",
};

static const struct tui_glyphs glyphs_ascii = {
	"-", "|", "+", "+", "+", "+",
	"+", "+", "+", "+", "+",
	">", "<", "v", "^",
	"#", ".",
	{ "_", ".", "-", "~", "=", "+", "*", "#" },
	"|",
	".", ":",
};

/* Eighths of a cell, for the tip of a Unicode meter: index 1..7. */
static const char *const eighths[8] = {
	"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589",
};

/* Colour theme: foreground, background, attributes; -1 is the terminal's default. */
struct role_style {
	short fg, bg;
	attr_t attr;
};

static const struct role_style styles_normal[TUI__ROLES] = {
	[TUI_NORMAL] = { -1, -1, 0 },
	[TUI_FINE] = { COLOR_GREEN, -1, 0 },
	[TUI_BUSY] = { COLOR_YELLOW, -1, 0 },
	[TUI_SATURATED] = { COLOR_RED, -1, A_BOLD },
	[TUI_DOWN] = { COLOR_WHITE, COLOR_RED, A_BOLD },
	[TUI_TITLE] = { COLOR_CYAN, -1, A_BOLD },
	[TUI_STATUS] = { COLOR_BLACK, COLOR_CYAN, 0 },
	[TUI_DIM] = { -1, -1, A_DIM },
	[TUI_ACCENT] = { COLOR_CYAN, -1, 0 },
	[TUI_WARNING] = { COLOR_YELLOW, -1, A_BOLD },
	[TUI_ERROR] = { COLOR_RED, -1, A_BOLD },
	[TUI_FATAL] = { COLOR_WHITE, COLOR_RED, A_BOLD },
};

static const struct role_style styles_contrast[TUI__ROLES] = {
	[TUI_NORMAL] = { -1, -1, 0 },
	[TUI_FINE] = { COLOR_GREEN, -1, A_BOLD },
	[TUI_BUSY] = { COLOR_YELLOW, -1, A_BOLD },
	[TUI_SATURATED] = { COLOR_WHITE, COLOR_RED, A_BOLD },
	/* on red like the normal theme's, in yellow to tell it from a saturated box */
	[TUI_DOWN] = { COLOR_YELLOW, COLOR_RED, A_BOLD },
	[TUI_TITLE] = { COLOR_WHITE, -1, A_BOLD },
	[TUI_STATUS] = { COLOR_BLACK, COLOR_WHITE, A_BOLD },
	[TUI_DIM] = { -1, -1, 0 },
	[TUI_ACCENT] = { COLOR_CYAN, -1, A_BOLD },
	[TUI_WARNING] = { COLOR_YELLOW, -1, A_BOLD },
	[TUI_ERROR] = { COLOR_RED, -1, A_BOLD },
	[TUI_FATAL] = { COLOR_WHITE, COLOR_RED, A_BOLD },
};

/* Without colour, health must still read: plain, bold, bold underlined, reversed. */
static const attr_t mono[TUI__ROLES] = {
	[TUI_NORMAL] = 0,
	[TUI_FINE] = 0,
	[TUI_BUSY] = A_BOLD,
	[TUI_SATURATED] = A_BOLD | A_UNDERLINE,
	[TUI_DOWN] = A_REVERSE,
	[TUI_TITLE] = A_BOLD,
	[TUI_STATUS] = A_REVERSE,
	[TUI_DIM] = A_DIM,
	[TUI_ACCENT] = A_BOLD,
	[TUI_WARNING] = A_BOLD,
	[TUI_ERROR] = A_BOLD | A_UNDERLINE,
	[TUI_FATAL] = A_REVERSE | A_BOLD,
};

static void on_quit(int sig)
{
	quit_signal = sig;
}

static void on_cont(int sig)
{
	(void)sig;
	continued = 1;
}

/* Best effort: endwin() is not async-signal-safe, but a dying program has no better time. */
static void on_fatal(int sig)
{
	if (active)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_signals(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit;
	for (i = 0; i < 3; i++)
		sigaction(quit_signals[i], &sa, &saved_quit[i]);
	sa.sa_handler = on_cont;
	sigaction(SIGCONT, &sa, &saved_cont);

	/* Leave crash handlers that are already there (a sanitizer's) alone. */
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
		struct sigaction old;

		if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			sigaction(fatal_signals[i], &sa, NULL);
	}
}

static void restore_signals(void)
{
	size_t i;

	for (i = 0; i < 3; i++)
		sigaction(quit_signals[i], &saved_quit[i], NULL);
	sigaction(SIGCONT, &saved_cont, NULL);
}

/* no-color.org: NO_COLOR set and not empty; NO_COLOR= is the same as no NO_COLOR at all */
static int no_color(void)
{
	const char *v = getenv("NO_COLOR");

	return v && *v;
}

static void setup_theme(void)
{
	const struct role_style *styles;
	int i, defaults;

	colour = 0;
	if (!(flags_now & TUI_PLAIN) && !no_color() && has_colors() &&
	    start_color() == OK && COLORS >= 8)
		colour = 1;
	if (!colour) {
		for (i = 0; i < TUI__ROLES; i++)
			theme[i] = mono[i];
		if (flags_now & TUI_HIGH_CONTRAST)
			theme[TUI_DIM] = 0;
		return;
	}

	styles = flags_now & TUI_HIGH_CONTRAST ? styles_contrast : styles_normal;
	defaults = use_default_colors() == OK;
	for (i = 0; i < TUI__ROLES; i++) {
		short fg = styles[i].fg, bg = styles[i].bg;

		/* without default colours -1 is refused; white on black is the usual default */
		if (!defaults) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		init_pair((short)(i + 1), fg, bg);
		theme[i] = COLOR_PAIR(i + 1) | styles[i].attr;
	}
}

int tui_init(unsigned flags)
{
	static int registered;
	const char *codeset, *theme_env;

	if (active)
		return 0;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -1;

	/* a misspelt theme is said before the screen is taken, and the talk goes on */
	theme_env = getenv("GOSSIPSIM_THEME");
	if (theme_env && strcmp(theme_env, "high-contrast") == 0)
		flags |= TUI_HIGH_CONTRAST;
	else if (theme_env && theme_env[0] && strcmp(theme_env, "default") != 0)
		fprintf(stderr, "gossipsim: GOSSIPSIM_THEME: no theme '%s' (the themes are "
		        "default and high-contrast); using the default\n", theme_env);
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");     /* numbers on screen read the same everywhere */
	codeset = nl_langinfo(CODESET);
	flags_now = flags;
	utf8 = !(flags & TUI_PLAIN) && codeset && strcmp(codeset, "UTF-8") == 0;

	install_signals();
	if (!screen) {
		screen = newterm(NULL, stdout, stdin);
		if (!screen) {
			restore_signals();
			return -1;
		}
	}
	set_term(screen);
	active = 1;
	if (!registered) {
		atexit(tui_fini);
		registered = 1;
	}

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	tui__define_keys();
	wtimeout(stdscr, TUI_FRAME_MS);
	/* ESCDELAY set in the environment is the user's choice, which curses has read */
	if (!getenv("ESCDELAY"))
		set_escdelay(ESC_WAIT_MS);
	curs_set(0);
	setup_theme();
	clearok(curscr, TRUE);
	refresh();
	return 0;
}

void tui_fini(void)
{
	if (!active)
		return;
	curs_set(1);
	endwin();
	tui__leave_screen();
	active = 0;
	restore_signals();
}

int tui_active(void)
{
	return active;
}

int tui_utf8(void)
{
	return utf8;
}

int tui_has_colour(void)
{
	return colour;
}

const struct tui_glyphs *tui_glyphs(void)
{
	return utf8 ? &glyphs_utf8 : &glyphs_ascii;
}

int tui_quit_signal(void)
{
	return quit_signal;
}

int tui_take_redraw(void)
{
	int was = continued;

	continued = 0;
	return was;
}

attr_t tui_attr(enum tui_role role)
{
	if ((int)role < 0 || role >= TUI__ROLES)
		return 0;
	return active ? theme[role] : mono[role];
}

attr_t tui_health_attr(enum sim_health health)
{
	switch (health) {
	case SIM_HEALTH_FINE:
		return tui_attr(TUI_FINE);
	case SIM_HEALTH_BUSY:
		return tui_attr(TUI_BUSY);
	case SIM_HEALTH_SATURATED:
		return tui_attr(TUI_SATURATED);
	default:
		return tui_attr(TUI_DOWN);
	}
}

enum tui_role tui_ratio_role(double ratio)
{
	if (ratio >= 0.9)
		return TUI_SATURATED;
	if (ratio >= 0.7)
		return TUI_BUSY;
	return TUI_FINE;
}

enum tui_role tui_level_role(enum sim_level level)
{
	switch (level) {
	case SIM_WARNING:
		return TUI_WARNING;
	case SIM_ERROR:
		return TUI_ERROR;
	case SIM_FATAL:
		return TUI_FATAL;
	default:
		return TUI_NORMAL;
	}
}

/* One UTF-8 sequence at s: its code point in *cp and its length; U+FFFD for bad bytes. */
static int u8_decode(const char *s, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	int len, i;
	unsigned c;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		len = 2;
		c = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3;
		c = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3f);
	}
	*cp = c;
	return len;
}

/* How a code point is spelled on an ASCII terminal. */
static const char *ascii_for(unsigned cp)
{
	static char one[2];

	if (cp >= 0x20 && cp < 0x7f) {
		one[0] = (char)cp;
		return one;
	}
	switch (cp) {
	case 0xb7:
		return "|";
	case 0x2013: case 0x2014: case 0x2022: case 0x2500:
		return "-";
	case 0x2026:
		return "...";
	case 0x2192:
		return "->";
	case 0x2190:
		return "<-";
	case 0x2018: case 0x2019:
		return "'";
	case 0x201c: case 0x201d:
		return "\"";
	case 0xd7:
		return "x";
	case 0xa0:
		return " ";
	default:
		return "?";
	}
}

/* Columns of one code point; control characters take none and are not drawn. */
static int cp_width(unsigned cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7f)
		return 0;
	if (!utf8)
		return (int)strlen(ascii_for(cp));
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int tui_width(const char *s)
{
	int w = 0;

	while (*s) {
		unsigned cp;

		s += u8_decode(s, &cp);
		w += cp_width(cp == '\t' ? ' ' : cp);
	}
	return w;
}

int tui_locale_utf8(void)
{
	const char *codeset;

	setlocale(LC_CTYPE, "");
	codeset = nl_langinfo(CODESET);
	return codeset && strcmp(codeset, "UTF-8") == 0;
}

size_t tui_ascii(const char *s, char *out, size_t len)
{
	size_t n = 0;

	if (len == 0)
		return 0;
	while (*s) {
		unsigned cp;
		const char *a;
		size_t alen;

		s += u8_decode(s, &cp);
		/* line breaks and tabs are layout, not characters to spell */
		a = cp == '\n' ? "\n" : cp == '\t' ? "\t" : ascii_for(cp);
		alen = strlen(a);
		if (n + alen >= len)
			break;
		memcpy(out + n, a, alen);
		n += alen;
	}
	out[n] = '\0';
	return n;
}

/* Copies the first columns of s that fit in w, without a trailing space or opener. */
static void cut_to(const char *s, int w, char *buf, size_t len)
{
	size_t n = 0;
	int used = 0;

	while (*s) {
		unsigned cp;
		int l = u8_decode(s, &cp), cw = cp_width(cp);

		if (used + cw > w || n + (size_t)l >= len)
			break;
		memcpy(buf + n, s, (size_t)l);
		n += (size_t)l;
		used += cw;
		s += l;
	}
	while (n > 0 && strchr(" (_-", buf[n - 1]))
		n--;
	buf[n] = '\0';
}

const char *tui_fit_label(const char *label, const char *name, int w, char *buf,
                          size_t len)
{
	const char *ell = utf8 ? "\u2026" : "~";
	size_t n;

	if (len == 0)
		return "";
	buf[0] = '\0';
	if (w <= 0)
		return buf;
	if (tui_width(label) <= w)
		snprintf(buf, len, "%s", label);
	else if (name && *name && tui_width(name) <= w)
		snprintf(buf, len, "%s", name);
	else if (w < 3)
		cut_to(label, w, buf, len);
	else {
		cut_to(label, w - tui_width(ell), buf, len);
		n = strlen(buf);
		snprintf(buf + n, len - n, "%s", ell);
	}
	return buf;
}

int tui_put(WINDOW *win, int y, int x, int maxw, attr_t attr, const char *s)
{
	char buf[1024];
	size_t n = 0;
	int used = 0;

	if (!win || y < 0 || x < 0 || y >= getmaxy(win) || x >= getmaxx(win))
		return 0;
	if (maxw > getmaxx(win) - x)
		maxw = getmaxx(win) - x;
	while (*s && used < maxw) {
		unsigned cp;
		int len = u8_decode(s, &cp);
		const char *out = s;
		size_t outlen = (size_t)len;
		int w;

		if (cp == '\t')
			cp = ' ', out = " ", outlen = 1;
		w = cp_width(cp);
		if (!utf8) {
			out = ascii_for(cp);
			outlen = strlen(out);
		} else if (cp == 0xfffd && len == 1) {
			out = "\xef\xbf\xbd";
			outlen = 3;
		}
		if (used + w > maxw || n + outlen >= sizeof buf)
			break;
		if (w > 0 || cp >= 0x20) {
			memcpy(buf + n, out, outlen);
			n += outlen;
		}
		used += w;
		s += len;
	}
	if (n == 0)
		return 0;
	wattrset(win, attr);
	mvwaddnstr(win, y, x, buf, (int)n);
	wattrset(win, A_NORMAL);
	return used;
}

int tui_putf(WINDOW *win, int y, int x, int maxw, attr_t attr, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return tui_put(win, y, x, maxw, attr, buf);
}

int tui_put_fit(WINDOW *win, int y, int x, int maxw, attr_t attr, const char *s)
{
	char buf[1024];

	if (maxw <= 0 || tui_width(s) <= maxw)
		return tui_put(win, y, x, maxw, attr, s);
	return tui_put(win, y, x, maxw, attr, tui_fit_label(s, NULL, maxw, buf, sizeof buf));
}

int tui_put_fitf(WINDOW *win, int y, int x, int maxw, attr_t attr, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return tui_put_fit(win, y, x, maxw, attr, buf);
}

void tui_clear(WINDOW *win, int y, int x, int h, int w)
{
	char blank[512];
	int i;

	if (w <= 0 || h <= 0)
		return;
	if (w > (int)sizeof blank - 1)
		w = (int)sizeof blank - 1;
	memset(blank, ' ', (size_t)w);
	blank[w] = '\0';
	for (i = 0; i < h; i++)
		tui_put(win, y + i, x, w, A_NORMAL, blank);
}

/* Draws glyph g n times from y, x, one cell each. */
static void repeat(WINDOW *win, int y, int x, int n, attr_t attr, const char *g)
{
	char buf[1024];
	size_t len = strlen(g), used = 0;
	int i;

	for (i = 0; i < n && used + len < sizeof buf; i++) {
		memcpy(buf + used, g, len);
		used += len;
	}
	buf[used] = '\0';
	tui_put(win, y, x, n, attr, buf);
}

void tui_hline(WINDOW *win, int y, int x, int w, attr_t attr)
{
	repeat(win, y, x, w, attr, tui_glyphs()->h);
}

void tui_vline(WINDOW *win, int y, int x, int h, attr_t attr)
{
	int i;

	for (i = 0; i < h; i++)
		tui_put(win, y + i, x, 1, attr, tui_glyphs()->v);
}

void tui_box(WINDOW *win, int y, int x, int h, int w, attr_t attr)
{
	const struct tui_glyphs *g = tui_glyphs();

	if (h < 2 || w < 2)
		return;
	tui_put(win, y, x, 1, attr, g->tl);
	tui_hline(win, y, x + 1, w - 2, attr);
	tui_put(win, y, x + w - 1, 1, attr, g->tr);
	tui_vline(win, y + 1, x, h - 2, attr);
	tui_vline(win, y + 1, x + w - 1, h - 2, attr);
	tui_put(win, y + h - 1, x, 1, attr, g->bl);
	tui_hline(win, y + h - 1, x + 1, w - 2, attr);
	tui_put(win, y + h - 1, x + w - 1, 1, attr, g->br);
}

size_t tui_wrap(const char *s, int w, const char **next)
{
	const char *p = s, *brk = NULL;
	int cols = 0;

	while (*p && *p != '\n') {
		unsigned cp;
		int len = u8_decode(p, &cp), cw = cp_width(cp == '\t' ? ' ' : cp);

		/* first: a space just past the edge still ends a line that fills it exactly */
		if (*p == ' ')
			brk = p;
		if (cols + cw > w)
			break;
		cols += cw;
		p += len;
	}
	if (*p == '\0' || *p == '\n') {
		*next = *p ? p + 1 : p;
		return (size_t)(p - s);
	}
	if (brk && brk > s) {
		*next = brk + 1;
		return (size_t)(brk - s);
	}
	if (p == s) {           /* a character wider than the line: skip it */
		unsigned cp;

		p += u8_decode(p, &cp);
	}
	*next = p;
	return (size_t)(p - s);
}

/* Draws the first len bytes of s. */
static void put_span(WINDOW *win, int y, int x, int w, attr_t attr, const char *s, size_t len)
{
	char buf[512];

	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	tui_put(win, y, x, w, attr, buf);
}

int tui_boxed_text(WINDOW *win, int y, int x, int h, int w, const char *title,
                   const char *text, attr_t attr)
{
	const char *s = text ? text : "";
	int line = 0;

	tui_box(win, y, x, h, w, attr);
	if (title && *title && w > 6) {
		int tw;

		tui_put(win, y, x + 2, 1, attr, " ");
		tw = tui_put(win, y, x + 3, w - 6, attr | A_BOLD, title);
		tui_put(win, y, x + 3 + tw, 1, attr, " ");
	}
	while (*s && line < h - 2 && w > 4) {
		const char *next;
		size_t len = tui_wrap(s, w - 4, &next);

		put_span(win, y + 1 + line, x + 2, w - 4, A_NORMAL, s, len);
		line++;
		s = next;
	}
	return line;
}

/*
 * Lines text takes wrapped at w columns; a large number when a word is wider, or when no
 * line holds the whole of key.
 */
static int wrapped_lines(const char *text, const char *key, int w)
{
	const char *s = text, *next;
	int lines = 0, whole = 0;

	while (*s) {
		size_t len = tui_wrap(s, w, &next), word = strcspn(s, " ");
		const char *at = strstr(s, key);

		if (w <= 0 || (word > len && word > (size_t)w))
			return INT_MAX;
		whole |= at && at + strlen(key) <= s + len;
		lines++;
		s = next;
	}
	return whole ? lines : INT_MAX;
}

/*
 * The size message in the longest form that fits the screen, words unbroken and "need
 * 80x24" on one line: down to that alone a dozen cells wide, so what is needed shows.
 */
int tui_check_size(WINDOW *win, int need_w, int need_h)
{
	char forms[5][128], key[32];
	const char *s, *next;
	int w = getmaxx(win), h = getmaxy(win), lines = 0, y, f;

	if (w >= need_w && h >= need_h)
		return 1;
	snprintf(key, sizeof key, "need %dx%d", need_w, need_h);
	snprintf(forms[0], sizeof forms[0], "terminal too small: %s, have %dx%d", key, w, h);
	snprintf(forms[1], sizeof forms[1], "too small: %s, have %dx%d", key, w, h);
	snprintf(forms[2], sizeof forms[2], "%s, have %dx%d", key, w, h);
	snprintf(forms[3], sizeof forms[3], "%s", key);
	snprintf(forms[4], sizeof forms[4], "%dx%d", need_w, need_h);
	for (f = 0; f < 4 && wrapped_lines(forms[f], key, w) > h; f++)
		;
	werase(win);
	lines = wrapped_lines(forms[f], f < 4 ? key : forms[f], w);
	y = lines != INT_MAX && h > lines ? (h - lines) / 2 : 0;
	for (s = forms[f]; *s && y < h; y++) {
		size_t len = tui_wrap(s, w, &next);

		put_span(win, y, (w - (int)len) / 2 > 0 ? (w - (int)len) / 2 : 0, w,
		         tui_attr(TUI_WARNING), s, len);
		s = next;
	}
	return 0;
}

void tui_meter(WINDOW *win, int y, int x, int w, double ratio, enum tui_role role)
{
	const struct tui_glyphs *g = tui_glyphs();
	attr_t full = tui_attr(role);
	int eighth_cells, cells, tip;

	if (w <= 0)
		return;
	if (!(ratio > 0))
		ratio = 0;
	if (ratio > 1)
		ratio = 1;
	eighth_cells = (int)(ratio * w * 8 + 0.5);
	cells = eighth_cells / 8;
	tip = utf8 ? eighth_cells % 8 : 0;
	repeat(win, y, x, cells, full, g->bar_full);
	if (tip && cells < w)
		tui_put(win, y, x + cells, 1, full, eighths[tip]);
	cells += tip > 0;
	repeat(win, y, x + cells, w - cells, tui_attr(TUI_DIM), g->bar_empty);
}

void tui_sparkline(WINDOW *win, int y, int x, int w, const double *v, int n, double max,
                   attr_t attr)
{
	const struct tui_glyphs *g = tui_glyphs();
	char buf[1024];
	size_t used = 0;
	int i, first = n > w ? n - w : 0;

	if (max <= 0)
		for (i = first; i < n; i++)
			if (v[i] > max)
				max = v[i];
	/* right-align: the newest value sits at the right edge */
	for (i = 0; i < w - (n - first) && used < sizeof buf - 1; i++)
		buf[used++] = ' ';
	for (i = first; i < n; i++) {
		const char *s = " ";
		size_t len;

		if (v[i] >= 0) {
			int level = max > 0 ? (int)(v[i] / max * 7 + 0.5) : 0;

			s = g->spark[level < 0 ? 0 : level > 7 ? 7 : level];
		}
		len = strlen(s);
		if (used + len >= sizeof buf)
			break;
		memcpy(buf + used, s, len);
		used += len;
	}
	buf[used] = '\0';
	tui_put(win, y, x, w, attr, buf);
}
