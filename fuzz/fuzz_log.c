/* SPDX-License-Identifier: MIT */
/*
 * fuzz_log.c: libFuzzer target for the access log reader (sim/cfg_log.c), which replay
 * workloads feed with logs copied off real web servers: nobody checks those by hand, so
 * any byte may come. Each input is parsed as a log; one that loads has every path it kept
 * matched against prefixes like those a scenario's paths: gives, and its arrays walked, so
 * that a count that disagrees with what was stored shows under AddressSanitizer.
 */
#include <stdint.h>
#include <stdlib.h>

#include "cfg_log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const prefixes[] = { "/", "/feed", "/post/", "/api/v1", "/feed/hot" };

/* Reads every request and path back, aborting where the header's promises are broken. */
static void
walk(const struct cfg_log *log)
{
	sim_time last = 0;

	for (uint32_t i = 0; i < log->n; i++) {
		if (log->at[i] < last || log->user[i] >= log->n_users ||
		    log->path[i] >= log->n_paths)
			abort();        /* times go up; indices stay inside their tables */
		last = log->at[i];
	}
	for (uint32_t i = 0; i < log->n_paths; i++) {
		int k = cfg_log_match(log->paths[i], prefixes, 5);

		if (k < -1 || k >= 5 || log->path_line[i] < 1 || log->path_col[i] < 1)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_errors errs;
	struct cfg_log log;

	cfg_errors_init(&errs);
	if (cfg_log_parse("fuzz.log", (const char *)data, size, &log, &errs) == CFG_OK)
		walk(&log);
	cfg_log_fini(&log);
	cfg_errors_fini(&errs);
	return 0;
}
