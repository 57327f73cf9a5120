"""buildkitd is exposed outside the cluster (LoadBalancer or NodePort) without TLS.

Risk: buildkitd does not authenticate clients by itself; anyone who reaches the port can run a
build, i.e. arbitrary code — from outside the cluster: as root on the node when buildkitd is
privileged, and with the daemon's network access, its cache and the other builds' secrets when
it is rootless.
Fix: keep `service.type: ClusterIP` (Union's build task runs inside the cluster). Mutual TLS
(`imageBuilder.buildkit.tls`) also closes the port, but only for clients that present a
certificate — Union's build task presents none (IB320).
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext

ID = "IB302"
NAME = "exposed-without-tls"
SEVERITY = Severity.ERROR
_FIX = (
    "Use service.type: ClusterIP: Union's build task runs in the cluster. (Mutual TLS, "
    "imageBuilder.buildkit.tls, fits only clients that present a certificate; the build task "
    "does not.)"
)
MESSAGES = {
    "default": Message(
        "service.type {type} exposes buildkitd outside the cluster without TLS: anyone who "
        "reaches the port runs arbitrary code as root",
        _FIX,
    ),
    # What an unprivileged (rootless) daemon gives away: not root on the node.
    "unprivileged": Message(
        "service.type {type} exposes buildkitd outside the cluster without TLS: anyone who "
        "reaches the port runs arbitrary code in the {mode} daemon, with its network access "
        "and the other builds' cache",
        _FIX,
    ),
}

# Service types that reach buildkitd from outside the cluster.
EXPOSED = ("LoadBalancer", "NodePort")


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    service = values.buildkit.service
    if not values.buildkit_deployed or service.type not in EXPOSED or values.tls_enabled:
        return
    if values.privileged_daemon:
        said = MESSAGES["default"].format(type=service.type)
    else:
        mode = "rootless" if values.buildkit.rootless else "unprivileged"
        said = MESSAGES["unprivileged"].format(type=service.type, mode=mode)
    yield ctx.finding(ID, ("imageBuilder", "buildkit", "service", "type"), *said)
