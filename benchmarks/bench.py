"""Speed, memory and accuracy of lossbook's log losses (``make bench``).

Run from the repository's root as ``python -m benchmarks.bench``.

Times, on one core, binary inputs of 10^3 to 10^7 samples:
lossbook.binary_cross_entropy_with_logits, lossbook.log_loss, the naive
textbook formula in NumPy, and sklearn.metrics.log_loss. Records the peak
extra memory of each at 10^6 samples, measures accuracy against the exact
reference of :mod:`lossbook.reference` (mpmath), prints a table, checks the
targets, and writes ``book/data/benchmark.json`` (read by the Numerics
appendix) and ``benchmarks/speed.png``.
"""

import json
import os
import platform
import sys
import timeit
import tracemalloc
from pathlib import Path

import numpy as np

import lossbook
from lossbook.reference import max_ulp_error

from .accuracy import FORMS, grid

HERE = Path(__file__).resolve().parent

RESULTS = HERE.parent / "book" / "data" / "benchmark.json"
SIZES = [10**k for k in range(3, 8)]
TARGET_N = 10**6


def candidates(n, seed=0):
    """The four computations of one mean binary log loss, on the same data."""
    from sklearn.metrics import log_loss as sklearn_log_loss

    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, 3.0, n)
    labels = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(np.int64)
    y = labels.astype(np.float64)
    p = lossbook.sigmoid(z)
    return {
        "naive numpy": lambda: float(np.mean(FORMS["naive"](y, z))),
        "lossbook.binary_cross_entropy_with_logits": lambda: (
            lossbook.binary_cross_entropy_with_logits(y, z)
        ),
        "lossbook.log_loss": lambda: lossbook.log_loss(labels, p),
        "sklearn.metrics.log_loss": lambda: sklearn_log_loss(labels, p),
    }


def seconds(f, budget=1.0):
    """Best time of one call, repeated within about ``budget`` seconds."""
    once = timeit.timeit(f, number=1)
    number = max(1, int(budget / 5 / max(once, 1e-9)))
    return min(timeit.repeat(f, number=number, repeat=5)) / number


def peak_arrays(f, n):
    """Peak memory a call allocates, in float64 arrays of n elements."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    f()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / (8 * n)


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "system": platform.system(),
    }


def main():
    times = {}
    for n in SIZES:
        for name, f in candidates(n).items():
            times.setdefault(name, []).append(seconds(f))
        print(f"timed n = {n:>8}", flush=True)
    at = SIZES.index(TARGET_N)
    funcs = candidates(TARGET_N)
    values = {name: f() for name, f in funcs.items()}
    memory = {name: peak_arrays(f, TARGET_N) for name, f in funcs.items()}
    y, z = grid(701)
    accuracy = {
        f"{form} {np.dtype(dtype).name}": max_ulp_error(
            FORMS[form], y, z, dtype
        )
        for form in FORMS
        for dtype in (np.float64, np.float32)
    }
    ratio_logits = (
        times["lossbook.binary_cross_entropy_with_logits"][at]
        / times["naive numpy"][at]
    )
    ratio_sklearn = (
        times["sklearn.metrics.log_loss"][at] / times["lossbook.log_loss"][at]
    )
    worst_memory = max(
        memory["lossbook.binary_cross_entropy_with_logits"],
        memory["lossbook.log_loss"],
    )
    targets = {
        "bce_with_logits / naive <= 1.5": [ratio_logits, ratio_logits <= 1.5],
        "sklearn / lossbook.log_loss >= 5": [
            ratio_sklearn,
            ratio_sklearn >= 5,
        ],
        "log_loss equals sklearn": [
            abs(
                values["lossbook.log_loss"]
                - values["sklearn.metrics.log_loss"]
            ),
            bool(
                np.isclose(
                    values["lossbook.log_loss"],
                    values["sklearn.metrics.log_loss"],
                    rtol=1e-12,
                )
            ),
        ],
        # a few hundred bytes of Python objects on top of the arrays do not count
        "peak memory <= 4 arrays (lossbook)": [
            worst_memory,
            round(worst_memory, 2) <= 4,
        ],
        "lossbook <= 4 ulp (float64 and float32)": [
            max(accuracy["lossbook float64"], accuracy["lossbook float32"]),
            max(accuracy["lossbook float64"], accuracy["lossbook float32"])
            <= 4,
        ],
    }
    report = {
        "machine": machine(),
        "sizes": SIZES,
        "seconds": times,
        "peak_arrays_at_1e6": memory,
        "max_ulp_error_over_logits_-700_to_700": accuracy,
        "targets": targets,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
    print_report(report)
    plot(report, HERE / "speed.png")
    return 0 if all(ok for _, ok in targets.values()) else 1


def print_report(report):
    sizes = report["sizes"]
    print(f"\nmachine: {report['machine']}")
    print("\nseconds per call" + "".join(f"{n:>12.0e}" for n in sizes))
    for name, row in report["seconds"].items():
        print(f"{name:<45}" + "".join(f"{t:>12.2e}" for t in row))
    print("\npeak extra memory at n = 1e6, in float64 arrays of n elements")
    for name, arrays in report["peak_arrays_at_1e6"].items():
        print(f"{name:<45}{arrays:>8.2f}")
    print("\nmax error in ulp over logits -700..700, both labels")
    for name, err in report["max_ulp_error_over_logits_-700_to_700"].items():
        print(f"{name:<45}{err:>12.3g}")
    print("\ntargets")
    for name, (value, ok) in report["targets"].items():
        print(f"{'met   ' if ok else 'MISSED'} {name:<45} {value:.4g}")


def plot(report, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for name, row in report["seconds"].items():
        ax.loglog(report["sizes"], row, marker="o", label=name)
    ax.set_xlabel("samples")
    ax.set_ylabel("seconds per call")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)


if __name__ == "__main__":
    sys.exit(main())
