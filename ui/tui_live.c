/* SPDX-License-Identifier: MIT */
/*
 * tui_live.c: a scenario replayed live in the terminal, alone or two variants side by side.
 *
 * A view holds one or two runs (struct run), each a struct sim of one variant with the
 * same seed, so the pain and the fix see the same traffic. All runs share one simulated
 * clock: advancing, seeking and stepping move them together. Every simulated second a run
 * takes a sample of its snapshot (hottest app CPU and RAM, fullest DB pool, the cache hit
 * ratio so far, queued requests, p50, p99, error rate, throughput) into a ring of the last
 * minute, which the sparklines draw. Seeking back is sim_reset() and a replay to the
 * target (the engine replays ten simulated minutes in well under a second), sampling only
 * the last minute of the way; a replay takes the same samples as the first pass, so going
 * back and forth shows the same picture. A deck's diagram slide uses a view paused after a
 * minute and draws its topology alone.
 *
 * Drawing never leaves the rectangle it is given. A pane (one run) stacks the variant's
 * header, the topology (boxes from layout.c, arrows drawn cell by cell from the routes so
 * that crossings and junctions get the right line characters; labels too long for their
 * boxes in short forms from tui_label.c, chosen once for both diagrams side by side so
 * that a node reads the same in each), the key under it (the counts whose arrowheads keep
 * no slot, each after the arrow it belongs to and who sends on it, the deepest first, each
 * on the first row with room for it; the short labels in full), a line of story counters,
 * the meters and the incident log, or in their place the a key's legend of short labels
 * and of what the twins' marks say (the a key says so when it has nothing to show). Each
 * arrowhead's count sits right against it, in cells its layout keeps for it once, so that
 * counts stay put as they grow; one that outgrows them (100k where a turn leaves three
 * cells) moves to the key once, for good. Where the plain diagram does not read
 * at a pane's size (layout_tangled(): the 2026 platform's services, whose lines meet on
 * their way to their databases and Kafka), the region twins are drawn as one box with
 * ports (layout.c): a box stands for several nodes, its colour their shared health or the
 * plain one, a mark a twin under its label ("us✗ eu✓", regions cut alike in every box of
 * one diagram), and each count adds up the
 * engine's counts of every node of the boxes at either end; a box may then have an
 * arrowhead a port (struct head). A diagram whose key has no room for every count is
 * drawn shorter where that gives its key the rows (shorter_for_counts()). Where no
 * diagram reads, or one of twins leaves counts the key has no rows for (in the talk, most
 * of them: the platform side by side at 80x24), the topology is a list of the calls under
 * a line that says so, each with its own count, those of the scenario's faults first, the
 * lines it leaves out on the a key's pages; that is planned again when the engine counts
 * an edge it had not (a new count may need a row). The status line and the key line frame
 * the panes. What goes under the diagrams is planned once for every pane on screen
 * (struct plan): the same meters, the story's own first, the same story counters on the
 * same rows of both halves of a comparison, and the same form, a list beside a list.
 * Every meter that applies is shown, one a row, two a row or compact (a label and a
 * value), and the log keeps LOG_KEEP lines under its header: the diagram gives way before
 * the log. Up and Down hold each pane's log at an entry (struct run's log_end), and i
 * gives the log the pane.
 */
#include "tui_live.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "deck.h"
#include "layout.h"
#include "report.h"
#include "sim.h"
#include "tui.h"
#include "tui_label.h"

#define HIST 60                         /* samples kept: one a simulated second */
#define METER_COL_W 36                  /* a meter with its sparkline (draw_meter()) */
#define LOG_KEEP 3                      /* lines of the log every pane keeps under its header */
#define CELL_VALUE_W 5                  /* a compact meter's value: "100%", "5.7s", "807ms" */
#define MAX_STORY 12
#define MAX_LEAD 8                      /* meters a slide may put first */
#define LATENCY_HOLD 5                  /* seconds a latency meter keeps its last value */
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

enum series { S_CPU, S_RAM, S_POOL, S_HIT, S_QUEUE, S_P50, S_P99, S_ERR, S_THR, S__N };

/*
 * An arrowhead of a diagram: the cell where the arrows of one port of a box end (every
 * arrow into a box without ports), with the cells before it its count keeps.
 */
struct head {
	int x, y;                       /* in the diagram */
	int box;                        /* the box it points into */
	int last;                       /* of its arrows, the one that turns last: its last
	                                   run is the part they share */
	int slot;                       /* the width its diagram's counts are written for:
	                                   4 ("1.2k"), 3 ("1k"); 0: its count goes to the key */
	int room;                       /* the cells before it a count may take, up to 4 */
	struct tui_live_count count;    /* where its count went, as last drawn */
};

struct run {
	struct sim *sim;
	int variant;
	struct sim_snapshot snap;
	double hist[S__N][HIST];        /* rings; head is the next slot written */
	int n_hist;
	int head;
	sim_time next_sample;
	struct sim_edge_view prev_edges[SIM_MAX_NODES * 4];
	int n_prev_edges;
	uint64_t recent[SIM_MAX_NODES + 1]; /* requests into each node over the last second */
	uint64_t edge_recent[SIM_MAX_NODES * 4]; /* of each of prev_edges, the same second */
	struct layout lay;
	int lay_w, lay_h, lay_ok;
	int topo_w, topo_h, topo;       /* the rows the topology took in a pane of that size */
	int topo_edges;                 /* the edges the engine counted then: a new one may
	                                   bring a count the key has no room for */
	int topo_over;                  /* and the counts grown past their heads' room then */
	int key_rows;                   /* of those, the rows under the diagram for its key */
	int list;                       /* 1: the calls listed, as no diagram has room */
	struct head heads[LAYOUT_MAX_EDGES];
	int n_heads;
	int head_of[LAYOUT_MAX_EDGES];  /* each edge's arrowhead, -1: none */
	int n_keyed;                    /* counts in the key, two-way lines' other way too */
	int top_y, top_x;               /* where the topology was last drawn, -1: nowhere */
	int calls_y, calls_x;           /* where the list of calls was, -1: nowhere */
	struct tui_live_call calls[LAYOUT_MAX_EDGES]; /* the counts of that list */
	int n_calls;
	int calls_left;                 /* its first line left out, for the a key's pages */
	int fit_w, fit_h, fit_cap, fit_as; /* fit_band(): the pane it fitted, for which rows */
	struct tui_live_count counts[LAYOUT_MAX_EDGES]; /* of each edge's head, as last drawn */
	char shown[LAYOUT_MAX_BOXES][SIM_NAME_MAX * 2]; /* each box's label, unique */
	int label_at[LAYOUT_MAX_BOXES][3];      /* the cells it is centred in: y, x, w */
	unsigned char named[LAYOUT_MAX_BOXES];  /* 1: the key under the diagram gives it */
	unsigned char unused[LAYOUT_MAX_BOXES]; /* 1: no request of this variant reaches it */
	int mark_cut;                   /* of mark_cuts, how twin boxes write their regions */
	char mark_key[SIM_MAX_REGIONS + 3][SIM_NAME_MAX + 8]; /* their legend: "u=us", "✓=up" */
	int n_mark_key;
	long log_end;                   /* the log shown up to this entry, -1: the newest */
	char error[256];
};

struct tui_live {
	const struct cfg_scenario *sc;
	uint64_t seed;
	struct run runs[2];
	int n_runs;
	double speed;                   /* simulated seconds per wall second */
	int paused;
	double owed;                    /* microseconds of simulated time not yet run */
	sim_time origin;                /* where the view opened, and r goes back to */
	char flash[96];                 /* a status message, expiring after flash_left */
	double flash_left;
	const char *story[MAX_STORY];   /* metric names on the story line */
	int n_story;
	int names;                      /* > 0: the page of short labels in full shown (a) */
	int names_pages;                /* the most pages a pane's short labels took */
	int legend;                     /* items the a key's pages hold, as last drawn: 0,
	                                   and a says so rather than show an empty page */
	int lead[MAX_LEAD], n_lead;     /* the meters shown first, before the others */
	int in_talk;                    /* the talk's footer gives ? help and q quit */
	int log_page;                   /* the log takes the panes (i) */
};

static const double speeds[] = {
	0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000,
};

/* ---- numbers as people read them --------------------------------------------------- */

/*
 * "60,186"; a fraction keeps a decimal or two below 100 ("3.1", "0.06") and is rounded
 * above, so no count ever reads "9.26e+03".
 */
static void fmt_count(char *buf, size_t len, double v)
{
	char digits[32];
	size_t n, i, o = 0;

	if (!isfinite(v)) {
		snprintf(buf, len, "-");
		return;
	}
	if (fabs(v) >= 1e15) {
		snprintf(buf, len, "%.0e", v);
		return;
	}
	if (v != floor(v) && fabs(v) < 100) {
		snprintf(buf, len, fabs(v) < 1 ? "%.2f" : "%.1f", v);
		return;
	}
	snprintf(digits, sizeof digits, "%.0f", fabs(v));
	n = strlen(digits);
	if (v < 0 && o + 1 < len)
		buf[o++] = '-';
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

/*
 * A count in whole units, for the slots of a diagram whose tightest arrowhead keeps
 * three cells: "812", "1k", "60k", then "649k" in four cells, "3M", "12M" (rounded).
 * Four cells may cover the turn before a tight head: draw_heads() gives such a count to
 * the key rather than write ".6M", which the room read as a typo before a label.
 */
static void fmt_short(char *buf, size_t len, uint64_t v)
{
	if (v < 1000)
		snprintf(buf, len, "%u", (unsigned)v);
	else if (v < 999500)
		snprintf(buf, len, "%.0fk", v / 1e3);
	else
		snprintf(buf, len, "%.0fM", v / 1e6);
}

/* At most four characters: "812", "1.2k", "60k", "3.4M". */
static void fmt_compact(char *buf, size_t len, uint64_t v)
{
	if (v < 1000)
		snprintf(buf, len, "%u", (unsigned)v);
	else if (v < 9950)
		snprintf(buf, len, "%.1fk", v / 1e3);
	else if (v < 999500)
		snprintf(buf, len, "%.0fk", v / 1e3);
	else if (v < 9950000)
		snprintf(buf, len, "%.1fM", v / 1e6);
	else
		snprintf(buf, len, "%.0fM", v / 1e6);
}

static void fmt_ms(char *buf, size_t len, double ms)
{
	if (ms < 0)
		snprintf(buf, len, "-");
	else if (ms < 10)
		snprintf(buf, len, "%.1fms", ms);
	else if (ms < 1000)
		snprintf(buf, len, "%.0fms", ms);
	else
		snprintf(buf, len, "%.1fs", ms / 1000);
}

/* "99.9%", "42%", "<0.1%": a fraction as a percentage that never rounds up to 100%. */
static void fmt_percent(char *buf, size_t len, double ratio)
{
	double pct = ratio * 100;

	if (!isfinite(pct))
		snprintf(buf, len, "-");
	else if (pct >= 100 || pct <= 0)
		snprintf(buf, len, "%.0f%%", pct);
	else if (pct < 0.1)
		snprintf(buf, len, "<0.1%%");
	else if (pct >= 99 || pct < 10)
		snprintf(buf, len, "%.1f%%", floor(pct * 10) / 10);
	else
		snprintf(buf, len, "%.0f%%", floor(pct));
}

/*
 * A story counter's value in the unit its name gives (report_metric_unit()): ratios as
 * percentages ("cache_hit_ratio 95%"), milliseconds as times ("publish_latency_mean_ms
 * 9.3s"), dollars, rates; anything else as a count.
 */
static void fmt_metric(char *buf, size_t len, const char *name, double v)
{
	char num[32];

	switch (report_metric_unit(name)) {
	case REPORT_RATIO:
		fmt_percent(buf, len, v);
		break;
	case REPORT_MS:
		fmt_ms(buf, len, v);
		break;
	case REPORT_USD:
		fmt_count(num, sizeof num, floor(v + 0.5));
		snprintf(buf, len, "$%s", num);
		break;
	case REPORT_PER_S:
		fmt_count(num, sizeof num, v);
		snprintf(buf, len, "%s/s", num);
		break;
	default:
		fmt_count(buf, len, v);
		break;
	}
}

/* "4:07" from a simulated time. */
static void fmt_elapsed(char *buf, size_t len, sim_time t)
{
	int s = (int)(t / SIM_SEC % 6000000);   /* past 100,000 minutes nobody is watching */

	snprintf(buf, len, "%d:%02d", s / 60, s % 60);
}

static void note(struct tui_live *live, const char *msg)
{
	snprintf(live->flash, sizeof live->flash, "%s", msg);
	live->flash_left = 2.0;
}

/* What a says where every label and count is on screen whole: its pages would be empty. */
#define LEGEND_NONE "a: nothing left out here, every label and count is on screen"

const char *tui_live_message(const struct tui_live *live)
{
	return live->flash_left > 0 && live->flash[0] ? live->flash : NULL;
}

int tui_live_legend_page(const struct tui_live *live)
{
	return live->names;
}

/* ---- sampling ---------------------------------------------------------------------- */

static const struct sim_config *run_cfg(const struct tui_live *live, const struct run *r)
{
	return &live->sc->variants[r->variant].cfg;
}

/* The hottest app (or any node when there is none) by a view's field. */
static double hottest(const struct sim_snapshot *s, int use_ram)
{
	double best = -1;
	int i, any_app = 0;

	for (i = 0; i < s->n_nodes; i++)
		any_app |= s->nodes[i].kind == SIM_NODE_APP;
	for (i = 0; i < s->n_nodes; i++) {
		const struct sim_node_view *n = &s->nodes[i];
		double v = use_ram ? n->ram : n->cpu;

		if (any_app && n->kind != SIM_NODE_APP)
			continue;
		if (v > best)
			best = v;
	}
	return best;
}

static double fullest_pool(const struct sim_snapshot *s)
{
	double best = -1;
	int i;

	for (i = 0; i < s->n_nodes; i++)
		if (s->nodes[i].kind == SIM_NODE_DB && s->nodes[i].pool > best)
			best = s->nodes[i].pool;
	return best;
}

static int total_queued(const struct sim_snapshot *s)
{
	int i, q = 0;

	for (i = 0; i < s->n_nodes; i++)
		q += s->nodes[i].queued;
	return q;
}

static uint64_t edge_requests(const struct sim_edge_view *e, int n, int from, int to)
{
	int i;

	for (i = 0; i < n; i++)
		if (e[i].from == from && e[i].to == to)
			return e[i].requests;
	return 0;
}

/* Requests into each node since the previous sample, for lit and dim arrows. */
static void sample_edges(struct run *r)
{
	int i;

	memset(r->recent, 0, sizeof r->recent);
	for (i = 0; i < r->snap.n_edges; i++) {
		const struct sim_edge_view *e = &r->snap.edges[i];
		uint64_t before = edge_requests(r->prev_edges, r->n_prev_edges, e->from, e->to);

		r->edge_recent[i] = e->requests - before;
		if (e->to >= 0 && e->to < SIM_MAX_NODES)
			r->recent[e->to] += e->requests - before;
	}
	memcpy(r->prev_edges, r->snap.edges, sizeof(r->snap.edges[0]) * (size_t)r->snap.n_edges);
	r->n_prev_edges = r->snap.n_edges;
}

/* The share of cache and CDN lookups that hit in the last monitor interval, -1: none. */
static double hit_ratio(const struct run *r)
{
	return r->snap.hit_ratio;
}

static void sample(struct run *r)
{
	const struct sim_snapshot *s = &r->snap;
	double v[S__N];
	int i;

	sim_snapshot(r->sim, &r->snap);
	v[S_HIT] = hit_ratio(r);
	v[S_CPU] = hottest(s, 0);
	v[S_RAM] = hottest(s, 1);
	v[S_POOL] = fullest_pool(s);
	v[S_QUEUE] = total_queued(s);
	/* a second that answered nothing has no latency: a gap in the sparkline, not 0 ms */
	v[S_P50] = s->throughput_per_s > 0 ? s->p50_ms : -1;
	v[S_P99] = s->throughput_per_s > 0 ? s->p99_ms : -1;
	v[S_ERR] = s->error_rate;
	v[S_THR] = s->throughput_per_s;
	for (i = 0; i < S__N; i++)
		r->hist[i][r->head] = v[i];
	r->head = (r->head + 1) % HIST;
	if (r->n_hist < HIST)
		r->n_hist++;
	sample_edges(r);
}

/* Copies a series oldest first into out; returns how many values. */
static int series(const struct run *r, enum series which, double *out)
{
	int i, start = (r->head - r->n_hist + HIST) % HIST;

	for (i = 0; i < r->n_hist; i++)
		out[i] = r->hist[which][(start + i) % HIST];
	return r->n_hist;
}

/* ---- moving a run through time ----------------------------------------------------- */

static void run_forget(struct run *r)
{
	r->n_hist = 0;
	r->head = 0;
	r->n_prev_edges = 0;
	memset(r->recent, 0, sizeof r->recent);
	memset(r->edge_recent, 0, sizeof r->edge_recent);
	r->next_sample = SIM_SEC;
}

/* Runs forward to t (clamped to the end), sampling at every whole second passed. */
static void run_forward(struct run *r, sim_time t)
{
	if (!r->sim)
		return;
	if (t > sim_end(r->sim))
		t = sim_end(r->sim);
	while (r->next_sample <= t) {
		if (r->next_sample > sim_now(r->sim))
			sim_run_until(r->sim, r->next_sample);
		sample(r);
		r->next_sample += SIM_SEC;
	}
	if (t > sim_now(r->sim))
		sim_run_until(r->sim, t);
	sim_snapshot(r->sim, &r->snap);
}

/*
 * Moves to t from wherever the run is. Backwards replays from zero; the first part of the
 * way is run without sampling, since only the last minute is shown.
 */
static void run_goto(struct run *r, sim_time t)
{
	sim_time quiet;

	if (!r->sim)
		return;
	if (t < 0)
		t = 0;
	if (t >= sim_now(r->sim)) {
		run_forward(r, t);
		return;
	}
	sim_reset(r->sim);
	run_forget(r);
	quiet = (t / SIM_SEC - HIST) * SIM_SEC;
	if (quiet > 0) {
		/* the sample before the window sets the baseline for the arrows' rates */
		sim_run_until(r->sim, quiet);
		sim_snapshot(r->sim, &r->snap);
		sample_edges(r);
		r->next_sample = quiet + SIM_SEC;
	}
	run_forward(r, t);
}

static void run_close(struct run *r)
{
	sim_destroy(r->sim);
	r->sim = NULL;
}

/* Starts variant v at time zero; on refusal the run keeps the message and no sim. */
static void run_open(struct tui_live *live, struct run *r, int v)
{
	const struct sim_config *cfg = &live->sc->variants[v].cfg;

	run_close(r);
	r->variant = v;
	r->error[0] = '\0';
	r->lay_w = r->lay_h = -1;
	r->topo_w = r->topo_h = -1;
	r->top_y = r->top_x = -1;
	r->calls_y = r->calls_x = -1;
	r->fit_w = -1;
	r->log_end = -1;
	run_forget(r);
	memset(&r->snap, 0, sizeof r->snap);
	r->sim = sim_create(cfg, live->seed, r->error, sizeof r->error);
	if (!r->sim && !r->error[0])
		snprintf(r->error, sizeof r->error, "the engine refused the variant");
	if (r->sim)
		sim_snapshot(r->sim, &r->snap);
}

static sim_time live_now(const struct tui_live *live)
{
	return live->runs[0].sim ? sim_now(live->runs[0].sim) : 0;
}

static void goto_all(struct tui_live *live, sim_time t)
{
	int i;

	for (i = 0; i < live->n_runs; i++)
		run_goto(&live->runs[i], t);
}

/* ---- the story line ---------------------------------------------------------------- */

static void story_add(struct tui_live *live, const char *name)
{
	int i;

	for (i = 0; i < live->n_story; i++)
		if (strcmp(live->story[i], name) == 0)
			return;
	if (live->n_story < MAX_STORY)
		live->story[live->n_story++] = name;
}

/*
 * The counters the scenario is about: every metric a claim of any variant names
 * (oom_kills, charged_without_post...), in the order the file gives them, then failures
 * and requests. A narrow pane keeps the first that fit, so the story comes first.
 */
static void story_init(struct tui_live *live)
{
	int v, i;

	for (v = 0; v < live->sc->n_variants; v++)
		for (i = 0; i < live->sc->variants[v].n_claims; i++)
			story_add(live, live->sc->variants[v].claims[i].metric);
	story_add(live, "failed");
	story_add(live, "requests");
}

/* ---- the public face --------------------------------------------------------------- */

struct tui_live *tui_live_create(const struct cfg_scenario *sc, int variant, uint64_t seed)
{
	struct tui_live *live;

	if (!sc || sc->n_variants < 1)
		return NULL;
	live = calloc(1, sizeof *live);
	if (!live)
		return NULL;
	live->sc = sc;
	live->seed = seed ? seed : sc->seed;
	live->speed = TUI_LIVE_SPEED_DEFAULT;
	if (variant < 0 || variant >= sc->n_variants)
		variant = 0;
	live->n_runs = 1;
	run_open(live, &live->runs[0], variant);
	story_init(live);
	tui_live_lead(live, NULL, 0);
	return live;
}

void tui_live_destroy(struct tui_live *live)
{
	if (!live)
		return;
	run_close(&live->runs[0]);
	run_close(&live->runs[1]);
	free(live);
}

const char *tui_live_error(const struct tui_live *live)
{
	int i;

	for (i = 0; i < live->n_runs; i++)
		if (live->runs[i].error[0])
			return live->runs[i].error;
	return NULL;
}

int tui_live_done(const struct tui_live *live)
{
	int i;

	for (i = 0; i < live->n_runs; i++)
		if (live->runs[i].sim && !sim_done(live->runs[i].sim))
			return 0;
	return 1;
}

int tui_live_paused(const struct tui_live *live)
{
	return live->paused;
}

double tui_live_speed(const struct tui_live *live)
{
	return live->speed;
}

sim_time tui_live_now(const struct tui_live *live)
{
	return live_now(live);
}

int tui_live_variant(const struct tui_live *live)
{
	return live->runs[0].variant;
}

int tui_live_side_by_side(const struct tui_live *live)
{
	return live->n_runs == 2;
}

void tui_live_advance(struct tui_live *live, double wall_seconds)
{
	sim_time step;

	if (wall_seconds < 0)
		wall_seconds = 0;
	live->flash_left -= wall_seconds;
	if (live->paused || tui_live_done(live))
		return;
	live->owed += wall_seconds * live->speed * (double)SIM_SEC;
	step = (sim_time)live->owed;
	live->owed -= (double)step;
	if (step > 0)
		goto_all(live, live_now(live) + step);
}

double tui_live_frame_seconds(double dt, int continued)
{
	if (continued || dt > TUI_LIVE_GAP || dt < 0)
		return 0;
	return dt > 0.25 ? 0.25 : dt;
}

void tui_live_goto(struct tui_live *live, sim_time t)
{
	live->paused = 1;
	goto_all(live, t < 0 ? 0 : t);
}

void tui_live_open_at(struct tui_live *live, sim_time t, double speed)
{
	sim_time end = live->runs[0].sim ? sim_end(live->runs[0].sim) : 0;

	live->origin = t < 0 ? 0 : t > end ? end : t;
	if (speed > 0)
		live->speed = MIN(MAX(speed, TUI_LIVE_SPEED_MIN), TUI_LIVE_SPEED_MAX);
	live->owed = 0;
	goto_all(live, live->origin);
}

/* ---- keys -------------------------------------------------------------------------- */

static void change_speed(struct tui_live *live, int up)
{
	int n = (int)(sizeof speeds / sizeof speeds[0]), i;
	char msg[32];

	for (i = 0; i < n - 1 && speeds[i] < live->speed - 1e-9; i++)
		;
	/* i: the first speed not below the current one */
	if (up)
		i = speeds[i] > live->speed + 1e-9 ? i : i + 1;
	else
		i--;
	i = i < 0 ? 0 : i >= n ? n - 1 : i;
	live->speed = speeds[i];
	snprintf(msg, sizeof msg, "speed x%g", live->speed);
	note(live, msg);
}

/* One event of the left run; the right one follows to the same time. */
static void step_one(struct tui_live *live)
{
	struct run *r = &live->runs[0];
	char msg[64], clock[16];

	live->paused = 1;
	if (!r->sim || !sim_step(r->sim)) {
		note(live, "no event left");
		return;
	}
	run_forward(r, sim_now(r->sim));
	if (live->n_runs == 2)
		run_forward(&live->runs[1], sim_now(r->sim));
	sim_clock_format(r->sim, sim_now(r->sim), clock, sizeof clock);
	snprintf(msg, sizeof msg, "one event: %s, event %llu", clock,
	         (unsigned long long)sim_events(r->sim));
	note(live, msg);
}

static void seek(struct tui_live *live, sim_time delta)
{
	char msg[32];

	goto_all(live, live_now(live) + delta);
	snprintf(msg, sizeof msg, "seek %+llds", (long long)(delta / SIM_SEC));
	note(live, msg);
}

/*
 * Tab: the next variant, at the same simulated time. Side by side it is the right half
 * that changes, to the next variant the left one does not show, so the pain stays on the
 * left beside the fix and then the others.
 */
static void next_variant(struct tui_live *live)
{
	int n = live->sc->n_variants, i = live->n_runs - 1;
	int next = (live->runs[i].variant + 1) % n;
	sim_time t = live_now(live);
	char msg[96];

	if (i == 1 && next == live->runs[0].variant)
		next = (next + 1) % n;
	if (n < 2 || next == live->runs[i].variant) {
		note(live, n < 2 ? "this scenario has one variant" :
		     "side by side with the only other variant already");
		return;
	}
	run_open(live, &live->runs[i], next);
	run_goto(&live->runs[i], t);
	snprintf(msg, sizeof msg, "variant %s", live->sc->variants[next].name);
	note(live, msg);
}

int tui_live_compare(struct tui_live *live, int variant)
{
	if (variant < 0) {
		run_close(&live->runs[1]);
		live->n_runs = 1;
		return 0;
	}
	if (variant >= live->sc->n_variants)
		return -1;
	run_open(live, &live->runs[1], variant);
	run_goto(&live->runs[1], live_now(live));
	live->n_runs = 2;
	return 0;
}

/*
 * v: the pain beside the variant on screen (deck_variant_pair()), or back to one run,
 * the right half's, which is the one Tab chose.
 */
static void toggle_side_by_side(struct tui_live *live)
{
	int left, right;
	sim_time t = live_now(live);
	char msg[96];

	if (live->n_runs == 2) {
		right = live->runs[1].variant;
		tui_live_compare(live, -1);
		if (right != live->runs[0].variant) {
			run_open(live, &live->runs[0], right);
			run_goto(&live->runs[0], t);
		}
		note(live, "one variant");
		return;
	}
	if (deck_variant_pair(live->sc, live->runs[0].variant, &left, &right) < 0) {
		note(live, "this scenario has one variant: nothing to compare");
		return;
	}
	if (left != live->runs[0].variant) {
		run_open(live, &live->runs[0], left);
		run_goto(&live->runs[0], t);
	}
	tui_live_compare(live, right);
	snprintf(msg, sizeof msg, "side by side: %s | %s", live->sc->variants[left].name,
	         live->sc->variants[right].name);
	note(live, msg);
}

/* "restart: back to 02:40:00", the scenario's clock where the view opened. */
static void restarted(struct tui_live *live)
{
	char msg[48], clock[16] = "00:00:00";

	if (live->runs[0].sim)
		sim_clock_format(live->runs[0].sim, live->origin, clock, sizeof clock);
	snprintf(msg, sizeof msg, "restart: back to %s", clock);
	note(live, msg);
}

/*
 * Up and Down: the log an entry older or newer in every pane, from where each shows it;
 * down past the newest it follows the run again. The place is an entry's index, so the
 * lines stay put while the run writes more.
 */
static void scroll_log(struct tui_live *live, int older)
{
	const struct run *r0 = &live->runs[0];
	char msg[64], clock[16];
	int i;

	for (i = 0; i < live->n_runs; i++) {
		struct run *r = &live->runs[i];
		long n = r->sim ? (long)sim_log_count(r->sim) : 0;
		long end = r->log_end < 0 || r->log_end > n ? n : r->log_end;

		end += older ? -1 : 1;
		r->log_end = n == 0 || end >= n ? -1 : MAX(1, end);
	}
	if (r0->log_end < 0 || !r0->sim) {
		note(live, "log: the newest entries");
		return;
	}
	sim_clock_format(r0->sim, sim_log_get(r0->sim, (size_t)r0->log_end - 1)->time, clock,
	                 sizeof clock);
	snprintf(msg, sizeof msg, "log: up to %s (Down: newer)", clock);
	note(live, msg);
}

void tui_live_in_talk(struct tui_live *live)
{
	live->in_talk = 1;
}

int tui_live_key(struct tui_live *live, int ch)
{
	switch (ch) {
	case KEY_UP: case KEY_DOWN:
		scroll_log(live, ch == KEY_UP);
		return 1;
	case 'i':
		live->log_page = !live->log_page;
		note(live, live->log_page ? "the incident log alone (i: back)" : "the whole view");
		return 1;
	case ' ':
		live->paused = !live->paused;
		note(live, live->paused ? "paused" : "running");
		return 1;
	case '+': case '=':
		change_speed(live, 1);
		return 1;
	case '-': case '_':
		change_speed(live, 0);
		return 1;
	case 's':
		step_one(live);
		return 1;
	case '[':
		seek(live, -TUI_LIVE_SEEK);
		return 1;
	case ']':
		seek(live, TUI_LIVE_SEEK);
		return 1;
	case 'r':
		goto_all(live, live->origin);
		live->owed = 0;
		live->runs[0].log_end = live->runs[1].log_end = -1;
		restarted(live);
		return 1;
	case '\t':
		next_variant(live);
		return 1;
	case 'v':
		toggle_side_by_side(live);
		return 1;
	case 'a':
		if (!live->names && !live->legend) {
			note(live, LEGEND_NONE);
			return 1;
		}
		/* page after page, then back to the meters */
		live->names = live->names >= MAX(1, live->names_pages) ? 0 : live->names + 1;
		note(live, live->names ? "short labels in full, in place of the meters and the "
		     "log" : "meters and log");
		return 1;
	default:
		return 0;
	}
}

/* ---- drawing: the topology --------------------------------------------------------- */

enum { UP = 1, DOWN = 2, LEFT = 4, RIGHT = 8 };

static const char *line_glyph(int mask)
{
	const struct tui_glyphs *g = tui_glyphs();

	switch (mask) {
	case LEFT: case RIGHT: case LEFT | RIGHT:
		return g->h;
	case UP: case DOWN: case UP | DOWN:
		return g->v;
	case DOWN | RIGHT:
		return g->tl;
	case DOWN | LEFT:
		return g->tr;
	case UP | RIGHT:
		return g->bl;
	case UP | LEFT:
		return g->br;
	case UP | DOWN | RIGHT:
		return g->tee_right;
	case UP | DOWN | LEFT:
		return g->tee_left;
	case LEFT | RIGHT | DOWN:
		return g->tee_down;
	case LEFT | RIGHT | UP:
		return g->tee_up;
	default:
		return g->cross;
	}
}

static int box_lit(const struct run *r, int b);
static int in_box(const struct run *r, int b, int node);

/* The cells an arrow passes through, each with the directions it leaves in. */
struct canvas {
	int y, x;                       /* its top left corner in the window */
	int w, h;
	unsigned char *mask;
	unsigned char *lit;             /* 1: a line through it carried requests just now */
};

static void mark(struct canvas *c, int x, int y, int dir, int lit)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return;
	c->mask[y * c->w + x] |= (unsigned char)dir;
	c->lit[y * c->w + x] |= (unsigned char)lit;
}

static void trace_segment(struct canvas *c, struct layout_point a, struct layout_point b,
                          int lit)
{
	int dx = (b.x > a.x) - (b.x < a.x), dy = (b.y > a.y) - (b.y < a.y);
	int out = dx > 0 ? RIGHT : dx < 0 ? LEFT : dy > 0 ? DOWN : UP;
	int in = dx > 0 ? LEFT : dx < 0 ? RIGHT : dy > 0 ? UP : DOWN;
	int x = a.x, y = a.y;

	if (dx == 0 && dy == 0)
		return;
	while (x != b.x || y != b.y) {
		mark(c, x, y, out, lit);
		x += dx;
		y += dy;
		mark(c, x, y, in, lit);
	}
}

/*
 * Whether the engine counted requests on layout edge e (either way for a two-way line) in
 * the last second: the line's own, not its target's, so that the CDN a pain leaves out
 * does not light its line to an app that clients reach directly.
 */
static int edge_lit(const struct run *r, const struct layout_edge *e)
{
	int k;

	for (k = 0; k < r->n_prev_edges; k++) {
		const struct sim_edge_view *v = &r->prev_edges[k];
		int a = in_box(r, e->from, v->from) && in_box(r, e->to, v->to);
		int b = in_box(r, e->to, v->from) && in_box(r, e->from, v->to);

		if (r->edge_recent[k] > 0 && (a || (e->both_ways && b)))
			return 1;
	}
	return 0;
}

static void trace_edges(struct canvas *c, const struct run *r)
{
	int i, k;

	for (i = 0; i < r->lay.n_edges; i++) {
		const struct layout_edge *e = &r->lay.edges[i];
		int lit = edge_lit(r, e);

		for (k = 0; k + 1 < e->n_points; k++)
			trace_segment(c, e->points[k], e->points[k + 1], lit);
		if (e->n_points == 1)
			mark(c, e->points[0].x, e->points[0].y, LEFT | RIGHT, lit);
		/* a line that turns in the first cell past its box still leaves the box there:
		   "APgw┼▶webB", not a bus that seems to run past it ("APgw├▶webB") */
		if (!e->lateral && e->n_points > 1 &&
		    e->points[0].x == r->lay.boxes[e->from].x + r->lay.boxes[e->from].w)
			mark(c, e->points[0].x, e->points[0].y, LEFT, lit);
		/* a bracket touches both boxes' right sides: its ends turn towards them */
		if (e->lateral && e->n_points > 1) {
			mark(c, e->points[0].x, e->points[0].y, LEFT, lit);
			mark(c, e->points[e->n_points - 1].x, e->points[e->n_points - 1].y, LEFT,
			     lit);
		}
	}
}

static void paint_canvas(WINDOW *win, int y, int x, const struct canvas *c)
{
	int cx, cy;

	for (cy = 0; cy < c->h; cy++)
		for (cx = 0; cx < c->w; cx++) {
			int m = c->mask[cy * c->w + cx], f = c->lit[cy * c->w + cx];

			if (!m)
				continue;
			tui_put(win, y + cy, x + cx, 1, tui_attr(f ? TUI_ACCENT : TUI_DIM),
			        line_glyph(m));
		}
}

/*
 * Whether node is one of box b's: its node, or one of its twins; box 0, the clients, is
 * LAYOUT_CLIENTS, as the engine numbers its edges.
 */
static int in_box(const struct run *r, int b, int node)
{
	const struct layout_box *box = &r->lay.boxes[b];
	int k;

	if (box->n_members == 0)
		return node == box->node;
	for (k = 0; k < box->n_members; k++)
		if (box->members[k] == node)
			return 1;
	return 0;
}

/*
 * The requests the engine counted from box a's nodes to box b's, summed over twins;
 * *any is set when it counts at least one of those edges (it may not count queries).
 */
static uint64_t box_requests(const struct run *r, int a, int b, int *any)
{
	uint64_t n = 0;
	int k;

	*any = 0;
	for (k = 0; k < r->snap.n_edges; k++)
		if (in_box(r, a, r->snap.edges[k].from) && in_box(r, b, r->snap.edges[k].to)) {
			n += r->snap.edges[k].requests;
			*any = 1;
		}
	return n;
}

/* Whether requests went into one of box b's nodes in the last simulated second. */
static int box_lit(const struct run *r, int b)
{
	const struct layout_box *box = &r->lay.boxes[b];
	int k;

	for (k = 0; k < box->n_members; k++)
		if (r->recent[box->members[k]] > 0)
			return 1;
	return 0;
}

/*
 * Whether edge e of the layout ends in an arrowhead: a bracket between replicas goes both
 * ways and has none, an edge the layout could not route has no line.
 */
static int has_head(const struct layout_edge *e)
{
	return e->n_points > 0 && !e->lateral;
}

/* The column of the last turn of edge e: the arrow that turns last owns the shared run. */
static int last_turn(const struct layout_edge *e)
{
	return e->points[e->n_points >= 2 ? e->n_points - 2 : 0].x;
}

static const char *head_from(const struct run *r, int h, char *buf, size_t len);
static int count_item_w(const struct run *r, const char *from, int dst);

/*
 * Sorts the heads right to left, head_of[] following, and in a column those whose item
 * in the key is narrowest first (then top to bottom): a key too short for every count
 * gives as many as its rows hold of those deepest in the diagram (into Kafka, its
 * consumers, the databases), as the clients' own, the first on the left, say what the
 * clients' box and the story line already say (how many requests came in).
 */
static void heads_deepest_first(struct run *r)
{
	int map[LAYOUT_MAX_EDGES], wid[LAYOUT_MAX_EDGES], where[LAYOUT_MAX_EDGES], i, j;
	struct head sorted[LAYOUT_MAX_EDGES];
	char from[SIM_NAME_MAX * 4];

	for (i = 0; i < r->n_heads; i++) {
		map[i] = i;
		wid[i] = count_item_w(r, head_from(r, i, from, sizeof from), r->heads[i].box);
	}
	for (i = 1; i < r->n_heads; i++)
		for (j = i; j > 0; j--) {
			const struct head *a = &r->heads[map[j - 1]], *b = &r->heads[map[j]];
			int wa = wid[map[j - 1]], wb = wid[map[j]], t;
			int narrower = wa < wb || (wa == wb && a->y <= b->y);

			if (a->x > b->x || (a->x == b->x && narrower))
				break;
			t = map[j];
			map[j] = map[j - 1];
			map[j - 1] = t;
		}
	for (i = 0; i < r->n_heads; i++) {
		sorted[i] = r->heads[map[i]];
		where[map[i]] = i;
	}
	memcpy(r->heads, sorted, sizeof sorted[0] * (size_t)r->n_heads);
	for (i = 0; i < r->lay.n_edges; i++)
		if (r->head_of[i] >= 0)
			r->head_of[i] = where[r->head_of[i]];
}

/*
 * The arrowheads of the diagram, one a cell where arrows end: a box's one head, or with
 * ports one a port, deepest first (heads_deepest_first()); and each edge's head in
 * head_of[].
 */
static void find_heads(struct run *r)
{
	int i, h;

	r->n_heads = 0;
	for (i = 0; i < r->lay.n_edges; i++) {
		const struct layout_edge *e = &r->lay.edges[i];
		const struct layout_point *p = &e->points[e->n_points > 0 ? e->n_points - 1 : 0];

		r->head_of[i] = -1;
		if (!has_head(e))
			continue;
		for (h = 0; h < r->n_heads && (r->heads[h].x != p->x || r->heads[h].y != p->y);
		     h++)
			;
		if (h == r->n_heads) {
			memset(&r->heads[h], 0, sizeof r->heads[h]);
			r->heads[h].x = p->x;
			r->heads[h].y = p->y;
			r->heads[h].box = e->to;
			r->heads[h].last = i;
			r->n_heads++;
		} else if (last_turn(e) > last_turn(&r->lay.edges[r->heads[h].last])) {
			r->heads[h].last = i;
		}
		r->head_of[i] = h;
	}
	heads_deepest_first(r);
}

/* The requests on the arrows that end in head h, summed; *any as box_requests(). */
static uint64_t head_requests(const struct run *r, int h, int *any)
{
	uint64_t n = 0;
	int i, one;

	*any = 0;
	for (i = 0; i < r->lay.n_edges; i++)
		if (r->head_of[i] == h) {
			n += box_requests(r, r->lay.edges[i].from, r->lay.edges[i].to, &one);
			*any |= one;
		}
	return n;
}

/* The one source of the arrows into head h, or -1 when several share it. */
static int head_source(const struct run *r, int h)
{
	int i, src = -1;

	for (i = 0; i < r->lay.n_edges; i++) {
		if (r->head_of[i] != h)
			continue;
		if (src >= 0 && src != r->lay.edges[i].from)
			return -1;
		src = r->lay.edges[i].from;
	}
	return src;
}

static int canvas_open(struct canvas *c, int y, int x, int h, int w)
{
	c->y = y;
	c->x = x;
	c->w = w;
	c->h = h;
	c->mask = calloc((size_t)w * (size_t)h, 1);
	c->lit = calloc((size_t)w * (size_t)h, 1);
	return c->mask && c->lit;
}

static void canvas_close(struct canvas *c)
{
	free(c->mask);
	free(c->lit);
}

/*
 * The cells right before the arrowhead of e that a count may take: the last run's, back
 * to its last turn, while no other line runs up or down through them (a count over
 * another arrow's junction would hide it). A run straight from its source keeps its first
 * cell a line's, so that the count does not read as part of the source's label ("lb357k▶
 * API gw"): "lb─357k▶". At most COUNT_W.
 */
#define COUNT_W 4

static int room_before_head(const struct canvas *c, const struct layout_edge *e)
{
	const struct layout_point *head = &e->points[e->n_points - 1];
	int first = e->n_points >= 2 ? e->points[e->n_points - 2].x + 1 : head->x, n = 0;

	if (e->n_points == 2)
		first = e->points[0].x + 1;
	while (n < COUNT_W && head->x - 1 - n >= first && head->x - 1 - n >= 0 &&
	       head->y >= 0 && head->y < c->h &&
	       !(c->mask[head->y * c->w + head->x - 1 - n] & (UP | DOWN)))
		n++;
	return n;
}

/*
 * The width each arrowhead keeps for its count, chosen once a layout so that the counts
 * stay put as they grow: four cells right before the head for "1.2k", or three for "1k"
 * where any head of the diagram has no more (so that arrows side by side do not read
 * "1k" and "1.2k"), else none, and the count goes to the key under the diagram, which
 * names its arrow. A diagram with counts in its key keeps rows under it for them
 * (with_key()). Each head remembers its own room too: in a diagram of three-cell counts,
 * "649k" takes a fourth cell where its head has one (count_over()).
 */
static void find_slots(struct run *r)
{
	struct canvas c;
	int h, w = COUNT_W;

	find_heads(r);
	r->n_keyed = 0;
	if (!canvas_open(&c, 0, 0, r->lay.h, r->lay.w)) {
		canvas_close(&c);
		return;
	}
	trace_edges(&c, r);
	for (h = 0; h < r->n_heads; h++) {
		int room = room_before_head(&c, &r->lay.edges[r->heads[h].last]);

		r->heads[h].room = room;
		r->heads[h].slot = room >= 3 ? room : 0;
		w = r->heads[h].slot ? MIN(w, room) : w;
	}
	for (h = 0; h < r->n_heads; h++) {
		r->heads[h].slot = r->heads[h].slot ? w : 0;
		r->n_keyed += !r->heads[h].slot;
	}
	for (h = 0; h < r->lay.n_edges; h++)
		r->n_keyed += r->lay.edges[h].both_ways && has_head(&r->lay.edges[h]);
	canvas_close(&c);
}

/* The count v in the w cells a slot keeps: "1.2k" in four, "1k" in three. */
static void count_text(char *buf, size_t len, uint64_t v, int w)
{
	if (w >= 4)
		fmt_compact(buf, len, v);
	else
		fmt_short(buf, len, v);
}

/*
 * Whether head h's count has grown wider than the cells before it ("312k" where a turn
 * leaves three): it then goes to the key, as a head without a slot does. Counts only
 * grow, so a count once in the key stays there for the rest of the run.
 */
static int count_over(const struct run *r, int h)
{
	char text[16];
	int any;

	if (!r->heads[h].slot)
		return 0;
	count_text(text, sizeof text, head_requests(r, h, &any), r->heads[h].slot);
	return (int)strlen(text) > r->heads[h].room;
}

/* Whether head h's count is written in the key under the diagram, not by the head. */
static int head_keyed(const struct run *r, int h)
{
	return !r->heads[h].slot || count_over(r, h);
}

/* How many counts have grown past their heads' room: the key may need a row more. */
static int counts_over(const struct run *r)
{
	int h, n = 0;

	for (h = 0; r->lay_ok && h < r->n_heads; h++)
		n += count_over(r, h);
	return n;
}

/*
 * Each arrowhead and, in the slot its layout kept for it, right against the head, the
 * requests of every arrow that ends there. The heads whose count has no slot go into
 * left[], for the key; returns how many.
 */
static int draw_heads(WINDOW *win, int y, int x, struct run *r, int *left)
{
	int h, n = 0;

	for (h = 0; h < r->n_heads; h++) {
		struct head *hd = &r->heads[h];
		struct tui_live_count *out = &hd->count;
		attr_t attr = tui_attr(box_lit(r, hd->box) ? TUI_ACCENT : TUI_DIM);
		int any;
		uint64_t v = head_requests(r, h, &any);

		*out = (struct tui_live_count){ -1, -1, "", NULL };
		tui_put(win, y + hd->y, x + hd->x, 1, attr, tui_glyphs()->arrow_right);
		if (!any) {
			out->why = "the engine does not count requests into it";
			continue;
		}
		if (head_keyed(r, h)) {
			out->why = "its key under the diagram has no room left";
			left[n++] = h;
			continue;
		}
		count_text(out->text, sizeof out->text, v, hd->slot);
		out->x = x + hd->x - (int)strlen(out->text);
		out->y = y + hd->y;
		tui_put(win, out->y, out->x, (int)strlen(out->text), attr, out->text);
	}
	return n;
}

/*
 * Items written one after another on a key's rows, two columns apart; with fill, each on
 * the first row that has room for it, so that a short item takes the end of a row a long
 * one left (under a diagram, where rows are few, no count is left out while a row has
 * room for it).
 */
#define FLOW_ROWS 16

struct flow {
	int x, w, rows;
	int row, used;                  /* the row of the last item, the columns used there */
	int fill;
	int on[FLOW_ROWS];              /* with fill, the columns used on each row */
};

/* With fill: the first row with room for need columns, or -1. */
static int flow_fill(struct flow *f, int need)
{
	int r;

	for (r = 0; r < f->rows && r < FLOW_ROWS; r++) {
		int gap = f->on[r] ? 2 : 0;

		if (f->on[r] + gap + need > f->w)
			continue;
		f->row = r;
		f->used = f->on[r] += gap + need;
		return f->x + f->on[r] - need;
	}
	return -1;
}

/*
 * The column where an item need columns wide goes, on the next row when it does not fit
 * on this one (with fill, the first with room); -1 when no row is left for it.
 */
static int flow_at(struct flow *f, int need)
{
	int gap = f->used ? 2 : 0, at;

	if (f->fill)
		return flow_fill(f, need);
	if (f->used + gap + need > f->w && f->used > 0 && f->row + 1 < f->rows) {
		f->row++;
		f->used = 0;
		gap = 0;
	}
	if (f->used + gap + need > f->w)
		return -1;
	at = f->x + f->used + gap;
	f->used += gap + need;
	return at;
}

/* The rows a flow's items took. */
static int flow_rows(const struct flow *f)
{
	int r, n = 0;

	if (!f->fill)
		return f->used ? f->row + 1 : 0;
	for (r = 0; r < FLOW_ROWS; r++)
		n = f->on[r] ? r + 1 : n;
	return n;
}

/* Whether box b shows a short form of its label, which the key then gives whole. */
static int shortened(const struct run *r, int b)
{
	return strcmp(r->shown[b], r->lay.boxes[b].label) != 0;
}

/* The distinct boxes that send on the arrows into head h, in the order of the edges. */
static int head_sources(const struct run *r, int h, int *out)
{
	int i, k, n = 0;

	for (i = 0; i < r->lay.n_edges; i++) {
		if (r->head_of[i] != h)
			continue;
		for (k = 0; k < n && out[k] != r->lay.edges[i].from; k++)
			;
		if (k == n)
			out[n++] = r->lay.edges[i].from;
	}
	return n;
}

/*
 * Whether the labels of boxes src[0..n) are one stem and a last character counting up
 * ("app1", "app2", "app3"; "weA", "weB", "weC"), in any order: writes "app1-3" to buf.
 */
static int as_range(const struct run *r, const int *src, int n, char *buf, size_t len)
{
	const char *first = r->shown[src[0]];
	size_t l = strlen(first);
	unsigned char lo = 255, hi = 0, seen[256] = { 0 };
	int k;

	if (n < 3 || l < 2 || !isalnum((unsigned char)first[l - 1]))
		return 0;
	for (k = 0; k < n; k++) {
		const char *s = r->shown[src[k]];
		unsigned char c = (unsigned char)s[l - 1];

		if (strlen(s) != l || strncmp(s, first, l - 1) != 0 || !isalnum(c) || seen[c] ||
		    isalpha(c) != isalpha((unsigned char)first[l - 1]))
			return 0;
		seen[c] = 1;
		lo = MIN(lo, c);
		hi = MAX(hi, c);
	}
	if (hi - lo + 1 != n)
		return 0;
	snprintf(buf, len, "%.*s%c-%c", (int)l - 1, first, lo, hi);
	return 1;
}

#define JOIN_MAX 14                     /* columns of sources joined by '+' at most */

/* "9 apps": how many boxes send, named by their kind when they share one. */
static void as_number(const struct run *r, const int *src, int n, char *buf, size_t len)
{
	static const char *const kinds[SIM_NODE__COUNT] = {
		"lbs", "apps", "dbs", "caches", "gateways", "brokers", "CDNs",
	};
	int k, kind = -1;

	for (k = 0; k < n; k++) {
		int node = r->lay.boxes[src[k]].node, kd;

		kd = node >= 0 ? (int)r->snap.nodes[node].kind : -2;
		kind = k == 0 || kind == kd ? kd : -2;
	}
	snprintf(buf, len, "%d %s", n, kind >= 0 && kind < SIM_NODE__COUNT ? kinds[kind] :
	         "boxes");
}

/*
 * Who sends on the arrows into head h, as the key writes it before "▶", so that every
 * count names its arrow: the one source's label ("pay▶Kafka"); boxes numbered in a row
 * as a range ("app1-3▶Redis"); else the labels joined by '+' ("posts+pay▶db") while
 * they stay short; else how many boxes of one kind send ("9 apps▶MySQL").
 */
static const char *head_from(const struct run *r, int h, char *buf, size_t len)
{
	int src[LAYOUT_MAX_BOXES], n = head_sources(r, h, src), k, used = 0;

	buf[0] = '\0';
	if (n == 1)
		return r->shown[src[0]];
	if (n == 0 || as_range(r, src, n, buf, len))
		return buf;
	for (k = 0; k < n && (size_t)used < len; k++)
		used += snprintf(buf + used, len - (size_t)used, "%s%s", k ? "+" : "",
		                 r->shown[src[k]]);
	if ((size_t)used >= len || tui_width(buf) > JOIN_MAX)
		as_number(r, src, n, buf, len);
	return buf;
}

/* Columns of a key's item, "pay▶Kafka 1.2k", the count at its widest. */
static int count_item_w(const struct run *r, const char *from, int dst)
{
	return tui_width(from) + tui_width(tui_glyphs()->arrow_right) +
	       tui_width(r->shown[dst]) + 1 + COUNT_W;
}

static int name_item_w(const struct run *r, int b)
{
	return tui_width(r->shown[b]) + 1 + tui_width(r->lay.boxes[b].label);
}

/*
 * The rows a key w columns wide takes for the counts its arrowheads have no slot for
 * (KEY_HEADS), and those of the two-way lines' other way (KEY_COUNTS), or for those and
 * every shortened label (KEY_NAMES); with counted, only the heads the engine counted
 * requests into so far (it never counts some, such as a gateway's route no client asks
 * for).
 */
enum { KEY_HEADS, KEY_COUNTS, KEY_NAMES };

static int key_need(const struct run *r, int w, int what, int counted)
{
	struct flow f = { 0, w, FLOW_ROWS, 0, 0, 1, { 0 } };
	char from[SIM_NAME_MAX * 4];
	int b;

	for (b = 0; b < r->n_heads; b++) {
		int any;

		head_requests(r, b, &any);
		if (head_keyed(r, b) && (any || !counted))
			flow_at(&f, count_item_w(r, head_from(r, b, from, sizeof from),
			                         r->heads[b].box));
	}
	for (b = 0; what >= KEY_COUNTS && b < r->lay.n_edges; b++)
		if (r->lay.edges[b].both_ways && has_head(&r->lay.edges[b]))
			flow_at(&f, count_item_w(r, r->shown[r->lay.edges[b].to],
			                         r->lay.edges[b].from));
	for (b = 0; what == KEY_NAMES && b < r->lay.n_boxes; b++)
		if (shortened(r, b))
			flow_at(&f, name_item_w(r, b));
	return flow_rows(&f);
}

#define MORE_HINT "a: more"             /* counts the key has no row for, on its pages */

/*
 * Whether a key of rows rows, w columns wide, starts with "a: more": some count will find
 * no row in it, or some shortened label will find no row once the counts have theirs, so
 * that a name like "osto" is never left with nothing on screen to say where it is read.
 */
static int key_hint_first(const struct run *r, int w, int rows)
{
	return key_need(r, w, KEY_HEADS, 1) > rows || key_need(r, w, KEY_NAMES, 1) > rows;
}

/*
 * Of the counts whose arrowheads keep no slot and that the engine counted, those that a
 * key of rows rows, w columns wide, has no room for (with the hint that says where they
 * are, "a: more", first).
 */
static int counts_left(const struct run *r, int w, int rows)
{
	struct flow f = { 0, w, rows, 0, 0, 1, { 0 } };
	char from[SIM_NAME_MAX * 4];
	int b, any, left = 0;

	if (key_hint_first(r, w, rows))
		flow_at(&f, (int)strlen(MORE_HINT));
	for (b = 0; b < r->n_heads; b++) {
		head_requests(r, b, &any);
		if (!r->heads[b].slot && any)
			left += flow_at(&f, count_item_w(r, head_from(r, b, from, sizeof from),
			                                 r->heads[b].box)) < 0;
	}
	return left;
}

/*
 * Each shortened label with the label it stands for, "pa_db=payments_db", flowing on
 * from f. Under the diagram (hint set) they are marked named, and when some do not fit
 * the last place that does tells the legend that lists the rest ("a: names"), unless the
 * key began with "a: more" (hint 2); the legend (hint 0) gives only those the key left
 * out. Returns how many were left out.
 */
#define NAMES_HINT "a: names"

static int draw_names_key(WINDOW *win, int y, int w, struct run *r, struct flow *f,
                          int hint)
{
	int b, at, left_out = 0, last_row = -1, last_at = -1, last_w = 0;

	for (b = 0; b < r->lay.n_boxes; b++) {
		if (!shortened(r, b) || (!hint && r->named[b]))
			continue;
		if ((at = flow_at(f, name_item_w(r, b))) < 0) {
			left_out++;
			continue;
		}
		r->named[b] = hint != 0;
		last_row = f->row;
		last_at = at;
		last_w = name_item_w(r, b);
		at += tui_put(win, y + f->row, at, w, tui_attr(TUI_NORMAL) | A_BOLD, r->shown[b]);
		tui_putf(win, y + f->row, at, w, tui_attr(TUI_DIM), "=%s", r->lay.boxes[b].label);
	}
	if (hint != 1 || !left_out)
		return left_out;
	if ((at = flow_at(f, (int)strlen(NAMES_HINT))) >= 0) {
		tui_put(win, y + f->row, at, w, tui_attr(TUI_ACCENT), NAMES_HINT);
	} else if (last_at >= 0 && last_w >= (int)strlen(NAMES_HINT)) {
		/* the last item gives its place to the hint, which brings it back */
		tui_clear(win, y + last_row, last_at, 1, last_w);
		for (b = r->lay.n_boxes - 1; b >= 0 && !r->named[b]; b--)
			;
		if (b >= 0)
			r->named[b] = 0;
		tui_put(win, y + last_row, last_at, w, tui_attr(TUI_ACCENT), NAMES_HINT);
		left_out++;
	}
	return left_out;
}

/*
 * The colour of box b: its node's health; twins' when they share it, else the plain one
 * (their marks give each its own); the clients' plain.
 */
static attr_t box_attr(const struct run *r, int b)
{
	const struct layout_box *box = &r->lay.boxes[b];
	int k;

	if (box->n_members == 0)
		return tui_attr(TUI_NORMAL);
	for (k = 1; k < box->n_members; k++)
		if (r->snap.nodes[box->members[k]].health != r->snap.nodes[box->node].health)
			return tui_attr(TUI_NORMAL);
	return tui_health_attr(r->snap.nodes[box->node].health);
}

/*
 * One count in the key, after the arrow it belongs to: "pay▶Kafka 32" for an arrow from
 * the box labelled from, in src's colour (-1: plain, several sources: "app1-3▶db 590"),
 * to box dst; in the columns its count takes at its widest. Sets *out (when given) to
 * where it went, or why it did not.
 */
static void key_item(WINDOW *win, int y, struct flow *f, struct run *r, const char *from,
                     int src, int dst, uint64_t v, struct tui_live_count *out)
{
	attr_t attr = tui_attr(box_lit(r, dst) ? TUI_ACCENT : TUI_DIM);
	char num[8];
	int at;

	fmt_compact(num, sizeof num, v);
	/* the count's widest: the items stay put as their counts grow */
	at = flow_at(f, count_item_w(r, from, dst));
	if (at < 0) {
		if (out)
			out->why = "its key under the diagram has no room left";
		return;
	}
	at += tui_put(win, y + f->row, at, f->w, src >= 0 ? box_attr(r, src) :
	              tui_attr(TUI_NORMAL), from);
	at += tui_put(win, y + f->row, at, f->w, attr, tui_glyphs()->arrow_right);
	at += tui_put(win, y + f->row, at, f->w, box_attr(r, dst), r->shown[dst]);
	tui_put(win, y + f->row, at + 1, f->w, attr, num);
	if (!out)
		return;
	out->y = y + f->row;
	out->x = at + 1;
	snprintf(out->text, sizeof out->text, "%s", num);
	out->why = NULL;
}

/*
 * The key on the rows under the diagram: first the counts whose arrowheads keep no slot
 * (or too narrow a one), each after its arrow, from its sender or senders (head_from():
 * "gw▶pay 32", "app1-3▶db 590", "posts+pay▶db 590"); then the other way of each two-way
 * line, which has no head of its own ("Kafka▶pay 1"); then each shortened label with the
 * label it stands for, "pa_db=payments_db". Only whole items, as many as fit.
 */
static void draw_key(WINDOW *win, int y, int x, int rows, int w, struct run *r,
                     const int *left, int n)
{
	struct flow f = { x, w, rows, 0, 0, 1, { 0 } };
	char from[SIM_NAME_MAX * 4];
	int i, any, at, said = 0;

	memset(r->named, 0, sizeof r->named);
	/* counts or names that will find no row: say first where they are (the a key's pages) */
	if (key_hint_first(r, w, rows) && (at = flow_at(&f, (int)strlen(MORE_HINT))) >= 0) {
		tui_put(win, y + f.row, at, w, tui_attr(TUI_ACCENT), MORE_HINT);
		said = 1;
	}
	for (i = 0; i < n; i++) {
		struct head *hd = &r->heads[left[i]];

		key_item(win, y, &f, r, head_from(r, left[i], from, sizeof from),
		         head_source(r, left[i]), hd->box, head_requests(r, left[i], &any),
		         &hd->count);
	}
	for (i = 0; i < r->lay.n_edges; i++) {
		const struct layout_edge *e = &r->lay.edges[i];
		uint64_t v;

		if (!e->both_ways || !has_head(e))
			continue;
		v = box_requests(r, e->to, e->from, &any);
		if (any)
			key_item(win, y, &f, r, r->shown[e->to], e->to, e->from, v, NULL);
	}
	draw_names_key(win, y, w, r, &f, said ? 2 : 1);
}

/*
 * A fact about a box in the forms it may take, longest first ("pool 3/500", "3/500",
 * "pool 1%", "1%"): a box shows the first form that fits, or leaves the fact out. A
 * number is never cut: "3/5" would read as another number.
 */
#define MAX_FACTS 3
#define FACT_FORMS 4

struct fact {
	char form[FACT_FORMS][24];
	int n;
};

static void form(struct fact *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void form(struct fact *f, const char *fmt, ...)
{
	va_list ap;

	if (f->n == FACT_FORMS)
		return;
	va_start(ap, fmt);
	vsnprintf(f->form[f->n++], sizeof f->form[0], fmt, ap);
	va_end(ap);
}

/* The longest form of f that fits in w columns, or NULL. */
static const char *fit_fact(const struct fact *f, int w)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (tui_width(f->form[i]) <= w)
			return f->form[i];
	return NULL;
}

/* Up to three facts about a node, the most telling first. */
static int node_facts(const struct run *r, const struct tui_live *live, int node,
                      struct fact *facts)
{
	const struct sim_node_view *v = &r->snap.nodes[node];
	const struct sim_node_cfg *c = &run_cfg(live, r)->nodes[node];
	char num[16];
	int n = 0;

	memset(facts, 0, sizeof(struct fact) * MAX_FACTS);
	if (!v->up)
		form(&facts[n++], "DOWN");
	if (v->kind == SIM_NODE_DB && v->pool >= 0) {
		int used = (int)(v->pool * c->max_connections + 0.5);

		form(&facts[n], "pool %d/%d", used, c->max_connections);
		form(&facts[n], "%d/%d", used, c->max_connections);
		form(&facts[n], "pool %.0f%%", v->pool * 100);
		form(&facts[n++], "%.0f%%", v->pool * 100);
	}
	if (n < MAX_FACTS && v->cpu >= 0 && v->up) {
		form(&facts[n], "cpu %.0f%%", v->cpu * 100);
		form(&facts[n++], "%.0f%%", v->cpu * 100);
	}
	if (n < MAX_FACTS && v->ram >= 0 && v->up) {
		form(&facts[n], "ram %.0f%%", v->ram * 100);
		form(&facts[n++], "%.0f%%", v->ram * 100);
	}
	if (n < MAX_FACTS && v->cpu < 0 && v->kind != SIM_NODE_DB) {
		/*
		 * proxies: no CPU model, the requests inside them say how busy they are; never
		 * a bare number, which would read as the count of an arrow
		 */
		fmt_compact(num, sizeof num, (uint64_t)(v->in_flight > 0 ? v->in_flight : 0));
		form(&facts[n++], "in %s", num);
	}
	if (n < MAX_FACTS && v->queued > 0) {
		fmt_compact(num, sizeof num, (uint64_t)v->queued);
		form(&facts[n], "queue %s", num);
		form(&facts[n++], "q %s", num);
	}
	return n;
}

static int client_facts(const struct run *r, struct fact *facts)
{
	char num[16];
	int n = 0;

	memset(facts, 0, sizeof(struct fact) * MAX_FACTS);
	if (r->snap.users > 0) {
		fmt_count(num, sizeof num, r->snap.users);
		form(&facts[n], "%s users", num);
		fmt_compact(num, sizeof num, (uint64_t)r->snap.users);
		form(&facts[n++], "%s users", num);
	}
	/* a unit on each form: a bare number by an arrow would read as its count */
	form(&facts[n], "%.0f ok/s", r->snap.throughput_per_s);
	fmt_compact(num, sizeof num, (uint64_t)(r->snap.throughput_per_s + 0.5));
	form(&facts[n], "%s ok/s", num);
	form(&facts[n++], "%s/s", num);
	return n;
}

static void put_centred(WINDOW *win, int y, int x, int w, attr_t attr, const char *s)
{
	int tw = tui_width(s);

	tui_put(win, y, x + (tw < w ? (w - tw) / 2 : 0), w, attr, s);
}

/*
 * As many facts as fit in w columns on one line: the first in its longest form that fits
 * (unless whole), the others only whole, since a bare "1%" beside "pool 0/4000" would say
 * nothing.
 */
static void fact_line(const struct fact *facts, int n, int w, int whole, char *line,
                      size_t len)
{
	size_t used = 0;
	int i, cols = 0;

	line[0] = '\0';
	for (i = 0; i < n; i++) {
		int room = w - cols - (cols ? 1 : 0);
		const char *f = i == 0 && !whole ? fit_fact(&facts[i], room) :
		                tui_width(facts[i].form[0]) <= room ? facts[i].form[0] : NULL;

		if (!f)
			break;
		used += (size_t)snprintf(line + used, len - used, "%s%s", cols ? " " : "", f);
		cols += (cols ? 1 : 0) + tui_width(f);
		if (used >= len)
			break;
	}
}

/*
 * Whether box b is drawn as a chip, its label on a bar of its health colour: a box under
 * three rows, or too narrow for a frame to leave its label six columns. The frame's two
 * columns then go to the label: "payments" reads "pay" in a chip five wide, "p…" framed.
 */
#define FRAMED_MIN_W 8

static int chip(const struct layout_box *b)
{
	return b->h < 3 || b->w < FRAMED_MIN_W;
}

/*
 * Whether box b stands for a node this variant sends no request to (find_unused()): the
 * Redis of a "no cache" variant, the CDN of a pain that serves photos from the app, the
 * second region of a single-region one. It stands where the architecture has it, with no
 * line in or out (the layout draws none), dim, saying "unused", and a chip loses its bar,
 * so that it does not read as part of the path in any theme.
 */
static int box_idle(const struct run *r, const struct layout_box *b)
{
	return r->unused[b - r->lay.boxes];
}

/* Writes box b's label centred in w cells from y, x, and remembers where. */
static void put_label(WINDOW *win, int y, int x, int w, attr_t attr, struct run *r,
                      const struct layout_box *b)
{
	int k = (int)(b - r->lay.boxes);

	put_centred(win, y, x, w, attr, r->shown[k]);
	r->label_at[k][0] = y;
	r->label_at[k][1] = x;
	r->label_at[k][2] = w;
}

/*
 * A chip: the label on a bar of the health colour, on the row its arrows run along (the
 * middle one, rounded up), the rows above it left empty, those below taking its
 * facts, all that fit on one row, or one a row when it has more.
 */
static void draw_chip(WINDOW *win, int y, int x, struct run *r, const struct layout_box *b,
                      attr_t attr, const struct fact *facts, int n)
{
	int bar = b->y + (b->h - 1) / 2, below = b->y + b->h - bar - 1, i;
	attr_t rev = box_idle(r, b) ? 0 : A_REVERSE;    /* unused: no bar */
	char line[96];

	wattrset(win, attr | rev);
	mvwhline(win, y + bar, x + b->x, ' ', b->w);
	wattrset(win, A_NORMAL);
	put_label(win, y + bar, x + b->x, b->w, attr | rev | A_BOLD, r, b);
	if (below == 1) {
		fact_line(facts, n, b->w, 0, line, sizeof line);
		put_centred(win, y + bar + 1, x + b->x, b->w, attr, line);
	}
	for (i = 0; below > 1 && i < n && i < below; i++) {
		const char *f = fit_fact(&facts[i], b->w);

		if (f)
			put_centred(win, y + bar + 1 + i, x + b->x, b->w, attr, f);
	}
}

/* Whether the engine counted any request into node so far. */
static int node_served(const struct run *r, int node)
{
	int k;

	for (k = 0; k < r->snap.n_edges; k++)
		if (r->snap.edges[k].to == node && r->snap.edges[k].requests > 0)
			return 1;
	return 0;
}

/*
 * The signs of a twin's mark: down, up, and up but idle, no request having reached it (the
 * second region of a single-region variant), which must not read as serving. In ASCII none
 * may read as the drawing ("+" is every corner, "-" and "|" its lines), and none needs
 * colour to be told from the others.
 */
enum { SIGN_DOWN, SIGN_UP, SIGN_IDLE };

static const char *mark_sign(int sign)
{
	static const char *const utf8[] = { "\u2717", "\u2713", "\u25cb" };
	static const char *const ascii[] = { "!", "^", "o" };

	return tui_utf8() ? utf8[sign] : ascii[sign];
}

/* The region twin k of box b stands for, by its name in the file ("us"). */
static const char *twin_region(const struct tui_live *live, const struct run *r,
                               const struct layout_box *b, int k)
{
	const struct sim_config *cfg = run_cfg(live, r);
	int node = b->members[k], reg = cfg->nodes[node].region;

	return reg >= 0 && reg < cfg->n_regions ? cfg->regions[reg] : cfg->nodes[node].name;
}

/*
 * Twin k of box b's mark, its region's name cut to cut characters and a sign: ✓ while the
 * node runs, ✗ when it is down ("us✗"), ○ while it runs but no request has reached it
 * (the second region of a single-region variant), then dim; else in its health's
 * colour. Returns its colour.
 */
static attr_t twin_mark(const struct tui_live *live, const struct run *r,
                        const struct layout_box *b, int k, int cut, char *buf, size_t len)
{
	int node = b->members[k], served = node_served(r, node);
	int sign = !r->snap.nodes[node].up ? SIGN_DOWN : served ? SIGN_UP : SIGN_IDLE;

	snprintf(buf, len, "%.*s%s", cut, twin_region(live, r, b, k), mark_sign(sign));
	return served ? tui_health_attr(r->snap.nodes[node].health) : tui_attr(TUI_DIM);
}

/* The cuts of a region's name in a mark: whole ("asia✓"), two letters, one. */
static const int mark_cuts[] = { SIM_NAME_MAX, 2, 1 };

#define N_MARK_CUTS ((int)(sizeof mark_cuts / sizeof mark_cuts[0]))

/* Columns of box b's marks at cut c (an index of mark_cuts), gap columns between them. */
static int marks_w(const struct tui_live *live, const struct run *r,
                   const struct layout_box *b, int c, int gap)
{
	char mark[SIM_NAME_MAX + 8];
	int k, need = (b->n_members - 1) * gap;

	for (k = 0; k < b->n_members; k++) {
		twin_mark(live, r, b, k, mark_cuts[c], mark, sizeof mark);
		need += tui_width(mark);
	}
	return need;
}

/* The columns box b has for its marks, and whether they stand on a frame's edge (pad). */
static int marks_room(const struct layout_box *b, int *pad)
{
	*pad = !chip(b) && b->h <= 3;
	return chip(b) ? (b->h > 1 ? b->w : 0) : b->w - 2;
}

/*
 * The cut every twin box of r's diagram writes its marks at: the longest that fits each
 * of them, a space between marks (on a frame's edge the spaces either side may go), so
 * that one diagram names its regions alike, "us✓ eu✓" beside "us✓ eu✓ as✓" or
 * "u✓ e✓" beside "u✓ e✓ a✓", never "us✓ eu✓" beside "u✓e✓a✓"; the last, one
 * letter, where some box has no room for any (that box alone runs its marks together).
 */
static int marks_cut(const struct tui_live *live, const struct run *r)
{
	int c, b, pad;

	for (c = 0; c < N_MARK_CUTS; c++) {
		for (b = 0; b < r->lay.n_boxes; b++) {
			const struct layout_box *box = &r->lay.boxes[b];
			int room = marks_room(box, &pad);

			if (box->n_members > 1 && room > 0 && marks_w(live, r, box, c, 1) > room)
				break;
		}
		if (b == r->lay.n_boxes)
			return c;
	}
	return N_MARK_CUTS - 1;
}

/*
 * What the marks of r's twin boxes say, for the a key's legend: each region's letters
 * where the diagram cuts them ("u=us", "a=asia"), then the signs ("✓=up", "✗=down",
 * "○=idle");
 * nothing for a diagram without twins.
 */
static void mark_key(const struct tui_live *live, struct run *r)
{
	char seen[SIM_MAX_REGIONS * (SIM_NAME_MAX + 1)] = "";
	int b, k, twins = 0, c = r->mark_cut;

	r->n_mark_key = 0;
	for (b = 0; b < r->lay.n_boxes; b++) {
		const struct layout_box *box = &r->lay.boxes[b];

		twins |= box->n_members > 1;
		for (k = 0; box->n_members > 1 && k < box->n_members; k++) {
			const char *where = twin_region(live, r, box, k);
			char tag[SIM_NAME_MAX + 2];

			/* each region once, and only where its mark cuts it */
			snprintf(tag, sizeof tag, "%s,", where);
			if ((int)strlen(where) <= mark_cuts[c] || strstr(seen, tag) ||
			    r->n_mark_key >= SIM_MAX_REGIONS)
				continue;
			strncat(seen, tag, sizeof seen - strlen(seen) - 1);
			snprintf(r->mark_key[r->n_mark_key++], sizeof r->mark_key[0], "%.*s=%s",
			         mark_cuts[c], where, where);
		}
	}
	if (!twins)
		return;
	snprintf(r->mark_key[r->n_mark_key++], sizeof r->mark_key[0], "%s=up",
	         mark_sign(SIGN_UP));
	snprintf(r->mark_key[r->n_mark_key++], sizeof r->mark_key[0], "%s=down",
	         mark_sign(SIGN_DOWN));
	snprintf(r->mark_key[r->n_mark_key++], sizeof r->mark_key[0], "%s=idle",
	         mark_sign(SIGN_IDLE));
}

/*
 * The marks of box b's twins centred in the w columns at y, x, one a region in the order
 * of the file, at the diagram's cut (marks_cut()): "us✗ eu✓ asia✓", "u✗ e✓ a✓"; a space
 * either side with pad (on a frame's edge) where they leave room for it; in a box too
 * narrow for any, the one-letter marks run together ("u✗e✓a✓"). Returns 0, or -1 when
 * none fits.
 */
static int draw_marks(WINDOW *win, int y, int x, int w, const struct tui_live *live,
                      const struct run *r, const struct layout_box *b, int pad)
{
	char mark[SIM_NAME_MAX + 8];
	int c = r->mark_cut, gap = 1, k, need;

	need = marks_w(live, r, b, c, gap);
	pad = pad && need + 2 <= w;
	if (need > w && gap)
		need = marks_w(live, r, b, c, gap = 0);
	if (need > w)
		return -1;
	need += 2 * pad;
	x += (w - need) / 2;
	if (pad)
		x += tui_put(win, y, x, 1, tui_attr(TUI_NORMAL), " ");
	for (k = 0; k < b->n_members; k++) {
		attr_t attr = twin_mark(live, r, b, k, mark_cuts[c], mark, sizeof mark);

		x += tui_put(win, y, x, w, attr, mark);
		if ((k + 1 < b->n_members && gap) || (k + 1 == b->n_members && pad))
			x += tui_put(win, y, x, 1, tui_attr(TUI_NORMAL), " ");
	}
	return 0;
}

/*
 * A box of region twins: the label they share, then a mark a twin in its own colour on
 * the row below the label, or on the bottom edge of a frame three rows tall; a one-row
 * chip has room for the label alone, in the twins' colour when they share one.
 */
static void draw_twins(WINDOW *win, int y, int x, struct run *r, const struct tui_live *live,
                       const struct layout_box *b, attr_t attr)
{
	int bar = b->y + (b->h - 1) / 2;
	attr_t rev = box_idle(r, b) ? 0 : A_REVERSE;    /* unused: no bar */

	if (chip(b)) {
		wattrset(win, attr | rev);
		mvwhline(win, y + bar, x + b->x, ' ', b->w);
		wattrset(win, A_NORMAL);
		put_label(win, y + bar, x + b->x, b->w, attr | rev | A_BOLD, r, b);
		/*
		 * The row of the marks may be a port's: where they do not fit, the bar goes on
		 * down it, so that an arrow into it ends at the box, not on a blank.
		 */
		if (bar + 1 < b->y + b->h &&
		    draw_marks(win, y + bar + 1, x + b->x, b->w, live, r, b, 0) < 0) {
			wattrset(win, attr | rev);
			mvwhline(win, y + bar + 1, x + b->x, ' ', b->w);
			wattrset(win, A_NORMAL);
		}
		return;
	}
	tui_box(win, y + b->y, x + b->x, b->h, b->w, attr);
	put_label(win, y + b->y + 1, x + b->x + 1, b->w - 2, attr | A_BOLD, r, b);
	if (b->h > 3)
		draw_marks(win, y + b->y + 2, x + b->x + 1, b->w - 2, live, r, b, 0);
	else
		draw_marks(win, y + b->y + b->h - 1, x + b->x + 1, b->w - 2, live, r, b, 1);
}

/*
 * A box: framed when three rows tall or more, the label on its first inside row, the
 * facts below and, when they do not fit, on the bottom edge. Smaller boxes are a chip:
 * the label on a bar of the health colour, with the facts that fit on the row below when
 * the box has one. A label too long for the box is shortened (tui_fit_label()).
 */
static void draw_box(WINDOW *win, int y, int x, struct run *r,
                     const struct tui_live *live, const struct layout_box *b)
{
	struct fact facts[MAX_FACTS];
	char line[96];
	attr_t attr = box_attr(r, (int)(b - r->lay.boxes));
	int n = b->node >= 0 ? node_facts(r, live, b->node, facts) : client_facts(r, facts);
	int i, inner = b->h - 3;

	if (box_idle(r, b)) {
		attr = tui_attr(TUI_DIM);
		memset(facts, 0, sizeof facts);
		form(&facts[0], "unused");
		n = 1;
	}
	tui_clear(win, y + b->y, x + b->x, b->h, b->w);
	if (b->n_members > 1) {
		draw_twins(win, y, x, r, live, b, attr);
		return;
	}
	if (chip(b)) {
		draw_chip(win, y, x, r, b, attr, facts, n);
		return;
	}
	tui_box(win, y + b->y, x + b->x, b->h, b->w, attr);
	put_label(win, y + b->y + 1, x + b->x + 1, b->w - 2, attr | A_BOLD, r, b);
	for (i = 0; i < n && i < inner; i++) {
		const char *f = fit_fact(&facts[i], b->w - 2);

		if (f)
			put_centred(win, y + b->y + 2 + i, x + b->x + 1, b->w - 2, attr, f);
	}
	if (i < n && b->w > 4) {
		/*
		 * No row left inside: the rest that fit go on the bottom edge, " cpu 3% ", and
		 * whole, since a bare "0%" under a bare "0%" would not say which is which.
		 */
		fact_line(facts + i, n - i, b->w - 4, i > 0, line + 1, sizeof line - 2);
		if (line[1]) {
			line[0] = ' ';
			strcat(line, " ");
			put_centred(win, y + b->y + b->h - 1, x + b->x + 1, b->w - 2, attr, line);
		}
	}
}


/* The columns a box's label has: inside the frame, or the whole chip. */
static int label_room(const struct layout_box *b)
{
	return chip(b) ? b->w : b->w - 2;
}

/*
 * Form k of a box's label n columns wide (tui_label_form()), or NULL: past the last, its
 * name cut and numbered from 2, a digit at a time, never a form that reads as a
 * percentile ("p10"). A box whose label names its kind ("posts_db") that comes to these
 * is numbered by its kind instead, with the others of that kind (number_kinds()).
 */
#define NUMBERED 8

static const char *label_form(const char *label, const char *name, int n, int k, char *buf,
                              size_t len)
{
	if (k < TUI_LABEL_FORMS)
		return tui_label_form(label, name, n, k, buf, len);
	if (k >= TUI_LABEL_FORMS + NUMBERED)
		return NULL;
	snprintf(buf, len, "%.*s%d", MAX(0, n - 1), name ? name : label,
	         k - TUI_LABEL_FORMS + 2);
	return tui_width(buf) <= n && !tui_label_misleads(buf) ? buf : NULL;
}

static int shown_before(const struct run *r, int upto, const char *text)
{
	int i;

	for (i = 0; i < upto; i++)
		if (strcasecmp(r->shown[i], text) == 0)     /* "Redis…" reads as "redis…" */
			return 1;
	return 0;
}

/* Whether a box of r other than those of kind word w shows text. */
static int shown_by_another_kind(const struct run *r, const char *w, const char *text)
{
	char kind[16];
	int b;

	for (b = 0; b < r->lay.n_boxes; b++)
		if (strcasecmp(r->shown[b], text) == 0 &&
		    !(tui_label_kind(r->lay.boxes[b].label, kind, sizeof kind) &&
		      strcmp(kind, w) == 0))
			return 1;
	return 0;
}

/*
 * Boxes whose labels end in one kind word ("posts_db", "payments_db"), where one of them
 * found no short form of its own (form[] past TUI_LABEL_FORMS, or -1: one another box
 * shows), are all numbered by that word in the order of the file, "db1" and "db2", rather
 * than read "pdb" beside "po2", which says nothing; the legend gives each in full. A
 * number comes from its node's place in the file, so both halves of a comparison agree.
 */
static void number_kinds(struct run *r, const int *form, const int *room)
{
	char kind[16], other[16], text[24];
	int b, o, need;

	for (b = 0; b < r->lay.n_boxes; b++) {
		if ((form[b] >= 0 && form[b] < TUI_LABEL_FORMS) ||
		    !tui_label_kind(r->lay.boxes[b].label, kind, sizeof kind))
			continue;
		for (o = 0; o < r->lay.n_boxes; o++) {
			int n = 1, k;

			if (!tui_label_kind(r->lay.boxes[o].label, other, sizeof other) ||
			    strcmp(other, kind) != 0)
				continue;
			for (k = 0; k < r->lay.n_boxes; k++)
				n += k != o && tui_label_kind(r->lay.boxes[k].label, other,
				                              sizeof other) &&
				     strcmp(other, kind) == 0 &&
				     r->lay.boxes[k].node < r->lay.boxes[o].node;
			need = snprintf(text, sizeof text, "%s%d", kind, n);
			if (need <= room[o] && !shown_by_another_kind(r, kind, text))
				snprintf(r->shown[o], sizeof r->shown[o], "%s", text);
		}
	}
}

/*
 * Each box's label as drawn, chosen once a layout: the first form (label_form()) that
 * fits and no box before it shows, so that in a narrow diagram "payments_db" and
 * "posts_db" read "pa_db" and "po_db"; the first that fits when none is free; then the
 * boxes of a kind numbered where one of them found no form (number_kinds()).
 */
static void choose_labels(const struct tui_live *live, struct run *r)
{
	int i, k, form[LAYOUT_MAX_BOXES], room[LAYOUT_MAX_BOXES];

	(void)live;
	for (i = 0; i < r->lay.n_boxes; i++) {
		const struct layout_box *b = &r->lay.boxes[i];
		const char *name = b->node >= 0 ? b->name : NULL;
		char buf[SIM_NAME_MAX * 2];
		int chosen = 0;

		r->shown[i][0] = '\0';
		room[i] = label_room(b);
		form[i] = -1;
		for (k = 0; k < TUI_LABEL_FORMS + NUMBERED && !chosen; k++) {
			const char *t = label_form(b->label, name, room[i], k, buf, sizeof buf);

			if (!t || !*t)
				continue;
			chosen = !shown_before(r, i, t);
			form[i] = chosen ? k : form[i];
			if (chosen || !r->shown[i][0])
				snprintf(r->shown[i], sizeof r->shown[i], "%s", t);
		}
	}
	number_kinds(r, form, room);
}

/*
 * When no diagram reads at a pane's size: the calls, one line a box that sends requests,
 * "posts (us) → recs 3.5k, Redis (us) 3.5k, Kafka 541", each target with the requests
 * the engine counted on that one edge, sources and targets in the order of the columns.
 * A line too long goes on under its source's name; the sources that find no row left are
 * counted on the last ("+3 more").
 */

/* The boxes in the order of the columns, top to bottom in each; returns how many. */
static int boxes_in_order(const struct layout *lay, int *order)
{
	int n = 0, l, row, b;

	for (l = 0; l < lay->n_layers; l++)
		for (row = 0; row < lay->n_boxes; row++)
			for (b = 0; b < lay->n_boxes; b++)
				if (lay->boxes[b].layer == l && lay->boxes[b].row == row)
					order[n++] = b;
	for (b = 0; b < lay->n_boxes && n < lay->n_boxes; b++)
		if (lay->boxes[b].layer < 0 || lay->boxes[b].layer >= lay->n_layers)
			order[n++] = b;
	return n;
}

/*
 * The boxes box s sends requests to, in order[]'s order: its edges' targets, and the
 * source of each two-way edge it ends (a broker that also feeds its publisher); or, with
 * replicas set, the databases it keeps in step with in one column (a bracket).
 */
static int calls_of(const struct layout *lay, const int *order, int n, int s, int replicas,
                    int *to)
{
	int i, k, m = 0;

	for (k = 0; k < n; k++)
		for (i = 0; i < lay->n_edges; i++) {
			const struct layout_edge *e = &lay->edges[i];
			int out = e->from == s && e->to == order[k];
			int back = e->both_ways && e->to == s && e->from == order[k];

			if ((replicas ? e->lateral && out : !e->lateral && (out || back))) {
				to[m++] = order[k];
				break;
			}
		}
	return m;
}

/* A pen that writes a list's items one after another, a row after another. */
struct pen {
	WINDOW *win;                    /* NULL: only measuring */
	int y, x, h, w;
	int row, col;
};

/* The column for an item cols wide, on the next row from indent when it does not fit. */
static int pen_at(struct pen *p, int cols, int indent)
{
	if (p->col > indent && p->col + cols > p->w) {
		p->row++;
		p->col = indent;
	}
	p->col += cols;
	return p->col - cols;
}

static void pen_put(struct pen *p, int at, attr_t attr, const char *text)
{
	if (p->win && p->row < p->h)
		tui_put(p->win, p->y + p->row, p->x + at, p->w - at, attr, text);
}

/* The name of box b in the list: its label, with the short words where the pane is narrow. */
static const char *call_name(const struct tui_live *live, const struct run *r, int b, int w,
                             char *buf, size_t len)
{
	const struct layout_box *box = &r->lay.boxes[b];
	const char *name = box->node >= 0 ? box->name : NULL;

	(void)live;
	if (w >= 100 || !tui_label_form(box->label, name, 1 << 10, 1, buf, len))
		snprintf(buf, len, "%s", box->label);
	return buf;
}

/*
 * The line of source s: its name, an arrow, then each target with its count. Records
 * where each count went in r->calls. Returns 0, or -1 when the pen ran out of rows.
 */
static int call_line(struct pen *p, const struct tui_live *live, struct run *r, int s,
                     const int *to, int n_to, int replicas)
{
	char name[SIM_NAME_MAX * 2], item[SIM_NAME_MAX * 2 + 16], num[8];
	const char *arrow = replicas ? (tui_utf8() ? " \u2194 " : " <-> ") :
	                    (tui_utf8() ? " \u2192 " : " -> ");
	int k, at, indent, first = p->row;

	p->col = 0;
	at = pen_at(p, tui_width(call_name(live, r, s, p->w, name, sizeof name)), 0);
	pen_put(p, at, box_attr(r, s) | A_BOLD, name);
	at = pen_at(p, tui_width(arrow), 0);
	pen_put(p, at, tui_attr(TUI_DIM), arrow);
	indent = MIN(p->col, p->w / 3);
	for (k = 0; k < n_to; k++) {
		int any = 0;
		uint64_t v = replicas ? 0 : box_requests(r, s, to[k], &any);

		fmt_compact(num, sizeof num, v);
		call_name(live, r, to[k], p->w, name, sizeof name);
		snprintf(item, sizeof item, "%s%s%s%s", name, any ? " " : "", any ? num : "",
		         k + 1 < n_to ? "," : "");
		at = pen_at(p, tui_width(item) + (k > 0), indent) + (k > 0);
		if (p->row >= p->h)
			return -1;
		pen_put(p, at, box_attr(r, to[k]), name);
		if (k + 1 < n_to)
			pen_put(p, at + tui_width(item) - 1, tui_attr(TUI_DIM), ",");
		if (!any)
			continue;
		pen_put(p, at + tui_width(name) + 1,
		        tui_attr(box_lit(r, to[k]) ? TUI_ACCENT : TUI_DIM), num);
		if (p->win && r->n_calls < (int)(sizeof r->calls / sizeof r->calls[0])) {
			struct tui_live_call *c = &r->calls[r->n_calls++];

			c->from = s;
			c->to = to[k];
			c->line_y = p->y + first;
			c->y = p->y + p->row;
			c->x = p->x + at + tui_width(name) + 1;
			snprintf(c->text, sizeof c->text, "%s", num);
		}
	}
	p->row++;
	return 0;
}

/*
 * The lines of the list from line *from on (the calls, then the brackets of replicas), in
 * the h x w rectangle at y, x (win NULL: only measuring), as many as fit whole; a last row
 * counts those left, "+3 more (a)", unless hint is 0: the a key shows them page by page,
 * in the talk too, where it is no slide key. Sets *from to the first line left
 * (2 n_boxes when none is), records each count drawn in r->calls, and returns the rows
 * taken.
 */
/* Whether nodes a and b stand in the two regions a partition fault of cfg cuts apart. */
static int across_partition(const struct sim_config *cfg, int a, int b)
{
	int f, ra = cfg->nodes[a].region, rb = cfg->nodes[b].region;

	for (f = 0; f < cfg->n_faults; f++) {
		const struct sim_fault_cfg *ft = &cfg->faults[f];

		if (ft->kind == SIM_FAULT_PARTITION && ra >= 0 && rb >= 0 &&
		    ((ra == ft->region && rb == ft->region2) ||
		     (ra == ft->region2 && rb == ft->region)))
			return 1;
	}
	return 0;
}

/* Whether a fault of cfg strikes node: a fault of that node, or the loss of its region. */
static int struck(const struct sim_config *cfg, int node)
{
	int f;

	for (f = 0; f < cfg->n_faults; f++) {
		const struct sim_fault_cfg *ft = &cfg->faults[f];

		if (ft->kind == SIM_FAULT_REGION_LOSS ? ft->region >= 0 &&
		    ft->region == cfg->nodes[node].region :
		    ft->kind != SIM_FAULT_PARTITION && ft->node == node)
			return 1;
	}
	return 0;
}

/*
 * Whether the line of box s to the boxes to[] speaks of the scenario's faults: s or one
 * of them struck, or one across a partition from s (the replicas of 2017's cap, whose
 * link the partition cuts).
 */
static int line_of_fault(const struct tui_live *live, const struct run *r, int s,
                         const int *to, int n_to)
{
	const struct sim_config *cfg = run_cfg(live, r);
	int a = r->lay.boxes[s].node, k;

	if (a < 0)
		return 0;
	if (struck(cfg, a))
		return 1;
	for (k = 0; k < n_to; k++) {
		int b = r->lay.boxes[to[k]].node;

		if (b >= 0 && (struck(cfg, b) || across_partition(cfg, a, b)))
			return 1;
	}
	return 0;
}

/*
 * The order of the list's lines, 0 to 2 n - 1 (each box's calls, then its brackets of
 * replicas, in the order of the columns): those that speak of the scenario's faults
 * first, so that where the list has room for few, they are the incident's (the partition
 * of 2017's cap is between its databases' regions).
 */
static void lines_in_order(const struct tui_live *live, const struct run *r,
                           const int *order, int n, int *seq)
{
	int to[LAYOUT_MAX_BOXES], i, pass, m = 0;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < 2 * n; i++) {
			int n_to = calls_of(&r->lay, order, n, order[i % n], i >= n, to);

			if (line_of_fault(live, r, order[i % n], to, n_to) == !pass)
				seq[m++] = i;
		}
}

static int draw_calls(WINDOW *win, int y, int x, int h, int w, const struct tui_live *live,
                      struct run *r, int *from, int hint)
{
	int order[LAYOUT_MAX_BOXES], to[LAYOUT_MAX_BOXES], n = boxes_in_order(&r->lay, order);
	int seq[2 * LAYOUT_MAX_BOXES], j, k, left = 0, next = 2 * n;
	struct pen p = { NULL, y, x, h, w, 0, 0 };
	char more[32];

	lines_in_order(live, r, order, n, seq);
	for (j = *from; j < 2 * n; j++) {
		int i = seq[j], rep = i >= n;
		int n_to = calls_of(&r->lay, order, n, order[i % n], rep, to);
		int start = p.row, fits;

		if (!n_to)
			continue;
		if (left) {
			left++;
			continue;
		}
		/* measured first: a line that does not fit whole is left for the "+n more" */
		p.win = NULL;
		fits = call_line(&p, live, r, order[i % n], to, n_to, rep) == 0;
		for (k = j + 1; hint && fits && k < 2 * n && p.row >= h; k++)
			fits = !calls_of(&r->lay, order, n, order[seq[k] % n], seq[k] >= n, to);
		if (!fits) {
			p.row = start;
			left = 1;
			next = j;
			continue;
		}
		p.win = win;
		p.row = start;
		call_line(&p, live, r, order[i % n], to, n_to, rep);
	}
	*from = next;
	if (left && hint && win && p.row < h) {
		snprintf(more, sizeof more, "+%d more (a)", left);
		tui_put(win, y + p.row, x, w, tui_attr(TUI_DIM), more);
	}
	return p.row + (left > 0 && hint);
}

/*
 * The a key's pages where the list of calls stands in for the diagram: the lines it left
 * out, from r->calls_left on, under a header like the log's; page (from 0) of as many as
 * they take, or none drawn when page is -1. Returns the pages.
 */
static int draw_calls_legend(WINDOW *win, int y, int x, int h, int w,
                             const struct tui_live *live, struct run *r, int page)
{
	int from = r->calls_left, p, end = 2 * r->lay.n_boxes;
	char title[64];

	for (p = 0; from < end && h >= 2; p++) {
		int at = from;

		draw_calls(p == page ? win : NULL, y + 1, x, h - 1, w, live, r, &from, 0);
		if (from == at)
			break;  /* a line taller than the page: the list shows what it can */
	}
	if (page < 0 || h < 2)
		return MAX(p, 1);
	snprintf(title, sizeof title, " calls left out %d/%d (a: %s) ", MIN(page, p - 1) + 1,
	         MAX(p, 1), page + 1 < p ? "more" : "back");
	tui_hline(win, y, x, w, tui_attr(TUI_DIM));
	tui_put(win, y, x + 1, w - 1, tui_attr(TUI_TITLE), title);
	return MAX(p, 1);
}

/*
 * The name of box b's node in run r (twins': their name without the region), "" for the
 * clients: what tells the same box apart.
 */
static const char *box_key(const struct tui_live *live, const struct run *r, int b)
{
	(void)live;
	return r->lay.boxes[b].node >= 0 ? r->lay.boxes[b].name : "";
}

/* The box of run r's diagram whose node is called key, or -1. */
static int box_of_key(const struct tui_live *live, const struct run *r, const char *key)
{
	int b;

	for (b = 0; r->lay_ok && b < r->lay.n_boxes; b++)
		if (strcmp(box_key(live, r, b), key) == 0)
			return b;
	return -1;
}

/* Whether a box of another node than key, of a run before ri or before box upto, shows text. */
static int shown_by_other(const struct tui_live *live, int ri, int upto, const char *key,
                          const char *text)
{
	int i, b;

	for (i = 0; i <= ri; i++) {
		const struct run *o = &live->runs[i];

		for (b = 0; o->lay_ok && b < (i == ri ? upto : o->lay.n_boxes); b++)
			if (strcmp(box_key(live, o, b), key) != 0 &&
			    strcasecmp(o->shown[b], text) == 0)
				return 1;
	}
	return 0;
}

/* Box i of run ri takes the label a box of its node on an earlier run shows; 1 if any. */
static int twin_label(struct tui_live *live, int ri, int i)
{
	struct run *r = &live->runs[ri];
	int k, o;

	for (k = 0; k < ri; k++)
		if ((o = box_of_key(live, &live->runs[k], box_key(live, r, i))) >= 0) {
			memcpy(r->shown[i], live->runs[k].shown[o], sizeof r->shown[i]);
			return 1;
		}
	return 0;
}

/* The columns for box i of run ri's label: the fewest any box of its node has. */
static int twin_room(const struct tui_live *live, int ri, int i)
{
	const struct run *r = &live->runs[ri];
	int room = label_room(&r->lay.boxes[i]), k, o;

	for (k = ri + 1; k < live->n_runs; k++)
		if ((o = box_of_key(live, &live->runs[k], box_key(live, r, i))) >= 0)
			room = MIN(room, label_room(&live->runs[k].lay.boxes[o]));
	return room;
}

/*
 * The labels of two diagrams side by side, chosen together: a node the left one shows
 * reads the same on the right, in the first form that fits the narrower of its two boxes
 * and that no other node shows on either side (as choose_labels() does for one), so the
 * pain's "po_db" is the fix's "po_db".
 */
static void choose_labels_together(struct tui_live *live)
{
	int ri, i, k, form[LAYOUT_MAX_BOXES], room[LAYOUT_MAX_BOXES];

	for (ri = 0; ri < live->n_runs; ri++) {
		struct run *r = &live->runs[ri];

		for (i = 0; r->lay_ok && i < r->lay.n_boxes; i++) {
			const struct layout_box *b = &r->lay.boxes[i];
			const char *key = box_key(live, r, i);
			char buf[SIM_NAME_MAX * 2];
			int done = twin_label(live, ri, i);

			room[i] = twin_room(live, ri, i);
			/* a label copied from the left was numbered there, or needs no number */
			form[i] = done ? 0 : -1;
			if (!done)
				r->shown[i][0] = '\0';
			for (k = 0; k < TUI_LABEL_FORMS + NUMBERED && !done; k++) {
				const char *t = label_form(b->label, b->node >= 0 ? key : NULL,
				                           room[i], k, buf, sizeof buf);

				if (!t || !*t)
					continue;
				done = !shown_by_other(live, ri, i, key, t);
				form[i] = done ? k : form[i];
				if (done || !r->shown[i][0])
					snprintf(r->shown[i], sizeof r->shown[i], "%s", t);
			}
		}
		if (r->lay_ok)
			number_kinds(r, form, room);
	}
}

/*
 * The boxes no request of the variant reaches (r->unused), as the layout found them:
 * they draw no line, and draw_box() dims them.
 */
static void find_unused(const struct tui_live *live, struct run *r)
{
	int i;

	(void)live;
	for (i = 0; i < r->lay.n_boxes; i++)
		r->unused[i] = (unsigned char)r->lay.boxes[i].unused;
}

/*
 * The layout of run r for a w x h pane: the plain drawing where it reads; else, region
 * twins as one box and arrows in nets with ports (the 2026 platform, whose plain drawing
 * joins the lines of one region's services on their way to its database); where neither
 * reads, the plain one, whose calls the view lists.
 */
static void ensure_layout(const struct tui_live *live, struct run *r, int w, int h)
{
	static const int modes[] = { 0, LAYOUT_TWINS | LAYOUT_PORTS };
	size_t m;

	if (r->lay_w == w && r->lay_h == h)
		return;
	for (m = 0; m < sizeof modes / sizeof modes[0]; m++) {
		r->lay_ok = layout_compute_as(run_cfg(live, r), w, h, modes[m], &r->lay) == 0 &&
		            !layout_tangled(&r->lay);
		if (r->lay_ok)
			break;
	}
	if (!r->lay_ok)
		layout_compute(run_cfg(live, r), w, h, &r->lay);
	r->lay_w = w;
	r->lay_h = h;
	r->n_keyed = 0;
	find_unused(live, r);
	if (r->lay_ok) {
		choose_labels(live, r);
		find_slots(r);
		r->mark_cut = marks_cut(live, r);
		mark_key(live, r);
	}
}

/*
 * Whether a box of lay stands for region twins. Each of its counts then adds up several
 * nodes' calls: where some find no row in the key, the list of calls, which gives every
 * call its own count, may say more than the diagram (twins_listed()). Any other diagram
 * stays, the counts with no room saying why (tui_live_diagram()).
 */
static int has_twins(const struct layout *lay)
{
	int b;

	for (b = 0; b < lay->n_boxes; b++)
		if (lay->boxes[b].n_members > 1)
			return 1;
	return 0;
}

/*
 * Whether run r's diagram of twins gives way to the list of calls, which gives every call
 * its own count: where its key has no room for some count, or in the talk, whose slides
 * want the picture, only where it leaves out more than two thirds of them (the 2026
 * platform side by side at 80x24, halves of 37 columns, whose boxes would read "po…"
 * and whose counts would all but one or two be on the a key's pages); else the key says
 * "a: more".
 */
static int twins_listed(const struct tui_live *live, const struct run *r, int w)
{
	int h, any, counted = 0, left;

	if (!has_twins(&r->lay) || key_need(r, w, KEY_HEADS, 1) <= r->key_rows)
		return 0;
	left = counts_left(r, w, r->key_rows);
	for (h = 0; h < r->n_heads; h++) {
		head_requests(r, h, &any);
		counted += any;
	}
	return !live->in_talk || 3 * left > 2 * counted;
}

/*
 * The plain layout of run r at w x h, for its list of calls when no diagram has room;
 * the next ensure_layout() lays out again.
 */
static void plain_layout(const struct tui_live *live, struct run *r, int w, int h)
{
	layout_compute(run_cfg(live, r), w, h, &r->lay);
	r->lay_ok = 0;
	r->lay_w = r->lay_h = -1;
	find_unused(live, r);
}

/*
 * A diagram the layout refuses at topo rows (one row a box leaves the 2026 platform's
 * services no row to part their lines on; 2014's gateway pain needs two rows more than
 * its eleven slots to centre its short columns where their lines read true) is drawn at
 * the fewest rows up to three a box that the layout takes, when the pane has them with
 * the story line and three rows of log to spare: the meters give way, since without the
 * diagram there is only a list of names. Remembered per pane size, so a frame lays the
 * diagram out once.
 */
static int taller_if_refused(const struct tui_live *live, struct run *r, int w, int h,
                             int topo)
{
	int t;

	ensure_layout(live, r, w, topo);
	for (t = topo + 1; !r->lay_ok && t <= r->lay.n_rows * 3 && t <= h - 4; t++) {
		ensure_layout(live, r, w, t);
		if (r->lay_ok)
			topo = t;
	}
	r->topo_w = w;
	r->topo_h = h;
	r->topo_edges = r->snap.n_edges;
	r->topo = topo;
	return topo;
}

#define MAX_KEY_ROWS 3
#define MAX_COUNT_ROWS 5

/*
 * Rows under a diagram of topo rows for its key: those its counts with no slot by their
 * arrowheads need, up to MAX_COUNT_ROWS (the twins of the 2026 platform side by side
 * have many), while the pane keeps the story line and three rows of log besides; those
 * its shortened labels need too, up to MAX_KEY_ROWS, while three meters keep their rows
 * as well. Returns the rows of both.
 */
static int with_key(const struct tui_live *live, struct run *r, int w, int h, int topo)
{
	int spare = h - topo - 1 - 3, meters = w >= 2 * METER_COL_W + 1 ? 2 : 3, key = 0;

	ensure_layout(live, r, w, topo);
	if (r->lay_ok) {
		key = MIN(key_need(r, w, KEY_COUNTS, 1), MAX_COUNT_ROWS);
		key = MAX(key, MIN(MIN(key_need(r, w, KEY_NAMES, 1), spare - meters),
		                   MAX_KEY_ROWS));
		key = MAX(0, MIN(key, spare));
	}
	r->key_rows = key;
	r->topo = topo + key;
	return r->topo;
}

/*
 * A diagram of topo rows, its key included, whose key has no room for some count: of it
 * and the shorter diagrams the layout takes, the one whose key leaves out the fewest
 * counts, the tallest of those (boxes as tall as their own ports leave the 2026
 * platform's key rows for the counts into Kafka and its consumers side by side at
 * 100x30). Returns the rows taken, the key's in r->key_rows.
 */
static int shorter_for_counts(const struct tui_live *live, struct run *r, int w, int h,
                              int topo)
{
	int rows = topo - r->key_rows, t, best = rows, fewest = counts_left(r, w, r->key_rows);

	for (t = rows - 1; t >= 1 && fewest > 0; t--) {
		int left;

		ensure_layout(live, r, w, t);
		if (!r->lay_ok)
			continue;
		with_key(live, r, w, h, t);
		left = counts_left(r, w, r->key_rows);
		if (left < fewest) {
			fewest = left;
			best = t;
		}
	}
	ensure_layout(live, r, w, best);
	return with_key(live, r, w, h, best);
}

/*
 * Rows for the topology: two fifths of the pane, but no more than six a row slot (a
 * frame, the label and three facts), so a small era leaves the room to the log. A tall
 * diagram may take up to half the pane for framed boxes (three rows a slot) or, failing
 * that, a little more for chips with a line of facts under the label (two rows): a box
 * that says how it is doing is worth the last meter. A column taller than two fifths
 * gets one row a box if that fits in the same share.
 */
static int plan_topology(const struct tui_live *live, struct run *r, int w, int h)
{
	int topo = h * 2 / 5 < 3 ? (h < 3 ? h : 3) : h * 2 / 5;

	ensure_layout(live, r, w, topo);
	if (r->lay.n_rows > 0 && r->lay.n_rows * 6 < topo)
		topo = r->lay.n_rows * 6;
	/* framed boxes need three rows each: take up to half the pane for them */
	else if (r->lay.n_rows > 0 && topo < r->lay.n_rows * 3 && r->lay.n_rows * 3 <= h / 2)
		topo = r->lay.n_rows * 3;
	else if (r->lay.n_rows > 0 && topo < r->lay.n_rows * 2 &&
	         r->lay.n_rows * 2 <= h * 11 / 20)
		topo = r->lay.n_rows * 2;
	/* one row a slot at least, or the boxes give way to the list of calls */
	else if (r->lay.n_rows > topo && r->lay.n_rows <= h * 11 / 20)
		topo = r->lay.n_rows;
	topo = taller_if_refused(live, r, w, h, topo);
	if (r->lay_ok) {
		topo = with_key(live, r, w, h, topo);
		if (key_need(r, w, KEY_HEADS, 1) > r->key_rows)
			topo = shorter_for_counts(live, r, w, h, topo);
		r->list = twins_listed(live, r, w);
		if (!r->list)
			return topo;
		topo -= r->key_rows;
		plain_layout(live, r, w, topo);
	}
	/*
	 * no diagram reads, or one leaves counts without a place (the 2026 platform side by
	 * side at 80x24): the list of calls, given the rows its lines take, up to half
	 */
	r->list = 1;
	r->key_rows = 0;
	r->topo = MAX(topo, MIN(1 + draw_calls(NULL, 0, 0, 1 << 10, w, live, r, &(int){ 0 }, 1),
	                        h * 11 / 20));
	return r->topo;
}

/*
 * Whether the plan of run r still holds: the engine counted no edge it had not, and no
 * count grew past its head's room since (either may want a row of the key more).
 */
static int plan_holds(const struct run *r)
{
	return r->topo_edges == r->snap.n_edges && r->topo_over == counts_over(r);
}

/* The topology's rows in a pane h x w (plan_topology()), planned again when stale. */
static int topology_height(const struct tui_live *live, struct run *r, int w, int h)
{
	if (r->topo_w == w && r->topo_h == h && plan_holds(r))
		return r->topo;
	plan_topology(live, r, w, h);
	r->topo_w = w;
	r->topo_h = h;
	r->topo_edges = r->snap.n_edges;
	r->topo_over = counts_over(r);
	return r->topo;
}

/*
 * Where no diagram reads at a pane's size: a line that says so, then the list of calls in
 * the rest of the h x w rectangle at y, x.
 */
#define LIST_NOTE "no room for the diagram: its calls"

static void draw_list(WINDOW *win, int y, int x, int h, int w, const struct tui_live *live,
                      struct run *r)
{
	int note = h >= 2;

	if (note)
		tui_put_fit(win, y, x, w, tui_attr(TUI_DIM), LIST_NOTE);
	r->calls_y = y + note;
	r->calls_x = x;
	r->n_calls = 0;
	r->calls_left = 0;
	draw_calls(win, y + note, x, h - note, w, live, r, &r->calls_left, 1);
}

/*
 * The diagram in the top h - key rows of the h x w rectangle at y, x, the key of the
 * counts whose arrowheads keep no slot on the key rows under it; where no diagram reads at
 * that size, or key is -1 (the other half of a comparison lists its calls), the list of
 * calls in the whole rectangle.
 */
static void draw_topology(WINDOW *win, int y, int x, int h, int w, struct tui_live *live,
                          struct run *r, int key)
{
	struct canvas c;
	int i, left[LAYOUT_MAX_EDGES], n_left = 0, listed = key < 0;

	if (h <= 0 || w <= 0)
		return;
	key = key < 0 || key >= h ? 0 : key;
	h -= key;
	ensure_layout(live, r, w, h);
	r->top_y = r->top_x = -1;
	r->calls_y = -1;
	if (!r->lay_ok || r->list || listed) {
		if (r->lay_ok)
			plain_layout(live, r, w, h + key);
		draw_list(win, y, x, h + key, w, live, r);
		return;
	}
	r->top_y = y;
	r->top_x = x;
	if (canvas_open(&c, y, x, h, w)) {
		trace_edges(&c, r);
		paint_canvas(win, y, x, &c);
	}
	for (i = 0; i < r->lay.n_boxes; i++)
		draw_box(win, y, x, r, live, &r->lay.boxes[i]);
	/* last: the heads and their counts go over the lines' ends */
	if (c.mask && c.lit)
		n_left = draw_heads(win, y, x, r, left);
	canvas_close(&c);
	/* no key rows: no label is given under the diagram, the a key's legend gives all */
	memset(r->named, 0, sizeof r->named);
	if (key > 0)
		draw_key(win, y + h, x, key, w, r, left, n_left);
	for (i = 0; i < r->lay.n_edges; i++)
		r->counts[i] = r->head_of[i] >= 0 ? r->heads[r->head_of[i]].count :
		               (struct tui_live_count){ -1, -1, "", "no arrowhead: a bracket of "
		                                        "replicas, or a line not drawn" };
}

/* ---- drawing: story, meters, log --------------------------------------------------- */

/*
 * Story counter i of run r as text ("274", "9.3s"), "-" when the run does not count it or
 * when it is a latency of no answer yet (a mean of no post published is no 0.0ms).
 */
static int story_value(const struct tui_live *live, const struct run *r, int i, char *buf,
                       size_t len, double *v)
{
	uint64_t answers;

	*v = 0;
	if (!r->sim || sim_metric_get(r->sim, live->story[i], v) != 0) {
		snprintf(buf, len, "-");
		return 0;
	}
	if (sim_metric_samples(r->sim, live->story[i], &answers) == 0 && answers == 0) {
		*v = 0;
		snprintf(buf, len, "-");
		return 1;
	}
	fmt_metric(buf, len, live->story[i], *v);
	return 1;
}

/*
 * The name a story counter goes by on screen: the claim's metric, with what sets it apart
 * from the meter beside it. cpu_peak is the peak of the CPU smoothed over about five
 * seconds, as the log's CPU warnings read it, where the CPU meter shows the last second
 * (93% on the meter beside a cpu_peak of 59% while the smoothed CPU catches up).
 */
static const char *story_label(const struct tui_live *live, int i)
{
	return strcmp(live->story[i], "cpu_peak") == 0 ? "cpu_peak (smoothed)" : live->story[i];
}

/*
 * The counters on the story line, in story order, that fit in w columns in every run on
 * screen: whole items only ("logged_o" would tell a different story), each as wide as its
 * widest value, so both halves of a comparison give the same counters in the same
 * columns ("timeouts 274" over "timeouts 0"). A shorter one further on may still fit.
 * Fills pick[] and width[] and returns how many.
 */
static int story_pick(const struct tui_live *live, int w, int *pick, int *width)
{
	int i, k, n = 0, used = 0;
	char buf[64];
	double v;

	for (i = 0; i < live->n_story; i++) {
		int item = 0, counted = 0;

		for (k = 0; k < live->n_runs; k++) {
			counted |= story_value(live, &live->runs[k], i, buf, sizeof buf, &v);
			item = MAX(item, tui_width(story_label(live, i)) + 1 + tui_width(buf));
		}
		if (!counted || used + (n ? 3 : 0) + item > w)
			continue;
		used += (n ? 3 : 0) + item;
		pick[n] = i;
		width[n++] = item;
	}
	return n;
}

static void draw_story(WINDOW *win, int y, int x, int w, const struct tui_live *live,
                       const struct run *r, const int *pick, const int *width, int n)
{
	int k, at = 0;
	char buf[64];
	double v;

	for (k = 0; k < n && at < w; k++) {
		int i = pick[k], col = at;

		if (k > 0)
			col += tui_putf(win, y, x + col, w - col, tui_attr(TUI_DIM), " %s ",
			                tui_glyphs()->dot);
		story_value(live, r, i, buf, sizeof buf, &v);
		col += tui_putf(win, y, x + col, w - col, tui_attr(TUI_NORMAL), "%s ",
		                story_label(live, i));
		tui_put(win, y, x + col, w - col,
		        tui_attr(v > 0 && strcmp(live->story[i], "requests") != 0 ?
		                 TUI_ACCENT : TUI_NORMAL) | A_BOLD, buf);
		at += (k > 0 ? 3 : 0) + width[k];
	}
}

struct meter_row {
	const char *label;
	const char *brief;              /* its label where meters are compact */
	const char *key;                /* its name in a deck file: "meter: p99" */
	enum series which;
	double scale;                   /* the value that fills the bar; 0: auto */
	const char *none;               /* what a variant without it lacks */
};

/*
 * In the order rows are given up when the pane is short: the last ones go first, the
 * lead (tui_live_lead()) never. The hit ratio is of the last monitor interval.
 */
static const struct meter_row meter_rows[] = {
	{ "CPU", "CPU", "cpu", S_CPU, 1, "no app" },
	{ "RAM", "RAM", "ram", S_RAM, 1, "no memory modelled" },
	{ "DB pool", "pool", "db_pool", S_POOL, 1, "no database" },
	{ "hit ratio", "hits", "hit_ratio", S_HIT, 1, "no cache" },
	{ "p99", "p99", "p99", S_P99, 1000, "-" },
	/* a tenth of requests failing is already the worst */
	{ "errors", "err", "errors", S_ERR, 0.1, "-" },
	{ "queue", "queue", "queue", S_QUEUE, 0, "-" },
	{ "p50", "p50", "p50", S_P50, 1000, "-" },
};

#define N_METERS ((int)(sizeof meter_rows / sizeof meter_rows[0]))

const char *tui_live_meter_key(int i)
{
	return i >= 0 && i < N_METERS ? meter_rows[i].key : NULL;
}

static int meter_of(enum series which)
{
	int m;

	for (m = 0; m < N_METERS && meter_rows[m].which != which; m++)
		;
	return m < N_METERS ? m : -1;
}

/*
 * Words of claim metrics and the meter that shows the same trouble live: a story told by
 * oom_kills is one of RAM, one told by latency_p99_ms or caller_p99_ms one of p99.
 */
static const struct {
	const char *word;
	enum series which;
} claim_words[] = {
	{ "p99", S_P99 }, { "p50", S_P50 }, { "latency", S_P50 }, { "hit_ratio", S_HIT },
	{ "oom", S_RAM }, { "ram_", S_RAM }, { "cpu", S_CPU }, { "db_conn", S_POOL },
	{ "pool", S_POOL }, { "queue", S_QUEUE }, { "lag", S_QUEUE }, { "error", S_ERR },
	{ "success_ratio", S_ERR }, { "timeouts", S_ERR }, { "failed", S_ERR },
	{ "availability", S_ERR }, { "refused", S_ERR },
};

/* The meter of the first claim, in file order, whose metric a meter shows; -1: none. */
static int claims_lead(const struct cfg_scenario *sc)
{
	int v, i;
	size_t k;

	for (v = 0; v < sc->n_variants; v++)
		for (i = 0; i < sc->variants[v].n_claims; i++)
			for (k = 0; k < sizeof claim_words / sizeof claim_words[0]; k++)
				if (strstr(sc->variants[v].claims[i].metric, claim_words[k].word))
					return meter_of(claim_words[k].which);
	return -1;
}

static int meter_named(const char *key)
{
	int m;

	for (m = 0; m < N_METERS; m++)
		if (strcmp(meter_rows[m].key, key) == 0)
			return m;
	return -1;
}

int tui_live_lead(struct tui_live *live, const char *const *keys, int n)
{
	int i, m;

	for (i = 0; i < n; i++)
		if (meter_named(keys[i]) < 0)
			return -1;
	live->n_lead = 0;
	if (n == 0 && (m = claims_lead(live->sc)) >= 0)
		live->lead[live->n_lead++] = m;
	for (i = 0; i < n && live->n_lead < MAX_LEAD; i++)
		live->lead[live->n_lead++] = meter_named(keys[i]);
	return 0;
}

/* Whether the era reads anything through a cache: a cache step in a route, or a CDN. */
static int has_lookups(const struct sim_config *cfg)
{
	int i, k;

	for (i = 0; i < cfg->n_nodes; i++)
		if (cfg->nodes[i].kind == SIM_NODE_CDN)
			return 1;
	for (i = 0; i < cfg->n_routes; i++)
		for (k = 0; k < cfg->routes[i].n_steps; k++)
			if (cfg->routes[i].steps[k].kind == SIM_STEP_CACHE)
				return 1;
	return 0;
}

/*
 * Whether meter m says anything about this variant: no RAM row where no node models
 * memory, no pool row without a database, no hit ratio without a cache, so the rows go
 * to the meters that do.
 */
static int meter_applies(const struct tui_live *live, const struct run *r, int m)
{
	switch (meter_rows[m].which) {
	case S_CPU: case S_RAM:
		return hottest(&r->snap, meter_rows[m].which == S_RAM) >= 0;
	case S_POOL:
		return fullest_pool(&r->snap) >= 0;
	case S_HIT:
		return has_lookups(run_cfg(live, r));
	default:
		return 1;
	}
}

/*
 * A latency meter's value in ms, and as text: the last second's when it answered. Sparse
 * traffic (two posts a second) leaves seconds without an answer, which are no latency of
 * 0 ms: for LATENCY_HOLD seconds the meter keeps the last second that had one, in
 * parentheses, "(9.6s)"; after that, with nothing answering, it reads "-" and 0.
 */
static double latency_now(const struct run *r, enum series which, char *text, size_t len)
{
	double v = which == S_P50 ? r->snap.p50_ms : r->snap.p99_ms;
	char ms[16];
	int i;

	if (r->snap.throughput_per_s > 0) {
		fmt_ms(text, len, v);
		return v;
	}
	/* the newest sample is the same interval as the snapshot's; those before it */
	for (i = 1; i <= MIN(r->n_hist, LATENCY_HOLD); i++) {
		v = r->hist[which][(r->head - i + HIST) % HIST];
		if (v < 0)
			continue;
		fmt_ms(ms, sizeof ms, v);
		snprintf(text, len, "(%s)", ms);
		return v;
	}
	snprintf(text, len, "-");
	return 0;
}

/* The value of a meter now, as text, and the bar's fill. */
static double meter_now(const struct tui_live *live, const struct run *r, int m, char *text,
                        size_t len)
{
	const struct sim_snapshot *s = &r->snap;
	const struct sim_config *cfg = run_cfg(live, r);
	double v = 0;
	int i, backlog = 0;

	switch (meter_rows[m].which) {
	case S_CPU: case S_RAM: case S_POOL:
		v = meter_rows[m].which == S_POOL ? fullest_pool(s) :
		    hottest(s, meter_rows[m].which == S_RAM);
		if (v < 0)
			snprintf(text, len, "-");
		else
			snprintf(text, len, "%.0f%%", v * 100);
		return v;
	case S_HIT:
		v = hit_ratio(r);
		fmt_percent(text, len, v);
		if (v < 0)
			snprintf(text, len, "-");
		return v;
	case S_P50: case S_P99:
		return latency_now(r, meter_rows[m].which, text, len) / meter_rows[m].scale;
	case S_ERR:
		snprintf(text, len, "%.1f%%", s->error_rate * 100);
		return s->error_rate / meter_rows[m].scale;
	default:
		for (i = 0; i < cfg->n_nodes; i++)
			if (cfg->nodes[i].kind == SIM_NODE_APP)
				backlog += cfg->nodes[i].backlog + cfg->nodes[i].workers;
		v = total_queued(s);
		fmt_count(text, len, v);
		return backlog > 0 ? v / backlog : 0;
	}
}

/*
 * "CPU  ███░  94%  ▁▃▇█": label, bar, value, the last minute.
 * The bar stops growing at MAX_BAR columns so that on a wide screen the sparkline stays beside its
 * value. A hit ratio is coloured the other way round: a low one is the trouble.
 */
#define MAX_BAR 48

static void draw_meter(WINDOW *win, int y, int x, int w, const struct tui_live *live,
                       const struct run *r, int m)
{
	double hist[HIST], ratio, scale = meter_rows[m].scale;
	char text[24];
	int label_w = 10, value_w = 7, spark_w = 0, bar_w, n, i;
	enum tui_role role;

	if (!meter_applies(live, r, m)) {
		/* the other half of a comparison has it: the row says what this one lacks */
		tui_put(win, y, x, label_w, tui_attr(TUI_NORMAL), meter_rows[m].label);
		tui_put(win, y, x + label_w, w - label_w, tui_attr(TUI_DIM), meter_rows[m].none);
		return;
	}
	ratio = meter_now(live, r, m, text, sizeof text);
	role = tui_ratio_role(meter_rows[m].which == S_HIT && ratio >= 0 ? 1 - ratio : ratio);
	if (w >= 36)
		spark_w = (w - label_w - value_w) / 2 < HIST ? (w - label_w - value_w) / 2 : HIST;
	bar_w = w - label_w - value_w - (spark_w ? spark_w + 1 : 0) - 1;
	if (bar_w > MAX_BAR)
		bar_w = MAX_BAR;
	if (bar_w < 3) {
		tui_putf(win, y, x, w, tui_attr(TUI_NORMAL), "%s %s", meter_rows[m].label, text);
		return;
	}
	tui_put(win, y, x, label_w, tui_attr(TUI_NORMAL), meter_rows[m].label);
	tui_meter(win, y, x + label_w, bar_w, ratio, role);
	tui_putf(win, y, x + label_w + bar_w + 1, value_w, tui_attr(role), "%6s", text);
	if (!spark_w)
		return;
	n = series(r, meter_rows[m].which, hist);
	/* ratios scale to their whole bar; counts to the largest value seen in the minute */
	if (meter_rows[m].which == S_QUEUE)
		scale = 0;
	else
		for (i = 0; i < n; i++)
			hist[i] = hist[i] < 0 ? -1 : hist[i] > scale ? scale : hist[i];
	tui_sparkline(win, y, x + label_w + bar_w + 1 + value_w + 1, spark_w, hist, n, scale,
	              tui_attr(TUI_ACCENT));
}

/*
 * The value of meter m in at most CELL_VALUE_W columns, for a compact meter: the longer
 * forms shortened ("12k" queued, "123s", "100%" of errors).
 */
static double cell_value(const struct tui_live *live, const struct run *r, int m, char *text,
                         size_t len)
{
	double ratio = meter_now(live, r, m, text, len);

	if (tui_width(text) <= CELL_VALUE_W)
		return ratio;
	switch (meter_rows[m].which) {
	case S_QUEUE:
		fmt_compact(text, len, (uint64_t)total_queued(&r->snap));
		break;
	case S_P50: case S_P99:
		/* a value held from an earlier second keeps its parentheses: "(10s)" */
		if (text[0] == '(' && ratio * meter_rows[m].scale < 999.5)
			snprintf(text, len, "(<1s)");
		else if (text[0] == '(')
			snprintf(text, len, "(%.0fs)", ratio * meter_rows[m].scale / 1000);
		else
			snprintf(text, len, "%.0fs", ratio * meter_rows[m].scale / 1000);
		break;
	default:
		snprintf(text, len, "%.0f%%", ratio * meter_rows[m].scale * 100);
		break;
	}
	return ratio;
}

/*
 * A compact meter, "CPU   94%": its brief label, and its value right-aligned in w columns
 * in the colour of its fill; what a variant lacks reads "none". The bar and the sparkline
 * are what a short pane gives up to keep its log.
 */
static void draw_cell(WINDOW *win, int y, int x, int w, const struct tui_live *live,
                      const struct run *r, int m)
{
	char text[24];
	double ratio;
	enum tui_role role;

	tui_put(win, y, x, w, tui_attr(TUI_NORMAL), meter_rows[m].brief);
	if (!meter_applies(live, r, m)) {
		tui_put(win, y, x + w - 4, 4, tui_attr(TUI_DIM), "none");
		return;
	}
	ratio = cell_value(live, r, m, text, sizeof text);
	role = tui_ratio_role(meter_rows[m].which == S_HIT && ratio >= 0 ? 1 - ratio : ratio);
	tui_putf(win, y, x + w - CELL_VALUE_W, CELL_VALUE_W, tui_attr(role) | A_BOLD, "%*s",
	         CELL_VALUE_W, text);
}

/* Lines one log entry takes at width w: "[02:45:03] FATAL " then the wrapped message. */
static int entry_lines(const char *msg, int w)
{
	const char *s = msg, *next;
	int n = 0;

	do {
		tui_wrap(s, w, &next);
		s = next;
		n++;
	} while (*s);
	return n;
}

/* Columns of an entry's head, "[02:45:03] FATAL ", where its wrapped lines start. */
static int head_width(const struct sim_log_entry *e)
{
	return 11 + (int)strlen(sim_level_name(e->level)) + 1;
}

/*
 * One entry from row on, down to the row before bottom: the head, then the message; when
 * the rows run out first, the last one ends in an ellipsis.
 */
static void draw_entry(WINDOW *win, int row, int bottom, int x, int w, const struct run *r,
                       const struct sim_log_entry *e, int body_w)
{
	const char *s = e->message, *next;
	int k, hw = head_width(e);

	for (k = 0; (*s || k == 0) && row + k < bottom; k++, s = next) {
		size_t len = tui_wrap(s, body_w, &next);
		char part[sizeof e->message];

		snprintf(part, sizeof part, "%.*s", (int)len, s);
		if (*next && row + k == bottom - 1)
			tui_fit_label(s, NULL, w - hw, part, sizeof part);
		if (k == 0) {
			char clock[16];
			int col;

			sim_clock_format(r->sim, e->time, clock, sizeof clock);
			col = tui_putf(win, row, x, w, tui_attr(TUI_DIM), "[%s] ", clock);
			tui_putf(win, row, x + col, w - col, tui_attr(tui_level_role(e->level)),
			         "%s ", sim_level_name(e->level));
		}
		tui_put(win, row + k, x + hw, w - hw, tui_attr(TUI_NORMAL), part);
	}
}

/*
 * The incident log, newest at the bottom. Long messages wrap under their first line,
 * indented past the time, so the end of "process killed by the OOM killer" stays readable;
 * only whole entries are shown, except the newest when even it does not fit: its first
 * lines then, with its time and level.
 */
static int entry_body_w(const struct sim_log_entry *e, int w)
{
	return w - head_width(e) < 8 ? 8 : w - head_width(e);
}

/* One past the newest entry the pane shows: the log's end, or where Up left it. */
static size_t log_shown_end(const struct run *r)
{
	size_t n = sim_log_count(r->sim);

	return r->log_end < 0 || (size_t)r->log_end > n ? n : (size_t)r->log_end;
}

/*
 * The row the entries shown start on when the newest is at the bottom of h rows from y:
 * whole entries only, except the newest when even it does not fit.
 */
static int log_top(const struct run *r, int y, int h, int w)
{
	size_t i = log_shown_end(r);
	int row = y + h;

	while (i > 0 && row > y) {
		const struct sim_log_entry *e = sim_log_get(r->sim, --i);
		int lines = entry_lines(e->message, entry_body_w(e, w));

		if (row - lines < y && row < y + h)
			break;
		row = row - lines < y ? y : row - lines;
	}
	return row;
}

static void draw_log(WINDOW *win, int y, int x, int h, int w, const struct run *r)
{
	size_t i = log_shown_end(r);
	int row;

	if (h <= 0)
		return;
	if (i == 0) {
		tui_put(win, y, x, w, tui_attr(TUI_DIM), "(the incident log is empty so far)");
		return;
	}
	/* a log that does not fill its rows yet starts under its header, not at the bottom */
	row = y + h - (log_top(r, y, h, w) - y);
	while (i > 0 && row > y) {
		const struct sim_log_entry *e = sim_log_get(r->sim, --i);
		int body_w = entry_body_w(e, w), lines = entry_lines(e->message, body_w);

		if (row - lines < y && row < y + h)
			break;
		row = row - lines < y ? y : row - lines;
		draw_entry(win, row, y + h, x, w, r, e, body_w);
	}
}

/* ---- drawing: a pane, the frame around the panes ----------------------------------- */

/*
 * "─ incident log (23) ─", and when Up holds it back, how many newer entries wait below
 * it: "─ incident log (23): 5 newer below ─".
 */
static void draw_log_header(WINDOW *win, int y, int x, int w, const struct run *r)
{
	size_t n = sim_log_count(r->sim), end = log_shown_end(r);
	char title[96];

	if (end < n)
		snprintf(title, sizeof title, " incident log (%zu): %zu newer below ", n, n - end);
	else
		snprintf(title, sizeof title, " incident log (%zu) ", n);
	tui_hline(win, y, x, w, tui_attr(TUI_DIM));
	tui_put(win, y, x + 1, w - 1, tui_attr(end < n ? TUI_WARNING : TUI_TITLE), title);
}

/*
 * What every pane on screen shows under its diagram, decided once for all of them, so
 * the pain and the fix of a comparison put the same meters and the same story counters
 * on the same rows.
 */
struct plan {
	int cap;                        /* the most rows a topology may take */
	int band;                       /* the rows the tallest one takes */
	int meters[N_METERS];           /* the meters shown, in order: the lead first */
	int n_meters, rows, cols;
	int cell_w;                     /* > 0: compact meters of that width, cols a row */
	int story[MAX_STORY], story_w[MAX_STORY], n_story;
	int list;                       /* 1: each pane lists its calls, as one of them must */
};

/* Whether meter m says something about some run on screen. */
static int meter_useful(const struct tui_live *live, int m)
{
	int i;

	for (i = 0; i < live->n_runs; i++)
		if (live->runs[i].sim && meter_applies(live, &live->runs[i], m))
			return 1;
	return 0;
}

/* Whether meter m is one of the n first of list. */
static int listed(const int *list, int n, int m)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i] == m)
			return 1;
	return 0;
}

/*
 * The meters that say something about a run on screen: those the slide or the claims
 * lead with, then the others in meter_rows' order. Returns how many.
 */
static int meter_order(const struct tui_live *live, int *out)
{
	int n = 0, k;

	for (k = 0; k < live->n_lead; k++)
		if (!listed(out, n, live->lead[k]) && meter_useful(live, live->lead[k]))
			out[n++] = live->lead[k];
	for (k = 0; k < N_METERS; k++)
		if (!listed(out, n, k) && meter_useful(live, k))
			out[n++] = k;
	return n;
}

/*
 * The rows run r's topology takes in a pane h x w where it may take at most cap: what
 * topology_height() gives for the pane, or for a pane as many rows shorter as it takes
 * to stay under cap, so the meters keep their rows. Remembered per pane, so a frame lays
 * the diagram out once.
 */
static int fit_band(const struct tui_live *live, struct run *r, int w, int h, int cap)
{
	int as = h, topo;

	if (r->fit_w == w && r->fit_h == h && r->fit_cap == cap && plan_holds(r))
		return topology_height(live, r, w, r->fit_as);
	topo = topology_height(live, r, w, as);
	while (topo > cap && as > 1)
		topo = topology_height(live, r, w, --as);
	r->fit_w = w;
	r->fit_h = h;
	r->fit_cap = cap;
	r->fit_as = as;
	return topo;
}

/* The columns of a compact meter of the plan: the widest brief label, a space, a value. */
static int plan_cell_w(const struct plan *p)
{
	int k, w = 0;

	for (k = 0; k < p->n_meters; k++)
		w = MAX(w, tui_width(meter_rows[p->meters[k]].brief));
	return w + 1 + CELL_VALUE_W;
}

/* Rows the plan's meters take compact in w columns, cols of them a row. */
static int compact_rows(const struct plan *p, int w, int *cols)
{
	*cols = MAX(1, (w + 1) / (plan_cell_w(p) + 1));
	return (p->n_meters + *cols - 1) / *cols;
}

/*
 * How the meters show in the rows left under the story line: every one of them, one a
 * row with its bar and sparkline; else two a row where the pane is wide enough for both
 * (80 columns alone); else compact, a label and a value, as many a row as fit. The first
 * of these that leaves the log a third of the pane wins, else the first that leaves
 * it LOG_KEEP lines: the log, which says what happened, is the last to give way, and a
 * pane too short even for that keeps what meters fit and the log's header.
 */
static void plan_meters(struct plan *p, int h, int w)
{
	int left = h - p->band - 1, want = MAX(LOG_KEEP + 1, h / 3), two = 0, cols, pass;
	int compact = compact_rows(p, w, &cols);

	if (w >= 2 * METER_COL_W + 1)
		two = (p->n_meters + 1) / 2;
	for (pass = 0; pass < 2; pass++, want = LOG_KEEP + 1) {
		p->cell_w = 0;
		p->cols = 1;
		if ((p->rows = p->n_meters) <= left - want)
			return;
		p->cols = 2;
		if (two && (p->rows = two) <= left - want)
			return;
		p->cell_w = plan_cell_w(p);
		p->cols = cols;
		if ((p->rows = compact) <= left - want)
			return;
	}
	/* a pane too short for all: the meters that fit, and the log's header */
	p->rows = MAX(0, MIN(compact, left - 1));
	p->n_meters = MIN(p->n_meters, p->rows * cols);
}

/*
 * The plan for panes ws[] columns wide and h rows tall under their headers: the meters
 * that apply to any of them, the topology's rows once those meters (compact), the story
 * line and the log's LOG_KEEP lines with its header are kept, then the form of the
 * meters, and the story counters that fit in the narrowest pane.
 */
static void plan_panes(struct tui_live *live, const int *ws, int h, struct plan *p)
{
	int i, w = ws[0], cols;

	for (i = 1; i < live->n_runs; i++)
		w = MIN(w, ws[i]);
	p->n_meters = meter_order(live, p->meters);
	p->cap = h - 1 - compact_rows(p, w, &cols) - (LOG_KEEP + 1);
	p->band = 0;
	p->list = 0;
	for (i = 0; i < live->n_runs; i++)
		if (live->runs[i].sim && ws[i] > 0 && h > 0) {
			p->band = MAX(p->band, fit_band(live, &live->runs[i], ws[i], h, p->cap));
			p->list |= !live->runs[i].lay_ok || live->runs[i].list;
		}
	/* the two halves of a comparison show the same form: a list beside a list */
	p->list &= live->n_runs > 1;
	plan_meters(p, h, w);
	p->n_story = story_pick(live, w, p->story, p->story_w);
}

/*
 * The planned meters: one or two a row with bars, meter k going down the first column,
 * then the second; or compact, row after row.
 */
static void draw_meters(WINDOW *win, int y, int x, int w, const struct tui_live *live,
                        const struct run *r, const struct plan *p)
{
	int k, cw = p->cols > 1 ? (w - 1) / 2 : w;

	for (k = 0; p->cell_w && k < p->n_meters; k++)
		draw_cell(win, y + k / p->cols, x + k % p->cols * (p->cell_w + 1), p->cell_w, live,
		          r, p->meters[k]);
	for (k = 0; !p->cell_w && k < p->n_meters; k++) {
		int col = k / p->rows;

		draw_meter(win, y + k % p->rows, x + col * (cw + 1), col ? w - cw - 1 : cw, live,
		           r, p->meters[k]);
	}
}

/*
 * The a key's legend, in the h rows under the story line: each label the diagram shows
 * short that the key under it does not give, with the label it stands for, under a
 * header like the log's; page (from 0) of as many as they take. Returns the pages.
 */
/*
 * The column for a legend's item need columns wide, on the next page (*p) when the page
 * is full; -1 for one wider than the pane (the key has it cut).
 */
static int legend_at(struct flow *f, int need, int *p)
{
	int at = flow_at(f, need);

	if (at >= 0)
		return at;
	(*p)++;
	f->row = f->used = 0;
	return flow_at(f, need);
}

/*
 * Head h's count on the legend's page when the key under the diagram had no row for it,
 * after its arrow as there ("Kafka▶feed cons 1.4k"). Returns 1 when it had none.
 */
static int legend_count(WINDOW *win, int y, struct flow *f, struct run *r, int h, int page,
                        int *p)
{
	struct head *hd = &r->heads[h];
	char buf[SIM_NAME_MAX * 4];
	const char *from;
	struct flow one;
	int any, at;
	uint64_t v = head_requests(r, h, &any);

	if (!head_keyed(r, h) || !any || hd->count.why == NULL)
		return 0;
	from = head_from(r, h, buf, sizeof buf);
	if ((at = legend_at(f, count_item_w(r, from, hd->box), p)) < 0 || *p != page)
		return 1;
	/* the item alone at the place the legend's flow gave it */
	one = (struct flow){ at, f->w - (at - f->x), 1, 0, 0, 0, { 0 } };
	key_item(win, y + f->row, &one, r, from, head_source(r, h), hd->box, v, NULL);
	return 1;
}

static int draw_names_legend(WINDOW *win, int y, int x, int h, int w, struct run *r,
                             int page)
{
	struct flow f = { x, w, h - 1, 0, 0, 0, { 0 } };
	int b, p = 0, counts = 0;
	char title[80];

	if (h < 2 || !r->lay_ok || r->top_y < 0)
		return 1;
	for (b = 0; b < r->n_heads; b++)
		counts += legend_count(win, y + 1, &f, r, b, page, &p);
	for (b = 0; b < r->lay.n_boxes; b++) {
		int at;

		if (!shortened(r, b) || r->named[b])
			continue;
		if ((at = legend_at(&f, name_item_w(r, b), &p)) < 0 || p != page)
			continue;
		at += tui_put(win, y + 1 + f.row, at, w, tui_attr(TUI_NORMAL) | A_BOLD,
		              r->shown[b]);
		tui_putf(win, y + 1 + f.row, at, w, tui_attr(TUI_DIM), "=%s",
		         r->lay.boxes[b].label);
	}
	/* then what the twins' marks say: "u=us", "✓=up" */
	for (b = 0; b < r->n_mark_key; b++) {
		int at, eq = (int)strcspn(r->mark_key[b], "=");

		if ((at = legend_at(&f, tui_width(r->mark_key[b]), &p)) < 0 || p != page)
			continue;
		at += tui_putf(win, y + 1 + f.row, at, w, tui_attr(TUI_NORMAL) | A_BOLD, "%.*s",
		               eq, r->mark_key[b]);
		tui_put(win, y + 1 + f.row, at, w, tui_attr(TUI_DIM), r->mark_key[b] + eq);
	}
	if (page < 0)           /* only counting the pages */
		return p + 1;
	snprintf(title, sizeof title, " %sshort labels %d/%d (a: %s) ",
	         counts ? "counts left out, " : "", MIN(page, p) + 1, p + 1,
	         page < p ? "more" : "back");
	tui_hline(win, y, x, w, tui_attr(TUI_DIM));
	tui_put(win, y, x + 1, w - 1, tui_attr(TUI_TITLE), title);
	return p + 1;
}

/*
 * The items of run r's legend (the a key's pages) as last drawn: the calls its list left
 * out, or the counts its key had no place for, the short labels it did not give and what
 * the twins' marks say.
 */
static int legend_items(const struct run *r)
{
	int h, b, n = 0, any;

	if (r->calls_y >= 0)
		return r->calls_left < 2 * r->lay.n_boxes;
	if (!r->lay_ok || r->top_y < 0)
		return 0;
	for (h = 0; h < r->n_heads; h++) {
		head_requests(r, h, &any);
		n += head_keyed(r, h) && any && r->heads[h].count.why != NULL;
	}
	for (b = 0; b < r->lay.n_boxes; b++)
		n += shortened(r, b) && !r->named[b];
	return n + r->n_mark_key;
}

/*
 * Counts what the a key would show after a frame; a frame that drew no topology (the i
 * key's log alone) leaves the count of the last one that did.
 */
static void count_legend(struct tui_live *live)
{
	int i, drawn = 0, n = 0;

	for (i = 0; i < live->n_runs; i++) {
		const struct run *r = &live->runs[i];

		drawn |= r->top_y >= 0 || r->calls_y >= 0;
		n += legend_items(r);
	}
	if (drawn)
		live->legend = n;
}

/*
 * The i key's page: the story line, then the incident log on the rest of the pane, as
 * far back as it reaches; no diagram is drawn, so none is reported as drawn.
 */
static void draw_log_page(WINDOW *win, int y, int x, int h, int w, struct tui_live *live,
                          struct run *r, const struct plan *p)
{
	r->top_y = r->calls_y = -1;
	if (h < 1)
		return;
	draw_story(win, y, x, w, live, r, p->story, p->story_w, p->n_story);
	if (h >= 2)
		draw_log_header(win, y + 1, x, w, r);
	if (h >= 3)
		draw_log(win, y + 2, x, h - 2, w, r);
}

/*
 * One run: its variant, the topology, the story line, the meters of the plan, then the
 * log. The topology is centred in the plan's band, so that two panes side by side put
 * their story lines and meters on the same rows.
 */
static void draw_pane(WINDOW *win, int y, int x, int h, int w, struct tui_live *live,
                      struct run *r, const struct plan *p)
{
	const struct cfg_variant *v = &live->sc->variants[r->variant];
	int topo, band = p->band, logh, used;

	if (h <= 0 || w <= 0)
		return;
	if (!r->sim) {
		tui_boxed_text(win, y, x, h, w, "cannot run this variant", r->error,
		               tui_attr(TUI_ERROR));
		return;
	}
	used = tui_put(win, y, x, w, tui_attr(TUI_TITLE), v->name);
	if (v->description[0])
		tui_put_fitf(win, y, x + used, w - used, tui_attr(TUI_NORMAL), ": %s",
		             v->description);
	y++;
	h--;
	if (live->log_page) {
		draw_log_page(win, y, x, h, w, live, r, p);
		return;
	}

	topo = fit_band(live, r, w, h, p->cap);
	if (band < topo || band > h)
		band = topo;
	logh = h - band - 1 - p->rows;

	draw_topology(win, y + (band - topo) / 2, x, topo, w, live, r,
	              p->list ? -1 : r->key_rows);
	y += band;
	if (h > band)
		draw_story(win, y++, x, w, live, r, p->story, p->story_w, p->n_story);
	if (live->names && r->calls_y >= 0) {
		int pages = draw_calls_legend(win, y, x, h - band - 1, w, live, r, -1);

		draw_calls_legend(win, y, x, h - band - 1, w, live, r, (live->names - 1) % pages);
		live->names_pages = MAX(live->names_pages, pages);
		return;
	}
	if (live->names) {
		int pages = draw_names_legend(win, y, x, h - band - 1, w, r, -1);

		draw_names_legend(win, y, x, h - band - 1, w, r, (live->names - 1) % pages);
		live->names_pages = MAX(live->names_pages, pages);
		return;
	}
	draw_meters(win, y, x, w, live, r, p);
	y += p->rows;
	/* a log of one row keeps its header: how many entries, under the meters' rows */
	if (logh >= 1)
		draw_log_header(win, y, x, w, r);
	if (logh >= 2)
		draw_log(win, y + 1, x, logh - 1, w, r);
}

const struct layout *tui_live_diagram(const struct tui_live *live, int side, int *y, int *x,
                                      const struct tui_live_count **counts)
{
	const struct run *r;

	if (side < 0 || side >= live->n_runs)
		return NULL;
	r = &live->runs[side];
	if (!r->sim || !r->lay_ok || r->top_y < 0)
		return NULL;
	*y = r->top_y;
	*x = r->top_x;
	*counts = r->counts;
	return &r->lay;
}

const struct layout *tui_live_calls(const struct tui_live *live, int side, int *y, int *x,
                                    const struct tui_live_call **calls, int *n)
{
	const struct run *r;

	if (side < 0 || side >= live->n_runs)
		return NULL;
	r = &live->runs[side];
	if (!r->sim || r->lay_ok || r->calls_y < 0)
		return NULL;
	*y = r->calls_y;
	*x = r->calls_x;
	*calls = r->calls;
	*n = r->n_calls;
	return &r->lay;
}

int tui_live_label_cells(const struct tui_live *live, int side, int b, int *y, int *x, int *w)
{
	const struct tui_live_count *counts;
	int oy, ox;
	const struct layout *lay = tui_live_diagram(live, side, &oy, &ox, &counts);

	if (!lay || b < 0 || b >= lay->n_boxes)
		return -1;
	*y = live->runs[side].label_at[b][0];
	*x = live->runs[side].label_at[b][1];
	*w = live->runs[side].label_at[b][2];
	return 0;
}

/*
 * A deck's diagram gives its last rows to the key, the fewest that hold every count with
 * no place by its arrowhead, up to MAX_KEY_ROWS; with none that do, the split whose key
 * leaves out the fewest counts, one key row at least where it can so that "a: more" says
 * where they are; a diagram of twins that leaves out more than two thirds of them, or no
 * diagram, gives way to the list of calls (r->list). Returns the key's rows.
 */
static int deck_key(const struct tui_live *live, struct run *r, int w, int h)
{
	int k, best = -1, fewest = INT_MAX;

	for (k = 0; k <= MAX_KEY_ROWS && h - k >= 3; k++) {
		int left;

		ensure_layout(live, r, w, h - k);
		if (!r->lay_ok)
			continue;
		if (key_need(r, w, KEY_HEADS, 1) <= k) {
			r->list = 0;
			return k;
		}
		left = counts_left(r, w, k) + (k == 0);
		if (left < fewest) {
			fewest = left;
			best = k;
		}
	}
	if (best < 0) {
		r->list = 1;
		return 0;
	}
	ensure_layout(live, r, w, h - best);
	r->key_rows = best;
	r->list = twins_listed(live, r, w);
	return r->list ? 0 : best;
}

/*
 * A deck's diagram on the a key: the page of its legend (the calls its list left out, or
 * its short labels in full) in place of the diagram, drawn first for what it left out.
 */
static void draw_legend_alone(WINDOW *win, int y, int x, int h, int w,
                              struct tui_live *live, struct run *r)
{
	int pages;

	tui_clear(win, y, x, h, w);
	if (r->calls_y >= 0) {
		pages = draw_calls_legend(win, y, x, h, w, live, r, -1);
		draw_calls_legend(win, y, x, h, w, live, r, (live->names - 1) % pages);
	} else {
		pages = draw_names_legend(win, y, x, h, w, r, -1);
		draw_names_legend(win, y, x, h, w, r, (live->names - 1) % pages);
	}
	live->names_pages = pages;
}

void tui_live_draw_topology(struct tui_live *live, WINDOW *win, int y, int x, int h, int w)
{
	struct run *r = &live->runs[0];

	if (h <= 0 || w <= 0)
		return;
	tui_clear(win, y, x, h, w);
	if (!live->runs[0].sim)
		return;
	draw_topology(win, y, x, h, w, live, r, deck_key(live, r, w, h));
	count_legend(live);
	if (live->names)
		draw_legend_alone(win, y, x, h, w, live, r);
}

static void draw_status(WINDOW *win, int y, int x, int w, const struct tui_live *live)
{
	const struct run *r = &live->runs[0];
	char right[256], clock[16] = "--:--:--", at[24], dur[24], variants[80];
	const char *state;
	int rw;

	wattrset(win, tui_attr(TUI_STATUS));
	mvwhline(win, y, x, ' ', w);
	wattrset(win, A_NORMAL);
	if (r->sim)
		sim_clock_format(r->sim, sim_now(r->sim), clock, sizeof clock);
	fmt_elapsed(at, sizeof at, live_now(live));
	fmt_elapsed(dur, sizeof dur, run_cfg(live, r)->duration);
	snprintf(variants, sizeof variants, "%s%s%s", live->sc->variants[r->variant].name,
	         live->n_runs == 2 ? " | " : "",
	         live->n_runs == 2 ? live->sc->variants[live->runs[1].variant].name : "");
	state = tui_live_done(live) ? "END" : live->paused ? "PAUSED" : "";
	snprintf(right, sizeof right, "  %s  %s  %s/%s  x%g%s%s ", variants, clock, at, dur,
	         live->speed, *state ? "  " : "", state);

	/* the program's name goes first when the title would not fit whole */
	rw = tui_width(right);
	if (tui_width(live->sc->title) + 13 + rw <= w)
		tui_putf(win, y, x, w - rw, tui_attr(TUI_STATUS) | A_BOLD, " gossipsim %s %s",
		         tui_glyphs()->dot, live->sc->title);
	else
		tui_put_fitf(win, y, x, w - rw, tui_attr(TUI_STATUS) | A_BOLD, " %s",
		             live->sc->title);
	tui_put(win, y, x + (w > rw ? w - rw : 0), w, tui_attr(TUI_STATUS) | A_BOLD, right);
}

/*
 * The key line: every key of the simulation, in the first form that fits on one row
 * ("Space pause  +/- speed", then "+- speed" a space apart, then "Spc pause"), "? help
 * q quit" at the right unless the talk shows them in its own footer. Where none fits, the
 * talk, whose rows are few, keeps the keys most used and ends the row with "? more", its
 * help listing every key (80 columns: s, r and i give way); `gossipsim FILE` takes two
 * rows, the clock's keys above the view's. "a names" is offered only where the a key's
 * pages hold something.
 */
struct key_hint {
	const char *key, *brief, *tiny; /* the key, then shorter spellings of it */
	const char *what;
	int rank;                       /* on a row too short for all, the fewest ranks stay */
	int row;                        /* on two rows: 0 the clock's keys, 1 the view's */
};

static const struct key_hint hints[] = {
	{ "Space", "Space", "Spc", "pause", 0, 0 }, { "+/-", "+-", "+-", "speed", 1, 0 },
	{ "[ ]", "[]", "[]", "seek", 2, 0 }, { "s", "s", "s", "step", 8, 0 },
	{ "r", "r", "r", "restart", 7, 0 }, { "Tab", "Tab", "Tab", "variant", 3, 1 },
	{ "v", "v", "v", "compare", 4, 1 }, { NULL, NULL, NULL, "log", 5, 1 },
	{ "i", "i", "i", "whole log", 9, 1 }, { "a", "a", "a", "names", 6, 1 },
};

#define N_HINTS ((int)(sizeof hints / sizeof hints[0]))
#define HINT_LOG 7
#define HINT_NAMES 9

static const struct key_hint tail_hints[] = {
	{ "?", "?", "?", "help", 0, 1 }, { "q", "q", "q", "quit", 0, 1 },
};

static const struct key_hint more_hint = { "?", "?", "?", "more", 0, 1 };

/*
 * The key of hint k in spelling level 0 (as written), 1 (brief) or 2 (tiny); the log's
 * keys are the arrows, spelled out where the terminal has no arrow characters.
 */
static const char *hint_key(const struct key_hint *k, int level)
{
	if (k->key)
		return level == 2 ? k->tiny : level ? k->brief : k->key;
	return tui_utf8() ? "\u2191\u2193" : level ? "Up/Dn" : "Up Down";
}

static int hint_w(const struct key_hint *k, int brief)
{
	return tui_width(hint_key(k, brief)) + 1 + tui_width(k->what);
}

/* Whether hint i has something to do now: a only where its pages hold something. */
static int hint_offered(const struct tui_live *live, int i)
{
	return i != HINT_NAMES || live->legend > 0 || live->names > 0;
}

/*
 * A way to write the key line: gap columns between items, spelling level, rows, and
 * whether the hints that do not fit give way to "? more".
 */
struct key_form {
	int gap, brief, rows, more;
};

/*
 * The hints form f shows on one row of w columns in on[] (with all, every hint, whether
 * offered or not); returns 1 when all those offered are.
 */
static int hints_on(const struct tui_live *live, const struct key_form *f, int w, int all_,
                    unsigned char *on)
{
	int i, rank, used, all = 1;

	for (i = 0; i < N_HINTS; i++)
		on[i] = all_ || hint_offered(live, i);
	if (!f->more)
		return 1;
	used = hint_w(&more_hint, f->brief);
	for (rank = 0; rank < N_HINTS; rank++)
		for (i = 0; i < N_HINTS; i++) {
			if (hints[i].rank != rank || !on[i])
				continue;
			on[i] = used + f->gap + hint_w(&hints[i], f->brief) <= w;
			used += on[i] ? f->gap + hint_w(&hints[i], f->brief) : 0;
			all &= on[i];
		}
	return all;
}

/*
 * Columns of the hints of row (-1: all) in form f, with the tail when it is drawn; a
 * counted whether offered or not, so that the line keeps its rows when it comes and goes.
 */
static int keys_width(const struct tui_live *live, const struct key_form *f, int row)
{
	unsigned char on[N_HINTS];
	int i, w = 0, n = 0;

	hints_on(live, f, 1 << 10, 1, on);
	for (i = 0; i < N_HINTS; i++)
		if (on[i] && (row < 0 || hints[i].row == row)) {
			w += hint_w(&hints[i], f->brief);
			n++;
		}
	for (i = 0; !live->in_talk && i < 2 && row != 0; i++) {
		w += hint_w(&tail_hints[i], f->brief);
		n++;
	}
	return w + (n > 0 ? n - 1 : 0) * f->gap;
}

/*
 * The first form whose rows fit in w columns; the last, "? more" in the talk and two rows
 * outside it, fits or is cut.
 */
static struct key_form keys_form(const struct tui_live *live, int w)
{
	static const struct key_form forms[] = {
		{ 2, 0, 1, 0 }, { 1, 1, 1, 0 }, { 1, 2, 1, 0 }, { 2, 0, 2, 0 }, { 1, 1, 2, 0 },
	};
	static const struct key_form more = { 1, 2, 1, 1 };
	size_t i;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		const struct key_form *f = &forms[i];

		if (f->rows == 2 && live->in_talk)
			return more;
		if (f->rows == 1 ? keys_width(live, f, -1) <= w :
		    keys_width(live, f, 0) <= w && keys_width(live, f, 1) <= w)
			break;
	}
	return forms[MIN(i, sizeof forms / sizeof forms[0] - 1)];
}

static int key_rows(const struct tui_live *live, int w)
{
	return keys_form(live, w).rows;
}

static int put_hint(WINDOW *win, int y, int x, int w, const struct key_hint *k, int brief)
{
	int used = tui_put(win, y, x, w, tui_attr(TUI_ACCENT) | A_BOLD, hint_key(k, brief));

	used += tui_putf(win, y, x + used, w - used, tui_attr(TUI_DIM), " %s", k->what);
	return used;
}

/* Row row (-1: the only one) of the key line in form f, the tail at the right. */
static void put_hints(WINDOW *win, int y, int x, int w, const struct tui_live *live,
                      const struct key_form *f, int row)
{
	unsigned char on[N_HINTS];
	int i, used = 0, tail = 0, all = hints_on(live, f, w, 0, on);

	for (i = 0; !live->in_talk && i < 2 && row != 0; i++)
		tail += hint_w(&tail_hints[i], f->brief) + (i ? f->gap : 0);
	for (i = 0; i < N_HINTS; i++)
		if (on[i] && (row < 0 || hints[i].row == row))
			used += put_hint(win, y, x + used, w - used, &hints[i], f->brief) + f->gap;
	if (!all)
		used += put_hint(win, y, x + used, w - used, &more_hint, f->brief) + f->gap;
	used = MAX(used, w - tail);
	for (i = 0; !live->in_talk && i < 2 && row != 0; i++)
		used += put_hint(win, y, x + used, w - used, &tail_hints[i], f->brief) + f->gap;
}

/*
 * The key line on rows rows from y (the last one when a message shows): the keys, or a
 * fresh message, or at the end of the run what is left to do.
 */
static void draw_keys(WINDOW *win, int y, int x, int w, int rows, const struct tui_live *live)
{
	struct key_form f = keys_form(live, w);

	if (live->flash_left > 0 && live->flash[0]) {
		tui_put(win, y + rows - 1, x, w, tui_attr(TUI_WARNING), live->flash);
		if (rows > 1)
			put_hints(win, y, x, w, live, &f, 0);
		return;
	}
	if (tui_live_done(live)) {
		tui_putf(win, y + rows - 1, x, w, tui_attr(TUI_WARNING),
		         "end of the run: r replay  [ back  %s log  i whole log  v compare%s",
		         hint_key(&hints[HINT_LOG], 1), live->in_talk ? "" : "  q quit");
		return;
	}
	if (f.rows == 1) {
		put_hints(win, y + rows - 1, x, w, live, &f, -1);
		return;
	}
	put_hints(win, y, x, w, live, &f, 0);
	put_hints(win, y + 1, x, w, live, &f, 1);
}

/*
 * The whole view in the h x w rectangle at y, x, its key line on keys rows; the key line
 * last, as what it offers (a) depends on what the panes left out.
 */
static void draw_view(struct tui_live *live, WINDOW *win, int y, int x, int h, int w,
                      int keys)
{
	struct plan plan;
	int lw = (w - 1) / 2, ws[2], xs[2], i;

	tui_clear(win, y, x, h, w);
	live->names_pages = 0;
	draw_status(win, y, x, w, live);
	ws[0] = live->n_runs == 1 ? w : lw - 1;
	ws[1] = w - lw - 2;
	xs[0] = x;
	xs[1] = x + lw + 2;
	/* the pane under its header: h less the status line, the key line and the header */
	plan_panes(live, ws, h - 2 - keys, &plan);
	if (live->n_runs == 2)
		choose_labels_together(live);
	for (i = 0; i < live->n_runs; i++)
		draw_pane(win, y + 1, xs[i], h - 1 - keys, ws[i], live, &live->runs[i], &plan);
	if (live->n_runs == 2)
		tui_vline(win, y + 1, x + lw, h - 1 - keys, tui_attr(TUI_DIM));
	count_legend(live);
	draw_keys(win, y + h - keys, x, w, keys, live);
}

void tui_live_draw(struct tui_live *live, WINDOW *win, int y, int x, int h, int w)
{
	if (h <= 0 || w <= 0)
		return;
	if (h < 4) {
		tui_clear(win, y, x, h, w);
		draw_status(win, y, x, w, live);
		return;
	}
	draw_view(live, win, y, x, h, w, MIN(key_rows(live, w), h - 3));
}

/* ---- the whole-screen program ------------------------------------------------------ */

/*
 * Every key of the live view, one a line. %s: where r goes back to, the scenario's clock
 * at its start ("02:40:00"); %s: the log's keys, "↑ ↓" or, in ASCII, "Up Dn", with the
 * spaces to the column of the text.
 */
static const char help_text[] =
	"Space    pause or resume\n"
	"+ -      faster, slower (x0.1 to x1000)\n"
	"s        one event, then pause\n"
	"[ ]      back, forward 10 simulated seconds\n"
	"r        back to the start, %s\n"
	"Tab      next variant; side by side, of the right half\n"
	"v        the first variant (the pain) beside this one,\n"
	"         or beside the fix; again: the right one alone\n"
	"%sthe incident log an entry older, newer\n"
	"i        the incident log alone, and back\n"
	"a        short labels and calls left out, in full\n"
	"? h      this help (any key closes it)\n"
	"q        quit";

static void draw_help(WINDOW *win, const struct tui_live *live)
{
	int h = 15, w = 60;
	int y = (getmaxy(win) - h) / 2, x = (getmaxx(win) - w) / 2;
	char text[sizeof help_text + 32], start[16] = "00:00:00";

	if (live->runs[0].sim)
		sim_clock_format(live->runs[0].sim, 0, start, sizeof start);
	snprintf(text, sizeof text, help_text, start,
	         tui_utf8() ? "\u2191 \u2193      " : "Up Dn    ");
	tui_clear(win, y, x, h, w);
	tui_boxed_text(win, y, x, h, w, "keys", text, tui_attr(TUI_TITLE));
	/* the box's text is plain; the frame alone carries the colour */
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void frame(struct tui_live *live, int help)
{
	werase(stdscr);
	if (tui_check_size(stdscr, TUI_MIN_W, TUI_MIN_H)) {
		tui_live_draw(live, stdscr, 0, 0, LINES, COLS);
		if (help)
			draw_help(stdscr, live);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/*
 * Frames until q or a quit signal. A frame after a stop (Ctrl-Z, then fg) advances the
 * simulation by nothing, so it resumes where it stopped (tui_live_frame_seconds()).
 */
static int loop(struct tui_live *live)
{
	double last = wall_now();
	int help = 0;

	for (;;) {
		double now = wall_now(), dt = now - last;
		int ch, continued = tui_take_redraw();

		last = now;
		if (tui_quit_signal())
			return 128 + tui_quit_signal();
		if (continued)
			clearok(curscr, TRUE);
		if (!help && LINES >= TUI_MIN_H && COLS >= TUI_MIN_W)
			tui_live_advance(live, tui_live_frame_seconds(dt, continued));
		frame(live, help);

		ch = getch();
		if (ch == ERR)
			continue;
		if (help) {
			help = 0;
			if (ch != 'q' && ch != 'Q')
				continue;
		}
		if (ch == 'q' || ch == 'Q')
			return CLI_EXIT_OK;
		if (ch == '?' || ch == 'h')
			help = 1;
		else if (ch == KEY_RESIZE)
			clearok(curscr, TRUE);
		else
			tui_live_key(live, ch);
	}
}

int tui_live_run(const struct cfg_scenario *sc, int variant, const struct cli_options *opt)
{
	struct tui_live *live = tui_live_create(sc, variant, opt && opt->has_seed ? opt->seed : 0);
	int rc;

	if (!live) {
		fprintf(stderr, "gossipsim: out of memory\n");
		return CLI_EXIT_SOFTWARE;
	}
	if (tui_live_error(live)) {
		fprintf(stderr, "gossipsim: %s: variant %s: %s\n", sc->path,
		        sc->variants[tui_live_variant(live)].name, tui_live_error(live));
		tui_live_destroy(live);
		return CLI_EXIT_DATA;
	}
	if (tui_init(opt && opt->plain ? TUI_PLAIN : 0) != 0) {
		fprintf(stderr, "gossipsim: the live view needs a terminal; try --headless\n");
		tui_live_destroy(live);
		return CLI_EXIT_SOFTWARE;
	}
	rc = loop(live);
	tui_fini();
	tui_live_destroy(live);
	return rc;
}
