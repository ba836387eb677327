/* SPDX-License-Identifier: MIT */
/*
 * out_dot.c: `gossipsim dot FILE`, an era's topology as a Graphviz digraph for slides and
 * handouts (`gossipsim dot FILE | dot -Tsvg >topology.svg`).
 *
 * The graph reads left to right as requests flow: the clients, then each node with its
 * name, label and kind, coloured and shaped by kind (a database is a cylinder). Edges are
 * the paths a request can take: clients -> the entry of the era and of every workload,
 * lb -> each upstream, app -> its db, app -> its session store (dashed: only sessions go
 * there). Nodes of one layer of layout.c share a rank, so dot draws the same columns the
 * terminal view does. Node names are always quoted: `-` is allowed in a name and not in a
 * bare DOT identifier. A scenario is drawn as its first variant or the one --variant names.
 */
#include "out_files.h"

#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "report.h"

#define CLIENTS_ID "__clients"

struct kind_style {
	const char *shape;
	const char *fill;
	const char *what;               /* the kind as a reader says it */
};

static const struct kind_style styles[SIM_NODE__COUNT] = {
	[SIM_NODE_LB] = {"box", "#dbeafe", "load balancer"},
	[SIM_NODE_APP] = {"box", "#dcfce7", "app server"},
	[SIM_NODE_DB] = {"cylinder", "#fef3c7", "database"},
	[SIM_NODE_CACHE] = {"box3d", "#fee2e2", "cache"},
};

/* s inside a DOT string: quotes and backslashes escaped, line breaks as \n. */
static void put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		if (*s == '\n')
			fputs("\\n", out);
		else if ((unsigned char)*s >= ' ')
			fputc(*s, out);
	}
}

static void put_id(FILE *out, const char *name)
{
	fputc('"', out);
	put_escaped(out, name);
	fputc('"', out);
}

static void put_node(FILE *out, const struct sim_node_cfg *n)
{
	const struct kind_style *st = &styles[n->kind];

	fputc('\t', out);
	put_id(out, n->name);
	fputs(" [label=\"", out);
	put_escaped(out, n->name);
	if (n->label[0] && strcmp(n->label, n->name) != 0) {
		fputs("\\n", out);
		put_escaped(out, n->label);
	}
	fprintf(out, "\\n(%s)\", class=\"%s\", tooltip=\"%s\", shape=%s, fillcolor=\"%s\"];\n",
	        sim_node_kind_name(n->kind), sim_node_kind_name(n->kind), st->what, st->shape,
	        st->fill);
}

static void put_edge(FILE *out, const char *from, const char *to, const char *extra)
{
	fputc('\t', out);
	put_id(out, from);
	fputs(" -> ", out);
	put_id(out, to);
	if (extra)
		fprintf(out, " [%s]", extra);
	fputs(";\n", out);
}

/* The entries clients reach: the era's and every workload's, each once. */
static void put_client_edges(FILE *out, const struct sim_config *cfg)
{
	int seen[SIM_MAX_NODES] = {0};

	if (cfg->entry >= 0) {
		seen[cfg->entry] = 1;
		put_edge(out, CLIENTS_ID, cfg->nodes[cfg->entry].name, NULL);
	}
	for (int i = 0; i < cfg->n_workloads; i++) {
		int e = cfg->workloads[i].entry;

		if (e >= 0 && e < cfg->n_nodes && !seen[e]) {
			seen[e] = 1;
			put_edge(out, CLIENTS_ID, cfg->nodes[e].name, NULL);
		}
	}
}

static void put_edges(FILE *out, const struct sim_config *cfg)
{
	put_client_edges(out, cfg);
	for (int i = 0; i < cfg->n_nodes; i++) {
		const struct sim_node_cfg *n = &cfg->nodes[i];

		if (n->kind == SIM_NODE_LB)
			for (int u = 0; u < n->n_upstreams; u++)
				put_edge(out, n->name, cfg->nodes[n->upstreams[u]].name, NULL);
		if (n->kind != SIM_NODE_APP)
			continue;
		if (n->sessions == SIM_SESSION_STORE && n->session_store >= 0)
			put_edge(out, n->name, cfg->nodes[n->session_store].name,
			         "style=dashed, label=\"sessions\", fontsize=9");
		if (n->db >= 0)
			put_edge(out, n->name, cfg->nodes[n->db].name, NULL);
	}
}

/* One `{rank=same; ...}` per layer of layout.c, so columns match the terminal view. */
static void put_ranks(FILE *out, const struct sim_config *cfg)
{
	struct layout *lay = malloc(sizeof(*lay));

	if (!lay)
		return;                 /* without ranks dot still draws a fine graph */
	layout_compute(cfg, 4000, 4000, lay);
	for (int layer = 1; layer < lay->n_layers; layer++) {
		int any = 0;

		for (int b = 0; b < lay->n_boxes; b++) {
			if (lay->boxes[b].layer != layer || lay->boxes[b].node < 0)
				continue;
			fputs(any ? " " : "\t{rank=same; ", out);
			put_id(out, cfg->nodes[lay->boxes[b].node].name);
			fputc(';', out);
			any = 1;
		}
		if (any)
			fputs("}\n", out);
	}
	free(lay);
}

static void put_graph(FILE *out, const struct cfg_scenario *sc, const struct cfg_variant *var)
{
	const struct sim_config *cfg = &var->cfg;

	fprintf(out, "// %s", sc->path);
	if (!sc->is_era)
		fprintf(out, ", variant %s", var->name);
	fputs(", drawn by gossipsim dot\ndigraph ", out);
	put_id(out, cfg->era_name);
	fputs(" {\n\tgraph [rankdir=LR, labelloc=t, fontname=\"DejaVu Sans\", "
	      "nodesep=0.35, ranksep=0.9, label=\"", out);
	put_escaped(out, cfg->era_title[0] ? cfg->era_title : cfg->era_name);
	if (cfg->era_year)
		fprintf(out, " (%d)", cfg->era_year);
	fputs("\"];\n\tnode [fontname=\"DejaVu Sans\", fontsize=11, style=\"filled\", "
	      "color=\"#475569\"];\n\tedge [color=\"#475569\", arrowsize=0.7, "
	      "fontname=\"DejaVu Sans\"];\n", out);
	fputs("\t" "\"" CLIENTS_ID "\" [label=\"clients\", class=\"clients\", shape=ellipse, "
	      "fillcolor=\"#f1f5f9\"];\n", out);
	for (int i = 0; i < cfg->n_nodes; i++)
		put_node(out, &cfg->nodes[i]);
	put_ranks(out, cfg);
	put_edges(out, cfg);
	fputs("}\n", out);
}

/* The --variant asked for, 0 when none; -1 after a usage message. */
static int pick(const struct cfg_scenario *sc, const char *name, FILE *err)
{
	int v = name ? cfg_scenario_variant(sc, name) : 0;

	if (v >= 0)
		return v;
	fprintf(err, "gossipsim: no variant '%s' in %s (it has:", name, sc->path);
	for (int j = 0; j < sc->n_variants; j++)
		fprintf(err, "%s %s", j ? "," : "", sc->variants[j].name);
	fprintf(err, ")\ntry 'gossipsim --help'\n");
	return -1;
}

int out_dot_command(const struct cli_options *opt, FILE *out, FILE *err)
{
	struct cfg_scenario sc;
	int rc = report_load(opt->files[0], opt, &sc, err);

	if (rc != CLI_EXIT_OK)
		return rc;
	int v = pick(&sc, opt->variant, err);
	if (v < 0)
		rc = CLI_EXIT_USAGE;
	else
		put_graph(out, &sc, &sc.variants[v]);
	cfg_scenario_fini(&sc);
	return rc;
}
