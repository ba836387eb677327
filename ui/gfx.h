/* SPDX-License-Identifier: MIT */
/*
 * gfx.h: the SDL2 window of gossipsim, for projectors, screenshots and handouts. Built only
 * when SDL2 and SDL2_ttf are found (GOSSIPSIM_HAVE_SDL), into the drawing module
 * gossipsim-gfx.so; main() reaches it for --gui through the module's table (module.h).
 *
 * `gossipsim --gui` presents the talk in a window, `gossipsim --gui FILE` replays one era
 * or scenario live (the same picture as the terminal's live view, drawn large: boxes and
 * arrows, requests as moving dots, charts over simulated time, the incident log), and
 * --screenshot PATH renders one frame off-screen into a PNG instead of opening a window.
 */
#ifndef UI_GFX_H
#define UI_GFX_H

#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "cli.h"

#define GFX_WINDOW_W 1280               /* the window's first size; it may be resized */
#define GFX_WINDOW_H 720
#define GFX_SHOT_W 1920                 /* screenshots: one 1080p projector frame */
#define GFX_SHOT_H 1080

/*
 * `--gui FILE`: the live window on variant (-1: the first), or with opt->screenshot the
 * PNG of the frame at opt->at. Returns an exit code of enum cli_exit: 0 after q or a
 * written screenshot, 64 when --at lies outside the run, 65 when the engine refuses the
 * variant, 66 when the PNG cannot be written, 70 when SDL2 or its font cannot start or,
 * for a window, there is no display.
 */
int gfx_run_file(const struct cfg_scenario *sc, int variant, const struct cli_options *opt);

/* `--gui` alone: the talk in a window. Returns as gfx_run_file. */
int gfx_run_deck(const struct cli_options *opt);

/*
 * Slide number slide (from 1) of the shipped deck as a w x h PNG at path, for handouts
 * and tests: with its prediction answered, and a live slide at simulated time t (-1: the
 * end of its run). Returns 0, or an exit code with the reason in err (64: no such slide).
 */
int gfx_deck_screenshot(int slide, sim_time t, int w, int h, const char *path, char *err,
                        size_t len);

/*
 * The simulated time --at names in a variant of sc: a time of day is taken after the
 * clock start (wrapping past midnight), a duration from the start. Returns 0, or -1 with
 * a one-line reason in why when it lies before the start or past the end of the run (or
 * of --until); a time of day outside the run is said to be on the side it is nearer to.
 */
int gfx_at_time(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                sim_time *t, char *why, size_t len);

/*
 * Renders variant of sc at simulated time t, as the window shows it after a second of
 * play at the default speed, into a w x h PNG at path. Returns 0, or an exit code with
 * the reason in err.
 */
int gfx_screenshot(const struct cfg_scenario *sc, int variant, uint64_t seed, sim_time t,
                   int w, int h, const char *path, char *err, size_t len);

/*
 * PNG: 8-bit RGB pixels, rows stride bytes apart, encoded into a new buffer the caller
 * frees (0, or -1 when out of memory), or written through a temporary file renamed into
 * place (0, or -1 with the reason in err).
 */
int gfx_png_encode(const uint8_t *rgb, int w, int h, size_t stride, uint8_t **out,
                   size_t *len);
int gfx_png_write(const char *path, const uint8_t *rgb, int w, int h, size_t stride,
                  char *err, size_t len);
uint32_t gfx_crc32(uint32_t crc, const uint8_t *p, size_t n);
uint32_t gfx_adler32(uint32_t adler, const uint8_t *p, size_t n);

#endif
