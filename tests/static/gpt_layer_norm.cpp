// Section 4.2 (LayerNorm) against PyTorch at compile time, every case of tests/fixtures/gpt in
// float32 and float64, with the fixtures README's tolerances. Building this file is the test.
#include <type_traits>

#include "cases/gpt.hpp"
#include "fixtures/layer_norm_affine_2x4x16_f32.hpp"
#include "fixtures/layer_norm_affine_2x4x16_f64.hpp"
#include "fixtures/layer_norm_book_seed123_f32.hpp"
#include "fixtures/layer_norm_book_seed123_f64.hpp"
#include "fixtures/layer_norm_emb1_f32.hpp"
#include "fixtures/layer_norm_emb1_f64.hpp"
#include "fixtures/layer_norm_emb768_f32.hpp"
#include "fixtures/layer_norm_emb768_f64.hpp"
#include "fixtures/layer_norm_randn_2x5_seed123_f32.hpp"
#include "fixtures/layer_norm_randn_2x5_seed123_f64.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures;

CF_TEST_CHECK_LAYER(layer_norm_book_seed123_f32, layer_norm, 2, 6)
CF_TEST_CHECK_LAYER(layer_norm_book_seed123_f64, layer_norm, 2, 6)
CF_TEST_CHECK_LAYER(layer_norm_randn_2x5_seed123_f32, layer_norm, 2, 5)
CF_TEST_CHECK_LAYER(layer_norm_randn_2x5_seed123_f64, layer_norm, 2, 5)
CF_TEST_CHECK_LAYER(layer_norm_affine_2x4x16_f32, layer_norm, 8, 16)
CF_TEST_CHECK_LAYER(layer_norm_affine_2x4x16_f64, layer_norm, 8, 16)
CF_TEST_CHECK_LAYER(layer_norm_emb768_f32, layer_norm, 3, 768)
CF_TEST_CHECK_LAYER(layer_norm_emb768_f64, layer_norm, 3, 768)
CF_TEST_CHECK_LAYER(layer_norm_emb1_f32, layer_norm, 6, 1)
CF_TEST_CHECK_LAYER(layer_norm_emb1_f64, layer_norm, 6, 1)

// emb_dim 1: var = 0 and x - mean = 0, so the output is exactly `shift`, bit for bit.
static_assert(cf::bit_equal(layer_norm_emb1_f32::c.module.forward(layer_norm_emb1_f32::c.input),
                            cf_test::fixture_tensor<6, 1>(fx::layer_norm_emb1_f32::tensors, "output")));
static_assert(cf::bit_equal(layer_norm_emb1_f64::c.module.forward(layer_norm_emb1_f64::c.input),
                            cf_test::fixture_tensor<6, 1>(fx::layer_norm_emb1_f64::tensors, "output")));

// The numbers the book prints after normalising (cells 34-35): mean 0 and variance 1 per
// row, to the fixture's output_mean and output_var_biased.
constexpr bool book_mean_and_variance() {
  namespace ns = fx::layer_norm_book_seed123_f32;
  const auto y = layer_norm_book_seed123_f32::c.module.forward(layer_norm_book_seed123_f32::c.input);
  for (std::size_t r = 0; r < 2; ++r) {
    float mean = 0, var = 0;
    for (float v : y.elems[r]) mean += v;
    mean /= 6;
    for (float v : y.elems[r]) var += (v - mean) * (v - mean);
    var /= 6;
    if (!cf_test::close(var, ns::output_var_biased[r]) || cf_test::abs_of(mean - ns::output_mean[r]) > 1e-6f)
      return false;
  }
  return true;
}
static_assert(book_mean_and_variance());

}  // namespace
