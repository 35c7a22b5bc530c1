#pragma once
/// @file quote_screen.hpp
/// The broker's hold screen: telling, without pricing a job exactly, that the broker's exact
/// pricing would hold it again.
///
/// The broker (builtin/broker.cpp) holds a job when every candidate pool quotes above the
/// job's budget at its load and some candidate is within it idle; the job is then offered
/// again at every event. Pricing it exactly needs every candidate's start delay (transfer +
/// expected wait) and mean price over the run; the screen bounds each quote instead, from the
/// lowest and highest electricity price a run from now on can pay (price_bounds):
///   loaded quote >= idle_low x (1 + load_premium x load) x GPU-hours + transfer
///   idle quote   <= idle_high x GPU-hours + transfer
/// with idle_low/high = (GPU kW x PUE x lowest/highest price + depreciation) x (1 + margin).
/// It answers "held" only when every pool that might be a candidate (up, routed, accepted,
/// large enough) is above the budget and one that surely is a candidate is within it idle,
/// each by a relative margin kSlack (1e-9) far above the rounding of either computation, so
/// the answer is the one the exact pricing would give. Otherwise it answers "price it".
///
/// Memo. A held job keeps, per pool it might go to, the least demand (busy + queued + inbound
/// GPUs) at which that pool is still surely above its budget: the quote only rises with
/// demand. While nothing else the screen reads changes (an "epoch": the sites' PUE, prices,
/// schedules, outages, the pools' sizes, power, depreciation and rents, the routes out of the
/// data sites, compared bitwise at every call) and every such pool keeps that demand, the job
/// is held again with a few integer comparisons. Within one call the broker's own placements
/// only add demand.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/cluster_view.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::policy {

/// The broker's pricing parameters (see broker.cpp).
struct QuoteTerms {
  double margin = 0.0;
  double load_premium = 0.0;
  double transfer_yuan_per_gb = 0.0;
};

class QuoteScreen {
 public:
  explicit QuoteScreen(QuoteTerms terms) : terms_(terms) {}
  /// At the start of each decide() call: reads the view's figures, starting a new epoch when
  /// any of them changed.
  void start(const ClusterView& view);
  /// Whether the job's memo says the exact pricing would hold it again now.
  bool memo_held(const workloads::Job& job);
  /// Whether the exact pricing would surely hold `job` now, this call's placements (`pools`)
  /// counted; `budget_yuan` is the job's budget for its run (NaN: cannot tell). On true it
  /// leaves the job a memo when its thresholds can be relied on.
  bool surely_held(const ClusterView& view, const ProjectedPools& pools, const workloads::Job& job,
                   double budget_yuan);
  /// The job was priced exactly (placed, rejected or held by the pricing): its memo goes.
  void priced(const workloads::Job& job);
  /// At the end of each decide() call.
  void finish();

  static constexpr double kSlack = 1e-9;

 private:
  /// Quote factors of one pool, computed at the start of each epoch.
  struct PoolQuote {
    bool known = false;      ///< every factor finite: the screen may use them
    double idle_low = 0.0;   ///< quote per GPU-hour at zero load, lowest electricity price
    double idle_high = 0.0;  ///< the same at the highest price
    double magnitude = 0.0;  ///< (|electricity| + |depreciation|) x (1 + margin): the slack's scale
  };
  /// What decides a job's quotes, copied into its memo (a job of the same id that differs is
  /// priced afresh).
  struct JobKey {
    const workloads::Job* job = nullptr;
    int gpus = 0;
    topology::GpuModelId model = -1;
    int kind = 0;
    int origin = 0;
    std::size_t alternatives = 0;
    double flops = 0.0, duration = 0.0, utilisation = 0.0, dataset = 0.0, memory = 0.0, fraction = 0.0;
    bool operator==(const JobKey&) const = default;
  };
  struct Memo {
    std::uint64_t epoch = 0;  ///< 0: dropped at the end of the call
    JobKey key;
    std::vector<std::pair<std::size_t, long long>> min_demand;  ///< (pool slot, least demand)
  };
  static constexpr long long kNoMemo = std::numeric_limits<long long>::max();
  static constexpr long long kAnyDemand = std::numeric_limits<long long>::min();

  static JobKey key_of(const workloads::Job& job);
  PoolQuote quote_of(const SiteView& site, const PoolView& pool) const;
  bool same_routes(const ClusterView& view) const;
  Memo* find_memo(const workloads::Job& job);
  bool surely_above(const PoolQuote& q, int total, double demand, double gpu_hours, double transfer,
                    double budget) const;
  long long least_demand(const PoolQuote& q, int total, double gpu_hours, double transfer, double budget) const;

  QuoteTerms terms_;
  std::uint64_t epoch_ = 0;
  std::vector<std::size_t> first_slot_;  ///< per site, the slot of its pool 0
  std::vector<PoolQuote> quotes_;        ///< per slot, for the epoch
  std::vector<long long> demand_;        ///< per slot, the pool's demand this call (before placements)
  bool demands_known_ = false;           ///< every demand >= 0 this call (memos drop thresholds <= 0)
  std::vector<double> signature_, last_signature_, last_bandwidth_, last_latency_;
  std::unordered_map<std::uint64_t, Memo> memos_;  ///< by job id
  /// The memos of the jobs held in this call and the last, in call order: held jobs stay
  /// pending in their order and new ones come after them, so they mostly meet in turn.
  std::vector<std::pair<std::uint64_t, Memo*>> order_, next_order_;
  std::size_t cursor_ = 0;
  Memo* found_ = nullptr;  ///< the memo memo_held found for the job being decided
  std::vector<std::pair<std::size_t, long long>> thresholds_;  ///< scratch
  std::vector<std::uint64_t> dead_;                            ///< memos to drop at the end of the call
};

}  // namespace aicn::policy
