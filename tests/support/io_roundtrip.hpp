// Test support for the safetensors round trips (runtime/io_safetensors_roundtrip*_test.cpp): a
// multi-head attention module's output on the round-trip fixture's inputs against torch's.
#ifndef CONSTFORMER_TESTS_SUPPORT_IO_ROUNDTRIP_HPP
#define CONSTFORMER_TESTS_SUPPORT_IO_ROUNDTRIP_HPP

#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "constformer/attention/multi_head.hpp"
#include "constformer/core/batch.hpp"
#include "constformer/io/tensor_file.hpp"
#include "constformer/io/load_parameters.hpp"
#include "support/fixture.hpp"

namespace cf_test::io_roundtrip {

namespace cf = constformer;
namespace io = constformer::io;

//! The round trip's module: multi-head attention with qkv bias, 6 -> 4, context 5, 2 heads.
using mha_t = cf::multi_head_attention<float, 6, 4, 5, 2, true>;

//! Expects `mha`'s output on the file's "mha.inputs" ([2, 5, 6]) to be close to its `output`.
template <class Mha>
void expect_mha_output(Mha& mha, const io::tensor_file& file, const std::string& output) {
  static cf::batch<float, 2, 5, 6> x{};
  static cf::batch<float, 2, 5, 4> want{};
  ASSERT_EQ(io::read_tensor(file, "mha.inputs", x), "");
  ASSERT_EQ(io::read_tensor(file, output, want), "");
  const auto got = mha.forward(x);
  for (std::size_t b = 0; b < 2; ++b)
    for (std::size_t r = 0; r < 5; ++r)
      for (std::size_t c = 0; c < 4; ++c)
        EXPECT_TRUE(cf_test::close(got[b](r, c), want[b](r, c))) << output << " " << b << "," << r << "," << c;
}

// Instantiated in runtime/io_safetensors_roundtrip_forward.cpp: the forward pass costs about
// 0.6 s of compile time in each file that compiles it.
extern template void expect_mha_output<mha_t>(mha_t&, const io::tensor_file&, const std::string&);

}  // namespace cf_test::io_roundtrip

#endif
