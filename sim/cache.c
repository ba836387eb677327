/* SPDX-License-Identifier: MIT */
/*
 * cache.c: keys kept by a Redis node or in an app's own memory, and by CDN edges. Every
 * key space of the era (the `cache:` and `write:` steps name them) gets a range of key
 * ids, so a cache is a plain array indexed by key id: an entry remembers the version of
 * the value it holds, when it expires and its size, and entries are chained in least
 * recently used order so a cache at its memory limit drops the coldest first.
 *
 * The database's version of each key rises with every write. A read that hits an entry
 * older than the database's version is a stale read: that is how a cache local to each
 * app server, invalidated only on the server that wrote, shows diverging values.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

struct kv_entry {
	sim_time expires;
	uint32_t version;
	uint32_t size;
	uint32_t prev;                  /* LRU list, most recent at the head */
	uint32_t next;
	uint8_t present;
};

struct sim_kv {
	struct kv_entry *e;
	uint32_t n;
	uint64_t used;
	uint64_t limit;
	uint32_t head;
	uint32_t tail;
};

struct sim_kv *
sim__kv_create(uint32_t keys, uint64_t limit)
{
	struct sim_kv *kv = calloc(1, sizeof *kv);

	if (kv == NULL)
		return NULL;
	kv->e = calloc(keys ? keys : 1, sizeof *kv->e);
	if (kv->e == NULL) {
		free(kv);
		return NULL;
	}
	kv->n = keys;
	kv->limit = limit;
	kv->head = kv->tail = SIM_NONE;
	return kv;
}

void
sim__kv_destroy(struct sim_kv *kv)
{
	if (kv == NULL)
		return;
	free(kv->e);
	free(kv);
}

static void
lru_unlink(struct sim_kv *kv, uint32_t id)
{
	struct kv_entry *e = &kv->e[id];

	if (e->prev != SIM_NONE)
		kv->e[e->prev].next = e->next;
	else
		kv->head = e->next;
	if (e->next != SIM_NONE)
		kv->e[e->next].prev = e->prev;
	else
		kv->tail = e->prev;
}

static void
lru_front(struct sim_kv *kv, uint32_t id)
{
	struct kv_entry *e = &kv->e[id];

	e->prev = SIM_NONE;
	e->next = kv->head;
	if (kv->head != SIM_NONE)
		kv->e[kv->head].prev = id;
	else
		kv->tail = id;
	kv->head = id;
}

void
sim__kv_del(struct sim_kv *kv, uint32_t id)
{
	if (kv == NULL || id >= kv->n || !kv->e[id].present)
		return;
	lru_unlink(kv, id);
	kv->used -= kv->e[id].size;
	kv->e[id].present = 0;
}

void
sim__kv_clear(struct sim_kv *kv)
{
	if (kv == NULL)
		return;
	memset(kv->e, 0, (size_t)kv->n * sizeof *kv->e);
	kv->used = 0;
	kv->head = kv->tail = SIM_NONE;
}

/* The entry for id if present and not expired, moved to the front; else NULL. */
static struct kv_entry *
kv_get(struct sim_kv *kv, uint32_t id, sim_time now)
{
	struct kv_entry *e;

	if (kv == NULL || id >= kv->n || !kv->e[id].present)
		return NULL;
	e = &kv->e[id];
	if (e->expires <= now) {
		sim__kv_del(kv, id);
		return NULL;
	}
	lru_unlink(kv, id);
	lru_front(kv, id);
	return e;
}

/* Stores id; returns how many entries were evicted to make room. */
static int
kv_set(struct sim_kv *kv, uint32_t id, uint32_t version, sim_time expires, uint32_t size)
{
	int evicted = 0;

	if (kv == NULL || id >= kv->n)
		return 0;
	sim__kv_del(kv, id);
	while (kv->limit > 0 && kv->used + size > kv->limit && kv->tail != SIM_NONE) {
		sim__kv_del(kv, kv->tail);
		evicted++;
	}
	kv->e[id] = (struct kv_entry){ expires, version, size, SIM_NONE, SIM_NONE, 1 };
	lru_front(kv, id);
	kv->used += size;
	return evicted;
}

/* ---- key spaces ---------------------------------------------------------------------- */

/* A key of the step's space, popular by Zipf's law (rank 0 the most popular). */
uint32_t
sim__cache_key(struct sim *sim, struct sim_node *n, const struct sim_step_cfg *st)
{
	const struct sim_space *sp = &sim->spaces[sim__space_of(sim, st)];
	double u = sim_rng_unit(&n->rng);

	if (sp->cdf == NULL)
		return (uint32_t)(u * sp->keys);
	return sim__cache_key_in(sp, u);
}


/* The key whose cumulative popularity first reaches u. */
uint32_t
sim__cache_key_in(const struct sim_space *sp, double u)
{
	uint32_t lo = 0, hi = sp->keys - 1;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (sp->cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Builds a space's cumulative Zipf table; a skew of 0 draws uniformly. */
int
sim__space_of(const struct sim *sim, const struct sim_step_cfg *st)
{
	int i;

	for (i = 0; i < sim->n_spaces; i++)
		if (strcmp(sim->spaces[i].name, st->space) == 0)
			return i;
	return 0;
}

int
sim__space_init(struct sim_space *sp, double skew)
{
	double total = 0.0, acc = 0.0;
	uint32_t k;

	sp->versions = calloc(sp->keys, sizeof *sp->versions);
	sp->filling = calloc(sp->keys, sizeof *sp->filling);
	if (sp->versions == NULL || sp->filling == NULL)
		return -1;
	if (skew <= 0.0)
		return 0;
	sp->cdf = malloc(sp->keys * sizeof *sp->cdf);
	if (sp->cdf == NULL)
		return -1;
	for (k = 0; k < sp->keys; k++)
		total += pow(k + 1.0, -skew);
	for (k = 0; k < sp->keys; k++) {
		acc += pow(k + 1.0, -skew) / total;
		sp->cdf[k] = acc;
	}
	sp->cdf[sp->keys - 1] = 1.0;
	return 0;
}

/*
 * The cache node a step reads: the one it names, or, for an app in another region, the
 * cache node of the app's own region, since a cache is only worth it nearby. -1: local.
 */
static int
store_of(const struct sim *sim, const struct sim_node *n, const struct sim_step_cfg *st)
{
	int want = n->cfg->region, i;

	if (st->node < 0 || want < 0 || sim->cfg.nodes[st->node].region < 0 ||
	    sim->cfg.nodes[st->node].region == want)
		return st->node;
	for (i = 0; i < sim->cfg.n_nodes; i++)
		if (sim->cfg.nodes[i].kind == SIM_NODE_CACHE && sim->cfg.nodes[i].region == want)
			return i;
	return st->node;
}

static struct sim_kv *
step_kv(struct sim *sim, struct sim_node *n, const struct sim_step_cfg *st)
{
	int s = store_of(sim, n, st);

	return s < 0 ? n->kv : sim->nodes[s].kv;
}

/* Looks the request's key up; a hit skips the way to the database, a miss takes it. */
static int
lookup(struct sim *sim, struct sim_node *n, uint32_t r, const struct sim_step_cfg *st)
{
	int s = sim__space_of(sim, st);
	const struct sim_space *sp = &sim->spaces[s];
	uint32_t key = sim->reqs[r].key;
	struct kv_entry *e = kv_get(step_kv(sim, n, st), sp->base + key, sim->now);

	if (e != NULL) {
		sim__lookup(sim, 1);
		if (e->version < sp->versions[key])
			sim->m.stale_reads++;
		sim__step_skip(sim, r);
	} else {
		/* A miss while another is already on its way for the same key: the hot key
		 * expired and every reader goes to the database at once (a stampede). */
		sim__lookup(sim, 0);
		if (sp->filling[key] > 0)
			sim->m.stampede++;
		sim->spaces[s].filling[key]++;
		sim__step_miss(sim, r);
	}
	return 1;
}

int
sim__cache_step(struct sim *sim, struct sim_node *n, uint32_t r, const struct sim_step_cfg *st)
{
	struct sim_req *q = &sim->reqs[r];
	int s;

	if (q->sub == 0) {
		q->key = sim__cache_key(sim, n, st);
		if (st->node < 0)
			return lookup(sim, n, r, st);
		s = store_of(sim, n, st);
		q->sub = 1;
		sim->m.cache_ops++;
		sim__edge(sim, n->index, s);
		sim__serve(sim, &sim->nodes[s], r, sim->cfg.nodes[s].op_cost);
		return 0;
	}
	return lookup(sim, n, r, st);
}

/* The way to the database is done: keep what it returned. */
void
sim__cache_fill(struct sim *sim, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];
	struct sim_node *n = &sim->nodes[q->node];
	const struct sim_step_cfg *st = &sim->cfg.routes[q->route].steps[q->step - 2];
	const struct sim_space *sp = &sim->spaces[sim__space_of(sim, st)];

	if (st->node >= 0)
		sim->m.cache_ops++;
	if (sp->filling[q->key] > 0)
		sp->filling[q->key]--;
	sim->m.cache_evictions += (uint64_t)kv_set(step_kv(sim, n, st), sp->base + q->key,
	                                           sp->versions[q->key], sim->now + st->ttl,
	                                           (uint32_t)(st->size ? st->size : 1));
}

/* A write changed a key: the database's version moves on, and the caches this app can
 * reach drop it (every shared cache, and its own local one, not the others'). */
void
sim__cache_write(struct sim *sim, struct sim_node *n, uint32_t r, const struct sim_step_cfg *st)
{
	struct sim_space *sp = &sim->spaces[sim__space_of(sim, st)];
	uint32_t key = sim->reqs[r].key;
	int i;

	sp->versions[key]++;
	for (i = 0; i < sim->cfg.n_nodes; i++)
		if (sim->cfg.nodes[i].kind == SIM_NODE_CACHE)
			sim__kv_del(sim->nodes[i].kv, sp->base + key);
	sim__kv_del(n->kv, sp->base + key);
	sim__cap_write(sim, n, sp->base + key);
}

/* ---- CDN edges ----------------------------------------------------------------------- */

static int
edge_of(const struct sim_node *n, int region)
{
	int e;

	for (e = 0; e < n->cfg->n_edges; e++)
		if (n->cfg->edges[e] == region)
			return e;
	return -1;
}

/* Asks the origin for what the edge does not have. */
static void
fetch_origin(struct sim *sim, struct sim_node *n, uint32_t r, int edge)
{
	uint32_t c = sim__req_alloc(sim);
	struct sim_req *q, *child;

	if (c == SIM_NONE) {
		sim__reply(sim, r, ST_BAD_GATEWAY);
		return;
	}
	q = &sim->reqs[r];
	child = &sim->reqs[c];
	child->parent = r;
	child->parent_gen = q->gen;
	child->node = (uint16_t)n->cfg->origin;
	child->route = q->route;
	child->user = q->user;
	child->cookie = q->cookie;
	child->workload = q->workload;
	child->region = q->region;
	child->part = (uint8_t)(edge + 1);
	child->key = q->key;
	child->order = q->order;
	sim__span_child(sim, q, child);
	sim__edge(sim, n->index, n->cfg->origin);
	sim__deliver(sim, c);
}

void
sim__cdn_request(struct sim *sim, struct sim_node *n, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];
	int edge = edge_of(n, q->region);
	const struct sim_space *sp = &sim->spaces[n->space];

	double u = sim_rng_unit(&n->rng);

	q->key = sp->cdf != NULL ? sim__cache_key_in(sp, u) : (uint32_t)(u * sp->keys);
	if (edge >= 0 && kv_get(n->edge_kv[edge], sp->base + q->key, sim->now) != NULL) {
		sim__lookup(sim, 1);
		n->handled++;
		sim__reply(sim, r, ST_OK);
		return;
	}
	sim__lookup(sim, 0);
	fetch_origin(sim, n, r, edge);
}

void
sim__cdn_reply(struct sim *sim, struct sim_node *n, uint32_t c)
{
	struct sim_req *child = &sim->reqs[c];
	uint32_t r = child->parent;
	enum sim__status st = (enum sim__status)child->status;
	int edge = child->part - 1;
	const struct sim_space *sp = &sim->spaces[n->space];
	uint64_t size = sim->cfg.routes[child->route].response;

	if (st == ST_OK && edge >= 0)
		kv_set(n->edge_kv[edge], sp->base + child->key, 0, sim->now + n->cfg->object_ttl,
		       (uint32_t)(size ? size : 1));
	sim__req_free(sim, c);
	n->handled += st == ST_OK;
	n->errors += st != ST_OK;
	sim__reply(sim, r, st);
}
