#!/bin/bash
# SPDX-License-Identifier: MIT
#
# bad_files.sh: the real gossipsim ($1) on every mistake of tests/bad/ and tests/bad/decks/,
# and on inputs too big or too odd to commit: a 50 MB file (from disk and from a pipe),
# 10,000 levels of nesting in three spellings, more values than a file may hold, a directory,
# a missing file, an unreadable file, /dev/null, and a deck too big, too deep or unreadable.
# Each must print its first message as EXPECTED says (path:line:column: message), exit 65
# (66 when the file cannot be opened), print nothing on stdout, finish within a time and a
# memory bound, and leave no output file behind: run writes --json, --csv, --plot, --record
# and --trace into an empty folder that must stay empty.
# Usage, from the repository root: bash tests/bad_files.sh /path/to/gossipsim
set -uo pipefail

bin=${1:?usage: bash tests/bad_files.sh /path/to/gossipsim}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
root=$PWD
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
unset GOSSIPSIM_DATADIR GOSSIPSIM_MODULE_DIR
export LC_ALL=C.UTF-8
mkdir "$tmp/out"

# Seconds and kilobytes one refusal may take. A refusal reads at most 8 MiB and parses at
# most 10,000 values: far below both, even in a sanitizer build.
limit_s=30
limit_kb=200000
timer=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	timer=/usr/bin/time
else
	echo "note: GNU time (/usr/bin/time) is not installed; peak memory is not checked"
fi

failures=0
checks=0
fail() {
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*"
}

# gs CMD...: runs CMD with stdin from /dev/null (unless IN is set) under a time limit,
# stdout, stderr and peak memory to files; sets rc.
gs() {
	local in=${IN:-/dev/null}

	if [ -n "$timer" ]; then
		timeout "$limit_s" "$timer" -q -f %M -o "$tmp/mem" "$@" <"$in" >"$tmp/stdout" \
			2>"$tmp/stderr"
	else
		timeout "$limit_s" "$@" <"$in" >"$tmp/stdout" 2>"$tmp/stderr"
	fi
	rc=$?
}

# expect WHAT RC MESSAGE: the last gs gave exit code RC, MESSAGE as its first line on
# stderr, nothing on stdout, stayed within the bounds and wrote no output file.
expect() {
	local what=$1 want_rc=$2 want=$3 first kb

	checks=$((checks + 1))
	first=$(head -n 1 "$tmp/stderr")
	if [ "$rc" -eq 124 ]; then
		fail "$what: still running after ${limit_s} s"
	elif [ "$rc" -ne "$want_rc" ]; then
		fail "$what: exit code $rc, want $want_rc"
		sed -n '1,5s/^/  | /p' "$tmp/stderr"
	elif [ "$first" != "$want" ]; then
		fail "$what: wrong first message"
		printf '  want: %s\n  got:  %s\n' "$want" "$first"
	fi
	if [ -s "$tmp/stdout" ]; then
		fail "$what: printed on stdout"
		sed -n '1,3s/^/  | /p' "$tmp/stdout"
	fi
	if [ -n "$(ls -A "$tmp/out")" ]; then
		fail "$what: left files behind: $(ls -A "$tmp/out" | paste -sd' ')"
		rm -rf "${tmp:?}/out/"* "$tmp/out/".[!.]* 2>/dev/null
	fi
	if [ -n "$timer" ] && [ "$rc" -ne 124 ]; then
		kb=$(tail -n 1 "$tmp/mem")
		if ! [ "$kb" -lt "$limit_kb" ] 2>/dev/null; then
			fail "$what: peak memory ${kb} KB, the bound is $limit_kb KB"
		fi
	fi
}

run_bad() {
	local o=$tmp/out
	gs "$bin" run --json "$o/out.json" --csv "$o/out.csv" --plot "$o/out.png" \
		--record "$o/out.cast" --trace "$o/out.trace" "$@"
}

# ---- 1. every file of the catalogue, from its folder as EXPECTED names them ------------
cd "$root/tests/bad" || exit 1
n=0
while IFS=$'\t' read -r file message; do
	case $file in '#'* | '') continue ;; esac
	code=65
	# a scenario whose era cannot be opened is a file that cannot be opened
	[ "$file" = missing_era_file.yaml ] && code=66
	run_bad "$file"
	expect "$file" "$code" "$message"
	n=$((n + 1))
done <EXPECTED
[ "$n" -ge 80 ] || fail "only $n files in tests/bad/EXPECTED"
for f in *.yaml; do
	[ "$f" = era_ok.yaml ] || grep -q "^$f	" EXPECTED || fail "$f is not in tests/bad/EXPECTED"
done

# all of them at once: validate goes on after each and exits with the highest code met
gs "$bin" validate ./*.yaml
checks=$((checks + 1))
[ "$rc" -eq 66 ] || fail "validate tests/bad/*.yaml: exit code $rc, want 66"
[ "$(cat "$tmp/stdout")" = "./era_ok.yaml: ok" ] ||
	fail "validate tests/bad/*.yaml: only era_ok.yaml is ok, got: $(head -c 300 "$tmp/stdout")"

# ---- 2. decks: gossipsim presents the deck of its data folder -----------------------------
cd "$root/tests/bad/decks" || exit 1
mkdir -p "$tmp/data/assets"
deck=$tmp/data/assets/deck.yaml
n=0
while IFS=$'\t' read -r file message; do
	case $file in '#'* | '') continue ;; esac
	cp "$file" "$deck"
	gs env GOSSIPSIM_DATADIR="$tmp/data" "$bin" --plain
	expect "decks/$file" 65 "${message/#$file/$deck}"
	n=$((n + 1))
done <EXPECTED
[ "$n" -ge 10 ] || fail "only $n decks in tests/bad/decks/EXPECTED"
for f in *.yaml; do
	grep -q "^$f	" EXPECTED || fail "decks/$f is not in tests/bad/decks/EXPECTED"
done
cd "$root" || exit 1

# ---- 3. inputs written here ----------------------------------------------------------------
gen=$tmp/gen
mkdir "$gen"

# 50 MB: a valid era followed by comments; refused from its size before it is read
big=$gen/big.yaml
cp tests/bad/era_ok.yaml "$big"
yes '# a comment line that pads the file to fifty megabytes and more, and more and more' |
	head -c $((50 << 20)) >>"$big"
size=$(stat -c %s "$big")
run_bad "$big"
expect "a 50 MB file" 65 "$big: file too large ($size bytes, at most 8388608)"
gs "$bin" validate "$big"
expect "validate, a 50 MB file" 65 "$big: file too large ($size bytes, at most 8388608)"

# the same through a pipe, whose size is known only by reading: it stops after 8 MiB
cat "$big" | { IN=/dev/stdin gs "$bin" run --json "$tmp/out/out.json" /dev/stdin
	echo "$rc" >"$gen/rc"; }
rc=$(cat "$gen/rc")
expect "a 50 MB pipe" 65 "/dev/stdin: file too large (more than 8388608 bytes)"
rm -f "$big"

# 10,000 levels of nesting: flow lists, flow mappings, block lists all on one line. After
# "era: " the root mapping is level 1, so the 64th opening (4 bytes each) is level 65; a
# block list cannot follow a key on its line, so there the root is the first list.
deep() {
	local prefix=$1 open=$2 close=$3 file=$gen/deep.yaml

	{
		printf '%s' "$prefix"
		printf "%.0s$open" $(seq 10000)
		printf '1'
		printf "%.0s$close" $(seq 10000)
		printf '\n'
	} >"$file"
}
deep 'era: ' '[   ' ']'
run_bad "$gen/deep.yaml"
expect "10,000 nested flow lists" 65 "$gen/deep.yaml:1:258: nesting deeper than 64 levels"
deep 'era: ' '{a: ' '}'
run_bad "$gen/deep.yaml"
expect "10,000 nested flow mappings" 65 "$gen/deep.yaml:1:258: nesting deeper than 64 levels"
deep '' '-   ' ''
run_bad "$gen/deep.yaml"
expect "10,000 nested block lists" 65 "$gen/deep.yaml:1:257: nesting deeper than 64 levels"

# 10,001 values: the root, its key and the list are three, so item 9,998 is one too many
{
	printf 'a: ['
	printf '%.0s1, ' $(seq 10001)
	printf '1]\n'
} >"$gen/values.yaml"
run_bad "$gen/values.yaml"
expect "10,001 values" 65 \
	"$gen/values.yaml:1:$((5 + 9997 * 3)): more than 10000 values in one file"

# files that cannot be opened, and one that can but holds nothing
run_bad tests/bad
expect "a directory" 66 "tests/bad: is a directory"
run_bad "$gen/nowhere.yaml"
expect "a missing file" 66 "$gen/nowhere.yaml: cannot open: No such file or directory"
run_bad /dev/null
expect "/dev/null" 65 "/dev/null: empty file"
mkdir "$gen/data" "$gen/data/assets"
mkdir "$gen/data/assets/deck.yaml"
gs env GOSSIPSIM_DATADIR="$gen/data" "$bin" --plain
expect "a deck that is a directory" 66 "$gen/data/assets/deck.yaml: is a directory"
rmdir "$gen/data/assets/deck.yaml"

# the deck goes through the same reader: 50 MB, 10,000 levels, unreadable
gdeck=$gen/data/assets/deck.yaml
cp assets/deck.yaml "$gdeck"
yes '# a comment line that pads the deck to fifty megabytes' | head -c $((50 << 20)) >>"$gdeck"
size=$(stat -c %s "$gdeck")
gs env GOSSIPSIM_DATADIR="$gen/data" "$bin" --plain
expect "a 50 MB deck" 65 "$gdeck: file too large ($size bytes, at most 8388608)"
deep 'deck: ' '[   ' ']'
mv "$gen/deep.yaml" "$gdeck"
gs env GOSSIPSIM_DATADIR="$gen/data" "$bin" --plain
expect "a deck of 10,000 nested flow lists" 65 "$gdeck:1:259: nesting deeper than 64 levels"

# unreadable: root reads anything, so as root the binary runs as nobody, if it can
secret=$gen/secret.yaml
cp tests/bad/era_ok.yaml "$secret"
chmod 000 "$secret"
if [ "$(id -u)" -ne 0 ]; then
	run_bad "$secret"
	expect "an unreadable file" 66 "$secret: cannot open: Permission denied"
	chmod 000 "$gdeck"
	gs env GOSSIPSIM_DATADIR="$gen/data" "$bin" --plain
	expect "an unreadable deck" 66 "$gdeck: cannot open: Permission denied"
elif command -v setpriv >/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$bin" 2>/dev/null; then
	chmod 755 "$tmp" "$gen"
	chmod 777 "$tmp/out"
	gs setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" run \
		--json "$tmp/out/out.json" "$secret"
	expect "an unreadable file (as nobody)" 66 "$secret: cannot open: Permission denied"
	chmod 000 "$gdeck"
	chmod 755 "$gen/data" "$gen/data/assets"
	gs setpriv --reuid=65534 --regid=65534 --clear-groups \
		env GOSSIPSIM_DATADIR="$gen/data" "$bin" --plain
	expect "an unreadable deck (as nobody)" 66 "$gdeck: cannot open: Permission denied"
else
	echo "skip: as root, and nobody cannot run $bin: the unreadable file is not tried"
fi

if [ "$failures" -ne 0 ]; then
	echo "bad_files: $failures of $checks checks failed"
	exit 1
fi
echo "bad_files: ok ($checks checks)"
