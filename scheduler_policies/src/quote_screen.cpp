#include "aicn/policy/quote_screen.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

#include "aicn/policy/energy_helpers.hpp"
#include "aicn/topology/checked_number.hpp"

namespace aicn::policy {
namespace {

/// Bitwise comparison: equal bits are equal figures (and NaN bits the same NaN).
bool same_bits(const std::vector<double>& now, const std::vector<double>& before) {
  return now.size() == before.size() &&
         (now.empty() || std::memcmp(now.data(), before.data(), now.size() * sizeof(double)) == 0);
}

}  // namespace

void QuoteScreen::start(const ClusterView& view) {
  first_slot_.clear();
  std::size_t slots = 0;
  for (const SiteView& site : view.sites) {
    first_slot_.push_back(slots);
    slots += site.pools.size();
  }
  // Every figure a memo relies on besides the pools' demand, as the view gives it, written
  // into a buffer sized once (this runs at every call).
  std::size_t size = view.hub_home_site.size();
  for (const SiteView& site : view.sites) size += 5 + 2 * site.price_schedule.size() + 5 * site.pools.size();
  signature_.resize(size);
  demand_.resize(slots);
  double* out = signature_.data();
  for (std::size_t s = 0; s < view.sites.size(); ++s) {
    const SiteView& site = view.sites[s];
    *out++ = static_cast<double>(site.pools.size());
    *out++ = site.down ? 1.0 : 0.0;
    *out++ = site.pue;
    *out++ = site.electricity_price_per_kwh;
    *out++ = static_cast<double>(site.price_schedule.size());
    for (const auto& [at, price] : site.price_schedule) {
      *out++ = at;
      *out++ = price;
    }
    for (std::size_t p = 0; p < site.pools.size(); ++p) {
      const PoolView& pool = site.pools[p];
      demand_[first_slot_[s] + p] =
          static_cast<long long>(pool.total_gpus) - pool.free_gpus + pool.queued_gpus + pool.inbound_gpus;
      *out++ = static_cast<double>(pool.gpu_model);
      *out++ = static_cast<double>(pool.total_gpus);
      *out++ = pool.gpu_busy_w;
      *out++ = pool.depreciation_yuan_per_gpu_hour;
      *out++ = pool.rent_yuan_per_gpu_hour;
    }
  }
  for (int home : view.hub_home_site) *out++ = home;
  demands_known_ = std::all_of(demand_.begin(), demand_.end(), [](long long d) { return d >= 0; });
  if (epoch_ != 0 && same_bits(signature_, last_signature_) && same_routes(view)) return;  // epoch 0: dead memos
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

bool QuoteScreen::same_routes(const ClusterView& view) const {
  // Only the rows out of the data sites (the hubs' home sites): all a job's reachability and
  // transfer estimate read.
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

QuoteScreen::JobKey QuoteScreen::key_of(const workloads::Job& job) {
  return {&job,         job.gpus,        job.gpu_model,     static_cast<int>(job.kind), job.origin_hub,
          job.alternative_gpu_models.size(), job.flops, job.duration_s, job.utilisation, job.dataset_bytes,
          job.memory_bytes, job.gpu_fraction()};
}

QuoteScreen::PoolQuote QuoteScreen::quote_of(const SiteView& site, const PoolView& pool) const {
  PoolQuote q;
  const PriceBounds prices = price_bounds(site);
  const double per_kwh = pool.gpu_busy_w / 1000.0 * site.pue;  // kWh per GPU-hour
  const double a = per_kwh * prices.low, b = per_kwh * prices.high;
  const double dep = pool.depreciation_yuan_per_gpu_hour;
  q.idle_low = (std::min(a, b) + dep) * (1.0 + terms_.margin);
  q.idle_high = (std::max(a, b) + dep) * (1.0 + terms_.margin);
  q.magnitude = (std::max(std::abs(a), std::abs(b)) + std::abs(dep)) * (1.0 + terms_.margin);
  q.known = std::isfinite(q.idle_low) && std::isfinite(q.idle_high) && std::isfinite(q.magnitude);
  return q;
}

QuoteScreen::Memo* QuoteScreen::find_memo(const workloads::Job& job) {
  if (cursor_ < order_.size() && order_[cursor_].first == job.id) return order_[cursor_++].second;
  const auto found = memos_.find(job.id);
  return found == memos_.end() ? nullptr : &found->second;
}

bool QuoteScreen::memo_held(const workloads::Job& job) {
  found_ = find_memo(job);
  if (!found_ || found_->epoch != epoch_ || !demands_known_ || !(found_->key == key_of(job))) return false;
  for (const auto& [slot, least] : found_->min_demand)
    if (demand_[slot] < least) return false;
  next_order_.emplace_back(job.id, found_);
  return true;
}

bool QuoteScreen::surely_held(const ClusterView& view, const ProjectedPools& pools, const workloads::Job& job,
                              double budget) {
  if (!std::isfinite(budget)) return false;
  const double fraction = job.gpu_fraction();
  bool witness = false;
  bool memo = true;  // whether the thresholds below can all be relied on
  thresholds_.clear();
  // The pools of the job's models in layout order (for_each_listed_pool), as a scan of every
  // site and pool would meet them.
  bool give_up = false;  // a pool might be affordable now, or a figure is not finite
  int site_index = -1;
  bool site_open = false;  // up, and the data has a route (a finite transfer estimate needs one)
  double transfer = 0.0;
  for_each_listed_pool(view, job, [&](int s, int p) {
    const SiteView& site = view.sites[static_cast<std::size_t>(s)];
    if (s != site_index) {  // a superset of candidate_pools' sites
      site_index = s;
      site_open = !site.down && view.data_reachable(job, s);
      if (site_open) transfer = transfer_yuan(view, job, s, terms_.transfer_yuan_per_gb);
    }
    if (!site_open) return true;
    const PoolView& pool = site.pools[static_cast<std::size_t>(p)];
    if (pool.total_gpus < job.gpus || !job.accepts(pool.gpu_model)) return true;
    const std::size_t slot = first_slot_[static_cast<std::size_t>(s)] + static_cast<std::size_t>(p);
    const PoolQuote& q = quotes_[slot];
    const long long demand = demand_[slot] + pools.placed_gpus(s, p);
    const double gpu_hours = fraction * job.run_time_s(pool.gpu_model) / 3600.0;
    const double load = pool.total_gpus > 0 ? static_cast<double>(demand) / pool.total_gpus : 0.0;
    const double premium = 1.0 + terms_.load_premium * load;
    if (!q.known || !(premium >= 0.0) || !(gpu_hours >= 0.0) || !std::isfinite(gpu_hours) || !std::isfinite(transfer) ||
        !surely_above(q, pool.total_gpus, static_cast<double>(demand), gpu_hours, transfer, budget)) {
      give_up = true;  // it might be affordable there now
      return false;
    }
    if (memo) {
      const long long least = least_demand(q, pool.total_gpus, gpu_hours, transfer, budget);
      if (least == kNoMemo)
        memo = false;
      else if (least > 0)  // demands are never negative while a memo is used (demands_known_)
        thresholds_.emplace_back(slot, least);
    }
    const double idle_slack = kSlack * (std::abs(budget) + q.magnitude * gpu_hours + std::abs(transfer));
    if (!witness && q.idle_high * gpu_hours + transfer < budget - idle_slack &&
        std::isfinite(pools.transfer_estimate_s(job, s))) {
      witness = true;  // surely a candidate, and affordable when idle: held, not rejected
      // A memo keeps the witness for the epoch: its transfer estimate must stay finite
      // whatever the transfers sharing the route (no overflow of bytes x sharing / bandwidth).
      const int from = view.data_site(job);
      const std::size_t route = static_cast<std::size_t>(from) * view.sites.size() + static_cast<std::size_t>(s);
      memo = memo && (from == s || job.dataset_bytes <= 0.0 ||
                      (view.route_bandwidth_bps[route] >= 1.0 && job.dataset_bytes < 1e200));
    }
    return true;
  });
  if (give_up) return false;
  if (witness && memo) {
    Memo& m = memos_[job.id];
    m.epoch = epoch_;
    m.key = key_of(job);
    m.min_demand.assign(thresholds_.begin(), thresholds_.end());
    next_order_.emplace_back(job.id, &m);
  }
  return witness;
}

bool QuoteScreen::surely_above(const PoolQuote& q, int total, double demand, double gpu_hours, double transfer,
                               double budget) const {
  const double premium = 1.0 + terms_.load_premium * (total > 0 ? demand / total : 0.0);
  const double slack = kSlack * (std::abs(budget) + q.magnitude * premium * gpu_hours + std::abs(transfer));
  return q.idle_low * premium * gpu_hours + transfer > budget + slack;
}

long long QuoteScreen::least_demand(const PoolQuote& q, int total, double gpu_hours, double transfer,
                                    double budget) const {
  // Above the result the quote only rises: the true quote is cost x (1 + margin) x the premium
  // x GPU-hours with cost x (1 + margin) >= idle_low > 0 and the premium rising with demand;
  // highest / lowest cost <= 1e3 keeps the rounding of a far larger quote within the slack.
  if (!(q.idle_low > 0.0) || !(q.idle_high <= 1e3 * q.idle_low)) return kNoMemo;
  if (total <= 0 || !(terms_.load_premium > 0.0) || !(gpu_hours > 0.0)) return kAnyDemand;  // demand does not count
  const double per_premium = (q.idle_low - kSlack * q.magnitude) * gpu_hours;
  if (!(per_premium > 0.0)) return kNoMemo;
  const double needed = budget - transfer + kSlack * (std::abs(budget) + std::abs(transfer));
  const double demand = (needed / per_premium - 1.0) / terms_.load_premium * total;
  const std::optional<long long> floor = checked::to_integer<long long>(std::floor(demand), -(1LL << 50), 1LL << 50);
  if (!floor) return kNoMemo;
  long long least = *floor + 1;  // then checked with the screen's own test
  for (int tries = 0; tries < 4; ++tries, ++least)
    if (surely_above(q, total, static_cast<double>(least), gpu_hours, transfer, budget)) return least;
  return kNoMemo;
}

void QuoteScreen::priced(const workloads::Job& job) {
  if (!found_) return;
  found_->epoch = 0;  // dropped in finish(), so that order_ never points at a freed memo
  dead_.push_back(job.id);
}

void QuoteScreen::finish() {
  for (std::uint64_t id : dead_) {
    const auto found = memos_.find(id);
    if (found != memos_.end() && found->second.epoch == 0) memos_.erase(found);
  }
  dead_.clear();
  std::swap(order_, next_order_);
  next_order_.clear();
  cursor_ = 0;
  found_ = nullptr;
}

}  // namespace aicn::policy
