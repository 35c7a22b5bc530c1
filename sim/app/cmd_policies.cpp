// `aicn policies`: list the registered dispatch policies with their descriptions.
#include <cstdio>

#include "aicn/policy/dispatch_policy.hpp"
#include "aicn/policy/policy_library.hpp"
#include "command.hpp"

namespace aicn::cli {
namespace {

class PoliciesCommand final : public Command {
 public:
  int order() const override { return 50; }
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* policies = app.add_subcommand("policies", "list the dispatch policies");
    policies->add_option("--policy-lib", libraries_, "also load the policies of this shared library (repeatable)")
        ->allow_extra_args(false);
    return policies;
  }
  int run(const Invocation&) override {
    for (const auto& library : libraries_) policy::load_policy_library(library);
    for (const auto& [name, entry] : policy::PolicyRegistry::instance().entries())
      std::printf("%-24s %s\n", name.c_str(), entry.description.c_str());
    return kExitOk;
  }

 private:
  std::vector<std::string> libraries_;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::PoliciesCommand)
