#include "aicn/results/provenance.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "aicn/results/atomic_file.hpp"
#include "aicn/results/output_error.hpp"
#include "aicn/results/version.hpp"

namespace aicn::results {
namespace {

/// Quotes a word for POSIX sh: 'it'\''s'.
std::string shell_quote(const std::string& word) {
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

Provenance Provenance::current(const std::string& command_line, const std::string& simgrid_version) {
  Provenance p;
  p.command_line = command_line;
  std::error_code error;
  p.working_directory = std::filesystem::current_path(error).string();
  // Linux names the running binary here; fall back to the name the user typed.
  p.executable = std::filesystem::read_symlink("/proc/self/exe", error).string();
  if (error || p.executable.empty()) p.executable = "aicn";
  p.aicn_version = results::aicn_version();
  p.git_commit = results::git_commit();
  p.simgrid_version = simgrid_version;
  p.hdf5_version = results::hdf5_version();
  return p;
}

nlohmann::ordered_json Provenance::to_json() const {
  return {{"command_line", command_line},         {"working_directory", working_directory},
          {"executable", executable},             {"aicn_version", aicn_version},
          {"git_commit", git_commit},             {"simgrid_version", simgrid_version},
          {"hdf5_version", hdf5_version},         {"reproduce", "sh reproduce.sh [OUT_DIR]"},
          {"run_id", run_id}};
}

std::string reproducer_script(const Provenance& p) {
  return "#!/bin/sh\n"
         "# aicn run id: " + p.run_id + "\n"
         "# Re-runs this result (aicn " + p.aicn_version + ", commit " + p.git_commit +
         ") from its resolved scenario into $1 (default: reproduced/ here).\n"
         "# Then `aicn check $1 --baseline B` against `aicn baseline " + "THIS_FOLDER --out B` compares them.\n"
         "exec " + shell_quote(p.executable) +
         " run \"$(dirname \"$0\")/scenario.resolved.yaml\" --out \"${1:-$(dirname \"$0\")/reproduced}\"\n";
}

void write_provenance_files(const std::string& run_dir, const Provenance& provenance) {
  const std::filesystem::path dir(run_dir);
  write_file_atomically(dir / "provenance.json", provenance.to_json().dump(2) + "\n");
  const auto script = dir / "reproduce.sh";
  write_file_atomically(script, reproducer_script(provenance));
  using std::filesystem::perms;
  translating_filesystem_errors(script, [&] {
    std::filesystem::permissions(script, perms::owner_exec | perms::group_exec | perms::others_exec,
                                 std::filesystem::perm_options::add);
  });
}

}  // namespace aicn::results
