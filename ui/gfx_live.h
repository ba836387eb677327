/* SPDX-License-Identifier: MIT */
/*
 * gfx_live.h: one scenario replayed live in the SDL2 window, the window's twin of the
 * terminal's live view: the topology with boxes in health colours and requests as dots
 * moving along the arrows, story counters, charts of throughput, p99 latency and errors
 * over the whole simulated run, the incident log, a status bar and the keys.
 *
 * A view draws into any rectangle, so the deck can embed it in a slide: create it, call
 * gfx_live_advance() with the wall time of each frame, gfx_live_draw(), and pass keys to
 * gfx_live_key(). It reads the runs only through sim.h snapshots, the log and metrics.
 */
#ifndef UI_GFX_LIVE_H
#define UI_GFX_LIVE_H

#include <SDL.h>

#include "cfg.h"
#include "gfx_draw.h"
#include "layout.h"

#define GFX_LIVE_SPEED_DEFAULT 10.0
#define GFX_LIVE_SEEK (10 * SIM_SEC)    /* [ and ] */

enum gfx_live_flags {
	GFX_LIVE_NO_TITLE = 1 << 0,     /* the deck shows the title itself */
	GFX_LIVE_NO_KEYS = 1 << 1       /* no key line: the deck has its own footer */
};

struct gfx_live;

/*
 * A run of variant (clamped) with seed (sc->seed for the scenario's own) that stops at
 * end (0: the variant's duration). sc must outlive the view. Returns NULL only when out of
 * memory; a variant the engine refuses gives a view that shows why (gfx_live_error()).
 */
struct gfx_live *gfx_live_create(const struct cfg_scenario *sc, int variant, uint64_t seed,
                                 sim_time end);
void gfx_live_destroy(struct gfx_live *live);
const char *gfx_live_error(const struct gfx_live *live);
void gfx_live_set_flags(struct gfx_live *live, unsigned flags);

/* Advances simulated time by wall_seconds times the speed, unless paused or at the end. */
void gfx_live_advance(struct gfx_live *live, double wall_seconds);

/* Jumps to t (backwards: reset and replay); the dots start afresh. */
void gfx_live_goto(struct gfx_live *live, sim_time t);

/*
 * Opens the view at t, at speed (clamped to the speeds the keys reach; 0 keeps the
 * speed): where a deck slide's story starts (`from:`, `speed:`). From then on r comes
 * back to t rather than to the run's first second.
 */
void gfx_live_open_at(struct gfx_live *live, sim_time t, double speed);

/*
 * Plays from now to t in frames of 1/GFX_FPS wall second at the default speed, the way the
 * window would have shown the last stretch: what a screenshot of time t draws. Takes no
 * clock, so the same call always leaves the same picture.
 */
void gfx_live_play_to(struct gfx_live *live, sim_time t, int frames);

/*
 * Space pause, + and - speed, s one event, [ and ] seek 10 s, r back to where the view
 * opened (gfx_live_open_at(), else the run's first second), Tab next variant
 * (side by side: of the right half), v the first variant (the pain) beside the one shown,
 * or back to the right half alone. Returns 1 when the key was used.
 */
int gfx_live_key(struct gfx_live *live, SDL_Keycode key);

/* Shows variant beside the current one (a comparison), or one run again with -1. */
void gfx_live_compare(struct gfx_live *live, int variant);

void gfx_live_draw(struct gfx_live *live, struct gfx *g, SDL_Rect area);

/*
 * Where run (0 left, 1 right) drew its topology in the last gfx_live_draw(): the area in
 * output pixels and the layout computed for it. Returns 0, or -1 when it drew none.
 */
int gfx_live_topology(const struct gfx_live *live, int run, SDL_Rect *area,
                      struct layout *lay);

/*
 * What chart (0 throughput, 1 p99 latency in ms, 2 error rate) of run shows at its cursor
 * when its plot is plot_w pixels wide, which its header prints: the column of the last
 * complete second, the largest sample of the seconds that column spans. -1 before the
 * first second; -2 for the latency of a column whose seconds had no answer, which the
 * chart leaves as a gap and the header gives as the last second's that had one, in
 * parentheses, for five seconds, then as "-".
 */
double gfx_live_chart_now(const struct gfx_live *live, int run, int chart, int plot_w);

/* What the header of that chart prints: "12.4 s", "(9.6 s)" held, "-" for no answer. */
void gfx_live_chart_text(const struct gfx_live *live, int run, int chart, int plot_w,
                         char *buf, size_t len);

/* The health colour of every box drawn as the last snapshot of run saw it. */
enum sim_health gfx_live_health(const struct gfx_live *live, int run, int node);

sim_time gfx_live_now(const struct gfx_live *live);
sim_time gfx_live_end(const struct gfx_live *live);
int gfx_live_done(const struct gfx_live *live);
int gfx_live_paused(const struct gfx_live *live);
double gfx_live_speed(const struct gfx_live *live);
int gfx_live_variant(const struct gfx_live *live);

/* "02:47:09": the left run's simulated time of day. */
void gfx_live_clock(const struct gfx_live *live, char *buf, size_t len);

#endif
