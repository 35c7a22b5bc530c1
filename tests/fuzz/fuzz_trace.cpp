// libFuzzer harness for one registered trace reader (workload source), chosen at build time:
// AICN_FUZZ_SOURCE is the source name ("aicn-csv", "swf", "openb", "mooncake", "azure-llm")
// and AICN_FUZZ_FILE the file name it reads (the readers detect gzip by content). The bytes
// become the trace file; the source is built through the registry, as `workload: {source:
// NAME, path: FILE}` in a scenario, on the built-in china-national layout, and read to the end,
// as it is (even input lengths) or with skip_bad (odd lengths: the other error path).
#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/job_source.hpp"
#include "fuzz_support.hpp"

namespace {

const aicn::topology::Layout& layout() {
  static const aicn::topology::Layout national = aicn::topology::load_layout("china-national");
  return national;
}

/// The `workload:` spec of the source reading `path`; parsed once (the path never changes).
const aicn::config::ConfigNode& spec(const std::string& path, bool skip_bad) {
  static const auto text = [](const std::string& file, bool skip) {
    return std::string("source: ") + AICN_FUZZ_SOURCE + "\npath: " + file + (skip ? "\nskip_bad: true\n" : "\n");
  };
  static const aicn::config::ConfigNode strict = aicn::config::ConfigNode::load_text(text(path, false), "fuzz workload");
  static const aicn::config::ConfigNode skipping = aicn::config::ConfigNode::load_text(text(path, true), "fuzz workload");
  return skip_bad ? skipping : strict;
}

void read_all(const std::string& path, bool skip_bad) {
  // A horizon of ten years, as a long scenario would have; jobs at or after it end the source.
  const aicn::workloads::SourceContext context{&layout(), 1, 10.0 * 365 * 86400, 0, ""};
  auto source = aicn::workloads::SourceRegistry::instance().create(spec(path, skip_bad), context);
  while (source->next()) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = aicn::fuzz::write_input(AICN_FUZZ_FILE, data, size);
  // Odd-length inputs are read with skip_bad (the other error path): one read per input.
  aicn::fuzz::expect_only_input_errors([&] { read_all(path, size % 2 == 1); });
  return 0;
}
