#include "aicn/results/trace_reader.hpp"

#include "trace_types.hpp"

namespace aicn::results {
namespace {

template <typename Row>
std::vector<Row> read_table(const std::string& path, const std::string& dataset_name, const H5::CompType& type) {
  H5::Exception::dontPrint();
  H5::H5File file(path, H5F_ACC_RDONLY);
  H5::DataSet dataset = file.openDataSet(dataset_name);
  hsize_t size[1] = {0};
  dataset.getSpace().getSimpleExtentDims(size);
  std::vector<Row> rows(size[0]);
  if (!rows.empty()) dataset.read(rows.data(), type);
  return rows;
}

}  // namespace

std::vector<JobRow> read_job_rows(const std::string& path) { return read_table<JobRow>(path, "/jobs", h5types::job_type()); }

std::vector<SiteSampleRow> read_site_samples(const std::string& path) {
  return read_table<SiteSampleRow>(path, "/sites/samples", h5types::site_sample_type());
}

std::vector<LinkSampleRow> read_link_samples(const std::string& path) {
  return read_table<LinkSampleRow>(path, "/links/samples", h5types::link_sample_type());
}

std::vector<EnergySampleRow> read_energy_samples(const std::string& path) {
  return read_table<EnergySampleRow>(path, "/energy/samples", h5types::energy_sample_type());
}

std::vector<EventRow> read_event_rows(const std::string& path) {
  return read_table<EventRow>(path, "/events", h5types::event_type());
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
