/* SPDX-License-Identifier: MIT */
/*
 * test_deck.c: the deck loader and its plain-text rendering. The shipped deck must load
 * with every chapter of the talk in order; broken decks must be refused with exact
 * messages, all of them at once, and leave nothing loaded behind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfg.h"
#include "datadir.h"
#include "deck.h"
#include "plain.h"
#include "sim.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Parses text as bad.yaml; on failure checks the deck was left empty. */
static enum cfg_result parse(const char *text, struct deck *deck, struct cfg_errors *errs)
{
	enum cfg_result rc;

	cfg_errors_init(errs);
	rc = deck_parse("bad.yaml", text, strlen(text), deck, errs);
	if (rc != CFG_OK) {
		assert_int_equal(deck->n_slides, 0);
		assert_int_equal(deck->n_chapters, 0);
		assert_null(deck->slides);
		assert_null(deck->chapters);
	}
	return rc;
}

/* Asserts that text is refused with exactly the messages given, in order. */
static void expect_errors(const char *text, const char *const *msgs, int n)
{
	struct cfg_errors errs;
	struct deck deck;

	assert_int_equal(parse(text, &deck, &errs), CFG_EDATA);
	for (int i = 0; i < errs.n && i < n; i++)
		assert_string_equal(errs.msgs[i], msgs[i]);
	assert_int_equal(errs.n, n);
	cfg_errors_fini(&errs);
}

static void load_shipped(struct deck *deck)
{
	struct cfg_errors errs;
	char path[4096];

	setenv("GOSSIPSIM_DATADIR", TEST_DATADIR, 1);
	assert_non_null(deck_data_path(DECK_DEFAULT_PATH, path, sizeof(path)));
	cfg_errors_init(&errs);
	if (deck_load(path, deck, &errs) != CFG_OK) {
		for (int i = 0; i < errs.n; i++)
			fprintf(stderr, "%s\n", errs.msgs[i]);
		fail_msg("the shipped deck does not load");
	}
	cfg_errors_fini(&errs);
}

static void test_deck_shipped_chapters(void **state)
{
	static const int years[] = {
		0, 0, 2004, 2007, 2007, 2007, 2009, 2009, 2011, 2011, 2014, 2014,
		2017, 2017, 2017, 2026, 0
	};
	struct deck deck;

	load_shipped(&deck);
	assert_int_equal(deck.n_chapters, COUNT(years));
	for (int i = 0; i < deck.n_chapters; i++)
		assert_int_equal(deck.chapters[i].year, years[i]);
	assert_string_equal(deck.chapters[0].label, "Title");
	assert_string_equal(deck.chapters[2].label, "2004 \xc2\xb7 Foundation");
	assert_string_equal(deck.chapters[12].label, "2017 \xc2\xb7 847 tickets");
	assert_string_equal(deck.chapters[16].label, "Closing");
	assert_int_equal(deck.slides[0].kind, DECK_TITLE);
	assert_int_equal(deck.slides[deck.n_slides - 1].kind, DECK_CLOSING);
	deck_fini(&deck);
}

/* Chapters cover the slides exactly, in order, and each slide points back to its own. */
static void test_deck_shipped_chapters_cover_slides(void **state)
{
	struct deck deck;
	int next = 0;

	load_shipped(&deck);
	for (int c = 0; c < deck.n_chapters; c++) {
		assert_int_equal(deck.chapters[c].first, next);
		assert_true(deck.chapters[c].n_slides > 0);
		for (int i = 0; i < deck.chapters[c].n_slides; i++)
			assert_int_equal(deck.slides[next + i].chapter, c);
		next += deck.chapters[c].n_slides;
	}
	assert_int_equal(next, deck.n_slides);
	deck_fini(&deck);
}

static void test_deck_shipped_847_night(void **state)
{
	const struct deck_slide *s = NULL;
	struct deck deck;

	load_shipped(&deck);
	for (int i = 0; i < deck.n_slides && !s; i++)
		if (strstr(deck.slides[i].title, "847"))
			s = &deck.slides[i];
	assert_non_null(s);
	assert_int_equal(s->kind, DECK_INCIDENT);
	assert_string_equal(s->file, "scenarios/2017_saga.yaml");
	assert_string_equal(s->path, TEST_DATADIR "/scenarios/2017_saga.yaml");
	assert_string_equal(s->variant, "pain");
	assert_non_null(s->predict);
	assert_non_null(s->answer);
	assert_int_equal(deck.chapters[s->chapter].year, 2017);
	deck_fini(&deck);
}

/*
 * What the 2009 cache's diagram slide says against what its minute of traffic shows: the
 * era's own traffic sends as many posts as feeds, and each post writes to MySQL, so the
 * count on MySQL's arrow is the misses and the writes. The slide said "only misses travel
 * on to MySQL" beside an arrow into MySQL that carried more than Redis's.
 */
static void test_deck_shipped_cache_writes(void **state)
{
	const struct deck_slide *s = NULL;
	struct cfg_scenario sc;
	struct deck deck;
	struct sim *sim;
	char why[512];
	double queries, hit, feeds, posts;
	int i, said = 0;

	(void)state;
	load_shipped(&deck);
	for (i = 0; i < deck.n_slides && !s; i++)
		if (deck.slides[i].kind == DECK_DIAGRAM &&
		    strcmp(deck.slides[i].file, "eras/2009_cache.yaml") == 0)
			s = &deck.slides[i];
	assert_non_null(s);
	assert_int_equal(deck_slide_load(s, &sc, why, sizeof(why)), 0);
	sim = sim_create(&sc.variants[0].cfg, sc.seed, why, sizeof(why));
	assert_non_null(sim);
	sim_run_until(sim, 60 * SIM_SEC);
	assert_int_equal(sim_metric_get(sim, "db_queries", &queries), 0);
	assert_int_equal(sim_metric_get(sim, "cache_hit_ratio", &hit), 0);
	assert_int_equal(sim_metric_get(sim, "feed_requests", &feeds), 0);
	assert_int_equal(sim_metric_get(sim, "post_completed", &posts), 0);
	print_message("a minute of the era: %.0f feeds, %.0f%% hits, %.0f posts, %.0f queries\n",
	              feeds, hit * 100, posts, queries);
	assert_true(posts > 0);
	/* every miss and every write, give or take the requests still in flight */
	assert_true(queries >= feeds * (1 - hit) + posts - 5);
	assert_true(queries > feeds * (1 - hit) + 10);
	/* the line that says what goes past Redis */
	for (i = 0; i < s->n_body; i++)
		if (strstr(s->body[i], "Redis") && strstr(s->body[i], "MySQL")) {
			said = 1;
			if (strstr(s->body[i], "only misses") || !strstr(s->body[i], "write"))
				fail_msg("writes reach MySQL, but the slide says: %s", s->body[i]);
		}
	assert_true(said);
	sim_destroy(sim);
	cfg_scenario_fini(&sc);
	deck_fini(&deck);
}

static void test_deck_minimal(void **state)
{
	const char *text =
		"deck: Tiny\n"
		"slides:\n"
		"  - {chapter: Title, kind: title, title: Hello}\n"
		"  - chapter: 2004 Foundation\n"
		"    kind: comparison\n"
		"    title: Side by side\n"
		"    scenario: scenarios/x.yaml\n"
		"  - {chapter: 2004 Foundation, kind: closing, title: Bye, notes: thanks}\n";
	struct cfg_errors errs;
	struct deck deck;

	assert_int_equal(parse(text, &deck, &errs), CFG_OK);
	assert_int_equal(errs.n, 0);
	assert_string_equal(deck.title, "Tiny");
	assert_null(deck.author);
	assert_int_equal(deck.n_slides, 3);
	assert_int_equal(deck.n_chapters, 2);
	assert_int_equal(deck.chapters[1].year, 2004);
	assert_string_equal(deck.chapters[1].title, "Foundation");
	assert_int_equal(deck.chapters[1].first, 1);
	assert_int_equal(deck.chapters[1].n_slides, 2);
	assert_string_equal(deck.slides[1].pain, "pain");
	assert_string_equal(deck.slides[1].fix, "fix");
	assert_null(deck.slides[1].variant);
	assert_string_equal(deck.slides[2].notes, "thanks");
	assert_int_equal(deck.slides[2].line, 8);
	deck_fini(&deck);
	cfg_errors_fini(&errs);
}

static void test_deck_unknown_keys(void **state)
{
	static const char *const msgs[] = {
		"bad.yaml:2:1: unknown key 'auther' (did you mean 'author'?)",
		"bad.yaml:5:5: unknown key 'tittle' (did you mean 'title'?)",
		"bad.yaml:6:5: unknown key 'colour'",
		"bad.yaml:4:5: slide has no 'title'",
	};

	expect_errors("deck: T\n"
	              "auther: Hope\n"
	              "slides:\n"
	              "  - chapter: Title\n"
	              "    tittle: Hello\n"
	              "    colour: red\n"
	              "    kind: title\n", msgs, COUNT(msgs));
}

static void test_deck_kinds(void **state)
{
	static const char *const msgs[] = {
		"bad.yaml:3:38: unknown slide kind 'bulets' (did you mean 'bullets'?)",
		("bad.yaml:4:38: unknown slide kind 'video'; expected title, bullets, diagram, "
		 "incident, comparison or closing"),
		"bad.yaml:5:47: 'era' is not used by a bullets slide",
		"bad.yaml:5:5: a bullets slide needs 'body'",
		"bad.yaml:6:5: a diagram slide needs 'era'",
		"bad.yaml:7:5: an incident slide needs 'scenario'",
		"bad.yaml:8:5: slide has no 'kind'",
	};

	expect_errors("deck: T\n"
	              "slides:\n"
	              "  - {chapter: Title, title: A, kind: bulets}\n"
	              "  - {chapter: Title, title: B, kind: video}\n"
	              "  - {chapter: Title, title: C, kind: bullets, era: e.yaml}\n"
	              "  - {chapter: Title, title: D, kind: diagram}\n"
	              "  - {chapter: Title, title: E, kind: incident}\n"
	              "  - {chapter: Title, title: F}\n", msgs, COUNT(msgs));
}

static void test_deck_wrong_shapes(void **state)
{
	static const char *const msgs[] = {
		"bad.yaml:1:7: 'deck' must be a string",
		"bad.yaml:3:5: a slide must be a mapping of keys (chapter, kind, title...)",
		"bad.yaml:4:53: 'body' must be a list of lines",
		"bad.yaml:5:57: a body line must be a string",
		"bad.yaml:6:42: 'title' must not be empty",
		"bad.yaml:7:15: 'chapter' must be a string",
		"bad.yaml:8:38: 'answer' needs a 'predict' question to answer",
		"bad.yaml:9:15: chapter '2009' needs a title after the year",
	};

	expect_errors("deck: [T]\n"
	              "slides:\n"
	              "  - just text\n"
	              "  - {chapter: Title, title: A, kind: bullets, body: text}\n"
	              "  - {chapter: Title, title: A, kind: bullets, body: [a, [b]]}\n"
	              "  - {chapter: Title, kind: title, title: ''}\n"
	              "  - {chapter: {year: 2004}, kind: title, title: A}\n"
	              "  - {chapter: Title, kind: incident, answer: no, scenario: s.yaml,"
	              " title: A}\n"
	              "  - {chapter: 2009, kind: title, title: A}\n", msgs, COUNT(msgs));
}

/*
 * meter: names the meters a live slide shows first, one or a list; a name that is no
 * meter's is refused with the closest one, or with the list of them, and a slide that
 * runs nothing has no meters to name.
 */
static void test_deck_meters(void **state)
{
	static const char *const msgs[] = {
		"bad.yaml:4:64: unknown meter 'p90' (did you mean 'p99'?)",
		("bad.yaml:6:14: unknown meter 'temperature'; the meters are cpu, ram, db_pool, "
		 "hit_ratio, p99, errors, queue, p50"),
		"bad.yaml:7:64: 'meter' must be a meter's name or a list of them",
		"bad.yaml:8:44: 'meter' is not used by a bullets slide",
	};
	struct cfg_errors errs;
	struct deck deck;

	(void)state;
	assert_int_equal(parse("deck: T\n"
	                       "slides:\n"
	                       "  - {chapter: A, kind: incident, title: B, scenario: s.yaml,"
	                       " meter: p99}\n"
	                       "  - {chapter: A, kind: comparison, title: C, scenario: s.yaml,"
	                       " meter: [hit_ratio, p50]}\n", &deck, &errs), CFG_OK);
	assert_int_equal(deck.slides[0].n_meters, 1);
	assert_string_equal(deck.slides[0].meters[0], "p99");
	assert_int_equal(deck.slides[1].n_meters, 2);
	assert_string_equal(deck.slides[1].meters[1], "p50");
	deck_fini(&deck);
	cfg_errors_fini(&errs);

	expect_errors("deck: T\n"
	              "slides:\n"
	              "  - {chapter: A, kind: title, title: Z}\n"
	              "  - {chapter: A, kind: incident, title: B, scenario: s, meter: p90}\n"
	              "  - {chapter: A, kind: comparison, title: C, scenario: s,\n"
	              "     meter: [temperature]}\n"
	              "  - {chapter: A, kind: incident, title: D, scenario: s, meter: {a: b}}\n"
	              "  - {chapter: A, kind: bullets, body: [x], meter: cpu, title: E}\n",
	              msgs, COUNT(msgs));
}

static void test_deck_chapter_split(void **state)
{
	static const char *const msgs[] = {
		("bad.yaml:5:15: chapter '2004 Foundation' already ended at line 4; keep a "
		 "chapter's slides together"),
	};

	expect_errors("deck: T\n"
	              "slides:\n"
	              "  - {chapter: 2004 Foundation, kind: title, title: A}\n"
	              "  - {chapter: 2007 Outage, kind: title, title: B}\n"
	              "  - {chapter: 2004 Foundation, kind: title, title: C}\n",
	              msgs, COUNT(msgs));
}

static void test_deck_top_level(void **state)
{
	static const char *const m1[] = {
		"bad.yaml:1:1: unknown key 'slide' (did you mean 'slides'?)",
		"bad.yaml:1:1: the deck file has no 'deck'",
		"bad.yaml:1:1: the deck file has no 'slides'",
	};
	static const char *const m2[] = {
		"bad.yaml:2:9: 'slides' must be a list of at least one slide",
	};
	static const char *const m3[] = {
		"bad.yaml:1:1: a deck must be a mapping with 'deck' and 'slides'",
	};

	expect_errors("slide: []\n", m1, COUNT(m1));
	expect_errors("deck: T\nslides: []\n", m2, COUNT(m2));
	expect_errors("- a\n- b\n", m3, COUNT(m3));
}

/* Refusals of the YAML layer come through unchanged, and the deck stays empty. */
static void test_deck_yaml_refusals(void **state)
{
	static const char *const msgs[] = {
		"bad.yaml:2:1: duplicate key 'deck' (first at line 1)",
	};

	expect_errors("deck: T\ndeck: U\nslides: [{chapter: A, kind: title, title: B}]\n",
	              msgs, COUNT(msgs));
}

static void test_deck_missing_file(void **state)
{
	struct cfg_errors errs;
	struct deck deck;

	cfg_errors_init(&errs);
	assert_int_equal(deck_load("/nonexistent/deck.yaml", &deck, &errs), CFG_EOPEN);
	assert_true(errs.n > 0);
	assert_int_equal(deck.n_slides, 0);
	cfg_errors_fini(&errs);
}

/* A slide whose scenario does not exist loads, and says why it cannot run. */
static void test_deck_missing_scenario(void **state)
{
	const char *text =
		"deck: T\n"
		"slides:\n"
		"  - {chapter: A, kind: incident, title: B, scenario: scenarios/nope.yaml}\n"
		"  - {chapter: A, kind: diagram, title: C, era: /nonexistent/era.yaml}\n";
	struct cfg_scenario sc;
	struct cfg_errors errs;
	struct deck deck;
	char why[256];

	setenv("GOSSIPSIM_DATADIR", "/nonexistent", 1);
	assert_int_equal(parse(text, &deck, &errs), CFG_OK);
	assert_string_equal(deck.slides[0].path, "/nonexistent/scenarios/nope.yaml");
	assert_string_equal(deck.slides[1].path, "/nonexistent/era.yaml");
	assert_false(deck_slide_available(&deck.slides[0]));
	assert_int_equal(deck_slide_load(&deck.slides[0], &sc, why, sizeof(why)), -1);
	assert_string_equal(why, "scenario not available: scenarios/nope.yaml cannot be read");
	assert_int_equal(deck_slide_load(&deck.slides[1], &sc, why, sizeof(why)), -1);
	assert_string_equal(why, "era not available: /nonexistent/era.yaml cannot be read");
	deck_fini(&deck);
	cfg_errors_fini(&errs);
}

static void test_deck_datadir(void **state)
{
	char buf[64];

	setenv("GOSSIPSIM_DATADIR", "/data", 1);
	assert_string_equal(deck_data_path("eras/a.yaml", buf, sizeof(buf)), "/data/eras/a.yaml");
	assert_string_equal(deck_data_path("/abs/b.yaml", buf, sizeof(buf)), "/abs/b.yaml");
	assert_null(deck_data_path("eras/a.yaml", buf, 8));
	unsetenv("GOSSIPSIM_DATADIR");
	assert_string_equal(deck_data_path("assets/deck.yaml", buf, sizeof(buf)),
	                    TEST_DATADIR "/assets/deck.yaml");
}

/* The plain rendering of a small deck, byte for byte. */
static void test_deck_plain_output(void **state)
{
	const char *text =
		"deck: Tiny talk\n"
		"author: Hope\n"
		"slides:\n"
		"  - {chapter: Title, kind: title, title: Hello, body: [sub, '', by me]}\n"
		"  - chapter: 2017 847 tickets\n"
		"    kind: incident\n"
		"    title: The night\n"
		"    scenario: scenarios/nope.yaml\n"
		"    variant: pain\n"
		"    predict: What happens?\n"
		"    answer: Tickets.\n"
		"    notes: |\n"
		"      first\n"
		"      second\n";
	const char *want =
		"Tiny talk\n"
		"by Hope\n"
		"2 slides in 2 chapters\n"
		"\n"
		"Slide 1/2 \xe2\x80\x94 Title\n"
		"Hello\n"
		"=====\n"
		"  sub\n"
		"\n"
		"  by me\n"
		"\n"
		"Slide 2/2 \xe2\x80\x94 2017 \xc2\xb7 847 tickets\n"
		"The night\n"
		"---------\n"
		"  Predict: What happens?\n"
		"  Answer: Tickets.\n"
		"  Live incident: scenarios/nope.yaml, variant pain\n"
		"  (scenario not available: scenarios/nope.yaml cannot be read)\n"
		"  Nothing to run: the talk shows this slide's text only.\n"
		"  Notes:\n"
		"    first\n"
		"    second\n";
	struct cfg_errors errs;
	struct deck deck;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	setenv("GOSSIPSIM_DATADIR", "/nonexistent", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_int_equal(parse(text, &deck, &errs), CFG_OK);
	out = open_memstream(&buf, &len);
	assert_non_null(out);
	assert_int_equal(deck_plain_print(&deck, 1, out), 0);
	fclose(out);
	assert_string_equal(buf, want);
	free(buf);

	/* a locale that is not UTF-8 gets the same text in ASCII: the dash, the middle dot */
	setenv("LC_ALL", "C", 1);
	buf = NULL;
	out = open_memstream(&buf, &len);
	assert_non_null(out);
	assert_int_equal(deck_plain_print(&deck, 1, out), 0);
	fclose(out);
	assert_non_null(strstr(buf, "\nSlide 1/2 - Title\n"));
	assert_non_null(strstr(buf, "\nSlide 2/2 - 2017 | 847 tickets\n"));
	for (const char *c = buf; *c; c++)
		assert_true((unsigned char)*c < 0x80);
	free(buf);
	unsetenv("LC_ALL");
	deck_fini(&deck);
	cfg_errors_fini(&errs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deck_shipped_chapters),
		cmocka_unit_test(test_deck_shipped_chapters_cover_slides),
		cmocka_unit_test(test_deck_shipped_847_night),
		cmocka_unit_test(test_deck_shipped_cache_writes),
		cmocka_unit_test(test_deck_minimal),
		cmocka_unit_test(test_deck_unknown_keys),
		cmocka_unit_test(test_deck_kinds),
		cmocka_unit_test(test_deck_wrong_shapes),
		cmocka_unit_test(test_deck_meters),
		cmocka_unit_test(test_deck_chapter_split),
		cmocka_unit_test(test_deck_top_level),
		cmocka_unit_test(test_deck_yaml_refusals),
		cmocka_unit_test(test_deck_missing_file),
		cmocka_unit_test(test_deck_missing_scenario),
		cmocka_unit_test(test_deck_datadir),
		cmocka_unit_test(test_deck_plain_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
