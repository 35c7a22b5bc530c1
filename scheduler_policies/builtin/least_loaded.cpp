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
    std::vector<Decision> decisions;
    decisions.reserve(pending.size());
    for (const workloads::Job* job : pending) {
      const auto target = least_loaded_pool(view, *job, [](const SiteView&) { return true; });
      decisions.push_back(target ? Decision::place(job->id, target->site, target->pool)
                                 : Decision::reject(job->id, no_fit_reason(*job)));
    }
    return decisions;
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_POLICY(aicn::policy::LeastLoaded, "least-loaded",
                     "send each job to the site with the most free GPUs of its model")
