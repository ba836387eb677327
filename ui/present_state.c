/* SPDX-License-Identifier: MIT */
/*
 * present_state.c: the presenter's state file for --notes (see present_state.h).
 *
 * A file in /tmp may have been put there by anyone: a symlink to something of ours, a
 * FIFO that blocks the opener, a file of another user's naming a deck of their choosing.
 * So the writer never opens the path itself: it writes a new file (mkstemp: O_EXCL, mode
 * 0600) beside it and renames that over it, which replaces whatever was there (a symlink
 * too, not its target) or fails on another user's file in a sticky folder. The reader
 * opens without following a symlink and without waiting on a FIFO, then checks on the
 * open descriptor (fstat, so nothing can be swapped in between) that it holds a plain
 * file of its own user that neither group nor others may write.
 *
 * Liveness: the file names the writer's pid and when it last wrote. A talk killed with
 * SIGKILL leaves its file behind; a follower sees the pid gone, or a beat older than
 * PRESENT_STATE_STALE seconds when the pid was taken again, and says the talk stopped.
 */
#include "present_state.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *present_state_path(char *buf, size_t len)
{
	const char *dir = getenv("XDG_RUNTIME_DIR");
	int n;

	if (!dir || dir[0] != '/')
		dir = "/tmp";
	n = snprintf(buf, len, "%s/gossipsim-%ld.slide", dir, (long)getuid());
	return n < 0 || (size_t)n >= len ? NULL : buf;
}

int present_state_write(const char *path, struct present_state *st)
{
	char tmp[4200];
	FILE *f;
	int fd, n;

	st->pid = (long)getpid();
	st->beat = (long long)time(NULL);
	n = snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -1;
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	fprintf(f, "deck %s\nslide %d\nrevealed %d\nstarted %lld\npid %ld\nbeat %lld\n",
	        st->deck, st->slide, st->revealed, st->started, st->pid, st->beat);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/*
 * The file at path opened for reading when it may be trusted; NULL otherwise, with why
 * set (left empty when there is simply no file).
 */
static FILE *open_trusted(const char *path, char *why, size_t len)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	const char *bad = NULL;
	FILE *f;

	why[0] = '\0';
	if (fd < 0) {
		if (errno == ELOOP)
			snprintf(why, len, "it is a symbolic link");
		return NULL;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		bad = "it is not a plain file";
	else if (sb.st_uid != getuid())
		bad = "it belongs to another user";
	else if (sb.st_mode & (S_IWGRP | S_IWOTH))
		bad = "other users may write it";
	if (bad) {
		snprintf(why, len, "%s", bad);
		close(fd);
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

/* One "key value" line into st; returns the bit of the keys a file needs, 0 for others. */
static int parse_line(const char *line, struct present_state *st)
{
	if (strncmp(line, "deck ", 5) == 0)
		return snprintf(st->deck, sizeof(st->deck), "%s", line + 5) > 0 ? 1 : 0;
	if (sscanf(line, "slide %d", &st->slide) == 1)
		return 2;
	if (sscanf(line, "pid %ld", &st->pid) == 1)
		return 4;
	if (sscanf(line, "beat %lld", &st->beat) == 1)
		return 8;
	if (sscanf(line, "revealed %d", &st->revealed) != 1)
		sscanf(line, "started %lld", &st->started);
	return 0;
}

enum present_state_read present_state_read(const char *path, struct present_state *st,
                                           char *why, size_t len)
{
	char line[4200];
	FILE *f = open_trusted(path, why, len);
	int got = 0;

	if (!f)
		return why[0] ? PRESENT_STATE_UNTRUSTED : PRESENT_STATE_NONE;
	memset(st, 0, sizeof(*st));
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		got |= parse_line(line, st);
	}
	fclose(f);
	/* a file of an older gossipsim has no pid: its talk cannot be told alive */
	return got == 15 && st->pid > 0 ? PRESENT_STATE_OK : PRESENT_STATE_NONE;
}

int present_state_alive(const struct present_state *st, time_t now)
{
	/* EPERM: the pid runs, as another user: taken again since, the beat will tell */
	if (st->pid <= 0 || (kill((pid_t)st->pid, 0) != 0 && errno != EPERM))
		return 0;
	return (long long)now - st->beat <= PRESENT_STATE_STALE;
}

int present_state_may_write(const char *path, time_t now)
{
	struct present_state st;
	char why[256];

	switch (present_state_read(path, &st, why, sizeof(why))) {
	case PRESENT_STATE_OK:
		return st.pid == (long)getpid() || !present_state_alive(&st, now);
	case PRESENT_STATE_NONE:
		return 1;
	default:
		return 0;               /* rename() could not replace it anyway */
	}
}

void present_state_remove(const char *path)
{
	struct present_state st;
	char why[256];

	if (present_state_read(path, &st, why, sizeof(why)) == PRESENT_STATE_OK &&
	    st.pid == (long)getpid())
		unlink(path);
}
