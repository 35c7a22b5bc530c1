#pragma once
/// @file trace_recorder.hpp
/// Writes a run's events into its HDF5 trace: one /jobs row per job at its end (whatever
/// its status), an /events row per outage, reroute, failed transfer, interruption and
/// resubmission and split training job, and at each sample tick its time, the /energy samples, and a /sites or
/// /links sample row for each site or link direction whose values changed since its last row.
#include <cstdint>
#include <string_view>
#include <vector>

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
  void job_suspended(double now_s, const JobSnapshot& job, double lost_gpu_s, const std::string& detail) override;
  /// An /events row "split_training_ended" whose detail lists the job's synchronisation figures.
  void split_training_ended(double now_s, const JobSnapshot& job, const SplitTrainingStats& stats) override;
  void job_ended(double now_s, const JobSnapshot& job, JobStatus status, const std::string& reason) override;
  void outage(double now_s, OutageKind kind, const std::string& subject, const std::string& detail) override;
  void sample(double now_s, std::span<const SiteSample> sites, std::span<const LinkSample> links) override;
  void placement_sample(double now_s, const PlacementSample& sample) override;
  /// Writes the last sample's row of every site and link direction left out as unchanged.
  void run_ended(double end_s) override;

 private:
  /// A site's (or link direction's) last written sample row, and whether a later sample
  /// with the same values is still unwritten (and when it was taken).
  template <typename Row>
  struct LastRows {
    Row row{};
    bool written = false;
    bool pending = false;
    double pending_time_s = 0.0;
  };
  template <typename Row>
  void write_if_changed(LastRows<Row>& last, const Row& row);
  template <typename Row>
  void write_pending(LastRows<Row>& last);

  void event(double now_s, const char* kind, std::string_view subject, std::int64_t job, std::string_view detail);
  std::string_view site_name(int site) const;

  TraceWriter& writer_;
  const topology::Layout& layout_;
  const EnergyAccountant& energy_;
  std::vector<LastRows<SiteSampleRow>> last_site_rows_;  ///< by site index
  std::vector<LastRows<LinkSampleRow>> last_link_rows_;  ///< by 2 x link index + direction
};

}  // namespace aicn::results
