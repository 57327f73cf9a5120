"""OpenShift without `serviceAccount.forceDedicated`, where buildkitd would use the common account.

On OpenShift the buildkitd pods are admitted through a SecurityContextConstraints object that
chartgen grants (Role + RoleBinding) to buildkitd's ServiceAccount. Without
`imageBuilder.buildkit.serviceAccount.forceDedicated` buildkitd runs as the data plane's common
ServiceAccount (`union-system`, in single-namespace mode or with `commonServiceAccount.enabled`),
so the SCC — unconfined seccomp, privilege escalation for rootless user namespaces — would be
granted to every other pod that uses that account. The reference chart refuses this combination
(its `buildkit.serviceAccountName` helper fails), and so does chartgen, rootless or not.
Set `imageBuilder.buildkit.serviceAccount.forceDedicated: true`.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext

ID = "IB212"
NAME = "openshift-dedicated-sa"
SEVERITY = Severity.ERROR
MESSAGES = {
    "default": Message(
        "buildkitd on OpenShift would run as the common ServiceAccount {account!r}, so its "
        "SecurityContextConstraints would be granted to every pod using that account; "
        "serviceAccount.forceDedicated is false",
        "Set imageBuilder.buildkit.serviceAccount.forceDedicated: true.",
    )
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    if not values.buildkit_deployed or not values.openshift_on_common_service_account:
        return
    yield ctx.finding(
        ID,
        ("imageBuilder", "buildkit", "openShift", "enabled"),
        *MESSAGES["default"].format(account=values.common_service_account_name),
    )
