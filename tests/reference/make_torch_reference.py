"""Generate torch_reference.json: PyTorch's values for lossbook's loss functions.

PyTorch is not a dependency of the book; this script runs once, in a
throwaway environment, and the JSON it writes is committed:

    python3 -m venv /tmp/torchenv
    /tmp/torchenv/bin/pip install torch==2.13.0 numpy==2.4.6
    /tmp/torchenv/bin/python tests/reference/make_torch_reference.py

Every input and output is float64.  Each case records the function, its
keyword arguments, the inputs, PyTorch's per-element or reduced values
("expected") and, where the loss is differentiable, the gradient of the
summed loss computed by autograd ("grad").  torchvision has no wheel for
this PyTorch build, so its ``sigmoid_focal_loss`` is reproduced line by line
from torchvision/ops/focal_loss.py (torchvision 0.2x).

Masked logits are -inf, written as ``-Infinity`` (and NaN as ``NaN``), which
Python's ``json`` reads.  A case where lossbook deliberately differs from
PyTorch (PyTorch's NaN from 0 * -inf, or from a mean over no sample) says why
in "differs"; where lossbook returns the limit instead, "limit" holds
PyTorch's value with each -inf replaced by -1e4 (whose exp is exactly 0), and
otherwise lossbook raises.  New cases are appended at the end and draw from
their own generator, so the earlier cases stay as they were.
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


def add(function, inputs, kwargs, expected, grad=None, note="", differs=None):
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
    if differs is not None:
        reason, limit = differs
        case["differs"] = reason
        if limit is not None:
            case["limit"] = tolist(limit)
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

# ---------------------------------------------------------------- ignore_index
# (cases added for lossbook 0.2; their own generator keeps the cases above)
rng2 = np.random.default_rng(20260111)
MASKED = -1e4  # a finite stand-in for -inf: exp(-1e4 - m) is exactly 0


def finite(x):
    """x with every -inf replaced by MASKED (PyTorch's limit as z -> -inf)."""
    return np.where(np.isneginf(x), MASKED, x)


def cross_entropy_case(target, logits, kw, options, note, grad=True):
    """Every reduction of F.cross_entropy, and the autograd gradient."""
    target_t = torch.tensor(target) if np.ndim(target) == 1 else t(target)
    for reduction in ("none", "mean", "sum"):
        add(
            "softmax_cross_entropy_with_logits",
            {"y_true": target, "logits": logits},
            {**kw, "reduction": reduction},
            F.cross_entropy(
                t(logits), target_t, reduction=reduction, **options
            ),
            note=note,
        )
    if grad:
        _, g = with_grad(
            lambda x: F.cross_entropy(x, target_t, reduction="sum", **options),
            logits,
        )
        add(
            "gradients.softmax_cross_entropy_with_logits",
            {"y_true": target, "logits": logits},
            kw,
            g,
            note=f"{note}, autograd",
        )


n, k = 10, 4
logits_ii = rng2.normal(0, 3, (n, k))
labels_ii = rng2.integers(0, k, n)
labels_ii[[1, 4, 5, 8]] = -100
weight_ii = np.array([0.5, 1.0, 2.0, 4.0])
for w in (None, weight_ii):
    for eps in (0.0, 0.1):
        cross_entropy_case(
            labels_ii,
            logits_ii,
            {
                "class_weight": None if w is None else w.tolist(),
                "label_smoothing": eps,
                "ignore_index": -100,
            },
            {
                "weight": None if w is None else t(w),
                "label_smoothing": eps,
                "ignore_index": -100,
            },
            "ignore_index -100",
        )
labels_in_range = rng2.integers(0, k, n)
cross_entropy_case(
    labels_in_range,
    logits_ii,
    {"class_weight": weight_ii.tolist(), "ignore_index": 1},
    {"weight": t(weight_ii), "ignore_index": 1},
    "ignore_index of a class",
)

# ---------------------------------------------------------------- -inf logits
z_masked = rng2.normal(0, 3, (6, 4))
z_masked[[0, 1, 2, 3], [1, 3, 0, 2]] = -np.inf
z_masked[4, [0, 1, 3]] = -np.inf  # one class left
y_masked = np.array([0, 2, 1, 3, 2, 1])  # no target masked
w_masked = np.array([1.0, 2.0, 0.5, 3.0])
for w in (None, w_masked):
    cross_entropy_case(
        y_masked,
        z_masked,
        {"class_weight": None if w is None else w.tolist()},
        {"weight": None if w is None else t(w)},
        "masked logits",
    )
# label smoothing puts eps/K on each masked class: the loss is +inf
cross_entropy_case(
    y_masked,
    z_masked,
    {"label_smoothing": 0.1},
    {"label_smoothing": 0.1},
    "masked logits, smoothing",
)
# the target's own logit masked: +inf
cross_entropy_case(
    np.array([1, 2, 0, 3, 2, 1]),
    z_masked,
    {},
    {},
    "masked target logit",
)
# ignored samples with masked logits, one of them masked throughout (its
# loss is 0 in PyTorch; its autograd gradient is NaN, so no gradient here)
z_ignored = z_masked.copy()
z_ignored[5] = -np.inf
y_ignored = np.array([0, -100, 1, 3, 2, -100])
for eps in (0.0, 0.1):
    cross_entropy_case(
        y_ignored,
        z_ignored,
        {"label_smoothing": eps, "ignore_index": -100},
        {"label_smoothing": eps, "ignore_index": -100},
        "ignore_index, masked logits",
        grad=False,
    )

# Deliberate differences: PyTorch's 0 * -inf = NaN where lossbook takes
# 0 log 0 = 0 (the limit; only rows where every masked class has a zero
# coefficient, so that the limit is finite), and NaN that lossbook refuses.
differing = [
    (
        "probability targets, masked logits",
        (np.eye(4)[y_masked] * 0.8 + 0.2 * np.eye(4)[[2, 0, 3, 1, 2, 3]])[:4],
        z_masked[:4],
        {},
        "0 log 0 = 0 where a masked class has target probability 0",
    ),
    (
        "masked logits, smoothing, zero class weight",
        y_masked[:2],
        z_masked[:2],  # classes 1 and 3 masked, both of weight 0
        {"class_weight": [1.0, 0.0, 1.0, 0.0], "label_smoothing": 0.1},
        "0 log 0 = 0 where a masked class has class weight 0",
    ),
]
for note, target, z, kw, reason in differing:
    target_t = torch.tensor(target) if target.ndim == 1 else t(target)
    options = {
        "weight": None if "class_weight" not in kw else t(kw["class_weight"]),
        "label_smoothing": kw.get("label_smoothing", 0.0),
    }
    limit = F.cross_entropy(
        t(finite(z)), target_t, reduction="none", **options
    )
    add(
        "softmax_cross_entropy_with_logits",
        {"y_true": target, "logits": z},
        {**kw, "reduction": "none"},
        F.cross_entropy(t(z), target_t, reduction="none", **options),
        note=note,
        differs=(reason, limit),
    )
add(
    "softmax_cross_entropy_with_logits",
    {"y_true": [0, 1], "logits": [[0.0, 1.0], [-np.inf, -np.inf]]},
    {"reduction": "none"},
    F.cross_entropy(
        t([[0.0, 1.0], [-np.inf, -np.inf]]),
        torch.tensor([0, 1]),
        reduction="none",
    ),
    note="a kept sample masked throughout",
    differs=("lossbook raises: the softmax is 0/0", None),
)
add(
    "softmax_cross_entropy_with_logits",
    {"y_true": [-100, -100], "logits": logits_ii[:2]},
    {"ignore_index": -100, "reduction": "mean"},
    F.cross_entropy(
        t(logits_ii[:2]), torch.tensor([-100, -100]), ignore_index=-100
    ),
    note="every label ignored",
    differs=("lossbook raises: a mean over no sample", None),
)

# ---------------------------------------------------------------- KL
# F.kl_div(input = log q, target = p or log p).sum(-1) = KL(p || q)
p_kl = rng2.dirichlet(np.ones(5), 8)
q_kl = rng2.dirichlet(np.ones(5), 8)
p_kl[0, [1, 3]] = 0.0  # zeros in p: 0 log 0 = 0
p_kl[0] /= p_kl[0].sum()
q_kl[1, 2] = 0.0  # q = 0 where p > 0: +inf
q_kl[1] /= q_kl[1].sum()
with np.errstate(divide="ignore"):
    log_p_kl, log_q_kl = np.log(p_kl), np.log(q_kl)
add(
    "kl_divergence",
    {"p": p_kl, "q": log_q_kl},
    {"log_input": True},
    F.kl_div(t(log_q_kl), t(p_kl), reduction="none").sum(-1),
    note="probabilities p, log q",
)
rows = slice(1, None)  # no zero in p: with log_target, 0 * -inf is NaN
add(
    "kl_divergence",
    {"p": log_p_kl[rows], "q": log_q_kl[rows]},
    {"log_target": True, "log_input": True},
    F.kl_div(
        t(log_q_kl[rows]), t(log_p_kl[rows]), log_target=True, reduction="none"
    ).sum(-1),
    note="log p, log q",
)
add(
    "kl_divergence",
    {"p": log_p_kl[:1], "q": log_q_kl[:1]},
    {"log_target": True, "log_input": True},
    F.kl_div(
        t(log_q_kl[:1]), t(log_p_kl[:1]), log_target=True, reduction="none"
    ).sum(-1),
    note="log p with zeros, log q",
    differs=(
        "0 log 0 = 0 where log p = -inf",
        F.kl_div(
            t(log_q_kl[:1]),
            t(finite(log_p_kl[:1])),
            log_target=True,
            reduction="none",
        ).sum(-1),
    ),
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
