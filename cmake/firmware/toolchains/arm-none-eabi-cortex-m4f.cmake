# Toolchain file: Cortex-M4F, single-precision FPU, hard-float ABI (QEMU board mps2-an386).
# Installed as <prefix>/share/constformer/firmware/toolchains/arm-none-eabi-cortex-m4f.cmake:
#   cmake -S <your project> -B build/m4f \
#         -DCMAKE_TOOLCHAIN_FILE=<prefix>/share/constformer/firmware/toolchains/arm-none-eabi-cortex-m4f.cmake
# In this repository: cmake/firmware/toolchains/ (examples/firmware uses it).
set(CONSTFORMER_ARM_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
set(CONSTFORMER_FIRMWARE_BOARD mps2-an386)
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
