#!/usr/bin/env bash
# national_100k.sh -- time the default national scenario with 100,000 jobs.
#
#   bash bench/national_100k.sh
#
# Runs `aicn run --max-jobs 100000 --horizon 120d` once with each compute model (timer,
# exec) and prints jobs, wall time, peak memory and throughput. It builds AICN first if
# needed, in the same folder as .ci/quickstart.sh (build, or $AICN_BUILD_DIR). It does not
# install packages: run .ci/quickstart.sh once before.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

source bench/common.sh
jobs=100000
horizon=120d

build_targets aicn
aicn="$build_dir/aicn"

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT


rows=()
notes=()
for model in timer exec; do
  out="$work_dir/$model"
  echo "== running $jobs jobs, compute model $model =="
  status=0
  /usr/bin/time -f '%e %M' -o "$work_dir/$model.time" \
    "$aicn" run --max-jobs "$jobs" --horizon "$horizon" --compute-model "$model" --quiet --out "$out" \
    >/dev/null 2>"$work_dir/$model.stderr" || status=$?
  if [[ ! -f "$out/summary.json" ]]; then
    echo "bench: aicn failed (exit status $status) with compute model $model:" >&2
    tail -n 20 "$work_dir/$model.stderr" >&2
    exit 1
  fi
  # A run that wrote its results but then exited badly is still timed, and flagged below.
  [[ $status -eq 0 ]] || notes+=("$model: aicn exited with status $status after writing its results")
  read -r wall_s peak_kib < <(tail -n 1 "$work_dir/$model.time")
  submitted="$(summary_value "$out/summary.json" jobs submitted)"
  finished="$(summary_value "$out/summary.json" jobs finished)"
  peak_mib=$((peak_kib / 1024))
  jobs_per_s="$(awk -v n="$submitted" -v s="$wall_s" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')"
  rows+=("$(printf '%-8s %10s %10s %8s %10s %10s' "$model" "$submitted" "$finished" "$wall_s" "$peak_mib" "$jobs_per_s")")
done

echo
echo "national-default, $jobs jobs, horizon $horizon, $(nproc) cores, $("$aicn" --version)"
printf '%-8s %10s %10s %8s %10s %10s\n' model submitted finished wall_s peak_MiB jobs/s
printf '%s\n' "${rows[@]}"
echo "target: < 10 s wall for the timer model"
if [[ ${#notes[@]} -gt 0 ]]; then printf 'note: %s\n' "${notes[@]}"; fi
