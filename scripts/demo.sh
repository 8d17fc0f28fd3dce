#!/usr/bin/env bash
# Installs what is missing, builds and runs the main demo: the notebook's simplified
# self-attention (chapter 3), then the GPT model of chapter 4, computed at compile time and at
# run time; then a character-level GPT trained on the GNU GPL (models/gpl3_char) writing text
# inside a static_assert, checked against PyTorch's, and again at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/deps.sh
require_packages "${CONSTFORMER_BASE_PACKAGES[@]}"
build=build/demo
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++ \
  -DCONSTFORMER_BUILD_TESTS=OFF -DCONSTFORMER_BUILD_EXAMPLES=ON -DPython3_EXECUTABLE="$CONSTFORMER_PYTHON" >/dev/null
cmake --build "$build" --target example_notebook_demo example_gpt_walkthrough
"$build/examples/example_notebook_demo"
"$build/examples/chapter4/example_gpt_walkthrough"
echo
echo "== The compiler writes the text: a character GPT trained on the GNU GPL (models/gpl3_char) =="
cmake --build "$build" --target example_gpl3_char
exec "$build/examples/gpl3_char/example_gpl3_char"
