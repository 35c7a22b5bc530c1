// TEMPLATE: a dispatch policy to copy. See "Write your own policy" in
// scheduler_policies/README.md. Copy this file to scheduler_policies/contrib/my_policy.cpp
// (compiled into aicn on the next build) or build it as a shared library and load it with
// `aicn run --policy-lib libmy_policy.so`. Rename the class and the registered name.
//
// This example, "template-fewest-queued", sends each job to the site whose pool of a model the
// job accepts has the fewest GPUs queued, preferring the site that holds the job's data on
// ties; it holds a job that only a site now down could hold.
#include <limits>

#include "aicn/policy/dispatch_policy.hpp"

namespace {

using aicn::policy::ClusterView;
using aicn::policy::Decision;
using aicn::workloads::Job;

class FewestQueued final : public aicn::policy::DispatchPolicy {
 public:
  // Optional: a constructor taking the context receives the scenario seed (for your own
  // random stream: aicn::workloads::make_stream(context.seed, "policy/my-name")) and the
  // scenario's `policy: {name: ..., params: {...}}`, checked against the parameters declared
  // below and with their defaults filled in.
  explicit FewestQueued(const aicn::policy::PolicyContext& context)
      : prefer_data_site_(context.params.boolean("prefer_data_site")) {}

  // Called on every arrival, transfer end and job end (and every `dispatch_tick` if the
  // scenario sets one) with the jobs still waiting for a decision. Return one decision per
  // job: place, hold (asked again next time) or reject with a reason. The simulator checks
  // each placement; an invalid one rejects the job and counts as an invalid decision.
  std::vector<Decision> decide(const ClusterView& view, std::span<const Job* const> pending) override {
    std::vector<Decision> decisions;
    for (const Job* job : pending) {
      int best_site = -1, best_pool = -1;
      long long best_queued = std::numeric_limits<long long>::max();
      bool fits_when_repaired = false;
      for (std::size_t s = 0; s < view.sites.size(); ++s) {
        for (std::size_t pool = 0; pool < view.sites[s].pools.size(); ++pool) {
          const auto& p = view.sites[s].pools[pool];
          if (!job->accepts(p.gpu_model)) continue;  // its own model, or a listed alternative with enough memory
          // An outage: a site down, or cut off from the job's data, holds nothing until the repair.
          if (view.sites[s].down || !view.data_reachable(*job, static_cast<int>(s))) {
            fits_when_repaired = fits_when_repaired || p.installed_gpus >= job->gpus;
            continue;
          }
          if (p.total_gpus < job->gpus) continue;  // could never hold the job
          const bool data_here = static_cast<int>(s) == view.data_site(*job);
          const long long queued = p.queued_gpus - (prefer_data_site_ && data_here ? 1 : 0);
          if (queued < best_queued) {
            best_queued = queued;
            best_site = static_cast<int>(s);
            best_pool = static_cast<int>(pool);
          }
        }
      }
      if (best_site >= 0)
        decisions.push_back(Decision::place(job->id, best_site, best_pool));
      else if (fits_when_repaired)
        decisions.push_back(Decision::hold(job->id));  // asked again when the site is back
      else
        decisions.push_back(Decision::reject(job->id, "no pool of a model it accepts is large enough"));
    }
    return decisions;
  }

 private:
  bool prefer_data_site_;
};

}  // namespace

// Name (what --policy and `policy:` take), the description `aicn policies` prints, and the
// parameters `policy.params` may set: an unknown key, a wrong type or a value out of range is
// an input error naming the file and line. Declare none and any params key is an error.
AICN_REGISTER_POLICY(FewestQueued, "template-fewest-queued",
                     "example from scheduler_policies/TEMPLATE.cpp: the site with the fewest GPUs queued for the "
                     "job's model, the data's site on ties",
                     aicn::registry::boolean("prefer_data_site", "true", "break ties towards the site holding the data"))
