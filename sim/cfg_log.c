/* SPDX-License-Identifier: MIT */
/*
 * cfg_log.c: reading an access log for a replay workload. A line of the combined format,
 *
 *   1.2.3.4 - frank [10/Oct/2000:13:55:36 -0700] "GET /feed?p=2 HTTP/1.1" 200 2326 "ref" "ua"
 *
 * gives a request: its moment (the date, with its zone, in whole seconds), its user (the
 * client address, numbered in order of first appearance) and its path (the request's
 * target without the query). The common format stops after the size; fields after the
 * user agent (nginx formats often add some) are ignored.
 *
 * Lines are checked field by field, left to right, and the first problem of each bad line
 * is reported at its column; a date earlier than the line before is a problem too (a log
 * is written in time order). Addresses and paths are numbered through two hash tables
 * that point into the text, so a log costs its arrays and its distinct paths, not its
 * lines. The store at the end keeps the logs of one scenario and the per-variant arrays
 * made from them until the scenario is freed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfg_log.h"
#include "cfg_tree.h"

#define DATE_EXAMPLE "[10/Oct/2000:13:55:36 -0700]"
#define DATE_LEN 28                     /* strlen(DATE_EXAMPLE) */
#define QUOTE_MAX 40                    /* bytes of offending text a message quotes */

/* ---- distinct strings ---- */

struct slot {
	const char *s;                  /* into the text being parsed; NULL: empty slot */
	uint32_t len;
	uint32_t id;
};

/* Open addressing, at most half full; ids are given in order of first appearance. */
struct strtab {
	struct slot *slots;
	uint32_t cap;
	uint32_t n;
};

static uint32_t
hash_bytes(const char *s, uint32_t len)
{
	uint32_t h = 2166136261u;

	for (uint32_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int
strtab_grow(struct strtab *t)
{
	uint32_t cap = t->cap ? t->cap * 2 : 1024;
	struct slot *slots = calloc(cap, sizeof(*slots));

	if (slots == NULL)
		return -1;
	for (uint32_t i = 0; i < t->cap; i++) {
		uint32_t h;

		if (t->slots[i].s == NULL)
			continue;
		h = hash_bytes(t->slots[i].s, t->slots[i].len) & (cap - 1);
		while (slots[h].s != NULL)
			h = (h + 1) & (cap - 1);
		slots[h] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

/* The id of s; *fresh is 1 when s was not seen before. -1 when out of memory. */
static int
strtab_id(struct strtab *t, const char *s, uint32_t len, uint32_t *id, int *fresh)
{
	uint32_t h;

	if (2 * (t->n + 1) > t->cap && strtab_grow(t) < 0)
		return -1;
	h = hash_bytes(s, len) & (t->cap - 1);
	for (; t->slots[h].s != NULL; h = (h + 1) & (t->cap - 1)) {
		if (t->slots[h].len == len && memcmp(t->slots[h].s, s, len) == 0) {
			*id = t->slots[h].id;
			*fresh = 0;
			return 0;
		}
	}
	t->slots[h].s = s;
	t->slots[h].len = len;
	t->slots[h].id = *id = t->n++;
	*fresh = 1;
	return 0;
}

/* ---- one line ---- */

/* What a good line says; the pointers are into the line. */
struct fields {
	const char *addr;
	size_t addr_len;
	int64_t sec;                    /* seconds since 1970, UTC */
	const char *date;               /* "[10/Oct/2000:13:55:36 -0700]" */
	size_t date_col;
	const char *path;               /* the target up to its query */
	size_t path_len;
	size_t path_col;
};

/* A line being read: where the reader is, and the first problem found. */
struct reader {
	const char *s;
	size_t len;
	size_t i;
	size_t err_col;                 /* 1-based; 0: no problem yet */
	char why[300];
};

static int
fail(struct reader *r, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
fail(struct reader *r, size_t at, const char *fmt, ...)
{
	va_list ap;

	r->err_col = at + 1;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* s[0..len) as a message quotes it: control bytes as '?', cut after QUOTE_MAX bytes. */
static const char *
quote(const char *s, size_t len, char *buf)
{
	size_t n = len > QUOTE_MAX ? QUOTE_MAX : len, k;

	/* a cut does not split a UTF-8 sequence */
	while (n < len && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	for (k = 0; k < n; k++)
		buf[k] = (unsigned char)s[k] < 0x20 || s[k] == 0x7f ? '?' : s[k];
	if (n < len)
		memcpy(buf + k, "...", 4);
	else
		buf[k] = 0;
	return buf;
}

/* The length of the word at i: up to the next space or the end of the line. */
static size_t
word_len(const struct reader *r, size_t i)
{
	size_t n = 0;

	while (i + n < r->len && r->s[i + n] != ' ')
		n++;
	return n;
}

/* Steps over one space before the field called what; -1 at the end of the line. */
static int
next_field(struct reader *r, const char *what)
{
	if (r->i >= r->len)
		return fail(r, r->i, "the line ends before the %s", what);
	if (r->s[r->i] == ' ')
		r->i++;
	if (r->i >= r->len)
		return fail(r, r->i, "the line ends before the %s", what);
	return 0;
}

static int
digits(const char *s, int n, int *out)
{
	*out = 0;
	for (int k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return -1;
		*out = *out * 10 + (s[k] - '0');
	}
	return 0;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar (m from 1). */
static int64_t
days_since_epoch(int y, int m, int d)
{
	static const int before[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	int64_t years = (int64_t)y - 1;
	int64_t days = years * 365 + years / 4 - years / 100 + years / 400;

	days += before[m - 1] + (m > 2 && leap(y)) + d - 1;
	return days - 719162;           /* the same count up to 1970-01-01 */
}

/* "[10/Oct/2000:13:55:36 -0700]" at p (DATE_LEN bytes) into seconds UTC; -1 if it is not. */
static int
parse_date(const char *p, int64_t *sec)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int d, y, h, mi, s, zh, zm, m = -1;

	if (p[0] != '[' || p[3] != '/' || p[7] != '/' || p[12] != ':' || p[15] != ':' ||
	    p[18] != ':' || p[21] != ' ' || (p[22] != '+' && p[22] != '-') || p[27] != ']')
		return -1;
	for (int k = 0; k < 12; k++) {
		if (memcmp(p + 4, months + 3 * k, 3) == 0)
			m = k + 1;
	}
	if (m < 0 || digits(p + 1, 2, &d) || digits(p + 8, 4, &y) || digits(p + 13, 2, &h) ||
	    digits(p + 16, 2, &mi) || digits(p + 19, 2, &s) || digits(p + 23, 2, &zh) ||
	    digits(p + 25, 2, &zm))
		return -1;
	/* a leap second (:60) is refused like any impossible time */
	if (d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)) || y < 1 || h > 23 || mi > 59 ||
	    s > 59 || zh > 23 || zm > 59)
		return -1;
	*sec = days_since_epoch(y, m, d) * 86400 + h * 3600 + mi * 60 + s;
	*sec -= (p[22] == '-' ? -1 : 1) * (zh * 3600 + zm * 60);
	return 0;
}

static int
read_date(struct reader *r, struct fields *f)
{
	char buf[QUOTE_MAX + 4];
	size_t n;

	if (next_field(r, "date") < 0)
		return -1;
	if (r->s[r->i] == '[') {
		const char *end = memchr(r->s + r->i, ']', r->len - r->i);

		n = end ? (size_t)(end - (r->s + r->i)) + 1 : r->len - r->i;
	} else {
		n = word_len(r, r->i);
	}
	if (n != DATE_LEN || parse_date(r->s + r->i, &f->sec) < 0)
		return fail(r, r->i, "expected a date like " DATE_EXAMPLE ", got '%s'",
		            quote(r->s + r->i, n, buf));
	f->date = r->s + r->i;
	f->date_col = r->i + 1;
	r->i += DATE_LEN;
	return 0;
}

/*
 * A quoted field ("GET / HTTP/1.1", a referer, a user agent) at r->i; its inside into
 * *in, *in_len. Apache escapes a quote inside as \", nginx as \x22: a backslash always
 * takes the byte after it along.
 */
static int
read_quoted(struct reader *r, const char *what, const char *like, const char **in,
            size_t *in_len)
{
	char buf[QUOTE_MAX + 4];
	size_t start = r->i, k;

	if (next_field(r, what) < 0)
		return -1;
	start = r->i;
	if (r->s[start] != '"')
		return fail(r, start, "expected the %s in quotes%s, got '%s'", what, like,
		            quote(r->s + start, word_len(r, start), buf));
	for (k = start + 1; k < r->len && r->s[k] != '"'; k++) {
		if (r->s[k] == '\\')
			k++;
	}
	if (k >= r->len)
		return fail(r, start, "the %s's closing quote is missing", what);
	*in = r->s + start + 1;
	*in_len = k - start - 1;
	r->i = k + 1;
	return 0;
}

/* "GET /feed?p=2 HTTP/1.1" (or "GET /feed", HTTP/0.9): the path, up to its query. */
static int
read_request(struct reader *r, struct fields *f)
{
	static const char like[] = ", like \"GET /feed HTTP/1.1\"";
	char buf[QUOTE_MAX + 4];
	const char *in, *target, *sp;
	size_t in_len, start, t_len;

	if (read_quoted(r, "request", like, &in, &in_len) < 0)
		return -1;
	start = (size_t)(in - r->s);
	sp = memchr(in, ' ', in_len);
	target = sp ? sp + 1 : NULL;
	t_len = target ? in_len - (size_t)(target - in) : 0;
	if (target != NULL && memchr(target, ' ', t_len) != NULL)
		t_len = (size_t)((const char *)memchr(target, ' ', t_len) - target);
	/* a proxy's request names the host too: http://host/path */
	if (target != NULL && t_len > 8 && (memcmp(target, "http://", 7) == 0 ||
	                                    memcmp(target, "https://", 8) == 0)) {
		const char *host = (const char *)memchr(target, ':', t_len) + 3;
		const char *slash = memchr(host, '/', t_len - (size_t)(host - target));

		t_len = slash ? t_len - (size_t)(slash - target) : 0;
		target = slash;
	}
	if (sp == NULL || sp == in || target == NULL || t_len == 0 || target[0] != '/')
		return fail(r, start - 1, "expected a request like \"GET /feed HTTP/1.1\", got '%s'",
		            quote(in, in_len, buf));
	f->path = target;
	for (f->path_len = 0; f->path_len < t_len; f->path_len++) {
		if (target[f->path_len] == '?' || target[f->path_len] == '#')
			break;
	}
	f->path_col = (size_t)(target - r->s) + 1;
	return 0;
}

static int
read_status_size(struct reader *r)
{
	char buf[QUOTE_MAX + 4];
	size_t n;
	int status, bad;

	if (next_field(r, "status code") < 0)
		return -1;
	n = word_len(r, r->i);
	if (n != 3 || digits(r->s + r->i, 3, &status) < 0 || status < 100 || status > 599)
		return fail(r, r->i, "expected a status code like 200, got '%s'",
		            quote(r->s + r->i, n, buf));
	r->i += n;
	if (next_field(r, "response size") < 0)
		return -1;
	n = word_len(r, r->i);
	bad = n == 0;
	for (size_t k = 0; k < n; k++) {
		if ((r->s[r->i + k] < '0' || r->s[r->i + k] > '9') && !(n == 1 && r->s[r->i] == '-'))
			bad = 1;
	}
	if (bad)
		return fail(r, r->i, "expected the response size in bytes or -, got '%s'",
		            quote(r->s + r->i, n, buf));
	r->i += n;
	return 0;
}

/* One line (no newline) into f; -1 with r's problem set. */
static int
parse_line(struct reader *r, struct fields *f)
{
	const char *in;
	size_t in_len;

	if (r->s[0] == ' ')
		return fail(r, 0, "expected the client address at the start of the line");
	f->addr = r->s;
	f->addr_len = word_len(r, 0);
	r->i = f->addr_len;
	/* the identity and the user, "-" when unknown */
	for (int k = 0; k < 2; k++) {
		if (next_field(r, "date") < 0)
			return -1;
		r->i += word_len(r, r->i);
	}
	if (read_date(r, f) < 0 || read_request(r, f) < 0 || read_status_size(r) < 0)
		return -1;
	if (r->i == r->len)
		return 0;               /* the common format */
	if (r->s[r->i] != ' ')
		return fail(r, r->i, "expected a space after the response size");
	if (read_quoted(r, "referer", "", &in, &in_len) < 0 ||
	    read_quoted(r, "user agent", "", &in, &in_len) < 0)
		return -1;
	return 0;
}

/* ---- the whole log ---- */

/* What parsing a log keeps beyond its result. */
struct parse {
	const char *name;
	struct cfg_errors *errs;
	struct cfg_log *out;
	struct strtab addrs;
	struct strtab paths;
	int64_t *secs;
	uint32_t cap;
	uint32_t bad;                   /* lines with a problem */
	int too_long;                   /* more than CFG_LOG_MAX_LINES lines: parsing stopped */
	int64_t first;                  /* the first good line's second */
	int64_t last;
	char last_date[DATE_LEN + 1];
	int oom;
};

static void
report(struct parse *p, int line, size_t col, const char *why)
{
	if (p->bad++ < CFG_LOG_MAX_ERRORS)
		cfg_error(p->errs, p->name, line, (int)col, "%s", why);
}

static int
grow(struct parse *p)
{
	struct cfg_log *o = p->out;
	uint32_t cap = p->cap ? p->cap * 2 : 4096;
	void *a, *b, *c;

	if (cap > CFG_LOG_MAX_LINES)
		cap = CFG_LOG_MAX_LINES;
	a = realloc(p->secs, cap * sizeof(*p->secs));
	if (a != NULL)
		p->secs = a;
	b = realloc(o->user, cap * sizeof(*o->user));
	if (b != NULL)
		o->user = b;
	c = realloc(o->path, cap * sizeof(*o->path));
	if (c != NULL)
		o->path = c;
	if (a == NULL || b == NULL || c == NULL)
		return -1;
	p->cap = cap;
	return 0;
}

/* A path seen for the first time: its text, and where it was, for messages. */
static int
new_path(struct parse *p, const struct fields *f, int line)
{
	struct cfg_log *o = p->out;
	uint32_t n = o->n_paths;
	char **paths = realloc(o->paths, (n + 1) * sizeof(*paths));
	int *lines, *cols;

	if (paths == NULL)
		return -1;
	o->paths = paths;
	lines = realloc(o->path_line, (n + 1) * sizeof(*lines));
	if (lines == NULL)
		return -1;
	o->path_line = lines;
	cols = realloc(o->path_col, (n + 1) * sizeof(*cols));
	if (cols == NULL)
		return -1;
	o->path_col = cols;
	paths[n] = malloc(f->path_len + 1);
	if (paths[n] == NULL)
		return -1;
	memcpy(paths[n], f->path, f->path_len);
	paths[n][f->path_len] = 0;
	lines[n] = line;
	cols[n] = (int)f->path_col;
	o->n_paths = n + 1;
	return 0;
}

/* A good line: checked against the one before it, then numbered and kept. */
static void
take(struct parse *p, const struct fields *f, int line)
{
	struct cfg_log *o = p->out;
	uint32_t user, path;
	int fresh_user, fresh_path;
	char why[200];

	if (o->n > 0 && f->sec < p->last) {
		snprintf(why, sizeof(why), "%.*s is earlier than the line before, %s: the log "
		         "must be in time order", DATE_LEN, f->date, p->last_date);
		report(p, line, f->date_col, why);
		return;
	}
	if (o->n == p->cap && grow(p) < 0)
		goto oom;
	if (strtab_id(&p->addrs, f->addr, (uint32_t)f->addr_len, &user, &fresh_user) < 0 ||
	    strtab_id(&p->paths, f->path, (uint32_t)f->path_len, &path, &fresh_path) < 0)
		goto oom;
	if (fresh_path && new_path(p, f, line) < 0)
		goto oom;
	if (o->n == 0)
		p->first = f->sec;
	p->last = f->sec;
	memcpy(p->last_date, f->date, DATE_LEN);
	p->secs[o->n] = f->sec;
	o->user[o->n] = user;
	o->path[o->n] = path;
	o->n++;
	return;
oom:
	p->oom = 1;
}

/*
 * The moments, from the whole seconds: the lines of one second come at equal steps
 * through it, the first at the second itself.
 */
static int
spread(struct parse *p)
{
	struct cfg_log *o = p->out;
	uint32_t a = 0;

	o->at = malloc((o->n ? o->n : 1) * sizeof(*o->at));
	if (o->at == NULL)
		return -1;
	while (a < o->n) {
		uint32_t b = a;

		while (b < o->n && p->secs[b] == p->secs[a])
			b++;
		for (uint32_t k = a; k < b; k++)
			o->at[k] = (p->secs[k] - p->first) * SIM_SEC +
			           (sim_time)(k - a) * SIM_SEC / (sim_time)(b - a);
		a = b;
	}
	return 0;
}

static int
blank(const char *s, size_t len)
{
	for (size_t k = 0; k < len; k++) {
		if (s[k] != ' ' && s[k] != '\t')
			return 0;
	}
	return 1;
}

static void
parse_lines(struct parse *p, const char *text, size_t len)
{
	size_t pos = 0;
	int line = 0;

	while (pos < len && !p->oom) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		struct reader r = { .s = text + pos, .len = end - pos };
		struct fields f = { 0 };

		line++;
		pos = end + 1;
		if (r.len > 0 && r.s[r.len - 1] == '\r')
			r.len--;
		if (line > CFG_LOG_MAX_LINES) {
			cfg_error(p->errs, p->name, line, 1, "more than %d lines: replay a shorter "
			          "stretch of the log", CFG_LOG_MAX_LINES);
			p->too_long = 1;
			return;
		}
		if (blank(r.s, r.len))
			continue;
		if (parse_line(&r, &f) < 0)
			report(p, line, r.err_col, r.why);
		else
			take(p, &f, line);
	}
}

enum cfg_result
cfg_log_parse(const char *name, const char *text, size_t len, struct cfg_log *out,
              struct cfg_errors *errs)
{
	struct parse p = { .name = name, .errs = errs, .out = out };
	int failed;

	memset(out, 0, sizeof(*out));
	parse_lines(&p, text, len);
	if (!p.oom && !p.too_long && p.bad == 0 && out->n == 0) {
		cfg_error(errs, name, 0, 0, "no requests in the log");
		p.bad++;
	}
	if (p.bad > CFG_LOG_MAX_ERRORS)
		cfg_error(errs, name, 0, 0, "%u more bad lines not shown (%u in all)",
		          p.bad - CFG_LOG_MAX_ERRORS, p.bad);
	failed = p.oom || p.too_long || p.bad > 0;
	if (!failed && spread(&p) < 0)
		failed = p.oom = 1;
	if (p.oom)
		cfg_error(errs, name, 0, 0, "out of memory");
	out->n_users = p.addrs.n;
	free(p.addrs.slots);
	free(p.paths.slots);
	free(p.secs);
	if (failed) {
		cfg_log_fini(out);
		return CFG_EDATA;
	}
	return CFG_OK;
}

void
cfg_log_fini(struct cfg_log *log)
{
	for (uint32_t i = 0; i < log->n_paths; i++)
		free(log->paths[i]);
	free(log->paths);
	free(log->path_line);
	free(log->path_col);
	free(log->at);
	free(log->user);
	free(log->path);
	memset(log, 0, sizeof(*log));
}

/* strerror(), lowercased as every message is. */
static const char *
reason(int errnum, char *buf, size_t len)
{
	snprintf(buf, len, "%s", strerror(errnum));
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/*
 * Reads at most a little more than CFG_LOG_MAX_BYTES (a log that grew since its size was
 * taken is then too large); NULL with errno set when it cannot.
 */
static char *
read_all(int fd, size_t hint, size_t *len)
{
	size_t cap = hint + 1, n = 0;
	char *buf = malloc(cap);

	while (buf != NULL) {
		ssize_t got;

		if (n == cap && cap > CFG_LOG_MAX_BYTES)
			break;
		if (n == cap) {
			char *more = realloc(buf, cap * 2);

			if (more == NULL) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = more;
			cap *= 2;
		}
		got = read(fd, buf + n, cap - n);
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
cfg_log_load(const char *path, struct cfg_log *out, struct cfg_errors *errs)
{
	struct stat st;
	char why[128];
	size_t len = 0;
	char *text;
	int fd = open(path, O_RDONLY);
	enum cfg_result rc;

	memset(out, 0, sizeof(*out));
	if (fd < 0 || fstat(fd, &st) < 0) {
		cfg_error(errs, path, 0, 0, "cannot open: %s", reason(errno, why, sizeof(why)));
		if (fd >= 0)
			close(fd);
		return CFG_EOPEN;
	}
	if (S_ISDIR(st.st_mode)) {
		cfg_error(errs, path, 0, 0, "is a directory");
		close(fd);
		return CFG_EOPEN;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > CFG_LOG_MAX_BYTES) {
		cfg_error(errs, path, 0, 0, "log too large (%jd bytes, at most %u): replay a "
		          "shorter stretch of it", (intmax_t)st.st_size, CFG_LOG_MAX_BYTES);
		close(fd);
		return CFG_EDATA;
	}
	text = read_all(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 65536, &len);
	if (text == NULL) {
		cfg_error(errs, path, 0, 0, "cannot read: %s", reason(errno, why, sizeof(why)));
		close(fd);
		return CFG_EOPEN;
	}
	close(fd);
	if (len > CFG_LOG_MAX_BYTES) {
		cfg_error(errs, path, 0, 0, "log too large (more than %u bytes): replay a "
		          "shorter stretch of it", CFG_LOG_MAX_BYTES);
		free(text);
		return CFG_EDATA;
	}
	rc = cfg_log_parse(path, text, len, out, errs);
	free(text);
	return rc;
}

int
cfg_log_match(const char *path, const char *const *prefixes, int n)
{
	size_t best_len = 0;
	int best = -1;

	for (int i = 0; i < n; i++) {
		size_t k = strlen(prefixes[i]);

		if (strncmp(path, prefixes[i], k) != 0 || (best >= 0 && k <= best_len))
			continue;
		if (k > 0 && prefixes[i][k - 1] != '/' && path[k] != 0 && path[k] != '/')
			continue;
		best = i;
		best_len = k;
	}
	return best;
}

/* ---- the store ---- */

struct kept_log {
	char *path;
	struct cfg_log log;
	enum cfg_result rc;             /* CFG_OK, or why the log cannot be used */
};

struct cfg_replay {
	struct kept_log *logs;
	int n_logs;
	void **blocks;
	size_t *sizes;
	int n_blocks;
};

static struct cfg_replay *
store_of(struct cfg_replay **store)
{
	if (*store == NULL)
		*store = calloc(1, sizeof(**store));
	return *store;
}

const struct cfg_log *
cfg__replay_log(struct cfg_replay **store, const char *path, struct cfg_errors *errs,
                enum cfg_result *rc)
{
	struct cfg_replay *st = store_of(store);
	struct kept_log *logs, *k;

	*rc = CFG_EDATA;
	if (st == NULL)
		return NULL;
	for (int i = 0; i < st->n_logs; i++) {
		if (strcmp(st->logs[i].path, path) == 0) {
			*rc = st->logs[i].rc;
			return *rc == CFG_OK ? &st->logs[i].log : NULL;
		}
	}
	logs = realloc(st->logs, (size_t)(st->n_logs + 1) * sizeof(*logs));
	if (logs == NULL)
		return NULL;
	st->logs = logs;
	k = &logs[st->n_logs];
	k->path = strdup(path);
	if (k->path == NULL)
		return NULL;
	st->n_logs++;
	k->rc = *rc = cfg_log_load(path, &k->log, errs);
	return *rc == CFG_OK ? &k->log : NULL;
}

const void *
cfg__replay_keep(struct cfg_replay **store, void *block, size_t size)
{
	struct cfg_replay *st = store_of(store);
	void **blocks;
	size_t *sizes;

	if (st == NULL || block == NULL) {
		free(block);
		return NULL;
	}
	for (int i = 0; i < st->n_blocks; i++) {
		if (st->sizes[i] == size && memcmp(st->blocks[i], block, size) == 0) {
			free(block);
			return st->blocks[i];
		}
	}
	blocks = realloc(st->blocks, (size_t)(st->n_blocks + 1) * sizeof(*blocks));
	if (blocks != NULL)
		st->blocks = blocks;
	sizes = realloc(st->sizes, (size_t)(st->n_blocks + 1) * sizeof(*sizes));
	if (sizes != NULL)
		st->sizes = sizes;
	if (blocks == NULL || sizes == NULL) {
		free(block);
		return NULL;
	}
	st->blocks[st->n_blocks] = block;
	st->sizes[st->n_blocks++] = size;
	return block;
}

void
cfg__replay_free(struct cfg_replay *store)
{
	if (store == NULL)
		return;
	for (int i = 0; i < store->n_logs; i++) {
		free(store->logs[i].path);
		cfg_log_fini(&store->logs[i].log);
	}
	for (int i = 0; i < store->n_blocks; i++)
		free(store->blocks[i]);
	free(store->logs);
	free(store->blocks);
	free(store->sizes);
	free(store);
}

const char *
cfg_scenario_log(const struct cfg_scenario *sc, int i)
{
	if (sc->replay == NULL || i < 0 || i >= sc->replay->n_logs)
		return NULL;
	return sc->replay->logs[i].path;
}
