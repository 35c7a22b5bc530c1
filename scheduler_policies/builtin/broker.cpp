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
// Held jobs are offered again at every event; QuoteScreen (quote_screen.hpp) answers most of
// those offers without exact pricing, always with the decision the pricing would give.
// Parameters: margin (0.2), load_premium (1.0), budget_share (0.5), transfer_yuan_per_gb
// (0.05), budget_yuan_per_gpu_hour: {training: 12, serving: 20, ...} (per class, optional).
// A site with no known electricity price quotes its electricity at 0 (as the accounting counts it).
#include <array>
#include <cmath>
#include <limits>

#include "aicn/policy/builtin_helpers.hpp"
#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/energy_helpers.hpp"
#include "aicn/policy/quote_screen.hpp"

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
        transfer_yuan_per_gb_(context.params.number("transfer_yuan_per_gb")),
        screen_({margin_, load_premium_, transfer_yuan_per_gb_}) {
    budgets_.fill(std::numeric_limits<double>::quiet_NaN());
    // The declared keys are the job kind names, so each parses.
    for (const auto& [name, budget] : context.params.table("budget_yuan_per_gpu_hour"))
      budgets_[static_cast<std::size_t>(*workloads::parse_job_kind(name))] = budget;
  }

  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    ProjectedPools pools(view);
    rents_.clear();  // list rents per model, looked up once per call
    screen_.start(view);
    std::vector<Decision> decisions;
    decisions.reserve(pending.size());
    for (const workloads::Job* job : pending) {
      // Held by the screen, as the pricing below would answer: no decision, which holds it
      // (DispatchPolicy::decide). Most offers are such re-offers of held jobs at every event,
      // and a hold decision per job was most of their cost, the broker's and the dispatcher's.
      if (screen_.memo_held(*job) || screen_.surely_held(view, pools, *job, screen_budget(view, *job))) continue;
      screen_.priced(*job);
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
    screen_.finish();
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

  /// The job's budget for its whole run as budget_yuan computes it, or NaN when that needs
  /// the first candidate's rent (no pool of its own model): the screen then leaves it to pricing.
  double screen_budget(const ClusterView& view, const workloads::Job& job) {
    double per_gpu_hour = budgets_[static_cast<std::size_t>(job.kind)];
    if (std::isnan(per_gpu_hour)) per_gpu_hour = list_rent(view, job.gpu_model) * budget_share_;
    return per_gpu_hour * job.gpu_fraction() * job.run_time_s() / 3600.0;
  }

  double margin_;
  double load_premium_;
  double budget_share_;
  double transfer_yuan_per_gb_;
  std::array<double, workloads::kJobKindCount> budgets_{};
  // Per-call scratch, kept so that a call allocates nothing once they have grown.
  std::vector<Candidate> candidates_;
  std::vector<std::pair<topology::GpuModelId, double>> rents_;
  QuoteScreen screen_;
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
