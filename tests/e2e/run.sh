#!/bin/sh
# Run the web application's tests in Debian's Chromium (headless, through
# playwright-core). Each test file starts its own `ungcuu serve` on a free
# 127.0.0.1 port with a fresh SQLite database (lib/harness.mjs); failed
# tests leave a screenshot and the page's HTML in tests/e2e/artifacts/.
#   tests/e2e/run.sh                         every file
#   tests/e2e/run.sh tests/e2e/signin.test.mjs
# Binary: $UNGCUU_BIN (default build/ungcuu), copied first, so a rebuild
# during the run does not change what is tested.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 2

: "${UNGCUU_BIN:=build/ungcuu}"
: "${UNGCUU_CHROMIUM:=/usr/bin/chromium}"
export UNGCUU_CHROMIUM
if [ ! -x "$UNGCUU_BIN" ]; then
	echo "e2e: $UNGCUU_BIN not found or not executable" >&2
	exit 2
fi
if [ ! -x "$UNGCUU_CHROMIUM" ]; then
	echo "e2e: $UNGCUU_CHROMIUM missing: run ./scripts/install-deps" >&2
	exit 2
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
	(cd "$here" && npm ci --no-audit --no-fund) || exit 2
fi

snap=$(mktemp -d)
trap 'rm -rf "$snap"' EXIT
cp "$UNGCUU_BIN" "$snap/ungcuu" || exit 2
UNGCUU_BIN=$snap/ungcuu
export UNGCUU_BIN UNGCUU_TEST_ENGINE=sqlite
rm -rf "$here/artifacts"

files="$*"
[ -n "$files" ] || files=$(ls "$here"/*.test.mjs)
echo "e2e: $("$UNGCUU_BIN" version), $("$UNGCUU_CHROMIUM" --version 2>/dev/null)"
# shellcheck disable=SC2086
node --test --test-concurrency=1 --test-timeout=120000 $files
