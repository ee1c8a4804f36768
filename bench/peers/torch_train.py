#!/usr/bin/python3
"""PyTorch's side of bench/accuracy.sh: W3 (models/fashion_mnist.nn) trained the way a PyTorch user
would train it, on the same data split, for the same epochs, so that the two test accuracies can be
compared.

    /usr/bin/python3 bench/peers/torch_train.py --seeds 1,2,3 --epochs 15 --threads 2 --out FILE

The network, loss and optimizer are the model file's: 784-256-128-10 with ReLU, cross-entropy on the
logits, Adam(lr=1e-3), batch 64 (the last batch of an epoch smaller, as nnc and DataLoader's default
have it), the training rows reshuffled every epoch. The data is Debian's dataset-fashion-mnist, pixels
divided by 255 (as torchvision's ToTensor). The validation split is nnc's: numpy's
RandomState(42).permutation of the 60,000 training images, the first 6,000 held out. As nnc train does,
each epoch ends with a loss over the validation rows. The weights start from PyTorch's own default
initialization under torch.manual_seed(seed); nnc's runs use its own seeds, so the comparison is
between two samples of training runs, not one run replayed.

It writes one "key value ..." line per seed to FILE:
    run seed S test_accuracy A test_loss L train_seconds T epochs E rows N
train_seconds is the wall time of the epochs (training and the validation losses), which is what
nnc's final.json "seconds" measures too.
"""

import argparse
import gzip
import os
import sys
import time

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"
VALIDATION = 0.1
SPLIT_SEED = 42
BATCH = 64
LEARNING_RATE = 1e-3


def read_idx(path, header):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def load(data):
    def images(name):
        return torch.from_numpy(read_idx(os.path.join(data, name), 16).reshape(-1, 784).astype(np.float32) / 255.0)

    def labels(name):
        return torch.from_numpy(read_idx(os.path.join(data, name), 8).astype(np.int64))

    x = images("train-images-idx3-ubyte.gz")
    y = labels("train-labels-idx1-ubyte.gz")
    permutation = np.random.RandomState(SPLIT_SEED).permutation(len(x))
    held_out = int(np.ceil(VALIDATION * len(x)))  # scikit-learn's rule, as nnc's TrainTestSplit
    validation, train = permutation[:held_out], permutation[held_out:]
    test_x = images("t10k-images-idx3-ubyte.gz")
    test_y = labels("t10k-labels-idx1-ubyte.gz")
    return x[train], y[train], x[validation], y[validation], test_x, test_y


def network():
    return nn.Sequential(
        nn.Linear(784, 256), nn.ReLU(),
        nn.Linear(256, 128), nn.ReLU(),
        nn.Linear(128, 10))


def evaluate(model, loss_fn, x, y):
    model.eval()
    with torch.no_grad():
        logits = model(x)
        loss = loss_fn(logits, y).item()
        accuracy = (logits.argmax(dim=1) == y).float().mean().item()
    model.train()
    return loss, accuracy


def train(seed, epochs, data):
    train_x, train_y, val_x, val_y, test_x, test_y = data
    torch.manual_seed(seed)
    model = network()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    shuffle = torch.Generator().manual_seed(seed)
    rows = len(train_x)
    start = time.perf_counter()
    for epoch in range(epochs):
        order = torch.randperm(rows, generator=shuffle)
        for first in range(0, rows, BATCH):
            batch = order[first:first + BATCH]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(train_x[batch]), train_y[batch])
            loss.backward()
            optimizer.step()
        val_loss, val_accuracy = evaluate(model, loss_fn, val_x, val_y)
        print(f"  seed {seed} epoch {epoch + 1}/{epochs}: loss {loss.item():.4f}, val loss {val_loss:.4f},"
              f" val accuracy {val_accuracy:.4f}", file=sys.stderr)
    seconds = time.perf_counter() - start
    test_loss, test_accuracy = evaluate(model, loss_fn, test_x, test_y)
    return test_accuracy, test_loss, seconds, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated seeds, one training run each")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    # as in torch_bench.py: PyTorch's fastest setting where subnormals are slow (nnc keeps its
    # optimizer's state out of them itself)
    torch.set_flush_denormal(True)
    data = load(args.data)
    with open(args.out, "w", encoding="utf-8") as out:
        for seed in (int(s) for s in args.seeds.split(",")):
            accuracy, loss, seconds, rows = train(seed, args.epochs, data)
            line = (f"run seed {seed} test_accuracy {accuracy:.4f} test_loss {loss:.6f}"
                    f" train_seconds {seconds:.3f} epochs {args.epochs} rows {rows}")
            print(line, file=out, flush=True)
            print(line, file=sys.stderr)


if __name__ == "__main__":
    main()
