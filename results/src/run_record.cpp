// Loads what `aicn check` and `aicn baseline` need from a run folder or a bare trace.h5.
#include <H5Cpp.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "aicn/results/regression.hpp"
#include "aicn/results/run_folder.hpp"
#include "aicn/results/run_identity.hpp"
#include "aicn/results/trace_reader.hpp"

namespace aicn::results {
namespace {

nlohmann::json parse_json_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument(path.string() + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(path.string() + ": not valid JSON: " + e.what());
  }
}

/// Versions and command line recorded in the trace's /meta (strings only).
nlohmann::json trace_provenance(const std::string& trace) {
  nlohmann::json provenance = nlohmann::json::object();
  for (const char* key : {"aicn_version", "git_commit", "simgrid_version", "hdf5_version", "command_line"})
    provenance[key] = read_meta_string(trace, key);
  return provenance;
}

nlohmann::json number_or_null(double value) { return std::isnan(value) ? nlohmann::json() : nlohmann::json(value); }

}  // namespace

RunRecord load_run(const std::string& run_dir_or_trace) {
  namespace fs = std::filesystem;
  RunRecord run;
  run.source = run_dir_or_trace;
  const fs::path path(run_dir_or_trace);
  try {
    if (fs::is_directory(path)) {
      if (is_temporary_folder(path)) verify_run_folder(path);  // throws: it holds no finished run
      if (!fs::exists(path / "summary.json"))
        throw std::invalid_argument(run_dir_or_trace + ": no summary.json in this folder (is it an `aicn run` results folder?)");
      run.summary = parse_json_file(path / "summary.json");
      if (fs::exists(path / "trace.h5")) run.trace_path = (path / "trace.h5").string();
      run.run_id = verify_run_folder(path);
    } else if (fs::is_regular_file(path)) {
      run.trace_path = path.string();
      // A trace inside its run folder is as good as its folder; one alone must carry an id.
      const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
      if (is_temporary_folder(folder) || (path.filename() == "trace.h5" && fs::exists(folder / "summary.json")))
        run.run_id = verify_run_folder(folder);
      else if ((run.run_id = read_meta_string(run.trace_path, "run_id")).empty())
        throw std::invalid_argument(run_dir_or_trace + ": the trace has no /meta attribute `run_id` (written by older AICN)");
      const std::string summary = read_meta_string(run.trace_path, "summary");
      if (summary.empty())
        throw std::invalid_argument(run_dir_or_trace + ": the trace has no /meta attribute `summary` (written by older AICN)");
      run.summary = nlohmann::json::parse(summary);
    } else {
      throw std::invalid_argument(run_dir_or_trace + ": no such run folder or trace file");
    }
    // provenance.json says most (binary, working directory); a bare trace still has /meta.
    if (fs::is_directory(path) && fs::exists(path / "provenance.json"))
      run.provenance = parse_json_file(path / "provenance.json");
    else if (!run.trace_path.empty())
      run.provenance = trace_provenance(run.trace_path);
    else
      run.provenance = nlohmann::json::object();
  } catch (const H5::Exception& e) {
    throw std::invalid_argument(run_dir_or_trace + ": cannot read the HDF5 trace: " + e.getDetailMsg());
  }
  return run;
}

nlohmann::json job_table_json(const std::string& trace_path) {
  nlohmann::json table;
  table["columns"] = {"id", "site", "gpu_model", "gpus", "status", "submit_s", "transfer_end_s", "start_s", "end_s",
                      "bytes_moved"};
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& job : read_job_rows(trace_path)) {
    rows.push_back({job.id, job.site, job.gpu_model, job.gpus, static_cast<int>(job.status),
                    number_or_null(job.submit_s), number_or_null(job.transfer_end_s), number_or_null(job.start_s),
                    number_or_null(job.end_s), job.bytes_moved});
  }
  table["rows"] = rows;
  return table;
}

}  // namespace aicn::results
