#pragma once
/// @file size_question.hpp
/// `aicn size QUESTION`: capacity questions answered from the formulas, without a simulation
/// (how many GPUs a training run needs, what a fleet earns, what a link must carry). Each
/// question lives in its own size_*.cpp file and registers itself with
/// AICN_REGISTER_SIZE_QUESTION, so adding one never touches cmd_size.cpp.
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "aicn/topology/registry.hpp"
#include "command.hpp"

namespace aicn::cli {

class SizeQuestion {
 public:
  virtual ~SizeQuestion() = default;
  /// Position in `aicn size --help`; lower comes first.
  virtual int order() const = 0;
  /// Adds `aicn size NAME` and its options under `size`; returns the new subcommand.
  virtual CLI::App* add_to(CLI::App& size) = 0;
  /// Prints the answer; returns the exit code. Throws std::invalid_argument for bad input.
  virtual int run() = 0;
};

class SizeQuestionRegistry final : public registry::Registry<SizeQuestion, CommandContext> {
 public:
  static SizeQuestionRegistry& instance();
  /// One instance of every question, sorted by order().
  std::vector<std::unique_ptr<SizeQuestion>> create_all() const;

 private:
  SizeQuestionRegistry() : Registry("size question") {}
};

/// A GPU model's dense FP16 peak by catalogue name; std::invalid_argument naming `option`, the
/// bad name and the known names otherwise.
double catalogue_peak_flops(const std::string& option, const std::string& gpu_name);

}  // namespace aicn::cli

#define AICN_REGISTER_SIZE_QUESTION(Class, name)                                                   \
  namespace {                                                                                      \
  [[maybe_unused]] const bool AICN_REGISTRY_CONCAT(aicn_size_question_registered_, __LINE__) =     \
      ::aicn::cli::SizeQuestionRegistry::instance().add(                                           \
          {name, "", {}, [](const ::aicn::cli::CommandContext&) -> std::unique_ptr<::aicn::cli::SizeQuestion> { \
             return std::make_unique<Class>();                                                     \
           }});                                                                                    \
  }
