#pragma once
/// @file logging.hpp
/// The simulator's spdlog logger ("sim"), writing to stderr.
#include <memory>

#include <spdlog/spdlog.h>

namespace aicn::sim {

std::shared_ptr<spdlog::logger> logger();

}  // namespace aicn::sim
