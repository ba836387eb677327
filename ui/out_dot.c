/* SPDX-License-Identifier: MIT */
/*
 * out_dot.c: `gossipsim dot FILE`, an era's topology as a Graphviz digraph for slides and
 * handouts (`gossipsim dot FILE | dot -Tsvg >topology.svg`).
 *
 * The graph reads left to right as requests flow: the clients, then each node with its
 * name, label and kind, coloured and shaped by kind (a database is a cylinder, a gateway
 * a hexagon). Ranks and edges are layout.c's, the graph the terminal view draws: clients
 * -> the entries, lb and gateway -> upstreams, app -> db and what its routes call, app ->
 * session store, publish to and consume from a broker, cdn -> origin, db -> replica (one
 * edge with two heads for dbs that replicate each other); an app's step edges are those
 * of the routes it serves (layout_routes_served()). Edges that carry no request (sessions,
 * messages, replication) are dashed or dotted and say what they carry. Node names are
 * always quoted: `-` is allowed in a name and not in a bare DOT identifier. A scenario is
 * drawn as its first variant or the one --variant names.
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
	[SIM_NODE_GATEWAY] = {"hexagon", "#e0e7ff", "API gateway"},
	[SIM_NODE_BROKER] = {"cds", "#f3e8ff", "message broker"},
	[SIM_NODE_CDN] = {"tab", "#ccfbf1", "CDN"},
};

/* A kind added to the engine later is still drawn, plainly. */
static const struct kind_style fallback = {"box", "#f1f5f9", "node"};

static const struct kind_style *style_of(enum sim_node_kind kind)
{
	if ((unsigned)kind >= SIM_NODE__COUNT || !styles[kind].shape)
		return &fallback;
	return &styles[kind];
}

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
	const struct kind_style *st = style_of(n->kind);

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

/* The id of box b of lay: the clients, or its node's name. */
static const char *box_id(const struct sim_config *cfg, const struct layout *lay, int b)
{
	int node = lay->boxes[b].node;

	return node < 0 ? CLIENTS_ID : cfg->nodes[node].name;
}

/* How an edge that is not a plain request is drawn: sessions, messages, replication. */
static const char *edge_style(const struct sim_config *cfg, const struct layout *lay,
                              const struct layout_edge *e)
{
	int from = lay->boxes[e->from].node, to = lay->boxes[e->to].node;
	const struct sim_node_cfg *a, *b;

	if (from < 0 || to < 0)
		return NULL;
	a = &cfg->nodes[from];
	b = &cfg->nodes[to];
	if (a->kind == SIM_NODE_APP && a->sessions == SIM_SESSION_STORE &&
	    a->session_store == to)
		return "style=dashed, label=\"sessions\", fontsize=9";
	if (a->kind == SIM_NODE_APP && b->kind == SIM_NODE_BROKER)
		return "style=dashed, label=\"publishes\", fontsize=9";
	if (a->kind == SIM_NODE_BROKER)
		return "style=dashed, label=\"consumed by\", fontsize=9";
	/* replicas of each other are one edge in the layout: both ways here too */
	if (a->kind == SIM_NODE_DB && b->kind == SIM_NODE_DB && e->both_ways)
		return "style=dotted, dir=both, label=\"replicas\", fontsize=9";
	if (a->kind == SIM_NODE_DB && b->kind == SIM_NODE_DB)
		return "style=dotted, label=\"replica\", fontsize=9";
	if (a->kind == SIM_NODE_CDN)
		return "label=\"origin\", fontsize=9";
	return NULL;
}

/*
 * Ranks and edges come from layout.c, the same graph the terminal view and the window
 * draw: one `{rank=same; ...}` per column, then every path a request or message takes.
 */
static void put_layout(FILE *out, const struct sim_config *cfg)
{
	struct layout *lay = malloc(sizeof(*lay));

	if (!lay)
		return;
	layout_compute(cfg, 4000, 4000, lay);
	for (int layer = 1; layer < lay->n_layers; layer++) {
		int any = 0;

		for (int b = 0; b < lay->n_boxes; b++) {
			if (lay->boxes[b].layer != layer || lay->boxes[b].node < 0)
				continue;
			fputs(any ? " " : "\t{rank=same; ", out);
			put_id(out, box_id(cfg, lay, b));
			fputc(';', out);
			any = 1;
		}
		if (any)
			fputs("}\n", out);
	}
	for (int e = 0; e < lay->n_edges; e++) {
		int from = lay->edges[e].from, to = lay->edges[e].to;
		const char *style = edge_style(cfg, lay, &lay->edges[e]);

		fputc('\t', out);
		put_id(out, box_id(cfg, lay, from));
		fputs(" -> ", out);
		put_id(out, box_id(cfg, lay, to));
		if (style)
			fprintf(out, " [%s]", style);
		fputs(";\n", out);
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
	put_layout(out, cfg);
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
