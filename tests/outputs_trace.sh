#!/bin/bash
# SPDX-License-Identifier: MIT
#
# outputs_trace.sh: `run --trace` with the real binary ($1), from the repository root. jq
# reads every file written: the Chrome trace's shape (metadata for each variant and node,
# complete events in microseconds), the arrows of 2011_post's fix from the post service
# to its three consumers ("s" and "f" sharing an id), calls nested in their callers by
# span ids and time, properly nested slices on every thread (the extra lanes), one event
# per hop (a db query is one) with --trace-every 1 on a small run, the sampling of
# --trace-every N, the cap with its note, the same bytes twice, and the refusals: usage
# errors, a target that is an input of the run (the scenario, its era, a replayed access
# log), a folder that is missing.
set -euo pipefail

bin=${1:?usage: bash tests/outputs_trace.sh /path/to/gossipsim}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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

# Runs gossipsim with stdin from /dev/null; sets rc, leaves stdout and stderr in files.
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

# expect_eq GOT WANT WHAT
expect_eq() {
	if [ "$1" == "$2" ]; then ok; else fail "$3: got '$1', expected '$2'"; fi
}

# expect_jq FILE FILTER WHAT: the filter (a jq expression) is true of the file.
expect_jq() {
	if [ "$(jq -r "$2" "$1")" == "true" ]; then ok; else fail "$3 ($2)"; fi
}

# A thread's name by pid and tid, for the filters below.
threads='[.traceEvents[] | select(.ph == "M" and .name == "thread_name")
	| {key: "\(.pid)/\(.tid)", value: .args.name}] | from_entries'

# Every thread's slices nest: sorted by start (the longer first), each one ends before
# the next starts or holds it whole.
nested='[.traceEvents[] | select(.ph == "X")] | group_by([.pid, .tid])
	| map(sort_by([.ts, -.dur]) | reduce .[] as $e ({ok: true, open: []};
		.open |= map(select(. > $e.ts))
		| if (.open | length) > 0 and .open[-1] < $e.ts + $e.dur then .ok = false
		  else . end
		| .open += [$e.ts + $e.dur]) | .ok) | all'

# ---- the shape, and 2011_post's messages ---------------------------------------------

post=scenarios/2011_post.yaml
gs run --trace "$tmp/post.json" --variant fix "$post"
expect_rc 0 "run --trace --variant fix"
expect_eq "$(cat "$tmp/err")" "" "run --trace (stderr)"
jq empty "$tmp/post.json" && ok || fail "post.json is not JSON"
expect_jq "$tmp/post.json" '.displayTimeUnit == "ms" and (.traceEvents | type) == "array"' \
	"top-level keys"
expect_jq "$tmp/post.json" '.otherData.scenario == "scenarios/2011_post.yaml"
	and .otherData.seed == "2011"' "otherData"
# the fix is the second variant: pid 2, and no other process
expect_jq "$tmp/post.json" '[.traceEvents[].pid] | unique == [2]' "one process, pid 2"
expect_jq "$tmp/post.json" '[.traceEvents[] | select(.name == "process_name")
	| .args.name] == ["fix"]' "process_name"
expect_jq "$tmp/post.json" "$threads"' | [.["2/1"], .["2/2"], .["2/4"], .["2/5"], .["2/6"]]
	== ["nginx", "post service", "notifications", "email", "feeds"]' "thread names"
expect_jq "$tmp/post.json" '[.traceEvents[] | select(.ph == "X")]
	| length > 100 and all(.cat == "request" and (.ts | type) == "number"
		and .dur >= 0 and (.args | has("span") and has("parent") and has("status")))' \
	"complete events"
expect_jq "$tmp/post.json" '[.traceEvents[] | select(.ph == "X") | .name] | unique
	== ["email", "feed_update", "notify", "publish"]' "slice names are routes"

# each arrow: an "s" in the publishing slice on the post service, an "f" at the start of a
# consumer's slice that names the publisher as its flow
expect_jq "$tmp/post.json" '[.traceEvents[] | select(.ph == "s")] as $s
	| [.traceEvents[] | select(.ph == "f")] as $f
	| ($s | length) > 0 and ($s | map(.id) | sort) == ($f | map(.id) | sort)
	and ($s | map(.id) | unique | length) == ($s | length)' "flow pairs share ids"
expect_jq "$tmp/post.json" "($threads) as \$t | [.traceEvents[] | select(.ph == \"s\")
	| \$t[\"\(.pid)/\(.tid)\"]] | unique == [\"post service\"]" "arrows leave the post service"
expect_jq "$tmp/post.json" "($threads) as \$t | [.traceEvents[] | select(.ph == \"f\")
	| \$t[\"\(.pid)/\(.tid)\"] | sub(\" #[0-9]+\$\"; \"\")] | unique
	== [\"email\", \"feeds\", \"notifications\"]" "arrows reach the three consumers"
expect_jq "$tmp/post.json" '[.traceEvents[] | select(.ph == "X")] as $x
	| [.traceEvents[] | select(.ph == "f") | . as $f
		| [$x[] | select(.tid == $f.tid and .ts == $f.ts and .args.flow != null)]
		| length > 0] | all' "an arrow ends at a consumer slice"
expect_jq "$tmp/post.json" '[.traceEvents[] | select(.ph == "X")] as $x
	| [.traceEvents[] | select(.ph == "s") | . as $s
		| [$x[] | select(.tid == $s.tid and .ts == $s.ts and .name == "publish")]
		| length > 0] | all' "an arrow starts at a publishing slice"

# calls nest in their callers: the post service's span is a child of nginx's, within it
expect_jq "$tmp/post.json" '[.traceEvents[] | select(.ph == "X")] as $x
	| ($x | map({key: "\(.args.span)", value: .}) | from_entries) as $by
	| [$x[] | select(.args.parent != 0) | . as $c | $by["\($c.args.parent)"] as $p
		| $p != null and $c.ts >= $p.ts and $c.ts + $c.dur <= $p.ts + $p.dur]
	| length > 0 and all' "calls nest by parent ids"
expect_jq "$tmp/post.json" '[.traceEvents[] | select(.ph == "X" and .args.flow != null)
	| .args.parent] | unique == [0]' "consumers are roots"
expect_jq "$tmp/post.json" "$nested" "slices nest on every thread"

# ---- every hop of a small run --------------------------------------------------------

# the tiny era of the bad-file catalogue: nginx-like web, one app; the traffic stops ten
# seconds before the end, so that every request has been answered
cp tests/bad/era_ok.yaml "$tmp/era.yaml"
cat >"$tmp/small.yaml" <<'EOF'
scenario: small
title: Small
year: 2004
era: era.yaml
seed: 3
duration: 1m
workloads:
  w:
    kind: open
    rate: {base: 20/s, peak: 0/s, at: 50s, ramp: 0s}
    routes: page
EOF
gs run --trace "$tmp/small.json" --trace-every 1 --json "$tmp/small.out.json" \
	"$tmp/small.yaml"
expect_rc 0 "run --trace-every 1"
requests=$(jq '.variants[0].metrics.requests' "$tmp/small.out.json")
[ "$requests" -gt 500 ] && ok || fail "small run: only $requests requests"
expect_jq "$tmp/small.json" "[.traceEvents[] | select(.ph == \"X\")] | length
	== 3 * $requests" "--trace-every 1: an event per hop (web, app, its one query)"
expect_jq "$tmp/small.json" "($threads)"' as $t | [.traceEvents[] | select(.ph == "X"
	and .args.parent == 0)] | all($t["\(.pid)/\(.tid)"] | startswith("web"))
	and length == '"$requests" "--trace-every 1: a root on web per request"
expect_jq "$tmp/small.json" "($threads)"' as $t | [.traceEvents[] | select(.ph == "X")] as $x
	| ($x | map(select($t["\(.pid)/\(.tid)"] | startswith("app"))) | map(.args.parent)
		| sort) == ($x | map(select(.args.parent == 0)) | map(.args.span) | sort)' \
	"--trace-every 1: each root has one call to the app"
# the query is the app's child on the db's lane, inside the app's span, and takes at
# least the route's 1 ms
expect_jq "$tmp/small.json" "($threads)"' as $t | [.traceEvents[] | select(.ph == "X")]
	| (map({key: "\(.args.span)", value: .}) | from_entries) as $by
	| map(select($t["\(.pid)/\(.tid)"] | startswith("db"))) as $q
	| ($q | length) == '"$requests"' and ($q | all(. as $c | $by["\($c.args.parent)"] as $p
		| ($t["\($p.pid)/\($p.tid)"] | startswith("app")) and $c.ts >= $p.ts
		and $c.ts + $c.dur <= $p.ts + $p.dur and $c.dur >= 1000))' \
	"--trace-every 1: one query a request, a child of the app's span on db"
expect_jq "$tmp/small.json" "$nested" "--trace-every 1: slices nest on every thread"
expect_jq "$tmp/small.json" '[.traceEvents[] | select(.ph == "s" or .ph == "f")] | length
	== 0' "no messages, no arrows"

gs run --trace "$tmp/every10.json" --trace-every 10 "$tmp/small.yaml"
expect_rc 0 "run --trace-every 10"
expect_jq "$tmp/every10.json" "[.traceEvents[] | select(.ph == \"X\" and .args.parent == 0)]
	| length == (($requests + 9) / 10 | floor)" "--trace-every 10: one request in ten"

gs run --trace "$tmp/default.json" "$tmp/small.yaml"
expect_jq "$tmp/default.json" "[.traceEvents[] | select(.ph == \"X\" and .args.parent == 0)]
	| length == (($requests + 99) / 100 | floor)" "default: one request in a hundred"

# the same run, the same bytes
gs run --trace "$tmp/again.json" --trace-every 1 "$tmp/small.yaml"
cmp -s "$tmp/small.json" "$tmp/again.json" && ok || fail "two traces of one run differ"

# ---- every variant, the cap ----------------------------------------------------------

# 2007_sessions: four variants, 50,000 requests each; their shares of 200,000 spans run out
gs run --trace "$tmp/sessions.json" --trace-every 1 scenarios/2007_sessions.yaml
expect_rc 0 "run --trace, capped"
expect_jq "$tmp/sessions.json" '[.traceEvents[] | select(.name == "process_name")
	| [.pid, .args.name]] == [[1, "pain"], [2, "sticky"], [3, "fix"], [4, "jwt"]]' \
	"a process per variant"
expect_jq "$tmp/sessions.json" '[.traceEvents[] | select(.ph == "X")] | group_by(.pid)
	| map(length) == [50000, 50000, 50000, 50000]' "each variant's share of the cap"
expect_eq "$(grep -c "^gossipsim: --trace: variant '[a-z]*' reached its 50000 spans at" \
	"$tmp/err")" 4 "a note for each capped variant"
expect_eq "$(sed -n 1p "$tmp/err")" "gossipsim: --trace: variant 'pain' reached its 50000 \
spans at $(sed -n 1p "$tmp/err" | sed 's/.* at \([0-9:]*\);.*/\1/'); its trace stops there (a \
larger --trace-every samples fewer requests)" "the note"
expect_jq "$tmp/sessions.json" "$nested" "capped: slices nest on every thread"

# a replayed log traces like any workload
gs run --trace "$tmp/replay.json" --variant pain scenarios/2007_replay.yaml
expect_rc 0 "run --trace on a replay"
expect_jq "$tmp/replay.json" '[.traceEvents[] | select(.ph == "X" and .args.parent == 0)]
	| length == 41' "a replay: one request in a hundred of 4,024"

# ---- refusals ------------------------------------------------------------------------

gs run --trace-every 0 --trace "$tmp/x.json" "$post"
expect_rc 64 "--trace-every 0"
expect_eq "$(head -n 1 "$tmp/err")" "gossipsim: option '--trace-every' expects a whole \
number from 1 to 4294967295, got '0'" "--trace-every 0 (message)"
gs run --trace-every 5 "$post"
expect_rc 64 "--trace-every without --trace"
expect_eq "$(head -n 1 "$tmp/err")" "gossipsim: option '--trace-every' needs '--trace'" \
	"--trace-every without --trace (message)"
gs run --trace - "$post"
expect_rc 64 "--trace -"
expect_eq "$(head -n 1 "$tmp/err")" \
	"gossipsim: option '--trace' writes a file, not standard output" "--trace - (message)"
gs check --trace "$tmp/x.json" "$post"
expect_rc 64 "check --trace"

for input in scenarios/2007_replay.yaml eras/2007_horizontal.yaml \
	scenarios/traffic/access.log; do
	sum=$(cksum <"$input")
	gs run --trace "$input" scenarios/2007_replay.yaml
	expect_rc 64 "--trace over $input"
	expect_eq "$(head -n 1 "$tmp/err")" \
		"gossipsim: refusing to write --trace over the input file '$input'" \
		"--trace over $input (message)"
	expect_eq "$(cksum <"$input")" "$sum" "$input is untouched"
done
gs run --trace "$tmp/t.json" --csv "$tmp/t.json" "$post"
expect_rc 64 "--trace and --csv into one file"
gs run --trace "$tmp/nowhere/t.json" --variant fix "$post"
expect_rc 66 "--trace into a missing folder"
[ ! -e "$tmp/nowhere" ] && ok || fail "--trace into a missing folder made something"
expect_eq "$(ls -A "$tmp" | grep -c '^\.')" 0 "no temporary file left behind"

echo "outputs_trace: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
