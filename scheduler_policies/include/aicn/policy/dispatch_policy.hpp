#pragma once
/// @file dispatch_policy.hpp
/// The contract between the dispatcher and a policy, and the registry policies join by name
/// with their declared parameters.
///
/// A policy is called with the current ClusterView and the jobs waiting for a decision. For
/// each job it may place it (site and pool), split it over several sites (parts: site, pool,
/// GPU count; a training job then synchronises over the WAN, see docs/cross-site-training.md),
/// hold it (it is offered again at the next call), or reject it with a reason. A decision is an intent, not a reservation: the runtime checks
/// it and records an invalid one as an error.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "aicn/policy/cluster_view.hpp"
#include "aicn/topology/config_node.hpp"
#include "aicn/topology/param_spec.hpp"
#include "aicn/topology/registry.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::policy {

/// Version of the policy interface (Decision, DispatchPolicy, ClusterView, PolicyContext,
/// the registry). Bump it whenever one of them changes in a way that breaks compiled
/// policies: a policy library built against another version is refused at load time.
// 2: ClusterView::route_transfers. 3: energy and cost per pool, SiteView::down, installed_gpus,
// dispatch_tick_s. 4: the registry template, declared parameters, PolicyContext::params checked.
// 5: PoolView::queue and inbound are HeadQueue (contiguous, O(1) head removal), not std::vector;
// PoolView::inbound_gpus. 6: Decision::Action::SPLIT and Decision::parts. 7: Decision::Action::SUSPEND;
// Job::earliest_start_s, deadline_s, interruptible. 8: WaitingJobView::gpu_milli,
// QueueState::idle_gpus. 9: ClusterView::pools_by_model and index_pools().
inline constexpr int kPolicyInterfaceVersion = 9;

/// One part of a split placement: `gpus` GPUs of pool `pool` at site `site`.
struct PlacementPart {
  int site = -1;
  int pool = -1;
  int gpus = 0;
};

struct Decision {
  /// SUSPEND names a RUNNING interruptible job (from a PoolView::running list, not the
  /// pending ones): it stops now, frees its GPUs and waits for a new decision (Job::interruptible).
  enum class Action { PLACE, HOLD, REJECT, SPLIT, SUSPEND };
  Action action = Action::HOLD;
  std::uint64_t job_id = 0;
  int site = -1;
  int pool = -1;
  std::string reason;  ///< required for REJECT
  /// SPLIT only: the parts, in ring (or pipeline) order; their GPUs add up to the job's. The
  /// runtime starts a split job only when every part fits now (it never queues part of a job).
  std::vector<PlacementPart> parts;

  static Decision place(std::uint64_t job, int site, int pool) { return {Action::PLACE, job, site, pool, {}, {}}; }
  static Decision hold(std::uint64_t job) { return {Action::HOLD, job, -1, -1, {}, {}}; }
  static Decision reject(std::uint64_t job, std::string why) {
    return {Action::REJECT, job, -1, -1, std::move(why), {}};
  }
  static Decision suspend(std::uint64_t job) { return {Action::SUSPEND, job, -1, -1, {}, {}}; }
  static Decision split(std::uint64_t job, std::vector<PlacementPart> parts) {
    return {Action::SPLIT, job, -1, -1, {}, std::move(parts)};
  }
};

class DispatchPolicy {
 public:
  virtual ~DispatchPolicy() = default;
  /// One decision per pending job; a job without a decision is held.
  virtual std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) = 0;
};

/// What a policy is built from: the scenario's seed (for randomised policies) and its
/// `policy.params`, checked against the policy's declared parameters, defaults filled in.
struct PolicyContext {
  std::uint64_t seed = 1;
  registry::ParamValues params;
};

/// The dispatch policies by name. A policy declares its parameters when it registers; read
/// them with context.params.number("max_extra_wait") and the like.
class PolicyRegistry final : public registry::Registry<DispatchPolicy, PolicyContext> {
 public:
  static PolicyRegistry& instance();
  /// Registers a policy built against interface version `interface_version`: another
  /// version is refused before the entry is looked at (its layout may differ).
  bool add_policy(Entry entry, int interface_version);
  /// Checks `params` against the named policy's declaration and builds it (for tests and tools
  /// that do not go through a scenario).
  std::unique_ptr<DispatchPolicy> make(std::string_view name, std::uint64_t seed, const config::ConfigNode& params) const;

 private:
  PolicyRegistry() : Registry("dispatch policy") {}
};

/// Helper for AICN_REGISTER_POLICY: builds the policy with a (PolicyContext) or default constructor.
template <typename Policy>
std::unique_ptr<DispatchPolicy> make_policy(const PolicyContext& context) {
  if constexpr (std::is_constructible_v<Policy, const PolicyContext&>)
    return std::make_unique<Policy>(context);
  else
    return std::make_unique<Policy>();
}

}  // namespace aicn::policy

/// Registers `Class` under `name` with a one-line `description` and its declared parameters
/// (registry::number(...), registry::duration(...), ...; none: any `policy.params` key is an
/// error), at static-initialisation time. The same macro serves built-in, contrib/ and
/// run-time loaded (--policy-lib) policies; it records the interface version the policy was
/// compiled against.
#define AICN_REGISTER_POLICY(Class, name, description, ...)                                      \
  namespace {                                                                                   \
  [[maybe_unused]] const bool AICN_REGISTRY_CONCAT(aicn_policy_registered_, __LINE__) =         \
      ::aicn::policy::PolicyRegistry::instance().add_policy(                                    \
          {name, description, std::vector<::aicn::registry::ParamSpec>{__VA_ARGS__},            \
           &::aicn::policy::make_policy<Class>},                                                \
          ::aicn::policy::kPolicyInterfaceVersion);                                             \
  }
