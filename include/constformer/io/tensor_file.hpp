// constformer/io/tensor_file.hpp (hosted only): the tensors of a file read into memory
// (`tensor_file`, `tensor_data`), as `load_json_tensors` (constformer/io/json_tensors.hpp) returns
// them and `load_parameters` (constformer/io/load_parameters.hpp) reads them. The types alone,
// without the JSON reader, for the code that only uses what was read.
#ifndef CONSTFORMER_IO_TENSOR_FILE_HPP
#define CONSTFORMER_IO_TENSOR_FILE_HPP

#include "constformer/config.hpp"
#if !CONSTFORMER_HOSTED
#error "constformer/io/tensor_file.hpp needs a hosted standard library (strings, vectors)"
#endif

#include <cstddef>      // std::size_t
#include <limits>       // std::numeric_limits
#include <string>       // std::string, std::to_string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "constformer/io/dtype.hpp"  // dtype, detail::check_values

namespace constformer::io {

//! One named tensor: its dtype, its shape (empty for a 0-d tensor) and its values, row-major,
//! as double. A float32 tensor's values are float32 values (each literal rounded once, to
//! nearest, to float32), so casting them to float gives them back exactly; integer tensors
//! hold integers of magnitude at most 2^53.
//! \code
//! auto r = cf::io::load_json_tensors("fixtures.json");
//! const cf::io::tensor_data* t = r.file.find("inputs");  // t->shape == {6, 3}
//! \endcode
struct tensor_data {
  std::string name;                     //!< the tensor's name in the file
  dtype type = dtype::unspecified;      //!< the "dtype" field; `unspecified` when absent
  std::vector<std::size_t> shape;       //!< the extents, outermost first
  std::vector<double> data;             //!< the values, row-major

  //! Why these values cannot be loaded into parameters of type `T` (an integer dtype; float64
  //! into float without `allow_narrowing`; a value that overflows `T` or underflows to zero),
  //! or an empty string when they can. Reads nothing but this tensor.
  //! \code
  //! cf::io::tensor_data t{"w", cf::io::dtype::f64, {2}, {1.0, 1e300}};
  //! std::string why = t.check_into<float>(true);  // "value 1e+300 at index 1 overflows float32"
  //! \endcode
  template <class T>
  std::string check_into(bool allow_narrowing) const {
    return detail::check_values<T>(type, allow_narrowing, data.size(), [&](std::size_t i) { return data[i]; });
  }
  //! Writes values `[first, first + count)` to `out`, converted to `T`, without checks: call
  //! `check_into<T>` first. `first + count` must not exceed `data.size()`.
  //! \code
  //! float row[3];
  //! if (t.check_into<float>(false).empty()) t.copy_into(row, 3, 3);  // the second row of a [2, 3]
  //! \endcode
  template <class T>
  void copy_into(T* out, std::size_t first, std::size_t count) const noexcept {
    for (std::size_t i = 0; i < count; ++i) out[i] = static_cast<T>(data[first + i]);
  }
};

//! The tensors of one file, in file order.
//! \code
//! auto r = cf::io::load_json_tensors("fixtures.json");
//! for (const cf::io::tensor_data& t : r.file.tensors) std::puts(t.name.c_str());
//! \endcode
struct tensor_file {
  std::vector<tensor_data> tensors;  //!< the tensors, in file order
  std::string source;                //!< the path read (or the name given to `parse_json_tensors`), for messages
  //! The tensor called `name`, or nullptr.
  const tensor_data* find(std::string_view name) const noexcept {
    for (const auto& t : tensors)
      if (t.name == name) return &t;
    return nullptr;
  }
};

//! Result of `load_json_tensors`: `error` is empty on success.
//! \code
//! cf::io::tensor_file_result r = cf::io::load_json_tensors("fixtures.json");
//! if (!r.ok()) std::fprintf(stderr, "%s\n", r.error.c_str());
//! \endcode
struct tensor_file_result {
  tensor_file file;   //!< the tensors read (meaningful only when `ok()`)
  std::string error;  //!< what went wrong; empty on success
  //! True when the file was read without error.
  bool ok() const noexcept { return error.empty(); }
};

namespace detail {

inline std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

// Number of elements of `shape`, or false when it does not fit std::size_t.
inline bool element_count(const std::vector<std::size_t>& shape, std::size_t& count) noexcept {
  count = 1;
  for (std::size_t e : shape) {
    if (e != 0 && count > std::numeric_limits<std::size_t>::max() / e) return false;
    count *= e;
  }
  return true;
}

}  // namespace detail

}  // namespace constformer::io

#endif  // CONSTFORMER_IO_TENSOR_FILE_HPP
