#!/bin/sh
# Score the entity tagger on the development set, per type and per script.
#
#   bench/entities.sh [tune|heldout|all|own] [--show-errors N]
#
# tune (the default) is the two thirds of ../shared/eval/entities/dev.jsonl
# tuning may look at; heldout is the fixed third set aside (FNV-1a of the
# text id, 0 mod 3: see bench/entityeval). own is bench/testdata/
# entities-own.jsonl, short texts written for zhwatch where the set is thin
# (money, lists, organizations, documents), annotated before they were run.
# Needs python3 and ../shared.
set -eu
part=${1:-tune}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${ZHWATCH_SHARED:-$here/../shared}
out=${ENTITIES_OUT:-${TMPDIR:-/tmp}/zhwatch-entities-$part}
cd "$here"
gold=$shared/eval/entities/dev.jsonl
if [ "$part" = own ]; then
	gold=bench/testdata/entities-own.jsonl
	part=all
fi
go run ./bench/entityeval -gold "$gold" -dict dictionaries -part "$part" -out "$out"
python3 "$shared/tools/score_entities.py" "$out/gold.jsonl" "$out/pred.jsonl" --by-script "$@"
