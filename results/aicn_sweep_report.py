#!/usr/bin/python3
"""aicn_sweep_report.py: figures and an offline HTML page for an `aicn sweep` folder.

Usually called by `aicn report SWEEP_DIR [--out DIR]` (the binary carries a copy), but it runs
on its own too:

    /usr/bin/python3 results/aicn_sweep_report.py --out DIR SWEEP_DIR

Reads SWEEP_DIR/sweep_stats.csv and sweep.json (written by `aicn sweep`, see docs/sweep.md) and
draws, for every axis, each metric against that axis's values (mean and 95 % CI over seeds,
one line per combination of the other axes), and for every metric the paired difference of
each cell to the reference cell (mean difference and its 95 % CI, seed by seed). Needs only
Debian's python3-matplotlib. Writes DIR/*.png and DIR/index.html (images embedded, works
offline).

Exit status: 0 done, 2 bad input (not a sweep folder, missing package), 1 anything else.
"""
import argparse
import base64
import csv
import html
import json
import math
import os
import re
import sys

try:
    import matplotlib
    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt
except ImportError as error:
    sys.stderr.write("aicn report: error: %s; install the Debian package python3-matplotlib and use "
                     "/usr/bin/python3 (or set AICN_PYTHON)\n" % error)
    sys.exit(2)


class InputError(Exception):
    pass


def number(text):
    """The CSV's numbers; empty is unknown (NaN)."""
    return float(text) if text not in ("", None) else math.nan


def read_sweep(folder):
    stats_path = os.path.join(folder, "sweep_stats.csv")
    json_path = os.path.join(folder, "sweep.json")
    if not os.path.exists(stats_path) or not os.path.exists(json_path):
        raise InputError("%s: no sweep_stats.csv and sweep.json here (is it a complete `aicn sweep` folder?)" % folder)
    with open(json_path) as f:
        sweep = json.load(f)
    with open(stats_path, newline="") as f:
        rows = list(csv.DictReader(f))
    axes = sweep.get("axes", [])
    for row in rows:
        missing = [column for column in ["cell", "metric", "mean", "ci95"] + axes if column not in row]
        if missing:
            raise InputError("%s: no column %s" % (stats_path, ", ".join(missing)))
    return sweep, rows


def safe_name(text):
    return re.sub(r"[^A-Za-z0-9._-]", "-", text)


def grid(count):
    columns = min(4, count)
    return (count + columns - 1) // columns, columns


def figure_metric_by_axis(sweep, rows, axis):
    """Each metric against the values of `axis`, one line per combination of the other axes."""
    axes = sweep["axes"]
    others = [a for a in axes if a != axis]
    metrics = [m["column"] for m in sweep["metrics"]]
    values = []
    for row in rows:  # the axis's values in sweep order
        if row[axis] not in values:
            values.append(row[axis])
    n_rows, n_columns = grid(len(metrics))
    figure, plots = plt.subplots(n_rows, n_columns, figsize=(4.2 * n_columns, 3.0 * n_rows), squeeze=False)
    for index, metric in enumerate(metrics):
        plot = plots[index // n_columns][index % n_columns]
        series = {}
        for row in rows:
            if row["metric"] != metric:
                continue
            key = ", ".join("%s=%s" % (a, row[a]) for a in others) or "all"
            series.setdefault(key, {})[row[axis]] = (number(row["mean"]), number(row["ci95"]))
        for offset, (key, points) in enumerate(sorted(series.items())):
            xs = [i + 0.06 * (offset - (len(series) - 1) / 2) for i, v in enumerate(values) if v in points]
            means = [points[v][0] for v in values if v in points]
            errors = [0.0 if math.isnan(points[v][1]) else points[v][1] for v in values if v in points]
            plot.errorbar(xs, means, yerr=errors, marker="o", capsize=3, label=key)
        plot.set_xticks(range(len(values)))
        plot.set_xticklabels(values, rotation=20, fontsize=8)
        plot.set_title(metric, fontsize=9)
        plot.grid(alpha=0.3)
    for index in range(len(metrics), n_rows * n_columns):
        plots[index // n_columns][index % n_columns].axis("off")
    handles, labels = plots[0][0].get_legend_handles_labels()
    figure.suptitle("Each metric against %s: mean and 95 %% CI over seeds" % axis, y=0.995, fontsize=11)
    if others and handles:
        figure.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.97), ncol=min(4, len(labels)), fontsize=8)
    figure.tight_layout(rect=(0, 0, 1, 0.92 if others else 0.97))
    return figure


def figure_paired_differences(sweep, rows):
    """Per metric, each cell minus the reference, seed by seed: mean and 95 % CI."""
    metrics = [m["column"] for m in sweep["metrics"]]
    reference = sweep["reference"]
    n_rows, n_columns = grid(len(metrics))
    figure, plots = plt.subplots(n_rows, n_columns, figsize=(4.2 * n_columns, 0.9 + 0.35 * len(sweep["cells"]) * n_rows + 1.5 * n_rows),
                                 squeeze=False)
    for index, metric in enumerate(metrics):
        plot = plots[index // n_columns][index % n_columns]
        cells = [row for row in rows if row["metric"] == metric and row["cell"] != reference]
        ys = list(range(len(cells)))
        means = [number(row.get("diff_mean")) for row in cells]
        errors = [0.0 if math.isnan(number(row.get("diff_ci95"))) else number(row.get("diff_ci95")) for row in cells]
        plot.errorbar(means, ys, xerr=errors, fmt="o", capsize=3)
        plot.axvline(0.0, color="grey", linewidth=1)
        plot.set_yticks(ys)
        plot.set_yticklabels([row["cell"] for row in cells], fontsize=7)
        plot.set_title(metric, fontsize=9)
        plot.grid(alpha=0.3, axis="x")
    for index in range(len(metrics), n_rows * n_columns):
        plots[index // n_columns][index % n_columns].axis("off")
    figure.suptitle("Difference to the reference %s, paired by seed: mean and 95 %% CI" % reference, y=0.995, fontsize=11)
    figure.tight_layout(rect=(0, 0, 1, 0.97))
    return figure


def save(figure, folder, name):
    path = os.path.join(folder, name)
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return path


def fmt(text, digits=4):
    value = number(text)
    return "n/a" if math.isnan(value) else "%.*g" % (digits, value)


def write_html(sweep, rows, figures, folder):
    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>AICN sweep %s</title>" % html.escape(sweep["sweep"]),
             "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:12px}"
             "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:first-child{text-align:left}</style></head><body>",
             "<h1>Sweep %s</h1>" % html.escape(sweep["sweep"]),
             "<p>%d cells, axes: %s. Reference cell: <b>%s</b> (differences are paired by seed).</p>"
             % (len(sweep["cells"]), html.escape(", ".join(sweep["axes"])), html.escape(sweep["reference"]))]
    if sweep.get("multiple_comparisons"):
        parts.append("<p><i>%s</i></p>" % html.escape(sweep["multiple_comparisons"]))
    for path, title in figures:
        with open(path, "rb") as f:
            data = base64.b64encode(f.read()).decode("ascii")
        parts.append("<h2>%s</h2><img alt='%s' src='data:image/png;base64,%s'>" % (html.escape(title), html.escape(title), data))
    parts.append("<h2>Figures</h2><table><tr><th>cell</th><th>metric</th><th>n</th><th>mean</th><th>± 95 % CI</th><th>rank</th>"
                 "<th>diff to reference</th><th>± 95 % CI</th><th>paired t p</th><th>Holm</th><th>Wilcoxon p</th></tr>")
    for row in rows:
        parts.append("<tr>" + "".join("<td>%s</td>" % html.escape(cell) for cell in [
            row["cell"], row["metric"], row["n"], fmt(row["mean"]), fmt(row["ci95"]), fmt(row["rank"]),
            fmt(row.get("diff_mean")), fmt(row.get("diff_ci95")), fmt(row.get("paired_t_p"), 3),
            fmt(row.get("paired_t_p_holm"), 3), fmt(row.get("wilcoxon_p"), 3)]) + "</tr>")
    parts.append("</table></body></html>\n")
    path = os.path.join(folder, "index.html")
    with open(path, "w") as f:
        f.write("\n".join(parts))
    return path


def shown(path, args):
    path = os.path.abspath(path)
    if args is None or not args.shown_out:
        return path
    return os.path.join(args.shown_out, os.path.relpath(path, os.path.abspath(args.out)))


SHOWN_ARGS = None


def main(argv):
    parser = argparse.ArgumentParser(description="Figures and an offline HTML page for an AICN sweep.")
    parser.add_argument("--out", required=True, help="folder for the PNG figures and index.html")
    parser.add_argument("--shown-out", help="the name --out will have once complete, for the paths printed")
    parser.add_argument("sweep", help="folder of `aicn sweep`")
    args = parser.parse_args(argv)
    global SHOWN_ARGS
    SHOWN_ARGS = args
    try:
        sweep, rows = read_sweep(args.sweep)
    except (OSError, ValueError, KeyError) as error:
        raise InputError("cannot read the sweep in %s: %s" % (args.sweep, error))
    os.makedirs(args.out, exist_ok=True)
    figures = []
    for axis in sweep["axes"]:
        figures.append((save(figure_metric_by_axis(sweep, rows, axis), args.out, "axis-%s.png" % safe_name(axis)),
                        "Each metric against %s" % axis))
    if len(sweep["cells"]) > 1:
        figures.append((save(figure_paired_differences(sweep, rows), args.out, "paired-differences.png"),
                        "Paired differences to the reference cell"))
    page = write_html(sweep, rows, figures, args.out)
    for path, _ in figures:
        print("Figure:  %s" % shown(path, args))
    print("Report:  %s" % shown(page, args))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except InputError as error:
        sys.stderr.write("aicn report: error: %s\n" % error)
        sys.exit(2)
    except OSError as error:
        where = shown(error.filename, SHOWN_ARGS) if error.filename else "the report"
        sys.stderr.write("aicn report: error: cannot write %s: %s\n" % (where, error.strerror or error))
        sys.exit(1)
