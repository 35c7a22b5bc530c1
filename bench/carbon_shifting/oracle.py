#!/usr/bin/env python3
"""An independent count of the perfect-forecast savings of the German experiment, without AICN.

  python3 bench/carbon_shifting/oracle.py JOBS.csv CURVE.csv.gz

Reads the curve as steps (each 15-min row holds until the next), places every job as
temporal-shifting would with a perfect forecast (docs/flexible-jobs.md: the lowest-mean window
starting at submission or at a 30-min boundary and ending by the deadline; or the lowest
30-min slots cut to [submission, deadline) until they hold the run time), and prints the
energy-weighted mean intensity of each case and the savings against starting at once. Every
job draws the same power, so its emissions are proportional to run time x mean intensity.
"""
import bisect
import csv
import datetime
import gzip
import sys

SLOT = 1800.0
PEAK = 312e12


def load_curve(path):
    origin = datetime.datetime(2020, 1, 1)
    times, values = [], []
    with gzip.open(path, "rt") as f:
        for row in csv.reader(f):
            try:
                t = datetime.datetime.strptime(row[0], "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            times.append((t - origin).total_seconds())
            values.append(float(row[1]))
    # Prefix integral at each row time, for exact means of a step function.
    integral = [0.0]
    for i in range(1, len(times)):
        integral.append(integral[-1] + values[i - 1] * (times[i] - times[i - 1]))
    return times, values, integral


def integral_to(curve, t):
    times, values, integral = curve
    i = bisect.bisect_right(times, t) - 1
    return integral[i] + values[i] * (t - times[i])


def mean(curve, a, b):
    return (integral_to(curve, b) - integral_to(curve, a)) / (b - a)


def window(curve, submit, deadline, run):
    best_start, best = submit, mean(curve, submit, submit + run)
    k = int(submit // SLOT) + 1
    while k * SLOT + run <= deadline:
        m = mean(curve, k * SLOT, k * SLOT + run)
        if m < best:
            best, best_start = m, k * SLOT
        k += 1
    return best


def slots(curve, submit, deadline, run):
    cells = []
    k = int(submit // SLOT)
    while k * SLOT < deadline:
        a, b = max(submit, k * SLOT), min(deadline, (k + 1) * SLOT)
        if b > a:
            cells.append((mean(curve, a, b), a, b))
        k += 1
    chosen, total = [], 0.0
    for m, a, b in sorted(cells, key=lambda c: (c[0], c[1])):
        if total >= run:
            break
        chosen.append((a, b, m))
        total += b - a
    chosen.sort()
    excess, used = total - run, 0.0
    weighted = 0.0
    for i, (a, b, m) in enumerate(chosen):
        if i == len(chosen) - 1:
            b = b - excess
            m = mean(curve, a, b) if b > a else 0.0
        weighted += m * (b - a)
        used += b - a
    return weighted / used


def main(jobs_path, curve_path):
    curve = load_curve(curve_path)
    sums = {"no shifting": 0.0, "window": 0.0, "slots": 0.0}
    weight = 0.0
    with open(jobs_path) as f:
        for row in csv.DictReader(f):
            submit, deadline = float(row["submit_s"]), float(row["deadline_s"])
            run = float(row["flops"]) / (int(row["gpus"]) * PEAK * float(row["utilisation"]))
            sums["no shifting"] += run * mean(curve, submit, submit + run)
            sums["window"] += run * window(curve, submit, deadline, run)
            sums["slots"] += run * slots(curve, submit, deadline, run)
            weight += run
    base = sums["no shifting"] / weight
    for name, total in sums.items():
        print(f"{name}: {total / weight:.3f} g/kWh, saving {100 * (1 - total / weight / base):.2f} %")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
