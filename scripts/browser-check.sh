#!/usr/bin/env bash
# Real-browser check of the pages: starts `samverkan demo` (a secured region), loads every coordinators' page of
# one node and its caseworkers' /cases in headless Chromium, signed in as the node's demo users (HTTP Basic, the
# credentials in the URL), takes a screenshot of each and checks that it rendered (a non-trivial PNG, and the DOM
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

for _ in $(seq 1 1200); do
    grep -q "Press Ctrl-C" "$OUT/demo.out" 2>/dev/null && break
    kill -0 "$DEMO" 2>/dev/null || { echo "browser check: the demo did not start"; cat "$OUT/demo.err"; exit 1; }
    sleep 0.1
done
# The last node listed is the hub (Kristinestad); its line names its users, and one line gives the demo secret.
NODE_LINE=$(grep -E '^  .*http://127\.0\.0\.1:[0-9]+/' "$OUT/demo.out" | tail -1)
URL=$(grep -o 'http://127.0.0.1:[0-9]*' <<<"$NODE_LINE" | head -1)
[ -n "$URL" ] || { echo "browser check: no node address in the demo's output"; cat "$OUT/demo.out"; exit 1; }
SECRET=$(grep '^Sign in as' "$OUT/demo.out" | awk '{print $NF}')
COORDINATOR=$(grep -o 'samordnare\.[a-z]*' <<<"$NODE_LINE" | head -1)
CASEWORKER=$(grep -o 'handlaggare\.[a-z]*' <<<"$NODE_LINE" | head -1)
[ -n "$SECRET" ] && [ -n "$COORDINATOR" ] && [ -n "$CASEWORKER" ] || {
    echo "browser check: no users or secret in the demo's output"; cat "$OUT/demo.out"; exit 1; }
HOSTPORT=${URL#http://}
# The pages ask for sign-in (HTTP Basic); Chromium sends the credentials of the URL once the node asks for them.
signed_in() { echo "http://$1:$SECRET@$HOSTPORT"; }
echo "browser check: $CHROMIUM against $URL as $COORDINATOR and $CASEWORKER"

PAGES='home|coordinator|/|Vyns digest;Uppföljning 2025;Synkronisering
programme|coordinator|/programme|Koordinering av integration;Ansvarsinstans
followup|coordinator|/followup|Uppföljning 2025;Regionen totalt;<svg
followup-fi|coordinator|/followup?lang=fi|Seuranta 2025;Närpiö;Alue yhteensä
meetings|coordinator|/meetings?lang=en|2025-3;Upcoming meetings;Open action items by municipality
status|coordinator|/status|kas-server.1;Senaste kontakt'
if command -v curl >/dev/null 2>&1; then
    status=$(curl -s -o /dev/null -w '%{http_code}' "$URL/")
    [ "$status" = 401 ] || { echo "browser check: $URL/ answered $status without sign-in, not 401"; exit 1; }
    cases=$(curl -s -o /dev/null -w '%{http_code}' -u "$CASEWORKER:$SECRET" "$URL/cases")
    if [ "$cases" = 200 ]; then
        PAGES="$PAGES
cases|caseworker|/cases|Ärenden;Tidsfrist;$CASEWORKER"
    else
        echo "browser check: $URL/cases answered $cases to the caseworker; the case pages are not checked"
    fi
fi

failures=0
# name | who signs in | path | texts the DOM must contain (figures, labels), separated by ';'
while IFS='|' read -r name who path expected; do
    [ -n "$name" ] || continue
    if [ "$who" = caseworker ]; then base=$(signed_in "$CASEWORKER"); else base=$(signed_in "$COORDINATOR"); fi
    flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$WORK/profile-$name"
        --window-size=1280,1600)
    timeout 90 "$CHROMIUM" "${flags[@]}" --screenshot="$OUT/$name.png" "$base$path" >/dev/null 2>"$OUT/$name.chromium.log" || true
    timeout 90 "$CHROMIUM" "${flags[@]}" --dump-dom "$base$path" >"$OUT/$name.html" 2>>"$OUT/$name.chromium.log" || true
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
        echo "  ok    $name as $who ($size-byte screenshot)"
    else
        echo "  FAIL  $name: ${problems[*]}"
        failures=$((failures + 1))
    fi
done <<<"$PAGES"

echo "browser check: screenshots and DOM dumps in $OUT"
[ "$failures" -eq 0 ] || { echo "browser check: $failures page(s) failed"; exit 1; }
