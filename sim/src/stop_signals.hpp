#pragma once
// SIGINT and SIGTERM during a run: the handler only records the signal; the simulation sees
// it at its next event, stops the engine cleanly and removes its unfinished results.
namespace aicn::sim {

class StopSignals {
 public:
  /// Installs the handlers (after SimGrid's engine, which installs its own); restores the
  /// previous ones when destroyed.
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  /// The signal received since installation, or 0.
  static int received();
};

}  // namespace aicn::sim
