"""What the document reporters say about a rule or check ID: its name, severity and docs.

SARIF lists a description of every rule its results reference, and GitHub annotations carry the
rule's name in their title. Both look the ID up here, in the cross-field rules
(`chartgen.rules`) and the other checks (`chartgen.checks`), so the reports describe a finding
exactly as `chartgen explain ID` does. The rules package is imported only when a report asks,
which keeps the text reporter (and `chartgen --help`) free of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from chartgen.findings import Severity


@dataclass(frozen=True)
class RuleDoc:
    """The documentation of one finding ID, as reports show it."""

    id: str
    name: str
    severity: Severity
    doc: str
    known: bool = True

    @property
    def summary(self) -> str:
        lines = self.doc.strip().splitlines()
        return lines[0] if lines else self.name

    @property
    def title(self) -> str:
        """`IB201 repository-format`: the ID a user searches for, and the words that explain it."""
        return f"{self.id} {self.name}" if self.name and self.name != self.id else self.id


@cache
def _catalogue() -> dict[str, RuleDoc]:
    from chartgen.checks import all_checks
    from chartgen.rules import all_rules

    docs = {c.id: RuleDoc(c.id, c.name, c.severity, c.doc) for c in all_checks()}
    docs.update({r.id: RuleDoc(r.id, r.name, r.severity, r.doc) for r in all_rules()})
    return docs


def describe(rule_id: str, severity: Severity = Severity.ERROR) -> RuleDoc:
    """The docs of `rule_id`; an ID nobody documents gets a generic entry, never an error."""
    known = _catalogue().get(rule_id)
    if known is not None:
        return known
    return RuleDoc(
        rule_id,
        rule_id,
        severity,
        f"chartgen finding {rule_id}.\n\nRun `chartgen explain {rule_id}` for details.",
        known=False,
    )
