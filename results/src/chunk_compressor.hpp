#pragma once
// ChunkCompressor: one chunk of packed rows, shuffled and deflated exactly as HDF5's own
// shuffle and deflate filters would, for HDF5's direct chunk write (H5Dwrite_chunk).
//
// Why: on a national year zlib's deflate, run by HDF5's filter pipeline, was the largest
// single cost of a run (~14 % of its CPU, ~95 MB of shuffled rows at level 1). libdeflate
// writes the same zlib-wrapped DEFLATE streams 1.8x faster for /jobs and 2.6x for the energy
// samples, and a little smaller (measured on that trace's chunks, docs/trace.md). HDF5 does not
// let a program replace its predefined deflate filter (H5Zregister refuses ids below 256), but
// it writes a chunk that is already filtered as it is: the dataset keeps its shuffle + deflate
// pipeline, so every reader (h5py included) decodes it with its own zlib and no plugin.
#include <cstddef>
#include <span>
#include <vector>

struct libdeflate_compressor;

namespace aicn::results {

class ChunkCompressor {
 public:
  ChunkCompressor(std::size_t row_size, std::size_t chunk_rows, int level);
  ~ChunkCompressor();
  ChunkCompressor(const ChunkCompressor&) = delete;
  ChunkCompressor& operator=(const ChunkCompressor&) = delete;

  /// Shuffles `rows` packed rows (byte k of every row together) into the chunk as its rows
  /// first_row, first_row + 1, ... A table fills its chunk a few dozen rows at a time this
  /// way, while they are still in the cache. A whole chunk of packed rows, shuffled only when
  /// full, had left the cache by then: cachegrind with a 1 MiB L2 counted 1.6 more misses
  /// per /jobs row on the national year (11.1 against 9.5).
  void shuffle_in(const unsigned char* rows_data, std::size_t rows, std::size_t first_row);

  /// The chunk's first `rows` rows (at most chunk_rows), shuffled in before, as a whole
  /// chunk: the rows past them are zeros, as HDF5 would fill them; deflated. The result stays
  /// valid until the next call.
  std::span<const unsigned char> compress_shuffled(std::size_t rows);

 private:
  std::size_t row_size_;
  std::size_t chunk_rows_;
  libdeflate_compressor* compressor_;
  std::vector<unsigned char> shuffled_;
  std::vector<unsigned char> compressed_;  ///< sized to libdeflate's bound for a whole chunk
};

}  // namespace aicn::results
