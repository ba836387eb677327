/* SPDX-License-Identifier: MIT */
/*
 * plain.c: prints the deck as text with no colour, no cursor movement and no box drawing,
 * so a screen reader reads it in order and a printout keeps everything a slide says.
 *
 * What the terminal draws becomes words: a diagram is the era's nodes, one a line, then its
 * arrows ("nginx -> app1"), taken from the same layout the presenter draws so both agree;
 * an incident names its scenario and the command that runs it, since a running simulation
 * cannot be printed. A slide whose file is missing still prints, with the reason.
 */
#include "plain.h"

#include <string.h>

#include "cfg.h"
#include "layout.h"

/* "Scalable Software Systems" followed by a line of '=' or '-' as long as it. */
static void underline(const char *text, char c, FILE *out)
{
	size_t n = 0;

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

		fprintf(out, "%s%.*s\n", pad, (int)n, text);
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
	fprintf(out, "  Nodes:\n");
	for (int i = 0; i < lay.n_boxes; i++)
		fprintf(out, "    %s (%s)\n", lay.boxes[i].label, box_kind(cfg, &lay.boxes[i]));
	fprintf(out, "  Arrows:\n");
	for (int i = 0; i < lay.n_edges; i++)
		fprintf(out, "    %s -> %s\n", lay.boxes[lay.edges[i].from].label,
		        lay.boxes[lay.edges[i].to].label);
}

static void print_diagram(const struct deck_slide *s, FILE *out)
{
	struct cfg_scenario sc;
	char why[512];

	fprintf(out, "  Diagram of %s\n", s->file);
	if (deck_slide_load(s, &sc, why, sizeof(why)) < 0) {
		fprintf(out, "  (%s)\n", why);
		return;
	}
	print_topology(&sc.variants[0].cfg, out);
	cfg_scenario_fini(&sc);
}

static void print_run(const struct deck_slide *s, const char *variant, FILE *out)
{
	char why[512];
	struct cfg_scenario sc;

	if (deck_slide_load(s, &sc, why, sizeof(why)) < 0)
		fprintf(out, "  (%s)\n", why);
	else
		cfg_scenario_fini(&sc);
	if (variant)
		fprintf(out, "  Run it: gossipsim %s --variant %s\n", s->file, variant);
	else
		fprintf(out, "  Run it: gossipsim %s\n", s->file);
}

static void print_incident(const struct deck_slide *s, FILE *out)
{
	if (s->predict)
		fprintf(out, "  Predict: %s\n", s->predict);
	if (s->answer)
		fprintf(out, "  Answer: %s\n", s->answer);
	if (s->variant)
		fprintf(out, "  Live incident: %s, variant %s\n", s->file, s->variant);
	else
		fprintf(out, "  Live incident: %s\n", s->file);
	print_run(s, s->variant, out);
}

static void print_comparison(const struct deck_slide *s, FILE *out)
{
	fprintf(out, "  Side by side: variants %s and %s of %s\n", s->pain, s->fix, s->file);
	print_run(s, NULL, out);
}

void deck_plain_slide(const struct deck *deck, int i, int with_notes, FILE *out)
{
	const struct deck_slide *s = &deck->slides[i];

	fprintf(out, "Slide %d/%d \xe2\x80\x94 %s\n", i + 1, deck->n_slides,
	        deck->chapters[s->chapter].label);
	underline(s->title, s->kind == DECK_TITLE ? '=' : '-', out);
	for (int k = 0; k < s->n_body; k++) {
		if (!s->body[k][0])
			fputc('\n', out);
		else if (s->kind == DECK_BULLETS || s->kind == DECK_DIAGRAM)
			fprintf(out, "  - %s\n", s->body[k]);
		else
			fprintf(out, "  %s\n", s->body[k]);
	}
	if (s->kind == DECK_DIAGRAM)
		print_diagram(s, out);
	else if (s->kind == DECK_INCIDENT)
		print_incident(s, out);
	else if (s->kind == DECK_COMPARISON)
		print_comparison(s, out);
	if (with_notes && s->notes) {
		fprintf(out, "  Notes:\n");
		indented("    ", s->notes, out);
	}
}

int deck_plain_print(const struct deck *deck, int with_notes, FILE *out)
{
	fprintf(out, "%s\n", deck->title);
	if (deck->author)
		fprintf(out, "by %s\n", deck->author);
	fprintf(out, "%d slides in %d chapters\n", deck->n_slides, deck->n_chapters);
	for (int i = 0; i < deck->n_slides; i++) {
		fputc('\n', out);
		deck_plain_slide(deck, i, with_notes, out);
	}
	fflush(out);
	return ferror(out) ? -1 : 0;
}
