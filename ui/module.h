/* SPDX-License-Identifier: MIT */
/*
 * module.h: the drawing module, gossipsim-gfx.so: the window (--gui, --screenshot) and the
 * charts of --plot, the only parts of gossipsim that need SDL2, SDL2_ttf, cairo and
 * fontconfig. The binary opens it with module_gfx_load() when a command draws; the module
 * answers with one table of entry points, struct module_gfx, which module_table.c fills.
 *
 * The module calls back into the binary that loaded it (the engine, the loaders, the
 * layout, the output files), so both must come from the same build: the table says which
 * one it was built for, and the loader refuses any other.
 */
#ifndef UI_MODULE_H
#define UI_MODULE_H

#include <stddef.h>
#include <stdio.h>

#include "cfg.h"
#include "cli.h"
#include "out_files.h"

#define MODULE_GFX_FILE "gossipsim-gfx.so"
#define MODULE_GFX_ENTRY "gossipsim_gfx_module"  /* the one symbol the module exports */
/* Raised whenever struct module_gfx, or what its functions mean, changes. */
#define MODULE_GFX_ABI 1

struct module_gfx {
	int abi;                        /* MODULE_GFX_ABI, as the module was built */
	const char *version;            /* the gossipsim version it was built with */
	/* sizeof the structures it is handed, a cheap guard against another build's module */
	size_t options_size;            /* struct cli_options */
	size_t scenario_size;           /* struct cfg_scenario */
	/* gfx_run_file() and gfx_run_deck() (gfx.h); NULL in a module built without SDL2 */
	int (*run_file)(const struct cfg_scenario *sc, int variant,
	                const struct cli_options *opt);
	int (*run_deck)(const struct cli_options *opt);
	out_plot_fn plot_write;         /* out_plot_write() */
};

/* The module's entry point, found by its name MODULE_GFX_ENTRY. */
const struct module_gfx *gossipsim_gfx_module(void);

/*
 * Opens the drawing module, once per process, for the option named by what ("--plot",
 * "--gui", "--screenshot"), which the message names. It is looked for in
 * $GOSSIPSIM_MODULE_DIR alone when that is set; else beside the running binary, then in
 * the folder it was installed to, then in that folder relative to the binary's own (an
 * install under another prefix). Returns its table, or NULL after one line on err:
 * the file is nowhere, cannot be loaded, or is another build's; the caller then exits
 * with CLI_EXIT_UNAVAILABLE.
 */
const struct module_gfx *module_gfx_load(const char *what, FILE *err);

#endif
