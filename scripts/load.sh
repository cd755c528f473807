#!/usr/bin/env bash
# Load harness: 100 clients for 60 s against a real node, then file-descriptor exhaustion.
#   scripts/load.sh [CLIENTS] [SECONDS] [SEED]     (builds samverkan first; see scripts/load.py)
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-rel}
swift build --scratch-path "$SCRATCH" --product samverkan >&2
exec timeout 600 python3 scripts/load.py --binary "$SCRATCH/debug/samverkan" --clients "${1:-100}" --seconds "${2:-60}" --seed "${3:-1}"
