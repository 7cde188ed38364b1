#!/usr/bin/env bash
# bench/gpu-check.sh [--quick] [--assume-gpu] [--jars DIR] [--budget SECONDS] OUTDIR
#
# Checks the CUDA path on a machine with an NVIDIA GPU in at most 8 minutes, from prebuilt jars (no Maven, no
# network there). Build the jars first with bench/gpu-check-prepare.sh (they land in bench/target/gpu-check/).
#
#   environment       GPU and driver (nvidia-smi), the CUDA libraries JCuda 12.6 loads (ldconfig -p), Java
#   probe             what the backend selection says: every provider's probe and reason, the automatic choice
#   conformance_cpu   the kernels' conformance suite on the CPU backend  (JUnit console launcher, test jar)
#   conformance_cuda  the same suite on the CUDA backend
#   jmh_cpu           short JMH run: CPU roofline (STREAM triad, daxpy, dgemm) and CPU chunk gradients
#   jmh_cuda          short JMH run: GPU roofline (device copy, host->device copy, cuBLAS dgemm), CUDA gradients,
#                     CUDA encode/decode
#   train_cpu         gcoding train, 4 worker JVMs, exact mode, GCODING_BACKEND=cpu
#   train_cuda        the same with GCODING_BACKEND=cuda
#   train_compare     final models of the two runs equal to 1e-9 relative
#
# Writes OUTDIR/summary.txt and OUTDIR/summary.json (per step: pass | fail | skipped, the reason, figures), the
# raw results and OUTDIR/logs/. Without a GPU (no nvidia-smi listing one, no libcuda.so.1) the CUDA steps are
# "skipped" with a reason starting "no GPU", the CPU steps run, and the exit status is 0 if they pass.
# Every step runs under `timeout`; the whole run stays inside --budget (default 480 s).
#
#   --quick    CI dry run: one tiny JMH benchmark per backend, 3 training rounds (about 30 s on 2 cores)
#   --jars DIR the prepared folder (default: GCODING_CHECK_JARS, else bench/target/gpu-check next to this script)
#   --assume-gpu  run the CUDA steps even where no GPU is found or the probe says CUDA is unavailable (to see
#              each step's own failure, or where nvidia-smi is missing); they then fail with the backend's reason
#
# Exit status: 0 no step failed, 1 a step failed (after writing the summary), 2 usage error.
set -u

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "$0" | sed '/^set -u/d'; }

QUICK=0
ASSUME_GPU=0
JARS=""
BUDGET=480
OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --assume-gpu) ASSUME_GPU=1 ;;
        --jars) [ $# -ge 2 ] || { echo "gpu-check: --jars needs a folder" >&2; exit 2; }; JARS=$2; shift ;;
        --jars=*) JARS=${1#--jars=} ;;
        --budget) [ $# -ge 2 ] || { echo "gpu-check: --budget needs seconds" >&2; exit 2; }; BUDGET=$2; shift ;;
        --budget=*) BUDGET=${1#--budget=} ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "gpu-check: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) [ -z "$OUT" ] || { echo "gpu-check: one OUTDIR only (got '$OUT' and '$1')" >&2; exit 2; }; OUT=$1 ;;
    esac
    shift
done
[ -n "$OUT" ] || { echo "usage: bench/gpu-check.sh [--quick] [--assume-gpu] [--jars DIR] [--budget SECONDS] OUTDIR" >&2; exit 2; }
case "$BUDGET" in ''|*[!0-9]*) echo "gpu-check: --budget takes whole seconds, got '$BUDGET'" >&2; exit 2 ;; esac
command -v timeout >/dev/null 2>&1 || { echo "gpu-check: the timeout command (coreutils) is missing" >&2; exit 2; }

HERE=$(cd "$(dirname "$0")" && pwd)
JARS=${JARS:-${GCODING_CHECK_JARS:-$HERE/target/gpu-check}}
mkdir -p "$OUT/logs" "$OUT/results" || { echo "gpu-check: cannot create $OUT" >&2; exit 2; }
OUT=$(cd "$OUT" && pwd)
LOGS=$OUT/logs
RES=$OUT/results
rm -f "$OUT/summary.json" "$OUT/summary.txt" "$LOGS"/*.log "$RES"/*.json
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gcoding-gpu-check.XXXXXX") || exit 2
mkdir -p "$WORK/tmp"
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SECONDS=0
RESERVE=10          # seconds kept for the summary
MODE=full; [ "$QUICK" = 1 ] && MODE=quick

cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'echo "gpu-check: interrupted" >&2; exit 130' INT TERM
trap '' PIPE        # a closed stdout (| head) must not stop the check before it writes the summary

# ------------------------------------------------------------------ bookkeeping

STEPS=()
declare -A STATUS REASON TOOK FIGS
json_str() {  # a JSON string literal of $1 (one line; control characters dropped)
    local s=${1//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\n'/ }
    s=${s//$'\r'/ }
    s=${s//$'\t'/ }
    printf '"%s"' "$(printf '%s' "$s" | tr -d '\000-\037')"
}
json_num() { case "$1" in ''|*[!0-9.eE+-]*) printf 'null' ;; *) printf '%s' "$1" ;; esac; }
json_file() { if [ -s "$1" ]; then cat "$1"; else printf 'null'; fi; }
record() {  # NAME STATUS REASON SECONDS [FIGURES-JSON]
    STEPS+=("$1"); STATUS[$1]=$2; REASON[$1]=$3; TOOK[$1]=$4; FIGS[$1]=${5:-"{}"}
    printf '%-17s %-8s %4ss  %s\n' "$1" "$2" "$4" "$3"
}
kv() {  # the value of KEY=... in FILE (first match)
    awk -v k="$1=" 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }' "$2" 2>/dev/null
}
limit() {  # the timeout for a step: its cap, less what later steps need and the summary's reserve
    local cap=$1 later=${2:-0} left
    left=$((BUDGET - SECONDS - RESERVE - later))
    [ "$left" -lt "$cap" ] && cap=$left
    echo "$cap"
}
run_timed() {  # SECONDS LOG COMMAND...: 124 timed out, 200 no time left
    local t=$1 log=$2
    shift 2
    if [ "$t" -lt 5 ]; then
        echo "gpu-check: not started, ${t}s left of the ${BUDGET}s budget" >>"$log"
        return 200
    fi
    echo "+ (timeout ${t}s) $*" >>"$log"
    timeout -k 10 "$t" "$@" >>"$log" 2>&1
}
run_watched() {  # SECONDS LOG PATTERN MAX COMMAND...: run_timed, but stopped (201) once PATTERN shows MAX times in LOG
    local t=$1 log=$2 pattern=$3 max=$4 pid rc
    shift 4
    if [ "$t" -lt 5 ]; then
        echo "gpu-check: not started, ${t}s left of the ${BUDGET}s budget" >>"$log"
        return 200
    fi
    echo "+ (timeout ${t}s) $*" >>"$log"
    timeout -k 10 "$t" "$@" >>"$log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$(grep -c -- "$pattern" "$log")" -ge "$max" ]; then
            echo "gpu-check: stopped: '$pattern' seen $max times" >>"$log"
            kill -TERM "$pid" 2>/dev/null
            wait "$pid"
            return 201
        fi
        sleep 1
    done
    wait "$pid"
    rc=$?
    return $rc
}
first_error() {  # LOG: the most telling error line of a log
    local line
    line=$(grep -m1 -E '^(Caused by: )?[a-zA-Z_$][a-zA-Z0-9_$]*(\.[a-zA-Z0-9_$]+)+(Exception|Error)\b' "$1")
    [ -n "$line" ] || line=$(grep -v -e '^+ (timeout' -e '^Picked up' "$1" | grep -m1 -iE 'error|exception|fail')
    printf '%s' "$line" | cut -c1-220
}
failure() {  # RC SECONDS LOG: a one-line reason for a failed command
    case "$1" in
        124|137) echo "timed out after ${2}s (see logs/$(basename "$3"))" ;;
        200) echo "no time left in the ${BUDGET}s budget" ;;
        201) echo "stopped after ${2}s: the worker processes keep exiting and being restarted; first exit: $(grep -m1 'exited with code' "$3" | sed 's/.*exited with code/exit code/' | cut -c1-220)" ;;
        *) echo "exit status $1 (see logs/$(basename "$3")): $(first_error "$3")" ;;
    esac
}

# ------------------------------------------------------------------ environment

echo "gcoding GPU check ($MODE) -> $OUT"
T0=$SECONDS
ENV_LOG=$LOGS/environment.log
NVSMI="not found"
GPU_LINES=""
if command -v nvidia-smi >/dev/null 2>&1; then
    timeout -k 5 30 nvidia-smi >"$LOGS/nvidia-smi.txt" 2>&1
    NVSMI_RC=$?
    GPU_LINES=$(timeout -k 5 20 nvidia-smi --query-gpu=index,name,driver_version,memory.total,compute_cap \
        --format=csv,noheader 2>>"$ENV_LOG" \
        || timeout -k 5 20 nvidia-smi --query-gpu=index,name,driver_version,memory.total \
        --format=csv,noheader 2>>"$ENV_LOG")
    GPU_LINES=$(printf '%s\n' "$GPU_LINES" | grep -E '^[0-9]+,' || true)
    if [ -n "$GPU_LINES" ]; then NVSMI="lists $(printf '%s\n' "$GPU_LINES" | wc -l | tr -d ' ') GPU(s)"
    else NVSMI="found, lists no GPU (exit status $NVSMI_RC)"; fi
fi
LDCONFIG=$(command -v ldconfig 2>/dev/null || echo /sbin/ldconfig)
"$LDCONFIG" -p >"$WORK/ldconfig.txt" 2>/dev/null || : >"$WORK/ldconfig.txt"
find_lib() {
    local p
    p=$(awk -v n="$1" '$1 == n { print $NF; exit }' "$WORK/ldconfig.txt")
    if [ -z "$p" ]; then
        local IFS=:
        for d in ${LD_LIBRARY_PATH:-}; do
            if [ -n "$d" ] && [ -e "$d/$1" ]; then p="$d/$1"; break; fi
        done
    fi
    echo "$p"
}
LIBS="libcuda.so.1 libcublas.so.12 libcublasLt.so.12 libnvrtc.so.12"
declare -A LIBPATH
LIBS_TXT=""
LIBS_JSON=""
for lib in $LIBS; do
    LIBPATH[$lib]=$(find_lib "$lib")
    LIBS_TXT="$LIBS_TXT $lib ${LIBPATH[$lib]:-missing};"
    LIBS_JSON="$LIBS_JSON$([ -n "$LIBS_JSON" ] && printf ', ')$(json_str "$lib"): $(if [ -n "${LIBPATH[$lib]}" ]; then json_str "${LIBPATH[$lib]}"; else printf null; fi)"
done
OTHER_CUDA=$(grep -oE 'lib(cuda|cudart|cublas|cublasLt|nvrtc)\.so\.[0-9]+' "$WORK/ldconfig.txt" | sort -u \
    | grep -vxF -f <(printf '%s\n' $LIBS) | tr '\n' ' ' | sed 's/ $//')

GPU=0
if [ -n "$GPU_LINES" ]; then
    GPU=1
    GPU_WHY="nvidia-smi $NVSMI: $(printf '%s\n' "$GPU_LINES" | head -1 | sed 's/^ *//')"
elif [ -n "${LIBPATH[libcuda.so.1]}" ] && [ "$NVSMI" = "not found" ]; then
    GPU=1
    GPU_WHY="nvidia-smi not found, but the driver library ${LIBPATH[libcuda.so.1]} is installed: trying the CUDA steps"
elif [ "$ASSUME_GPU" = 1 ]; then
    GPU=1
    GPU_WHY="none found (nvidia-smi $NVSMI; libcuda.so.1 ${LIBPATH[libcuda.so.1]:-not found}), but --assume-gpu: running the CUDA steps"
else
    GPU_WHY="no GPU: nvidia-smi $NVSMI; libcuda.so.1 $([ -n "${LIBPATH[libcuda.so.1]}" ] && echo "present" || echo "not in ldconfig -p or LD_LIBRARY_PATH")"
fi
NO_GPU="no GPU (nvidia-smi $NVSMI; libcuda.so.1 ${LIBPATH[libcuda.so.1]:-not found})"

# Java and the prepared jars
JAVA_BIN=${JAVA:-}
if [ -z "$JAVA_BIN" ]; then
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA_BIN=$JAVA_HOME/bin/java
    else JAVA_BIN=$(command -v java 2>/dev/null || true); fi
fi
JAVA_VERSION=""
[ -n "$JAVA_BIN" ] && JAVA_VERSION=$("$JAVA_BIN" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)
JAVA_MAJOR=${JAVA_VERSION%%.*}
SETUP_PROBLEM=""
case "$JAVA_MAJOR" in
    ''|*[!0-9]*) SETUP_PROBLEM="java not found (set JAVA or JAVA_HOME to a Java 17+ runtime)" ;;
    *) [ "$JAVA_MAJOR" -ge 17 ] || SETUP_PROBLEM="java $JAVA_VERSION at $JAVA_BIN is older than 17" ;;
esac
first_jar() { ls "$@" 2>/dev/null | head -1; }
LIB=$JARS/lib
BENCH_JAR=$(first_jar "$LIB"/gcoding-bench-*.jar)
CLI_JAR=$(first_jar "$LIB"/gcoding-cli-*.jar)
TEST_JAR=$(first_jar "$JARS"/tests/gcoding-kernels-*-tests.jar)
MODEL_TEST_JAR=$(first_jar "$JARS"/tests/gcoding-model-*-tests.jar)
CONSOLE_JAR=$(first_jar "$JARS"/junit/junit-platform-console-standalone-*.jar)
if [ -z "$BENCH_JAR" ] || [ -z "$CLI_JAR" ] || [ -z "$TEST_JAR" ] || [ -z "$MODEL_TEST_JAR" ] || [ -z "$CONSOLE_JAR" ]; then
    SETUP_PROBLEM="${SETUP_PROBLEM:+$SETUP_PROBLEM; }prebuilt jars missing in $JARS (run bench/gpu-check-prepare.sh, or pass --jars DIR)"
fi
classpath() {  # the jars of lib/ except those named: cli and bench each bring a logback.xml, one per class path
    local cp="" jar
    for jar in "$LIB"/*.jar; do
        case "$(basename "$jar")" in "$1"|"$2") continue ;; esac
        cp="$cp${cp:+:}$jar"
    done
    printf '%s' "$cp"
}
CP_BENCH=$(classpath "$(basename "$CLI_JAR")" "")
CP_CLI=$(classpath "$(basename "$BENCH_JAR")" "")
CP_TEST="$CONSOLE_JAR:$TEST_JAR:$MODEL_TEST_JAR:$(classpath "$(basename "$CLI_JAR")" "$(basename "$BENCH_JAR")")"
HELPER=io.gcoding.bench.gpu.GpuCheck

# Every JVM of the check (JMH forks and worker JVMs too) extracts JCuda's natives into a private folder: JCuda uses
# fixed file names in java.io.tmpdir, so parallel JVMs could collide or load a stale copy (TOOLCHAIN.md).
export JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$WORK/tmp${JAVA_TOOL_OPTIONS:+ $JAVA_TOOL_OPTIONS}"
export GCODING_CUDA_CACHE=$WORK/cuda-kernels  # compile the kernels with NVRTC afresh, once per check
USER_BACKEND=${GCODING_BACKEND:-}
unset GCODING_BACKEND

{
    echo "date: $STARTED"
    echo "host: $(hostname 2>/dev/null) $(uname -srm 2>/dev/null)"
    echo "cpus: $(nproc 2>/dev/null)"
    echo "nvidia-smi: $NVSMI"
    [ -n "$GPU_LINES" ] && printf '  %s\n' "$GPU_LINES"
    echo "libraries:$LIBS_TXT"
    echo "other CUDA libraries in ldconfig -p: ${OTHER_CUDA:-none}"
    echo "gpu: $GPU ($GPU_WHY)"
    echo "java: ${JAVA_VERSION:-none} ($JAVA_BIN)"
    echo "jars: $JARS"
    [ -n "$USER_BACKEND" ] && echo "GCODING_BACKEND=$USER_BACKEND was set; the check sets it per step itself"
} >>"$ENV_LOG"
GPUS_JSON=$(printf '%s\n' "$GPU_LINES" | awk 'NF { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); printf "%s\"%s\"", (n++ ? ", " : ""), $0 }')
ENV_FIGS="{\"gpu_present\": $([ $GPU = 1 ] && echo true || echo false), \"gpu_reason\": $(json_str "$GPU_WHY"),
      \"nvidia_smi\": $(json_str "$NVSMI"), \"gpus\": [$GPUS_JSON],
      \"libraries\": {$LIBS_JSON}, \"other_cuda_libraries\": $(json_str "${OTHER_CUDA:-}"),
      \"java\": $(json_str "${JAVA_VERSION:-}"), \"java_bin\": $(json_str "$JAVA_BIN"), \"jars\": $(json_str "$JARS"),
      \"cpus\": $(json_num "$(nproc 2>/dev/null)"), \"host\": $(json_str "$(hostname 2>/dev/null)"),
      \"kernel\": $(json_str "$(uname -sr 2>/dev/null)")}"
ENV_TXT="GPU: $GPU_WHY; libraries:$LIBS_TXT other CUDA libraries: ${OTHER_CUDA:-none}; java ${JAVA_VERSION:-none}"
if [ -n "$SETUP_PROBLEM" ]; then
    record environment fail "$SETUP_PROBLEM" $((SECONDS - T0)) "$ENV_FIGS"
else
    record environment pass "$ENV_TXT" $((SECONDS - T0)) "$ENV_FIGS"
fi

# ------------------------------------------------------------------ steps

CUDA_BLOCKED=""   # why the CUDA steps cannot run although a GPU was found
cuda_gate() {     # prints the skip/fail decision for a CUDA step: "skipped REASON", "fail REASON" or "run"
    if [ "$GPU" = 0 ]; then echo "skipped $NO_GPU"
    elif [ -n "$SETUP_PROBLEM" ]; then echo "fail not run: $SETUP_PROBLEM"
    elif [ -n "$CUDA_BLOCKED" ] && [ "$ASSUME_GPU" = 0 ]; then echo "fail not run: $CUDA_BLOCKED"
    else echo run; fi
}
gated() {  # NAME: records the CUDA step as skipped/failed when it must not run; returns 0 if it should run
    local g
    g=$(cuda_gate)
    [ "$g" = run ] && return 0
    record "$1" "${g%% *}" "${g#* }" 0
    return 1
}

step_probe() {
    local t=$SECONDS log=$LOGS/probe.log rc
    run_timed "$(limit 60 200)" "$log" "$JAVA_BIN" -cp "$CP_BENCH" $HELPER probe "$RES/probe.json"
    rc=$?
    local took=$((SECONDS - t))
    if [ $rc -ne 0 ]; then
        record probe fail "$(failure $rc $took "$log")" $took "$(json_file "$RES/probe.json")"
        CUDA_BLOCKED="the backend probe failed"
        return
    fi
    local cpu cuda cuda_reason selected detail
    cpu=$(kv probe.cpu.available "$log")
    cuda=$(kv probe.cuda.available "$log")
    cuda_reason=$(kv probe.cuda.reason "$log")
    selected=$(kv probe.selected "$log")
    PROBE_TXT="cpu: $([ "$cpu" = true ] && echo available || echo unavailable) ($(kv probe.cpu.reason "$log")); cuda: $([ "$cuda" = true ] && echo available || echo unavailable) ($cuda_reason); automatic choice: ${selected:-none}"
    detail="automatic choice ${selected:-none}; cuda: $cuda_reason"
    if [ "$cpu" != true ]; then
        record probe fail "the CPU backend is unavailable: $(kv probe.cpu.reason "$log")" $took "$(json_file "$RES/probe.json")"
    elif [ "$GPU" = 1 ] && [ "$cuda" != true ]; then
        CUDA_BLOCKED="the CUDA probe says unavailable: $cuda_reason"
        record probe fail "a GPU is present but $CUDA_BLOCKED" $took "$(json_file "$RES/probe.json")"
    elif [ "$GPU" = 1 ] && [ "$selected" != cuda ]; then
        record probe fail "CUDA is available but the automatic choice is ${selected:-none}" $took "$(json_file "$RES/probe.json")"
    else
        record probe pass "$detail" $took "$(json_file "$RES/probe.json")"
    fi
}

count() {  # the JUnit console's summary count: count 'tests successful' LOG
    sed -n "s/^\[ *\([0-9][0-9]*\) $1 *\]\$/\1/p" "$2" | tail -1
}
step_conformance() {  # NAME TEST-CLASS CAP LATER
    local name=$1 class=$2 t=$SECONDS log=$LOGS/$1.log rc
    run_timed "$(limit "$3" "$4")" "$log" "$JAVA_BIN" -cp "$CP_TEST" org.junit.platform.console.ConsoleLauncher \
        execute --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
        --reports-dir "$LOGS/$name-reports" --select-class "$class"
    rc=$?
    local took=$((SECONDS - t)) found ok failed aborted skipped figs
    found=$(count 'tests found' "$log"); ok=$(count 'tests successful' "$log")
    failed=$(count 'tests failed' "$log"); aborted=$(count 'tests aborted' "$log"); skipped=$(count 'tests skipped' "$log")
    figs="{\"class\": $(json_str "$class"), \"tests_found\": $(json_num "$found"), \"successful\": $(json_num "$ok"), \"failed\": $(json_num "$failed"), \"aborted\": $(json_num "$aborted"), \"skipped\": $(json_num "$skipped"), \"junit_xml\": $(json_str "logs/$name-reports/TEST-junit-jupiter.xml")}"
    local counts="${ok:-?} of ${found:-?} tests successful, ${failed:-?} failed, ${aborted:-?} aborted, ${skipped:-?} skipped"
    if [ $rc -ne 0 ] && [ -z "$failed" ]; then
        record "$name" fail "$(failure $rc $took "$log")" $took "$figs"
    elif [ "${failed:-1}" != 0 ] || [ $rc -ne 0 ]; then
        record "$name" fail "$counts; first failure: $(grep -m1 -E '✘|\[X\]' "$log" | sed 's/^[ │├└─]*//' | cut -c1-160)" $took "$figs"
    elif [ "${aborted:-1}" != 0 ] || [ "${ok:-0}" = 0 ]; then
        record "$name" fail "$counts ($(grep -m1 -o 'backend unavailable: .*' "$log" | cut -c1-160))" $took "$figs"
    else
        record "$name" pass "$counts" $took "$figs"
    fi
}

step_jmh() {  # NAME CAP LATER REGEX JMH-ARGS...
    local name=$1 cap=$2 later=$3 regex=$4 t=$SECONDS log=$LOGS/$1.log rc
    shift 4
    run_timed "$(limit "$cap" "$later")" "$log" "$JAVA_BIN" -cp "$CP_BENCH" org.openjdk.jmh.Main "$regex" \
        -foe true -rf json -rff "$RES/$name-jmh.json" "$@"
    rc=$?
    local took=$((SECONDS - t))
    if [ $rc -ne 0 ]; then
        record "$name" fail "$(failure $rc $took "$log")" $took
        return
    fi
    if ! run_timed "$(limit 30)" "$log" "$JAVA_BIN" -cp "$CP_BENCH" $HELPER figures "$RES/$name-jmh.json" \
            "$RES/$name-figures.json"; then
        record "$name" fail "JMH ran but its result could not be read (see logs/$name.log)" $took
        return
    fi
    local n
    n=$(grep -c '"benchmark"' "$RES/$name-jmh.json")
    record "$name" pass "$n benchmark results; $(grep -m1 '^figures.roofline' "$log" | sed 's/^figures.roofline.//')" \
        $took "$(json_file "$RES/$name-figures.json")"
}

# The training problem both backends solve: small, exact mode, SGD (no Adam, whose step normalisation would turn
# rounding-level differences of near-zero gradient entries into visible ones), no warm-up.
if [ "$QUICK" = 1 ]; then
    ROUNDS=3; DATASET="synthetic:rows=4000,test=1000,features=64,classes=10,task=softmax"
else
    ROUNDS=10; DATASET="synthetic:rows=8000,test=2000,features=128,classes=10,task=softmax"
fi
TRAIN_ARGS="train -m 4 -r 2 --mode exact --protocol partial --dataset $DATASET --model mlp --hidden 64
    --optimizer sgd:lr=0.5,momentum=0.9 --rounds $ROUNDS --eval-every 5 --warmup-rounds 0 --seed 1"
TOLERANCE=1e-9

step_train() {  # NAME BACKEND CAP LATER
    local name=$1 backend=$2 t=$SECONDS log=$LOGS/$1.log rc
    # shellcheck disable=SC2086 # TRAIN_ARGS is a word list
    # LocalCluster restarts a worker that exits, also one that cannot create its backend: stop such a crash loop
    run_watched "$(limit "$3" "$4")" "$log" 'exited with code' 8 env GCODING_BACKEND="$backend" "$JAVA_BIN" \
        -cp "$CP_CLI" io.gcoding.cli.GcodingCommand $TRAIN_ARGS --json "$RES/$name.json"
    rc=$?
    local took=$((SECONDS - t)) dir used=0 workers=0 other=""
    dir=$(sed -n 's/.*worker processes (logs: \(.*\))$/\1/p' "$log" | head -1)
    if [ -n "$dir" ] && [ -d "$dir" ]; then
        workers=$(ls "$dir"/*.log 2>/dev/null | wc -l | tr -d ' ')
        used=$(grep -l "compute backend: $backend " "$dir"/*.log 2>/dev/null | wc -l | tr -d ' ')
        other=$(grep -h -o 'compute backend: [a-z0-9]*' "$dir"/*.log 2>/dev/null | sort | uniq -c | tr -s ' ' | tr '\n' ';')
        mkdir -p "$LOGS/$name-workers" && cp "$dir"/*.log "$LOGS/$name-workers/" 2>/dev/null
    fi
    local figs="{\"backend\": $(json_str "$backend"), \"worker_logs\": $workers, \"workers_on_backend\": $used, \"result\": $(json_str "results/$name.json"), \"rounds\": $ROUNDS, \"dataset\": $(json_str "$DATASET"), \"arguments\": $(json_str "$(echo $TRAIN_ARGS)")"
    if [ $rc -eq 0 ] && [ -s "$RES/$name.json" ]; then
        run_timed "$(limit 30)" "$log" "$JAVA_BIN" -cp "$CP_BENCH" $HELPER train "$RES/$name.json" "$RES/$name-figures.json"
        figs="$figs, \"summary\": $(json_file "$RES/$name-figures.json")}"
    else
        figs="$figs}"
    fi
    if [ $rc -ne 0 ]; then
        record "$name" fail "$(failure $rc $took "$log")" $took "$figs"
    elif [ ! -s "$RES/$name.json" ]; then
        record "$name" fail "gcoding train wrote no JSON result" $took "$figs"
    elif [ "$used" != 4 ]; then
        record "$name" fail "$used of 4 worker logs say 'compute backend: $backend' (${other:-no backend line found})" $took "$figs"
    else
        record "$name" pass "4 workers on $backend: $(kv train.partial "$log")" $took "$figs"
    fi
}

step_compare() {
    local t=$SECONDS log=$LOGS/train_compare.log rc
    run_timed "$(limit 30)" "$log" "$JAVA_BIN" -cp "$CP_BENCH" $HELPER compare $TOLERANCE "$RES/train_cpu.json" \
        "$RES/train_cuda.json" "$RES/train_compare.json"
    rc=$?
    local took=$((SECONDS - t)) max
    max=$(kv compare.max_relative_difference "$log")
    if [ $rc -eq 0 ]; then
        record train_compare pass "max relative difference $max <= $TOLERANCE over $(kv compare.compared "$log") values; $(kv compare.note "$log")" $took "$(json_file "$RES/train_compare.json")"
    elif [ $rc -eq 1 ]; then
        record train_compare fail "max relative difference $max > $TOLERANCE (see results/train_compare.json)" $took "$(json_file "$RES/train_compare.json")"
    else
        record train_compare fail "$(failure $rc $took "$log")" $took
    fi
}

# ------------------------------------------------------------------ run

JMH_SHORT="-f 1 -wi 1 -i 2 -w 1s -r 1s"
JMH_TINY="-f 1 -wi 1 -i 1 -w 1s -r 1s"
setup_ok() {  # NAME: records a CPU step as failed when Java or the jars are missing
    [ -z "$SETUP_PROBLEM" ] && return 0
    record "$1" fail "not run: $SETUP_PROBLEM" 0
    return 1
}
setup_ok probe && step_probe
setup_ok conformance_cpu && step_conformance conformance_cpu io.gcoding.kernels.cpu.CpuBackendConformanceTest 90 240
gated conformance_cuda && step_conformance conformance_cuda io.gcoding.kernels.cuda.CudaBackendConformanceTest 150 200
if setup_ok jmh_cpu; then
    if [ "$QUICK" = 1 ]; then
        # shellcheck disable=SC2086
        step_jmh jmh_cpu 60 150 'io\.gcoding\.bench\.kernels\.(RooflineBenchmark\.dgemmPeak|GradientBenchmark\.gradient)$' \
            -p model=softmax -p shape=2000x784 -p backend=cpu $JMH_TINY
    else
        # shellcheck disable=SC2086
        step_jmh jmh_cpu 90 200 'io\.gcoding\.bench\.kernels\.(RooflineBenchmark\..*|GradientBenchmark\.gradient)$' \
            -p model=linear,softmax,mlp2 -p shape=8000x784 -p backend=cpu $JMH_SHORT
    fi
fi
if gated jmh_cuda; then
    if [ "$QUICK" = 1 ]; then
        # shellcheck disable=SC2086
        step_jmh jmh_cuda 90 120 'io\.gcoding\.bench\.(gpu\.CudaRooflineBenchmark\.(deviceCopy|dgemm)|kernels\.GradientBenchmark\.gradient)$' \
            -p model=softmax -p shape=2000x784 -p backend=cuda $JMH_TINY
    else
        # shellcheck disable=SC2086
        # 15 forks of about 6 s: roofline 3, gradients 3 models x 2 shapes, encode/decode 2 x 3 models at ell 4
        step_jmh jmh_cuda 240 100 'io\.gcoding\.bench\.(gpu\.CudaRooflineBenchmark\..*|kernels\.(GradientBenchmark\.gradient|EncodeDecodeBenchmark\..*))$' \
            -p model=linear,softmax,mlp2 -p shape=8000x784,16384x4096 -p ell=4 -p backend=cuda $JMH_SHORT
    fi
fi
setup_ok train_cpu && step_train train_cpu cpu 90 60
gated train_cuda && step_train train_cuda cuda 120 15
if [ "$(cuda_gate)" != run ]; then
    gated train_compare
elif [ "${STATUS[train_cpu]:-}" != pass ] || [ "${STATUS[train_cuda]:-}" != pass ]; then
    record train_compare fail "not run: train_cpu ${STATUS[train_cpu]:-not run}, train_cuda ${STATUS[train_cuda]:-not run}" 0
else
    step_compare
fi

# ------------------------------------------------------------------ summary

OVERALL=pass
for s in "${STEPS[@]}"; do [ "${STATUS[$s]}" = fail ] && OVERALL=fail; done
EXIT=0; [ $OVERALL = fail ] && EXIT=1
FINISHED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
WALL=$SECONDS

write_json() {  # FILE WITH-FIGURES(0|1)
    {
        printf '{\n  "check": "gcoding bench/gpu-check.sh",\n'
        printf '  "overall": "%s",\n  "exit_status": %d,\n  "mode": "%s",\n' $OVERALL $EXIT $MODE
        printf '  "started": "%s",\n  "finished": "%s",\n  "wall_seconds": %d,\n  "budget_seconds": %d,\n' \
            "$STARTED" "$FINISHED" "$WALL" "$BUDGET"
        printf '  "gpu": {"present": %s, "reason": %s},\n' "$([ $GPU = 1 ] && echo true || echo false)" "$(json_str "$GPU_WHY")"
        printf '  "steps": [\n'
        local i=0 s
        for s in "${STEPS[@]}"; do
            [ $i -gt 0 ] && printf ',\n'
            i=$((i + 1))
            printf '    {"name": "%s", "status": "%s", "reason": %s, "seconds": %d, "log": %s,\n     "figures": ' \
                "$s" "${STATUS[$s]}" "$(json_str "${REASON[$s]}")" "${TOOK[$s]}" "$(json_str "logs/$s.log")"
            if [ "$2" = 1 ]; then printf '%s}' "${FIGS[$s]}"; else printf '{"dropped": "not valid JSON"}}'; fi
        done
        printf '\n  ]\n}\n'
    } >"$1"
}
write_json "$OUT/summary.json" 1
if [ -z "$SETUP_PROBLEM" ] && ! "$JAVA_BIN" -cp "$CP_BENCH" $HELPER validate "$OUT/summary.json" >>"$LOGS/summary.log" 2>&1; then
    cp "$OUT/summary.json" "$LOGS/summary-invalid.json"
    write_json "$OUT/summary.json" 0
fi

{
    echo "gcoding GPU check (bench/gpu-check.sh, $MODE mode), $STARTED, host $(hostname 2>/dev/null)"
    echo "wall time ${WALL}s of a ${BUDGET}s budget"
    echo
    echo "GPU:        $GPU_WHY"
    echo "libraries: $LIBS_TXT"
    echo "            other CUDA libraries in ldconfig -p: ${OTHER_CUDA:-none}"
    echo "java:       ${JAVA_VERSION:-none} ${JAVA_BIN:+($JAVA_BIN)}"
    echo "probe:      ${PROBE_TXT:-not run}"
    echo
    printf '%-17s %-8s %5s  %s\n' step status time detail
    printf '%-17s %-8s %5s  %s\n' ---- ------ ---- ------
    for s in "${STEPS[@]}"; do
        printf '%-17s %-8s %4ss  %s\n' "$s" "${STATUS[$s]}" "${TOOK[$s]}" "${REASON[$s]}"
    done
    echo
    echo "figures:"
    for s in jmh_cpu jmh_cuda train_cpu train_cuda; do
        [ -f "$LOGS/$s.log" ] && grep -E '^(figures|train)\.' "$LOGS/$s.log" | sed "s/^/  /; s/=/: /"
    done
    echo
    if [ $OVERALL = pass ]; then
        if [ $GPU = 0 ]; then echo "overall: PASS (dry run: the CUDA steps were skipped, $NO_GPU)"
        else echo "overall: PASS"; fi
    else
        echo "overall: FAIL ($(for s in "${STEPS[@]}"; do [ "${STATUS[$s]}" = fail ] && printf '%s ' "$s"; done | sed 's/ $//'))"
    fi
    echo "details: $OUT/summary.json, $OUT/logs/, $OUT/results/"
} >"$OUT/summary.txt"
echo
cat "$OUT/summary.txt"
exit $EXIT
