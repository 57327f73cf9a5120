"""go-yaml v2's scalar rules: what Helm makes of a plain (unquoted, untagged) YAML scalar.

Helm decodes values with `sigs.k8s.io/yaml`, which is go-yaml v2 (YAML 1.1 scalars) followed by
JSON: `enabled: yes` is `true`, `017` is 15 (octal), `0x1F` is 31, `1.0` is the number 1 (every
number is a float64 to Helm, and whole ones print without a fraction), `.inf` cannot become JSON,
and map keys are strings. `resolve_plain_scalar` applies those rules to one scalar's text;
`values/yaml_source.py` calls it for every plain scalar it builds.
"""

from __future__ import annotations

import math
import re
from typing import Any

# go-yaml v2's YAML 1.1 booleans, including the one-letter forms.
_TRUE = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_FALSE = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
NULLS = {"", "~", "null", "Null", "NULL"}
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_INF_NAN = {
    ".inf",
    ".Inf",
    ".INF",
    "+.inf",
    "+.Inf",
    "+.INF",
    "-.inf",
    "-.Inf",
    "-.INF",
    ".nan",
    ".NaN",
    ".NAN",
}


def normalize_number(value: float) -> int | float:
    """Helm holds every number as a float64 and prints integral ones without a fraction."""
    if value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def parse_go_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64) and ParseUint fallback, as go-yaml v2 applies them."""
    sign = 1
    body = text
    if body[:1] in "+-":
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    if not body or body[0] in "+-":
        return None
    lowered = body.lower()
    try:
        if lowered.startswith("0x"):
            value = int(body[2:], 16)
        elif lowered.startswith("0o"):
            value = int(body[2:], 8)
        elif lowered.startswith("0b"):
            value = int(body[2:], 2)
        elif len(body) > 1 and body[0] == "0":
            value = int(body[1:], 8)
        else:
            if not body.isdigit():
                return None
            value = int(body, 10)
    except ValueError:
        return None
    value *= sign
    if -(2**63) <= value < 2**64:
        return value
    return None


def resolve_plain_scalar(text: str) -> Any:
    """The value of an untagged, unquoted scalar under go-yaml v2's rules."""
    if text in NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text[:1] and text[0] in "+-.0123456789":
        if text in _INF_NAN:
            raise ValueError(
                f"{text!r} is infinity or NaN, which Helm cannot represent (values become JSON)"
            )
        plain = text.replace("_", "")
        as_int = parse_go_int(plain)
        if as_int is not None:
            if abs(as_int) >= 2**53:
                # float64 in Helm; keep the exact integer, which prints the same for sane values.
                return as_int
            return as_int
        if _FLOAT.match(plain):
            number = float(plain)
            if math.isinf(number):
                return text  # out of range: go-yaml keeps it as a string
            return normalize_number(number)
    return text


def key_string(value: Any) -> str:
    """sigs.k8s.io/yaml turns non-string map keys into their JSON text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return repr(value)
    return str(value)
