# The README's install recipe on a machine without the test dependencies: a top-level
# configure with no options, with GoogleTest and Python 3 hidden from CMake
# (CMAKE_DISABLE_FIND_PACKAGE_*), must succeed with the tests off, install, and serve a
# find_package consumer (tests/package). Control: asking for the tests
# (-DCONSTFORMER_BUILD_TESTS=ON) under the same conditions must fail, so the tests really do
# need what was hidden.
set -euo pipefail
. scripts/lib/deps.sh
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
hide=(-DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON -DCMAKE_DISABLE_FIND_PACKAGE_Python3=ON)

# The README's recipe, word for word but for the hidden packages and the prefix.
if ! cmake -S . -B "$stage/build" "${hide[@]}" >"$stage/configure.log" 2>&1; then
  cat "$stage/configure.log" >&2
  echo "install_minimal: configuring without GoogleTest and Python 3 failed" >&2
  exit 1
fi
if grep -q 'CMake Warning' "$stage/configure.log"; then
  cat "$stage/configure.log" >&2
  echo "install_minimal: the configure printed a warning" >&2
  exit 1
fi
if ! grep -q 'CONSTFORMER_BUILD_TESTS:BOOL=OFF' "$stage/build/CMakeCache.txt"; then
  echo "install_minimal: tests were enabled although GoogleTest and Python 3 are missing" >&2
  exit 1
fi
cmake --install "$stage/build" --prefix "$stage/prefix" >/dev/null
for f in include/constformer.hpp include/constformer/self_check.hpp \
         share/cmake/constformer/constformer-config.cmake share/cmake/constformer/constformer-config-version.cmake \
         share/pkgconfig/constformer.pc share/constformer/firmware/toolchains/arm-none-eabi-cortex-m4f.cmake \
         share/doc/constformer/LICENSE share/doc/constformer/CHANGELOG.md; do
  if [ ! -f "$stage/prefix/$f" ]; then
    echo "install_minimal: $f is not installed" >&2
    exit 1
  fi
done
cmake -S tests/package -B "$stage/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$stage/prefix" >/dev/null
cmake --build "$stage/consumer" >/dev/null
"$stage/consumer/package_test"

# Control: the tests need GoogleTest and Python 3.
if cmake -S . -B "$stage/build-tests" "${hide[@]}" -DCONSTFORMER_BUILD_TESTS=ON >"$stage/tests.log" 2>&1; then
  echo "install_minimal: -DCONSTFORMER_BUILD_TESTS=ON configured without GoogleTest and Python 3" >&2
  exit 1
fi
echo "install_minimal: configure + install without GoogleTest/Python 3, find_package consumer OK; tests ON requires them"
