#pragma once
/// @file nearest_name.hpp
/// "Did you mean ...?" for a mistyped name (a subcommand, an option, a registry entry, a
/// SimGrid setting): the valid name at the smallest edit distance, when it is close enough to
/// be a likely typo rather than a different word.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aicn::names {

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring characters each cost 1, so "rnu" is 1 from "run" and "polcy" 1 from "policy".
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `name` when it is within a third of the name's length (at least
/// 1); the first such candidate on a tie. std::nullopt when none is that close.
std::optional<std::string> nearest_name(std::string_view name, const std::vector<std::string>& candidates);

/// " (did you mean 'run'?)", or "" when no candidate is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace aicn::names
