/* SPDX-License-Identifier: MIT */
/*
 * test_layout.c: the topology layout on configs built in C: which column each kind lands
 * in, rows ordered to avoid crossings, edges derived from the config (the routes each app
 * serves, the cache of its region, replicas of each other), and the geometry (inside the
 * area, no overlap) over many sizes, cells and pixels alike. Then the shipped eras and
 * scenarios, loaded from their files: the columns follow the kinds; the lines, read as a
 * reader reads them (forwards from each source or port, back from each arrowhead, any way
 * through the junctions, and beside the boxes they pass), say only what the config does,
 * or the layout calls the drawing tangled (the 2026 platform, as its tester saw it at
 * 160x50), in the plain drawing and in that of region twins with ports alike; a node the
 * clients do not use (2014's gateway in its pain, 2009's CDN) draws no arrows.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cfg.h"
#include "layout.h"

static int add_node(struct sim_config *cfg, const char *name, enum sim_node_kind kind)
{
	struct sim_node_cfg *n = &cfg->nodes[cfg->n_nodes];

	memset(n, 0, sizeof *n);
	snprintf(n->name, sizeof n->name, "%s", name);
	n->kind = kind;
	n->db = -1;
	n->session_store = -1;
	return cfg->n_nodes++;
}

static void empty(struct sim_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->entry = -1;
}

static void upstream(struct sim_config *cfg, int lb, int app)
{
	struct sim_node_cfg *n = &cfg->nodes[lb];

	n->upstreams[n->n_upstreams++] = app;
}

/* The 2007 era: nginx in front of three apps, one MySQL, a Redis for sessions. */
static void horizontal(struct sim_config *cfg)
{
	int lb, db, redis, i;

	empty(cfg);
	db = add_node(cfg, "db", SIM_NODE_DB);
	redis = add_node(cfg, "redis", SIM_NODE_CACHE);
	lb = add_node(cfg, "lb", SIM_NODE_LB);
	snprintf(cfg->nodes[lb].label, SIM_NAME_MAX, "nginx");
	for (i = 0; i < 3; i++) {
		char name[8];
		int app;

		snprintf(name, sizeof name, "app%d", i + 1);
		app = add_node(cfg, name, SIM_NODE_APP);
		cfg->nodes[app].db = db;
		cfg->nodes[app].sessions = SIM_SESSION_STORE;
		cfg->nodes[app].session_store = redis;
		upstream(cfg, lb, app);
	}
	cfg->entry = lb;
}

static int has_edge(const struct layout *lay, int from_node, int to_node)
{
	int i;

	for (i = 0; i < lay->n_edges; i++) {
		const struct layout_box *a = &lay->boxes[lay->edges[i].from];
		const struct layout_box *b = &lay->boxes[lay->edges[i].to];

		if (a->node == from_node && b->node == to_node)
			return 1;
	}
	return 0;
}

static void check_geometry(const struct layout *lay, int w, int h)
{
	int i, j;

	for (i = 0; i < lay->n_boxes; i++) {
		const struct layout_box *a = &lay->boxes[i];

		assert_true(a->w >= 1 && a->h >= 1);
		assert_in_range(a->x, 0, w - a->w);
		assert_in_range(a->y, 0, h - a->h);
		for (j = i + 1; j < lay->n_boxes; j++) {
			const struct layout_box *b = &lay->boxes[j];
			int apart = a->x + a->w <= b->x || b->x + b->w <= a->x ||
			            a->y + a->h <= b->y || b->y + b->h <= a->y;

			if (!apart)
				print_error("boxes %s and %s overlap at %dx%d\n", a->label,
				            b->label, w, h);
			assert_true(apart);
		}
	}
}

static int inside_box(const struct layout *lay, int x, int y)
{
	int i;

	for (i = 0; i < lay->n_boxes; i++) {
		const struct layout_box *b = &lay->boxes[i];

		if (x >= b->x && x < b->x + b->w && y >= b->y && y < b->y + b->h)
			return 1;
	}
	return 0;
}

/*
 * Every edge runs from the cell right of its source to the cell left of its target, in
 * horizontal and vertical steps, inside the area and never through a box.
 */
static void check_routes(const struct layout *lay)
{
	int i, k;

	for (i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];
		const struct layout_box *a = &lay->boxes[e->from], *b = &lay->boxes[e->to];
		const struct layout_point *p = e->points;

		/* one point when the gap is one cell and the rows agree */
		assert_true(e->n_points >= 1);
		assert_int_equal(p[0].x, a->x + a->w);
		/* a bracket between replicas in one column ends on the right of its target */
		assert_int_equal(p[e->n_points - 1].x, e->lateral ? b->x + b->w : b->x - 1);
		if (lay->mode & LAYOUT_PORTS) {
			/* on a row of the box, its port's */
			assert_in_range(p[0].y, a->y, a->y + a->h - 1);
			assert_in_range(p[e->n_points - 1].y, b->y, b->y + b->h - 1);
		} else {
			assert_int_equal(p[0].y, a->y + (a->h - 1) / 2);
			assert_int_equal(p[e->n_points - 1].y, b->y + (b->h - 1) / 2);
		}
		for (k = 0; k + 1 < e->n_points; k++) {
			int x = p[k].x, y = p[k].y;
			int dx = (p[k + 1].x > x) - (p[k + 1].x < x);
			int dy = (p[k + 1].y > y) - (p[k + 1].y < y);

			assert_true(dx == 0 || dy == 0);
			/* every inner point is a turn */
			if (k > 0) {
				int px = (x > p[k - 1].x) - (x < p[k - 1].x);
				int py = (y > p[k - 1].y) - (y < p[k - 1].y);

				assert_false(px == dx && py == dy);
			}
			for (;; x += dx, y += dy) {
				assert_in_range(x, 0, lay->w - 1);
				assert_in_range(y, 0, lay->h - 1);
				if (inside_box(lay, x, y))
					print_error("edge %s -> %s crosses a box at %d,%d\n",
					            a->label, b->label, x, y);
				assert_false(inside_box(lay, x, y));
				if (x == p[k + 1].x && y == p[k + 1].y)
					break;
			}
		}
	}
}

/* ---- following the drawn lines -------------------------------------------------------- */

enum { ARM_UP = 1, ARM_DOWN = 2, ARM_LEFT = 4, ARM_RIGHT = 8 };
#define ARM_ALL (ARM_UP | ARM_DOWN | ARM_LEFT | ARM_RIGHT)
#define ARM_ACROSS (ARM_LEFT | ARM_RIGHT)
#define ARM_ALONG (ARM_UP | ARM_DOWN)
#define PIC_W 256
#define PIC_H 128
#define PIC_EDGES 16

/*
 * The lines as the terminal draws them: each cell with the directions lines leave it in
 * (arms, which set its glyph), the edges drawn through it, each with its own arms there,
 * and the arrowheads, each with the box it points into (index + 1).
 */
struct picture {
	int w, h;
	unsigned char arms[PIC_H][PIC_W];
	short head[PIC_H][PIC_W];
	unsigned char n_at[PIC_H][PIC_W];
	unsigned char at_edge[PIC_H][PIC_W][PIC_EDGES];
	unsigned char at_arms[PIC_H][PIC_W][PIC_EDGES];
};

static int opposite(int arm)
{
	return arm == ARM_UP ? ARM_DOWN : arm == ARM_DOWN ? ARM_UP :
	       arm == ARM_LEFT ? ARM_RIGHT : ARM_LEFT;
}

static void arm_step(int arm, int *x, int *y)
{
	*x += arm == ARM_RIGHT ? 1 : arm == ARM_LEFT ? -1 : 0;
	*y += arm == ARM_DOWN ? 1 : arm == ARM_UP ? -1 : 0;
}

/* Edge e leaves cell x, y by arm: the glyph gets the arm, the cell remembers the edge. */
static void picture_mark(struct picture *p, int x, int y, int e, int arm)
{
	int k;

	p->arms[y][x] |= (unsigned char)arm;
	for (k = 0; k < p->n_at[y][x] && p->at_edge[y][x][k] != e; k++)
		;
	if (k == p->n_at[y][x]) {
		assert_true(k < PIC_EDGES);
		p->at_edge[y][x][k] = (unsigned char)e;
		p->at_arms[y][x][k] = 0;
		p->n_at[y][x]++;
	}
	p->at_arms[y][x][k] |= (unsigned char)arm;
}

static void picture_trace(struct picture *p, int e, struct layout_point a,
                          struct layout_point b)
{
	int dx = (b.x > a.x) - (b.x < a.x), dy = (b.y > a.y) - (b.y < a.y);
	int arm = dx > 0 ? ARM_RIGHT : dx < 0 ? ARM_LEFT : dy > 0 ? ARM_DOWN : ARM_UP;

	while ((dx || dy) && (a.x != b.x || a.y != b.y)) {
		picture_mark(p, a.x, a.y, e, arm);
		a.x += dx;
		a.y += dy;
		picture_mark(p, a.x, a.y, e, opposite(arm));
	}
}

/* Draws the routes as tui_live.c does, brackets included, heads last. */
static void picture_draw(const struct layout *lay, struct picture *p)
{
	int i, k, y;

	assert_true(lay->w <= PIC_W && lay->h <= PIC_H);
	p->w = lay->w;
	p->h = lay->h;
	for (y = 0; y < p->h; y++) {
		memset(p->arms[y], 0, (size_t)p->w);
		memset(p->head[y], 0, sizeof p->head[y][0] * (size_t)p->w);
		memset(p->n_at[y], 0, (size_t)p->w);
	}
	for (i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];
		const struct layout_point *end = &e->points[e->n_points - 1];

		for (k = 0; k + 1 < e->n_points; k++)
			picture_trace(p, i, e->points[k], e->points[k + 1]);
		if (e->n_points == 1)
			picture_mark(p, end->x, end->y, i, ARM_ACROSS);
		/* a bracket touches both boxes' right sides: its ends turn towards them */
		if (e->lateral && e->n_points > 1) {
			picture_mark(p, e->points[0].x, e->points[0].y, i, ARM_LEFT);
			picture_mark(p, end->x, end->y, i, ARM_LEFT);
		}
	}
	for (i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];

		if (e->n_points > 0 && !e->lateral)
			p->head[e->points[e->n_points - 1].y][e->points[e->n_points - 1].x] =
				(short)(e->to + 1);
	}
}

/*
 * The boxes a reader reaches by following the lines as drawn from start, the cell right
 * of a box where its arrows leave it (with ports, one of several), a bit per box. The
 * reader sees glyphs only, not which way a vertical line runs: out of the box's right
 * side, never leftwards (every arrow points right), up or down or right at a turn or a
 * junction, straight on through a crossing, "┼", until an arrowhead.
 */
static void picture_follow(const struct picture *p, struct layout_point start,
                           unsigned char reached[LAYOUT_MAX_BOXES],
                           int via[LAYOUT_MAX_BOXES])
{
	static unsigned char seen[PIC_H][PIC_W];
	static int stack[PIC_H * PIC_W * 4][4];
	int n = 0, y;

	for (y = 0; y < p->h; y++)
		memset(seen[y], 0, (size_t)p->w);
	memset(reached, 0, LAYOUT_MAX_BOXES);
	stack[n][0] = start.x;
	stack[n][1] = start.y;
	stack[n][3] = -1;
	stack[n++][2] = ARM_LEFT;
	while (n > 0) {
		int x = stack[--n][0], in = stack[n][2], from = stack[n][3], m, arm;

		y = stack[n][1];
		if (x < 0 || y < 0 || x >= p->w || y >= p->h || (seen[y][x] & in))
			continue;
		seen[y][x] |= (unsigned char)in;
		if (p->head[y][x]) {
			reached[p->head[y][x] - 1] = 1;
			via[p->head[y][x] - 1] = from;
			continue;
		}
		m = p->arms[y][x] == ARM_ALL ? opposite(in) : p->arms[y][x] & ~in & ~ARM_LEFT;
		/* the last turn or junction passed, for a message */
		if (m != opposite(in) || p->arms[y][x] == ARM_ALL)
			from = y * PIC_W + x;
		for (arm = ARM_UP; arm <= ARM_RIGHT; arm <<= 1) {
			int nx = x, ny = y;

			if (!(m & arm) || !(p->arms[y][x] & arm))
				continue;
			arm_step(arm, &nx, &ny);
			if (nx < 0 || ny < 0 || nx >= p->w || ny >= p->h)
				continue;
			stack[n][0] = nx;
			stack[n][1] = ny;
			stack[n][3] = from;
			stack[n++][2] = opposite(arm);
		}
	}
}

/*
 * The boxes a reader reaches going back from the arrowhead into box dst, a bit per box:
 * leftwards from the head, up or down or left at a turn or a junction, never rightwards
 * (a line runs right from its source), straight on through a crossing, until the cell
 * next to a box's right side where an edge starts (start[], the box's index + 1).
 */
static void picture_back(const struct picture *p, const short start[PIC_H][PIC_W], int hx,
                         int hy, unsigned char reached[LAYOUT_MAX_BOXES])
{
	static unsigned char seen[PIC_H][PIC_W];
	static int stack[PIC_H * PIC_W * 4][3];
	int n = 0, y;

	for (y = 0; y < p->h; y++)
		memset(seen[y], 0, (size_t)p->w);
	memset(reached, 0, LAYOUT_MAX_BOXES);
	stack[n][0] = hx;
	stack[n][1] = hy;
	stack[n++][2] = ARM_RIGHT;
	while (n > 0) {
		int x = stack[--n][0], in = stack[n][2], m, arm;

		y = stack[n][1];
		if (x < 0 || y < 0 || x >= p->w || y >= p->h || (seen[y][x] & in))
			continue;
		seen[y][x] |= (unsigned char)in;
		if (start[y][x])
			reached[start[y][x] - 1] = 1;
		m = p->arms[y][x] == ARM_ALL ? opposite(in) : p->arms[y][x] & ~in & ~ARM_RIGHT;
		for (arm = ARM_UP; arm <= ARM_RIGHT; arm <<= 1) {
			int nx = x, ny = y;

			if (!(m & arm) || !(p->arms[y][x] & arm))
				continue;
			arm_step(arm, &nx, &ny);
			stack[n][0] = nx;
			stack[n][1] = ny;
			stack[n++][2] = opposite(arm);
		}
	}
}

/* Whether edges i and j end (end 1) or start (end 0) on one cell. */
static int same_end(const struct layout *lay, int i, int j, int end)
{
	const struct layout_edge *a = &lay->edges[i], *b = &lay->edges[j];
	const struct layout_point *p = &a->points[end ? a->n_points - 1 : 0];
	const struct layout_point *q = &b->points[end ? b->n_points - 1 : 0];

	return a->n_points > 0 && b->n_points > 0 && p->x == q->x && p->y == q->y;
}

/*
 * Read back from each arrowhead (one a box, or with ports one a port), the lines reach
 * exactly the sources of the edges that end there. Returns the number of false things
 * found, each printed when verbose.
 */
static int check_back(const struct layout *lay, const struct picture *pic, const char *what,
                      int verbose)
{
	static short start[PIC_H][PIC_W];
	int i, h, t, s, y, wrong = 0;

	for (y = 0; y < pic->h; y++)
		memset(start[y], 0, sizeof start[y][0] * (size_t)pic->w);
	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].n_points > 0 && !lay->edges[i].lateral)
			start[lay->edges[i].points[0].y][lay->edges[i].points[0].x] =
				(short)(lay->edges[i].from + 1);
	for (h = 0; h < lay->n_edges; h++) {
		unsigned char want[LAYOUT_MAX_BOXES] = { 0 }, got[LAYOUT_MAX_BOXES];
		const struct layout_edge *head = &lay->edges[h];
		int first = 1;

		if (head->lateral || head->n_points == 0)
			continue;
		for (i = 0; i < lay->n_edges; i++) {
			if (lay->edges[i].lateral || !same_end(lay, i, h, 1))
				continue;
			first &= i >= h;
			want[lay->edges[i].from] = 1;
		}
		if (!first)
			continue;       /* that head was read from an earlier edge */
		t = head->to;
		picture_back(pic, start, head->points[head->n_points - 1].x,
		             head->points[head->n_points - 1].y, got);
		for (s = 0; s < lay->n_boxes; s++) {
			if (want[s] == got[s])
				continue;
			if (verbose)
				print_message("%s at %dx%d: back from %s the lines %s %s\n", what,
				              lay->w, lay->h, lay->boxes[t].label,
				              want[s] ? "miss" : "reach", lay->boxes[s].label);
			wrong++;
		}
	}
	return wrong;
}

/* The picture in ASCII, boxes as their labels' first letters, for a failure's message. */
static void picture_print(const struct layout *lay, const struct picture *p)
{
	static const char *const glyph[16] = {
		" ", "│", "│", "│", "─", "┘", "┐", "┤",
		"─", "└", "┌", "├", "─", "┴", "┬", "┼",
	};
	int x, y, b;

	for (y = 0; y < p->h; y++) {
		char line[PIC_W * 3 + 1];
		size_t o = 0;

		for (x = 0; x < p->w; x++) {
			const char *g = p->head[y][x] ? "▶" : glyph[p->arms[y][x]];
			char ch[2] = { 0, 0 };

			for (b = 0; b < lay->n_boxes; b++) {
				const struct layout_box *bx = &lay->boxes[b];

				int dx = x - bx->x;

				if (dx < 0 || dx >= bx->w || y < bx->y || y >= bx->y + bx->h)
					continue;
				ch[0] = dx < (int)strlen(bx->label) ? bx->label[dx] : '#';
				g = ch[0] == ' ' ? "#" : ch;
			}
			o += (size_t)snprintf(line + o, sizeof line - o, "%s", g);
		}
		print_message("  |%s|\n", line);
	}
}

/* Whether the layout has an edge from box a to box b (a bracket counts both ways). */
static int box_edge(const struct layout *lay, int a, int b)
{
	int i;

	for (i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];

		if ((e->from == a && e->to == b) || (e->lateral && e->from == b && e->to == a))
			return 1;
	}
	return 0;
}

/*
 * Whether the edges of cell x, y whose arms there lie within mask say nothing false where
 * they meet: every source among them has an edge to every target among them. That is one
 * source fanning out, one target fanning in, or a block of sources that all reach the
 * same targets; a reader cannot tell which of the lines meeting there goes where.
 */
static int meet_true(const struct layout *lay, const struct picture *p, int x, int y,
                     int mask)
{
	int i, j;

	for (i = 0; i < p->n_at[y][x]; i++)
		for (j = 0; j < p->n_at[y][x]; j++) {
			const struct layout_edge *a = &lay->edges[p->at_edge[y][x][i]];
			const struct layout_edge *b = &lay->edges[p->at_edge[y][x][j]];

			if ((p->at_arms[y][x][i] & ~mask) || (p->at_arms[y][x][j] & ~mask))
				continue;
			/* replicas of each other in one bracket: each holds the set */
			if (a->from != b->to && !box_edge(lay, a->from, b->to))
				return 0;
		}
	return 1;
}

/*
 * The cells where lines meet: a crossing, "┼", is two straight lines, each of edges that
 * may share it (an edge turning there would be a junction that reads as a crossing);
 * anywhere else, the edges that meet share a source or a target (meet_true()). Returns the
 * number of cells that say something false, each printed.
 */
static int check_junctions(const struct layout *lay, const struct picture *p,
                           const char *what, int verbose)
{
	int x, y, k, wrong = 0;

	for (y = 0; y < p->h; y++)
		for (x = 0; x < p->w; x++) {
			int ok = 1;

			if (p->n_at[y][x] < 2)
				continue;
			if (p->arms[y][x] == ARM_ALL) {
				for (k = 0; k < p->n_at[y][x]; k++)
					ok &= p->at_arms[y][x][k] == ARM_ACROSS ||
					      p->at_arms[y][x][k] == ARM_ALONG;
				ok = ok && meet_true(lay, p, x, y, ARM_ACROSS) &&
				     meet_true(lay, p, x, y, ARM_ALONG);
			} else {
				ok = meet_true(lay, p, x, y, ARM_ALL);
			}
			if (ok)
				continue;
			wrong++;
			if (!verbose)
				continue;
			print_message("%s at %dx%d: lines of unrelated edges meet at %d,%d:", what,
			              lay->w, lay->h, x, y);
			for (k = 0; k < p->n_at[y][x]; k++) {
				const struct layout_edge *e = &lay->edges[p->at_edge[y][x][k]];

				print_message(" %s>%s", lay->boxes[e->from].label,
				              lay->boxes[e->to].label);
			}
			print_message("\n");
		}
	return wrong;
}

/*
 * The networks of lines as a reader who follows them any way sees them: cells joined
 * through their arms, a crossing, "┼", joining its two straight lines to none but
 * themselves. net[y][x][0] numbers the network of a cell's horizontal line (or its only
 * one), net[y][x][1] that of a crossing's vertical line.
 */
static void picture_networks(const struct picture *p, int net[PIC_H][PIC_W][2])
{
	static int stack[PIC_H * PIC_W * 2][3];
	int x, y, o, id = 0;

	for (y = 0; y < p->h; y++)
		for (x = 0; x < p->w; x++)
			net[y][x][0] = net[y][x][1] = -1;
	for (y = 0; y < p->h; y++)
		for (x = 0; x < p->w; x++)
			for (o = 0; o < 2; o++) {
				int n = 0;

				if (!p->arms[y][x] || net[y][x][o] >= 0 ||
				    (o == 1 && p->arms[y][x] != ARM_ALL))
					continue;
				stack[n][0] = x;
				stack[n][1] = y;
				stack[n++][2] = o;
				net[y][x][o] = id;
				while (n > 0) {
					int cx = stack[--n][0], cy = stack[n][1], co = stack[n][2];
					int arms = p->arms[cy][cx], arm;

					if (arms == ARM_ALL)
						arms = co ? ARM_ALONG : ARM_ACROSS;
					for (arm = ARM_UP; arm <= ARM_RIGHT; arm <<= 1) {
						int nx = cx, ny = cy, no;

						if (!(arms & arm))
							continue;
						arm_step(arm, &nx, &ny);
						if (nx < 0 || ny < 0 || nx >= p->w || ny >= p->h ||
						    !(p->arms[ny][nx] & opposite(arm)))
							continue;
						no = p->arms[ny][nx] == ARM_ALL &&
						     (arm & ARM_ALONG) != 0;
						if (net[ny][nx][no] >= 0)
							continue;
						net[ny][nx][no] = id;
						stack[n][0] = nx;
						stack[n][1] = ny;
						stack[n++][2] = no;
					}
				}
				id++;
			}
}

/* The network of the cell where edge e starts (end 0) or ends in its arrowhead (end 1). */
static int net_of(int net[PIC_H][PIC_W][2], const struct layout_edge *e, int end)
{
	const struct layout_point *p = &e->points[end ? e->n_points - 1 : 0];

	return net[p->y][p->x][0];
}

/*
 * The pairs a reader who follows lines any way through the junctions takes to be calls
 * and are not: on each network, every box whose edge starts on it and every box an
 * arrowhead on it points into. Returns how many, the first few printed when verbose
 * ("auth (us) to Kafka": a line from auth (us) joins one into Kafka).
 */
static int check_networks(const struct layout *lay, const struct picture *p, const char *what,
                          int verbose)
{
	static int net[PIC_H][PIC_W][2];
	unsigned char pair[LAYOUT_MAX_BOXES][LAYOUT_MAX_BOXES];
	int i, j, wrong = 0;

	picture_networks(p, net);
	memset(pair, 0, sizeof pair);
	for (i = 0; i < lay->n_edges; i++)
		for (j = 0; j < lay->n_edges; j++) {
			const struct layout_edge *a = &lay->edges[i], *b = &lay->edges[j];

			if (a->lateral || b->lateral || !a->n_points || !b->n_points ||
			    b->to == a->from || pair[a->from][b->to] ||
			    net_of(net, a, 0) != net_of(net, b, 1) ||
			    box_edge(lay, a->from, b->to))
				continue;
			pair[a->from][b->to] = 1;
			if (verbose && wrong < 8)
				print_message("%s at %dx%d: the lines join %s to %s, which it "
				              "does not call\n", what, lay->w, lay->h,
				              lay->boxes[a->from].label, lay->boxes[b->to].label);
			wrong++;
		}
	return wrong;
}

/*
 * The lines through cell x, y, beside box b (on its left with left set, else on its
 * right), that do not belong to it; the first printed when what is given.
 */
static int beside(const struct layout *lay, const struct picture *p, int b, int x, int y,
                  int left, const char *what)
{
	int k, wrong = 0;

	for (k = 0; k < p->n_at[y][x]; k++) {
		const struct layout_edge *e = &lay->edges[p->at_edge[y][x][k]];
		int own = left ? e->to == b || box_edge(lay, e->from, b) :
		          e->from == b || e->to == b || box_edge(lay, b, e->to);

		if (own)
			continue;
		if (what && wrong == 0)
			print_message("%s at %dx%d: the line %s>%s runs beside %s at %d,%d\n",
			              what, lay->w, lay->h, lay->boxes[e->from].label,
			              lay->boxes[e->to].label, lay->boxes[b].label, x, y);
		wrong++;
	}
	return wrong;
}

/*
 * The lines that run beside a box they do not belong to: in the two cells right of a box,
 * on its rows, where its own arrows leave it, a line to a box it does not call ("│ Kafka │
 * └──157▶pay_db" reads as Kafka's arrow, "│ feeds │ │" as feeds' line); right against
 * its left side, a line from a box that does not call it. Returns how many cells say so,
 * the first printed when verbose.
 */
static int check_clear(const struct layout *lay, const struct picture *p, const char *what,
                       int verbose)
{
	int b, y, d, wrong = 0;

	for (b = 0; b < lay->n_boxes; b++) {
		const struct layout_box *box = &lay->boxes[b];

		for (y = box->y; y < box->y + box->h; y++)
			for (d = -1; d < 2; d++) {
				int x = d < 0 ? box->x - 1 : box->x + box->w + d;

				if (x >= 0 && x < p->w)
					wrong += beside(lay, p, b, x, y, d < 0,
					                verbose && wrong == 0 ? what : NULL);
			}
	}
	return wrong;
}

/* The left side of column layer, -1 when there is none. */
static int column_at(const struct layout *lay, int layer)
{
	int b;

	for (b = 0; b < lay->n_boxes; b++)
		if (lay->boxes[b].layer == layer)
			return lay->boxes[b].x;
	return -1;
}

/*
 * The first cell that is not blank from x, y going by dx along the row, up to (not
 * including) stop; -1 when there is none.
 */
static int first_drawn(const struct layout *lay, const struct picture *p, int x, int y,
                       int dx, int stop)
{
	int b;

	for (; x != stop && x >= 0 && x < p->w; x += dx) {
		if (p->arms[y][x] || p->head[y][x])
			return x;
		for (b = 0; b < lay->n_boxes; b++)
			if (x >= lay->boxes[b].x && x < lay->boxes[b].x + lay->boxes[b].w &&
			    y >= lay->boxes[b].y && y < lay->boxes[b].y + lay->boxes[b].h)
				return -1;
	}
	return -1;
}

/* Whether box b's arrows leave it on row y: its middle row, or where one of its edges starts. */
static int leaves_on(const struct layout *lay, int b, int y)
{
	int i;

	if (y == lay->boxes[b].y + (lay->boxes[b].h - 1) / 2)
		return 1;
	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].from == b && !lay->edges[i].lateral &&
		    lay->edges[i].n_points > 0 && lay->edges[i].points[0].y == y)
			return 1;
	return 0;
}

/*
 * The lines that start level with a box they do not belong to, in the gap right of it:
 * going right from the box along a row its arrows leave it on, past blank cells, the
 * first line met starts there (no arm to the left: "│ Kafka │  └──" reads as Kafka's
 * arrow however far from it). Returns how many such cells.
 */
static int check_level(const struct layout *lay, const struct picture *p, const char *what,
                       int verbose)
{
	int b, y, x, wrong = 0, next;

	for (b = 0; b < lay->n_boxes; b++) {
		const struct layout_box *box = &lay->boxes[b];

		for (y = box->y; y < box->y + box->h; y++) {
			if (!leaves_on(lay, b, y))
				continue;
			next = column_at(lay, box->layer + 1);
			x = first_drawn(lay, p, box->x + box->w, y, 1, next < 0 ? p->w : next);
			if (x >= 0 && !(p->arms[y][x] & ARM_LEFT) && (p->arms[y][x] & ARM_RIGHT))
				wrong += beside(lay, p, b, x, y, 0, verbose ? what : NULL);
		}
	}
	return wrong;
}

/*
 * Whether the lines say only what the edges do: where they meet (check_junctions()), and
 * followed as drawn from where each box's arrows leave it (its one row, or with ports
 * each of its ports), they reach exactly the boxes the edges that leave there go to.
 * Returns the number of false things found, each printed, with the picture.
 */
static int check_honest(const struct layout *lay, const char *what, int verbose)
{
	static struct picture pic;
	int s, t, i, j, wrong;

	picture_draw(lay, &pic);
	wrong = check_junctions(lay, &pic, what, verbose);
	wrong += check_back(lay, &pic, what, verbose);
	for (i = 0; i < lay->n_edges; i++) {
		unsigned char want[LAYOUT_MAX_BOXES] = { 0 }, got[LAYOUT_MAX_BOXES];
		int first = 1, via[LAYOUT_MAX_BOXES];

		if (lay->edges[i].lateral || lay->edges[i].n_points == 0)
			continue;
		for (j = 0; j < lay->n_edges; j++)
			if (!lay->edges[j].lateral && same_end(lay, i, j, 0)) {
				first &= j >= i;
				want[lay->edges[j].to] = 1;
			}
		if (!first)
			continue;       /* read from an earlier edge that starts there */
		s = lay->edges[i].from;
		picture_follow(&pic, lay->edges[i].points[0], got, via);
		for (t = 0; t < lay->n_boxes; t++) {
			if (want[t] == got[t])
				continue;
			if (verbose)
				print_message("%s at %dx%d: from %s the lines %s %s (%d,%d)\n",
				              what, lay->w, lay->h, lay->boxes[s].label,
				              want[t] ? "miss" : "reach", lay->boxes[t].label,
				              want[t] ? -1 : via[t] % PIC_W,
				              want[t] ? -1 : via[t] / PIC_W);
			wrong++;
		}
	}
	if (wrong && verbose)
		picture_print(lay, &pic);
	return wrong;
}

static void test_layout_single_vps(void **state)
{
	struct sim_config cfg;
	struct layout lay;
	int app, db;

	empty(&cfg);
	app = add_node(&cfg, "vps", SIM_NODE_APP);
	db = add_node(&cfg, "mysql", SIM_NODE_DB);
	cfg.nodes[app].db = db;
	cfg.entry = app;

	assert_int_equal(layout_compute(&cfg, 80, 10, &lay), 0);
	assert_int_equal(lay.n_rows, 1);
	assert_int_equal(lay.n_boxes, 3);
	assert_int_equal(lay.n_layers, 3);
	assert_int_equal(lay.boxes[0].node, LAYOUT_CLIENTS);
	assert_string_equal(lay.boxes[0].label, "clients");
	assert_int_equal(layout_box_of(&lay, app)->layer, 1);
	assert_int_equal(layout_box_of(&lay, db)->layer, 2);
	assert_string_equal(layout_box_of(&lay, db)->label, "mysql");
	assert_int_equal(lay.n_edges, 2);
	assert_true(has_edge(&lay, LAYOUT_CLIENTS, app));
	assert_true(has_edge(&lay, app, db));
	/* one row: each arrow is one straight run across its gap */
	assert_int_equal(lay.edges[0].n_points, 2);
	assert_int_equal(lay.edges[1].n_points, 2);
	check_geometry(&lay, 80, 10);
	check_routes(&lay);
}

static void test_layout_horizontal_columns(void **state)
{
	struct sim_config cfg;
	struct layout lay;
	int i;

	horizontal(&cfg);
	assert_int_equal(layout_compute(&cfg, 100, 12, &lay), 0);
	assert_int_equal(lay.n_layers, 5);
	assert_int_equal(layout_box_of(&lay, 2)->layer, 1);     /* lb */
	assert_string_equal(layout_box_of(&lay, 2)->label, "nginx");
	for (i = 3; i < 6; i++) {
		assert_int_equal(layout_box_of(&lay, i)->layer, 2);
		assert_int_equal(layout_box_of(&lay, i)->row, i - 3);
		assert_true(has_edge(&lay, 2, i));
		assert_true(has_edge(&lay, i, 0));
		assert_true(has_edge(&lay, i, 1));
	}
	assert_int_equal(layout_box_of(&lay, 1)->layer, 3);     /* redis */
	assert_int_equal(layout_box_of(&lay, 0)->layer, 4);     /* db */
	assert_int_equal(lay.n_edges, 1 + 3 + 3 + 3);
	assert_int_equal(layout_max_rows(&lay), 3);
	assert_int_equal(lay.n_rows, 3);

	/* columns left to right, the middle app level with nginx */
	assert_true(layout_box_of(&lay, 2)->x > lay.boxes[0].x);
	assert_true(layout_box_of(&lay, 3)->x > layout_box_of(&lay, 2)->x);
	assert_int_equal(layout_box_of(&lay, 4)->y, layout_box_of(&lay, 2)->y);
	check_geometry(&lay, 100, 12);
	check_routes(&lay);
}

/*
 * app -> db skips the redis column: it gets a row slot there of its own, so redis moves
 * off the db's row and no arrow runs through it.
 */
static void test_layout_long_edge_avoids_cache(void **state)
{
	struct sim_config cfg;
	struct layout lay;
	const struct layout_box *redis, *db;
	int mid;

	horizontal(&cfg);
	assert_int_equal(layout_compute(&cfg, 80, 9, &lay), 0);
	redis = layout_box_of(&lay, 1);
	db = layout_box_of(&lay, 0);
	mid = db->y + (db->h - 1) / 2;
	assert_true(mid < redis->y || mid >= redis->y + redis->h);
	/* three apps, and redis with the db's slot in the cache column: still three rows */
	assert_int_equal(lay.n_rows, 3);
	check_routes(&lay);
}

/* Sessions kept locally: no arrow to the store, which still gets its column. */
static void test_layout_local_sessions_no_store_edge(void **state)
{
	struct sim_config cfg;
	struct layout lay;

	horizontal(&cfg);
	cfg.nodes[3].sessions = SIM_SESSION_LOCAL;
	assert_int_equal(layout_compute(&cfg, 100, 12, &lay), 0);
	assert_false(has_edge(&lay, 3, 1));
	assert_true(has_edge(&lay, 4, 1));
	assert_int_equal(lay.n_edges, 1 + 3 + 3 + 2);
}

/* Two balancers cross-wired in file order: the barycentre sort uncrosses them. */
static void test_layout_barycentre_uncrosses(void **state)
{
	struct sim_config cfg;
	struct layout lay;
	int a, b, lb1, lb2;

	empty(&cfg);
	a = add_node(&cfg, "app_a", SIM_NODE_APP);
	b = add_node(&cfg, "app_b", SIM_NODE_APP);
	lb1 = add_node(&cfg, "lb1", SIM_NODE_LB);
	lb2 = add_node(&cfg, "lb2", SIM_NODE_LB);
	upstream(&cfg, lb1, b);
	upstream(&cfg, lb2, a);
	cfg.entry = lb1;
	cfg.n_workloads = 2;
	cfg.workloads[0].entry = -1;
	cfg.workloads[1].entry = lb2;

	assert_int_equal(layout_compute(&cfg, 80, 10, &lay), 0);
	assert_int_equal(layout_box_of(&lay, lb1)->row, 0);
	assert_int_equal(layout_box_of(&lay, lb2)->row, 1);
	assert_int_equal(layout_box_of(&lay, b)->row, 0);
	assert_int_equal(layout_box_of(&lay, a)->row, 1);
	assert_true(has_edge(&lay, LAYOUT_CLIENTS, lb2));
	check_geometry(&lay, 80, 10);
}

/* An lb in front of an lb: the second one moves a column right, and the apps after it. */
static void test_layout_lb_chain(void **state)
{
	struct sim_config cfg;
	struct layout lay;
	int front, back, app, db;

	empty(&cfg);
	front = add_node(&cfg, "edge", SIM_NODE_LB);
	back = add_node(&cfg, "nginx", SIM_NODE_LB);
	app = add_node(&cfg, "app", SIM_NODE_APP);
	db = add_node(&cfg, "db", SIM_NODE_DB);
	upstream(&cfg, front, back);
	upstream(&cfg, back, app);
	cfg.nodes[app].db = db;
	cfg.entry = front;

	assert_int_equal(layout_compute(&cfg, 120, 10, &lay), 0);
	assert_int_equal(lay.n_layers, 5);
	assert_int_equal(layout_box_of(&lay, front)->layer, 1);
	assert_int_equal(layout_box_of(&lay, back)->layer, 2);
	assert_int_equal(layout_box_of(&lay, app)->layer, 3);
	assert_int_equal(layout_box_of(&lay, db)->layer, 4);
	check_geometry(&lay, 120, 10);
	check_routes(&lay);
}

/* A loop of balancers must not hang the layout; it still fits the area. */
static void test_layout_cycle_terminates(void **state)
{
	struct sim_config cfg;
	struct layout lay;
	int l1, l2;

	empty(&cfg);
	l1 = add_node(&cfg, "l1", SIM_NODE_LB);
	l2 = add_node(&cfg, "l2", SIM_NODE_LB);
	upstream(&cfg, l1, l2);
	upstream(&cfg, l2, l1);
	cfg.entry = l1;
	assert_int_equal(layout_compute(&cfg, 80, 10, &lay), 0);
	assert_int_equal(lay.n_edges, 3);
	check_geometry(&lay, 80, 10);
	/* the edge that closes the loop points left: no route */
	assert_int_equal((lay.edges[1].n_points == 0) + (lay.edges[2].n_points == 0), 1);
	assert_true(lay.edges[0].n_points > 0);
}

/*
 * 2017: a gateway sends /post to the post service, which calls users and publishes to
 * Kafka; the feed service consumes the topic. The post service, which the gateway
 * reaches, stands left of Kafka; users, which only a service calls, and feed, which only
 * Kafka feeds, share the column right of it, left of the database.
 */
static void test_layout_services_and_broker(void **state)
{
	struct sim_config cfg;
	struct layout lay;
	int gw, post, users, feed, kafka, db, r;
	struct sim_route_cfg *rt;

	empty(&cfg);
	gw = add_node(&cfg, "gateway", SIM_NODE_GATEWAY);
	post = add_node(&cfg, "post", SIM_NODE_APP);
	users = add_node(&cfg, "users", SIM_NODE_APP);
	feed = add_node(&cfg, "feed", SIM_NODE_APP);
	kafka = add_node(&cfg, "kafka", SIM_NODE_BROKER);
	db = add_node(&cfg, "db", SIM_NODE_DB);
	cfg.entry = gw;
	cfg.nodes[gw].n_route_map = 1;
	cfg.nodes[gw].route_map[0].route = 0;
	cfg.nodes[gw].route_map[0].upstreams[0] = post;
	cfg.nodes[gw].route_map[0].n_upstreams = 1;
	cfg.nodes[users].db = db;

	cfg.n_routes = 3;
	rt = &cfg.routes[0];                    /* new_post, at the post service */
	rt->n_steps = 2;
	rt->steps[0].kind = SIM_STEP_CALL;
	rt->steps[0].node = users;
	rt->steps[0].route = 1;
	rt->steps[1].kind = SIM_STEP_PUBLISH;
	rt->steps[1].node = kafka;
	cfg.routes[1].n_steps = 1;              /* user, at the users service */
	cfg.routes[1].steps[0].kind = SIM_STEP_QUERY;
	cfg.routes[2].n_steps = 1;              /* fan_out, consumed by feed */
	cfg.routes[2].steps[0].kind = SIM_STEP_CPU;
	cfg.nodes[feed].n_consumes = 1;
	cfg.nodes[feed].consumes[0].broker = kafka;
	cfg.nodes[feed].consumes[0].route = 2;

	assert_int_equal(layout_compute(&cfg, 160, 20, &lay), 0);
	assert_true(has_edge(&lay, LAYOUT_CLIENTS, gw));
	assert_true(has_edge(&lay, gw, post));
	assert_true(has_edge(&lay, post, users));
	assert_true(has_edge(&lay, post, kafka));
	assert_true(has_edge(&lay, kafka, feed));
	assert_true(has_edge(&lay, users, db));
	/* users runs only the route asked of it: no publish of its own */
	assert_false(has_edge(&lay, users, kafka));
	assert_false(has_edge(&lay, feed, kafka));
	assert_int_equal(lay.n_edges, 6);
	r = layout_box_of(&lay, gw)->layer;
	assert_int_equal(r, 1);
	assert_int_equal(layout_box_of(&lay, post)->layer, 2);
	assert_int_equal(layout_box_of(&lay, kafka)->layer, 3);
	assert_int_equal(layout_box_of(&lay, users)->layer, 4);
	assert_int_equal(layout_box_of(&lay, feed)->layer, 4);
	assert_int_equal(layout_box_of(&lay, db)->layer, 5);
	check_geometry(&lay, 160, 20);
	check_routes(&lay);
}

/* A CDN in front of the site, a replica of the db, clients calling a service directly. */
static void test_layout_cdn_replica_direct(void **state)
{
	struct sim_config cfg;
	struct layout lay;
	int cdn, app, api, db, replica;

	empty(&cfg);
	cdn = add_node(&cfg, "cdn", SIM_NODE_CDN);
	app = add_node(&cfg, "web", SIM_NODE_APP);
	api = add_node(&cfg, "api", SIM_NODE_APP);
	db = add_node(&cfg, "db", SIM_NODE_DB);
	replica = add_node(&cfg, "db_eu", SIM_NODE_DB);
	cfg.nodes[cdn].origin = app;
	cfg.nodes[app].db = db;
	cfg.nodes[db].replicas[0] = replica;
	cfg.nodes[db].n_replicas = 1;
	cfg.entry = cdn;
	cfg.n_workloads = 1;
	cfg.workloads[0].entry = -1;
	cfg.workloads[0].n_targets = 1;
	cfg.workloads[0].targets[0].upstreams[0] = api;
	cfg.workloads[0].targets[0].n_upstreams = 1;

	assert_int_equal(layout_compute(&cfg, 120, 12, &lay), 0);
	assert_true(has_edge(&lay, LAYOUT_CLIENTS, cdn));
	assert_true(has_edge(&lay, LAYOUT_CLIENTS, api));
	assert_true(has_edge(&lay, cdn, app));
	assert_true(has_edge(&lay, app, db));
	assert_true(has_edge(&lay, db, replica));
	assert_int_equal(layout_box_of(&lay, cdn)->layer, 1);
	assert_int_equal(layout_box_of(&lay, replica)->layer,
	                 layout_box_of(&lay, db)->layer + 1);
	check_geometry(&lay, 120, 12);
	check_routes(&lay);
}

static void test_layout_geometry_many_sizes(void **state)
{
	static const int sizes[][2] = {
		{ 80, 8 }, { 80, 3 }, { 40, 9 }, { 100, 30 }, { 200, 60 }, { 1280, 720 },
		{ 640, 200 }, { 33, 17 },
	};
	struct sim_config cfg;
	struct layout lay;
	size_t i;

	horizontal(&cfg);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		int w = sizes[i][0], h = sizes[i][1];

		if (layout_compute(&cfg, w, h, &lay) != 0)
			fail_msg("refused at %dx%d", w, h);
		assert_int_equal(lay.w, w);
		check_geometry(&lay, w, h);
		check_routes(&lay);
	}
}

/*
 * In a gap of three cells or more, a line running down the gap keeps a cell from the
 * boxes on both sides: beside a frame it would read as part of the box.
 */
static void test_layout_turns_clear_of_boxes(void **state)
{
	struct sim_config cfg;
	struct layout lay;
	int w, i, k, b, checked = 0;

	horizontal(&cfg);
	for (w = 40; w <= 200; w++) {
		assert_int_equal(layout_compute(&cfg, w, 24, &lay), 0);
		if (lay.col_gap < 3)
			continue;
		for (i = 0; i < lay.n_edges; i++) {
			const struct layout_edge *e = &lay.edges[i];

			for (k = 0; k + 1 < e->n_points && !e->lateral; k++) {
				int x = e->points[k].x;

				if (x != e->points[k + 1].x)
					continue;
				for (b = 0; b < lay.n_boxes; b++) {
					if (x == lay.boxes[b].x + lay.boxes[b].w ||
					    x == lay.boxes[b].x - 1)
						print_error("at width %d a line runs beside %s\n",
						            w, lay.boxes[b].label);
					assert_int_not_equal(x, lay.boxes[b].x + lay.boxes[b].w);
					assert_int_not_equal(x, lay.boxes[b].x - 1);
				}
				checked++;
			}
		}
	}
	/* the fan-out from nginx and the fan-in to the db turn in gaps of three and more */
	assert_true(checked > 100);
}

static void test_layout_too_small(void **state)
{
	struct sim_config cfg;
	struct layout lay;

	horizontal(&cfg);
	assert_int_equal(layout_compute(&cfg, 8, 10, &lay), -1);
	/* boxes fit, but no cell is left for the lanes of the fan-out and the fan-in */
	assert_int_equal(layout_compute(&cfg, 15, 3, &lay), -1);
	assert_int_equal(layout_compute(&cfg, 80, 2, &lay), -1);
	assert_int_equal(layout_compute(&cfg, 0, 0, &lay), -1);
	/* the layers are still known, the rectangles empty */
	assert_int_equal(lay.n_layers, 5);
	assert_int_equal(lay.boxes[1].w, 0);
}

/* Eleven apps behind one lb at a pixel size: one tall column, all apart. */
static void test_layout_wide_column(void **state)
{
	struct sim_config cfg;
	struct layout lay;
	int lb, i;

	empty(&cfg);
	lb = add_node(&cfg, "lb", SIM_NODE_LB);
	for (i = 0; i < 11; i++)
		upstream(&cfg, lb, add_node(&cfg, "app", SIM_NODE_APP));
	cfg.entry = lb;
	assert_int_equal(layout_compute(&cfg, 1024, 768, &lay), 0);
	assert_int_equal(layout_max_rows(&lay), 11);
	check_geometry(&lay, 1024, 768);
	check_routes(&lay);
	assert_int_equal(layout_compute(&cfg, 60, 11, &lay), 0);
	check_geometry(&lay, 60, 11);
	check_routes(&lay);
	assert_int_equal(layout_compute(&cfg, 60, 10, &lay), -1);
}


/* Adds a route of steps to cfg; returns its index. */
static int add_route(struct sim_config *cfg, const char *name)
{
	struct sim_route_cfg *rt = &cfg->routes[cfg->n_routes];

	memset(rt, 0, sizeof *rt);
	snprintf(rt->name, sizeof rt->name, "%s", name);
	return cfg->n_routes++;
}

static struct sim_step_cfg *add_step(struct sim_config *cfg, int route, enum sim_step_kind k,
                                     int node)
{
	struct sim_route_cfg *rt = &cfg->routes[route];
	struct sim_step_cfg *st = &rt->steps[rt->n_steps++];

	memset(st, 0, sizeof *st);
	st->kind = k;
	st->node = node;
	st->route = -1;
	return st;
}

static void map_route(struct sim_config *cfg, int gw, int route, int app)
{
	struct sim_route_map *m = &cfg->nodes[gw].route_map[cfg->nodes[gw].n_route_map++];

	m->route = route;
	m->upstreams[0] = app;
	m->n_upstreams = 1;
}

static struct sim_workload_cfg *add_workload(struct sim_config *cfg, int entry)
{
	struct sim_workload_cfg *w = &cfg->workloads[cfg->n_workloads++];

	memset(w, 0, sizeof *w);
	w->entry = entry;
	w->region = -1;
	return w;
}

/*
 * Which routes reach each app: a gateway's table (whether or not traffic comes), a
 * workload's routes through an lb, a CDN to its origin, a consumer's topic, a call; an
 * app nothing reaches gets what no other app serves.
 */
static void test_layout_routes_served(void **state)
{
	struct sim_config cfg;
	int gw, lb, web1, web2, cdn, media, worker, recs, idle, kafka;
	int feed, post, pics, fanout, rec, spare;
	struct sim_workload_cfg *w;
	struct sim_step_cfg *st;

	empty(&cfg);
	gw = add_node(&cfg, "gw", SIM_NODE_GATEWAY);
	lb = add_node(&cfg, "lb", SIM_NODE_LB);
	web1 = add_node(&cfg, "web1", SIM_NODE_APP);
	web2 = add_node(&cfg, "web2", SIM_NODE_APP);
	cdn = add_node(&cfg, "cdn", SIM_NODE_CDN);
	media = add_node(&cfg, "media", SIM_NODE_APP);
	worker = add_node(&cfg, "worker", SIM_NODE_APP);
	recs = add_node(&cfg, "recs", SIM_NODE_APP);
	idle = add_node(&cfg, "idle", SIM_NODE_APP);
	kafka = add_node(&cfg, "kafka", SIM_NODE_BROKER);
	feed = add_route(&cfg, "feed");
	post = add_route(&cfg, "post");
	pics = add_route(&cfg, "pics");
	fanout = add_route(&cfg, "fanout");
	rec = add_route(&cfg, "recommend");
	spare = add_route(&cfg, "spare");
	upstream(&cfg, lb, web1);
	upstream(&cfg, lb, web2);
	map_route(&cfg, gw, post, lb);
	cfg.nodes[cdn].origin = media;
	cfg.nodes[worker].n_consumes = 1;
	cfg.nodes[worker].consumes[0].broker = kafka;
	cfg.nodes[worker].consumes[0].route = fanout;
	st = add_step(&cfg, feed, SIM_STEP_CALL, recs);
	st->route = rec;
	cfg.entry = gw;
	w = add_workload(&cfg, lb);
	w->routes[w->n_routes++] = feed;
	w = add_workload(&cfg, cdn);
	w->routes[w->n_routes++] = pics;

	assert_int_equal(layout_routes_served(&cfg, web1), 1u << feed | 1u << post);
	assert_int_equal(layout_routes_served(&cfg, web2), 1u << feed | 1u << post);
	assert_int_equal(layout_routes_served(&cfg, media), 1u << pics);
	assert_int_equal(layout_routes_served(&cfg, worker), 1u << fanout);
	assert_int_equal(layout_routes_served(&cfg, recs), 1u << rec);
	assert_int_equal(layout_routes_served(&cfg, idle), 1u << spare);
	assert_int_equal(layout_routes_served(&cfg, cdn), 1u << pics);
	assert_int_equal(layout_routes_served(&cfg, -1), 0);
	assert_int_equal(layout_routes_served(&cfg, cfg.n_nodes), 0);

	/* an era alone sends every route through its entry: a gateway with upstreams */
	cfg.n_workloads = 0;
	cfg.nodes[gw].upstreams[cfg.nodes[gw].n_upstreams++] = web1;
	assert_int_equal(layout_routes_served(&cfg, web1), (1u << cfg.n_routes) - 1);
	assert_int_equal(layout_routes_served(&cfg, web2), 1u << post);
	/* the routes all reach some app: none is left for those nothing reaches */
	assert_int_equal(layout_routes_served(&cfg, media), 0);
	assert_int_equal(layout_routes_served(&cfg, idle), 0);
}

/*
 * The object store behind a CDN serves only what the CDN is sent: the publish of another
 * service's route is not its arrow. A cache step reads the cache of the app's own region;
 * the clients reach every CDN.
 */
static void test_layout_edges_of_served_routes(void **state)
{
	struct sim_config cfg;
	struct layout lay;
	int gw, posts_us, posts_eu, store, cdn, redis_us, redis_eu, kafka, feed, pics;
	struct sim_step_cfg *st;

	empty(&cfg);
	cfg.n_regions = 2;
	gw = add_node(&cfg, "gw", SIM_NODE_GATEWAY);
	posts_us = add_node(&cfg, "posts_us", SIM_NODE_APP);
	posts_eu = add_node(&cfg, "posts_eu", SIM_NODE_APP);
	store = add_node(&cfg, "storage", SIM_NODE_APP);
	cdn = add_node(&cfg, "cdn", SIM_NODE_CDN);
	redis_us = add_node(&cfg, "redis_us", SIM_NODE_CACHE);
	redis_eu = add_node(&cfg, "redis_eu", SIM_NODE_CACHE);
	kafka = add_node(&cfg, "kafka", SIM_NODE_BROKER);
	cfg.nodes[posts_eu].region = 1;
	cfg.nodes[redis_eu].region = 1;
	cfg.nodes[store].region = -1;
	cfg.nodes[cdn].origin = store;
	feed = add_route(&cfg, "feed");
	pics = add_route(&cfg, "pics");
	add_step(&cfg, feed, SIM_STEP_CACHE, redis_us);
	add_step(&cfg, feed, SIM_STEP_CPU, -1);
	add_step(&cfg, feed, SIM_STEP_PUBLISH, kafka);
	st = add_step(&cfg, pics, SIM_STEP_CPU, -1);
	(void)st;
	map_route(&cfg, gw, feed, posts_us);
	map_route(&cfg, gw, feed, posts_eu);
	cfg.nodes[gw].route_map[1].route = feed;
	cfg.entry = gw;
	add_workload(&cfg, -1)->routes[0] = feed;
	cfg.workloads[0].n_routes = 1;
	add_workload(&cfg, cdn)->routes[0] = pics;
	cfg.workloads[1].n_routes = 1;

	assert_int_equal(layout_compute(&cfg, 160, 20, &lay), 0);
	assert_true(has_edge(&lay, LAYOUT_CLIENTS, gw));
	assert_true(has_edge(&lay, LAYOUT_CLIENTS, cdn));
	assert_true(has_edge(&lay, cdn, store));
	assert_true(has_edge(&lay, posts_us, redis_us));
	assert_true(has_edge(&lay, posts_eu, redis_eu));
	assert_false(has_edge(&lay, posts_eu, redis_us));
	assert_true(has_edge(&lay, posts_us, kafka));
	assert_false(has_edge(&lay, store, kafka));
	assert_false(has_edge(&lay, store, redis_us));
	check_geometry(&lay, 160, 20);
	check_routes(&lay);

	assert_false(layout_box_of(&lay, cdn)->unused);
	assert_false(layout_box_of(&lay, store)->unused);

	/*
	 * traffic without media: the CDN and its object store carry nothing, so they stand
	 * unused, with no line in or out
	 */
	cfg.n_workloads = 1;
	assert_int_equal(layout_compute(&cfg, 160, 20, &lay), 0);
	assert_false(has_edge(&lay, LAYOUT_CLIENTS, cdn));
	assert_false(has_edge(&lay, cdn, store));
	assert_true(layout_box_of(&lay, cdn)->unused);
	assert_true(layout_box_of(&lay, store)->unused);
	assert_false(layout_box_of(&lay, gw)->unused);
	assert_false(has_edge(&lay, store, kafka));
}

/*
 * Three dbs that list each other: one edge a pair, both ways, in one column (the last,
 * which keeps room on its right for the brackets) below the db that has no replica.
 */
static void test_layout_replicas_bracket(void **state)
{
	static const int sizes[][2] = { { 80, 9 }, { 100, 14 }, { 160, 21 }, { 1140, 456 } };
	struct sim_config cfg;
	struct layout lay;
	int app, logs_app, logs, db[3], i, k;
	size_t s;

	empty(&cfg);
	app = add_node(&cfg, "app", SIM_NODE_APP);
	logs_app = add_node(&cfg, "logger", SIM_NODE_APP);
	for (i = 0; i < 3; i++) {
		char name[8];

		snprintf(name, sizeof name, "db%d", i);
		db[i] = add_node(&cfg, name, SIM_NODE_DB);
	}
	logs = add_node(&cfg, "logs", SIM_NODE_DB);
	for (i = 0; i < 3; i++)
		for (k = 0; k < 3; k++)
			if (k != i)
				cfg.nodes[db[i]].replicas[cfg.nodes[db[i]].n_replicas++] = db[k];
	cfg.nodes[app].db = db[0];
	cfg.nodes[logs_app].db = logs;
	cfg.entry = app;

	for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		int w = sizes[s][0], h = sizes[s][1], brackets = 0;

		assert_int_equal(layout_compute(&cfg, w, h, &lay), 0);
		assert_int_equal(lay.n_layers, 3);
		for (i = 0; i < 3; i++) {
			assert_int_equal(layout_box_of(&lay, db[i])->layer, 2);
			assert_true(layout_box_of(&lay, db[i])->row > 0);
		}
		assert_int_equal(layout_box_of(&lay, logs)->layer, 2);
		assert_int_equal(layout_box_of(&lay, logs)->row, 0);
		for (i = 0; i < lay.n_edges; i++) {
			const struct layout_edge *e = &lay.edges[i];

			if (!e->both_ways)
				continue;
			assert_true(e->lateral);
			assert_true(lay.boxes[e->from].node < lay.boxes[e->to].node);
			assert_true(e->n_points >= 2);
			brackets++;
		}
		assert_int_equal(brackets, 3);
		assert_true(has_edge(&lay, db[0], db[1]));
		assert_false(has_edge(&lay, db[1], db[0]));
		check_geometry(&lay, w, h);
		check_routes(&lay);
	}

	/* one way only: the replica moves a column right, as before */
	for (i = 0; i < 3; i++)
		cfg.nodes[db[i]].n_replicas = i == 0 ? 1 : 0;
	assert_int_equal(layout_compute(&cfg, 100, 12, &lay), 0);
	assert_int_equal(layout_box_of(&lay, db[1])->layer, layout_box_of(&lay, db[0])->layer + 1);
	for (i = 0; i < lay.n_edges; i++)
		assert_false(lay.edges[i].lateral || lay.edges[i].both_ways);
	check_routes(&lay);
}

/*
 * The shipped 2026 platform, as the user reported it: only the arrows its era defines,
 * and none into or out of a box no request reaches (the CDN and its object store where
 * no workload asks for media, the eu region of the pain).
 */
static void test_layout_platform_2026(void **state)
{
	static const char *const files[] = {
		TEST_DATADIR "/eras/2026_platform.yaml",
		TEST_DATADIR "/scenarios/2026_platform.yaml",
		TEST_DATADIR "/scenarios/2017_cap.yaml",
	};
	size_t f;

	for (f = 0; f < sizeof files / sizeof files[0]; f++) {
		struct cfg_scenario sc;
		struct cfg_errors errs;
		struct layout lay;
		int v;

		cfg_errors_init(&errs);
		assert_int_equal(cfg_scenario_load(files[f], NULL, 0, &sc, &errs), CFG_OK);
		cfg_errors_fini(&errs);
		for (v = 0; v < sc.n_variants; v++) {
			const struct sim_config *cfg = &sc.variants[v].cfg;
			int storage = -1, cdn = -1, posts_eu = -1, redis_us = -1, redis_eu = -1, i;
			int media = 0;

			for (i = 0; i < cfg->n_workloads; i++) {
				int entry = cfg->workloads[i].entry;

				media |= entry >= 0 && strcmp(cfg->nodes[entry].name, "cdn") == 0;
			}
			for (i = 0; i < cfg->n_nodes; i++) {
				const char *n = cfg->nodes[i].name;

				storage = strcmp(n, "storage") == 0 ? i : storage;
				cdn = strcmp(n, "cdn") == 0 ? i : cdn;
				posts_eu = strcmp(n, "posts_eu") == 0 ? i : posts_eu;
				redis_us = strcmp(n, "redis_us") == 0 ? i : redis_us;
				redis_eu = strcmp(n, "redis_eu") == 0 ? i : redis_eu;
			}
			assert_true(storage >= 0 && cdn >= 0 && posts_eu >= 0 && redis_eu >= 0);
			assert_int_equal(layout_compute(cfg, 200, 40, &lay), 0);
			/* object storage serves media, which calls, caches and publishes nothing */
			for (i = 0; i < lay.n_edges; i++)
				assert_int_not_equal(lay.boxes[lay.edges[i].from].node, storage);
			/* the CDN carries media only where a workload asks for some */
			assert_int_equal(has_edge(&lay, LAYOUT_CLIENTS, cdn), media);
			assert_int_equal(has_edge(&lay, cdn, storage), media);
			assert_int_equal(layout_box_of(&lay, cdn)->unused, !media);
			assert_int_equal(layout_box_of(&lay, storage)->unused, !media);
			/*
			 * each region's posts reads its own Redis; in 2026's pain no request
			 * reaches the eu region (its global lb lists one gateway), whose boxes
			 * then draw no arrows at all
			 */
			if (f == 1 && strcmp(sc.variants[v].name, "pain") == 0) {
				for (i = 0; i < lay.n_edges; i++) {
					assert_int_not_equal(lay.boxes[lay.edges[i].from].node,
					                     posts_eu);
					assert_int_not_equal(lay.boxes[lay.edges[i].to].node,
					                     posts_eu);
				}
				assert_true(layout_box_of(&lay, posts_eu)->unused);
			} else {
				assert_true(has_edge(&lay, posts_eu, redis_eu));
			}
			assert_false(has_edge(&lay, posts_eu, redis_us));
			/*
			 * clients; CDN and global lb; the gateways; the services; the caches and
			 * Kafka; recs and the consumers; the three dbs: seven columns
			 */
			assert_int_equal(lay.n_layers, 7);
			check_geometry(&lay, 200, 40);
			check_routes(&lay);
			for (i = 0; i < 2; i++) {
				/* two rows a box: alone at 100 and 160 */
				static const int small[][2] = { { 100, 14 }, { 160, 21 } };
				int sw = small[i][0], sh = small[i][1];

				assert_int_equal(layout_compute(cfg, sw, sh, &lay), 0);
				check_geometry(&lay, sw, sh);
				check_routes(&lay);
			}
			/*
			 * One row a box leaves the services' lines no row to part on without
			 * joining lines of other services: refused, and drawn two rows a box
			 */
			if (f < 2 && v > 0)
				assert_int_equal(layout_compute(cfg, 80, 8, &lay), -1);
		}
		cfg_scenario_fini(&sc);
	}
}

/* Loads every YAML file of a shipped folder and calls check on each variant's config. */
static int each_shipped(const char *folder,
                        int (*check)(const struct sim_config *cfg, const char *what))
{
	char path[1024];
	struct dirent *d;
	DIR *dir = opendir(folder);
	int files = 0, wrong = 0;

	assert_non_null(dir);
	while ((d = readdir(dir)) != NULL) {
		static struct cfg_scenario sc;
		struct cfg_errors errs;
		size_t n = strlen(d->d_name);
		int v;

		if (n < 5 || strcmp(d->d_name + n - 5, ".yaml") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", folder, d->d_name);
		cfg_errors_init(&errs);
		assert_int_equal(cfg_scenario_load(path, NULL, 0, &sc, &errs), CFG_OK);
		cfg_errors_fini(&errs);
		for (v = 0; v < sc.n_variants; v++) {
			char what[1200];

			snprintf(what, sizeof what, "%s (%s)", d->d_name, sc.variants[v].name);
			wrong += check(&sc.variants[v].cfg, what);
		}
		cfg_scenario_fini(&sc);
		files++;
	}
	closedir(dir);
	assert_true(files > 0);
	return wrong;
}

/* Whether every edge has a route: a cycle in the config leaves one without. */
static int routed(const struct layout *lay)
{
	int i;

	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].n_points == 0)
			return 0;
	return 1;
}

/*
 * 2017's saga: the payment service writes its outbox to Kafka and also consumes from it
 * (a rejected post comes back as a refund). The two make one two-way edge, so payments
 * stays in the services' column, left of Kafka and its database, and every edge, its
 * database's too, is drawn.
 */
static void test_layout_publisher_that_consumes(void **state)
{
	struct sim_config cfg;
	struct layout lay;
	int gw, pay, post, kafka, pay_db, post_db, charge, refund, create;

	(void)state;
	empty(&cfg);
	gw = add_node(&cfg, "gateway", SIM_NODE_GATEWAY);
	pay = add_node(&cfg, "payments", SIM_NODE_APP);
	post = add_node(&cfg, "posts", SIM_NODE_APP);
	kafka = add_node(&cfg, "kafka", SIM_NODE_BROKER);
	pay_db = add_node(&cfg, "payments_db", SIM_NODE_DB);
	post_db = add_node(&cfg, "posts_db", SIM_NODE_DB);
	cfg.entry = gw;
	cfg.nodes[pay].db = pay_db;
	cfg.nodes[post].db = post_db;
	charge = add_route(&cfg, "pay");
	add_step(&cfg, charge, SIM_STEP_OUTBOX, kafka);
	create = add_route(&cfg, "create_post");
	add_step(&cfg, create, SIM_STEP_QUERY, -1);
	refund = add_route(&cfg, "refund");
	add_step(&cfg, refund, SIM_STEP_QUERY, -1);
	map_route(&cfg, gw, charge, pay);
	cfg.nodes[post].n_consumes = 1;
	cfg.nodes[post].consumes[0].broker = kafka;
	cfg.nodes[post].consumes[0].route = create;
	cfg.nodes[pay].n_consumes = 1;
	cfg.nodes[pay].consumes[0].broker = kafka;
	cfg.nodes[pay].consumes[0].route = refund;

	assert_int_equal(layout_compute(&cfg, 160, 20, &lay), 0);
	assert_true(has_edge(&lay, pay, kafka));
	assert_false(has_edge(&lay, kafka, pay));
	assert_true(has_edge(&lay, kafka, post));
	assert_int_equal(layout_box_of(&lay, pay)->layer, 2);
	assert_true(layout_box_of(&lay, kafka)->layer > 2);
	assert_true(layout_box_of(&lay, pay_db)->layer > 2);
	assert_true(routed(&lay));
	check_geometry(&lay, 160, 20);
	check_routes(&lay);
}

/*
 * Whether the layout's own reading of its networks (layout_tangled()) agrees with the
 * picture's: a drawing whose lines join a source to a box it does not call is tangled, and
 * one that is tangled has such a network, a hook or crossings past its share. Returns 1
 * when they disagree, printed.
 */
static int tangle_agrees(const struct layout *lay, const char *what, int verbose)
{
	static struct picture pic;
	int joined;

	picture_draw(lay, &pic);
	joined = check_networks(lay, &pic, what, verbose && !lay->joined);
	if ((joined > 0) == (lay->joined != 0))
		return 0;
	if (verbose)
		print_message("%s at %dx%d: the picture reads %d false pairs, the layout %s\n",
		              what, lay->w, lay->h, joined, lay->joined ? "joined" : "not joined");
	return 1;
}

/*
 * Whether the layout's own reading of lines beside boxes (lay->touching, which makes it
 * tangled) agrees with the picture's (check_clear()): a drawing the terminal shows keeps
 * every line clear of the boxes it does not belong to. Returns 1 when they disagree.
 */
static int clear_agrees(const struct layout *lay, const char *what, int verbose)
{
	static struct picture pic;
	int beside;

	picture_draw(lay, &pic);
	beside = check_clear(lay, &pic, what, verbose && !lay->touching);
	beside += check_level(lay, &pic, what, verbose && !lay->touching && beside == 0);
	if ((beside > 0) == (lay->touching != 0))
		return 0;
	if (verbose)
		print_message("%s at %dx%d: the picture has %d cells beside boxes, the layout "
		              "%s\n", what, lay->w, lay->h, beside,
		              lay->touching ? "says some" : "none");
	return 1;
}

/*
 * One config at every width from 80 to 200 alone, and from 38 to 99, the halves of those
 * side by side, at every height from one row a box (the compact drawing) to three, then
 * up to six (the view's 160x50 among them): the lines out of each box lead to its targets
 * and nowhere else, read forwards and back, and a drawing whose
 * networks of lines join boxes that do not call each other is one the layout calls
 * tangled, which the terminal lists instead. A size the layout refuses draws no lines.
 * Returns the number of sizes with something false; the first of them is printed.
 */
static int sweep_mode;                  /* how honest_at_sizes() lays out: layout_compute_as() */

static int honest_at_sizes(const struct sim_config *cfg, const char *what)
{
	static struct layout lay;
	int w, h, wrong = 0, drawn = 0;

	for (w = 38; w <= 200; w++) {
		int rows;

		layout_compute_as(cfg, w, 24, sweep_mode, &lay);
		rows = lay.n_rows > 0 ? lay.n_rows : 1;
		for (h = rows; h <= rows * 6; h += h < rows * 3 ? 1 : rows / 2 + 1) {
			if (layout_compute_as(cfg, w, h, sweep_mode, &lay) != 0)
				continue;
			if (routed(&lay))
				check_routes(&lay);
			wrong += (check_honest(&lay, what, wrong == 0) > 0) |
			         tangle_agrees(&lay, what, wrong == 0) |
			         clear_agrees(&lay, what, wrong == 0);
			drawn++;
		}
	}
	assert_true(drawn > 0);
	if (wrong)
		print_message("%s: %d of %d sizes say something false\n", what, wrong, drawn);
	return wrong;
}

/* The kinds of box, in the order the columns give them, left to right. */
enum rank {
	R_CLIENTS, R_EDGE, R_BALANCER, R_SERVICE, R_STORE, R_BACK, R_DB,
};

static enum sim_node_kind kind_of(const struct sim_config *cfg, const struct layout *lay, int b)
{
	return lay->boxes[b].node >= 0 ? cfg->nodes[lay->boxes[b].node].kind : SIM_NODE__COUNT;
}

#define KIND(k) (1u << (k))

/*
 * Whether the one-way edges at box b's end (into it, or out of it with out set) all have,
 * at their other end, a box of a kind in mask, and there is at least one.
 */
static int ends_only(const struct sim_config *cfg, const struct layout *lay, int b, int out,
                     unsigned mask)
{
	int i, n = 0;

	for (i = 0; i < lay->n_edges; i++) {
		const struct layout_edge *e = &lay->edges[i];
		int other = out ? e->to : e->from;

		if (e->both_ways || (out ? e->from : e->to) != b)
			continue;
		if (!(mask & KIND(kind_of(cfg, lay, other))))
			return 0;
		n++;
	}
	return n > 0;
}

/*
 * The rank of every box of lay, as the requirement orders the columns; an app right of
 * the caches and brokers ranks as a back service, one left of them as a service.
 */
static void ranks(const struct sim_config *cfg, const struct layout *lay, int *rank)
{
	int b, i, stores = -1;

	for (b = 0; b < lay->n_boxes; b++) {
		enum sim_node_kind k = kind_of(cfg, lay, b);

		if ((k == SIM_NODE_CACHE || k == SIM_NODE_BROKER) &&
		    (stores < 0 || lay->boxes[b].layer < stores))
			stores = lay->boxes[b].layer;
	}
	for (b = 0; b < lay->n_boxes; b++) {
		enum sim_node_kind k = kind_of(cfg, lay, b);
		int back = stores >= 0 && lay->boxes[b].layer > stores;

		rank[b] = b == 0 ? R_CLIENTS : k == SIM_NODE_CDN ? R_EDGE :
		          k == SIM_NODE_LB || k == SIM_NODE_GATEWAY ? R_BALANCER :
		          k == SIM_NODE_CACHE || k == SIM_NODE_BROKER ? R_STORE :
		          k == SIM_NODE_DB ? R_DB : back ? R_BACK : R_SERVICE;
		for (i = 0; rank[b] == R_BALANCER && i < lay->n_edges; i++) {
			enum sim_node_kind t = kind_of(cfg, lay, lay->edges[i].to);

			if (lay->edges[i].from == b &&
			    (t == SIM_NODE_LB || t == SIM_NODE_GATEWAY || t == SIM_NODE_CDN))
				rank[b] = R_EDGE;
		}
	}
}

/*
 * Whether the apps stand where layout.c's rule puts them: one right of the caches and
 * brokers is reached by apps and brokers only; one left of them that only brokers reach
 * and that only calls databases is a consumer, and should stand right of its broker.
 */
static int apps_placed(const struct sim_config *cfg, const struct layout *lay, const int *rank,
                       const char *what)
{
	int b, wrong = 0;

	for (b = 1; b < lay->n_boxes; b++) {
		int bad = rank[b] == R_BACK &&
		          !ends_only(cfg, lay, b, 0, KIND(SIM_NODE_APP) | KIND(SIM_NODE_BROKER));

		bad |= rank[b] == R_SERVICE && ends_only(cfg, lay, b, 0, KIND(SIM_NODE_BROKER)) &&
		       ends_only(cfg, lay, b, 1, KIND(SIM_NODE_DB));
		if (bad)
			print_message("%s: %s stands %s of the caches and brokers\n", what,
			              lay->boxes[b].label, rank[b] == R_BACK ? "right" : "left");
		wrong += bad;
	}
	return wrong;
}

/* Whether an edge between two boxes of rank r leads into box b. */
static int pushed_within(const struct layout *lay, const int *rank, int b)
{
	int i;

	for (i = 0; i < lay->n_edges; i++)
		if (lay->edges[i].to == b && !lay->edges[i].both_ways &&
		    rank[lay->edges[i].from] == rank[b])
			return 1;
	return 0;
}

/*
 * The columns follow the kinds: a box of an earlier rank stands left of every box of a
 * later one; boxes of one rank that no box of that rank points at share its first column
 * (the two regions' gateways; the caches and Kafka); every arrow points right. Returns
 * the number of pairs out of order, each printed.
 */
static int columns_by_kind(const struct sim_config *cfg, const char *what)
{
	static struct layout lay;
	int rank[LAYOUT_MAX_BOXES], first[R_DB + 1], a, b, wrong = 0;

	layout_compute(cfg, 160, 40, &lay);
	ranks(cfg, &lay, rank);
	wrong += apps_placed(cfg, &lay, rank, what);
	for (a = 0; a <= R_DB; a++)
		first[a] = -1;
	for (a = 0; a < lay.n_boxes; a++)
		if (first[rank[a]] < 0 || lay.boxes[a].layer < first[rank[a]])
			first[rank[a]] = lay.boxes[a].layer;
	for (a = 0; a < lay.n_boxes; a++) {
		for (b = 0; b < lay.n_boxes; b++)
			if (rank[a] < rank[b] && lay.boxes[a].layer >= lay.boxes[b].layer) {
				print_message("%s: %s (rank %d) in column %d, %s (rank %d) in "
				              "%d\n", what, lay.boxes[a].label, rank[a],
				              lay.boxes[a].layer, lay.boxes[b].label, rank[b],
				              lay.boxes[b].layer);
				wrong++;
			}
		if (!pushed_within(&lay, rank, a) && lay.boxes[a].layer != first[rank[a]]) {
			print_message("%s: %s in column %d, not %d\n", what, lay.boxes[a].label,
			              lay.boxes[a].layer, first[rank[a]]);
			wrong++;
		}
	}
	for (a = 0; a < lay.n_edges; a++)
		if (!lay.edges[a].lateral &&
		    lay.boxes[lay.edges[a].to].layer <= lay.boxes[lay.edges[a].from].layer) {
			print_message("%s: the arrow %s -> %s does not point right\n", what,
			              lay.boxes[lay.edges[a].from].label,
			              lay.boxes[lay.edges[a].to].label);
			wrong++;
		}
	return wrong;
}

/* The box of the node called name in lay. */
static const struct layout_box *named(const struct sim_config *cfg, const struct layout *lay,
                                      const char *name)
{
	int i;

	for (i = 0; i < cfg->n_nodes; i++)
		if (strcmp(cfg->nodes[i].name, name) == 0)
			return layout_box_of(lay, i);
	fail_msg("no node %s", name);
	return NULL;
}

/*
 * Every shipped era and scenario variant lays its columns out by kind; in the 2026
 * platform's pain, whose global lb leaves the eu gateway unused, that gateway still
 * stands with the us one, the Redis of each region with Kafka right of every service,
 * recs (which posts calls) with the consumers right of Kafka, and the databases last; in
 * the saga, posts (which payments calls, or Kafka feeds) stands right of Kafka both times.
 */
static void test_layout_columns_by_kind(void **state)
{
	static struct cfg_scenario sc;
	struct cfg_errors errs;
	struct layout lay;
	const struct sim_config *cfg;
	int wrong = each_shipped(TEST_DATADIR "/eras", columns_by_kind), v;

	(void)state;
	wrong += each_shipped(TEST_DATADIR "/scenarios", columns_by_kind);
	assert_int_equal(wrong, 0);

	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(TEST_DATADIR "/scenarios/2026_platform.yaml", NULL, 0,
	                                   &sc, &errs), CFG_OK);
	cfg_errors_fini(&errs);
	cfg = &sc.variants[0].cfg;
	assert_string_equal(sc.variants[0].name, "pain");
	assert_int_equal(layout_compute(cfg, 160, 40, &lay), 0);
	assert_int_equal(lay.n_layers, 7);
	assert_int_equal(named(cfg, &lay, "gw_eu")->layer, 2);
	assert_int_equal(named(cfg, &lay, "gw_us")->layer, 2);
	assert_int_equal(named(cfg, &lay, "cdn")->layer, 1);
	assert_int_equal(named(cfg, &lay, "global")->layer, 1);
	assert_int_equal(named(cfg, &lay, "posts_us")->layer, 3);
	assert_int_equal(named(cfg, &lay, "storage")->layer, 3);
	assert_int_equal(named(cfg, &lay, "redis_eu")->layer, 4);
	assert_int_equal(named(cfg, &lay, "kafka")->layer, 4);
	assert_int_equal(named(cfg, &lay, "recs")->layer, 5);
	assert_int_equal(named(cfg, &lay, "notify_worker")->layer, 5);
	assert_int_equal(named(cfg, &lay, "db_asia")->layer, 6);
	cfg_scenario_fini(&sc);

	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(TEST_DATADIR "/scenarios/2017_saga.yaml", NULL, 0,
	                                   &sc, &errs), CFG_OK);
	cfg_errors_fini(&errs);
	for (v = 0; v < sc.n_variants; v++) {
		cfg = &sc.variants[v].cfg;
		assert_int_equal(layout_compute(cfg, 160, 40, &lay), 0);
		assert_int_equal(named(cfg, &lay, "payment_svc")->layer, 2);
		assert_int_equal(named(cfg, &lay, "kafka")->layer, 3);
		assert_int_equal(named(cfg, &lay, "post_svc")->layer, 4);
		assert_int_equal(named(cfg, &lay, "recs")->layer, 4);
		assert_int_equal(named(cfg, &lay, "posts_db")->layer, 5);
	}
	cfg_scenario_fini(&sc);
}

/*
 * What the tester of the 2026 platform saw at 160x50 (a diagram of 20 rows): followed any
 * way through the junctions, the lines of the services join boxes that do not call each
 * other (auth (us), which calls only its database, joined to Kafka's or Redis's line), so
 * the layout calls it tangled and the terminal lists the calls. The window draws it.
 */
static void test_layout_platform_tangled(void **state)
{
	static struct cfg_scenario sc;
	static struct picture pic;
	static struct layout lay;
	struct cfg_errors errs;
	int v, pairs;

	(void)state;
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(TEST_DATADIR "/scenarios/2026_platform.yaml", NULL, 0,
	                                   &sc, &errs), CFG_OK);
	cfg_errors_fini(&errs);
	for (v = 0; v < sc.n_variants; v++) {
		assert_int_equal(layout_compute(&sc.variants[v].cfg, 160, 20, &lay), 0);
		picture_draw(&lay, &pic);
		assert_int_equal(check_honest(&lay, "2026", 1), 0);
		pairs = check_networks(&lay, &pic, "2026", v == 1);
		print_message("%s at 160x20: %d pairs joined that do not call each other\n",
		              sc.variants[v].name, pairs);
		assert_true(pairs > 0);
		assert_true(lay.joined);
		assert_true(layout_tangled(&lay));
		assert_int_equal(layout_compute(&sc.variants[v].cfg, 1600, 600, &lay), 0);
	}
	cfg_scenario_fini(&sc);
}

/* Whether any arrow leads into or out of the box of the node called name. */
static int has_arrows(const struct sim_config *cfg, const struct layout *lay, const char *name)
{
	const struct layout_box *b = named(cfg, lay, name);
	int i;

	for (i = 0; i < lay->n_edges; i++)
		if (&lay->boxes[lay->edges[i].from] == b || &lay->boxes[lay->edges[i].to] == b)
			return 1;
	return 0;
}

/*
 * A node the clients do not use draws no arrows: 2014's gateway when every client calls
 * each service by its address (the pain has no front door, so its list must not start
 * with "clients -> API gw"), and 2009's CDN when photos come from the app; with the
 * gateway (the fix) or the CDN in use, their arrows are back.
 */
static void test_layout_unused_idle(void **state)
{
	static struct cfg_scenario sc;
	struct cfg_errors errs;
	struct layout lay;
	const struct sim_config *cfg;

	(void)state;
	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(TEST_DATADIR "/scenarios/2014_gateway.yaml", NULL, 0,
	                                   &sc, &errs), CFG_OK);
	cfg = &sc.variants[0].cfg;
	assert_string_equal(sc.variants[0].name, "pain");
	assert_int_equal(layout_compute(cfg, 160, 40, &lay), 0);
	assert_false(has_arrows(cfg, &lay, "gateway"));
	assert_true(has_edge(&lay, LAYOUT_CLIENTS, named(cfg, &lay, "feed_svc")->node));
	cfg = &sc.variants[1].cfg;
	assert_int_equal(layout_compute(cfg, 160, 40, &lay), 0);
	assert_true(has_edge(&lay, LAYOUT_CLIENTS, named(cfg, &lay, "gateway")->node));
	assert_false(has_edge(&lay, LAYOUT_CLIENTS, named(cfg, &lay, "feed_svc")->node));
	cfg_scenario_fini(&sc);

	assert_int_equal(cfg_scenario_load(TEST_DATADIR "/scenarios/2009_cdn.yaml", NULL, 0,
	                                   &sc, &errs), CFG_OK);
	cfg_errors_fini(&errs);
	cfg = &sc.variants[0].cfg;
	assert_int_equal(layout_compute(cfg, 160, 40, &lay), 0);
	assert_false(has_arrows(cfg, &lay, "cdn"));
	assert_true(has_edge(&lay, LAYOUT_CLIENTS, named(cfg, &lay, "app")->node));
	cfg = &sc.variants[1].cfg;
	assert_int_equal(layout_compute(cfg, 160, 40, &lay), 0);
	assert_true(has_edge(&lay, LAYOUT_CLIENTS, named(cfg, &lay, "cdn")->node));
	assert_true(has_edge(&lay, named(cfg, &lay, "cdn")->node, named(cfg, &lay, "app")->node));
	cfg_scenario_fini(&sc);
}

/* Loads a shipped file into sc; fails the test when it does not load. */
static void load_shipped(const char *path, struct cfg_scenario *sc)
{
	struct cfg_errors errs;

	cfg_errors_init(&errs);
	assert_int_equal(cfg_scenario_load(path, NULL, 0, sc, &errs), CFG_OK);
	cfg_errors_fini(&errs);
}

/*
 * The 2026 platform's twins with ports in the six rows the talk leaves its diagram at
 * 80x24 (76 columns), and in five: one row a box would leave posts and the databases no
 * row for their second port, so every box is as tall as its own ports, posts and the
 * databases two rows, every other box one, none overlapping, every line routed, and the
 * drawing reads (not tangled, each line leading only where its config says). Two rows a
 * box need eight, where the layout refused six.
 */
static void test_layout_boxes_as_tall_as_ports(void **state)
{
	static struct cfg_scenario sc;
	static struct layout lay;
	int v, h, b;

	(void)state;
	load_shipped(TEST_DATADIR "/scenarios/2026_platform.yaml", &sc);
	for (v = 0; v < sc.n_variants; v++)
		for (h = 5; h <= 6; h++) {
			const struct sim_config *cfg = &sc.variants[v].cfg;

			assert_int_equal(layout_compute_as(cfg, 76, h, LAYOUT_TWINS | LAYOUT_PORTS,
			                                   &lay), 0);
			check_geometry(&lay, 76, h);
			check_routes(&lay);
			for (b = 1; b < lay.n_boxes; b++) {
				const char *n = cfg->nodes[lay.boxes[b].node].name;
				int two = strcmp(n, "posts_us") == 0 || strcmp(n, "db_us") == 0;

				if (lay.boxes[b].h != (two ? 2 : 1))
					fail_msg("%s at 76x%d: %s is %d rows tall",
					         sc.variants[v].name, h, lay.boxes[b].label,
					         lay.boxes[b].h);
			}
			assert_int_equal(check_honest(&lay, "2026 at 76x6", 1), 0);
			if (h == 6)
				assert_false(layout_tangled(&lay));
		}
	cfg_scenario_fini(&sc);
}

/* The ends of lay's arrows at framed boxes; fails on one on a frame's row. */
static int ports_inside(const struct layout *lay, int w, int h)
{
	int e, end, framed = 0;

	for (e = 0; e < lay->n_edges; e++)
		for (end = 0; end < 2 && lay->edges[e].n_points > 0; end++) {
			const struct layout_edge *ed = &lay->edges[e];
			const struct layout_box *b = &lay->boxes[end ? ed->to : ed->from];
			int y = ed->points[end ? ed->n_points - 1 : 0].y;

			if (b->h < 3 || ed->lateral)
				continue;
			framed++;
			if (y <= b->y || y >= b->y + b->h - 1)
				fail_msg("%dx%d: an arrow %s %s on row %d of its %d", w, h,
				         end ? "enters" : "leaves", b->label, y - b->y, b->h);
		}
	return framed;
}

/*
 * Where the grid gives each box four rows or more (16 rows of diagram and up, where boxes
 * were three rows in slots of four), a framed box of the 2026 platform is tall enough for
 * its ports inside the frame: no arrow leaves it or enters it on its top or bottom row,
 * into a corner ("─66▶└u✓e✓a✓─┘"). Slots of three rows (15 rows, slide 39 at
 * 100x30) still put a box's second port on its frame.
 */
static void test_layout_ports_inside_frames(void **state)
{
	static struct cfg_scenario sc;
	static struct layout lay;
	int w, h, framed = 0;

	(void)state;
	load_shipped(TEST_DATADIR "/scenarios/2026_platform.yaml", &sc);
	for (w = 96; w <= 196; w += 50)
		for (h = 16; h <= 50; h++) {
			assert_int_equal(layout_compute_as(&sc.variants[1].cfg, w, h,
			                                   LAYOUT_TWINS | LAYOUT_PORTS, &lay), 0);
			framed += ports_inside(&lay, w, h);
		}
	assert_true(framed > 0);
	cfg_scenario_fini(&sc);
}

/*
 * The era of slide 31 (2017's distributed services) as the talk draws it at 80x24 (76x13)
 * and 100x30 (96x19), and the saga that runs on it side by side: Kafka, which no request
 * reaches there, stands on top of its column, with no line; no line starts level with it,
 * or with any box it does not belong to, on a row that box's arrows leave it on, where
 * payments' line to its database once started two cells right of Kafka's middle row and
 * read as Kafka's arrow.
 */
static void test_layout_no_line_starts_beside_a_box(void **state)
{
	static const int sizes[][2] = { { 76, 13 }, { 96, 19 }, { 37, 11 }, { 47, 13 } };
	static struct cfg_scenario sc;
	static struct picture pic;
	static struct layout lay;
	const struct layout_box *kafka;
	size_t i;
	int k;

	(void)state;
	load_shipped(TEST_DATADIR "/eras/2017_distributed.yaml", &sc);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		int w = sizes[i][0], h = sizes[i][1];

		assert_int_equal(layout_compute(&sc.variants[0].cfg, w, h, &lay), 0);
		picture_draw(&lay, &pic);
		if (check_level(&lay, &pic, "2017_distributed", 1) != 0)
			fail_msg("at %dx%d a line starts beside a box not its own", w, h);
		assert_int_equal(check_clear(&lay, &pic, "2017_distributed", 1), 0);
		assert_false(layout_tangled(&lay));
		kafka = named(&sc.variants[0].cfg, &lay, "kafka");
		assert_true(kafka->unused);
		assert_int_equal(kafka->row, 0);
		for (k = 0; k < lay.n_edges; k++)
			assert_true(&lay.boxes[lay.edges[k].from] != kafka &&
			            &lay.boxes[lay.edges[k].to] != kafka);
	}
	cfg_scenario_fini(&sc);
}

/*
 * Every shipped era and scenario variant draws no arrow its config does not define, as
 * the plain drawing and as the drawing of region twins with ports that the terminal
 * shows where the plain one is tangled.
 */
static void test_layout_shipped_lines_honest(void **state)
{
	int wrong, mode;

	(void)state;
	for (mode = 0; mode <= (LAYOUT_TWINS | LAYOUT_PORTS);
	     mode += LAYOUT_TWINS | LAYOUT_PORTS) {
		sweep_mode = mode;
		wrong = each_shipped(TEST_DATADIR "/eras", honest_at_sizes);
		wrong += each_shipped(TEST_DATADIR "/scenarios", honest_at_sizes);
		if (wrong)
			print_message("%d files wrong with mode %d\n", wrong, mode);
		assert_int_equal(wrong, 0);
	}
	sweep_mode = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_single_vps),
		cmocka_unit_test(test_layout_horizontal_columns),
		cmocka_unit_test(test_layout_long_edge_avoids_cache),
		cmocka_unit_test(test_layout_local_sessions_no_store_edge),
		cmocka_unit_test(test_layout_barycentre_uncrosses),
		cmocka_unit_test(test_layout_lb_chain),
		cmocka_unit_test(test_layout_cycle_terminates),
		cmocka_unit_test(test_layout_services_and_broker),
		cmocka_unit_test(test_layout_publisher_that_consumes),
		cmocka_unit_test(test_layout_cdn_replica_direct),
		cmocka_unit_test(test_layout_geometry_many_sizes),
		cmocka_unit_test(test_layout_turns_clear_of_boxes),
		cmocka_unit_test(test_layout_too_small),
		cmocka_unit_test(test_layout_wide_column),
		cmocka_unit_test(test_layout_routes_served),
		cmocka_unit_test(test_layout_edges_of_served_routes),
		cmocka_unit_test(test_layout_replicas_bracket),
		cmocka_unit_test(test_layout_platform_2026),
		cmocka_unit_test(test_layout_shipped_lines_honest),
		cmocka_unit_test(test_layout_columns_by_kind),
		cmocka_unit_test(test_layout_platform_tangled),
		cmocka_unit_test(test_layout_unused_idle),
		cmocka_unit_test(test_layout_boxes_as_tall_as_ports),
		cmocka_unit_test(test_layout_no_line_starts_beside_a_box),
		cmocka_unit_test(test_layout_ports_inside_frames),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
