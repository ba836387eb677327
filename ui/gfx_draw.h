/* SPDX-License-Identifier: MIT */
/*
 * gfx_draw.h: what every SDL2 screen of gossipsim draws with. A struct gfx is one
 * renderer (a window's, or a software renderer into a surface for screenshots) with the
 * DejaVu fonts opened at sizes scaled to the output, and a cache of rendered strings.
 *
 * Sizes are designed for a 1920 x 1080 projector and scaled by gfx_px() to the output,
 * so a 1280 x 720 window shows the same picture, smaller. Nothing here reads a clock: the
 * same calls on the same output size give the same pixels, which screenshots rely on.
 */
#ifndef UI_GFX_DRAW_H
#define UI_GFX_DRAW_H

#include <stddef.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "sim.h"

#define GFX_DESIGN_W 1920
#define GFX_DESIGN_H 1080
#define GFX_FONT_DIR_DEFAULT "/usr/share/fonts/truetype/dejavu"
#define GFX_TEXT_CACHE 512
#define GFX_FPS 60                      /* frames a second, paced by hand */

enum gfx_font {
	GFX_SMALL,                      /* axis labels, hints */
	GFX_BODY,                       /* facts, log lines, bullets on live slides */
	GFX_BOLD,                       /* box labels, numbers */
	GFX_BOLD_SMALL,                 /* box labels in small boxes */
	GFX_BOLD_TINY,                  /* long box labels in small boxes */
	GFX_LARGE,                      /* headings, bullets */
	GFX_HUGE,                       /* the clock, slide titles */
	GFX_MONO,                       /* the log's times */
	GFX_MONO_LARGE,                 /* text laid out in columns on slides */
	GFX_FONT__N
};

enum gfx_align { GFX_LEFT, GFX_CENTRE, GFX_RIGHT };

/* The palette: a dark background with colours that stay apart on a washed-out projector. */
extern const SDL_Color gfx_bg, gfx_panel, gfx_grid, gfx_text_fg, gfx_dim, gfx_accent,
	gfx_ink, gfx_clients, gfx_violet;

struct gfx_text_slot {
	char *text;                     /* owned; NULL for an empty slot */
	int font;
	Uint32 rgba;
	SDL_Texture *tex;
	int w, h;
};

struct gfx {
	SDL_Renderer *ren;
	SDL_Surface *surface;           /* what a software ren draws into, or NULL; not owned */
	SDL_Color color;                /* the draw colour set last */
	int w, h;                       /* the output in pixels */
	double scale;                   /* output / design size */
	TTF_Font *fonts[GFX_FONT__N];
	int font_px[GFX_FONT__N];
	struct gfx_text_slot cache[GFX_TEXT_CACHE];
};

/*
 * Opens the fonts for an output of w x h pixels drawn by ren (not owned). Returns 0, or
 * -1 with a message naming the missing font and the package that provides it.
 * $GOSSIPSIM_FONT_DIR replaces the Debian font folder.
 */
int gfx_init(struct gfx *g, SDL_Renderer *ren, int w, int h, char *err, size_t len);

/*
 * A new output size: fonts are reopened when the scale changed. Returns as gfx_init; after
 * a failure only gfx_fini() may follow.
 */
int gfx_resize(struct gfx *g, int w, int h, char *err, size_t len);
void gfx_fini(struct gfx *g);

/*
 * Tells g that its renderer is a software renderer drawing into s (screenshots and the
 * frame bench): opaque fills then go straight into s's pixels, the same pixels sooner.
 */
void gfx_draw_into(struct gfx *g, SDL_Surface *s);

/* A length of the 1920 x 1080 design in output pixels, at least 1 for a positive one. */
int gfx_px(const struct gfx *g, int design);

/* The fill and text colours of a health; text is dark on every health colour. */
SDL_Color gfx_health_color(enum sim_health health);
SDL_Color gfx_level_color(enum sim_level level);
SDL_Color gfx_mix(SDL_Color a, SDL_Color b, double t);   /* t = 0: a, t = 1: b */

void gfx_clear(struct gfx *g, SDL_Color c);
void gfx_fill(struct gfx *g, SDL_Rect r, SDL_Color c);

/* n rectangles of one colour, in order, in as few renderer calls as it takes. */
void gfx_fill_rects(struct gfx *g, const SDL_Rect *r, int n, SDL_Color c);
void gfx_fill_round(struct gfx *g, SDL_Rect r, int radius, SDL_Color c);
/* A rounded box: a border of thickness t in edge around a fill. */
void gfx_box(struct gfx *g, SDL_Rect r, int radius, int t, SDL_Color edge, SDL_Color fill);
/* A horizontal or vertical segment t pixels thick, centred on the line between the ends. */
void gfx_segment(struct gfx *g, int x1, int y1, int x2, int y2, int t, SDL_Color c);
/* The same, drawn as dashes of length dash with gaps as long: a link that carries no request. */
void gfx_dashed(struct gfx *g, int x1, int y1, int x2, int y2, int t, int dash, SDL_Color c);
void gfx_triangle(struct gfx *g, SDL_FPoint a, SDL_FPoint b, SDL_FPoint c, SDL_Color col);
void gfx_disc(struct gfx *g, float cx, float cy, float r, SDL_Color c);

int gfx_font_height(const struct gfx *g, enum gfx_font font);
int gfx_text_width(struct gfx *g, enum gfx_font font, const char *s);

/*
 * Draws s with its top at y: from x (GFX_LEFT), centred on x, or ending at x. Text wider
 * than maxw (when > 0) is cut at a character boundary and ends in "…". Returns the width
 * drawn.
 */
int gfx_text(struct gfx *g, enum gfx_font font, int x, int y, SDL_Color c, enum gfx_align align,
             int maxw, const char *s);

/*
 * A box label in w x h pixels: the largest face from first down to GFX_BOLD_TINY that
 * holds it on one line, or on two split at the space or underscore nearest its middle when
 * h has room for two; else the same with the short words diagrams use ("notif consumer",
 * tui_label.h); else the node's name (short: "gw_us") when it fits; else one line in
 * the smallest face, which gfx_text() ends with "…". The lines go into lines; returns how
 * many (1 or 2), the face in *font.
 */
int gfx_fit_label(struct gfx *g, const char *label, const char *name, int w, int h,
                  enum gfx_font first, enum gfx_font *font, char lines[2][64]);

/*
 * Word-wraps s into lines of at most w pixels from y, at most max_lines of them; with
 * draw 0 it only counts. Returns the lines used.
 */
int gfx_wrap(struct gfx *g, enum gfx_font font, int x, int y, int w, int max_lines, SDL_Color c,
             int draw, const char *s);

/*
 * What a window shows: each frame it is advanced by the wall time since the last one and
 * drawn on the whole output; keys go to key(), which returns 1 to close the window.
 */
struct gfx_screen {
	void *ctx;
	void (*advance)(void *ctx, double wall_seconds);
	void (*draw)(void *ctx, struct gfx *g);
	int (*key)(void *ctx, const SDL_KeyboardEvent *ev);
};

/*
 * Opens a resizable window titled title and runs screen at GFX_FPS frames a second until
 * its key() asks to quit or the window is closed. F11 (or f) toggles full screen. Returns
 * 0, or 70 with the reason in err when SDL2, the window or the fonts cannot start, or
 * when there is no display: neither DISPLAY nor WAYLAND_DISPLAY set and no driver chosen
 * in SDL_VIDEODRIVER, or SDL fell back to its dummy or off-screen driver.
 */
int gfx_window_run(const char *title, const struct gfx_screen *screen, char *err, size_t len);

/*
 * Draws one frame of screen off-screen (SDL's software renderer) and writes it as a w x h
 * PNG at path. Returns 0, 66 when the file cannot be written or 70, with the reason in err.
 */
int gfx_screen_png(const struct gfx_screen *screen, int w, int h, const char *path, char *err,
                   size_t len);

#endif
