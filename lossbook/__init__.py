"""lossbook: the loss functions of the log-loss course book, in plain NumPy.

Every function validates its input in one place (``lossbook._validation``) and
keeps its mathematics short, with the formula in its docstring.
"""

from .activations import log_sigmoid, log_softmax, logit, logsumexp, sigmoid, softmax, softplus
from .binary import binary_cross_entropy, binary_cross_entropy_with_logits
from .metrics import log_loss
from .regression import huber, mae, mse, rmse

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "huber",
    "log_loss",
    "log_sigmoid",
    "log_softmax",
    "logit",
    "logsumexp",
    "mae",
    "mse",
    "rmse",
    "sigmoid",
    "softmax",
    "softplus",
]

__version__ = "0.1.0"
