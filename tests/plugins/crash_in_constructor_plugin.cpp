// A policy library that loads and registers cleanly, but whose policy's constructor writes
// through a null pointer when the run builds it: the run must end with one `aicn: error:` line naming the
// policy and the library, not with a bare signal.
#include "aicn/policy/dispatch_policy.hpp"

namespace {

class CrashingPolicy final : public aicn::policy::DispatchPolicy {
 public:
  CrashingPolicy() {
    volatile int* volatile nowhere = nullptr;  // volatile twice: the compiler can neither prove it null nor drop the write
    *nowhere = 1;  // SIGSEGV, on purpose
  }
  std::vector<aicn::policy::Decision> decide(const aicn::policy::ClusterView&,
                                             std::span<const aicn::workloads::Job* const>) override {
    return {};
  }
};

}  // namespace

AICN_REGISTER_POLICY(CrashingPolicy, "test-crash-in-constructor", "segfaults in its constructor (a test of the crash guard)")
