"""`extraConfig` allows BuildKit's insecure entitlements.

Risk: `insecure-entitlements = ["security.insecure"]` lets any build run steps privileged and
`"network.host"` lets them use the node's network — for whoever can reach buildkitd, that is the
node. Fix: remove the setting; if builds truly need it, say so explicitly with
`imageBuilder.buildkit.allowInsecureEntitlements: true` (and protect the daemon with TLS).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from chartgen.buildkitd import parse_extra_config
from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext

ID = "IB307"
NAME = "insecure-entitlements"
SEVERITY = Severity.ERROR

KEY = "insecure-entitlements"
# When extraConfig does not parse (IB216 says so), fall back to spotting the top-level line.
_LINE = re.compile(r'^\s*["\']?insecure-entitlements["\']?\s*=', re.MULTILINE)


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    buildkit = values.buildkit
    if not values.buildkit_deployed or buildkit.allowInsecureEntitlements:
        return
    document = parse_extra_config(buildkit.extraConfig)
    if document is not None:
        entitlements = document.get(KEY)
        if not entitlements:
            return
        named = ", ".join(str(e) for e in entitlements) if isinstance(entitlements, list) else ""
    elif _LINE.search(buildkit.extraConfig):
        named = ""
    else:
        return
    yield ctx.finding(
        ID,
        ("imageBuilder", "buildkit", "extraConfig"),
        f"extraConfig sets {KEY}" + (f" ({named})" if named else "")
        + ": builds may then run privileged or on the host network, which is the node",
        "Remove it, or set imageBuilder.buildkit.allowInsecureEntitlements: true if builds "
        "truly need it.",
    )
