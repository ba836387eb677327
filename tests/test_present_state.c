/* SPDX-License-Identifier: MIT */
/*
 * test_present_state.c: the file by which a presenter tells --notes where the talk is, in
 * a folder of the test's own. What is written reads back, with the writer's pid and a
 * fresh beat; a talk whose pid is gone, or whose beat is old, is not alive; a file of the
 * reader's that others may write, a symbolic link and a FIFO are refused (and the FIFO
 * without blocking); a presenter removes the file only while it is its own, and takes
 * over one whose writer is gone but not one whose writer still runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "present_state.h"

static char dir[] = "/tmp/gossipsim-test-state-XXXXXX";
static char path[4096];

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	setenv("XDG_RUNTIME_DIR", dir, 1);
	return present_state_path(path, sizeof(path)) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

/* A file as a presenter with pid and beat would have written it, mode 0600. */
static void plant(long pid, long long beat, mode_t mode)
{
	FILE *f;

	unlink(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "deck /d.yaml\nslide 3\nrevealed 1\nstarted 5\npid %ld\nbeat %lld\n", pid,
	        beat);
	fclose(f);
	chmod(path, mode);
}

/* A pid that no process has: a child's, once it has been waited for. */
static long dead_pid(void)
{
	pid_t child = fork();

	if (child == 0)
		_exit(0);
	assert_true(child > 0);
	waitpid(child, NULL, 0);
	return (long)child;
}

static void test_present_state_round_trip(void **state)
{
	struct present_state st = { .slide = 7, .revealed = 1, .started = 42 }, back;
	char why[128];
	struct stat sb;

	(void)state;
	assert_non_null(strstr(path, dir));
	snprintf(st.deck, sizeof(st.deck), "/x/deck.yaml");
	assert_int_equal(present_state_write(path, &st), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(present_state_read(path, &back, why, sizeof(why)), PRESENT_STATE_OK);
	assert_string_equal(back.deck, "/x/deck.yaml");
	assert_int_equal(back.slide, 7);
	assert_int_equal(back.revealed, 1);
	assert_int_equal(back.started, 42);
	assert_int_equal(back.pid, (long)getpid());
	assert_true(present_state_alive(&back, time(NULL)));
	assert_false(present_state_alive(&back, time(NULL) + PRESENT_STATE_STALE + 1));
}

static void test_present_state_dead_presenter(void **state)
{
	struct present_state st;
	char why[128];

	(void)state;
	plant(dead_pid(), (long long)time(NULL), 0600);
	assert_int_equal(present_state_read(path, &st, why, sizeof(why)), PRESENT_STATE_OK);
	assert_false(present_state_alive(&st, time(NULL)));
	/* a file without a pid (an older gossipsim's) is no talk at all */
	unlink(path);
	plant(0, 0, 0600);
	assert_int_equal(present_state_read(path, &st, why, sizeof(why)), PRESENT_STATE_NONE);
}

static void test_present_state_untrusted(void **state)
{
	struct present_state st;
	char why[128];

	(void)state;
	plant((long)getpid(), (long long)time(NULL), 0666);
	assert_int_equal(present_state_read(path, &st, why, sizeof(why)),
	                 PRESENT_STATE_UNTRUSTED);
	assert_string_equal(why, "other users may write it");
	unlink(path);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	assert_int_equal(present_state_read(path, &st, why, sizeof(why)),
	                 PRESENT_STATE_UNTRUSTED);
	assert_string_equal(why, "it is a symbolic link");
	unlink(path);
	/* a FIFO would hold a plain open() until someone writes to it */
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(present_state_read(path, &st, why, sizeof(why)),
	                 PRESENT_STATE_UNTRUSTED);
	assert_string_equal(why, "it is not a plain file");
	unlink(path);
	assert_int_equal(present_state_read(path, &st, why, sizeof(why)), PRESENT_STATE_NONE);
	assert_string_equal(why, "");
}

static void test_present_state_two_presenters(void **state)
{
	struct present_state st = { .deck = "/d.yaml" };

	(void)state;
	/* another presenter that runs (our parent stands for it) keeps its file */
	plant((long)getppid(), (long long)time(NULL), 0600);
	assert_false(present_state_may_write(path, time(NULL)));
	present_state_remove(path);
	assert_int_equal(access(path, F_OK), 0);
	/* one that is gone is taken over */
	plant(dead_pid(), (long long)time(NULL), 0600);
	assert_true(present_state_may_write(path, time(NULL)));
	/* our own file: written again, and removed on the way out */
	assert_int_equal(present_state_write(path, &st), 0);
	assert_true(present_state_may_write(path, time(NULL)));
	present_state_remove(path);
	assert_int_equal(access(path, F_OK), -1);
	assert_true(present_state_may_write(path, time(NULL)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_present_state_round_trip),
		cmocka_unit_test(test_present_state_dead_presenter),
		cmocka_unit_test(test_present_state_untrusted),
		cmocka_unit_test(test_present_state_two_presenters),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
