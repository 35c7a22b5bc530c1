#pragma once
// PackedRows: rows of a C++ struct laid out as their packed HDF5 file type, member by member.
//
// Why: the file type of a table is the struct without its padding (trace_writer.cpp,
// packed()). Handed the padded struct, HDF5 converts every chunk member by member through a
// buffer it allocates and clears per write (~3 % of a national-year run). Handed rows already
// in the file's layout, it has nothing to convert. The copy plan comes from the two HDF5
// types themselves, so it follows the struct and its type description wherever they go.
#include <H5Cpp.h>

#include <cstddef>
#include <cstring>
#include <vector>

namespace aicn::results {

class PackedRows {
 public:
  PackedRows(const H5::CompType& memory_type, const H5::CompType& file_type) : row_size_(file_type.getSize()) {
    const int members = memory_type.getNmembers();
    for (int m = 0; m < members; ++m) {
      const auto index = static_cast<unsigned>(m);
      const MemberCopy member{memory_type.getMemberOffset(index), file_type.getMemberOffset(index),
                              memory_type.getMemberDataType(index).getSize()};
      // Members that follow each other without a gap in both layouts are one copy: a table
      // whose padding is all at the end of its struct (/jobs) then packs with a single memcpy.
      if (!plan_.empty() && plan_.back().from + plan_.back().size == member.from &&
          plan_.back().to + plan_.back().size == member.to) {
        plan_.back().size += member.size;
        continue;
      }
      plan_.push_back(member);
    }
  }

  void append(const void* row) {
    const std::size_t at = bytes_.size();
    bytes_.resize(at + row_size_);
    for (const MemberCopy& member : plan_)
      std::memcpy(bytes_.data() + at + member.to, static_cast<const unsigned char*>(row) + member.from, member.size);
  }
  std::size_t rows() const { return bytes_.size() / row_size_; }
  const void* data() const { return bytes_.data(); }
  void reserve(std::size_t rows) { bytes_.reserve(rows * row_size_); }
  void clear() { bytes_.clear(); }

 private:
  struct MemberCopy {
    std::size_t from, to, size;
  };
  std::size_t row_size_;
  std::vector<MemberCopy> plan_;
  std::vector<unsigned char> bytes_;
};

}  // namespace aicn::results
