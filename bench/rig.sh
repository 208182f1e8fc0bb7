#!/usr/bin/env bash
# Side-by-side throughput of `crawler once` and the Scrapy anchor on the rig
# site (../shared/rig), median of RUNS alternating runs, then a second
# zhwatch run over the unchanged site (should cost only 304s), extraction
# figures against truth.jsonl, and `crawler status`.
#
#   bench/rig.sh OUT_DIR [RUNS]        (from the repository root; RUNS default 3)
#
# Env: RIG (default ../shared/rig), CORPUS (default ../shared/corpus/news.jsonl),
# PORT (default 8000; make demo uses 8765), PY (default /usr/bin/python3, with python3-scrapy and
# python3-jieba installed). Everything generated goes to OUT_DIR, never into
# the repository.
set -euo pipefail
out=$(mkdir -p "${1:?usage: bench/rig.sh OUT_DIR [RUNS]}" && cd "$1" && pwd)
runs=${2:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
rig=$(cd "${RIG:-$repo/../shared/rig}" && pwd)
corpus=${CORPUS:-$repo/../shared/corpus/news.jsonl}
port=${PORT:-8000}
py=${PY:-/usr/bin/python3}
base=http://127.0.0.1:$port

if [ ! -f "$out/site/truth.jsonl" ]; then
  python3 "$rig/mksite.py" --corpus "$corpus" --out "$out/site" --base-url "$base" > "$out/mksite.json"
fi
(cd "$rig/serve-go" && go build -o "$out/serve-go" .)
(cd "$repo" && go build -o "$out/crawler" ./cmd/crawler)

"$out/serve-go" -root "$out/site/www" -port "$port" > "$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "$base/__rig/stats" > /dev/null && break; sleep 0.1; done

source "$repo/bench/rigconfig.sh"
rig_config "$base" "$port" > "$out/zhwatch.yaml"

# zhwatch_run LABEL: one `crawler once` under /usr/bin/time, one JSON line on stdout.
zhwatch_run() {
  local label=$1 log=$out/log-zhwatch-$1.txt
  curl -s "$base/__rig/reset" > /dev/null
  local load0; load0=$(cut -d' ' -f1-3 /proc/loadavg)
  (cd "$out" && /usr/bin/time -v ./crawler once --config zhwatch.yaml --log-level warn \
      --metrics-file "$out/metrics-$label.prom" > "$log" 2>&1)
  local load1; load1=$(cut -d' ' -f1-3 /proc/loadavg)
  "$py" - "$log" "$label" "$load0" "$load1" "$(curl -s "$base/__rig/stats")" "$out/metrics-$label.prom" <<'PY'
import json, re, sys
log, label, l0, l1, srv, prom = sys.argv[1:]
t = open(log, encoding='utf-8', errors='replace').read()
def tv(name):
    m = re.search(r'^\s*' + re.escape(name) + r': (.*)$', t, re.M)
    return m.group(1).strip() if m else None
wall = sum(float(p) * 60 ** k for k, p in enumerate(reversed(tv('Elapsed (wall clock) time (h:mm:ss or m:ss)').split(':'))))
m = re.search(r'^zhwatch_crawl_last_run\{figure="seconds",source="rig"\} (\S+)', open(prom).read(), re.M)
crawl_s = float(m.group(1))
srv = json.loads(srv)
arts = re.search(r'articles (\d+) new', t)
print(json.dumps({'label': label, 'requests': srv['requests'], 'status': srv['status'], 'kind': srv['kind'],
    'articles_new': int(arts.group(1)) if arts else None, 'crawl_s': round(crawl_s, 2), 'wall_s': round(wall, 2),
    'pages_per_s': round(srv['requests'] / crawl_s, 1), 'pages_per_s_wall': round(srv['requests'] / wall, 1),
    'max_rss_mb': round(int(tv('Maximum resident set size (kbytes)')) / 1024, 1),
    'cpu_s': round(float(tv('User time (seconds)')) + float(tv('System time (seconds)')), 2),
    'load_before': l0, 'load_after': l1}))
PY
}

: > "$out/scrapy.jsonl"
: > "$out/zhwatch.jsonl"
for i in $(seq "$runs"); do
  echo "== run $i: scrapy" >&2
  RESULTS=$out/scrapy.jsonl OUTDIR=$out PY=$py bash "$rig/bench.sh" "$out/site" "$base" full "scrapy-$i" 1 > /dev/null
  tail -1 "$out/scrapy.jsonl" >&2
  echo "== run $i: zhwatch" >&2
  rm -rf "$out/data"
  zhwatch_run "first-$i" | tee -a "$out/zhwatch.jsonl" >&2
done
echo "== zhwatch second run over the unchanged site" >&2
zhwatch_run second | tee "$out/zhwatch-second.jsonl" >&2

"$py" - "$out/scrapy.jsonl" "$out/zhwatch.jsonl" "$out/zhwatch-second.jsonl" <<'PY'
import json, statistics, sys
sc = [json.loads(l) for l in open(sys.argv[1])]
zw = [json.loads(l) for l in open(sys.argv[2])]
second = json.loads(open(sys.argv[3]).read())
med = lambda xs: statistics.median(xs)
print()
print('| run | pages | crawl s | pages/s | wall s | pages/s (wall) | CPU s | peak RSS MB |')
print('|---|---|---|---|---|---|---|---|')
print('| Scrapy 2.8 full (median of %d) | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f |' % (len(sc),
    med([r['responses'] for r in sc]), med([r['elapsed_s'] for r in sc]), med([r['pages_per_s'] for r in sc]),
    med([r['wall_s'] for r in sc]), med([r['responses'] / r['wall_s'] for r in sc]),
    med([r['cpu_s'] for r in sc]), med([r['max_rss_mb'] for r in sc])))
print('| zhwatch once (median of %d) | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f |' % (len(zw),
    med([r['requests'] for r in zw]), med([r['crawl_s'] for r in zw]), med([r['pages_per_s'] for r in zw]),
    med([r['wall_s'] for r in zw]), med([r['pages_per_s_wall'] for r in zw]),
    med([r['cpu_s'] for r in zw]), med([r['max_rss_mb'] for r in zw])))
print()
print('ratio zhwatch/Scrapy pages/s: %.2fx (crawl time), %.2fx (wall time)' % (
    med([r['pages_per_s'] for r in zw]) / med([r['pages_per_s'] for r in sc]),
    med([r['pages_per_s_wall'] for r in zw]) / med([r['responses'] / r['wall_s'] for r in sc])))
print('second run: %d requests, status %s, kinds %s, %.1f s' % (second['requests'], second['status'], second['kind'], second['wall_s']))
PY

echo >&2
(cd "$repo" && go run ./bench/rigeval -data "$out/data" -truth "$out/site/truth.jsonl" -misses 2)
echo
(cd "$out" && ./crawler status --config zhwatch.yaml)

# How long until the whole site is searchable: the first crawl above, then
# building the index from the store.
(cd "$repo" && go build -o "$out/search" ./cmd/search)
echo
echo "search reindex (time until searchable = first crawl wall time + this):"
(cd "$out" && /usr/bin/time -f "reindex: %e s wall, peak RSS %M KB" ./search reindex --data data)
