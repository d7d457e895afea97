#!/bin/sh
# parse-conformance.sh — `make check` entry of the parse-conformance test:
# every file of the shared conformance corpus must parse, or fail at the
# position the reference reported, unless tests/parse-deviations.tsv lists
# the case with the FIX decision that explains the difference.
# Skips (exit 77) when the corpus is not available.
here=$(cd "$(dirname "$0")" && pwd)
cases=${LOCUS_CONFORMANCE_CASES:-/work/shared/conformance/cases}
decisions=${LOCUS_CONF_DECISIONS:-$(dirname "$cases")/../spec/decisions.md}
if [ ! -d "$cases" ]; then
    echo "conformance corpus not found at $cases; skipping"
    exit 77
fi
command -v python3 >/dev/null 2>&1 || { echo "python3 not found; skipping"; exit 77; }
driver=${PARSE_CONFORMANCE_DRIVER:-./tests/parse_conformance}
srcdir=${srcdir:-$here/..}
exec python3 "$srcdir/tests/parse-conformance.py" --driver "$driver" --cases "$cases" \
    --deviations "$srcdir/tests/parse-deviations.tsv" --decisions "$decisions" "$@"
