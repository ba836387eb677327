/* SPDX-License-Identifier: MIT */
/*
 * broker.c: a Kafka-like broker and the apps that consume from it. A topic is split into
 * partitions; a message goes to the partition of its purchase (or user), so messages about
 * one thing stay in order. Every consumer group (apps that consume a topic under one group
 * name; by default each app is its own) sees every message once: its members up share the
 * partitions as Kafka's range assignor does, and per partition one message is processed
 * at a time, in order, as a request of the member's route.
 *
 * Delivery is at least once. A member commits the position its group has reached in its
 * partitions every commit interval (or after each message when the interval is 0), and
 * when it hands a partition to another member. A process that dies rewinds its partitions
 * to their last commit and they go to the members still up, so what it processed since
 * is delivered again. An idempotent consumer remembers the ids it has processed (those it
 * may be given again: see seen_floor()) and skips a second delivery; another one runs it
 * twice. A message that keeps failing is retried with a doubling backoff, then parked in
 * the dead letter queue, and, when the consumer says so, a compensating message is sent.
 *
 * An app's outbox holds rows written in the same transaction as its business data; a
 * relay publishes them every relay interval while the app is up, so a message is never
 * lost between the database and the broker.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* ---- topics -------------------------------------------------------------------------- */

static struct sim_topic *
topic_of(struct sim *sim, struct sim_node *b, int t)
{
	const struct sim_node_cfg *c = b->cfg;
	int i;

	if (b->topics == NULL) {
		b->topics = calloc((size_t)c->n_topics, sizeof *b->topics);
		if (b->topics == NULL)
			goto fail;
		for (i = 0; i < c->n_topics; i++) {
			int np = c->topics[i].partitions > 0 ? c->topics[i].partitions : 1;

			b->topics[i].n_parts = np;
			b->topics[i].parts = calloc((size_t)np, sizeof(struct sim_part));
			if (b->topics[i].parts == NULL)
				goto fail;
		}
	}
	return &b->topics[t];
fail:
	sim->oom_err = 1;
	return NULL;
}

void
sim__broker_free(struct sim_node *b)
{
	int i, p;

	if (b->topics == NULL)
		return;
	for (i = 0; i < b->cfg->n_topics; i++) {
		for (p = 0; p < b->topics[i].n_parts && b->topics[i].parts; p++)
			free(b->topics[i].parts[p].log);
		free(b->topics[i].parts);
	}
	free(b->topics);
	b->topics = NULL;
}

static int
part_append(struct sim *sim, struct sim_part *p, const struct sim_msg *m)
{
	if (p->n == p->cap) {
		uint32_t cap = p->cap ? p->cap * 2 : 64;
		struct sim_msg *log = realloc(p->log, (size_t)cap * sizeof *log);

		if (log == NULL) {
			sim->oom_err = 1;
			return -1;
		}
		p->log = log;
		p->cap = cap;
	}
	p->log[p->n++] = *m;
	return 0;
}

/*
 * The oldest offset of partition p of topic t that a consumer group may still read: the
 * lowest commit, since a group whose process dies rewinds to its commit. A group that has
 * not started yet will read from the start.
 */
static uint64_t
part_floor(const struct sim *sim, const struct sim_node *b, int t, int p)
{
	const struct sim_part *part = &b->topics[t].parts[p];
	uint64_t floor = part->base + part->n;
	int i, k;

	for (i = 0; i < sim->n_subs; i++) {
		const struct sim_node *n = &sim->nodes[sim->subs[i].node];

		if (sim->subs[i].broker != b->index || sim->subs[i].topic != t)
			continue;
		for (k = 0; k < n->cfg->n_consumes; k++) {
			const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
			const struct sim_consumer *g = n->cons[k].group;

			if (cc->broker != b->index || cc->topic != t)
				continue;
			if (g == NULL || g->committed == NULL)
				return part->base;
			if (g->committed[p] < floor)
				floor = g->committed[p];
		}
	}
	return floor;
}

/*
 * Drops the messages every group has committed past, once that frees half of a full log:
 * kept, a day of traffic held every message ever published. Moving the rest down costs no
 * more than the appends that filled the room it frees.
 */
static void
part_trim(const struct sim *sim, struct sim_node *b, int t, int p)
{
	struct sim_part *part = &b->topics[t].parts[p];
	uint64_t drop = part_floor(sim, b, t, p) - part->base;

	if (drop == 0 || drop < part->n / 2)
		return;
	memmove(part->log, part->log + drop, (size_t)(part->n - drop) * sizeof *part->log);
	part->n -= (uint32_t)drop;
	part->base += drop;
}

/* Lowers *span (story.c) to the oldest order of partition p of topic t a group may read. */
static void
part_pin_orders(const struct sim *sim, const struct sim_node *b, int t, int p,
                uint32_t base, uint32_t *span)
{
	const struct sim_part *part = &b->topics[t].parts[p];
	uint64_t off;

	for (off = part_floor(sim, b, t, p); off < part->base + part->n; off++)
		sim__order_pin(part->log[off - part->base].order, base, span);
}

/*
 * Lowers *span (story.c) to the oldest order named by a message that a consumer group
 * may still read (at or past the lowest commit of its partition: a message below it is
 * never delivered again) or by an outbox row not yet relayed.
 */
void
sim__broker_pin_orders(const struct sim *sim, uint32_t base, uint32_t *span)
{
	int i, t, p;
	uint32_t r;

	for (i = 0; i < sim->cfg.n_nodes; i++) {
		const struct sim_node *n = &sim->nodes[i];

		for (r = 0; r < n->outbox.n; r++)
			sim__order_pin(n->outbox.rows[r].order, base, span);
		for (t = 0; n->topics != NULL && t < n->cfg->n_topics; t++)
			for (p = 0; p < n->topics[t].n_parts; p++)
				part_pin_orders(sim, n, t, p, base, span);
	}
}

void
sim__broker_publish(struct sim *sim, struct sim_node *b, int t, uint32_t order,
                    uint32_t user, uint32_t flow)
{
	struct sim_topic *tp;
	struct sim_msg m;
	uint32_t key = order != SIM_NONE ? order : user;
	int i, p;

	if (b->cfg->kind != SIM_NODE_BROKER || t < 0 || t >= b->cfg->n_topics ||
	    (tp = topic_of(sim, b, t)) == NULL)
		return;
	m.id = tp->next_id++;
	m.order = order;
	m.user = user;
	m.flow = flow;
	p = (int)(key % (uint32_t)tp->n_parts);
	if (tp->parts[p].n == tp->parts[p].cap)
		part_trim(sim, b, t, p);
	if (part_append(sim, &tp->parts[p], &m) != 0)
		return;
	tp->published++;
	sim->m.messages_published++;
	for (i = 0; i < sim->n_subs; i++)
		if (sim->subs[i].broker == b->index && sim->subs[i].topic == t)
			sim__consume_pump(sim, &sim->nodes[sim->subs[i].node]);
}

/* ---- consumers -------------------------------------------------------------------- */

#define MEMBER(node, k) ((uint16_t)((node) * SIM_MAX_CONSUMES + (k)))

/* Whether consumes k of node and cc are one group: one topic, one non-empty group name. */
static int
same_group(const struct sim *sim, int node, int k, const struct sim_consume_cfg *cc)
{
	const struct sim_consume_cfg *o = &sim->cfg.nodes[node].consumes[k];

	return o->broker == cc->broker && o->topic == cc->topic && cc->group[0] != 0 &&
	       strcmp(o->group, cc->group) == 0;
}

/* The group's first member, in node order, for consumes k of n (itself, when first). */
static uint16_t
group_first(const struct sim *sim, const struct sim_node *n, int k)
{
	const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
	int i, j;

	for (i = 0; i <= n->index; i++)
		for (j = 0; j < sim->cfg.nodes[i].n_consumes && (i < n->index || j < k); j++)
			if (same_group(sim, i, j, cc))
				return MEMBER(i, j);
	return MEMBER(n->index, k);
}

static int
member_up(const struct sim *sim, uint16_t m)
{
	return sim->nodes[m / SIM_MAX_CONSUMES].up;
}

/* "consumer group feeds (post.created): 2 of 3 members up, 6 partitions shared again" */
static void
group_log(struct sim *sim, const struct sim_consumer *g, int np, int up)
{
	uint16_t first = g->members[0];
	const struct sim_node_cfg *n = &sim->cfg.nodes[first / SIM_MAX_CONSUMES];
	const struct sim_consume_cfg *cc = &n->consumes[first % SIM_MAX_CONSUMES];

	sim__log(sim, up > 0 ? SIM_INFO : SIM_WARNING, first / SIM_MAX_CONSUMES,
	         "consumer group %s (%s): %d of %d members up, %d partition%s %s", cc->group,
	         sim->cfg.nodes[cc->broker].topics[cc->topic].name, up, g->n_members, np,
	         np == 1 ? "" : "s", up > 0 ? "shared again" : "waiting");
}

/*
 * Shares the partitions among the members up, as Kafka's range assignor does: in member
 * order, each takes a run of neighbouring partitions, the first ones one more when they do
 * not divide evenly. A partition taken from a member that is still up is committed where
 * it stands first (a consumer commits what it gives up), so its new owner resumes there.
 * TODO: a dead member's partitions move at once; Kafka waits session.timeout.ms (45 s by
 * default) to notice, so its lag after a crash is shorter here than it would be.
 */
static void
group_assign(struct sim *sim, struct sim_consumer *g, int np)
{
	uint16_t live[64];
	int m = 0, i, p, moved = 0;

	g->live = 0;
	for (i = 0; i < g->n_members; i++)
		if (member_up(sim, g->members[i])) {
			live[m++] = g->members[i];
			g->live |= 1ull << i;
		}
	for (p = 0; p < np; p++) {
		uint16_t was = g->owner[p], now = SIM_NO_OWNER;

		if (m > 0) {
			int q = np / m, r = np % m;

			now = live[p < r * (q + 1) ? p / (q + 1) : r + (p - r * (q + 1)) / q];
		}
		if (was != now && was != SIM_NO_OWNER && member_up(sim, was))
			g->committed[p] = g->pos[p];
		moved += was != now && was != SIM_NO_OWNER;
		g->owner[p] = now;
	}
	if (moved > 0)
		group_log(sim, g, np, m);
}

/* The members up now, a bit each, as group_assign() records them. */
static uint64_t
group_live(const struct sim *sim, const struct sim_consumer *g)
{
	uint64_t live = 0;
	int i;

	for (i = 0; i < g->n_members; i++)
		if (member_up(sim, g->members[i]))
			live |= 1ull << i;
	return live;
}

static int
group_alloc(struct sim *sim, struct sim_consumer *g, size_t np)
{
	size_t p;

	g->pos = calloc(np, sizeof *g->pos);
	g->committed = calloc(np, sizeof *g->committed);
	g->busy = calloc(np, 1);
	g->tries = calloc(np, 1);
	g->epochs = calloc(np, sizeof *g->epochs);
	g->owner = malloc(np * sizeof *g->owner);
	g->by = malloc(np * sizeof *g->by);
	if (!g->pos || !g->committed || !g->busy || !g->tries || !g->epochs || !g->owner ||
	    !g->by) {
		sim->oom_err = 1;
		return -1;
	}
	for (p = 0; p < np; p++)
		g->owner[p] = g->by[p] = SIM_NO_OWNER;
	return 0;
}

/* Sets up consumes k of n and, with its first member, the group's state; 0 or -1. */
static int
consumer_init(struct sim *sim, struct sim_node *n, int k)
{
	const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
	struct sim_topic *tp = topic_of(sim, &sim->nodes[cc->broker], cc->topic);
	struct sim_consumer *c = &n->cons[k], *g = c;
	uint16_t first;
	int i, j;

	if (tp == NULL)
		return -1;
	if (c->group != NULL)
		return c->group->pos != NULL ? 0 : -1;
	first = group_first(sim, n, k);
	if (first != MEMBER(n->index, k)) {
		struct sim_node *lead = &sim->nodes[first / SIM_MAX_CONSUMES];

		return consumer_init(sim, lead, first % SIM_MAX_CONSUMES);
	}
	for (i = n->index; i < sim->cfg.n_nodes; i++)
		for (j = 0; j < sim->cfg.nodes[i].n_consumes; j++)
			if (MEMBER(i, j) == first ||
			    (MEMBER(i, j) > first && same_group(sim, i, j, cc) && g->n_members < 64)) {
				g->members[g->n_members++] = MEMBER(i, j);
				sim->nodes[i].cons[j].group = g;
			}
	if (group_alloc(sim, g, (size_t)tp->n_parts) != 0)
		return -1;
	group_assign(sim, g, tp->n_parts);
	return 0;
}

void
sim__consumers_free(struct sim_node *n)
{
	int k;

	for (k = 0; k < SIM_MAX_CONSUMES; k++) {
		struct sim_consumer *c = &n->cons[k];

		free(c->pos);
		free(c->committed);
		free(c->busy);
		free(c->tries);
		free(c->epochs);
		free(c->owner);
		free(c->by);
		free(c->seen);
		memset(c, 0, sizeof *c);
	}
	free(n->outbox.rows);
	free(n->outbox.dest);
	memset(&n->outbox, 0, sizeof n->outbox);
}

/*
 * The ids a group has processed, a bit each, in a window of 64 * seen_words ids from
 * seen_lo: id's word is seen[(id / 64) & (seen_words - 1)], so the window slides up by
 * clearing the words it leaves, which then serve the ids above it.
 *
 * Below the window are ids the group will never be given again. A partition is read again
 * only from its commit, a commit only moves forward, and within a partition ids rise with
 * offsets; so no id the group may still be given is below the lowest id at or past a
 * commit, over the partitions (seen_floor()), and a message published later has a higher
 * id still. The window slides no further than that floor, so a message delivered again
 * after a rewind, however many newer ids came since, is still recognised. Above the window
 * are ids not processed yet: the window is made to reach every id it is told of. Kept
 * whole from id 0, the set would grow by a bit per message for as long as a run lasts.
 */
#define SEEN_FIRST 16u                  /* words in the first window: 1024 ids */
#define SEEN_MOST (1u << 26)            /* beyond this a window counts as out of memory */

/* The lowest id group g may still be given: the first message at or past its commit in
 * each partition, or the topic's next id where it has read everything. */
static uint64_t
seen_floor(const struct sim_consumer *g, const struct sim_topic *tp)
{
	uint64_t floor = tp->next_id;
	int p;

	for (p = 0; p < tp->n_parts; p++) {
		const struct sim_part *part = &tp->parts[p];

		/* the log keeps every message from the lowest commit (part_trim()) */
		if (g->committed[p] < part->base + part->n &&
		    part->log[g->committed[p] - part->base].id < floor)
			floor = part->log[g->committed[p] - part->base].id;
	}
	return floor;
}

static int
seen_has(const struct sim_consumer *g, uint64_t id)
{
	/* id >= seen_lo: the group is never given an id below its floor (above) */
	if (id - g->seen_lo >= (uint64_t)g->seen_words * 64)
		return 0;
	return (g->seen[(id >> 6) & (g->seen_words - 1)] >> (id & 63)) & 1;
}

/* Moves the window's start up to lo (rounded down to a word), clearing the words left. */
static void
seen_slide(struct sim_consumer *g, uint64_t lo)
{
	uint64_t w, first = g->seen_lo / 64;

	lo &= ~(uint64_t)63;
	if (lo <= g->seen_lo)
		return;
	for (w = first; w < lo / 64 && w - first < g->seen_words; w++)
		g->seen[w & (g->seen_words - 1)] = 0;
	g->seen_lo = lo;
}

/* A window of words words with the same start and bits; 0, or -1 when memory ran out. */
static int
seen_grow(struct sim *sim, struct sim_consumer *g, uint32_t words)
{
	uint64_t *seen = words <= SEEN_MOST ? calloc(words, sizeof *seen) : NULL;
	uint64_t w, first = g->seen_lo / 64;

	if (seen == NULL) {
		sim->oom_err = 1;
		return -1;
	}
	for (w = first; w < first + g->seen_words; w++)
		seen[w & (words - 1)] = g->seen[w & (g->seen_words - 1)];
	free(g->seen);
	g->seen = seen;
	g->seen_words = words;
	return 0;
}

/*
 * Makes the window reach id: slides it up to the floor, then doubles it while id would
 * fill more than half of it, so that the floor is looked for again only after many more
 * ids. The window grows while the span of ids a group may be given again grows (a member
 * down, a partition stuck on retries), to at most four times that span; then it only
 * slides. 0, or -1 when memory ran out.
 */
static int
seen_room(struct sim *sim, struct sim_consumer *g, const struct sim_topic *tp, uint64_t id)
{
	uint32_t words = g->seen_words ? g->seen_words : SEEN_FIRST;

	seen_slide(g, seen_floor(g, tp));
	while (id - g->seen_lo >= (uint64_t)words * 32 && words <= SEEN_MOST)
		words *= 2;
	return words != g->seen_words ? seen_grow(sim, g, words) : 0;
}

static void
seen_add(struct sim *sim, struct sim_consumer *g, const struct sim_topic *tp, uint64_t id)
{
	if (id - g->seen_lo >= (uint64_t)g->seen_words * 64 && seen_room(sim, g, tp, id) != 0)
		return;
	g->seen[(id >> 6) & (g->seen_words - 1)] |= 1ull << (id & 63);
}

/* Starts processing the message at pos of partition p; returns 0 if it could not. */
static int
consume_start(struct sim *sim, struct sim_node *n, int k, int p, const struct sim_msg *m)
{
	const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
	struct sim_consumer *g = n->cons[k].group;
	uint32_t r;
	struct sim_req *q;

	if (seen_has(g, m->id)) {
		if (cc->idempotent) {
			sim->m.duplicates_absorbed++;
			g->pos[p]++;
			return 1;
		}
		sim->m.duplicates_processed++;
	}
	r = sim__req_alloc(sim);
	if (r == SIM_NONE)
		return 0;
	q = &sim->reqs[r];
	q->node = n->index;
	q->route = (uint8_t)cc->route;
	q->user = m->user;
	q->order = m->order;
	q->flags = RQ_CONSUMER;
	if (m->flow != 0 && sim->trace_fn != NULL) {
		q->span = ++sim->next_span;
		q->flow = m->flow;
	}
	q->cons = (uint8_t)k;
	q->part = (uint8_t)p;
	q->epoch = g->epochs[p];
	g->busy[p] = 1;
	g->by[p] = MEMBER(n->index, k);
	sim__edge(sim, cc->broker, n->index);
	sim__app_accept(sim, n, r);
	return 1;
}

/* Lets the app take the next message of every idle partition it owns in its groups. */
void
sim__consume_pump(struct sim *sim, struct sim_node *n)
{
	int k, p;

	if (!n->up)
		return;
	for (k = 0; k < n->cfg->n_consumes; k++) {
		const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
		struct sim_consumer *g;
		struct sim_topic *tp;
		uint16_t self = MEMBER(n->index, k);

		if (consumer_init(sim, n, k) != 0)
			return;
		g = n->cons[k].group;
		tp = &sim->nodes[cc->broker].topics[cc->topic];
		if (g->n_members > 1 && group_live(sim, g) != g->live)
			group_assign(sim, g, tp->n_parts);
		for (p = 0; p < tp->n_parts; p++) {
			struct sim_part *part = &tp->parts[p];

			if (g->owner[p] != self)
				continue;
			while (!g->busy[p] && g->pos[p] < part->base + part->n) {
				if (n->cfg->workers > 0 &&
				    n->workers_busy >= n->cfg->workers * n->instances)
					return;
				if (!consume_start(sim, n, k, p, &part->log[g->pos[p] - part->base]))
					return;
			}
		}
	}
}

/* Every member of g looks for work: a partition one finished may be another's now. */
static void
group_pump(struct sim *sim, const struct sim_consumer *g)
{
	int i;

	for (i = 0; i < g->n_members; i++)
		sim__consume_pump(sim, &sim->nodes[g->members[i] / SIM_MAX_CONSUMES]);
}

static void
park(struct sim *sim, struct sim_node *n, int k, const struct sim_msg *m, int tries)
{
	const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
	const struct sim_node_cfg *b = &sim->cfg.nodes[cc->broker];

	sim->m.dlq++;
	if (sim->m.dlq == 1 || sim->now - sim->t_dlq_log >= 30 * SIM_SEC) {
		sim__log(sim, SIM_WARNING, n->index, "%s: a %s message failed %d times and went "
		         "to the dead letter queue (%llu there now)", n->cfg->name,
		         b->topics[cc->topic].name, tries, (unsigned long long)sim->m.dlq);
		sim->t_dlq_log = sim->now;
	}
	if (cc->compensate >= 0)
		sim__broker_publish(sim, &sim->nodes[cc->broker], cc->compensate, m->order,
		                    m->user, 0);
}

/* A consumed message's request is over. */
void
sim__consume_done(struct sim *sim, uint32_t r)
{
	struct sim_req *q = &sim->reqs[r];
	struct sim_node *n = &sim->nodes[q->node];
	int k = q->cons, p = q->part, ok = q->status == ST_OK;
	const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
	struct sim_consumer *g = n->cons[k].group;
	struct sim_topic *tp;
	struct sim_part *part;
	struct sim_msg m;
	uint16_t epoch = q->epoch;

	sim__req_free(sim, r);
	if (epoch != g->epochs[p])
		return;         /* its process died since: a rewind already took it back */
	tp = &sim->nodes[cc->broker].topics[cc->topic];
	part = &tp->parts[p];
	m = part->log[g->pos[p] - part->base];
	g->busy[p] = 0;
	if (!ok && g->tries[p] < cc->retries) {
		g->tries[p]++;
		g->busy[p] = 1;
		sim->m.consumer_retries++;
		sim__schedule(sim, sim->now + (cc->backoff << (g->tries[p] - 1)), EV_RETRY,
		              n->index, (uint32_t)(k << 8 | p), g->epochs[p]);
		return;
	}
	if (ok)
		seen_add(sim, g, tp, m.id);
	else
		park(sim, n, k, &m, g->tries[p] + 1);
	g->tries[p] = 0;
	g->pos[p]++;
	if (cc->commit_interval <= 0)
		g->committed[p] = g->pos[p];
	group_pump(sim, g);
}

void
sim__consume_retry(struct sim *sim, struct sim_node *n, uint32_t arg, uint32_t epoch)
{
	struct sim_consumer *g = n->cons[arg >> 8].group;
	int p = (int)(arg & 0xff);

	if (g == NULL || epoch != g->epochs[p])
		return;
	g->busy[p] = 0;
	group_pump(sim, g);
}

/* n commits where it stands in every partition it owns, then again an interval later. */
void
sim__consume_commit(struct sim *sim, struct sim_node *n, int k)
{
	const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
	struct sim_consumer *g = n->cons[k].group;
	int p;

	if (n->up && g != NULL && g->pos != NULL)
		for (p = 0; p < sim->nodes[cc->broker].topics[cc->topic].n_parts; p++)
			if (g->owner[p] == MEMBER(n->index, k))
				g->committed[p] = g->pos[p];
	sim__schedule(sim, sim->now + cc->commit_interval, EV_COMMIT, n->index, (uint32_t)k, 0);
}

/*
 * The process died: each partition it owned or was busy with starts again from its last
 * commit, and goes to the group's members that are still up, if any (they resume from
 * that commit too). Answers of its requests, and its retries, are stale from now on.
 */
void
sim__consume_rewind(struct sim *sim, struct sim_node *n)
{
	int k, p;

	for (k = 0; k < n->cfg->n_consumes; k++) {
		const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
		struct sim_consumer *g = n->cons[k].group;
		uint64_t again = 0;
		int np;

		if (g == NULL || g->pos == NULL)
			continue;
		np = sim->nodes[cc->broker].topics[cc->topic].n_parts;
		for (p = 0; p < np; p++) {
			if (g->owner[p] != MEMBER(n->index, k) &&
			    !(g->busy[p] && g->by[p] == MEMBER(n->index, k)))
				continue;
			again += g->pos[p] - g->committed[p];
			g->pos[p] = g->committed[p];
			g->busy[p] = 0;
			g->tries[p] = 0;
			g->epochs[p]++;
		}
		if (again > 0)
			sim__log(sim, SIM_WARNING, n->index, "%s: %llu %s message%s processed since "
			         "the last commit will be delivered again", n->cfg->name,
			         (unsigned long long)again,
			         sim->cfg.nodes[cc->broker].topics[cc->topic].name,
			         again == 1 ? "" : "s");
		if (g->n_members > 1) {
			group_assign(sim, g, np);
			group_pump(sim, g);
		}
	}
}

/* The largest number of messages any group has yet to process. */
uint64_t
sim__consumer_lag(const struct sim *sim)
{
	uint64_t most = 0;
	int i, k, p;

	for (i = 0; i < sim->cfg.n_nodes; i++) {
		const struct sim_node *n = &sim->nodes[i];

		for (k = 0; k < n->cfg->n_consumes; k++) {
			const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
			const struct sim_consumer *g = &n->cons[k];
			const struct sim_topic *tp;
			uint64_t lag = 0;

			/* once per group: its first member holds the positions */
			if (g->pos == NULL || sim->nodes[cc->broker].topics == NULL)
				continue;
			tp = &sim->nodes[cc->broker].topics[cc->topic];
			for (p = 0; p < tp->n_parts; p++)
				lag += tp->parts[p].base + tp->parts[p].n - g->pos[p];
			most = lag > most ? lag : most;
		}
	}
	return most;
}

/* ---- the outbox ------------------------------------------------------------------- */

void
sim__outbox_add(struct sim *sim, struct sim_node *n, int dest, uint32_t order, uint32_t user,
                uint32_t flow)
{
	struct sim_outbox *o = &n->outbox;

	if (o->n == o->cap) {
		uint32_t cap = o->cap ? o->cap * 2 : 64;
		struct sim_msg *rows = realloc(o->rows, (size_t)cap * sizeof *rows);
		uint16_t *d;

		if (rows == NULL) {
			sim->oom_err = 1;
			return;
		}
		o->rows = rows;
		d = realloc(o->dest, (size_t)cap * sizeof *d);
		if (d == NULL) {
			sim->oom_err = 1;
			return;
		}
		o->dest = d;
		o->cap = cap;
	}
	o->rows[o->n].order = order;
	o->rows[o->n].user = user;
	o->rows[o->n].flow = flow;
	o->dest[o->n++] = (uint16_t)dest;
}

/*
 * The relay: publish every waiting row, in order, while the app is up. Each row is a
 * message from the app into the broker, counted on that edge as a publish step's is, so
 * the live view's arrow from a saga's payment service to Kafka carries a number.
 */
void
sim__outbox_relay(struct sim *sim, struct sim_node *n)
{
	struct sim_outbox *o = &n->outbox;
	uint32_t i;

	if (n->up) {
		for (i = 0; i < o->n; i++) {
			sim__edge(sim, n->index, o->dest[i] >> 8);
			sim__broker_publish(sim, &sim->nodes[o->dest[i] >> 8], o->dest[i] & 0xff,
			                    o->rows[i].order, o->rows[i].user, o->rows[i].flow);
		}
		o->n = 0;
	}
	sim__schedule(sim, sim->now + n->cfg->relay_interval, EV_RELAY, n->index, 0, 0);
}
