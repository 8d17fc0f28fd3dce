# Installs the library into a staging prefix and builds a consumer with find_package.
set -euo pipefail
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cmake -S . -B "$stage/build" -G Ninja -DCONSTFORMER_BUILD_TESTS=OFF -DCONSTFORMER_BUILD_EXAMPLES=OFF >/dev/null
cmake --install "$stage/build" --prefix "$stage/prefix" >/dev/null
cmake -S tests/package -B "$stage/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$stage/prefix" >/dev/null
cmake --build "$stage/consumer" >/dev/null
"$stage/consumer/package_test"
echo "find_package(constformer) from a staged install: OK"
