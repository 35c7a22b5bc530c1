#pragma once
/// @file provenance.hpp
/// Where a result came from: the command line, the working directory, the binary and the
/// versions of AICN, its git commit, SimGrid and HDF5. Written into every run folder as
/// provenance.json, next to reproduce.sh, a script that re-runs the resolved scenario.
/// Holds no wall-clock time, so two identical runs write identical files but for the run id.
#include <string>

#include <nlohmann/json.hpp>

namespace aicn::results {

struct Provenance {
  std::string command_line;
  std::string working_directory;
  std::string executable;  ///< absolute path of the running aicn binary
  std::string aicn_version;
  std::string git_commit;
  std::string simgrid_version;
  std::string hdf5_version;
  std::string run_id;  ///< the id every file of the run carries (see run_identity.hpp)

  /// The provenance of the current process. The engine passes its SimGrid version in, so
  /// that results/ needs no SimGrid header.
  static Provenance current(const std::string& command_line, const std::string& simgrid_version);
  nlohmann::ordered_json to_json() const;
};

/// The text of reproduce.sh: one command that re-runs `scenario.resolved.yaml` of the folder
/// the script sits in, with `executable`, into `$1` (default: a `reproduced/` subfolder).
std::string reproducer_script(const Provenance& provenance);

/// Writes provenance.json and reproduce.sh (executable) into `run_dir`, atomically.
void write_provenance_files(const std::string& run_dir, const Provenance& provenance);

}  // namespace aicn::results
