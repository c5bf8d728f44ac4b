"""The syllabus's worked numbers, read from ``syllabus.yml`` at the top of the
repository: each as the source documents print it, with its decimals."""

from decimal import Decimal

import yaml

from tools.toc import ROOT

ENTRIES = yaml.safe_load((ROOT / "syllabus.yml").read_text(encoding="utf-8"))


def value(key):
    """The number as the syllabus states it."""
    return float(ENTRIES[key]["value"])


def decimals(key):
    """How many decimals the syllabus prints for it."""
    return max(0, -Decimal(ENTRIES[key]["value"]).as_tuple().exponent)


def matches(key, number):
    """``number`` rounded to the syllabus's decimals is the syllabus's value."""
    return round(float(number), decimals(key)) == value(key)
