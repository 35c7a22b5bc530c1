#include "aicn/workloads/job_source.hpp"

namespace aicn::workloads {

SourceRegistry& SourceRegistry::instance() {
  static SourceRegistry registry;
  return registry;
}

std::unique_ptr<JobSource> SourceRegistry::create(const config::ConfigNode& spec, const SourceContext& context) const {
  spec.expect_map();
  return at(spec.required("source")).factory(SourceRequest{spec, context});
}

}  // namespace aicn::workloads
