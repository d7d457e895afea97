#!/bin/sh
# install-deps.sh — installs the Debian 12 packages locus-pipeline needs to
# build and test (as root, or with sudo). Does nothing when all are there.
# valgrind: the benchmark gate counts the parser's instructions with callgrind.
set -eu
packages="build-essential autoconf automake libtool pkg-config libsqlite3-dev
libzstd-dev libxxhash-dev libinih-dev libffi-dev check python3 valgrind"
missing=""
for p in $packages; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
# Node.js and npm run the test that type-checks and renders the generated
# React code; any install will do (Debian's, or one already on PATH).
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0
echo "installing:$missing"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing
