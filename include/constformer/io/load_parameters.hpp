// constformer/io/load_parameters.hpp (hosted only): fills a module's named parameters from a
// tensor file (see json_tensors.hpp), matching PyTorch state_dict names and shapes.
#ifndef CONSTFORMER_IO_LOAD_PARAMETERS_HPP
#define CONSTFORMER_IO_LOAD_PARAMETERS_HPP

#include "constformer/config.hpp"
#if !CONSTFORMER_HOSTED
#error "constformer/io/load_parameters.hpp needs a hosted standard library"
#endif

#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <type_traits>  // std::remove_cvref_t

#include "constformer/io/json_tensors.hpp"
#include "constformer/model/parameters.hpp"

namespace constformer::io {

//! Loads every parameter of `m` from `file`, where each is stored under `prefix` followed by
//! its state_dict name, with torch's shape. Returns an empty string on success; otherwise a
//! message naming the first missing or mis-shaped tensor, and `m` is left unchanged (all
//! tensors are checked before any is written). Extra tensors in the file are ignored.
//! Shapes: a weight is read from a 2-d [rows, cols] tensor, a bias from a 1-d [cols] one.
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
//! auto r = cf::io::load_json_tensors("weights.json");
//! std::string err = r.ok() ? cf::io::load_parameters(mha, r.file, "mha.") : r.error;
//! if (!err.empty()) std::fprintf(stderr, "%s\n", err.c_str());
//! \endcode
template <class M>
std::string load_parameters(M& m, const tensor_file& file, std::string_view prefix = {}) {
  constexpr auto infos = parameter_infos<std::remove_cvref_t<M>>();
  for (const auto& info : infos) {
    const std::string name = std::string(prefix) + std::string(info.name());
    const tensor_data* t = file.find(name);
    if (t == nullptr) return "missing parameter tensor \"" + name + "\"";
    const bool shape_ok = info.rank == 1 ? (t->shape.size() == 1 && t->shape[0] == info.cols)
                                         : (t->shape.size() == 2 && t->shape[0] == info.rows &&
                                            t->shape[1] == info.cols);
    if (!shape_ok || t->data.size() != info.size()) {
      std::string want = info.rank == 1 ? "[" + std::to_string(info.cols) + "]"
                                         : "[" + std::to_string(info.rows) + ", " + std::to_string(info.cols) + "]";
      return "parameter \"" + name + "\" has the wrong shape (expected " + want + ")";
    }
  }
  for_each_parameter(m, [&](std::string_view n, auto& leaf) {
    const tensor_data* t = file.find(std::string(prefix) + std::string(n));
    using L = std::remove_cvref_t<decltype(leaf)>;
    for (std::size_t r = 0; r < L::rows; ++r)
      for (std::size_t c = 0; c < L::cols; ++c)
        leaf.elems[r][c] = static_cast<typename L::value_type>(t->data[r * L::cols + c]);
  });
  return {};
}

}  // namespace constformer::io

#endif  // CONSTFORMER_IO_LOAD_PARAMETERS_HPP
