#!/usr/bin/env bash
# Which environment makes Debian's PyTorch fastest on this machine? Times W3 with torch_bench.py under
# each thread / wait-policy / malloc setting (and OpenBLAS core type, if given) and prints one line
# each. bench/compare.sh uses the winners; bench/RESULTS.md records a sweep. About 15 s per line.
# Needs bench/target/compare/ from a bench/compare.sh run (the exported weights and inputs).
#   bench/peers/blas_sweep.sh                     OpenBLAS's own core detection
#   bench/peers/blas_sweep.sh auto SkylakeX Zen   also with OPENBLAS_CORETYPE forced
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${COMPARE_DIR:-$root/bench/target/compare}"
python="${PYTHON:-/usr/bin/python3}"
malloc="glibc.malloc.mmap_threshold=67108864:glibc.malloc.trim_threshold=1073741824:glibc.malloc.top_pad=67108864"
[ -f "$dir/W3.txt" ] || { echo "run bench/compare.sh first: $dir/W3.txt is missing" >&2; exit 1; }
cores=("$@")
[ ${#cores[@]} -gt 0 ] || cores=(auto)
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
printf '%-11s %-72s %11s %13s %10s\n' "core" "torch threads, environment" "predict µs" "batch-256/s" "train/s"
for core in "${cores[@]}"; do
  for setting in "2 OPENBLAS_NUM_THREADS=2" "2 OPENBLAS_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE" \
      "2 OPENBLAS_NUM_THREADS=1" "1 OPENBLAS_NUM_THREADS=2" "1 OPENBLAS_NUM_THREADS=1"; do
    for tunables in "" "GLIBC_TUNABLES=$malloc"; do
      threads="${setting%% *}"
      read -r -a vars <<< "${setting#* } $tunables"
      [ "$core" = auto ] || vars+=("OPENBLAS_CORETYPE=$core")
      env -u OPENBLAS_CORETYPE -u OMP_WAIT_POLICY -u GLIBC_TUNABLES "${vars[@]}" \
        "$python" "$root/bench/peers/torch_bench.py" "$dir" --threads "$threads" --workloads W3 --out "$tmp" 2>/dev/null
      get() { awk -v k="$1" '$1 == k { print $2 }' "$tmp"; }
      shown="${vars[*]}"
      shown="${shown/GLIBC_TUNABLES=$malloc/malloc thresholds raised}"
      printf '%-11s %-72s %11.1f %13.0f %10.0f\n' "$(get openblas_core)" "$threads: $shown" \
        "$(echo "$(get W3.predict) / 1000" | bc -l)" "$(get W3.batch)" "$(get W3.train)"
    done
  done
done
