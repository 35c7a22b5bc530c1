#pragma once
// Helpers shared by the test suites: run the aicn binary (or any command) as a child process
// and capture its output, a fresh scratch folder per test, and reading files back.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <set>
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

/// The current test's scratch folder, the same folder each time the test asks for it. The
/// first request in this process empties it: a folder of the same name (same test, same pid)
/// left by an earlier process would otherwise hold a complete run folder that the test's run
/// then refuses to replace (that made sim tests fail now and then once pids came round).
inline std::filesystem::path test_folder() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = std::filesystem::temp_directory_path() /
             ("aicn-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" + std::to_string(::getpid()));
  static std::set<std::string> emptied;
  if (emptied.insert(dir.string()).second) std::filesystem::remove_all(dir);
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

/// A file of a run folder with the run's id (in every file, different in every run by
/// design) masked, so that two identical runs compare byte for byte. The id has a fixed
/// length, so masking it keeps every other byte (of trace.h5 too) in place.
inline std::string read_run_file(const std::filesystem::path& run, const std::string& name) {
  std::string text = read_file(run / name);
  const std::string id = nlohmann::json::parse(read_file(run / "summary.json")).value("run_id", "");
  if (id.empty()) return text;
  for (std::size_t at = text.find(id); at != std::string::npos; at = text.find(id, at + id.size()))
    text.replace(at, id.size(), std::string(id.size(), '#'));
  return text;
}

/// The `layout:` block of the outage tests: east (hub E, its data) -- 100 Gbps, 10 ms -- west,
/// and the detour east -- 100 Gbps, 8 ms -- mid -- 50 Gbps, 6 ms -- west (mid and west in hub
/// W), each site one A100-80GB pool of the given size.
inline std::string east_mid_west_layout(int east_gpus, int mid_gpus, int west_gpus) {
  return "layout:\n"
         "  hubs: [{name: E, side: east}, {name: W, side: west}]\n"
         "  sites:\n"
         "    - {name: east, hub: E, lat: 31.2, lon: 121.5, pools: [{gpu: A100-80GB, gpus: " + std::to_string(east_gpus) + "}]}\n"
         "    - {name: mid, hub: W, lat: 30.6, lon: 114.3, pools: [{gpu: A100-80GB, gpus: " + std::to_string(mid_gpus) + "}]}\n"
         "    - {name: west, hub: W, lat: 26.6, lon: 106.7, pools: [{gpu: A100-80GB, gpus: " + std::to_string(west_gpus) + "}]}\n"
         "  links:\n"
         "    - {between: [east, west], bandwidth: 100Gbps, latency: 10ms}\n"
         "    - {between: [east, mid], bandwidth: 100Gbps, latency: 8ms}\n"
         "    - {between: [mid, west], bandwidth: 50Gbps, latency: 6ms}\n";
}

}  // namespace aicn_test
