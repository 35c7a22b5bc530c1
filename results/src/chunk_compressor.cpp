#include "chunk_compressor.hpp"

#include <libdeflate.h>

#include <bit>
#include <cstdint>
#include <cstring>
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

namespace {

/// Transposes the 8 x 8 byte matrix held in w[0..7] (byte b of word j, little-endian, is
/// element [j][b]): afterwards byte j of word b is the old element [j][b]. Three rounds of
/// block swaps (4-byte halves, 2-byte pairs, single bytes), 24 word operations in all.
void transpose_8x8_bytes(std::uint64_t (&w)[8]) {
  static_assert(std::endian::native == std::endian::little, "the byte order of rows in memory is assumed here");
  for (int j = 0; j < 4; ++j) {
    const std::uint64_t a = w[j], c = w[j + 4];
    w[j] = (a & 0x00000000FFFFFFFFULL) | (c << 32);
    w[j + 4] = (a >> 32) | (c & 0xFFFFFFFF00000000ULL);
  }
  for (int j : {0, 1, 4, 5}) {
    const std::uint64_t a = w[j], c = w[j + 2];
    w[j] = (a & 0x0000FFFF0000FFFFULL) | ((c << 16) & 0xFFFF0000FFFF0000ULL);
    w[j + 2] = ((a >> 16) & 0x0000FFFF0000FFFFULL) | (c & 0xFFFF0000FFFF0000ULL);
  }
  for (int j = 0; j < 8; j += 2) {
    const std::uint64_t a = w[j], c = w[j + 1];
    w[j] = (a & 0x00FF00FF00FF00FFULL) | ((c << 8) & 0xFF00FF00FF00FF00ULL);
    w[j + 1] = ((a >> 8) & 0x00FF00FF00FF00FFULL) | (c & 0xFF00FF00FF00FF00ULL);
  }
}

}  // namespace

void ChunkCompressor::shuffle_in(const unsigned char* rows_data, std::size_t rows, std::size_t first_row) {
  if (first_row > chunk_rows_ || rows > chunk_rows_ - first_row)
    throw std::logic_error("ChunkCompressor: more rows than a chunk holds");
  // HDF5's shuffle of a chunk of n elements of s bytes: byte k of element i goes to k x n + i.
  // Eight rows at a time, eight bytes of each at a time: an 8 x 8 byte transpose in
  // registers, then eight bytes in a row into each of eight planes (a byte-by-byte copy
  // cost 9 instructions per byte, about 1.4 % of a national year's CPU).
  const std::size_t n = chunk_rows_;
  unsigned char* const chunk = shuffled_.data() + first_row;  // row 0 of rows_data goes here in each plane
  constexpr std::size_t kBlock = 8;
  const std::size_t blocked = rows - rows % kBlock;
  const std::size_t wide = row_size_ - row_size_ % kBlock;  // bytes of a row done 8 at a time
  for (std::size_t i0 = 0; i0 < blocked; i0 += kBlock) {
    const unsigned char* block = rows_data + i0 * row_size_;
    for (std::size_t k0 = 0; k0 < wide; k0 += kBlock) {
      std::uint64_t w[8];
      for (std::size_t j = 0; j < kBlock; ++j) std::memcpy(&w[j], block + j * row_size_ + k0, sizeof w[j]);
      transpose_8x8_bytes(w);
      for (std::size_t k = 0; k < kBlock; ++k) std::memcpy(chunk + (k0 + k) * n + i0, &w[k], sizeof w[k]);
    }
    for (std::size_t k = wide; k < row_size_; ++k) {
      unsigned char* out = chunk + k * n + i0;
      for (std::size_t j = 0; j < kBlock; ++j) out[j] = block[j * row_size_ + k];
    }
  }
  for (std::size_t k = 0; k < row_size_; ++k) {
    unsigned char* plane = chunk + k * n;
    for (std::size_t i = blocked; i < rows; ++i) plane[i] = rows_data[i * row_size_ + k];
  }
}

std::span<const unsigned char> ChunkCompressor::compress_shuffled(std::size_t rows) {
  if (rows > chunk_rows_) throw std::logic_error("ChunkCompressor: more rows than a chunk holds");
  // The chunk always has chunk_rows_ elements; those past `rows` are zero bytes.
  if (rows < chunk_rows_)
    for (std::size_t k = 0; k < row_size_; ++k)
      std::memset(shuffled_.data() + k * chunk_rows_ + rows, 0, chunk_rows_ - rows);
  const std::size_t written =
      libdeflate_zlib_compress(compressor_, shuffled_.data(), shuffled_.size(), compressed_.data(), compressed_.size());
  if (written == 0) throw std::logic_error("libdeflate could not compress a chunk within its own bound");
  return {compressed_.data(), written};
}

}  // namespace aicn::results
