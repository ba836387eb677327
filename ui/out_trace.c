/* SPDX-License-Identifier: MIT */
/*
 * out_trace.c: `run --trace PATH`, sampled requests as a Chrome trace (the JSON object
 * format that Perfetto and chrome://tracing open). Each variant is run again with the
 * engine's tracing on (one client request in --trace-every, 100 by default) and becomes a
 * process (pid = variant index + 1); each node is a thread (tid = node index + 1); each hop
 * of a sampled request is a complete event ("X") on its node, from the moment the node took
 * it to its answer, in microseconds of simulated time, with its span, its caller's span and
 * its status in args; a query at a store is such a hop too, a child of the app's. A
 * message a sampled request published is an arrow (a flow pair, "s" then "f") from the
 * publisher's slice to each consumer's.
 *
 * A viewer wants the slices of one thread properly nested, but a node serves many requests
 * at once, so overlapping slices of one node go to extra lanes: more threads of the same
 * node ("app1 #2", tid = node index + 1 + lane * SIM_MAX_NODES) listed right under it. A
 * hop that nests in another one of its node (a call back to the same app) stays in its
 * lane. The spans are kept until the run ends (they arrive as hops end, and an arrow needs
 * its publisher), at most OUT_TRACE_MAX_SPANS of them in the file, shared evenly by the
 * variants: a variant that reaches its share stops there, with a note on stderr. Events
 * are written one by one through jansson, so a big trace never sits in memory as JSON.
 */
#include "out_files.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define OUT_TRACE_MAX_SPANS 200000
#define DEFAULT_EVERY 100

/* The spans of one variant's run, as the engine gave them. */
struct tracer {
	struct sim *sim;
	struct sim_span *spans;
	size_t n;
	size_t cap;
	size_t max;                     /* this variant's share of the file */
	int capped;
	sim_time capped_at;
};

/* A span's place in the file: the lane of its node it is drawn in. */
struct placed {
	const struct sim_span *s;
	int lane;
};

/* The writer: the file and whether an event has been written before (for commas). */
struct writer {
	FILE *f;
	int first;
	int failed;
};

static void on_span(void *ctx, const struct sim_span *span)
{
	struct tracer *t = ctx;

	if (t->n == t->max) {
		/* the trace ends here: hops still in flight are left out, and a call of theirs
		 * that ended before keeps a parent id the file lacks */
		t->capped = 1;
		t->capped_at = sim_now(t->sim);
		sim_trace(t->sim, NULL, NULL, 0);
		return;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		struct sim_span *grown = realloc(t->spans, cap * sizeof(*grown));

		if (!grown) {
			t->capped = -1;         /* out of memory: reported after the run */
			sim_trace(t->sim, NULL, NULL, 0);
			return;
		}
		t->spans = grown;
		t->cap = cap;
	}
	t->spans[t->n++] = *span;
}

/* ---- events ---- */

/* Writes one event and drops it; the array's commas and line breaks are ours. */
static void put_event(struct writer *w, json_t *ev)
{
	if (!ev) {
		w->failed = 1;
		return;
	}
	if (!w->first)
		fputs(",\n", w->f);
	w->first = 0;
	if (json_dumpf(ev, w->f, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
		w->failed = 1;
	json_decref(ev);
}

static int lane_tid(int node, int lane)
{
	return node + 1 + lane * SIM_MAX_NODES;
}

/* The name a node's threads are shown with: its label, or its name where that is unclear. */
static void node_title(const struct sim_config *cfg, int i, char *buf, size_t len)
{
	const struct sim_node_cfg *n = &cfg->nodes[i];
	int shared = 0;

	for (int j = 0; j < cfg->n_nodes && n->label[0]; j++)
		shared |= j != i && strcmp(cfg->nodes[j].label, n->label) == 0;
	if (!n->label[0])
		snprintf(buf, len, "%s", n->name);
	else if (shared)
		snprintf(buf, len, "%s (%s)", n->label, n->name);
	else
		snprintf(buf, len, "%s", n->label);
}

static void put_meta(struct writer *w, int pid, int tid, const char *what, json_t *args)
{
	put_event(w, json_pack("{s:s, s:s, s:i, s:i, s:o}", "name", what, "ph", "M", "pid", pid,
	                       "tid", tid, "args", args));
}

/* The process of a variant, and a thread for each node and each extra lane it needed. */
static void put_threads(struct writer *w, const struct cfg_variant *var, int pid,
                        const int *lanes)
{
	char title[SIM_NAME_MAX * 2 + 4], name[SIM_NAME_MAX * 2 + 16];

	put_meta(w, pid, 0, "process_name", json_pack("{s:s}", "name", var->name));
	put_meta(w, pid, 0, "process_sort_index", json_pack("{s:i}", "sort_index", pid));
	for (int i = 0; i < var->cfg.n_nodes; i++) {
		node_title(&var->cfg, i, title, sizeof(title));
		for (int k = 0; k < (lanes[i] > 0 ? lanes[i] : 1); k++) {
			if (k == 0)
				snprintf(name, sizeof(name), "%s", title);
			else
				snprintf(name, sizeof(name), "%s #%d", title, k + 1);
			put_meta(w, pid, lane_tid(i, k), "thread_name", json_pack("{s:s}", "name", name));
			put_meta(w, pid, lane_tid(i, k), "thread_sort_index",
			         json_pack("{s:i}", "sort_index", i * 1000 + k));
		}
	}
}

static void put_slice(struct writer *w, int pid, const struct placed *p)
{
	const struct sim_span *s = p->s;
	json_t *args = json_pack("{s:I, s:I, s:i}", "span", (json_int_t)s->id,
	                         "parent", (json_int_t)s->parent, "status", s->status);

	if (args && s->flow)
		json_object_set_new(args, "flow", json_integer((json_int_t)s->flow));
	put_event(w, json_pack("{s:s, s:s, s:s, s:I, s:I, s:i, s:i, s:o}", "name", s->route,
	                       "cat", "request", "ph", "X", "ts", (json_int_t)s->start,
	                       "dur", (json_int_t)(s->end - s->start), "pid", pid,
	                       "tid", lane_tid(s->node, p->lane), "args", args));
}

/* The arrow of a message: from its publisher's slice to the consumer's, sharing an id. */
static void put_flow(struct writer *w, int pid, const struct placed *from,
                     const struct placed *to)
{
	/* unique in the file: flows of different variants never meet */
	json_int_t id = (json_int_t)pid << 32 | to->s->id;

	put_event(w, json_pack("{s:s, s:s, s:s, s:I, s:I, s:i, s:i}", "name", "message",
	                       "cat", "message", "ph", "s", "id", id,
	                       "ts", (json_int_t)from->s->start, "pid", pid,
	                       "tid", lane_tid(from->s->node, from->lane)));
	put_event(w, json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:i, s:i}", "name", "message",
	                       "cat", "message", "ph", "f", "bp", "e", "id", id,
	                       "ts", (json_int_t)to->s->start, "pid", pid,
	                       "tid", lane_tid(to->s->node, to->lane)));
}

/* ---- lanes ---- */

/* By start; of two that start together the longer first, so that it holds the other. */
static int by_start(const void *a, const void *b)
{
	const struct sim_span *x = ((const struct placed *)a)->s;
	const struct sim_span *y = ((const struct placed *)b)->s;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int by_id(const void *a, const void *b)
{
	uint32_t x = (*(const struct placed *const *)a)->s->id;
	uint32_t y = (*(const struct placed *const *)b)->s->id;

	return x < y ? -1 : x > y;
}

/* The open slices of one lane, innermost last: the ends they wait for. */
struct lane {
	sim_time *ends;
	int n;
	int cap;
};

/* Whether s can go into lane l now (closing what ended before it starts); pushes it. */
static int lane_take(struct lane *l, const struct sim_span *s)
{
	while (l->n > 0 && l->ends[l->n - 1] <= s->start)
		l->n--;
	if (l->n > 0 && l->ends[l->n - 1] < s->end)
		return 0;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 8;
		sim_time *grown = realloc(l->ends, (size_t)cap * sizeof(*grown));

		if (!grown)
			return -1;
		l->ends = grown;
		l->cap = cap;
	}
	l->ends[l->n++] = s->end;
	return 1;
}

/*
 * Gives each span (sorted by start) the first lane of its node it nests in; lanes[node]
 * becomes the number of lanes the node needed. -1 when out of memory.
 */
static int assign_lanes(struct placed *p, size_t n, int *lanes)
{
	struct lane *all[SIM_MAX_NODES] = {0};
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		int node = p[i].s->node, k, got = 0;

		for (k = 0; got == 0; k++) {
			if (k == lanes[node]) {
				struct lane *grown = realloc(all[node], (size_t)(k + 1) * sizeof(*grown));

				if (!grown) {
					got = -1;
					break;
				}
				memset(&grown[k], 0, sizeof(grown[k]));
				all[node] = grown;
				lanes[node] = k + 1;
			}
			got = lane_take(&all[node][k], p[i].s);
		}
		p[i].lane = k - 1;
		rc = got < 0 ? -1 : 0;
	}
	for (int i = 0; i < SIM_MAX_NODES; i++) {
		for (int k = 0; k < lanes[i] && all[i]; k++)
			free(all[i][k].ends);
		free(all[i]);
	}
	return rc;
}

/* The placed span with id, or NULL: ids is sorted by id. */
static const struct placed *find_span(struct placed **ids, size_t n, uint32_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ids[mid]->s->id == id)
			return ids[mid];
		if (ids[mid]->s->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- one variant ---- */

static int write_variant(struct writer *w, const struct cfg_variant *var, int pid,
                         const struct tracer *t)
{
	struct placed *p = malloc((t->n ? t->n : 1) * sizeof(*p));
	struct placed **ids = malloc((t->n ? t->n : 1) * sizeof(*ids));
	int lanes[SIM_MAX_NODES] = {0};
	int rc = -1;

	if (!p || !ids)
		goto done;
	for (size_t i = 0; i < t->n; i++)
		p[i].s = &t->spans[i];
	qsort(p, t->n, sizeof(*p), by_start);
	if (assign_lanes(p, t->n, lanes) < 0)
		goto done;
	for (size_t i = 0; i < t->n; i++)
		ids[i] = &p[i];
	qsort(ids, t->n, sizeof(*ids), by_id);

	put_threads(w, var, pid, lanes);
	for (size_t i = 0; i < t->n; i++)
		put_slice(w, pid, &p[i]);
	for (size_t i = 0; i < t->n; i++) {
		const struct placed *from = p[i].s->flow ? find_span(ids, t->n, p[i].s->flow) : NULL;

		if (from)
			put_flow(w, pid, from, &p[i]);
	}
	rc = 0;
done:
	free(p);
	free(ids);
	return rc;
}

/*
 * Runs variant v with tracing on to its end (or --until), or until its share of spans is
 * reached. Returns 0, or an exit code after a message.
 */
static int trace_variant(const struct cfg_scenario *sc, int v, const struct cli_options *opt,
                         struct tracer *t, FILE *err)
{
	const struct cfg_variant *var = &sc->variants[v];
	char why[256] = "";
	uint32_t every = opt->trace_every ? opt->trace_every : DEFAULT_EVERY;

	t->sim = sim_create(&var->cfg, sc->seed, why, sizeof(why));
	if (!t->sim) {
		fprintf(err, "%s: variant '%s' cannot run: %s\n", sc->path, var->name,
		        why[0] ? why : "the engine refused it");
		return CLI_EXIT_DATA;
	}
	sim_trace(t->sim, on_span, t, every);
	sim_time end = sim_end(t->sim);
	if (opt->has_until && opt->until < end)
		end = opt->until;
	/* a second at a time, so that a variant that reached its share stops there */
	for (sim_time now = 0; now < end && !t->capped;) {
		now = now + SIM_SEC < end ? now + SIM_SEC : end;
		sim_run_until(t->sim, now);
	}
	if (t->capped < 0) {
		fprintf(err, "gossipsim: out of memory\n");
		return CLI_EXIT_SOFTWARE;
	}
	return 0;
}

static void note_capped(const struct cfg_variant *var, const struct tracer *t, FILE *err)
{
	char clock[16];

	sim_clock_format(t->sim, t->capped_at, clock, sizeof(clock));
	fprintf(err, "gossipsim: --trace: variant '%s' reached its %zu spans at %s; its trace "
	        "stops there (a larger --trace-every samples fewer requests)\n", var->name,
	        t->max, clock);
}

static void put_head(struct writer *w, const struct cfg_scenario *sc)
{
	json_t *other = json_pack("{s:s, s:s, s:s}", "scenario", sc->path, "title", sc->title,
	                          "generator", "gossipsim run --trace");
	char seed[24];

	snprintf(seed, sizeof(seed), "%" PRIu64, sc->seed);
	if (other)
		json_object_set_new(other, "seed", json_string(seed));
	fputs("{\"displayTimeUnit\": \"ms\",\n\"otherData\": ", w->f);
	if (!other || json_dumpf(other, w->f, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
		w->failed = 1;
	json_decref(other);
	fputs(",\n\"traceEvents\": [\n", w->f);
}

int out_trace_write(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                    FILE *err)
{
	struct out_file of;
	int first = variant < 0 ? 0 : variant, last = variant < 0 ? sc->n_variants - 1 : variant;
	int rc = out_file_open(&of, opt->trace_path, err);
	struct writer w = {.f = of.f, .first = 1};

	if (rc != CLI_EXIT_OK)
		return rc;
	put_head(&w, sc);
	for (int v = first; v <= last && rc == 0; v++) {
		struct tracer t = {.max = OUT_TRACE_MAX_SPANS / (size_t)(last - first + 1)};

		rc = trace_variant(sc, v, opt, &t, err);
		if (rc == 0 && write_variant(&w, &sc->variants[v], v + 1, &t) < 0) {
			fprintf(err, "gossipsim: out of memory\n");
			rc = CLI_EXIT_SOFTWARE;
		}
		if (rc == 0 && t.capped > 0)
			note_capped(&sc->variants[v], &t, err);
		sim_destroy(t.sim);
		free(t.spans);
	}
	fputs("\n]}\n", of.f);
	/* a failed write leaves the stream in error: the commit says why */
	if (rc == 0 && w.failed && !ferror(of.f)) {
		fprintf(err, "gossipsim: cannot write '%s': out of memory\n", opt->trace_path);
		rc = CLI_EXIT_SOFTWARE;
	}
	if (rc != 0) {
		out_file_abort(&of);
		return rc;
	}
	return out_file_commit(&of, err);
}
