"""Cross-field rules: one module per rule, discovered by name.

A rule module declares `ID` (stable, e.g. `IB201`), `NAME` (kebab-case), `SEVERITY`, and
`check(ctx) -> Iterable[Finding]`; its docstring is the rule's documentation (first line: the
summary; the rest: why it matters and how to fix it), printed by `chartgen explain ID`.
Rules run only on values that passed the schema, through `RuleContext`, which gives the typed
model, the raw merged values and the helpers to build located findings.

The modules are discovered ahead of time into `chartgen/generated/rule_index.py`
(`python -m chartgen.codegen`): listing the rules imports none of them, and a rule's module is
imported when it first runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from chartgen.findings import Finding, Location, Severity
from chartgen.kube import KubeVersion, resolve_kube_version
from chartgen.values.provenance import Path, Provenance, format_path, lookup

if TYPE_CHECKING:
    from chartgen.model import Values


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    doc: str
    module: str

    @property
    def check(self) -> Callable[[RuleContext], Iterable[Finding]]:
        """The rule's `check(ctx)`; its module is imported on first use."""
        return _check_of(self.module)

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name


@dataclass
class RuleContext:
    """What a rule sees: typed values, raw values, origins, and the Kubernetes version the
    objects are for (`--kube-version`, else chartgen's default)."""

    values: Values
    data: dict[str, Any]
    provenance: Provenance
    templated: dict[tuple[Any, ...], Any]
    kube_version: KubeVersion = field(default_factory=lambda: resolve_kube_version(None))

    def value(self, path: Path, default: Any = None) -> Any:
        return lookup(self.data, path, default)

    def is_set(self, path: Path) -> bool:
        """Whether the user wrote this value (rather than it being a chart default)."""
        sentinel = object()
        return lookup(self.data, path, sentinel) is not sentinel and not self.provenance.is_default(
            path
        )

    def locate(self, path: Path) -> Location | None:
        return self.provenance.locate(path)

    def finding(
        self,
        rule: Rule | str,
        path: Path,
        message: str,
        hint: str,
        severity: Severity | None = None,
    ) -> Finding:
        rule_obj = rule if isinstance(rule, Rule) else get_rule(rule)
        return Finding(
            rule_obj.id,
            severity or rule_obj.severity,
            message,
            format_path(path),
            hint,
            self.locate(path),
        )


@cache
def _check_of(module: str) -> Callable[[RuleContext], Iterable[Finding]]:
    check: Callable[[RuleContext], Iterable[Finding]] = importlib.import_module(
        f"{__name__}.{module}"
    ).check
    return check


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule module in this package, ordered by ID (chartgen/generated/rule_index.py)."""
    from chartgen.generated.rule_index import RULES

    return tuple(
        Rule(rule_id, name, Severity(severity), doc, module)
        for rule_id, name, severity, doc, module in RULES
    )


def get_rule(rule_id: str) -> Rule:
    for rule in all_rules():
        if rule.id == rule_id or rule.name == rule_id:
            return rule
    raise KeyError(rule_id)


def run_rules(ctx: RuleContext) -> list[Finding]:
    findings: list[Finding] = []
    for rule in all_rules():
        findings.extend(rule.check(ctx))
    return findings
