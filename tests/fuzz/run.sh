#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] -- build the libFuzzer harnesses and run each for SECONDS
# (default 20). Fails (exit 1) on any finding: a crash, an exception other than the documented
# input errors, a sanitizer report, a hang (-timeout=10 s per input) or out of memory.
#
# First it replays every saved reproducer in tests/fuzz/regressions/<harness>/ (each must now
# pass), then fuzzes from tests/fuzz/corpus/<harness>/ (read-only: new inputs go to a scratch
# corpus, deleted afterwards). A finding leaves its input in $AICN_FUZZ_ARTIFACTS (default
# build-fuzz/artifacts/<harness>/) and the log in build-fuzz/logs/<harness>.log.
#
# Environment:
#   AICN_FUZZ_BUILD_DIR    the fuzz tree (default build-fuzz), configured with clang on first use
#   AICN_FUZZ_HARNESSES    space-separated subset (default: all)
#   AICN_FUZZ_ARGS         extra libFuzzer flags, e.g. "-runs=1000000" for a long run
#   AICN_FUZZ_UBSAN_SUPPRESSIONS  a UBSan suppressions file (float-cast-overflow only: the one
#                          recoverable check) for a long run past a known, reported narrowing
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

seconds="${1:-20}"
build_dir="${AICN_FUZZ_BUILD_DIR:-build-fuzz}"
all_harnesses=(fuzz_scenario fuzz_layout fuzz_trace_aicn_csv fuzz_trace_swf fuzz_trace_openb fuzz_trace_mooncake
               fuzz_trace_azure_llm fuzz_openb_site fuzz_csv_fields fuzz_lease_csv
               fuzz_key_settings)
read -r -a harnesses <<<"${AICN_FUZZ_HARNESSES:-${all_harnesses[*]}}"

# clang and its libFuzzer runtime (Debian: clang, libclang-rt-14-dev), installed like
# .ci/quickstart.sh installs the rest when missing.
if ! command -v clang++ >/dev/null || ! compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
  as_root=()
  [[ "$(id -u)" -eq 0 ]] || as_root=(sudo)
  echo "== installing clang and libclang-rt-14-dev for libFuzzer =="
  "${as_root[@]}" apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang libclang-rt-14-dev
fi
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  echo "== configuring the fuzz tree in $build_dir (clang) =="
  launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache); fi
  CC=clang CXX=clang++ cmake -S . -B "$build_dir" -DAICN_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g" "${launcher[@]}" >/dev/null
fi
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true  # clones in other folders share the cache
echo "== building the fuzz harnesses =="
cmake --build "$build_dir" --target fuzzers -j"$(nproc)"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
ubsan="halt_on_error=1:print_stacktrace=1"
if [[ -n ${AICN_FUZZ_UBSAN_SUPPRESSIONS:-} ]]; then ubsan+=":suppressions=$(realpath "$AICN_FUZZ_UBSAN_SUPPRESSIONS")"; fi
export UBSAN_OPTIONS="$ubsan"
read -r -a extra <<<"${AICN_FUZZ_ARGS:-}"
mkdir -p "$build_dir/logs"
failed=()
for harness in "${harnesses[@]}"; do
  binary="$build_dir/fuzz/$harness"
  regressions="tests/fuzz/regressions/$harness"
  if [[ -d $regressions ]] && compgen -G "$regressions/*" >/dev/null; then
    echo "== $harness: replaying $(ls "$regressions" | wc -l) saved reproducer(s) =="
    if ! "$binary" -timeout=10 -rss_limit_mb=2048 "$regressions"/* >"$build_dir/logs/$harness.regressions.log" 2>&1; then
      echo "FAIL $harness: a saved reproducer fails again (see $build_dir/logs/$harness.regressions.log)"
      failed+=("$harness")  # and fuzz it all the same: other findings may hide behind this one
    fi
  fi
  artifacts="${AICN_FUZZ_ARTIFACTS:-$build_dir/artifacts}/$harness/"
  scratch="$(mktemp -d)"
  mkdir -p "$artifacts"
  echo "== $harness: fuzzing for ${seconds}s =="
  start=$(date +%s)
  if "$binary" "$scratch" "tests/fuzz/corpus/$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -max_len=4096 -artifact_prefix="$artifacts" -print_final_stats=1 "${extra[@]}" \
       >"$build_dir/logs/$harness.log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build_dir/logs/$harness.log" | grep -o '[0-9]*$' || echo '?')
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$build_dir/logs/$harness.log" | grep -o '[0-9]*$' || echo '?')
    echo "ok   $harness: $runs runs, $rate exec/s, $(( $(date +%s) - start ))s, no finding"
  else
    echo "FAIL $harness: finding in $artifacts (log $build_dir/logs/$harness.log):"
    grep -m3 -E 'ERROR|runtime error|terminate called|what\(\)|deadly signal|timeout|out-of-memory' "$build_dir/logs/$harness.log" || true
    failed+=("$harness")
  fi
  rm -rf "$scratch"
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing: findings in ${failed[*]}"
  exit 1
fi
echo "fuzzing: no findings in ${#harnesses[@]} harnesses"
