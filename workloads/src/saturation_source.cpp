// `source: saturation`: the saturation experiment of Weng et al. (ATC 2023, section 6.1) as a
// workload. The pods of another source (usually an openb pod list) are shuffled with the
// scenario seed, then pods drawn uniformly (with replacement) from that list are appended as
// clones until the GPUs asked reach `load` times the layout's GPUs; the jobs arrive one every
// `interval` in that order and never leave (their run time is 1e12 s). With the scenario key
// `admission: now` a job that cannot start on arrival is rejected and the next one is tried,
// so the run traces allocation and fragmentation as requested load grows.
#include <boost/random/uniform_int_distribution.hpp>

#include <algorithm>
#include <vector>

#include "aicn/workloads/job_source.hpp"
#include "aicn/workloads/random_streams.hpp"

namespace aicn::workloads {
namespace {

/// Long enough never to end within any horizon a scenario may ask (kMaxHorizonS is 3.2e11 s).
constexpr double kNeverLeaves_s = 1e12;

class SaturationSource final : public JobSource {
 public:
  SaturationSource(std::vector<Job> jobs, double interval_s, const SourceContext& context)
      : jobs_(std::move(jobs)), interval_s_(interval_s), context_(context) {}

  std::optional<Job> next() override {
    if (next_ >= jobs_.size()) return std::nullopt;
    if (context_.max_jobs > 0 && next_ >= context_.max_jobs) return std::nullopt;
    Job job = jobs_[next_];
    job.id = next_;
    job.submit_s = static_cast<double>(next_) * interval_s_;
    if (context_.horizon_s > 0.0 && job.submit_s >= context_.horizon_s) return std::nullopt;
    ++next_;
    return job;
  }

 private:
  std::vector<Job> jobs_;
  double interval_s_;
  SourceContext context_;
  std::size_t next_ = 0;
};

std::unique_ptr<JobSource> make_saturation(const config::ConfigNode& spec, const SourceContext& context) {
  spec.expect_keys({"source", "pods", "load", "interval"});
  const config::ConfigNode load_node = spec.required("load");
  const double load = load_node.as_positive_double();
  if (load > 100.0) load_node.fail("must be a multiple of the layout's GPUs from 0 to 100, got '" + load_node.text() + "'");
  const double interval_s = spec.has("interval") ? spec.child("interval").as_duration_s() : 1.0;
  if (!(interval_s > 0.0)) spec.child("interval").fail("must be a positive duration, got '" + spec.child("interval").text() + "'");
  const config::ConfigNode pods_spec = spec.required("pods");
  if (pods_spec.is_map() && pods_spec.has("source") && pods_spec.child("source").as_string() == "saturation")
    pods_spec.child("source").fail("a saturation workload cannot draw its pods from another saturation workload");
  // The pod list whole, whatever its times: no horizon and no cap inside.
  SourceContext inner = context;
  inner.horizon_s = 0.0;
  inner.max_jobs = 0;
  std::unique_ptr<JobSource> pods = SourceRegistry::instance().create(pods_spec, inner);
  std::vector<Job> list;
  double asked = 0.0;
  while (std::optional<Job> job = pods->next()) {
    if (!job->is_compute()) continue;
    job->duration_s = kNeverLeaves_s;
    asked += job->gpu_fraction();
    list.push_back(std::move(*job));
  }
  if (list.empty()) pods_spec.fail("the pod list holds no compute job");
  double capacity = 0.0;
  for (const auto& site : context.layout->sites) capacity += site.total_gpus();
  RandomEngine stream = make_stream(context.seed, "workload/saturation");
  // Fisher-Yates with Boost's distribution: the same order on every platform.
  for (std::size_t i = list.size() - 1; i > 0; --i) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, i);
    std::swap(list[i], list[pick(stream)]);
  }
  const std::size_t originals = list.size();
  boost::random::uniform_int_distribution<std::size_t> clone(0, originals - 1);
  bool any_gpu = asked > 0.0;
  while (any_gpu && asked < load * capacity) {
    Job copy = list[clone(stream)];
    asked += copy.gpu_fraction();
    list.push_back(std::move(copy));
  }
  return std::make_unique<SaturationSource>(std::move(list), interval_s, context);
}

}  // namespace
}  // namespace aicn::workloads

AICN_REGISTER_SOURCE("saturation",
                     "shuffle another source's pods (seeded) and add uniform clones until the GPUs asked reach `load` x the "
                     "layout's GPUs; one arrival per `interval`, jobs never leave (the fragmentation experiment)",
                     ::aicn::workloads::SourceInfo{false}, ::aicn::workloads::make_saturation)
