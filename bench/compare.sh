#!/usr/bin/env bash
# nnc side by side with PyTorch 1.13 and ONNX Runtime (Java API) on workloads W3 and W1: the same
# networks (nnc's initial weights), inputs, batch sizes and optimizer. Prints one Markdown table of
# single-sample predict latency, batch-256 inference and batch-64 training-step throughput, with the
# ratio of nnc to each peer (> 1 means nnc is better) and the machine; bench/RESULTS.md keeps the latest.
#
#   bench/compare.sh                                               about 13 minutes (plus a build if needed)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/compare.sh    the same on JDK 25
#   bench/compare.sh --quick                                       short timings, a smoke test (~1 min)
#   bench/compare.sh --rebuild                                     rebuild bench/target/benchmarks.jar first
#
# Steps: build the bench module if its jar is stale; SideBySide export (weights, inputs) to
# bench/target/compare/; then 3 rounds of: bench/peers/torch_bench.py with 2 threads (two environments;
# the first run also exports W3.onnx and W1.onnx) and with 1 thread; SideBySide round: ONNX Runtime with
# 2 and 1 intra-op threads, then nnc through its JMH benchmarks (vector kernels in one JVM each, 8 x 1 s
# warm-up and 4 x 1 s iterations: C2 takes seconds to compile them, and where a JVM places the
# activation buffers still changes their speed, see bench/RESULTS.md; the scalar ones in round 1), each
# side of them 20 samples of what both cores give at once against one (FmaPeak; this VM's host often
# gives far less than 2x); then SideBySide report: the table (also bench/target/compare/table-jdkNN.md).
#
# Environment: PYTHON (default /usr/bin/python3, Debian's python3-torch), COMPARE_DIR (default
# bench/target/compare), PEER_OPENBLAS_CORETYPE (below). Debian's torch calls OpenBLAS (pthreads)
# beside its own OpenMP pool; with both pools at 2 threads and spinning on 2 CPUs it runs several
# times slower, so PyTorch runs with OPENBLAS_NUM_THREADS set and OMP_WAIT_POLICY=PASSIVE where both
# pools have 2 threads (see bench/RESULTS.md and bench/peers/blas_sweep.sh), with flush-to-zero
# (torch.set_flush_denormal, set by torch_bench.py: its Adam slows down on subnormals), and with
# GLIBC_TUNABLES raising malloc's mmap and trim thresholds (override by setting GLIBC_TUNABLES).
# OpenBLAS chooses its kernels itself (an OPENBLAS_CORETYPE in the environment is not passed on); where it mistakes an
# AVX-512 CPU for an SSE3 one it runs with OPENBLAS_CORETYPE=SkylakeX; set PEER_OPENBLAS_CORETYPE to
# choose the core yourself.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
start=$(date +%s)
load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
procstat="$(head -1 /proc/stat 2>/dev/null || true)"
quick=""
rebuild=""
for arg in "$@"; do
  case "$arg" in
    --quick) quick="--quick" ;;
    --rebuild) rebuild=1 ;;
    *) echo "usage: bench/compare.sh [--quick] [--rebuild]" >&2; exit 2 ;;
  esac
done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
out="${COMPARE_DIR:-$root/bench/target/compare}"
jar="$root/bench/target/benchmarks.jar"

if [ -n "$rebuild" ] || [ ! -f "$jar" ] || [ -n "$(find "$root" \( -name target -o -name .git \) -prune -o \
    -type f \( -name '*.java' -o -name '*.nn' -o -name '*.g4' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
  echo "building bench/target/benchmarks.jar (mvn -q -B -DskipTests -pl bench -am install)..." >&2
  (cd "$root" && mvn -q -B -DskipTests -pl bench -am install) >&2
fi

mkdir -p "$out"
rm -f "$out"/torch-*.txt "$out"/*.onnx "$out"/round-*.tsv
# Run from a copy, so a build started meanwhile (mvn verify in another shell) cannot swap the jar under
# the running JVMs.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp "$jar" "$tmp/benchmarks.jar"
jvm=("$java" --add-modules jdk.incubator.vector -XX:G1HeapRegionSize=1m -cp "$tmp/benchmarks.jar")
quiet_incubator() { grep -v '^WARNING: Using incubator modules' >&2; }
"${jvm[@]}" dev.nnc.bench.compare.SideBySide export "$out" 2> >(quiet_incubator)

# Rounds (3; --quick: 1), each running every side once: this VM's host changes speed by tens of percent
# within minutes, and a side timed only in the first minutes (PyTorch, ONNX Runtime) or only in the last
# (nnc's JMH runs) would carry the host's drift into the ratios. In a round: PyTorch with 2 threads in two
# environments (its 2-thread figures vary from one process to the next on this VM; the table takes each
# figure's best of every round, see RESULTS.md): both pools at 2 threads with OpenMP's idle workers
# sleeping (fastest batch inference), and single-threaded OpenBLAS under torch's 2 OpenMP threads
# (steadiest training step); the first run also exports W3.onnx and W1.onnx. Then PyTorch with 1 thread,
# then `SideBySide round`: ONNX Runtime with 2 and 1 threads, then nnc's JMH benchmarks in one JVM each.
# Every PyTorch run keeps glibc's malloc from handing freed memory back to the kernel: otherwise torch's
# per-step temporaries (Adam's, the gradients) are mmapped and page-faulted afresh on many steps, which
# halves its training throughput.
# The peer's environment (python, OpenBLAS's kernels, OMP_WAIT_POLICY, malloc): bench/peers/torch_env.sh.
source "$root/bench/peers/torch_env.sh"
torch_bench=(env GLIBC_TUNABLES="$malloc" "$python" "$root/bench/peers/torch_bench.py" "$out")
export_flag="--export-onnx"
rounds=3
[ -z "$quick" ] || rounds=1
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds" >&2
  OPENBLAS_NUM_THREADS=2 OMP_WAIT_POLICY="$omp_wait" \
    "${torch_bench[@]}" --threads 2 $export_flag --out "$out/torch-2t-a$round.txt" $quick
  export_flag=""
  OPENBLAS_NUM_THREADS=1 "${torch_bench[@]}" --threads 2 --out "$out/torch-2t-b$round.txt" $quick
  OPENBLAS_NUM_THREADS=1 "${torch_bench[@]}" --threads 1 --out "$out/torch-1t-$round.txt" $quick
  "${jvm[@]}" dev.nnc.bench.compare.SideBySide round "$out" "$round" $quick 2> >(quiet_incubator)
done

command="bench/compare.sh${*:+ $*}"
[ -n "${JAVA_HOME:-}" ] && command="JAVA_HOME=$JAVA_HOME $command"
"${jvm[@]}" "-Dcompare.command=$command" "-Dcompare.loadavg=$load" "-Dcompare.procstat=$procstat" \
  dev.nnc.bench.compare.SideBySide report "$out" $quick 2> >(quiet_incubator)

# Was the machine ours? CPU time spent outside this script's processes (other users' builds, kernel
# threads) during the run, from /proc/stat minus what our children used.
if [ -n "$procstat" ]; then
  read -r -a a <<< "$procstat"
  read -r -a b < /proc/stat
  busy=0
  for i in 1 2 3 6 7; do busy=$(( busy + b[i] - a[i] )); done
  times > "$tmp/times"
  ours=$(tail -1 "$tmp/times" | awk '{ for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } } END { printf "%.1f", s }')
  elapsed=$(( $(date +%s) - start ))
  other=$(awk -v busy="$busy" -v hz="$(getconf CLK_TCK)" -v ours="$ours" 'BEGIN { o = busy / hz - ours; printf "%.1f", o < 0 ? 0 : o }')
  line="- CPU time used by other processes during the run: ${other} s of $(( elapsed * $(nproc) )) CPU-seconds (this run used ${ours} s)"
  echo "$line"
  table="$(ls -t "$out"/table-jdk*.md 2>/dev/null | head -1)"
  [ -z "$table" ] || echo "$line" >> "$table"
fi
echo "compare.sh took $(( $(date +%s) - start )) s" >&2
