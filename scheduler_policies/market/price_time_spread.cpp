// price-time: price-time priority, each side paid its own price. The buyer pays its bid, the
// AIDC gets its quote, and the platform keeps the spread, at least `margin` x the quote (the
// seed's light-asset platform: it buys at 20万元/P/年 and sells at the market's 63.1万, keeping
// 43.1万 per PFLOPS-year).
#include "aicn/policy/market.hpp"

namespace aicn::policy {
namespace {

void pay_own_price(const SupplyQuote& quote, const DemandBid& bid, double, Match& match) {
  match.buyer_yuan_per_gpu_hour = bid.max_yuan_per_gpu_hour;
  match.seller_yuan_per_gpu_hour = quote.min_yuan_per_gpu_hour;
}

class PriceTimeSpread final : public MatchingRule {
 public:
  explicit PriceTimeSpread(const MarketContext& context) : margin_(context.params.number("margin")) {}
  std::vector<Match> match(std::span<const SupplyQuote> quotes, std::span<const DemandBid> bids, double now_s) override {
    return match_price_time(quotes, bids, now_s, margin_, &pay_own_price);
  }

 private:
  double margin_;
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_MATCHING_RULE(aicn::policy::PriceTimeSpread, "price-time",
                            "price-time priority; the buyer pays its bid, the seller gets its quote, the platform "
                            "keeps the spread",
                            aicn::registry::number("margin", "0", "least markup over the quote a bid must cover")
                                .at_least(0.0))
