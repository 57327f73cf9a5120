"""What the extraConfig rules share: the analysis of extraConfig, and findings located inside it.

Not a rule (the leading underscore says so; code generation does not list it). `extraConfig` is
analysed once per run (`chartgen.buildkit.extra_config.analyze_extra_config` caches it); each
rule reports its own kind of problem at the spot inside the text, mapped to the line and column
of the values file (or `--set-file` file) that holds it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chartgen.buildkit.extra_config import ExtraConfigAnalysis, analyze_extra_config
from chartgen.findings import Finding

if TYPE_CHECKING:
    from chartgen.rules import RuleContext

EXTRA_CONFIG = ("imageBuilder", "buildkit", "extraConfig")


def analysis(ctx: RuleContext) -> ExtraConfigAnalysis | None:
    """extraConfig's analysis, or None when no buildkitd is deployed (it is then unused)."""
    values = ctx.values
    if not values.buildkit_deployed:
        return None
    return analyze_extra_config(values.buildkit.extraConfig, values)


def finding_at(
    ctx: RuleContext, rule: str, line: int | None, column: int | None, message: str, hint: str
) -> Finding:
    """A finding about extraConfig, located at (`line`, `column`) inside it when known."""
    finding = ctx.finding(rule, EXTRA_CONFIG, message, hint)
    if line is None:
        return finding
    text = ctx.values.buildkit.extraConfig
    location = ctx.provenance.locate_inside(EXTRA_CONFIG, text, line, column or 1)
    return finding.with_location(location) if location is not None else finding
