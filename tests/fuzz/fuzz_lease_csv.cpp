// libFuzzer harness: a lease CSV (docs/leasing.md) -> lease_csv_node, then parse_leases
// against the built-in tiny-3site layout and the default price tiers, as the scenario loader
// reads `leases: {file: ...}`. Only the documented input errors may come out.
#include "aicn/topology/layout_loader.hpp"
#include "aicn/topology/lease.hpp"
#include "aicn/workloads/lease_sources.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const aicn::topology::Layout layout = aicn::topology::resolve_layout(
      aicn::config::ConfigNode::load_text("tiny-3site", "fuzz-lease-layout"), aicn::fuzz::scratch_dir().string());
  static const aicn::topology::SitePrices prices;
  const std::string text(reinterpret_cast<const char*>(data), size);
  aicn::fuzz::expect_only_input_errors([&] {
    const auto node = aicn::workloads::lease_csv_node(text, "fuzz-leases.csv");
    (void)aicn::topology::parse_leases(node, layout, prices);
  });
  return 0;
}
