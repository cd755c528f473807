#!/usr/bin/env bash
# Long mode of the partition harness: SCHEDULES seeded schedules (default 100) of partitions,
# seeded faults (drop, delay, cut mid-response, duplicate delivery), restarts and crashes among
# NODES real nodes (default 5: two Närpes nodes, two Kristinestad nodes, Malax; 6 adds Kaskö, 7
# Korsnäs) behind scripts/faultproxy.py, each writing in the region channel and in its
# municipality's channel throughout. After healing: the regional vectors and view digests are
# equal on every node, each municipality channel is equal on that municipality's nodes and absent
# from every other node, and every acknowledged event is where it belongs.
#
#   scripts/partition-harness.sh [SCHEDULES] [NODES] [FIRST_SEED] [BUDGET_SECONDS]
#
# BUDGET_SECONDS (default 5400) bounds the run: no schedule starts after it, and the summary says
# how many ran. A failing schedule prints its seed; replay it with `scripts/partition-harness.sh 1 5 SEED`.
# When the test bundle crashes in Foundation's Process.run() (scripts/foundation-crash.sh), the run
# resumes after the last schedule it finished, twice at most.
# The nodes are a release build (.build-rel, or $SCRATCH) driven by a debug test bundle
# (.build-rel-debug, or $TEST_SCRATCH); the run has a session of its own, and whatever is left
# of it on exit is stopped by its pid. Whole output in $LOG (default /tmp/partition-harness.log).
set -euo pipefail
cd "$(dirname "$0")/.."
REL=${SCRATCH:-.build-rel}
TESTS=${TEST_SCRATCH:-.build-rel-debug}
LOG=${LOG:-/tmp/partition-harness.log}
swift build -c release --scratch-path "$REL" --product samverkan >&2
export SAMVERKAN_BINARY="$PWD/$REL/release/samverkan"
export SAMVERKAN_SCHEDULES=${1:-100} SAMVERKAN_NODES=${2:-5} SAMVERKAN_SEED=${3:-1} SAMVERKAN_BUDGET_SECONDS=${4:-5400}

source scripts/reap-session.sh  # the working directory is the package root here
trap reap EXIT
trap 'exit 130' INT TERM
echo "partition harness: $SAMVERKAN_SCHEDULES schedules, $SAMVERKAN_NODES nodes, seed $SAMVERKAN_SEED, budget ${SAMVERKAN_BUDGET_SECONDS}s, log $LOG" >&2
source scripts/foundation-crash.sh
: > "$LOG"
first_seed=$SAMVERKAN_SEED last_seed=$((SAMVERKAN_SEED + SAMVERKAN_SCHEDULES - 1)) started=$SECONDS
for attempt in 1 2 3; do
    setsid timeout $((SAMVERKAN_BUDGET_SECONDS + 1800)) swift test --scratch-path "$TESTS" \
      --filter 'ReliabilityTests.*PartitionTests' > "$LOG.part" 2>&1 &
    session=$!
    status=0
    wait "$session" || status=$?
    cat "$LOG.part" >> "$LOG"
    # The test bundle (not a node) can crash in Foundation's Process.run(); the schedules after the
    # last one it finished run again, within what is left of the budget.
    [ "$status" -ne 0 ] && foundation_process_crash "$LOG.part" || break
    reap  # the nodes and proxies the crashed bundle started are still in its session
    done_seed=$(grep -oE 'schedule seed [0-9]+ (converged|FAILED)' "$LOG.part" | awk '{print $3}' | tail -1 || true)
    grep -q 'schedule seed [0-9]* FAILED' "$LOG.part" && break
    next=$(( ${done_seed:-$((SAMVERKAN_SEED - 1))} + 1 ))
    remaining_budget=$((SAMVERKAN_BUDGET_SECONDS - (SECONDS - started)))
    [ "$next" -le "$last_seed" ] && [ "$remaining_budget" -gt 0 ] || break
    echo "partition harness: the test bundle crashed in Foundation's Process.run() (swift-corelibs-foundation#5472) after seed ${done_seed:-none}; resuming at seed $next" | tee -a "$LOG" >&2
    export SAMVERKAN_SEED=$next SAMVERKAN_SCHEDULES=$((last_seed - next + 1)) SAMVERKAN_BUDGET_SECONDS=$remaining_budget
done
rm -f "$LOG.part"
grep -E 'partition harness|passed after|failed after|error:|Expectation failed' "$LOG" | grep -v '^\[' || true
echo "partition harness: seeds $first_seed–$last_seed asked" >&2
exit $status
