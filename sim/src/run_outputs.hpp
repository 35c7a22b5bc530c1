#pragma once
// RunOutputs: the results folder of one run and the observers that fill it.
//
// Owns: the HDF5 trace (written as trace.h5.partial until complete()), the observers that
// derive the results from the run's events (trace recorder, summary, energy accountant,
// progress line), and the folder's other files. The folder holds a complete run only after
// complete(): summary.json is written last; abandon() removes what an unfinished run wrote.
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
class ProgressObserver;
class ObserverList;
}  // namespace aicn::results

namespace aicn::sim {

class RunOutputs {
 public:
  /// Creates the folder and the partial trace with its site and link catalogs.
  RunOutputs(const Scenario& scenario, const RunOptions& options, const topology::NetworkGraph& intact);
  ~RunOutputs();
  RunOutputs(const RunOutputs&) = delete;
  RunOutputs& operator=(const RunOutputs&) = delete;

  /// Every event of the run goes here; it reaches each observer in turn.
  results::RunObserver& observer();
  /// The summary over [0, end_s]; `simgrid_it_j` is SimGrid's IT energy per site (exec model).
  results::Summary summary(double end_s, const std::vector<double>& simgrid_it_j);
  /// Finishes the trace and writes the scenario, provenance and (last) summary.json.
  void complete(const results::Summary& summary, double end_s);
  /// Removes what this run wrote: no file is left that looks like a result.
  void abandon();

  const std::string& trace_path() const { return trace_path_; }
  const std::string& summary_path() const { return summary_path_; }
  const std::string& scenario_path() const { return scenario_path_; }

 private:
  /// Every file a complete run leaves in the folder.
  std::vector<std::string> stale_outputs() const;

  const Scenario& scenario_;
  RunOptions options_;
  std::string trace_path_, summary_path_, scenario_path_;
  std::unique_ptr<results::TraceWriter> trace_;
  std::unique_ptr<results::EnergyAccountant> energy_;
  std::unique_ptr<results::SummaryCollector> summary_;
  std::unique_ptr<results::TraceRecorder> recorder_;
  std::unique_ptr<results::ProgressObserver> progress_;
  std::unique_ptr<results::ObserverList> observers_;
};

}  // namespace aicn::sim
