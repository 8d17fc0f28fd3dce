// constformer/model/parameters.hpp: named parameters. Any module declared with
// BOOST_HANA_DEFINE_STRUCT (members named as PyTorch names its submodules) can enumerate its
// parameters under PyTorch's state_dict names ("heads.0.W_key.weight", "out_proj.bias"),
// count them from the type alone, and read or write them by name, at compile time and at
// run time. Leaves are `matrix`; `std::array<Module, N>` members are numbered like an
// nn.ModuleList.
#ifndef CONSTFORMER_MODEL_PARAMETERS_HPP
#define CONSTFORMER_MODEL_PARAMETERS_HPP

#include <array>        // std::array (module lists, the info table)
#include <cstddef>      // std::size_t
#include <string_view>  // std::string_view
#include <type_traits>  // std::remove_cvref_t
#include <utility>      // std::declval, std::index_sequence

#include <boost/hana/accessors.hpp>  // hana::accessors
#include <boost/hana/at.hpp>         // hana::at_c
#include <boost/hana/concept/struct.hpp>  // hana::Struct
#include <boost/hana/length.hpp>     // hana::length
#include <boost/hana/pair.hpp>       // hana::pair
#include <boost/hana/string.hpp>     // hana::to<char const*>

#include "constformer/concepts.hpp"
#include "constformer/core/matrix.hpp"
#include "constformer/model/module.hpp"  // absent

namespace constformer {

//! Longest dotted parameter name supported (characters).
inline constexpr std::size_t max_parameter_name = 120;

//! A string usable as a template argument: `cf::parameter<"out_proj.bias">(m)`.
//! \code
//! constexpr cf::fixed_string name = "out_proj.bias";  // fixed_string<14>
//! static_assert(name.view() == "out_proj.bias");
//! \endcode
template <std::size_t N>
struct fixed_string {
  char text[N]{};  //!< the characters, including the terminating null
  //! Copies the string literal `s` (implicit, so a literal converts to a template argument).
  constexpr fixed_string(const char (&s)[N]) noexcept {  // NOLINT: implicit on purpose
    for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
  }
  //! The text without the terminating null.
  constexpr std::string_view view() const noexcept { return {text, N - 1}; }
};

//! What a parameter is: its state_dict name, its torch shape (`rank` 1 for a bias, whose
//! torch shape is [cols]) and where its values start in the flattened parameter vector.
struct parameter_info {
  char name_text[max_parameter_name + 1]{};  //!< the dotted name, null-padded
  std::size_t name_size = 0;                 //!< length of the name in `name_text`
  std::size_t rows = 0 /*!< rows of the matrix (1 for a bias) */, cols = 0 /*!< columns of the matrix */,
              rank = 2 /*!< torch rank: 1 for a bias, else 2 */,
              offset = 0;  //!< index of the first value in the flattened vector
  //! The state_dict name, e.g. `out_proj.bias`.
  constexpr std::string_view name() const noexcept { return {name_text, name_size}; }
  //! Number of values, `rows * cols`.
  constexpr std::size_t size() const noexcept { return rows * cols; }
};

namespace detail {

template <class T>
struct is_module_list : std::false_type {};
template <class T, std::size_t N>
struct is_module_list<std::array<T, N>> : std::true_type {};

struct param_name {
  char text[max_parameter_name + 1]{};
  std::size_t size = 0;

  constexpr void append(char c) noexcept {
    if (size < max_parameter_name) text[size++] = c;
  }
  constexpr param_name join(const char* part) const noexcept {
    param_name n = *this;
    if (n.size) n.append('.');
    for (; *part; ++part) n.append(*part);
    return n;
  }
  constexpr param_name join(std::size_t index) const noexcept {
    char digits[24]{};
    std::size_t k = 0;
    do {
      digits[k++] = static_cast<char>('0' + index % 10);
      index /= 10;
    } while (index);
    param_name n = *this;
    if (n.size) n.append('.');
    while (k) n.append(digits[--k]);
    return n;
  }
  constexpr std::string_view view() const noexcept { return {text, size}; }
};

template <class M>
using member_type_t = std::remove_cvref_t<M>;

// The members of a hana Struct by index: the type of `hana::accessors<M>()` (a tuple of
// (name, accessor) pairs), how many there are, member I's pair, its name and accessor types and
// its type. The walks below expand an index sequence over them: `hana::for_each` instantiates
// several function templates per member and per walk, which a GPT's tree of modules multiplies.
// A member is reached through a default-constructed accessor of the pair's type, never through
// a pair object: constructing one (and `hana::second`) costs each walk more instantiations than
// the rest of its work.
template <class M>
using accessors_t = decltype(boost::hana::accessors<M>());
template <class M>
inline constexpr std::size_t member_count = decltype(boost::hana::length(std::declval<accessors_t<M>>()))::value;
template <class M, std::size_t I>
using member_pair_t = std::remove_cvref_t<decltype(boost::hana::at_c<I>(std::declval<accessors_t<M>>()))>;
template <class Pair>
struct pair_types;
template <class Name, class Accessor>
struct pair_types<boost::hana::pair<Name, Accessor>> {
  using name = Name;
  using accessor = Accessor;
};
template <class M, std::size_t I>
using member_accessor_t = typename pair_types<member_pair_t<M, I>>::accessor;
template <class M, std::size_t I>
using member_at_t = member_type_t<decltype(member_accessor_t<M, I>{}(std::declval<M&>()))>;

// The name of member I of M, as a C string with static storage.
template <class M, std::size_t I>
constexpr const char* member_name() noexcept {
  return boost::hana::to<const char*>(typename pair_types<member_pair_t<M, I>>::name{});
}

// The 1-d torch parameters stored as 1 x N vectors: biases and LayerNorm's scale and shift.
constexpr bool is_rank1_name(std::string_view name) noexcept {
  return name == "bias" || name == "scale" || name == "shift" || name == "in_proj_bias";
}

// Calls f(name, leaf_type_tag, is_bias) for every leaf of the type M, in declaration order.
template <class M, class F>
constexpr void walk_types(const param_name& prefix, bool is_bias, F& f) {
  if constexpr (std::is_same_v<M, absent>) {
    // an optional parameter this configuration leaves out
  } else if constexpr (Matrix<M>) {
    f(prefix, static_cast<M*>(nullptr), is_bias);
  } else if constexpr (is_module_list<M>::value) {
    for (std::size_t i = 0; i < std::tuple_size_v<M>; ++i) walk_types<typename M::value_type>(prefix.join(i), false, f);
  } else {
    static_assert(boost::hana::Struct<M>::value, "a module's members must be declared with BOOST_HANA_DEFINE_STRUCT");
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (walk_types<member_at_t<M, I>>(prefix.join(member_name<M, I>()), is_rank1_name(member_name<M, I>()), f), ...);
    }(std::make_index_sequence<member_count<M>>{});
  }
}

// Calls f(name_view, leaf&) for every leaf of the object m.
template <class M, class F>
constexpr void walk(M& m, const param_name& prefix, F& f) {
  using U = std::remove_cv_t<M>;
  if constexpr (std::is_same_v<U, absent>) {
    // an optional parameter this configuration leaves out
  } else if constexpr (Matrix<U>) {
    f(prefix.view(), m);
  } else if constexpr (is_module_list<U>::value) {
    for (std::size_t i = 0; i < std::tuple_size_v<U>; ++i) walk(m[i], prefix.join(i), f);
  } else {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (walk(member_accessor_t<U, I>{}(m), prefix.join(member_name<U, I>()), f), ...);
    }(std::make_index_sequence<member_count<U>>{});
  }
}

// The sum over the leaves of the type M of `Scalars ? size : 1`: a fold over the types, no
// names built.
template <class M, bool Scalars>
constexpr std::size_t leaf_sum() noexcept {
  if constexpr (std::is_same_v<M, absent>) {
    return 0;
  } else if constexpr (Matrix<M>) {
    return Scalars ? M::size : 1;
  } else if constexpr (is_module_list<M>::value) {
    return std::tuple_size_v<M> * leaf_sum<typename M::value_type, Scalars>();
  } else {
    return []<std::size_t... I>(std::index_sequence<I...>) {
      return (std::size_t{0} + ... + leaf_sum<member_at_t<M, I>, Scalars>());
    }(std::make_index_sequence<member_count<M>>{});
  }
}

// How many leaves (parameter tensors) the type M has.
template <class M>
constexpr std::size_t leaf_count() noexcept {
  return leaf_sum<M, false>();
}

// How many scalars its leaves hold.
template <class M>
constexpr std::size_t scalar_count() noexcept {
  return leaf_sum<M, true>();
}

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

}  // namespace detail

//! Every parameter of module type `M`, in state_dict order, computed from the type alone.
//! Shapes: no tensors; one `parameter_info` (rows, cols, rank) per parameter.
//! \code
//! constexpr auto infos = cf::parameter_infos<cf::linear<float, 3, 2, true>>();
//! static_assert(infos[0].name() == "weight" && infos[0].rows == 2 && infos[0].cols == 3);
//! static_assert(infos[1].name() == "bias" && infos[1].rank == 1 && infos[1].offset == 6);
//! \endcode
template <class M>
constexpr std::array<parameter_info, detail::leaf_count<M>()> parameter_infos() noexcept {
  std::array<parameter_info, detail::leaf_count<M>()> out{};
  std::size_t i = 0, offset = 0;
  auto record = [&](const detail::param_name& name, auto* leaf, bool is_bias) {
    using L = std::remove_pointer_t<decltype(leaf)>;
    parameter_info& p = out[i++];
    for (std::size_t k = 0; k < name.size; ++k) p.name_text[k] = name.text[k];
    p.name_size = name.size;
    p.rows = L::rows;
    p.cols = L::cols;
    p.rank = (is_bias && L::rows == 1) ? 1 : 2;
    p.offset = offset;
    offset += L::size;
  };
  detail::walk_types<M>(detail::param_name{}, false, record);
  return out;
}

//! Number of scalar parameters of module type `M`, from the type alone (no object is built,
//! so this works for models far too large to evaluate): torch's
//! `sum(p.numel() for p in m.parameters())`.
//! \code
//! static_assert(cf::parameter_count_v<cf::linear<float, 3, 2, true>> == 3 * 2 + 2);
//! \endcode
template <class M>
inline constexpr std::size_t parameter_count_v = detail::scalar_count<M>();

//! Number of parameter tensors (entries of the state_dict) of module type `M`.
//! \code
//! static_assert(cf::parameter_tensor_count_v<cf::linear<float, 3, 2, true>> == 2);
//! \endcode
template <class M>
inline constexpr std::size_t parameter_tensor_count_v = detail::leaf_count<M>();

//! Index of the parameter called `name` in `parameter_infos<M>()`, or `npos`.
//! \code
//! using mha_t = cf::multi_head_attention<float, 3, 2, 6, 2>;
//! static_assert(cf::parameter_index<mha_t>("W_key.weight") == 1);
//! \endcode
template <class M>
constexpr std::size_t parameter_index(std::string_view name) noexcept {
  constexpr auto infos = parameter_infos<M>();
  for (std::size_t i = 0; i < infos.size(); ++i)
    if (infos[i].name() == name) return i;
  return detail::npos;
}

//! True when module type `M` has a parameter whose state_dict name is `Name`:
//! `cf::HasParameter<mha_type, "out_proj.bias">`. The constraint of `parameter<Name>`, so a
//! wrong name is reported as "HasParameter<..., "nope"> evaluated to false".
//! \code
//! using mha_t = cf::multi_head_attention<float, 3, 2, 6, 2>;
//! static_assert(cf::HasParameter<mha_t, "out_proj.bias"> && !cf::HasParameter<mha_t, "nope">);
//! \endcode
template <class M, fixed_string Name>
concept HasParameter = parameter_index<std::remove_cv_t<M>>(Name.view()) != detail::npos;

//! Calls `f(name, matrix&)` for every parameter of `m` in state_dict order; `name` is a
//! `std::string_view` valid during the call. Works in constant evaluation.
//! Shapes: each call gets the parameter's own `matrix<T, Rows, Cols>` (a bias is 1 x `Cols`).
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
//! std::size_t n = 0;
//! cf::for_each_parameter(mha, [&](std::string_view, auto& p) { n += p.size; });  // n == 24
//! \endcode
template <class M, class F>
constexpr void for_each_parameter(M& m, F&& f) {
  detail::walk(m, detail::param_name{}, f);
}

namespace detail {
template <std::size_t I, class M>
constexpr auto& leaf_at(M& m) noexcept {
  using U = std::remove_cv_t<M>;
  if constexpr (Matrix<U>) {
    static_assert(I == 0);
    return m;
  } else if constexpr (is_module_list<U>::value) {
    constexpr std::size_t per = leaf_count<typename U::value_type>();
    return leaf_at<I % per>(m[I / per]);
  } else {
    // Which member holds leaf I, and how many leaves come before it.
    constexpr auto where = []<std::size_t... K>(std::index_sequence<K...>) {
      const std::size_t counts[] = {leaf_count<member_at_t<U, K>>()...};
      std::size_t before = 0, k = 0;
      while (before + counts[k] <= I) before += counts[k++];
      return std::array<std::size_t, 2>{k, before};
    }(std::make_index_sequence<member_count<U>>{});
    return leaf_at<I - where[1]>(member_accessor_t<U, where[0]>{}(m));
  }
}
}  // namespace detail

//! The parameter called `Name` (a state_dict name), by reference, with its exact matrix type:
//! `cf::parameter<"W_query.weight">(mha) = w;`. A name the module does not have does not
//! compile.
//! Shapes: the result is the parameter's `matrix<T, Rows, Cols>&` (torch's [out, in] for a weight, 1 x out for a bias).
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
//! cf::matrix<float, 2, 3>& wq = cf::parameter<"W_query.weight">(mha);
//! cf::parameter<"out_proj.bias">(mha) = cf::make_vector<float>({0.1f, 0.2f});
//! \endcode
template <fixed_string Name, class M>
  requires HasParameter<M, Name>
constexpr auto& parameter(M& m) noexcept {
  return detail::leaf_at<parameter_index<std::remove_cv_t<M>>(Name.view())>(m);
}

//! Outcome of a run-time write by name.
enum class parameter_status { ok, no_such_parameter, wrong_size };

//! Writes `count` values (row-major) into the parameter called `name`. Nothing changes unless
//! the name exists and `count` equals its size.
//! Shapes: `count` must equal the parameter's `Rows * Cols`.
//! \code
//! cf::multi_head_attention<float, 3, 2, 6, 2> mha{};
//! const float b[2] = {0.1f, 0.2f};
//! cf::parameter_status s = cf::set_parameter(mha, "out_proj.bias", b, 2);  // ok
//! \endcode
template <class M, class U>
constexpr parameter_status set_parameter(M& m, std::string_view name, const U* values, std::size_t count) noexcept {
  parameter_status status = parameter_status::no_such_parameter;
  for_each_parameter(m, [&](std::string_view n, auto& leaf) {
    if (n != name) return;
    using L = std::remove_cvref_t<decltype(leaf)>;
    if (count != L::size) {
      status = parameter_status::wrong_size;
      return;
    }
    for (std::size_t r = 0; r < L::rows; ++r)
      for (std::size_t c = 0; c < L::cols; ++c)
        leaf.elems[r][c] = static_cast<typename L::value_type>(values[r * L::cols + c]);
    status = parameter_status::ok;
  });
  return status;
}

}  // namespace constformer

#endif  // CONSTFORMER_MODEL_PARAMETERS_HPP
