#pragma once
/// @file random_streams.hpp
/// Seeded random streams. Each named stream gets its own engine seeded from the scenario seed
/// and the stream's name, so adding draws to one stream never shifts another. Engines and
/// distributions are Boost.Random's, whose output is the same on every platform (the
/// standard library's distributions are implementation-defined).
#include <boost/random/mersenne_twister.hpp>

#include <cstdint>
#include <string_view>

namespace aicn::workloads {

using RandomEngine = boost::random::mt19937_64;

/// An engine for stream `name` of a scenario seeded with `seed`.
RandomEngine make_stream(std::uint64_t seed, std::string_view name);

}  // namespace aicn::workloads
