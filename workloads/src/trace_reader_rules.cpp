#include "trace_reader_rules.hpp"

#include <sstream>

namespace aicn::workloads::trace_rules {

using config::ConfigError;
using config::ConfigNode;

double parse_number(const std::string& text, const LineReader& in, const std::string& column) {
  std::string_view field(text);
  while (!field.empty() && field.front() == ' ') field.remove_prefix(1);  // SWF pads with spaces
  const auto value = parse_finite_number(field);
  if (!value) throw ConfigError(in.where() + column + ": expected a number, got '" + text + "'");
  return *value;
}

std::vector<std::string> split_on(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator))
    if (!part.empty()) parts.push_back(part);
  return parts;
}

topology::GpuModelId parse_model(const ConfigNode& node) {
  const auto model = topology::find_gpu_model(node.as_string());
  if (model < 0) node.fail("unknown GPU model '" + node.text() + "' (known models: " + topology::gpu_model_names() + ")");
  return model;
}

std::string layout_model_names(const topology::Layout& layout) {
  std::string names;
  for (const auto model : layout_models(layout)) names += (names.empty() ? "" : ", ") + topology::gpu_model(model).name;
  return names.empty() ? "none" : names;
}

topology::GpuModelId model_for_unnamed_rows(const ConfigNode& spec, const topology::Layout& layout) {
  if (spec.has("gpu_model")) return parse_model(spec.child("gpu_model"));
  const auto models = layout_models(layout);
  return models.size() == 1 ? *models.begin() : -1;
}

topology::GpuModelId required_model(const ConfigNode& spec, const topology::Layout& layout, const char* format) {
  const auto model = model_for_unnamed_rows(spec, layout);
  if (model < 0)
    spec.fail(std::string("a ") + format + " trace names no GPU model and this layout has several (" +
              layout_model_names(layout) + "): give gpu_model (`aicn workload` takes --gpu-model)");
  return model;
}


TraceOptions parse_options(const ConfigNode& spec, const SourceContext& context) {
  return TraceOptions::parse(spec, *context.layout);
}

}  // namespace aicn::workloads::trace_rules
