#!/usr/bin/env python3
"""least-loaded in Python: each job goes to the site with the most free GPUs of a model it
accepts (first listed on ties), as the C++ built-in does; it gives the same summary.json.

    aicn run --policy external --policy-cmd "python3 results/python/examples/least_loaded.py"
    python3 results/python/examples/least_loaded.py --endpoint tcp://127.0.0.1:5555 &
    aicn run --policy external --policy-endpoint tcp://127.0.0.1:5555
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # results/python, for a checkout

from aicn.policy import Policy, least_loaded_pool, main, place_each  # noqa: E402


class LeastLoaded(Policy):
    name = "least-loaded.py"

    def decide(self, view, pending):
        return place_each(view, pending, lambda job: least_loaded_pool(view, job))


if __name__ == "__main__":
    main(LeastLoaded())
