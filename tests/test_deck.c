/* SPDX-License-Identifier: MIT */
/*
 * test_deck.c: the deck loader and its plain-text rendering. The shipped deck must load
 * with every chapter of the talk in order; broken decks must be refused with exact
 * messages, all of them at once, and leave nothing loaded behind. A live slide's from:
 * and speed: are read as written or refused where they were; a from: outside the run is
 * said as the slide says it. Every live slide of the shipped deck opens where its story is
 * worth watching, its log showing a line or getting one within half a minute at its
 * speed, a prediction asked before anything goes wrong, its notes naming its speed; the
 * CDN slide opens once its edge has filled. The diagrams of the 2004 box and of its 2007
 * upgrade draw every box healthy at ordinary traffic, the upgrade with more headroom.
 */
#include <stdarg.h>
#include <stddef.h>
#include <ctype.h>
#include <math.h>
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
#include "tui_live.h"

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

/*
 * No text of the shipped deck swallowed a slide's key: a notes block indented one level
 * too far once read "... on the right.    body:" and the slide lost its body. A line of
 * notes or of a body that ends in a slide key and a colon is that slip.
 */
static void test_deck_shipped_no_key_in_text(void **state)
{
	static const char *const keys[] = {
		"kind:", "title:", "body:", "notes:", "era:", "scenario:", "variant:", "pain:",
		"fix:", "predict:", "answer:", "meter:", "from:", "speed:", "chapter:"
	};
	struct deck deck;
	char text[64];

	(void)state;
	load_shipped(&deck);
	for (int i = 0; i < deck.n_slides; i++) {
		const struct deck_slide *s = &deck.slides[i];

		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
			snprintf(text, sizeof text, " %s\n", keys[k]);
			if (s->notes && (strstr(s->notes, text) ||
			                 strncmp(s->notes, text + 1, strlen(text + 1)) == 0))
				fail_msg("slide %d: its notes hold '%s'", i + 1, keys[k]);
			for (int b = 0; b < s->n_body; b++) {
				const char *line = s->body[b];
				size_t n = strlen(line), kn = strlen(keys[k]);

				if (n >= kn && strcmp(line + n - kn, keys[k]) == 0)
					fail_msg("slide %d: its body line '%s' ends in a key", i + 1, line);
			}
		}
	}
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

/* The deck as --plain prints it (with its notes if notes), in a string to free. */
static char *plain_text(const struct deck *deck, int notes)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(deck_plain_print(deck, notes, out), 0);
	fclose(out);
	assert_non_null(buf);
	return buf;
}

/* The plain rendering of a small deck, byte for byte, where its live slide opens too. */
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
		"    from: \"00:59:00\"\n"
		"    speed: 20\n"
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
		"  Opens at 00:59:00, at 20 simulated seconds a second\n"
		"  (scenario not available: scenarios/nope.yaml cannot be read)\n"
		"  Nothing to run: the talk shows this slide's text only.\n"
		"  Notes:\n"
		"    first\n"
		"    second\n";
	struct cfg_errors errs;
	struct deck deck;
	char *buf;

	setenv("GOSSIPSIM_DATADIR", "/nonexistent", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_int_equal(parse(text, &deck, &errs), CFG_OK);
	buf = plain_text(&deck, 1);
	assert_string_equal(buf, want);
	free(buf);

	/* a locale that is not UTF-8 gets the same text in ASCII: the dash, the middle dot */
	setenv("LC_ALL", "C", 1);
	buf = plain_text(&deck, 1);
	assert_non_null(strstr(buf, "\nSlide 1/2 - Title\n"));
	assert_non_null(strstr(buf, "\nSlide 2/2 - 2017 | 847 tickets\n"));
	for (const char *c = buf; *c; c++)
		assert_true((unsigned char)*c < 0x80);
	free(buf);
	unsetenv("LC_ALL");
	deck_fini(&deck);
	cfg_errors_fini(&errs);

	/* one slide of one chapter is counted in the singular */
	assert_int_equal(parse("deck: T\nslides:\n  - {chapter: A, kind: title, title: B}\n",
	                       &deck, &errs), CFG_OK);
	buf = plain_text(&deck, 0);
	assert_non_null(strstr(buf, "\n1 slide in 1 chapter\n"));
	free(buf);
	deck_fini(&deck);
	cfg_errors_fini(&errs);
}

/*
 * from: and speed: say where a live slide opens its run and how fast it plays: a time of
 * day on the scenario's clock or a duration from its start, and simulated seconds a wall
 * second within what the live view's keys reach. Anything else is refused where it was
 * written, and a slide that runs nothing takes neither.
 */
static void test_deck_from_and_speed(void **state)
{
	static const char *const msgs[] = {
		("bad.yaml:4:63: 'from' must be a time of day on the scenario's clock, such as "
		 "\"00:59:00\", or a duration from its start, such as 59m; got '25:00'"),
		("bad.yaml:5:63: 'from' must be a time of day on the scenario's clock, such as "
		 "\"00:59:00\", or a duration from its start, such as 59m; got 'soon'"),
		("bad.yaml:6:66: 'speed' must be a number from 0.1 to 1000, simulated seconds a "
		 "second, such as 20; got 'fast'"),
		("bad.yaml:7:66: 'speed' must be a number from 0.1 to 1000, simulated seconds a "
		 "second, such as 20; got '0'"),
		("bad.yaml:8:66: 'speed' must be a number from 0.1 to 1000, simulated seconds a "
		 "second, such as 20; got '5000'"),
		("bad.yaml:9:66: 'speed' must be a number from 0.1 to 1000, simulated seconds a "
		 "second, such as 20"),
		"bad.yaml:10:44: 'from' is not used by a bullets slide",
		"bad.yaml:10:54: 'speed' is not used by a bullets slide",
	};
	struct cfg_errors errs;
	struct deck deck;

	(void)state;
	assert_int_equal(parse("deck: T\n"
	                       "slides:\n"
	                       "  - {chapter: A, kind: incident, title: B, scenario: s.yaml,\n"
	                       "     from: \"00:59:00\", speed: 20}\n"
	                       "  - {chapter: A, kind: comparison, title: C, scenario: s.yaml,"
	                       " from: 55m}\n"
	                       "  - {chapter: A, kind: comparison, title: D, scenario: s.yaml,"
	                       " speed: 0.5}\n", &deck, &errs), CFG_OK);
	assert_string_equal(deck.slides[0].from, "00:59:00");
	assert_true(deck.slides[0].from_is_clock);
	assert_int_equal(deck.slides[0].from_at, 3540 * SIM_SEC);
	assert_true(deck.slides[0].speed == 20);
	assert_string_equal(deck.slides[1].from, "55m");
	assert_false(deck.slides[1].from_is_clock);
	assert_int_equal(deck.slides[1].from_at, 3300 * SIM_SEC);
	assert_true(deck.slides[1].speed == 0);
	assert_null(deck.slides[2].from);
	assert_true(deck.slides[2].speed == 0.5);
	deck_fini(&deck);
	cfg_errors_fini(&errs);

	expect_errors("deck: T\n"
	              "slides:\n"
	              "  - {chapter: A, kind: title, title: Z}\n"
	              "  - {chapter: A, kind: incident, title: B, scenario: s, from: \"25:00\"}\n"
	              "  - {chapter: A, kind: incident, title: C, scenario: s, from: soon}\n"
	              "  - {chapter: A, kind: comparison, title: D, scenario: s, speed: fast}\n"
	              "  - {chapter: A, kind: comparison, title: E, scenario: s, speed: 0}\n"
	              "  - {chapter: A, kind: comparison, title: F, scenario: s, speed: 5000}\n"
	              "  - {chapter: A, kind: comparison, title: G, scenario: s, speed: [20]}\n"
	              "  - {chapter: A, kind: bullets, body: [x], from: 1h, speed: 5, title: H}\n",
	              msgs, COUNT(msgs));
}

/* Parses text, whose slides name shipped scenarios, as a deck in the source tree. */
static void parse_shipped(const char *text, struct deck *deck)
{
	struct cfg_errors errs;

	setenv("GOSSIPSIM_DATADIR", TEST_DATADIR, 1);
	assert_int_equal(parse(text, deck, &errs), CFG_OK);
	cfg_errors_fini(&errs);
}

/* Loads the scenario of slide i of deck into sc. */
static void load_slide(const struct deck *deck, int i, struct cfg_scenario *sc)
{
	char why[512];

	if (deck_slide_load(&deck->slides[i], sc, why, sizeof(why)) < 0)
		fail_msg("slide %d: %s", i + 1, why);
}

/*
 * Where a slide's from: falls in its scenario's run: a time of day counts from the
 * scenario's clock start (02:43:40 is 220 s into a night that starts at 02:40:00), a
 * duration from the run's start; a moment the run does not reach, before its start, at
 * its end or past it, is said as the slide says it, and the check of the slide says so.
 */
static void test_deck_opening(void **state)
{
	static const struct {
		const char *from;
		long long at;                   /* seconds into the run, -1: outside it */
	} cases[] = {
		{ "01:00:00", 3600 }, { "2h", 7200 }, { "0", 0 }, { "02:59:59", 10799 },
		{ "03:00:00", -1 }, { "3h", -1 }, { "05:00:00", -1 }, { "23:59:00", -1 },
	};
	const struct deck_slide *s;
	char text[512], why[512];
	struct cfg_scenario sc;
	struct deck deck;
	sim_time t;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "deck: T\nslides:\n"
		         "  - {chapter: A, kind: comparison, title: B,"
		         " scenario: scenarios/2017_saga.yaml, from: \"%s\"}\n", cases[i].from);
		parse_shipped(text, &deck);
		load_slide(&deck, 0, &sc);
		s = &deck.slides[0];
		if (cases[i].at >= 0) {
			assert_int_equal(deck_slide_opening(s, &sc, 1, &t, why, sizeof(why)), 0);
			assert_int_equal(t, cases[i].at * SIM_SEC);
			assert_int_equal(deck_slide_check(s, &sc, why, sizeof(why)), 0);
		} else {
			snprintf(text, sizeof(text), "scenario not available: from '%s' lies "
			         "outside scenarios/2017_saga.yaml, which runs from 00:00:00 to "
			         "03:00:00", cases[i].from);
			assert_int_equal(deck_slide_opening(s, &sc, 0, &t, why, sizeof(why)), -1);
			assert_string_equal(why, text);
			assert_int_equal(deck_slide_check(s, &sc, why, sizeof(why)), -1);
			assert_string_equal(why, text);
		}
		cfg_scenario_fini(&sc);
		deck_fini(&deck);
	}

	parse_shipped("deck: T\nslides:\n"
	              "  - {chapter: A, kind: incident, title: B,"
	              " scenario: scenarios/2007_oom.yaml, from: \"02:43:40\"}\n"
	              "  - {chapter: A, kind: incident, title: C,"
	              " scenario: scenarios/2007_oom.yaml, from: \"02:39:00\"}\n", &deck);
	load_slide(&deck, 0, &sc);
	assert_int_equal(deck_slide_opening(&deck.slides[0], &sc, 0, &t, why, sizeof(why)), 0);
	assert_int_equal(t, 220 * SIM_SEC);
	assert_int_equal(deck_slide_opening(&deck.slides[1], &sc, 0, &t, why, sizeof(why)), -1);
	assert_string_equal(why, "scenario not available: from '02:39:00' lies outside "
	                    "scenarios/2007_oom.yaml, which runs from 02:40:00 to 02:52:00");
	cfg_scenario_fini(&sc);
	deck_fini(&deck);
}

#define FIRST_LINE_WALL 30              /* wall seconds a live slide may show no new line */

/* The variants a live slide shows, into v; returns how many. */
static int slide_variants(const struct deck_slide *s, const struct cfg_scenario *sc, int *v)
{
	v[0] = deck_slide_variant(sc, s->kind == DECK_INCIDENT ? s->variant : s->pain);
	v[1] = s->kind == DECK_COMPARISON ? deck_slide_variant(sc, s->fix) : -1;
	assert_true(v[0] >= 0);
	return v[1] >= 0 ? 2 : 1;
}

/*
 * Variant v of a live slide from where the slide opens it (t) at its speed: a prediction
 * holds the run before anything goes wrong (no warning, error or fatal line yet), and
 * the log is never left empty for long: it shows lines already, or its first one comes
 * within FIRST_LINE_WALL wall seconds, unless the variant's whole run writes none (the
 * relaxed $5 VPS). Returns the wall seconds to the first line, 0 when lines show at once.
 */
static double opening_wait(const struct deck_slide *s, const struct cfg_scenario *sc, int v,
                           sim_time t, double speed)
{
	const struct sim_config *cfg = &sc->variants[v].cfg;
	sim_time limit = t + (sim_time)(FIRST_LINE_WALL * speed) * SIM_SEC;
	struct sim *sim;
	char err[256];
	double wait = 0;

	sim = sim_create(cfg, sc->seed, err, sizeof(err));
	assert_non_null(sim);
	sim_run_until(sim, t);
	for (size_t i = 0; s->predict && i < sim_log_count(sim); i++)
		if (sim_log_get(sim, i)->level >= SIM_WARNING)
			fail_msg("%s: the prediction holds the run after '%s'", s->title,
			         sim_log_get(sim, i)->message);
	if (sim_log_count(sim) == 0) {
		sim_run_until(sim, limit < cfg->duration ? limit : cfg->duration);
		if (sim_log_count(sim) == 0)
			sim_run_until(sim, cfg->duration);
		else
			wait = (double)(sim_log_get(sim, 0)->time - t) / SIM_SEC / speed;
		if (sim_log_count(sim) > 0 && wait == 0)
			fail_msg("%s, %s: its log stays empty for more than %d s at x%g", s->title,
			         sc->variants[v].name, FIRST_LINE_WALL, speed);
	}
	sim_destroy(sim);
	return wait;
}

/* Where notes name a speed other than speed ("x5", "at 1x"), or NULL. */
static const char *other_speed(const char *notes, double speed)
{
	for (const char *n = notes; n && *n; n++) {
		char *end;
		double v;

		if (n > notes && isalnum((unsigned char)n[-1]))
			continue;
		if (n[0] == 'x' && isdigit((unsigned char)n[1]))
			v = strtod(n + 1, &end);
		else if (isdigit((unsigned char)n[0]) && (v = strtod(n, &end), *end == 'x') &&
		         !isalnum((unsigned char)end[1]))
			end++;
		else
			continue;
		if (v != speed)
			return n;
	}
	return NULL;
}

/*
 * Every live slide of the talk opens where its story is worth watching, at a pace that
 * tells it: entering it, the log already shows what happened or its first line comes
 * within half a minute at the slide's speed (the 847-ticket night, whose post service
 * crashes an hour in, left six minutes of an empty log at x10), and a prediction is
 * asked before anything goes wrong. Notes that name a speed ("at x5") name the slide's.
 */
static void test_deck_shipped_openings(void **state)
{
	struct cfg_scenario sc;
	struct deck deck;
	const char *said;
	char why[512];
	int v[2], live = 0;

	(void)state;
	load_shipped(&deck);
	for (int i = 0; i < deck.n_slides; i++) {
		const struct deck_slide *s = &deck.slides[i];
		double speed = s->speed > 0 ? s->speed : TUI_LIVE_SPEED_DEFAULT, wait = 0;
		sim_time t;

		if (s->kind != DECK_INCIDENT && s->kind != DECK_COMPARISON)
			continue;
		live++;
		load_slide(&deck, i, &sc);
		if (deck_slide_check(s, &sc, why, sizeof(why)) < 0)
			fail_msg("slide %d: %s", i + 1, why);
		for (int k = 0; k < slide_variants(s, &sc, v); k++) {
			if (deck_slide_opening(s, &sc, v[k], &t, why, sizeof(why)) < 0)
				fail_msg("slide %d: %s", i + 1, why);
			wait = fmax(wait, opening_wait(s, &sc, v[k], t, speed));
		}
		print_message("slide %d, %s: opens %.0f s in at x%g, a new line after %.1f s\n",
		              i + 1, s->title, (double)t / SIM_SEC, speed, wait);
		if ((said = other_speed(s->notes, speed)))
			fail_msg("slide %d: the notes say '%.4s', the slide plays at x%g", i + 1,
			         said, speed);
		cfg_scenario_fini(&sc);
	}
	assert_true(live >= 10);
	deck_fini(&deck);
}

/* The shipped slide that runs scenario file, or fails. */
static const struct deck_slide *live_slide(const struct deck *deck, const char *file)
{
	for (int i = 0; i < deck->n_slides; i++)
		if (deck->slides[i].file && strcmp(deck->slides[i].file, file) == 0 &&
		    deck->slides[i].kind == DECK_COMPARISON)
			return &deck->slides[i];
	fail_msg("no comparison slide runs %s", file);
	return NULL;
}

/* The value of metric name in a run of variant v of sc to t. */
static double metric_at(const struct cfg_scenario *sc, int v, sim_time t, const char *name)
{
	struct sim *sim;
	char err[256];
	double value;

	sim = sim_create(&sc->variants[v].cfg, sc->seed, err, sizeof(err));
	assert_non_null(sim);
	sim_run_until(sim, t);
	assert_int_equal(sim_metric_get(sim, name, &value), 0);
	sim_destroy(sim);
	return value;
}

/*
 * The CDN slide tells the talk's story from its first frame: Tokyo's photos at 5.8 s at
 * the median from the origin, 82 ms from the edge. The fix's edge starts empty and for
 * its first minute and a half looked no better than the pain (5.9 s against 5.8 s, and a
 * warning that said so); the slide opens once it has filled.
 */
static void test_deck_shipped_cdn_opens_warm(void **state)
{
	const struct deck_slide *s;
	struct cfg_scenario sc;
	struct deck deck;
	char why[512];
	sim_time t;
	double pain, fix;

	(void)state;
	load_shipped(&deck);
	s = live_slide(&deck, "scenarios/2009_cdn.yaml");
	assert_int_equal(deck_slide_load(s, &sc, why, sizeof(why)), 0);
	assert_int_equal(deck_slide_opening(s, &sc, deck_slide_variant(&sc, s->fix), &t, why,
	                                    sizeof(why)), 0);
	pain = metric_at(&sc, deck_slide_variant(&sc, s->pain), t, "image_p50_ms_tokyo");
	fix = metric_at(&sc, deck_slide_variant(&sc, s->fix), t, "image_p50_ms_tokyo");
	print_message("at %.0f s: Tokyo's photos %.0f ms from the origin, %.0f ms from the edge\n",
	              (double)t / SIM_SEC, pain, fix);
	assert_true(pain >= 5000 && pain <= 7000);
	assert_true(fix < 100);
	/* and the edge, cold for its first minutes, had not yet been worth showing at 60 s */
	assert_true(metric_at(&sc, deck_slide_variant(&sc, s->fix), 60 * SIM_SEC,
	                      "image_p50_ms_tokyo") > 5000);
	cfg_scenario_fini(&sc);
	deck_fini(&deck);
}

/* The app's node view after a diagram slide's minute of its era's own traffic. */
static struct sim_node_view era_at_rest(const struct deck *deck, const char *file,
                                        const struct deck_slide **slide)
{
	struct sim_node_view app = { 0 };
	struct sim_snapshot snap;
	struct cfg_scenario sc;
	struct sim *sim;
	char why[512];

	*slide = NULL;
	for (int i = 0; i < deck->n_slides && !*slide; i++)
		if (deck->slides[i].kind == DECK_DIAGRAM &&
		    strcmp(deck->slides[i].file, file) == 0)
			*slide = &deck->slides[i];
	assert_non_null(*slide);
	assert_int_equal(deck_slide_load(*slide, &sc, why, sizeof(why)), 0);
	sim = sim_create(&sc.variants[0].cfg, sc.seed, why, sizeof(why));
	assert_non_null(sim);
	sim_run_until(sim, DECK_DIAGRAM_RUN);
	sim_snapshot(sim, &snap);
	for (int i = 0; i < snap.n_nodes; i++) {
		if (snap.nodes[i].health != SIM_HEALTH_FINE)
			fail_msg("%s: %s is not drawn healthy (cpu %.0f%%, ram %.0f%%)", file,
			         snap.nodes[i].name, snap.nodes[i].cpu * 100,
			         snap.nodes[i].ram * 100);
		if (snap.nodes[i].kind == SIM_NODE_APP)
			app = snap.nodes[i];
	}
	sim_destroy(sim);
	cfg_scenario_fini(&sc);
	return app;
}

/*
 * The two diagrams of one box at ordinary traffic: in 2004 it is exactly right for two
 * people and a weekend, and drawn healthy (its RAM at 86% drew it in warning yellow);
 * the upgraded box of 2007 has the headroom it was bought for, a smaller share of its
 * CPU and of its RAM, and its slide says what changed: the machine and its cost.
 */
static void test_deck_shipped_eras_at_rest(void **state)
{
	const struct deck_slide *s2004, *s2007;
	struct sim_node_view a, b;
	struct deck deck;
	int told = 0;

	(void)state;
	load_shipped(&deck);
	a = era_at_rest(&deck, "eras/2004_monolith.yaml", &s2004);
	b = era_at_rest(&deck, "eras/2007_vertical.yaml", &s2007);
	print_message("2004: cpu %.1f%%, ram %.1f%%; 2007: cpu %.1f%%, ram %.1f%%\n",
	              a.cpu * 100, a.ram * 100, b.cpu * 100, b.ram * 100);
	assert_true(a.ram > 0 && a.ram < 0.5);
	assert_true(b.cpu < a.cpu);
	assert_true(b.ram < a.ram);
	for (int i = 0; i < s2007->n_body; i++) {
		const char *line = s2007->body[i];

		told |= strstr(line, "$640") ? 1 : 0;
		told |= strstr(line, "16 cores") && strstr(line, "32 GB") ? 2 : 0;
	}
	assert_int_equal(told, 3);
	deck_fini(&deck);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deck_shipped_chapters),
		cmocka_unit_test(test_deck_shipped_chapters_cover_slides),
		cmocka_unit_test(test_deck_shipped_no_key_in_text),
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
		cmocka_unit_test(test_deck_from_and_speed),
		cmocka_unit_test(test_deck_opening),
		cmocka_unit_test(test_deck_shipped_openings),
		cmocka_unit_test(test_deck_shipped_cdn_opens_warm),
		cmocka_unit_test(test_deck_shipped_eras_at_rest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
