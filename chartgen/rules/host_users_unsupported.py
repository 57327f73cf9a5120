"""`hostUsers: false` on a Kubernetes version where user namespaces are off by default.

`pod.spec.hostUsers: false` runs buildkitd in a user namespace: root in the container is an
unprivileged user on the node. Kubernetes turned user namespaces on by default in 1.33 (the
`UserNamespacesSupport` feature gate went beta and on by default; Kubernetes documentation
"Use a User Namespace With a Pod", KEP-127) and made them stable in 1.36. Before 1.33 the gate
is off unless the cluster operator enabled it, and the API server then drops the field without
an error: the pod runs with the node's users, and a privileged buildkitd is root on the node.

The check uses `--kube-version` (chartgen's default is the oldest supported minor).
Fix: render for your cluster's version; on 1.25–1.32 make sure the `UserNamespacesSupport`
gate is on (API server and kubelet) and the nodes meet its requirements (Linux 6.3+, a
container runtime with user-namespace support), or remove `hostUsers`.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext

ID = "IB232"
NAME = "host-users-unsupported"
SEVERITY = Severity.WARNING

# The first Kubernetes minor with user namespaces on by default.
USER_NAMESPACES_DEFAULT_MINOR = 33

HOST_USERS = ("imageBuilder", "buildkit", "hostUsers")


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    if not values.buildkit_deployed or values.buildkit.hostUsers is not False:
        return
    kube = ctx.kube_version
    if (kube.major, kube.minor) >= (1, USER_NAMESPACES_DEFAULT_MINOR):
        return
    mode = "root on the node" if not values.buildkit.rootless else "with the node's user IDs"
    yield ctx.finding(
        ID,
        HOST_USERS,
        f"hostUsers: false on Kubernetes {kube.minor_version}: user namespaces are on by default "
        f"only from 1.{USER_NAMESPACES_DEFAULT_MINOR}; without the UserNamespacesSupport gate the "
        f"API server drops the field and buildkitd runs {mode}",
        f"Render with --kube-version of your cluster; below 1.{USER_NAMESPACES_DEFAULT_MINOR} "
        "enable the UserNamespacesSupport feature gate, or remove hostUsers.",
    )
