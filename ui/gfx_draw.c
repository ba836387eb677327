/* SPDX-License-Identifier: MIT */
/*
 * gfx_draw.c: the drawing kit of the SDL2 window: the palette, fonts scaled to the output,
 * rounded boxes, thick orthogonal segments, triangles and discs (SDL_RenderGeometry, which
 * the software renderer of screenshots supports too), and text through SDL2_ttf.
 *
 * Text is rendered once per string, font and colour into a texture kept in a small
 * direct-mapped cache: a live view redraws the same labels sixty times a second, and
 * rendering glyphs is the dearest thing a frame does. A slot is simply replaced on a
 * collision, so the cache never grows; its contents never change what is drawn.
 */
#include "gfx_draw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_label.h"

const SDL_Color gfx_bg = {13, 17, 23, 255};
const SDL_Color gfx_panel = {24, 30, 40, 255};
const SDL_Color gfx_grid = {52, 62, 78, 255};
const SDL_Color gfx_text_fg = {232, 237, 243, 255};
const SDL_Color gfx_dim = {146, 158, 176, 255};
const SDL_Color gfx_accent = {92, 200, 255, 255};
const SDL_Color gfx_ink = {12, 16, 22, 255};
const SDL_Color gfx_clients = {70, 96, 140, 255};
const SDL_Color gfx_violet = {196, 140, 255, 255};

/* Design sizes in pixels at 1080 lines, and the files they come from. */
static const struct {
	int px;
	const char *file;
	const char *fallback;           /* when the file is missing: the regular face */
} font_specs[GFX_FONT__N] = {
	[GFX_SMALL] = {21, "DejaVuSans.ttf", NULL},
	[GFX_BODY] = {26, "DejaVuSans.ttf", NULL},
	[GFX_BOLD] = {28, "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"},
	[GFX_BOLD_SMALL] = {21, "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"},
	[GFX_BOLD_TINY] = {17, "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"},
	[GFX_LARGE] = {36, "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"},
	[GFX_HUGE] = {60, "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"},
	[GFX_MONO] = {24, "DejaVuSansMono.ttf", "DejaVuSans.ttf"},
	[GFX_MONO_LARGE] = {40, "DejaVuSansMono-Bold.ttf", "DejaVuSans.ttf"},
};

/* ---- colours ------------------------------------------------------------------------- */

SDL_Color gfx_health_color(enum sim_health health)
{
	static const SDL_Color colors[] = {
		[SIM_HEALTH_FINE] = {52, 199, 98, 255},
		[SIM_HEALTH_BUSY] = {245, 203, 52, 255},
		[SIM_HEALTH_SATURATED] = {250, 128, 36, 255},
		[SIM_HEALTH_DOWN] = {236, 68, 68, 255},
	};

	if ((unsigned)health > SIM_HEALTH_DOWN)
		return gfx_dim;
	return colors[health];
}

SDL_Color gfx_level_color(enum sim_level level)
{
	switch (level) {
	case SIM_WARNING:
		return gfx_health_color(SIM_HEALTH_BUSY);
	case SIM_ERROR:
		return gfx_health_color(SIM_HEALTH_SATURATED);
	case SIM_FATAL:
		return gfx_health_color(SIM_HEALTH_DOWN);
	default:
		return gfx_dim;
	}
}

SDL_Color gfx_mix(SDL_Color a, SDL_Color b, double t)
{
	SDL_Color c;

	t = t < 0 ? 0 : t > 1 ? 1 : t;
	c.r = (Uint8)lround(a.r + (b.r - a.r) * t);
	c.g = (Uint8)lround(a.g + (b.g - a.g) * t);
	c.b = (Uint8)lround(a.b + (b.b - a.b) * t);
	c.a = (Uint8)lround(a.a + (b.a - a.a) * t);
	return c;
}

/* ---- fonts and the text cache -------------------------------------------------------- */

static void cache_clear(struct gfx *g)
{
	for (int i = 0; i < GFX_TEXT_CACHE; i++) {
		struct gfx_text_slot *s = &g->cache[i];

		free(s->text);
		if (s->tex)
			SDL_DestroyTexture(s->tex);
		memset(s, 0, sizeof(*s));
	}
}

/*
 * Widths of strings by font. A frame measures every label against its room and every log
 * line word by word to wrap it, and SDL2_ttf shapes the text anew for each measure: that
 * was a third of a frame of the window. A width never changes for a font, so the last
 * ones are kept in a direct-mapped table, emptied whenever fonts close (a new font may
 * take an old one's address). Only the UI's thread draws.
 */
#define WIDTH_CACHE 2048

struct width_slot {
	TTF_Font *font;
	char *text;                     /* owned; NULL for an empty slot */
	int w;
};

static struct width_slot widths[WIDTH_CACHE];

static void widths_clear(void)
{
	for (int i = 0; i < WIDTH_CACHE; i++) {
		free(widths[i].text);
		widths[i].text = NULL;
		widths[i].font = NULL;
	}
}

static void fonts_close(struct gfx *g)
{
	widths_clear();
	for (int i = 0; i < GFX_FONT__N; i++) {
		if (g->fonts[i])
			TTF_CloseFont(g->fonts[i]);
		g->fonts[i] = NULL;
	}
}

static const char *font_dir(void)
{
	const char *dir = getenv("GOSSIPSIM_FONT_DIR");

	return dir && dir[0] ? dir : GFX_FONT_DIR_DEFAULT;
}

/* Opens one face at px; a face with a fallback quietly becomes the regular one. */
static TTF_Font *font_open(int i, int px, char *err, size_t len)
{
	char path[1024];
	TTF_Font *f;

	snprintf(path, sizeof(path), "%s/%s", font_dir(), font_specs[i].file);
	f = TTF_OpenFont(path, px);
	if (!f && font_specs[i].fallback) {
		snprintf(path, sizeof(path), "%s/%s", font_dir(), font_specs[i].fallback);
		f = TTF_OpenFont(path, px);
	}
	if (!f)
		snprintf(err, len, "cannot open the font %s: %s (install fonts-dejavu-core, or "
		         "set GOSSIPSIM_FONT_DIR to a folder holding DejaVu fonts)", path,
		         TTF_GetError());
	return f;
}

static int fonts_open(struct gfx *g, char *err, size_t len)
{
	for (int i = 0; i < GFX_FONT__N; i++) {
		int px = (int)lround(font_specs[i].px * g->scale);

		g->font_px[i] = px < 11 ? 11 : px;
		g->fonts[i] = font_open(i, g->font_px[i], err, len);
		if (!g->fonts[i]) {
			fonts_close(g);
			return -1;
		}
		TTF_SetFontHinting(g->fonts[i], TTF_HINTING_LIGHT);
	}
	return 0;
}

static double scale_of(int w, int h)
{
	double sw = (double)w / GFX_DESIGN_W, sh = (double)h / GFX_DESIGN_H;

	return sw < sh ? sw : sh;
}

int gfx_init(struct gfx *g, SDL_Renderer *ren, int w, int h, char *err, size_t len)
{
	memset(g, 0, sizeof(*g));
	g->ren = ren;
	/* SDL2_ttf counts its users: each gfx holds it from here to gfx_fini() */
	if (TTF_Init() != 0) {
		snprintf(err, len, "cannot start SDL2_ttf: %s", TTF_GetError());
		return -1;
	}
	g->w = w;
	g->h = h;
	g->scale = scale_of(w, h);
	SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);
	if (fonts_open(g, err, len) != 0) {
		TTF_Quit();
		return -1;
	}
	return 0;
}

int gfx_resize(struct gfx *g, int w, int h, char *err, size_t len)
{
	double scale = scale_of(w, h);

	g->w = w;
	g->h = h;
	if (fabs(scale - g->scale) < 1e-9 && g->fonts[0])
		return 0;
	g->scale = scale;
	cache_clear(g);
	fonts_close(g);
	return fonts_open(g, err, len);
}

void gfx_fini(struct gfx *g)
{
	cache_clear(g);
	fonts_close(g);
	TTF_Quit();
}

int gfx_px(const struct gfx *g, int design)
{
	int px = (int)lround(design * g->scale);

	return design > 0 && px < 1 ? 1 : px;
}

/* ---- shapes -------------------------------------------------------------------------- */

/*
 * An opaque colour is drawn without blending: blending a source of alpha 255 gives the
 * source, the same pixels, but SDL's software renderer then fills with plain stores
 * instead of blending pixel by pixel, which was most of a frame of the window.
 */
static void set_color(struct gfx *g, SDL_Color c)
{
	g->color = c;
	SDL_SetRenderDrawColor(g->ren, c.r, c.g, c.b, c.a);
	SDL_SetRenderDrawBlendMode(g->ren, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
}

void gfx_draw_into(struct gfx *g, SDL_Surface *s)
{
	g->surface = s;
}

/*
 * Opaque rectangles, the clear of the screen among them, straight into the pixels of the
 * surface a software renderer draws into. SDL fills with stores that bypass the caches:
 * right for one pass over memory nobody reads soon, wrong for a frame, whose background
 * and panels are written over by text and charts moments later and had to come back from
 * memory (bench/run.sh --frames: 3.3-5.2 ms a frame of the window before, 1.3-2.5 after).
 * Whatever the renderer has queued is drawn first, so the order of drawing holds, and the
 * pixel is the one SDL would write. Returns 0 where this does not apply (no surface, a
 * colour that blends, pixels not of 32 bits): SDL fills then.
 */
static int fill_direct(struct gfx *g, const SDL_Rect *rects, int n)
{
	SDL_Surface *s = g->surface;
	const SDL_Rect all = {0, 0, s ? s->w : 0, s ? s->h : 0};
	Uint32 px;

	if (!s || g->color.a != 255 || s->format->BytesPerPixel != 4 || SDL_MUSTLOCK(s))
		return 0;
	SDL_RenderFlush(g->ren);
	px = SDL_MapRGBA(s->format, g->color.r, g->color.g, g->color.b, g->color.a);
	for (int i = 0; i < n; i++) {
		SDL_Rect r;

		if (!SDL_IntersectRect(&rects[i], &all, &r))
			continue;
		for (int y = r.y; y < r.y + r.h; y++) {
			Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * s->pitch) + r.x;

			for (int x = 0; x < r.w; x++)
				row[x] = px;
		}
	}
	return 1;
}

void gfx_clear(struct gfx *g, SDL_Color c)
{
	const SDL_Rect all = {0, 0, g->w, g->h};

	set_color(g, c);
	if (!fill_direct(g, &all, 1))
		SDL_RenderClear(g->ren);
}

void gfx_fill(struct gfx *g, SDL_Rect r, SDL_Color c)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	set_color(g, c);
	if (!fill_direct(g, &r, 1))
		SDL_RenderFillRect(g->ren, &r);
}

/*
 * Rectangles of one colour, sent to the renderer in batches: a rounded box is dozens of
 * one-pixel rows, and one SDL call per row cost more than their pixels (a frame of the
 * live view drew some two thousand).
 */
#define RECTS_MAX 256

struct rects {
	SDL_Rect r[RECTS_MAX];
	int n;
};

static void rects_flush(struct gfx *g, struct rects *b)
{
	if (b->n > 0 && !fill_direct(g, b->r, b->n))
		SDL_RenderFillRects(g->ren, b->r, b->n);
	b->n = 0;
}

/* Adds r unless it is empty, as gfx_fill() skips it. */
static void rects_add(struct gfx *g, struct rects *b, SDL_Rect r)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	if (b->n == RECTS_MAX)
		rects_flush(g, b);
	b->r[b->n++] = r;
}

void gfx_fill_rects(struct gfx *g, const SDL_Rect *r, int n, SDL_Color c)
{
	struct rects b;

	b.n = 0;
	set_color(g, c);
	for (int i = 0; i < n; i++)
		rects_add(g, &b, r[i]);
	rects_flush(g, &b);
}

/* A quarter disc of radius r around (cx, cy) facing the corner given by sx, sy = +-1. */
static void corner(struct gfx *g, struct rects *b, int cx, int cy, int r, int sx, int sy)
{
	/* Row by row, so the edge is exact integers whichever renderer draws it. */
	for (int dy = 0; dy < r; dy++) {
		double fy = dy + 0.5;
		int dx = (int)floor(sqrt((double)r * r - fy * fy) + 0.5);
		SDL_Rect row = {sx < 0 ? cx - dx : cx, sy < 0 ? cy - dy - 1 : cy + dy, dx, 1};

		rects_add(g, b, row);
	}
}

void gfx_fill_round(struct gfx *g, SDL_Rect r, int radius, SDL_Color c)
{
	struct rects b;
	int rad = radius;

	if (r.w <= 0 || r.h <= 0)
		return;
	if (rad > r.w / 2)
		rad = r.w / 2;
	if (rad > r.h / 2)
		rad = r.h / 2;
	if (rad <= 0) {
		gfx_fill(g, r, c);
		return;
	}
	b.n = 0;
	set_color(g, c);
	rects_add(g, &b, (SDL_Rect){r.x + rad, r.y, r.w - 2 * rad, r.h});
	rects_add(g, &b, (SDL_Rect){r.x, r.y + rad, rad, r.h - 2 * rad});
	rects_add(g, &b, (SDL_Rect){r.x + r.w - rad, r.y + rad, rad, r.h - 2 * rad});
	corner(g, &b, r.x + rad, r.y + rad, rad, -1, -1);
	corner(g, &b, r.x + r.w - rad, r.y + rad, rad, 1, -1);
	corner(g, &b, r.x + rad, r.y + r.h - rad, rad, -1, 1);
	corner(g, &b, r.x + r.w - rad, r.y + r.h - rad, rad, 1, 1);
	rects_flush(g, &b);
}

void gfx_box(struct gfx *g, SDL_Rect r, int radius, int t, SDL_Color edge, SDL_Color fill)
{
	SDL_Rect in = {r.x + t, r.y + t, r.w - 2 * t, r.h - 2 * t};

	gfx_fill_round(g, r, radius, edge);
	gfx_fill_round(g, in, radius - t > 0 ? radius - t : 0, fill);
}

void gfx_segment(struct gfx *g, int x1, int y1, int x2, int y2, int t, SDL_Color c)
{
	int lo = t / 2;
	SDL_Rect r;

	if (y1 == y2) {
		r.x = x1 < x2 ? x1 : x2;
		r.w = abs(x2 - x1) + 1;
		r.y = y1 - lo;
		r.h = t;
	} else {
		r.y = y1 < y2 ? y1 : y2;
		r.h = abs(y2 - y1) + 1;
		r.x = x1 - lo;
		r.w = t;
	}
	/* a turn: widen the run so the corner is filled on the outside too */
	if (y1 == y2) {
		r.x -= lo;
		r.w += t - 1;
	} else {
		r.y -= lo;
		r.h += t - 1;
	}
	gfx_fill(g, r, c);
}

void gfx_dashed(struct gfx *g, int x1, int y1, int x2, int y2, int t, int dash, SDL_Color c)
{
	int len = abs(x2 - x1) + abs(y2 - y1), dx = (x2 > x1) - (x2 < x1);
	int dy = (y2 > y1) - (y2 < y1);

	if (dash < 1)
		dash = 1;
	for (int at = 0; at <= len; at += 2 * dash) {
		int end = at + dash - 1 < len ? at + dash - 1 : len;

		gfx_segment(g, x1 + dx * at, y1 + dy * at, x1 + dx * end, y1 + dy * end, t, c);
	}
}

void gfx_triangle(struct gfx *g, SDL_FPoint a, SDL_FPoint b, SDL_FPoint c, SDL_Color col)
{
	SDL_Vertex v[3] = {
		{a, col, {0, 0}}, {b, col, {0, 0}}, {c, col, {0, 0}},
	};

	/* geometry blends with the draw mode, which set_color() may have turned off */
	SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
	SDL_RenderGeometry(g->ren, NULL, v, 3, NULL, 0);
}

void gfx_disc(struct gfx *g, float cx, float cy, float r, SDL_Color c)
{
	enum { N = 16 };
	SDL_Vertex v[N + 1];
	int idx[N * 3];

	v[0] = (SDL_Vertex){{cx, cy}, c, {0, 0}};
	for (int i = 0; i < N; i++) {
		double a = 2 * M_PI * i / N;
		SDL_FPoint p = {cx + r * (float)cos(a), cy + r * (float)sin(a)};

		v[i + 1] = (SDL_Vertex){p, c, {0, 0}};
		idx[i * 3] = 0;
		idx[i * 3 + 1] = i + 1;
		idx[i * 3 + 2] = (i + 1) % N + 1;
	}
	SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
	SDL_RenderGeometry(g->ren, NULL, v, N + 1, idx, N * 3);
}

/* ---- text ---------------------------------------------------------------------------- */

int gfx_font_height(const struct gfx *g, enum gfx_font font)
{
	return TTF_FontHeight(g->fonts[font]);
}

static unsigned long hash_text(const char *s, int font, Uint32 rgba)
{
	unsigned long h = 5381u ^ (unsigned long)font * 31u ^ rgba;

	while (*s)
		h = h * 33u ^ (unsigned char)*s++;
	return h;
}

int gfx_text_width(struct gfx *g, enum gfx_font font, const char *s)
{
	TTF_Font *f = g->fonts[font];
	unsigned long hash;
	struct width_slot *slot;
	int w = 0, h = 0;

	if (!s[0])
		return 0;
	hash = hash_text(s, (int)font, 0) ^ (unsigned long)(uintptr_t)f;
	slot = &widths[hash % WIDTH_CACHE];
	if (slot->text && slot->font == f && strcmp(slot->text, s) == 0)
		return slot->w;
	if (TTF_SizeUTF8(f, s, &w, &h) != 0)
		return 0;
	free(slot->text);
	slot->text = strdup(s);
	slot->font = slot->text ? f : NULL;
	slot->w = w;
	return w;
}

/* The slot holding s rendered in font and colour, rendering it on a miss; NULL on failure. */
static struct gfx_text_slot *text_slot(struct gfx *g, enum gfx_font font, SDL_Color c,
                                       const char *s)
{
	Uint32 rgba = (Uint32)c.r << 24 | (Uint32)c.g << 16 | (Uint32)c.b << 8 | c.a;
	struct gfx_text_slot *slot = &g->cache[hash_text(s, font, rgba) % GFX_TEXT_CACHE];
	SDL_Surface *surf;

	if (slot->text && slot->font == (int)font && slot->rgba == rgba &&
	    strcmp(slot->text, s) == 0)
		return slot;
	free(slot->text);
	if (slot->tex)
		SDL_DestroyTexture(slot->tex);
	memset(slot, 0, sizeof(*slot));

	surf = TTF_RenderUTF8_Blended(g->fonts[font], s, c);
	if (!surf)
		return NULL;
	slot->tex = SDL_CreateTextureFromSurface(g->ren, surf);
	slot->w = surf->w;
	slot->h = surf->h;
	SDL_FreeSurface(surf);
	slot->text = strdup(s);
	if (!slot->tex || !slot->text) {
		if (slot->tex)
			SDL_DestroyTexture(slot->tex);
		free(slot->text);
		memset(slot, 0, sizeof(*slot));
		return NULL;
	}
	slot->font = (int)font;
	slot->rgba = rgba;
	SDL_SetTextureBlendMode(slot->tex, SDL_BLENDMODE_BLEND);
	return slot;
}

/* Length in bytes of the longest prefix of s that fits in maxw with "…" after it. */
static size_t fit_prefix(struct gfx *g, enum gfx_font font, const char *s, int maxw)
{
	char buf[1024];
	size_t best = 0, n = strlen(s);

	if (n > sizeof(buf) - 4)
		n = sizeof(buf) - 4;
	for (size_t i = 1; i <= n; i++) {
		if (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			continue;               /* inside a UTF-8 sequence */
		memcpy(buf, s, i);
		memcpy(buf + i, "\xe2\x80\xa6", 4);
		if (gfx_text_width(g, font, buf) > maxw)
			break;
		best = i;
	}
	return best;
}

int gfx_text(struct gfx *g, enum gfx_font font, int x, int y, SDL_Color c, enum gfx_align align,
             int maxw, const char *s)
{
	char buf[1024];
	struct gfx_text_slot *slot;
	SDL_Rect dst;

	if (!s || !s[0])
		return 0;
	if (maxw > 0 && gfx_text_width(g, font, s) > maxw) {
		size_t n = fit_prefix(g, font, s, maxw);

		if (n == 0)
			return 0;
		snprintf(buf, sizeof(buf), "%.*s\xe2\x80\xa6", (int)n, s);
		s = buf;
	}
	slot = text_slot(g, font, c, s);
	if (!slot)
		return 0;
	dst = (SDL_Rect){x, y, slot->w, slot->h};
	if (align == GFX_CENTRE)
		dst.x = x - slot->w / 2;
	else if (align == GFX_RIGHT)
		dst.x = x - slot->w;
	SDL_RenderCopy(g->ren, slot->tex, NULL, &dst);
	return slot->w;
}

/* Bytes of s that go on one line of w pixels: whole words, or a cut word when one is wider. */
static size_t line_length(struct gfx *g, enum gfx_font font, const char *s, int w)
{
	char buf[1024];
	size_t fit = 0, end = 0;

	while (s[end]) {
		size_t next = end;

		while (s[next] == ' ')
			next++;
		while (s[next] && s[next] != ' ')
			next++;
		if (next >= sizeof(buf))
			break;
		memcpy(buf, s, next);
		buf[next] = '\0';
		if (gfx_text_width(g, font, buf) > w)
			break;
		fit = end = next;
	}
	if (fit == 0)
		fit = fit_prefix(g, font, s, w);
	return fit ? fit : strlen(s);
}

/*
 * label split in two at the space or underscore nearest its middle (the underscore stays
 * on the first line, so "payments_" "db" still reads as one name); 0 when it has none.
 */
static int split_label(const char *label, char lines[2][64])
{
	int len = (int)strlen(label), best = -1;

	for (int i = 1; i < len - 1; i++)
		if ((label[i] == ' ' || label[i] == '_') &&
		    (best < 0 || abs(len - 2 * i) < abs(len - 2 * best)))
			best = i;
	if (best < 0)
		return 0;
	snprintf(lines[0], 64, "%.*s", label[best] == '_' ? best + 1 : best, label);
	snprintf(lines[1], 64, "%s", label + best + 1);
	return 1;
}

/*
 * Whether text fits in w x h pixels in one of the faces from faces[i] on, on one line or
 * split in two: sets lines and *font, returns the lines (0: it does not fit).
 */
static int fit_in_faces(struct gfx *g, const char *text, int w, int h, size_t i,
                        enum gfx_font *font, char lines[2][64])
{
	static const enum gfx_font faces[] = { GFX_BOLD, GFX_BOLD_SMALL, GFX_BOLD_TINY };
	char two[2][64];
	int can_split = split_label(text, two);

	for (; i < sizeof(faces) / sizeof(faces[0]); i++) {
		enum gfx_font f = faces[i];

		*font = f;
		if (gfx_text_width(g, f, text) <= w) {
			snprintf(lines[0], 64, "%s", text);
			lines[1][0] = '\0';
			return 1;
		}
		if (can_split && 2 * gfx_font_height(g, f) <= h &&
		    gfx_text_width(g, f, two[0]) <= w && gfx_text_width(g, f, two[1]) <= w) {
			memcpy(lines, two, sizeof(two));
			return 2;
		}
	}
	return 0;
}

int gfx_fit_label(struct gfx *g, const char *label, const char *name, int w, int h,
                  enum gfx_font first, enum gfx_font *font, char lines[2][64])
{
	char words[64];
	size_t i = first == GFX_BOLD ? 0 : first == GFX_BOLD_SMALL ? 1 : 2;
	int n;

	if ((n = fit_in_faces(g, label, w, h, i, font, lines)) > 0)
		return n;
	/* the label in the short words diagrams use: "notification consumer", "notif cons" */
	if (tui_label_form(label, name, 1 << 10, 1, words, sizeof(words)) &&
	    (n = fit_in_faces(g, words, w, h, i, font, lines)) > 0)
		return n;
	snprintf(lines[0], 64, "%s", label);
	lines[1][0] = '\0';
	*font = GFX_BOLD_SMALL;
	if (name && *name && gfx_text_width(g, *font, name) <= w) {
		snprintf(lines[0], 64, "%s", name);
		return 1;
	}
	*font = GFX_BOLD_TINY;
	if (name && *name && gfx_text_width(g, *font, name) <= w)
		snprintf(lines[0], 64, "%s", name);
	return 1;
}

int gfx_wrap(struct gfx *g, enum gfx_font font, int x, int y, int w, int max_lines, SDL_Color c,
             int draw, const char *s)
{
	int lines = 0, lh = gfx_font_height(g, font);
	char buf[1024];

	while (*s && lines < max_lines) {
		size_t n = line_length(g, font, s, w);

		if (draw) {
			snprintf(buf, sizeof(buf), "%.*s", (int)n, s);
			gfx_text(g, font, x, y + lines * lh, c, GFX_LEFT, w, buf);
		}
		lines++;
		s += n;
		while (*s == ' ')
			s++;
	}
	return lines;
}
