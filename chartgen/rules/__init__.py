"""Cross-field rules: one module per rule, listed in `_all.py`.

A rule module declares `ID` (stable, e.g. `IB201`), `NAME` (kebab-case), `SEVERITY`, and
`check(ctx) -> Iterable[Finding]`; its docstring is the rule's documentation (first line: the
summary; the rest: why it matters and how to fix it), printed by `chartgen explain ID`. A rule
the Helm chart repeats declares what its findings say as data too (`MESSAGES`: case →
`findings.Message`). Its `FindingKind` is built from those (`Rule.kind`), so the catalogue,
`explain` and the reports describe it from the module itself. Rules run only on values that
passed the schema, through `RuleContext`, which gives the typed model, the raw merged values
and the helpers to build located findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any

from chartgen.findings import NO_MESSAGES, Finding, FindingKind, Location, Severity
from chartgen.kube import KubeVersion, resolve_kube_version
from chartgen.model import Values
from chartgen.values.provenance import Path, Provenance, format_path, lookup


@dataclass(frozen=True)
class Rule:
    """A cross-field rule: the kind of finding it emits, and the check that emits it."""

    kind: FindingKind
    check: Callable[[RuleContext], Iterable[Finding]]
    module: str  # the module's name in this package (`repository_format`)

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        doc = (module.__doc__ or "").strip()
        messages = getattr(module, "MESSAGES", NO_MESSAGES)
        kind = FindingKind(module.ID, module.NAME, module.SEVERITY, doc, messages)
        return cls(kind, module.check, module.__name__.rpartition(".")[2])

    @property
    def id(self) -> str:
        return self.kind.id

    @property
    def name(self) -> str:
        return self.kind.name

    @property
    def severity(self) -> Severity:
        return self.kind.severity

    @property
    def doc(self) -> str:
        return self.kind.doc

    @property
    def summary(self) -> str:
        return self.kind.summary


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


def rule_modules() -> tuple[ModuleType, ...]:
    """Every rule module: the modules `chartgen/rules/_all.py` imports.

    Imported when asked for, not with the package: each rule module imports this package for
    `RuleContext`, and the rules import the typed model, which `--help` must not pay for.
    """
    from chartgen.rules import _all

    return tuple(
        value
        for value in vars(_all).values()
        if isinstance(value, ModuleType) and value.__name__.startswith("chartgen.rules.")
    )


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, ordered by ID (the catalogue refuses an ID declared twice)."""
    return tuple(sorted((Rule.from_module(m) for m in rule_modules()), key=lambda r: r.id))


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
