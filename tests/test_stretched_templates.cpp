// The floor's aspect-ratio templates (model/stretched_templates.h): each row's map is computed once,
// the first time a frame asks for it, and is the map the whole batch would have given.
#include <gtest/gtest.h>

#include "stretched_templates.h"

using namespace saetrack;

namespace {
// A stand-in for the backbone: a different map for every crop, counting the crops it was given.
struct CountingKernels {
  int crops = 0;
  torch::Tensor operator()(const torch::Tensor &x) {
    crops += int(x.size(0));
    return x.mean({1}, true).slice(2, 0, 8).slice(3, 0, 8) * 2 + 1;
  }
};
}  // namespace

TEST(StretchedTemplates, ComputesARowOnceWhenFirstAskedFor) {
  auto crops = torch::rand({21, 3, 127, 127});
  StretchedTemplates t(crops);
  CountingKernels counting;
  auto kernels = [&](const torch::Tensor &x) { return counting(x); };
  EXPECT_EQ(t.rows(), 21);
  EXPECT_EQ(t.computed(), 0);  // setting the target runs none of them through the backbone

  auto middle = t.rows_from(9, 3, kernels);
  EXPECT_EQ(counting.crops, 3);
  EXPECT_EQ(t.computed(), 3);
  auto again = t.rows_from(9, 3, kernels);
  EXPECT_EQ(counting.crops, 3);  // nothing recomputed
  auto next = t.rows_from(10, 3, kernels);
  EXPECT_EQ(counting.crops, 4);  // only row 12 is new

  CountingKernels all;
  auto batch = all(crops);  // what computing every row at once gives
  EXPECT_TRUE(torch::equal(middle, batch.narrow(0, 9, 3)));
  EXPECT_TRUE(torch::equal(again, middle));
  EXPECT_TRUE(torch::equal(next, batch.narrow(0, 10, 3)));
}

TEST(StretchedTemplates, RefusesRowsOutsideTheTemplates) {
  StretchedTemplates t(torch::rand({5, 3, 127, 127}));
  CountingKernels counting;
  auto kernels = [&](const torch::Tensor &x) { return counting(x); };
  EXPECT_THROW(t.rows_from(3, 3, kernels), std::out_of_range);
  EXPECT_THROW(t.rows_from(-1, 3, kernels), std::out_of_range);
  EXPECT_EQ(counting.crops, 0);
}
