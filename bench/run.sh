#!/bin/bash
# SPDX-License-Identifier: MIT
#
# run.sh: how fast is the engine? Builds gossipsim in Release, then:
#
# 1. times `gossipsim run --headless` on the M/M/1 and M/M/8 scenarios against
#    bench/ref_loop.c, a minimal event loop of the same station, over the same simulated
#    time (so the same number of customers, give or take the draws). Runs alternate,
#    gossipsim then reference, after one warm-up of each; the table gives the median CPU
#    and wall time and the CPU cost per event and per customer;
# 2. runs bench/2026_platform_1m.yaml (a million users, 20,000 requests/s) for
#    part of its hour, or all of it with --scale, and reports the same costs and the
#    peak memory;
# 3. times the event heap alone with bench/hold.c (the hold model).
#
# With --frames it times the live views instead, with bench/frame.c: one frame of the
# terminal view at 200 x 60 and of the window at 1920 x 1080, at a few moments of the 2007
# outage and of the 2026 platform (target: under 5 ms of CPU), and the 2007 outage played
# at x1000 in the terminal view (it keeps real time if 1000 simulated s take under 1 s).
#
#   bench/run.sh            5 runs of ~1M customers each; scale: 3 runs of 2 minutes
#   bench/run.sh --small    3 runs of ~100k customers; scale: 1 run of 10 s; quick hold
#   bench/run.sh --scale    as the default, but the scale scenario's whole hour, once
#   bench/run.sh --frames   the live views' frames and the x1000 check (~1 minute)
#
# BUILD_DIR picks the build folder (default build-bench at the repository root), CC the
# compiler for the two bench programs (default cc). Times are of whole processes, so they
# include starting up and loading the YAML files, a millisecond or two.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
cc=${CC:-cc}
small=0
frames=0
scale_until=2m
scale_runs=3
case "${1:-}" in
--small) small=1; scale_until=10s; scale_runs=1 ;;
--scale) scale_until=; scale_runs=1 ;;
--frames) frames=1 ;;
"") ;;
*) echo "usage: bench/run.sh [--small | --scale | --frames]" >&2; exit 64 ;;
esac
runs=$((small ? 3 : 5))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- build ------------------------------------------------------------------------------
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >"$tmp/cmake.log" 2>&1 ||
	{ cat "$tmp/cmake.log" >&2; exit 1; }
cmake --build "$build" -j2 --target gossipsim >"$tmp/build.log" 2>&1 ||
	{ tail -30 "$tmp/build.log" >&2; exit 1; }
# Release flags as CMake's, so that both sides of the comparison are built alike.
flags="-O3 -DNDEBUG -std=c11 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE"
$cc $flags "$root/bench/ref_loop.c" -lm -o "$build/bench_ref_loop"
$cc $flags -I"$root/sim" "$root/bench/hold.c" "$build/libgossipsim_sim.a" -lm \
	-o "$build/bench_hold"
gossipsim=$build/gossipsim
ref=$build/bench_ref_loop

# The frame bench links the ui library, so it needs what the ui links: the same packages.
if [ "$frames" = 1 ]; then
	cmake --build "$build" -j2 --target gossipsim_ui >>"$tmp/build.log" 2>&1 ||
		{ tail -30 "$tmp/build.log" >&2; exit 1; }
	pkgs="ncursesw jansson cairo fontconfig yaml-0.1"
	sdl=
	# (grep reads all of nm's output: -q would stop early and fail the pipe)
	if nm "$build/libgossipsim_ui.a" 2>/dev/null | grep ' T gfx_live_draw$' >/dev/null; then
		pkgs="$pkgs sdl2 SDL2_ttf"
		sdl=-DGOSSIPSIM_HAVE_SDL=1
	fi
	# shellcheck disable=SC2046,SC2086
	$cc $flags $sdl -I"$root/sim" -I"$root/ui" $(pkg-config --cflags $pkgs) \
		"$root/bench/frame.c" "$build/libgossipsim_ui.a" "$build/libgossipsim_sim.a" \
		$(pkg-config --libs $pkgs) -lpthread -lm -o "$build/bench_frame"
	echo "machine: $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg)"
	"$build/bench_frame" -n 60 "$root"
	exit $?
fi

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Runs a command and prints "cpu_ns wall_ns": user + system time, then elapsed time. On a
# busy machine the CPU time is the steadier of the two: it leaves out the time spent
# waiting for a CPU. bash's `time` reports both to the millisecond.
cpu_wall() {
	local t
	t=$( { TIMEFORMAT='%3U %3S %3R'; time "$@" >"$out" 2>"$out.err"; } 2>&1 )
	awk -v t="$t" 'BEGIN {
		split(t, a, " ")
		printf "%.0f %.0f\n", (a[1] + a[2]) * 1e9, a[3] * 1e9
	}'
}

# gossipsim on $file (with $until, if set); its output stays in $tmp/g.out.
time_gossipsim() {
	out=$tmp/g.out cpu_wall "$gossipsim" run --headless ${until:+--until "$until"} "$file"
}

time_ref() {
	out=$tmp/r.out cpu_wall "$ref" -c "$servers" -r "$rate" -s 1 -d "$seconds"
}

# ---- the comparison ---------------------------------------------------------------------
echo "machine: $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- |
	sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: $runs each after a warm-up; medians of CPU time (user + system) and wall time"
echo
printf '%-5s %-10s %10s %10s %8s %8s %9s %9s\n' station program customers events \
	"cpu ms" "wall ms" "ns/event" "ns/cust"

# name, file, servers, arrival rate, --until for --small
stations=(
	"mm1 scenarios/queueing/mm1.yaml 1 0.9 30h"
	"mm8 scenarios/queueing/mm8.yaml 8 7.2 4h"
)
for st in "${stations[@]}"; do
	read -r name file servers rate short <<<"$st"
	file=$root/$file
	until=
	[ "$small" = 1 ] && until=$short

	# The warm-up tells the simulated time and the counts.
	time_gossipsim >/dev/null
	seconds=$(awk '/^fingerprint/ { print $(NF - 2) }' "$tmp/g.out")
	g_events=$(awk '/^fingerprint/ { print $3 }' "$tmp/g.out")
	g_cust=$(awk '$1 == "requests" { print $2; exit }' "$tmp/g.out")
	time_ref >/dev/null
	r_events=$(sed 's/.*events=\([0-9]*\).*/\1/' "$tmp/r.out")
	r_cust=$(sed 's/.*customers=\([0-9]*\).*/\1/' "$tmp/r.out")

	: >"$tmp/g.times"
	: >"$tmp/r.times"
	for _ in $(seq "$runs"); do
		time_gossipsim >>"$tmp/g.times"
		time_ref >>"$tmp/r.times"
	done
	g_cpu=$(cut -d' ' -f1 "$tmp/g.times" | median)
	g_wall=$(cut -d' ' -f2 "$tmp/g.times" | median)
	r_cpu=$(cut -d' ' -f1 "$tmp/r.times" | median)
	r_wall=$(cut -d' ' -f2 "$tmp/r.times" | median)
	awk -v n="$name" -v gc="$g_cust" -v ge="$g_events" -v gt="$g_cpu" -v gw="$g_wall" \
	    -v rc="$r_cust" -v re="$r_events" -v rt="$r_cpu" -v rw="$r_wall" 'BEGIN {
		f = "%-5s %-10s %10d %10d %8.1f %8.1f %9.1f %9.1f\n"
		printf f, n, "gossipsim", gc, ge, gt / 1e6, gw / 1e6, gt / ge, gt / gc
		printf f, n, "reference", rc, re, rt / 1e6, rw / 1e6, rt / re, rt / rc
		printf "%-5s %-10s gossipsim / reference (CPU time): %.2fx per customer, " \
		       "%.2fx per event\n", n, "ratio", (gt / gc) / (rt / rc), (gt / ge) / (rt / re)
	}'
done
echo
echo "gossipsim's events include a monitor tick per simulated second; the reference has"
echo "only arrivals and departures, so per customer is the fairer comparison."

# ---- at scale ----------------------------------------------------------------------------
echo
echo "scale: bench/2026_platform_1m.yaml, ${scale_until:-the whole hour}," \
	"$scale_runs run(s)"
file=$root/bench/2026_platform_1m.yaml
until=$scale_until
: >"$tmp/s.times"
for _ in $(seq "$scale_runs"); do
	# GNU time, where there is one, adds the peak resident memory.
	if [ -x /usr/bin/time ]; then
		out=$tmp/g.out cpu_wall /usr/bin/time -f %M -o "$tmp/rss" \
			"$gossipsim" run --headless ${until:+--until "$until"} "$file" >>"$tmp/s.times"
	else
		time_gossipsim >>"$tmp/s.times"
		echo 0 >"$tmp/rss"
	fi
done
s_cpu=$(cut -d' ' -f1 "$tmp/s.times" | median)
s_wall=$(cut -d' ' -f2 "$tmp/s.times" | median)
awk -v cpu="$s_cpu" -v wall="$s_wall" -v rss="$(cat "$tmp/rss")" '
	/^fingerprint/ { events = $3; secs = $5 }
	$1 == "requests" && !req { req = $2 }
	END {
		printf "%12s %12s %8s %8s %9s %9s %8s\n", "requests", "events", "cpu s",
		       "wall s", "ns/event", "ns/req", "peak MB"
		printf "%12d %12d %8.2f %8.2f %9.1f %9.1f %8.0f\n", req, events, cpu / 1e9,
		       wall / 1e9, cpu / events, cpu / req, rss / 1024
		printf "%.0f simulated s, %.2f simulated s per CPU s\n", secs, secs / (cpu / 1e9)
	}' "$tmp/g.out"

# ---- the heap alone ---------------------------------------------------------------------
echo
echo "hold model: pop the earliest event, push it back later; the set stays at its size"
if [ "$small" = 1 ]; then
	"$build/bench_hold" -q 2>/dev/null
else
	"$build/bench_hold" 2>/dev/null
fi
