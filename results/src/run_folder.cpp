#include "aicn/results/run_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "aicn/results/output_error.hpp"

namespace aicn::results {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTempMarker = ".aicn-tmp-";

/// Tests stop the process at a named moment (SIGSTOP) to kill it there with SIGKILL: the
/// only way to hit "right before the rename" every time. Unset in every real run.
void stop_here_for_test(const char* moment) {
  const char* wanted = std::getenv("AICN_TEST_STOP_AT");
  if (wanted != nullptr && std::strcmp(wanted, moment) == 0) std::raise(SIGSTOP);
}

/// ".out.aicn-tmp-": the start of every temporary folder of target "out". Built by append:
/// GCC 12 warns falsely (-Wrestrict) on chains of + with a std::string temporary.
std::string temporary_prefix(const fs::path& target) {
  std::string prefix = ".";
  prefix.append(target.filename().string()).append(kTempMarker);
  return prefix;
}

/// "/a/b/out/" and "out" alike become an absolute path ending in the folder's name.
fs::path absolute_target(const fs::path& target) {
  fs::path path = fs::absolute(target).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();
  // A symlinked folder is replaced where it points, not by a folder in place of the link.
  std::error_code error;
  const fs::path resolved = fs::weakly_canonical(path, error);
  if (!error) path = resolved;
  if (!path.has_filename() || path == path.root_path())
    throw std::invalid_argument("--out: '" + target.string() + "' names no folder that can be replaced");
  return path;
}

/// The holder's pid from the lock file. It writes it right after locking, so a file still
/// empty is read again for a moment before the pid is called unknown.
std::string read_pid(int fd) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    char text[32] = {};
    const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
    std::string pid = n > 0 ? std::string(text, static_cast<std::size_t>(n)) : "";
    if (!pid.empty() && pid.back() == '\n') {
      pid.pop_back();
      return pid;
    }
    ::usleep(2000);
  }
  return "unknown";
}

/// Swaps two paths atomically (Linux renameat2); false when the file system cannot.
bool exchange(const fs::path& a, const fs::path& b) {
  return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
}

}  // namespace

const FolderKind& run_folder_kind() {
  static const FolderKind kind{"run", {"summary.json", "trace.h5", "trace.h5.partial", "provenance.json",
                                       "scenario.resolved.yaml", "reproduce.sh"}};
  return kind;
}

const FolderKind& comparison_folder_kind() {
  static const FolderKind kind{"comparison", {"comparison.json", "comparison.csv", "logs"}};
  return kind;
}

const FolderKind& report_folder_kind() {
  static const FolderKind kind{"report", {"index.html", "index.html.partial"}};
  return kind;
}

bool is_temporary_folder(const fs::path& folder) {
  fs::path path = folder.lexically_normal();
  if (!path.has_filename()) path = path.parent_path();
  const std::string name = path.filename().string();
  return !name.empty() && name.front() == '.' && name.find(kTempMarker) != std::string::npos;
}

std::string new_run_id() {
  static std::atomic<std::uint32_t> counter{0};
  const auto ns = static_cast<unsigned long long>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  const auto pid = static_cast<unsigned>(::getpid());
  const unsigned count = counter.fetch_add(1);
  char id[40];
  std::snprintf(id, sizeof id, "%08llx-%04llx-%04llx-%04x-%04x%08x", (ns >> 32) & 0xffffffffULL, (ns >> 16) & 0xffffULL,
                ns & 0xffffULL, (pid >> 16) & 0xffffU, pid & 0xffffU, count);
  return id;
}

RunFolder::RunFolder(const fs::path& target, const FolderKind& kind, bool force, std::string run_id)
    : kind_(kind), target_(absolute_target(target)), run_id_(std::move(run_id)) {
  lock_path_ = target_.string() + ".lock";
  translating_filesystem_errors(target_.parent_path(), [&] { fs::create_directories(target_.parent_path()); });
  lock();
  try {
    check_target(force);
    remove_stale_temporaries();
    temp_ = target_.parent_path() / temporary_prefix(target_).append(run_id_);
    if (::mkdir(temp_.c_str(), 0755) != 0) throw OutputError(target_, errno);
  } catch (...) {
    unlock();
    throw;
  }
  stop_here_for_test("folder-created");
}

RunFolder::~RunFolder() {
  if (!done_) abandon();
}

fs::path RunFolder::shown(const fs::path& path) const {
  const fs::path relative = path.lexically_relative(temp_);
  if (relative.empty() || *relative.begin() == "..") return path;
  return relative == "." ? target_ : target_ / relative;
}

void RunFolder::lock() {
  // The holder removes the lock file when it ends; a waiter that opened the old file then
  // locks a file nobody else sees, so the lock counts only if the path still names it.
  for (;;) {
    const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw OutputError(lock_path_, errno);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string pid = read_pid(fd);
      ::close(fd);
      if (error == EWOULDBLOCK)
        throw OutputError(target_.string() + " is in use by another aicn run (pid " + pid + ")");
      throw OutputError(lock_path_, error);
    }
    struct stat opened {}, named {};
    if (::fstat(fd, &opened) == 0 && ::stat(lock_path_.c_str(), &named) == 0 && opened.st_ino == named.st_ino &&
        opened.st_dev == named.st_dev) {
      lock_fd_ = fd;
      break;
    }
    ::close(fd);
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    const int error = errno;
    unlock();
    throw OutputError(lock_path_, error);
  }
}

void RunFolder::unlock() noexcept {
  if (lock_fd_ < 0) return;
  ::unlink(lock_path_.c_str());  // while still holding it: see lock()
  ::close(lock_fd_);
  lock_fd_ = -1;
}

void RunFolder::check_target(bool force) {
  std::error_code error;
  const fs::file_status status = fs::symlink_status(target_, error);
  if (!fs::exists(status)) return;
  if (!fs::is_directory(status))
    throw std::invalid_argument("--out: " + target_.string() + " exists and is not a folder");
  if (fs::is_empty(target_, error)) {
    if (error) throw OutputError(target_, error.value());
    return;  // an empty folder is as good as none: the rename replaces it
  }
  std::string found;
  for (const auto& name : kind_.telltales)
    if (fs::exists(fs::symlink_status(target_ / name, error))) found.append(found.empty() ? "" : ", ").append(name);
  if (found.empty())
    throw std::invalid_argument("--out: " + target_.string() + " is not empty and holds no aicn " + kind_.noun +
                                ": refusing to replace it (choose a new or empty folder)");
  if (!force)
    throw std::invalid_argument("--out: " + target_.string() + " already holds an aicn " + kind_.noun + " (" + found +
                                "); pass --force to replace it whole, or choose another folder");
  replaces_ = true;
}

void RunFolder::remove_stale_temporaries() const {
  // Under the lock, no other aicn writes beside this target: any temporary folder of it was
  // left by a run that was killed, and holds nothing anyone can use.
  const std::string prefix = temporary_prefix(target_);
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(target_.parent_path(), error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) fs::remove_all(entry.path(), error);
  }
}

void RunFolder::commit() {
  stop_here_for_test("before-commit");
  // An absent or empty target is replaced by the rename itself.
  if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
    const int error = errno;
    if ((error != ENOTEMPTY && error != EEXIST) || !replaces_) throw OutputError(target_, error);
    // Swap the complete new folder in; the old one then sits under the temporary name,
    // which no reader accepts, until it is removed.
    if (!exchange(temp_, target_)) {
      const fs::path old = temp_.string() + "-old";
      if (std::rename(target_.c_str(), old.c_str()) != 0) throw OutputError(target_, errno);
      if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
        const int failed = errno;
        std::rename(old.c_str(), target_.c_str());
        throw OutputError(target_, failed);
      }
      temp_ = old;
    }
    stop_here_for_test("after-exchange");
    std::error_code ignored;
    fs::remove_all(temp_, ignored);
  }
  done_ = true;
  unlock();
}

void RunFolder::abandon() noexcept {
  if (!done_ && !temp_.empty()) {
    std::error_code ignored;
    fs::remove_all(temp_, ignored);
  }
  done_ = true;
  unlock();
}

}  // namespace aicn::results
