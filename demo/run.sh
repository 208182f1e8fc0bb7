#!/usr/bin/env bash
# make demo: serve the bundled sample site on loopback, crawl it with the real
# crawler, index it, and answer a few queries. No network, no services.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-bin}
ADDR=127.0.0.1:8765
CONFIG=demo/zhwatch.demo.yaml

log=$(mktemp)
"$BIN/demosite" -root demo/site -addr "$ADDR" >"$log" 2>&1 &
site=$!
trap 'kill "$site" 2>/dev/null || true; wait "$site" 2>/dev/null || true; rm -f "$log"' EXIT

# Wait until the demo site says it is listening; if it could not start (the
# port is taken), stop here rather than crawl whatever answers there.
for _ in $(seq 100); do
  grep -q '^demo site: ' "$log" && break
  if ! kill -0 "$site" 2>/dev/null; then
    cat "$log" >&2
    echo "make demo: the demo site could not start on $ADDR; stop what is using that port and retry" >&2
    exit 1
  fi
  sleep 0.05
done
cat "$log"

echo "== crawl (crawler once --config $CONFIG)"
"$BIN/crawler" once --config "$CONFIG" --log-level warn

echo
echo "== re-extract what an earlier demo stored (crawler reprocess)"
"$BIN/crawler" reprocess --config "$CONFIG" 2>/dev/null

echo
echo "== index (search reindex)"
"$BIN/search" reindex --data data

for q in 英偉達 輝達 '"出口管制"' "entity:list:* sort:date" "昇腾 910B" "人工智能 -出口管制"; do
  echo
  echo "== search query $q"
  # shellcheck disable=SC2086 # the query's words are separate arguments on purpose
  "$BIN/search" query --data data --limit 3 $q
done

echo
echo "== digest of the export-controls watchlist (search digest --dry-run: nothing delivered or marked)"
"$BIN/search" digest --config "$CONFIG" --watchlist export-controls --dry-run 2>/dev/null | head -40
