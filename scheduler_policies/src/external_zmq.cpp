// The ZeroMQ transport: aicn's REQ socket connects to the scheduler's REP socket, one
// protocol message per ZeroMQ message. ZeroMQ reconnects by itself and says nothing when the
// peer is gone, so a scheduler that is not there (yet, or any more) shows as a timeout.
#include <zmq.hpp>

#include <chrono>

#include "aicn/policy/external_transport.hpp"
#include "aicn/topology/checked_number.hpp"

namespace aicn::policy::external {
namespace {

class ZmqTransport final : public Transport {
 public:
  ZmqTransport(const std::string& endpoint, double timeout_s) : endpoint_(endpoint), timeout_s_(timeout_s) {
    const int millis = checked::saturate<int>(timeout_s * 1000.0, "policy param 'timeout'", 1, 1 << 30);
    try {
      socket_.set(zmq::sockopt::linger, 0);  // an unanswered request must not keep aicn from exiting
      socket_.set(zmq::sockopt::sndtimeo, millis);
      socket_.set(zmq::sockopt::rcvtimeo, millis);
      socket_.connect(endpoint_);
    } catch (const zmq::error_t& e) {
      throw std::invalid_argument("policy param 'endpoint': cannot connect to '" + endpoint_ + "': " + e.what());
    }
  }

  std::string exchange(const std::string& request, const std::string& what) override {
    try {
      if (!socket_.send(zmq::buffer(request), zmq::send_flags::none)) fail_timeout(what);
      zmq::message_t answer;
      if (!socket_.recv(answer, zmq::recv_flags::none)) fail_timeout(what);
      return answer.to_string();
    } catch (const zmq::error_t& e) {
      throw TransportError(who() + ": the " + what + " message failed: " + e.what());
    }
  }

  void close(const std::string& bye) noexcept override {
    try {
      // A short wait: the run is over, only the scheduler's goodbye is at stake.
      socket_.set(zmq::sockopt::rcvtimeo, 2000);
      socket_.set(zmq::sockopt::sndtimeo, 2000);
      zmq::message_t answer;
      if (socket_.send(zmq::buffer(bye), zmq::send_flags::none)) (void)socket_.recv(answer, zmq::recv_flags::none);
    } catch (const zmq::error_t&) {
    }
  }

 private:
  std::string who() const { return "external scheduler at " + endpoint_; }
  [[noreturn]] void fail_timeout(const std::string& what) const {
    throw TransportError(who() + " gave no answer to the " + what + " message within " +
                         checked::format_number(timeout_s_) + " s (policy param 'timeout'; is the scheduler running?)");
  }

  std::string endpoint_;
  double timeout_s_;
  zmq::context_t context_{1};
  zmq::socket_t socket_{context_, zmq::socket_type::req};
};

}  // namespace

std::unique_ptr<Transport> make_zmq_transport(const std::string& endpoint, double timeout_s) {
  return std::make_unique<ZmqTransport>(endpoint, timeout_s);
}

}  // namespace aicn::policy::external
