#include "aicn/policy/external_protocol.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/gpu_catalog.hpp"

namespace aicn::policy::external {
namespace {

using nlohmann::json;

const char* side_name(topology::Side side) { return side == topology::Side::EAST ? "east" : "west"; }

const char* trigger_name(DispatchTrigger trigger) {
  switch (trigger) {
    case DispatchTrigger::ARRIVAL: return "arrival";
    case DispatchTrigger::COMPLETION: return "completion";
    case DispatchTrigger::TRANSFER_DONE: return "transfer_done";
    case DispatchTrigger::TICK: return "tick";
    case DispatchTrigger::OUTAGE: return "outage";
  }
  return "arrival";
}

/// A number as JSON; NaN and infinity (unknown, no route) become null, as JSON has neither.
json number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

/// The line shortened for a message: a scheduler may answer megabytes.
std::string excerpt(std::string_view line) {
  constexpr std::size_t kShown = 80;
  std::string text(line.substr(0, kShown));
  if (line.size() > kShown) text += "...";
  return "'" + text + "'";
}

json parse_line(std::string_view line, const std::string& message) {
  try {
    return json::parse(line);
  } catch (const json::parse_error& e) {
    throw ProtocolError(message + ": not JSON (error at byte " + std::to_string(e.byte) + "): " + excerpt(line));
  }
}

const json& field(const json& object, const char* key, const std::string& where) {
  const auto found = object.find(key);
  if (found == object.end()) throw ProtocolError(where + "." + key + ": missing");
  return *found;
}

void expect_keys(const json& object, std::initializer_list<std::string_view> keys, const std::string& where) {
  for (const auto& [key, value] : object.items())
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      throw ProtocolError(where + "." + key + ": unknown field");
}

/// The `type` field must be `expected`.
void expect_type(const json& message, const char* expected, const std::string& where) {
  if (!message.is_object()) throw ProtocolError(where + ": must be a JSON object, got " + message.dump());
  const json& type = field(message, "type", where);
  if (!type.is_string() || type.get<std::string>() != expected)
    throw ProtocolError(where + ".type: must be \"" + expected + "\", got " + type.dump());
}

/// An integer field within [lo, hi].
template <typename To>
To integer(const json& value, const std::string& where, To lo, To hi) {
  std::optional<To> result;
  if (value.is_number_unsigned()) result = checked::to_integer<To>(value.get<std::uint64_t>(), lo, hi);
  else if (value.is_number_integer()) result = checked::to_integer<To>(value.get<std::int64_t>(), lo, hi);
  if (!result)
    throw ProtocolError(where + ": must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                        ", got " + value.dump());
  return *result;
}

/// The distinct GPU models of the view's pools, in first-seen order.
std::vector<topology::GpuModelId> layout_models(const ClusterView& view) {
  std::vector<topology::GpuModelId> models;
  for (const SiteView& site : view.sites)
    for (const PoolView& pool : site.pools)
      if (std::find(models.begin(), models.end(), pool.gpu_model) == models.end()) models.push_back(pool.gpu_model);
  return models;
}

json waiting_jobs(const HeadQueue<WaitingJobView>& jobs) {
  json list = json::array();
  for (const WaitingJobView& job : jobs)
    list.push_back({{"id", job.id}, {"gpus", job.gpus}, {"run_time_s", job.run_time_s}, {"priority", job.priority}});
  return list;
}

json pending_job(const ClusterView& view, const workloads::Job& job, std::span<const topology::GpuModelId> models) {
  json accepts = json::array();
  json run_time = json::object();
  for (const topology::GpuModelId model : models) {
    if (!job.accepts(model)) continue;
    const std::string& name = topology::gpu_model(model).name;
    accepts.push_back(name);
    run_time[name] = number(job.run_time_s(model));
  }
  return {{"id", job.id},
          {"kind", std::string(workloads::job_kind_name(job.kind))},
          {"origin_hub", job.origin_hub},
          {"data_site", view.data_site(job)},
          {"submit_s", job.submit_s},
          {"gpu_model", topology::gpu_model(job.gpu_model).name},
          {"accepts", std::move(accepts)},
          {"run_time_s", std::move(run_time)},
          {"gpus", job.gpus},
          {"gpu_milli", job.gpu_milli},
          {"flops", job.flops},
          {"utilisation", job.utilisation},
          {"dataset_bytes", job.dataset_bytes},
          {"priority", job.priority},
          {"memory_bytes", job.memory_bytes},
          {"latency_budget_s", job.latency_budget_s},
          {"destination_hub", job.destination_hub}};
}

}  // namespace

std::string hello_message(const ClusterView& view, std::uint64_t scenario_seed) {
  json sites = json::array();
  for (const SiteView& site : view.sites) {
    json pools = json::array();
    for (const PoolView& pool : site.pools)
      pools.push_back({{"gpu_model", topology::gpu_model(pool.gpu_model).name},
                       {"installed_gpus", pool.installed_gpus},
                       {"gpus_per_server", pool.gpus_per_server},
                       {"gpu_busy_w", number(pool.gpu_busy_w)},
                       {"gpu_idle_w", number(pool.gpu_idle_w)},
                       {"depreciation_yuan_per_gpu_hour", number(pool.depreciation_yuan_per_gpu_hour)},
                       {"cash_cost_yuan_per_gpu_hour", number(pool.cash_cost_yuan_per_gpu_hour)},
                       {"rent_yuan_per_gpu_hour", number(pool.rent_yuan_per_gpu_hour)}});
    sites.push_back({{"name", site.name}, {"hub", site.hub}, {"side", side_name(site.side)}, {"pools", std::move(pools)}});
  }
  json models = json::array();
  for (const topology::GpuModelId id : layout_models(view)) {
    const topology::GpuModel& model = topology::gpu_model(id);
    models.push_back({{"name", model.name}, {"peak_fp16_flops", model.peak_fp16_flops}, {"memory_bytes", model.memory_bytes}});
  }
  const json hello = {{"type", "hello"},
                      {"protocol", kProtocolVersion},
                      {"simulator", "aicn"},
                      {"capabilities", {"place", "hold", "reject"}},
                      {"view_parts", {"energy", "transfers", "queues", "running"}},
                      {"seed", scenario_seed},
                      {"dispatch_tick_s", view.dispatch_tick_s},
                      {"hub_home_site", view.hub_home_site},
                      {"gpu_models", std::move(models)},
                      {"sites", std::move(sites)}};
  return hello.dump();
}

ViewParts read_hello_answer(std::string_view line) {
  const std::string where = "answer to hello";
  const json answer = parse_line(line, where);
  expect_type(answer, "hello", where);
  expect_keys(answer, {"type", "protocol", "name", "view"}, where);
  const json& protocol = field(answer, "protocol", where);
  if (!protocol.is_number_integer() || protocol.get<std::int64_t>() != kProtocolVersion)
    throw ProtocolError(where + ".protocol: this aicn speaks protocol " + std::to_string(kProtocolVersion) + ", got " +
                        protocol.dump());
  if (answer.contains("name") && !answer["name"].is_string())
    throw ProtocolError(where + ".name: must be a string, got " + answer["name"].dump());
  ViewParts parts;
  if (!answer.contains("view")) return parts;
  const json& view = answer["view"];
  if (!view.is_array()) throw ProtocolError(where + ".view: must be a list of view parts, got " + view.dump());
  for (std::size_t i = 0; i < view.size(); ++i) {
    const std::string part = view[i].is_string() ? view[i].get<std::string>() : view[i].dump();
    if (part == "energy") parts.energy = true;
    else if (part == "transfers") parts.transfers = true;
    else if (part == "queues") parts.queues = true;
    else if (part == "running") parts.running = true;
    else
      throw ProtocolError(where + ".view[" + std::to_string(i) + "]: unknown view part '" + part +
                          "' (valid: energy, transfers, queues, running)");
  }
  return parts;
}

std::string DispatchEncoder::encode(std::uint64_t seq, const ClusterView& view,
                                    std::span<const workloads::Job* const> pending) {
  json sites = json::array();
  for (const SiteView& site : view.sites) {
    json pools = json::array();
    for (const PoolView& pool : site.pools) {
      json p = {{"total_gpus", pool.total_gpus},       {"free_gpus", pool.free_gpus},
                {"largest_free_block", pool.largest_free_block}, {"queued_jobs", pool.queued_jobs},
                {"queued_gpus", pool.queued_gpus},     {"inbound_gpus", pool.inbound_gpus}};
      if (parts_.queues) {
        p["queue"] = waiting_jobs(pool.queue);
        p["inbound"] = waiting_jobs(pool.inbound);
      }
      if (parts_.running) {
        json running = json::array();
        for (const RunningJobView& job : pool.running) running.push_back({{"id", job.id}, {"end_s", job.end_s}, {"gpus", job.gpus}});
        p["running"] = std::move(running);
      }
      pools.push_back(std::move(p));
    }
    json s = {{"down", site.down}, {"pools", std::move(pools)}};
    if (parts_.energy) {
      json schedule = json::array();
      for (const auto& [t, price] : site.price_schedule) schedule.push_back({t, number(price)});
      s["pue"] = number(site.pue);
      s["electricity_price_per_kwh"] = number(site.electricity_price_per_kwh);
      s["price_schedule"] = std::move(schedule);
      s["carbon_g_per_kwh"] = number(site.carbon_g_per_kwh);
      s["green_share"] = number(site.green_share);
    }
    sites.push_back(std::move(s));
  }
  json message = {{"type", "dispatch"}, {"seq", seq}, {"now_s", view.now_s}, {"trigger", trigger_name(view.trigger)},
                  {"sites", std::move(sites)}};
  // The matrices change only with outages: resend them then, not at every call.
  if (!network_sent_ || sent_latency_ != view.route_latency_s || sent_bandwidth_ != view.route_bandwidth_bps) {
    json latency = json::array();
    for (const double value : view.route_latency_s) latency.push_back(number(value));
    message["network"] = {{"latency_s", std::move(latency)}, {"bandwidth_bps", view.route_bandwidth_bps}};
    sent_latency_ = view.route_latency_s;
    sent_bandwidth_ = view.route_bandwidth_bps;
    network_sent_ = true;
  }
  if (parts_.transfers) message["transfers"] = view.route_transfers;
  const std::vector<topology::GpuModelId> models = layout_models(view);
  json jobs = json::array();
  for (const workloads::Job* job : pending) jobs.push_back(pending_job(view, *job, models));
  message["pending"] = std::move(jobs);
  return message.dump();
}

std::vector<Decision> read_decisions(std::string_view line, std::uint64_t seq,
                                     std::span<const workloads::Job* const> pending) {
  const std::string where = "answer to dispatch #" + std::to_string(seq);
  const json answer = parse_line(line, where);
  expect_type(answer, "decisions", where);
  expect_keys(answer, {"type", "seq", "decisions"}, where);
  const json& answered_seq = field(answer, "seq", where);
  if (!answered_seq.is_number_unsigned() || answered_seq.get<std::uint64_t>() != seq)
    throw ProtocolError(where + ".seq: must be " + std::to_string(seq) + ", got " + answered_seq.dump());
  const json& list = field(answer, "decisions", where);
  if (!list.is_array()) throw ProtocolError(where + ".decisions: must be a list, got " + list.dump());

  std::unordered_map<std::uint64_t, bool> decided;  // pending job id -> decided in this answer
  decided.reserve(pending.size());
  for (const workloads::Job* job : pending) decided.emplace(job->id, false);
  std::vector<Decision> decisions;
  decisions.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = where + ".decisions[" + std::to_string(i) + "]";
    const json& item = list[i];
    if (!item.is_object()) throw ProtocolError(at + ": must be an object, got " + excerpt(item.dump()));
    expect_keys(item, {"job", "action", "site", "pool", "reason"}, at);
    const auto job = integer<std::uint64_t>(field(item, "job", at), at + ".job", 0,
                                            std::numeric_limits<std::uint64_t>::max());
    const auto found = decided.find(job);
    if (found == decided.end()) throw ProtocolError(at + ".job: " + std::to_string(job) + " is not a pending job of this call");
    if (found->second) throw ProtocolError(at + ".job: " + std::to_string(job) + " is decided twice");
    found->second = true;
    const json& action = field(item, "action", at);
    const std::string name = action.is_string() ? action.get<std::string>() : action.dump();
    if (name == "place") {
      const int site = integer<int>(field(item, "site", at), at + ".site", std::numeric_limits<int>::min(),
                                     std::numeric_limits<int>::max());
      const int pool = integer<int>(field(item, "pool", at), at + ".pool", std::numeric_limits<int>::min(),
                                     std::numeric_limits<int>::max());
      decisions.push_back(Decision::place(job, site, pool));
    } else if (name == "hold") {
      decisions.push_back(Decision::hold(job));
    } else if (name == "reject") {
      const json& reason = field(item, "reason", at);
      if (!reason.is_string() || reason.get<std::string>().empty())
        throw ProtocolError(at + ".reason: must be a non-empty string, got " + reason.dump());
      decisions.push_back(Decision::reject(job, reason.get<std::string>()));
    } else {
      throw ProtocolError(at + ".action: must be \"place\", \"hold\" or \"reject\", got " + action.dump());
    }
  }
  return decisions;
}

std::string bye_message(std::uint64_t seq) { return json{{"type", "bye"}, {"seq", seq}}.dump(); }

}  // namespace aicn::policy::external
