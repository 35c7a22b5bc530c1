// `aicn size cross-site`: step time, synchronisation share and efficiency of one training run
// split over several sites, and the WAN bandwidth a target efficiency needs, from the analytic
// model of workloads/cross_site_training.hpp (derivation in docs/cross-site-training.md).
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/units.hpp"
#include "aicn/workloads/cross_site_training.hpp"
#include "size_question.hpp"

namespace aicn::cli {
namespace {

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> fields;
  std::stringstream stream(text);
  for (std::string field; std::getline(stream, field, ',');) fields.push_back(field);
  return fields;
}

std::string bandwidth_text(double bps) {
  char text[64];
  if (bps >= 1e12) std::snprintf(text, sizeof text, "%.3g Tbps", bps / 1e12);
  else std::snprintf(text, sizeof text, "%.4g Gbps", bps / 1e9);
  return text;
}

class CrossSiteQuestion final : public SizeQuestion {
 public:
  CrossSiteQuestion() { inputs_.local_steps = 500; }  // DiLoCo's H (Douillard et al. 2023)
  int order() const override { return 40; }
  CLI::App* add_to(CLI::App& size) override {
    CLI::App* q = size.add_subcommand(
        "cross-site", "one training run split over sites: step time, sync share, efficiency against the same GPUs "
                      "in one site, and the WAN bandwidth a target efficiency needs; e.g. --params 175e9 --tokens "
                      "300e9 --gpus 4096,4096 --scheme sync-dp --link 400Gbps,10ms");
    q->add_option("--params", parameters_, "model parameters N")->required();
    q->add_option("--tokens", tokens_, "training tokens D (for the run's length)")->required();
    q->add_option("--batch-tokens", inputs_.tokens_per_step, "tokens per step (GPT-3: 3.2e6)")->capture_default_str();
    q->add_option("--parts", parts_, "number of sites the job is split over")->capture_default_str();
    q->add_option("--gpus", gpus_, "GPUs of each part, comma-separated, e.g. 4096,4096")->required();
    q->add_option("--gpu", gpu_, "GPU model of every part (catalogue name, or its family: A100)")->capture_default_str();
    q->add_option("--utilisation", inputs_.utilisation, "share of the FP16 peak sustained")->capture_default_str();
    q->add_option("--scheme", scheme_, "sync-dp, local-sgd or pipeline")->capture_default_str();
    q->add_option("--h", inputs_.local_steps, "local-sgd: steps between two WAN exchanges")->capture_default_str();
    q->add_option("--link", link_, "WAN hop between consecutive parts: BANDWIDTH,ONE-WAY-LATENCY")->capture_default_str();
    q->add_option("--overlap", inputs_.overlap, "share of compute time that hides synchronisation, 0 to 1")
        ->capture_default_str();
    q->add_option("--fabric", fabric_, "in-site network bandwidth per GPU")->capture_default_str();
    q->add_option("--gpus-per-replica", inputs_.gpus_per_replica, "tensor x pipeline parallel GPUs inside a site")
        ->capture_default_str();
    q->add_option("--gradient-bytes", inputs_.gradient_bytes_per_parameter, "bytes per exchanged gradient value")
        ->capture_default_str();
    q->add_option("--extra-steps", inputs_.extra_steps,
                  "convergence penalty: extra steps as a share (DiLoCo, 8 workers, H=500: 0)")->capture_default_str();
    q->add_option("--activation-bytes", activation_, "pipeline: bytes of one micro-batch's activations at a boundary");
    q->add_option("--microbatches", inputs_.microbatches, "pipeline: micro-batches per step")->capture_default_str();
    q->add_option("--target", target_, "efficiency for which the needed bandwidth is printed")->capture_default_str();
    return q;
  }

  int run() override {
    inputs_.parameters = parameters_;
    try {
      inputs_.scheme = workloads::parse_sync_scheme(scheme_);
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument(std::string("--scheme: ") + error.what());
    }
    inputs_.fabric_bps_per_gpu = units::parse_bandwidth_bps(fabric_);
    if (!activation_.empty()) inputs_.activation_bytes_per_microbatch = units::parse_bytes(activation_);
    if (!(tokens_ > 0.0) || !std::isfinite(tokens_))
      throw std::invalid_argument("--tokens: must be a positive number, got " + checked::format_number(tokens_));
    const std::vector<std::string> counts = split_commas(gpus_);
    if (static_cast<int>(counts.size()) != parts_)
      throw std::invalid_argument("--gpus: " + std::to_string(parts_) + " parts need " + std::to_string(parts_) +
                                  " comma-separated counts, got '" + gpus_ + "'");
    const double peak = catalogue_peak_flops("--gpu", gpu_);
    std::vector<workloads::TrainingPart> parts;
    int total_gpus = 0;
    for (const std::string& count : counts) {
      double value = 0.0;
      try {
        value = std::stod(count);
      } catch (const std::exception&) {
        throw std::invalid_argument("--gpus: '" + count + "' is not a number");
      }
      parts.push_back({checked::narrow<int>(value, "--gpus", 1, 100'000'000), peak});
      total_gpus += parts.back().gpus;
    }
    const std::vector<std::string> link = split_commas(link_);
    if (link.size() != 2)
      throw std::invalid_argument("--link: expected BANDWIDTH,LATENCY such as 400Gbps,10ms, got '" + link_ + "'");
    const workloads::WanHop hop{units::parse_bandwidth_bps(link[0]), units::parse_duration_s(link[1])};
    const std::size_t hop_count = parts_ <= 1 ? 0
                                  : (inputs_.scheme == workloads::SyncScheme::PIPELINE || parts_ == 2)
                                      ? static_cast<std::size_t>(parts_ - 1)
                                      : static_cast<std::size_t>(parts_);
    const std::vector<workloads::WanHop> hops(hop_count, hop);
    if (inputs_.scheme != workloads::SyncScheme::LOCAL_SGD) inputs_.local_steps = 1;

    const workloads::StepBreakdown step = workloads::model_step(inputs_, parts, hops);
    const double steps = tokens_ / inputs_.tokens_per_step * (1.0 + inputs_.extra_steps);
    const double h = step.steps_per_round;
    std::printf("scheme             %s over %d parts (%s %s), WAN hop %s, %g ms one way%s\n", scheme_.c_str(), parts_,
                gpus_.c_str(), gpu_.c_str(), bandwidth_text(hop.bandwidth_bps).c_str(), hop.latency_s * 1e3,
                h > 1 ? (", H = " + std::to_string(step.steps_per_round)).c_str() : "");
    std::printf("compute per step   %.4g s (6 x %.4g x %.4g tokens over %d GPUs at %g %%)\n", step.compute_s,
                parameters_, inputs_.tokens_per_step, total_gpus, inputs_.utilisation * 100.0);
    std::printf("in-site sync       %.4g s per step\n", step.site_sync_s);
    std::printf("WAN sync           %.4g s per exchange, every %g step(s); %s per part each way\n", step.wan_sync_s, h,
                units::format_bytes(step.wan_bytes_per_round).c_str());
    std::printf("step time          %.4g s (overlap %g)\n", step.step_s, inputs_.overlap);
    std::printf("sync share         %.2f %%\n", step.sync_share * 100.0);
    std::printf("efficiency         %.2f %% of the same %d GPUs in one site (step %.4g s)%s\n",
                step.efficiency * 100.0, total_gpus, step.single_site_step_s,
                inputs_.extra_steps > 0 ? (", with " + checked::format_number(inputs_.extra_steps * 100.0) +
                                           " % extra steps").c_str()
                                        : "");
    std::printf("training time      %.2f days (%.0f steps), %s over the WAN per part\n", steps * step.step_s / 86400.0,
                steps, units::format_bytes(steps / h * step.wan_bytes_per_round).c_str());
    const double needed = workloads::bandwidth_for_efficiency(inputs_, parts, hops, target_);
    if (hops.empty())
      std::printf("bandwidth for %g %% no WAN in a single part\n", target_ * 100.0);
    else if (needed < 0.0)
      std::printf("bandwidth for %g %% unreachable (latency, in-site sync or the convergence penalty cap it)\n",
                  target_ * 100.0);
    else
      std::printf("bandwidth for %g %% %s per direction on each WAN hop\n", target_ * 100.0,
                  bandwidth_text(needed).c_str());
    return kExitOk;
  }

 private:
  workloads::TrainingStepInputs inputs_;
  double parameters_ = 0.0, tokens_ = 0.0, target_ = 0.9;
  int parts_ = 2;
  std::string gpus_, gpu_ = "A100", scheme_ = "sync-dp", link_ = "400Gbps,10ms", fabric_ = "200Gbps", activation_;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_SIZE_QUESTION(aicn::cli::CrossSiteQuestion, "cross-site")
