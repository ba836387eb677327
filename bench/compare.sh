#!/bin/bash
# SPDX-License-Identifier: MIT
#
# compare.sh: several builds of gossipsim side by side on the two queueing stations, and
# the reference between them. Each round runs every binary once on M/M/1 and on M/M/8 and
# the reference after them, so that a change in the machine's speed during the session
# falls on all of them alike; after RUNS rounds (default 15) it prints, per station and
# program, the fastest run and the median, in ms of CPU (user + system, whole process).
#
#   bench/compare.sh OLD/gossipsim NEW/gossipsim ...
#
# The reference is build-bench/bench_ref_loop, as bench/run.sh builds it (run that once
# first), or REF. On a shared machine the medians move from one session to the next by a
# fifth; compare builds within one run of this script, never across two.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
ref=${REF:-$root/build-bench/bench_ref_loop}
runs=${RUNS:-15}
if [ $# -lt 1 ] || [ ! -x "$ref" ]; then
	echo "usage: bench/compare.sh GOSSIPSIM... (and $ref, from bench/run.sh)" >&2
	exit 64
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# (A build whose claims fail exits 1; it is timed all the same.)
cpu_ms() {
	local t
	t=$( { TIMEFORMAT='%3U %3S'; time "$@" >/dev/null 2>&1; } 2>&1 ) || true
	awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.0f\n", (a[1] + a[2]) * 1000 }'
}

# station, file, reference arguments
stations=(
	"mm1 scenarios/queueing/mm1.yaml -c 1 -r 0.9 -d 1112400"
	"mm8 scenarios/queueing/mm8.yaml -c 8 -r 7.2 -d 140400"
)
for st in "${stations[@]}"; do
	read -r name file args <<<"$st"
	for _ in $(seq "$runs"); do
		k=0
		for b in "$@"; do
			k=$((k + 1))
			cpu_ms "$b" run --headless "$root/$file" >>"$tmp/$name.$k"
		done
		# shellcheck disable=SC2086
		cpu_ms "$ref" $args >>"$tmp/$name.ref"
	done
	k=0
	for b in "$@" reference; do
		k=$((k + 1))
		f=$tmp/$name.$k
		[ "$b" = reference ] && f=$tmp/$name.ref
		sort -n "$f" | awk -v n="$name" -v b="$b" '{ v[NR] = $1 }
			END { printf "%s  %-40s fastest %5d  median %5d\n", n, b, v[1],
			      v[int((NR + 1) / 2)] }'
	done
done
