#!/bin/bash
# SPDX-License-Identifier: MIT
#
# present.sh: the full-screen walkthrough, driven through a detached tmux of 100x30 with
# the real gossipsim ($1): the title slide, the chapter menu with every year (Esc, Up,
# Enter), g, the 2004 diagram with a request count on each arrow, the 2007 outage slide
# whose run opens twenty seconds before the spike at x5, as its slide says, and whose
# incident log fills in as its simulation runs (r goes back to that opening), jumping and
# stepping to the 2017 slide of 847 tickets (its prediction first, holding the run a
# minute before the crash, the answer on the next key and the crash seconds after it;
# Left from there goes back a slide and the answer stays revealed on the way back,
# the run opening again where the slide opens it), the help, the
# speaker notes following in a second terminal, a resize to 80x24 that keeps the slide's
# body, answer and log beside the running simulation, q leaving with exit code 0 and
# nothing written to stderr; then the notes keeping their own line breaks, saying the
# talk stopped when its presenter was killed, following the presenter that moved last
# while another one quits, and refusing state files others may write, symbolic links and
# other users' files; a number with no slide saying so, the footer leaving the key hints
# to a live view's own line, a deck of one's own with a title too long (cut with "…"), a
# bullet of CJK text (wrapped whole) and a missing variant; last, a TERM=dumb terminal
# getting the plain text instead of a blank screen. Along the way: the live view's key line
# with every key of the simulation at 100x30 and 80x24 and the footer with the talk's own,
# the log scrolled back to the OOM kill with Up and given the pane with i, every key in the
# help, the 2026 platform's slide drawn at 80x24 and the a key paging the calls its
# comparison leaves out, slide 31 with no line starting right of Kafka, a wrapped bullet
# hanging past its list mark, the notes at 50x8 and 40x8, and Ctrl-Z and fg in an
# interactive shell,
# after which the run resumes where it stopped (bounded by the wall clock). Waits poll the
# screen until the text shows, with a generous limit; no assertion depends on how fast
# anything is.
set -euo pipefail

bin=${1:?usage: bash tests/present.sh /path/to/gossipsim}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
command -v tmux >/dev/null || { echo "present: tmux is required"; exit 1; }
tmp=$(mktemp -d)
sock="gossipsim-present-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
# The presenters killed with the server may still remove their notes file as it goes.
cleanup() {
	tm kill-server 2>/dev/null || true
	rm -rf "$tmp" 2>/dev/null || { sleep 1; rm -rf "$tmp"; }
}
trap cleanup EXIT
unset GOSSIPSIM_DATADIR NO_COLOR TMUX
# The notes file goes to a folder of our own, so a real talk on this machine is untouched.
export XDG_RUNTIME_DIR="$tmp" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color

failures=0
fail() {
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*"
}

screen() { tm capture-pane -p -t "$1"; }

# Waits until the screen of session $1 shows the fixed text $2; fails with the screen.
# $4, when given, is the limit in tenths of a second (default 100). With re=E set, as in
# "re=E wait_for ...", $2 is an extended regular expression instead.
wait_for() {
	local i
	for i in $(seq 1 "${4:-100}"); do
		if screen "$1" | grep -q"${re:-F}" -- "$2"; then
			return 0
		fi
		sleep 0.1
	done
	fail "$3: '$2' never showed"
	screen "$1" | sed 's/^/  | /'
	return 1
}

expect_screen() {
	if ! screen "$1" | grep -q"${re:-F}" -- "$2"; then
		fail "$3: no '$2' on screen"
		screen "$1" | sed 's/^/  | /'
	fi
}

# The slide of the 847 night, and its chapter's first slide, from the plain text.
"$bin" --plain >"$tmp/plain"
n=$(grep -c '^Slide ' "$tmp/plain")
night=$(grep -B2 -xF "The night of 847 tickets" "$tmp/plain" |
	sed -n 's/^Slide \([0-9]*\)\/.*/\1/p')
first=$(grep -m1 '^Slide [0-9]*/[0-9]* — 2017 · 847 tickets$' "$tmp/plain" |
	sed 's/^Slide \([0-9]*\)\/.*/\1/')
[ -n "$night" ] && [ -n "$first" ] && [ "$night" -gt "$first" ] ||
	{ echo "present: cannot find the 847 slides in the plain text"; exit 1; }
outage=$(grep -B2 -xF "02:47 am, three years later" "$tmp/plain" |
	sed -n 's/^Slide \([0-9]*\)\/.*/\1/p')
[ -n "$outage" ] || { echo "present: cannot find the outage slide in the plain text"; exit 1; }
vps=$(grep -B2 -xF "One server holds everything" "$tmp/plain" |
	sed -n 's/^Slide \([0-9]*\)\/.*/\1/p')
platform_diagram=$(grep -B2 -xF "The same weekend project, grown up" "$tmp/plain" |
	sed -n 's/^Slide \([0-9]*\)\/.*/\1/p')
platform_live=$(awk '/^Slide /{ split($2, a, "/"); s = a[1] }
	/(Live incident|Side by side): .*scenarios\/2026_platform.yaml/ { print s; exit }' "$tmp/plain")
[ -n "$platform_diagram" ] && [ -n "$platform_live" ] ||
	{ echo "present: cannot find the 2026 platform's slides in the plain text"; exit 1; }
[ -n "$vps" ] || { echo "present: cannot find the 2004 diagram in the plain text"; exit 1; }
cache=$(grep -B2 -xF "Hits, misses and stale values" "$tmp/plain" |
	sed -n 's/^Slide \([0-9]*\)\/.*/\1/p')
[ -n "$cache" ] || { echo "present: cannot find the 2009 cache's comparison"; exit 1; }

tm new-session -d -s talk -x 100 -y 30 \
	"cd '$PWD' && '$bin' 2>'$tmp/talk.err'; echo \$? >'$tmp/rc'; sleep 600"

# 1. the title slide
wait_for talk "Scalable Software Systems" "title slide"
expect_screen talk "slide 1/$n" "title slide footer"

# 2. the chapter menu lists every year; Esc closes it
tm send-keys -t talk M
wait_for talk "Chapters" "chapter menu"
for year in 2004 2007 2009 2011 2014 2017 2026; do
	expect_screen talk " $year  " "chapter menu year $year"
done
expect_screen talk "847 tickets" "chapter menu"
tm send-keys -t talk Escape
for i in $(seq 1 100); do
	screen talk | grep -qF "Chapters" || break
	sleep 0.1
done
screen talk | grep -qF "Chapters" && fail "Esc closes the chapter menu"

# 3. the menu wraps from the first chapter up to the last; Enter goes there; g comes back
tm send-keys -t talk M
wait_for talk "Chapters" "chapter menu again"
tm send-keys -t talk Up Enter
wait_for talk "slide $n/$n" "menu: Up from the title chapter, Enter"
expect_screen talk "Thank you. Questions?" "the closing slide"
tm send-keys -t talk g
wait_for talk "slide 1/$n" "g goes to the first slide"

# 3a. the 2004 diagram: the era after a minute of its traffic, a count on every arrow
tm send-keys -t talk "$vps" Enter
wait_for talk "slide $vps/$n" "jump to the 2004 diagram"
wait_for talk "one simulated minute of the era's traffic" "the diagram's caption"
arrows=$(screen talk | grep -F "nginx" -A2 | grep -oE '[0-9]+▶' | wc -l)
[ "$arrows" -eq 3 ] || { fail "the 2004 diagram: 3 counted arrows, got $arrows"; screen talk; }
screen talk | grep -qE 'pool [0-9]+/500' || fail "the 2004 diagram: no database pool shown"

# 3a1. a, whose pages would be empty here (every label and count is on screen), says so in
# the footer for a while and leaves the diagram where it was
tm send-keys -t talk a
wait_for talk "a: nothing left out here" "the 2004 diagram: a says it has nothing to show"
re=E expect_screen talk "pool [0-9]+/500" "the 2004 diagram: a leaves the diagram"
screen talk | grep -qF "short labels" && fail "the 2004 diagram: a showed an empty page"

# 3a2. the 2009 cache side by side: each count under a diagram names who sends it, the
# three app servers "app1-3", never a bare "▶MySQL"
tm send-keys -t talk "$cache" Enter
wait_for talk "slide $cache/$n" "jump to the 2009 cache's comparison"
re=E wait_for talk "app1-3▶(MySQL|Redis) [0-9]" "slide $cache: the key names the three app servers"
screen talk | grep -qE '(^|  |│ )▶[A-Za-z]' &&
	{ fail "slide $cache: a count in the key names no sender"; screen talk; }

# 3b. the outage: the question holds the clock where the slide opens it (from: 02:43:40,
# twenty seconds before the spike); then the log fills in from the model as the simulated
# night goes on, from x5 (speed: 5) and x100 after four +
tm send-keys -t talk "$outage" Enter
wait_for talk "slide $outage/$n" "jump to the outage slide"
expect_screen talk "What gives out first?" "the outage asks first"
expect_screen talk "sim 02:43:40" "the clock waits for the answer where the slide opens"
tm send-keys -t talk Right
wait_for talk "Answer: Memory." "the outage answer"
wait_for talk "02:43:4" "the run opens twenty seconds before the spike"
expect_screen talk "  x5" "the outage plays at the slide's speed"
tm send-keys -t talk + + + +
wait_for talk "x100" "four + make it x100"
wait_for talk "[02:44:01] WARNING traffic spike: 8,400 concurrent users (from 300)" \
	"the log fills in: the spike" 600
wait_for talk "WARNING app: CPU 90% · RAM 90%" "the log fills in: CPU and RAM" 600
wait_for talk "WARNING db: connections exhausted (500/500)" "the log fills in: the pool" 600
tm send-keys -t talk Space
wait_for talk "PAUSED" "Space pauses the simulation"
tm send-keys -t talk r
wait_for talk "restart: back to 02:43:40" "r goes back to where the slide opened the run"
expect_screen talk "sim 02:43:40" "r: the clock where the slide opened the run"
screen talk | grep -qF "traffic spike: 8,400" && fail "r: the log from before the spike"
tm send-keys -t talk Space
wait_for talk "WARNING db: connections exhausted (500/500)" "the log fills in again" 600
tm send-keys -t talk Space
wait_for talk "PAUSED" "Space pauses the simulation again"
screen talk | grep -Eq 'incident log \(([3-9]|[1-9][0-9]+)\)' ||
	fail "the log header counts at least the three lines shown"
expect_screen talk "slide $outage/$n │ sim 02:" "the footer's simulated clock"

# 3c. the live view's key line gives every key of the simulation, "v compare" and "r
# restart" and the log's arrows too, and the talk's footer its own "? help  q quit", once
# (waited for: a word on the last key holds the line for a while)
for i in $(seq 1 100); do
	screen talk | tail -n 2 | head -n 1 | grep -qF "v compare" && break
	sleep 0.1
done
keyline=$(screen talk | tail -n 2 | head -n 1)
for k in "Space pause" "speed" "seek" "s step" "r restart" "Tab variant" "v compare" \
	"↑↓ log" "i whole log"; do
	grep -qF -- "$k" <<<"$keyline" || fail "100x30: the key line lacks '$k': $keyline"
done
screen talk | tail -n 1 | grep -qF "│ ? help  q quit" || fail "the footer ends in its keys"
[ "$(screen talk | grep -cF "? help")" -eq 1 ] || fail "'? help' shows more than once"

# 3d. the log scrolls back to the OOM kill, which fewer rows than its lines left behind:
# Up an entry older at a time, "newer below" in its header; i gives it the pane; Down
# past the newest follows the run again
tm send-keys -t talk Space
wait_for talk "x100  END" "the outage runs to its end, the kill far behind" 600
screen talk | grep -qF "process killed by the OOM killer" &&
	fail "100x30: the kill is still on screen at the end; nothing to scroll back to"
for i in $(seq 1 40); do
	screen talk | grep -qF "process killed by the OOM killer" && break
	tm send-keys -t talk Up
	sleep 0.1
done
wait_for talk "process killed by the OOM killer" "Up brings the OOM kill back"
wait_for talk "newer below" "the log's header says newer entries wait below"
expect_screen talk "slide $outage/$n" "Up keeps the slide"
tm send-keys -t talk i
wait_for talk "the incident log alone" "i gives the log the pane"
screen talk | grep -qF "RAM  " && fail "i: the meters gave the log their rows"
tm send-keys -t talk i
for i in $(seq 1 60); do tm send-keys -t talk Down; done
for i in $(seq 1 100); do
	screen talk | grep -qF "newer below" || break
	sleep 0.1
done
screen talk | grep -qF "newer below" && fail "Down past the newest follows the run again"

# 3e. a number with no slide goes nowhere and says so, rather than the first or last slide
tm send-keys -t talk 9 9 9 Enter
wait_for talk "no slide 999: the slides are 1 to $n" "999 is no slide"
tm send-keys -t talk 0 Enter
wait_for talk "no slide 0: the slides are 1 to $n" "0 is no slide"
expect_screen talk "02:47 am, three years later" "out of range, the talk stays where it was"

# 4. digits and Enter jump to the 2017 chapter; Right steps to the night of 847 tickets
tm send-keys -t talk "$first" Enter
wait_for talk "slide $first/$n" "jump to slide $first"
expect_screen talk "2017 · 847 tickets" "jump to slide $first"
for i in $(seq "$first" $((night - 1))); do
	tm send-keys -t talk Right
	wait_for talk "slide $((i + 1))/$n" "step to slide $((i + 1))"
done
wait_for talk "The night of 847 tickets" "the 847 slide"
expect_screen talk "Predict" "the 847 slide asks first"
expect_screen talk "the post service crashes right after the charge" "the 847 question"

# 5. the speaker notes follow in a second terminal
tm new-session -d -s notes -x 80 -y 24 "cd '$PWD' && '$bin' --notes; sleep 600"
wait_for notes "slide $night/$n" "notes follow the presenter"
expect_screen notes "The night of 847 tickets" "notes name the slide"

# 6. the next key reveals the answer and stays on the slide, whose run the question held a
# minute before the crash (from: 00:59:00, at x20): the crash comes seconds later, where
# the run from its start left six minutes of an empty log; x100 takes it to 847 tickets
expect_screen talk "sim 00:59:00" "the question holds the run where the slide opens it"
tm send-keys -t talk Right
wait_for talk "847 tickets saying" "the answer"
expect_screen talk "slide $night/$n" "the answer stays on the slide"
wait_for notes "The payment row stays" "notes show the answer once revealed"
wait_for talk "FATAL post_svc: process crashed" "the crash, a minute of the night on" 300
tm send-keys -t talk + +
wait_for talk "847 support tickets so far" "the night's tickets" 600

# 6a. Left on the revealed answer goes back a slide, as everywhere; coming back, the answer
# stays revealed and the run starts at once, without the question again, where the slide
# opens it (at x20 the clock reads 00:59 or 01:0x for a while, not the 01:30 left behind)
tm send-keys -t talk Left
wait_for talk "slide $((night - 1))/$n" "Left on a revealed answer goes back a slide"
tm send-keys -t talk Right
wait_for talk "slide $night/$n" "Right comes back to the 847 slide"
wait_for talk "847 tickets saying" "the answer stays revealed"
wait_for talk "─ incident log (" "the run starts at once"
screen talk | grep -qE "sim (00:59|01:0[0-9]):" ||
	{ fail "the run starts over where the slide opens it"; screen talk | sed 's/^/  | /'; }
screen talk | grep -qF " Predict " && fail "the question is asked again"

# 7. help, closed by any key
tm send-keys -t talk '?'
wait_for talk "chapter menu" "help"
expect_screen talk "previous slide" "help"
tm send-keys -t talk x
for i in $(seq 1 100); do
	screen talk | grep -qF "previous slide" || break
	sleep 0.1
done
screen talk | grep -qF "previous slide" && fail "a key closes the help"

# 8. a resize to 80x24 reflows the slide
tm resize-window -t talk -x 80 -y 24
for i in $(seq 1 100); do
	[ "$(screen talk | head -n1 | wc -L)" -le 80 ] && [ "$(screen talk | wc -l)" -le 24 ] && break
	sleep 0.1
done
wait_for talk "slide $night/$n" "after the resize"
# every body line of the slide stays beside the running simulation, and so does its log;
# waited for, not looked at once: a loaded machine may show the frame after the resize late
wait_for talk "The night of 847 tickets" "after the resize"
wait_for talk "no transaction spans two services and two databases" "80x24: the body"
wait_for talk "Answer: The payment row stays" "80x24: the answer"
wait_for talk "charged_without_post" "80x24: the story counter"
wait_for talk "─ incident log (" "80x24: the incident log"
screen talk | grep -qF "terminal too small" && fail "80x24 is enough"
# the footer keeps the simulated clock, giving up its key hints for it
screen talk | tail -n 1 | grep -qE "slide $night/$n │ sim [0-9]{2}:[0-9]{2}:[0-9]{2} │ talk" ||
	fail "80x24: the footer lacks the simulated clock: $(screen talk | tail -n 1)"

# 8a. at 80x24 the key line keeps one row: the keys most used, then "? more" for the rest
# (where it once left out "i whole log" and "a names" without a word), and the help lists
# every key, the log's, s, r, i and a too
wait_for talk "v compare" "80x24: the key line"
keyline=$(screen talk | tail -n 2 | head -n 1)
for k in "pause" "speed" "seek" "Tab variant" "v compare" "↑↓ log" "? more"; do
	grep -qF -- "$k" <<<"$keyline" || fail "80x24: the key line lacks '$k': $keyline"
done
tm send-keys -t talk '?'
wait_for talk "chapter menu" "80x24: help"
for k in "Space pause" "+ - speed" "s one event" "[ ] seek 10 s" \
	"r back to where the run opened" \
	"Tab next variant" "v the first variant (the pain)" "Up Down the log" \
	"i the log alone" "a short labels" "q quit" "speaker notes"; do
	expect_screen talk "$k" "80x24: the help lists '$k'"
done
tm send-keys -t talk x

# 8b. the a key, no slide key, pages what a slide of the 2026 platform leaves out (n turns
# the slide): at 80x24 the diagram slide draws the platform, each region's twins one box
# marked by region, and a gives its short labels in full; so does the live slide, whose
# log and meters leave its diagram six rows (boxes as tall as their own ports), with its
# meters and three lines of log, where it once listed the calls; side by side (v), halves
# of 37 columns, it lists them, and a gives those left out
tm send-keys -t talk $(sed 's/./& /g' <<<"$platform_diagram") Enter
wait_for talk "slide $platform_diagram/$n" "the 2026 platform, slide $platform_diagram"
wait_for talk "u✓ e✓" "slide $platform_diagram: a diagram, twins marked by region"
expect_screen talk "Kafka" "slide $platform_diagram: the diagram shows Kafka"
# every box names its regions alike: the database's three leave one letter each
screen talk | grep -qF "us✓" && fail "slide $platform_diagram: 'us✓' beside 'u✓'"
tm send-keys -t talk a
wait_for talk "short labels 1/" "slide $platform_diagram: a gives the short labels"
expect_screen talk "slide $platform_diagram/$n" "slide $platform_diagram: a keeps the slide"
expect_screen talk "u=us" "slide $platform_diagram: a says what the marks' letters are"
s=$platform_live
tm send-keys -t talk $(sed 's/./& /g' <<<"$s") Enter
wait_for talk "slide $s/$n" "the 2026 platform, slide $s"
# the pain runs one region: eu's twins stand idle, "e○", never "e✓" as if they served
wait_for talk "u✓ e○" "slide $s: a diagram, twins marked by region, eu idle"
screen talk | grep -qF "e✓" && fail "slide $s: an eu box marked as serving in the one-region pain"
expect_screen talk "Kafka" "slide $s: the diagram shows Kafka"
screen talk | grep -qF "no room for the diagram" && fail "slide $s at 80x24 lists the calls"
for m in "err " "CPU " "pool " "hits " "p99 " "p50 " "─ incident log ("; do
	expect_screen talk "$m" "slide $s at 80x24: '$m' beside the diagram"
done
# three rows of log under its header, down to the key line
log_rows=$(screen talk |
	awk '/─ incident log \(/ { top = NR } /(Space|Spc) pause/ { print NR - top - 1 }')
[ "${log_rows:-0}" -ge 3 ] || fail "slide $s at 80x24: ${log_rows:-no} rows of log"
tm send-keys -t talk v
wait_for talk "more (a)" "slide $s side by side: the calls left out, and the key to them"
expect_screen talk "no room for the diagram" "slide $s side by side: the list says why"
tm send-keys -t talk a
wait_for talk "calls left out 1/" "slide $s: a shows the calls left out"
expect_screen talk "slide $s/$n" "slide $s: a keeps the slide"

# 8b'. slide 31 at 80x24: no line starts right of Kafka on its rows (payments' line to its
# database started two cells right of Kafka's middle row, and read as Kafka's arrow)
two=$(grep -B2 -xF "Two services, two databases" "$tmp/plain" |
	sed -n 's/^Slide \([0-9]*\)\/.*/\1/p')
tm send-keys -t talk $(sed 's/./& /g' <<<"$two") Enter
wait_for talk "slide $two/$n" "the services' diagram, slide $two"
wait_for talk "Kafka" "slide $two: Kafka on the diagram"
beside=$(screen talk | awk '/Kafka/ { i = index($0, "Kafka"); rest = substr($0, i + 5)
	sub(/^[^ ]*/, "", rest); if (rest ~ /^ *[└┌├─┬┴]/) print }')
[ -z "$beside" ] || fail "slide $two: a line starts right of Kafka: $beside"

# 8c. a bullet that wraps at 80x24 hangs its lines past its list mark ("1) "), where its
# lines below start, and leaves no word alone on a line (slide 33 left "row" so)
undo=$(grep -B2 -xF "Undo instead of rollback" "$tmp/plain" |
	sed -n 's/^Slide \([0-9]*\)\/.*/\1/p')
tm send-keys -t talk $(sed 's/./& /g' <<<"$undo") Enter
wait_for talk "slide $undo/$n" "the saga's bullets at 80x24"
col() { awk '{ match($0, /[^ ]/); print RSTART }'; }
body=$(screen talk | sed -n '/1) charge the payment/,/a relay publishes/p')
[ "$(wc -l <<<"$body")" -ge 3 ] || fail "80x24: the '1) charge' bullet does not wrap"
[ "$(sed -n 2p <<<"$body" | col)" = "$(tail -n 1 <<<"$body" | col)" ] ||
	fail "80x24: the wrapped line does not hang where the lines below it start: $body"
lone=$(screen talk | sed -n '5,20p' | grep -E '^ *[^ •-]+ *$' || true)
[ -z "$lone" ] || fail "80x24: a word alone on a line: '$lone'"

# 9. q quits with exit code 0, and the notes file is gone
tm send-keys -t talk q
for i in $(seq 1 100); do
	[ -s "$tmp/rc" ] && break
	sleep 0.1
done
expect_rc=$(cat "$tmp/rc" 2>/dev/null || echo none)
[ "$expect_rc" = 0 ] || fail "q exits 0, got $expect_rc"
ls "$tmp"/gossipsim-*.slide >/dev/null 2>&1 && fail "the notes file is removed on exit"
[ -s "$tmp/talk.err" ] && fail "the talk wrote to stderr: $(head -c 300 "$tmp/talk.err")"
wait_for notes "waiting for the talk" "notes after the talk ended"

# 9a. the notes are reflowed as paragraphs at 80 columns: on the title slide, whose lines
# of 85 columns left "final" alone on a row, it reads on with "diagram:", and "Keys: ...",
# a paragraph of its own, starts a row
tm new-session -d -s again -x 100 -y 30 "cd '$PWD' && '$bin'; sleep 600"
wait_for notes "slide 1/$n" "notes follow a new talk"
screen notes | grep -qE '^ (final )?diagram: which pain' ||
	{ fail "the notes' paragraph reads on"; screen notes | sed 's/^/  | /'; }
screen notes | grep -qE '^ [A-Za-z.,:?]+ *$' &&
	{ fail "a word alone on a row of the notes"; screen notes | sed 's/^/  | /'; }
screen notes | grep -q '^ Keys: Right or Space next' ||
	{ fail "the notes' own paragraph starts a row"; screen notes | sed 's/^/  | /'; }

# 9b. a presenter killed with SIGKILL leaves its file; the notes say the talk stopped
# instead of showing its last slide forever
pid_in() { pgrep -P "$(tm display -p -t "$1" '#{pane_pid}')" -x gossipsim | head -n 1; }
kill -KILL "$(pid_in again)"
wait_for notes "the talk has stopped" "notes after the presenter was killed"
[ -e "$tmp/gossipsim-$(id -u).slide" ] || fail "the killed presenter's file should be there"

# 9c. two presenters: the one that moved last is followed, and the other one quitting
# leaves its file alone
tm new-session -d -s first -x 100 -y 30 "cd '$PWD' && '$bin'; sleep 600"
wait_for first "slide 1/$n" "a first presenter"
tm new-session -d -s second -x 100 -y 30 "cd '$PWD' && '$bin'; echo GONE; sleep 600"
wait_for second "slide 1/$n" "a second presenter"
tm send-keys -t first Right Right
wait_for first "slide 3/$n" "the first presenter moves on"
wait_for notes "slide 3/$n" "notes follow the presenter that moved last"
tm send-keys -t second q
wait_for second "GONE" "the second presenter quits"
grep -qx "pid $(pid_in first)" "$tmp/gossipsim-$(id -u).slide" ||
	fail "the second presenter removed or took the first one's file"
expect_screen notes "slide 3/$n" "notes still follow the first presenter"
tm send-keys -t first q
wait_for notes "waiting for the talk" "notes once the first presenter quit too"

# 9d. a file the follower cannot trust is not followed, nor is the deck it names opened:
# one others may write, a symbolic link, and (when the test may chown) another user's
state="$tmp/gossipsim-$(id -u).slide"
printf 'deck %s\nslide 4\nrevealed 0\nstarted %s\npid %s\nbeat %s\n' \
	"$PWD/assets/deck.yaml" "$(date +%s)" "$$" "$(date +%s)" >"$tmp/planted"
cp "$tmp/planted" "$state"
chmod 666 "$state"
wait_for notes "other users may write it" "a file others may write is refused"
screen notes | grep -qF "slide 5/$n" && fail "a file others may write was followed"
rm -f "$state"
ln -s "$tmp/planted" "$state"
wait_for notes "it is a symbolic link" "a symbolic link is refused"
rm -f "$state"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	cp "$tmp/planted" "$state"
	chmod 644 "$state"
	chown nobody "$state"
	wait_for notes "it belongs to another user" "another user's file is refused"
	rm -f "$state"
fi
cp "$tmp/planted" "$state"
chmod 600 "$state"
wait_for notes "slide 5/$n" "a file of one's own, nobody else may write, is followed"
rm -f "$state"

# 9e. a deck of one's own at 80x24: a title too long for the line ends in "…", a bullet of
# 46 CJK characters (two columns each, no spaces) wraps whole, and an incident whose
# variant the scenario lacks says so
mkdir -p "$tmp/own/assets"
ln -s "$PWD/scenarios" "$tmp/own/scenarios"
ln -s "$PWD/eras" "$tmp/own/eras"
cjk=$(printf '%.0s漢字' $(seq 23))
cat >"$tmp/own/assets/deck.yaml" <<EOF
deck: A deck of one's own
slides:
  - chapter: A chapter
    kind: bullets
    title: A title that goes on and on, much longer than any terminal of eighty columns can hold
    body: ["$cjk"]
  - {chapter: A chapter, kind: incident, title: No such variant,
     scenario: scenarios/2017_saga.yaml, variant: nope}
EOF
tm new-session -d -s own -x 80 -y 24 \
	"cd '$PWD' && GOSSIPSIM_DATADIR='$tmp/own' '$bin'; sleep 600"
wait_for own "slide 1/2" "a deck of one's own"
screen own | grep -q '^  A title that goes on and on.*…$' ||
	{ fail "a long title ends in an ellipsis"; screen own | sed 's/^/  | /'; }
got=$(screen own | grep -o '[漢字]' | wc -l)
[ "$got" -eq 46 ] || { fail "the CJK bullet shows $got of its 46 characters"; screen own; }
tm send-keys -t own Right
wait_for own "has no variant 'nope'" "an incident whose variant is missing says so"

# 9e2. the notes on a small terminal (50x8, 40x8): the header's slide and talk clock stand
# apart, the chapter giving way, and the notes wrap over the rows there are, whole
upgrade=$(grep -B2 -xF "Small VPS against the 4x upgrade" "$tmp/plain" |
	sed -n 's/^Slide \([0-9]*\)\/.*/\1/p')
"$bin" --plain --notes | sed -n "/^Slide $upgrade\//,/^Slide /p" |
	sed -n '/^  Notes:$/,/^$/p' | sed '1d' | tr -s ' \n' ' ' >"$tmp/upgrade.notes"
[ -s "$tmp/upgrade.notes" ] || fail "the notes of slide $upgrade are not in the plain text"
tm new-session -d -s small -x 100 -y 30 "cd '$PWD' && '$bin'; sleep 600"
wait_for small "slide 1/$n" "a presenter for the small notes"
tm send-keys -t small $(sed 's/./& /g' <<<"$upgrade") Enter
wait_for small "slide $upgrade/$n" "the presenter on slide $upgrade"
for size in 50x8 40x8; do
	tm new-session -d -s "n$size" -x "${size%x*}" -y "${size#*x}" \
		"cd '$PWD' && '$bin' --notes; sleep 600"
	wait_for "n$size" "slide $upgrade/$n" "$size: the notes follow"
	wait_for "n$size" "talk " "$size: the talk's clock"
	screen "n$size" | head -n 1 | grep -qE "^ slide $upgrade/$n  .*  talk [0-9]{2}:[0-9]{2}$" ||
		{ fail "$size: the header runs together"; screen "n$size" | sed 's/^/  | /'; }
	got=$(screen "n$size" | sed -n '3,7p' | tr -s ' \n' ' ')
	[ "$got" = "$(cat "$tmp/upgrade.notes")" ] ||
		fail "$size: the notes read '$got', not '$(cat "$tmp/upgrade.notes")'"
done
tm send-keys -t small q

# 9f. Ctrl-Z and fg in an interactive shell: the live slide's clock resumes where it stopped
# rather than leaping by the time the talk was stopped. The bound comes from the wall
# clock: at x100 the run may advance 100 s for each second the talk ran (from before the
# first look to the stop, and from fg to the last look), and 60 s more for the frames
# caught between looks; the 5 s stopped would add 500 s.
elapsed() { screen "$1" | grep -oE '[0-9]+:[0-9]{2}/180:00' | head -n 1 |
	awk -F'[:/]' '{ print $1 * 60 + $2 }'; }
now() { date +%s.%N; }
saga=$(grep -B2 -xF "The same crash, with a saga" "$tmp/plain" |
	sed -n 's/^Slide \([0-9]*\)\/.*/\1/p')
tm new-session -d -s job -x 100 -y 30 \
	"cd '$PWD' && env -i HOME='$tmp' HISTFILE=/dev/null PATH='$PATH' TERM=xterm-256color \
	 LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_RUNTIME_DIR='$tmp' PS1='$ ' bash --norc --noprofile -i"
wait_for job '$' "an interactive shell"
tm send-keys -t job "'$bin'" Enter
wait_for job "slide 1/$n" "the talk in an interactive shell"
tm send-keys -t job $(sed 's/./& /g' <<<"$saga") Enter
wait_for job "slide $saga/$n" "the saga's comparison"
tm send-keys -t job + +
wait_for job "/180:00  x100" "x100 on the saga, two + past its x20"
t_a=$(now)
c0=$(elapsed job)
tm send-keys -t job C-z
t_s=$(now)
wait_for job "Stopped" "Ctrl-Z stops the talk"
sleep 5
t_f=$(now)
tm send-keys -t job fg Enter
wait_for job "/180:00  x100" "fg brings the talk back"
c1=$(elapsed job)
t_b=$(now)
bound=$(awk -v a="$t_a" -v s="$t_s" -v f="$t_f" -v b="$t_b" \
	'BEGIN { printf "%d", 100 * ((s - a) + (b - f)) + 60 }')
if [ -z "$c0" ] || [ -z "$c1" ] || [ $((c1 - c0)) -gt "$bound" ]; then
	fail "after Ctrl-Z and fg the run went from ${c0}s to ${c1}s, more than ${bound}s"
	screen job | sed 's/^/  | /'
fi
tm send-keys -t job q
wait_for job "$ " "the shell once the talk quit"
tm send-keys -t job exit Enter

# 10. a terminal curses cannot drive (TERM=dumb): the talk as plain text, and why
tm new-session -d -s dumb -x 100 -y 30 \
	"TERM=dumb $bin 2>'$tmp/dumb.err'; echo RC=\$?; sleep 600"
wait_for dumb "RC=0" "TERM=dumb: the talk ends by itself with 0"
expect_screen dumb "Thank you. Questions?" "TERM=dumb: the plain text of the talk"
want="gossipsim: the terminal (TERM=dumb) cannot draw the talk; printing it as plain text"
[ "$(cat "$tmp/dumb.err")" = "$want" ] || fail "TERM=dumb: stderr was: $(cat "$tmp/dumb.err")"

if [ "$failures" -ne 0 ]; then
	echo "present: $failures failure(s)"
	exit 1
fi
echo "present: ok"
