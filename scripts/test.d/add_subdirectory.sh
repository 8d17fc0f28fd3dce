# Vendors the library with add_subdirectory into a consumer project (tests/add_subdirectory)
# and builds and runs it: the target, its flags and constformer_set_constexpr_limits must
# reach the consumer, and none of constformer's own tests or examples may be built.
set -euo pipefail
. scripts/lib/deps.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake -S tests/add_subdirectory -B "$work/build" -G Ninja -DCONSTFORMER_SOURCE_DIR="$PWD" >/dev/null
cmake --build "$work/build" >/dev/null
if ! grep -q -- '-ffp-contract=off' "$work/build/build.ninja"; then
  echo "the consumer was not compiled with -ffp-contract=off" >&2
  exit 1
fi
"$work/build/add_subdirectory_test"
echo "add_subdirectory(constformer) from a consumer project: OK"
