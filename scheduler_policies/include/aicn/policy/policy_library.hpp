#pragma once
/// @file policy_library.hpp
/// Loads dispatch policies from a shared library at run time (`--policy-lib`). The library
/// registers its policies with AICN_REGISTER_POLICY, as built-in ones do; the aicn binary
/// exports the registry so the library's registrations reach it.
#include <string>
#include <vector>

namespace aicn::policy {

/// Loads the library at `path` and returns the names of the policies it registered. Throws
/// std::invalid_argument with a clear message when the file is missing, cannot be loaded,
/// registers no policy, or was built against another policy interface version.
std::vector<std::string> load_policy_library(const std::string& path);

}  // namespace aicn::policy
