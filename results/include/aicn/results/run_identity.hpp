#pragma once
/// @file run_identity.hpp
/// Every file of a run folder carries the run's id: summary.json and provenance.json as key
/// `run_id`, trace.h5 as `/meta` attribute `run_id`, scenario.resolved.yaml and reproduce.sh
/// as a comment line `# aicn run id: <id>`. A folder whose files disagree, or lack the id,
/// mixes runs (or was not written whole by aicn) and is refused by baseline, check and report.
#include <filesystem>
#include <string>
#include <vector>

namespace aicn::results {

/// "# aicn run id: <id>\n": how a text file (YAML, shell) carries the id.
std::string run_id_comment(const std::string& run_id);

/// The files of a run folder that carry the id, in the order they are named in messages.
const std::vector<std::string>& run_id_files();

/// The id `file` carries ("" when it carries none). Throws std::invalid_argument naming the
/// file when it cannot be read.
std::string run_id_of_file(const std::filesystem::path& file);

/// The id of a run folder. Throws std::invalid_argument naming the folder and the files
/// when the folder is a temporary one, when one of its files lacks the id, or when they
/// disagree.
std::string verify_run_folder(const std::filesystem::path& folder);

}  // namespace aicn::results
