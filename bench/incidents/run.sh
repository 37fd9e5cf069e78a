#!/usr/bin/env bash
# bench/incidents/run.sh - the incident register at 100,000 incidents.
#
# For each engine in turn (SQLite, then PostgreSQL), makes a throw-away
# instance with the sample unit tree, loads BENCH_INCIDENTS incidents
# with bench/incidents/seed.c (rows as the service writes them), checks
# them through the API (bench/incidents/check.mjs), starts `ungcuu
# serve`, and runs wrk at 1 and 8 connections against
#
#   floor   GET /                          bench/api/floor.c, same run
#   create  POST /api/v1/incidents         unique titles
#   get     GET /api/v1/incidents/{id}     random seeded ids
#   list    GET ?status=&type=&unit_id=    varied filters, limit=50
#   search  GET ?q=                        varied words, limit=50
#   scope   GET ?[status=]                 as a commune operator
#
# as the provincial coordinator (dieuphoi) except `scope`, and prints one
# table per engine. See bench/README.md.
#
# Environment:
#   BENCH_SECONDS    wrk duration per run, seconds        (default 5)
#   BENCH_REPEAT     runs per cell, median reported       (default 1)
#   BENCH_WARMUP     warm-up per target, seconds          (default 1)
#   BENCH_THREADS    --threads for ungcuu and the floor   (default nproc)
#   BENCH_CONNS      connection counts                    (default "1 8")
#   BENCH_ENGINES    engines, in turn          (default "sqlite postgres")
#   BENCH_INCIDENTS  incidents seeded per engine          (default 100000)
#   BENCH_SEED       seed of the generator                (default 1)
#   BENCH_SLOW       seconds: a target whose probe request takes longer
#                    is reported, not run under wrk       (default 10)
#   BENCH_GOAL_MS    p99 goal, cells above get a *        (default 20)
#   BENCH_PG_BIN     PostgreSQL binaries  (default $UNGCUU_TEST_PG_BIN or
#                    /usr/lib/postgresql/15/bin)
#   BENCH_PG_OPTS    extra postgres -c settings ("-c shared_buffers=1GB")
#   BENCH_KEEP=1     keep the temp dirs (logs, raw wrk output, databases)
#   UNGCUU_BIN       the server binary (default build/ungcuu); the seeder
#                    links libungcuu.a from the same build directory
#
# Only 127.0.0.1 is contacted. The servers, PostgreSQL and any wrk are
# stopped on exit.

set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/../lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/incidents
UNGCUU=${UNGCUU_BIN:-$ROOT/build/ungcuu}
LIBUNGCUU=$(dirname "$UNGCUU")/libungcuu.a
FLOOR_SRC=$ROOT/bench/api/floor.c
HOST=127.0.0.1

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY \
	no_proxy NO_PROXY

DURATION=${BENCH_SECONDS:-5}
REPEAT=${BENCH_REPEAT:-1}
WARMUP=${BENCH_WARMUP:-1}
NPROC=$(nproc)
THREADS=${BENCH_THREADS:-$NPROC}
CONNS=${BENCH_CONNS:-1 8}
ENGINES=${BENCH_ENGINES:-sqlite postgres}
COUNT=${BENCH_INCIDENTS:-100000}
SEED=${BENCH_SEED:-1}
SLOW=${BENCH_SLOW:-10}
GOAL=${BENCH_GOAL_MS:-20}
PG_BIN=${BENCH_PG_BIN:-${UNGCUU_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}}
uint_in BENCH_SECONDS "$DURATION" 1 600
uint_in BENCH_REPEAT "$REPEAT" 1 25
uint_in BENCH_WARMUP "$WARMUP" 0 60
uint_in BENCH_THREADS "$THREADS" 1 1024
uint_in BENCH_INCIDENTS "$COUNT" 1 5000000
uint_in BENCH_SEED "$SEED" 0 4294967295
uint_in BENCH_SLOW "$SLOW" 1 600
uint_in BENCH_GOAL_MS "$GOAL" 1 100000
for c in $CONNS; do uint_in BENCH_CONNS "$c" 1 10000; done
for e in $ENGINES; do
	case $e in sqlite | postgres) ;; *) die "unknown engine '$e'" ;; esac
done
if [ "$REPEAT" -eq 2 ]; then
	echo "bench: BENCH_REPEAT=2 raised to 3 (median of an odd count)" >&2
	REPEAT=3
fi

for tool in cc pkg-config wrk curl timeout node; do
	command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool"
done
[ -x "$UNGCUU" ] || die "no server binary at $UNGCUU (build it first)"
[ -f "$LIBUNGCUU" ] || die "no $LIBUNGCUU next to the binary (build it first)"
case " $ENGINES " in
*" postgres "*)
	for b in initdb pg_ctl; do
		[ -x "$PG_BIN/$b" ] || die "no $PG_BIN/$b (BENCH_PG_BIN)"
	done
	command -v psql >/dev/null 2>&1 || die "missing tool: psql"
	;;
esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ungcuu-bench-inc.XXXXXX")
PG_DIR=
PG_PORT=
AS_PG=()
FLOOR_PID=
UNGCUU_PID=
WRK_PID=

# shellcheck disable=SC2317
stop_pg() {
	[ -n "$PG_DIR" ] || return 0
	if [ -n "$PG_PORT" ]; then
		timeout 60 "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" \
			-m fast -w stop >/dev/null 2>&1 || true
		PG_PORT=
	fi
}

# shellcheck disable=SC2317
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop "$WRK_PID"
	stop "$UNGCUU_PID"
	stop "$FLOOR_PID"
	stop_pg
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench: kept $TMP${PG_DIR:+ and $PG_DIR}" >&2
	else
		rm -rf "$TMP"
		[ -z "$PG_DIR" ] || rm -rf "$PG_DIR"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- helpers

USED_PORTS=" "
free_port() {
	local p
	for _ in $(seq 100); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		case $USED_PORTS in *" $p "*) continue ;; esac
		port_busy "$p" || { USED_PORTS="$USED_PORTS$p "; echo "$p"; return 0; }
	done
	die "no free port found"
}

wait_up() { # wait_up NAME PID URL LOG
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

# After a run, requests wrk gave up on may still hold server threads:
# the server finishes them even though nobody waits any more. Sleep for
# the worst backlog the run can have left (the slowest reply it saw,
# times the connections, over the server threads; at most a minute),
# then wait (at most 5 min) until /healthz answers within a second.
settle() { # settle URL [WRK_OUTPUT CONNS]
	local drain
	if [ -n "${2:-}" ] && [ -f "$2" ]; then
		drain=$(awk -v c="$3" -v t="$THREADS" '
			function ms(v,   n, u) {
				n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
				if (u == "us") return n / 1000
				if (u == "s") return n * 1000
				if (u == "m") return n * 60000
				return n
			}
			/^ +Latency +[0-9]/ { m = ms($4) }
			END { d = m * c / t / 1000; printf "%.2f", (d > 60 ? 60 : d) }
		' "$2")
		sleep "$drain"
	fi
	for _ in $(seq 300); do
		[ "$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' \
			--max-time 1 "$1/healthz" 2>/dev/null || true)" = 200 ] &&
			return 0
		sleep 0.5
	done
	note "server still busy 5 min after a run; later cells are suspect"
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

NOTES=()
note() { NOTES+=("$*"); }
INVALID=0

# parse_wrk FILE -> "rps p50_ms p99_ms requests non2xx sockerr timeouts"
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
	BEGIN { rps = -1; p50 = -1; p99 = -1; req = 0; bad = 0; sock = 0; to = 0 }
	/^Requests\/sec:/          { rps = $2 }
	/^[ \t]+50%[ \t]/          { p50 = ms($2) }
	/^[ \t]+99%[ \t]/          { p99 = ms($2) }
	/ requests in /            { req = $1 }
	/Non-2xx or 3xx responses:/ { bad = $NF }
	/Socket errors:/ {
		s = $0; gsub(/[^0-9 ]/, " ", s); n = split(s, a, " ")
		for (i = 1; i <= n; i++) sock += a[i]
		to = a[n]
	}
	END { printf "%s %s %s %s %s %s %s\n", rps, p50, p99, req, bad, sock, to }
	' "$1"
}

run_wrk() { # run_wrk OUTFILE CONNS SECONDS [wrk args...] URL [-- script args]
	local out=$1 c=$2 d=$3
	shift 3
	local t=$((c < 2 ? c : 2))
	timeout $((d + SLOW + 30)) wrk --latency -t "$t" -c "$c" -d "${d}s" \
		--timeout "${SLOW}s" "$@" >"$out" 2>&1 &
	WRK_PID=$!
	local rc=0
	wait "$WRK_PID" || rc=$?
	WRK_PID=
	return "$rc"
}

# ---------------------------------------------------------------- setup

# shellcheck disable=SC2046
cc -std=c17 -O2 -Wall -Wextra -Werror -o "$TMP/floor" "$FLOOR_SRC" \
	$(pkg-config --cflags --libs libmicrohttpd) ||
	die "cannot build $FLOOR_SRC"
# shellcheck disable=SC2046
cc -std=c17 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$ROOT/src" \
	-o "$TMP/seed" "$HERE/seed.c" -Wl,--start-group "$LIBUNGCUU" \
	$(pkg-config --cflags --libs jansson sqlite3 libpq libsodium liboath \
		libqrencode libmicrohttpd) -Wl,--end-group -lm -pthread ||
	die "cannot build $HERE/seed.c"

export UNGCUU_ADMIN_PASSWORD="Bench-admin-$RANDOM$RANDOM-pw"
export UNGCUU_SAMPLE_PASSWORD="Bench-sample-$RANDOM$RANDOM-pw"

FLOOR_PORT=$(free_port)
"$TMP/floor" --port "$FLOOR_PORT" --threads "$THREADS" \
	>"$TMP/floor.log" 2>&1 &
FLOOR_PID=$!
FLOOR_URL="http://$HOST:$FLOOR_PORT"
wait_up floor "$FLOOR_PID" "$FLOOR_URL/" "$TMP/floor.log"

start_pg() {
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ungcuu-bench-pg.XXXXXX")
	if [ "$(id -u)" -eq 0 ]; then
		# as the tests do (tests/api/lib/pg.mjs): postgres refuses root
		chown postgres:postgres "$PG_DIR"
		AS_PG=(runuser -u postgres --)
	fi
	if ! (cd "$PG_DIR" && LC_ALL=C.UTF-8 LANG=C.UTF-8 timeout 120 \
		"${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres \
		-A trust -E UTF8 --locale=C.UTF-8 --no-sync) \
		>"$TMP/initdb.log" 2>&1; then
		sed 's/^/  | /' "$TMP/initdb.log" >&2
		die "initdb failed"
	fi
	printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' \
		>"$PG_DIR/data/pg_hba.conf"
	[ ${#AS_PG[@]} -eq 0 ] ||
		chown postgres:postgres "$PG_DIR/data/pg_hba.conf"
	local port
	port=$(free_port)
	if ! (cd "$PG_DIR" && timeout 90 "${AS_PG[@]}" "$PG_BIN/pg_ctl" \
		-D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -c port=$port \
		-c unix_socket_directories=$PG_DIR -c max_connections=200 \
		${BENCH_PG_OPTS:-}" start) >"$TMP/pg_ctl.log" 2>&1; then
		sed 's/^/  | /' "$TMP/pg_ctl.log" "$PG_DIR/postgres.log" >&2 || true
		die "pg_ctl start failed"
	fi
	PG_PORT=$port
	PGCONNECT_TIMEOUT=10 timeout 60 psql -X -q \
		"postgres://postgres@$HOST:$PG_PORT/postgres" -v ON_ERROR_STOP=1 \
		-c "CREATE DATABASE ungcuu_bench TEMPLATE template0 ENCODING 'UTF8'" \
		>/dev/null || die "cannot create the benchmark database"
}

# ---------------------------------------------------------------- targets

TARGETS=(floor create get list search scope)
declare -A LABEL=(
	[floor]="floor (fixed 200 B)"
	[create]="POST /incidents"
	[get]="GET /incidents/{id}"
	[list]="list status+type+unit"
	[search]="list q= (full text)"
	[scope]="list, commune op."
)
STATUSES="closed,responding,reviewing,new,awaiting_final_report,verifying"
SCOPE_STATUSES=",closed,responding,new"
QUERIES="tan+cong,ma+doc,gia+mao,cong+thong+tin,mat+ket+noi,thu+dien+tu"
QUERIES="$QUERIES,chiem+quyen,ngap+lut,emotet,lockbit,wannacry,shadowpad"
QUERIES="$QUERIES,cve+2024,blackcat"

declare -A RPS P50 P99 STATE SEEDTIME SEEDINFO

# bench_engine ENGINE: seed, serve, check, measure; fills RPS etc.
bench_engine() {
	local e=$1 dir=$TMP/$1 db t0 out port url auth auth_xa units types
	mkdir -p "$dir"
	if [ "$e" = sqlite ]; then
		db="sqlite:$dir/bench.db"
	else
		[ -n "$PG_PORT" ] || start_pg
		db="postgres://postgres@$HOST:$PG_PORT/ungcuu_bench"
	fi
	if ! "$UNGCUU" init --db "$db" --sample >"$dir/init.log" 2>&1; then
		sed 's/^/  | /' "$dir/init.log" >&2
		die "$e: ungcuu init failed"
	fi
	local tok who
	for who in dieuphoi vanhanh.xa; do
		if ! "$UNGCUU" token create --db "$db" --user "$who" \
			--name bench >"$dir/token-$who" 2>"$dir/token.err"; then
			sed 's/^/  | /' "$dir/token.err" >&2
			die "$e: token create --user $who failed"
		fi
		tok=$(tail -n 1 "$dir/token-$who" | tr -d '\r')
		case $tok in '' | *[[:space:]]*) die "$e: no token for $who" ;; esac
		printf '%s' "$tok" >"$dir/token-$who"
	done
	auth="Authorization: Bearer $(cat "$dir/token-dieuphoi")"
	auth_xa="Authorization: Bearer $(cat "$dir/token-vanhanh.xa")"

	echo "bench: $e: seeding $COUNT incidents ..." >&2
	t0=$(now)
	if ! timeout 1800 "$TMP/seed" --db "$db" --count "$COUNT" \
		--seed "$SEED" --ids "$dir/ids" --meta "$dir/meta" \
		>"$dir/seed.log" 2>&1; then
		sed 's/^/  | /' "$dir/seed.log" >&2
		die "$e: seeding failed"
	fi
	SEEDTIME[$e]=$(elapsed "$t0")
	SEEDINFO[$e]=$(sed 's/^seed: //' "$dir/seed.log" | paste -sd ';' -)
	units=$(sed -n 's/^units=//p' "$dir/meta")
	types=$(sed -n 's/^types=//p' "$dir/meta")

	port=$(free_port)
	"$UNGCUU" serve --listen "$HOST:$port" --db "$db" --data-dir "$dir" \
		--threads "$THREADS" >"$dir/ungcuu.log" 2>&1 &
	UNGCUU_PID=$!
	url="http://$HOST:$port"
	wait_up ungcuu "$UNGCUU_PID" "$url/healthz" "$dir/ungcuu.log"

	echo "bench: $e: checking the seeded data through the API ..." >&2
	if node "$HERE/check.mjs" "$url" "$(cat "$dir/token-dieuphoi")" \
		"$dir/ids" "$QUERIES" >"$dir/check.log" 2>&1; then
		while IFS= read -r line; do note "$e: $line"; done <"$dir/check.log"
	else
		INVALID=1
		while IFS= read -r line; do note "$e: $line"; done <"$dir/check.log"
		note "$e: the seeded data failed its checks (above)"
	fi

	# what each target sends: URL and wrk arguments
	local detected first_id
	detected=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
	first_id=$(head -n 1 "$dir/ids")
	declare -A URL ARGS PROBE AUTHOF
	URL[floor]="$FLOOR_URL/"
	ARGS[floor]=""
	PROBE[floor]="GET $FLOOR_URL/"
	for t in create get list search scope; do URL[$t]="$url"; done
	ARGS[create]="create $(date +%s) $units $types"
	ARGS[get]="get $dir/ids"
	ARGS[list]="list $units $types $STATUSES"
	ARGS[search]="search $QUERIES"
	ARGS[scope]="scope $SCOPE_STATUSES"
	PROBE[create]="POST $url/api/v1/incidents"
	PROBE[get]="GET $url/api/v1/incidents/$first_id"
	PROBE[list]="GET $url/api/v1/incidents?status=${STATUSES%%,*}&type=${types%%,*}&unit_id=${units%%,*}&limit=50"
	PROBE[search]="GET $url/api/v1/incidents?q=tan%20cong&limit=50"
	PROBE[scope]="GET $url/api/v1/incidents?limit=50"
	for t in floor create get list search; do AUTHOF[$t]=$auth; done
	AUTHOF[scope]=$auth_xa

	# one request per target first: right status, and not hopelessly slow
	local skip=" " code secs method purl body
	for t in "${TARGETS[@]}"; do
		read -r method purl <<<"${PROBE[$t]}"
		body=()
		if [ "$method" = POST ]; then
			body=(-H 'Content-Type: application/json' --data-binary
				"{\"title\":\"Bench probe $RANDOM\",\"description\":\"probe\",\"detected_at\":\"$detected\",\"unit_id\":${units%%,*}}")
		fi
		read -r code secs < <(curl --noproxy '*' -s -o "$dir/probe-$t" \
			-w '%{http_code} %{time_total}\n' --max-time 300 \
			-X "$method" -H "${AUTHOF[$t]}" "${body[@]}" "$purl" \
			2>/dev/null || echo "000 300")
		case $t:$code in
		create:201 | *:200) ;;
		*)
			STATE[$e:$t]=INVALID
			INVALID=1
			note "$e: ${LABEL[$t]}: probe got $code: $(head -c 300 \
				"$dir/probe-$t")"
			;;
		esac
		if awk -v s="$secs" -v m="$SLOW" 'BEGIN { exit !(s > m) }'; then
			skip="$skip$t "
			note "$e: ${LABEL[$t]}: one request ($purl) took ${secs} s" \
				"(> BENCH_SLOW=${SLOW} s): not run under wrk"
			settle "$url"
		fi
	done

	run_target() { # run_target T CONNS SECONDS OUT
		local t=$1
		if [ "$t" = floor ]; then
			run_wrk "$4" "$2" "$3" "${URL[$t]}"
		else
			# shellcheck disable=SC2086 # ARGS are words
			run_wrk "$4" "$2" "$3" -H "${AUTHOF[$t]}" \
				-s "$HERE/requests.lua" "${URL[$t]}" -- ${ARGS[$t]}
		fi
	}

	echo "bench: $e: measuring ..." >&2
	for t in "${TARGETS[@]}"; do
		case $skip in *" $t "*) continue ;; esac
		if [ "$WARMUP" -gt 0 ]; then
			run_target "$t" 8 "$WARMUP" "$dir/warmup-$t.txt" || true
			[ "$t" = floor ] || settle "$url" "$dir/warmup-$t.txt" 8
		fi
	done
	local c r rs p5 p9 state rps p50 p99 req bad sock k
	for c in $CONNS; do
		for t in "${TARGETS[@]}"; do
			k=$e:$t:$c
			case $skip in *" $t "*) STATE[$k]=SLOW; continue ;; esac
			rs=() p5=() p9=() state=${STATE[$e:$t]:-ok}
			for r in $(seq "$REPEAT"); do
				out="$dir/wrk-$t-$c-$r.txt"
				if ! run_target "$t" "$c" "$DURATION" "$out"; then
					state=INVALID
					note "$e: ${LABEL[$t]} @ $c conns, run $r: wrk" \
						"failed: $(tail -n 3 "$out" | tr '\n' ' ')"
					continue
				fi
				[ "$t" = floor ] || settle "$url" "$out" "$c"
				read -r rps p50 p99 req bad sock _ < <(parse_wrk "$out")
				if [ "$req" = 0 ] && [ "$bad" = 0 ] && [ "$sock" != 0 ]; then
					# nothing came back within the run: too slow,
					# not wrong
					[ "$state" = INVALID ] || state=SLOW
					note "$e: ${LABEL[$t]} @ $c conns, run $r: no reply" \
						"within the ${DURATION} s run" \
						"($(grep 'Socket errors' "$out" | sed 's/^ *//'))"
					continue
				fi
				if [ "$bad" != 0 ] || [ "$req" = 0 ] || [ "$rps" = -1 ]; then
					state=INVALID
					note "$e: ${LABEL[$t]} @ $c conns, run $r: $bad of" \
						"$req responses non-2xx/3xx ($rps req/s)"
				fi
				if [ "$sock" != 0 ]; then
					[ "$state" = ok ] && state=sockerr
					note "$e: ${LABEL[$t]} @ $c conns, run $r: wrk" \
						"$(grep 'Socket errors' "$out" | sed 's/^ *//')" \
						"(timeouts: requests over ${SLOW} s)"
				fi
				rs+=("$rps") p5+=("$p50") p9+=("$p99")
			done
			[ "$state" = INVALID ] && INVALID=1
			[ "$state" = SLOW ] && [ "${#rs[@]}" -gt 0 ] && state=sockerr
			STATE[$k]=$state
			if [ "${#rs[@]}" -gt 0 ]; then
				RPS[$k]=$(median "${rs[@]}")
				P50[$k]=$(median "${p5[@]}")
				P99[$k]=$(median "${p9[@]}")
			fi
		done
	done

	kill -0 "$UNGCUU_PID" 2>/dev/null ||
		note "$e: ungcuu exited during the benchmark (see its log)"
	stop "$UNGCUU_PID"
	UNGCUU_PID=
	[ "$e" = postgres ] && stop_pg
	print_table "$e"
}

print_table() { # print_table ENGINE
	local e=$1 c t k vs mark f
	echo
	echo "== $e: $COUNT incidents seeded in ${SEEDTIME[$e]} s"
	echo "   (${SEEDINFO[$e]})" | fold -s -w 78 | sed '2,$s/^/    /'
	printf '%-24s %5s %9s %9s %9s %9s\n' target conns req/s "p50 ms" \
		"p99 ms" "vs floor"
	for c in $CONNS; do
		for t in "${TARGETS[@]}"; do
			k=$e:$t:$c
			case ${STATE[$k]:-INVALID} in
			SLOW)
				printf '%-24s %5s %9s %9s %9s %9s\n' "${LABEL[$t]}" "$c" \
					"too slow" - - -
				continue
				;;
			INVALID)
				if [ -z "${RPS[$k]:-}" ]; then
					printf '%-24s %5s %9s %9s %9s %9s\n' "${LABEL[$t]}" \
						"$c" INVALID - - -
					continue
				fi
				;;
			esac
			vs=
			if [ "$t" != floor ] && [ -n "${RPS[$e:floor:$c]:-}" ]; then
				vs=$(awk -v a="${RPS[$k]}" -v b="${RPS[$e:floor:$c]}" \
					'BEGIN { r = b > 0 ? a / b : 0
					f = r < 0.01 ? "%.4f" : "%.3f"; printf f, r }')
			fi
			mark=
			[ "${STATE[$k]}" = sockerr ] && mark="$mark !"
			[ "${STATE[$k]}" = INVALID ] && mark="$mark INVALID"
			f=$(awk -v p="${P99[$k]}" -v g="$GOAL" \
				'BEGIN { print (p > g ? "*" : " ") }')
			printf '%-24s %5s %9.0f %9.3f %8.3f%s %9s%s\n' "${LABEL[$t]}" \
				"$c" "${RPS[$k]}" "${P50[$k]}" "${P99[$k]}" "$f" "$vs" "$mark"
		done
	done
}

# ---------------------------------------------------------------- run

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
version=$("$UNGCUU" version 2>&1 | head -n 1 || true)
echo "machine: $NPROC CPUs, ${cpu:-unknown CPU}, $(uname -sr)"
echo "ungcuu:  ${version:-unknown}"
echo "load average at start: $(cut -d ' ' -f 1-3 /proc/loadavg)" \
	"(other work on the machine skews absolute numbers; compare ratios)"
echo "libmicrohttpd $(pkg-config --modversion libmicrohttpd)," \
	"$(wrk --version 2>&1 | head -n 1 | awk '{ print "wrk " $2 }')," \
	"server threads $THREADS, wrk -t min(conns,2)," \
	"${DURATION}s x $REPEAT per cell (median), warm-up ${WARMUP}s," \
	"* = p99 over ${GOAL} ms"

for e in $ENGINES; do
	bench_engine "$e"
done

kill -0 "$FLOOR_PID" 2>/dev/null || note "the floor exited during the runs"

if [ "${#NOTES[@]}" -gt 0 ]; then
	echo
	echo "notes (! = wrk socket errors in that cell):"
	for n in "${NOTES[@]}"; do echo "  - $n"; done
fi
[ "$INVALID" = 0 ] || exit 1
exit 0
