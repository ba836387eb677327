# SPDX-License-Identifier: MIT
# tui_live.sh: the live view of scenarios/2007_oom.yaml, driven in a detached tmux session
# as a student would: read the screen, pause, seek, switch variants (v: the pain beside the
# one Tab chose), resize, quit. Then NO_COLOR set to nothing (colours stay) and to 1 (they
# go), the high-contrast theme's DOWN on red, the 2009 CDN's pain whose unused CDN is dim
# and draws no line in every theme, a terminal too small for it, and terminals curses
# cannot drive (TERM=dumb), which get the headless report. Usage, from the repository root:
#   bash tests/tui_live.sh /path/to/gossipsim
# Waits poll the screen (up to 20 s) for what must appear; no assertion depends on timing.
set -u

bin=${1:?usage: tui_live.sh /path/to/gossipsim}
scenario=scenarios/2007_oom.yaml

if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed; the live view test needs it"
	exit 0
fi
if [ ! -x "$bin" ] || [ ! -f "$scenario" ]; then
	echo "FAIL: need the binary ($bin) and $scenario, run from the repository root"
	exit 1
fi

sock=gossipsim-tui-$$
failures=0
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT

screen() { tm capture-pane -p -t "$1"; }

fail() {
	echo "FAIL: $1"
	echo "---- screen of $2 ----"
	screen "$2"
	echo "----"
	failures=$((failures + 1))
}

# wait_for SESSION REGEX WHAT: polls the screen until REGEX shows up.
wait_for() {
	local i
	for i in $(seq 200); do
		if screen "$1" | grep -Eq -- "$2"; then
			echo "ok: $3"
			return 0
		fi
		sleep 0.1
	done
	fail "$3: no match for /$2/" "$1"
	return 1
}

expect_screen() {
	if screen "$1" | grep -Eq -- "$2"; then
		echo "ok: $3"
	else
		fail "$3: no match for /$2/" "$1"
	fi
}

keys() {
	local session=$1
	shift
	tm send-keys -t "$session" "$@"
}

# The program, then how it left the terminal: its exit code and the tty modes.
start() {
	tm new-session -d -s "$1" -x "$2" -y "$3" \
		"LANG=C.UTF-8 LC_ALL=C.UTF-8 $bin $scenario; echo EXIT=\$?;
		 stty -a | tr ' ;' '\n\n' | grep -Ex -- '-?(icanon|echo)' | tr '\n' ' ';
		 echo; sleep 600"
}

# ---- a student watches the outage at 100x30 --------------------------------------------
start live 100 30
wait_for live '2007, 02:47 am: the outage' "the title is on the status line"
wait_for live '02:4[0-9]:[0-9]{2}' "the simulated clock runs"
if [ "$(tm display -p -t live '#{alternate_on}')" = 1 ]; then
	echo "ok: the view took the alternate screen"
else
	fail "the view did not take the alternate screen" live
fi
for node in clients nginx 'PHP app' MySQL; do
	expect_screen live "$node" "the topology shows $node"
done
expect_screen live 'CPU +[^ ]+ +[0-9]+%' "a CPU meter with its value"
expect_screen live 'incident log' "the incident log has its header"

# Pause, back to 00:00, then 30 seeks of 10 s: exactly 02:45:00, after the spike.
keys live Space
wait_for live 'PAUSED' "Space pauses"
keys live r
wait_for live ' 02:40:00 +0:00/' "r restarts at 02:40:00"
for i in $(seq 30); do keys live ']'; done
wait_for live ' 02:45:00 +5:00/' "30 x ] seeks to 02:45:00"
wait_for live '^\[02:44:01\] WARNING traffic spike' "an incident log line appears"
keys live '['
wait_for live ' 02:44:50 +4:50/' "[ seeks back 10 s"

keys live '?'
wait_for live 'pause or resume' "? shows the keys"
expect_screen live 'r +back to the start, 02:40:00' "the help says where r goes back to"
keys live x
wait_for live 'incident log' "any key closes the help"

keys live Tab
wait_for live 'fix: a machine four times larger' "Tab switches to the fix variant"
expect_screen live ' fix +02:44:50 ' "the variant keeps the simulated time"
keys live v
wait_for live 'pain [|] fix +02:44:50' "v shows the pain beside the fix Tab chose"
keys live v
wait_for live ' fix +02:44:50 ' "v again leaves the fix alone, the one Tab chose"

# ---- a smaller terminal: the view reflows, nothing is left over -------------------------
tm resize-window -t live -x 80 -y 24
wait_for live '2007, 02:47 am: the outage +fix +02:44:50 ' "the status line redraws at 80x24"
wait_for live 'q quit$' "the key line is back once the message expires"
rows=$(screen live | wc -l)
if [ "$rows" -eq 24 ]; then echo "ok: 24 rows"; else fail "$rows rows at 80x24" live; fi
if screen live | head -1 | grep -q 'the outage' &&
	screen live | tail -1 | grep -q 'q quit$'; then
	echo "ok: status line on top, keys at the bottom"
else
	fail "the frame is not where it belongs at 80x24" live
fi
n=$(screen live | grep -c 'incident log')
if [ "$n" -eq 1 ]; then echo "ok: one log header"; else fail "$n log headers" live; fi
n=$(screen live | grep -c 'the outage')
if [ "$n" -eq 1 ]; then echo "ok: one status line"; else fail "$n status lines" live; fi
for node in clients nginx 'PHP app' MySQL; do
	expect_screen live "$node" "at 80x24 the topology still shows $node"
done

# ---- q quits with 0 and gives the terminal back ----------------------------------------
keys live q
wait_for live '^EXIT=0$' "q quits with exit code 0"
wait_for live '^icanon echo *$' "the tty is back in canonical mode with echo"
if [ "$(tm display -p -t live '#{alternate_on}')" = 0 ]; then
	echo "ok: the alternate screen is left"
else
	fail "still on the alternate screen after q" live
fi
if [ "$(tm display -p -t live '#{cursor_flag}')" = 1 ]; then
	echo "ok: the cursor is visible again"
else
	fail "the cursor is still hidden after q" live
fi

# ---- Ctrl-C and SIGTERM also give the terminal back ----------------------------------------
start intr 100 30
wait_for intr 'q quit$' "the view is up for Ctrl-C"
keys intr C-c
wait_for intr '^EXIT=130$' "Ctrl-C quits with 128 + SIGINT"
wait_for intr '^icanon echo *$' "the tty is restored after Ctrl-C"

start term 100 30
wait_for term 'q quit$' "the view is up for SIGTERM"
pid=$(pgrep -P "$(tm display -p -t term '#{pane_pid}')" -x gossipsim 2>/dev/null)
if [ -n "$pid" ]; then
	kill -TERM "$pid"
	wait_for term '^EXIT=143$' "SIGTERM quits with 128 + SIGTERM"
	wait_for term '^icanon echo *$' "the tty is restored after SIGTERM"
else
	echo "skip: pgrep cannot find the process, SIGTERM not tried"
fi

# ---- NO_COLOR: set to something, no colours; set to nothing, as if unset (no-color.org) ---
# colours() SESSION: how many colour changes (SGR 30-37, 40-47 or 38;5) the screen holds.
colours() {
	tm capture-pane -e -p -t "$1" | grep -o $'\e\[[0-9;]*m' |
		grep -cE '\[([0-9;]*;)?(3[0-7]|4[0-7]|38;5)(;[0-9;]*)?m'
}
for nc in "" 1; do
	tm new-session -d -s "nc$nc" -x 100 -y 30 \
		"NO_COLOR=$nc LANG=C.UTF-8 LC_ALL=C.UTF-8 $bin $scenario; sleep 600"
	wait_for "nc$nc" 'q quit$' "the view is up with NO_COLOR='$nc'"
done
if [ "$(colours nc)" -gt 0 ]; then
	echo "ok: NO_COLOR= (empty) keeps the colours"
else
	fail "NO_COLOR= (empty) turned the colours off" nc
fi
if [ "$(colours nc1)" -eq 0 ]; then
	echo "ok: NO_COLOR=1 turns the colours off"
else
	fail "NO_COLOR=1 left colours on" nc1
fi

# ---- the high-contrast theme: a box that is down reads on red, like the normal theme ----
tm new-session -d -s hc -x 100 -y 30 \
	"GOSSIPSIM_THEME=high-contrast LANG=C.UTF-8 LC_ALL=C.UTF-8 $bin $scenario; sleep 600"
wait_for hc 'q quit$' "the view is up in high contrast"
keys hc Space
for i in $(seq 50); do keys hc ']'; done
wait_for hc 'DOWN' "the PHP app is down after the OOM kill"
# the colour changes in force where DOWN is written: a background of red (41)
sgr_down=$(tm capture-pane -e -p -t hc | grep -o $'\(\e\[[0-9;]*m\)*DOWN')
if grep -q '\[41m\|;41m\|\[41;' <<<"$sgr_down"; then
	echo "ok: high contrast: DOWN on red"
else
	fail "high contrast: DOWN is not on red" hc
fi

# ---- a box the variant does not use: the CDN of 2009's pain, dim, with no lines ---------
# sgr_before SESSION TEXT: the colour changes right before TEXT where it is first written
# on a row that shows it twice (the left pane's box of a comparison).
sgr_before() {
	tm capture-pane -e -p -t "$1" | grep -E "$2.*$2" | head -n 1 |
		grep -o $'\(\e\[[0-9;]*m\)*'"$2" | head -n 1
}
for theme in normal high-contrast no-color; do
	nc=
	[ "$theme" = no-color ] && nc=1
	tm new-session -d -s "cdn-$theme" -x 100 -y 30 \
		"GOSSIPSIM_THEME=$theme NO_COLOR=$nc LANG=C.UTF-8 LC_ALL=C.UTF-8 $bin \
		 scenarios/2009_cdn.yaml; sleep 600"
	wait_for "cdn-$theme" 'q quit$' "the CDN scenario is up ($theme)"
	keys "cdn-$theme" v
	wait_for "cdn-$theme" 'pain [|] fix' "the pain beside the fix ($theme)"
	# the pain's CDN draws no line (nothing reaches it), says so; the fix's lines are solid
	expect_screen "cdn-$theme" '^ *│ *CDN +│ +│' "the pain's unused CDN draws no line ($theme)"
	expect_screen "cdn-$theme" '│ *unused *│' "the pain's CDN says it is unused ($theme)"
	expect_screen "cdn-$theme" '│ +│? +CDN +│─' "the fix's CDN has a solid line ($theme)"
done
if sgr_before cdn-normal 'CDN' | grep -q '\[\([0-9]*;\)*2[;m]'; then
	echo "ok: the pain's unused CDN is dim"
else
	fail "the pain's unused CDN is not dim: $(sgr_before cdn-normal CDN | cat -v)" cdn-normal
fi
if sgr_before cdn-high-contrast 'CDN' | grep -q '3[0-7]'; then
	fail "high contrast: the pain's unused CDN is in a health colour" cdn-high-contrast
else
	echo "ok: high contrast: the pain's unused CDN has no health colour"
fi

# ---- a terminal too small ----------------------------------------------------------------
start tiny 20 5
wait_for tiny 'terminal too small:' "20x5 says the terminal is too small"
expect_screen tiny 'need 80x24, have' "it says what it needs"
expect_screen tiny '20x5' "and what it has"
tm resize-window -t tiny -x 80 -y 24
wait_for tiny 'q quit$' "growing the terminal brings the view back"
keys tiny q
wait_for tiny '^EXIT=0$' "q quits the small terminal with 0"

# ---- a terminal curses cannot drive: the report instead of a blank screen ----------------
# TERM=dumb, and a description without cursor movement: the headless report, its exit
# code, and one line on stderr saying why.
errdir=$(mktemp -d)
for term in dumb unknown-terminal-xyz; do
	tm new-session -d -s "$term" -x 100 -y 30 \
		"TERM=$term LANG=C.UTF-8 LC_ALL=C.UTF-8 $bin $scenario 2>$errdir/$term.txt;
		 echo EXIT=\$?; sleep 600"
	wait_for "$term" '^EXIT=[0-9]+$' "TERM=$term: the program ends by itself"
	expect_screen "$term" '^EXIT=0$' "TERM=$term: the report's exit code"
	expect_screen "$term" 'fingerprint' "TERM=$term: the headless report is printed"
	note="gossipsim: the terminal (TERM=$term) cannot draw the live view; printing the report instead"
	if [ "$(cat "$errdir/$term.txt")" = "$note" ]; then
		echo "ok: TERM=$term: one line on stderr says why"
	else
		fail "TERM=$term: stderr was: $(cat "$errdir/$term.txt")" "$term"
	fi
done
rm -rf "$errdir"

if [ "$failures" -gt 0 ]; then
	echo "$failures check(s) failed"
	exit 1
fi
echo "all live view checks passed"
