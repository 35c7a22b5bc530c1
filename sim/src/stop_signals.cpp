#include "stop_signals.hpp"

#include <csignal>
#include <cstdio>
#include <string>

#include "aicn/sim/simulation.hpp"

namespace aicn::sim {
namespace {

volatile std::sig_atomic_t g_received = 0;
struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

extern "C" void record_stop_signal(int signal) { g_received = signal; }

std::string signal_name(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal);
}

std::string interrupted_message(int signal, double reached_s) {
  char when[64];
  std::snprintf(when, sizeof when, "%.1f h", reached_s / 3600.0);
  return "interrupted by " + signal_name(signal) + " at simulated time " + when +
         "; the run was stopped and its unfinished results removed";
}

}  // namespace

RunInterrupted::RunInterrupted(int signal, double reached_s)
    : std::runtime_error(interrupted_message(signal, reached_s)), signal_(signal), reached_s_(reached_s) {}

RunInterrupted::RunInterrupted(int signal, const char* what_stopped)
    : std::runtime_error("interrupted by " + signal_name(signal) + "; the " + what_stopped +
                         " was stopped and its unfinished results removed"),
      signal_(signal),
      reached_s_(0.0) {}


StopSignals::StopSignals() {
  g_received = 0;
  struct sigaction action {};
  action.sa_handler = record_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

int StopSignals::received() { return g_received; }

}  // namespace aicn::sim
