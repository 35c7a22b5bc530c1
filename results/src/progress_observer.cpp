#include "aicn/results/progress_observer.hpp"

namespace aicn::results {

void ProgressObserver::count(double now_s) {
  // Looking at the clock and formatting the line cost more than an event: only every 1024th.
  if (++events_ % kEventsPerUpdate != 0) return;
  ++updates_;
  line_.update(now_s, jobs_done_, jobs_submitted_, events_);
}

void ProgressObserver::job_submitted(double now_s, const JobSnapshot&) {
  ++jobs_submitted_;
  count(now_s);
}
void ProgressObserver::job_placed(double now_s, const JobSnapshot&) { count(now_s); }
void ProgressObserver::transfer_ended(double now_s, const JobSnapshot&, int, int, double) { count(now_s); }
void ProgressObserver::job_started(double now_s, const JobSnapshot&) { count(now_s); }
void ProgressObserver::job_ended(double now_s, const JobSnapshot&, JobStatus status, const std::string&) {
  if (status != JobStatus::UNFINISHED) ++jobs_done_;
  count(now_s);
}
void ProgressObserver::outage(double now_s, OutageKind, const std::string&, const std::string&) { count(now_s); }
void ProgressObserver::sample(double now_s, std::span<const SiteSample>, std::span<const LinkSample>) { count(now_s); }
void ProgressObserver::run_ended(double) { line_.finish(); }

}  // namespace aicn::results
