# cmake -DINCLUDE_ROOT=<repo>/include -P check_include_rules.cmake
# The include rules of STYLE.md that a compiler does not enforce:
#  1. the umbrella constformer.hpp, and every header outside io/, includes no io/ header
#     (io/ is hosted-only; the core must stay freestanding-friendly);
#  2. no header includes <boost/hana.hpp>, only the specific Hana headers it uses
#     (the whole of Hana costs every user's compile time);
# Rule 1 on every non-io header makes it hold transitively for the umbrella.
if(NOT INCLUDE_ROOT)
  message(FATAL_ERROR "pass -DINCLUDE_ROOT=<path to include/>")
endif()
file(GLOB_RECURSE headers RELATIVE ${INCLUDE_ROOT} ${INCLUDE_ROOT}/*.hpp)
set(errors "")
foreach(header IN LISTS headers)
  file(STRINGS ${INCLUDE_ROOT}/${header} includes REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS includes)
    if(NOT header MATCHES "^constformer/io/" AND line MATCHES "[<\"]constformer/io/")
      string(APPEND errors "  ${header}: includes a hosted-only io/ header: ${line}\n")
    endif()
    if(line MATCHES "[<\"]boost/hana\\.hpp[>\"]")
      string(APPEND errors "  ${header}: includes all of Hana; include the specific headers: ${line}\n")
    endif()
  endforeach()
endforeach()
list(LENGTH headers count)
if(errors)
  message(FATAL_ERROR "include rules broken:\n${errors}")
endif()
message(STATUS "include rules hold for ${count} headers")
