"""Dispatch policies in Python for `aicn run --policy external` (docs/external-scheduler.md).

    from aicn.policy import Policy, least_loaded_pool, place_each, main

    class MostFree(Policy):
        name = "most-free"
        def decide(self, view, pending):
            return place_each(view, pending, lambda job: least_loaded_pool(view, job))

    if __name__ == "__main__":
        main(MostFree())

The helpers mirror scheduler_policies/include/aicn/policy/builtin_helpers.hpp, so a policy
ported from C++ makes the same choices (the tests check least-loaded summary for summary).
"""

from .protocol import Decision, View, main  # noqa: F401  (the names a policy script needs)


class Policy:
    """Base class of a scheduler. Override decide(); set `view_parts` to the optional parts
    of the view you read ("energy", "transfers", "queues", "running"): the simulator sends
    only those, which keeps each call cheap."""

    name = "python-policy"
    view_parts = ()

    def start(self, view):
        """Called once, after hello, with the view's fixed part (sites, pools, seed)."""

    def decide(self, view, pending):
        """One Decision per job of `pending` (a job left out is held)."""
        raise NotImplementedError

    def finish(self, view):
        """Called when the run ends (bye)."""


def no_fit_reason(job):
    return f"no site has {job.gpus} GPUs of model {job.gpu_model}"


def least_loaded_pool(view, job, eligible=None):
    """(site, pool) with the most free GPUs among the pools of a model the job accepts that
    could ever hold it, at sites `eligible(site)` accepts that the job's data can reach now;
    first listed on ties; None when none qualifies."""
    best = None
    best_free = -1
    # view.data_reachable and job.accepts, inlined: this loop runs for every job of every call.
    gpus, models = job.gpus, job.accepted_models
    needs_route = job.dataset_bytes > 0.0
    bandwidth, row = view.route_bandwidth_bps, job.data_site * len(view.sites)
    for s, site in enumerate(view.sites):
        if eligible is not None and not eligible(site):
            continue
        if needs_route and s != job.data_site and not bandwidth[row + s] > 0.0:
            continue
        for p, pool in enumerate(site.pools):
            if pool.total_gpus < gpus or pool.gpu_model not in models:
                continue
            if pool.free_gpus > best_free:
                best_free = pool.free_gpus
                best = (s, p)
    return best


def eligible_pools(view, site, job):
    """Pools at `site` that could ever run the job (model, size, a route for its data)."""
    s = view.sites[site]
    if s.down:
        return []
    pools = [p for p, pool in enumerate(s.pools) if job.accepts(pool.gpu_model) and pool.total_gpus >= job.gpus]
    if pools and view.transfer_estimate_s(job, site) == float("inf"):
        return []
    return pools


def eligible_pool(view, site, job):
    """The job's own model if the site has it, else the accepted alternative with the most
    free GPUs; -1 when there is none."""
    s = view.sites[site]
    best = -1
    for p in eligible_pools(view, site, job):
        if s.pools[p].gpu_model == job.gpu_model:
            return p
        if best < 0 or s.pools[p].free_gpus > s.pools[best].free_gpus:
            best = p
    return best


def fits_when_repaired(view, job):
    """A site that is down, or that the data cannot reach now, could hold the job later."""
    for s, site in enumerate(view.sites):
        if not site.down and view.data_reachable(job, s):
            continue
        for pool in site.pools:
            if job.accepts(pool.gpu_model) and pool.installed_gpus >= job.gpus:
                return True
    return False


def hold_or_reject(view, job):
    return Decision.hold(job) if fits_when_repaired(view, job) else Decision.reject(job, no_fit_reason(job))


def place_each(view, pending, choose):
    """Decides each job on its own: place where `choose(job)` says ((site, pool) or None);
    otherwise hold it if a site that is down could hold it once repaired, else reject it."""
    decisions = []
    for job in pending:
        target = choose(job)
        decisions.append(Decision.place(job, *target) if target is not None else hold_or_reject(view, job))
    return decisions
