"""aicn.read_sweep on files written by hand in the format of branch h14-sweep (issue 14,
sweep_results.cpp at 244983e): no `aicn sweep` on this branch yet to make real ones."""
import json
import math
import os
import unittest

import aicn_test_env as env

aicn = env.import_source_package()

SWEEP_CSV = """cell,policy.name,layout,seed,metric,value,jobs_unfinished,jobs_rejected
"policy=least-loaded,layout=west",least-loaded,"west, 400Gbps",1,wait_mean_h,1.5,3,0
"policy=least-loaded,layout=west",least-loaded,"west, 400Gbps",2,wait_mean_h,,3,0
policy=local-first,local-first,base,1,wait_mean_h,2.25,0,1
"""
STATS_CSV = """cell,policy.name,layout,metric,n,mean,ci95,rank,diff_mean,diff_ci95,paired_t_p,paired_t_p_holm,wilcoxon_p
policy=local-first,local-first,base,wait_mean_h,1,2.25,,1,0,,,,
"""


class ReadSweep(unittest.TestCase):
    def test_tables_axes_and_numbers(self):
        folder = env.scratch(self)
        for name, text in [("sweep.csv", SWEEP_CSV), ("sweep_stats.csv", STATS_CSV)]:
            with open(os.path.join(folder, name), "w") as handle:
                handle.write(text)
        with open(os.path.join(folder, "sweep.json"), "w") as handle:
            json.dump({"name": "demo", "reference": "policy=local-first"}, handle)
        sweep = aicn.read_sweep(folder)
        self.assertEqual(sweep.axes, ["policy.name", "layout"])
        runs = sweep.runs
        self.assertEqual(len(runs), 3)
        self.assertEqual(list(runs["layout"]), ["west, 400Gbps", "west, 400Gbps", "base"])  # quoted field
        self.assertEqual(list(runs["seed"]), [1, 2, 1])
        self.assertEqual(runs["value"].iloc[0], 1.5)
        self.assertTrue(math.isnan(runs["value"].iloc[1]))  # empty: unknown
        self.assertEqual(runs.groupby("policy.name")["value"].mean().to_dict(), {"least-loaded": 1.5, "local-first": 2.25})
        self.assertEqual(sweep.statistics["mean"].iloc[0], 2.25)
        self.assertEqual(sweep.result["reference"], "policy=local-first")

    def test_not_a_sweep_folder(self):
        folder = env.scratch(self)
        with self.assertRaisesRegex(ValueError, "no sweep.csv, sweep_stats.csv or sweep.json here"):
            aicn.read_sweep(folder)
        with open(os.path.join(folder, "sweep.csv"), "w") as handle:
            handle.write("a,b\n1,2\n")
        with self.assertRaisesRegex(ValueError, "sweep.csv: header a,b lacks cell, seed or metric"):
            aicn.read_sweep(folder)


if __name__ == "__main__":
    unittest.main()
