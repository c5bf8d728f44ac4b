"""lossbook: the loss functions of the log-loss course book, in plain NumPy.

Every function validates its input in one place (``lossbook._validation``) and
keeps its mathematics short, with the formula in its docstring.  The modules
``lossbook.gradients`` (analytic gradients, named after the losses),
``lossbook.datasets`` (seeded toy data) and ``lossbook.evaluation``
(intervals, paired differences, ranking summaries and many fits at once, for
the experiments) are used through their module names.
"""

from __future__ import annotations

from . import datasets, evaluation, gradients
from .activations import (
    log_sigmoid,
    log_softmax,
    logit,
    logsumexp,
    sigmoid,
    softmax,
    softplus,
)
from .binary import binary_cross_entropy, binary_cross_entropy_with_logits
from .calibration import (
    brier_score,
    calibration_curve,
    expected_calibration_error,
)
from .focal import sigmoid_focal_loss
from .gradients import numerical_gradient
from .information import cross_entropy, entropy, kl_divergence
from .metrics import log_loss
from .models import LogisticRegression, SoftmaxRegression
from .multiclass import (
    categorical_cross_entropy,
    softmax_cross_entropy_with_logits,
)
from .regression import huber, mae, mse, rmse
from .smoothing import smooth_labels

__all__ = [
    "LogisticRegression",
    "SoftmaxRegression",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "brier_score",
    "calibration_curve",
    "categorical_cross_entropy",
    "cross_entropy",
    "datasets",
    "entropy",
    "evaluation",
    "expected_calibration_error",
    "gradients",
    "huber",
    "kl_divergence",
    "log_loss",
    "log_sigmoid",
    "log_softmax",
    "logit",
    "logsumexp",
    "mae",
    "mse",
    "numerical_gradient",
    "rmse",
    "sigmoid",
    "sigmoid_focal_loss",
    "smooth_labels",
    "softmax",
    "softmax_cross_entropy_with_logits",
    "softplus",
]

__version__ = "0.2.0"
