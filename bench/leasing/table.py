#!/usr/bin/env python3
"""Mean and 95 % confidence interval over seeds, per cell of a finished leases-sweep run:
waits, utilisation, revenue by contract type, idle paid capacity, payback per site.

    python3 bench/leasing/table.py results/sweeps/leasing-share

Waits: of all finished jobs (the summary's wait_s), and of on-demand and of lessees' jobs apart
(summary leasing.waits: finished-only and censored at the window's end)."""
import json
import math
import pathlib
import statistics
import sys

# two-sided 95 % Student t quantiles by degrees of freedom
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}


def ci(values):
    if not all(math.isfinite(v) for v in values):  # never pays back, or no such capacity
        return (float("inf") if any(math.isinf(v) for v in values) else float("nan")), float("nan")
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, float("nan")
    return mean, T95.get(len(values) - 1, 1.96) * statistics.stdev(values) / math.sqrt(len(values))


def figures(summary):
    books = summary["leasing"]["sites"]
    waits = summary["leasing"]["waits"]

    def hours(value):
        return value / 3600 if value is not None else float("nan")

    out = {
        "wait mean h, all finished jobs": summary["wait_s"]["mean"] / 3600,
        "on-demand jobs (not rejected)": waits["on_demand"]["jobs"],
        "on-demand wait mean h": hours(waits["on_demand"]["wait_s"]["mean"]),
        "on-demand wait p95 h": hours(waits["on_demand"]["wait_s"]["p95"]),
        "on-demand wait censored mean h": hours(waits["on_demand"]["wait_censored_s"]["mean"]),
        "on-demand wait censored p95 h": hours(waits["on_demand"]["wait_censored_s"]["p95"]),
        "on-demand never started": waits["on_demand"]["never_started"],
        "lessee jobs": waits["lessee"]["jobs"],
        "lessee wait censored mean h": hours(waits["lessee"]["wait_censored_s"]["mean"]),
        "utilisation": summary["utilisation"],
        "lease revenue M yuan": sum(s["lease_revenue_yuan"] for s in books) / 1e6,
        "on-demand revenue M yuan": sum(s["on_demand_revenue_yuan"] for s in books) / 1e6,
        "idle paid k GPU-h": sum(s["idle_paid_gpu_hours"] for s in books) / 1e3,
    }
    leased = sum(s["leased_gpu_hours"] for s in books)
    out["leased utilisation"] = sum(s["leased_busy_gpu_hours"] for s in books) / leased if leased else float("nan")
    cap = sum(s["on_demand_capacity_gpu_hours"] for s in books)
    out["on-demand utilisation"] = sum(s["on_demand_busy_gpu_hours"] for s in books) / cap if cap else float("nan")
    out["margin M yuan"] = summary["leasing"]["total"]["margin_yuan"] / 1e6
    for s in books:
        out[f"revenue M yuan {s['name']}"] = (s["lease_revenue_yuan"] + s["on_demand_revenue_yuan"]) / 1e6
    for s in books:
        out[f"payback y {s['name']}"] = s["payback_years"] if s["payback_years"] is not None else float("inf")
    return out


def main():
    root = pathlib.Path(sys.argv[1])
    cells = sorted(p for p in (root / "cells").iterdir() if p.is_dir())
    table = {}
    for cell in cells:
        runs = [json.loads(p.read_text()) for p in sorted(cell.glob("seed*/run/summary.json"))]
        rows = [figures(r) for r in runs]
        table[cell.name] = {k: ci([r[k] for r in rows]) for k in rows[0]} if rows else {}
        table[cell.name]["seeds"] = (len(rows), 0)
    names = list(table)
    keys = list(next(iter(table.values())).keys())
    print("| metric | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    def text(k, mean, half):
        if k == "seeds":
            return f"{mean:.0f}"
        if math.isfinite(mean) and abs(mean) >= 1000:  # counts and large sums: whole numbers
            return f"{mean:,.0f} ± {half:,.0f}"
        if math.isnan(mean):
            return "–"
        return f"{mean:.3g} ± {half:.2g}"

    for k in keys:
        if k.startswith("payback y "):
            continue  # printed with the site's revenue
        if k.startswith("revenue M yuan "):
            site = k[len("revenue M yuan "):]
            row = [text(k, *table[n][k]) + " / " + text(k, *table[n][f"payback y {site}"]) for n in names]
            print(f"| {site}: revenue M yuan / payback y | " + " | ".join(row) + " |")
            continue
        cells_text = []
        for n in names:
            mean, half = table[n].get(k, (float("nan"), float("nan")))
            cells_text.append(text(k, mean, half))
        print(f"| {k} | " + " | ".join(cells_text) + " |")


if __name__ == "__main__":
    main()
