#pragma once
/// @file queue_discipline.hpp
/// Local queue disciplines: which queued job of a pool starts next. Pure code; the simulator
/// asks again after every start until the discipline answers "none". Each lives in its own
/// file under scheduler_policies/queue/ and registers with AICN_REGISTER_QUEUE_DISCIPLINE.
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
#include "aicn/topology/registry.hpp"

namespace aicn::policy {

struct QueueState {
  double now_s = 0.0;
  int free_gpus = 0;
  /// GPUs with nothing on them, before any lease keeps some back (>= free_gpus): a
  /// whole-GPU job (WaitingJobView::gpu_milli 1000) of more GPUs cannot fit now. A discipline
  /// that scans a long queue tests this before fits_now, which looks the job up.
  int idle_gpus = 0;
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

/// What a discipline is built from (nothing yet; a struct so that it can grow).
struct QueueContext {};

/// The queue disciplines by name; each registers itself from scheduler_policies/queue/.
class QueueDisciplineRegistry final : public registry::Registry<QueueDiscipline, QueueContext> {
 public:
  static QueueDisciplineRegistry& instance();

 private:
  QueueDisciplineRegistry() : Registry("queue discipline") {}
};

/// The discipline called `name`; std::invalid_argument listing the valid names otherwise.
std::unique_ptr<QueueDiscipline> make_queue_discipline(const std::string& name);

/// Starts jobs strictly in the order `before` defines: the first job in that order starts if
/// it fits, and otherwise nothing does (it blocks the rest, so it cannot starve).
template <typename Before>
std::optional<std::size_t> first_in_order_if_it_fits(const QueueState& state, Before before) {
  if (state.queue.empty()) return std::nullopt;
  std::size_t first = 0;
  for (std::size_t i = 1; i < state.queue.size(); ++i)
    if (before(state.queue[i], state.queue[first])) first = i;
  if (state.fits_now(first)) return first;
  return std::nullopt;
}

/// EASY backfilling's reservation for a waiting job of `gpus` GPUs: the earliest time enough
/// GPUs are free by count as running jobs end, and how many GPUs are free then beyond its need.
struct Reservation {
  double start_s = 0.0;
  int extra_gpus = 0;
};
Reservation reserve(int gpus, int free_gpus, std::span<const RunningJobView> running, double now_s);

/// False when queue entry `job` cannot fit now by count alone: a whole-GPU job asking for
/// more than state.idle_gpus. True means "ask fits_now".
inline bool may_fit_now(const QueueState& state, const WaitingJobView& job) {
  return workloads::is_gpu_share(job.gpus, job.gpu_milli) || job.gpus <= state.idle_gpus;
}

}  // namespace aicn::policy

/// Registers `Class` (default-constructible) as the queue discipline `name`.
#define AICN_REGISTER_QUEUE_DISCIPLINE(Class, name, description)                                   \
  namespace {                                                                                      \
  [[maybe_unused]] const bool AICN_REGISTRY_CONCAT(aicn_queue_registered_, __LINE__) =             \
      ::aicn::policy::QueueDisciplineRegistry::instance().add(                                     \
          {name, description, {}, [](const ::aicn::policy::QueueContext&) -> std::unique_ptr<::aicn::policy::QueueDiscipline> { \
             return std::make_unique<Class>();                                                     \
           }});                                                                                    \
  }
