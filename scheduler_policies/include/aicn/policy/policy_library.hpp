#pragma once
/// @file policy_library.hpp
/// Loads dispatch policies from a shared library at run time (`--policy-lib`). The library
/// registers its policies with AICN_REGISTER_POLICY, as built-in ones do; the aicn binary
/// exports the registry so the library's registrations reach it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aicn/policy/dispatch_policy.hpp"

namespace aicn::policy {

/// Loads the library at `path` and returns the names of the policies it registered. Throws
/// std::invalid_argument with a clear message when the file is missing, cannot be loaded,
/// registers no policy, or was built against another policy interface version.
/// A crash inside the library while it loads ends the process with one `aicn: error:` line
/// naming it (see crash_guard.hpp).
std::vector<std::string> load_policy_library(const std::string& path);

/// The library (as given to load_policy_library) that registered `policy`; nullopt for a built-in one.
std::optional<std::string> policy_library_of(const std::string& policy);

/// PolicyRegistry::create, with a policy from a library built under a CrashGuard: a crash in
/// its constructor is reported naming the policy and the library.
std::unique_ptr<DispatchPolicy> create_policy(const std::string& name, const PolicyContext& context);

}  // namespace aicn::policy
