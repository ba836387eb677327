/* SPDX-License-Identifier: MIT */
/*
 * tui_label.h: short forms of a box's label for a diagram too narrow for it, each one a
 * reader can decode: the label, its conventional short words ("API gw", "pay_db"), the
 * node's name ("gw_us"), the label without a last word that only says its kind ("notif"
 * for the notification consumer), the words squeezed ("pa_db", "ap1", "padb", "pdb"),
 * the label cut with a mark ("clie…"). The live view takes the first form no other box
 * shows (numbering boxes of one kind, "db1" and "db2", where none is free), and lists the
 * shortened ones under the diagram with their labels.
 */
#ifndef UI_TUI_LABEL_H
#define UI_TUI_LABEL_H

#include <stddef.h>

#define TUI_LABEL_FORMS 8

/*
 * Form k (0 to TUI_LABEL_FORMS - 1) of label, for a node called name (NULL: none), in w
 * columns, written into buf: NULL when that form does not fit, adds nothing to the forms
 * before it or does not apply (a squeeze of one word). Form 0 is the label itself.
 */
const char *tui_label_form(const char *label, const char *name, int w, int k, char *buf,
                           size_t len);

/*
 * Whether a short label would read as something else beside a diagram's numbers: a
 * percentile ("p10" beside a p99 meter) or a number ("12", "3%"). The squeezes never give
 * such a form, nor cut a word into one that reads otherwise ("no", "not", "in").
 */
int tui_label_misleads(const char *s);

/*
 * The word that names the kind of box label ends in ("db" for "posts_db" and for
 * "payments database"), written into buf, or NULL: boxes of one kind whose short forms
 * would read alike are numbered by it instead ("db1", "db2").
 */
const char *tui_label_kind(const char *label, char *buf, size_t len);

#endif
