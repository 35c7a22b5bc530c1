// The external-scheduler protocol's messages on a hand-built view (no engine, no scheduler
// process): what the dispatch message holds, when the network is resent, and every check of
// a decisions answer.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "aicn/policy/external_protocol.hpp"
#include "aicn/topology/gpu_catalog.hpp"

namespace policy = aicn::policy;
namespace external = aicn::policy::external;
using nlohmann::json;

namespace {

const int kA100 = aicn::topology::find_gpu_model("A100-80GB");
const int kH800 = aicn::topology::find_gpu_model("H800");

/// Two sites: east (A100 x 16, 4 free) and west (A100 x 64, H800 x 32), east's data at site 0.
policy::ClusterView two_site_view() {
  policy::ClusterView view;
  view.now_s = 120.5;
  view.sites.emplace_back("east", 0, aicn::topology::Side::EAST,
                          std::vector<policy::PoolView>{policy::PoolView(kA100, 16, 4, 8, 4, 1, 8)});
  view.sites.emplace_back("west", 1, aicn::topology::Side::WEST,
                          std::vector<policy::PoolView>{policy::PoolView(kA100, 64, 64, 8, 64, 0, 0),
                                                        policy::PoolView(kH800, 32, 32, 8, 32, 0, 0)});
  view.hub_home_site = {0, 1};
  view.route_latency_s = {0.0, 0.02, 0.02, 0.0};
  view.route_bandwidth_bps = {0.0, 100e9, 100e9, 0.0};
  return view;
}

/// 8 GPUs of A100 at 50 % for exactly one hour: flops = 8 x 312e12 x 0.5 x 3600.
aicn::workloads::Job one_hour_job(std::uint64_t id) {
  aicn::workloads::Job job;
  job.id = id;
  job.origin_hub = 0;
  job.gpu_model = kA100;
  job.gpus = 8;
  job.utilisation = 0.5;
  job.flops = 8 * 312e12 * 0.5 * 3600;
  job.dataset_bytes = 1e9;
  return job;
}

}  // namespace

TEST(ExternalProtocol, theDispatchMessageHoldsTheCountsThePendingJobsAndTheNetworkOnlyWhenItChanged) {
  policy::ClusterView view = two_site_view();
  const aicn::workloads::Job job = one_hour_job(7);
  const aicn::workloads::Job* pending[] = {&job};
  external::DispatchEncoder encoder(external::ViewParts{});

  const json first = json::parse(encoder.encode(1, view, pending));
  EXPECT_EQ(first["type"], "dispatch");
  EXPECT_EQ(first["seq"], 1);
  EXPECT_EQ(first["now_s"], 120.5);
  EXPECT_EQ(first["trigger"], "arrival");
  ASSERT_EQ(first["sites"].size(), 2u);
  EXPECT_EQ(first["sites"][0]["pools"][0]["free_gpus"], 4);
  EXPECT_EQ(first["sites"][0]["pools"][0]["queued_gpus"], 8);
  EXPECT_EQ(first["sites"][1]["pools"][1]["total_gpus"], 32);
  EXPECT_FALSE(first["sites"][0].contains("pue")) << "energy was not asked for";
  EXPECT_FALSE(first["sites"][0]["pools"][0].contains("queue")) << "queues were not asked for";
  EXPECT_EQ(first["network"]["bandwidth_bps"], json({0.0, 100e9, 100e9, 0.0}));
  const json& sent = first["pending"][0];
  EXPECT_EQ(sent["id"], 7);
  EXPECT_EQ(sent["data_site"], 0);
  EXPECT_EQ(sent["accepts"], json({"A100-80GB"})) << "an H800 job needs its own model or a listed alternative";
  EXPECT_DOUBLE_EQ(sent["run_time_s"]["A100-80GB"].get<double>(), 3600.0);

  const json second = json::parse(encoder.encode(2, view, pending));
  EXPECT_FALSE(second.contains("network")) << "unchanged since the first message";
  view.route_bandwidth_bps[1] = 0.0;  // an outage cuts east -> west
  view.route_latency_s[1] = std::numeric_limits<double>::infinity();
  const json third = json::parse(encoder.encode(3, view, pending));
  ASSERT_TRUE(third.contains("network"));
  EXPECT_TRUE(third["network"]["latency_s"][1].is_null()) << "no route: infinity is sent as null";
}

TEST(ExternalProtocol, optionalViewPartsAreSentWhenTheHelloAnswerAsksForThem) {
  const external::ViewParts parts =
      external::read_hello_answer(R"({"type": "hello", "protocol": 1, "view": ["energy", "queues"]})");
  EXPECT_TRUE(parts.energy);
  EXPECT_TRUE(parts.queues);
  EXPECT_FALSE(parts.running);
  policy::ClusterView view = two_site_view();
  view.sites[0].pools[0].queue.push_back({11, 8, 7200.0, 2});
  const aicn::workloads::Job job = one_hour_job(7);
  const aicn::workloads::Job* pending[] = {&job};
  external::DispatchEncoder encoder(parts);
  const json message = json::parse(encoder.encode(1, view, pending));
  EXPECT_TRUE(message["sites"][0]["electricity_price_per_kwh"].is_null()) << "unknown (NaN) is null";
  EXPECT_EQ(message["sites"][0]["pue"], 1.0);
  EXPECT_EQ(message["sites"][0]["pools"][0]["queue"],
            json::parse(R"([{"id": 11, "gpus": 8, "run_time_s": 7200.0, "priority": 2}])"));
  EXPECT_FALSE(message["sites"][0]["pools"][0].contains("running"));
}

TEST(ExternalProtocol, theHelloAnswerIsChecked) {
  const auto refused = [](const char* line) {
    try {
      external::read_hello_answer(line);
    } catch (const external::ProtocolError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refused(R"({"type": "hello", "protocol": 2})"), "answer to hello: protocol: this aicn speaks protocol 1, got 2");
  EXPECT_EQ(refused(R"({"type": "hi", "protocol": 1})"), "answer to hello: type: must be \"hello\", got \"hi\"");
  EXPECT_EQ(refused(R"({"type": "hello", "protocol": 1, "view": ["carbon"]})"),
            "answer to hello: view[0]: unknown view part 'carbon' (valid: energy, transfers, queues, running)");
  EXPECT_EQ(refused(R"({"type": "hello"})"), "answer to hello: protocol: missing");
  EXPECT_EQ(refused("[1, 2"), "answer to hello: not JSON (error at byte 6): '[1, 2'");
}

TEST(ExternalProtocol, decisionsAreReadAndEveryMistakeNamesItsField) {
  const aicn::workloads::Job a = one_hour_job(3);
  const aicn::workloads::Job b = one_hour_job(5);
  const aicn::workloads::Job c = one_hour_job(9);
  const aicn::workloads::Job* pending[] = {&a, &b, &c};
  const auto decisions = external::read_decisions(
      R"({"type": "decisions", "seq": 4, "decisions": [{"job": 5, "action": "place", "site": 1, "pool": 0},
          {"job": 3, "action": "reject", "reason": "too big"}, {"job": 9, "action": "hold"}]})",
      4, pending);
  ASSERT_EQ(decisions.size(), 3u);
  EXPECT_EQ(decisions[0].action, policy::Decision::Action::PLACE);
  EXPECT_EQ(decisions[0].job_id, 5u);
  EXPECT_EQ(decisions[0].site, 1);
  EXPECT_EQ(decisions[1].action, policy::Decision::Action::REJECT);
  EXPECT_EQ(decisions[1].reason, "too big");
  EXPECT_EQ(decisions[2].action, policy::Decision::Action::HOLD);
  EXPECT_TRUE(external::read_decisions(R"({"type": "decisions", "seq": 4, "decisions": []})", 4, pending).empty())
      << "no decision: every job is held";

  const auto refused = [&](const std::string& list) {
    try {
      external::read_decisions(R"({"type": "decisions", "seq": 4, "decisions": )" + list + "}", 4, pending);
    } catch (const external::ProtocolError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  const std::string at = "answer to dispatch #4: decisions[1].";
  EXPECT_EQ(refused(R"([{"job": 3, "action": "hold"}, {"job": 3, "action": "hold"}])"), at + "job: 3 is decided twice");
  EXPECT_EQ(refused(R"([{"job": 3, "action": "hold"}, {"job": 4, "action": "hold"}])"),
            at + "job: 4 is not a pending job of this call");
  EXPECT_EQ(refused(R"([{"job": 3, "action": "hold"}, {"job": -1, "action": "hold"}])"),
            at + "job: must be a whole number from 0 to 18446744073709551615, got -1");
  EXPECT_EQ(refused(R"([{"job": 3, "action": "hold"}, {"job": 5, "action": "reject"}])"), at + "reason: missing");
  EXPECT_EQ(refused(R"([{"job": 3, "action": "hold"}, {"job": 5, "action": "place", "site": 1.5, "pool": 0}])"),
            at + "site: must be a whole number from -2147483648 to 2147483647, got 1.5");
  EXPECT_EQ(refused(R"([{"job": 3, "action": "hold"}, {"job": 5, "action": "run"}])"),
            at + "action: must be \"place\", \"hold\" or \"reject\", got \"run\"");
  EXPECT_EQ(refused(R"({"job": 3})"), "answer to dispatch #4: decisions: must be a list, got '{\"job\":3}'");
  try {
    external::read_decisions(R"({"type": "decisions", "seq": 3, "decisions": []})", 4, pending);
    ADD_FAILURE() << "an answer to another message was accepted";
  } catch (const external::ProtocolError& e) {
    EXPECT_EQ(std::string(e.what()), "answer to dispatch #4: seq: must be 4, got 3");
  }
}
