# constformer_set_constexpr_limits(<target> [STEPS <n>] [OPS <n>] [DEPTH <n>])
# Raises the constant-evaluation budget of <target> for sizes past the compilers' defaults:
# STEPS is Clang's -fconstexpr-steps (default 1048576), OPS GCC's -fconstexpr-ops-limit
# (default 33554432), DEPTH both compilers' -fconstexpr-depth.
function(constformer_set_constexpr_limits target)
  cmake_parse_arguments(ARG "" "STEPS;OPS;DEPTH" "" ${ARGN})
  if(ARG_STEPS)
    target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:Clang,AppleClang>:-fconstexpr-steps=${ARG_STEPS}>)
  endif()
  if(ARG_OPS)
    target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU>:-fconstexpr-ops-limit=${ARG_OPS}>)
  endif()
  if(ARG_DEPTH)
    target_compile_options(${target} PRIVATE -fconstexpr-depth=${ARG_DEPTH})
  endif()
endfunction()
