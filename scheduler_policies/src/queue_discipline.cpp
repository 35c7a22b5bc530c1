#include "aicn/policy/queue_discipline.hpp"

#include <algorithm>
#include <stdexcept>

namespace aicn::policy {
namespace {

/// Starts jobs strictly in the order `before` defines: the first job in that order starts if
/// it fits, and otherwise nothing does (it blocks the rest, so it cannot starve).
template <typename Before>
std::optional<std::size_t> strict_order(const QueueState& state, Before before) {
  if (state.queue.empty()) return std::nullopt;
  std::size_t first = 0;
  for (std::size_t i = 1; i < state.queue.size(); ++i)
    if (before(state.queue[i], state.queue[first])) first = i;
  if (state.fits_now(first)) return first;
  return std::nullopt;
}

class Fifo final : public QueueDiscipline {
 public:
  std::optional<std::size_t> next_to_start(const QueueState& state) const override {
    if (!state.queue.empty() && state.fits_now(0)) return 0;
    return std::nullopt;
  }
};

class ShortestJobFirst final : public QueueDiscipline {
 public:
  std::optional<std::size_t> next_to_start(const QueueState& state) const override {
    return strict_order(state, [](const WaitingJobView& a, const WaitingJobView& b) { return a.run_time_s < b.run_time_s; });
  }
};

class Priority final : public QueueDiscipline {
 public:
  std::optional<std::size_t> next_to_start(const QueueState& state) const override {
    return strict_order(state, [](const WaitingJobView& a, const WaitingJobView& b) { return a.priority > b.priority; });
  }
};

class EasyBackfill final : public QueueDiscipline {
 public:
  std::optional<std::size_t> next_to_start(const QueueState& state) const override {
    if (state.queue.empty()) return std::nullopt;
    if (state.fits_now(0)) return 0;
    const Reservation head = reserve(state.queue.front().gpus, state.free_gpus, state.running, state.now_s);
    for (std::size_t i = 1; i < state.queue.size(); ++i) {
      const WaitingJobView& job = state.queue[i];
      const bool ends_before_head = state.now_s + job.run_time_s <= head.start_s;
      const bool leaves_head_enough = job.gpus <= head.extra_gpus;
      if ((ends_before_head || leaves_head_enough) && state.fits_now(i)) return i;
    }
    return std::nullopt;
  }
};

}  // namespace

Reservation reserve(int gpus, int free_gpus, std::span<const RunningJobView> running, double now_s) {
  std::vector<RunningJobView> by_end(running.begin(), running.end());
  std::sort(by_end.begin(), by_end.end(), [](const auto& a, const auto& b) { return a.end_s < b.end_s; });
  Reservation reservation{now_s, free_gpus - gpus};
  int free = free_gpus;
  for (const auto& job : by_end) {
    if (free >= gpus) break;
    free += job.gpus;
    reservation.start_s = std::max(now_s, job.end_s);
  }
  reservation.extra_gpus = free - gpus;
  return reservation;
}

std::vector<std::string> queue_discipline_names() { return {"fifo", "sjf", "priority", "easy-backfill"}; }

std::string queue_discipline_list() {
  std::string list;
  for (const auto& name : queue_discipline_names()) list += (list.empty() ? "" : ", ") + name;
  return list;
}

std::unique_ptr<QueueDiscipline> make_queue_discipline(const std::string& name) {
  if (name == "fifo") return std::make_unique<Fifo>();
  if (name == "sjf") return std::make_unique<ShortestJobFirst>();
  if (name == "priority") return std::make_unique<Priority>();
  if (name == "easy-backfill") return std::make_unique<EasyBackfill>();
  throw std::invalid_argument("unknown queue discipline '" + name + "' (valid disciplines: " + queue_discipline_list() +
                              ")");
}

}  // namespace aicn::policy
