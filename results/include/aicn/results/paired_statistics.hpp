#pragma once
/// @file paired_statistics.hpp
/// Statistics for comparing cells of a sweep that share their seeds: the same seed gives every
/// cell the identical job stream, so differences are taken seed by seed (paired), which removes
/// the seed-to-seed variance that an unpaired comparison of two means carries.
#include <cstddef>
#include <vector>

namespace aicn::results {

/// A paired comparison of `a` against `b` over the seeds where both are known.
struct PairedDifference {
  std::size_t n = 0;         ///< pairs with both values known (NaN on either side drops the pair)
  double mean = 0.0;         ///< mean of a - b
  double half_width = 0.0;   ///< 95 % CI half-width of that mean (Student t, n - 1 d.f.); NaN when n < 2
  double t_p_value = 0.0;    ///< two-sided paired t test; NaN when n < 2
  double wilcoxon_p_value = 0.0;  ///< two-sided Wilcoxon signed-rank test; NaN without a non-zero difference
  bool wilcoxon_exact = true;     ///< false: normal approximation (more than kWilcoxonExactMax non-zero pairs)
};

/// Up to this many non-zero differences the Wilcoxon p-value is exact (the whole null
/// distribution of the signed-rank sum, ties given their mid-ranks); beyond it the normal
/// approximation with tie and continuity corrections.
constexpr std::size_t kWilcoxonExactMax = 50;

PairedDifference paired_difference(const std::vector<double>& a, const std::vector<double>& b);

/// Two-sided p-value of the Wilcoxon signed-rank test of `differences` against zero. Zero
/// differences are dropped (Wilcoxon's convention); NaN when none is left. `exact` (when
/// given) says whether the exact distribution was used.
double wilcoxon_signed_rank_p(const std::vector<double>& differences, bool* exact = nullptr);

/// Two-sided p-value of the one-sample t test of `differences` against zero. NaN when fewer
/// than two values; when every difference is the same, 1 if they are zero and 0 otherwise.
double paired_t_p(const std::vector<double>& differences);

/// Rank of each value, 1 = best (lowest when lower_is_better), ties sharing their mean rank,
/// NaN values unranked (NaN) and not counted.
std::vector<double> ranks_of(const std::vector<double>& values, bool lower_is_better);

/// Holm's step-down adjustment of p-values for a family of comparisons (NaN stays NaN and is
/// not counted in the family): controls the chance of any false "significant" at the level.
std::vector<double> holm_adjust(const std::vector<double>& p_values);

}  // namespace aicn::results
