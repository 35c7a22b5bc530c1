#!/usr/bin/env bash
# sweep_local.sh -- speedup of `aicn sweep`'s local back end: 8 equal cells at 1 and at 2 workers.
#
#   bash bench/sweep_local.sh [horizon]      (default 20d)
#
# The 8 cells differ only in the scenario's name, so every run does the same work: the default
# national scenario (built in) over `horizon`, one seed. Runs the sweep with --jobs 1, then
# with --jobs 2, each into a fresh folder, and prints the wall time of each and their ratio,
# plus the CPU time (user + system of the sweep and its runs): on a shared machine the wall
# ratio is bounded by the cores others leave free, so say the machine's load with the figure.
# Ends with `sweep-local: cells=8 wall_1=... wall_2=... speedup=... cpu_1=... cpu_2=... load=...`.
# Uses the aicn binary in build/ (or $AICN_BUILD_DIR); build it first.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
aicn="$(realpath "${AICN_BUILD_DIR:-build}/aicn")"
horizon="${1:-20d}"
[[ -x "$aicn" ]] || { echo "bench: $aicn not found; build the aicn target first" >&2; exit 1; }

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
cat > "$work_dir/sweep.yaml" <<YAML
name: equal-cells
base: national-default
seeds: 1
axes:
  name: [c1, c2, c3, c4, c5, c6, c7, c8]
  horizon: [$horizon]
YAML

run_sweep() {  # $1 = workers; prints "wall cpu"
  /usr/bin/time -f '%e %U %S' -o "$work_dir/time-$1" "$aicn" sweep "$work_dir/sweep.yaml" --jobs "$1" \
    --out "$work_dir/out-$1" >/dev/null 2>"$work_dir/stderr-$1" ||
    { echo "bench: the sweep failed with --jobs $1:" >&2; tail -n 20 "$work_dir/stderr-$1" >&2; exit 1; }
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$work_dir/time-$1"
}

load="$(cut -d' ' -f1 /proc/loadavg)"
read -r wall_1 cpu_1 < <(run_sweep 1)
read -r wall_2 cpu_2 < <(run_sweep 2)
cmp -s "$work_dir/out-1/sweep_stats.csv" "$work_dir/out-2/sweep_stats.csv" ||
  { echo "bench: the two sweeps' figures differ" >&2; exit 1; }
speedup="$(awk -v a="$wall_1" -v b="$wall_2" 'BEGIN { printf "%.2f", a / b }')"
echo "8 equal cells (national-default, horizon $horizon): 1 worker ${wall_1} s wall (${cpu_1} s CPU), 2 workers ${wall_2} s wall (${cpu_2} s CPU); load average before: $load on $(nproc) cores"
echo "sweep-local: cells=8 wall_1=$wall_1 wall_2=$wall_2 speedup=$speedup cpu_1=$cpu_1 cpu_2=$cpu_2 load=$load"
