/* SPDX-License-Identifier: MIT */
/*
 * broker.c: a Kafka-like broker and the apps that consume from it. A topic is split into
 * partitions; a message goes to the partition of its purchase (or user), so messages about
 * one thing stay in order. Each consuming app is a consumer group of its own: per
 * partition it processes one message at a time, in order, as a request of its route.
 *
 * Delivery is at least once. The position a group has reached is committed every commit
 * interval (or after each message when the interval is 0); a process that dies rewinds to
 * its last commit, so what it processed since is delivered again. An idempotent consumer
 * remembers the ids it has processed and skips a second delivery; another one runs it
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

			if (cc->broker != b->index || cc->topic != t)
				continue;
			if (n->cons[k].committed == NULL)
				return part->base;
			if (n->cons[k].committed[p] < floor)
				floor = n->cons[k].committed[p];
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

/* ---- consumers ----------------------------------------------------------------------- */

static int
consumer_init(struct sim *sim, struct sim_node *n, int k)
{
	const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
	struct sim_topic *tp = topic_of(sim, &sim->nodes[cc->broker], cc->topic);
	struct sim_consumer *c = &n->cons[k];
	size_t np;

	if (tp == NULL)
		return -1;
	if (c->pos != NULL)
		return 0;
	np = (size_t)tp->n_parts;
	c->pos = calloc(np, sizeof *c->pos);
	c->committed = calloc(np, sizeof *c->committed);
	c->busy = calloc(np, 1);
	c->tries = calloc(np, 1);
	if (!c->pos || !c->committed || !c->busy || !c->tries) {
		sim->oom_err = 1;
		return -1;
	}
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
		free(c->seen);
		memset(c, 0, sizeof *c);
	}
	free(n->outbox.rows);
	free(n->outbox.dest);
	memset(&n->outbox, 0, sizeof n->outbox);
}

static int
seen_has(const struct sim_consumer *c, uint64_t id)
{
	return id < c->seen_cap && (c->seen[id >> 3] >> (id & 7)) & 1;
}

static void
seen_add(struct sim *sim, struct sim_consumer *c, uint64_t id)
{
	if (id >= c->seen_cap) {
		uint64_t cap = c->seen_cap ? c->seen_cap : 1024;
		uint8_t *s;

		while (cap <= id)
			cap *= 2;
		s = realloc(c->seen, cap / 8);
		if (s == NULL) {
			sim->oom_err = 1;
			return;
		}
		memset(s + c->seen_cap / 8, 0, (cap - c->seen_cap) / 8);
		c->seen = s;
		c->seen_cap = cap;
	}
	c->seen[id >> 3] |= (uint8_t)(1u << (id & 7));
}

/* Starts processing the message at pos of partition p; returns 0 if it could not. */
static int
consume_start(struct sim *sim, struct sim_node *n, int k, int p, const struct sim_msg *m)
{
	const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
	struct sim_consumer *c = &n->cons[k];
	uint32_t r;
	struct sim_req *q;

	if (seen_has(c, m->id)) {
		if (cc->idempotent) {
			sim->m.duplicates_absorbed++;
			c->pos[p]++;
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
	q->epoch = c->epoch;
	c->busy[p] = 1;
	sim__edge(sim, cc->broker, n->index);
	sim__app_accept(sim, n, r);
	return 1;
}

/* Lets the app take the next message of every idle partition it consumes. */
void
sim__consume_pump(struct sim *sim, struct sim_node *n)
{
	int k, p;

	if (!n->up)
		return;
	for (k = 0; k < n->cfg->n_consumes; k++) {
		const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
		struct sim_consumer *c = &n->cons[k];
		struct sim_topic *tp;

		if (consumer_init(sim, n, k) != 0)
			return;
		tp = &sim->nodes[cc->broker].topics[cc->topic];
		for (p = 0; p < tp->n_parts; p++) {
			struct sim_part *part = &tp->parts[p];

			while (!c->busy[p] && c->pos[p] < part->base + part->n) {
				if (n->cfg->workers > 0 &&
				    n->workers_busy >= n->cfg->workers * n->instances)
					return;
				if (!consume_start(sim, n, k, p, &part->log[c->pos[p] - part->base]))
					return;
			}
		}
	}
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
	struct sim_consumer *c = &n->cons[k];
	struct sim_part *part;
	struct sim_msg m;
	uint16_t epoch = q->epoch;

	sim__req_free(sim, r);
	if (epoch != c->epoch)
		return;         /* the process died since: a rewind already took it back */
	part = &sim->nodes[cc->broker].topics[cc->topic].parts[p];
	m = part->log[c->pos[p] - part->base];
	c->busy[p] = 0;
	if (!ok && c->tries[p] < cc->retries) {
		c->tries[p]++;
		c->busy[p] = 1;
		sim->m.consumer_retries++;
		sim__schedule(sim, sim->now + (cc->backoff << (c->tries[p] - 1)), EV_RETRY,
		              n->index, (uint32_t)(k << 8 | p), c->epoch);
		return;
	}
	if (ok)
		seen_add(sim, c, m.id);
	else
		park(sim, n, k, &m, c->tries[p] + 1);
	c->tries[p] = 0;
	c->pos[p]++;
	if (cc->commit_interval <= 0)
		c->committed[p] = c->pos[p];
	sim__consume_pump(sim, n);
}

void
sim__consume_retry(struct sim *sim, struct sim_node *n, uint32_t arg, uint32_t epoch)
{
	struct sim_consumer *c = &n->cons[arg >> 8];

	if (epoch != c->epoch)
		return;
	c->busy[arg & 0xff] = 0;
	sim__consume_pump(sim, n);
}

void
sim__consume_commit(struct sim *sim, struct sim_node *n, int k)
{
	const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
	struct sim_consumer *c = &n->cons[k];
	int p;

	if (n->up && c->pos != NULL)
		for (p = 0; p < sim->nodes[cc->broker].topics[cc->topic].n_parts; p++)
			c->committed[p] = c->pos[p];
	sim__schedule(sim, sim->now + cc->commit_interval, EV_COMMIT, n->index, (uint32_t)k, 0);
}

/* The process died: every group it is in starts again from its last commit. */
void
sim__consume_rewind(struct sim *sim, struct sim_node *n)
{
	int k, p;

	for (k = 0; k < n->cfg->n_consumes; k++) {
		const struct sim_consume_cfg *cc = &n->cfg->consumes[k];
		struct sim_consumer *c = &n->cons[k];

		if (c->pos == NULL)
			continue;
		for (p = 0; p < sim->nodes[cc->broker].topics[cc->topic].n_parts; p++) {
			c->pos[p] = c->committed[p];
			c->busy[p] = 0;
			c->tries[p] = 0;
		}
		c->epoch++;
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
			const struct sim_topic *tp;
			uint64_t lag = 0;

			if (n->cons[k].pos == NULL || sim->nodes[cc->broker].topics == NULL)
				continue;
			tp = &sim->nodes[cc->broker].topics[cc->topic];
			for (p = 0; p < tp->n_parts; p++)
				lag += tp->parts[p].base + tp->parts[p].n - n->cons[k].pos[p];
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

/* The relay: publish every waiting row, in order, while the app is up. */
void
sim__outbox_relay(struct sim *sim, struct sim_node *n)
{
	struct sim_outbox *o = &n->outbox;
	uint32_t i;

	if (n->up) {
		for (i = 0; i < o->n; i++)
			sim__broker_publish(sim, &sim->nodes[o->dest[i] >> 8], o->dest[i] & 0xff,
			                    o->rows[i].order, o->rows[i].user, o->rows[i].flow);
		o->n = 0;
	}
	sim__schedule(sim, sim->now + n->cfg->relay_interval, EV_RELAY, n->index, 0, 0);
}
