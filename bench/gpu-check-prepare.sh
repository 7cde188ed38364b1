#!/usr/bin/env bash
# bench/gpu-check-prepare.sh: builds everything bench/gpu-check.sh needs into bench/target/gpu-check/, to be copied
# (carried) to a GPU node that has Java 17 but no Maven and no network:
#   lib/    the runtime jars of the cli and bench, each once   tests/  the kernels' test jar (conformance suite)
#   junit/  junit-platform-console-standalone                   BUILD-INFO.txt  commit, date, sizes
# The build itself is `mvn -B -pl cli,bench -am package -DskipTests` (bench's pom assembles the folder). Then two
# third-party jars in lib/ are slimmed, in the copy only, so the folder stays well under the 64 MiB a device call
# carries: jcuda-natives loses the nvPTXCompiler JNI library (the backend compiles with NVRTC and never loads it)
# and grpc-netty-shaded loses its TLS (tcnative) libraries for Windows, macOS and aarch64 (the check uses plaintext
# loopback on linux-x86_64).
#   bench/gpu-check-prepare.sh [extra Maven arguments, e.g. -o]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/bench/target/gpu-check
cd "$root"
mvn -B -q -pl cli,bench -am package -DskipTests "$@"
[ -d "$dir/lib" ] || { echo "gpu-check-prepare: $dir/lib was not built" >&2; exit 1; }

slim() {  # JAR PATTERN...: delete entries from the copy in lib/ (zip, else Python's zipfile)
    local jar=$1
    shift
    [ -f "$jar" ] || return 0
    if command -v zip >/dev/null 2>&1; then
        zip -q -d "$jar" "$@" || [ $? -eq 12 ]   # 12: nothing matched (already slimmed)
    elif command -v python3 >/dev/null 2>&1; then
        python3 - "$jar" "$@" <<'EOF'
import fnmatch, os, shutil, sys, zipfile
jar, patterns = sys.argv[1], sys.argv[2:]
tmp = jar + ".tmp"
with zipfile.ZipFile(jar) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
    for item in src.infolist():
        if not any(fnmatch.fnmatch(item.filename, p) for p in patterns):
            dst.writestr(item, src.read(item.filename))
os.replace(tmp, jar)
EOF
    else
        echo "gpu-check-prepare: neither zip nor python3 found; $jar left as it is" >&2
    fi
}
slim "$dir"/lib/jcuda-natives-*.jar 'lib/libJNvPTXCompiler-*'
slim "$dir"/lib/grpc-netty-shaded-*.jar 'META-INF/native/*windows*' 'META-INF/native/*osx*' \
    'META-INF/native/*tcnative_linux_aarch_64*'

size=$(du -sk --apparent-size "$dir" | cut -f1)
{
    echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname 2>/dev/null)"
    echo "commit: $(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "size: ${size} KiB"
    echo "files:"
    (cd "$dir" && find lib tests junit -type f | sort)
} >"$dir/BUILD-INFO.txt"
echo "prepared $dir (${size} KiB). On the GPU node, from the repository root:"
echo "  bench/gpu-check.sh OUTDIR        # or: bench/gpu-check.sh --jars $dir OUTDIR"
