#!/bin/bash
# SPDX-License-Identifier: MIT
#
# e2e.sh: drives the real gossipsim binary ($1) from the repository root the way a user
# or a CI job would: help and version, usage errors (64), missing files (66), broken files
# (65), `check` on every shipped scenario, `run --json` read back with jq, and `list`.
# Every assertion compares exact text or exact exit codes. Nothing is skipped: a shipped
# folder with no scenario in it is a failure, not a pass.
set -euo pipefail

bin=${1:?usage: bash tests/e2e.sh /path/to/gossipsim}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The tests read the data of this tree, whatever the caller's environment says.
unset GOSSIPSIM_DATADIR NO_COLOR

checks=0
failures=0

fail() {
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*"
}

ok() {
	checks=$((checks + 1))
}

# Runs gossipsim with stdin from /dev/null; sets rc and leaves stdout and stderr in files.
gs() {
	set +e
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	set -e
}

expect_rc() {
	local want=$1 what=$2
	if [ "$rc" -eq "$want" ]; then ok; else
		fail "$what: exit $rc, expected $want"
		sed 's/^/    stderr: /' "$tmp/err" | head -n 5
	fi
}

# expect_file FILE TEXT WHAT: the file holds exactly TEXT (plus its final newline).
expect_file() {
	local got want=$2 what=$3
	got=$(cat "$1")
	if [ "$got" == "$want" ]; then ok; else
		fail "$what: got:"
		printf '%s\n' "$got" | head -n 10 | sed 's/^/    | /'
		printf '    expected:\n'
		printf '%s\n' "$want" | sed 's/^/    | /'
	fi
}

expect_empty() {
	local file=$1 what=$2
	if [ ! -s "$file" ]; then ok; else
		fail "$what: expected nothing, got:"
		sed 's/^/    | /' "$file" | head -n 5
	fi
}

# expect_usage MESSAGE ARGS...: exit 64, nothing on stdout, exactly two lines on stderr.
expect_usage() {
	local msg=$1
	shift
	gs "$@"
	expect_rc 64 "gossipsim $*"
	expect_empty "$tmp/out" "gossipsim $* (stdout)"
	expect_file "$tmp/err" "gossipsim: $msg
try 'gossipsim --help'" "gossipsim $* (stderr)"
}

# ---- help and version --------------------------------------------------------------

gs --help
expect_rc 0 "--help"
expect_empty "$tmp/err" "--help (stderr)"
expect_file <(head -n 1 "$tmp/out") "usage: gossipsim [--plain] [--notes]" "--help first line"
for cmd in run check validate list; do
	gs "$cmd" --help
	expect_rc 0 "$cmd --help"
	grep -q "^usage: gossipsim $cmd" "$tmp/out" && ok || fail "$cmd --help: no usage line"
	cp "$tmp/out" "$tmp/help1"
	gs help "$cmd"
	expect_rc 0 "help $cmd"
	cmp -s "$tmp/out" "$tmp/help1" && ok || fail "help $cmd differs from $cmd --help"
done

# README's usage block is --help's, word for word; the man page's synopsis names the same
# options; and every option the parser knows is in them.
gs --help
sed -n '1,/^$/p' "$tmp/out" | sed -e '/^$/d' -e 's/^usage: //' -e 's/^       //' >"$tmp/usage"
expect_file <(awk '/^## Usage/ { u = 1 } u && /^```/ { if (b++) exit; next } u && b' README.md) \
	"$(cat "$tmp/usage")" "README's usage is --help's"
options() { grep -o -- '--[a-z-]*' | sort -u; }
man_synopsis=$(sed -n '/^# SYNOPSIS/,/^# DESCRIPTION/p' docs/gossipsim.1.scd | tr -d '*\\')
expect_file <(printf '%s\n' "$man_synopsis" | options) "$(options <"$tmp/usage")" \
	"the man page's synopsis names --help's options"
expect_file <(sed -n 's/^\t{OPT_[A-Z_]*, *"\([a-z-]*\)".*/--\1/p' ui/cli.c | sort -u) \
	"$(options <"$tmp/usage")" "every option of the parser is in the usage"
gs help run
sed -n '1,/^$/p' "$tmp/out" | options >"$tmp/run_usage"
expect_file "$tmp/run_usage" "$(grep -e 'run' -e '^ ' "$tmp/usage" | grep -v -e check \
	-e validate -e dot -e diff -e list -e help | options)" "help run's usage has run's options"

version=$(sed -n 's/^project(gossipsim VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] && ok || fail "no version in CMakeLists.txt"
gs --version
expect_rc 0 "--version"
expect_file "$tmp/out" "gossipsim $version" "--version"
gs -V
expect_file "$tmp/out" "gossipsim $version" "-V"

# ---- usage errors ------------------------------------------------------------------

expect_usage "unknown option '--bogus'" --bogus
expect_usage "unknown option '--sed' (did you mean '--seed'?)" run --sed 1 x.yaml
expect_usage "run needs a FILE" run
expect_usage "run takes one FILE, got 2" run a.yaml b.yaml
expect_usage "check needs at least one FILE" check
expect_usage "validate needs at least one FILE" validate
expect_usage "list takes no arguments, got 'x'" list x
expect_usage "option '--seed' is not valid with 'check'" check --seed 1 a.yaml
expect_usage "option '--seed' expects a whole number from 0 to 18446744073709551615, got '-1'" \
	run --seed -1 a.yaml
expect_usage "option '--until' expects a duration like 200ms, 30s, 10m or 2h, got 'later'" \
	run --until later a.yaml
expect_usage "option '--set' expects KEY=VALUE, got 'seed'" run --set seed a.yaml
expect_usage "option '--variant' needs a value" run a.yaml --variant
expect_usage "unknown command 'frob'" help frob
expect_usage "unknown command 'chek' (did you mean 'check'?)" chek a.yaml

# ---- files that cannot be opened or are not valid ----------------------------------

gs validate "$tmp/missing.yaml"
expect_rc 66 "validate a missing file"
expect_empty "$tmp/out" "validate a missing file (stdout)"
grep -q "^$tmp/missing.yaml: " "$tmp/err" && ok ||
	fail "validate a missing file: no message naming it: $(cat "$tmp/err")"

gs run --headless "$tmp/missing.yaml"
expect_rc 66 "run a missing file"

cat >"$tmp/bad.yaml" <<'YAML'
era: broken
year: 2004
title: Broken
entry: web
nodes:
  web:
    kind: app
    coers: 2
routes:
  page: {cpu: 10ms}
YAML
gs validate "$tmp/bad.yaml"
expect_rc 65 "validate a bad file"
expect_empty "$tmp/out" "validate a bad file (stdout)"
grep -q "^$tmp/bad.yaml:8:5: " "$tmp/err" && ok ||
	fail "validate a bad file: no message at 8:5: $(cat "$tmp/err")"
if grep -qv "^$tmp/bad.yaml:[0-9]*:[0-9]*: [a-z]" "$tmp/err"; then
	fail "validate a bad file: a line not shaped path:line:column: message"
	sed 's/^/    | /' "$tmp/err"
else ok; fi
gs check "$tmp/bad.yaml"
expect_rc 65 "check a bad file"
gs run "$tmp/bad.yaml"
expect_rc 65 "run a bad file"

# The worst outcome wins when files differ.
gs validate "$tmp/bad.yaml" "$tmp/missing.yaml"
expect_rc 66 "validate a bad and a missing file"

# ---- every shipped file ------------------------------------------------------------

mapfile -t eras < <(find eras -name '*.yaml' | sort)
mapfile -t scenarios < <(find scenarios -name '*.yaml' | sort)
[ "${#eras[@]}" -gt 0 ] && ok || fail "no eras/*.yaml found: nothing to test"
[ "${#scenarios[@]}" -gt 0 ] && ok || fail "no scenarios/*.yaml found: nothing to test"

for f in "${eras[@]}" "${scenarios[@]}"; do
	gs validate "$f"
	expect_rc 0 "validate $f"
	expect_file "$tmp/out" "$f: ok" "validate $f"
	expect_empty "$tmp/err" "validate $f (stderr)"
done

# An era alone is its architecture on a quiet minute: its clients ask only for what they
# can (not a consumer's route, a call between services, or a route no gateway serves),
# and nothing fails.
for f in "${eras[@]}"; do
	gs run --json - "$f"
	expect_rc 0 "run $f alone"
	failed=$(jq '.variants[0].metrics.failed' "$tmp/out")
	requests=$(jq '.variants[0].metrics.requests' "$tmp/out")
	[ "$failed" = 0 ] && [ "$requests" -gt 200 ] && ok ||
		fail "run $f alone: $failed of $requests requests failed"
done

for f in "${scenarios[@]}"; do
	gs check "$f"
	expect_rc 0 "check $f"
	grep ': FAIL ' "$tmp/out" | sed 's/^/    | /' || true
	expect_empty "$tmp/err" "check $f (stderr)"
	n=$(($(wc -l <"$tmp/out") - 1))
	claims=$(grep -c "^$f [^ ]*: PASS " "$tmp/out" || true)
	bare=$(grep -c "^$f [^ ]*: no claims$" "$tmp/out" || true)
	[ "$((claims + bare))" -eq "$n" ] && ok ||
		fail "check $f: $n lines, $claims passed claims, $bare variants without claims"
	[ "$claims" -gt 0 ] && ok || fail "check $f: no claims at all"
	s=s; [ "$claims" -eq 1 ] && s=
	expect_file <(tail -n 1 "$tmp/out") \
		"$claims claim$s in 1 file: $claims passed, 0 failed" "check $f (summary)"
done

# ---- run --headless and --json -----------------------------------------------------

f=${scenarios[0]:-scenarios/none.yaml}
gs run --headless --json "$tmp/run.json" "$f"
expect_rc 0 "run --json $f"
expect_empty "$tmp/err" "run --json $f (stderr)"
cp "$tmp/out" "$tmp/report.txt"
if jq -e '
	(keys_unsorted | index("scenario") != null and index("seed") != null and
	 index("variants") != null) and
	(.variants | length >= 1) and
	all(.variants[];
		(.name | type == "string") and (.events | type == "number") and
		(.fingerprint | test("^[0-9a-f]{16}$")) and (.sim_seconds | type == "number") and
		(.metrics | type == "object" and length > 0) and
		all(.claims[]; (.text | type == "string") and (.ok | type == "boolean") and
			has("value")) and
		all(.log[]; (.time | test("^[0-9]{2}:[0-9]{2}:[0-9]{2}$")) and
			(.level | type == "string") and (.message | type == "string")))
	' "$tmp/run.json" >/dev/null; then ok; else
	fail "run --json $f: keys missing or of the wrong type"
fi

# Each node's cost a month: the four upgrades' $640 machine, and a total that is the sum.
gs run --json "$tmp/cost.json" --variant pain scenarios/2007_vertical.yaml
if jq -e '.variants[0] |
	(.cost[] | select(.node == "app") | .instances == 1 and .each_usd == 640 and
	 .per_month_usd == 640) and
	([.cost[].per_month_usd] | add) == .metrics.cost_per_month_usd' \
	"$tmp/cost.json" >/dev/null; then ok; else
	fail "run --json: each node's cost, and their sum as cost_per_month_usd"
fi
grep -q '^  app       1.0 x \$640             \$640$' "$tmp/out" && ok ||
	fail "run --headless: the app's line of the cost table"
jq -r '.scenario' "$tmp/run.json" >"$tmp/name"
expect_file "$tmp/name" "$f" "run --json: scenario"

# The text report and the JSON tell the same run.
jq -r '.variants[] | "fingerprint \(.fingerprint), \(.events) events"' "$tmp/run.json" \
	>"$tmp/json.fp"
grep '^fingerprint ' "$tmp/report.txt" | sed 's/, [^,]* simulated$//' >"$tmp/text.fp"
expect_file "$tmp/text.fp" "$(cat "$tmp/json.fp")" "run: report and JSON fingerprints"
jq -r '.variants[].name' "$tmp/run.json" >"$tmp/json.names"
sed -nE 's/^== variant ([^: ]+)(: .*)? ==$/\1/p' "$tmp/report.txt" >"$tmp/text.names"
expect_file "$tmp/text.names" "$(cat "$tmp/json.names")" "run: report and JSON variants"

# Same file, same seed: the same fingerprints, and stdout JSON equals the file.
gs run --json - "$f"
expect_rc 0 "run --json - $f"
jq -S . "$tmp/out" >"$tmp/a.json" 2>/dev/null || fail "run --json -: not JSON"
jq -S . "$tmp/run.json" >"$tmp/b.json"
cmp -s "$tmp/a.json" "$tmp/b.json" && ok || fail "run --json - differs from a second run"

# Not a terminal: a bare FILE prints the same report as run --headless.
gs "$f"
expect_rc 0 "gossipsim $f (not a terminal)"
cmp -s "$tmp/out" "$tmp/report.txt" && ok || fail "gossipsim $f differs from run --headless"

# --variant picks one; an unknown one is a usage error naming the variants.
first=$(jq -r '.variants[0].name' "$tmp/run.json")
gs run --variant "$first" --json - "$f"
expect_rc 0 "run --variant $first"
jq -r '[.variants[].name] | join(",")' "$tmp/out" >"$tmp/names"
expect_file "$tmp/names" "$first" "run --variant $first: variants in the JSON"
names=$(jq -r '[.variants[].name] | join(", ")' "$tmp/run.json")
expect_usage "no variant 'nosuch' in $f (it has: $names)" run --variant nosuch "$f"

# --seed replaces the scenario's seed; --until stops early, and claims about the whole
# run are shown but not judged.
gs run --seed 12345 --until 1s --json - "$f"
expect_rc 0 "run --seed --until"
jq -e 'all(.variants[].claims[]; .ok == null)' "$tmp/out" >/dev/null && ok ||
	fail "run --until 1s: claims judged on a cut run"
jq -r '.seed' "$tmp/out" >"$tmp/seed"
expect_file "$tmp/seed" "12345" "run --seed: seed in the JSON"
jq -r '[.variants[].sim_seconds] | unique | join(",")' "$tmp/out" >"$tmp/secs"
expect_file "$tmp/secs" "1" "run --until 1s: simulated seconds"

# The JSON never lands on an input file, nor half-written in a folder that is missing.
cp "$f" "$tmp/copy.yaml"
gs run --json "$f" "$f"
expect_rc 64 "run --json over the input"
expect_file "$tmp/err" "gossipsim: refusing to write JSON over the input file '$f'
try 'gossipsim --help'" "run --json over the input (stderr)"
cmp -s "$f" "$tmp/copy.yaml" && ok || fail "run --json over the input changed $f"
gs run --json "$tmp/no/such/dir/out.json" "$f"
expect_rc 66 "run --json into a missing folder"
expect_empty "$tmp/out" "run --json into a missing folder: refused before the run (stdout)"
expect_file "$tmp/err" \
	"gossipsim: cannot write '$tmp/no/such/dir/out.json': no such file or directory" \
	"run --json into a missing folder (stderr)"
[ -z "$(find "$tmp" -name '.*.json.*')" ] && ok || fail "a temporary JSON file was left"

# ---- claims that fail --------------------------------------------------------------

# A scenario of our own on a shipped era: one variant holds its claim, one does not.
cp eras/2004_monolith.yaml "$tmp/era.yaml"
cat >"$tmp/claims.yaml" <<'YAML'
scenario: claims
title: Claims
year: 2004
era: era.yaml
duration: 10s
workloads:
  w:
    kind: open
    rate: 5/s
    routes: page
variants:
  good:
    expect: [requests > 0]
  bad:
    expect: [requests < 0]
YAML
gs run --json - "$tmp/claims.yaml"
expect_rc 1 "run with a failing claim"
jq -r '.variants[] | .name as $v | .claims[] | "\($v) \(.ok) \(.text) \(.value)"' \
	"$tmp/out" >"$tmp/verdicts"
n=$(jq -r '.variants[0].metrics.requests' "$tmp/out")
[ "$n" -gt 0 ] && ok || fail "run with a failing claim: no requests ($n)"
expect_file "$tmp/verdicts" "good true requests > 0 $n
bad false requests < 0 $n" "run with a failing claim: verdicts in the JSON"
gs check "$tmp/claims.yaml"
expect_rc 1 "check with a failing claim"
expect_empty "$tmp/err" "check with a failing claim (stderr)"
expect_file "$tmp/out" "$tmp/claims.yaml good: PASS  requests > 0  (requests = $n)
$tmp/claims.yaml bad: FAIL  requests < 0  (requests = $n)
2 claims in 1 file: 1 passed, 1 failed" "check with a failing claim"

# A claim on a metric the engine does not have is a fault of the file, at its place.
sed 's/\[requests < 0\]/[nosuch_metric > 0]/' "$tmp/claims.yaml" >"$tmp/unknown.yaml"
gs check "$tmp/unknown.yaml"
expect_rc 65 "check with an unknown metric"
expect_file "$tmp/err" \
	"$tmp/unknown.yaml:15:14: unknown metric 'nosuch_metric' in claim 'nosuch_metric > 0'" \
	"check with an unknown metric (stderr)"

# A claim may compare with another variant's run; `run --variant` runs that one too,
# unseen, and a variant the scenario lacks is a fault of the file, at the claim.
sed 's/\[requests < 0\]/[requests == good.requests, requests > good.requests * 2]/' \
	"$tmp/claims.yaml" >"$tmp/compare.yaml"
gs check "$tmp/compare.yaml"
expect_rc 1 "check comparing variants"
expect_file "$tmp/out" "$tmp/compare.yaml good: PASS  requests > 0  (requests = $n)
$tmp/compare.yaml bad: PASS  requests == good.requests  (requests = $n, good.requests = $n)
$tmp/compare.yaml bad: FAIL  requests > good.requests * 2  (requests = $n, good.requests = $n)
3 claims in 1 file: 2 passed, 1 failed" "check comparing variants"
gs run --headless --variant bad "$tmp/compare.yaml"
expect_rc 1 "run --variant comparing variants"
grep -qxF "  PASS  requests == good.requests  (requests = $n, good.requests = $n)" \
	"$tmp/out" && ok || fail "run --variant bad: the claim against good is not judged"
grep -q "^== variant good" "$tmp/out" && fail "run --variant bad: good is shown" || ok
sed 's/good\.requests,/goood.requests,/' "$tmp/compare.yaml" >"$tmp/novariant.yaml"
gs check "$tmp/novariant.yaml"
expect_rc 65 "check with an unknown variant"
expect_file "$tmp/err" "$tmp/novariant.yaml:15:14: unknown variant 'goood' in claim \
'requests == goood.requests' (did you mean 'good'?)" "check with an unknown variant (stderr)"

# ---- list --------------------------------------------------------------------------

gs list
expect_rc 0 "list"
expect_empty "$tmp/err" "list (stderr)"
for g in "${eras[@]}" "${scenarios[@]}"; do
	grep -q "^  $g  " "$tmp/out" && ok || fail "list: $g is missing"
done
lines=$(grep -c '^  ' "$tmp/out" || true)
[ "$lines" -eq $((${#eras[@]} + ${#scenarios[@]})) ] && ok ||
	fail "list: $lines files listed, $((${#eras[@]} + ${#scenarios[@]})) shipped"
grep -v '^  ' "$tmp/out" >"$tmp/years"
sort -n "$tmp/years" | cmp -s - "$tmp/years" && ok || fail "list: years out of order"
grep -qvE '^[0-9]{4}$' "$tmp/years" && fail "list: a heading that is not a year" || ok

GOSSIPSIM_DATADIR="$tmp/empty" gs list
expect_rc 66 "list with an empty data folder"
expect_file "$tmp/err" "gossipsim: no eras or scenarios found in '$tmp/empty'" \
	"list with an empty data folder (stderr)"

printf '%d checks, %d failed\n' "$checks" "$failures"
[ "$failures" -eq 0 ]
