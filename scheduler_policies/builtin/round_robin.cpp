// round-robin: deal jobs out to the sites in turn.
//
// A cursor walks the sites in layout order. Each job goes to the first site at or after the
// cursor that could ever hold it (a pool of its model at least as large as the job, and a
// route for its data), and the cursor moves one past that site. It ignores load and distance:
// it is the baseline that spreads work evenly by count. A job no site could ever hold is
// rejected.
#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/dispatch_policy.hpp"

namespace aicn::policy {
namespace {

class RoundRobin final : public DispatchPolicy {
 public:
  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    return place_each(view, pending, [&](const workloads::Job& job) -> std::optional<PoolChoice> {
      const std::size_t n = view.sites.size();
      for (std::size_t step = 0; step < n; ++step) {
        const int site = static_cast<int>((next_ + step) % n);
        const int pool = eligible_pool(view, site, job);
        if (pool < 0) continue;
        next_ = static_cast<std::size_t>(site) + 1;
        return PoolChoice{site, pool};
      }
      return std::nullopt;
    });
  }

 private:
  std::size_t next_ = 0;
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_POLICY(aicn::policy::RoundRobin, "round-robin",
                     "deal jobs to the sites in turn, skipping sites that could never hold the job; ignores load "
                     "and distance (the even-spread baseline)")
