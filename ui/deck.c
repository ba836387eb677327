/* SPDX-License-Identifier: MIT */
/*
 * deck.c: loading the talk's slides from YAML (format: docs/deck.md).
 *
 * The file is read through sim/cfg_tree.h, so a deck refuses what an era refuses (aliases,
 * tags, duplicate keys, tabs...). On top of that every slide is checked against its kind:
 * unknown keys get a "did you mean", keys that another kind uses are named as such, missing
 * keys and values of the wrong shape are reported where they were written. Every problem is
 * collected before giving up, and a deck with any problem loads nothing: the slides are
 * built into a scratch deck that is either handed over whole or freed whole.
 *
 * Chapters are not declared: a slide's `chapter:` ("2017 847 tickets") starts a new chapter
 * when it differs from the previous slide's. A chapter's slides must stay together, so the
 * chapter menu and "slide N of chapter" mean one thing.
 */
#include "deck.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg_tree.h"
#include "datadir.h"
#include "tui_live.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Bits of the keys a slide may carry; which are allowed depends on its kind. */
enum {
	K_CHAPTER = 1 << 0, K_KIND = 1 << 1, K_TITLE = 1 << 2, K_BODY = 1 << 3,
	K_NOTES = 1 << 4, K_ERA = 1 << 5, K_SCENARIO = 1 << 6, K_VARIANT = 1 << 7,
	K_PAIN = 1 << 8, K_FIX = 1 << 9, K_PREDICT = 1 << 10, K_ANSWER = 1 << 11,
	K_METER = 1 << 12, K_FROM = 1 << 13, K_SPEED = 1 << 14
};

static const char *const slide_keys[] = {
	"chapter", "kind", "title", "body", "notes", "era", "scenario", "variant",
	"pain", "fix", "predict", "answer", "meter", "from", "speed"
};

static const char *const top_keys[] = { "deck", "author", "slides" };

static const char *const kind_names[DECK__COUNT] = {
	"title", "bullets", "diagram", "incident", "comparison", "closing"
};

#define K_COMMON (K_CHAPTER | K_KIND | K_TITLE | K_BODY | K_NOTES)
#define K_LIVE (K_SCENARIO | K_METER | K_FROM | K_SPEED)     /* what every live slide takes */
#define DAY (24LL * 3600 * SIM_SEC)

/* Keys each kind accepts, and those it cannot do without (besides chapter, kind, title). */
static const struct {
	int allowed;
	int required;
} kind_keys[DECK__COUNT] = {
	[DECK_TITLE] = { K_COMMON, 0 },
	[DECK_BULLETS] = { K_COMMON, K_BODY },
	[DECK_DIAGRAM] = { K_COMMON | K_ERA, K_ERA },
	[DECK_INCIDENT] = { K_COMMON | K_LIVE | K_VARIANT | K_PREDICT | K_ANSWER, K_SCENARIO },
	[DECK_COMPARISON] = { K_COMMON | K_LIVE | K_PAIN | K_FIX, K_SCENARIO },
	[DECK_CLOSING] = { K_COMMON, 0 },
};

/* The state of one load: where messages go and what they are about. */
struct loader {
	const char *path;
	struct cfg_errors *errs;
	struct deck *deck;
};

const char *deck_kind_name(enum deck_kind kind)
{
	return kind >= 0 && kind < DECK__COUNT ? kind_names[kind] : "?";
}

const struct deck_chapter *deck_slide_chapter(const struct deck *deck, int slide)
{
	if (slide < 0 || slide >= deck->n_slides)
		return NULL;
	return &deck->chapters[deck->slides[slide].chapter];
}

int deck_slide_available(const struct deck_slide *slide)
{
	return slide->path && access(slide->path, R_OK) == 0;
}

int deck_slide_load(const struct deck_slide *slide, struct cfg_scenario *sc, char *why,
                    size_t len)
{
	const char *what = slide->kind == DECK_DIAGRAM ? "era" : "scenario";
	struct cfg_errors errs;
	int rc = -1;

	memset(sc, 0, sizeof(*sc));
	if (!slide->path) {
		snprintf(why, len, "this slide names no %s", what);
		return -1;
	}
	if (!deck_slide_available(slide)) {
		snprintf(why, len, "%s not available: %s cannot be read", what, slide->file);
		return -1;
	}
	cfg_errors_init(&errs);
	if (cfg_scenario_load(slide->path, NULL, 0, sc, &errs) == CFG_OK) {
		if (sc->n_variants > 0)
			rc = 0;
		else
			cfg_scenario_fini(sc);
	}
	if (rc < 0)
		snprintf(why, len, "%s not available: %s", what,
		         errs.n > 0 ? errs.msgs[0] : "it has no variant");
	cfg_errors_fini(&errs);
	return rc;
}

int deck_slide_variant(const struct cfg_scenario *sc, const char *name)
{
	if (!name)
		return sc->n_variants > 0 ? 0 : -1;
	return cfg_scenario_variant(sc, name);
}

int deck_variant_pair(const struct cfg_scenario *sc, int selected, int *left, int *right)
{
	int fix;

	if (sc->n_variants < 2)
		return -1;
	if (selected <= 0 || selected >= sc->n_variants) {
		fix = cfg_scenario_variant(sc, "fix");
		selected = fix > 0 ? fix : 1;
	}
	*left = 0;
	*right = selected;
	return 0;
}

int deck_slide_check(const struct deck_slide *slide, const struct cfg_scenario *sc,
                     char *why, size_t len)
{
	const char *names[2] = { slide->variant, NULL };

	if (slide->kind == DECK_COMPARISON) {
		names[0] = slide->pain;
		names[1] = slide->fix;
	}
	/* an incident without a variant runs the first one */
	for (int i = 0; i < 2; i++) {
		sim_time t;
		int v;

		if (i == 1 && !names[i])
			continue;
		v = deck_slide_variant(sc, names[i]);
		if (v < 0) {
			snprintf(why, len, "scenario not available: %s has no variant '%s'",
			         slide->file, names[i] ? names[i] : "?");
			return -1;
		}
		if (deck_slide_opening(slide, sc, v, &t, why, len) < 0)
			return -1;
	}
	return 0;
}

/* "02:40:00": a time of day from microseconds since any midnight. */
static void clock_text(sim_time t, char *buf, size_t len)
{
	long long s = (long long)(t / SIM_SEC);

	snprintf(buf, len, "%02lld:%02lld:%02lld", s / 3600 % 24, s / 60 % 60, s % 60);
}

int deck_slide_opening(const struct deck_slide *slide, const struct cfg_scenario *sc,
                       int variant, sim_time *t, char *why, size_t len)
{
	const struct sim_config *cfg = &sc->variants[variant].cfg;
	sim_time at = slide->from_at;
	char start[16], end[16];

	*t = 0;
	if (!slide->from)
		return 0;
	/* a time of day counts from the clock's start, past midnight when it is earlier */
	if (slide->from_is_clock) {
		at = (slide->from_at - cfg->clock_start) % DAY;
		at = at < 0 ? at + DAY : at;
	}
	/* a run that opens at its very end would show nothing happen */
	if (at < cfg->duration) {
		*t = at;
		return 0;
	}
	clock_text(cfg->clock_start, start, sizeof(start));
	clock_text(cfg->clock_start + cfg->duration, end, sizeof(end));
	snprintf(why, len, "scenario not available: from '%s' lies outside %s, which runs from "
	         "%s to %s", slide->from, slide->file, start, end);
	return -1;
}

/* Returns a copy of s that the caller frees; aborts on exhaustion (a broken invariant). */
static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		abort();
	return d;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		abort();
	return p;
}

/* Adds a message at node's place; cfg_error() has no va_list form, hence the buffer. */
static void __attribute__((format(printf, 3, 4)))
error_at(struct loader *ld, const struct cfg_node *node, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cfg_error(ld->errs, ld->path, node ? node->line : 0, node ? node->col : 0, "%s", msg);
}

/* Index of key in names, or -1. */
static int find_name(const char *key, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(key, names[i]) == 0)
			return i;
	return -1;
}

static void unknown_key(struct loader *ld, const struct cfg_node *key,
                        const char *const *names, int n)
{
	const char *near = cfg_suggest(key->value, names, n);

	if (near)
		error_at(ld, key, "unknown key '%s' (did you mean '%s'?)", key->value, near);
	else
		error_at(ld, key, "unknown key '%s'", key->value);
}

/* A scalar's text, or NULL after reporting that name must be a string. */
static const char *scalar(struct loader *ld, const struct cfg_node *node, const char *name)
{
	if (node->type != CFG_SCALAR) {
		error_at(ld, node, "'%s' must be a string", name);
		return NULL;
	}
	return node->value;
}

/* A copy of map[key] when it is a string, NULL when it is absent or wrong (reported). */
static char *opt_string(struct loader *ld, const struct cfg_node *map, const char *key)
{
	const struct cfg_node *node = cfg_node_get(map, key);
	const char *s = node ? scalar(ld, node, key) : NULL;

	return s ? xstrdup(s) : NULL;
}

/* A copy of map[key]: reported when missing, empty or not a string. */
static char *req_string(struct loader *ld, const struct cfg_node *map, const char *key,
                        const char *what)
{
	const struct cfg_node *node = cfg_node_get(map, key);
	const char *s;

	if (!node) {
		error_at(ld, map, "%s has no '%s'", what, key);
		return NULL;
	}
	s = scalar(ld, node, key);
	if (s && !s[0]) {
		error_at(ld, node, "'%s' must not be empty", key);
		return NULL;
	}
	return s ? xstrdup(s) : NULL;
}

/* The path to open for a file named in the deck: next to the deck, else in the data dir. */
static char *resolve(const char *deck_path, const char *rel)
{
	char buf[4096];
	const char *slash = strrchr(deck_path, '/');
	int n;

	if (rel[0] != '/' && slash) {
		n = snprintf(buf, sizeof(buf), "%.*s/%s", (int)(slash - deck_path), deck_path, rel);
		if (n > 0 && (size_t)n < sizeof(buf) && access(buf, F_OK) == 0)
			return xstrdup(buf);
	}
	if (deck_data_path(rel, buf, sizeof(buf)))
		return xstrdup(buf);
	return xstrdup(rel);
}

static void load_body(struct loader *ld, const struct cfg_node *map, struct deck_slide *s)
{
	const struct cfg_node *body = cfg_node_get(map, "body");

	if (!body)
		return;
	if (body->type != CFG_SEQ) {
		error_at(ld, body, "'body' must be a list of lines");
		return;
	}
	s->body = xcalloc((size_t)body->n, sizeof(*s->body));
	for (int i = 0; i < body->n; i++) {
		const struct cfg_node *line = body->items[i];

		if (line->type != CFG_SCALAR) {
			error_at(ld, line, "a body line must be a string");
			continue;
		}
		s->body[s->n_body++] = xstrdup(line->value);
	}
}

/* Reads kind: the index into kind_names, or -1 after reporting why. */
static int load_kind(struct loader *ld, const struct cfg_node *map)
{
	const struct cfg_node *node = cfg_node_get(map, "kind");
	const char *near;
	int k;

	if (!node) {
		error_at(ld, map, "slide has no 'kind'");
		return -1;
	}
	if (!scalar(ld, node, "kind"))
		return -1;
	k = find_name(node->value, kind_names, DECK__COUNT);
	if (k >= 0)
		return k;
	near = cfg_suggest(node->value, kind_names, DECK__COUNT);
	if (near)
		error_at(ld, node, "unknown slide kind '%s' (did you mean '%s'?)", node->value, near);
	else
		error_at(ld, node, "unknown slide kind '%s'; expected title, bullets, diagram, "
		         "incident, comparison or closing", node->value);
	return -1;
}

static const char *article(const char *word)
{
	return strchr("aeiou", word[0]) ? "an" : "a";
}

/* Checks every key of a slide against the known ones and those its kind accepts. */
static void check_slide_keys(struct loader *ld, const struct cfg_node *map, int kind)
{
	for (int i = 0; i < map->n; i++) {
		const struct cfg_node *key = map->keys[i];
		int k = find_name(key->value, slide_keys, COUNT(slide_keys));

		if (k < 0)
			unknown_key(ld, key, slide_keys, COUNT(slide_keys));
		else if (kind >= 0 && !(kind_keys[kind].allowed & (1 << k)))
			error_at(ld, key, "'%s' is not used by %s %s slide", key->value,
			         article(kind_names[kind]), kind_names[kind]);
	}
}

/* Reports keys the slide's kind needs and lacks (chapter, kind and title are done apart). */
static void check_required(struct loader *ld, const struct cfg_node *map, int kind)
{
	for (int k = 0; k < COUNT(slide_keys); k++) {
		if ((kind_keys[kind].required & (1 << k)) && !cfg_node_get(map, slide_keys[k]))
			error_at(ld, map, "%s %s slide needs '%s'", article(kind_names[kind]),
			         kind_names[kind], slide_keys[k]);
	}
}

static void load_file(struct loader *ld, const struct cfg_node *map, const char *key,
                      struct deck_slide *s)
{
	if (!cfg_node_get(map, key))
		return;
	s->file = req_string(ld, map, key, "slide");
	if (s->file)
		s->path = resolve(ld->path, s->file);
}

/* The key node of name in map, for messages about the key rather than its value. */
static const struct cfg_node *key_of(const struct cfg_node *map, const char *name)
{
	for (int i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->value, name) == 0)
			return map->keys[i];
	return NULL;
}

/* One name of meter: kept when the live view has such a meter, else reported. */
static void add_meter(struct loader *ld, const struct cfg_node *node, struct deck_slide *s)
{
	const char *names[16], *near;
	char all[256] = "";
	int n;

	if (node->type != CFG_SCALAR) {
		error_at(ld, node, "a meter must be a name, such as p99");
		return;
	}
	for (n = 0; n < COUNT(names) && tui_live_meter_key(n); n++)
		names[n] = tui_live_meter_key(n);
	if (find_name(node->value, names, n) >= 0) {
		s->meters[s->n_meters++] = xstrdup(node->value);
		return;
	}
	near = cfg_suggest(node->value, names, n);
	if (near) {
		error_at(ld, node, "unknown meter '%s' (did you mean '%s'?)", node->value, near);
		return;
	}
	for (int i = 0; i < n; i++)
		snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s%s", i ? ", " : "",
		         names[i]);
	error_at(ld, node, "unknown meter '%s'; the meters are %s", node->value, all);
}

/* meter: p99, or meter: [hit_ratio, p50]: the meters the live view shows first. */
static void load_meters(struct loader *ld, const struct cfg_node *map, struct deck_slide *s)
{
	const struct cfg_node *node = cfg_node_get(map, "meter");

	if (!node)
		return;
	if (node->type == CFG_SCALAR) {
		s->meters = xcalloc(1, sizeof(*s->meters));
		add_meter(ld, node, s);
		return;
	}
	if (node->type != CFG_SEQ || node->n == 0) {
		error_at(ld, node, "'meter' must be a meter's name or a list of them");
		return;
	}
	s->meters = xcalloc((size_t)node->n, sizeof(*s->meters));
	for (int i = 0; i < node->n; i++)
		add_meter(ld, node->items[i], s);
}

/*
 * from: "00:59:00", a time of day on the scenario's clock, or 55m, a duration from its
 * start. Whether the run reaches it is known only once the scenario is loaded.
 */
static void load_from(struct loader *ld, const struct cfg_node *map, struct deck_slide *s)
{
	const struct cfg_node *node = cfg_node_get(map, "from");
	char why[128];
	int bad;

	if (!node || !scalar(ld, node, "from"))
		return;
	s->from_is_clock = strchr(node->value, ':') != NULL;
	bad = s->from_is_clock ? cfg_parse_clock(node->value, &s->from_at, why, sizeof(why)) :
	      cfg_parse_duration(node->value, &s->from_at, why, sizeof(why));
	if (bad) {
		error_at(ld, node, "'from' must be a time of day on the scenario's clock, such as "
		         "\"00:59:00\", or a duration from its start, such as 59m; got '%s'",
		         node->value);
		return;
	}
	s->from = xstrdup(node->value);
}

/* speed: 100, simulated seconds a wall second, within what the live view's keys reach. */
static void load_speed(struct loader *ld, const struct cfg_node *map, struct deck_slide *s)
{
	const struct cfg_node *node = cfg_node_get(map, "speed");
	const char *text;
	char *end = NULL;
	double v = 0;

	if (!node)
		return;
	text = node->type == CFG_SCALAR ? node->value : "";
	if (*text)
		v = strtod(text, &end);
	/* the comparisons also refuse NaN */
	if (!*text || *end || !(v >= TUI_LIVE_SPEED_MIN && v <= TUI_LIVE_SPEED_MAX)) {
		error_at(ld, node, "'speed' must be a number from %g to %g, simulated seconds a "
		         "second, such as 20%s%s%s", TUI_LIVE_SPEED_MIN, TUI_LIVE_SPEED_MAX,
		         *text ? "; got '" : "", text, *text ? "'" : "");
		return;
	}
	s->speed = v;
}

static void load_incident(struct loader *ld, const struct cfg_node *map, struct deck_slide *s)
{
	const struct cfg_node *answer = key_of(map, "answer");

	s->variant = opt_string(ld, map, "variant");
	s->predict = opt_string(ld, map, "predict");
	s->answer = opt_string(ld, map, "answer");
	if (answer && !cfg_node_get(map, "predict"))
		error_at(ld, answer, "'answer' needs a 'predict' question to answer");
}

static void load_comparison(struct loader *ld, const struct cfg_node *map,
                            struct deck_slide *s)
{
	s->pain = opt_string(ld, map, "pain");
	s->fix = opt_string(ld, map, "fix");
	if (!s->pain && !cfg_node_get(map, "pain"))
		s->pain = xstrdup("pain");
	if (!s->fix && !cfg_node_get(map, "fix"))
		s->fix = xstrdup("fix");
}

/*
 * Splits "2017 847 tickets" into a year and a title; a chapter without a leading
 * four-digit year ("Closing") has year 0. Returns the title, or NULL after reporting.
 */
static const char *parse_chapter(struct loader *ld, const struct cfg_node *node, int *year)
{
	const char *s = node->value;

	*year = 0;
	if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
	    (s[4] == ' ' || s[4] == '\0')) {
		*year = atoi(s);
		s += 4;
		while (*s == ' ')
			s++;
	}
	if (!*s) {
		error_at(ld, node, "chapter '%s' needs a title after the year", node->value);
		return NULL;
	}
	return s;
}

/* The chapter's label as menus print it: "2017 · 847 tickets", or the bare title. */
static char *chapter_label(int year, const char *title)
{
	char buf[512];

	if (year)
		snprintf(buf, sizeof(buf), "%d \xc2\xb7 %s", year, title);
	else
		snprintf(buf, sizeof(buf), "%s", title);
	return xstrdup(buf);
}

/*
 * Puts slide i into the chapter written at node: the previous slide's when the text is the
 * same, else a new one. A chapter that comes back after another one is refused.
 */
static void assign_chapter(struct loader *ld, const struct cfg_node *node, int i,
                           const struct cfg_node **chapter_nodes)
{
	struct deck *d = ld->deck;
	struct deck_chapter *c;
	const char *title;
	int year;

	d->slides[i].chapter = d->n_chapters ? d->n_chapters - 1 : 0;
	if (!node || node->type != CFG_SCALAR)
		return;
	if (d->n_chapters && strcmp(chapter_nodes[d->n_chapters - 1]->value, node->value) == 0) {
		d->chapters[d->n_chapters - 1].n_slides++;
		return;
	}
	for (int k = 0; k < d->n_chapters; k++) {
		if (strcmp(chapter_nodes[k]->value, node->value) == 0) {
			error_at(ld, node, "chapter '%s' already ended at line %d; keep a chapter's "
			         "slides together", node->value, chapter_nodes[k + 1]->line);
			return;
		}
	}
	title = parse_chapter(ld, node, &year);
	if (!title)
		return;
	chapter_nodes[d->n_chapters] = node;
	c = &d->chapters[d->n_chapters];
	c->year = year;
	c->title = xstrdup(title);
	c->label = chapter_label(year, title);
	c->first = i;
	c->n_slides = 1;
	d->slides[i].chapter = d->n_chapters++;
}

static void load_slide(struct loader *ld, const struct cfg_node *map, int i,
                       const struct cfg_node **chapter_nodes)
{
	struct deck_slide *s = &ld->deck->slides[i];
	const struct cfg_node *chapter;
	int kind;

	s->line = map->line;
	if (map->type != CFG_MAP) {
		error_at(ld, map, "a slide must be a mapping of keys (chapter, kind, title...)");
		return;
	}
	kind = load_kind(ld, map);
	check_slide_keys(ld, map, kind);
	chapter = cfg_node_get(map, "chapter");
	if (!chapter)
		error_at(ld, map, "slide has no 'chapter'");
	else if (scalar(ld, chapter, "chapter"))
		assign_chapter(ld, chapter, i, chapter_nodes);
	s->title = req_string(ld, map, "title", "slide");
	s->notes = opt_string(ld, map, "notes");
	load_body(ld, map, s);
	if (kind < 0)
		return;
	s->kind = (enum deck_kind)kind;
	check_required(ld, map, kind);
	if (kind == DECK_DIAGRAM)
		load_file(ld, map, "era", s);
	if (kind == DECK_INCIDENT || kind == DECK_COMPARISON)
		load_file(ld, map, "scenario", s);
	if (kind == DECK_INCIDENT)
		load_incident(ld, map, s);
	else if (kind == DECK_COMPARISON)
		load_comparison(ld, map, s);
	if (kind == DECK_INCIDENT || kind == DECK_COMPARISON) {
		load_meters(ld, map, s);
		load_from(ld, map, s);
		load_speed(ld, map, s);
	}
}

static void load_slides(struct loader *ld, const struct cfg_node *seq)
{
	const struct cfg_node **chapter_nodes;
	struct deck *d = ld->deck;

	if (seq->type != CFG_SEQ || seq->n == 0) {
		error_at(ld, seq, "'slides' must be a list of at least one slide");
		return;
	}
	d->slides = xcalloc((size_t)seq->n, sizeof(*d->slides));
	d->chapters = xcalloc((size_t)seq->n, sizeof(*d->chapters));
	chapter_nodes = xcalloc((size_t)seq->n, sizeof(*chapter_nodes));
	d->n_slides = seq->n;
	for (int i = 0; i < seq->n; i++)
		load_slide(ld, seq->items[i], i, chapter_nodes);
	free(chapter_nodes);
}

static void load_top(struct loader *ld, const struct cfg_node *root)
{
	const struct cfg_node *slides;

	if (root->type != CFG_MAP) {
		error_at(ld, root, "a deck must be a mapping with 'deck' and 'slides'");
		return;
	}
	for (int i = 0; i < root->n; i++)
		if (find_name(root->keys[i]->value, top_keys, COUNT(top_keys)) < 0)
			unknown_key(ld, root->keys[i], top_keys, COUNT(top_keys));
	ld->deck->title = req_string(ld, root, "deck", "the deck file");
	ld->deck->author = opt_string(ld, root, "author");
	slides = cfg_node_get(root, "slides");
	if (!slides)
		error_at(ld, root, "the deck file has no 'slides'");
	else
		load_slides(ld, slides);
}

/* Builds out from a parsed document; a deck with any problem is freed whole. */
static enum cfg_result load_doc(const char *path, struct cfg_doc *doc, enum cfg_result rc,
                                struct deck *out, struct cfg_errors *errs)
{
	struct loader ld = { path, errs, out };
	int before = errs->n;

	if (rc != CFG_OK) {
		cfg_doc_fini(doc);
		return rc;
	}
	out->path = xstrdup(path);
	load_top(&ld, doc->root);
	cfg_doc_fini(doc);
	if (errs->n == before)
		return CFG_OK;
	deck_fini(out);
	return CFG_EDATA;
}

enum cfg_result deck_load(const char *path, struct deck *out, struct cfg_errors *errs)
{
	struct cfg_doc doc = { 0 };

	memset(out, 0, sizeof(*out));
	return load_doc(path, &doc, cfg_doc_load(path, &doc, errs), out, errs);
}

enum cfg_result deck_parse(const char *name, const char *text, size_t len, struct deck *out,
                           struct cfg_errors *errs)
{
	struct cfg_doc doc = { 0 };

	memset(out, 0, sizeof(*out));
	return load_doc(name, &doc, cfg_doc_parse(name, text, len, &doc, errs), out, errs);
}

static void slide_fini(struct deck_slide *s)
{
	for (int i = 0; i < s->n_body; i++)
		free(s->body[i]);
	free(s->body);
	free(s->title);
	free(s->notes);
	free(s->file);
	free(s->path);
	free(s->variant);
	free(s->pain);
	free(s->fix);
	free(s->predict);
	free(s->answer);
	for (int i = 0; i < s->n_meters; i++)
		free(s->meters[i]);
	free(s->meters);
	free(s->from);
}

void deck_fini(struct deck *deck)
{
	for (int i = 0; i < deck->n_slides; i++)
		slide_fini(&deck->slides[i]);
	for (int i = 0; i < deck->n_chapters; i++) {
		free(deck->chapters[i].title);
		free(deck->chapters[i].label);
	}
	free(deck->slides);
	free(deck->chapters);
	free(deck->path);
	free(deck->title);
	free(deck->author);
	memset(deck, 0, sizeof(*deck));
}
