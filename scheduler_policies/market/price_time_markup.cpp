// price-time-markup: price-time priority, the buyer paying the quote marked up by `margin`.
// The AIDC gets its quote, the buyer pays quote x (1 + margin) (never more than its bid), and
// the platform keeps exactly the margin: a posted commission rather than the whole spread.
#include "aicn/policy/market.hpp"

namespace aicn::policy {
namespace {

void pay_marked_up_quote(const SupplyQuote& quote, const DemandBid&, double margin, Match& match) {
  match.seller_yuan_per_gpu_hour = quote.min_yuan_per_gpu_hour;
  match.buyer_yuan_per_gpu_hour = quote.min_yuan_per_gpu_hour * (1.0 + margin);
}

class PriceTimeMarkup final : public MatchingRule {
 public:
  explicit PriceTimeMarkup(const MarketContext& context) : margin_(context.params.number("margin")) {}
  std::vector<Match> match(std::span<const SupplyQuote> quotes, std::span<const DemandBid> bids, double now_s) override {
    return match_price_time(quotes, bids, now_s, margin_, &pay_marked_up_quote);
  }

 private:
  double margin_;
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_MATCHING_RULE(aicn::policy::PriceTimeMarkup, "price-time-markup",
                            "price-time priority; the buyer pays the quote plus the platform's margin",
                            aicn::registry::number("margin", "0.2", "the platform's markup over the quote")
                                .at_least(0.0))
