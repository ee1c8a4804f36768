#!/usr/bin/python3
"""Reference numbers from PyTorch for nnc's agreement tests.

For each case below this script builds the network in PyTorch with fixed (seeded) weights, inputs and
targets, and records what nnc must reproduce:

  * the forward outputs (and the logits where nnc fuses the output activation into the loss),
  * the loss and the gradient of every parameter,
  * BatchNorm's running statistics after a training-mode forward pass,
  * for optimizer cases, the parameters (and running statistics) after three optimizer steps, each step
    being forward, loss, backward and step on the same batch.

Everything is float32 on one CPU thread, so a run is deterministic: rerunning it rewrites the same
files byte for byte. Weights, inputs and targets come from a torch.Generator seeded per case.

Run it from anywhere with the system Python that has PyTorch (1.13 was used; numpy too):

    /usr/bin/python3 bench/torch-reference/make_reference.py [output-folder]

The output folder defaults to compiler/src/test/resources/torch/ (relative to the repository root). It
writes one text file per case, <case>.txt (2 to 13 KB), and index.txt listing the cases; files of
cases that no longer exist are removed. The tests in compiler/src/test/java/dev/nnc/compiler/torch/
read them:

    mvn -q -B -pl compiler -am install -DskipTests
    mvn -q -B -pl compiler test -Dtest='dev.nnc.compiler.torch.*Test'

(Not -Dtest='dev.nnc.compiler.torch.*': Surefire takes the trailing '.*' for a file extension and
runs nothing.)

To add a case, add an entry to CASES, rerun, and add its name to TorchAgreementTest.REQUIRED.

Two diagnostics, for choosing and checking the tests' tolerances (see Agreement.java):

    make_reference.py --float64-report [--floor-fraction 0.2] [--absolute-floor 1e-6]
        prints, per case and quantity, how far PyTorch's float32 results are from the same computation
        in float64 (same float32 weights and inputs), measured with the tests' formula
        |a - b| / max(|b|, floor), floor = max(absolute, fraction * max|b|); writes nothing.
    make_reference.py --float64 /tmp/ref64
        writes the cases with expected values computed in float64; run the tests against them with
        mvn -pl compiler test -Dtest='dev.nnc.compiler.torch.*Test' -Dnnc.torch.reference=/tmp/ref64
        to see nnc's own error. Never commit these.

File format (line based, no JSON library needed on the Java side): '#' lines are comments; every
other line is a key, a space, and its value.

    case <name>
    nn <line>                       one per line of the .nn text, in order
    batch <n>
    training true|false             the mode of forward (and backward)
    param_blocks <len>...           lengths of nnc's parameter blocks, in nnc's order
    state_blocks <len>...           lengths of nnc's state blocks (BatchNorm running mean, variance)
    input <floats>                  batch * input size, row-major
    target <floats>                 class indices for cross_entropy, 0/1 for bce, reals otherwise
    params <floats>                 initial parameters in nnc's layout (see below)
    state <floats>                  initial BatchNorm running statistics in nnc's layout
    output <floats>                 final activations, batch * output size
    loss_input <floats>             what nnc's loss reads: the logits when the loss is fused with the
                                    output activation (sigmoid + bce, softmax + cross_entropy),
                                    otherwise the output
    loss <float>
    gradients <floats>              d(loss)/d(params) in nnc's layout
    state_after <floats>            running statistics after the forward pass
    optimizer <kind> <key>=<value>...   only for optimizer cases: sgd, adam, adamw or rmsprop with
                                    PyTorch's argument names
    steps <n>
    step_losses <floats>            the loss of each step's forward pass
    params_after <floats>           parameters after <n> steps
    state_after_steps <floats>      running statistics after <n> steps

nnc's layout: one flat array, layers in order. A dense layer holds its weight input-major,
W[k][j] at k * out + j (the transpose of nn.Linear.weight), then its bias; a BatchNorm layer holds
gamma then beta as parameters and running_mean then running_var as state.

Floats are written as the shortest decimal that reads back as the same float32.
"""

import argparse
import math
import os
import re
import sys
import zlib

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
torch.set_default_dtype(torch.float32)
torch.use_deterministic_algorithms(True)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO, "compiler", "src", "test", "resources", "torch")

STEPS = 3


# ---- the cases ----------------------------------------------------------------------------------
#
# Each case: its name (which also seeds its random numbers, so cases can be added or reordered without
# changing the others), the layer statements exactly as in the .nn file, the loss statement, optionally
# the batch (default 4), the mode (training=False for evaluation; default training), a target scale
# for the regression losses, and an optimizer: (kind, keyword arguments in PyTorch's names).

OPT_NET = ["input 5", "dense 19 tanh", "dense 3 softmax"]
DEEP_NET = ["input 6", "dense 17 tanh", "batchnorm", "dense 8 gelu", "dense 5 relu",
            "batchnorm(momentum = 0.3, eps = 0.001)", "dense 3 softmax"]

CASES = [
    # Activations, fused into dense layers and as layers of their own. Layers of 17, 19 and 37 units
    # (or inputs) exercise the 512-bit flavour's vector body (16 floats) and its scalar tail; layers of
    # 3 to 7 units run on the scalar tail alone.
    dict(name="act_relu", layers=["input 5", "dense 37 relu", "dense 3"], loss="mse"),
    # 70 units: more than the four vector accumulators (4 x 16 floats) of one pass.
    dict(name="act_relu_70", layers=["input 2", "dense 70 relu", "dense 1"], loss="mse"),
    dict(name="act_relu_layer", layers=["input 5", "dense 7", "relu", "dense 3"], loss="mse"),
    dict(name="act_leaky_relu", layers=["input 5", "dense 17 leaky_relu(0.2)", "dense 7", "leaky_relu", "dense 3"],
         loss="mse"),
    dict(name="act_sigmoid", layers=["input 5", "dense 19 sigmoid", "dense 3", "sigmoid"], loss="mse"),
    dict(name="act_tanh", layers=["input 5", "dense 7 tanh", "dense 17", "tanh", "dense 3 tanh"], loss="mse"),
    dict(name="act_gelu", layers=["input 5", "dense 17 gelu", "dense 7", "gelu", "dense 3"], loss="mse"),
    # softmax: fused with cross-entropy on a dense layer and as its own layer, and not fused (inside
    # the network, and as an output under mse) so its own Jacobian is back-propagated.
    dict(name="act_softmax_fused", layers=["input 5", "dense 7 relu", "dense 3 softmax"], loss="cross_entropy"),
    dict(name="act_softmax_layer_fused", layers=["input 5", "dense 7 tanh", "dense 17", "softmax"],
         loss="cross_entropy"),
    dict(name="act_softmax_hidden", layers=["input 5", "dense 17 softmax", "dense 5 tanh", "dense 3"], loss="mse"),
    dict(name="act_softmax_mse", layers=["input 5", "dense 7 tanh", "dense 3", "softmax"], loss="mse"),
    # Losses.
    dict(name="loss_mse", layers=["input 5", "dense 7 tanh", "dense 3"], loss="mse"),
    dict(name="loss_mae", layers=["input 5", "dense 7 tanh", "dense 3"], loss="mae"),
    dict(name="loss_huber", layers=["input 5", "dense 7 tanh", "dense 3"], loss="huber", target_scale=2.0),
    dict(name="loss_huber_delta", layers=["input 5", "dense 7 tanh", "dense 3"], loss="huber(delta = 0.5)"),
    dict(name="loss_bce", layers=["input 5", "dense 7 tanh", "dense 1 sigmoid"], loss="bce"),
    dict(name="loss_bce_multilabel", layers=["input 5", "dense 17 tanh", "dense 3", "sigmoid"], loss="bce"),
    dict(name="loss_cross_entropy_softmax", layers=["input 5", "dense 7 tanh", "dense 3 softmax"],
         loss="cross_entropy"),
    dict(name="loss_cross_entropy_logits", layers=["input 37", "dense 5 tanh", "dense 3"], loss="cross_entropy"),
    # BatchNorm in both modes; eval mode with non-trivial running statistics.
    dict(name="batchnorm_train", layers=["input 5", "batchnorm", "dense 7", "batchnorm(momentum = 0.2, eps = 0.001)",
                                         "relu", "dense 3"], loss="mse"),
    dict(name="batchnorm_train_wide", layers=["input 5", "dense 19", "batchnorm", "tanh", "dense 3 softmax"],
         loss="cross_entropy"),
    dict(name="batchnorm_eval", layers=["input 5", "batchnorm", "dense 7", "batchnorm(momentum = 0.2, eps = 0.001)",
                                        "relu", "dense 3"], loss="mse", training=False),
    dict(name="batchnorm_eval_wide", layers=["input 5", "dense 19", "batchnorm", "tanh", "dense 3 softmax"],
         loss="cross_entropy", training=False),
    # Dropout is the identity in evaluation (training-mode masks cannot match PyTorch's generator).
    dict(name="dropout_eval", layers=["input 5", "dense 19 relu", "dropout 0.5", "dense 3"], loss="mse",
         training=False),
    # A rank-3 input flattened.
    dict(name="flatten", layers=["input [2, 3, 3]", "flatten", "dense 4 sigmoid", "dense 2"], loss="mse"),
    # Deeper mixed networks.
    dict(name="deep_mixed_train", layers=DEEP_NET, loss="cross_entropy", batch=6),
    dict(name="deep_mixed_eval", layers=["input [2, 2, 3]", "flatten", "dense 17 gelu", "batchnorm", "dropout 0.3",
                                         "dense 6 leaky_relu(0.1)", "dense 5 sigmoid", "dense 2 sigmoid"],
         loss="bce", batch=6, training=False),
    # Optimizers: three steps of forward, loss, backward, step on the same batch.
    dict(name="opt_sgd", layers=OPT_NET, loss="cross_entropy", optimizer=("sgd", dict(lr=0.1))),
    dict(name="opt_sgd_momentum", layers=OPT_NET, loss="cross_entropy",
         optimizer=("sgd", dict(lr=0.1, momentum=0.9))),
    dict(name="opt_sgd_momentum_dampening", layers=OPT_NET, loss="cross_entropy",
         optimizer=("sgd", dict(lr=0.1, momentum=0.8, dampening=0.3))),
    dict(name="opt_sgd_nesterov", layers=OPT_NET, loss="cross_entropy",
         optimizer=("sgd", dict(lr=0.1, momentum=0.9, nesterov=True))),
    dict(name="opt_sgd_weight_decay", layers=OPT_NET, loss="cross_entropy",
         optimizer=("sgd", dict(lr=0.1, weight_decay=0.05))),
    dict(name="opt_sgd_momentum_weight_decay", layers=OPT_NET, loss="cross_entropy",
         optimizer=("sgd", dict(lr=0.1, momentum=0.9, weight_decay=0.05, nesterov=True))),
    dict(name="opt_adam", layers=OPT_NET, loss="cross_entropy", optimizer=("adam", dict(lr=0.01))),
    dict(name="opt_adam_betas", layers=OPT_NET, loss="cross_entropy",
         optimizer=("adam", dict(lr=0.02, betas=(0.8, 0.95), eps=1e-6))),
    dict(name="opt_adam_weight_decay", layers=OPT_NET, loss="cross_entropy",
         optimizer=("adam", dict(lr=0.01, weight_decay=0.05))),
    dict(name="opt_adamw", layers=OPT_NET, loss="cross_entropy", optimizer=("adamw", dict(lr=0.01))),
    dict(name="opt_adamw_weight_decay", layers=OPT_NET, loss="cross_entropy",
         optimizer=("adamw", dict(lr=0.01, betas=(0.85, 0.99), weight_decay=0.1))),
    dict(name="opt_rmsprop", layers=OPT_NET, loss="cross_entropy", optimizer=("rmsprop", dict(lr=0.01))),
    dict(name="opt_rmsprop_momentum", layers=OPT_NET, loss="cross_entropy",
         optimizer=("rmsprop", dict(lr=0.01, momentum=0.9))),
    dict(name="opt_rmsprop_centered", layers=OPT_NET, loss="cross_entropy",
         optimizer=("rmsprop", dict(lr=0.01, centered=True))),
    dict(name="opt_rmsprop_momentum_centered", layers=OPT_NET, loss="cross_entropy",
         optimizer=("rmsprop", dict(lr=0.01, alpha=0.9, momentum=0.9, centered=True))),
    dict(name="opt_rmsprop_weight_decay", layers=OPT_NET, loss="cross_entropy",
         optimizer=("rmsprop", dict(lr=0.01, weight_decay=0.05, momentum=0.5))),
    # Optimizer steps through BatchNorm in training mode (running statistics move every step) and an
    # mse regression head.
    dict(name="opt_adam_batchnorm", layers=["input 5", "dense 17 tanh", "batchnorm", "dense 6 relu",
                                            "batchnorm(momentum = 0.3, eps = 0.001)", "dense 3 softmax"],
         loss="cross_entropy", batch=6,
         optimizer=("adam", dict(lr=0.01))),
    dict(name="opt_sgd_batchnorm_mse", layers=["input 5", "dense 17 gelu", "batchnorm", "dense 2"], loss="mse",
         optimizer=("sgd", dict(lr=0.05, momentum=0.9))),
]


# ---- building PyTorch networks from .nn statements ----------------------------------------------

ACTIVATIONS = {"relu", "leaky_relu", "sigmoid", "tanh", "softmax", "gelu"}


def named_args(text):
    """'(momentum = 0.2, eps = 0.001)' -> {'momentum': 0.2, 'eps': 0.001}; '(0.2)' -> {0: 0.2}."""
    if not text:
        return {}
    args = {}
    for i, part in enumerate(text.strip("()").split(",")):
        if "=" in part:
            key, value = part.split("=")
            args[key.strip()] = float(value)
        else:
            args[i] = float(part)
    return args


def activation_module(spec):
    match = re.fullmatch(r"(\w+)(\(.*\))?", spec)
    name, args = match.group(1), named_args(match.group(2))
    if name == "relu":
        return nn.ReLU()
    if name == "leaky_relu":
        return nn.LeakyReLU(args.get(0, args.get("slope", 0.01)))
    if name == "sigmoid":
        return nn.Sigmoid()
    if name == "tanh":
        return nn.Tanh()
    if name == "softmax":
        return nn.Softmax(dim=1)
    if name == "gelu":
        return nn.GELU()  # exact (erf) form, PyTorch's default
    raise ValueError(spec)


def build(layers):
    """Modules in order (a dense layer with an activation gives two) and the input shape."""
    first = layers[0].split(None, 1)
    assert first[0] == "input"
    shape = [int(v) for v in re.findall(r"\d+", first[1])]
    features = math.prod(shape)
    modules = []
    for statement in layers[1:]:
        head = re.match(r"\w+", statement).group(0)
        rest = statement[len(head):].strip()
        if head == "dense":
            parts = rest.split(None, 1)
            units = int(parts[0])
            modules.append(nn.Linear(features, units))
            if len(parts) > 1:
                modules.append(activation_module(parts[1]))
            features = units
        elif head in ACTIVATIONS:
            modules.append(activation_module(statement))
        elif head == "batchnorm":
            args = named_args(rest)
            modules.append(nn.BatchNorm1d(features, eps=args.get("eps", 1e-5), momentum=args.get("momentum", 0.1)))
        elif head == "dropout":
            modules.append(nn.Dropout(float(rest)))
        elif head == "flatten":
            modules.append(nn.Flatten())
        else:
            raise ValueError(statement)
    return modules, shape, features


def fused_output(modules, loss):
    """True when nnc's loss reads the logits before the last module (sigmoid + bce, softmax + CE)."""
    last = modules[-1]
    return (loss == "bce" and isinstance(last, nn.Sigmoid)) or (
        loss == "cross_entropy" and isinstance(last, nn.Softmax))


def loss_function(loss, fused):
    match = re.fullmatch(r"(\w+)(\(.*\))?", loss)
    name, args = match.group(1), named_args(match.group(2))
    if name == "mse":
        return nn.MSELoss()
    if name == "mae":
        return nn.L1Loss()
    if name == "huber":
        return nn.HuberLoss(delta=args.get("delta", 1.0))
    if name == "bce":
        assert fused, "nnc only accepts bce after a sigmoid output, which it fuses"
        return nn.BCEWithLogitsLoss()
    if name == "cross_entropy":
        return nn.CrossEntropyLoss()
    raise ValueError(loss)


def run(modules, x, fused):
    """Forward pass: (output, what the loss reads)."""
    h = x
    logits = None
    for i, module in enumerate(modules):
        if i == len(modules) - 1 and fused:
            logits = h
        h = module(h)
    return h, (logits if fused else h)


# ---- nnc's layout -------------------------------------------------------------------------------

def parameter_tensors(modules):
    """(tensor, transpose?) for every parameter, in nnc's order."""
    tensors = []
    for module in modules:
        if isinstance(module, nn.Linear):
            tensors.append((module.weight, True))
            tensors.append((module.bias, False))
        elif isinstance(module, nn.BatchNorm1d):
            tensors.append((module.weight, False))
            tensors.append((module.bias, False))
    return tensors


def state_tensors(modules):
    tensors = []
    for module in modules:
        if isinstance(module, nn.BatchNorm1d):
            tensors.append(module.running_mean)
            tensors.append(module.running_var)
    return tensors


def flat(tensor, transpose=False):
    t = tensor.detach()
    if transpose:
        t = t.t()
    return t.contiguous().reshape(-1)


def nnc_params(modules):
    return torch.cat([flat(t, tr) for t, tr in parameter_tensors(modules)])


def nnc_grads(modules):
    return torch.cat([flat(t.grad, tr) for t, tr in parameter_tensors(modules)])


def nnc_state(modules):
    tensors = state_tensors(modules)
    return torch.cat([flat(t) for t in tensors]) if tensors else torch.zeros(0)


def fmt(values):
    if isinstance(values, torch.Tensor):
        values = values.detach().reshape(-1).tolist()
    return " ".join(str(np.float32(v)) for v in values)


# ---- one case -----------------------------------------------------------------------------------

def initialize(modules, generator):
    """PyTorch's default Linear init (seeded), non-trivial BatchNorm affine parameters and statistics."""
    for module in modules:
        if isinstance(module, nn.Linear):
            bound = 1 / math.sqrt(module.in_features)
            with torch.no_grad():
                module.weight.uniform_(-bound, bound, generator=generator)
                module.bias.uniform_(-bound, bound, generator=generator)
        elif isinstance(module, nn.BatchNorm1d):
            n = module.num_features
            with torch.no_grad():
                module.weight.copy_(0.5 + torch.rand(n, generator=generator))
                module.bias.copy_(0.3 * torch.randn(n, generator=generator))
                module.running_mean.copy_(0.5 * torch.randn(n, generator=generator))
                module.running_var.copy_(0.5 + 1.5 * torch.rand(n, generator=generator))


def make_targets(loss, batch, width, generator, scale):
    if loss == "cross_entropy":
        while True:
            y = torch.randint(0, width, (batch,), generator=generator)
            if len(set(y.tolist())) > 1:
                return y
    if loss == "bce":
        while True:
            y = torch.randint(0, 2, (batch, width), generator=generator).float()
            if 0 < y.sum() < y.numel():
                return y
    return scale * torch.randn(batch, width, generator=generator)


def make_optimizer(kind, args, parameters):
    if kind == "sgd":
        return torch.optim.SGD(parameters, **args, foreach=False)
    if kind == "adam":
        return torch.optim.Adam(parameters, **args, foreach=False)
    if kind == "adamw":
        return torch.optim.AdamW(parameters, **args, foreach=False)
    if kind == "rmsprop":
        return torch.optim.RMSprop(parameters, **args, foreach=False)
    raise ValueError(kind)


def optimizer_line(kind, args, optimizer):
    """Every setting the optimizer uses, after PyTorch's defaults, in PyTorch's names."""
    group = optimizer.param_groups[0]
    keys = {
        "sgd": ["lr", "momentum", "dampening", "weight_decay", "nesterov"],
        "adam": ["lr", "betas", "eps", "weight_decay", "amsgrad"],
        "adamw": ["lr", "betas", "eps", "weight_decay", "amsgrad"],
        "rmsprop": ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"],
    }[kind]
    parts = [kind]
    for key in keys:
        value = group[key]
        if key == "betas":
            parts.append("beta1=%r" % value[0])
            parts.append("beta2=%r" % value[1])
        elif isinstance(value, bool):
            parts.append("%s=%s" % (key, "true" if value else "false"))
        else:
            parts.append("%s=%r" % (key, float(value)))
    assert group.get("amsgrad", False) is False and group.get("maximize", False) is False
    return " ".join(parts)


def model_name(case_name):
    return "".join(part.capitalize() for part in case_name.split("_"))


def make_case(case, dtype=torch.float32):
    """The case's name and file text; dtype float64 only for the diagnostics (weights, inputs and
    targets are drawn in float32 either way)."""
    name = case["name"]
    layers = case["layers"]
    loss = case["loss"]
    batch = case.get("batch", 4)
    training = case.get("training", True)
    generator = torch.Generator().manual_seed(zlib.crc32(case["name"].encode()))

    modules, in_shape, out_width = build(layers)
    initialize(modules, generator)
    fused = fused_output(modules, loss)
    criterion = loss_function(loss, fused)
    loss_name = re.match(r"\w+", loss).group(0)

    x = torch.randn([batch] + in_shape, generator=generator)
    y = make_targets(loss_name, batch, out_width, generator, case.get("target_scale", 1.0))
    if dtype != torch.float32:
        for module in modules:
            module.to(dtype)
        x = x.to(dtype)
        if y.is_floating_point():
            y = y.to(dtype)

    params0 = nnc_params(modules).clone()
    state0 = nnc_state(modules).clone()
    param_blocks = [t.numel() for t, _ in parameter_tensors(modules)]
    state_blocks = [t.numel() for t in state_tensors(modules)]

    def set_mode():
        for module in modules:
            module.train(training)

    def step_forward():
        for module in modules:
            for p in module.parameters():
                p.grad = None
        out, loss_input = run(modules, x, fused)
        value = criterion(loss_input, y)
        value.backward()
        return out, loss_input, value

    set_mode()
    out, loss_input, value = step_forward()
    grads = nnc_grads(modules)
    state_after = nnc_state(modules)

    nn_lines = ["model " + model_name(name), "network { " + "; ".join(layers) + " }",
                "train { loss " + loss + " }"]
    lines = [
        "# nnc/PyTorch reference case, written by bench/torch-reference/make_reference.py;",
        "# PyTorch %s, %s, one thread. Do not edit: rerun the script." % (torch.__version__,
                                                                          str(dtype).replace("torch.", "")),
        "case " + name,
    ]
    lines += ["nn " + line for line in nn_lines]
    lines += [
        "batch %d" % batch,
        "training " + ("true" if training else "false"),
        "param_blocks " + " ".join(map(str, param_blocks)),
        "state_blocks " + " ".join(map(str, state_blocks)),
        "input " + fmt(x),
        "target " + fmt(y.float()),
        "params " + fmt(params0),
        "state " + fmt(state0),
        "output " + fmt(out),
        "loss_input " + fmt(loss_input),
        "loss " + fmt([value.item()]),
        "gradients " + fmt(grads),
        "state_after " + fmt(state_after),
    ]

    if "optimizer" in case:
        kind, args = case["optimizer"]
        # Start again from the initial parameters and statistics.
        with torch.no_grad():
            for (t, tr), values in zip(parameter_tensors(modules), torch.split(params0, param_blocks)):
                t.copy_(values.reshape(t.t().shape).t() if tr else values.reshape(t.shape))
            for t, values in zip(state_tensors(modules), torch.split(state0, state_blocks) if state_blocks else []):
                t.copy_(values)
            for module in modules:
                if isinstance(module, nn.BatchNorm1d):
                    module.num_batches_tracked.zero_()
        assert torch.equal(nnc_params(modules), params0)
        parameters = [t for t, _ in parameter_tensors(modules)]
        optimizer = make_optimizer(kind, args, parameters)
        step_losses = []
        for _ in range(STEPS):
            _, _, value = step_forward()
            step_losses.append(value.item())
            optimizer.step()
        lines += [
            "optimizer " + optimizer_line(kind, args, optimizer),
            "steps %d" % STEPS,
            "step_losses " + fmt(step_losses),
            "params_after " + fmt(nnc_params(modules)),
            "state_after_steps " + fmt(nnc_state(modules)),
        ]
        moved = (nnc_params(modules) - params0).abs().max().item()
        assert moved > 1e-3, "%s: the optimizer barely moved the parameters (%g)" % (name, moved)

    # Sanity: the case must not be trivial.
    assert grads.abs().max().item() > 1e-4, name
    if loss_name == "huber":
        delta = named_args(re.match(r"\w+(\(.*\))?", loss).group(1)).get("delta", 1.0)
        r = (loss_input - y).abs()
        assert (r < delta).any() and (r > delta).any(), "%s: huber residuals do not cover both regimes" % name
    return name, "\n".join(lines) + "\n"


def float64_differences(case, floor_fraction, absolute_floor):
    """How far PyTorch's own float32 results are from the same computation in float64, per quantity,
    measured like the Java tests measure nnc: |a - b| / max(|b|, floor). A diagnostic for choosing
    tolerances; nothing is written."""
    results = {}
    for dtype in (torch.float32, torch.float64):
        name, text = make_case(case, dtype)
        results[dtype] = {line.split(" ", 1)[0]: line.split(" ", 1)[1] if " " in line else ""
                          for line in text.splitlines() if not line.startswith("#")}
    report = {}
    for key in ("output", "loss_input", "loss", "gradients", "state_after", "step_losses", "params_after",
                "state_after_steps"):
        if key not in results[torch.float32]:
            continue
        a = np.array([float(v) for v in results[torch.float32][key].split()], dtype=np.float64)
        b = np.array([float(v) for v in results[torch.float64][key].split()], dtype=np.float64)
        if b.size == 0:
            continue
        floor = max(absolute_floor, floor_fraction * np.abs(b).max())
        report[key] = float((np.abs(a - b) / np.maximum(np.abs(b), floor)).max())
    return report


def main():
    parser = argparse.ArgumentParser(description="Writes nnc's PyTorch reference cases.")
    parser.add_argument("out", nargs="?", default=DEFAULT_OUT,
                        help="output folder (default: compiler/src/test/resources/torch)")
    parser.add_argument("--float64", action="store_true",
                        help="diagnostic: compute the expected values in float64 from the same float32 "
                             "weights and inputs (never commit these)")
    parser.add_argument("--float64-report", action="store_true",
                        help="diagnostic: print how far PyTorch's float32 results are from float64, "
                             "with the tests' tolerance formula; writes nothing")
    parser.add_argument("--floor-fraction", type=float, default=0.2,
                        help="for --float64-report: the floor's fraction of a tensor's largest magnitude")
    parser.add_argument("--absolute-floor", type=float, default=1e-6,
                        help="for --float64-report: the absolute floor")
    args = parser.parse_args()

    if args.float64_report:
        worst = {}
        for case in CASES:
            for key, value in float64_differences(case, args.floor_fraction, args.absolute_floor).items():
                print("%-32s %-18s %.3g" % (case["name"], key, value))
                if value > worst.get(key, (0, ""))[0]:
                    worst[key] = (value, case["name"])
        for key, (value, name) in worst.items():
            print("largest %-18s %.3g  (%s)" % (key, value, name))
        return

    dtype = torch.float64 if args.float64 else torch.float32
    out_dir = args.out
    os.makedirs(out_dir, exist_ok=True)
    names = []
    for case in CASES:
        name, text = make_case(case, dtype)
        assert name not in names, name
        names.append(name)
        with open(os.path.join(out_dir, name + ".txt"), "w") as f:
            f.write(text)
    for stale in os.listdir(out_dir):
        if stale.endswith(".txt") and stale != "index.txt" and stale[:-4] not in names:
            os.remove(os.path.join(out_dir, stale))
    with open(os.path.join(out_dir, "index.txt"), "w") as f:
        f.write("# cases written by bench/torch-reference/make_reference.py\n")
        f.write("\n".join(names) + "\n")
    print("wrote %d cases to %s" % (len(names), out_dir))


if __name__ == "__main__":
    main()
