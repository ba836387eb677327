/* SPDX-License-Identifier: MIT */
/*
 * plain.c: prints the deck as text with no colour, no cursor movement and no box drawing,
 * so a screen reader reads it in order and a printout keeps everything a slide says.
 *
 * What the terminal draws becomes words: a diagram is the era's nodes, one a line, then its
 * arrows ("nginx -> app1", "primary <-> replica" for dbs replicating each other), taken
 * from the same layout the presenter draws so both agree;
 * an incident names its scenario and the command that runs it, since a running simulation
 * cannot be printed. A slide whose file is missing still prints, with the reason.
 *
 * Every line goes through put(): when the locale's codeset is not UTF-8 (LC_ALL=C, a
 * Latin-1 terminal) the text is spelled in ASCII ("—" as "-", "·" as "|"), since the
 * reader's terminal would show the UTF-8 bytes as garbage.
 */
#include "plain.h"

#include <stdarg.h>
#include <string.h>

#include "cfg.h"
#include "layout.h"
#include "tui.h"

/* 1: write UTF-8 as it is; 0: spell it in ASCII. Decided once, by deck_plain_print(). */
static int plain_utf8 = 1;

/* printf to out, in ASCII when the locale cannot show UTF-8. */
static void put(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(FILE *out, const char *fmt, ...)
{
	char buf[4096], ascii[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!plain_utf8) {
		tui_ascii(buf, ascii, sizeof(ascii));
		fputs(ascii, out);
	} else {
		fputs(buf, out);
	}
}

/* "Scalable Software Systems" followed by a line of '=' or '-' as long as it. */
static void underline(const char *text, char c, FILE *out)
{
	char ascii[1024];
	size_t n = 0;

	if (!plain_utf8) {
		tui_ascii(text, ascii, sizeof(ascii));
		text = ascii;
	}
	/* Count characters, not bytes: UTF-8 continuation bytes do not take a column. */
	for (const char *p = text; *p; p++)
		n += ((unsigned char)*p & 0xc0) != 0x80;
	fprintf(out, "%s\n", text);
	while (n--)
		fputc(c, out);
	fputc('\n', out);
}

/* Prints text with each line indented by pad. */
static void indented(const char *pad, const char *text, FILE *out)
{
	while (*text) {
		size_t n = strcspn(text, "\n");

		put(out, "%s%.*s\n", pad, (int)n, text);
		text += n;
		if (*text == '\n')
			text++;
	}
}

static const char *box_kind(const struct sim_config *cfg, const struct layout_box *b)
{
	return b->node == LAYOUT_CLIENTS ? "users" : sim_node_kind_name(cfg->nodes[b->node].kind);
}

static void print_topology(const struct sim_config *cfg, FILE *out)
{
	struct layout lay;

	/* A large area: plain text only needs the boxes and edges, never the geometry. */
	layout_compute(cfg, 1000, 1000, &lay);
	put(out, "  Nodes:\n");
	for (int i = 0; i < lay.n_boxes; i++)
		put(out, "    %s (%s)\n", lay.boxes[i].label, box_kind(cfg, &lay.boxes[i]));
	put(out, "  Arrows:\n");
	for (int i = 0; i < lay.n_edges; i++)
		put(out, "    %s %s %s\n", lay.boxes[lay.edges[i].from].label,
		    lay.edges[i].both_ways ? "<->" : "->", lay.boxes[lay.edges[i].to].label);
}

static void print_diagram(const struct deck_slide *s, FILE *out)
{
	struct cfg_scenario sc;
	char why[512];

	put(out, "  Diagram of %s\n", s->file);
	if (deck_slide_load(s, &sc, why, sizeof(why)) < 0) {
		put(out, "  (%s)\n", why);
		return;
	}
	print_topology(&sc.variants[0].cfg, out);
	cfg_scenario_fini(&sc);
}

/*
 * The command that runs the slide's scenario, when it can run: a file that is missing or
 * not a scenario gets the reason alone, a variant the scenario lacks the reason and the
 * command for the scenario's own variants.
 */
static void print_run(const struct deck_slide *s, const char *variant, FILE *out)
{
	char why[512];
	struct cfg_scenario sc;
	int checked;

	if (deck_slide_load(s, &sc, why, sizeof(why)) < 0) {
		put(out, "  (%s)\n  Nothing to run: the talk shows this slide's text only.\n", why);
		return;
	}
	checked = deck_slide_check(s, &sc, why, sizeof(why));
	cfg_scenario_fini(&sc);
	if (checked < 0)
		put(out, "  (%s)\n", why);
	if (variant && checked == 0)
		put(out, "  Run it: gossipsim %s --variant %s\n", s->file, variant);
	else
		put(out, "  Run it: gossipsim %s\n", s->file);
}

/* Where and how fast the talk opens the slide's run, when the slide says. */
static void print_opening(const struct deck_slide *s, FILE *out)
{
	char speed[64] = "";

	if (s->speed > 0)
		snprintf(speed, sizeof(speed), "%s %g simulated seconds a second",
		         s->from ? ", at" : "  Runs at", s->speed);
	if (s->from)
		put(out, s->from_is_clock ? "  Opens at %s%s\n" : "  Opens %s into the run%s\n",
		    s->from, speed);
	else if (speed[0])
		put(out, "%s\n", speed);
}

static void print_incident(const struct deck_slide *s, FILE *out)
{
	if (s->predict)
		put(out, "  Predict: %s\n", s->predict);
	if (s->answer)
		put(out, "  Answer: %s\n", s->answer);
	if (s->variant)
		put(out, "  Live incident: %s, variant %s\n", s->file, s->variant);
	else
		put(out, "  Live incident: %s\n", s->file);
	print_opening(s, out);
	print_run(s, s->variant, out);
}

static void print_comparison(const struct deck_slide *s, FILE *out)
{
	put(out, "  Side by side: variants %s and %s of %s\n", s->pain, s->fix, s->file);
	print_opening(s, out);
	print_run(s, NULL, out);
}

void deck_plain_slide(const struct deck *deck, int i, int with_notes, FILE *out)
{
	const struct deck_slide *s = &deck->slides[i];

	put(out, "Slide %d/%d \xe2\x80\x94 %s\n", i + 1, deck->n_slides,
	        deck->chapters[s->chapter].label);
	underline(s->title, s->kind == DECK_TITLE ? '=' : '-', out);
	for (int k = 0; k < s->n_body; k++) {
		if (!s->body[k][0])
			fputc('\n', out);
		else if (s->kind == DECK_BULLETS || s->kind == DECK_DIAGRAM)
			put(out, "  - %s\n", s->body[k]);
		else
			put(out, "  %s\n", s->body[k]);
	}
	if (s->kind == DECK_DIAGRAM)
		print_diagram(s, out);
	else if (s->kind == DECK_INCIDENT)
		print_incident(s, out);
	else if (s->kind == DECK_COMPARISON)
		print_comparison(s, out);
	if (with_notes && s->notes) {
		put(out, "  Notes:\n");
		indented("    ", s->notes, out);
	}
}

int deck_plain_print(const struct deck *deck, int with_notes, FILE *out)
{
	plain_utf8 = tui_locale_utf8();
	put(out, "%s\n", deck->title);
	if (deck->author)
		put(out, "by %s\n", deck->author);
	put(out, "%d slide%s in %d chapter%s\n", deck->n_slides, deck->n_slides == 1 ? "" : "s",
	    deck->n_chapters, deck->n_chapters == 1 ? "" : "s");
	for (int i = 0; i < deck->n_slides; i++) {
		fputc('\n', out);
		deck_plain_slide(deck, i, with_notes, out);
	}
	fflush(out);
	return ferror(out) ? -1 : 0;
}
