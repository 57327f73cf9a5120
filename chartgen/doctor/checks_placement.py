"""Where the pod can run: the scheduler's filters, the image's architectures, StorageClasses."""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.doctor import (
    ARCHITECTURE,
    FACTS_MISSING,
    STORAGE_CLASS,
    UNSCHEDULABLE,
)
from chartgen.doctor.context import DoctorContext, ValuesPath, bk, names
from chartgen.doctor.platform import (
    image_architectures,
    image_repository,
    is_gke_autopilot,
    node_arch,
)
from chartgen.doctor.scheduling import fit, pod_requests
from chartgen.findings import Finding, Severity
from chartgen.kube_input import KubeObject

# Which values to point at when a filter excludes nodes.
FILTER_VALUES: dict[str, tuple[ValuesPath, ...]] = {
    "nodeSelector": (bk("nodeSelector"),),
    "taints": (bk("tolerations"),),
    "cpu": (bk("resources", "requests", "cpu"), bk("resources")),
    "memory": (bk("resources", "requests", "memory"), bk("resources")),
    "ephemeral-storage": (bk("resources", "requests", "ephemeral-storage"), bk("resources")),
}


def unschedulable(ctx: DoctorContext) -> Iterator[Finding]:
    if ctx.deployment is None or not ctx.need("nodes", "the scheduling check"):
        return
    nodes = ctx.facts.nodes
    if is_gke_autopilot(nodes):
        return  # Autopilot creates nodes for the pods it admits (IB706 says whether it does)
    requests = pod_requests(ctx.pod_spec)
    fits = [fit(node, ctx.pod_spec, requests) for node in nodes]
    fitting = [result.node for result in fits if result.fits]
    if not fitting:
        by_filter: dict[str, int] = {}
        for result in fits:
            for kind, _ in result.reasons:
                by_filter[kind] = by_filter.get(kind, 0) + 1
        # Point at the value behind the filter that excludes the most nodes.
        blamed = max(by_filter, key=lambda kind: by_filter[kind]) if by_filter else ""
        details = "; ".join(
            f"{result.node.name}: {', '.join(why for _, why in result.reasons[:2])}"
            + (f" (+{len(result.reasons) - 2})" if len(result.reasons) > 2 else "")
            for result in fits[:4]
        ) or "the cluster has no nodes"
        more = len(fits) - 4
        yield ctx.finding(
            UNSCHEDULABLE.id, FILTER_VALUES.get(blamed, (bk(),)),
            f"no node of {len(nodes)} can run the buildkitd pod, so it stays Pending: {details}"
            + (f" and {more} more nodes" if more > 0 else ""),
            "Match nodeSelector and tolerations to a node pool whose nodes have room for the "
            "requests (a cluster autoscaler adds nodes only for a node group that fits).")
        return
    anti = (((ctx.pod_spec.get("affinity") or {}).get("podAntiAffinity") or {})
            .get("requiredDuringSchedulingIgnoredDuringExecution"))
    if anti and ctx.replicas > len(fitting):
        yield ctx.finding(
            UNSCHEDULABLE.id, (bk("replicaCount"), bk("autoscaling")),
            f"{ctx.replicas} replicas need {ctx.replicas} nodes (required anti-affinity on "
            f"hostname), but only {len(fitting)} can run the pod ({names(fitting)}): "
            f"{ctx.replicas - len(fitting)} stay Pending",
            "Lower the replicas, or make more nodes match nodeSelector and tolerations.",
            Severity.WARNING)


def architecture(ctx: DoctorContext) -> Iterator[Finding]:
    if ctx.deployment is None:
        return
    image = str(ctx.container.get("image", ""))
    platforms = image_architectures(image)
    if platforms is None:
        yield ctx.finding(
            FACTS_MISSING.id, (bk("image", "repository"),),
            f"the architectures of {image_repository(image)} are unknown to doctor: the "
            "architecture check did not run",
            f"Compare `docker buildx imagetools inspect {image}` with the nodes' "
            "kubernetes.io/arch labels.")
        return
    if not ctx.need("nodes", "the architecture check"):
        return
    candidates = ctx.candidate_nodes()
    lacking: dict[str, list[KubeObject]] = {}
    for node in candidates:
        arch = node_arch(node)
        if arch and arch not in platforms:
            lacking.setdefault(arch, []).append(node)
    for arch, nodes in sorted(lacking.items()):
        every = len(nodes) == len(candidates)
        yield ctx.finding(
            ARCHITECTURE.id, (bk("nodeSelector"), bk("image", "repository")),
            f"{image_repository(image)} has no linux/{arch} image, and the pod can land on "
            f"{arch} Node {names(nodes)}" + (" (every node it can run on)" if every else "")
            + ": the pull fails with 'no match for platform in manifest'",
            "Keep the pod on nodes the image supports with kubernetes.io/arch in "
            f"buildkit.nodeSelector (one of {', '.join(sorted(platforms))}), or use an image "
            f"built for {arch}.",
            Severity.ERROR if every else Severity.WARNING)


def storage_class(ctx: DoctorContext) -> Iterator[Finding]:
    claims = []
    for volume in ctx.pod_spec.get("volumes") or []:
        template = ((volume.get("ephemeral") or {}).get("volumeClaimTemplate") or {}) \
            if isinstance(volume, dict) else {}
        if template:
            claims.append((volume.get("name"), (template.get("spec") or {})
                           .get("storageClassName")))
    if not claims or not ctx.need("storageclasses", "the StorageClass check"):
        return
    classes = {sc.name: sc for sc in ctx.facts.storage_classes}
    defaults = [sc.name for sc in ctx.facts.storage_classes
                if sc.annotations.get("storageclass.kubernetes.io/is-default-class") == "true"]
    keys = (bk("additionalVolumes"),)
    for name, wanted in claims:
        if wanted and wanted not in classes:
            yield ctx.finding(
                STORAGE_CLASS.id, keys,
                f"volume {name} claims StorageClass {wanted}, which the cluster does not have "
                f"({', '.join(sorted(classes)) or 'none'}): the claim stays Pending and the pod "
                "with it",
                "Name an existing StorageClass.")
        elif wanted is None and not defaults:
            yield ctx.finding(
                STORAGE_CLASS.id, keys,
                f"volume {name} names no StorageClass and the cluster has no default one: the "
                "claim stays Pending and the pod with it",
                "Set storageClassName in its volumeClaimTemplate.")
