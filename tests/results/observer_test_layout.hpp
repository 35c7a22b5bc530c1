#pragma once
// A two-site layout for the observer tests: site `a` (hub E, east) with one pool of 8
// A100-80GB, site `b` (hub W, west) with one pool of 16, one link between them.
#include <string>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/job.hpp"

namespace observer_test {

inline aicn::topology::Layout two_site_layout() {
  const std::string yaml = R"(
name: pair
hubs: [{name: E, side: east}, {name: W, side: west}]
sites:
  - {name: a, hub: E, province: Hebei, lat: 40.8, lon: 115, pools: [{gpu: A100-80GB, gpus: 8}]}
  - {name: b, hub: W, province: Sichuan, lat: 30.6, lon: 104.1, pools: [{gpu: A100-80GB, gpus: 16}]}
links:
  - {between: [a, b], bandwidth: 100Gbps}
)";
  return aicn::topology::parse_layout(aicn::config::ConfigNode::load_text(yaml, "pair.yaml"));
}

inline aicn::workloads::Job job(std::uint64_t id, double submit_s, int gpus, int origin_hub = 0,
                                aicn::workloads::JobKind kind = aicn::workloads::JobKind::TRAINING) {
  aicn::workloads::Job j;
  j.id = id;
  j.kind = kind;
  j.origin_hub = origin_hub;
  j.submit_s = submit_s;
  j.gpus = gpus;
  j.gpu_model = aicn::topology::find_gpu_model("A100-80GB");
  return j;
}

}  // namespace observer_test
