#!/usr/bin/env bash
# make demo: serve the bundled sample site on loopback, crawl it with the real
# crawler, index it, and answer a few queries. No network, no services.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-bin}
ADDR=127.0.0.1:8765
CONFIG=demo/zhwatch.demo.yaml

"$BIN/demosite" -root demo/site -addr "$ADDR" &
site=$!
trap 'kill "$site" 2>/dev/null || true; wait "$site" 2>/dev/null || true' EXIT

# Wait for the site to answer (the server prints its address once listening).
for _ in $(seq 50); do
  if (exec 3<>"/dev/tcp/${ADDR%:*}/${ADDR#*:}") 2>/dev/null; then break; fi
  sleep 0.1
done

echo "== crawl (crawler once --config $CONFIG)"
"$BIN/crawler" once --config "$CONFIG" --log-level warn

echo
echo "== index (search reindex)"
"$BIN/search" reindex --data data

for q in 英偉達 英伟达 出口管制 实体清单 "昇腾 910B" "人工智能 -出口管制"; do
  echo
  echo "== search query $q"
  # shellcheck disable=SC2086 # the query's words are separate arguments on purpose
  "$BIN/search" query --data data --limit 3 $q
done
