#!/bin/sh
# cli.sh — end-to-end tests of the locus-pipeline command line: exit codes,
# --help/--version, run with metrics and JSON errors, plugins and cache
# subcommands. Run by `make check` (needs abs_top_builddir, abs_top_srcdir).
set -u
bin="$abs_top_builddir/locus-pipeline"
plugins="$abs_top_builddir/tests/plugins/.libs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LOCUS_CACHE_DIR="$tmp/cache"
export LOCUS_PLUGIN_PATH="$plugins"
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# expect STATUS DESCRIPTION -- COMMAND...: run, capture, check the status.
expect() {
    want=$1 what=$2
    shift 3
    "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    got=$?
    if [ "$got" != "$want" ]; then
        fail "$what: exit $got, want $want"
        sed 's/^/  stderr: /' "$tmp/stderr"
    fi
}

contains() { # FILE TEXT DESCRIPTION
    grep -qF -- "$2" "$1" || { fail "$3: '$2' not in $(basename "$1")"; sed 's/^/  | /' "$1"; }
}

mkdir -p "$tmp/proj/src/sub"
printf 'hello' >"$tmp/proj/src/a.txt"
printf 'world' >"$tmp/proj/src/sub/b.txt"
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

# --help and --version
expect 0 "--help" -- "$bin" --help
contains "$tmp/stdout" "Exit status:" "--help"
for cmd in run check plugins cache; do
    expect 0 "$cmd --help" -- "$bin" "$cmd" --help
    contains "$tmp/stdout" "Usage: locus-pipeline $cmd" "$cmd --help"
    expect 0 "help $cmd" -- "$bin" help "$cmd"
done
expect 0 "--version" -- "$bin" --version
contains "$tmp/stdout" "locus-pipeline " "--version"

# usage errors exit 2
expect 2 "no command" -- "$bin"
expect 2 "unknown command" -- "$bin" frobnicate
expect 2 "bad option" -- "$bin" run --frobnicate
expect 2 "bad -j" -- "$bin" run -j zero
expect 2 "bad --errors" -- "$bin" run --errors xml
expect 2 "missing config" -- "$bin" run -c "$tmp/nope.ini"
contains "$tmp/stderr" "nope.ini: cannot open config" "missing config"
(cd "$tmp" && expect 2 "no locus.ini here" -- "$bin" run)

# a config error names file:line and exits 2
printf '[pipeline]\nsrc = src\njobz = 2\n' >"$tmp/bad.ini"
expect 2 "bad config key" -- "$bin" run -c "$tmp/bad.ini"
contains "$tmp/stderr" "bad.ini:3: unknown key 'jobz' in [pipeline]" "bad config key"
# a graph error exits 2
printf '[pipeline]\nsrc = %s\n[stage concat]\nplugin = test-basic\n' "$tmp/proj/src" >"$tmp/graph.ini"
expect 2 "graph error" -- "$bin" run -c "$tmp/graph.ini"
contains "$tmp/stderr" "reads port 'upper', which no enabled stage produces" "graph error"

# a successful run, then a no-op run: metrics say every task was a hit
expect 0 "run" -- "$bin" run -c "$tmp/proj/locus.ini" --metrics "$tmp/m1.json"
contains "$tmp/stdout" "3 files written" "run summary"
contains "$tmp/proj/out/all.txt" "a.txt: HELLO" "run output"
contains "$tmp/m1.json" '"cache_misses": 4' "first metrics"
expect 0 "rerun" -- "$bin" run -c "$tmp/proj/locus.ini" --metrics "$tmp/m2.json" -q
[ -s "$tmp/stdout" ] && fail "-q printed a summary"
contains "$tmp/m2.json" '"totals": {"tasks": 4, "cache_hits": 4, "cache_misses": 0' "no-op metrics"
contains "$tmp/m2.json" '"written": 0, "unchanged": 3' "no-op writes nothing"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/m2.json" || fail "metrics is not JSON"

# --profile and --trace
expect 0 "run --profile --trace" -- "$bin" run -c "$tmp/proj/locus.ini" --profile --trace "$tmp/trace.json" -q
contains "$tmp/stderr" "critical path: upper" "--profile critical path"
contains "$tmp/stderr" "concat " "--profile table"
python3 - "$tmp/trace.json" <<'PY' || fail "--trace is not a Chrome trace with 4 tasks"
import json, sys
events = [e for e in json.load(open(sys.argv[1]))["traceEvents"] if e.get("ph") == "X"]
assert len(events) == 4, events
assert {e["cat"] for e in events} == {"upper", "concat", "emit"}
assert all(e["dur"] >= 0 and e["args"]["cache"] == "hit" for e in events)
PY

# --src/--out override the config
expect 0 "run --out" -- "$bin" run -c "$tmp/proj/locus.ini" --out "$tmp/other-out" -j 1
contains "$tmp/other-out/all.txt" "sub/b.txt: WORLD" "--out"

# build errors exit 1, with pretty and JSON diagnostics
printf 'this will FAIL\n' >"$tmp/proj/src/c.txt"
expect 1 "failing run" -- "$bin" run -c "$tmp/proj/locus.ini"
contains "$tmp/stderr" "$tmp/proj/src/c.txt:1:11: error: found FAIL" "pretty diagnostic"
contains "$tmp/stderr" "this will FAIL" "source line"
expect 1 "failing run json" -- "$bin" run -c "$tmp/proj/locus.ini" --errors json
[ "$(grep -c '^{' "$tmp/stderr")" = 1 ] || fail "json: want exactly one JSON line"
contains "$tmp/stderr" '{"diagnostics":[{"kind":"build","code":"BUILD_ERROR","message":"found FAIL","filePath":"'"$tmp"'/proj/src/c.txt","line":1,"column":11' "json diagnostic"
grep '^{' "$tmp/stderr" | python3 -c "import json,sys; json.loads(sys.stdin.read())" || fail "json line does not parse"
rm "$tmp/proj/src/c.txt"

# plugins list / info
expect 0 "plugins list" -- "$bin" plugins list -c "$tmp/proj/locus.ini"
contains "$tmp/stdout" "test-basic 1.0" "plugins list"
contains "$tmp/stdout" "pipeline $tmp/proj/locus.ini (3 stages, in run order):" "plugins list graph"
expect 0 "plugins info plugin" -- "$bin" plugins info test-basic
contains "$tmp/stdout" "option suffix" "plugins info"
expect 0 "plugins info stage" -- "$bin" plugins info concat
contains "$tmp/stdout" "stage concat, provided by plugin test-basic" "plugins info stage"
expect 2 "plugins info unknown" -- "$bin" plugins info nothing-here
expect 2 "plugins no action" -- "$bin" plugins

# cache stats / gc / clear
expect 0 "cache stats" -- "$bin" cache stats
contains "$tmp/stdout" "cache directory: $tmp/cache" "cache stats"
expect 0 "cache gc" -- "$bin" cache gc --max-size 1K
contains "$tmp/stdout" "evicted" "cache gc"
expect 0 "cache clear" -- "$bin" cache clear
expect 0 "cache stats after clear" -- "$bin" cache stats
contains "$tmp/stdout" "results:         0" "cache cleared"
expect 2 "cache bad action" -- "$bin" cache frob
expect 0 "run after clear" -- "$bin" run -c "$tmp/proj/locus.ini" --metrics "$tmp/m3.json"
contains "$tmp/m3.json" '"cache_hits": 0, "cache_misses": 4' "cleared cache runs everything"

# --no-cache runs every task
expect 0 "run --no-cache" -- "$bin" run -c "$tmp/proj/locus.ini" --no-cache --metrics "$tmp/m4.json"
contains "$tmp/m4.json" '"cache_hits": 0, "cache_misses": 4' "--no-cache"

[ "$failures" = 0 ] && echo "cli.sh: all passed"
[ "$failures" = 0 ]
