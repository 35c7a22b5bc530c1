// easy-backfill: arrival order, but while the head waits a later job may start now if it does
// not delay the head: it ends before the head's reserved start, or it uses only GPUs the head
// will not need then (EASY backfilling).
#include "aicn/policy/queue_discipline.hpp"

namespace aicn::policy {
namespace {

class EasyBackfill final : public QueueDiscipline {
 public:
  std::optional<std::size_t> next_to_start(const QueueState& state) const override {
    if (state.queue.empty()) return std::nullopt;
    if (state.fits_now(0)) return 0;
    const Reservation head = reserve(state.queue.front().gpus, state.free_gpus, state.running, state.now_s);
    for (std::size_t i = 1; i < state.queue.size(); ++i) {
      const WaitingJobView& job = state.queue[i];
      if (!may_fit_now(state, job)) continue;  // most of a long queue: no call, no lookup
      const bool ends_before_head = state.now_s + job.run_time_s <= head.start_s;
      const bool leaves_head_enough = job.gpus <= head.extra_gpus;
      if ((ends_before_head || leaves_head_enough) && state.fits_now(i)) return i;
    }
    return std::nullopt;
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_QUEUE_DISCIPLINE(aicn::policy::EasyBackfill, "easy-backfill",
                               "arrival order; a later job may start while the head waits if it does not delay "
                               "the head (EASY backfilling)")
