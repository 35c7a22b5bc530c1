"""What the Python tests share: where the source, build and binary are (CTest passes them in
the environment, see CMakeLists.txt), scratch folders, and a small run of the aicn binary."""
import os
import shutil
import subprocess
import sys
import tempfile

SOURCE_DIR = os.environ.get("AICN_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
BUILD_DIR = os.environ.get("AICN_BUILD_DIR", os.path.join(SOURCE_DIR, "build"))
AICN_BINARY = os.environ.get("AICN_BINARY", os.path.join(BUILD_DIR, "aicn"))
VERSION = os.environ.get("AICN_VERSION", "")
PACKAGE_DIR = os.path.join(SOURCE_DIR, "results", "python")

# Small but complete (the scenario of tests/cli/schema_test.cpp): data moves west, jobs finish
# and stay queued, a link and a site go down and come back, so every table has rows.
SCHEMA_SCENARIO = """name: schema-check
seed: 3
horizon: 12h
sample_interval: 1h
layout: tiny-3site
workload:
  source: poisson-training
  arrivals_per_hour: 6
  max_gpus: 64
policy: least-loaded
outages:
  - {at: 2h, link_down: [east-a, west-a], for: 1h}
  - {at: 5h, site_down: west-b}
  - {at: 7h, site_up: west-b}
"""


def scratch(owner):
    """A scratch folder removed when OWNER (a test, or a test class) is done."""
    folder = tempfile.mkdtemp(prefix="aicn-python-test-")
    cleanup = owner.addClassCleanup if isinstance(owner, type) else owner.addCleanup
    cleanup(shutil.rmtree, folder, ignore_errors=True)
    return folder


def run(command, **options):
    """Runs COMMAND (a list); returns its stdout; fails with its output when it fails."""
    result = subprocess.run(command, capture_output=True, text=True, **options)
    if result.returncode != 0:
        raise AssertionError("%s exited %d\nstdout:\n%s\nstderr:\n%s"
                             % (" ".join(command), result.returncode, result.stdout, result.stderr))
    return result.stdout


def aicn_run(folder, scenario_text, *options):
    """Writes SCENARIO_TEXT to FOLDER/scenario.yaml, runs it into FOLDER/run; returns that path."""
    scenario = os.path.join(folder, "scenario.yaml")
    with open(scenario, "w") as handle:
        handle.write(scenario_text)
    out = os.path.join(folder, "run")
    run([AICN_BINARY, "run", scenario, "--quiet", "--out", out] + list(options))
    return out


def import_source_package():
    """The aicn package of this source tree (not an installed one)."""
    if PACKAGE_DIR not in sys.path:
        sys.path.insert(0, PACKAGE_DIR)
    import aicn
    assert os.path.dirname(aicn.__file__) == os.path.join(PACKAGE_DIR, "aicn"), aicn.__file__
    return aicn
