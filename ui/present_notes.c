/* SPDX-License-Identifier: MIT */
/*
 * present_notes.c: the speaker notes reflowed for the follower's screen
 * (present_notes.h). The notes are read a line at a time into paragraphs, each paragraph
 * cut into words (a word wider than a row into pieces a row wide), the words laid on rows
 * greedily, and a paragraph's last row given a second word where that can be done.
 * Nothing here draws: the follower writes the rows, and the tests read them.
 */
#include "present_notes.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* Where the rows go, and how many the notes took so far (past max too). */
struct sink {
	char (*rows)[PRESENT_NOTE_ROW];
	int max, n;
};

static void put_row(struct sink *o, int hang, const char *s, size_t len)
{
	if (o->rows && o->n < o->max)
		snprintf(o->rows[o->n], PRESENT_NOTE_ROW, "%*s%.*s", hang, "", (int)len, s);
	o->n++;
}

/* A word of a paragraph: its bytes and its display width. */
struct word {
	const char *s;
	size_t len;
	int w;
};

static int width_of(const char *s, size_t len)
{
	char buf[PRESENT_NOTE_ROW];

	snprintf(buf, sizeof buf, "%.*s", (int)len, s);
	return tui_width(buf);
}

/*
 * The words of text into out (at most max), a word wider than w columns cut into pieces
 * of w (text without spaces, as Chinese is written, breaks between characters). Returns
 * how many.
 */
static int words_of(const char *text, int w, struct word *out, int max)
{
	int n = 0;

	while (*text && n < max) {
		size_t len = strcspn(text, " ");

		while (len > 0 && n < max) {
			char buf[PRESENT_NOTE_ROW];
			const char *next;
			size_t cut;

			snprintf(buf, sizeof buf, "%.*s", (int)len, text);
			cut = width_of(text, len) > w ? tui_wrap(buf, w, &next) : len;
			cut = cut > 0 ? cut : len;
			out[n++] = (struct word){ text, cut, width_of(text, cut) };
			text += cut;
			len -= cut;
		}
		text += strspn(text, " ");
	}
	return n;
}

/* The columns of words a to b on one row, a space between each two. */
static int row_w(const struct word *ws, int a, int b)
{
	int i, w = 0;

	for (i = a; i < b; i++)
		w += ws[i].w + (i > a);
	return w;
}

/*
 * One paragraph w columns wide, its rows after the first indented by hang: the words laid
 * greedily, then the last row, if one word alone, takes the last word of the row before
 * when that row keeps two or more (with one, a word would be alone there instead) and
 * the two fit. (A word may hold a piece of one cut wider than a row: n_words is enough
 * for pieces one byte long.)
 */
static void wrap_para(struct sink *o, const char *text, int hang, int w)
{
	int n_words = (int)strlen(text) + 2, n, i, rows = 0, *start;
	struct word *ws = malloc(sizeof *ws * (size_t)n_words);

	start = malloc(sizeof *start * (size_t)(n_words + 1));
	if (!ws || !start) {
		free(ws);
		free(start);
		return;
	}
	n = words_of(text, w - hang, ws, n_words);
	for (i = 0; i < n; rows++) {
		int avail = rows ? w - hang : w, b = i + 1;

		start[rows] = i;
		while (b < n && row_w(ws, i, b + 1) <= avail)
			b++;
		i = b;
	}
	start[rows] = n;
	if (rows >= 2 && start[rows] - start[rows - 1] == 1 &&
	    start[rows - 1] - start[rows - 2] >= 3 &&
	    row_w(ws, start[rows - 1] - 1, n) <= w - hang)
		start[rows - 1]--;
	for (i = 0; i < rows; i++) {
		const struct word *a = &ws[start[i]], *z = &ws[start[i + 1] - 1];

		put_row(o, i ? hang : 0, a->s, (size_t)(z->s + z->len - a->s));
	}
	free(ws);
	free(start);
}

/* The columns of the list mark that opens s ("- ", "* ", "1. ", "2) "), or 0. */
static int item_mark(const char *s)
{
	int n = 0;

	if ((s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ')
		return 2;
	if (strncmp(s, "\xe2\x80\xa2 ", 4) == 0)       /* "• " */
		return 2;
	while (n < 3 && isdigit((unsigned char)s[n]))
		n++;
	return n > 0 && (s[n] == '.' || s[n] == ')') && s[n + 1] == ' ' ? n + 2 : 0;
}

/* A paragraph being gathered: its text so far, its hang, and whether a gap comes first. */
struct para {
	char *text;
	size_t len;
	int hang, gap;
};

static void flush(struct sink *o, struct para *p, int w)
{
	if (p->len == 0)
		return;
	if (p->gap && o->n > 0)
		put_row(o, 0, "", 0);
	p->text[p->len] = '\0';
	wrap_para(o, p->text, p->hang < w ? p->hang : 0, w);
	p->len = 0;
	p->hang = p->gap = 0;
}

int present_notes_wrap(const char *notes, int w, char (*rows)[PRESENT_NOTE_ROW], int max)
{
	struct sink o = { rows, rows ? max : 0, 0 };
	struct para p = { NULL, 0, 0, 0 };

	w = w < 1 ? 1 : w;
	p.text = malloc(strlen(notes ? notes : "") + 2);
	if (!p.text)
		return 0;
	while (notes && *notes) {
		size_t n = strcspn(notes, "\n"), lead = strspn(notes, " "), end = n;

		while (end > lead && notes[end - 1] == ' ')
			end--;
		if (end <= lead) {
			/* a blank line: the paragraph ends, and the next one keeps a gap */
			flush(&o, &p, w);
			p.gap = o.n > 0;
		} else {
			int mark = item_mark(notes + lead);

			if (mark)
				flush(&o, &p, w);
			if (p.len > 0)
				p.text[p.len++] = ' ';
			else
				p.hang = mark;
			memcpy(p.text + p.len, notes + lead, end - lead);
			p.len += end - lead;
		}
		notes += n + (notes[n] == '\n');
	}
	flush(&o, &p, w);
	free(p.text);
	return o.n;
}
