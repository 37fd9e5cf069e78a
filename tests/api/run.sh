#!/bin/sh
# Run the API tests against both engines: SQLite, then PostgreSQL (one
# throwaway cluster for the whole PostgreSQL run).  Exits non-zero when any
# test fails.  Binary: $UNGCUU_BIN (default build/ungcuu).
#   tests/api/run.sh                 both engines
#   tests/api/run.sh sqlite          one engine
#   tests/api/run.sh postgres tests/api/units.test.mjs   one engine, some files
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 2

engines=${1:-"sqlite postgres"}
[ $# -gt 0 ] && shift
files="$*"
[ -n "$files" ] || files="tests/api/"

: "${UNGCUU_BIN:=build/ungcuu}"
UNGCUU_BIN_ORIG=$UNGCUU_BIN
export UNGCUU_BIN
if [ ! -x "$UNGCUU_BIN" ]; then
	echo "run.sh: $UNGCUU_BIN not found or not executable" >&2
	exit 2
fi

# Test one binary for the whole run, even if the build rewrites it meanwhile.
snap=$(mktemp -d)
trap 'rm -rf "$snap"' EXIT
n=0
until cp "$UNGCUU_BIN" "$snap/ungcuu" && "$snap/ungcuu" version >/dev/null 2>&1; do
	n=$((n + 1))
	if [ $n -ge 20 ]; then
		echo "run.sh: cannot get a working copy of $UNGCUU_BIN" >&2
		exit 2
	fi
	sleep 1
done
UNGCUU_BIN=$snap/ungcuu
echo "run.sh: testing $("$UNGCUU_BIN" version) (copied from ${UNGCUU_BIN_ORIG:-build/ungcuu})"

node_test() {
	# shellcheck disable=SC2086
	node --test --test-concurrency=1 --test-timeout=240000 $files
}

status=0
for engine in $engines; do
	echo "== ungcuu API tests: $engine"
	case $engine in
	sqlite)
		UNGCUU_TEST_ENGINE=sqlite node_test || status=1
		;;
	postgres)
		tmp=$(mktemp -d)
		# Start one cluster for the whole run; its URL goes to $tmp/url.
		node --input-type=module -e "
			import { startPostgres } from '$here/lib/pg.mjs';
			import fs from 'node:fs';
			const pg = await startPostgres();
			fs.writeFileSync('$tmp/url', pg.url);
			const bye = async () => { await pg.stop(); process.exit(0); };
			process.on('SIGTERM', bye);
			process.on('SIGINT', bye);
			setInterval(() => {}, 1 << 30);
		" &
		pgpid=$!
		i=0
		while [ ! -s "$tmp/url" ] && kill -0 "$pgpid" 2>/dev/null && [ $i -lt 600 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		if [ ! -s "$tmp/url" ]; then
			echo "run.sh: PostgreSQL did not start" >&2
			kill "$pgpid" 2>/dev/null
			status=1
		else
			UNGCUU_TEST_ENGINE=postgres UNGCUU_TEST_PG_URL=$(cat "$tmp/url") node_test || status=1
			kill -TERM "$pgpid" 2>/dev/null
			wait "$pgpid" 2>/dev/null
		fi
		rm -rf "$tmp"
		;;
	*)
		echo "run.sh: unknown engine $engine" >&2
		status=2
		;;
	esac
done
exit $status
