# Sourced by bench/rig.sh and bench/rig-store.sh: the one zhwatch config for
# the rig site, so both benchmarks crawl exactly the same way.
#
#   rig_config BASE PORT [STORE_LINE]   prints the YAML (STORE_LINE, e.g. "store: postgres://…", first)
rig_config() {
  local base=$1 port=$2 store_line=${3:-} seeds="" s
  for s in tiyu keji jiaoyu yule shishang jiankang; do seeds+="      - $base/list/$s/index_1.html"$'\n'; done
  cat <<YAML
$store_line
data_dir: data
user_agent: "zhwatch-rig/0.1 (+loopback benchmark)"
crawl:
  allow_private_networks: true # the rig serves on loopback
sources:
  - name: rig
    seeds:
$seeds    article_pattern: '^http://127\.0\.0\.1:$port/[a-z]+/(\d{4}-\d{2}-\d{2}/doc-i[0-9a-f]+\.shtml|\d{4}-\d{2}/\d{2}/c_\d+\.htm|n1/\d{4}/\d{4}/c\d+-\d+\.html|\d{4}/\d{2}-\d{2}/\d+\.shtml)$'
    delay: 0s
    parallelism: 16
    max_depth: 200
topics:
  ai-policy: [人工智能, 芯片, 出口管制]
YAML
}
