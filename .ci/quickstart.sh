#!/usr/bin/env bash
# quickstart.sh -- install what is missing, build AICN, then run it or test it.
#
#   bash .ci/quickstart.sh run [aicn run args...]   # e.g. run --policy least-loaded
#   bash .ci/quickstart.sh test [ctest args...]     # e.g. test -L unit
#
# Meant for Debian 12. Run it as root, or as a user who may use sudo.
# AICN_BUILD_DIR overrides the build folder (default: build).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() {
  echo "usage: bash .ci/quickstart.sh run [aicn run args...]" >&2
  echo "       bash .ci/quickstart.sh test [ctest args...]" >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
command_name="$1"
shift
case "$command_name" in
  run | test) ;;
  *) usage ;;
esac

build_dir="${AICN_BUILD_DIR:-build}"

packages=(
  build-essential cmake pkg-config git
  libsimgrid-dev libboost-graph-dev libhdf5-dev hdf5-tools
  libspdlog-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
  python3 python3-h5py python3-matplotlib chromium time
)

# (a) Install the Debian packages that are missing, and only those.
missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ "$(id -u)" -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "quickstart: error: these packages are missing: ${missing[*]}" >&2
    echo "quickstart: run this script as root, or install sudo, or install them yourself." >&2
    exit 1
  fi
  echo "== installing ${#missing[@]} missing packages: ${missing[*]} =="
  "${as_root[@]}" apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "== all ${#packages[@]} packages present =="
fi

# (b) Configure.
echo "== configuring in $build_dir =="
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DAICN_BUILD_TESTS=ON -DAICN_WERROR=ON

# (c) Build.
echo "== building with $(nproc) jobs =="
cmake --build "$build_dir" -j"$(nproc)"

# (d) Run or test.
if [[ "$command_name" == run ]]; then
  echo "== running: aicn run${*:+ $*} =="
  exec "$build_dir/aicn" run "$@"
else
  echo "== testing =="
  exec ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" "$@"
fi
