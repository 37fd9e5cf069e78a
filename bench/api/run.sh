#!/usr/bin/env bash
# bench/api/run.sh - ungcuu API throughput and latency against a floor.
#
# Builds bench/api/floor.c, creates a throw-away SQLite instance with
# the sample tree, starts `ungcuu serve` and the floor on free loopback
# ports, runs wrk against
#
#   floor  GET /                  (fixed 200-byte JSON, same headers)
#   ungcuu GET /api/v1/me         (bearer token -> user + roles)
#   ungcuu GET /api/v1/units/1    (bearer token -> one unit)
#
# at 1, 8 and 64 connections and prints one table. See bench/README.md.
#
# Environment:
#   BENCH_SECONDS   wrk duration per run, seconds        (default 5)
#   BENCH_REPEAT    runs per cell, median reported       (default 1;
#                   2 is raised to 3, a median needs an odd count >= 3)
#   BENCH_WARMUP    warm-up per target, seconds          (default 1)
#   BENCH_THREADS   --threads for both servers           (default nproc)
#   BENCH_CONNS     connection counts                    (default "1 8 64")
#   BENCH_KEEP=1    keep the temp dir (logs, raw wrk output)
#   UNGCUU_BIN      the server binary          (default build/ungcuu)
#
# Only 127.0.0.1 is ever contacted. Both servers are stopped on exit.

set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/../lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
UNGCUU=${UNGCUU_BIN:-$ROOT/build/ungcuu}
FLOOR_SRC=$ROOT/bench/api/floor.c
HOST=127.0.0.1

# Never let a proxy setting send our loopback requests elsewhere.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY \
	no_proxy NO_PROXY

DURATION=${BENCH_SECONDS:-5}
REPEAT=${BENCH_REPEAT:-1}
WARMUP=${BENCH_WARMUP:-1}
NPROC=$(nproc)
THREADS=${BENCH_THREADS:-$NPROC}
CONNS=${BENCH_CONNS:-1 8 64}
uint_in BENCH_SECONDS "$DURATION" 1 600
uint_in BENCH_REPEAT "$REPEAT" 1 25
uint_in BENCH_WARMUP "$WARMUP" 0 60
uint_in BENCH_THREADS "$THREADS" 1 1024
for c in $CONNS; do uint_in BENCH_CONNS "$c" 1 10000; done
if [ "$REPEAT" -eq 2 ]; then
	echo "bench: BENCH_REPEAT=2 raised to 3 (median of an odd count)" >&2
	REPEAT=3
fi

for tool in cc pkg-config wrk curl timeout; do
	command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool"
done
[ -x "$UNGCUU" ] || die "no server binary at $UNGCUU (build it first)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ungcuu-bench.XXXXXX")
FLOOR_PID=
UNGCUU_PID=
WRK_PID=

# shellcheck disable=SC2317
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop "$WRK_PID"
	stop "$UNGCUU_PID"
	stop "$FLOOR_PID"
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench: kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- ports

free_port() { # free_port [EXCLUDE]
	local p
	for _ in $(seq 100); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		[ "$p" = "${1:-}" ] && continue
		port_busy "$p" || { echo "$p"; return 0; }
	done
	die "no free port found"
}

wait_up() { # wait_up NAME PID URL LOG: bounded wait for a 200
	local name=$1 pid=$2 url=$3 log=$4
	for _ in $(seq 100); do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "bench: $name exited during start-up; its log:" >&2
			sed 's/^/  | /' "$log" >&2
			exit 1
		fi
		[ "$(http_code "$url")" = 200 ] && return 0
		sleep 0.1
	done
	echo "bench: $name did not answer 200 on $url within 10 s; log:" >&2
	sed 's/^/  | /' "$log" >&2
	exit 1
}

# ---------------------------------------------------------------- setup

# shellcheck disable=SC2046
cc -std=c17 -O2 -Wall -Wextra -Werror -o "$TMP/floor" "$FLOOR_SRC" \
	$(pkg-config --cflags --libs libmicrohttpd) ||
	die "cannot build $FLOOR_SRC"

DB="sqlite:$TMP/bench.db"
export UNGCUU_ADMIN_PASSWORD="Bench-admin-$RANDOM$RANDOM-pw"
export UNGCUU_SAMPLE_PASSWORD="Bench-sample-$RANDOM$RANDOM-pw"
if ! "$UNGCUU" init --db "$DB" --sample >"$TMP/init.log" 2>&1; then
	echo "bench: ungcuu init failed:" >&2
	sed 's/^/  | /' "$TMP/init.log" >&2
	exit 1
fi
if ! "$UNGCUU" token create --db "$DB" --user admin --name bench \
	>"$TMP/token.out" 2>"$TMP/token.err"; then
	echo "bench: ungcuu token create failed:" >&2
	sed 's/^/  | /' "$TMP/token.err" >&2
	exit 1
fi
TOKEN=$(tail -n 1 "$TMP/token.out" | tr -d '\r')
case $TOKEN in
'' | *[[:space:]]*) die "token create printed no token on its last line" ;;
esac

UNGCUU_PORT=$(free_port)
FLOOR_PORT=$(free_port "$UNGCUU_PORT")

"$TMP/floor" --port "$FLOOR_PORT" --threads "$THREADS" \
	>"$TMP/floor.log" 2>&1 &
FLOOR_PID=$!
"$UNGCUU" serve --listen "$HOST:$UNGCUU_PORT" --db "$DB" --data-dir "$TMP" \
	--threads "$THREADS" >"$TMP/ungcuu.log" 2>&1 &
UNGCUU_PID=$!

FLOOR_URL="http://$HOST:$FLOOR_PORT"
UNGCUU_URL="http://$HOST:$UNGCUU_PORT"
wait_up floor "$FLOOR_PID" "$FLOOR_URL/" "$TMP/floor.log"
wait_up ungcuu "$UNGCUU_PID" "$UNGCUU_URL/healthz" "$TMP/ungcuu.log"

# ---------------------------------------------------------------- targets

TARGETS=(floor me unit)
declare -A LABEL=(
	[floor]="floor (fixed 200 B)"
	[me]="GET /api/v1/me"
	[unit]="GET /api/v1/units/1"
)
declare -A URL=(
	[floor]="$FLOOR_URL/"
	[me]="$UNGCUU_URL/api/v1/me"
	[unit]="$UNGCUU_URL/api/v1/units/1"
)
AUTH="Authorization: Bearer $TOKEN"
NOTES=()
declare -A CHECK_BAD
note() { NOTES+=("$*"); }

# One request per target before measuring: it must be a 200 with JSON.
# wrk alone only notices statuses >= 400.
for t in "${TARGETS[@]}"; do
	f="$TMP/check-$t"
	: >"$f.hdr"
	: >"$f.body"
	code=$(curl --noproxy '*' -s --max-time 5 -H "$AUTH" -D "$f.hdr" \
		-o "$f.body" -w '%{http_code}' "${URL[$t]}" 2>/dev/null || true)
	ctype=$(awk 'tolower($1) == "content-type:" { print $2 }' "$f.hdr" |
		tr -d '\r;')
	if [ "$code" != 200 ] || [ "$ctype" != application/json ]; then
		CHECK_BAD[$t]=1
		note "${LABEL[$t]}: check request got status ${code:-none}," \
			"Content-Type '${ctype}': $(head -c 300 "$f.body")"
	fi
done

# The floor must carry the same per-reply headers as ungcuu.
for h in Content-Security-Policy X-Content-Type-Options Referrer-Policy \
	X-Frame-Options Cache-Control; do
	fv=$(awk -v h="$h" 'tolower($1) == tolower(h) ":" {
		sub(/^[^:]*: */, ""); sub(/\r$/, ""); print }' "$TMP/check-floor.hdr")
	uv=$(awk -v h="$h" 'tolower($1) == tolower(h) ":" {
		sub(/^[^:]*: */, ""); sub(/\r$/, ""); print }' "$TMP/check-me.hdr")
	if [ -z "$uv" ]; then
		note "ungcuu GET /api/v1/me sent no $h header (contract: every reply)"
	elif [ "$fv" != "$uv" ]; then
		note "$h differs: floor '$fv', ungcuu '$uv' (update floor.c)"
	fi
done

# ---------------------------------------------------------------- wrk

# parse_wrk FILE -> "rps p50_ms p99_ms requests non2xx sockerr"
parse_wrk() {
	awk '
	function ms(v,   n, u) {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") return n / 1000
		if (u == "ms") return n
		if (u == "s")  return n * 1000
		if (u == "m")  return n * 60000
		if (u == "h")  return n * 3600000
		return -1
	}
	BEGIN { rps = -1; p50 = -1; p99 = -1; req = 0; bad = 0; sock = 0 }
	/^Requests\/sec:/          { rps = $2 }
	/^[ \t]+50%[ \t]/          { p50 = ms($2) }
	/^[ \t]+99%[ \t]/          { p99 = ms($2) }
	/ requests in /            { req = $1 }
	/Non-2xx or 3xx responses:/ { bad = $NF }
	/Socket errors:/ {
		s = $0; gsub(/[^0-9 ]/, " ", s); n = split(s, a, " ")
		for (i = 1; i <= n; i++) sock += a[i]
	}
	END { printf "%s %s %s %s %s %s\n", rps, p50, p99, req, bad, sock }
	' "$1"
}

run_wrk() { # run_wrk URL CONNS SECONDS OUTFILE
	local t=$(($2 < 2 ? $2 : 2))
	# In the background so that a signal to this script interrupts the
	# wait at once; cleanup stops it. timeout bounds a stuck wrk.
	timeout $(($3 + 30)) wrk --latency -t "$t" -c "$2" -d "${3}s" \
		-H "$AUTH" "$1" >"$4" 2>&1 &
	WRK_PID=$!
	local rc=0
	wait "$WRK_PID" || rc=$?
	WRK_PID=
	return "$rc"
}

for t in "${TARGETS[@]}"; do
	if [ "$WARMUP" -gt 0 ]; then
		run_wrk "${URL[$t]}" 8 "$WARMUP" "$TMP/warmup-$t.txt" || true
	fi
done

declare -A RPS P50 P99 STATE
for c in $CONNS; do
	for t in "${TARGETS[@]}"; do
		rs=() p5=() p9=() state=ok
		[ -n "${CHECK_BAD[$t]:-}" ] && state=INVALID
		for r in $(seq "$REPEAT"); do
			out="$TMP/wrk-$t-$c-$r.txt"
			if ! run_wrk "${URL[$t]}" "$c" "$DURATION" "$out"; then
				state=INVALID
				note "${LABEL[$t]} @ $c conns, run $r: wrk failed:" \
					"$(tail -n 3 "$out" | tr '\n' ' ')"
				continue
			fi
			read -r rps p50 p99 req bad sock < <(parse_wrk "$out")
			if [ "$bad" != 0 ] || [ "$req" = 0 ] || [ "$rps" = -1 ]; then
				state=INVALID
				note "${LABEL[$t]} @ $c conns, run $r: $bad of" \
					"$req responses non-2xx/3xx ($rps req/s)"
			fi
			if [ "$sock" != 0 ]; then
				[ "$state" = ok ] && state=sockerr
				note "${LABEL[$t]} @ $c conns, run $r: wrk" \
					"$(grep 'Socket errors' "$out" | sed 's/^ *//')"
			fi
			rs+=("$rps") p5+=("$p50") p9+=("$p99")
		done
		STATE[$t:$c]=$state
		if [ "${#rs[@]}" -gt 0 ]; then
			RPS[$t:$c]=$(median "${rs[@]}")
			P50[$t:$c]=$(median "${p5[@]}")
			P99[$t:$c]=$(median "${p9[@]}")
		fi
	done
done

# A server that died under load would make everything above suspect.
for name in floor ungcuu; do
	pid=$FLOOR_PID; [ "$name" = ungcuu ] && pid=$UNGCUU_PID
	kill -0 "$pid" 2>/dev/null ||
		note "$name exited during the benchmark (see its log)"
done
[ "$(http_code "$UNGCUU_URL/healthz")" = 200 ] ||
	note "ungcuu /healthz no longer answers 200 after the runs"

# ---------------------------------------------------------------- report

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
version=$("$UNGCUU" version 2>&1 | head -n 1 || true)
echo "machine: $NPROC CPUs, ${cpu:-unknown CPU}, $(uname -sr)"
echo "ungcuu:  ${version:-unknown}"
echo "libmicrohttpd $(pkg-config --modversion libmicrohttpd)," \
	"$(wrk --version 2>&1 | head -n 1 | awk '{ print "wrk " $2 }')," \
	"server threads $THREADS, wrk -t min(conns,2)," \
	"${DURATION}s x $REPEAT per cell (median), warm-up ${WARMUP}s"
echo

printf '%-22s %5s %9s %8s %8s %9s\n' target conns req/s "p50 ms" "p99 ms" \
	"vs floor"
for c in $CONNS; do
	for t in "${TARGETS[@]}"; do
		k=$t:$c
		if [ "${STATE[$k]}" = INVALID ] || [ -z "${RPS[$k]:-}" ]; then
			printf '%-22s %5s %9s %8s %8s %9s\n' "${LABEL[$t]}" "$c" \
				INVALID - - -
			continue
		fi
		vs=
		if [ "$t" != floor ]; then
			if [ "${STATE[floor:$c]}" = INVALID ] ||
				[ -z "${RPS[floor:$c]:-}" ]; then
				vs=-
			else
				vs=$(awk -v a="${RPS[$k]}" -v b="${RPS[floor:$c]}" \
					'BEGIN { r = b > 0 ? a / b : 0
					f = r < 0.01 ? "%.4f" : "%.2f"; printf f, r }')
			fi
		fi
		mark=
		[ "${STATE[$k]}" = sockerr ] && mark=" !"
		printf '%-22s %5s %9.0f %8.3f %8.3f %9s%s\n' "${LABEL[$t]}" "$c" \
			"${RPS[$k]}" "${P50[$k]}" "${P99[$k]}" "$vs" "$mark"
	done
done

if [ "${#NOTES[@]}" -gt 0 ]; then
	echo
	echo "notes (! = wrk socket errors in that cell):"
	for n in "${NOTES[@]}"; do echo "  - $n"; done
fi

# Exit 1 when any cell is invalid, so `make bench` fails visibly.
for k in "${!STATE[@]}"; do
	[ "${STATE[$k]}" = INVALID ] && exit 1
done
exit 0
