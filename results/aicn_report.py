#!/usr/bin/python3
"""aicn_report.py: figures and an offline HTML page for one or more AICN runs.

Usually called by `aicn report RUN_DIR [--compare OTHER...] [--out DIR]` (the binary carries a
copy of this script), but it runs on its own too:

    /usr/bin/python3 results/aicn_report.py --out DIR RUN_DIR [OTHER_RUN_DIR...]

Needs Debian's python3-matplotlib and python3-h5py (call /usr/bin/python3: a pyenv or conda
python3 earlier on PATH usually lacks them). Writes DIR/*.png and DIR/index.html, whose
images are embedded as base64, so the page works offline and can be mailed as one file.
The trace layout it reads is documented in results/SCHEMA.md.

Exit status: 0 done, 2 bad input (not a run folder, missing package), 1 anything else.
"""
import argparse
import base64
import html
import json
import os
import sys

try:
    import h5py
    import matplotlib
    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt
    from matplotlib import cm, colors, ticker
    import numpy as np
except ImportError as error:
    sys.stderr.write("aicn report: error: %s; install the Debian packages python3-matplotlib and "
                     "python3-h5py and use /usr/bin/python3 (or set AICN_PYTHON)\n" % error)
    sys.exit(2)

# The trace readers (catalog names, filled samples) are the aicn package's: results/python
# beside this file, or the copy `aicn report` puts on PYTHONPATH, or an installed one.
if "__file__" in globals():
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "python"))
try:
    from aicn.trace import filled, named_jobs, sample_times, text
except ImportError as error:
    sys.stderr.write("aicn report: error: %s; the aicn package (results/python) is not on the path: "
                     "run this script from the source tree, or pip install results/python\n" % error)
    sys.exit(2)

DAY = 86400.0
HOUR = 3600.0


class InputError(Exception):
    pass


class Run:
    """One results folder: its trace tables, summary and provenance."""

    def __init__(self, folder):
        self.folder = folder
        trace = os.path.join(folder, "trace.h5")
        if not os.path.isfile(trace):
            raise InputError("%s: no trace.h5 here (is it an `aicn run` results folder?)" % folder)
        with h5py.File(trace, "r") as f:
            self.jobs = named_jobs(f)
            self.sites = f["sites/catalog"][:]
            times = sample_times(f)
            self.site_samples = filled(f["sites/samples"][:], ("site",), times)
            self.links = f["links/catalog"][:]
            self.link_samples = filled(f["links/samples"][:], ("link", "direction"), times)
            self.meta = {key: (text(value) if isinstance(value, bytes) else value)
                         for key, value in f["meta"].attrs.items()}
            # Node pools (scenario key `placement`): allocation and fragmentation per site and tick.
            self.placement = f["placement/samples"][:] if "placement/samples" in f else None
            self.energy = {}
            if "energy" in f:
                f["energy"].visititems(self._collect_energy)
        summary_path = os.path.join(folder, "summary.json")
        if os.path.isfile(summary_path):
            with open(summary_path) as handle:
                self.summary = json.load(handle)
        else:
            self.summary = json.loads(self.meta.get("summary", "{}"))
        provenance_path = os.path.join(folder, "provenance.json")
        self.provenance = {}
        if os.path.isfile(provenance_path):
            with open(provenance_path) as handle:
                self.provenance = json.load(handle)
        self.policy = self.summary.get("policy", text(self.meta.get("policy", "?")))
        self.label = self.policy
        self.site_names = [text(n) for n in self.sites["name"]]
        self.site_hub = [text(h) for h in self.sites["hub"]]
        self.site_side = [text(s) for s in self.sites["side"]]
        self.hubs = list(dict.fromkeys(self.site_hub))  # layout order

    def _collect_energy(self, name, obj):
        """Per-site time series under /energy: any compound dataset with time_s and site."""
        if isinstance(obj, h5py.Dataset) and obj.dtype.names and {"time_s", "site"} <= set(obj.dtype.names):
            self.energy[name] = obj[:]

    def hub_series(self, column, table=None):
        """{hub: (times, sum of `column` over the hub's sites at each time)}."""
        table = self.site_samples if table is None else table
        times, inverse = np.unique(table["time_s"], return_inverse=True)
        hub_of_row = np.array(self.site_hub, dtype=object)[table["site"]]
        series = {}
        for hub in self.hubs:
            mask = hub_of_row == hub
            series[hub] = (times, np.bincount(inverse[mask], weights=table[column][mask].astype(float),
                                              minlength=len(times)))
        return series

    def waits_and_completions(self):
        done = self.jobs[self.jobs["status"] == 0]
        return done["start_s"] - done["submit_s"], done["end_s"] - done["submit_s"]


def unique_labels(runs):
    """Label runs by policy; add the folder name where two runs share a policy."""
    policies = [run.policy for run in runs]
    for run in runs:
        if policies.count(run.policy) > 1:
            run.label = "%s (%s)" % (run.policy, os.path.basename(os.path.normpath(run.folder)))


def smoothing_window_s(times_s):
    """The rolling-mean window: a day for runs longer than four days, else three hours (or the
    whole run when it is shorter), so that the curve shows the trend and the band the hours."""
    span = float(times_s.max() - times_s.min()) if len(times_s) > 1 else 0.0
    return DAY if span > 4 * DAY else min(3 * HOUR, max(span, 1.0))


def rolling(times_s, values, window_s):
    """(mean, low, high) of `values` over the samples in the trailing `window_s` of each time:
    the curve is the mean, the band spans the sampled (hourly) values of that window."""
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return values, values, values
    begin = np.searchsorted(times_s, times_s - window_s, side="right")
    sums = np.r_[0.0, np.cumsum(values)]
    mean = (sums[np.arange(1, len(values) + 1)] - sums[begin]) / np.maximum(np.arange(1, len(values) + 1) - begin, 1)
    low = np.array([values[b:i + 1].min() for i, b in enumerate(begin)])
    high = np.array([values[b:i + 1].max() for i, b in enumerate(begin)])
    return mean, low, high


def hub_style(run, hub):
    """East hubs solid, west hubs dashed: the side of a curve is visible without the legend."""
    side = run.site_side[run.site_hub.index(hub)] if hub in run.site_hub else "east"
    return "-" if side == "east" else "--"


def plot_smoothed(ax, run, hub, times, values, colour):
    x = time_axis(ax, times)
    mean, low, high = rolling(times, values, smoothing_window_s(times))
    side = "east" if hub_style(run, hub) == "-" else "west"
    ax.fill_between(x, low, high, color=colour, alpha=0.15, lw=0)
    ax.plot(x, mean, ls=hub_style(run, hub), color=colour, lw=1.4, label="%s (%s)" % (hub, side))


def duration_text(seconds):
    if seconds >= DAY:
        return "%g-day" % round(seconds / DAY, 2)
    if seconds >= HOUR:
        return "%g-hour" % round(seconds / HOUR, 2)
    return "%g-minute" % round(seconds / 60.0, 2)


def smoothing_text(times_s):
    """"1-day mean; band: range of the 1-hour samples" for a panel title."""
    step = float(np.median(np.diff(times_s))) if len(times_s) > 1 else 0.0
    samples = ("the %s samples" % duration_text(step)) if step > 0 else "the samples"
    return "%s mean; band: range of %s" % (duration_text(smoothing_window_s(times_s)), samples)


def hub_colours(runs):
    """One colour per hub name, the same in every run's panel."""
    names = list(dict.fromkeys(hub for run in runs for hub in run.hubs))
    palette = plt.get_cmap("tab10" if len(names) <= 10 else "tab20")
    return {name: palette(i % palette.N) for i, name in enumerate(names)}


def time_axis(ax, times_s):
    span = float(times_s.max()) if len(times_s) else 0.0
    if span > 2 * DAY:
        ax.set_xlabel("simulated time (days)")
        return times_s / DAY
    ax.set_xlabel("simulated time (hours)")
    return times_s / HOUR


def per_run_axes(runs, height=3.2):
    # Constrained layout makes room for the legends placed outside the axes. One y scale for
    # every run: panels of compared runs are read against each other.
    fig, axes = plt.subplots(len(runs), 1, figsize=(11, 0.6 + height * len(runs)), squeeze=False, sharex=True,
                             sharey=True, layout="constrained")
    return fig, [row[0] for row in axes]


def legend_outside(ax, **options):
    """A legend to the right of the axes, so it never hides a curve."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize=8, **options)


def figure_hub_utilisation(runs):
    fig, axes = per_run_axes(runs)
    colour = hub_colours(runs)
    for ax, run in zip(axes, runs):
        busy = run.hub_series("busy_gpus")
        total = run.hub_series("total_gpus")
        for hub in run.hubs:
            times, used = busy[hub]
            capacity = total[hub][1]
            plot_smoothed(ax, run, hub, times, 100.0 * used / np.maximum(capacity, 1), colour[hub])
        ax.set_ylabel("busy GPUs (%)")
        ax.set_ylim(0, 105)
        ax.set_title("GPU utilisation per hub: %s (%s)" % (run.label, smoothing_text(times)))
        legend_outside(ax)
        ax.grid(alpha=0.3)
    return fig


def figure_hub_queues(runs):
    fig, axes = per_run_axes(runs)
    colour = hub_colours(runs)
    for ax, run in zip(axes, runs):
        queued = run.hub_series("queued_jobs")
        for hub in run.hubs:
            times, jobs = queued[hub]
            plot_smoothed(ax, run, hub, times, jobs, colour[hub])
        ax.set_ylabel("queued jobs")
        ax.set_ylim(bottom=0)
        ax.set_title("Queue length per hub: %s (%s)" % (run.label, smoothing_text(times)))
        legend_outside(ax)
        ax.grid(alpha=0.3)
    return fig


def figure_cdfs(runs):
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for index, title in enumerate(("Wait time (submit to start)", "Completion time (submit to end)")):
        ax = axes[index]
        for run in runs:
            values = np.sort(run.waits_and_completions()[index])
            if len(values) == 0:
                continue
            # A log axis shows seconds-long and week-long waits together; zero waits sit at 1 s.
            ax.step(np.maximum(values, 1.0) / HOUR, np.arange(1, len(values) + 1) / len(values), where="post",
                    label="%s (%d jobs)" % (run.label, len(values)))
        ax.set_xscale("log")
        ax.set_xlabel("hours (log scale; waits under 1 s shown at 1 s)")
        ax.set_ylabel("fraction of finished jobs")
        ax.set_ylim(0, 1.02)
        ax.set_title(title)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def east_west_directions(run):
    """[(link index, direction, label)] for each link joining an eastern and a western site."""
    side = dict(zip(run.site_names, run.site_side))
    result = []
    for row in run.links:
        a, b = text(row["from"]), text(row["to"])
        if side.get(a) == "east" and side.get(b) == "west":
            result.append((int(row["index"]), 0, "%s -> %s" % (a, b)))
        elif side.get(a) == "west" and side.get(b) == "east":
            result.append((int(row["index"]), 1, "%s -> %s" % (b, a)))
    return result


def figure_east_west_bytes(runs, top=8):
    fig, axes = per_run_axes(runs)
    for ax, run in zip(axes, runs):
        samples = run.link_samples
        curves = []
        for link, direction, label in east_west_directions(run):
            rows = samples[(samples["link"] == link) & (samples["direction"] == direction)]
            if len(rows):
                curves.append((label, rows["time_s"], np.cumsum(rows["bytes"]) / 1e12))
        curves.sort(key=lambda curve: -curve[2][-1])
        shown = [curve for curve in curves[:top] if curve[2][-1] > 0]
        for label, times, cumulative in shown:
            ax.plot(time_axis(ax, times), cumulative, label=label, lw=1.2)
        rest = [curve for curve in curves[top:] if curve[2][-1] > 0]
        if rest:
            ax.plot(time_axis(ax, rest[0][1]), sum(curve[2] for curve in rest), label="%d other links" % len(rest),
                    lw=1.2, ls="--", color="grey")
        if not shown:
            ax.text(0.5, 0.5, "no bytes moved east to west", transform=ax.transAxes, ha="center")
        ax.set_ylabel("cumulative TB")
        ax.set_title("East -> west bytes per link: %s" % run.label)
        legend_outside(ax)
        ax.grid(alpha=0.3)
    return fig


def mean_link_utilisation(run):
    """Per link: the time-mean utilisation of its busier direction."""
    samples = run.link_samples
    result = []
    for row in run.links:
        rows = samples[samples["link"] == row["index"]]
        means = [rows[rows["direction"] == d]["utilisation"].mean() for d in (0, 1) if np.any(rows["direction"] == d)]
        result.append(float(max(means)) if means else 0.0)
    return np.array(result)


def mean_site_utilisation(run):
    result = np.zeros(len(run.site_names))
    for s in range(len(run.site_names)):
        rows = run.site_samples[run.site_samples["site"] == s]
        if len(rows):
            result[s] = np.mean(rows["busy_gpus"] / np.maximum(rows["total_gpus"], 1))
    return result


def label_goes_left(name, lon, lat):
    """Put a site's label on its left when another site sits close to its right, so
    neighbouring labels (e.g. wuhu and yrd-demo-zone) do not overlap."""
    return any(0.0 < lon[other] - lon[name] < 5.0 and abs(lat[other] - lat[name]) < 2.5
               for other in lon if other != name)


def figure_map(runs):
    columns = min(len(runs), 2)
    rows = (len(runs) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(7 * columns, 6.5 * rows), squeeze=False, layout="constrained")
    site_norm = colors.Normalize(0.0, 1.0)
    site_colours = plt.get_cmap("viridis")
    # Long-haul links are rarely busy on average: their own scale, from 0 to the busiest link.
    link_use = [mean_link_utilisation(run) for run in runs]
    link_norm = colors.Normalize(0.0, max(1e-6, max(float(u.max(initial=0.0)) for u in link_use)))
    link_colours = plt.get_cmap("plasma")
    for index, run in enumerate(runs):
        ax = axes[index // columns][index % columns]
        lat = {n: float(v) for n, v in zip(run.site_names, run.sites["lat_deg"])}
        lon = {n: float(v) for n, v in zip(run.site_names, run.sites["lon_deg"])}
        for row, use in zip(run.links, link_use[index]):
            a, b = text(row["from"]), text(row["to"])
            ax.plot([lon[a], lon[b]], [lat[a], lat[b]], color=link_colours(link_norm(use)),
                    lw=1.0 + 4 * link_norm(use), zorder=1)
            # No outlines of provinces (no packaged dataset here): the fibre distance of each
            # link stands beside it instead, so that the map still reads as a network.
            ax.annotate("%.0f km" % float(row["distance_km"]), ((lon[a] + lon[b]) / 2, (lat[a] + lat[b]) / 2),
                        fontsize=6, color="#555", ha="center", va="center", zorder=1.5,
                        bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.6))
        site_use = mean_site_utilisation(run)
        gpus = run.sites["gpus"].astype(float)
        for s, name in enumerate(run.site_names):
            ax.scatter(lon[name], lat[name], s=40 + 400 * np.sqrt(gpus[s] / max(gpus.max(), 1)),
                       color=site_colours(site_norm(site_use[s])), marker="o" if run.site_side[s] == "east" else "s",
                       edgecolor="black", zorder=2)
            left = label_goes_left(name, lon, lat)
            ax.annotate("%s\n%d GPUs, %.0f%%" % (name, gpus[s], 100 * site_use[s]), (lon[name], lat[name]),
                        textcoords="offset points", xytext=(-9 if left else 9, 4), ha="right" if left else "left",
                        fontsize=7, zorder=3, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.7))
        mean_lat = np.mean(list(lat.values()))
        ax.set_aspect(1.0 / max(np.cos(np.radians(mean_lat)), 0.1))
        ax.margins(0.3, 0.12)  # room for labels on either side
        ax.set_xlabel("longitude (deg)")
        ax.set_ylabel("latitude (deg)")
        ax.set_title("Sites and links: %s\n(circle east, square west; size = GPUs)" % run.label, fontsize=10)
        ax.grid(alpha=0.3)
    for index in range(len(runs), rows * columns):
        axes[index // columns][index % columns].axis("off")
    all_axes = [a for row in axes for a in row]
    fig.colorbar(cm.ScalarMappable(norm=site_norm, cmap=site_colours), ax=all_axes, location="bottom", shrink=0.6,
                 aspect=40, label="site: mean share of GPUs busy (%)", format=ticker.PercentFormatter(xmax=1.0, decimals=0))
    # As many decimals as the busiest link needs to show two significant figures.
    decimals = max(0, int(np.ceil(-np.log10(max(link_norm.vmax * 100, 1e-6)))) + 1)
    percent = ticker.PercentFormatter(xmax=1.0, decimals=decimals)
    fig.colorbar(cm.ScalarMappable(norm=link_norm, cmap=link_colours), ax=all_axes, location="bottom", shrink=0.6,
                 aspect=40, label="link: mean utilisation of its busier direction (%; its own scale, to the busiest link)",
                 format=percent)
    return fig


# Energy, cost and carbon per hub: from the summary's energy.hubs when present, otherwise
# from the cumulative columns of /energy/samples at the end of the run. (key, title, scale)
SUMMARY_TOTALS = (("facility_kwh", "energy (MWh)", 1e-3), ("electricity_cost_yuan", "electricity cost (million yuan)", 1e-6),
                  ("co2_t", "carbon (t CO2)", 1.0))
SAMPLE_TOTALS = (("energy_kwh", "energy (MWh)", 1e-3), ("cost_yuan", "electricity cost (million yuan)", 1e-6),
                 ("co2_kg", "carbon (t CO2)", 1e-3))
POWER_COLUMNS = ("facility_power_w", "it_power_w")


def hub_energy_totals(run):
    """[(title, {hub: value})] for energy, cost and carbon, or [] when the run has none."""
    hubs = run.summary.get("energy", {}).get("hubs") or []
    if hubs and isinstance(hubs[0], dict):
        return [(title, {h.get("name"): (h.get(key) or 0.0) * scale for h in hubs})
                for key, title, scale in SUMMARY_TOTALS if key in hubs[0]]
    totals = []
    for table in run.energy.values():
        # The last sample of each site holds its cumulative totals.
        order = np.argsort(table["time_s"], kind="stable")[::-1]
        sites, first = np.unique(table["site"][order], return_index=True)
        last = table[order][first]
        for column, title, scale in SAMPLE_TOTALS:
            if column in table.dtype.names:
                per_hub = {hub: 0.0 for hub in run.hubs}
                for site, value in zip(sites, last[column]):
                    per_hub[run.site_hub[site]] += float(value) * scale
                totals.append((title, per_hub))
    return totals


def power_series(run):
    """(column, {hub: (times, watts)}) of the first power column of /energy, or None."""
    for table in run.energy.values():
        for column in POWER_COLUMNS:
            if column in table.dtype.names:
                return column, run.hub_series(column, table)
    return None


def figure_energy(runs):
    """Energy, cost and carbon per hub (grouped bars, one colour per run) and the first run's
    power per hub over time. Returns None when no run has energy figures."""
    totals = [(run, hub_energy_totals(run)) for run in runs]
    totals = [(run, t) for run, t in totals if t]
    power = next(((run, series) for run in runs for series in [power_series(run)] if series), None)
    if not totals and power is None:
        return None
    panels = len(totals[0][1]) if totals else 0
    rows = (1 if panels else 0) + (1 if power else 0)
    fig = plt.figure(figsize=(12, 3.6 * rows), layout="constrained")
    grid = fig.add_gridspec(rows, max(panels, 1))
    if panels:
        hubs = totals[0][0].hubs
        width = 0.8 / len(totals)
        for p in range(panels):
            ax = fig.add_subplot(grid[0, p])
            for r, (run, run_totals) in enumerate(totals):
                title, values = run_totals[p]
                ax.bar(np.arange(len(hubs)) + r * width - 0.4 + width / 2, [values.get(h, 0.0) for h in hubs], width,
                       label=run.label)
            ax.set_xticks(np.arange(len(hubs)))
            ax.set_xticklabels(hubs, rotation=45, fontsize=8)
            ax.set_title(totals[0][1][p][0] + " per hub", fontsize=10)
            ax.grid(alpha=0.3, axis="y")
            if len(totals) > 1:
                ax.legend(fontsize=7)
    if power:
        run, (column, series) = power
        ax = fig.add_subplot(grid[rows - 1, :])
        for hub in run.hubs:
            times, watts = series[hub]
            ax.plot(time_axis(ax, times), watts / 1e6, label=hub, lw=1.2)
        ax.set_ylabel("MW")
        name = {"facility_power_w": "Facility power", "it_power_w": "IT power"}.get(column, column)
        ax.set_title("%s per hub over time: %s" % (name, run.label), fontsize=10)
        legend_outside(ax)
        ax.grid(alpha=0.3)
    return fig


UNIT_SUFFIXES = (("_pct", " (%)"), ("_myuan", " (M yuan)"), ("_mwh", " (MWh)"), ("_tb", " (TB)"), ("_h", " (h)"),
                 ("_t", " (t)"))


def metric_title(column):
    """wait_mean_h -> "wait mean (h)"."""
    for suffix, unit in UNIT_SUFFIXES:
        if column.endswith(suffix):
            return column[:-len(suffix)].replace("_", " ") + unit
    return column.replace("_", " ")


def finite(value):
    return isinstance(value, (int, float)) and np.isfinite(value)


def figure_comparison(comparison):
    """One panel per metric of comparison.json: each policy's mean over the seeds with its 95 %
    confidence interval (Student t, as `aicn compare` prints it) and each seed's value as a dot.
    Metrics that are zero or unknown for every policy are left out (named in the caption)."""
    policies = comparison.get("policies", [])
    shown, left_out = [], []
    for metric in comparison.get("metrics", []):
        column = metric["column"]
        values = [p["metrics"].get(column, {}) for p in policies]
        if any(finite(v.get("mean")) and v.get("mean") != 0 for v in values):
            shown.append(metric)
        else:
            left_out.append(column)
    if not shown:
        return None, left_out
    columns = 4
    rows = (len(shown) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(13, 2.6 * rows + 0.4), squeeze=False, layout="constrained")
    palette = plt.get_cmap("tab10")
    for index, metric in enumerate(shown):
        ax = axes[index // columns][index % columns]
        column = metric["column"]
        for p, policy in enumerate(policies):
            entry = policy["metrics"].get(column, {})
            mean, half = entry.get("mean"), entry.get("ci95")
            seeds = [v for v in entry.get("per_seed", []) if finite(v)]
            ax.scatter(np.full(len(seeds), p) + np.linspace(-0.15, 0.15, len(seeds)) if len(seeds) > 1 else [p] * len(seeds),
                       seeds, s=9, color=palette(p % 10), alpha=0.5, zorder=2)
            if finite(mean):
                ax.errorbar([p], [mean], yerr=[[half], [half]] if finite(half) else None, fmt="o", ms=6, capsize=5,
                            color=palette(p % 10), zorder=3, markeredgecolor="black" if entry.get("best") else None)
        ax.set_xticks(range(len(policies)))
        ax.set_xticklabels([p["policy"] for p in policies], rotation=20, fontsize=8, ha="right")
        ax.set_xlim(-0.6, len(policies) - 0.4)
        ax.set_title("%s, %s is better" % (metric_title(column), metric.get("better", "lower")), fontsize=9)
        ax.grid(alpha=0.3, axis="y")
    for index in range(len(shown), rows * columns):
        axes[index // columns][index % columns].axis("off")
    return fig, left_out


def seeds_text(seeds):
    """[1, 2, 3] -> "seeds 1-3"; [4] -> "seed 4"; [1, 5] -> "seeds 1, 5"."""
    seeds = sorted(seeds)
    if len(seeds) == 1:
        return "seed %s" % seeds[0]
    if seeds == list(range(seeds[0], seeds[0] + len(seeds))):
        return "seeds %s-%s" % (seeds[0], seeds[-1])
    return "seeds " + ", ".join(str(seed) for seed in seeds)


def report_title(runs, comparison):
    """What the page is about: the scenario and what is compared."""
    scenario = runs[0].summary.get("scenario", "")
    labels = " vs ".join(run.label for run in runs)
    if comparison is not None:
        all_seeds = sorted({seed for p in comparison.get("policies", []) for seed in p.get("seeds", [])})
        return "AICN comparison: %s: %s over %s (figures over time: %s)" % (
            scenario, labels, seeds_text(all_seeds), seeds_text([runs[0].summary.get("seed", "?")]))
    seeds = sorted({run.summary.get("seed", "?") for run in runs}, key=str)
    if len(runs) == 1:
        return "AICN report: %s, policy %s, %s" % (scenario, runs[0].policy, seeds_text(seeds))
    return "AICN report: %s: %s (%s)" % (scenario, labels, seeds_text(seeds))


def placement_curve(run):
    """(requested load, allocation rate, fragmentation rate) per tick, summed over the sites."""
    table = run.placement
    if table is None or len(table) == 0:
        return None
    times, inverse = np.unique(table["time_s"], return_inverse=True)
    sums = {}
    for column in ("requested_gpus", "allocated_gpus", "fragmented_gpus", "total_gpus"):
        sums[column] = np.bincount(inverse, weights=table[column], minlength=len(times))
    total = np.where(sums["total_gpus"] > 0, sums["total_gpus"], 1.0)
    return sums["requested_gpus"] / total, sums["allocated_gpus"] / total, sums["fragmented_gpus"] / total


def figure_placement(runs):
    """Allocation and fragmentation rate against requested load (the saturation experiment), or None."""
    curves = [(run, placement_curve(run)) for run in runs]
    curves = [(run, curve) for run, curve in curves if curve is not None]
    if not curves:
        return None
    fig, (alloc_ax, frag_ax) = plt.subplots(1, 2, figsize=(11, 3.8))
    for run, (load, alloc, frag) in curves:
        alloc_ax.plot(100 * load, 100 * alloc, label=run.label)
        frag_ax.plot(100 * load, 100 * frag, label=run.label)
    alloc_ax.set_xlabel("requested GPUs, % of capacity")
    alloc_ax.set_ylabel("GPUs allocated, %")
    frag_ax.set_xlabel("requested GPUs, % of capacity")
    frag_ax.set_ylabel("GPU fragmentation, % of capacity")
    alloc_ax.grid(alpha=0.3)
    frag_ax.grid(alpha=0.3)
    legend_outside(frag_ax)
    fig.tight_layout()
    return fig


def save(fig, out_dir, name):
    path = os.path.join(out_dir, name)
    try:
        fig.savefig(path, dpi=90)
    except OSError as error:  # the image writer's error may name no file: name it
        raise OSError(error.errno, error.strerror or str(error), error.filename or path)
    finally:
        plt.close(fig)
    return path


def hours(seconds):
    return "%.2f h" % (seconds / HOUR)


def run_table(runs):
    header = ("run", "scenario", "policy", "seed", "jobs submitted", "finished", "unfinished", "mean wait",
              "p95 wait", "mean completion", "GPU utilisation", "east->west")
    rows = []
    for run in runs:
        s = run.summary
        jobs = s.get("jobs", {})
        rows.append((run.label, s.get("scenario", ""), run.policy, s.get("seed", ""), jobs.get("submitted", ""),
                     jobs.get("finished", ""), jobs.get("unfinished", ""), hours(s["wait_s"]["mean"]),
                     hours(s["wait_s"]["p95"]), hours(s["completion_s"]["mean"]),
                     "%.1f %%" % (100 * s.get("utilisation", 0)),
                     "%.2f TB" % (s.get("network", {}).get("bytes_east_to_west", 0) / 1e12)))
    cells = "".join("<th>%s</th>" % html.escape(h) for h in header)
    body = "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % html.escape(str(c)) for c in row) for row in rows)
    return "<table><tr>%s</tr>%s</table>" % (cells, body)


def provenance_list(runs):
    items = []
    for run in runs:
        p = run.provenance or {k: run.meta.get(k, "") for k in ("command_line", "aicn_version", "git_commit",
                                                                 "simgrid_version", "hdf5_version")}
        items.append("<li><b>%s</b>: <code>%s</code><br>AICN %s, commit %s, SimGrid %s, HDF5 %s; folder <code>%s</code></li>"
                     % tuple(html.escape(str(x)) for x in (run.label, p.get("command_line", ""), p.get("aicn_version", ""),
                                                           p.get("git_commit", ""), p.get("simgrid_version", ""),
                                                           p.get("hdf5_version", ""), os.path.abspath(run.folder))))
    return "<ul>%s</ul>" % "".join(items)


# Columns of the energy table: summary.json key, header, scale. Scaled to units a reader can
# compare at a glance (MWh, thousand and million yuan) rather than raw kWh and yuan.
ENERGY_TABLE_COLUMNS = (("facility_kwh", "facility MWh", 1e-3), ("electricity_cost_yuan", "electricity k yuan", 1e-3),
                        ("co2_t", "t CO2", 1.0), ("revenue_yuan", "revenue M yuan", 1e-6),
                        ("profit_yuan", "profit M yuan", 1e-6), ("payback_months", "payback months", 1.0))


def table_number(value):
    """1,822 / 60.4 / 0.75: thousands separated, three significant figures below 1,000."""
    if abs(value) >= 1000:
        return "{:,.0f}".format(value)
    return "{:.3g}".format(value)


def energy_summary_table(runs):
    """Per run and hub (and the total), the main energy figures of summary.json."""
    rows = []
    for run in runs:
        energy = run.summary.get("energy", {})
        entries = list(energy.get("hubs") or [])
        if isinstance(energy.get("total"), dict):
            entries.append(dict(energy["total"], name="total"))
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            cells = "".join("<td>%s</td>" % (table_number(entry[key] * scale)
                                             if isinstance(entry.get(key), (int, float)) else "n/a")
                            for key, _, scale in ENERGY_TABLE_COLUMNS)
            rows.append("<tr><td>%s</td><td>%s</td>%s</tr>" % (html.escape(run.label), html.escape(str(entry.get("name"))), cells))
    if not rows:
        return ""
    header = "".join("<th>%s</th>" % html.escape(title) for _, title, _ in ENERGY_TABLE_COLUMNS)
    note = html.escape(str(runs[0].summary.get("energy", {}).get("accounting", "")))
    return "<table><tr><th>run</th><th>hub</th>%s</tr>%s</table><p class='small'>%s</p>" % (header, "".join(rows), note)


STYLE = """
body { font-family: sans-serif; margin: 16px 24px; color: #222; background: #fff; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 22px; }
table { border-collapse: collapse; font-size: 12px; margin: 8px 0; }
th, td { border: 1px solid #bbb; padding: 3px 7px; text-align: right; } th { background: #eef; }
td:first-child, th:first-child { text-align: left; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(620px, 1fr)); gap: 14px; }
figure { margin: 0; border: 1px solid #ddd; padding: 6px; } figure img { width: 100%; height: auto; }
figcaption { font-size: 12px; color: #444; } .note { background: #fff6d8; padding: 6px 10px; font-size: 13px; }
code { font-size: 11px; } .small { font-size: 12px; color: #444; max-width: 900px; }
"""


def write_html(runs, figures, notes, out_dir, title):
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title><style>%s</style></head><body>"
             % (html.escape(title), STYLE),
             "<h1>%s</h1>" % html.escape(title),
             run_table(runs)]
    for note in notes:
        parts.append("<p class='note'>%s</p>" % html.escape(note))
    parts.append("<div class='grid'>")
    for path, caption in figures:
        with open(path, "rb") as handle:
            data = base64.b64encode(handle.read()).decode("ascii")
        parts.append("<figure><img alt='%s' src='data:image/png;base64,%s'><figcaption>%s (%s)</figcaption></figure>"
                     % (html.escape(caption), data, html.escape(caption), html.escape(os.path.basename(path))))
    parts.append("</div>")
    energy = energy_summary_table(runs)
    if energy:
        parts.append("<h2>Energy, cost and carbon (summary)</h2>" + energy)
    parts.append("<h2>Provenance</h2>" + provenance_list(runs))
    parts.append("</body></html>\n")
    path = os.path.join(out_dir, "index.html")
    with open(path + ".partial", "w") as handle:
        handle.write("\n".join(parts))
    os.replace(path + ".partial", path)
    return path


def main(argv):
    parser = argparse.ArgumentParser(description="Figures and an offline HTML page for AICN runs.")
    parser.add_argument("--out", required=True, help="folder for the PNG figures and index.html")
    parser.add_argument("--shown-out", help="the name --out will have once complete (aicn writes into a temporary "
                                            "folder and renames it), for the paths printed")
    parser.add_argument("--comparison", help="comparison.json of an `aicn compare` folder: its means and confidence "
                                             "intervals are drawn, and the runs given are one seed of each policy")
    parser.add_argument("runs", nargs="+", help="results folders of `aicn run`; the first is the main run")
    args = parser.parse_args(argv)
    global SHOWN_ARGS
    SHOWN_ARGS = args
    try:
        runs = [Run(folder) for folder in args.runs]
    except OSError as error:  # reading, not writing: the input's fault
        raise InputError("cannot read %s: %s" % (error.filename or args.runs, error.strerror or error))
    unique_labels(runs)
    os.makedirs(args.out, exist_ok=True)
    comparison = None
    if args.comparison:
        try:
            with open(args.comparison) as handle:
                comparison = json.load(handle)
        except (OSError, ValueError) as error:
            raise InputError("cannot read %s: %s" % (args.comparison, error))

    figures = []
    notes = []
    if comparison is not None:
        fig, left_out = figure_comparison(comparison)
        if fig is not None:
            figures.append((save(fig, args.out, "comparison_ci.png"),
                            "Each policy's mean over the seeds with its 95 % confidence interval; dots: single seeds"))
        if left_out:
            notes.append("Zero or unknown for every policy, so not drawn: %s." % ", ".join(left_out))
    figures += [
        (save(figure_hub_utilisation(runs), args.out, "gpu_utilisation_per_hub.png"), "GPU utilisation per hub over time"),
        (save(figure_hub_queues(runs), args.out, "queue_length_per_hub.png"), "Queued jobs per hub over time"),
        (save(figure_cdfs(runs), args.out, "wait_completion_cdf.png"), "Wait and completion time CDFs per run"),
        (save(figure_east_west_bytes(runs), args.out, "east_west_bytes_per_link.png"),
         "Cumulative east-to-west bytes per link"),
        (save(figure_map(runs), args.out, "site_map.png"), "Sites and links coloured by mean utilisation"),
    ]
    placement = figure_placement(runs)
    if placement is not None:
        figures.append((save(placement, args.out, "placement_allocation_fragmentation.png"),
                        "Allocation and GPU fragmentation against requested load (node pools)"))
    energy = figure_energy(runs)
    if energy is not None:
        figures.append((save(energy, args.out, "energy_per_hub.png"), "Energy, cost and carbon per hub"))
    else:
        notes.append("No energy, cost or carbon figures: these runs have no /energy group in the trace "
                     "and no energy section in summary.json.")
    page = write_html(runs, figures, notes, args.out, report_title(runs, comparison))
    for path, _ in figures:
        print("Figure:  %s" % shown(path, args))
    print("Report:  %s" % shown(page, args))
    return 0


def shown(path, args):
    """`path` under the folder's final name."""
    path = os.path.abspath(path)
    if args is None or not args.shown_out:
        return path
    return os.path.join(args.shown_out, os.path.relpath(path, os.path.abspath(args.out)))


SHOWN_ARGS = None


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except InputError as error:
        sys.stderr.write("aicn report: error: %s\n" % error)
        sys.exit(2)
    except OSError as error:
        # A full disk or a permission problem: one line, as aicn itself reports it, no traceback.
        where = shown(error.filename, SHOWN_ARGS) if error.filename else "the report"
        sys.stderr.write("aicn: error: cannot write %s: %s\n" % (where, error.strerror or error))
        sys.exit(1)
