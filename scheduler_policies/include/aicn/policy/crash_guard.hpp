#pragma once
/// @file crash_guard.hpp
/// A policy library is code AICN did not compile: its static constructors run inside dlopen,
/// its policy's constructor inside the run. If either crashes (a null pointer, a division by
/// zero), the user should read which library it was, not a bare "Segmentation fault" (139).
/// While a CrashGuard lives, SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT write one line
///   "aicn: error: policy library PATH crashed while loading (signal 11)"
/// and end the process with exit status 1; the previous handlers come back afterwards.
#include <csignal>
#include <string>

namespace aicn::policy {

class CrashGuard {
 public:
  /// `what_crashed`: the line's text before " (signal N)", e.g. "policy library X crashed while loading".
  explicit CrashGuard(const std::string& what_crashed);
  ~CrashGuard();
  CrashGuard(const CrashGuard&) = delete;
  CrashGuard& operator=(const CrashGuard&) = delete;

 private:
  static constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
  struct sigaction previous_[sizeof kSignals / sizeof kSignals[0]];
  stack_t previous_stack_{};
  bool stack_installed_ = false;
};

}  // namespace aicn::policy
