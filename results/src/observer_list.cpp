#include "aicn/results/observer_list.hpp"

namespace aicn::results {

void ObserverList::job_submitted(double now_s, const JobSnapshot& job) {
  for (RunObserver* o : observers_) o->job_submitted(now_s, job);
}
void ObserverList::job_placed(double now_s, const JobSnapshot& job) {
  for (RunObserver* o : observers_) o->job_placed(now_s, job);
}
void ObserverList::job_held(double now_s, const JobSnapshot& job, const std::string& why) {
  for (RunObserver* o : observers_) o->job_held(now_s, job, why);
}
void ObserverList::decision_invalid(double now_s, const JobSnapshot& job, const std::string& why) {
  for (RunObserver* o : observers_) o->decision_invalid(now_s, job, why);
}
void ObserverList::transfer_started(double now_s, const JobSnapshot& job, int from_site, int to_site, double bytes) {
  for (RunObserver* o : observers_) o->transfer_started(now_s, job, from_site, to_site, bytes);
}
void ObserverList::transfer_ended(double now_s, const JobSnapshot& job, int from_site, int to_site, double bytes) {
  for (RunObserver* o : observers_) o->transfer_ended(now_s, job, from_site, to_site, bytes);
}
void ObserverList::transfer_rerouted(double now_s, const JobSnapshot& job, const std::string& cut_links,
                                     const std::string& detail) {
  for (RunObserver* o : observers_) o->transfer_rerouted(now_s, job, cut_links, detail);
}
void ObserverList::transfer_failed(double now_s, const JobSnapshot& job, const std::string& subject,
                                   const std::string& detail) {
  for (RunObserver* o : observers_) o->transfer_failed(now_s, job, subject, detail);
}
void ObserverList::job_started(double now_s, const JobSnapshot& job) {
  for (RunObserver* o : observers_) o->job_started(now_s, job);
}
void ObserverList::split_training_ended(double now_s, const JobSnapshot& job, const SplitTrainingStats& stats) {
  for (RunObserver* o : observers_) o->split_training_ended(now_s, job, stats);
}
void ObserverList::job_interrupted(double now_s, const JobSnapshot& job, double lost_gpu_s, const std::string& detail) {
  for (RunObserver* o : observers_) o->job_interrupted(now_s, job, lost_gpu_s, detail);
}
void ObserverList::job_suspended(double now_s, const JobSnapshot& job, double lost_gpu_s, const std::string& detail) {
  for (RunObserver* o : observers_) o->job_suspended(now_s, job, lost_gpu_s, detail);
}
void ObserverList::job_resubmitted(double now_s, const JobSnapshot& job, const std::string& why) {
  for (RunObserver* o : observers_) o->job_resubmitted(now_s, job, why);
}
void ObserverList::job_ended(double now_s, const JobSnapshot& job, JobStatus status, const std::string& reason) {
  for (RunObserver* o : observers_) o->job_ended(now_s, job, status, reason);
}
void ObserverList::pool_busy_changed(double now_s, int site, int pool, int busy_gpus) {
  for (RunObserver* o : observers_) o->pool_busy_changed(now_s, site, pool, busy_gpus);
}
void ObserverList::pool_allocated_changed(double now_s, int site, int pool, double allocated_gpus) {
  for (RunObserver* o : observers_) o->pool_allocated_changed(now_s, site, pool, allocated_gpus);
}
void ObserverList::lease_started(double now_s, int lease) {
  for (RunObserver* o : observers_) o->lease_started(now_s, lease);
}
void ObserverList::lease_ended(double now_s, int lease) {
  for (RunObserver* o : observers_) o->lease_ended(now_s, lease);
}
void ObserverList::lease_busy_changed(double now_s, int lease, int busy_gpus) {
  for (RunObserver* o : observers_) o->lease_busy_changed(now_s, lease, busy_gpus);
}
void ObserverList::job_placed_on_lease(double now_s, const JobSnapshot& job, int lease) {
  for (RunObserver* o : observers_) o->job_placed_on_lease(now_s, job, lease);
}
void ObserverList::outage(double now_s, OutageKind kind, const std::string& subject, const std::string& detail) {
  for (RunObserver* o : observers_) o->outage(now_s, kind, subject, detail);
}
void ObserverList::placement_sample(double now_s, const PlacementSample& sample) {
  for (RunObserver* o : observers_) o->placement_sample(now_s, sample);
}

void ObserverList::sample(double now_s, std::span<const SiteSample> sites, std::span<const LinkSample> links) {
  for (RunObserver* o : observers_) o->sample(now_s, sites, links);
}
void ObserverList::run_ended(double end_s) {
  for (RunObserver* o : observers_) o->run_ended(end_s);
}

}  // namespace aicn::results
