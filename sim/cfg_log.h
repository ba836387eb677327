/* SPDX-License-Identifier: MIT */
/*
 * cfg_log.h: web server access logs (nginx's and Apache's combined or common format) read
 * for replay workloads, and the store that keeps them, and the arrays made from them, with
 * the cfg_scenario whose variants replay them.
 *
 * A log is read whole, every bad line reported as "path:line:column: message" (at most
 * CFG_LOG_MAX_ERRORS of them, then a count), and a log with any bad line loads nothing.
 */
#ifndef SIM_CFG_LOG_H
#define SIM_CFG_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "cfg.h"

#define CFG_LOG_MAX_BYTES (64u << 20)   /* larger logs are refused before reading */
#define CFG_LOG_MAX_LINES 1000000       /* the engine keeps 13 bytes a request */
#define CFG_LOG_MAX_ERRORS 20           /* bad lines reported one by one, then counted */

/* The requests of one access log, in its order. */
struct cfg_log {
	uint32_t n;                     /* requests */
	sim_time *at;                   /* from the first request, ascending */
	uint32_t *user;                 /* its client address, numbered by first appearance */
	uint32_t *path;                 /* its path, an index into paths */
	uint32_t n_users;               /* distinct client addresses */
	char **paths;                   /* distinct paths (no query string), by first use */
	int *path_line;                 /* where each path was first seen, for messages */
	int *path_col;
	uint32_t n_paths;
};

/*
 * Parses the text of a log; name is used in messages. Lines of one second are spread
 * evenly over it (the format has whole seconds: a burst at each second would be a
 * pattern nobody sent). Returns CFG_OK with out filled, or CFG_EDATA with every problem
 * in errs and out empty; cfg_log_fini() releases out either way.
 */
enum cfg_result cfg_log_parse(const char *name, const char *text, size_t len,
                              struct cfg_log *out, struct cfg_errors *errs);

/* Reads and parses the log at path: CFG_EOPEN when it cannot be read, as cfg_doc_load. */
enum cfg_result cfg_log_load(const char *path, struct cfg_log *out, struct cfg_errors *errs);
void cfg_log_fini(struct cfg_log *log);

/*
 * The index of the longest of n prefixes that matches path, or -1. A prefix matches
 * whole path segments: "/feed" matches "/feed" and "/feed/12" but not "/feedback";
 * "/" and any prefix ending in "/" match everything under them.
 */
int cfg_log_match(const char *path, const char *const *prefixes, int n);

/* ---- for cfg.c: the logs and arrays of one scenario ---- */

/*
 * The log at path, read once per scenario however many variants replay it; NULL when it
 * cannot be used, its problems reported (once) to errs and *rc set to why.
 */
const struct cfg_log *cfg__replay_log(struct cfg_replay **store, const char *path,
                                      struct cfg_errors *errs, enum cfg_result *rc);

/*
 * Gives block (size bytes, from malloc) to the store until cfg__replay_free(); when an
 * identical block is already kept, block is freed and that one returned instead, so
 * variants that replay a log alike share one copy. NULL when out of memory.
 */
const void *cfg__replay_keep(struct cfg_replay **store, void *block, size_t size);

void cfg__replay_free(struct cfg_replay *store);

#endif
