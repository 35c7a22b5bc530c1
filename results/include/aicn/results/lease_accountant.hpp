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
#include "aicn/results/trace_rows.hpp"
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
  double capex_yuan = 0.0;     ///< the site's servers
  /// The window's share of a year of straight-line depreciation and cash cost.
  double cost_yuan = 0.0;
  double margin_yuan = 0.0;    ///< lease + on-demand revenue - cost_yuan
};

/// One lease's books.
struct LeaseBooks {
  double running_h = 0.0;  ///< hours it ran within the window
  double revenue_yuan = 0.0;
  double busy_gpu_h = 0.0;
  double idle_paid_gpu_h = 0.0;
};

/// The trading platform's books (scenario key `market`): its matches are leases; over the
/// hours they ran in the window, what buyers paid, the AIDCs got and the platform kept.
struct PlatformBooks {
  int matched_leases = 0;
  double gpu_hours = 0.0;
  double buyer_yuan = 0.0;
  double seller_yuan = 0.0;
  double platform_yuan = 0.0;  ///< buyer - seller: the platform's margin
};

class LeaseAccountant : public RunObserver {
 public:
  /// All four must outlive the accountant.
  LeaseAccountant(const topology::Layout& layout, const std::vector<topology::Lease>& leases,
                  const topology::SitePrices& prices, const topology::Economics& economics);
  LeaseAccountant(const topology::Layout&, std::vector<topology::Lease>&&, const topology::SitePrices&,
                  const topology::Economics&) = delete;

  /// Leases from `first` on are the platform's matches, the platform keeping
  /// `per_gpu_hour[i - first]` yuan per GPU-hour of lease i (the AIDC gets the lease's price).
  void set_platform_matches(std::size_t first, const std::vector<double>& per_gpu_hour);

  void pool_busy_changed(double now_s, int site, int pool, int busy_gpus) override;
  void lease_started(double now_s, int lease) override;
  void lease_ended(double now_s, int lease) override;
  void lease_busy_changed(double now_s, int lease, int busy_gpus) override;

  /// Closes every interval at `end_s`; the books per site (layout order) and per lease.
  void finish(double end_s);
  const std::vector<SiteBooks>& sites() const { return site_books_; }
  /// Every site together: sums, and utilisations and payback of the sums.
  const SiteBooks& total() const { return total_; }
  const PlatformBooks& platform() const { return platform_; }
  const std::vector<LeaseBooks>& leases() const { return lease_books_; }
  /// {"sites": [...], "total": {...}, "leases": [...]} for summary.json (NaN and infinity as null).
  nlohmann::ordered_json to_json() const;
  /// The same as rows of the trace's /leasing/books: every site, the total, then every lease
  /// (the texts point into the layout and the leases).
  std::vector<BooksRow> books_rows() const;

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
  /// Fills the ratios of `books` (utilisations, payback, margin) from its sums over `years`.
  void close(SiteBooks& books, double years) const;
  static nlohmann::ordered_json books_json(const SiteBooks& books);

  std::vector<SiteBooks> site_books_;
  SiteBooks total_;
  PlatformBooks platform_;
  bool has_platform_ = false;
  std::size_t platform_first_ = 0;
  std::vector<double> platform_per_gpu_hour_;
  std::vector<LeaseBooks> lease_books_;
  double end_s_ = 0.0;
};

}  // namespace aicn::results
