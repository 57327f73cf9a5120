"""buildkitd is exposed outside the cluster (LoadBalancer or NodePort) without TLS.

Risk: buildkitd does not authenticate clients by itself; anyone who reaches the port can run a
build, i.e. arbitrary code, as root on a privileged pod — from outside the cluster.
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
MESSAGES = {
    "default": Message(
        "service.type {type} exposes buildkitd outside the cluster without TLS: anyone who "
        "reaches the port runs arbitrary code as root",
        "Use service.type: ClusterIP: Union's build task runs in the cluster. (Mutual TLS, "
        "imageBuilder.buildkit.tls, fits only clients that present a certificate; the build "
        "task does not.)",
    )
}

# Service types that reach buildkitd from outside the cluster.
EXPOSED = ("LoadBalancer", "NodePort")


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    service = values.buildkit.service
    if not values.buildkit_deployed or service.type not in EXPOSED or values.tls_enabled:
        return
    yield ctx.finding(
        ID,
        ("imageBuilder", "buildkit", "service", "type"),
        *MESSAGES["default"].format(type=service.type),
    )
