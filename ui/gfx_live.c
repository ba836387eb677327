/* SPDX-License-Identifier: MIT */
/*
 * gfx_live.c: a scenario replayed live in the SDL2 window, alone or two variants side by
 * side, drawn for a projector.
 *
 * A view holds one or two runs, each a struct sim of one variant with the same seed, on
 * one shared simulated clock. Every simulated second a run samples its snapshot into
 * series that span the whole run (throughput, p99, error rate), so the charts show the
 * incident from its start, with a cursor at now. Seeking back is sim_reset() and a replay
 * that samples the same seconds again, so going back and forth shows the same charts.
 *
 * Requests are drawn as dots, sampled rather than one per request: between two frames
 * each arrow's request count (from the snapshot's edges) grows by some delta, and the
 * arrow gets about the square root of that rate in dots per wall second, capped, so ten
 * requests and ten thousand both read at a glance. A dot crosses its arrow in a fixed
 * wall time whatever the speed. Dots depend only on the frames played, never on a clock,
 * which is what lets gfx_live_play_to() give byte-identical screenshots.
 */
#include "gfx_live.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deck.h"
#include "report.h"
#include "sim.h"

#define MAX_DOTS 48
#define DOT_CROSSING 2.5                /* wall seconds a dot takes to cross the diagram */
#define DOTS_PER_SQRT 0.25              /* dots a second per square root of requests a second */
#define DOTS_MAX_RATE 10.0              /* dots per wall second on the busiest arrow */
#define MAX_STORY 6
#define FLASH_SECONDS 2.0
#define LATENCY_HOLD 5                  /* seconds the p99 header keeps its last value */
#define NOT_SAMPLED (-1.0)              /* a column of the charts the run has not reached */
#define NO_ANSWER (-2.0)                /* a second without an answer: no latency at all */

enum series { S_THR, S_P99, S_ERR, S__N };

struct edge_dots {
	uint64_t seen;                  /* requests over the arrow at the last frame */
	double owed;                    /* dots due but not yet started */
	int n;
	float pos[MAX_DOTS];            /* 0 at the source, 1 at the arrowhead */
};

struct run {
	struct sim *sim;
	int variant;
	struct sim_snapshot snap;
	float *series[S__N];            /* slot k: the sample at k simulated seconds */
	int n_slots;
	int n_samples;                  /* the last second sampled */
	sim_time next_sample;
	int n_edges;                    /* the layout's arrows: the same list at any size */
	int edge_from[LAYOUT_MAX_EDGES];/* node indexes, LAYOUT_CLIENTS for the clients */
	int edge_to[LAYOUT_MAX_EDGES];
	struct edge_dots dots[LAYOUT_MAX_EDGES];
	struct layout lay;              /* the last topology drawn */
	SDL_Rect lay_area;
	int lay_ok;
	char error[256];
};

struct gfx_live {
	const struct cfg_scenario *sc;
	uint64_t seed;
	sim_time end;                   /* 0: each variant's own duration */
	unsigned flags;
	struct run runs[2];
	int n_runs;
	double speed;                   /* simulated seconds per wall second */
	int paused;
	double owed;                    /* microseconds of simulated time not yet run */
	sim_time origin;                /* where the view opened, and r goes back to */
	char flash[96];                 /* a status message, expiring after flash_left */
	double flash_left;
	const char *story[MAX_STORY];
	int n_story;
};

static const double speeds[] = {
	0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000,
};

/* ---- numbers as people read them ----------------------------------------------------- */

/* "60,186"; fractions keep three significant digits. */
static void fmt_count(char *buf, size_t len, double v)
{
	char digits[32];
	size_t n, o = 0;

	if (v != floor(v) || fabs(v) >= 1e15) {
		snprintf(buf, len, "%.3g", v);
		return;
	}
	snprintf(digits, sizeof(digits), "%.0f", fabs(v));
	n = strlen(digits);
	if (v < 0 && o + 1 < len)
		buf[o++] = '-';
	for (size_t i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

/* "812", "1.2k", "60k", "3.4M". */
static void fmt_compact(char *buf, size_t len, double v)
{
	if (v < 1000)
		snprintf(buf, len, "%.0f", v);
	else if (v < 9950)
		snprintf(buf, len, "%.1fk", v / 1e3);
	else if (v < 999500)
		snprintf(buf, len, "%.0fk", v / 1e3);
	else
		snprintf(buf, len, "%.1fM", v / 1e6);
}

static void fmt_ms(char *buf, size_t len, double ms)
{
	if (ms <= 0)
		snprintf(buf, len, "-");
	else if (ms < 10)
		snprintf(buf, len, "%.1f ms", ms);
	else if (ms < 1000)
		snprintf(buf, len, "%.0f ms", ms);
	else
		snprintf(buf, len, "%.1f s", ms / 1000);
}

/* "4:07" */
static void fmt_elapsed(char *buf, size_t len, sim_time t)
{
	long long s = (long long)(t / SIM_SEC);

	if (s >= 3600)
		snprintf(buf, len, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, len, "%lld:%02lld", s / 60, s % 60);
}

/* 1, 2 or 5 times a power of ten, at least v: the top of a chart's axis. */
static double nice_ceil(double v)
{
	double p;

	if (!(v > 0))
		return 1;
	p = pow(10, floor(log10(v)));
	if (v <= p * 1.0000001)
		return p;
	if (v <= 2 * p)
		return 2 * p;
	return v <= 5 * p ? 5 * p : 10 * p;
}

static void note(struct gfx_live *live, const char *msg)
{
	snprintf(live->flash, sizeof(live->flash), "%s", msg);
	live->flash_left = FLASH_SECONDS;
}

/* ---- runs: sampling and moving through time ----------------------------------------- */

static const struct sim_config *run_cfg(const struct gfx_live *live, const struct run *r)
{
	return &live->sc->variants[r->variant].cfg;
}

static sim_time run_end(const struct gfx_live *live, const struct run *r)
{
	sim_time end = r->sim ? sim_end(r->sim) : 0;

	return live->end > 0 && live->end < end ? live->end : end;
}

static void sample(struct run *r)
{
	int k = (int)(r->next_sample / SIM_SEC);

	sim_snapshot(r->sim, &r->snap);
	if (k < 0 || k >= r->n_slots)
		return;
	r->series[S_THR][k] = (float)r->snap.throughput_per_s;
	/* a second that answered nothing has no latency: a gap in the chart, not 0 ms */
	r->series[S_P99][k] = r->snap.throughput_per_s > 0 ? (float)r->snap.p99_ms :
	                      (float)NO_ANSWER;
	r->series[S_ERR][k] = (float)r->snap.error_rate;
	r->n_samples = k;
}

static void run_forget(struct run *r)
{
	for (int s = 0; s < S__N; s++)
		if (r->series[s])
			memset(r->series[s], 0, sizeof(float) * (size_t)r->n_slots);
	r->n_samples = 0;
	r->next_sample = SIM_SEC;
}

/* Runs forward to t (clamped to the end), sampling at every whole second passed. */
static void run_forward(struct gfx_live *live, struct run *r, sim_time t)
{
	if (!r->sim)
		return;
	if (t > run_end(live, r))
		t = run_end(live, r);
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

static uint64_t edge_count(const struct run *r, int e)
{
	for (int i = 0; i < r->snap.n_edges; i++) {
		const struct sim_edge_view *v = &r->snap.edges[i];

		if (v->from == r->edge_from[e] && v->to == r->edge_to[e])
			return v->requests;
	}
	return 0;
}

/* No dots in flight, and the counts as they are now: the next frame starts from here. */
static void dots_restart(struct run *r)
{
	for (int e = 0; e < r->n_edges; e++) {
		r->dots[e].n = 0;
		r->dots[e].owed = 0;
		r->dots[e].seen = edge_count(r, e);
	}
}

/* Moves to t from wherever the run is; backwards replays from zero. */
static void run_goto(struct gfx_live *live, struct run *r, sim_time t)
{
	if (!r->sim)
		return;
	if (t < 0)
		t = 0;
	if (t < sim_now(r->sim)) {
		sim_reset(r->sim);
		run_forget(r);
	}
	run_forward(live, r, t);
	dots_restart(r);
}

static void run_close(struct run *r)
{
	sim_destroy(r->sim);
	r->sim = NULL;
	for (int s = 0; s < S__N; s++) {
		free(r->series[s]);
		r->series[s] = NULL;
	}
	r->n_slots = 0;
}

/* The arrows of the era, node to node, from a layout of any size. */
static void run_edges(struct gfx_live *live, struct run *r)
{
	layout_compute(run_cfg(live, r), 1600, 600, &r->lay);
	r->n_edges = r->lay.n_edges;
	for (int e = 0; e < r->n_edges; e++) {
		r->edge_from[e] = r->lay.boxes[r->lay.edges[e].from].node;
		r->edge_to[e] = r->lay.boxes[r->lay.edges[e].to].node;
	}
	r->lay_ok = 0;
}

/* Starts variant v at time zero; on refusal the run keeps the message and no sim. */
static void run_open(struct gfx_live *live, struct run *r, int v)
{
	run_close(r);
	memset(r, 0, sizeof(*r));
	r->variant = v;
	r->sim = sim_create(run_cfg(live, r), live->seed, r->error, sizeof(r->error));
	if (!r->sim && !r->error[0])
		snprintf(r->error, sizeof(r->error), "the engine refused the variant");
	run_edges(live, r);
	if (!r->sim)
		return;
	r->n_slots = (int)(run_end(live, r) / SIM_SEC) + 2;
	for (int s = 0; s < S__N; s++)
		r->series[s] = calloc((size_t)r->n_slots, sizeof(float));
	if (!r->series[S_THR] || !r->series[S_P99] || !r->series[S_ERR]) {
		run_close(r);
		snprintf(r->error, sizeof(r->error), "out of memory");
		return;
	}
	run_forget(r);
	sim_snapshot(r->sim, &r->snap);
	dots_restart(r);
}

/* ---- dots -------------------------------------------------------------------------- */

/* The length of arrow e in the run's current layout, in its own units. */
static double edge_length(const struct run *r, int e)
{
	const struct layout_edge *le = &r->lay.edges[e];
	double len = 0;

	for (int i = 0; i + 1 < le->n_points; i++)
		len += abs(le->points[i + 1].x - le->points[i].x) +
		       abs(le->points[i + 1].y - le->points[i].y);
	return len;
}

/*
 * Moves the dots of one arrow by dt wall seconds and starts the new ones. Dots move at
 * one speed on every arrow (the diagram's width in DOT_CROSSING seconds), so a short
 * arrow does not look busier than a long one.
 */
static void dots_tick(struct run *r, int e, double dt)
{
	struct edge_dots *d = &r->dots[e];
	uint64_t now = edge_count(r, e), delta = now > d->seen ? now - d->seen : 0;
	double rate = sqrt((double)delta / dt) * DOTS_PER_SQRT, len = edge_length(r, e);
	double step = len > 0 ? dt * r->lay.w / DOT_CROSSING / len : 1;
	int k = 0, born;

	d->seen = now;
	for (int i = 0; i < d->n; i++) {
		float p = d->pos[i] + (float)step;

		if (p < 1.0f)
			d->pos[k++] = p;
	}
	d->n = k;
	d->owed += (rate < DOTS_MAX_RATE ? rate : DOTS_MAX_RATE) * dt;
	born = (int)d->owed;
	d->owed -= born;
	/* spread over the frame, as if each had started when its requests did */
	for (int j = 0; j < born && d->n < MAX_DOTS; j++)
		d->pos[d->n++] = (float)(step * (j + 0.5) / born);
}

static void dots_all(struct gfx_live *live, double dt)
{
	if (dt <= 0)
		return;
	for (int i = 0; i < live->n_runs; i++)
		for (int e = 0; e < live->runs[i].n_edges; e++)
			dots_tick(&live->runs[i], e, dt);
}

/* ---- the view ---------------------------------------------------------------------- */

static void story_add(struct gfx_live *live, const char *name)
{
	for (int i = 0; i < live->n_story; i++)
		if (strcmp(live->story[i], name) == 0)
			return;
	if (live->n_story < MAX_STORY)
		live->story[live->n_story++] = name;
}

/* Requests and failures, then every metric a claim of any variant names, in file order. */
static void story_init(struct gfx_live *live)
{
	story_add(live, "requests");
	story_add(live, "failed");
	for (int v = 0; v < live->sc->n_variants; v++)
		for (int i = 0; i < live->sc->variants[v].n_claims; i++)
			story_add(live, live->sc->variants[v].claims[i].metric);
}

static sim_time live_now(const struct gfx_live *live)
{
	return live->runs[0].sim ? sim_now(live->runs[0].sim) : 0;
}

static void goto_all(struct gfx_live *live, sim_time t)
{
	for (int i = 0; i < live->n_runs; i++)
		run_goto(live, &live->runs[i], t);
}

struct gfx_live *gfx_live_create(const struct cfg_scenario *sc, int variant, uint64_t seed,
                                 sim_time end)
{
	struct gfx_live *live;

	if (!sc || sc->n_variants < 1)
		return NULL;
	live = calloc(1, sizeof(*live));
	if (!live)
		return NULL;
	live->sc = sc;
	live->seed = seed;
	live->end = end > 0 ? end : 0;
	live->speed = GFX_LIVE_SPEED_DEFAULT;
	live->n_runs = 1;
	run_open(live, &live->runs[0], variant >= 0 && variant < sc->n_variants ? variant : 0);
	story_init(live);
	return live;
}

void gfx_live_destroy(struct gfx_live *live)
{
	if (!live)
		return;
	run_close(&live->runs[0]);
	run_close(&live->runs[1]);
	free(live);
}

const char *gfx_live_error(const struct gfx_live *live)
{
	for (int i = 0; i < live->n_runs; i++)
		if (live->runs[i].error[0])
			return live->runs[i].error;
	return NULL;
}

void gfx_live_set_flags(struct gfx_live *live, unsigned flags)
{
	live->flags = flags;
}

int gfx_live_done(const struct gfx_live *live)
{
	for (int i = 0; i < live->n_runs; i++) {
		const struct run *r = &live->runs[i];

		if (r->sim && sim_now(r->sim) < run_end(live, r))
			return 0;
	}
	return 1;
}

sim_time gfx_live_now(const struct gfx_live *live)
{
	return live_now(live);
}

sim_time gfx_live_end(const struct gfx_live *live)
{
	return run_end(live, &live->runs[0]);
}

int gfx_live_paused(const struct gfx_live *live)
{
	return live->paused;
}

double gfx_live_speed(const struct gfx_live *live)
{
	return live->speed;
}

int gfx_live_variant(const struct gfx_live *live)
{
	return live->runs[0].variant;
}

enum sim_health gfx_live_health(const struct gfx_live *live, int run, int node)
{
	const struct run *r = &live->runs[run < live->n_runs ? run : 0];

	if (node < 0 || node >= r->snap.n_nodes)
		return SIM_HEALTH_FINE;
	return r->snap.nodes[node].health;
}

void gfx_live_clock(const struct gfx_live *live, char *buf, size_t len)
{
	const struct run *r = &live->runs[0];

	if (!r->sim) {
		snprintf(buf, len, "--:--:--");
		return;
	}
	sim_clock_format(r->sim, sim_now(r->sim), buf, len);
}

int gfx_live_topology(const struct gfx_live *live, int run, SDL_Rect *area,
                      struct layout *lay)
{
	const struct run *r;

	if (run < 0 || run >= live->n_runs)
		return -1;
	r = &live->runs[run];
	if (!r->lay_ok)
		return -1;
	*area = r->lay_area;
	if (lay)
		*lay = r->lay;
	return 0;
}

void gfx_live_advance(struct gfx_live *live, double wall_seconds)
{
	sim_time step;

	if (wall_seconds < 0)
		wall_seconds = 0;
	live->flash_left -= wall_seconds;
	if (live->paused)
		return;
	if (!gfx_live_done(live)) {
		live->owed += wall_seconds * live->speed * (double)SIM_SEC;
		step = (sim_time)live->owed;
		live->owed -= (double)step;
		for (int i = 0; step > 0 && i < live->n_runs; i++)
			run_forward(live, &live->runs[i], live_now(live) + step);
	}
	dots_all(live, wall_seconds);       /* at the end the last dots still arrive */
}

void gfx_live_goto(struct gfx_live *live, sim_time t)
{
	goto_all(live, t);
	live->owed = 0;
}

void gfx_live_open_at(struct gfx_live *live, sim_time t, double speed)
{
	int n = (int)(sizeof(speeds) / sizeof(speeds[0]));

	live->origin = t < 0 ? 0 : t;
	if (speed > 0)
		live->speed = speed < speeds[0] ? speeds[0] : speed > speeds[n - 1] ?
		              speeds[n - 1] : speed;
	gfx_live_goto(live, live->origin);
	/* the clamp of the runs' own end */
	live->origin = live_now(live);
}

void gfx_live_play_to(struct gfx_live *live, sim_time t, int frames)
{
	sim_time from;
	double dt = 1.0 / GFX_FPS;

	if (frames < 1)
		frames = 1;
	from = t - (sim_time)(frames * dt * GFX_LIVE_SPEED_DEFAULT * (double)SIM_SEC);
	gfx_live_goto(live, from > 0 ? from : 0);
	from = live_now(live);
	/* integer steps that land exactly on t, whatever the rounding of the frames */
	for (int f = 1; f <= frames; f++) {
		sim_time at = from + (t - from) * f / frames;

		for (int i = 0; i < live->n_runs; i++)
			run_forward(live, &live->runs[i], at);
		dots_all(live, dt);
	}
	live->owed = 0;
}

/* ---- keys -------------------------------------------------------------------------- */

static void change_speed(struct gfx_live *live, int up)
{
	int n = (int)(sizeof(speeds) / sizeof(speeds[0])), i;
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
	snprintf(msg, sizeof(msg), "speed x%g", live->speed);
	note(live, msg);
}

/* One event of the left run; the right one follows to the same time. */
static void step_one(struct gfx_live *live)
{
	struct run *r = &live->runs[0];
	char msg[64], clock[16];

	live->paused = 1;
	if (!r->sim || sim_now(r->sim) >= run_end(live, r) || !sim_step(r->sim)) {
		note(live, "no event left");
		return;
	}
	for (int i = 0; i < live->n_runs; i++)
		run_forward(live, &live->runs[i], sim_now(r->sim));
	sim_clock_format(r->sim, sim_now(r->sim), clock, sizeof(clock));
	snprintf(msg, sizeof(msg), "one event: %s, event %llu", clock,
	         (unsigned long long)sim_events(r->sim));
	note(live, msg);
}

static void seek(struct gfx_live *live, sim_time delta)
{
	char msg[32];

	gfx_live_goto(live, live_now(live) + delta);
	snprintf(msg, sizeof(msg), "seek %+llds", (long long)(delta / SIM_SEC));
	note(live, msg);
}

/*
 * Tab: the next variant, at the same simulated time; side by side, the right half's,
 * skipping the one on the left, as in the terminal.
 */
static void next_variant(struct gfx_live *live)
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
	run_goto(live, &live->runs[i], t);
	snprintf(msg, sizeof(msg), "variant %s", live->sc->variants[next].name);
	note(live, msg);
}

void gfx_live_compare(struct gfx_live *live, int variant)
{
	sim_time t = live_now(live);

	if (variant < 0 || variant >= live->sc->n_variants) {
		run_close(&live->runs[1]);
		live->n_runs = 1;
		return;
	}
	run_open(live, &live->runs[1], variant);
	run_goto(live, &live->runs[1], t);
	live->n_runs = 2;
}

/*
 * v: the pain beside the variant shown (deck_variant_pair(), as in the terminal), or back
 * to the right half alone, the one Tab chose.
 */
static void toggle_side_by_side(struct gfx_live *live)
{
	sim_time t = live_now(live);
	int left, right;

	if (live->n_runs == 2) {
		right = live->runs[1].variant;
		gfx_live_compare(live, -1);
		if (right != live->runs[0].variant) {
			run_open(live, &live->runs[0], right);
			run_goto(live, &live->runs[0], t);
		}
		note(live, "one variant");
	} else if (deck_variant_pair(live->sc, live->runs[0].variant, &left, &right) < 0) {
		note(live, "this scenario has one variant");
	} else {
		if (left != live->runs[0].variant) {
			run_open(live, &live->runs[0], left);
			run_goto(live, &live->runs[0], t);
		}
		gfx_live_compare(live, right);
		note(live, "side by side");
	}
}

int gfx_live_key(struct gfx_live *live, SDL_Keycode key)
{
	switch (key) {
	case SDLK_SPACE:
		live->paused = !live->paused;
		note(live, live->paused ? "paused" : "playing");
		return 1;
	case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS:
		change_speed(live, 1);
		return 1;
	case SDLK_MINUS: case SDLK_KP_MINUS: case SDLK_UNDERSCORE:
		change_speed(live, 0);
		return 1;
	case SDLK_s:
		step_one(live);
		return 1;
	case SDLK_LEFTBRACKET:
		seek(live, -GFX_LIVE_SEEK);
		return 1;
	case SDLK_RIGHTBRACKET:
		seek(live, GFX_LIVE_SEEK);
		return 1;
	case SDLK_r:
		gfx_live_goto(live, live->origin);
		live->paused = 0;
		note(live, "restarted");
		return 1;
	case SDLK_TAB:
		next_variant(live);
		return 1;
	case SDLK_v:
		toggle_side_by_side(live);
		return 1;
	default:
		return 0;
	}
}

/* ---- drawing: the topology ----------------------------------------------------------- */

static SDL_Color box_fill(const struct run *r, int node)
{
	if (node < 0 || node >= r->snap.n_nodes)
		return gfx_clients;
	return gfx_health_color(r->snap.nodes[node].health);
}

/* Up to three short facts about a node, the most telling first. */
static int node_facts(const struct gfx_live *live, const struct run *r, int node,
                      char facts[3][32])
{
	const struct sim_node_view *v = &r->snap.nodes[node];
	const struct sim_node_cfg *c = &run_cfg(live, r)->nodes[node];
	char num[16];
	int n = 0;

	if (!v->up)
		snprintf(facts[n++], 32, "DOWN");
	if (v->kind == SIM_NODE_DB && v->pool >= 0)
		snprintf(facts[n++], 32, "pool %d/%d", (int)(v->pool * c->max_connections + 0.5),
		         c->max_connections);
	if (n < 3 && v->cpu >= 0 && v->up)
		snprintf(facts[n++], 32, "CPU %.0f%%", v->cpu * 100);
	if (n < 3 && v->ram >= 0 && v->up)
		snprintf(facts[n++], 32, "RAM %.0f%%", v->ram * 100);
	if (n < 3 && v->kind == SIM_NODE_LB) {
		fmt_count(num, sizeof(num), v->in_flight);
		snprintf(facts[n++], 32, "%s in flight", num);
	}
	if (n < 3 && v->queued > 0) {
		fmt_count(num, sizeof(num), v->queued);
		snprintf(facts[n++], 32, "queue %s", num);
	}
	return n;
}

static int client_facts(const struct run *r, char facts[3][32])
{
	char num[16];
	int n = 0;

	if (r->snap.users > 0) {
		fmt_count(num, sizeof(num), r->snap.users);
		snprintf(facts[n++], 32, "%s users", num);
	}
	fmt_count(num, sizeof(num), floor(r->snap.throughput_per_s + 0.5));
	snprintf(facts[n++], 32, "%s ok/s", num);
	return n;
}

/* The words of a fact that hold digits, "pool 0/4000" -> "0/4000", for a narrow box. */
static const char *numbers_of(const char *fact, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	while (*fact) {
		size_t n = strcspn(fact, " ");

		if (strcspn(fact, "0123456789") < n && used + n + 2 < len) {
			used += (size_t)snprintf(buf + used, len - used, "%s%.*s", used ? " " : "",
			                         (int)n, fact);
		}
		fact += n;
		fact += *fact == ' ';
	}
	return buf;
}

/*
 * A box: its health colour, the label, and as many facts as its height allows. The label
 * takes the large face in a tall box, else the smaller faces on one line or two
 * (gfx_fit_label()); a whole name matters more than a fact, so facts get what is left. A
 * box no request of the variant reaches (the layout draws no line to it) is grey, its
 * label dim, and says "unused" in place of its figures, as in the terminal.
 */
static void draw_box(struct gfx *g, const struct gfx_live *live, const struct run *r,
                     const struct layout_box *b, SDL_Rect area)
{
	SDL_Rect rect = {area.x + b->x, area.y + b->y, b->w, b->h};
	SDL_Color fill = box_fill(r, b->node);
	SDL_Color ink = b->node >= 0 ? gfx_ink : gfx_text_fg;
	const char *name = b->node >= 0 ? run_cfg(live, r)->nodes[b->node].name : NULL;
	int pad = gfx_px(g, 10), inner = rect.w - 2 * pad, room = b->h - 2 * gfx_px(g, 3);
	enum gfx_font lf, ff = b->h >= gfx_px(g, 110) ? GFX_BODY : GFX_SMALL;
	int lh, fh = gfx_font_height(g, ff), n, nl, fit, y;
	char facts[3][32], label[2][64];

	n = b->node >= 0 ? node_facts(live, r, b->node, facts) : client_facts(r, facts);
	if (b->unused) {
		fill = gfx_grid;
		ink = gfx_dim;
		n = 1;
		snprintf(facts[0], sizeof facts[0], "unused");
	}
	nl = gfx_fit_label(g, b->label, name, inner, room,
	                   b->h >= gfx_px(g, 84) ? GFX_BOLD : GFX_BOLD_SMALL, &lf, label);
	lh = gfx_font_height(g, lf);
	fit = (room - nl * lh) / fh;
	n = n < fit ? n : fit < 0 ? 0 : fit;
	gfx_box(g, rect, gfx_px(g, 14), gfx_px(g, 3), gfx_mix(fill, gfx_bg, 0.45), fill);
	y = rect.y + (rect.h - nl * lh - n * fh) / 2;
	for (int i = 0; i < nl; i++)
		gfx_text(g, lf, rect.x + rect.w / 2, y + i * lh, ink, GFX_CENTRE, inner, label[i]);
	for (int i = 0; i < n; i++) {
		char brief[32];
		const char *f = gfx_text_width(g, ff, facts[i]) <= inner ? facts[i] :
		                numbers_of(facts[i], brief, sizeof(brief));

		/* a number is never cut: a fact that does not fit even bare is left out */
		if (gfx_text_width(g, ff, f) <= inner)
			gfx_text(g, ff, rect.x + rect.w / 2, y + nl * lh + i * fh, ink, GFX_CENTRE,
			         inner, f);
	}
}

/* The point at fraction t of the arrow's length, from its first point to its last. */
static SDL_FPoint along(const struct layout_edge *e, double t, SDL_Rect area)
{
	double total = 0, want;
	int i;

	for (i = 0; i + 1 < e->n_points; i++)
		total += abs(e->points[i + 1].x - e->points[i].x) +
		         abs(e->points[i + 1].y - e->points[i].y);
	want = t * total;
	for (i = 0; i + 1 < e->n_points; i++) {
		struct layout_point a = e->points[i], b = e->points[i + 1];
		double len = abs(b.x - a.x) + abs(b.y - a.y);

		if (want <= len || i + 2 == e->n_points) {
			double f = len > 0 ? want / len : 0;

			f = f > 1 ? 1 : f;
			return (SDL_FPoint){(float)(area.x + a.x + (b.x - a.x) * f),
			                    (float)(area.y + a.y + (b.y - a.y) * f)};
		}
		want -= len;
	}
	return (SDL_FPoint){(float)(area.x + e->points[0].x), (float)(area.y + e->points[0].y)};
}

static void draw_edge(struct gfx *g, const struct run *r, int e, SDL_Rect area)
{
	const struct layout_edge *le = &r->lay.edges[e];
	SDL_Color c = r->dots[e].n > 0 ? gfx_mix(gfx_grid, gfx_accent, 0.4) : gfx_grid;
	int t = gfx_px(g, 4), head = gfx_px(g, 18), half = gfx_px(g, 11);
	struct layout_point tip;

	if (le->n_points < 2)
		return;
	/* replicas of each other: a dashed bracket, no head, apart from the request arrows */
	if (le->lateral) {
		for (int i = 0; i + 1 < le->n_points; i++)
			gfx_dashed(g, area.x + le->points[i].x, area.y + le->points[i].y,
			           area.x + le->points[i + 1].x, area.y + le->points[i + 1].y,
			           gfx_px(g, 3), gfx_px(g, 6), gfx_mix(gfx_grid, gfx_violet, 0.6));
		return;
	}
	for (int i = 0; i + 1 < le->n_points; i++)
		gfx_segment(g, area.x + le->points[i].x, area.y + le->points[i].y,
		            area.x + le->points[i + 1].x, area.y + le->points[i + 1].y, t, c);
	tip = le->points[le->n_points - 1];
	gfx_triangle(g, (SDL_FPoint){(float)(area.x + tip.x + 1), (float)(area.y + tip.y)},
	             (SDL_FPoint){(float)(area.x + tip.x - head), (float)(area.y + tip.y - half)},
	             (SDL_FPoint){(float)(area.x + tip.x - head), (float)(area.y + tip.y + half)},
	             c);
}

static void draw_dots(struct gfx *g, const struct run *r, int e, SDL_Rect area)
{
	const struct layout_edge *le = &r->lay.edges[e];
	SDL_Color c = {236, 244, 255, 255};
	float rad = (float)gfx_px(g, 6);

	if (le->n_points < 2)
		return;
	for (int i = 0; i < r->dots[e].n; i++) {
		SDL_FPoint p = along(le, r->dots[e].pos[i], area);

		gfx_disc(g, p.x, p.y, rad, c);
	}
}

/* Requests into node since t = 0 over every arrow; -1 when the engine counts none. */
static double requests_into(const struct run *r, int node)
{
	double n = -1;

	for (int i = 0; i < r->snap.n_edges; i++)
		if (r->snap.edges[i].to == node)
			n = (n < 0 ? 0 : n) + (double)r->snap.edges[i].requests;
	return n;
}

/*
 * Over the last run into each box, the requests it received so far. Arrows into one box
 * turn in the same gap and share that run, so one count per box says it all.
 */
static void draw_counts(struct gfx *g, const struct run *r, SDL_Rect area)
{
	int fh = gfx_font_height(g, GFX_SMALL), lift = gfx_px(g, 6), head = gfx_px(g, 22);

	for (int b = 1; b < r->lay.n_boxes; b++) {
		const struct layout_edge *e = NULL;
		double n = requests_into(r, r->lay.boxes[b].node);
		char count[16];
		int x1, x2, y;

		for (int i = 0; i < r->lay.n_edges && !e; i++)
			if (r->lay.edges[i].to == b && r->lay.edges[i].n_points >= 2 &&
			    !r->lay.edges[i].lateral)
				e = &r->lay.edges[i];
		if (!e || n < 0)
			continue;
		fmt_compact(count, sizeof(count), n);
		x2 = e->points[e->n_points - 1].x - head;
		x1 = e->points[e->n_points - 2].x;
		y = e->points[e->n_points - 1].y - fh - lift;
		if (x2 - x1 >= gfx_text_width(g, GFX_SMALL, count))
			gfx_text(g, GFX_SMALL, area.x + x2, area.y + y, gfx_dim, GFX_RIGHT, 0,
			         count);
	}
}

static void ensure_layout(const struct gfx_live *live, struct run *r, SDL_Rect area)
{
	if (r->lay_ok && r->lay_area.w == area.w && r->lay_area.h == area.h) {
		r->lay_area = area;
		return;
	}
	r->lay_ok = layout_compute(run_cfg(live, r), area.w, area.h, &r->lay) == 0;
	r->lay_area = area;
}

static void draw_topology(struct gfx *g, const struct gfx_live *live, struct run *r,
                          SDL_Rect area)
{
	ensure_layout(live, r, area);
	if (!r->lay_ok) {
		gfx_text(g, GFX_BODY, area.x, area.y, gfx_dim, GFX_LEFT, area.w,
		         "(the diagram needs a larger window)");
		return;
	}
	for (int e = 0; e < r->lay.n_edges; e++)
		draw_edge(g, r, e, area);
	draw_counts(g, r, area);
	for (int e = 0; e < r->lay.n_edges; e++)
		draw_dots(g, r, e, area);
	for (int b = 0; b < r->lay.n_boxes; b++)
		draw_box(g, live, r, &r->lay.boxes[b], area);
}

/* ---- drawing: story counters, charts, log -------------------------------------------- */

/* "db_connections_peak" as people say it. */
static void metric_words(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s", name);
	for (char *c = buf; *c; c++)
		if (*c == '_')
			*c = ' ';
}

/* The label of a tile under its number: one line, or two split near the middle. */
static void tile_label(struct gfx *g, SDL_Rect tile, int y, const char *words)
{
	int w = tile.w - gfx_px(g, 12), cx = tile.x + tile.w / 2, best = -1;
	int sh = gfx_font_height(g, GFX_SMALL), len = (int)strlen(words);
	char a[64];

	if (gfx_text_width(g, GFX_SMALL, words) <= w) {
		gfx_text(g, GFX_SMALL, cx, y, gfx_dim, GFX_CENTRE, w, words);
		return;
	}
	for (int i = 0; i < len; i++)
		if (words[i] == ' ' && (best < 0 || abs(len - 2 * i) < abs(len - 2 * best)))
			best = i;
	if (best < 0) {
		gfx_text(g, GFX_SMALL, cx, y, gfx_dim, GFX_CENTRE, w, words);
		return;
	}
	snprintf(a, sizeof(a), "%.*s", best, words);
	gfx_text(g, GFX_SMALL, cx, y, gfx_dim, GFX_CENTRE, w, a);
	gfx_text(g, GFX_SMALL, cx, y + sh, gfx_dim, GFX_CENTRE, w, words + best + 1);
}

/*
 * A tile's number in the unit its metric's name gives (report_metric_unit(), as the
 * terminal's story line): a ratio as a percentage ("availability 99.9%", not 0.999),
 * milliseconds as a time, dollars with their sign; anything else as a count.
 */
static void tile_value(char *buf, size_t len, const char *name, double v)
{
	char num[24];
	int t;

	switch (report_metric_unit(name)) {
	case REPORT_RATIO:
		/* in tenths of a percent, rounded down: 99.96% is not yet 100% */
		t = v <= 0 || !isfinite(v) ? 0 : v >= 1 ? 1000 : (int)floor(v * 1000);
		if (t % 10 != 0)
			snprintf(buf, len, "%d.%d%%", t / 10, t % 10);
		else
			snprintf(buf, len, "%d%%", t / 10);
		break;
	case REPORT_MS:
		fmt_ms(buf, len, v);
		break;
	case REPORT_USD:
		fmt_count(num, sizeof(num), floor(v + 0.5));
		snprintf(buf, len, "$%s", num);
		break;
	default:
		fmt_count(buf, len, v);
		break;
	}
}

/* A tile per story counter: the number large, its name under it. */
static void draw_story(struct gfx *g, const struct gfx_live *live, const struct run *r,
                       SDL_Rect area)
{
	int gap = gfx_px(g, 12), n = 0, idx[MAX_STORY];
	int lh = gfx_font_height(g, GFX_LARGE), sh = gfx_font_height(g, GFX_SMALL);
	double vals[MAX_STORY];

	for (int i = 0; i < live->n_story; i++)
		if (sim_metric_get(r->sim, live->story[i], &vals[n]) == 0)
			idx[n++] = i;
	for (int i = 0; i < n; i++) {
		int w = (area.w - (n - 1) * gap) / n;
		SDL_Rect tile = {area.x + i * (w + gap), area.y, w, area.h};
		SDL_Color c = i == 0 || vals[i] == 0 ? gfx_text_fg :
		              idx[i] == 1 ? gfx_health_color(SIM_HEALTH_DOWN) :
		              gfx_health_color(SIM_HEALTH_BUSY);
		int y = tile.y + (tile.h - lh - 2 * sh) / 2;
		char num[32], words[64];

		tile_value(num, sizeof(num), live->story[idx[i]], vals[i]);
		metric_words(live->story[idx[i]], words, sizeof(words));
		gfx_fill_round(g, tile, gfx_px(g, 10), gfx_panel);
		gfx_text(g, GFX_LARGE, tile.x + w / 2, y, c, GFX_CENTRE, w - gap, num);
		tile_label(g, tile, y + lh, words);
	}
}

struct chart_spec {
	const char *title;
	const char *short_title;        /* for a narrow chart */
	enum series which;
	SDL_Color color;
	double floor_max;               /* the axis never shows less than this */
};

static void chart_value(enum series which, double v, char *buf, size_t len)
{
	if (which == S_P99)
		fmt_ms(buf, len, v);
	else if (which == S_ERR)
		snprintf(buf, len, v >= 0.1 || v == 0 ? "%.0f%%" : "%.1f%%", v * 100);
	else
		fmt_count(buf, len, floor(v + 0.5));
}

/* The largest sample of the run so far, for the axis. */
static double series_max(const struct run *r, enum series which)
{
	double m = 0;

	for (int k = 1; k <= r->n_samples; k++)
		if (r->series[which][k] > m)
			m = r->series[which][k];
	return m;
}

/*
 * What column x of a plot w pixels wide over n_secs seconds shows: the largest sample of
 * the seconds it spans, so a one-second spike stays visible; NOT_SAMPLED when none is
 * sampled yet, NO_ANSWER when none of its seconds had a latency.
 */
static double column_value(const struct run *r, enum series which, int x, int w, int n_secs)
{
	int k0 = 1 + (int)((long long)x * n_secs / w);
	int k1 = 1 + (int)((long long)(x + 1) * n_secs / w);
	double v = NOT_SAMPLED;
	int any = 0;

	for (int k = k0; k < (k1 > k0 ? k1 : k0 + 1) && k <= r->n_samples; k++) {
		any = 1;
		if (r->series[which][k] > v)
			v = r->series[which][k];
	}
	return any && v < 0 ? NO_ANSWER : v;
}

/* The column of a plot w pixels wide over n_secs seconds that shows second k (from 1). */
static int column_of(int k, int w, int n_secs)
{
	int x = (int)((long long)(k - 1) * w / n_secs);

	/* the division rounds down: step to the column whose span holds k */
	while (x + 1 < w && 1 + (int)((long long)(x + 1) * n_secs / w) <= k)
		x++;
	while (x > 0 && 1 + (int)((long long)x * n_secs / w) > k)
		x--;
	return x;
}

/*
 * What the column of the last complete second shows; NOT_SAMPLED before the first second,
 * NO_ANSWER when no second of the column had a latency.
 */
static double cursor_value(const struct run *r, enum series which, int w, int n_secs)
{
	if (!r->sim || r->n_samples <= 0)
		return NOT_SAMPLED;
	if (w <= 0 || n_secs <= 0)
		return r->series[which][r->n_samples];
	return column_value(r, which, column_of(r->n_samples, w, n_secs), w, n_secs);
}

double gfx_live_chart_now(const struct gfx_live *live, int run, int chart, int plot_w)
{
	const struct run *r;

	if (run < 0 || run >= live->n_runs || chart < 0 || chart >= S__N)
		return -1;
	r = &live->runs[run];
	return cursor_value(r, (enum series)chart, plot_w, (int)(run_end(live, r) / SIM_SEC));
}

/*
 * The series as columns from the run's start to its end, one or more samples a column.
 * Columns share no pixel, so they go to the renderer a batch at a time, the fills and
 * then their top lines: the same pixels as column by column, in a few calls instead of
 * two a column (a frame drew over a thousand).
 */
static void plot_series(struct gfx *g, const struct run *r, const struct chart_spec *cs,
                        SDL_Rect plot, double top, int n_secs)
{
	enum { BATCH = 256 };
	SDL_Rect fills[BATCH], lines[BATCH];
	SDL_Color fill = gfx_mix(gfx_panel, cs->color, 0.35);
	int line = gfx_px(g, 3), n = 0;

	for (int x = 0; x < plot.w; x++) {
		double v = column_value(r, cs->which, x, plot.w, n_secs);

		if (v == NOT_SAMPLED)
			break;
		if (v == NO_ANSWER)
			continue;
		int h = (int)lround(plot.h * (v > top ? 1.0 : v / top));

		fills[n] = (SDL_Rect){plot.x + x, plot.y + plot.h - h, 1, h};
		lines[n++] = (SDL_Rect){plot.x + x, plot.y + plot.h - h - line / 2, 1, line};
		if (n == BATCH) {
			gfx_fill_rects(g, fills, n, fill);
			gfx_fill_rects(g, lines, n, cs->color);
			n = 0;
		}
	}
	gfx_fill_rects(g, fills, n, fill);
	gfx_fill_rects(g, lines, n, cs->color);
}

/*
 * The frame of a plot: its baseline, the value at its top and, when there is room under
 * it (labels), the clock at the run's start and end.
 */
static void chart_axis(struct gfx *g, const struct gfx_live *live, const struct run *r,
                       const struct chart_spec *cs, SDL_Rect plot, double top, int labels)
{
	char buf[32];
	int pad = gfx_px(g, 6);

	gfx_fill(g, (SDL_Rect){plot.x, plot.y + plot.h, plot.w, gfx_px(g, 2)}, gfx_grid);
	gfx_fill(g, (SDL_Rect){plot.x, plot.y, plot.w, 1}, gfx_mix(gfx_panel, gfx_grid, 0.6));
	chart_value(cs->which, top, buf, sizeof(buf));
	if (plot.h >= 2 * gfx_font_height(g, GFX_SMALL))
		gfx_text(g, GFX_SMALL, plot.x + pad, plot.y + pad, gfx_dim, GFX_LEFT, 0, buf);
	if (!labels)
		return;
	sim_clock_format(r->sim, 0, buf, sizeof(buf));
	gfx_text(g, GFX_SMALL, plot.x, plot.y + plot.h + pad, gfx_dim, GFX_LEFT, 0, buf);
	sim_clock_format(r->sim, run_end(live, r), buf, sizeof(buf));
	gfx_text(g, GFX_SMALL, plot.x + plot.w, plot.y + plot.h + pad, gfx_dim, GFX_RIGHT, 0,
	         buf);
}

/*
 * The header's text for the value v at the cursor: as the chart reads it; where its
 * seconds had no answer, the latency of the last second that had one, for LATENCY_HOLD
 * seconds and in parentheses ("(9.6 s)"), then "-", never a latency of 0.
 */
static void chart_now_text(const struct run *r, enum series which, double v, char *buf,
                           size_t len)
{
	char held[24];

	if (v >= 0 || (which != S_P99 && v == NOT_SAMPLED)) {
		chart_value(which, v < 0 ? 0 : v, buf, len);
		return;
	}
	snprintf(buf, len, "-");
	for (int k = r->n_samples; v == NO_ANSWER && k > 0 && k > r->n_samples - LATENCY_HOLD;
	     k--) {
		if (r->series[which][k] < 0)
			continue;
		chart_value(which, r->series[which][k], held, sizeof(held));
		snprintf(buf, len, "(%s)", held);
		return;
	}
}

void gfx_live_chart_text(const struct gfx_live *live, int run, int chart, int plot_w,
                         char *buf, size_t len)
{
	double v = gfx_live_chart_now(live, run, chart, plot_w);

	snprintf(buf, len, "-");
	if (run >= 0 && run < live->n_runs && chart >= 0 && chart < S__N)
		chart_now_text(&live->runs[run], (enum series)chart, v, buf, len);
}

/*
 * A chart of one series over the whole run, with a cursor at now and, in its header, the
 * value the chart shows at the cursor.
 */
static void draw_chart(struct gfx *g, const struct gfx_live *live, const struct run *r,
                       const struct chart_spec *cs, SDL_Rect area)
{
	int pad = gfx_px(g, 14), bh = gfx_font_height(g, GFX_BOLD);
	int sh = gfx_font_height(g, GFX_SMALL);
	SDL_Rect plot = {area.x + pad, area.y + pad + bh + gfx_px(g, 8), area.w - 2 * pad, 0};
	int n_secs = (int)(run_end(live, r) / SIM_SEC);
	double now_v = 0, top;
	char buf[32];
	int title_w, labels;

	/* a short chart gives up its clock labels before its plot */
	plot.h = area.y + area.h - pad - plot.y;
	labels = plot.h - sh - gfx_px(g, 8) >= gfx_px(g, 60);
	if (labels)
		plot.h -= sh + gfx_px(g, 8);
	gfx_fill_round(g, area, gfx_px(g, 10), gfx_panel);
	/*
	 * The value at the cursor: the last complete second, as its column draws it. A column
	 * spans several seconds on a long run and shows their largest sample; the header
	 * saying the last second alone could read 0% beside a bar at 100%.
	 */
	now_v = cursor_value(r, cs->which, plot.w, n_secs);
	chart_now_text(r, cs->which, now_v, buf, sizeof(buf));
	gfx_text(g, GFX_BOLD, area.x + area.w - pad, area.y + pad, cs->color, GFX_RIGHT, 0, buf);
	title_w = area.w - 2 * pad - gfx_text_width(g, GFX_BOLD, buf) - pad;
	gfx_text(g, GFX_BODY, area.x + pad, area.y + pad + (bh - gfx_font_height(g, GFX_BODY)),
	         gfx_dim, GFX_LEFT, title_w, gfx_text_width(g, GFX_BODY, cs->title) <= title_w ?
	         cs->title : cs->short_title);
	if (plot.h < gfx_px(g, 20) || plot.w < 10 || n_secs < 1 || !r->sim)
		return;
	top = series_max(r, cs->which);
	top = nice_ceil(top > cs->floor_max ? top : cs->floor_max);
	plot_series(g, r, cs, plot, top, n_secs);
	chart_axis(g, live, r, cs, plot, top, labels);
	int cx = plot.x + (int)((long long)plot.w * (sim_now(r->sim) / SIM_SEC) / n_secs);
	gfx_fill(g, (SDL_Rect){cx - gfx_px(g, 1), plot.y, gfx_px(g, 2), plot.h}, gfx_text_fg);
}

static const struct chart_spec charts[] = {
	{"throughput, ok/s", "ok/s", S_THR, {92, 200, 255, 255}, 10},
	{"latency p99", "p99", S_P99, {196, 140, 255, 255}, 100},
	{"errors", "errors", S_ERR, {236, 68, 68, 255}, 0.1},
};

#define N_CHARTS ((int)(sizeof(charts) / sizeof(charts[0])))

/* The three charts stacked (vertical) or side by side. */
static void draw_charts(struct gfx *g, const struct gfx_live *live, const struct run *r,
                        SDL_Rect area, int vertical)
{
	int gap = gfx_px(g, 14);

	for (int i = 0; i < N_CHARTS; i++) {
		SDL_Rect c = area;

		if (vertical) {
			c.h = (area.h - (N_CHARTS - 1) * gap) / N_CHARTS;
			c.y = area.y + i * (c.h + gap);
		} else {
			c.w = (area.w - (N_CHARTS - 1) * gap) / N_CHARTS;
			c.x = area.x + i * (c.w + gap);
		}
		draw_chart(g, live, r, &charts[i], c);
	}
}

/* Lines one log entry takes in a message column of w pixels. */
static int entry_lines(struct gfx *g, const struct sim_log_entry *e, int w)
{
	return gfx_wrap(g, GFX_BODY, 0, 0, w, 4, gfx_text_fg, 0, e->message);
}

/* One entry at y: its time, its level, and the message wrapped into the last column. */
static void draw_entry(struct gfx *g, const struct run *r, const struct sim_log_entry *e,
                       int x, int y, int level_x, int msg_x, int msg_w, int max_lines)
{
	int lh = gfx_font_height(g, GFX_BODY);
	char clock[16], stamp[20];

	sim_clock_format(r->sim, e->time, clock, sizeof(clock));
	snprintf(stamp, sizeof(stamp), "[%s]", clock);
	gfx_text(g, GFX_MONO, x, y + (lh - gfx_font_height(g, GFX_MONO)) / 2, gfx_dim, GFX_LEFT,
	         0, stamp);
	gfx_text(g, GFX_BOLD, level_x, y + lh - gfx_font_height(g, GFX_BOLD),
	         gfx_level_color(e->level), GFX_LEFT, 0, sim_level_name(e->level));
	gfx_wrap(g, GFX_BODY, msg_x, y, msg_w, max_lines,
	         e->level == SIM_INFO ? gfx_dim : gfx_text_fg, 1, e->message);
}

/*
 * The log from the top of its panel: the newest entries that fit, oldest first, so the
 * latest line is always the lowest one written.
 */
static void draw_log(struct gfx *g, const struct run *r, SDL_Rect area)
{
	int pad = gfx_px(g, 14), lh = gfx_font_height(g, GFX_BODY);
	int tw = gfx_text_width(g, GFX_MONO, "[00:00:00]") + gfx_px(g, 12);
	int lw = gfx_text_width(g, GFX_BOLD, "WARNING") + gfx_px(g, 14);
	int mx = area.x + pad + tw + lw, mw = area.x + area.w - pad - mx;
	int top = area.y + pad + lh + gfx_px(g, 6), room = area.y + area.h - pad - top;
	size_t n = r->sim ? sim_log_count(r->sim) : 0, first = n;
	int used = 0, y = top;

	gfx_fill_round(g, area, gfx_px(g, 10), gfx_panel);
	gfx_text(g, GFX_BODY, area.x + pad, area.y + pad, gfx_dim, GFX_LEFT, 0, "incident log");
	if (n == 0 || mw <= 0) {
		gfx_text(g, GFX_BODY, area.x + pad, top, gfx_dim, GFX_LEFT, area.w - 2 * pad,
		         "(nothing yet)");
		return;
	}
	while (first > 0) {
		int lines = entry_lines(g, sim_log_get(r->sim, first - 1), mw);

		if (used + lines * lh > room)
			break;
		used += lines * lh;
		first--;
	}
	/* not even the newest fits whole: it gets the lines there are */
	if (first == n && room >= lh)
		draw_entry(g, r, sim_log_get(r->sim, n - 1), area.x + pad, y, area.x + pad + tw,
		           mx, mw, room / lh);
	for (size_t i = first; i < n; i++) {
		const struct sim_log_entry *e = sim_log_get(r->sim, i);

		draw_entry(g, r, e, area.x + pad, y, area.x + pad + tw, mx, mw, 4);
		y += entry_lines(g, e, mw) * lh;
	}
}

/* ---- drawing: the frame around the panes -------------------------------------------- */

/* A chip per variant; the ones on screen are filled. Returns the width used. */
static int draw_chips(struct gfx *g, const struct gfx_live *live, int x, int y, int maxw)
{
	int pad = gfx_px(g, 12), gap = gfx_px(g, 10), h = gfx_font_height(g, GFX_BODY) + 6;
	int used = 0;

	for (int v = 0; v < live->sc->n_variants; v++) {
		const char *name = live->sc->variants[v].name;
		int w = gfx_text_width(g, GFX_BODY, name) + 2 * pad;
		int on = live->runs[0].variant == v || (live->n_runs == 2 &&
		                                        live->runs[1].variant == v);
		SDL_Rect chip = {x + used, y, w, h};

		if (used + w > maxw)
			break;
		if (on)
			gfx_fill_round(g, chip, h / 2, gfx_accent);
		else
			gfx_box(g, chip, h / 2, gfx_px(g, 2), gfx_grid, gfx_bg);
		gfx_text(g, GFX_BODY, chip.x + pad, chip.y + 3, on ? gfx_ink : gfx_dim, GFX_LEFT,
		         0, name);
		used += w + gap;
	}
	return used;
}

/* Play, pause or end as a shape, so it reads from the back of the room. */
static void draw_state_icon(struct gfx *g, const struct gfx_live *live, int x, int y, int s)
{
	SDL_Color c = live->paused ? gfx_health_color(SIM_HEALTH_BUSY) : gfx_accent;

	if (gfx_live_done(live)) {
		gfx_fill(g, (SDL_Rect){x, y, s, s}, gfx_dim);
	} else if (live->paused) {
		gfx_fill(g, (SDL_Rect){x, y, s / 3, s}, c);
		gfx_fill(g, (SDL_Rect){x + s - s / 3, y, s / 3, s}, c);
	} else {
		gfx_triangle(g, (SDL_FPoint){(float)x, (float)y},
		             (SDL_FPoint){(float)(x + s), (float)(y + s / 2.0)},
		             (SDL_FPoint){(float)x, (float)(y + s)}, c);
	}
}

/* The right of the status bar: state, speed, elapsed, and the clock in large figures. */
static void draw_clock(struct gfx *g, const struct gfx_live *live, SDL_Rect bar)
{
	int hh = gfx_font_height(g, GFX_HUGE), bh = gfx_font_height(g, GFX_BODY);
	int right = bar.x + bar.w, y = bar.y + (bar.h - hh) / 2, x, icon = gfx_px(g, 26);
	char clock[16], line[80], a[32], b[32];

	gfx_live_clock(live, clock, sizeof(clock));
	x = right - gfx_text(g, GFX_HUGE, right, y, gfx_text_fg, GFX_RIGHT, 0, clock);
	x -= gfx_px(g, 28);
	fmt_elapsed(a, sizeof(a), live_now(live));
	fmt_elapsed(b, sizeof(b), gfx_live_end(live));
	snprintf(line, sizeof(line), gfx_live_done(live) ? "end" : live->paused ? "paused" :
	         "x%g", live->speed);
	y = bar.y + (bar.h - 2 * bh) / 2;
	gfx_text(g, GFX_BOLD, x, y, gfx_text_fg, GFX_RIGHT, 0, line);
	draw_state_icon(g, live, x - gfx_text_width(g, GFX_BOLD, line) - icon - gfx_px(g, 12),
	                y + (bh - icon) / 2, icon);
	snprintf(line, sizeof(line), "%s / %s", a, b);
	gfx_text(g, GFX_BODY, x, y + bh, gfx_dim, GFX_RIGHT, 0, line);
}

static void draw_status(struct gfx *g, const struct gfx_live *live, SDL_Rect bar)
{
	int lh = gfx_font_height(g, GFX_LARGE), ch = gfx_font_height(g, GFX_BODY) + 6;
	int reserve = gfx_px(g, 640), y = bar.y + (bar.h - ch) / 2;

	if (!(live->flags & GFX_LIVE_NO_TITLE)) {
		y = bar.y + (bar.h - lh - ch - gfx_px(g, 8)) / 2;
		gfx_text(g, GFX_LARGE, bar.x, y, gfx_text_fg, GFX_LEFT, bar.w - reserve,
		         live->sc->title[0] ? live->sc->title : live->sc->path);
		y += lh + gfx_px(g, 8);
	}
	draw_chips(g, live, bar.x, y, bar.w - reserve);
	draw_clock(g, live, bar);
}

struct key_hint {
	const char *keys;
	const char *what;
};

static const struct key_hint hints[] = {
	{"Space", "pause"}, {"+ \xe2\x88\x92", "speed"}, {"[ ]", "seek 10 s"}, {"s", "step"},
	{"r", "restart"}, {"Tab", "variant"}, {"v", "side by side"}, {"q", "quit"},
};

static void draw_keys(struct gfx *g, const struct gfx_live *live, SDL_Rect bar)
{
	int x = bar.x, gap = gfx_px(g, 30), sp = gfx_px(g, 8);
	int y = bar.y + (bar.h - gfx_font_height(g, GFX_BODY)) / 2;
	int flash_w = live->flash_left > 0 ? gfx_text_width(g, GFX_BOLD, live->flash) : 0;

	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
		int w = gfx_text_width(g, GFX_BOLD, hints[i].keys) + sp +
		        gfx_text_width(g, GFX_BODY, hints[i].what);

		if (x + w > bar.x + bar.w - flash_w - gap)
			break;
		x += gfx_text(g, GFX_BOLD, x, y, gfx_accent, GFX_LEFT, 0, hints[i].keys) + sp;
		x += gfx_text(g, GFX_BODY, x, y, gfx_dim, GFX_LEFT, 0, hints[i].what) + gap;
	}
	if (flash_w)
		gfx_text(g, GFX_BOLD, bar.x + bar.w, y, gfx_accent, GFX_RIGHT, 0, live->flash);
}

/* "pain: the 2004 box, sessions and MySQL in the same memory" */
static int draw_pane_header(struct gfx *g, const struct gfx_live *live, const struct run *r,
                            SDL_Rect area)
{
	const struct cfg_variant *v = &live->sc->variants[r->variant];
	int x = area.x + gfx_text(g, GFX_BOLD, area.x, area.y, gfx_accent, GFX_LEFT, 0, v->name);

	if (v->description[0]) {
		x += gfx_text(g, GFX_BOLD, x, area.y, gfx_accent, GFX_LEFT, 0, ": ");
		gfx_text(g, GFX_BODY, x, area.y + gfx_font_height(g, GFX_BOLD) -
		         gfx_font_height(g, GFX_BODY), gfx_dim, GFX_LEFT, area.x + area.w - x,
		         v->description);
	}
	return gfx_font_height(g, GFX_BOLD) + gfx_px(g, 10);
}

/* Height for the topology: what its rows need, within a share of the pane. */
static int topology_height(struct gfx *g, const struct gfx_live *live, const struct run *r,
                           int h, double share)
{
	struct layout lay;
	int rows, want, cap = (int)(h * share);

	layout_compute(run_cfg(live, r), 800, 400, &lay);
	rows = lay.n_rows > 0 ? lay.n_rows : 1;
	want = gfx_px(g, 60) + rows * gfx_px(g, 150);
	return want < cap ? want : cap;
}

/*
 * One run: the header, then on a wide pane the topology, the counters and the log on the
 * left with the charts stacked on the right; on a narrow one everything stacked, the
 * charts in a row.
 */
static void draw_pane(struct gfx *g, struct gfx_live *live, struct run *r, SDL_Rect area)
{
	int head = draw_pane_header(g, live, r, area), wide = area.w >= area.h * 3 / 2;
	int gap = gfx_px(g, 16), story_h = gfx_px(g, wide ? 112 : 88);
	SDL_Rect body = {area.x, area.y + head, area.w, area.h - head};
	SDL_Rect left = body, plots = body, topo, story, log;

	if (!r->sim) {
		gfx_wrap(g, GFX_LARGE, body.x, body.y, body.w, 4,
		         gfx_health_color(SIM_HEALTH_DOWN), 1, r->error);
		return;
	}
	if (wide) {
		left.w = body.w * 62 / 100;
		plots.x = left.x + left.w + gap;
		plots.w = body.x + body.w - plots.x;
	} else {
		plots.h = body.h * 20 / 100;
		left.h = body.h - plots.h - gap;
		plots.y = left.y + left.h + gap;
	}
	topo = left;
	topo.h = topology_height(g, live, r, left.h, wide ? 0.55 : 0.44);
	story = (SDL_Rect){left.x, topo.y + topo.h + gap, left.w, story_h};
	log = (SDL_Rect){left.x, story.y + story.h + gap, left.w, 0};
	log.h = left.y + left.h - log.y;

	draw_topology(g, live, r, topo);
	draw_story(g, live, r, story);
	draw_log(g, r, log);
	draw_charts(g, live, r, plots, wide);
}

void gfx_live_draw(struct gfx_live *live, struct gfx *g, SDL_Rect area)
{
	int status_h = gfx_px(g, live->flags & GFX_LIVE_NO_TITLE ? 70 : 110);
	int keys_h = live->flags & GFX_LIVE_NO_KEYS ? 0 : gfx_px(g, 56), gap = gfx_px(g, 24);
	SDL_Rect bar = {area.x, area.y, area.w, status_h};
	SDL_Rect panes = {area.x, area.y + status_h, area.w, area.h - status_h - keys_h};

	draw_status(g, live, bar);
	if (keys_h)
		draw_keys(g, live, (SDL_Rect){area.x, area.y + area.h - keys_h, area.w, keys_h});
	for (int i = 0; i < live->n_runs; i++) {
		SDL_Rect p = panes;

		if (live->n_runs == 2) {
			p.w = (panes.w - gap) / 2;
			p.x = panes.x + i * (p.w + gap);
		}
		draw_pane(g, live, &live->runs[i], p);
	}
}
