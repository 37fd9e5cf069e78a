# bench/lib.sh - shell helpers both benchmarks use (sourced; needs HOST).

die() { echo "bench: $*" >&2; exit 1; }

uint_in() { # uint_in NAME VALUE MIN MAX
	case $2 in '' | *[!0-9]*) die "$1 must be an integer, got '$2'" ;; esac
	if [ "$2" -lt "$3" ] || [ "$2" -gt "$4" ]; then
		die "$1 must be in $3..$4, got '$2'"
	fi
}

# shellcheck disable=SC2317 # stop runs from the scripts' EXIT traps
stop() { # stop PID: TERM, wait up to 5 s, then KILL
	local pid=$1
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "bench: pid $pid ignored SIGTERM, killing" >&2
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

http_code() { # http_code URL [curl args...]
	local url=$1; shift
	curl --noproxy '*' -s -o /dev/null -w '%{http_code}' --max-time 2 \
		"$@" "$url" 2>/dev/null || true
}

port_busy() { # true when something listens on HOST:$1
	if command -v ss >/dev/null 2>&1; then
		[ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]
	else
		(exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
	fi
}

median() { # median NUMBERS...
	printf '%s\n' "$@" | sort -g | awk '
		{ v[NR] = $1 }
		END {
			if (NR % 2) print v[(NR + 1) / 2]
			else print (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}
