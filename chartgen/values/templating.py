"""The safe subset of Helm templating inside values: plain `{{ .Values.a.b }}` look-ups.

Real data-plane values carry template strings in the fields the reference chart passes through
`tpl` — `storage.bucketName: '{{ .Values.global.METADATA_BUCKET }}'`, `storage.region`,
`imageBuilder.defaultRepository`. chartgen resolves look-ups of other values (which may
themselves be look-ups, a few levels deep, with cycles detected) and never evaluates anything
else: any other expression is kept verbatim and reported as a warning, because it would reach
a rendered object unevaluated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from chartgen.findings import Finding, Severity
from chartgen.values.provenance import Path, Provenance, format_path

RULE_TEMPLATE_KEPT = "IB010"
RULE_TEMPLATE_CYCLE = "IB011"
RULE_TEMPLATE_MISSING = "IB012"
RULE_TEMPLATE_NUMBER = "IB013"

MAX_DEPTH = 5

# Values the reference chart passes through `tpl`: every string under these paths.
TEMPLATED_PATHS: tuple[Path, ...] = (
    ("imageBuilder", "defaultRepository"),
    ("storage",),
)

ACTION_PATTERN = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
LOOKUP_PATTERN = re.compile(r"^\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$")


@dataclass
class TemplateResult:
    findings: list[Finding] = field(default_factory=list)
    resolved: dict[Path, str] = field(default_factory=dict)  # path -> original template text


def go_number(value: float) -> str:
    """How Helm prints a number from values: a float64 through Go's `%v`.

    Shortest digits; exponent form when the decimal exponent is below -4 or at least 6, so
    1234567 prints as 1.234567e+06 (the reason account IDs must be quoted).
    """
    from decimal import Decimal

    number = float(value)
    if number == 0:
        return "0"
    _, digit_tuple, exponent = Decimal(repr(abs(number))).normalize().as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple))
    point = len(digits) + exponent  # position of the decimal point within the digits
    x = point - 1
    prefix = "-" if number < 0 else ""
    if x < -4 or x >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{prefix}{mantissa}e{'+' if x >= 0 else '-'}{abs(x):02d}"
    if exponent >= 0:
        return prefix + digits + "0" * exponent
    if point > 0:
        return f"{prefix}{digits[:point]}.{digits[point:]}"
    return f"{prefix}0.{'0' * -point}{digits}"


def _go_string(value: Any) -> str | None:
    """How Go's text/template prints a value from Helm values; None for collections."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return go_number(value)
    if isinstance(value, str):
        return value
    return None


class _Resolver:
    def __init__(self, data: dict[str, Any], provenance: Provenance) -> None:
        self.data = data
        self.provenance = provenance
        self.result = TemplateResult()

    def warn(self, rule: str, path: Path, message: str, hint: str) -> None:
        self.result.findings.append(
            Finding(
                rule,
                Severity.WARNING,
                message,
                format_path(path),
                hint,
                self.provenance.locate(path),
            )
        )

    def error(self, rule: str, path: Path, message: str, hint: str) -> None:
        self.result.findings.append(
            Finding(
                rule, Severity.ERROR, message, format_path(path), hint, self.provenance.locate(path)
            )
        )

    def lookup(self, dotted_path: str) -> tuple[bool, Any]:
        current: Any = self.data
        for part in dotted_path.strip(".").split("."):
            if not isinstance(current, dict) or part not in current:
                return False, None
            current = current[part]
        return True, current

    def render(self, text: str, path: Path, chain: tuple[str, ...]) -> str | None:
        """Resolve every action of `text`; None when some action is not a plain look-up."""
        out: list[str] = []
        position = 0
        for match in ACTION_PATTERN.finditer(text):
            out.append(text[position : match.start()])
            position = match.end()
            expression = match.group(1)
            lookup = LOOKUP_PATTERN.match(expression)
            if not lookup:
                self.warn(
                    RULE_TEMPLATE_KEPT,
                    path,
                    f"template expression {{{{ {expression} }}}} is not evaluated by chartgen and "
                    "is kept verbatim",
                    "Replace it with the literal value (only `{{ .Values.a.b }}` look-ups are "
                    "resolved); Helm would evaluate it, chartgen's output would not.",
                )
                return None
            key = lookup.group(1)
            if key in chain:
                cycle = " -> ".join((*chain, key))
                self.error(
                    RULE_TEMPLATE_CYCLE,
                    path,
                    f"template look-ups form a cycle: {cycle}",
                    "Make one of these values a literal.",
                )
                return None
            if len(chain) >= MAX_DEPTH:
                self.error(
                    RULE_TEMPLATE_CYCLE,
                    path,
                    f"template look-ups nest more than {MAX_DEPTH} levels deep",
                    "Point the value at a literal, not at another look-up.",
                )
                return None
            found, value = self.lookup(key)
            if not found or value is None:
                self.warn(
                    RULE_TEMPLATE_MISSING,
                    path,
                    f"{{{{ .Values{key} }}}} refers to a value that is not set; Helm renders it "
                    "as an empty string",
                    f"Set {key.strip('.')} in your values, or replace the template with the "
                    "literal value.",
                )
                continue
            printed = _go_string(value)
            if printed is None:
                self.warn(
                    RULE_TEMPLATE_KEPT,
                    path,
                    f"{{{{ .Values{key} }}}} refers to a {type(value).__name__}, not a scalar; it "
                    "is kept verbatim",
                    "Point the template at a single value.",
                )
                return None
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and "e" in printed
            ):
                self.warn(
                    RULE_TEMPLATE_NUMBER,
                    path,
                    f"{{{{ .Values{key} }}}} is the number {value}, which Helm prints as "
                    f"{printed}",
                    f"Quote {key.strip('.')} in your values so it stays a string.",
                )
            if "{{" in printed:
                nested = self.render(printed, path, (*chain, key))
                if nested is None:
                    return None
                printed = nested
            out.append(printed)
        out.append(text[position:])
        return "".join(out)

    def walk(self, node: Any, path: Path) -> Iterator[tuple[Path, str]]:
        if isinstance(node, str):
            if "{{" in node:
                yield path, node
        elif isinstance(node, dict):
            for key, value in node.items():
                yield from self.walk(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from self.walk(value, (*path, index))


def _set(data: dict[str, Any], path: Path, value: str) -> None:
    current: Any = data
    for item in path[:-1]:
        current = current[item]
    current[path[-1]] = value


def resolve_templates(data: dict[str, Any], provenance: Provenance) -> TemplateResult:
    """Resolve look-ups in the templated fields of `data`, in place."""
    resolver = _Resolver(data, provenance)
    targets: list[tuple[Path, str]] = []
    for root in TEMPLATED_PATHS:
        node: Any = data
        for item in root:
            node = node.get(item) if isinstance(node, dict) else None
        if node is not None:
            targets.extend(resolver.walk(node, root))
    # Resolve against the values as written, so that results do not depend on walk order.
    for path, text in targets:
        rendered = resolver.render(text, path, ())
        if rendered is not None:
            resolver.result.resolved[path] = text
            _set(data, path, rendered)
    return resolver.result
