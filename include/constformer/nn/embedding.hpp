// constformer/nn/embedding.hpp: embedding<T, NumEmbeddings, EmbDim>, torch's nn.Embedding: a
// table whose row i is the vector of token (or position) i.
#ifndef CONSTFORMER_NN_EMBEDDING_HPP
#define CONSTFORMER_NN_EMBEDDING_HPP

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint32_t

#include <boost/hana/define_struct.hpp>  // BOOST_HANA_DEFINE_STRUCT: members reflectable by name

#include "constformer/core/matrix.hpp"  // matrix

namespace constformer {

//! A token id: an index into a vocabulary.
using token_id = std::uint32_t;

//! torch's `nn.Embedding(NumEmbeddings, EmbDim)`: member `weight` (state_dict `weight`,
//! [NumEmbeddings, EmbDim]); `lookup(id)` is row `id`. An id past the table is refused
//! (`contains` is false) rather than read out of bounds.
//! Shapes: `weight` `NumEmbeddings` x `EmbDim`; an id in, a row of `EmbDim` out.
//! \code
//! cf::embedding<float, 64, 8> tok_emb{};
//! const float* row = tok_emb.lookup(5);  // 8 values
//! \endcode
template <Scalar T, std::size_t NumEmbeddings, std::size_t EmbDim>
struct embedding {
  using value_type = T;                                   //!< element type
  static constexpr std::size_t num_embeddings = NumEmbeddings;  //!< rows of the table
  static constexpr std::size_t emb_dim = EmbDim;                //!< width of a row

  BOOST_HANA_DEFINE_STRUCT(embedding, (matrix<T, NumEmbeddings, EmbDim>, weight));

  //! Whether `id` has a row.
  //! \code
  //! static_assert(cf::embedding<float, 64, 8>::contains(63) && !cf::embedding<float, 64, 8>::contains(64));
  //! \endcode
  static constexpr bool contains(std::size_t id) noexcept { return id < NumEmbeddings; }

  //! Row `id` of the table (`id` must satisfy `contains`).
  //! Shapes: an id in, `EmbDim` values out.
  //! \code
  //! cf::embedding<float, 64, 8> e{};
  //! float first = e.lookup(3)[0];
  //! \endcode
  constexpr const T* lookup(std::size_t id) const noexcept { return weight.elems[id]; }
};

}  // namespace constformer

#endif  // CONSTFORMER_NN_EMBEDDING_HPP
