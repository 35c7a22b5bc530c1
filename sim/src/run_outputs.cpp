#include "run_outputs.hpp"

#include <filesystem>

#include "aicn/results/atomic_file.hpp"
#include "aicn/results/energy_accountant.hpp"
#include "aicn/results/observer_list.hpp"
#include "aicn/results/progress_observer.hpp"
#include "aicn/results/provenance.hpp"
#include "aicn/results/summary_collector.hpp"
#include "aicn/results/trace_recorder.hpp"
#include "aicn/results/trace_writer.hpp"
#include "aicn/sim/logging.hpp"
#include "aicn/sim/version.hpp"

namespace aicn::sim {

namespace fs = std::filesystem;

RunOutputs::RunOutputs(const Scenario& scenario, const RunOptions& options, const topology::NetworkGraph& intact)
    : scenario_(scenario), options_(options) {
  fs::create_directories(options_.out_dir);
  trace_path_ = (fs::path(options_.out_dir) / "trace.h5").string();
  summary_path_ = (fs::path(options_.out_dir) / "summary.json").string();
  scenario_path_ = (fs::path(options_.out_dir) / "scenario.resolved.yaml").string();
  // An earlier run's results in this folder are not this run's: they go before anything
  // starts, so an interrupted or failed run cannot leave a folder that looks complete.
  for (const auto& path : stale_outputs()) fs::remove(path);

  const auto& layout = scenario_.layout;
  for (const auto& site : layout.sites) {
    if (site.energy.price_source.empty())
      logger()->warn("site {} has no electricity price and its province '{}' is not in the tariff table: its power "
                     "is counted at 0 yuan/kWh", site.name, site.province);
    if (site.energy.carbon_region.empty())
      logger()->warn("site {} has no carbon region (province '{}' is not in the CO2 table): its carbon is not counted",
                     site.name, site.province);
  }
  trace_ = std::make_unique<results::TraceWriter>(trace_path_);
  energy_ = std::make_unique<results::EnergyAccountant>(layout, scenario_.economics, intact);
  results::RunInfo info{scenario_.name, scenario_.policy, scenario_.seed, compute_model_name(scenario_.compute_model),
                        scenario_.horizon_s};
  summary_ = std::make_unique<results::SummaryCollector>(info, layout);
  recorder_ = std::make_unique<results::TraceRecorder>(*trace_, layout, *energy_);
  recorder_->write_catalogs();
  observers_ = std::make_unique<results::ObserverList>();
  observers_->add(*summary_);
  observers_->add(*energy_);
  observers_->add(*recorder_);
  if (options_.show_progress) {
    progress_ = std::make_unique<results::ProgressObserver>(scenario_.drain ? 0.0 : scenario_.horizon_s);
    observers_->add(*progress_);
  }
}

RunOutputs::~RunOutputs() = default;

std::vector<std::string> RunOutputs::stale_outputs() const {
  const fs::path dir(options_.out_dir);
  return {summary_path_, scenario_path_, trace_path_, (dir / "provenance.json").string(), (dir / "reproduce.sh").string()};
}

results::RunObserver& RunOutputs::observer() { return *observers_; }

results::Summary RunOutputs::summary(double end_s, const std::vector<double>& simgrid_it_j) {
  return summary_->summary(end_s, energy_->finish(end_s, simgrid_it_j));
}

void RunOutputs::complete(const results::Summary& summary, double end_s) {
  const std::string resolved = resolved_scenario_yaml(scenario_);
  trace_->set_meta("schema_version", static_cast<std::int64_t>(results::kTraceSchemaVersion));
  trace_->set_meta("scenario", resolved);
  trace_->set_meta("scenario_name", scenario_.name);
  trace_->set_meta("seed", static_cast<std::int64_t>(scenario_.seed));
  trace_->set_meta("policy", scenario_.policy);
  trace_->set_meta("aicn_version", aicn_version());
  trace_->set_meta("git_commit", git_commit());
  trace_->set_meta("simgrid_version", simgrid_version());
  trace_->set_meta("hdf5_version", hdf5_version());
  trace_->set_meta("command_line", options_.command_line);
  trace_->set_meta("end_s", std::to_string(end_s));
  // So `aicn check trace.h5` needs no other file; HDF5 attributes of this format stop at 64 KiB.
  const std::string summary_json = summary.to_json().dump();
  if (summary_json.size() < 60000) trace_->set_meta("summary", summary_json);
  trace_->close();
  results::write_file_atomically(scenario_path_, resolved);
  results::write_provenance_files(options_.out_dir, results::Provenance::current(options_.command_line, simgrid_version()));
  results::write_file_atomically(summary_path_, summary.to_json().dump(2) + "\n");  // last: the run is complete
}

void RunOutputs::abandon() {
  if (trace_) trace_->abandon();
  for (const auto& path : stale_outputs()) fs::remove(path);
  std::error_code ignored;
  fs::remove(options_.out_dir, ignored);  // only when empty
}

}  // namespace aicn::sim
