#!/bin/bash
# SPDX-License-Identifier: MIT
#
# outputs.sh: the files people take away from gossipsim, made by the real binary ($1) from
# the repository root: --csv (header, row counts, CRLF, values that agree with --json),
# --plot (PNG and SVG headers, the size), dot (Graphviz renders it), --record (an
# asciinema v2 file that jq reads, the same bytes twice), diff (the boxes a later era
# adds, removes and changes), --set in every mode with an unknown key refused with a
# suggestion, and an install into a temporary prefix whose binary finds its data and its
# drawing module (--plot) once the source tree it was built from is gone. Every check
# compares exact values or exit codes.
set -euo pipefail

bin=${1:?usage: bash tests/outputs.sh /path/to/gossipsim}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset GOSSIPSIM_DATADIR GOSSIPSIM_MODULE_DIR NO_COLOR
export SOURCE_DATE_EPOCH=1700000000

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

# expect_grep FILE FIXED-TEXT WHAT: a line of FILE holds the text.
expect_grep() {
	if grep -qF -- "$2" "$1"; then ok; else
		fail "$3: no '$2' in:"
		head -n 8 "$1" | sed 's/^/    | /'
	fi
}

oom=scenarios/2007_oom.yaml
sessions=scenarios/2007_sessions.yaml
header=variant,time_s,clock,throughput_per_s,p50_ms,p99_ms,error_rate,users
header+=,failed,timeouts,refused,logged_out,oom_kills,crashes
header+=,app_cpu,app_ram,db_cpu,db_pool

# ---- --csv -------------------------------------------------------------------------

gs run --csv "$tmp/oom.csv" --json "$tmp/oom.json" "$oom"
expect_rc 0 "run --csv --json"
expect_eq "$(head -n 1 "$tmp/oom.csv" | tr -d '\r')" "$header" "csv header"
# 12 minutes, two variants, a row per second, plus the header
expect_eq "$(wc -l <"$tmp/oom.csv")" 1441 "csv rows"
expect_eq "$(grep -c $'\r$' "$tmp/oom.csv")" 1441 "csv CRLF line ends"
expect_eq "$(tr -d '\r' <"$tmp/oom.csv" | awk -F, '{print NF}' | sort -u)" 18 "csv columns"
expect_eq "$(tr -d '\r' <"$tmp/oom.csv" | cut -d, -f1 | sort | uniq -c | awk '{print $2 $1}' |
	tr '\n' ' ')" "fix720 pain720 variant1 " "csv rows per variant"
expect_eq "$(grep '^pain,720,' "$tmp/oom.csv" | cut -d, -f3)" "02:52:00" "csv clock"
expect_eq "$(grep '^pain,241,' "$tmp/oom.csv" | cut -d, -f1-3)" "pain,241,02:44:01" \
	"csv time_s and clock"
# The last row's counters are the run's totals, as --json reports them.
for pair in logged_out:12 oom_kills:13 failed:9 timeouts:10; do
	name=${pair%:*}
	col=${pair#*:}
	want=$(jq -r --arg m "$name" '.variants[] | select(.name == "pain") | .metrics[$m]' \
		"$tmp/oom.json")
	expect_eq "$(grep '^pain,720,' "$tmp/oom.csv" | tr -d '\r' | cut -d, -f"$col")" "$want" \
		"csv $name agrees with json"
done
expect_eq "$(jq -r '[.variants[].name] | join(",")' "$tmp/oom.json")" "pain,fix" "json variants"
expect_eq "$(jq '.variants[0].metrics.oom_kills >= 1' "$tmp/oom.json")" "true" "json oom kill"

gs run --csv - --variant fix --until 90s "$oom"
expect_rc 0 "run --csv - --until"
expect_eq "$(wc -l <"$tmp/out")" 91 "csv to stdout: header and 90 rows, no report"
expect_eq "$(tail -n 1 "$tmp/out" | cut -d, -f1,2)" "fix,90" "csv last row"

# Variants with different nodes: the union of columns, empty where a node is missing.
gs run --csv "$tmp/s.csv" "$sessions"
expect_rc 0 "run --csv on sessions"
expect_grep "$tmp/s.csv" "redis_cpu" "csv column of a node only fix has"
expect_eq "$(grep '^pain,1,' "$tmp/s.csv" | tr -d '\r' | awk -F, '{print $NF}')" "" \
	"csv empty field for a node the variant lacks"

gs run --csv - --json - "$oom"
expect_rc 64 "csv and json both on stdout"
expect_grep "$tmp/err" "cannot both write to standard output" "csv/json stdout message"
gs run --csv "$oom" "$oom"
expect_rc 64 "csv over the input file"
expect_grep "$tmp/err" "refusing to write --csv over the input file" "csv input message"
gs run --csv "$tmp" "$oom"
expect_rc 66 "csv into a folder"

# --json keeps off every input the other files keep off: a variant's own era, an access
# log the run replays; and no two options, --json among them, may name one file.
for pair in scenarios/2011_post.yaml:eras/2011_async.yaml \
	scenarios/2007_replay.yaml:scenarios/traffic/access.log; do
	file=${pair%%:*} input=${pair#*:}
	sum=$(cksum <"$input")
	gs run --json "$input" --until 5s "$file"
	expect_rc 64 "--json over $input"
	expect_eq "$(cat "$tmp/err")" "gossipsim: refusing to write JSON over the input file \
'$input'
try 'gossipsim --help'" "--json over $input (message)"
	expect_eq "$(cksum <"$input")" "$sum" "--json over $input: the file is untouched"
done
gs run --json "$tmp/one" --csv "$tmp/./one" --until 5s "$oom"
expect_rc 64 "--json and --csv into one file"
expect_eq "$(cat "$tmp/err")" "gossipsim: --csv and --json both write '$tmp/./one'
try 'gossipsim --help'" "--json and --csv into one file (message)"
echo old >"$tmp/two"
ln -s "$tmp/two" "$tmp/link"
gs run --json "$tmp/link" --csv "$tmp/two" --until 5s "$oom"
expect_rc 64 "--json through a link into the --csv file"
expect_eq "$(ls -A "$tmp" | grep -c 'one')" 0 "two outputs into one file: none written"
expect_eq "$(cat "$tmp/two")" old "two outputs into one file: the old file is kept"
rm "$tmp/link" "$tmp/two"
# a link to a file not written yet: writing through it makes that file
ln -s three "$tmp/link"
gs run --json "$tmp/three" --csv "$tmp/link" --until 5s "$oom"
expect_rc 64 "--csv through a dangling link into the --json file"
expect_eq "$(ls -A "$tmp" | grep -c 'three')" 0 "a dangling link's target: nothing written"
rm "$tmp/link"

# ---- --plot ------------------------------------------------------------------------

gs run --plot "$tmp/oom.png" "$oom"
expect_rc 0 "run --plot png"
expect_eq "$(head -c 8 "$tmp/oom.png" | od -An -tx1 | tr -d ' \n')" "89504e470d0a1a0a" \
	"png signature"
# IHDR: width and height, big-endian, at bytes 16..23
expect_eq "$(od -An -tu1 -j16 -N8 "$tmp/oom.png" | awk '{print $3*256+$4 "x" $7*256+$8}')" \
	"1200x1190" "png size"
gs run --plot "$tmp/oom.svg" --variant fix "$oom"
expect_rc 0 "run --plot svg"
expect_eq "$(head -n 1 "$tmp/oom.svg")" '<?xml version="1.0" encoding="UTF-8"?>' "svg header"
expect_grep "$tmp/oom.svg" '<svg xmlns="http://www.w3.org/2000/svg"' "svg root"
gs run --plot "$tmp/oom.gif" "$oom"
expect_rc 64 "plot with an unknown format"
expect_grep "$tmp/err" "expects a file name ending in .png or .svg" "plot format message"
if ls "$tmp"/.oom.* >/dev/null 2>&1; then fail "a temporary file was left behind"; else ok; fi

# ---- dot ---------------------------------------------------------------------------

gs dot eras/2007_horizontal.yaml
expect_rc 0 "dot era"
cp "$tmp/out" "$tmp/h.dot"
expect_grep "$tmp/h.dot" 'rankdir=LR' "dot left to right"
expect_grep "$tmp/h.dot" '"__clients" -> "lb";' "dot clients -> entry"
expect_grep "$tmp/h.dot" '"lb" -> "app3";' "dot lb -> upstream"
expect_grep "$tmp/h.dot" '"app2" -> "db";' "dot app -> db"
expect_grep "$tmp/h.dot" '"db" [label="db\nMySQL\n(db)", class="db"' "dot label and kind"
expect_grep "$tmp/h.dot" '{rank=same; "app1"; "app2"; "app3";}' "dot layers"
if dot -Tsvg "$tmp/h.dot" -o "$tmp/h.svg" 2>"$tmp/dot.err" && grep -q '<svg' "$tmp/h.svg" &&
	[ ! -s "$tmp/dot.err" ]; then ok; else fail "dot -Tsvg: $(cat "$tmp/dot.err")"; fi
gs dot --variant fix "$sessions"
expect_rc 0 "dot --variant"
expect_grep "$tmp/out" '"app1" -> "redis" [style=dashed, label="sessions"' "dot session store"
if dot -Tsvg "$tmp/out" >/dev/null 2>&1; then ok; else fail "dot -Tsvg of the fix"; fi
gs dot --variant nope "$sessions"
expect_rc 64 "dot unknown variant"
expect_grep "$tmp/err" "no variant 'nope'" "dot variant message"

# ---- --record ----------------------------------------------------------------------

gs run --record "$tmp/a.cast" "$oom"
expect_rc 0 "run --record"
expect_eq "$(head -n 1 "$tmp/a.cast" | jq -c '[.version, .width, .height, .timestamp]')" \
	"[2,160,40,1700000000]" "cast header"
expect_eq "$(tail -n +2 "$tmp/a.cast" | jq -s 'all(length == 3 and .[1] == "o")')" "true" \
	"cast events are [time, \"o\", data]"
expect_eq "$(tail -n +2 "$tmp/a.cast" | jq -s '[.[][0]] | . == sort')" "true" \
	"cast times never go back"
# 12 simulated minutes at 10x: the last frame at 72 s, held 3 s
expect_eq "$(tail -n 1 "$tmp/a.cast" | jq -c .)" '[75,"o",""]' "cast end"
expect_eq "$(tail -n +2 "$tmp/a.cast" | jq -rs 'map(.[2]) | join("")' | grep -c 'OOM')" 1 \
	"cast shows the OOM kill in the log"
gs run --record "$tmp/b.cast" "$oom"
if cmp -s "$tmp/a.cast" "$tmp/b.cast"; then ok; else fail "two recordings differ"; fi
# --set reaches the live view: the label drawn in its boxes
gs run --record "$tmp/c.cast" --variant pain --until 20s --set nodes.app.label=BIGAPP "$oom"
expect_rc 0 "run --record --set --until"
expect_eq "$(head -n 1 "$tmp/c.cast" | jq -c '[.width, .height]')" "[100,30]" "cast one variant"
expect_eq "$(tail -n +2 "$tmp/c.cast" | jq -rs 'map(.[2]) | join("")' | grep -c BIGAPP)" 1 \
	"cast draws the --set label"
gs run --record - "$oom"
expect_rc 64 "record to stdout"

# ---- --set in every mode -----------------------------------------------------------

suggest="$oom: --set nodes.app.cors=8: unknown key 'cors' in nodes.app (did you mean 'cores'?)"
for mode in "run --headless" "run --csv $tmp/x.csv" "run --plot $tmp/x.png" check validate \
	dot; do
	# shellcheck disable=SC2086
	gs $mode --set nodes.app.cors=8 "$oom"
	expect_rc 65 "$mode with an unknown --set key"
	expect_eq "$(cat "$tmp/err")" "$suggest" "$mode --set suggestion"
done
gs diff --set nodes.db.cors=8 eras/2004_monolith.yaml eras/2007_vertical.yaml
expect_rc 65 "diff with an unknown --set key"
expect_grep "$tmp/err" "did you mean 'cores'?" "diff --set suggestion"
# the live view loads through the same path: a terminal does not change the verdict
if command -v script >/dev/null; then
	set +e
	script -qec "$bin --set nodes.app.cors=8 $oom" /dev/null >"$tmp/out" 2>&1 </dev/null
	rc=$?
	set -e
	expect_rc 65 "live view with an unknown --set key"
	expect_grep "$tmp/out" "did you mean 'cores'?" "live view --set suggestion"
fi
if [ -e "$tmp/x.csv" ] || [ -e "$tmp/x.png" ]; then fail "a refused run wrote a file"; else ok; fi
# a target in a missing folder is refused before the run: no report, no wait
gs run --csv "$tmp/none/x.csv" "$oom"
expect_rc 66 "--csv into a missing folder"
expect_eq "$(cat "$tmp/err")" \
	"gossipsim: cannot write '$tmp/none/x.csv': no such file or directory" \
	"--csv into a missing folder (stderr)"
expect_eq "$(wc -c <"$tmp/out")" 0 "--csv into a missing folder: no report"
# a device, and a file no other can be renamed over (/proc makes no files), are refused
# before the run, in the same words for every output; links to them too (--plot needs a
# name ending in .png)
ln -s /dev/full "$tmp/full.png"
ln -s /proc/version "$tmp/version.png"
mkdir "$tmp/folder.png"
for opt in --json --csv --plot --record --trace; do
	for target in /dev/full /proc/version "$tmp/full.png" "$tmp/version.png" \
		"$tmp/folder.png"; do
		case $opt:$target in --plot:/*) continue ;; esac
		gs run "$opt" "$target" "$oom"
		expect_rc 66 "$opt $target"
		case $target in
		*full*) why="it is a device, not a regular file" ;;
		*folder*) why="it is a folder" ;;
		*) why="cannot create a file in '/proc': no such file or directory" ;;
		esac
		expect_eq "$(cat "$tmp/err")" "gossipsim: cannot write '$target': $why" \
			"$opt $target (stderr)"
		expect_eq "$(wc -c <"$tmp/out")" 0 "$opt $target: refused before the run"
	done
done
rm "$tmp/full.png" "$tmp/version.png"
rmdir "$tmp/folder.png"
# a write that fails on the way gives its reason, and leaves nothing behind
if (trap '' XFSZ && ulimit -f 1) 2>/dev/null; then
	for opt in --json --csv --plot --record --trace; do
		set +e
		(trap '' XFSZ && ulimit -f 1 && exec "$bin" run "$opt" "$tmp/big.svg" "$oom") \
			>/dev/null 2>"$tmp/err" </dev/null
		rc=$?
		set -e
		expect_rc 66 "$opt beyond the file size limit"
		expect_eq "$(cat "$tmp/err")" "gossipsim: cannot write '$tmp/big.svg': file too large" \
			"$opt beyond the file size limit (stderr)"
		expect_eq "$(ls -A "$tmp" | grep -c big)" 0 "$opt beyond the file size limit: no file"
	done
fi

# a --set meets every file given with it: each message names the file it failed in
gs check --set nodes.app.cores=8 "$oom" scenarios/2011_post.yaml scenarios/2017_saga.yaml
expect_rc 65 "check, a --set that fits only the first file"
expect_eq "$(cat "$tmp/err")" "scenarios/2011_post.yaml: --set nodes.app.cores=8: there is \
no 'app' in nodes (it has lb, post_svc, notify_svc, email_svc, feed_svc, db)
scenarios/2011_post.yaml: --set nodes.app.cores=8: there is no 'app' in nodes (it has lb, \
post_svc, kafka, notify_svc, email_svc, feed_svc, db)
scenarios/2017_saga.yaml: --set nodes.app.cores=8: there is no 'app' in nodes (it has \
gateway, payment_svc, post_svc, page_a, page_b, page_c, recs, kafka, payments_db, posts_db)" \
	"check: each --set message names its file"
gs validate --set nodes.ap.cores=8 "$oom"
expect_eq "$(cat "$tmp/err")" \
	"$oom: --set nodes.ap.cores=8: there is no 'ap' in nodes (did you mean 'app'?)" \
	"validate: a --set close to a node's name"

# The report is written in the locale's characters: ASCII outside UTF-8, where " · "
# between two readings becomes ", "; the JSON keeps the engine's UTF-8 either way.
LC_ALL=C gs run --headless --variant pain "$oom"
expect_grep "$tmp/out" "  [02:45:18] WARNING app: CPU 90%, RAM 90%" "report in LC_ALL=C: ASCII"
expect_eq "$(LC_ALL=C grep -c '[^ -~]' "$tmp/out")" 0 "report in LC_ALL=C: no byte beyond ASCII"
LC_ALL=C.UTF-8 gs run --headless --variant pain "$oom"
expect_grep "$tmp/out" "  [02:45:18] WARNING app: CPU 90% · RAM 90%" "report in UTF-8"
LC_ALL=C gs run --json - --variant pain "$oom"
expect_grep "$tmp/out" '"message": "app: CPU 90% · RAM 90%"' "JSON in LC_ALL=C keeps UTF-8"

# A known key changes what every mode sees.
gs run --json - --variant pain --set nodes.app.ram=64GB --set nodes.app.cores=16 "$oom"
expect_eq "$(jq '.variants[0].metrics.oom_kills' "$tmp/out")" 0 "--set in run: no OOM kill"
gs check --set nodes.app.ram=64GB --set nodes.app.cores=16 "$oom"
expect_rc 1 "--set in check: the pain's claims fail"
expect_grep "$tmp/out" "FAIL  oom_kills >= 1  (oom_kills = 0)" "--set in check: the claim"
gs validate --set nodes.app.cores=8 "$oom"
expect_rc 0 "--set in validate"
gs dot --set nodes.app.label=BIGAPP "$oom"
expect_grep "$tmp/out" 'BIGAPP' "--set in dot"
gs run --csv - --variant fix --until 3s --set nodes.db.max_connections=7 "$oom"
expect_grep "$tmp/out" "fix,3," "--set in csv"

# ---- diff --------------------------------------------------------------------------

gs diff eras/2004_monolith.yaml eras/2007_horizontal.yaml
expect_rc 0 "diff"
expect_grep "$tmp/out" "added (4)" "diff counts the added boxes"
for line in "+ lb    lb       nginx" "+ app1  app" "+ app3  app" "- web   lb       nginx" \
	"- app   app      PHP app" "~ db" "cores                  2 -> 8" \
	"cost: \$5/month -> \$300/month" "entry: web -> lb"; do
	expect_grep "$tmp/out" "$line" "diff line"
done
expect_grep "$tmp/out" "answers: one machine has a ceiling" "diff: the pain the balancer answers"
# The services of 2014 and the regions of 2026: the boxes that cure a pain say which.
gs diff eras/2014_monolith.yaml eras/2014_microservices.yaml
expect_grep "$tmp/out" "answers: a bad deploy of notifications took payments down" \
	"diff: the pain a service of its own answers"
gs diff eras/2017_distributed.yaml eras/2026_platform.yaml
for line in "answers: a region can go dark" "answers: a spike outgrew a fixed fleet" \
	"answers: every read crossed the ocean"; do
	expect_grep "$tmp/out" "$line" "diff 2017 -> 2026"
done
gs diff eras/2007_horizontal.yaml eras/2007_horizontal.yaml
expect_grep "$tmp/out" "no box added, removed or changed" "diff of a file with itself"
gs diff eras/2004_monolith.yaml
expect_rc 64 "diff with one file"

# ---- completion --------------------------------------------------------------------

if bash -n completions/gossipsim.bash; then ok; else fail "completion syntax"; fi
if [ -r /usr/share/bash-completion/bash_completion ]; then
	got=$(bash -c '
		source /usr/share/bash-completion/bash_completion
		source completions/gossipsim.bash
		COMP_WORDS=(gossipsim run scenarios/2007_oom.yaml --variant "")
		COMP_CWORD=4; COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
		_gossipsim; echo "${COMPREPLY[*]}"
		COMP_WORDS=(gossipsim di); COMP_CWORD=1; COMP_LINE="gossipsim di"
		COMP_POINT=${#COMP_LINE}; _gossipsim; echo "${COMPREPLY[*]}"')
	expect_eq "$got" $'pain fix\ndiff' "completion of variants and commands"
	# --set names, one level at a time, the nodes of the scenario's era and their keys;
	# compopt complains outside a real completion, so its words go to /dev/null
	got=$(bash -c '
		source /usr/share/bash-completion/bash_completion
		source completions/gossipsim.bash
		c() {
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"
			COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _gossipsim 2>/dev/null
			echo "[${COMPREPLY[*]}]"
		}
		c gossipsim run scenarios/2007_oom.yaml --set nodes.
		c gossipsim run scenarios/2007_oom.yaml --set nodes.db.m
		c gossipsim check eras/2017_distributed.yaml --set nodes.pay
		c gossipsim run scenarios/2007_oom.yaml --set nodes.db.cores=')
	expect_eq "$got" $'[nodes.app. nodes.db. nodes.web.]\n[nodes.db.max_connections=]
[nodes.payment_svc. nodes.payments_db.]\n[]' "completion of --set keys"
else
	fail "bash-completion is not installed (apt-get install bash-completion)"
fi

# ---- install -----------------------------------------------------------------------

# A copy of the tree is built and installed with its own prefix, then removed, so that
# the installed binary can only find its data where it was installed.
mkdir -p "$tmp/tree" "$tmp/prefix"
# the files git knows (a clone has no others); a tree without git is copied whole
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z | tar -c --null -T - --ignore-failed-read 2>/dev/null) |
		tar -C "$tmp/tree" -x
else
	tar -C "$src" -c --exclude='./build*' . | tar -C "$tmp/tree" -x
fi
if cmake -S "$tmp/tree" -B "$tmp/tree/build" -DGOSSIPSIM_TESTS=OFF -DGOSSIPSIM_SDL=OFF \
	-DCMAKE_INSTALL_PREFIX="$tmp/prefix" >"$tmp/cmake.log" 2>&1 &&
	cmake --build "$tmp/tree/build" -j2 >>"$tmp/cmake.log" 2>&1 &&
	cmake --install "$tmp/tree/build" >>"$tmp/cmake.log" 2>&1; then ok; else
	fail "build and install into a temporary prefix"
	tail -n 20 "$tmp/cmake.log" | sed 's/^/    | /'
fi
rm -rf "$tmp/tree"
inst=$tmp/prefix/bin/gossipsim
for f in bin/gossipsim share/gossipsim/eras/2004_monolith.yaml \
	share/gossipsim/scenarios/2007_oom.yaml share/gossipsim/assets/deck.yaml \
	share/man/man1/gossipsim.1 share/bash-completion/completions/gossipsim \
	share/doc/gossipsim/format.md; do
	if [ -s "$tmp/prefix/$f" ]; then ok; else fail "not installed: $f"; fi
done
if [ -x "$inst" ]; then
	# from / the listed paths are absolute
	(cd / && "$inst" list >"$tmp/out" 2>"$tmp/err") && rc=0 || rc=$?
	expect_rc 0 "installed list"
	expect_grep "$tmp/out" "$tmp/prefix/share/gossipsim/scenarios/2007_oom.yaml" \
		"installed list reads the installed data"
	(cd "$tmp" && "$inst" --plain </dev/null >"$tmp/out" 2>"$tmp/err") && rc=0 || rc=$?
	expect_rc 0 "installed deck"
	expect_grep "$tmp/out" "2004" "installed deck reads assets/deck.yaml"
	"$inst" run --headless "$tmp/prefix/share/gossipsim/scenarios/2007_oom.yaml" \
		>"$tmp/out" 2>"$tmp/err" && rc=0 || rc=$?
	expect_rc 0 "installed run"
	expect_grep "$tmp/prefix/share/man/man1/gossipsim.1" "gossipsim" "man page"
	# the charts come from the installed drawing module, the build being gone
	modules=$(find "$tmp/prefix" -name gossipsim-gfx.so)
	case $modules in
	"$tmp/prefix/"*/gossipsim/gossipsim-gfx.so) ok ;;
	*) fail "the drawing module is not installed once in a gossipsim folder: $modules" ;;
	esac
	"$inst" run --plot "$tmp/installed.png" \
		"$tmp/prefix/share/gossipsim/scenarios/2007_oom.yaml" >"$tmp/out" 2>"$tmp/err" &&
		rc=0 || rc=$?
	expect_rc 0 "installed --plot"
	if [ -s "$tmp/installed.png" ]; then ok; else fail "installed --plot wrote no chart"; fi
fi

printf '%d passed, %d failed\n' "$checks" "$failures"
[ "$failures" -eq 0 ]
