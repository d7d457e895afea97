#!/bin/sh
# watch.sh — watch mode under scripted edits: an editor's save (write a temp
# file, rename it over the original), a new file, a deleted file, a file that
# stops building (the last good outputs stay) and its fix, several files at
# once, then a clean stop on SIGINT. Asserts on the rebuilt outputs.
set -u
bin="$abs_top_builddir/locus-pipeline"
tmp=$(mktemp -d)
export LOCUS_CACHE_DIR="$tmp/cache"
export LOCUS_PLUGIN_PATH="$abs_top_builddir/tests/plugins/.libs"
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

mkdir -p "$tmp/proj/src/sub"
printf 'one' >"$tmp/proj/src/a.txt"
printf 'two' >"$tmp/proj/src/sub/b.txt"
cat >"$tmp/proj/locus.ini" <<INI
[pipeline]
src = src
out = out
[stage upper]
plugin = test-basic
[stage concat]
plugin = test-basic
[stage emit]
plugin = test-basic
INI

"$bin" watch -c "$tmp/proj/locus.ini" -j 2 >"$tmp/log" 2>"$tmp/err" &
watcher=$!

# wait_all TEXT WHAT: until out/all.txt holds TEXT (or 10 s pass).
wait_all() {
    i=0
    while [ "$(cat "$tmp/proj/out/all.txt" 2>/dev/null)" != "$1" ]; do
        i=$((i + 1))
        if [ $i -gt 200 ]; then
            fail "$2: all.txt is '$(cat "$tmp/proj/out/all.txt" 2>/dev/null)', want '$1'"
            return 1
        fi
        sleep 0.05
    done
}

# wait_log PATTERN WHAT: until the log has a line matching PATTERN.
wait_log() {
    i=0
    while ! grep -q "$1" "$tmp/log"; do
        i=$((i + 1))
        if [ $i -gt 200 ]; then
            fail "$2: no log line matching '$1'"
            return 1
        fi
        sleep 0.05
    done
}

wait_all "a.txt: ONE
sub/b.txt: TWO" "first build"

# An editor's save: write a temp file, rename it over the original.
printf 'uno' >"$tmp/proj/src/.a.txt.swp"
mv "$tmp/proj/src/.a.txt.swp" "$tmp/proj/src/a.txt"
wait_all "a.txt: UNO
sub/b.txt: TWO" "write-temp-and-rename"
wait_log "after the change" "latency"

# A new file in a new directory.
mkdir -p "$tmp/proj/src/new/deep"
printf 'three' >"$tmp/proj/src/new/deep/c.txt"
wait_all "a.txt: UNO
new/deep/c.txt: THREE
sub/b.txt: TWO" "new directory and file"

# A deleted file.
rm "$tmp/proj/src/sub/b.txt"
wait_all "a.txt: UNO
new/deep/c.txt: THREE" "deleted file"
[ -e "$tmp/proj/out/lines/2.txt" ] && fail "stale output not removed"

# A file that stops building keeps the last good outputs...
printf 'this will FAIL' >"$tmp/proj/src/a.txt"
wait_log "^watch: build [0-9]* FAILED" "broken file"
grep -q "a.txt:1:11: error: found FAIL" "$tmp/err" || fail "the error was not shown"
[ "$(cat "$tmp/proj/out/all.txt")" = "a.txt: UNO
new/deep/c.txt: THREE" ] || fail "outputs changed after a failed build"

# ...and fixing it recovers without a restart.
printf 'fixed' >"$tmp/proj/src/a.txt"
wait_all "a.txt: FIXED
new/deep/c.txt: THREE" "recovery"

# Several files at once, delete and re-create included.
printf 'x1' >"$tmp/proj/src/x1.txt"
printf 'x2' >"$tmp/proj/src/x2.txt"
rm "$tmp/proj/src/a.txt"
printf 'again' >"$tmp/proj/src/a.txt"
wait_all "a.txt: AGAIN
new/deep/c.txt: THREE
x1.txt: X1
x2.txt: X2" "burst"

kill -INT "$watcher"
wait "$watcher"
status=$?
watcher=""
[ "$status" = 0 ] || fail "watch exited $status after SIGINT"
grep -q "^watch: stopped after" "$tmp/log" || fail "no clean stop"

# The session's state reached the cache: a plain run now replays everything.
"$bin" run -c "$tmp/proj/locus.ini" -q --metrics "$tmp/m.json" || fail "run after watch"
grep -q '"cache_misses": 0' "$tmp/m.json" || fail "run after watch re-ran tasks"
grep -q '"written": 0' "$tmp/m.json" || fail "run after watch rewrote files"

if [ "$failures" != 0 ]; then
    sed 's/^/  log: /' "$tmp/log"
    sed 's/^/  err: /' "$tmp/err"
fi
[ "$failures" = 0 ] && echo "watch.sh: all passed"
[ "$failures" = 0 ]
