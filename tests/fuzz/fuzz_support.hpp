#pragma once
// Shared pieces of the libFuzzer harnesses (tests/fuzz/README in docs/fuzzing.md).
//
// A harness feeds the fuzzer's bytes to one parser. The documented input errors -- the ones
// `aicn` turns into an `aicn: error: ...` line -- are expected outcomes and are caught here;
// anything else escapes: another exception type (std::terminate, reported as a crash), a
// sanitizer report, a crash or a hang (-timeout) is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/config_node.hpp"
#include "aicn/topology/units.hpp"

namespace aicn::fuzz {

/// A private scratch folder of this process (in /dev/shm when it exists: the readers take a
/// path), removed when the fuzzer exits normally.
inline const std::filesystem::path& scratch_dir() {
  struct Scratch {
    std::filesystem::path path;
    Scratch() {
      const std::filesystem::path base =
          std::filesystem::exists("/dev/shm") ? std::filesystem::path("/dev/shm") : std::filesystem::temp_directory_path();
      path = base / ("aicn-fuzz-" + std::to_string(::getpid()));
      std::filesystem::create_directories(path);
    }
    ~Scratch() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Scratch scratch;
  return scratch.path;
}

/// Writes the input to `name` in the scratch folder and returns its path.
inline std::string write_input(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path path = scratch_dir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path.string();
}

/// Runs `parse`; the documented input errors are expected and swallowed, anything else escapes.
template <typename Parse>
void expect_only_input_errors(Parse&& parse) {
  try {
    parse();
  } catch (const config::ConfigError&) {
  } catch (const units::UnitError&) {
  } catch (const checked::NumberError&) {
  }
}

}  // namespace aicn::fuzz
