// `aicn workload generate SPEC --out jobs.csv` and `aicn workload stats FILE|SPEC`: see what a
// workload holds before simulating it. Both stream: a 10-million-job spec is never held in
// memory.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>

#include "aicn/results/atomic_file.hpp"
#include "aicn/sim/scenario.hpp"
#include "aicn/topology/layout_loader.hpp"
#include "aicn/workloads/csv_trace_reader.hpp"
#include "aicn/workloads/job_source.hpp"
#include "aicn/workloads/trace_format.hpp"
#include "aicn/workloads/trace_readers.hpp"
#include "aicn/workloads/workload_stats.hpp"
#include "command.hpp"

namespace aicn::cli {
namespace {

/// A job stream with the layout and settings it was resolved against.
struct OpenedWorkload {
  topology::Layout layout;
  std::unique_ptr<workloads::JobSource> source;
};

constexpr const char* kInputKinds =
    "expected a workload spec or scenario (YAML), or a trace: AICN CSV, openb pod list, SWF, Mooncake JSONL or Azure "
    "LLM CSV (each also .gz; recognised by content or name, or forced with --format)";

/// A workload spec or scenario; a file that is not YAML at all (a compressed or binary trace
/// under another name) is named as such rather than as a YAML syntax error deep inside it.
config::ConfigNode load_spec(const std::string& path) {
  if (path.ends_with(".gz")) throw config::ConfigError(path + ": not a trace AICN recognises; " + kInputKinds);
  try {
    const config::ConfigNode root = config::ConfigNode::load_file(path);
    if (!root.is_map()) throw config::ConfigError(path + ": not a YAML mapping; " + kInputKinds);
    return root;
  } catch (const config::ConfigError& e) {
    const std::string what = e.what();
    if (what.find("invalid YAML") == std::string::npos) throw;
    throw config::ConfigError(what + " (" + kInputKinds + ")");
  }
}

class WorkloadCommand final : public Command {
 public:
  int order() const override { return 20; }

  CLI::App* add_to(CLI::App& app) override {
    CLI::App* workload = app.add_subcommand("workload", "generate or inspect a workload without simulating it");
    workload->require_subcommand(1);
    generate_ = workload->add_subcommand(
        "generate", "write the jobs of a workload spec (or scenario) to AICN's CSV format");
    generate_->add_option("spec", input_, "a workload spec YAML (source: ...), a scenario YAML, or a job CSV")
        ->required()
        ->check(CLI::ExistingFile);
    generate_->add_option("--out", out_, "CSV file to write (written to a temporary name, then renamed)")->required();
    stats_ = workload->add_subcommand(
        "stats", "counts per class, GPU-hours, size percentiles, arrivals by hour of day, origin split");
    stats_->add_option("input", input_,
                       "a trace (AICN CSV, openb, SWF, Mooncake, Azure LLM; also .gz), a workload spec YAML, or a scenario YAML")
        ->required()
        ->check(CLI::ExistingFile);
    site_ = workload->add_subcommand(
        "openb-site", "write a one-site layout from an Alibaba openb node list (openb_node_list_*.csv)");
    site_->add_option("nodes", input_, "openb node list CSV")->required()->check(CLI::ExistingFile);
    site_->add_option("--out", out_, "layout YAML to write")->required();
    site_->add_option("--gpu-model", site_model_, "catalogue model for unmapped openb models (default A100-80GB)");
    site_->add_option("--map", site_map_, "OPENB=MODEL, e.g. T4=L20 (repeatable)");
    site_->add_flag("--pooled", pooled_,
                    "pool each model's GPUs into 8-GPU servers (the old capacity model) instead of keeping every node's shape");
    for (CLI::App* sub : {generate_, stats_}) {
      sub->add_option("--layout", layout_, "layout for a bare workload spec or a CSV (default china-national)");
      sub->add_option("--gpu-model", trace_model_,
                      "a bare SWF or openb trace: the catalogue GPU model of its jobs (needed when the layout has several)");
      sub->add_option("--seed", seed_, "random seed, 0 or more (default: the scenario's, else 1)");
      sub->add_option("--horizon", horizon_, "no job at or after this time (default: the scenario's, else 30d)");
      sub->add_option("--max-jobs", max_jobs_, "stop after this many jobs");
      sub->add_option("--format", format_,
                      "what the input is, when neither its content nor its name tells: aicn-csv, openb, swf, mooncake, "
                      "azure-llm or yaml (a spec or scenario)")
          ->check(CLI::IsMember(workloads::trace_format_names()))
          ->type_name("FORMAT");
      sub->add_flag("--skip-bad", skip_bad_, "trace readers: skip malformed lines and count them instead of stopping");
    }
    return workload;
  }

  int run(const Invocation&) override {
    if (site_->parsed()) return write_openb_site();
    OpenedWorkload workload = open();
    if (generate_->parsed()) return generate(workload);
    workloads::WorkloadStats stats;
    while (auto job = workload.source->next()) stats.add(*job);
    std::cout << stats.report(workload.layout);
    if (const auto* counts = workload.source->reader_counts())
      std::printf("\ntrace lines read %llu, malformed and skipped %llu, not replayed (CPU-only, or shifted before time 0) %llu\n",
                  static_cast<unsigned long long>(counts->lines_read), static_cast<unsigned long long>(counts->bad_lines),
                  static_cast<unsigned long long>(counts->filtered));
    return kExitOk;
  }

 private:
  OpenedWorkload open() const {
    OpenedWorkload opened;
    std::uint64_t seed = 1;
    double horizon_s = 30 * 86400.0;
    std::uint64_t max_jobs = 0;
    const std::filesystem::path path(input_);
    const std::string base_dir = path.parent_path().string();
    config::ConfigNode spec(YAML::Node(), input_, "workload");
    const std::string trace_source =
        format_.empty() ? workloads::detect_trace_source(input_) : (format_ == "yaml" ? std::string() : format_);
    if (!trace_source.empty()) {
      YAML::Node node;
      node["source"] = trace_source;
      node["path"] = std::filesystem::absolute(path).string();
      if (!trace_model_.empty()) node["gpu_model"] = trace_model_;
      spec = config::ConfigNode(node, input_, "workload");
      opened.layout = topology::load_layout(layout_.empty() ? "china-national" : layout_);
    } else {
      const config::ConfigNode root = load_spec(input_);
      if (root.has("workload")) {  // a whole scenario: the options replace its keys
        const sim::Scenario scenario = sim::load_scenario_file(input_, overrides());
        opened.layout = scenario.layout;
        spec = scenario.workload;
        seed = scenario.seed;
        horizon_s = scenario.horizon_s;
        max_jobs = scenario.max_jobs;
      } else {
        spec = root;
        opened.layout = topology::load_layout(layout_.empty() ? "china-national" : layout_);
      }
    }
    // A bare spec or trace has no scenario: the options are read by the scenario keys' parsers.
    if (seed_) seed = sim::parse_seed(sim::option_value("--seed", *seed_));
    if (horizon_) horizon_s = sim::parse_horizon_s(sim::option_value("--horizon", *horizon_));
    if (max_jobs_) max_jobs = sim::parse_max_jobs(sim::option_value("--max-jobs", *max_jobs_));
    if (skip_bad_) {
      const auto& entry = workloads::SourceRegistry::instance().at(spec.required("source"));
      if (!entry.info.reads_trace)
        throw std::invalid_argument("--skip-bad applies to trace readers, not to the generator '" + entry.name + "'");
      YAML::Node copy = YAML::Clone(spec.yaml());
      copy["skip_bad"] = true;
      spec = config::ConfigNode(copy, spec.file(), spec.path());
    }
    const workloads::SourceContext context{&opened.layout, seed, horizon_s, max_jobs, base_dir};
    opened.source = workloads::SourceRegistry::instance().create(spec, context);
    return opened;
  }

  sim::ScenarioOverrides overrides() const {
    sim::ScenarioOverrides result;
    if (seed_) result.push_back({"seed", sim::option_value("--seed", *seed_)});
    if (horizon_) result.push_back({"horizon", sim::option_value("--horizon", *horizon_)});
    if (max_jobs_) result.push_back({"max_jobs", sim::option_value("--max-jobs", *max_jobs_)});
    return result;
  }

  int generate(OpenedWorkload& workload) const {
    const std::string temp = out_ + ".partial";
    std::uint64_t count = 0;
    {
      errno = 0;
      std::ofstream out(temp, std::ios::trunc);
      if (!out) throw std::runtime_error("cannot write " + temp + ": " + (errno ? std::strerror(errno) : "cannot open"));
      out << "# generated by aicn workload generate " << input_ << "\n" << workloads::csv_full_header() << "\n";
      while (auto job = workload.source->next()) {
        out << workloads::csv_row(*job, workload.layout) << "\n";
        ++count;
      }
      if (!out) throw std::runtime_error("error while writing " + temp);
    }
    std::filesystem::rename(temp, out_);
    std::printf("%llu jobs written to %s\n", static_cast<unsigned long long>(count), out_.c_str());
    return kExitOk;
  }

  static topology::GpuModelId model_named(const std::string& name, const std::string& option) {
    const auto model = topology::find_gpu_model(name);
    if (model < 0)
      throw std::invalid_argument(option + ": unknown GPU model '" + name + "' (known models: " + topology::gpu_model_names() + ")");
    return model;
  }

  int write_openb_site() const {
    std::vector<std::pair<std::string, topology::GpuModelId>> map;
    for (const auto& entry : site_map_) {
      const auto equals = entry.find('=');
      if (equals == std::string::npos) throw std::invalid_argument("--map: expected OPENB=MODEL, got '" + entry + "'");
      map.emplace_back(entry.substr(0, equals), model_named(entry.substr(equals + 1), "--map"));
    }
    int nodes = 0, gpus = 0;
    const topology::Site site = pooled_ ? workloads::read_openb_site(input_, map, model_named(site_model_, "--gpu-model"), nodes, gpus)
                                        : workloads::read_openb_site_nodes(input_, map, model_named(site_model_, "--gpu-model"), nodes, gpus);
    YAML::Emitter yaml;
    yaml << YAML::BeginMap << YAML::Key << "name" << YAML::Value << "openb";
    yaml << YAML::Key << "description" << YAML::Value
         << "One site from the Alibaba openb node list " + std::filesystem::path(input_).filename().string() + ": " +
                std::to_string(nodes) + " nodes, " + std::to_string(gpus) + " GPUs" +
                (pooled_ ? ", pooled into 8-GPU servers" : ", every node shape kept (GPUs, CPU, memory)");
    yaml << YAML::Key << "hubs" << YAML::Value << YAML::BeginSeq << YAML::Flow << YAML::BeginMap << YAML::Key << "name"
         << YAML::Value << "ALI" << YAML::Key << "side" << YAML::Value << "east" << YAML::EndMap << YAML::EndSeq;
    yaml << YAML::Key << "sites" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
    yaml << YAML::Key << "name" << YAML::Value << "openb" << YAML::Key << "hub" << YAML::Value << "ALI";
    yaml << YAML::Key << "lat" << YAML::Value << 30.3 << YAML::Key << "lon" << YAML::Value << 120.2;  // Hangzhou
    yaml << YAML::Key << "pools" << YAML::Value << YAML::BeginSeq;
    for (const auto& pool : site.pools) {
      if (pool.nodes.empty()) {
        yaml << YAML::Flow << YAML::BeginMap << YAML::Key << "gpu" << YAML::Value << topology::gpu_model(pool.gpu_model).name
             << YAML::Key << "gpus" << YAML::Value << pool.gpus << YAML::Key << "gpus_per_server" << YAML::Value
             << pool.gpus_per_server << YAML::EndMap;
        continue;
      }
      yaml << YAML::BeginMap << YAML::Key << "gpu" << YAML::Value << topology::gpu_model(pool.gpu_model).name << YAML::Key
           << "gpus" << YAML::Value << pool.gpus << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
      for (const auto& group : pool.nodes)
        yaml << YAML::Flow << YAML::BeginMap << YAML::Key << "count" << YAML::Value << group.count << YAML::Key << "gpus"
             << YAML::Value << group.gpus << YAML::Key << "cpus" << YAML::Value << static_cast<double>(group.cpu_milli) / 1000.0
             << YAML::Key << "memory" << YAML::Value << std::to_string(group.memory_mib) + "MiB" << YAML::EndMap;
      yaml << YAML::EndSeq << YAML::EndMap;
    }
    yaml << YAML::EndSeq << YAML::EndMap << YAML::EndSeq;
    yaml << YAML::Key << "links" << YAML::Value << YAML::Flow << YAML::BeginSeq << YAML::EndSeq << YAML::EndMap;
    results::write_file_atomically(out_, std::string(yaml.c_str()) + "\n");
    std::printf("%d nodes, %d GPUs -> %s\n", nodes, gpus, out_.c_str());
    return kExitOk;
  }

  CLI::App* site_ = nullptr;
  std::string site_model_ = "A100-80GB";
  std::vector<std::string> site_map_;
  bool pooled_ = false;
  CLI::App* generate_ = nullptr;
  CLI::App* stats_ = nullptr;
  std::string input_;
  std::string out_;
  std::string layout_;
  std::string trace_model_;
  std::string format_;
  std::optional<std::string> seed_;
  std::optional<std::string> horizon_;
  std::optional<std::string> max_jobs_;
  bool skip_bad_ = false;
};

}  // namespace
}  // namespace aicn::cli

AICN_REGISTER_COMMAND(aicn::cli::WorkloadCommand, "workload")
