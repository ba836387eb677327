/* SPDX-License-Identifier: MIT */
/*
 * cfg.c: binds era and scenario trees (cfg_tree.c) into sim_config structs, one per variant.
 *
 * For each variant the two trees are cloned, the variant's `set:` entries and then the
 * command line's --set overrides are written into the clones, and the clones are bound.
 * Binding is driven by schema tables, one per section or kind (era, node, route, scenario,
 * workload, fault, curve...): a row names a key, its type, the kinds it belongs to, whether
 * it is required, its range and where it goes. One function walks a mapping against a table,
 * so every section reports unknown keys, missing keys, wrong types and ranges alike.
 *
 * Errors are collected, not returned at the first: a load reports every problem it can
 * find, and cfg_error() drops the repeats that binding the same era once per variant makes.
 * Values written by a set are remembered as overlays so that a mistake in one is reported
 * at its place in the scenario file (or on the --set) rather than in the era file.
 * A load with any error frees everything: nothing half-loads.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cfg.h"
#include "cfg_log.h"
#include "cfg_tree.h"
#include "sim.h"

#define ALL_KINDS 0xffffu
/*
 * Limits of the engine, where a value sizes memory or a loop: every cache keeps an entry
 * per key of every key space, a retry count lives in a byte and doubles a backoff, and
 * the autoscaler boots instances one by one. Beyond them a valid-looking file would take
 * gigabytes or never end, so it is refused instead.
 */
#define MAX_KEYS 1000000
#define MAX_RETRIES 30
#define MAX_INSTANCES 1000
#define MAX_OVERLAYS 256
#define MAX_YEAR 9999                   /* years are printed as four digits */
#define LABEL_MAX 256
#define MAX_PREFIXES 64                 /* path prefixes of one replay workload */

enum ftype {
	F_NAME,                         /* text that fits a char[size] */
	F_TEXT,
	F_INT,                          /* int */
	F_U64,                          /* uint64_t, a seed */
	F_COUNT,                        /* a whole number kept in a double (users) */
	F_NUMBER,                       /* double */
	F_DURATION,                     /* sim_time */
	F_SIZE,                         /* uint64_t bytes */
	F_RATE,                         /* double per second */
	F_MONEY,                        /* double per month */
	F_RATIO,                        /* double 0..1 */
	F_DIST,                         /* struct sim_dist */
	F_ENUM,                         /* int, the index in names */
	F_REF,                          /* int, a node index */
	F_ROUTE,                        /* int, a route index */
	F_REGION,                       /* int, a region index */
	F_BOOL,                         /* int, 1 for true */
	F_BANDWIDTH,                    /* double bytes per second */
	F_CUSTOM,                       /* fn does it */
	F_SKIP                          /* read elsewhere */
};

enum range { R_ANY, R_POS, R_NONNEG, R_ONE };

struct binder;
typedef void (*custom_fn)(struct binder *b, const struct cfg_node *val, void *obj,
                          const char *label);

struct field {
	const char *key;
	enum ftype type;
	unsigned kinds;                 /* bits of the section's kinds that have it; 0: all */
	unsigned required;              /* bits of the kinds that must give it */
	enum range range;
	size_t off;
	size_t size;                    /* F_NAME, F_TEXT */
	const char *const *names;       /* F_ENUM */
	unsigned refs;                  /* F_REF: bits of the node kinds it may name */
	long long max;                  /* F_INT: the largest value allowed; 0: INT_MAX */
	custom_fn fn;                   /* F_CUSTOM */
};

/* A table and the names of the kinds its rows are marked with, for messages. */
struct section {
	const struct field *fields;
	int n;
	const char *const *kinds;       /* NULL when the section has one kind */
	const char *noun;               /* "nodes", "workloads" */
	/* per kind, "a crash": when set, another kind's key is said not to apply to this one */
	const char *const *misfit;
};

/* What the scenario says about itself, bound alongside the config. */
struct scen_top {
	char name[SIM_NAME_MAX];
	char title[SIM_TEXT_MAX];
	char description[1024];
	char era[1024];
	int year;
	int chapter;
	uint64_t seed;
};

struct overlay {
	const struct cfg_node *root;
	const char *path;
};

/* Everything one variant's binding needs; allocated per variant, then copied out. */
struct binder {
	struct cfg_errors *errs;
	const char *path;               /* the file of the tree being bound */
	int is_era;
	struct overlay ov[MAX_OVERLAYS];
	int n_ov;

	struct sim_config cfg;
	struct scen_top top;
	struct sim_claim claims[SIM_MAX_CLAIMS];
	int n_claims;

	int kind_known[SIM_MAX_NODES];
	const struct cfg_node *node_maps[SIM_MAX_NODES];
	const struct cfg_node *up_items[SIM_MAX_NODES][SIM_MAX_UPSTREAMS];
	const struct cfg_node *fault_at[SIM_MAX_FAULTS];
	/* a consumer's topic, resolved once every broker's topics are known */
	const struct cfg_node *consume_topic[SIM_MAX_NODES][SIM_MAX_CONSUMES];
	const struct cfg_node *consume_compensate[SIM_MAX_NODES][SIM_MAX_CONSUMES];
	const struct cfg_node *duration_node;
	/* each call step's `call:` value, where a cycle of calls is reported */
	const struct cfg_node *call_at[SIM_MAX_ROUTES][SIM_MAX_STEPS];

	/* replay workloads: what their keys said, joined with their log once all are bound */
	struct cfg_replay **replay;     /* the scenario's store of logs */
	int unopened;                   /* a log could not be opened: the load is CFG_EOPEN */
	struct replay_keys {
		const struct cfg_node *log;
		double speed;
		int n_prefixes;
		const char *prefixes[MAX_PREFIXES];
		int routes[MAX_PREFIXES];
	} rk[SIM_MAX_WORKLOADS];
};

static const char *const node_kind_names[] = {
	"lb", "app", "db", "cache", "gateway", "broker", "cdn", NULL
};
static const char *const policy_names[] = {
	"round_robin", "sticky", "least_conn", "nearest", NULL
};
static const char *const session_names[] = { "none", "local", "store", "jwt", NULL };
static const char *const db_conn_names[] = { "per_query", "per_request", NULL };
static const char *const route_session_names[] = { "none", "required", NULL };
static const char *const workload_kind_names[] = { "open", "closed", "replay", NULL };
static const char *const fault_kind_names[] = {
	"crash", "slow", "errors", "down", "hang", "move", "partition", "region_loss", "deploy",
	NULL
};
static const char *const fault_phrases[] = {
	"a crash", "a slow fault", "an errors fault", "a down fault", "a hang", "a move",
	"a partition", "a region_loss", "a deploy", NULL
};
static const char *const cap_names[] = { "none", "ap", "cp", NULL };
static const char *const scope_names[] = { "global", "user", NULL };
static const char *const window_names[] = { "count", "time", NULL };
/* in the order of enum sim_step_kind; the key that names a step's kind */
static const char *const step_kind_names[] = {
	"cpu", "query", "sleep", "call", "publish", "cache", "write", "charge", "outbox", "post",
	"refund", NULL
};

/* ---- errors ---- */

static int
in_subtree(const struct cfg_node *root, const struct cfg_node *node)
{
	if (root == node)
		return 1;
	for (int i = 0; i < root->n; i++) {
		if (in_subtree(root->items[i], node))
			return 1;
		if (root->keys != NULL && root->keys[i] == node)
			return 1;
	}
	return 0;
}

/* The file a node was written in: a set's file for what a set wrote, else the tree's. */
static const char *
origin(const struct binder *b, const struct cfg_node *node)
{
	for (int i = b->n_ov - 1; node != NULL && i >= 0; i--) {
		if (in_subtree(b->ov[i].root, node))
			return b->ov[i].path;
	}
	return b->path;
}

static void
berr(struct binder *b, const struct cfg_node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
berr(struct binder *b, const struct cfg_node *at, const char *fmt, ...)
{
	char text[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	cfg_error(b->errs, origin(b, at), at ? at->line : 0, at ? at->col : 0, "%s", text);
}

/* "got 'two'", "got a list": what a message says was found instead. */
static const char *
got(const struct cfg_node *node, char *buf, size_t len)
{
	if (node->type == CFG_MAP)
		return "a mapping";
	if (node->type == CFG_SEQ)
		return "a list";
	if (node->value[0] == 0 && !node->quoted)
		return "nothing";
	snprintf(buf, len, "'%.200s'", node->value);
	return buf;
}

/* label.key into out (LABEL_MAX bytes, cut if need be); out may be label itself. */
static void
join(char *out, const char *label, const char *key)
{
	char tmp[LABEL_MAX];
	size_t n = strlen(label), k = strlen(key);

	if (n >= LABEL_MAX)
		n = LABEL_MAX - 1;
	memcpy(tmp, label, n);
	if (n > 0 && n + 1 < LABEL_MAX)
		tmp[n++] = '.';
	if (k > LABEL_MAX - 1 - n)
		k = LABEL_MAX - 1 - n;
	memcpy(tmp + n, key, k);
	tmp[n + k] = 0;
	memcpy(out, tmp, n + k + 1);
}

static void
join_index(char *out, const char *label, int i)
{
	snprintf(out, LABEL_MAX, "%s[%d]", label, i);
}

/* "one of a, b, c" into buf. */
static const char *
one_of(const char *const *names, char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len, "one of");

	for (int i = 0; names[i] != NULL && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s %s", i ? "," : "", names[i]);
	return buf;
}

static int
count_names(const char *const *names)
{
	int n = 0;

	while (names[n] != NULL)
		n++;
	return n;
}

static void
expected(struct binder *b, const struct cfg_node *val, const char *label, const char *what)
{
	char buf[256];

	berr(b, val, "%s: expected %s, got %s", label, what, got(val, buf, sizeof(buf)));
}

static int
want(struct binder *b, const struct cfg_node *val, enum cfg_node_type type, const char *label)
{
	static const char *const what[] = { "a single value", "a list", "a mapping" };

	if (val->type == type)
		return 1;
	expected(b, val, label, what[type]);
	return 0;
}

/* ---- names and references ---- */

static int
find_name(const char *const *names, const char *word)
{
	for (int i = 0; names[i] != NULL; i++) {
		if (strcmp(names[i], word) == 0)
			return i;
	}
	return -1;
}

static int
node_index(const struct binder *b, const char *name)
{
	for (int i = 0; i < b->cfg.n_nodes; i++) {
		if (strcmp(b->cfg.nodes[i].name, name) == 0)
			return i;
	}
	return -1;
}

/* "an app", "an lb" (said "el-bee"), "a db". */
static const char *
article(const char *word)
{
	if (word[0] != 0 && (strchr("aeiou", word[0]) != NULL || strcmp(word, "lb") == 0))
		return "an";
	return "a";
}

/* "a db node", "an lb or app node", "an lb, app or gateway node". */
static const char *
kinds_phrase(unsigned mask, char *buf, size_t len)
{
	size_t used = 0;
	int seen = 0, total = 0;

	buf[0] = 0;
	/* the kinds the loader knows, which may be fewer than the engine's */
	for (int k = 0; node_kind_names[k] != NULL; k++)
		total += (mask >> k) & 1;
	for (int k = 0; node_kind_names[k] != NULL && used < len; k++) {
		const char *name = node_kind_names[k];

		if (!(mask & (1u << k)))
			continue;
		if (seen == 0)
			used += (size_t)snprintf(buf, len, "%s %s", article(name), name);
		else
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
			                         seen == total - 1 ? " or " : ", ", name);
		seen++;
	}
	if (used < len)
		snprintf(buf + used, len - used, " node");
	return buf;
}

static const char *
suggest_phrase(const char *word, const char *const *cands, int n, char *buf, size_t len)
{
	const char *s = cfg_suggest(word, cands, n);

	if (s == NULL)
		return "";
	snprintf(buf, len, " (did you mean '%s'?)", s);
	return buf;
}

/* Resolves a node name; -1 (and a message) when there is none of an accepted kind. */
static int
resolve_ref(struct binder *b, const struct cfg_node *val, const char *label, unsigned refs)
{
	const char *names[SIM_MAX_NODES];
	char hint[80], kinds[96];
	int i;

	if (!want(b, val, CFG_SCALAR, label))
		return -1;
	i = node_index(b, val->value);
	if (i < 0) {
		for (int j = 0; j < b->cfg.n_nodes; j++)
			names[j] = b->cfg.nodes[j].name;
		berr(b, val, "%s: no node called '%s'%s", label, val->value,
		     suggest_phrase(val->value, names, b->cfg.n_nodes, hint, sizeof(hint)));
		return -1;
	}
	if (b->kind_known[i] && !(refs & (1u << b->cfg.nodes[i].kind))) {
		berr(b, val, "%s: '%s' is %s %s node, expected %s", label, val->value,
		     article(sim_node_kind_name(b->cfg.nodes[i].kind)),
		     sim_node_kind_name(b->cfg.nodes[i].kind),
		     kinds_phrase(refs, kinds, sizeof(kinds)));
		return -1;
	}
	return i;
}

static int route_index(struct binder *b, const struct cfg_node *name, const char *label);

/* Resolves a region name against the era's regions; -1 (and a message) when it is none. */
static int
region_index(struct binder *b, const struct cfg_node *val, const char *label)
{
	const char *names[SIM_MAX_REGIONS];
	char hint[80];

	if (!want(b, val, CFG_SCALAR, label))
		return -1;
	for (int r = 0; r < b->cfg.n_regions; r++) {
		if (strcmp(b->cfg.regions[r], val->value) == 0)
			return r;
		names[r] = b->cfg.regions[r];
	}
	if (b->cfg.n_regions == 0)
		berr(b, val, "%s: no region called '%s' (the era lists no regions)", label,
		     val->value);
	else
		berr(b, val, "%s: no region called '%s'%s", label, val->value,
		     suggest_phrase(val->value, names, b->cfg.n_regions, hint, sizeof(hint)));
	return -1;
}

/* The earlier item of a list written with the same text as item i, or -1. */
static int
listed_before(const struct cfg_node *list, int i)
{
	for (int j = 0; j < i; j++) {
		if (list->items[j]->type == CFG_SCALAR && list->items[i]->type == CFG_SCALAR &&
		    strcmp(list->items[j]->value, list->items[i]->value) == 0)
			return j;
	}
	return -1;
}

/*
 * A list of at most max items, at least one: refuses a single value with an example of
 * the list, and names an item listed twice. Returns 0 when the items are worth binding.
 */
static int
plain_list(struct binder *b, const struct cfg_node *val, const char *label, int max,
           const char *what, const char *whats, const char *example)
{
	char like[160];

	if (val->type == CFG_SCALAR) {
		snprintf(like, sizeof(like), "a list of %s, like %s", whats, example);
		expected(b, val, label, like);
		return -1;
	}
	if (!want(b, val, CFG_SEQ, label))
		return -1;
	if (val->n == 0) {
		berr(b, val, "%s: expected at least one %s", label, what);
		return -1;
	}
	if (val->n > max) {
		berr(b, val, "%s: too many %s (at most %d)", label, whats, max);
		return -1;
	}
	for (int i = 0; i < val->n; i++) {
		if (listed_before(val, i) >= 0)
			berr(b, val->items[i], "%s: '%s' is listed twice", label,
			     val->items[i]->value);
	}
	return 0;
}

/* ---- values ---- */

static void
range_error(struct binder *b, const struct cfg_node *val, const char *label, enum range r)
{
	static const char *const says[] = {
		"", "must be more than 0", "must not be negative", "must be at least 1"
	};

	berr(b, val, "%s: %s, got '%s'", label, says[r], val->value);
}

static int
in_range(double v, enum range r)
{
	switch (r) {
	case R_POS:
		return v > 0;
	case R_NONNEG:
		return v >= 0;
	case R_ONE:
		return v >= 1;
	default:
		return 1;
	}
}

/* A whole number, as written; -1 when it is not one, -2 when it does not fit. */
static int
parse_whole(const char *s, long long *out)
{
	char *end;

	if (!isdigit((unsigned char)s[0]) && !((s[0] == '-' || s[0] == '+') &&
	    isdigit((unsigned char)s[1])))
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	if (*end != 0)
		return -1;
	return errno == ERANGE ? -2 : 0;
}

static int
parse_number(const char *s, double *out)
{
	char *end;

	if (s[0] == 0 || isspace((unsigned char)s[0]))
		return -1;
	*out = strtod(s, &end);
	return *end == 0 && isfinite(*out) ? 0 : -1;
}

/* "90%" or "0.9". */
static int
parse_ratio(const char *s, double *out)
{
	size_t len = strlen(s);
	char buf[64];

	if (len > 1 && len < sizeof(buf) && s[len - 1] == '%') {
		memcpy(buf, s, len - 1);
		buf[len - 1] = 0;
		if (parse_number(buf, out) < 0)
			return -1;
		*out /= 100;
	} else if (parse_number(s, out) < 0) {
		return -1;
	}
	return *out >= 0 && *out <= 1 ? 0 : -1;
}

static void
bind_int(struct binder *b, const struct field *f, const struct cfg_node *val,
         const char *label, void *dst)
{
	long long v;
	int rc = parse_whole(val->value, &v);
	long long max = f->max > 0 ? f->max : f->type == F_INT ? INT_MAX : LLONG_MAX;

	if (rc == -1) {
		expected(b, val, label, "a whole number");
	} else if (rc == -2 || v > max) {
		berr(b, val, "%s: must be at most %lld, got '%s'", label, max, val->value);
	} else if (!in_range((double)v, f->range) || (f->type == F_U64 && v < 0)) {
		range_error(b, val, label, f->range == R_ANY ? R_NONNEG : f->range);
	} else if (f->type == F_INT) {
		*(int *)dst = (int)v;
	} else if (f->type == F_U64) {
		*(uint64_t *)dst = (uint64_t)v;
	} else {
		*(double *)dst = (double)v;
	}
}

static void
bind_text(struct binder *b, const struct field *f, const struct cfg_node *val,
          const char *label, char *dst)
{
	if (strlen(val->value) >= f->size) {
		berr(b, val, "%s: longer than %zu characters", label, f->size - 1);
		return;
	}
	strcpy(dst, val->value);
}

static void
bind_enum(struct binder *b, const struct field *f, const struct cfg_node *val,
          const char *label, int *dst)
{
	char list[160], hint[80], buf[256];
	int i = find_name(f->names, val->value);

	if (i >= 0) {
		*dst = i;
		return;
	}
	berr(b, val, "%s: expected %s, got %s%s", label, one_of(f->names, list, sizeof(list)),
	     got(val, buf, sizeof(buf)),
	     suggest_phrase(val->value, f->names, count_names(f->names), hint, sizeof(hint)));
}

/* The unit parsers: what they say they expected goes into the message. */
static void
bind_unit(struct binder *b, const struct field *f, const struct cfg_node *val,
          const char *label, void *dst)
{
	char why[160];
	int rc = -1;
	double v = 0;

	switch (f->type) {
	case F_DURATION:
		rc = cfg_parse_duration(val->value, dst, why, sizeof(why));
		v = rc == 0 ? (double)*(sim_time *)dst : 0;
		break;
	case F_SIZE:
		rc = cfg_parse_size(val->value, dst, why, sizeof(why));
		v = rc == 0 ? (double)*(uint64_t *)dst : 0;
		break;
	case F_RATE:
		rc = cfg_parse_rate(val->value, dst, why, sizeof(why));
		v = rc == 0 ? *(double *)dst : 0;
		break;
	case F_MONEY:
		rc = cfg_parse_money(val->value, dst, why, sizeof(why));
		break;
	case F_DIST:
		rc = cfg_parse_dist(val->value, dst, why, sizeof(why));
		break;
	case F_BANDWIDTH:
		rc = cfg_parse_bandwidth(val->value, dst, why, sizeof(why));
		v = rc == 0 ? *(double *)dst : 0;
		break;
	default:
		break;
	}
	if (rc < 0)
		expected(b, val, label, why);
	else if (!in_range(v, f->range))
		range_error(b, val, label, f->range);
}

static void
bind_value(struct binder *b, const struct field *f, const struct cfg_node *val,
           const char *label, void *obj)
{
	void *dst = (char *)obj + f->off;
	double v;
	int ref;

	if (f->type == F_SKIP)
		return;
	if (f->type == F_CUSTOM) {
		f->fn(b, val, obj, label);
		return;
	}
	if (!want(b, val, CFG_SCALAR, label))
		return;
	switch (f->type) {
	case F_NAME:
	case F_TEXT:
		bind_text(b, f, val, label, dst);
		break;
	case F_INT:
	case F_U64:
	case F_COUNT:
		bind_int(b, f, val, label, dst);
		break;
	case F_NUMBER:
		if (parse_number(val->value, &v) < 0)
			expected(b, val, label, "a number");
		else if (!in_range(v, f->range))
			range_error(b, val, label, f->range);
		else
			*(double *)dst = v;
		break;
	case F_RATIO:
		if (parse_ratio(val->value, &v) < 0)
			expected(b, val, label, "a ratio from 0 to 1, like 90% or 0.9");
		else
			*(double *)dst = v;
		break;
	case F_ENUM:
		bind_enum(b, f, val, label, dst);
		break;
	case F_REF:
		ref = resolve_ref(b, val, label, f->refs);
		if (ref >= 0)
			*(int *)dst = ref;
		break;
	case F_ROUTE:
		ref = route_index(b, val, label);
		if (ref >= 0)
			*(int *)dst = ref;
		break;
	case F_REGION:
		ref = region_index(b, val, label);
		if (ref >= 0)
			*(int *)dst = ref;
		break;
	case F_BOOL:
		/* YAML 1.1's yes/no/on/off are refused: "no" is also a country code */
		if (strcmp(val->value, "true") == 0 || strcmp(val->value, "false") == 0)
			*(int *)dst = val->value[0] == 't';
		else
			expected(b, val, label, "true or false");
		break;
	default:
		bind_unit(b, f, val, label, dst);
		break;
	}
}

/* ---- mappings against tables ---- */

static const struct field *
find_field(const struct section *sec, const char *key, unsigned bit)
{
	for (int i = 0; i < sec->n; i++) {
		const struct field *f = &sec->fields[i];

		if (strcmp(f->key, key) == 0 && (bit == 0 || f->kinds == 0 || (f->kinds & bit)))
			return f;
	}
	return NULL;
}

/* " (a key of app and db nodes)" when the key belongs to other kinds of the section. */
static const char *
owner_hint(const struct section *sec, const char *key, char *buf, size_t len)
{
	const struct field *f = find_field(sec, key, 0);
	size_t used;
	int seen = 0, total = 0;

	if (f == NULL || sec->kinds == NULL || f->kinds == 0)
		return "";
	for (int k = 0; sec->kinds[k] != NULL; k++)
		total += (f->kinds >> k) & 1;
	used = (size_t)snprintf(buf, len, " (a key of ");
	for (int k = 0; sec->kinds[k] != NULL && used < len; k++) {
		if (!(f->kinds & (1u << k)))
			continue;
		seen++;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		                         seen == 1 ? "" : seen == total ? " and " : ", ",
		                         sec->kinds[k]);
	}
	if (used < len)
		snprintf(buf + used, len - used, " %s)", sec->noun);
	return buf;
}

static void
unknown_key(struct binder *b, const struct section *sec, const struct cfg_node *key,
            const char *label, unsigned bit)
{
	const char *cands[64];
	char hint[120];
	int n = 0;
	const char *extra;

	if (sec->misfit != NULL && bit != 0 && find_field(sec, key->value, 0) != NULL) {
		int kind = 0;

		while (!(bit & (1u << kind)))
			kind++;
		berr(b, key, "%s: '%s' does not apply to %s", label, key->value,
		     sec->misfit[kind]);
		return;
	}
	for (int i = 0; i < sec->n && n < 64; i++) {
		const struct field *f = &sec->fields[i];

		if (bit == 0 || f->kinds == 0 || (f->kinds & bit))
			cands[n++] = f->key;
	}
	extra = suggest_phrase(key->value, cands, n, hint, sizeof(hint));
	if (extra[0] == 0)
		extra = owner_hint(sec, key->value, hint, sizeof(hint));
	berr(b, key, "unknown key '%s'%s%s%s", key->value, label[0] ? " in " : "", label, extra);
}

/*
 * Binds every key of map through the section's table into obj. bit selects the kind whose
 * keys are allowed; 0 means the kind is not known (its own error was reported): any kind's
 * key is then accepted and nothing is required.
 */
static void
bind_map(struct binder *b, const struct cfg_node *map, const char *label,
         const struct section *sec, unsigned bit, void *obj)
{
	char child[LABEL_MAX];

	if (!want(b, map, CFG_MAP, label[0] ? label : "the top level"))
		return;
	for (int i = 0; i < map->n; i++) {
		const struct field *f = find_field(sec, map->keys[i]->value, bit);

		if (f == NULL) {
			unknown_key(b, sec, map->keys[i], label, bit);
			continue;
		}
		join(child, label, f->key);
		bind_value(b, f, map->items[i], child, obj);
	}
	for (int i = 0; bit != 0 && i < sec->n; i++) {
		const struct field *f = &sec->fields[i];

		if ((f->required & bit) && (f->kinds == 0 || (f->kinds & bit)) &&
		    cfg_node_get(map, f->key) == NULL)
			berr(b, map, "%s%smissing required key '%s'", label, label[0] ? ": " : "",
			     f->key);
	}
}

/* The kind of a node, workload or fault, read before its other keys; -1 when unknown. */
static int
read_kind(struct binder *b, const struct cfg_node *map, const char *label,
          const char *const *names)
{
	struct field f = { .key = "kind", .type = F_ENUM, .names = names };
	const struct cfg_node *val = cfg_node_get(map, "kind");
	char child[LABEL_MAX];
	int kind = -1;

	if (map->type != CFG_MAP)
		return -1;
	if (val == NULL) {
		berr(b, map, "%s: missing required key 'kind'", label);
		return -1;
	}
	join(child, label, "kind");
	if (want(b, val, CFG_SCALAR, child))
		bind_enum(b, &f, val, child, &kind);
	return kind;
}

/* A name used as a key (node, route, workload, variant): it goes into set paths too. */
static int
check_name(struct binder *b, const struct cfg_node *key, const char *label)
{
	if (strlen(key->value) >= SIM_NAME_MAX) {
		berr(b, key, "%s: name '%s' is longer than %d characters", label, key->value,
		     SIM_NAME_MAX - 1);
		return 0;
	}
	for (const char *s = key->value; *s != 0; s++) {
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-') {
			berr(b, key, "%s: '%s' is not a valid name (letters, digits, _ and - only)",
			     label, key->value);
			return 0;
		}
	}
	if (key->value[0] == 0) {
		berr(b, key, "%s: a name cannot be empty", label);
		return 0;
	}
	return 1;
}

/* A named collection: a mapping with at least one and at most max entries. */
static int
collection(struct binder *b, const struct cfg_node *val, const char *label, int max,
           const char *what)
{
	if (!want(b, val, CFG_MAP, label))
		return 0;
	if (val->n == 0) {
		berr(b, val, "%s: expected at least one %s", label, what);
		return 0;
	}
	if (val->n > max) {
		berr(b, val, "%s: too many %ss (at most %d)", label, what, max);
		return 0;
	}
	return 1;
}

/* ---- the era ---- */

#define NODE_F(k, t, kinds_, ...) \
	{ .key = k, .type = t, .kinds = kinds_, __VA_ARGS__ }
#define OFF(m) .off = offsetof(struct sim_node_cfg, m)
#define LB_ (1u << SIM_NODE_LB)
#define APP_ (1u << SIM_NODE_APP)
#define DB_ (1u << SIM_NODE_DB)
#define CACHE_ (1u << SIM_NODE_CACHE)
#define GW_ (1u << SIM_NODE_GATEWAY)
#define BROKER_ (1u << SIM_NODE_BROKER)
#define CDN_ (1u << SIM_NODE_CDN)

static void bind_upstreams(struct binder *b, const struct cfg_node *val, void *obj,
                           const char *label);
static void bind_health(struct binder *b, const struct cfg_node *val, void *obj,
                        const char *label);
static void bind_gateway_routes(struct binder *b, const struct cfg_node *val, void *obj,
                                const char *label);
static void bind_rate_limit(struct binder *b, const struct cfg_node *val, void *obj,
                            const char *label);
static void bind_topics(struct binder *b, const struct cfg_node *val, void *obj,
                        const char *label);
static void bind_edges(struct binder *b, const struct cfg_node *val, void *obj,
                       const char *label);
static void bind_tables(struct binder *b, const struct cfg_node *val, void *obj,
                        const char *label);
static void bind_replicas(struct binder *b, const struct cfg_node *val, void *obj,
                          const char *label);
static void bind_autoscale(struct binder *b, const struct cfg_node *val, void *obj,
                           const char *label);
static void bind_outbox_relay(struct binder *b, const struct cfg_node *val, void *obj,
                              const char *label);
static void bind_breaker(struct binder *b, const struct cfg_node *val, void *obj,
                         const char *label);
static void bind_consumes(struct binder *b, const struct cfg_node *val, void *obj,
                          const char *label);

static const struct field node_fields[] = {
	NODE_F("kind", F_SKIP, 0),
	NODE_F("label", F_NAME, 0, OFF(label), .size = SIM_NAME_MAX),
	NODE_F("answers", F_TEXT, 0, OFF(answers), .size = SIM_TEXT_MAX),
	NODE_F("cost", F_MONEY, 0, OFF(cost_per_month)),
	NODE_F("latency", F_DURATION, 0, OFF(latency)),
	NODE_F("region", F_REGION, 0, OFF(region)),
	/* a gateway is an lb that also routes, limits and verifies */
	NODE_F("policy", F_ENUM, LB_ | GW_, OFF(policy), .names = policy_names),
	NODE_F("upstreams", F_CUSTOM, LB_ | GW_, .required = LB_, .fn = bind_upstreams),
	NODE_F("timeout", F_DURATION, LB_ | GW_, OFF(timeout), .range = R_POS),
	NODE_F("connect_timeout", F_DURATION, LB_ | GW_, OFF(connect_timeout), .range = R_POS),
	NODE_F("health_check", F_CUSTOM, LB_ | GW_, .fn = bind_health),
	NODE_F("routes", F_CUSTOM, GW_, .fn = bind_gateway_routes),
	NODE_F("rate_limit", F_CUSTOM, GW_, .fn = bind_rate_limit),
	NODE_F("cores", F_INT, APP_ | DB_ | CACHE_ | BROKER_, OFF(cores), .range = R_ONE),
	NODE_F("workers", F_INT, APP_, OFF(workers), .range = R_NONNEG),
	NODE_F("backlog", F_INT, APP_, OFF(backlog), .range = R_NONNEG),
	NODE_F("ram", F_SIZE, APP_, OFF(ram), .range = R_POS),
	NODE_F("ram_baseline", F_SIZE, APP_, OFF(ram_baseline)),
	NODE_F("ram_per_request", F_SIZE, APP_, OFF(ram_per_request)),
	NODE_F("ram_per_session", F_SIZE, APP_, OFF(ram_per_session)),
	NODE_F("restart", F_DURATION, APP_, OFF(restart)),
	NODE_F("sessions", F_ENUM, APP_, OFF(sessions), .names = session_names),
	NODE_F("session_store", F_REF, APP_, OFF(session_store), .refs = CACHE_),
	NODE_F("jwt_cost", F_DURATION, APP_ | GW_, OFF(jwt_cost)),
	NODE_F("db", F_REF, APP_, OFF(db), .refs = DB_),
	NODE_F("db_connection", F_ENUM, APP_, OFF(hold_db_connection), .names = db_conn_names),
	NODE_F("local_cache", F_SIZE, APP_, OFF(local_cache)),
	NODE_F("instances", F_INT, APP_, OFF(instances), .range = R_ONE, .max = MAX_INSTANCES),
	NODE_F("autoscale", F_CUSTOM, APP_, .fn = bind_autoscale),
	NODE_F("outbox_relay", F_CUSTOM, APP_, .fn = bind_outbox_relay),
	NODE_F("breaker", F_CUSTOM, APP_, .fn = bind_breaker),
	NODE_F("consumes", F_CUSTOM, APP_, .fn = bind_consumes),
	NODE_F("max_connections", F_INT, DB_, OFF(max_connections), .range = R_ONE),
	NODE_F("conn_wait", F_DURATION, DB_, OFF(conn_wait)),
	NODE_F("tables", F_CUSTOM, DB_, .fn = bind_tables),
	NODE_F("scan_rate", F_RATE, DB_, OFF(scan_rate), .range = R_POS),
	NODE_F("lookup_cost", F_DURATION, DB_, OFF(lookup_cost)),
	NODE_F("replicas", F_CUSTOM, DB_, .fn = bind_replicas),
	NODE_F("cap", F_ENUM, DB_, OFF(cap), .names = cap_names),
	NODE_F("op_cost", F_DURATION, CACHE_, OFF(op_cost)),
	NODE_F("memory", F_SIZE, CACHE_, OFF(memory), .range = R_POS),
	NODE_F("topics", F_CUSTOM, BROKER_, .required = BROKER_, .fn = bind_topics),
	NODE_F("publish_cost", F_DURATION, BROKER_, OFF(publish_cost)),
	NODE_F("origin", F_REF, CDN_, .required = CDN_, OFF(origin), .refs = LB_ | APP_ | GW_),
	NODE_F("edges", F_CUSTOM, CDN_, .fn = bind_edges),
	NODE_F("ttl", F_DURATION, CDN_, OFF(object_ttl), .range = R_POS),
	NODE_F("objects", F_INT, CDN_, OFF(objects), .range = R_ONE, .max = MAX_KEYS),
};

static const struct section node_section = {
	node_fields, sizeof(node_fields) / sizeof(node_fields[0]), node_kind_names, "nodes", NULL
};

static const struct field health_fields[] = {
	{ .key = "interval", .type = F_DURATION, .required = ALL_KINDS, .range = R_POS,
	  OFF(health_interval) },
	{ .key = "fall", .type = F_INT, .range = R_ONE, OFF(fall) },
	{ .key = "rise", .type = F_INT, .range = R_ONE, OFF(rise) },
};

static const struct section health_section = { health_fields, 3, NULL, NULL, NULL };

static void
bind_health(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	bind_map(b, val, label, &health_section, 1, obj);
}

static int
node_of(const struct binder *b, const void *obj)
{
	return (int)((const struct sim_node_cfg *)obj - b->cfg.nodes);
}

static void
bind_upstreams(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_node_cfg *node = obj;
	int self = node_of(b, obj);

	if (val->type == CFG_SCALAR) {
		expected(b, val, label, "a list of node names, like [app1, app2]");
		return;
	}
	if (!want(b, val, CFG_SEQ, label))
		return;
	if (val->n == 0)
		berr(b, val, "%s: expected at least one upstream", label);
	if (val->n > SIM_MAX_UPSTREAMS) {
		berr(b, val, "%s: too many upstreams (at most %d)", label, SIM_MAX_UPSTREAMS);
		return;
	}
	node->n_upstreams = 0;
	for (int i = 0; i < val->n; i++) {
		int ref = resolve_ref(b, val->items[i], label, LB_ | APP_ | GW_);

		if (ref < 0)
			continue;
		b->up_items[self][node->n_upstreams] = val->items[i];
		node->upstreams[node->n_upstreams++] = ref;
	}
}

/*
 * "{payment: payment_svc, feed: [feed1, feed2]}": where requests of each route go, for a
 * gateway's routes and a workload's direct targets. Returns how many entries were bound.
 */
static int
bind_route_map(struct binder *b, const struct cfg_node *val, const char *label,
               struct sim_route_map *map)
{
	char child[LABEL_MAX];
	int n = 0;

	if (!collection(b, val, label, SIM_MAX_ROUTE_MAP, "route"))
		return 0;
	for (int i = 0; i < val->n; i++) {
		const struct cfg_node *to = val->items[i];
		struct sim_route_map *entry = &map[n];
		int r = route_index(b, val->keys[i], label);

		join(child, label, val->keys[i]->value);
		entry->n_upstreams = 0;
		if (to->type == CFG_SCALAR) {
			int ref = resolve_ref(b, to, child, LB_ | APP_);

			if (ref >= 0)
				entry->upstreams[entry->n_upstreams++] = ref;
		} else if (plain_list(b, to, child, SIM_MAX_UPSTREAMS, "node", "nodes",
		                      "[app1, app2]") == 0) {
			for (int u = 0; u < to->n; u++) {
				int ref = resolve_ref(b, to->items[u], child, LB_ | APP_);

				if (ref >= 0 && listed_before(to, u) < 0)
					entry->upstreams[entry->n_upstreams++] = ref;
			}
		}
		if (r >= 0 && entry->n_upstreams > 0) {
			entry->route = r;
			n++;
		}
	}
	return n;
}

static void
bind_gateway_routes(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_node_cfg *node = obj;

	node->n_route_map = bind_route_map(b, val, label, node->route_map);
}

static const struct field limit_fields[] = {
	{ .key = "rate", .type = F_RATE, .required = ALL_KINDS, .range = R_POS, OFF(rate_limit) },
	{ .key = "burst", .type = F_INT, .range = R_NONNEG, OFF(rate_burst) },
	{ .key = "per", .type = F_ENUM, .names = scope_names, OFF(limit_scope) },
};

static const struct section limit_section = { limit_fields, 3, NULL, NULL, NULL };

static void
bind_rate_limit(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	bind_map(b, val, label, &limit_section, 1, obj);
}

static const struct field autoscale_fields[] = {
	{ .key = "min", .type = F_INT, .range = R_ONE, .max = MAX_INSTANCES, OFF(autoscale_min) },
	{ .key = "max", .type = F_INT, .required = ALL_KINDS, .range = R_ONE,
	  .max = MAX_INSTANCES, OFF(autoscale_max) },
	{ .key = "cpu", .type = F_RATIO, .required = ALL_KINDS, OFF(autoscale_cpu) },
	{ .key = "delay", .type = F_DURATION, OFF(autoscale_delay) },
};

static const struct section autoscale_section = { autoscale_fields, 4, NULL, NULL, NULL };

static void
bind_autoscale(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_node_cfg *node = obj;

	bind_map(b, val, label, &autoscale_section, 1, obj);
	if (node->autoscale_max > 0 && node->autoscale_min > node->autoscale_max)
		berr(b, val, "%s: min (%d) is above max (%d)", label, node->autoscale_min,
		     node->autoscale_max);
}

/* Any duration turns the relay on: the interval is the only thing it has to say. */
static void
bind_outbox_relay(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct field f = { .key = "outbox_relay", .type = F_DURATION, .range = R_POS,
	                   OFF(relay_interval) };
	struct sim_node_cfg *node = obj;

	bind_value(b, &f, val, label, obj);
	node->outbox_relay = 1;
}

static void
bind_edges(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_node_cfg *node = obj;

	node->n_edges = 0;
	if (plain_list(b, val, label, SIM_MAX_REGIONS, "region", "regions",
	               "[tokyo, singapore]") < 0)
		return;
	for (int i = 0; i < val->n; i++) {
		int r = region_index(b, val->items[i], label);

		if (r >= 0 && listed_before(val, i) < 0)
			node->edges[node->n_edges++] = r;
	}
}

static void
bind_replicas(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_node_cfg *node = obj;
	int self = node_of(b, obj);

	node->n_replicas = 0;
	if (plain_list(b, val, label, SIM_MAX_REPLICAS, "replica", "replicas",
	               "[db_eu, db_asia]") < 0)
		return;
	for (int i = 0; i < val->n; i++) {
		int ref = resolve_ref(b, val->items[i], label, DB_);

		if (ref == self)
			berr(b, val->items[i], "%s: a db cannot be its own replica", label);
		else if (ref >= 0 && listed_before(val, i) < 0)
			node->replicas[node->n_replicas++] = ref;
	}
}

#undef OFF
#define OFF(m) .off = offsetof(struct sim_breaker_cfg, m)

static const struct field breaker_fields[] = {
	{ .key = "enabled", .type = F_BOOL, OFF(enabled) },
	{ .key = "window", .type = F_ENUM, .names = window_names, OFF(window) },
	{ .key = "size", .type = F_INT, .range = R_ONE, .max = 100000, OFF(window_size) },
	{ .key = "min_calls", .type = F_INT, .range = R_ONE, OFF(min_calls) },
	{ .key = "failure_rate", .type = F_RATIO, OFF(failure_rate) },
	{ .key = "slow_rate", .type = F_RATIO, OFF(slow_rate) },
	{ .key = "slow_call", .type = F_DURATION, .range = R_POS, OFF(slow_call) },
	{ .key = "wait", .type = F_DURATION, .range = R_POS, OFF(wait_open) },
	{ .key = "half_open_calls", .type = F_INT, .range = R_ONE, OFF(half_open_calls) },
	{ .key = "max_wait_half_open", .type = F_DURATION, OFF(max_wait_half_open) },
};

static const struct section breaker_section = {
	breaker_fields, sizeof(breaker_fields) / sizeof(breaker_fields[0]), NULL, NULL, NULL
};

/*
 * A breaker written down is on, with config.c's defaults for what it leaves out;
 * "enabled: false" is how a variant's set: turns off the era's breaker.
 */
static void
bind_breaker(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_node_cfg *node = obj;

	node->breaker.enabled = 1;
	bind_map(b, val, label, &breaker_section, 1, &node->breaker);
}

#undef OFF
#define OFF(m) .off = offsetof(struct sim_table_cfg, m)

static void bind_indexes(struct binder *b, const struct cfg_node *val, void *obj,
                         const char *label);

static const struct field table_fields[] = {
	{ .key = "rows", .type = F_U64, .required = ALL_KINDS, .range = R_POS, OFF(rows) },
	{ .key = "indexes", .type = F_CUSTOM, .fn = bind_indexes },
};

static const struct section table_section = { table_fields, 2, NULL, NULL, NULL };

static void
bind_indexes(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_table_cfg *table = obj;

	table->n_indexes = 0;
	if (plain_list(b, val, label, SIM_MAX_INDEXES, "index", "indexes",
	               "[user_id, created_at]") < 0)
		return;
	for (int i = 0; i < val->n; i++) {
		const struct cfg_node *item = val->items[i];

		if (want(b, item, CFG_SCALAR, label) && check_name(b, item, label) &&
		    listed_before(val, i) < 0)
			strcpy(table->indexes[table->n_indexes++], item->value);
	}
}

static void
bind_tables(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_node_cfg *node = obj;
	char child[LABEL_MAX];

	node->n_tables = 0;
	if (!collection(b, val, label, SIM_MAX_TABLES, "table"))
		return;
	for (int i = 0; i < val->n; i++) {
		struct sim_table_cfg *table = &node->tables[i];

		memset(table, 0, sizeof(*table));
		node->n_tables = i + 1;
		if (!check_name(b, val->keys[i], label))
			continue;
		strcpy(table->name, val->keys[i]->value);
		join(child, label, table->name);
		bind_map(b, val->items[i], child, &table_section, 1, table);
	}
}

#undef OFF
#define OFF(m) .off = offsetof(struct sim_topic_cfg, m)

static const struct field topic_fields[] = {
	/* a request keeps its partition in a byte */
	{ .key = "partitions", .type = F_INT, .range = R_ONE, .max = 256, OFF(partitions) },
};

static const struct section topic_section = { topic_fields, 1, NULL, NULL, NULL };

/* Topics are named like post.created: a name may hold dots, unlike nodes and routes. */
static int
check_topic_name(struct binder *b, const struct cfg_node *key, const char *label)
{
	if (strlen(key->value) >= SIM_NAME_MAX) {
		berr(b, key, "%s: name '%s' is longer than %d characters", label, key->value,
		     SIM_NAME_MAX - 1);
		return 0;
	}
	for (const char *s = key->value; *s != 0; s++) {
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.') {
			berr(b, key, "%s: '%s' is not a valid topic name (letters, digits, _, - "
			     "and . only)", label, key->value);
			return 0;
		}
	}
	if (key->value[0] == 0) {
		berr(b, key, "%s: a name cannot be empty", label);
		return 0;
	}
	return 1;
}

/* "topics: {post.created: 3}" or "topics: {post.created: {partitions: 3}}". */
static void
bind_topics(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_node_cfg *node = obj;
	char child[LABEL_MAX];

	node->n_topics = 0;
	if (!collection(b, val, label, SIM_MAX_TOPICS, "topic"))
		return;
	for (int i = 0; i < val->n; i++) {
		struct sim_topic_cfg *topic = &node->topics[i];
		const struct cfg_node *item = val->items[i];

		memset(topic, 0, sizeof(*topic));
		topic->partitions = 1;
		node->n_topics = i + 1;
		if (!check_topic_name(b, val->keys[i], label))
			continue;
		strcpy(topic->name, val->keys[i]->value);
		join(child, label, topic->name);
		if (item->type == CFG_MAP)
			bind_map(b, item, child, &topic_section, 1, topic);
		else if (item->type == CFG_SCALAR)
			bind_value(b, &topic_fields[0], item, child, topic);
		else
			expected(b, item, child, "a number of partitions or {partitions: N}");
	}
}

/* The topic called val's text at broker node; -1 (and a message) when it has none. */
static int
topic_index(struct binder *b, int broker, const struct cfg_node *val, const char *label)
{
	const struct sim_node_cfg *node = &b->cfg.nodes[broker];
	const char *names[SIM_MAX_TOPICS];
	char hint[80];

	if (!want(b, val, CFG_SCALAR, label))
		return -1;
	for (int t = 0; t < node->n_topics; t++) {
		if (strcmp(node->topics[t].name, val->value) == 0)
			return t;
		names[t] = node->topics[t].name;
	}
	berr(b, val, "%s: %s has no topic '%s'%s", label, node->name, val->value,
	     suggest_phrase(val->value, names, node->n_topics, hint, sizeof(hint)));
	return -1;
}

#undef OFF
#define OFF(m) .off = offsetof(struct sim_consume_cfg, m)

static const struct field consume_fields[] = {
	{ .key = "broker", .type = F_REF, .required = ALL_KINDS, .refs = BROKER_, OFF(broker) },
	{ .key = "topic", .type = F_SKIP, .required = ALL_KINDS },
	{ .key = "route", .type = F_ROUTE, .required = ALL_KINDS, OFF(route) },
	{ .key = "group", .type = F_NAME, .size = SIM_NAME_MAX, OFF(group) },
	{ .key = "retries", .type = F_INT, .range = R_NONNEG, .max = MAX_RETRIES, OFF(retries) },
	{ .key = "backoff", .type = F_DURATION, OFF(backoff) },
	{ .key = "idempotent", .type = F_BOOL, OFF(idempotent) },
	{ .key = "compensate", .type = F_SKIP },
	{ .key = "commit_interval", .type = F_DURATION, OFF(commit_interval) },
};

static const struct section consume_section = {
	consume_fields, sizeof(consume_fields) / sizeof(consume_fields[0]), NULL, NULL, NULL
};

/*
 * Each consumer's topic is kept for resolve_consumes(): the broker it names may be
 * written after this app, and its topics are not known yet.
 */
static void
bind_consumes(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_node_cfg *node = obj;
	int self = node_of(b, obj);
	char child[LABEL_MAX];

	node->n_consumes = 0;
	if (!want(b, val, CFG_SEQ, label))
		return;
	if (val->n > SIM_MAX_CONSUMES) {
		berr(b, val, "%s: too many consumers (at most %d)", label, SIM_MAX_CONSUMES);
		return;
	}
	for (int i = 0; i < val->n; i++) {
		struct sim_consume_cfg *c = &node->consumes[i];
		const struct cfg_node *map = val->items[i];

		memset(c, 0, sizeof(*c));
		c->broker = c->topic = c->route = c->compensate = -1;
		c->retries = 3;
		c->backoff = SIM_SEC;
		c->commit_interval = 5 * SIM_SEC;       /* Kafka's auto.commit.interval.ms */
		node->n_consumes = i + 1;
		join_index(child, label, i);
		b->consume_topic[self][i] = b->consume_compensate[self][i] = NULL;
		if (!want(b, map, CFG_MAP, child))
			continue;
		bind_map(b, map, child, &consume_section, 1, c);
		if (c->group[0] == 0)
			strcpy(c->group, node->name);
		b->consume_topic[self][i] = cfg_node_get(map, "topic");
		b->consume_compensate[self][i] = cfg_node_get(map, "compensate");
	}
}

/* Once every node is bound: each consumer's topic, and its compensating one, at its broker. */
static void
resolve_consumes(struct binder *b)
{
	char label[LABEL_MAX];

	for (int i = 0; i < b->cfg.n_nodes; i++) {
		struct sim_node_cfg *node = &b->cfg.nodes[i];

		for (int k = 0; b->kind_known[i] && k < node->n_consumes; k++) {
			struct sim_consume_cfg *c = &node->consumes[k];
			const struct cfg_node *topic = b->consume_topic[i][k];
			const struct cfg_node *comp = b->consume_compensate[i][k];

			if (c->broker < 0 || !b->kind_known[c->broker])
				continue;
			snprintf(label, sizeof(label), "nodes.%s.consumes[%d].topic", node->name,
			         k);
			if (topic != NULL)
				c->topic = topic_index(b, c->broker, topic, label);
			snprintf(label, sizeof(label), "nodes.%s.consumes[%d].compensate",
			         node->name, k);
			if (comp != NULL)
				c->compensate = topic_index(b, c->broker, comp, label);
		}
	}
}

#undef OFF
#define OFF(m) .off = offsetof(struct sim_node_cfg, m)

/* First pass: every node's name and kind, so that references resolve in any order. */
static void
gather_nodes(struct binder *b, const struct cfg_node *nodes)
{
	for (int i = 0; i < nodes->n; i++) {
		struct sim_node_cfg *node = &b->cfg.nodes[i];
		const struct cfg_node *key = nodes->keys[i], *map = nodes->items[i];
		char label[LABEL_MAX];
		int kind;

		join(label, "nodes", key->value);
		b->node_maps[i] = map;
		b->cfg.n_nodes = i + 1;
		if (!check_name(b, key, "nodes") && strlen(key->value) >= SIM_NAME_MAX)
			continue;
		kind = read_kind(b, map, label, node_kind_names);
		sim_node_defaults(node, kind < 0 ? SIM_NODE_LB : (enum sim_node_kind)kind);
		snprintf(node->name, sizeof(node->name), "%s", key->value);
		node->pos.line = key->line;
		node->pos.col = key->col;
		b->kind_known[i] = kind >= 0;
	}
}

/* Follows proxy -> proxy upstream edges from node i; reports each edge closing a cycle. */
static void
find_cycles(struct binder *b, int i, int *state, int *stack, int depth)
{
	const struct sim_node_cfg *node = &b->cfg.nodes[i];

	state[i] = 1;
	stack[depth] = i;
	for (int u = 0; u < node->n_upstreams; u++) {
		int next = node->upstreams[u];
		char path[LABEL_MAX * 2], label[LABEL_MAX];
		size_t used = 0;
		int from = depth;

		if (!sim_kind_is_proxy(b->cfg.nodes[next].kind) || !b->kind_known[next])
			continue;
		if (state[next] == 0) {
			find_cycles(b, next, state, stack, depth + 1);
			continue;
		}
		if (state[next] != 1)
			continue;
		while (stack[from] != next)
			from--;
		/* a long cycle of long names is cut short rather than written past path */
		for (int k = from; k <= depth && used < sizeof(path); k++)
			used += (size_t)snprintf(path + used, sizeof(path) - used, "%s -> ",
			                         b->cfg.nodes[stack[k]].name);
		if (used < sizeof(path))
			snprintf(path + used, sizeof(path) - used, "%s", b->cfg.nodes[next].name);
		join(label, "nodes", node->name);
		berr(b, b->up_items[i][u], "%s.upstreams: %s is a cycle", label, path);
	}
	state[i] = 2;
}

static void
check_cycles(struct binder *b)
{
	int state[SIM_MAX_NODES] = { 0 }, stack[SIM_MAX_NODES];

	for (int i = 0; i < b->cfg.n_nodes; i++) {
		if (state[i] == 0 && b->kind_known[i] && sim_kind_is_proxy(b->cfg.nodes[i].kind))
			find_cycles(b, i, state, stack, 0);
	}
}

/* What no single key can say: a session store for sessions: store, a db for queries. */
static void
check_apps(struct binder *b)
{
	int querying = -1;

	for (int r = 0; r < b->cfg.n_routes; r++) {
		if (b->cfg.routes[r].queries > 0 && querying < 0)
			querying = r;
	}
	for (int i = 0; i < b->cfg.n_nodes; i++) {
		const struct sim_node_cfg *node = &b->cfg.nodes[i];

		if (!b->kind_known[i] || node->kind != SIM_NODE_APP)
			continue;
		/* a reference that was given but did not resolve has its own message */
		if (node->sessions == SIM_SESSION_STORE &&
		    cfg_node_get(b->node_maps[i], "session_store") == NULL)
			berr(b, b->node_maps[i], "nodes.%s: sessions: store needs a session_store "
			     "(a cache node)", node->name);
		if (querying >= 0 && cfg_node_get(b->node_maps[i], "db") == NULL)
			berr(b, b->node_maps[i], "nodes.%s: routes.%s makes database queries but "
			     "this app has no db", node->name, b->cfg.routes[querying].name);
	}
}

static void
bind_nodes(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	if (!collection(b, val, label, SIM_MAX_NODES, "node"))
		return;
	gather_nodes(b, val);
	for (int i = 0; i < val->n; i++) {
		struct sim_node_cfg *node = &b->cfg.nodes[i];
		char child[LABEL_MAX];
		unsigned bit = b->kind_known[i] ? 1u << node->kind : 0;

		join(child, label, val->keys[i]->value);
		if (val->items[i]->type == CFG_MAP)
			bind_map(b, val->items[i], child, &node_section, bit, node);
		else
			want(b, val->items[i], CFG_MAP, child);
	}
}

#undef OFF
#define OFF(m) .off = offsetof(struct sim_step_cfg, m)
#define S_CPU (1u << SIM_STEP_CPU)
#define S_QUERY (1u << SIM_STEP_QUERY)
#define S_SLEEP (1u << SIM_STEP_SLEEP)
#define S_CALL (1u << SIM_STEP_CALL)
#define S_PUBLISH (1u << SIM_STEP_PUBLISH)
#define S_CACHE (1u << SIM_STEP_CACHE)
#define S_WRITE (1u << SIM_STEP_WRITE)
#define S_CHARGE (1u << SIM_STEP_CHARGE)
#define S_OUTBOX (1u << SIM_STEP_OUTBOX)
#define S_POST (1u << SIM_STEP_POST)
#define S_REFUND (1u << SIM_STEP_REFUND)

static void bind_query_step(struct binder *b, const struct cfg_node *val, void *obj,
                            const char *label);
static void bind_space(struct binder *b, const struct cfg_node *val, void *obj,
                       const char *label);

/*
 * A step is a mapping whose one kind key (cpu, query, call...) says what it does; the other
 * keys belong to that kind. Topics are read by bind_step once the broker is known.
 */
static const struct field step_fields[] = {
	{ .key = "cpu", .type = F_DIST, .kinds = S_CPU, OFF(cost) },
	{ .key = "query", .type = F_CUSTOM, .kinds = S_QUERY, .fn = bind_query_step },
	{ .key = "sleep", .type = F_DIST, .kinds = S_SLEEP, OFF(cost) },
	{ .key = "call", .type = F_ROUTE, .kinds = S_CALL, OFF(route) },
	{ .key = "publish", .type = F_SKIP, .kinds = S_PUBLISH },
	{ .key = "cache", .type = F_CUSTOM, .kinds = S_CACHE, .fn = bind_space },
	{ .key = "write", .type = F_CUSTOM, .kinds = S_WRITE, .fn = bind_space },
	{ .key = "charge", .type = F_DIST, .kinds = S_CHARGE, OFF(cost) },
	{ .key = "outbox", .type = F_SKIP, .kinds = S_OUTBOX },
	{ .key = "post", .type = F_DIST, .kinds = S_POST, OFF(cost) },
	{ .key = "refund", .type = F_DIST, .kinds = S_REFUND, OFF(cost) },
	{ .key = "repeat", .type = F_INT, .kinds = S_QUERY, .range = R_ONE, OFF(repeat) },
	{ .key = "node", .type = F_REF, .kinds = S_CALL, .required = S_CALL,
	  .refs = LB_ | APP_ | GW_, OFF(node) },
	{ .key = "timeout", .type = F_DURATION, .kinds = S_CALL, OFF(timeout) },
	{ .key = "optional", .type = F_BOOL, .kinds = S_CALL, OFF(optional) },
	{ .key = "broker", .type = F_REF, .kinds = S_PUBLISH | S_OUTBOX,
	  .required = S_PUBLISH | S_OUTBOX, .refs = BROKER_, OFF(node) },
	{ .key = "store", .type = F_REF, .kinds = S_CACHE, .refs = CACHE_, OFF(node) },
	{ .key = "keys", .type = F_INT, .kinds = S_CACHE | S_WRITE, .range = R_ONE,
	  .max = MAX_KEYS, OFF(keys) },
	{ .key = "zipf", .type = F_NUMBER, .kinds = S_CACHE | S_WRITE, .range = R_NONNEG,
	  OFF(zipf) },
	{ .key = "ttl", .type = F_DURATION, .kinds = S_CACHE, OFF(ttl) },
	{ .key = "size", .type = F_SIZE, .kinds = S_CACHE, OFF(size) },
};

static const struct section step_section = {
	step_fields, sizeof(step_fields) / sizeof(step_fields[0]), step_kind_names, "steps", NULL
};

static const struct field query_fields[] = {
	{ .key = "table", .type = F_NAME, .required = ALL_KINDS, .size = SIM_NAME_MAX,
	  OFF(table) },
	{ .key = "by", .type = F_NAME, .size = SIM_NAME_MAX, OFF(by) },
};

static const struct section query_section = { query_fields, 2, NULL, NULL, NULL };

/* The query's table must be one of some db's; which app runs the route is not known here. */
static void
check_table(struct binder *b, const struct cfg_node *val, const char *label)
{
	const char *names[SIM_MAX_NODES * SIM_MAX_TABLES];
	char hint[80];
	int n = 0;

	for (int i = 0; i < b->cfg.n_nodes; i++) {
		const struct sim_node_cfg *node = &b->cfg.nodes[i];

		for (int t = 0; node->kind == SIM_NODE_DB && t < node->n_tables; t++) {
			if (strcmp(node->tables[t].name, val->value) == 0)
				return;
			names[n++] = node->tables[t].name;
		}
	}
	berr(b, val, "%s: no db has a table called '%s'%s", label, val->value,
	     suggest_phrase(val->value, names, n, hint, sizeof(hint)));
}

/* "query: 200ms" costs what it says; "query: {table: posts, by: user_id}" is costed. */
static void
bind_query_step(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	static const struct field cost = { .key = "query", .type = F_DIST, OFF(cost) };
	struct sim_step_cfg *step = obj;
	const struct cfg_node *table = cfg_node_get(val, "table");
	char child[LABEL_MAX];

	if (val->type != CFG_MAP) {
		bind_value(b, &cost, val, label, obj);
		return;
	}
	bind_map(b, val, label, &query_section, 1, obj);
	join(child, label, "table");
	if (step->table[0] != 0 && table != NULL)
		check_table(b, table, child);
}

/* A key space's name: it goes into counters and is shared by caches and writes. */
static void
bind_space(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_step_cfg *step = obj;

	if (want(b, val, CFG_SCALAR, label) && check_name(b, val, label))
		strcpy(step->space, val->value);
}

static void
step_defaults(struct sim_step_cfg *step)
{
	memset(step, 0, sizeof(*step));
	step->node = -1;
	step->route = -1;
	step->topic = -1;
	step->keys = 1;
	step->zipf = 1.0;
}

/* The kind of a step from its one kind key; -1 when it has none, -2 when it has two. */
static int
step_kind(struct binder *b, const struct cfg_node *map, const char *label)
{
	int kind = -1;

	for (int i = 0; i < map->n; i++) {
		int k = find_name(step_kind_names, map->keys[i]->value);

		if (k < 0)
			continue;
		if (kind >= 0) {
			berr(b, map->keys[i], "%s: '%s' and '%s' in one step; give each its "
			     "own step", label, step_kind_names[kind], step_kind_names[k]);
			return -2;
		}
		kind = k;
	}
	return kind;
}

static void
bind_step(struct binder *b, const struct cfg_node *map, const char *label,
          struct sim_step_cfg *step)
{
	const struct cfg_node *topic;
	char list[160], child[LABEL_MAX];
	int kind, unknown = 0;

	step->pos.line = map->line;
	step->pos.col = map->col;
	if (!want(b, map, CFG_MAP, label))
		return;
	kind = step_kind(b, map, label);
	if (kind == -2)
		return;
	if (kind < 0) {
		/* a misspelt kind key is better said as such than as a missing one */
		for (int i = 0; i < map->n; i++)
			unknown |= find_field(&step_section, map->keys[i]->value, 0) == NULL;
		if (unknown)
			bind_map(b, map, label, &step_section, 0, step);
		else
			berr(b, map, "%s: a step needs %s", label,
			     one_of(step_kind_names, list, sizeof(list)));
		return;
	}
	step->kind = (enum sim_step_kind)kind;
	bind_map(b, map, label, &step_section, 1u << kind, step);
	if (kind != SIM_STEP_PUBLISH && kind != SIM_STEP_OUTBOX)
		return;
	topic = cfg_node_get(map, step_kind_names[kind]);
	join(child, label, step_kind_names[kind]);
	if (step->node >= 0 && b->kind_known[step->node])
		step->topic = topic_index(b, step->node, topic, child);
}

static void
bind_steps(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_route_cfg *route = obj;
	char child[LABEL_MAX];

	route->n_steps = 0;
	if (!want(b, val, CFG_SEQ, label))
		return;
	if (val->n == 0) {
		berr(b, val, "%s: expected at least one step", label);
		return;
	}
	if (val->n > SIM_MAX_STEPS) {
		berr(b, val, "%s: too many steps (at most %d)", label, SIM_MAX_STEPS);
		return;
	}
	for (int i = 0; i < val->n; i++) {
		step_defaults(&route->steps[i]);
		join_index(child, label, i);
		bind_step(b, val->items[i], child, &route->steps[i]);
		b->call_at[route - b->cfg.routes][i] = cfg_node_get(val->items[i], "call");
	}
	route->n_steps = val->n;
	/* a miss runs the step after the cache step: the last step cannot be one */
	if (route->steps[val->n - 1].kind == SIM_STEP_CACHE)
		berr(b, val->items[val->n - 1], "%s[%d]: a cache step needs a step after it, "
		     "run on a miss", label, val->n - 1);
}

/* "notifications_delivered": a story counter's name, as the JSON report spells it. */
static void
bind_counts(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_route_cfg *route = obj;
	const char *s = val->value;
	int ok;

	if (!want(b, val, CFG_SCALAR, label))
		return;
	ok = islower((unsigned char)s[0]) && strlen(s) < sizeof(route->counts);
	for (; ok && *s != 0; s++)
		ok = islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_';
	if (!ok)
		expected(b, val, label, "a snake_case name like notifications_delivered");
	else
		strcpy(route->counts, val->value);
}

#undef OFF
#define OFF(m) .off = offsetof(struct sim_route_cfg, m)

static const struct field route_fields[] = {
	{ .key = "cpu", .type = F_DIST, OFF(cpu) },
	{ .key = "queries", .type = F_INT, .range = R_NONNEG, OFF(queries) },
	{ .key = "query", .type = F_DIST, OFF(query) },
	{ .key = "session", .type = F_ENUM, .names = route_session_names, OFF(needs_session) },
	{ .key = "steps", .type = F_CUSTOM, .fn = bind_steps },
	{ .key = "response", .type = F_SIZE, OFF(response) },
	{ .key = "fail", .type = F_RATIO, OFF(fail) },
	{ .key = "reject", .type = F_RATIO, OFF(reject) },
	{ .key = "counts", .type = F_CUSTOM, .fn = bind_counts },
	{ .key = "objective", .type = F_DURATION, .range = R_POS, OFF(objective) },
};

static const struct section route_section = {
	route_fields, sizeof(route_fields) / sizeof(route_fields[0]), NULL, NULL, NULL
};

/* Either cpu (with queries and query) or steps, which replace all three. */
static void
check_route_shape(struct binder *b, const struct cfg_node *map, const char *label)
{
	static const char *const replaced[] = { "cpu", "queries", "query" };

	if (map->type != CFG_MAP)
		return;
	if (cfg_node_get(map, "steps") == NULL) {
		if (cfg_node_get(map, "cpu") == NULL)
			berr(b, map, "%s: missing required key 'cpu'", label);
		return;
	}
	for (int i = 0; i < map->n; i++) {
		for (int k = 0; k < 3; k++) {
			if (strcmp(map->keys[i]->value, replaced[k]) == 0)
				berr(b, map->keys[i], "%s: '%s' and 'steps' cannot both be given "
				     "(steps replace cpu, queries and query)", label, replaced[k]);
		}
	}
}

/* Route names first, so that nodes (gateway routes, consumers) may name any route. */
static void
gather_routes(struct binder *b, const struct cfg_node *routes)
{
	if (routes == NULL || routes->type != CFG_MAP || routes->n > SIM_MAX_ROUTES)
		return;
	for (int i = 0; i < routes->n; i++) {
		if (strlen(routes->keys[i]->value) < SIM_NAME_MAX)
			strcpy(b->cfg.routes[i].name, routes->keys[i]->value);
	}
	b->cfg.n_routes = routes->n;
}

static void
bind_routes(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	if (!collection(b, val, label, SIM_MAX_ROUTES, "route"))
		return;
	/* every route, as gather_routes() found them: a step may call one written later */
	b->cfg.n_routes = val->n;
	for (int i = 0; i < val->n; i++) {
		struct sim_route_cfg *route = &b->cfg.routes[i];
		const struct cfg_node *key = val->keys[i];
		char child[LABEL_MAX];

		if (!check_name(b, key, label))
			continue;
		snprintf(route->name, sizeof(route->name), "%s", key->value);
		route->pos.line = key->line;
		route->pos.col = key->col;
		join(child, label, key->value);
		bind_map(b, val->items[i], child, &route_section, 1, route);
		check_route_shape(b, val->items[i], child);
	}
}

/*
 * Synchronous calls. Whatever node runs a route makes the calls its steps list, so a route
 * that calls, directly or through others, a route already on the call path would call it
 * again without end: the engine would nest requests until it ran out of them (and, with no
 * latency on the way, recurse on the C stack). The walk follows route -> called route and
 * reports each call that closes such a cycle, at that call, with the nodes called.
 */
struct call_walk {
	int state[SIM_MAX_ROUTES];      /* 0 not seen, 1 on the path, 2 every call followed */
	int route[SIM_MAX_ROUTES];      /* the path, route[0] calling route[1]... */
	int step[SIM_MAX_ROUTES];       /* the step of route[k] that calls route[k + 1] */
};

static void
report_call_cycle(struct binder *b, const struct call_walk *w, int from, int depth)
{
	const struct sim_route_cfg *last = &b->cfg.routes[w->route[depth]];
	char path[900];
	size_t used;

	used = (size_t)snprintf(path, sizeof(path), "%s", b->cfg.routes[w->route[from]].name);
	for (int k = from; k <= depth && used < sizeof(path); k++) {
		const struct sim_step_cfg *s = &b->cfg.routes[w->route[k]].steps[w->step[k]];

		used += (size_t)snprintf(path + used, sizeof(path) - used, " -> %s (at %s)",
		                         b->cfg.routes[s->route].name, b->cfg.nodes[s->node].name);
	}
	berr(b, b->call_at[w->route[depth]][w->step[depth]],
	     "routes.%s.steps[%d].call: %s is a cycle of synchronous calls", last->name,
	     w->step[depth], path);
}

static void
walk_calls(struct binder *b, struct call_walk *w, int r, int depth)
{
	const struct sim_route_cfg *route = &b->cfg.routes[r];

	w->state[r] = 1;
	w->route[depth] = r;
	for (int i = 0; i < route->n_steps; i++) {
		const struct sim_step_cfg *st = &route->steps[i];
		int from = depth;

		if (st->kind != SIM_STEP_CALL || st->route < 0 || st->node < 0 ||
		    b->call_at[r][i] == NULL)
			continue;
		w->step[depth] = i;
		if (w->state[st->route] == 0) {
			walk_calls(b, w, st->route, depth + 1);
			continue;
		}
		if (w->state[st->route] != 1)
			continue;
		while (w->route[from] != st->route)
			from--;
		report_call_cycle(b, w, from, depth);
	}
	w->state[r] = 2;
}

static void
check_calls(struct binder *b)
{
	struct call_walk w;

	memset(&w, 0, sizeof(w));
	for (int r = 0; r < b->cfg.n_routes; r++) {
		if (w.state[r] == 0)
			walk_calls(b, &w, r, 0);
	}
}

/* A gateway sends each request somewhere: to its upstreams, or by route. */
static void
check_gateways(struct binder *b)
{
	for (int i = 0; i < b->cfg.n_nodes; i++) {
		const struct cfg_node *map = b->node_maps[i];

		if (!b->kind_known[i] || b->cfg.nodes[i].kind != SIM_NODE_GATEWAY ||
		    map->type != CFG_MAP)
			continue;
		if (cfg_node_get(map, "upstreams") == NULL && cfg_node_get(map, "routes") == NULL)
			berr(b, map, "nodes.%s: a gateway needs upstreams or routes",
			     b->cfg.nodes[i].name);
	}
}

/* ---- regions and the network between them ---- */

/*
 * Region names are kept even when they are not valid names, so that the nodes that name
 * them do not each add a message to the one already given.
 */
static void
bind_regions(struct binder *b, const struct cfg_node *val)
{
	if (plain_list(b, val, "regions", SIM_MAX_REGIONS, "region", "regions",
	               "[us, eu, tokyo]") < 0)
		return;
	for (int i = 0; i < val->n; i++) {
		const struct cfg_node *item = val->items[i];

		if (!want(b, item, CFG_SCALAR, "regions"))
			continue;
		check_name(b, item, "regions");
		if (strlen(item->value) < SIM_NAME_MAX && listed_before(val, i) < 0)
			strcpy(b->cfg.regions[b->cfg.n_regions++], item->value);
	}
}

/* "[tokyo, singapore]": two different regions, for a link or a partition. */
static void
bind_region_pair(struct binder *b, const struct cfg_node *val, const char *label, int *r1,
                 int *r2)
{
	if (val->type != CFG_SEQ || val->n != 2) {
		expected(b, val, label, "two regions, like [us, eu]");
		return;
	}
	*r1 = region_index(b, val->items[0], label);
	*r2 = region_index(b, val->items[1], label);
	if (*r1 >= 0 && *r1 == *r2)
		berr(b, val->items[1], "%s: expected two different regions, got '%s' twice", label,
		     val->items[1]->value);
}

static void
bind_between(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_link_cfg *link = obj;

	bind_region_pair(b, val, label, &link->a, &link->b);
}

#undef OFF
#define OFF(m) .off = offsetof(struct sim_link_cfg, m)

static const struct field link_fields[] = {
	{ .key = "between", .type = F_CUSTOM, .required = ALL_KINDS, .fn = bind_between },
	{ .key = "latency", .type = F_DURATION, .required = ALL_KINDS, OFF(latency) },
	{ .key = "bandwidth", .type = F_BANDWIDTH, OFF(bandwidth) },
};

static const struct section link_section = { link_fields, 3, NULL, NULL, NULL };

/* The earlier link between the same two regions as link i, either way round, or -1. */
static int
link_before(const struct sim_config *cfg, int i)
{
	const struct sim_link_cfg *l = &cfg->links[i];

	for (int j = 0; l->a >= 0 && l->b >= 0 && j < i; j++) {
		const struct sim_link_cfg *o = &cfg->links[j];

		if ((o->a == l->a && o->b == l->b) || (o->a == l->b && o->b == l->a))
			return j;
	}
	return -1;
}

/* Each pair of regions is linked once: a second link would leave the first unused. */
static void
bind_links(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	char child[LABEL_MAX];
	int j;

	if (!want(b, val, CFG_SEQ, label))
		return;
	if (val->n > SIM_MAX_LINKS) {
		berr(b, val, "%s: too many links (at most %d)", label, SIM_MAX_LINKS);
		return;
	}
	for (int i = 0; i < val->n; i++) {
		struct sim_link_cfg *link = &b->cfg.links[i];

		memset(link, 0, sizeof(*link));
		link->a = link->b = -1;
		b->cfg.n_links = i + 1;
		join_index(child, label, i);
		bind_map(b, val->items[i], child, &link_section, 1, link);
		j = link_before(&b->cfg, i);
		if (j >= 0)
			berr(b, val->items[i], "%s: %s and %s are already linked by %s[%d]", child,
			     b->cfg.regions[link->a], b->cfg.regions[link->b], label, j);
	}
}

#undef OFF
#define OFF(m) .off = offsetof(struct binder, m)

static const struct field local_fields[] = {
	{ .key = "latency", .type = F_DURATION, OFF(cfg.region_latency) },
	{ .key = "bandwidth", .type = F_BANDWIDTH, OFF(cfg.region_bandwidth) },
};

static const struct section local_section = { local_fields, 2, NULL, NULL, NULL };

static void
bind_local(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	bind_map(b, val, label, &local_section, 1, obj);
}

static const struct field network_fields[] = {
	{ .key = "local", .type = F_CUSTOM, .fn = bind_local },
	{ .key = "links", .type = F_CUSTOM, .fn = bind_links },
};

static const struct section network_section = { network_fields, 2, NULL, NULL, NULL };

static const struct field era_fields[] = {
	{ .key = "era", .type = F_NAME, .required = ALL_KINDS, OFF(cfg.era_name),
	  .size = SIM_NAME_MAX },
	{ .key = "year", .type = F_INT, .required = ALL_KINDS, .range = R_ONE, .max = MAX_YEAR,
	  OFF(cfg.era_year) },
	{ .key = "title", .type = F_TEXT, .required = ALL_KINDS, OFF(cfg.era_title),
	  .size = SIM_TEXT_MAX },
	{ .key = "description", .type = F_TEXT, OFF(cfg.era_description), .size = 1024 },
	/* bound by bind_era, in the order their references need */
	{ .key = "entry", .type = F_SKIP, .required = ALL_KINDS },
	{ .key = "nodes", .type = F_SKIP, .required = ALL_KINDS },
	{ .key = "routes", .type = F_SKIP, .required = ALL_KINDS },
	{ .key = "regions", .type = F_SKIP },
	{ .key = "network", .type = F_SKIP },
};

static const struct section era_section = {
	era_fields, sizeof(era_fields) / sizeof(era_fields[0]), NULL, NULL, NULL
};

/*
 * Whatever the order of the keys, the parts are bound in the order their references need:
 * regions (named by nodes and links), the route names (named by gateways and consumers),
 * the nodes, every consumer's topic (its broker may come later), the routes (their steps
 * name nodes, tables and topics), the entry. The checks that span them run last.
 */
static void
bind_era(struct binder *b, const struct cfg_node *root, const char *path)
{
	struct field entry = { .key = "entry", .type = F_REF, .refs = LB_ | APP_ | GW_ | CDN_,
	                       OFF(cfg.entry) };
	const struct cfg_node *val;

	b->path = path;
	bind_map(b, root, "", &era_section, 1, b);
	if ((val = cfg_node_get(root, "regions")) != NULL)
		bind_regions(b, val);
	if ((val = cfg_node_get(root, "network")) != NULL)
		bind_map(b, val, "network", &network_section, 1, b);
	gather_routes(b, cfg_node_get(root, "routes"));
	if ((val = cfg_node_get(root, "nodes")) != NULL)
		bind_nodes(b, val, b, "nodes");
	resolve_consumes(b);
	if ((val = cfg_node_get(root, "routes")) != NULL)
		bind_routes(b, val, b, "routes");
	val = cfg_node_get(root, "entry");
	if (val != NULL)
		bind_value(b, &entry, val, "entry", b);
	check_cycles(b);
	check_calls(b);
	check_apps(b);
	check_gateways(b);
}

/* ---- the scenario ---- */

static void bind_curve_rate(struct binder *b, const struct cfg_node *val, void *obj,
                            const char *label);
static void bind_curve_users(struct binder *b, const struct cfg_node *val, void *obj,
                             const char *label);
static void bind_mix(struct binder *b, const struct cfg_node *val, void *obj,
                     const char *label);
static void bind_retry(struct binder *b, const struct cfg_node *val, void *obj,
                       const char *label);
static void bind_direct(struct binder *b, const struct cfg_node *val, void *obj,
                        const char *label);
static void bind_log(struct binder *b, const struct cfg_node *val, void *obj,
                     const char *label);
static void bind_paths(struct binder *b, const struct cfg_node *val, void *obj,
                       const char *label);
static void bind_speed(struct binder *b, const struct cfg_node *val, void *obj,
                       const char *label);

#undef OFF
#define OFF(m) .off = offsetof(struct sim_workload_cfg, m)
#define OPEN_ (1u << SIM_WORKLOAD_OPEN)
#define CLOSED_ (1u << SIM_WORKLOAD_CLOSED)
#define REPLAY_ (1u << SIM_WORKLOAD_REPLAY)

static const struct field workload_fields[] = {
	{ .key = "kind", .type = F_SKIP },
	{ .key = "rate", .type = F_CUSTOM, .kinds = OPEN_, .required = OPEN_,
	  .fn = bind_curve_rate },
	{ .key = "population", .type = F_INT, .kinds = OPEN_, .range = R_NONNEG,
	  .max = 10000000, OFF(population) },       /* as MAX_USERS below */
	{ .key = "users", .type = F_CUSTOM, .kinds = CLOSED_, .required = CLOSED_,
	  .fn = bind_curve_users },
	{ .key = "think", .type = F_DIST, .kinds = CLOSED_, OFF(think) },
	{ .key = "routes", .type = F_CUSTOM, .kinds = OPEN_ | CLOSED_, .required = OPEN_ | CLOSED_,
	  .fn = bind_mix },
	{ .key = "log", .type = F_CUSTOM, .kinds = REPLAY_, .required = REPLAY_, .fn = bind_log },
	{ .key = "paths", .type = F_CUSTOM, .kinds = REPLAY_, .required = REPLAY_,
	  .fn = bind_paths },
	{ .key = "speed", .type = F_CUSTOM, .kinds = REPLAY_, .fn = bind_speed },
	{ .key = "entry", .type = F_REF, .refs = LB_ | APP_ | GW_ | CDN_, OFF(entry) },
	{ .key = "region", .type = F_REGION, OFF(region) },
	{ .key = "retry", .type = F_CUSTOM, .fn = bind_retry },
	{ .key = "idempotency", .type = F_BOOL, OFF(idempotency) },
	{ .key = "direct", .type = F_CUSTOM, .fn = bind_direct },
};

static const struct field retry_fields[] = {
	{ .key = "times", .type = F_INT, .required = ALL_KINDS, .range = R_NONNEG,
	  .max = MAX_RETRIES, OFF(retries) },
	{ .key = "backoff", .type = F_DURATION, OFF(retry_backoff) },
};

static const struct section retry_section = { retry_fields, 2, NULL, NULL, NULL };

static const struct section workload_section = {
	workload_fields, sizeof(workload_fields) / sizeof(workload_fields[0]), workload_kind_names,
	"workloads", NULL
};

#undef OFF
#define OFF(m) .off = offsetof(struct sim_curve, m)

static const struct field rate_curve_fields[] = {
	{ .key = "base", .type = F_RATE, .required = ALL_KINDS, .range = R_NONNEG, OFF(base) },
	{ .key = "peak", .type = F_RATE, .required = ALL_KINDS, .range = R_NONNEG, OFF(peak) },
	{ .key = "at", .type = F_DURATION, .required = ALL_KINDS, OFF(at) },
	{ .key = "ramp", .type = F_DURATION, OFF(ramp) },
	{ .key = "hold", .type = F_DURATION, OFF(hold) },
};

static const struct field users_curve_fields[] = {
	{ .key = "base", .type = F_COUNT, .required = ALL_KINDS, .range = R_NONNEG, OFF(base) },
	{ .key = "peak", .type = F_COUNT, .required = ALL_KINDS, .range = R_NONNEG, OFF(peak) },
	{ .key = "at", .type = F_DURATION, .required = ALL_KINDS, OFF(at) },
	{ .key = "ramp", .type = F_DURATION, OFF(ramp) },
	{ .key = "hold", .type = F_DURATION, OFF(hold) },
};

static const struct section rate_curve_section = { rate_curve_fields, 5, NULL, NULL, NULL };
static const struct section users_curve_section = { users_curve_fields, 5, NULL, NULL, NULL };

/*
 * The most users or requests a second a workload may have: beyond them a run would take
 * gigabytes and hours before saying anything, so the file is refused at once.
 */
#define MAX_USERS 10000000.0
#define MAX_RATE 1000000.0

/* A plain value is a constant level; a mapping is a ramp, or a spike when it has hold. */
static void
bind_curve(struct binder *b, const struct cfg_node *val, struct sim_curve *curve,
           const char *label, const struct section *sec)
{
	int users = sec == &users_curve_section;
	double most = users ? MAX_USERS : MAX_RATE;

	memset(curve, 0, sizeof(*curve));
	curve->hold = SIM_TIME_MAX;
	if (val->type == CFG_SCALAR) {
		curve->kind = SIM_CURVE_CONSTANT;
		bind_value(b, &sec->fields[0], val, label, curve);
		curve->peak = curve->base;
	} else {
		bind_map(b, val, label, sec, 1, curve);
		curve->kind = cfg_node_get(val, "hold") ? SIM_CURVE_SPIKE : SIM_CURVE_RAMP;
	}
	if (curve->base > most || curve->peak > most)
		berr(b, val, "%s: at most %s", label,
		     users ? "10,000,000 users" : "1,000,000 requests/s");
}

static void
bind_curve_rate(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_workload_cfg *w = obj;

	bind_curve(b, val, &w->level, label, &rate_curve_section);
}

static void
bind_curve_users(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_workload_cfg *w = obj;

	bind_curve(b, val, &w->level, label, &users_curve_section);
}

static int
route_index(struct binder *b, const struct cfg_node *name, const char *label)
{
	const char *names[SIM_MAX_ROUTES];
	char hint[80];

	for (int r = 0; r < b->cfg.n_routes; r++) {
		if (strcmp(b->cfg.routes[r].name, name->value) == 0)
			return r;
		names[r] = b->cfg.routes[r].name;
	}
	berr(b, name, "%s: no route called '%s'%s", label, name->value,
	     suggest_phrase(name->value, names, b->cfg.n_routes, hint, sizeof(hint)));
	return -1;
}

static void
mix_add(struct binder *b, struct sim_workload_cfg *w, const struct cfg_node *name,
        double weight, const char *label)
{
	int r = route_index(b, name, label);

	if (r < 0)
		return;
	w->routes[w->n_routes] = r;
	w->weights[w->n_routes++] = weight;
}

/* "routes: page" or "routes: {page: 0.9, post: 0.1}". */
static void
bind_mix(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_workload_cfg *w = obj;
	struct field weight = { .key = "", .type = F_NUMBER, .range = R_POS };
	char child[LABEL_MAX];

	w->n_routes = 0;
	if (val->type == CFG_SCALAR) {
		mix_add(b, w, val, 1, label);
		return;
	}
	if (val->type != CFG_MAP) {
		expected(b, val, label, "a route name or a mapping of route: weight");
		return;
	}
	/* an era alone with no routes has its own message; its default mix is empty */
	if (val->n == 0 && !b->is_era)
		berr(b, val, "%s: expected at least one route", label);
	if (val->n > SIM_MAX_MIX) {
		berr(b, val, "%s: too many routes (at most %d)", label, SIM_MAX_MIX);
		return;
	}
	for (int i = 0; i < val->n; i++) {
		double v = 0;

		join(child, label, val->keys[i]->value);
		bind_value(b, &weight, val->items[i], child, &v);
		if (v > 0)
			mix_add(b, w, val->keys[i], v, label);
	}
}

static void
bind_retry(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	bind_map(b, val, label, &retry_section, 1, obj);
}

static void
bind_direct(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_workload_cfg *w = obj;

	w->direct = 1;
	w->n_targets = bind_route_map(b, val, label, w->targets);
}

/* Clients that call services by address need an address for every route they send. */
static void
check_direct(struct binder *b, const struct sim_workload_cfg *w, const struct cfg_node *map,
             const char *label)
{
	const struct cfg_node *direct = cfg_node_get(map, "direct");
	char child[LABEL_MAX];

	/* a target that did not bind has its own message */
	if (direct == NULL || direct->type != CFG_MAP || w->n_targets != direct->n)
		return;
	join(child, label, "direct");
	for (int i = 0; i < w->n_routes; i++) {
		int found = 0;

		for (int t = 0; t < w->n_targets; t++)
			found |= w->targets[t].route == w->routes[i];
		if (!found)
			berr(b, direct, "%s: no target for route '%s'", child,
			     b->cfg.routes[w->routes[i]].name);
	}
}

/* ---- replay workloads ---- */

static int resolve_era(const char *scen_path, const char *era, char *out, size_t len);

static struct replay_keys *
keys_of(struct binder *b, const void *obj)
{
	return &b->rk[(const struct sim_workload_cfg *)obj - b->cfg.workloads];
}

static void
bind_log(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	if (!want(b, val, CFG_SCALAR, label))
		return;
	if (val->value[0] == 0) {
		expected(b, val, label, "the path of an access log, like traffic/access.log");
		return;
	}
	keys_of(b, obj)->log = val;
}

static void
bind_speed(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct field f = { .key = "speed", .type = F_NUMBER, .range = R_POS };

	bind_value(b, &f, val, label, &keys_of(b, obj)->speed);
}

/* "paths: {/feed: feed, /: page}": a route for each path prefix. */
static void
bind_paths(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct replay_keys *rk = keys_of(b, obj);
	char child[LABEL_MAX];

	if (!want(b, val, CFG_MAP, label))
		return;
	if (val->n == 0) {
		berr(b, val, "%s: expected at least one path prefix, like {/: page}", label);
		return;
	}
	if (val->n > MAX_PREFIXES) {
		berr(b, val, "%s: too many path prefixes (at most %d)", label, MAX_PREFIXES);
		return;
	}
	for (int i = 0; i < val->n; i++) {
		const struct cfg_node *key = val->keys[i];
		int r;

		join(child, label, key->value);
		if (key->value[0] != '/') {
			berr(b, key, "%s: expected a path prefix starting with /, like /feed, got '%s'",
			     label, key->value);
			continue;
		}
		if (!want(b, val->items[i], CFG_SCALAR, child))
			continue;
		r = route_index(b, val->items[i], child);
		if (r < 0)
			continue;
		rk->prefixes[rk->n_prefixes] = key->value;
		rk->routes[rk->n_prefixes++] = r;
	}
}

/* "/feed, /post, /": the prefixes a message lists, cut to fit buf. */
static const char *
prefix_list(const struct replay_keys *rk, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (int i = 0; i < rk->n_prefixes && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
		                         rk->prefixes[i]);
	return buf;
}

/*
 * The route of each distinct path of the log, by its longest prefix; NULL when a path
 * has none (each such path reported at its first line, at most CFG_LOG_MAX_ERRORS).
 */
static int *
path_routes(struct binder *b, const struct replay_keys *rk, const struct cfg_log *log,
            const char *log_path, const char *label)
{
	int *routes = malloc((log->n_paths ? log->n_paths : 1) * sizeof(*routes));
	uint32_t unmatched = 0;
	char list[300];

	if (routes == NULL)
		return NULL;
	for (uint32_t j = 0; j < log->n_paths; j++) {
		int k = cfg_log_match(log->paths[j], rk->prefixes, rk->n_prefixes);

		routes[j] = k < 0 ? -1 : rk->routes[k];
		if (k < 0 && unmatched++ < CFG_LOG_MAX_ERRORS)
			cfg_error(b->errs, log_path, log->path_line[j], log->path_col[j],
			          "no prefix of %s matches the path '%.200s' (it has %s)", label,
			          log->paths[j], prefix_list(rk, list, sizeof(list)));
	}
	if (unmatched > CFG_LOG_MAX_ERRORS)
		cfg_error(b->errs, log_path, 0, 0, "%u more paths match no prefix of %s",
		          unmatched - CFG_LOG_MAX_ERRORS, label);
	if (unmatched > 0) {
		free(routes);
		return NULL;
	}
	return routes;
}

/* The workload's mix: the routes its requests go to, weighted by how many go to each. */
static int
replay_mix(struct binder *b, struct sim_workload_cfg *w, const uint8_t *route, uint32_t n,
           const struct cfg_node *paths, const char *label)
{
	uint32_t count[SIM_MAX_ROUTES] = { 0 };

	for (uint32_t k = 0; k < n; k++)
		count[route[k]]++;
	w->n_routes = 0;
	for (int r = 0; r < b->cfg.n_routes; r++) {
		if (count[r] == 0)
			continue;
		if (w->n_routes == SIM_MAX_MIX) {
			berr(b, paths, "%s: the log's requests go to more than %d routes", label,
			     SIM_MAX_MIX);
			return -1;
		}
		w->routes[w->n_routes] = r;
		w->weights[w->n_routes++] = count[r];
	}
	return 0;
}

/* The moments at the workload's speed: the log's own at 1, else a copy of them scaled. */
static const sim_time *
replay_times(struct binder *b, const struct replay_keys *rk, const struct cfg_log *log,
             const struct cfg_node *speed, const char *label)
{
	sim_time *at;
	char child[LABEL_MAX];

	if (rk->speed == 1.0)
		return log->at;
	/* a slow replay of a long log would outlast any clock: stop well before it wraps */
	if ((double)log->at[log->n - 1] / rk->speed > 1e18) {
		join(child, label, "speed");
		berr(b, speed, "%s: at '%s' the log would last more than 30,000 years", child,
		     speed->value);
		return NULL;
	}
	at = malloc(log->n * sizeof(*at));
	if (at == NULL)
		return NULL;
	for (uint32_t k = 0; k < log->n; k++)
		at[k] = (sim_time)((double)log->at[k] / rk->speed + 0.5);
	return cfg__replay_keep(b->replay, at, log->n * sizeof(*at));
}

/*
 * Joins a replay workload's keys with its log: the log is read (once per scenario), each
 * path mapped to a route, and the workload pointed at the arrays the scenario keeps.
 */
static void
bind_replay(struct binder *b, int i, const struct cfg_node *map, const char *label)
{
	struct sim_workload_cfg *w = &b->cfg.workloads[i];
	const struct replay_keys *rk = &b->rk[i];
	const struct cfg_node *paths = cfg_node_get(map, "paths");
	const struct cfg_log *log;
	char path[1024], child[LABEL_MAX];
	enum cfg_result rc;
	int *routes;
	uint8_t *route;

	/* a key that did not bind has its own message */
	if (rk->log == NULL || paths == NULL || paths->type != CFG_MAP ||
	    rk->n_prefixes != paths->n || rk->speed <= 0)
		return;
	join(child, label, "log");
	if (resolve_era(b->path, rk->log->value, path, sizeof(path)) < 0) {
		berr(b, rk->log, "%s: path too long", child);
		return;
	}
	log = cfg__replay_log(b->replay, path, b->errs, &rc);
	if (log == NULL) {
		if (rc == CFG_EOPEN) {
			berr(b, rk->log, "%s: cannot load '%s'", child, rk->log->value);
			b->unopened = 1;
		}
		return;
	}
	join(child, label, "paths");
	routes = path_routes(b, rk, log, path, child);
	if (routes == NULL)
		return;
	route = malloc(log->n);
	for (uint32_t k = 0; route != NULL && k < log->n; k++)
		route[k] = (uint8_t)routes[log->path[k]];
	free(routes);
	if (route != NULL && replay_mix(b, w, route, log->n, paths, child) < 0) {
		free(route);
		return;
	}
	w->replay_route = cfg__replay_keep(b->replay, route, log->n);
	w->replay_at = replay_times(b, rk, log, cfg_node_get(map, "speed"), label);
	w->replay_user = log->user;
	w->n_replay = log->n;
	w->population = (int)log->n_users;
	if (w->replay_route == NULL || w->replay_at == NULL)
		w->n_replay = 0;        /* out of memory, or reported: the load fails */
}

static void
bind_workloads(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	if (!collection(b, val, label, SIM_MAX_WORKLOADS, "workload"))
		return;
	for (int i = 0; i < val->n; i++) {
		struct sim_workload_cfg *w = &b->cfg.workloads[i];
		const struct cfg_node *key = val->keys[i], *map = val->items[i];
		char child[LABEL_MAX];
		int kind;

		b->cfg.n_workloads = i + 1;
		w->entry = -1;
		w->region = -1;
		join(child, label, key->value);
		if (!check_name(b, key, label))
			continue;
		snprintf(w->name, sizeof(w->name), "%s", key->value);
		w->pos.line = key->line;
		w->pos.col = key->col;
		if (!want(b, map, CFG_MAP, child))
			continue;
		kind = read_kind(b, map, child, workload_kind_names);
		w->kind = kind < 0 ? SIM_WORKLOAD_OPEN : (enum sim_workload_kind)kind;
		b->rk[i].speed = 1.0;
		bind_map(b, map, child, &workload_section, kind < 0 ? 0 : 1u << kind, w);
		if (w->kind == SIM_WORKLOAD_REPLAY && kind >= 0)
			bind_replay(b, i, map, child);
		check_direct(b, w, map, child);
	}
}

#undef OFF
#define OFF(m) .off = offsetof(struct sim_fault_cfg, m)
#define CRASH_ (1u << SIM_FAULT_CRASH)
#define SLOW_ (1u << SIM_FAULT_SLOW)
#define ERRORS_ (1u << SIM_FAULT_ERRORS)
#define DOWN_ (1u << SIM_FAULT_DOWN)
#define HANG_ (1u << SIM_FAULT_HANG)
#define MOVE_ (1u << SIM_FAULT_MOVE)
#define PARTITION_ (1u << SIM_FAULT_PARTITION)
#define REGION_LOSS_ (1u << SIM_FAULT_REGION_LOSS)
#define DEPLOY_ (1u << SIM_FAULT_DEPLOY)
/* faults that happen to one node, and those that last a while (slow may last to the end) */
#define ON_NODE_ (CRASH_ | SLOW_ | ERRORS_ | DOWN_ | HANG_ | MOVE_ | DEPLOY_)
#define LASTING_ (ERRORS_ | DOWN_ | HANG_ | PARTITION_ | REGION_LOSS_ | DEPLOY_)

static void bind_hold(struct binder *b, const struct cfg_node *val, void *obj,
                      const char *label);
static void bind_partition(struct binder *b, const struct cfg_node *val, void *obj,
                           const char *label);

static const struct field fault_fields[] = {
	{ .key = "kind", .type = F_SKIP },
	{ .key = "node", .type = F_REF, .kinds = ON_NODE_, .required = ON_NODE_,
	  .refs = ALL_KINDS, OFF(node) },
	{ .key = "at", .type = F_DURATION, .required = ALL_KINDS, OFF(at) },
	{ .key = "for", .type = F_DURATION, .kinds = SLOW_ | LASTING_, .required = LASTING_,
	  .range = R_POS, OFF(duration) },
	{ .key = "route", .type = F_ROUTE, .kinds = DEPLOY_, .required = DEPLOY_, OFF(route) },
	{ .key = "factor", .type = F_NUMBER, .kinds = SLOW_ | DEPLOY_, .required = SLOW_ | DEPLOY_,
	  .range = R_POS, OFF(value) },
	{ .key = "rate", .type = F_RATIO, .kinds = ERRORS_, .required = ERRORS_, OFF(value) },
	{ .key = "hold", .type = F_CUSTOM, .kinds = HANG_, .required = HANG_, .fn = bind_hold },
	{ .key = "regions", .type = F_CUSTOM, .kinds = PARTITION_, .required = PARTITION_,
	  .fn = bind_partition },
	{ .key = "region", .type = F_REGION, .kinds = REGION_LOSS_, .required = REGION_LOSS_,
	  OFF(region) },
};

/* A hang holds each request for a duration, kept in value as seconds. */
static void
bind_hold(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct field f = { .key = "hold", .type = F_DURATION, .range = R_POS };
	struct sim_fault_cfg *fault = obj;
	sim_time t = 0;

	bind_value(b, &f, val, label, &t);
	fault->value = (double)t / SIM_SEC;
}

static void
bind_partition(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	struct sim_fault_cfg *fault = obj;

	bind_region_pair(b, val, label, &fault->region, &fault->region2);
}

static const struct section fault_section = {
	fault_fields, sizeof(fault_fields) / sizeof(fault_fields[0]), fault_kind_names, "faults",
	fault_phrases
};

static void
bind_faults(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	if (!want(b, val, CFG_SEQ, label))
		return;
	if (val->n > SIM_MAX_FAULTS) {
		berr(b, val, "%s: too many faults (at most %d)", label, SIM_MAX_FAULTS);
		return;
	}
	for (int i = 0; i < val->n; i++) {
		struct sim_fault_cfg *f = &b->cfg.faults[i];
		const struct cfg_node *map = val->items[i];
		char child[LABEL_MAX];
		int kind;

		b->cfg.n_faults = i + 1;
		f->node = -1;
		f->route = -1;
		f->region = -1;
		f->region2 = -1;
		f->duration = SIM_TIME_MAX;
		f->pos.line = map->line;
		f->pos.col = map->col;
		join_index(child, label, i);
		if (!want(b, map, CFG_MAP, child))
			continue;
		kind = read_kind(b, map, child, fault_kind_names);
		f->kind = kind < 0 ? SIM_FAULT_CRASH : (enum sim_fault_kind)kind;
		bind_map(b, map, child, &fault_section, kind < 0 ? 0 : 1u << kind, f);
		b->fault_at[i] = cfg_node_get(map, "at");
	}
}

static const struct {
	const char *text;
	enum sim_claim_op op;
} claim_ops[] = {
	{ "<=", SIM_OP_LE }, { ">=", SIM_OP_GE }, { "==", SIM_OP_EQ }, { "!=", SIM_OP_NE },
	{ "<", SIM_OP_LT }, { ">", SIM_OP_GT },
};

/* A metric's name at *s into out (len bytes), *s moved past it and its spaces; 0 or -1. */
static int
read_metric(const char **s, char *out, size_t len)
{
	const char *p = *s;
	size_t n = 0;

	while (*p == ' ')
		p++;
	if (!isalpha((unsigned char)*p) && *p != '_')
		return -1;
	while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '.')
		n++;
	if (n >= len)
		return -1;
	memcpy(out, p, n);
	out[n] = 0;
	for (p += n; *p == ' '; p++)
		;
	*s = p;
	return 0;
}

/*
 * The right side of a claim that is a metric: "dlq", or "pain.db_queries_per_s" (a metric
 * of the run of variant pain), then optionally "* 2" or "/ 10". Returns 0 or -1.
 */
static int
parse_claim_ref(const char *s, struct sim_claim *claim)
{
	char ref[sizeof(claim->rhs_variant) + sizeof(claim->rhs)];
	char *dot;

	if (read_metric(&s, ref, sizeof(ref)) < 0)
		return -1;
	dot = strchr(ref, '.');
	if (dot != NULL) {
		*dot = 0;
		if (ref[0] == 0 || dot[1] == 0 || strchr(dot + 1, '.') != NULL ||
		    strlen(ref) >= sizeof(claim->rhs_variant) ||
		    strlen(dot + 1) >= sizeof(claim->rhs))
			return -1;
		strcpy(claim->rhs_variant, ref);
		strcpy(claim->rhs, dot + 1);
	} else {
		if (strlen(ref) >= sizeof(claim->rhs))
			return -1;
		strcpy(claim->rhs, ref);
	}
	if (*s == 0)
		return 0;
	if (*s != '*' && *s != '/')
		return -1;
	claim->scale_op = *s++;
	while (*s == ' ')
		s++;
	return parse_number(s, &claim->scale) == 0 && claim->scale > 0 ? 0 : -1;
}

/*
 * "logged_out > 0", "refunds == dlq" (a metric against another) or "p99_ms <= pain.p99_ms
 * / 10" (against another variant's run) into claim; -1 when it is not a metric, an
 * operator and a number or a metric.
 */
static int
parse_claim(const char *s, struct sim_claim *claim)
{
	unsigned i;

	if (read_metric(&s, claim->metric, sizeof(claim->metric)) < 0)
		return -1;
	for (i = 0; i < sizeof(claim_ops) / sizeof(claim_ops[0]); i++) {
		if (strncmp(s, claim_ops[i].text, strlen(claim_ops[i].text)) == 0)
			break;
	}
	if (i == sizeof(claim_ops) / sizeof(claim_ops[0]))
		return -1;
	claim->op = claim_ops[i].op;
	s += strlen(claim_ops[i].text);
	while (*s == ' ')
		s++;
	if (parse_number(s, &claim->value) == 0)
		return 0;
	return parse_claim_ref(s, claim);
}

static void
bind_claims(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	char child[LABEL_MAX];

	if (!want(b, val, CFG_SEQ, label))
		return;
	for (int i = 0; i < val->n; i++) {
		const struct cfg_node *item = val->items[i];
		struct sim_claim *claim = &b->claims[b->n_claims];

		join_index(child, label, i);
		if (!want(b, item, CFG_SCALAR, child))
			continue;
		if (b->n_claims == SIM_MAX_CLAIMS) {
			berr(b, item, "%s: too many claims (at most %d)", child, SIM_MAX_CLAIMS);
			return;
		}
		memset(claim, 0, sizeof(*claim));
		if (strlen(item->value) >= sizeof(claim->text) ||
		    parse_claim(item->value, claim) < 0) {
			expected(b, item, child, "a claim like 'logged_out > 0'");
			continue;
		}
		strcpy(claim->text, item->value);
		claim->pos.line = item->line;
		claim->pos.col = item->col;
		b->n_claims++;
	}
}

static void
check_claim_metric(struct binder *b, const struct sim_claim *c, const char *name)
{
	char hint[128];

	if (name[0] == '\0' || sim_metric_may_exist(&b->cfg, name, hint, sizeof(hint)))
		return;
	if (hint[0] != '\0')
		cfg_error(b->errs, b->path, c->pos.line, c->pos.col, "unknown metric '%s' in "
		          "claim '%s' (did you mean '%s'?)", name, c->text, hint);
	else
		cfg_error(b->errs, b->path, c->pos.line, c->pos.col, "unknown metric '%s' in "
		          "claim '%s'", name, c->text);
}

/*
 * Claims naming a metric no run of the variant can have, reported with the file's other
 * errors (a claim shared by every variant is reported once: cfg_error() drops repeats).
 */
static void
check_claim_metrics(struct binder *b)
{
	for (int i = 0; i < b->n_claims; i++) {
		check_claim_metric(b, &b->claims[i], b->claims[i].metric);
		check_claim_metric(b, &b->claims[i], b->claims[i].rhs);
	}
}

/* "02:40:00" or "02:40" into microseconds since midnight. */
static void
bind_clock(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	int h = 0, m = 0, s = 0, used = 0;
	int ok = 0;

	if (val->type == CFG_SCALAR) {
		const char *t = val->value;

		ok = (sscanf(t, "%2d:%2d:%2d%n", &h, &m, &s, &used) == 3 ||
		      (s = 0, sscanf(t, "%2d:%2d%n", &h, &m, &used) == 2)) &&
		     t[used] == 0 && isdigit((unsigned char)t[0]) &&
		     h < 24 && m < 60 && s < 60 && h >= 0 && m >= 0 && s >= 0;
	}
	if (!ok) {
		expected(b, val, label, "a time of day like \"02:44:00\"");
		return;
	}
	b->cfg.clock_start = ((sim_time)h * 3600 + m * 60 + s) * SIM_SEC;
}

#undef OFF
#define OFF(m) .off = offsetof(struct binder, m)

static const struct field monitor_fields[] = {
	{ .key = "interval", .type = F_DURATION, .range = R_POS, OFF(cfg.monitor_interval) },
	{ .key = "cpu", .type = F_RATIO, OFF(cfg.warn_cpu) },
	{ .key = "ram", .type = F_RATIO, OFF(cfg.warn_ram) },
};

static const struct section monitor_section = { monitor_fields, 3, NULL, NULL, NULL };

static void
bind_monitor(struct binder *b, const struct cfg_node *val, void *obj, const char *label)
{
	bind_map(b, val, label, &monitor_section, 1, b);
}

static const struct field scenario_fields[] = {
	{ .key = "scenario", .type = F_NAME, .required = ALL_KINDS, OFF(top.name),
	  .size = SIM_NAME_MAX },
	{ .key = "title", .type = F_TEXT, .required = ALL_KINDS, OFF(top.title),
	  .size = SIM_TEXT_MAX },
	{ .key = "year", .type = F_INT, .required = ALL_KINDS, .range = R_ONE, .max = MAX_YEAR,
	  OFF(top.year) },
	{ .key = "chapter", .type = F_INT, .range = R_NONNEG, OFF(top.chapter) },
	{ .key = "description", .type = F_TEXT, OFF(top.description), .size = 1024 },
	{ .key = "era", .type = F_TEXT, .required = ALL_KINDS, OFF(top.era), .size = 1024 },
	{ .key = "seed", .type = F_U64, OFF(top.seed) },
	{ .key = "clock_start", .type = F_CUSTOM, .fn = bind_clock },
	{ .key = "duration", .type = F_DURATION, .required = ALL_KINDS, .range = R_POS,
	  OFF(cfg.duration) },
	{ .key = "monitor", .type = F_CUSTOM, .fn = bind_monitor },
	{ .key = "workloads", .type = F_CUSTOM, .required = ALL_KINDS, .fn = bind_workloads },
	{ .key = "faults", .type = F_CUSTOM, .fn = bind_faults },
	{ .key = "expect", .type = F_CUSTOM, .fn = bind_claims },
	{ .key = "variants", .type = F_SKIP },
};

static const struct section scenario_section = {
	scenario_fields, sizeof(scenario_fields) / sizeof(scenario_fields[0]), NULL, NULL, NULL
};

static void
check_fault_times(struct binder *b)
{
	for (int i = 0; i < b->cfg.n_faults; i++) {
		const struct cfg_node *at = b->fault_at[i];

		if (at == NULL || b->duration_node == NULL || b->cfg.duration == 0)
			continue;
		if (b->cfg.faults[i].at >= b->cfg.duration)
			berr(b, at, "faults[%d].at: '%s' is not before the end of the run "
			     "(duration '%s')", i, at->value, b->duration_node->value);
	}
}

static void
bind_scenario(struct binder *b, const struct cfg_node *root, const char *path)
{
	b->path = path;
	b->top.seed = 1;
	bind_map(b, root, "", &scenario_section, 1, b);
	b->duration_node = cfg_node_get(root, "duration");
	if (b->duration_node != NULL && b->duration_node->type != CFG_SCALAR)
		b->duration_node = NULL;
	check_fault_times(b);
}

/* ---- sets ---- */

/* One override: a variant's set: entry, or a --set from the command line. */
struct set_entry {
	const char *key;                /* the dotted path */
	const struct cfg_node *key_node;        /* where it was written; NULL for --set */
	const struct cfg_node *value;
	const char *path;               /* the file (or "FILE: --set ...") for messages */
};

static void
set_error(struct binder *b, const struct set_entry *s, const char *fmt, const char *a,
          const char *c)
{
	char text[512];
	const struct cfg_node *at = s->key_node;

	snprintf(text, sizeof(text), fmt, a, c);
	/* a --set's path already quotes it: "FILE: --set KEY=VALUE" */
	if (at == NULL)
		cfg_error(b->errs, s->path, 0, 0, "%s", text);
	else
		cfg_error(b->errs, s->path, at->line, at->col, "set '%s': %s", s->key, text);
}

static struct cfg_node *
scalar_node(const char *text, const struct cfg_node *pos)
{
	struct cfg_node *node = calloc(1, sizeof(*node));

	if (node == NULL)
		return NULL;
	node->type = CFG_SCALAR;
	node->value = strdup(text);
	if (node->value == NULL) {
		free(node);
		return NULL;
	}
	if (pos != NULL) {
		node->line = pos->line;
		node->col = pos->col;
	}
	return node;
}

/* Adds key: value to a mapping, taking both; -1 when out of memory (both freed). */
static int
map_put(struct cfg_node *map, struct cfg_node *key, struct cfg_node *value)
{
	size_t size = (size_t)(map->n + 1) * sizeof(struct cfg_node *);
	struct cfg_node **keys, **items;

	if (key == NULL || value == NULL)
		goto fail;
	keys = realloc(map->keys, size);
	if (keys == NULL)
		goto fail;
	map->keys = keys;
	items = realloc(map->items, size);
	if (items == NULL)
		goto fail;
	map->items = items;
	map->keys[map->n] = key;
	map->items[map->n++] = value;
	return 0;
fail:
	cfg_node_free(key);
	cfg_node_free(value);
	return -1;
}

static void
overlay(struct binder *b, const struct cfg_node *root, const char *path)
{
	if (b->n_ov < MAX_OVERLAYS) {
		b->ov[b->n_ov].root = root;
		b->ov[b->n_ov++].path = path;
	}
}

/* Forgets what earlier sets wrote inside gone, which a later set is about to free. */
static void
forget_overlays(struct binder *b, const struct cfg_node *gone)
{
	int kept = 0;

	for (int i = 0; i < b->n_ov; i++) {
		if (!in_subtree(gone, b->ov[i].root))
			b->ov[kept++] = b->ov[i];
	}
	b->n_ov = kept;
}

/* The child of node called seg: a key of a mapping or an index of a list; NULL if none. */
static struct cfg_node **
child_slot(struct cfg_node *node, const char *seg)
{
	if (node->type == CFG_MAP) {
		for (int i = 0; i < node->n; i++) {
			if (strcmp(node->keys[i]->value, seg) == 0)
				return &node->items[i];
		}
	} else if (node->type == CFG_SEQ) {
		char *end;
		long i = strtol(seg, &end, 10);

		if (isdigit((unsigned char)seg[0]) && *end == 0 && i < node->n)
			return &node->items[i];
	}
	return NULL;
}

/*
 * " (it has a, b, c)": what a mapping holds, when no key is close enough to suggest one.
 * Eras differ in their node names, and a --set given with several files meets several.
 */
static void
names_phrase(const char *const *names, int n, char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len, " (it has ");

	for (int i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", names[i]);
	if (n == 0 || used + 2 > len) {
		buf[0] = 0;
		return;
	}
	snprintf(buf + used, len - used, ")");
}

static void
missing_step(struct binder *b, const struct set_entry *s, const struct cfg_node *parent,
             const char *seg, const char *where)
{
	const char *cands[64];
	char text[LABEL_MAX + 64], hint[400] = "";
	int n = 0;

	for (int i = 0; parent->type == CFG_MAP && i < parent->n && n < 64; i++)
		cands[n++] = parent->keys[i]->value;
	snprintf(text, sizeof(text), "there is no '%s' in %s", seg,
	         where[0] ? where : "the file");
	if (suggest_phrase(seg, cands, n, hint, sizeof(hint))[0] == 0 && where[0] != 0)
		names_phrase(cands, n, hint, sizeof(hint));
	set_error(b, s, "%s%s", text, hint);
}

/*
 * Writes one override into the era or scenario tree. Steps through existing mappings
 * (and list indexes); a missing step is created only at the top of the scenario, for
 * an optional section such as monitor. Returns 0, or -1 after reporting.
 */
static int
apply_set(struct binder *b, struct cfg_node *era, struct cfg_node *scen,
          const struct set_entry *s)
{
	char key[LABEL_MAX], where[LABEL_MAX] = "";
	char *segs[32];
	int n = 0;
	struct cfg_node *cur, **slot;

	snprintf(key, sizeof(key), "%s", s->key);
	for (char *p = key, *dot; n < 32; p = dot + 1) {
		segs[n++] = p;
		dot = strchr(p, '.');
		if (dot == NULL)
			break;
		*dot = 0;
	}
	for (int i = 0; i < n; i++) {
		if (segs[i][0] == 0) {
			set_error(b, s, "%s%s", "expected a dotted path like nodes.db.cores", "");
			return -1;
		}
	}
	cur = strcmp(segs[0], "nodes") == 0 || strcmp(segs[0], "routes") == 0 ||
	      strcmp(segs[0], "entry") == 0 || strcmp(segs[0], "regions") == 0 ||
	      strcmp(segs[0], "network") == 0 ? era : scen;
	for (int i = 0; i < n; i++) {
		struct cfg_node *value;

		slot = child_slot(cur, segs[i]);
		if (i == n - 1 || slot == NULL) {
			int last = i == n - 1;

			/* only a top-level section may be created on the way: monitor.cpu */
			if (slot == NULL && !(cur->type == CFG_MAP && (last || (i == 0 && n == 2)))) {
				missing_step(b, s, cur, segs[i], where);
				return -1;
			}
			value = last ? cfg_node_clone(s->value) : calloc(1, sizeof(*value));
			if (value == NULL)
				return -1;
			if (!last)
				value->type = CFG_MAP;
			if (slot != NULL) {
				/* "nodes: 8" after "nodes.app.cores: 2" frees what the first wrote */
				forget_overlays(b, *slot);
				cfg_node_free(*slot);
				*slot = value;
			} else {
				struct cfg_node *k = scalar_node(segs[i], s->key_node);

				if (map_put(cur, k, value) < 0)
					return -1;
				overlay(b, k, s->path);
			}
			overlay(b, value, s->path);
			if (last)
				return 0;
			slot = &cur->items[cur->n - 1];
		}
		if ((*slot)->type == CFG_SCALAR) {
			join(where, where, segs[i]);
			set_error(b, s, "'%s' is a single value, it has no '%s'", where, segs[i + 1]);
			return -1;
		}
		join(where, where, segs[i]);
		cur = *slot;
	}
	return 0;
}

/* ---- variants ---- */

/* A parsed --set: its value as a tree, and its name for messages. */
/*
 * A --set applies to every file given with it, so its messages name the file as well:
 * label is "FILE: --set KEY=VALUE", used as the path of every message about it.
 */
struct cli_set {
	char label[1600];
	char key[LABEL_MAX];
	struct cfg_doc doc;
	struct cfg_node *value;
};

static void
zero_positions(struct cfg_node *node)
{
	node->line = node->col = 0;
	for (int i = 0; i < node->n; i++) {
		zero_positions(node->items[i]);
		if (node->keys != NULL)
			zero_positions(node->keys[i]);
	}
}

/* Parses each --set value as YAML, so that "{kind: cache}" adds a node. */
static int
parse_cli_sets(const char *path, const struct cfg_set *sets, int n, struct cli_set *out,
               struct cfg_errors *errs)
{
	int bad = 0;

	for (int i = 0; i < n; i++) {
		struct cli_set *c = &out[i];

		snprintf(c->label, sizeof(c->label), "%s: --set %s=%s", path, sets[i].key,
		         sets[i].value);
		snprintf(c->key, sizeof(c->key), "%s", sets[i].key);
		if (sets[i].value[0] == 0) {
			c->value = scalar_node("", NULL);
		} else if (cfg_doc_parse(c->label, sets[i].value, strlen(sets[i].value), &c->doc,
		                         errs) == CFG_OK) {
			c->value = c->doc.root;
			zero_positions(c->value);
		}
		if (c->value == NULL)
			bad = 1;
	}
	return bad ? -1 : 0;
}

static void
free_cli_sets(struct cli_set *sets, int n)
{
	for (int i = 0; i < n; i++) {
		if (sets[i].doc.root != NULL)
			cfg_doc_fini(&sets[i].doc);
		else
			cfg_node_free(sets[i].value);
		free(sets[i].doc.path);
	}
	free(sets);
}

static const struct field variant_fields[] = {
	{ .key = "description", .type = F_TEXT, .off = offsetof(struct cfg_variant, description),
	  .size = SIM_TEXT_MAX },
	{ .key = "set", .type = F_SKIP },
	{ .key = "expect", .type = F_SKIP },
	{ .key = "era", .type = F_SKIP },
};

static const struct section variant_section = { variant_fields, 4, NULL, NULL, NULL };

/* What one load shares between its variants. */
struct load {
	const char *path;
	const char *era_path;
	const struct cfg_node *era;
	const struct cfg_node *scen;
	const struct cfg_node *variants;        /* the variants mapping, NULL: one default */
	struct cli_set *cli;
	int n_cli;
	int is_era;
	struct cfg_errors *errs;
};

static void
apply_sets(struct binder *b, const struct load *ld, const struct cfg_node *set,
           struct cfg_node *era, struct cfg_node *scen, const char *label)
{
	if (set != NULL && want(b, set, CFG_MAP, label)) {
		for (int i = 0; i < set->n; i++) {
			struct set_entry s = { set->keys[i]->value, set->keys[i], set->items[i],
			                       ld->path };

			apply_set(b, era, scen, &s);
		}
	}
	for (int i = 0; i < ld->n_cli; i++) {
		struct set_entry s = { ld->cli[i].key, NULL, ld->cli[i].value, ld->cli[i].label };

		apply_set(b, era, scen, &s);
	}
}

/* The facts of the whole scenario, as the first variant's binding read them. */
static void
fill_meta(struct cfg_scenario *sc, const struct binder *b, int is_era)
{
	snprintf(sc->title, sizeof(sc->title), "%s", is_era ? b->cfg.era_title : b->top.title);
	snprintf(sc->description, sizeof(sc->description), "%s", b->top.description);
	sc->year = is_era ? b->cfg.era_year : b->top.year;
	sc->chapter = b->top.chapter;
	sc->seed = b->top.seed;
}

static enum cfg_result open_era(const char *path, const struct cfg_node *era,
                                const char *label, char *era_path, size_t len,
                                struct cfg_doc *doc, struct cfg_errors *errs);

/*
 * The era a variant runs on into *root: the one its own era key names (opened into doc),
 * or the scenario's. Anything but CFG_OK has been reported.
 */
static enum cfg_result
variant_era(const struct load *ld, const struct cfg_node *vmap, struct cfg_variant *out,
            struct cfg_doc *doc, const struct cfg_node **root)
{
	const struct cfg_node *era = cfg_node_get(vmap, "era");
	char label[LABEL_MAX];
	enum cfg_result rc;

	*root = ld->era;
	if (era == NULL) {
		snprintf(out->era_path, sizeof(out->era_path), "%s", ld->era_path);
		return CFG_OK;
	}
	join(label, "variants", out->name);
	join(label, label, "era");
	rc = open_era(ld->path, era, label, out->era_path, sizeof(out->era_path), doc,
	              ld->errs);
	*root = doc->root;
	return rc;
}

/*
 * Binds variant v (index into ld->variants, or the default) into sc; 0, -1, or -2 when
 * the era the variant names cannot be opened.
 */
static int
bind_variant(const struct load *ld, int v, struct cfg_scenario *sc)
{
	struct cfg_variant *out = &sc->variants[v];
	struct binder *b = calloc(1, sizeof(*b));
	const struct cfg_node *vmap = ld->variants ? ld->variants->items[v] : NULL;
	const struct cfg_node *era_root;
	struct cfg_node *era = NULL, *scen = cfg_node_clone(ld->scen);
	struct cfg_doc doc = { 0 };
	int before = ld->errs->n, rc = -1;
	char label[LABEL_MAX];

	snprintf(out->name, sizeof(out->name), "%s",
	         vmap ? ld->variants->keys[v]->value : "default");
	switch (variant_era(ld, vmap, out, &doc, &era_root)) {
	case CFG_OK:
		break;
	case CFG_EOPEN:
		rc = -2;
		goto done;
	default:
		goto done;
	}
	era = cfg_node_clone(era_root);
	if (b == NULL || era == NULL || scen == NULL)
		goto done;
	b->errs = ld->errs;
	b->is_era = ld->is_era;
	b->path = ld->path;
	b->replay = &sc->replay;
	sim_config_defaults(&b->cfg);
	join(label, "variants", out->name);
	if (vmap != NULL && vmap->type == CFG_MAP) {
		join(label, label, "set");
		apply_sets(b, ld, cfg_node_get(vmap, "set"), era, scen, label);
	} else {
		apply_sets(b, ld, NULL, era, scen, label);
	}
	bind_era(b, era, out->era_path);
	bind_scenario(b, scen, ld->path);
	b->n_ov = 0;
	b->path = ld->path;
	if (vmap != NULL && cfg_node_get(vmap, "expect") != NULL) {
		join(label, "variants", out->name);
		join(label, label, "expect");
		bind_claims(b, cfg_node_get(vmap, "expect"), NULL, label);
	}
	check_claim_metrics(b);
	if (ld->errs->n == before) {
		out->cfg = b->cfg;
		memcpy(out->claims, b->claims, sizeof(b->claims));
		out->n_claims = b->n_claims;
		if (v == 0)
			fill_meta(sc, b, ld->is_era);
		rc = 0;
	}
	if (b->unopened)
		rc = -2;
done:
	/* a log another variant could not open was reported then */
	if (rc < 0 && ld->errs->n == before && (b == NULL || !b->unopened))
		cfg_error(ld->errs, ld->path, 0, 0, "out of memory");
	cfg_node_free(era);
	cfg_node_free(scen);
	cfg_doc_fini(&doc);
	free(b);
	return rc;
}

/* Checks the variants mapping itself (names, keys, descriptions) once, not per variant. */
static void
check_variants(const struct load *ld, struct cfg_variant *vars)
{
	struct binder *b = calloc(1, sizeof(*b));
	const struct cfg_node *val = ld->variants;

	if (b == NULL)
		return;
	b->errs = ld->errs;
	b->path = ld->path;
	for (int i = 0; i < val->n; i++) {
		char label[LABEL_MAX];

		join(label, "variants", val->keys[i]->value);
		if (!check_name(b, val->keys[i], "variants"))
			continue;
		bind_map(b, val->items[i], label, &variant_section, 1, &vars[i]);
	}
	free(b);
}

/*
 * Each variant's config and claims; the scenario-level facts come from the first. Returns
 * 0, -1, or -2 when a variant's own era cannot be opened.
 */
static int
bind_all(const struct load *ld, struct cfg_scenario *out)
{
	int n = ld->variants ? ld->variants->n : 1;
	int before = ld->errs->n, unopened = 0;

	out->variants = calloc((size_t)n, sizeof(*out->variants));
	if (out->variants == NULL) {
		cfg_error(ld->errs, ld->path, 0, 0, "out of memory");
		return -1;
	}
	out->n_variants = n;
	if (ld->variants != NULL)
		check_variants(ld, out->variants);
	for (int v = 0; v < n; v++)
		unopened |= bind_variant(ld, v, out) == -2;
	if (unopened)
		return -2;
	return ld->errs->n == before ? 0 : -1;
}

/* ---- an era alone ---- */

static int
put_text(struct cfg_node *map, const char *key, const char *text)
{
	return map_put(map, scalar_node(key, NULL), scalar_node(text, NULL));
}

static struct cfg_node *
map_node(void)
{
	struct cfg_node *node = calloc(1, sizeof(*node));

	if (node != NULL)
		node->type = CFG_MAP;
	return node;
}

/* Copies the era's key as the scenario's own (a clone keeps its place for messages). */
static int
put_copy(struct cfg_node *map, const char *key, const struct cfg_node *era, const char *from,
         const char *fallback)
{
	const struct cfg_node *val = cfg_node_get(era, from);

	if (val != NULL && val->type == CFG_SCALAR)
		return map_put(map, scalar_node(key, NULL), cfg_node_clone(val));
	return put_text(map, key, fallback);
}

/* Whether a step of any route calls the route name: a service asks for it, not a client. */
static int
route_called(const struct cfg_node *routes, const char *name)
{
	for (int r = 0; routes && routes->type == CFG_MAP && r < routes->n; r++) {
		const struct cfg_node *steps = cfg_node_get(routes->items[r], "steps");

		for (int i = 0; steps && steps->type == CFG_SEQ && i < steps->n; i++) {
			const struct cfg_node *call = cfg_node_get(steps->items[i], "call");

			if (call && call->type == CFG_SCALAR && strcmp(call->value, name) == 0)
				return 1;
		}
	}
	return 0;
}

/* Who sends a route's requests in an era given alone (route_sender()). */
enum sender { SEND_NONE, SEND_ENTRY, SEND_CDN };

/* The name of the era's first CDN, or NULL when it has none. */
static const char *
first_cdn(const struct cfg_node *era)
{
	const struct cfg_node *nodes = cfg_node_get(era, "nodes");

	for (int i = 0; nodes && nodes->type == CFG_MAP && i < nodes->n; i++) {
		const struct cfg_node *kind = cfg_node_get(nodes->items[i], "kind");

		if (kind && kind->type == CFG_SCALAR && strcmp(kind->value, "cdn") == 0)
			return nodes->keys[i]->value;
	}
	return NULL;
}

/*
 * Who asks for the route name in an era given alone: nobody when a service calls it or a
 * consumer serves it; the clients through the era's entry when the era has no gateway, or
 * a gateway routes it; otherwise, when the era has a CDN, the clients through the CDN
 * (what the gateways leave out is media, which users fetch from the edges), and nobody
 * when it has none (a saga's refund).
 */
static enum sender
route_sender(const struct cfg_node *era, const char *name)
{
	const struct cfg_node *nodes = cfg_node_get(era, "nodes");
	int gateways = 0, listed = 0;

	if (route_called(cfg_node_get(era, "routes"), name))
		return SEND_NONE;
	for (int i = 0; nodes && nodes->type == CFG_MAP && i < nodes->n; i++) {
		const struct cfg_node *n = nodes->items[i], *kind = cfg_node_get(n, "kind");
		const struct cfg_node *cons = cfg_node_get(n, "consumes");

		for (int k = 0; cons && cons->type == CFG_SEQ && k < cons->n; k++) {
			const struct cfg_node *r = cfg_node_get(cons->items[k], "route");

			if (r && r->type == CFG_SCALAR && strcmp(r->value, name) == 0)
				return SEND_NONE;
		}
		if (kind && kind->type == CFG_SCALAR && strcmp(kind->value, "gateway") == 0) {
			gateways++;
			listed |= cfg_node_get(cfg_node_get(n, "routes"), name) != NULL;
		}
	}
	if (gateways == 0 || listed)
		return SEND_ENTRY;
	return first_cdn(era) != NULL ? SEND_CDN : SEND_NONE;
}

/*
 * The routes the clients of an era alone ask for through its entry, into mix, and those
 * they fetch from its CDN, into cdn_mix; *n and *n_cdn count them. Every route goes into
 * mix when route_sender() gives none to either. Returns -1 when out of memory.
 */
static int
default_mix(const struct cfg_node *era, struct cfg_node *mix, struct cfg_node *cdn_mix,
            int *n, int *n_cdn)
{
	const struct cfg_node *routes = cfg_node_get(era, "routes");

	*n = *n_cdn = 0;
	/* a mix holds fewer routes than an era may have: the first ones, then */
	for (int pass = 0; pass < 2 && *n + *n_cdn == 0; pass++)
		for (int i = 0; routes && routes->type == CFG_MAP && i < routes->n; i++) {
			const char *name = routes->keys[i]->value;
			enum sender by = pass == 0 ? route_sender(era, name) : SEND_ENTRY;
			int *count = by == SEND_CDN ? n_cdn : n;

			if (by == SEND_NONE || *count == SIM_MAX_MIX)
				continue;
			if (put_text(by == SEND_CDN ? cdn_mix : mix, name, "1") < 0)
				return -1;
			(*count)++;
		}
	return 0;
}

/* An open workload of rate requests a second over mix (taken), through entry if not NULL. */
static struct cfg_node *
open_workload(double rate, struct cfg_node *mix, const char *entry)
{
	struct cfg_node *wl = map_node();
	char text[32];

	snprintf(text, sizeof text, "%g/s", rate);
	if (wl == NULL || put_text(wl, "kind", "open") < 0 || put_text(wl, "rate", text) < 0 ||
	    (entry != NULL && put_text(wl, "entry", entry) < 0)) {
		cfg_node_free(wl);
		cfg_node_free(mix);
		return NULL;
	}
	/* map_put() frees mix when it fails */
	if (map_put(wl, scalar_node("routes", NULL), mix) < 0) {
		cfg_node_free(wl);
		return NULL;
	}
	return wl;
}

/* Adds the workload name of rate over mix (taken) to wls; -1 when out of memory. */
static int
add_workload(struct cfg_node *wls, const char *name, double rate, struct cfg_node *mix,
             const char *entry)
{
	struct cfg_node *wl = open_workload(rate, mix, entry);

	return wl == NULL ? -1 : map_put(wls, scalar_node(name, NULL), wl);
}

/*
 * The regions of the era that hold a gateway, into names (at most SIM_MAX_REGIONS), in the
 * order of its regions list; a gateway that names no region runs in the first. Their
 * number: 0 for an era without regions or gateways.
 */
static int
gateway_regions(const struct cfg_node *era, const char **names)
{
	const struct cfg_node *regions = cfg_node_get(era, "regions");
	const struct cfg_node *nodes = cfg_node_get(era, "nodes");
	int n = 0;

	for (int r = 0; regions && regions->type == CFG_SEQ && r < regions->n &&
	     n < SIM_MAX_REGIONS; r++) {
		const char *name = regions->items[r]->value;

		for (int i = 0; name && nodes && nodes->type == CFG_MAP && i < nodes->n; i++) {
			const struct cfg_node *kind = cfg_node_get(nodes->items[i], "kind");
			const struct cfg_node *reg = cfg_node_get(nodes->items[i], "region");
			const char *where = reg && reg->type == CFG_SCALAR ? reg->value :
			                    r == 0 ? name : NULL;

			int gateway = kind && kind->type == CFG_SCALAR &&
			              strcmp(kind->value, "gateway") == 0;

			if (gateway && where && strcmp(where, name) == 0) {
				names[n++] = name;
				break;
			}
		}
	}
	return n;
}

/*
 * The clients' own workloads of an era alone into wls: rate over mix (taken), split evenly
 * over the regions that hold a gateway ("default_us", "default_eu"), so that a platform of
 * several regions shows each one serving its own users, or one workload where there is at
 * most one such region. Returns -1 when out of memory.
 */
static int
regional_workloads(const struct cfg_node *era, struct cfg_node *wls, double rate,
                   struct cfg_node *mix)
{
	const char *names[SIM_MAX_REGIONS];
	int n = gateway_regions(era, names), rc = 0;
	char wl_name[SIM_NAME_MAX + 16];

	if (n < 2)
		return add_workload(wls, "default", rate, mix, NULL);
	for (int r = 0; r < n && rc == 0; r++) {
		struct cfg_node *own = r + 1 < n ? cfg_node_clone(mix) : mix;
		struct cfg_node *wl = own ? open_workload(rate / n, own, NULL) : NULL;

		snprintf(wl_name, sizeof wl_name, "default_%s", names[r]);
		if (wl != NULL && put_text(wl, "region", names[r]) < 0) {
			cfg_node_free(wl);
			wl = NULL;
		}
		/* map_put() frees wl when it fails; mix is ours until the last region takes it */
		rc = wl == NULL || map_put(wls, scalar_node(wl_name, NULL), wl) < 0 ? -1 : 0;
		if (rc < 0 && r + 1 < n)
			cfg_node_free(mix);
	}
	return rc;
}

/*
 * The workloads of an era alone into wls: 5 requests a second in all, spread evenly over
 * the routes its clients ask for (and over the regions with a gateway), those fetched from
 * the CDN sent there by a workload of their own. Returns -1 when out of memory.
 */
static int
default_workloads(const struct cfg_node *era, struct cfg_node *wls)
{
	struct cfg_node *mix = map_node(), *cdn_mix = map_node();
	int n, n_cdn, rc = 0;

	if (mix == NULL || cdn_mix == NULL || default_mix(era, mix, cdn_mix, &n, &n_cdn) < 0) {
		cfg_node_free(mix);
		cfg_node_free(cdn_mix);
		return -1;
	}
	if (n > 0)
		rc = regional_workloads(era, wls, 5.0 * n / (n + n_cdn), mix);
	else
		cfg_node_free(mix);
	if (n_cdn > 0 && rc == 0)
		return add_workload(wls, "media", 5.0 * n_cdn / (n + n_cdn), cdn_mix,
		                    first_cdn(era));
	cfg_node_free(cdn_mix);
	return rc;
}

/*
 * The scenario an era runs as when given alone: one minute of default_workloads(), seed 1.
 */
static struct cfg_node *
default_scenario(const struct cfg_node *era)
{
	struct cfg_node *scen = map_node(), *wls = map_node();
	int bad = scen == NULL || wls == NULL;

	if (!bad)
		bad = default_workloads(era, wls) < 0;
	if (bad) {
		cfg_node_free(scen), cfg_node_free(wls);
		return NULL;
	}
	bad |= put_copy(scen, "scenario", era, "era", "era") < 0;
	bad |= put_copy(scen, "title", era, "title", "") < 0;
	/* an era without a valid year says so itself: the copy must not say it again */
	bad |= put_copy(scen, "year", era, "year", "1") < 0;
	bad |= put_text(scen, "era", ".") < 0;
	bad |= put_text(scen, "duration", "60s") < 0;
	bad |= put_text(scen, "seed", "1") < 0;
	bad |= map_put(scen, scalar_node("workloads", NULL), wls) < 0;
	if (bad) {
		cfg_node_free(scen);
		return NULL;
	}
	return scen;
}

/* ---- loading ---- */

/* The era's path: relative to the scenario's folder unless absolute. */
static int
resolve_era(const char *scen_path, const char *era, char *out, size_t len)
{
	const char *slash = strrchr(scen_path, '/');
	int n;

	if (era[0] == '/' || slash == NULL)
		n = snprintf(out, len, "%s", era);
	else
		n = snprintf(out, len, "%.*s/%s", (int)(slash - scen_path), scen_path, era);
	return n >= 0 && (size_t)n < len ? 0 : -1;
}

static int
is_era_root(const struct cfg_node *root)
{
	return cfg_node_get(root, "era") != NULL && cfg_node_get(root, "nodes") != NULL;
}

/*
 * The files an era key leads through when the file it names is a scenario, which names an
 * era of its own. Files are told apart by device and inode, not by name, so that
 * "a.yaml" and "./a.yaml" are one file. A chain this long without a loop stops being
 * followed: binding it as an era then says what is wrong with it.
 */
#define ERA_CHAIN_MAX 8

struct era_chain {
	int n;
	dev_t dev[ERA_CHAIN_MAX];
	ino_t ino[ERA_CHAIN_MAX];
	char text[ERA_CHAIN_MAX * 64];  /* "a.yaml -> b.yaml -> a.yaml", for the message */
};

/* Whether paths a and b are one file (when both can be looked at). */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Adds path to the chain; the index of the file it repeats, -1 if new, -2 on no room. */
static int
chain_add(struct era_chain *c, const char *path)
{
	struct stat st;
	size_t used = strlen(c->text);

	if (c->n == ERA_CHAIN_MAX || stat(path, &st) < 0)
		return -2;
	snprintf(c->text + used, sizeof(c->text) - used, "%s%s", c->n ? " -> " : "", path);
	for (int i = 0; i < c->n; i++) {
		if (c->dev[i] == st.st_dev && c->ino[i] == st.st_ino)
			return i;
	}
	c->dev[c->n] = st.st_dev;
	c->ino[c->n] = st.st_ino;
	c->n++;
	return -1;
}

/* The era path a scenario's root names, resolved against its file; NULL when it has none. */
static const char *
next_era(const char *path, const struct cfg_node *root, char *out, size_t len)
{
	const struct cfg_node *era = cfg_node_get(root, "era");

	if (root == NULL || root->type != CFG_MAP || is_era_root(root) || era == NULL ||
	    era->type != CFG_SCALAR || era->value[0] == 0 ||
	    resolve_era(path, era->value, out, len) < 0)
		return NULL;
	return out;
}

/*
 * Follows the era keys on from root, the file at cur, the last in chain c. Returns 1 when
 * one comes back to a file already passed (c's text then ends with it), else 0.
 */
static int
era_chain_loops(struct era_chain *c, const char *cur, const struct cfg_node *root)
{
	struct cfg_errors quiet;
	struct cfg_doc doc = { 0 };
	char next[1024];
	int at, found = 0;

	if (next_era(cur, root, next, sizeof(next)) == NULL)
		return 0;
	at = chain_add(c, next);
	if (at != -1)
		return at >= 0;
	/* a broken file further on is reported when it is given itself */
	cfg_errors_init(&quiet);
	if (cfg_doc_load(next, &doc, &quiet) == CFG_OK)
		found = era_chain_loops(c, next, doc.root);
	cfg_doc_fini(&doc);
	cfg_errors_fini(&quiet);
	return found;
}

/*
 * An era key that names a scenario rather than an era: the loop its era keys form, or that
 * it is a scenario, in one message at the key instead of every era key the scenario lacks.
 */
static enum cfg_result
check_not_scenario(const char *path, const char *era_path, const struct cfg_node *era,
                   const char *label, const struct cfg_node *root, struct cfg_errors *errs)
{
	struct era_chain chain = { 0 };

	chain_add(&chain, path);
	chain_add(&chain, era_path);
	if (era_chain_loops(&chain, era_path, root)) {
		cfg_error(errs, path, era->line, era->col, "%s: era files form a loop: %s",
		          label, chain.text);
		return CFG_EDATA;
	}
	if (cfg_node_get(root, "scenario") != NULL) {
		cfg_error(errs, path, era->line, era->col, "%s: '%s' is a scenario, not an era",
		          label, era->value);
		return CFG_EDATA;
	}
	return CFG_OK;
}

/*
 * Opens the era that era (a scenario's or a variant's era key, labelled label) names, its
 * resolved path into era_path; reports at the key when it cannot.
 */
static enum cfg_result
open_era(const char *path, const struct cfg_node *era, const char *label, char *era_path,
         size_t len, struct cfg_doc *doc, struct cfg_errors *errs)
{
	enum cfg_result rc;

	if (era->type != CFG_SCALAR || era->value[0] == 0) {
		cfg_error(errs, path, era->line, era->col, "%s: expected the path of an era "
		          "file, like ../eras/2004_vps.yaml", label);
		return CFG_EDATA;
	}
	if (resolve_era(path, era->value, era_path, len) < 0) {
		cfg_error(errs, path, era->line, era->col, "%s: path too long", label);
		return CFG_EDATA;
	}
	if (same_file(path, era_path)) {
		cfg_error(errs, path, era->line, era->col, "%s: names this file itself", label);
		return CFG_EDATA;
	}
	rc = cfg_doc_load(era_path, doc, errs);
	if (rc == CFG_OK && doc->root->type == CFG_MAP && !is_era_root(doc->root))
		rc = check_not_scenario(path, era_path, era, label, doc->root, errs);
	if (rc == CFG_EOPEN)
		cfg_error(errs, path, era->line, era->col, "%s: cannot load '%s'", label,
		          era->value);
	else if (rc == CFG_OK && doc->root->type != CFG_MAP)
		cfg_error(errs, era_path, doc->root->line, doc->root->col,
		          "the top level must be a mapping of keys, got %s",
		          doc->root->type == CFG_SEQ ? "a list" : "a single value");
	if (rc == CFG_OK && doc->root->type != CFG_MAP)
		rc = CFG_EDATA;
	return rc;
}

/* Opens the era a scenario names; reports at the era key when it cannot. */
static enum cfg_result
load_era(const char *path, const struct cfg_node *root, struct cfg_scenario *out,
         struct cfg_doc *doc, struct cfg_errors *errs)
{
	const struct cfg_node *era = cfg_node_get(root, "era");

	if (era == NULL) {
		cfg_error(errs, path, root->line, root->col, "missing required key 'era'");
		return CFG_EDATA;
	}
	return open_era(path, era, "era", out->era_path, sizeof(out->era_path), doc, errs);
}

static enum cfg_result
load_parts(struct load *ld, const struct cfg_set *sets, int n_sets,
           struct cfg_scenario *out, struct cfg_node **synth)
{
	int before = ld->errs->n;

	if (n_sets > 0) {
		ld->cli = calloc((size_t)n_sets, sizeof(*ld->cli));
		if (ld->cli == NULL)
			return CFG_EDATA;
		ld->n_cli = n_sets;
		if (parse_cli_sets(ld->path, sets, n_sets, ld->cli, ld->errs) < 0)
			return CFG_EDATA;
	}
	if (ld->is_era) {
		*synth = default_scenario(ld->era);
		if (*synth == NULL)
			return CFG_EDATA;
		ld->scen = *synth;
	}
	ld->variants = cfg_node_get(ld->scen, "variants");
	if (ld->variants != NULL && (ld->variants->type != CFG_MAP || ld->variants->n == 0)) {
		cfg_error(ld->errs, ld->path, ld->variants->line, ld->variants->col,
		          "variants: expected a mapping of at least one variant");
		return CFG_EDATA;
	}
	if (ld->variants != NULL && ld->variants->n > CFG_MAX_VARIANTS) {
		cfg_error(ld->errs, ld->path, ld->variants->line, ld->variants->col,
		          "variants: too many variants (at most %d)", CFG_MAX_VARIANTS);
		return CFG_EDATA;
	}
	switch (bind_all(ld, out)) {
	case 0:
		return ld->errs->n == before ? CFG_OK : CFG_EDATA;
	case -2:
		return CFG_EOPEN;
	default:
		return CFG_EDATA;
	}
}

/* Where a message points: its file (by first appearance), line and column. */
struct msg_place {
	char *msg;
	int file;
	int line;
	int col;
};

static void
place_of(struct msg_place *m, struct msg_place *all, int i, const char *first)
{
	const char *s = m->msg;
	size_t plen = strlen(s);

	m->line = m->col = 0;
	for (const char *c = strchr(s, ':'); c != NULL; c = strchr(c + 1, ':')) {
		int used = 0;

		if (sscanf(c, ":%d:%d: %n", &m->line, &m->col, &used) == 2 && used > 0) {
			plen = (size_t)(c - s);
			break;
		}
		m->line = m->col = 0;
	}
	/* a message without a place (giving up, out of memory) ends its file's list */
	if (m->line == 0) {
		plen = strcspn(s, ":");
		m->line = INT_MAX;
	}
	m->file = i;
	if (strncmp(first, s, plen) == 0 && first[plen] == 0) {
		m->file = -1;
		return;
	}
	for (int j = 0; j < i; j++) {
		if (strncmp(all[j].msg, s, plen) == 0 && all[j].msg[plen] == ':') {
			m->file = all[j].file;
			break;
		}
	}
}

static int
place_cmp(const struct msg_place *a, const struct msg_place *b)
{
	if (a->file != b->file)
		return a->file - b->file;
	if (a->line != b->line)
		return a->line - b->line;
	return a->col - b->col;
}

/*
 * Binding visits keys in table order and runs checks across keys at the end; people read
 * a file from the top, so the messages of one load are put back in file order (stable),
 * the file that was asked for first, then its era and the --set overrides.
 */
static void
sort_messages(struct cfg_errors *errs, int from, const char *first)
{
	int n = errs->n - from;
	struct msg_place *m = calloc((size_t)(n > 0 ? n : 1), sizeof(*m));

	if (m == NULL || n < 2) {
		free(m);
		return;
	}
	for (int i = 0; i < n; i++) {
		m[i].msg = errs->msgs[from + i];
		place_of(&m[i], m, i, first);
	}
	for (int i = 1; i < n; i++) {
		struct msg_place cur = m[i];
		int j = i;

		for (; j > 0 && place_cmp(&m[j - 1], &cur) > 0; j--)
			m[j] = m[j - 1];
		m[j] = cur;
	}
	for (int i = 0; i < n; i++)
		errs->msgs[from + i] = m[i].msg;
	free(m);
}

enum cfg_result
cfg_scenario_load(const char *path, const struct cfg_set *sets, int n_sets,
                  struct cfg_scenario *out, struct cfg_errors *errs)
{
	struct cfg_doc scen = { 0 }, era = { 0 };
	struct cfg_node *synth = NULL;
	struct load ld = { .path = path, .errs = errs };
	enum cfg_result rc;
	int before = errs->n;

	memset(out, 0, sizeof(*out));
	snprintf(out->path, sizeof(out->path), "%s", path);
	rc = cfg_doc_load(path, &scen, errs);
	if (rc != CFG_OK)
		goto done;
	if (scen.root->type != CFG_MAP) {
		cfg_error(errs, path, scen.root->line, scen.root->col,
		          "the top level must be a mapping of keys, got %s",
		          scen.root->type == CFG_SEQ ? "a list" : "a single value");
		rc = CFG_EDATA;
		goto done;
	}
	ld.is_era = out->is_era = is_era_root(scen.root);
	if (ld.is_era) {
		snprintf(out->era_path, sizeof(out->era_path), "%s", path);
		ld.era = scen.root;
	} else {
		rc = load_era(path, scen.root, out, &era, errs);
		if (rc != CFG_OK)
			goto done;
		ld.era = era.root;
		ld.scen = scen.root;
	}
	ld.era_path = out->era_path;
	rc = load_parts(&ld, sets, n_sets, out, &synth);
done:
	if (ld.cli != NULL)
		free_cli_sets(ld.cli, ld.n_cli);
	cfg_node_free(synth);
	cfg_doc_fini(&era);
	cfg_doc_fini(&scen);
	if (rc != CFG_OK) {
		if (errs->n == 0)
			cfg_error(errs, path, 0, 0, "out of memory");
		cfg_scenario_fini(out);
	}
	sort_messages(errs, before, path);
	return rc;
}

void
cfg_scenario_fini(struct cfg_scenario *sc)
{
	free(sc->variants);
	cfg__replay_free(sc->replay);
	memset(sc, 0, sizeof(*sc));
}

int
cfg_scenario_variant(const struct cfg_scenario *sc, const char *name)
{
	for (int i = 0; i < sc->n_variants; i++) {
		if (strcmp(sc->variants[i].name, name) == 0)
			return i;
	}
	return -1;
}
