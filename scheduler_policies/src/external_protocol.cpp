#include "aicn/policy/external_protocol.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/gpu_catalog.hpp"
#include "external_json_writer.hpp"

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

// Field paths in messages: `prefix` is "MESSAGE: " for a top-level field, or
// "MESSAGE: decisions[3]." inside one; the key follows it directly.

json parse_line(std::string_view line, const std::string& message) {
  try {
    return json::parse(line);
  } catch (const json::parse_error& e) {
    throw ProtocolError(message + ": not JSON (error at byte " + std::to_string(e.byte) + "): " + excerpt(line));
  }
}

const json& field(const json& object, const char* key, const std::string& prefix) {
  const auto found = object.find(key);
  if (found == object.end()) throw ProtocolError(prefix + key + ": missing");
  return *found;
}

void expect_keys(const json& object, std::initializer_list<std::string_view> keys, const std::string& prefix) {
  for (const auto& [key, value] : object.items())
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      throw ProtocolError(prefix + key + ": unknown field");
}

/// The `type` field must be `expected`.
void expect_type(const json& message, const char* expected, const std::string& where) {
  if (!message.is_object()) throw ProtocolError(where + ": must be a JSON object, got " + excerpt(message.dump()));
  const json& type = field(message, "type", where + ": ");
  if (!type.is_string() || type.get<std::string>() != expected)
    throw ProtocolError(where + ": type: must be \"" + expected + "\", got " + type.dump());
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

void write_waiting(JsonWriter& out, const HeadQueue<WaitingJobView>& jobs) {
  out.begin_array();
  for (const WaitingJobView& job : jobs) {
    out.begin_object();
    out.field("id", job.id);
    out.field("gpus", job.gpus);
    out.field("run_time_s", job.run_time_s);
    out.field("priority", job.priority);
    out.end_object();
  }
  out.end_array();
}

void write_numbers(JsonWriter& out, const std::vector<double>& numbers) {
  out.begin_array();
  for (const double value : numbers) out.value(value);
  out.end_array();
}

void write_pending(JsonWriter& out, const ClusterView& view, const workloads::Job& job,
                   std::span<const topology::GpuModelId> models) {
  out.begin_object();
  out.field("id", job.id);
  out.field("kind", workloads::job_kind_name(job.kind));
  out.field("origin_hub", job.origin_hub);
  out.field("data_site", view.data_site(job));
  out.field("submit_s", job.submit_s);
  out.field("gpu_model", std::string_view(topology::gpu_model(job.gpu_model).name));
  out.key("accepts");
  out.begin_array();
  for (const topology::GpuModelId model : models)
    if (job.accepts(model)) out.value(std::string_view(topology::gpu_model(model).name));
  out.end_array();
  out.key("run_time_s");
  out.begin_object();
  for (const topology::GpuModelId model : models)
    if (job.accepts(model)) out.field(topology::gpu_model(model).name, job.run_time_s(model));
  out.end_object();
  out.field("gpus", job.gpus);
  out.field("gpu_milli", job.gpu_milli);
  out.field("flops", job.flops);
  out.field("utilisation", job.utilisation);
  out.field("dataset_bytes", job.dataset_bytes);
  out.field("priority", job.priority);
  out.field("memory_bytes", job.memory_bytes);
  out.field("latency_budget_s", job.latency_budget_s);
  out.field("destination_hub", job.destination_hub);
  out.end_object();
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
  const std::string top = where + ": ";
  expect_keys(answer, {"type", "protocol", "name", "view"}, top);
  const json& protocol = field(answer, "protocol", top);
  if (!protocol.is_number_integer() || protocol.get<std::int64_t>() != kProtocolVersion)
    throw ProtocolError(top + "protocol: this aicn speaks protocol " + std::to_string(kProtocolVersion) + ", got " +
                        protocol.dump());
  if (answer.contains("name") && !answer["name"].is_string())
    throw ProtocolError(top + "name: must be a string, got " + answer["name"].dump());
  ViewParts parts;
  if (!answer.contains("view")) return parts;
  const json& view = answer["view"];
  if (!view.is_array()) throw ProtocolError(top + "view: must be a list of view parts, got " + view.dump());
  for (std::size_t i = 0; i < view.size(); ++i) {
    const std::string part = view[i].is_string() ? view[i].get<std::string>() : view[i].dump();
    if (part == "energy") parts.energy = true;
    else if (part == "transfers") parts.transfers = true;
    else if (part == "queues") parts.queues = true;
    else if (part == "running") parts.running = true;
    else
      throw ProtocolError(top + "view[" + std::to_string(i) + "]: unknown view part '" + part +
                          "' (valid: energy, transfers, queues, running)");
  }
  return parts;
}

const std::string& DispatchEncoder::encode(std::uint64_t seq, const ClusterView& view,
                                           std::span<const workloads::Job* const> pending) {
  JsonWriter out(text_);
  out.begin_object();
  out.field("type", "dispatch");
  out.field("seq", seq);
  out.field("now_s", view.now_s);
  out.field("trigger", trigger_name(view.trigger));
  out.key("sites");
  out.begin_array();
  for (const SiteView& site : view.sites) {
    out.begin_object();
    out.field("down", site.down);
    out.key("pools");
    out.begin_array();
    for (const PoolView& pool : site.pools) {
      out.begin_object();
      out.field("total_gpus", pool.total_gpus);
      out.field("free_gpus", pool.free_gpus);
      out.field("largest_free_block", pool.largest_free_block);
      out.field("queued_jobs", pool.queued_jobs);
      out.field("queued_gpus", static_cast<std::int64_t>(pool.queued_gpus));
      out.field("inbound_gpus", static_cast<std::int64_t>(pool.inbound_gpus));
      if (parts_.queues) {
        out.key("queue");
        write_waiting(out, pool.queue);
        out.key("inbound");
        write_waiting(out, pool.inbound);
      }
      if (parts_.running) {
        out.key("running");
        out.begin_array();
        for (const RunningJobView& job : pool.running) {
          out.begin_object();
          out.field("id", job.id);
          out.field("end_s", job.end_s);
          out.field("gpus", job.gpus);
          out.end_object();
        }
        out.end_array();
      }
      out.end_object();
    }
    out.end_array();
    if (parts_.energy) {
      out.field("pue", site.pue);
      out.field("electricity_price_per_kwh", site.electricity_price_per_kwh);
      out.key("price_schedule");
      out.begin_array();
      for (const auto& [t, price] : site.price_schedule) {
        out.begin_array();
        out.value(t);
        out.value(price);
        out.end_array();
      }
      out.end_array();
      out.field("carbon_g_per_kwh", site.carbon_g_per_kwh);
      out.key("carbon_schedule");
      out.begin_array();
      for (const auto& [t, carbon] : site.carbon_schedule) {
        out.begin_array();
        out.value(t);
        out.value(carbon);
        out.end_array();
      }
      out.end_array();
      out.field("green_share", site.green_share);
    }
    out.end_object();
  }
  out.end_array();
  // The matrices change only with outages: resend them then, not at every call.
  if (!network_sent_ || sent_latency_ != view.route_latency_s || sent_bandwidth_ != view.route_bandwidth_bps) {
    out.key("network");
    out.begin_object();
    out.key("latency_s");
    write_numbers(out, view.route_latency_s);
    out.key("bandwidth_bps");
    write_numbers(out, view.route_bandwidth_bps);
    out.end_object();
    sent_latency_ = view.route_latency_s;
    sent_bandwidth_ = view.route_bandwidth_bps;
    network_sent_ = true;
  }
  if (parts_.transfers) {
    out.key("transfers");
    out.begin_array();
    for (const int count : view.route_transfers) out.value(count);
    out.end_array();
  }
  if (models_.empty()) models_ = layout_models(view);
  out.key("pending");
  out.begin_array();
  for (const workloads::Job* job : pending) write_pending(out, view, *job, models_);
  out.end_array();
  out.end_object();
  return out.text();
}

std::vector<Decision> read_decisions(std::string_view line, std::uint64_t seq,
                                     std::span<const workloads::Job* const> pending) {
  const std::string where = "answer to dispatch #" + std::to_string(seq);
  const json answer = parse_line(line, where);
  expect_type(answer, "decisions", where);
  const std::string top = where + ": ";
  expect_keys(answer, {"type", "seq", "decisions"}, top);
  const json& answered_seq = field(answer, "seq", top);
  if (!answered_seq.is_number_unsigned() || answered_seq.get<std::uint64_t>() != seq)
    throw ProtocolError(top + "seq: must be " + std::to_string(seq) + ", got " + answered_seq.dump());
  const json& list = field(answer, "decisions", top);
  if (!list.is_array()) throw ProtocolError(top + "decisions: must be a list, got " + excerpt(list.dump()));

  // (pending job id, decided in this answer), sorted by id: a call has few jobs, mostly one.
  std::vector<std::pair<std::uint64_t, bool>> decided;
  decided.reserve(pending.size());
  for (const workloads::Job* job : pending) decided.emplace_back(job->id, false);
  std::sort(decided.begin(), decided.end());
  std::vector<Decision> decisions;
  decisions.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = top + "decisions[" + std::to_string(i) + "].";
    const json& item = list[i];
    if (!item.is_object())
      throw ProtocolError(top + "decisions[" + std::to_string(i) + "]: must be an object, got " + excerpt(item.dump()));
    expect_keys(item, {"job", "action", "site", "pool", "reason"}, at);
    const auto job = integer<std::uint64_t>(field(item, "job", at), at + "job", 0,
                                            std::numeric_limits<std::uint64_t>::max());
    const auto found = std::lower_bound(decided.begin(), decided.end(), std::make_pair(job, false));
    if (found == decided.end() || found->first != job) throw ProtocolError(at + "job: " + std::to_string(job) + " is not a pending job of this call");
    if (found->second) throw ProtocolError(at + "job: " + std::to_string(job) + " is decided twice");
    found->second = true;
    const json& action = field(item, "action", at);
    const std::string name = action.is_string() ? action.get<std::string>() : action.dump();
    if (name == "place") {
      const int site = integer<int>(field(item, "site", at), at + "site", std::numeric_limits<int>::min(),
                                     std::numeric_limits<int>::max());
      const int pool = integer<int>(field(item, "pool", at), at + "pool", std::numeric_limits<int>::min(),
                                     std::numeric_limits<int>::max());
      decisions.push_back(Decision::place(job, site, pool));
    } else if (name == "hold") {
      decisions.push_back(Decision::hold(job));
    } else if (name == "reject") {
      const json& reason = field(item, "reason", at);
      if (!reason.is_string() || reason.get<std::string>().empty())
        throw ProtocolError(at + "reason: must be a non-empty string, got " + reason.dump());
      decisions.push_back(Decision::reject(job, reason.get<std::string>()));
    } else {
      throw ProtocolError(at + "action: must be \"place\", \"hold\" or \"reject\", got " + action.dump());
    }
  }
  return decisions;
}

std::string bye_message(std::uint64_t seq) { return json{{"type", "bye"}, {"seq", seq}}.dump(); }

}  // namespace aicn::policy::external
