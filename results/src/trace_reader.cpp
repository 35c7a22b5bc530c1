#include "aicn/results/trace_reader.hpp"

#include <map>
#include <stdexcept>

#include "trace_types.hpp"

namespace aicn::results {
namespace {

template <typename Row>
std::vector<Row> read_table(const std::string& path, const std::string& dataset_name, const H5::DataType& type) {
  H5::Exception::dontPrint();
  H5::H5File file(path, H5F_ACC_RDONLY);
  H5::DataSet dataset = file.openDataSet(dataset_name);
  hsize_t size[1] = {0};
  dataset.getSpace().getSimpleExtentDims(size);
  std::vector<Row> rows(size[0]);
  if (!rows.empty()) dataset.read(rows.data(), type);
  return rows;
}

const std::string& name_of(const std::vector<std::string>& catalog, std::int32_t index, const std::string& path,
                           std::size_t row, const char* column, const char* catalog_name) {
  static const std::string none;
  if (index == kNoIndex) return none;
  if (index < 0 || static_cast<std::size_t>(index) >= catalog.size())
    throw std::invalid_argument(path + ": /jobs row " + std::to_string(row) + ": " + column + " " +
                                std::to_string(index) + " is not an index of /catalog/" + catalog_name + " (" +
                                std::to_string(catalog.size()) + " names)");
  return catalog[static_cast<std::size_t>(index)];
}

/// Site or link key of a sample row, for filling.
int key(const SiteSampleRow& row) { return row.site; }
int key(const LinkSampleRow& row) { return 2 * row.link + row.direction; }

/// Each stored row's values held at every sample time until the next row of its key.
template <typename Row>
std::vector<Row> filled(const std::vector<Row>& rows, const std::vector<double>& times) {
  std::map<int, Row> current;  // by key, so rows at one time come out in site (link) order
  std::vector<Row> out;
  std::size_t next = 0;
  for (const double t : times) {
    for (; next < rows.size() && rows[next].time_s <= t; ++next) current[key(rows[next])] = rows[next];
    for (const auto& [k, row] : current) {
      out.push_back(row);
      out.back().time_s = t;
    }
  }
  return out;
}

}  // namespace

std::vector<JobRow> read_raw_job_rows(const std::string& path) {
  return read_table<JobRow>(path, "/jobs", h5types::job_type());
}

std::vector<NamedJobRow> read_job_rows(const std::string& path) {
  const auto kinds = read_catalog(path, "kinds");
  const auto hubs = read_catalog(path, "hubs");
  const auto sites = read_catalog(path, "sites");
  const auto models = read_catalog(path, "gpu_models");
  const auto raw = read_raw_job_rows(path);
  std::vector<NamedJobRow> rows;
  rows.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const JobRow& r = raw[i];
    rows.push_back({r.id, name_of(kinds, r.kind, path, i, "kind", "kinds"), name_of(hubs, r.origin, path, i, "origin", "hubs"),
                    name_of(sites, r.site, path, i, "site", "sites"),
                    name_of(models, r.gpu_model, path, i, "gpu_model", "gpu_models"), r.gpus, r.submit_s,
                    r.transfer_start_s, r.transfer_end_s, r.start_s, r.end_s, r.bytes_moved, r.status});
  }
  return rows;
}

std::vector<std::string> read_catalog(const std::string& path, const std::string& name) {
  std::vector<char*> texts = read_table<char*>(path, "/catalog/" + name, h5types::text());
  std::vector<std::string> names(texts.begin(), texts.end());
  if (!texts.empty()) {  // HDF5 allocated each string
    const hsize_t size[1] = {texts.size()};
    H5::DataSpace space(1, size);
    H5Dvlen_reclaim(h5types::text().getId(), space.getId(), H5P_DEFAULT, texts.data());
  }
  return names;
}

std::vector<double> read_sample_times(const std::string& path) {
  return read_table<double>(path, "/sample_times", H5::PredType::NATIVE_DOUBLE);
}

std::vector<SiteSampleRow> read_site_samples(const std::string& path) {
  return read_table<SiteSampleRow>(path, "/sites/samples", h5types::site_sample_type());
}

std::vector<LinkSampleRow> read_link_samples(const std::string& path) {
  return read_table<LinkSampleRow>(path, "/links/samples", h5types::link_sample_type());
}

std::vector<SiteSampleRow> read_filled_site_samples(const std::string& path) {
  return filled(read_site_samples(path), read_sample_times(path));
}

std::vector<LinkSampleRow> read_filled_link_samples(const std::string& path) {
  return filled(read_link_samples(path), read_sample_times(path));
}

std::vector<EnergySampleRow> read_energy_samples(const std::string& path) {
  return read_table<EnergySampleRow>(path, "/energy/samples", h5types::energy_sample_type());
}

std::vector<NamedEventRow> read_event_rows(const std::string& path) {
  const H5::CompType type = h5types::event_type();
  std::vector<EventRow> raw = read_table<EventRow>(path, "/events", type);
  std::vector<NamedEventRow> rows;
  const auto text = [](const char* value) { return value != nullptr ? std::string(value) : std::string(); };
  for (const EventRow& r : raw) rows.push_back({r.time_s, text(r.kind), text(r.subject), r.job, text(r.detail)});
  if (!raw.empty()) {  // HDF5 allocated each text
    const hsize_t size[1] = {raw.size()};
    H5::DataSpace space(1, size);
    H5Dvlen_reclaim(type.getId(), space.getId(), H5P_DEFAULT, raw.data());
  }
  return rows;
}

std::string read_meta_string(const std::string& path, const std::string& name) {
  H5::Exception::dontPrint();
  H5::H5File file(path, H5F_ACC_RDONLY);
  H5::Group meta = file.openGroup("/meta");
  std::string value;
  if (meta.attrExists(name)) {
    H5::Attribute attribute = meta.openAttribute(name);
    attribute.read(attribute.getStrType(), value);
  } else if (meta.nameExists(name)) {  // a long value: TraceWriter::set_meta stores it as a dataset
    H5::DataSet dataset = meta.openDataSet(name);
    dataset.read(value, dataset.getStrType());
  }
  return value;
}

}  // namespace aicn::results
