#!/usr/bin/env python3
"""random in Python: each job goes to a site drawn uniformly among those that could ever
hold it (the pool as aicn.policy.eligible_pool picks it). The draws come from Python's own
generator seeded with the scenario seed (hello's `seed`), so a seed repeats its run; the
draws differ from the C++ `random` built-in's.

    aicn run --policy external --policy-cmd "python3 results/python/examples/random_policy.py"
"""
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # results/python, for a checkout

from aicn.policy import Policy, eligible_pool, main, place_each  # noqa: E402


class RandomPolicy(Policy):
    name = "random.py"

    def start(self, view):
        self.rng = random.Random(view.seed)

    def decide(self, view, pending):
        def choose(job):
            candidates = []
            for s in range(len(view.sites)):
                pool = eligible_pool(view, s, job)
                if pool >= 0:
                    candidates.append((s, pool))
            return self.rng.choice(candidates) if candidates else None

        return place_each(view, pending, choose)


if __name__ == "__main__":
    main(RandomPolicy())
