#include "aicn/workloads/flexibility.hpp"

#include <algorithm>

#include <boost/random/uniform_real_distribution.hpp>

#include "aicn/workloads/random_streams.hpp"

namespace aicn::workloads {

FlexibilitySpec parse_flexibility(const config::ConfigNode& node) {
  node.expect_keys({"start_after", "slack", "interruptible", "kinds"});
  FlexibilitySpec spec;
  if (node.has("start_after")) spec.start_after_s = node.child("start_after").as_duration_s();
  if (node.has("slack")) spec.slack_s = node.child("slack").as_duration_s();
  if (node.has("interruptible")) {
    const config::ConfigNode share = node.child("interruptible");
    spec.interruptible_share = share.as_double();
    if (!(spec.interruptible_share >= 0.0 && spec.interruptible_share <= 1.0))
      share.fail("the share of interruptible jobs is a fraction from 0 to 1, got '" + share.text() + "'");
  }
  if (node.has("kinds")) {
    for (const config::ConfigNode& kind : node.child("kinds").elements()) {
      const auto parsed = parse_job_kind(kind.as_string());
      if (!parsed || *parsed == JobKind::DATA_TRANSFER)
        kind.fail("expected a compute job kind (" + std::string(job_kind_names()) + ", not data-transfer), got '" +
                  kind.text() + "'");
      spec.kinds.push_back(*parsed);
    }
  }
  return spec;
}

namespace {

class FlexibleSource final : public JobSource {
 public:
  FlexibleSource(std::unique_ptr<JobSource> inner, const FlexibilitySpec& spec, std::uint64_t seed)
      : inner_(std::move(inner)), spec_(spec), stream_(make_stream(seed, "flexibility")) {}

  std::optional<Job> next() override {
    std::optional<Job> job = inner_->next();
    if (!job || !job->is_compute()) return job;
    if (!spec_.kinds.empty() && std::find(spec_.kinds.begin(), spec_.kinds.end(), job->kind) == spec_.kinds.end())
      return job;
    job->earliest_start_s = job->submit_s + spec_.start_after_s;
    if (spec_.slack_s >= 0.0) job->deadline_s = job->earliest_start_s + job->run_time_s() + spec_.slack_s;
    // One draw per flexible job, whatever the share, so a share changes no other job's draw.
    const double draw = boost::random::uniform_real_distribution<double>(0.0, 1.0)(stream_);
    job->interruptible = draw < spec_.interruptible_share;
    return job;
  }
  const ReaderCounts* reader_counts() const override { return inner_->reader_counts(); }

 private:
  std::unique_ptr<JobSource> inner_;
  FlexibilitySpec spec_;
  RandomEngine stream_;
};

}  // namespace

std::unique_ptr<JobSource> make_flexible_source(std::unique_ptr<JobSource> inner, const FlexibilitySpec& spec,
                                                std::uint64_t seed) {
  return std::make_unique<FlexibleSource>(std::move(inner), spec, seed);
}

}  // namespace aicn::workloads
