#include "aicn/results/paired_statistics.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace aicn::results {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Mid-ranks (1-based) of `values` in ascending order; equal values share their mean rank.
std::vector<double> mid_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return values[x] < values[y]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double rank = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

}  // namespace

double paired_t_p(const std::vector<double>& differences) {
  const std::size_t n = differences.size();
  if (n < 2) return kNaN;
  const double count = static_cast<double>(n);
  const double mean = std::accumulate(differences.begin(), differences.end(), 0.0) / count;
  double squares = 0.0;
  for (double d : differences) squares += (d - mean) * (d - mean);
  const double std_error = std::sqrt(squares / (count - 1)) / std::sqrt(count);
  if (std_error == 0.0) return mean == 0.0 ? 1.0 : 0.0;
  const boost::math::students_t t(count - 1);
  return 2.0 * boost::math::cdf(boost::math::complement(t, std::fabs(mean / std_error)));
}

double wilcoxon_signed_rank_p(const std::vector<double>& differences, bool* exact) {
  std::vector<double> nonzero;
  for (double d : differences)
    if (d != 0.0 && !std::isnan(d)) nonzero.push_back(d);
  if (exact != nullptr) *exact = nonzero.size() <= kWilcoxonExactMax;
  if (nonzero.empty()) return kNaN;
  std::vector<double> magnitudes;
  for (double d : nonzero) magnitudes.push_back(std::fabs(d));
  const std::vector<double> ranks = mid_ranks(magnitudes);
  // Twice each mid-rank is a whole number, so the signed-rank sum W+ (doubled) lives on the
  // integers 0 .. n(n+1) and its null distribution (each sign + or - with probability 1/2) is a
  // plain convolution.
  std::vector<std::size_t> doubled;
  std::size_t observed = 0, total = 0;
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    doubled.push_back(static_cast<std::size_t>(std::lround(2.0 * ranks[i])));
    total += doubled.back();
    if (nonzero[i] > 0) observed += doubled.back();
  }
  const double n = static_cast<double>(nonzero.size());
  if (nonzero.size() <= kWilcoxonExactMax) {
    std::vector<double> probability(total + 1, 0.0);
    probability[0] = 1.0;
    std::size_t reach = 0;
    for (const std::size_t rank : doubled) {
      for (std::size_t s = reach + 1; s-- > 0;)
        if (probability[s] != 0.0) {
          probability[s + rank] += probability[s] / 2.0;
          probability[s] /= 2.0;
        }
      reach += rank;
    }
    double lower = 0.0, upper = 0.0;  // P(W+ <= observed), P(W+ >= observed)
    for (std::size_t s = 0; s <= total; ++s) {
      if (s <= observed) lower += probability[s];
      if (s >= observed) upper += probability[s];
    }
    return std::min(1.0, 2.0 * std::min(lower, upper));
  }
  // Normal approximation: E[W+] = n(n+1)/4, Var = n(n+1)(2n+1)/24 - sum(t^3 - t)/48 over ties.
  double tie_term = 0.0;
  std::vector<double> sorted = magnitudes;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[i]) ++j;
    const double t = static_cast<double>(j - i + 1);
    tie_term += t * t * t - t;
    i = j + 1;
  }
  const double w = static_cast<double>(observed) / 2.0;
  const double mean = n * (n + 1) / 4.0;
  const double sd = std::sqrt(n * (n + 1) * (2 * n + 1) / 24.0 - tie_term / 48.0);
  const double z = std::max(0.0, std::fabs(w - mean) - 0.5) / sd;
  return std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), z)));
}

PairedDifference paired_difference(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> differences;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    if (!std::isnan(a[i]) && !std::isnan(b[i])) differences.push_back(a[i] - b[i]);
  PairedDifference result;
  result.n = differences.size();
  if (differences.empty()) return {0, kNaN, kNaN, kNaN, kNaN, true};
  const double n = static_cast<double>(differences.size());
  result.mean = std::accumulate(differences.begin(), differences.end(), 0.0) / n;
  if (differences.size() < 2) {
    result.half_width = result.t_p_value = kNaN;
  } else {
    double squares = 0.0;
    for (double d : differences) squares += (d - result.mean) * (d - result.mean);
    const boost::math::students_t t(n - 1);
    result.half_width =
        boost::math::quantile(boost::math::complement(t, 0.025)) * std::sqrt(squares / (n - 1)) / std::sqrt(n);
    result.t_p_value = paired_t_p(differences);
  }
  result.wilcoxon_p_value = wilcoxon_signed_rank_p(differences, &result.wilcoxon_exact);
  return result;
}

std::vector<double> ranks_of(const std::vector<double>& values, bool lower_is_better) {
  std::vector<double> known;
  std::vector<std::size_t> where;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isnan(values[i])) {
      known.push_back(lower_is_better ? values[i] : -values[i]);
      where.push_back(i);
    }
  std::vector<double> ranks(values.size(), kNaN);
  const std::vector<double> known_ranks = mid_ranks(known);
  for (std::size_t i = 0; i < where.size(); ++i) ranks[where[i]] = known_ranks[i];
  return ranks;
}

std::vector<double> holm_adjust(const std::vector<double>& p_values) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p_values.size(); ++i)
    if (!std::isnan(p_values[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return p_values[x] < p_values[y]; });
  std::vector<double> adjusted(p_values.size(), kNaN);
  const double m = static_cast<double>(order.size());
  double running = 0.0;  // adjusted p-values may not decrease down the sorted list
  for (std::size_t k = 0; k < order.size(); ++k) {
    running = std::max(running, std::min(1.0, (m - static_cast<double>(k)) * p_values[order[k]]));
    adjusted[order[k]] = running;
  }
  return adjusted;
}

}  // namespace aicn::results
