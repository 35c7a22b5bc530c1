#!/usr/bin/env bash
# policy_seed_sweep.sh -- every built-in policy x seeds 1..N on the national default with
# random link and site failures over two days, in a sanitizer build: each run must exit 0
# and print no AddressSanitizer or UndefinedBehaviorSanitizer report.
#
#   bash tests/sanitize/policy_seed_sweep.sh BUILD_DIR [SEEDS]   # BUILD_DIR built with -DAICN_SANITIZE=ON
#
# Prints one line per policy and a total; exits 1 when any run failed or reported.
set -uo pipefail

build_dir="${1:?usage: policy_seed_sweep.sh BUILD_DIR [SEEDS]}"
seeds="${2:-20}"
aicn="$build_dir/aicn"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The national default, with failures frequent enough that two days see several of each kind.
cp "$(dirname "$0")/../../sim/scenarios/national-default.yaml" "$work/scenario.yaml"
cat >> "$work/scenario.yaml" <<'YAML'
random_failures: {links: {mtbf: 5d, mttr: 6h}, sites: {mtbf: 20d, mttr: 4h}}
YAML

# Policy names start a line of `aicn policies`; parameter lines are indented.
policies=$("$aicn" policies | awk '/^[a-z]/ {print $1}')
failed=0
runs=0
# `external` needs a scheduler: the Python random policy (results/python/examples).
random_py="/usr/bin/python3 $(cd "$(dirname "$0")/../.." && pwd)/results/python/examples/random_policy.py"
for policy in $policies; do
  bad=0
  scheduler=()
  [[ $policy == external ]] && scheduler=(--policy-cmd "$random_py")
  for seed in $(seq 1 "$seeds"); do
    runs=$((runs + 1))
    log="$work/$policy-$seed.log"
    if ! "$aicn" run "$work/scenario.yaml" --policy "$policy" "${scheduler[@]}" --seed "$seed" --horizon 2d --quiet \
         --out "$work/out-$policy-$seed" >"$log" 2>&1 || grep -qE 'ERROR: AddressSanitizer|runtime error:' "$log"; then
      bad=$((bad + 1))
      echo "FAIL $policy seed $seed:"; tail -5 "$log"
    fi
    rm -rf "$work/out-$policy-$seed"
  done
  echo "$policy: $((seeds - bad))/$seeds clean"
  failed=$((failed + bad))
done
echo "total: $((runs - failed))/$runs runs exited 0 with no sanitizer report"
[[ $failed -eq 0 ]]
