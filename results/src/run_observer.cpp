#include "aicn/results/run_observer.hpp"

namespace aicn::results {

const char* outage_kind_name(OutageKind kind) {
  switch (kind) {
    case OutageKind::SITE_DOWN: return "site_down";
    case OutageKind::SITE_UP: return "site_up";
    case OutageKind::LINK_DOWN: return "link_down";
    case OutageKind::LINK_UP: return "link_up";
  }
  return "outage";
}

}  // namespace aicn::results
