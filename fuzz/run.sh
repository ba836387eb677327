#!/bin/bash
# SPDX-License-Identifier: MIT
#
# fuzz/run.sh [SECONDS]: builds the libFuzzer targets with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer (in build-fuzz/, or $GOSSIPSIM_FUZZ_BUILD), then runs each
# target for SECONDS (default 60), two side by side when there are two cores. Seeds come
# from eras/, scenarios/, tests/bad/ and fuzz/seeds/ (fuzz_scenario), assets/ and
# tests/bad/decks/ (fuzz_deck), scenarios/traffic/ and tests/bad/logs/ (fuzz_log); what
# the fuzzers learn stays in the build folder's corpus/
# for the next run. A crash, a leak, a hang of 10 s or 2 GB of memory stops the target,
# leaves the input in the build folder's artifacts/ and makes the script exit 1.
# docs/fuzzing.md says more.
set -euo pipefail

secs=${1:-60}
case $secs in
'' | *[!0-9]*) echo "usage: fuzz/run.sh [SECONDS]" >&2; exit 64 ;;
esac
cd "$(dirname "$0")/.."
build=${GOSSIPSIM_FUZZ_BUILD:-build-fuzz}
export CC=${CC:-clang}

cmake -B "$build" -DGOSSIPSIM_FUZZ=ON -DGOSSIPSIM_TESTS=OFF -DGOSSIPSIM_SDL=OFF \
	-DGOSSIPSIM_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_scenario fuzz_deck fuzz_log

# run_target NAME MAX_LEN SEED_DIR...: one target for secs seconds; its log in the build.
run_target() {
	local name=$1 max_len=$2
	shift 2
	mkdir -p "$build/corpus/$name" "$build/artifacts/$name"
	"$build/fuzz/fuzz_$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len="$max_len" -dict="fuzz/$name.dict" -print_final_stats=1 \
		-artifact_prefix="$build/artifacts/$name/" "$build/corpus/$name" "$@" \
		>"$build/fuzz_$name.log" 2>&1
}

echo "fuzzing each target for $secs s (logs: $build/fuzz_*.log)"
status=0
if [ "$(nproc)" -ge 2 ]; then
	run_target scenario 8192 eras scenarios tests/bad fuzz/seeds &
	scenario_pid=$!
	# the deck and the log are the quicker loaders: they share the second core in turn
	{
		s=0
		run_target deck 32768 assets tests/bad/decks || s=1
		run_target log 65536 scenarios/traffic tests/bad/logs || s=1
		exit "$s"
	} &
	other_pid=$!
	wait "$scenario_pid" || status=1
	wait "$other_pid" || status=1
else
	run_target scenario 8192 eras scenarios tests/bad fuzz/seeds || status=1
	run_target deck 32768 assets tests/bad/decks || status=1
	run_target log 65536 scenarios/traffic tests/bad/logs || status=1
fi

for name in scenario deck log; do
	log=$build/fuzz_$name.log
	if grep -q '^==[0-9]*==ERROR\|^SUMMARY: \|runtime error:\|^==[0-9]*== ERROR' "$log"; then
		status=1
		echo "---- fuzz_$name found something:"
		grep -A 40 -m 1 'ERROR\|runtime error:' "$log"
		grep 'Test unit written to' "$log" || true
	else
		printf 'fuzz_%s: ' "$name"
		grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' "$log" | tail -n 1
	fi
done
if [ "$status" -ne 0 ]; then
	echo "fuzz: failed; reproduce with $build/fuzz/fuzz_NAME ARTIFACT (docs/fuzzing.md)"
	exit 1
fi
echo "fuzz: ok"
