#pragma once
/// @file serving_accountant.hpp
/// The `serving` block of summary.json (docs/serving.md): a request-mode deployment's
/// replicas as the run placed, moved and started them, and every request's latency over
/// them. Listens only to the replica jobs' events; computes the requests once, when the run
/// ends (serve_requests: no engine event per request). Pure C++.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aicn/results/run_observer.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/topology/network_graph.hpp"
#include "aicn/workloads/serving_plan.hpp"

namespace aicn::results {

class ServingAccountant final : public RunObserver {
 public:
  /// `plan`, `layout` and `graph` (the intact network: RTTs come from its routes) must outlive it.
  ServingAccountant(const workloads::ServingPlan& plan, const topology::Layout& layout, const topology::NetworkGraph& graph);

  void transfer_started(double now_s, const JobSnapshot& job, int from_site, int to_site, double bytes) override;
  void job_started(double now_s, const JobSnapshot& job) override;
  void job_interrupted(double now_s, const JobSnapshot& job, double lost_gpu_s, const std::string& detail) override;
  void job_ended(double now_s, const JobSnapshot& job, JobStatus status, const std::string& reason) override;
  void run_ended(double end_s) override;

  /// The replicas' windows (ready to end), in start order; complete after run_ended().
  const std::vector<workloads::ReplicaWindow>& windows() const { return windows_; }
  /// Each request's outcome, in the plan's order; empty before run_ended().
  const std::vector<workloads::RequestOutcome>& outcomes() const { return outcomes_; }
  std::uint64_t weight_transfers() const { return weight_transfers_; }
  /// The summary block (SCHEMA.md, `serving`).
  nlohmann::ordered_json to_json() const;

 private:
  bool is_replica(const JobSnapshot& job) const;
  void close(std::uint64_t job_id, double now_s);

  const workloads::ServingPlan& plan_;
  const topology::Layout& layout_;
  const topology::NetworkGraph& graph_;
  std::vector<workloads::ReplicaWindow> windows_;
  std::map<std::uint64_t, std::size_t> open_;  ///< replica job id -> its open window
  std::uint64_t weight_transfers_ = 0;
  double weight_bytes_ = 0.0;
  std::vector<workloads::RequestOutcome> outcomes_;
};

/// A `serving` block's headline figures (as summary.json holds it) in a few lines for the
/// terminal, after the summary table.
std::string serving_summary_text(const nlohmann::json& block);

}  // namespace aicn::results
