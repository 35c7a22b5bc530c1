#pragma once
/// @file poisson_training_generator.hpp
/// Source `poisson-training`: training jobs arriving as a Poisson process from the eastern
/// hubs, each sized from first principles: FLOPs = 6 N D, GPUs = 6 N D / T / (peak x util), or
/// more when its memory (16 N of training state plus each GPU's activations) needs them.
#include <string>
#include <vector>

#include <boost/random/discrete_distribution.hpp>

#include "aicn/workloads/distributions.hpp"
#include "aicn/workloads/job_source.hpp"
#include "aicn/workloads/random_streams.hpp"

namespace aicn::workloads {

struct PoissonTrainingSpec {
  double arrivals_per_hour = 60.0;
  std::vector<std::pair<int, double>> origin_weights;                     ///< hub index, weight
  std::vector<std::pair<topology::GpuModelId, double>> gpu_model_weights; ///< model, weight
  LognormalSpec parameters{1e9, 1.0, 1e8, 1.75e11};
  LognormalSpec tokens{1.5e10, 1.2, 1e8, 1e13};
  LognormalSpec target_duration_s{6 * 3600.0, 0.8, 600.0, 30 * 86400.0};
  double utilisation = 0.45;
  int max_gpus = 1024;
  double dataset_bytes_per_token = 4.0;
  /// Also accept the other models of gpu_models whose memory holds the job on its GPU count.
  bool accept_alternatives = false;

  /// Reads a spec; absent keys keep the defaults above, except origins (default: every
  /// eastern hub equally) and GPU models (default: every model in the layout equally).
  static PoissonTrainingSpec parse(const config::ConfigNode& node, const topology::Layout& layout);
};

class PoissonTrainingGenerator final : public JobSource {
 public:
  PoissonTrainingGenerator(PoissonTrainingSpec spec, const SourceContext& context);
  std::optional<Job> next() override;

 private:
  PoissonTrainingSpec spec_;
  SourceContext context_;
  RandomEngine arrivals_;
  RandomEngine sizes_;
  // Built once from the spec's weights (building one per draw allocated twice per job); a
  // discrete_distribution keeps no state between draws, so the jobs drawn are the same.
  boost::random::discrete_distribution<std::size_t, double> origin_draw_;
  boost::random::discrete_distribution<std::size_t, double> model_draw_;
  double clock_s_ = 0.0;
  std::uint64_t emitted_ = 0;
};

}  // namespace aicn::workloads
