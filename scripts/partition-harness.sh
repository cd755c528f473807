#!/usr/bin/env bash
# Long mode of the partition harness: SCHEDULES seeded schedules (default 100) of partitions,
# seeded faults (drop, delay, cut mid-response, duplicate delivery), restarts and crashes among
# NODES real nodes (default 5) behind scripts/faultproxy.py, each writing throughout; after
# healing, vectors, view digests and every acknowledged event must agree on every node.
#
#   scripts/partition-harness.sh [SCHEDULES] [NODES] [FIRST_SEED]
#
# A failing schedule prints its seed; replay it alone with `scripts/partition-harness.sh 1 5 SEED`.
set -euo pipefail
cd "$(dirname "$0")/.."
export SAMVERKAN_SCHEDULES=${1:-100} SAMVERKAN_NODES=${2:-5} SAMVERKAN_SEED=${3:-1}
timeout 14400 swift test --scratch-path "${SCRATCH:-.build-rel}" --filter 'ReliabilityTests.*PartitionTests' 2>&1 |
  grep -E 'partition harness|passed|failed|error|seed' | grep -v '^\['
