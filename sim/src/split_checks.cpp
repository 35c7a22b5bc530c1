// Dispatcher::check_split: whether a split placement (Decision::SPLIT) can be carried out,
// kept apart from dispatcher.cpp so that file keeps to one-site placements.
#include <string>

#include "dispatcher.hpp"
#include "job_allocation.hpp"

namespace aicn::sim {

Dispatcher::Check Dispatcher::check_split(const policy::Decision& decision, const JobRecord& record,
                                          std::string& why) const {
  const workloads::Job& job = record.job;
  const auto& sites = view_.sites;
  if (split_ == nullptr) {
    why = "split placements are not available in this run";
    return Check::INVALID;
  }
  if (!scenario_.outages.empty() || scenario_.random_failures.any()) {
    why = "split placements are not supported in runs with outages yet";
    return Check::INVALID;
  }
  if (job.kind != workloads::JobKind::TRAINING && job.kind != workloads::JobKind::FINE_TUNING) {
    why = "only training and fine-tuning jobs can be split over sites, not " + std::string(workloads::job_kind_name(job.kind));
    return Check::INVALID;
  }
  if (job.duration_s > 0.0 || is_gpu_share(job)) {
    why = "a split job's length must come from its FLOPs (no fixed duration, no GPU share)";
    return Check::INVALID;
  }
  if (decision.parts.size() < 2) {
    why = "a split placement needs at least 2 parts, got " + std::to_string(decision.parts.size());
    return Check::INVALID;
  }
  long long total = 0;
  for (const policy::PlacementPart& part : decision.parts) {
    if (part.site < 0 || part.site >= static_cast<int>(sites.size())) {
      why = "part at site index " + std::to_string(part.site) + ", which does not exist";
      return Check::INVALID;
    }
    const auto& site = sites[static_cast<std::size_t>(part.site)];
    if (part.pool < 0 || part.pool >= static_cast<int>(site.pools.size())) {
      why = "site " + site.name + " has no pool " + std::to_string(part.pool);
      return Check::INVALID;
    }
    const auto& pool = site.pools[static_cast<std::size_t>(part.pool)];
    if (!job.accepts(pool.gpu_model)) {
      why = "part at " + site.name + ": the job cannot run on " + topology::gpu_model(pool.gpu_model).name;
      return Check::INVALID;
    }
    if (part.gpus < 1 || part.gpus > pool.installed_gpus) {
      why = "part at " + site.name + " asks for " + std::to_string(part.gpus) + " GPUs; the pool has " +
            std::to_string(pool.installed_gpus);
      return Check::INVALID;
    }
    total += part.gpus;
  }
  if (total != job.gpus) {
    why = "the parts hold " + std::to_string(total) + " GPUs but the job needs " + std::to_string(job.gpus);
    return Check::INVALID;
  }
  why = split_->check(job, decision.parts);
  if (!why.empty()) return Check::INVALID;
  // Parts never queue: a part that does not fit now holds the whole job.
  for (const policy::PlacementPart& part : decision.parts)
    if (!sites_[static_cast<std::size_t>(part.site)].part_fits(part.pool, part.gpus)) {
      why = "split part of " + std::to_string(part.gpus) + " GPUs does not fit at " +
            sites[static_cast<std::size_t>(part.site)].name + " now";
      return Check::HOLD;
    }
  return Check::OK;
}

}  // namespace aicn::sim
