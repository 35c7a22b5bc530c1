#include "aicn/policy/builtin_helpers.hpp"

namespace aicn::policy {

std::string no_fit_reason(const workloads::Job& job) {
  return "no site has " + std::to_string(job.gpus) + " GPUs of model " + topology::gpu_model(job.gpu_model).name;
}

}  // namespace aicn::policy
