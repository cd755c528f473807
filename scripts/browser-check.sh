#!/usr/bin/env bash
# Real-browser check of the coordinators' pages: starts `samverkan demo`, loads every page of one node in
# headless Chromium, takes a screenshot of each and checks that it rendered (a non-trivial PNG, and the DOM
# dump holding the page's figures). Skips with a clear message only where Chromium cannot be installed.
#   scripts/browser-check.sh            uses .build/debug/samverkan (built when missing)
#   SAMVERKAN_BIN=path OUT=dir scripts/browser-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

find_chromium() { command -v chromium || command -v chromium-browser || command -v google-chrome || true; }
CHROMIUM=$(find_chromium)
if [ -z "$CHROMIUM" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "browser check: installing chromium"
        export DEBIAN_FRONTEND=noninteractive
        { apt-get update -q && apt-get install -y -q chromium; } >/tmp/samverkan-chromium-install.log 2>&1 || true
    fi
    CHROMIUM=$(find_chromium)
fi
if [ -z "$CHROMIUM" ]; then
    echo "browser check SKIPPED: Chromium is not installed and could not be installed here (apt-get install -y chromium failed or is not allowed; see /tmp/samverkan-chromium-install.log)"
    exit 0
fi

BIN=${SAMVERKAN_BIN:-.build/debug/samverkan}
[ -x "$BIN" ] || swift build --product samverkan
OUT=${OUT:-/tmp/samverkan-browser-check}
rm -rf "$OUT" && mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/samverkan-browser-XXXXXX)

"$BIN" demo --dir "$WORK/demo" >"$OUT/demo.out" 2>"$OUT/demo.err" &
DEMO=$!
cleanup() {
    if kill -0 "$DEMO" 2>/dev/null; then kill -INT "$DEMO"; wait "$DEMO" || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

for _ in $(seq 1 600); do
    grep -q "Press Ctrl-C" "$OUT/demo.out" 2>/dev/null && break
    kill -0 "$DEMO" 2>/dev/null || { echo "browser check: the demo did not start"; cat "$OUT/demo.err"; exit 1; }
    sleep 0.1
done
URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$OUT/demo.out" | tail -1)
[ -n "$URL" ] || { echo "browser check: no node address in the demo's output"; cat "$OUT/demo.out"; exit 1; }
echo "browser check: $CHROMIUM against $URL"

failures=0
# name | path | texts the DOM must contain (figures, labels), separated by ';'
while IFS='|' read -r name path expected; do
    [ -n "$name" ] || continue
    flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$WORK/profile-$name"
        --window-size=1280,1600)
    timeout 90 "$CHROMIUM" "${flags[@]}" --screenshot="$OUT/$name.png" "$URL$path" >/dev/null 2>"$OUT/$name.chromium.log" || true
    timeout 90 "$CHROMIUM" "${flags[@]}" --dump-dom "$URL$path" >"$OUT/$name.html" 2>>"$OUT/$name.chromium.log" || true
    size=$(stat -c %s "$OUT/$name.png" 2>/dev/null || echo 0)
    problems=()
    [ "$size" -gt 20000 ] || problems+=("screenshot of $size bytes")
    IFS=';' read -ra texts <<<"$expected"
    for text in "${texts[@]}"; do
        grep -qF -- "$text" "$OUT/$name.html" || problems+=("DOM lacks '$text'")
    done
    if [ "$name" = followup ] && ! grep -qE '<td class="(met|below|above|reported)[^"]*"[^>]*>[0-9]+' "$OUT/$name.html"; then
        problems+=("no figure in a status-coloured cell")
    fi
    if [ "${#problems[@]}" -eq 0 ]; then
        echo "  ok    $name ($size-byte screenshot)"
    else
        echo "  FAIL  $name: ${problems[*]}"
        failures=$((failures + 1))
    fi
done <<'PAGES'
home|/|Vyns digest;Uppföljning 2025;Synkronisering
programme|/programme|Koordinering av integration;Ansvarsinstans
followup|/followup|Uppföljning 2025;Regionen totalt;<svg
followup-fi|/followup?lang=fi|Seuranta 2025;Närpiö;Alue yhteensä
meetings|/meetings?lang=en|2025-3;Upcoming meetings;Open action items by municipality
status|/status|kas-server.1;Senaste kontakt
PAGES

echo "browser check: screenshots and DOM dumps in $OUT"
[ "$failures" -eq 0 ] || { echo "browser check: $failures page(s) failed"; exit 1; }
