#include "chunk_compressor.hpp"

#include <libdeflate.h>

#include <stdexcept>
#include <string>

namespace aicn::results {

ChunkCompressor::ChunkCompressor(std::size_t row_size, std::size_t chunk_rows, int level)
    : row_size_(row_size), chunk_rows_(chunk_rows), compressor_(libdeflate_alloc_compressor(level)) {
  if (compressor_ == nullptr) throw std::runtime_error("libdeflate has no compressor for level " + std::to_string(level));
  shuffled_.resize(row_size_ * chunk_rows_);
  compressed_.resize(libdeflate_zlib_compress_bound(compressor_, shuffled_.size()));
}

ChunkCompressor::~ChunkCompressor() { libdeflate_free_compressor(compressor_); }

std::span<const unsigned char> ChunkCompressor::compress(const unsigned char* rows_data, std::size_t rows) {
  if (rows > chunk_rows_) throw std::logic_error("ChunkCompressor: more rows than a chunk holds");
  // HDF5's shuffle of a chunk of n elements of s bytes: byte k of element i goes to k x n + i.
  // The chunk always has chunk_rows_ elements; those past `rows` are zero bytes.
  // Eight rows at a time: their bytes stay in cache while each plane gets eight in a row (one
  // plane at a time over the whole chunk read every row's cache line once per byte).
  const std::size_t n = chunk_rows_;
  constexpr std::size_t kBlock = 8;
  const std::size_t blocked = rows - rows % kBlock;
  for (std::size_t i0 = 0; i0 < blocked; i0 += kBlock) {
    const unsigned char* block = rows_data + i0 * row_size_;
    for (std::size_t k = 0; k < row_size_; ++k) {
      unsigned char* out = shuffled_.data() + k * n + i0;
      for (std::size_t j = 0; j < kBlock; ++j) out[j] = block[j * row_size_ + k];
    }
  }
  for (std::size_t k = 0; k < row_size_; ++k) {
    unsigned char* plane = shuffled_.data() + k * n;
    for (std::size_t i = blocked; i < rows; ++i) plane[i] = rows_data[i * row_size_ + k];
    for (std::size_t i = rows; i < n; ++i) plane[i] = 0;
  }
  const std::size_t written =
      libdeflate_zlib_compress(compressor_, shuffled_.data(), shuffled_.size(), compressed_.data(), compressed_.size());
  if (written == 0) throw std::logic_error("libdeflate could not compress a chunk within its own bound");
  return {compressed_.data(), written};
}

}  // namespace aicn::results
