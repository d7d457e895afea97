#!/bin/sh
# tsx-check.sh — proves that the generated React code is real: builds the
# bundled example app (examples/app) and a 100-file generated project
# (shared/tools/gen-corpus.py --files 100 --seed 1), type-checks everything
# under their react/ (pages, components, runtime, shims) with
# `tsc --strict --noEmit --jsx react-jsx` against @types/react, and renders
# every generated page once with react-dom/server (tests/tsx/render.cjs).
#
# The npm packages (pinned below) are installed on first run into
# $abs_top_builddir/node_modules-ts. The react/ trees come from
# `locus-pipeline build`. Skips (77) without node/npm (scripts/install-deps.sh
# installs them).
set -u
builddir=${abs_top_builddir:-$(pwd)}
srcdir=${abs_top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
packages="typescript@5.4.5 react@18.3.1 react-dom@18.3.1 @types/react@18.3.3 @types/react-dom@18.3.0"
modules="$builddir/node_modules-ts"
work="$builddir/tsx-check"
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

for tool in node npm python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool not found; skipping"; exit 77; }
done

# The npm packages, once per build directory (the stamp names the versions).
stamp="$modules/.installed-$(echo "$packages" | sed 's/[ /@]/_/g')"
if [ ! -f "$stamp" ]; then
    echo "installing $packages into $modules"
    rm -rf "$modules" && mkdir -p "$modules" || exit 99
    if ! npm install --prefix "$modules" --no-save --no-audit --no-fund --loglevel=error \
            $packages >"$modules/npm.log" 2>&1; then
        cat "$modules/npm.log"
        echo "FAIL: npm install failed"
        exit 1
    fi
    touch "$stamp"
fi
tsc="$modules/node_modules/typescript/bin/tsc"

# The react/ tree of a Locus project: SRC OUT, built by the whole pipeline
# (`locus-pipeline build`), as a user gets it.
generate() {
    LOCUS_PLUGIN_PATH="$builddir/plugins/.libs" LOCUS_CACHE_DIR="$work/cache" \
        "$builddir/locus-pipeline" build --src "$1" --out "$2" >"$2.log" 2>&1 && return 0
    echo "locus-pipeline build failed:"
    sed 's/^/  /' "$2.log" | head -20
    return 1
}

write_tsconfig() {
    cat >"$1/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "jsx": "react-jsx", "esModuleInterop": true,
    "target": "ES2020", "lib": ["ES2020", "DOM", "DOM.Iterable"], "module": "ESNext",
    "moduleResolution": "node", "skipLibCheck": true, "types": []
  },
  "include": ["react/**/*"]
}
JSON
}

# Generate, type-check and render one project: NAME SRC.
check_project() {
    name=$1 src=$2 out="$work/$1"
    rm -rf "$out"
    if ! generate "$src" "$out"; then
        sed 's/^/  /' "$out.log"
        fail "$name: generating its react/ tree failed"
        return
    fi
    if [ ! -d "$out/react/pages" ] || [ ! -f "$out/react/runtime/_locusRuntime.ts" ]; then
        fail "$name: no react/pages or react/runtime in the output"
        return
    fi
    ln -s "$modules/node_modules" "$out/node_modules"
    write_tsconfig "$out"
    files=$(find "$out/react" -name '*.ts' -o -name '*.tsx' | wc -l)
    node "$tsc" -p "$out/tsconfig.json" >"$out/tsc.log" 2>&1
    errors=$(grep -c 'error TS' "$out/tsc.log")
    echo "$name: tsc --strict: $errors type errors in $files files"
    if [ "$errors" != 0 ]; then
        head -40 "$out/tsc.log" | sed 's/^/  /'
        fail "$name: type errors"
    elif [ -s "$out/tsc.log" ]; then
        head -20 "$out/tsc.log" | sed 's/^/  /'
        fail "$name: tsc failed"
    fi
    if node "$srcdir/tests/tsx/render.cjs" "$out" >"$out/render.log" 2>&1; then
        echo "$name: $(tail -1 "$out/render.log")"
    else
        sed 's/^/  /' "$out/render.log" | head -40
        fail "$name: rendering failed"
    fi
}

mkdir -p "$work"
check_project example-app "$srcdir/examples/app"

corpus_tool=""
for shared in "$srcdir/../shared" /work/shared; do
    if [ -f "$shared/tools/gen-corpus.py" ]; then
        corpus_tool="$shared/tools/gen-corpus.py"
        break
    fi
done
if [ -n "$corpus_tool" ]; then
    rm -rf "$work/corpus-src"
    python3 "$corpus_tool" --files 100 --seed 1 --out "$work/corpus-src" >/dev/null ||
        fail "gen-corpus.py failed"
    check_project corpus-100 "$work/corpus-src"
else
    fail "shared/tools/gen-corpus.py not found (looked in $srcdir/../shared and /work/shared)"
fi

passed=$((2 - failures))
[ "$passed" -lt 0 ] && passed=0
echo "$passed passed, $failures failed"
[ "$failures" = 0 ]
