#!/bin/sh
# parse-watch.sh — incremental parsing end to end: `locus-pipeline dev` on a
# copy of examples/app, then edits that the parse stage handles with its
# block memo (one block changed in a file of several; a block inserted
# first, moving every other block). After each rebuild the outputs must
# show the edit and equal those of a cold `build` of the same sources with
# an empty cache (which parses every file in full).
set -u
bin="$abs_top_builddir/locus-pipeline"
tmp=$(mktemp -d)
export LOCUS_PLUGIN_PATH="$abs_top_builddir/plugins/.libs"
watcher=""
cleanup() {
    [ -n "$watcher" ] && kill "$watcher" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

cp -R "$abs_top_srcdir/examples/app" "$tmp/src"
components="$tmp/src/ui/components.locus"

LOCUS_CACHE_DIR="$tmp/cache" "$bin" dev --src "$tmp/src" --out "$tmp/out" -j 2 \
    >"$tmp/log" 2>"$tmp/err" &
watcher=$!

# wait_for WHAT COMMAND...: until COMMAND succeeds (10 s). Outputs are
# committed whole at the end of a build, so once the edit shows, the
# outputs are those of a build that saw it.
wait_for() {
    what=$1
    shift
    i=0
    while ! "$@" 2>/dev/null; do
        i=$((i + 1))
        if [ $i -gt 200 ]; then
            fail "$what: timed out waiting for: $*"
            return 1
        fi
        sleep 0.05
    done
}

# rewrite FILE: replace FILE with stdin atomically: a file written outside
# the source directory, renamed over it (one event, no partial content).
# Neither a temp file inside the source directory nor a write in place: a
# build could then run on the temp file alone or on the truncated file, and
# the core drops memo entries a build did not use, so the edit's build
# would parse the file in full and this test would not exercise reuse.
rewrite() {
    cat >"$tmp/new"
    mv "$tmp/new" "$1"
}

# same_as_cold WHAT: the watch outputs equal a cold build's.
same_as_cold() {
    rm -rf "$tmp/cold" "$tmp/cold-cache"
    LOCUS_CACHE_DIR="$tmp/cold-cache" "$bin" build --src "$tmp/src" --out "$tmp/cold" \
        >/dev/null 2>&1 || fail "$1: the cold build failed"
    diff -r -x 'BUILD_MANIFEST.json' -x 'METRICS_*' -x 'DEPRECATION_STATS.jsonl' \
        "$tmp/out" "$tmp/cold" >"$tmp/diff" || fail "$1: outputs differ from a cold build: $(head -20 "$tmp/diff")"
}

wait_for "first build" grep -q "build 1 ok" "$tmp/log" && same_as_cold "first build"

# One block of several changes (EmptyState's default text).
grep -q 'Nothing here yet' "$components" || fail "the example changed: no EmptyState text"
sed 's/Nothing here yet\./Nothing to see yet./' "$components" | rewrite "$components"
wait_for "edit inside one block" grep -rq 'Nothing to see yet' "$tmp/out/react/components" &&
    same_as_cold "edit inside one block"

# A block inserted first: every other block of the file moves.
{ printf 'component Banner {\n  param text: String = "Hello, wörld"\n'
  printf '  ui { <p class="banner">{text}</p> }\n}\n\n'
  cat "$components"; } | rewrite "$components"
wait_for "block inserted first" test -f "$tmp/out/react/components/Banner.tsx" &&
    same_as_cold "block inserted first"

kill -INT "$watcher"
wait "$watcher"
status=$?
watcher=""
[ "$status" = 0 ] || fail "dev exited $status after SIGINT"
if [ "$failures" != 0 ]; then
    sed 's/^/  log: /' "$tmp/log"
    sed 's/^/  err: /' "$tmp/err" | grep -v warning | head -40
fi
[ "$failures" = 0 ] && echo "parse-watch.sh: all passed"
[ "$failures" = 0 ]
