#!/bin/sh
# conformance-check.sh — `make check` entry of the conformance run:
# `locus-pipeline build` and `check` (the plugins of this build) on every
# case of the shared conformance corpus, judged by the corpus runner in
# policy mode (decisions.md). Cases that differ only because of FIX decisions are
# listed in tests/conformance/deviations.tsv. Skips (exit 77) when the
# corpus or python3 is not available.
set -u
cases=${LOCUS_CONFORMANCE_CASES:-/work/shared/conformance/cases}
runner=$(dirname "$cases")/run.sh
if [ ! -d "$cases" ] || [ ! -f "$runner" ]; then
    echo "conformance corpus not found at $cases; skipping"
    exit 77
fi
command -v python3 >/dev/null 2>&1 || { echo "python3 not found; skipping"; exit 77; }

here=$(cd "$(dirname "$0")" && pwd)
builddir=${abs_top_builddir:-$here/..}
srcdir=${abs_top_srcdir:-$here/..}
bin=$builddir/locus-pipeline
plugins=$builddir/plugins/.libs
for plugin in locus-parse locus-merge locus-validate locus-gen-prisma locus-gen-express \
    locus-gen-react locus-gen-theme locus-gen-next locus-gen-workflows locus-gen-project; do
    if [ ! -f "$plugins/$plugin.so" ]; then
        echo "$plugins/$plugin.so is missing: build the plugins first"
        exit 99
    fi
done

# A private run base (the runner allows one run per base) whose path has
# the length of the recorded one, /tmp/locus-conf; the result cache lives
# inside it and goes away with it.
base=$(mktemp -d /tmp/lcc-XXXXXX) || exit 99
trap 'rm -rf "$base"' EXIT INT TERM
LOCUS_CONF_BASE=$base bash "$runner" --jobs 2 --cases "$cases" \
    --deviations "$srcdir/tests/conformance/deviations.tsv" -- \
    env LOCUS_PLUGIN_PATH="$plugins" LOCUS_CACHE_DIR="$base/cache" "$bin"
