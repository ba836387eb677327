/* SPDX-License-Identifier: MIT */
/*
 * module_table.c: the one symbol the drawing module gossipsim-gfx.so exports, the table
 * through which the binary reaches the window and the charts (module.c opens it). The
 * module is compiled with hidden visibility, so nothing else in it can be seen from, or
 * collide with, the process that loads it. The tests link this file too, unused.
 */
#include "module.h"

#ifdef GOSSIPSIM_HAVE_SDL
#include "gfx.h"
#endif

static const struct module_gfx table = {
	.abi = MODULE_GFX_ABI,
	.version = GOSSIPSIM_VERSION,
	.options_size = sizeof(struct cli_options),
	.scenario_size = sizeof(struct cfg_scenario),
#ifdef GOSSIPSIM_HAVE_SDL
	.run_file = gfx_run_file,
	.run_deck = gfx_run_deck,
#endif
	.plot_write = out_plot_write,
};

__attribute__((visibility("default"))) const struct module_gfx *gossipsim_gfx_module(void)
{
	return &table;
}
