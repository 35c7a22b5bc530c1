#pragma once
/// @file dispatch_policy.hpp
/// The contract between the dispatcher and a policy, and the registry policies join by name.
///
/// A policy is called with the current ClusterView and the jobs waiting for a decision. For
/// each job it may place it (site and pool), hold it (it is offered again at the next call),
/// or reject it with a reason. A decision is an intent, not a reservation: the runtime checks
/// it and records an invalid one as an error.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "aicn/policy/cluster_view.hpp"
#include "aicn/topology/config_node.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::policy {

/// Version of the policy interface (Decision, DispatchPolicy, ClusterView, PolicyContext,
/// the registry). Bump it whenever one of them changes in a way that breaks compiled
/// policies: a policy library built against another version is refused at load time.
// 2: ClusterView::route_transfers. 3: energy and cost per pool, SiteView::down, installed_gpus,
// dispatch_tick_s.
inline constexpr int kPolicyInterfaceVersion = 3;

struct Decision {
  enum class Action { PLACE, HOLD, REJECT };
  Action action = Action::HOLD;
  std::uint64_t job_id = 0;
  int site = -1;
  int pool = -1;
  std::string reason;  ///< required for REJECT

  static Decision place(std::uint64_t job, int site, int pool) { return {Action::PLACE, job, site, pool, {}}; }
  static Decision hold(std::uint64_t job) { return {Action::HOLD, job, -1, -1, {}}; }
  static Decision reject(std::uint64_t job, std::string why) { return {Action::REJECT, job, -1, -1, std::move(why)}; }
};

class DispatchPolicy {
 public:
  virtual ~DispatchPolicy() = default;
  /// One decision per pending job; a job without a decision is held.
  virtual std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) = 0;
};

/// What a policy is built from: the scenario's seed (for randomised policies) and its
/// `policy.params` mapping (undefined when absent).
struct PolicyContext {
  std::uint64_t seed = 1;
  config::ConfigNode params{YAML::Node(), "", "policy.params"};
};

using PolicyFactory = std::function<std::unique_ptr<DispatchPolicy>(const PolicyContext&)>;

class PolicyRegistry {
 public:
  struct Entry {
    std::string description;
    PolicyFactory factory;
  };
  static PolicyRegistry& instance();
  /// Registers a policy built against interface version `interface_version`. Throws
  /// std::logic_error on a duplicate name, except while a policy library loads (see below).
  bool add(const std::string& name, const std::string& description, PolicyFactory factory,
           int interface_version = kPolicyInterfaceVersion);
  bool contains(const std::string& name) const { return entries_.count(name) != 0; }
  /// Builds the named policy; throws std::invalid_argument listing the valid names otherwise.
  std::unique_ptr<DispatchPolicy> create(const std::string& name, const PolicyContext& context) const;
  const std::map<std::string, Entry>& entries() const { return entries_; }
  std::string names() const;

  /// While a policy library loads, registrations are collected here instead of throwing
  /// (an exception cannot cross dlopen): the names added and the problems met.
  struct LibraryRegistrations {
    std::vector<std::string> added;
    std::vector<std::string> errors;
  };
  void begin_library();
  LibraryRegistrations end_library();

 private:
  std::map<std::string, Entry> entries_;
  bool loading_library_ = false;
  LibraryRegistrations library_;
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

#define AICN_POLICY_CONCAT_INNER(a, b) a##b
#define AICN_POLICY_CONCAT(a, b) AICN_POLICY_CONCAT_INNER(a, b)
/// Registers `Class` under `name` with a one-line `description`, at static-initialisation time.
/// The same macro serves built-in, contrib/ and run-time loaded (--policy-lib) policies; it
/// records the interface version the policy was compiled against.
#define AICN_REGISTER_POLICY(Class, name, description)                                          \
  namespace {                                                                                   \
  [[maybe_unused]] const bool AICN_POLICY_CONCAT(aicn_policy_registered_, __LINE__) =           \
      ::aicn::policy::PolicyRegistry::instance().add(name, description,                         \
                                                     &::aicn::policy::make_policy<Class>,       \
                                                     ::aicn::policy::kPolicyInterfaceVersion);  \
  }
