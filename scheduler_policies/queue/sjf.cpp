// sjf: shortest run time first; that job blocks the others until it fits.
#include "aicn/policy/queue_discipline.hpp"

namespace aicn::policy {
namespace {

class ShortestJobFirst final : public QueueDiscipline {
 public:
  std::optional<std::size_t> next_to_start(const QueueState& state) const override {
    return first_in_order_if_it_fits(
        state, [](const WaitingJobView& a, const WaitingJobView& b) { return a.run_time_s < b.run_time_s; });
  }
};

}  // namespace
}  // namespace aicn::policy

AICN_REGISTER_QUEUE_DISCIPLINE(aicn::policy::ShortestJobFirst, "sjf",
                               "shortest run time first; that job blocks the others until it fits")
