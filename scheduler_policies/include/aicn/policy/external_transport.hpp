#pragma once
/// @file external_transport.hpp
/// How the messages of the external-scheduler protocol reach the scheduler: a child process
/// over its stdin and stdout (one JSON message a line), or a ZeroMQ REQ socket connected to a
/// scheduler's REP socket. Both wait at most `timeout_s` for each answer.
#include <memory>
#include <stdexcept>
#include <string>

namespace aicn::policy::external {

/// The scheduler cannot be reached, did not answer in time, or exited; what() says which
/// and names the message that was waiting for its answer.
class TransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Transport {
 public:
  virtual ~Transport() = default;
  /// Sends `request` (one message, no newline) and returns the answer (one message, without
  /// its newline). `what` names the request in errors ("dispatch #3").
  virtual std::string exchange(const std::string& request, const std::string& what) = 0;
  /// Sends `bye`, waits briefly for the answer and lets the scheduler go; never throws (it
  /// runs when the run ends, also after an error).
  virtual void close(const std::string& bye) noexcept = 0;
};

/// Starts `command` with /bin/sh -c; its stderr is aicn's.
std::unique_ptr<Transport> make_stdio_transport(const std::string& command, double timeout_s);
/// Connects to `endpoint` (e.g. tcp://127.0.0.1:5555), where the scheduler has bound a REP socket.
std::unique_ptr<Transport> make_zmq_transport(const std::string& endpoint, double timeout_s);

}  // namespace aicn::policy::external
