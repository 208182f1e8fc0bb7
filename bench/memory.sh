#!/usr/bin/env bash
# Peak RSS of `crawler once` against a loopback site serving twenty ~10 MiB
# article pages, all requested at once (parallelism 20). Prints max RSS and
# what was stored. Usage: bench/memory.sh [pages] [size-bytes] [max_bytes_in_flight]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$out"' EXIT
go build -o "$out/crawler" ./cmd/crawler
go build -o "$out/bigsite" ./bench/bigsite
"$out/bigsite" -pages "${1:-20}" -size "${2:-10481664}" > "$out/url" &
server=$!
for _ in $(seq 50); do [ -s "$out/url" ] && break; sleep 0.1; done
base=$(head -1 "$out/url")
host=${base#http://}
cat > "$out/zhwatch.yaml" <<YAML
data_dir: data
crawl:
  allow_private_networks: true # the site is on loopback
  max_bytes_in_flight: ${3:-33554432}
sources:
  - name: big
    seeds: [$base/index.html]
    article_pattern: '/news/\d+\.html$'
    delay: 0s
    parallelism: 20
    ignore_robots: true
YAML
(cd "$out" && /usr/bin/time -v ./crawler once --config zhwatch.yaml --log-level warn) 2> "$out/time.txt" || { cat "$out/time.txt"; exit 1; }
grep -E "Maximum resident|Elapsed" "$out/time.txt"
(cd "$out" && ./crawler status --config zhwatch.yaml | head -3)
