#!/usr/bin/env bash
# Where a bench scenario's CPU time goes, by library (kernel, SQLite, libcrypto, libc, our code, the Swift
# runtime), per kind of thread: `perf record -g` of one scenario of a release build, then perf-shares.py.
#   scripts/perf-shares.sh SCENARIO [samverkan-bench options…]      (SCRATCH picks the build folder)
# e.g. scripts/perf-shares.sh http-append --requests 20000; needs `perf` (linux-perf). TOP=N also lists, per
# class, the N functions most often innermost outside the kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-bench}
scenario=${1:?usage: scripts/perf-shares.sh SCENARIO [options…]}
shift
swift build -c release --scratch-path "$SCRATCH" --product samverkan >&2
swift build -c release --scratch-path "$SCRATCH" --product samverkan-bench >&2
work=$(mktemp -d /tmp/perf-shares.XXXXXX)
trap 'rm -rf "$work"' EXIT
# Markers are parts of mangled Swift names found in a thread's call chains (GroupCommitterC03run is
# GroupCommitter.runCommitter).
case "$scenario" in
  append-group) classes=(committer=GroupCommitterC03run callers=GroupCommitterC6append raw=RawDatabase) ;;
  http-append) classes=(server=HTTPConnection committer=GroupCommitterC03run client=HTTPClient raw=RawDatabase) ;;
  rebuild) classes=(rows=RowFeed reader=LogPageReader folding=ProjectionStore raw=RawDatabase) ;;
  replication) classes=(--by-process target=PeerSync source=ServedRow bench=samverkan_bench) ;;
  *) classes=(raw=RawDatabase) ;;
esac
timeout 1800 perf record -q -g -o "$work/perf.data" \
  "$SCRATCH/release/samverkan-bench" "$scenario" --samverkan "$SCRATCH/release/samverkan" --dir "$work/run" "$@"
perf script -i "$work/perf.data" -F pid,tid,ip,sym,dso 2>/dev/null | python3 scripts/perf-shares.py --top "${TOP:-0}" "${classes[@]}" | swift demangle --simplified
