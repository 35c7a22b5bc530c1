// `aicn size QUESTION ...`: the capacity questions of size_*.cpp, answered from the formulas.
#include <algorithm>
#include <map>

#include "aicn/topology/gpu_catalog.hpp"
#include "size_question.hpp"

namespace aicn::cli {

SizeQuestionRegistry& SizeQuestionRegistry::instance() {
  static SizeQuestionRegistry registry;
  return registry;
}

std::vector<std::unique_ptr<SizeQuestion>> SizeQuestionRegistry::create_all() const {
  std::vector<std::unique_ptr<SizeQuestion>> questions;
  for (const auto& [name, entry] : entries()) questions.push_back(entry.factory(CommandContext{}));
  std::stable_sort(questions.begin(), questions.end(),
                   [](const auto& a, const auto& b) { return a->order() < b->order(); });
  return questions;
}

double catalogue_peak_flops(const std::string& option, const std::string& gpu_name) {
  topology::GpuModelId id = topology::find_gpu_model(gpu_name);
  // "A100" means A100-80GB: a family name that one catalogue model carries before its '-'.
  for (topology::GpuModelId i = 0; id < 0 && i < static_cast<int>(topology::gpu_catalog().size()); ++i) {
    const std::string& name = topology::gpu_model(i).name;
    if (name.substr(0, name.find('-')) == gpu_name) id = i;
  }
  if (id < 0)
    throw std::invalid_argument(option + ": unknown GPU model '" + gpu_name + "' (known: " +
                                topology::gpu_model_names() + ")");
  return topology::gpu_model(id).peak_fp16_flops;
}

namespace {

class SizeCommand final : public Command {
 public:
  int order() const override { return 75; }
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* size = app.add_subcommand(
        "size", "answer capacity questions from the formulas, without a simulation (GPUs for a training run, "
                "for inference, payback of a server, ...)");
    size->require_subcommand(1);
    questions_ = SizeQuestionRegistry::instance().create_all();
    for (const auto& question : questions_) by_subcommand_[question->add_to(*size)] = question.get();
    return size;
  }
  int run(const Invocation&) override {
    for (const auto& [subcommand, question] : by_subcommand_)
      if (subcommand->parsed()) return question->run();
    return kExitInputError;  // unreachable: CLI11 requires one question
  }

 private:
  std::vector<std::unique_ptr<SizeQuestion>> questions_;
  std::map<CLI::App*, SizeQuestion*> by_subcommand_;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::SizeCommand, "size")
