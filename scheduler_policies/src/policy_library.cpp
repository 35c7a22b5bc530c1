#include "aicn/policy/policy_library.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <map>
#include <stdexcept>

#include "aicn/policy/crash_guard.hpp"
#include "aicn/policy/dispatch_policy.hpp"

namespace aicn::policy {
namespace {

/// Which library registered each loaded policy (as the user named it), for crash messages.
std::map<std::string, std::string>& library_of_policy() {
  static std::map<std::string, std::string> libraries;
  return libraries;
}

}  // namespace

std::vector<std::string> load_policy_library(const std::string& path) {
  const std::string where = "policy library '" + path + "'";
  if (!std::filesystem::is_regular_file(path)) throw std::invalid_argument(where + ": no such file");
  // dlopen treats a name without '/' as a library to search for; a path is what the user means.
  const std::string absolute = std::filesystem::canonical(path).string();
  // Loading a library again runs none of its registrations: answer with the first load's names.
  static std::map<std::string, std::vector<std::string>> loaded;
  if (auto found = loaded.find(absolute); found != loaded.end()) return found->second;
  auto& registry = PolicyRegistry::instance();
  registry.begin_collecting();
  // RTLD_NOW: a symbol the library expects but this aicn does not have (another AICN version)
  // fails here, with the symbol's name, rather than in the middle of a run.
  void* handle = nullptr;
  {
    const CrashGuard guard("policy library " + path + " crashed while loading");
    handle = dlopen(absolute.c_str(), RTLD_NOW | RTLD_LOCAL);
  }
  PolicyRegistry::Collected registered = registry.end_collecting();
  if (handle == nullptr) {
    const char* why = dlerror();
    throw std::invalid_argument(where + ": cannot be loaded (" + std::string(why ? why : "unknown reason") +
                                "); was it built against this version of AICN's policy headers?");
  }
  if (!registered.errors.empty()) {
    std::string message = where + ": ";
    for (std::size_t i = 0; i < registered.errors.size(); ++i) message += (i ? "; " : "") + registered.errors[i];
    throw std::invalid_argument(message);
  }
  if (registered.added.empty())
    throw std::invalid_argument(where + " registers no dispatch policy (use AICN_REGISTER_POLICY, see "
                                        "scheduler_policies/TEMPLATE.cpp)");
  // The handle stays open for the life of the process: the registered factories live in it.
  loaded[absolute] = registered.added;
  for (const auto& name : registered.added) library_of_policy()[name] = path;
  return registered.added;
}

std::optional<std::string> policy_library_of(const std::string& policy) {
  const auto found = library_of_policy().find(policy);
  if (found == library_of_policy().end()) return std::nullopt;
  return found->second;
}

std::unique_ptr<DispatchPolicy> create_policy(const std::string& name, const PolicyContext& context) {
  const auto library = policy_library_of(name);
  if (!library) return PolicyRegistry::instance().create(name, context);
  const CrashGuard guard("policy '" + name + "' of library " + *library + " crashed while being constructed");
  return PolicyRegistry::instance().create(name, context);
}

}  // namespace aicn::policy
