#include "aicn/results/trace_writer.hpp"

#include <H5Cpp.h>

#include "chunk_compressor.hpp"
#include "packed_rows.hpp"
#include "trace_types.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <optional>
#include <filesystem>
#include <iostream>

#include "aicn/results/output_error.hpp"

namespace aicn::results {
namespace {

using namespace h5types;

/// The file type of a table: the row type without the C++ struct's padding. The padding
/// bytes of a row are indeterminate, and written as they are they made two identical runs
/// give traces that differ in bytes; HDF5 converts member by member instead.
H5::CompType packed(const H5::CompType& memory_type) {
  H5::CompType file_type(H5Tcopy(memory_type.getId()));  // a copy: the C++ copy constructor shares the type
  file_type.pack();
  return file_type;
}

/// /jobs's own chunk size (see TraceLayout::job_chunk_rows), the rest as every table.
TraceLayout job_layout(TraceLayout layout) {
  layout.chunk_rows = layout.job_chunk_rows;
  return layout;
}

/// Dataset properties without HDF5's modification-time stamp, so that running the same
/// command twice gives a byte-identical trace.
H5::DSetCreatPropList untimed_dataset() {
  H5::DSetCreatPropList properties;
  H5Pset_obj_track_times(properties.getId(), false);
  return properties;
}

/// Whether a row type holds a variable-length string, directly or as a compound member.
bool has_variable_length_text(const H5::DataType& type) {
  const hid_t id = type.getId();
  if (H5Tget_class(id) == H5T_STRING) return H5Tis_variable_str(id) > 0;
  if (H5Tget_class(id) != H5T_COMPOUND) return false;
  const int members = H5Tget_nmembers(id);
  for (int m = 0; m < members; ++m) {
    const hid_t member = H5Tget_member_type(id, static_cast<unsigned>(m));
    const bool variable = H5Tget_class(member) == H5T_STRING && H5Tis_variable_str(member) > 0;
    H5Tclose(member);
    if (variable) return true;
  }
  return false;
}

/// The errno of the last failed system call under HDF5, taken from its error stack when the
/// failure happens: HDF5's file driver records "errno = N" there, and the next HDF5 call
/// (a destructor during unwinding) clears the stack before any catch block can read it.
int g_hdf5_errno = 0;

herr_t record_errno(hid_t stack, void*) {
  H5Ewalk2(
      stack, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* error, void*) -> herr_t {
        const char* at = error->desc ? std::strstr(error->desc, "errno = ") : nullptr;
        if (at != nullptr && g_hdf5_errno == 0) g_hdf5_errno = std::atoi(at + 8);
        return 0;
      },
      nullptr);
  return 0;  // and print nothing: the failure comes back as one OutputError
}

/// Runs an HDF5 write; its failure (an H5::Exception, which is no std::exception and so
/// once ended the program in std::terminate) becomes an OutputError naming the trace.
template <typename Write>
void guarded(const std::string& path, Write&& write) {
  g_hdf5_errno = 0;
  try {
    write();
  } catch (const H5::Exception&) {
    throw OutputError(path, g_hdf5_errno > 0 ? g_hdf5_errno : EIO);
  }
}

/// A property list owned here (HDF5 ids are plain integers).
struct PropertyList {
  explicit PropertyList(hid_t class_id) : id(H5Pcreate(class_id)) {}
  ~PropertyList() { H5Pclose(id); }
  PropertyList(const PropertyList&) = delete;
  PropertyList& operator=(const PropertyList&) = delete;
  hid_t id;
};

/// The file in the 1.8 format: it stores attributes densely, without the 64 KiB limit of the
/// original format, so `/meta` holds the summary and the resolved scenario whatever their
/// size. No object of it records a time, so identical runs give identical bytes.
H5::H5File create_file(const std::string& path) {
  PropertyList creation(H5P_FILE_CREATE), access(H5P_FILE_ACCESS);
  H5Pset_obj_track_times(creation.id, false);
  H5Pset_libver_bounds(access.id, H5F_LIBVER_V18, H5F_LIBVER_V18);
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, creation.id, access.id);
  if (id < 0) throw H5::FileIException("H5Fcreate", "cannot create " + path);
  H5::H5File file(id);  // takes a reference of its own
  H5Fclose(id);
  return file;
}

H5::Group create_group(const H5::H5File& file, const char* name) {
  PropertyList creation(H5P_GROUP_CREATE);
  H5Pset_obj_track_times(creation.id, false);
  H5Pset_attr_phase_change(creation.id, 0, 0);  // dense attribute storage from the first one
  const hid_t id = H5Gcreate2(file.getId(), name, H5P_DEFAULT, creation.id, H5P_DEFAULT);
  if (id < 0) throw H5::GroupIException("H5Gcreate2", std::string("cannot create ") + name);
  H5::Group group(id);
  H5Gclose(id);
  return group;
}

/// An extendible one-dimensional dataset, appended a chunk at a time. Each chunk is
/// shuffled (byte k of every row together, so a column's constant high bytes form runs)
/// and deflated: docs/trace.md has the measurements behind the level and the chunk size.
template <typename Row>
class AppendableTable {
 public:
  AppendableTable(H5::Group& parent, const std::string& name, H5::DataType memory_type, const H5::DataType& file_type,
                  const TraceLayout& layout)
      : type_(std::move(memory_type)), chunk_rows_(layout.chunk_rows) {
    const bool variable_text = has_variable_length_text(file_type);
    const hsize_t initial[1] = {0};
    const hsize_t maximum[1] = {H5S_UNLIMITED};
    H5::DataSpace space(1, initial, maximum);
    H5::DSetCreatPropList properties = untimed_dataset();
    // Every row is written before it can be read, so HDF5 need not clear each new chunk with
    // the fill value first (that memset was ~2 % of a national-year run). HDF5 refuses this
    // for variable-length texts (/events), which must start empty.
    if (!variable_text) H5Pset_fill_time(properties.getId(), H5D_FILL_TIME_NEVER);
    const hsize_t chunk[1] = {chunk_rows_};
    properties.setChunk(1, chunk);
    if (layout.deflate_level > 0) {
      properties.setShuffle();
      properties.setDeflate(layout.deflate_level);
    }
    dataset_ = parent.createDataSet(name, file_type, space, properties);
    // Texts of any length need HDF5's own conversion; other compound rows are packed here,
    // and, when deflated, compressed here too (chunk_compressor.hpp says why).
    if (H5Tget_class(file_type.getId()) == H5T_COMPOUND && !variable_text) {
      const H5::CompType file_rows(H5Tcopy(file_type.getId()));
      packed_.emplace(H5::CompType(H5Tcopy(type_.getId())), file_rows);
      type_ = file_rows;
      if (layout.deflate_level > 0) compressor_.emplace(file_rows.getSize(), chunk_rows_, layout.deflate_level);
      packed_->reserve(compressor_ ? std::min(chunk_rows_, kStagedRows) : chunk_rows_);
    } else {
      buffer_.reserve(chunk_rows_);
    }
  }
  AppendableTable(H5::Group& parent, const std::string& name, const H5::CompType& type, const TraceLayout& layout)
      : AppendableTable(parent, name, type, packed(type), layout) {}

  /// True when the row filled a chunk and the buffered rows were written.
  bool append(const Row& row) {
    if (packed_)
      packed_->append(&row);
    else
      buffer_.push_back(row);
    if (compressor_ && packed_->rows() == kStagedRows) shuffle_packed_in();
    if (buffered() < chunk_rows_) return false;
    flush();
    return true;
  }

  /// Writes the buffered rows: a whole chunk at a time, but the last one.
  void flush() {
    const std::size_t rows = buffered();
    if (rows == 0) return;
    const hsize_t new_size[1] = {written_ + rows};
    dataset_.extend(new_size);
    if (compressor_) {
      // Chunks start at multiples of chunk_rows_: a flush before a chunk is full happens
      // only at close, for the last one.
      shuffle_packed_in();
      const std::span<const unsigned char> chunk = compressor_->compress_shuffled(rows);
      const hsize_t offset[1] = {written_};
      if (H5Dwrite_chunk(dataset_.getId(), H5P_DEFAULT, 0, offset, chunk.size(), chunk.data()) < 0)
        throw H5::DataSetIException("H5Dwrite_chunk", "cannot write a chunk");
      written_ += rows;
      shuffled_rows_ = 0;
      return;
    }
    H5::DataSpace file_space = dataset_.getSpace();
    const hsize_t offset[1] = {written_};
    const hsize_t count[1] = {rows};
    file_space.selectHyperslab(H5S_SELECT_SET, count, offset);
    H5::DataSpace memory_space(1, count);
    dataset_.write(packed_ ? packed_->data() : static_cast<const void*>(buffer_.data()), type_, memory_space, file_space);
    written_ += rows;
    if (packed_)
      packed_->clear();
    else
      buffer_.clear();
  }

 private:
  /// Packed rows are shuffled into the compressor's chunk this many at a time (6 KiB of
  /// /jobs rows), while they are still in the L1 cache (ChunkCompressor::shuffle_in).
  static constexpr std::size_t kStagedRows = 64;

  std::size_t buffered() const { return shuffled_rows_ + (packed_ ? packed_->rows() : buffer_.size()); }

  void shuffle_packed_in() {
    compressor_->shuffle_in(static_cast<const unsigned char*>(packed_->data()), packed_->rows(), shuffled_rows_);
    shuffled_rows_ += packed_->rows();
    packed_->clear();
  }

  H5::DataType type_;  ///< the rows' type in memory: the file's own when packed_
  std::size_t chunk_rows_;
  H5::DataSet dataset_;
  std::optional<PackedRows> packed_;  ///< compound rows without texts, in the file's layout
  std::optional<ChunkCompressor> compressor_;  ///< packed_ rows' shuffle + deflate, when deflated
  std::vector<Row> buffer_;           ///< the other rows, as they came
  std::size_t shuffled_rows_ = 0;     ///< rows of the chunk being filled already in compressor_
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
  Impl(const std::string& path, const TraceLayout& layout)
      : file(create_file(path)),
        meta(create_group(file, "/meta")),
        catalog(create_group(file, "/catalog")),
        sites(create_group(file, "/sites")),
        links(create_group(file, "/links")),
        energy(create_group(file, "/energy")),
        placement(create_group(file, "/placement")),
        root(file.openGroup("/")),
        jobs(root, "jobs", job_type(), job_layout(layout)),
        sample_times(root, "sample_times", H5::PredType::NATIVE_DOUBLE, H5::PredType::IEEE_F64LE, layout),
        site_samples(sites, "samples", site_sample_type(), layout),
        link_samples(links, "samples", link_sample_type(), layout),
        energy_samples(energy, "samples", energy_sample_type(), layout),
        placement_samples(placement, "samples", placement_sample_type(), layout),
        events(root, "events", event_type(), layout) {}

  H5::H5File file;
  H5::Group meta;
  H5::Group catalog;
  H5::Group sites;
  H5::Group links;
  H5::Group energy;
  H5::Group placement;
  H5::Group root;
  AppendableTable<JobRow> jobs;
  AppendableTable<double> sample_times;
  AppendableTable<SiteSampleRow> site_samples;
  AppendableTable<LinkSampleRow> link_samples;
  AppendableTable<EnergySampleRow> energy_samples;
  AppendableTable<PlacementSampleRow> placement_samples;
  AppendableTable<EventRow> events;
  /// The texts of the buffered /events rows, which point into it until their chunk is
  /// written (a deque never moves its strings).
  std::deque<std::string> event_texts;
};

TraceWriter::TraceWriter(std::string final_path, TraceLayout layout, std::string shown_path)
    : final_path_(std::move(final_path)),
      temp_path_(final_path_ + ".partial"),
      shown_path_(shown_path.empty() ? final_path_ : std::move(shown_path)) {
  H5Eset_auto2(H5E_DEFAULT, record_errno, nullptr);  // failures come back as OutputError, not as a printed stack
  guarded(shown_path_, [&] { impl_ = std::make_unique<Impl>(temp_path_, layout); });
}

TraceWriter::~TraceWriter() {
  if (impl_) abandon();
}

void TraceWriter::write_site_catalog(const std::vector<SiteCatalogRow>& rows) {
  guarded(shown_path_, [&] { write_whole_table(impl_->sites, "catalog", site_catalog_type(), rows); });
}

void TraceWriter::write_books(const std::vector<BooksRow>& rows) {
  guarded(shown_path_, [&] {
    H5::Group leasing = create_group(impl_->file, "/leasing");
    write_whole_table(leasing, "books", books_type(), rows);
  });
}

void TraceWriter::write_link_catalog(const std::vector<LinkCatalogRow>& rows) {
  guarded(shown_path_, [&] { write_whole_table(impl_->links, "catalog", link_catalog_type(), rows); });
}

void TraceWriter::write_catalog(const std::string& name, const std::vector<std::string_view>& names) {
  guarded(shown_path_, [&] {
    // Views are not NUL-terminated: copies, for the variable-length strings HDF5 writes.
    std::vector<std::string> copies(names.begin(), names.end());
    std::vector<const char*> pointers;
    for (const auto& name_text : copies) pointers.push_back(name_text.c_str());
    const hsize_t size[1] = {pointers.size()};
    H5::DataSet dataset = impl_->catalog.createDataSet(name, text(), H5::DataSpace(1, size), untimed_dataset());
    if (!pointers.empty()) dataset.write(pointers.data(), text());
  });
}

void TraceWriter::append_sample_time(double time_s) {
  guarded(shown_path_, [&] { impl_->sample_times.append(time_s); });
}

void TraceWriter::append(const JobRow& row) { guarded(shown_path_, [&] { impl_->jobs.append(row); }); }
void TraceWriter::append(const SiteSampleRow& row) { guarded(shown_path_, [&] { impl_->site_samples.append(row); }); }
void TraceWriter::append(const LinkSampleRow& row) { guarded(shown_path_, [&] { impl_->link_samples.append(row); }); }
void TraceWriter::append(const PlacementSampleRow& row) {
  guarded(shown_path_, [&] { impl_->placement_samples.append(row); });
}
void TraceWriter::append(const EnergySampleRow& row) { guarded(shown_path_, [&] { impl_->energy_samples.append(row); }); }
void TraceWriter::append(const EventRow& row) {
  const auto text_of = [](const char* text) { return text != nullptr ? std::string_view(text) : std::string_view(); };
  append_event(row.time_s, text_of(row.kind), text_of(row.subject), row.job, text_of(row.detail));
}

void TraceWriter::append_event(double time_s, std::string_view kind, std::string_view subject, std::int64_t job,
                               std::string_view detail) {
  guarded(shown_path_, [&] {
    // The buffered rows point into event_texts until their chunk is written.
    std::deque<std::string>& texts = impl_->event_texts;
    const char* kind_text = texts.emplace_back(kind).c_str();
    const char* subject_text = texts.emplace_back(subject).c_str();
    const char* detail_text = texts.emplace_back(detail).c_str();
    if (impl_->events.append(EventRow{time_s, kind_text, subject_text, job, detail_text})) texts.clear();
  });
}

void TraceWriter::set_meta(const std::string& name, const std::string& value) {
  guarded(shown_path_, [&] {
    H5::StrType type(H5::PredType::C_S1, value.empty() ? 1 : value.size());
    H5::Attribute attribute = impl_->meta.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
    attribute.write(type, value.empty() ? std::string(" ") : value);
  });
}

void TraceWriter::set_meta(const std::string& name, std::int64_t value) {
  guarded(shown_path_, [&] {
    H5::Attribute attribute = impl_->meta.createAttribute(name, H5::PredType::NATIVE_INT64, H5::DataSpace(H5S_SCALAR));
    attribute.write(H5::PredType::NATIVE_INT64, &value);
  });
}

void TraceWriter::close() {
  guarded(shown_path_, [&] {
    impl_->jobs.flush();
    impl_->sample_times.flush();
    impl_->site_samples.flush();
    impl_->link_samples.flush();
    impl_->energy_samples.flush();
    impl_->placement_samples.flush();
    impl_->events.flush();
    impl_->event_texts.clear();
    impl_->file.flush(H5F_SCOPE_GLOBAL);  // the last writes fail here, not silently in a destructor
  });
  impl_.reset();  // closes every HDF5 handle
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0) throw OutputError(shown_path_, errno);
}

void TraceWriter::abandon() {
  // On a full disk the handles cannot flush as they close, and HDF5's C++ destructors print
  // each failure to std::cerr: the trace is being deleted, so nobody needs to read them.
  // (HDF5 1.10 is then left unable to shut down cleanly: `aicn` ends with _Exit after an
  // OutputError, see main.cpp.)
  std::streambuf* const saved = std::cerr.rdbuf(nullptr);
  impl_.reset();
  std::cerr.rdbuf(saved);
  std::cerr.clear();
  H5Eclear2(H5E_DEFAULT);
  std::error_code ignored;
  std::filesystem::remove(temp_path_, ignored);
}

}  // namespace aicn::results
