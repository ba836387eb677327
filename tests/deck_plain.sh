#!/bin/bash
# SPDX-License-Identifier: MIT
#
# deck_plain.sh: the talk as plain text, for screen readers and handouts. Drives the real
# gossipsim ($1) from the repository root: `--plain` prints every chapter of the talk in
# order, numbers the slides consistently, tells the night of 847 tickets with the command
# that replays it, prints the same when stdout is not a terminal, adds the speaker notes with
# --notes, refuses a broken or missing deck with exact messages and exit codes, writes
# ASCII in a locale that is not UTF-8, and says plainly which slides cannot run and why.
set -euo pipefail

bin=${1:?usage: bash tests/deck_plain.sh /path/to/gossipsim}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset GOSSIPSIM_DATADIR NO_COLOR
# The text is UTF-8 ("—", "·") in a UTF-8 locale; section 8 checks the ASCII of another.
export LC_ALL=C.UTF-8

failures=0
fail() {
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*"
}

# Runs gossipsim with stdout and stderr in files; sets rc.
gs() {
	set +e
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	set -e
}

expect_eq() {
	if [ "$1" != "$2" ]; then
		fail "$3"
		printf '  want: %s\n  got:  %s\n' "$2" "$1"
	fi
}

expect_grep() {
	if ! grep -qxF -- "$1" "$2"; then
		fail "$3: no line '$1'"
	fi
}

# 1. the whole deck, chapter by chapter, in talk order
gs "$bin" --plain
expect_eq "$rc" 0 "--plain exits 0"
expect_eq "$(cat "$tmp/err")" "" "--plain writes nothing to stderr"
cp "$tmp/out" "$tmp/plain"
headers=$(grep -E '^Slide [0-9]+/[0-9]+ — ' "$tmp/plain" || true)
chapters=$(printf '%s\n' "$headers" | sed 's/^Slide [0-9]*\/[0-9]* — //' | uniq | paste -sd'|')
expect_eq "$chapters" "Title|Context|2004 · Foundation|2007 · The 02:47 outage|\
2007 · Vertical scaling|2007 · Horizontal scaling|2009 · Caching|2009 · CDN and indexes|\
2011 · The 9.2 s post|2011 · Asynchronous events|2014 · The Friday deploy|2014 · The gateway|\
2017 · 847 tickets|2017 · Saga, outbox, idempotency|2017 · Circuit breakers|\
2026 · The platform|Closing" "every chapter, once, in talk order"
years=$(printf '%s\n' "$headers" | sed -n 's/^Slide [0-9]*\/[0-9]* — \([0-9]\{4\}\) · .*/\1/p' |
	uniq | paste -sd' ')
expect_eq "$years" "2004 2007 2009 2011 2014 2017 2026" "chapter years in order"

# 2. slides numbered 1..N of N, with the talk's title and author first
n=$(printf '%s\n' "$headers" | wc -l)
numbers=$(printf '%s\n' "$headers" | sed 's/^Slide \([0-9]*\/[0-9]*\) .*/\1/' | paste -sd' ')
expect_eq "$numbers" "$(seq -s' ' 1 "$n" | sed "s/\([0-9]*\)/\1\/$n/g")" \
	"slides numbered 1..N of N"
expect_eq "$(head -n 3 "$tmp/plain" | paste -sd'|')" \
	"Scalable Software Systems: why we build the way we build|by Hope|$n slides in 17 chapters" \
	"title, author and counts first"

# 3. the night of 847 tickets, with the scenario and the command to replay it
night=$(awk '/^Slide / { show = /2017 · 847 tickets/ } show' "$tmp/plain")
printf '%s\n' "$night" >"$tmp/night"
expect_grep "The night of 847 tickets" "$tmp/night" "the 847 slide"
expect_grep "  Live incident: scenarios/2017_saga.yaml, variant pain" "$tmp/night" "the 847 slide"
expect_grep "  Run it: gossipsim scenarios/2017_saga.yaml --variant pain" "$tmp/night" \
	"the 847 slide"
grep -qF "847 tickets saying \"I paid but got nothing\"" "$tmp/night" ||
	fail "the 847 slide tells the tickets"
expect_grep "  - the payment service writes to payments_db" "$tmp/night" "the 847 diagram"

# 4. a diagram is a list of nodes and arrows
first_era=$(awk '/^Slide / { show = /2004 · Foundation/ } show' "$tmp/plain")
printf '%s\n' "$first_era" >"$tmp/era"
expect_grep "  Diagram of eras/2004_monolith.yaml" "$tmp/era" "the 2004 diagram"
expect_grep "  Arrows:" "$tmp/era" "the 2004 diagram"
grep -qE '^    .+ -> .+$' "$tmp/era" || fail "the 2004 diagram has arrows"

# 5. no --plain, stdout not a terminal: the same text
gs "$bin"
expect_eq "$rc" 0 "gossipsim into a file exits 0"
cmp -s "$tmp/out" "$tmp/plain" || fail "gossipsim into a file prints the --plain text"

# 6. --notes adds the speaker notes
gs "$bin" --plain --notes
expect_eq "$rc" 0 "--plain --notes exits 0"
expect_grep "  Notes:" "$tmp/out" "--plain --notes"
grep -q "Notes:" "$tmp/plain" && fail "--plain alone prints no notes"

# 7. a missing or broken deck: exit codes and exact messages
mkdir -p "$tmp/data/assets"
gs env GOSSIPSIM_DATADIR="$tmp/data" "$bin" --plain
expect_eq "$rc" 66 "a missing deck exits 66"
expect_eq "$(cat "$tmp/err")" \
	"$tmp/data/assets/deck.yaml: cannot open: No such file or directory" "a missing deck"
printf 'deck: T\nslides:\n  - {chapter: A, kind: bulets, title: B}\n  - {chapter: A}\n' \
	>"$tmp/data/assets/deck.yaml"
gs env GOSSIPSIM_DATADIR="$tmp/data" "$bin" --plain
expect_eq "$rc" 65 "a broken deck exits 65"
expect_eq "$(cat "$tmp/err")" "$tmp/data/assets/deck.yaml:3:24: unknown slide kind 'bulets' \
(did you mean 'bullets'?)
$tmp/data/assets/deck.yaml:4:5: slide has no 'kind'
$tmp/data/assets/deck.yaml:4:5: slide has no 'title'" "a broken deck, every problem"
expect_eq "$(cat "$tmp/out")" "" "a broken deck prints no slide"

# 8. a locale that is not UTF-8: the same text in ASCII, "-" for the dash, "|" for the dot
gs env LC_ALL=C "$bin" --plain
expect_eq "$rc" 0 "--plain under LC_ALL=C exits 0"
if LC_ALL=C grep -q '[^ -~]' "$tmp/out"; then
	fail "--plain under LC_ALL=C prints bytes outside ASCII: $(LC_ALL=C grep -m3 '[^ -~]' \
		"$tmp/out")"
fi
expect_grep "Slide $n/$n - Closing" "$tmp/out" "--plain under LC_ALL=C"
grep -qF "Slide 4/$n - 2004 | Foundation" "$tmp/out" || fail "the chapter's dot is '|' in ASCII"
expect_eq "$(wc -l <"$tmp/out")" "$(wc -l <"$tmp/plain")" "the ASCII text has the same lines"

# 9. slides that cannot run say so plainly, as the terminal view does: a scenario that is
# missing or is no scenario has no command to run it; a variant, pain or fix the scenario
# lacks is named, with the command that runs the scenario's own variants
mkdir -p "$tmp/broken/assets"
ln -s "$PWD/scenarios" "$tmp/broken/scenarios"
ln -s "$PWD/eras" "$tmp/broken/eras"
cat >"$tmp/broken/assets/deck.yaml" <<'EOF'
deck: Broken slides
slides:
  - {chapter: A, kind: incident, title: Missing, scenario: scenarios/nope.yaml}
  - {chapter: A, kind: incident, title: Not one, scenario: assets/deck.yaml}
  - {chapter: A, kind: incident, title: No such variant, scenario: scenarios/2017_saga.yaml,
     variant: nope}
  - {chapter: A, kind: comparison, title: No such pain, scenario: scenarios/2017_saga.yaml,
     pain: nada}
  - {chapter: A, kind: diagram, title: No era, era: eras/nope.yaml}
EOF
gs env GOSSIPSIM_DATADIR="$tmp/broken" "$bin" --plain
expect_eq "$rc" 0 "a deck of broken slides still prints"
slide() { awk -v t="$1" '/^Slide / { getline title; show = title == t } show' "$tmp/out"; }
expect_eq "$(slide Missing | grep '^  (\|Run it\|Nothing')" \
	"  (scenario not available: scenarios/nope.yaml cannot be read)
  Nothing to run: the talk shows this slide's text only." "a missing scenario"
slide "Not one" | grep -q '^  (scenario not available: ' || fail "a deck named as a scenario"
slide "Not one" | grep -q 'Run it' && fail "a deck named as a scenario has no command"
expect_eq "$(slide "No such variant" | grep '^  (\|Run it')" \
	"  (scenario not available: scenarios/2017_saga.yaml has no variant 'nope')
  Run it: gossipsim scenarios/2017_saga.yaml" "a variant the scenario lacks"
expect_eq "$(slide "No such pain" | grep '^  (\|Run it')" \
	"  (scenario not available: scenarios/2017_saga.yaml has no variant 'nada')
  Run it: gossipsim scenarios/2017_saga.yaml" "a pain the scenario lacks"
expect_eq "$(slide "No era" | grep '^  (')" \
	"  (era not available: eras/nope.yaml cannot be read)" "a missing era"

if [ "$failures" -ne 0 ]; then
	echo "deck_plain: $failures failure(s)"
	exit 1
fi
echo "deck_plain: ok"
