#!/bin/sh
# pipelines.sh — `run -c config/default.ini` writes exactly what `build`
# writes (bar build's bookkeeping files), and the enterprise example
# (examples/enterprise: the standard pipeline plus the OpenAPI generator)
# writes the same plus a valid openapi.json.
set -eu
: "${abs_top_builddir:?}" "${abs_top_srcdir:?}"
bin="$abs_top_builddir/locus-pipeline"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LOCUS_CACHE_DIR="$tmp/cache"
export LOCUS_PLUGIN_PATH="$abs_top_builddir/plugins/.libs:$abs_top_builddir/examples/plugin-openapi/.libs"
app="$abs_top_srcdir/examples/app"

"$bin" build --src "$app" --out "$tmp/build" >/dev/null
rm -f "$tmp/build/METRICS_SUMMARY.json" "$tmp/build/METRICS_HISTORY.jsonl" \
    "$tmp/build/DEPRECATION_STATS.jsonl"
"$bin" run -q -c "$abs_top_srcdir/config/default.ini" --src "$app" --out "$tmp/run" 2>/dev/null
diff -r "$tmp/build" "$tmp/run"

"$bin" run -q -c "$abs_top_srcdir/examples/enterprise/locus.ini" --out "$tmp/ent" 2>/dev/null
test -f "$tmp/ent/openapi.json"
mv "$tmp/ent/openapi.json" "$tmp/openapi.json"
diff -r "$tmp/build" "$tmp/ent"
python3 - "$tmp/openapi.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["openapi"].startswith("3.")
assert doc["info"]["title"] == "Task tracker API"
schemas = doc["components"]["schemas"]
assert set(schemas) == {"Member", "Project", "Task"}, schemas
for name, schema in schemas.items():
    assert "id" in schema["properties"] and "id" in schema["required"]
    base = name[0].lower() + name[1:]
    assert f"/{base}/{base}" in doc["paths"] and f"/{base}/{base}/{{id}}" in doc["paths"]
PY
echo "pipelines.sh: run -c default.ini == build; enterprise adds a valid openapi.json"
