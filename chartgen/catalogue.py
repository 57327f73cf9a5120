"""The catalogue: every kind of finding chartgen emits, gathered from the modules that own them.

A module that emits findings declares each kind it emits as a `FindingKind` next to the code
that emits it (a cross-field rule's kind is built from its module); this module only lists the
owners, statically, and reads their declarations. `chartgen explain`, `chartgen docs` and the
report formats that describe rules (SARIF, GitHub annotations, JUnit) all read it, so a finding
is described the same way everywhere and an ID is declared exactly once.

Collecting the declarations imports every owner (the rules import the typed model), so it runs
ahead of time: `python -m chartgen.codegen` writes them into `chartgen/generated/catalogue.py`,
which `explain`, `docs` and the reports read without importing any owner
(tests/test_generated.py fails while it is stale).
"""

from __future__ import annotations

from functools import cache

from chartgen.findings import FindingKind, Severity


def declared_kinds() -> tuple[FindingKind, ...]:
    """Every finding kind as its owner declares it, ordered by ID: what code generation writes
    into `chartgen/generated/catalogue.py`. Declaring an ID twice is a chartgen bug."""
    # The owners, one import each: a module that starts to emit findings is added here.
    from chartgen import chart, clouds, conform, diff, doctor, names, render, schema_findings
    from chartgen.commands import common as commands
    from chartgen.iam import KINDS as IAM_KINDS
    from chartgen.rule_control import KINDS as RULE_CONTROL_KINDS
    from chartgen.rules import Rule, discover_rule_modules
    from chartgen.values import decoding, limits, loader, templating, yaml_source

    kinds = [
        *yaml_source.KINDS,
        *decoding.KINDS,
        *limits.KINDS,
        *loader.KINDS,
        *templating.KINDS,
        *RULE_CONTROL_KINDS,
        *schema_findings.KINDS,
        *(Rule.kind_of(module) for module in discover_rule_modules()),
        *commands.KINDS,
        *conform.KINDS,
        *render.KINDS,
        *names.KINDS,
        *IAM_KINDS,
        *(kind for cloud in clouds.CLOUDS for kind in cloud.KINDS),
        *chart.KINDS,
        *diff.KINDS,
        *doctor.KINDS,
    ]
    ids = [kind.id for kind in kinds]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RuntimeError(f"finding IDs declared twice: {duplicates}")
    return tuple(sorted(kinds, key=lambda kind: kind.id))


def all_kinds() -> tuple[FindingKind, ...]:
    """Every finding kind, ordered by ID, from the generated catalogue (no owner imported)."""
    from chartgen.generated.catalogue import KINDS

    return KINDS


@cache
def fixed_kinds() -> dict[str, str]:
    """The kinds rule control (`chartgen.rule_control`) may not switch off or soften, by ID,
    with the reason a user is told (`FindingKind.fixed`, declared by each kind's owner: the
    loading, `tpl` and schema errors, the unreadable inputs of diff, doctor and `--audit`, the
    manifest validator's failures, `chart --check`'s verdict)."""
    return {kind.id: kind.fixed for kind in all_kinds() if kind.fixed}


@cache
def rule_ids() -> frozenset[str]:
    """The IDs of the cross-field rules: every values check runs them all (once the values
    pass the schema), whatever the command."""
    from chartgen.generated.catalogue import RULE_MODULES

    return frozenset(rule_id for rule_id, _ in RULE_MODULES)


def kind_by_id(kind_id: str) -> FindingKind:
    """The declared kind with this exact ID (KeyError when nobody declares it)."""
    return _by_id()[kind_id]


def find_kind(text: str) -> FindingKind | None:
    """The kind named by an ID (`IB201`, any case) or a name (`repository-format`), or None."""
    wanted = text.strip()
    by_id = _by_id().get(wanted.upper())
    if by_id is not None:
        return by_id
    return next((kind for kind in all_kinds() if kind.name == wanted), None)


@cache
def _by_id() -> dict[str, FindingKind]:
    return {kind.id: kind for kind in all_kinds()}


def describe(kind_id: str, severity: Severity = Severity.ERROR) -> FindingKind:
    """The kind behind an ID a finding carries; an ID nobody declares gets a generic entry
    (reports describe every finding they print, never fail on one)."""
    known = _by_id().get(kind_id)
    if known is not None:
        return known
    return FindingKind(
        kind_id,
        kind_id,
        severity,
        f"chartgen finding {kind_id}.\n\nRun `chartgen explain {kind_id}` for details.",
    )
