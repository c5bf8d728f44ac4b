"""lossbook's benchmark (``make bench``): run as ``python -m benchmarks.bench``."""
