#pragma once
/// @file run_folder.hpp
/// A results folder that never lies: what a command writes (a run, a comparison, a report)
/// goes into a fresh temporary folder beside the target (same parent, so the final rename
/// is atomic) and appears under the target's name only when complete. An existing folder
/// of the same kind is replaced whole, and only with `force`; a non-empty folder of another
/// kind is never touched. A lock file beside the folder (`<folder>.lock`, flock) refuses a
/// second aicn on the same folder. Used by `aicn run`, `compare` and `report` alike.
#include <filesystem>
#include <string>
#include <vector>

namespace aicn::results {

/// What a folder holds, and the names that give an existing folder away as one of these.
struct FolderKind {
  std::string noun;                    ///< "run", "comparison", "report"
  std::vector<std::string> telltales;  ///< file or folder names only such a folder has
};
const FolderKind& run_folder_kind();
const FolderKind& comparison_folder_kind();
const FolderKind& report_folder_kind();

/// True when `folder` is the temporary folder of a run that did not (yet) complete, or an
/// old folder about to be deleted: its name is `.<name>.aicn-tmp-<id>`.
bool is_temporary_folder(const std::filesystem::path& folder);

/// A fresh id for one run: 32 hex digits in UUID form from the clock, the pid and a counter.
/// Unique, not random; the only part of a run's results (with provenance) that changes from
/// one identical run to the next.
std::string new_run_id();

class RunFolder {
 public:
  /// Locks `<target>.lock` and creates the temporary folder. Throws OutputError when the
  /// folder is in use by another aicn or cannot be created, std::invalid_argument when the
  /// target exists and holds an earlier folder of this kind (without `force`), holds
  /// something else, or is not a folder.
  RunFolder(const std::filesystem::path& target, const FolderKind& kind, bool force,
            std::string run_id = new_run_id());
  /// Removes the temporary folder unless committed.
  ~RunFolder();
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;

  /// Where to write: the temporary folder.
  const std::filesystem::path& path() const { return temp_; }
  /// Where the folder will be once committed (absolute, as the user named it).
  const std::filesystem::path& target() const { return target_; }
  const std::string& run_id() const { return run_id_; }
  /// `path` (in the temporary folder) under the name it will have once committed.
  std::filesystem::path shown(const std::filesystem::path& path) const;

  /// Puts the complete temporary folder in place of the target (an earlier folder goes
  /// only now, after the new one is complete) and unlocks. Throws OutputError.
  void commit();
  /// Removes the temporary folder and unlocks. Never throws.
  void abandon() noexcept;

 private:
  void lock();
  void unlock() noexcept;
  void check_target(bool force);
  void remove_stale_temporaries() const;

  const FolderKind& kind_;
  std::filesystem::path target_;
  std::filesystem::path lock_path_;
  std::filesystem::path temp_;
  std::string run_id_;
  int lock_fd_ = -1;
  bool replaces_ = false;  ///< the target holds an earlier folder that --force replaces
  bool done_ = false;
};

}  // namespace aicn::results
