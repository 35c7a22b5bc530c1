// `aicn size train`, `aicn size inference`, `aicn size payback`: the domain brief's worked
// examples (../shared/domain/brief.md) as commands, from workloads/formulas.hpp and
// topology/economics.hpp, so that every headline figure of the seed is one command away.
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "aicn/topology/economics.hpp"
#include "aicn/workloads/formulas.hpp"
#include "size_question.hpp"

namespace aicn::cli {
namespace {

constexpr double kSecondsPerDay = 86400.0;

/// A positive, finite option value, or std::invalid_argument naming it.
void require_positive(const char* option, double value) {
  if (!(value > 0.0) || !std::isfinite(value))
    throw std::invalid_argument(std::string(option) + ": must be a positive number, got " + std::to_string(value));
}

void require_fraction(const char* option, double value) {
  if (!(value > 0.0 && value <= 1.0))
    throw std::invalid_argument(std::string(option) + ": must be in (0, 1], got " + std::to_string(value));
}

class TrainQuestion final : public SizeQuestion {
 public:
  int order() const override { return 10; }
  CLI::App* add_to(CLI::App& size) override {
    CLI::App* train = size.add_subcommand(
        "train", "GPUs a training run needs: 6 N D / T / (peak x utilisation); e.g. --params 175e9 --tokens "
                 "300e9 --days 30 gives the brief's 865.6 A100");
    train->add_option("--params", parameters_, "model parameters N");
    train->add_option("--tokens", tokens_, "training tokens D");
    train->add_option("--flops", total_flops_, "total training compute instead of 6 N D (e.g. 2.15e25 for GPT-4)");
    train->add_option("--days", days_, "wall-clock time T in days")->required();
    train->add_option("--gpu", gpu_, "GPU model (catalogue name, or its family: A100)")->capture_default_str();
    train->add_option("--utilisation", utilisation_, "share of the FP16 peak sustained")->capture_default_str();
    return train;
  }
  int run() override {
    double flops = total_flops_;
    if (flops > 0.0) {
      if (parameters_ > 0.0 || tokens_ > 0.0)
        throw std::invalid_argument("--flops: give either --flops or --params with --tokens, not both");
    } else {
      if (parameters_ <= 0.0 || tokens_ <= 0.0)
        throw std::invalid_argument("aicn size train: give --params and --tokens (or --flops)");
      require_positive("--params", parameters_);
      require_positive("--tokens", tokens_);
      flops = workloads::training_flops(parameters_, tokens_);
    }
    require_positive("--flops", flops);
    require_positive("--days", days_);
    require_fraction("--utilisation", utilisation_);
    const double peak = catalogue_peak_flops("--gpu", gpu_);
    const double rate = flops / (days_ * kSecondsPerDay);
    const double gpus = workloads::accelerators_needed(rate, peak, utilisation_);
    std::printf("training compute   %.4g FLOP\n", flops);
    std::printf("sustained rate     %.4g FLOP/s over %g days\n", rate, days_);
    std::printf("GPUs needed        %.1f %s (FP16 peak %.4g FLOP/s at %g %%), %.1f 8-GPU servers\n", gpus,
                gpu_.c_str(), peak, utilisation_ * 100.0, gpus / 8.0);
    return kExitOk;
  }

 private:
  double parameters_ = 0.0, tokens_ = 0.0, total_flops_ = 0.0, days_ = 0.0;
  std::string gpu_ = "A100";
  double utilisation_ = 0.45;
};

class InferenceQuestion final : public SizeQuestion {
 public:
  int order() const override { return 20; }
  CLI::App* add_to(CLI::App& size) override {
    CLI::App* inference = size.add_subcommand(
        "inference", "GPUs serving a daily demand needs: 2 N x visits x questions x tokens / 86400 / (INT8 peak x "
                     "utilisation); e.g. --params 175e9 --visits 0.7e8 gives the brief's ~10,000 A100");
    inference->add_option("--params", parameters_, "model parameters N")->required();
    inference->add_option("--visits", visits_, "visits per day")->required();
    inference->add_option("--questions", questions_, "questions per visit")->capture_default_str();
    inference->add_option("--tokens", tokens_, "tokens per question")->capture_default_str();
    inference->add_option("--gpu", gpu_, "GPU model (catalogue name, or its family: A100)")->capture_default_str();
    inference->add_option("--utilisation", utilisation_, "share of the INT8 peak sustained")->capture_default_str();
    return inference;
  }
  int run() override {
    require_positive("--params", parameters_);
    require_positive("--visits", visits_);
    require_positive("--questions", questions_);
    require_positive("--tokens", tokens_);
    require_fraction("--utilisation", utilisation_);
    const double tokens_per_day = visits_ * questions_ * tokens_;
    const double rate = workloads::inference_flops_rate(parameters_, tokens_per_day);
    const double peak = workloads::inference_peak_ops(catalogue_peak_flops("--gpu", gpu_));
    const double gpus = workloads::accelerators_needed(rate, peak, utilisation_);
    std::printf("tokens per day     %.4g\n", tokens_per_day);
    std::printf("sustained rate     %.4g OP/s\n", rate);
    std::printf("GPUs needed        %.1f %s (INT8 peak %.4g OP/s at %g %%), %.1f 8-GPU servers\n", gpus,
                gpu_.c_str(), peak, utilisation_ * 100.0, gpus / 8.0);
    return kExitOk;
  }

 private:
  double parameters_ = 0.0, visits_ = 0.0, questions_ = 10.0, tokens_ = 1000.0;
  std::string gpu_ = "A100";
  double utilisation_ = 0.45;
};

class PaybackQuestion final : public SizeQuestion {
 public:
  int order() const override { return 30; }
  CLI::App* add_to(CLI::App& size) override {
    CLI::App* payback = size.add_subcommand(
        "payback", "payback of one GPU server: capex / (rent x hours x utilisation - cash cost); the defaults are "
                   "the brief's 8x A100 case (16.2 months)");
    payback->add_option("--capex", capex_, "server, switch and parts, yuan")->capture_default_str();
    payback->add_option("--rent", rent_, "rent per server-hour, yuan")->capture_default_str();
    payback->add_option("--utilisation", utilisation_, "share of the hours sold")->capture_default_str();
    payback->add_option("--depreciation-years", years_, "straight-line depreciation, no residual")->capture_default_str();
    payback->add_option("--cash-share", cash_share_, "cash share of all costs (brief 60:40 -> 0.4)")->capture_default_str();
    return payback;
  }
  int run() override {
    require_positive("--capex", capex_);
    require_positive("--rent", rent_);
    require_fraction("--utilisation", utilisation_);
    require_positive("--depreciation-years", years_);
    if (!(cash_share_ >= 0.0 && cash_share_ < 1.0))
      throw std::invalid_argument("--cash-share: must be in [0, 1), got " + std::to_string(cash_share_));
    const double revenue = rent_ * 24.0 * 365.0 * utilisation_;
    const double cash_cost = topology::annual_cash_cost_yuan(capex_, years_, cash_share_);
    const double years = topology::payback_years(capex_, revenue, cash_cost);
    std::printf("revenue per year   %.4g yuan (%g yuan/h x 8760 h x %g %%)\n", revenue, rent_, utilisation_ * 100.0);
    std::printf("cash cost per year %.4g yuan (depreciation %.4g yuan/year at %g:%g non-cash:cash)\n", cash_cost,
                capex_ / years_, (1.0 - cash_share_) * 100.0, cash_share_ * 100.0);
    if (std::isinf(years))
      std::printf("payback            never (revenue does not cover the cash cost)\n");
    else
      std::printf("payback            %.2f years = %.1f months\n", years, years * 12.0);
    return kExitOk;
  }

 private:
  double capex_ = 1.80e6, rent_ = 180.0, utilisation_ = 1.0, years_ = 5.0, cash_share_ = 0.4;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_SIZE_QUESTION(aicn::cli::TrainQuestion, "train")
AICN_REGISTER_SIZE_QUESTION(aicn::cli::InferenceQuestion, "inference")
AICN_REGISTER_SIZE_QUESTION(aicn::cli::PaybackQuestion, "payback")
