/* SPDX-License-Identifier: MIT */
/*
 * fuzz_deck.c: libFuzzer target for the deck loader (ui/deck.c). Each input is parsed as a
 * deck; one that loads is walked as the presenter walks it (chapters, kinds, variants) and
 * printed as plain text to /dev/null, which also lays out the eras its diagram slides name.
 * The data folder is the source tree, so the seeds' eras/ and scenarios/ paths resolve.
 *
 * Only slides whose file is missing or a regular file are printed: a deck may name
 * /dev/zero or a FIFO, and reading those is not the loader's business.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "deck.h"
#include "plain.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("GOSSIPSIM_DATADIR", FUZZ_DATADIR, 1);
	sink = fopen("/dev/null", "w");
	if (sink == NULL) {
		perror("/dev/null");
		exit(1);
	}
	return 0;
}

static int
printable(const struct deck_slide *slide)
{
	struct stat st;

	return slide->path == NULL || stat(slide->path, &st) != 0 || S_ISREG(st.st_mode);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_errors errs;
	struct deck deck;

	cfg_errors_init(&errs);
	if (deck_parse("assets/deck.yaml", (const char *)data, size, &deck, &errs) == CFG_OK) {
		for (int i = 0; i < deck.n_slides; i++) {
			const struct deck_chapter *ch = deck_slide_chapter(&deck, i);

			(void)ch->label;
			(void)deck_kind_name(deck.slides[i].kind);
			(void)deck_slide_available(&deck.slides[i]);
			if (printable(&deck.slides[i]))
				deck_plain_slide(&deck, i, 1, sink);
		}
		deck_fini(&deck);
	}
	cfg_errors_fini(&errs);
	return 0;
}
