#!/bin/sh
# bench/netindex/run.sh - build bench/netindex/bench.c against the index
# it measures (src/domain/netindex.c and the two core files it needs)
# with the project's optimisation, run it, print the tables. Not a test.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -std=c17 -O2 -D_GNU_SOURCE -I"$root/src" -o "$tmp/bench" \
	"$here/bench.c" "$root/src/domain/netindex.c" \
	"$root/src/core/mem.c" "$root/src/core/status.c"
echo "netindex on $(uname -m), $(nproc) cores; $("${CC:-cc}" --version | head -1)"
"$tmp/bench"
