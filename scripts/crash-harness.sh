#!/usr/bin/env bash
# Long mode of the crash-consistency harness: SIGKILL a serving node in the middle of pushed
# batches and in the middle of appends by clients of its API, and `rebuild` / view catch-up at
# random moments, ROUNDS times each (default 100, so 300 kill points), then check verify, every
# acknowledged event, the vector and every view digest.
#
#   scripts/crash-harness.sh [ROUNDS] [SEED]
#
# The nodes are a release build of samverkan (.build-rel, or $SCRATCH); the test bundle that
# drives them is a debug build (.build-rel-debug, or $TEST_SCRATCH) running
# Tests/ReliabilityTests/CrashConsistencyTests with SAMVERKAN_KILL_ROUNDS, SAMVERKAN_SEED and
# SAMVERKAN_BINARY. The run is bounded (killed after 2 h) and happens in a session of its own:
# whatever is left of it on exit (a node orphaned by the timeout, Ctrl-C) is stopped by its pid.
# The whole output is in $LOG (default /tmp/crash-harness.log); the summary lines are printed. A run
# whose test bundle crashes in Foundation's Process.run() (scripts/foundation-crash.sh) is repeated once.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-100}
REL=${SCRATCH:-.build-rel}
TESTS=${TEST_SCRATCH:-.build-rel-debug}
LOG=${LOG:-/tmp/crash-harness.log}
swift build -c release --scratch-path "$REL" --product samverkan >&2
export SAMVERKAN_BINARY="$PWD/$REL/release/samverkan" SAMVERKAN_KILL_ROUNDS=$ROUNDS
[ -n "${2:-}" ] && export SAMVERKAN_SEED=$2

source scripts/reap-session.sh  # the working directory is the package root here
trap reap EXIT
trap 'exit 130' INT TERM
echo "crash harness: $ROUNDS rounds per mode, release nodes $SAMVERKAN_BINARY, log $LOG" >&2
source scripts/foundation-crash.sh
run() {
    setsid timeout 7200 swift test --scratch-path "$TESTS" --filter 'ReliabilityTests.*CrashConsistencyTests' > "$LOG" 2>&1 &
    session=$!
    status=0
    wait "$session" || status=$?
}
run
# The test bundle (not a node) can crash in Foundation's Process.run(); the whole run is repeated once.
if [ "$status" -ne 0 ] && foundation_process_crash "$LOG"; then
    echo "crash harness: the test bundle crashed in Foundation's Process.run() (swift-corelibs-foundation#5472); running it once more" >&2
    cp "$LOG" "$LOG.first"
    reap  # the nodes the crashed bundle started are still in its session
    run
fi
grep -E 'crash harness|passed after|failed after|error:|Expectation failed' "$LOG" | grep -v '^\[' || true
exit $status
