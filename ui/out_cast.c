/* SPDX-License-Identifier: MIT */
/* out_cast.c: placeholder while recordings are written. */
#include "out_files.h"

int out_cast_write(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                   FILE *err)
{
	fprintf(err, "gossipsim: --record is not built yet\n");
	return CLI_EXIT_SOFTWARE;
}
