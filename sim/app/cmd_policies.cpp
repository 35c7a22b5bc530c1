// `aicn policies`: list the registered dispatch policies with their descriptions and declared
// parameters, then the queue disciplines, placement policies and workload sources.
#include <cstdio>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/placement_policy.hpp"
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

/// Entries at `indent`, their parameters four columns further in.
template <typename Registry>
void print_entries(const Registry& registry, int indent) {
  for (const auto& [name, entry] : registry.entries()) {
    std::printf("%*s%-24s %s\n", indent, "", name.c_str(), entry.description.c_str());
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
    // Policies start at column 0 and nothing else does: scripts read the names from there.
    print_entries(policy::PolicyRegistry::instance(), 0);
    std::printf("\n  Queue disciplines (--queue NAME, or `queue: NAME`):\n");
    print_entries(policy::QueueDisciplineRegistry::instance(), 4);
    std::printf("\n  Placement policies inside a site (--placement NAME, or `placement: NAME`; docs/placement.md):\n");
    print_entries(policy::PlacementRegistry::instance(), 4);
    std::printf("\n  Workload sources (`workload: {source: NAME, ...}`):\n");
    print_entries(workloads::SourceRegistry::instance(), 4);
    return kExitOk;
  }

 private:
  std::vector<std::string> libraries_;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::PoliciesCommand, "policies")
