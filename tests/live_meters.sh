#!/bin/bash
# SPDX-License-Identifier: MIT
#
# live_meters.sh: the meters and story counters of the live view as a speaker and a student
# meet them at 80x24, driven with the real gossipsim ($1) in a detached tmux. In the talk,
# every incident and comparison slide (found in the plain text; predictions revealed):
# each pane shows at least three meters; the two halves of a comparison show the same
# meters on the same rows and the same story counters; the meter the slide names comes
# first (the 2009 cache: the hit ratio, then p50). Then `gossipsim FILE` alone and with v
# for three scenarios, and the 2007 outage at 100x30 once its timeouts run into the
# hundreds. Waits poll the screen; no assertion depends on how fast anything is.
set -u

bin=${1:?usage: bash tests/live_meters.sh /path/to/gossipsim}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed; the live view tests need it"
	exit 0
fi
tmp=$(mktemp -d)
sock=gossipsim-meters-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
unset GOSSIPSIM_DATADIR NO_COLOR TMUX
export XDG_RUNTIME_DIR="$tmp" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color

failures=0
screen() { tm capture-pane -p -t "$1"; }
fail() {
	echo "FAIL: $1"
	echo "---- screen of $2 ----"
	screen "$2"
	echo "----"
	failures=$((failures + 1))
}

wait_for() {
	local i
	for i in $(seq 200); do
		screen "$1" | grep -Eq -- "$2" && return 0
		sleep 0.1
	done
	fail "$3: no match for /$2/" "$1"
	return 1
}

# reads: a screen on stdin as the rows under the diagrams read, one line each:
#   L <meters of the left or only pane, comma separated>
#   R <meters of the right pane, empty when alone>
#   SL <names on the left story line>   SR <on the right one>
# A comparison is told by the divider "│" in the middle column of most rows; a meter is
# its label, spaces, then a bar or what the variant lacks ("no cache"), or compact, where
# a short pane keeps its log: a brief label ("pool", "hits", "err"), spaces, and a value
# ("94%", "5.7s", "(10s)" held, "none") ending 10 or 11 columns from the label's start,
# by its full name. Only rows above the log's header count: its text is no meter.
reads() {
	perl -CS -Mutf8 -e '
		my @rows = map { chomp; $_ } <STDIN>;
		my (%col, $div);
		for my $r (@rows) {
			while ($r =~ /│/g) { $col{pos($r) - 1}++ }
		}
		for my $c (keys %col) {
			$div = $c if $col{$c} >= 8 && $c > 30 && $c < 60;
		}
		my $label = qr/(CPU|RAM|DB pool|hit ratio|p99|errors|queue|p50)/;
		my $meter = qr/(?:^|\s)$label\s+(?=[█▏▎▍▌▋▊▉░]|no )/;
		my %full = (pool => "DB pool", hits => "hit ratio", err => "errors");
		my $value = qr/\(?[0-9<-][^\s\/]*|none/;
		my $brief = qr/(?:^|(?<=\s))(CPU|RAM|pool|hits|p99|err|queue|p50)( +)($value)(?=\s|$)/;
		my (@m, @story);
		my ($end) = grep { $rows[$_] =~ / incident log \(/ } 0 .. $#rows;
		$end //= scalar @rows;
		for my $side (0, 1) {
			my (@found, $first);
			for my $i (0 .. $end - 1) {
				my $r = $rows[$i];
				next if $side && !defined $div;
				$r = defined $div ? ($side ? substr($r, $div + 1) : substr($r, 0, $div)) : $r;
				my @here;
				push @here, $1 while $r =~ /$meter/g;
				while ($r =~ /$brief/g) {
					my $cols = length($1) + length($2) + length($3);
					push @here, $full{$1} // $1 if $cols == 10 || $cols == 11;
				}
				$first //= $i if @here;
				push @found, @here;
			}
			push @m, join(",", @found);
			my $s = "";
			if (defined $first && $first > 0) {
				my $r = $rows[$first - 1];
				$r = defined $div ? ($side ? substr($r, $div + 1) : substr($r, 0, $div)) : $r;
				$s = join(" ", map { /^\s*(\S+)/ ? $1 : () } split(/·/, $r));
			}
			push @story, $s;
		}
		print "L $m[0]\nR $m[1]\nSL $story[0]\nSR $story[1]\n";
	'
}

# log_lines: on a screen on stdin, the rows between the log's header and the key line.
log_lines() {
	awk '/ incident log \(/ && !top { top = NR; next }
	     top && /^ *(Space|Spc) pause/ { print NR - top - 1; found = 1; exit }
	     END { if (!found) print -1 }'
}

# check WHAT SESSION [FIRST]: the rules on the current screen; FIRST, when given, is the
# label the first meter must have.
check() {
	local what=$1 s=$2 first=${3:-} out l r sl sr n
	out=$(screen "$s" | reads)
	l=$(sed -n 's/^L //p' <<<"$out")
	r=$(sed -n 's/^R //p' <<<"$out")
	sl=$(sed -n 's/^SL //p' <<<"$out")
	sr=$(sed -n 's/^SR //p' <<<"$out")
	n=$(tr ',' '\n' <<<"$l" | grep -c .)
	# every variant has CPU, p99, errors, queue and p50; the log keeps three lines
	if [ "$n" -lt 5 ]; then
		fail "$what: $n meters ($l)" "$s"
	elif [ "$(screen "$s" | log_lines)" -lt 3 ]; then
		fail "$what: $(screen "$s" | log_lines) rows for the log's lines" "$s"
	elif [ -n "$r" ] && [ "$l" != "$r" ]; then
		fail "$what: the halves show '$l' and '$r'" "$s"
	elif [ -n "$r" ] && [ "$sl" != "$sr" ]; then
		fail "$what: the story counters read '$sl' and '$sr'" "$s"
	elif [ -n "$first" ] && [ "${l%%,*}" != "$first" ]; then
		fail "$what: '$first' is not first ($l)" "$s"
	else
		echo "ok: $what: $l${r:+ | $r}; story: $sl"
	fi
}

# ---- the talk at 80x24 -------------------------------------------------------------------
"$bin" --plain >"$tmp/plain"
n=$(grep -c '^Slide ' "$tmp/plain")
live=$(awk '/^Slide /{ split($2, a, "/"); s = a[1] } /Live incident:|Side by side:/{ print s }' \
	"$tmp/plain")
[ -n "$live" ] || { echo "live_meters: no live slide in the plain text"; exit 1; }
cache=$(grep -B2 -xF "Hits, misses and stale values" "$tmp/plain" |
	sed -n 's/^Slide \([0-9]*\)\/.*/\1/p')

tm new-session -d -s talk -x 80 -y 24 "cd '$PWD' && '$bin'; sleep 600"
wait_for talk "slide 1/$n" "the talk is up"
for s in $live; do
	tm send-keys -t talk $(sed 's/./& /g' <<<"$s") Enter
	wait_for talk "slide $s/$n" "slide $s" || continue
	# a prediction first: the next key reveals it and starts the run
	if screen talk | grep -qF " Predict "; then
		tm send-keys -t talk Right
		wait_for talk "Answer: " "slide $s: the answer" || continue
	fi
	wait_for talk '─ incident log \(' "slide $s: the live view" || continue
	first=
	[ "$s" = "$cache" ] && first="hit ratio"
	check "talk slide $s at 80x24" talk "$first"
done
# the cache's hit ratio row stays in the pain half, saying there is none
tm send-keys -t talk $(sed 's/./& /g' <<<"$cache") Enter
wait_for talk "slide $cache/$n" "back on the cache slide" &&
	wait_for talk 'hits +none .*│ hits ' "the pain half says it has no cache"

# ---- gossipsim FILE at 80x24, alone and with v ------------------------------------------
for f in 2007_oom 2014_friday_deploy 2026_platform; do
	tm new-session -d -s "$f" -x 80 -y 24 "cd '$PWD' && '$bin' scenarios/$f.yaml; sleep 600"
	wait_for "$f" 'q quit$' "$f is up" || continue
	wait_for "$f" '─ incident log \(' "$f: the meters and the log"
	first=
	[ "$f" = 2007_oom ] && first=RAM        # its first claim is about the OOM killer
	check "$f alone at 80x24" "$f" "$first"
	tm send-keys -t "$f" v
	wait_for "$f" ' \| ' "$f: v puts two variants side by side" &&
		wait_for "$f" '─ incident log \(.*│ ─ incident log \(' "$f: both logs" &&
		check "$f side by side at 80x24" "$f" "$first"
done

# ---- the 2007 outage at 100x30 side by side, once the pain times out by the hundreds -----
tm new-session -d -s oom -x 100 -y 30 "cd '$PWD' && '$bin' scenarios/2007_oom.yaml; sleep 600"
wait_for oom 'q quit$' "the outage is up"
# paused, back to 02:40:00, then 50 seeks of 10 s: 02:48:20 however fast the machine is
tm send-keys -t oom Space v r
for i in $(seq 50); do tm send-keys -t oom ']'; done
wait_for oom 'pain \| fix +02:48:20' "the outage side by side at 02:48:20" &&
	wait_for oom 'q quit$' "the key line is back once the word on seeking expires" &&
	check "the outage side by side at 100x30 after 8 minutes" oom RAM

if [ "$failures" -gt 0 ]; then
	echo "live_meters: $failures check(s) failed"
	exit 1
fi
echo "live_meters: ok"
