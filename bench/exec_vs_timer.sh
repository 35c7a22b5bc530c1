#!/usr/bin/env bash
# exec_vs_timer.sh -- CPU time of the exec compute model against the timer model.
#
#   bash bench/exec_vs_timer.sh [runs]      (default: 3 runs of each)
#
# Runs `aicn run --max-jobs 100000 --horizon 120d` with each compute model on the default
# national scenario and on sim/scenarios/national-llm-mix.yaml, `runs` times each, and prints
# the median CPU time (user + system: the machine may be shared) and exec / timer. The jobs
# counts of the two models must agree, or the script fails. Ends with one line per scenario,
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

lines=()
printf '%-18s %12s %12s %7s  %s\n' scenario timer_cpu_s exec_cpu_s ratio jobs
for tag in national-default national-llm-mix; do
  scenario=""
  [[ "$tag" == national-llm-mix ]] && scenario="sim/scenarios/national-llm-mix.yaml"
  timer_s="$(cpu_median "$tag" timer "$scenario")"
  exec_s="$(cpu_median "$tag" exec "$scenario")"
  timer_jobs="$(jobs_line "$work_dir/$tag-timer")"
  exec_jobs="$(jobs_line "$work_dir/$tag-exec")"
  if [[ "$timer_jobs" != "$exec_jobs" ]]; then
    echo "bench: $tag: the models disagree: timer $timer_jobs, exec $exec_jobs" >&2
    exit 1
  fi
  ratio="$(awk -v e="$exec_s" -v t="$timer_s" 'BEGIN { printf "%.2f", (t > 0 ? e / t : 0) }')"
  printf '%-18s %12s %12s %7s  %s\n' "$tag" "$timer_s" "$exec_s" "$ratio" "$timer_jobs"
  lines+=("exec-vs-timer: scenario=$tag timer_cpu_s=$timer_s exec_cpu_s=$exec_s ratio=$ratio")
done
echo "($runs runs each, median CPU time, $(nproc) cores, $("$aicn" --version))"
printf '%s\n' "${lines[@]}"
