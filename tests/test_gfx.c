/* SPDX-License-Identifier: MIT */
/*
 * test_gfx.c: the SDL2 window without a display, under SDL's dummy video driver.
 *
 * The PNG writer is checked against known checksums and by decoding what it wrote with a
 * small inflate of our own (fixed Huffman codes, as the encoder writes) and undoing the
 * row filters: every pixel must come back. Screenshots of scenarios/2007_oom.yaml have the
 * promised size and are byte-identical from one run to the next. The frame is drawn where
 * layout.c put each box, in the health colour an independent run of the engine reports
 * for that node at that time, a box no request reaches grey with no line; --at maps times
 * of day through the clock start; the live view's keys move the clock, the speed and the
 * variants, and a slide of the talk opens it where and as fast as the slide says; a window
 * closes on q; the p99 chart leaves a gap for a second without an answer and its header
 * holds the last value.
 *
 * Built only with SDL2; without it the file is one skipped test.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#ifdef GOSSIPSIM_HAVE_SDL

#define SDL_MAIN_HANDLED
#include <SDL.h>
#include <unistd.h>

#include "cfg.h"
#include "cli.h"
#include "gfx.h"
#include "gfx_draw.h"
#include "gfx_live.h"
#include "layout.h"
#include "second_at.h"
#include "sim.h"
#include "tui_label.h"

#define SCENARIO TEST_DATADIR "/scenarios/2007_oom.yaml"
#define CLOCK(h, m, s) (((sim_time)(h) * 3600 + (m) * 60 + (s)) * SIM_SEC)

static struct cfg_scenario oom;

static int setup(void **state)
{
	struct cfg_errors errs;

	(void)state;
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	cfg_errors_init(&errs);
	if (cfg_scenario_load(SCENARIO, NULL, 0, &oom, &errs) != CFG_OK) {
		print_error("cannot load %s: %s\n", SCENARIO, errs.n ? errs.msgs[0] : "?");
		cfg_errors_fini(&errs);
		return -1;
	}
	cfg_errors_fini(&errs);
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		print_error("SDL_Init: %s\n", SDL_GetError());
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cfg_scenario_fini(&oom);
	SDL_Quit();
	return 0;
}

/* ---- a reader of what the PNG writer writes -------------------------------------------- */

struct bits {
	const uint8_t *p;
	size_t n, pos;                  /* in bits */
};

static unsigned get_bits(struct bits *b, int n)
{
	unsigned v = 0;

	for (int i = 0; i < n; i++, b->pos++) {
		assert_true(b->pos / 8 < b->n);
		v |= (unsigned)((b->p[b->pos / 8] >> (b->pos % 8)) & 1) << i;
	}
	return v;
}

/* Huffman codes come most significant bit first. */
static unsigned get_code(struct bits *b, int n)
{
	unsigned v = 0;

	for (int i = 0; i < n; i++)
		v = v << 1 | get_bits(b, 1);
	return v;
}

/* One symbol of the fixed literal/length code (RFC 1951, 3.2.6). */
static int fixed_symbol(struct bits *b)
{
	unsigned c = get_code(b, 7);

	if (c <= 0x17)
		return 256 + (int)c;
	c = c << 1 | get_bits(b, 1);
	if (c >= 0x30 && c <= 0xBF)
		return (int)c - 0x30;
	if (c >= 0xC0 && c <= 0xC7)
		return 280 + (int)c - 0xC0;
	c = c << 1 | get_bits(b, 1);
	assert_in_range(c, 0x190, 0x1FF);
	return 144 + (int)c - 0x190;
}

static const int len_base[] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35,
	43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const int len_extra[] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
	4, 4, 4, 4, 5, 5, 5, 5, 0};
static const int dist_base[] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const int dist_extra[] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8,
	9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/* Inflates a zlib stream of one final fixed-code block into out (exactly n bytes). */
static void inflate_fixed(const uint8_t *z, size_t zn, uint8_t *out, size_t n)
{
	struct bits b = {z + 2, (zn - 6) * 8, 0};
	size_t o = 0;

	assert_int_equal((z[0] << 8 | z[1]) % 31, 0);
	assert_int_equal(z[0] & 0x0F, 8);               /* deflate */
	assert_int_equal(get_bits(&b, 1), 1);           /* the last block */
	assert_int_equal(get_bits(&b, 2), 1);           /* fixed codes */
	for (;;) {
		int sym = fixed_symbol(&b);

		if (sym == 256)
			break;
		if (sym < 256) {
			assert_true(o < n);
			out[o++] = (uint8_t)sym;
			continue;
		}
		sym -= 257;
		int len = len_base[sym] + (int)get_bits(&b, len_extra[sym]);
		int d = (int)get_code(&b, 5);
		int dist = dist_base[d] + (int)get_bits(&b, dist_extra[d]);

		assert_true((size_t)dist <= o && o + (size_t)len <= n);
		for (int i = 0; i < len; i++, o++)
			out[o] = out[o - (size_t)dist];
	}
	assert_int_equal(o, n);
	uint32_t adler = (uint32_t)z[zn - 4] << 24 | (uint32_t)z[zn - 3] << 16 |
	                 (uint32_t)z[zn - 2] << 8 | z[zn - 1];
	assert_int_equal(adler, gfx_adler32(1, out, n));
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Undoes the row filters of raw (w * 3 + 1 bytes a row) into rgb. */
static void unfilter(const uint8_t *raw, int w, int h, uint8_t *rgb)
{
	size_t rn = (size_t)w * 3;

	for (int y = 0; y < h; y++) {
		const uint8_t *src = raw + (size_t)y * (rn + 1);
		uint8_t *row = rgb + (size_t)y * rn, *up = y ? row - rn : NULL;

		assert_true(src[0] <= 4);
		for (size_t i = 0; i < rn; i++) {
			int a = i >= 3 ? row[i - 3] : 0, b = up ? up[i] : 0;
			int c = i >= 3 && up ? up[i - 3] : 0;
			int pred = src[0] == 1 ? a : src[0] == 2 ? b : src[0] == 3 ? (a + b) / 2 :
			           src[0] == 4 ? paeth(a, b, c) : 0;

			row[i] = (uint8_t)(src[1 + i] + pred);
		}
	}
}

/* Checks the chunks and their CRCs, and returns the decoded pixels (freed by the caller). */
static uint8_t *png_decode(const uint8_t *png, size_t n, int *w, int *h)
{
	static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	uint8_t *idat = NULL, *raw, *rgb;
	size_t idat_n = 0, pos = 8;

	assert_memory_equal(png, sig, 8);
	assert_memory_equal(png + 12, "IHDR", 4);
	*w = (int)be32(png + 16);
	*h = (int)be32(png + 20);
	assert_memory_equal(png + 24, ((uint8_t[]){8, 2, 0, 0, 0}), 5);
	while (pos < n) {
		uint32_t len = be32(png + pos);

		assert_true(pos + 12 + len <= n);
		assert_int_equal(be32(png + pos + 8 + len), gfx_crc32(0, png + pos + 4, len + 4));
		if (memcmp(png + pos + 4, "IDAT", 4) == 0) {
			idat = realloc(idat, idat_n + len);
			memcpy(idat + idat_n, png + pos + 8, len);
			idat_n += len;
		}
		pos += 12 + len;
	}
	assert_int_equal(pos, n);
	assert_memory_equal(png + n - 8, "IEND", 4);
	raw = malloc(((size_t)*w * 3 + 1) * (size_t)*h);
	rgb = malloc((size_t)*w * 3 * (size_t)*h);
	inflate_fixed(idat, idat_n, raw, ((size_t)*w * 3 + 1) * (size_t)*h);
	unfilter(raw, *w, *h, rgb);
	free(idat);
	free(raw);
	return rgb;
}

static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long len;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)len);
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return p;
}

/* ---- the PNG writer ---------------------------------------------------------------- */

static void test_gfx_checksums(void **state)
{
	(void)state;
	assert_int_equal(gfx_crc32(0, (const uint8_t *)"123456789", 9), 0xCBF43926u);
	assert_int_equal(gfx_crc32(0, NULL, 0), 0);
	assert_int_equal(gfx_adler32(1, (const uint8_t *)"Wikipedia", 9), 0x11E60398u);
	assert_int_equal(gfx_adler32(1, NULL, 0), 1);
}

/* Flat areas, gradients, noise and repeats: every filter and every kind of match. */
static void test_gfx_png_roundtrip(void **state)
{
	int w = 301, h = 97, dw, dh;
	size_t stride = (size_t)w * 3 + 5, n;
	uint8_t *rgb = calloc(stride, (size_t)h), *png, *back;
	uint32_t seed = 12345;

	(void)state;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint8_t *p = rgb + (size_t)y * stride + (size_t)x * 3;

			seed = seed * 1103515245u + 12345u;
			p[0] = (uint8_t)(x < 100 ? 13 : x < 200 ? x + y : (int)(seed >> 24));
			p[1] = (uint8_t)(x < 100 ? 17 : x < 200 ? x * 2 :
			                 (int)(seed >> 16) & 0xF0);
			p[2] = (uint8_t)(y % 10 < 5 ? 23 : x);
		}
	assert_int_equal(gfx_png_encode(rgb, w, h, stride, &png, &n), 0);
	back = png_decode(png, n, &dw, &dh);
	assert_int_equal(dw, w);
	assert_int_equal(dh, h);
	for (int y = 0; y < h; y++)
		assert_memory_equal(back + (size_t)y * (size_t)w * 3, rgb + (size_t)y * stride,
		                    (size_t)w * 3);
	free(back);
	free(png);
	free(rgb);
}

static void test_gfx_png_write_replaces(void **state)
{
	char path[] = "/tmp/test_gfx_XXXXXX.png", err[256];
	uint8_t px[3 * 4] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 1, 2, 3};
	int fd = mkstemps(path, 4), w, h;
	uint8_t *png, *back;
	size_t n;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(gfx_png_write(path, px, 2, 2, 6, err, sizeof(err)), 0);
	png = slurp(path, &n);
	back = png_decode(png, n, &w, &h);
	assert_memory_equal(back, px, sizeof(px));
	free(back);
	free(png);
	remove(path);

	assert_int_equal(gfx_png_write("/nonexistent-dir/x.png", px, 2, 2, 6, err,
	                               sizeof(err)), -1);
	assert_string_equal(err, "cannot write '/nonexistent-dir/x.png': no such file or "
	                    "directory");
}

/* ---- screenshots ------------------------------------------------------------------- */

static void test_gfx_screenshot_size_and_repeat(void **state)
{
	char a[] = "/tmp/test_gfx_aXXXXXX.png", b[] = "/tmp/test_gfx_bXXXXXX.png", err[512];
	sim_time t = CLOCK(2, 47, 9) - oom.variants[0].cfg.clock_start;
	uint8_t *pa, *pb, *px;
	size_t na, nb;
	int w, h;

	(void)state;
	close(mkstemps(a, 4));
	close(mkstemps(b, 4));
	assert_int_equal(gfx_screenshot(&oom, 0, oom.seed, t, GFX_SHOT_W, GFX_SHOT_H, a, err,
	                                sizeof(err)), CLI_EXIT_OK);
	assert_int_equal(gfx_screenshot(&oom, 0, oom.seed, t, GFX_SHOT_W, GFX_SHOT_H, b, err,
	                                sizeof(err)), CLI_EXIT_OK);
	pa = slurp(a, &na);
	pb = slurp(b, &nb);
	assert_int_equal(na, nb);
	assert_memory_equal(pa, pb, na);

	px = png_decode(pa, na, &w, &h);
	assert_int_equal(w, 1920);
	assert_int_equal(h, 1080);
	assert_true(w >= 1280 && h >= 720);
	/* the top left corner is the dark background */
	assert_memory_equal(px, ((uint8_t[]){gfx_bg.r, gfx_bg.g, gfx_bg.b}), 3);
	free(px);
	free(pa);
	free(pb);
	remove(a);
	remove(b);
}

/* ---- the frame against the layout and the engine ---------------------------------- */

struct frame {
	SDL_Surface *surf;
	SDL_Renderer *ren;
	struct gfx g;
};

/* A frame of live into a new surface; direct: opaque fills go straight into its pixels. */
static void frame_draw_as(struct frame *f, struct gfx_live *live, int w, int h, int direct)
{
	char err[512];

	f->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
	assert_non_null(f->surf);
	f->ren = SDL_CreateSoftwareRenderer(f->surf);
	assert_non_null(f->ren);
	assert_int_equal(gfx_init(&f->g, f->ren, w, h, err, sizeof(err)), 0);
	if (direct)
		gfx_draw_into(&f->g, f->surf);
	gfx_clear(&f->g, gfx_bg);
	gfx_live_draw(live, &f->g, (SDL_Rect){20, 10, w - 40, h - 20});
	SDL_RenderPresent(f->ren);
}

static void frame_draw(struct frame *f, struct gfx_live *live, int w, int h)
{
	frame_draw_as(f, live, w, h, 1);
}

static void frame_free(struct frame *f)
{
	gfx_fini(&f->g);
	SDL_DestroyRenderer(f->ren);
	SDL_FreeSurface(f->surf);
}

static SDL_Color pixel(const SDL_Surface *s, int x, int y)
{
	Uint32 v = ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch))[x];
	SDL_Color c = {0, 0, 0, 255};

	SDL_GetRGB(v, s->format, &c.r, &c.g, &c.b);
	return c;
}

static void assert_color(SDL_Color got, SDL_Color want, const char *what, int x, int y)
{
	if (got.r != want.r || got.g != want.g || got.b != want.b)
		fail_msg("%s at %d,%d: got %d,%d,%d, expected %d,%d,%d", what, x, y, got.r, got.g,
		         got.b, want.r, want.g, want.b);
}

/*
 * Every node's box at time t: where a fresh layout of the drawn area puts it, filled
 * (at its left and right inner margins, halfway down, clear of the centred text) with the
 * health colour the engine reports when run to t on its own. Returns a bit per health seen.
 */
static unsigned check_boxes(int variant, sim_time t, int w, int h)
{
	const struct sim_config *cfg = &oom.variants[variant].cfg;
	struct gfx_live *live = gfx_live_create(&oom, variant, oom.seed, 0);
	char err[256];
	struct sim *sim = sim_create(cfg, oom.seed, err, sizeof(err));
	struct sim_snapshot snap;
	struct layout drawn, mine;
	struct frame f;
	SDL_Rect area;
	unsigned seen = 0;

	assert_non_null(live);
	assert_non_null(sim);
	gfx_live_play_to(live, t, GFX_FPS);
	sim_run_until(sim, t);
	sim_snapshot(sim, &snap);
	frame_draw(&f, live, w, h);

	assert_int_equal(gfx_live_topology(live, 0, &area, &drawn), 0);
	assert_int_equal(layout_compute(cfg, area.w, area.h, &mine), 0);
	assert_int_equal(drawn.n_boxes, cfg->n_nodes + 1);
	assert_int_equal(mine.n_boxes, drawn.n_boxes);
	for (int i = 0; i < mine.n_boxes; i++) {
		const struct layout_box *b = &mine.boxes[i];
		int x1 = area.x + b->x + gfx_px(&f.g, 8), x2 = area.x + b->x + b->w - 1 -
		         gfx_px(&f.g, 8), y = area.y + b->y + b->h / 2;
		SDL_Color want = b->node < 0 ? gfx_clients :
		                 gfx_health_color(snap.nodes[b->node].health);

		assert_int_equal(b->x, drawn.boxes[i].x);
		assert_int_equal(b->y, drawn.boxes[i].y);
		assert_int_equal(b->w, drawn.boxes[i].w);
		assert_int_equal(b->h, drawn.boxes[i].h);
		assert_true(area.x + b->x + b->w <= w && area.y + b->y + b->h <= h);
		assert_color(pixel(f.surf, x1, y), want, b->label, x1, y);
		assert_color(pixel(f.surf, x2, y), want, b->label, x2, y);
		if (b->node >= 0) {
			assert_int_equal(gfx_live_health(live, 0, b->node),
			                 snap.nodes[b->node].health);
			seen |= 1u << snap.nodes[b->node].health;
		}
	}
	frame_free(&f);
	sim_destroy(sim);
	gfx_live_destroy(live);
	return seen;
}

static void test_gfx_boxes_where_layout_put_them(void **state)
{
	sim_time start = oom.variants[0].cfg.clock_start;

	(void)state;
	/* quiet, then the app killed by the OOM killer while nginx idles */
	assert_int_equal(check_boxes(0, 30 * SIM_SEC, 1920, 1080) &
	                 (1u << SIM_HEALTH_SATURATED | 1u << SIM_HEALTH_DOWN), 0);
	assert_int_equal(check_boxes(0, CLOCK(2, 47, 30) - start, 1920, 1080) &
	                 (1u << SIM_HEALTH_DOWN | 1u << SIM_HEALTH_FINE),
	                 1u << SIM_HEALTH_DOWN | 1u << SIM_HEALTH_FINE);
	/* the crush before it, and a smaller window */
	assert_true(check_boxes(0, CLOCK(2, 47, 0) - start, 1280, 720) &
	            (1u << SIM_HEALTH_SATURATED));
	check_boxes(1, CLOCK(2, 47, 30) - start, 1280, 720);
}

/*
 * As in the terminal, a box no request reaches is grey with no line in or out: 2009's
 * CDN in the pain, whose photos come from the app (its box filled with the grid's grey
 * where a used box has its health colour), and in the fix, which serves them, the CDN
 * in its health colour with lines to the clients and the app.
 */
static void test_gfx_unused_box_grey(void **state)
{
	struct cfg_scenario cdn;
	struct cfg_errors errs;
	int v;

	(void)state;
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(TEST_DATADIR "/scenarios/2009_cdn.yaml", NULL, 0,
	                                   &cdn, &errs), CFG_OK);
	cfg_errors_fini(&errs);
	for (v = 0; v < 2; v++) {
		struct gfx_live *live = gfx_live_create(&cdn, v, cdn.seed, 0);
		struct layout drawn;
		struct frame f;
		SDL_Rect area;
		int b, i, lines = 0, x, y;

		assert_non_null(live);
		gfx_live_play_to(live, 3 * SIM_SEC, GFX_FPS);
		frame_draw(&f, live, 1280, 720);
		assert_int_equal(gfx_live_topology(live, 0, &area, &drawn), 0);
		for (b = 0; b < drawn.n_boxes && strcmp(drawn.boxes[b].label, "CDN") != 0; b++)
			;
		assert_true(b < drawn.n_boxes);
		assert_int_equal(drawn.boxes[b].unused, v == 0);
		for (i = 0; i < drawn.n_edges; i++)
			lines += drawn.edges[i].from == b || drawn.edges[i].to == b;
		assert_int_equal(lines, v == 0 ? 0 : 2);
		x = area.x + drawn.boxes[b].x + gfx_px(&f.g, 8);
		y = area.y + drawn.boxes[b].y + drawn.boxes[b].h / 2;
		assert_color(pixel(f.surf, x, y), v == 0 ? gfx_grid :
		             gfx_health_color(gfx_live_health(live, 0, drawn.boxes[b].node)),
		             "CDN", x, y);
		frame_free(&f);
		gfx_live_destroy(live);
	}
	cfg_scenario_fini(&cdn);
}

/* ---- --at and the keys --------------------------------------------------------------- */

static void test_gfx_at_time(void **state)
{
	struct cli_options opt = {0};
	struct cfg_scenario late = oom;
	char why[256];
	sim_time t = -1;

	(void)state;
	opt.has_at = 1;
	opt.at_is_clock = 1;
	opt.at = CLOCK(2, 47, 9);
	assert_int_equal(gfx_at_time(&oom, 0, &opt, &t, why, sizeof(why)), 0);
	assert_int_equal(t, 429 * SIM_SEC);

	opt.at_is_clock = 0;
	opt.at = 90 * SIM_SEC;
	assert_int_equal(gfx_at_time(&oom, 0, &opt, &t, why, sizeof(why)), 0);
	assert_int_equal(t, 90 * SIM_SEC);
	opt.at = 721 * SIM_SEC;
	assert_int_equal(gfx_at_time(&oom, 0, &opt, &t, why, sizeof(why)), -1);
	assert_string_equal(why, "--at lies past the end of " SCENARIO ", which runs from "
	                    "02:40:00 to 02:52:00 (720s)");
	opt.has_until = 1;
	opt.until = 60 * SIM_SEC;
	opt.at = 61 * SIM_SEC;
	assert_int_equal(gfx_at_time(&oom, 0, &opt, &t, why, sizeof(why)), -1);
	opt.has_until = 0;

	/* a run that starts before midnight: 00:05 is the next morning */
	late.n_variants = 1;
	late.variants = calloc(1, sizeof(*late.variants));
	late.variants[0] = oom.variants[0];
	late.variants[0].cfg.clock_start = CLOCK(23, 58, 0);
	opt.at_is_clock = 1;
	opt.at = CLOCK(0, 5, 0);
	assert_int_equal(gfx_at_time(&late, 0, &opt, &t, why, sizeof(why)), 0);
	assert_int_equal(t, 7 * 60 * SIM_SEC);
	opt.at = CLOCK(23, 57, 0);
	assert_int_equal(gfx_at_time(&late, 0, &opt, &t, why, sizeof(why)), -1);
	assert_string_equal(why, "--at lies before the start (23:58:00) of " SCENARIO);
	free(late.variants);

	/* a minute before the start is before it, not 23 hours past the end */
	opt.at = CLOCK(2, 39, 0);
	assert_int_equal(gfx_at_time(&oom, 0, &opt, &t, why, sizeof(why)), -1);
	assert_string_equal(why, "--at lies before the start (02:40:00) of " SCENARIO);
	opt.at = CLOCK(3, 0, 0);
	assert_int_equal(gfx_at_time(&oom, 0, &opt, &t, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "past the end"));
	opt.at = CLOCK(2, 40, 0);
	assert_int_equal(gfx_at_time(&oom, 0, &opt, &t, why, sizeof(why)), 0);
	assert_int_equal(t, 0);
}

/* --gui, --screenshot and --at as the command line reads them. */
static void test_gfx_cli_options(void **state)
{
	static const struct {
		const char *at;
		int ok, clock;
		sim_time t;
	} cases[] = {
		{"02:47:09", 1, 1, CLOCK(2, 47, 9)}, {"2:47", 1, 1, CLOCK(2, 47, 0)},
		{"0:00:00", 1, 1, 0}, {"23:59:59", 1, 1, CLOCK(23, 59, 59)},
		{"429s", 1, 0, 429 * SIM_SEC}, {"7m", 1, 0, 420 * SIM_SEC},
		{"24:00", 0, 0, 0}, {"2:60", 0, 0, 0}, {"1:2:3:4", 0, 0, 0}, {":30", 0, 0, 0},
		{"2:", 0, 0, 0}, {"2::3", 0, 0, 0}, {"123:00", 0, 0, 0}, {"-5s", 0, 0, 0},
	};
	struct cli_options opt;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[] = {"gossipsim", "--gui", "--at", (char *)cases[i].at, "f.yaml", NULL};
		int rc = cli_parse(5, argv, &opt, err, sizeof(err));

		if (rc != (cases[i].ok ? CLI_EXIT_OK : CLI_EXIT_USAGE))
			fail_msg("--at %s: %d (%s)", cases[i].at, rc, err);
		if (cases[i].ok) {
			assert_true(opt.gui && opt.has_at);
			assert_int_equal(opt.at_is_clock, cases[i].clock);
			assert_int_equal(opt.at, cases[i].t);
		}
		cli_options_fini(&opt);
	}

	char *shot[] = {"gossipsim", "--screenshot", "x.png", "f.yaml", NULL};
	assert_int_equal(cli_parse(4, shot, &opt, err, sizeof(err)), CLI_EXIT_OK);
	assert_true(opt.gui);
	assert_string_equal(opt.screenshot, "x.png");
	cli_options_fini(&opt);

	char *jpg[] = {"gossipsim", "--screenshot", "x.jpg", "f.yaml", NULL};
	assert_int_equal(cli_parse(4, jpg, &opt, err, sizeof(err)), CLI_EXIT_USAGE);
	assert_string_equal(err, "option '--screenshot' expects a file name ending in .png, "
	                    "got 'x.jpg'");
	cli_options_fini(&opt);

	char *deck[] = {"gossipsim", "--gui", NULL};
	assert_int_equal(cli_parse(2, deck, &opt, err, sizeof(err)), CLI_EXIT_OK);
	assert_int_equal(opt.command, CLI_PRESENT);
	assert_true(opt.gui);
	cli_options_fini(&opt);
}

static void test_gfx_live_keys(void **state)
{
	struct gfx_live *live = gfx_live_create(&oom, 0, oom.seed, 0);
	char clock[16];

	(void)state;
	assert_non_null(live);
	assert_null(gfx_live_error(live));
	assert_int_equal(gfx_live_now(live), 0);
	assert_true(gfx_live_speed(live) == GFX_LIVE_SPEED_DEFAULT);

	/* one wall second at x10 is ten simulated seconds, however it is cut in frames */
	for (int i = 0; i < 4; i++)
		gfx_live_advance(live, 0.25);
	assert_int_equal(gfx_live_now(live), 10 * SIM_SEC);
	gfx_live_clock(live, clock, sizeof(clock));
	assert_string_equal(clock, "02:40:10");

	assert_int_equal(gfx_live_key(live, SDLK_SPACE), 1);
	assert_true(gfx_live_paused(live));
	gfx_live_advance(live, 1);
	assert_int_equal(gfx_live_now(live), 10 * SIM_SEC);
	gfx_live_key(live, SDLK_SPACE);

	gfx_live_key(live, SDLK_EQUALS);
	assert_true(gfx_live_speed(live) == 20);
	gfx_live_key(live, SDLK_MINUS);
	gfx_live_key(live, SDLK_MINUS);
	assert_true(gfx_live_speed(live) == 5);

	gfx_live_key(live, SDLK_RIGHTBRACKET);
	assert_int_equal(gfx_live_now(live), 20 * SIM_SEC);
	gfx_live_key(live, SDLK_LEFTBRACKET);
	gfx_live_key(live, SDLK_LEFTBRACKET);
	gfx_live_key(live, SDLK_LEFTBRACKET);
	assert_int_equal(gfx_live_now(live), 0);

	gfx_live_goto(live, 300 * SIM_SEC);
	assert_int_equal(gfx_live_key(live, SDLK_TAB), 1);
	assert_int_equal(gfx_live_variant(live), 1);
	assert_int_equal(gfx_live_now(live), 300 * SIM_SEC);
	gfx_live_key(live, SDLK_TAB);
	assert_int_equal(gfx_live_variant(live), 0);

	/* v from the fix puts the pain on the left of it; v again leaves the fix alone */
	gfx_live_key(live, SDLK_TAB);
	assert_int_equal(gfx_live_key(live, SDLK_v), 1);
	assert_int_equal(gfx_live_variant(live), 0);
	gfx_live_key(live, SDLK_v);
	assert_int_equal(gfx_live_variant(live), 1);
	assert_int_equal(gfx_live_now(live), 300 * SIM_SEC);
	gfx_live_key(live, SDLK_TAB);

	gfx_live_key(live, SDLK_r);
	assert_int_equal(gfx_live_now(live), 0);
	gfx_live_goto(live, 100000 * SIM_SEC);
	assert_int_equal(gfx_live_now(live), gfx_live_end(live));
	assert_true(gfx_live_done(live));
	assert_int_equal(gfx_live_key(live, SDLK_k), 0);
	gfx_live_destroy(live);
}

/*
 * A slide of the talk opens the window's run where its story starts (from:), at its
 * speed (speed:); r goes back there, not to the run's first second.
 */
static void test_gfx_opens_at(void **state)
{
	struct gfx_live *live = gfx_live_create(&oom, 0, oom.seed, 0);

	(void)state;
	assert_non_null(live);
	gfx_live_open_at(live, 220 * SIM_SEC, 5);
	assert_int_equal(gfx_live_now(live), 220 * SIM_SEC);
	assert_true(gfx_live_speed(live) == 5);
	assert_false(gfx_live_paused(live));
	gfx_live_advance(live, 1.0);
	assert_int_equal(gfx_live_now(live), 225 * SIM_SEC);
	gfx_live_key(live, SDLK_r);
	assert_int_equal(gfx_live_now(live), 220 * SIM_SEC);
	gfx_live_key(live, SDLK_LEFTBRACKET);
	assert_int_equal(gfx_live_now(live), 210 * SIM_SEC);
	gfx_live_open_at(live, 100000 * SIM_SEC, 5000);
	assert_int_equal(gfx_live_now(live), gfx_live_end(live));
	assert_true(gfx_live_speed(live) == 1000);
	gfx_live_key(live, SDLK_r);
	assert_int_equal(gfx_live_now(live), gfx_live_end(live));
	gfx_live_destroy(live);
}

/* Seeking back replays from zero: the frame is the one a direct trip draws. */
static void test_gfx_seek_back_same_frame(void **state)
{
	struct gfx_live *a = gfx_live_create(&oom, 0, oom.seed, 0);
	struct gfx_live *b = gfx_live_create(&oom, 0, oom.seed, 0);
	struct frame fa, fb;

	(void)state;
	gfx_live_goto(a, 500 * SIM_SEC);
	gfx_live_goto(a, 200 * SIM_SEC);
	gfx_live_goto(b, 200 * SIM_SEC);
	frame_draw(&fa, a, 1280, 720);
	frame_draw(&fb, b, 1280, 720);
	for (int y = 0; y < 720; y++)
		assert_memory_equal((Uint8 *)fa.surf->pixels + (size_t)y * fa.surf->pitch,
		                    (Uint8 *)fb.surf->pixels + (size_t)y * fb.surf->pitch,
		                    1280 * 4);
	frame_free(&fa);
	frame_free(&fb);
	gfx_live_destroy(a);
	gfx_live_destroy(b);
}

/*
 * Opaque fills written straight into the surface (screenshots, the frame bench) give the
 * pixels SDL's own fills give, every one of them, on a frame with boxes of every health.
 */
static void test_gfx_direct_fills_same_pixels(void **state)
{
	struct gfx_live *live = gfx_live_create(&oom, 0, oom.seed, 0);
	struct frame sdl, direct;
	int differ = 0, panel = 0;

	(void)state;
	gfx_live_goto(live, CLOCK(2, 47, 12) - oom.variants[0].cfg.clock_start);
	frame_draw_as(&sdl, live, 1920, 1080, 0);
	frame_draw_as(&direct, live, 1920, 1080, 1);
	for (int y = 0; y < 1080; y++) {
		differ += memcmp((Uint8 *)sdl.surf->pixels + (size_t)y * sdl.surf->pitch,
		                 (Uint8 *)direct.surf->pixels + (size_t)y * direct.surf->pitch,
		                 1920 * 4) != 0;
		for (int x = 0; x < 1920; x += 8) {
			SDL_Color c = pixel(direct.surf, x, y);

			panel += c.r == gfx_panel.r && c.g == gfx_panel.g && c.b == gfx_panel.b;
		}
	}
	assert_int_equal(differ, 0);
	/* the panels, the largest fills of a frame, are there */
	assert_true(panel > 10000);
	frame_free(&sdl);
	frame_free(&direct);
	gfx_live_destroy(live);
}

/* ---- the deck ------------------------------------------------------------------------ */

/* A slide of the shipped deck as a PNG: the title, a diagram, an incident run to its end. */
static void test_gfx_deck_slides(void **state)
{
	char path[] = "/tmp/test_gfx_dXXXXXX.png", err[512];
	const int slides[] = {1, 5, 6};
	uint8_t *png, *px;
	size_t n;
	int w, h;

	(void)state;
	close(mkstemps(path, 4));
	for (size_t i = 0; i < sizeof(slides) / sizeof(slides[0]); i++) {
		assert_int_equal(gfx_deck_screenshot(slides[i], -1, 1280, 720, path, err,
		                                     sizeof(err)), CLI_EXIT_OK);
		png = slurp(path, &n);
		px = png_decode(png, n, &w, &h);
		assert_int_equal(w, 1280);
		assert_int_equal(h, 720);
		free(px);
		free(png);
	}
	remove(path);
	assert_int_equal(gfx_deck_screenshot(0, -1, 1280, 720, path, err, sizeof(err)),
	                 CLI_EXIT_USAGE);
	assert_memory_equal(err, "no slide 0 (the deck has ", 25);
	assert_int_equal(access(path, F_OK), -1);
}

/* ---- the window ---------------------------------------------------------------------- */

struct counted {
	int frames, keys;
	char seen[16];                  /* the keys the screen got, as characters */
};

static void count_advance(void *ctx, double wall)
{
	(void)ctx;
	assert_true(wall >= 0 && wall <= 0.25);
}

static void push_key(SDL_Keycode key)
{
	SDL_Event ev = {0};

	ev.type = SDL_KEYDOWN;
	ev.key.keysym.sym = key;
	SDL_PushEvent(&ev);
}

static void push_text(const char *text)
{
	SDL_Event ev = {0};

	ev.type = SDL_TEXTINPUT;
	snprintf(ev.text.text, sizeof(ev.text.text), "%s", text);
	SDL_PushEvent(&ev);
}

/* The third frame asks to quit, as a user pressing q would. */
static void count_draw(void *ctx, struct gfx *g)
{
	if (++((struct counted *)ctx)->frames == 3)
		push_key(SDLK_q);
	gfx_clear(g, gfx_bg);
	gfx_text(g, GFX_BODY, 10, 10, gfx_text_fg, GFX_LEFT, 0, "frame");
}

static int count_key(void *ctx, const SDL_KeyboardEvent *ev)
{
	struct counted *c = ctx;

	if (c->keys < (int)sizeof(c->seen) - 1 && ev->keysym.sym < 128)
		c->seen[c->keys] = (char)ev->keysym.sym;
	c->keys++;
	return ev->keysym.sym == SDLK_q;
}

/*
 * Keys queued before the window opens reach the screen before its first frame; then it
 * draws frames until a key asks to quit. F11 is the window's own and reaches no screen.
 * Punctuation counts as typed text ("[" may be AltGr+8), never as the key pressed.
 */
static void test_gfx_window_quits_on_q(void **state)
{
	struct counted c = {0};
	struct gfx_screen screen = {&c, count_advance, count_draw, count_key};
	char err[256];

	(void)state;
	push_key(SDLK_SPACE);
	push_key(SDLK_F11);
	push_key(SDLK_LEFTBRACKET);
	push_text("[+a");
	push_key(SDLK_TAB);
	assert_int_equal(gfx_window_run("test", &screen, err, sizeof(err)), 0);
	assert_int_equal(c.frames, 3);
	assert_string_equal(c.seen, " [+\tq");
	/* gfx_window_run() let go of SDL; the fixture still holds it */
	assert_int_not_equal(SDL_WasInit(SDL_INIT_VIDEO), 0);
}


/* ---- the charts and the labels --------------------------------------------------------- */

#define SAGA TEST_DATADIR "/scenarios/2017_saga.yaml"
#define PLATFORM TEST_DATADIR "/scenarios/2026_platform.yaml"

static void load(const char *path, struct cfg_scenario *sc)
{
	struct cfg_errors errs;

	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(path, NULL, 0, sc, &errs), CFG_OK);
	cfg_errors_fini(&errs);
}

/*
 * A chart's header says what its column at the cursor shows: the largest per-second
 * sample of the seconds that column spans, counted here by an independent run of the
 * engine. At 01:29:50 of the 847-ticket night the post service has been down for half an
 * hour and a second holds either no answer (0%) or failures (100%): the header follows
 * the column, not the last second alone.
 */
static void test_gfx_chart_header_at_cursor(void **state)
{
	static const int widths[] = { 10800, 1273, 700, 311 };
	struct cfg_scenario saga;
	const struct sim_config *cfg;
	struct gfx_live *live;
	struct sim *sim;
	double *err_at;
	char err[256];
	int n, k, end_s;

	(void)state;
	load(SAGA, &saga);
	cfg = &saga.variants[0].cfg;
	n = (int)((CLOCK(1, 29, 50) - cfg->clock_start) / SIM_SEC);
	end_s = (int)(cfg->duration / SIM_SEC);
	live = gfx_live_create(&saga, 0, saga.seed, 0);
	assert_non_null(live);
	assert_true(gfx_live_chart_now(live, 0, 2, 700) < 0);
	gfx_live_goto(live, (sim_time)n * SIM_SEC);

	sim = sim_create(cfg, saga.seed, err, sizeof(err));
	assert_non_null(sim);
	err_at = calloc((size_t)n + 1, sizeof(*err_at));
	for (k = 1; k <= n; k++) {
		struct sim_snapshot snap;

		sim_run_until(sim, (sim_time)k * SIM_SEC);
		sim_snapshot(sim, &snap);
		err_at[k] = (float)snap.error_rate;
	}
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		int w = widths[i], x, k0 = 0, k1 = 0;
		double want = -1;

		for (x = 0; x < w; x++) {
			k0 = 1 + (int)((long long)x * end_s / w);
			k1 = 1 + (int)((long long)(x + 1) * end_s / w);
			if (k0 <= n && n < (k1 > k0 ? k1 : k0 + 1))
				break;
		}
		for (k = k0; k < (k1 > k0 ? k1 : k0 + 1) && k <= n; k++)
			want = err_at[k] > want ? err_at[k] : want;
		assert_true(fabs(gfx_live_chart_now(live, 0, 2, w) - want) < 1e-6);
	}
	/* one column a second: the last second alone; a coarser plot: the column's top */
	assert_true(fabs(gfx_live_chart_now(live, 0, 2, end_s) - err_at[n]) < 1e-6);
	assert_true(gfx_live_chart_now(live, 0, 2, 311) >= err_at[n]);
	free(err_at);
	sim_destroy(sim);
	gfx_live_destroy(live);
	cfg_scenario_fini(&saga);
}

#define POST TEST_DATADIR "/scenarios/2011_post.yaml"

/* Whether second k (from 1) of variant 0 of sc answered anything, and its p99 in ms. */
static int answered_at(const struct cfg_scenario *sc, int k, double *p99)
{
	struct sim_snapshot snap;
	int any = second_at(sc, 0, k, &snap);

	*p99 = snap.p99_ms;
	return any;
}

/*
 * The p99 chart over sparse traffic (two posts a second): a second without an answer is
 * no latency of 0 ms. Its column is a gap (the chart reads -2 there, not 0), and the
 * header keeps the last second's latency, held in parentheses; after ten seconds of no
 * answer at all (the 2007 box after its OOM kill) it says "-".
 */
static void test_gfx_latency_gaps(void **state)
{
	struct cfg_scenario post;
	struct gfx_live *live;
	double before = 0, ms;
	char text[32], want[32];
	int k, end_s;

	(void)state;
	load(POST, &post);
	end_s = (int)(post.variants[0].cfg.duration / SIM_SEC);
	for (k = 40; k < 600 && !(answered_at(&post, k - 1, &before) &&
	                          !answered_at(&post, k, &ms)); k++)
		;
	assert_true(k < 600);
	live = gfx_live_create(&post, 0, post.seed, 0);
	assert_non_null(live);
	gfx_live_goto(live, (sim_time)k * SIM_SEC);
	assert_true(gfx_live_chart_now(live, 0, 1, end_s) == -2);
	gfx_live_chart_text(live, 0, 1, end_s, text, sizeof(text));
	snprintf(want, sizeof(want), "(%.1f s)", before / 1000);
	assert_string_equal(text, want);
	gfx_live_goto(live, (sim_time)(k - 1) * SIM_SEC);
	assert_true(fabs(gfx_live_chart_now(live, 0, 1, end_s) - before) < 0.01);
	gfx_live_destroy(live);
	cfg_scenario_fini(&post);

	live = gfx_live_create(&oom, 0, oom.seed, 0);
	assert_non_null(live);
	gfx_live_goto(live, 440 * SIM_SEC);
	end_s = (int)(oom.variants[0].cfg.duration / SIM_SEC);
	assert_true(gfx_live_chart_now(live, 0, 1, end_s) == -2);
	gfx_live_chart_text(live, 0, 1, end_s, text, sizeof(text));
	assert_string_equal(text, "-");
	gfx_live_destroy(live);
}

/*
 * Every box of the 2026 platform, the largest diagram, gets its whole label (in a smaller
 * face or on two lines), the label in its short words ("notif consumer") or its node's
 * name, never a cut one, at 1080p and at 720p.
 */
static void test_gfx_labels_whole(void **state)
{
	static const int sizes[][2] = { { 1920, 1080 }, { 1280, 720 } };
	struct cfg_scenario platform;

	(void)state;
	load(PLATFORM, &platform);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		const struct sim_config *cfg = &platform.variants[1].cfg;
		struct gfx_live *live = gfx_live_create(&platform, 1, platform.seed, 0);
		struct layout lay;
		struct frame f;
		SDL_Rect area;

		gfx_live_goto(live, 60 * SIM_SEC);
		frame_draw(&f, live, sizes[i][0], sizes[i][1]);
		assert_int_equal(gfx_live_topology(live, 0, &area, &lay), 0);
		for (int b = 0; b < lay.n_boxes; b++) {
			const struct layout_box *box = &lay.boxes[b];
			const char *name = box->node >= 0 ? cfg->nodes[box->node].name : NULL;
			int inner = box->w - 2 * gfx_px(&f.g, 10);
			char lines[2][64], joined[130];
			enum gfx_font font;
			int n = gfx_fit_label(&f.g, box->label, name, inner,
			                      box->h - 2 * gfx_px(&f.g, 3), GFX_BOLD_SMALL, &font,
			                      lines);

			for (int l = 0; l < n; l++)
				if (gfx_text_width(&f.g, font, lines[l]) > inner)
					fail_msg("'%s' does not fit its box at %dx%d", lines[l],
					         sizes[i][0], sizes[i][1]);
			snprintf(joined, sizeof(joined), "%s%s%s", lines[0],
			         n == 2 && lines[0][strlen(lines[0]) - 1] != '_' ? " " : "",
			         n == 2 ? lines[1] : "");
			char words[64];
			const char *sw = tui_label_form(box->label, name, 1 << 10, 1, words,
			                                sizeof(words));

			if (strcmp(joined, box->label) != 0 &&
			    (!name || strcmp(joined, name) != 0) &&
			    (!sw || strcmp(joined, sw) != 0))
				fail_msg("'%s' for '%s' at %dx%d", joined, box->label, sizes[i][0],
				         sizes[i][1]);
		}
		frame_free(&f);
		gfx_live_destroy(live);
	}
	cfg_scenario_fini(&platform);
}

/* Without a display and without --screenshot, the window says so and runs nothing. */
static void test_gfx_window_without_display(void **state)
{
	static const char *const vars[] = { "SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY" };
	struct counted c = {0};
	struct gfx_screen screen = {&c, count_advance, count_draw, count_key};
	char *saved[3], err[256];

	(void)state;
	for (int i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);

		saved[i] = v ? strdup(v) : NULL;
		unsetenv(vars[i]);
	}
	assert_int_equal(gfx_window_run("test", &screen, err, sizeof(err)), CLI_EXIT_SOFTWARE);
	assert_string_equal(err, "no display: set DISPLAY, or use --screenshot PATH");
	assert_int_equal(c.frames, 0);
	for (int i = 0; i < 3; i++) {
		if (saved[i])
			setenv(vars[i], saved[i], 1);
		free(saved[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gfx_checksums),
		cmocka_unit_test(test_gfx_png_roundtrip),
		cmocka_unit_test(test_gfx_png_write_replaces),
		cmocka_unit_test(test_gfx_screenshot_size_and_repeat),
		cmocka_unit_test(test_gfx_boxes_where_layout_put_them),
		cmocka_unit_test(test_gfx_unused_box_grey),
		cmocka_unit_test(test_gfx_at_time),
		cmocka_unit_test(test_gfx_cli_options),
		cmocka_unit_test(test_gfx_live_keys),
		cmocka_unit_test(test_gfx_opens_at),
		cmocka_unit_test(test_gfx_seek_back_same_frame),
		cmocka_unit_test(test_gfx_direct_fills_same_pixels),
		cmocka_unit_test(test_gfx_deck_slides),
		cmocka_unit_test(test_gfx_window_quits_on_q),
		cmocka_unit_test(test_gfx_chart_header_at_cursor),
		cmocka_unit_test(test_gfx_latency_gaps),
		cmocka_unit_test(test_gfx_labels_whole),
		cmocka_unit_test(test_gfx_window_without_display),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

#else

static void test_gfx_skipped_without_sdl(void **state)
{
	(void)state;
	skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gfx_skipped_without_sdl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
