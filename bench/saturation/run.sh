#!/bin/bash
# The openb saturation experiment (docs/placement.md): the openb node list as node pools, the
# default pod list shuffled and cloned to 130 % of the GPUs, start-or-reject admission; 7
# placement policies x 10 seeds through `aicn sweep`. Usage: bench/saturation/run.sh [AICN] [OUT]
# The openb data comes from AICN_SHARED_DATA_DIR (default: ../shared/data next to the checkout).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
aicn="${1:-$root/build/aicn}"
out="${2:-$root/results/sweeps/openb-saturation}"
data="${AICN_SHARED_DATA_DIR:-$root/../shared/data}/alibaba_gpu_v2023"
work="$(dirname "$out")/openb-saturation-input"
mkdir -p "$work"
"$aicn" workload openb-site "$data/openb_node_list_all_node.csv" --out "$work/openb-nodes.yaml"
sed -e "s|@PODS@|$data/openb_pod_list_default.csv|" "$here/openb-saturation.yaml.in" > "$work/openb-saturation.yaml"
cp "$here/sweep.yaml" "$work/sweep.yaml"
"$aicn" sweep "$work/sweep.yaml" --out "$out" --jobs "${AICN_SWEEP_JOBS:-2}"
