/* SPDX-License-Identifier: MIT */
/*
 * layout.h: where each node of an era goes in a topology diagram. Pure arithmetic on a
 * sim_config, shared by the terminal view (cells) and the SDL window (pixels).
 *
 * Nodes sit in columns (layers) by kind from left to right: the clients; the edge (CDNs,
 * a global balancer in front of other balancers); the load balancers and gateways; the
 * services; the caches and brokers; the services only services or brokers reach (the
 * consumers); the databases (layout.c says which app goes where).
 * Requests flow left to right along the edges: clients -> each entry their workloads use
 * (and a CDN unless they call its origin instead), lb -> upstreams, app -> db, app ->
 * session store, app -> what the routes it serves call, publish to or read through (the
 * cache of its own region, as the engine reads it), broker -> consumer, cdn -> origin,
 * db -> replica; a node no request reaches (unused) has no edges at all.
 */
#ifndef UI_LAYOUT_H
#define UI_LAYOUT_H

#include "config.h"

#define LAYOUT_MAX_BOXES (SIM_MAX_NODES + 1)
#define LAYOUT_MAX_EDGES (SIM_MAX_NODES * 4)
#define LAYOUT_MAX_MEMBERS SIM_MAX_REGIONS  /* twins in one box: one a region at most */
#define LAYOUT_MAX_PORTS 4              /* rows a side of a box its arrows may take */
#define LAYOUT_CLIENTS  (-1)            /* the node index of the virtual clients box */

/*
 * How a diagram is drawn (layout_compute_as()), flags:
 *   LAYOUT_PORTS: the arrows are grouped in nets, each a set of sources that all call a
 *   set of targets, drawn as one line that meets no other; a box has a row on its side
 *   for each net it is in (a port): an arrowhead each on the left, a line each on the
 *   right. Databases stand with the caches and brokers unless a back service calls them.
 *   LAYOUT_TWINS: nodes of one kind whose names or labels differ only by a region (gw_us
 *   and gw_eu, "posts (us)" and "posts (eu)") are one box, with every edge of each.
 * 0 is the plain drawing: a box a node, the arrows into a box sharing one arrowhead.
 */
enum {
	LAYOUT_PORTS = 1 << 0,
	LAYOUT_TWINS = 1 << 1
};

/* One rectangle of the diagram: x, y are its top left corner, inside the area. */
struct layout_box {
	int node;                       /* index into cfg->nodes (its first member), or
	                                   LAYOUT_CLIENTS */
	int layer;                      /* column, 0 = the clients */
	int row;                        /* position within the column, 0 = top */
	int x, y, w, h;
	char label[SIM_NAME_MAX];       /* the node's label, else its name; "clients"; for
	                                   twins the label they share without the region */
	char name[SIM_NAME_MAX];        /* the node's name (twins': without the region), "" */
	int n_members;                  /* nodes drawn in it, 1 but for twins; 0: clients */
	int members[LAYOUT_MAX_MEMBERS]; /* their indexes in cfg->nodes, in file order */
	int unused;                     /* 1: no request of the config reaches it (any of
	                                   its members): it has no edges */
};

#define LAYOUT_MAX_POINTS 24

struct layout_point {
	int x, y;
};

/*
 * A request path between two boxes (indexes into layout.boxes), routed as a polyline of
 * horizontal and vertical segments: it starts on the first cell right of the source, at
 * its middle row (y + (h - 1) / 2), and ends on the cell left of the target (where an
 * arrowhead goes), at its middle row; with LAYOUT_PORTS, on the rows of the ports of its
 * net on either side, around those middle rows. Between columns it turns in a lane of the gap,
 * a column of cells it shares only with edges of the same source or into the same target
 * (or of sources that all reach the same targets), so no line suggests an edge that does
 * not exist; where two edges' rows swap, one detours through a stretch of a third row
 * that no other line of the gap runs along (two lanes then). Across a column it skips (a
 * long edge: app -> db past the caches) it runs through an empty row slot, never through
 * a box. Every inner point is a turn. n_points is 0 for an edge that cannot point right
 * (a cycle of balancers).
 *
 * Two dbs that list each other as replicas get one edge, both_ways, which pushes neither
 * a column right; when both ends share a column it is lateral: a bracket from the right
 * side of one box to the right side of the other (first and last points x + w), running
 * down the column's right edge, with no arrowhead. Such ends sit at the bottom of their
 * column.
 */
struct layout_edge {
	int from;
	int to;
	int both_ways;                  /* replicas of each other: no direction */
	int lateral;                    /* both ends in one column: a bracket on its right */
	int n_points;
	struct layout_point points[LAYOUT_MAX_POINTS];
};

struct layout {
	int mode;                       /* LAYOUT_PORTS, LAYOUT_TWINS, as asked */
	int w, h;                       /* the area laid out */
	int n_layers;
	int col_gap;                    /* free columns between two layers, the narrowest */
	int n_rows;                     /* row slots of the tallest column (long edges too) */
	int n_boxes;
	struct layout_box boxes[LAYOUT_MAX_BOXES];
	int n_edges;
	struct layout_edge edges[LAYOUT_MAX_EDGES];
	int box_of_node[SIM_MAX_NODES]; /* node index -> box index */
	int n_crossings;                /* cells where two lines cross, "┼" */
	int n_detours;                  /* segments that detour along a row of their own */
	int joined;                     /* 1: junctions join a source to a box it does not call */
	int touching;                   /* lines beside boxes they do not belong to, or that
	                                   start level with one (runs_level()): 0 when none */
};

/*
 * Lays out cfg in a w x h area (cells or pixels). Box 0 is always the clients. Returns 0,
 * or -1 when the area cannot hold every box apart, or its lines would say something false
 * (lines of unrelated edges joined, a line that reads as reaching a box its source does
 * not call): out still holds the layers and rows, with empty rectangles.
 */
int layout_compute(const struct sim_config *cfg, int w, int h, struct layout *out);

/*
 * The same, drawn as mode says (LAYOUT_PORTS, LAYOUT_TWINS or both; 0 is
 * layout_compute()). With ports an edge starts on the row of its source's port for its
 * net and ends on its target's (a box grows to the pitch for them; where the pitch is
 * shorter than a box's ports, every box is as tall as its own ports, one row for most,
 * and the layout is refused only when a column needs more rows than h, or a box more
 * than LAYOUT_MAX_PORTS). With twins box_of_node maps every member to its box.
 */
int layout_compute_as(const struct sim_config *cfg, int w, int h, int mode,
                      struct layout *out);

/*
 * Whether a layout that layout_compute() took is still too tangled to read in cells: a
 * network of lines that junctions join holds a source and a target it does not call (a
 * reader who follows lines any way takes each source on it to call each target on it),
 * a line runs beside a box it does not belong to or starts level with one, right of it
 * on a row its arrows leave it on (read as that box's), a line detours along a row of
 * its own (a hook, "┌┐"), or lines cross more often than once for every four edges. The
 * terminal lists the calls instead; the window, whose lines are a pixel or two wide with
 * room between them, draws it.
 */
int layout_tangled(const struct layout *lay);

/* The box of node (LAYOUT_CLIENTS for the clients), or NULL. */
const struct layout_box *layout_box_of(const struct layout *lay, int node);

/*
 * The routes requests of which reach node, bit r for route r of cfg; for an app, the
 * routes it serves. They come from the config: a workload's routes go into its entry (the
 * era's by default; an era alone sends the routes its clients ask for), through an lb to
 * every upstream, through a gateway by its table (the rest to its upstreams), through a
 * CDN to its origin; a gateway's table gives its routes to their targets even with no
 * traffic; a consumer serves the route of its topic; a call step asks its node for its
 * route. An app that nothing reaches serves the routes no other app serves. The edges out
 * of an app follow the steps of these routes only.
 */
uint32_t layout_routes_served(const struct sim_config *cfg, int node);

/* Number of boxes in the tallest layer. */
int layout_max_rows(const struct layout *lay);

#endif
