#!/usr/bin/env bash
# A round's fixed cost: `gcoding train` with almost no compute (logistic regression on 60 x 2000 rows, 6 workers,
# replication 3, no stragglers), so a round is its messages and the coordinator's bookkeeping. Prints per protocol
# the median and p95 round, the message round trips a round needs (partial: RoundStart -> Progress, ENCODE ->
# Upload; original and uncoded upload on completion: one) and the median per round trip.
#   bench/fixed-cost.sh [OUTDIR] [--rounds N] [--warmup N] [--jfr]     (about 1 minute on 2 cores)
# --warmup N: unrecorded rounds before each protocol's session (default 1000: the coordinator's C2 compilations are
# then done; the local cluster's workers compile with C1 only).
# --jfr records the coordinator and every worker with Java Flight Recorder into OUTDIR (coordinator.jfr,
# worker-J.jfr); read them with `jfr print --events jdk.ExecutionSample FILE` or `jfr summary FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-target/fixed-cost}
shift || true
ROUNDS=600
WARMUP=1000
JFR=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --jfr) JFR=1; shift ;;
    *) echo "unknown option $1 (use --rounds N, --warmup N, --jfr)" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
if [ "$JFR" = 1 ]; then
  export GCODING_JAVA_OPTS="-XX:StartFlightRecording=filename=$OUT/coordinator.jfr,settings=profile"
  export GCODING_WORKER_JAVA_OPTS="-XX:StartFlightRecording=filename=$OUT/worker-{id}.jfr,settings=profile"
fi
./gcoding train --workers 6 --replication 3 --model logistic \
    --dataset "synthetic:rows=60,test=60,features=2000,task=logistic" --protocol partial,original,uncoded \
    --rounds "$ROUNDS" --warmup-rounds "$WARMUP" --eval-every 0 --optimizer sgd:lr=0.5 --json "$OUT/fixed-cost.json" \
    > "$OUT/fixed-cost.txt" 2> "$OUT/fixed-cost.log"
python3 - "$OUT/fixed-cost.json" <<'PY'
import json, statistics, sys
d = json.load(open(sys.argv[1]))
trips = {"partial": 2, "original": 1, "uncoded": 1, "complete-cover": 2, "ignore-stragglers": 1}
print(f"{'protocol':<9} {'rounds':>6} {'median round ms':>15} {'p95 round ms':>12} {'round trips':>11}"
      f" {'ms per round trip':>17}")
for p, v in d["protocols"].items():
    t = sorted(v["round_times"])
    med = statistics.median(t) * 1e3
    p95 = t[min(len(t) - 1, int(0.95 * len(t)))] * 1e3
    print(f"{p:<9} {len(t):>6} {med:>15.2f} {p95:>12.2f} {trips[p]:>11} {med / trips[p]:>17.2f}")
PY
