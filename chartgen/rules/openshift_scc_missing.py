"""OpenShift without a SecurityContextConstraints object for buildkitd.

On OpenShift, buildkitd (privileged, or rootless with unconfined seccomp) is admitted only under
a SecurityContextConstraints that allows it. With `securityContextConstraints.create: false`
chartgen creates none, so `existingName` (or `name`, which the reference chart also reads as the
name of an existing SCC when `create` is false) must name one; with neither, the Role refers to
`FULLNAME-rootless`, which nothing creates, and the pods are rejected by admission. Set
`create: true` or name an existing SCC.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext

ID = "IB221"
NAME = "openshift-scc-missing"
SEVERITY = Severity.ERROR
MESSAGES = {
    "default": Message(
        "OpenShift is enabled but securityContextConstraints.create is false and neither "
        "existingName nor name is set: the Role grants {scc!r}, which nothing creates, so no "
        "SCC admits the buildkitd pods",
        "Set imageBuilder.buildkit.openShift.securityContextConstraints.create: true, or "
        "existingName to an SCC that allows buildkitd.",
    )
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    openshift = values.buildkit.openShift
    scc = openshift.securityContextConstraints
    if not values.buildkit_deployed or not openshift.enabled or scc.create:
        return
    if scc.existingName or scc.name:
        return
    yield ctx.finding(
        ID,
        ("imageBuilder", "buildkit", "openShift", "securityContextConstraints", "create"),
        *MESSAGES["default"].format(scc=values.openshift_scc_name),
    )
