#!/bin/bash
# SPDX-License-Identifier: MIT
#
# bench/peers/run.sh: what does a customer of an M/M/c station cost in other engines, next
# to bench/ref_loop.c and gossipsim? It builds the reference and gossipsim as bench/run.sh
# does, and whichever peers this machine has: ns-3's core simulator (Debian's libns3-dev,
# bench/peers/ns3_mmc.cc) and SimPy 2 (Debian's python3-simpy, bench/peers/simpy_mmc.py).
# A peer whose package is missing is skipped with a line saying so; install them with
#
#   apt-get install -y libns3-dev python3-simpy
#
# On M/M/1 (0.9/s, mean service 1 s, 1,112,400 s: about 1,000,000 customers) and M/M/8
# (7.2/s, 140,400 s: about 1,010,000), each program runs once to warm up and then RUNS
# times (default 5), alternating with the reference, which runs after every one of them.
# SimPy is slower by two orders of magnitude: it runs SIMPY_RUNS times (default 3) on a
# tenth of the simulated time (SIMPY_DIV=10), and its cost is divided by its own count of
# customers, so it is compared per customer like the others.
#
# Times are CPU times, not wall: the reference, ns-3 and SimPy time their own loop (thread
# or process CPU clock, printed as loop_ns); gossipsim is timed as bench/run.sh times it,
# user + system of the whole process, so its figure also holds starting up, loading the
# YAML and the report. Each row gives the medians, ns per customer, the reference's ns per
# customer in the same alternation, their ratio, and the mean time in system against
# theory (10 s for M/M/1, 1.8769 s for M/M/8, Erlang C) so a wrong model shows: the
# tolerance is 6% (M/M/1) or 3% (M/M/8) at a million customers, widened as one over the
# square root of the customers. It exits 1 if any check fails.
#
# BUILD_DIR picks the build folder (default build-bench at the repository root), CC and
# CXX the compilers.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
cc=${CC:-cc}
cxx=${CXX:-g++}
runs=${RUNS:-5}
simpy_runs=${SIMPY_RUNS:-3}
simpy_div=${SIMPY_DIV:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- build ------------------------------------------------------------------------------
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >"$tmp/cmake.log" 2>&1 ||
	{ cat "$tmp/cmake.log" >&2; exit 1; }
cmake --build "$build" -j2 --target gossipsim >"$tmp/build.log" 2>&1 ||
	{ tail -30 "$tmp/build.log" >&2; exit 1; }
flags="-O3 -DNDEBUG -Wall -Wextra -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE"
# shellcheck disable=SC2086
$cc $flags -std=c11 "$root/bench/ref_loop.c" -lm -o "$build/bench_ref_loop"
ref=$build/bench_ref_loop
gossipsim=$build/gossipsim

# ns-3: Debian 12's ns3-core.pc names libgsl.so, which only libgsl-dev installs, so when
# its link line fails the program links libns3-core alone (which pulls in GSL itself).
ns3=
if [ ! -f /usr/include/ns3/simulator.h ]; then
	echo "skip ns-3: /usr/include/ns3/simulator.h missing (apt-get install libns3-dev)"
else
	src=$root/bench/peers/ns3_mmc.cc
	out=$build/bench_ns3_mmc
	# shellcheck disable=SC2046,SC2086
	if pkg-config --exists ns3-core &&
		$cxx $flags -std=c++17 $(pkg-config --cflags ns3-core) "$src" \
			$(pkg-config --libs ns3-core) -o "$out" 2>"$tmp/ns3.log"; then
		ns3=$out
	elif $cxx $flags -std=c++17 "$src" -lns3-core -o "$out" 2>>"$tmp/ns3.log"; then
		echo "ns-3: pkg-config's link line failed ($(grep -m1 -o 'cannot find [^:]*' \
			"$tmp/ns3.log" || echo 'no ns3-core.pc')); linked with -lns3-core"
		ns3=$out
	else
		echo "skip ns-3: ns3_mmc.cc did not build:"
		tail -5 "$tmp/ns3.log"
	fi
fi

# SimPy 2 is a Debian package for Debian's python3, which a python3 earlier in PATH (a
# pyenv, say) does not see.
simpy=
for py in python3 /usr/bin/python3; do
	if command -v "$py" >/dev/null && "$py" -c 'import SimPy.Simulation' 2>/dev/null; then
		simpy=$py
		break
	fi
done
[ -n "$simpy" ] || echo "skip SimPy: no python3 imports SimPy (apt-get install python3-simpy)"

# ---- measuring ----------------------------------------------------------------------------
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# key=value field $1 of output file $2.
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" "$2"; }

# Runs a self-timing program (ref_loop's output line); prints its loop_ns, output in $1.
self_timed() {
	local o=$1
	shift
	"$@" >"$o"
	field loop_ns "$o"
}

# gossipsim on a scenario, timed as bench/run.sh times it: user + system of the process.
# Prints CPU ns; leaves customers, events and mean as key=value lines in $1.
proc_timed() {
	local o=$1 t
	shift
	t=$( { TIMEFORMAT='%3U %3S'; time "$@" >"$o.raw" 2>"$o.err"; } 2>&1 )
	awk '$1 == "requests" && !c { c = $2 }
	     $1 == "latency_mean_ms" && !m { m = $2 }
	     /^fingerprint/ { e = $3 }
	     END { printf "customers=%d events=%d latency_mean_ms=%s\n", c, e, m }' \
		"$o.raw" >"$o"
	awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.0f\n", (a[1] + a[2]) * 1e9 }'
}

echo "machine: $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- |
	sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "$ns3" ] && echo "ns-3: libns3-dev $(dpkg-query -W -f '${Version}' libns3-dev 2>/dev/null)"
[ -n "$simpy" ] && echo "SimPy: $("$simpy" -c 'import SimPy; print(SimPy.__version__)')" \
	"on $("$simpy" --version) ($simpy)"
echo "gossipsim: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "CPU time (not wall); medians; the reference runs after each run of the program"
echo
head='%-4s %-24s %4s %9s %7s %8s %9s %8s %7s %9s %7s %s\n'
# shellcheck disable=SC2059
printf "$head" model program runs customers ev/cust "cpu ms" "ns/cust" "ref ns" ratio \
	"mean ms" "vs thy" check
fails=0

# measure MODEL LABEL RUNS DIV TIMER CMD...: DIV divides the simulated time of the peer
# (its arguments are the station's, built here) unless TIMER is proc (gossipsim, whose
# scenario file fixes the time).
measure() {
	local label=$1 n=$2 div=$3 timer=$4 args p r cust
	shift 4
	args=(-c "$servers" -r "$rate" -s 1 -d "$(awk -v d="$secs" -v k="$div" \
		'BEGIN { printf "%.0f", d / k }')")
	[ "$timer" = proc_timed ] && args=()
	: >"$tmp/p.t"
	: >"$tmp/r.t"
	"$timer" "$tmp/p.out" "$@" "${args[@]}" >/dev/null
	self_timed "$tmp/r.out" "$ref" -c "$servers" -r "$rate" -s 1 -d "$secs" >/dev/null
	for _ in $(seq "$n"); do
		"$timer" "$tmp/p.out" "$@" "${args[@]}" >>"$tmp/p.t"
		self_timed "$tmp/r.out" "$ref" -c "$servers" -r "$rate" -s 1 -d "$secs" >>"$tmp/r.t"
	done
	p=$(median <"$tmp/p.t")
	r=$(median <"$tmp/r.t")
	cust=$(field customers "$tmp/p.out")
	awk -v model="$model" -v label="$label" -v n="$n" -v p="$p" -v r="$r" \
	    -v c="$cust" -v e="$(field events "$tmp/p.out")" \
	    -v rc="$(field customers "$tmp/r.out")" \
	    -v m="$(field latency_mean_ms "$tmp/p.out")" -v thy="$theory" -v tol="$tol" \
	    -v f="$head" 'BEGIN {
		dev = (m - thy) / thy
		lim = tol * sqrt(1e6 / c)
		ok = (dev <= lim && dev >= -lim) ? "ok" : "FAIL"
		printf f, model, label, n, c, sprintf("%.2f", e / c), sprintf("%.1f", p / 1e6),
		       sprintf("%.0f", p / c), sprintf("%.0f", r / rc),
		       sprintf("%.2fx", (p / c) / (r / rc)), sprintf("%.0f", m),
		       sprintf("%+.1f%%", 100 * dev), ok " (+-" sprintf("%.1f", 100 * lim) "%)"
		exit ok != "ok"
	}' || fails=$((fails + 1))
}

# model, servers, arrival rate, simulated s, scenario, theory ms, tolerance at 1M customers
models=(
	"mm1 1 0.9 1112400 scenarios/queueing/mm1.yaml 10000 0.06"
	"mm8 8 7.2 140400 scenarios/queueing/mm8.yaml 1876.9 0.03"
)
for m in "${models[@]}"; do
	read -r model servers rate secs scenario theory tol <<<"$m"
	measure ref_loop "$runs" 1 self_timed "$ref"
	measure gossipsim "$runs" 1 proc_timed "$gossipsim" run --headless "$root/$scenario"
	if [ -n "$ns3" ]; then
		measure "ns-3 map, ns-3 rng" "$runs" 1 self_timed "$ns3"
		measure "ns-3 map, xoshiro" "$runs" 1 self_timed "$ns3" -g xoshiro
		measure "ns-3 heap, xoshiro" "$runs" 1 self_timed "$ns3" -q HeapScheduler \
			-g xoshiro
	fi
	if [ -n "$simpy" ]; then
		measure "SimPy 2.3.1 (1/$simpy_div)" "$simpy_runs" "$simpy_div" self_timed \
			"$simpy" "$root/bench/peers/simpy_mmc.py"
	fi
done

echo
echo "ref ns: the reference per customer, median of the runs alternating with that row;"
echo "ratio: the row's ns/cust over it. gossipsim's time is its whole process."
echo "ns-3 map/heap: its MapScheduler (default) or HeapScheduler; ns-3 rng: its"
echo "ExponentialRandomVariable; xoshiro: the reference's generator, the same customers."
[ -n "$simpy" ] && echo "SimPy ran 1/$simpy_div of the simulated time; per customer it" \
	"is scaled by its own customers."
[ "$fails" = 0 ] || { echo "$fails check(s) failed" >&2; exit 1; }
