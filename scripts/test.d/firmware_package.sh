# A user's firmware project against the installed package: installs constformer into a
# staging prefix, configures tests/firmware_package with the installed Cortex-M4F toolchain
# file (share/constformer/firmware/toolchains/), which finds the package with find_package,
# takes the host's Boost.Hana headers without the host's C headers, and links the installed
# startup code and linker script (constformer_firmware_platform). The image runs under QEMU
# (mps2-an386) and must report its run-time attention and cf::reproduces_compile_time<float>()
# bit-identical to compile time; so must the same image built by a plain compiler command
# without -ffp-contract=off (the headers' pragma), and not without the pragma. Control: the naive way of adding Boost
# (-isystem /usr/include) must indeed break newlib's <cstdint>, which is why the package
# does otherwise.
set -euo pipefail
. scripts/lib/deps.sh
require_packages cmake ninja-build g++ libboost-dev gcc-arm-none-eabi libnewlib-arm-none-eabi \
  libstdc++-arm-none-eabi-newlib qemu-system-arm
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

cmake -S . -B "$stage/build" -G Ninja -DCONSTFORMER_BUILD_TESTS=OFF -DCONSTFORMER_BUILD_EXAMPLES=OFF >/dev/null
cmake --install "$stage/build" --prefix "$stage/prefix" >/dev/null
firmware="$stage/prefix/share/constformer/firmware"
for f in constformer_firmware.cmake toolchains/arm-none-eabi-cortex-m4f.cmake toolchains/arm-none-eabi-cortex-m0.cmake \
         toolchains/arm-none-eabi-common.cmake platform/startup.cpp platform/semihosting.hpp platform/sections.ld \
         platform/mps2-an386.ld platform/microbit.ld; do
  if [ ! -f "$firmware/$f" ]; then
    echo "firmware_package: $f was not installed into share/constformer/firmware/" >&2
    exit 1
  fi
done

consumer="$stage/consumer"
cmake -S tests/firmware_package -B "$consumer" -G Ninja -DCMAKE_PREFIX_PATH="$stage/prefix" \
  -DCMAKE_TOOLCHAIN_FILE="$firmware/toolchains/arm-none-eabi-cortex-m4f.cmake" >/dev/null
cmake --build "$consumer" >/dev/null
commands=$(ninja -C "$consumer" -t commands attention.elf)
if ! grep -q -- '-ffp-contract=off' <<<"$commands"; then
  echo "firmware_package: the image was not compiled with -ffp-contract=off" >&2
  exit 1
fi
if grep -qE -- '-(isystem|I) ?/usr/include( |$)' <<<"$commands"; then
  echo "firmware_package: the host's /usr/include is on the image's include path" >&2
  exit 1
fi

out="$consumer/semihosting.txt"
status=0
timeout 60 qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none \
  -chardev file,id=semihosting,path="$out" \
  -semihosting-config enable=on,target=native,chardev=semihosting -kernel "$consumer/attention.elf" \
  >"$consumer/qemu.err" 2>&1 || status=$?
cat "$out"
if [ "$status" -ne 0 ] || ! grep -q 'bit for bit' "$out" || ! grep -q 'reproduces_compile_time<float>(): yes' "$out"; then
  echo "firmware_package: the image exited with $status" >&2
  cat "$consumer/qemu.err" >&2
  exit 1
fi

# The same image from a plain compiler command, without -ffp-contract=off: the headers' pragma
# (config.hpp) must keep the bits; control: with the pragma disabled too, GCC fuses
# multiply-adds (VFMA.F32) and the image must report the difference.
mkdir -p "$stage/boost-only"
ln -s /usr/include/boost "$stage/boost-only/boost"
plain() {  # plain <image> <extra flags...>
  local image=$1
  shift
  arm-none-eabi-g++ -std=c++20 -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard -Os \
    -fno-exceptions -fno-rtti -fno-threadsafe-statics -ffunction-sections -fdata-sections "$@" \
    -I "$stage/prefix/include" -isystem "$stage/boost-only" -I "$firmware/platform" \
    tests/firmware_package/main.cpp "$firmware/platform/startup.cpp" --specs=nano.specs -nostartfiles \
    -Wl,--gc-sections -L "$firmware/platform" -T "$firmware/platform/mps2-an386.ld" -o "$image"
  status=0
  rm -f "$image.txt"
  timeout 60 qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none \
    -chardev file,id=semihosting,path="$image.txt" \
    -semihosting-config enable=on,target=native,chardev=semihosting -kernel "$image" \
    >"$image.err" 2>&1 || status=$?
}
plain "$stage/plain.elf"
if [ "$status" -ne 0 ]; then
  cat "$stage/plain.elf.txt" "$stage/plain.elf.err" >&2
  echo "firmware_package: built without -ffp-contract=off, the image's run-time bits differ" >&2
  exit 1
fi
plain "$stage/control.elf" -DCONSTFORMER_FP_CONTRACT_PRAGMA=0
fused=$(arm-none-eabi-objdump -d "$stage/control.elf" | grep -c 'vfma' || true)
if [ "$status" -eq 0 ] || [ "$fused" -eq 0 ]; then
  echo "firmware_package: control without the pragma did not differ (exit $status, $fused VFMA instructions)" >&2
  exit 1
fi
echo "  without -ffp-contract=off: bit-identical through the headers' pragma; control without it:" \
     "$fused VFMA instructions, $(grep -o 'no, .*' "$stage/control.elf.txt")"

# Control: Boost added the naive way.
if arm-none-eabi-g++ -std=c++20 -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard \
     -I "$stage/prefix/include" -isystem /usr/include -I "$firmware/platform" -fsyntax-only \
     tests/firmware_package/main.cpp 2>/dev/null; then
  echo "firmware_package: -isystem /usr/include compiled; the host-Boost indirection may be unnecessary now" >&2
  exit 1
fi
echo "firmware_package: find_package(constformer) with the installed M4F toolchain file, image bit-identical under QEMU; OK"
