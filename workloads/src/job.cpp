#include "aicn/workloads/job.hpp"

namespace aicn::workloads {

std::string_view job_kind_name(JobKind kind) {
  switch (kind) {
    case JobKind::TRAINING: return "training";
  }
  return "unknown";
}

double Job::run_time_s() const {
  return flops / (static_cast<double>(gpus) * topology::gpu_model(gpu_model).peak_fp16_flops * utilisation);
}

}  // namespace aicn::workloads
