// priority: highest priority first (then arrival); that job blocks the others.
#include "aicn/policy/queue_discipline.hpp"

namespace aicn::policy {
namespace {

class Priority final : public QueueDiscipline {
 public:
  std::optional<std::size_t> next_to_start(const QueueState& state) const override {
    // Strictly greater: equal priorities keep arrival order.
    return first_in_order_if_it_fits(
        state, [](const WaitingJobView& a, const WaitingJobView& b) { return a.priority > b.priority; });
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_QUEUE_DISCIPLINE(aicn::policy::Priority, "priority",
                               "highest priority first (then arrival); that job blocks the others")
