"""The catalogue: every kind of finding chartgen emits, gathered from the modules that own them.

A module that emits findings declares each kind it emits as a `FindingKind` next to the code
that emits it (a cross-field rule's kind is built from its module); this module only lists the
owners, statically, and reads their declarations. `chartgen explain`, `chartgen docs` and the
report formats that describe rules (SARIF, GitHub annotations, JUnit) all read it, so a finding
is described the same way everywhere and an ID is declared exactly once.

Collecting the catalogue imports the rules, which import the typed model (pydantic): callers
ask for it only when they describe a finding, which keeps the text reporter and
`chartgen --help` free of it.
"""

from __future__ import annotations

from functools import cache

from chartgen.findings import FindingKind, Severity


@cache
def all_kinds() -> tuple[FindingKind, ...]:
    """Every finding kind, ordered by ID. Declaring an ID twice is a chartgen bug."""
    # The owners, one import each: a module that starts to emit findings is added here.
    from chartgen import chart, clouds, conform, diff, doctor, names, render, schema
    from chartgen.commands import common as commands
    from chartgen.iam import KINDS as IAM_KINDS
    from chartgen.rule_control import KINDS as RULE_CONTROL_KINDS
    from chartgen.rules import all_rules
    from chartgen.values import decoding, limits, loader, templating, yaml_source

    kinds = [
        *yaml_source.KINDS,
        *decoding.KINDS,
        *limits.KINDS,
        *loader.KINDS,
        *templating.KINDS,
        *RULE_CONTROL_KINDS,
        *schema.KINDS,
        *(rule.kind for rule in all_rules()),
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


@cache
def fixed_kinds() -> dict[str, str]:
    """The kinds rule control (`chartgen.rule_control`) may not switch off or soften, by ID,
    with the reason a user is told.

    A finding of these stops the command or means it checked nothing, so hiding it would turn
    a clear error into a silent failure: the values could not be read, evaluated or checked
    against the schema (the loading and schema errors), another input could not be read, a
    check could not run (exit 3), or `chart --check` found the chart out of date (what it was
    asked).
    """
    from chartgen import chart, conform, diff, doctor, schema
    from chartgen.iam import AUDIT_UNREADABLE
    from chartgen.values import decoding, limits, loader, templating, yaml_source

    unusable = "values with this finding cannot be validated or rendered"
    fixed = {
        kind.id: unusable
        for kind in (*yaml_source.KINDS, *decoding.KINDS, *limits.KINDS, *loader.KINDS,
                     *templating.KINDS, *schema.KINDS)
        if kind.severity is Severity.ERROR
    }
    for kind in (diff.DEPLOYED_INPUT, doctor.CLUSTER_INPUT, AUDIT_UNREADABLE):
        fixed[kind.id] = "an input it reports could not be read, so nothing was checked"
    for kind in (conform.VALIDATOR_FAILED, conform.NOTHING_VALIDATED):
        fixed[kind.id] = "it means the check could not run (exit 3)"
    fixed[chart.CHART_OUT_OF_DATE.id] = "it is the answer `chartgen chart --check` is asked for"
    return fixed


@cache
def values_check_ids() -> frozenset[str]:
    """The IDs every check of the values emits when they apply: loading, `tpl` evaluation, the
    schema, the cross-field rules (whatever the command; later stages are not among them)."""
    from chartgen import schema
    from chartgen.rules import all_rules
    from chartgen.values import decoding, limits, loader, templating, yaml_source

    owners = (*yaml_source.KINDS, *decoding.KINDS, *limits.KINDS, *loader.KINDS,
              *templating.KINDS, *schema.KINDS, *(rule.kind for rule in all_rules()))
    return frozenset(kind.id for kind in owners)


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
