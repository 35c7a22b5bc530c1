#pragma once
// RunOutputs: the results folder of one run and the observers that fill it.
//
// Owns: the run's folder (written in a temporary folder beside --out, locked, renamed into
// place by complete()), the HDF5 trace, the observers that derive the results from the
// run's events (trace recorder, summary, energy accountant, progress line), and the
// folder's other files, each carrying the run id. summary.json is written last; abandon()
// removes the temporary folder, so an unfinished run leaves nothing that looks like one.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "aicn/results/run_observer.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/sim/simulation.hpp"
#include "aicn/topology/network_graph.hpp"

namespace aicn::results {
class TraceWriter;
class TraceRecorder;
class SummaryCollector;
class EnergyAccountant;
class SiteSignals;
class LeaseAccountant;
class ContractWaits;
class ServingAccountant;
class ProgressObserver;
class ObserverList;
class RunFolder;
}  // namespace aicn::results

namespace aicn::workloads {
struct ServingPlan;
}  // namespace aicn::workloads

namespace aicn::sim {

class RunOutputs {
 public:
  /// Locks and creates the (temporary) folder and the partial trace with its site and link
  /// catalogs. Throws std::invalid_argument when --out holds an earlier run and
  /// options.force is not set, results::OutputError when it cannot be written.
  RunOutputs(const Scenario& scenario, const RunOptions& options, const topology::NetworkGraph& intact);
  ~RunOutputs();
  RunOutputs(const RunOutputs&) = delete;
  RunOutputs& operator=(const RunOutputs&) = delete;

  /// Every event of the run goes here; it reaches each observer in turn.
  results::RunObserver& observer();
  /// A request-mode source's deployment (docs/serving.md): its replicas' events and requests
  /// become summary.json's `serving` block. `plan` and `intact` must outlive the outputs.
  void attach_serving(const workloads::ServingPlan& plan, const topology::NetworkGraph& intact);
  /// Each site's price and carbon over time: what the accounting charges and the view shows.
  const results::SiteSignals& signals() const { return *signals_; }
  /// The summary over [0, end_s]; `simgrid_it_j` is SimGrid's IT energy per site (exec model).
  results::Summary summary(double end_s, const std::vector<double>& simgrid_it_j);
  /// Finishes the trace and writes the scenario, provenance and (last) summary.json, then
  /// puts the folder in place. Throws results::OutputError naming the file that failed.
  void complete(const results::Summary& summary, double end_s);
  /// Removes what this run wrote: no file is left that looks like a result.
  void abandon();

  /// Where the files are once the run completed (under --out).
  const std::string& trace_path() const { return trace_path_; }
  const std::string& summary_path() const { return summary_path_; }
  const std::string& scenario_path() const { return scenario_path_; }

 private:
  /// Runs `write`; an OutputError about a file of the temporary folder is rethrown naming
  /// the file under --out, the name the user knows.
  template <typename Write>
  void naming_final_paths(Write&& write);

  const Scenario& scenario_;
  RunOptions options_;
  std::string trace_path_, summary_path_, scenario_path_;
  std::unique_ptr<results::RunFolder> folder_;  // first: the files below live in it
  std::unique_ptr<results::TraceWriter> trace_;
  std::unique_ptr<results::SiteSignals> signals_;  // before energy_, which reads it
  std::unique_ptr<results::EnergyAccountant> energy_;
  std::unique_ptr<results::LeaseAccountant> lease_books_;  ///< only when the scenario has leases
  std::unique_ptr<results::ContractWaits> contract_waits_;  ///< beside lease_books_
  std::unique_ptr<results::ServingAccountant> serving_;  ///< only with a request-mode source
  std::unique_ptr<results::SummaryCollector> summary_;
  std::unique_ptr<results::TraceRecorder> recorder_;
  std::unique_ptr<results::ProgressObserver> progress_;
  std::unique_ptr<results::ObserverList> observers_;
};

}  // namespace aicn::sim
