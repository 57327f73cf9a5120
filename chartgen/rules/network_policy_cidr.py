"""A NetworkPolicy egress CIDR that Kubernetes rejects (or that chartgen cannot check).

`networkPolicy.egress.allowedCIDRs` become `ipBlock.cidr` entries. Each must be an address and
a prefix length (`10.0.0.0/8`, `2001:db8::/32`): Kubernetes rejects the NetworkPolicy
otherwise, and chartgen could not tell whether it contains a cloud metadata endpoint to
except. Netmasks written as addresses, IPv4 inside IPv6 and zones are refused for the same
reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.network_policy import parse_cidr
from chartgen.rules import RuleContext

ID = "IB234"
NAME = "network-policy-cidr"
SEVERITY = Severity.ERROR

CIDRS = ("imageBuilder", "buildkit", "networkPolicy", "egress", "allowedCIDRs")


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    policy = values.buildkit.networkPolicy
    if not (values.buildkit_deployed and policy.enabled and policy.egress.enabled):
        return
    for index, cidr in enumerate(policy.egress.allowedCIDRs):
        if parse_cidr(cidr) is None:
            yield ctx.finding(
                ID, (*CIDRS, index),
                f"allowedCIDRs entry {cidr!r} is not an ADDRESS/PREFIX CIDR; Kubernetes rejects "
                "the NetworkPolicy",
                "Write it like 10.0.0.0/8 or 2001:db8::/32 (a single address: /32 or /128).",
            )
