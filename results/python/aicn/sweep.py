"""read_sweep: the tables of an `aicn sweep` folder as pandas DataFrames (docs/python.md).

Written against the files of branch h14-sweep (issue 14, commit 244983e): sweep.csv, tidy,
one row per cell x seed x metric (columns cell, one per axis, seed, metric, value,
jobs_unfinished, jobs_rejected); sweep_stats.csv, one row per cell x metric (cell, the axes,
metric, n, mean, ci95, ...); sweep.json. An empty field is an unknown value (NaN).
"""
import json
import os

import pandas as pd

from .run import RunFolderError


class Sweep:
    """runs        sweep.csv: one row per cell x seed x metric (None if absent)
    statistics  sweep_stats.csv: one row per cell x metric (None if absent)
    result      sweep.json as a dict (None if absent)
    axes        the axis columns of the tables (text, as the sweep file wrote them)"""

    def __init__(self, folder):
        self.folder = folder
        self.axes = []
        self.runs = self._table("sweep.csv", "seed")
        self.statistics = self._table("sweep_stats.csv", "metric")
        path = os.path.join(folder, "sweep.json")
        self.result = None
        if os.path.isfile(path):
            with open(path) as handle:
                self.result = json.load(handle)
        if self.runs is None and self.statistics is None and self.result is None:
            raise RunFolderError("%s: no sweep.csv, sweep_stats.csv or sweep.json here (is it an `aicn sweep` folder?)"
                                 % folder)

    def __repr__(self):
        return "<aicn.Sweep %s: axes %s>" % (self.folder, ", ".join(self.axes) or "none")

    def _table(self, name, after_axes):
        """NAME as a DataFrame: cell, the axes and metric as text, every other column a number.
        The axes are the columns between `cell` and AFTER_AXES."""
        path = os.path.join(self.folder, name)
        if not os.path.isfile(path):
            return None
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        columns = list(table.columns)
        if columns[:1] != ["cell"] or after_axes not in columns or "metric" not in columns:
            raise RunFolderError("%s: header %s lacks cell, %s or metric" % (path, ",".join(columns), after_axes))
        self.axes = columns[1:columns.index(after_axes)]
        for column in columns:
            if column not in ["cell", "metric"] + self.axes:
                table[column] = pd.to_numeric(table[column].replace("", float("nan")))
        return table


def read_sweep(folder):
    return Sweep(folder)
