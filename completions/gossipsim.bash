# SPDX-License-Identifier: MIT
# Bash completion for gossipsim: commands, the options each command accepts, YAML files
# for FILE arguments, the variants of the scenario already on the line for --variant, the
# keys of the file for --set, and file names of the right kind for --json, --csv, --plot
# and --record. Installed as share/bash-completion/completions/gossipsim.

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

_gossipsim()
{
	local cur prev words cword
	_init_completion -n = || return

	local commands="run check validate dot diff list help"
	local cmd="" i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		run | check | validate | dot | diff | list | help) cmd=${words[i]}; break ;;
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
	--set)
		mapfile -t COMPREPLY < <(compgen -W "seed duration clock_start nodes. routes.
			workloads. faults. monitor." -- "$cur")
		compopt -o nospace
		return ;;
	--json)
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
	esac

	local opts
	case $cmd in
	run | "")
		opts="--headless --variant --seed --until --json --csv --plot --record --set
			--plain --help"
		[[ -z $cmd ]] && opts+=" --notes --version" ;;
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
	if [[ -z $cmd ]]; then
		local more
		mapfile -t more < <(compgen -W "$commands" -- "$cur")
		COMPREPLY+=("${more[@]}")
	fi
} && complete -F _gossipsim gossipsim

