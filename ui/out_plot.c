/* SPDX-License-Identifier: MIT */
/* out_plot.c: placeholder while the charts are written. */
#include "out_files.h"

int out_plot_write(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                   FILE *err)
{
	fprintf(err, "gossipsim: --plot is not built yet\n");
	return CLI_EXIT_SOFTWARE;
}
