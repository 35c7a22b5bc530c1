// Flexible jobs in the inputs: the CSV columns earliest_start_s, deadline_s and interruptible
// (read, written back, and refused with the file, line and column), and the generators'
// `flexibility:` block.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/csv_trace_reader.hpp"
#include "aicn/workloads/job_source.hpp"

using namespace aicn;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("flex-" + name + "-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path) << text;
  return path.string();
}

const topology::Layout& layout() {
  static const topology::Layout national = topology::load_layout("china-national");
  return national;
}

const std::string kHeader = std::string(workloads::CsvTraceReader::kHeader) + ",earliest_start_s,deadline_s,interruptible";

std::string error_of(const std::string& line) {
  const auto path = write_temp("bad", kHeader + "\n" + line + "\n");
  try {
    workloads::CsvTraceReader reader(path, {&layout(), 1, 0, 0, ""});
    reader.next();
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(FlexibleJobs, theCsvColumnsReadAndRoundTrip) {
  const auto path = write_temp("ok", kHeader + "\n0,batch-inference,JJJ,100,A100-80GB,8,1e18,0.45,0,3600,90000,1\n"
                                               "1,training,JJJ,200,A100-80GB,8,1e18,0.45,0,,,\n");
  workloads::CsvTraceReader reader(path, {&layout(), 1, 0, 0, ""});
  const auto first = reader.next();
  const auto second = reader.next();
  ASSERT_TRUE(first && second);
  EXPECT_DOUBLE_EQ(first->earliest_start_s, 3600.0);
  EXPECT_DOUBLE_EQ(first->deadline_s, 90000.0);
  EXPECT_TRUE(first->interruptible);
  EXPECT_DOUBLE_EQ(second->earliest_start_s, 0.0);  // empty cells: the Job defaults
  EXPECT_FALSE(second->has_deadline());
  EXPECT_FALSE(second->interruptible);
  // The full format writes them and reads them back (no deadline: an empty cell).
  const std::string text = workloads::csv_full_header() + "\n" + workloads::csv_row(*first, layout()) + "\n" +
                           workloads::csv_row(*second, layout()) + "\n";
  workloads::CsvTraceReader again(write_temp("full", text), {&layout(), 1, 0, 0, ""});
  const auto a = again.next();
  const auto b = again.next();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(workloads::csv_row(*a, layout()), workloads::csv_row(*first, layout()));
  EXPECT_EQ(workloads::csv_row(*b, layout()), workloads::csv_row(*second, layout()));
  EXPECT_FALSE(b->has_deadline());
}

TEST(FlexibleJobs, badFlexibleColumnsNameTheLineAndColumn) {
  EXPECT_NE(error_of("0,training,JJJ,100,A100-80GB,8,1e18,0.45,0,0,50,0").find(":2: deadline_s: must be after the submit "
                                                                              "time and the earliest start, got '50'"),
            std::string::npos);
  EXPECT_NE(error_of("0,training,JJJ,100,A100-80GB,8,1e18,0.45,0,500,400,0").find("deadline_s: must be after"),
            std::string::npos);
  EXPECT_NE(error_of("0,training,JJJ,100,A100-80GB,8,1e18,0.45,0,-1,,0").find(":2: earliest_start_s: must not be negative"),
            std::string::npos);
  EXPECT_NE(error_of("0,training,JJJ,100,A100-80GB,8,1e18,0.45,0,0,,yes").find(":2: interruptible: must be 0, 1, true or "
                                                                              "false, got 'yes'"),
            std::string::npos);
  EXPECT_NE(error_of("0,training,JJJ,100,A100-80GB,8,1e18,0.45,0,0,inf,0").find(":2: deadline_s: expected a number"),
            std::string::npos);
}

TEST(FlexibleJobs, theFlexibilityBlockSetsEarliestStartDeadlineAndInterruptibleShare) {
  const auto spec = config::ConfigNode::load_text(R"(
source: exponential-jobs
arrivals_per_hour: 10
mean_run_time: 1h
gpus: 8
gpu_model: A100-80GB
flexibility: {start_after: 10min, slack: 2h, interruptible: 0.5}
)", "flex.yaml");
  const workloads::SourceContext context{&layout(), 3, 30 * 86400.0, 2000, ""};
  auto source = workloads::SourceRegistry::instance().create(spec, context);
  int jobs = 0, interruptible = 0;
  while (const auto job = source->next()) {
    ++jobs;
    interruptible += job->interruptible ? 1 : 0;
    ASSERT_DOUBLE_EQ(job->earliest_start_s, job->submit_s + 600.0);
    // deadline = earliest start + run time (exponential-jobs: full peak on 8 GPUs) + 2 h
    ASSERT_NEAR(job->deadline_s, job->earliest_start_s + job->run_time_s() + 7200.0, 1e-6);
  }
  ASSERT_EQ(jobs, 2000);
  // Binomial(2000, 0.5): mean 1000, sd 22.4; 5 sd either side.
  EXPECT_NEAR(interruptible, 1000, 112);
  // The same spec without the block gives the same jobs (the draws come from their own stream).
  const auto plain = config::ConfigNode::load_text(
      "{source: exponential-jobs, arrivals_per_hour: 10, mean_run_time: 1h, gpus: 8, gpu_model: A100-80GB}", "plain.yaml");
  auto a = workloads::SourceRegistry::instance().create(spec, context);
  auto b = workloads::SourceRegistry::instance().create(plain, context);
  for (int i = 0; i < 50; ++i) {
    const auto x = a->next(), y = b->next();
    ASSERT_TRUE(x && y);
    EXPECT_EQ(x->submit_s, y->submit_s);
    EXPECT_EQ(x->flops, y->flops);
  }
}

TEST(FlexibleJobs, aBadFlexibilityKeyIsAnErrorNamingIt) {
  const auto spec = config::ConfigNode::load_text(
      "{source: exponential-jobs, gpu_model: A100-80GB, flexibility: {interruptible: 1.5}}", "flex.yaml");
  const workloads::SourceContext context{&layout(), 3, 86400.0, 10, ""};
  try {
    workloads::SourceRegistry::instance().create(spec, context);
    FAIL() << "no error";
  } catch (const config::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("interruptible"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("got '1.5'"), std::string::npos) << e.what();
  }
}
