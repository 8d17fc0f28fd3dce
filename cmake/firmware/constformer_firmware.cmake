# constformer_firmware_platform(<target> [BOARD <board>])
# Makes the executable <target> a bare-metal image for a QEMU Cortex-M board, with the
# platform support of this folder (platform/):
#   startup.cpp      vector table and reset handler (FPU on, .data copied, .bss zeroed, static
#                    constructors, main, exit with main's status through semihosting)
#   semihosting.hpp  fw::semihosting::write0 and exit (on the include path of <target>)
#   <board>.ld       memory map (mps2-an386: Cortex-M4F; microbit: Cortex-M0, 16 KB RAM),
#                    with the shared sections.ld: no heap, stack above .bss
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
  target_sources(${target} PRIVATE ${platform}/startup.cpp)
  target_include_directories(${target} PRIVATE ${platform})
  target_link_options(${target} PRIVATE -L${platform} -T${platform}/${ARG_BOARD}.ld)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${platform}/${ARG_BOARD}.ld ${platform}/sections.ld)
endfunction()
