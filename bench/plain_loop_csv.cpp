// CSV mode of aicn_plain_loop: the job stream read from an `aicn workload generate` CSV with a
// bare parser (only the columns the loop needs), before the loop, timed apart from it.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "aicn/topology/checked_number.hpp"
#include "aicn/topology/gpu_catalog.hpp"
#include "plain_loop.hpp"

namespace aicn::plain {
namespace {

/// Splits one CSV line on commas (AICN's generated CSV quotes nothing it writes for these columns).
void split(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return;
    start = comma + 1;
  }
}

}  // namespace

double parse_double(std::string_view text, const std::string& where) {
  if (text.empty()) return 0.0;
  std::string copy(text);  // strtod needs a terminated string
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || errno == ERANGE) fail(where + ": not a number: '" + copy + "'");
  return value;
}

std::vector<Job> read_csv(const char* path, const topology::Layout& layout) {
  FILE* file = std::fopen(path, "rb");
  if (!file) fail(std::string(path) + ": cannot open: " + std::strerror(errno));
  std::vector<Job> jobs;
  std::vector<std::string_view> fields;
  int c_kind = -1, c_origin = -1, c_submit = -1, c_model = -1, c_gpus = -1, c_flops = -1, c_util = -1, c_duration = -1,
      c_milli = -1;
  char* raw = nullptr;
  std::size_t capacity = 0;
  long line_no = 0;
  ssize_t length = 0;
  while ((length = getline(&raw, &capacity, file)) > 0) {
    ++line_no;
    std::string_view line(raw, static_cast<std::size_t>(length));
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    split(line, fields);
    const std::string where = std::string(path) + ":" + std::to_string(line_no);
    if (c_kind < 0) {  // the header
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const int index = checked::narrow<int>(i, "column index");
        if (fields[i] == "kind") c_kind = index;
        if (fields[i] == "origin_hub") c_origin = index;
        if (fields[i] == "submit_s") c_submit = index;
        if (fields[i] == "gpu_model") c_model = index;
        if (fields[i] == "gpus") c_gpus = index;
        if (fields[i] == "flops") c_flops = index;
        if (fields[i] == "utilisation") c_util = index;
        if (fields[i] == "duration_s") c_duration = index;
        if (fields[i] == "gpu_milli") c_milli = index;
      }
      if (c_kind < 0 || c_origin < 0 || c_submit < 0 || c_model < 0 || c_gpus < 0 || c_flops < 0 || c_util < 0)
        fail(where + ": not an AICN CSV header (needs kind, origin_hub, submit_s, gpu_model, gpus, flops, utilisation)");
      continue;
    }
    const auto column = [&](int index) -> std::string_view {
      return index >= 0 && static_cast<std::size_t>(index) < fields.size() ? fields[static_cast<std::size_t>(index)]
                                                                              : std::string_view{};
    };
    // An AICN job with the fields the loop reads, so that compact() is the one conversion.
    workloads::Job job;
    job.submit_s = parse_double(column(c_submit), where + ": submit_s");
    job.origin_hub = layout.hub_index(std::string(column(c_origin)));
    if (job.origin_hub < 0) fail(where + ": origin_hub: unknown hub '" + std::string(column(c_origin)) + "'");
    if (column(c_kind) == "data-transfer") {
      job.kind = workloads::JobKind::DATA_TRANSFER;
    } else {
      job.gpu_model = topology::find_gpu_model(column(c_model));
      if (job.gpu_model < 0) fail(where + ": gpu_model: unknown model '" + std::string(column(c_model)) + "'");
      job.gpus = checked::narrow<int>(parse_double(column(c_gpus), where + ": gpus"), where + ": gpus", 1, 10'000'000);
      job.duration_s = parse_double(column(c_duration), where + ": duration_s");
      const double milli = parse_double(column(c_milli), where + ": gpu_milli");  // empty: the whole GPU
      if (milli > 0.0) job.gpu_milli = checked::narrow<int>(milli, where + ": gpu_milli", 1, workloads::kMilliPerGpu);
      job.flops = parse_double(column(c_flops), where + ": flops");
      job.utilisation = parse_double(column(c_util), where + ": utilisation");
    }
    jobs.push_back(compact(job));
  }
  std::free(raw);
  std::fclose(file);
  if (c_kind < 0) fail(std::string(path) + ": no header line");
  return jobs;
}

}  // namespace aicn::plain
