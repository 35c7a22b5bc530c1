// libFuzzer harness: an Alibaba openb node list (sn,cpu_milli,memory_mib,gpu,model) ->
// read_openb_site_nodes and read_openb_site, the readers behind `aicn workload openb-site`
// (node shapes kept, and --pooled), with one mapped model.
#include "aicn/topology/gpu_catalog.hpp"
#include "aicn/workloads/trace_readers.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = aicn::fuzz::write_input("openb_node_list.csv", data, size);
  static const auto h800 = aicn::topology::find_gpu_model("H800");
  static const auto a100 = aicn::topology::find_gpu_model("A100-80GB");
  aicn::fuzz::expect_only_input_errors([&] {
    int nodes = 0, gpus = 0;
    (void)aicn::workloads::read_openb_site(path, {{"A100-SXM4-80GB", a100}}, h800, nodes, gpus);
  });
  aicn::fuzz::expect_only_input_errors([&] {
    int nodes = 0, gpus = 0;
    (void)aicn::workloads::read_openb_site_nodes(path, {{"A100-SXM4-80GB", a100}}, h800, nodes, gpus);
  });
  return 0;
}
