"""Generate torch_reference.json: PyTorch's values for lossbook's loss functions.

PyTorch is not a dependency of the book; this script runs once, in a
throwaway environment, and the JSON it writes is committed:

    python3 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install torch numpy
    /tmp/torchenv/bin/python tests/reference/make_torch_reference.py

Every input and output is float64.  Each case records the function, its
keyword arguments, the inputs, PyTorch's per-element or reduced values
("expected") and, where the loss is differentiable, the gradient of the
summed loss computed by autograd ("grad").  torchvision has no wheel for
this PyTorch build, so its ``sigmoid_focal_loss`` is reproduced line by line
from torchvision/ops/focal_loss.py (torchvision 0.2x).
"""

import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = Path(__file__).with_name("torch_reference.json")
rng = np.random.default_rng(20260101)


def t(x, grad=False):
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=grad)


def tolist(x):
    return (
        x.detach().numpy().tolist()
        if isinstance(x, torch.Tensor)
        else float(x)
    )


def torchvision_sigmoid_focal_loss(
    inputs, targets, alpha=0.25, gamma=2.0, reduction="none"
):
    """torchvision.ops.sigmoid_focal_loss, verbatim apart from the docstring."""
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(
        inputs, targets, reduction="none"
    )
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss


cases = []


def add(function, inputs, kwargs, expected, grad=None, note=""):
    case = {
        "function": function,
        "kwargs": kwargs,
        "inputs": {k: np.asarray(v).tolist() for k, v in inputs.items()},
        "expected": tolist(expected),
    }
    if grad is not None:
        case["grad"] = tolist(grad)
    if note:
        case["note"] = note
    cases.append(case)


def with_grad(fn, x):
    """Value of fn(x) and the gradient of its sum with respect to x."""
    x = t(x, grad=True)
    value = fn(x)
    value.sum().backward()
    return value, x.grad


# ---------------------------------------------------------------- binary
z_wide = np.concatenate(
    [
        rng.normal(0, 4, 20),
        [-1e4, -200.0, -60.0, -30.0, 0.0, 30.0, 60.0, 200.0, 1e4],
    ]
)
y_hard = rng.integers(0, 2, z_wide.size).astype(float)
y_hard[-9:] = [1, 1, 0, 0, 1, 1, 0, 0, 0]
y_soft = rng.uniform(0, 1, z_wide.size)
for y_name, y in (("hard", y_hard), ("soft", y_soft)):
    for pos_weight in (None, 3.0, 0.5):
        kw = {"pos_weight": pos_weight}
        pw = None if pos_weight is None else t(pos_weight)
        value = F.binary_cross_entropy_with_logits(
            t(z_wide), t(y), pos_weight=pw, reduction="none"
        )
        z_mod = z_wide[:20]
        _, grad = with_grad(
            lambda x, y=y, pw=pw: F.binary_cross_entropy_with_logits(
                x, t(y[:20]), pos_weight=pw, reduction="none"
            ),
            z_mod,
        )
        add(
            "binary_cross_entropy_with_logits",
            {"y_true": y, "logits": z_wide},
            {**kw, "reduction": "none"},
            value,
            note=f"{y_name} targets",
        )
        add(
            "gradients.binary_cross_entropy_with_logits",
            {"y_true": y[:20], "logits": z_mod},
            kw,
            grad,
            note=f"{y_name} targets, autograd",
        )
    for reduction in ("mean", "sum"):
        value = F.binary_cross_entropy_with_logits(
            t(z_wide), t(y), reduction=reduction
        )
        add(
            "binary_cross_entropy_with_logits",
            {"y_true": y, "logits": z_wide},
            {"reduction": reduction},
            value,
        )

# pos_weight per class on (n, 3) multi-label targets
z3 = rng.normal(0, 3, (6, 3))
y3 = rng.integers(0, 2, (6, 3)).astype(float)
value = F.binary_cross_entropy_with_logits(
    t(z3), t(y3), pos_weight=t([1.0, 2.0, 5.0]), reduction="none"
)
add(
    "binary_cross_entropy_with_logits",
    {"y_true": y3, "logits": z3},
    {"pos_weight": [1.0, 2.0, 5.0], "reduction": "none"},
    value,
    note="per-class pos_weight",
)

p = np.concatenate(
    [rng.uniform(0, 1, 12), [0.0, 1.0, 0.0, 1.0, 1e-300, 1 - 1e-16]]
)
y = np.concatenate([rng.integers(0, 2, 12).astype(float), [1, 0, 0, 1, 1, 0]])
add(
    "binary_cross_entropy",
    {"y_true": y, "y_prob": p},
    {"reduction": "none"},
    F.binary_cross_entropy(t(p), t(y), reduction="none"),
    note="log clamped at -100",
)
ys = rng.uniform(0, 1, 12)
add(
    "binary_cross_entropy",
    {"y_true": ys, "y_prob": p[:12]},
    {"reduction": "mean"},
    F.binary_cross_entropy(t(p[:12]), t(ys), reduction="mean"),
    note="soft targets",
)

# ---------------------------------------------------------------- multiclass
n, k = 8, 4
logits = rng.normal(0, 3, (n, k))
labels = rng.integers(0, k, n)
probs = rng.dirichlet(np.ones(k), n)
weight = np.array([0.5, 1.0, 2.0, 4.0])
for target_name, target in (("labels", labels), ("probabilities", probs)):
    target_t = torch.tensor(labels) if target_name == "labels" else t(probs)
    for w in (None, weight):
        for eps in (0.0, 0.1):
            options = {
                "weight": None if w is None else t(w),
                "label_smoothing": eps,
            }
            kw = {
                "class_weight": None if w is None else w.tolist(),
                "label_smoothing": eps,
            }
            for reduction in ("none", "mean", "sum"):
                value = F.cross_entropy(
                    t(logits), target_t, reduction=reduction, **options
                )
                add(
                    "softmax_cross_entropy_with_logits",
                    {"y_true": target, "logits": logits},
                    {**kw, "reduction": reduction},
                    value,
                    note=f"{target_name} targets",
                )
            _, grad = with_grad(
                lambda x, target_t=target_t, options=options: F.cross_entropy(
                    x, target_t, reduction="sum", **options
                ),
                logits,
            )
            add(
                "gradients.softmax_cross_entropy_with_logits",
                {"y_true": target, "logits": logits},
                kw,
                grad,
                note=f"{target_name} targets, autograd",
            )

big = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5e3], [3.0, 3.0, -1e4]])
big_labels = np.array([1, 1, 2])
add(
    "softmax_cross_entropy_with_logits",
    {"y_true": big_labels, "logits": big},
    {"reduction": "none"},
    F.cross_entropy(t(big), torch.tensor(big_labels), reduction="none"),
    note="logits of +-1e4",
)

# ---------------------------------------------------------------- focal
z_focal = np.concatenate([rng.normal(0, 4, 16), [-200.0, -30.0, 30.0, 200.0]])
y_focal = np.concatenate([rng.integers(0, 2, 16).astype(float), [1, 0, 1, 0]])
y_focal_soft = rng.uniform(0, 1, z_focal.size)
for y_name, yf in (("hard", y_focal), ("soft", y_focal_soft)):
    for alpha in (None, 0.25):
        for gamma in (0.0, 0.5, 2.0, 5.0):
            a = -1.0 if alpha is None else alpha
            value = torchvision_sigmoid_focal_loss(
                t(z_focal), t(yf), alpha=a, gamma=gamma
            )
            add(
                "sigmoid_focal_loss",
                {"y_true": yf, "logits": z_focal},
                {"alpha": alpha, "gamma": gamma, "reduction": "none"},
                value,
                note=f"{y_name} targets",
            )
            _, grad = with_grad(
                lambda x, yf=yf, a=a, gamma=gamma: (
                    torchvision_sigmoid_focal_loss(
                        x, t(yf[:16]), alpha=a, gamma=gamma
                    )
                ),
                z_focal[:16],
            )
            add(
                "gradients.sigmoid_focal_loss",
                {"y_true": yf[:16], "logits": z_focal[:16]},
                {"alpha": alpha, "gamma": gamma},
                grad,
                note=f"{y_name} targets, autograd",
            )
value = torchvision_sigmoid_focal_loss(
    t(z_focal), t(y_focal), alpha=0.25, gamma=2.0, reduction="mean"
)
add(
    "sigmoid_focal_loss",
    {"y_true": y_focal, "logits": z_focal},
    {"alpha": 0.25, "gamma": 2.0},
    value,
)

# ---------------------------------------------------------------- regression
y_reg = rng.normal(0, 2, 15)
pred = y_reg + rng.normal(0, 2, 15)
pred[:2] = y_reg[
    :2
]  # zero residuals: the subgradient of |r| at 0 is 0 in torch
for reduction in ("none", "mean", "sum"):
    add(
        "mse",
        {"y_true": y_reg, "y_pred": pred},
        {"reduction": reduction},
        F.mse_loss(t(pred), t(y_reg), reduction=reduction),
    )
    add(
        "mae",
        {"y_true": y_reg, "y_pred": pred},
        {"reduction": reduction},
        F.l1_loss(t(pred), t(y_reg), reduction=reduction),
    )
    for delta in (0.5, 1.0, 2.5):
        add(
            "huber",
            {"y_true": y_reg, "y_pred": pred},
            {"delta": delta, "reduction": reduction},
            F.huber_loss(t(pred), t(y_reg), reduction=reduction, delta=delta),
        )
_, grad = with_grad(lambda x: F.mse_loss(x, t(y_reg), reduction="sum"), pred)
add("gradients.mse", {"y_true": y_reg, "y_pred": pred}, {}, grad)
_, grad = with_grad(lambda x: F.l1_loss(x, t(y_reg), reduction="sum"), pred)
add("gradients.mae", {"y_true": y_reg, "y_pred": pred}, {}, grad)
for delta in (0.5, 1.0, 2.5):
    _, grad = with_grad(
        lambda x, delta=delta: F.huber_loss(
            x, t(y_reg), reduction="sum", delta=delta
        ),
        pred,
    )
    add(
        "gradients.huber",
        {"y_true": y_reg, "y_pred": pred},
        {"delta": delta},
        grad,
    )

header = {
    "generator": "tests/reference/make_torch_reference.py",
    "torch_version": torch.__version__,
    "numpy_version": np.__version__,
    "python_version": sys.version.split()[0],
    "dtype": "float64",
    "focal_loss": (
        "torchvision.ops.sigmoid_focal_loss reproduced in the script"
        " (alpha=-1 for None)"
    ),
}
lines = ",\n".join(json.dumps(case) for case in cases)  # one case per line
OUT.write_text(
    f'{{"header": {json.dumps(header, indent=1)},\n"cases": [\n{lines}\n]}}\n'
)
print(f"wrote {len(cases)} cases to {OUT}")
