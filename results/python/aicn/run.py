"""read_run: one `aicn run` results folder as pandas DataFrames (see docs/python.md)."""
import json
import os

import h5py
import numpy as np
import pandas as pd

from . import trace
from .schema import EVENT_KINDS, INSTANT_COLUMNS, STATUSES, units_of

SUPPORTED_SCHEMA = 2


class RunFolderError(ValueError):
    """The folder is not a complete results folder of a run this reader understands."""


class Run:
    """A results folder read into memory.

    jobs          one row per job; kind, origin, site, gpu_model and status categorical,
                  wait_s = start_s - submit_s (NaN if the job never started)
    sites         site samples at every tick of /sample_times, site/hub/side as names
    links         link-direction samples at every tick after 0, link ("a--b"), from, to
    energy        energy samples (already whole), site/hub/side as names
    events        outages and what they did; kind categorical
    site_catalog, link_catalog   the layout's sites and links
    sample_times  every sample tick (float seconds)
    summary       summary.json as a dict;  scenario  the resolved scenario as a dict
    meta          the /meta attributes (end_s as float, summary and scenario as text)
    provenance    provenance.json as a dict ({} if absent)

    Every DataFrame carries its columns' units (results/SCHEMA.md) in df.attrs["units"] and
    the trace dataset it came from in df.attrs["dataset"].
    """

    def __init__(self, folder, start=None):
        self.folder = folder
        path = os.path.join(folder, "trace.h5")
        if not os.path.isfile(path):
            raise RunFolderError("%s: no trace.h5 here (is it an `aicn run` results folder?)" % folder)
        try:
            handle = h5py.File(path, "r")
        except OSError as error:
            raise RunFolderError("%s: not a readable HDF5 file (%s)" % (path, error)) from error
        with handle as f:
            self._read_trace(f, path)
        self.summary = self._summary()
        self.provenance = _json_file(os.path.join(folder, "provenance.json")) or {}
        self.scenario = _yaml(self.meta.get("scenario", ""), path + " /meta scenario")
        if start is not None:
            origin = pd.Timestamp(start)
            for frame in (self.jobs, self.sites, self.links, self.energy, self.events):
                _add_timestamps(frame, origin)

    def _read_trace(self, f, path):
        try:
            self.meta = _meta(f)
            version = self.meta.get("schema_version", 1)
            if version != SUPPORTED_SCHEMA:
                raise RunFolderError("%s: trace schema %s; this reader reads schema %d (re-run the scenario with "
                                     "this aicn, whose reproduce.sh is in the folder)" % (path, version, SUPPORTED_SCHEMA))
            self.sample_times = trace.sample_times(f)
            self.site_catalog = _frame(_decoded(f["sites/catalog"][:]), "/sites/catalog")
            self.link_catalog = _frame(_decoded(f["links/catalog"][:]), "/links/catalog")
            self.jobs = self._jobs(f)
            self.sites = self._site_table(trace.filled(f["sites/samples"][:], ("site",), self.sample_times),
                                          "/sites/samples")
            self.links = self._links(trace.filled(f["links/samples"][:], ("link", "direction"), self.sample_times))
            self.energy = self._site_table(f["energy/samples"][:], "/energy/samples")
            # Node pools only; traces written before /placement existed have none.
            placement = f["placement/samples"][:] if "placement/samples" in f else np.zeros(0, dtype=[
                ("time_s", "f8"), ("site", "i4"), ("requested_gpus", "f8"), ("allocated_gpus", "f8"),
                ("fragmented_gpus", "f8"), ("total_gpus", "f8")])
            self.placement = self._site_table(placement, "/placement/samples")
            # Leases and price tiers only (docs/leasing.md): the books, one row per site, total,
            # platform and lease; an empty frame with the schema's columns otherwise.
            books = f["leasing/books"][:] if "leasing/books" in f else None
            self.books = _frame(_decoded(books) if books is not None else
                                pd.DataFrame(columns=list(units_of("/leasing/books"))), "/leasing/books")
            self.events = self._events(f["events"][:])
        except KeyError as error:  # h5py's words for a missing group or dataset
            raise RunFolderError("%s: %s (not a complete trace of schema %d)" % (path, error, SUPPORTED_SCHEMA)) from error

    def __repr__(self):
        return "<aicn.Run %s: %d jobs, %d sites, %d links, %d ticks>" % (
            self.folder, len(self.jobs), len(self.site_catalog), len(self.link_catalog), len(self.sample_times))

    def _jobs(self, f):
        jobs = pd.DataFrame(f["jobs"][:])
        for column, name in trace.CATALOG_OF_COLUMN.items():
            jobs[column] = pd.Categorical.from_codes(jobs[column].to_numpy(), trace.catalog(f, name))  # -1 -> NaN
        codes = jobs["status"].to_numpy()
        if len(codes) and int(codes.max()) >= len(STATUSES):
            raise RunFolderError("%s: /jobs status %d is not one of the codes 0-%d of SCHEMA.md"
                                 % (self.folder, int(codes.max()), len(STATUSES) - 1))
        jobs["status"] = pd.Categorical.from_codes(codes.astype(np.int64), STATUSES)
        jobs["wait_s"] = jobs["start_s"] - jobs["submit_s"]
        return _frame(jobs, "/jobs", wait_s="s")

    def _site_table(self, rows, dataset):
        table = pd.DataFrame(rows)
        catalog = self.site_catalog
        index = table["site"].to_numpy()
        table["site"] = pd.Categorical.from_codes(index, list(catalog["name"]))
        for column in ("hub", "side"):
            names = catalog[column]
            table[column] = pd.Categorical(names.to_numpy()[index], categories=list(dict.fromkeys(names)))
        return _frame(table, dataset, hub="", side="")

    def _links(self, rows):
        table = pd.DataFrame(rows)
        catalog = self.link_catalog
        index = table["link"].to_numpy()
        names = list(catalog["from"] + "--" + catalog["to"])
        table["link"] = pd.Categorical.from_codes(index, names)
        for column in ("from", "to"):
            table[column] = pd.Categorical(catalog[column].to_numpy()[index],
                                           categories=list(self.site_catalog["name"]))
        return _frame(table, "/links/samples", **{"from": "", "to": ""})

    def _events(self, rows):
        events = pd.DataFrame(_decoded(rows))
        kinds = list(events["kind"])
        events["kind"] = pd.Categorical(kinds, categories=EVENT_KINDS + sorted(set(kinds) - set(EVENT_KINDS)))
        return _frame(events, "/events")

    def _summary(self):
        summary = _json_file(os.path.join(self.folder, "summary.json"))
        if summary is None:
            return json.loads(self.meta.get("summary", "{}"))
        if summary.get("run_id") != self.meta.get("run_id"):
            raise RunFolderError("%s: summary.json has run id %s, trace.h5 has %s: files of two runs"
                                 % (self.folder, summary.get("run_id"), self.meta.get("run_id")))
        return summary


def read_run(folder, start=None):
    """Read an `aicn run` results folder. START (anything pd.Timestamp takes, e.g.
    "2026-01-01") adds a timestamp column beside each time column: submit_s -> submit_time,
    time_s -> time (simulated time 0 = START; NaN -> NaT)."""
    return Run(folder, start=start)


def _meta(f):
    meta = {}
    for key, value in f["meta"].attrs.items():
        if isinstance(value, (bytes, str)):
            value = trace.text(value)
        elif isinstance(value, np.generic):
            value = value.item()  # a plain int, not numpy.int64
        meta[key] = value
    if "end_s" in meta:
        meta["end_s"] = float(meta["end_s"])  # stored as decimal text
    return meta


def _decoded(rows):
    """A structured array with its byte-string columns as str (object) columns."""
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if frame[column].dtype == object or rows.dtype[column].kind == "S":
            frame[column] = [trace.text(value) for value in frame[column]]
    return frame


def _frame(frame, dataset, **extra_units):
    units = units_of(dataset)
    units.update(extra_units)
    missing = [column for column in units if column not in frame.columns]
    if missing:
        raise RunFolderError("trace dataset %s lacks the column(s) %s of SCHEMA.md" % (dataset, ", ".join(missing)))
    frame.attrs["dataset"] = dataset
    frame.attrs["units"] = units
    return frame


def _add_timestamps(frame, origin):
    for column in INSTANT_COLUMNS:
        if column in frame.columns:
            name = "time" if column == "time_s" else column[:-2] + "_time"
            seconds = frame[column].to_numpy(dtype=float)
            never = np.isnan(seconds)  # the event never happened: NaT
            stamps = origin + pd.to_timedelta(np.where(never, 0.0, seconds), unit="s")
            frame[name] = pd.Series(stamps, index=frame.index).mask(never)
            frame.attrs["units"][name] = ""


def _json_file(path):
    if not os.path.isfile(path):
        return None
    with open(path) as handle:
        return json.load(handle)


def _yaml(text, where):
    if not text:
        return {}
    try:
        import yaml
    except ImportError as error:
        raise ImportError("aicn.read_run needs PyYAML for the scenario (Debian: apt-get install python3-yaml)") from error
    # The first line is the comment carrying the run id; YAML skips it.
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise RunFolderError("%s: not YAML: %s" % (where, error)) from error
