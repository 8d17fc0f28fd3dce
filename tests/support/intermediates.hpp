// Test support: a self-attention module's intermediates, computed twice, compared bit for bit.
#ifndef CONSTFORMER_TESTS_SUPPORT_INTERMEDIATES_HPP
#define CONSTFORMER_TESTS_SUPPORT_INTERMEDIATES_HPP

#include <gtest/gtest.h>

#include "constformer/core/matrix.hpp"

namespace cf_test {

//! Every intermediate of `rt` (queries, keys, values, scores, weights, context) has the bits
//! of `ct`'s.
template <class R>
void expect_intermediates_bit_equal(const R& rt, const R& ct) {
  EXPECT_TRUE(constformer::bit_equal(rt.queries, ct.queries));
  EXPECT_TRUE(constformer::bit_equal(rt.keys, ct.keys));
  EXPECT_TRUE(constformer::bit_equal(rt.values, ct.values));
  EXPECT_TRUE(constformer::bit_equal(rt.scores, ct.scores));
  EXPECT_TRUE(constformer::bit_equal(rt.weights, ct.weights));
  EXPECT_TRUE(constformer::bit_equal(rt.context, ct.context));
}

}  // namespace cf_test

#endif  // CONSTFORMER_TESTS_SUPPORT_INTERMEDIATES_HPP
