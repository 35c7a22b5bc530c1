#pragma once
// Helpers shared by the test suites: run the aicn binary (or any command) as a child process
// and capture its output, a fresh scratch folder per test, and reading files back.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace aicn_test {

struct Outcome {
  int exit_code = -1;   ///< -1 when the command could not run or did not exit normally
  std::string output;   ///< what the command printed
};

/// Runs a shell command; `output` holds its stdout and, unless `with_stderr` is false (then
/// stderr is discarded, e.g. for JSON or DOT that must parse), its stderr.
inline Outcome run_command(const std::string& command, bool with_stderr = true) {
  Outcome outcome;
  FILE* pipe = popen((command + (with_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
  if (!pipe) return outcome;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) outcome.output += buffer.data();
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

#ifdef AICN_BINARY  // suites that test a library alone have no aicn binary to run
/// Runs `aicn ARGUMENTS` (see run_command).
inline Outcome run_aicn(const std::string& arguments, bool with_stderr = true) {
  return run_command(std::string(AICN_BINARY) + " " + arguments, with_stderr);
}
#endif

/// A fresh, empty folder for the current test (named after it and this process).
inline std::filesystem::path test_scratch() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = std::filesystem::temp_directory_path() /
             ("aicn-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// The whole file, byte for byte ("" when it cannot be read).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline nlohmann::json read_json(const std::filesystem::path& path) { return nlohmann::json::parse(read_file(path)); }

}  // namespace aicn_test
