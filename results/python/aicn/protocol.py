"""The external-scheduler protocol of AICN, scheduler side (docs/external-scheduler.md).

`aicn run --policy external --policy-cmd "python3 my_policy.py"` starts the scheduler and
talks to it over its stdin and stdout, one JSON message a line; with `--policy-endpoint
tcp://HOST:PORT` it connects to a ZeroMQ REP socket the scheduler has bound. This module
turns those messages into typed objects (View, Site, Pool, Job) and back; `aicn.policy`
holds the Policy base class and the helpers the C++ built-ins use.

Only the standard library is needed for stdin/stdout; ZeroMQ needs pyzmq (python3-zmq).
"""

import json
import math
import os
import sys
import time
from dataclasses import dataclass, field

PROTOCOL_VERSION = 1
VIEW_PARTS = ("energy", "transfers", "queues", "running")

INF = math.inf
NAN = math.nan


def _num(value, missing=NAN):
    """A JSON number, with null (unknown, or no route) as `missing`."""
    return missing if value is None else value


@dataclass
class WaitingJob:
    id: int
    gpus: int
    run_time_s: float
    priority: int


@dataclass
class RunningJob:
    id: int
    end_s: float
    gpus: int


@dataclass
class Pool:
    """One GPU pool of a site. The first group of fields is fixed for the run (from hello),
    the second changes at every dispatch call."""

    gpu_model: str
    installed_gpus: int
    gpus_per_server: int
    gpu_busy_w: float = NAN
    gpu_idle_w: float = NAN
    depreciation_yuan_per_gpu_hour: float = NAN
    cash_cost_yuan_per_gpu_hour: float = NAN
    rent_yuan_per_gpu_hour: float = NAN
    total_gpus: int = 0  # usable now: 0 while the site is down
    free_gpus: int = 0
    largest_free_block: int = 0
    queued_jobs: int = 0
    queued_gpus: int = 0
    inbound_gpus: int = 0
    queue: list = field(default_factory=list)  # WaitingJob, only with view part "queues"
    inbound: list = field(default_factory=list)  # WaitingJob, only with view part "queues"
    running: list = field(default_factory=list)  # RunningJob, only with view part "running"


@dataclass
class Site:
    name: str
    hub: int
    side: str  # "east" or "west"
    pools: list
    down: bool = False
    # Only with view part "energy"; NaN = unknown.
    pue: float = NAN
    electricity_price_per_kwh: float = NAN
    price_schedule: list = field(default_factory=list)  # [(time s, CNY/kWh)], sorted
    carbon_g_per_kwh: float = NAN
    carbon_schedule: list = field(default_factory=list)  # [(time s, gCO2e/kWh)], sorted; empty when constant
    green_share: float = NAN

    def pool_of(self, gpu_model):
        """Index of the pool of `gpu_model` (a name), or -1."""
        for index, pool in enumerate(self.pools):
            if pool.gpu_model == gpu_model:
                return index
        return -1

    def effective_carbon_g_per_kwh(self):
        green = 0.0 if math.isnan(self.green_share) else self.green_share
        return self.carbon_g_per_kwh * (1.0 - green)


@dataclass
class Job:
    """A job waiting for a decision, as the dispatch message describes it."""

    id: int
    kind: str
    origin_hub: int
    data_site: int  # where its dataset lives
    submit_s: float
    gpu_model: str  # the model it was sized for
    accepted_models: tuple  # the layout's models it may run on (its own first when present)
    run_time_s: dict  # model name -> run time there, s
    gpus: int
    gpu_milli: int
    flops: float
    utilisation: float
    dataset_bytes: float
    priority: int
    memory_bytes: float
    latency_budget_s: float
    destination_hub: int

    def accepts(self, gpu_model):
        return gpu_model in self.accepted_models


def job_from_message(item):
    return Job(id=item["id"], kind=item["kind"], origin_hub=item["origin_hub"], data_site=item["data_site"],
               submit_s=item["submit_s"], gpu_model=item["gpu_model"], accepted_models=tuple(item["accepts"]),
               run_time_s={k: _num(v, INF) for k, v in item["run_time_s"].items()}, gpus=item["gpus"],
               gpu_milli=item["gpu_milli"], flops=item["flops"], utilisation=item["utilisation"],
               dataset_bytes=item["dataset_bytes"], priority=item["priority"], memory_bytes=item["memory_bytes"],
               latency_budget_s=item["latency_budget_s"], destination_hub=item["destination_hub"])


class View:
    """What the simulator shows at one dispatch call: the sites and pools (updated in place
    from call to call, so a policy may keep references), the network and the time."""

    def __init__(self, hello, parts):
        self.seed = hello["seed"]
        self.parts = frozenset(parts)
        self.dispatch_tick_s = hello["dispatch_tick_s"]
        self.hub_home_site = list(hello["hub_home_site"])
        self.gpu_models = {m["name"]: m for m in hello["gpu_models"]}
        self.sites = []
        for s in hello["sites"]:
            pools = [Pool(gpu_model=p["gpu_model"], installed_gpus=p["installed_gpus"],
                          gpus_per_server=p["gpus_per_server"], gpu_busy_w=_num(p["gpu_busy_w"]),
                          gpu_idle_w=_num(p["gpu_idle_w"]),
                          depreciation_yuan_per_gpu_hour=_num(p["depreciation_yuan_per_gpu_hour"]),
                          cash_cost_yuan_per_gpu_hour=_num(p["cash_cost_yuan_per_gpu_hour"]),
                          rent_yuan_per_gpu_hour=_num(p["rent_yuan_per_gpu_hour"])) for p in s["pools"]]
            self.sites.append(Site(name=s["name"], hub=s["hub"], side=s["side"], pools=pools))
        n = len(self.sites)
        self.route_latency_s = [INF] * (n * n)
        self.route_bandwidth_bps = [0.0] * (n * n)
        self.route_transfers = []
        self.now_s = 0.0
        self.trigger = "arrival"

    def update(self, message):
        """Applies one dispatch message (its view part) to this view."""
        self.now_s = message["now_s"]
        self.trigger = message["trigger"]
        queues, running, energy = "queues" in self.parts, "running" in self.parts, "energy" in self.parts
        for site, s in zip(self.sites, message["sites"]):
            site.down = s["down"]
            for pool, p in zip(site.pools, s["pools"]):
                # Plain assignments, no setattr loop: this runs for every pool at every call.
                pool.total_gpus = p["total_gpus"]
                pool.free_gpus = p["free_gpus"]
                pool.largest_free_block = p["largest_free_block"]
                pool.queued_jobs = p["queued_jobs"]
                pool.queued_gpus = p["queued_gpus"]
                pool.inbound_gpus = p["inbound_gpus"]
                if queues:
                    pool.queue = [WaitingJob(**j) for j in p["queue"]]
                    pool.inbound = [WaitingJob(**j) for j in p["inbound"]]
                if running:
                    pool.running = [RunningJob(**j) for j in p["running"]]
            if energy:
                site.pue = _num(s["pue"])
                site.electricity_price_per_kwh = _num(s["electricity_price_per_kwh"])
                site.price_schedule = [(t, _num(price)) for t, price in s["price_schedule"]]
                site.carbon_g_per_kwh = _num(s["carbon_g_per_kwh"])
                site.carbon_schedule = [(t, _num(carbon)) for t, carbon in s.get("carbon_schedule", [])]
                site.green_share = _num(s["green_share"])
        network = message.get("network")
        if network is not None:  # sent in the first message and whenever a route changed
            self.route_latency_s = [_num(v, INF) for v in network["latency_s"]]
            self.route_bandwidth_bps = network["bandwidth_bps"]
        if "transfers" in message:
            self.route_transfers = message["transfers"]

    # The same questions as ClusterView (scheduler_policies/include/aicn/policy/cluster_view.hpp).
    def latency_s(self, from_site, to_site):
        return self.route_latency_s[from_site * len(self.sites) + to_site]

    def bandwidth_bps(self, from_site, to_site):
        return self.route_bandwidth_bps[from_site * len(self.sites) + to_site]

    def data_site(self, job):
        return job.data_site

    def data_reachable(self, job, site):
        """The job's data needs no transfer to `site`, or a route exists there now."""
        if job.data_site == site or job.dataset_bytes <= 0.0:
            return True
        return self.route_bandwidth_bps[job.data_site * len(self.sites) + site] > 0.0

    def transfer_estimate_s(self, job, site, extra_transfers=0):
        """Latency + bytes / bandwidth shared with the transfers in flight on the route
        (those need view part "transfers"); 0 with no transfer, infinity with no route."""
        start = job.data_site
        if start == site or job.dataset_bytes <= 0.0:
            return 0.0
        route = start * len(self.sites) + site
        bandwidth = self.route_bandwidth_bps[route]
        if not bandwidth > 0.0:
            return INF
        sharing = (self.route_transfers[route] if route < len(self.route_transfers) else 0) + extra_transfers
        return self.route_latency_s[route] + job.dataset_bytes * 8.0 * (1 + sharing) / bandwidth


class Decision(dict):
    """One answer for one job: Decision.place(job, site, pool), .hold(job), .reject(job, why)."""

    @staticmethod
    def place(job, site, pool):
        return Decision(job=_job_id(job), action="place", site=site, pool=pool)

    @staticmethod
    def hold(job):
        return Decision(job=_job_id(job), action="hold")

    @staticmethod
    def reject(job, reason):
        return Decision(job=_job_id(job), action="reject", reason=reason)


def _job_id(job):
    return job if isinstance(job, int) else job.id


class ProtocolError(Exception):
    pass


class Session:
    """One conversation: answers each message the simulator sends, using `policy`. With
    AICN_POLICY_STATS set in the environment it prints, at bye, the number of dispatch calls
    and the seconds spent in decide() to stderr (bench/external_policy.sh reads them)."""

    def __init__(self, policy):
        self.policy = policy
        self.view = None
        self.calls = 0
        self.decide_s = 0.0

    def answer(self, message):
        """The answer to one message (a dict); after bye's answer the conversation is over."""
        kind = message.get("type")
        if kind == "hello":
            if message.get("protocol") != PROTOCOL_VERSION:
                raise ProtocolError(f"the simulator speaks protocol {message.get('protocol')}, "
                                    f"this client {PROTOCOL_VERSION}")
            parts = list(getattr(self.policy, "view_parts", ()))
            self.view = View(message, parts)
            self.policy.start(self.view)
            return {"type": "hello", "protocol": PROTOCOL_VERSION,
                    "name": getattr(self.policy, "name", type(self.policy).__name__), "view": parts}
        if kind == "dispatch":
            self.view.update(message)
            pending = [job_from_message(item) for item in message["pending"]]
            start = time.perf_counter()
            decisions = self.policy.decide(self.view, pending)
            self.decide_s += time.perf_counter() - start
            self.calls += 1
            return {"type": "decisions", "seq": message["seq"], "decisions": list(decisions or [])}
        if kind == "bye":
            self.policy.finish(self.view)
            if os.environ.get("AICN_POLICY_STATS"):
                print(f"aicn-policy-stats: calls {self.calls} decide_s {self.decide_s:.3f}", file=sys.stderr)
            return {"type": "bye"}
        raise ProtocolError(f"unknown message type {kind!r}")


def _dump(message):
    # No NaN or infinity in JSON: the simulator refuses them.
    return json.dumps(message, separators=(",", ":"), allow_nan=False)


def serve_stdio(policy, stdin=None, stdout=None):
    """Answers the simulator on stdin/stdout until bye or end of input. print() in the policy
    goes to stderr meanwhile: stdout carries the protocol."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    saved, sys.stdout = sys.stdout, sys.stderr
    try:
        session = Session(policy)
        for line in stdin:
            answer = session.answer(json.loads(line))
            stdout.write(_dump(answer) + "\n")
            stdout.flush()
            if answer["type"] == "bye":
                return
    finally:
        sys.stdout = saved


def serve_zmq(policy, endpoint, sessions=1):
    """Binds a ZeroMQ REP socket at `endpoint` and answers `sessions` runs (None: forever)."""
    import zmq

    context = zmq.Context.instance()
    socket = context.socket(zmq.REP)
    socket.setsockopt(zmq.LINGER, 0)
    socket.bind(endpoint)
    try:
        done = 0
        session = Session(policy)
        while sessions is None or done < sessions:
            message = json.loads(socket.recv())
            answer = session.answer(message)
            socket.send_string(_dump(answer))
            if answer["type"] == "bye":
                done += 1
                session = Session(policy)
    finally:
        socket.close()


def main(policy, argv=None):
    """Command line of a scheduler script: no arguments = stdin/stdout (--policy-cmd);
    `--endpoint tcp://127.0.0.1:5555 [--sessions N]` = ZeroMQ (--policy-endpoint)."""
    import argparse

    parser = argparse.ArgumentParser(description=f"AICN external scheduler: {getattr(policy, 'name', '')}")
    parser.add_argument("--endpoint", help="bind a ZeroMQ REP socket here instead of using stdin/stdout")
    parser.add_argument("--sessions", type=int, default=1, help="with --endpoint: runs to serve (0 = forever)")
    args = parser.parse_args(argv)
    if args.endpoint:
        serve_zmq(policy, args.endpoint, sessions=args.sessions or None)
    else:
        serve_stdio(policy)
