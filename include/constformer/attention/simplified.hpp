// constformer/attention/simplified.hpp: section 3.3 of the notebook, self-attention without
// trainable weights: scores are dot products of the inputs, weights their softmax, and
// context vectors the weighted sums of the inputs. No 1/sqrt(d) scaling here.
#ifndef CONSTFORMER_ATTENTION_SIMPLIFIED_HPP
#define CONSTFORMER_ATTENTION_SIMPLIFIED_HPP

#include <cstddef>  // std::size_t

#include "constformer/core/matrix.hpp"
#include "constformer/core/ops.hpp"  // matmul, matmul_transposed
#include "constformer/nn/softmax.hpp"

namespace constformer {

//! Scores of one query against every input token: `scores[i] = dot(inputs[i], query)`.
//! `inputs` is `SeqLen` x `DIn`, `query` a vector of `DIn`; the result a vector of `SeqLen`.
//! Bit-identical to row `q` of `attention_scores(inputs)` when `query` is `inputs[q]`.
//! Shapes: `SeqLen` x `DIn` and 1 x `DIn` in, 1 x `SeqLen` out.
//! \code
//! cf::matrix<float, 6, 3> inputs{};
//! cf::vector<float, 6> s2 = cf::attention_scores(inputs, cf::row(inputs, 1));
//! \endcode
template <Scalar T, std::size_t SeqLen, std::size_t DIn, std::size_t DQuery>
  requires(DIn == DQuery)
constexpr vector<T, SeqLen> attention_scores(const matrix<T, SeqLen, DIn>& inputs,
                                             const vector<T, DQuery>& query) noexcept {
  return matmul_transposed(query, inputs);
}

//! All pairwise scores at once, `inputs * inputs^T` (`SeqLen` x `SeqLen`).
//! Shapes: `SeqLen` x `DIn` in, `SeqLen` x `SeqLen` out.
//! \code
//! cf::matrix<float, 6, 3> inputs{};
//! cf::matrix<float, 6, 6> scores = cf::attention_scores(inputs);
//! \endcode
template <Scalar T, std::size_t SeqLen, std::size_t DIn>
constexpr matrix<T, SeqLen, SeqLen> attention_scores(const matrix<T, SeqLen, DIn>& inputs) noexcept {
  return matmul_transposed(inputs, inputs);
}

//! Context vectors: each row of `weights` (`Queries` x `SeqLen`) mixes the rows of `inputs`
//! (`SeqLen` x `DIn`): `weights * inputs`, summed over tokens in order. With a vector of
//! weights this is the notebook's single `context_vec_2`.
//! Shapes: `Queries` x `SeqLen` and `SeqLen` x `DIn` in, `Queries` x `DIn` out.
//! \code
//! cf::matrix<float, 6, 3> inputs{};
//! auto weights = cf::softmax(cf::attention_scores(inputs));           // 6 x 6
//! cf::matrix<float, 6, 3> ctx = cf::context_vectors(weights, inputs);
//! \endcode
template <Scalar T, std::size_t Queries, std::size_t SeqLen, std::size_t WeightCols, std::size_t DIn>
  requires(WeightCols == SeqLen)
constexpr matrix<T, Queries, DIn> context_vectors(const matrix<T, Queries, WeightCols>& weights,
                                                  const matrix<T, SeqLen, DIn>& inputs) noexcept {
  return matmul(weights, inputs);
}

//! The whole simplified self-attention: `softmax(X X^T) X`, `SeqLen` x `DIn` in and out.
//! Shapes: `SeqLen` x `DIn` in and out.
//! \code
//! cf::matrix<float, 6, 3> inputs{};
//! cf::matrix<float, 6, 3> ctx = cf::simplified_self_attention(inputs);
//! \endcode
template <Scalar T, std::size_t SeqLen, std::size_t DIn>
constexpr matrix<T, SeqLen, DIn> simplified_self_attention(const matrix<T, SeqLen, DIn>& inputs) noexcept {
  return matmul(softmax(attention_scores(inputs)), inputs);
}

}  // namespace constformer

#endif  // CONSTFORMER_ATTENTION_SIMPLIFIED_HPP
