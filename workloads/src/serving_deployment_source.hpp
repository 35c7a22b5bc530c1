#pragma once
// The request-mode source of the mooncake and azure-llm readers (workloads/src only): a
// persistent deployment whose replicas are the serving jobs it emits, and the trace's
// requests it hands the run as a ServingPlanSource (serving_plan.hpp, docs/serving.md).
#include <memory>

#include "aicn/topology/config_node.hpp"
#include "aicn/workloads/job_source.hpp"

/// The keys of mode: requests (mode itself included), for the readers' expect_keys lists.
#define AICN_DEPLOYMENT_KEYS "mode", "batch_slots", "ttft_slo", "tpot_slo", "load_bandwidth", "target_load", \
                             "scale_down_after", "weights_hub"

namespace aicn::workloads {

/// Reads every request of the trace at `spec.path` and plans the deployment's replicas.
std::unique_ptr<JobSource> make_deployment_source(const config::ConfigNode& spec, const SourceContext& context, bool mooncake);

}  // namespace aicn::workloads
