#!/bin/bash
# SPDX-License-Identifier: MIT
#
# valgrind.sh: a full scenario run under valgrind's memcheck, headless, must report no
# invalid read or write, no use of an uninitialised value and no leak: the 2007 outage,
# both variants, to the end of the night. Skips, saying so, when valgrind is not installed
# or the binary is a sanitizer build (the two cannot share a process).
# Usage, from the repository root: bash tests/valgrind.sh /path/to/gossipsim
set -uo pipefail

bin=${1:?usage: bash tests/valgrind.sh /path/to/gossipsim}
scenario=scenarios/2007_oom.yaml

if ! command -v valgrind >/dev/null; then
	echo "SKIP: valgrind is not installed (apt-get install valgrind)"
	exit 0
fi
if grep -qa '__asan_init' "$bin"; then
	echo "SKIP: $bin is built with AddressSanitizer, which valgrind cannot run"
	exit 0
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
valgrind --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --log-file="$log" \
	"$bin" run --headless "$scenario" >/dev/null
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "FAIL: valgrind memcheck on '$bin run --headless $scenario' (exit code $rc)"
	cat "$log"
	exit 1
fi
grep -E 'ERROR SUMMARY|definitely lost|in use at exit' "$log"
echo "valgrind: ok"
