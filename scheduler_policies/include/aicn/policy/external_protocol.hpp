#pragma once
/// @file external_protocol.hpp
/// The messages of the external-scheduler protocol (docs/external-scheduler.md), as text:
/// what the simulator says (hello, dispatch, bye) and the checks of what the scheduler
/// answers. Pure functions of the view and the pending jobs, so they are testable without a
/// scheduler process or a transport; the transports only carry the lines.
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "aicn/policy/cluster_view.hpp"
#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::policy::external {

/// The protocol version this simulator speaks; a scheduler that answers hello with another
/// one is refused. Bump it whenever a message or field changes meaning.
inline constexpr int kProtocolVersion = 1;

/// Optional parts of the dispatch message a scheduler asks for in its hello (the counts, the
/// network and the pending jobs are always sent).
struct ViewParts {
  bool energy = false;     ///< per site: pue, price now and ahead, carbon, green share
  bool transfers = false;  ///< transfers in flight per route
  bool queues = false;     ///< per pool: the waiting and inbound jobs
  bool running = false;    ///< per pool: the running jobs and their end times
};

/// The scheduler broke the protocol: `what()` names the message and the field, e.g.
/// "answer to dispatch #3: decisions[1].job: 77 is not a pending job of this call".
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The simulator's hello: protocol version, capabilities, and what does not change during a
/// run (sites, pools and their power and cost, hubs' home sites, the dispatch tick), taken
/// from the first view. `scenario_seed` lets a scheduler seed its own randomness.
std::string hello_message(const ClusterView& view, std::uint64_t scenario_seed);

/// Checks the scheduler's hello answer and returns the view parts it asks for.
ViewParts read_hello_answer(std::string_view line);

/// Builds one dispatch message at a time and remembers what it sent, so that the network
/// matrices are sent only when they changed (first message: always).
class DispatchEncoder {
 public:
  explicit DispatchEncoder(ViewParts parts) : parts_(parts) {}
  /// The message, valid until the next call.
  const std::string& encode(std::uint64_t seq, const ClusterView& view, std::span<const workloads::Job* const> pending);

 private:
  ViewParts parts_;
  std::vector<double> sent_latency_;
  std::vector<double> sent_bandwidth_;
  bool network_sent_ = false;
  std::vector<topology::GpuModelId> models_;  ///< the layout's models, in first-seen order
  std::string text_;                          ///< the message being written; its capacity is kept
};

/// Checks the scheduler's answer to dispatch `seq` and returns its decisions: every job must
/// be one of `pending` and decided at most once; `place` needs integer `site` and `pool`
/// (whether they exist is the dispatcher's check, as for any policy), `reject` a `reason`.
/// A job without a decision is held.
std::vector<Decision> read_decisions(std::string_view line, std::uint64_t seq,
                                     std::span<const workloads::Job* const> pending);

/// The message that ends the conversation; the scheduler answers {"type": "bye"} and exits.
std::string bye_message(std::uint64_t seq);

}  // namespace aicn::policy::external
