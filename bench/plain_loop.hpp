#pragma once
/// @file plain_loop.hpp
/// The parts of aicn_plain_loop (bench/plain_loop.cpp) shared by its two job feeds: the
/// compact job the loop keeps, the feed interface it pulls jobs through, and the loop itself.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aicn/topology/config_node.hpp"

#include "aicn/topology/layout.hpp"
#include "aicn/workloads/job.hpp"
#include "aicn/workloads/job_source.hpp"

namespace aicn::plain {

/// What the loop needs of a job, and nothing more (32 bytes instead of AICN's Job).
struct Job {
  double submit_s = 0.0;
  double run_s = 0.0;
  int gpus = 0;
  int model = -1;  ///< GPU catalogue id of the first choice; -1 for a data transfer
  int origin_hub = -1;
};

/// The one conversion from AICN's job, used by both feeds so they cannot disagree: the run
/// time is Job::run_time_s() on the first-choice model.
Job compact(const workloads::Job& job);

/// Jobs in submit order, pulled one at a time as the loop needs the next arrival (as AICN
/// keeps one pending arrival at a time).
class JobFeed {
 public:
  virtual ~JobFeed() = default;
  /// Writes the next job to `job`; false when the stream has ended.
  virtual bool next(Job& job) = 0;
};

struct Counts {
  std::uint64_t jobs = 0;      ///< jobs submitted (arrived) before the horizon
  std::uint64_t finished = 0;
  std::uint64_t rejected = 0;  ///< no pool of the job's model can ever hold it
  std::uint64_t unfinished() const { return jobs - finished - rejected; }
};

/// The event loop (its rules are at the top of plain_loop.cpp), up to `horizon_s`.
Counts run_loop(const topology::Layout& layout, JobFeed& feed, double horizon_s, double transfer_delay_s);

/// CSV mode: every row of an `aicn workload generate` CSV, read and parsed before the loop.
std::vector<Job> read_csv(const char* path, const topology::Layout& layout);

/// Replays jobs already in memory (CSV mode).
class VectorFeed final : public JobFeed {
 public:
  explicit VectorFeed(const std::vector<Job>& jobs) : jobs_(jobs) {}
  bool next(Job& job) override {
    if (next_ == jobs_.size()) return false;
    job = jobs_[next_++];
    return true;
  }

 private:
  const std::vector<Job>& jobs_;
  std::size_t next_ = 0;
};

/// Generator mode: the keys of a scenario file that make its job stream, read as `aicn run`
/// reads them (sim/src/scenario.cpp; that loader is in aicn_sim, which needs SimGrid).
struct ScenarioSpec {
  topology::Layout layout;
  config::ConfigNode workload{YAML::Node(), ""};
  std::uint64_t seed = 1;
  double horizon_s = 30 * 86400.0;  ///< the scenario default, as in sim::Scenario
  std::uint64_t max_jobs = 0;       ///< 0 = unlimited
  std::string base_dir;             ///< the scenario's folder, for relative trace paths
};
ScenarioSpec load_scenario_spec(const std::string& path);

/// The scenario's `workload:` source from AICN's registry, as `aicn run` builds it.
std::unique_ptr<workloads::JobSource> make_source(const ScenarioSpec& spec);

/// Pulls jobs from a workload source one at a time (generator mode).
class SourceFeed final : public JobFeed {
 public:
  explicit SourceFeed(std::unique_ptr<workloads::JobSource> source) : source_(std::move(source)) {}
  bool next(Job& job) override {
    const auto drawn = source_->next();
    if (!drawn) return false;
    job = compact(*drawn);
    return true;
  }

 private:
  std::unique_ptr<workloads::JobSource> source_;
};

/// Process CPU time, s.
double cpu_seconds();

/// A number in `text`, or fail() naming `where` ("" is 0, as an empty CSV field).
double parse_double(std::string_view text, const std::string& where);

/// "aicn_plain_loop: error: MESSAGE" on stderr, exit status 2.
[[noreturn]] void fail(const std::string& message);

}  // namespace aicn::plain
