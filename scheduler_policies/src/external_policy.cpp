// external: the dispatch decisions come from a scheduler in another process, in any language,
// over the protocol of docs/external-scheduler.md. To the simulator it is a policy like any
// other: its decisions are intents, checked by the dispatcher. A scheduler that breaks the
// protocol, is too slow or exits ends the run with an error naming the message and field.
#include <optional>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/external_protocol.hpp"
#include "aicn/policy/external_transport.hpp"

namespace aicn::policy::external {
namespace {

class ExternalPolicy final : public DispatchPolicy {
 public:
  explicit ExternalPolicy(const PolicyContext& context) : seed_(context.seed) {
    const std::string& command = context.params.text("command");
    const std::string& endpoint = context.params.text("endpoint");
    const double timeout_s = context.params.number("timeout");
    if (command.empty() == endpoint.empty()) {
      const std::string problem = command.empty()
                                      ? "policy 'external' needs a scheduler: policy.params.command (--policy-cmd) "
                                        "or policy.params.endpoint (--policy-endpoint)"
                                      : "policy 'external': give policy.params.command (--policy-cmd) or "
                                        "policy.params.endpoint (--policy-endpoint), not both";
      // Name the file and line of the params when the scenario wrote them.
      if (context.params.source().defined()) context.params.source().fail(problem);
      throw std::invalid_argument(problem);
    }
    who_ = command.empty() ? "external scheduler at " + endpoint : "external scheduler '" + command + "'";
    transport_ = command.empty() ? make_zmq_transport(endpoint, timeout_s) : make_stdio_transport(command, timeout_s);
  }

  ~ExternalPolicy() override {
    // After a failure the scheduler is not asked for anything more: the transport ends it.
    if (!failed_) transport_->close(bye_message(seq_ + 1));
  }

  std::vector<Decision> decide(const ClusterView& view, std::span<const workloads::Job* const> pending) override {
    try {
      if (!encoder_) {
        const std::string answer = transport_->exchange(hello_message(view, seed_), "hello");
        encoder_.emplace(read_hello_answer(answer));
      }
      ++seq_;
      const std::string what = "dispatch #" + std::to_string(seq_);
      return read_decisions(transport_->exchange(encoder_->encode(seq_, view, pending), what), seq_, pending);
    } catch (const ProtocolError& e) {
      failed_ = true;
      throw ProtocolError(who_ + ": " + e.what());
    } catch (...) {
      failed_ = true;
      throw;
    }
  }

 private:
  std::uint64_t seed_;
  std::string who_;
  std::unique_ptr<Transport> transport_;
  std::optional<DispatchEncoder> encoder_;  ///< made from the hello answer's view parts
  std::uint64_t seq_ = 0;                   ///< number of the last dispatch message
  bool failed_ = false;
};

}  // namespace
}  // namespace aicn::policy::external

AICN_REGISTER_POLICY(aicn::policy::external::ExternalPolicy, "external",
                     "ask a scheduler in another process, in any language (docs/external-scheduler.md)",
                     aicn::registry::string("command", "''", "start this scheduler and talk over its stdin/stdout (--policy-cmd)"),
                     aicn::registry::string("endpoint", "''", "or: a ZeroMQ REP endpoint to connect to, e.g. tcp://127.0.0.1:5555 (--policy-endpoint)"),
                     aicn::registry::duration("timeout", "60s", "longest wait for one answer").above(0.0))
