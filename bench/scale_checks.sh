#!/usr/bin/env bash
# scale_checks.sh -- wall time and peak memory of the planner's checks on large layouts.
#
#   bash bench/scale_checks.sh [SHAPE] [N...]      SHAPE: star (default) or hub-spoke
#
# For each N (default 200 500 1000 3000) it writes a synthetic layout of N sites with
# bench/large_layout.py, then times with /usr/bin/time -v:
#   check  `aicn topology check LAYOUT`
#   run    `aicn run` of 5 small training jobs (drained) on that layout: loading, platform
#          build, simulation and outputs
# and prints one table row per N. A command that runs longer than AICN_SCALE_TIMEOUT seconds
# (default 120) is stopped and shown as ">T s". The binary is $AICN_BIN, or the aicn of
# $AICN_BUILD_DIR (default build/); build it first (cmake --build build --target aicn).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

shape=star
if [[ $# -gt 0 && ( $1 == star || $1 == hub-spoke ) ]]; then shape=$1; shift; fi
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(200 500 1000 3000)
aicn="$(realpath "${AICN_BIN:-${AICN_BUILD_DIR:-build}/aicn}")"
timeout_s="${AICN_SCALE_TIMEOUT:-120}"
[[ -x $aicn ]] || { echo "scale_checks.sh: no aicn binary at $aicn; build it first" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# measure NAME COMMAND...: runs COMMAND under /usr/bin/time -v; prints "wall_s peak_MB".
measure() {
  local log="$work/$1.time"
  shift
  if timeout "$timeout_s" /usr/bin/time -v -o "$log" "$@" >"$work/out.txt" 2>&1; then
    awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]}
                /Maximum resident set size/ {kb = $2}
                END {printf "%.2f %.0f\n", s, kb / 1024}' "$log"
  elif [[ $? -eq 124 ]]; then
    echo ">$timeout_s -"
  else
    echo "FAILED -"
    sed -n 1,5p "$work/out.txt" >&2
  fi
}

printf '%-9s %6s | %9s %8s | %9s %8s\n' shape sites check_s check_MB run_s run_MB
for n in "${sizes[@]}"; do
  layout="$work/$shape-$n.yaml"
  python3 bench/large_layout.py "$shape" "$n" >"$layout"
  origin=$([[ $shape == star ]] && echo EAST || echo H0)
  cat >"$work/run-$n.yaml" <<YAML
name: scale-$shape-$n
seed: 1
horizon: 1d
max_jobs: 5
drain: true
layout: $shape-$n.yaml
workload:
  source: poisson-training
  arrivals_per_hour: 4
  origins: {$origin: 1}
  max_gpus: 8
policy: local-first
YAML
  read -r check_s check_mb < <(measure check "$aicn" topology check "$layout")
  read -r run_s run_mb < <(measure run "$aicn" run "$work/run-$n.yaml" --quiet --out "$work/out-$n")
  rm -rf "$work/out-$n"
  printf '%-9s %6s | %9s %8s | %9s %8s\n' "$shape" "$n" "$check_s" "$check_mb" "$run_s" "$run_mb"
done
