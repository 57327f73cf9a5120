"""Egress is restricted but DNS is likely blocked, so builds cannot resolve any registry.

With `networkPolicy.egress.enabled`, buildkitd and every build step may reach only DNS and the
allowed CIDRs. Where DNS is answered depends on the platform: OpenShift's DNS pods
(namespace `openshift-dns`) listen on 5353; elsewhere kube-dns/CoreDNS pods listen on 53,
NodeLocal DNSCache answers at 169.254.20.10 (default on GKE Autopilot and recent GKE) and GKE
Cloud DNS at 169.254.169.254. chartgen's defaults cover each platform (OpenShift is taken from
`openShift.enabled`); this warning fires when the values leave DNS out:

- `allowDNS: false` and no egress port covers DNS;
- `egress.dns.ports` without the platform's DNS port (53, or 5353 on OpenShift);
- `egress.dns.to` that names only the other platform's DNS (OpenShift's `openshift-dns` on a
  cluster without `openShift.enabled`, or `k8s-app: kube-dns` on OpenShift).

Fix: remove `egress.dns` to take the platform's defaults, or list your cluster's DNS pods or
addresses with the port they listen on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chartgen.findings import Finding, Severity
from chartgen.network_policy import OPENSHIFT_DNS_NAMESPACE
from chartgen.rules import RuleContext

ID = "IB233"
NAME = "network-policy-dns"
SEVERITY = Severity.WARNING

EGRESS = ("imageBuilder", "buildkit", "networkPolicy", "egress")


def _covers(ports: list[dict[str, Any]], port: int) -> bool:
    for item in ports:
        value = item.get("port")
        end = item.get("endPort", value)
        if item.get("protocol", "TCP") != "UDP":
            continue  # DNS queries go over UDP first
        if isinstance(value, int) and isinstance(end, int) and value <= port <= end:
            return True
        if value == "dns" or value == "domain":
            return True
    return False


def _names_openshift_dns(peer: dict[str, Any]) -> bool:
    return OPENSHIFT_DNS_NAMESPACE in str(peer.get("namespaceSelector", ""))


def _names_kube_dns(peer: dict[str, Any]) -> bool:
    return "kube-dns" in str(peer.get("podSelector", ""))


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    policy = values.buildkit.networkPolicy
    egress = policy.egress
    if not (values.buildkit_deployed and policy.enabled and egress.enabled):
        return
    openshift = values.buildkit.openShift.enabled
    port = 5353 if openshift else 53
    platform = "OpenShift" if openshift else "this cluster"
    if not egress.allowDNS:
        if egress.ports and not _covers(egress.ports, port):
            yield ctx.finding(
                ID, (*EGRESS, "allowDNS"),
                "egress is restricted and allowDNS is false: builds cannot resolve registry or "
                "package names",
                "Set networkPolicy.egress.allowDNS: true (its defaults follow the platform).",
            )
        return
    if egress.dns.ports and not _covers(egress.dns.ports, port):
        yield ctx.finding(
            ID, (*EGRESS, "dns", "ports"),
            f"egress.dns.ports leave out UDP {port}, where {platform}'s DNS listens: builds "
            "cannot resolve names",
            f"Add {{protocol: UDP, port: {port}}} and TCP {port}, or remove egress.dns.ports to "
            "take the platform's defaults.",
        )
    peers = egress.dns.to
    if peers:
        if openshift and not any(_names_openshift_dns(p) for p in peers) and any(
            _names_kube_dns(p) for p in peers
        ):
            yield ctx.finding(
                ID, (*EGRESS, "dns", "to"),
                "egress.dns.to selects kube-dns pods, but on OpenShift DNS is answered by the "
                f"pods of namespace {OPENSHIFT_DNS_NAMESPACE} (on port 5353)",
                "Remove egress.dns.to to take OpenShift's defaults.",
            )
        if not openshift and all(_names_openshift_dns(p) for p in peers):
            yield ctx.finding(
                ID, (*EGRESS, "dns", "to"),
                f"egress.dns.to selects only OpenShift's DNS ({OPENSHIFT_DNS_NAMESPACE}), but "
                "openShift.enabled is false",
                "Set imageBuilder.buildkit.openShift.enabled: true on OpenShift, or remove "
                "egress.dns.to to take the defaults for EKS, AKS and GKE.",
            )
