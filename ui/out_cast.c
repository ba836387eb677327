/* SPDX-License-Identifier: MIT */
/*
 * out_cast.c: `run --record PATH.cast`, the live view recorded as an asciinema v2 file: a
 * header line of JSON ({"version": 2, "width", "height", "timestamp", ...}), then one
 * line [time, "o", "bytes"] per frame that changed the screen.
 *
 * The recording is the real live view (tui_live.c), not a mock of it: a child process
 * takes a pseudo-terminal of a fixed size as its terminal, draws frame after frame into
 * it through ncurses, and ends each frame with a marker the parent strips. The parent
 * reads the terminal's bytes, cuts them at the markers and stamps frame k with the time
 * k / FPS. Frames advance the simulation by a fixed 1/FPS wall second each at the
 * default speed, never by the clock, so the same file and seed give the same frames.
 * The header's timestamp is $SOURCE_DATE_EPOCH when set (reproducible files), else now.
 *
 * With two or more variants and no --variant, the first two run side by side, as the
 * `v` key shows them. The terminal is xterm-256color in the C.UTF-8 locale (what web
 * players expect), unless --plain asks for ASCII without colours.
 */
#include "out_files.h"

#include <errno.h>
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "tui.h"
#include "tui_live.h"

#define FPS 10
#define HOLD_S 3                        /* the last frame stays this long */
#define MARK "\033]7770;gossipsim-frame\007"
#define MARK_END "\033]7770;gossipsim-end\007"

struct size {
	int w, h;
};

/* ---- the child: the live view on a pseudo-terminal ------------------------------- */

/* Draws one frame, then the marker that ends it. */
static void child_frame(struct tui_live *live, struct size sz)
{
	werase(stdscr);
	tui_live_draw(live, stdscr, 0, 0, sz.h, sz.w);
	wnoutrefresh(stdscr);
	doupdate();
	fflush(stdout);
	fputs(MARK, stdout);
	fflush(stdout);
}

/* The child's whole life: frames until the end (or --until), then the end marker. */
static int child_run(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                     struct size sz, sim_time until)
{
	struct tui_live *live = tui_live_create(sc, variant < 0 ? 0 : variant,
	                                        opt->has_seed ? opt->seed : 0);

	if (!live || tui_live_error(live))
		return CLI_EXIT_DATA;
	if (variant < 0 && sc->n_variants >= 2)
		tui_live_key(live, 'v');
	setenv("TERM", "xterm-256color", 1);
	if (!opt->plain)
		setenv("LC_ALL", "C.UTF-8", 1);
	if (tui_init(opt->plain ? TUI_PLAIN : 0) != 0)
		return CLI_EXIT_SOFTWARE;
	child_frame(live, sz);
	while (!tui_live_done(live) && tui_live_now(live) < until) {
		tui_live_advance(live, 1.0 / FPS);
		child_frame(live, sz);
	}
	tui_fini();
	fputs(MARK_END, stdout);
	fflush(stdout);
	tui_live_destroy(live);
	return 0;
}

/* ---- the parent: cutting the bytes into frames --------------------------------- */

struct cast {
	FILE *f;
	char *buf;                      /* bytes read and not yet written as a frame */
	size_t len, cap;
	long frame;                     /* frames written or skipped so far */
	int ended;
};

/* s as a JSON string; bytes that are not UTF-8 are taken as Latin-1. */
static char *json_bytes(const char *s, size_t n)
{
	json_t *str = json_stringn(s, n);
	char *out;

	if (!str) {
		char *wide = malloc(n * 2 + 1);
		size_t w = 0;

		if (!wide)
			return NULL;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c < 0x80) {
				wide[w++] = (char)c;
			} else {
				wide[w++] = (char)(0xc0 | c >> 6);
				wide[w++] = (char)(0x80 | (c & 0x3f));
			}
		}
		str = json_stringn(wide, w);
		free(wide);
	}
	out = str ? json_dumps(str, JSON_ENCODE_ANY) : NULL;
	json_decref(str);
	return out;
}

static int put_event(struct cast *c, double t, const char *data, size_t n)
{
	char *s = json_bytes(data, n);

	if (!s)
		return -1;
	fprintf(c->f, "[%.3f, \"o\", %s]\n", t, s);
	free(s);
	return 0;
}

/* The first n-byte needle in [from, to), or NULL; memmem() is a GNU extension. */
static char *find(char *from, char *to, const char *needle, size_t n)
{
	for (char *p = from; p + n <= to; p++) {
		p = memchr(p, needle[0], (size_t)(to - p));
		if (!p || p + n > to)
			return NULL;
		if (memcmp(p, needle, n) == 0)
			return p;
	}
	return NULL;
}

/* Writes every whole frame in the buffer; keeps a partial one for the next read. */
static int cut_frames(struct cast *c)
{
	size_t ml = strlen(MARK), el = strlen(MARK_END);
	char *start = c->buf, *end = c->buf + c->len;

	for (;;) {
		char *m = find(start, end, MARK, ml);
		char *e = find(start, end, MARK_END, el);

		if (e && (!m || e < m)) {
			/*
			 * What ncurses sends on the way out (leave the alternate screen) is
			 * dropped: a player would end on an empty screen, not the last frame.
			 */
			c->ended = 1;
			start = e + el;
			break;
		}
		if (!m)
			break;
		if (m > start && put_event(c, (double)c->frame / FPS, start,
		                           (size_t)(m - start)) != 0)
			return -1;
		c->frame++;
		start = m + ml;
	}
	c->len = (size_t)(end - start);
	memmove(c->buf, start, c->len);
	return 0;
}

/* Reads the child's terminal until its end marker; 0, or -1 when it ends early. */
static int read_frames(struct cast *c, int master)
{
	while (!c->ended) {
		if (c->len + 65536 > c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 262144;
			char *grown = realloc(c->buf, cap);

			if (!grown)
				return -1;
			c->buf = grown;
			c->cap = cap;
		}
		ssize_t n = read(master, c->buf + c->len, c->cap - c->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;      /* EIO: the child closed the terminal without ending */
		c->len += (size_t)n;
		if (cut_frames(c) != 0)
			return -1;
	}
	return 0;
}

static void put_header(FILE *f, const struct cfg_scenario *sc, struct size sz)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	long long ts = epoch && epoch[0] ? atoll(epoch) : (long long)time(NULL);
	json_t *h = json_pack("{s:i, s:i, s:i, s:I, s:s, s:{s:s, s:s}}", "version", 2,
	                      "width", sz.w, "height", sz.h, "timestamp", (json_int_t)ts,
	                      "title", sc->title[0] ? sc->title : sc->path,
	                      "env", "TERM", "xterm-256color", "SHELL", "/bin/sh");
	char *s = h ? json_dumps(h, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	if (s)
		fprintf(f, "%s\n", s);
	free(s);
	json_decref(h);
}

/* Starts the child on a new pseudo-terminal; returns its pid, the master in *master. */
static pid_t start_child(const struct cfg_scenario *sc, int variant,
                         const struct cli_options *opt, struct size sz, sim_time until,
                         int *master)
{
	struct winsize ws = {.ws_row = (unsigned short)sz.h, .ws_col = (unsigned short)sz.w};
	int slave;
	pid_t pid;

	if (openpty(master, &slave, NULL, NULL, &ws) != 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(*master);
		setsid();
		if (dup2(slave, STDIN_FILENO) < 0 || dup2(slave, STDOUT_FILENO) < 0)
			_exit(CLI_EXIT_SOFTWARE);
		close(slave);
		_exit(child_run(sc, variant, opt, sz, until));
	}
	close(slave);
	if (pid < 0)
		close(*master);
	return pid;
}

/* Records into of->f; 0 or an exit code (a message already printed). */
static int record(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                  FILE *f, FILE *err)
{
	int two = variant < 0 && sc->n_variants >= 2;
	struct size sz = two ? (struct size){160, 40} : (struct size){100, 30};
	struct cast c = {.f = f};
	sim_time until = opt->has_until ? opt->until : SIM_TIME_MAX;
	int master, status = 0;
	pid_t pid;

	put_header(f, sc, sz);
	pid = start_child(sc, variant, opt, sz, until, &master);
	if (pid < 0) {
		fprintf(err, "gossipsim: cannot record: no pseudo-terminal: %s\n", strerror(errno));
		return CLI_EXIT_SOFTWARE;
	}
	int rc = read_frames(&c, master);
	if (rc != 0)
		kill(pid, SIGTERM);
	close(master);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	free(c.buf);
	if (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		/* an empty output event holds the last frame on screen a little */
		fprintf(f, "[%.3f, \"o\", \"\"]\n", (double)(c.frame - 1) / FPS + HOLD_S);
		return 0;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == CLI_EXIT_DATA) {
		fprintf(err, "%s: the engine refused to run it; try 'gossipsim run --headless'\n",
		        sc->path);
		return CLI_EXIT_DATA;
	}
	fprintf(err, "gossipsim: the recording of '%s' broke off\n", sc->path);
	return CLI_EXIT_SOFTWARE;
}

int out_cast_write(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                   FILE *err)
{
	struct out_file of;
	int rc = out_file_open(&of, opt->record_path, err);

	if (rc != CLI_EXIT_OK)
		return rc;
	rc = record(sc, variant, opt, of.f, err);
	if (rc != CLI_EXIT_OK) {
		out_file_abort(&of);
		return rc;
	}
	return out_file_commit(&of, err);
}
