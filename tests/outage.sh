#!/bin/bash
# SPDX-License-Identifier: MIT
#
# outage.sh: the talk's 02:47 outage as the real binary ($1) replays it. The headless run of
# scenarios/2007_oom.yaml (variant pain) must write, in this order and each within 5 s of
# the night's log: the spike of 8,400 users (02:44:01), a warning with CPU and RAM both at
# or above 90% (02:45:13), the pool exhausted at 500/500 (02:46:02), the OOM kill
# (02:47:09), nginx's "upstream timed out (110)" (02:47:10), the server unreachable
# (02:47:11). Every line comes out of the model; this checks that the model still tells it.
set -euo pipefail

bin=${1:?usage: bash tests/outage.sh /path/to/gossipsim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset GOSSIPSIM_DATADIR

failures=0
fail() {
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*"
}

"$bin" run --json "$tmp/oom.json" --variant pain scenarios/2007_oom.yaml >/dev/null
jq -r '.variants[0].log[] | "\(.seconds)\t\(.time)\t\(.level)\t\(.message)"' \
	"$tmp/oom.json" >"$tmp/log"

# The first line at or after line $from whose level is $level and whose message matches the
# extended regex $re; prints "index seconds", or nothing.
first() {
	local from=$1 level=$2 re=$3
	awk -F'\t' -v from="$from" -v level="$level" -v re="$re" \
		'NR > from && $3 == level && $4 ~ re { print NR, $1; exit }' "$tmp/log"
}

# A warning line with CPU and RAM figures, both at or above 90.
both_high() {
	awk -F'\t' -v from="$1" 'NR > from && $3 == "WARNING" &&
		match($4, /CPU [0-9]+% · RAM [0-9]+%/) {
			split(substr($4, RSTART, RLENGTH), f, /[^0-9]+/)
			if (f[2] + 0 >= 90 && f[3] + 0 >= 90) { print NR, $1; exit }
		}' "$tmp/log"
}

# expect WHAT TALK_HH:MM:SS INDEX_AND_SECONDS: found, after the previous one, near the talk.
prev=0
expect() {
	local what=$1 talk=$2 found=$3 at want
	if [ -z "$found" ]; then
		fail "$what: no such line after line $prev"
		return
	fi
	read -r prev at <<<"$found"
	IFS=: read -r h m s <<<"$talk"
	# the scenario's clock starts at 02:40:00
	want=$((10#$h * 3600 + 10#$m * 60 + 10#$s - (2 * 3600 + 40 * 60)))
	at=${at%.*}
	if [ $((at - want)) -gt 5 ] || [ $((want - at)) -gt 5 ]; then
		fail "$what: at $at s, the talk says $want s ($talk)"
	fi
}

expect "traffic spike" 02:44:01 "$(first 0 WARNING '^traffic spike: 8,400 concurrent users')"
expect "CPU and RAM at 90% or more" 02:45:13 "$(both_high "$prev")"
expect "pool exhausted" 02:46:02 \
	"$(first "$prev" WARNING '^db: connections exhausted \(500/500\)$')"
expect "OOM kill" 02:47:09 "$(first "$prev" FATAL '^app: out of memory: .*OOM killer$')"
expect "upstream timed out" 02:47:10 "$(first "$prev" ERROR 'upstream timed out \(110')"
expect "server unreachable" 02:47:11 "$(first "$prev" FATAL 'the site is unreachable$')"

# No warning reads out a CPU or RAM figure below the 90% threshold as if it had crossed it.
awk -F'\t' '$3 == "WARNING" && /(CPU|RAM) [0-9]+%/ {
		s = $4
		while (match(s, /(CPU|RAM) [0-9]+%/)) {
			v = substr(s, RSTART, RLENGTH); gsub(/[^0-9]/, "", v)
			if (v + 0 < 90) print "FAIL: a warning below its threshold: " $2 " " $4
			s = substr(s, RSTART + RLENGTH)
		}
	}' "$tmp/log" >"$tmp/below"
if [ -s "$tmp/below" ]; then
	cat "$tmp/below"
	failures=$((failures + 1))
fi

if [ "$failures" -gt 0 ]; then
	sed 's/^/    | /' "$tmp/log" | head -n 12
	exit 1
fi
echo "the 02:47 outage: 6 lines in order, each within 5 s of the talk"
