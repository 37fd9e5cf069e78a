#!/usr/bin/env bash
# bench/documents/run.sh - official documents as the register grows.
#
# For each size in BENCH_SIZES (default 1,000, 10,000 and 100,000
# incidents), makes a throw-away SQLite instance with the sample unit
# tree, loads that many incidents with bench/incidents/seed.c (rows as
# the service writes them), starts `ungcuu serve`, and times, one
# request after another through the API as the provincial coordinator:
#
#   me         GET /api/v1/me                       the HTTP floor
#   m03.pdf    Mẫu 03 (initial report) of one incident, PDF
#   m03.docx   the same, DOCX
#   m05.pdf    Mẫu 05 for the province over every seeded incident, PDF
#   m05.docx   the same, DOCX
#   stats.xlsx the statistics workbook of the same scope and period
#   stats.json the statistics as JSON
#
# beside the floor of the renderers (floor.c: the smallest document, in
# process, PDF and DOCX). Prints one table: the median ms per document
# over BENCH_REPEAT requests, documents/s (1000 / median: one client,
# one document at a time) and the server's CPU ms per document (steadier
# than wall time on a shared machine). A single-incident form (Mẫu 03)
# must not grow with the register; Mẫu 05 reads every incident of the
# period. Never a test: numbers, not verdicts. See README.md here.
#
# Environment:
#   BENCH_SIZES    incidents seeded, one instance per size
#                  (default "1000 10000 100000")
#   BENCH_REPEAT   requests per cell, median reported   (default 11)
#   BENCH_SEED     seed of the generator                (default 1)
#   BENCH_THREADS  --threads for ungcuu                 (default nproc)
#   BENCH_KEEP=1   keep the temp dir (logs, databases, documents)
#   UNGCUU_BIN     the server binary (default build/ungcuu); seed and
#                  floor link libungcuu.a from the same build directory
#
# Only 127.0.0.1 is contacted; the server is stopped on exit.

set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/../lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/documents
UNGCUU=${UNGCUU_BIN:-$ROOT/build/ungcuu}
LIBUNGCUU=$(dirname "$UNGCUU")/libungcuu.a
SEED_SRC=$ROOT/bench/incidents/seed.c
HOST=127.0.0.1

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY \
	no_proxy NO_PROXY

SIZES=${BENCH_SIZES:-1000 10000 100000}
REPEAT=${BENCH_REPEAT:-11}
SEED=${BENCH_SEED:-1}
THREADS=${BENCH_THREADS:-$(nproc)}
for n in $SIZES; do uint_in BENCH_SIZES "$n" 1 5000000; done
uint_in BENCH_REPEAT "$REPEAT" 1 1000
uint_in BENCH_SEED "$SEED" 0 4294967295
uint_in BENCH_THREADS "$THREADS" 1 1024

for tool in cc pkg-config curl timeout; do
	command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool"
done
[ -x "$UNGCUU" ] || die "no server binary at $UNGCUU (build it first)"
[ -f "$LIBUNGCUU" ] || die "no $LIBUNGCUU next to the binary (build it first)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ungcuu-bench-doc.XXXXXX")
UNGCUU_PID=

# shellcheck disable=SC2317
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop "$UNGCUU_PID"
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

free_port() {
	local p
	for _ in $(seq 100); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		port_busy "$p" || { echo "$p"; return 0; }
	done
	die "no free port found"
}

NOTES=()
note() { NOTES+=("$*"); }

# ---------------------------------------------------------------- build

LIBS="jansson sqlite3 libpq libsodium liboath libqrencode libmicrohttpd"
LIBS="$LIBS pangocairo cairo fontconfig libzip xlsxwriter"
# shellcheck disable=SC2046,SC2086
cc -std=c17 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$ROOT/src" \
	-o "$TMP/seed" "$SEED_SRC" -Wl,--start-group "$LIBUNGCUU" \
	$(pkg-config --cflags --libs $LIBS) -Wl,--end-group -lm -pthread ||
	die "cannot build $SEED_SRC"
# shellcheck disable=SC2046,SC2086
cc -std=c17 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$ROOT/src" \
	-o "$TMP/floor" "$HERE/floor.c" -Wl,--start-group "$LIBUNGCUU" \
	$(pkg-config --cflags --libs $LIBS) -Wl,--end-group -lm -pthread ||
	die "cannot build $HERE/floor.c"

export UNGCUU_ADMIN_PASSWORD="Bench-admin-$RANDOM$RANDOM-pw"
export UNGCUU_SAMPLE_PASSWORD="Bench-sample-$RANDOM$RANDOM-pw"

# ---------------------------------------------------------------- measure

TARGETS=(floor.pdf floor.docx me m03.pdf m03.docx m05.pdf m05.docx
	stats.xlsx stats.json)
declare -A LABEL=(
	[floor.pdf]="floor: 1 paragraph, PDF"
	[floor.docx]="floor: 1 paragraph, DOCX"
	[me]="GET /me (HTTP floor)"
	[m03.pdf]="Mẫu 03, PDF"
	[m03.docx]="Mẫu 03, DOCX"
	[m05.pdf]="Mẫu 05 province, PDF"
	[m05.docx]="Mẫu 05 province, DOCX"
	[stats.xlsx]="statistics, XLSX"
	[stats.json]="statistics, JSON"
)
declare -A MS CPU

TICK=$(getconf CLK_TCK)
# CPU time of the server so far, in clock ticks (user + system)
server_ticks() { awk '{ print $14 + $15 }' "/proc/$UNGCUU_PID/stat"; }

# time_get SIZE TARGET URL: REPEAT sequential GETs after one warm-up;
# every reply must be a 200; MS gets the median ms, CPU the server's
# CPU ms per request (wall times swing with other work on the machine,
# CPU time much less).
time_get() {
	local n=$1 t=$2 url=$3 dir=$TMP/$1 code secs all=() i c0=0
	for i in $(seq 0 "$REPEAT"); do
		[ "$i" -ne 1 ] || c0=$(server_ticks)
		read -r code secs < <(curl --noproxy '*' -s -o "$dir/out-$t" \
			-w '%{http_code} %{time_total}\n' --max-time 600 \
			-H "$AUTH" "$url" 2>/dev/null || echo "000 0")
		if [ "$code" != 200 ]; then
			note "$n: $t: HTTP $code: $(head -c 300 "$dir/out-$t")"
			MS[$n:$t]=INVALID
			return 0
		fi
		[ "$i" -eq 0 ] || all+=("$(awk -v s="$secs" \
			'BEGIN { printf "%.3f", s * 1000 }')")
	done
	MS[$n:$t]=$(median "${all[@]}")
	CPU[$n:$t]=$(awk -v a="$c0" -v b="$(server_ticks)" -v k="$TICK" \
		-v r="$REPEAT" 'BEGIN { printf "%.1f", (b - a) * 1000 / k / r }')
}

bench_size() { # bench_size N
	local n=$1 dir=$TMP/$1 db port url tok pid bc r from to
	mkdir -p "$dir"
	db="sqlite:$dir/bench.db"
	"$UNGCUU" init --db "$db" --sample >"$dir/init.log" 2>&1 || {
		sed 's/^/  | /' "$dir/init.log" >&2
		die "$n: ungcuu init failed"
	}
	"$UNGCUU" token create --db "$db" --user dieuphoi --name bench \
		>"$dir/token" 2>"$dir/token.err" ||
		die "$n: token create failed: $(cat "$dir/token.err")"
	tok=$(tail -n 1 "$dir/token" | tr -d '\r')
	AUTH="Authorization: Bearer $tok"

	echo "bench: $n: seeding ..." >&2
	timeout 3600 "$TMP/seed" --db "$db" --count "$n" --seed "$SEED" \
		--ids "$dir/ids" >"$dir/seed.log" 2>&1 || {
		sed 's/^/  | /' "$dir/seed.log" >&2
		die "$n: seeding failed"
	}

	port=$(free_port)
	"$UNGCUU" serve --listen "$HOST:$port" --db "$db" --data-dir "$dir" \
		--threads "$THREADS" >"$dir/ungcuu.log" 2>&1 &
	UNGCUU_PID=$!
	url="http://$HOST:$port"
	for _ in $(seq 100); do
		[ "$(http_code "$url/healthz")" = 200 ] && break
		kill -0 "$UNGCUU_PID" 2>/dev/null || die "$n: ungcuu exited"
		sleep 0.1
	done

	# one incident's initial report (a draft: it renders from the
	# register on every request)
	pid=$(head -n 1 "$dir/ids")
	r=$(curl --noproxy '*' -s -H "$AUTH" -H 'Content-Type: application/json' \
		--data-binary "{\"incident\":\"$pid\",\"form\":\"initial\"}" \
		"$url/api/v1/reports")
	bc=$(printf '%s' "$r" | grep -o '"id":"BC-[0-9-]*"' | head -n 1 |
		cut -d '"' -f 4)
	[ -n "$bc" ] || note "$n: no Mẫu 03 draft for $pid: ${r:0:300}"

	# the period: every seeded incident (the seed spans 3 years)
	from=$(( $(date +%Y) - 4 ))-01-01
	to=$(date -d tomorrow +%Y-%m-%d)
	local q="from=$from&to=$to"

	echo "bench: $n: measuring ..." >&2
	time_get "$n" me "$url/api/v1/me"
	if [ -n "$bc" ]; then
		time_get "$n" m03.pdf "$url/api/v1/reports/$bc/document?format=pdf"
		time_get "$n" m03.docx "$url/api/v1/reports/$bc/document?format=docx"
	fi
	time_get "$n" m05.pdf "$url/api/v1/statistics/summary05?$q&format=pdf"
	time_get "$n" m05.docx "$url/api/v1/statistics/summary05?$q&format=docx"
	time_get "$n" stats.xlsx "$url/api/v1/statistics?$q&format=xlsx"
	time_get "$n" stats.json "$url/api/v1/statistics?$q"
	note "$n: Mẫu 05 counts $(grep -o '"incidents":[0-9]*' \
		"$dir/out-stats.json" | cut -d : -f 2) incidents" \
		"(the coordinator's view: TLP:RED ones not named on are out)"

	kill -0 "$UNGCUU_PID" 2>/dev/null || note "$n: ungcuu exited"
	stop "$UNGCUU_PID"
	UNGCUU_PID=
}

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $(uname -sr)"
echo "ungcuu:  $("$UNGCUU" version 2>&1 | head -n 1 || true)"
echo "load average at start: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "SQLite; one client, one request at a time; median of $REPEAT" \
	"after one warm-up; docs/s = 1000 / median ms; cpu ms: the server's" \
	"CPU time per request (the floor: in-process, wall time)"

read -r _ fpdf < <("$TMP/floor" --repeat "$REPEAT" | grep '^pdf ')
read -r _ fdocx < <("$TMP/floor" --repeat "$REPEAT" | grep '^docx ')

for n in $SIZES; do
	bench_size "$n"
	MS[$n:floor.pdf]=$fpdf
	MS[$n:floor.docx]=$fdocx
done

echo
# pad by characters, not bytes ("Mẫu" is 3 characters, 5 bytes)
pad() { printf '%s%*s' "$1" $((26 - ${#1})) ''; }
export LC_ALL=C.UTF-8
pad "incidents:"
for n in $SIZES; do printf ' %26s' "$n"; done
echo
pad document
for n in $SIZES; do printf ' %9s %7s %8s' "ms" "docs/s" "cpu ms"; done
echo
for t in "${TARGETS[@]}"; do
	pad "${LABEL[$t]}"
	for n in $SIZES; do
		v=${MS[$n:$t]:-}
		case $v in
		'' | INVALID) printf ' %9s %7s %8s' "${v:--}" - - ;;
		*) printf ' %9.1f %7.1f %8s' "$v" \
			"$(awk -v m="$v" 'BEGIN { print (m > 0 ? 1000 / m : 0) }')" \
			"${CPU[$n:$t]:--}" ;;
		esac
	done
	echo
done

first=${SIZES%% *}
last=${SIZES##* }
if [ "$first" != "$last" ]; then
	for t in m03.pdf m03.docx m05.pdf; do
		a=${MS[$first:$t]:-} b=${MS[$last:$t]:-}
		case "$a$b" in *INVALID* | '') continue ;; esac
		note "$t: $last / $first incidents = $(awk -v a="$a" -v b="$b" \
			'BEGIN { printf "%.2f", b / a }') x the time"
	done
fi
if [ "${#NOTES[@]}" -gt 0 ]; then
	echo
	echo "notes:"
	for x in "${NOTES[@]}"; do echo "  - $x"; done
fi
for k in "${!MS[@]}"; do [ "${MS[$k]}" != INVALID ] || exit 1; done
exit 0
