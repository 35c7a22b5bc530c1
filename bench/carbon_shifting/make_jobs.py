#!/usr/bin/env python3
"""Writes jobs.csv for the German 2020 shifting experiment (README.md here).

Every working day (Monday to Friday; public holidays are not modelled) of 2020, JOBS_PER_DAY
batch jobs arrive at uniform times in working hours, 09:00-17:00. Each holds one 8-GPU A100
server for a run time drawn log-uniformly from 30 min to 8 h, and may wait until the next
working day's 09:00 (its deadline; Friday's jobs until Monday's). Every job is interruptible
and states no checkpoint interval, so a suspension loses nothing (docs/flexible-jobs.md); the
policy decides whether to suspend. Simulated time 0 is 2020-01-01 00:00, a Wednesday, the
origin of the carbon series. Seeded: the same file every time.
"""
import datetime
import math
import random
import sys

JOBS_PER_DAY = 20
GPUS = 8
PEAK_FLOPS = 312e12  # A100 dense FP16 (gpu_specs.csv)
UTILISATION = 0.5
DAYS = 366  # 2020 is a leap year
SEED = 2020


def main(path):
    rng = random.Random(SEED)
    start = datetime.date(2020, 1, 1)
    rows = []
    for day in range(DAYS):
        date = start + datetime.timedelta(days=day)
        if date.weekday() >= 5:
            continue
        next_working = day + 1
        while (start + datetime.timedelta(days=next_working)).weekday() >= 5:
            next_working += 1
        deadline_s = next_working * 86400 + 9 * 3600
        for submit_s in sorted(day * 86400 + 9 * 3600 + rng.uniform(0, 8 * 3600) for _ in range(JOBS_PER_DAY)):
            run_s = math.exp(rng.uniform(math.log(1800), math.log(8 * 3600)))
            rows.append((round(submit_s, 3), GPUS * PEAK_FLOPS * UTILISATION * run_s, deadline_s))
    with open(path, "w") as out:
        out.write("id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes,"
                  "earliest_start_s,deadline_s,interruptible\n")
        for i, (submit_s, flops, deadline_s) in enumerate(rows):
            out.write(f"{i},batch-inference,DE,{submit_s!r},A100-80GB,{GPUS},{flops!r},{UTILISATION},0,0,{deadline_s},1\n")
    print(f"{path}: {len(rows)} jobs", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "jobs.csv")
