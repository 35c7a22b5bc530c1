"""aicn.read_run on a real run: every column of results/SCHEMA.md with its unit, names that
match the raw indices, samples filled onto every tick, and figures that agree with the
summary the C++ side wrote (an independent computation of the same numbers)."""
import json
import math
import os
import re
import shutil
import tempfile
import unittest

import h5py
import numpy as np
import pandas as pd

import aicn_test_env as env

aicn = env.import_source_package()
from aicn import schema  # noqa: E402  (after the path is set)

# Which attribute of a Run holds each dataset of SCHEMA.md; a dataset added there fails
# test_every_dataset_is_read until it is read and listed here.
FRAME_OF_DATASET = {"/jobs": "jobs", "/sites/catalog": "site_catalog", "/sites/samples": "sites",
                    "/links/catalog": "link_catalog", "/links/samples": "links", "/energy/samples": "energy",
                    "/placement/samples": "placement", "/leasing/books": "books", "/events": "events"}
# Datasets read_run gives otherwise: the catalogs as the categories of the /jobs columns,
# /sample_times as Run.sample_times.
OTHER_DATASETS = {"/catalog/kinds", "/catalog/hubs", "/catalog/sites", "/catalog/gpu_models", "/sample_times"}
# Index columns read_run turns into names (docs/python.md), so without a unit.
NAMED = {("/sites/samples", "site"), ("/links/samples", "link"), ("/energy/samples", "site"),
         ("/placement/samples", "site")}
# Columns read_run adds (docs/python.md) and their units.
ADDED = {"/jobs": {"wait_s": "s"}, "/sites/samples": {"hub": "", "side": ""},
         "/energy/samples": {"hub": "", "side": ""}, "/placement/samples": {"hub": "", "side": ""},
         "/links/samples": {"from": "", "to": ""}}


def schema_datasets():
    """{dataset: {column: unit}} from the tables of results/SCHEMA.md."""
    datasets, current, fenced = {}, None, False
    with open(os.path.join(env.SOURCE_DIR, "results", "SCHEMA.md")) as handle:
        for line in handle:
            if line.startswith("```"):
                fenced = not fenced  # the how-to's example headings are not datasets
            if fenced:
                continue
            heading = re.match(r"### (\w+) `([^`]+)`", line)
            if heading:
                current = heading.group(2) if heading.group(1) == "Dataset" else None
                if current:
                    datasets[current] = {}
            elif current and line.startswith("| `"):
                cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
                datasets[current][cells[0].strip("`")] = cells[2]
    return datasets


RUN_FOLDER = None  # one run of the schema scenario for the whole module


def setUpModule():
    global RUN_FOLDER
    folder = tempfile.mkdtemp(prefix="aicn-python-test-")
    unittest.addModuleCleanup(shutil.rmtree, folder, ignore_errors=True)
    RUN_FOLDER = env.aicn_run(folder, env.SCHEMA_SCENARIO)


class ReadRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = RUN_FOLDER
        cls.r = aicn.read_run(cls.folder)
        with open(os.path.join(cls.folder, "summary.json")) as handle:
            cls.summary = json.load(handle)

    def test_every_dataset_is_read(self):
        datasets = schema_datasets()
        self.assertGreaterEqual(len(datasets), 12)  # the parser found the tables
        self.assertEqual(set(datasets), set(FRAME_OF_DATASET) | OTHER_DATASETS)

    def test_every_schema_column_present_with_its_unit(self):
        for dataset, units in schema_datasets().items():
            if dataset not in FRAME_OF_DATASET:
                continue
            frame = getattr(self.r, FRAME_OF_DATASET[dataset])
            self.assertEqual(frame.attrs["dataset"], dataset)
            for column, unit in units.items():
                with self.subTest(dataset=dataset, column=column):
                    self.assertIn(column, frame.columns)
                    expected = "" if (dataset, column) in NAMED else unit
                    self.assertEqual(frame.attrs["units"][column], expected)
            # Nothing undocumented either: every column is the schema's or one read_run adds.
            added = ADDED.get(dataset, {})
            self.assertEqual(set(frame.columns), set(units) | set(added), dataset)
            for column, unit in added.items():
                self.assertEqual(frame.attrs["units"][column], unit, (dataset, column))

    def test_package_units_are_schema_units(self):
        datasets = schema_datasets()
        self.assertEqual({name: units for name, units in datasets.items() if not name.startswith("/catalog/")},
                         schema.UNITS)

    def test_names_match_the_raw_indices(self):
        with h5py.File(os.path.join(self.folder, "trace.h5"), "r") as f:
            raw = f["jobs"][:]
            for column, catalog in [("kind", "kinds"), ("origin", "hubs"), ("site", "sites"), ("gpu_model", "gpu_models")]:
                names = [name.decode() for name in f["catalog/" + catalog][:]]
                expected = [names[i] if i >= 0 else None for i in raw[column]]
                got = [None if isinstance(v, float) and math.isnan(v) else v for v in self.r.jobs[column].astype(object)]
                self.assertEqual(got, expected, column)
        self.assertIsInstance(self.r.jobs["site"].dtype, pd.CategoricalDtype)
        self.assertEqual(list(self.r.jobs["status"].cat.categories), ["finished", "rejected", "unfinished", "failed"])
        self.assertEqual(list(raw["status"]), list(self.r.jobs["status"].cat.codes))
        self.assertTrue(all(isinstance(s, str) for s in self.r.site_catalog["name"]))
        self.assertTrue(all(isinstance(s, str) for s in self.r.events["detail"]))

    def test_statuses_and_waits_agree_with_the_summary(self):
        jobs = self.r.jobs
        counts = jobs["status"].value_counts()
        for status in ("finished", "rejected", "unfinished", "failed"):
            self.assertEqual(counts[status], self.summary["jobs"][status], status)
        self.assertEqual(len(jobs), self.summary["jobs"]["submitted"])
        self.assertGreater(counts["finished"], 0)
        self.assertGreater(counts["unfinished"], 0)
        finished = jobs[jobs["status"] == "finished"]
        self.assertAlmostEqual(finished["wait_s"].mean(), self.summary["wait_s"]["mean"], delta=1e-6)
        self.assertAlmostEqual(finished["wait_s"].max(), self.summary["wait_s"]["max"], delta=1e-6)
        self.assertTrue(jobs.loc[jobs["start_s"].isna(), "wait_s"].isna().all())

    def test_jobs_started_per_site_agree_with_the_summary(self):
        # A site's starts: the jobs whose row started there, plus every start a site outage
        # cut short there (the job's row then names where it went next).
        started = self.r.jobs.dropna(subset=["start_s"]).groupby("site").size()
        events = self.r.events
        interrupted = events[events["kind"] == "job_interrupted"].groupby("subject").size()
        self.assertGreater(interrupted.sum(), 0)
        for site in self.summary["sites"]:
            self.assertEqual(started.get(site["name"], 0) + interrupted.get(site["name"], 0), site["jobs_started"],
                             site["name"])

    def test_site_samples_are_filled_onto_every_tick(self):
        times = self.r.sample_times
        sites = self.r.sites
        self.assertEqual(len(sites), len(self.r.site_catalog) * len(times))
        with h5py.File(os.path.join(self.folder, "trace.h5"), "r") as f:
            raw = f["sites/samples"][:]
        self.assertLess(len(raw), len(sites))  # the trace is thinned, so filling did something
        names = list(self.r.site_catalog["name"])
        latest = {}  # site index -> its latest raw row, walking the ticks in order
        rows = iter(sorted(raw.tolist(), key=lambda row: row[0]))
        pending = next(rows, None)
        for tick in times:
            while pending is not None and pending[0] <= tick:
                latest[pending[1]] = pending
                pending = next(rows, None)
            for index, name in enumerate(names):
                got = sites[(sites["time_s"] == tick) & (sites["site"] == name)]
                self.assertEqual(len(got), 1)
                self.assertEqual(int(got["busy_gpus"].iloc[0]), latest[index][2], (tick, name))
                self.assertEqual(int(got["queued_gpus"].iloc[0]), latest[index][6], (tick, name))
        hub_of = dict(zip(self.r.site_catalog["name"], self.r.site_catalog["hub"]))
        self.assertTrue((sites["hub"].astype(str) == sites["site"].astype(str).map(hub_of)).all())

    def test_link_samples_are_filled_onto_every_interval(self):
        links = self.r.links
        self.assertEqual(len(links), 2 * len(self.r.link_catalog) * (len(self.r.sample_times) - 1))
        catalog = self.r.link_catalog
        self.assertEqual(set(links["link"].astype(str)), set(catalog["from"] + "--" + catalog["to"]))
        # Bytes over the whole run: the filled table sums every interval; the thinned rows of
        # an interval that repeats the one before undercount it (docs/trace.md).
        with h5py.File(os.path.join(self.folder, "trace.h5"), "r") as f:
            raw = f["links/samples"][:]
        self.assertGreaterEqual(links["bytes"].sum(), raw["bytes"].sum())

    def test_energy_ends_at_the_summary_figures(self):
        last = self.r.energy.sort_values("time_s").groupby("site").last()
        for site in self.summary["energy"]["sites"]:
            self.assertAlmostEqual(last.loc[site["name"], "energy_kwh"], site["facility_kwh"], delta=1e-6)

    def test_meta_summary_and_scenario(self):
        self.assertEqual(self.r.meta["schema_version"], 2)
        self.assertIsInstance(self.r.meta["end_s"], float)
        self.assertEqual(self.r.meta["end_s"], self.summary["end_s"])
        self.assertEqual(self.r.summary, self.summary)
        self.assertEqual(self.r.scenario["name"], "schema-check")
        self.assertEqual(self.r.scenario["seed"], 3)
        self.assertEqual(self.r.provenance["run_id"], self.summary["run_id"])

    def test_timestamps_from_a_start_date(self):
        run = aicn.read_run(self.folder, start="2026-01-01")
        jobs = run.jobs
        offset = (jobs["submit_time"] - pd.Timestamp("2026-01-01")).dt.total_seconds()
        self.assertLess(float(np.max(np.abs(offset - jobs["submit_s"]))), 1e-6)
        self.assertTrue(jobs.loc[jobs["start_s"].isna(), "start_time"].isna().all())
        self.assertEqual(run.sites["time"].iloc[-1], pd.Timestamp("2026-01-01") + pd.Timedelta(hours=12))
        self.assertEqual(run.jobs.attrs["units"]["submit_time"], "")


class ReadRunErrors(unittest.TestCase):
    def test_a_folder_without_a_trace(self):
        folder = env.scratch(self)
        with self.assertRaisesRegex(ValueError, re.escape(folder) + ": no trace.h5 here"):
            aicn.read_run(folder)

    def test_files_of_two_runs(self):
        folder = env.scratch(self)
        second = env.aicn_run(folder, env.SCHEMA_SCENARIO)  # same scenario, another run id
        mixed = os.path.join(folder, "mixed")
        shutil.copytree(RUN_FOLDER, mixed)
        shutil.copy(os.path.join(second, "summary.json"), os.path.join(mixed, "summary.json"))
        with self.assertRaisesRegex(ValueError, "files of two runs"):
            aicn.read_run(mixed)

    def test_a_truncated_trace_and_a_missing_dataset(self):
        broken = os.path.join(env.scratch(self), "broken")
        shutil.copytree(RUN_FOLDER, broken)
        trace = os.path.join(broken, "trace.h5")
        with h5py.File(trace, "a") as f:
            del f["events"]
        with self.assertRaisesRegex(ValueError, re.escape(trace) + ": .*events.*not a complete trace"):
            aicn.read_run(broken)
        with open(trace, "r+b") as handle:
            handle.truncate(1000)
        with self.assertRaisesRegex(ValueError, re.escape(trace) + ": not a readable HDF5 file"):
            aicn.read_run(broken)

class ReportUsesTheEmbeddedPackage(unittest.TestCase):
    def test_aicn_report_imports_its_own_copy_first_and_leaves_none_behind(self):
        # A package named aicn that cannot be imported, first on PYTHONPATH: `aicn report`
        # must put the copy it carries before it, and take that copy away afterwards.
        decoy = env.scratch(self)
        os.makedirs(os.path.join(decoy, "aicn"))
        with open(os.path.join(decoy, "aicn", "__init__.py"), "w") as handle:
            handle.write("raise ImportError('the decoy aicn package was imported')\n")
        out = os.path.join(decoy, "report")
        environment = dict(os.environ, PYTHONPATH=decoy)
        env.run([env.AICN_BINARY, "report", RUN_FOLDER, "--out", out], env=environment)
        self.assertTrue(os.path.isfile(os.path.join(out, "index.html")))
        self.assertEqual(sorted(name for name in os.listdir(out) if not name.endswith(".png")), ["index.html"])

if __name__ == "__main__":
    unittest.main()
