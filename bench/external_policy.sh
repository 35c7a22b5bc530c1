#!/usr/bin/env bash
# bench/external_policy.sh -- what a policy in another process costs: the national default
# (30 days unless --horizon) with the C++ built-in least-loaded in process, then the same
# policy in Python (results/python/examples/least_loaded.py) over stdin/stdout and over
# ZeroMQ. Prints CPU and wall time of each, the number of dispatch calls, the overhead per
# call against the in-process run, and checks that the three summaries agree (but for
# run_id and policy). Run from the repository root; the machine's load shows in the wall
# times, so say whether it was shared.
#
#   bash bench/external_policy.sh [--horizon 30d] [--seed 1]
set -euo pipefail
source bench/common.sh

horizon=30d
seed=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --horizon) horizon="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    *) echo "usage: bench/external_policy.sh [--horizon 30d] [--seed 1]" >&2; exit 2 ;;
  esac
done
build_targets aicn
aicn="$build_dir/aicn"
python=/usr/bin/python3  # Debian's, with python3-zmq
policy_py="$python $(pwd)/results/python/examples/least_loaded.py"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
port=$((20000 + $$ % 20000))

# timed NAME COMMAND...: runs it, keeps "wall user sys" in $work/NAME.time
timed() {
  local name="$1"
  shift
  /usr/bin/time -f '%e %U %S' -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || {
    cat "$work/$name.err" >&2
    exit 1
  }
}
common=(run --quiet --horizon "$horizon" --seed "$seed")
timed inproc "$aicn" "${common[@]}" --policy least-loaded --out "$work/inproc"
AICN_POLICY_STATS=1 timed stdio "$aicn" "${common[@]}" --policy external --policy-cmd "$policy_py" --out "$work/stdio"
AICN_POLICY_STATS=1 $policy_py --endpoint "tcp://127.0.0.1:$port" 2>"$work/zmq-scheduler.err" &
scheduler=$!
timed zmq "$aicn" "${common[@]}" --policy external --policy-endpoint "tcp://127.0.0.1:$port" --out "$work/zmq"
wait "$scheduler"

strip() { grep -v -e '"run_id":' -e '"policy":' "$1/summary.json"; }
for run in stdio zmq; do
  if ! diff <(strip "$work/inproc") <(strip "$work/$run") >/dev/null; then
    echo "FAIL: the $run summary differs from the in-process one" >&2
    exit 1
  fi
done
calls=$(sed -n 's/.*aicn-policy-stats: calls \([0-9]*\).*/\1/p' "$work/stdio.err")
read -r in_wall in_user in_sys <"$work/inproc.time"
echo "national default, $horizon, seed $seed, least-loaded; $calls dispatch calls; summaries identical"
printf '%-28s %8s %8s %8s %10s %14s\n' run "wall s" "user s" "sys s" "x wall" "us/call (CPU)"
for run in inproc stdio zmq; do
  read -r wall user sys <"$work/$run.time"
  # The ZeroMQ scheduler is not aicn's child: /usr/bin/time cannot see its CPU, so that
  # row counts aicn's side only.
  python3 - "$run" "$wall" "$user" "$sys" "$in_wall" "$in_user" "$in_sys" "$calls" <<'PY'
import sys
run, wall, user, sys_, in_wall, in_user, in_sys, calls = sys.argv[1:]
wall, user, sys_, in_wall, in_user, in_sys, calls = map(float, (wall, user, sys_, in_wall, in_user, in_sys, calls))
label = {"inproc": "in process (C++)", "stdio": "Python over stdio", "zmq": "Python over ZeroMQ (aicn only)"}[run]
extra = (user + sys_ - in_user - in_sys) / calls * 1e6
print(f"{label:<28} {wall:8.2f} {user:8.2f} {sys_:8.2f} {wall / in_wall:10.1f} {extra if run != 'inproc' else 0:14.1f}")
PY
done
echo "(stdio counts the scheduler's CPU too, as aicn's child; the ZeroMQ scheduler runs apart)"
