// Randomised agreement: the fused-vs-wrapper draws of float64 with input width 2 and head
// width 1 (cases/property_random.hpp).
#include "cases/property_random.hpp"

template cf_test::property_random::attention_fns cf_test::property_random::attention_draws<double, 2, 1>();
