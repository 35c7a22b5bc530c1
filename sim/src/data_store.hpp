#pragma once
// DataStore: the copies of named data objects (data sets, base models) kept at each site.
//
// Owns: per site, which named objects have a copy there, their sizes and when each was last
// used; each site's storage capacity for copies (scenario key data.storage).
// Rule (docs/data-lifecycle.md): a copy arrives with the job that needed it and stays; when a
// new copy does not fit, the least recently used copies go first (ties: the name's order),
// until it fits; an object larger than the whole capacity is used but not kept. A job
// placed where a copy is uses it (its last use is then), and moves none of those bytes. The
// home site of an object (its origin hub's home) always has it and spends no capacity on it.
// Produces: each SiteView's data_copies (sorted names), written whenever a site's copies change.
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "aicn/policy/cluster_view.hpp"
#include "aicn/workloads/job.hpp"

namespace aicn::sim {

class DataStore {
 public:
  /// `capacity_bytes[site]` (infinity: unlimited); `keep` false keeps no copy anywhere.
  DataStore(std::vector<double> capacity_bytes, bool keep, policy::ClusterView& view)
      : capacity_bytes_(std::move(capacity_bytes)), keep_(keep), sites_(capacity_bytes_.size()), view_(view) {}

  bool has(int site, const std::string& object) const;
  /// Bytes `job` must move from `home` to run at `site`: its data set and base model, each
  /// unless a copy is there (at home nothing moves).
  double bytes_to_move(const workloads::Job& job, int home, int site) const;
  /// The job's data is at `site` (arrived, or found there) at `now_s`: its objects are kept or
  /// touched there. Returns the names of the copies evicted to make room, in eviction order.
  std::vector<std::string> used(const workloads::Job& job, int home, int site, double now_s);
  double used_bytes(int site) const { return sites_[static_cast<std::size_t>(site)].used_bytes; }
  /// Names held at `site`, sorted.
  std::vector<std::string> copies(int site) const;

 private:
  struct Copy {
    double bytes = 0.0;
    double last_use_s = 0.0;
  };
  struct Site {
    std::map<std::string, Copy> copies;
    double used_bytes = 0.0;
  };
  void keep(int site, const std::string& object, double bytes, double now_s, std::vector<std::string>& evicted);

  std::vector<double> capacity_bytes_;
  bool keep_;
  std::vector<Site> sites_;
  policy::ClusterView& view_;
};

}  // namespace aicn::sim
