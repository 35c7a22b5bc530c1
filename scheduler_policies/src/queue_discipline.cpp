#include "aicn/policy/queue_discipline.hpp"

#include <algorithm>

namespace aicn::policy {

QueueDisciplineRegistry& QueueDisciplineRegistry::instance() {
  static QueueDisciplineRegistry registry;
  return registry;
}

std::unique_ptr<QueueDiscipline> make_queue_discipline(const std::string& name) {
  return QueueDisciplineRegistry::instance().create(name, QueueContext{});
}

Reservation reserve(int gpus, int free_gpus, std::span<const RunningJobView> running, double now_s) {
  // The simulator's running list is sorted by end time already (PoolView::running): read it
  // in place. Another list is sorted in a copy, ties kept in their order.
  const auto ends_first = [](const RunningJobView& a, const RunningJobView& b) { return a.end_s < b.end_s; };
  std::vector<RunningJobView> sorted;
  std::span<const RunningJobView> by_end = running;
  if (!std::is_sorted(running.begin(), running.end(), ends_first)) {
    sorted.assign(running.begin(), running.end());
    std::stable_sort(sorted.begin(), sorted.end(), ends_first);
    by_end = sorted;
  }
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

}  // namespace aicn::policy
