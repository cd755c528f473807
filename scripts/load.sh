#!/usr/bin/env bash
# Load harness: CLIENTS clients (default 100) for SECONDS (default 60) against a real node of a
# release build, then file-descriptor exhaustion (a node under `ulimit -n 128`).
#   scripts/load.sh [CLIENTS] [SECONDS] [SEED]     (see scripts/load.py; SCRATCH picks the build folder)
# load.py stops every node it starts (also on Ctrl-C and on the timeout's SIGTERM).
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-rel}
swift build -c release --scratch-path "$SCRATCH" --product samverkan >&2
exec timeout 900 python3 scripts/load.py --binary "$SCRATCH/release/samverkan" --clients "${1:-100}" --seconds "${2:-60}" --seed "${3:-1}"
