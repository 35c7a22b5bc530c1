// random: send each job to a site drawn uniformly among those that could ever hold it.
//
// "Could ever hold" means a pool of the job's model at least as large as the job and a route
// for its data. The draws come from the policy's own stream, seeded from the scenario seed
// ("policy/random"), so the same seed gives the same choices and the job stream is not
// disturbed. The no-information baseline. A job no site could ever hold is rejected.
#include <boost/random/uniform_int_distribution.hpp>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/workloads/random_streams.hpp"

namespace aicn::policy {
namespace {

class Random final : public DispatchPolicy {
 public:
  explicit Random(const PolicyContext& context) : engine_(workloads::make_stream(context.seed, "policy/random")) {}

  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    return place_each(view, pending, [&](const workloads::Job& job) -> std::optional<PoolChoice> {
      std::vector<PoolChoice> candidates;
      for (std::size_t s = 0; s < view.sites.size(); ++s) {
        const int pool = eligible_pool(view, static_cast<int>(s), job);
        if (pool >= 0) candidates.push_back({static_cast<int>(s), pool});
      }
      if (candidates.empty()) return std::nullopt;
      boost::random::uniform_int_distribution<std::size_t> pick(0, candidates.size() - 1);
      return candidates[pick(engine_)];
    });
  }

 private:
  workloads::RandomEngine engine_;
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_POLICY(aicn::policy::Random, "random",
                     "send each job to a site drawn uniformly among those that could ever hold it; seeded from "
                     "the scenario seed (the no-information baseline)")
