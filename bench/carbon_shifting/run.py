#!/usr/bin/env python3
"""Runs the German 2020 shifting experiment and prints its table (README.md here).

  python3 bench/carbon_shifting/run.py [--aicn build/aicn] [--out results/runs/carbon_shifting] [--seeds 1-3]

Cases: no shifting (local-first); temporal-shifting without interruption (interrupt=false)
and with it; each shifting case with a perfect forecast and with 5 % and 10 % relative
forecast error (noisy cases over --seeds, the forecast's seed; the jobs are the same).
The curve is read from $AICN_SHARED_DATA (default: ../shared/data beside the repository,
else /work/shared/data).
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def data_dir():
    for candidate in (os.environ.get("AICN_SHARED_DATA"), ROOT.parent / "shared" / "data", "/work/shared/data"):
        if candidate and (pathlib.Path(candidate) / "carbon_intensity_eu2020" / "ger_ci.csv.gz").exists():
            return pathlib.Path(candidate)
    sys.exit("run.py: cannot find carbon_intensity_eu2020/ger_ci.csv.gz; set AICN_SHARED_DATA")


def seeds_of(text):
    if "-" in text:
        lo, hi = text.split("-")
        return list(range(int(lo), int(hi) + 1))
    return [int(s) for s in text.split(",")]


def run(aicn, scenario, out, policy, error, seed):
    summary = out / "summary.json"
    if not summary.exists():
        command = [aicn, "run", str(scenario), "--out", str(out), "--quiet", "--force", "--policy", policy,
                   "--seed", str(seed), "--set", f"forecast.relative_error={error}"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    with open(summary) as f:
        return json.load(f)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aicn", default=str(ROOT / "build" / "aicn"))
    parser.add_argument("--out", default=str(ROOT / "results" / "runs" / "carbon_shifting"))
    parser.add_argument("--seeds", default="1-3")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(HERE / "make_jobs.py"), str(out / "jobs.csv")], check=True)
    carbon = data_dir() / "carbon_intensity_eu2020" / "ger_ci.csv.gz"
    scenario = out / "scenario.yaml"
    scenario.write_text((HERE / "germany.yaml.in").read_text().replace("@CARBON_FILE@", str(carbon)))

    cases = [("no shifting", "local-first", [0.0])]
    for label, policy in (("shifting, no interruption", "temporal-shifting:interrupt=false"),
                          ("shifting with interruption", "temporal-shifting")):
        cases.append((label, policy, [0.0, 0.05, 0.10]))
    rows = []
    baseline = None
    for label, policy, errors in cases:
        for error in errors:
            seeds = [1] if error == 0.0 else seeds_of(args.seeds)
            runs = [run(args.aicn, scenario, out / f"{policy.replace(':', '_').replace('=', '-')}-e{error}-s{seed}",
                        policy, error, seed) for seed in seeds]
            co2 = [r["energy"]["total"]["co2_t"] for r in runs]
            if baseline is None:
                baseline = co2[0]
            rows.append({
                "case": label, "forecast_error": error, "seeds": len(seeds), "co2_t": statistics.mean(co2),
                "co2_min_t": min(co2), "co2_max_t": max(co2),
                "saving_pct": 100.0 * (1.0 - statistics.mean(co2) / baseline),
                "mean_wait_h": statistics.mean(r["wait_s"]["mean"] for r in runs) / 3600.0,
                "missed": statistics.mean(r["deadlines"]["missed"] for r in runs),
                "suspensions": statistics.mean(r["deadlines"]["suspensions"] for r in runs),
                "jobs": runs[0]["jobs"]["finished"],
                "mean_g_per_kwh": 1e6 * statistics.mean(co2) / runs[0]["energy"]["total"]["grid_kwh"],
            })
    (out / "table.json").write_text(json.dumps(rows, indent=1))
    print("| case | forecast error | CO2 t (min-max over seeds) | g/kWh charged | saving vs no shifting | "
          "mean wait h | deadline misses | suspensions |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        spread = f" ({r['co2_min_t']:.3f}-{r['co2_max_t']:.3f}, {r['seeds']} seeds)" if r["seeds"] > 1 else ""
        print(f"| {r['case']} | {100 * r['forecast_error']:.0f} % | {r['co2_t']:.3f}{spread} | {r['mean_g_per_kwh']:.1f} | "
              f"{r['saving_pct']:.2f} % | {r['mean_wait_h']:.2f} | {r['missed']:g} | {r['suspensions']:g} |")
    print(f"\n{rows[0]['jobs']} jobs finished in every case; results in {out}")


if __name__ == "__main__":
    main()
