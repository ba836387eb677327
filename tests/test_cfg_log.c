/* SPDX-License-Identifier: MIT */
/*
 * test_cfg_log.c: access logs for replay workloads. The parser on good lines of both
 * formats (moments, zones, users numbered by address, paths without their query), every
 * bad form with its exact message and column, the caps; the prefix match; and the binder
 * on small scenarios written into a temporary folder: the path mapping, its errors, the
 * speed, the arrays shared between variants, and the shipped example.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cfg.h"
#include "cfg_log.h"
#include "cfg_tree.h"
#include "sim.h"

#define UA " \"http://gossip.com/\" \"Mozilla/4.0 (compatible; MSIE 7.0)\""
#define LINE(addr, date, req) addr " - - [" date "] \"" req "\" 200 2326" UA "\n"

static char tmpdir[256];

/* ---- helpers ---- */

static void
write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char *
tmp_path(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

/* The message with the temporary folder cut off, so expectations stay readable. */
static const char *
rel(const char *msg)
{
	size_t n = strlen(tmpdir);

	if (strncmp(msg, tmpdir, n) == 0 && msg[n] == '/')
		return msg + n + 1;
	return msg;
}

static void
assert_errors(const struct cfg_errors *errs, const char *const *want, int n)
{
	if (errs->n != n) {
		for (int i = 0; i < errs->n; i++)
			print_message("got: %s\n", rel(errs->msgs[i]));
	}
	for (int i = 0; i < errs->n && i < n; i++)
		assert_string_equal(rel(errs->msgs[i]), want[i]);
	assert_int_equal(errs->n, n);
}

static enum cfg_result
parse(const char *text, struct cfg_log *log, struct cfg_errors *errs)
{
	cfg_errors_init(errs);
	return cfg_log_parse("t.log", text, strlen(text), log, errs);
}

/* One bad line after a good one: the single message it gives. */
static void
assert_bad_line(const char *line, const char *want)
{
	char text[1024];
	struct cfg_log log;
	struct cfg_errors errs;

	snprintf(text, sizeof(text), LINE("1.2.3.4", "10/Oct/2000:13:55:36 -0700",
	                                  "GET / HTTP/1.1") "%s\n", line);
	assert_int_equal(parse(text, &log, &errs), CFG_EDATA);
	assert_errors(&errs, &want, 1);
	assert_int_equal(log.n, 0);
	assert_null(log.at);
	cfg_errors_fini(&errs);
	cfg_log_fini(&log);
}

/* ---- good lines ---- */

static void
test_cfg_log_combined_line(void **state)
{
	struct cfg_log log;
	struct cfg_errors errs;

	assert_int_equal(parse(LINE("127.0.0.1", "10/Oct/2000:13:55:36 -0700",
	                            "GET /feed?page=2 HTTP/1.1"), &log, &errs), CFG_OK);
	assert_int_equal(errs.n, 0);
	assert_int_equal(log.n, 1);
	assert_int_equal(log.at[0], 0);
	assert_int_equal(log.user[0], 0);
	assert_int_equal(log.n_users, 1);
	assert_int_equal(log.n_paths, 1);
	assert_string_equal(log.paths[0], "/feed");
	assert_int_equal(log.path_line[0], 1);
	assert_int_equal(log.path_col[0], 49);
	cfg_errors_fini(&errs);
	cfg_log_fini(&log);
}

static void
test_cfg_log_common_and_other_forms(void **state)
{
	const char *text =
		"10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.0\" 200 -\n"
		"\n"
		"10.0.0.2 - - [10/Oct/2000:13:55:37 -0700] \"POST /b#top HTTP/1.1\" 302 0\r\n"
		"   \n"
		"10.0.0.1 - - [10/Oct/2000:13:55:38 -0700] \"GET http://gossip.com/c?x HTTP/1.1\" "
		"200 5 \"-\" \"ua \\\"quoted\\\"\" \"extra field\" 0.004\n"
		"10.0.0.3 - - [10/Oct/2000:13:55:39 -0700] \"GET /a/b\" 200 5";
	struct cfg_log log;
	struct cfg_errors errs;

	assert_int_equal(parse(text, &log, &errs), CFG_OK);
	assert_int_equal(log.n, 4);
	assert_int_equal(log.n_paths, 4);
	assert_string_equal(log.paths[0], "/a");
	assert_string_equal(log.paths[1], "/b");
	assert_string_equal(log.paths[2], "/c");
	assert_string_equal(log.paths[3], "/a/b");
	assert_int_equal(log.path_line[2], 5);
	assert_int_equal(log.path_col[2], 65);
	assert_int_equal(log.path[2], 2);
	assert_int_equal(log.at[3], 3 * SIM_SEC);
	cfg_errors_fini(&errs);
	cfg_log_fini(&log);
}

/* Users are numbered by address in order of first appearance; population is their count. */
static void
test_cfg_log_users(void **state)
{
	const char *text =
		LINE("192.0.2.7", "12/Mar/2007:08:00:00 +0100", "GET / HTTP/1.1")
		LINE("198.51.100.1", "12/Mar/2007:08:00:01 +0100", "GET / HTTP/1.1")
		LINE("192.0.2.7", "12/Mar/2007:08:00:02 +0100", "GET /feed HTTP/1.1")
		LINE("2001:db8::1", "12/Mar/2007:08:00:03 +0100", "GET / HTTP/1.1")
		LINE("198.51.100.1", "12/Mar/2007:08:00:04 +0100", "GET / HTTP/1.1");
	static const uint32_t want[] = { 0, 1, 0, 2, 1 };
	struct cfg_log log;
	struct cfg_errors errs;

	assert_int_equal(parse(text, &log, &errs), CFG_OK);
	assert_int_equal(log.n, 5);
	for (int k = 0; k < 5; k++)
		assert_int_equal(log.user[k], want[k]);
	assert_int_equal(log.n_users, 3);
	assert_int_equal(log.n_paths, 2);
	assert_int_equal(log.path[2], 1);
	cfg_errors_fini(&errs);
	cfg_log_fini(&log);
}

/* Lines of one second share it at equal steps; zones are taken into account. */
static void
test_cfg_log_moments(void **state)
{
	const char *text =
		LINE("a", "31/Dec/1999:23:59:59 +0000", "GET / HTTP/1.1")
		LINE("b", "31/Dec/1999:23:59:59 +0000", "GET / HTTP/1.1")
		LINE("c", "31/Dec/1999:23:59:59 +0000", "GET / HTTP/1.1")
		LINE("d", "01/Jan/2000:01:00:00 +0100", "GET / HTTP/1.1")
		LINE("e", "29/Feb/2000:00:00:00 +0000", "GET / HTTP/1.1")
		LINE("f", "28/Feb/2000:22:30:01 -0130", "GET / HTTP/1.1");
	struct cfg_log log;
	struct cfg_errors errs;

	assert_int_equal(parse(text, &log, &errs), CFG_OK);
	assert_int_equal(log.at[0], 0);
	assert_int_equal(log.at[1], 333333);
	assert_int_equal(log.at[2], 666666);
	/* 01:00 at +0100 is midnight UTC, a second after the first line */
	assert_int_equal(log.at[3], 1 * SIM_SEC);
	assert_int_equal(log.at[4], (59LL * 86400 + 1) * SIM_SEC);
	assert_int_equal(log.at[5], (59LL * 86400 + 2) * SIM_SEC);
	cfg_errors_fini(&errs);
	cfg_log_fini(&log);
}

/* ---- bad lines ---- */

static void
test_cfg_log_bad_lines(void **state)
{
	static const char *const cases[][2] = {
		{ " 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1",
		  "t.log:2:1: expected the client address at the start of the line" },
		{ "1.2.3.4",
		  "t.log:2:8: the line ends before the date" },
		{ "1.2.3.4 - -",
		  "t.log:2:12: the line ends before the date" },
		{ "1.2.3.4 - - 10/Oct/2000:13:55:36 -0700 \"GET / HTTP/1.1\" 200 1",
		  "t.log:2:13: expected a date like [10/Oct/2000:13:55:36 -0700], "
		  "got '10/Oct/2000:13:55:36'" },
		{ "1.2.3.4 - - [10/Okt/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1",
		  "t.log:2:13: expected a date like [10/Oct/2000:13:55:36 -0700], "
		  "got '[10/Okt/2000:13:55:36 -0700]'" },
		{ "1.2.3.4 - - [29/Feb/2001:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1",
		  "t.log:2:13: expected a date like [10/Oct/2000:13:55:36 -0700], "
		  "got '[29/Feb/2001:13:55:36 -0700]'" },
		{ "1.2.3.4 - - [10/Oct/2000:24:00:00 -0700] \"GET / HTTP/1.1\" 200 1",
		  "t.log:2:13: expected a date like [10/Oct/2000:13:55:36 -0700], "
		  "got '[10/Oct/2000:24:00:00 -0700]'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36] \"GET / HTTP/1.1\" 200 1",
		  "t.log:2:13: expected a date like [10/Oct/2000:13:55:36 -0700], "
		  "got '[10/Oct/2000:13:55:36]'" },
		{ "1.2.3.4 - - [1/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1",
		  "t.log:2:13: expected a date like [10/Oct/2000:13:55:36 -0700], "
		  "got '[1/Oct/2000:13:55:36 -0700]'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700",
		  "t.log:2:13: expected a date like [10/Oct/2000:13:55:36 -0700], "
		  "got '[10/Oct/2000:13:55:36 -0700'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700]",
		  "t.log:2:41: the line ends before the request" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] GET / HTTP/1.1 200 1",
		  "t.log:2:42: expected the request in quotes, like \"GET /feed HTTP/1.1\", "
		  "got 'GET'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1 200 1",
		  "t.log:2:42: the request's closing quote is missing" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"-\" 400 0",
		  "t.log:2:42: expected a request like \"GET /feed HTTP/1.1\", got '-'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"\" 400 0",
		  "t.log:2:42: expected a request like \"GET /feed HTTP/1.1\", got ''" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET\" 400 0",
		  "t.log:2:42: expected a request like \"GET /feed HTTP/1.1\", got 'GET'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET feed HTTP/1.1\" 400 0",
		  "t.log:2:42: expected a request like \"GET /feed HTTP/1.1\", "
		  "got 'GET feed HTTP/1.1'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"\\x16\\x03\\x01\\x02\\x00\\x01\\x00"
		  "\\x01\\xFC\\x03\\x03\" 400 0",
		  "t.log:2:42: expected a request like \"GET /feed HTTP/1.1\", "
		  "got '\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03...'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\x01 HTTP/1.1\" 200",
		  "t.log:2:63: the line ends before the response size" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\"",
		  "t.log:2:58: the line ends before the status code" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" OK 1",
		  "t.log:2:59: expected a status code like 200, got 'OK'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 2000 1",
		  "t.log:2:59: expected a status code like 200, got '2000'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 lots",
		  "t.log:2:63: expected the response size in bytes or -, got 'lots'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 -1",
		  "t.log:2:63: expected the response size in bytes or -, got '-1'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 -",
		  "t.log:2:65: expected the referer in quotes, got '-'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\"",
		  "t.log:2:68: the line ends before the user agent" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" ua",
		  "t.log:2:69: expected the user agent in quotes, got 'ua'" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua",
		  "t.log:2:69: the user agent's closing quote is missing" },
		{ "1.2.3.4 - - [10/Oct/2000:13:55:35 -0700] \"GET / HTTP/1.1\" 200 1",
		  "t.log:2:13: [10/Oct/2000:13:55:35 -0700] is earlier than the line before, "
		  "[10/Oct/2000:13:55:36 -0700]: the log must be in time order" },
		/* the same moment written in another zone is not earlier */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_bad_line(cases[i][0], cases[i][1]);
}

/* Every bad line is reported, up to a bound; then how many more. The good ones load nothing. */
static void
test_cfg_log_many_bad_lines(void **state)
{
	char *text = malloc(64 * 1024);
	size_t n = 0;
	struct cfg_log log;
	struct cfg_errors errs;

	assert_non_null(text);
	for (int i = 0; i < 50; i++)
		n += (size_t)sprintf(text + n, "%s", i % 2 ? "x\n" :
		                     LINE("1.2.3.4", "10/Oct/2000:13:55:36 -0700", "GET / HTTP/1.1"));
	assert_int_equal(parse(text, &log, &errs), CFG_EDATA);
	assert_int_equal(errs.n, CFG_LOG_MAX_ERRORS + 1);
	assert_string_equal(errs.msgs[0], "t.log:2:2: the line ends before the date");
	assert_string_equal(errs.msgs[19], "t.log:40:2: the line ends before the date");
	assert_string_equal(errs.msgs[20], "t.log: 5 more bad lines not shown (25 in all)");
	assert_int_equal(log.n, 0);
	cfg_errors_fini(&errs);
	cfg_log_fini(&log);
	free(text);
}

static void
test_cfg_log_empty_and_too_long(void **state)
{
	struct cfg_log log;
	struct cfg_errors errs;
	char *text;
	size_t n = (size_t)CFG_LOG_MAX_LINES + 1;

	assert_int_equal(parse("\n\n  \n", &log, &errs), CFG_EDATA);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.msgs[0], "t.log: no requests in the log");
	cfg_errors_fini(&errs);
	cfg_log_fini(&log);

	/* a million and one blank lines: the count stops the read, not the content */
	text = malloc(n + 1);
	assert_non_null(text);
	memset(text, '\n', n);
	text[n] = 0;
	assert_int_equal(parse(text, &log, &errs), CFG_EDATA);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.msgs[0], "t.log:1000001:1: more than 1000000 lines: replay a "
	                    "shorter stretch of the log");
	cfg_errors_fini(&errs);
	cfg_log_fini(&log);
	free(text);
}

static void
test_cfg_log_files(void **state)
{
	struct cfg_log log;
	struct cfg_errors errs;
	char want[600];

	cfg_errors_init(&errs);
	assert_int_equal(cfg_log_load(tmp_path("nowhere.log"), &log, &errs), CFG_EOPEN);
	assert_int_equal(errs.n, 1);
	assert_string_equal(rel(errs.msgs[0]),
	                    "nowhere.log: cannot open: no such file or directory");
	cfg_errors_fini(&errs);

	/* the size is checked before anything is read */
	snprintf(want, sizeof(want), "%s", tmp_path("big.log"));
	write_file("big.log", "");
	assert_int_equal(truncate(want, (off_t)CFG_LOG_MAX_BYTES + 1), 0);
	cfg_errors_init(&errs);
	assert_int_equal(cfg_log_load(want, &log, &errs), CFG_EDATA);
	assert_int_equal(errs.n, 1);
	assert_string_equal(rel(errs.msgs[0]), "big.log: log too large (67108865 bytes, at most "
	                    "67108864): replay a shorter stretch of it");
	cfg_errors_fini(&errs);
	unlink(want);
}

/* ---- prefixes ---- */

static void
test_cfg_log_match(void **state)
{
	static const char *const prefixes[] = { "/feed", "/post", "/", "/feed/hot", "/api/" };

	assert_int_equal(cfg_log_match("/feed", prefixes, 5), 0);
	assert_int_equal(cfg_log_match("/feed/12", prefixes, 5), 0);
	assert_int_equal(cfg_log_match("/feed/hot", prefixes, 5), 3);
	assert_int_equal(cfg_log_match("/feed/hot/1", prefixes, 5), 3);
	assert_int_equal(cfg_log_match("/feed/hottest", prefixes, 5), 0);
	assert_int_equal(cfg_log_match("/feedback", prefixes, 5), 2);
	assert_int_equal(cfg_log_match("/post", prefixes, 5), 1);
	assert_int_equal(cfg_log_match("/api/v1", prefixes, 5), 4);
	assert_int_equal(cfg_log_match("/api", prefixes, 5), 2);
	assert_int_equal(cfg_log_match("/", prefixes, 5), 2);
	assert_int_equal(cfg_log_match("/feedback", prefixes, 2), -1);
	assert_int_equal(cfg_log_match("/", prefixes, 2), -1);
}

/* ---- scenarios ---- */

static const char era[] =
	"era: e\n"
	"year: 2007\n"
	"title: E\n"
	"entry: app\n"
	"nodes:\n"
	"  app: {kind: app, sessions: local}\n"
	"routes:\n"
	"  page: {cpu: 10ms, session: required}\n"
	"  feed: {cpu: 5ms}\n"
	"  post: {cpu: 20ms}\n";

static const char logtext[] =
	LINE("192.0.2.1", "12/Mar/2007:08:00:00 +0100", "GET / HTTP/1.1")
	LINE("192.0.2.2", "12/Mar/2007:08:00:02 +0100", "GET /feed?page=2 HTTP/1.1")
	LINE("192.0.2.1", "12/Mar/2007:08:00:04 +0100", "POST /post HTTP/1.1")
	LINE("192.0.2.3", "12/Mar/2007:08:00:06 +0100", "GET /u/alice HTTP/1.1")
	LINE("192.0.2.2", "12/Mar/2007:08:00:08 +0100", "GET /feed/hot HTTP/1.1");

/* A scenario on era.yaml and logs/a.log with one replay workload, its keys in wl. */
static void
write_scenario(const char *wl, const char *variants)
{
	char text[2048];

	snprintf(text, sizeof(text),
	         "scenario: s\n"
	         "title: S\n"
	         "year: 2007\n"
	         "era: era.yaml\n"
	         "duration: 1m\n"
	         "workloads:\n"
	         "  w:\n"
	         "    kind: replay\n"
	         "%s"
	         "%s", wl, variants);
	write_file("s.yaml", text);
}

static enum cfg_result
load(struct cfg_scenario *sc, struct cfg_errors *errs)
{
	cfg_errors_init(errs);
	return cfg_scenario_load(tmp_path("s.yaml"), NULL, 0, sc, errs);
}

static void
test_cfg_log_scenario_paths(void **state)
{
	struct cfg_scenario sc;
	struct cfg_errors errs;
	const struct sim_workload_cfg *w;
	static const uint8_t want_route[] = { 0, 1, 2, 0, 1 };
	static const uint32_t want_user[] = { 0, 1, 0, 2, 1 };

	write_scenario("    log: logs/a.log\n"
	               "    paths: {/feed: feed, /post: post, /: page}\n", "");
	assert_int_equal(load(&sc, &errs), CFG_OK);
	w = &sc.variants[0].cfg.workloads[0];
	assert_int_equal(w->kind, SIM_WORKLOAD_REPLAY);
	assert_int_equal(w->n_replay, 5);
	assert_int_equal(w->population, 3);
	for (int k = 0; k < 5; k++) {
		assert_int_equal(w->replay_route[k], want_route[k]);
		assert_int_equal(w->replay_user[k], want_user[k]);
		assert_int_equal(w->replay_at[k], 2 * k * SIM_SEC);
	}
	/* the mix lists the routes the log asks for, weighted by their requests */
	assert_int_equal(w->n_routes, 3);
	assert_int_equal(w->routes[0], 0);
	assert_true(w->weights[0] == 2.0);
	assert_int_equal(w->routes[1], 1);
	assert_true(w->weights[1] == 2.0);
	assert_int_equal(w->routes[2], 2);
	assert_true(w->weights[2] == 1.0);
	cfg_scenario_fini(&sc);
	cfg_errors_fini(&errs);

	/* a route nobody asks for is no part of the mix */
	write_scenario("    log: logs/a.log\n"
	               "    paths: {/: page, /post: post, /nothing: feed}\n", "");
	assert_int_equal(load(&sc, &errs), CFG_OK);
	w = &sc.variants[0].cfg.workloads[0];
	assert_int_equal(w->n_routes, 2);
	assert_int_equal(w->routes[0], 0);
	assert_true(w->weights[0] == 4.0);
	assert_int_equal(w->routes[1], 2);
	cfg_scenario_fini(&sc);
	cfg_errors_fini(&errs);
}

static void
test_cfg_log_scenario_unmatched(void **state)
{
	struct cfg_scenario sc;
	struct cfg_errors errs;
	static const char *const want[] = {
		"logs/a.log:1:49: no prefix of workloads.w.paths matches the path '/' "
		"(it has /feed, /post)",
		"logs/a.log:4:49: no prefix of workloads.w.paths matches the path '/u/alice' "
		"(it has /feed, /post)",
	};

	write_scenario("    log: logs/a.log\n"
	               "    paths: {/feed: feed, /post: post}\n", "");
	assert_int_equal(load(&sc, &errs), CFG_EDATA);
	assert_errors(&errs, want, 2);
	assert_int_equal(sc.n_variants, 0);
	assert_null(sc.replay);
	cfg_errors_fini(&errs);
}

static void
test_cfg_log_scenario_keys(void **state)
{
	struct cfg_scenario sc;
	struct cfg_errors errs;
	static const char *const want[] = {
		"s.yaml:9:10: workloads.w.log: expected the path of an access log, like "
		"traffic/access.log, got ''",
		"s.yaml:10:13: workloads.w.paths: expected a path prefix starting with /, like "
		"/feed, got 'feed'",
		"s.yaml:10:28: workloads.w.paths./: no route called 'pag' (did you mean 'page'?)",
		"s.yaml:11:12: workloads.w.speed: must be more than 0, got '0'",
		"s.yaml:12:5: unknown key 'routes' in workloads.w (a key of open and closed "
		"workloads)",
	};
	static const char *const missing[] = {
		"s.yaml:8:5: workloads.w: missing required key 'log'",
		"s.yaml:8:5: workloads.w: missing required key 'paths'",
	};
	static const char *const unopened[] = {
		"s.yaml:9:10: workloads.w.log: cannot load 'logs/none.log'",
		"logs/none.log: cannot open: no such file or directory",
	};

	write_scenario("    log: \"\"\n"
	               "    paths: {feed: feed, /: pag}\n"
	               "    speed: 0\n"
	               "    routes: page\n", "");
	assert_int_equal(load(&sc, &errs), CFG_EDATA);
	assert_errors(&errs, want, 5);
	cfg_errors_fini(&errs);

	write_scenario("    entry: app\n", "");
	assert_int_equal(load(&sc, &errs), CFG_EDATA);
	assert_errors(&errs, missing, 2);
	cfg_errors_fini(&errs);

	/* a log that cannot be opened is exit 66, like an era */
	write_scenario("    log: logs/none.log\n"
	               "    paths: {/: page}\n", "variants: {a: {}, b: {}}\n");
	assert_int_equal(load(&sc, &errs), CFG_EOPEN);
	assert_errors(&errs, unopened, 2);
	cfg_errors_fini(&errs);
}

/* Variants that replay alike share the arrays; a set may change the speed of one. */
static void
test_cfg_log_scenario_variants(void **state)
{
	struct cfg_scenario sc;
	struct cfg_errors errs;
	const struct sim_workload_cfg *a, *b, *c;

	write_scenario("    log: logs/a.log\n"
	               "    paths: {/feed: feed, /: page}\n",
	               "variants:\n"
	               "  a: {}\n"
	               "  b: {set: {routes.post: {cpu: 1ms}}}\n"
	               "  c: {set: {workloads.w.speed: 4, workloads.w.paths: {/: post}}}\n");
	assert_int_equal(load(&sc, &errs), CFG_OK);
	a = &sc.variants[0].cfg.workloads[0];
	b = &sc.variants[1].cfg.workloads[0];
	c = &sc.variants[2].cfg.workloads[0];
	assert_ptr_equal(a->replay_at, b->replay_at);
	assert_ptr_equal(a->replay_route, b->replay_route);
	assert_ptr_equal(a->replay_user, c->replay_user);
	assert_ptr_not_equal(a->replay_route, c->replay_route);
	assert_ptr_not_equal(a->replay_at, c->replay_at);
	assert_int_equal(c->replay_at[4], 2 * SIM_SEC);
	assert_int_equal(c->replay_at[1], SIM_SEC / 2);
	assert_int_equal(c->replay_route[0], 2);
	assert_int_equal(c->n_routes, 1);
	cfg_scenario_fini(&sc);
	cfg_errors_fini(&errs);
}

/* The replayed requests reach the engine: each one sent, at its moment, by its user. */
static void
test_cfg_log_scenario_runs(void **state)
{
	struct cfg_scenario sc;
	struct cfg_errors errs;
	struct sim *sim;
	char why[256];
	double v;

	write_scenario("    log: logs/a.log\n"
	               "    paths: {/feed: feed, /post: post, /: page}\n", "");
	assert_int_equal(load(&sc, &errs), CFG_OK);
	sim = sim_create(&sc.variants[0].cfg, sc.seed, why, sizeof(why));
	assert_non_null(sim);
	sim_run_until(sim, 5 * SIM_SEC);
	assert_int_equal(sim_metric_get(sim, "requests", &v), 0);
	assert_true(v == 3.0);
	sim_run_until(sim, sim_end(sim));
	assert_int_equal(sim_metric_get(sim, "requests", &v), 0);
	assert_true(v == 5.0);
	assert_int_equal(sim_metric_get(sim, "page_requests", &v), 0);
	assert_true(v == 2.0);
	/* two people asked for a page, and each logged in once */
	assert_int_equal(sim_metric_get(sim, "logins", &v), 0);
	assert_true(v == 2.0);
	sim_destroy(sim);
	cfg_scenario_fini(&sc);
	cfg_errors_fini(&errs);
}

static void
test_cfg_log_shipped_example(void **state)
{
	struct cfg_scenario sc;
	struct cfg_errors errs;
	const struct sim_workload_cfg *w;

	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(TEST_DATADIR "/scenarios/2007_replay.yaml", NULL, 0,
	                                   &sc, &errs), CFG_OK);
	assert_int_equal(sc.n_variants, 2);
	w = &sc.variants[0].cfg.workloads[0];
	assert_int_equal(w->n_replay, 4024);
	assert_int_equal(w->population, 409);
	assert_true(w->replay_at[w->n_replay - 1] < sc.variants[0].cfg.duration);
	assert_ptr_equal(w->replay_route, sc.variants[1].cfg.workloads[0].replay_route);
	cfg_scenario_fini(&sc);
	cfg_errors_fini(&errs);
}

static int
setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/gossipsim_cfg_log_XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	write_file("era.yaml", era);
	if (mkdir(tmp_path("logs"), 0777) < 0)
		return -1;
	write_file("logs/a.log", logtext);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cfg_log_combined_line),
		cmocka_unit_test(test_cfg_log_common_and_other_forms),
		cmocka_unit_test(test_cfg_log_users),
		cmocka_unit_test(test_cfg_log_moments),
		cmocka_unit_test(test_cfg_log_bad_lines),
		cmocka_unit_test(test_cfg_log_many_bad_lines),
		cmocka_unit_test(test_cfg_log_empty_and_too_long),
		cmocka_unit_test(test_cfg_log_files),
		cmocka_unit_test(test_cfg_log_match),
		cmocka_unit_test(test_cfg_log_scenario_paths),
		cmocka_unit_test(test_cfg_log_scenario_unmatched),
		cmocka_unit_test(test_cfg_log_scenario_keys),
		cmocka_unit_test(test_cfg_log_scenario_variants),
		cmocka_unit_test(test_cfg_log_scenario_runs),
		cmocka_unit_test(test_cfg_log_shipped_example),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
