/* SPDX-License-Identifier: MIT */
/*
 * layout.c: places the nodes of an era in a diagram and routes the arrows between them,
 * for any front end (cells or pixels).
 *
 * Edges follow the requests: clients to the entry (or to each service a direct workload
 * names), lb and gateway to upstreams, cdn to origin, app to its db, session store, and to
 * whatever the steps of its routes call, publish to or read through; broker to consumer;
 * db to replica. An app named by no gateway, workload, topic or call runs every route.
 *
 * Four steps, after the usual layered drawing. Layers: each kind has a home column
 * (clients 0; lb, gateway, cdn 1; app 2; cache, broker 3; db 4), then every edge pushes its
 * target at least one column right of its source, so a chain of balancers or a service
 * calling a service still reads left to right; empty columns are dropped. Long edges: an edge that skips columns (app -> db, past the caches)
 * gets a placeholder vertex in each column it crosses, shared by all edges to the same
 * target, so it is given a row slot of its own and never runs through a box. Order: within
 * a column, vertices start in file order and are sorted a few times by the barycentre of
 * their neighbours, keeping the order with the fewest crossings. Geometry: columns share
 * the width with a gap between them for the arrows, the tallest column sets the row pitch,
 * shorter columns are centred, and each edge becomes a polyline that turns in the gaps.
 *
 * Box 0 is always the virtual clients box; box i + 1 is node i. After a successful
 * layout_compute() every box lies inside the w x h area and no two boxes overlap. Nothing
 * here allocates or keeps state between calls.
 */
#include "layout.h"

#include <stdio.h>
#include <string.h>

#define HOME_LAYERS 5
#define MAX_LAYERS (LAYOUT_MAX_BOXES + HOME_LAYERS)
#define MAX_DUMMIES 256
#define MAX_VERTS (LAYOUT_MAX_BOXES + MAX_DUMMIES)
#define MAX_SEGS 1024
#define SWEEPS 8

/*
 * The graph the ordering works on: the boxes, then placeholders for long edges, joined
 * by segments that each span exactly one column boundary.
 */
struct work {
	int n;
	int layer[MAX_VERTS];
	int row[MAX_VERTS];
	int target[MAX_VERTS];          /* placeholders: the box their edges lead to */
	int size[MAX_LAYERS];           /* vertices per layer */
	int n_segs;
	int seg_from[MAX_SEGS];
	int seg_to[MAX_SEGS];
	int direct[LAYOUT_MAX_EDGES];   /* 1: an edge that could not get placeholders */
};

/* The geometry shared by the boxes and the routes. */
struct grid {
	int x0, bw, gap, pitch, bh, h, rows;
};

static int home_layer(enum sim_node_kind kind)
{
	switch (kind) {
	case SIM_NODE_LB: case SIM_NODE_GATEWAY: case SIM_NODE_CDN:
		return 1;
	case SIM_NODE_APP:
		return 2;
	case SIM_NODE_CACHE: case SIM_NODE_BROKER:
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

/* Whether node is among the upstreams m gives for route (any route when route < 0). */
static int maps_to(const struct sim_route_map *m, int n, int route, int node)
{
	int i, k;

	for (i = 0; i < n && i < SIM_MAX_ROUTE_MAP; i++) {
		if (route >= 0 && m[i].route != route)
			continue;
		for (k = 0; k < m[i].n_upstreams && k < SIM_MAX_UPSTREAMS; k++)
			if (m[i].upstreams[k] == node)
				return 1;
	}
	return 0;
}

/* Whether a call step anywhere asks app for route (any route when route < 0). */
static int called_for(const struct sim_config *cfg, int app, int route)
{
	int r, k;

	for (r = 0; r < cfg->n_routes && r < SIM_MAX_ROUTES; r++)
		for (k = 0; k < cfg->routes[r].n_steps && k < SIM_MAX_STEPS; k++) {
			const struct sim_step_cfg *st = &cfg->routes[r].steps[k];

			if (st->kind == SIM_STEP_CALL && st->node == app &&
			    (route < 0 || st->route == route))
				return 1;
		}
	return 0;
}

/*
 * Whether the config sends route to app by name: a gateway's table, a workload calling
 * services directly, a topic the app consumes, another service's call.
 */
static int named_for(const struct sim_config *cfg, int app, int route)
{
	const struct sim_node_cfg *n = &cfg->nodes[app];
	int i;

	for (i = 0; i < cfg->n_nodes; i++)
		if (cfg->nodes[i].kind == SIM_NODE_GATEWAY &&
		    maps_to(cfg->nodes[i].route_map, cfg->nodes[i].n_route_map, route, app))
			return 1;
	for (i = 0; i < cfg->n_workloads && i < SIM_MAX_WORKLOADS; i++)
		if (maps_to(cfg->workloads[i].targets, cfg->workloads[i].n_targets, route, app))
			return 1;
	for (i = 0; i < n->n_consumes && i < SIM_MAX_CONSUMES; i++)
		if (route < 0 || n->consumes[i].route == route)
			return 1;
	return called_for(cfg, app, route);
}

/* An app named for no route at all (a monolith, apps behind an lb) runs every route. */
static int runs_route(const struct sim_config *cfg, int app, int route)
{
	return !named_for(cfg, app, -1) || named_for(cfg, app, route);
}

/* Calls, publishes and cache reads of the routes app runs. */
static void step_edges(const struct sim_config *cfg, int app, struct layout *lay)
{
	int r, k;

	for (r = 0; r < cfg->n_routes && r < SIM_MAX_ROUTES; r++) {
		const struct sim_route_cfg *rt = &cfg->routes[r];

		if (rt->n_steps == 0 || !runs_route(cfg, app, r))
			continue;
		for (k = 0; k < rt->n_steps && k < SIM_MAX_STEPS; k++) {
			const struct sim_step_cfg *st = &rt->steps[k];
			int to = st->kind == SIM_STEP_CALL || st->kind == SIM_STEP_PUBLISH ||
			         st->kind == SIM_STEP_OUTBOX || st->kind == SIM_STEP_CACHE;

			if (to && valid_node(cfg, st->node))
				add_edge(lay, app + 1, st->node + 1);
		}
	}
}

static void app_edges(const struct sim_config *cfg, int i, struct layout *lay)
{
	const struct sim_node_cfg *n = &cfg->nodes[i];
	int k;

	if (valid_node(cfg, n->db))
		add_edge(lay, i + 1, n->db + 1);
	if (n->sessions == SIM_SESSION_STORE && valid_node(cfg, n->session_store))
		add_edge(lay, i + 1, n->session_store + 1);
	step_edges(cfg, i, lay);
	/* a consumer reads from its broker: the arrow goes the way the messages do */
	for (k = 0; k < n->n_consumes && k < SIM_MAX_CONSUMES; k++)
		if (valid_node(cfg, n->consumes[k].broker))
			add_edge(lay, n->consumes[k].broker + 1, i + 1);
}

/* Edges from node i (-1: the clients) to each of n nodes in up. */
static void upstream_edges(const struct sim_config *cfg, int i, const int *up, int n,
                           struct layout *lay)
{
	int k;

	for (k = 0; k < n && k < SIM_MAX_UPSTREAMS; k++)
		if (valid_node(cfg, up[k]))
			add_edge(lay, i + 1, up[k] + 1);
}

static void node_edges(const struct sim_config *cfg, int i, struct layout *lay)
{
	const struct sim_node_cfg *n = &cfg->nodes[i];
	int k;

	switch (n->kind) {
	case SIM_NODE_LB:
		upstream_edges(cfg, i, n->upstreams, n->n_upstreams, lay);
		break;
	case SIM_NODE_GATEWAY:
		upstream_edges(cfg, i, n->upstreams, n->n_upstreams, lay);
		for (k = 0; k < n->n_route_map && k < SIM_MAX_ROUTE_MAP; k++)
			upstream_edges(cfg, i, n->route_map[k].upstreams,
			               n->route_map[k].n_upstreams, lay);
		break;
	case SIM_NODE_CDN:
		if (valid_node(cfg, n->origin))
			add_edge(lay, i + 1, n->origin + 1);
		break;
	case SIM_NODE_APP:
		app_edges(cfg, i, lay);
		break;
	case SIM_NODE_DB:
		for (k = 0; k < n->n_replicas && k < SIM_MAX_REPLICAS; k++)
			if (valid_node(cfg, n->replicas[k]))
				add_edge(lay, i + 1, n->replicas[k] + 1);
		break;
	default:
		break;
	}
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
	for (i = 0; i < cfg->n_workloads && i < SIM_MAX_WORKLOADS; i++) {
		const struct sim_workload_cfg *w = &cfg->workloads[i];
		int k;

		if (valid_node(cfg, w->entry))
			add_edge(lay, 0, w->entry + 1);
		/* clients that call each service by its address */
		for (k = 0; k < w->n_targets && k < SIM_MAX_ROUTE_MAP; k++)
			upstream_edges(cfg, -1, w->targets[k].upstreams, w->targets[k].n_upstreams,
			               lay);
	}
	for (i = 0; i < cfg->n_nodes; i++)
		node_edges(cfg, i, lay);
}

/*
 * Pushes edge targets right of their sources. A cycle in the config (an lb whose upstream
 * leads back to it) would push forever, so the passes stop after n_boxes rounds; such an
 * edge ends up pointing left and gets no route.
 */
static void assign_layers(const struct sim_config *cfg, struct layout *lay)
{
	int used[MAX_LAYERS] = { 0 };
	int map[MAX_LAYERS];
	int i, pass, changed, n = 0;

	lay->boxes[0].layer = 0;
	for (i = 1; i < lay->n_boxes; i++)
		lay->boxes[i].layer = home_layer(cfg->nodes[i - 1].kind);
	for (pass = 0, changed = 1; changed && pass < lay->n_boxes; pass++) {
		changed = 0;
		for (i = 0; i < lay->n_edges; i++) {
			struct layout_box *a = &lay->boxes[lay->edges[i].from];
			struct layout_box *b = &lay->boxes[lay->edges[i].to];

			if (b->layer <= a->layer && a->layer < MAX_LAYERS - 1) {
				b->layer = a->layer + 1;
				changed = 1;
			}
		}
	}

	for (i = 0; i < lay->n_boxes; i++)
		used[lay->boxes[i].layer] = 1;
	for (i = 0; i < MAX_LAYERS; i++)
		map[i] = used[i] ? n++ : -1;
	for (i = 0; i < lay->n_boxes; i++)
		lay->boxes[i].layer = map[lay->boxes[i].layer];
	lay->n_layers = n;
}

static void add_seg(struct work *wk, int a, int b)
{
	int i;

	for (i = 0; i < wk->n_segs; i++)
		if (wk->seg_from[i] == a && wk->seg_to[i] == b)
			return;
	if (wk->n_segs == MAX_SEGS)
		return;
	wk->seg_from[wk->n_segs] = a;
	wk->seg_to[wk->n_segs] = b;
	wk->n_segs++;
}

/* The placeholder in layer for edges to box target, or -1. */
static int find_dummy(const struct work *wk, int target, int layer, int n_boxes)
{
	int v;

	for (v = n_boxes; v < wk->n; v++)
		if (wk->target[v] == target && wk->layer[v] == layer)
			return v;
	return -1;
}

/* The same, made when missing; -1 when there is no room left. */
static int dummy(struct work *wk, int target, int layer, int n_boxes)
{
	int v = find_dummy(wk, target, layer, n_boxes);

	if (v >= 0)
		return v;
	if (wk->n == MAX_VERTS)
		return -1;
	v = wk->n++;
	wk->target[v] = target;
	wk->layer[v] = layer;
	return v;
}

/* Splits every rightward edge into one-column segments through placeholders. */
static void build_work(const struct layout *lay, struct work *wk)
{
	int i, l;

	memset(wk, 0, sizeof *wk);
	wk->n = lay->n_boxes;
	for (i = 0; i < lay->n_boxes; i++) {
		wk->layer[i] = lay->boxes[i].layer;
		wk->target[i] = -1;
	}
	for (i = 0; i < lay->n_edges; i++) {
		int a = lay->edges[i].from, b = lay->edges[i].to, prev = a, before = wk->n;

		if (wk->layer[b] <= wk->layer[a])
			continue;
		for (l = wk->layer[a] + 1; l < wk->layer[b] && prev >= 0; l++) {
			int v = dummy(wk, b, l, lay->n_boxes);

			if (v >= 0)
				add_seg(wk, prev, v);
			prev = v;
		}
		if (prev < 0) {
			/* out of room: this edge runs straight, its placeholders are dropped */
			wk->n = before;
			wk->direct[i] = 1;
			add_seg(wk, a, b);
			continue;
		}
		add_seg(wk, prev, b);
	}
	for (i = 0; i < wk->n; i++)
		wk->row[i] = wk->size[wk->layer[i]]++;
}

/* A vertex's position in its column as a fraction, so columns of any height compare. */
static double place(const struct work *wk, int v)
{
	return (wk->row[v] + 0.5) / wk->size[wk->layer[v]];
}

/* Pairs of segments between the same two columns that cross each other. */
static int crossings(const struct work *wk)
{
	int i, j, n = 0;

	for (i = 0; i < wk->n_segs; i++) {
		for (j = i + 1; j < wk->n_segs; j++) {
			double dx, dy;

			if (wk->layer[wk->seg_from[i]] != wk->layer[wk->seg_from[j]])
				continue;
			dx = place(wk, wk->seg_from[i]) - place(wk, wk->seg_from[j]);
			dy = place(wk, wk->seg_to[i]) - place(wk, wk->seg_to[j]);
			n += dx * dy < 0;
		}
	}
	return n;
}

/*
 * Mean position of the vertex's neighbours on the side the sweep comes from (sources when
 * going right, targets when going left); a vertex with none keeps its own position.
 */
static double barycentre(const struct work *wk, int v, int rightward)
{
	double sum = 0;
	int i, n = 0;

	for (i = 0; i < wk->n_segs; i++) {
		int self = rightward ? wk->seg_to[i] : wk->seg_from[i];
		int other = rightward ? wk->seg_from[i] : wk->seg_to[i];

		if (self != v)
			continue;
		sum += place(wk, other);
		n++;
	}
	return n ? sum / n : place(wk, v);
}

/* Stable sort of one column by barycentre, rewriting the rows. */
static void sort_layer(struct work *wk, int layer, int rightward)
{
	int members[MAX_VERTS];
	double key[MAX_VERTS];
	int i, v, n = 0;

	for (i = 0; i < wk->size[layer]; i++)
		for (v = 0; v < wk->n; v++)
			if (wk->layer[v] == layer && wk->row[v] == i)
				members[n++] = v;
	for (i = 0; i < n; i++)
		key[i] = barycentre(wk, members[i], rightward);
	for (i = 1; i < n; i++) {
		int m = members[i], j = i;
		double k = key[i];

		while (j > 0 && key[j - 1] > k) {
			members[j] = members[j - 1];
			key[j] = key[j - 1];
			j--;
		}
		members[j] = m;
		key[j] = k;
	}
	for (i = 0; i < n; i++)
		wk->row[members[i]] = i;
}

static void order_rows(struct work *wk, int n_layers)
{
	int best_rows[MAX_VERTS];
	int i, l, sweep, best = crossings(wk);

	memcpy(best_rows, wk->row, sizeof(int) * (size_t)wk->n);
	for (sweep = 0; sweep < SWEEPS && best > 0; sweep++) {
		int c;

		if (sweep % 2 == 0)
			for (l = 1; l < n_layers; l++)
				sort_layer(wk, l, 1);
		else
			for (l = n_layers - 2; l >= 0; l--)
				sort_layer(wk, l, 0);
		c = crossings(wk);
		if (c < best) {
			best = c;
			memcpy(best_rows, wk->row, sizeof(int) * (size_t)wk->n);
		}
	}
	for (i = 0; i < wk->n; i++)
		wk->row[i] = best_rows[i];
}

int layout_max_rows(const struct layout *lay)
{
	int rows[MAX_LAYERS] = { 0 };
	int i, max = 0;

	for (i = 0; i < lay->n_boxes; i++) {
		int r = ++rows[lay->boxes[i].layer];

		if (r > max)
			max = r;
	}
	return max;
}

/*
 * Columns: n boxes of width bw with n - 1 gaps of about a third of a box, room for an
 * arrow and its count. Rows: the tallest column (placeholders included) sets the pitch;
 * a pitch of 4 or more leaves a quarter of it between boxes, a smaller one puts boxes
 * edge to edge. Boxes stay no taller than half their width plus one, so a lone row does
 * not turn into a tower.
 */
static int make_grid(const struct work *wk, int n, int w, int h, struct grid *g)
{
	int l, rows = 0;

	for (l = 0; l < n; l++)
		if (wk->size[l] > rows)
			rows = wk->size[l];
	g->gap = n > 1 ? w / (n * 3) : 0;
	if (n > 1 && g->gap < 1)
		g->gap = 1;
	g->bw = (w - (n - 1) * g->gap) / n;
	g->pitch = rows ? h / rows : 0;
	g->rows = rows;
	if (g->bw < 1 || g->pitch < 1)
		return -1;
	g->bh = g->pitch - (g->pitch >= 4 ? g->pitch / 4 : 0);
	if (g->bh > g->bw / 2 + 1 && g->bw / 2 + 1 >= 3)
		g->bh = g->bw / 2 + 1;
	g->x0 = (w - (n * g->bw + (n - 1) * g->gap)) / 2;
	g->h = h;
	return 0;
}

static int col_x(const struct grid *g, int layer)
{
	return g->x0 + layer * (g->bw + g->gap);
}

/* Top of the row slot of a vertex; columns with fewer vertices are centred. */
static int slot_y(const struct work *wk, const struct grid *g, int v)
{
	return (g->h - wk->size[wk->layer[v]] * g->pitch) / 2 + wk->row[v] * g->pitch;
}

/*
 * The row an arrow enters or leaves a vertex at: a box's middle, rounded up so a two-row
 * box takes it on its first row (the label's), or the middle of a placeholder's slot.
 */
static int mid_y(const struct layout *lay, const struct work *wk, const struct grid *g,
                 int v)
{
	if (v < lay->n_boxes)
		return lay->boxes[v].y + (lay->boxes[v].h - 1) / 2;
	return slot_y(wk, g, v) + (g->pitch - 1) / 2;
}

/* Appends a point, folding repeats and straight runs so every point is a turn or an end. */
static void add_point(struct layout_edge *e, int x, int y)
{
	struct layout_point *last = e->n_points ? &e->points[e->n_points - 1] : NULL;
	struct layout_point *before = e->n_points > 1 ? &e->points[e->n_points - 2] : NULL;

	if (last && last->x == x && last->y == y)
		return;
	if (before && ((before->x == last->x && last->x == x) ||
	               (before->y == last->y && last->y == y))) {
		last->x = x;
		last->y = y;
		return;
	}
	if (e->n_points == LAYOUT_MAX_POINTS)
		return;
	e->points[e->n_points].x = x;
	e->points[e->n_points].y = y;
	e->n_points++;
}

/*
 * The polyline of edge i: out of the source's right side, then for each column crossed a
 * turn a quarter into the gap (leaving most of the last run for the count) down or up to
 * the next vertex's row, into the target's left side.
 */
static void route(struct layout *lay, const struct work *wk, const struct grid *g, int i)
{
	struct layout_edge *e = &lay->edges[i];
	const struct layout_box *a = &lay->boxes[e->from], *b = &lay->boxes[e->to];
	int hops = b->layer - a->layer, y = mid_y(lay, wk, g, e->from), l;

	e->n_points = 0;
	if (hops <= 0 || (!wk->direct[i] && 2 * hops + 2 > LAYOUT_MAX_POINTS))
		return;
	add_point(e, a->x + a->w, y);
	for (l = a->layer + 1; l <= b->layer; l++) {
		int v = e->to;
		int xt = col_x(g, l - 1) + g->bw + g->gap / 4;

		/* a direct edge turns once, after its source, and runs straight on */
		if (wk->direct[i] && l > a->layer + 1)
			break;
		if (!wk->direct[i] && l < b->layer)
			v = find_dummy(wk, e->to, l, lay->n_boxes);
		add_point(e, xt, y);
		y = mid_y(lay, wk, g, v);
		add_point(e, xt, y);
	}
	add_point(e, b->x - 1, y);
}

static void place_boxes(struct layout *lay, const struct work *wk, const struct grid *g)
{
	int i;

	lay->col_gap = g->gap;
	for (i = 0; i < lay->n_boxes; i++) {
		struct layout_box *b = &lay->boxes[i];

		b->row = wk->row[i];
		b->w = g->bw;
		b->h = g->bh;
		b->x = col_x(g, b->layer);
		b->y = slot_y(wk, g, i) + (g->pitch - g->bh) / 2;
	}
	for (i = 0; i < lay->n_edges; i++)
		route(lay, wk, g, i);
}

int layout_compute(const struct sim_config *cfg, int w, int h, struct layout *out)
{
	struct work wk;
	struct grid g;
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
	build_work(out, &wk);
	order_rows(&wk, out->n_layers);
	for (i = 0; i < out->n_boxes; i++)
		out->boxes[i].row = wk.row[i];
	i = make_grid(&wk, out->n_layers, w > 0 ? w : 0, h > 0 ? h : 0, &g);
	out->n_rows = g.rows;
	if (i < 0)
		return -1;
	place_boxes(out, &wk, &g);
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
