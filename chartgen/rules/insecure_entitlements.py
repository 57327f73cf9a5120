"""`extraConfig` allows BuildKit's insecure entitlements.

Risk: `insecure-entitlements = ["security.insecure"]` lets any build run steps privileged and
`"network.host"` lets them use the node's network — for whoever can reach buildkitd, that is the
node. The key is matched as BuildKit matches it (case-insensitively: `Insecure-Entitlements`
counts), and it is found only by reading extraConfig as TOML, never line by line.
Fix: remove the setting; if builds truly need it, say so explicitly with
`imageBuilder.buildkit.allowInsecureEntitlements: true` (and protect the daemon with TLS). Even
then, only BuildKit's entitlement names (`security.insecure`, `network.host`, `device`) are
accepted.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._extra_config import analysis, finding_at

ID = "IB307"
NAME = "insecure-entitlements"
SEVERITY = Severity.ERROR

KEY = "insecure-entitlements"


def check(ctx: RuleContext) -> Iterator[Finding]:
    result = analysis(ctx)
    if result is None:
        return
    from chartgen.buildkit.structure import ENTITLEMENTS  # only with an extraConfig to read

    allowed = ctx.values.buildkit.allowInsecureEntitlements
    for setting in result.settings(KEY):
        value = setting.value
        if value is None or value.kind != "array":
            continue  # a wrong type is IB235's finding
        names = [item.value for item in value.value if item.kind == "string"]
        unknown = [name for name in names if name not in ENTITLEMENTS]
        if unknown:
            yield finding_at(
                ctx, ID, setting.line, setting.column,
                f"extraConfig's {setting.shown} names {', '.join(map(repr, unknown))}, which "
                "BuildKit does not know as an entitlement",
                "Use only " + ", ".join(ENTITLEMENTS) + ", or remove the setting.",
            )
        if not names or allowed:
            continue
        yield finding_at(
            ctx, ID, setting.line, setting.column,
            f"extraConfig sets {setting.shown} ({', '.join(names)}): builds may then run "
            "privileged or on the host network, which is the node",
            "Remove it, or set imageBuilder.buildkit.allowInsecureEntitlements: true if builds "
            "truly need it.",
        )
