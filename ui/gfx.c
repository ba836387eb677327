/* SPDX-License-Identifier: MIT */
/*
 * gfx.c: the SDL2 window and the off-screen renderer of screenshots.
 *
 * A window runs one screen (the live view of a file, or the deck) in a loop paced by hand:
 * drain the events, advance the screen by the wall time since the last frame, draw,
 * present, then sleep until the next frame's deadline, 1/60 s after the previous one. The
 * simulation therefore moves with the wall clock times the speed whatever the frame rate;
 * a frame that runs late is not caught up, and a stall (a dragged window) counts for at
 * most a quarter of a second.
 *
 * Screenshots need no display: the frame is drawn by SDL's software renderer into a
 * surface and written as PNG (gfx_png.c). The video driver is set to "dummy" unless the
 * user chose one. The picture depends on the file, the seed, the time and the size only.
 * A window does need one: without a display, or on a driver SDL fell back to that shows
 * nothing, it is refused at once rather than run unseen.
 */
#include "gfx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gfx_draw.h"
#include "gfx_live.h"
#include "out_files.h"
#include "sim.h"

#define MAX_FRAME_GAP 0.25              /* wall seconds one frame may account for */
#define DAY (24LL * 3600 * SIM_SEC)

/* ---- the window ---------------------------------------------------------------------- */

struct window {
	SDL_Window *win;
	SDL_Renderer *ren;
	struct gfx g;
	int g_ready;
};

static void window_close(struct window *w)
{
	if (w->g_ready)
		gfx_fini(&w->g);
	if (w->ren)
		SDL_DestroyRenderer(w->ren);
	if (w->win)
		SDL_DestroyWindow(w->win);
	memset(w, 0, sizeof(*w));
}

static int window_open(struct window *w, const char *title, char *err, size_t len)
{
	int ow, oh;

	memset(w, 0, sizeof(*w));
	w->win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
	                          GFX_WINDOW_W, GFX_WINDOW_H,
	                          SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
	if (!w->win) {
		snprintf(err, len, "cannot open a window: %s (without a display, try "
		         "--screenshot)", SDL_GetError());
		return -1;
	}
	w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_ACCELERATED);
	if (!w->ren)
		w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
	if (!w->ren) {
		snprintf(err, len, "cannot draw in the window: %s", SDL_GetError());
		window_close(w);
		return -1;
	}
	SDL_GetRendererOutputSize(w->ren, &ow, &oh);
	if (gfx_init(&w->g, w->ren, ow, oh, err, len) != 0) {
		window_close(w);
		return -1;
	}
	w->g_ready = 1;
	return 0;
}

static void toggle_fullscreen(struct window *w)
{
	Uint32 flags = SDL_GetWindowFlags(w->win) & SDL_WINDOW_FULLSCREEN_DESKTOP;

	SDL_SetWindowFullscreen(w->win, flags ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
}

/*
 * Punctuation comes from the text the keyboard types, not from the key pressed: on many
 * layouts "[" is AltGr+8 and "+" has a key of its own, and the typed character is what the
 * help promises. SDL's keycodes of printable ASCII are the characters themselves.
 */
#define TYPED "[]+-=_?"

static int typed_key(SDL_Keycode k)
{
	return k > 0 && k < 128 && strchr(TYPED, (int)k) != NULL;
}

/* A key of the keyboard as the screen sees it; returns 1 when the window is to close. */
static int key_down(struct window *w, const struct gfx_screen *screen,
                    const SDL_KeyboardEvent *key)
{
	SDL_Keycode k = key->keysym.sym;

	/* typed characters arrive as text; AltGr chords too, whatever key they are on */
	if (typed_key(k) || (k == SDLK_SLASH && (key->keysym.mod & KMOD_SHIFT)) ||
	    (key->keysym.mod & (KMOD_MODE | KMOD_RALT)))
		return 0;
	if (k == SDLK_F11 || k == SDLK_f) {
		toggle_fullscreen(w);
		return 0;
	}
	return screen->key(screen->ctx, key);
}

/* Typed text: its punctuation goes to the screen as keys of those characters. */
static int text_input(const struct gfx_screen *screen, const char *text)
{
	for (const char *c = text; *c; c++) {
		SDL_KeyboardEvent key = {0};

		if (!typed_key((unsigned char)*c))
			continue;
		key.type = SDL_KEYDOWN;
		key.state = SDL_PRESSED;
		key.keysym.sym = (SDL_Keycode)(unsigned char)*c;
		if (screen->key(screen->ctx, &key))
			return 1;
	}
	return 0;
}

/* Drains the events; returns 1 when the window is to close, -1 on failure. */
static int window_events(struct window *w, const struct gfx_screen *screen, char *err,
                         size_t len)
{
	SDL_Event ev;
	int ow, oh, rc = 0;

	while (rc == 0 && SDL_PollEvent(&ev)) {
		if (ev.type == SDL_QUIT)
			return 1;
		if (ev.type == SDL_WINDOWEVENT &&
		    ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
			SDL_GetRendererOutputSize(w->ren, &ow, &oh);
			if (gfx_resize(&w->g, ow, oh, err, len) != 0)
				return -1;
		}
		if (ev.type == SDL_KEYDOWN)
			rc = key_down(w, screen, &ev.key);
		else if (ev.type == SDL_TEXTINPUT)
			rc = text_input(screen, ev.text.text);
	}
	return rc;
}

static int env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v;
}

/*
 * Whether SDL has somewhere to show a window. With no display named and no driver chosen,
 * SDL would print its attempts and then run a window nobody sees, for ever; a dummy or
 * off-screen driver it fell back to is the same. A driver the user chose is taken at
 * its word.
 */
static int no_display(void)
{
	const char *driver;

	if (env_set("SDL_VIDEODRIVER"))
		return 0;
	if (!env_set("DISPLAY") && !env_set("WAYLAND_DISPLAY"))
		return 1;
	driver = SDL_GetCurrentVideoDriver();
	return driver && (strcmp(driver, "dummy") == 0 || strcmp(driver, "offscreen") == 0);
}

int gfx_window_run(const char *title, const struct gfx_screen *screen, char *err, size_t len)
{
	struct window w;
	Uint64 freq = SDL_GetPerformanceFrequency(), period = freq / GFX_FPS;
	Uint64 last, deadline;
	int rc = 0;

	if (no_display()) {
		snprintf(err, len, "no display: set DISPLAY, or use --screenshot PATH");
		return CLI_EXIT_SOFTWARE;
	}
	/* SDL counts the users of a subsystem: the window takes video and gives it back */
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		snprintf(err, len, "cannot start SDL2: %s", SDL_GetError());
		return CLI_EXIT_SOFTWARE;
	}
	if (no_display()) {
		const char *d = env_set("WAYLAND_DISPLAY") ? "WAYLAND_DISPLAY" : "DISPLAY";

		SDL_QuitSubSystem(SDL_INIT_VIDEO);
		snprintf(err, len, "no display: cannot open %s=%s; set DISPLAY, or use "
		         "--screenshot PATH", d, getenv(d));
		return CLI_EXIT_SOFTWARE;
	}
	if (window_open(&w, title, err, len) != 0) {
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
		return CLI_EXIT_SOFTWARE;
	}
	SDL_StartTextInput();
	last = deadline = SDL_GetPerformanceCounter();
	while ((rc = window_events(&w, screen, err, len)) == 0) {
		Uint64 now = SDL_GetPerformanceCounter();
		double wall = (double)(now - last) / (double)freq;

		last = now;
		screen->advance(screen->ctx, wall < MAX_FRAME_GAP ? wall : MAX_FRAME_GAP);
		screen->draw(screen->ctx, &w.g);
		SDL_RenderPresent(w.ren);

		deadline += period;
		now = SDL_GetPerformanceCounter();
		if (deadline > now)
			SDL_Delay((Uint32)((deadline - now) * 1000 / freq));
		else
			deadline = now;         /* late: start counting again from here */
	}
	SDL_StopTextInput();
	window_close(&w);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	return rc < 0 ? CLI_EXIT_SOFTWARE : CLI_EXIT_OK;
}

/* ---- the live view of one file ------------------------------------------------------- */

/* The whole output with a margin, where a full-window view is drawn. */
static SDL_Rect inset(const struct gfx *g)
{
	int mx = gfx_px(g, 40), my = gfx_px(g, 20);

	return (SDL_Rect){mx, my, g->w - 2 * mx, g->h - 2 * my};
}

static void live_advance(void *ctx, double wall)
{
	gfx_live_advance(ctx, wall);
}

static void live_draw(void *ctx, struct gfx *g)
{
	gfx_clear(g, gfx_bg);
	gfx_live_draw(ctx, g, inset(g));
}

static int live_key(void *ctx, const SDL_KeyboardEvent *ev)
{
	if (ev->keysym.sym == SDLK_q || ev->keysym.sym == SDLK_ESCAPE)
		return 1;
	gfx_live_key(ctx, ev->keysym.sym);
	return 0;
}

int gfx_at_time(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                sim_time *t, char *why, size_t len)
{
	const struct sim_config *cfg = &sc->variants[variant].cfg;
	sim_time end = cfg->duration, at = opt->at;

	if (opt->has_until && opt->until < end)
		end = opt->until;
	if (opt->at_is_clock) {
		at = (opt->at - cfg->clock_start) % DAY;
		at = at < 0 ? at + DAY : at;
	}
	/*
	 * A time of day outside the run is before its start or past its end: whichever it
	 * is nearer to, on the clock (02:39 is a minute before a 02:40 start, not 23 hours
	 * after its end).
	 */
	if (opt->at_is_clock && at > end && DAY - at < at - end) {
		long long s0 = cfg->clock_start / SIM_SEC;

		snprintf(why, len, "--at lies before the start (%02lld:%02lld:%02lld) of %s",
		         s0 / 3600 % 24, s0 / 60 % 60, s0 % 60, sc->path);
		return -1;
	}
	if (at > end) {
		long long s0 = cfg->clock_start / SIM_SEC, s1 = (cfg->clock_start + end) / SIM_SEC;

		snprintf(why, len, "--at lies past the end of %s, which runs from "
		         "%02lld:%02lld:%02lld to %02lld:%02lld:%02lld (%llds)", sc->path,
		         s0 / 3600 % 24, s0 / 60 % 60, s0 % 60, s1 / 3600 % 24, s1 / 60 % 60,
		         s1 % 60, (long long)(end / SIM_SEC));
		return -1;
	}
	*t = at;
	return 0;
}

/* Copies the surface's pixels into 8-bit RGB rows and writes them as PNG. */
static int surface_png(SDL_Surface *s, const char *path, char *err, size_t len)
{
	uint8_t *rgb = malloc((size_t)s->w * (size_t)s->h * 3);
	int rc;

	if (!rgb) {
		snprintf(err, len, "cannot write '%s': out of memory", path);
		return -1;
	}
	for (int y = 0; y < s->h; y++) {
		const Uint8 *bytes = (const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch;
		const Uint32 *row = (const Uint32 *)bytes;
		uint8_t *out = rgb + (size_t)y * (size_t)s->w * 3;

		for (int x = 0; x < s->w; x++, out += 3)
			SDL_GetRGB(row[x], s->format, &out[0], &out[1], &out[2]);
	}
	rc = gfx_png_write(path, rgb, s->w, s->h, (size_t)s->w * 3, err, len);
	free(rgb);
	return rc;
}

/* Draws one frame of screen into a new w x h surface; NULL on failure. */
static SDL_Surface *render_offscreen(const struct gfx_screen *screen, int w, int h, char *err,
                                     size_t len)
{
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
	SDL_Renderer *ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
	struct gfx g;

	if (!ren) {
		snprintf(err, len, "cannot draw off-screen: %s", SDL_GetError());
		SDL_FreeSurface(surf);
		return NULL;
	}
	if (gfx_init(&g, ren, w, h, err, len) != 0) {
		SDL_DestroyRenderer(ren);
		SDL_FreeSurface(surf);
		return NULL;
	}
	gfx_draw_into(&g, surf);
	screen->draw(screen->ctx, &g);
	SDL_RenderPresent(ren);
	gfx_fini(&g);
	SDL_DestroyRenderer(ren);
	return surf;
}

int gfx_screen_png(const struct gfx_screen *screen, int w, int h, const char *path, char *err,
                   size_t len)
{
	SDL_Surface *surf = render_offscreen(screen, w, h, err, len);
	int rc = CLI_EXIT_OK;

	if (!surf)
		return CLI_EXIT_SOFTWARE;
	if (surface_png(surf, path, err, len) != 0)
		rc = CLI_EXIT_NOINPUT;
	SDL_FreeSurface(surf);
	return rc;
}

int gfx_screenshot(const struct cfg_scenario *sc, int variant, uint64_t seed, sim_time t,
                   int w, int h, const char *path, char *err, size_t len)
{
	struct gfx_live *live = gfx_live_create(sc, variant, seed, 0);
	struct gfx_screen screen = {NULL, live_advance, live_draw, live_key};
	int rc;

	if (!live) {
		snprintf(err, len, "out of memory");
		return CLI_EXIT_SOFTWARE;
	}
	if (gfx_live_error(live)) {
		snprintf(err, len, "%s: %s", sc->path, gfx_live_error(live));
		gfx_live_destroy(live);
		return CLI_EXIT_DATA;
	}
	gfx_live_play_to(live, t, GFX_FPS);
	screen.ctx = live;
	rc = gfx_screen_png(&screen, w, h, path, err, len);
	gfx_live_destroy(live);
	return rc;
}

static int screenshot(const struct cfg_scenario *sc, int variant, sim_time t,
                      const char *path)
{
	char err[1024];
	int rc;

	/* no display needed; a driver the user chose is kept */
	setenv("SDL_VIDEODRIVER", "dummy", 0);
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "gossipsim: cannot start SDL2: %s\n", SDL_GetError());
		return CLI_EXIT_SOFTWARE;
	}
	rc = gfx_screenshot(sc, variant, sc->seed, t, GFX_SHOT_W, GFX_SHOT_H, path, err,
	                    sizeof(err));
	if (rc != CLI_EXIT_OK)
		fprintf(stderr, "gossipsim: %s\n", err);
	SDL_QuitSubSystem(SDL_INIT_VIDEO);
	return rc;
}

int gfx_run_file(const struct cfg_scenario *sc, int variant, const struct cli_options *opt)
{
	struct gfx_screen screen = {NULL, live_advance, live_draw, live_key};
	sim_time t = 0;
	char why[1024], title[1100];
	int rc;

	if (variant < 0)
		variant = 0;
	if (opt->screenshot && !opt->has_at)
		t = opt->has_until && opt->until < sc->variants[variant].cfg.duration ?
		    opt->until : sc->variants[variant].cfg.duration;
	if (opt->has_at && gfx_at_time(sc, variant, opt, &t, why, sizeof(why)) != 0) {
		fprintf(stderr, "gossipsim: %s\ntry 'gossipsim --help'\n", why);
		return CLI_EXIT_USAGE;
	}
	if (opt->screenshot) {
		/* the same checks as the other outputs, before the run to the time asked for */
		rc = out_target_ok(sc, "--screenshot", opt->screenshot, stderr);
		return rc != CLI_EXIT_OK ? rc : screenshot(sc, variant, t, opt->screenshot);
	}

	screen.ctx = gfx_live_create(sc, variant, sc->seed, opt->has_until ? opt->until : 0);
	if (!screen.ctx) {
		fprintf(stderr, "gossipsim: out of memory\n");
		return CLI_EXIT_SOFTWARE;
	}
	if (gfx_live_error(screen.ctx)) {
		fprintf(stderr, "gossipsim: %s: %s\n", sc->path, gfx_live_error(screen.ctx));
		gfx_live_destroy(screen.ctx);
		return CLI_EXIT_DATA;
	}
	gfx_live_goto(screen.ctx, t);
	snprintf(title, sizeof(title), "gossipsim: %s", sc->title[0] ? sc->title : sc->path);
	rc = gfx_window_run(title, &screen, why, sizeof(why));
	if (rc != CLI_EXIT_OK)
		fprintf(stderr, "gossipsim: %s\n", why);
	gfx_live_destroy(screen.ctx);
	return rc;
}
