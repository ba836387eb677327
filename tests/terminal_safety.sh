#!/bin/bash
# SPDX-License-Identifier: MIT
#
# terminal_safety.sh: whatever ends gossipsim, the terminal is given back; whatever the
# terminal does, gossipsim keeps drawing. Drives the real binary ($1) in a detached tmux,
# both the live view of a scenario and the talk: SIGHUP (the ssh connection or the terminal
# window went away), a crash (SIGABRT; SIGSEGV too outside sanitizer builds, whose own
# handler reports it instead), Ctrl-\ (SIGQUIT, which dumps core as a crash does), a storm
# of 300 resizes down to 1x1, the talk at 20x5, the paging keys and a lone Esc under a
# description that lacks those keys (TERM=vt100), and q on a terminal without an
# alternate screen (vt100 again), which must leave the screen cleared.
# After each ending the shell behind it must see canonical mode with echo, the main screen
# and a visible cursor; after each storm the program must still answer its keys. Ctrl-C
# and SIGTERM are tried in the talk here, on a slide whose simulation runs; tui_live.sh
# tries them in the live view, and it and present.sh cover q. No assertion depends on
# timing: waits poll the screen, up to 20 s.
# Usage, from the repository root: bash tests/terminal_safety.sh /path/to/gossipsim
set -u

bin=${1:?usage: bash tests/terminal_safety.sh /path/to/gossipsim}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
scenario=scenarios/2007_oom.yaml

if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed; the terminal tests need it"
	exit 0
fi
tmp=$(mktemp -d)
sock=gossipsim-safety-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
unset GOSSIPSIM_DATADIR NO_COLOR TMUX
# the talk's notes file goes to a folder of our own, so a real talk on this machine is untouched
export XDG_RUNTIME_DIR="$tmp" LANG=C.UTF-8 LC_ALL=C.UTF-8
sanitized=0
grep -qa '__asan_init' "$bin" && sanitized=1

failures=0
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

# start SESSION WIDTH HEIGHT ARGS...: gossipsim ARGS, then its exit code and the tty modes.
# With TERM_AS set, gossipsim runs with TERM set to it.
start() {
	local session=$1 w=$2 h=$3
	shift 3
	tm new-session -d -s "$session" -x "$w" -y "$h" \
		"cd '$PWD' && ${TERM_AS:+TERM=$TERM_AS} '$bin' $*; echo EXIT=\$?;
		 stty -a | tr ' ;' '\n\n' | grep -Ex -- '-?(icanon|echo)' | tr '\n' ' ';
		 echo; sleep 600"
}

# The gossipsim process running in SESSION, or nothing.
pid_of() {
	pgrep -P "$(tm display -p -t "$1" '#{pane_pid}')" -x gossipsim 2>/dev/null | head -n 1
}

# restored SESSION CODE WHAT: the program ended with CODE and left the terminal as it was.
restored() {
	wait_for "$1" "^EXIT=$2\$" "$3 ends with exit code $2" || return
	wait_for "$1" '^icanon echo *$' "$3: the tty is back in canonical mode with echo"
	if [ "$(tm display -p -t "$1" '#{alternate_on}')" = 0 ]; then
		echo "ok: $3: the alternate screen is left"
	else
		fail "$3: still on the alternate screen" "$1"
	fi
	if [ "$(tm display -p -t "$1" '#{cursor_flag}')" = 1 ]; then
		echo "ok: $3: the cursor is visible"
	else
		fail "$3: the cursor is still hidden" "$1"
	fi
}

# signal_ends SESSION SIGNAL CODE WHAT: SIGNAL to the program, then as restored.
signal_ends() {
	local pid
	pid=$(pid_of "$1")
	if [ -z "$pid" ]; then
		fail "$4: cannot find the gossipsim process" "$1"
		return
	fi
	kill -s "$2" "$pid"
	restored "$1" "$3" "$4"
}

# storm SESSION W H: 300 resizes, from 1x1 to 250x80, then back to W x H.
storm() {
	local i sizes=(1x1 20x5 250x80 80x24 2x40 160x3 45x12 100x30 13x7 200x60)
	for i in $(seq 0 299); do
		local s=${sizes[$((i % ${#sizes[@]}))]}
		tm resize-window -t "$1" -x "${s%x*}" -y "${s#*x}"
	done
	tm resize-window -t "$1" -x "$2" -y "$3"
}

# ---- the live view ----------------------------------------------------------------------
start hup 100 30 "$scenario"
wait_for hup 'q quit$' "the live view is up for SIGHUP"
signal_ends hup HUP 129 "SIGHUP in the live view"

start abrt 100 30 "$scenario"
wait_for abrt 'q quit$' "the live view is up for SIGABRT"
signal_ends abrt ABRT 134 "a crash (SIGABRT) in the live view"

# Ctrl-\ sends SIGQUIT, which dumps core: the terminal must come back all the same
start quit 100 30 "$scenario"
wait_for quit 'q quit$' "the live view is up for Ctrl-\\"
tm send-keys -t quit 'C-\'
restored quit 131 "Ctrl-\\ (SIGQUIT) in the live view"

if [ "$sanitized" -eq 0 ]; then
	start segv 100 30 "$scenario"
	wait_for segv 'q quit$' "the live view is up for SIGSEGV"
	signal_ends segv SEGV 139 "a crash (SIGSEGV) in the live view"
else
	echo "skip: a sanitizer build reports SIGSEGV itself; the plain build checks it"
fi

start storm 100 30 "$scenario"
wait_for storm 'q quit$' "the live view is up for the resize storm"
storm storm 100 30
wait_for storm '2007, 02:47 am: the outage' "after 300 resizes the live view draws its status line"
wait_for storm 'q quit$' "after 300 resizes the live view draws its key line"
tm send-keys -t storm '?'
wait_for storm 'pause or resume' "after 300 resizes the live view answers its keys"
tm send-keys -t storm x q
restored storm 0 "q after the resize storm in the live view"

# ---- the talk ----------------------------------------------------------------------------
start talk_hup 100 30
wait_for talk_hup 'slide 1/' "the talk is up for SIGHUP"
signal_ends talk_hup HUP 129 "SIGHUP in the talk"

# Ctrl-C and SIGTERM on a live slide, where the simulation is running
start talk_int 100 30
wait_for talk_int 'slide 1/' "the talk is up for Ctrl-C"
tm send-keys -t talk_int 1 0 Enter
wait_for talk_int 'slide 10/.* sim ' "the talk is on a live slide"
tm send-keys -t talk_int C-c
restored talk_int 130 "Ctrl-C in the talk"

start talk_term 100 30
wait_for talk_term 'slide 1/' "the talk is up for SIGTERM"
tm send-keys -t talk_term 1 0 Enter
wait_for talk_term 'slide 10/.* sim ' "the talk is on a live slide"
signal_ends talk_term TERM 143 "SIGTERM in the talk"

start talk_abrt 100 30
wait_for talk_abrt 'slide 1/' "the talk is up for SIGABRT"
signal_ends talk_abrt ABRT 134 "a crash (SIGABRT) in the talk"

start talk_quit 100 30
wait_for talk_quit 'slide 1/' "the talk is up for Ctrl-\\"
tm send-keys -t talk_quit 'C-\'
restored talk_quit 131 "Ctrl-\\ (SIGQUIT) in the talk"

start talk_storm 100 30
wait_for talk_storm 'slide 1/' "the talk is up for the resize storm"
storm talk_storm 100 30
wait_for talk_storm 'slide 1/' "after 300 resizes the talk draws its footer"
tm send-keys -t talk_storm Right
wait_for talk_storm 'slide 2/' "after 300 resizes the talk goes to the next slide"
tm send-keys -t talk_storm q
restored talk_storm 0 "q after the resize storm in the talk"

start talk_tiny 20 5
wait_for talk_tiny 'too small' "the talk at 20x5 says the terminal is too small"
tm resize-window -t talk_tiny -x 100 -y 30
wait_for talk_tiny 'slide 1/' "growing the terminal brings the talk back"
tm send-keys -t talk_tiny q
restored talk_tiny 0 "q after 20x5 in the talk"

# ---- a terminal without an alternate screen ------------------------------------------
# vt100 has no smcup: what gossipsim drew stays unless it clears it, and the shell's next
# lines would land on the old status line. After q the screen holds only what came after.
# cleared SESSION PATTERN WHAT: after q, the screen holds EXIT=0 on its first line and no
# trace of PATTERN.
cleared() {
	restored "$1" 0 "$3"
	if [ "$(screen "$1" | head -n 1)" = EXIT=0 ] && ! screen "$1" | grep -Eq -- "$2"; then
		echo "ok: $3: the screen is cleared and the shell starts at the top"
	else
		fail "$3: the last screen was left behind" "$1"
	fi
}
# vt100's description has no PgUp, PgDn, Home or End, but the emulator sends them all the
# same: they must move through the talk, not arrive as Esc, '[' (a seek), '5' and '~'.
# Slide 5 is a diagram, 6 the outage with its question; a lone Esc closes the menu.
TERM_AS=vt100 start vt_keys 80 24
wait_for vt_keys 'slide 1/' "the talk is up under TERM=vt100 for its keys"
tm send-keys -t vt_keys 5 Enter
wait_for vt_keys 'slide 5/' "vt100: 5 Enter"
tm send-keys -t vt_keys PPage
wait_for vt_keys 'slide 4/' "vt100: PgUp goes back a slide"
tm send-keys -t vt_keys NPage NPage
wait_for vt_keys 'slide 6/' "vt100: PgDn twice goes on two slides"
tm send-keys -t vt_keys Right
wait_for vt_keys 'Answer: Memory' "vt100: Right reveals the outage's answer"
tm send-keys -t vt_keys PPage
wait_for vt_keys 'slide 5/' "vt100: PgUp on the revealed outage goes back a slide"
tm send-keys -t vt_keys End
wait_for vt_keys 'Thank you' "vt100: End goes to the last slide"
tm send-keys -t vt_keys Home
wait_for vt_keys 'slide 1/' "vt100: Home goes to the first slide"
tm send-keys -t vt_keys M
wait_for vt_keys 'Chapters' "vt100: M opens the chapter menu"
tm send-keys -t vt_keys Escape
for i in $(seq 50); do screen vt_keys | grep -q Chapters || break; sleep 0.1; done
if screen vt_keys | grep -q Chapters; then
	fail "vt100: a lone Esc does not close the menu" vt_keys
else
	echo "ok: vt100: a lone Esc closes the menu"
fi
tm send-keys -t vt_keys q
restored vt_keys 0 "q after the keys under TERM=vt100"

TERM_AS=vt100 start vt_live 100 30 "$scenario"
wait_for vt_live 'q quit$' "the live view is up under TERM=vt100"
tm send-keys -t vt_live q
cleared vt_live 'q quit|2007, 02:47' "q in the live view under TERM=vt100"

TERM_AS=vt100 start vt_talk 100 30
wait_for vt_talk 'slide 1/' "the talk is up under TERM=vt100"
tm send-keys -t vt_talk q
cleared vt_talk 'slide 1/|q quit' "q in the talk under TERM=vt100"

if [ "$failures" -gt 0 ]; then
	echo "terminal_safety: $failures check(s) failed"
	exit 1
fi
echo "terminal_safety: ok"
