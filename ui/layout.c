/* SPDX-License-Identifier: MIT */
/*
 * layout.c: places the nodes of an era in a diagram and routes the arrows between them,
 * for any front end (cells or pixels).
 *
 * Edges follow the requests: clients to the entry each workload's routes come in by (its
 * own, or the era's), to each service a direct workload names and to a CDN where a
 * workload enters there or whose origin they do not call instead; lb and gateway to
 * upstreams, cdn to origin, app to its db and session store, and to whatever the steps of
 * the routes it serves call, publish to or read through; broker to consumer; db to
 * replica. A box no request reaches is unused and draws no line at all, in or out (2014's
 * gateway when the clients call each service by its address, 2009's CDN when photos come
 * from the app; prune_unused()). Routes are global but an app serves only
 * some: which ones is derived from the config (served_routes()), so a service draws no
 * arrow for another service's route. A cache step reads the cache of the app's own region
 * when the named one runs elsewhere, as the engine does.
 *
 * Two ways of drawing the same config, for diagrams the plain one cannot draw truly
 * (layout_compute_as()): region twins, nodes of one kind whose names or labels differ only
 * by a region, as one box with the union of their edges (merge_twins()); and ports, where
 * the edges are cut into nets, each a set of sources that all call a set of targets,
 * chosen greedily, largest first (nets_find()), each drawn as one line of its own: its
 * placeholders are its own, and a box has a row on each side for each net it is in, so
 * that lines of two nets never meet at a box (the lanes below take a box's ports as
 * vertices of their own). With ports the databases stand with the caches and brokers.
 *
 * Four steps, after the usual layered drawing. Layers: the columns follow what each node
 * is, in bands left to right: the clients; the edge (CDNs, and a balancer or gateway in
 * front of other balancers or gateways: a global load balancer); the balancers and
 * gateways in front of services; the services the clients' side reaches; the caches and
 * brokers; the back services; the databases. A back service is an app that something
 * reaches and that only apps and brokers reach (a broker's consumer, recommendations
 * that posts calls), all of whose own arrows lead to databases or to other back services:
 * it stands right of the brokers, so that a consumer reads after the queue that feeds it,
 * and left of the databases. An app the clients' side reaches, or one that calls a cache
 * or a broker, stays left of them: a service that is called and also consumes (the
 * saga's payments) is a service, and its arrow from its broker becomes one two-way edge
 * with its arrow to it (consumer_edge()). Within a band an edge between two of its boxes
 * pushes the target a column right (a balancer behind a balancer, a replica fed one way),
 * so boxes of one kind and role, the gateways of two regions, share a column; an edge the
 * bands would leave pointing left (a config they do not fit) pushes its target right of
 * its source at the cost of the order of kinds; empty columns are dropped. Replicas of
 * each other push neither: they may share a column, joined by a bracket. Long edges: an
 * edge that skips columns (app -> db, past the caches) gets a placeholder vertex in each
 * column it crosses, shared by all edges to its target or all edges from its source,
 * whichever needs fewer there (share_by()), so it is given a row slot of its own and never
 * runs through a box. Order: within a column, vertices start in file order and are sorted
 * a few times by the barycentre of their neighbours, keeping the order with the fewest
 * crossings, then neighbours swap where that removes crossings; bracketed boxes then go
 * to the bottom, and boxes without edges (unused) to the top of the area, the rest of
 * their column centred below them (lift_edgeless()). Lanes: in each
 * gap the segments are grouped so that a shared line only says something true, and each
 * group gets a lane (see "lanes" below). Geometry: columns share the width with a gap
 * between them for the arrows, wider where a gap has several lanes, the tallest column
 * sets the row pitch, shorter columns are centred, and each edge becomes a polyline that
 * turns in its lanes (a bracket runs down its column's right edge). With ports, where the
 * pitch leaves a box fewer rows than its ports, every box is as tall as its own ports and
 * columns are packed (fit_slots()): the 2026 platform's twins fit six rows.
 *
 * Last, what the drawing says to a reader who follows its lines any way, not only forwards
 * from a source or back from an arrowhead (which the lanes keep true): the lines that
 * junctions join make networks, and each source on one is read as calling each target on
 * it (networks_false()); a line that runs beside a box it does not belong to, where that
 * box's own arrows would leave or enter it, reads as that box's (lines_touch(): the lanes
 * keep two cells clear of a box's right side where they can, lanes_beside()); and a line
 * that starts in the gap right of a box, level with a row that box's arrows leave it on,
 * reads as that box's arrow however far it then goes (runs_level()). Only rows can move
 * the last: where it is all that is wrong, a search shifts columns, moves boxes and leaves
 * blank rows until no such line is left (rows_improve()). With the hooks of detours and
 * the crossings, that tells a front end whether the diagram reads at all
 * (layout_tangled()). The terminal then tries the twins with ports, and lists the calls
 * when even those do not read; the window draws the plain one.
 *
 * Box 0 is always the virtual clients box; box i + 1 is node i, but with twins, where the
 * boxes keep the order of their first members. After a successful layout_compute() every
 * box lies inside the w x h area and no two boxes overlap. Nothing here allocates or keeps
 * state between calls.
 */
#include "layout.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_LAYERS (LAYOUT_MAX_BOXES + 7)      /* a column a box, and one a band */
#define MAX_DUMMIES 256
#define MAX_VERTS (LAYOUT_MAX_BOXES + MAX_DUMMIES)
#define MAX_SEGS 1024
#define SWEEPS 8

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* A box's two sides, as its ports are counted: arrows leave on the right, enter on the left. */
enum { OUT, IN };

/*
 * With LAYOUT_PORTS, the edges in nets: each net a set of sources that all call a set of
 * targets (net_find()), drawn as one line, apart from every other. A box has a port on a
 * side for each net it is in there, top to bottom in of[][][] (ports_order()).
 */
struct ports {
	int on;
	int n_nets;
	int net[LAYOUT_MAX_EDGES];      /* the net of each edge, -1: a bracket, or no route */
	int n[2][LAYOUT_MAX_BOXES];     /* ports on each side */
	int of[2][LAYOUT_MAX_BOXES][LAYOUT_MAX_PORTS];  /* the net of each */
	int full;                       /* 1: a box would need more than LAYOUT_MAX_PORTS */
};

/* The ids the lanes know a segment's ends by: the vertex, and with ports its port. */
#define MAX_IDS (MAX_VERTS * LAYOUT_MAX_PORTS)

/*
 * The graph the ordering works on: the boxes, then placeholders for long edges, joined
 * by segments that each span exactly one column boundary.
 */
struct work {
	int n;
	int layer[MAX_VERTS];
	int row[MAX_VERTS];
	int target[MAX_VERTS];          /* placeholders: the box their edges lead to, */
	int source[MAX_VERTS];          /* or the box they come from (the other -1) */
	short via[LAYOUT_MAX_EDGES][MAX_LAYERS]; /* each long edge's placeholder a column */
	int size[MAX_LAYERS];           /* vertices per layer */
	int n_segs;
	int seg_from[MAX_SEGS];
	int seg_to[MAX_SEGS];
	int direct[LAYOUT_MAX_EDGES];   /* 1: an edge that could not get placeholders */
	int seg_lane[MAX_SEGS];         /* the lane it turns in, -1: straight */
	int seg_via[MAX_SEGS];          /* the row a detour crosses over on, or NO_VIA */
	int seg_lane2[MAX_SEGS];        /* the lane a detour leaves that row in */
	int seg_group[MAX_SEGS];        /* the line it turns on, one number a gap, or -1 */
	unsigned char gap_false[MAX_LAYERS]; /* 1: its lines would say something false */
	int n_boxes;                    /* vertices below this are the boxes */
	struct ports pt;                /* LAYOUT_PORTS: the nets and each box's ports */
	int seg_net[MAX_SEGS];          /* with ports, the net of each segment; else -1 */
	int shift[MAX_LAYERS];          /* rows each column stands below its centred place */
	int gap[MAX_VERTS];             /* with fit, blank rows left above each vertex */
	unsigned char lift[MAX_VERTS];  /* 1: a box without edges, on top of the area */
	int n_lift[MAX_LAYERS];         /* such boxes in each column, its first rows */
};

#define SEG_UNSET (-2)
#define NO_VIA INT_MIN

/* The geometry shared by the boxes and the routes. */
struct grid {
	int n;                          /* columns */
	int x0, bw, pitch, bh, h, rows, right;
	int gap[MAX_LAYERS];            /* cells right of each column */
	int lanes[MAX_LAYERS];          /* lanes in that gap */
	int bracket[MAX_LAYERS];        /* 1: a bracket of replicas runs in it */
	int clear[MAX_LAYERS];          /* 1: a line in it runs beside a box not its own */
	int fit;                        /* 1: each vertex's slot as tall as it needs */
	int top[MAX_VERTS];             /* with fit, the top row of each vertex's slot */
	int used[MAX_LAYERS];           /* with fit, the rows of each column's slots */
};

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

			deliver_all(cfg, at, n->route_map[k].upstreams,
			            n->route_map[k].n_upstreams, r);
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

			deliver_all(cfg, at, w->targets[k].upstreams, w->targets[k].n_upstreams,
			            r);
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
				deliver(cfg, at, i,
				        route_bit(cfg, cfg->nodes[i].consumes[k].route));
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
			deliver_all(cfg, at, n->route_map[k].upstreams,
			            n->route_map[k].n_upstreams,
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

/*
 * The edge from broker to its consumer app. An app that also publishes to that broker (a
 * saga's payment service, which sends the charge and hears of a rejected post) would make
 * a cycle that pushes it right of the broker, past its own database, whose arrow would
 * then point left and go undrawn: instead its edge to the broker becomes one two-way
 * edge, which pushes neither end, as two databases that replicate each other do.
 */
static void consumer_edge(struct layout *lay, int broker, int app)
{
	int i;

	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].from == app && lay->edges[i].to == broker) {
			lay->edges[i].both_ways = 1;
			return;
		}
	add_edge(lay, broker, app);
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
			consumer_edge(lay, n->consumes[k].broker + 1, i + 1);
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
		/* TODO: every row of the table draws its line, even one no request of the
		   clients takes, so 2014's search, media, comments and likes behind the Friday
		   deploy's gateway are drawn in use, with lines but no counts; keeping only the
		   rows in serves[i] rearranges the services' columns, and the counts no longer
		   fit the key at 80x24 (test_tui_live's every_arrow_counted). */
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

/* Whether the clients send anything straight to node: an entry or a service by address. */
static int entered(const struct layout *lay, int node)
{
	int i;

	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].from == 0 && lay->edges[i].to == node + 1)
			return 1;
	return 0;
}

/*
 * The clients' arrows: each workload's into the node its routes enter by, its own entry
 * or the era's (a workload that names no route, or a config without routes, sends
 * everything there), and into each service it calls by address. Then every CDN, which
 * nothing else forwards to: reached when a workload enters there or when its origin is
 * not where the clients enter instead, so an era's CDN for media is drawn in front of its
 * origin even in a minute without photos, while 2009's pain, whose clients fetch photos
 * from the app itself, leaves its CDN idle.
 */
static void client_edges(const struct sim_config *cfg, struct layout *lay)
{
	int i, k;

	if (cfg->n_workloads <= 0 && valid_node(cfg, cfg->entry))
		add_edge(lay, 0, cfg->entry + 1);
	for (i = 0; i < cfg->n_workloads && i < SIM_MAX_WORKLOADS; i++) {
		const struct sim_workload_cfg *w = &cfg->workloads[i];
		route_set mix = workload_routes(cfg, w), direct = 0;
		int entry = w->entry >= 0 ? w->entry : cfg->entry;

		/* clients that call each service by its address */
		for (k = 0; k < w->n_targets && k < SIM_MAX_ROUTE_MAP; k++) {
			upstream_edges(cfg, -1, w->targets[k].upstreams, w->targets[k].n_upstreams,
			               lay);
			direct |= route_bit(cfg, w->targets[k].route);
		}
		mix = mix ? mix : every_route(cfg);
		if (((mix & ~direct) || !every_route(cfg)) && valid_node(cfg, entry))
			add_edge(lay, 0, entry + 1);
	}
	for (i = 0; i < cfg->n_nodes; i++)
		if (cfg->nodes[i].kind == SIM_NODE_CDN &&
		    (entered(lay, i) || !valid_node(cfg, cfg->nodes[i].origin) ||
		     !entered(lay, cfg->nodes[i].origin)))
			add_edge(lay, 0, i + 1);
}

/*
 * Whether the clients' arrow into node can carry a request: a balancer, gateway, CDN or
 * app only when some route arrives at it (an era alone draws an arrow to its CDN even
 * when none of its traffic is media); a config without routes says no more than its
 * arrows, and the clients call no other kind directly.
 */
static int entered_by_route(const struct sim_config *cfg, const route_set *serves, int node)
{
	enum sim_node_kind k = cfg->nodes[node].kind;

	if (!every_route(cfg) ||
	    (k != SIM_NODE_LB && k != SIM_NODE_GATEWAY && k != SIM_NODE_CDN && k != SIM_NODE_APP))
		return 1;
	return serves[node] != 0;
}

/*
 * The boxes no request of the config reaches are unused: those the clients' requests
 * cannot get to along the edges (a two-way edge, a bracket of replicas, either way). They
 * stay in the diagram, where the architecture has them, and every edge into or out of
 * them goes: a box that carries nothing in this variant draws no line, so that no line
 * says a request could take it (2014's gateway when the clients call each service by its
 * address, 2009's CDN when photos come from the app, the second region of 2026's pain).
 */
static void prune_unused(const struct sim_config *cfg, const route_set *serves,
                         struct layout *lay)
{
	unsigned char reached[LAYOUT_MAX_BOXES] = { 1 };
	int i, n, changed = 1;

	while (changed) {
		changed = 0;
		for (i = 0; i < lay->n_edges; i++) {
			const struct layout_edge *e = &lay->edges[i];
			int a = reached[e->from], b = reached[e->to];

			if (a == b || (!a && !e->both_ways))
				continue;
			if (e->from == 0 && !entered_by_route(cfg, serves, e->to - 1))
				continue;
			reached[e->from] = reached[e->to] = 1;
			changed = 1;
		}
	}
	for (i = 0, n = 0; i < lay->n_edges; i++)
		if (reached[lay->edges[i].from] && reached[lay->edges[i].to])
			lay->edges[n++] = lay->edges[i];
	lay->n_edges = n;
	for (i = 0; i < lay->n_boxes; i++)
		lay->boxes[i].unused = !reached[i];
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
		snprintf(b->name, sizeof b->name, "%s", n->name);
		b->n_members = 1;
		b->members[0] = i;
		lay->box_of_node[i] = i + 1;
	}

	client_edges(cfg, lay);
	served_routes(cfg, serves);
	for (i = 0; i < cfg->n_nodes; i++)
		node_edges(cfg, i, serves, lay);
	prune_unused(cfg, serves, lay);
}

/* ---- region twins ---------------------------------------------------------------------- */

/* Whether the n characters at w spell one of the config's regions, in any case. */
static int region_word(const struct sim_config *cfg, const char *w, size_t n)
{
	int r;

	for (r = 0; r < cfg->n_regions && r < SIM_MAX_REGIONS; r++)
		if (strlen(cfg->regions[r]) == n && strncasecmp(cfg->regions[r], w, n) == 0)
			return 1;
	return 0;
}

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int joiner(char c)
{
	return c == ' ' || c == '_' || c == '-' || c == '(';
}

/*
 * s without the words that name a region, with what joined them ("posts (us)" is
 * "posts", "gw_us" is "gw", "us_east_gw" with regions us and east is "gw"), into out.
 * Returns 1 when s had such a word.
 */
static int strip_region(const struct sim_config *cfg, const char *s, char *out, size_t len)
{
	size_t i = 0, o = 0, start;
	int had = 0;

	while (s[i] && o + 1 < len) {
		size_t n = 0;

		if (!word_char(s[i])) {
			out[o++] = s[i++];
			continue;
		}
		while (word_char(s[i + n]))
			n++;
		if (!region_word(cfg, s + i, n)) {
			for (; n > 0 && o + 1 < len; n--)
				out[o++] = s[i++];
			continue;
		}
		had = 1;
		while (o > 0 && joiner(out[o - 1]))
			o--;
		i += n;
		i += s[i] == ')';
	}
	out[o] = '\0';
	for (start = 0; joiner(out[start]) || out[start] == ')'; start++)
		;
	memmove(out, out + start, strlen(out + start) + 1);
	return had;
}

/*
 * Whether nodes a and b are region twins: the same kind in two regions, with names or
 * labels that are the same once their region words are gone (auth_us and auth_eu;
 * "primary (us)" and "replica (eu)" are twins by their names, db_us and db_eu).
 */
static int twins(const struct sim_config *cfg, int a, int b)
{
	const struct sim_node_cfg *x = &cfg->nodes[a], *y = &cfg->nodes[b];
	char sx[SIM_NAME_MAX], sy[SIM_NAME_MAX];
	int ha, hb;

	if (x->kind != y->kind || x->region == y->region)
		return 0;
	ha = strip_region(cfg, x->name, sx, sizeof sx);
	hb = strip_region(cfg, y->name, sy, sizeof sy);
	if (ha && hb && sx[0] && strcmp(sx, sy) == 0)
		return 1;
	ha = strip_region(cfg, x->label, sx, sizeof sx);
	hb = strip_region(cfg, y->label, sy, sizeof sy);
	return ha && hb && sx[0] && strcmp(sx, sy) == 0;
}

/*
 * The box that stands for a set of twins: their label without the region when they all
 * read the same that way ("posts (us)" and "posts (eu)": "posts"), else their name without
 * it ("db" for "primary (us)" and "replica (eu)").
 */
static void twin_names(const struct sim_config *cfg, struct layout_box *b)
{
	char first[SIM_NAME_MAX], other[SIM_NAME_MAX];
	const struct sim_node_cfg *n = &cfg->nodes[b->members[0]];
	int k, same = 1;

	strip_region(cfg, n->name, b->name, sizeof b->name);
	strip_region(cfg, n->label[0] ? n->label : n->name, first, sizeof first);
	for (k = 1; k < b->n_members; k++) {
		const struct sim_node_cfg *m = &cfg->nodes[b->members[k]];

		strip_region(cfg, m->label[0] ? m->label : m->name, other, sizeof other);
		same &= strcmp(first, other) == 0;
	}
	snprintf(b->label, sizeof b->label, "%s", same && first[0] ? first : b->name);
}

/* The box each node joins: its own, or that of an earlier twin (set[], by box). */
static void twin_sets(const struct sim_config *cfg, int *set)
{
	int i, j;

	for (i = 0; i < cfg->n_nodes; i++) {
		set[i] = i;
		for (j = 0; j < i && set[i] == i; j++)
			if (set[j] == j && twins(cfg, i, j)) {
				int k, n = 0;

				for (k = 0; k < i; k++)
					n += set[k] == j;
				if (n < LAYOUT_MAX_MEMBERS)
					set[i] = j;
			}
	}
}

/*
 * Folds each set of region twins into one box: its edges are those of every member
 * (an edge between two members, the replicas of one database, is dropped), boxes keep
 * the order of their first members, and box_of_node sends every member to its box.
 */
static void merge_twins(const struct sim_config *cfg, struct layout *lay)
{
	int set[SIM_MAX_NODES], to_box[LAYOUT_MAX_BOXES], i, n = 1, e, m = 0;

	twin_sets(cfg, set);
	to_box[0] = 0;
	for (i = 0; i < cfg->n_nodes; i++) {
		struct layout_box *b;

		if (set[i] != i) {
			b = &lay->boxes[to_box[set[i] + 1]];
			b->unused &= lay->boxes[i + 1].unused;
			b->members[b->n_members++] = i;
			to_box[i + 1] = to_box[set[i] + 1];
			continue;
		}
		to_box[i + 1] = n;
		lay->boxes[n++] = lay->boxes[i + 1];
	}
	lay->n_boxes = n;
	for (i = 1; i < n; i++)
		if (lay->boxes[i].n_members > 1)
			twin_names(cfg, &lay->boxes[i]);
	for (i = 0; i < cfg->n_nodes; i++)
		lay->box_of_node[i] = to_box[i + 1];
	for (e = 0; e < lay->n_edges; e++) {
		struct layout_edge edge = lay->edges[e];
		int k, a = to_box[edge.from], b = to_box[edge.to], dup = -1;

		for (k = 0; k < m; k++)
			if (lay->edges[k].from == a && lay->edges[k].to == b)
				dup = k;
		if (a == b)
			continue;
		if (dup >= 0) {
			lay->edges[dup].both_ways |= edge.both_ways;
			continue;
		}
		edge.from = a;
		edge.to = b;
		lay->edges[m++] = edge;
	}
	lay->n_edges = m;
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

/* ---- the columns ---------------------------------------------------------------------- */

/*
 * The bands of the diagram, left to right, each one or more columns: what a node is for,
 * from its kind and the edges that reach it (band_of()).
 */
enum band {
	BAND_CLIENTS,
	BAND_EDGE,                      /* CDNs, balancers in front of balancers */
	BAND_BALANCER,                  /* load balancers and gateways in front of services */
	BAND_SERVICE,                   /* apps reached from the clients' side */
	BAND_STORE,                     /* caches and brokers */
	BAND_BACK,                      /* apps only services or brokers reach */
	BAND_DB,
	BAND__N
};

static enum sim_node_kind box_kind(const struct sim_config *cfg, const struct layout *lay,
                                   int b)
{
	return lay->boxes[b].node >= 0 ? cfg->nodes[lay->boxes[b].node].kind : SIM_NODE__COUNT;
}

static int is_app(const struct sim_config *cfg, const struct layout *lay, int b)
{
	return b > 0 && box_kind(cfg, lay, b) == SIM_NODE_APP;
}

/* A balancer whose arrows lead to another balancer, a gateway or a CDN: the edge. */
static int fronts_proxies(const struct sim_config *cfg, const struct layout *lay, int b)
{
	int i;

	for (i = 0; i < lay->n_edges; i++) {
		enum sim_node_kind k = box_kind(cfg, lay, lay->edges[i].to);

		if (lay->edges[i].from == b &&
		    (sim_kind_is_proxy(k) || k == SIM_NODE_CDN))
			return 1;
	}
	return 0;
}

/*
 * Whether app box b may stand right of the caches and brokers: something reaches it, and
 * only apps and brokers do (a broker's consumer, a service only services call), and each
 * of its arrows points at a database or at such an app (back[]), so every arrow still
 * points right.
 */
static int back_app(const struct sim_config *cfg, const struct layout *lay, int b,
                    const unsigned char *back)
{
	int i, in = 0;

	for (i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];
		enum sim_node_kind k;

		if (e->both_ways)
			continue;
		if (e->to == b) {
			k = box_kind(cfg, lay, e->from);
			if (k != SIM_NODE_APP && k != SIM_NODE_BROKER)
				return 0;
			in++;
		}
		if (e->from == b && box_kind(cfg, lay, e->to) != SIM_NODE_DB &&
		    !(is_app(cfg, lay, e->to) && back[e->to]))
			return 0;
	}
	return in > 0;
}

/* The band of every box; an app is first taken as back, then moved while it cannot be. */
static void bands_of(const struct sim_config *cfg, const struct layout *lay,
                     unsigned char *band)
{
	unsigned char back[LAYOUT_MAX_BOXES];
	int b, changed = 1;

	for (b = 0; b < lay->n_boxes; b++)
		back[b] = is_app(cfg, lay, b);
	while (changed) {
		changed = 0;
		for (b = 0; b < lay->n_boxes; b++)
			if (back[b] && !back_app(cfg, lay, b, back)) {
				back[b] = 0;
				changed = 1;
			}
	}
	band[0] = BAND_CLIENTS;
	for (b = 1; b < lay->n_boxes; b++)
		switch (box_kind(cfg, lay, b)) {
		case SIM_NODE_CDN:
			band[b] = BAND_EDGE;
			break;
		case SIM_NODE_LB: case SIM_NODE_GATEWAY:
			band[b] = fronts_proxies(cfg, lay, b) ? BAND_EDGE : BAND_BALANCER;
			break;
		case SIM_NODE_CACHE: case SIM_NODE_BROKER:
			band[b] = BAND_STORE;
			break;
		case SIM_NODE_DB:
			/* with ports, a database stands with the stores (push_right() moves it
			 * right of a back service that calls it) */
			band[b] = lay->mode & LAYOUT_PORTS ? BAND_STORE : BAND_DB;
			break;
		default:
			band[b] = back[b] ? BAND_BACK : BAND_SERVICE;
			break;
		}
}

/*
 * Within a band, each edge between two of its boxes pushes the target a column right of
 * the source (a balancer behind a balancer, a service a service calls, a replica fed one
 * way); two-way edges push neither. A cycle stops after n_boxes rounds.
 */
static void band_depths(const struct layout *lay, const unsigned char *band, int *depth)
{
	int i, pass, changed = 1;

	memset(depth, 0, sizeof(int) * (size_t)lay->n_boxes);
	for (pass = 0; changed && pass < lay->n_boxes; pass++) {
		changed = 0;
		for (i = 0; i < lay->n_edges; i++) {
			const struct layout_edge *e = &lay->edges[i];

			if (e->both_ways || band[e->from] != band[e->to] ||
			    depth[e->to] > depth[e->from])
				continue;
			depth[e->to] = depth[e->from] + 1;
			changed = 1;
		}
	}
}

/*
 * Pushes the target of each edge that still points left or down its own column one column
 * right of its source: a config the bands do not fit (a balancer behind a CDN) keeps its
 * arrows pointing right at the cost of the order of kinds. A cycle stops the passes after
 * n_boxes rounds; such an edge points left and gets no route.
 */
static void push_right(struct layout *lay)
{
	int i, pass, changed = 1;

	for (pass = 0; changed && pass < lay->n_boxes; pass++) {
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
}

/*
 * Each box's column: the bands in order, each as many columns as its deepest push, empty
 * columns dropped; then the edges that still point left push.
 */
static void assign_layers(const struct sim_config *cfg, struct layout *lay)
{
	unsigned char band[LAYOUT_MAX_BOXES];
	int depth[LAYOUT_MAX_BOXES], width[BAND__N] = { 0 }, base[BAND__N];
	int used[MAX_LAYERS] = { 0 }, map[MAX_LAYERS];
	int i, n = 0;

	bands_of(cfg, lay, band);
	band_depths(lay, band, depth);
	for (i = 0; i < lay->n_boxes; i++)
		width[band[i]] = MAX(width[band[i]], depth[i] + 1);
	for (i = 0; i < BAND__N; i++) {
		base[i] = n;
		n += width[i];
	}
	for (i = 0; i < lay->n_boxes; i++)
		lay->boxes[i].layer = MIN(base[band[i]] + depth[i], MAX_LAYERS - 1);
	push_right(lay);

	for (i = 0; i < lay->n_boxes; i++)
		used[lay->boxes[i].layer] = 1;
	for (i = 0, n = 0; i < MAX_LAYERS; i++)
		map[i] = used[i] ? n++ : -1;
	for (i = 0; i < lay->n_boxes; i++)
		lay->boxes[i].layer = map[lay->boxes[i].layer];
	lay->n_layers = n;
	orient_both_ways(lay);
}

/* Adds the segment from vertex a to vertex b, of net (or -1), unless it is there. */
static void add_seg(struct work *wk, int a, int b, int net)
{
	int i;

	for (i = 0; i < wk->n_segs; i++)
		if (wk->seg_from[i] == a && wk->seg_to[i] == b)
			return;
	if (wk->n_segs == MAX_SEGS)
		return;
	wk->seg_from[wk->n_segs] = a;
	wk->seg_to[wk->n_segs] = b;
	wk->seg_net[wk->n_segs] = net;
	wk->n_segs++;
}

/* ---- nets: which arrows share a line, with ports ------------------------------------- */

/*
 * A block of boxes: every source in src has an edge not yet in a net to every target in
 * dst. open[a][b] is that edge's index, or -1.
 */
struct block {
	unsigned char src[LAYOUT_MAX_BOXES], dst[LAYOUT_MAX_BOXES];
	int ns, nt;
};

typedef short open_map[LAYOUT_MAX_BOXES][LAYOUT_MAX_BOXES];

/* The edges that may be in a net, not yet in one: those that run right, brackets aside. */
static void open_edges(const struct layout *lay, const struct ports *pt, open_map open)
{
	int i;

	memset(open, -1, sizeof(open_map));
	for (i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];

		if (pt->net[i] < 0 && !e->lateral &&
		    lay->boxes[e->to].layer > lay->boxes[e->from].layer)
			open[e->from][e->to] = (short)i;
	}
}

/* The block of the targets in dst and of every box that calls them all. */
static void block_to(const struct layout *lay, open_map open, const unsigned char *dst,
                     struct block *bk)
{
	int a, b;

	memset(bk, 0, sizeof *bk);
	for (b = 0; b < lay->n_boxes; b++)
		bk->nt += bk->dst[b] = dst[b];
	for (a = 0; a < lay->n_boxes && bk->nt; a++) {
		int all = 1;

		for (b = 0; b < lay->n_boxes && all; b++)
			all = !dst[b] || open[a][b] >= 0;
		bk->ns += bk->src[a] = (unsigned char)all;
	}
}

/* The block of the sources in src and of every box they all call. */
static void block_from(const struct layout *lay, open_map open, const unsigned char *src,
                       struct block *bk)
{
	int a, b;

	memset(bk, 0, sizeof *bk);
	for (a = 0; a < lay->n_boxes; a++)
		bk->ns += bk->src[a] = src[a];
	for (b = 0; b < lay->n_boxes && bk->ns; b++) {
		int all = 1;

		for (a = 0; a < lay->n_boxes && all; a++)
			all = !src[a] || open[a][b] >= 0;
		bk->nt += bk->dst[b] = (unsigned char)all;
	}
}

/* Keeps bk in best when it covers more edges, or as many with more on its smaller side. */
static void block_keep(const struct block *bk, struct block *best)
{
	int n = bk->ns * bk->nt, m = best->ns * best->nt;

	if (n > m || (n == m && n > 0 && MIN(bk->ns, bk->nt) > MIN(best->ns, best->nt)))
		*best = *bk;
}

/*
 * The largest block among the edges still open: a box's open targets and every box that
 * calls them all, a box's open sources and everything they all call, and the targets two
 * boxes share. Posts (us, eu) call Redis, Kafka, recs and the databases, payments Kafka
 * and the databases, auth the databases: {posts, payments} -> {Kafka, db} comes first,
 * then {posts} -> {Redis, recs} and {auth} -> {db}, two ports a box at most.
 */
static void block_best(const struct layout *lay, open_map open, struct block *best)
{
	unsigned char set[LAYOUT_MAX_BOXES];
	struct block bk;
	int a, b, k;

	memset(best, 0, sizeof *best);
	for (a = 0; a < lay->n_boxes; a++) {
		for (k = 0; k < lay->n_boxes; k++)
			set[k] = open[a][k] >= 0;
		block_to(lay, open, set, &bk);
		block_keep(&bk, best);
		for (k = 0; k < lay->n_boxes; k++)
			set[k] = open[k][a] >= 0;
		block_from(lay, open, set, &bk);
		block_keep(&bk, best);
		for (b = a + 1; b < lay->n_boxes; b++) {
			int any = 0;

			for (k = 0; k < lay->n_boxes; k++)
				any |= set[k] = open[a][k] >= 0 && open[b][k] >= 0;
			if (!any)
				continue;
			block_to(lay, open, set, &bk);
			block_keep(&bk, best);
		}
	}
}

/* Adds net to the ports of box b on side, unless there; notes a box with too many. */
static void port_add(struct ports *pt, int side, int b, int net)
{
	int k;

	for (k = 0; k < pt->n[side][b]; k++)
		if (pt->of[side][b][k] == net)
			return;
	if (pt->n[side][b] == LAYOUT_MAX_PORTS) {
		pt->full = 1;
		return;
	}
	pt->of[side][b][pt->n[side][b]++] = net;
}

/*
 * The nets, greedily: the largest block of edges still open becomes a net, until every
 * edge that runs right is in one; then each box's ports, one a net on each side.
 */
static void nets_find(const struct layout *lay, struct ports *pt)
{
	open_map open;
	struct block bk;
	int a, b;

	memset(pt, 0, sizeof *pt);
	pt->on = 1;
	memset(pt->net, -1, sizeof pt->net);
	for (;;) {
		open_edges(lay, pt, open);
		block_best(lay, open, &bk);
		if (bk.ns * bk.nt == 0)
			break;
		for (a = 0; a < lay->n_boxes; a++)
			for (b = 0; b < lay->n_boxes; b++)
				if (bk.src[a] && bk.dst[b]) {
					pt->net[open[a][b]] = pt->n_nets;
					port_add(pt, OUT, a, pt->n_nets);
					port_add(pt, IN, b, pt->n_nets);
				}
		pt->n_nets++;
	}
}

/* The port of box v on side for net, 0 for a placeholder or without ports. */
static int port_of(const struct work *wk, int v, int side, int net)
{
	int k;

	if (!wk->pt.on || net < 0 || v >= LAYOUT_MAX_BOXES)
		return 0;
	for (k = 0; k < wk->pt.n[side][v]; k++)
		if (wk->pt.of[side][v][k] == net)
			return k;
	return 0;
}

/* The placeholder in layer for edges to box target (or from box source), or -1. */
static int find_dummy(const struct work *wk, int target, int source, int layer, int n_boxes)
{
	int v;

	for (v = n_boxes; v < wk->n; v++)
		if (wk->target[v] == target && wk->source[v] == source && wk->layer[v] == layer)
			return v;
	return -1;
}

/* The same, made when missing; -1 when there is no room left. */
static int dummy(struct work *wk, int target, int source, int layer, int n_boxes)
{
	int v = find_dummy(wk, target, source, layer, n_boxes);

	if (v >= 0)
		return v;
	if (wk->n == MAX_VERTS)
		return -1;
	v = wk->n++;
	wk->target[v] = target;
	wk->source[v] = source;
	wk->layer[v] = layer;
	return v;
}

/* Whether edge i runs past column l: it starts left of it and ends right of it. */
static int passes(const struct layout *lay, int i, int l)
{
	const struct layout_edge *e = &lay->edges[i];

	return lay->boxes[e->from].layer < l && l < lay->boxes[e->to].layer;
}

/*
 * Which edges past column l share a placeholder by their source rather than by their
 * target (by_source[i]): the fewest placeholders, found greedily, each time the box that
 * gathers the most edges still unshared, a target first when they tie. Clients that call
 * ten services by their address past the gateway's column then run as one line there,
 * not ten; three apps' lines to one database past the cache's, as one.
 */
static void share_by(const struct layout *lay, int l, unsigned char *by_source)
{
	unsigned char done[LAYOUT_MAX_EDGES] = { 0 };
	int i, b;

	for (;;) {
		int from[LAYOUT_MAX_BOXES] = { 0 }, to[LAYOUT_MAX_BOXES] = { 0 }, best = -1;
		int most = 0, src = 0;

		for (i = 0; i < lay->n_edges; i++)
			if (!done[i] && passes(lay, i, l)) {
				from[lay->edges[i].from]++;
				to[lay->edges[i].to]++;
			}
		/* scored twice the edges, one more for a target, so that a target wins a tie */
		for (b = 0; b < lay->n_boxes; b++) {
			if (to[b] && 2 * to[b] + 1 > most) {
				most = 2 * to[b] + 1;
				best = b;
				src = 0;
			}
			if (from[b] && 2 * from[b] > most) {
				most = 2 * from[b];
				best = b;
				src = 1;
			}
		}
		if (best < 0)
			return;
		for (i = 0; i < lay->n_edges; i++)
			if (!done[i] && passes(lay, i, l) &&
			    (src ? lay->edges[i].from : lay->edges[i].to) == best) {
				done[i] = 1;
				by_source[i] = (unsigned char)src;
			}
	}
}

/*
 * Splits every rightward edge into one-column segments through placeholders, shared in
 * each column past which it runs by the edges of its source or of its target
 * (share_by()); wk->via keeps which, for the routes.
 */
static void build_work(const struct layout *lay, struct work *wk)
{
	unsigned char by_source[MAX_LAYERS][LAYOUT_MAX_EDGES];
	int i, l;

	memset(wk, 0, sizeof *wk);
	if (lay->mode & LAYOUT_PORTS)
		nets_find(lay, &wk->pt);
	wk->n = wk->n_boxes = lay->n_boxes;
	for (i = 0; i < lay->n_boxes; i++) {
		wk->layer[i] = lay->boxes[i].layer;
		wk->target[i] = wk->source[i] = -1;
	}
	for (l = 0; l < lay->n_layers; l++) {
		memset(by_source[l], 0, sizeof by_source[l]);
		share_by(lay, l, by_source[l]);
	}
	for (i = 0; i < lay->n_edges; i++) {
		int a = lay->edges[i].from, b = lay->edges[i].to, prev = a, before = wk->n;
		int net = wk->pt.on ? wk->pt.net[i] : -1;

		if (wk->layer[b] <= wk->layer[a])
			continue;
		for (l = wk->layer[a] + 1; l < wk->layer[b] && prev >= 0; l++) {
			int src = by_source[l][i], v;

			/* a net's placeholder is its own: target -1, source -2 - the net */
			if (net >= 0)
				v = dummy(wk, -1, -2 - net, l, lay->n_boxes);
			else
				v = dummy(wk, src ? -1 : b, src ? a : -1, l, lay->n_boxes);
			if (v >= 0)
				add_seg(wk, prev, v, net);
			wk->via[i][l] = (short)v;
			prev = v;
		}
		if (prev < 0) {
			/* out of room: this edge runs straight, its placeholders are dropped */
			wk->n = before;
			wk->direct[i] = 1;
			add_seg(wk, a, b, net);
			continue;
		}
		add_seg(wk, prev, b, net);
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

/*
 * Crossings between the segments of vertex u and those of vertex v, both in one column,
 * with u above v: on each side, a pair whose far ends are in the other order.
 */
static int pair_crossings(const struct work *wk, int u, int v)
{
	int i, j, n = 0;

	for (i = 0; i < wk->n_segs; i++) {
		int iu = wk->seg_from[i] == u ? wk->seg_to[i] : wk->seg_to[i] == u ?
		         wk->seg_from[i] : -1;

		if (iu < 0)
			continue;
		for (j = 0; j < wk->n_segs; j++) {
			int jv = wk->seg_from[j] == v ? wk->seg_to[j] : wk->seg_to[j] == v ?
			         wk->seg_from[j] : -1;

			n += jv >= 0 && wk->layer[iu] == wk->layer[jv] &&
			     place(wk, iu) > place(wk, jv);
		}
	}
	return n;
}

/* The vertex on row r of layer l, or -1. */
static int vertex_at(const struct work *wk, int l, int r)
{
	int v;

	for (v = 0; v < wk->n; v++)
		if (wk->layer[v] == l && wk->row[v] == r)
			return v;
	return -1;
}

/*
 * Swaps neighbours in a column wherever that removes crossings, column after column,
 * until no swap does (or after a few rounds): the barycentres leave some that one swap
 * undoes.
 */
static void transpose(struct work *wk, int n_layers)
{
	int round, l, r, better = 1;

	for (round = 0; better && round < SWEEPS; round++) {
		better = 0;
		for (l = 0; l < n_layers; l++)
			for (r = 0; r + 1 < wk->size[l]; r++) {
				int u = vertex_at(wk, l, r), v = vertex_at(wk, l, r + 1);

				if (u < 0 || v < 0 ||
				    pair_crossings(wk, v, u) >= pair_crossings(wk, u, v))
					continue;
				wk->row[u] = r + 1;
				wk->row[v] = r;
				better = 1;
			}
	}
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
	transpose(wk, n_layers);
}

/* Whether box b has no edge at all: a box no request reaches (prune_unused()). */
static int edgeless(const struct layout *lay, int b)
{
	int i;

	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].from == b || lay->edges[i].to == b)
			return 0;
	return b < lay->n_boxes;
}

/*
 * Moves the boxes without edges to the first rows of their column, in their order, and
 * marks them lifted: they stand on top of the area, the rest of the column centred below
 * them (slot_y()). A box that carries nothing has no place among the lines: one left
 * between them stands where a line starts beside it (read as its arrow) or where lines
 * run round it (as through it: 2014's unused gateway between the clients and the
 * services they call by address). The rows search below leaves them there.
 *
 * TODO: the rest of a lifted box's column stays packed and centred, off the rows its
 * neighbours' lines come in on, so more lines turn and more lanes take the width: the
 * saga side by side at 100x30, Kafka lifted in the pain, cuts its labels to four letters
 * ("podb" for posts_db, "pos…"), where five read "po_db" and "posts". Placing each vertex
 * of such a column on the row of the neighbour it lines up with would keep them.
 */
static void lift_edgeless(const struct layout *lay, struct work *wk, int n_layers)
{
	int l, r, v, i, pass;

	for (l = 0; l < n_layers; l++) {
		int order[MAX_VERTS], n = 0;

		for (pass = 0; pass < 2; pass++)
			for (r = 0; r < wk->size[l]; r++)
				for (v = 0; v < wk->n; v++)
					if (wk->layer[v] == l && wk->row[v] == r &&
					    edgeless(lay, v) == !pass)
						order[n++] = v;
		for (i = 0; i < n; i++) {
			wk->row[order[i]] = i;
			wk->lift[order[i]] = (unsigned char)edgeless(lay, order[i]);
			wk->n_lift[l] += wk->lift[order[i]];
		}
	}
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
					if (wk->layer[v] == l && wk->row[v] == r &&
					    bracket[v] == pass)
						order[n++] = v;
		for (i = 0; i < n; i++)
			wk->row[order[i]] = i;
	}
}

/*
 * Where net leads from box b on side: the mean place of the vertices at the other end of
 * its segments there.
 */
static double port_key(const struct work *wk, int b, int side, int net)
{
	double sum = 0;
	int i, n = 0;

	for (i = 0; i < wk->n_segs; i++) {
		if (wk->seg_net[i] != net)
			continue;
		if (side == OUT && wk->seg_from[i] == b) {
			sum += place(wk, wk->seg_to[i]);
			n++;
		}
		if (side == IN && wk->seg_to[i] == b) {
			sum += place(wk, wk->seg_from[i]);
			n++;
		}
	}
	return n ? sum / n : 0;
}

/*
 * The ports of every box top to bottom in the order of where their nets lead, so that
 * the lines of two ports do not cross as they leave or reach it.
 */
static void ports_order(struct work *wk)
{
	int b, side, i, j;

	for (b = 0; wk->pt.on && b < wk->n_boxes; b++)
		for (side = 0; side < 2; side++) {
			int *of = wk->pt.of[side][b], n = wk->pt.n[side][b];
			double key[LAYOUT_MAX_PORTS];

			for (i = 0; i < n; i++)
				key[i] = port_key(wk, b, side, of[i]);
			for (i = 1; i < n; i++)
				for (j = i; j > 0 && key[j - 1] > key[j]; j--) {
					double k = key[j];
					int t = of[j];

					key[j] = key[j - 1];
					key[j - 1] = k;
					of[j] = of[j - 1];
					of[j - 1] = t;
				}
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

/* ---- lanes: where each segment turns in its gap -------------------------------------- */

/*
 * The segments between two columns turn in the gap between them, each in a lane (a column
 * of the gap), and segments in one lane whose rows meet share a vertical line: a group. A
 * reader follows a line rightwards (every arrow points right), up or down a vertical line
 * (which way it runs does not show), any way at a junction and straight on through a
 * crossing, so a group says something true only when it is one
 * source fanning out, one target fanning in, or a block in which every source reaches
 * every target. Along a vertex's stub, the row it leaves or enters on, a line can also
 * run from one of its lanes into the next; the order of the lanes stops that:
 *   - a group with several sources is the last lane of each (their stubs end there), and
 *     one with several targets the first lane into each;
 *   - a lone segment from a source that fans out to a target that fans in is one or the
 *     other;
 *   - a vertex on the left and one on the right on the same row share that row: every
 *     lane of the left one comes before every lane of the right one;
 *   - a group never crosses its own hub's row where that row's line runs on both sides of
 *     it, which would draw the crossing glyph, "┼", for a junction: it is split into the
 *     part above and the part below.
 * A segment with both ends on one row is straight and takes no lane. When a gap has more
 * segments than these tables hold, all of its turns share one lane, as a last resort.
 *
 * Two segments whose rows swap (a source level with the other's target, and the other way
 * round; or a longer cycle of them) cannot both keep to their rows without joining, and
 * with one row a box (the 2026 platform in a short pane) every row is shared. Then every
 * segment takes a lane of its own, each the last lane out of its source or the first into
 * its target (lanes_compose()), and those that can be neither, or whose rows still swap,
 * take a detour: down a first lane to another row, along that row between two lanes of
 * its own, and down a second lane to its target's row. Its stretch of that row lies right
 * of every line leaving it and left of every line arriving on it, and no other detour and
 * no straight segment uses that row in that gap. A gap whose lines would still say
 * something false (lanes_false()) makes the whole layout refused, as one that does not fit.
 */
#define MAX_GAP_SEGS 128

struct lanes {
	int n;
	int seg[MAX_GAP_SEGS];                  /* index into the work's segments */
	int u[MAX_GAP_SEGS], v[MAX_GAP_SEGS];   /* its ends, left and right */
	int yu[MAX_GAP_SEGS], yv[MAX_GAP_SEGS];
	int group[MAX_GAP_SEGS];                /* -1: straight */
	int via[MAX_GAP_SEGS];                  /* a detour's row, or NO_VIA */
	int group2[MAX_GAP_SEGS];               /* a detour's second lane's group */
	int n_groups;
	int lo[MAX_GAP_SEGS], hi[MAX_GAP_SEGS]; /* the rows a group's line spans */
	int lane[MAX_GAP_SEGS];
	unsigned char before[MAX_GAP_SEGS][MAX_GAP_SEGS / 8];
	int alone;                              /* 1: every segment in a lane of its own */
	int loose;                              /* of those, ones neither last nor first */
	unsigned char loose_seg[MAX_GAP_SEGS];
	int out[MAX_IDS], in[MAX_IDS];          /* a vertex's segments in this gap */
	unsigned char straight_out[MAX_IDS], straight_in[MAX_IDS];
	int s_group[MAX_IDS], t_group[MAX_IDS]; /* its fan-out, its fan-in, or -1 */
	int last[MAX_IDS], first[MAX_IDS];      /* the group that must be its last lane out,
	                                           its first lane in, or -1 */
};

static int group_new(struct lanes *ln)
{
	return ln->n_groups++;
}

static int s_group(struct lanes *ln, int u)
{
	if (ln->s_group[u] < 0)
		ln->s_group[u] = group_new(ln);
	return ln->s_group[u];
}

static int t_group(struct lanes *ln, int v)
{
	if (ln->t_group[v] < 0)
		ln->t_group[v] = group_new(ln);
	return ln->t_group[v];
}

static int box_top(const struct work *wk, const struct grid *g, int v);
static int box_h(const struct work *wk, const struct grid *g, int v);
static int port_row(int top, int h, int n, int k);

/*
 * The row segment s leaves its source on (side OUT) or reaches its target on (IN), and the
 * id the lanes know that end by: the vertex, or with ports the vertex and its port.
 */
static int seg_end(const struct work *wk, const struct grid *g, const int *y, int s,
                   int side, int *row)
{
	int v = side == OUT ? wk->seg_from[s] : wk->seg_to[s];
	int k = port_of(wk, v, side, wk->seg_net[s]);

	*row = wk->pt.on && v < wk->n_boxes ?
	       port_row(box_top(wk, g, v), box_h(wk, g, v), MAX(1, wk->pt.n[side][v]), k) :
	       y[v];
	return v + k * MAX_VERTS;
}

/* The segments from layer l to l + 1 (long edges' direct runs are not among them). */
static void lanes_collect(struct lanes *ln, const struct work *wk, const struct grid *g,
                          const int *y, int l)
{
	int i;

	memset(ln, 0, offsetof(struct lanes, out));
	memset(ln->out, 0, sizeof ln->out + sizeof ln->in);
	memset(ln->straight_out, 0, sizeof ln->straight_out + sizeof ln->straight_in);
	memset(ln->s_group, -1, sizeof ln->s_group + sizeof ln->t_group);
	memset(ln->last, -1, sizeof ln->last + sizeof ln->first);
	for (i = 0; i < wk->n_segs && ln->n < MAX_GAP_SEGS; i++) {
		int u = wk->seg_from[i], v = wk->seg_to[i], k = ln->n;

		if (wk->layer[u] != l || wk->layer[v] != l + 1)
			continue;
		ln->seg[k] = i;
		u = ln->u[k] = seg_end(wk, g, y, i, OUT, &ln->yu[k]);
		v = ln->v[k] = seg_end(wk, g, y, i, IN, &ln->yv[k]);
		ln->group[k] = -1;
		ln->via[k] = NO_VIA;
		ln->group2[k] = -1;
		ln->out[u]++;
		ln->in[v]++;
		ln->straight_out[u] |= ln->yu[k] == ln->yv[k];
		ln->straight_in[v] |= ln->yu[k] == ln->yv[k];
		ln->n++;
	}
}

/* Whether source u has a segment still without a group to target v. */
static int open_seg(const struct lanes *ln, int u, int v)
{
	int k;

	for (k = 0; k < ln->n; k++)
		if (ln->u[k] == u && ln->v[k] == v && ln->group[k] < 0 && ln->yu[k] != ln->yv[k])
			return 1;
	return 0;
}

/* Whether sources a and b have the same open targets, at least two. */
static int same_targets(const struct lanes *ln, int a, int b)
{
	int k, n = 0;

	for (k = 0; k < ln->n; k++) {
		if (ln->group[k] >= 0 || ln->yu[k] == ln->yv[k])
			continue;
		if (ln->u[k] == a && !open_seg(ln, b, ln->v[k]))
			return 0;
		if (ln->u[k] == b && !open_seg(ln, a, ln->v[k]))
			return 0;
		n += ln->u[k] == a;
	}
	return n >= 2;
}

/* Whether the segment may join a block: its ends have no straight run and no claim. */
static int block_free(const struct lanes *ln, int k)
{
	return !ln->straight_out[ln->u[k]] && ln->last[ln->u[k]] < 0 &&
	       !ln->straight_in[ln->v[k]] && ln->first[ln->v[k]] < 0;
}

/*
 * Sources that share the same two or more targets (three apps to one cache and one db)
 * become one block in one lane: every source reaches every target, so sharing is true.
 */
static void lanes_blocks(struct lanes *ln)
{
	int a, b, k;

	for (a = 0; a < ln->n; a++) {
		int members = 0, free = 1, g;

		if (ln->group[a] >= 0 || ln->yu[a] == ln->yv[a])
			continue;
		for (b = 0; b < ln->n; b++)
			if (ln->group[b] < 0 && ln->yu[b] != ln->yv[b] &&
			    same_targets(ln, ln->u[a], ln->u[b])) {
				members += ln->v[b] == ln->v[a];
				free &= block_free(ln, b);
			}
		if (members < 2 || !free)
			continue;
		g = group_new(ln);
		for (b = ln->n - 1; b >= 0; b--)
			if (ln->group[b] < 0 && ln->yu[b] != ln->yv[b] &&
			    same_targets(ln, ln->u[a], ln->u[b]))
				ln->group[b] = -2 - g;  /* marked: same_targets sees it */
		for (k = 0; k < ln->n; k++)
			if (ln->group[k] == -2 - g) {
				ln->group[k] = g;
				ln->last[ln->u[k]] = g;
				ln->first[ln->v[k]] = g;
			}
	}
}

/*
 * Which group each segment joins: a source's fan-out for targets only it reaches, a
 * target's fan-in from sources that reach only it, blocks, then each segment left between
 * a source that fans out and a target that fans in, in whichever of the two may still take
 * it: the target's fan-in when that can be the source's last lane, else the source's
 * fan-out when that can be the target's first. A segment neither may take gets a lane of
 * its own, and the drawing may then join it to another at a junction: no shipped era
 * needs that.
 */
static void lanes_group(struct lanes *ln)
{
	int k;

	for (k = 0; k < ln->n; k++) {
		if (ln->yu[k] == ln->yv[k])
			continue;
		if (ln->in[ln->v[k]] == 1)
			ln->group[k] = s_group(ln, ln->u[k]);
		else if (ln->out[ln->u[k]] == 1)
			ln->group[k] = t_group(ln, ln->v[k]);
	}
	lanes_blocks(ln);
	for (k = 0; k < ln->n; k++) {
		int u = ln->u[k], v = ln->v[k];

		if (ln->group[k] >= 0 || ln->yu[k] == ln->yv[k])
			continue;
		if (!ln->straight_out[u] && ln->last[u] < 0) {
			ln->group[k] = ln->last[u] = t_group(ln, v);
		} else if (!ln->straight_in[v] && ln->first[v] < 0) {
			ln->group[k] = ln->first[v] = s_group(ln, u);
		} else {
			ln->group[k] = group_new(ln);
		}
	}
}

/* Whether vertex x has a segment in a group other than g, or a straight one. */
static int elsewhere(const struct lanes *ln, int x, int g)
{
	int k;

	for (k = 0; k < ln->n; k++)
		if ((ln->u[k] == x || ln->v[k] == x) && ln->group[k] != g)
			return 1;
	return 0;
}

/* Moves the segments of group g whose far end is above the hub's row to a new group. */
static void split_above(struct lanes *ln, int g, int hub_is_source)
{
	int k, up = 0, down = 0, g2;

	for (k = 0; k < ln->n; k++) {
		int far = hub_is_source ? ln->yv[k] - ln->yu[k] : ln->yu[k] - ln->yv[k];

		up += ln->group[k] == g && far < 0;
		down += ln->group[k] == g && far > 0;
	}
	if (!up || !down)
		return;
	g2 = group_new(ln);
	for (k = 0; k < ln->n; k++) {
		int far = hub_is_source ? ln->yv[k] - ln->yu[k] : ln->yu[k] - ln->yv[k];

		if (ln->group[k] != g || far >= 0)
			continue;
		ln->group[k] = g2;
		if (ln->first[ln->v[k]] == g)
			ln->first[ln->v[k]] = g2;
		if (ln->last[ln->u[k]] == g)
			ln->last[ln->u[k]] = g2;
	}
}

/*
 * A fan-out whose targets lie above and below its source, when the source's row goes on
 * past it (to another lane, or straight to a target), and a fan-in in the same case: each
 * in two halves, so that their junctions on that row are "┴" and "┬", never "┼".
 */
static void lanes_split(struct lanes *ln)
{
	int x;

	for (x = 0; x < MAX_IDS; x++) {
		if (ln->s_group[x] >= 0 && elsewhere(ln, x, ln->s_group[x]))
			split_above(ln, ln->s_group[x], 1);
		if (ln->t_group[x] >= 0 && elsewhere(ln, x, ln->t_group[x]))
			split_above(ln, ln->t_group[x], 0);
	}
}

static void set_before(struct lanes *ln, int a, int b)
{
	if (a >= 0 && b >= 0 && a != b)
		ln->before[a][b / 8] |= (unsigned char)(1u << (b % 8));
}

static int is_before(const struct lanes *ln, int a, int b)
{
	return ln->before[a][b / 8] >> (b % 8) & 1;
}

/*
 * A segment in its lane, or one part of a detour: part 0 runs from the source's row to the
 * detour's row (the whole segment when there is none), part 1 on to the target's. Returns
 * the part's group, -1 for none, and sets the rows it runs from and to.
 */
static int piece(const struct lanes *ln, int k, int part, int *from, int *to)
{
	int via = ln->via[k];

	*from = part == 0 ? ln->yu[k] : via;
	*to = part == 0 && via == NO_VIA ? ln->yv[k] : part == 0 ? via : ln->yv[k];
	return part == 0 ? ln->group[k] : via == NO_VIA ? -1 : ln->group2[k];
}

/* Whether the gap has a segment from vertex a to vertex b. */
static int calls(const struct lanes *ln, int a, int b)
{
	int k;

	for (k = 0; k < ln->n; k++)
		if (ln->u[k] == a && ln->v[k] == b)
			return 1;
	return 0;
}

/* Whether source a calls every target source b calls. */
static int calls_all(const struct lanes *ln, int a, int b)
{
	int k;

	for (k = 0; k < ln->n; k++)
		if (ln->u[k] == b && !calls(ln, a, ln->v[k]))
			return 0;
	return 1;
}

/* Whether every source of target b calls target a. */
static int called_all(const struct lanes *ln, int a, int b)
{
	int k;

	for (k = 0; k < ln->n; k++)
		if (ln->v[k] == b && !calls(ln, ln->u[k], a))
			return 0;
	return 1;
}

/*
 * Whether the row of source s, joined to the row of target t, would read true: s calls t,
 * and every source of t calls whatever s calls (in a compact drawing, where each app
 * calls the same cache and db, the rows of the apps and the stores may run into each
 * other).
 */
static int row_true(const struct lanes *ln, int s, int t)
{
	int k;

	if (!calls(ln, s, t))
		return 0;
	for (k = 0; k < ln->n; k++)
		if (ln->v[k] == t && !calls_all(ln, ln->u[k], s))
			return 0;
	return 1;
}

/*
 * Where a part arrives from the left on a row another part leaves to the right on, the
 * one arriving turns first, else the two runs would meet on that row; except a detour's
 * own two parts, which that row joins on purpose (first part first).
 */
static void rows_before(struct lanes *ln)
{
	int from[2 * MAX_GAP_SEGS], to[2 * MAX_GAP_SEGS], grp[2 * MAX_GAP_SEGS];
	int seg[2 * MAX_GAP_SEGS], part[2 * MAX_GAP_SEGS];
	int n = 0, k, p, a, b;

	for (k = 0; k < ln->n; k++)
		for (p = 0; p < 2; p++) {
			grp[n] = piece(ln, k, p, &from[n], &to[n]);
			seg[n] = k;
			part[n] = p;
			n += grp[n] >= 0;
		}
	for (a = 0; a < n; a++)
		for (b = 0; b < n; b++) {
			int ka = seg[a], kb = seg[b];

			if (from[a] != to[b] || (ka == kb && part[a] == 1 && part[b] == 0))
				continue;
			/* a row that joins them reads true: no order */
			if (part[a] == 0 && to[b] == ln->yv[kb] &&
			    row_true(ln, ln->u[ka], ln->v[kb]))
				continue;
			set_before(ln, grp[a], grp[b]);
		}
}

/* The group of the part of segment k that arrives on its target's row. */
static int arriving(const struct lanes *ln, int k)
{
	return ln->via[k] == NO_VIA ? ln->group[k] : ln->group2[k];
}

/* Whether segment k is the only one that is not straight out of its source. */
static int lone_out(const struct lanes *ln, int k)
{
	int j;

	for (j = 0; j < ln->n; j++)
		if (j != k && ln->u[j] == ln->u[k] && ln->yu[j] != ln->yv[j])
			return 0;
	return !ln->straight_out[ln->u[k]];
}

static int lone_in(const struct lanes *ln, int k)
{
	int j;

	for (j = 0; j < ln->n; j++)
		if (j != k && ln->v[j] == ln->v[k] && ln->yu[j] != ln->yv[j])
			return 0;
	return !ln->straight_in[ln->v[k]];
}

/*
 * Whether a reader who comes into target t's row from another source of t, and follows a
 * line back to source s's row and on along it, could reach a target that source does not
 * call: a block of sources that all call the same targets reads true any way.
 */
static int mix_false(const struct lanes *ln, int s, int t)
{
	int i, j;

	for (i = 0; i < ln->n; i++)
		for (j = 0; ln->v[i] == t && ln->u[i] != s && j < ln->n; j++)
			if (ln->u[j] == s && ln->v[j] != t && !calls(ln, ln->u[i], ln->v[j]))
				return 1;
	return 0;
}

/*
 * With every segment in a lane of its own, a reader who comes along a target's row out
 * of an earlier lane into it may turn into a later one, follow it back to its source's row
 * and go on along that row, if it runs on, to the source's other targets. So a segment
 * between a source with other lanes and a target with other lanes is the last lane out of
 * its source or the first into its target, unless it detours (the row between its two
 * lanes is its own). Claims one or the other for each, in order, and counts in ln->loose
 * those left with neither.
 */
static void lanes_compose(struct lanes *ln)
{
	int k;

	memset(ln->last, -1, sizeof ln->last + sizeof ln->first);
	memset(ln->loose_seg, 0, sizeof ln->loose_seg);
	ln->loose = 0;
	for (k = 0; k < ln->n; k++) {
		int u = ln->u[k], v = ln->v[k];

		if (ln->yu[k] == ln->yv[k] || ln->via[k] != NO_VIA || lone_out(ln, k) ||
		    lone_in(ln, k) || !mix_false(ln, u, v))
			continue;
		if (!ln->straight_out[u] && ln->last[u] < 0) {
			ln->last[u] = ln->group[k];
		} else if (!ln->straight_in[v] && ln->first[v] < 0) {
			ln->first[v] = ln->group[k];
		} else {
			ln->loose_seg[k] = 1;
			ln->loose++;
		}
	}
}

/* The orders the rules above ask for, as "group a takes a lane left of group b". */
static void lanes_constrain(struct lanes *ln)
{
	int k;

	if (ln->alone)
		lanes_compose(ln);
	for (k = 0; k < ln->n; k++) {
		int u = ln->u[k], v = ln->v[k];

		if (ln->last[u] >= 0)
			set_before(ln, ln->group[k], ln->last[u]);
		if (ln->first[v] >= 0)
			set_before(ln, ln->first[v], arriving(ln, k));
		set_before(ln, ln->group[k], ln->group2[k]);
	}
	rows_before(ln);
}

/* The rows each group's line spans. */
static void lanes_extent(struct lanes *ln)
{
	int g, k;

	for (g = 0; g < ln->n_groups; g++) {
		ln->lo[g] = INT_MAX;
		ln->hi[g] = INT_MIN;
	}
	for (k = 0; k < ln->n; k++) {
		int part, y0, y1;

		for (part = 0; part < 2; part++) {
			if ((g = piece(ln, k, part, &y0, &y1)) < 0)
				continue;
			ln->lo[g] = MIN(ln->lo[g], MIN(y0, y1));
			ln->hi[g] = MAX(ln->hi[g], MAX(y0, y1));
		}
	}
}

/*
 * The next group to place: one whose predecessors are placed, the highest first; when
 * the orders contradict each other, any, and *stuck is set.
 */
static int lanes_next(const struct lanes *ln, const unsigned char *placed, int *stuck_out)
{
	int g, p, best = -1, stuck = -1;

	for (g = 0; g < ln->n_groups; g++) {
		int ready = 1;

		if (placed[g] || ln->lo[g] > ln->hi[g])
			continue;
		for (p = 0; p < ln->n_groups && ready; p++)
			ready = placed[p] || !is_before(ln, p, g);
		if (ready && (best < 0 || ln->lo[g] < ln->lo[best]))
			best = g;
		if (stuck < 0)
			stuck = g;
	}
	if (best < 0 && stuck >= 0)
		*stuck_out = 1;
	return best >= 0 ? best : stuck;
}

/*
 * Lanes left to right: each group, in an order the constraints allow, takes the first lane
 * right of the groups it must follow where no group placed before overlaps its rows (two
 * lines that meet on a row would join). Returns the number of lanes.
 */
static int lanes_place(struct lanes *ln, int *stuck)
{
	unsigned char placed[MAX_GAP_SEGS] = { 0 };
	int n_lanes = 0, g;

	*stuck = 0;
	while ((g = lanes_next(ln, placed, stuck)) >= 0) {
		int lane = 0, p, free;

		for (p = 0; p < ln->n_groups; p++)
			if (placed[p] && is_before(ln, p, g))
				lane = MAX(lane, ln->lane[p] + 1);
		do {
			free = 1;
			for (p = 0; p < ln->n_groups && free; p++)
				free = !placed[p] || ln->lane[p] != lane ||
				       ln->hi[p] < ln->lo[g] || ln->hi[g] < ln->lo[p];
			lane += !free;
		} while (!free);
		ln->lane[g] = lane;
		placed[g] = 1;
		n_lanes = MAX(n_lanes, lane + 1);
	}
	return n_lanes;
}

/* Every segment that is not straight in a group of its own, with no order asked. */
static void lanes_alone(struct lanes *ln)
{
	int k;

	ln->n_groups = 0;
	ln->alone = 1;
	memset(ln->before, 0, sizeof ln->before);
	memset(ln->last, -1, sizeof ln->last + sizeof ln->first);
	for (k = 0; k < ln->n; k++)
		ln->group[k] = ln->yu[k] == ln->yv[k] ? -1 : group_new(ln);
}

#define MAX_DETOURS 12

/*
 * Kahn's order of the groups by their constraints: sets left[g] for each group it cannot
 * reach (one in a cycle or after one) and returns how many.
 */
static int lanes_unordered(const struct lanes *ln, unsigned char *left)
{
	int indeg[MAX_GAP_SEGS] = { 0 }, queue[MAX_GAP_SEGS];
	int a, b, n = 0, head = 0, count = 0;

	for (a = 0; a < ln->n_groups; a++)
		for (b = 0; b < ln->n_groups; b++)
			indeg[b] += is_before(ln, a, b);
	for (a = 0; a < ln->n_groups; a++)
		if (!indeg[a])
			queue[n++] = a;
	while (head < n) {
		a = queue[head++];
		for (b = 0; b < ln->n_groups; b++)
			if (is_before(ln, a, b) && --indeg[b] == 0)
				queue[n++] = b;
	}
	for (a = 0; a < ln->n_groups; a++)
		count += left[a] = indeg[a] > 0;
	return count;
}

/* Whether segment k may detour along row c: no other detour, no straight line is there. */
static int via_free(const struct lanes *ln, int k, int c)
{
	int j;

	if (c == ln->yu[k] || c == ln->yv[k])
		return 0;
	for (j = 0; j < ln->n; j++)
		if (ln->via[j] == c || (ln->yu[j] == c && ln->yv[j] == c))
			return 0;
	return 1;
}

/* Segment k detours along row c (NO_VIA: no more), with a group for its second lane. */
static void via_set(struct lanes *ln, int k, int c)
{
	if (c == NO_VIA && ln->via[k] != NO_VIA)
		ln->n_groups--;         /* its second lane's group was the last one made */
	else if (c != NO_VIA && ln->via[k] == NO_VIA)
		ln->group2[k] = group_new(ln);
	ln->via[k] = c;
	if (c == NO_VIA)
		ln->group2[k] = -1;
}

/*
 * The constraints of the detours as they are, and what is still wrong: groups out of
 * order, and segments that can be neither last nor first.
 */
static int lanes_score(struct lanes *ln, unsigned char *left)
{
	memset(ln->before, 0, sizeof ln->before);
	lanes_extent(ln);
	lanes_constrain(ln);
	return lanes_unordered(ln, left) + ln->loose;
}

static int int_cmp(const void *a, const void *b)
{
	return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

/*
 * The rows a detour may take in a gap h rows tall: the rows of the gap's vertices (in a
 * compact drawing a row is free between the lines leaving it and those arriving on it),
 * the rows halfway between them, and one past each end. Returns how many, in rows[].
 */
static int detour_rows(const struct lanes *ln, int h, int *rows)
{
	int ys[2 * MAX_GAP_SEGS], n = 0, i, out = 0;

	for (i = 0; i < ln->n; i++) {
		ys[n++] = ln->yu[i];
		ys[n++] = ln->yv[i];
	}
	qsort(ys, (size_t)n, sizeof ys[0], int_cmp);
	for (i = 0; i < n; i++) {
		if (i > 0 && ys[i] == ys[i - 1])
			continue;
		if (i == 0 && ys[i] > 0)
			rows[out++] = ys[i] - 1;
		rows[out++] = ys[i];
		if (i + 1 < n && ys[i + 1] > ys[i] + 1)
			rows[out++] = (ys[i] + ys[i + 1]) / 2;
		if (i + 1 == n && ys[i] + 1 < h)
			rows[out++] = ys[i] + 1;
	}
	return out;
}

/*
 * Segments alone in their lanes whose rows still swap, or that can be neither the last
 * lane out of their source nor the first into their target: one at a time, the detour
 * that leaves the least wrong, the shortest of those, until nothing is (or no detour
 * helps, and the gap is refused: see lanes_false()).
 *
 * TODO: no plain drawing of the 2026 platform or 2017's cap reads in cells (the lines of
 * one region's services meet on their way to its database while posts' go on to Kafka),
 * and with ports, every node a box, the platform still crosses 24 times at 196x45: the
 * terminal draws each region's twins as one box, so a class sees "posts", not posts (us)
 * and posts (eu), and each count adds both regions up (the marks tell their health apart).
 * Rows that keep each region's boxes together, with ports, would draw every node.
 */
static void lanes_detour(struct lanes *ln, int h)
{
	unsigned char left[MAX_GAP_SEGS], was[MAX_GAP_SEGS], loose[MAX_GAP_SEGS];
	int rows[4 * MAX_GAP_SEGS + 2], n_rows = detour_rows(ln, h, rows);
	int round, k, c, best = lanes_unordered(ln, left) + ln->loose;

	for (round = 0; round < MAX_DETOURS && best > 0; round++) {
		int bk = -1, bc = 0, cost = INT_MAX;

		memcpy(was, left, sizeof was);
		memcpy(loose, ln->loose_seg, sizeof loose);
		for (k = 0; k < ln->n && ln->n_groups < MAX_GAP_SEGS; k++) {
			if (ln->group[k] < 0 || ln->via[k] != NO_VIA ||
			    (!was[ln->group[k]] && !loose[k]))
				continue;
			for (c = 0; c < n_rows; c++) {
				int n, len = abs(ln->yu[k] - rows[c]) + abs(rows[c] - ln->yv[k]);

				if (!via_free(ln, k, rows[c]))
					continue;
				via_set(ln, k, rows[c]);
				n = lanes_score(ln, left);
				via_set(ln, k, NO_VIA);
				if (n < best || (n == best && bk >= 0 && len < cost)) {
					best = n;
					bk = k;
					bc = rows[c];
					cost = len;
				}
			}
		}
		if (bk >= 0)
			via_set(ln, bk, bc);
		best = lanes_score(ln, left);
		if (bk < 0)
			break;
	}
}

/* Whether group g is the last lane out of vertex u: its row ends there. */
static int is_last(const struct lanes *ln, int g, int u)
{
	int j;

	if (ln->straight_out[u])
		return 0;
	for (j = 0; j < ln->n; j++)
		if (ln->u[j] == u && ln->group[j] >= 0 && ln->lane[ln->group[j]] > ln->lane[g])
			return 0;
	return 1;
}

/* Whether group g is the first lane into vertex v: its row starts there. */
static int is_first(const struct lanes *ln, int g, int v)
{
	int j;

	if (ln->straight_in[v])
		return 0;
	for (j = 0; j < ln->n; j++)
		if (ln->v[j] == v && arriving(ln, j) >= 0 &&
		    ln->lane[arriving(ln, j)] < ln->lane[g])
			return 0;
	return 1;
}

/*
 * What a reader of group g's line may take wrongly, given the lanes. The line can be
 * entered from each source's row, and from a target's row where lines run along it from
 * earlier lanes; it can be left at each target, and along a source's row where that row
 * runs on to later lanes. So a source among several must end its row there, a target
 * among several must start its row there, and for each source and target one of the two
 * holds. A source's row that carries on past a line reaching above and below it would
 * draw "┼", read as a crossing: the row ends there. The same for a target's row.
 */
static int group_false(const struct lanes *ln, int g)
{
	int srcs[MAX_GAP_SEGS], tgts[MAX_GAP_SEGS], ns = 0, nt = 0, k, i, j, bad = 0;

	for (k = 0; k < ln->n; k++) {
		int src = ln->group[k] == g, tgt = arriving(ln, k) == g;

		if (src && !is_last(ln, g, ln->u[k]) && ln->lo[g] < ln->yu[k] &&
		    ln->yu[k] < ln->hi[g])
			bad++;
		if (tgt && !is_first(ln, g, ln->v[k]) && ln->lo[g] < ln->yv[k] &&
		    ln->yv[k] < ln->hi[g])
			bad++;
		for (i = 0; src && i < ns && srcs[i] != ln->u[k]; i++)
			;
		if (src && i == ns)
			srcs[ns++] = ln->u[k];
		for (i = 0; tgt && i < nt && tgts[i] != ln->v[k]; i++)
			;
		if (tgt && i == nt)
			tgts[nt++] = ln->v[k];
	}
	for (i = 0; i < ns; i++)
		for (j = 0; j < ns; j++)
			bad += i != j && !is_last(ln, g, srcs[j]) &&
			       !calls_all(ln, srcs[i], srcs[j]);
	for (i = 0; i < nt; i++)
		for (j = 0; j < nt; j++)
			bad += i != j && !is_first(ln, g, tgts[j]) &&
			       !called_all(ln, tgts[i], tgts[j]);
	for (i = 0; i < ns; i++)
		for (j = 0; j < nt; j++)
			bad += !is_last(ln, g, srcs[i]) && !is_first(ln, g, tgts[j]) &&
			       mix_false(ln, srcs[i], tgts[j]);
	return bad;
}

/*
 * What the lanes of a gap would draw wrongly: orders not kept (two lines that meet on a
 * row, one leaving it and one arriving on it), and lines read wrongly (group_false()).
 */
static int lanes_false(const struct lanes *ln)
{
	int a, b, bad = 0;

	for (a = 0; a < ln->n_groups; a++) {
		if (ln->lo[a] > ln->hi[a])
			continue;
		bad += group_false(ln, a);
		for (b = 0; b < ln->n_groups; b++)
			bad += is_before(ln, a, b) && ln->lo[b] <= ln->hi[b] &&
			       ln->lane[a] >= ln->lane[b];
	}
	return bad;
}

/*
 * The lanes of gap l (right of layer l), given each vertex's row: sets the lane of every
 * segment of the gap (-1 for a straight one), whether the gap would draw something false
 * (wk->gap_false), and returns how many lanes the gap needs.
 */
static int lanes_assign(struct lanes *ln, struct work *wk, const struct grid *g,
                        const int *y, int l)
{
	int k, n_lanes, stuck, h = g->h;

	lanes_collect(ln, wk, g, y, l);
	lanes_group(ln);
	lanes_split(ln);
	lanes_extent(ln);
	lanes_constrain(ln);
	n_lanes = lanes_place(ln, &stuck);
	if (stuck || lanes_false(ln) > 0) {
		/*
		 * Groups whose rows make their orders contradict each other, or that a reader
		 * would follow wrongly: every segment in a lane of its own, ordered by its own
		 * rows and by what it may be read as, with detours where those contradict.
		 */
		lanes_alone(ln);
		lanes_extent(ln);
		lanes_constrain(ln);
		lanes_detour(ln, h);
		n_lanes = lanes_place(ln, &stuck);
	}
	wk->gap_false[l] = lanes_false(ln) > 0;
	for (k = 0; k < ln->n; k++) {
		int s = ln->seg[k];

		wk->seg_lane[s] = ln->group[k] < 0 ? -1 : ln->lane[ln->group[k]];
		wk->seg_via[s] = ln->via[k];
		wk->seg_lane2[s] = ln->group2[k] < 0 ? -1 : ln->lane[ln->group2[k]];
		wk->seg_group[s] = ln->group[k] < 0 ? -1 : l * MAX_GAP_SEGS + ln->group[k];
	}
	/* a gap too busy for the tables: every other turn in its first lane */
	for (k = 0; k < wk->n_segs; k++)
		if (wk->layer[wk->seg_from[k]] == l && wk->layer[wk->seg_to[k]] == l + 1 &&
		    wk->seg_lane[k] == SEG_UNSET) {
			wk->seg_lane[k] = 0;
			wk->gap_false[l] = 1;
		}
	return n_lanes;
}

/* ---- geometry -------------------------------------------------------------------------- */

/*
 * Rows: the tallest column (placeholders included) sets the pitch; a pitch of 4 or more
 * leaves a quarter of it between boxes, a smaller one puts boxes edge to edge. Boxes stay
 * no taller than half their width plus one, so a lone row does not turn into a tower.
 */
static int grid_rows(const struct work *wk, int n, int h, struct grid *g)
{
	int l;

	g->n = n;
	g->h = h;
	g->rows = 0;
	for (l = 0; l < n; l++)
		g->rows = MAX(g->rows, wk->size[l]);
	g->pitch = g->rows ? h / g->rows : 0;
	return g->pitch < 1 ? -1 : 0;
}

static void grid_box_height(struct grid *g)
{
	g->bh = g->pitch - (g->pitch >= 4 ? g->pitch / 4 : 0);
	if (g->bh > g->bw / 2 + 1 && g->bw / 2 + 1 >= 3)
		g->bh = g->bw / 2 + 1;
}

/* Top of the row slot of a vertex; columns with fewer vertices are centred. */
static int slot_y(const struct work *wk, const struct grid *g, int v)
{
	int l = wk->layer[v], k = wk->n_lift[l], rest = (wk->size[l] - k) * g->pitch, y;

	if (g->fit)
		return g->top[v];
	if (wk->lift[v])
		return wk->row[v] * g->pitch;
	/* the rest centred below them, or where the column's shift puts it */
	y = (g->h - rest) / 2 + wk->shift[l];
	y = MAX(k * g->pitch, MIN(y, g->h - rest));
	return y + (wk->row[v] - k) * g->pitch;
}

/*
 * The row an arrow enters or leaves a vertex at: a box's middle, rounded up so a two-row
 * box takes it on its first row (the label's), or the middle of a placeholder's slot.
 */
static int vertex_y(const struct work *wk, const struct grid *g, int v, int n_boxes)
{
	if (v < n_boxes)
		return box_top(wk, g, v) + (box_h(wk, g, v) - 1) / 2;
	return slot_y(wk, g, v) + (g->fit ? 0 : (g->pitch - 1) / 2);
}

/* The rows box v needs on a side for its ports: one without ports. */
static int ports_need(const struct work *wk, int v)
{
	if (!wk->pt.on || v >= wk->n_boxes)
		return 1;
	return MAX(1, MAX(wk->pt.n[OUT][v], wk->pt.n[IN][v]));
}

/*
 * The height of box v: the grid's, or taller up to the pitch for its ports, with a row
 * more above and below them where the grid's boxes are framed (three rows or more), so
 * that no arrow runs into a corner of the frame.
 * TODO: in slots of three rows (the platform's slide 39 at 100x30) a box of two ports
 * still puts its second on the bottom of its frame, though its column has rows to spare;
 * heights by column, as fit_slots() packs them, would free them.
 */
static int box_h(const struct work *wk, const struct grid *g, int v)
{
	int need = ports_need(wk, v);

	if (g->fit)
		return need;
	if (need > 1 && g->bh >= 3)
		need += 2;
	return MAX(g->bh, MIN(need, g->pitch));
}

/* The top row of box v, centred in its slot. */
static int box_top(const struct work *wk, const struct grid *g, int v)
{
	if (g->fit)
		return g->top[v];
	return slot_y(wk, g, v) + (g->pitch - box_h(wk, g, v)) / 2;
}

/*
 * The row of port k of n on a side of a box h rows tall from top: around its middle row,
 * so that one port is the middle row, as without ports, and inside the frame of a box of
 * three rows or more where its rows between the frame's have room for all n.
 */
static int port_row(int top, int h, int n, int k)
{
	int start = (h - 1) / 2 - (n - 1) / 2;
	int lo = h >= 3 && n <= h - 2 ? 1 : 0;

	return top + MAX(lo, MIN(start, h - n - lo)) + k;
}

/* Whether some box has more ports on a side than its slot has rows. */
static int ports_overflow(const struct work *wk, const struct grid *g)
{
	int v;

	for (v = 0; !g->fit && v < wk->n_boxes; v++)
		if (ports_need(wk, v) > g->pitch)
			return 1;
	return 0;
}

/*
 * With ports, where the pitch leaves some box fewer rows than its ports (the 2026
 * platform in the six rows the talk leaves it at 80x24): every vertex a slot as tall as
 * it needs, its ports' rows for a box, one for the rest, packed down its column (but for
 * the blank rows the rows search leaves above some, wk->gap), each column centred.
 * Returns 0, or -1 when a column needs more rows than there are.
 */
static int fit_slots(const struct work *wk, struct grid *g)
{
	int *sum = g->used, l, r, v, most = 0;

	if (!wk->pt.on)
		return -1;
	memset(g->used, 0, sizeof g->used);
	for (v = 0; v < wk->n; v++)
		sum[wk->layer[v]] += ports_need(wk, v) + wk->gap[v];
	for (l = 0; l < g->n; l++)
		most = MAX(most, sum[l]);
	if (most > g->h)
		return -1;
	g->fit = 1;
	for (l = 0; l < g->n; l++) {
		int top = 0, y;

		/* boxes without edges on top of the area, the rest centred below them */
		for (r = 0; r < wk->n_lift[l]; r++)
			if ((v = vertex_at(wk, l, r)) >= 0) {
				g->top[v] = top;
				top += ports_need(wk, v) + wk->gap[v];
			}
		y = (g->h - (sum[l] - top)) / 2 + wk->shift[l];
		y = MAX(top, MIN(y, g->h - (sum[l] - top)));
		for (r = wk->n_lift[l]; r < wk->size[l]; r++)
			if ((v = vertex_at(wk, l, r)) >= 0) {
				y += wk->gap[v];
				g->top[v] = y;
				y += ports_need(wk, v);
			}
	}
	return 0;
}

/*
 * The first cell of gap l a lane may take, from the gap's first cell: never that one when
 * the gap has three, so that a line running down the gap does not touch the frames of the
 * boxes it leaves ("│app│├" reads as one box); two cells in when a line runs down beside
 * a box it does not come out of (g->clear), since one blank cell is not enough there:
 * "│ feeds │ │" reads as feeds feeding the line, "│ Kafka │ └──" as Kafka's arrow;
 * past the bracket of replicas, with a cell to spare, when the column on the left has one.
 */
static int lane_first(const struct grid *g, int l)
{
	int first = g->gap[l] >= 3 ? 1 : 0;

	if (g->clear[l])
		first = MAX(first, MIN(2, g->gap[l] - 2));
	if (g->bracket[l])
		first = MAX(first, MIN(g->gap[l] / 8 + 2, g->gap[l] - 2));
	return first;
}

/* Cells before an arrowhead kept free of lanes for its count, as far as the gap allows. */
#define COUNT_ROOM 4

/*
 * Where lane k of gap l turns, from the gap's first cell. One lane goes a quarter in,
 * leaving most of the last run for the count; several go two cells apart from the first
 * cell allowed (a little more in a wide gap, as in pixels), keeping the count's room when
 * they can, and packed side by side when they cannot. A gap too narrow for its lanes
 * stacks the last ones on its last free cell: the drawing may then join lines.
 */
static int lane_x(const struct grid *g, int l, int k)
{
	int gap = g->gap[l], n = g->lanes[l], first = lane_first(g, l);
	int last = MAX(first, gap - 2), room, step, x;

	if (n <= 1)
		return MAX(first, gap >= 3 && gap < 8 ? 1 : gap / 4);
	first = MAX(first, MIN(gap / 4, gap / (4 * n)));
	room = last - first - MIN(COUNT_ROOM, MAX(0, last - first - (n - 1)));
	step = room / (n - 1);
	step = step < 1 ? 1 : MIN(step, MAX(2, gap / (3 * n)));
	x = first + k * step;
	return MIN(x, last);
}

/* Whether every lane of gap l has a column of its own, so no two lines join. */
static int lanes_apart(const struct grid *g, int l)
{
	int k;

	for (k = 1; k < g->lanes[l]; k++)
		if (lane_x(g, l, k) <= lane_x(g, l, k - 1))
			return 0;
	return 1;
}

/* The cells a gap with n lanes asks for: spaced with room for counts, packed, bare. */
static int gap_need(int n, int wide_first, int tight)
{
	int first = wide_first ? 2 : 1;

	if (tight == 0)
		return first + 2 * (n - 1) + 1 + COUNT_ROOM + 1;
	return first + (n - 1) + 1 + (tight == 1 ? COUNT_ROOM - 1 : 0) + 1;
}

/*
 * Lays the gaps out at one level of tightness; returns the box width that leaves. Where
 * lanes widen some gaps, the others give up what they have beyond one arrow and its count
 * first, so the boxes keep their width (and their names) as long as they can.
 */
static int grid_gaps(struct grid *g, int w, int gap0, int bw0, int tight)
{
	int l, used = 0, spare = 0, plain = MIN(gap0, gap_need(1, 0, 0));

	for (l = 0; l + 1 < g->n; l++) {
		int wide = g->bracket[l] || g->clear[l];

		g->gap[l] = gap0;
		if (tight < 3 && g->lanes[l] > 1)
			g->gap[l] = MAX(gap0, gap_need(g->lanes[l], wide, tight));
		else if (tight < 3 && g->lanes[l] == 1 && wide)
			g->gap[l] = MAX(gap0, gap_need(1, 1, g->clear[l] && !tight ? 1 : 2));
		else
			spare += gap0 - plain;
		used += g->gap[l];
	}
	for (l = 0; l + 1 < g->n && tight < 3 && spare > 0; l++) {
		int give = MIN(gap0 - plain, used + g->right + bw0 * g->n - w);

		if (g->lanes[l] > 1 || (g->lanes[l] == 1 && (g->bracket[l] || g->clear[l])) ||
		    give <= 0)
			continue;
		g->gap[l] -= give;
		used -= give;
		spare -= give;
	}
	return g->n ? (w - used - g->right) / g->n : 0;
}

/*
 * Columns: n boxes of width bw with gaps of about a third of a box between them, room for
 * an arrow and its count, wider where lanes need it: spaced two apart with room for the
 * counts while the boxes keep five sixths of their width (a box's name is worth more than
 * the room between lanes: at 100x30 the platform's boxes then read "clients", not
 * "clien…"), packed while they keep two thirds, bare while they keep three cells; past
 * that every gap keeps its third and lanes stack up. Brackets in the last column (edge)
 * keep room on its right.
 */
static int grid_columns(struct grid *g, int w, int edge)
{
	int n = g->n, gap0 = n > 1 ? MAX(1, w / (n * 3)) : 0, bw0, tight, l, total;

	g->right = edge ? 1 + gap0 / 8 : 0;
	bw0 = n ? (w - (n - 1) * gap0 - g->right) / n : 0;
	for (tight = 0; tight < 3; tight++) {
		int floor = tight == 0 ? bw0 * 5 / 6 : tight == 1 ? bw0 * 2 / 3 : 3;

		g->bw = grid_gaps(g, w, gap0, bw0, tight);
		if (g->bw >= MAX(floor, MIN(3, bw0)))
			break;
	}
	if (tight == 3)
		g->bw = grid_gaps(g, w, gap0, bw0, tight);
	if (g->bw < 1)
		return -1;
	if (n > 0)
		g->gap[n - 1] = gap0;   /* right of the last column: where its brackets run */
	for (l = 0, total = n * g->bw + g->right; l + 1 < n; l++)
		total += g->gap[l];
	g->x0 = (w - total) / 2;
	return 0;
}

static int col_x(const struct grid *g, int layer)
{
	int l, x = g->x0 + layer * g->bw;

	for (l = 0; l < layer; l++)
		x += g->gap[l];
	return x;
}

/* Whether a bracket runs right of a column: the column of each in bracket[]. */
static void find_brackets(const struct layout *lay, int *bracket)
{
	int i;

	memset(bracket, 0, sizeof(int) * MAX_LAYERS);
	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].lateral)
			bracket[lay->boxes[lay->edges[i].from].layer] = 1;
}

/*
 * Whether a line of gap l (the lanes as assigned) runs up or down past a box of column l
 * that is not one of its sources: drawn one cell from that box, it would read as leaving
 * it, so the gap's lanes keep two cells clear (lane_first()).
 */
static int lanes_beside(const struct lanes *ln, const struct work *wk, const struct grid *g,
                        int l, int n_boxes)
{
	int grp, v, k;

	for (grp = 0; grp < ln->n_groups; grp++) {
		if (ln->lo[grp] >= ln->hi[grp])
			continue;
		for (v = 0; v < n_boxes; v++) {
			int top = box_top(wk, g, v), own = 0;

			if (wk->layer[v] != l || top + box_h(wk, g, v) - 1 < ln->lo[grp] ||
			    top > ln->hi[grp])
				continue;
			for (k = 0; k < ln->n && !own; k++)
				own = ln->u[k] % MAX_VERTS == v &&
				      (ln->group[k] == grp || ln->group2[k] == grp);
			if (!own)
				return 1;
		}
	}
	return 0;
}

/*
 * The rows first, then the lanes each gap needs at those rows, then the widths. Narrow
 * boxes can be shorter (no taller than half their width), which moves their middle rows:
 * the lanes are worked out again until the widths settle.
 */
static int make_grid(const struct layout *lay, struct work *wk, int w, int h,
                     struct grid *g)
{
	static const int none[MAX_LAYERS];
	struct lanes ln;
	int y[MAX_VERTS], round, l, v, bw = -1;

	memset(g, 0, sizeof *g);
	find_brackets(lay, g->bracket);
	if (grid_rows(wk, lay->n_layers, h, g) < 0)
		return -1;
	memcpy(g->lanes, none, sizeof none);
	if (grid_columns(g, w, g->bracket[lay->n_layers - 1]) < 0)
		return -1;
	for (round = 0; round < 3 && g->bw != bw; round++) {
		bw = g->bw;
		grid_box_height(g);
		if (ports_overflow(wk, g) && fit_slots(wk, g) < 0)
			return -1;
		for (v = 0; v < wk->n; v++)
			y[v] = vertex_y(wk, g, v, lay->n_boxes);
		for (v = 0; v < wk->n_segs; v++) {
			wk->seg_lane[v] = SEG_UNSET;
			wk->seg_via[v] = NO_VIA;
			wk->seg_group[v] = -1;
		}
		for (l = 0; l + 1 < g->n; l++) {
			g->lanes[l] = lanes_assign(&ln, wk, g, y, l);
			g->clear[l] = lanes_beside(&ln, wk, g, l, lay->n_boxes);
		}
		if (grid_columns(g, w, g->bracket[lay->n_layers - 1]) < 0)
			return -1;
	}
	/* the widths did not settle: keep the last ones, with lanes for the rows they give */
	if (g->bw != bw) {
		grid_box_height(g);
		for (v = 0; v < wk->n; v++)
			y[v] = vertex_y(wk, g, v, lay->n_boxes);
		for (l = 0; l + 1 < g->n; l++) {
			g->lanes[l] = lanes_assign(&ln, wk, g, y, l);
			g->clear[l] = lanes_beside(&ln, wk, g, l, lay->n_boxes);
		}
	}
	/*
	 * a drawing that would say something false is refused, as one that does not fit: a
	 * gap of one cell has no room for a turn beside the arrowhead it leads to
	 */
	for (l = 0; l + 1 < g->n; l++)
		if (wk->gap_false[l] || !lanes_apart(g, l) || (g->lanes[l] > 0 && g->gap[l] < 2))
			return -1;
	return 0;
}

static int mid_y(const struct layout *lay, const struct work *wk, const struct grid *g,
                 int v)
{
	if (v < lay->n_boxes)
		return lay->boxes[v].y + (lay->boxes[v].h - 1) / 2;
	return slot_y(wk, g, v) + (g->fit ? 0 : (g->pitch - 1) / 2);
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

/* The segment from vertex a to vertex b, or -1. */
static int seg_of(const struct work *wk, int a, int b)
{
	int i;

	for (i = 0; i < wk->n_segs; i++)
		if (wk->seg_from[i] == a && wk->seg_to[i] == b)
			return i;
	return -1;
}

/* The x of lane k of gap l (a straight segment's -1 counts as lane 0). */
static int lane_at(const struct grid *g, int l, int k)
{
	return col_x(g, l) + g->bw + lane_x(g, l, k < 0 ? 0 : k);
}

/*
 * The turns from vertex a, on row y, to vertex b in gap l, in its segment's lane; a detour
 * runs along its row to its second lane first. Returns the x of the last vertical run.
 */
static int turn(struct layout_edge *e, const struct work *wk, const struct grid *g, int l,
                int a, int b, int y)
{
	int s = seg_of(wk, a, b), x = lane_at(g, l, s < 0 ? 0 : wk->seg_lane[s]);

	add_point(e, x, y);
	if (s >= 0 && wk->seg_via[s] != NO_VIA) {
		add_point(e, x, wk->seg_via[s]);
		x = lane_at(g, l, wk->seg_lane2[s]);
		add_point(e, x, wk->seg_via[s]);
	}
	return x;
}

/*
 * The polyline of edge i: out of the source's right side, then for each column crossed a
 * turn in its lane of the gap, down or up to the next vertex's row, into the target's left
 * side.
 */
/* The row edge i leaves box v on (side OUT) or enters it on (IN): its port's, or the middle. */
static int end_y(const struct layout *lay, const struct work *wk, const struct grid *g,
                 int i, int v, int side)
{
	const struct layout_box *b = &lay->boxes[v];

	if (!wk->pt.on || lay->edges[i].lateral)
		return mid_y(lay, wk, g, v);
	return port_row(b->y, b->h, MAX(1, wk->pt.n[side][v]),
	                port_of(wk, v, side, wk->pt.net[i]));
}

static void route(struct layout *lay, const struct work *wk, const struct grid *g, int i)
{
	struct layout_edge *e = &lay->edges[i];
	const struct layout_box *a = &lay->boxes[e->from], *b = &lay->boxes[e->to];
	int hops = b->layer - a->layer, y = end_y(lay, wk, g, i, e->from, OUT), l;
	int prev = e->from;

	e->n_points = 0;
	if (e->lateral) {
		int xb = col_x(g, a->layer) + g->bw + g->gap[a->layer] / 8;

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
		int v = e->to, xt;

		/* a direct edge turns once, after its source, and runs straight on */
		if (wk->direct[i] && l > a->layer + 1)
			break;
		if (!wk->direct[i] && l < b->layer)
			v = wk->via[i][l];
		if (wk->direct[i]) {
			xt = lane_at(g, l - 1, 0);
			add_point(e, xt, y);
		} else {
			xt = turn(e, wk, g, l - 1, prev, v, y);
		}
		y = v == e->to ? end_y(lay, wk, g, i, v, IN) : mid_y(lay, wk, g, v);
		add_point(e, xt, y);
		prev = v;
	}
	add_point(e, b->x - 1, y);
}

static void place_boxes(struct layout *lay, const struct work *wk, const struct grid *g)
{
	int i, l;

	lay->col_gap = g->n > 1 ? g->gap[0] : 0;
	for (l = 1; l + 1 < g->n; l++)
		lay->col_gap = MIN(lay->col_gap, g->gap[l]);
	for (i = 0; i < lay->n_boxes; i++) {
		struct layout_box *b = &lay->boxes[i];

		b->row = wk->row[i];
		b->w = g->bw;
		b->h = box_h(wk, g, i);
		b->x = col_x(g, b->layer);
		b->y = box_top(wk, g, i);
	}
	for (i = 0; i < lay->n_edges; i++)
		route(lay, wk, g, i);
}

/* Whether the run from a to b (one of them straight) passes through x, y inside it. */
static int inside_run(struct layout_point a, struct layout_point b, int x, int y)
{
	if (a.y == b.y)
		return y == a.y && x > MIN(a.x, b.x) && x < MAX(a.x, b.x);
	return x == a.x && y > MIN(a.y, b.y) && y < MAX(a.y, b.y);
}

#define MAX_CROSSINGS 512

/* The index of point x, y among the first n of seen, or n. */
static int seen_at(const struct layout_point *seen, int n, int x, int y)
{
	int q;

	for (q = 0; q < n && (seen[q].x != x || seen[q].y != y); q++)
		;
	return q;
}

/*
 * The cells where a line runs straight across another that runs straight on, drawn "┼":
 * each once, however many edges share its two lines (up to MAX_CROSSINGS).
 */
/*
 * Adds to seen[] (n so far) each cell where the horizontal run from a to b crosses a
 * vertical run of an edge, both running straight on there; returns the new n.
 */
static int crossings_of_run(const struct layout *lay, struct layout_point a,
                            struct layout_point b, struct layout_point *seen, int n)
{
	int j, m;

	for (j = 0; j < lay->n_edges; j++)
		for (m = 0; m + 1 < lay->edges[j].n_points; m++) {
			struct layout_point c = lay->edges[j].points[m];
			struct layout_point d = lay->edges[j].points[m + 1];

			if (c.x != d.x || !inside_run(a, b, c.x, a.y) ||
			    !inside_run(c, d, c.x, a.y))
				continue;
			if (seen_at(seen, n, c.x, a.y) == n && n < MAX_CROSSINGS)
				seen[n++] = (struct layout_point){ c.x, a.y };
		}
	return n;
}

static int count_crossings(const struct layout *lay)
{
	struct layout_point seen[MAX_CROSSINGS];
	int i, k, n = 0;

	for (i = 0; i < lay->n_edges; i++)
		for (k = 0; k + 1 < lay->edges[i].n_points; k++)
			if (lay->edges[i].points[k].y == lay->edges[i].points[k + 1].y)
				n = crossings_of_run(lay, lay->edges[i].points[k],
				                     lay->edges[i].points[k + 1], seen, n);
	return n;
}

/* ---- what a reader who follows the lines any way reads ------------------------------ */

static int net_root(int *parent, int i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/*
 * Whether segments i and j are drawn as one line: in one gap, out of one vertex (its
 * stub) or into one (its row), or turning on one line; or one runs on from a placeholder
 * the other leads into.
 */
static int same_line(const struct work *wk, int n_boxes, int i, int j)
{
	int gap = wk->layer[wk->seg_from[i]] == wk->layer[wk->seg_from[j]];

	if (wk->seg_to[i] == wk->seg_from[j] && wk->seg_to[i] >= n_boxes)
		return 1;
	if (wk->seg_to[j] == wk->seg_from[i] && wk->seg_to[j] >= n_boxes)
		return 1;
	/* with ports, a box's segments of two nets leave or enter it on two rows */
	return gap && ((wk->seg_net[i] == wk->seg_net[j] &&
	                (wk->seg_from[i] == wk->seg_from[j] || wk->seg_to[i] == wk->seg_to[j])) ||
	               (wk->seg_group[i] >= 0 && wk->seg_group[i] == wk->seg_group[j]));
}

/* Whether the layout has an edge from box a to box b, a bracket either way. */
static int calls_box(const struct layout *lay, int a, int b)
{
	int i;

	for (i = 0; i < lay->n_edges; i++)
		if ((lay->edges[i].from == a && lay->edges[i].to == b) ||
		    (lay->edges[i].both_ways && lay->edges[i].from == b && lay->edges[i].to == a))
			return 1;
	return 0;
}

/*
 * Whether some network of lines (the lines that junctions join; a crossing joins none)
 * holds a source and a target that it does not call: a reader who follows lines any way
 * through the junctions, as the tester of the 2026 platform did, takes every source on a
 * network to call every target on it. Three apps to one cache and one db are one network
 * and true; posts and auth of one region, whose lines meet on the way to their database
 * while posts' go on to Kafka, are not.
 */
static int networks_false(const struct layout *lay, const struct work *wk)
{
	int parent[MAX_SEGS], i, j, n = wk->n_segs;

	for (i = 0; i < n; i++)
		parent[i] = i;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (same_line(wk, lay->n_boxes, i, j))
				parent[net_root(parent, i)] = net_root(parent, j);
	for (i = 0; i < n; i++) {
		if (wk->seg_from[i] >= lay->n_boxes)
			continue;
		for (j = 0; j < n; j++)
			if (wk->seg_to[j] < lay->n_boxes && wk->seg_to[j] != wk->seg_from[i] &&
			    net_root(parent, i) == net_root(parent, j) &&
			    !calls_box(lay, wk->seg_from[i], wk->seg_to[j]))
				return 1;
	}
	return 0;
}

/* ---- lines beside boxes ------------------------------------------------------------- */

/*
 * Whether the line of edge e through cell x, y runs beside a box it does not belong to:
 * in either of the two cells right of the box, on one of its rows, a line to a box it does
 * not call (arrows leave a box there: "│ Kafka │ └──157▶pay_db" reads as Kafka's arrow,
 * and "│ feeds │ │" as one thing, one blank cell apart), or right against its left side a
 * line from a box that does not call it.
 */
static int beside_other(const struct layout *lay, const struct layout_edge *e, int x, int y)
{
	int b;

	for (b = 0; b < lay->n_boxes; b++) {
		const struct layout_box *box = &lay->boxes[b];
		int right = x - (box->x + box->w), left = box->x - 1 - x;

		if (y < box->y || y >= box->y + box->h)
			continue;
		if (right >= 0 && right <= 1 && e->from != b && e->to != b &&
		    !calls_box(lay, b, e->to))
			return 1;
		if (left == 0 && e->to != b && !calls_box(lay, e->from, b))
			return 1;
	}
	return 0;
}

/* Whether some line runs beside a box it does not belong to (beside_other()). */
static int lines_touch(const struct layout *lay)
{
	int i, k;

	for (i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];

		for (k = 0; k + 1 < e->n_points; k++) {
			struct layout_point a = e->points[k], b = e->points[k + 1];
			int dx = (b.x > a.x) - (b.x < a.x), dy = (b.y > a.y) - (b.y < a.y);

			for (; dx || dy; a.x += dx, a.y += dy) {
				if (beside_other(lay, e, a.x, a.y))
					return 1;
				if (a.x == b.x && a.y == b.y)
					break;
			}
		}
	}
	return 0;
}

/* Whether some box or line covers a cell of row y from x0 up to (not including) x1. */
static int row_taken(const struct layout *lay, int y, int x0, int x1)
{
	int b, i, k;

	for (b = 0; b < lay->n_boxes; b++)
		if (lay->boxes[b].x < x1 && lay->boxes[b].x + lay->boxes[b].w > x0 &&
		    y >= lay->boxes[b].y && y < lay->boxes[b].y + lay->boxes[b].h)
			return 1;
	for (i = 0; i < lay->n_edges; i++)
		for (k = 0; k + 1 < lay->edges[i].n_points; k++) {
			struct layout_point a = lay->edges[i].points[k];
			struct layout_point c = lay->edges[i].points[k + 1];

			if (a.x == c.x && a.x >= x0 && a.x < x1 && y >= MIN(a.y, c.y) &&
			    y <= MAX(a.y, c.y))
				return 1;
			if (a.y == y && c.y == y && MIN(a.x, c.x) < x1 && MAX(a.x, c.x) >= x0)
				return 1;
		}
	return 0;
}

/* The left side of column layer, INT_MAX when there is none. */
static int column_x(const struct layout *lay, int layer)
{
	int b;

	for (b = 0; b < lay->n_boxes; b++)
		if (lay->boxes[b].layer == layer)
			return lay->boxes[b].x;
	return INT_MAX;
}

/*
 * Whether box b's arrows leave it on row y: the row of one of its edges' first points, or
 * its middle row, where an arrow would leave it.
 */
static int exit_row(const struct layout *lay, int b, int y)
{
	const struct layout_box *box = &lay->boxes[b];
	int i;

	if (y == box->y + (box->h - 1) / 2)
		return 1;
	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].from == b && lay->edges[i].n_points > 0 &&
		    !lay->edges[i].lateral && lay->edges[i].points[0].y == y)
			return 1;
	return 0;
}

/*
 * Whether cell x of row y lies in the gap right of box b (between its column and the
 * next), level with one of its rows (with exits set, one its arrows leave it on), with
 * only blank cells between.
 */
static int level_with(const struct layout *lay, int b, int x, int y, int exits)
{
	const struct layout_box *box = &lay->boxes[b];
	int from = box->x + box->w;

	if (y < box->y || y >= box->y + box->h || x < from ||
	    x >= column_x(lay, box->layer + 1) || (exits && !exit_row(lay, b, y)))
		return 0;
	return !row_taken(lay, y, from, x);
}

/*
 * The runs along a row that start, past a turn, level with a box they do not belong to,
 * in the gap right of that box with nothing but blank cells between: a run that starts
 * two cells right of Kafka on Kafka's middle row ("│ Kafka │  └──") reads as Kafka's
 * arrow however far it then goes, as a line that leaves a box has nothing but its place
 * to say whose it is. With exits set, only those level with a row the box's arrows leave
 * it on: beside a frame's top or bottom row, or the row of facts under a chip's label,
 * such a run reads less surely as the box's, and the layout only avoids it where it can
 * (lines_cost()). (A line that ends beside a box says nothing of it: arrows go into
 * boxes by their heads.)
 */
static int runs_level_at(const struct layout *lay, int exits, unsigned char *hot);

static int runs_level(const struct layout *lay, int exits)
{
	return runs_level_at(lay, exits, NULL);
}

/* The same, marking in hot[] each box a run stands level with. */
static int runs_level_at(const struct layout *lay, int exits, unsigned char *hot)
{
	int i, k, b, n = 0;

	for (i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];

		for (k = 1; k + 1 < e->n_points && !e->lateral; k++) {
			struct layout_point a = e->points[k], c = e->points[k + 1];

			if (a.y != c.y || c.x <= a.x)
				continue;
			for (b = 0; b < lay->n_boxes; b++) {
				if (e->from == b || calls_box(lay, b, e->to) ||
				    !level_with(lay, b, a.x, a.y, exits))
					continue;
				n++;
				if (hot)
					hot[b] = 1;
			}
		}
	}
	return n;
}

/* ---- rows that keep lines from reading as another box's ------------------------------ */

/* Reads the routed drawing: its crossings, detours, false networks, lines beside boxes. */
static void judge(struct layout *out, const struct work *wk)
{
	int i;

	out->n_crossings = count_crossings(out);
	out->n_detours = 0;
	for (i = 0; i < wk->n_segs; i++)
		out->n_detours += wk->seg_via[i] != NO_VIA;
	out->joined = networks_false(out, wk);
	out->touching = lines_touch(out) + runs_level(out, 1);
}

/*
 * What is wrong with the drawing as routed, the worst first: what makes it tangled
 * (layout_tangled(): things it says falsely, crossings past their share), then detours,
 * runs beside rows a box's arrows do not leave on, each column of width the boxes lose
 * to lanes (a name cut to "po…" says less than "posts"), crossings, and last turns (a
 * straight line reads fastest).
 */
static int lines_cost(const struct layout *out)
{
	int i, turns = 0;

	for (i = 0; i < out->n_edges; i++)
		turns += MAX(0, out->edges[i].n_points - 2);
	return 1000 * (out->touching + out->joined +
	               MAX(0, out->n_crossings - out->n_edges / 4)) +
	       100 * out->n_detours + 50 * runs_level(out, 0) +
	       20 * (out->w - out->boxes[0].w) / MAX(1, out->n_layers) +
	       10 * out->n_crossings + turns;
}

/* Whether the drawing as routed is tangled, or has runs beside rows of boxes not theirs. */
static int rows_wrong(const struct layout *out)
{
	return out->touching || out->joined || out->n_crossings > out->n_edges / 4 ||
	       runs_level(out, 0) > 0;
}

/* Lays the rows of wk out again and routes them; returns their cost, INT_MAX if refused. */
static int rows_try(struct layout *out, struct work *wk, struct grid *g, int w, int h)
{
	int i;

	ports_order(wk);
	if (make_grid(out, wk, w, h, g) < 0)
		return INT_MAX;
	for (i = 0; i < out->n_boxes; i++)
		out->boxes[i].row = wk->row[i];
	place_boxes(out, wk, g);
	judge(out, wk);
	return lines_cost(out);
}

/* The rows column l leaves free in the grid, which its shift may move it through. */
static int column_free(const struct work *wk, const struct grid *g, int l)
{
	return g->fit ? g->h - g->used[l] : g->h - wk->size[l] * g->pitch;
}

/*
 * Whether vertex v stays where it is: an end of a bracket, at the bottom of its column, or
 * a box without edges, at its top (lift_edgeless()).
 */
static int pinned(const struct layout *out, int v)
{
	int i;

	for (i = 0; i < out->n_edges; i++)
		if (out->edges[i].lateral && (out->edges[i].from == v || out->edges[i].to == v))
			return 1;
	return edgeless(out, v);
}

struct rows_state {
	int row[MAX_VERTS];
	int gap[MAX_VERTS];
	int shift[MAX_LAYERS];
};

static void rows_save(const struct work *wk, struct rows_state *s)
{
	memcpy(s->row, wk->row, sizeof s->row);
	memcpy(s->gap, wk->gap, sizeof s->gap);
	memcpy(s->shift, wk->shift, sizeof s->shift);
}

static void rows_load(struct work *wk, const struct rows_state *s)
{
	memcpy(wk->row, s->row, sizeof s->row);
	memcpy(wk->gap, s->gap, sizeof s->gap);
	memcpy(wk->shift, s->shift, sizeof s->shift);
}

/* Moves the vertex on row from of column l to row to, the others between closing up. */
static void rows_move(struct work *wk, int l, int from, int to)
{
	int v, u = vertex_at(wk, l, from);

	for (v = 0; v < wk->n; v++) {
		if (wk->layer[v] != l || v == u)
			continue;
		if (from < to && wk->row[v] > from && wk->row[v] <= to)
			wk->row[v]--;
		else if (to < from && wk->row[v] >= to && wk->row[v] < from)
			wk->row[v]++;
	}
	wk->row[u] = to;
}

/* Tries the rows of wk: keeps them in *best, and returns 1, when they cost less. */
static int rows_keep(struct layout *out, struct work *wk, struct grid *g, int w, int h,
                     struct rows_state *best, int *cost)
{
	int c = rows_try(out, wk, g, w, h);

	if (c >= *cost)
		return 0;
	*cost = c;
	rows_save(wk, best);
	return 1;
}

/* Shifts column l through the rows it leaves free (nine places at most); 1: one did better. */
static int rows_shifts(struct layout *out, struct work *wk, struct grid *g, int w, int h,
                       int l, struct rows_state *best, int *cost)
{
	struct rows_state from;
	int free = column_free(wk, g, l), step = MAX(1, free / 8), lo = -(free / 2), k;

	rows_save(wk, &from);
	for (k = lo; l < out->n_layers && free > 0 && k <= free + lo; k += step) {
		rows_load(wk, &from);
		if (k == from.shift[l])
			continue;
		wk->shift[l] = k;
		if (rows_keep(out, wk, g, w, h, best, cost))
			return 1;
	}
	rows_load(wk, &from);
	return 0;
}

/* Whether column l keeps its boxes without edges on top and its brackets' ends below. */
static int pins_kept(const struct layout *out, const struct work *wk, int l)
{
	int v, top = 0, bottom = 0;

	for (v = 0; v < out->n_boxes; v++)
		if (wk->layer[v] == l && pinned(out, v))
			edgeless(out, v) ? top++ : bottom++;
	for (v = 0; v < out->n_boxes; v++) {
		if (wk->layer[v] != l || !pinned(out, v))
			continue;
		if (edgeless(out, v) ? wk->row[v] >= top : wk->row[v] < wk->size[l] - bottom)
			return 0;
	}
	return 1;
}

/* Moves box b to each other row of its column, unless it is pinned; 1: one did better. */
static int rows_moves(struct layout *out, struct work *wk, struct grid *g, int w, int h,
                      int b, struct rows_state *best, int *cost)
{
	struct rows_state from;
	int l = wk->layer[b], r;

	if (pinned(out, b))
		return 0;
	rows_save(wk, &from);
	for (r = 0; r < wk->size[l]; r++) {
		rows_load(wk, &from);
		if (r == from.row[b])
			continue;
		rows_move(wk, l, from.row[b], r);
		if (pins_kept(out, wk, l) && rows_keep(out, wk, g, w, h, best, cost))
			return 1;
	}
	rows_load(wk, &from);
	return 0;
}

/* Swaps each two neighbours of column l but pinned ones; 1: one did better. */
static int rows_swaps(struct layout *out, struct work *wk, struct grid *g, int w, int h,
                      int l, struct rows_state *best, int *cost)
{
	struct rows_state from;
	int k;

	rows_save(wk, &from);
	for (k = 0; l < out->n_layers && k + 1 < wk->size[l]; k++) {
		int u = vertex_at(wk, l, k), v = vertex_at(wk, l, k + 1);

		if (u < 0 || v < 0 || pinned(out, u) || pinned(out, v))
			continue;
		wk->row[u] = k + 1;
		wk->row[v] = k;
		if (rows_keep(out, wk, g, w, h, best, cost))
			return 1;
		rows_load(wk, &from);
	}
	return 0;
}

/*
 * With boxes as tall as their ports (g->fit), a blank row left above each vertex of
 * column l in turn, where the column has one to spare, the column then shifted through
 * the rows it still leaves free (the row a vertex must leave is often not the one a
 * blank row above it gives); 1: one did better.
 */
static int rows_gaps(struct layout *out, struct work *wk, struct grid *g, int w, int h,
                     int l, struct rows_state *best, int *cost)
{
	struct rows_state from;
	int r, v, k, free;

	if (!g->fit || l >= out->n_layers || (free = column_free(wk, g, l) - 1) < 0)
		return 0;
	rows_save(wk, &from);
	for (r = wk->n_lift[l] + 1; r < wk->size[l]; r++) {
		if ((v = vertex_at(wk, l, r)) < 0)
			continue;
		for (k = -(free / 2); k <= free - free / 2; k++) {
			rows_load(wk, &from);
			wk->gap[v]++;
			wk->shift[l] = k;
			if (rows_keep(out, wk, g, w, h, best, cost))
				return 1;
		}
	}
	rows_load(wk, &from);
	return 0;
}

/*
 * One step of the search below, for each box a run stands level with, until one change
 * makes the drawing cost less: its column or the next shifted through the rows they leave
 * free, the box moved to another row of its column, two neighbours of the next column
 * swapped, a blank row left in either column. Returns 1 when one did, the better rows in
 * *best.
 */
static int rows_step(struct layout *out, struct work *wk, struct grid *g, int w, int h,
                     struct rows_state *best, int *cost)
{
	unsigned char hot[LAYOUT_MAX_BOXES] = { 0 };
	int b, l;

	if (runs_level_at(out, 0, hot) == 0) {
		/* lines beside boxes, or crossings: any column may help */
		for (l = 0; l < out->n_layers; l++)
			if (rows_shifts(out, wk, g, w, h, l, best, cost) ||
			    rows_swaps(out, wk, g, w, h, l, best, cost))
				return 1;
		return 0;
	}
	for (b = 0; b < out->n_boxes; b++) {
		if (!hot[b])
			continue;
		l = wk->layer[b];
		if (rows_shifts(out, wk, g, w, h, l, best, cost) ||
		    rows_shifts(out, wk, g, w, h, l + 1, best, cost) ||
		    rows_moves(out, wk, g, w, h, b, best, cost) ||
		    rows_swaps(out, wk, g, w, h, l + 1, best, cost) ||
		    rows_gaps(out, wk, g, w, h, l, best, cost) ||
		    rows_gaps(out, wk, g, w, h, l + 1, best, cost))
			return 1;
	}
	return 0;
}

/*
 * A run that starts level with a box it does not belong to, on a row its arrows leave it
 * on (runs_level()), is beyond the lanes: only the rows can move it. Step after step, the
 * first change of rows near such a box that makes the drawing cost less (rows_step(),
 * lines_cost()), until none is left or no change helps; the drawing is then that of the
 * best rows. The layout asks for this only where such a run is all that is wrong, so a
 * drawing that reads keeps its rows, and one tangled otherwise costs no search.
 */
static void rows_improve(struct layout *out, struct work *wk, struct grid *g, int w, int h)
{
	struct rows_state best;
	int step, cost = lines_cost(out);

	rows_save(wk, &best);
	for (step = 0; step < 12 && rows_wrong(out); step++) {
		if (!rows_step(out, wk, g, w, h, &best, &cost))
			break;
		rows_load(wk, &best);
		rows_try(out, wk, g, w, h);
	}
	rows_load(wk, &best);
	rows_try(out, wk, g, w, h);
}

int layout_compute(const struct sim_config *cfg, int w, int h, struct layout *out)
{
	return layout_compute_as(cfg, w, h, 0, out);
}

int layout_compute_as(const struct sim_config *cfg, int w, int h, int mode,
                      struct layout *out)
{
	struct work wk;
	struct grid g;
	int i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < SIM_MAX_NODES; i++)
		out->box_of_node[i] = -1;
	out->mode = mode & (LAYOUT_PORTS | LAYOUT_TWINS);
	out->w = w;
	out->h = h;
	if (cfg->n_nodes < 0 || cfg->n_nodes > SIM_MAX_NODES)
		return -1;

	build_graph(cfg, out);
	if (out->mode & LAYOUT_TWINS)
		merge_twins(cfg, out);
	assign_layers(cfg, out);
	build_work(out, &wk);
	order_rows(&wk, out->n_layers);
	sink_brackets(out, &wk, out->n_layers);
	lift_edgeless(out, &wk, out->n_layers);
	ports_order(&wk);
	for (i = 0; i < out->n_boxes; i++)
		out->boxes[i].row = wk.row[i];
	i = wk.pt.full ? -1 : make_grid(out, &wk, w > 0 ? w : 0, h > 0 ? h : 0, &g);
	out->n_rows = g.rows;
	if (i < 0)
		return -1;
	place_boxes(out, &wk, &g);
	judge(out, &wk);
	/* a drawing whose networks of lines join or that detours stays tangled */
	if (!out->joined && !out->n_detours &&
	    (out->touching > 0 || out->n_crossings > out->n_edges / 4))
		rows_improve(out, &wk, &g, w > 0 ? w : 0, h > 0 ? h : 0);
	return 0;
}

int layout_tangled(const struct layout *lay)
{
	return lay->joined || lay->touching || lay->n_detours > 0 ||
	       lay->n_crossings > lay->n_edges / 4;
}

const struct layout_box *layout_box_of(const struct layout *lay, int node)
{
	if (node == LAYOUT_CLIENTS)
		return &lay->boxes[0];
	if (node < 0 || node >= SIM_MAX_NODES || lay->box_of_node[node] < 0)
		return NULL;
	return &lay->boxes[lay->box_of_node[node]];
}
