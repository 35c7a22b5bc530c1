#pragma once
/// @file key_settings.hpp
/// `--set KEY.PATH=VALUE`: one key of a YAML document replaced from the command line, before
/// the document is validated, so the value is read by the same parser as the file's and
/// refused with the same words. Used by `aicn run`, `aicn compare` (and any command that loads
/// a scenario): write the settings into the document with apply_key_settings(), parse it,
/// and pass any ConfigError through attribute_to_settings() so the message names the option.
#include <string>
#include <string_view>
#include <vector>

#include "aicn/topology/config_node.hpp"

namespace aicn::config {

/// One step of a key path: a mapping key, or an index into a sequence (`sites[2]`).
struct KeyStep {
  std::string key;   ///< the mapping key; empty for an index step
  long index = -1;   ///< the sequence index, or -1 for a key step
};

struct KeySetting {
  std::string option;          ///< as given, for messages: "--set workload.arrivals_per_hour=12"
  std::string path;            ///< "workload.arrivals_per_hour" (also the ConfigNode path of the value)
  std::vector<KeyStep> steps;  ///< the path split into steps
  std::string value;           ///< the text after '=': a YAML value ("12", "3d", "{name: x}", "[a, b]")
};

/// Reads `KEY.PATH=VALUE` (std::invalid_argument naming `option` and the text when it has no
/// '=', an empty key, an empty step "a..b", or a bad index "a[x]"). The value is YAML, so
/// `--set 'policy={name: cost-aware, params: {max_extra_wait: 1h}}'` sets a whole map.
KeySetting parse_key_setting(const std::string& option, const std::string& text);

/// A copy of `root` (the original is untouched) with each setting written in order: later
/// settings of the same key win. Missing mapping keys are created; an index must name an
/// existing element; a step into a value that is not a mapping (or a sequence, for an index)
/// is a ConfigError naming the option and what is there. The written values carry no
/// position in the file, which is how attribute_to_settings() recognises their errors.
ConfigNode apply_key_settings(const ConfigNode& root, const std::vector<KeySetting>& settings);

/// `error` (from parsing a document that apply_key_settings() wrote into) rewritten to name
/// the setting when it is about a set value: "s.yaml: horizon: must be ..., got 'x'" becomes
/// "--set horizon=x: horizon: must be ..., got 'x'". Errors at a line of the file, and errors
/// about other keys, are returned unchanged.
ConfigError attribute_to_settings(const ConfigError& error, const std::string& file,
                                  const std::vector<KeySetting>& settings);

}  // namespace aicn::config
