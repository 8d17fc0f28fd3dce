# cmake -DCXX=<compiler> -DFAMILY=<gcc|clang> -DSOURCE=<file.cpp> -DINCLUDES=<a|b|...> -P run_compile_fail.cmake
# Compiles SOURCE with -DCONSTFORMER_CONTROL (must succeed), then without it (must fail with
# a diagnostic that matches each `// expect:` and `// expect-<FAMILY>:` regex in SOURCE).
foreach(var CXX FAMILY SOURCE INCLUDES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_compile_fail.cmake: ${var} not set")
  endif()
endforeach()

string(REPLACE "|" ";" include_list "${INCLUDES}")
set(flags -std=c++20 -fsyntax-only)
foreach(dir IN LISTS include_list)
  if(dir)
    list(APPEND flags -isystem ${dir})
  endif()
endforeach()
# Plain ASCII quotes in GCC's messages, whatever the user's locale.
set(ENV{LC_ALL} C)
set(ENV{LANG} C)

# The expected diagnostics, one regex per line.
# A regex may hold ';', '[' or ']', which CMake lists treat specially: encode them while the
# file is split into a list of lines, and decode each pattern before use.
file(READ ${SOURCE} text)
string(REPLACE ";" "<SEMI>" text "${text}")
string(REPLACE "[" "<LB>" text "${text}")
string(REPLACE "]" "<RB>" text "${text}")
string(REPLACE "\n" ";" lines "${text}")
set(patterns)
set(pattern_count 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^// expect(-${FAMILY})?: ")
    string(REGEX REPLACE "^// expect(-${FAMILY})?: " "" pattern "${line}")
    list(APPEND patterns "${pattern}")
    math(EXPR pattern_count "${pattern_count} + 1")
  endif()
endforeach()
if(pattern_count EQUAL 0)
  message(FATAL_ERROR "${SOURCE}: no `// expect:` or `// expect-${FAMILY}:` line")
endif()

# (a) The control build must compile.
execute_process(COMMAND ${CXX} ${flags} -DCONSTFORMER_CONTROL ${SOURCE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "control build of ${SOURCE} does not compile (the test itself is broken):\n${out}${err}")
endif()

# (b) The misuse must not compile, and must say why.
execute_process(COMMAND ${CXX} ${flags} ${SOURCE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE}: the misuse compiled, but it must be rejected")
endif()
set(diagnostic "${out}${err}")
foreach(pattern IN LISTS patterns)
  string(REPLACE "<SEMI>" ";" pattern "${pattern}")
  string(REPLACE "<LB>" "[" pattern "${pattern}")
  string(REPLACE "<RB>" "]" pattern "${pattern}")
  if(NOT diagnostic MATCHES "${pattern}")
    message(FATAL_ERROR "${SOURCE}: the diagnostic does not contain /${pattern}/. It was:\n${diagnostic}")
  endif()
endforeach()
string(REGEX MATCH "[^\n]*error:[^\n]*" first_error "${diagnostic}")
message(STATUS "rejected as expected (${pattern_count} pattern(s)); first error:\n  ${first_error}")
