#include "aicn/workloads/distributions.hpp"

#include <algorithm>
#include <boost/random/lognormal_distribution.hpp>
#include <cmath>

#include "aicn/topology/units.hpp"

namespace aicn::workloads {
namespace {

using config::ConfigNode;

/// Reads a plain number, or a quantity with a unit when `parse_unit` is given.
double read_amount(const ConfigNode& node, double (*parse_unit)(std::string_view)) {
  if (parse_unit == nullptr) return node.as_positive_double();
  double value = 0.0;
  try {
    value = parse_unit(node.as_string());
  } catch (const units::UnitError& e) {
    node.fail(e.what());
  }
  if (!(value > 0.0)) node.fail("must be positive, got '" + node.text() + "'");
  return value;
}

}  // namespace

LognormalSpec parse_lognormal(const ConfigNode& node, LognormalSpec spec, double (*parse_unit)(std::string_view)) {
  if (!node.defined()) return spec;
  node.expect_keys({"median", "sigma", "min", "max"});
  if (node.has("median")) spec.median = read_amount(node.child("median"), parse_unit);
  if (node.has("sigma")) {
    spec.sigma = node.child("sigma").as_double();
    if (spec.sigma < 0) node.child("sigma").fail("must be zero or positive, got '" + node.child("sigma").text() + "'");
  }
  if (node.has("min")) spec.min = read_amount(node.child("min"), parse_unit);
  if (node.has("max")) spec.max = read_amount(node.child("max"), parse_unit);
  if (spec.min > spec.max) node.fail("min is larger than max");
  if (spec.median < spec.min || spec.median > spec.max) node.fail("median lies outside [min, max]");
  return spec;
}

double draw_lognormal(RandomEngine& engine, const LognormalSpec& spec) {
  if (spec.sigma == 0.0) return spec.median;
  boost::random::lognormal_distribution<double> distribution(std::log(spec.median), spec.sigma);
  return std::clamp(distribution(engine), spec.min, spec.max);
}

}  // namespace aicn::workloads
