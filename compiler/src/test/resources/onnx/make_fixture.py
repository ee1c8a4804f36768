"""Makes the ONNX fixture that OnnxImportTest reads: a PyTorch MLP with BatchNorm and Dropout, exported
by torch.onnx.export (PyTorch 1.13, Debian's python3-torch), and its outputs for a few inputs.

    python3 compiler/src/test/resources/onnx/make_fixture.py

writes mlp_bn.onnx and mlp_bn.expected.txt beside this script (deterministic: fixed seeds).
"""
import os

import torch

torch.manual_seed(7)
here = os.path.dirname(os.path.abspath(__file__))

model = torch.nn.Sequential(
    torch.nn.Linear(4, 16),
    torch.nn.BatchNorm1d(16),
    torch.nn.ReLU(),
    torch.nn.Dropout(0.2),
    torch.nn.Linear(16, 8),
    torch.nn.Tanh(),
    torch.nn.Linear(8, 3),
    torch.nn.Softmax(dim=1),
)
# A few training steps so that BatchNorm's running statistics are not the initial 0 and 1.
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
model.train()
for _ in range(20):
    x = torch.randn(32, 4) * 2 + 1
    loss = -torch.log(model(x)[:, 0]).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
model.eval()

torch.onnx.export(model, torch.randn(1, 4), os.path.join(here, "mlp_bn.onnx"), opset_version=13,
                  input_names=["input"], output_names=["probabilities"],
                  dynamic_axes={"input": {0: "N"}, "probabilities": {0: "N"}})

inputs = torch.randn(10, 4) * 2 + 1
with torch.no_grad():
    outputs = model(inputs)
with open(os.path.join(here, "mlp_bn.expected.txt"), "w") as f:
    f.write("# input (4 values) then PyTorch's output (3 values), one sample per line\n")
    for x, y in zip(inputs.tolist(), outputs.tolist()):
        f.write(" ".join(repr(v) for v in x) + " | " + " ".join(repr(v) for v in y) + "\n")
