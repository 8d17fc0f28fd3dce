# Warnings are errors in our own code (tests, examples, benchmarks), never imposed on users.
function(constformer_set_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror>)
endfunction()
