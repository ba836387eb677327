#!/bin/bash
# SPDX-License-Identifier: MIT
#
# gui.sh: the SDL2 window's screenshots, from the real gossipsim ($1) with no display. The
# same frame twice gives the same bytes; it is a PNG of 1920x1080; --at takes a time of
# day or a duration, and the same instant both ways is the same picture; a time past the
# end or before the start is a usage error (64), a folder that cannot be written is 66 and
# a missing font 70, with no file or temporary file left behind; a window with no display
# is 70 with one line. A build without SDL2 must say so and exit 70 instead.
set -euo pipefail

bin=${1:?usage: bash tests/gui.sh /path/to/gossipsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY SDL_VIDEODRIVER GOSSIPSIM_DATADIR GOSSIPSIM_MODULE_DIR
scenario=scenarios/2007_oom.yaml

failures=0
fail() {
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*"
}

# Runs gossipsim with stdout and stderr to files; the exit code goes to $rc.
gs() {
	rc=0
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

expect_rc() {
	if [ "$rc" -ne "$1" ]; then
		fail "$2: exit code $rc, expected $1"
		sed 's/^/  | /' "$tmp/err"
	fi
}

# "1920 1080": the width and height in a PNG's IHDR.
png_size() {
	od -An -tu1 -j16 -N8 "$1" |
		awk '{ printf "%d %d\n", (($1 * 256 + $2) * 256 + $3) * 256 + $4,
		       (($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}

gs --gui --screenshot "$tmp/a.png" --at 02:47:09 "$scenario"
if [ "$rc" -eq 70 ] && grep -qF "built without SDL2" "$tmp/err"; then
	want="gossipsim was built without SDL2 (install libsdl2-dev and libsdl2-ttf-dev and"
	want="$want rebuild)"
	grep -qxF "$want" "$tmp/err" || fail "no-SDL message: $(cat "$tmp/err")"
	gs --gui
	expect_rc 70 "--gui without SDL2"
	echo "gui: built without SDL2; the message and exit code checked"
	exit "$failures"
fi
expect_rc 0 "first screenshot"
[ -s "$tmp/err" ] && fail "first screenshot wrote to stderr: $(cat "$tmp/err")"

gs --gui --screenshot "$tmp/b.png" --at 02:47:09 "$scenario"
expect_rc 0 "second screenshot"
cmp -s "$tmp/a.png" "$tmp/b.png" || fail "the same frame twice differs"

[ "$(head -c 8 "$tmp/a.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
	fail "not a PNG signature"
[ "$(png_size "$tmp/a.png")" = "1920 1080" ] || fail "size $(png_size "$tmp/a.png")"

# 02:47:09 is 7m9s after the clock start of 02:40:00; --screenshot alone implies --gui.
gs --screenshot "$tmp/c.png" --at 429s "$scenario"
expect_rc 0 "--at as a duration"
cmp -s "$tmp/a.png" "$tmp/c.png" || fail "--at 429s and --at 02:47:09 differ"

gs --gui --screenshot "$tmp/d.png" --at 02:47:30 "$scenario"
expect_rc 0 "a later screenshot"
cmp -s "$tmp/a.png" "$tmp/d.png" && fail "02:47:09 and 02:47:30 look the same"

gs --gui --screenshot "$tmp/e.png" --at 03:00:00 "$scenario"
expect_rc 64 "--at past the end"
grep -qF "gossipsim: --at lies past the end of $scenario, which runs from 02:40:00 to 02:52:00" \
	"$tmp/err" || fail "--at past the end: $(cat "$tmp/err")"
[ -e "$tmp/e.png" ] && fail "a refused screenshot left a file"

gs --gui --screenshot "$tmp/e.png" --at 02:39:00 "$scenario"
expect_rc 64 "--at before the start"
grep -qxF "gossipsim: --at lies before the start (02:40:00) of $scenario" "$tmp/err" ||
	fail "--at before the start: $(cat "$tmp/err")"
[ -e "$tmp/e.png" ] && fail "a refused screenshot left a file"

# No display and no --screenshot: one clear line and 70, at once, not a window nobody sees.
for args in "--gui $scenario" "--gui"; do
	rc=0
	timeout 20 "$bin" $args >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
	expect_rc 70 "$args without a display"
	[ "$(cat "$tmp/err")" = "gossipsim: no display: set DISPLAY, or use --screenshot PATH" ] ||
		fail "$args without a display said: $(cat "$tmp/err")"
done

gs --gui --screenshot "$tmp/none/f.png" "$scenario"
expect_rc 66 "an unwritable folder"
[ "$(cat "$tmp/err")" = "gossipsim: cannot write '$tmp/none/f.png': no such file or directory" ] ||
	fail "unwritable folder: $(cat "$tmp/err")"
# refused before the run as the other outputs are, in the same words
gs --gui --screenshot /proc/f.png "$scenario"
expect_rc 66 "a screenshot into /proc"
why="cannot create a file in '/proc': no such file or directory"
[ "$(cat "$tmp/err")" = "gossipsim: cannot write '/proc/f.png': $why" ] ||
	fail "a screenshot into /proc: $(cat "$tmp/err")"

GOSSIPSIM_FONT_DIR="$tmp/no-fonts" gs --gui --screenshot "$tmp/g.png" "$scenario"
expect_rc 70 "no font"
grep -qF "gossipsim: cannot open the font $tmp/no-fonts/DejaVuSans.ttf" "$tmp/err" &&
	grep -qF "(install fonts-dejavu-core" "$tmp/err" || fail "no font: $(cat "$tmp/err")"
[ -e "$tmp/g.png" ] && fail "a screenshot without a font left a file"

gs --gui --at 1:2:3:4 "$scenario"
expect_rc 64 "a malformed --at"
gs --at 02:47:09 "$scenario"
expect_rc 64 "--at without --gui"

leftovers=$(find "$tmp" -name '*.tmp.*' | wc -l)
[ "$leftovers" -eq 0 ] || fail "$leftovers temporary files left behind"

if [ "$failures" -eq 0 ]; then
	echo "gui: all checks passed"
fi
exit "$failures"
