#include "aicn/results/run_identity.hpp"

#include <H5Cpp.h>

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "aicn/results/run_folder.hpp"
#include "aicn/results/trace_reader.hpp"

namespace aicn::results {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCommentPrefix = "# aicn run id: ";

std::string file_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::invalid_argument(file.string() + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string id_in_comment(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  for (int i = 0; i < 5 && std::getline(lines, line); ++i)  // it is near the top
    if (line.rfind(kCommentPrefix, 0) == 0) return line.substr(std::string(kCommentPrefix).size());
  return "";
}

std::string id_in_json(const fs::path& file) {
  const nlohmann::json document = nlohmann::json::parse(file_text(file), nullptr, false);
  if (document.is_discarded()) throw std::invalid_argument(file.string() + ": not valid JSON");
  const auto found = document.find("run_id");
  return found != document.end() && found->is_string() ? found->get<std::string>() : "";
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

std::string run_id_comment(const std::string& run_id) { return kCommentPrefix + run_id + "\n"; }

const std::vector<std::string>& run_id_files() {
  static const std::vector<std::string> files{"summary.json", "provenance.json", "scenario.resolved.yaml",
                                              "reproduce.sh", "trace.h5"};
  return files;
}

std::string run_id_of_file(const fs::path& file) {
  const std::string name = file.filename().string();
  if (name == "trace.h5" || file.extension() == ".h5") {
    try {
      return read_meta_string(file.string(), "run_id");
    } catch (const H5::Exception& e) {
      throw std::invalid_argument(file.string() + ": cannot read the HDF5 trace: " + e.getDetailMsg());
    }
  }
  if (file.extension() == ".json") return id_in_json(file);
  return id_in_comment(file_text(file));
}

std::string verify_run_folder(const fs::path& folder) {
  if (is_temporary_folder(folder))
    throw std::invalid_argument(folder.string() + ": the temporary folder of an aicn run that did not complete (or "
                                "of a run being replaced); it holds no result: remove it");
  std::map<std::string, std::vector<std::string>> files_by_id;  // "" collects the files without one
  for (const auto& name : run_id_files()) {
    const fs::path file = folder / name;
    if (!fs::exists(file)) continue;  // a folder without its trace is still one run
    files_by_id[run_id_of_file(file)].push_back(name);
  }
  const auto without = files_by_id.find("");
  if (files_by_id.size() == 1 && without == files_by_id.end()) return files_by_id.begin()->first;
  if (files_by_id.empty()) throw std::invalid_argument(folder.string() + ": no aicn run files here");
  std::string detail;
  for (const auto& [id, names] : files_by_id)
    if (!id.empty()) detail += (detail.empty() ? "" : "; ") + ("run id " + id + " in " + joined(names));
  if (without != files_by_id.end()) detail += (detail.empty() ? "" : "; ") + ("no run id in " + joined(without->second));
  throw std::invalid_argument(folder.string() + ": its files do not come from one aicn run (" + detail +
                              "); run it again into a new folder, or with --force");
}

}  // namespace aicn::results
