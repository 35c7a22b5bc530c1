#pragma once
/// @file version.hpp
/// Version strings of AICN itself and of the HDF5 library it writes traces with, recorded in
/// provenance.json and the trace's /meta. The SimGrid version is the engine's to tell
/// (aicn/sim/version.hpp): results/ links no SimGrid.
#include <string>

namespace aicn::results {

std::string aicn_version();
/// The commit the sources were built at ("-dirty" with uncommitted changes, "unknown" outside git).
std::string git_commit();
std::string hdf5_version();

}  // namespace aicn::results
