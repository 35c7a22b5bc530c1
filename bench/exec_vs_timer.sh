#!/usr/bin/env bash
# exec_vs_timer.sh -- CPU time of the exec compute model against the timer model.
#
#   bash bench/exec_vs_timer.sh [runs]      (default: 3 runs of each)
#
# Runs `aicn run --max-jobs 100000 --horizon 120d` with each compute model on the default
# national scenario, on sim/scenarios/national-llm-mix.yaml and on a small-jobs stress case
# (one pool of 8,192 A100, 1e5 one-GPU jobs of 0.5-1.5 h arriving once a second: about 3,600
# run at a time), `runs` times each, and prints the median CPU time (user + system: the
# machine may be shared) and exec / timer. The job counts of the two models must agree, or
# the script fails. Ends with one line per scenario,
# `exec-vs-timer: scenario=... timer_cpu_s=... exec_cpu_s=... ratio=...`. Uses the aicn
# binary in build/ (or $AICN_BUILD_DIR); build it first. See docs/exec-model.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
aicn="${AICN_BUILD_DIR:-build}/aicn"
runs="${1:-3}"
[[ -x "$aicn" ]] || { echo "bench: $aicn not found; build the aicn target first" >&2; exit 1; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench: runs must be a whole number from 1, got '$runs'" >&2; exit 1; }

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

# median CPU seconds of `runs` runs; the last run's folder is left in $work_dir/$tag-$model.
cpu_median() {
  local tag="$1" model="$2" scenario="$3" times=()
  for ((i = 0; i < runs; ++i)); do
    /usr/bin/time -f '%U %S' -o "$work_dir/time" "$aicn" run $scenario --max-jobs 100000 --horizon 120d \
      --compute-model "$model" --out "$work_dir/$tag-$model" --force --quiet >/dev/null 2>"$work_dir/stderr" ||
      { echo "bench: aicn failed ($tag, $model):" >&2; tail -n 20 "$work_dir/stderr" >&2; exit 1; }
    times+=("$(awk '{ printf "%.2f", $1 + $2 }' "$work_dir/time")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

jobs_line() {
  python3 -c 'import json, sys; j = json.load(open(sys.argv[1]))["jobs"]
print(" ".join(f"{k}={j[k]}" for k in ("submitted", "finished", "rejected", "failed", "unfinished")))' "$1/summary.json"
}

# The stress case: every job holds one GPU, so SimGrid's per-completion scan of the live
# execs (docs/exec-model.md) is as long as the number of jobs running.
mkdir -p "$work_dir/stress"
python3 - "$work_dir/stress" <<'PY'
import random, sys
out = sys.argv[1]
rng = random.Random(7)
with open(f"{out}/jobs.csv", "w") as f:
    f.write("id,kind,origin_hub,submit_s,gpu_model,gpus,flops,utilisation,dataset_bytes\n")
    t = 0.0
    for i in range(100000):
        t += rng.expovariate(1.0)
        seconds = rng.uniform(1800, 5400)
        f.write(f"{i},training,E,{t:.3f},A100-80GB,1,{312e12 * 0.5 * seconds:.17g},0.5,0\n")
with open(f"{out}/scenario.yaml", "w") as f:
    f.write("""name: one-pool-small-jobs
horizon: 200d
drain: true
sample_interval: 1h
layout:
  name: one-pool
  hubs: [{name: E, side: east}]
  sites:
    - {name: a, hub: E, province: Hebei, lat: 40.8, lon: 115.0, pue: 1.2,
       pools: [{gpu: A100-80GB, gpus: 8192, gpus_per_server: 8}]}
  links: []
workload: {source: aicn-csv, path: jobs.csv}
policy: local-first
""")
PY

lines=()
printf '%-20s %12s %12s %7s  %s\n' scenario timer_cpu_s exec_cpu_s ratio jobs
for tag in national-default national-llm-mix one-pool-small-jobs; do
  case "$tag" in
    national-default) scenario="" ;;
    national-llm-mix) scenario="sim/scenarios/national-llm-mix.yaml" ;;
    one-pool-small-jobs) scenario="$work_dir/stress/scenario.yaml" ;;
  esac
  timer_s="$(cpu_median "$tag" timer "$scenario")"
  exec_s="$(cpu_median "$tag" exec "$scenario")"
  timer_jobs="$(jobs_line "$work_dir/$tag-timer")"
  exec_jobs="$(jobs_line "$work_dir/$tag-exec")"
  if [[ "$timer_jobs" != "$exec_jobs" ]]; then
    echo "bench: $tag: the models disagree: timer $timer_jobs, exec $exec_jobs" >&2
    exit 1
  fi
  ratio="$(awk -v e="$exec_s" -v t="$timer_s" 'BEGIN { printf "%.2f", (t > 0 ? e / t : 0) }')"
  printf '%-20s %12s %12s %7s  %s\n' "$tag" "$timer_s" "$exec_s" "$ratio" "$timer_jobs"
  lines+=("exec-vs-timer: scenario=$tag timer_cpu_s=$timer_s exec_cpu_s=$exec_s ratio=$ratio")
done
echo "($runs runs each, median CPU time, $(nproc) cores, $("$aicn" --version))"
printf '%s\n' "${lines[@]}"
