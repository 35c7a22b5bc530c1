#include "aicn/workloads/job.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace aicn::workloads {
namespace {

constexpr std::array<std::string_view, kJobKindCount> kKindNames{"training", "fine-tuning", "batch-inference",
                                                                 "serving", "data-transfer"};

}  // namespace

std::string_view job_kind_name(JobKind kind) {
  const auto index = static_cast<std::size_t>(kind);
  return index < kKindNames.size() ? kKindNames[index] : "unknown";
}

std::optional<JobKind> parse_job_kind(std::string_view name) {
  if (name == "pre-training") return JobKind::TRAINING;
  if (name == "inference-service") return JobKind::INFERENCE_SERVICE;
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == name) return static_cast<JobKind>(i);
  return std::nullopt;
}

std::string_view job_kind_names() {
  return "training (or pre-training), fine-tuning, batch-inference, serving (or inference-service), data-transfer";
}

double Job::gpu_fraction() const {
  if (is_gpu_share(gpus, gpu_milli)) return gpu_milli / static_cast<double>(kMilliPerGpu);
  return static_cast<double>(gpus);
}

bool Job::accepts(topology::GpuModelId model) const {
  const bool listed = model == gpu_model ||
                      std::find(alternative_gpu_models.begin(), alternative_gpu_models.end(), model) !=
                          alternative_gpu_models.end();
  if (!listed) return false;
  return memory_bytes <= 0.0 || gpus * topology::gpu_model(model).memory_bytes >= memory_bytes;
}

double Job::checkpoint_bytes_written(double run_s) const {
  if (checkpoint_interval_s <= 0.0 || checkpoint_bytes <= 0.0) return 0.0;
  return std::floor(run_s / checkpoint_interval_s) * checkpoint_bytes;
}

double Job::run_time_s() const { return run_time_s(gpu_model); }

double Job::run_time_s(topology::GpuModelId model) const {
  if (duration_s > 0.0) return duration_s;
  return flops / (gpu_fraction() * topology::gpu_model(model).peak_fp16_flops * utilisation);
}

}  // namespace aicn::workloads
