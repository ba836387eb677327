/* SPDX-License-Identifier: MIT */
/*
 * net.c: where things are. Regions and the links between them give a hop its time: the
 * link's one-way latency plus the bytes sent over its bandwidth, so a 4 MB photo crossing
 * a thin link takes seconds while the same photo from an edge in the user's own region
 * takes milliseconds. A partition cuts two regions apart; a region loss takes every node
 * in it down. Replicated databases choose under a partition: AP replicas keep accepting
 * writes on both sides and count, when the partition heals, the keys written on both
 * (conflicts); CP replicas refuse writes on the side without a majority. Autoscaling adds
 * instances to an app when its CPU stays high, each after a boot delay.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* The node's region, or -1 for a node that is everywhere (a global balancer, a CDN). */
int
sim__node_region(const struct sim *sim, int node)
{
	return sim->cfg.nodes[node].region;
}

static const struct sim_link_cfg *
link_of(const struct sim *sim, int a, int b)
{
	int i;

	for (i = 0; i < sim->cfg.n_links; i++) {
		const struct sim_link_cfg *l = &sim->cfg.links[i];

		if ((l->a == a && l->b == b) || (l->a == b && l->b == a))
			return l;
	}
	return NULL;
}

sim_time
sim__hop(const struct sim *sim, int from, int to, uint64_t bytes)
{
	const struct sim_link_cfg *l;
	sim_time lat;
	double bw;

	if (sim->cfg.n_regions == 0)
		return 0;
	if (from < 0 || to < 0 || from == to || (l = link_of(sim, from, to)) == NULL) {
		lat = sim->cfg.region_latency;
		bw = sim->cfg.region_bandwidth;
	} else {
		lat = l->latency;
		bw = l->bandwidth;
	}
	return lat + (bw > 0.0 ? (sim_time)((double)bytes / bw * 1e6 + 0.5) : 0);
}

int
sim__reachable(const struct sim *sim, int a, int b)
{
	return a < 0 || b < 0 || !sim->partitioned[a][b];
}

/* ---- replicas ---------------------------------------------------------------------- */

static struct sim_node *
db_of(struct sim *sim, const struct sim_node *app)
{
	return app->cfg->db >= 0 ? &sim->nodes[app->cfg->db] : NULL;
}

/* Replicas of db (itself included) it can reach now. */
static int
reachable_replicas(const struct sim *sim, const struct sim_node *db, int *total)
{
	const struct sim_node_cfg *c = db->cfg;
	int me = sim__node_region(sim, db->index), k, n = 1;

	*total = 1 + c->n_replicas;
	for (k = 0; k < c->n_replicas; k++)
		n += sim__reachable(sim, me, sim__node_region(sim, c->replicas[k]));
	return n;
}

int
sim__cap_refuses(struct sim *sim, struct sim_node *app)
{
	struct sim_node *db = db_of(sim, app);
	int total, live;

	if (db == NULL || db->cfg->cap != SIM_CAP_CP)
		return 0;
	live = reachable_replicas(sim, db, &total);
	return live < total / 2 + 1;
}

void
sim__cap_write(struct sim *sim, struct sim_node *app, uint32_t key)
{
	struct sim_node *db = db_of(sim, app);
	int total;

	if (db == NULL || db->cfg->cap != SIM_CAP_AP || key >= sim->total_keys)
		return;
	if (reachable_replicas(sim, db, &total) == total)
		return;
	if (db->dirty == NULL && (db->dirty = calloc(sim->total_keys, 1)) == NULL) {
		sim->oom_err = 1;
		return;
	}
	db->n_dirty += !db->dirty[key];
	db->dirty[key] = 1;
}

/* The partition healed: keys written on more than one side are conflicts. */
static void
reconcile(struct sim *sim)
{
	uint64_t conflicts = 0;
	uint32_t k;
	int i, sides;
	char count[32];

	for (k = 0; k < sim->total_keys; k++) {
		for (sides = 0, i = 0; i < sim->cfg.n_nodes; i++)
			sides += sim->nodes[i].dirty != NULL && sim->nodes[i].dirty[k];
		conflicts += sides > 1;
	}
	for (i = 0; i < sim->cfg.n_nodes; i++) {
		if (sim->nodes[i].dirty != NULL)
			memset(sim->nodes[i].dirty, 0, sim->total_keys);
		sim->nodes[i].n_dirty = 0;
	}
	if (conflicts == 0)
		return;
	sim->m.conflicts += conflicts;
	sim__fmt_count(count, sizeof count, (double)conflicts);
	sim__log(sim, SIM_WARNING, -1, "replicas reconciled: %s keys were written on both sides "
	         "of the partition; the last writer wins", count);
}

static void
log_quorum(struct sim *sim)
{
	int i, total, live;

	for (i = 0; i < sim->cfg.n_nodes; i++) {
		struct sim_node *db = &sim->nodes[i];

		if (db->cfg->kind != SIM_NODE_DB || db->cfg->cap != SIM_CAP_CP)
			continue;
		live = reachable_replicas(sim, db, &total);
		if (live < total / 2 + 1)
			sim__log(sim, SIM_WARNING, i, "%s: sees %d of %d replicas, no majority: "
			         "refusing writes", db->cfg->name, live, total);
	}
}

void
sim__partition(struct sim *sim, int a, int b, int apart)
{
	sim->partitioned[a][b] = sim->partitioned[b][a] = (uint8_t)apart;
	if (apart) {
		sim__log(sim, SIM_ERROR, -1, "network partition: %s and %s cannot reach each other",
		         sim->cfg.regions[a], sim->cfg.regions[b]);
		log_quorum(sim);
		return;
	}
	sim__log(sim, SIM_INFO, -1, "partition healed: %s and %s see each other again",
	         sim->cfg.regions[a], sim->cfg.regions[b]);
	reconcile(sim);
}

void
sim__region_loss(struct sim *sim, int region, sim_time duration, int end)
{
	int i;

	if (!end)
		sim__log(sim, SIM_FATAL, -1, "region %s lost: every machine in it is down",
		         sim->cfg.regions[region]);
	else
		sim__log(sim, SIM_INFO, -1, "region %s is back", sim->cfg.regions[region]);
	for (i = 0; i < sim->cfg.n_nodes; i++) {
		struct sim_node *n = &sim->nodes[i];

		if (n->cfg->region != region)
			continue;
		if (n->cfg->kind == SIM_NODE_APP) {
			if (!end && n->up)
				sim__app_crash(sim, n, duration);
			continue;
		}
		n->up = end;
	}
}

/* ---- autoscaling --------------------------------------------------------------------- */

/* Waits this long at a lower load before giving machines back, so a dip is not a drop. */
#define SCALE_IN_AFTER (5 * 60 * SIM_SEC)

/*
 * The rule of Kubernetes' horizontal autoscaler: as many instances as it takes to bring
 * the CPU back to its target, ceil(instances x cpu / target), between min and max. New
 * ones boot for a while first; fewer are kept only after a calm spell.
 */
void
sim__autoscale(struct sim *sim, struct sim_node *n)
{
	const struct sim_node_cfg *c = n->cfg;
	int lo = c->autoscale_min > 0 ? c->autoscale_min : 1, want, k;

	if (c->autoscale_max <= 0 || !n->up || c->autoscale_cpu <= 0.0)
		return;
	want = (int)ceil((double)n->instances * n->cpu_avg / c->autoscale_cpu - 1e-9);
	want = want < lo ? lo : want > c->autoscale_max ? c->autoscale_max : want;
	if (want > n->instances + n->booting) {
		sim__log(sim, SIM_INFO, n->index, "%s: autoscaling out: %d -> %d instances "
		         "(CPU %.0f%%, target %.0f%%)", c->name, n->instances + n->booting, want,
		         n->cpu_avg * 100.0, c->autoscale_cpu * 100.0);
		for (k = n->instances + n->booting; k < want; k++)
			sim__schedule(sim, sim->now + c->autoscale_delay, EV_SCALE, n->index, 0,
			              n->incarnation);
		n->booting = want - n->instances;
		n->t_scaled = sim->now;
		return;
	}
	if (want < n->instances && n->booting == 0 && sim->now - n->t_scaled >= SCALE_IN_AFTER) {
		sim__log(sim, SIM_INFO, n->index, "%s: autoscaling in: %d -> %d instances",
		         c->name, n->instances, want);
		n->instances = want;
		n->t_scaled = sim->now;
	}
}

void
sim__scale_up(struct sim *sim, struct sim_node *n)
{
	if (n->booting > 0)
		n->booting--;
	n->instances++;
	if ((uint32_t)n->instances > sim->m.instances_peak)
		sim->m.instances_peak = (uint32_t)n->instances;
	sim__app_capacity(sim, n);
}
