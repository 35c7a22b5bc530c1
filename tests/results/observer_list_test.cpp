// ObserverList passes each event to every observer, in the order they were added.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aicn/results/observer_list.hpp"

using namespace aicn::results;

namespace {

/// Writes "<name>:<event>" into a shared log.
class Recording : public RunObserver {
 public:
  Recording(std::string name, std::vector<std::string>& log) : name_(std::move(name)), log_(log) {}
  void job_submitted(double, const JobSnapshot&) override { log_.push_back(name_ + ":submitted"); }
  void job_ended(double, const JobSnapshot&, JobStatus status, const std::string& reason) override {
    log_.push_back(name_ + ":ended " + std::to_string(static_cast<int>(status)) + " " + reason);
  }
  void sample(double now_s, std::span<const SiteSample> sites, std::span<const LinkSample>) override {
    log_.push_back(name_ + ":sample " + std::to_string(static_cast<int>(now_s)) + " " + std::to_string(sites.size()));
  }

 private:
  std::string name_;
  std::vector<std::string>& log_;
};

}  // namespace

TEST(ObserverList, fansEachEventOutInRegistrationOrder) {
  std::vector<std::string> log;
  Recording first("first", log), second("second", log);
  ObserverList list;
  list.add(first);
  list.add(second);
  EXPECT_EQ(list.size(), 2u);
  list.job_submitted(0.0, {});
  list.job_ended(1.0, {}, JobStatus::REJECTED, "no site");
  const SiteSample sites[] = {{0, 1, 8, 1, 0, 0}, {1, 0, 8, 0, 0, 0}};
  list.sample(60.0, sites, {});
  list.outage(2.0, OutageKind::SITE_DOWN, "a", "");  // neither listens: nothing logged
  const std::vector<std::string> expected = {"first:submitted", "second:submitted",
                                             "first:ended 1 no site", "second:ended 1 no site",
                                             "first:sample 60 2", "second:sample 60 2"};
  EXPECT_EQ(log, expected);
}

TEST(OutageKind, namesAreTheTraceEventKinds) {
  EXPECT_STREQ(outage_kind_name(OutageKind::SITE_DOWN), "site_down");
  EXPECT_STREQ(outage_kind_name(OutageKind::SITE_UP), "site_up");
  EXPECT_STREQ(outage_kind_name(OutageKind::LINK_DOWN), "link_down");
  EXPECT_STREQ(outage_kind_name(OutageKind::LINK_UP), "link_up");
}
