#!/usr/bin/env bash
# Runs the libFuzzer targets, each for a given time, from the committed seed corpus.
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]      default: 600 s, FuzzHTTPParser, FuzzEventBatch and FuzzWebForm
#   SEED=N scripts/fuzz.sh …                 replays the same mutation sequence (libFuzzer -seed)
#
# The targets are built with libFuzzer and AddressSanitizer into .build-fuzz (kept apart from the
# ordinary build). New inputs go to .build-fuzz/corpus/<target> (the committed corpus under
# Fuzz/corpus stays small); crashes to .build-fuzz/findings/<target>. Targets run in parallel, one
# process each; every process started here is waited for, and killed on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-600}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(FuzzHTTPParser FuzzEventBatch FuzzWebForm)
SEED=${SEED:-1}
SCRATCH=.build-fuzz
export SWIFT_BACKTRACE=enable=no   # libFuzzer reports crashes itself; the Swift backtracer would hang it

# swiftc keeps only the last -sanitize= it is given, and SwiftPM passes --sanitize=fuzzer and
# --sanitize=address as two flags in an order that changes from run to run: a build had either coverage
# or AddressSanitizer, never both. The one combined flag after them gives every module both.
BUILD=(swift build -c debug --scratch-path "$SCRATCH" --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address)
for target in "${TARGETS[@]}"; do
  "${BUILD[@]}" --product "$target" >&2
done
BIN=$("${BUILD[@]}" --show-bin-path)
# LeakSanitizer cannot see Swift references kept in a pointer's spare bits; see the file.
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' INT TERM EXIT
for target in "${TARGETS[@]}"; do
  mkdir -p "$SCRATCH/corpus/$target" "$SCRATCH/findings/$target"
  # -timeout: an input taking over 10 s is a hang; -rss_limit_mb bounds a memory blow-up.
  "$BIN/$target" "$SCRATCH/corpus/$target" "Fuzz/corpus/$target" \
    -max_total_time="$SECONDS_EACH" -seed="$SEED" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$SCRATCH/findings/$target/" -print_final_stats=1 \
    > "$SCRATCH/$target.log" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || status=$?
  target=${TARGETS[$i]}
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$SCRATCH/$target.log" | grep -o '[0-9]*$' || echo '?')
  findings=$(ls "$SCRATCH/findings/$target" | wc -l)
  echo "$target: ${SECONDS_EACH}s, executions $runs, findings $findings (log $SCRATCH/$target.log)"
  # Without coverage counters libFuzzer only throws random bytes at the target; such a run proves little.
  if ! grep -q 'INITED cov:' "$SCRATCH/$target.log"; then
    echo "$target: NOT INSTRUMENTED for coverage (no 'cov:' in the log); rebuild it (rm -rf $SCRATCH) and run again" >&2
    status=1
  fi
  if [ "$(nm "$BIN/$target" | grep -c 'asan.module_ctor')" = 0 ]; then
    echo "$target: built WITHOUT AddressSanitizer; rebuild it (rm -rf $SCRATCH) and run again" >&2
    status=1
  fi
done
trap - INT TERM EXIT
exit $status
