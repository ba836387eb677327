#!/bin/bash
# SPDX-License-Identifier: MIT
#
# module.sh: the drawing module gossipsim-gfx.so, with the real gossipsim ($1), in a build
# tree or installed. The binary links none of SDL2, SDL2_ttf, cairo and fontconfig, and
# what does not draw runs without the module. Without it, --plot, --screenshot and --gui
# exit 69 with one line that names where it was looked for, before anything runs and with
# no file left behind. A file that is not the module, or is another build's, is refused
# in the same form with the reason. The module is found beside the binary, in
# $GOSSIPSIM_MODULE_DIR, and, for a binary installed under another prefix, in the lib
# folder beside its bin folder.
set -euo pipefail

bin=${1:?usage: bash tests/module.sh /path/to/gossipsim}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY SDL_VIDEODRIVER GOSSIPSIM_DATADIR GOSSIPSIM_MODULE_DIR
scenario=scenarios/2007_oom.yaml
module=gossipsim-gfx.so

checks=0
failures=0
fail() {
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*"
}
ok() {
	checks=$((checks + 1))
}

# Runs gossipsim with stdout and stderr to files; the exit code goes to $rc.
gs() {
	rc=0
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
}

expect_rc() {
	if [ "$rc" -eq "$1" ]; then ok; else
		fail "$2: exit code $rc, expected $1"
		sed 's/^/  | /' "$tmp/err"
	fi
}

# expect_err TEXT WHAT: stderr is exactly the one line TEXT.
expect_err() {
	if [ "$(cat "$tmp/err")" = "$1" ]; then ok; else
		fail "$2: said '$(cat "$tmp/err")'"
	fi
}

# expect_err_start TEXT WHAT: stderr is one line that starts with TEXT.
expect_err_start() {
	if [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ "$(head -c ${#1} "$tmp/err")" = "$1" ]; then
		ok
	else
		fail "$2: said '$(cat "$tmp/err")'"
	fi
}

# ---- the binary alone ---------------------------------------------------------------

if command -v readelf >/dev/null; then
	needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	drawing=$(printf '%s\n' "$needed" | grep -Ei 'sdl|cairo|fontconfig|x11|wayland' || true)
	if [ -z "$drawing" ]; then ok; else
		fail "the binary links drawing libraries: $(echo $drawing)"
	fi
else
	echo "skip: no readelf (binutils) to list the libraries the binary links"
fi
# The module the binary uses: beside it in a build tree, under its prefix once installed.
moddir=$(dirname "$bin")
if [ ! -f "$moddir/$module" ]; then
	found=$(find "$(dirname "$moddir")" -path "*/gossipsim/$module" 2>/dev/null | head -n 1)
	[ -n "$found" ] && moddir=$(dirname "$found")
fi
if [ -f "$moddir/$module" ]; then ok; else
	fail "no $module beside $bin or under its prefix"
fi

# Is there a window in this build? A screenshot with the module says.
gs --gui --screenshot "$tmp/shot.png" "$scenario"
window=1
if [ "$rc" -eq 70 ] && grep -qF "built without SDL2" "$tmp/err"; then
	window=0
else
	expect_rc 0 "a screenshot with the module"
fi
gs run --plot "$tmp/plot.png" "$scenario"
expect_rc 0 "--plot with the module"

# ---- no module ----------------------------------------------------------------------

mkdir "$tmp/empty"
export GOSSIPSIM_MODULE_DIR=$tmp/empty
for args in "--version" "run --headless --until 60s $scenario" "validate $scenario" \
	"run --csv $tmp/a.csv $scenario" "dot $scenario"; do
	# shellcheck disable=SC2086
	gs $args
	expect_rc 0 "$args without the module"
done

gs run --plot "$tmp/b.png" "$scenario"
expect_rc 69 "--plot without the module"
expect_err "gossipsim: --plot needs the drawing module $module: not found in $tmp/empty" \
	"--plot without the module"
if [ -s "$tmp/out" ]; then fail "--plot without the module ran: $(head -1 "$tmp/out")"; else
	ok
fi
if [ -e "$tmp/b.png" ]; then fail "--plot without the module left a file"; else ok; fi

if [ "$window" = 1 ]; then
	gs --gui --screenshot "$tmp/c.png" "$scenario"
	expect_rc 69 "--screenshot without the module"
	expect_err "gossipsim: --screenshot needs the drawing module $module: not found in \
$tmp/empty" "--screenshot without the module"
	if [ -e "$tmp/c.png" ]; then fail "--screenshot without the module left a file"; else ok; fi
	for args in "--gui $scenario" "--gui"; do
		# shellcheck disable=SC2086
		gs $args
		expect_rc 69 "$args without the module"
		expect_err "gossipsim: --gui needs the drawing module $module: not found in \
$tmp/empty" "$args without the module"
	done
else
	# the build says it has no window, whether or not the module is there
	gs --gui "$scenario"
	expect_rc 70 "--gui in a build without SDL2"
fi

# ---- not the module, or another build's ------------------------------------------------

mkdir "$tmp/junk"
echo "not a shared object" >"$tmp/junk/$module"
GOSSIPSIM_MODULE_DIR=$tmp/junk gs run --plot "$tmp/d.png" "$scenario"
expect_rc 69 "a module that is not one"
expect_err_start "gossipsim: --plot needs the drawing module $tmp/junk/$module, which \
cannot be loaded: " "a module that is not one"

# Small shared objects that pose as the module, where there is a compiler to make them.
if command -v cc >/dev/null; then
	# fake NAME ABI VERSION [CC OPTION...]: a module whose table has that version number
	# and string
	fake() {
		local name=$1 abi=$2 version=$3
		shift 3
		mkdir -p "$tmp/$name"
		cat >"$tmp/$name/fake.c" <<-EOF
			#include "module.h"
			static const struct module_gfx t = {.abi = $abi, .version = "$version",
				.options_size = sizeof(struct cli_options),
				.scenario_size = sizeof(struct cfg_scenario)};
			const struct module_gfx *gossipsim_gfx_module(void) { return &t; }
		EOF
		cc -shared -fPIC "$@" -I"$src/sim" -I"$src/ui" -o "$tmp/$name/$module" \
			"$tmp/$name/fake.c"
	}
	# refused DIR REASON: the message for the module in $tmp/DIR
	refused() {
		printf 'gossipsim: --plot needs the drawing module %s, which cannot be loaded: %s' \
			"$tmp/$1/$module" "$2"
	}
	version=$("$bin" --version | cut -d' ' -f2)
	abi=$(sed -n 's/^#define MODULE_GFX_ABI \([0-9]*\).*/\1/p' "$src/ui/module.h")
	if fake old "$abi" "0.0.0-old" && fake abi "$((abi + 1))" "$version" &&
		cc -shared -fPIC -o "$tmp/none.so" -x c /dev/null; then
		mkdir "$tmp/none" && mv "$tmp/none.so" "$tmp/none/$module"
		GOSSIPSIM_MODULE_DIR=$tmp/old gs run --plot "$tmp/e.png" "$scenario"
		expect_rc 69 "another version's module"
		expect_err "$(refused old \
			"it was built for gossipsim 0.0.0-old, this is gossipsim $version")" \
			"another version's module"
		GOSSIPSIM_MODULE_DIR=$tmp/abi gs run --plot "$tmp/e.png" "$scenario"
		expect_rc 69 "a module with another table"
		expect_err "$(refused abi \
			"its table is version $((abi + 1)), this gossipsim reads version $abi")" \
			"a module with another table"
		GOSSIPSIM_MODULE_DIR=$tmp/none gs run --plot "$tmp/e.png" "$scenario"
		expect_rc 69 "a shared object without the table"
		expect_err "$(refused none "it has no gossipsim_gfx_module")" \
			"a shared object without the table"
		if [ -e "$tmp/e.png" ]; then fail "a refused module left a file"; else ok; fi
	else
		fail "cannot build the stand-in modules with cc"
	fi
	# A module built with AddressSanitizer would stop a binary built without it inside the
	# loader, with ASan's message: it is refused first. (Which ASan a sanitizer build
	# hosts depends on its compiler and cc's: the plain build checks this.)
	if grep -qa '__asan_init' "$bin"; then
		echo "skip: a sanitizer build; the plain build checks a module built with ASan"
	elif fake asan "$abi" "0.0.0-asan" -fsanitize=address 2>/dev/null; then
		GOSSIPSIM_MODULE_DIR=$tmp/asan gs run --plot "$tmp/e.png" "$scenario"
		expect_rc 69 "a module built with AddressSanitizer"
		expect_err "$(refused asan \
			"it was built with AddressSanitizer, this gossipsim was not")" \
			"a module built with AddressSanitizer"
	else
		echo "skip: cc cannot build with AddressSanitizer (libasan)"
	fi
else
	echo "skip: no cc to build modules of other versions"
fi

# ---- where it is looked for ---------------------------------------------------------------

GOSSIPSIM_MODULE_DIR=$moddir gs run --plot "$tmp/f.png" "$scenario"
expect_rc 0 "GOSSIPSIM_MODULE_DIR names the module's folder"
if [ -s "$tmp/f.png" ]; then ok; else fail "no chart with GOSSIPSIM_MODULE_DIR"; fi
unset GOSSIPSIM_MODULE_DIR

# A copy of the binary alone looks beside itself first, then where it would be installed.
mkdir -p "$tmp/prefix/bin"
cp "$bin" "$tmp/prefix/bin/gossipsim"
alone=$tmp/prefix/bin/gossipsim
rc=0
"$alone" run --plot "$tmp/g.png" "$scenario" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
not_found="gossipsim: --plot needs the drawing module $module: not found in $tmp/prefix/bin, "
if [ "$rc" -eq 69 ] && grep -qF "$not_found" "$tmp/err"; then
	ok
	# the last folder named is where an install under this prefix puts it
	installed=$(sed 's/.* and //' "$tmp/err")
	case $installed in
	"$tmp/prefix/"*) ok ;;
	*) fail "no folder under the binary's prefix: $(cat "$tmp/err")" ;;
	esac
	mkdir -p "$installed"
	cp "$moddir/$module" "$installed/"
	rc=0
	"$alone" run --plot "$tmp/g.png" "$scenario" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
	expect_rc 0 "the module in the prefix's lib folder"
	rm -f "$installed/$module"
else
	echo "note: a copy of the binary found an installed module (exit code $rc)"
fi
cp "$moddir/$module" "$tmp/prefix/bin/"
rc=0
"$alone" run --plot "$tmp/h.png" "$scenario" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
expect_rc 0 "the module beside a copy of the binary"

leftovers=$(find "$tmp" -name '*.tmp.*' | wc -l)
if [ "$leftovers" -eq 0 ]; then ok; else fail "$leftovers temporary files left behind"; fi

printf '%d passed, %d failed\n' "$checks" "$failures"
[ "$failures" -eq 0 ]
