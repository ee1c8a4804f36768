#!/usr/bin/python3
"""PyTorch's side of bench/compare.sh: the same networks, weights, inputs and optimizer as nnc.

    /usr/bin/python3 bench/peers/torch_bench.py DIR --threads 2 [--export-onnx] [--quick]

DIR holds what `SideBySide export DIR` wrote for each workload Wn (W3, W1): Wn.txt (the dense layers,
loss, learning rate, batch sizes) and raw little-endian float32 arrays: Wn.params.f32 (nnc's initial
weights, seed 42, in nnc's layout: per layer the weight as [in][out], then the bias), Wn.x1.f32,
Wn.x64.f32, Wn.y64.f32, Wn.x256.f32, and nnc's outputs for the 256 inputs, Wn.out256.f32.

The script builds each network in PyTorch with those weights, checks that its outputs match nnc's,
optionally exports it to DIR/Wn.onnx for ONNX Runtime (--export-onnx), then times

  * predict:  one sample, model(x) under torch.no_grad(), in ns per call;
  * batch:    256 samples, model(x) under torch.no_grad(), in samples/s;
  * train:    a batch of 64: zero_grad(set_to_none=True), forward, loss, backward, Adam.step(),
              in samples/s,

each as the median of 5 repetitions of 0.3 s after 1 s of warm-up (SideBySide times ONNX Runtime alike),
with torch.set_num_threads(--threads). It writes DIR/torch-<threads>t.txt, "key value" lines.

Use the system Python (Debian's python3-torch, PyTorch 1.13). The BLAS under Debian's torch is
whatever libblas.so.3 points at (OpenBLAS here); compare.sh sets OPENBLAS_NUM_THREADS, OMP_WAIT_POLICY
and GLIBC_TUNABLES (malloc thresholds) for the fastest configuration (see bench/RESULTS.md and
bench/peers/blas_sweep.sh).
"""

import argparse
import ctypes
import os
import statistics
import sys
import time

import numpy as np
import torch

WORKLOADS = ["W3", "W1"]


def read_manifest(path):
    manifest = {"dense": []}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _, value = line.partition(" ")
            if key == "dense":
                n_in, n_out, activation = value.split()
                manifest["dense"].append((int(n_in), int(n_out), activation))
            else:
                manifest[key] = value
    return manifest


def floats(directory, name):
    return np.fromfile(os.path.join(directory, name), dtype="<f4")


def activation_module(name):
    if name == "relu":
        return torch.nn.ReLU()
    if name == "sigmoid":
        return torch.nn.Sigmoid()
    if name == "tanh":
        return torch.nn.Tanh()
    if name == "softmax":
        return torch.nn.Softmax(dim=1)
    if name == "none":
        return None
    raise SystemExit(f"torch_bench.py: activation {name!r} is not supported")


class Workload:
    """One workload's PyTorch model (nnc's weights), data, loss and optimizer."""

    def __init__(self, directory, name):
        self.name = name
        m = read_manifest(os.path.join(directory, name + ".txt"))
        self.manifest = m
        params = floats(directory, name + ".params.f32")
        layers = []
        offset = 0
        last_activation = None
        for n_in, n_out, activation in m["dense"]:
            linear = torch.nn.Linear(n_in, n_out)
            w = params[offset:offset + n_in * n_out].reshape(n_in, n_out)
            offset += n_in * n_out
            b = params[offset:offset + n_out]
            offset += n_out
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))
                linear.bias.copy_(torch.from_numpy(b.copy()))
            layers.append(linear)
            module = activation_module(activation)
            last_activation = module
            if module is not None:
                layers.append(module)
        if offset != params.size:
            raise SystemExit(f"{name}: {params.size} parameters, the layers use {offset}")
        self.model = torch.nn.Sequential(*layers)
        # nnc fuses sigmoid + BCE and softmax + cross-entropy: the loss reads the logits.
        on_logits = m["loss_on_logits"] == "true"
        self.train_model = torch.nn.Sequential(*layers[:-1]) if on_logits and last_activation is not None else self.model

        n_input = int(m["input"])
        loss = m["loss"]
        self.x1 = torch.from_numpy(floats(directory, name + ".x1.f32").reshape(1, n_input))
        self.x64 = torch.from_numpy(floats(directory, name + ".x64.f32").reshape(-1, n_input))
        self.x256 = torch.from_numpy(floats(directory, name + ".x256.f32").reshape(-1, n_input))
        self.out256 = floats(directory, name + ".out256.f32").reshape(self.x256.shape[0], -1)
        y64 = floats(directory, name + ".y64.f32")
        if loss == "cross_entropy":
            self.y64 = torch.from_numpy(y64.astype(np.int64))
            self.loss_fn = torch.nn.CrossEntropyLoss()
            if not on_logits and last_activation is not None:
                raise SystemExit(f"{name}: cross_entropy after {m['dense'][-1][2]} is not supported")
        elif loss == "bce":
            self.y64 = torch.from_numpy(y64.reshape(self.x64.shape[0], -1).copy())
            self.loss_fn = torch.nn.BCEWithLogitsLoss() if on_logits else torch.nn.BCELoss()
        elif loss == "mse":
            self.y64 = torch.from_numpy(y64.reshape(self.x64.shape[0], -1).copy())
            self.loss_fn = torch.nn.MSELoss()
        else:
            raise SystemExit(f"{name}: loss {loss!r} is not supported")
        self.lr = float(m["lr"])

    def check(self):
        """Max |PyTorch - nnc| over the 256 outputs, and the first-step loss."""
        with torch.no_grad():
            out = self.model(self.x256).numpy()
            loss0 = self.loss_fn(self.train_model(self.x64), self.y64).item()
        return float(np.max(np.abs(out - self.out256))), loss0

    def export_onnx(self, path):
        self.model.eval()
        torch.onnx.export(self.model, self.x1, path, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=13)


def nanos_per_call(fn, warmup_s, reps, rep_s):
    """Median over reps of ns per call, after warmup_s of calls (Stopwatch.java does the same)."""
    end = time.perf_counter() + warmup_s
    calls = 0
    start = time.perf_counter()
    while time.perf_counter() < end:
        fn()
        calls += 1
    per_call = (time.perf_counter() - start) / max(1, calls)
    n = max(1, int(rep_s / per_call))
    results = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        results.append((time.perf_counter() - t0) / n * 1e9)
    return statistics.median(results)


def openblas_info():
    """(version/config, core, threads) of the OpenBLAS torch uses, if that is what libblas.so.3 is."""
    try:
        lib = ctypes.CDLL("libblas.so.3")
        lib.openblas_get_config.restype = ctypes.c_char_p
        lib.openblas_get_corename.restype = ctypes.c_char_p
        config = lib.openblas_get_config().decode()
        return config.split()[1] if config.startswith("OpenBLAS") else config, \
            lib.openblas_get_corename().decode(), str(lib.openblas_get_num_threads())
    except (OSError, AttributeError):
        return "not OpenBLAS", "?", "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--export-onnx", action="store_true")
    parser.add_argument("--quick", action="store_true", help="short timings, for a smoke test")
    parser.add_argument("--workloads", default=",".join(WORKLOADS), help="e.g. W3 (default: W3,W1)")
    parser.add_argument("--out", help="results file (default: DIR/torch-<threads>t.txt)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    # PyTorch's fastest setting on CPUs that trap subnormals: flush-to-zero and denormals-are-zero. With
    # the defaults its Adam slows down as first moments decay into the subnormals (W3's training step on
    # one thread of a Xeon: 40,000 samples/s against 52,800); nnc keeps them out itself (Subnormals).
    flush_denormal = torch.set_flush_denormal(True)
    warmup_s, reps, rep_s = (0.3, 3, 0.1) if args.quick else (1.0, 5, 0.3)

    version, core, blas_threads = openblas_info()
    env = " ".join(f"{k}={os.environ[k]}" for k in
                   ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "OMP_WAIT_POLICY",
                    "GOMP_SPINCOUNT", "GLIBC_TUNABLES") if k in os.environ) or "(none)"
    lines = [
        "# bench/peers/torch_bench.py; predict in ns per call, batch and train in samples/s",
        f"torch_version {torch.__version__}",
        f"threads {torch.get_num_threads()}",
        f"openblas_version {version}",
        f"openblas_core {core}",
        f"openblas_threads {blas_threads}",
        f"env {env}",
        f"method no_grad() inference, Adam(foreach default) with zero_grad(set_to_none=True), "
        f"{'subnormals flushed to zero (torch.set_flush_denormal)' if flush_denormal else 'subnormals kept'}; "
        f"{warmup_s:g} s warm-up, median of {reps} repetitions of {rep_s:g} s",
    ]
    for name in args.workloads.split(","):
        w = Workload(args.dir, name)
        diff, loss0 = w.check()
        if not diff < 1e-3:
            raise SystemExit(f"{name}: PyTorch's outputs differ from nnc's by {diff}: not the same network")
        if args.export_onnx:
            w.export_onnx(os.path.join(args.dir, name + ".onnx"))
        lines += [f"{name}.max_abs_diff_out256 {diff:.2g}", f"{name}.loss0 {loss0:.7g}",
                  f"{name}.nnc_loss0 {float(w.manifest['loss0']):.7g}"]

        print(f"PyTorch {torch.__version__}, {name}, {args.threads} thread(s)...", file=sys.stderr)
        w.model.eval()
        with torch.no_grad():
            predict = nanos_per_call(lambda: w.model(w.x1), warmup_s, reps, rep_s)
            batch = nanos_per_call(lambda: w.model(w.x256), warmup_s, reps, rep_s)
        w.model.train()
        optimizer = torch.optim.Adam(w.model.parameters(), lr=w.lr)

        def step():
            optimizer.zero_grad(set_to_none=True)
            loss = w.loss_fn(w.train_model(w.x64), w.y64)
            loss.backward()
            optimizer.step()

        train = nanos_per_call(step, warmup_s, reps, rep_s)
        lines += [f"{name}.predict {predict:.1f}",
                  f"{name}.batch {w.x256.shape[0] * 1e9 / batch:.1f}",
                  f"{name}.train {w.x64.shape[0] * 1e9 / train:.1f}"]

    out = args.out or os.path.join(args.dir, f"torch-{args.threads}t.txt")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"PyTorch: wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
