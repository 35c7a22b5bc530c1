#pragma once
/// @file market.hpp
/// The trading platform of the seed's "GPU-pool scheduling" business model (算力调度: a
/// light-asset platform matching suppliers' and buyers' quotes): AIDCs post supply quotes,
/// buyers post demand bids, and a matching rule, registered by name like a dispatch policy,
/// pairs them in a round and prices each match; the platform keeps what the buyer pays above
/// what the seller gets. Pure code (no engine); docs/leasing.md describes the rules.
///
/// A round at time `now`: a bid is matched whole to ONE quote (a job is not split across
/// sites) of its GPU model with enough GPUs left, starting at max(now, quote.earliest) and
/// ending `duration` later, no later than the quote's `latest` nor the bid's `deadline`; the
/// GPUs a match takes leave the quote for the round (several bids share a quote's GPUs side
/// by side, not one after another). Unmatched quotes and bids stay for the next round.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/topology/param_spec.hpp"
#include "aicn/topology/registry.hpp"

namespace aicn::policy {

/// An AIDC offers `gpus` GPUs of `model` between `earliest_s` and `latest_s`, for no less than
/// `min_yuan_per_gpu_hour`.
struct SupplyQuote {
  std::uint64_t id = 0;
  std::string site;
  topology::GpuModelId model = -1;
  int gpus = 0;
  double earliest_s = 0.0;
  double latest_s = 0.0;
  double min_yuan_per_gpu_hour = 0.0;
  double posted_s = 0.0;
};

/// A buyer wants `gpus` GPUs of `model` for `duration_s`, done by `deadline_s`, for no more
/// than `max_yuan_per_gpu_hour`.
struct DemandBid {
  std::uint64_t id = 0;
  std::string buyer;
  topology::GpuModelId model = -1;
  int gpus = 0;
  double duration_s = 0.0;
  double deadline_s = 0.0;
  double max_yuan_per_gpu_hour = 0.0;
  double posted_s = 0.0;
};

/// One trade: the bid's GPUs on the quote's site from start_s to end_s.
struct Match {
  std::uint64_t quote_id = 0;
  std::uint64_t bid_id = 0;
  int gpus = 0;
  double start_s = 0.0;
  double end_s = 0.0;
  double buyer_yuan_per_gpu_hour = 0.0;   ///< what the buyer pays
  double seller_yuan_per_gpu_hour = 0.0;  ///< what the AIDC gets

  double gpu_hours() const { return gpus * (end_s - start_s) / 3600.0; }
  double buyer_yuan() const { return buyer_yuan_per_gpu_hour * gpu_hours(); }
  double seller_yuan() const { return seller_yuan_per_gpu_hour * gpu_hours(); }
  double platform_yuan() const { return buyer_yuan() - seller_yuan(); }
};

/// The platform's books over matches: what buyers paid, sellers got, the platform kept.
struct MarketBooks {
  int matches = 0;
  double gpu_hours = 0.0;
  double buyer_yuan = 0.0;
  double seller_yuan = 0.0;
  double platform_yuan = 0.0;
};
MarketBooks market_books(std::span<const Match> matches);

/// A price per PFLOPS-year (dense FP16) as a price per GPU-hour of `model`, and back: the seed
/// prices capacity both ways (20万元/P/年 bought, 180 yuan per 8x A100 server-hour sold).
double yuan_per_gpu_hour_from_pflops_year(double yuan_per_pflops_year, topology::GpuModelId model);
double yuan_per_pflops_year_from_gpu_hour(double yuan_per_gpu_hour, topology::GpuModelId model);

struct MarketContext {
  registry::ParamValues params;
};

class MatchingRule {
 public:
  virtual ~MatchingRule() = default;
  /// One round at `now_s` over the open quotes and bids; the matches, in the order made.
  virtual std::vector<Match> match(std::span<const SupplyQuote> quotes, std::span<const DemandBid> bids,
                                   double now_s) = 0;
};

class MatchingRuleRegistry final : public registry::Registry<MatchingRule, MarketContext> {
 public:
  static MatchingRuleRegistry& instance();
  /// Checks `params` against the rule's declaration and builds it.
  std::unique_ptr<MatchingRule> make(std::string_view name, const config::ConfigNode& params) const;

 private:
  MatchingRuleRegistry() : Registry("matching rule") {}
};

/// Price-time priority, the order every built-in rule matches in: bids by highest price, then
/// earliest posted, then id; each takes the cheapest feasible quote whose price, marked up by
/// `margin`, is within its bid (ties: earliest posted, then id). `price` sets the match's
/// prices from the bid and the quote; returns the matches.
using MatchPricing = void (*)(const SupplyQuote& quote, const DemandBid& bid, double margin, Match& match);
std::vector<Match> match_price_time(std::span<const SupplyQuote> quotes, std::span<const DemandBid> bids, double now_s,
                                    double margin, MatchPricing price);

}  // namespace aicn::policy

#define AICN_REGISTER_MATCHING_RULE(Class, name, description, ...)                                 \
  namespace {                                                                                      \
  [[maybe_unused]] const bool AICN_REGISTRY_CONCAT(aicn_matching_rule_registered_, __LINE__) =     \
      ::aicn::policy::MatchingRuleRegistry::instance().add(                                        \
          {name, description, std::vector<::aicn::registry::ParamSpec>{__VA_ARGS__},               \
           [](const ::aicn::policy::MarketContext& context) -> std::unique_ptr<::aicn::policy::MatchingRule> { \
             return std::make_unique<Class>(context);                                              \
           }});                                                                                    \
  }
