#pragma once
// TEMPORARY stand-in on branch engine until results-lib lands (same interface).
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>
#include "aicn/sim/trace_rows.hpp"
#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/workloads/job.hpp"
namespace aicn::results {
using sim::JobStatus;
struct JobSnapshot {
  const workloads::Job* job = nullptr;
  int site = -1, pool = -1;
  topology::GpuModelId gpu_model = -1;
  double transfer_start_s = std::numeric_limits<double>::quiet_NaN();
  double transfer_end_s = std::numeric_limits<double>::quiet_NaN();
  double start_s = std::numeric_limits<double>::quiet_NaN();
  double bytes_moved = 0.0;
};
enum class OutageKind { SITE_DOWN, SITE_UP, LINK_DOWN, LINK_UP };
struct SiteSample { int site; int busy_gpus; int total_gpus; int running_jobs; int queued_jobs; long long queued_gpus; };
struct LinkSample { int link; int direction; double bytes; double utilisation; };
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void job_submitted(double, const JobSnapshot&) {}
  virtual void job_placed(double, const JobSnapshot&) {}
  virtual void job_held(double, const JobSnapshot&, const std::string&) {}
  virtual void decision_invalid(double, const JobSnapshot&, const std::string&) {}
  virtual void transfer_started(double, const JobSnapshot&, int, int, double) {}
  virtual void transfer_ended(double, const JobSnapshot&, int, int, double) {}
  virtual void transfer_rerouted(double, const JobSnapshot&, const std::string&, const std::string&) {}
  virtual void job_started(double, const JobSnapshot&) {}
  virtual void job_interrupted(double, const JobSnapshot&, double, const std::string&) {}
  virtual void job_resubmitted(double, const JobSnapshot&, const std::string&) {}
  virtual void job_ended(double, const JobSnapshot&, JobStatus, const std::string&) {}
  virtual void pool_busy_changed(double, int, int, int) {}
  virtual void outage(double, OutageKind, const std::string&, const std::string&) {}
  virtual void sample(double, std::span<const SiteSample>, std::span<const LinkSample>) {}
  virtual void run_ended(double) {}
};
}  // namespace aicn::results
