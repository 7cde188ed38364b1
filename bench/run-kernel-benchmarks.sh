#!/bin/sh
# Runs every kernel benchmark in ONE JMH run (so the roofline and the kernels are measured together), then derives
# the ratios of docs/KERNELS.md from the JSON result.
#   mvn -B -o package -pl bench -am -DskipTests && bench/run-kernel-benchmarks.sh [result.json] [JMH options...]
# About 6 minutes on 2 cores. On a GPU machine add: -p backend=cpu,cuda
set -eu
cd "$(dirname "$0")"
RESULT=${1:-target/jmh-kernels.json}
[ $# -gt 0 ] && shift
java -jar target/benchmarks.jar 'io\.gcoding\.bench\.kernels\..*' \
    -f 1 -wi 2 -i 3 -w 1s -r 1s -rf json -rff "$RESULT" "$@"
java -cp target/benchmarks.jar io.gcoding.bench.report.KernelReport "$RESULT" "${RESULT%.json}.md"
