/* SPDX-License-Identifier: MIT */
/*
 * out_plot.c: `run --plot PATH.png|PATH.svg`, the run over simulated time as charts for
 * handouts, drawn with cairo: latency (p50 dashed, p99 solid, on a log scale, since a
 * healthy 20 ms and a dying 17 s belong on one chart), throughput, error rate, and the
 * story counters so far (failed requests, timeouts, logged-out users...). Every variant
 * is overlaid in its own colour, so the pain and the fix read side by side; an OOM kill
 * or a crash is a thin vertical mark through every panel, in the variant's colour.
 *
 * The series are sampled once a simulated second through out_replay(), the same samples
 * `--csv` writes. The format follows the file name: a PNG image or an SVG document of the
 * same layout. Both are written to a temporary file and renamed into place.
 *
 * Being the binary's only user of cairo, this file is built into the drawing module
 * gossipsim-gfx.so with the window, and main() hands out_plot_write() to out_write_all()
 * from the module's table (module.h).
 */
#include "out_files.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>

#define PLOT_W 1200.0
#define PLOT_H 1190.0
#define LEFT 84.0
#define RIGHT 190.0                     /* room for the names at the ends of the lines */
#define TOP 118.0
#define GAP 46.0
#define FONT "DejaVu Sans"
#define MAX_VARIANTS 6

enum value { V_P50, V_P99, V_THR, V_ERR, V_STORY };
#define N_STORY_MAX 8
#define N_VALUES (V_STORY + N_STORY_MAX)

/* What one variant measured, a sample per simulated second. */
struct series {
	const struct cfg_variant *var;
	int n, cap;
	double *t;                      /* seconds since the start */
	double *v[N_VALUES];
};

/* A panel's rectangle and the ranges it maps. */
struct panel {
	double x, y, w, h;
	double t1;                      /* the time axis runs from 0 to t1 */
	double lo, hi;
	int log;                        /* log10 scale, lo and hi powers of ten */
};

struct plot {
	cairo_t *cr;
	const struct cfg_scenario *sc;
	struct series s[MAX_VARIANTS];
	int n;
	int n_story;
	double t1;
};

static const double palette[MAX_VARIANTS][3] = {
	{0.82, 0.16, 0.16},             /* the first variant, usually the pain: red */
	{0.12, 0.44, 0.71},             /* the second, usually the fix: blue */
	{0.17, 0.58, 0.24}, {0.90, 0.50, 0.05}, {0.50, 0.30, 0.68}, {0.40, 0.40, 0.40},
};

/* ---- the samples ------------------------------------------------------------------ */

static int grow(struct series *s)
{
	int cap = s->cap ? s->cap * 2 : 1024;
	double *t = realloc(s->t, (size_t)cap * sizeof(double));

	if (!t)
		return -1;
	s->t = t;
	for (int i = 0; i < N_VALUES; i++) {
		double *v = realloc(s->v[i], (size_t)cap * sizeof(double));
		if (!v)
			return -1;
		s->v[i] = v;
	}
	s->cap = cap;
	return 0;
}

static int take_sample(void *ctx, const struct sim *sim, const struct sim_snapshot *snap)
{
	struct series *s = ctx;
	double v;

	if (s->n == s->cap && grow(s) != 0)
		return CLI_EXIT_SOFTWARE;
	s->t[s->n] = (double)snap->now / (double)SIM_SEC;
	/* no answer in the second: no latency to show, rather than a fake 0 ms */
	s->v[V_P50][s->n] = snap->throughput_per_s > 0 ? snap->p50_ms : NAN;
	s->v[V_P99][s->n] = snap->throughput_per_s > 0 ? snap->p99_ms : NAN;
	s->v[V_THR][s->n] = snap->throughput_per_s;
	s->v[V_ERR][s->n] = snap->error_rate * 100.0;
	for (int i = 0; out_story_metrics[i] && i < N_STORY_MAX; i++)
		s->v[V_STORY + i][s->n] = sim_metric_get(sim, out_story_metrics[i], &v) == 0 ?
		                          v : NAN;
	s->n++;
	return 0;
}

static void series_free(struct series *s)
{
	free(s->t);
	for (int i = 0; i < N_VALUES; i++)
		free(s->v[i]);
	memset(s, 0, sizeof(*s));
}

/* The last sample of value i, NaN when there is none. */
/* The last value series s had of value i, or NaN when it never had one. */
static double last(const struct series *s, int i)
{
	for (int j = s->n - 1; j >= 0; j--)
		if (isfinite(s->v[i][j]))
			return s->v[i][j];
	return NAN;
}

static double max_of(const struct plot *p, int i)
{
	double m = 0;

	for (int k = 0; k < p->n; k++)
		for (int j = 0; j < p->s[k].n; j++)
			if (isfinite(p->s[k].v[i][j]) && p->s[k].v[i][j] > m)
				m = p->s[k].v[i][j];
	return m;
}

/* ---- axes ------------------------------------------------------------------------- */

static double px(const struct panel *pn, double t)
{
	return pn->x + (pn->t1 > 0 ? t / pn->t1 : 0) * pn->w;
}

/* The y of v, clamped to the panel; a log panel puts 0 on its floor. */
static double py(const struct panel *pn, double v)
{
	double f;

	if (pn->log)
		f = v <= pn->lo ? 0 : (log10(v) - log10(pn->lo)) / (log10(pn->hi) - log10(pn->lo));
	else
		f = (v - pn->lo) / (pn->hi - pn->lo);
	f = f < 0 ? 0 : f > 1 ? 1 : f;
	return pn->y + pn->h - f * pn->h;
}

/* A round step (1, 2 or 5 times a power of ten) that cuts range into about n parts. */
static double nice_step(double range, int n)
{
	double raw = range / n, mag = pow(10, floor(log10(raw))), f = raw / mag;

	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static void text(cairo_t *cr, double x, double y, double size, int bold, const char *s,
                 double align)
{
	cairo_text_extents_t ext;

	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	                       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	cairo_text_extents(cr, s, &ext);
	cairo_move_to(cr, x - align * ext.x_advance, y);
	cairo_show_text(cr, s);
}

static void grey(cairo_t *cr, double level)
{
	cairo_set_source_rgb(cr, level, level, level);
}

static void hline(cairo_t *cr, double x0, double x1, double y)
{
	cairo_move_to(cr, x0, floor(y) + 0.5);
	cairo_line_to(cr, x1, floor(y) + 0.5);
	cairo_stroke(cr);
}

/* "1k", "250", "0.5", "12%": a tick label. */
static void tick_label(char *buf, size_t len, double v, const char *unit)
{
	if (fabs(v) >= 1e6 && fmod(v, 1e6) == 0)
		snprintf(buf, len, "%gM%s", v / 1e6, unit);
	else if (fabs(v) >= 1000 && fmod(v, 1000) == 0)
		snprintf(buf, len, "%gk%s", v / 1000, unit);
	else
		snprintf(buf, len, "%g%s", v, unit);
}

static void y_ticks(cairo_t *cr, const struct panel *pn, const char *unit)
{
	char label[32];
	double step = pn->log ? 0 : nice_step(pn->hi - pn->lo, 4);
	/* a log panel's floor may sit below 1 so that a count of 1 clears it */
	double first = pn->log ? pow(10, ceil(log10(pn->lo) - 1e-9)) : pn->lo;

	cairo_set_line_width(cr, 1);
	for (double v = first; v <= pn->hi * 1.0001; v = pn->log ? v * 10 : v + step) {
		double y = py(pn, v);

		grey(cr, 0.90);
		hline(cr, pn->x, pn->x + pn->w, y);
		grey(cr, 0.35);
		tick_label(label, sizeof(label), v, unit);
		text(cr, pn->x - 8, y + 4, 11, 0, label, 1);
	}
}

/* Clock-time labels under a panel, at a round step that gives at most ten of them. */
static void x_ticks(const struct plot *p, const struct panel *pn, int labels)
{
	static const double steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600,
	                               7200, 21600, 43200, 86400};
	sim_time start = p->sc->variants[0].cfg.clock_start;
	double step = steps[0];
	cairo_t *cr = p->cr;
	char buf[16];

	for (size_t i = 1; i < sizeof(steps) / sizeof(steps[0]) && p->t1 / step > 10; i++)
		step = steps[i];
	cairo_set_line_width(cr, 1);
	for (double t = 0; t <= p->t1 + 1e-9; t += step) {
		double x = floor(px(pn, t)) + 0.5;
		long long c = (long long)((start / SIM_SEC + (sim_time)t) % 86400);

		grey(cr, 0.93);
		cairo_move_to(cr, x, pn->y);
		cairo_line_to(cr, x, pn->y + pn->h);
		cairo_stroke(cr);
		if (!labels)
			continue;
		if (step >= 60)
			snprintf(buf, sizeof(buf), "%02lld:%02lld", c / 3600, c / 60 % 60);
		else
			snprintf(buf, sizeof(buf), "%02lld:%02lld:%02lld", c / 3600, c / 60 % 60,
			         c % 60);
		grey(cr, 0.35);
		text(cr, x, pn->y + pn->h + 16, 11, 0, buf, 0.5);
	}
}

static void frame(const struct plot *p, const struct panel *pn, const char *title,
                  const char *note, const char *unit)
{
	cairo_t *cr = p->cr;

	x_ticks(p, pn, 1);
	y_ticks(cr, pn, unit);
	grey(cr, 0.55);
	cairo_set_line_width(cr, 1);
	cairo_rectangle(cr, floor(pn->x) + 0.5, floor(pn->y) + 0.5, floor(pn->w), floor(pn->h));
	cairo_stroke(cr);
	grey(cr, 0.10);
	text(cr, pn->x, pn->y - 10, 14, 1, title, 0);
	if (note) {
		cairo_text_extents_t ext;

		cairo_text_extents(cr, title, &ext);
		grey(cr, 0.45);
		text(cr, pn->x + ext.x_advance + 10, pn->y - 10, 11, 0, note, 0);
	}
}

/* ---- lines ------------------------------------------------------------------------ */

static void set_colour(cairo_t *cr, int k, double alpha)
{
	const double *c = palette[k % MAX_VARIANTS];

	cairo_set_source_rgba(cr, c[0], c[1], c[2], alpha);
}

/* One value of one variant as a polyline; a NaN sample breaks it. */
static void line(const struct plot *p, const struct panel *pn, int k, int value,
                 const double *dash, int n_dash, double width)
{
	const struct series *s = &p->s[k];
	cairo_t *cr = p->cr;
	int open = 0;

	cairo_save(cr);
	cairo_rectangle(cr, pn->x, pn->y - 1, pn->w, pn->h + 2);
	cairo_clip(cr);
	for (int j = 0; j < s->n; j++) {
		double v = s->v[value][j];

		if (!isfinite(v)) {
			open = 0;
			continue;
		}
		if (open)
			cairo_line_to(cr, px(pn, s->t[j]), py(pn, v));
		else
			cairo_move_to(cr, px(pn, s->t[j]), py(pn, v));
		open = 1;
	}
	set_colour(cr, k, 0.92);
	cairo_set_line_width(cr, width);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_dash(cr, dash, n_dash, 0);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/*
 * The names at the right ends of a panel's lines, "p99 pain 16.9 s", each in its line's
 * colour. They are gathered first and placed together: each at its line's last height,
 * moved apart where they would overlap, and kept within the panel's height so that none
 * runs into the time labels under it or the next panel.
 */
#define N_END_LABELS (N_STORY_MAX * MAX_VARIANTS)
#define END_LABEL_GAP 13.0              /* one line of 11-pixel text */

struct end_labels {
	int n;
	double y[N_END_LABELS];
	int k[N_END_LABELS];
	char text[N_END_LABELS][96];
};

void out_plot_end_text(char *buf, size_t len, const char *what, const char *variant,
                       double v, const char *unit)
{
	if (!isfinite(v))
		snprintf(buf, len, "%s %s -", what, variant);
	else if (fabs(v) >= 100 || v == floor(v))
		snprintf(buf, len, "%s %s %.0f%s", what, variant, v, unit);
	else
		snprintf(buf, len, "%s %s %.3g%s", what, variant, v, unit);
}

void out_plot_stack(double *y, int n, double gap, double bottom)
{
	for (int i = 1; i < n; i++)
		y[i] = fmax(y[i], y[i - 1] + gap);
	if (n > 0 && y[n - 1] > bottom)
		y[n - 1] = bottom;
	for (int i = n - 2; i >= 0; i--)
		y[i] = fmin(y[i], y[i + 1] - gap);
}

/*
 * Adds the label of variant k's line whose last value there was is v (NaN: it never had
 * one): latency has no value in a second without answers, and a run often ends on one,
 * so the label speaks of the last second that had one.
 */
static void end_label(const struct plot *p, const struct panel *pn, int k, double v,
                      const char *what, const char *unit, struct end_labels *l)
{
	int i = l->n;

	if (i == N_END_LABELS)
		return;
	l->n++;
	l->k[i] = k;
	l->y[i] = round(isfinite(v) ? py(pn, v) + 4 : pn->y + pn->h);
	out_plot_end_text(l->text[i], sizeof(l->text[i]), what, p->s[k].var->name, v, unit);
}

/* Swaps labels i and j. */
static void swap_labels(struct end_labels *l, int i, int j)
{
	double y = l->y[i];
	int k = l->k[i];
	char text[96];

	memcpy(text, l->text[i], sizeof(text));
	l->y[i] = l->y[j], l->k[i] = l->k[j];
	memcpy(l->text[i], l->text[j], sizeof(text));
	l->y[j] = y, l->k[j] = k;
	memcpy(l->text[j], text, sizeof(text));
}

/*
 * Draws the labels, sorted by height (stable: equal heights keep the order they were
 * added in) and stacked within the panel's height. Positions are whole pixels, so the
 * result is the same on every machine.
 */
static void draw_end_labels(const struct plot *p, const struct panel *pn, struct end_labels *l)
{
	for (int i = 1; i < l->n; i++)
		for (int j = i; j > 0 && l->y[j - 1] > l->y[j]; j--)
			swap_labels(l, j - 1, j);
	out_plot_stack(l->y, l->n, END_LABEL_GAP, pn->y + pn->h);
	for (int i = 0; i < l->n; i++) {
		set_colour(p->cr, l->k[i], 1);
		text(p->cr, pn->x + pn->w + 8, l->y[i], 11, 0, l->text[i], 0);
	}
}

/* A thin vertical mark through every panel wherever counter i went up. */
static void event_marks(const struct plot *p, double top, double bottom, int counter,
                        const char *label)
{
	cairo_t *cr = p->cr;
	const struct panel whole = {LEFT, top, PLOT_W - LEFT - RIGHT, bottom - top, p->t1, 0, 1,
	                            0};

	for (int k = 0; k < p->n; k++) {
		const struct series *s = &p->s[k];

		for (int j = 1; j < s->n; j++) {
			double a = s->v[counter][j - 1], b = s->v[counter][j];
			double x = floor(px(&whole, s->t[j])) + 0.5;
			const double dash[] = {2, 3};

			if (!(isfinite(a) && isfinite(b) && b > a))
				continue;
			set_colour(cr, k, 0.55);
			cairo_set_line_width(cr, 1);
			cairo_set_dash(cr, dash, 2, 0);
			cairo_move_to(cr, x, top);
			cairo_line_to(cr, x, bottom);
			cairo_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
			set_colour(cr, k, 1);
			text(cr, x + 3, top + 12 + 12 * k, 10, 1, label, 0);
		}
	}
}

/* ---- the panels ------------------------------------------------------------------- */

static double log_ceil(double v)
{
	return v <= 1 ? 10 : pow(10, ceil(log10(v)));
}

static void latency_panel(const struct plot *p, struct panel *pn)
{
	const double dash[] = {6, 4};
	struct end_labels l = {0};

	pn->log = 1;
	pn->lo = 1;
	pn->hi = log_ceil(fmax(max_of(p, V_P99), max_of(p, V_P50)));
	frame(p, pn, "Latency", "p99 solid, p50 dashed, ms, log scale", "");
	for (int k = 0; k < p->n; k++) {
		line(p, pn, k, V_P50, dash, 2, 1.6);
		line(p, pn, k, V_P99, NULL, 0, 2.2);
	}
	for (int k = 0; k < p->n; k++) {
		end_label(p, pn, k, last(&p->s[k], V_P99), "p99", " ms", &l);
		end_label(p, pn, k, last(&p->s[k], V_P50), "p50", " ms", &l);
	}
	draw_end_labels(p, pn, &l);
}

static void linear_panel(const struct plot *p, struct panel *pn, int value, const char *title,
                         const char *note, const char *unit, const char *what, double floor_hi)
{
	struct end_labels l = {0};
	double m = max_of(p, value);

	pn->lo = 0;
	pn->hi = m > floor_hi ? ceil(m / nice_step(m, 4)) * nice_step(m, 4) : floor_hi;
	frame(p, pn, title, note, unit);
	for (int k = 0; k < p->n; k++)
		line(p, pn, k, value, NULL, 0, 2.0);
	for (int k = 0; k < p->n; k++)
		end_label(p, pn, k, last(&p->s[k], value), what, unit, &l);
	draw_end_labels(p, pn, &l);
}

/* The counters that moved in some variant, on a log scale, a dash pattern each. */
static void story_panel(const struct plot *p, struct panel *pn)
{
	static const double dashes[N_STORY_MAX][2] = {
		{1, 0}, {7, 4}, {2, 3}, {10, 3}, {4, 2}, {1, 5}, {12, 6}, {3, 8},
	};
	struct end_labels l = {0};
	double hi = 1;

	for (int i = 0; i < p->n_story; i++)
		hi = fmax(hi, max_of(p, V_STORY + i));
	pn->log = 1;
	pn->lo = 0.4;
	pn->hi = log_ceil(hi);
	frame(p, pn, "Story counters", "since the start, log scale", "");
	for (int i = 0; i < p->n_story; i++) {
		if (max_of(p, V_STORY + i) <= 0)
			continue;
		for (int k = 0; k < p->n; k++) {
			line(p, pn, k, V_STORY + i, dashes[i], dashes[i][1] > 0 ? 2 : 0, 1.8);
			if (last(&p->s[k], V_STORY + i) > 0)
				end_label(p, pn, k, last(&p->s[k], V_STORY + i), out_story_metrics[i],
				          "", &l);
		}
	}
	draw_end_labels(p, pn, &l);
	if (l.n == 0) {
		grey(p->cr, 0.45);
		text(p->cr, pn->x + pn->w / 2, pn->y + pn->h / 2, 13, 0,
		     "nothing went wrong: no failures, timeouts, logouts, kills or crashes", 0.5);
	}
}

/* Variant k's entry in the legend: "name: description", or its name alone. */
static void legend_entry(const struct plot *p, int k, int names_only, char *buf, size_t len)
{
	const struct cfg_variant *v = p->s[k].var;

	if (names_only || !v->description[0])
		snprintf(buf, len, "%s", v->name);
	else
		snprintf(buf, len, "%s: %s", v->name, v->description);
}

/* How wide the legend would be, in points, with or without the descriptions. */
static double legend_width(const struct plot *p, int names_only)
{
	char buf[1400];
	double w = 0;

	cairo_save(p->cr);
	cairo_select_font_face(p->cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(p->cr, 12);
	for (int k = 0; k < p->n; k++) {
		cairo_text_extents_t ext;

		legend_entry(p, k, names_only, buf, sizeof(buf));
		cairo_text_extents(p->cr, buf, &ext);
		w += 28 + ext.x_advance + 24;
	}
	cairo_restore(p->cr);
	return w;
}

static void header(const struct plot *p)
{
	cairo_t *cr = p->cr;
	char buf[1400];
	double x = LEFT;

	grey(cr, 0.08);
	text(cr, LEFT, 34, 20, 1, p->sc->title[0] ? p->sc->title : p->sc->path, 0);
	snprintf(buf, sizeof(buf), "%s  ·  seed %llu  ·  one sample per simulated second",
	         p->sc->path, (unsigned long long)p->sc->seed);
	grey(cr, 0.40);
	text(cr, LEFT, 56, 12, 0, buf, 0);
	/* The legend is one line: with each variant's description when they all fit, else
	 * with their names alone, so that no variant is left out. */
	int names_only = legend_width(p, 0) > PLOT_W - LEFT - RIGHT;

	for (int k = 0; k < p->n; k++) {
		cairo_text_extents_t ext;

		set_colour(cr, k, 1);
		cairo_rectangle(cr, x, 72, 22, 4);
		cairo_fill(cr);
		legend_entry(p, k, names_only, buf, sizeof(buf));
		grey(cr, 0.15);
		text(cr, x + 28, 79, 12, 0, buf, 0);
		cairo_text_extents(cr, buf, &ext);
		x += 28 + ext.x_advance + 24;
	}
}

static void draw(struct plot *p)
{
	double w = PLOT_W - LEFT - RIGHT;
	struct panel lat = {LEFT, TOP, w, 280, p->t1, 0, 1, 0};
	struct panel thr = {LEFT, lat.y + lat.h + GAP, w, 190, p->t1, 0, 1, 0};
	struct panel err = {LEFT, thr.y + thr.h + GAP, w, 150, p->t1, 0, 1, 0};
	struct panel sto = {LEFT, err.y + err.h + GAP, w, 240, p->t1, 0, 1, 0};

	cairo_set_source_rgb(p->cr, 1, 1, 1);
	cairo_paint(p->cr);
	header(p);
	latency_panel(p, &lat);
	linear_panel(p, &thr, V_THR, "Throughput", "answered requests per second", "", "req/s",
	             10);
	linear_panel(p, &err, V_ERR, "Errors", "failed / answered", "%", "errors", 5);
	story_panel(p, &sto);
	for (int i = 0; i < p->n_story; i++) {
		if (strcmp(out_story_metrics[i], "oom_kills") == 0)
			event_marks(p, lat.y, sto.y + sto.h, V_STORY + i, "OOM kill");
		else if (strcmp(out_story_metrics[i], "crashes") == 0)
			event_marks(p, lat.y, sto.y + sto.h, V_STORY + i, "crash");
	}
	grey(p->cr, 0.45);
	text(p->cr, LEFT, PLOT_H - 12, 10, 0,
	     "time axis: simulated time of day  ·  drawn by gossipsim run --plot", 0);
}

/* ---- the file --------------------------------------------------------------------- */

/* Cairo's writes into an out_file; a failure's errno is kept for the commit's message. */
static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int len)
{
	struct out_file *of = closure;

	if (fwrite(data, 1, len, of->f) == len)
		return CAIRO_STATUS_SUCCESS;
	of->error = errno;
	return CAIRO_STATUS_WRITE_ERROR;
}

static int is_svg(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && strcmp(path + n - 4, ".svg") == 0;
}

/* Draws p onto a surface of the path's format that writes into of. */
static int render(struct plot *p, const char *path, struct out_file *of)
{
	cairo_surface_t *surf = is_svg(path) ?
		cairo_svg_surface_create_for_stream(write_stream, of, PLOT_W, PLOT_H) :
		cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)PLOT_W, (int)PLOT_H);
	cairo_status_t st;

	p->cr = cairo_create(surf);
	draw(p);
	st = cairo_status(p->cr);
	cairo_destroy(p->cr);
	p->cr = NULL;
	if (st == CAIRO_STATUS_SUCCESS && !is_svg(path))
		st = cairo_surface_write_to_png_stream(surf, write_stream, of);
	cairo_surface_finish(surf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	/*
	 * Font caches live as long as the process otherwise; a chart is drawn once, so they
	 * are given back and leak checkers see a clean exit. Cairo's go first: they hold
	 * fontconfig's patterns. Both come back by themselves if another chart is drawn.
	 */
	cairo_debug_reset_static_data();
	FcFini();
	return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

/* Samples every variant asked for; 0, or an exit code after a message. */
static int collect(struct plot *p, const struct cfg_scenario *sc, int variant,
                   const struct cli_options *opt, FILE *err)
{
	int rc = 0;

	for (int v = 0; v < sc->n_variants && rc == 0; v++) {
		if ((variant >= 0 && v != variant) || p->n == MAX_VARIANTS)
			continue;
		p->s[p->n].var = &sc->variants[v];
		rc = out_replay(sc, v, opt, take_sample, &p->s[p->n], err);
		if (p->s[p->n].n > 0)
			p->t1 = fmax(p->t1, p->s[p->n].t[p->s[p->n].n - 1]);
		p->n++;
	}
	if (rc == CLI_EXIT_SOFTWARE)
		fprintf(err, "gossipsim: out of memory\n");
	return rc;
}

int out_plot_write(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                   FILE *err)
{
	struct plot p = {.sc = sc};
	struct out_file of;
	int rc;

	while (out_story_metrics[p.n_story] && p.n_story < N_STORY_MAX)
		p.n_story++;
	rc = collect(&p, sc, variant, opt, err);
	if (rc == 0)
		rc = out_file_open(&of, opt->plot_path, err);
	/* a failed write leaves the stream in error: the commit says why */
	if (rc == 0 && render(&p, opt->plot_path, &of) != 0 && !ferror(of.f)) {
		fprintf(err, "gossipsim: cannot draw '%s'\n", opt->plot_path);
		out_file_abort(&of);
		rc = CLI_EXIT_NOINPUT;
	} else if (rc == 0) {
		rc = out_file_commit(&of, err);
	}
	for (int k = 0; k < p.n; k++)
		series_free(&p.s[k]);
	return rc;
}
