#!/bin/bash
# SPDX-License-Identifier: MIT
#
# determinism.sh: the same file and seed replay the same events whatever compiled gossipsim.
# Builds the binary four times (gcc and clang, -O0 and -O2; SDL and tests left out) next to
# the binary under test ($1), runs every variant of every shipped scenario with each for its
# first minutes (--until: the whole runs take minutes, and a difference in the floating
# point shows within seconds of traffic), and checks that the fingerprints and event counts
# of all five binaries are identical. Then another --seed must give another fingerprint for
# every variant. The builds stay for the next run, which only rebuilds what changed.
# A sanitizer build skips this test: the plain build checks it, and four more builds under
# a sanitizer would only cost time.
# Usage, from the repository root: bash tests/determinism.sh /path/to/gossipsim
set -uo pipefail

bin=${1:?usage: bash tests/determinism.sh /path/to/gossipsim}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
root=$PWD
until=${GOSSIPSIM_DETERMINISM_UNTIL:-90s}
builds=${GOSSIPSIM_DETERMINISM_DIR:-$(dirname "$bin")/determinism}

if grep -qa '__asan_init\|__ubsan_handle' "$bin"; then
	echo "SKIP: $bin is a sanitizer build; the plain build checks determinism"
	exit 0
fi
for tool in gcc clang jq cmake; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool is not installed; determinism across compilers needs it"
		exit 0
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*"
}

# ---- the four builds ---------------------------------------------------------------------
names=()
for cc in gcc clang; do
	for opt in O0 O2; do
		dir=$builds/$cc-$opt
		if ! cmake -S "$root" -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=None \
			-DCMAKE_C_FLAGS="-$opt" -DGOSSIPSIM_TESTS=OFF -DGOSSIPSIM_SDL=OFF \
			-DGOSSIPSIM_WERROR=ON >"$tmp/cmake.log" 2>&1 ||
			! cmake --build "$dir" -j"$(nproc)" --target gossipsim >>"$tmp/cmake.log" 2>&1; then
			fail "the $cc -$opt build failed"
			tail -n 20 "$tmp/cmake.log"
			continue
		fi
		names+=("$cc-$opt")
	done
done
[ "${#names[@]}" -eq 4 ] || { echo "determinism: $failures build(s) failed"; exit 1; }

# fingerprints BINARY FILE [ARGS...]: "variant fingerprint events" lines, one per variant.
fingerprints() {
	local b=$1 f=$2
	shift 2
	"$b" run --json - --until "$until" "$@" "$f" 2>"$tmp/err" |
		jq -r '.variants[] | "\(.name) \(.fingerprint) \(.events)"'
}

# ---- the same runs from every build -------------------------------------------------------
files=$(ls scenarios/*.yaml scenarios/queueing/*.yaml)
runs=0
for f in $files; do
	fingerprints "$bin" "$f" >"$tmp/want"
	if [ ! -s "$tmp/want" ]; then
		fail "$f: no fingerprint from $bin: $(head -c 300 "$tmp/err")"
		continue
	fi
	for name in "${names[@]}"; do
		fingerprints "$builds/$name/gossipsim" "$f" >"$tmp/got"
		if ! cmp -s "$tmp/want" "$tmp/got"; then
			fail "$f: the $name build replays other events than $bin"
			diff "$tmp/want" "$tmp/got" | sed 's/^/  /'
		fi
	done
	runs=$((runs + $(wc -l <"$tmp/want")))

	# another seed, another run: every variant's fingerprint moves
	seed=$("$bin" run --json - --until 1s "$f" | jq -r .seed)
	fingerprints "$bin" "$f" --seed $((seed + 1)) >"$tmp/other"
	while read -r variant fp _; do
		other=$(awk -v v="$variant" '$1 == v { print $2 }' "$tmp/other")
		if [ -z "$other" ] || [ "$other" = "$fp" ]; then
			fail "$f: variant $variant gives fingerprint $fp with seeds $seed and $((seed + 1))"
		fi
	done <"$tmp/want"
done

if [ "$failures" -ne 0 ]; then
	echo "determinism: $failures failure(s)"
	exit 1
fi
echo "determinism: ok ($runs runs, each identical from 5 builds: $bin, ${names[*]})"
