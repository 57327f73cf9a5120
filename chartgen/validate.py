"""The validation pipeline: load → schema → model → rules, for one set of value sources.

Every command that consumes values (validate, render, iam-policy, chart) starts here, so they all
refuse the same invalid input with the same findings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from chartgen.findings import Report
from chartgen.record import record
from chartgen.values.loader import LoadedValues, ValueSources, load_values

if TYPE_CHECKING:
    from chartgen.model import Values
    from chartgen.rule_control import RuleControl


@record
class Validation:
    """The outcome of validating one set of value sources."""

    loaded: LoadedValues
    report: Report
    values: Values | None = None  # the typed model, when the schema passed

    @property
    def ok(self) -> bool:
        return self.values is not None and not self.report.has_errors()


def validate_sources(
    sources: ValueSources,
    *,
    stdin: Callable[[], bytes] | None = None,
    run_rules: bool = True,
    kube_version: str | None = None,
    control: RuleControl | None = None,
) -> Validation:
    """Load, check against the schema, build the model, run the rules. `kube_version` is the
    `--kube-version` the objects are for (rules that depend on it; default: chartgen's).

    The report applies `control` — the command's rule control — to every finding, and the
    inline `# chartgen: disable=...` comments of the files read (always: they are part of the
    values), so later findings added to it are controlled too."""
    from chartgen.rule_control import RuleControl

    loaded = load_values(sources, stdin=stdin)
    control = control if control is not None else RuleControl()
    report = Report(checked=list(loaded.checked), control=control)
    report.extend(control.learn(loaded.directives))
    report.extend(loaded.findings)
    if loaded.data is None:
        return Validation(loaded, report)

    from chartgen.generated.values_validator import is_valid

    if not is_valid(loaded.data):
        # Only a failure needs jsonschema: it explains what the generated validator refused.
        from chartgen.schema_findings import validate_values

        schema_findings = validate_values(loaded.data, loaded.provenance)
        report.extend(schema_findings)
        if any(f.severity.value == "error" for f in schema_findings):
            return Validation(loaded, report)

    from chartgen.model import build_model

    values = build_model(loaded.data)
    if run_rules:
        from chartgen.kube import resolve_kube_version
        from chartgen.rules import RuleContext
        from chartgen.rules import run_rules as run_all

        context = RuleContext(
            values, loaded.data, loaded.provenance, loaded.templated,
            resolve_kube_version(kube_version),
        )
        report.extend(run_all(context))
        if loaded.directives:
            from chartgen.catalogue import rule_ids

            report.extend(control.unused(loaded.directives, rule_ids()))
    return Validation(loaded, report, values)

