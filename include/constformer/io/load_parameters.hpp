// constformer/io/load_parameters.hpp (hosted only): fills a module's named parameters from a
// tensor file, matching PyTorch state_dict names and shapes. Generic over the module (it walks
// `parameter_infos` / `for_each_parameter`) and over the file: a JSON tensor file here, a
// safetensors file through io/safetensors.hpp. Everything is checked before anything is
// written, so a failed load leaves the module bit-identical.
#ifndef CONSTFORMER_IO_LOAD_PARAMETERS_HPP
#define CONSTFORMER_IO_LOAD_PARAMETERS_HPP

#include "constformer/config.hpp"
#if !CONSTFORMER_HOSTED
#error "constformer/io/load_parameters.hpp needs a hosted standard library"
#endif

#include <algorithm>    // std::sort, std::binary_search
#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <type_traits>  // std::remove_cvref_t, std::is_same_v
#include <vector>       // std::vector

#include "constformer/core/batch.hpp"         // batch (read_tensor)
#include "constformer/core/matrix.hpp"        // matrix (read_tensor)
#include "constformer/io/detail/text.hpp"     // cat, excerpt
#include "constformer/io/tensor_file.hpp"     // tensor_file, shape_text
#include "constformer/model/parameters.hpp"   // parameter_infos, for_each_parameter

namespace constformer::io {

//! A tied parameter: `target` (a parameter name of the module, e.g. `out_head.weight`) is
//! filled from the file's tensor `source` (e.g. `tok_emb.weight`) when the file has no tensor
//! of its own. Both names are relative to `load_options::prefix`.
//! \code
//! cf::io::tensor_tie tie{"out_head.weight", "tok_emb.weight"};
//! \endcode
struct tensor_tie {
  std::string target{};  //!< the parameter to fill (state_dict name, without the prefix)
  std::string source{};  //!< the file tensor to fill it from (without the prefix)
};

//! How `load_parameters` / `load_safetensors` match a file to a module.
//! \code
//! cf::io::load_options o{.prefix = "model.", .strict = true, .allow_narrowing = false,
//!                        .ties = {{"out_head.weight", "tok_emb.weight"}}};
//! \endcode
struct load_options {
  //! Put in front of every parameter name to find its tensor (`"trf_blocks.0."` loads one
  //! block of a GPT file into a block module). Empty by default.
  std::string prefix{};
  //! When true (the default), a tensor of the file whose name starts with `prefix` and that
  //! no parameter (or tie) uses is an error, like torch's `load_state_dict(strict=True)`.
  //! Parameters missing from the file are an error either way.
  bool strict = true;
  //! Allow float64 tensors into float parameters (rounded to nearest). Values that would
  //! overflow to infinity or underflow to zero stay errors. F32 into double and F16/BF16 into
  //! either are exact and always allowed.
  bool allow_narrowing = false;
  //! Tied parameters, filled from another tensor when absent from the file.
  std::vector<tensor_tie> ties{};
};

//! Outcome of a load. `error` is empty on success; `missing` and `unexpected` are filled in
//! either case (on success `missing` is empty, and `unexpected` is empty when strict).
//! \code
//! cf::io::load_result r = cf::io::load_parameters(mha, file, cf::io::load_options{.strict = false});
//! if (!r.ok()) std::fprintf(stderr, "%s\n", r.error.c_str());
//! \endcode
struct load_result {
  std::string error;                    //!< the first fault: names the file, tensor, expected and found
  std::vector<std::string> missing;     //!< parameters (state_dict names) with no tensor in the file
  std::vector<std::string> unexpected;  //!< file tensors (full names) under the prefix that no parameter uses
  std::size_t loaded = 0;               //!< parameters written (0 unless `ok()`)
  //! True when every parameter was loaded.
  bool ok() const noexcept { return error.empty(); }
};

namespace detail {

inline std::string name_list(const std::vector<std::string>& names) {
  std::string s;
  const std::size_t shown = names.size() < 8 ? names.size() : 8;
  for (std::size_t i = 0; i < shown; ++i) s += (i ? ", \"" : "\"") + excerpt(names[i], 120) + "\"";
  if (names.size() > shown) s += cat(" and ", std::to_string(names.size() - shown), " more");
  return s;
}

inline std::string torch_shape(std::size_t rank, std::size_t rows, std::size_t cols) {
  return rank == 1 ? cat("[", std::to_string(cols), "]") : cat("[", std::to_string(rows), ", ", std::to_string(cols), "]");
}

template <class Tensor>
bool shape_is(const Tensor& t, std::size_t rank, std::size_t rows, std::size_t cols) {
  return rank == 1 ? (t.shape.size() == 1 && t.shape[0] == cols)
                   : (t.shape.size() == 2 && t.shape[0] == rows && t.shape[1] == cols);
}

// The requirements of the loader and read_tensor on a tensor file: `find(name)` giving a
// tensor pointer (with `name`, `shape`, `check_into<T>` and `copy_into`), its tensors in file
// order (`tensors` member or function), and a label for messages (`source` or `path()`).
template <class File>
concept TensorFile = requires(const File& f) {
  f.find(std::string_view{});
  f.find(std::string_view{})->shape;
};

template <class File>
std::string file_label(const File& f) {
  if constexpr (requires { f.path(); }) {
    return std::string(f.path());
  } else {
    return f.source.empty() ? std::string("<json text>") : f.source;
  }
}

template <class File>
const auto& all_tensors(const File& f) {
  if constexpr (requires { f.tensors(); }) {
    return f.tensors();
  } else {
    return f.tensors;
  }
}

template <class File>
std::string quoted(const File& file, std::string_view name) {
  return file_label(file) + ": tensor \"" + excerpt(name, 120) + "\"";
}

// One parameter of a module, type-erased so that the checking and copying below are compiled
// once per file type, not once per module: its info (name, torch rank), where its values
// start (rows x cols, row-major, contiguous) and whether they are double.
struct parameter_slot {
  const parameter_info* info;
  void* values;
  bool is_double;
};

// The loader over any file type (see TensorFile) and any list of parameters.
template <class File>
load_result load_slots(const File& file, const std::vector<parameter_slot>& slots, const load_options& o) {
  using Tensor = std::remove_cvref_t<decltype(*file.find(std::string_view{}))>;
  load_result r;
  const std::string label = file_label(file);
  const auto fail = [&](std::string why) {
    r.error = std::move(why);
    return r;
  };
  for (const tensor_tie& tie : o.ties) {
    bool known = false;
    for (const parameter_slot& s : slots) known = known || s.info->name() == tie.target;
    if (!known) return fail(cat(label, ": tie target \"", excerpt(tie.target, 120), "\" is not a parameter of the module"));
  }

  // 1. Check everything; write nothing.
  std::vector<const Tensor*> plan(slots.size(), nullptr);
  std::vector<const Tensor*> used;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const parameter_info& info = *slots[i].info;
    const std::string_view pname = info.name();
    std::string name = cat(o.prefix, pname);
    const Tensor* t = file.find(name);
    if (t == nullptr) {
      for (const tensor_tie& tie : o.ties) {
        if (tie.target != pname) continue;
        name = cat(o.prefix, tie.source);
        t = file.find(name);
        if (t == nullptr)
          return fail(cat(label, ": tensor \"", excerpt(name, 120), "\" (the tie source for parameter \"", pname,
                          "\") is not in the file"));
        break;
      }
    }
    if (t == nullptr) {
      r.missing.emplace_back(pname);
      continue;
    }
    if (!shape_is(*t, info.rank, info.rows, info.cols))
      return fail(cat(quoted(file, name), " has shape ", shape_text(t->shape), "; parameter \"", pname, "\" needs ",
                      torch_shape(info.rank, info.rows, info.cols)));
    const std::string why = slots[i].is_double ? t->template check_into<double>(o.allow_narrowing)
                                               : t->template check_into<float>(o.allow_narrowing);
    if (!why.empty())
      return fail(cat(quoted(file, name), " (parameter \"", pname, "\", ", slots[i].is_double ? "float64" : "float32",
                      "): ", why));
    plan[i] = t;
    used.push_back(t);
  }

  std::sort(used.begin(), used.end());
  for (const auto& t : all_tensors(file))
    if (std::string_view(t.name).substr(0, o.prefix.size()) == o.prefix && !std::binary_search(used.begin(), used.end(), &t))
      r.unexpected.push_back(t.name);
  if (!r.missing.empty())
    return fail(cat(label, ": ", std::to_string(r.missing.size()), " parameter(s) of the module not in the file",
                    o.prefix.empty() ? std::string() : cat(" under the prefix \"", o.prefix, "\""), ": ",
                    name_list(r.missing)));
  if (o.strict && !r.unexpected.empty())
    return fail(cat(label, ": ", std::to_string(r.unexpected.size()),
                    " tensor(s) in the file that no parameter of the module uses (strict load): ", name_list(r.unexpected)));

  // 2. Write.
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const std::size_t n = slots[i].info->size();
    if (slots[i].is_double) {
      plan[i]->copy_into(static_cast<double*>(slots[i].values), 0, n);
    } else {
      plan[i]->copy_into(static_cast<float*>(slots[i].values), 0, n);
    }
    if constexpr (requires { file.release(*plan[i]); }) file.release(*plan[i]);
  }
  r.loaded = slots.size();
  return r;
}

// The parameters of `m` as slots (the only part compiled per module type).
template <class M>
std::vector<parameter_slot> parameter_slots(M& m) {
  static constexpr auto infos = parameter_infos<std::remove_cvref_t<M>>();
  std::vector<parameter_slot> slots;
  slots.reserve(infos.size());
  for_each_parameter(m, [&](std::string_view, auto& leaf) {
    using T = typename std::remove_cvref_t<decltype(leaf)>::value_type;
    slots.push_back({&infos[slots.size()], &leaf.elems[0][0], std::is_same_v<T, double>});
  });
  return slots;
}

// The tensor `name`, whose shape must be one of `shapes`, into `rows` rows of `cols` values:
// row(i) gives the destination of row i. Nothing is written unless every check passes.
template <class File, class Row>
std::string read_rows(const File& file, std::string_view name, const std::vector<std::vector<std::size_t>>& shapes,
                      std::size_t rows, std::size_t cols, Row row, bool allow_narrowing) {
  using T = std::remove_cvref_t<decltype(*row(std::size_t{}))>;
  const auto* t = file.find(name);
  if (t == nullptr) return file_label(file) + ": no tensor \"" + excerpt(name, 120) + "\" in the file";
  bool shape_ok = false;
  for (const auto& s : shapes) shape_ok = shape_ok || t->shape == s;
  if (!shape_ok) {
    std::string want;
    for (const auto& s : shapes) want += (want.empty() ? "" : " or ") + shape_text(s);
    return quoted(file, name) + " has shape " + shape_text(t->shape) + ", expected " + want;
  }
  const std::string why = t->template check_into<T>(allow_narrowing);
  if (!why.empty()) return quoted(file, name) + ": " + why;
  for (std::size_t i = 0; i < rows; ++i) t->copy_into(row(i), i * cols, cols);
  return {};
}

}  // namespace detail

//! Loads every parameter of `m` from a tensor file (`tensor_file` from JSON, or
//! `safetensors_file`): parameter `p` comes from tensor
//! `options.prefix + p`, with torch's shape (a weight [rows, cols], a bias [cols]) and a
//! dtype that converts without loss (see `load_options`). On error `m` is unchanged
//! (bit-identical) and the result names the file, the tensor, what was expected and found.
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
//! auto f = cf::io::load_json_tensors("weights.json");
//! cf::io::load_result r = cf::io::load_parameters(mha, f.file, cf::io::load_options{.prefix = "mha."});
//! \endcode
template <class M, detail::TensorFile File>
load_result load_parameters(M& m, const File& file, const load_options& options) {
  return detail::load_slots(file, detail::parameter_slots(m), options);
}

//! The original form: loads every parameter of `m` from `file` under `prefix`, ignoring the
//! file's other tensors (not strict, no narrowing). Returns an empty string on success,
//! otherwise the message of the `load_options` form, and `m` is unchanged.
//! Shapes: a weight is read from a 2-d [rows, cols] tensor, a bias from a 1-d [cols] one.
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
//! auto r = cf::io::load_json_tensors("weights.json");
//! std::string err = r.ok() ? cf::io::load_parameters(mha, r.file, "mha.") : r.error;
//! if (!err.empty()) std::fprintf(stderr, "%s\n", err.c_str());
//! \endcode
template <class M>
std::string load_parameters(M& m, const tensor_file& file, std::string_view prefix = {}) {
  load_options o;
  o.prefix = std::string(prefix);
  o.strict = false;
  return detail::load_slots(file, detail::parameter_slots(m), o).error;
}

//! Reads the tensor `name` of a tensor file (`tensor_file` or `safetensors_file`) into `out`;
//! its shape must be [Rows, Cols] (or [Cols] when Rows is 1) and its dtype must convert
//! without loss (float64 into float only with `allow_narrowing`). Returns an empty string on
//! success; otherwise a message naming the file, the tensor, the shape expected and found,
//! and `out` is unchanged.
//! \code
//! cf::matrix<float, 6, 3> x{};
//! std::string err = cf::io::read_tensor(file, "inputs", x);
//! \endcode
template <detail::TensorFile File, Scalar T, std::size_t Rows, std::size_t Cols>
std::string read_tensor(const File& file, std::string_view name, matrix<T, Rows, Cols>& out,
                        bool allow_narrowing = false) {
  std::vector<std::vector<std::size_t>> shapes{{Rows, Cols}};
  if (Rows == 1) shapes.push_back({Cols});
  return detail::read_rows(file, name, shapes, Rows, Cols, [&](std::size_t r) { return out.elems[r]; }, allow_narrowing);
}

//! Reads the tensor `name`, of shape [Batch, Rows, Cols], into `out`, as the matrix form does.
//! \code
//! static cf::batch<float, 2, 6, 3> x{};
//! std::string err = cf::io::read_tensor(file, "inputs", x);
//! \endcode
template <detail::TensorFile File, Scalar T, std::size_t Batch, std::size_t Rows, std::size_t Cols>
std::string read_tensor(const File& file, std::string_view name, batch<T, Batch, Rows, Cols>& out,
                        bool allow_narrowing = false) {
  return detail::read_rows(file, name, {{Batch, Rows, Cols}}, Batch * Rows, Cols,
                           [&](std::size_t r) { return out.items[r / Rows].elems[r % Rows]; }, allow_narrowing);
}

}  // namespace constformer::io

#endif  // CONSTFORMER_IO_LOAD_PARAMETERS_HPP
