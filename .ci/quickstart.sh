#!/usr/bin/env bash
# quickstart.sh -- install what is missing, build AICN, then run it or test it.
#
#   bash .ci/quickstart.sh run [aicn run args...]   # e.g. run --policy least-loaded
#   bash .ci/quickstart.sh test [ctest args...]     # e.g. test -L unit
#
# Meant for Debian 12. Run it as root, or as a user who may use sudo.
# AICN_BUILD_DIR overrides the build folder (default: build, or build-asan with AICN_SANITIZE=1).
# AICN_SANITIZE=1 builds with AddressSanitizer + UndefinedBehaviorSanitizer (-DAICN_SANITIZE=ON)
# in its own folder and runs with the sanitizer options set below.
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

sanitize="${AICN_SANITIZE:-0}"
case "$sanitize" in
  0 | 1) ;;
  *) echo "quickstart: error: AICN_SANITIZE must be 0 or 1, not '$sanitize'" >&2; exit 2 ;;
esac
if [[ "$sanitize" == 1 ]]; then
  build_dir="${AICN_BUILD_DIR:-build-asan}"
  # -O0 -g1: compiles about 35 % faster than -O1 and 2.5x faster than -O2 -g (RelWithDebInfo);
  # -O1 and above also fail -Werror here (GCC 12 with sanitizers: false -Wmaybe-uninitialized
  # inside <regex>). -g1 keeps file:line in the reports; asserts stay on.
  build_options=(-DAICN_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
                 "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -g1" "-DCMAKE_C_FLAGS_DEBUG=-O0 -g1")
  # Leak checking stays on: the whole suite runs without a leak report, so nothing of SimGrid
  # or HDF5 needs suppressing. No LD_PRELOAD: aicn and the test programs link the ASan runtime
  # first, and the policy plugins they dlopen are built with the same flags.
  # Options of our own first, so that any the caller sets win.
  export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
else
  build_dir="${AICN_BUILD_DIR:-build}"
  build_options=(-DCMAKE_BUILD_TYPE=Release -DAICN_SANITIZE=OFF)
fi

packages=(
  build-essential cmake pkg-config git ccache
  libsimgrid-dev libboost-graph-dev libhdf5-dev hdf5-tools
  libspdlog-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
  libdeflate-dev libgoogle-perftools-dev
  libzmq3-dev cppzmq-dev python3-zmq
  python3 python3-h5py python3-matplotlib chromium time
  # the Python package and its install test (tests/python): pandas, PyYAML, pip into a venv
  python3-pandas python3-yaml python3-pip python3-venv
  # sweeps on a real one-node Slurm in the tests (tests/cli/slurm_sweep_test.cpp)
  slurm-wlm munge
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

# (b) Configure. ccache keeps object files between builds (in ~/.cache/ccache unless CCACHE_DIR
# says otherwise): a second build of the same sources, from any clone, takes minutes, not a
# quarter of an hour. The base folder makes paths relative to the checkout, so that clones in
# different folders share the cache; the compiler output is the same (file names in debug
# information become relative to the checkout).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
echo "== configuring in $build_dir =="
cmake -S . -B "$build_dir" "${build_options[@]}" -DAICN_BUILD_TESTS=ON -DAICN_WERROR=ON \
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache

# (c) Build.
echo "== building with $(nproc) jobs =="
cmake --build "$build_dir" -j"$(nproc)"

# (d) Run or test.
if [[ "$command_name" == run ]]; then
  # --force: the quick start may be run again; its earlier result folder is then replaced whole
  # (a plain `aicn run` refuses to overwrite a run folder).
  echo "== running: aicn run --force${*:+ $*} =="
  exec "$build_dir/aicn" run --force "$@"
else
  echo "== testing =="
  exec ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" "$@"
fi
