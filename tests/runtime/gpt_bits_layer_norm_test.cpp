// Chapter 4's LayerNorm at run time gives the compile-time bits, on every case of
// tests/fixtures/gpt, f32 and f64. The compile-time value is computed by the compiler from the
// generated fixture header (the same values that static/gpt_*.cpp compare with PyTorch); the run-
// time one from the weights and inputs copied through volatiles, so that the optimiser cannot fold
// it.
#include <gtest/gtest.h>

#include "cases/gpt.hpp"
#include "support/gpt_bits.hpp"
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

CF_TEST_GPT_LAYER_BITS(LayerNormBookF32, layer_norm, float, layer_norm_book_seed123_f32, 2, 6)
CF_TEST_GPT_LAYER_BITS(LayerNormBookF64, layer_norm, double, layer_norm_book_seed123_f64, 2, 6)
CF_TEST_GPT_LAYER_BITS(LayerNormRandnF32, layer_norm, float, layer_norm_randn_2x5_seed123_f32, 2, 5)
CF_TEST_GPT_LAYER_BITS(LayerNormRandnF64, layer_norm, double, layer_norm_randn_2x5_seed123_f64, 2, 5)
CF_TEST_GPT_LAYER_BITS(LayerNormAffineF32, layer_norm, float, layer_norm_affine_2x4x16_f32, 8, 16)
CF_TEST_GPT_LAYER_BITS(LayerNormAffineF64, layer_norm, double, layer_norm_affine_2x4x16_f64, 8, 16)
CF_TEST_GPT_LAYER_BITS(LayerNormEmb768F32, layer_norm, float, layer_norm_emb768_f32, 3, 768)
CF_TEST_GPT_LAYER_BITS(LayerNormEmb768F64, layer_norm, double, layer_norm_emb768_f64, 3, 768)
CF_TEST_GPT_LAYER_BITS(LayerNormEmb1F32, layer_norm, float, layer_norm_emb1_f32, 6, 1)
CF_TEST_GPT_LAYER_BITS(LayerNormEmb1F64, layer_norm, double, layer_norm_emb1_f64, 6, 1)

}  // namespace
