// libFuzzer harness: scenario YAML text -> aicn::sim::parse_scenario (which also resolves the
// layout, builds the workload source once and checks the policy and its params).
#include "aicn/sim/scenario.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  aicn::fuzz::expect_only_input_errors([&] {
    const auto root = aicn::config::ConfigNode::load_text(text, "fuzz-scenario.yaml");
    // Relative paths (layout files, traces) resolve in the empty scratch folder.
    (void)aicn::sim::parse_scenario(root, aicn::fuzz::scratch_dir().string());
  });
  return 0;
}
