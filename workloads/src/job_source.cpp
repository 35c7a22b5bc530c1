#include "aicn/workloads/job_source.hpp"

#include "aicn/workloads/flexibility.hpp"

namespace aicn::workloads {

SourceRegistry& SourceRegistry::instance() {
  static SourceRegistry registry;
  return registry;
}

std::unique_ptr<JobSource> SourceRegistry::create(const config::ConfigNode& spec, const SourceContext& context) const {
  spec.expect_map();
  const Entry& entry = at(spec.required("source"));
  if (!spec.has("flexibility")) return entry.factory(SourceRequest{spec, context});
  // `flexibility:` belongs to no source: read it here, hand the source its spec without it.
  if (entry.info.reads_trace)
    spec.child("flexibility").fail("a trace states its jobs' flexibility in its own columns (aicn-csv: earliest_start_s, "
                                   "deadline_s, interruptible); flexibility: is for generators");
  const FlexibilitySpec flexibility = parse_flexibility(spec.child("flexibility"));
  YAML::Node rest = YAML::Clone(spec.yaml());
  rest.remove("flexibility");
  const config::ConfigNode inner(rest, spec.file(), spec.path());
  return make_flexible_source(entry.factory(SourceRequest{inner, context}), flexibility, context.seed);
}

}  // namespace aicn::workloads
