/* SPDX-License-Identifier: MIT */
/*
 * present_notes.h: the speaker notes laid out for the follower's screen (`gossipsim
 * --notes`). A deck writes its notes as a YAML block whose lines break wherever the
 * author's editor did, about 85 columns; shown line for line on 80 columns, each would
 * wrap with a word or two alone on the next row. So the notes are read as paragraphs:
 * the lines of one are joined, a blank line parts two, and a line that opens a list item
 * ("- ", "* ", "1. ", "2) ") starts one of its own, whose wrapped rows hang past its mark.
 */
#ifndef UI_PRESENT_NOTES_H
#define UI_PRESENT_NOTES_H

#include <stddef.h>

#define PRESENT_NOTE_ROW 1024           /* bytes of one row, its hanging indent included */

/*
 * The rows of notes w display columns wide, paragraph by paragraph (see above), each
 * wrapped at spaces by display width (a word wider than the row is cut between
 * characters), with an empty row between paragraphs. A paragraph's last row never holds
 * one word alone when the row before it has three or more: one more comes down. Writes
 * the first max rows into rows (NULL or max 0: only counting) and returns how many rows
 * the notes take, which may be more than max.
 */
int present_notes_wrap(const char *notes, int w, char (*rows)[PRESENT_NOTE_ROW], int max);

#endif
