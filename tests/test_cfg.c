/* SPDX-License-Identifier: MIT */
/*
 * test_cfg.c: the YAML loader. The value parsers on good values and every bad form, the
 * tree's refusals on strings, and the binder on small era and scenario files written into
 * a temporary folder, with the exact messages (line and column included) people will see.
 */
#include <math.h>
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
#include "cfg_tree.h"

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
	for (int i = 0; i < errs->n && i < n; i++)
		assert_string_equal(rel(errs->msgs[i]), want[i]);
	if (errs->n != n) {
		for (int i = 0; i < errs->n; i++)
			print_message("got: %s\n", rel(errs->msgs[i]));
	}
	assert_int_equal(errs->n, n);
}

/* Parses text as a document; returns the result, messages in errs. */
static enum cfg_result
parse(const char *text, struct cfg_doc *doc, struct cfg_errors *errs)
{
	cfg_errors_init(errs);
	return cfg_doc_parse("t.yaml", text, strlen(text), doc, errs);
}

static void
assert_parse_error(const char *text, const char *want)
{
	struct cfg_errors errs;
	struct cfg_doc doc;

	assert_int_equal(parse(text, &doc, &errs), CFG_EDATA);
	assert_null(doc.root);
	assert_true(errs.n >= 1);
	assert_string_equal(errs.msgs[0], want);
	cfg_doc_fini(&doc);
	cfg_errors_fini(&errs);
}

/* ---- durations ---- */

static sim_time
duration(const char *s)
{
	sim_time t = -1;
	char why[128] = "";

	assert_int_equal(cfg_parse_duration(s, &t, why, sizeof(why)), 0);
	return t;
}

static void
assert_bad_duration(const char *s, const char *why_want)
{
	sim_time t = 77;
	char why[128] = "";

	assert_int_equal(cfg_parse_duration(s, &t, why, sizeof(why)), -1);
	assert_string_equal(why, why_want);
	assert_int_equal(t, 77);
}

static void
test_cfg_duration_good(void **state)
{
	assert_int_equal(duration("200ms"), 200 * SIM_MS);
	assert_int_equal(duration("30s"), 30 * SIM_SEC);
	assert_int_equal(duration("10m"), 600 * SIM_SEC);
	assert_int_equal(duration("10min"), 600 * SIM_SEC);
	assert_int_equal(duration("2h"), 7200 * SIM_SEC);
	assert_int_equal(duration("1500us"), 1500);
	assert_int_equal(duration("0"), 0);
	assert_int_equal(duration("0s"), 0);
	assert_int_equal(duration("1.5s"), 1500 * SIM_MS);
	assert_int_equal(duration("0.25ms"), 250);
	assert_int_equal(duration("2 s"), 2 * SIM_SEC);
	/* the largest whole number of microseconds that fits */
	assert_int_equal(duration("9223372036854775807us"), INT64_MAX);
	assert_int_equal(duration("2562047788h"), (sim_time)2562047788 * 3600 * SIM_SEC);
}

static void
test_cfg_duration_bad(void **state)
{
	const char *like = "a duration like 200ms, 30s, 10m or 2h";

	assert_bad_duration("", like);
	assert_bad_duration("5", like);
	assert_bad_duration("ms", like);
	assert_bad_duration("5 parsecs", like);
	assert_bad_duration("5S", like);
	assert_bad_duration("1.s", like);
	assert_bad_duration(".5s", like);
	assert_bad_duration("5s5", like);
	assert_bad_duration("-1s", "a duration that is not negative");
	assert_bad_duration("9223372036854775808us", "a duration under 292000 years");
	assert_bad_duration("2562047789h", "a duration under 292000 years");
	assert_bad_duration("99999999999999999999999h", "a duration under 292000 years");
}

/* ---- sizes, rates, money ---- */

static void
test_cfg_size(void **state)
{
	uint64_t v = 0;
	char why[128];

	assert_int_equal(cfg_parse_size("4MB", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 4000000);
	assert_int_equal(cfg_parse_size("8GiB", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 8ULL << 30);
	assert_int_equal(cfg_parse_size("512KiB", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 512 * 1024);
	assert_int_equal(cfg_parse_size("100B", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 100);
	assert_int_equal(cfg_parse_size("0", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 0);
	assert_int_equal(cfg_parse_size("1.5GB", &v, why, sizeof(why)), 0);
	assert_int_equal(v, 1500000000);
	assert_int_equal(cfg_parse_size("16777215TiB", &v, why, sizeof(why)), 0);

	assert_int_equal(cfg_parse_size("4mb", &v, why, sizeof(why)), -1);
	assert_string_equal(why, "a size like 512KiB, 4MB or 8GiB");
	assert_int_equal(cfg_parse_size("4096", &v, why, sizeof(why)), -1);
	assert_int_equal(cfg_parse_size("-1MB", &v, why, sizeof(why)), -1);
	assert_string_equal(why, "a size that is not negative");
	assert_int_equal(cfg_parse_size("16777216TiB", &v, why, sizeof(why)), -1);
	assert_string_equal(why, "a size under 16EiB");
	assert_int_equal(cfg_parse_size("18446744073709551616B", &v, why, sizeof(why)), -1);
	assert_string_equal(why, "a size under 16EiB");
}

static void
test_cfg_rate(void **state)
{
	double v = 0;
	char why[128];

	assert_int_equal(cfg_parse_rate("40/s", &v, why, sizeof(why)), 0);
	assert_true(v == 40);
	assert_int_equal(cfg_parse_rate("10000/min", &v, why, sizeof(why)), 0);
	assert_true(fabs(v - 10000.0 / 60) < 1e-9);
	assert_int_equal(cfg_parse_rate("3/h", &v, why, sizeof(why)), 0);
	assert_true(fabs(v - 3.0 / 3600) < 1e-12);
	assert_int_equal(cfg_parse_rate("0.5 / s", &v, why, sizeof(why)), 0);
	assert_true(v == 0.5);

	assert_int_equal(cfg_parse_rate("40", &v, why, sizeof(why)), -1);
	assert_string_equal(why, "a rate like 40/s, 10000/min or 3/h");
	assert_int_equal(cfg_parse_rate("40/fortnight", &v, why, sizeof(why)), -1);
	assert_int_equal(cfg_parse_rate("/s", &v, why, sizeof(why)), -1);
	assert_int_equal(cfg_parse_rate("-5/s", &v, why, sizeof(why)), -1);
	assert_string_equal(why, "a rate that is not negative");
}

static void
test_cfg_money(void **state)
{
	double v = 0;
	char why[128];

	assert_int_equal(cfg_parse_money("$640/month", &v, why, sizeof(why)), 0);
	assert_true(v == 640);
	assert_int_equal(cfg_parse_money("$5", &v, why, sizeof(why)), 0);
	assert_true(v == 5);
	assert_int_equal(cfg_parse_money("$120/year", &v, why, sizeof(why)), 0);
	assert_true(fabs(v - 10) < 1e-9);
	assert_int_equal(cfg_parse_money("$0.10/hour", &v, why, sizeof(why)), 0);
	assert_true(fabs(v - 73) < 1e-9);

	assert_int_equal(cfg_parse_money("640", &v, why, sizeof(why)), -1);
	assert_string_equal(why, "money like $640/month or $5");
	assert_int_equal(cfg_parse_money("$5/week", &v, why, sizeof(why)), -1);
	assert_int_equal(cfg_parse_money("$", &v, why, sizeof(why)), -1);
	assert_int_equal(cfg_parse_money("$5 a month", &v, why, sizeof(why)), -1);
	assert_int_equal(cfg_parse_money("$-5", &v, why, sizeof(why)), -1);
	assert_string_equal(why, "money that is not negative");
}

/* ---- distributions ---- */

static void
assert_dist(const char *s, enum sim_dist_kind kind, double a, double b)
{
	struct sim_dist d = { SIM_DIST_CONST, -1, -1 };
	char why[160] = "";

	assert_int_equal(cfg_parse_dist(s, &d, why, sizeof(why)), 0);
	assert_int_equal(d.kind, kind);
	assert_true(d.a == a);
	assert_true(d.b == b);
}

static void
assert_bad_dist(const char *s, const char *want)
{
	struct sim_dist d;
	char why[160] = "";

	assert_int_equal(cfg_parse_dist(s, &d, why, sizeof(why)), -1);
	assert_string_equal(why, want);
}

static void
test_cfg_dist(void **state)
{
	assert_dist("200ms", SIM_DIST_CONST, 200000, 0);
	assert_dist("exp(1s)", SIM_DIST_EXP, 1e6, 0);
	assert_dist("uniform(100ms, 300ms)", SIM_DIST_UNIFORM, 1e5, 3e5);
	assert_dist("uniform(1s,1s)", SIM_DIST_UNIFORM, 1e6, 1e6);
	assert_dist("normal(200ms, 20ms)", SIM_DIST_NORMAL, 2e5, 2e4);
	assert_dist("lognormal(200ms, 50ms)", SIM_DIST_LOGNORMAL, 2e5, 5e4);
	assert_dist("pareto(10ms, 2.5)", SIM_DIST_PARETO, 1e4, 2.5);
	assert_dist("exp (5ms)", SIM_DIST_EXP, 5000, 0);

	assert_bad_dist("fast", "a duration like 200ms, 30s, 10m or 2h");
	assert_bad_dist("gauss(1s)",
	                "a duration or a distribution like exp(1s) or uniform(100ms, 300ms)");
	assert_bad_dist("exp(0s)", "exp(mean) with a mean above 0, like exp(1s)");
	assert_bad_dist("exp(1s", "exp(mean) with a mean above 0, like exp(1s)");
	assert_bad_dist("exp(1s, 2s)", "exp(mean) with a mean above 0, like exp(1s)");
	assert_bad_dist("exp(1s) x", "exp(mean) with a mean above 0, like exp(1s)");
	assert_bad_dist("uniform(3s, 1s)",
	                "uniform(low, high) with low <= high, like uniform(100ms, 300ms)");
	assert_bad_dist("uniform(1s)",
	                "uniform(low, high) with low <= high, like uniform(100ms, 300ms)");
	assert_bad_dist("pareto(10ms, 1)",
	                "pareto(minimum, shape) with a minimum above 0 and a shape above 1, "
	                "like pareto(10ms, 2.5)");
	assert_bad_dist("pareto(10ms, 2s)",
	                "pareto(minimum, shape) with a minimum above 0 and a shape above 1, "
	                "like pareto(10ms, 2.5)");
	assert_bad_dist("normal(1s, -1s)", "normal(mean, deviation), like normal(200ms, 20ms)");
}

/* ---- the tree ---- */

static void
test_cfg_tree_nodes(void **state)
{
	struct cfg_errors errs;
	struct cfg_doc doc;
	struct cfg_node *a, *list, *copy;

	assert_int_equal(parse("a:\n  b: 'x'\n  c: [1, two]\nd: plain\n", &doc, &errs), CFG_OK);
	assert_int_equal(errs.n, 0);
	assert_int_equal(doc.root->type, CFG_MAP);
	assert_int_equal(doc.root->n, 2);
	a = cfg_node_get(doc.root, "a");
	assert_non_null(a);
	assert_int_equal(a->line, 2);
	assert_int_equal(a->col, 3);
	assert_int_equal(cfg_node_get(a, "b")->quoted, 1);
	assert_int_equal(cfg_node_get(doc.root, "d")->quoted, 0);
	list = cfg_node_get(a, "c");
	assert_int_equal(list->type, CFG_SEQ);
	assert_int_equal(list->n, 2);
	assert_string_equal(list->items[1]->value, "two");
	assert_int_equal(list->items[1]->line, 3);
	assert_int_equal(list->items[1]->col, 10);
	assert_null(cfg_node_get(doc.root, "zz"));
	assert_null(cfg_node_get(list, "a"));

	copy = cfg_node_clone(doc.root);
	assert_ptr_not_equal(copy, doc.root);
	assert_string_equal(cfg_node_get(cfg_node_get(copy, "a"), "b")->value, "x");
	assert_int_equal(cfg_node_get(copy, "d")->line, 4);
	cfg_node_free(copy);
	cfg_doc_fini(&doc);
	cfg_errors_fini(&errs);
}

static void
test_cfg_tree_refusals(void **state)
{
	assert_parse_error("a: &x 1\nb: 2\n",
	                   "t.yaml:1:4: anchors and aliases are not supported (&x)");
	assert_parse_error("a: 1\nb: *x\n",
	                   "t.yaml:2:4: anchors and aliases are not supported (*x)");
	assert_parse_error("a: !!str 1\n", "t.yaml:1:4: tags are not supported (!!str)");
	assert_parse_error("a: !local {b: 1}\n", "t.yaml:1:4: tags are not supported (!local)");
	assert_parse_error("<<: {a: 1}\n", "t.yaml:1:1: merge keys ('<<') are not supported");
	assert_parse_error("a: 1\nb: 2\na: 3\n", "t.yaml:3:1: duplicate key 'a' (first at line 1)");
	assert_parse_error("? [a]\n: 1\n", "t.yaml:1:3: a key must be a plain word, not a list");
	assert_parse_error("", "t.yaml: empty file");
	assert_parse_error("# nothing here\n\n", "t.yaml: empty file");
	assert_parse_error("---\n", "t.yaml: empty file");
	assert_parse_error("a: 1\n---\nb: 2\n",
	                   "t.yaml:2:1: only one document per file is allowed");
	assert_parse_error("a:\n\tb: 1\n",
	                   "t.yaml:2:1: found character that cannot start any token while "
	                   "scanning for the next token at line 2, column 1 "
	                   "(a tab: indent with spaces)");
	assert_parse_error("a: [1, 2\n",
	                   "t.yaml:2:1: did not find expected ',' or ']' while parsing a flow "
	                   "sequence at line 1, column 4");
	assert_parse_error("a: \"open\n",
	                   "t.yaml:2:1: found unexpected end of stream while scanning a "
	                   "quoted scalar at line 1, column 4");
}

static void
test_cfg_tree_reports_every_refusal(void **state)
{
	static const char *const want[] = {
		"t.yaml:1:4: anchors and aliases are not supported (&a)",
		"t.yaml:2:4: anchors and aliases are not supported (*a)",
		"t.yaml:3:1: duplicate key 'a' (first at line 1)",
	};
	struct cfg_errors errs;
	struct cfg_doc doc;

	assert_int_equal(parse("a: &a 1\nb: *a\na: 2\n", &doc, &errs), CFG_EDATA);
	assert_errors(&errs, want, 3);
	cfg_errors_fini(&errs);
}

static void
test_cfg_tree_bytes(void **state)
{
	static const char nul[] = "a: 1\nb: \0\n";
	struct cfg_errors errs;
	struct cfg_doc doc;

	cfg_errors_init(&errs);
	assert_int_equal(cfg_doc_parse("t.yaml", nul, sizeof(nul) - 1, &doc, &errs), CFG_EDATA);
	assert_string_equal(errs.msgs[0], "t.yaml:2:4: NUL byte in the file: this looks like "
	                    "a binary file, not YAML");
	cfg_errors_fini(&errs);
	assert_parse_error("a: caf\xc3\xa9\nb: \xe9t\xe9\n",
	                   "t.yaml:2:4: invalid UTF-8 (byte 0xe9): save the file as UTF-8");
	/* an overlong encoding of '/' and a UTF-16 surrogate are not UTF-8 either */
	assert_parse_error("a: \xc0\xaf\n", "t.yaml:1:4: invalid UTF-8 (byte 0xc0): save the "
	                   "file as UTF-8");
	assert_parse_error("a: \xed\xa0\x80\n", "t.yaml:1:4: invalid UTF-8 (byte 0xed): save "
	                   "the file as UTF-8");
}

static char *
nested(int levels)
{
	char *text = malloc((size_t)levels * 2 + 8);
	size_t n = 0;

	assert_non_null(text);
	n += (size_t)sprintf(text, "a: ");
	for (int i = 0; i < levels; i++)
		text[n++] = '[';
	for (int i = 0; i < levels; i++)
		text[n++] = ']';
	text[n++] = '\n';
	text[n] = 0;
	return text;
}

static void
test_cfg_tree_depth(void **state)
{
	struct cfg_errors errs;
	struct cfg_doc doc;
	char *ok = nested(CFG_TREE_MAX_DEPTH - 1), *deep = nested(10000);

	/* the root mapping is one level, so 63 lists inside it make 64; the 64th list is
	 * the 65th level, at column 3 + 64 */
	assert_int_equal(parse(ok, &doc, &errs), CFG_OK);
	cfg_doc_fini(&doc);
	cfg_errors_fini(&errs);
	assert_parse_error(deep, "t.yaml:1:67: nesting deeper than 64 levels");
	free(ok);
	free(deep);
}

static void
test_cfg_doc_load_files(void **state)
{
	struct cfg_errors errs;
	struct cfg_doc doc;
	char want[600];
	FILE *f;

	cfg_errors_init(&errs);
	assert_int_equal(cfg_doc_load(tmpdir, &doc, &errs), CFG_EOPEN);
	snprintf(want, sizeof(want), "%s: is a directory", tmpdir);
	assert_string_equal(errs.msgs[0], want);
	assert_int_equal(cfg_doc_load(tmp_path("none.yaml"), &doc, &errs), CFG_EOPEN);
	assert_string_equal(rel(errs.msgs[1]), "none.yaml: cannot open: No such file or directory");

	/* one byte over the limit is refused before any parsing */
	f = fopen(tmp_path("big.yaml"), "w");
	assert_non_null(f);
	assert_int_equal(fseek(f, CFG_TREE_MAX_BYTES, SEEK_SET), 0);
	fputc('\n', f);
	fclose(f);
	assert_int_equal(cfg_doc_load(tmp_path("big.yaml"), &doc, &errs), CFG_EDATA);
	assert_string_equal(rel(errs.msgs[2]), "big.yaml: file too large (8388609 bytes, at "
	                    "most 8388608)");
	assert_null(doc.root);
	unlink(tmp_path("big.yaml"));
	cfg_errors_fini(&errs);
}

static void
test_cfg_suggest(void **state)
{
	static const char *const keys[] = { "timeout", "connect_timeout", "policy", "lb", "db" };

	assert_string_equal(cfg_suggest("timeot", keys, 5), "timeout");
	assert_string_equal(cfg_suggest("TimeOut", keys, 5), "timeout");
	assert_string_equal(cfg_suggest("polcy", keys, 5), "policy");
	assert_string_equal(cfg_suggest("connect_timout", keys, 5), "connect_timeout");
	assert_string_equal(cfg_suggest("ab", keys, 5), "lb");
	assert_null(cfg_suggest("cores", keys, 5));
	assert_null(cfg_suggest("xyz", keys, 5));
	assert_null(cfg_suggest("x", keys, 0));
}

static void
test_cfg_error_format(void **state)
{
	struct cfg_errors errs;

	cfg_errors_init(&errs);
	cfg_error(&errs, "a.yaml", 3, 7, "bad %s", "thing");
	cfg_error(&errs, "a.yaml", 0, 0, "no place");
	cfg_error(&errs, "a.yaml", 3, 7, "bad %s", "thing");     /* a repeat is dropped */
	assert_int_equal(errs.n, 2);
	assert_string_equal(errs.msgs[0], "a.yaml:3:7: bad thing");
	assert_string_equal(errs.msgs[1], "a.yaml: no place");
	for (int i = 0; i < 150; i++)
		cfg_error(&errs, "a.yaml", i + 10, 1, "e");
	assert_int_equal(errs.n, 101);
	assert_string_equal(errs.msgs[100], "a.yaml: too many errors, giving up");
	cfg_errors_fini(&errs);
	assert_int_equal(errs.n, 0);
}

/* ---- the binder ---- */

static const char era_text[] =
	"era: 2007_horizontal\n"
	"year: 2007\n"
	"title: Horizontal scaling\n"
	"entry: lb\n"
	"nodes:\n"
	"  lb:\n"
	"    kind: lb\n"
	"    label: nginx\n"
	"    upstreams: [app1, app2]\n"
	"    connect_timeout: 1s\n"
	"    health_check: {interval: 1s, fall: 3}\n"
	"    cost: $5/month\n"
	"  app1:\n"
	"    kind: app\n"
	"    cores: 2\n"
	"    ram: 2GB\n"
	"    ram_per_request: 6MB\n"
	"    sessions: local\n"
	"    db: db\n"
	"    db_connection: per_request\n"
	"  app2:\n"
	"    kind: app\n"
	"    db: db\n"
	"  db:\n"
	"    kind: db\n"
	"    max_connections: 500\n"
	"    conn_wait: 5s\n"
	"routes:\n"
	"  page:\n"
	"    cpu: exp(40ms)\n"
	"    queries: 3\n"
	"    query: exp(5ms)\n"
	"    session: required\n"
	"  post:\n"
	"    cpu: 20ms\n";

static const char scenario_text[] =
	"scenario: 2007_sessions\n"
	"title: Logged out on refresh\n"
	"year: 2007\n"
	"chapter: 5\n"
	"era: eras/h.yaml\n"
	"seed: 42\n"
	"clock_start: \"21:30:05\"\n"
	"duration: 10m\n"
	"monitor: {cpu: 80%}\n"
	"workloads:\n"
	"  visitors:\n"
	"    kind: closed\n"
	"    users: {base: 300, peak: 900, at: 4m, ramp: 30s, hold: 2m}\n"
	"    think: exp(10s)\n"
	"    routes: {page: 0.9, post: 0.1}\n"
	"  bots:\n"
	"    kind: open\n"
	"    rate: 40/s\n"
	"    routes: page\n"
	"    entry: app2\n"
	"faults:\n"
	"  - {at: 5m, kind: crash, node: app1}\n"
	"  - {at: 1m, kind: slow, node: db, factor: 4, for: 2m}\n"
	"expect:\n"
	"  - requests > 1000\n"
	"variants:\n"
	"  pain:\n"
	"    description: sessions in each app's memory\n"
	"    expect: [logged_out > 0]\n"
	"  fix:\n"
	"    set:\n"
	"      nodes.redis: {kind: cache, op_cost: 50us}\n"
	"      nodes.app1.sessions: store\n"
	"      nodes.app1.session_store: redis\n"
	"      duration: 6m\n"
	"    expect: [logged_out == 0, page_p99_ms <= 300.5]\n";

static void
write_pair(const char *era, const char *scenario)
{
	char dir[512];

	snprintf(dir, sizeof(dir), "%s/eras", tmpdir);
	mkdir(dir, 0700);
	write_file("eras/h.yaml", era);
	write_file("s.yaml", scenario);
}

/* Loads s.yaml and expects exactly these messages (paths relative to the folder). */
static void
expect_load_errors(const char *file, const struct cfg_set *sets, int n_sets,
                   enum cfg_result rc, const char *const *want, int n)
{
	struct cfg_scenario sc;
	struct cfg_errors errs;

	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(tmp_path(file), sets, n_sets, &sc, &errs), rc);
	assert_errors(&errs, want, n);
	assert_int_equal(sc.n_variants, 0);
	assert_null(sc.variants);
	cfg_errors_fini(&errs);
}

static void
test_cfg_load_scenario(void **state)
{
	struct cfg_scenario sc;
	struct cfg_errors errs;
	const struct sim_config *pain, *fix;

	write_pair(era_text, scenario_text);
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(tmp_path("s.yaml"), NULL, 0, &sc, &errs), CFG_OK);
	assert_int_equal(errs.n, 0);
	assert_string_equal(sc.title, "Logged out on refresh");
	assert_int_equal(sc.year, 2007);
	assert_int_equal(sc.chapter, 5);
	assert_int_equal(sc.seed, 42);
	assert_int_equal(sc.is_era, 0);
	assert_string_equal(rel(sc.era_path), "eras/h.yaml");
	assert_int_equal(sc.n_variants, 2);
	assert_int_equal(cfg_scenario_variant(&sc, "fix"), 1);
	assert_int_equal(cfg_scenario_variant(&sc, "nope"), -1);

	pain = &sc.variants[0].cfg;
	assert_string_equal(sc.variants[0].name, "pain");
	assert_string_equal(sc.variants[0].description, "sessions in each app's memory");
	assert_string_equal(pain->era_name, "2007_horizontal");
	assert_int_equal(pain->n_nodes, 4);
	assert_int_equal(pain->entry, 0);
	assert_string_equal(pain->nodes[0].label, "nginx");
	assert_int_equal(pain->nodes[0].n_upstreams, 2);
	assert_int_equal(pain->nodes[0].upstreams[1], 2);
	assert_int_equal(pain->nodes[0].timeout, 60 * SIM_SEC);
	assert_int_equal(pain->nodes[0].connect_timeout, SIM_SEC);
	assert_int_equal(pain->nodes[0].health_interval, SIM_SEC);
	assert_int_equal(pain->nodes[0].fall, 3);
	assert_int_equal(pain->nodes[0].rise, 2);
	assert_true(pain->nodes[0].cost_per_month == 5);
	assert_int_equal(pain->nodes[0].pos.line, 6);
	assert_int_equal(pain->nodes[0].pos.col, 3);
	assert_int_equal(pain->nodes[1].cores, 2);
	assert_int_equal(pain->nodes[1].ram, 2000000000);
	assert_int_equal(pain->nodes[1].sessions, SIM_SESSION_LOCAL);
	assert_int_equal(pain->nodes[1].db, 3);
	assert_int_equal(pain->nodes[1].hold_db_connection, 1);
	assert_int_equal(pain->nodes[2].ram, 1ULL << 30);
	assert_int_equal(pain->nodes[2].backlog, 511);
	assert_int_equal(pain->nodes[3].max_connections, 500);
	assert_int_equal(pain->nodes[3].conn_wait, 5 * SIM_SEC);
	assert_int_equal(pain->n_routes, 2);
	assert_int_equal(pain->routes[0].cpu.kind, SIM_DIST_EXP);
	assert_int_equal(pain->routes[0].queries, 3);
	assert_int_equal(pain->routes[0].needs_session, 1);
	assert_int_equal(pain->routes[1].needs_session, 0);

	assert_int_equal(pain->duration, 600 * SIM_SEC);
	assert_int_equal(pain->clock_start, (21 * 3600 + 30 * 60 + 5) * SIM_SEC);
	assert_true(pain->warn_cpu == 0.8);
	assert_true(pain->warn_ram == 0.9);
	assert_int_equal(pain->monitor_interval, SIM_SEC);
	assert_int_equal(pain->n_workloads, 2);
	assert_int_equal(pain->workloads[0].kind, SIM_WORKLOAD_CLOSED);
	assert_int_equal(pain->workloads[0].level.kind, SIM_CURVE_SPIKE);
	assert_true(pain->workloads[0].level.peak == 900);
	assert_int_equal(pain->workloads[0].level.at, 240 * SIM_SEC);
	assert_int_equal(pain->workloads[0].level.hold, 120 * SIM_SEC);
	assert_int_equal(pain->workloads[0].n_routes, 2);
	assert_true(pain->workloads[0].weights[1] == 0.1);
	assert_int_equal(pain->workloads[0].entry, -1);
	assert_int_equal(pain->workloads[1].kind, SIM_WORKLOAD_OPEN);
	assert_int_equal(pain->workloads[1].level.kind, SIM_CURVE_CONSTANT);
	assert_true(pain->workloads[1].level.base == 40);
	assert_int_equal(pain->workloads[1].entry, 2);
	assert_int_equal(pain->n_faults, 2);
	assert_int_equal(pain->faults[1].kind, SIM_FAULT_SLOW);
	assert_int_equal(pain->faults[1].node, 3);
	assert_true(pain->faults[1].value == 4);
	assert_int_equal(pain->faults[1].duration, 120 * SIM_SEC);
	assert_int_equal(pain->faults[1].pos.line, 23);
	assert_int_equal(sc.variants[0].n_claims, 2);
	assert_string_equal(sc.variants[0].claims[0].text, "requests > 1000");
	assert_string_equal(sc.variants[0].claims[1].metric, "logged_out");
	assert_int_equal(sc.variants[0].claims[1].op, SIM_OP_GT);

	fix = &sc.variants[1].cfg;
	assert_int_equal(fix->n_nodes, 5);
	assert_string_equal(fix->nodes[4].name, "redis");
	assert_int_equal(fix->nodes[4].kind, SIM_NODE_CACHE);
	assert_int_equal(fix->nodes[4].op_cost, 50);
	assert_int_equal(fix->nodes[1].sessions, SIM_SESSION_STORE);
	assert_int_equal(fix->nodes[1].session_store, 4);
	assert_int_equal(fix->duration, 360 * SIM_SEC);
	assert_int_equal(sc.variants[1].n_claims, 3);
	assert_int_equal(sc.variants[1].claims[2].op, SIM_OP_LE);
	assert_true(sc.variants[1].claims[2].value == 300.5);
	assert_int_equal(sc.variants[1].claims[2].pos.line, 36);

	cfg_scenario_fini(&sc);
	assert_null(sc.variants);
	cfg_errors_fini(&errs);
}

static void
test_cfg_load_cli_sets(void **state)
{
	static const struct cfg_set sets[] = {
		{ "nodes.db.max_connections", "2000" },
		{ "seed", "7" },
		{ "nodes.cache1", "{kind: cache, cores: 1}" },
		{ "monitor.ram", "50%" },
		{ "faults.0.at", "30s" },
	};
	struct cfg_scenario sc;
	struct cfg_errors errs;

	write_pair(era_text, scenario_text);
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(tmp_path("s.yaml"), sets, 5, &sc, &errs), CFG_OK);
	for (int v = 0; v < 2; v++) {
		const struct sim_config *c = &sc.variants[v].cfg;

		assert_int_equal(c->nodes[3].max_connections, 2000);
		assert_string_equal(c->nodes[4 + v].name, "cache1");
		assert_true(c->warn_ram == 0.5);
		assert_true(c->warn_cpu == 0.8);
		assert_int_equal(c->faults[0].at, 30 * SIM_SEC);
	}
	/* the variant's set: comes first, so --set adds its node after redis */
	assert_string_equal(sc.variants[1].cfg.nodes[4].name, "redis");
	assert_int_equal(sc.seed, 7);
	cfg_scenario_fini(&sc);
	cfg_errors_fini(&errs);
}

static void
test_cfg_load_era_alone(void **state)
{
	struct cfg_scenario sc;
	struct cfg_errors errs;
	const struct sim_config *c;

	write_pair(era_text, scenario_text);
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(tmp_path("eras/h.yaml"), NULL, 0, &sc, &errs),
	                 CFG_OK);
	assert_int_equal(sc.is_era, 1);
	assert_int_equal(sc.n_variants, 1);
	assert_string_equal(sc.variants[0].name, "default");
	assert_string_equal(sc.title, "Horizontal scaling");
	assert_int_equal(sc.year, 2007);
	assert_int_equal(sc.seed, 1);
	c = &sc.variants[0].cfg;
	assert_int_equal(c->duration, 60 * SIM_SEC);
	assert_int_equal(c->n_workloads, 1);
	assert_int_equal(c->workloads[0].kind, SIM_WORKLOAD_OPEN);
	assert_true(c->workloads[0].level.base == 5);
	assert_int_equal(c->workloads[0].n_routes, 2);
	assert_true(c->workloads[0].weights[0] == c->workloads[0].weights[1]);
	assert_int_equal(c->n_faults, 0);
	cfg_scenario_fini(&sc);
	cfg_errors_fini(&errs);
}

static void
test_cfg_load_every_error(void **state)
{
	static const char bad_era[] =
		"era: bad\n"
		"year: 2007\n"
		"title: Bad\n"
		"entry: lbb\n"
		"nodes:\n"
		"  lb:\n"
		"    kind: lb\n"
		"    upstreams: [app, lb2]\n"
		"    timeot: 5s\n"
		"    cores: 2\n"
		"  lb2:\n"
		"    kind: lb\n"
		"    upstreams: [lb]\n"
		"  app:\n"
		"    kind: app\n"
		"    cores: two\n"
		"    ram: 2 parsecs\n"
		"    db: redis\n"
		"  redis:\n"
		"    kind: cache\n"
		"routes:\n"
		"  page: {cpu: 1s}\n";
	static const char bad_scenario[] =
		"scenario: bad\n"
		"title: Bad\n"
		"era: eras/h.yaml\n"
		"duraton: 5m\n"
		"duration: 1m\n"
		"workloads:\n"
		"  w: {kind: open, rate: -5/s, routes: {pag: 1}}\n"
		"faults:\n"
		"  - {at: 2m, kind: crash, node: app}\n"
		"expect:\n"
		"  - oom_kils >= 1\n"
		"  - page_p99_ms < 300\n"
		"  - page_p99ms < 300\n"
		"variants:\n"
		"  a: {}\n"
		"  b: {expect: [refunds == dlqq]}\n";
	static const char *const want[] = {
		"s.yaml:1:1: missing required key 'year'",
		"s.yaml:4:1: unknown key 'duraton' (did you mean 'duration'?)",
		"s.yaml:7:25: workloads.w.rate: expected a rate that is not negative, got '-5/s'",
		"s.yaml:7:40: workloads.w.routes: no route called 'pag' (did you mean 'page'?)",
		"s.yaml:9:10: faults[0].at: '2m' is not before the end of the run (duration '1m')",
		/* a claim every variant shares is told once; the metrics are known without a run */
		("s.yaml:11:5: unknown metric 'oom_kils' in claim 'oom_kils >= 1' (did you mean "
		 "'oom_kills'?)"),
		("s.yaml:13:5: unknown metric 'page_p99ms' in claim 'page_p99ms < 300' (did you "
		 "mean 'page_p99_ms'?)"),
		("s.yaml:16:16: unknown metric 'dlqq' in claim 'refunds == dlqq' (did you mean "
		 "'dlq'?)"),
		"eras/h.yaml:4:8: entry: no node called 'lbb' (did you mean 'lb'?)",
		"eras/h.yaml:9:5: unknown key 'timeot' in nodes.lb (did you mean 'timeout'?)",
		("eras/h.yaml:10:5: unknown key 'cores' in nodes.lb (a key of app, db, cache and "
		 "broker nodes)"),
		"eras/h.yaml:13:17: nodes.lb2.upstreams: lb -> lb2 -> lb is a cycle",
		"eras/h.yaml:16:12: nodes.app.cores: expected a whole number, got 'two'",
		("eras/h.yaml:17:10: nodes.app.ram: expected a size like 512KiB, 4MB or 8GiB, "
		 "got '2 parsecs'"),
		"eras/h.yaml:18:9: nodes.app.db: 'redis' is a cache node, expected a db node",
	};

	write_pair(bad_era, bad_scenario);
	expect_load_errors("s.yaml", NULL, 0, CFG_EDATA, want, 15);
}

static void
test_cfg_load_set_errors(void **state)
{
	static const char scen[] =
		"scenario: s\n"
		"title: S\n"
		"year: 2007\n"
		"era: eras/h.yaml\n"
		"duration: 1m\n"
		"workloads:\n"
		"  w: {kind: open, rate: 1/s, routes: page}\n"
		"variants:\n"
		"  a:\n"
		"    set: {nodes.app1.cores: 0, nodes.foo.cores: 2}\n"
		"  b:\n"
		"    set:\n"
		"      nodes.x: {kind: cache, op_cost: soon}\n";
	static const struct cfg_set sets[] = { { "nodes.db.cores", "two" } };
	static const char *const want[] = {
		"s.yaml:10:29: nodes.app1.cores: must be at least 1, got '0'",
		"s.yaml:10:32: set 'nodes.foo.cores': there is no 'foo' in nodes (it has lb, app1, app2, "
		"db)",
		("s.yaml:13:39: nodes.x.op_cost: expected a duration like 200ms, 30s, 10m or 2h, "
		 "got 'soon'"),
		"s.yaml: --set nodes.db.cores=two: nodes.db.cores: expected a whole number, got 'two'",
	};

	write_pair(era_text, scen);
	expect_load_errors("s.yaml", sets, 1, CFG_EDATA, want, 4);
}

/* A route's latency objective: a duration above 0, optional, and a set may give one. */
static void
test_cfg_load_objective(void **state)
{
	static const struct cfg_set sets[] = { { "routes.post.objective", "2s" } };
	static const char scen[] =
		"scenario: s\n"
		"title: S\n"
		"year: 2009\n"
		"era: eras/h.yaml\n"
		"duration: 1m\n"
		"workloads:\n"
		"  w: {kind: open, rate: 1/s, routes: page}\n";
	static const char era[] =
		"era: e\n"
		"year: 2009\n"
		"title: E\n"
		"entry: app\n"
		"nodes:\n"
		"  app: {kind: app}\n"
		"routes:\n"
		"  page: {cpu: 1ms, objective: 800ms}\n"
		"  post: {cpu: 1ms}\n";
	static const char bad_era[] =
		"era: e\n"
		"year: 2009\n"
		"title: E\n"
		"entry: app\n"
		"nodes:\n"
		"  app: {kind: app}\n"
		"routes:\n"
		"  page: {cpu: 1ms, objectve: 1s}\n"
		"  post: {cpu: 1ms, objective: 1}\n"
		"  feed: {cpu: 1ms, objective: 0}\n"
		"  photo: {cpu: 1ms, objective: soon}\n";
	static const char *const want[] = {
		("eras/h.yaml:8:20: unknown key 'objectve' in routes.page (did you mean "
		 "'objective'?)"),
		("eras/h.yaml:9:31: routes.post.objective: expected a duration like 200ms, 30s, "
		 "10m or 2h, got '1'"),
		"eras/h.yaml:10:31: routes.feed.objective: must be more than 0, got '0'",
		("eras/h.yaml:11:32: routes.photo.objective: expected a duration like 200ms, 30s, "
		 "10m or 2h, got 'soon'"),
	};
	struct cfg_scenario sc;
	struct cfg_errors errs;

	write_pair(era, scen);
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(tmp_path("s.yaml"), sets, 1, &sc, &errs), CFG_OK);
	assert_int_equal(sc.variants[0].cfg.routes[0].objective, 800 * SIM_MS);
	assert_int_equal(sc.variants[0].cfg.routes[1].objective, 2 * SIM_SEC);
	cfg_scenario_fini(&sc);
	cfg_errors_fini(&errs);

	write_pair(bad_era, scen);
	expect_load_errors("s.yaml", NULL, 0, CFG_EDATA, want, 4);
}

static void
test_cfg_load_missing_era(void **state)
{
	static const char *const want[] = {
		"s.yaml:3:6: era: cannot load 'eras/gone.yaml'",
		"eras/gone.yaml: cannot open: No such file or directory",
	};

	write_file("s.yaml", "scenario: s\ntitle: S\nera: eras/gone.yaml\n");
	expect_load_errors("s.yaml", NULL, 0, CFG_EOPEN, want, 2);
}

static void
test_cfg_load_not_a_mapping(void **state)
{
	static const char *const want[] = {
		"s.yaml:1:1: the top level must be a mapping of keys, got a list",
	};

	write_file("s.yaml", "- era\n- nodes\n");
	expect_load_errors("s.yaml", NULL, 0, CFG_EDATA, want, 1);
}

static int
setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/gossipsim_cfg_XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
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
		cmocka_unit_test(test_cfg_duration_good),
		cmocka_unit_test(test_cfg_duration_bad),
		cmocka_unit_test(test_cfg_size),
		cmocka_unit_test(test_cfg_rate),
		cmocka_unit_test(test_cfg_money),
		cmocka_unit_test(test_cfg_dist),
		cmocka_unit_test(test_cfg_tree_nodes),
		cmocka_unit_test(test_cfg_tree_refusals),
		cmocka_unit_test(test_cfg_tree_reports_every_refusal),
		cmocka_unit_test(test_cfg_tree_bytes),
		cmocka_unit_test(test_cfg_tree_depth),
		cmocka_unit_test(test_cfg_doc_load_files),
		cmocka_unit_test(test_cfg_suggest),
		cmocka_unit_test(test_cfg_error_format),
		cmocka_unit_test(test_cfg_load_scenario),
		cmocka_unit_test(test_cfg_load_cli_sets),
		cmocka_unit_test(test_cfg_load_era_alone),
		cmocka_unit_test(test_cfg_load_every_error),
		cmocka_unit_test(test_cfg_load_set_errors),
		cmocka_unit_test(test_cfg_load_objective),
		cmocka_unit_test(test_cfg_load_missing_era),
		cmocka_unit_test(test_cfg_load_not_a_mapping),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
