/* SPDX-License-Identifier: MIT */
/*
 * out_files.c: what the output writers share. The targets of --csv, --plot, --record and
 * --trace are checked before anything runs (not an input of the run: the scenario, its
 * eras, the access logs it replays; not a folder); each file is written into a temporary
 * file beside its target and renamed over it only once whole, so a reader never meets
 * half a file and a failed write leaves the old one in place.
 * out_replay() drives one variant a simulated second at a time for the writers that
 * sample the run over time (CSV and charts). The charts' writer, out_plot.c, lives in the
 * drawing module with cairo, so out_write_all() is handed it rather than calling it.
 */
#include "out_files.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const out_story_metrics[] = {
	"failed", "timeouts", "refused", "logged_out", "oom_kills", "crashes", NULL
};

/* The engine measures CPU everywhere but in the proxies (lbs, gateways). */
int out_node_has_cpu(enum sim_node_kind kind)
{
	return !sim_kind_is_proxy(kind);
}

int out_node_has_ram(enum sim_node_kind kind)
{
	return kind == SIM_NODE_APP;
}

int out_node_has_pool(enum sim_node_kind kind)
{
	return kind == SIM_NODE_DB;
}

int out_csv_to_stdout(const struct cli_options *opt)
{
	return opt && opt->csv_path && strcmp(opt->csv_path, "-") == 0;
}

/* strerror(), lowercased as gossipsim's messages are. */
static const char *reason(int errnum, char *buf, size_t len)
{
	snprintf(buf, len, "%s", strerror(errnum));
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* 1 when path names the same file as other (both must exist). */
static int same_file(const char *path, const char *other)
{
	struct stat a, b;

	if (!other || !other[0] || stat(path, &a) != 0 || stat(other, &b) != 0)
		return 0;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int out_target_ok(const struct cfg_scenario *sc, const char *what, const char *path,
                  FILE *err)
{
	struct stat st;

	if (!path || strcmp(path, "-") == 0)
		return CLI_EXIT_OK;
	int input = same_file(path, sc->path) || same_file(path, sc->era_path);

	for (int v = 0; v < sc->n_variants && !input; v++)
		input = same_file(path, sc->variants[v].era_path);   /* a variant's own era */
	for (int i = 0; cfg_scenario_log(sc, i) && !input; i++)
		input = same_file(path, cfg_scenario_log(sc, i));    /* a replayed access log */
	if (input) {
		fprintf(err, "gossipsim: refusing to write %s over the input file '%s'\n"
		        "try 'gossipsim --help'\n", what, path);
		return CLI_EXIT_USAGE;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(err, "gossipsim: cannot write '%s': it is a folder\n", path);
		return CLI_EXIT_NOINPUT;
	}
	return out_folder_ok(path, err);
}

/*
 * Where path would be written, spelled one way: its folder resolved, then its name, after
 * a symbolic link is followed. "out.csv", "./out.csv" and a link to it give one key, so two
 * options cannot name one file twice. Falls back to path when the folder cannot be resolved
 * (out_folder_ok() has refused such a target before this is asked).
 */
/*
 * Where a dangling symbolic link at path points, into out: its target, read relative to
 * the link's own folder. Returns 0, or -1 when path is not such a link. A link to a file
 * not yet written resolves nowhere, but writing through it makes that file.
 */
static int dangling_target(const char *path, char *out, size_t len)
{
	char to[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode) || stat(path, &st) == 0)
		return -1;
	n = readlink(path, to, sizeof(to) - 1);
	if (n <= 0)
		return -1;
	to[n] = '\0';
	const char *slash = strrchr(path, '/');

	if (to[0] == '/' || slash == NULL)
		n = snprintf(out, len, "%s", to);
	else
		n = snprintf(out, len, "%.*s/%s", (int)(slash - path), path, to);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static void target_key(const char *path, char *key, size_t len)
{
	char real[4096], folder[PATH_MAX], through[PATH_MAX];
	const char *name = real, *dir = ".";
	int in_place;

	snprintf(key, len, "%s", path);
	if (dangling_target(path, through, sizeof(through)) == 0)
		path = through;         /* out_target() writes through it, to its target */
	if (out_target(path, real, sizeof(real), &in_place) != 0)
		return;
	char *slash = strrchr(real, '/');

	if (slash) {
		*slash = '\0';
		name = slash + 1;
		dir = slash == real ? "/" : real;
	}
	if (realpath(dir, folder))
		snprintf(key, len, "%s/%s", folder, name);
}

/* 1 when two output options name one file (standard output is checked by the parser). */
static int same_target(const char *a, const char *b)
{
	char ka[2 * PATH_MAX], kb[2 * PATH_MAX];

	if (!a || !b || strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
		return 0;
	if (strcmp(a, b) == 0)
		return 1;
	target_key(a, ka, sizeof(ka));
	target_key(b, kb, sizeof(kb));
	return strcmp(ka, kb) == 0;
}

int out_check_targets(const struct cfg_scenario *sc, const struct cli_options *opt, FILE *err)
{
	const char *paths[] = {opt->csv_path, opt->plot_path, opt->record_path, opt->trace_path,
	                       opt->json_path};
	const char *names[] = {"--csv", "--plot", "--record", "--trace", "--json"};
	int rc;

	/* --json is checked where the JSON is written: report_run() also serves other callers */
	for (int i = 0; i < 4; i++)
		if ((rc = out_target_ok(sc, names[i], paths[i], err)) != CLI_EXIT_OK)
			return rc;
	/* Two outputs into one file would leave only the last; say so instead. */
	for (int i = 0; i < 5; i++)
		for (int j = i + 1; j < 5; j++)
			if (same_target(paths[i], paths[j])) {
				fprintf(err, "gossipsim: %s and %s both write '%s'\n"
				        "try 'gossipsim --help'\n", names[i], names[j], paths[i]);
				return CLI_EXIT_USAGE;
			}
	return CLI_EXIT_OK;
}

int out_write_all(const struct cfg_scenario *sc, int variant, const struct cli_options *opt,
                  out_plot_fn plot, FILE *out, FILE *err)
{
	int rc = CLI_EXIT_OK, r;

	if (opt->csv_path && (r = out_csv_write(sc, variant, opt, out, err)) > rc)
		rc = r;
	if (opt->plot_path && !plot) {
		fprintf(err, "gossipsim: internal error: no writer for --plot\n");
		rc = CLI_EXIT_SOFTWARE;
	} else if (opt->plot_path && (r = plot(sc, variant, opt, err)) > rc) {
		rc = r;
	}
	if (opt->record_path && (r = out_cast_write(sc, variant, opt, err)) > rc)
		rc = r;
	if (opt->trace_path && (r = out_trace_write(sc, variant, opt, err)) > rc)
		rc = r;
	return rc;
}

/* ---- whole files ------------------------------------------------------------------ */

/* The permissions a new file would get, as the umask wants them. */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

int out_target(const char *path, char *real, size_t len, int *in_place)
{
	char resolved[PATH_MAX];
	struct stat st;
	int n;

	*in_place = 0;
	n = snprintf(real, len, "%s", path);
	if (n < 0 || (size_t)n >= len)
		return -1;
	if (lstat(path, &st) != 0)
		return 0;                       /* a new file */
	if (S_ISLNK(st.st_mode)) {
		if (realpath(path, resolved) == NULL || stat(resolved, &st) != 0) {
			*in_place = 1;          /* a dangling link: write through it */
			return 0;
		}
		n = snprintf(real, len, "%s", resolved);
		if (n < 0 || (size_t)n >= len)
			return -1;
	}
	*in_place = !S_ISREG(st.st_mode);
	return 0;
}

/* The folder of real (a resolved target), into dir: "." for a bare name. */
static void folder_of(const char *real, char *dir, size_t len)
{
	const char *slash = strrchr(real, '/');

	if (slash == real)
		snprintf(dir, len, "/");
	else if (slash)
		snprintf(dir, len, "%.*s", (int)(slash - real), real);
	else
		snprintf(dir, len, ".");
}

/*
 * Makes the temporary file of of->real in its folder, into of->tmp: ".NAME.XXXXXX" there.
 * Returns its descriptor, or -1 with the reason in why, naming the folder: a folder that
 * lets itself be listed but not written (/proc, a read-only mount) fails only here.
 */
static int make_temp(struct out_file *of, char *why, size_t len)
{
	const char *slash = strrchr(of->real, '/');
	int dirlen = slash ? (int)(slash - of->real) + 1 : 0, fd, n;
	char dir[4096], r[128];

	n = snprintf(of->tmp, sizeof(of->tmp), "%.*s.%s.XXXXXX", dirlen, of->real,
	             slash ? slash + 1 : of->real);
	if (n < 0 || (size_t)n >= sizeof(of->tmp)) {
		snprintf(why, len, "cannot write '%s': the path is too long", of->path);
		of->tmp[0] = '\0';
		return -1;
	}
	fd = mkstemp(of->tmp);
	if (fd >= 0)
		return fd;
	folder_of(of->real, dir, sizeof(dir));
	snprintf(why, len, "cannot write '%s': cannot create a file in '%s': %s", of->path,
	         dir, reason(errno, r, sizeof(r)));
	of->tmp[0] = '\0';
	return -1;
}

/*
 * Why an existing target that is not a regular file is refused, or NULL when it is
 * written in place: a FIFO (a pipe, process substitution) takes a stream as it comes,
 * but a device would take it at the end of a run only to fail (/dev/full) or lose it.
 */
static const char *not_a_file(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode) ||
	    S_ISDIR(st.st_mode))
		return NULL;
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		return "it is a device, not a regular file";
	return S_ISSOCK(st.st_mode) ? "it is a socket, not a regular file" :
	                              "it is not a regular file";
}

/* Opens a FIFO or a dangling link's target as it is. */
static int open_in_place(struct out_file *of, char *why, size_t len)
{
	char r[128];

	of->f = fopen(of->real, "wb");
	if (of->f)
		return 0;
	snprintf(why, len, "cannot write '%s': %s", of->path, reason(errno, r, sizeof(r)));
	return -1;
}

/*
 * Whether path can be written: it fits, it is not a device, its folder exists and a file
 * can be made there, and one made there can be renamed over it (the same file system).
 * The last two are tried with a temporary file, removed at once. 0, or -1 with why.
 */
static int target_problem(const char *path, char *why, size_t len)
{
	struct out_file of = {.path = path};
	const char *bad = not_a_file(path);
	struct stat folder, target, tmp;
	char dir[4096], r[128];
	int fd, ok;

	if (out_target(path, of.real, sizeof(of.real), &of.in_place) != 0) {
		snprintf(why, len, "cannot write '%s': the path is too long", path);
		return -1;
	}
	if (bad) {
		snprintf(why, len, "cannot write '%s': %s", path, bad);
		return -1;
	}
	if (of.in_place)
		return 0;
	folder_of(of.real, dir, sizeof(dir));
	ok = stat(dir, &folder) == 0;
	if (ok && !S_ISDIR(folder.st_mode)) {
		errno = ENOTDIR;
		ok = 0;
	}
	if (!ok) {
		snprintf(why, len, "cannot write '%s': %s", path, reason(errno, r, sizeof(r)));
		return -1;
	}
	if ((fd = make_temp(&of, why, len)) < 0)
		return -1;
	ok = fstat(fd, &tmp) == 0 && (stat(of.real, &target) != 0 || target.st_dev == tmp.st_dev);
	close(fd);
	unlink(of.tmp);
	if (!ok)
		snprintf(why, len, "cannot write '%s': it cannot be replaced (it is mounted on its "
		         "own, apart from its folder)", path);
	return ok ? 0 : -1;
}

int out_folder_ok(const char *path, FILE *err)
{
	char why[8400];

	if (target_problem(path, why, sizeof(why)) == 0)
		return CLI_EXIT_OK;
	fprintf(err, "gossipsim: %s\n", why);
	return CLI_EXIT_NOINPUT;
}

/* out_file_open(), the message in why instead. */
static int file_open(struct out_file *of, const char *path, char *why, size_t len)
{
	char r[128];
	int fd;

	of->path = path;
	of->f = NULL;
	of->error = 0;
	of->tmp[0] = '\0';
	if (out_target(path, of->real, sizeof(of->real), &of->in_place) != 0) {
		snprintf(why, len, "cannot write '%s': the path is too long", path);
		return -1;
	}
	if (of->in_place)
		return open_in_place(of, why, len);
	if ((fd = make_temp(of, why, len)) < 0)
		return -1;
	if (fchmod(fd, new_file_mode()) == 0 && (of->f = fdopen(fd, "wb")))
		return 0;
	snprintf(why, len, "cannot write '%s': %s", path, reason(errno, r, sizeof(r)));
	close(fd);
	unlink(of->tmp);
	return -1;
}

int out_file_open(struct out_file *of, const char *path, FILE *err)
{
	char why[8400];

	if (file_open(of, path, why, sizeof(why)) == 0)
		return CLI_EXIT_OK;
	fprintf(err, "gossipsim: %s\n", why);
	return CLI_EXIT_NOINPUT;
}

/*
 * out_file_commit(), the message in why instead. The reason of a write that failed
 * earlier is of->error when the writer kept it; otherwise its bytes are still in the
 * buffer and the flush tries them again, which gives the reason (no space, too large)
 * rather than a bare error flag.
 */
static int file_commit(struct out_file *of, char *why, size_t len)
{
	const char *step = "";
	char r[128];
	int e = 0;

	errno = 0;
	if (fflush(of->f) != 0 || ferror(of->f) || (!of->in_place && fsync(fileno(of->f)) != 0))
		e = of->error ? of->error : errno ? errno : EIO;
	if (fclose(of->f) != 0 && e == 0)
		e = errno;
	of->f = NULL;
	if (e == 0 && !of->in_place && rename(of->tmp, of->real) != 0) {
		e = errno;
		step = "cannot replace it: ";
	}
	if (e == 0)
		return 0;
	if (!of->in_place)
		unlink(of->tmp);
	snprintf(why, len, "cannot write '%s': %s%s", of->path, step, reason(e, r, sizeof(r)));
	return -1;
}

int out_file_commit(struct out_file *of, FILE *err)
{
	char why[8400];

	if (file_commit(of, why, sizeof(why)) == 0)
		return CLI_EXIT_OK;
	fprintf(err, "gossipsim: %s\n", why);
	return CLI_EXIT_NOINPUT;
}

int out_file_put(const char *path, const void *p, size_t n, char *why, size_t len)
{
	struct out_file of;

	if (target_problem(path, why, len) != 0 || file_open(&of, path, why, len) != 0)
		return -1;
	/* a short write leaves the stream in error: the commit says why */
	if (fwrite(p, 1, n, of.f) != n)
		of.error = errno;
	return file_commit(&of, why, len);
}

void out_file_abort(struct out_file *of)
{
	if (of->f)
		fclose(of->f);
	of->f = NULL;
	if (!of->in_place && of->tmp[0])
		unlink(of->tmp);
}

/* ---- a run over time -------------------------------------------------------------- */

int out_replay(const struct cfg_scenario *sc, int v, const struct cli_options *opt,
               out_tick_fn tick, void *ctx, FILE *err)
{
	const struct cfg_variant *var = &sc->variants[v];
	char why[256] = "";
	struct sim *sim = sim_create(&var->cfg, sc->seed, why, sizeof(why));
	struct sim_snapshot *snap = malloc(sizeof(*snap));
	int rc = 0;

	if (!sim || !snap) {
		if (!sim)
			fprintf(err, "%s: variant '%s' cannot run: %s\n", sc->path, var->name,
			        why[0] ? why : "the engine refused it");
		else
			fprintf(err, "gossipsim: out of memory\n");
		sim_destroy(sim);
		free(snap);
		return sim ? CLI_EXIT_SOFTWARE : CLI_EXIT_DATA;
	}
	sim_time end = sim_end(sim);
	if (opt && opt->has_until && opt->until < end)
		end = opt->until;
	for (sim_time t = 0; t < end && rc == 0;) {
		t = t + SIM_SEC < end ? t + SIM_SEC : end;
		sim_run_until(sim, t);
		sim_snapshot(sim, snap);
		rc = tick(ctx, sim, snap);
	}
	free(snap);
	sim_destroy(sim);
	return rc;
}
