// constformer/model/constexpr_cost.hpp: an estimate of what a forward pass or a generation
// costs the constant evaluators (GCC's operations, Clang's steps), from the module type and
// the sequence length, to check against the compilers' budgets in a static_assert before a
// model hits them. See docs/compile-time.md for the calibration and its measured error.
#ifndef CONSTFORMER_MODEL_CONSTEXPR_COST_HPP
#define CONSTFORMER_MODEL_CONSTEXPR_COST_HPP

#include <cstddef>  // std::size_t

#include "constformer/attention/multi_head.hpp"  // multi_head_attention
#include "constformer/detail/value_rows.hpp"     // CONSTFORMER_DETAIL_CLANG_LANES: Clang's kernels
#include "constformer/model/gpt.hpp"             // gpt_model

namespace constformer {

//! GCC's default `-fconstexpr-ops-limit` (2^25 operations per constant expression).
//! \code
//! static_assert(cf::gcc_default_constexpr_ops == 33554432.0);
//! \endcode
inline constexpr double gcc_default_constexpr_ops = 33554432.0;

//! Clang's default `-fconstexpr-steps` (2^20 steps per constant expression).
//! \code
//! static_assert(cf::clang_default_constexpr_steps == 1048576.0);
//! \endcode
inline constexpr double clang_default_constexpr_steps = 1048576.0;

//! An estimate of the cost of one constant expression: GCC 12's operations
//! (`-fconstexpr-ops-limit`) and Clang's steps (`-fconstexpr-steps`). Clang 19 evaluates the
//! matrix products on vectors and takes fewer steps than Clang 14 (calibrated separately):
//! `clang_steps` is the figure of the Clang compiling the estimate, and Clang 19's when another
//! compiler does. The budgets apply to each constant expression (each `constexpr` variable,
//! each `static_assert`) separately.
//! \code
//! constexpr auto c = cf::constexpr_cost<cf::multi_head_attention<float, 64, 64, 64, 4>>(64);
//! static_assert(c.gcc_fraction() < 0.6 && c.clang_fraction() < 0.5);
//! \endcode
struct constexpr_cost_estimate {
  double gcc_ops = 0;      //!< GCC 12 operations
  double clang_steps = 0;  //!< Clang steps

  //! `gcc_ops` as a fraction of GCC's default budget.
  //! \code
  //! static_assert(cf::constexpr_cost_estimate{cf::gcc_default_constexpr_ops, 0}.gcc_fraction() == 1.0);
  //! \endcode
  constexpr double gcc_fraction() const noexcept { return gcc_ops / gcc_default_constexpr_ops; }

  //! `clang_steps` as a fraction of Clang's default budget.
  //! \code
  //! static_assert(cf::constexpr_cost_estimate{0, cf::clang_default_constexpr_steps}.clang_fraction() == 1.0);
  //! \endcode
  constexpr double clang_fraction() const noexcept { return clang_steps / clang_default_constexpr_steps; }

  //! True when both estimates are under `share` of the compilers' default budgets (leave
  //! some headroom for the estimate's error: see docs/compile-time.md).
  //! \code
  //! static_assert(cf::constexpr_cost_estimate{1e6, 1e4}.fits(0.9));
  //! \endcode
  constexpr bool fits(double share = 1.0) const noexcept {
    return gcc_fraction() <= share && clang_fraction() <= share;
  }
};

namespace detail {

//! What the constant evaluators are charged for, counted from the shapes.
struct constexpr_work {
  double proj_macs = 0;     //!< multiply-adds of the linear layers
  double proj_dots = 0;     //!< their output elements (one dot product each)
  double proj_blocks = 0;   //!< their 64-term blocks (one fold expression each)
  double proj_chunks = 0;   //!< the blocks' power-of-two pieces (one vector each on GCC)
  double proj_prefix = 0;   //!< the full blocks of rows longer than one block (one call each)
  double proj_rows = 0;     //!< their input rows (one vector row of outputs each on Clang 19)
  double proj_lane_blocks = 0;  //!< rows x 64-term input blocks x 64-lane output blocks (Clang 19)
  double proj_lane_rest = 0;    //!< rows x inputs x the power-of-two pieces of the last output block
  double proj_transposes = 0;   //!< per layer call, outputs x 64-term input blocks (Clang 19 transposes)
  double pairs = 0;         //!< (head, query, key) triples that attention evaluates (one exp each)
  double pair_macs = 0;     //!< attention's multiply-adds: scores and context
  double pair_lane_rest = 0;  //!< pairs x the pieces of a head width that is not a power of two
  double head_rows = 0;     //!< (head, query row) pairs
  double slice_rows = 0;    //!< key and value rows a head copies per call (all keys, once per call)
  double kept_weights = 0;  //!< attention weights kept (forward_intermediates)
  double kept_context = 0;  //!< context elements kept (forward_intermediates)
  double vector_elems = 0;  //!< elements of the layer norms, residuals, embeddings
  double tanh_calls = 0;    //!< GELU's tanh calls
  double tokens = 0;        //!< generation steps (a softmax and an argmax over the vocabulary)
  double vocab_elems = 0;   //!< elements of those softmaxes

  constexpr constexpr_work& operator+=(const constexpr_work& o) noexcept {
    proj_macs += o.proj_macs, proj_dots += o.proj_dots, proj_blocks += o.proj_blocks, proj_chunks += o.proj_chunks;
    proj_prefix += o.proj_prefix, proj_rows += o.proj_rows, proj_lane_blocks += o.proj_lane_blocks;
    proj_lane_rest += o.proj_lane_rest, pair_lane_rest += o.pair_lane_rest, proj_transposes += o.proj_transposes;
    pairs += o.pairs, pair_macs += o.pair_macs, head_rows += o.head_rows, slice_rows += o.slice_rows;
    kept_weights += o.kept_weights;
    kept_context += o.kept_context, vector_elems += o.vector_elems, tanh_calls += o.tanh_calls;
    tokens += o.tokens, vocab_elems += o.vocab_elems;
    return *this;
  }
};

//! Per-unit costs of each field of `constexpr_work`, and a constant, for one compiler.
struct constexpr_cost_coefficients {
  double constant, proj_macs, proj_dots, proj_blocks, proj_chunks, proj_prefix, proj_rows, proj_lane_blocks,
      proj_lane_rest, proj_transposes, pairs, pair_macs, pair_lane_rest, head_rows, slice_rows, kept_weights,
      kept_context, vector_elems, tanh_calls, tokens, vocab_elems;

  constexpr double apply(const constexpr_work& w) const noexcept {
    return constant + proj_macs * w.proj_macs + proj_dots * w.proj_dots + proj_blocks * w.proj_blocks +
           proj_chunks * w.proj_chunks + proj_prefix * w.proj_prefix + proj_rows * w.proj_rows +
           proj_lane_blocks * w.proj_lane_blocks + proj_lane_rest * w.proj_lane_rest +
           proj_transposes * w.proj_transposes + pairs * w.pairs + pair_macs * w.pair_macs +
           pair_lane_rest * w.pair_lane_rest + head_rows * w.head_rows + slice_rows * w.slice_rows +
           kept_weights * w.kept_weights + kept_context * w.kept_context + vector_elems * w.vector_elems +
           tanh_calls * w.tanh_calls + tokens * w.tokens + vocab_elems * w.vocab_elems;
  }
};

// Fitted by bench/compile_time/cost_model.py --fit on its calibration grid (GCC 12.2, Clang
// 19.1, Clang 14.0); the script's check mode compares them with the driver's measurements.
inline constexpr constexpr_cost_coefficients gcc_cost{
    // CONSTFORMER-COST-GCC-BEGIN
    1717.27, 3.99121, 66.1249, 0,       26.2704, 30.7486, 0,       0, 0,       0, 246.579,
    2.37061, 0,       47.15,   70.5247, 43.2475, 13.5577, 254.275, 0, 26557.5, 0
    // CONSTFORMER-COST-GCC-END
};
inline constexpr constexpr_cost_coefficients clang_cost{
    // CONSTFORMER-COST-CLANG-BEGIN
    250.213,   0,       0,       0,       0,       0,       14.345,  6.64215, 3.31505, 4.93117, 7.80615,
    0.0103674, 2.75029, 39.0693, 5.41916, 0.31227, 0.17013, 12.0414, 0,       2574.77, 0
    // CONSTFORMER-COST-CLANG-END
};
inline constexpr constexpr_cost_coefficients clang14_cost{
    // CONSTFORMER-COST-CLANG14-BEGIN
    310.443,   -0.00214374, 0.140061, 6.04392, 0,        3.0702,   0,       0, 0,       0, 9.63812,
    0.0166163, 0,           40.0318,  6.23478, 0.292932, 0.434264, 12.4631, 0, 2710.43, 0
    // CONSTFORMER-COST-CLANG14-END
};

constexpr double cost_blocks(std::size_t n) noexcept { return static_cast<double>((n + 63) / 64); }

//! The power-of-two pieces of a row of `n`: its full 64-term blocks and the set bits of the rest.
constexpr double cost_chunks(std::size_t n) noexcept {
  std::size_t c = n / 64;
  for (std::size_t r = n % 64; r != 0; r &= r - 1) ++c;
  return static_cast<double>(c);
}

//! `calls` calls of a linear layer `DIn` -> `DOut`, on `rows` rows in all.
constexpr constexpr_work linear_work(std::size_t d_in, std::size_t d_out, std::size_t rows,
                                     std::size_t calls = 1) noexcept {
  constexpr_work w{};
  const double r = static_cast<double>(rows), o = static_cast<double>(d_out);
  w.proj_macs = r * o * static_cast<double>(d_in);
  w.proj_dots = r * o;
  w.proj_blocks = r * o * cost_blocks(d_in);
  w.proj_chunks = r * o * cost_chunks(d_in);
  w.proj_prefix = d_in > 64 ? r * o * static_cast<double>(d_in / 64) : 0.0;
  w.proj_rows = r;
  w.proj_transposes = static_cast<double>(calls) * o * cost_blocks(d_in);
  w.proj_lane_blocks = r * cost_blocks(d_in) * static_cast<double>(d_out / 64);
  w.proj_lane_rest = r * static_cast<double>(d_in) * (cost_chunks(d_out) - static_cast<double>(d_out / 64));
  return w;
}

//! Multi-head attention (`d_in` -> `d_out`, `heads` heads) on rows [first, last) of a
//! sequence of `s`, with the keys and values of the earlier rows cached.
constexpr constexpr_work attention_work(std::size_t d_in, std::size_t d_out, std::size_t heads, bool causal,
                                        std::size_t s, std::size_t first, std::size_t last,
                                        bool intermediates) noexcept {
  const std::size_t rows = last - first, kv_rows = causal ? rows : s;
  constexpr_work w = linear_work(d_in, d_out, rows + 2 * kv_rows, 3);
  w += linear_work(d_out, d_out, rows);
  double keys = 0;  // keys per head, summed over the rows
  for (std::size_t i = first; i < last; ++i) keys += static_cast<double>(causal ? i + 1 : s);
  const double h = static_cast<double>(heads), width = static_cast<double>(d_out / heads);
  w.pairs = h * keys;
  w.pair_macs = 2 * h * keys * width;
  const std::size_t hw = d_out / heads;
  w.pair_lane_rest = (hw & (hw - 1)) != 0 ? h * keys * cost_chunks(hw) : 0.0;
  w.head_rows = h * static_cast<double>(rows);
  w.slice_rows = 2 * h * static_cast<double>(causal ? last : s);
  if (intermediates) {
    w.kept_weights = h * static_cast<double>(s) * static_cast<double>(s);
    w.kept_context = static_cast<double>(s) * static_cast<double>(d_out);
  }
  return w;
}

constexpr constexpr_cost_estimate estimate(const constexpr_work& w) noexcept {
#if defined(__clang__) && !defined(CONSTFORMER_DETAIL_CLANG_LANES)
  return {gcc_cost.apply(w), clang14_cost.apply(w)};  // a Clang before 19: the scalar kernels
#else
  return {gcc_cost.apply(w), clang_cost.apply(w)};
#endif
}

template <class Module>
struct constexpr_cost_of;  // a module the cost model knows: multi_head_attention, gpt_model

template <Scalar T, std::size_t DIn, std::size_t DOut, std::size_t Ctx, std::size_t H, bool QkvBias, bool Causal,
          bool OutBias>
struct constexpr_cost_of<multi_head_attention<T, DIn, DOut, Ctx, H, QkvBias, Causal, OutBias>> {
  static constexpr constexpr_work forward(std::size_t s, bool intermediates) noexcept {
    return attention_work(DIn, DOut, H, Causal, s, 0, s, intermediates);
  }
};

//! One GPT position window [first, last) through every block, the final norm and, for the
//! last row, the output head, a softmax and an argmax (one generation step).
template <Scalar T, gpt_config Config>
constexpr constexpr_work gpt_rows_work(std::size_t s, std::size_t first, std::size_t last) noexcept {
  constexpr std::size_t d = Config.emb_dim;
  const double rows = static_cast<double>(last - first);
  constexpr_work w{};
  w.vector_elems = rows * static_cast<double>(d) * (1 + 4 * static_cast<double>(Config.n_layers) + 1);
  for (std::size_t l = 0; l < Config.n_layers; ++l) {
    w += attention_work(d, d, Config.n_heads, true, s, first, last, false);
    w += linear_work(d, 4 * d, last - first);
    w += linear_work(4 * d, d, last - first);
    w.tanh_calls += rows * 4 * static_cast<double>(d);
  }
  w += linear_work(d, Config.vocab_size, 1);
  w.tokens += 1;
  w.vocab_elems += static_cast<double>(Config.vocab_size);
  return w;
}

template <Scalar T, gpt_config Config>
struct constexpr_cost_of<gpt_model<T, Config>> {
  static constexpr constexpr_work generate(std::size_t prompt, std::size_t new_tokens) noexcept {
    constexpr std::size_t ctx = Config.context_length;
    constexpr_work w{};
    std::size_t cached = 0;  // as generate_into: the window moves once it is full
    for (std::size_t n = prompt; n < prompt + new_tokens; ++n) {
      const std::size_t start = n > ctx ? n - ctx : 0, len = n - start;
      if (start != 0) cached = 0;
      w += gpt_rows_work<T, Config>(len, cached, len);
      cached = len;
    }
    return w;
  }
};

}  // namespace detail

//! Estimated cost of `Module::forward` on one sequence of `s` tokens (a batch of one), in
//! one constant expression. Modules: `multi_head_attention`. Calibrated against
//! bench/compile_time/constexpr_cost.py; worst error on its grid in docs/compile-time.md.
//! \code
//! using mha = cf::multi_head_attention<float, 64, 64, 256, 4>;
//! static_assert(cf::constexpr_cost<mha>(128).fits());   // S = 128 fits both default budgets
//! static_assert(!cf::constexpr_cost<mha>(256).fits());  // S = 256 does not
//! \endcode
template <class Module>
constexpr constexpr_cost_estimate constexpr_cost(std::size_t s) noexcept {
  return detail::estimate(detail::constexpr_cost_of<Module>::forward(s, false));
}

//! Estimated cost of `Module::forward_intermediates` on one sequence of `s` tokens.
//! \code
//! using mha = cf::multi_head_attention<float, 64, 64, 64, 4>;
//! static_assert(cf::constexpr_cost_intermediates<mha>(64).gcc_ops > cf::constexpr_cost<mha>(64).gcc_ops);
//! \endcode
template <class Module>
constexpr constexpr_cost_estimate constexpr_cost_intermediates(std::size_t s) noexcept {
  return detail::estimate(detail::constexpr_cost_of<Module>::forward(s, true));
}

//! Estimated cost of `generate<NewTokens>(model, prompt)` (greedy, key/value cache) for a
//! `gpt_model` and a prompt of `prompt_len` tokens, in one constant expression.
//! \code
//! constexpr cf::gpt_config tiny{.vocab_size = 64, .context_length = 16, .emb_dim = 32, .n_heads = 4, .n_layers = 2};
//! static_assert(cf::generation_cost<cf::gpt_model<float, tiny>>(4, 8).fits());
//! \endcode
template <class Model>
constexpr constexpr_cost_estimate generation_cost(std::size_t prompt_len, std::size_t new_tokens) noexcept {
  return detail::estimate(detail::constexpr_cost_of<Model>::generate(prompt_len, new_tokens));
}

//! Whether `Module::forward` on `s` tokens is estimated to fit `share` of both compilers'
//! default budgets.
//! \code
//! static_assert(cf::fits_default_budget<cf::multi_head_attention<float, 64, 64, 64, 4>>(64));
//! \endcode
template <class Module>
constexpr bool fits_default_budget(std::size_t s, double share = 1.0) noexcept {
  return constexpr_cost<Module>(s).fits(share);
}

}  // namespace constformer

#endif  // CONSTFORMER_MODEL_CONSTEXPR_COST_HPP
