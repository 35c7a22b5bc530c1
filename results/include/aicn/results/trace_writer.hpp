#pragma once
/// @file trace_writer.hpp
/// Streams a run's events into an HDF5 file: rows are buffered and appended in chunks to
/// extendible datasets as the run goes, never held until the end. The file is written under
/// a temporary name and renamed only by close(), so a crashed run never leaves a trace that
/// looks complete.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "aicn/results/trace_rows.hpp"

namespace H5 {
class H5File;
class DataSet;
class CompType;
}  // namespace H5

namespace aicn::results {

/// How the appended tables are stored. The defaults were chosen by measurement on a
/// million-job national year (docs/trace.md): deflate level 1 after shuffle makes /jobs 2x
/// smaller than raw rows; higher levels gain 1-3 % for 30-100 % more CPU, and chunks of
/// 16,384 rows compress within 1.5 % of 65,536-row chunks while a reader decompresses less
/// to reach one row.
///
/// /jobs has smaller chunks: shuffle stores byte k of every row's column in one plane of
/// `rows` bytes, so two equal double columns (transfer_start_s = submit_s for 88 % of the
/// national year's jobs, start_s = transfer_end_s for 84 %) are 8 x rows bytes apart, and
/// deflate only finds repeats within 32 KiB: at 16,384 rows it never saw them. Measured on
/// that /jobs (bytes per row): 512 rows 30.6, 1,024 30.5, 2,048 31.7, 4,096 38.7, 16,384
/// 37.9; and zlib spent 20 % less CPU at 1,024 (repeats are cheaper than literals).
struct TraceLayout {
  std::size_t chunk_rows = 16384;
  int deflate_level = 1;  ///< 0: no shuffle, no deflate
  std::size_t job_chunk_rows = 1024;
};

class TraceWriter {
 public:
  /// Creates `<final_path>.partial`. A write that fails throws OutputError naming
  /// `shown_path` (default: `final_path`), the name the user will know the trace by.
  explicit TraceWriter(std::string final_path, TraceLayout layout = {}, std::string shown_path = "");
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  void write_site_catalog(const std::vector<SiteCatalogRow>& rows);
  void write_link_catalog(const std::vector<LinkCatalogRow>& rows);
  /// `/leasing/books` (the group made here): written once at the end of a run with leases.
  void write_books(const std::vector<BooksRow>& rows);
  /// `/catalog/<name>`: one string per index, the names an index column of /jobs refers to.
  void write_catalog(const std::string& name, const std::vector<std::string_view>& names);
  /// One time of `/sample_times`: every sample tick, whether or not a sample row changed.
  void append_sample_time(double time_s);
  void append(const JobRow& row);
  void append(const SiteSampleRow& row);
  void append(const LinkSampleRow& row);
  void append(const EnergySampleRow& row);
  void append(const PlacementSampleRow& row);
  /// An /events row; the writer copies the texts (null pointers as empty texts).
  void append(const EventRow& row);
  /// The same from views, copied once into the writer (no NUL-terminated copy needed first).
  void append_event(double time_s, std::string_view kind, std::string_view subject, std::int64_t job,
                    std::string_view detail);
  /// A string attribute of /meta.
  void set_meta(const std::string& name, const std::string& value);
  void set_meta(const std::string& name, std::int64_t value);

  /// Flushes, closes and renames the file to its final name.
  void close();
  /// Closes and deletes the temporary file (used when the run fails).
  void abandon();
  const std::string& path() const { return final_path_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string final_path_;
  std::string temp_path_;
  std::string shown_path_;
};

}  // namespace aicn::results
