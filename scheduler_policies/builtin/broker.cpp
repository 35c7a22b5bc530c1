// broker: the brief's GPU-pool scheduling platform, a light-asset broker matching the sites'
// price quotes with the jobs' budgets.
//
// Market model. Each pool quotes a price per GPU-hour for a job from its cost and its load:
//   cost  = electricity per GPU-hour (busy IT power per GPU x PUE now x the site's mean price
//           over the job's run) + depreciation per GPU-hour (server capex / depreciation
//           years, from the scenario's economics: the brief's 1.80 M yuan 8x A100 server over
//           5 years by default)
//   quote = cost x (1 + margin) x (1 + load_premium x load)
// where load = (busy GPUs + GPUs queued or moving data there) / the pool's GPUs: a busy
// supplier asks more. A job's bid is its budget per GPU-hour (`budget_yuan_per_gpu_hour` by
// job class, else `budget_share` x the list rent per GPU-hour of its own model in the
// economics: 22.5 yuan for an A100 by default). The broker compares what the job would pay,
//   quote x GPUs x run hours on that model + dataset GB x transfer_yuan_per_gb,
// with its budget x GPUs x run hours on its own model, and places the job at the cheapest
// quote within budget (ties: the sooner start). When every quote is above budget it holds the
// job: quotes fall as load falls, and the job is offered again at the next event. A job whose
// budget is below every quote even at zero load can never be matched and is rejected with
// that reason; one that no site could ever hold is rejected, one that only a site now down
// could hold is held. The broker ignores queue waits except through the load premium.
// Parameters: margin (0.2), load_premium (1.0), budget_share (0.5), transfer_yuan_per_gb
// (0.05), budget_yuan_per_gpu_hour: {training: 12, serving: 20, ...} (per class, optional).
// A site with no known electricity price quotes its electricity at 0 (as the accounting counts it).
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/energy_helpers.hpp"
#include "aicn/topology/checked_number.hpp"

namespace aicn::policy {
namespace {

/// The keys of budget_yuan_per_gpu_hour: the job class names.
std::vector<std::string> job_kind_keys() {
  std::vector<std::string> keys;
  for (int kind = 0; kind < workloads::kJobKindCount; ++kind)
    keys.emplace_back(workloads::job_kind_name(static_cast<workloads::JobKind>(kind)));
  return keys;
}

class Broker final : public DispatchPolicy {
 public:
  explicit Broker(const PolicyContext& context)
      : margin_(context.params.number("margin")),
        load_premium_(context.params.number("load_premium")),
        budget_share_(context.params.number("budget_share")),
        transfer_yuan_per_gb_(context.params.number("transfer_yuan_per_gb")) {
    budgets_.fill(std::numeric_limits<double>::quiet_NaN());
    // The declared keys are the job kind names, so each parses.
    for (const auto& [name, budget] : context.params.table("budget_yuan_per_gpu_hour"))
      budgets_[static_cast<std::size_t>(*workloads::parse_job_kind(name))] = budget;
  }

  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    ProjectedPools pools(view);
    rents_.clear();  // list rents per model, looked up once per call
    start_screen(view);
    std::vector<Decision> decisions;
    decisions.reserve(pending.size());
    for (const workloads::Job* job : pending) {
      Memo* memo = find_memo(*job);
      if (memo && still_held(*memo, *job)) {
        next_order_.emplace_back(job->id, memo);
        decisions.push_back(Decision::hold(job->id));
        continue;
      }
      if (surely_held(view, pools, *job)) {  // the answer below would be the same hold
        if (held_memo_) next_order_.emplace_back(job->id, held_memo_);
        decisions.push_back(Decision::hold(job->id));
        continue;
      }
      if (memo) {  // dropped at the end of the call, so that order_ never points at a freed memo
        memo->epoch = 0;
        dead_.push_back(job->id);
      }
      candidate_pools(view, pools, *job, candidates_);
      if (candidates_.empty()) {
        decisions.push_back(hold_or_reject(view, *job));
        continue;
      }
      const double budget = budget_yuan(view, candidates_, *job);
      const Candidate* best = nullptr;
      double best_price = 0.0;
      bool affordable_when_idle = false;
      for (const Candidate& c : candidates_) {
        const Prices prices = job_prices(view, pools, c, *job);
        if (std::isnan(prices.loaded) || std::isnan(budget)) continue;
        affordable_when_idle = affordable_when_idle || prices.idle <= budget;
        if (prices.loaded > budget) continue;
        if (!best || prices.loaded < best_price || (prices.loaded == best_price && c.start_delay_s < best->start_delay_s)) {
          best = &c;
          best_price = prices.loaded;
        }
      }
      if (best) {
        pools.add_placed(best->site, best->pool, *job);
        decisions.push_back(Decision::place(job->id, best->site, best->pool));
      } else if (affordable_when_idle) {
        decisions.push_back(Decision::hold(job->id));  // quotes fall as load falls
      } else {
        decisions.push_back(Decision::reject(job->id, "the job's budget is below every site's quote, even idle"));
      }
    }
    for (std::uint64_t id : dead_) {
      const auto found = memos_.find(id);
      if (found != memos_.end() && found->second.epoch == 0) memos_.erase(found);
    }
    dead_.clear();
    std::swap(order_, next_order_);
    next_order_.clear();
    cursor_ = 0;
    return decisions;
  }

 private:
  /// The job's budget for its whole run, yuan (NaN when unknown).
  double budget_yuan(const ClusterView& view, const std::vector<Candidate>& candidates, const workloads::Job& job) {
    double per_gpu_hour = budgets_[static_cast<std::size_t>(job.kind)];
    if (std::isnan(per_gpu_hour)) {
      per_gpu_hour = list_rent(view, job.gpu_model);
      if (std::isnan(per_gpu_hour)) {  // no pool of its own model: the first candidate's rent
        const Candidate& c = candidates.front();
        per_gpu_hour = view.sites[static_cast<std::size_t>(c.site)].pools[static_cast<std::size_t>(c.pool)].rent_yuan_per_gpu_hour;
      }
      per_gpu_hour *= budget_share_;
    }
    return per_gpu_hour * job.gpu_fraction() * job.run_time_s() / 3600.0;
  }

  /// The list rent of `model`: the first known one among the pools of that model, in layout
  /// order (the economics are per model); NaN when none is known.
  double list_rent(const ClusterView& view, topology::GpuModelId model) {
    for (const auto& [known, rent] : rents_)
      if (known == model) return rent;
    double rent = std::numeric_limits<double>::quiet_NaN();
    for (const SiteView& site : view.sites)
      for (const PoolView& pool : site.pools)
        if (pool.gpu_model == model && std::isnan(rent)) rent = pool.rent_yuan_per_gpu_hour;
    rents_.emplace_back(model, rent);
    return rent;
  }

  struct Prices {
    double idle = 0.0;    ///< at zero load
    double loaded = 0.0;  ///< at the pool's current load, this call's placements included
  };
  /// What the job would pay at candidate `c`: the quote per GPU-hour x GPU-hours on that
  /// model, plus moving its data; at the pool's current load, and idle.
  Prices job_prices(const ClusterView& view, const ProjectedPools& pools, const Candidate& c,
                    const workloads::Job& job) const {
    const SiteView& site = view.sites[static_cast<std::size_t>(c.site)];
    const PoolView& pool = pools.pool(c.site, c.pool);
    const double run_h = job.run_time_s(pool.gpu_model) / 3600.0;
    const double start_s = view.now_s + c.start_delay_s;
    const double price = site.mean_price(start_s, start_s + run_h * 3600.0);
    // An unknown price counts as 0, as the energy accounting counts it.
    const double electricity = pool.gpu_busy_w / 1000.0 * site.pue * (std::isnan(price) ? 0.0 : price);
    const double cost = electricity + pool.depreciation_yuan_per_gpu_hour;
    double load = 0.0;
    if (pool.total_gpus > 0) {
      const long long demand =
          pool.total_gpus - pool.free_gpus + pool.queued_gpus + pool.inbound_gpus + pools.placed_gpus(c.site, c.pool);
      load = static_cast<double>(demand) / pool.total_gpus;
    }
    const double transfer = transfer_yuan(view, job, c.site, transfer_yuan_per_gb_);
    const auto pay = [&](double quote) { return quote * job.gpu_fraction() * run_h + transfer; };
    return {pay(cost * (1.0 + margin_)), pay(cost * (1.0 + margin_) * (1.0 + load_premium_ * load))};
  }

  // The hold screen. A held job is offered again at every event, and most of the time its
  // answer is again "hold"; pricing it exactly needs each candidate's start delay (its
  // expected wait), which dominated the broker's time. The screen bounds each quote instead,
  // from the lowest and highest electricity price a run starting from now on can pay
  // (price_bounds): when every possible candidate is surely above budget at its current load
  // and one candidate is surely within budget idle, the exact pricing would hold the job too.
  // "Surely" leaves a relative margin of kScreenSlack, far above the rounding of either
  // computation, so the screen never changes a decision; when it cannot tell, the job is
  // priced exactly.
  static constexpr double kScreenSlack = 1e-9;
  /// Quote factors of one pool, computed at the start of each epoch.
  struct PoolQuote {
    bool known = false;        ///< every factor finite: the screen may use them
    double idle_low = 0.0;     ///< quote per GPU-hour at zero load, lowest electricity price
    double idle_high = 0.0;    ///< the same at the highest price
    double magnitude = 0.0;    ///< |electricity| + |depreciation|, x (1 + margin): the slack's scale
  };
  void start_screen(const ClusterView& view) {
    first_slot_.clear();
    std::size_t slots = 0;
    for (const SiteView& site : view.sites) {
      first_slot_.push_back(slots);
      slots += site.pools.size();
    }
    // Every figure a memo relies on besides the pools' demand, as the view gives it: a change
    // starts a new epoch, which recomputes the pools' quote factors and drops every memo.
    signature_.clear();
    demand_.resize(slots);
    for (std::size_t s = 0; s < view.sites.size(); ++s) {
      const SiteView& site = view.sites[s];
      signature_.insert(signature_.end(), {static_cast<double>(site.pools.size()), site.down ? 1.0 : 0.0, site.pue,
                                           site.electricity_price_per_kwh,
                                           static_cast<double>(site.price_schedule.size())});
      for (const auto& [at, price] : site.price_schedule) signature_.insert(signature_.end(), {at, price});
      for (std::size_t p = 0; p < site.pools.size(); ++p) {
        const PoolView& pool = site.pools[p];
        demand_[first_slot_[s] + p] =
            static_cast<long long>(pool.total_gpus) - pool.free_gpus + pool.queued_gpus + pool.inbound_gpus;
        signature_.insert(signature_.end(),
                          {static_cast<double>(pool.gpu_model), static_cast<double>(pool.total_gpus), pool.gpu_busy_w,
                           pool.depreciation_yuan_per_gpu_hour, pool.rent_yuan_per_gpu_hour});
      }
    }
    for (int home : view.hub_home_site) signature_.push_back(home);
    demands_known_ = std::all_of(demand_.begin(), demand_.end(), [](long long d) { return d >= 0; });
    // Bitwise comparison: equal bits are equal figures (and NaN bits are the same NaN).
    const auto same = [](const std::vector<double>& now, const std::vector<double>& before) {
      return now.size() == before.size() &&
             (now.empty() || std::memcmp(now.data(), before.data(), now.size() * sizeof(double)) == 0);
    };
    if (epoch_ != 0 && same(signature_, last_signature_) && same_routes(view)) return;  // epoch 0 = dead memos
    ++epoch_;
    memos_.clear();
    order_.clear();
    std::swap(signature_, last_signature_);
    last_bandwidth_ = view.route_bandwidth_bps;
    last_latency_ = view.route_latency_s;
    quotes_.resize(slots);
    for (std::size_t s = 0; s < view.sites.size(); ++s)
      for (std::size_t p = 0; p < view.sites[s].pools.size(); ++p)
        quotes_[first_slot_[s] + p] = quote_of(view.sites[s], view.sites[s].pools[p]);
  }
  /// Whether the routes out of every data site (the hubs' home sites: the only rows a job's
  /// reachability and transfer estimate read) are bitwise those of the epoch.
  bool same_routes(const ClusterView& view) const {
    const std::size_t n = view.sites.size();
    if (view.route_bandwidth_bps.size() != last_bandwidth_.size() || view.route_latency_s.size() != last_latency_.size())
      return false;
    for (int home : view.hub_home_site) {
      const std::size_t row = static_cast<std::size_t>(home) * n;
      if (home < 0 || row + n > last_bandwidth_.size() || row + n > last_latency_.size()) return false;
      if (std::memcmp(view.route_bandwidth_bps.data() + row, last_bandwidth_.data() + row, n * sizeof(double)) != 0 ||
          std::memcmp(view.route_latency_s.data() + row, last_latency_.data() + row, n * sizeof(double)) != 0)
        return false;
    }
    return true;
  }
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
  static JobKey key_of(const workloads::Job& job) {
    return {&job,      job.gpus,         job.gpu_model,     static_cast<int>(job.kind), job.origin_hub,
            job.alternative_gpu_models.size(), job.flops, job.duration_s, job.utilisation, job.dataset_bytes,
            job.memory_bytes, job.gpu_fraction()};
  }
  /// A held job's memo: within its epoch, the screen holds it again as long as each pool it
  /// might go to keeps at least `min_demand` GPUs of demand (busy + queued + inbound; this
  /// call's placements only add to it, and the quote rises with it).
  struct Memo {
    std::uint64_t epoch = 0;
    JobKey key;
    std::vector<std::pair<std::size_t, long long>> min_demand;  ///< (slot, least demand)
  };
  /// The job's memo, or null. Held jobs stay pending in their order and new ones come after
  /// them, so the memos of the last call's held jobs, in that order, mostly meet the jobs in
  /// turn (no hash look-up).
  Memo* find_memo(const workloads::Job& job) {
    if (cursor_ < order_.size() && order_[cursor_].first == job.id) return order_[cursor_++].second;
    const auto found = memos_.find(job.id);
    return found == memos_.end() ? nullptr : &found->second;
  }
  bool still_held(const Memo& memo, const workloads::Job& job) const {
    if (memo.epoch != epoch_ || !demands_known_ || !(memo.key == key_of(job))) return false;
    for (const auto& [slot, least] : memo.min_demand)
      if (demand_[slot] < least) return false;
    return true;
  }
  PoolQuote quote_of(const SiteView& site, const PoolView& pool) const {
    PoolQuote q;
    const PriceBounds prices = price_bounds(site);
    const double per_kwh = pool.gpu_busy_w / 1000.0 * site.pue;  // kWh per GPU-hour
    const double a = per_kwh * prices.low, b = per_kwh * prices.high;
    const double dep = pool.depreciation_yuan_per_gpu_hour;
    q.idle_low = (std::min(a, b) + dep) * (1.0 + margin_);
    q.idle_high = (std::max(a, b) + dep) * (1.0 + margin_);
    q.magnitude = (std::max(std::abs(a), std::abs(b)) + std::abs(dep)) * (1.0 + margin_);
    q.known = std::isfinite(q.idle_low) && std::isfinite(q.idle_high) && std::isfinite(q.magnitude);
    return q;
  }
  /// True only when decide()'s exact pricing would hold `job` now (see kScreenSlack): every
  /// pool that might be a candidate quotes surely above the budget at its load, and one that
  /// surely is a candidate is surely within it idle. False means "price it exactly".
  bool surely_held(const ClusterView& view, const ProjectedPools& pools, const workloads::Job& job) {
    double per_gpu_hour = budgets_[static_cast<std::size_t>(job.kind)];
    if (std::isnan(per_gpu_hour)) per_gpu_hour = list_rent(view, job.gpu_model) * budget_share_;
    const double budget = per_gpu_hour * job.gpu_fraction() * job.run_time_s() / 3600.0;  // as budget_yuan
    if (!std::isfinite(budget)) return false;
    const double fraction = job.gpu_fraction();
    bool witness = false;
    bool memo = true;  // whether the thresholds below are all known
    thresholds_.clear();
    for (std::size_t s = 0; s < view.sites.size(); ++s) {
      const SiteView& site = view.sites[s];
      // A superset of candidate_pools' sites: up, and the data has a route (a finite transfer
      // estimate needs one).
      if (site.down || !view.data_reachable(job, static_cast<int>(s))) continue;
      const double transfer = transfer_yuan(view, job, static_cast<int>(s), transfer_yuan_per_gb_);
      for (std::size_t p = 0; p < site.pools.size(); ++p) {
        const PoolView& pool = site.pools[p];
        if (pool.total_gpus < job.gpus || !job.accepts(pool.gpu_model)) continue;
        const std::size_t slot = first_slot_[s] + p;
        const PoolQuote& q = quotes_[slot];
        if (!q.known) return false;
        const double load = pool.total_gpus > 0 ? static_cast<double>(demand_[slot] + pools.placed_gpus(static_cast<int>(s), static_cast<int>(p))) / pool.total_gpus : 0.0;
        const double premium = 1.0 + load_premium_ * load;
        const double gpu_hours = fraction * job.run_time_s(pool.gpu_model) / 3600.0;
        if (!(premium >= 0.0) || !(gpu_hours >= 0.0) || !std::isfinite(gpu_hours) || !std::isfinite(transfer)) return false;
        const double slack = kScreenSlack * (std::abs(budget) + q.magnitude * premium * gpu_hours + std::abs(transfer));
        const double loaded_low = q.idle_low * premium * gpu_hours + transfer;
        if (!(loaded_low > budget + slack)) return false;  // it might be affordable now
        if (memo) {
          const long long least = least_demand(q, pool.total_gpus, gpu_hours, transfer, budget);
          if (least == kNoMemo)
            memo = false;
          else if (least > 0)  // a demand is never negative (demands_known_)
            thresholds_.emplace_back(slot, least);
        }
        const double idle_slack = kScreenSlack * (std::abs(budget) + q.magnitude * gpu_hours + std::abs(transfer));
        if (!witness && q.idle_high * gpu_hours + transfer < budget - idle_slack &&
            std::isfinite(pools.transfer_estimate_s(job, static_cast<int>(s)))) {
          witness = true;  // surely a candidate, and affordable when idle: held, not rejected
          // A memo keeps the witness for the epoch: its transfer estimate must stay finite
          // whatever the transfers sharing the route (no overflow of bytes x sharing / bandwidth).
          const int from = view.data_site(job);
          const std::size_t route = static_cast<std::size_t>(from) * view.sites.size() + s;
          memo = memo && (from == static_cast<int>(s) || job.dataset_bytes <= 0.0 ||
                          (view.route_bandwidth_bps[route] >= 1.0 && job.dataset_bytes < 1e200));
        }
      }
    }
    held_memo_ = nullptr;
    if (witness && memo) {
      Memo& m = memos_[job.id];
      m.epoch = epoch_;
      m.key = key_of(job);
      m.min_demand.assign(thresholds_.begin(), thresholds_.end());
      held_memo_ = &m;
    }
    return witness;
  }
  /// The screen's test at a pool for `demand`: the lowest loaded price surely above the budget.
  bool surely_above(const PoolQuote& q, int total, double demand, double gpu_hours, double transfer,
                    double budget) const {
    const double load = total > 0 ? demand / total : 0.0;
    const double premium = 1.0 + load_premium_ * load;
    const double slack = kScreenSlack * (std::abs(budget) + q.magnitude * premium * gpu_hours + std::abs(transfer));
    return q.idle_low * premium * gpu_hours + transfer > budget + slack;
  }
  static constexpr long long kNoMemo = std::numeric_limits<long long>::max();
  static constexpr long long kAnyDemand = std::numeric_limits<long long>::min();
  /// The least demand at which surely_above still holds (checked), or kNoMemo when it cannot
  /// be relied on. Above it the quote only rises: the true quote is cost x (1 + margin) x the
  /// premium x GPU-hours with cost x (1 + margin) >= idle_low > 0 and the premium rising with
  /// demand; highest / lowest cost <= 1e3 keeps the rounding of a far larger quote in the slack.
  long long least_demand(const PoolQuote& q, int total, double gpu_hours, double transfer, double budget) const {
    if (!(q.idle_low > 0.0) || !(q.idle_high <= 1e3 * q.idle_low)) return kNoMemo;
    if (total <= 0 || !(load_premium_ > 0.0) || !(gpu_hours > 0.0)) return kAnyDemand;  // demand does not count
    const double per_premium = (q.idle_low - kScreenSlack * q.magnitude) * gpu_hours;
    if (!(per_premium > 0.0)) return kNoMemo;
    const double needed = budget - transfer + kScreenSlack * (std::abs(budget) + std::abs(transfer));
    const double demand = (needed / per_premium - 1.0) / load_premium_ * total;
    const std::optional<long long> floor = checked::to_integer<long long>(std::floor(demand), -(1LL << 50), 1LL << 50);
    if (!floor) return kNoMemo;
    long long least = *floor + 1;
    for (int tries = 0; tries < 4; ++tries, ++least)
      if (surely_above(q, total, static_cast<double>(least), gpu_hours, transfer, budget)) return least;
    return kNoMemo;
  }

  double margin_;
  double load_premium_;
  double budget_share_;
  double transfer_yuan_per_gb_;
  std::array<double, workloads::kJobKindCount> budgets_{};
  // Per-call scratch, kept so that a call allocates nothing once they have grown.
  std::vector<Candidate> candidates_;
  std::vector<std::pair<topology::GpuModelId, double>> rents_;
  std::vector<std::size_t> first_slot_;  ///< per site, the index of its pool 0 in quotes_
  std::vector<PoolQuote> quotes_;
  std::vector<long long> demand_;  ///< per slot, the pool's demand this call (before placements)
  std::vector<double> signature_, last_signature_, last_bandwidth_, last_latency_;
  std::uint64_t epoch_ = 0;
  std::unordered_map<std::uint64_t, Memo> memos_;  ///< by job id, for jobs the screen held
  std::vector<std::pair<std::size_t, long long>> thresholds_;
  bool demands_known_ = false;  ///< every pool's demand >= 0 this call (memos drop thresholds <= 0)
  Memo* held_memo_ = nullptr;   ///< the memo surely_held made, if any
  std::vector<std::pair<std::uint64_t, Memo*>> order_, next_order_;  ///< memos of the held jobs, in call order
  std::size_t cursor_ = 0;
  std::vector<std::uint64_t> dead_;  ///< memos to drop at the end of the call
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_POLICY(aicn::policy::Broker, "broker",
                     "GPU-pool scheduling platform: sites quote (electricity + depreciation) x margin x load premium "
                     "per GPU-hour, jobs carry budgets per GPU-hour; cheapest quote within budget, else hold",
                     aicn::registry::number("margin", "0.2", "supplier margin over cost (fraction)").at_least(0.0),
                     aicn::registry::number("load_premium", "1.0", "extra quote per unit of pool load (fraction)")
                         .at_least(0.0),
                     aicn::registry::number("budget_share", "0.5",
                                            "a job's budget as a share of the list rent of its own GPU model")
                         .at_least(0.0),
                     aicn::registry::number("transfer_yuan_per_gb", "0.05",
                                            "ASSUMED price of moving a GB between hubs (yuan/GB)")
                         .at_least(0.0),
                     aicn::registry::number_map("budget_yuan_per_gpu_hour", aicn::policy::job_kind_keys(),
                                                "budget per GPU-hour by job class, instead of budget_share (yuan)")
                         .above(0.0))
