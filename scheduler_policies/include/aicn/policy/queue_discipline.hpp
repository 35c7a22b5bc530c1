#pragma once
/// @file queue_discipline.hpp
/// Local queue disciplines: which queued job of a pool starts next. Pure code; the simulator
/// asks again after every start until the discipline answers "none".
///
///   fifo           arrival order; the head blocks the jobs behind it until its GPUs are free
///   sjf            shortest run time first; that job blocks the others until it fits
///   priority       highest priority first (then arrival); that job blocks the others
///   easy-backfill  arrival order, but while the head waits a later job may start now if it
///                  does not delay the head: it ends before the head's reserved start, or it
///                  uses only GPUs the head will not need then (EASY backfilling)
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "aicn/policy/cluster_view.hpp"

namespace aicn::policy {

struct QueueState {
  double now_s = 0.0;
  int free_gpus = 0;
  std::span<const RunningJobView> running;  ///< any order
  std::span<const WaitingJobView> queue;    ///< arrival order
  /// Whether queue[index] can be allocated now: gang allocation within servers, or a share
  /// of one GPU for fractional jobs. The runtime asks its allocator.
  std::function<bool(std::size_t index)> fits_now;
};

class QueueDiscipline {
 public:
  virtual ~QueueDiscipline() = default;
  /// Index into state.queue of the job to start now, or nothing.
  virtual std::optional<std::size_t> next_to_start(const QueueState& state) const = 0;
};

/// The discipline called `name`; std::invalid_argument listing the valid names otherwise.
std::unique_ptr<QueueDiscipline> make_queue_discipline(const std::string& name);
std::vector<std::string> queue_discipline_names();
/// "fifo, sjf, priority, easy-backfill".
std::string queue_discipline_list();

/// EASY backfilling's reservation for a waiting job of `gpus` GPUs: the earliest time enough
/// GPUs are free by count as running jobs end, and how many GPUs are free then beyond its need.
struct Reservation {
  double start_s = 0.0;
  int extra_gpus = 0;
};
Reservation reserve(int gpus, int free_gpus, std::span<const RunningJobView> running, double now_s);

}  // namespace aicn::policy
