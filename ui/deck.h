/* SPDX-License-Identifier: MIT */
/*
 * deck.h: the talk as data. A deck file (assets/deck.yaml, format in docs/deck.md) is a list
 * of slides; each slide names its chapter ("2017 847 tickets"), and chapters are derived
 * from runs of slides that share one. Slides of kind diagram name an era file, incident and
 * comparison slides a scenario file; those files are not opened here, so a deck loads even
 * when a scenario has not been written yet, and the slide says so when it is shown.
 */
#ifndef UI_DECK_H
#define UI_DECK_H

#include "cfg.h"

/* The era's own traffic a diagram slide runs, behind its counts and health colours. */
#define DECK_DIAGRAM_RUN (60 * SIM_SEC)

enum deck_kind {
	DECK_TITLE,
	DECK_BULLETS,
	DECK_DIAGRAM,                   /* an era's topology */
	DECK_INCIDENT,                  /* a scenario run live, with an optional prediction */
	DECK_COMPARISON,                /* a scenario's pain and fix variants side by side */
	DECK_CLOSING,
	DECK__COUNT
};

struct deck_chapter {
	int year;                       /* 0 for chapters without one: title, context, closing */
	char *title;                    /* "847 tickets" */
	char *label;                    /* "2017 · 847 tickets", or just the title */
	int first;                      /* index of its first slide */
	int n_slides;
};

/* Every string is owned by the deck; optional ones are NULL when absent. */
struct deck_slide {
	int chapter;                    /* index into deck.chapters */
	enum deck_kind kind;
	int line;                       /* where the slide starts in the deck file */
	char *title;
	char **body;                    /* lines, possibly empty ones */
	int n_body;
	char *notes;                    /* speaker notes */
	char *file;                     /* era or scenario as written: "eras/2004_monolith.yaml" */
	char *path;                     /* the same, resolved for opening (it may not exist) */
	char *variant;                  /* incident: the variant to run; NULL: the first */
	char *pain;                     /* comparison: left variant, default "pain" */
	char *fix;                      /* comparison: right variant, default "fix" */
	char *predict;                  /* incident: a question shown before the run */
	char *answer;                   /* incident: shown when the speaker goes on */
	char **meters;                  /* incident, comparison: the meters shown first */
	int n_meters;
	char *from;                     /* incident, comparison: where the run opens, as
	                                   written ("00:59:00", "55m"); NULL: at its start */
	int from_is_clock;              /* from is a time of day on the scenario's clock */
	sim_time from_at;               /* from read: a time of day, or a duration */
	double speed;                   /* simulated seconds a wall second; 0: the view's own */
};

struct deck {
	char *path;                     /* as given */
	char *title;                    /* the talk's title */
	char *author;                   /* NULL when absent */
	struct deck_chapter *chapters;
	int n_chapters;
	struct deck_slide *slides;
	int n_slides;
};

/*
 * Loads the deck at path. On CFG_OK the deck owns its memory until deck_fini(); otherwise
 * the deck is left empty and errs holds every problem found, "path:line:column: message".
 */
enum cfg_result deck_load(const char *path, struct deck *out, struct cfg_errors *errs);

/* The same from a buffer; name stands for the file in messages and resolves relative paths. */
enum cfg_result deck_parse(const char *name, const char *text, size_t len, struct deck *out,
                           struct cfg_errors *errs);
void deck_fini(struct deck *deck);

/* "bullets", "incident"... as written in deck files. */
const char *deck_kind_name(enum deck_kind kind);

/* The slide's chapter. */
const struct deck_chapter *deck_slide_chapter(const struct deck *deck, int slide);

/* 1 when the slide names a file that can be read now, 0 otherwise (or when it names none). */
int deck_slide_available(const struct deck_slide *slide);

/*
 * Loads the era or scenario the slide names. Returns 0 with sc filled (the caller calls
 * cfg_scenario_fini), or -1 with a one-line reason in why: "scenario not available: ..."
 * when the file is missing, the loader's first message when it is not valid.
 */
int deck_slide_load(const struct deck_slide *slide, struct cfg_scenario *sc, char *why,
                    size_t len);

/* The index of the variant a slide runs (its variant, pain or fix), or -1 if none. */
int deck_slide_variant(const struct cfg_scenario *sc, const char *name);

/*
 * The variants the v key puts side by side when selected is the one on screen: the
 * scenario's first (the pain, as scenarios list it first) on the left, selected on the
 * right; from the first itself, the one called fix, or the second when none is. Sets
 * *left and *right, or returns -1 (nothing set) for a scenario of one variant.
 */
int deck_variant_pair(const struct cfg_scenario *sc, int selected, int *left, int *right);

/*
 * Where a live slide opens the run of variant of sc: *t is its `from:` as a time since
 * the run's start (0 without one). Returns 0, or -1 with why when from lies outside the
 * run: "scenario not available: from '05:00:00' lies outside FILE, which runs from
 * 00:00:00 to 03:00:00".
 */
int deck_slide_opening(const struct deck_slide *slide, const struct cfg_scenario *sc,
                       int variant, sim_time *t, char *why, size_t len);

/*
 * Whether the scenario sc, loaded for an incident or comparison slide, has the variants
 * the slide names, and each of them the moment its `from:` opens. Returns 0, or -1 with
 * why: "scenario not available: FILE has no variant 'nope'", as the terminal view and the
 * plain text both say it.
 */
int deck_slide_check(const struct deck_slide *slide, const struct cfg_scenario *sc,
                     char *why, size_t len);

#endif
