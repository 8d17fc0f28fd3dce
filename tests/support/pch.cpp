// The translation unit that carries the precompiled header shared by the GoogleTest executables
// (constformer_test_pch in tests/CMakeLists.txt); it defines nothing.
#include <gtest/gtest.h>
