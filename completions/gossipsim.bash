# SPDX-License-Identifier: MIT
# Bash completion for gossipsim. It completes the command words, the options each command
# accepts, YAML files for FILE arguments, the variants of the scenario already on the line
# for --variant, the keys of a file for --set, that scenario's clock start for --at, and
# file names of the right kind for --json, --csv, --plot, --record, --trace (.json) and
# --screenshot (.png). Installed as share/bash-completion/completions/gossipsim.

# The FILE already typed on the line (the first *.yaml or *.yml word), or nothing.
_gossipsim_file()
{
	local w
	for w in "${COMP_WORDS[@]}"; do
		case $w in
		*.yaml | *.yml) [[ -f $w ]] && { printf '%s\n' "$w"; return; } ;;
		esac
	done
}

# The variant names of a scenario: the keys indented under its top-level `variants:`.
_gossipsim_variants()
{
	local file
	file=$(_gossipsim_file)
	[[ -n $file ]] || return
	awk '/^variants:/ { on = 1; next }
	     /^[^ #]/ { on = 0 }
	     on && /^  [A-Za-z0-9_-]+:/ { sub(/^  /, ""); sub(/:.*/, ""); print }' "$file"
}

# The scenario's clock_start (a time of day such as 02:40:00), when it has one.
_gossipsim_clock_start()
{
	local file
	file=$(_gossipsim_file)
	[[ -n $file ]] || return
	awk '/^clock_start:/ { v = $2; gsub(/["'\'']/, "", v); print v; exit }' "$file"
}

# What --set can name in the FILE on the line: the top-level keys, then each node, route
# and workload of the file and of the era it is built on ("nodes.db."), and the keys
# those already spell out ("nodes.db.max_connections="), ready for a value.
_gossipsim_set_keys()
{
	local file era
	printf '%s\n' seed= duration= clock_start= nodes. routes. workloads. faults. monitor.
	file=$(_gossipsim_file)
	[[ -n $file ]] || return
	era=$(awk '/^era:/ { v = $2; gsub(/["'\'']/, "", v); print v; exit }' "$file")
	# a scenario names its era relative to itself
	[[ -n $era && $era != /* ]] && era=$(dirname -- "$file")/$era
	[[ -f $era ]] || era=
	awk 'FNR == 1 { sec = "" }
	     /^(nodes|routes|workloads):/ { sec = $1; sub(/:.*/, "", sec); next }
	     /^[^ #]/ { sec = "" }
	     sec != "" && /^  [A-Za-z0-9_-]+:/ { name = $1; sub(/:.*/, "", name)
		print sec "." name "." }
	     sec != "" && /^    [A-Za-z0-9_]+:/ { key = $1; sub(/:.*/, "", key)
		print sec "." name "." key "=" }' "$file" ${era:+"$era"} | sort -u
}

_gossipsim()
{
	local cur prev words cword
	_init_completion -n =: || return

	local commands="run check validate dot diff list help"

	# The command is the first word that is neither an option nor an option's value; any
	# other such word is a FILE, run as by `run` (cmd stays empty, file is set).
	local cmd="" file="" i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--)
			# after --, every word is a FILE
			_filedir '@(yaml|yml)'
			return ;;
		--variant | --seed | --until | --json | --csv | --plot | --record | --set | \
			--trace | --trace-every | --screenshot | --at)
			((i++)) ;;
		-*) ;;
		run | check | validate | dot | diff | list | help)
			cmd=${words[i]}; break ;;
		*) file=1; break ;;
		esac
	done

	case $prev in
	--variant)
		mapfile -t COMPREPLY < <(compgen -W "$(_gossipsim_variants)" -- "$cur")
		return ;;
	--seed)
		return ;;
	--until)
		mapfile -t COMPREPLY < <(compgen -W "30s 60s 90s 2m 5m 10m" -- "$cur")
		return ;;
	--at)
		mapfile -t COMPREPLY < <(compgen -W "$(_gossipsim_clock_start) 30s 60s 90s 5m 10m" \
			-- "$cur")
		__ltrim_colon_completions "$cur"
		return ;;
	--trace-every)
		mapfile -t COMPREPLY < <(compgen -W "1 10 100 1000" -- "$cur")
		return ;;
	--set)
		[[ $cur == *=* ]] && return
		# one level at a time: nodes., then nodes.db., then nodes.db.cores=
		local key stem dots=${cur//[^.]/}
		COMPREPLY=()
		while read -r key; do
			[[ $key == "$cur"* ]] || continue
			stem=${key%?}
			[[ ${stem//[^.]/} == "$dots" ]] && COMPREPLY+=("$key")
		done < <(_gossipsim_set_keys)
		compopt -o nospace
		return ;;
	--json | --trace)
		_filedir json
		return ;;
	--csv)
		_filedir csv
		return ;;
	--plot)
		_filedir '@(png|svg)'
		return ;;
	--record)
		_filedir cast
		return ;;
	--screenshot)
		_filedir png
		return ;;
	esac

	local run_opts="--headless --variant --seed --until --json --csv --plot --record --trace
		--trace-every --set --plain --gui --screenshot --at --help"
	local opts
	case $cmd in
	run)
		opts=$run_opts ;;
	"")
		# before a FILE, the options of the talk too
		opts=$run_opts
		[[ -z $file ]] && opts+=" --notes --version" ;;
	check | validate | diff)
		opts="--set --help" ;;
	dot)
		opts="--variant --set --help" ;;
	list)
		opts="--help" ;;
	help)
		mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
		return ;;
	esac

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		return
	fi
	[[ $cmd == list ]] && return
	_filedir '@(yaml|yml)'
	if [[ -z $cmd && -z $file ]]; then
		local more
		mapfile -t more < <(compgen -W "$commands" -- "$cur")
		COMPREPLY+=("${more[@]}")
	fi
} && complete -F _gossipsim gossipsim
