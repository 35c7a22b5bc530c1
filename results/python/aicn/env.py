"""A learning environment over AICN's external-scheduler protocol (docs/external-scheduler.md).

    from aicn.env import AicnEnv
    env = AicnEnv("build/aicn", reward="wait")
    view, pending = env.reset("scenario.yaml", seed=1)
    while True:
        decisions = my_agent(view, pending)          # Decision.place / hold / reject
        (view, pending), reward, done, info = env.step(decisions)
        if done:
            break                                    # info["summary"]: the run's summary.json

Each reset() starts one `aicn run` (an episode) that connects to the environment's ZeroMQ REP
socket with `--policy external --policy-endpoint`; every dispatch call of the run is one
step. The agent sees exactly what a policy sees, and its decisions are checked as any
policy's.

Rewards (all are "higher is better", so they are negative costs). A step's reward covers the
simulated time between the previous observation and this one, estimated from the previous
observation's state; the last step (done) adds what the calls did not see (queueing after
the last call, idle power), so that an episode's return is exactly minus the run's own total
from summary.json: wait_s.mean x wait_s.count / 3600 job-hours, energy.total.
electricity_cost_yuan, energy.total.co2_t x 1000 kg.

- "wait": minus job-hours of waiting: (jobs in local queues + jobs waiting for a decision)
  x hours elapsed (summary.json's wait also counts jobs moving their data).
- "cost": minus the electricity cost, yuan: for each pool, busy GPUs x gpu_busy_w x site PUE
  x price now x hours (asks the simulator for view part "energy"; unknown prices count 0).
- "carbon": minus grid carbon, kg CO2: the same energy x effective carbon intensity.
- a dict {"wait": w1, "cost": w2, "carbon": w3}: the weighted sum of those.

The environment is not a Policy subclass on purpose: the agent keeps control of the loop.
"""

import json
import math
import os
import shutil
import subprocess
import tempfile
import time

from .protocol import PROTOCOL_VERSION, View, job_from_message, _dump

REWARDS = ("wait", "cost", "carbon")


class EpisodeError(RuntimeError):
    """aicn ended the episode with an error (its stderr is in the message)."""


class AicnEnv:
    def __init__(self, aicn, reward="wait", endpoint=None, timeout_s=60.0, extra_args=(), workdir=None):
        import zmq

        weights = {reward: 1.0} if isinstance(reward, str) else dict(reward)
        for name in weights:
            if name not in REWARDS:
                raise ValueError(f"reward {name!r}: must be one of {', '.join(REWARDS)} or a dict of them")
        self.weights = weights
        self.aicn = aicn
        self.timeout_s = timeout_s
        self.extra_args = list(extra_args)
        # The episodes' results folders; a folder made here is removed by close().
        self._own_workdir = workdir is None
        self.workdir = workdir or tempfile.mkdtemp(prefix="aicn-env-")
        self.episode = 0
        self.process = None
        self.view = None
        self._zmq = zmq
        self._context = zmq.Context.instance()
        self.endpoint = endpoint
        self._random_port = endpoint is None
        self._bind()

    def _bind(self):
        self._socket = self._context.socket(self._zmq.REP)
        self._socket.setsockopt(self._zmq.LINGER, 0)
        if self._random_port:  # any free port on the loopback (a new one after a cut episode)
            port = self._socket.bind_to_random_port("tcp://127.0.0.1")
            self.endpoint = f"tcp://127.0.0.1:{port}"
            return
        deadline = time.monotonic() + 5.0
        while True:  # ZeroMQ frees a closed socket's address in the background
            try:
                self._socket.bind(self.endpoint)
                return
            except self._zmq.ZMQError as e:
                if e.errno != self._zmq.EADDRINUSE or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    # The episode's run ------------------------------------------------------------------
    def reset(self, scenario, seed=1):
        """Starts an episode: `aicn run SCENARIO --seed SEED` against this environment.
        Returns the first observation (view, pending)."""
        self.close_episode()
        self.episode += 1
        self.out = os.path.join(self.workdir, f"episode-{self.episode}")
        parts = ["energy"] if ("cost" in self.weights or "carbon" in self.weights) else []
        self._parts = parts
        command = [self.aicn, "run", scenario, "--seed", str(seed), "--policy", "external", "--policy-endpoint",
                   self.endpoint, "--quiet", "--force", "--out", self.out, *self.extra_args]
        self._stderr = open(os.path.join(self.workdir, f"episode-{self.episode}.stderr"), "w+")  # closed at its end
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self._stderr)
        hello = self._receive()
        if hello.get("type") != "hello" or hello.get("protocol") != PROTOCOL_VERSION:
            raise EpisodeError(f"expected hello of protocol {PROTOCOL_VERSION}, got {hello!r:.200}")
        self.view = View(hello, parts)
        self._returned = 0.0
        self._socket.send_string(_dump({"type": "hello", "protocol": PROTOCOL_VERSION, "name": "aicn.env",
                                        "view": parts}))
        message = self._receive()
        if message.get("type") != "dispatch":
            return self._finish(message)[0]
        return self._observe(message)

    def step(self, decisions):
        """Answers the current call with `decisions`; returns ((view, pending), reward, done,
        info). When done, (view, pending) is (view, []) and info["summary"] the run's summary."""
        if self.process is None:
            raise RuntimeError("step() before reset()")
        self._socket.send_string(_dump({"type": "decisions", "seq": self._seq, "decisions": list(decisions)}))
        previous_now, previous_rate = self.view.now_s, self._rate
        message = self._receive()
        if message.get("type") == "dispatch":
            observation = self._observe(message)
            reward = -previous_rate * (self.view.now_s - previous_now) / 3600.0
            self._returned += reward
            return observation, reward, False, {}
        observation, info = self._finish(message)
        # The last step carries what the calls did not see, so that an episode's return is
        # exactly the run's own account (summary.json).
        final = -self._run_total(info["summary"]) - self._returned
        return observation, final, True, info

    def close_episode(self):
        """Ends an episode still running (its results folder is not complete)."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            # A REP socket cut mid-exchange cannot answer again: a new one, same endpoint.
            self._socket.close()
            self._bind()
        self.process = None
        self._close_stderr()

    def close(self):
        self.close_episode()
        self._socket.close()
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    # Internals --------------------------------------------------------------------------
    def _observe(self, message):
        self._seq = message["seq"]
        self.view.update(message)
        pending = [job_from_message(item) for item in message["pending"]]
        self._rate = self._cost_rate(len(pending))
        return self.view, pending

    def _cost_rate(self, pending_count):
        """The weighted cost per hour of the state just observed."""
        rate = 0.0
        if "wait" in self.weights:
            queued = sum(pool.queued_jobs for site in self.view.sites for pool in site.pools)
            rate += self.weights["wait"] * (queued + pending_count)
        if "cost" in self.weights or "carbon" in self.weights:
            for site in self.view.sites:
                kw = sum((pool.total_gpus - pool.free_gpus) * _known(pool.gpu_busy_w) for pool in site.pools)
                kw = kw * _known(site.pue, 1.0) / 1000.0
                rate += self.weights.get("cost", 0.0) * kw * _known(site.electricity_price_per_kwh)
                rate += self.weights.get("carbon", 0.0) * kw * _known(site.effective_carbon_g_per_kwh()) / 1000.0
        return rate

    def _run_total(self, summary):
        """The episode's weighted cost from the run's summary: job-hours of waiting (wait_s:
        submit to start), electricity yuan and kg CO2 of the whole run."""
        total = self.weights.get("wait", 0.0) * summary["wait_s"]["mean"] * summary["wait_s"]["count"] / 3600.0
        energy = summary["energy"]["total"]
        total += self.weights.get("cost", 0.0) * energy["electricity_cost_yuan"]
        total += self.weights.get("carbon", 0.0) * energy["co2_t"] * 1000.0
        return total

    def _finish(self, message):
        if message.get("type") != "bye":
            raise EpisodeError(f"expected dispatch or bye, got {message!r:.200}")
        self._socket.send_string(_dump({"type": "bye"}))
        status = self.process.wait(timeout=self.timeout_s)
        self.process = None
        text = self._stderr_text()
        self._close_stderr()
        if status != 0:
            raise EpisodeError(text or f"aicn exited with status {status}")
        with open(os.path.join(self.out, "summary.json")) as f:
            summary = json.load(f)
        return (self.view, []), {"summary": summary, "out": self.out}

    def _receive(self):
        """The next message of the run, or EpisodeError when aicn exits or stays silent."""
        deadline = time.monotonic() + self.timeout_s
        while not self._socket.poll(100):
            if self.process.poll() is not None:
                raise EpisodeError(self._stderr_text() or f"aicn exited with status {self.process.returncode}")
            if time.monotonic() > deadline:
                raise EpisodeError(f"no message from aicn within {self.timeout_s} s")
        return json.loads(self._socket.recv())

    def _close_stderr(self):
        if getattr(self, "_stderr", None) is not None:
            self._stderr.close()
            self._stderr = None

    def _stderr_text(self):
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read().strip()


def _known(value, default=0.0):
    return default if value is None or math.isnan(value) else value
