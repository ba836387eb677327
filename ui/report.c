/* SPDX-License-Identifier: MIT */
/*
 * report.c: gossipsim without a terminal. `run --headless` plays each variant of a
 * scenario to its end and prints, per variant, a heading, the incident log, the metrics,
 * the claims judged against them, and the run's fingerprint and event count; `--json`
 * writes the same as one JSON document. `check` keeps only the claims, a line each;
 * `validate` only loads; `list` shows the shipped files by year.
 *
 * Every value printed comes from the engine (sim_metric_*, sim_log_*, sim_claim_check);
 * nothing here computes a figure of its own, so the report cannot drift from the model.
 * A JSON file is written whole or not at all: it goes to a temporary file in the same
 * folder, which is renamed over the target only once it is complete, and a target that
 * is one of the run's input files is refused before anything runs.
 *
 * When several files or variants fail in different ways, the exit code is the highest
 * of theirs (70 internal > 66 cannot open > 65 bad data > 1 claim failed > 0).
 */
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cfg_tree.h"
#include "datadir.h"
#include "out_files.h"
#include "sim.h"
#include "tui.h"

/* A function, not a macro: callers pass calls that must run exactly once. */
static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static void print_errors(const struct cfg_errors *errs, FILE *err)
{
	for (int i = 0; i < errs->n; i++)
		fprintf(err, "%s\n", errs->msgs[i]);
}

/* Says so when a claim names name and the run has no such metric; returns 1 then. */
static int unknown_metric(const struct cfg_scenario *sc, const struct sim *sim,
                          const struct sim_claim *c, const char *name, FILE *err)
{
	const char *names[512], *hint;
	int n = sim_metric_count(sim), i;
	double v;

	if (name[0] == '\0' || sim_metric_get(sim, name, &v) == 0)
		return 0;
	n = n < 512 ? n : 512;
	for (i = 0; i < n; i++)
		names[i] = sim_metric_name(sim, i);
	hint = cfg_suggest(name, names, n);
	fprintf(err, "%s:%d:%d: unknown metric '%s' in claim '%s'", sc->path, c->pos.line,
	        c->pos.col, name, c->text);
	if (hint != NULL)
		fprintf(err, " (did you mean '%s'?)", hint);
	fputc('\n', err);
	return 1;
}

/* Says so when a claim compares with a variant the scenario lacks; returns 1 then. */
static int unknown_variant(const struct cfg_scenario *sc, const struct sim_claim *c,
                           FILE *err)
{
	const char *names[CFG_MAX_VARIANTS], *hint;
	int i;

	if (cfg_scenario_variant(sc, c->rhs_variant) >= 0)
		return 0;
	for (i = 0; i < sc->n_variants && i < CFG_MAX_VARIANTS; i++)
		names[i] = sc->variants[i].name;
	hint = cfg_suggest(c->rhs_variant, names, i);
	fprintf(err, "%s:%d:%d: unknown variant '%s' in claim '%s'", sc->path, c->pos.line,
	        c->pos.col, c->rhs_variant, c->text);
	if (hint != NULL)
		fprintf(err, " (did you mean '%s'?)", hint);
	fputc('\n', err);
	return 1;
}

/*
 * Claims are checked against the metrics a run of their variant has (per route and
 * region too) before anything runs, and a right side read from another variant against
 * that variant's, so validate catches a misspelt metric or variant and run writes no file
 * for a scenario it will refuse. The loader has refused most misspelt names already,
 * beside the file's other errors; what is left here is a figure of a route that no client
 * sends, and the variants. Returns how many claims were wrong.
 */
static int unknown_metrics(const struct cfg_scenario *sc, FILE *err)
{
	struct sim *sims[CFG_MAX_VARIANTS] = {NULL};
	int n = sc->n_variants < CFG_MAX_VARIANTS ? sc->n_variants : CFG_MAX_VARIANTS;
	int v, k, bad = 0;
	char why[256];

	for (v = 0; v < n; v++)
		sims[v] = sim_create(&sc->variants[v].cfg, sc->seed, why, sizeof(why));
	for (v = 0; v < n; v++) {
		const struct cfg_variant *var = &sc->variants[v];

		if (sims[v] == NULL)
			continue;       /* the run itself says why */
		for (k = 0; k < var->n_claims; k++) {
			const struct sim_claim *c = &var->claims[k];
			int other = cfg_scenario_variant(sc, c->rhs_variant);

			bad += unknown_metric(sc, sims[v], c, c->metric, err);
			if (c->rhs_variant[0] == '\0')
				bad += unknown_metric(sc, sims[v], c, c->rhs, err);
			else if (unknown_variant(sc, c, err))
				bad++;
			else if (other < n && sims[other] != NULL)
				bad += unknown_metric(sc, sims[other], c, c->rhs, err);
		}
	}
	for (v = 0; v < n; v++)
		sim_destroy(sims[v]);
	return bad;
}

int report_load(const char *path, const struct cli_options *opt, struct cfg_scenario *sc,
                FILE *err)
{
	struct cfg_errors errs;
	enum cfg_result r;
	char shipped[4096];

	/* "gossipsim scenarios/2007_oom.yaml", as the talk says, works from any folder: a
	 * relative path that is not here is looked for among the shipped files. */
	if (path[0] != '/' && access(path, F_OK) != 0 &&
	    deck_data_path(path, shipped, sizeof(shipped)) != NULL && access(shipped, F_OK) == 0)
		path = shipped;
	cfg_errors_init(&errs);
	r = cfg_scenario_load(path, opt ? opt->sets : NULL, opt ? opt->n_sets : 0, sc, &errs);
	print_errors(&errs, err);
	if (r == CFG_OK && errs.n > 0)
		r = CFG_EDATA;                  /* a load that complains is no load */
	if (r != CFG_OK && errs.n == 0)
		fprintf(err, "%s: cannot load\n", path);
	cfg_errors_fini(&errs);
	if (r != CFG_OK)
		return r == CFG_EOPEN ? CLI_EXIT_NOINPUT : CLI_EXIT_DATA;
	if (opt && opt->has_seed)
		sc->seed = opt->seed;
	if (unknown_metrics(sc, err) > 0) {
		cfg_scenario_fini(sc);
		return CLI_EXIT_DATA;
	}
	return CLI_EXIT_OK;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcmp(s + n - t, tail) == 0;
}

/*
 * Ratios ("cache_hit_ratio", "availability", the peaks of CPU and RAM), milliseconds
 * ("_ms", or "_ms_" before a region), dollars, rates; anything else is a count.
 */
enum report_unit report_metric_unit(const char *name)
{
	if (ends_with(name, "_ratio") || strcmp(name, "availability") == 0 ||
	    strcmp(name, "error_rate") == 0 || strcmp(name, "cpu_peak") == 0 ||
	    strcmp(name, "ram_peak") == 0)
		return REPORT_RATIO;
	if (ends_with(name, "_ms") || strstr(name, "_ms_"))
		return REPORT_MS;
	if (ends_with(name, "_usd"))
		return REPORT_USD;
	if (ends_with(name, "_per_s"))
		return REPORT_PER_S;
	return REPORT_COUNT;
}

void report_format_value(double v, char *buf, size_t len)
{
	if (isnan(v)) {
		snprintf(buf, len, "n/a");
		return;
	}
	if (isinf(v)) {
		snprintf(buf, len, v > 0 ? "inf" : "-inf");
		return;
	}
	if (v == 0)
		v = 0;                          /* no "-0" */
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, len, "%.0f", v);
		return;
	}
	snprintf(buf, len, "%.3f", v);
	char *dot = strchr(buf, '.');
	if (!dot)
		return;
	char *end = buf + strlen(buf) - 1;
	while (end > dot && *end == '0')
		*end-- = '\0';
	if (end == dot)
		*end = '\0';
}

/* A metric or claim value for JSON: integers stay integers; NaN and infinity are null. */
static json_t *json_value(double v)
{
	if (isnan(v) || isinf(v))
		return json_null();
	if (v == floor(v) && fabs(v) < 9e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/* Simulated time as "600 s" or "90.5 s". */
static void format_seconds(sim_time t, char *buf, size_t len)
{
	report_format_value((double)t / (double)SIM_SEC, buf, len);
	size_t n = strlen(buf);
	snprintf(buf + n, len - n, " s");
}

/* ---- what other variants measured ------------------------------------------------ */

/*
 * The metrics of one variant's run to its end, kept for the claims of other variants that
 * compare with it ("caller_p99_ms <= pain.caller_p99_ms / 10"). A variant runs for this at
 * most once per command, and not at all when its own turn has already kept its metrics.
 */
struct measured {
	int state;                      /* 0: not yet, 1: kept, -1: could not run */
	int n;
	char **names;
	double *values;
};

struct runs {
	struct measured v[CFG_MAX_VARIANTS];
};

static void measured_keep(struct measured *m, const struct sim *sim)
{
	int n = sim_metric_count(sim);

	if (m->state != 0)
		return;
	m->names = calloc((size_t)n + 1, sizeof(*m->names));
	m->values = calloc((size_t)n + 1, sizeof(*m->values));
	m->state = m->names && m->values ? 1 : -1;
	for (int i = 0; m->state == 1 && i < n; i++) {
		m->names[i] = strdup(sim_metric_name(sim, i));
		m->values[i] = sim_metric_value(sim, i);
		m->n = i + 1;
		if (m->names[i] == NULL)
			m->state = -1;
	}
}

static void runs_fini(struct runs *runs)
{
	for (int v = 0; v < CFG_MAX_VARIANTS; v++) {
		for (int i = 0; i < runs->v[v].n; i++)
			free(runs->v[v].names[i]);
		free(runs->v[v].names);
		free(runs->v[v].values);
	}
}

static struct sim *start(const struct cfg_scenario *sc, const struct cfg_variant *var,
                         FILE *err);

/* The metric name of variant i's run to its end, running it first if need be; 0 or -1. */
static int measured_get(const struct cfg_scenario *sc, struct runs *runs, int i,
                        const char *name, double *value, FILE *err)
{
	struct measured *m;

	if (i < 0 || i >= CFG_MAX_VARIANTS)
		return -1;
	m = &runs->v[i];
	if (m->state == 0) {
		struct sim *sim = start(sc, &sc->variants[i], err);

		if (sim == NULL) {
			m->state = -1;
			return -1;
		}
		sim_run_until(sim, sim_end(sim));
		measured_keep(m, sim);
		sim_destroy(sim);
	}
	for (int k = 0; m->state == 1 && k < m->n; k++)
		if (strcmp(m->names[k], name) == 0) {
			*value = m->values[k];
			return 0;
		}
	return -1;
}

/* ---- one variant ------------------------------------------------------------------ */

/* What a claim check found; value (and rhs, when the right side is a metric) is NaN when
 * a metric is unknown. */
struct verdict {
	int ok;
	int known;
	double value;
	double rhs;
};

/* Judges a claim on sim, the run of variant self; runs carries the other variants'. */
static struct verdict judge(const struct cfg_scenario *sc, struct runs *runs, int self,
                            const struct sim *sim, const struct sim_claim *claim, FILE *err)
{
	struct verdict v = {.value = NAN, .rhs = NAN};
	int other = cfg_scenario_variant(sc, claim->rhs_variant);
	int r;

	if (claim->rhs[0] != '\0' && (other < 0 || other == self))
		(void)sim_metric_get(sim, claim->rhs, &v.rhs);
	if (claim->rhs_variant[0] == '\0' || other == self) {
		struct sim_claim same = *claim;

		same.rhs_variant[0] = '\0';
		r = sim_claim_check(sim, &same, &v.value);
	} else if (sim_metric_get(sim, claim->metric, &v.value) != 0 ||
	           measured_get(sc, runs, other, claim->rhs, &v.rhs, err) != 0) {
		r = -1;
	} else {
		r = sim_claim_holds(claim, v.value, v.rhs);
	}
	v.known = r >= 0;
	v.ok = r == 1;
	if (!v.known)
		v.value = v.rhs = NAN;
	return v;
}

/* A claim naming a metric the engine lacks is a fault of the file, reported where it is. */
static void complain_unknown(const struct cfg_scenario *sc, const struct sim_claim *c,
                             FILE *err)
{
	if (c->pos.line > 0)
		fprintf(err, "%s:%d:%d: unknown metric '%s' in claim '%s'\n", sc->path,
		        c->pos.line, c->pos.col, c->metric, c->text);
	else
		fprintf(err, "%s: unknown metric '%s' in claim '%s'\n", sc->path, c->metric,
		        c->text);
}

/*
 * Text from the engine or a file as the locale can show it: as it is in UTF-8, otherwise
 * in ASCII, as the plain deck does. A " · " between two readings becomes ", " ("CPU 90%,
 * RAM 90%"), which reads better in a log line than the deck's "|". The stored text and
 * the JSON keep the UTF-8.
 */
static const char *shown(const char *s, char *buf, size_t len)
{
	static int utf8 = -1;
	char commas[1024];
	size_t n = 0;

	if (utf8 < 0)
		utf8 = tui_locale_utf8();
	if (utf8 || len == 0)
		return s;
	while (*s && n + 3 < sizeof(commas)) {
		if (strncmp(s, " \u00b7 ", 4) == 0) {
			memcpy(commas + n, ", ", 2);
			n += 2;
			s += 4;
		} else {
			commas[n++] = *s++;
		}
	}
	commas[n] = '\0';
	tui_ascii(commas, buf, len);
	return buf;
}

static void print_heading(const struct cfg_variant *var, FILE *out)
{
	char text[1024];

	if (var->description[0])
		fprintf(out, "== variant %s: %s ==\n", var->name,
		        shown(var->description, text, sizeof(text)));
	else
		fprintf(out, "== variant %s ==\n", var->name);
}

static void print_log(const struct sim *sim, FILE *out)
{
	size_t n = sim_log_count(sim);
	char clock[16], text[1024];

	fprintf(out, "incident log\n");
	if (n == 0)
		fprintf(out, "  (nothing logged)\n");
	for (size_t i = 0; i < n; i++) {
		const struct sim_log_entry *e = sim_log_get(sim, i);

		sim_clock_format(sim, e->time, clock, sizeof(clock));
		fprintf(out, "  [%s] %s %s\n", clock, sim_level_name(e->level),
		        shown(e->message, text, sizeof(text)));
	}
}

static void print_metrics(const struct sim *sim, FILE *out)
{
	int n = sim_metric_count(sim);
	int width = 0;
	char value[64];

	for (int i = 0; i < n; i++)
		width = max_int(width, (int)strlen(sim_metric_name(sim, i)));
	fprintf(out, "metrics\n");
	if (n == 0)
		fprintf(out, "  (none)\n");
	for (int i = 0; i < n; i++) {
		report_format_value(sim_metric_value(sim, i), value, sizeof(value));
		fprintf(out, "  %-*s  %12s\n", width, sim_metric_name(sim, i), value);
	}
}

/* "$640", "$3,523.21": whole dollars bare, cents otherwise, thousands separated. */
static void format_money(double v, char *buf, size_t len)
{
	long long cents = llround(v * 100.0), whole = cents / 100;
	char digits[32], grouped[48];
	int n, k = 0;

	n = snprintf(digits, sizeof(digits), "%lld", whole < 0 ? -whole : whole);
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[k++] = ',';
		grouped[k++] = digits[i];
	}
	grouped[k] = '\0';
	if (cents % 100 == 0)
		snprintf(buf, len, "%s$%s", whole < 0 ? "-" : "", grouped);
	else
		snprintf(buf, len, "%s$%s.%02lld", cents < 0 ? "-" : "", grouped,
		         (cents < 0 ? -cents : cents) % 100);
}

/* What each node costs a month, then the total: "  app   1.0 x $640   $640". */
static void print_cost(const struct sim *sim, FILE *out)
{
	const struct sim_config *cfg = sim_config(sim);
	int width = 5;
	double k, total = 0.0;
	char each[64], sum[64];

	for (int i = 0; i < cfg->n_nodes; i++)
		width = max_int(width, (int)strlen(cfg->nodes[i].name));
	fprintf(out, "cost per month\n");
	for (int i = 0; i < cfg->n_nodes; i++) {
		double c = sim_node_cost(sim, i, &k);

		total += c;
		format_money(cfg->nodes[i].cost_per_month, each, sizeof(each));
		format_money(c, sum, sizeof(sum));
		fprintf(out, "  %-*s  %6.1f x %-9s  %10s\n", width, cfg->nodes[i].name, k, each,
		        sum);
	}
	format_money(total, sum, sizeof(sum));
	fprintf(out, "  %-*s  %20s  %10s\n", width, "total", "", sum);
}

static json_t *json_cost(const struct sim *sim)
{
	const struct sim_config *cfg = sim_config(sim);
	json_t *nodes = json_array();
	double k;

	for (int i = 0; i < cfg->n_nodes; i++) {
		double c = sim_node_cost(sim, i, &k);

		json_array_append_new(nodes, json_pack("{s:s, s:o, s:o, s:o}", "node",
		                                       cfg->nodes[i].name, "instances",
		                                       json_value(k), "each_usd",
		                                       json_value(cfg->nodes[i].cost_per_month),
		                                       "per_month_usd", json_value(c)));
	}
	return nodes;
}

/* "PASS  logged_out > 0  (logged_out = 37)", "PASS  refunds == dlq  (refunds = 5, dlq =
 * 5)": the measured value of each metric the claim names. */
static void print_claim(const struct sim_claim *c, struct verdict v, const char *indent,
                        FILE *out)
{
	char value[64], rhs[64];

	if (!v.known) {
		fprintf(out, "%sFAIL  %s  (unknown metric '%s')\n", indent, c->text, c->metric);
		return;
	}
	report_format_value(v.value, value, sizeof(value));
	fprintf(out, "%s%s  %s  (%s = %s", indent, v.ok ? "PASS" : "FAIL", c->text, c->metric,
	        value);
	if (c->rhs[0] != '\0') {
		report_format_value(v.rhs, rhs, sizeof(rhs));
		fprintf(out, ", %s%s%s = %s", c->rhs_variant, c->rhs_variant[0] ? "." : "",
		        c->rhs, rhs);
	}
	fprintf(out, ")\n");
}

/* {"text", "ok", "value"}; ok is null when the claim was not judged. */
static json_t *json_claim(const struct sim_claim *c, struct verdict v, int judged)
{
	return json_pack("{s:s, s:o, s:o}", "text", c->text,
	                 "ok", judged ? json_boolean(v.ok) : json_null(),
	                 "value", json_value(v.value));
}

/*
 * A run cut short by --until shows its claims with the values reached so far, but does
 * not judge them: a claim speaks of a whole run ("requests > 1000" fails at 1 s).
 */
static void print_unjudged(const struct sim *sim, const struct cfg_variant *var, FILE *out)
{
	char now[32], end[32], value[64];

	format_seconds(sim_now(sim), now, sizeof(now));
	format_seconds(sim_end(sim), end, sizeof(end));
	fprintf(out, "claims (not judged: the run stopped at %s, before its end at %s)\n",
	        now, end);
	for (int i = 0; i < var->n_claims; i++) {
		const struct sim_claim *c = &var->claims[i];
		double v = NAN;
		int known = sim_metric_get(sim, c->metric, &v) == 0;

		report_format_value(v, value, sizeof(value));
		fprintf(out, "  ----  %s  (%s = %s)\n", c->text, c->metric,
		        known ? value : "unknown metric");
	}
}

/* Judges every claim of variant i, prints them when out is set, adds them to jclaims if
 * set. Claims of a run stopped early are shown with their values but not judged. */
static int claims_report(const struct cfg_scenario *sc, struct runs *runs, int i,
                         const struct sim *sim, FILE *out, json_t *jclaims, FILE *err)
{
	const struct cfg_variant *var = &sc->variants[i];
	int judged = sim_now(sim) >= sim_end(sim);
	int rc = CLI_EXIT_OK;

	if (out && judged)
		fprintf(out, "claims\n");
	else if (out)
		print_unjudged(sim, var, out);
	if (out && var->n_claims == 0)
		fprintf(out, "  (none)\n");
	for (int k = 0; k < var->n_claims; k++) {
		const struct sim_claim *c = &var->claims[k];
		struct verdict v = {.value = NAN, .rhs = NAN};

		if (judged)
			v = judge(sc, runs, i, sim, c, err);
		else
			v.known = sim_metric_get(sim, c->metric, &v.value) == 0;
		if (!v.known) {
			complain_unknown(sc, c, err);
			rc = max_int(rc, CLI_EXIT_DATA);
		} else if (!v.ok && judged) {
			rc = max_int(rc, CLI_EXIT_CLAIM);
		}
		if (out && judged)
			print_claim(c, v, "  ", out);
		if (jclaims)
			json_array_append_new(jclaims, json_claim(c, v, judged));
	}
	return rc;
}

static json_t *json_log(const struct sim *sim)
{
	json_t *log = json_array();
	char clock[16];

	for (size_t i = 0; i < sim_log_count(sim); i++) {
		const struct sim_log_entry *e = sim_log_get(sim, i);

		sim_clock_format(sim, e->time, clock, sizeof(clock));
		json_array_append_new(log, json_pack("{s:s, s:f, s:s, s:s}", "time", clock,
		                      "seconds", (double)e->time / (double)SIM_SEC,
		                      "level", sim_level_name(e->level), "message", e->message));
	}
	return log;
}

static json_t *json_metrics(const struct sim *sim)
{
	json_t *metrics = json_object();

	for (int i = 0; i < sim_metric_count(sim); i++)
		json_object_set_new(metrics, sim_metric_name(sim, i),
		                    json_value(sim_metric_value(sim, i)));
	return metrics;
}

/* The variant's JSON object, without its claims (added by claims_report). */
static json_t *json_variant(const struct cfg_variant *var, const struct sim *sim)
{
	char fp[24];

	snprintf(fp, sizeof(fp), "%016" PRIx64, sim_fingerprint(sim));
	return json_pack("{s:s, s:s, s:I, s:s, s:f, s:o, s:o, s:[], s:o}",
	                 "name", var->name, "description", var->description,
	                 "events", (json_int_t)sim_events(sim), "fingerprint", fp,
	                 "sim_seconds", (double)sim_now(sim) / (double)SIM_SEC,
	                 "metrics", json_metrics(sim), "cost", json_cost(sim), "claims",
	                 "log", json_log(sim));
}

/* Creates the run of var; NULL after a message when the engine refuses the config. */
static struct sim *start(const struct cfg_scenario *sc, const struct cfg_variant *var,
                         FILE *err)
{
	char why[256] = "";
	struct sim *sim = sim_create(&var->cfg, sc->seed, why, sizeof(why));

	if (!sim)
		fprintf(err, "%s: variant '%s' cannot run: %s\n", sc->path, var->name,
		        why[0] ? why : "the engine refused it");
	return sim;
}

/* Runs variant i to until (clamped to its end); prints and collects what it shows. */
static int run_variant(const struct cfg_scenario *sc, struct runs *runs, int i,
                       const struct cli_options *opt, FILE *out, json_t *jvariants,
                       FILE *err)
{
	const struct cfg_variant *var = &sc->variants[i];
	struct sim *sim = start(sc, var, err);
	char fp[24], simulated[32];

	if (!sim)
		return CLI_EXIT_DATA;
	sim_time end = sim_end(sim);
	sim_run_until(sim, opt && opt->has_until && opt->until < end ? opt->until : end);
	if (sim_now(sim) >= end)
		measured_keep(&runs->v[i], sim);

	json_t *jvar = jvariants ? json_variant(var, sim) : NULL;
	if (out) {
		print_heading(var, out);
		print_log(sim, out);
		print_metrics(sim, out);
		print_cost(sim, out);
	}
	int rc = claims_report(sc, runs, i, sim, out,
	                       jvar ? json_object_get(jvar, "claims") : NULL, err);
	if (out) {
		snprintf(fp, sizeof(fp), "%016" PRIx64, sim_fingerprint(sim));
		format_seconds(sim_now(sim), simulated, sizeof(simulated));
		fprintf(out, "fingerprint %s, %" PRIu64 " events, %s simulated\n", fp,
		        sim_events(sim), simulated);
	}
	if (jvar)
		json_array_append_new(jvariants, jvar);
	sim_destroy(sim);
	return rc;
}

/* ---- JSON output ------------------------------------------------------------------ */

/*
 * Writes doc through out_file: to a temporary file next to path, renamed over it once
 * whole (a reader sees the old file or the new one, never half of one), or straight into
 * a device or a FIFO, which a rename would destroy.
 */
static int json_write_file(json_t *doc, const char *path, FILE *err)
{
	struct out_file of;
	int rc = out_file_open(&of, path, err);

	if (rc != CLI_EXIT_OK)
		return rc;
	if (json_dumpf(doc, of.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 && !ferror(of.f)) {
		out_file_abort(&of);
		fprintf(err, "gossipsim: cannot write '%s': out of memory\n", path);
		return CLI_EXIT_SOFTWARE;
	}
	fputc('\n', of.f);
	/* a failed write leaves the stream in error: the commit says why and drops the file */
	return out_file_commit(&of, err);
}

static int json_write(json_t *doc, const char *path, FILE *out, FILE *err)
{
	if (strcmp(path, "-") != 0)
		return json_write_file(doc, path, err);
	if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
	    fputc('\n', out) == EOF) {
		fprintf(err, "gossipsim: cannot write JSON to standard output\n");
		return CLI_EXIT_SOFTWARE;
	}
	return CLI_EXIT_OK;
}

/* A seed beyond JSON's signed 64-bit integers is written as its decimal digits. */
static json_t *json_seed(uint64_t seed)
{
	char digits[24];

	if (seed <= (uint64_t)INT64_MAX)
		return json_integer((json_int_t)seed);
	snprintf(digits, sizeof(digits), "%" PRIu64, seed);
	return json_string(digits);
}

static json_t *json_scenario(const struct cfg_scenario *sc)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:[]}", "scenario", sc->path,
	                 "title", sc->title, "era", sc->era_path, "seed", json_seed(sc->seed),
	                 "variants");
}

/* ---- run -------------------------------------------------------------------------- */

static void print_scenario(const struct cfg_scenario *sc, FILE *out)
{
	char text[1024];

	fprintf(out, "%s", sc->title[0] ? shown(sc->title, text, sizeof(text)) : sc->path);
	if (sc->year)
		fprintf(out, " (%d)", sc->year);
	fprintf(out, "\nfile  %s\n", sc->path);
	if (sc->era_path[0] && !sc->is_era)
		fprintf(out, "era   %s\n", sc->era_path);
	fprintf(out, "seed  %" PRIu64 "\n", sc->seed);
}

int report_run(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
               FILE *out, FILE *err)
{
	const char *json_path = opt ? opt->json_path : NULL;
	FILE *text = json_path && strcmp(json_path, "-") == 0 ? NULL : out;
	json_t *doc = NULL;
	struct runs runs = {0};
	int rc = CLI_EXIT_OK;

	if (json_path) {
		if ((rc = out_target_ok(sc, "JSON", json_path, err)) != CLI_EXIT_OK)
			return rc;
		if (!(doc = json_scenario(sc))) {
			fprintf(err, "gossipsim: out of memory\n");
			return CLI_EXIT_SOFTWARE;
		}
	}
	if (text)
		print_scenario(sc, text);
	for (int i = 0; i < sc->n_variants; i++) {
		if (variant >= 0 && i != variant)
			continue;
		if (text)
			fputc('\n', text);
		rc = max_int(rc, run_variant(sc, &runs, i, opt, text,
		                         doc ? json_object_get(doc, "variants") : NULL, err));
	}
	runs_fini(&runs);
	if (doc) {
		rc = max_int(rc, json_write(doc, json_path, out, err));
		json_decref(doc);
	}
	return rc;
}

/* ---- check and validate ----------------------------------------------------------- */

struct tally {
	int claims;
	int failed;
	int files;
	int broken;                     /* files that did not load or run */
};

/* Every variant of one loaded scenario, a line per claim. */
static int check_scenario(const struct cfg_scenario *sc, struct tally *t, FILE *out,
                          FILE *err)
{
	struct runs runs = {0};
	int rc = CLI_EXIT_OK;

	for (int i = 0; i < sc->n_variants; i++) {
		const struct cfg_variant *var = &sc->variants[i];
		struct sim *sim = start(sc, var, err);
		char prefix[1100];

		if (!sim) {
			rc = max_int(rc, CLI_EXIT_DATA);
			continue;
		}
		sim_run_until(sim, sim_end(sim));
		measured_keep(&runs.v[i], sim);
		snprintf(prefix, sizeof(prefix), "%s %s: ", sc->path, var->name);
		if (var->n_claims == 0)
			fprintf(out, "%sno claims\n", prefix);
		for (int j = 0; j < var->n_claims; j++) {
			const struct sim_claim *c = &var->claims[j];
			struct verdict v = judge(sc, &runs, i, sim, c, err);

			t->claims++;
			t->failed += !v.ok;
			print_claim(c, v, prefix, out);
			if (!v.known)
				complain_unknown(sc, c, err);
			rc = max_int(rc, !v.known ? CLI_EXIT_DATA : !v.ok ? CLI_EXIT_CLAIM : 0);
		}
		sim_destroy(sim);
	}
	runs_fini(&runs);
	return rc;
}

int report_check(char *const *files, int n, const struct cli_options *opt, FILE *out,
                 FILE *err)
{
	struct tally t = {0};
	int rc = CLI_EXIT_OK;

	for (int i = 0; i < n; i++) {
		struct cfg_scenario sc;
		int r = report_load(files[i], opt, &sc, err);

		t.files++;
		if (r == CLI_EXIT_OK) {
			r = check_scenario(&sc, &t, out, err);
			cfg_scenario_fini(&sc);
		}
		t.broken += r > CLI_EXIT_CLAIM;
		rc = max_int(rc, r);
	}
	fprintf(out, "%d claim%s in %d file%s: %d passed, %d failed", t.claims,
	        t.claims == 1 ? "" : "s", t.files, t.files == 1 ? "" : "s",
	        t.claims - t.failed, t.failed);
	if (t.broken)
		fprintf(out, ", %d file%s with errors", t.broken, t.broken == 1 ? "" : "s");
	fputc('\n', out);
	return rc;
}

int report_validate(char *const *files, int n, const struct cli_options *opt, FILE *out,
                    FILE *err)
{
	int rc = CLI_EXIT_OK;

	for (int i = 0; i < n; i++) {
		struct cfg_scenario sc;
		int r = report_load(files[i], opt, &sc, err);

		if (r == CLI_EXIT_OK) {
			fprintf(out, "%s: ok\n", files[i]);
			cfg_scenario_fini(&sc);
		}
		rc = max_int(rc, r);
	}
	return rc;
}

/* ---- list ------------------------------------------------------------------------- */

struct listing {
	int year;
	char *path;                     /* as printed: relative to the working folder if inside */
	char *title;
};

struct list {
	struct listing *items;
	int n;
	int cap;
	int rc;
	char cwd[4096];
};

/* The path as a user would type it: relative when it lies under the working folder. */
static const char *shown_path(const struct list *l, const char *path)
{
	size_t n = strlen(l->cwd);

	if (n > 1 && strncmp(path, l->cwd, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

static int is_yaml(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

/* Loads one file for its year and title; a file that does not load is reported. */
static void list_add(struct list *l, const char *path, FILE *err)
{
	struct cfg_scenario sc;
	const char *shown = shown_path(l, path);
	int r = report_load(shown, NULL, &sc, err);

	if (r != CLI_EXIT_OK) {
		l->rc = max_int(l->rc, r);
		return;
	}
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 32;
		struct listing *grown = realloc(l->items, (size_t)cap * sizeof(*grown));

		if (!grown) {
			l->rc = CLI_EXIT_SOFTWARE;
			cfg_scenario_fini(&sc);
			return;
		}
		l->items = grown;
		l->cap = cap;
	}
	const char *title = sc.title;
	int year = sc.year;
	if (!title[0] && sc.n_variants > 0)
		title = sc.variants[0].cfg.era_title;
	if (!year && sc.n_variants > 0)
		year = sc.variants[0].cfg.era_year;
	struct listing *it = &l->items[l->n++];
	it->year = year;
	it->path = strdup(shown);
	it->title = strdup(title);
	if (!it->path || !it->title)
		l->rc = CLI_EXIT_SOFTWARE;
	cfg_scenario_fini(&sc);
}

/* Every YAML file under dir, into subfolders a few levels deep; dot files are skipped. */
static void list_scan(struct list *l, const char *dir, int depth, FILE *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	struct stat st;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		int n = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);

		if (e->d_name[0] == '.' || n < 0 || (size_t)n >= sizeof(path) ||
		    stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < 4)
			list_scan(l, path, depth + 1, err);
		else if (S_ISREG(st.st_mode) && is_yaml(e->d_name))
			list_add(l, path, err);
	}
	closedir(d);
}

static int listing_cmp(const void *a, const void *b)
{
	const struct listing *x = a, *y = b;

	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return strcmp(x->path, y->path);
}

static void list_print(const struct list *l, FILE *out)
{
	char text[1024];
	int width = 0;

	for (int i = 0; i < l->n; i++)
		width = max_int(width, (int)strlen(l->items[i].path));
	for (int i = 0; i < l->n; i++) {
		const struct listing *it = &l->items[i];

		if (i == 0 || it->year != l->items[i - 1].year) {
			if (it->year)
				fprintf(out, "%d\n", it->year);
			else
				fprintf(out, "no year\n");
		}
		fprintf(out, "  %-*s  %s\n", width, it->path, shown(it->title, text, sizeof(text)));
	}
}

int report_list(FILE *out, FILE *err)
{
	static const char *const folders[] = {"eras", "scenarios"};
	struct list l = {0};
	char dir[4096];

	if (!getcwd(l.cwd, sizeof(l.cwd)))
		l.cwd[0] = '\0';
	for (size_t i = 0; i < sizeof(folders) / sizeof(folders[0]); i++)
		if (deck_data_path(folders[i], dir, sizeof(dir)))
			list_scan(&l, dir, 0, err);
	if (l.n > 0)
		qsort(l.items, (size_t)l.n, sizeof(*l.items), listing_cmp);
	list_print(&l, out);
	if (l.n == 0 && l.rc == CLI_EXIT_OK) {
		char *slash = deck_data_path("eras", dir, sizeof(dir)) ? strrchr(dir, '/') : NULL;

		if (slash)
			*slash = '\0';
		fprintf(err, "gossipsim: no eras or scenarios found in '%s'\n", dir);
		l.rc = CLI_EXIT_NOINPUT;
	}
	for (int i = 0; i < l.n; i++) {
		free(l.items[i].path);
		free(l.items[i].title);
	}
	free(l.items);
	return l.rc;
}
