#pragma once
/// @file exponential_jobs.hpp
/// Workload source `exponential-jobs`: Poisson arrivals and exponentially distributed run
/// times of a fixed GPU count, the M/M/c textbook workload (validation against queueing
/// theory, simple what-if studies).
#include "aicn/workloads/job_source.hpp"

namespace aicn::workloads {

void register_exponential_jobs_source(SourceRegistry& registry);

}  // namespace aicn::workloads
