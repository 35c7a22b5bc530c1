#pragma once
/// @file llm_mix_generator.hpp
/// Source `llm-mix`: a streaming mix of the five job classes (job_classes.hpp), each with its
/// own arrival process (arrival_process.hpp), size distributions, origins and priority, and
/// its own pair of seeded streams ("llm-mix/<class>/arrivals", "llm-mix/<class>/sizes"), so
/// changing one class's parameters never changes another class's jobs. The classes' streams
/// are merged by submit time, holding one pending job per class: a 10-million-job spec uses
/// constant memory. Without `classes`, the calibrated default mix is used (README, Workloads).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aicn/workloads/arrival_process.hpp"
#include "aicn/workloads/distributions.hpp"
#include "aicn/workloads/job_classes.hpp"
#include "aicn/workloads/job_source.hpp"

namespace aicn::workloads {

struct MixClassSpec {
  JobKind kind = JobKind::TRAINING;
  ArrivalSpec arrival;
  int priority = 0;
  std::vector<std::pair<int, double>> origins;       ///< hub index, weight
  std::vector<std::pair<int, double>> destinations;  ///< data transfers: receiving hubs
  std::vector<std::pair<topology::GpuModelId, double>> gpu_models;
  bool accept_alternatives = false;  ///< also accept the class's other models that hold the job
  LognormalSpec parameters{7e9, 1.0, 1e8, 1.75e11};
  LognormalSpec tokens{1e9, 1.0, 1e5, 1e13};
  LognormalSpec target_duration_s{3600, 1.0, 60, 30 * 86400.0};
  /// Training and fine-tuning: when set, GPU counts are drawn (and rounded) from this instead
  /// of being derived from target_duration; the run time then follows from the FLOPs.
  std::optional<LognormalSpec> target_gpus;
  double utilisation = 0.45;
  int max_gpus = 1024;
  double dataset_bytes_per_token = 4.0;
  LognormalSpec tokens_per_s{2000, 1.0, 10, 1e8};        ///< serving: mean demand
  LognormalSpec lifetime_s{3 * 86400.0, 1.0, 3600, 90 * 86400.0};  ///< serving
  double kv_cache_fraction = 0.2;                         ///< serving
  double peak_to_mean = 0.0;  ///< serving: 0 = the diurnal shape's peak (sized for the busiest hour)
  double latency_budget_s = 0.020;  ///< serving: one-way latency budget to its users
  /// Serving: 0 = a service holds replicas for its peak demand all its life; > 0 = it is
  /// re-sized every this long (aligned to multiples of it) to the demand of the hours the
  /// interval spans, and appears as one serving job per interval.
  double rescale_interval_s = 0.0;
  LognormalSpec bytes{1e12, 1.0, 1e9, 1e15};              ///< data transfers
  double return_fraction = 0.3;  ///< data transfers: share moving west to east (models, checkpoints)
  double checkpoint_interval_s = 3 * 3600.0;  ///< training and fine-tuning
};

struct LlmMixSpec {
  std::vector<MixClassSpec> classes;  ///< in JobKind order
  double horizon_s = 0.0;  ///< the spec's own horizon (0 = none); the scenario's still applies
  /// Reads a spec (see README); absent classes are not generated, absent keys of a class
  /// take that class's calibrated default.
  static LlmMixSpec parse(const config::ConfigNode& node, const topology::Layout& layout);
  /// The calibrated default mix for `layout`.
  static LlmMixSpec defaults(const topology::Layout& layout);
};

class LlmMixGenerator final : public JobSource {
 public:
  LlmMixGenerator(LlmMixSpec spec, const SourceContext& context);
  std::optional<Job> next() override;

 private:
  struct ClassStream {
    MixClassSpec spec;
    ArrivalProcess arrivals;
    RandomEngine sizes;
    std::vector<double> origin_cumulative;
    std::vector<double> destination_cumulative;
    std::vector<double> model_cumulative;
    Job pending;
    // Re-sized services only: the services alive, as their next interval (a min-heap on
    // start time, then creation order), and the next service's arrival.
    struct Interval {
      double start_s;
      std::uint64_t order;
      double end_s;
      Job service;
      InferenceServiceSize size;
    };
    std::vector<Interval> alive;
    double next_service_s = 0.0;
    std::uint64_t services = 0;
    InferenceServiceSize last_service_size;
  };
  Job draw(ClassStream& stream, double submit_s);
  /// The class's next job in submit order (a new job, or a re-sized service's next interval).
  Job next_of(ClassStream& stream);

  SourceContext context_;
  std::vector<ClassStream> streams_;
  std::uint64_t emitted_ = 0;
};

}  // namespace aicn::workloads
