/* SPDX-License-Identifier: MIT */
/*
 * present_state.h: the small file by which a presenter (`gossipsim`) tells the speaker
 * notes (`gossipsim --notes`, another process on the same machine) where the talk is:
 * the deck, the slide, whether its answer is shown, when the talk began, and who writes
 * it and when it last did, so a follower can tell a running talk from a dead one.
 *
 * The file lives in $XDG_RUNTIME_DIR, else in /tmp, which anyone can write to: it is
 * created afresh (O_EXCL, mode 0600) and renamed into place, read only when it is a plain
 * file of the reader's own that nobody else may write, and removed only by the presenter
 * that wrote it.
 */
#ifndef UI_PRESENT_STATE_H
#define UI_PRESENT_STATE_H

#include <stddef.h>
#include <time.h>

#define PRESENT_STATE_BEAT 2            /* seconds between a presenter's signs of life */
#define PRESENT_STATE_STALE 10          /* seconds without one after which a talk is over */

struct present_state {
	char deck[4096];                /* the deck's path, as the presenter opened it */
	int slide;                      /* from 0 */
	int revealed;                   /* the slide's answer is shown */
	long long started;              /* wall clock of the talk's start */
	long pid;                       /* the presenter's */
	long long beat;                 /* wall clock of its last write */
};

enum present_state_read {
	PRESENT_STATE_OK,
	PRESENT_STATE_NONE,             /* no file, or not one a presenter wrote */
	PRESENT_STATE_UNTRUSTED         /* there, but another user's or writable by others */
};

/*
 * $XDG_RUNTIME_DIR/gossipsim-<uid>.slide, or /tmp/gossipsim-<uid>.slide when that is
 * unset or not an absolute path. Returns buf, or NULL when the path does not fit.
 */
char *present_state_path(char *buf, size_t len);

/*
 * Replaces the file at path whole with st, its pid and beat set to this process and now.
 * Returns 0, or -1 (nothing changed) when it cannot: the notes are a convenience, never a
 * reason to stop a talk.
 */
int present_state_write(const char *path, struct present_state *st);

/*
 * Reads the file at path into st; on PRESENT_STATE_UNTRUSTED, why says why in words ("it
 * belongs to another user").
 */
enum present_state_read present_state_read(const char *path, struct present_state *st,
                                           char *why, size_t len);

/* Whether the presenter that wrote st still runs and wrote within PRESENT_STATE_STALE. */
int present_state_alive(const struct present_state *st, time_t now);

/*
 * Whether this process wrote the file at path last, or may take it over: it is missing,
 * or its writer is gone (present_state_alive()). A presenter's heartbeat writes only
 * then, so that two presenters do not take turns under the follower.
 */
int present_state_may_write(const char *path, time_t now);

/* Removes the file at path if this process wrote it last; another presenter's stays. */
void present_state_remove(const char *path);

#endif
