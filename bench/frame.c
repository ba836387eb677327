/* SPDX-License-Identifier: MIT */
/*
 * frame.c: what one frame of the live views costs, in CPU time of the drawing thread.
 *
 * The terminal view (ui/tui_live.h) runs as `gossipsim FILE` runs it: tui_init() takes a
 * pseudo-terminal of 200 x 60 with TERM=xterm-256color and a UTF-8 locale, so the frames
 * have their colours and box drawing, and a second thread reads and drops what curses
 * writes. A frame is what the program's loop does about 30 times a second: advance the
 * simulation by a 30th of a wall second at the default speed, then erase, draw and
 * doupdate(). The window (ui/gfx_live.h) draws at 1920 x 1080 into a surface with SDL's
 * software renderer under the dummy video driver, as --screenshot does, 60 times a second.
 *
 * Both run at a few moments of scenarios/2007_oom.yaml (before the spike, during it, after
 * the OOM kill) and of scenarios/2026_platform.yaml (a minute in, the loss of us, late),
 * N frames each after a few to warm up, and print the median milliseconds of the
 * advance, of the drawing, and of the whole frame; the target is under 5 ms a frame.
 * Then the 2007 outage plays at x1000 in the terminal view, frames and all, from the
 * start to its end: it keeps real time if simulating 1000 s takes under 1 s of CPU.
 *
 *   frame [-n FRAMES] [DATADIR]    (default 60 frames; DATADIR: the repository root)
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600               /* posix_openpt() */
#endif
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cfg.h"
#include "tui.h"
#include "tui_live.h"
#ifdef GOSSIPSIM_HAVE_SDL
#define SDL_MAIN_HANDLED
#include "gfx_draw.h"
#include "gfx_live.h"
#endif

#define TERM_W 200
#define TERM_H 60
#define WARM 5                          /* frames drawn before timing starts */
#define MAX_FRAMES 1000
#define TUI_FPS 30

static FILE *out;                       /* the real stdout: the pty takes fd 1 */

struct moment {
	const char *label;
	double at;                      /* simulated seconds from the start */
};

static const struct moment oom_moments[] = {
	{ "02:42, quiet", 120 }, { "02:46, the spike", 360 }, { "02:49, after the kill", 540 },
};
static const struct moment platform_moments[] = {
	{ "0:01, steady", 60 }, { "0:25:30, us lost", 1530 }, { "0:50, late", 3000 },
};

/* ---- measuring --------------------------------------------------------------------- */

/* CPU time of this thread: the pty reader's time and other processes' are not ours. */
static int64_t
cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The median of n samples in ms; sorts them. */
static double
median_ms(int64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_i64);
	return (double)v[n / 2] / 1e6;
}

struct samples {
	int64_t advance[MAX_FRAMES];
	int64_t draw[MAX_FRAMES];
	int64_t frame[MAX_FRAMES];
};

static void
print_row(const char *view, const char *file, const struct moment *m, struct samples *s,
          int n)
{
	double adv = median_ms(s->advance, n), draw = median_ms(s->draw, n);
	double frame = median_ms(s->frame, n);

	fprintf(out, "%-9s %-20s %-22s %9.2f %9.2f %9.2f  %s\n", view, file, m->label, adv,
	        draw, frame, frame < 5.0 ? "ok" : "OVER 5 ms");
}

static int
load(const char *root, const char *name, struct cfg_scenario *sc)
{
	struct cfg_errors errs;
	char path[4096];
	int rc;

	snprintf(path, sizeof path, "%s/scenarios/%s", root, name);
	cfg_errors_init(&errs);
	rc = cfg_scenario_load(path, NULL, 0, sc, &errs) == CFG_OK ? 0 : -1;
	if (rc != 0)
		fprintf(stderr, "frame: cannot load %s: %s\n", path, errs.n ? errs.msgs[0] : "?");
	cfg_errors_fini(&errs);
	return rc;
}

/* ---- the terminal ------------------------------------------------------------------- */

/* Reads and drops what curses writes to the pseudo-terminal, so that it never blocks. */
static void *
drain(void *arg)
{
	int fd = *(int *)arg;
	char buf[65536];

	while (read(fd, buf, sizeof buf) > 0)
		;
	return NULL;
}

/*
 * Gives the process a 200 x 60 pseudo-terminal as stdin and stdout, keeping the real
 * stdout as `out`, and takes it with tui_init(). Returns 0, or -1 with a message.
 */
static int
terminal_open(void)
{
	static int master;
	struct winsize ws = { TERM_H, TERM_W, 0, 0 };
	pthread_t reader;
	int slave;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 ||
	    (slave = open(ptsname(master), O_RDWR | O_NOCTTY)) < 0) {
		perror("frame: pseudo-terminal");
		return -1;
	}
	ioctl(slave, TIOCSWINSZ, &ws);
	if (pthread_create(&reader, NULL, drain, &master) != 0) {
		fprintf(stderr, "frame: cannot start the reader thread\n");
		return -1;
	}
	pthread_detach(reader);
	fflush(stdout);
	out = fdopen(dup(STDOUT_FILENO), "w");
	dup2(slave, STDIN_FILENO);
	dup2(slave, STDOUT_FILENO);
	close(slave);
	setenv("TERM", "xterm-256color", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	unsetenv("NO_COLOR");
	unsetenv("GOSSIPSIM_THEME");
	unsetenv("LINES");
	unsetenv("COLUMNS");
	if (out == NULL || tui_init(0) != 0) {
		fprintf(stderr, "frame: curses cannot take the pseudo-terminal\n");
		return -1;
	}
	return 0;
}

/* Erases, draws and sends one frame, as the live view's own loop does. */
static void
tui_frame(struct tui_live *live)
{
	werase(stdscr);
	tui_live_draw(live, stdscr, 0, 0, LINES, COLS);
	wnoutrefresh(stdscr);
	doupdate();
}

/* n frames at the default speed from each moment of file (its first variant). */
static int
tui_moments(const char *root, const char *file, const struct moment *m, int n_m, int n,
            struct samples *s)
{
	struct cfg_scenario sc;
	struct tui_live *live;
	double at = 0.0;
	int k, i;

	if (load(root, file, &sc) != 0)
		return -1;
	live = tui_live_create(&sc, 0, 0);
	if (live == NULL) {
		cfg_scenario_fini(&sc);
		return -1;
	}
	for (k = 0; k < n_m; k++) {
		tui_live_advance(live, (m[k].at - at) / tui_live_speed(live));
		at = m[k].at;
		for (i = 0; i < WARM + n; i++) {
			int64_t t0 = cpu_ns(), t1, t2;

			tui_live_advance(live, 1.0 / TUI_FPS);
			t1 = cpu_ns();
			tui_frame(live);
			t2 = cpu_ns();
			if (i >= WARM) {
				s->advance[i - WARM] = t1 - t0;
				s->draw[i - WARM] = t2 - t1;
				s->frame[i - WARM] = t2 - t0;
			}
			at += tui_live_speed(live) / TUI_FPS;
		}
		print_row("terminal", file, &m[k], s, n);
	}
	tui_live_destroy(live);
	cfg_scenario_fini(&sc);
	return 0;
}

/*
 * The 2007 outage at x1000, each variant from its start to its end in frames of a 30th of
 * a second, as the terminal would show it. Prints the simulated seconds per CPU second,
 * and the share of real time that keeping up takes (under 1: it keeps up).
 */
static int
tui_x1000(const char *root)
{
	struct cfg_scenario sc;
	int v, k;

	if (load(root, "2007_oom.yaml", &sc) != 0)
		return -1;
	fprintf(out, "\nthe 2007 outage at x1000 in the terminal view, start to end, with its "
	        "frames:\n%-8s %9s %7s %9s %14s %16s\n", "variant", "sim s", "frames", "cpu s",
	        "sim s / cpu s", "cpu per 1000 s");
	for (v = 0; v < sc.n_variants; v++) {
		struct tui_live *live = tui_live_create(&sc, v, 0);
		int64_t t0;
		int frames = 0;
		double cpu, secs;

		if (live == NULL)
			break;
		for (k = 0; k < 32 && tui_live_speed(live) < TUI_LIVE_SPEED_MAX; k++)
			tui_live_key(live, '+');
		t0 = cpu_ns();
		while (!tui_live_done(live)) {
			tui_live_advance(live, 1.0 / TUI_FPS);
			tui_frame(live);
			frames++;
		}
		cpu = (double)(cpu_ns() - t0) / 1e9;
		secs = (double)tui_live_now(live) / SIM_SEC;
		fprintf(out, "%-8s %9.0f %7d %9.3f %14.0f %13.3f s  %s\n",
		        sc.variants[v].name, secs, frames, cpu, secs / cpu, cpu * 1000.0 / secs,
		        cpu * 1000.0 / secs < 1.0 ? "keeps real time" : "TOO SLOW");
		tui_live_destroy(live);
	}
	cfg_scenario_fini(&sc);
	return 0;
}

/* ---- the window --------------------------------------------------------------------- */

#ifdef GOSSIPSIM_HAVE_SDL
/* n frames of the window at 1920 x 1080 from each moment of file (its first variant). */
static int
gfx_moments(struct gfx *g, const char *root, const char *file, const struct moment *m,
            int n_m, int n, struct samples *s)
{
	int mx = gfx_px(g, 40), my = gfx_px(g, 20);
	SDL_Rect area = { mx, my, g->w - 2 * mx, g->h - 2 * my };
	struct cfg_scenario sc;
	struct gfx_live *live;
	int k, i;

	if (load(root, file, &sc) != 0)
		return -1;
	live = gfx_live_create(&sc, 0, sc.seed, 0);
	if (live == NULL) {
		cfg_scenario_fini(&sc);
		return -1;
	}
	for (k = 0; k < n_m; k++) {
		gfx_live_play_to(live, (sim_time)(m[k].at * SIM_SEC), GFX_FPS);
		for (i = 0; i < WARM + n; i++) {
			int64_t t0 = cpu_ns(), t1, t2;

			gfx_live_advance(live, 1.0 / GFX_FPS);
			t1 = cpu_ns();
			gfx_clear(g, gfx_bg);
			gfx_live_draw(live, g, area);
			SDL_RenderPresent(g->ren);
			t2 = cpu_ns();
			if (i >= WARM) {
				s->advance[i - WARM] = t1 - t0;
				s->draw[i - WARM] = t2 - t1;
				s->frame[i - WARM] = t2 - t0;
			}
		}
		print_row("window", file, &m[k], s, n);
	}
	gfx_live_destroy(live);
	cfg_scenario_fini(&sc);
	return 0;
}

static int
gfx_bench(const char *root, int n, struct samples *s)
{
	SDL_Surface *surf;
	SDL_Renderer *ren;
	struct gfx g;
	char err[512];
	int rc = -1;

	setenv("SDL_VIDEODRIVER", "dummy", 1);
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "frame: SDL_Init: %s\n", SDL_GetError());
		return -1;
	}
	surf = SDL_CreateRGBSurfaceWithFormat(0, 1920, 1080, 32, SDL_PIXELFORMAT_RGB888);
	ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
	if (ren == NULL) {
		fprintf(stderr, "frame: no software renderer: %s\n", SDL_GetError());
	} else if (gfx_init(&g, ren, 1920, 1080, err, sizeof err) != 0) {
		fprintf(stderr, "frame: %s\n", err);
	} else {
		gfx_draw_into(&g, surf);
		rc = gfx_moments(&g, root, "2007_oom.yaml", oom_moments, 3, n, s);
		if (rc == 0)
			rc = gfx_moments(&g, root, "2026_platform.yaml", platform_moments, 3, n,
			                 s);
		gfx_fini(&g);
	}
	if (ren != NULL)
		SDL_DestroyRenderer(ren);
	SDL_FreeSurface(surf);
	SDL_Quit();
	return rc;
}
#endif

int
main(int argc, char **argv)
{
	static struct samples s;
	const char *root = ".";
	int n = 60, opt, rc;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n') {
			fprintf(stderr, "usage: frame [-n FRAMES] [DATADIR]\n");
			return 64;
		}
		n = atoi(optarg);
	}
	if (optind < argc)
		root = argv[optind];
	if (n < 1 || n > MAX_FRAMES) {
		fprintf(stderr, "frame: FRAMES must be 1 to %d\n", MAX_FRAMES);
		return 64;
	}
	if (terminal_open() != 0)
		return 70;
	fprintf(out, "frames: median of %d after %d to warm up, CPU ms of this thread\n"
	        "%-9s %-20s %-22s %9s %9s %9s\n", n, WARM, "view", "file", "moment", "advance",
	        "draw", "frame");
	rc = tui_moments(root, "2007_oom.yaml", oom_moments, 3, n, &s);
	if (rc == 0)
		rc = tui_moments(root, "2026_platform.yaml", platform_moments, 3, n, &s);
	if (rc == 0)
		rc = tui_x1000(root);
	tui_fini();
#ifdef GOSSIPSIM_HAVE_SDL
	if (rc == 0) {
		fprintf(out, "\n");
		rc = gfx_bench(root, n, &s);
	}
#else
	fprintf(out, "\nwindow: not built (no SDL2)\n");
#endif
	fclose(out);
	return rc == 0 ? 0 : 1;
}
