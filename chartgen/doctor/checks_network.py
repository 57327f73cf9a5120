"""Who reaches buildkitd: the namespaces the NetworkPolicy admits, and whether it is enforced."""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.doctor import NAMESPACES, NETWORK_POLICY_ENFORCEMENT
from chartgen.doctor.context import DoctorContext, bk
from chartgen.doctor.platform import (
    aws_policy_agent_enabled,
    is_k3s,
    k3s_network_policy,
    plugin_of,
)
from chartgen.doctor.scheduling import selector_matches
from chartgen.findings import Finding, Severity
from chartgen.model import FLYTE_NAMESPACE_LABEL, FLYTE_NAMESPACE_VALUE
from chartgen.network_policy import NAMESPACE_NAME_LABEL


def namespaces(ctx: DoctorContext) -> Iterator[Finding]:
    policies = ctx.objects("NetworkPolicy")
    multi = ctx.values is not None and not ctx.values.single_namespace
    if not policies and not multi:
        return
    if not ctx.need("namespaces", "the namespace check"):
        return
    known = {ns.name: ns.labels for ns in ctx.facts.namespaces}
    # The release namespace exists once the release is installed, with the label every
    # namespace carries (1.21+).
    known.setdefault(ctx.namespace, {NAMESPACE_NAME_LABEL: ctx.namespace})
    if multi:
        flyte = [name for name, labels in known.items()
                 if labels.get(FLYTE_NAMESPACE_LABEL) == FLYTE_NAMESPACE_VALUE]
        if not flyte:
            yield ctx.finding(
                NAMESPACES.id, (("namespaces", "enabled"), ("low_privilege",)),
                f"multi-namespace mode, but no namespace is labelled {FLYTE_NAMESPACE_LABEL}="
                f"{FLYTE_NAMESPACE_VALUE}: no build task runs anywhere yet, and none receives "
                "build-image-config",
                "Register a project with Union (its operator creates and labels the "
                "PROJECT-DOMAIN namespaces), or check the label.")
    # The default peers are the release namespace and the flyte-labelled namespaces (reported
    # above when missing); peers the user listed are checked one by one.
    listed = bk("networkPolicy", "ingressFrom")
    if not (ctx.written(listed) and ctx.value(listed)):
        return  # an empty list renders the defaults too
    keys = (bk("networkPolicy", "ingressFrom"),)
    for policy in policies:
        peers = [peer for rule in (policy.get("spec") or {}).get("ingress") or []
                 for peer in rule.get("from") or [] if isinstance(peer, dict)]
        empty = [peer for peer in peers if "namespaceSelector" in peer and not any(
            selector_matches(peer["namespaceSelector"], labels) for labels in known.values())]
        for peer in empty:
            yield ctx.finding(
                NAMESPACES.id, keys,
                f"the NetworkPolicy's ingress peer {peer['namespaceSelector']} selects no "
                "namespace of the cluster: nothing reaches buildkitd through it"
                + (" — nor through any other peer" if len(empty) == len(peers) else ""),
                "Label the namespaces build tasks run in, or list the right peers in "
                "networkPolicy.ingressFrom.",
                Severity.ERROR if len(empty) == len(peers) else Severity.WARNING)


def network_policy_enforcement(ctx: DoctorContext) -> Iterator[Finding]:
    if not ctx.objects("NetworkPolicy"):
        return
    keys = (bk("networkPolicy", "enabled"),)
    enforcing: list[str] = []
    ignoring: list[str] = []
    if ctx.facts.has("nodes"):
        k3s = [node for node in ctx.facts.nodes if is_k3s(node)]
        if k3s:
            (enforcing if all(k3s_network_policy(n) for n in k3s) else ignoring).append(
                "k3s's network policy controller" if all(k3s_network_policy(n) for n in k3s)
                else "k3s started with --disable-network-policy")
    if not ctx.facts.has("daemonsets") and not enforcing and not ignoring:
        ctx.need("daemonsets", "the NetworkPolicy enforcement check")
        return
    for daemonset in ctx.facts.daemonsets:
        plugin = plugin_of(daemonset)
        if plugin is None:
            continue
        where = f"DaemonSet {daemonset.namespace}/{daemonset.name}"
        if plugin.enforces is None:  # the Amazon VPC CNI: its policy agent decides
            if aws_policy_agent_enabled(daemonset):
                enforcing.append(f"{plugin.name} with its network policy agent ({where})")
            else:
                ignoring.append(f"{plugin.name} without --enable-network-policy=true ({where})")
        elif plugin.enforces:
            enforcing.append(f"{plugin.name} ({where})")
        else:
            ignoring.append(f"{plugin.name} ({where})")
    if enforcing:
        return
    if ignoring:
        yield ctx.finding(
            NETWORK_POLICY_ENFORCEMENT.id, keys,
            f"the network plugin is {', '.join(ignoring)}, which does not enforce "
            "NetworkPolicies (high confidence: no enforcing plugin was found): the policy is "
            "accepted and ignored, and every pod reaches buildkitd's port",
            "Enable enforcement (EKS: the vpc-cni add-on's enableNetworkPolicy; AKS: "
            "--network-policy; GKE: Dataplane V2 or network policy enforcement), or install "
            "a plugin that enforces (Calico, Cilium).")
        return
    yield ctx.finding(
        NETWORK_POLICY_ENFORCEMENT.id, keys,
        "doctor could not tell which network plugin runs (no DaemonSet of a known plugin): "
        "whether the NetworkPolicy is enforced is unknown",
        "Check the plugin's documentation; a policy that denies a test pod shows enforcement.",
        Severity.INFO)
