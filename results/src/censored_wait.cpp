#include "aicn/results/censored_wait.hpp"

#include <cmath>
#include <limits>

#include "aicn/results/summary.hpp"
#include "aicn/results/trace_rows.hpp"

namespace aicn::results {

CensoredWait censored_wait(const std::vector<NamedJobRow>& jobs, double end_s) {
  std::vector<double> waits;
  CensoredWait result;
  for (const auto& job : jobs) {
    if (job.kind == "data-transfer" || job.status == static_cast<std::uint8_t>(JobStatus::REJECTED)) continue;
    if (std::isnan(job.start_s)) {
      waits.push_back(end_s - job.submit_s);
      ++result.censored;
    } else {
      waits.push_back(job.start_s - job.submit_s);
    }
  }
  result.count = waits.size();
  if (waits.empty()) {
    result.mean_s = result.p95_s = std::numeric_limits<double>::quiet_NaN();
    return result;
  }
  const Distribution distribution = Distribution::of(waits);
  result.mean_s = distribution.mean;
  result.p95_s = distribution.p95;
  return result;
}

}  // namespace aicn::results
