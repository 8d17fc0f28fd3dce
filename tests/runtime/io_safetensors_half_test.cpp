// The safetensors reader, good paths, continued: F16/BF16 widening, every bit pattern the same
// at compile time and at run time (cases/safetensors_widening.hpp, with
// io_safetensors_widening_f16.cpp and _bf16.cpp) and bit for bit what torch gives as float32 and
// float64.
#include <gtest/gtest.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cases/safetensors_widening.hpp"
#include "constformer/io/dtype.hpp"
#include "constformer/io/safetensors.hpp"
#include "support/io_support.hpp"
#include "support/safetensors_file.hpp"

namespace {

namespace io = constformer::io;

TEST(SafetensorsModels, HalfWideningSameAtCompileAndRunTime) {
  static_assert(io::half_to_float(0x3C00) == 1.0f && io::bfloat16_to_float(0x3F80) == 1.0f);
  cf_test::safetensors_widening::expect_all_patterns<false>();
  cf_test::safetensors_widening::expect_all_patterns<true>();
}

TEST(SafetensorsModels, HalfWideningMatchesTorch) {
  const auto st = cf_test::open_safetensors_file(cf_test::fixture_dir("io") + "/half_widening.safetensors");
  ASSERT_TRUE(st.ok()) << st.error;
  for (std::string name : {"f16", "bf16"}) {
    const io::safetensors_tensor* half = st.file.find(name);
    ASSERT_NE(half, nullptr);
    std::vector<float> f(half->count()), f_ref(half->count());
    std::vector<double> d(half->count()), d_ref(half->count());
    ASSERT_EQ(half->check_into<float>(false), "");  // widening never needs narrowing
    half->copy_into(f.data(), 0, f.size());
    half->copy_into(d.data(), 0, d.size());
    st.file.find(name + "_as_f32")->copy_into(f_ref.data(), 0, f_ref.size());
    st.file.find(name + "_as_f64")->copy_into(d_ref.data(), 0, d_ref.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
      EXPECT_EQ(std::bit_cast<std::uint32_t>(f[i]), std::bit_cast<std::uint32_t>(f_ref[i])) << name << "[" << i << "]";
      EXPECT_EQ(std::bit_cast<std::uint64_t>(d[i]), std::bit_cast<std::uint64_t>(d_ref[i])) << name << "[" << i << "]";
    }
  }
}

}  // namespace
