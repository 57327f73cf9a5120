"""Rootless buildkitd on OpenShift without `serviceAccount.forceDedicated`.

On OpenShift the buildkitd pods are admitted through a SecurityContextConstraints object that
is granted to the buildkit ServiceAccount. Rootless mode needs that SCC (unconfined seccomp,
user 1000), and granting it to the shared data-plane ServiceAccount would hand it to every
other pod that uses it; the reference chart refuses this combination for the same reason.
Set `imageBuilder.buildkit.serviceAccount.forceDedicated: true`.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext

ID = "IB212"
NAME = "rootless-openshift-dedicated-sa"
SEVERITY = Severity.ERROR


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    buildkit = values.buildkit
    if not values.buildkit_deployed or not (buildkit.rootless and buildkit.openShift.enabled):
        return
    if buildkit.serviceAccount.forceDedicated:
        return
    yield ctx.finding(
        ID,
        ("imageBuilder", "buildkit", "openShift", "enabled"),
        "rootless buildkitd on OpenShift needs its own ServiceAccount for its "
        "SecurityContextConstraints, but serviceAccount.forceDedicated is false",
        "Set imageBuilder.buildkit.serviceAccount.forceDedicated: true.",
    )
