#!/usr/bin/env bash
# One `crawler once` (one worker) over the rig site (../shared/rig) on each
# store: the SQLite file in its data directory, and a throwaway PostgreSQL
# cluster on loopback (default settings, fsync on), alternating RUNS times;
# prints pages/s per run and the medians. On PostgreSQL the crawler fetches
# through host leases (the shared frontier); on SQLite through its own
# in-process queue, as a single machine does.
#
#   bench/rig-store.sh OUT_DIR [RUNS]      (from the repository root; RUNS default 3)
#
# Env: RIG, CORPUS, PORT (default 8000), PGBIN (default the newest
# /usr/lib/postgresql/*/bin), PGPORT (default 55432). Everything generated
# goes to OUT_DIR, never into the repository.
set -euo pipefail
out=$(mkdir -p "${1:?usage: bench/rig-store.sh OUT_DIR [RUNS]}" && cd "$1" && pwd)
runs=${2:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
rig=$(cd "${RIG:-$repo/../shared/rig}" && pwd)
corpus=${CORPUS:-$repo/../shared/corpus/news.jsonl}
port=${PORT:-8000}
pgport=${PGPORT:-55432}
pgbin=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
base=http://127.0.0.1:$port

if [ ! -f "$out/site/truth.jsonl" ]; then
  python3 "$rig/mksite.py" --corpus "$corpus" --out "$out/site" --base-url "$base" > "$out/mksite.json"
fi
(cd "$rig/serve-go" && go build -o "$out/serve-go" .)
(cd "$repo" && go build -o "$out/crawler" ./cmd/crawler)

# The cluster runs as postgres when we are root (initdb refuses root).
pgdir=$(mktemp -d /tmp/zhwatch-rigpg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
as_pg "$pgbin/initdb" -D "$pgdir/data" -U zhwatch --auth=trust --encoding=UTF8 --locale=C > "$pgdir/initdb.log"
as_pg "$pgbin/pg_ctl" start -w -D "$pgdir/data" -l "$pgdir/server.log" -o "-k $pgdir -h 127.0.0.1 -p $pgport" > /dev/null
"$out/serve-go" -root "$out/site/www" -port "$port" > "$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; as_pg "$pgbin/pg_ctl" stop -m fast -D "$pgdir/data" > /dev/null; rm -rf "$pgdir"' EXIT
for _ in $(seq 50); do curl -sf "$base/__rig/stats" > /dev/null && break; sleep 0.1; done

source "$repo/bench/rigconfig.sh"
config() { rig_config "$base" "$port" "$1"; } # config STORE_LINE

# once LABEL STORE_LINE: one crawl from an empty store; prints "LABEL requests seconds pages/s".
once() {
  local label=$1
  config "$2" > "$out/zhwatch-$label.yaml"
  curl -s "$base/__rig/reset" > /dev/null
  (cd "$out" && ./crawler once --config "zhwatch-$label.yaml" --log-level warn \
      --metrics-file "$out/metrics-$label.prom" > "$out/log-$label.txt" 2>&1)
  local secs reqs
  secs=$(sed -n 's/^zhwatch_crawl_last_run{figure="seconds",source="rig"} //p' "$out/metrics-$label.prom")
  reqs=$(curl -s "$base/__rig/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')
  echo "$label $reqs $secs $(python3 -c "print(round($reqs / $secs, 1))")"
}

: > "$out/results.txt"
for i in $(seq "$runs"); do
  rm -rf "$out/data"
  once "sqlite-$i" "" | tee -a "$out/results.txt"
  as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$pgport" -U zhwatch "rig$i"
  once "postgres-$i" "store: postgres://zhwatch@127.0.0.1:$pgport/rig$i?sslmode=disable" | tee -a "$out/results.txt"
done
python3 - "$out/results.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
for store in ("sqlite", "postgres"):
    r = [float(x[3]) for x in rows if x[0].startswith(store)]
    s = [float(x[2]) for x in rows if x[0].startswith(store)]
    print("%-8s median of %d: %.1f pages/s, %.1f s crawl" % (store, len(r), statistics.median(r), statistics.median(s)))
PY
