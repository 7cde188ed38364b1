#!/usr/bin/env bash
# The field's standard benchmark shape (Tandon et al.'s gradient-coding code: logistic regression, 6000 x 2000,
# 6 workers, replication 3), run through `gcoding train` with none, two and three injected 10x stragglers; prints
# per protocol the median round time and round/trigger (median round over median trigger time; 1.00 = the round
# ends when it triggers). The JSON of every run stays in OUTDIR.
#   bench/peer-shape.sh [OUTDIR] [--rounds N] [--warmup N]      (about 2 minutes on 2 cores)
# --warmup N: unrecorded rounds before each protocol's session (default 200: the JIT compilers are then mostly done).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-target/peer-shape}
shift || true
ROUNDS=100
WARMUP=200
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    *) echo "unknown option $1 (use --rounds N, --warmup N)" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
DATA="synthetic:rows=6000,test=600,features=2000,task=logistic"
declare -A STRAGGLERS=([none]="" [two]="slow=1:10,4:10" [three]="slow=1:10,3:10,4:10")
for name in none two three; do
  echo "== $name stragglers (${STRAGGLERS[$name]:-none}) ==" >&2
  timeout 900 ./gcoding train --workers 6 --replication 3 --model logistic --dataset "$DATA" \
      --protocol partial,original,uncoded --rounds "$ROUNDS" --warmup-rounds "$WARMUP" --eval-every 0 \
      --optimizer sgd:lr=0.5 --stragglers "${STRAGGLERS[$name]}" --json "$OUT/$name.json" > "$OUT/$name.txt" 2>"$OUT/$name.log"
done
python3 - "$OUT" <<'PY'
import json, statistics, sys, os
out = sys.argv[1]
print(f"{'stragglers':<10}  {'protocol':<8}  {'median round ms':>15}  {'round/trigger':>13}  {'p95 round ms':>12}")
for name in ("none", "two", "three"):
    d = json.load(open(os.path.join(out, name + ".json")))
    for p, v in d["protocols"].items():
        times = sorted(v["round_times"])
        med = statistics.median(times) * 1e3
        p95 = times[min(len(times) - 1, int(0.95 * len(times) + 0.999) - 1)] * 1e3
        print(f"{name:<10}  {p:<8}  {med:>15.1f}  {v['round_over_trigger']:>13.2f}  {p95:>12.1f}")
PY
