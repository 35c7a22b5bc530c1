#include "aicn/workloads/job_source.hpp"

#include "aicn/workloads/csv_trace_reader.hpp"
#include "aicn/workloads/exponential_jobs.hpp"
#include "aicn/workloads/llm_mix_generator.hpp"
#include "aicn/workloads/trace_readers.hpp"
#include "aicn/workloads/poisson_training_generator.hpp"

namespace aicn::workloads {

SourceRegistry& SourceRegistry::instance() {
  // Built-in sources are added here, explicitly, so no linker can drop one.
  static SourceRegistry registry = [] {
    SourceRegistry built_in;
    register_poisson_training_source(built_in);
    register_csv_trace_source(built_in);
    register_exponential_jobs_source(built_in);
    register_llm_mix_source(built_in);
    register_trace_readers(built_in);
    return built_in;
  }();
  return registry;
}

bool SourceRegistry::add(const std::string& name, const std::string& description, SourceFactory factory) {
  return entries_.emplace(name, Entry{description, std::move(factory)}).second;
}

std::unique_ptr<JobSource> SourceRegistry::create(const config::ConfigNode& spec, const SourceContext& context) const {
  spec.expect_map();
  const config::ConfigNode name = spec.required("source");
  auto found = entries_.find(name.as_string());
  if (found == entries_.end()) {
    std::string valid;
    for (const auto& [known, entry] : entries_) valid += (valid.empty() ? "" : ", ") + known;
    name.fail("unknown workload source '" + name.text() + "' (valid sources: " + valid + ")");
  }
  return found->second.factory(spec, context);
}

}  // namespace aicn::workloads
