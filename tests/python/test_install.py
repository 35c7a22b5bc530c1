"""Installed copies, not the source tree: `pip install results/python` into a scratch venv,
and `cmake --install` into a scratch prefix with a TEMPLATE policy built out of tree against
it and loaded with --policy-lib. Each reads a real run with the acceptance one-liner."""
import glob
import json
import os
import re
import shutil
import subprocess
import unittest

import h5py
import numpy as np

import aicn_test_env as env

ONE_LINER = "import aicn; r = aicn.read_run('RUN'); print(r.jobs.groupby('site').wait_s.mean())"


def clean_environment(**extra):
    """Our environment without PYTHONPATH (so only the installed copy can be imported)."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    environment.update(extra)
    return environment


def mean_wait_per_site(run_folder):
    """{site: mean start - submit of the jobs that started}, by hand from the raw trace."""
    with h5py.File(os.path.join(run_folder, "trace.h5"), "r") as f:
        jobs = f["jobs"][:]
        names = [name.decode() for name in f["catalog/sites"][:]]
    started = ~np.isnan(jobs["start_s"])
    means = {}
    for index, name in enumerate(names):
        mask = started & (jobs["site"] == index)
        if mask.any():
            means[name] = float(np.mean(jobs["start_s"][mask] - jobs["submit_s"][mask]))
    return means


class InstalledCopy:
    """Checks shared by both installs (mixed into the unittest classes below)."""

    def check_one_liner(self, python, run_folder, package_root, environment):
        probe = "import aicn; print(aicn.__file__)"
        where = env.run([python, "-c", probe], cwd=self.scratch, env=environment).strip()
        self.assertTrue(where.startswith(package_root), "%s imported from %s, not from %s" % (python, where, package_root))
        printed = env.run([python, "-c", ONE_LINER.replace("RUN", run_folder)], cwd=self.scratch, env=environment)
        expected = mean_wait_per_site(run_folder)
        self.assertGreaterEqual(len(expected), 2)
        for site, mean in expected.items():
            line = re.search(r"^%s\s+(\S+)$" % re.escape(site), printed, re.MULTILINE)
            self.assertIsNotNone(line, "no line for %s in:\n%s" % (site, printed))
            self.assertAlmostEqual(float(line.group(1)), mean, delta=max(1e-5 * abs(mean), 1e-5))  # as pandas prints it


class PipInstall(unittest.TestCase, InstalledCopy):
    @classmethod
    def setUpClass(cls):
        cls.scratch = env.scratch(cls)
        cls.run_folder = env.aicn_run(cls.scratch, env.SCHEMA_SCENARIO)

    def test_pip_install_into_a_venv_then_the_one_liner(self):
        venv = os.path.join(self.scratch, "venv")
        # No pip of its own (ensurepip takes 10 s): Debian's pip, seen through the system site
        # packages, installs into the venv it runs in.
        env.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", "--without-pip", venv])
        # From a copy: pip builds in the source folder (build/, *.egg-info), not in our tree.
        source = os.path.join(self.scratch, "aicn-python")
        shutil.copytree(env.PACKAGE_DIR, source, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
        python = os.path.join(venv, "bin", "python")
        # --no-build-isolation: Debian's setuptools, no download; --no-index: nothing fetched.
        env.run([python, "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-index", source],
                env=clean_environment())
        listed = env.run([python, "-m", "pip", "show", "aicn"], env=clean_environment())
        self.assertIn("Version: %s" % (env.VERSION or "0.1.0"), listed)
        self.check_one_liner(python, self.run_folder, venv, clean_environment())


class CMakeInstall(unittest.TestCase, InstalledCopy):
    @classmethod
    def setUpClass(cls):
        cls.scratch = env.scratch(cls)
        cls.prefix = os.path.join(cls.scratch, "prefix")
        env.run(["cmake", "--install", env.BUILD_DIR, "--prefix", cls.prefix])
        cls.aicn = os.path.join(cls.prefix, "bin", "aicn")

    def test_installed_files(self):
        for path in ["bin/aicn", "share/man/man1/aicn.1", "share/aicn/TEMPLATE.cpp", "lib/cmake/AICN/AICNConfig.cmake",
                     "lib/cmake/AICN/AICNConfigVersion.cmake", "include/aicn/policy/dispatch_policy.hpp",
                     "share/doc/aicn/install.md", "share/doc/aicn/python.md"]:
            self.assertTrue(os.path.isfile(os.path.join(self.prefix, path)), path)
        version = env.run([self.aicn, "--version"])
        self.assertTrue(version.startswith("aicn %s " % env.VERSION), version)
        # The man page carries every subcommand's --help text.
        with open(os.path.join(self.prefix, "share/man/man1/aicn.1")) as handle:
            page = handle.read()
        for command in ["run", "compare", "report", "topology check", "workload stats"]:
            self.assertIn(".SS aicn %s\n" % command, page)
        self.assertIn(env.run([self.aicn, "run", "--help"]).splitlines()[0], page)

    def test_out_of_tree_policy_then_the_one_liner(self):
        build = os.path.join(self.scratch, "policy-build")
        compiler = os.environ.get("AICN_CXX_COMPILER", "c++")
        env.run(["cmake", "-S", os.path.join(os.path.dirname(os.path.abspath(__file__)), "policy_project"), "-B", build,
                 "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_PREFIX_PATH=" + self.prefix, "-DCMAKE_CXX_COMPILER=" + compiler])
        env.run(["cmake", "--build", build])
        library = os.path.join(build, "libmy_policy.so")
        self.assertTrue(os.path.isfile(library))
        listed = env.run([self.aicn, "policies", "--policy-lib", library])
        self.assertIn("template-fewest-queued", listed)
        run_folder = os.path.join(self.scratch, "run")
        env.run([self.aicn, "run", "--policy-lib", library, "--policy", "template-fewest-queued", "--max-jobs", "40",
                 "--horizon", "2d", "--quiet", "--out", run_folder])
        with open(os.path.join(run_folder, "summary.json")) as handle:
            summary = json.load(handle)
        self.assertEqual(summary["policy"], "template-fewest-queued")
        self.assertEqual(summary["jobs"]["submitted"], 40)
        self.assertGreater(sum(site["jobs_started"] for site in summary["sites"]), 0)  # the policy placed jobs
        # The Python package of the same install, found through PYTHONPATH.
        packages = glob.glob(os.path.join(self.prefix, "lib", "python3*", "dist-packages"))
        self.assertEqual(len(packages), 1, packages)
        self.check_one_liner("/usr/bin/python3", run_folder, packages[0], clean_environment(PYTHONPATH=packages[0]))


if __name__ == "__main__":
    unittest.main()
