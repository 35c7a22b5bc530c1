#pragma once
// Transfers: data crossing the long-haul network during a run.
//
// Owns: the SimGrid communications that move a compute job's dataset to its site and a
// data-transfer job's bytes between hubs; which transfers are in flight on which route;
// data-transfer jobs waiting for their route or receiving site to come back.
// Produces: the ClusterView's route fields (latency, bottleneck bandwidth, transfers in
// flight), from the current network state and the live transfers (counted per route as they
// start and end), in fill_view(); the bytes each transfer moved, onto its route's link
// directions in the LinkMeter (as it ends, and at each sample for the live ones).
// Publishes: transfer_started, transfer_ended, transfer_rerouted, transfer_failed.
#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <string>

#include "aicn/policy/cluster_view.hpp"
#include "aicn/results/run_observer.hpp"
#include "aicn/sim/network_outages.hpp"
#include "aicn/sim/network_settings.hpp"
#include "aicn/sim/platform_builder.hpp"
#include "aicn/topology/network_graph.hpp"
#include "job_table.hpp"
#include "link_meter.hpp"

namespace aicn::sim {

class Transfers {
 public:
  /// `outages` may be null (the network never changes).
  Transfers(const topology::Layout& layout, const topology::NetworkGraph& intact, const NetworkOutages* outages,
            const Platform& platform, JobTable& jobs, LinkMeter& link_meter, results::RunObserver& observer);

  const topology::NetworkGraph& graph() const { return outages_ ? outages_->current_graph() : intact_; }
  bool reachable(int from_site, int to_site) const { return graph().reachable(from_site, to_site); }
  /// The link directions of the current network state's route (kept for the whole run), and
  /// the LinkMeter counting of bytes that another room's communication (a checkpoint) moved
  /// on such a route.
  const std::vector<LinkDirection>& current_route(int from_site, int to_site) { return route_directions(from_site, to_site); }
  void count_on_route(const std::vector<LinkDirection>& route, double bytes) { link_meter_.carried(route, bytes); }
  /// Where transfers from or to `site` start and end in the current network state.
  simgrid::s4u::Host* current_gateway(int site) const { return gateway(site); }
  /// Whether a later scheduled network state routes from one site to the other.
  bool reachable_later(int from_site, int to_site) const;

  /// Sends a placed compute job's data, `bytes` of it (its data set and base model less the
  /// copies its site holds), from `from_site` to its site.
  void send_dataset(JobRecord& job, int from_site, double bytes);
  void send_dataset(JobRecord& job, int from_site) { send_dataset(job, from_site, job.job.dataset_bytes); }
  /// Sends a finished job's results (result_bytes) from its site to `to_site`; the job ends
  /// when they arrive (ARRIVED), and waits for a repair like a data transfer when cut.
  void send_result(JobRecord& job, int to_site);
  /// What became of a transfer whose communication ended.
  enum class Outcome {
    STARTED,       ///< a data transfer is on its way
    ARRIVED,       ///< all bytes are there (transfer_ended published)
    REROUTED,      ///< cut, resumed on another route
    WAITING,       ///< a data transfer: its route or site is down until a scheduled repair
    SITE_DOWN,     ///< a compute job's destination went down: back to the dispatcher
    ROUTE_LOST,    ///< no route now, one is scheduled to return: back to the dispatcher
    FAILED,        ///< no route and none to come (transfer_failed published): `why` says which
  };
  Outcome on_comm_ended(JobRecord& job, bool cut, double remaining_bytes, bool site_down, std::string& why);
  /// Starts a data-transfer job (no GPUs): STARTED, WAITING, ARRIVED at once (nothing to move) or FAILED.
  Outcome start_data_transfer(JobRecord& job, bool receiving_site_down, bool receiving_site_returns, std::string& why);
  /// The network changed: waiting data transfers whose route and site are back resume.
  void network_changed(const std::vector<bool>& site_down);
  /// The job leaves its transfer (its site went down): call before its communication is
  /// cancelled, so the bytes it moved are counted.
  void forget(const JobRecord& job);
  /// Every job leaves its transfer (the run ends; the records go next).
  void forget_all();
  /// The link rows of a sample at `now_s` (LinkMeter::sample), once what each live transfer
  /// moved since it was last counted is on the meter, so the sample holds every byte up to now.
  std::vector<results::LinkSample> link_samples(double now_s) {
    count_progress();
    return link_meter_.sample(now_s);
  }

  /// Writes the route fields of `view` (only what changed since the last call).
  void fill_view(policy::ClusterView& view);
  /// With MAX_MIN, SimGrid sees every route with latency 0 (network/latency-factor 0, set by
  /// the scenario) so that all flows weigh the same, and each transfer waits its route's
  /// latency before its communication starts (docs/network.md).
  /// The view's route bandwidths also hold the sites' border capacity (site_transfer_bps).
  void configure(const NetworkSettings& network) {
    sharing_ = network.sharing;
    site_transfer_bps_ = network.site_transfer_bps;
  }
  /// The share of every link's capacity background traffic leaves now (BackgroundTraffic):
  /// the view's route bandwidths are refreshed at the next fill_view().
  void set_available_share(double share) {
    if (share == available_share_) return;
    available_share_ = share;
    view_network_state_ = -1;
  }
  /// Link name(s) cut by the latest network change, for event subjects.
  void set_last_cut(std::string links) { last_cut_ = std::move(links); }

 private:
  struct InFlight {
    int from_site;
    int to_site;
    bool dataset;  ///< a compute job's dataset (counted in the view), not a bulk transfer
    const std::vector<LinkDirection>* route;  ///< the link directions its communication crosses
    double bytes_left;  ///< its communication's remaining bytes when last counted
    int state = 0;      ///< the network state whose gateways (and route) it uses
    bool started = true;  ///< false while a MAX_MIN transfer waits out its route latency
    bool result = false;  ///< a finished job's results going home
  };
  /// Creates and starts the job's communication for its in_flight_ entry.
  void start_comm(JobRecord& job);
  int current_state() const { return outages_ ? outages_->current() : 0; }
  void send(JobRecord& job, int from_site, int to_site, double bytes, bool dataset, bool result = false);
  /// Counts onto the LinkMeter what each live transfer moved since it was last counted.
  void count_progress();
  /// The only two places in_flight_ changes, so the per-route counts change with it.
  void track(std::uint64_t job_id, InFlight transfer);
  /// Forgets the job's live transfer, if any, counting its bytes up to `bytes_left` now, and returns it.
  std::optional<InFlight> untrack(std::uint64_t job_id, double bytes_left);
  /// The communication of a job in in_flight_ (a logic error if it has none).
  static const simgrid::s4u::Activity& live_comm(const JobRecord& job);
  /// The link directions of the current network state's route between two sites (built once per pair).
  const std::vector<LinkDirection>& route_directions(int from_site, int to_site);
  std::size_t route_index(const InFlight& transfer) const {
    return static_cast<std::size_t>(transfer.from_site) * layout_.sites.size() + static_cast<std::size_t>(transfer.to_site);
  }
  /// A data-transfer job's bytes leave now (its transfer start).
  void start_bulk(JobRecord& job, int from_site, int to_site, double bytes);
  int data_site(const JobRecord& job) const { return layout_.home_site(job.job.origin_hub); }
  simgrid::s4u::Host* gateway(int site) const { return gateway(current_state(), site); }
  simgrid::s4u::Host* gateway(int state, int site) const;

  const topology::Layout& layout_;
  const topology::NetworkGraph& intact_;
  const NetworkOutages* outages_;
  const Platform& platform_;
  JobTable& jobs_;
  LinkMeter& link_meter_;
  results::RunObserver& observer_;
  std::map<std::uint64_t, InFlight> in_flight_;  ///< by job id: live transfers, the view's counts come from here
  /// Dataset transfers in in_flight_ per route (row-major from x to), only routes with some:
  /// changed only by track() and untrack(), so it cannot drift from in_flight_ (an earlier
  /// hand-kept copy in the view did, after an outage). Recounting every live transfer into
  /// an n x n table at each dispatch cost O(transfers + sites^2) per call.
  std::unordered_map<std::size_t, int> route_counts_;
  std::vector<std::size_t> changed_routes_;  ///< routes whose count the view does not show yet
  std::map<std::uint64_t, double> waiting_;      ///< data transfers waiting for a repair: bytes left
  std::map<std::uint64_t, double> waiting_results_;  ///< results waiting for a repair (job site -> home): bytes left
  std::unordered_map<std::uint64_t, std::vector<LinkDirection>> route_directions_;  ///< by (state, from, to)
  std::string last_cut_;
  int view_network_state_ = -1;  ///< the network state the view's routes show
  BandwidthSharing sharing_ = BandwidthSharing::LATENCY_WEIGHTED;
  std::vector<double> site_transfer_bps_;  ///< per site, 0 = no border limit; empty = none
  double available_share_ = 1.0;           ///< of each link's capacity, left by background traffic
};

}  // namespace aicn::sim
