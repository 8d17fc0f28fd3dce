# The firmware examples (examples/firmware/) on two Cortex-M targets under QEMU: each image
# must print, bit for bit, what the host compiler computes at compile time, and hold no
# heap, exception, RTTI or (on the M4F) software double-precision symbols.
#   Cortex-M4F, hard float: toolchain arm-none-eabi-cortex-m4f.cmake, QEMU mps2-an386
#   Cortex-M0, soft float:  toolchain arm-none-eabi-cortex-m0.cmake,  QEMU microbit
# Every example is built as <name>-ct.elf (results computed by the compiler) and
# <name>-rt.elf (computed by the processor). Prints a size table (arm-none-eabi-size; the
# attention code alone, tools/firmware_code_size.py; its stack, -fstack-usage) into
# build/firmware/sizes.txt, which docs/firmware.md quotes. Then the character GPT of
# models/gpl3_char (gpl3_char-ct on both CPUs, gpl3_char-rt and the plain C baseline
# gpl3_char_plain_c on the M4F; the micro:bit's flash is too small, which gpl3_char-rt's
# static_assert must say): build/firmware/gpl3_sizes.txt.
# CXX picks the host compiler for the reference (default g++). CONSTFORMER_FIRMWARE_ICOUNT=1
# also counts the instructions every image executes under QEMU, in total and in the forward
# pass (tools/firmware_icount.py; about 2 minutes more, most of it the Cortex-M0 MHA), into
# build/firmware/icount.txt, and for the character GPT (4 minutes more) gpl3_icount.txt.
set -euo pipefail
. scripts/lib/deps.sh
require_packages cmake ninja-build g++ python3 libboost-dev gcc-arm-none-eabi libnewlib-arm-none-eabi \
  libstdc++-arm-none-eabi-newlib qemu-system-arm
cxx=${CXX:-g++}
examples=(simplified_attention multi_head_attention)
targets=("m4f:mps2-an386" "m0:microbit")
out=build/firmware
mkdir -p "$out"
fail=0

# Configure both targets, generate the character GPT's headers (gpl3_char_generated/, which the
# host's reference build below reads too), then build the two targets' images and the host's
# references side by side: each is mostly one long compile, gpl3_char-ct's constant evaluation
# (about 15 s and 2 GB with GCC), so one after the other left a core idle.
jobs=${CONSTFORMER_JOBS:-$(nproc)}
for t in "${targets[@]}"; do
  cpu=${t%%:*}
  cmake -S examples/firmware -B "build/firmware-$cpu" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel \
    -DPython3_EXECUTABLE="$CONSTFORMER_PYTHON" \
    -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/firmware/toolchains/arm-none-eabi-cortex-$cpu.cmake" >/dev/null
done
mapfile -t generated < <(ninja -C build/firmware-m4f -t targets rule CUSTOM_COMMAND | grep '/gpl3_char_generated/')
ninja -C build/firmware-m4f "${generated[@]}" >/dev/null

# The host's compile-time results, in the firmware's format: the same sources, the
# compile-time variant, printing to stdout. gpl3_char writes 38 characters at compile time,
# past the default constant-evaluation budget (as its firmware target, a raised limit).
host_references() {
  local ex limits
  if "$cxx" --version | grep -qi clang; then limits=-fconstexpr-steps=1650000; else limits=-fconstexpr-ops-limit=66000000; fi
  for ex in gpl3_char "${examples[@]}"; do
    "$cxx" -std=c++20 -O2 -ffp-contract=off -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror $limits \
      -DCONSTFORMER_FIRMWARE_HOST=1 -DCONSTFORMER_FIRMWARE_RUNTIME=0 -I include -I examples/firmware \
      -I examples/gpl3_char -I build/firmware-m4f/gpl3_char_generated \
      "examples/firmware/$ex.cpp" -o "$out/$ex-host"
    "$out/$ex-host" >"$out/$ex.expected"
  done
}
pids=()
for t in "${targets[@]}"; do
  cmake --build "build/firmware-${t%%:*}" -j "$jobs" >"$out/build-${t%%:*}.log" 2>&1 &
  pids+=($!)
done
host_references &
pids+=($!)
for pid in "${pids[@]}"; do
  if ! wait "$pid"; then
    cat "$out"/build-*.log >&2
    echo "firmware: a build failed" >&2
    exit 1
  fi
done

# Symbols no image may hold: heap, exceptions, RTTI; and on the M4F (single-precision FPU)
# software double-precision routines. A control list proves the patterns match.
forbidden='malloc|calloc|realloc|free|_sbrk|_Znw|_Zna|_Zdl|_Zda|__cxa_|_Unwind|__gxx_personality|_ZTI|_ZTS'
soft_double='__aeabi_d|__aeabi_[a-z0-9]+2d$|__[a-z]*df[a-z0-9]*$'
control=$(printf '%s\n' malloc _Znwj _ZdlPv __cxa_throw _Unwind_Resume _ZTIi | grep -cE "^($forbidden)" || true)
control_d=$(printf '%s\n' __aeabi_dadd __aeabi_f2d __adddf3 __extendsfdf2 __truncdfsf2 __floatsidf __aeabi_fadd __addsf3 \
  | grep -cE "^($soft_double)" || true)
if [ "$control" -ne 6 ] || [ "$control_d" -ne 6 ]; then
  echo "firmware.sh: the symbol patterns no longer match their control lists ($control/6, $control_d/6)" >&2
  exit 1
fi

# Runs <elf> under QEMU's <board>: exit status 0 and the output of <expected>, bit for bit;
# and none of the forbidden symbols. Sets fail=1 otherwise.
check_image() {
  local cpu=$1 board=$2 elf=$3 expected=$4 image bad status=0
  image=$(basename "$elf" .elf)
  # Semihosting output goes to a file (chardev), QEMU's own messages to .err.
  timeout 60 qemu-system-arm -M "$board" -nographic -monitor none -serial none \
    -chardev file,id=semihosting,path="$out/$cpu-$image.out" \
    -semihosting-config enable=on,target=native,chardev=semihosting -kernel "$elf" \
    >"$out/$cpu-$image.err" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "FAIL $cpu $image: QEMU exited with $status" >&2
    cat "$out/$cpu-$image.err" >&2
    fail=1
  elif ! diff -u "$expected" "$out/$cpu-$image.out" >"$out/$cpu-$image.diff"; then
    echo "FAIL $cpu $image: output differs from the host's compile-time result ($out/$cpu-$image.diff)" >&2
    head -n 20 "$out/$cpu-$image.diff" >&2
    fail=1
  fi
  # Forbidden symbols (nm lists defined and undefined ones alike).
  if bad=$(arm-none-eabi-nm "$elf" | awk '{print $NF}' | grep -E "^($forbidden)"); then
    echo "FAIL $cpu $image: forbidden symbols:" $bad >&2
    fail=1
  fi
  if [ "$cpu" = m4f ] && bad=$(arm-none-eabi-nm "$elf" | awk '{print $NF}' | grep -E "^($soft_double)"); then
    echo "FAIL $cpu $image: software double-precision routines:" $bad >&2
    fail=1
  fi
}

sizes="$out/sizes.txt"
printf '%-5s %-28s %7s %6s %6s %10s %6s\n' cpu image text data bss attention stack >"$sizes"
for t in "${targets[@]}"; do
  cpu=${t%%:*} board=${t#*:}
  build=build/firmware-$cpu
  for ex in "${examples[@]}"; do
    for variant in ct rt; do
      image=$ex-$variant
      elf=$build/$image.elf
      check_image "$cpu" "$board" "$elf" "$out/$ex.expected"
      # 3. Sizes: the image; for the run-time variant, the attention code alone (run_attention
      # and every function it reaches: library math, soft-float and memset included) and
      # run_attention's stack frame (-fstack-usage; it is flattened, so that is the forward
      # pass's whole stack).
      read -r text data bss _ < <(arm-none-eabi-size "$elf" | tail -n 1)
      attention=- stack=-
      if [ "$variant" = rt ]; then
        attention=$("$CONSTFORMER_PYTHON" tools/firmware_code_size.py "$elf" run_attention)
        stack=$(cat "$build/CMakeFiles/$image.dir/"*.su | awk -F'\t' '$1 ~ /run_attention/ {print $2}')
      fi
      printf '%-5s %-28s %7s %6s %6s %10s %6s\n' "$cpu" "$image" "$text" "$data" "$bss" "$attention" "$stack" >>"$sizes"
      [ "$fail" -eq 0 ] && echo "  $cpu $image: bit-identical to the host's compile-time result"
    done
  done
done
cat "$sizes"

# The character GPT of models/gpl3_char (examples/firmware/gpl3_char.cpp): the compiler's
# text on both CPUs; the processor's on the M4F, where weights and RAM fit. On the micro:bit
# the run-time image must not build, stopped by its static_assert against the board's flash.
# The plain C baseline (bench/plain_c) prints the same text and ids (not the probabilities,
# whose bits come from the C library's expf and tanhf). Sizes into build/firmware/gpl3_sizes.txt:
# weights (the model object, or the C arrays), code (run_generation and all it reaches).
gpl3_sizes="$out/gpl3_sizes.txt"
head -n 3 "$out/gpl3_char.expected" >"$out/gpl3_char_plain_c.expected"
printf '%-5s %-20s %7s %6s %6s %8s %6s\n' cpu image text data bss weights code >"$gpl3_sizes"
gpl3_images=("m4f:mps2-an386:gpl3_char-ct" "m4f:mps2-an386:gpl3_char-rt" "m4f:mps2-an386:gpl3_char_plain_c"
  "m0:microbit:gpl3_char-ct")
for entry in "${gpl3_images[@]}"; do
  IFS=: read -r cpu board image <<<"$entry"
  elf=build/firmware-$cpu/$image.elf
  expected=$out/gpl3_char.expected
  [ "$image" = gpl3_char_plain_c ] && expected=$out/gpl3_char_plain_c.expected
  check_image "$cpu" "$board" "$elf" "$expected"
  read -r text data bss _ < <(arm-none-eabi-size "$elf" | tail -n 1)
  weights=0
  for size in $(arm-none-eabi-nm -S -C "$elf" | awk '$4 ~ /^(cf_weights::gpl3_char$|gpl3_char_)/ {print $2}'); do
    weights=$((weights + 0x$size))
  done
  code=-
  [ "$image" != gpl3_char-ct ] && code=$("$CONSTFORMER_PYTHON" tools/firmware_code_size.py "$elf" run_generation)
  printf '%-5s %-20s %7s %6s %6s %8s %6s\n' "$cpu" "$image" "$text" "$data" "$bss" "$weights" "$code" >>"$gpl3_sizes"
  [ "$fail" -eq 0 ] && echo "  $cpu $image: the host's compile-time text"
done
if cmake --build build/firmware-m0 --target gpl3_char-rt -j 1 >"$out/m0-gpl3_char-rt.build" 2>&1; then
  echo "FAIL m0 gpl3_char-rt: built, but its weights cannot fit the micro:bit's flash" >&2
  fail=1
elif ! grep -q "the model's weights do not fit in the board's flash" "$out/m0-gpl3_char-rt.build"; then
  echo "FAIL m0 gpl3_char-rt: did not build, but not for the flash check ($out/m0-gpl3_char-rt.build)" >&2
  fail=1
else
  echo "  m0 gpl3_char-rt: refused at compile time, the weights exceed the micro:bit's flash"
fi
cat "$gpl3_sizes"
if [ "$fail" -eq 0 ] && [ "${CONSTFORMER_FIRMWARE_ICOUNT:-0}" = 1 ]; then
  icount="$out/icount.txt"
  printf '%-5s %-28s %10s %10s\n' cpu image total forward >"$icount"
  for t in "${targets[@]}"; do
    cpu=${t%%:*} board=${t#*:}
    for ex in "${examples[@]}"; do
      for variant in ct rt; do
        counts=$("$CONSTFORMER_PYTHON" tools/firmware_icount.py "build/firmware-$cpu/$ex-$variant.elf" "$board") || fail=1
        total=${counts#total=} forward=${counts##*forward=}
        total=${total%% *}
        printf '%-5s %-28s %10s %10s\n' "$cpu" "$ex-$variant" "$total" "$forward" >>"$icount"
      done
    done
  done
  cat "$icount"
  # The character GPT: the instructions of run_generation (26 prompt positions, 38 new
  # characters), and per new character.
  gpl3_icount="$out/gpl3_icount.txt"
  printf '%-5s %-20s %10s %10s %10s\n' cpu image total generation per_token >"$gpl3_icount"
  for image in gpl3_char-rt gpl3_char_plain_c; do
    counts=$("$CONSTFORMER_PYTHON" tools/firmware_icount.py "build/firmware-m4f/$image.elf" mps2-an386 \
      --function run_generation) || fail=1
    total=${counts#total=} generation=${counts##*forward=}
    total=${total%% *}
    printf '%-5s %-20s %10s %10s %10s\n' m4f "$image" "$total" "$generation" $((generation / 38)) >>"$gpl3_icount"
  done
  cat "$gpl3_icount"
fi
if [ "$fail" -ne 0 ]; then
  echo "firmware: FAILED" >&2
  exit 1
fi
echo "firmware: ${#examples[@]} examples x 2 variants x ${#targets[@]} targets and ${#gpl3_images[@]} images of the character GPT ran under QEMU, identical to the host; no heap, exception, RTTI or soft-double symbols"
