/* SPDX-License-Identifier: MIT */
/*
 * out_csv.c: `run --csv PATH`, a table of the run over time for spreadsheets and
 * notebooks: one row per simulated second per variant, as RFC 4180 wants it (a header
 * row, CRLF line ends, a field quoted when it holds a comma, a quote or a line break).
 *
 * Columns: variant, time_s, clock, then the last monitor interval's throughput_per_s,
 * p50_ms, p99_ms, error_rate and users, then the story counters so far (failed,
 * timeouts...), then each node's cpu, ram and pool ratios where its kind has them
 * ("app_cpu", "db_pool"). Variants may differ in their nodes (the fix adds a Redis), so
 * the node columns are the union over the variants written, in order of first
 * appearance, and a variant leaves the columns of nodes it lacks empty. A value that is
 * not a number (no request answered in the interval) is an empty field too.
 */
#include "out_files.h"

#include <math.h>
#include <string.h>

enum { COL_CPU, COL_RAM, COL_POOL };

/* One node column: a node name and which of its ratios. */
struct column {
	char node[SIM_NAME_MAX];
	int which;
};

struct table {
	FILE *f;
	const char *variant;
	struct column cols[SIM_MAX_NODES * 3 * 4];
	int n_cols;
	int map[SIM_MAX_NODES * 3 * 4];         /* column -> node index of this variant, -1 */
};

/* A field as RFC 4180 writes it: quoted, with quotes doubled, when it needs to be. */
static void put_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* Up to six decimals without trailing zeros; empty for NaN and infinities. */
static void put_number(FILE *f, double v)
{
	char buf[64];

	fputc(',', f);
	if (isnan(v) || isinf(v))
		return;
	if (v == 0)
		v = 0;                          /* no "-0" */
	snprintf(buf, sizeof(buf), "%.6f", v);
	char *end = buf + strlen(buf) - 1;
	while (*end == '0')
		*end-- = '\0';
	if (*end == '.')
		*end = '\0';
	fputs(buf, f);
}

static int has(enum sim_node_kind kind, int which)
{
	switch (which) {
	case COL_CPU:
		return out_node_has_cpu(kind);
	case COL_RAM:
		return out_node_has_ram(kind);
	default:
		return out_node_has_pool(kind);
	}
}

static int find_column(const struct table *t, const char *node, int which)
{
	for (int i = 0; i < t->n_cols; i++)
		if (t->cols[i].which == which && strcmp(t->cols[i].node, node) == 0)
			return i;
	return -1;
}

/* Adds the columns of one variant's nodes that earlier variants did not bring. */
static void add_columns(struct table *t, const struct sim_config *cfg)
{
	for (int n = 0; n < cfg->n_nodes; n++)
		for (int w = COL_CPU; w <= COL_POOL; w++) {
			const struct sim_node_cfg *node = &cfg->nodes[n];
			int cap = (int)(sizeof(t->cols) / sizeof(t->cols[0]));

			if (!has(node->kind, w) || find_column(t, node->name, w) >= 0 ||
			    t->n_cols == cap)
				continue;
			snprintf(t->cols[t->n_cols].node, SIM_NAME_MAX, "%s", node->name);
			t->cols[t->n_cols++].which = w;
		}
}

/* Where each column's value sits in this variant's snapshots. */
static void map_columns(struct table *t, const struct sim_config *cfg)
{
	for (int i = 0; i < t->n_cols; i++) {
		t->map[i] = -1;
		for (int n = 0; n < cfg->n_nodes; n++)
			if (strcmp(cfg->nodes[n].name, t->cols[i].node) == 0 &&
			    has(cfg->nodes[n].kind, t->cols[i].which))
				t->map[i] = n;
	}
}

static void put_header(const struct table *t)
{
	static const char *const suffix[] = {"_cpu", "_ram", "_pool"};
	char name[SIM_NAME_MAX + 8];

	fputs("variant,time_s,clock,throughput_per_s,p50_ms,p99_ms,error_rate,users", t->f);
	for (int i = 0; out_story_metrics[i]; i++)
		fprintf(t->f, ",%s", out_story_metrics[i]);
	for (int i = 0; i < t->n_cols; i++) {
		snprintf(name, sizeof(name), "%s%s", t->cols[i].node, suffix[t->cols[i].which]);
		fputc(',', t->f);
		put_field(t->f, name);
	}
	fputs("\r\n", t->f);
}

/* One row: the variant at the end of one simulated second. */
static int put_row(void *ctx, const struct sim *sim, const struct sim_snapshot *s)
{
	struct table *t = ctx;
	char clock[16];
	double v;

	put_field(t->f, t->variant);
	put_number(t->f, (double)s->now / (double)SIM_SEC);
	sim_clock_format(sim, s->now, clock, sizeof(clock));
	fputc(',', t->f);
	put_field(t->f, clock);
	put_number(t->f, s->throughput_per_s);
	put_number(t->f, s->p50_ms);
	put_number(t->f, s->p99_ms);
	put_number(t->f, s->error_rate);
	put_number(t->f, s->users);
	for (int i = 0; out_story_metrics[i]; i++)
		put_number(t->f, sim_metric_get(sim, out_story_metrics[i], &v) == 0 ? v : NAN);
	for (int i = 0; i < t->n_cols; i++) {
		const struct sim_node_view *n = t->map[i] >= 0 ? &s->nodes[t->map[i]] : NULL;
		double r = !n ? NAN : t->cols[i].which == COL_CPU ? n->cpu :
		           t->cols[i].which == COL_RAM ? n->ram : n->pool;

		put_number(t->f, r < 0 ? NAN : r);
	}
	fputs("\r\n", t->f);
	return ferror(t->f) ? CLI_EXIT_NOINPUT : 0;
}

/* The header and every row of the variants asked for, into f. */
static int write_table(FILE *f, const struct cfg_scenario *sc, int variant,
                       const struct cli_options *opt, FILE *err)
{
	static struct table t;          /* large; one CSV is written at a time */
	int rc = CLI_EXIT_OK;

	memset(&t, 0, sizeof(t));
	t.f = f;
	for (int v = 0; v < sc->n_variants; v++)
		if (variant < 0 || v == variant)
			add_columns(&t, &sc->variants[v].cfg);
	put_header(&t);
	for (int v = 0; v < sc->n_variants && rc == CLI_EXIT_OK; v++) {
		if (variant >= 0 && v != variant)
			continue;
		t.variant = sc->variants[v].name;
		map_columns(&t, &sc->variants[v].cfg);
		rc = out_replay(sc, v, opt, put_row, &t, err);
	}
	return rc;
}

int out_csv_write(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                  FILE *out, FILE *err)
{
	struct out_file of;
	int rc;

	if (out_csv_to_stdout(opt)) {
		rc = write_table(out, sc, variant, opt, err);
		if (rc == CLI_EXIT_OK && (fflush(out) != 0 || ferror(out))) {
			fprintf(err, "gossipsim: cannot write CSV to standard output\n");
			rc = CLI_EXIT_SOFTWARE;
		}
		return rc;
	}
	if ((rc = out_file_open(&of, opt->csv_path, err)) != CLI_EXIT_OK)
		return rc;
	rc = write_table(of.f, sc, variant, opt, err);
	/* a failed write (CLI_EXIT_NOINPUT) leaves the stream in error: the commit says why */
	if (rc != CLI_EXIT_OK && rc != CLI_EXIT_NOINPUT) {
		out_file_abort(&of);
		return rc;
	}
	return out_file_commit(&of, err);
}
