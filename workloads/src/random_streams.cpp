#include "aicn/workloads/random_streams.hpp"

#include <boost/random/seed_seq.hpp>

namespace aicn::workloads {

RandomEngine make_stream(std::uint64_t seed, std::string_view name) {
  // FNV-1a: a fixed, portable hash of the stream name (std::hash is not portable).
  std::uint64_t name_hash = 14695981039346656037ull;
  for (unsigned char c : name) {
    name_hash ^= c;
    name_hash *= 1099511628211ull;
  }
  boost::random::seed_seq sequence{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                                   static_cast<std::uint32_t>(name_hash), static_cast<std::uint32_t>(name_hash >> 32)};
  return RandomEngine(sequence);
}

}  // namespace aicn::workloads
