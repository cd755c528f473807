#!/usr/bin/env bash
# Long mode of the crash-consistency harness: SIGKILL a serving node in the middle of pushed
# batches, and `rebuild` / view catch-up at random moments, ROUNDS times each (default 100, so
# 200 kill points), then check verify, every acknowledged event, the vector and every view digest.
#
#   scripts/crash-harness.sh [ROUNDS] [SEED]
#
# Runs Tests/ReliabilityTests/CrashConsistencyTests with SAMVERKAN_KILL_ROUNDS and SAMVERKAN_SEED;
# every process it starts is stopped by the tests. Bounded: swift test is killed after 2 h.
set -euo pipefail
cd "$(dirname "$0")/.."
export SAMVERKAN_KILL_ROUNDS=${1:-100}
[ -n "${2:-}" ] && export SAMVERKAN_SEED=$2
timeout 7200 swift test --scratch-path "${SCRATCH:-.build-rel}" --filter 'ReliabilityTests.*CrashConsistencyTests' 2>&1 |
  grep -E 'crash harness|passed|failed|error|Expectation' | grep -v '^\[' 
