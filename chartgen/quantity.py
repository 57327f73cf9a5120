"""Kubernetes resource quantities as exact numbers: `1000m` is `1`, `4Gi` is `4096Mi`.

The grammar is apimachinery's `resource.Quantity` (k8s.io/apimachinery/pkg/api/resource):

    quantity        ::= signedNumber suffix
    signedNumber    ::= number | +number | -number
    number          ::= digits | digits.digits | digits. | .digits
    suffix          ::= binarySI | decimalExponent | decimalSI
    binarySI        ::= Ki | Mi | Gi | Ti | Pi | Ei
    decimalSI       ::= m | "" | k | M | G | T | P | E
    decimalExponent ::= e signedNumber | E signedNumber   (an integer exponent)

Values are parsed into `Fraction`s, so comparison is exact at any scale. `diff` compares the
quantities of two objects with it (the API server rewrites `4096Mi` as `4Gi`), and `doctor`
adds up requests and node capacities. A YAML number (`cpu: 4`, `cpu: 0.5`) is a quantity too.

Digits are bounded (ASCII only, at most 40 in the mantissa and 3 in the exponent): no real
quantity comes near, and an unbounded exponent would let `1e999999999` allocate without limit.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}

_QUANTITY = re.compile(
    r"(?P<sign>[+-]?)(?P<number>[0-9]{1,40}(?:\.[0-9]{0,40})?|\.[0-9]{1,40})"
    r"(?:(?P<binary>Ki|Mi|Gi|Ti|Pi|Ei)|[eE](?P<exponent>[+-]?[0-9]{1,3})|(?P<decimal>[mkMGTPE]?))"
)


def parse_quantity(value: object) -> Fraction | None:
    """The exact value of a quantity (a string like `250m`, or a YAML number); None if it is
    not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return Fraction(repr(value)) if abs(value) < 1e40 else None
    if not isinstance(value, str):
        return None
    match = _QUANTITY.fullmatch(value.strip())
    if match is None:
        return None
    number = Fraction(match["number"] if not match["number"].endswith(".")
                      else match["number"][:-1])
    if match["sign"] == "-":
        number = -number
    if match["binary"]:
        return number * Fraction(1024) ** _BINARY[match["binary"]]
    if match["exponent"] is not None:
        return number * Fraction(10) ** int(match["exponent"])
    return number * Fraction(10) ** _DECIMAL[match["decimal"] or ""]


def round_up_milli(value: Fraction) -> Fraction:
    """What the API server stores for a resource request or limit: rounded up to a thousandth
    (`SetDefaults_ResourceList` in pkg/apis/core/v1/defaults.go rounds to milli scale)."""
    return Fraction(math.ceil(value * 1000), 1000)


def same_quantity(left: object, right: object, *, resource: bool = False) -> bool:
    """Whether two quantities are equal as numbers; `resource` compares them as the API server
    stores container requests and limits (rounded up to milli)."""
    a, b = parse_quantity(left), parse_quantity(right)
    if a is None or b is None:
        return False
    if resource:
        return round_up_milli(a) == round_up_milli(b)
    return a == b


def describe(value: Fraction, *, binary: bool) -> str:
    """A short human form: `3.5Gi`, `1930m`, `4`. For messages only; not a canonical form."""
    if binary:
        for suffix, power in sorted(_BINARY.items(), key=lambda item: -item[1]):
            unit = Fraction(1024) ** power
            if abs(value) >= unit:
                shown = value / unit
                text = f"{float(shown):.1f}".rstrip("0").rstrip(".")
                return f"{text}{suffix}"
        return str(math.ceil(value))
    if value.denominator != 1:
        return f"{math.ceil(value * 1000)}m"
    return str(value.numerator)
