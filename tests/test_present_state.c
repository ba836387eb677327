/* SPDX-License-Identifier: MIT */
/*
 * test_present_state.c: the file by which a presenter tells --notes where the talk is, in
 * a folder of the test's own. What is written reads back, with the writer's pid and a
 * fresh beat; a talk whose pid is gone, or whose beat is old, is not alive; a file of the
 * reader's that others may write, a symbolic link and a FIFO are refused (and the FIFO
 * without blocking); a presenter removes the file only while it is its own, and takes
 * over one whose writer is gone but not one whose writer still runs. Then the notes as
 * the follower lays them out (present_notes_wrap()): every note of the shipped deck at
 * every width from 1 to 100 keeps its words in order, no row wider than the screen and
 * none with a word alone that the row before could have kept company; paragraphs parted
 * by a blank line, list items hanging past their marks, Chinese cut between characters.
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

#include "cfg.h"
#include "deck.h"
#include "present_notes.h"
#include "present_state.h"
#include "tui.h"

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

#define ROWS 4096
#define CJK "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2"
static char rows[ROWS][PRESENT_NOTE_ROW];

/* The words of s in order, one space apart, into out. */
static void words(const char *s, char *out, size_t len)
{
	size_t o = 0;

	while (*s && o + 1 < len) {
		s += strspn(s, " \n");
		while (*s && *s != ' ' && *s != '\n' && o + 1 < len)
			out[o++] = *s++;
		if (*s && o + 1 < len)
			out[o++] = ' ';
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/* The number of words of row r, its hanging indent left out. */
static int row_words(const char *r)
{
	int n = 0;

	r += strspn(r, " ");
	while (*r) {
		n++;
		r += strcspn(r, " ");
		r += strspn(r, " ");
	}
	return n;
}

/* The display width of row r's last word. */
static int last_word_w(const char *r)
{
	const char *sp = strrchr(r, ' ');

	return tui_width(sp ? sp + 1 : r);
}

/*
 * The rows of notes at w columns: none wider, the same words in the same order, and no
 * paragraph's last row one word alone where the row before has three or more and could
 * give one that fits.
 */
static void check_notes(const char *notes, int w)
{
	static char want[1 << 16], got[1 << 16], joined[1 << 16];
	int n = present_notes_wrap(notes, w, rows, ROWS), i;
	size_t o = 0;

	assert_true(n <= ROWS);
	for (i = 0; i < n; i++) {
		int hang = (int)strspn(rows[i], " ");

		if (tui_width(rows[i]) > w)
			fail_msg("%d columns: row '%s' is %d wide", w, rows[i], tui_width(rows[i]));
		o += (size_t)snprintf(joined + o, sizeof joined - o, "%s ", rows[i]);
		/* a paragraph's last row (an empty row or an item follows): not one word alone
		   that could have had company */
		if (i > 0 && rows[i][0] && (i + 1 == n || !rows[i + 1][0] ||
		                            strncmp(rows[i + 1], "- ", 2) == 0) &&
		    row_words(rows[i]) == 1 && rows[i - 1][0] && row_words(rows[i - 1]) >= 3 &&
		    last_word_w(rows[i - 1]) + 1 + tui_width(rows[i] + hang) <= w - hang &&
		    strspn(rows[i - 1], " ") == (size_t)hang)
			fail_msg("%d columns: '%s' alone under '%s'", w, rows[i], rows[i - 1]);
	}
	words(notes, want, sizeof want);
	words(joined, got, sizeof got);
	/* pieces of a word cut wider than a row come back apart: compare without spaces */
	if (w < 20) {
		char *p, *q;

		for (p = q = want; *p; p++)
			if (*p != ' ')
				*q++ = *p;
		*q = '\0';
		for (p = q = got; *p; p++)
			if (*p != ' ')
				*q++ = *p;
		*q = '\0';
	}
	if (strcmp(want, got) != 0)
		fail_msg("%d columns: the notes read '%s', not '%s'", w, got, want);
}

/*
 * The follower's notes reflowed: the title slide's, whose lines of 85 columns left
 * "final" alone on a row of 80, read as one paragraph; every note of the shipped deck at
 * every width; paragraphs, list items and text without spaces.
 */
static void test_present_state_notes_reflow(void **state)
{
	static char joined[256];
	struct cfg_errors errs;
	struct deck deck;
	int s, w, n;

	(void)state;
	cfg_errors_init(&errs);
	assert_int_equal(deck_load(TEST_DATADIR "/assets/deck.yaml", &deck, &errs), CFG_OK);
	cfg_errors_fini(&errs);
	assert_non_null(deck.slides[0].notes);
	n = present_notes_wrap(deck.slides[0].notes, 78, rows, ROWS);
	assert_true(n >= 2);
	assert_non_null(strstr(rows[0], "Welcome."));
	assert_non_null(strstr(rows[1], "final diagram: which pain"));
	for (s = 0; s < deck.n_slides; s++)
		for (w = 1; w <= 100 && deck.slides[s].notes; w++)
			check_notes(deck.slides[s].notes, w);
	deck_fini(&deck);

	/* a blank line parts paragraphs; items hang past their marks, one after another */
	n = present_notes_wrap("First line\nsame paragraph.\n\n- one item that is long enough\n"
	                       "- two\n12) three", 20, rows, ROWS);
	assert_int_equal(n, 7);
	/* "paragraph." would be alone: "same" comes down to it */
	assert_string_equal(rows[0], "First line");
	assert_string_equal(rows[1], "same paragraph.");
	assert_string_equal(rows[2], "");
	assert_string_equal(rows[3], "- one item that is");
	assert_string_equal(rows[4], "  long enough");
	assert_string_equal(rows[5], "- two");
	assert_string_equal(rows[6], "12) three");
	/* greedy rows would leave "end" alone: one more word comes down */
	n = present_notes_wrap("aaa bbb ccc ddd end", 15, rows, ROWS);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0], "aaa bbb ccc");
	assert_string_equal(rows[1], "ddd end");
	n = present_notes_wrap("one two three four five six", 23, rows, ROWS);
	assert_int_equal(n, 2);
	assert_string_equal(rows[1], "five six");
	/*
	 * Chinese, no spaces: cut between characters, by the width tui_put() draws them at
	 * (two columns each on a UTF-8 screen; this test has none, and ASCII gives one)
	 */
	n = present_notes_wrap(CJK, 4, rows, ROWS);
	assert_true(n >= 2);
	for (s = 0, joined[0] = '\0'; s < n; s++) {
		assert_true(tui_width(rows[s]) <= 4);
		strcat(joined, rows[s]);
	}
	assert_string_equal(joined, CJK);
	check_notes("\xe6\xbc\xa2\xe5\xad\x97 \xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2 x", 3);
	/* counting only */
	assert_int_equal(present_notes_wrap("a b c", 1, NULL, 0), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_present_state_round_trip),
		cmocka_unit_test(test_present_state_dead_presenter),
		cmocka_unit_test(test_present_state_untrusted),
		cmocka_unit_test(test_present_state_two_presenters),
		cmocka_unit_test(test_present_state_notes_reflow),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
