/* SPDX-License-Identifier: MIT */
/*
 * cfg_tree.c: reads a YAML file into a tree of cfg_node, refusing what gossipsim's files never
 * need. The file is read whole (at most CFG_TREE_MAX_BYTES, checked before reading so a huge
 * file costs nothing), checked for NUL bytes and invalid UTF-8 by hand so the message can
 * name the line and column, then fed to libyaml's event parser. Nodes are built by a
 * recursive descent over the events; the recursion is bounded by CFG_TREE_MAX_DEPTH, so a
 * deeply nested file cannot exhaust the stack.
 *
 * Refusals that leave the document readable (an anchor, a tag, a duplicate key) are
 * reported and parsing goes on, so one load reports them all; a syntax error or too deep a
 * nesting stops it. Whatever happens, a failed load leaves doc->root NULL and frees
 * everything it built.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "cfg_tree.h"

/* After this many messages a list only says it gave up: a broken file need not flood. */
#define CFG_ERRORS_MAX 100

struct tree_parser {
	yaml_parser_t yaml;
	const char *name;
	const char *text;               /* the whole input, to look at what libyaml refused */
	size_t len;
	struct cfg_errors *errs;
	int failed;                     /* a refusal was reported; the tree is not returned */
	int stopped;                    /* parsing cannot go on */
	int n_nodes;                    /* values built so far, at most CFG_TREE_MAX_NODES */
};

void
cfg_errors_init(struct cfg_errors *errs)
{
	errs->n = 0;
	errs->cap = 0;
	errs->msgs = NULL;
}

void
cfg_errors_fini(struct cfg_errors *errs)
{
	for (int i = 0; i < errs->n; i++)
		free(errs->msgs[i]);
	free(errs->msgs);
	cfg_errors_init(errs);
}

static int
errors_has(const struct cfg_errors *errs, const char *msg)
{
	for (int i = 0; i < errs->n; i++) {
		if (strcmp(errs->msgs[i], msg) == 0)
			return 1;
	}
	return 0;
}

static void
errors_push(struct cfg_errors *errs, char *msg)
{
	char **grown;

	if (errs->n == errs->cap) {
		int cap = errs->cap ? errs->cap * 2 : 8;

		grown = realloc(errs->msgs, (size_t)cap * sizeof(*grown));
		if (grown == NULL) {
			free(msg);
			return;
		}
		errs->msgs = grown;
		errs->cap = cap;
	}
	errs->msgs[errs->n++] = msg;
}

/*
 * Identical messages are dropped: a scenario binds its era once per variant, and the same
 * mistake in the era would otherwise be reported once for each.
 */
void
cfg_error(struct cfg_errors *errs, const char *path, int line, int col, const char *fmt, ...)
{
	char text[1024], full[1400];
	va_list ap;

	if (errs->n > CFG_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (errs->n == CFG_ERRORS_MAX)
		snprintf(full, sizeof(full), "%s: too many errors, giving up", path);
	else if (line > 0)
		snprintf(full, sizeof(full), "%s:%d:%d: %s", path, line, col, text);
	else
		snprintf(full, sizeof(full), "%s: %s", path, text);
	if (errors_has(errs, full))
		return;
	char *copy = strdup(full);
	if (copy != NULL)
		errors_push(errs, copy);
}

/* Levenshtein distance over bytes, case-insensitive; words here are short identifiers. */
static int
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[64];

	if (la >= 64 || lb >= 64)
		return 1000;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];

		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = (a[i - 1] | 0x20) != (b[j - 1] | 0x20);
			int best = diag + cost;

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *
cfg_suggest(const char *word, const char *const *candidates, int n)
{
	int len = (int)strlen(word);
	int limit = len / 3 > 1 ? len / 3 : 1;
	const char *best = NULL;
	int best_d = limit + 1;

	for (int i = 0; i < n; i++) {
		int d = edit_distance(word, candidates[i]);

		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best;
}

void
cfg_node_free(struct cfg_node *node)
{
	if (node == NULL)
		return;
	for (int i = 0; i < node->n; i++) {
		cfg_node_free(node->items[i]);
		if (node->keys != NULL)
			cfg_node_free(node->keys[i]);
	}
	free(node->items);
	free(node->keys);
	free(node->value);
	free(node);
}

static struct cfg_node *
node_new(enum cfg_node_type type, int line, int col)
{
	struct cfg_node *node = calloc(1, sizeof(*node));

	if (node == NULL)
		return NULL;
	node->type = type;
	node->line = line;
	node->col = col;
	return node;
}

/*
 * Appends an item (and its key, for a mapping); returns -1 when out of memory. *cap is the
 * room the arrays have, kept by the caller while it fills one node: doubling it keeps a
 * long list linear (growing by one item copied the list at every item, quadratic).
 */
static int
node_append(struct cfg_node *parent, struct cfg_node *key, struct cfg_node *item, int *cap)
{
	if (parent->n == *cap) {
		int grown = *cap ? *cap * 2 : 4;
		size_t size = (size_t)grown * sizeof(struct cfg_node *);
		struct cfg_node **items = realloc(parent->items, size);

		if (items == NULL)
			return -1;
		parent->items = items;
		if (parent->type == CFG_MAP) {
			struct cfg_node **keys = realloc(parent->keys, size);

			if (keys == NULL)
				return -1;
			parent->keys = keys;
		}
		*cap = grown;
	}
	if (parent->type == CFG_MAP)
		parent->keys[parent->n] = key;
	parent->items[parent->n++] = item;
	return 0;
}

struct cfg_node *
cfg_node_clone(const struct cfg_node *node)
{
	struct cfg_node *copy;
	int cap = 0;

	if (node == NULL)
		return NULL;
	copy = node_new(node->type, node->line, node->col);
	if (copy == NULL)
		return NULL;
	copy->quoted = node->quoted;
	if (node->value != NULL && (copy->value = strdup(node->value)) == NULL)
		goto fail;
	for (int i = 0; i < node->n; i++) {
		struct cfg_node *key = NULL, *item;

		if (node->type == CFG_MAP && (key = cfg_node_clone(node->keys[i])) == NULL)
			goto fail;
		item = cfg_node_clone(node->items[i]);
		if (item == NULL || node_append(copy, key, item, &cap) < 0) {
			cfg_node_free(key);
			cfg_node_free(item);
			goto fail;
		}
	}
	return copy;
fail:
	cfg_node_free(copy);
	return NULL;
}

struct cfg_node *
cfg_node_get(const struct cfg_node *map, const char *key)
{
	if (map == NULL || map->type != CFG_MAP)
		return NULL;
	for (int i = 0; i < map->n; i++) {
		if (strcmp(map->keys[i]->value, key) == 0)
			return map->items[i];
	}
	return NULL;
}

static void
perr(struct tree_parser *p, const yaml_mark_t *mark, const char *fmt, const char *arg)
{
	cfg_error(p->errs, p->name, (int)mark->line + 1, (int)mark->column + 1, fmt, arg);
	p->failed = 1;
}

/* libyaml's own words, with where it was looking when it gave up. */
static void
report_yaml_error(struct tree_parser *p)
{
	yaml_parser_t *y = &p->yaml;
	const char *problem = y->problem ? y->problem : "cannot parse the file";
	int line = (int)y->problem_mark.line + 1, col = (int)y->problem_mark.column + 1;
	size_t at = y->problem_mark.index;
	const char *hint = at < p->len && p->text[at] == '\t' && strstr(problem, "tab") == NULL ?
	                   " (a tab: indent with spaces)" : "";

	p->failed = p->stopped = 1;
	if (y->error == YAML_MEMORY_ERROR) {
		cfg_error(p->errs, p->name, 0, 0, "out of memory");
	} else if (y->error == YAML_READER_ERROR) {
		cfg_error(p->errs, p->name, 0, 0, "%s (at byte %zu)", problem, y->problem_offset);
	} else if (y->context != NULL) {
		cfg_error(p->errs, p->name, line, col, "%s %s at line %d, column %d%s", problem,
		          y->context, (int)y->context_mark.line + 1,
		          (int)y->context_mark.column + 1, hint);
	} else {
		cfg_error(p->errs, p->name, line, col, "%s%s", problem, hint);
	}
}

static int
next_event(struct tree_parser *p, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&p->yaml, ev)) {
		report_yaml_error(p);
		return -1;
	}
	return 0;
}

/* Anchors and tags: reported, then ignored so the rest of the file is still checked. */
static void
check_props(struct tree_parser *p, const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	int implicit = 1;

	if (ev->type == YAML_SCALAR_EVENT) {
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		implicit = ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit;
	} else if (ev->type == YAML_SEQUENCE_START_EVENT) {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		implicit = ev->data.sequence_start.implicit;
	} else if (ev->type == YAML_MAPPING_START_EVENT) {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		implicit = ev->data.mapping_start.implicit;
	}
	if (anchor != NULL)
		perr(p, &ev->start_mark, "anchors and aliases are not supported (&%s)",
		     (const char *)anchor);
	if (tag != NULL && !(implicit && ev->type != YAML_SCALAR_EVENT)) {
		const char *t = (const char *)tag, *core = "tag:yaml.org,2002:";
		char shown[128];

		if (strncmp(t, core, strlen(core)) == 0)
			snprintf(shown, sizeof(shown), "!!%s", t + strlen(core));
		else
			snprintf(shown, sizeof(shown), "%s", t);
		perr(p, &ev->start_mark, "tags are not supported (%s)", shown);
	}
}

static struct cfg_node *parse_node(struct tree_parser *p, yaml_event_t *ev, int depth);

static void
oom(struct tree_parser *p)
{
	if (!p->stopped)
		cfg_error(p->errs, p->name, 0, 0, "out of memory");
	p->failed = p->stopped = 1;
}

static const char *
type_word(const struct cfg_node *node)
{
	return node->type == CFG_MAP ? "mapping" : "list";
}

/* Checks one key of a mapping against the keys already there. */
static int
key_acceptable(struct tree_parser *p, const struct cfg_node *map, const struct cfg_node *key)
{
	char first[48];

	if (key->type != CFG_SCALAR) {
		cfg_error(p->errs, p->name, key->line, key->col,
		          "a key must be a plain word, not a %s", type_word(key));
		p->failed = 1;
		return 0;
	}
	if (!key->quoted && strcmp(key->value, "<<") == 0) {
		cfg_error(p->errs, p->name, key->line, key->col,
		          "merge keys ('<<') are not supported");
		p->failed = 1;
		return 0;
	}
	for (int i = 0; i < map->n; i++) {
		if (strcmp(map->keys[i]->value, key->value) != 0)
			continue;
		snprintf(first, sizeof(first), "%d", map->keys[i]->line);
		cfg_error(p->errs, p->name, key->line, key->col,
		          "duplicate key '%s' (first at line %s)", key->value, first);
		p->failed = 1;
		return 0;
	}
	return 1;
}

/* Reads items until the closing event; a mapping's items come as key, value pairs. */
static void
parse_children(struct tree_parser *p, struct cfg_node *node, yaml_event_type_t end, int depth)
{
	yaml_event_t ev;
	int cap = 0;

	for (;;) {
		struct cfg_node *key = NULL, *item;

		if (next_event(p, &ev) < 0)
			return;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return;
		}
		if (node->type == CFG_MAP) {
			key = parse_node(p, &ev, depth + 1);
			if (key == NULL || next_event(p, &ev) < 0) {
				cfg_node_free(key);
				return;
			}
		}
		item = parse_node(p, &ev, depth + 1);
		if (item == NULL) {
			cfg_node_free(key);
			return;
		}
		if (key != NULL && !key_acceptable(p, node, key)) {
			cfg_node_free(key);
			cfg_node_free(item);
		} else if (node_append(node, key, item, &cap) < 0) {
			cfg_node_free(key);
			cfg_node_free(item);
			oom(p);
			return;
		}
	}
}

static struct cfg_node *
parse_scalar(struct tree_parser *p, yaml_event_t *ev, int line, int col)
{
	struct cfg_node *node = node_new(CFG_SCALAR, line, col);

	if (node == NULL || (node->value = strdup((char *)ev->data.scalar.value)) == NULL) {
		free(node);
		oom(p);
		return NULL;
	}
	node->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	return node;
}

/*
 * Builds the node that starts with ev (which it consumes) and everything inside it.
 * Returns NULL when parsing must stop; other refusals still return a node.
 */
static struct cfg_node *
parse_node(struct tree_parser *p, yaml_event_t *ev, int depth)
{
	int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
	struct cfg_node *node = NULL;

	check_props(p, ev);
	if (++p->n_nodes > CFG_TREE_MAX_NODES) {
		cfg_error(p->errs, p->name, line, col, "more than %d values in one file",
		          CFG_TREE_MAX_NODES);
		p->failed = p->stopped = 1;
	} else if (ev->type == YAML_ALIAS_EVENT) {
		perr(p, &ev->start_mark, "anchors and aliases are not supported (*%s)",
		     (const char *)ev->data.alias.anchor);
		node = node_new(CFG_SCALAR, line, col);
		if (node == NULL || (node->value = strdup("")) == NULL)
			goto nomem;
	} else if (ev->type == YAML_SCALAR_EVENT) {
		node = parse_scalar(p, ev, line, col);
	} else if (depth >= CFG_TREE_MAX_DEPTH) {
		cfg_error(p->errs, p->name, line, col, "nesting deeper than %d levels",
		          CFG_TREE_MAX_DEPTH);
		p->failed = p->stopped = 1;
	} else if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
		int is_map = ev->type == YAML_MAPPING_START_EVENT;

		node = node_new(is_map ? CFG_MAP : CFG_SEQ, line, col);
		if (node == NULL)
			goto nomem;
		parse_children(p, node, is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT,
		               depth);
	} else {
		cfg_error(p->errs, p->name, line, col, "unexpected YAML event");
		p->failed = p->stopped = 1;
	}
	yaml_event_delete(ev);
	if (p->stopped) {
		cfg_node_free(node);
		return NULL;
	}
	return node;
nomem:
	yaml_event_delete(ev);
	cfg_node_free(node);
	oom(p);
	return NULL;
}

/* Skips the stream and document start; returns the root's first event or -1. */
static int
first_root_event(struct tree_parser *p, yaml_event_t *ev)
{
	for (;;) {
		if (next_event(p, ev) < 0)
			return -1;
		if (ev->type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(ev);
			cfg_error(p->errs, p->name, 0, 0, "empty file");
			p->failed = p->stopped = 1;
			return -1;
		}
		if (ev->type != YAML_STREAM_START_EVENT && ev->type != YAML_DOCUMENT_START_EVENT)
			return 0;
		yaml_event_delete(ev);
	}
}

/* After the root: the document must end, and no second document may follow. */
static void
check_single_document(struct tree_parser *p)
{
	yaml_event_t ev;

	while (!p->stopped && next_event(p, &ev) == 0) {
		yaml_event_type_t type = ev.type;

		if (type == YAML_DOCUMENT_START_EVENT)
			perr(p, &ev.start_mark, "%s", "only one document per file is allowed");
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT || type == YAML_DOCUMENT_START_EVENT)
			return;
	}
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when it is not valid. */
static size_t
utf8_length(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned min;
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, min = 0x80, c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, min = 0x800, c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return len;
}

/*
 * The encoding a byte order mark announces, or NULL. Windows editors and PowerShell's '>'
 * save UTF-16 with one; its NUL bytes would otherwise be called a binary file.
 */
static const char *
wide_encoding(const unsigned char *s, size_t len)
{
	if (len >= 4 && ((s[0] == 0xff && s[1] == 0xfe && s[2] == 0 && s[3] == 0) ||
	                 (s[0] == 0 && s[1] == 0 && s[2] == 0xfe && s[3] == 0xff)))
		return "UTF-32";
	if (len >= 2 && ((s[0] == 0xff && s[1] == 0xfe) || (s[0] == 0xfe && s[1] == 0xff)))
		return "UTF-16";
	return NULL;
}

/*
 * libyaml rejects NUL bytes and bad UTF-8 too, but names only a byte offset; checking first
 * lets the message give a line and column like every other.
 */
static int
check_text(const char *name, const char *text, size_t len, struct cfg_errors *errs)
{
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *nul = memchr(s, 0, len);
	const char *wide = wide_encoding(s, len);
	int line = 1, col = 1;

	if (wide != NULL) {
		cfg_error(errs, name, 1, 1, "the file is %s: save it as UTF-8", wide);
		return -1;
	}
	/* a NUL anywhere says binary better than whatever odd byte comes first */
	for (size_t i = 0; i < len;) {
		size_t step;

		if (nul != NULL && s + i == nul) {
			cfg_error(errs, name, line, col,
			          "NUL byte in the file: this looks like a binary file, not YAML");
			return -1;
		}
		if (nul == NULL && ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') ||
		                    s[i] == 0x7f)) {
			cfg_error(errs, name, line, col,
			          "control character 0x%02x is not allowed in YAML text", s[i]);
			return -1;
		}
		step = utf8_length(s + i, len - i);
		if (step == 0 && nul == NULL) {
			cfg_error(errs, name, line, col,
			          "invalid UTF-8 (byte 0x%02x): save the file as UTF-8", s[i]);
			return -1;
		}
		if (s[i] == '\n')
			line++, col = 1;
		else
			col++;
		i += step ? step : 1;
	}
	return 0;
}

enum cfg_result
cfg_doc_parse(const char *name, const char *text, size_t len, struct cfg_doc *doc,
              struct cfg_errors *errs)
{
	struct tree_parser p = { .name = name, .text = text, .len = len, .errs = errs };
	yaml_event_t ev;
	struct cfg_node *root = NULL;

	doc->root = NULL;
	doc->path = strdup(name);
	if (doc->path == NULL)
		return CFG_EDATA;
	if (len == 0) {
		cfg_error(errs, name, 0, 0, "empty file");
		goto fail;
	}
	if (check_text(name, text, len, errs) < 0)
		goto fail;
	if (!yaml_parser_initialize(&p.yaml)) {
		cfg_error(errs, name, 0, 0, "out of memory");
		goto fail;
	}
	yaml_parser_set_input_string(&p.yaml, (const unsigned char *)text, len);
	if (first_root_event(&p, &ev) == 0)
		root = parse_node(&p, &ev, 0);
	if (root != NULL)
		check_single_document(&p);
	yaml_parser_delete(&p.yaml);
	if (root != NULL && root->type == CFG_SCALAR && !root->quoted && root->value[0] == 0) {
		cfg_error(errs, name, 0, 0, "empty file");
		p.failed = 1;
	}
	if (p.failed) {
		cfg_node_free(root);
		goto fail;
	}
	doc->root = root;
	return CFG_OK;
fail:
	free(doc->path);
	doc->path = NULL;
	return CFG_EDATA;
}

/* Reads at most CFG_TREE_MAX_BYTES + 1 bytes; the extra byte tells a file that grew. */
static char *
read_all(int fd, size_t *len)
{
	size_t cap = CFG_TREE_MAX_BYTES + 1, n = 0;
	char *buf = malloc(cap);

	if (buf == NULL)
		return NULL;
	while (n < cap) {
		ssize_t got = read(fd, buf + n, cap - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(buf);
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	*len = n;
	return buf;
}

enum cfg_result
cfg_doc_load(const char *path, struct cfg_doc *doc, struct cfg_errors *errs)
{
	struct stat st;
	size_t len = 0;
	char *text;
	int fd;
	enum cfg_result rc;

	doc->path = NULL;
	doc->root = NULL;
	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		cfg_error(errs, path, 0, 0, "cannot open: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return CFG_EOPEN;
	}
	if (S_ISDIR(st.st_mode)) {
		cfg_error(errs, path, 0, 0, "is a directory");
		close(fd);
		return CFG_EOPEN;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > CFG_TREE_MAX_BYTES) {
		cfg_error(errs, path, 0, 0, "file too large (%jd bytes, at most %u)",
		          (intmax_t)st.st_size, CFG_TREE_MAX_BYTES);
		close(fd);
		return CFG_EDATA;
	}
	text = read_all(fd, &len);
	close(fd);
	if (text == NULL) {
		cfg_error(errs, path, 0, 0, "cannot read: %s", strerror(errno));
		return CFG_EOPEN;
	}
	if (len > CFG_TREE_MAX_BYTES) {
		cfg_error(errs, path, 0, 0, "file too large (more than %u bytes)",
		          CFG_TREE_MAX_BYTES);
		free(text);
		return CFG_EDATA;
	}
	rc = cfg_doc_parse(path, text, len, doc, errs);
	free(text);
	return rc;
}

void
cfg_doc_fini(struct cfg_doc *doc)
{
	cfg_node_free(doc->root);
	free(doc->path);
	doc->root = NULL;
	doc->path = NULL;
}
