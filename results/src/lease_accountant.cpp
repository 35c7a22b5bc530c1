#include "aicn/results/lease_accountant.hpp"

#include <cmath>
#include <limits>

namespace aicn::results {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

nlohmann::ordered_json number_or_null(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

}  // namespace

LeaseAccountant::LeaseAccountant(const topology::Layout& layout, const std::vector<topology::Lease>& leases,
                                 const topology::SitePrices& prices, const topology::Economics& economics)
    : layout_(layout), specs_(leases), prices_(prices), economics_(economics), leases_(leases.size()) {
  for (const auto& site : layout.sites) pools_.emplace_back(site.pools.size());
}

void LeaseAccountant::set_platform_matches(std::size_t first, const std::vector<double>& per_gpu_hour) {
  has_platform_ = true;
  platform_first_ = first;
  platform_per_gpu_hour_ = per_gpu_hour;
}

void LeaseAccountant::advance_pool(Pool& p, double now_s) {
  const double dt = now_s - p.since_s;
  p.busy_gpu_s += p.busy * dt;
  p.leased_busy_gpu_s += p.leased_busy * dt;
  p.since_s = now_s;
}

void LeaseAccountant::advance_lease(int index, double now_s) {
  Lease& l = leases_[static_cast<std::size_t>(index)];
  const double dt = now_s - l.since_s;
  if (l.running) {
    l.running_s += dt;
    l.busy_gpu_s += l.busy * dt;
  }
  l.since_s = now_s;
}

void LeaseAccountant::pool_busy_changed(double now_s, int site, int pool_index, int busy_gpus) {
  Pool& p = pool(site, pool_index);
  advance_pool(p, now_s);
  p.busy = busy_gpus;
}

void LeaseAccountant::lease_started(double now_s, int index) {
  const topology::Lease& spec = specs_[static_cast<std::size_t>(index)];
  Lease& l = leases_[static_cast<std::size_t>(index)];
  Pool& p = pool(spec.site, spec.pool);
  advance_pool(p, now_s);
  advance_lease(index, now_s);
  l.running = true;
  p.leased_busy += l.busy;
}

void LeaseAccountant::lease_ended(double now_s, int index) {
  const topology::Lease& spec = specs_[static_cast<std::size_t>(index)];
  Lease& l = leases_[static_cast<std::size_t>(index)];
  Pool& p = pool(spec.site, spec.pool);
  advance_pool(p, now_s);
  advance_lease(index, now_s);
  // A lessee job still running past its lease's end counts as on-demand from now on.
  if (l.running) p.leased_busy -= l.busy;
  l.running = false;
}

void LeaseAccountant::lease_busy_changed(double now_s, int index, int busy_gpus) {
  const topology::Lease& spec = specs_[static_cast<std::size_t>(index)];
  Lease& l = leases_[static_cast<std::size_t>(index)];
  Pool& p = pool(spec.site, spec.pool);
  advance_pool(p, now_s);
  advance_lease(index, now_s);
  if (l.running) p.leased_busy += busy_gpus - l.busy;
  l.busy = busy_gpus;
}

void LeaseAccountant::finish(double end_s) {
  end_s_ = end_s;
  for (auto& site : pools_)
    for (Pool& p : site) advance_pool(p, end_s);
  lease_books_.assign(specs_.size(), {});
  site_books_.assign(layout_.sites.size(), {});
  total_ = {};
  platform_ = {};
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    advance_lease(static_cast<int>(i), end_s);
    const topology::Lease& spec = specs_[i];
    const Lease& l = leases_[i];
    LeaseBooks& books = lease_books_[i];
    books.running_h = l.running_s / 3600.0;
    // A lease is paid for the time it ran in the window, used or not.
    books.revenue_yuan = spec.yuan_per_gpu_hour * spec.gpus * books.running_h;
    books.busy_gpu_h = l.busy_gpu_s / 3600.0;
    books.idle_paid_gpu_h = spec.gpus * books.running_h - books.busy_gpu_h;
    if (has_platform_ && i >= platform_first_ && i - platform_first_ < platform_per_gpu_hour_.size()) {
      // A match: the lease's price is what the AIDC gets; the buyer paid the platform's share more.
      const double gpu_h = spec.gpus * books.running_h;
      const double kept = platform_per_gpu_hour_[i - platform_first_] * gpu_h;
      ++platform_.matched_leases;
      platform_.gpu_hours += gpu_h;
      platform_.seller_yuan += books.revenue_yuan;
      platform_.platform_yuan += kept;
      platform_.buyer_yuan += books.revenue_yuan + kept;
    }
    SiteBooks& site = site_books_[static_cast<std::size_t>(spec.site)];
    site.lease_revenue_yuan += books.revenue_yuan;
    site.leased_gpu_h += spec.gpus * books.running_h;
    site.leased_busy_gpu_h += books.busy_gpu_h;
  }
  const double years = end_s / (topology::kHoursPerYear * 3600.0);
  for (std::size_t s = 0; s < layout_.sites.size(); ++s) {
    const topology::Site& site = layout_.sites[s];
    const topology::PriceList& list = prices_.for_site(site.name);
    SiteBooks& books = site_books_[s];
    double capacity_gpu_h = 0.0, capex = 0.0;
    for (std::size_t p = 0; p < site.pools.size(); ++p) {
      const topology::GpuPool& gpus = site.pools[p];
      const Pool& state = pools_[s][p];
      const double on_demand_gpu_h = (state.busy_gpu_s - state.leased_busy_gpu_s) / 3600.0;
      books.on_demand_busy_gpu_h += on_demand_gpu_h;
      books.on_demand_revenue_yuan += on_demand_gpu_h * list.at(gpus.gpu_model).hourly_yuan_per_gpu;
      capacity_gpu_h += gpus.gpus * end_s / 3600.0;
      capex += economics_.server_capex_yuan(gpus.gpu_model, gpus.gpus_per_server) * gpus.servers();
    }
    books.on_demand_capacity_gpu_h = capacity_gpu_h - books.leased_gpu_h;
    books.capex_yuan = capex;
    close(books, years);
    total_.lease_revenue_yuan += books.lease_revenue_yuan;
    total_.on_demand_revenue_yuan += books.on_demand_revenue_yuan;
    total_.leased_gpu_h += books.leased_gpu_h;
    total_.leased_busy_gpu_h += books.leased_busy_gpu_h;
    total_.on_demand_capacity_gpu_h += books.on_demand_capacity_gpu_h;
    total_.on_demand_busy_gpu_h += books.on_demand_busy_gpu_h;
    total_.capex_yuan += capex;
  }
  close(total_, years);
}

void LeaseAccountant::close(SiteBooks& books, double years) const {
  books.idle_paid_gpu_h = books.leased_gpu_h - books.leased_busy_gpu_h;
  books.leased_utilisation = books.leased_gpu_h > 0.0 ? books.leased_busy_gpu_h / books.leased_gpu_h : kNaN;
  books.on_demand_utilisation =
      books.on_demand_capacity_gpu_h > 0.0 ? books.on_demand_busy_gpu_h / books.on_demand_capacity_gpu_h : kNaN;
  const double revenue = books.lease_revenue_yuan + books.on_demand_revenue_yuan;
  const double revenue_per_year = years > 0.0 ? revenue / years : 0.0;
  const double cash = topology::annual_cash_cost_yuan(books.capex_yuan, economics_.business.depreciation_years,
                                                      economics_.business.cash_cost_share);
  books.payback_years = topology::payback_years(books.capex_yuan, revenue_per_year, cash);
  // Depreciation straight-line over the economics' years, as rent-vs-build counts building.
  const double depreciation = economics_.business.depreciation_years > 0.0
                                  ? books.capex_yuan / economics_.business.depreciation_years
                                  : 0.0;
  books.cost_yuan = (depreciation + cash) * years;
  books.margin_yuan = revenue - books.cost_yuan;
}

nlohmann::ordered_json LeaseAccountant::books_json(const SiteBooks& b) {
  nlohmann::ordered_json site;
  site["lease_revenue_yuan"] = b.lease_revenue_yuan;
  site["on_demand_revenue_yuan"] = b.on_demand_revenue_yuan;
  site["leased_gpu_hours"] = b.leased_gpu_h;
  site["leased_busy_gpu_hours"] = b.leased_busy_gpu_h;
  site["idle_paid_gpu_hours"] = b.idle_paid_gpu_h;
  site["on_demand_capacity_gpu_hours"] = b.on_demand_capacity_gpu_h;
  site["on_demand_busy_gpu_hours"] = b.on_demand_busy_gpu_h;
  site["leased_utilisation"] = number_or_null(b.leased_utilisation);
  site["on_demand_utilisation"] = number_or_null(b.on_demand_utilisation);
  site["payback_years"] = number_or_null(b.payback_years);
  site["cost_yuan"] = b.cost_yuan;
  site["margin_yuan"] = b.margin_yuan;
  return site;
}

nlohmann::ordered_json LeaseAccountant::to_json() const {
  nlohmann::ordered_json root;
  root["sites"] = nlohmann::ordered_json::array();
  for (std::size_t s = 0; s < site_books_.size(); ++s) {
    nlohmann::ordered_json site;
    site["name"] = layout_.sites[s].name;
    const nlohmann::ordered_json books = books_json(site_books_[s]);  // named: items() keeps no temporary alive
    for (const auto& [key, value] : books.items()) site[key] = value;
    root["sites"].push_back(site);
  }
  root["total"] = books_json(total_);
  if (has_platform_) {
    nlohmann::ordered_json platform;
    platform["matched_leases"] = platform_.matched_leases;
    platform["gpu_hours"] = platform_.gpu_hours;
    platform["buyer_yuan"] = platform_.buyer_yuan;
    platform["seller_yuan"] = platform_.seller_yuan;
    platform["margin_yuan"] = platform_.platform_yuan;
    root["platform"] = platform;
  }
  root["leases"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < lease_books_.size(); ++i) {
    const LeaseBooks& b = lease_books_[i];
    const topology::Lease& spec = specs_[i];
    nlohmann::ordered_json lease;
    lease["id"] = spec.id;
    lease["site"] = layout_.sites[static_cast<std::size_t>(spec.site)].name;
    lease["gpus"] = spec.gpus;
    lease["tier"] = topology::price_tier_name(spec.tier);
    lease["yuan_per_gpu_hour"] = spec.yuan_per_gpu_hour;
    lease["running_hours"] = b.running_h;
    lease["revenue_yuan"] = b.revenue_yuan;
    lease["busy_gpu_hours"] = b.busy_gpu_h;
    lease["idle_paid_gpu_hours"] = b.idle_paid_gpu_h;
    root["leases"].push_back(lease);
  }
  return root;
}

std::vector<BooksRow> LeaseAccountant::books_rows() const {
  std::vector<BooksRow> rows;
  auto row = [](const char* scope, const char* name, const char* site, const SiteBooks& b) {
    return BooksRow{scope, name, site, b.lease_revenue_yuan, b.on_demand_revenue_yuan, b.leased_gpu_h,
                    b.leased_busy_gpu_h, b.idle_paid_gpu_h, b.on_demand_capacity_gpu_h, b.on_demand_busy_gpu_h,
                    b.margin_yuan, b.payback_years};
  };
  for (std::size_t s = 0; s < site_books_.size(); ++s) {
    const char* name = layout_.sites[s].name.c_str();
    rows.push_back(row("site", name, name, site_books_[s]));
  }
  rows.push_back(row("total", "all", "", total_));
  if (has_platform_)  // the platform's row: buyers' payments as revenue, its margin as margin
    rows.push_back(BooksRow{"platform", "platform", "", platform_.buyer_yuan, 0.0, platform_.gpu_hours, 0.0, 0.0, 0.0, 0.0,
                            platform_.platform_yuan, kNaN});
  for (std::size_t i = 0; i < lease_books_.size(); ++i) {
    const LeaseBooks& b = lease_books_[i];
    const topology::Lease& spec = specs_[i];
    rows.push_back(BooksRow{"lease", spec.id.c_str(), layout_.sites[static_cast<std::size_t>(spec.site)].name.c_str(),
                            b.revenue_yuan, 0.0, spec.gpus * b.running_h, b.busy_gpu_h, b.idle_paid_gpu_h, 0.0, 0.0,
                            kNaN, kNaN});
  }
  return rows;
}

}  // namespace aicn::results
