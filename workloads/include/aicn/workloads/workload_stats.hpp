#pragma once
/// @file workload_stats.hpp
/// Streaming statistics of a job stream (`aicn workload stats`): counts per class, GPU-hours,
/// size percentiles, arrivals by hour of day and origin split. Memory does not grow with the
/// number of jobs: GPU counts go to an exact histogram (few distinct values), run times and
/// FLOPs to log-spaced bins of 1/100 decade (percentiles within 2.4 %).
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "aicn/topology/layout.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::workloads {

/// Log-spaced histogram for positive values from 1e-6 to 1e30.
class LogHistogram {
 public:
  void add(double value);
  /// The q-quantile (0..1) as the geometric centre of its bin; 0 when empty.
  double quantile(double q) const;
  std::uint64_t count() const { return count_; }

 private:
  static constexpr int kBinsPerDecade = 100;
  static constexpr int kMinDecade = -6;
  std::map<int, std::uint64_t> bins_;
  std::uint64_t count_ = 0;
};

struct ClassStats {
  std::uint64_t jobs = 0;
  double gpu_hours = 0.0;        ///< GPUs (or GPU shares) x run time on the first-choice model
  double flops = 0.0;
  double bytes = 0.0;            ///< data set / transfer bytes
  double checkpoint_bytes = 0.0; ///< checkpoints written over the jobs' runs
  std::map<int, std::uint64_t> gpus;  ///< exact histogram of GPU counts
  LogHistogram run_time_s;
  /// The q-quantile of the GPU count.
  int gpus_quantile(double q) const;
};

/// Batch-cluster view: training, fine-tuning and batch inference together, the job classes
/// the Acme (Seren, Kalos) and Helios clusters run, for comparison with their statistics.
struct BatchStats {
  std::uint64_t jobs = 0;
  double gpus_sum = 0.0;
  double run_time_sum_s = 0.0;
  std::map<int, std::uint64_t> gpus;
  LogHistogram run_time_s;
  double mean_gpus() const { return jobs ? gpus_sum / static_cast<double>(jobs) : 0.0; }
  double mean_run_time_s() const { return jobs ? run_time_sum_s / static_cast<double>(jobs) : 0.0; }
  int median_gpus() const;
};

class WorkloadStats {
 public:
  void add(const Job& job);
  std::uint64_t jobs() const { return jobs_; }
  /// Mean gap between successive submissions, s (0 with fewer than two jobs).
  double mean_interarrival_s() const;
  const std::array<ClassStats, kJobKindCount>& by_class() const { return classes_; }
  const std::array<std::uint64_t, 24>& by_hour() const { return by_hour_; }
  const std::map<int, std::uint64_t>& by_origin() const { return by_origin_; }
  const BatchStats& batch() const { return batch_; }
  /// A human-readable report; hub names come from `layout`.
  std::string report(const topology::Layout& layout) const;

 private:
  std::uint64_t jobs_ = 0;
  double first_submit_s_ = 0.0;
  double last_submit_s_ = 0.0;
  std::array<ClassStats, kJobKindCount> classes_{};
  std::array<std::uint64_t, 24> by_hour_{};
  std::map<int, std::uint64_t> by_origin_;
  BatchStats batch_;
};

}  // namespace aicn::workloads
