#include "aicn/policy/crash_guard.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace aicn::policy {
namespace {

// Filled before the handlers are installed: the handler itself may only call write and _exit.
char g_message[4096];
std::size_t g_message_size = 0;
// Its own stack, so that a stack overflow in the library still reaches the handler.
alignas(16) char g_stack[64 * 1024];

void write_all(const char* text, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(STDERR_FILENO, text, size);
    if (n <= 0) return;
    text += n;
    size -= static_cast<std::size_t>(n);
  }
}

void on_crash(int signal) {
  write_all(g_message, g_message_size);
  char digits[16];
  std::size_t count = 0;
  for (int value = signal; value > 0 && count < sizeof digits; value /= 10) digits[count++] = static_cast<char>('0' + value % 10);
  char number[16];
  for (std::size_t i = 0; i < count; ++i) number[i] = digits[count - 1 - i];
  write_all(number, count);
  write_all(")\n", 2);
  ::_exit(1);
}

}  // namespace

CrashGuard::CrashGuard(const std::string& what_crashed) {
  const std::string line = "aicn: error: " + what_crashed + " (signal ";
  g_message_size = std::min(line.size(), sizeof g_message);
  std::memcpy(g_message, line.data(), g_message_size);
  stack_t stack{};
  stack.ss_sp = g_stack;
  stack.ss_size = sizeof g_stack;
  stack_installed_ = ::sigaltstack(&stack, &previous_stack_) == 0;
  struct sigaction action {};
  action.sa_handler = on_crash;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_ONSTACK;
  for (std::size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i) ::sigaction(kSignals[i], &action, &previous_[i]);
}

CrashGuard::~CrashGuard() {
  for (std::size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i) ::sigaction(kSignals[i], &previous_[i], nullptr);
  if (stack_installed_) ::sigaltstack(&previous_stack_, nullptr);
}

}  // namespace aicn::policy
