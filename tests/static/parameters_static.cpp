// Named parameters on a hand-made module tree (the library's own modules are checked in
// their tests): state_dict names and order, torch shapes, counts from the type alone, access
// and writes by name at compile time, and unknown names rejected.
#include <array>

#include <boost/hana/define_struct.hpp>

#include "constformer/model/parameters.hpp"

namespace cf = constformer;

namespace {

template <class T, std::size_t In, std::size_t Out>
struct toy_linear {
  BOOST_HANA_DEFINE_STRUCT(toy_linear, (cf::matrix<T, Out, In>, weight), (cf::vector<T, Out>, bias));
};
struct toy_head {
  BOOST_HANA_DEFINE_STRUCT(toy_head, (toy_linear<float, 3, 2>, W_query), (cf::matrix<float, 2, 3>, W_key));
};
struct toy_model {
  BOOST_HANA_DEFINE_STRUCT(toy_model, (std::array<toy_head, 2>, heads), (toy_linear<float, 4, 4>, out_proj));
};

template <class M>
concept has_heads_2 = requires(M m) { cf::parameter<"heads.2.W_key">(m); };
template <class M>
concept has_heads_1 = requires(M m) { cf::parameter<"heads.1.W_key">(m); };

constexpr float write_and_read() {
  toy_model m{};
  cf::parameter<"heads.1.W_key">(m)(1, 2) = 5.f;
  const float v[4] = {1, 2, 3, 4};
  if (cf::set_parameter(m, "out_proj.bias", v, 4) != cf::parameter_status::ok) return -1;
  if (cf::set_parameter(m, "out_proj.bias", v, 3) != cf::parameter_status::wrong_size) return -2;
  if (cf::set_parameter(m, "out_proj.weight.x", v, 4) != cf::parameter_status::no_such_parameter) return -3;
  int visited = 0;
  cf::for_each_parameter(m, [&](std::string_view, auto&) { ++visited; });
  if (visited != 8) return -4;
  return m.heads[1].W_key(1, 2) + m.out_proj.bias(0, 3);
}

}  // namespace

static_assert(cf::parameter_count_v<toy_model> == 2 * (6 + 2 + 6) + 16 + 4);
static_assert(cf::parameter_tensor_count_v<toy_model> == 8);

constexpr auto infos = cf::parameter_infos<toy_model>();
static_assert(infos[0].name() == "heads.0.W_query.weight" && infos[0].rank == 2 && infos[0].rows == 2 &&
              infos[0].cols == 3);
static_assert(infos[1].name() == "heads.0.W_query.bias" && infos[1].rank == 1 && infos[1].offset == 6);
static_assert(infos[2].name() == "heads.0.W_key" && infos[2].offset == 8);
static_assert(infos[3].name() == "heads.1.W_query.weight" && infos[3].offset == 14);
static_assert(infos[7].name() == "out_proj.bias" && infos[7].offset == 44 && infos[7].size() == 4);

static_assert(write_and_read() == 9.f);
static_assert(has_heads_1<toy_model>);
static_assert(!has_heads_2<toy_model>, "a name the module lacks must not compile");
