// The child-process transport: the scheduler is `/bin/sh -c COMMAND`, reading one JSON
// message a line on its stdin and answering one a line on its stdout. Both pipe ends are
// non-blocking and every wait goes through poll() with the time left, so a scheduler that
// hangs, stops reading or exits ends the run with a message instead of hanging it.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "aicn/policy/external_transport.hpp"
#include "aicn/topology/checked_number.hpp"

extern char** environ;

namespace aicn::policy::external {
namespace {

using Clock = std::chrono::steady_clock;

/// A scheduler that answers more than this in one line is broken, not busy.
constexpr std::size_t kMaxLineBytes = std::size_t{1} << 30;

class StdioTransport final : public Transport {
 public:
  StdioTransport(const std::string& command, double timeout_s) : command_(command), timeout_s_(timeout_s) {
    // A write to a scheduler that has exited must come back as EPIPE, not kill aicn.
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGPIPE, &ignore, &previous_sigpipe_);
    int to_child[2];
    int from_child[2];
    if (::pipe2(to_child, O_CLOEXEC) != 0) {
      ::sigaction(SIGPIPE, &previous_sigpipe_, nullptr);
      throw TransportError(who() + ": cannot make pipes: " + std::strerror(errno));
    }
    if (::pipe2(from_child, O_CLOEXEC) != 0) {
      const int error = errno;
      ::close(to_child[0]);
      ::close(to_child[1]);
      ::sigaction(SIGPIPE, &previous_sigpipe_, nullptr);
      throw TransportError(who() + ": cannot make pipes: " + std::strerror(error));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
    // Its own process group: the shell may fork the command rather than exec it, and killing
    // the group reaches both.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    const char* argv[] = {"sh", "-c", command_.c_str(), nullptr};
    const int spawned = ::posix_spawn(&pid_, "/bin/sh", &actions, &attributes, const_cast<char* const*>(argv), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    ::close(to_child[0]);
    ::close(from_child[1]);
    to_child_ = to_child[1];
    from_child_ = from_child[0];
    group_ = spawned == 0 ? pid_ : -1;
    if (spawned != 0) {
      pid_ = -1;
      stop_child();  // a throwing constructor runs no destructor: close the pipes here
      ::sigaction(SIGPIPE, &previous_sigpipe_, nullptr);
      throw TransportError(who() + ": cannot start /bin/sh: " + std::strerror(spawned));
    }
    ::fcntl(to_child_, F_SETFL, O_NONBLOCK);
    ::fcntl(from_child_, F_SETFL, O_NONBLOCK);
  }

  ~StdioTransport() override {
    stop_child();
    ::sigaction(SIGPIPE, &previous_sigpipe_, nullptr);
  }

  std::string exchange(const std::string& request, const std::string& what) override {
    const Clock::time_point deadline = Clock::now() + timeout();
    send_line(request, what, deadline);
    return read_line(what, deadline);
  }

  void close(const std::string& bye) noexcept override {
    if (pid_ < 0) return;
    try {
      const Clock::time_point deadline = Clock::now() + std::min<Clock::duration>(timeout(), std::chrono::seconds(2));
      send_line(bye, "bye", deadline);
      read_line("bye", deadline);
    } catch (const std::exception&) {
      // The run's results do not depend on a goodbye; stop_child() ends the scheduler anyway.
    }
    stop_child();
  }

 private:
  std::string who() const { return "external scheduler '" + command_ + "'"; }
  Clock::duration timeout() const {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s_));
  }

  /// Milliseconds left before `deadline`, for poll() (0 when it has passed).
  static int millis_left(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : checked::saturate<int>(static_cast<double>(left), "poll timeout", 0, 1 << 30);
  }

  [[noreturn]] void fail_timeout(const std::string& what) const {
    throw TransportError(who() + " gave no answer to the " + what + " message within " +
                         checked::format_number(timeout_s_) + " s (policy param 'timeout')");
  }

  /// The scheduler's end of a pipe closed: it exited (or closed its stdio). Reaps it and says how.
  [[noreturn]] void fail_exited(const std::string& what) {
    std::string how = "closed its stdout";
    int status = 0;
    // It closed the pipe as it exited: give the exit a moment to become visible.
    for (int i = 0; i < 100 && pid_ > 0; ++i) {
      const pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        pid_ = -1;
        if (WIFEXITED(status)) how = "exited with status " + std::to_string(WEXITSTATUS(status));
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127) how += " (command not found?)";
        if (WIFSIGNALED(status)) how = "was killed by signal " + std::to_string(WTERMSIG(status));
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw TransportError(who() + " " + how + " before answering the " + what + " message");
  }

  void send_line(const std::string& message, const std::string& what, Clock::time_point deadline) {
    if (pid_ < 0 || to_child_ < 0) throw TransportError(who() + " is not running (" + what + " message)");
    // The message, then its newline: no copy of a message that may be megabytes.
    const std::string_view pieces[] = {message, "\n"};
    std::size_t piece = 0;
    std::size_t sent = 0;
    while (piece < 2) {
      const std::string_view rest = pieces[piece].substr(sent);
      if (rest.empty()) {
        ++piece;
        sent = 0;
        continue;
      }
      const ssize_t n = ::write(to_child_, rest.data(), rest.size());
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EPIPE) fail_exited(what);
      if (n < 0 && errno != EAGAIN) throw TransportError(who() + ": cannot send the " + what + " message: " + std::strerror(errno));
      pollfd wait{to_child_, POLLOUT, 0};
      const int ready = ::poll(&wait, 1, millis_left(deadline));
      if (ready == 0) fail_timeout(what);
      if (ready < 0 && errno != EINTR) throw TransportError(who() + ": poll failed: " + std::strerror(errno));
    }
  }

  std::string read_line(const std::string& what, Clock::time_point deadline) {
    std::size_t scanned = 0;
    for (;;) {
      const std::size_t newline = buffer_.find('\n', scanned);
      if (newline != std::string::npos) {
        std::string line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        return line;
      }
      scanned = buffer_.size();
      if (buffer_.size() > kMaxLineBytes)
        throw TransportError(who() + ": the answer to the " + what + " message is longer than 1 GiB without a newline");
      char chunk[65536];
      const ssize_t n = ::read(from_child_, chunk, sizeof chunk);
      if (n > 0) {
        buffer_.append(chunk, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0) fail_exited(what);
      if (errno == EINTR) continue;
      if (errno != EAGAIN) throw TransportError(who() + ": cannot read the answer to the " + what + " message: " + std::strerror(errno));
      pollfd wait{from_child_, POLLIN, 0};
      const int ready = ::poll(&wait, 1, millis_left(deadline));
      if (ready == 0) fail_timeout(what);
      if (ready < 0 && errno != EINTR) throw TransportError(who() + ": poll failed: " + std::strerror(errno));
    }
  }

  /// Closes its stdin (a well-behaved scheduler exits on end of input), waits up to a second,
  /// then kills it: no scheduler outlives the run.
  void stop_child() noexcept {
    if (to_child_ >= 0) ::close(to_child_);
    to_child_ = -1;
    if (pid_ > 0) {
      int status = 0;
      bool reaped = false;
      for (int i = 0; i < 100 && !reaped; ++i) {
        reaped = ::waitpid(pid_, &status, WNOHANG) == pid_;
        if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      if (!reaped) {
        ::kill(-group_, SIGKILL);
        ::waitpid(pid_, &status, 0);
      }
      pid_ = -1;
    }
    // What the shell started may outlive it (a forked command): end the whole group, once.
    if (group_ > 0) ::kill(-group_, SIGKILL);
    group_ = -1;
    if (from_child_ >= 0) ::close(from_child_);
    from_child_ = -1;
  }

  std::string command_;
  double timeout_s_;
  pid_t pid_ = -1;
  pid_t group_ = -1;  ///< the scheduler's process group (its shell's pid)
  int to_child_ = -1;
  int from_child_ = -1;
  std::string buffer_;  ///< bytes read past the last answer's newline
  struct sigaction previous_sigpipe_ {};
};

}  // namespace

std::unique_ptr<Transport> make_stdio_transport(const std::string& command, double timeout_s) {
  return std::make_unique<StdioTransport>(command, timeout_s);
}

}  // namespace aicn::policy::external
