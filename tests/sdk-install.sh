#!/bin/sh
# sdk-install.sh — installs locus-pipeline into a temporary DESTDIR, builds
# the example third-party plugin out of tree against the installed SDK
# (pkg-config locus-plugin), and runs a pipeline that uses it.
set -eu
: "${abs_top_builddir:?}" "${abs_top_srcdir:?}" "${prefix:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! make -C "$abs_top_builddir" install DESTDIR="$tmp/root" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    exit 1
fi
root="$tmp/root$prefix"
pc="pkg-config --define-variable=prefix=$root"
export PKG_CONFIG_PATH="$root/lib/pkgconfig"
test -f "$root/include/locus/locus.h"
$pc --exists locus-plugin

cp -r "$abs_top_srcdir/examples/plugin-wordcount" "$tmp/plugin"
chmod -R u+w "$tmp/plugin"
make -C "$tmp/plugin" PKG_CONFIG="$pc" >"$tmp/plugin.log" 2>&1 || { cat "$tmp/plugin.log"; exit 1; }
make -C "$tmp/plugin" PKG_CONFIG="$pc" install >>"$tmp/plugin.log" 2>&1 || { cat "$tmp/plugin.log"; exit 1; }
plugin_dir=$($pc --variable=plugindir locus-plugin)
test -f "$plugin_dir/wordcount.so"

cp -r "$abs_top_srcdir/examples/hello" "$tmp/hello"
chmod -R u+w "$tmp/hello"
export LD_LIBRARY_PATH="$root/lib"
export LOCUS_PLUGIN_PATH="$plugin_dir"
export LOCUS_CACHE_DIR="$tmp/cache"
"$root/bin/locus-pipeline" run -c "$tmp/hello/locus.ini" --metrics "$tmp/m1.json" >"$tmp/run.log" 2>&1 ||
    { cat "$tmp/run.log"; exit 1; }
grep -q "total (3 files)" "$tmp/hello/out/report.txt"
grep -q '"words": 74' "$tmp/hello/out/totals.json"
"$root/bin/locus-pipeline" run -c "$tmp/hello/locus.ini" --metrics "$tmp/m2.json" >"$tmp/run.log" 2>&1
grep -q '"cache_misses": 0' "$tmp/m2.json"
"$root/bin/locus-pipeline" plugins info wordcount | grep -q "stage wordreport"
echo "sdk-install.sh: installed SDK, out-of-tree plugin and pipeline all work"
