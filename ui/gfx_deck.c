/* SPDX-License-Identifier: MIT */
/*
 * gfx_deck.c: the talk in the SDL2 window, `gossipsim --gui`: the deck of assets/ drawn
 * for a projector with the terminal walkthrough's keys and meaning. Title, bullet and
 * closing slides are text; diagram slides draw their era's topology; incident slides run
 * their scenario live (after the prediction, when the slide asks one) and comparison
 * slides run the pain and the fix side by side, through the window's live view.
 *
 * As in the terminal, only the current slide holds resources (its era or scenario and its
 * live view); they are dropped and rebuilt on every slide change, so a slide always starts
 * from the moment it opens at (time zero, or its from: at its speed:) and a missing file
 * costs one failed load per visit. The talk's clock in the footer is the wall time the
 * window has run, summed frame by frame.
 */
#include "gfx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "deck.h"
#include "gfx_draw.h"
#include "gfx_live.h"
#include "layout.h"

#define SEP "   \xc2\xb7   "                 /* between the footer's parts: " · " */

struct deck_view {
	struct deck deck;
	int slide;
	int revealed;                   /* incident with a prediction: the answer is shown */
	int menu_open;
	int menu_sel;
	int help_open;
	char digits[8];                 /* a slide number being typed */
	double talk_seconds;

	int loaded;                     /* sc holds the slide's era or scenario */
	struct cfg_scenario sc;
	char why[640];                  /* why the slide's file cannot be shown */
	struct gfx_live *live;
};

/* ---- the current slide's resources --------------------------------------------------- */

static const struct deck_slide *cur(const struct deck_view *d)
{
	return &d->deck.slides[d->slide];
}

static int is_live_slide(const struct deck_slide *s)
{
	return s->kind == DECK_INCIDENT || s->kind == DECK_COMPARISON;
}

/* A prediction holds the simulation until the speaker reveals the answer. */
static int holding(const struct deck_view *d)
{
	return cur(d)->kind == DECK_INCIDENT && cur(d)->predict && !d->revealed;
}

static void slide_release(struct deck_view *d)
{
	gfx_live_destroy(d->live);
	d->live = NULL;
	if (d->loaded)
		cfg_scenario_fini(&d->sc);
	d->loaded = 0;
	d->why[0] = '\0';
}

/* The variant called name, or -1 with the reason in d->why. */
static int slide_variant(struct deck_view *d, const char *name)
{
	int v = deck_slide_variant(&d->sc, name);

	if (v < 0)
		snprintf(d->why, sizeof(d->why), "scenario not available: %s has no variant '%s'",
		         cur(d)->file, name ? name : "?");
	return v;
}

static void start_live(struct deck_view *d)
{
	const struct deck_slide *s = cur(d);
	int left = slide_variant(d, s->kind == DECK_INCIDENT ? s->variant : s->pain);
	int right = s->kind == DECK_COMPARISON ? slide_variant(d, s->fix) : -1;
	sim_time t;

	if (left < 0 || (s->kind == DECK_COMPARISON && right < 0) ||
	    deck_slide_check(s, &d->sc, d->why, sizeof(d->why)) < 0 ||
	    deck_slide_opening(s, &d->sc, left, &t, d->why, sizeof(d->why)) < 0)
		return;
	d->live = gfx_live_create(&d->sc, left, d->sc.seed, 0);
	if (!d->live) {
		snprintf(d->why, sizeof(d->why), "out of memory");
		return;
	}
	gfx_live_set_flags(d->live, GFX_LIVE_NO_TITLE | GFX_LIVE_NO_KEYS);
	if (right >= 0)
		gfx_live_compare(d->live, right);
	/* where the slide's story starts: a prediction holds the run there */
	gfx_live_open_at(d->live, t, s->speed);
	if (gfx_live_error(d->live)) {
		snprintf(d->why, sizeof(d->why), "%s: %s", s->file, gfx_live_error(d->live));
		gfx_live_destroy(d->live);
		d->live = NULL;
	}
}

static void slide_acquire(struct deck_view *d)
{
	const struct deck_slide *s = cur(d);

	if (s->kind != DECK_DIAGRAM && !is_live_slide(s))
		return;
	d->loaded = deck_slide_load(s, &d->sc, d->why, sizeof(d->why)) == 0;
	if (d->loaded && is_live_slide(s))
		start_live(d);
}

/* Moves to slide i (clamped), rebuilding what the slide needs. */
static void go_to(struct deck_view *d, int i)
{
	i = i < 0 ? 0 : i >= d->deck.n_slides ? d->deck.n_slides - 1 : i;
	if (i == d->slide)
		return;
	slide_release(d);
	d->slide = i;
	d->revealed = 0;
	slide_acquire(d);
}

/* ---- drawing: text slides ------------------------------------------------------------ */

/* The body as bullets from y in font; returns the next free y. */
static int draw_bullets(struct gfx *g, const struct deck_slide *s, SDL_Rect area,
                        enum gfx_font font, int max_lines)
{
	int lh = gfx_font_height(g, font), indent = gfx_px(g, 44), y = area.y, lines = 0;
	float dot = (float)gfx_px(g, 7);

	for (int i = 0; i < s->n_body && lines < max_lines; i++) {
		int room = (area.y + area.h - y) / lh;

		if (room <= 0)
			break;
		if (!s->body[i][0]) {
			y += lh / 2;
			continue;
		}
		/* lines that start with spaces continue the bullet above */
		if (s->body[i][0] != ' ')
			gfx_disc(g, (float)(area.x + indent / 3), (float)(y + lh / 2), dot,
			         gfx_accent);
		y += lh * gfx_wrap(g, font, area.x + indent, y, area.w - indent, room, gfx_text_fg,
		                   1, s->body[i]);
		y += gfx_px(g, 10);
		lines++;
	}
	return y;
}

/* Closing slides: the body in columns, monospaced, the block centred by its widest line. */
static void draw_columns(struct gfx *g, const struct deck_slide *s, int cx, int y, int w)
{
	int widest = 0, lh = gfx_font_height(g, GFX_MONO_LARGE);

	for (int i = 0; i < s->n_body; i++) {
		int tw = gfx_text_width(g, GFX_MONO_LARGE, s->body[i]);

		widest = tw > widest ? tw : widest;
	}
	widest = widest < w ? widest : w;
	for (int i = 0; i < s->n_body; i++)
		gfx_text(g, GFX_MONO_LARGE, cx - widest / 2, y + i * lh, gfx_text_fg, GFX_LEFT, w,
		         s->body[i]);
}

/* Title and closing slides: everything centred, the first body line in the accent colour. */
static void draw_title_page(struct gfx *g, const struct deck_slide *s, SDL_Rect area)
{
	int th = gfx_font_height(g, GFX_HUGE), gap = gfx_px(g, 40);
	int lh = gfx_font_height(g, GFX_LARGE), bh = gfx_font_height(g, GFX_BODY);
	int body_h = s->kind == DECK_CLOSING ? s->n_body * gfx_font_height(g, GFX_MONO_LARGE) :
	             s->n_body > 0 ? lh + (s->n_body - 1) * bh : 0;
	int y = area.y + (area.h - th - gap - body_h) / 2, cx = area.x + area.w / 2;

	gfx_text(g, GFX_HUGE, cx, y, gfx_text_fg, GFX_CENTRE, area.w, s->title);
	y += th + gap;
	if (s->kind == DECK_CLOSING) {
		draw_columns(g, s, cx, y, area.w);
		return;
	}
	for (int i = 0; i < s->n_body; i++) {
		gfx_text(g, i ? GFX_BODY : GFX_LARGE, cx, y, i ? gfx_text_fg : gfx_accent,
		         GFX_CENTRE, area.w, s->body[i]);
		y += i ? bh : lh;
	}
}

/* ---- drawing: diagrams --------------------------------------------------------------- */

/*
 * A box of an era's diagram: its label, and its kind under it where there is room; a box
 * no request reaches (no line either) has a grey frame, a dim label and "unused".
 */
static void draw_static_box(struct gfx *g, const struct sim_config *cfg,
                            const struct layout_box *b, SDL_Rect area)
{
	SDL_Rect r = {area.x + b->x, area.y + b->y, b->w, b->h};
	const char *kind = b->node == LAYOUT_CLIENTS ? "users" :
	                   sim_node_kind_name(cfg->nodes[b->node].kind);
	const char *name = b->node == LAYOUT_CLIENTS ? NULL : cfg->nodes[b->node].name;
	int kh = gfx_font_height(g, GFX_BODY), pad = gfx_px(g, 10), inner = r.w - 2 * pad;
	int room = r.h - 2 * gfx_px(g, 3), lh, nl, y;
	enum gfx_font lf;
	char label[2][64];

	/*
	 * The whole label first (smaller, or on two lines); the kind under a label in the
	 * large face when it fits too, so a row of boxes does not say it for one box alone.
	 */
	nl = gfx_fit_label(g, b->label, name, inner, room, GFX_BOLD, &lf, label);
	lh = gfx_font_height(g, lf);
	if (b->unused)
		kind = "unused";        /* no request reaches it: it has no line either */
	if (lf != GFX_BOLD || nl * lh + kh > room || gfx_text_width(g, GFX_BODY, kind) > inner)
		kh = 0;
	y = r.y + (r.h - nl * lh - kh) / 2;
	gfx_box(g, r, gfx_px(g, 14), gfx_px(g, 3), b->node == LAYOUT_CLIENTS ? gfx_clients :
	        b->unused ? gfx_grid : gfx_accent, gfx_panel);
	for (int i = 0; i < nl; i++)
		gfx_text(g, lf, r.x + r.w / 2, y + i * lh, b->unused ? gfx_dim : gfx_text_fg,
		         GFX_CENTRE, inner, label[i]);
	if (kh)
		gfx_text(g, GFX_BODY, r.x + r.w / 2, y + nl * lh, gfx_dim, GFX_CENTRE, inner, kind);
}

static void draw_static_edge(struct gfx *g, const struct layout_edge *e, SDL_Rect area)
{
	int t = gfx_px(g, 4), head = gfx_px(g, 18), half = gfx_px(g, 11);
	struct layout_point tip;

	if (e->n_points < 2)
		return;
	/* replicas of each other: a dashed bracket with no head */
	if (e->lateral) {
		for (int i = 0; i + 1 < e->n_points; i++)
			gfx_dashed(g, area.x + e->points[i].x, area.y + e->points[i].y,
			           area.x + e->points[i + 1].x, area.y + e->points[i + 1].y,
			           gfx_px(g, 3), gfx_px(g, 6), gfx_violet);
		return;
	}
	for (int i = 0; i + 1 < e->n_points; i++)
		gfx_segment(g, area.x + e->points[i].x, area.y + e->points[i].y,
		            area.x + e->points[i + 1].x, area.y + e->points[i + 1].y, t, gfx_dim);
	tip = e->points[e->n_points - 1];
	gfx_triangle(g, (SDL_FPoint){(float)(area.x + tip.x + 1), (float)(area.y + tip.y)},
	             (SDL_FPoint){(float)(area.x + tip.x - head), (float)(area.y + tip.y - half)},
	             (SDL_FPoint){(float)(area.x + tip.x - head), (float)(area.y + tip.y + half)},
	             gfx_dim);
}

/* The era's boxes and arrows, no taller than its rows need, centred in area. */
static void draw_topology(struct gfx *g, const struct sim_config *cfg, SDL_Rect area)
{
	struct layout lay;
	int rows, want;

	layout_compute(cfg, area.w, area.h, &lay);
	rows = layout_max_rows(&lay) > 0 ? lay.n_rows : 1;
	want = rows * gfx_px(g, 190);
	if (area.h > want) {
		area.y += (area.h - want) / 2;
		area.h = want;
	}
	if (layout_compute(cfg, area.w, area.h, &lay) != 0) {
		gfx_text(g, GFX_BODY, area.x, area.y, gfx_dim, GFX_LEFT, area.w,
		         "(the diagram needs a larger window)");
		return;
	}
	for (int i = 0; i < lay.n_edges; i++)
		draw_static_edge(g, &lay.edges[i], area);
	for (int i = 0; i < lay.n_boxes; i++)
		draw_static_box(g, cfg, &lay.boxes[i], area);
}

/* A slide whose file cannot be used: the reason, and how to run it later. */
static void draw_unavailable(struct gfx *g, const struct deck_view *d, SDL_Rect area)
{
	int lh = gfx_font_height(g, GFX_LARGE);
	int n = gfx_wrap(g, GFX_LARGE, area.x, area.y, area.w, 3,
	                 gfx_health_color(SIM_HEALTH_BUSY), 1, d->why[0] ? d->why :
	                 "not available");
	char line[600];

	if (!is_live_slide(cur(d)))
		return;
	snprintf(line, sizeof(line), "later, run it with: gossipsim --gui %s", cur(d)->file);
	gfx_text(g, GFX_BODY, area.x, area.y + n * lh + gfx_px(g, 12), gfx_dim, GFX_LEFT, area.w,
	         line);
}

static void draw_diagram(struct gfx *g, const struct deck_view *d, SDL_Rect area)
{
	int top = draw_bullets(g, cur(d), area, GFX_LARGE, 6);
	SDL_Rect rest = {area.x, top + gfx_px(g, 20), area.w, 0};

	rest.h = area.y + area.h - rest.y;
	if (!d->loaded)
		draw_unavailable(g, d, rest);
	else if (rest.h > gfx_px(g, 100))
		draw_topology(g, &d->sc.variants[0].cfg, rest);
}

/* ---- drawing: incidents and comparisons ---------------------------------------------- */

static void draw_prediction(struct gfx *g, const struct deck_slide *s, SDL_Rect area)
{
	int pad = gfx_px(g, 28), lh = gfx_font_height(g, GFX_LARGE), bh = gfx_font_height(g,
	          GFX_BOLD), inner = area.w - 2 * pad;
	int n = gfx_wrap(g, GFX_LARGE, 0, 0, inner, 6, gfx_text_fg, 0, s->predict);
	SDL_Rect box = {area.x, area.y + gfx_px(g, 20), area.w, 2 * pad + bh + gfx_px(g, 12) +
	                n * lh};

	gfx_box(g, box, gfx_px(g, 16), gfx_px(g, 3), gfx_accent, gfx_panel);
	gfx_text(g, GFX_BOLD, box.x + pad, box.y + pad, gfx_accent, GFX_LEFT, 0, "Predict");
	gfx_wrap(g, GFX_LARGE, box.x + pad, box.y + pad + bh + gfx_px(g, 12), inner, n,
	         gfx_text_fg, 1, s->predict);
	gfx_text(g, GFX_BODY, box.x, box.y + box.h + gfx_px(g, 16), gfx_dim, GFX_LEFT, area.w,
	         "next: reveal the answer and start the simulation");
}

static void draw_live_slide(struct gfx *g, struct deck_view *d, SDL_Rect area)
{
	const struct deck_slide *s = cur(d);
	int y = draw_bullets(g, s, area, GFX_BODY, s->kind == DECK_INCIDENT ? 3 : 2);
	SDL_Rect rest = {area.x, y, area.w, 0};

	if (holding(d)) {
		rest.h = area.y + area.h - y;
		draw_prediction(g, s, rest);
		return;
	}
	if (s->predict && s->answer) {
		int n = gfx_wrap(g, GFX_BOLD, rest.x, rest.y, rest.w, 2, gfx_accent, 1, s->answer);

		rest.y += gfx_px(g, 6) + n * gfx_font_height(g, GFX_BOLD);
	}
	rest.h = area.y + area.h - rest.y;
	if (!d->live)
		draw_unavailable(g, d, rest);
	else
		gfx_live_draw(d->live, g, rest);
}

/* ---- drawing: the frame and the overlays --------------------------------------------- */

static int draw_header(struct gfx *g, const struct deck_view *d, SDL_Rect area)
{
	const struct deck_chapter *c = deck_slide_chapter(&d->deck, d->slide);
	int bh = gfx_font_height(g, GFX_BOLD), th = gfx_font_height(g, GFX_HUGE);
	char right[64];

	snprintf(right, sizeof(right), "chapter %d/%d", cur(d)->chapter + 1, d->deck.n_chapters);
	gfx_text(g, GFX_BODY, area.x + area.w, area.y, gfx_dim, GFX_RIGHT, 0, right);
	gfx_text(g, GFX_BOLD, area.x, area.y, gfx_accent, GFX_LEFT, area.w - gfx_px(g, 300),
	         c->label);
	if (cur(d)->kind == DECK_TITLE || cur(d)->kind == DECK_CLOSING)
		return bh + gfx_px(g, 10);
	gfx_text(g, GFX_HUGE, area.x, area.y + bh + gfx_px(g, 10), gfx_text_fg, GFX_LEFT, area.w,
	         cur(d)->title);
	gfx_fill(g, (SDL_Rect){area.x, area.y + bh + th + gfx_px(g, 22), area.w, gfx_px(g, 2)},
	         gfx_grid);
	return bh + th + gfx_px(g, 44);
}

/* "12:34" or "1:02:03" */
static void fmt_talk(char *buf, size_t len, double seconds)
{
	long long s = (long long)seconds;

	if (s >= 3600)
		snprintf(buf, len, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, len, "%lld:%02lld", s / 60, s % 60);
}

static void draw_footer(struct gfx *g, const struct deck_view *d, SDL_Rect bar)
{
	const struct deck_chapter *c = deck_slide_chapter(&d->deck, d->slide);
	char line[512], talk[32], clock[16] = "";
	int y = bar.y + (bar.h - gfx_font_height(g, GFX_BODY)) / 2;

	gfx_fill(g, (SDL_Rect){bar.x, bar.y, bar.w, gfx_px(g, 2)}, gfx_grid);
	if (d->digits[0]) {
		snprintf(line, sizeof(line), "go to slide: %s_   (Enter: go, Esc: cancel)",
		         d->digits);
		gfx_text(g, GFX_BOLD, bar.x, y, gfx_accent, GFX_LEFT, bar.w, line);
		return;
	}
	fmt_talk(talk, sizeof(talk), d->talk_seconds);
	if (d->live)
		gfx_live_clock(d->live, clock, sizeof(clock));
	snprintf(line, sizeof(line), "%s" SEP "slide %d/%d%s%s" SEP "talk %s", c->label,
	         d->slide + 1, d->deck.n_slides, clock[0] ? SEP "sim " : "", clock, talk);
	gfx_text(g, GFX_BODY, bar.x, y, gfx_dim, GFX_LEFT, bar.w - gfx_px(g, 360), line);
	gfx_text(g, GFX_BODY, bar.x + bar.w, y, gfx_dim, GFX_RIGHT, 0,
	         holding(d) ? "Right the answer   ? help   q quit" :
	         d->live ? "Space pause   ? help   q quit" : "? help   q quit");
}

/* A dimmed screen with a panel of w x h in its middle; returns the panel. */
static SDL_Rect overlay(struct gfx *g, int w, int h)
{
	SDL_Rect panel = {(g->w - w) / 2, (g->h - h) / 2, w, h};

	gfx_fill(g, (SDL_Rect){0, 0, g->w, g->h}, (SDL_Color){0, 0, 0, 170});
	gfx_box(g, panel, gfx_px(g, 16), gfx_px(g, 3), gfx_accent, gfx_panel);
	return panel;
}

/* The chapters, one a line: year, title, and the slides they span. */
static void draw_menu(struct gfx *g, const struct deck_view *d)
{
	int lh = gfx_font_height(g, GFX_BODY) + gfx_px(g, 6), pad = gfx_px(g, 28);
	int rows = (g->h - 2 * gfx_px(g, 80) - 3 * pad) / lh, first = 0;
	int n = d->deck.n_chapters < rows ? d->deck.n_chapters : rows;
	SDL_Rect p = overlay(g, gfx_px(g, 1100), n * lh + 2 * pad + gfx_px(g, 60));

	if (d->menu_sel >= n)
		first = d->menu_sel - n + 1;
	gfx_text(g, GFX_LARGE, p.x + pad, p.y + pad / 2, gfx_text_fg, GFX_LEFT, 0, "Chapters");
	for (int r = 0; r < n; r++) {
		const struct deck_chapter *c = &d->deck.chapters[first + r];
		int y = p.y + pad + gfx_px(g, 50) + r * lh, on = first + r == d->menu_sel;
		SDL_Color fg = on ? gfx_ink : gfx_text_fg;
		char year[8] = "", span[32];

		if (on)
			gfx_fill_round(g, (SDL_Rect){p.x + pad / 2, y, p.w - pad, lh},
			               gfx_px(g, 8), gfx_accent);
		if (c->year)
			snprintf(year, sizeof(year), "%d", c->year);
		if (c->n_slides > 1)
			snprintf(span, sizeof(span), "%d\xe2\x80\x93%d", c->first + 1,
			         c->first + c->n_slides);
		else
			snprintf(span, sizeof(span), "%d", c->first + 1);
		gfx_text(g, GFX_BOLD, p.x + pad, y + 3, fg, GFX_LEFT, 0, year);
		gfx_text(g, GFX_BODY, p.x + pad + gfx_px(g, 110), y + 3, fg, GFX_LEFT,
		         p.w - 2 * pad - gfx_px(g, 240), c->title);
		gfx_text(g, GFX_BODY, p.x + p.w - pad, y + 3, on ? gfx_ink : gfx_dim, GFX_RIGHT, 0,
		         span);
	}
}

static const char *const help_lines[][2] = {
	{"Right  Space  PgDn  Enter", "next slide"},
	{"Left  PgUp  Backspace", "previous slide"},
	{"M", "chapter menu"},
	{"digits, then Enter", "go to slide N"},
	{"Home  End", "first, last slide"},
	{"F11  f", "full screen"},
	{"q  Esc", "quit"},
	{"", ""},
	{"on live slides:", ""},
	{"Space  + \xe2\x88\x92  s", "pause, speed, one event"},
	{"[  ]  r", "seek 10 s, restart"},
	{"Tab  v", "next variant, side by side"},
};

static void draw_help(struct gfx *g)
{
	int n = (int)(sizeof(help_lines) / sizeof(help_lines[0]));
	int lh = gfx_font_height(g, GFX_BODY) + gfx_px(g, 6), pad = gfx_px(g, 32);
	SDL_Rect p = overlay(g, gfx_px(g, 1000), n * lh + 2 * pad + gfx_px(g, 60));

	gfx_text(g, GFX_LARGE, p.x + pad, p.y + pad / 2, gfx_text_fg, GFX_LEFT, 0, "Keys");
	for (int i = 0; i < n; i++) {
		int y = p.y + pad + gfx_px(g, 50) + i * lh;

		gfx_text(g, GFX_BOLD, p.x + pad, y, gfx_accent, GFX_LEFT, 0, help_lines[i][0]);
		gfx_text(g, GFX_BODY, p.x + pad + gfx_px(g, 460), y, gfx_text_fg, GFX_LEFT, 0,
		         help_lines[i][1]);
	}
}

static void deck_draw(void *ctx, struct gfx *g)
{
	struct deck_view *d = ctx;
	int mx = gfx_px(g, 56), my = gfx_px(g, 28), foot = gfx_px(g, 56);
	SDL_Rect area = {mx, my, g->w - 2 * mx, g->h - my - foot};
	const struct deck_slide *s = cur(d);
	int head;

	gfx_clear(g, gfx_bg);
	head = draw_header(g, d, area);
	area.y += head;
	area.h -= head;
	if (s->kind == DECK_TITLE || s->kind == DECK_CLOSING)
		draw_title_page(g, s, area);
	else if (s->kind == DECK_DIAGRAM)
		draw_diagram(g, d, area);
	else if (is_live_slide(s))
		draw_live_slide(g, d, area);
	else
		draw_bullets(g, s, area, GFX_LARGE, s->n_body);
	draw_footer(g, d, (SDL_Rect){mx, g->h - foot, g->w - 2 * mx, foot});
	if (d->menu_open)
		draw_menu(g, d);
	if (d->help_open)
		draw_help(g);
}

/* ---- keys ---------------------------------------------------------------------------- */

static void next(struct deck_view *d)
{
	if (holding(d))
		d->revealed = 1;
	else
		go_to(d, d->slide + 1);
}

static void back(struct deck_view *d)
{
	if (cur(d)->predict && d->revealed)
		d->revealed = 0;
	else
		go_to(d, d->slide - 1);
}

static int shifted(const SDL_KeyboardEvent *ev)
{
	return (ev->keysym.mod & KMOD_SHIFT) != 0;
}

static int is_enter(SDL_Keycode k)
{
	return k == SDLK_RETURN || k == SDLK_KP_ENTER;
}

static void menu_key(struct deck_view *d, SDL_Keycode k)
{
	int n = d->deck.n_chapters;

	if (k == SDLK_UP || k == SDLK_k)
		d->menu_sel = (d->menu_sel + n - 1) % n;
	else if (k == SDLK_DOWN || k == SDLK_j)
		d->menu_sel = (d->menu_sel + 1) % n;
	else if (k == SDLK_HOME)
		d->menu_sel = 0;
	else if (k == SDLK_END)
		d->menu_sel = n - 1;
	else if (is_enter(k) || k == SDLK_RIGHT) {
		d->menu_open = 0;
		go_to(d, d->deck.chapters[d->menu_sel].first);
	} else if (k == SDLK_ESCAPE || k == SDLK_m || k == SDLK_q) {
		d->menu_open = 0;
	}
}

static int digit_of(SDL_Keycode k)
{
	if (k >= SDLK_0 && k <= SDLK_9)
		return (int)(k - SDLK_0);
	if (k >= SDLK_KP_1 && k <= SDLK_KP_9)
		return (int)(k - SDLK_KP_1) + 1;
	return k == SDLK_KP_0 ? 0 : -1;
}

/* Digits typed so far, Enter to go, Esc or Backspace to edit. Returns 1 when consumed. */
static int digit_key(struct deck_view *d, SDL_Keycode k)
{
	size_t n = strlen(d->digits);
	int digit = digit_of(k);

	if (digit >= 0) {
		if (n + 1 < sizeof(d->digits)) {
			d->digits[n] = (char)('0' + digit);
			d->digits[n + 1] = '\0';
		}
		return 1;
	}
	if (!n)
		return 0;
	if (k == SDLK_BACKSPACE) {
		d->digits[n - 1] = '\0';
		return 1;
	}
	if (is_enter(k))
		go_to(d, atoi(d->digits) - 1);
	d->digits[0] = '\0';
	return is_enter(k) || k == SDLK_ESCAPE;
}

static int is_live_key(SDL_Keycode k)
{
	switch (k) {
	case SDLK_SPACE: case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS: case SDLK_MINUS:
	case SDLK_KP_MINUS: case SDLK_s: case SDLK_LEFTBRACKET: case SDLK_RIGHTBRACKET:
	case SDLK_r: case SDLK_TAB: case SDLK_v:
		return 1;
	default:
		return 0;
	}
}

static void slide_key(struct deck_view *d, const SDL_KeyboardEvent *ev)
{
	SDL_Keycode k = ev->keysym.sym;

	if (k == SDLK_RIGHT || k == SDLK_SPACE || k == SDLK_PAGEDOWN || is_enter(k) ||
	    k == SDLK_l || k == SDLK_n || k == SDLK_PERIOD)
		next(d);
	else if (k == SDLK_LEFT || k == SDLK_PAGEUP || k == SDLK_BACKSPACE || k == SDLK_h ||
	         k == SDLK_p)
		back(d);
	else if (k == SDLK_m) {
		d->menu_open = 1;
		d->menu_sel = cur(d)->chapter;
	} else if (k == SDLK_QUESTION || (k == SDLK_SLASH && shifted(ev)))
		d->help_open = 1;
	else if (k == SDLK_HOME || (k == SDLK_g && !shifted(ev)))
		go_to(d, 0);
	else if (k == SDLK_END || k == SDLK_g)
		go_to(d, d->deck.n_slides - 1);
}

/* Acts on one key; returns 1 to quit. */
static int deck_key(void *ctx, const SDL_KeyboardEvent *ev)
{
	struct deck_view *d = ctx;
	SDL_Keycode k = ev->keysym.sym;

	if (d->help_open) {
		d->help_open = 0;
		return 0;
	}
	if (d->menu_open) {
		menu_key(d, k);
		return 0;
	}
	if (digit_key(d, k))
		return 0;
	if (d->live && !holding(d) && is_live_key(k)) {
		gfx_live_key(d->live, k);
		return 0;
	}
	if (k == SDLK_q || k == SDLK_ESCAPE)
		return 1;
	slide_key(d, ev);
	return 0;
}

static void deck_advance(void *ctx, double wall)
{
	struct deck_view *d = ctx;

	d->talk_seconds += wall;
	if (d->live && !holding(d) && !d->menu_open && !d->help_open)
		gfx_live_advance(d->live, wall);
}

/* ---- the entry point ----------------------------------------------------------------- */

/* Loads the shipped deck, printing every problem to err (NULL: nowhere). Returns an exit code. */
static int load_deck(struct deck *deck, FILE *err)
{
	char path[4096];
	struct cfg_errors errs;
	enum cfg_result rc;

	if (!deck_data_path(DECK_DEFAULT_PATH, path, sizeof(path))) {
		if (err)
			fprintf(err, "gossipsim: the data directory path is too long\n");
		return CLI_EXIT_SOFTWARE;
	}
	cfg_errors_init(&errs);
	rc = deck_load(path, deck, &errs);
	for (int i = 0; i < errs.n && err; i++)
		fprintf(err, "%s\n", errs.msgs[i]);
	cfg_errors_fini(&errs);
	if (rc == CFG_EOPEN)
		return CLI_EXIT_NOINPUT;
	return rc == CFG_OK ? CLI_EXIT_OK : CLI_EXIT_DATA;
}

int gfx_run_deck(const struct cli_options *opt)
{
	struct deck_view *d = calloc(1, sizeof(*d));
	struct gfx_screen screen = {d, deck_advance, deck_draw, deck_key};
	char err[1024], title[600];
	int rc;

	(void)opt;
	if (!d) {
		fprintf(stderr, "gossipsim: out of memory\n");
		return CLI_EXIT_SOFTWARE;
	}
	rc = load_deck(&d->deck, stderr);
	if (rc == CLI_EXIT_OK && d->deck.n_slides == 0) {
		fprintf(stderr, "gossipsim: %s has no slides\n", d->deck.path);
		rc = CLI_EXIT_DATA;
	}
	if (rc == CLI_EXIT_OK) {
		slide_acquire(d);
		snprintf(title, sizeof(title), "gossipsim: %s",
		         d->deck.title ? d->deck.title : "the talk");
		rc = gfx_window_run(title, &screen, err, sizeof(err));
		if (rc != CLI_EXIT_OK)
			fprintf(stderr, "gossipsim: %s\n", err);
		slide_release(d);
		deck_fini(&d->deck);
	}
	free(d);
	return rc;
}

int gfx_deck_screenshot(int slide, sim_time t, int w, int h, const char *path, char *err,
                        size_t len)
{
	struct deck_view *d = calloc(1, sizeof(*d));
	struct gfx_screen screen = {d, deck_advance, deck_draw, deck_key};
	int rc;

	if (!d) {
		snprintf(err, len, "out of memory");
		return CLI_EXIT_SOFTWARE;
	}
	rc = load_deck(&d->deck, NULL);
	if (rc != CLI_EXIT_OK) {
		snprintf(err, len, "the deck cannot be loaded");
	} else if (slide < 1 || slide > d->deck.n_slides) {
		snprintf(err, len, "no slide %d (the deck has %d)", slide, d->deck.n_slides);
		rc = CLI_EXIT_USAGE;
	} else {
		d->slide = slide - 1;
		d->revealed = 1;
		slide_acquire(d);
		if (d->live)
			gfx_live_play_to(d->live, t < 0 ? gfx_live_end(d->live) : t, GFX_FPS);
		rc = gfx_screen_png(&screen, w, h, path, err, len);
		slide_release(d);
	}
	deck_fini(&d->deck);         /* an empty deck too: it frees nothing */
	free(d);
	return rc;
}
