// local-first: keep each job in its origin hub when a site there could ever hold it,
// otherwise send it to the least-loaded site anywhere.
//
// Within the origin hub the least-loaded fitting site wins (most free GPUs of the job's
// model). "Could ever hold" means the pool has at least as many GPUs as the job asks for,
// even if they are busy now: the job then waits in the local queue, as a user who prefers
// to keep data at home would.
#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/dispatch_policy.hpp"

namespace aicn::policy {
namespace {

class LocalFirst final : public DispatchPolicy {
 public:
  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    return place_each(view, pending, [&](const workloads::Job& job) {
      auto target = least_loaded_pool(view, job, [&](const SiteView& site) { return site.hub == job.origin_hub; });
      return target ? target : least_loaded_pool(view, job, [](const SiteView&) { return true; });
    });
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_POLICY(aicn::policy::LocalFirst, "local-first",
                     "keep a job in its origin hub if a site there can ever fit it, else least-loaded")
