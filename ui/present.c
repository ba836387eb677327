/* SPDX-License-Identifier: MIT */
/*
 * present.c: the talk walkthrough. `gossipsim` loads the deck and either prints it
 * (--plain, or stdout not a terminal), follows another presenter's notes (--notes), or
 * presents it full screen.
 *
 * The presenter is one loop: draw the whole screen, wait up to a frame for a key, act on
 * it, let the live simulation of the current slide catch up with the wall clock. Only the
 * current slide holds resources (its loaded era or scenario, its live view); they are
 * dropped and rebuilt on every slide change, so a slide always starts from the moment it
 * opens at (time zero, or its from:) and a missing file costs one failed load per visit,
 * never a crash.
 *
 * Overlays (chapter menu, help) sit above the slide and take the keys while open. On
 * incident and comparison slides the live-view keys (Space, +, -, s, [, ], r, Tab, v, Up,
 * Down, i, a) go to the simulation, on diagram slides a to the diagram's legend; every
 * other key keeps its deck meaning.
 *
 * The speaker-notes window is a second process. The presenter rewrites a small state file
 * (present_state.h: deck path, slide, start time, its pid and a heartbeat) on each slide
 * change and every few seconds; the follower polls it, and says the talk has stopped
 * when its presenter is gone though the file stayed (kill -9).
 */
#include "present.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cfg.h"
#include "datadir.h"
#include "deck.h"
#include "layout.h"
#include "plain.h"
#include "present_notes.h"
#include "present_state.h"
#include "tui.h"
#include "tui_live.h"

#define KEY_ESC 27
#define NOTES_POLL_MS 200
#define NOTE_MS 3000                    /* how long the footer keeps a word to the speaker */

struct presenter {
	struct deck deck;
	int slide;
	int revealed;                   /* incident with a prediction: the answer is shown */
	unsigned char *answered;        /* per slide: its answer was revealed once */
	int menu_open;
	int menu_sel;                   /* chapter highlighted in the menu */
	int help_open;
	char digits[8];                 /* a slide number being typed */
	char note[96];                  /* a word for the speaker in the footer, for a while */
	struct timespec note_until;
	struct timespec started;        /* when the talk began, for the footer */
	time_t started_wall;            /* the same on the wall clock, for --notes */
	unsigned tui_flags;
	char state_path[4096];          /* the --notes file; empty when it cannot be written */
	time_t last_beat;               /* when this presenter last wrote it, or looked */

	/* the current slide's resources */
	int loaded;                     /* sc holds the slide's era or scenario */
	struct cfg_scenario sc;
	char why[640];                  /* why the slide's file could not be loaded */
	struct tui_live *live;          /* incident and comparison slides */
	struct tui_live *still;         /* diagram slides: the era, paused after a minute */
	struct timespec last_tick;
};

/* ---- time ---------------------------------------------------------------------------- */

static struct timespec now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

/* Milliseconds from a to b. */
static long long ms_between(struct timespec a, struct timespec b)
{
	return (long long)(b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
}

/* "12:34" or "1:02:03": a duration in seconds as talk time. */
static void format_elapsed(long long s, char *buf, size_t len)
{
	if (s < 0)
		s = 0;
	if (s >= 3600)
		snprintf(buf, len, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, len, "%02lld:%02lld", s / 60, s % 60);
}

/* ---- the notes state file ------------------------------------------------------------ */

/* Tells --notes where the talk is; takes the file over from any other presenter. */
static void state_write(struct presenter *p)
{
	struct present_state st;

	p->last_beat = time(NULL);
	if (!p->state_path[0])
		return;
	memset(&st, 0, sizeof(st));
	snprintf(st.deck, sizeof(st.deck), "%s", p->deck.path);
	st.slide = p->slide;
	st.revealed = p->revealed;
	st.started = (long long)p->started_wall;
	present_state_write(p->state_path, &st);
}

/*
 * A sign of life every PRESENT_STATE_BEAT seconds, so a follower can tell this talk from
 * one killed without removing its file; none while another presenter that still runs
 * wrote last (it moved a slide since), so that followers stay with that one.
 */
static void state_beat(struct presenter *p)
{
	time_t now = time(NULL);

	if (!p->state_path[0] || now - p->last_beat < PRESENT_STATE_BEAT)
		return;
	if (present_state_may_write(p->state_path, now))
		state_write(p);
	p->last_beat = now;
}

/* ---- the current slide's resources --------------------------------------------------- */

static const struct deck_slide *cur(const struct presenter *p)
{
	return &p->deck.slides[p->slide];
}

static int is_live_slide(const struct deck_slide *s)
{
	return s->kind == DECK_INCIDENT || s->kind == DECK_COMPARISON;
}

static void slide_release(struct presenter *p)
{
	if (p->live)
		tui_live_destroy(p->live);
	if (p->still)
		tui_live_destroy(p->still);
	p->live = p->still = NULL;
	if (p->loaded)
		cfg_scenario_fini(&p->sc);
	p->loaded = 0;
	p->why[0] = '\0';
}

/*
 * Starts the live view on variant name ("pain"); a comparison puts variant right ("fix")
 * beside it. The run opens where the slide's from: says, at its speed: a prediction
 * holds it there. A missing variant, or a from: the run does not reach, is told in p->why
 * instead.
 */
static void start_live(struct presenter *p, const char *name, const char *right)
{
	int left = deck_slide_variant(&p->sc, name);
	sim_time t;

	if (deck_slide_check(cur(p), &p->sc, p->why, sizeof(p->why)) < 0 ||
	    deck_slide_opening(cur(p), &p->sc, left, &t, p->why, sizeof(p->why)) < 0)
		return;
	p->live = tui_live_create(&p->sc, left, 0);
	if (!p->live)
		return;
	tui_live_in_talk(p->live);
	if (right)
		tui_live_compare(p->live, deck_slide_variant(&p->sc, right));
	/* the deck checked the names when it loaded */
	tui_live_lead(p->live, (const char *const *)cur(p)->meters, cur(p)->n_meters);
	tui_live_open_at(p->live, t, cur(p)->speed);
}

/*
 * A diagram slide runs its era for DECK_DIAGRAM_RUN of simulated time, once, so the arrows
 * carry request counts and the boxes their health; an era the engine refuses keeps the
 * plain drawing. Every era replays that minute in a few milliseconds.
 */
static void start_still(struct presenter *p)
{
	p->still = tui_live_create(&p->sc, 0, 0);
	if (p->still && tui_live_error(p->still)) {
		tui_live_destroy(p->still);
		p->still = NULL;
	}
	if (p->still)
		tui_live_goto(p->still, DECK_DIAGRAM_RUN);
}

static void slide_acquire(struct presenter *p)
{
	const struct deck_slide *s = cur(p);

	if (s->kind != DECK_DIAGRAM && !is_live_slide(s))
		return;
	p->loaded = deck_slide_load(s, &p->sc, p->why, sizeof(p->why)) == 0;
	if (p->loaded && s->kind == DECK_DIAGRAM)
		start_still(p);
	if (!p->loaded || !is_live_slide(s))
		return;
	if (s->kind == DECK_INCIDENT)
		start_live(p, s->variant, NULL);
	else
		start_live(p, s->pain, s->fix);
	p->last_tick = now_mono();
}

/* Moves to slide i (clamped), rebuilding what the slide needs. */
static void go_to(struct presenter *p, int i)
{
	if (i < 0)
		i = 0;
	if (i >= p->deck.n_slides)
		i = p->deck.n_slides - 1;
	if (i == p->slide)
		return;
	slide_release(p);
	p->slide = i;
	/* a question answered once stays answered: coming back runs the incident at once */
	p->revealed = p->answered && p->answered[i];
	slide_acquire(p);
	state_write(p);
}

/* A prediction holds the simulation until the speaker reveals the answer. */
static int holding(const struct presenter *p)
{
	return cur(p)->kind == DECK_INCIDENT && cur(p)->predict && !p->revealed;
}

/*
 * The live slide's simulation catches up with the wall clock, but not across a stop:
 * after Ctrl-Z and fg (continued) or a long gap it resumes where it stopped.
 */
static void live_tick(struct presenter *p, int continued)
{
	struct timespec t = now_mono();
	long long ms = ms_between(p->last_tick, t);

	p->last_tick = t;
	if (!p->live || holding(p) || p->menu_open || p->help_open)
		return;
	tui_live_advance(p->live, tui_live_frame_seconds((double)ms / 1000.0, continued));
}

/* ---- drawing: text ------------------------------------------------------------------- */

/*
 * Draws s word-wrapped into w columns from row y, at most maxh rows; continuation lines are
 * indented by hang columns. Lines break at spaces, and inside a word wider than the line
 * (CJK text has no spaces) by display columns, so nothing is cut off but at the last row
 * of maxh, which ends in an ellipsis when the text goes on. Returns the rows used.
 */
static int wrap(int y, int x, int w, int maxh, int hang, attr_t attr, const char *s)
{
	char line[1024];
	int rows = 0;

	while (*s && rows < maxh) {
		int indent = rows ? hang : 0;
		const char *next;
		size_t len = tui_wrap(s, w - indent, &next);

		snprintf(line, sizeof(line), "%.*s", (int)len, s);
		if (rows + 1 == maxh && *next)
			tui_put_fit(stdscr, y + rows, x + indent, w - indent, attr, s);
		else
			tui_put(stdscr, y + rows, x + indent, w - indent, attr, line);
		rows++;
		s = next;
		while (*s == ' ')
			s++;
	}
	return rows;
}

/*
 * "Answer: Memory. The kernel's..." with the text wrapped beside its label, at most maxh
 * rows; returns the rows used.
 */
static int labelled(int y, int x, int w, int maxh, const char *label, const char *s)
{
	int lw = tui_put(stdscr, y, x, w, tui_attr(TUI_ACCENT) | A_BOLD, label);

	return wrap(y, x + lw, w - lw, maxh, 0, tui_attr(TUI_NORMAL) | A_BOLD, s);
}

/* s centred in w columns; a line too long for them ends in an ellipsis. */
static void centred(int y, int w, attr_t attr, const char *s)
{
	int tw = tui_width(s), x = tw < w ? (w - tw) / 2 : 0;

	tui_put_fit(stdscr, y, x, w - x, attr, s);
}

/* One line of a wrapped text: where it starts in the text, and how many bytes. */
struct seg {
	const char *s;
	size_t len;
};

#define MAX_SEGS 64

/* Display columns of the len bytes at s. */
static int seg_width(const char *s, size_t len)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%.*s", (int)len, s);
	return tui_width(buf);
}

/* The lines s wraps into, w columns for the first and w - hang for the others. */
static int wrap_segs(const char *s, int w, int hang, struct seg *out, int max)
{
	int n = 0;

	while (*s && n < max) {
		const char *next;

		out[n].s = s;
		out[n].len = tui_wrap(s, n ? w - hang : w, &next);
		while (out[n].len > 0 && s[out[n].len - 1] == ' ')
			out[n].len--;
		n++;
		s = next;
		while (*s == ' ')
			s++;
	}
	return n;
}

/*
 * No word alone on the last line when the line before can give it its last word and
 * keep two: "row" under "... write an outbox" reads as a line of its own.
 */
static void no_widow(struct seg *l, int n, int w)
{
	struct seg *a, *b;
	const char *end, *sp;

	if (n < 2)
		return;
	a = &l[n - 2];
	b = &l[n - 1];
	end = b->s + b->len;
	if (memchr(b->s, ' ', b->len))
		return;
	for (sp = a->s + a->len; sp > a->s && sp[-1] != ' '; sp--)
		;
	if (sp <= a->s || !memchr(a->s, ' ', (size_t)(sp - 1 - a->s)) ||
	    seg_width(sp, (size_t)(end - sp)) > w)
		return;
	b->s = sp;
	b->len = (size_t)(end - sp);
	for (a->len = (size_t)(sp - a->s); a->len > 0 && a->s[a->len - 1] == ' '; a->len--)
		;
}

/* Columns of a list mark that opens s, "1) " or "a. ", which its wrapped lines hang past. */
static int mark_width(const char *s)
{
	int i = 0;

	while (i < 3 && ((s[i] >= '0' && s[i] <= '9') || (i == 0 && s[i] >= 'a' && s[i] <= 'z')))
		i++;
	return i > 0 && (s[i] == ')' || s[i] == '.') && s[i + 1] == ' ' ? i + 2 : 0;
}

/*
 * One item of the body from row y, at most maxh rows: its lines wrapped at w columns,
 * each after the first hanging past a list mark ("1) "), and no word alone on the last.
 * Returns the rows used.
 */
static int wrap_item(int y, int x, int w, int maxh, attr_t attr, const char *s)
{
	struct seg l[MAX_SEGS];
	int hang = mark_width(s), n = wrap_segs(s, w, hang, l, MAX_SEGS), i;
	char line[1024];

	no_widow(l, n, w - hang);
	for (i = 0; i < n && i < maxh; i++) {
		snprintf(line, sizeof(line), "%.*s", (int)l[i].len, l[i].s);
		tui_put(stdscr, y + i, x + (i ? hang : 0), w - (i ? hang : 0), attr, line);
	}
	return i;
}

/*
 * The body as bullets from row y; returns the next free row. A line that starts with
 * spaces continues the bullet above, indented by them, and its wrapped lines keep that
 * indent, as a bullet's keep the column of its text.
 */
static int draw_bullets(const struct deck_slide *s, int y, int x, int w, int maxy)
{
	const char *dot = tui_utf8() ? "\xe2\x80\xa2" : "-";

	for (int i = 0; i < s->n_body && y < maxy; i++) {
		const char *text = s->body[i];
		int indent = (int)strspn(text, " ");

		if (!text[0]) {
			y++;
			continue;
		}
		if (!indent)
			tui_put(stdscr, y, x, 2, tui_attr(TUI_ACCENT), dot);
		indent = indent < w / 2 ? indent : 0;
		y += wrap_item(y, x + 2 + indent, w - 2 - indent, maxy - y, tui_attr(TUI_NORMAL),
		               text + strspn(text, " "));
	}
	return y;
}

static void draw_title_page(const struct deck_slide *s, int w, int h)
{
	int lines = 2 + s->n_body, y = (h - lines) / 2;

	if (y < 2)
		y = 2;
	centred(y, w, tui_attr(TUI_TITLE) | A_BOLD, s->title);
	y += 2;
	for (int i = 0; i < s->n_body && y < h - 2; i++, y++)
		centred(y, w, tui_attr(i == 0 ? TUI_ACCENT : TUI_NORMAL), s->body[i]);
}

/* ---- drawing: diagrams --------------------------------------------------------------- */

/* Directions a line leaves a cell in; a cell's set picks its box-drawing glyph. */
enum { GO_UP = 1, GO_DOWN = 2, GO_LEFT = 4, GO_RIGHT = 8 };

struct grid {
	int w, h;
	unsigned char *cells;
};

static void grid_mark(struct grid *g, int x, int y, int dirs)
{
	if (x >= 0 && y >= 0 && x < g->w && y < g->h)
		g->cells[y * g->w + x] |= (unsigned char)dirs;
}

/* Marks one horizontal or vertical segment, each cell pointing to its neighbours on it. */
static void grid_segment(struct grid *g, struct layout_point a, struct layout_point b)
{
	int horizontal = a.y == b.y;
	int lo = horizontal ? (a.x < b.x ? a.x : b.x) : (a.y < b.y ? a.y : b.y);
	int hi = horizontal ? (a.x < b.x ? b.x : a.x) : (a.y < b.y ? b.y : a.y);

	for (int i = lo; i <= hi; i++) {
		int dirs = 0;

		if (i > lo)
			dirs |= horizontal ? GO_LEFT : GO_UP;
		if (i < hi)
			dirs |= horizontal ? GO_RIGHT : GO_DOWN;
		if (horizontal)
			grid_mark(g, i, a.y, dirs);
		else
			grid_mark(g, a.x, i, dirs);
	}
}

static const char *grid_glyph(int dirs)
{
	const struct tui_glyphs *g = tui_glyphs();

	switch (dirs) {
	case GO_LEFT: case GO_RIGHT: case GO_LEFT | GO_RIGHT:
		return g->h;
	case GO_UP: case GO_DOWN: case GO_UP | GO_DOWN:
		return g->v;
	case GO_DOWN | GO_RIGHT:
		return g->tl;
	case GO_DOWN | GO_LEFT:
		return g->tr;
	case GO_UP | GO_RIGHT:
		return g->bl;
	case GO_UP | GO_LEFT:
		return g->br;
	case GO_UP | GO_DOWN | GO_RIGHT:
		return g->tee_right;
	case GO_UP | GO_DOWN | GO_LEFT:
		return g->tee_left;
	case GO_LEFT | GO_RIGHT | GO_DOWN:
		return g->tee_down;
	case GO_LEFT | GO_RIGHT | GO_UP:
		return g->tee_up;
	default:
		return g->cross;
	}
}

/*
 * Draws every edge of the layout at y0, x0. Edges are first marked cell by cell on a
 * grid, so where two of them meet or turn the cell gets a corner or a tee, not whichever
 * line happened to be drawn last; arrowheads go on top.
 */
static void draw_edges(const struct layout *lay, int y0, int x0)
{
	struct grid g = { lay->w, lay->h, calloc((size_t)lay->w * (size_t)lay->h, 1) };

	if (!g.cells)
		return;
	for (int i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];

		for (int k = 0; k + 1 < e->n_points; k++)
			grid_segment(&g, e->points[k], e->points[k + 1]);
		/* The line leaves its source box on the left and enters the target on the right. */
		if (e->n_points > 0)
			grid_mark(&g, e->points[0].x, e->points[0].y, GO_LEFT);
		/* a bracket between replicas touches both boxes on their right */
		if (e->lateral && e->n_points > 1)
			grid_mark(&g, e->points[e->n_points - 1].x, e->points[e->n_points - 1].y,
			          GO_LEFT);
	}
	for (int y = 0; y < g.h; y++)
		for (int x = 0; x < g.w; x++)
			if (g.cells[y * g.w + x])
				tui_put(stdscr, y0 + y, x0 + x, 1, tui_attr(TUI_DIM),
				        grid_glyph(g.cells[y * g.w + x]));
	for (int i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];
		struct layout_point end;

		if (e->n_points == 0 || e->lateral)
			continue;
		end = e->points[e->n_points - 1];
		tui_put(stdscr, y0 + end.y, x0 + end.x, 1, tui_attr(TUI_ACCENT),
		        tui_glyphs()->arrow_right);
	}
	free(g.cells);
}

/*
 * A box: framed with its label (shortened when it does not fit: tui_fit_label()) and, when
 * four rows tall, its kind; a box of one or two rows is a bar with the label on the row
 * the arrows enter, and its kind under it when there is a second row.
 */
static void draw_box(const struct sim_config *cfg, const struct layout_box *b, int y0, int x0)
{
	const char *kind = b->node == LAYOUT_CLIENTS ? "users" :
	                   sim_node_kind_name(cfg->nodes[b->node].kind);
	const char *name = b->node == LAYOUT_CLIENTS ? NULL : cfg->nodes[b->node].name;
	int y = y0 + b->y, x = x0 + b->x, mid = y + b->h / 2;
	char label[SIM_NAME_MAX * 2];
	int lw;

	tui_clear(stdscr, y, x, b->h, b->w);
	if (b->h < 3) {
		tui_fit_label(b->label, name, b->w, label, sizeof(label));
		lw = tui_width(label);
		mvwhline(stdscr, y, x, ' ' | A_REVERSE | tui_attr(TUI_TITLE), b->w);
		tui_put(stdscr, y, x + (b->w - lw) / 2, b->w, tui_attr(TUI_TITLE) | A_REVERSE,
		        label);
		if (b->h == 2 && tui_width(kind) <= b->w)
			tui_put(stdscr, y + 1, x + (b->w - tui_width(kind)) / 2, b->w,
			        tui_attr(TUI_DIM), kind);
		return;
	}
	tui_fit_label(b->label, name, b->w - 2, label, sizeof(label));
	lw = tui_width(label);
	tui_box(stdscr, y, x, b->h, b->w, tui_attr(TUI_NORMAL));
	if (b->h >= 4)
		mid = y + (b->h - 1) / 2;
	tui_put(stdscr, mid, x + 1 + (b->w - 2 - lw) / 2, b->w - 2, tui_attr(TUI_TITLE), label);
	if (b->h >= 4 && tui_width(kind) <= b->w - 2) {
		int kw = tui_width(kind);

		tui_put(stdscr, mid + 1, x + 1 + (b->w - 2 - kw) / 2, b->w - 2, tui_attr(TUI_DIM),
		        kind);
	}
}

static void draw_topology(const struct sim_config *cfg, int y, int x, int h, int w)
{
	struct layout lay;
	int rows;

	/* Boxes as tall as the screen read badly: about 7 rows each is plenty. */
	layout_compute(cfg, w, h, &lay);
	rows = layout_max_rows(&lay);
	if (rows > 0 && h > rows * 7) {
		y += (h - rows * 7) / 2;
		h = rows * 7;
	}
	if (h < 3 || layout_compute(cfg, w, h, &lay) < 0) {
		tui_put(stdscr, y, x, w, tui_attr(TUI_DIM),
		        "(the diagram needs a larger terminal)");
		return;
	}
	draw_edges(&lay, y, x);
	for (int i = 0; i < lay.n_boxes; i++)
		draw_box(cfg, &lay.boxes[i], y, x);
}

/* A slide whose file cannot be used: its reason, in the space the file would have had. */
static void draw_unavailable(const struct presenter *p, int y, int x, int w)
{
	const struct deck_slide *s = cur(p);

	wrap(y, x, w, 3, 2, tui_attr(TUI_WARNING), p->why[0] ? p->why : "not available");
	if (is_live_slide(s))
		tui_putf(stdscr, y + 3, x, w, tui_attr(TUI_DIM), "later, run it with: gossipsim %s",
		         s->file);
}

/*
 * The era after its first simulated minute: a line saying so, then the topology centred
 * in the rest, at most six rows a box as in the live view (taller boxes read badly).
 */
static void draw_still(const struct presenter *p, int y, int x, int h, int w)
{
	struct layout lay;
	int rows;

	tui_put(stdscr, y, x, w, tui_attr(TUI_DIM),
	        "one simulated minute of the era's traffic: requests carried by each arrow");
	y++;
	h--;
	layout_compute(&p->sc.variants[0].cfg, w, h, &lay);
	rows = layout_max_rows(&lay);
	if (rows > 0 && h > rows * 6) {
		y += (h - rows * 6) / 2;
		h = rows * 6;
	}
	tui_live_draw_topology(p->still, stdscr, y, x, h, w);
}

/*
 * A diagram slide: the body, a blank row, then the era's diagram; where the body leaves
 * the diagram fewer than DIAGRAM_ROWS rows (the 2026 platform's five bullets at 80x24),
 * the blank row goes to the diagram, whose key then has a row for its counts.
 */
#define DIAGRAM_ROWS 12

static void draw_diagram(const struct presenter *p, int y, int x, int h, int w)
{
	int top = draw_bullets(cur(p), y, x, w, y + h);

	if (top > y && y + h - (top + 1) >= DIAGRAM_ROWS)
		top++;
	if (!p->loaded)
		draw_unavailable(p, top, x, w);
	else if (p->still)
		draw_still(p, top, x, y + h - top, w);
	else
		draw_topology(&p->sc.variants[0].cfg, top, x, y + h - top, w);
}

/* ---- drawing: incidents -------------------------------------------------------------- */

static void draw_prediction(const struct deck_slide *s, int y, int x, int w)
{
	int inner = w - 4 > 10 ? w - 4 : 10;
	int h = 2 + (tui_width(s->predict) + inner - 1) / inner;

	tui_boxed_text(stdscr, y, x, h, w, " Predict ", s->predict, tui_attr(TUI_ACCENT));
	tui_put(stdscr, y + h, x + 2, w - 2, tui_attr(TUI_DIM),
	        "next: reveal the answer and start the simulation");
}

static void draw_incident(const struct presenter *p, int y, int x, int h, int w)
{
	const struct deck_slide *s = cur(p);
	int bottom = y + h, lines = h - 15;

	/*
	 * The body carries the slide's facts (the upgraded box at CPU 100% and RAM 92%, where
	 * the session moves to), so up to three lines come first while the live view keeps 15
	 * rows: it gives up meter rows before its topology and log. At 80x24 all three fit;
	 * the plain text and the notes keep every line.
	 */
	if (lines > 3)
		lines = 3;
	if (holding(p))
		lines = h / 2;          /* no live view yet: the whole body has room */
	if (lines > s->n_body)
		lines = s->n_body;
	y = draw_bullets(s, y, x, w, y + (lines > 0 ? lines : 0));
	if (holding(p)) {
		draw_prediction(s, y + 1, x, w);
		return;
	}
	if (s->predict && s->answer)
		y += labelled(y, x, w, 2, "Answer: ", s->answer);
	if (!p->live) {
		draw_unavailable(p, y + 1, x, w);
		return;
	}
	tui_live_draw(p->live, stdscr, y, x, bottom - y, w);
}

/* ---- drawing: frame, overlays -------------------------------------------------------- */

static void draw_header(const struct presenter *p, int w)
{
	const struct deck_chapter *c = deck_slide_chapter(&p->deck, p->slide);
	char right[64];

	snprintf(right, sizeof(right), "chapter %d/%d", cur(p)->chapter + 1, p->deck.n_chapters);
	/* what does not fit ends in an ellipsis: a title cut short should look cut */
	tui_put_fit(stdscr, 0, 1, w - 3 - tui_width(right), tui_attr(TUI_ACCENT) | A_BOLD,
	            c->label);
	tui_put(stdscr, 0, w - 1 - tui_width(right), tui_width(right), tui_attr(TUI_DIM), right);
	tui_put_fit(stdscr, 2, 2, w - 4, tui_attr(TUI_TITLE) | A_BOLD, cur(p)->title);
	tui_hline(stdscr, 3, 2, w - 4, tui_attr(TUI_DIM));
}

/* "sim 02:47:09": the live run's clock as a time of day after the scenario's start. */
static void sim_clock(const struct presenter *p, char *buf, size_t len)
{
	const struct sim_config *cfg = &p->sc.variants[tui_live_variant(p->live)].cfg;
	long long s = (long long)((cfg->clock_start + tui_live_now(p->live)) / SIM_SEC);

	snprintf(buf, len, "sim %02lld:%02lld:%02lld", s / 3600 % 24, s / 60 % 60, s % 60);
}

/*
 * The footer: chapter, slide, the simulated clock on live slides, the talk's time, then
 * "? help  q quit", the talk's own keys, which a live view's key line leaves to it. Where
 * not all fit, the hints go first (a live view's key line ends in "? more" where it is
 * short, and the help is where it always is), then the simulated clock (the live view's
 * status line shows it too).
 */
static void draw_footer(const struct presenter *p, int y, int w)
{
	const struct deck_chapter *c = deck_slide_chapter(&p->deck, p->slide);
	const char *sep = tui_utf8() ? " \xe2\x94\x82 " : " | ";
	char talk[32], clock[32] = "", line[512], hints[32];
	int noting = p->note[0] && ms_between(now_mono(), p->note_until) > 0;

	format_elapsed(ms_between(p->started, now_mono()) / 1000, talk, sizeof(talk));
	snprintf(hints, sizeof(hints), "%s? help  q quit", sep);
	if (p->live)
		sim_clock(p, clock, sizeof(clock));
	if (p->digits[0]) {
		snprintf(line, sizeof(line), " go to slide: %s_  (Enter: go, Esc: cancel)",
		         p->digits);
		hints[0] = '\0';
	} else if (noting) {
		snprintf(line, sizeof(line), " %s", p->note);
		hints[0] = '\0';
	} else {
		for (int drop = 0; drop < 3; drop++) {
			if (drop == 1)
				hints[0] = '\0';
			if (drop == 2)
				clock[0] = '\0';
			snprintf(line, sizeof(line), " %s%sslide %d/%d%s%s%stalk %s%s", c->label, sep,
			         p->slide + 1, p->deck.n_slides, sep, clock, clock[0] ? sep : "",
			         talk, hints);
			if (tui_width(line) <= w)
				break;
		}
	}
	tui_clear(stdscr, y, 0, 1, w);
	tui_hline(stdscr, y, 0, w, tui_attr(TUI_STATUS));
	tui_clear(stdscr, y, 0, 1, w);
	tui_put(stdscr, y, 0, w, tui_attr(TUI_STATUS), line);
	for (int x = tui_width(line); x < w; x++)
		mvwaddch(stdscr, y, x, ' ' | tui_attr(TUI_STATUS));
}

/* The chapters, one a line: year, title, and the slides they span. */
static void draw_menu(const struct presenter *p, int w, int h)
{
	int n = p->deck.n_chapters, bw = w - 8 < 64 ? w - 8 : 64;
	int rows = h - 6 < n ? h - 6 : n, bh = rows + 4;
	int by = (h - bh) / 2, bx = (w - bw) / 2, first = 0;

	if (p->menu_sel >= rows)
		first = p->menu_sel - rows + 1;
	tui_clear(stdscr, by, bx, bh, bw);
	tui_box(stdscr, by, bx, bh, bw, tui_attr(TUI_ACCENT));
	tui_put(stdscr, by, bx + 2, bw - 4, tui_attr(TUI_TITLE) | A_BOLD, " Chapters ");
	for (int r = 0; r < rows; r++) {
		const struct deck_chapter *c = &p->deck.chapters[first + r];
		attr_t a = first + r == p->menu_sel ? A_REVERSE : tui_attr(TUI_NORMAL);
		char year[8] = "", span[32];

		if (c->year)
			snprintf(year, sizeof(year), "%d", c->year);
		if (c->n_slides > 1)
			snprintf(span, sizeof(span), "%d-%d", c->first + 1, c->first + c->n_slides);
		else
			snprintf(span, sizeof(span), "%d", c->first + 1);
		tui_clear(stdscr, by + 2 + r, bx + 1, 1, bw - 2);
		for (int x = bx + 1; first + r == p->menu_sel && x < bx + bw - 1; x++)
			mvwaddch(stdscr, by + 2 + r, x, ' ' | A_REVERSE);
		tui_put(stdscr, by + 2 + r, bx + 2, 4, a | A_BOLD, year);
		tui_put_fit(stdscr, by + 2 + r, bx + 8, bw - 18, a, c->title);
		tui_put(stdscr, by + 2 + r, bx + bw - 2 - tui_width(span), 8, a, span);
	}
	tui_put(stdscr, by + bh - 1, bx + 2, bw - 4, tui_attr(TUI_DIM),
	        " arrows: choose  Enter: go  Esc: close ");
}

/*
 * The talk's keys, then the live view's, each of them: at 80x24 the box holds every line.
 * The log's keys are words here, read the same in ASCII.
 */
static const char *const help_lines[] = {
	"Right Space PgDn Enter l n .   next slide, or reveal",
	"Left PgUp Backspace h p        previous slide",
	"M  chapter menu      digits, then Enter  go to slide N",
	"g Home / G End  first / last slide   ? help   q quit",
	"",
	"on live slides, for the simulation:",
	"Space pause   + - speed   s one event   [ ] seek 10 s",
	"r back to where the run opened on this slide",
	"Tab next variant; side by side, of the right half",
	"v the first variant (the pain) beside the one shown,",
	"  or beside the fix; again: the right one alone",
	"Up Down the log an entry older, newer",
	"i the log alone   a short labels, calls left out",
	"",
	"a slide shown again starts its run over;",
	"an answer once revealed stays revealed",
	"speaker notes: gossipsim --notes in another terminal",
};

static void draw_help(int w, int h)
{
	int n = (int)(sizeof(help_lines) / sizeof(help_lines[0]));
	int bw = w - 4 < 60 ? w - 4 : 60, bh = n + 4 < h - 2 ? n + 4 : h - 2;
	int by = (h - bh) / 2, bx = (w - bw) / 2;

	tui_clear(stdscr, by, bx, bh, bw);
	tui_box(stdscr, by, bx, bh, bw, tui_attr(TUI_ACCENT));
	tui_put(stdscr, by, bx + 2, bw - 4, tui_attr(TUI_TITLE) | A_BOLD, " Keys ");
	for (int i = 0; i < n && i < bh - 4; i++)
		tui_put(stdscr, by + 2 + i, bx + 3, bw - 6, tui_attr(TUI_NORMAL), help_lines[i]);
	tui_put(stdscr, by + bh - 1, bx + 2, bw - 4, tui_attr(TUI_DIM), " any key: close ");
}

static void draw(const struct presenter *p)
{
	const struct deck_slide *s = cur(p);
	int w = COLS, h = LINES;
	/* Under 30 rows a live slide starts on the row under the title's rule: one more log line. */
	int live_top = h < 30 ? 4 : 5;

	erase();
	if (!tui_check_size(stdscr, TUI_MIN_W, TUI_MIN_H)) {
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	/*
	 * An overlay stands alone above the footer: slide text around it would read as
	 * fragments ("go│" beside the box), and the header's rule would run into its frame.
	 */
	if (p->menu_open || p->help_open) {
		/* nothing but the overlay and the footer */
	} else if (s->kind == DECK_TITLE || s->kind == DECK_CLOSING) {
		draw_title_page(s, w, h - 1);
	} else {
		draw_header(p, w);
		if (s->kind == DECK_BULLETS)
			draw_bullets(s, 5, 4, w - 8, h - 2);
		else if (s->kind == DECK_DIAGRAM)
			draw_diagram(p, 5, 2, h - 7, w - 4);
		else
			draw_incident(p, live_top, 2, h - 1 - live_top, w - 4);
	}
	draw_footer(p, h - 1, w);
	if (p->menu_open)
		draw_menu(p, w, h);
	else if (p->help_open)
		draw_help(w, h);
	wnoutrefresh(stdscr);
	doupdate();
}

/* ---- keys ---------------------------------------------------------------------------- */

static int is_next(int ch)
{
	return ch == KEY_RIGHT || ch == ' ' || ch == KEY_NPAGE || ch == '\n' || ch == '\r' ||
	       ch == KEY_ENTER || ch == 'l' || ch == 'n' || ch == '.';
}

static int is_back(int ch)
{
	return ch == KEY_LEFT || ch == KEY_PPAGE || ch == KEY_BACKSPACE || ch == 127 ||
	       ch == '\b' || ch == 'h' || ch == 'p';
}

/*
 * The live view's keys, none of them a key of the talk's own: the a key's legend of
 * short labels, for instance, once n, which turns the slide.
 */
static int is_live_key(int ch)
{
	return ch == KEY_UP || ch == KEY_DOWN ||
	       (ch > 0 && ch < 256 && strchr(" +-s[]r\tvia", ch) != NULL);
}

static void next(struct presenter *p)
{
	if (!holding(p)) {
		go_to(p, p->slide + 1);
		return;
	}
	p->revealed = 1;
	if (p->answered)
		p->answered[p->slide] = 1;
	state_write(p);
}

/*
 * Back is the previous slide everywhere, a revealed prediction too: taking the answer
 * back would be a step no other slide has, and a speaker pressing Left means to go back.
 */
static void back(struct presenter *p)
{
	go_to(p, p->slide - 1);
}

static void menu_key(struct presenter *p, int ch)
{
	int n = p->deck.n_chapters;

	if (ch == KEY_UP || ch == 'k')
		p->menu_sel = (p->menu_sel + n - 1) % n;
	else if (ch == KEY_DOWN || ch == 'j')
		p->menu_sel = (p->menu_sel + 1) % n;
	else if (ch == KEY_HOME || ch == 'g')
		p->menu_sel = 0;
	else if (ch == KEY_END || ch == 'G')
		p->menu_sel = n - 1;
	else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER || ch == KEY_RIGHT) {
		p->menu_open = 0;
		go_to(p, p->deck.chapters[p->menu_sel].first);
	} else if (ch == KEY_ESC || ch == 'M' || ch == 'm' || ch == 'q') {
		p->menu_open = 0;
	}
}

/* Shows msg in the footer for NOTE_MS. */
static void tell(struct presenter *p, const char *msg)
{
	long long ns;

	snprintf(p->note, sizeof(p->note), "%s", msg);
	p->note_until = now_mono();
	ns = p->note_until.tv_nsec + (long long)NOTE_MS * 1000000;
	p->note_until.tv_sec += (time_t)(ns / 1000000000);
	p->note_until.tv_nsec = (long)(ns % 1000000000);
}

/*
 * Slide n as typed, from 1; a number the deck has no slide for goes nowhere and says so,
 * rather than landing on the first or last slide as if that had been asked for.
 */
static void go_to_typed(struct presenter *p, int n)
{
	char msg[96];

	if (n >= 1 && n <= p->deck.n_slides) {
		go_to(p, n - 1);
		return;
	}
	snprintf(msg, sizeof(msg), "no slide %d: the slides are 1 to %d", n, p->deck.n_slides);
	tell(p, msg);
}

/* Digits typed so far, Enter to go, Esc or Backspace to edit. Returns 1 when consumed. */
static int digit_key(struct presenter *p, int ch)
{
	size_t n = strlen(p->digits);

	if (ch >= '0' && ch <= '9') {
		if (n + 1 < sizeof(p->digits)) {
			p->digits[n] = (char)ch;
			p->digits[n + 1] = '\0';
		}
		return 1;
	}
	if (!n)
		return 0;
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
		go_to_typed(p, atoi(p->digits));
	else if (ch == KEY_BACKSPACE || ch == 127 || ch == '\b') {
		p->digits[n - 1] = '\0';
		return 1;
	}
	p->digits[0] = '\0';
	return ch == '\n' || ch == '\r' || ch == KEY_ENTER || ch == KEY_ESC;
}

static void open_menu(struct presenter *p)
{
	p->menu_open = 1;
	p->menu_sel = cur(p)->chapter;
}

/* Acts on one key; returns 1 to quit. */
static int handle_key(struct presenter *p, int ch)
{
	if (p->help_open) {
		p->help_open = 0;
		return 0;
	}
	if (p->menu_open) {
		menu_key(p, ch);
		return 0;
	}
	if (digit_key(p, ch))
		return 0;
	if (p->live && !holding(p) && is_live_key(ch)) {
		tui_live_key(p->live, ch);
		return 0;
	}
	/* a diagram's list of calls leaves lines to the a key's pages, as the live view does */
	if (p->still && ch == 'a') {
		tui_live_key(p->still, ch);
		/* a diagram slide has no key line: its footer says when a has nothing to show */
		if (!tui_live_legend_page(p->still) && tui_live_message(p->still))
			tell(p, tui_live_message(p->still));
		return 0;
	}
	if (ch == 'q' || ch == 'Q')
		return 1;
	if (is_next(ch))
		next(p);
	else if (is_back(ch))
		back(p);
	else if (ch == 'M' || ch == 'm')
		open_menu(p);
	else if (ch == '?')
		p->help_open = 1;
	else if (ch == 'g' || ch == KEY_HOME)
		go_to(p, 0);
	else if (ch == 'G' || ch == KEY_END)
		go_to(p, p->deck.n_slides - 1);
	return 0;
}

/* ---- the three modes ----------------------------------------------------------------- */

/* Loads the shipped deck, printing every problem to stderr. Returns an exit code. */
static int load_deck(const char *path, struct deck *deck)
{
	struct cfg_errors errs;
	enum cfg_result rc;

	cfg_errors_init(&errs);
	rc = deck_load(path, deck, &errs);
	for (int i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.msgs[i]);
	cfg_errors_fini(&errs);
	if (rc == CFG_EOPEN)
		return CLI_EXIT_NOINPUT;
	return rc == CFG_OK ? CLI_EXIT_OK : CLI_EXIT_DATA;
}

static int present_loop(struct presenter *p)
{
	int quit = 0;

	while (!quit && !tui_quit_signal()) {
		int ch, continued = tui_take_redraw();

		if (continued)
			clearok(curscr, TRUE);
		live_tick(p, continued);
		state_beat(p);
		draw(p);
		ch = getch();
		if (ch == KEY_RESIZE)
			clearok(curscr, TRUE);
		else if (ch != ERR)
			quit = handle_key(p, ch);
	}
	/* Like the live view: a signal that ended the talk shows in the exit code. */
	return tui_quit_signal() ? 128 + tui_quit_signal() : CLI_EXIT_OK;
}

static int present(const char *path, unsigned flags)
{
	struct presenter p;
	int rc;

	memset(&p, 0, sizeof(p));
	rc = load_deck(path, &p.deck);
	if (rc != CLI_EXIT_OK)
		return rc;
	p.tui_flags = flags;
	/* without it an answer is asked again on each visit: no reason to stop the talk */
	p.answered = calloc((size_t)p.deck.n_slides, 1);
	p.started = now_mono();
	p.started_wall = time(NULL);
	if (!present_state_path(p.state_path, sizeof(p.state_path)))
		p.state_path[0] = '\0';
	if (tui_init(flags) < 0) {
		fprintf(stderr, "gossipsim: the talk needs a terminal; try 'gossipsim --plain'\n");
		free(p.answered);
		deck_fini(&p.deck);
		return CLI_EXIT_SOFTWARE;
	}
	p.slide = -1;
	go_to(&p, 0);
	rc = present_loop(&p);
	slide_release(&p);
	tui_fini();
	/* another presenter may have taken the file over since: it stays theirs */
	if (p.state_path[0])
		present_state_remove(p.state_path);
	free(p.answered);
	deck_fini(&p.deck);
	return rc;
}

static int print_plain(const char *path, int with_notes)
{
	struct deck deck;
	int rc = load_deck(path, &deck);

	if (rc != CLI_EXIT_OK)
		return rc;
	if (deck_plain_print(&deck, with_notes, stdout) < 0)
		rc = CLI_EXIT_NOINPUT;
	deck_fini(&deck);
	return rc;
}

/* ---- the notes follower -------------------------------------------------------------- */

enum follow_status {
	FOLLOW_WAITING,                 /* no talk has written the file */
	FOLLOW_ON,                      /* following a talk that runs */
	FOLLOW_STOPPED,                 /* the file's talk ended without removing it */
	FOLLOW_REFUSED                  /* the file is not one to trust */
};

struct follower {
	struct deck deck;
	int have_deck;
	struct present_state st;
	enum follow_status status;
	char why[128];                  /* FOLLOW_REFUSED: what is wrong with the file */
	char state_path[4096];
};

/* Loads the deck st names unless it is loaded already. */
static void follow_deck(struct follower *f, const struct present_state *st)
{
	struct cfg_errors errs;

	if (f->have_deck && strcmp(st->deck, f->deck.path) == 0)
		return;
	if (f->have_deck)
		deck_fini(&f->deck);
	cfg_errors_init(&errs);
	f->have_deck = deck_load(st->deck, &f->deck, &errs) == CFG_OK;
	cfg_errors_fini(&errs);
}

/*
 * Re-reads the state file, and loads the deck it names when that changed; a file the
 * follower cannot trust names no deck it opens. Returns 1 when there is something new.
 */
static int follow_poll(struct follower *f)
{
	struct present_state st;
	enum follow_status was = f->status;
	char why[sizeof(f->why)];
	enum present_state_read rc = present_state_read(f->state_path, &st, why, sizeof(why));

	if (rc != PRESENT_STATE_OK) {
		int news = strcmp(why, f->why) != 0;

		snprintf(f->why, sizeof(f->why), "%s", why);
		f->status = rc == PRESENT_STATE_UNTRUSTED ? FOLLOW_REFUSED : FOLLOW_WAITING;
		return f->status != was || news;
	}
	if (!present_state_alive(&st, time(NULL))) {
		f->status = FOLLOW_STOPPED;
		f->st = st;
		return was != FOLLOW_STOPPED;
	}
	if (was == FOLLOW_ON && memcmp(&st, &f->st, sizeof(st)) == 0)
		return 0;
	follow_deck(f, &st);
	f->st = st;
	f->status = f->have_deck && st.slide >= 0 && st.slide < f->deck.n_slides ?
	            FOLLOW_ON : FOLLOW_WAITING;
	return 1;
}

/* The screen without a talk to follow: waiting, stopped, or a file refused. */
static void follow_draw_idle(const struct follower *f)
{
	int w = COLS, h = LINES;
	char line[256];

	centred(h / 2 - 2, w, tui_attr(TUI_TITLE) | A_BOLD, "speaker notes");
	if (f->status == FOLLOW_STOPPED) {
		centred(h / 2, w, tui_attr(TUI_WARNING) | A_BOLD, "the talk has stopped");
		snprintf(line, sizeof(line), "its presenter (pid %ld) is gone without a word; "
		         "waiting for the next talk", f->st.pid);
		wrap(h / 2 + 2, 2, w - 4, 3, 0, tui_attr(TUI_DIM), line);
	} else if (f->status == FOLLOW_REFUSED) {
		centred(h / 2, w, tui_attr(TUI_WARNING) | A_BOLD, "not following the talk's file");
		centred(h / 2 + 1, w, tui_attr(TUI_DIM), f->state_path);
		snprintf(line, sizeof(line), "%s: only a file of your own that nobody else may "
		         "write is followed", f->why);
		wrap(h / 2 + 3, 2, w - 4, 3, 0, tui_attr(TUI_NORMAL), line);
	} else {
		centred(h / 2, w, tui_attr(TUI_DIM),
		        "waiting for the talk: run gossipsim in another terminal");
	}
}

/*
 * The notes reflowed to w columns (present_notes_wrap(): paragraphs joined and wrapped,
 * no word left alone on a row where that can be helped, list items hanging past their
 * marks). When they do not fit in maxh rows, the last row ends in "…", so the speaker
 * knows there is more. Returns the rows used.
 */
static int note_lines(int y, int x, int w, int maxh, attr_t attr, const char *s)
{
	char (*rows)[PRESENT_NOTE_ROW];
	int n, i;

	if (maxh <= 0 || !(rows = malloc(sizeof *rows * (size_t)maxh)))
		return 0;
	n = present_notes_wrap(s, w, rows, maxh);
	for (i = 0; i < n && i < maxh; i++)
		tui_put(stdscr, y + i, x, w, attr, rows[i]);
	if (n > maxh)
		tui_put(stdscr, y + maxh - 1, x + w - 1, 1, tui_attr(TUI_ACCENT) | A_BOLD,
		        tui_utf8() ? "\xe2\x80\xa6" : "~");
	free(rows);
	return n < maxh ? n : maxh;
}

/*
 * The first row: "slide 10/41  2007 · Vertical scaling" and, at the right, "talk 01:31".
 * On a narrow terminal the chapter gives way first (cut with "…"), then the clock, so
 * the two never run into each other.
 */
static void follow_header(const struct follower *f, const struct deck_slide *s, int w)
{
	char talk[32], right[48], slide[32];
	int rw, room;

	format_elapsed((long long)time(NULL) - f->st.started, talk, sizeof(talk));
	snprintf(right, sizeof(right), "talk %s", talk);
	snprintf(slide, sizeof(slide), "slide %d/%d", f->st.slide + 1, f->deck.n_slides);
	rw = tui_width(right);
	if (tui_width(slide) + 2 + rw > w - 2)
		rw = 0;                         /* not even the slide and the clock: the slide */
	room = w - 2 - (rw ? rw + 2 : 0);
	if (rw)
		tui_put(stdscr, 0, w - 1 - rw, rw, tui_attr(TUI_DIM), right);
	if (tui_width(slide) + 2 + 2 > room)
		tui_put(stdscr, 0, 1, room, tui_attr(TUI_ACCENT) | A_BOLD, slide);
	else
		tui_put_fitf(stdscr, 0, 1, room, tui_attr(TUI_ACCENT) | A_BOLD, "%s  %s", slide,
		             f->deck.chapters[s->chapter].label);
}

/*
 * The notes of the presenter's slide: header, title, the prediction and its answer once
 * revealed, the notes, and the next slide's title on the last row. Under 12 rows the
 * gaps between them go, so that the notes keep as many rows as the terminal has.
 */
static void follow_draw(const struct follower *f)
{
	const struct deck_slide *s;
	int w = COLS, h = LINES, gap = h < 12 ? 0 : 1, y;

	erase();
	if (f->status != FOLLOW_ON) {
		follow_draw_idle(f);
		refresh();
		return;
	}
	s = &f->deck.slides[f->st.slide];
	follow_header(f, s, w);
	tui_put_fit(stdscr, 1 + gap, 1, w - 2, tui_attr(TUI_TITLE) | A_BOLD, s->title);
	y = 2 + 2 * gap;
	if (s->predict)
		y += labelled(y, 1, w - 2, 3, "Predict: ", s->predict) + gap;
	if (s->predict && s->answer && f->st.revealed)
		y += labelled(y, 1, w - 2, 3, "Answer: ", s->answer) + gap;
	note_lines(y, 1, w - 2, h - 1 - gap - y, tui_attr(TUI_NORMAL),
	           s->notes ? s->notes : "(no notes for this slide)");
	if (f->st.slide + 1 < f->deck.n_slides)
		tui_put_fitf(stdscr, h - 1, 1, w - 2, tui_attr(TUI_DIM), "next: %s",
		             f->deck.slides[f->st.slide + 1].title);
	refresh();
}

static int follow_notes(unsigned flags)
{
	struct follower f;

	memset(&f, 0, sizeof(f));
	if (!present_state_path(f.state_path, sizeof(f.state_path)))
		return CLI_EXIT_SOFTWARE;
	if (tui_init(flags) < 0) {
		fprintf(stderr, "gossipsim: --notes needs a terminal\n");
		return CLI_EXIT_SOFTWARE;
	}
	timeout(NOTES_POLL_MS);
	/* Redraw on news, on a resize, and every poll while a talk runs (its clock ticks). */
	for (int redraw = 1; !tui_quit_signal();) {
		int ch;

		if (follow_poll(&f) || redraw || tui_take_redraw() || f.status == FOLLOW_ON)
			follow_draw(&f);
		ch = getch();
		if (ch == 'q' || ch == 'Q')
			break;
		redraw = ch == KEY_RESIZE;
	}
	tui_fini();
	if (f.have_deck)
		deck_fini(&f.deck);
	return tui_quit_signal() ? 128 + tui_quit_signal() : CLI_EXIT_OK;
}

int deck_present_run(const struct cli_options *opt)
{
	char path[4096];
	unsigned flags = opt->plain ? TUI_PLAIN : 0;

	if (!deck_data_path(DECK_DEFAULT_PATH, path, sizeof(path))) {
		fprintf(stderr, "gossipsim: the data directory path is too long\n");
		return CLI_EXIT_SOFTWARE;
	}
	if (opt->plain || !isatty(STDOUT_FILENO))
		return print_plain(path, opt->notes);
	/* a terminal curses cannot drive would stay blank: the text of the talk instead */
	if (!tui_can_drive()) {
		const char *term = getenv("TERM");

		fprintf(stderr, "gossipsim: the terminal (TERM=%s) cannot draw the talk; "
		        "printing it as plain text\n", term && *term ? term : "unset");
		return print_plain(path, opt->notes);
	}
	if (opt->notes)
		return follow_notes(flags);
	return present(path, flags);
}
