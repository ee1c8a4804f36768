# Sourced by bench/compare.sh and bench/accuracy.sh: the environment PyTorch runs in, the same for both.
# Sets python (Debian's python3-torch unless PYTHON says otherwise), omp_wait and malloc, and exports
# OPENBLAS_CORETYPE only where it should be set (see bench/RESULTS.md): OpenBLAS chooses its kernels
# itself, and an OPENBLAS_CORETYPE inherited from the shell is not passed on (some machines here export
# Haswell, which halves sgemm on an AVX-512 Zen 5: 106 against 199 GFLOP/s); PEER_OPENBLAS_CORETYPE
# chooses a core on purpose; where Debian's OpenBLAS 0.3.21 mistakes an AVX-512 CPU for an SSE3
# "Prescott" one (some Xeons, family 6 model 207; 3-5x slower), it gets its SkylakeX kernels instead.
# malloc keeps glibc from handing freed memory back to the kernel: otherwise torch's per-step
# temporaries are mmapped and page-faulted afresh on many steps, which halves its training throughput.
python="${PYTHON:-/usr/bin/python3}"
if [ -n "${OPENBLAS_CORETYPE:-}" ] && [ -z "${PEER_OPENBLAS_CORETYPE:-}" ]; then
  echo "not passing OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE from the environment to PyTorch: OpenBLAS picks its" \
    "kernels (set PEER_OPENBLAS_CORETYPE to choose them)" >&2
fi
unset OPENBLAS_CORETYPE
if [ -n "${PEER_OPENBLAS_CORETYPE:-}" ]; then
  export OPENBLAS_CORETYPE="$PEER_OPENBLAS_CORETYPE"
elif grep -q avx512f /proc/cpuinfo 2>/dev/null \
    && [ "$("$python" -c 'import sys; sys.path.insert(0, sys.argv[1]); import torch_bench; print(torch_bench.openblas_info()[1])' \
        "$(dirname "${BASH_SOURCE[0]}")" 2>/dev/null)" = Prescott ]; then
  export OPENBLAS_CORETYPE=SkylakeX
  echo "OpenBLAS detected this AVX-512 CPU as Prescott (SSE3); PyTorch runs with OPENBLAS_CORETYPE=SkylakeX" >&2
fi
omp_wait="${OMP_WAIT_POLICY:-PASSIVE}"
malloc="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=67108864:glibc.malloc.trim_threshold=1073741824:glibc.malloc.top_pad=67108864}"
