#!/bin/bash
# SPDX-License-Identifier: MIT
#
# long_run.sh: a day of the 2026 platform in flat memory. Runs the fix variant of
# scenarios/2026_platform.yaml headless for 2 simulated hours and for 24, each under GNU time,
# and checks that the peak resident memory of the day is within 2% of that of the two hours
# (docs/performance.md: they now peak within 0.1% of each other; when the payment ledger and
# the consumers' processed ids kept every order and id, the day peaked 6% higher). Nothing
# the engine keeps may grow per request, per order or per message: the request pool, the
# event heap, the partition logs, the ledger and the processed-id windows stop growing once
# the traffic's peak has passed, and the incident log is capped; otherwise a long live demo
# would end in swap. Both runs must end normally (0, or 1 when a claim written for one hour
# fails over a day).
# Skips, saying so, without GNU time (/usr/bin/time, package time) or in a sanitizer build,
# whose allocator keeps freed memory on purpose. The day takes about a minute of CPU.
# Usage, from the repository root: bash tests/long_run.sh /path/to/gossipsim
set -uo pipefail

bin=${1:?usage: bash tests/long_run.sh /path/to/gossipsim}
scenario=scenarios/2026_platform.yaml

if ! [ -x /usr/bin/time ] || ! /usr/bin/time -f %M true >/dev/null 2>&1; then
	echo "SKIP: GNU time (/usr/bin/time, package time) is not installed"
	exit 0
fi
if grep -qa '__asan_init' "$bin"; then
	echo "SKIP: $bin is a sanitizer build, whose memory says nothing about the engine's"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# run HOURS: the fix variant for HOURS simulated hours; sets kb (peak RSS) and events.
run() {
	local rc
	/usr/bin/time -f %M -o "$tmp/mem" "$bin" run --headless --set "duration=$1h" \
		--variant fix "$scenario" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	kb=$(tail -n 1 "$tmp/mem")
	events=$(sed -n 's/^fingerprint [0-9a-f]*, \([0-9]*\) events.*/\1/p' "$tmp/out")
	if [ "$rc" -gt 1 ] || [ -z "$events" ]; then
		echo "FAIL: $1 h: exit code $rc"
		head -n 5 "$tmp/err"
		failures=$((failures + 1))
		return 1
	fi
	echo "$1 h: $events events, peak RSS $kb KB (exit code $rc)"
}

run 2 || exit 1
kb2=$kb
run 24 || exit 1
kb24=$kb

# integers only: kb24 <= 1.02 * kb2
if [ $((kb24 * 50)) -gt $((kb2 * 51)) ]; then
	echo "FAIL: the day peaked at $kb24 KB, more than 2% over the $kb2 KB of two hours"
	exit 1
fi
echo "long_run: ok (24 h: $kb24 KB, 2 h: $kb2 KB)"
