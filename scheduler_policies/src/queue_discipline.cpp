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

}  // namespace aicn::policy
