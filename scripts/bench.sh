#!/usr/bin/env bash
# Builds and runs the benchmarks: scripts/bench.sh [SCENARIO…] [--events N] [--json] [--quick]
# Both executables are built because replication and propagation start `samverkan serve` processes.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${SAMVERKAN_BENCH_SCRATCH:-.build-bench}"
swift build -c release --scratch-path "$scratch" --product samverkan >&2
swift build -c release --scratch-path "$scratch" --product samverkan-bench >&2
bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"
exec "$bin/samverkan-bench" --samverkan "$bin/samverkan" "$@"
