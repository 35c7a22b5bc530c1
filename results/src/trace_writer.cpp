#include "aicn/results/trace_writer.hpp"

#include <H5Cpp.h>

#include "trace_types.hpp"

#include <cstdio>
#include <filesystem>

namespace aicn::results {
namespace {

using namespace h5types;

/// Strings longer than this are stored as a dataset, not an attribute (see set_meta).
constexpr std::size_t kMaxMetaAttributeBytes = 32768;

/// The file type of a table: the row type without the C++ struct's padding. The padding
/// bytes of a row are indeterminate, and written as they are they made two identical runs
/// give traces that differ in bytes; HDF5 converts member by member instead.
H5::CompType packed(const H5::CompType& memory_type) {
  H5::CompType file_type(H5Tcopy(memory_type.getId()));  // a copy: the C++ copy constructor shares the type
  file_type.pack();
  return file_type;
}

/// Dataset properties without HDF5's modification-time stamp, so that running the same
/// command twice gives a byte-identical trace.
H5::DSetCreatPropList untimed_dataset() {
  H5::DSetCreatPropList properties;
  H5Pset_obj_track_times(properties.getId(), false);
  return properties;
}

/// An extendible one-dimensional dataset of compound rows, appended a chunk at a time.
template <typename Row>
class AppendableTable {
 public:
  AppendableTable(H5::Group& parent, const std::string& name, H5::CompType type, std::size_t chunk_rows)
      : type_(std::move(type)), chunk_rows_(chunk_rows) {
    const hsize_t initial[1] = {0};
    const hsize_t maximum[1] = {H5S_UNLIMITED};
    H5::DataSpace space(1, initial, maximum);
    H5::DSetCreatPropList properties = untimed_dataset();
    const hsize_t chunk[1] = {chunk_rows};
    properties.setChunk(1, chunk);
    dataset_ = parent.createDataSet(name, packed(type_), space, properties);
    buffer_.reserve(chunk_rows);
  }

  void append(const Row& row) {
    buffer_.push_back(row);
    if (buffer_.size() >= chunk_rows_) flush();
  }

  void flush() {
    if (buffer_.empty()) return;
    const hsize_t new_size[1] = {written_ + buffer_.size()};
    dataset_.extend(new_size);
    H5::DataSpace file_space = dataset_.getSpace();
    const hsize_t offset[1] = {written_};
    const hsize_t count[1] = {buffer_.size()};
    file_space.selectHyperslab(H5S_SELECT_SET, count, offset);
    H5::DataSpace memory_space(1, count);
    dataset_.write(buffer_.data(), type_, memory_space, file_space);
    written_ += buffer_.size();
    buffer_.clear();
  }

  H5::DataSet& dataset() { return dataset_; }

 private:
  H5::CompType type_;
  std::size_t chunk_rows_;
  H5::DataSet dataset_;
  std::vector<Row> buffer_;
  hsize_t written_ = 0;
};

template <typename Row>
void write_whole_table(H5::Group& parent, const std::string& name, const H5::CompType& type, const std::vector<Row>& rows) {
  const hsize_t size[1] = {rows.size()};
  H5::DataSpace space(1, size);
  H5::DataSet dataset = parent.createDataSet(name, packed(type), space, untimed_dataset());
  if (!rows.empty()) dataset.write(rows.data(), type);
}

}  // namespace

struct TraceWriter::Impl {
  Impl(const std::string& path, std::size_t chunk_rows)
      : file(path, H5F_ACC_TRUNC),
        meta(file.createGroup("/meta")),
        sites(file.createGroup("/sites")),
        links(file.createGroup("/links")),
        energy(file.createGroup("/energy")),
        root(file.openGroup("/")),
        jobs(root, "jobs", job_type(), chunk_rows),
        site_samples(sites, "samples", site_sample_type(), chunk_rows),
        link_samples(links, "samples", link_sample_type(), chunk_rows),
        energy_samples(energy, "samples", energy_sample_type(), chunk_rows),
        events(root, "events", event_type(), chunk_rows) {}

  H5::H5File file;
  H5::Group meta;
  H5::Group sites;
  H5::Group links;
  H5::Group energy;
  H5::Group root;
  AppendableTable<JobRow> jobs;
  AppendableTable<SiteSampleRow> site_samples;
  AppendableTable<LinkSampleRow> link_samples;
  AppendableTable<EnergySampleRow> energy_samples;
  AppendableTable<EventRow> events;
};

TraceWriter::TraceWriter(std::string final_path, std::size_t chunk_rows)
    : final_path_(std::move(final_path)), temp_path_(final_path_ + ".partial") {
  H5::Exception::dontPrint();
  impl_ = std::make_unique<Impl>(temp_path_, chunk_rows);
}

TraceWriter::~TraceWriter() {
  if (impl_) abandon();
}

void TraceWriter::write_site_catalog(const std::vector<SiteCatalogRow>& rows) {
  write_whole_table(impl_->sites, "catalog", site_catalog_type(), rows);
}

void TraceWriter::write_link_catalog(const std::vector<LinkCatalogRow>& rows) {
  write_whole_table(impl_->links, "catalog", link_catalog_type(), rows);
}

void TraceWriter::append(const JobRow& row) { impl_->jobs.append(row); }
void TraceWriter::append(const SiteSampleRow& row) { impl_->site_samples.append(row); }
void TraceWriter::append(const LinkSampleRow& row) { impl_->link_samples.append(row); }
void TraceWriter::append(const EnergySampleRow& row) { impl_->energy_samples.append(row); }
void TraceWriter::append(const EventRow& row) { impl_->events.append(row); }

void TraceWriter::set_meta(const std::string& name, const std::string& value) {
  H5::StrType type(H5::PredType::C_S1, value.empty() ? 1 : value.size());
  // An attribute lives in its object header, which HDF5 (without the 1.8 file format, whose
  // headers carry timestamps) caps at 64 KiB: the resolved scenario of a layout of a few hundred
  // sites is larger. Such a value goes into a scalar dataset of the same name instead, which
  // read_meta_string reads too.
  if (value.size() > kMaxMetaAttributeBytes) {
    H5::DataSet dataset = impl_->meta.createDataSet(name, type, H5::DataSpace(H5S_SCALAR), untimed_dataset());
    dataset.write(value, type);
    return;
  }
  H5::Attribute attribute = impl_->meta.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  attribute.write(type, value.empty() ? std::string(" ") : value);
}

void TraceWriter::set_meta(const std::string& name, std::int64_t value) {
  H5::Attribute attribute = impl_->meta.createAttribute(name, H5::PredType::NATIVE_INT64, H5::DataSpace(H5S_SCALAR));
  attribute.write(H5::PredType::NATIVE_INT64, &value);
}

void TraceWriter::close() {
  impl_->jobs.flush();
  impl_->site_samples.flush();
  impl_->link_samples.flush();
  impl_->energy_samples.flush();
  impl_->events.flush();
  impl_.reset();  // closes every HDF5 handle
  std::filesystem::rename(temp_path_, final_path_);
}

void TraceWriter::abandon() {
  impl_.reset();
  std::error_code ignored;
  std::filesystem::remove(temp_path_, ignored);
}

}  // namespace aicn::results
