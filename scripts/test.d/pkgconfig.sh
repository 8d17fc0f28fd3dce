# Installs the library into a staging prefix and builds a consumer with nothing but
# `pkg-config --cflags constformer` (and the system's Boost), then moves the prefix to
# prove the .pc file is relocatable.
set -euo pipefail
. scripts/lib/deps.sh
require_packages pkg-config
cxx=${CXX:-g++}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cmake -S . -B "$stage/build" -G Ninja -DCONSTFORMER_BUILD_TESTS=OFF -DCONSTFORMER_BUILD_EXAMPLES=OFF >/dev/null
cmake --install "$stage/build" --prefix "$stage/prefix" >/dev/null
pc=$(find "$stage/prefix" -name constformer.pc)
if [ -z "$pc" ]; then
  echo "no constformer.pc was installed (see cmake/constformer.pc.in)" >&2
  exit 1
fi
mv "$stage/prefix" "$stage/moved"  # a relocated install must still work
pcdir=$(dirname "${pc/#$stage\/prefix/$stage/moved}")
export PKG_CONFIG_PATH="$pcdir"

version=$(pkg-config --modversion constformer)
expected=$(sed -nE 's/^project\(constformer VERSION ([0-9.]+).*/\1/p' CMakeLists.txt)
if [ "$version" != "$expected" ]; then
  echo "pkg-config reports version '$version', CMakeLists.txt says '$expected'" >&2
  exit 1
fi
cflags=$(pkg-config --cflags constformer)
case " $cflags " in
  *" -ffp-contract=off "*) ;;
  *) echo "pkg-config --cflags lacks -ffp-contract=off: $cflags" >&2; exit 1 ;;
esac
# The consumer is tests/package/main.cpp, the find_package test's program.
# shellcheck disable=SC2086  # cflags is a list of flags
"$cxx" -std=c++20 $cflags tests/package/main.cpp -o "$stage/consumer" 2>&1 \
  || { echo "building with: $cxx -std=c++20 $cflags" >&2; exit 1; }
"$stage/consumer"
echo "pkg-config --cflags constformer ($cflags) from a relocated staged install: OK"
