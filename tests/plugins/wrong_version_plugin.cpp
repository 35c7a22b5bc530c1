// A policy library built against another policy interface version: `--policy-lib` must
// refuse it. It registers the way AICN_REGISTER_POLICY does, but claims a future version.
#include "aicn/policy/dispatch_policy.hpp"

namespace {

class Placeholder final : public aicn::policy::DispatchPolicy {
 public:
  std::vector<aicn::policy::Decision> decide(const aicn::policy::ClusterView&,
                                             std::span<const aicn::workloads::Job* const>) override {
    return {};
  }
};

[[maybe_unused]] const bool registered = aicn::policy::PolicyRegistry::instance().add_policy(
    {"test-future-version", "never registered", {}, &aicn::policy::make_policy<Placeholder>},
    aicn::policy::kPolicyInterfaceVersion + 1);

}  // namespace
