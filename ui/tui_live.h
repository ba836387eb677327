/* SPDX-License-Identifier: MIT */
/*
 * tui_live.h: one scenario replayed live in the terminal: the topology with health colours
 * and request counts, meters and sparklines over the last simulated minute, the story
 * counters, the incident log and a status line. It reads the runs only through the
 * sim.h snapshot, log and metric calls.
 *
 * A struct tui_live draws into any rectangle of any WINDOW, so the deck can embed it in a
 * slide: create it, call tui_live_advance() with the wall time of each frame, then
 * tui_live_draw(), and pass keys to tui_live_key(). tui_live_run() is the whole-screen
 * program around it (`gossipsim scenarios/2007_oom.yaml`).
 */
#ifndef UI_TUI_LIVE_H
#define UI_TUI_LIVE_H

#include <curses.h>
#include <stdint.h>

#include "cfg.h"
#include "cli.h"
#include "layout.h"

#define TUI_LIVE_SPEED_MIN 0.1
#define TUI_LIVE_SPEED_MAX 1000.0
#define TUI_LIVE_SPEED_DEFAULT 10.0
#define TUI_LIVE_SEEK (10 * SIM_SEC)    /* [ and ] */

struct tui_live;

/*
 * A run of variant (clamped to the scenario's variants) with seed, 0 meaning the
 * scenario's own; sc must outlive the view. Returns NULL only when out of memory; a
 * config the engine refuses gives a view that shows the error (tui_live_error()).
 */
struct tui_live *tui_live_create(const struct cfg_scenario *sc, int variant, uint64_t seed);
void tui_live_destroy(struct tui_live *live);

/* The engine's refusal to run the variant, or NULL when it runs. */
const char *tui_live_error(const struct tui_live *live);

/* Advances simulated time by wall_seconds times the speed, unless paused or at the end. */
void tui_live_advance(struct tui_live *live, double wall_seconds);

/* Draws the view into the h x w rectangle at y, x of win, touching nothing outside it. */
void tui_live_draw(struct tui_live *live, WINDOW *win, int y, int x, int h, int w);

/*
 * Draws only the topology of the left run into the h x w rectangle at y, x: each box in its
 * health colour with its figures, each arrow with the requests it carried so far. The deck
 * draws an era this way, after running it for a while (tui_live_goto()).
 */
void tui_live_draw_topology(struct tui_live *live, WINDOW *win, int y, int x, int h, int w);

/*
 * The count of an arrowhead, the requests of the arrows that end in it, as last drawn: the
 * window row and column of its first character and its text, or y = x = -1 and why, a
 * phrase saying why it is not shown.
 */
struct tui_live_count {
	int y, x;
	char text[8];
	const char *why;
};

/*
 * The diagram of run side (0: the left or only one, 1: the right one) as last drawn: its
 * layout (plain, or region twins with ports: lay->mode), with its top left corner in the
 * window at *y, *x, and in counts (one an edge, as the layout numbers them) where the
 * count of each edge's arrowhead went; edges that end in one head share its count.
 * Returns NULL when no diagram was drawn (the boxes or their counts did not fit, or there
 * is no such run).
 */
const struct layout *tui_live_diagram(const struct tui_live *live, int side, int *y, int *x,
                                      const struct tui_live_count **counts);

/*
 * A count in the list of calls that stands in for a diagram that would not read (see
 * tui_live_calls()): the boxes of the call's source and target (as the layout numbers
 * them), the window row its source's line starts on, and the row and column of the
 * count's first character, with its text.
 */
struct tui_live_call {
	int from, to;
	int line_y;
	int y, x;
	char text[8];
};

/*
 * The list of calls of run side as last drawn in place of its diagram: the layout it lists
 * (its boxes and edges; the rectangles may be empty), its top left corner in the window at
 * *y, *x, the counts in *calls, *n of them. Returns NULL when a diagram was drawn instead,
 * or nothing.
 */
const struct layout *tui_live_calls(const struct tui_live *live, int side, int *y, int *x,
                                    const struct tui_live_call **calls, int *n);

/*
 * Where box b of run side's diagram (as tui_live_diagram() numbers the boxes) wrote its
 * label, as last drawn: the window row and first column of the cells it was centred in,
 * and how many. Returns 0, or -1 when no diagram was drawn or there is no such box.
 */
int tui_live_label_cells(const struct tui_live *live, int side, int b, int *y, int *x, int *w);

/*
 * The meters a view can show, by the names a deck file gives them ("cpu", "db_pool",
 * "p99"...): the i-th from 0, NULL past the last.
 */
const char *tui_live_meter_key(int i);

/*
 * Shows the n meters named in keys (tui_live_meter_key()) first under every diagram, in
 * that order: those a slide's story is about. With n = 0, the one the scenario's claims
 * speak of first leads (oom_kills: RAM, latency_p99_ms: p99), or none when no claim names
 * what a meter shows. Returns 0, or -1 (nothing changed) when a name is no meter's.
 */
int tui_live_lead(struct tui_live *live, const char *const *keys, int n);

/*
 * The view runs inside the talk, whose footer gives ? help and q quit: its key line leaves
 * them out and keeps to one row, ending in "? more" where not every key fits (80
 * columns), since the talk's help lists them all.
 */
void tui_live_in_talk(struct tui_live *live);

/*
 * The view's message while it lasts ("paused", or what a says where it has nothing to
 * show), else NULL: a slide that draws the topology alone has no key line to show it on.
 */
const char *tui_live_message(const struct tui_live *live);

/* The page of the a key's legend shown, from 1; 0 when none is. */
int tui_live_legend_page(const struct tui_live *live);

#define TUI_LIVE_GAP 1.0               /* wall seconds between frames that mean a stop */

/*
 * The wall seconds a frame should advance the view by (tui_live_advance()), dt after the
 * last frame: none when the program was continued since (SIGCONT after Ctrl-Z and fg:
 * tui_take_redraw()) or dt is longer than TUI_LIVE_GAP (stopped, or the machine asleep),
 * so the simulation resumes where it stopped instead of leaping by the time away; else
 * dt, at most a quarter second, so a slow terminal slows the run rather than skips it.
 */
double tui_live_frame_seconds(double dt, int continued);

/* Pauses every run at simulated time t (clamped to the runs' length). */
void tui_live_goto(struct tui_live *live, sim_time t);

/*
 * Opens the view at simulated time t (clamped to the runs' length), a replay of the way
 * there as [ and ] make one, running at speed (clamped to TUI_LIVE_SPEED_MIN..MAX; 0
 * keeps the speed): where a deck slide's story starts (`from:`, `speed:`). From then on r
 * comes back to t rather than to the run's first second.
 */
void tui_live_open_at(struct tui_live *live, sim_time t, double speed);

/*
 * Handles one key: Space pause, + and - speed, s one event, [ and ] seek 10 s, r back to
 * where the view opened (tui_live_open_at(), else the run's first second),
 * Tab next variant (side by side: of the right half), v the first variant (the pain)
 * beside the one on screen, or back to the right half alone, Up and Down the incident
 * log an entry older or newer, i the log alone in each pane and back, a the labels a
 * diagram shows short in full, page after page in place of the meters and the log, then
 * back (where every label and count is on screen, a message says so and nothing else
 * changes). Returns 1 when the key was used.
 */
int tui_live_key(struct tui_live *live, int ch);

/*
 * Shows variant on the right of the current one, at the same simulated time (the pain and
 * its fix); -1 goes back to one run. Returns 0, or -1 for a variant the scenario lacks.
 * The v key does the same with the pair deck_variant_pair() gives.
 */
int tui_live_compare(struct tui_live *live, int variant);

/* Every run on screen reached its end. */
int tui_live_done(const struct tui_live *live);

int tui_live_paused(const struct tui_live *live);
double tui_live_speed(const struct tui_live *live);
sim_time tui_live_now(const struct tui_live *live);
int tui_live_variant(const struct tui_live *live);     /* of the left (or only) run */
int tui_live_side_by_side(const struct tui_live *live);

/*
 * The live view on the whole terminal until q: about 30 frames a second, ? for help,
 * resizes reflow. variant -1 starts on the first variant. Uses opt->seed (with has_seed)
 * and opt->plain. Returns 0 after q, 128 + the signal after SIGINT/SIGTERM/SIGHUP, 70
 * when there is no terminal, 65 when the engine refuses the config (the message goes to
 * stderr once the terminal is given back).
 */
int tui_live_run(const struct cfg_scenario *sc, int variant, const struct cli_options *opt);

#endif
