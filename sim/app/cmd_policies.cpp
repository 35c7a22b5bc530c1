// `aicn policies`: list the registered dispatch policies with their descriptions and declared
// parameters, then the queue disciplines and workload sources.
#include <cstdio>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/policy_library.hpp"
#include "aicn/policy/queue_discipline.hpp"
#include "aicn/workloads/job_source.hpp"
#include "command.hpp"

namespace aicn::cli {
namespace {

/// "    max_extra_wait  duration  [0, inf)  default 2h  how much later ...".
void print_param(const registry::ParamSpec& spec) {
  std::string help = spec.help;
  if (!spec.choices.empty()) {
    help += spec.type == registry::ParamType::enumeration ? " (one of: " : " (keys: ";
    for (std::size_t i = 0; i < spec.choices.size(); ++i) help += (i ? ", " : "") + spec.choices[i];
    help += ")";
  }
  const std::string_view type = spec.type == registry::ParamType::number_map ? "map" : registry::param_type_name(spec.type);
  std::printf("    %-24s %-9s %-9s default %-5s %s\n", spec.name.c_str(), std::string(type).c_str(),
              spec.range_text().c_str(), spec.default_text.c_str(), help.c_str());
}

template <typename Registry>
void print_entries(const Registry& registry, bool with_params) {
  for (const auto& [name, entry] : registry.entries()) {
    std::printf("  %-24s %s\n", name.c_str(), entry.description.c_str());
    if (!with_params) continue;
    for (const auto& spec : entry.params) print_param(spec);
  }
}

class PoliciesCommand final : public Command {
 public:
  int order() const override { return 50; }
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* policies =
        app.add_subcommand("policies", "list the dispatch policies and their parameters, queue disciplines and "
                                       "workload sources");
    policies->add_option("--policy-lib", libraries_, "also load the policies of this shared library (repeatable)")
        ->allow_extra_args(false);
    return policies;
  }
  int run(const Invocation&) override {
    for (const auto& library : libraries_) policy::load_policy_library(library);
    std::printf("Dispatch policies (--policy NAME, or `policy: {name: NAME, params: {KEY: VALUE}}`):\n");
    print_entries(policy::PolicyRegistry::instance(), true);
    std::printf("\nQueue disciplines (--queue NAME, or `queue: NAME`):\n");
    print_entries(policy::QueueDisciplineRegistry::instance(), false);
    std::printf("\nWorkload sources (`workload: {source: NAME, ...}`):\n");
    print_entries(workloads::SourceRegistry::instance(), false);
    return kExitOk;
  }

 private:
  std::vector<std::string> libraries_;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::PoliciesCommand, "policies")
