#pragma once
// The rules every trace reader shares (workloads/src only; not part of the public API):
// a number column read with its file:line and column name in the error, and which GPU model
// a row that names none runs on.
#include <string>
#include <vector>

#include "aicn/topology/config_node.hpp"
#include "aicn/topology/layout.hpp"
#include "aicn/workloads/job_source.hpp"
#include "aicn/workloads/line_reader.hpp"
#include "aicn/workloads/trace_options.hpp"

namespace aicn::workloads::trace_rules {

/// `text` as a finite number (leading spaces allowed, as SWF pads), or a ConfigError naming
/// the line and `column`.
double parse_number(const std::string& text, const LineReader& in, const std::string& column);
/// The non-empty parts of `text` between `separator`s.
std::vector<std::string> split_on(const std::string& text, char separator);
/// A catalogue GPU model named by `node`, or a ConfigError listing the known ones.
topology::GpuModelId parse_model(const config::ConfigNode& node);
/// The layout's GPU models, comma-separated, for messages ("none" when it has no pool).
std::string layout_model_names(const topology::Layout& layout);
/// The model of jobs whose row names none: the spec's `gpu_model`, else the layout's only
/// model (no other could run them); -1 when neither exists. No model is ever guessed: a
/// replay on the wrong model silently changes every run time.
topology::GpuModelId model_for_unnamed_rows(const config::ConfigNode& spec, const topology::Layout& layout);
/// The same for a trace whose rows never name a model (SWF, token demand): without one
/// every job would be unplaceable, so the spec itself is refused.
topology::GpuModelId required_model(const config::ConfigNode& spec, const topology::Layout& layout, const char* format);
/// The trace options (origins, time shift and scale, skip_bad) of a reader's spec.
TraceOptions parse_options(const config::ConfigNode& spec, const SourceContext& context);

}  // namespace aicn::workloads::trace_rules
