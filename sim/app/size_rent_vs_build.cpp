// `aicn size rent-vs-build`: the seed's comparison of renting GPU servers with building them
// (seed 002, rent-vs-build table: an 8x A100-NVLink-80GB server at about 133,400 yuan a month on
// Alibaba Cloud, about 1.6 M yuan a year, against 1.45 M + 0.20 M + 0.15 M yuan to build), from
// topology/rent_vs_build.hpp and the price tiers (topology/price_tiers.hpp); see docs/leasing.md.
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "aicn/topology/economics.hpp"
#include "aicn/topology/price_tiers.hpp"
#include "aicn/topology/rent_vs_build.hpp"
#include "size_question.hpp"

namespace aicn::cli {
namespace {

// The seed's rent-vs-build case: Alibaba Cloud's 8x A100-NVLink-80GB server, 13.34万元 a month
// ("月租金约为13.34万元，对应全年租金约为160万元"). Alibaba's yearly subscription is 8.5折
// (15 % off) in the seed's price table.
constexpr double kSeedRentYuanPerMonth = 133400.0;
constexpr double kSeedRentYearlyDiscount = 0.15;

/// 1234567.4 -> "1,234,567".
std::string yuan(double value) {
  char digits[64];
  std::snprintf(digits, sizeof digits, "%.0f", value);
  // Built forwards, not with string::insert (GCC 12 warns falsely about it: -Wrestrict).
  const std::string text(digits);
  const std::size_t first = text[0] == '-' ? 1 : 0;
  std::string grouped = text.substr(0, first);
  for (std::size_t at = first; at < text.size(); ++at) {
    if (at > first && (text.size() - at) % 3 == 0) grouped.push_back(',');
    grouped.push_back(text[at]);
  }
  return grouped;
}

class RentVsBuildQuestion final : public SizeQuestion {
 public:
  int order() const override { return 40; }
  CLI::App* add_to(CLI::App& size) override {
    CLI::App* q = size.add_subcommand(
        "rent-vs-build", "renting GPU servers by the hour, month or year against building them, and the break-even "
                         "utilisation; the defaults are the seed's 8x A100-80GB case (133,400 yuan a month)");
    q->add_option("--gpu", gpu_, "GPU model (catalogue name)")->capture_default_str();
    q->add_option("--servers", servers_, "8-GPU servers")->capture_default_str();
    q->add_option("--years", years_, "how long they are needed")->capture_default_str();
    q->add_option("--rent-monthly", rent_monthly_,
                  "rent per server-month, yuan (default: 133,400 for the A100-80GB, else the price list's monthly tier)");
    q->add_option("--yearly-discount", yearly_discount_,
                  "yearly subscription discount (default: 0.15 with the seed's rent, else the price list's)");
    q->add_option("--hourly", hourly_, "on-demand price per GPU-hour, yuan (default: the price list's)");
    q->add_option("--capex", capex_, "build cost per server, yuan (default: the economics' server capex)");
    q->add_option("--depreciation-years", depreciation_years_, "straight line, no residual")->capture_default_str();
    q->add_option("--cash-share", cash_share_, "cash share of all costs (seed 60:40 -> 0.4)")->capture_default_str();
    return q;
  }
  int run() override {
    const topology::GpuModelId model = topology::find_gpu_model(gpu_);
    if (model < 0)
      throw std::invalid_argument("--gpu: unknown GPU model '" + gpu_ + "' (known: " + topology::gpu_model_names() + ")");
    if (servers_ < 1) throw std::invalid_argument("--servers: must be 1 or more, got " + std::to_string(servers_));
    const topology::ModelPrices list = topology::PriceList::defaults().at(model);  // a copy of a temporary's entry
    const bool seed_case = gpu_ == "A100-80GB";
    topology::RentVsBuildInputs in;
    in.servers = servers_;
    in.gpus_per_server = topology::kGpusPerPricedServer;
    in.years = years_;
    in.rent_yuan_per_server_month =
        is_set(rent_monthly_) ? rent_monthly_ : (seed_case ? kSeedRentYuanPerMonth : list.monthly_yuan_per_server);
    in.yearly_discount = is_set(yearly_discount_)
                             ? yearly_discount_
                             : (seed_case && !is_set(rent_monthly_) ? kSeedRentYearlyDiscount : list.yearly_discount);
    in.hourly_yuan_per_gpu = is_set(hourly_) ? hourly_ : list.hourly_yuan_per_gpu;
    in.capex_yuan_per_server =
        is_set(capex_) ? capex_ : topology::Economics::defaults().server_capex_yuan(model, in.gpus_per_server);
    in.depreciation_years = depreciation_years_;
    in.cash_cost_share = cash_share_;
    topology::RentVsBuild r;
    try {
      r = topology::rent_vs_build(in);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string("aicn size rent-vs-build: ") + e.what());
    }
    std::printf("case               %d servers of 8x %s for %g years\n", servers_, gpu_.c_str(), years_);
    std::printf("rent by the month  %s yuan/server-month = %s yuan/server-year; %s yuan in all\n",
                yuan(in.rent_yuan_per_server_month).c_str(), yuan(r.rent_per_server_year).c_str(),
                yuan(r.rent_total).c_str());
    std::printf("rent by the year   %g %% off 12 months = %s yuan/server-year; %s yuan in all\n",
                in.yearly_discount * 100.0, yuan(r.subscription_per_server_year).c_str(),
                yuan(r.subscription_total).c_str());
    std::printf("rent by the hour   %g yuan/GPU-hour = %s yuan/server-year used all year\n", in.hourly_yuan_per_gpu,
                yuan(r.on_demand_per_server_year).c_str());
    std::printf("build              capex %s yuan/server (%s up front); depreciation %s + cash cost %s = %s "
                "yuan/server-year; %s yuan in all, %s book value left\n",
                yuan(in.capex_yuan_per_server).c_str(), yuan(r.capex_total).c_str(),
                yuan(r.depreciation_per_server_year).c_str(), yuan(r.cash_cost_per_server_year).c_str(),
                yuan(r.build_per_server_year).c_str(), yuan(r.build_total).c_str(), yuan(r.book_value_left).c_str());
    std::printf("break-even utilisation %.1f %% (renting by the hour costs less below it, building above)\n",
                r.break_even_hourly_utilisation * 100.0);
    std::printf("break-even months  %.1f %% of months (renting by the month costs less below it)\n",
                r.break_even_monthly_share * 100.0);
    std::printf("note               building also needs a facility (not priced) and waits 3-4 months for "
                "delivery (seed); renting starts at once\n");
    return kExitOk;
  }

 private:
  static bool is_set(double value) { return !std::isnan(value); }
  std::string gpu_ = "A100-80GB";
  int servers_ = 1;
  double years_ = 1.0;
  double rent_monthly_ = std::nan(""), yearly_discount_ = std::nan(""), hourly_ = std::nan(""), capex_ = std::nan("");
  double depreciation_years_ = 5.0, cash_share_ = 0.4;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_SIZE_QUESTION(aicn::cli::RentVsBuildQuestion, "rent-vs-build")
