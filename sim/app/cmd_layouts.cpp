// `aicn layouts`: list the built-in layouts with their size.
#include <cstdio>

#include "aicn/topology/layout_loader.hpp"
#include "command.hpp"

namespace aicn::cli {
namespace {

class LayoutsCommand final : public Command {
 public:
  int order() const override { return 60; }
  CLI::App* add_to(CLI::App& app) override { return app.add_subcommand("layouts", "list the built-in layouts"); }
  int run(const Invocation&) override {
    for (const auto& name : topology::builtin_layout_names()) {
      const auto layout = topology::load_layout(name);
      std::printf("%-20s %3zu hubs %4zu sites %7d GPUs  %s\n", name.c_str(), layout.hubs.size(), layout.sites.size(),
                  layout.total_gpus(), layout.description.c_str());
    }
    return kExitOk;
  }
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::LayoutsCommand, "layouts")
