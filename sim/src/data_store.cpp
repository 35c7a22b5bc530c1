#include "data_store.hpp"

namespace aicn::sim {

bool DataStore::has(int site, const std::string& object) const {
  return sites_[static_cast<std::size_t>(site)].copies.count(object) != 0;
}

double DataStore::bytes_to_move(const workloads::Job& job, int home, int site) const {
  if (site == home) return 0.0;
  const double base = job.base_model_bytes;
  const double data = job.dataset_bytes;
  return (job.dataset.empty() || !has(site, job.dataset) ? data : 0.0) +
         (job.base_model.empty() || !has(site, job.base_model) ? base : 0.0);
}

std::vector<std::string> DataStore::used(const workloads::Job& job, int home, int site, double now_s) {
  std::vector<std::string> evicted;
  if (site == home || !keep_) return evicted;
  if (!job.dataset.empty() && job.dataset_bytes > 0) keep(site, job.dataset, job.dataset_bytes, now_s, evicted);
  if (!job.base_model.empty() && job.base_model_bytes > 0) keep(site, job.base_model, job.base_model_bytes, now_s, evicted);
  return evicted;
}

void DataStore::keep(int site_index, const std::string& object, double bytes, double now_s,
                     std::vector<std::string>& evicted) {
  Site& site = sites_[static_cast<std::size_t>(site_index)];
  const double capacity = capacity_bytes_[static_cast<std::size_t>(site_index)];
  if (auto found = site.copies.find(object); found != site.copies.end()) {
    found->second.last_use_s = now_s;  // a use: the copy is the most recent now
    return;
  }
  if (bytes > capacity) return;  // used once, never kept
  while (!site.copies.empty() && site.used_bytes + bytes > capacity) {
    // The least recently used copy; the map's name order breaks ties (deterministic).
    auto oldest = site.copies.begin();
    for (auto it = site.copies.begin(); it != site.copies.end(); ++it)
      if (it->second.last_use_s < oldest->second.last_use_s) oldest = it;
    site.used_bytes -= oldest->second.bytes;
    evicted.push_back(oldest->first);
    site.copies.erase(oldest);
  }
  if (site.copies.empty()) site.used_bytes = 0.0;  // no rounding left over from the sizes taken out
  site.copies.emplace(object, Copy{bytes, now_s});
  site.used_bytes += bytes;
  view_.sites[static_cast<std::size_t>(site_index)].data_copies = copies(site_index);
}

std::vector<std::string> DataStore::copies(int site) const {
  std::vector<std::string> names;
  for (const auto& [name, copy] : sites_[static_cast<std::size_t>(site)].copies) names.push_back(name);
  return names;
}

}  // namespace aicn::sim
