#!/usr/bin/env bash
# W3 (models/fashion_mnist.nn) trained to the end in nnc and in PyTorch 1.13, on the same data split
# and for the same epochs, a few seeds each: the test accuracy each side reaches, and how long the
# whole training took (every epoch with its validation loss, nnc's JIT warm-up included). The issue's
# training target is 3x PyTorch's samples/s "to the same test accuracy after the same epochs"; this is
# the second half of it, and the end-to-end time beside compare.sh's per-step figure.
#
#   bench/accuracy.sh                                about 3 minutes on 2 cores (3 seeds, 15 epochs)
#   ACCURACY_SEEDS=1,2,3,4,5 ACCURACY_EPOCHS=5 bench/accuracy.sh
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/accuracy.sh
#
# nnc: `./nnc train models/fashion_mnist.nn --seed S` (the model's split, Adam and batch; 2 threads,
# one per core); its run's final.json gives the test accuracy and loss and the training seconds.
# PyTorch: bench/peers/torch_train.py (the same network, loss, optimizer, batch, split and epochs,
# PyTorch's default initialization, 2 threads) in the environment compare.sh gives it. The seeds seed
# each side's own initialization and shuffling, so the runs are two samples, not one run replayed.
# Writes the table to bench/target/accuracy/accuracy-jdkNN.md (ACCURACY_DIR to change).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds="${ACCURACY_SEEDS:-1,2,3}"
epochs="${ACCURACY_EPOCHS:-15}"
out="${ACCURACY_DIR:-$root/bench/target/accuracy}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
model="$root/models/fashion_mnist.nn"

if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  echo "bench/accuracy.sh: Fashion-MNIST is missing: apt-get install dataset-fashion-mnist" >&2
  exit 1
fi
[[ "$seeds" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "ACCURACY_SEEDS must be comma-separated integers: $seeds" >&2; exit 2; }
[[ "$epochs" =~ ^[1-9][0-9]*$ ]] || { echo "ACCURACY_EPOCHS must be a positive integer: $epochs" >&2; exit 2; }

rm -rf "$out/nnc-runs"
mkdir -p "$out/nnc-runs"
jdk="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"

for seed in ${seeds//,/ }; do
  echo "nnc, seed $seed..." >&2
  "$root/nnc" train "$model" --seed "$seed" --epochs "$epochs" --runs "$out/nnc-runs/seed$seed" \
    -o "$out/nnc-runs/seed$seed.nnw" 2>&1 | grep -E '^Epoch' >&2
done

source "$root/bench/peers/torch_env.sh"
echo "PyTorch, seeds $seeds..." >&2
# single-threaded OpenBLAS under torch's 2 OpenMP threads: compare.sh's steadiest training setting
OPENBLAS_NUM_THREADS=1 GLIBC_TUNABLES="$malloc" "$python" "$root/bench/peers/torch_train.py" \
  --seeds "$seeds" --epochs "$epochs" --threads 2 --out "$out/torch-train.txt" 2> >(grep -v '^  seed' >&2)

table="$out/accuracy-jdk$(echo "$jdk" | sed 's/[^0-9].*//').md"
/usr/bin/python3 - "$out" "$seeds" "$epochs" "$jdk" > "$table" <<'PY'
import glob, json, os, statistics, subprocess, sys

out, seeds, epochs, jdk = sys.argv[1], [int(s) for s in sys.argv[2].split(",")], int(sys.argv[3]), sys.argv[4]
nnc = {}
for seed in seeds:
    final = glob.glob(os.path.join(out, "nnc-runs", f"seed{seed}", "*", "final.json"))
    if len(final) != 1:
        sys.exit(f"expected one nnc run for seed {seed}, found {len(final)}")
    with open(final[0], encoding="utf-8") as f:
        run = json.load(f)
    nnc[seed] = (run["evaluation"]["accuracy"], run["evaluation"]["loss"], run["seconds"])
torch = {}
rows = None
with open(os.path.join(out, "torch-train.txt"), encoding="utf-8") as f:
    for line in f:
        words = line.split()
        fields = dict(zip(words[1::2], words[2::2]))
        torch[int(fields["seed"])] = (float(fields["test_accuracy"]), float(fields["test_loss"]),
                                      float(fields["train_seconds"]))
        rows = int(fields["rows"])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
samples = rows * epochs

def summary(runs, i, fmt):
    values = [r[i] for r in runs.values()]
    return f"{fmt.format(statistics.mean(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"

print(f"### W3 trained to the end: nnc vs PyTorch ({cpu}, {os.cpu_count()} CPUs, JDK {jdk})\n")
print(f"{epochs} epochs of {rows:,} training images, batch 64, Adam lr 1e-3, 2 threads each;"
      f" seeds {', '.join(map(str, seeds))}; mean (min-max) over the seeds.\n")
print("| | nnc | PyTorch 1.13 | nnc - PyTorch |")
print("|---|--:|--:|--:|")
acc_n = statistics.mean(r[0] for r in nnc.values())
acc_t = statistics.mean(r[0] for r in torch.values())
loss_n = statistics.mean(r[1] for r in nnc.values())
loss_t = statistics.mean(r[1] for r in torch.values())
print(f"| test accuracy | {summary(nnc, 0, '{:.4f}')} | {summary(torch, 0, '{:.4f}')} | {acc_n - acc_t:+.4f} |")
print(f"| test loss | {summary(nnc, 1, '{:.4f}')} | {summary(torch, 1, '{:.4f}')} | {loss_n - loss_t:+.4f} |")
sec_n = statistics.mean(r[2] for r in nnc.values())
sec_t = statistics.mean(r[2] for r in torch.values())
print(f"| training time, s (all epochs and their validation) | {summary(nnc, 2, '{:.1f}')} | {summary(torch, 2, '{:.1f}')} | |")
print(f"| training samples/s, end to end | {samples / sec_n:,.0f} | {samples / sec_t:,.0f} | {sec_t / sec_n:.2f}x |")
print()
print("| seed | nnc accuracy | nnc s | PyTorch accuracy | PyTorch s |")
print("|--:|--:|--:|--:|--:|")
for seed in seeds:
    print(f"| {seed} | {nnc[seed][0]:.4f} | {nnc[seed][2]:.1f} | {torch[seed][0]:.4f} | {torch[seed][2]:.1f} |")
PY
cat "$table"
