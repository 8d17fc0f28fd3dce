// Weights at compile time: the book's multi-head attention (seed 123) read from safetensors
// files embedded with constformer_embed_binary and from headers written by
// tools/safetensors_to_header.py. Every parameter is compared bit for bit with the PyTorch
// fixture (tests/fixtures/book, and the widened F16/BF16 values of
// tests/fixtures/safetensors), and the forward pass with the fixture's output. Building this
// file is the test.
#include "cases/named.hpp"
#include "cases/safetensors.hpp"
#include "fixtures/mha_seed123_halves_f32.hpp"
#include "fixtures/multi_head_attention_seed123_f32.hpp"
#include "fixtures/multi_head_attention_seed123_f64.hpp"
#include "mha_seed123_bf16.hpp"
#include "mha_seed123_f16.hpp"
#include "mha_seed123_f32.hpp"
#include "mha_seed123_f64.hpp"
#include "mha_seed123_tied_f32.hpp"
#include "weights/mha_bf16.hpp"
#include "weights/mha_f16.hpp"
#include "weights/mha_f32.hpp"
#include "weights/mha_f64.hpp"
#include "weights/mha_f64_as_f32.hpp"
#include "weights/mha_tied.hpp"

namespace {

namespace cf = constformer;
namespace fx = constformer_fixtures;
namespace em = cf_embedded;
using cf_test::mha_bit_equal;
using cf_test::parameters_bit_equal;
template <class T>
using mha = cf::multi_head_attention<T, 3, 2, 6, 2>;

// The reference: the fixtures' weights, by name.
constexpr auto ref_f32 = cf_test::load_named<mha<float>>(fx::multi_head_attention_seed123_f32::tensors);
constexpr auto ref_f64 = cf_test::load_named<mha<double>>(fx::multi_head_attention_seed123_f64::tensors);

// The header of each file.
constexpr auto file_f32 = cf::parse_safetensors(em::mha_seed123_f32);
static_assert(file_f32.ok() && file_f32.tensor_count() == 5);
static_assert(file_f32.find("W_query.weight").dtype == cf::safetensors_dtype::f32);
static_assert(file_f32.find("out_proj.bias").rank == 1 && file_f32.find("out_proj.bias").shape[0] == 2);
static_assert(file_f32.find("out_proj.weight").end - file_f32.find("out_proj.weight").begin == 4 * 4);
static_assert(!file_f32.find("W_query").found && !file_f32.find("__metadata__").found);
static_assert([] {
  char text[8]{};
  return file_f32.metadata("format", text, sizeof text) == 2 && text[0] == 'p' && text[1] == 't' &&
         file_f32.metadata("nope", text, sizeof text) == file_f32.npos;
}());

// F32 into float, F64 into double: the fixtures' bits.
constexpr auto m_f32 = cf::load_safetensors_or_fail<mha<float>, em::mha_seed123_f32>();
constexpr auto m_f64 = cf::load_safetensors_or_fail<mha<double>, em::mha_seed123_f64>();
static_assert(parameters_bit_equal(m_f32, fx::multi_head_attention_seed123_f32::tensors));
static_assert(parameters_bit_equal(m_f64, fx::multi_head_attention_seed123_f64::tensors));
static_assert(cf_test::forward_matches(m_f32, ref_f32, fx::multi_head_attention_seed123_f32::inputs,
                                       fx::multi_head_attention_seed123_f32::output));
static_assert(cf_test::forward_matches(m_f64, ref_f64, fx::multi_head_attention_seed123_f64::inputs,
                                       fx::multi_head_attention_seed123_f64::output));

// F32 into double (exact), F64 into float (opted in; these doubles are floats, so exact).
constexpr auto m_f32_as_f64 = cf::load_safetensors_or_fail<mha<double>, em::mha_seed123_f32>();
static_assert(parameters_bit_equal(m_f32_as_f64, fx::multi_head_attention_seed123_f64::tensors));
constexpr auto m_f64_as_f32 =
    cf::load_safetensors_or_fail<mha<float>, em::mha_seed123_f64, cf::safetensors_options{.allow_narrowing = true}>();
static_assert(mha_bit_equal(m_f64_as_f32, m_f32));
static_assert(cf_test::load_error<mha<float>>(em::mha_seed123_f64).code == cf::safetensors_errc::needs_narrowing);

// F16 and BF16 widen exactly, into float and into double.
constexpr auto m_f16 = cf::load_safetensors_or_fail<mha<float>, em::mha_seed123_f16>();
constexpr auto m_bf16 = cf::load_safetensors_or_fail<mha<float>, em::mha_seed123_bf16>();
constexpr auto m_f16_d = cf::load_safetensors_or_fail<mha<double>, em::mha_seed123_f16>();
constexpr auto m_bf16_d = cf::load_safetensors_or_fail<mha<double>, em::mha_seed123_bf16>();
static_assert(parameters_bit_equal(m_f16, fx::mha_seed123_halves_f32::tensors, "f16."));
static_assert(parameters_bit_equal(m_bf16, fx::mha_seed123_halves_f32::tensors, "bf16."));
static_assert(parameters_bit_equal(m_f16_d, fx::mha_seed123_halves_f32::tensors, "f16."));
static_assert(parameters_bit_equal(m_bf16_d, fx::mha_seed123_halves_f32::tensors, "bf16."));
static_assert(!mha_bit_equal(m_f16, m_f32) && !mha_bit_equal(m_bf16, m_f32));  // they were rounded

// A prefix, a tied weight, entries listed against their data order.
constexpr auto m_tied =
    cf::load_safetensors_or_fail<mha<float>, em::mha_seed123_tied_f32,
                                 cf::safetensors_options{.prefix = "model.",
                                                         .ties = {{"W_key.weight", "W_query.weight"}}}>();
static_assert(cf::bit_equal(m_tied.W_key.weight, m_f32.W_query.weight));
static_assert(cf::bit_equal(m_tied.W_query.weight, m_f32.W_query.weight) &&
              cf::bit_equal(m_tied.W_value.weight, m_f32.W_value.weight) &&
              cf::bit_equal(m_tied.out_proj.weight, m_f32.out_proj.weight) &&
              cf::bit_equal(m_tied.out_proj.bias, m_f32.out_proj.bias));

// Errors, as values: the tensor named, expected and found.
constexpr auto missing = cf_test::load_error<mha<float>>(em::mha_seed123_tied_f32, {.prefix = "model."});
static_assert(missing.code == cf::safetensors_errc::missing_tensor && missing.tensor_name() == "model.W_key.weight");
constexpr auto no_prefix = cf_test::load_error<mha<float>>(em::mha_seed123_tied_f32);
static_assert(no_prefix.code == cf::safetensors_errc::missing_tensor && no_prefix.tensor_name() == "W_query.weight");
constexpr auto shape = cf_test::load_error<cf::multi_head_attention<float, 2, 2, 6, 2>>(em::mha_seed123_f32);
static_assert(shape.code == cf::safetensors_errc::wrong_shape && shape.tensor_name() == "W_query.weight" &&
              shape.expected_rank == 2 && shape.expected_shape[0] == 2 && shape.expected_shape[1] == 2 &&
              shape.found_rank == 2 && shape.found_shape[0] == 2 && shape.found_shape[1] == 3);
static_assert([] {  // and the module is left as it was
  mha<float> m{};
  m.W_query.weight(0, 0) = 1.0f;
  return !cf::load_safetensors(m, em::mha_seed123_tied_f32).ok() && m.W_query.weight(0, 0) == 1.0f &&
         m.W_value.weight(0, 0) == 0.0f;
}());

// One tensor at a time.
static_assert([] {
  cf::matrix<float, 2, 3> w{};
  cf::vector<double, 2> b{};
  cf::matrix<float, 3, 2> wrong{};
  return cf::load_safetensors_tensor(w, file_f32, "W_value.weight").ok() && cf::bit_equal(w, m_f32.W_value.weight) &&
         cf::load_safetensors_tensor(b, file_f32, "out_proj.bias").ok() &&
         cf::bit_equal(b, m_f32_as_f64.out_proj.bias) &&
         cf::load_safetensors_tensor(wrong, file_f32, "W_value.weight").code == cf::safetensors_errc::wrong_shape;
}());

// The generated headers: the same models, by name from arrays of hex-float literals.
static_assert(mha_bit_equal(cf_weights::mha_f32, m_f32));
static_assert(mha_bit_equal(cf_weights::mha_f64, m_f64));
static_assert(mha_bit_equal(cf_weights::mha_f64_as_f32, m_f32));
static_assert(mha_bit_equal(cf_weights::mha_f16, m_f16));
static_assert(mha_bit_equal(cf_weights::mha_bf16, m_bf16_d));
static_assert(mha_bit_equal(cf_weights::mha_tied, m_tied));
static_assert(cf_test::forward_matches(cf_weights::mha_f32, ref_f32, fx::multi_head_attention_seed123_f32::inputs,
                                       fx::multi_head_attention_seed123_f32::output));
static_assert([] {
  mha<float> m{};
  return cf::load_named_tensors(m, cf_weights::mha_f64_data::table).code == cf::safetensors_errc::needs_narrowing;
}());

}  // namespace
