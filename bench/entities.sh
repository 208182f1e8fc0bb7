#!/bin/sh
# Score the entity tagger on the development set, per type and per script.
#
#   bench/entities.sh [tune|heldout|all] [--show-errors N]
#
# tune (the default) is the two thirds of ../shared/eval/entities/dev.jsonl
# tuning may look at; heldout is the fixed third set aside (FNV-1a of the
# text id, 0 mod 3: see bench/entityeval). Needs python3 and ../shared.
set -eu
part=${1:-tune}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${ZHWATCH_SHARED:-$here/../shared}
out=${ENTITIES_OUT:-${TMPDIR:-/tmp}/zhwatch-entities-$part}
cd "$here"
go run ./bench/entityeval -gold "$shared/eval/entities/dev.jsonl" -dict dictionaries -part "$part" -out "$out"
python3 "$shared/tools/score_entities.py" "$out/gold.jsonl" "$out/pred.jsonl" --by-script "$@"
