# bench/common.sh -- what the bench scripts share. Source it from the repository root:
#   source bench/common.sh
# It reads $AICN_BUILD_DIR (default build) into build_dir.

build_dir="${AICN_BUILD_DIR:-build}"

# build_targets TARGET...: configures $build_dir first, with quickstart's options, when it is
# new; then builds the targets. It installs nothing: run .ci/quickstart.sh once before.
build_targets() {
  if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
    echo "== configuring in $build_dir =="
    cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DAICN_BUILD_TESTS=ON -DAICN_WERROR=ON
  fi
  echo "== building $* in $build_dir =="
  cmake --build "$build_dir" --target "$@" -j"$(nproc)" >/dev/null
}

# summary_value FILE KEY...: one value of a run's summary.json, e.g. summary_value F jobs submitted.
summary_value() {
  python3 -c 'import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2:]:
    value = value[key]
print(value)' "$@"
}
