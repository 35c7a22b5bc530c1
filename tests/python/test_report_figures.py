"""The report's helpers (results/aicn_report.py) on hand-made numbers: the rolling mean and its
band, the metric titles, the seed ranges and the page titles that name what is compared."""
import importlib.util
import os
import unittest

import numpy as np

SCRIPT = os.path.join(os.environ.get("AICN_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..")),
                      "results", "aicn_report.py")
spec = importlib.util.spec_from_file_location("aicn_report", SCRIPT)
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)


class Rolling(unittest.TestCase):
    def test_trailing_window_mean_and_band(self):
        # Window 1.5 s over samples at 0, 1, 2, 3 s: each time averages the samples after t - 1.5:
        # t=0: {0} -> 0; t=1: {0, 2} -> 1; t=2: {2, 4} -> 3; t=3: {4, 6} -> 5.
        mean, low, high = report.rolling(np.array([0.0, 1.0, 2.0, 3.0]), [0, 2, 4, 6], 1.5)
        np.testing.assert_allclose(mean, [0, 1, 3, 5])
        np.testing.assert_allclose(low, [0, 0, 2, 4])
        np.testing.assert_allclose(high, [0, 2, 4, 6])

    def test_window_is_a_day_for_long_runs_and_three_hours_otherwise(self):
        self.assertEqual(report.smoothing_window_s(np.array([0.0, 5 * 86400.0])), 86400.0)
        self.assertEqual(report.smoothing_window_s(np.array([0.0, 86400.0])), 3 * 3600.0)
        self.assertEqual(report.smoothing_window_s(np.array([0.0, 600.0])), 600.0)
        self.assertEqual(report.smoothing_text(np.arange(0, 2 * 86400.0, 3600.0)),
                         "3-hour mean; band: range of the 1-hour samples")


class Titles(unittest.TestCase):
    def test_metric_titles_carry_their_unit(self):
        self.assertEqual(report.metric_title("wait_mean_h"), "wait mean (h)")
        self.assertEqual(report.metric_title("utilisation_pct"), "utilisation (%)")
        self.assertEqual(report.metric_title("electricity_cost_myuan"), "electricity cost (M yuan)")
        self.assertEqual(report.metric_title("jobs_finished"), "jobs finished")

    def test_seed_ranges(self):
        self.assertEqual(report.seeds_text([3, 1, 2]), "seeds 1-3")
        self.assertEqual(report.seeds_text([4]), "seed 4")
        self.assertEqual(report.seeds_text([1, 5]), "seeds 1, 5")

    def test_page_title_names_the_compared_policies_and_seeds(self):
        class Run:
            def __init__(self, label, seed):
                self.label, self.policy, self.summary = label, label, {"scenario": "tiny", "seed": seed}
        runs = [Run("local-first", 1), Run("least-loaded", 1)]
        self.assertEqual(report.report_title(runs, None), "AICN report: tiny: local-first vs least-loaded (seed 1)")
        self.assertEqual(report.report_title(runs[:1], None), "AICN report: tiny, policy local-first, seed 1")
        comparison = {"policies": [{"policy": "local-first", "seeds": [1, 2, 3]},
                                   {"policy": "least-loaded", "seeds": [1, 2, 3]}]}
        self.assertEqual(report.report_title(runs, comparison),
                         "AICN comparison: tiny: local-first vs least-loaded over seeds 1-3 (figures over time: seed 1)")


if __name__ == "__main__":
    unittest.main()
