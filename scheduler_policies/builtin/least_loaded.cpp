// least-loaded: send each job to the site with the most free GPUs of the job's model.
//
// Ties go to the site listed first in the layout, so the choice is deterministic. A job no
// pool of its model could ever hold (more GPUs than the pool has) is rejected.
#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/dispatch_policy.hpp"

namespace aicn::policy {
namespace {

class LeastLoaded final : public DispatchPolicy {
 public:
  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    return place_each(view, pending, [&](const workloads::Job& job) {
      return least_loaded_pool(view, job, [](const SiteView&) { return true; });
    });
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_POLICY(aicn::policy::LeastLoaded, "least-loaded",
                     "send each job to the site with the most free GPUs of its model")
