#include "demo_report.hpp"

#include <cmath>
#include <cstdio>

#include "aicn/topology/economics.hpp"
#include "aicn/workloads/formulas.hpp"

namespace aicn::cli {
namespace {

std::string format(const char* pattern, auto... values) {
  char text[256];
  std::snprintf(text, sizeof text, pattern, values...);
  return text;
}

std::string hours(double seconds) { return format("%.2f h", seconds / 3600.0); }
std::string percent(double share) { return format("%.1f %%", share * 100.0); }
std::string terabytes(double bytes) { return format("%.1f TB", bytes / 1e12); }

std::string row(const char* label, const std::string& local, const std::string& west) {
  return format("  %-28s %18s %18s\n", label, local.c_str(), west.c_str());
}

/// "-12.3 %" (the change from `before` to `after`), or "n/a" when before is 0.
std::string change(double before, double after) {
  if (before == 0.0) return "n/a";
  return format("%+.1f %%", (after - before) / before * 100.0);
}

}  // namespace

std::string grouped(double value) {
  std::string digits = format("%.0f", std::abs(value));
  std::string out = value < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

DemoRun DemoRun::from_summary(const std::string& policy, const nlohmann::json& summary) {
  DemoRun run;
  run.policy = policy;
  const auto& jobs = summary.at("jobs");
  run.submitted = jobs.at("submitted").get<double>();
  run.finished = jobs.at("finished").get<double>();
  run.unfinished = jobs.at("unfinished").get<double>();
  // Jobs still waiting at the horizon count with their wait so far (a censored wait), so a
  // backlog shows; the longest wait is the starved job's.
  run.wait_mean_s = summary.at("wait_censored_s").at("mean").get<double>();
  run.wait_max_s = summary.at("wait_censored_s").at("max").get<double>();
  double busy[2] = {0, 0}, gpus[2] = {0, 0};
  for (const auto& site : summary.at("sites")) {
    const int side = site.at("side").get<std::string>() == "east" ? 0 : 1;
    busy[side] += site.at("utilisation").get<double>() * site.at("gpus").get<double>();
    gpus[side] += site.at("gpus").get<double>();
  }
  run.utilisation_east = gpus[0] > 0 ? busy[0] / gpus[0] : 0.0;
  run.utilisation_west = gpus[1] > 0 ? busy[1] / gpus[1] : 0.0;
  const auto& total = summary.at("energy").at("total");
  run.electricity_yuan = total.at("electricity_cost_yuan").get<double>();
  run.co2_t = total.at("co2_t").get<double>();
  run.bytes_moved = summary.at("network").at("bytes_moved").get<double>();
  run.bytes_east_to_west = summary.at("network").at("bytes_east_to_west").get<double>();
  return run;
}

std::string demo_comparison(const DemoRun& local, const DemoRun& west) {
  std::string out = row("", local.policy, west.policy);
  out += row("jobs finished / submitted", grouped(local.finished) + " / " + grouped(local.submitted),
             grouped(west.finished) + " / " + grouped(west.submitted));
  out += row("unfinished at the horizon", percent(local.unfinished / local.submitted),
             percent(west.unfinished / west.submitted));
  out += row("mean wait", hours(local.wait_mean_s), hours(west.wait_mean_s));
  out += row("longest wait", hours(local.wait_max_s), hours(west.wait_max_s));
  out += row("GPU utilisation east", percent(local.utilisation_east), percent(west.utilisation_east));
  out += row("GPU utilisation west", percent(local.utilisation_west), percent(west.utilisation_west));
  out += row("electricity cost (yuan)", grouped(local.electricity_yuan), grouped(west.electricity_yuan));
  out += row("carbon (t CO2)", grouped(local.co2_t), grouped(west.co2_t));
  out += row("data moved", terabytes(local.bytes_moved), terabytes(west.bytes_moved));
  out += row("  of it east to west", terabytes(local.bytes_east_to_west), terabytes(west.bytes_east_to_west));
  out += "\nWhat dispatching west changed (" + west.policy + " against " + local.policy + "):\n";
  out += format("  wait:    mean %s -> %s, longest %s -> %s\n", hours(local.wait_mean_s).c_str(),
                hours(west.wait_mean_s).c_str(), hours(local.wait_max_s).c_str(), hours(west.wait_max_s).c_str());
  out += format("  energy:  electricity %s yuan (%s), carbon %s t CO2 (%s)\n",
                grouped(west.electricity_yuan - local.electricity_yuan).c_str(),
                change(local.electricity_yuan, west.electricity_yuan).c_str(), grouped(west.co2_t - local.co2_t).c_str(),
                change(local.co2_t, west.co2_t).c_str());
  out += format("  network: %s more moved east to west; western GPUs %s -> %s busy\n",
                terabytes(west.bytes_east_to_west - local.bytes_east_to_west).c_str(),
                percent(local.utilisation_west).c_str(), percent(west.utilisation_west).c_str());
  return out;
}

std::string demo_headlines() {
  // The brief's worked examples (../shared/domain/brief.md), the defaults of `aicn size`.
  constexpr double kA100 = 312e12, kUtilisation = 0.45, kDay = 86400.0;
  const double gpt3 = workloads::accelerators_needed(workloads::training_flops(175e9, 300e9) / (30 * kDay), kA100, kUtilisation);
  const double chatgpt = workloads::accelerators_needed(workloads::inference_flops_rate(175e9, 0.7e8 * 10 * 1000),
                                                        workloads::inference_peak_ops(kA100), kUtilisation);
  const double capex = 1.80e6;
  const double payback_years = topology::payback_years(capex, 180.0 * 24 * 365, topology::annual_cash_cost_yuan(capex, 5.0, 0.4));
  std::string out = "The brief's headline figures (from the formulas of `aicn size`):\n";
  out += format("  GPT-3 training, 175e9 parameters x 300e9 tokens in 30 days: %.1f A100 at 45 %%  "
                "(aicn size train --params 175e9 --tokens 300e9 --days 30)\n",
                gpt3);
  out += format("  ChatGPT inference, 0.7e8 visits x 10 questions x 1000 tokens a day: %s A100 (%.1f)  "
                "(aicn size inference --params 175e9 --visits 0.7e8)\n",
                grouped(std::round(chatgpt / 100.0) * 100.0).c_str(), chatgpt);
  out += format("  payback of an 8 x A100 server (1.8 M yuan, 180 yuan/h): %.1f months  (aicn size payback)\n",
                payback_years * 12.0);
  return out;
}

}  // namespace aicn::cli
