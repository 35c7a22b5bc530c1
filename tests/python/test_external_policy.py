"""The Python side of the external-scheduler protocol: the client's view and helpers on
hand-written messages, every optional view part against the counts in a real run, and the
learning loop (aicn.env over ZeroMQ) on a real aicn binary.

    AICN_BINARY=build/aicn /usr/bin/python3 -m unittest -v test_external_policy   # in tests/python
"""
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE_DIR = os.environ.get("AICN_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
AICN_BINARY = os.environ.get("AICN_BINARY", os.path.join(SOURCE_DIR, "build", "aicn"))
sys.path.insert(0, os.path.join(SOURCE_DIR, "results", "python"))
sys.path.insert(0, os.path.join(SOURCE_DIR, "results", "python", "examples"))

from aicn.policy import Decision, Policy, hold_or_reject, least_loaded_pool  # noqa: E402
from aicn.protocol import serve_stdio  # noqa: E402

HELLO = {"type": "hello", "protocol": 1, "seed": 7, "dispatch_tick_s": 0, "hub_home_site": [0, 1],
         "gpu_models": [{"name": "A100-80GB", "peak_fp16_flops": 3.12e14, "memory_bytes": 8.0e10}],
         "sites": [{"name": "east", "hub": 0, "side": "east",
                    "pools": [{"gpu_model": "A100-80GB", "installed_gpus": 16, "gpus_per_server": 8,
                               "gpu_busy_w": None, "gpu_idle_w": None, "depreciation_yuan_per_gpu_hour": None,
                               "cash_cost_yuan_per_gpu_hour": None, "rent_yuan_per_gpu_hour": None}]},
                   {"name": "west", "hub": 1, "side": "west",
                    "pools": [{"gpu_model": "A100-80GB", "installed_gpus": 64, "gpus_per_server": 8,
                               "gpu_busy_w": 700.0, "gpu_idle_w": 100.0, "depreciation_yuan_per_gpu_hour": 1.0,
                               "cash_cost_yuan_per_gpu_hour": 0.6, "rent_yuan_per_gpu_hour": 2.0}]}]}


def pool(total, free):
    return {"total_gpus": total, "free_gpus": free, "largest_free_block": free, "queued_jobs": 0,
            "queued_gpus": 0, "inbound_gpus": 0}


def job(job_id, gpus, dataset_bytes=1e9):
    return {"id": job_id, "kind": "training", "origin_hub": 0, "data_site": 0, "submit_s": 0.0,
            "gpu_model": "A100-80GB", "accepts": ["A100-80GB"], "run_time_s": {"A100-80GB": 3600.0}, "gpus": gpus,
            "gpu_milli": 1000, "flops": 1e18, "utilisation": 0.5, "dataset_bytes": dataset_bytes, "priority": 0,
            "memory_bytes": 0.0, "latency_budget_s": 0.0, "destination_hub": -1}


def dispatch(seq, east_free, west_free, pending, network=True, west_down=False):
    message = {"type": "dispatch", "seq": seq, "now_s": 10.0 * seq, "trigger": "arrival",
               "sites": [{"down": False, "pools": [pool(16, east_free)]},
                         {"down": west_down, "pools": [pool(0 if west_down else 64, 0 if west_down else west_free)]}],
               "pending": pending}
    if network:  # east <-> west 100 Gbps, 20 ms
        message["network"] = {"latency_s": [0.0, 0.02, 0.02, 0.0], "bandwidth_bps": [0.0, 1e11, 1e11, 0.0]}
    return message


class LeastLoaded(Policy):
    name = "test-least-loaded"

    def decide(self, view, pending):
        decisions = []
        for j in pending:
            target = least_loaded_pool(view, j)
            decisions.append(Decision.place(j, *target) if target else hold_or_reject(view, j))
        return decisions


def converse(policy, messages):
    """The answers serve_stdio writes for `messages`, as dicts."""
    stdin = io.StringIO("".join(json.dumps(m) + "\n" for m in messages))
    stdout = io.StringIO()
    serve_stdio(policy, stdin=stdin, stdout=stdout)
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


class ClientTest(unittest.TestCase):
    def test_hello_then_decisions_then_bye(self):
        answers = converse(LeastLoaded(), [HELLO, dispatch(1, 4, 64, [job(5, 8)]),
                                           dispatch(2, 16, 2, [job(6, 8)], network=False),
                                           {"type": "bye", "seq": 3}])
        self.assertEqual(answers[0], {"type": "hello", "protocol": 1, "name": "test-least-loaded", "view": []})
        # 64 free in the west beat 4 in the east; then 16 beat 2.
        self.assertEqual(answers[1], {"type": "decisions", "seq": 1,
                                      "decisions": [{"job": 5, "action": "place", "site": 1, "pool": 0}]})
        self.assertEqual(answers[2]["decisions"], [{"job": 6, "action": "place", "site": 0, "pool": 0}])
        self.assertEqual(answers[3], {"type": "bye"})

    def test_a_job_no_pool_can_hold_is_held_while_a_bigger_site_is_down_and_rejected_otherwise(self):
        answers = converse(LeastLoaded(), [HELLO, dispatch(1, 16, 64, [job(1, 32)], west_down=True),
                                           dispatch(2, 16, 64, [job(2, 128)], network=False)])
        self.assertEqual(answers[1]["decisions"], [{"job": 1, "action": "hold"}])
        self.assertEqual(answers[2]["decisions"],
                         [{"job": 2, "action": "reject", "reason": "no site has 128 GPUs of model A100-80GB"}])

    def test_the_view_keeps_the_last_network_and_estimates_transfers_as_the_simulator(self):
        seen = {}

        class Probe(Policy):
            def decide(self, view, pending):
                seen[view.now_s] = (view.bandwidth_bps(0, 1), view.transfer_estimate_s(pending[0], 1),
                                    view.sites[1].pools[0].rent_yuan_per_gpu_hour,
                                    view.sites[0].pools[0].gpu_busy_w)
                return []

        converse(Probe(), [HELLO, dispatch(1, 4, 64, [job(5, 8, dataset_bytes=1.25e9)]),
                           dispatch(2, 4, 64, [job(6, 8, dataset_bytes=1.25e9)], network=False)])
        # 0.02 s + 1.25e9 B x 8 / 1e11 bit/s = 0.12 s
        self.assertEqual(seen[10.0][:3], (1e11, 0.02 + 0.1, 2.0))
        self.assertTrue(math.isnan(seen[10.0][3]), "null (unknown) is NaN")
        self.assertEqual(seen[20.0][:2], (1e11, 0.02 + 0.1), "no network in the second message: the last one holds")


CHECKING_POLICY = """
import sys
sys.path.insert(0, {package!r})
from aicn.policy import Policy, least_loaded_pool, main, place_each

class Checking(Policy):
    # Every optional part: each call checks them against the counts sent beside them.
    view_parts = ("energy", "transfers", "queues", "running")
    calls = 0

    def decide(self, view, pending):
        n = len(view.sites)
        assert len(view.route_transfers) == n * n, view.route_transfers
        for site in view.sites:
            assert site.pue >= 1.0, site.pue
            assert site.electricity_price_per_kwh > 0.0, site.electricity_price_per_kwh
            for pool in site.pools:
                assert sum(j.gpus for j in pool.running) == pool.total_gpus - pool.free_gpus or site.down, pool
                assert len(pool.queue) == pool.queued_jobs, pool
                assert sum(j.gpus for j in pool.queue) == pool.queued_gpus, pool
                assert sum(j.gpus for j in pool.inbound) == pool.inbound_gpus, pool
                ends = [j.end_s for j in pool.running]
                assert ends == sorted(ends) and all(end >= view.now_s for end in ends), ends
        Checking.calls += 1
        return place_each(view, pending, lambda job: least_loaded_pool(view, job))

    def finish(self, view):
        print("checked calls:", Checking.calls, file=sys.stderr)

main(Checking())
"""


@unittest.skipUnless(os.path.exists(AICN_BINARY), f"no aicn binary at {AICN_BINARY}")
class LiveViewTest(unittest.TestCase):
    def test_the_optional_view_parts_agree_with_the_counts_in_a_real_run(self):
        folder = tempfile.mkdtemp(prefix="aicn-live-view-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        script = os.path.join(folder, "checking.py")
        with open(script, "w") as f:
            f.write(CHECKING_POLICY.format(package=os.path.join(SOURCE_DIR, "results", "python")))
        run = subprocess.run([AICN_BINARY, "run", "--horizon", "12h", "--quiet", "--policy", "external",
                              "--policy-cmd", f"{sys.executable} {script}", "--out", os.path.join(folder, "out")],
                             capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        calls = int(run.stderr.split("checked calls:")[1].split()[0])
        self.assertGreater(calls, 100, "the national default's first 12 hours make hundreds of calls")


@unittest.skipUnless(os.path.exists(AICN_BINARY), f"no aicn binary at {AICN_BINARY}")
class LearningLoopTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="aicn-learn-test-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)

    def test_the_return_improves_over_episodes_on_a_fixed_seed(self):
        import learn_tabular

        returns, best = learn_tabular.train(AICN_BINARY, episodes=10, seed=1, workdir=self.dir, log=lambda line: None)
        # Episode 1 (all preferences equal: every job at the first eligible site, the east)
        # is local-first's run: its return is minus local-first's total wait from its own summary.
        scenario = os.path.join(self.dir, "learn.yaml")
        subprocess.run([AICN_BINARY, "run", scenario, "--policy", "local-first", "--quiet", "--out",
                        os.path.join(self.dir, "local-first")], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(self.dir, "local-first", "summary.json")) as f:
            wait = json.load(f)["wait_s"]
        self.assertAlmostEqual(returns[0], -wait["mean"] * wait["count"] / 3600.0, delta=1e-6 * abs(returns[0]))
        # The search keeps only improvements, and it must find some: the best return at the
        # end is at least twice as good (half the job-hours of waiting) as the first.
        self.assertEqual(best, sorted(best))
        self.assertGreater(best[-1], 0.5 * returns[0])
        # Not only the best: the later episodes, perturbations included, wait less on average.
        self.assertGreater(sum(returns[-5:]) / 5, returns[0])

    def test_an_episode_that_aicn_refuses_raises_with_aicn_s_message(self):
        from aicn.env import AicnEnv, EpisodeError

        env = AicnEnv(AICN_BINARY, workdir=self.dir)
        self.addCleanup(env.close)
        missing = os.path.join(self.dir, "missing.yaml")
        with self.assertRaises(EpisodeError) as caught:
            env.reset(missing, seed=1)
        self.assertIn("aicn: error:", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
