// libFuzzer harness: layout YAML text, plain or a what-if overlay {base:, patch:} (bases are
// the built-in layouts) -> resolve_layout, then what `aicn topology check` computes from it:
// the all-pairs routes, the rule checks (hub pairs and every site pair) and resilience.
#include "aicn/topology/layout_checks.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/topology/network_graph.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  aicn::fuzz::expect_only_input_errors([&] {
    const auto root = aicn::config::ConfigNode::load_text(text, "fuzz-layout.yaml");
    const aicn::topology::Layout layout = aicn::topology::resolve_layout(root, aicn::fuzz::scratch_dir().string());
    const aicn::topology::NetworkGraph graph(layout);
    const auto hubs = aicn::topology::check_layout(layout, graph);
    (void)aicn::topology::explain_check(layout, hubs);
    (void)aicn::topology::check_layout(layout, graph, true);
  });
  return 0;
}
