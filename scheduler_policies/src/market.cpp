#include "aicn/policy/market.hpp"

#include <algorithm>
#include <numeric>

namespace aicn::policy {

MatchingRuleRegistry& MatchingRuleRegistry::instance() {
  static MatchingRuleRegistry registry;
  return registry;
}

std::unique_ptr<MatchingRule> MatchingRuleRegistry::make(std::string_view name, const config::ConfigNode& params) const {
  MarketContext context;
  context.params = validate(name, params);
  return create(name, context);
}

MarketBooks market_books(std::span<const Match> matches) {
  MarketBooks books;
  for (const Match& m : matches) {
    ++books.matches;
    books.gpu_hours += m.gpu_hours();
    books.buyer_yuan += m.buyer_yuan();
    books.seller_yuan += m.seller_yuan();
    books.platform_yuan += m.platform_yuan();
  }
  return books;
}

double yuan_per_gpu_hour_from_pflops_year(double yuan_per_pflops_year, topology::GpuModelId model) {
  return yuan_per_pflops_year * (topology::gpu_model(model).peak_fp16_flops / 1e15) / 8760.0;
}

double yuan_per_pflops_year_from_gpu_hour(double yuan_per_gpu_hour, topology::GpuModelId model) {
  return yuan_per_gpu_hour * 8760.0 / (topology::gpu_model(model).peak_fp16_flops / 1e15);
}

std::vector<Match> match_price_time(std::span<const SupplyQuote> quotes, std::span<const DemandBid> bids, double now_s,
                                    double margin, MatchPricing price) {
  // Orders by index so that the inputs stay as given; every tie ends on the id, so the
  // round does not depend on the order the quotes and bids came in.
  std::vector<std::size_t> bid_order(bids.size());
  std::iota(bid_order.begin(), bid_order.end(), std::size_t{0});
  std::sort(bid_order.begin(), bid_order.end(), [&](std::size_t a, std::size_t b) {
    const DemandBid& x = bids[a];
    const DemandBid& y = bids[b];
    if (x.max_yuan_per_gpu_hour != y.max_yuan_per_gpu_hour) return x.max_yuan_per_gpu_hour > y.max_yuan_per_gpu_hour;
    if (x.posted_s != y.posted_s) return x.posted_s < y.posted_s;
    return x.id < y.id;
  });
  std::vector<std::size_t> quote_order(quotes.size());
  std::iota(quote_order.begin(), quote_order.end(), std::size_t{0});
  std::sort(quote_order.begin(), quote_order.end(), [&](std::size_t a, std::size_t b) {
    const SupplyQuote& x = quotes[a];
    const SupplyQuote& y = quotes[b];
    if (x.min_yuan_per_gpu_hour != y.min_yuan_per_gpu_hour) return x.min_yuan_per_gpu_hour < y.min_yuan_per_gpu_hour;
    if (x.posted_s != y.posted_s) return x.posted_s < y.posted_s;
    return x.id < y.id;
  });
  std::vector<int> left(quotes.size());
  for (std::size_t q = 0; q < quotes.size(); ++q) left[q] = quotes[q].gpus;

  std::vector<Match> matches;
  for (std::size_t b : bid_order) {
    const DemandBid& bid = bids[b];
    if (bid.gpus <= 0 || !(bid.duration_s > 0.0)) continue;
    for (std::size_t q : quote_order) {
      const SupplyQuote& quote = quotes[q];
      // Cheapest first: once the marked-up price is above the bid, no later quote is within it.
      if (quote.min_yuan_per_gpu_hour * (1.0 + margin) > bid.max_yuan_per_gpu_hour) break;
      if (quote.model != bid.model || left[q] < bid.gpus) continue;
      const double start = std::max(now_s, quote.earliest_s);
      const double end = start + bid.duration_s;
      if (end > quote.latest_s || end > bid.deadline_s) continue;
      Match match;
      match.quote_id = quote.id;
      match.bid_id = bid.id;
      match.gpus = bid.gpus;
      match.start_s = start;
      match.end_s = end;
      price(quote, bid, margin, match);
      left[q] -= bid.gpus;
      matches.push_back(match);
      break;
    }
  }
  return matches;
}

}  // namespace aicn::policy
