# Toolchain file: Cortex-M0, no FPU, software floating point (QEMU board microbit, nRF51:
# 256 KB flash, 16 KB RAM).
# Installed as <prefix>/share/constformer/firmware/toolchains/arm-none-eabi-cortex-m0.cmake:
#   cmake -S <your project> -B build/m0 \
#         -DCMAKE_TOOLCHAIN_FILE=<prefix>/share/constformer/firmware/toolchains/arm-none-eabi-cortex-m0.cmake
# In this repository: cmake/firmware/toolchains/ (examples/firmware uses it).
set(CONSTFORMER_ARM_CPU_FLAGS "-mcpu=cortex-m0 -mthumb -mfloat-abi=soft")
set(CONSTFORMER_FIRMWARE_BOARD microbit)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
