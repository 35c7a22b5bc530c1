#pragma once
/// @file trace_recorder.hpp
/// Writes a run's events into its HDF5 trace: one /jobs row per job at its end (whatever
/// its status), an /events row per outage, reroute, failed transfer, interruption and
/// resubmission, and the /sites, /links and /energy samples at each sample tick.
#include <cstdint>
#include <string_view>

#include "aicn/results/energy_accountant.hpp"
#include "aicn/results/run_observer.hpp"
#include "aicn/results/trace_writer.hpp"
#include "aicn/topology/layout.hpp"

namespace aicn::results {

class TraceRecorder : public RunObserver {
 public:
  /// Appends to `writer` (whoever owns it sets /meta and closes it); names come from
  /// `layout`; the /energy samples are `energy`'s at each tick. All three must outlive it.
  TraceRecorder(TraceWriter& writer, const topology::Layout& layout, const EnergyAccountant& energy);

  /// Writes /sites/catalog and /links/catalog from the layout (once, before the run).
  void write_catalogs();

  void transfer_rerouted(double now_s, const JobSnapshot& job, const std::string& cut_links,
                         const std::string& detail) override;
  void transfer_failed(double now_s, const JobSnapshot& job, const std::string& subject,
                       const std::string& detail) override;
  void job_interrupted(double now_s, const JobSnapshot& job, double lost_gpu_s, const std::string& detail) override;
  void job_resubmitted(double now_s, const JobSnapshot& job, const std::string& why) override;
  void job_ended(double now_s, const JobSnapshot& job, JobStatus status, const std::string& reason) override;
  void outage(double now_s, OutageKind kind, const std::string& subject, const std::string& detail) override;
  void sample(double now_s, std::span<const SiteSample> sites, std::span<const LinkSample> links) override;

 private:
  void event(double now_s, const char* kind, std::string_view subject, std::int64_t job, std::string_view detail);
  std::string_view site_name(int site) const;

  TraceWriter& writer_;
  const topology::Layout& layout_;
  const EnergyAccountant& energy_;
};

}  // namespace aicn::results
