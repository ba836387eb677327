/* SPDX-License-Identifier: MIT */
/*
 * datadir.h: where gossipsim finds its data (assets/, eras/, scenarios/). The first of:
 * $GOSSIPSIM_DATADIR; the source tree the binary was built from, while it still holds the
 * file; the installed share/gossipsim folder.
 */
#ifndef UI_DATADIR_H
#define UI_DATADIR_H

#include <stddef.h>

/* The default deck, relative to the data directory. */
#define DECK_DEFAULT_PATH "assets/deck.yaml"

/*
 * Writes the path of rel (e.g. "eras/2004_monolith.yaml") inside the data directory into
 * buf and returns buf; an absolute rel is copied as is. Returns NULL when it does not fit.
 * The file need not exist: callers report a missing file by the path returned.
 */
char *deck_data_path(const char *rel, char *buf, size_t len);

#endif
