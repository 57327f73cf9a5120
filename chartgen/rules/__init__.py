"""Cross-field rules: one module per rule under this package.

A rule module declares `ID` (stable, e.g. `IB201`), `NAME` (kebab-case), `SEVERITY`, and
`check(ctx) -> Iterable[Finding]`; its docstring is the rule's documentation (first line: the
summary; the rest: why it matters and how to fix it), printed by `chartgen explain ID`. A rule
the Helm chart repeats declares what its findings say as data too (`MESSAGES`: case →
`findings.Message`). Its `FindingKind` is built from those (`Rule.kind`), so the catalogue,
`explain` and the reports describe it from the module itself. Rules run only on values that
passed the schema, through `RuleContext`, which gives the typed model, the raw merged values
and the helpers to build located findings.

The modules are discovered ahead of time into `chartgen/generated/catalogue.py`
(`python -m chartgen.codegen`): listing the rules imports none of them (nor the typed model and
the BuildKit tables they import), and a rule's module is imported when it first runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from chartgen.findings import NO_MESSAGES, Finding, FindingKind, Location, Severity
from chartgen.kube import KubeVersion, resolve_kube_version
from chartgen.record import field, record
from chartgen.values.provenance import Path, Provenance, format_path, lookup

if TYPE_CHECKING:
    from chartgen.model import Values


@record(frozen=True)
class Rule:
    """A cross-field rule: the kind of finding it emits, and the check that emits it."""

    kind: FindingKind
    module: str  # the module's name in this package (`repository_format`)

    @staticmethod
    def kind_of(module: ModuleType) -> FindingKind:
        """The kind a rule module declares (ID, NAME, SEVERITY, docstring, MESSAGES)."""
        doc = (module.__doc__ or "").strip()
        messages = getattr(module, "MESSAGES", NO_MESSAGES)
        return FindingKind(module.ID, module.NAME, module.SEVERITY, doc, messages)

    @property
    def check(self) -> Callable[[RuleContext], Iterable[Finding]]:
        """The rule's `check(ctx)`; its module is imported on first use."""
        return _check_of(self.module)

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


@record
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


def discover_rule_modules() -> tuple[ModuleType, ...]:
    """Every module in this package not named with a leading underscore, imported: what code
    generation lists (a module without `check(ctx)` is refused)."""
    import pkgutil

    modules = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue  # shared helpers, not rules
        module = _module(info.name)
        if not callable(getattr(module, "check", None)):
            raise ValueError(f"chartgen/rules/{info.name}.py has no check(ctx)")
        modules.append(module)
    return tuple(modules)


def rule_modules() -> tuple[ModuleType, ...]:
    """Every rule module, imported (code generation and the chart's data read them)."""
    return tuple(_module(rule.module) for rule in all_rules())


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


@cache
def _check_of(module: str) -> Callable[[RuleContext], Iterable[Finding]]:
    check: Callable[[RuleContext], Iterable[Finding]] = _module(module).check
    return check


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, ordered by ID, from the generated catalogue (which refuses an ID declared
    twice)."""
    from chartgen.catalogue import kind_by_id
    from chartgen.generated.catalogue import RULE_MODULES

    return tuple(Rule(kind_by_id(rule_id), module) for rule_id, module in RULE_MODULES)


def get_rule(rule_id: str) -> Rule:
    """The rule with this ID or name (KeyError when there is none)."""
    return _rules_by_id_or_name()[rule_id]


@cache
def _rules_by_id_or_name() -> dict[str, Rule]:
    # Every finding a rule builds looks its rule up here. In ID order, first one wins: the
    # answer a search through the rules would give.
    table: dict[str, Rule] = {}
    for rule in all_rules():
        table.setdefault(rule.id, rule)
        table.setdefault(rule.name, rule)
    return table


def run_rules(ctx: RuleContext) -> list[Finding]:
    findings: list[Finding] = []
    for rule in all_rules():
        findings.extend(rule.check(ctx))
    return findings
