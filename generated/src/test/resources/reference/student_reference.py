#!/usr/bin/env python3
"""Reference training of models/student.nn in float64 NumPy, written the way the cheat sheet's PyTorch
loop runs: train_test_split(test_size=0.2, random_state=42), StandardScaler fitted on the training rows,
2-16-1 ReLU/sigmoid, BCE, Adam(lr=0.01) with PyTorch's update rule, batch 2 in split order, 100 epochs.

It starts from nnc's own initial weights (student-initial.txt: the 65 floats that
Initializer.initialize(net, 42) draws, in nnc's layout W1[2][16] input-major, b1[16], W2[16][1], b2[1])
and writes student-reference.txt: the mean loss of every 10th epoch, the final parameters, and the
probability of passing for a student with 6 study hours and 7 sleep hours.

Regenerate: python3 student_reference.py   (needs numpy; run from this folder)
"""
import numpy as np

X = np.array([[8, 7], [3, 5], [6, 8], [2, 4], [7, 6], [4, 6], [9, 8], [1, 3], [5, 7], [3, 4]], dtype=np.float64)
y = np.array([1, 0, 1, 0, 1, 1, 1, 0, 1, 0], dtype=np.float64)

# scikit-learn's train_test_split: the first ceil(0.2 * 10) rows of the permutation are the test rows.
perm = np.random.RandomState(42).permutation(len(X))
train = perm[2:]
mean, std = X[train].mean(0), X[train].std(0)
Xs = (X[train] - mean) / std
ys = y[train][:, None]

p = np.loadtxt("student-initial.txt", dtype=np.float64)
W1, b1, W2, b2 = p[0:32].reshape(2, 16), p[32:48], p[48:64].reshape(16, 1), p[64:65]
params = [W1, b1, W2, b2]
m = [np.zeros_like(q) for q in params]
v = [np.zeros_like(q) for q in params]
lr, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-8
step = 0
lines = []
for epoch in range(1, 101):
    total = 0.0
    for i in range(0, len(Xs), 2):
        xb, yb = Xs[i:i + 2], ys[i:i + 2]
        h = np.maximum(xb @ W1 + b1, 0)
        z = h @ W2 + b2
        loss = np.mean(np.maximum(z, 0) - z * yb + np.log1p(np.exp(-np.abs(z))))
        total += loss * len(xb)
        dz = (1 / (1 + np.exp(-z)) - yb) / len(xb)
        dh = (dz @ W2.T) * (h > 0)
        grads = [xb.T @ dh, dh.sum(0), h.T @ dz, dz.sum(0)]
        step += 1
        for k, (q, g) in enumerate(zip(params, grads)):
            m[k] = beta1 * m[k] + (1 - beta1) * g
            v[k] = beta2 * v[k] + (1 - beta2) * g * g
            q -= lr * (m[k] / (1 - beta1 ** step)) / (np.sqrt(v[k] / (1 - beta2 ** step)) + eps)
    if epoch % 10 == 0:
        lines.append("loss %d %.9g" % (epoch, total / len(Xs)))

new = (np.array([6.0, 7.0]) - mean) / std
prob = 1 / (1 + np.exp(-(np.maximum(new @ W1 + b1, 0) @ W2 + b2)))
lines.append("predict_6_7 %.9g" % prob[0])
for q in np.concatenate([W1.ravel(), b1, W2.ravel(), b2]):
    lines.append("param %.9g" % q)
open("student-reference.txt", "w").write("\n".join(lines) + "\n")
