#!/usr/bin/env bash
# national_year.sh -- issue 13's benchmark: a year of national demand, timed against a plain loop.
#
#   bash bench/national_year.sh [--quick] [--no-policies] [--no-backlog] [--repeat N] [--keep]
#
#   --quick        100,000 jobs (about 37 days) instead of 1,000,000 over 365 days
#   --no-policies  skip the run of every built-in policy
#   --no-backlog   skip the scaling cases (stable and backlog, 1e5 vs 1e6 jobs)
#   --repeat N     run the national year and the bound N times each, alternately (default 3;
#                  see step 3)
#   --keep         keep the temporary folder (its path is printed) instead of deleting it
#
# What it runs (docs/performance.md explains each figure):
# 1. `aicn workload generate` of sim/scenarios/national-year.yaml, once: the job stream.
# 2. `aicn run sim/scenarios/national-year.yaml` (china-national-aidc, llm-mix at a stable
#    load, default policy, HDF5 trace on), timed with /usr/bin/time: wall, user+sys CPU, RSS;
#    trace bytes per job; the largest queue per site over the year (bench/queue_bounds.py).
# 3. aicn_plain_loop (bench/plain_loop.cpp) on the same stream, same horizon, twice:
#    generator mode (--scenario: the jobs made in-process by the same llm-mix source, pulled
#    one at a time, as `aicn run` makes them): its loop_cpu_s (generation + loop) is the bound,
#    plain_s; and CSV mode on the generated CSV, for two reference figures: the loop alone
#    (jobs already in memory) and read + loop (adds a CSV parse AICN does not do).
#    ratio = AICN CPU time / plain_s. docs/performance.md explains the three.
#    Steps 2 and 3's generator run are repeated N times (--repeat), alternately, with one
#    bound run more (bound, aicn, bound, aicn, ..., bound), because CPU time on these shared
#    2-core machines moves by 10-30 % between identical runs: each aicn run is compared with
#    the mean of the two bound runs on either side of it (the host's speed sampled at both
#    ends of the aicn run, not only after it), which gives each pair's ratio. The figures
#    reported are medians (AICN CPU and wall, the bound over all its runs, the ratio of each
#    pair); RSS is the largest. Every run is printed, so the spread is visible.
# 4. Scaling: cost per job (CPU s / job) at 1e6 jobs vs 1e5 jobs, on the stable workload
#    (national-year: 365 d vs 37 d; --max-jobs stops the arrivals in both) and on the backlog case (the overloaded default
#    scenario, `aicn run --max-jobs N`, horizon 3650 d vs 365 d: arrivals at 60 an hour stop
#    at about 694 d and 69 d).
# 5. national-year with every built-in policy (`aicn policies`), and its time / the default's,
#    each policy's run right after a run of the default policy (the pair's ratio is reported).
# It ends with one machine-readable line:
#   national-year: sites=... gpus=... jobs=... wall_s=... cpu_s=... rss_mib=... bytes_per_job=... plain_s=... ratio=...
# It builds aicn and aicn_plain_loop first (in $AICN_BUILD_DIR, default build), configuring
# like bench/national_100k.sh when the folder is new. It installs nothing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

quick=0 policies=1 backlog=1 keep=0 repeat=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-policies) policies=0 ;;
    --no-backlog) backlog=0 ;;
    --keep) keep=1 ;;
    --repeat)
      if [[ $# -lt 2 || ! "$2" =~ ^[1-9][0-9]?$ ]]; then
        echo "national_year.sh: --repeat needs a count from 1 to 99 (got '${2:-}')" >&2; exit 2
      fi
      repeat=$2; shift ;;
    *) echo "national_year.sh: unknown option '$1' (options: --quick --no-policies --no-backlog --repeat N --keep)" >&2; exit 2 ;;
  esac
  shift
done

source bench/common.sh
scenario=sim/scenarios/national-year.yaml
layout=china-national-aidc
if [[ $quick -eq 1 ]]; then jobs=100000 horizon=37d horizon_s=3196800; else jobs=1000000 horizon=365d horizon_s=31536000; fi

build_targets aicn aicn_plain_loop
aicn="$build_dir/aicn"
plain="$build_dir/aicn_plain_loop"

work_dir="$(mktemp -d -t aicn-national-year.XXXXXX)"
if [[ $keep -eq 1 ]]; then echo "== keeping $work_dir =="; else trap 'rm -rf "$work_dir"' EXIT; fi


# timed NAME COMMAND...: runs COMMAND under /usr/bin/time; sets wall, cpu (user+sys), rss_mib.
timed() {
  local name="$1"; shift
  local status=0
  /usr/bin/time -f '%e %U %S %M' -o "$work_dir/$name.time" "$@" >"$work_dir/$name.stdout" 2>"$work_dir/$name.stderr" || status=$?
  if [[ $status -ne 0 ]]; then
    echo "national_year.sh: '$*' failed (exit status $status):" >&2
    tail -n 20 "$work_dir/$name.stderr" >&2
    exit 1
  fi
  read -r wall user sys rss_kib < <(tail -n 1 "$work_dir/$name.time")
  cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
  rss_mib="$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }')"
}

# aicn_run NAME ARGS...: a timed `aicn run ARGS --quiet --out $work_dir/NAME`; the run folder
# stays until the caller removes it.
aicn_run() {
  local name="$1"; shift
  timed "$name" "$aicn" run "$@" --quiet --out "$work_dir/$name"
  submitted="$(summary_value "$work_dir/$name/summary.json" jobs submitted)"
  finished="$(summary_value "$work_dir/$name/summary.json" jobs finished)"
}

read -r sites gpus < <("$aicn" layouts | awk -v n="$layout" '$1 == n { print $4, $6 }')

echo "== generating the job stream ($jobs jobs, $horizon) =="
"$aicn" workload generate "$scenario" --max-jobs "$jobs" --horizon "$horizon" --out "$work_dir/jobs.csv" >/dev/null

# plain_value LINE KEY: the number after " KEY=" in a plain-loop line.
plain_value() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" <<<"$1"; }
ratio_of() { awk -v a="$1" -v p="$2" 'BEGIN { printf "%.1f", (p > 0 ? a / p : 0) }'; }
# median VALUES...: the middle value (the mean of the two middle ones for an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# spread VALUES...: "min-max s (max/min R)", how far the same run's time moved between repeats.
spread() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%s-%s s (max/min %.2f)", v[1], v[NR], (v[1] > 0 ? v[NR] / v[1] : 0) }'; }

# bound_run N: one timed generator-mode run of the bound (run N of repeat + 1); sets plain_r
# and plain_line, and appends plain_r to plain_cpus.
bound_run() {
  echo "== aicn_plain_loop, generator mode (the bound; run $1 of $((repeat + 1))) =="
  timed plain "$plain" --scenario "$scenario" --max-jobs "$jobs" --horizon "$horizon_s"
  plain_line="$(tail -n 1 "$work_dir/plain.stdout")"
  plain_r="$(plain_value "$plain_line" loop_cpu_s)"            # generation + loop: the bound
  plain_cpus+=("$plain_r")
}

year_cpus=() year_walls=() plain_cpus=() pair_ratios=() run_rows=() y_rss=0
bound_run 1
plain_gen_s="$(plain_value "$plain_line" gen_cpu_s)"         # the source's next() calls alone
plain_jobs="$(plain_value "$plain_line" jobs)"
plain_finished="$(plain_value "$plain_line" finished)"
plain_total_cpu=$cpu plain_wall=$wall plain_rss=$rss_mib
for ((r = 1; r <= repeat; ++r)); do
  echo "== aicn run $scenario (run $r of $repeat) =="
  aicn_run "year-$r" "$scenario" --max-jobs "$jobs" --horizon "$horizon"
  year_cpus+=("$cpu") year_walls+=("$wall")
  y_rss="$(awk -v a="$y_rss" -v b="$rss_mib" 'BEGIN { print (b > a ? b : a) }')"
  if [[ $r -eq 1 ]]; then
    y_jobs=$submitted y_finished=$finished
    trace_bytes="$(stat -c %s "$work_dir/year-1/trace.h5")"
    bytes_per_job="$(awk -v b="$trace_bytes" -v n="$y_jobs" 'BEGIN { printf "%.1f", b / n }')"
    queue_line="(h5dump not found: queues not checked)"
    if command -v h5dump >/dev/null; then
      python3 bench/queue_bounds.py "$work_dir/year-1/trace.h5" >"$work_dir/queues.txt"
      queue_line="$(tail -n 1 "$work_dir/queues.txt")"
    fi
    default_policy="$(summary_value "$work_dir/year-1/summary.json" policy)"
  elif [[ "$submitted/$finished" != "$y_jobs/$y_finished" ]]; then
    echo "national_year.sh: run $r of the same scenario differs from run 1 ($submitted/$finished jobs vs $y_jobs/$y_finished)" >&2
    exit 1
  fi
  rm -rf "$work_dir/year-$r"
  year_cpu_r=$cpu year_wall_r=$wall

  bound_before=$plain_r
  bound_run $((r + 1))
  if [[ "$(plain_value "$plain_line" jobs)/$(plain_value "$plain_line" finished)" != "$plain_jobs/$plain_finished" ]]; then
    echo "national_year.sh: run $((r + 1)) of the bound differs from run 1 ('$plain_line')" >&2
    exit 1
  fi
  pair_bound="$(awk -v a="$bound_before" -v b="$plain_r" 'BEGIN { printf "%.3f", (a + b) / 2 }')"
  pair_ratios+=("$(ratio_of "$year_cpu_r" "$pair_bound")")
  run_rows+=("$(printf '  run %-3s aicn %6s s wall %6s s CPU   bound %6s s (%s before, %s after)   ratio %5s' "$r" "$year_wall_r" "$year_cpu_r" "$pair_bound" "$bound_before" "$plain_r" "${pair_ratios[-1]}")")
done
y_cpu="$(median "${year_cpus[@]}")" y_wall="$(median "${year_walls[@]}")"
y_cpu="$(awk -v c="$y_cpu" 'BEGIN { printf "%.2f", c }')" y_wall="$(awk -v c="$y_wall" 'BEGIN { printf "%.2f", c }')"
plain_s="$(median "${plain_cpus[@]}")"
ratio="$(awk -v r="$(median "${pair_ratios[@]}")" 'BEGIN { printf "%.1f", r }')"

echo "== aicn_plain_loop, CSV mode on the generated stream (reference figures) =="
timed plain-csv "$plain" "$layout" "$work_dir/jobs.csv" --horizon "$horizon_s"
csv_line="$(tail -n 1 "$work_dir/plain-csv.stdout")"
loop_only_s="$(plain_value "$csv_line" loop_cpu_s)"          # the loop alone, jobs in memory
csv_read_s="$(plain_value "$csv_line" read_cpu_s)"           # reading and parsing the CSV
csv_read_loop_s="$(awk -v a="$loop_only_s" -v b="$csv_read_s" 'BEGIN { printf "%.3f", a + b }')"
csv_finished="$(plain_value "$csv_line" finished)"
csv_total_cpu=$cpu csv_wall=$wall csv_rss=$rss_mib
if [[ "$(plain_value "$csv_line" jobs)" != "$plain_jobs" || "$csv_finished" != "$plain_finished" ]]; then
  echo "national_year.sh: the plain loop's two modes disagree: generator '$plain_line', CSV '$csv_line'" >&2
  exit 1
fi

per_job_us() { awk -v c="$1" -v n="$2" 'BEGIN { printf "%.2f", 1e6 * c / n }'; }
scaling_rows=()
if [[ $backlog -eq 1 ]]; then
  echo "== scaling: stable workload at 1e5 jobs (37 d) =="
  aicn_run stable-1e5 "$scenario" --max-jobs 100000 --horizon 37d
  s5_cpu=$cpu s5_jobs=$submitted; rm -rf "$work_dir/stable-1e5"
  if [[ $quick -eq 1 ]]; then
    echo "== scaling: stable workload at 1e6 jobs (365 d) =="
    aicn_run stable-1e6 "$scenario" --max-jobs 1000000 --horizon 365d
    s6_cpu=$cpu s6_jobs=$submitted; rm -rf "$work_dir/stable-1e6"
  else
    s6_cpu=$y_cpu s6_jobs=$y_jobs
  fi
  echo "== scaling: backlog (default scenario) at 1e5 jobs (365 d) =="
  aicn_run backlog-1e5 --max-jobs 100000 --horizon 365d
  b5_cpu=$cpu b5_jobs=$submitted b5_fin=$finished; rm -rf "$work_dir/backlog-1e5"
  echo "== scaling: backlog (default scenario) at 1e6 jobs (3650 d) =="
  aicn_run backlog-1e6 --max-jobs 1000000 --horizon 3650d
  b6_cpu=$cpu b6_jobs=$submitted b6_fin=$finished b6_wall=$wall b6_rss=$rss_mib; rm -rf "$work_dir/backlog-1e6"
  s_growth="$(awk -v a="$s6_cpu" -v n="$s6_jobs" -v b="$s5_cpu" -v m="$s5_jobs" 'BEGIN { printf "%.2f", (a / n) / (b / m) }')"
  b_growth="$(awk -v a="$b6_cpu" -v n="$b6_jobs" -v b="$b5_cpu" -v m="$b5_jobs" 'BEGIN { printf "%.2f", (a / n) / (b / m) }')"
  scaling_rows+=("$(printf '%-28s %10s %10s %12s %12s %8s' stable "$s5_cpu" "$s6_cpu" "$(per_job_us "$s5_cpu" "$s5_jobs")" "$(per_job_us "$s6_cpu" "$s6_jobs")" "$s_growth")")
  scaling_rows+=("$(printf '%-28s %10s %10s %12s %12s %8s' "backlog (finished ${b5_fin}/${b6_fin})" "$b5_cpu" "$b6_cpu" "$(per_job_us "$b5_cpu" "$b5_jobs")" "$(per_job_us "$b6_cpu" "$b6_jobs")" "$b_growth")")
fi

policy_rows=()
if [[ $policies -eq 1 ]]; then
  mapfile -t names < <("$aicn" policies | awk '/^  Queue disciplines/ { exit } /^[a-z]/ { print $1 }')
  for p in "${names[@]}"; do
    # `external` asks a scheduler in another process (docs/external-scheduler.md): its cost is
    # that process's, measured by bench/external_policy.sh, not a built-in policy's.
    if [[ "$p" == external ]]; then echo "== national-year, policy external: skipped (bench/external_policy.sh) =="; continue; fi
    if [[ "$p" == "$default_policy" ]]; then
      echo "== national-year, policy $p (the default: the median of step 2) =="
      p_wall=$y_wall p_cpu=$y_cpu p_rss=$y_rss p_fin=$y_finished d_cpu=$y_cpu
    else
      # Each policy against a run of the default made just before it: this machine's speed
      # drifts over minutes, and the step-2 median is from the start of the benchmark.
      echo "== national-year, the default policy $default_policy, then policy $p =="
      aicn_run "policy-default" "$scenario" --max-jobs "$jobs" --horizon "$horizon"
      d_cpu=$cpu; rm -rf "$work_dir/policy-default"
      aicn_run "policy-$p" "$scenario" --max-jobs "$jobs" --horizon "$horizon" --policy "$p"
      p_wall=$wall p_cpu=$cpu p_rss=$rss_mib p_fin=$finished; rm -rf "$work_dir/policy-$p"
    fi
    rel="$(awk -v a="$p_cpu" -v d="$d_cpu" 'BEGIN { printf "%.2f", a / d }')"
    policy_rows+=("$(printf '%-24s %8s %8s %9s %10s %10s %8s' "$p" "$p_wall" "$p_cpu" "$p_rss" "$p_fin" "$d_cpu" "$rel")")
  done
fi

echo
echo "national year: $scenario, $jobs jobs, horizon $horizon, $(nproc) cores, $("$aicn" --version), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "layout $layout: $sites sites, $gpus GPUs; policy $default_policy"
printf '%-26s %8s %8s %9s %10s %10s\n' run wall_s cpu_s rss_MiB jobs finished
printf '%-26s %8s %8s %9s %10s %10s\n' "aicn run (median of $repeat)" "$y_wall" "$y_cpu" "$y_rss" "$y_jobs" "$y_finished"
printf '%-26s %8s %8s %9s %10s %10s\n' "plain loop, gen. (run 1)" "$plain_wall" "$plain_total_cpu" "$plain_rss" "$plain_jobs" "$plain_finished"
printf '%-26s %8s %8s %9s %10s %10s\n' "plain loop, CSV" "$csv_wall" "$csv_total_cpu" "$csv_rss" "$plain_jobs" "$csv_finished"
echo "(the process rows include loading the layout; the generator row also a second pass that times the generation alone)"
echo "the $repeat runs of aicn, each between two runs of the bound (ratio = aicn CPU / the mean of those two):"
printf '%s\n' "${run_rows[@]}"
if [[ $repeat -gt 1 ]]; then
  # The same binary on the same input: a spread much above 1.1 is the machine's speed moving
  # (other tenants of the host), and AICN's long code path feels it more than the bound's loop,
  # so the ratio moves with it (docs/performance.md, ninth session).
  echo "  spread of the repeats: aicn CPU $(spread "${year_cpus[@]}"), bound CPU $(spread "${plain_cpus[@]}")"
fi
echo "plain-loop CPU figures (docs/performance.md; the bound is the median of the runs above):"
printf '  %-48s %7s s   aicn / it = %5s\n' "bound: generation + loop (generator mode)" "$plain_s" "$ratio"
printf '  %-48s %7s s\n' "  generation alone (next() only, a second pass)" "$plain_gen_s"
printf '  %-48s %7s s   aicn / it = %5s\n' "loop alone (CSV mode, jobs in memory)" "$loop_only_s" "$(ratio_of "$y_cpu" "$loop_only_s")"
printf '  %-48s %7s s   aicn / it = %5s\n' "read CSV + loop (CSV mode, read $csv_read_s s)" "$csv_read_loop_s" "$(ratio_of "$y_cpu" "$csv_read_loop_s")"
echo "ratio aicn CPU / plain bound = $ratio, the median of the $repeat pairs (target <= 10)"
echo "trace: $trace_bytes bytes, $bytes_per_job B per job (target <= 40)"
echo "queues: $queue_line"
if [[ ${#scaling_rows[@]} -gt 0 ]]; then
  echo
  echo "cost per job, 1e5 vs 1e6 jobs (target growth <= 1.3)"
  printf '%-28s %10s %10s %12s %12s %8s\n' workload cpu_1e5_s cpu_1e6_s us/job_1e5 us/job_1e6 growth
  printf '%s\n' "${scaling_rows[@]}"
  echo "backlog 1e6: wall $b6_wall s, RSS $b6_rss MiB"
fi
if [[ ${#policy_rows[@]} -gt 0 ]]; then
  echo
  echo "every built-in policy on national-year (target <= 2x the default's CPU time; each against"
  echo "a run of the default made just before it, default_cpu_s)"
  printf '%-24s %8s %8s %9s %10s %10s %8s\n' policy wall_s cpu_s rss_MiB finished default_cpu_s x_default
  printf '%s\n' "${policy_rows[@]}"
fi
echo
echo "national-year: sites=$sites gpus=$gpus jobs=$y_jobs wall_s=$y_wall cpu_s=$y_cpu rss_mib=$y_rss bytes_per_job=$bytes_per_job plain_s=$plain_s ratio=$ratio"
