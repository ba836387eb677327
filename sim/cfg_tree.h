/* SPDX-License-Identifier: MIT */
/*
 * cfg_tree.h: a YAML document as a tree of nodes that remember where they were written.
 * Both the era/scenario loader (cfg.c) and the deck loader in ui/ read YAML through it, so
 * every file gossipsim reads refuses the same things the same way: anchors and aliases,
 * tags, duplicate keys, non-UTF-8 text, tabs in indentation, empty files, nesting deeper
 * than CFG_TREE_MAX_DEPTH and more than CFG_TREE_MAX_NODES values. Only libyaml's parser
 * is used; the tree owns all its memory.
 */
#ifndef SIM_CFG_TREE_H
#define SIM_CFG_TREE_H

#include <stddef.h>

#include "cfg.h"

#define CFG_TREE_MAX_DEPTH 64
#define CFG_TREE_MAX_BYTES (8u << 20)   /* larger files are refused before parsing */
/* values (scalars, lists, mappings) in one file: the largest shipped file has 650; more
 * would cost time (duplicate keys are found by comparing) and memory for nothing */
#define CFG_TREE_MAX_NODES 10000

enum cfg_node_type { CFG_SCALAR, CFG_SEQ, CFG_MAP };

struct cfg_node {
	enum cfg_node_type type;
	int line;                       /* 1-based position of the node's first character */
	int col;
	char *value;                    /* CFG_SCALAR: the text, NUL-terminated */
	int quoted;                     /* CFG_SCALAR: written in quotes */
	int n;                          /* CFG_SEQ and CFG_MAP: number of items */
	struct cfg_node **items;        /* sequence items, or mapping values */
	struct cfg_node **keys;         /* CFG_MAP: the keys (scalars), parallel to items */
};

struct cfg_doc {
	char *path;                     /* as given, for messages */
	struct cfg_node *root;          /* NULL when the load failed */
};

/*
 * Reads and parses the YAML file at path. Returns CFG_OK with doc->root set, or CFG_EOPEN
 * (cannot open or read) / CFG_EDATA (not acceptable YAML) with messages added to errs.
 */
enum cfg_result cfg_doc_load(const char *path, struct cfg_doc *doc, struct cfg_errors *errs);

/* The same from a buffer; name is used in messages. */
enum cfg_result cfg_doc_parse(const char *name, const char *text, size_t len,
                              struct cfg_doc *doc, struct cfg_errors *errs);
void cfg_doc_fini(struct cfg_doc *doc);

/* The value under key in a mapping, or NULL (also when map is not a mapping). */
struct cfg_node *cfg_node_get(const struct cfg_node *map, const char *key);

/* A deep copy, and its release. */
struct cfg_node *cfg_node_clone(const struct cfg_node *node);
void cfg_node_free(struct cfg_node *node);

/* Adds "path:line:column: message" to errs (line 0: "path: message"). */
void cfg_error(struct cfg_errors *errs, const char *path, int line, int col,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The closest of n candidate words to word, or NULL when none is close enough. */
const char *cfg_suggest(const char *word, const char *const *candidates, int n);

#endif
