# cmake -DINCLUDE_ROOT=<repo>/include -P check_include_rules.cmake
# The include rules of STYLE.md that a compiler does not enforce:
#  1. the umbrella constformer.hpp, and every header outside io/, includes no io/ header
#     (io/ is hosted-only; the core must stay freestanding-friendly);
#  2. no header includes <boost/hana.hpp>, only the specific Hana headers it uses
#     (the whole of Hana costs every user's compile time);
#  3. every header but config.hpp includes a constformer header before its first namespace,
#     so config.hpp (reached through it; the header tests check that) and its floating-point
#     pragmas come before any code of ours.
# Rule 1 on every non-io header makes it hold transitively for the umbrella.
if(NOT INCLUDE_ROOT)
  message(FATAL_ERROR "pass -DINCLUDE_ROOT=<path to include/>")
endif()
file(GLOB_RECURSE headers RELATIVE ${INCLUDE_ROOT} ${INCLUDE_ROOT}/*.hpp)
set(errors "")
foreach(header IN LISTS headers)
  file(STRINGS ${INCLUDE_ROOT}/${header} lines REGEX "^[ \t]*(#[ \t]*include|namespace[ \t])")
  set(includes "")
  set(ours_before_code FALSE)
  set(seen_code FALSE)
  foreach(line IN LISTS lines)
    if(line MATCHES "^[ \t]*namespace")
      set(seen_code TRUE)
    else()
      list(APPEND includes "${line}")
      if(NOT seen_code AND line MATCHES "[<\"]constformer/")
        set(ours_before_code TRUE)
      endif()
    endif()
  endforeach()
  if(NOT header STREQUAL "constformer/config.hpp" AND NOT ours_before_code)
    string(APPEND errors "  ${header}: includes no constformer header (config.hpp) before its first namespace\n")
  endif()
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
