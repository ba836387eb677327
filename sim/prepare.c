/* SPDX-License-Identifier: MIT */
/*
 * prepare.c: what a run derives from its config once, before the first event, and frees
 * at the end. Routes written the short way (cpu, queries) become steps, so the app knows
 * one way of walking a route; key spaces, consumer lists, story counters, per-route
 * statistics and each component's tables are set up here, sized from the config, so the
 * event loop itself never has to decide how big anything is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* cpu: and queries: become steps: one CPU burst, then one query step run queries times. */
static int
normalise_routes(struct sim_config *cfg, char *err, size_t len)
{
	int r;

	for (r = 0; r < cfg->n_routes; r++) {
		struct sim_route_cfg *rt = &cfg->routes[r];

		if (rt->n_steps > 0)
			continue;
		if (rt->queries > 255) {
			snprintf(err, len, "routes.%s: at most 255 queries", rt->name);
			return -1;
		}
		rt->steps[0].kind = SIM_STEP_CPU;
		rt->steps[0].cost = rt->cpu;
		rt->n_steps = 1;
		if (rt->queries > 0) {
			rt->steps[1].kind = SIM_STEP_QUERY;
			rt->steps[1].cost = rt->query;
			rt->steps[1].repeat = rt->queries;
			rt->n_steps = 2;
		}
	}
	return 0;
}

static int
add_space(struct sim *sim, const char *name, uint32_t keys, double skew)
{
	struct sim_space *sp;
	int i;

	for (i = 0; i < sim->n_spaces; i++)
		if (strcmp(sim->spaces[i].name, name) == 0) {
			if (keys > sim->spaces[i].keys)
				sim->spaces[i].keys = keys;
			return i;
		}
	if (sim->n_spaces == SIM_MAX_ROUTES)
		return 0;
	sp = &sim->spaces[sim->n_spaces];
	snprintf(sp->name, sizeof sp->name, "%s", name);
	sp->keys = keys ? keys : 1;
	(void)skew;                     /* the first step naming the space sets it, later */
	return sim->n_spaces++;
}

/* Route facts, story counters and key spaces. */
static void
scan_routes(struct sim *sim)
{
	struct sim_config *cfg = &sim->cfg;
	int r, k, c;

	for (r = 0; r < cfg->n_routes; r++) {
		const struct sim_route_cfg *rt = &cfg->routes[r];

		sim->route_counter[r] = -1;
		if (rt->counts[0] != '\0') {
			for (c = 0; c < sim->n_counters; c++)
				if (strcmp(sim->counter_names[c], rt->counts) == 0)
					break;
			if (c == sim->n_counters)
				snprintf(sim->counter_names[sim->n_counters++], SIM_NAME_MAX, "%s",
				         rt->counts);
			sim->route_counter[r] = c;
		}
		for (k = 0; k < rt->n_steps; k++) {
			const struct sim_step_cfg *st = &rt->steps[k];

			switch (st->kind) {
			case SIM_STEP_QUERY:
			case SIM_STEP_POST:
			case SIM_STEP_REFUND:
				sim->route_uses_db[r] = 1;
				break;
			case SIM_STEP_CHARGE:
				sim->route_uses_db[r] = 1;
				sim->route_orders[r] = 1;
				break;
			case SIM_STEP_WRITE:
				sim->route_uses_db[r] = 1;
				/* fall through */
			case SIM_STEP_CACHE:
				add_space(sim, st->space, (uint32_t)st->keys, st->zipf);
				break;
			default:
				break;
			}
		}
	}
}

static int
init_spaces(struct sim *sim)
{
	uint32_t base = 0;
	int i, k;

	for (i = 0; i < sim->cfg.n_nodes; i++)
		if (sim->cfg.nodes[i].kind == SIM_NODE_CDN) {
			char name[SIM_NAME_MAX];
			int objects = sim->cfg.nodes[i].objects;

			/* "@" keeps it apart from the spaces routes name; it may cut a long name */
			snprintf(name, sizeof name, "@%.*s", SIM_NAME_MAX - 2, sim->cfg.nodes[i].name);
			sim->nodes[i].space = add_space(sim, name,
			                                (uint32_t)(objects > 0 ? objects : 1000), 1.0);
		}
	for (i = 0; i < sim->n_spaces; i++) {
		struct sim_space *sp = &sim->spaces[i];
		double skew = 0.0;
		int r;

		/* The first step naming the space sets its skew. */
		for (r = 0; r < sim->cfg.n_routes && skew == 0.0; r++)
			for (k = 0; k < sim->cfg.routes[r].n_steps; k++)
				if (strcmp(sim->cfg.routes[r].steps[k].space, sp->name) == 0) {
					skew = sim->cfg.routes[r].steps[k].zipf;
					break;
				}
		if (sp->name[0] == '@')
			skew = 1.0;
		sp->cdf = NULL;
		sp->base = base;
		base += sp->keys;
		if (sim__space_init(sp, skew) != 0)
			return -1;
	}
	sim->total_keys = base;
	return 0;
}

/*
 * The routes that are one CPU burst at app c and nothing else: no session to check, no
 * refusal by order, no step after the burst. Their requests skip the walk through phases
 * and steps that would find nothing to do (app.c), and come out the same.
 */
static uint32_t
burst_routes(const struct sim *sim, const struct sim_node_cfg *c)
{
	uint32_t bits = 0;
	int r;

	for (r = 0; r < sim->cfg.n_routes; r++) {
		const struct sim_route_cfg *rt = &sim->cfg.routes[r];

		if (rt->n_steps == 1 && rt->steps[0].kind == SIM_STEP_CPU && rt->reject <= 0.0 &&
		    !sim->route_uses_db[r] && (!rt->needs_session || c->sessions == SIM_SESSION_NONE))
			bits |= 1u << r;
	}
	return bits;
}

/* Caches, per-user buckets, consumers: the tables each node needs. */
static int
init_nodes(struct sim *sim)
{
	int i, e;

	for (i = 0; i < sim->cfg.n_nodes; i++) {
		struct sim_node *n = &sim->nodes[i];
		const struct sim_node_cfg *c = n->cfg;
		int k;

		n->instances = c->instances > 0 ? c->instances : 1;
		if ((uint32_t)n->instances > sim->m.instances_peak)
			sim->m.instances_peak = (uint32_t)n->instances;
		for (k = 0; k < SIM_MAX_ROUTES; k++)
			n->route_slow[k] = 1.0f;
		if (c->kind == SIM_NODE_CACHE || (c->kind == SIM_NODE_APP && c->local_cache > 0)) {
			n->kv = sim__kv_create(sim->total_keys, c->kind == SIM_NODE_CACHE ?
			                       c->memory : c->local_cache);
			if (n->kv == NULL)
				return -1;
		}
		for (e = 0; c->kind == SIM_NODE_CDN && e < c->n_edges; e++)
			if ((n->edge_kv[e] = sim__kv_create(sim->total_keys, 0)) == NULL)
				return -1;
		if (c->kind == SIM_NODE_GATEWAY && c->limit_scope == SIM_LIMIT_USER &&
		    c->rate_limit > 0.0) {
			n->user_buckets = calloc(sim->session_users + 1, sizeof *n->user_buckets);
			if (n->user_buckets == NULL)
				return -1;
		}
		for (k = 0; k < c->n_consumes; k++) {
			struct sim_sub *s = &sim->subs[sim->n_subs++];

			s->broker = c->consumes[k].broker;
			s->topic = c->consumes[k].topic;
			s->node = i;
			if (c->consumes[k].commit_interval > 0)
				sim__schedule(sim, c->consumes[k].commit_interval, EV_COMMIT,
				              (unsigned)i, (uint32_t)k, 0);
		}
		if (c->kind == SIM_NODE_APP)
			n->burst_routes = burst_routes(sim, c);
		if (c->kind == SIM_NODE_APP && c->outbox_relay)
			sim__schedule(sim, c->relay_interval, EV_RELAY, (unsigned)i, 0, 0);
		if (c->latency > 0)
			sim->has_network = 1;
	}
	return 0;
}

/*
 * A span histogram, overall and per region, for each route with a latency objective;
 * the others have none, and their answers cost the watcher nothing.
 */
static int
init_objectives(struct sim *sim)
{
	int per_route = 1 + sim->cfg.n_regions, n = 0, r;

	for (r = 0; r < sim->cfg.n_routes; r++) {
		sim->objective_of[r] = -1;
		if (sim->cfg.routes[r].objective > 0) {
			sim->objective_of[r] = (int16_t)(n * per_route);
			n++;
		}
	}
	if (n == 0)
		return 0;
	sim->objectives = calloc((size_t)n * (size_t)per_route, sizeof *sim->objectives);
	return sim->objectives == NULL ? -1 : 0;
}

int
sim__prepare(struct sim *sim, char *err, size_t len)
{
	size_t stats;

	if (normalise_routes(&sim->cfg, err, len) != 0)
		return -1;
	scan_routes(sim);
	if (init_spaces(sim) != 0 || init_nodes(sim) != 0)
		goto oom;
	sim->has_network |= sim->cfg.n_regions > 0;
	stats = (size_t)sim->cfg.n_routes * (size_t)(1 + sim->cfg.n_regions);
	sim->route_stats = calloc(stats ? stats : 1, sizeof *sim->route_stats);
	if (sim->route_stats == NULL)
		goto oom;
	if (sim__metrics_init(sim) != 0 || init_objectives(sim) != 0)
		goto oom;
	return 0;
oom:
	snprintf(err, len, "out of memory");
	return -1;
}

void
sim__unprepare(struct sim *sim)
{
	int i, e;

	for (i = 0; i < SIM_MAX_NODES; i++) {
		struct sim_node *n = &sim->nodes[i];

		sim__kv_destroy(n->kv);
		for (e = 0; e < SIM_MAX_REGIONS; e++)
			sim__kv_destroy(n->edge_kv[e]);
		if (n->cfg != NULL) {
			sim__breakers_free(n);
			sim__broker_free(n);
			sim__consumers_free(n);
		}
		free(n->user_buckets);
		free(n->dirty);
	}
	for (i = 0; i < sim->n_spaces; i++) {
		free(sim->spaces[i].versions);
		free(sim->spaces[i].filling);
		free(sim->spaces[i].cdf);
	}
	free(sim->route_stats);
	free(sim->objectives);
	sim__story_free(sim);
	free(sim->mdefs);
}
