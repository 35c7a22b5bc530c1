#!/usr/bin/env bash
# whole_nation.sh -- issue 13's whole nation: 1e7 jobs on 48 AIDCs and 1.2 M GPUs.
#
#   bash bench/whole_nation.sh [--jobs N] [--timeout SECONDS] [--plain] [--keep]
#
#   --jobs N          jobs to submit (default 10,000,000; the horizon is N / 1e7 x 365 days, so
#                     1,000,000 is about 36.5 days of the same load: use it while developing)
#   --timeout S       stop aicn after S seconds of wall time (default 3600) and report that
#   --plain           also generate the job stream and time aicn_plain_loop on it (the CSV of
#                     1e7 jobs is about 1.5 GB in the temporary folder)
#   --keep            keep the temporary folder (its path is printed)
#
# Runs `aicn run sim/scenarios/whole-nation.yaml --max-jobs N --horizon H` under
# /usr/bin/time (wall, user+sys CPU, peak RSS) and prints jobs, the trace's size per job, the
# largest queue per site (bench/queue_bounds.py, needs h5dump) and, when it fails or times
# out, its exit status and the last lines it wrote: where it breaks. Targets (issue 13):
# <= 60 s wall and <= 4 GiB. Ends with one line:
#   whole-nation: sites=... gpus=... jobs=... finished=... wall_s=... cpu_s=... rss_mib=... bytes_per_job=... status=...
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs=10000000 timeout_s=3600 plain=0 keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    --plain) plain=1; shift ;;
    --keep) keep=1; shift ;;
    *) echo "whole_nation.sh: unknown option '$1' (options: --jobs N --timeout S --plain --keep)" >&2; exit 2 ;;
  esac
done
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "whole_nation.sh: --jobs: a whole number >= 1, got '$jobs'" >&2; exit 2; }
[[ "$timeout_s" =~ ^[1-9][0-9]*$ ]] || { echo "whole_nation.sh: --timeout: whole seconds >= 1, got '$timeout_s'" >&2; exit 2; }

source bench/common.sh
scenario=sim/scenarios/whole-nation.yaml
layout=china-whole-nation
# The same arrival rate for any N: 1e7 jobs a year. 2% more time so --max-jobs stops arrivals.
horizon_s="$(awk -v n="$jobs" 'BEGIN { printf "%.0f", n / 1e7 * 365 * 86400 * 1.02 }')"
horizon="${horizon_s}s"

build_targets aicn aicn_plain_loop
aicn="$build_dir/aicn"

work_dir="$(mktemp -d -t aicn-whole-nation.XXXXXX)"
if [[ $keep -eq 1 ]]; then echo "== keeping $work_dir =="; else trap 'rm -rf "$work_dir"' EXIT; fi
read -r sites gpus < <("$aicn" layouts | awk -v n="$layout" '$1 == n { print $4, $6 }')

echo "== aicn run $scenario --max-jobs $jobs --horizon $horizon (timeout ${timeout_s} s) =="
status=0
/usr/bin/time -f '%e %U %S %M' -o "$work_dir/run.time" \
  timeout "$timeout_s" "$aicn" run "$scenario" --max-jobs "$jobs" --horizon "$horizon" --out "$work_dir/run" \
  >"$work_dir/run.stdout" 2>"$work_dir/run.stderr" || status=$?
read -r wall user sys rss_kib < <(tail -n 1 "$work_dir/run.time")
cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
rss_mib="$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }')"
submitted=0 finished=0 bytes_per_job=nan queue_line="(no trace)"
if [[ -f "$work_dir/run/summary.json" ]]; then
  read -r submitted finished < <(python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))["jobs"]
print(s["submitted"], s["finished"])' "$work_dir/run/summary.json")
  trace_bytes="$(stat -c %s "$work_dir/run/trace.h5")"
  bytes_per_job="$(awk -v b="$trace_bytes" -v n="$submitted" 'BEGIN { printf "%.1f", b / n }')"
  if command -v h5dump >/dev/null; then
    python3 bench/queue_bounds.py "$work_dir/run/trace.h5" >"$work_dir/queues.txt"
    queue_line="$(tail -n 1 "$work_dir/queues.txt")"
  fi
fi
rm -rf "$work_dir/run"

plain_line="(not run; --plain)"
if [[ $plain -eq 1 && $status -eq 0 ]]; then
  echo "== generating the job stream and timing aicn_plain_loop =="
  "$aicn" workload generate "$scenario" --max-jobs "$jobs" --horizon "$horizon" --out "$work_dir/jobs.csv" >/dev/null
  /usr/bin/time -f '%e s wall, %U s user, %M KB' -o "$work_dir/plain.time" \
    "$build_dir/aicn_plain_loop" "$layout" "$work_dir/jobs.csv" --horizon "$horizon_s" >"$work_dir/plain.stdout"
  plain_line="$(tail -n 1 "$work_dir/plain.stdout") ($(tail -n 1 "$work_dir/plain.time"))"
  rm -f "$work_dir/jobs.csv"
fi

echo
echo "whole nation: $scenario, $jobs jobs, horizon $horizon, $(nproc) cores, $("$aicn" --version), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "layout $layout: $sites sites, $gpus GPUs"
echo "aicn run: exit status $status, wall $wall s, CPU $cpu s, peak RSS $rss_mib MiB (targets: 60 s, 4096 MiB)"
echo "jobs: $submitted submitted, $finished finished; trace $bytes_per_job B per job"
echo "queues: $queue_line"
echo "plain loop: $plain_line"
if [[ $status -ne 0 ]]; then
  if [[ $status -eq 124 ]]; then echo "BROKE: timed out after $timeout_s s"; else echo "BROKE: aicn exited with status $status"; fi
  echo "last lines of its output:"
  tail -n 5 "$work_dir/run.stderr" | tr '\r' '\n' | tail -n 5
fi
echo
echo "whole-nation: sites=$sites gpus=$gpus jobs=$submitted finished=$finished wall_s=$wall cpu_s=$cpu rss_mib=$rss_mib bytes_per_job=$bytes_per_job status=$status"
