#pragma once
/// @file lease_accountant.hpp
/// The books of each site under leases (topology/lease.hpp) and price tiers
/// (topology/price_tiers.hpp): revenue by contract type (leases at their tier price for the
/// time they ran; on-demand GPU-hours at the site's hourly tier), leased and on-demand
/// utilisation, leased capacity paid for but idle, and payback. Integrated exactly from the
/// run's events (pool_busy_changed, lease_*), like EnergyAccountant. Pure: no SimGrid.
#include <vector>

#include <nlohmann/json.hpp>

#include "aicn/results/run_observer.hpp"
#include "aicn/topology/economics.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/topology/lease.hpp"
#include "aicn/topology/price_tiers.hpp"

namespace aicn::results {

/// One site's books over the measured window.
struct SiteBooks {
  double lease_revenue_yuan = 0.0;
  double on_demand_revenue_yuan = 0.0;
  double leased_gpu_h = 0.0;       ///< GPU-hours under running leases
  double leased_busy_gpu_h = 0.0;  ///< of those, used by the lessees' jobs
  double idle_paid_gpu_h = 0.0;    ///< leased - leased busy
  double on_demand_capacity_gpu_h = 0.0;  ///< all GPU-hours less the leased ones
  double on_demand_busy_gpu_h = 0.0;      ///< busy GPU-hours not on a running lease
  double leased_utilisation = 0.0;        ///< NaN without leases
  double on_demand_utilisation = 0.0;     ///< NaN without on-demand capacity
  double payback_years = 0.0;  ///< capex / (revenue per year - cash cost per year); +inf: never
};

/// One lease's books.
struct LeaseBooks {
  double running_h = 0.0;  ///< hours it ran within the window
  double revenue_yuan = 0.0;
  double busy_gpu_h = 0.0;
  double idle_paid_gpu_h = 0.0;
};

class LeaseAccountant : public RunObserver {
 public:
  /// All four must outlive the accountant.
  LeaseAccountant(const topology::Layout& layout, const std::vector<topology::Lease>& leases,
                  const topology::SitePrices& prices, const topology::Economics& economics);
  LeaseAccountant(const topology::Layout&, std::vector<topology::Lease>&&, const topology::SitePrices&,
                  const topology::Economics&) = delete;

  void pool_busy_changed(double now_s, int site, int pool, int busy_gpus) override;
  void lease_started(double now_s, int lease) override;
  void lease_ended(double now_s, int lease) override;
  void lease_busy_changed(double now_s, int lease, int busy_gpus) override;

  /// Closes every interval at `end_s`; the books per site (layout order) and per lease.
  void finish(double end_s);
  const std::vector<SiteBooks>& sites() const { return site_books_; }
  const std::vector<LeaseBooks>& leases() const { return lease_books_; }
  /// {"sites": [...], "leases": [...]} for summary.json (NaN and infinity as null).
  nlohmann::ordered_json to_json() const;

 private:
  struct Pool {
    int busy = 0;
    int leased_busy = 0;  ///< lessee GPUs on running leases of this pool
    double since_s = 0.0;
    double busy_gpu_s = 0.0, leased_busy_gpu_s = 0.0;
  };
  struct Lease {
    bool running = false;
    int busy = 0;
    double since_s = 0.0;
    double running_s = 0.0, busy_gpu_s = 0.0;
  };
  Pool& pool(int site, int pool) { return pools_[static_cast<std::size_t>(site)][static_cast<std::size_t>(pool)]; }
  void advance_pool(Pool& p, double now_s);
  void advance_lease(int index, double now_s);

  const topology::Layout& layout_;
  const std::vector<topology::Lease>& specs_;
  const topology::SitePrices& prices_;
  const topology::Economics& economics_;
  std::vector<std::vector<Pool>> pools_;
  std::vector<Lease> leases_;
  std::vector<SiteBooks> site_books_;
  std::vector<LeaseBooks> lease_books_;
  double end_s_ = 0.0;
};

}  // namespace aicn::results
