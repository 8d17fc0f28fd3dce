# Shared part of the arm-none-eabi toolchain files (arm-none-eabi-cortex-m4f.cmake,
# arm-none-eabi-cortex-m0.cmake): Debian's gcc-arm-none-eabi with newlib, bare metal.
# The including file sets CONSTFORMER_ARM_CPU_FLAGS (the -mcpu/-mfpu/-mfloat-abi triple)
# and CONSTFORMER_FIRMWARE_BOARD (the QEMU machine the images are linked for, which
# constformer_firmware_platform() picks the linker script by).
#
# Boost.Hana: find_package(constformer) (and add_subdirectory) take the host's Boost headers
# through a directory holding only boost/ (cmake/constformer_host_boost.cmake); never add
# the host's /usr/include itself, whose C headers would shadow newlib's.
#
# Flags: C++20 without exceptions, RTTI or thread-safe statics; every function and object
# in its own section, and --gc-sections at link time so that only what is reached stays in
# flash. -ffp-contract=off: the constformer target adds it too; it is repeated here so that
# code that does not include the headers or link the target cannot fuse a multiply-add.
# No heap: nothing provides _sbrk, so a malloc or operator new that sneaks in is a link
# error (and scripts/test.d/firmware.sh checks the symbols of every image as well).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "objcopy")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "size")

# Compiler checks link a test program; without a startup file that needs a static library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CONSTFORMER_ARM_COMMON_FLAGS
    "${CONSTFORMER_ARM_CPU_FLAGS} -ffunction-sections -fdata-sections -ffp-contract=off")
set(CMAKE_C_FLAGS_INIT "${CONSTFORMER_ARM_COMMON_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT
    "${CONSTFORMER_ARM_COMMON_FLAGS} -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
set(CMAKE_ASM_FLAGS_INIT "${CONSTFORMER_ARM_CPU_FLAGS}")
# nano.specs: newlib-nano (memcpy/memset are all the images take from it); -nostartfiles:
# the images bring their own vector table and reset handler (constformer_firmware_platform(),
# platform/startup.cpp next to this folder).
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "${CONSTFORMER_ARM_CPU_FLAGS} --specs=nano.specs -nostartfiles -Wl,--gc-sections")

# Only the target's own sysroot is searched for libraries and headers.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
