# constformer_firmware_platform(<target> [BOARD <board>])
# Makes the executable <target> a bare-metal image for a QEMU Cortex-M board, with the
# platform support of this folder (platform/):
#   startup.cpp      vector table and reset handler (FPU on, .data copied, .bss zeroed, static
#                    constructors, main, exit with main's status through semihosting)
#   semihosting.hpp  fw::semihosting::write0 and exit (on the include path of <target>)
#   <board>.ld       memory map (mps2-an386: Cortex-M4F; microbit: Cortex-M0, 16 KB RAM),
#                    with the shared sections.ld: no heap, stack above .bss
# and, read from the linker script, the board's sizes as compile definitions, for
# static_asserts that a model fits: CONSTFORMER_FIRMWARE_FLASH_BYTES,
# CONSTFORMER_FIRMWARE_RAM_BYTES and CONSTFORMER_FIRMWARE_MIN_STACK_BYTES (the RAM that .bss
# must leave to the stack).
# BOARD defaults to CONSTFORMER_FIRMWARE_BOARD, which the toolchain files in toolchains/ set.
# Use it with one of those toolchain files (they pass -nostartfiles and newlib-nano):
#   cmake -S . -B build -DCMAKE_TOOLCHAIN_FILE=<prefix>/share/constformer/firmware/toolchains/arm-none-eabi-cortex-m4f.cmake
#   find_package(constformer REQUIRED)
#   add_executable(app app.cpp)
#   target_link_libraries(app PRIVATE constformer::constformer)
#   constformer_firmware_platform(app)
# Installed with the package (share/constformer/firmware/) and loaded by find_package(constformer)
# and add_subdirectory(constformer).
function(constformer_firmware_platform target)
  cmake_parse_arguments(ARG "" "BOARD" "" ${ARGN})
  if(NOT ARG_BOARD)
    set(ARG_BOARD ${CONSTFORMER_FIRMWARE_BOARD})
  endif()
  set(platform ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/platform)
  if(NOT ARG_BOARD OR NOT EXISTS ${platform}/${ARG_BOARD}.ld)
    file(GLOB boards RELATIVE ${platform} ${platform}/*.ld)
    list(REMOVE_ITEM boards sections.ld)
    list(TRANSFORM boards REPLACE "\\.ld$" "")
    message(FATAL_ERROR "constformer_firmware_platform(${target}): BOARD '${ARG_BOARD}' is not one of: ${boards} "
                        "(configure with a toolchain file from ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/toolchains, or pass BOARD)")
  endif()
  file(READ ${platform}/${ARG_BOARD}.ld script)
  foreach(region FLASH RAM)
    if(NOT script MATCHES "${region} *\\([a-z]+\\) *: *ORIGIN *= *[0-9a-fA-Fx]+, *LENGTH *= *([0-9]+)([KM]?)")
      message(FATAL_ERROR "constformer_firmware_platform: no ${region} region in ${ARG_BOARD}.ld")
    endif()
    set(bytes ${CMAKE_MATCH_1})
    if(CMAKE_MATCH_2 STREQUAL "K")
      math(EXPR bytes "${bytes} * 1024")
    elseif(CMAKE_MATCH_2 STREQUAL "M")
      math(EXPR bytes "${bytes} * 1024 * 1024")
    endif()
    target_compile_definitions(${target} PRIVATE CONSTFORMER_FIRMWARE_${region}_BYTES=${bytes}u)
  endforeach()
  if(NOT script MATCHES "__min_stack_bytes *= *([0-9]+);")
    message(FATAL_ERROR "constformer_firmware_platform: no __min_stack_bytes in ${ARG_BOARD}.ld")
  endif()
  target_compile_definitions(${target} PRIVATE CONSTFORMER_FIRMWARE_MIN_STACK_BYTES=${CMAKE_MATCH_1}u)
  target_sources(${target} PRIVATE ${platform}/startup.cpp)
  target_include_directories(${target} PRIVATE ${platform})
  target_link_options(${target} PRIVATE -L${platform} -T${platform}/${ARG_BOARD}.ld)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${platform}/${ARG_BOARD}.ld ${platform}/sections.ld)
endfunction()
