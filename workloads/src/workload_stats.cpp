#include "aicn/workloads/workload_stats.hpp"

#include <cmath>
#include <cstdio>

#include "aicn/topology/units.hpp"

namespace aicn::workloads {

void LogHistogram::add(double value) {
  if (!(value > 0.0) || !std::isfinite(value)) value = 1e-6;
  const int bin = static_cast<int>(std::floor(std::log10(value) * kBinsPerDecade));
  ++bins_[std::max(bin, kMinDecade * kBinsPerDecade)];
  ++count_;
}

double LogHistogram::quantile(double q) const {
  if (count_ == 0) return 0.0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (const auto& [bin, n] : bins_) {
    seen += n;
    if (seen >= std::max<std::uint64_t>(rank, 1)) return std::pow(10.0, (bin + 0.5) / kBinsPerDecade);
  }
  return std::pow(10.0, (bins_.rbegin()->first + 0.5) / kBinsPerDecade);
}

int ClassStats::gpus_quantile(double q) const {
  if (jobs == 0) return 0;
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(jobs))));
  std::uint64_t seen = 0;
  for (const auto& [gpus_value, n] : gpus) {
    seen += n;
    if (seen >= rank) return gpus_value;
  }
  return gpus.rbegin()->first;
}

int BatchStats::median_gpus() const {
  std::uint64_t seen = 0;
  for (const auto& [value, n] : gpus)
    if ((seen += n) * 2 >= jobs) return value;
  return 0;
}

void WorkloadStats::add(const Job& job) {
  if (jobs_ == 0) first_submit_s_ = job.submit_s;
  last_submit_s_ = job.submit_s;
  ++jobs_;
  ClassStats& stats = classes_[static_cast<std::size_t>(job.kind)];
  ++stats.jobs;
  stats.flops += job.flops;
  stats.bytes += job.dataset_bytes;
  ++stats.gpus[job.gpus];
  if (job.is_compute()) {
    const double run_s = job.run_time_s();
    stats.run_time_s.add(run_s);
    stats.gpu_hours += job.gpu_fraction() * run_s / 3600.0;
    stats.checkpoint_bytes += job.checkpoint_bytes_written(run_s);
    if (job.kind == JobKind::TRAINING || job.kind == JobKind::FINE_TUNING || job.kind == JobKind::BATCH_INFERENCE) {
      ++batch_.jobs;
      batch_.gpus_sum += job.gpu_fraction();
      batch_.run_time_sum_s += run_s;
      ++batch_.gpus[job.gpus];
      batch_.run_time_s.add(run_s);
    }
  }
  const auto hour = static_cast<std::size_t>(std::fmod(job.submit_s, 86400.0) / 3600.0);
  ++by_hour_[std::min<std::size_t>(hour, 23)];
  ++by_origin_[job.origin_hub];
}

double WorkloadStats::mean_interarrival_s() const {
  return jobs_ < 2 ? 0.0 : (last_submit_s_ - first_submit_s_) / static_cast<double>(jobs_ - 1);
}

std::string WorkloadStats::report(const topology::Layout& layout) const {
  std::string out;
  char line[512];
  auto add = [&](const char* text) { out += text; };
  std::snprintf(line, sizeof line, "jobs %llu, submitted from %s to %s, mean inter-arrival %.3f s\n\n",
                static_cast<unsigned long long>(jobs_), units::format_duration(first_submit_s_).c_str(),
                units::format_duration(last_submit_s_).c_str(), mean_interarrival_s());
  add(line);
  add("class               jobs    share   GPU-hours  gpus p50/p90/p99/max      run time p50 / p90 / p99\n");
  for (int k = 0; k < kJobKindCount; ++k) {
    const ClassStats& stats = classes_[static_cast<std::size_t>(k)];
    if (stats.jobs == 0) continue;
    const auto kind = static_cast<JobKind>(k);
    if (kind == JobKind::DATA_TRANSFER) {
      std::snprintf(line, sizeof line, "%-17s %8llu  %6.2f %%  %10s  (no GPUs; %s moved in total)\n",
                    std::string(job_kind_name(kind)).c_str(), static_cast<unsigned long long>(stats.jobs),
                    100.0 * static_cast<double>(stats.jobs) / static_cast<double>(jobs_), "-",
                    units::format_bytes(stats.bytes).c_str());
    } else {
      std::snprintf(line, sizeof line, "%-17s %8llu  %6.2f %%  %10.4g  %4d/%4d/%5d/%5d   %s / %s / %s\n",
                    std::string(job_kind_name(kind)).c_str(), static_cast<unsigned long long>(stats.jobs),
                    100.0 * static_cast<double>(stats.jobs) / static_cast<double>(jobs_), stats.gpu_hours,
                    stats.gpus_quantile(0.5), stats.gpus_quantile(0.9), stats.gpus_quantile(0.99),
                    stats.gpus.rbegin()->first, units::format_duration(stats.run_time_s.quantile(0.5)).c_str(),
                    units::format_duration(stats.run_time_s.quantile(0.9)).c_str(),
                    units::format_duration(stats.run_time_s.quantile(0.99)).c_str());
    }
    add(line);
  }
  double checkpoints = 0.0;
  for (const auto& stats : classes_) checkpoints += stats.checkpoint_bytes;
  if (checkpoints > 0.0) {
    std::snprintf(line, sizeof line, "\ncheckpoints written by training and fine-tuning (14 bytes a parameter each): %s\n",
                  units::format_bytes(checkpoints).c_str());
    add(line);
  }
  if (batch_.jobs > 0) {
    std::snprintf(line, sizeof line,
                  "\ntraining + fine-tuning + batch inference: GPUs mean %.2f, median %d; run time mean %.0f s, median %.0f s\n"
                  "  (Acme Seren: GPUs mean 5.68, median 1, run time mean 1414 s, median 122 s;\n"
                  "   Acme Kalos: GPUs mean 26.77, median 1, run time mean 1260 s, median 124 s)\n",
                  batch_.mean_gpus(), batch_.median_gpus(), batch_.mean_run_time_s(), batch_.run_time_s.quantile(0.5));
    add(line);
  }
  add("\narrivals by hour of day (share of jobs, %)\n");
  for (std::size_t h = 0; h < 24; ++h) {
    std::snprintf(line, sizeof line, "%02zu:00 %5.2f%s", h,
                  jobs_ ? 100.0 * static_cast<double>(by_hour_[h]) / static_cast<double>(jobs_) : 0.0,
                  h % 6 == 5 ? "\n" : "   ");
    add(line);
  }
  add("\norigin split\n");
  for (const auto& [hub, n] : by_origin_) {
    const std::string name = hub >= 0 && hub < static_cast<int>(layout.hubs.size()) ? layout.hubs[static_cast<std::size_t>(hub)].name : "?";
    std::snprintf(line, sizeof line, "  %-8s %10llu  %6.2f %%\n", name.c_str(), static_cast<unsigned long long>(n),
                  100.0 * static_cast<double>(n) / static_cast<double>(jobs_));
    add(line);
  }
  return out;
}

}  // namespace aicn::workloads
