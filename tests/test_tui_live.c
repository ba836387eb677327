/* SPDX-License-Identifier: MIT */
/*
 * test_tui_live.c: the live view without a terminal. Curses draws into a screen that goes
 * to /dev/null, which is enough to read back what the view drew: it stays inside the
 * rectangle it is given, whatever its size; seeking back and forth draws the very same
 * screen as getting there directly; the keys move the clock, the speed and the variants
 * as documented. The scenario is the real scenarios/2007_oom.yaml. Then the 2026 platform,
 * the largest diagram, at 80x24, 100x30 and 160x50: every number it shows is whole, every
 * name is whole, a short form of its own words or cut with a mark, and no fact is written
 * over a name. Story
 * counters read in their units, the meters are those the era has, and a log entry is
 * never shown without its time, and no count covers another arrow's line. Every shipped
 * scenario, alone and side by side: each count shown is attached to the arrow whose
 * engine count it is (right against its arrowhead, or in the key after the arrow it
 * names), no number by a box belongs to no arrow, and where no diagram reads the list of
 * calls gives each call its count, the calls it leaves out on the a key's pages; no two
 * boxes of a diagram read alike, a box with room for its whole label on both sides shows
 * it whole, a node reads the same on both sides, no label reads as a percentile or a word
 * it is not ("p10", "no cons"), and each short label is given in full under the diagram
 * or in the a key's legend; the saga side by side at 100x30 reads "pay", "posts",
 * "po_db". Alone at 80x24 and in the rows the talk gives a live slide, each shows every
 * meter that applies and three lines of log; side by side, both halves the same meters on
 * the same rows and the same story counters, the meter the story is about first. v puts
 * the pain beside the variant Tab chose; a frame after a stop advances nothing; a box the
 * variant does not use says so and, nothing reaching it, draws no line. The 2026 platform
 * and 2017's cap, alone and side by side at 80x24, 100x30 and 200x60, draw diagrams of
 * their region twins with every count the engine's summed over twins; the slides whose
 * lines ran beside boxes keep them clear. Last, the topology alone, as a deck's diagram
 * slide draws the 2004 era after a minute; a view opened where a deck slide opens it, at
 * its speed, r coming back there; and a latency meter over sparse traffic that holds its
 * last value, marked, and leaves gaps in its sparkline where no answer came.
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include <cmocka.h>

#include "cfg.h"
#include "layout.h"
#include "second_at.h"
#include "sim.h"
#include "tui.h"
#include "tui_label.h"
#include "tui_live.h"

#define SCENARIO TEST_DATADIR "/scenarios/2007_oom.yaml"
#define PLATFORM TEST_DATADIR "/scenarios/2026_platform.yaml"
#define SAGA TEST_DATADIR "/scenarios/2017_saga.yaml"
#define POST TEST_DATADIR "/scenarios/2011_post.yaml"
#define CACHE TEST_DATADIR "/scenarios/2009_cache.yaml"
#define CAP TEST_DATADIR "/scenarios/2017_cap.yaml"
#define PLATFORM_ERA TEST_DATADIR "/eras/2026_platform.yaml"
#define SESSIONS TEST_DATADIR "/scenarios/2007_sessions.yaml"
#define VERTICAL TEST_DATADIR "/scenarios/2007_vertical.yaml"
#define MONOLITH TEST_DATADIR "/eras/2004_monolith.yaml"
#define FRIDAY TEST_DATADIR "/scenarios/2014_friday_deploy.yaml"
#define MAX_W 200                       /* the largest screen the tests draw on */
#define MAX_H 60
#define VIEW_W 160                      /* the view's size as its tester saw it */
#define VIEW_H 50
#define MARK 'Z'
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

static void load(const char *path, struct cfg_scenario *sc);
static int marks_alike(const struct tui_live *live, int side, const char *what, int w, int h);
static wchar_t mark_regions[26][8];     /* the regions marks_alike() read last, by letter */

struct fixture {
	struct cfg_scenario sc;
	SCREEN *screen;
	FILE *out, *in;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct cfg_errors errs;

	cfg_errors_init(&errs);
	if (!f || cfg_scenario_load(SCENARIO, NULL, 0, &f->sc, &errs) != CFG_OK) {
		print_error("cannot load %s: %s\n", SCENARIO, errs.n ? errs.msgs[0] : "?");
		cfg_errors_fini(&errs);
		free(f);
		return -1;
	}
	cfg_errors_fini(&errs);
	f->out = fopen("/dev/null", "w");
	f->in = fopen("/dev/null", "r");
	f->screen = f->out && f->in ? newterm("xterm", f->out, f->in) : NULL;
	if (!f->screen) {
		print_error("no curses screen for the xterm terminal type\n");
		return -1;
	}
	set_term(f->screen);
	resizeterm(40, MAX_W);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	endwin();
	delscreen(f->screen);
	fclose(f->out);
	fclose(f->in);
	cfg_scenario_fini(&f->sc);
	free(f);
	return 0;
}

static void fill(WINDOW *win)
{
	int y, x;

	for (y = 0; y < getmaxy(win); y++)
		for (x = 0; x < getmaxx(win); x++)
			mvwaddch(win, y, x, MARK);
}

/* Cells outside the rectangle that no longer hold the mark. */
static int touched_outside(WINDOW *win, int ry, int rx, int rh, int rw)
{
	int y, x, n = 0;

	for (y = 0; y < getmaxy(win); y++)
		for (x = 0; x < getmaxx(win); x++) {
			int inside = y >= ry && y < ry + rh && x >= rx && x < rx + rw;

			if (!inside && (mvwinch(win, y, x) & A_CHARTEXT) != MARK)
				n++;
		}
	return n;
}

static void text_of(WINDOW *win, char *buf, size_t len)
{
	size_t o = 0;
	int y, x;

	for (y = 0; y < getmaxy(win); y++)
		for (x = 0; x < getmaxx(win) && o + 1 < len; x++)
			buf[o++] = (char)(mvwinch(win, y, x) & A_CHARTEXT);
	buf[o] = '\0';
}

/* Whether the window shows text anywhere. */
static int shows(WINDOW *win, const char *text)
{
	static char buf[MAX_H * MAX_W + 1];

	text_of(win, buf, sizeof buf);
	return strstr(buf, text) != NULL;
}

static void test_tui_live_draw_stays_inside(void **state)
{
	static const int rects[][4] = {
		{ 0, 0, 0, 0 }, { 3, 4, 1, 1 }, { 5, 5, 3, 10 }, { 2, 7, 10, 40 },
		{ 1, 1, 24, 80 }, { 4, 30, 30, 100 }, { 0, 0, 40, 160 }, { 10, 3, 12, 157 },
		{ 6, 20, 33, 39 },
	};
	struct fixture *f = *state;
	struct tui_live *live = tui_live_create(&f->sc, 0, 0);
	size_t i;
	int side;

	assert_non_null(live);
	tui_live_advance(live, 30.0);   /* 5 minutes: the spike, a full log */
	for (side = 0; side < 2; side++) {
		for (i = 0; i < sizeof rects / sizeof rects[0]; i++) {
			const int *r = rects[i];
			int n;

			fill(stdscr);
			tui_live_draw(live, stdscr, r[0], r[1], r[2], r[3]);
			n = touched_outside(stdscr, r[0], r[1], r[2], r[3]);
			if (n)
				print_error("%d cells drawn outside %dx%d at %d,%d\n", n, r[3],
				            r[2], r[1], r[0]);
			assert_int_equal(n, 0);
		}
		assert_int_equal(tui_live_key(live, 'v'), 1);
	}
	tui_live_destroy(live);
}

static void test_tui_live_shows_the_run(void **state)
{
	struct fixture *f = *state;
	struct tui_live *live = tui_live_create(&f->sc, 0, 0);

	tui_live_advance(live, 30.0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 40, 160);
	assert_true(shows(stdscr, "2007, 02:47 am: the outage"));
	assert_true(shows(stdscr, " pain  02:45:00  5:00/"));
	assert_true(shows(stdscr, "nginx"));
	assert_true(shows(stdscr, "PHP app"));
	assert_true(shows(stdscr, "MySQL"));
	assert_true(shows(stdscr, "[02:44:01] WARNING traffic spike"));
	assert_true(shows(stdscr, "oom_kills"));
	tui_live_destroy(live);
}

/* Going back 10 s and forward again draws what going straight there draws. */
static void test_tui_live_seek_replays_the_same_screen(void **state)
{
	static char direct[40 * 160 + 1], seeked[40 * 160 + 1];
	struct fixture *f = *state;
	struct tui_live *a = tui_live_create(&f->sc, 0, 0);
	struct tui_live *b = tui_live_create(&f->sc, 0, 0);

	tui_live_advance(a, 31.0);              /* 310 s */
	tui_live_key(a, ' ');
	tui_live_advance(b, 32.0);              /* 320 s, then 310, 300, 310 */
	tui_live_key(b, ' ');
	tui_live_key(b, '[');
	tui_live_key(b, '[');
	tui_live_key(b, ']');
	assert_int_equal(tui_live_now(a), 310 * SIM_SEC);
	assert_int_equal(tui_live_now(b), 310 * SIM_SEC);

	/* let the key messages expire; paused, the clock stays */
	tui_live_advance(a, 5.0);
	tui_live_advance(b, 5.0);
	assert_int_equal(tui_live_now(b), 310 * SIM_SEC);
	erase();
	tui_live_draw(a, stdscr, 0, 0, 40, 160);
	text_of(stdscr, direct, sizeof direct);
	erase();
	tui_live_draw(b, stdscr, 0, 0, 40, 160);
	text_of(stdscr, seeked, sizeof seeked);
	assert_string_equal(direct, seeked);
	tui_live_destroy(a);
	tui_live_destroy(b);
}

static void test_tui_live_speed_and_pause(void **state)
{
	struct fixture *f = *state;
	struct tui_live *live = tui_live_create(&f->sc, -1, 0);
	int i;

	assert_true(tui_live_speed(live) == TUI_LIVE_SPEED_DEFAULT);
	tui_live_advance(live, 1.5);
	assert_int_equal(tui_live_now(live), 15 * SIM_SEC);
	assert_int_equal(tui_live_key(live, '+'), 1);
	assert_true(tui_live_speed(live) == 20);
	tui_live_key(live, '-');
	tui_live_key(live, '-');
	assert_true(tui_live_speed(live) == 5);
	for (i = 0; i < 20; i++)
		tui_live_key(live, '+');
	assert_true(tui_live_speed(live) == TUI_LIVE_SPEED_MAX);
	for (i = 0; i < 20; i++)
		tui_live_key(live, '-');
	assert_true(tui_live_speed(live) == TUI_LIVE_SPEED_MIN);

	tui_live_key(live, ' ');
	assert_true(tui_live_paused(live));
	tui_live_advance(live, 100.0);
	assert_int_equal(tui_live_now(live), 15 * SIM_SEC);
	tui_live_key(live, ' ');
	tui_live_advance(live, 1.0);            /* x0.1: a tenth of a second */
	assert_int_equal(tui_live_now(live), 15 * SIM_SEC + SIM_SEC / 10);
	assert_int_equal(tui_live_key(live, 'x'), 0);
	tui_live_destroy(live);
}

/*
 * A frame after Ctrl-Z and fg, or after a gap longer than TUI_LIVE_GAP, advances the run
 * by nothing: it resumes where it stopped. A slow frame counts a quarter second at most.
 * Where the talk's clock leapt by the time it was stopped.
 */
static void test_tui_live_resumes_after_a_stop(void **state)
{
	struct fixture *f = *state;
	struct tui_live *live = tui_live_create(&f->sc, 0, 0);

	assert_true(tui_live_frame_seconds(0.033, 0) == 0.033);
	assert_true(tui_live_frame_seconds(0.6, 0) == 0.25);
	assert_true(tui_live_frame_seconds(TUI_LIVE_GAP + 0.01, 0) == 0);
	assert_true(tui_live_frame_seconds(300.0, 0) == 0);
	assert_true(tui_live_frame_seconds(0.033, 1) == 0);
	assert_true(tui_live_frame_seconds(-1.0, 0) == 0);
	tui_live_advance(live, tui_live_frame_seconds(0.5, 0));
	assert_int_equal(tui_live_now(live), 25 * SIM_SEC / 10);
	tui_live_advance(live, tui_live_frame_seconds(42.0, 0));
	assert_int_equal(tui_live_now(live), 25 * SIM_SEC / 10);
	tui_live_destroy(live);
}

static void test_tui_live_step_restart_end(void **state)
{
	struct fixture *f = *state;
	struct tui_live *live = tui_live_create(&f->sc, 0, 0);
	sim_time end = f->sc.variants[0].cfg.duration;

	tui_live_key(live, 's');
	assert_true(tui_live_paused(live));
	assert_true(tui_live_now(live) > 0);
	assert_true(tui_live_now(live) < SIM_SEC);

	tui_live_key(live, ' ');
	tui_live_advance(live, 1e6);
	assert_int_equal(tui_live_now(live), end);
	assert_true(tui_live_done(live));
	tui_live_key(live, ']');
	assert_int_equal(tui_live_now(live), end);

	tui_live_key(live, 'r');
	assert_int_equal(tui_live_now(live), 0);
	assert_false(tui_live_done(live));
	tui_live_key(live, '[');
	assert_int_equal(tui_live_now(live), 0);
	tui_live_destroy(live);
}

static void test_tui_live_variants(void **state)
{
	struct fixture *f = *state;
	struct tui_live *live = tui_live_create(&f->sc, 0, 0);

	assert_int_equal(f->sc.n_variants, 2);
	tui_live_advance(live, 6.0);
	assert_int_equal(tui_live_key(live, '\t'), 1);
	assert_int_equal(tui_live_variant(live), 1);
	assert_int_equal(tui_live_now(live), 60 * SIM_SEC);
	tui_live_key(live, '\t');
	assert_int_equal(tui_live_variant(live), 0);

	assert_false(tui_live_side_by_side(live));
	tui_live_key(live, 'v');
	assert_true(tui_live_side_by_side(live));
	erase();
	tui_live_draw(live, stdscr, 0, 0, 40, 160);
	assert_true(shows(stdscr, "pain | fix"));
	assert_true(shows(stdscr, "fix: a machine four times larger"));
	tui_live_key(live, 'v');
	assert_false(tui_live_side_by_side(live));

	assert_int_equal(tui_live_compare(live, 5), -1);
	assert_int_equal(tui_live_compare(live, 0), 0);
	assert_true(tui_live_side_by_side(live));
	assert_int_equal(tui_live_compare(live, -1), 0);
	assert_false(tui_live_side_by_side(live));
	assert_null(tui_live_error(live));
	tui_live_destroy(live);
}


/* The header of the view as drawn at 160 columns: "pain | fix" and so on. */
static int header_shows(struct tui_live *live, const char *pair)
{
	erase();
	tui_live_draw(live, stdscr, 0, 0, 40, 160);
	return shows(stdscr, pair);
}

/*
 * Three variants and more (2007 sessions: pain, sticky, fix, jwt): v puts the first, the
 * pain, beside the variant on screen, and from the pain itself beside the fix; Tab side
 * by side changes the right half and never shows the pain twice; v again leaves the right
 * half alone, the one Tab chose. Where the header read "sticky | fix".
 */
static void test_tui_live_v_shows_the_pain(void **state)
{
	struct cfg_scenario sc;
	struct tui_live *live;

	(void)state;
	load(SESSIONS, &sc);
	assert_int_equal(sc.n_variants, 4);
	live = tui_live_create(&sc, 0, 0);
	tui_live_advance(live, 3.0);
	tui_live_key(live, '\t');
	assert_int_equal(tui_live_variant(live), 1);
	tui_live_key(live, 'v');
	assert_true(tui_live_side_by_side(live));
	assert_int_equal(tui_live_variant(live), 0);
	if (!header_shows(live, " pain | sticky "))
		fail_msg("Tab to sticky, then v: no 'pain | sticky' in the header");
	assert_int_equal(tui_live_now(live), 30 * SIM_SEC);
	tui_live_key(live, '\t');
	assert_true(header_shows(live, " pain | fix "));
	tui_live_key(live, '\t');
	assert_true(header_shows(live, " pain | jwt "));
	tui_live_key(live, '\t');
	assert_true(header_shows(live, " pain | sticky "));
	assert_int_equal(tui_live_variant(live), 0);
	tui_live_key(live, 'v');
	assert_false(tui_live_side_by_side(live));
	assert_int_equal(tui_live_variant(live), 1);
	tui_live_key(live, '\t');
	tui_live_key(live, '\t');
	tui_live_key(live, '\t');
	assert_int_equal(tui_live_variant(live), 0);
	tui_live_key(live, 'v');
	assert_true(header_shows(live, " pain | fix "));
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
}

/* A label shortened for a box: whole, else the node's name, else cut with "~" (ASCII). */
static void test_tui_live_fit_label(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(tui_fit_label("posts (us)", "posts_us", 10, buf, sizeof buf),
	                    "posts (us)");
	assert_string_equal(tui_fit_label("API gateway (us)", "gw_us", 9, buf, sizeof buf),
	                    "gw_us");
	assert_string_equal(tui_fit_label("notification consumer", "notify_worker", 10, buf,
	                                  sizeof buf), "notificat~");
	/* no space or opener before the mark */
	assert_string_equal(tui_fit_label("API gateway (us)", NULL, 5, buf, sizeof buf),
	                    "API~");
	assert_string_equal(tui_fit_label("clients", NULL, 2, buf, sizeof buf), "cl");
	assert_string_equal(tui_fit_label("clients", NULL, 0, buf, sizeof buf), "");
	for (int w = 0; w < 24; w++)
		assert_true(tui_width(tui_fit_label("replica (asia)", "db_asia", w, buf,
		                                    sizeof buf)) <= w);
}

/* Whether a short form starts with a word it was cut into ("no cons") or is a number. */
static int reads_otherwise(const char *f)
{
	static const char *const starts[] = { "no ", "not ", "nocons", "notcons" };
	size_t k;

	for (k = 0; k < sizeof starts / sizeof starts[0]; k++)
		if (strncmp(f, starts[k], strlen(starts[k])) == 0)
			return 1;
	return tui_label_misleads(f);
}

/*
 * Whether short form f has a word that is a word of label less its final s: "post_db"
 * for posts_db reads as another name.
 */
static int singular_in(const char *label, const char *f)
{
	char l[64], g[64], *a, *b, *sa, *sb;

	snprintf(l, sizeof l, "%s", label);
	for (a = strtok_r(l, " _-()", &sa); a; a = strtok_r(NULL, " _-()", &sa)) {
		size_t n = strlen(a);

		snprintf(g, sizeof g, "%s", f);
		for (b = strtok_r(g, " _-()", &sb); b; b = strtok_r(NULL, " _-()", &sb))
			if (n > 1 && a[n - 1] == 's' && strlen(b) == n - 1 &&
			    strncmp(a, b, n - 1) == 0)
				return 1;
	}
	return 0;
}

/*
 * The short forms of a label at every width: the notification consumer never reads "no
 * cons" or "not cons" (it reads "notif cons", or "notif" alone before any squeeze),
 * posts_db never "p10" nor "post_db", and no form is a bare number. Three app servers
 * read alike, their numbers kept ("ap1"); a box of a kind ("db") says so.
 */
static void test_tui_live_label_forms_read_true(void **state)
{
	static const char *const labels[][2] = {
		{ "notification consumer", "notify_worker" }, { "posts_db", "posts_db" },
		{ "payments_db", "payments_db" }, { "replica (asia)", "db_asia" },
		{ "feed consumer", "feed_worker" }, { "comments", NULL }, { "likes", NULL },
	};
	char buf[64];
	size_t i;
	int w, k;

	(void)state;
	for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
		for (w = 1; w < 24; w++)
			for (k = 0; k < TUI_LABEL_FORMS; k++) {
				const char *f = tui_label_form(labels[i][0], labels[i][1], w, k,
				                               buf, sizeof buf);

				if (f && (reads_otherwise(f) || singular_in(labels[i][0], f)))
					fail_msg("'%s' in %d columns reads '%s'", labels[i][0],
					         w, f);
			}
	assert_string_equal(tui_label_form("notification consumer", "notify_worker", 10, 1, buf,
	                                   sizeof buf), "notif cons");
	assert_string_equal(tui_label_form("notification consumer", "notify_worker", 8, 4, buf,
	                                   sizeof buf), "notif");
	assert_string_equal(tui_label_form("post service", "post_svc", 6, 4, buf, sizeof buf),
	                    "post");
	assert_null(tui_label_form("notification consumer", "notify_worker", 7, 5, buf,
	                           sizeof buf));
	assert_string_equal(tui_label_form("posts_db", "posts_db", 7, 5, buf, sizeof buf),
	                    "postsdb");
	for (i = 1; i <= 3; i++) {
		char label[8], want[8];

		snprintf(label, sizeof label, "app%zu", i);
		snprintf(want, sizeof want, "ap%zu", i);
		assert_string_equal(tui_label_form(label, label, 3, 5, buf, sizeof buf), want);
	}
	assert_string_equal(tui_label_kind("posts_db", buf, sizeof buf), "db");
	assert_string_equal(tui_label_kind("payments_db", buf, sizeof buf), "db");
	assert_null(tui_label_kind("posts", buf, sizeof buf));
	assert_true(tui_label_misleads("p10"));
	assert_true(tui_label_misleads("590"));
	assert_false(tui_label_misleads("po2"));
	assert_false(tui_label_misleads("app1"));
}

/* The row y of the window as text. */
static void row_text(WINDOW *win, int y, int w, char *buf)
{
	int x;

	for (x = 0; x < w; x++)
		buf[x] = (char)(mvwinch(win, y, x) & A_CHARTEXT);
	buf[w] = '\0';
}

/*
 * Every "used/max" on screen is a whole pool of a db of cfg (4000 or 500 connections in
 * the 2026 platform), never "0/40" or "3/5": a number too wide for its box is left out or
 * given as a percentage, never cut.
 */
static void check_pools(WINDOW *win, int h, int w, const struct sim_config *cfg)
{
	char line[MAX_W + 1];
	int y;

	for (y = 1; y < h; y++) {
		const char *p;

		row_text(win, y, w, line);
		for (p = strchr(line, '/'); p; p = strchr(p + 1, '/')) {
			char *end;
			long max;

			if (p == line || p[-1] < '0' || p[-1] > '9')
				continue;
			int pool = 0;

			max = strtol(p + 1, &end, 10);
			if (end == p + 1)
				continue;
			for (int i = 0; i < cfg->n_nodes; i++)
				pool |= cfg->nodes[i].kind == SIM_NODE_DB &&
				        cfg->nodes[i].max_connections == max;
			if (!pool)
				fail_msg("a cut number at %dx%d, row %d: %s", w, h, y, line);
		}
	}
}

static void test_tui_live_platform_sizes(void **state)
{
	static const struct {
		int w, h;
		const char *whole[6];           /* whole labels, or the names that replace them */
	} sizes[] = {
		/*
		 * The platform is drawn with each region's twins as one box ("API gateway" for
		 * the gateways of us and eu), in short forms of their own words where boxes are
		 * narrow, and whole at 160x50
		 */
		{ 80, 24, { "clients", "storage", "API gw", "recs", "Kafka", "pay" } },
		{ 100, 30, { "clients", "storage", "API gw", "recs", "Kafka", "payments" } },
		{ VIEW_W, VIEW_H, { "clients", "object storage", "API gateway",
		                    "recommendations", "Kafka", "payments" } },
	};
	static const char *const cut[] = { "obin", "ppool", "pcpu", "clie ", "glob " };
	struct cfg_scenario sc;
	struct cfg_errors errs;
	size_t i, k;

	(void)state;
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(PLATFORM, NULL, 0, &sc, &errs), CFG_OK);
	cfg_errors_fini(&errs);
	resizeterm(MAX_H, MAX_W);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct tui_live *live = tui_live_create(&sc, 1, 0);
		int w = sizes[i].w, h = sizes[i].h;

		tui_live_advance(live, 2.0);
		erase();
		tui_live_draw(live, stdscr, 0, 0, h, w);
		check_pools(stdscr, h, w, &sc.variants[1].cfg);
		for (k = 0; k < 6; k++)
			if (!shows(stdscr, sizes[i].whole[k]))
				fail_msg("no '%s' at %dx%d", sizes[i].whole[k], w, h);
		for (k = 0; k < sizeof cut / sizeof cut[0]; k++)
			if (shows(stdscr, cut[k]))
				fail_msg("'%s' at %dx%d: a name cut or written over", cut[k], w, h);
		/* side by side: half the width each, boxes a few columns wide */
		tui_live_key(live, 'v');
		erase();
		tui_live_draw(live, stdscr, 0, 0, h, w);
		check_pools(stdscr, h, w, &sc.variants[1].cfg);
		tui_live_destroy(live);
	}
	cfg_scenario_fini(&sc);

	/* the 847 tickets: two pools of 300 in narrow boxes, down to 80 columns */
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(SAGA, NULL, 0, &sc, &errs), CFG_OK);
	cfg_errors_fini(&errs);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct tui_live *live = tui_live_create(&sc, 0, 0);

		tui_live_advance(live, 60.0);
		tui_live_key(live, 'v');
		erase();
		tui_live_draw(live, stdscr, 0, 0, sizes[i].h, sizes[i].w);
		check_pools(stdscr, sizes[i].h, sizes[i].w, &sc.variants[0].cfg);
		tui_live_destroy(live);
	}
	resizeterm(40, MAX_W);
	cfg_scenario_fini(&sc);
}

static void load(const char *path, struct cfg_scenario *sc)
{
	struct cfg_errors errs;

	cfg_errors_init(&errs);
	if (cfg_scenario_load(path, NULL, 0, sc, &errs) != CFG_OK)
		fail_msg("cannot load %s: %s", path, errs.n ? errs.msgs[0] : "?");
	cfg_errors_fini(&errs);
}

/* A metric of variant v after t simulated seconds, from a run of its own. */
static double metric_at(const struct cfg_scenario *sc, int v, double t, const char *name)
{
	char err[256];
	struct sim *sim = sim_create(&sc->variants[v].cfg, sc->seed, err, sizeof err);
	double value = -1;

	assert_non_null(sim);
	sim_run_until(sim, (sim_time)(t * SIM_SEC));
	assert_int_equal(sim_metric_get(sim, name, &value), 0);
	sim_destroy(sim);
	return value;
}

/*
 * The story line gives each counter in its unit: the post's mean wait in seconds, not
 * "9.26e+03"; a ratio as a percentage. The hit ratio has a meter where the variant reads
 * through a cache, and RAM has none where no node models memory.
 */
static void test_tui_live_story_units(void **state)
{
	struct cfg_scenario sc;
	struct tui_live *live;
	char want[64];
	double v;

	(void)state;
	load(POST, &sc);
	live = tui_live_create(&sc, 0, 0);
	tui_live_advance(live, 0.6);            /* 6 s: no post took its 9.2 s yet */
	assert_true(metric_at(&sc, 0, 6, "publish_latency_mean_ms") == 0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 30, 100);
	if (!shows(stdscr, "publish_latency_mean_ms - ") || shows(stdscr, "0.0ms"))
		fail_msg("a mean of no post published reads other than '-'");
	tui_live_advance(live, 14.4);           /* x10: 150 simulated seconds */
	erase();
	tui_live_draw(live, stdscr, 0, 0, 30, 100);
	v = metric_at(&sc, 0, 150, "publish_latency_mean_ms");
	assert_true(v > 1000);
	snprintf(want, sizeof want, "publish_latency_mean_ms %.1fs", v / 1000);
	if (!shows(stdscr, want))
		fail_msg("no '%s' on the story line", want);
	assert_false(shows(stdscr, "e+0"));
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);

	load(CACHE, &sc);
	live = tui_live_create(&sc, 2, 0);      /* fix: one shared Redis */
	assert_string_equal(sc.variants[2].name, "fix");
	tui_live_advance(live, 6.0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 30, 100);
	v = metric_at(&sc, 2, 60, "cache_hit_ratio");
	assert_true(v > 0.5 && v < 1);
	snprintf(want, sizeof want, "%.0f%%", v * 100 - 0.5);
	assert_true(shows(stdscr, "hit ratio"));
	if (!shows(stdscr, want))
		fail_msg("the hit ratio meter does not read %s", want);
	assert_false(shows(stdscr, "RAM "));
	tui_live_destroy(live);

	live = tui_live_create(&sc, 0, 0);      /* pain: no cache at all */
	tui_live_advance(live, 6.0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 30, 100);
	assert_false(shows(stdscr, "hit ratio"));
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);

	/* cpu_peak, the peak of the smoothed CPU, says so beside the CPU meter of the second */
	load(VERTICAL, &sc);
	live = tui_live_create(&sc, 1, 0);      /* pain: four upgrades */
	tui_live_advance(live, 0.9);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 30, 100);
	v = metric_at(&sc, 1, 9, "cpu_peak");
	snprintf(want, sizeof want, "cpu_peak (smoothed) %.0f%%", floor(v * 100));
	if (!shows(stdscr, want))
		fail_msg("no '%s' on the story line", want);
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
}

/* The first line of the log under its header, or the first one with text: a time. */
static void check_log_heads(WINDOW *win, int h, int w)
{
	char line[MAX_W + 1];
	int y, x, header = -1;

	for (y = 0; y < h && header < 0; y++) {
		for (x = 0; x < w; x++)
			line[x] = (char)(mvwinch(win, y, x) & A_CHARTEXT);
		line[w] = '\0';
		if (strstr(line, " incident log ("))
			header = y;
	}
	assert_true(header >= 0);
	for (y = header + 1; y < h - 1; y++) {
		for (x = 0; x < w; x++)
			line[x] = (char)(mvwinch(win, y, x) & A_CHARTEXT);
		line[w] = '\0';
		if (line[strspn(line, " ")] == '\0')
			continue;
		if (line[0] != '[')
			fail_msg("at %dx%d the log starts without a time: %s", w, h, line);
		return;
	}
}

/* Eight minutes into the outage, long lines in logs of every size start with their time. */
static void test_tui_live_log_heads(void **state)
{
	struct fixture *f = *state;
	struct tui_live *live = tui_live_create(&f->sc, 0, 0);
	int w, h;

	tui_live_advance(live, 48.0);
	for (w = 40; w <= 100; w += 4)
		for (h = 12; h <= 30; h++) {
			erase();
			tui_live_draw(live, stdscr, 0, 0, h, w);
			check_log_heads(stdscr, h, w);
		}
	tui_live_destroy(live);
}

static int is_line(chtype c)
{
	c &= A_CHARTEXT;
	return c == '|' || c == '+';
}

/*
 * A line running down through a cell keeps its glyph there: a count written on an arrow
 * must not cover the junction of another ("posts (us) 3.6k>" hid the line to the dbs).
 * In ASCII, a digit with a line glyph right above and right below it is such a cover.
 */
static void check_lines_whole(WINDOW *win, int h, int w, const char *what)
{
	int y, x;

	for (y = 1; y + 1 < h; y++)
		for (x = 0; x < w; x++) {
			chtype c = mvwinch(win, y, x) & A_CHARTEXT;

			if (c >= '0' && c <= '9' && is_line(mvwinch(win, y - 1, x)) &&
			    is_line(mvwinch(win, y + 1, x)))
				fail_msg("%s at %dx%d: a count covers a line at row %d, column %d",
				         what, w, h, y, x);
		}
}

/* The platform and the saga, mid-run, one variant and two, at the sizes the talk meets. */
static void test_tui_live_counts_leave_lines(void **state)
{
	static const int sizes[][2] = { { 80, 24 }, { 100, 30 }, { VIEW_W, VIEW_H } };
	static const char *const files[] = { PLATFORM, SAGA, CACHE, POST };
	size_t i, k;
	int v;

	(void)state;
	resizeterm(MAX_H, MAX_W);
	for (k = 0; k < sizeof files / sizeof files[0]; k++) {
		struct cfg_scenario sc;

		load(files[k], &sc);
		for (v = 0; v < sc.n_variants; v++) {
			struct tui_live *live = tui_live_create(&sc, v, 0);

			tui_live_advance(live, 60.0);
			for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
				erase();
				tui_live_draw(live, stdscr, 0, 0, sizes[i][1], sizes[i][0]);
				check_lines_whole(stdscr, sizes[i][1], sizes[i][0], files[k]);
			}
			tui_live_destroy(live);
		}
		cfg_scenario_fini(&sc);
	}
	resizeterm(40, MAX_W);
}

/*
 * The layout edge between the boxes of nodes from and to (LAYOUT_CLIENTS), or NULL; a
 * two-way edge (a broker and an app that both publishes to it and consumes from it) is
 * the edge of either direction.
 */
static const struct layout_edge *edge_of(const struct layout *lay, int from, int to)
{
	const struct layout_box *a = layout_box_of(lay, from), *b = layout_box_of(lay, to);
	int i;

	for (i = 0; a && b && i < lay->n_edges; i++) {
		const struct layout_box *f = &lay->boxes[lay->edges[i].from];
		const struct layout_box *t = &lay->boxes[lay->edges[i].to];

		if ((f == a && t == b) || (lay->edges[i].both_ways && f == b && t == a))
			return &lay->edges[i];
	}
	return NULL;
}

/* The text of n cells of the window from y, x, spaces trimmed, as wide characters. */
static void cells_text(int y, int x, int n, wchar_t *out)
{
	int i, o = 0, start = -1;

	for (i = 0; i < n; i++) {
		cchar_t cc;
		wchar_t wc[CCHARW_MAX + 1];
		attr_t attr;
		short pair;

		wc[0] = L' ';
		if (mvin_wch(y, x + i, &cc) == OK)
			getcchar(&cc, wc, &attr, &pair, NULL);
		if (wc[0] != L' ' && start < 0)
			start = o;
		if (start >= 0)
			out[o++] = wc[0];
	}
	while (o > 0 && out[o - 1] == L' ')
		o--;
	out[o] = L'\0';
}

/* The label box b of side's diagram shows, read from the screen. */
static void label_read(const struct tui_live *live, int side, int b, wchar_t *out)
{
	int y, x, w;

	assert_int_equal(tui_live_label_cells(live, side, b, &y, &x, &w), 0);
	cells_text(y, x, w, out);
}

/* A count as the view writes it: "812", "1.2k", "60k", "3.4M"; short: "1k", "60k", "3M". */
static void count_forms(uint64_t v, char compact[8], char shortest[8])
{
	if (v < 1000)
		snprintf(compact, 8, "%u", (unsigned)v);
	else if (v < 9950)
		snprintf(compact, 8, "%.1fk", v / 1e3);
	else if (v < 999500)
		snprintf(compact, 8, "%.0fk", v / 1e3);
	else if (v < 9950000)
		snprintf(compact, 8, "%.1fM", v / 1e6);
	else
		snprintf(compact, 8, "%.0fM", v / 1e6);
	if (v < 1000)
		snprintf(shortest, 8, "%u", (unsigned)v);
	else if (v < 999500)
		snprintf(shortest, 8, "%.0fk", v / 1e3);
	else
		snprintf(shortest, 8, "%.0fM", v / 1e6);
}

/* Whether node is one of box b's: its node, or one of the region twins it stands for. */
static int box_has(const struct layout *lay, int b, int node)
{
	const struct layout_box *box = &lay->boxes[b];
	int k;

	if (box->n_members == 0)
		return node == box->node;
	for (k = 0; k < box->n_members; k++)
		if (box->members[k] == node)
			return 1;
	return 0;
}

/* The requests the engine counted from box a's nodes to box b's, twins summed. */
static uint64_t box_count(const struct layout *lay, const struct sim_snapshot *snap, int a,
                          int b, int *any)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < snap->n_edges; i++)
		if (box_has(lay, a, snap->edges[i].from) && box_has(lay, b, snap->edges[i].to)) {
			n += snap->edges[i].requests;
			*any = 1;
		}
	return n;
}

/* The cell of edge i's arrowhead, or NULL for a bracket or a line not drawn. */
static const struct layout_point *head_of(const struct layout *lay, int i)
{
	const struct layout_edge *e = &lay->edges[i];

	return e->lateral || e->n_points == 0 ? NULL : &e->points[e->n_points - 1];
}

/*
 * The requests on the arrows that end in edge i's arrowhead (every arrow into a box, or
 * with ports those of one port), and their one source (-1: several).
 */
static uint64_t head_count(const struct layout *lay, const struct sim_snapshot *snap, int i,
                           int *src, int *any)
{
	const struct layout_point *p = head_of(lay, i), *q;
	uint64_t n = 0;
	int j;

	*src = -2;
	*any = 0;
	for (j = 0; p && j < lay->n_edges; j++) {
		if (!(q = head_of(lay, j)) || q->x != p->x || q->y != p->y)
			continue;
		n += box_count(lay, snap, lay->edges[j].from, lay->edges[j].to, any);
		*src = *src == -2 || *src == lay->edges[j].from ? lay->edges[j].from : -1;
	}
	return n;
}

static int is_head(wchar_t c)
{
	return c == L'>' || c == L'\x25b6';
}

/* Whether wide text t reads as the count v, in either of its forms. */
static int reads_as(const wchar_t *t, uint64_t v)
{
	char a[8], b[8];
	wchar_t wa[8], wb[8];

	count_forms(v, a, b);
	swprintf(wa, 8, L"%s", a);
	swprintf(wb, 8, L"%s", b);
	return wcscmp(t, wa) == 0 || wcscmp(t, wb) == 0;
}

/* Whether the arrows that end in edge i's arrowhead come from exactly the boxes in want. */
static int head_from(const struct layout *lay, int i, const unsigned char *want)
{
	unsigned char got[LAYOUT_MAX_BOXES] = { 0 };
	const struct layout_point *p = head_of(lay, i), *q;
	int j;

	for (j = 0; j < lay->n_edges; j++)
		if ((q = head_of(lay, j)) && q->x == p->x && q->y == p->y)
			got[lay->edges[j].from] = 1;
	return memcmp(got, want, LAYOUT_MAX_BOXES) == 0;
}

/* The box of side's diagram whose label reads label, or -1. */
static int box_reading(const struct tui_live *live, int side, const struct layout *lay,
                       const wchar_t *label)
{
	static wchar_t shown[MAX_W + 1];
	int b;

	for (b = 0; b < lay->n_boxes; b++) {
		label_read(live, side, b, shown);
		if (wcscmp(shown, label) == 0)
			return b;
	}
	return -1;
}

/*
 * The boxes a key item's senders name, into want: a label ("pay"), labels joined by '+'
 * ("posts+pay"), boxes numbered in a row ("app1-3" for app1, app2, app3); or how many
 * boxes of a kind send ("9 apps"): *count, with want empty. Returns 0 when the text names
 * no box, or none at all ("▶db 590" said nothing of who sends).
 */
static int senders(const struct tui_live *live, int side, const struct layout *lay,
                   const wchar_t *src, unsigned char *want, int *count)
{
	static wchar_t buf[MAX_W + 1], one[MAX_W + 1];
	wchar_t *tok, *save, kind[32], lo, hi;
	size_t n = wcslen(src);
	int b;

	*count = 0;
	if (n == 0)
		return 0;
	if (swscanf(src, L"%d %31ls", count, kind) == 2 && *count > 1)
		return 1;
	*count = 0;
	if (n > 3 && src[n - 2] == L'-' && box_reading(live, side, lay, src) < 0) {
		/* a range: the stem, then each last character from lo to hi */
		lo = src[n - 3];
		hi = src[n - 1];
		for (; lo <= hi; lo++) {
			swprintf(one, MAX_W, L"%.*ls%lc", (int)n - 3, src, lo);
			if ((b = box_reading(live, side, lay, one)) < 0)
				return 0;
			want[b] = 1;
		}
		return 1;
	}
	wcsncpy(buf, src, MAX_W);
	buf[MAX_W] = L'\0';
	for (tok = wcstok(buf, L"+", &save); tok; tok = wcstok(NULL, L"+", &save)) {
		if ((b = box_reading(live, side, lay, tok)) < 0)
			return 0;
		want[b] = 1;
	}
	return 1;
}

/* How many boxes send on the arrows that end in edge i's arrowhead. */
static int head_senders(const struct layout *lay, int i)
{
	unsigned char got[LAYOUT_MAX_BOXES] = { 0 };
	const struct layout_point *p = head_of(lay, i), *q;
	int j, n = 0;

	for (j = 0; j < lay->n_edges; j++)
		if ((q = head_of(lay, j)) && q->x == p->x && q->y == p->y &&
		    !got[lay->edges[j].from]++)
			n++;
	return n;
}

/*
 * The arrow a key item names into box t: src a label for that box's arrow ("pay▶Kafka"),
 * or the senders of the head several arrows share (senders()). Returns an edge that ends
 * in that head, -2 for the other way of a two-way line (with *v its count), -1 for none,
 * or for an item that does not say who sends.
 */
static int item_edge(const struct tui_live *live, int side, const struct layout *lay,
                     const struct sim_snapshot *snap, const wchar_t *src, int t,
                     uint64_t *v, int *any)
{
	unsigned char want[LAYOUT_MAX_BOXES] = { 0 };
	int i, b, n = 0, count;

	if (!senders(live, side, lay, src, want, &count))
		return -1;
	for (b = 0; b < lay->n_boxes; b++)
		n += want[b];
	for (i = 0; i < lay->n_edges; i++) {
		if (lay->edges[i].to != t || !head_of(lay, i))
			continue;
		if (count ? head_senders(lay, i) == count : want[lay->edges[i].from] &&
		    head_from(lay, i, want))
			return i;
	}
	for (i = 0; n == 1 && i < lay->n_edges; i++)
		if (lay->edges[i].both_ways && lay->edges[i].from == t && want[lay->edges[i].to]) {
			*v = box_count(lay, snap, lay->edges[i].to, t, any);
			return -2;
		}
	return -1;
}

/*
 * A count in the key under side's diagram at y, x: the item before it must name its arrow
 * and who sends on it, "src▶dst" with the labels the boxes show, "a+b▶dst", "app1-3▶dst"
 * or "9 apps▶dst" for the head several arrows share; the number must be the engine's for
 * the arrows that end there, twins summed. Returns 1 when it is, else prints why.
 */
static int key_item_true(const struct tui_live *live, int side, const struct layout *lay,
                         const struct sim_snapshot *snap, const wchar_t *item,
                         const char *what)
{
	static wchar_t label[MAX_W + 1], src[MAX_W + 1], dst[MAX_W + 1], num[16];
	const wchar_t *head = NULL, *sp = wcsrchr(item, L' ');
	int i, t = -1, any = 0, one, e;
	uint64_t v = 0;

	for (i = 0; item[i]; i++)
		if (is_head(item[i]))
			head = item + i;
	if (!head || !sp || sp < head) {
		print_message("%s: key item '%ls' names no arrow\n", what, item);
		return 0;
	}
	wcsncpy(src, item, (size_t)(head - item));
	src[head - item] = L'\0';
	wcsncpy(dst, head + 1, (size_t)(sp - head - 1));
	dst[sp - head - 1] = L'\0';
	wcsncpy(num, sp + 1, 15);
	num[15] = L'\0';
	for (i = 0; i < lay->n_boxes; i++) {
		label_read(live, side, i, label);
		t = wcscmp(label, dst) == 0 ? i : t;
	}
	e = t < 0 ? -1 : item_edge(live, side, lay, snap, src, t, &v, &any);
	if (e == -1) {
		print_message("%s: key item '%ls' names no arrowhead\n", what, item);
		return 0;
	}
	if (e >= 0) {
		v = head_count(lay, snap, e, &one, &any);
		/* every count names who sends (one >= 0: the one source) */
		any &= src[0] != L'\0';
	}
	if (!any || !reads_as(num, v)) {
		print_message("%s: key item '%ls' is not the engine's %llu\n", what, item,
		              (unsigned long long)v);
		return 0;
	}
	return 1;
}

/*
 * Each item of the rows under side's diagram (the key's, or the a key's page of counts
 * left out; items are two spaces apart) that has a count names its arrow and carries the
 * engine's number for it. Returns the items read.
 */
static int check_key(const struct tui_live *live, int side, const struct layout *lay,
                     int oy, int ox, const struct sim_snapshot *snap, const char *what,
                     int rows)
{
	static wchar_t row[MAX_W + 1];
	int k, n = 0;

	for (k = 0; k < rows && oy + lay->h + k < LINES; k++) {
		wchar_t *p, *item;

		cells_text(oy + lay->h + k, ox, MIN(lay->w, COLS - ox), row);
		for (item = row; item && *item; item = p) {
			int i, head = 0;

			p = wcsstr(item, L"  ");
			if (p) {
				*p = L'\0';
				p += 2;
				while (*p == L' ')
					p++;
			}
			for (i = 0; item[i]; i++)
				head |= is_head(item[i]);
			if (!head || wcschr(item, L'='))
				continue;
			if (!key_item_true(live, side, lay, snap, item, what))
				fail_msg("%s: a count in the key not attached to its arrow", what);
			n++;
		}
	}
	return n;
}

/*
 * Whether the digits at y, x (a run that no letter or digit precedes) are a fact with its
 * unit ("3%", "0/4000", "in 5", "q 12", "355 ok/s", "500k users", "20ms") rather than a
 * bare number that would read as a count.
 */
static int fact_number(int y, int x, int len)
{
	static wchar_t before[8], after[8];

	cells_text(y, MAX(0, x - 3), MIN(3, x), before);
	cells_text(y, x + len, 6, after);
	if (x > 0 && (mvinch(y, x - 1) & A_CHARTEXT) == '/')
		return 1;
	if (wcscmp(before + MAX(0, (int)wcslen(before) - 2), L"in") == 0 ||
	    wcscmp(before + MAX(0, (int)wcslen(before) - 1), L"q") == 0 ||
	    wcsstr(before, L"ol") || wcsstr(before, L"ue"))
		return 1;
	return after[0] == L'%' || after[0] == L'/' || wcsncmp(after, L"ok/s", 4) == 0 ||
	       wcsncmp(after, L"users", 5) == 0 || wcsncmp(after, L"ms", 2) == 0;
}

static int is_digit_at(int y, int x)
{
	chtype c = mvinch(y, x) & A_CHARTEXT;

	return c >= '0' && c <= '9';
}

static int numeric_at(int y, int x)
{
	chtype c = mvinch(y, x) & A_CHARTEXT;

	return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == 'k' || c == 'M';
}

static int alnum_at(int y, int x)
{
	chtype c = mvinch(y, x) & A_CHARTEXT;

	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_';
}

/*
 * Every number inside side's diagram is a count the view says it drew there, or a fact
 * with its unit: none stands alone by a box it does not belong to ("Red… 590").
 */
static void check_no_stray(const struct layout *lay, int oy, int ox,
                           const struct tui_live_count *counts, const char *what)
{
	int y, x, i;

	for (y = oy; y < oy + lay->h; y++)
		for (x = ox; x < ox + lay->w; x++) {
			int len = 0, mine = 0;

			/* ".6M" would read "6M" after a stray point: no count starts at one */
			if (!is_digit_at(y, x) || (x > ox && (alnum_at(y, x - 1) ||
			                                      numeric_at(y, x - 1))))
				continue;
			while (x + len < ox + lay->w && numeric_at(y, x + len))
				len++;
			for (i = 0; i < lay->n_edges; i++)
				mine |= counts[i].y == y && counts[i].x == x;
			if (!mine && !fact_number(y, x, len))
				fail_msg("%s: a number at row %d, column %d belongs to no arrow",
				         what, y, x);
			x += len;
		}
}

/* Whether the cells that end right before column x of row y read name, label or short. */
static int name_before(int y, int x, const char *label)
{
	static wchar_t text[MAX_W + 1], want[MAX_W + 1];
	char buf[MAX_W + 1];
	const char *forms[2];
	int k;

	forms[0] = label;
	forms[1] = tui_label_form(label, NULL, 1 << 10, 1, buf, sizeof buf);
	for (k = 0; k < 2; k++) {
		int n;

		if (!forms[k])
			continue;
		swprintf(want, MAX_W + 1, L"%s", forms[k]);
		n = (int)wcslen(want);
		if (x - n < 0)
			continue;
		cells_text(y, x - n, n, text);
		if (wcscmp(text, want) == 0 &&
		    (x - n == 0 || (mvinch(y, x - n - 1) & A_CHARTEXT) == ' '))
			return 1;
	}
	return 0;
}

/*
 * Each count of the list of calls now on screen for side is the engine's for its one call,
 * right after the name of the call's target, on a line that starts with the name of its
 * source and an arrow. Marks in shown[] the engine's edges whose counts it found.
 */
static void calls_true(const struct tui_live *live, int side, const struct sim_snapshot *snap,
                       const char *what, int w, int h, unsigned char *shown)
{
	static wchar_t text[16], arrow[8];
	const struct tui_live_call *calls;
	const struct layout *lay;
	int oy, ox, n, i, k;

	lay = tui_live_calls(live, side, &oy, &ox, &calls, &n);
	if (!lay)
		fail_msg("%s at %dx%d: neither a diagram nor a list of calls", what, w, h);
	for (i = 0; i < n; i++) {
		const struct tui_live_call *c = &calls[i];
		const struct layout_box *src = &lay->boxes[c->from], *dst = &lay->boxes[c->to];
		int any = 0, len = (int)strlen(c->text), sw = (int)strlen(src->label);
		uint64_t v = box_count(lay, snap, c->from, c->to, &any);
		char buf[MAX_W + 1];
		const char *s;

		cells_text(c->y, c->x, len, text);
		if (!any || !reads_as(text, v) || !name_before(c->y, c->x - 1, dst->label))
			fail_msg("%s at %dx%d: '%ls' at row %d is not the count of %s -> %s "
			         "(%llu)", what, w, h, text, c->y, src->label, dst->label,
			         (unsigned long long)v);
		/* the line of the call starts with its source and an arrow */
		if (!name_before(c->line_y, ox + sw, src->label)) {
			s = tui_label_form(src->label, NULL, 1 << 10, 1, buf, sizeof buf);
			sw = s ? (int)strlen(s) : sw;
			if (!s || !name_before(c->line_y, ox + sw, src->label))
				fail_msg("%s at %dx%d: the line of %s -> %s does not start with "
				         "%s", what, w, h, src->label, dst->label, src->label);
		}
		cells_text(c->line_y, ox + sw, 4, arrow);
		if (arrow[0] != L'\x2192' && wcsncmp(arrow, L"->", 2) != 0)
			fail_msg("%s at %dx%d: no arrow after %s", what, w, h, src->label);
		for (k = 0; k < snap->n_edges; k++)
			shown[k] |= box_has(lay, c->from, snap->edges[k].from) &&
			            box_has(lay, c->to, snap->edges[k].to);
	}
}

/*
 * The list of calls that stands in for side's diagram where none reads (calls_true());
 * the calls it leaves out, "+4 more (a)", come page by page with the a key. Each edge the
 * engine counted requests on has its count on the list or a page. Returns the edges
 * found on neither, each printed.
 */
static int check_calls(struct tui_live *live, int side, const struct sim_snapshot *snap,
                       const char *what, int w, int h)
{
	unsigned char shown[SIM_MAX_NODES * 4] = { 0 };
	int i, page, left = 0;

	calls_true(live, side, snap, what, w, h, shown);
	for (i = 0; i < snap->n_edges && (shown[i] || !snap->edges[i].requests); i++)
		;
	if (i < snap->n_edges && !shows(stdscr, " more (a)"))
		fail_msg("%s at %dx%d: calls left out without a '+n more (a)'", what, w, h);
	for (page = 0; i < snap->n_edges && page < 8 && tui_live_key(live, 'a'); page++) {
		erase();
		tui_live_draw(live, stdscr, 0, 0, h, w);
		if (!shows(stdscr, "calls left out"))
			break;
		calls_true(live, side, snap, what, w, h, shown);
	}
	assert_true(page < 8);
	for (i = 0; i < snap->n_edges; i++)
		if (snap->edges[i].requests > 0 && !shown[i]) {
			print_message("%s at %dx%d: the call %d -> %d is on no page\n", what, w, h,
			              snap->edges[i].from, snap->edges[i].to);
			left++;
		}
	return left;
}


/*
 * The first column a count by edge e's arrowhead may take: past its last turn, or from
 * its start when it runs straight from its source.
 */
static int after_turn(const struct layout_edge *e)
{
	return e->n_points > 2 ? e->points[e->n_points - 2].x + 1 : e->points[0].x;
}

/*
 * Each count side's diagram shows is attached to the arrow whose engine count it is: in
 * the diagram, on the row of the arrowhead it belongs to and right against it, reading
 * the requests of the arrows that end there (twins summed); in the key, after the arrow
 * it names. Each edge the engine counted requests on has its count, or the view says why
 * not. Returns the number of why-nots, each printed.
 */
static int check_counts(struct tui_live *live, int side, const struct sim_snapshot *snap,
                        const char *what, int w, int h)
{
	static wchar_t text[16];
	const struct tui_live_count *counts;
	const struct layout *lay;
	int oy, ox, i, whys = 0;

	lay = tui_live_diagram(live, side, &oy, &ox, &counts);
	if (!lay)
		return check_calls(live, side, snap, what, w, h);
	for (i = 0; i < lay->n_edges; i++) {
		const struct tui_live_count *c = &counts[i];
		const struct layout_point *p = head_of(lay, i);
		int src, any;
		uint64_t v = head_count(lay, snap, i, &src, &any);

		if (c->y < 0 || c->y >= oy + lay->h)
			continue;
		cells_text(c->y, c->x, (int)strlen(c->text), text);
		if (text[0] == L'.')
			fail_msg("%s at %dx%d: '%ls' into %s reads as a typo, not a count", what, w,
			         h, text, lay->boxes[lay->edges[i].to].label);
		if (!p || c->y != oy + p->y || c->x + (int)strlen(c->text) != ox + p->x ||
		    !reads_as(text, v))
			fail_msg("%s at %dx%d: '%ls' at row %d, column %d is not the count by the "
			         "head of %s (%llu)", what, w, h, text, c->y, c->x,
			         lay->boxes[lay->edges[i].to].label, (unsigned long long)v);
		/* on the last run into the head, not over the turn it comes from */
		if (c->x < ox + after_turn(&lay->edges[i]))
			fail_msg("%s at %dx%d: '%ls' into %s covers a turn of its line", what, w,
			         h, text, lay->boxes[lay->edges[i].to].label);
	}
	check_key(live, side, lay, oy, ox, snap, what, 5);
	check_no_stray(lay, oy, ox, counts, what);
	for (i = 0; i < snap->n_edges; i++) {
		const struct layout_edge *e = edge_of(lay, snap->edges[i].from, snap->edges[i].to);
		const struct tui_live_count *c;

		if (snap->edges[i].requests == 0)
			continue;
		if (!e)
			fail_msg("%s: the engine counts %d -> %d, which the diagram lacks", what,
			         snap->edges[i].from, snap->edges[i].to);
		c = &counts[e - lay->edges];
		if (c->y < 0) {
			assert_non_null(c->why);
			print_message("%s at %dx%d: no count into %s: %s\n", what, w, h,
			              lay->boxes[e->to].label, c->why);
			whys++;
		}
	}
	return whys;
}

/*
 * Whether the rows under a diagram (the key's three, or all to the bottom), within its
 * columns, give short form text with its label: "pa_db=payments_db".
 */
static int in_names_key(const struct layout *lay, int oy, int ox, const wchar_t *text,
                        const char *label, int rows)
{
	static wchar_t row[MAX_W + 1], item[2 * MAX_W + 2];
	int k;

	swprintf(item, 2 * MAX_W + 2, L"%ls=%s", text, label);
	for (k = 0; k < rows && oy + lay->h + k < LINES; k++) {
		cells_text(oy + lay->h + k, ox, MIN(lay->w, COLS - ox), row);
		if (wcsstr(row, item))
			return 1;
	}
	return 0;
}

/* Whether box i shows its label whole, or its short form is given below the diagram. */
static int label_given(const struct tui_live *live, int side, int i, int h)
{
	static wchar_t text[MAX_W + 1], label[MAX_W + 1];
	const struct tui_live_count *counts;
	const struct layout *lay;
	int oy, ox;

	lay = tui_live_diagram(live, side, &oy, &ox, &counts);
	assert_non_null(lay);
	label_read(live, side, i, text);
	swprintf(label, MAX_W + 1, L"%s", lay->boxes[i].label);
	return wcscmp(text, label) == 0 || in_names_key(lay, oy, ox, text, lay->boxes[i].label, h);
}

/* The configs of the runs on each side, for telling one node from another by its name. */
static const struct sim_config *side_cfg[2];

/*
 * The box of side's diagram standing for the node of box b of side from's diagram (the
 * same name: variants may number their nodes apart), or -1.
 */
static int box_twin(const struct tui_live *live, int side, int from, int b)
{
	const struct tui_live_count *counts;
	const struct layout *lay, *other;
	const struct layout_box *t;
	int oy, ox, node, i;

	lay = tui_live_diagram(live, side, &oy, &ox, &counts);
	other = tui_live_diagram(live, from, &oy, &ox, &counts);
	if (!lay || !other)
		return -1;
	node = other->boxes[b].node;
	if (node >= 0 && side_cfg[side] && side_cfg[from]) {
		const char *name = side_cfg[from]->nodes[node].name;

		for (i = 0; i < side_cfg[side]->n_nodes &&
		            strcmp(side_cfg[side]->nodes[i].name, name) != 0; i++)
			;
		node = i < side_cfg[side]->n_nodes ? i : -2;
	}
	t = node >= -1 ? layout_box_of(lay, node) : NULL;
	return t ? (int)(t - lay->boxes) : -1;
}

/*
 * The columns box b of side has for its label, the fewest its node has on either side:
 * a node reads the same in both halves, in the form the narrower box holds.
 */
static int label_room(const struct tui_live *live, int side, int b)
{
	int y, x, w, room = MAX_W, s, o;

	for (s = 0; s < 2; s++) {
		o = s == side ? b : box_twin(live, s, side, b);
		if (o >= 0 && tui_live_label_cells(live, s, o, &y, &x, &w) == 0)
			room = MIN(room, w);
	}
	return room;
}

/*
 * Of a drawn diagram, read from the screen, inside a framed box's frame or along a chip:
 * no two boxes show the same label ("pa…" for payments and posts); a box with the room
 * for its whole label shows it whole. Returns the boxes that show a short form whose
 * label the key under the diagram does not give ("po_db=posts_db").
 */
static int check_labels(const struct tui_live *live, int side, const char *what, int w,
                        int h)
{
	static wchar_t text[LAYOUT_MAX_BOXES][MAX_W + 1], label[MAX_W + 1];
	const struct tui_live_count *counts;
	const struct layout *lay;
	int oy, ox, i, j, cw, unkeyed = 0;

	lay = tui_live_diagram(live, side, &oy, &ox, &counts);
	if (!lay)
		return 0;
	for (i = 0; i < lay->n_boxes; i++) {
		const struct layout_box *b = &lay->boxes[i];

		label_read(live, side, i, text[i]);
		for (j = 0; j < i; j++)
			if (wcscasecmp(text[i], text[j]) == 0)
				fail_msg("%s at %dx%d: %s and %s both read '%ls'", what, w, h,
				         lay->boxes[j].label, b->label, text[i]);
		swprintf(label, MAX_W + 1, L"%s", b->label);
		if (wcscmp(text[i], label) == 0)
			continue;
		cw = label_room(live, side, i);
		if (wcswidth(label, MAX_W) <= cw)
			fail_msg("%s at %dx%d: '%s' has %d columns, yet reads '%ls'", what, w, h,
			         b->label, cw, text[i]);
		if (!in_names_key(lay, oy, ox, text[i], b->label, 3))
			unkeyed++;
	}
	return unkeyed;
}

/* Whether the screen shows region followed by "=" (the legend's "u=us"). */
static int wcs_shows(const wchar_t *region)
{
	char want[32];

	snprintf(want, sizeof want, "%.8ls=", region);
	return shows(stdscr, want);
}

/*
 * The short labels of side that neither the key under its diagram nor any page of the a
 * key's legend gives, pressing a until the meters come back; and where the diagram has
 * twins, the legend must say what their marks' signs and cut regions mean.
 */
static int legend_pages(struct tui_live *live, int side, const char *what, int w, int h)
{
	static int given[LAYOUT_MAX_BOXES];
	static wchar_t regions[26][8];
	const struct tui_live_count *counts;
	const struct layout *lay;
	int oy, ox, page, i, left = 0, n = 0, keyed[26], marks, signs = 0;

	memset(given, 0, sizeof given);
	memset(keyed, 0, sizeof keyed);
	/* the twins' marks: their signs, and each region the marks cut ("u=us") */
	marks = marks_alike(live, side, what, w, h);
	memcpy(regions, mark_regions, sizeof regions);
	for (page = 0; page < 8 && tui_live_key(live, 'a'); page++) {
		erase();
		tui_live_draw(live, stdscr, 0, 0, h, w);
		if (!shows(stdscr, "short labels"))
			break;
		lay = tui_live_diagram(live, side, &oy, &ox, &counts);
		n = lay ? lay->n_boxes : 0;
		for (i = 0; i < n; i++)
			given[i] |= label_given(live, side, i, h);
		for (i = 0; i < 26; i++)
			keyed[i] |= regions[i][0] && wcs_shows(regions[i]);
		signs |= shows(stdscr, "^=up") && shows(stdscr, "!=down");
	}
	assert_true(page < 8);
	for (i = 0; i < 26; i++)
		if (regions[i][0] && !keyed[i] && wcscmp(regions[i], L"us") &&
		    wcscmp(regions[i], L"eu") && wcscmp(regions[i], L"asia"))
			fail_msg("%s at %dx%d: the region of the marks '%ls' is in no legend",
			         what, w, h, regions[i]);
	if (marks && !signs)
		fail_msg("%s at %dx%d: the legend does not say what the marks' signs mean",
		         what, w, h);
	for (i = 0; i < n; i++)
		if (!given[i]) {
			print_message("%s at %dx%d: box %d's short label is in no key\n", what, w,
			              h, i);
			left++;
		}
	return left;
}

/* Words a short label's word, cut from a longer one, must not read as. */
static const wchar_t *const misleading[] = {
	L"no", L"not", L"non", L"none", L"on", L"off", L"in", L"out", L"up", L"down", L"ok",
	L"err", L"all", L"any", L"and", L"or",
};

/* Whether word (n characters) is one of the words of label, whole. */
static int whole_word(const char *label, const wchar_t *word, size_t n)
{
	wchar_t wl[MAX_W + 1], *tok, *save;

	swprintf(wl, MAX_W + 1, L"%s", label);
	for (tok = wcstok(wl, L" _-()/", &save); tok; tok = wcstok(NULL, L" _-()/", &save))
		if (wcslen(tok) == n && wcsncasecmp(tok, word, n) == 0)
			return 1;
	return 0;
}

/*
 * A short label that ends in a number keeps the number its label has ("ap1" for app1,
 * as "ap2" and "ap3" for its siblings, never "ap…" above them), or numbers a kind the
 * label names ("db2" for posts_db, beside "db1" for payments_db), never a cut name
 * numbered ("po2" for posts_db, which says nothing of what it is).
 */
static void numbered_true(const struct tui_live *live, int side, int b, const wchar_t *text,
                          const char *what, int w, int h)
{
	const struct tui_live_count *counts;
	const struct layout *lay = tui_live_diagram(live, side, &(int){ 0 }, &(int){ 0 },
	                                            &counts);
	const char *label = lay->boxes[b].label;
	size_t n = wcslen(text), l = strlen(label), d = 0, e = 0;
	char kind[16];
	wchar_t wk[16];

	while (d < n && iswdigit((wint_t)text[n - 1 - d]))
		d++;
	while (e < l && label[l - 1 - e] >= '0' && label[l - 1 - e] <= '9')
		e++;
	if (e > 0 && text[0] && wcschr(text, L'\x2026') == NULL && !wcsrchr(text, L'~') &&
	    (d != e || wcstol(text + n - d, NULL, 10) != strtol(label + l - e, NULL, 10)))
		fail_msg("%s at %dx%d: %s reads '%ls', without its number", what, w, h, label,
		         text);
	if (e > 0 && (wcschr(text, L'\x2026') || wcsrchr(text, L'~')))
		fail_msg("%s at %dx%d: %s reads '%ls', its number cut off", what, w, h, label,
		         text);
	if (tui_label_kind(label, kind, sizeof kind))
		swprintf(wk, 16, L"%s", kind);
	else
		wk[0] = L'\0';
	/* a number is only for a box numbered by its kind ("db2") */
	if (d > 0 && e == 0 &&
	    !(wk[0] && n == wcslen(wk) + d && wcsncmp(text, wk, wcslen(wk)) == 0))
		fail_msg("%s at %dx%d: %s reads '%ls', a name numbered", what, w, h, label,
		         text);
}

/*
 * No label of side's diagram reads as something else: a percentile ("p10" beside the
 * p99 meter), a bare number, or a word cut into a word of its own ("no cons" for the
 * notification consumer reads "no consumers").
 */
static void labels_read_true(const struct tui_live *live, int side, const char *what, int w,
                             int h)
{
	static wchar_t text[MAX_W + 1];
	char mb[4 * MAX_W];
	const struct tui_live_count *counts;
	const struct layout *lay;
	int oy, ox, i;
	size_t k, n, d;

	lay = tui_live_diagram(live, side, &oy, &ox, &counts);
	for (i = 0; lay && i < lay->n_boxes; i++) {
		wchar_t *p = text;

		label_read(live, side, i, text);
		n = wcslen(text);
		for (k = 0, d = 0; k < n; k++)
			d += iswdigit((wint_t)text[k]) != 0;
		if ((n > 1 && towlower((wint_t)text[0]) == L'p' && d == n - 1) ||
		    (n > 0 && iswdigit((wint_t)text[0]) && d + 2 >= n))
			fail_msg("%s at %dx%d: '%s' reads '%ls', a number", what, w, h,
			         lay->boxes[i].label, text);
		numbered_true(live, side, i, text, what, w, h);
		if (wcstombs(mb, text, sizeof mb) != (size_t)-1 &&
		    singular_in(lay->boxes[i].label, mb))
			fail_msg("%s at %dx%d: '%s' reads '%ls', another name", what, w, h,
			         lay->boxes[i].label, text);
		while (*p) {
			size_t len = wcscspn(p, L" _-()/");

			for (k = 0; k < sizeof misleading / sizeof misleading[0]; k++)
				if (len && wcslen(misleading[k]) == len &&
				    wcsncasecmp(p, misleading[k], len) == 0 &&
				    !whole_word(lay->boxes[i].label, p, len))
					fail_msg("%s at %dx%d: '%s' reads '%ls'", what, w, h,
					         lay->boxes[i].label, text);
			p += len;
			p += *p != L'\0';
		}
	}
}

/* Each node that both halves draw reads the same in both. */
static void labels_alike(const struct tui_live *live, const char *what, int w, int h)
{
	static wchar_t left[MAX_W + 1], right[MAX_W + 1];
	const struct tui_live_count *counts;
	const struct layout *lay;
	int oy, ox, i, o;

	lay = tui_live_diagram(live, 0, &oy, &ox, &counts);
	for (i = 0; lay && i < lay->n_boxes; i++) {
		if ((o = box_twin(live, 1, 0, i)) < 0)
			continue;
		label_read(live, 0, i, left);
		label_read(live, 1, o, right);
		if (wcscmp(left, right) != 0)
			fail_msg("%s at %dx%d: %s reads '%ls' on the left, '%ls' on the right",
			         what, w, h, lay->boxes[i].label, left, right);
	}
}

/*
 * The labels of each of n sides as drawn (check_labels()); where the key under a diagram
 * leaves some out, the a key's legend gives every one, page by page. Returns how many the
 * keys under the diagrams left out.
 */
static int labels_of(struct tui_live *live, int n, const char *what, int w, int h)
{
	int side, unkeyed = 0, left;

	for (side = 0; side < n; side++) {
		unkeyed += check_labels(live, side, what, w, h);
		labels_read_true(live, side, what, w, h);
	}
	if (n == 2)
		labels_alike(live, what, w, h);
	if (!unkeyed)
		return 0;
	for (side = 0; side < n; side++)
		if ((left = legend_pages(live, side, what, w, h)) > 0)
			fail_msg("%s at %dx%d: %d short labels in neither key", what, w, h, left);
	return unkeyed;
}

/* The engine's edges of variant v at time t, from a run of its own. */
static void edges_at(const struct cfg_scenario *sc, int v, sim_time t, struct sim_snapshot *s)
{
	char err[256];
	struct sim *sim = sim_create(&sc->variants[v].cfg, sc->seed, err, sizeof err);

	assert_non_null(sim);
	sim_run_until(sim, t);
	sim_snapshot(sim, s);
	sim_destroy(sim);
}

/* One scenario's variants, alone and beside the next one, at the sizes the talk meets. */
static int counts_of_scenario(const char *path, int *unkeyed)
{
	static const int sizes[][2] = { { 80, 24 }, { 100, 30 }, { VIEW_W, VIEW_H } };
	static struct sim_snapshot snap[2];
	struct cfg_scenario sc;
	int v, pair, i, whys = 0;

	load(path, &sc);
	for (v = 0; v < sc.n_variants; v++) {
		struct tui_live *live = tui_live_create(&sc, v, 0);
		int next = (v + 1) % sc.n_variants;

		tui_live_advance(live, 6.0);
		edges_at(&sc, v, tui_live_now(live), &snap[0]);
		edges_at(&sc, next, tui_live_now(live), &snap[1]);
		for (pair = 0; pair < 1 + (sc.n_variants > 1); pair++) {
			side_cfg[0] = &sc.variants[v].cfg;
			side_cfg[1] = pair ? &sc.variants[next].cfg : NULL;
			if (pair)
				assert_int_equal(tui_live_compare(live, next), 0);
			for (i = 0; i < (int)(sizeof sizes / sizeof sizes[0]); i++) {
				erase();
				tui_live_draw(live, stdscr, 0, 0, sizes[i][1], sizes[i][0]);
				whys += check_counts(live, 0, &snap[0], path, sizes[i][0],
				                     sizes[i][1]);
				if (pair)
					whys += check_counts(live, 1, &snap[1], path, sizes[i][0],
					                     sizes[i][1]);
				*unkeyed += labels_of(live, 1 + pair, path, sizes[i][0],
				                      sizes[i][1]);
			}
		}
		tui_live_destroy(live);
	}
	side_cfg[0] = side_cfg[1] = NULL;
	cfg_scenario_fini(&sc);
	return whys;
}

/*
 * Every shipped scenario, each variant alone and beside the next, at 80x24, 100x30 and
 * 160x50: each arrow that carried requests shows a count by its line or in the key under
 * the diagram, after the label of the box it points into, or the view says why it could
 * not (printed).
 */
static void test_tui_live_every_arrow_counted(void **state)
{
	char path[1024];
	struct dirent *d;
	DIR *dir = opendir(TEST_DATADIR "/scenarios");
	int files = 0, whys = 0, unkeyed = 0;

	(void)state;
	assert_non_null(dir);
	resizeterm(MAX_H, MAX_W);
	while ((d = readdir(dir)) != NULL) {
		size_t n = strlen(d->d_name);

		if (n < 5 || strcmp(d->d_name + n - 5, ".yaml") != 0)
			continue;
		snprintf(path, sizeof path, "%s/scenarios/%s", TEST_DATADIR, d->d_name);
		whys += counts_of_scenario(path, &unkeyed);
		files++;
	}
	closedir(dir);
	resizeterm(40, MAX_W);
	print_message("%d arrows without a count, each said why\n", whys);
	print_message("%d short labels the key under their diagram does not give\n", unkeyed);
	assert_true(files > 0);
	/*
	 * None: a count with no slot by its arrowhead goes to the key under the diagram
	 * ("pay▶Kafka 32", "▶db 600"), which every drawing of the matrix has room for, and
	 * where no diagram reads (the 2026 platform and 2017's cap everywhere, 2014's gateway
	 * pain) the list of calls gives each call its count, the calls it leaves out on the
	 * pages of the a key.
	 */
	assert_int_equal(whys, 0);
}

/*
 * Whether count c is where a was: by an arrowhead it ends where a ended, in the key (under
 * the diagram's h rows from oy) it starts where a started.
 */
static int stayed(const struct tui_live_count *a, const struct tui_live_count *c, int oy,
                  int h)
{
	int end_a = a->x + (int)strlen(a->text), end_c = c->x + (int)strlen(c->text);

	return c->y == a->y && (c->y >= oy + h ? c->x == a->x : end_c == end_a);
}

/* Side's counts as last drawn into out, or checked against it; returns those that grew. */
static int counts_kept(const struct tui_live *live, int side, int check,
                       struct tui_live_count *out, const char *what)
{
	const struct tui_live_count *counts;
	const struct layout *lay;
	int oy, ox, b, grew = 0;

	lay = tui_live_diagram(live, side, &oy, &ox, &counts);
	assert_non_null(lay);
	for (b = 0; b < lay->n_edges; b++) {
		const struct tui_live_count *c = &counts[b];

		if (!check) {
			out[b] = *c;
			continue;
		}
		grew += strlen(c->text) > strlen(out[b].text);
		if (!stayed(&out[b], c, oy, lay->h))
			fail_msg("%s: the count into %s moved from %d,%d ('%s') to %d,%d ('%s')",
			         what, lay->boxes[lay->edges[b].to].label, out[b].y, out[b].x,
			         out[b].text, c->y, c->x, c->text);
	}
	return grew;
}

/*
 * The talk's slides side by side, at a minute and at ten: every count keeps its place as
 * it grows (by the arrowhead it ends right against it, in the key it starts where it
 * did), where at 100x30 the 2007 upgrades' counts used to jump onto the boxes' top edges.
 * The upgrades are looked at again at three minutes: later their counts pass 100k, wider
 * than the three cells their heads keep, and go to the key (counts_outgrow_heads).
 */
static void test_tui_live_counts_stay_put(void **state)
{
	static const struct {
		const char *path;
		int w, h;
		double later;           /* wall seconds at x10 to the second look */
	} views[] = {
		{ VERTICAL, 100, 30, 12.0 }, { SAGA, 80, 24, 54.0 }, { CACHE, 80, 24, 54.0 },
		{ SAGA, 160, 50, 54.0 },
	};
	static struct tui_live_count first[2][LAYOUT_MAX_EDGES];
	size_t i;

	(void)state;
	resizeterm(MAX_H, MAX_W);
	for (i = 0; i < sizeof views / sizeof views[0]; i++) {
		struct cfg_scenario sc;
		struct tui_live *live;
		int side, grew = 0, t;

		load(views[i].path, &sc);
		live = tui_live_create(&sc, 0, 0);
		tui_live_key(live, 'v');
		for (t = 0; t < 2; t++) {
			tui_live_advance(live, t ? views[i].later : 6.0);
			erase();
			tui_live_draw(live, stdscr, 0, 0, views[i].h, views[i].w);
			for (side = 0; side < 2; side++)
				grew += counts_kept(live, side, t, first[side], views[i].path);
		}
		assert_true(grew > 0);
		tui_live_destroy(live);
		cfg_scenario_fini(&sc);
	}
	resizeterm(40, MAX_W);
}

/*
 * Side's counts as drawn at w x h, checked (check_counts()); returns how many of them
 * read 100k or more, in *by_head those by their arrowheads, in *keyed those in the key.
 */
static int big_counts(struct tui_live *live, int side, const struct cfg_scenario *sc, int v,
                      int w, int h, int *by_head, int *keyed)
{
	static struct sim_snapshot snap;
	const struct tui_live_count *counts;
	const struct layout *lay;
	int oy, ox, i, n = 0;

	edges_at(sc, v, tui_live_now(live), &snap);
	assert_int_equal(check_counts(live, side, &snap, sc->path, w, h), 0);
	lay = tui_live_diagram(live, side, &oy, &ox, &counts);
	assert_non_null(lay);
	for (i = 0; i < lay->n_edges; i++) {
		const struct tui_live_count *c = &counts[i];
		size_t len = strlen(c->text);
		int j, seen = 0;

		/* edges into one head share its count: each counted once */
		for (j = 0; j < i; j++)
			seen |= counts[j].y == c->y && counts[j].x == c->x;
		if (c->y < 0 || len < 4 || c->text[len - 1] != 'k' || seen)
			continue;
		n++;
		*by_head += c->y < oy + lay->h;
		*keyed += c->y >= oy + lay->h;
	}
	return n;
}

/*
 * Counts of 100k or more read as numbers, never ".1M" (which the room took for a typo
 * before a label): in a diagram of three-cell counts, "125k" takes a fourth cell where its
 * arrowhead has one, and goes to the key, naming who sends, where a turn or a box leaves
 * its head three (check_counts() fails any count that starts with a point, and any key
 * item that does not name its arrow). The 2007 upgrade's pain at the end of its ten
 * minutes beside the first VPS at 100x30, whose heads keep three cells; the Friday deploy
 * side by side half an hour in at x1000, as the talk shows it at 100x30, where feeds' head
 * has four and MySQL's three.
 */
static void test_tui_live_counts_outgrow_heads(void **state)
{
	struct cfg_scenario sc;
	struct tui_live *live;
	int by_head = 0, keyed = 0;

	(void)state;
	resizeterm(MAX_H, MAX_W);
	load(VERTICAL, &sc);
	live = tui_live_create(&sc, 0, 0);
	tui_live_key(live, 'v');
	assert_string_equal(sc.variants[1].name, "pain");
	assert_int_equal(tui_live_variant(live), 0);
	tui_live_goto(live, 10 * 60 * SIM_SEC);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 30, 100);
	assert_int_equal(big_counts(live, 1, &sc, 1, 100, 30, &by_head, &keyed), 3);
	assert_int_equal(keyed, 3);
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);

	load(FRIDAY, &sc);
	live = tui_live_create(&sc, 0, 0);
	tui_live_in_talk(live);
	assert_int_equal(tui_live_compare(live, 1), 0);
	tui_live_goto(live, 34 * 60 * SIM_SEC);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 21, 96);
	by_head = keyed = 0;
	assert_true(big_counts(live, 1, &sc, 1, 96, 21, &by_head, &keyed) >= 2);
	assert_true(by_head >= 1);
	assert_true(keyed >= 1);
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
	resizeterm(40, MAX_W);
}

/* Row y of the screen, w columns from x 0, as text. */
static const char *screen_row(int y, int w)
{
	static char buf[MAX_W + 1];
	int x;

	for (x = 0; x < w && x < MAX_W; x++)
		buf[x] = (char)(mvinch(y, x) & A_CHARTEXT);
	buf[x] = '\0';
	return buf;
}

/*
 * The a key where nothing is left out (the 2007 outage side by side, whose labels and
 * counts are all on screen; the 2004 era as a diagram slide draws it): the key line does
 * not offer it, and pressed anyway it says so on the key line, its pages not shown: the
 * meters and the log, or the diagram, stay. Where the diagram has short labels (the 2026
 * platform's), the key line offers it and it pages them.
 */
static void test_tui_live_a_with_nothing_to_show(void **state)
{
	struct fixture *f = *state;
	struct tui_live *live = tui_live_create(&f->sc, 0, 0);
	struct cfg_scenario sc;

	tui_live_in_talk(live);
	tui_live_key(live, 'v');
	tui_live_advance(live, 2.0);
	tui_live_advance(live, 2.0);    /* the word on v has gone */
	erase();
	tui_live_draw(live, stdscr, 0, 0, 21, 96);
	assert_false(shows(stdscr, "a names"));
	assert_int_equal(tui_live_key(live, 'a'), 1);
	assert_int_equal(tui_live_legend_page(live), 0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 21, 96);
	assert_non_null(tui_live_message(live));
	assert_non_null(strstr(screen_row(20, 96), "nothing left out here"));
	assert_true(shows(stdscr, "incident log"));
	assert_false(shows(stdscr, "short labels"));
	tui_live_destroy(live);

	load(MONOLITH, &sc);
	live = tui_live_create(&sc, 0, 0);
	tui_live_goto(live, 60 * SIM_SEC);
	erase();
	tui_live_draw_topology(live, stdscr, 0, 0, 12, 96);
	tui_live_key(live, 'a');
	erase();
	tui_live_draw_topology(live, stdscr, 0, 0, 12, 96);
	assert_int_equal(tui_live_legend_page(live), 0);
	assert_non_null(tui_live_message(live));
	assert_true(shows(stdscr, "MySQL"));
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);

	load(PLATFORM, &sc);
	live = tui_live_create(&sc, 1, 0);
	tui_live_in_talk(live);
	tui_live_advance(live, 3.0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 25, 96);
	assert_non_null(strstr(screen_row(24, 96), "a names"));
	tui_live_key(live, 'a');
	assert_int_equal(tui_live_legend_page(live), 1);
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
}

/*
 * The key line gives every key of the simulation, or says where the rest are: in the
 * talk at 80 columns (76 for the view) one row that ends "? more", the talk's help
 * listing them; at 100 (96) one row with all; `gossipsim FILE` at 80 and 100 columns
 * every key on two rows, ? help and q quit at the right.
 */
static void test_tui_live_key_line(void **state)
{
	static const char *const every[] = {
		"pause", "speed", "seek", "s step", "r restart", "Tab variant", "v compare",
		" log", "i whole log",
	};
	struct fixture *f = *state;
	struct tui_live *live = tui_live_create(&f->sc, 0, 0);
	char rows[2 * MAX_W + 2];
	size_t k;
	int w;

	tui_live_advance(live, 3.0);    /* no word from the view on the key line */
	for (w = 80; w <= 100; w += 20) {
		erase();
		tui_live_draw(live, stdscr, 0, 0, 24, w);
		snprintf(rows, sizeof rows, "%s|", screen_row(22, w));
		strcat(rows, screen_row(23, w));
		for (k = 0; k < sizeof every / sizeof every[0]; k++)
			if (!strstr(rows, every[k]))
				fail_msg("%d columns: the key line lacks '%s': %s", w, every[k],
				         rows);
		assert_non_null(strstr(rows, "q quit"));
	}
	tui_live_in_talk(live);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 19, 96);
	for (k = 0; k < sizeof every / sizeof every[0]; k++)
		assert_non_null(strstr(screen_row(18, 96), every[k]));
	erase();
	tui_live_draw(live, stdscr, 0, 0, 19, 76);
	assert_non_null(strstr(screen_row(18, 76), "? more"));
	assert_non_null(strstr(screen_row(18, 76), "v compare"));
	assert_null(strstr(screen_row(17, 76), "pause"));
	tui_live_destroy(live);
}

/* The character at y, x, ' ' for none. */
static wchar_t cell_at(int y, int x)
{
	cchar_t cc;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t attr;
	short pair;

	if (x < 0 || x >= MAX_W || mvin_wch(y, x, &cc) != OK)
		return L' ';
	getcchar(&cc, wc, &attr, &pair, NULL);
	return wc[0];
}

/* Whether the cells from y, x read text (a narrow string). */
static int reads_at(int y, int x, const char *text)
{
	for (; *text; text++, x++)
		if (cell_at(y, x) != (wchar_t)(unsigned char)*text)
			return 0;
	return 1;
}

/* Whether a meter labelled label starts at y, x: the label, spaces to column 10, a bar. */
static int meter_at(int y, int x, const char *label)
{
	static wchar_t field[16], bar[4];
	wchar_t want[16];

	swprintf(want, 16, L"%s", label);
	cells_text(y, x, 10, field);
	cells_text(y, x + 10, 1, bar);
	return x + 10 < MAX_W && wcscmp(field, want) == 0 && bar[0] != L'\0' &&
	       (x == 0 || mvinch(y, x - 1) == ' ' || (mvinch(y, x - 1) & A_CHARTEXT) == ' ');
}

/*
 * Whether a compact meter labelled brief starts at y, x: after a space, the label, spaces,
 * then its value ("94%", "5.7s", "12k", "(10s)" held, "-", "none") ending where a cell of
 * 10 or 11 columns ends, before a space. A figure in a box ("queue 498 ───", "pool
 * 1/500") is not one: its number ends elsewhere, or holds a '/'.
 */
static int cell_meter_at(int y, int x, const char *brief)
{
	int end, k, n = (int)strlen(brief);

	if ((x > 0 && cell_at(y, x - 1) != L' ') || !reads_at(y, x, brief) ||
	    cell_at(y, x + n) != L' ')
		return 0;
	for (end = x + 10; end <= x + 11; end++) {
		if (cell_at(y, end) != L' ' || cell_at(y, end - 1) == L' ')
			continue;
		for (k = end - 1; k > x + n && cell_at(y, k) != L' '; k--)
			if (!wcschr(L"0123456789.,%<-kMmsnoe()", cell_at(y, k)))
				break;
		if (k > x + n && cell_at(y, k) == L' ')
			return 1;
	}
	return 0;
}

static const char *const meter_labels[] = {
	"CPU", "RAM", "DB pool", "hit ratio", "p99", "errors", "queue", "p50",
};

/* The same meters compact, as short panes show them. */
static const char *const meter_briefs[] = {
	"CPU", "RAM", "pool", "hits", "p99", "err", "queue", "p50",
};

/* Meter k (of meter_labels) at y, x, with its bar or compact. */
static int any_meter_at(int y, int x, size_t k)
{
	return meter_at(y, x, meter_labels[k]) || cell_meter_at(y, x, meter_briefs[k]);
}

/*
 * The first row of the log's header from the top of an h row window, or h: the meters are
 * above it, and the log's text below ("app: CPU 91% · RAM 91%") is none of them.
 */
static int log_header_row(int h)
{
	wchar_t line[MAX_W + 1];
	int y;

	for (y = 0; y < h; y++) {
		cells_text(y, 0, MAX_W, line);
		if (wcsstr(line, L" incident log ("))
			return y;
	}
	return h;
}

/* The meters the window shows, each once: the labels found at the start of a meter. */
static int meters_shown(int h, int w)
{
	int n = 0, y, x, end = log_header_row(h);
	size_t k;

	for (k = 0; k < sizeof meter_labels / sizeof meter_labels[0]; k++) {
		int found = 0;

		for (y = 1; y + 1 < h && y < end && !found; y++)
			for (x = 0; x + 10 <= w && !found; x++)
				found = any_meter_at(y, x, k);
		n += found;
	}
	return n;
}

/*
 * The saga side by side at 100x30, 49 columns a half and six columns of boxes in each
 * (Kafka, unused in the pain, on top of its column, whose lines to posts and the
 * databases run below it): chips four wide in place of frames, so labels read whole
 * ("pay", "recs") or by short forms of their own words ("webA", "pos…", "Kaf…", "podb",
 * "p_db", "APgw"), the same on both sides; the key under each diagram or the a key's
 * legend gives each short form's label.
 */
static void test_tui_live_saga_labels(void **state)
{
	static const char *const want[][3] = {
		{ "payment_svc", "pay", "payments" }, { "post_svc", "pos~", "posts" },
		{ "page_a", "webA", "web A" }, { "page_b", "webB", "web B" },
		{ "page_c", "webC", "web C" },
		{ "recs", "recs", "recommendations" }, { "kafka", "Kaf~", "Kafka" },
		{ "payments_db", "p_db", "payments_db" }, { "posts_db", "podb", "posts_db" },
		{ "gateway", "APgw", "API gateway" },
	};
	static wchar_t text[MAX_W + 1], expect[MAX_W + 1];
	const struct tui_live_count *counts;
	const struct layout *lay;
	struct cfg_scenario sc;
	struct tui_live *live;
	int side, oy, ox, k, node;

	(void)state;
	load(SAGA, &sc);
	live = tui_live_create(&sc, 0, 0);
	tui_live_advance(live, 6.0);
	tui_live_key(live, 'v');
	resizeterm(30, 100);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 30, 100);
	for (side = 0; side < 2; side++) {
		lay = tui_live_diagram(live, side, &oy, &ox, &counts);
		assert_non_null(lay);
		for (k = 0; k < (int)(sizeof want / sizeof want[0]); k++) {
			const struct sim_config *cfg = &sc.variants[side].cfg;
			const struct layout_box *b;

			for (node = 0; strcmp(cfg->nodes[node].name, want[k][0]) != 0; node++)
				assert_true(node + 1 < cfg->n_nodes);
			b = layout_box_of(lay, node);
			assert_non_null(b);
			label_read(live, side, (int)(b - lay->boxes), text);
			swprintf(expect, MAX_W + 1, L"%s", want[k][1]);
			if (wcscmp(text, expect) != 0)
				fail_msg("side %d: %s reads '%ls', not '%s'", side, want[k][0],
				         text, want[k][1]);
		}
	}
	/* each short form's label under the diagram or on a page of the a key's legend */
	for (side = 0; side < 2; side++)
		assert_int_equal(legend_pages(live, side, SAGA, 100, 30), 0);
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
	resizeterm(40, MAX_W);
}

/* The label of the meter that starts at y, x, with its bar or compact, or NULL. */
static const char *meter_label_at(int y, int x)
{
	size_t k;

	for (k = 0; k < sizeof meter_labels / sizeof meter_labels[0]; k++)
		if (any_meter_at(y, x, k))
			return meter_labels[k];
	return NULL;
}

/*
 * What a pane at column x of w shows under its diagram, row by row from the top of an h
 * row window: the labels of the meters on each row, by their full names, "CPU,DB pool",
 * or "" for rows without one into rows[], and the names on the story line (the row above
 * the first meter) into story, as "a b c". Returns the meters found.
 */
static int pane_reads(int h, int x, int w, char rows[][128], char *story, size_t len)
{
	int y, c, n = 0, first = -1, end = log_header_row(h);
	wchar_t line[MAX_W + 1];

	for (y = 0; y < h; y++) {
		rows[y][0] = '\0';
		for (c = x; y < end && c + 10 <= x + w; c++) {
			const char *m = meter_label_at(y, c);

			if (!m)
				continue;
			snprintf(rows[y] + strlen(rows[y]), 128 - strlen(rows[y]), "%s%s",
			         rows[y][0] ? "," : "", m);
			if (n++ == 0)
				first = y;
		}
	}
	story[0] = '\0';
	if (first < 1)
		return n;
	cells_text(first - 1, x, w, line);
	/* "oom_kills 1 · timeouts 274": each name is the word before a value */
	for (wchar_t *save, *item = wcstok(line, L"\x00b7", &save); item;
	     item = wcstok(NULL, L"\x00b7", &save)) {
		char name[64];

		while (*item == L' ')
			item++;
		if (swscanf(item, L"%63s", name) == 1)
			snprintf(story + strlen(story), len - strlen(story), "%s%s",
			         story[0] ? " " : "", name);
	}
	return n;
}

/*
 * Rows between the log's header and the key line under it, in an h row window: the
 * lines the log has to show its entries (-1 when either is missing).
 */
static int log_rows(int h)
{
	wchar_t line[MAX_W + 1];
	int y, top = log_header_row(h);

	for (y = top + 1; y < h; y++) {
		cells_text(y, 0, MAX_W, line);
		if (wcsncmp(line, L"Space pause", 11) == 0 || wcsncmp(line, L"Spc pause", 9) == 0)
			return top < h ? y - top - 1 : -1;
	}
	return -1;
}

/* The meters a variant alone, or with another beside it, shows at 160x40. */
static int meters_at_large(const struct cfg_scenario *sc, int v, int other)
{
	struct tui_live *live = tui_live_create(sc, v, 0);
	int n;

	resizeterm(40, MAX_W);
	if (other >= 0)
		tui_live_compare(live, other);
	tui_live_advance(live, 6.0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 40, MAX_W);
	n = meters_shown(40, MAX_W);
	tui_live_destroy(live);
	return n;
}

/*
 * One variant, alone or beside other (-1: alone), drawn at w x h after a minute as the
 * talk draws it when talk is set: it shows every meter it shows at 160x40 (CPU, RAM,
 * pool, queue, hit ratio, p50, p99 and errors, those that apply) and keeps LOG_KEEP
 * rows for the log's lines under its header. Where at 80x24 the log kept only its
 * header and the meters but three.
 */
static void check_all_meters(const struct cfg_scenario *sc, const char *file, int v,
                             int other, int w, int h, int talk)
{
	int want = meters_at_large(sc, v, other), rows;
	struct tui_live *live = tui_live_create(sc, v, 0);

	if (talk)
		tui_live_in_talk(live);
	if (other >= 0)
		tui_live_compare(live, other);
	resizeterm(h, w);
	tui_live_advance(live, 6.0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, h, w);
	if (meters_shown(h, w) != want)
		fail_msg("%s, %s%s%s at %dx%d: %d meters, %d at 160x40", file,
		         sc->variants[v].name, other >= 0 ? " | " : "",
		         other >= 0 ? sc->variants[other].name : "", w, h, meters_shown(h, w),
		         want);
	if ((rows = log_rows(h)) < 3)
		fail_msg("%s, %s%s%s at %dx%d: %d rows for the log's lines", file,
		         sc->variants[v].name, other >= 0 ? " | " : "",
		         other >= 0 ? sc->variants[other].name : "", w, h, rows);
	tui_live_destroy(live);
}

/*
 * Every scenario's variants side by side, each with the next one, in the sizes the talk
 * gives a live slide at 80x24 (76 columns, 14 to 19 rows, by the lines of body and
 * answer above it) and the whole 80x24 of `gossipsim FILE`: each half shows every meter
 * that applies and the log at least three lines (check_all_meters()), both halves the
 * same meters on the same rows and the same story counters, and a meter one variant
 * lacks says so ("no cache", "none" where compact) in its row. Alone in the same sizes,
 * all meters and three lines of log too. Where the talk's 2026 finale showed no meter
 * and the Friday deploy one a side, and the 2009 cache compared p99 with a hit ratio.
 */
static void test_tui_live_meters_line_up(void **state)
{
	static const int sizes[][2] = {
		{ 80, 24 }, { 76, 19 }, { 76, 18 }, { 76, 17 }, { 76, 16 }, { 76, 14 },
	};
	static char left[40][128], right[40][128];
	char path[1024], ls[256], rs[256];
	struct dirent *d;
	DIR *dir = opendir(TEST_DATADIR "/scenarios");
	int pairs = 0, v, y;
	size_t i;

	(void)state;
	assert_non_null(dir);
	while ((d = readdir(dir)) != NULL) {
		size_t n = strlen(d->d_name);
		struct cfg_scenario sc;

		if (n < 5 || strcmp(d->d_name + n - 5, ".yaml") != 0)
			continue;
		snprintf(path, sizeof path, "%s/scenarios/%s", TEST_DATADIR, d->d_name);
		load(path, &sc);
		for (v = 0; v < sc.n_variants; v++)
			for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
				int w = sizes[i][0], h = sizes[i][1], lw = (w - 1) / 2, nl, nr;
				int other = (v + 1) % sc.n_variants;
				struct tui_live *live;

				check_all_meters(&sc, d->d_name, v, -1, w, h, w < 80);
				if (sc.n_variants < 2)
					continue;
				check_all_meters(&sc, d->d_name, v, other, w, h, w < 80);
				live = tui_live_create(&sc, v, 0);
				if (w < 80)
					tui_live_in_talk(live);
				tui_live_compare(live, other);
				resizeterm(h, w);
				tui_live_advance(live, 6.0);
				erase();
				tui_live_draw(live, stdscr, 0, 0, h, w);
				nl = pane_reads(h, 0, lw - 1, left, ls, sizeof ls);
				nr = pane_reads(h, lw + 2, w - lw - 2, right, rs, sizeof rs);
				if (nl != nr)
					fail_msg("%s, %s | %s at %dx%d: %d and %d meters",
					         d->d_name, sc.variants[v].name,
					         sc.variants[other].name, w, h, nl, nr);
				for (y = 0; y < h; y++)
					if (strcmp(left[y], right[y]) != 0)
						fail_msg("%s, %s | %s at %dx%d, row %d: '%s' "
						         "against '%s'", d->d_name,
						         sc.variants[v].name,
						         sc.variants[other].name, w, h, y,
						         left[y], right[y]);
				if (strcmp(ls, rs) != 0 || !ls[0])
					fail_msg("%s at %dx%d: the story reads '%s' against '%s'",
					         d->d_name, w, h, ls, rs);
				pairs++;
				tui_live_destroy(live);
			}
		cfg_scenario_fini(&sc);
	}
	closedir(dir);
	resizeterm(40, MAX_W);
	print_message("%d pairs side by side, each with every meter on the same rows\n", pairs);
	assert_true(pairs > 0);
}

/*
 * The meter a story is about comes first: RAM for the 2007 outage, whose first claim is
 * about the OOM killer; p99 when the slide names it; a name that is no meter's is
 * refused and changes nothing. A variant without a cache (2009's pain) keeps the hit
 * ratio's row beside the fix's, saying it has none.
 */
static void test_tui_live_lead_meter(void **state)
{
	static const char *const p99[] = { "p99" }, *const bad[] = { "p90" };
	static const char *const hits[] = { "hit_ratio", "p50" };
	static char rows[40][128];
	char story[256];
	struct cfg_scenario sc;
	struct tui_live *live;
	int y;

	(void)state;
	resizeterm(24, 80);
	load(SCENARIO, &sc);
	live = tui_live_create(&sc, 0, 0);
	tui_live_advance(live, 6.0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 24, 80);
	pane_reads(24, 0, 80, rows, story, sizeof story);
	for (y = 0; y < 24 && !rows[y][0]; y++)
		;
	assert_true(y < 24);
	assert_true(strncmp(rows[y], "RAM", 3) == 0);
	assert_int_equal(tui_live_lead(live, p99, 1), 0);
	assert_int_equal(tui_live_lead(live, bad, 1), -1);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 24, 80);
	pane_reads(24, 0, 80, rows, story, sizeof story);
	assert_true(strncmp(rows[y], "p99", 3) == 0);
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);

	load(CACHE, &sc);
	live = tui_live_create(&sc, 0, 0);
	tui_live_compare(live, 2);
	assert_int_equal(tui_live_lead(live, hits, 2), 0);
	tui_live_advance(live, 6.0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 24, 80);
	pane_reads(24, 41, 39, rows, story, sizeof story);
	for (y = 0; y < 24 && !rows[y][0]; y++)
		;
	assert_true(y + 1 < 24);
	/* compact in half of 80 columns: the two side by side on the first row */
	assert_true(strncmp(rows[y], "hit ratio,p50,", 14) == 0);
	assert_true(shows(stdscr, "hits   none"));
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
	resizeterm(40, MAX_W);
}

/*
 * A deck's diagram slide: the 2004 era paused after a minute, its topology alone. Each
 * arrow's count is what the engine reports for that edge after the same minute, and
 * nothing of the rest of the view (status, meters, log) is drawn.
 */
static void test_tui_live_topology_only(void **state)
{
	static struct sim_snapshot snap;
	struct cfg_scenario sc;
	struct tui_live *live;
	struct sim *sim;
	char err[256], num[32];
	int i;

	(void)state;
	load(MONOLITH, &sc);
	live = tui_live_create(&sc, 0, 0);
	tui_live_goto(live, 60 * SIM_SEC);
	assert_int_equal(tui_live_now(live), 60 * SIM_SEC);
	assert_true(tui_live_paused(live));
	tui_live_advance(live, 5.0);
	assert_int_equal(tui_live_now(live), 60 * SIM_SEC);

	fill(stdscr);
	tui_live_draw_topology(live, stdscr, 4, 6, 12, 120);
	assert_int_equal(touched_outside(stdscr, 4, 6, 12, 120), 0);
	assert_true(shows(stdscr, "nginx"));
	assert_true(shows(stdscr, "PHP app"));
	assert_true(shows(stdscr, "MySQL"));
	assert_false(shows(stdscr, "incident log"));
	assert_false(shows(stdscr, "1:00/"));

	sim = sim_create(&sc.variants[0].cfg, sc.seed, err, sizeof err);
	assert_non_null(sim);
	sim_run_until(sim, 60 * SIM_SEC);
	sim_snapshot(sim, &snap);
	assert_int_equal(snap.n_edges, 3);
	for (i = 0; i < snap.n_edges; i++) {
		/* under a thousand, so drawn in full; a hundred or more, so not by chance */
		assert_in_range(snap.edges[i].requests, 100, 999);
		snprintf(num, sizeof num, "%llu", (unsigned long long)snap.edges[i].requests);
		if (!shows(stdscr, num))
			fail_msg("the arrow %d -> %d carried %s requests; not drawn",
			         snap.edges[i].from, snap.edges[i].to, num);
	}
	sim_destroy(sim);
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
}

/* The node called name in cfg; fails the test when there is none. */
static int node_named(const struct sim_config *cfg, const char *name)
{
	int i;

	for (i = 0; i < cfg->n_nodes; i++)
		if (strcmp(cfg->nodes[i].name, name) == 0)
			return i;
	fail_msg("no node %s", name);
	return -1;
}

/*
 * The requests the engine counted into Kafka from posts and payments of both regions: the
 * count by the head their net shares, as the twins' box draws it.
 */
static uint64_t into_kafka(const struct sim_config *cfg, const struct sim_snapshot *snap)
{
	static const char *const from[] = { "posts_us", "posts_eu", "pay_us", "pay_eu" };
	int kafka = node_named(cfg, "kafka"), i, k;
	uint64_t n = 0;

	for (k = 0; k < 4; k++)
		for (i = 0; i < snap->n_edges; i++)
			if (snap->edges[i].from == node_named(cfg, from[k]) &&
			    snap->edges[i].to == kafka)
				n += snap->edges[i].requests;
	return n;
}

/*
 * Side's pane shows a diagram of the platform, not the list: region twins as one box (the
 * gateways of us and eu in one box of two), lines the layout does not call tangled, a
 * label in every box, every count the engine's summed over twins (check_counts()), the
 * count into Kafka among them, whole on screen.
 */
static void platform_drawn(struct tui_live *live, int side, const struct sim_config *cfg,
                           const struct sim_snapshot *snap, const char *what, int w, int h)
{
	static wchar_t text[MAX_W + 1];
	const struct tui_live_count *counts;
	const struct layout *lay = tui_live_diagram(live, side, &(int){ 0 }, &(int){ 0 },
	                                            &counts);
	const struct layout_box *gw;
	int i, kafka, shown = 0;

	if (!lay)
		fail_msg("%s at %dx%d, side %d: no diagram", what, w, h, side);
	assert_true(lay->mode & LAYOUT_TWINS);
	assert_false(layout_tangled(lay));
	gw = layout_box_of(lay, node_named(cfg, "gw_us"));
	assert_ptr_equal(gw, layout_box_of(lay, node_named(cfg, "gw_eu")));
	assert_int_equal(gw->n_members, 2);
	for (i = 0; i < lay->n_boxes; i++) {
		label_read(live, side, i, text);
		if (!text[0])
			fail_msg("%s at %dx%d: %s shows no label", what, w, h,
			         lay->boxes[i].label);
	}
	assert_int_equal(check_counts(live, side, snap, what, w, h), 0);
	marks_alike(live, side, what, w, h);
	kafka = (int)(layout_box_of(lay, node_named(cfg, "kafka")) - lay->boxes);
	for (i = 0; i < lay->n_edges; i++) {
		if (lay->edges[i].to != kafka || counts[i].y < 0)
			continue;
		cells_text(counts[i].y, counts[i].x, (int)strlen(counts[i].text), text);
		if (!reads_as(text, into_kafka(cfg, snap)))
			fail_msg("%s at %dx%d: '%ls' into Kafka, not %llu", what, w, h, text,
			         (unsigned long long)into_kafka(cfg, snap));
		shown++;
	}
	assert_true(shown > 0);
}

/*
 * The twins' marks in the rows of side's diagram name each region alike in every box
 * ("us✓ eu✓" beside "us✓ eu✓ as✓", or "u✓ e✓" beside "u✓ e✓ a✓", never
 * "us" in one box and "u" in another), with a sign that is no line of the drawing ("+"
 * was every corner under LANG=C). Returns the marks read.
 */
static int marks_alike(const struct tui_live *live, int side, const char *what, int w, int h)
{
	static wchar_t row[MAX_W + 1];
	const struct tui_live_count *counts;
	int oy, ox, y, x, n = 0;
	wchar_t seen[26][8] = { { 0 } };
	const struct layout *lay = tui_live_diagram(live, side, &oy, &ox, &counts);

	for (y = oy; lay && y < oy + lay->h; y++) {
		cells_text(y, ox, MIN(lay->w, COLS - ox), row);
		for (x = 0; row[x]; x++) {
			wchar_t region[8];
			int s = x, k;

			if (row[x] != L'^' && row[x] != L'!' && row[x] != L'\x2713' &&
			    row[x] != L'\x2717')
				continue;
			while (s > 0 && iswalpha((wint_t)row[s - 1]) && x - s < 7)
				s--;
			if (s == x)
				fail_msg("%s at %dx%d: a sign without its region", what, w, h);
			swprintf(region, 8, L"%.*ls", x - s, row + s);
			k = towlower((wint_t)region[0]) - L'a';
			if (k < 0 || k >= 26)
				continue;
			if (seen[k][0] && wcscmp(seen[k], region) != 0)
				fail_msg("%s at %dx%d: a region reads '%ls' in one box, '%ls' in "
				         "another", what, w, h, seen[k], region);
			wcscpy(seen[k], region);
			n++;
		}
		if (wcsstr(row, L"u+") || wcsstr(row, L"s+ "))
			fail_msg("%s at %dx%d: a mark reads '+', a corner of the drawing", what,
			         w, h);
	}
	memcpy(mark_regions, seen, sizeof seen);
	return n;
}

static const int platform_sizes[][2] = { { 80, 24 }, { 100, 30 }, { 200, 60 } };

/*
 * Variant v alone and beside variant next at each size: diagrams (platform_drawn()), but
 * side by side at 80x24, halves of 39 columns whose diagram would leave most counts
 * without a place, where the list of calls stands in and says so.
 */
static void platform_panes(const struct cfg_scenario *sc, int v, const char *what)
{
	static struct sim_snapshot snap[2];
	const struct tui_live_call *calls = NULL;
	struct tui_live *live = tui_live_create(sc, v, 0);
	int next = (v + 1) % sc->n_variants, pair, w, h;
	size_t i;

	tui_live_advance(live, 2.0);
	edges_at(sc, v, tui_live_now(live), &snap[0]);
	edges_at(sc, next, tui_live_now(live), &snap[1]);
	for (pair = 0; pair < 2; pair++) {
		if (pair)
			assert_int_equal(tui_live_compare(live, next), 0);
		for (i = 0; i < sizeof platform_sizes / sizeof platform_sizes[0]; i++) {
			w = platform_sizes[i][0];
			h = platform_sizes[i][1];
			erase();
			tui_live_draw(live, stdscr, 0, 0, h, w);
			if (pair && i == 0) {
				assert_true(shows(stdscr, "no room for the diagram"));
				assert_non_null(tui_live_calls(live, 1, &(int){ 0 }, &(int){ 0 },
				                               &calls, &(int){ 0 }));
				continue;
			}
			platform_drawn(live, 0, &sc->variants[v].cfg, &snap[0], what, w, h);
			if (pair)
				platform_drawn(live, 1, &sc->variants[next].cfg, &snap[1], what, w,
				               h);
		}
	}
	tui_live_destroy(live);
}

/*
 * The platform's fix half an hour in, the us region lost: counts in the hundreds of
 * thousands still fit the slots before their heads (".6M" in three cells), and the
 * gateways' box marks the region down.
 */
static void platform_late(void)
{
	static struct sim_snapshot snap;
	struct cfg_scenario sc;
	struct tui_live *live;
	size_t i;

	load(PLATFORM, &sc);
	assert_string_equal(sc.variants[1].name, "fix");
	live = tui_live_create(&sc, 1, 0);
	tui_live_advance(live, 185.0);
	edges_at(&sc, 1, tui_live_now(live), &snap);
	for (i = 0; i < sizeof platform_sizes / sizeof platform_sizes[0]; i++) {
		erase();
		tui_live_draw(live, stdscr, 0, 0, platform_sizes[i][1], platform_sizes[i][0]);
		platform_drawn(live, 0, &sc.variants[1].cfg, &snap, PLATFORM,
		               platform_sizes[i][0], platform_sizes[i][1]);
		/*
		 * the us twins' marks, in ASCII: "us! eu^", or cut "u! e^"; never "+", which
		 * is every corner of the drawing
		 */
		assert_true(shows(stdscr, "us! eu^") || shows(stdscr, "u! e^"));
		assert_false(shows(stdscr, "us+") || shows(stdscr, "u+ ") || shows(stdscr, "eu+"));
	}
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
}

/*
 * The talk's climax, the 2026 platform and 2017's cap (the same era), every variant alone
 * at 80x24, 100x30 and 200x60 and beside the next at each size: a diagram, each region's
 * twins one box (platform_drawn()); but their many counts find no place beside their
 * diagrams side by side at 80x24, where the list of calls says it stands in for them.
 * Then the era as the deck's diagram slide draws it at each size: a diagram too.
 */
static void test_tui_live_platform_diagram(void **state)
{
	static const int slide[][2] = { { 76, 10 }, { 96, 16 }, { 196, 45 } };
	static struct sim_snapshot snap;
	struct cfg_scenario sc;
	size_t i;
	int v;

	(void)state;
	resizeterm(MAX_H, MAX_W);
	load(PLATFORM, &sc);
	for (v = 0; v < sc.n_variants; v++)
		platform_panes(&sc, v, PLATFORM);
	cfg_scenario_fini(&sc);
	load(CAP, &sc);
	for (v = 0; v < sc.n_variants; v++)
		platform_panes(&sc, v, CAP);
	cfg_scenario_fini(&sc);
	platform_late();

	load(PLATFORM_ERA, &sc);
	for (i = 0; i < sizeof slide / sizeof slide[0]; i++) {
		struct tui_live *live = tui_live_create(&sc, 0, 0);

		tui_live_goto(live, 60 * SIM_SEC);
		edges_at(&sc, 0, tui_live_now(live), &snap);
		erase();
		tui_live_draw_topology(live, stdscr, 2, 2, slide[i][1], slide[i][0]);
		platform_drawn(live, 0, &sc.variants[0].cfg, &snap, PLATFORM_ERA, slide[i][0],
		               slide[i][1]);
		tui_live_destroy(live);
	}
	cfg_scenario_fini(&sc);
	resizeterm(40, MAX_W);
}

/*
 * The talk's live slide of the 2026 platform at 80x24, whose view has 76x17 under the
 * slide's two lines of body: a diagram of region twins (platform_drawn()), every box as
 * tall as its own ports (posts, with a port for its calls to Redis and recs beside the
 * one to Kafka and the databases, and the databases, with one for auth, two rows each;
 * every other box one), with every meter that applies and three lines of log under its
 * header, where it once listed the calls for want of the two rows every box took. Side
 * by side in those rows, and the cap's comparison in its 76x16 (halves of 37 columns),
 * list the calls; the cap's list starts with its databases' replicas, the link its
 * partition cuts.
 */
static void test_tui_live_platform_at_80x24(void **state)
{
	static struct sim_snapshot snap;
	const struct sim_config *cfg;
	const struct layout *lay;
	const struct tui_live_count *counts;
	struct cfg_scenario sc;
	struct tui_live *live;
	char row[MAX_W + 1];
	int want, b, oy, ox;

	(void)state;
	load(PLATFORM, &sc);
	cfg = &sc.variants[0].cfg;
	want = meters_at_large(&sc, 0, -1);
	live = tui_live_create(&sc, 0, 0);
	tui_live_in_talk(live);
	tui_live_advance(live, 2.0);
	edges_at(&sc, 0, tui_live_now(live), &snap);
	resizeterm(17, 76);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 17, 76);
	platform_drawn(live, 0, cfg, &snap, PLATFORM, 76, 17);
	lay = tui_live_diagram(live, 0, &oy, &ox, &counts);
	for (b = 1; b < lay->n_boxes; b++) {
		const char *name = cfg->nodes[lay->boxes[b].node].name;
		int two = strcmp(name, "posts_us") == 0 || strcmp(name, "db_us") == 0;

		if (lay->boxes[b].h != (two ? 2 : 1))
			fail_msg("%s is %d rows tall, not %d", lay->boxes[b].label,
			         lay->boxes[b].h, two ? 2 : 1);
	}
	assert_int_equal(meters_shown(17, 76), want);
	assert_true(log_rows(17) >= 3);

	assert_int_equal(tui_live_compare(live, 1), 0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 17, 76);
	assert_true(shows(stdscr, "no room for the diagram"));
	assert_non_null(tui_live_calls(live, 0, &oy, &ox, &(const struct tui_live_call *){ 0 },
	                               &(int){ 0 }));
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);

	load(CAP, &sc);
	live = tui_live_create(&sc, 0, 0);
	tui_live_in_talk(live);
	assert_int_equal(tui_live_compare(live, 1), 0);
	tui_live_advance(live, 2.0);
	resizeterm(16, 76);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 16, 76);
	for (b = 0; b < 2; b++) {
		assert_non_null(tui_live_calls(live, b, &oy, &ox,
		                               &(const struct tui_live_call *){ 0 }, &(int){ 0 }));
		row_text(stdscr, oy, 76, row);
		row[b ? 76 : 37] = '\0';
		if (!strstr(row + (b ? 39 : 0), "<->") || !strstr(row + (b ? 39 : 0), "(eu)"))
			fail_msg("side %d: the list starts '%s', not with the replicas", b,
			         row + (b ? 39 : 0));
	}
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
	resizeterm(40, MAX_W);
}

/* Whether an earlier edge than i ends in i's arrowhead (their count is one). */
static int same_head_before(const struct layout *lay, int i)
{
	const struct layout_point *p = head_of(lay, i), *q;
	int j;

	for (j = 0; j < i; j++)
		if ((q = head_of(lay, j)) && q->x == p->x && q->y == p->y)
			return 1;
	return 0;
}

/*
 * The count of edge i on screen, that of every arrow into its head, read against the
 * engine's (twins summed); fails when it is not on screen or reads otherwise.
 */
static void count_on_screen(const struct layout *lay, const struct tui_live_count *counts,
                            const struct sim_snapshot *snap, int i, const char *what)
{
	static wchar_t text[MAX_W + 1];
	int src, any;
	uint64_t v = head_count(lay, snap, i, &src, &any);

	if (counts[i].y < 0)
		fail_msg("%s: no count into %s (%s)", what, lay->boxes[lay->edges[i].to].label,
		         counts[i].why ? counts[i].why : "?");
	cells_text(counts[i].y, counts[i].x, (int)strlen(counts[i].text), text);
	if (!reads_as(text, v))
		fail_msg("%s: '%ls' into %s, not %llu", what, text,
		         lay->boxes[lay->edges[i].to].label, (unsigned long long)v);
}

/*
 * A comparison drawn in the rectangle the talk gives it, w x h, after two seconds of
 * play; the engine's edges of both variants then in snap[].
 */
static struct tui_live *talk_pair(const struct cfg_scenario *sc, int w, int h,
                                  struct sim_snapshot *snap)
{
	struct tui_live *live = tui_live_create(sc, 0, 0);

	tui_live_in_talk(live);
	assert_int_equal(tui_live_compare(live, 1), 0);
	tui_live_advance(live, 2.0);
	edges_at(sc, 0, tui_live_now(live), &snap[0]);
	edges_at(sc, 1, tui_live_now(live), &snap[1]);
	erase();
	tui_live_draw(live, stdscr, 0, 0, h, w);
	return live;
}

/*
 * Every count of side's diagram that the engine counted is on screen and its own, but
 * those out of the clients, which the key gives last (their box says the same).
 */
static void all_counted_past_clients(const struct tui_live *live, int side,
                                     const struct sim_snapshot *snap, const char *what)
{
	const struct tui_live_count *counts;
	const struct layout *lay;
	int i, src, any, checked = 0;

	lay = tui_live_diagram(live, side, &(int){ 0 }, &(int){ 0 }, &counts);
	if (!lay)
		fail_msg("%s, side %d: no diagram", what, side);
	for (i = 0; i < lay->n_edges; i++) {
		head_count(lay, snap, i, &src, &any);
		if (head_of(lay, i) && any && lay->edges[i].from != 0) {
			count_on_screen(lay, counts, snap, i, what);
			checked++;
		}
	}
	assert_true(checked > 5);
}

/*
 * A line that leaves a box and turns in the first cell past it still joins the box there:
 * that cell has an arm towards the box ("APgw┤", "APgw┼▶webB"), never a plain bus
 * ("APgw│", "APgw├▶webB"; in ASCII "APgw|") that reads as a line running past. The
 * breaker's and the saga's comparisons side by side at 96 columns (the talk's at 100x30,
 * halves of 47) and 15 to 22 rows, where the gateway's chip stands right against its
 * fan-out (at 20 rows its label's row on the bus), and the platform's.
 */
/* The lines of side's diagram that turn right past their box; fails on one not joined. */
static int lines_joined(const struct tui_live *live, int side, const char *what, int h)
{
	static const wchar_t joins[] = L"─┤┼┬┴┐┘-+";       /* the tests draw in ASCII */
	const struct tui_live_count *counts;
	const struct layout *lay;
	int oy, ox, i, turns = 0;

	lay = tui_live_diagram(live, side, &oy, &ox, &counts);
	for (i = 0; lay && i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];
		const struct layout_box *b = &lay->boxes[e->from];
		wchar_t c;

		if (e->lateral || e->n_points < 2 || e->points[0].x != b->x + b->w)
			continue;
		c = cell_at(oy + e->points[0].y, ox + e->points[0].x);
		turns += e->points[1].x == e->points[0].x;
		if (!wcschr(joins, c))
			fail_msg("%s at 96x%d, side %d: the line out of %s starts with '%lc'", what,
			         h, side, b->label, (wint_t)c);
	}
	return turns;
}

static void test_tui_live_lines_leave_their_boxes(void **state)
{
	static const char *const files[] = {
		TEST_DATADIR "/scenarios/2017_breaker.yaml", SAGA, PLATFORM,
	};
	static struct sim_snapshot snap[2];
	struct cfg_scenario sc;
	struct tui_live *live;
	int h, turns = 0;
	size_t f;

	(void)state;
	resizeterm(MAX_H, MAX_W);
	for (f = 0; f < sizeof files / sizeof files[0]; f++) {
		load(files[f], &sc);
		for (h = 15; h <= 22; h++) {
			live = talk_pair(&sc, 96, h, snap);
			turns += lines_joined(live, 0, files[f], h);
			turns += lines_joined(live, 1, files[f], h);
			tui_live_destroy(live);
		}
		cfg_scenario_fini(&sc);
	}
	assert_true(turns > 0);
}

/*
 * In the talk at 100x30 side by side, halves of 47 columns: the 2026 platform's
 * comparison (slide 40 with v, 96x22 under its two lines of body) keeps its diagrams with
 * every count on screen but the clients', by its arrowhead or in the key, and the
 * engine's, twins summed: diagrams as short as boxes as tall as their ports make them
 * leave the keys the rows (the keys once gave them to the clients' counts, and those into
 * Kafka and its consumers were only on the a key's page). It and the cap's (slide 38,
 * 96x21) have no row left for their short names and say "a: more", whose page names them.
 * With a row less (the platform at 96x21), the key gives the deepest counts, those into
 * Kafka and each of its consumers, says "a: more", and the a key's page gives each count
 * left out after its arrow, none left out anywhere else.
 */
static void test_tui_live_counts_left_out(void **state)
{
	static const char *const deep[] = {
		"kafka", "feed_worker", "notify_worker", "email_worker",
	};
	static struct sim_snapshot snap[2];
	const struct tui_live_count *counts;
	const struct layout *lay;
	struct cfg_scenario sc;
	struct tui_live *live;
	int side, oy, ox, i, left, items, shown;
	size_t c;

	(void)state;
	resizeterm(MAX_H, MAX_W);
	/* the cap's key has rows for its counts but not for its short names ("osto"): it
	   says first where they are, and gives a count its row; the a key's page names them */
	load(CAP, &sc);
	live = talk_pair(&sc, 96, 21, snap);
	assert_true(shows(stdscr, "a: more"));
	assert_false(shows(stdscr, "=object storage"));
	assert_true(tui_live_key(live, 'a'));
	erase();
	tui_live_draw(live, stdscr, 0, 0, 21, 96);
	assert_true(shows(stdscr, "=object storage"));
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);

	load(PLATFORM, &sc);
	/* the platform's short names have no row either: "a: more" takes the place of the
	   clients' count, whose box says the same */
	live = talk_pair(&sc, 96, 22, snap);
	assert_true(shows(stdscr, "a: more"));
	for (side = 0; side < 2; side++)
		all_counted_past_clients(live, side, &snap[side], PLATFORM);
	tui_live_destroy(live);

	live = talk_pair(&sc, 96, 21, snap);
	assert_true(shows(stdscr, "a: more"));
	for (side = 0, left = 0, items = 0, shown = 0; side < 2; side++) {
		const struct sim_config *cfg = &sc.variants[side].cfg;

		lay = tui_live_diagram(live, side, &oy, &ox, &counts);
		assert_non_null(lay);
		for (c = 0; c < sizeof deep / sizeof deep[0]; c++) {
			const struct layout_box *b = layout_box_of(lay, node_named(cfg, deep[c]));

			for (i = 0; i < lay->n_edges; i++)
				if (&lay->boxes[lay->edges[i].to] == b && head_of(lay, i)) {
					count_on_screen(lay, counts, &snap[side], i, deep[c]);
					shown++;
				}
		}
		for (i = 0; i < lay->n_edges; i++)
			left += counts[i].y < 0 && counts[i].why && head_of(lay, i) &&
			        strstr(counts[i].why, "no room") != NULL &&
			        !same_head_before(lay, i);
		items -= check_key(live, side, lay, oy, ox, &snap[side], PLATFORM, 21);
	}
	assert_true(shown >= 8);
	assert_true(left > 0);
	assert_true(tui_live_key(live, 'a'));
	erase();
	tui_live_draw(live, stdscr, 0, 0, 21, 96);
	assert_true(shows(stdscr, "counts left out"));
	for (side = 0; side < 2; side++) {
		lay = tui_live_diagram(live, side, &oy, &ox, &counts);
		assert_non_null(lay);
		items += check_key(live, side, lay, oy, ox, &snap[side], PLATFORM, 21);
	}
	/* the page adds each count left out, one a head */
	assert_int_equal(items, left);
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
	resizeterm(40, MAX_W);
}

/*
 * Every arrowhead inside side's diagram touches what it points at: the cell right of it
 * is no blank ("└───▶     " pointed at nothing where a box's port row held no mark) but
 * a chip's bar ("─▶ gw ").
 */
static void heads_touch(const struct tui_live *live, int side, const char *what)
{
	const struct tui_live_count *counts;
	const struct layout *lay;
	int oy, ox, y, x;

	lay = tui_live_diagram(live, side, &oy, &ox, &counts);
	if (!lay)
		fail_msg("%s, side %d: no diagram", what, side);
	for (y = oy; y < oy + lay->h; y++)
		for (x = ox; x + 1 < ox + lay->w; x++)
			if (is_head(cell_at(y, x)) && cell_at(y, x + 1) == L' ' &&
			    !(mvinch(y, x + 1) & A_REVERSE))
				fail_msg("%s, side %d: the arrowhead at row %d, column %d points "
				         "at a blank", what, side, y, x);
}

/*
 * Slide 38 at 100x30, the cap side by side in 96x21: the database of three region twins
 * is a chip four columns wide with a port on its second row, where its marks, one letter
 * a region, do not fit: its bar goes on down that row, so the arrow into the port ends at
 * the box.
 */
static void test_tui_live_cap_heads_touch(void **state)
{
	static struct sim_snapshot snap[2];
	struct cfg_scenario sc;
	struct tui_live *live;

	(void)state;
	resizeterm(MAX_H, MAX_W);
	load(CAP, &sc);
	live = talk_pair(&sc, 96, 21, snap);
	heads_touch(live, 0, CAP);
	heads_touch(live, 1, CAP);
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
	resizeterm(40, MAX_W);
}

/*
 * Every count by an arrowhead of side's diagram has a cell of its line before it, so that
 * it reads apart from the box its arrow comes out of ("lb357k▶" read as one word): the
 * cell left of its first character is a line's ('-', '+' in ASCII), in no box.
 */
static void counts_apart(const struct tui_live *live, int side, const char *what, int w,
                         int h)
{
	const struct tui_live_count *counts;
	const struct layout *lay;
	int oy, ox, i, b;

	lay = tui_live_diagram(live, side, &oy, &ox, &counts);
	if (!lay)
		fail_msg("%s at %dx%d, side %d: no diagram", what, w, h, side);
	for (i = 0; i < lay->n_edges; i++) {
		int y = counts[i].y, x = counts[i].x - 1;
		wchar_t c = cell_at(y, x);

		if (y < oy || y >= oy + lay->h)         /* none, or in the key */
			continue;
		for (b = 0; b < lay->n_boxes; b++) {
			const struct layout_box *box = &lay->boxes[b];

			if (x - ox >= box->x && x - ox < box->x + box->w && y - oy >= box->y &&
			    y - oy < box->y + box->h)
				fail_msg("%s at %dx%d, side %d: the count '%s' into %s touches %s",
				         what, w, h, side, counts[i].text,
				         lay->boxes[lay->edges[i].to].label, box->label);
		}
		if (c != L'-' && c != L'+' && c != L'\x2500' && (c < L'\x250c' || c > L'\x253c'))
			fail_msg("%s at %dx%d, side %d: the count '%s' into %s has no line before "
			         "it", what, w, h, side, counts[i].text,
			         lay->boxes[lay->edges[i].to].label);
	}
}

/*
 * The diagrams where a count was written against the box its arrow leaves: slide 40 at
 * 100x30, the platform's pain alone in 96x22 ("global lb362k▶ API gw"), and slide 31's
 * era at 80x24 and 100x30 as its diagram slide draws it ("clients320▶API gw"); and the
 * platform and the cap side by side as the talk draws them at 100x30. Each count by a
 * head has a line's cell before it, or goes to the key.
 */
static void test_tui_live_counts_apart(void **state)
{
	static const struct {
		const char *path;
		int pair, w, h;
	} views[] = {
		{ PLATFORM, 0, 96, 22 }, { PLATFORM, 1, 96, 22 }, { CAP, 1, 96, 21 },
		{ TEST_DATADIR "/eras/2017_distributed.yaml", 0, 76, 13 },
		{ TEST_DATADIR "/eras/2017_distributed.yaml", 0, 96, 19 },
	};
	static struct sim_snapshot snap[2];
	size_t i;

	(void)state;
	resizeterm(MAX_H, MAX_W);
	for (i = 0; i < sizeof views / sizeof views[0]; i++) {
		struct cfg_scenario sc;
		struct tui_live *live;
		int w = views[i].w, h = views[i].h;

		load(views[i].path, &sc);
		if (views[i].pair) {
			live = talk_pair(&sc, w, h, snap);
			counts_apart(live, 1, views[i].path, w, h);
		} else if (strstr(views[i].path, "/eras/")) {
			live = tui_live_create(&sc, 0, 0);
			tui_live_goto(live, 60 * SIM_SEC);
			erase();
			tui_live_draw_topology(live, stdscr, 0, 0, h, w);
		} else {
			live = tui_live_create(&sc, 0, 0);
			tui_live_in_talk(live);
			tui_live_advance(live, 120.0);
			erase();
			tui_live_draw(live, stdscr, 0, 0, h, w);
		}
		counts_apart(live, 0, views[i].path, w, h);
		tui_live_destroy(live);
		cfg_scenario_fini(&sc);
	}
	resizeterm(40, MAX_W);
}

/*
 * Whether edge e runs through cell x, y: 2 when it goes on to x + 1 from there, else 1;
 * *from_left set when it comes from x - 1.
 */
static int edge_through(const struct layout_edge *e, int x, int y, int *from_left)
{
	int k, on = 0;

	for (k = 0; k + 1 < e->n_points; k++) {
		struct layout_point a = e->points[k], b = e->points[k + 1];

		if (a.y == b.y && y == a.y && x >= MIN(a.x, b.x) && x <= MAX(a.x, b.x)) {
			on = MAX(on, x < MAX(a.x, b.x) ? 2 : 1);
			*from_left |= x > MIN(a.x, b.x);
		} else if (a.x == b.x && x == a.x && y >= MIN(a.y, b.y) && y <= MAX(a.y, b.y)) {
			on = MAX(on, 1);
		}
	}
	return on;
}

/* Whether box b of lay has an edge to box t. */
static int box_calls(const struct layout *lay, int b, int t)
{
	int i;

	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].from == b && lay->edges[i].to == t)
			return 1;
	return 0;
}

/*
 * The lines of lay that start right of box b on row y, past blank cells, in the gap
 * before the next column: in the first cell a line takes there, where none comes from
 * the left, a line that goes on right and is not b's nor leads where b leads ("│ Kafka │
 * └──" reads as Kafka's arrow). Returns how many such lines.
 */
static int starts_beside(const struct layout *lay, int b, int y)
{
	const struct layout_box *box = &lay->boxes[b];
	int x, i, k, found = 0, next = lay->w;

	/* in the gap right of its column: further on, a line starts by the next one */
	for (k = 0; k < lay->n_boxes; k++)
		if (lay->boxes[k].layer == box->layer + 1)
			next = MIN(next, lay->boxes[k].x);
	for (x = box->x + box->w; x < next; x++) {
		int left = 0, any = 0;

		for (k = 0; k < lay->n_boxes; k++)
			if (x >= lay->boxes[k].x && x < lay->boxes[k].x + lay->boxes[k].w &&
			    y >= lay->boxes[k].y && y < lay->boxes[k].y + lay->boxes[k].h)
				return 0;
		for (i = 0; i < lay->n_edges; i++)
			any |= edge_through(&lay->edges[i], x, y, &left);
		if (!any)
			continue;
		if (left)
			return 0;
		for (i = 0; i < lay->n_edges; i++)
			found += edge_through(&lay->edges[i], x, y, &left) == 2 &&
			         lay->edges[i].from != b && !box_calls(lay, b, lay->edges[i].to);
		break;
	}
	return found;
}

/*
 * Side's pane shows a diagram, not the list, whose lines keep clear of the boxes they do
 * not belong to (lay->touching, which test_layout checks against the drawn picture), and
 * where none starts right of a box, level with the row its arrows leave it on, that it
 * does not belong to (starts_beside(), read here from the lines' cells).
 */
static void drawn_clear(const struct tui_live *live, int side, const char *what, int w, int h)
{
	const struct tui_live_count *counts;
	const struct layout *lay = tui_live_diagram(live, side, &(int){ 0 }, &(int){ 0 },
	                                            &counts);
	int b;

	if (!lay)
		fail_msg("%s at %dx%d, side %d: no diagram", what, w, h, side);
	if (lay->touching || layout_tangled(lay))
		fail_msg("%s at %dx%d, side %d: a line beside a box it does not belong to", what,
		         w, h, side);
	for (b = 0; b < lay->n_boxes; b++)
		if (starts_beside(lay, b, lay->boxes[b].y + (lay->boxes[b].h - 1) / 2))
			fail_msg("%s at %dx%d, side %d: a line starts beside %s, level with its "
			         "arrows' row", what, w, h, side, lay->boxes[b].label);
}

/*
 * The slides whose lines once ran beside boxes they do not belong to, in the rectangles
 * the talk gives them at 80x24 and 100x30: the eras of slides 21, 23 and 31 as diagram
 * slides draw them ("│ feeds │ │", "│ Kafka │ └──▶pay_db", and on slide 31 the line of
 * payments to its database that started two cells right of Kafka's middle row), the
 * 2011 post and the saga side by side as slides 24 and 34 do ("fe…┌▶db", "Ka…└──157▶pdb"):
 * each a diagram whose lines keep two cells clear of a box's right side and one of its
 * left, and where no line starts right of a box on the row its arrows leave it on.
 */
static void test_tui_live_lines_clear(void **state)
{
	static const struct {
		const char *path;
		int side_by_side, w, h;
	} views[] = {
		{ TEST_DATADIR "/eras/2011_sync.yaml", 0, 76, 16 },
		{ TEST_DATADIR "/eras/2011_sync.yaml", 0, 96, 22 },
		{ TEST_DATADIR "/eras/2011_async.yaml", 0, 76, 12 },
		{ TEST_DATADIR "/eras/2011_async.yaml", 0, 96, 18 },
		{ TEST_DATADIR "/eras/2017_distributed.yaml", 0, 76, 13 },
		{ TEST_DATADIR "/eras/2017_distributed.yaml", 0, 96, 19 },
		{ POST, 1, 76, 16 }, { POST, 1, 96, 21 },
		{ SAGA, 1, 76, 16 }, { SAGA, 1, 96, 21 },
	};
	size_t i;

	(void)state;
	resizeterm(MAX_H, MAX_W);
	for (i = 0; i < sizeof views / sizeof views[0]; i++) {
		struct cfg_scenario sc;
		struct tui_live *live;
		int w = views[i].w, h = views[i].h;

		load(views[i].path, &sc);
		live = tui_live_create(&sc, 0, 0);
		erase();
		if (views[i].side_by_side) {
			tui_live_advance(live, 6.0);
			assert_int_equal(tui_live_compare(live, 1), 0);
			tui_live_draw(live, stdscr, 7, 2, h, w);
			drawn_clear(live, 0, views[i].path, w, h);
			drawn_clear(live, 1, views[i].path, w, h);
		} else {
			tui_live_goto(live, 60 * SIM_SEC);
			tui_live_draw_topology(live, stdscr, 9, 2, h, w);
			drawn_clear(live, 0, views[i].path, w, h);
		}
		tui_live_destroy(live);
		cfg_scenario_fini(&sc);
	}
	resizeterm(40, MAX_W);
}

/*
 * Marks in on[] (lay->w a row) the cells of every segment of edge e, 2 for its points
 * (its ends and turns, drawn as corners), 1 for the cells that run straight.
 */
static void edge_cells(const struct layout *lay, const struct layout_edge *e,
                       unsigned char *on)
{
	int k;

	for (k = 0; k + 1 < e->n_points; k++) {
		struct layout_point a = e->points[k], b = e->points[k + 1];
		int dx = (b.x > a.x) - (b.x < a.x), dy = (b.y > a.y) - (b.y < a.y);

		for (; a.x != b.x || a.y != b.y; a.x += dx, a.y += dy)
			on[a.y * lay->w + a.x] |= 1;
	}
	for (k = 0; k < e->n_points; k++)
		on[e->points[k].y * lay->w + e->points[k].x] = 2;
}

/*
 * Of side's diagram, the cells where the lines to or from box b run straight and no other
 * line passes: how many, and how many of them are dotted ('.' or ':' in ASCII).
 */
static void lines_of_box(const struct tui_live *live, int side, int b, int *cells,
                         int *dotted)
{
	static unsigned char mine[MAX_H * MAX_W], others[MAX_H * MAX_W];
	const struct tui_live_count *counts;
	int y0, x0, i;
	const struct layout *lay = tui_live_diagram(live, side, &y0, &x0, &counts);

	assert_non_null(lay);
	memset(mine, 0, sizeof mine);
	memset(others, 0, sizeof others);
	for (i = 0; i < lay->n_edges; i++)
		edge_cells(lay, &lay->edges[i], lay->edges[i].from == b || lay->edges[i].to == b ?
		           mine : others);
	*cells = *dotted = 0;
	for (i = 0; i < lay->w * lay->h; i++) {
		int ch = (int)(mvinch(y0 + i / lay->w, x0 + i % lay->w) & A_CHARTEXT);

		if (mine[i] != 1 || others[i] || ch == '>')
			continue;
		(*cells)++;
		*dotted += ch == '.' || ch == ':';
	}
}

/* The box of side's diagram labelled label, or -1. */
static int box_labelled(const struct tui_live *live, int side, const char *label)
{
	const struct tui_live_count *counts;
	int y, x, b;
	const struct layout *lay = tui_live_diagram(live, side, &y, &x, &counts);

	for (b = 0; lay && b < lay->n_boxes; b++)
		if (strcmp(lay->boxes[b].label, label) == 0)
			return b;
	return -1;
}

/* Whether a cell of box b of side's diagram, or of the row under its label, says "unused". */
static int says_unused(const struct tui_live *live, int side, int b)
{
	wchar_t text[64];
	int y, x, w;

	assert_int_equal(tui_live_label_cells(live, side, b, &y, &x, &w), 0);
	cells_text(y + 1, x, w, text);
	if (wcsstr(text, L"unused"))
		return 1;
	cells_text(y + 2, x, w, text);
	return wcsstr(text, L"unused") != NULL;
}

/*
 * A box the variant does not use reads so in any theme, by one rule everywhere: it stands
 * where the architecture has it, shows "unused" and no figures, and draws no line at all.
 * The CDN of 2009's pain, which serves photos from the app (its line to the app would join
 * the clients' there, "clients → CDN → app"), where the fix draws its lines solid; the CDN
 * and the object store of 2017's cap, whose traffic asks for no media (they drew dotted
 * lines there). (Colours are checked on the real terminal by tui_live.sh.) Where the CDN
 * was drawn like any other box, with a solid line to the app.
 */
static void test_tui_live_unused_boxes(void **state)
{
	struct cfg_scenario sc;
	struct tui_live *live;
	int cdn, cells, dotted, y, x, w, k;
	wchar_t text[64];

	(void)state;
	load(TEST_DATADIR "/scenarios/2009_cdn.yaml", &sc);
	live = tui_live_create(&sc, 0, 0);
	tui_live_key(live, 'v');
	tui_live_advance(live, 3.0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 30, 100);
	cdn = box_labelled(live, 0, "CDN");
	assert_true(cdn > 0);
	lines_of_box(live, 0, cdn, &cells, &dotted);
	if (cells != 0)
		fail_msg("pain: the unused CDN draws %d cells of lines", cells);
	assert_int_equal(tui_live_label_cells(live, 0, cdn, &y, &x, &w), 0);
	cells_text(y + 1, x, w, text);
	if (wcscmp(text, L"unused") != 0 && wcsstr(text, L"unused") == NULL) {
		cells_text(y + 2, x, w, text);
		if (wcsstr(text, L"unused") == NULL)
			fail_msg("pain: the CDN does not say it is unused");
	}
	cdn = box_labelled(live, 1, "CDN");
	lines_of_box(live, 1, cdn, &cells, &dotted);
	if (cells < 3 || dotted != 0)
		fail_msg("fix: %d of the %d cells of the CDN's lines dotted", dotted, cells);
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);

	load(CAP, &sc);
	live = tui_live_create(&sc, 0, 0);
	tui_live_advance(live, 3.0);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 30, 100);
	for (k = 0; k < 2; k++) {
		int b = box_labelled(live, 0, k ? "object storage" : "CDN");

		assert_true(b > 0);
		lines_of_box(live, 0, b, &cells, &dotted);
		if (cells != 0)
			fail_msg("cap: the unused %s draws %d cells of lines", k ? "store" : "CDN",
			         cells);
		if (!says_unused(live, 0, b))
			fail_msg("cap: the %s does not say it is unused", k ? "store" : "CDN");
	}
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
}

/*
 * A terminal too small says what it needs in the longest form that fits whole: at 12
 * columns still "need 80x24", at 8 the size alone, never a size cut across two lines.
 */
static void test_tui_live_too_small_says_need(void **state)
{
	static const int sizes[][3] = {
		{ 79, 24, 1 }, { 20, 5, 1 }, { 15, 4, 1 }, { 12, 3, 1 }, { 10, 2, 1 }, { 10, 1, 1 },
		{ 8, 1, 0 }, { 5, 1, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		int w = sizes[i][0], h = sizes[i][1];

		resizeterm(h, w);
		erase();
		assert_int_equal(tui_check_size(stdscr, TUI_MIN_W, TUI_MIN_H), 0);
		if (sizes[i][2] && !shows(stdscr, "need 80x24"))
			fail_msg("at %dx%d no 'need 80x24' on one line", w, h);
		if (w >= 8 && !shows(stdscr, "80x24"))
			fail_msg("at %dx%d no '80x24'", w, h);
	}
	resizeterm(40, MAX_W);
	assert_int_equal(tui_check_size(stdscr, TUI_MIN_W, TUI_MIN_H), 1);
}

/*
 * A deck slide opens its run where the story starts and at its own pace: the view is at
 * that moment (the way there replayed, as [ and ] do), plays from it at the slide's
 * speed, and r comes back to it, not to the run's first second; a speed past the keys'
 * range is taken to its end, and 0 keeps the speed.
 */
static void test_tui_live_opens_at(void **state)
{
	struct fixture *f = *state;
	struct tui_live *live = tui_live_create(&f->sc, 0, 0);

	tui_live_open_at(live, 220 * SIM_SEC, 5);
	assert_int_equal(tui_live_now(live), 220 * SIM_SEC);
	assert_true(tui_live_speed(live) == 5);
	assert_false(tui_live_paused(live));
	erase();
	tui_live_draw(live, stdscr, 0, 0, 40, 160);
	assert_true(shows(stdscr, "(the incident log is empty so far)"));
	tui_live_advance(live, 5.0);
	assert_int_equal(tui_live_now(live), 245 * SIM_SEC);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 40, 160);
	assert_true(shows(stdscr, "[02:44:01] WARNING traffic spike"));
	tui_live_key(live, ']');
	assert_int_equal(tui_live_now(live), 255 * SIM_SEC);
	tui_live_key(live, 'r');
	assert_int_equal(tui_live_now(live), 220 * SIM_SEC);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 40, 160);
	assert_true(shows(stdscr, "restart: back to 02:43:40"));
	tui_live_key(live, '[');
	assert_int_equal(tui_live_now(live), 210 * SIM_SEC);

	tui_live_open_at(live, 0, 5000);
	assert_true(tui_live_speed(live) == TUI_LIVE_SPEED_MAX);
	tui_live_open_at(live, 1000 * 3600 * SIM_SEC, 0);
	assert_true(tui_live_speed(live) == TUI_LIVE_SPEED_MAX);
	assert_int_equal(tui_live_now(live), f->sc.variants[0].cfg.duration);
	tui_live_destroy(live);
}

/* Whether second k (from 1) of variant v answered anything, and its p50 in ms. */
static int answered(const struct cfg_scenario *sc, int v, int k, double *p50)
{
	struct sim_snapshot snap;
	int any = second_at(sc, v, k, &snap);

	*p50 = snap.p50_ms;
	return any;
}

/* The row of the p50 meter with its bar in a pane at column 0, or fails. */
static int p50_row(int h)
{
	for (int y = 0; y < h; y++)
		if (meter_at(y, 0, "p50"))
			return y;
	fail_msg("no p50 meter with its bar");
	return -1;
}

/* The cells of row y from column 0 to w, as a narrow string where they are ASCII. */
static void row_ascii(int y, int w, char *buf)
{
	for (int x = 0; x < w; x++) {
		wchar_t c = cell_at(y, x);

		buf[x] = c < 128 ? (char)c : '#';
	}
	buf[w] = '\0';
}

/*
 * Two posts a second leave seconds without an answer. The spinner's p50 meter read "-"
 * in each (9.0s 9.6s - - 9.2s) and its sparkline fell to the floor, as if the latency
 * went to zero. A second without an answer keeps the last second's latency, marked as
 * held, "(9.6s)", and is a gap in the sparkline, the gaps where the engine's seconds had
 * no answer; with nothing answering for longer (the 2007 box killed by the OOM killer,
 * nginx failing every request) the meter says "-".
 */
static void test_tui_live_latency_held(void **state)
{
	struct cfg_scenario post;
	struct tui_live *live;
	char row[61], want[16];
	double ms, before = 0;
	int k, y, j;

	(void)state;
	load(POST, &post);
	for (k = 40; k < 600 && !(answered(&post, 0, k - 1, &before) &&
	                          !answered(&post, 0, k, &ms)); k++)
		;
	assert_true(k < 600);
	live = tui_live_create(&post, 0, 0);
	tui_live_goto(live, (sim_time)k * SIM_SEC);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 40, 60);
	y = p50_row(40);
	row_ascii(y, 60, row);
	snprintf(want, sizeof want, "(%.1fs)", before / 1000);
	print_message("second %d: %s\n", k, row);
	if (!strstr(row, want))
		fail_msg("second %d, after %s: the p50 meter reads '%s'", k, want, row);
	/* the newest second at the right edge, the older ones before it */
	for (j = 0; j < 15; j++)
		if ((cell_at(y, 59 - j) == L' ') != !answered(&post, 0, k - j, &ms))
			fail_msg("second %d: its sparkline cell is '%lc'", k - j,
			         (wint_t)cell_at(y, 59 - j));
	tui_live_destroy(live);
	cfg_scenario_fini(&post);

	/* the night of 2007, ten seconds after the OOM kill: no answer for a while */
	for (k = 433; k <= 440; k++)
		assert_false(answered(&((struct fixture *)*state)->sc, 0, k, &ms));
	live = tui_live_create(&((struct fixture *)*state)->sc, 0, 0);
	tui_live_goto(live, 440 * SIM_SEC);
	erase();
	tui_live_draw(live, stdscr, 0, 0, 40, 60);
	row_ascii(p50_row(40), 60, row);
	assert_non_null(strstr(row, "    -  "));
	assert_null(strstr(row, "("));
	tui_live_destroy(live);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tui_live_draw_stays_inside),
		cmocka_unit_test(test_tui_live_shows_the_run),
		cmocka_unit_test(test_tui_live_seek_replays_the_same_screen),
		cmocka_unit_test(test_tui_live_speed_and_pause),
		cmocka_unit_test(test_tui_live_step_restart_end),
		cmocka_unit_test(test_tui_live_resumes_after_a_stop),
		cmocka_unit_test(test_tui_live_variants),
		cmocka_unit_test(test_tui_live_v_shows_the_pain),
		cmocka_unit_test(test_tui_live_fit_label),
		cmocka_unit_test(test_tui_live_label_forms_read_true),
		cmocka_unit_test(test_tui_live_platform_sizes),
		cmocka_unit_test(test_tui_live_story_units),
		cmocka_unit_test(test_tui_live_log_heads),
		cmocka_unit_test(test_tui_live_counts_leave_lines),
		cmocka_unit_test(test_tui_live_every_arrow_counted),
		cmocka_unit_test(test_tui_live_counts_stay_put),
		cmocka_unit_test(test_tui_live_counts_outgrow_heads),
		cmocka_unit_test(test_tui_live_a_with_nothing_to_show),
		cmocka_unit_test(test_tui_live_key_line),
		cmocka_unit_test(test_tui_live_meters_line_up),
		cmocka_unit_test(test_tui_live_lead_meter),
		cmocka_unit_test(test_tui_live_saga_labels),
		cmocka_unit_test(test_tui_live_topology_only),
		cmocka_unit_test(test_tui_live_platform_diagram),
		cmocka_unit_test(test_tui_live_platform_at_80x24),
		cmocka_unit_test(test_tui_live_lines_clear),
		cmocka_unit_test(test_tui_live_counts_left_out),
		cmocka_unit_test(test_tui_live_lines_leave_their_boxes),
		cmocka_unit_test(test_tui_live_cap_heads_touch),
		cmocka_unit_test(test_tui_live_counts_apart),
		cmocka_unit_test(test_tui_live_unused_boxes),
		cmocka_unit_test(test_tui_live_too_small_says_need),
		cmocka_unit_test(test_tui_live_opens_at),
		cmocka_unit_test(test_tui_live_latency_held),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
