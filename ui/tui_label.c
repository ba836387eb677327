/* SPDX-License-Identifier: MIT */
/*
 * tui_label.c: the short forms of a box's label (tui_label.h).
 *
 * A label is read as words parted by spaces, underscores, dashes and brackets ("API
 * gateway (us)": API, gateway, us). Words that diagrams conventionally shorten take their
 * short form first (gateway gw, payments pay, recommendations recs), since "API gw" says
 * more than "API ga…". A squeeze then fits the words into the room left: it drops the
 * parting between words where a change of case still parts them ("webA", "APIgw"), cuts
 * letters off the longest word but the last (which often tells the boxes apart: "pa_db",
 * "po_db"; "au us", "au eu"), then drops the other partings, cuts the last word and, last,
 * the first words. A tight squeeze drops every parting first ("padb", "podb"), for when
 * the first reads as another box's. A node's name that ends in its label's region
 * ("gw_us" for "API gateway (us)") is squeezed before the label. A word of one is never
 * squeezed unless it has a short form: "clie" would read as a name, "clie…" reads as cut.
 * What a squeeze keeps must read true: a label's number is a word of its own ("app1":
 * "ap1", as "ap2" and "ap3" beside it), a plural is never cut into its singular ("post_db"
 * reads as another name: "postsdb"), and a last word that only names the kind of box
 * ("feed consumer") goes before any squeeze, the first alone telling the boxes apart.
 */
#include "tui_label.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tui.h"

#define MAX_WORDS 8
#define WORD_MAX 64

struct words {
	int n;
	char w[MAX_WORDS][WORD_MAX];
	char sep[MAX_WORDS];            /* the parting before word i: ' ', '_', '-'; 0: none */
};

/* Short forms diagrams use, for a word or two words parted by a space. */
static const char *const short_words[][2] = {
	{ "load balancer", "lb" },
	{ "gateway", "gw" },
	{ "payments", "pay" },
	{ "payment", "pay" },
	{ "recommendations", "recs" },
	{ "notifications", "notif" },
	{ "notification", "notif" },
	{ "consumer", "cons" },
	{ "service", "svc" },
	{ "storage", "store" },
	{ "object", "obj" },
	{ "primary", "prim" },
	{ "replica", "repl" },
	{ "database", "db" },
	{ "monolith", "mono" },
};

/*
 * Last words that say what kind of box it is rather than which: "feed consumer" and
 * "email consumer" differ by their first word, which alone reads better than a squeeze
 * of both ("noticons").
 */
static const char *const generic_words[] = { "consumer", "service", "server", "worker" };

static int is_parting(char c)
{
	return c == ' ' || c == '_' || c == '-' || c == '(' || c == ')' || c == '/';
}

/*
 * The last word's number, as a word of its own with no parting before it ("app1": app,
 * 1), so that a squeeze cuts the stem and keeps what tells app1 from app2: "ap1".
 */
static void split_number(struct words *ws)
{
	char *w = ws->w[ws->n - 1];
	size_t n = strlen(w), d = n;

	while (d > 0 && isdigit((unsigned char)w[d - 1]))
		d--;
	if (d == 0 || d == n || !isalpha((unsigned char)w[d - 1]) || ws->n >= MAX_WORDS)
		return;
	memcpy(ws->w[ws->n], w + d, n - d + 1);
	w[d] = '\0';
	ws->sep[ws->n] = 0;
	ws->n++;
}

/* The words of s, each with the parting before it: '_' or '-' when the run has one. */
static void split(const char *s, struct words *ws)
{
	char sep = 0;

	memset(ws, 0, sizeof *ws);
	while (*s && ws->n < MAX_WORDS) {
		size_t n = 0;

		for (; *s && is_parting(*s); s++)
			sep = *s == '_' || *s == '-' ? *s : sep ? sep : ' ';
		for (; *s && !is_parting(*s); s++)
			if (n + 1 < WORD_MAX)
				ws->w[ws->n][n++] = *s;
		if (n == 0)
			break;
		ws->sep[ws->n] = ws->n > 0 ? sep : 0;
		ws->n++;
		sep = 0;
		split_number(ws);
	}
}

static void drop_word(struct words *ws, int i)
{
	memmove(ws->w[i], ws->w[i + 1], sizeof ws->w[0] * (size_t)(ws->n - i - 1));
	memmove(ws->sep + i, ws->sep + i + 1, (size_t)(ws->n - i - 1));
	ws->n--;
	ws->sep[0] = 0;
}

/* Each word, or two words parted by a space, that has a short form takes it. */
static void shorten(struct words *ws)
{
	size_t k, n = sizeof short_words / sizeof short_words[0];
	int i;

	for (i = 0; i < ws->n; i++)
		for (k = 0; k < n; k++) {
			char two[2 * WORD_MAX + 1];

			snprintf(two, sizeof two, "%s %s", ws->w[i],
			         i + 1 < ws->n ? ws->w[i + 1] : "");
			if (i + 1 < ws->n && ws->sep[i + 1] == ' ' &&
			    strcasecmp(two, short_words[k][0]) == 0) {
				snprintf(ws->w[i], WORD_MAX, "%s", short_words[k][1]);
				drop_word(ws, i + 1);
				break;
			}
			if (strcasecmp(ws->w[i], short_words[k][0]) == 0) {
				snprintf(ws->w[i], WORD_MAX, "%s", short_words[k][1]);
				break;
			}
		}
}

/*
 * The label with each word that has a short form in it, its punctuation kept: "API gw
 * (us)", "pay_db".
 */
static void shorten_text(const char *s, char *buf, size_t len)
{
	size_t o = 0, k, n = sizeof short_words / sizeof short_words[0];
	const char *start = s;

	while (*s && o + 1 < len) {
		const char *hit = NULL;

		for (k = 0; k < n && (s == start || is_parting(s[-1])); k++) {
			size_t l = strlen(short_words[k][0]);

			if (strncasecmp(s, short_words[k][0], l) == 0 &&
			    (!s[l] || is_parting(s[l]))) {
				hit = short_words[k][1];
				s += l;
				break;
			}
		}
		if (hit)
			o += (size_t)snprintf(buf + o, len - o, "%s", hit);
		else
			buf[o++] = *s++;
		o = o < len ? o : len - 1;
	}
	buf[o] = '\0';
}

static const char *join(const struct words *ws, char *buf, size_t len)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < ws->n && o + 1 < len; i++) {
		if (ws->sep[i])
			buf[o++] = ws->sep[i];
		o += (size_t)snprintf(buf + o, len - o, "%s", ws->w[i]);
	}
	buf[o < len ? o : len - 1] = '\0';
	return buf;
}

static int fits(const struct words *ws, int w, char *buf, size_t len)
{
	return tui_width(join(ws, buf, len)) <= w;
}

/* Takes the last character (a whole UTF-8 sequence) off a word. */
static void cut_char(char *word)
{
	size_t n = strlen(word);

	while (n > 0 && ((unsigned char)word[n - 1] & 0xc0) == 0x80)
		n--;
	if (n > 0)
		n--;
	word[n] = '\0';
}

/* The longest word but the last that has more than one character, or -1. */
static int longest_but_last(const struct words *ws)
{
	int i, best = -1;

	for (i = 0; i + 1 < ws->n; i++)
		if (tui_width(ws->w[i]) > 1 && (best < 0 || tui_width(ws->w[i]) >
		                                tui_width(ws->w[best])))
			best = i;
	return best;
}

/* Whether two words run together still read as two: a change of case, a digit. */
static int parted_by_case(const char *a, const char *b)
{
	unsigned char x = (unsigned char)a[strlen(a) - 1], y = (unsigned char)b[0];

	return !(islower(x) && islower(y)) && isalnum(x) && isalnum(y);
}

/*
 * Words that a word cut short must not become: each reads as something else beside a
 * diagram's numbers ("no cons" for the notification consumer reads "no consumers").
 */
static const char *const misleading[] = {
	"no", "not", "non", "none", "on", "off", "in", "out", "up", "down", "ok", "err",
	"all", "any", "and", "or", "to", "is", "max", "min",
};

static int misleading_word(const char *w)
{
	size_t k;

	for (k = 0; k < sizeof misleading / sizeof misleading[0]; k++)
		if (strcasecmp(w, misleading[k]) == 0)
			return 1;
	return 0;
}

/* Whether a word of ws was cut into a word that reads as something else. */
static int cut_misleads(const struct words *ws, const struct words *orig)
{
	int i, k, kept;

	for (i = 0; i < ws->n; i++) {
		for (k = 0, kept = 0; k < orig->n && !kept; k++)
			kept = strcmp(ws->w[i], orig->w[k]) == 0;
		if (!kept && misleading_word(ws->w[i]))
			return 1;
	}
	return 0;
}

int tui_label_misleads(const char *s)
{
	size_t i, digits = 0, n = strlen(s);

	for (i = 0; i < n; i++)
		digits += isdigit((unsigned char)s[i]) != 0;
	/* a percentile ("p10" beside a p99 meter) or a number ("12", "1.2k", "3%") */
	if (n > 1 && (s[0] == 'p' || s[0] == 'P') && digits == n - 1)
		return 1;
	return n > 0 && isdigit((unsigned char)s[0]) && digits + 2 >= n;
}

/* Whether w is a short form diagrams use ("recs"), which reads as one cut or not. */
static int is_short_word(const char *w)
{
	size_t k;

	for (k = 0; k < sizeof short_words / sizeof short_words[0]; k++)
		if (strcasecmp(w, short_words[k][1]) == 0)
			return 1;
	return 0;
}

/*
 * Whether word is other less its final s: a plural of the label cut into its singular,
 * "post" for posts, which reads as another name ("recs" to "rec" does not).
 */
static int singular_of(const char *word, const char *other)
{
	size_t n = strlen(word);

	return n > 0 && strlen(other) == n + 1 && strncmp(word, other, n) == 0 &&
	       (other[n] == 's' || other[n] == 'S') && !is_short_word(other);
}

/* Whether cutting a letter off word i of ws, still whole, would leave its singular. */
static int singular_next(const struct words *ws, const struct words *orig, int i)
{
	size_t n = strlen(ws->w[i]);

	return n > 1 && strcmp(ws->w[i], orig->w[i]) == 0 &&
	       (ws->w[i][n - 1] == 's' || ws->w[i][n - 1] == 'S') && !is_short_word(ws->w[i]);
}

/*
 * The words fitted into w columns (see the top of the file), or NULL; tight drops every
 * parting first, for a second form where the first reads as another box's ("p_db" for
 * both databases: "podb", "padb").
 */
static const char *squeeze(struct words ws, int w, int tight, char *buf, size_t len)
{
	struct words orig = ws;
	int i;

	if (fits(&ws, w, buf, len) && !tight)
		return buf;
	for (i = 1; i < ws.n; i++)
		if (tight || parted_by_case(ws.w[i - 1], ws.w[i]))
			ws.sep[i] = 0;
	while (!fits(&ws, w, buf, len) && (i = longest_but_last(&ws)) >= 0) {
		struct words joined = ws;
		int k;

		/* "posts_db" reads "postsdb" rather than "post_db", another name */
		for (k = 1; k < joined.n; k++)
			joined.sep[k] = 0;
		if (singular_next(&ws, &orig, i) && fits(&joined, w, buf, len)) {
			ws = joined;
			break;
		}
		cut_char(ws.w[i]);
		if (singular_of(ws.w[i], orig.w[i]))
			cut_char(ws.w[i]);
	}
	for (i = 1; i < ws.n && !fits(&ws, w, buf, len); i++)
		ws.sep[i] = 0;
	while (!fits(&ws, w, buf, len) && tui_width(ws.w[ws.n - 1]) > 1) {
		cut_char(ws.w[ws.n - 1]);
		if (singular_of(ws.w[ws.n - 1], orig.w[ws.n - 1]) && tui_width(ws.w[ws.n - 1]) > 1)
			cut_char(ws.w[ws.n - 1]);
	}
	while (!fits(&ws, w, buf, len) && ws.n > 1)
		drop_word(&ws, 0);
	if (cut_misleads(&ws, &orig) || tui_label_misleads(buf))
		return NULL;
	return fits(&ws, w, buf, len) && buf[0] ? buf : NULL;
}

static const char *whole(const char *s, int w, char *buf, size_t len)
{
	if (!s || !*s || tui_width(s) > w)
		return NULL;
	snprintf(buf, len, "%s", s);
	return buf;
}

/* The label's words squeezed, unless it is one word with no short form. */
static const char *squeeze_label(const struct words *ws, const char *label, int w,
                                 int tight, char *buf, size_t len)
{
	char joined[2 * WORD_MAX * MAX_WORDS];

	join(ws, joined, sizeof joined);
	if (ws->n < 1 || (ws->n == 1 && strcmp(joined, label) == 0))
		return NULL;
	return squeeze(*ws, w, tight, buf, len);
}

/*
 * The label without a last word that only says its kind ("notif" for "notification
 * consumer", "post" for "post service"), with the short words, whole or NULL.
 */
static const char *without_kind(const struct words *short_ws, const struct words *ws, int w,
                                char *buf, size_t len)
{
	struct words first = *short_ws;
	size_t k;

	if (ws->n < 2 || short_ws->n < 2)
		return NULL;
	for (k = 0; k < sizeof generic_words / sizeof generic_words[0]; k++)
		if (strcasecmp(ws->w[ws->n - 1], generic_words[k]) == 0)
			break;
	if (k == sizeof generic_words / sizeof generic_words[0])
		return NULL;
	first.n--;
	return fits(&first, w, buf, len) && tui_width(buf) > 1 ? buf : NULL;
}

/*
 * Whether the node's name is a short form of its label: two words or more, the last the
 * label's last and longer than a letter, as a region is ("gw_us" and "API gateway (us)",
 * "db_asia" and "replica (asia)", not "page_a" and "web A"). Its squeeze ("g_us") then
 * reads better than the label's ("Agus"); another name's squeeze is not a form at all
 * ("psv" from post_svc would not read as posts).
 */
static int name_shortens(const struct words *name, const struct words *label)
{
	return name->n > 1 && label->n > 0 && strlen(label->w[label->n - 1]) > 1 &&
	       strcasecmp(name->w[name->n - 1], label->w[label->n - 1]) == 0;
}

const char *tui_label_form(const char *label, const char *name, int w, int k, char *buf,
                           size_t len)
{
	struct words ws, short_ws, name_ws;
	char joined[2 * WORD_MAX * MAX_WORDS];
	int by_name;

	if (len == 0 || w <= 0 || !label)
		return NULL;
	split(label, &ws);
	short_ws = ws;
	shorten(&short_ws);
	shorten_text(label, joined, sizeof joined);
	split(name ? name : "", &name_ws);
	shorten(&name_ws);
	by_name = name_shortens(&name_ws, &ws);
	switch (k) {
	case 0:
		return whole(label, w, buf, len);
	case 1:
		return strcmp(joined, label) ? whole(joined, w, buf, len) : NULL;
	case 2:
		return name && strcmp(name, label) ? whole(name, w, buf, len) : NULL;
	case 3:
		/* the name's squeeze where it shortens the label, then the label's */
		return by_name ? squeeze(name_ws, w, 0, buf, len) : NULL;
	case 4:
		return without_kind(&short_ws, &ws, w, buf, len);
	case 5:
		return squeeze_label(&short_ws, label, w, 0, buf, len);
	case 6:
		return squeeze_label(by_name ? &name_ws : &short_ws, label, w, 1, buf, len);
	case 7:
		return tui_fit_label(label, NULL, w, buf, len);
	default:
		return NULL;
	}
}

/* Last words that name a kind of box two of a diagram may share ("posts_db", "pay_db"). */
static const char *const kind_words[] = { "db", "cache", "queue", "store" };

const char *tui_label_kind(const char *label, char *buf, size_t len)
{
	struct words ws;
	size_t k;

	split(label ? label : "", &ws);
	shorten(&ws);
	if (ws.n < 2 || len == 0)
		return NULL;
	for (k = 0; k < sizeof kind_words / sizeof kind_words[0]; k++)
		if (strcasecmp(ws.w[ws.n - 1], kind_words[k]) == 0) {
			snprintf(buf, len, "%s", kind_words[k]);
			return buf;
		}
	return NULL;
}
