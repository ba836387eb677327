/* SPDX-License-Identifier: MIT */
/*
 * layout.c: places the nodes of an era in a diagram, for any front end.
 *
 * Three steps. Layers: each kind has a home column (clients 0, lb 1, app 2, cache 3, db 4),
 * then every edge pushes its target at least one column right of its source, so an lb in
 * front of another lb, or a chain of them, still reads left to right; empty columns are
 * dropped. Order: within a column, nodes start in file order and are sorted a few times by
 * the barycentre of their neighbours' positions, keeping the order with the fewest
 * crossings. Geometry: columns share the width with a gap between them for the arrows,
 * rows share the height with the tallest column setting the pitch, shorter columns are
 * centred. Box 0 is always the virtual clients box; box i + 1 is node i.
 *
 * Invariants after a successful layout_compute(): every box lies inside the w x h area and
 * no two boxes overlap. Nothing here allocates or keeps state between calls.
 */
#include "layout.h"

#include <stdio.h>
#include <string.h>

#define HOME_LAYERS 5
#define SWEEPS 8

static int home_layer(enum sim_node_kind kind)
{
	switch (kind) {
	case SIM_NODE_LB:
		return 1;
	case SIM_NODE_APP:
		return 2;
	case SIM_NODE_CACHE:
		return 3;
	case SIM_NODE_DB:
		return 4;
	default:
		return 2;
	}
}

static int valid_node(const struct sim_config *cfg, int node)
{
	return node >= 0 && node < cfg->n_nodes;
}

/* Adds the edge between boxes a and b unless it is already there or loops. */
static void add_edge(struct layout *lay, int a, int b)
{
	int i;

	if (a == b || lay->n_edges >= LAYOUT_MAX_EDGES)
		return;
	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].from == a && lay->edges[i].to == b)
			return;
	lay->edges[lay->n_edges].from = a;
	lay->edges[lay->n_edges].to = b;
	lay->n_edges++;
}

static void node_edges(const struct sim_config *cfg, int i, struct layout *lay)
{
	const struct sim_node_cfg *n = &cfg->nodes[i];
	int k;

	if (n->kind == SIM_NODE_LB) {
		for (k = 0; k < n->n_upstreams; k++)
			if (valid_node(cfg, n->upstreams[k]))
				add_edge(lay, i + 1, n->upstreams[k] + 1);
	}
	if (n->kind != SIM_NODE_APP)
		return;
	if (valid_node(cfg, n->db))
		add_edge(lay, i + 1, n->db + 1);
	if (n->sessions == SIM_SESSION_STORE && valid_node(cfg, n->session_store))
		add_edge(lay, i + 1, n->session_store + 1);
}

static void build_graph(const struct sim_config *cfg, struct layout *lay)
{
	int i;

	lay->n_boxes = cfg->n_nodes + 1;
	lay->boxes[0].node = LAYOUT_CLIENTS;
	snprintf(lay->boxes[0].label, sizeof lay->boxes[0].label, "clients");
	for (i = 0; i < cfg->n_nodes; i++) {
		const struct sim_node_cfg *n = &cfg->nodes[i];
		struct layout_box *b = &lay->boxes[i + 1];

		b->node = i;
		snprintf(b->label, sizeof b->label, "%s", n->label[0] ? n->label : n->name);
		lay->box_of_node[i] = i + 1;
	}

	if (valid_node(cfg, cfg->entry))
		add_edge(lay, 0, cfg->entry + 1);
	for (i = 0; i < cfg->n_workloads; i++)
		if (valid_node(cfg, cfg->workloads[i].entry))
			add_edge(lay, 0, cfg->workloads[i].entry + 1);
	for (i = 0; i < cfg->n_nodes; i++)
		node_edges(cfg, i, lay);
}

/*
 * Pushes edge targets right of their sources. A cycle in the config (an lb whose upstream
 * leads back to it) would push forever, so the passes stop after n_boxes rounds; the
 * diagram of such a config has an arrow pointing left, which is the truth.
 */
static void assign_layers(const struct sim_config *cfg, struct layout *lay)
{
	int used[SIM_MAX_NODES + HOME_LAYERS + 2] = { 0 };
	int map[SIM_MAX_NODES + HOME_LAYERS + 2];
	int i, pass, changed, n = 0;
	int top = (int)(sizeof used / sizeof used[0]) - 1;

	lay->boxes[0].layer = 0;
	for (i = 1; i < lay->n_boxes; i++)
		lay->boxes[i].layer = home_layer(cfg->nodes[i - 1].kind);
	for (pass = 0, changed = 1; changed && pass < lay->n_boxes; pass++) {
		changed = 0;
		for (i = 0; i < lay->n_edges; i++) {
			struct layout_box *a = &lay->boxes[lay->edges[i].from];
			struct layout_box *b = &lay->boxes[lay->edges[i].to];

			if (b->layer <= a->layer && a->layer < top) {
				b->layer = a->layer + 1;
				changed = 1;
			}
		}
	}

	for (i = 0; i < lay->n_boxes; i++)
		used[lay->boxes[i].layer] = 1;
	for (i = 0; i <= top; i++)
		map[i] = used[i] ? n++ : -1;
	for (i = 0; i < lay->n_boxes; i++)
		lay->boxes[i].layer = map[lay->boxes[i].layer];
	lay->n_layers = n;
}

/* Boxes of one layer, in row order. */
static int layer_members(const struct layout *lay, int layer, int *out)
{
	int i, n = 0;

	for (i = 0; i < lay->n_boxes; i++)
		if (lay->boxes[i].layer == layer)
			out[n++] = i;
	/* insertion sort by row: layers are small */
	for (i = 1; i < n; i++) {
		int v = out[i], j = i;

		while (j > 0 && lay->boxes[out[j - 1]].row > lay->boxes[v].row) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = v;
	}
	return n;
}

static int layer_size(const struct layout *lay, int layer)
{
	int i, n = 0;

	for (i = 0; i < lay->n_boxes; i++)
		n += lay->boxes[i].layer == layer;
	return n;
}

/* A box's position in its column as a fraction, so columns of any height compare. */
static double place(const struct layout *lay, int box, const int *sizes)
{
	const struct layout_box *b = &lay->boxes[box];

	return (b->row + 0.5) / sizes[b->layer];
}

/* Pairs of edges between the same two columns that cross each other. */
static int crossings(const struct layout *lay, const int *sizes)
{
	int i, j, n = 0;

	for (i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];

		for (j = i + 1; j < lay->n_edges; j++) {
			const struct layout_edge *f = &lay->edges[j];
			double dx, dy;

			if (lay->boxes[e->from].layer != lay->boxes[f->from].layer ||
			    lay->boxes[e->to].layer != lay->boxes[f->to].layer)
				continue;
			dx = place(lay, e->from, sizes) - place(lay, f->from, sizes);
			dy = place(lay, e->to, sizes) - place(lay, f->to, sizes);
			n += dx * dy < 0;
		}
	}
	return n;
}

/*
 * Mean position of the box's neighbours on the side the sweep comes from (sources when
 * going right, targets when going left); a box with none keeps its own position.
 */
static double barycentre(const struct layout *lay, int box, int rightward, const int *sizes)
{
	double sum = 0;
	int i, n = 0;

	for (i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];
		int other = rightward ? e->from : e->to;
		int self = rightward ? e->to : e->from;

		if (self != box)
			continue;
		sum += place(lay, other, sizes);
		n++;
	}
	return n ? sum / n : place(lay, box, sizes);
}

/* Stable sort of one column by barycentre, rewriting the rows. */
static void sort_layer(struct layout *lay, int layer, int rightward, const int *sizes)
{
	int members[LAYOUT_MAX_BOXES];
	double key[LAYOUT_MAX_BOXES];
	int i, n = layer_members(lay, layer, members);

	for (i = 0; i < n; i++)
		key[i] = barycentre(lay, members[i], rightward, sizes);
	for (i = 1; i < n; i++) {
		int v = members[i], j = i;
		double k = key[i];

		while (j > 0 && key[j - 1] > k) {
			members[j] = members[j - 1];
			key[j] = key[j - 1];
			j--;
		}
		members[j] = v;
		key[j] = k;
	}
	for (i = 0; i < n; i++)
		lay->boxes[members[i]].row = i;
}

static void order_rows(struct layout *lay)
{
	int sizes[LAYOUT_MAX_BOXES] = { 0 };
	int best_rows[LAYOUT_MAX_BOXES];
	int i, l, sweep, best;

	for (l = 0; l < lay->n_layers; l++) {
		int members[LAYOUT_MAX_BOXES], n = 0;

		sizes[l] = layer_size(lay, l);
		for (i = 0; i < lay->n_boxes; i++)
			if (lay->boxes[i].layer == l)
				members[n++] = i;
		for (i = 0; i < n; i++)
			lay->boxes[members[i]].row = i;
	}

	best = crossings(lay, sizes);
	for (i = 0; i < lay->n_boxes; i++)
		best_rows[i] = lay->boxes[i].row;
	for (sweep = 0; sweep < SWEEPS && best > 0; sweep++) {
		int rightward = sweep % 2 == 0;
		int c;

		if (rightward)
			for (l = 1; l < lay->n_layers; l++)
				sort_layer(lay, l, 1, sizes);
		else
			for (l = lay->n_layers - 2; l >= 0; l--)
				sort_layer(lay, l, 0, sizes);
		c = crossings(lay, sizes);
		if (c < best) {
			best = c;
			for (i = 0; i < lay->n_boxes; i++)
				best_rows[i] = lay->boxes[i].row;
		}
	}
	for (i = 0; i < lay->n_boxes; i++)
		lay->boxes[i].row = best_rows[i];
}

int layout_max_rows(const struct layout *lay)
{
	int l, rows = 0;

	for (l = 0; l < lay->n_layers; l++) {
		int n = layer_size(lay, l);

		if (n > rows)
			rows = n;
	}
	return rows;
}

/*
 * Columns: n boxes of width bw with n - 1 gaps, the gap about a quarter of a column so
 * arrows and their counts have room. Rows: the tallest column sets the pitch; a pitch of
 * 4 or more leaves a quarter of it between boxes, a smaller one puts boxes edge to edge.
 * Boxes are kept no taller than half their width plus one, so a lone row does not turn
 * into a tower.
 */
static int place_boxes(struct layout *lay, int w, int h)
{
	int n = lay->n_layers, rows = layout_max_rows(lay);
	int gap, bw, pitch, vgap, bh, x0, i;

	gap = n > 1 ? w / (n * 4) : 0;
	if (n > 1 && gap < 1)
		gap = 1;
	bw = (w - (n - 1) * gap) / n;
	pitch = rows ? h / rows : 0;
	if (bw < 1 || pitch < 1)
		return -1;
	vgap = pitch >= 4 ? pitch / 4 : 0;
	bh = pitch - vgap;
	if (bh > bw / 2 + 1 && bw / 2 + 1 >= 3)
		bh = bw / 2 + 1;
	x0 = (w - (n * bw + (n - 1) * gap)) / 2;

	for (i = 0; i < lay->n_boxes; i++) {
		struct layout_box *b = &lay->boxes[i];
		int in_layer = layer_size(lay, b->layer);
		int y0 = (h - in_layer * pitch) / 2;

		b->w = bw;
		b->h = bh;
		b->x = x0 + b->layer * (bw + gap);
		b->y = y0 + b->row * pitch + (pitch - bh) / 2;
	}
	return 0;
}

int layout_compute(const struct sim_config *cfg, int w, int h, struct layout *out)
{
	int i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < SIM_MAX_NODES; i++)
		out->box_of_node[i] = -1;
	out->w = w;
	out->h = h;
	if (cfg->n_nodes < 0 || cfg->n_nodes > SIM_MAX_NODES)
		return -1;

	build_graph(cfg, out);
	assign_layers(cfg, out);
	order_rows(out);
	if (w < 1 || h < 1 || place_boxes(out, w, h) < 0) {
		for (i = 0; i < out->n_boxes; i++)
			out->boxes[i].x = out->boxes[i].y = out->boxes[i].w = out->boxes[i].h = 0;
		return -1;
	}
	return 0;
}

const struct layout_box *layout_box_of(const struct layout *lay, int node)
{
	if (node == LAYOUT_CLIENTS)
		return &lay->boxes[0];
	if (node < 0 || node >= SIM_MAX_NODES || lay->box_of_node[node] < 0)
		return NULL;
	return &lay->boxes[lay->box_of_node[node]];
}
