// libFuzzer harness for `--set KEY.PATH=VALUE`: the input's first line is the setting, the
// rest a YAML document it is written into (config::parse_key_setting, apply_key_settings).
// Expected outcomes: the setting applies, or std::invalid_argument / a documented input error.
// After a setting applies, reading the set key back must give a node (a lost write aborts).
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "aicn/topology/key_settings.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string setting_text = input.substr(0, newline);
  const std::string document = newline == std::string::npos ? "" : input.substr(newline + 1);
  aicn::fuzz::expect_only_input_errors([&] {
    aicn::config::KeySetting setting;
    try {
      setting = aicn::config::parse_key_setting("--set", setting_text);
    } catch (const std::invalid_argument&) {
      return;
    }
    const auto root = aicn::config::ConfigNode::load_text(document, "fuzz.yaml");
    const auto set = aicn::config::apply_key_settings(root, {setting});
    // Walk the path back: every step must exist now.
    YAML::Node at = set.yaml();
    for (const auto& step : setting.steps) {
      YAML::Node next = step.index >= 0 ? at[static_cast<std::size_t>(step.index)] : at[step.key];
      if (!next.IsDefined()) std::abort();
      at.reset(next);
    }
  });
  return 0;
}
