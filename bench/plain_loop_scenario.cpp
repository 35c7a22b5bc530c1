// Generator mode of aicn_plain_loop: a scenario's job stream made in-process by AICN's own
// workload source registry, as `aicn run` makes it. The scenario loader proper
// (sim::load_scenario_file) lives in aicn_sim, which needs SimGrid; the bound must not link it,
// so the five keys that decide the job stream are read here with the same topology/config
// functions and the same limits. The other keys (policy, outages, ...) do not change the jobs.
#include <filesystem>
#include <limits>
#include <string>

#include "aicn/topology/layout_loader.hpp"
#include "plain_loop.hpp"

namespace aicn::plain {

ScenarioSpec load_scenario_spec(const std::string& path) {
  const config::ConfigNode root = config::ConfigNode::load_file(path);
  if (!root.is_map()) fail(path + ": not a scenario (a YAML mapping with layout: and workload:)");
  ScenarioSpec spec;
  spec.base_dir = std::filesystem::absolute(path).parent_path().string();
  if (root.has("seed")) spec.seed = root.child("seed").as_integer<std::uint64_t>(0, std::numeric_limits<std::uint64_t>::max());
  if (root.has("horizon")) spec.horizon_s = root.child("horizon").as_duration_s();
  if (root.has("max_jobs"))
    spec.max_jobs = root.child("max_jobs").as_integer<std::uint64_t>(1, std::numeric_limits<std::uint64_t>::max());
  spec.layout = topology::resolve_layout(root.required("layout"), spec.base_dir);
  spec.workload = root.required("workload");
  return spec;
}

std::unique_ptr<workloads::JobSource> make_source(const ScenarioSpec& spec) {
  const workloads::SourceContext context{&spec.layout, spec.seed, spec.horizon_s, spec.max_jobs, spec.base_dir};
  return workloads::SourceRegistry::instance().create(spec.workload, context);
}

}  // namespace aicn::plain
