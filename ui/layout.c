/* SPDX-License-Identifier: MIT */
/*
 * layout.c: places the nodes of an era in a diagram and routes the arrows between them,
 * for any front end (cells or pixels).
 *
 * Edges follow the requests: clients to the era's entry, each workload's, every CDN (only
 * clients reach one) and each service a direct workload names; lb and gateway to
 * upstreams, cdn to origin, app to its db and session store, and to whatever the steps of
 * the routes it serves call, publish to or read through; broker to consumer; db to
 * replica. Routes are global but an app serves only some: which ones is derived from the
 * config (served_routes()), so a service draws no arrow for another service's route. A
 * cache step reads the cache of the app's own region when the named one runs elsewhere,
 * as the engine does.
 *
 * Four steps, after the usual layered drawing. Layers: each kind has a home column
 * (clients 0; lb, gateway, cdn 1; app 2; cache, broker 3; db 4), then every edge pushes its
 * target at least one column right of its source, so a chain of balancers or a service
 * calling a service still reads left to right; empty columns are dropped. Replicas of
 * each other push neither: they may share a column, joined by a bracket. Long edges: an
 * edge that skips columns (app -> db, past the caches) gets a placeholder vertex in each
 * column it crosses, shared by all edges to the same target, so it is given a row slot of
 * its own and never runs through a box. Order: within a column, vertices start in file
 * order and are sorted a few times by the barycentre of their neighbours, keeping the
 * order with the fewest crossings; bracketed boxes then go to the bottom. Geometry:
 * columns share the width with a gap between them for the arrows, the tallest column sets
 * the row pitch, shorter columns are centred, and each edge becomes a polyline that turns
 * in the gaps (a bracket runs down its column's right edge).
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

/* Adds the edge between boxes a and b unless it loops; returns its index (the one already
 * there for a repeat), or -1. */
static int add_edge(struct layout *lay, int a, int b)
{
	int i;

	if (a == b || lay->n_edges >= LAYOUT_MAX_EDGES)
		return -1;
	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].from == a && lay->edges[i].to == b)
			return i;
	lay->edges[lay->n_edges].from = a;
	lay->edges[lay->n_edges].to = b;
	return lay->n_edges++;
}

/* ---- the routes each node serves ----------------------------------------------------- */

/* A set of routes, bit r for route r: SIM_MAX_ROUTES is 32. */
typedef uint32_t route_set;

_Static_assert(SIM_MAX_ROUTES <= 32, "a route_set holds one bit a route");

static route_set route_bit(const struct sim_config *cfg, int route)
{
	return route >= 0 && route < cfg->n_routes && route < SIM_MAX_ROUTES ?
	       (route_set)1 << route : 0;
}

static route_set every_route(const struct sim_config *cfg)
{
	int n = cfg->n_routes < SIM_MAX_ROUTES ? cfg->n_routes : SIM_MAX_ROUTES;

	return n <= 0 ? 0 : n >= 32 ? ~(route_set)0 : ((route_set)1 << n) - 1;
}

static void deliver(const struct sim_config *cfg, route_set *at, int node, route_set set);

static void deliver_all(const struct sim_config *cfg, route_set *at, const int *up, int n,
                        route_set set)
{
	int k;

	for (k = 0; k < n && k < SIM_MAX_UPSTREAMS; k++)
		deliver(cfg, at, up[k], set);
}

/*
 * Requests of the routes in set arrive at node: an app runs them, an lb passes them all to
 * each upstream, a gateway each by its table (its plain upstreams take the others), a CDN
 * fetches them from its origin. Only routes new to a node travel on, so a cycle the loader
 * would refuse still ends.
 */
static void deliver(const struct sim_config *cfg, route_set *at, int node, route_set set)
{
	const struct sim_node_cfg *n;
	int k;

	if (!valid_node(cfg, node))
		return;
	set &= ~at[node];
	if (!set)
		return;
	at[node] |= set;
	n = &cfg->nodes[node];
	switch (n->kind) {
	case SIM_NODE_LB:
		deliver_all(cfg, at, n->upstreams, n->n_upstreams, set);
		break;
	case SIM_NODE_GATEWAY:
		for (k = 0; k < n->n_route_map && k < SIM_MAX_ROUTE_MAP; k++) {
			route_set r = set & route_bit(cfg, n->route_map[k].route);

			deliver_all(cfg, at, n->route_map[k].upstreams, n->route_map[k].n_upstreams,
			            r);
			set &= ~r;
		}
		deliver_all(cfg, at, n->upstreams, n->n_upstreams, set);
		break;
	case SIM_NODE_CDN:
		deliver(cfg, at, n->origin, set);
		break;
	default:
		break;
	}
}

/* The routes a workload sends: its mix, or the routes of its access log. */
static route_set workload_routes(const struct sim_config *cfg, const struct sim_workload_cfg *w)
{
	route_set set = 0;
	uint32_t i;

	for (i = 0; i < (uint32_t)w->n_routes && i < SIM_MAX_MIX; i++)
		set |= route_bit(cfg, w->routes[i]);
	for (i = 0; w->replay_route && i < w->n_replay && set != every_route(cfg); i++)
		set |= route_bit(cfg, w->replay_route[i]);
	return set;
}

/*
 * What the clients send where: each workload's routes into its entry (the era's when it
 * names none), those it sends to services by address to them. A config without workloads
 * is an era on its own, which runs every route through its entry.
 */
static void deliver_clients(const struct sim_config *cfg, route_set *at)
{
	int i, k;

	if (cfg->n_workloads <= 0)
		deliver(cfg, at, cfg->entry, every_route(cfg));
	for (i = 0; i < cfg->n_workloads && i < SIM_MAX_WORKLOADS; i++) {
		const struct sim_workload_cfg *w = &cfg->workloads[i];
		route_set mix = workload_routes(cfg, w);

		for (k = 0; k < w->n_targets && k < SIM_MAX_ROUTE_MAP; k++) {
			route_set r = route_bit(cfg, w->targets[k].route);

			deliver_all(cfg, at, w->targets[k].upstreams, w->targets[k].n_upstreams, r);
			mix &= ~r;
		}
		deliver(cfg, at, w->entry >= 0 ? w->entry : cfg->entry, mix);
	}
}

/* Consumers run the route of each topic they read. */
static void deliver_messages(const struct sim_config *cfg, route_set *at)
{
	int i, k;

	for (i = 0; i < cfg->n_nodes; i++)
		for (k = 0; k < cfg->nodes[i].n_consumes && k < SIM_MAX_CONSUMES; k++)
			if (cfg->nodes[i].kind == SIM_NODE_APP)
				deliver(cfg, at, i, route_bit(cfg, cfg->nodes[i].consumes[k].route));
}

/* Each route a gateway's table maps, at its targets, whether or not traffic comes. */
static void deliver_tables(const struct sim_config *cfg, route_set *at)
{
	int i, k;

	for (i = 0; i < cfg->n_nodes; i++) {
		const struct sim_node_cfg *n = &cfg->nodes[i];

		if (n->kind != SIM_NODE_GATEWAY)
			continue;
		for (k = 0; k < n->n_route_map && k < SIM_MAX_ROUTE_MAP; k++)
			deliver_all(cfg, at, n->route_map[k].upstreams, n->route_map[k].n_upstreams,
			            route_bit(cfg, n->route_map[k].route));
	}
}

/* The route each call step asks its node for. */
static void deliver_calls(const struct sim_config *cfg, route_set *at)
{
	int r, k;

	for (r = 0; r < cfg->n_routes && r < SIM_MAX_ROUTES; r++)
		for (k = 0; k < cfg->routes[r].n_steps && k < SIM_MAX_STEPS; k++) {
			const struct sim_step_cfg *st = &cfg->routes[r].steps[k];

			if (st->kind == SIM_STEP_CALL)
				deliver(cfg, at, st->node, route_bit(cfg, st->route));
		}
}

/*
 * The routes reaching every node. An app that nothing reaches (a CDN's origin in an era
 * without traffic to the CDN, an app no balancer lists) runs the routes that reach no
 * other app: the config says nothing more, and those are the ones left to it.
 */
static void served_routes(const struct sim_config *cfg, route_set at[SIM_MAX_NODES])
{
	route_set claimed = 0;
	int i;

	memset(at, 0, sizeof(route_set) * SIM_MAX_NODES);
	deliver_clients(cfg, at);
	deliver_tables(cfg, at);
	deliver_messages(cfg, at);
	deliver_calls(cfg, at);
	for (i = 0; i < cfg->n_nodes; i++)
		if (cfg->nodes[i].kind == SIM_NODE_APP)
			claimed |= at[i];
	for (i = 0; i < cfg->n_nodes; i++)
		if (cfg->nodes[i].kind == SIM_NODE_APP && !at[i])
			at[i] = every_route(cfg) & ~claimed;
}

uint32_t layout_routes_served(const struct sim_config *cfg, int node)
{
	route_set at[SIM_MAX_NODES];

	if (!cfg || cfg->n_nodes < 0 || cfg->n_nodes > SIM_MAX_NODES || !valid_node(cfg, node))
		return 0;
	served_routes(cfg, at);
	return at[node];
}

/* ---- the edges ----------------------------------------------------------------------- */

/*
 * The cache a cache step of app reads: as the engine does, the cache node in the app's
 * own region when the one named runs in another (each region's service reads its nearby
 * Redis), else the one named; -1 for the app's local cache.
 */
static int cache_store(const struct sim_config *cfg, int app, const struct sim_step_cfg *st)
{
	int want = cfg->nodes[app].region, i;

	if (!valid_node(cfg, st->node) || want < 0 || cfg->nodes[st->node].region < 0 ||
	    cfg->nodes[st->node].region == want)
		return valid_node(cfg, st->node) ? st->node : -1;
	for (i = 0; i < cfg->n_nodes; i++)
		if (cfg->nodes[i].kind == SIM_NODE_CACHE && cfg->nodes[i].region == want)
			return i;
	return st->node;
}

/* Calls, publishes and cache reads of the routes app serves. */
static void step_edges(const struct sim_config *cfg, int app, route_set serves,
                       struct layout *lay)
{
	int r, k;

	for (r = 0; r < cfg->n_routes && r < SIM_MAX_ROUTES; r++) {
		const struct sim_route_cfg *rt = &cfg->routes[r];

		if (!(serves & route_bit(cfg, r)))
			continue;
		for (k = 0; k < rt->n_steps && k < SIM_MAX_STEPS; k++) {
			const struct sim_step_cfg *st = &rt->steps[k];
			int to = -1;

			if (st->kind == SIM_STEP_CALL || st->kind == SIM_STEP_PUBLISH ||
			    st->kind == SIM_STEP_OUTBOX)
				to = st->node;
			else if (st->kind == SIM_STEP_CACHE)
				to = cache_store(cfg, app, st);
			if (valid_node(cfg, to))
				add_edge(lay, app + 1, to + 1);
		}
	}
}

static void app_edges(const struct sim_config *cfg, int i, route_set serves,
                      struct layout *lay)
{
	const struct sim_node_cfg *n = &cfg->nodes[i];
	int k;

	if (valid_node(cfg, n->db))
		add_edge(lay, i + 1, n->db + 1);
	if (n->sessions == SIM_SESSION_STORE && valid_node(cfg, n->session_store))
		add_edge(lay, i + 1, n->session_store + 1);
	step_edges(cfg, i, serves, lay);
	/* a consumer reads from its broker: the arrow goes the way the messages do */
	for (k = 0; k < n->n_consumes && k < SIM_MAX_CONSUMES; k++)
		if (valid_node(cfg, n->consumes[k].broker))
			add_edge(lay, n->consumes[k].broker + 1, i + 1);
}

/* Whether db b lists db a among its replicas too. */
static int replicates_back(const struct sim_config *cfg, int a, int b)
{
	int k;

	for (k = 0; k < cfg->nodes[b].n_replicas && k < SIM_MAX_REPLICAS; k++)
		if (cfg->nodes[b].replicas[k] == a)
			return 1;
	return 0;
}

/*
 * A db to each replica. Two dbs that list each other hold one data set between them: one
 * edge, marked both ways, which does not push either a column right.
 */
static void replica_edges(const struct sim_config *cfg, int i, struct layout *lay)
{
	const struct sim_node_cfg *n = &cfg->nodes[i];
	int k;

	for (k = 0; k < n->n_replicas && k < SIM_MAX_REPLICAS; k++) {
		int to = n->replicas[k], both, e;

		if (!valid_node(cfg, to))
			continue;
		both = replicates_back(cfg, i, to);
		if (both && to < i)
			continue;
		e = add_edge(lay, i + 1, to + 1);
		if (e >= 0)
			lay->edges[e].both_ways = both;
	}
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

static void node_edges(const struct sim_config *cfg, int i, const route_set *serves,
                       struct layout *lay)
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
		app_edges(cfg, i, serves[i], lay);
		break;
	case SIM_NODE_DB:
		replica_edges(cfg, i, lay);
		break;
	default:
		break;
	}
}

static void build_graph(const struct sim_config *cfg, struct layout *lay)
{
	route_set serves[SIM_MAX_NODES];
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
	/* nothing forwards to a CDN: only clients ever reach one, whatever the workloads */
	for (i = 0; i < cfg->n_nodes; i++)
		if (cfg->nodes[i].kind == SIM_NODE_CDN)
			add_edge(lay, 0, i + 1);
	served_routes(cfg, serves);
	for (i = 0; i < cfg->n_nodes; i++)
		node_edges(cfg, i, serves, lay);
}

/*
 * A two-way edge runs from its left end to its right one, or, with both ends in one
 * column, becomes a bracket on the column's right side.
 */
static void orient_both_ways(struct layout *lay)
{
	int i;

	for (i = 0; i < lay->n_edges; i++) {
		struct layout_edge *e = &lay->edges[i];
		int la = lay->boxes[e->from].layer, lb = lay->boxes[e->to].layer;

		if (!e->both_ways)
			continue;
		if (lb < la) {
			int t = e->from;

			e->from = e->to;
			e->to = t;
		}
		e->lateral = la == lb;
	}
}

/*
 * Pushes edge targets right of their sources (two-way edges push neither end). A cycle
 * in the config (an lb whose upstream leads back to it) would push forever, so the passes
 * stop after n_boxes rounds; such an edge ends up pointing left and gets no route.
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

			if (lay->edges[i].both_ways)
				continue;
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
	orient_both_ways(lay);
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

/*
 * Moves the ends of brackets (replicas in one column) to the bottom of their column,
 * in their order, so a bracket passes no other box's side where that box's arrows leave.
 */
static void sink_brackets(const struct layout *lay, struct work *wk, int n_layers)
{
	unsigned char bracket[MAX_VERTS] = { 0 };
	int i, l, r, v, any = 0;

	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].lateral)
			any = bracket[lay->edges[i].from] = bracket[lay->edges[i].to] = 1;
	for (l = 0; any && l < n_layers; l++) {
		int order[MAX_VERTS], n = 0, pass;

		for (pass = 0; pass < 2; pass++)
			for (r = 0; r < wk->size[l]; r++)
				for (v = 0; v < wk->n; v++)
					if (wk->layer[v] == l && wk->row[v] == r && bracket[v] == pass)
						order[n++] = v;
		for (i = 0; i < n; i++)
			wk->row[order[i]] = i;
	}
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
 * not turn into a tower. Brackets in the last column (edge) keep room on its right.
 */
static int make_grid(const struct work *wk, int n, int w, int h, int edge, struct grid *g)
{
	int l, rows = 0, right;

	for (l = 0; l < n; l++)
		if (wk->size[l] > rows)
			rows = wk->size[l];
	g->gap = n > 1 ? w / (n * 3) : 0;
	if (n > 1 && g->gap < 1)
		g->gap = 1;
	right = edge ? 1 + g->gap / 8 : 0;
	g->bw = (w - (n - 1) * g->gap - right) / n;
	g->pitch = rows ? h / rows : 0;
	g->rows = rows;
	if (g->bw < 1 || g->pitch < 1)
		return -1;
	g->bh = g->pitch - (g->pitch >= 4 ? g->pitch / 4 : 0);
	if (g->bh > g->bw / 2 + 1 && g->bw / 2 + 1 >= 3)
		g->bh = g->bw / 2 + 1;
	g->x0 = (w - (n * g->bw + (n - 1) * g->gap + right)) / 2;
	g->h = h;
	return 0;
}

/* Whether a bracket runs right of the last column. */
static int bracket_at_edge(const struct layout *lay)
{
	int i;

	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].lateral &&
		    lay->boxes[lay->edges[i].from].layer == lay->n_layers - 1)
			return 1;
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
 * Where an edge turns in a gap, from the gap's first cell: a quarter in, and never on the
 * first cell when the gap has three, so that the line running down a gap does not touch
 * the frames of the boxes it leaves ("│app│├" reads as one box).
 */
static int turn_in(const struct grid *g)
{
	return g->gap >= 3 && g->gap < 8 ? 1 : g->gap / 4;
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
	if (e->lateral) {
		int xb = col_x(g, a->layer) + g->bw + g->gap / 8;

		add_point(e, a->x + a->w, y);
		add_point(e, xb, y);
		add_point(e, xb, mid_y(lay, wk, g, e->to));
		add_point(e, b->x + b->w, mid_y(lay, wk, g, e->to));
		return;
	}
	if (hops <= 0 || (!wk->direct[i] && 2 * hops + 2 > LAYOUT_MAX_POINTS))
		return;
	add_point(e, a->x + a->w, y);
	for (l = a->layer + 1; l <= b->layer; l++) {
		int v = e->to;
		int xt = col_x(g, l - 1) + g->bw + turn_in(g);

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
	sink_brackets(out, &wk, out->n_layers);
	for (i = 0; i < out->n_boxes; i++)
		out->boxes[i].row = wk.row[i];
	i = make_grid(&wk, out->n_layers, w > 0 ? w : 0, h > 0 ? h : 0,
	              bracket_at_edge(out), &g);
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
