// fifo: arrival order; the head blocks the jobs behind it until its GPUs are free.
#include "aicn/policy/queue_discipline.hpp"

namespace aicn::policy {
namespace {

class Fifo final : public QueueDiscipline {
 public:
  std::optional<std::size_t> next_to_start(const QueueState& state) const override {
    if (!state.queue.empty() && state.fits_now(0)) return 0;
    return std::nullopt;
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_QUEUE_DISCIPLINE(aicn::policy::Fifo, "fifo",
                               "arrival order; the head blocks the jobs behind it until its GPUs are free")
