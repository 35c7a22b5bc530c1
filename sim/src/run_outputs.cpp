#include "run_outputs.hpp"

#include <filesystem>

#include "aicn/results/atomic_file.hpp"
#include "aicn/results/energy_accountant.hpp"
#include "aicn/results/contract_waits.hpp"
#include "aicn/results/lease_accountant.hpp"
#include "aicn/results/observer_list.hpp"
#include "aicn/results/output_error.hpp"
#include "aicn/results/progress_observer.hpp"
#include "aicn/results/provenance.hpp"
#include "aicn/results/run_folder.hpp"
#include "aicn/results/run_identity.hpp"
#include "aicn/results/serving_accountant.hpp"
#include "aicn/results/summary_collector.hpp"
#include "aicn/results/trace_recorder.hpp"
#include "aicn/results/trace_writer.hpp"
#include "aicn/sim/logging.hpp"
#include "aicn/sim/version.hpp"

namespace aicn::sim {

namespace fs = std::filesystem;

RunOutputs::RunOutputs(const Scenario& scenario, const RunOptions& options, const topology::NetworkGraph& intact)
    : scenario_(scenario), options_(options) {
  trace_path_ = (fs::path(options_.out_dir) / "trace.h5").string();
  summary_path_ = (fs::path(options_.out_dir) / "summary.json").string();
  scenario_path_ = (fs::path(options_.out_dir) / "scenario.resolved.yaml").string();
  // An earlier run in --out stays whole until this one is complete, and is replaced whole.
  folder_ = std::make_unique<results::RunFolder>(options_.out_dir, results::run_folder_kind(), options_.force);

  const auto& layout = scenario_.layout;
  for (const auto& site : layout.sites) {
    if (site.energy.price_source.empty())
      logger()->warn("site {} has no electricity price and its province '{}' is not in the tariff table: its power "
                     "is counted at 0 yuan/kWh", site.name, site.province);
    if (site.energy.carbon_region.empty())
      logger()->warn("site {} has no carbon region (province '{}' is not in the CO2 table): its carbon is not counted",
                     site.name, site.province);
  }
  trace_ = std::make_unique<results::TraceWriter>((folder_->path() / "trace.h5").string(), results::TraceLayout{}, trace_path_);
  signals_ = std::make_unique<results::SiteSignals>(layout);
  energy_ = std::make_unique<results::EnergyAccountant>(layout, scenario_.economics, intact, *signals_);
  // A series that would run out before the horizon is refused now, not hours into the run.
  if (!scenario_.drain) energy_->require_series_until(scenario_.horizon_s);
  results::RunInfo info{scenario_.name, scenario_.policy, scenario_.seed, compute_model_name(scenario_.compute_model),
                        scenario_.horizon_s};
  summary_ = std::make_unique<results::SummaryCollector>(info, layout);
  recorder_ = std::make_unique<results::TraceRecorder>(*trace_, layout, *energy_);
  naming_final_paths([&] { recorder_->write_catalogs(); });
  observers_ = std::make_unique<results::ObserverList>();
  observers_->add(*summary_);
  observers_->add(*energy_);
  observers_->add(*recorder_);
  if (scenario_.leases_given || scenario_.prices_given) {  // else no leasing books: the summary is unchanged
    lease_books_ = std::make_unique<results::LeaseAccountant>(layout, scenario_.leases, scenario_.prices,
                                                              scenario_.economics);
    if (!scenario_.market_yaml.IsNull())
      lease_books_->set_platform_matches(scenario_.market_leases_from, scenario_.platform_yuan_per_gpu_hour);
    observers_->add(*lease_books_);
    contract_waits_ = std::make_unique<results::ContractWaits>();
    observers_->add(*contract_waits_);
  }
  if (options_.show_progress) {
    // Arrivals stop at the horizon in a drained run too; the line then counts jobs done.
    progress_ = std::make_unique<results::ProgressObserver>(scenario_.horizon_s, scenario_.max_jobs);
    observers_->add(*progress_);
  }
}

RunOutputs::~RunOutputs() = default;

template <typename Write>
void RunOutputs::naming_final_paths(Write&& write) {
  try {
    write();
  } catch (const results::OutputError& e) {
    if (e.path().empty()) throw;
    throw results::OutputError(folder_->shown(e.path()), e.error_number());
  }
}

results::RunObserver& RunOutputs::observer() { return *observers_; }

void RunOutputs::attach_serving(const workloads::ServingPlan& plan, const topology::NetworkGraph& intact) {
  serving_ = std::make_unique<results::ServingAccountant>(plan, scenario_.layout, intact);
  observers_->add(*serving_);
}

results::Summary RunOutputs::summary(double end_s, const std::vector<double>& simgrid_it_j) {
  return summary_->summary(end_s, energy_->finish(end_s, simgrid_it_j));
}

void RunOutputs::complete(const results::Summary& summary, double end_s) {
  const std::string& run_id = folder_->run_id();
  // The id as a comment: the scenario loader reads the file unchanged.
  const std::string resolved = results::run_id_comment(run_id) + resolved_scenario_yaml(scenario_);
  nlohmann::ordered_json summary_json = nlohmann::ordered_json::object();
  summary_json["run_id"] = run_id;  // first: which run the figures below belong to
  const nlohmann::ordered_json figures = summary.to_json();  // named: items() does not keep a temporary alive
  for (const auto& [key, value] : figures.items()) summary_json[key] = value;
  if (serving_) summary_json["serving"] = serving_->to_json();
  if (lease_books_) {
    lease_books_->finish(end_s);
    summary_json["leasing"] = lease_books_->to_json();
    summary_json["leasing"]["waits"] = contract_waits_->to_json(end_s);
  }
  results::Provenance provenance = results::Provenance::current(options_.command_line, simgrid_version());
  provenance.run_id = run_id;
  const fs::path dir = folder_->path();
  naming_final_paths([&] {
    trace_->set_meta("schema_version", static_cast<std::int64_t>(results::kTraceSchemaVersion));
    trace_->set_meta("run_id", run_id);
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
    // So `aicn check trace.h5` needs no other file; the trace stores attributes of any size.
    trace_->set_meta("summary", summary_json.dump());
    if (lease_books_) trace_->write_books(lease_books_->books_rows());
    trace_->close();
    results::write_file_atomically(dir / "scenario.resolved.yaml", resolved);
    results::write_provenance_files(dir.string(), provenance);
    results::write_file_atomically(dir / "summary.json", summary_json.dump(2) + "\n");  // last: the run is complete
  });
  folder_->commit();
}

void RunOutputs::abandon() {
  if (trace_) trace_->abandon();
  if (folder_) folder_->abandon();  // the temporary folder and all in it
}

}  // namespace aicn::sim
