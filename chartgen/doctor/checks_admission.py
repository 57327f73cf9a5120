"""Whether the cluster accepts the objects and admits the pod: Pod Security Admission, GKE
Autopilot, the CRDs the objects need, OpenShift and its SecurityContextConstraints."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chartgen.doctor import (
    AUTOPILOT,
    CERT_MANAGER,
    OPENSHIFT_MISMATCH,
    OPENSHIFT_SCC,
    POD_SECURITY,
)
from chartgen.doctor.context import DoctorContext, ValuesPath, bk
from chartgen.doctor.platform import is_gke_autopilot, is_openshift_node
from chartgen.doctor.pod_security import LEVELS, admits, required_level, violations
from chartgen.doctor.sources import SCC_CRD
from chartgen.findings import Finding, Severity
from chartgen.kube_input import KubeObject

PSA_PREFIX = "pod-security.kubernetes.io/"
SCC_KEYS: tuple[ValuesPath, ...] = (
    bk("openShift", "securityContextConstraints", "existingName"),
    bk("openShift", "securityContextConstraints", "create"),
    bk("openShift", "securityContextConstraints", "name"),
    bk("openShift", "enabled"),
)


def _mode_keys(ctx: DoctorContext) -> tuple[ValuesPath, ...]:
    if ctx.value(bk("rootless")) is True:
        return (bk("securityContext"), bk("rootless"))
    return (bk("rootless"), bk("securityContext"))


def pod_security(ctx: DoctorContext) -> Iterator[Finding]:
    if ctx.deployment is None or not ctx.need("namespaces", "the Pod Security Admission check"):
        return
    found = violations(ctx.pod_template)
    needed = required_level(found)
    namespace = ctx.facts.namespace(ctx.namespace)
    if namespace is None:
        yield ctx.finding(
            POD_SECURITY.id, _mode_keys(ctx),
            f"namespace {ctx.namespace} does not exist yet: `helm install --create-namespace` "
            "creates it without Pod Security labels, so the cluster's default level applies "
            f"(privileged unless the API server's admission configuration sets another); the "
            f"buildkitd pod needs {needed}",
            f"Create it first with pod-security.kubernetes.io/enforce: {needed} if the "
            "cluster's default is stricter.", Severity.INFO)
        return
    labels = namespace.labels
    enforce = labels.get(PSA_PREFIX + "enforce")
    if enforce in LEVELS and not admits(enforce, found):
        refused = [v for v in found if LEVELS.index(v.level) <= LEVELS.index(enforce)]
        yield ctx.finding(
            POD_SECURITY.id, _mode_keys(ctx),
            f"Namespace {ctx.namespace} enforces the {enforce} Pod Security level "
            f"({PSA_PREFIX}enforce), which refuses the buildkitd pod: "
            + "; ".join(str(v) for v in refused[:4])
            + (f" and {len(refused) - 4} more" if len(refused) > 4 else "")
            + ". The ReplicaSet creates no pod ('violates PodSecurity')",
            f"Label the namespace {PSA_PREFIX}enforce={needed} (kubectl label namespace "
            f"{ctx.namespace} {PSA_PREFIX}enforce={needed} --overwrite), or install into one that "
            "allows it.")
    for mode in ("warn", "audit"):
        level = labels.get(PSA_PREFIX + mode)
        if level in LEVELS and not admits(level, found):
            yield ctx.finding(
                POD_SECURITY.id, _mode_keys(ctx),
                f"Namespace {ctx.namespace} has {PSA_PREFIX}{mode}={level}: the buildkitd pod "
                f"(which needs {needed}) is admitted, with "
                + ("warnings on every apply" if mode == "warn" else "audit log entries"),
                f"Expected for buildkitd; set {PSA_PREFIX}{mode}={needed} to silence it.",
                Severity.INFO)


def autopilot(ctx: DoctorContext) -> Iterator[Finding]:
    if ctx.deployment is None or not ctx.need("nodes", "the GKE Autopilot check"):
        return
    if not is_gke_autopilot(ctx.facts.nodes):
        return
    found = [v for v in violations(ctx.pod_template) if v.level == "baseline"]
    if not found:
        return
    node = next(n for n in ctx.facts.nodes if n.name.startswith("gk3-")
                or "cloud.google.com/gke-autopilot" in n.labels)
    yield ctx.finding(
        AUTOPILOT.id, _mode_keys(ctx),
        f"the cluster is GKE Autopilot (Node {node.name}), whose admission policy refuses the "
        "buildkitd pod: " + "; ".join(str(v) for v in found[:4]),
        "Run buildkitd on a GKE Standard cluster or node pool, or point imageBuilder.buildkitUri "
        "at a buildkitd outside Autopilot.")


def _served(crd: KubeObject | None, version: str) -> bool:
    if crd is None:
        return False
    for entry in (crd.data.get("spec") or {}).get("versions") or []:
        if isinstance(entry, dict) and entry.get("name") == version and entry.get("served"):
            return True
    return False


def cert_manager(ctx: DoctorContext) -> Iterator[Finding]:
    certificates = [obj for obj in ctx.rendered.objects
                    if str(obj.get("apiVersion", "")).startswith("cert-manager.io/")]
    if not certificates or not ctx.need("crds", "the cert-manager check"):
        return
    keys = (bk("tls", "certManager", "issuerRef"), bk("tls", "certManager"), bk("tls"))
    needed = {"certificates.cert-manager.io": "Certificate"}
    for certificate in certificates:
        issuer = ((certificate.get("spec") or {}).get("issuerRef") or {})
        if issuer.get("group", "cert-manager.io") == "cert-manager.io":
            kind = str(issuer.get("kind") or "Issuer")
            needed[f"{kind.lower()}s.cert-manager.io"] = kind
    for name, kind in needed.items():
        crd = ctx.facts.crd(name)
        if not _served(crd, "v1"):
            state = "is missing" if crd is None else "does not serve v1"
            yield ctx.finding(
                CERT_MANAGER.id, keys,
                f"TLS through cert-manager needs CustomResourceDefinition {name} ({kind}), which "
                f"{state} in the cluster: `helm install` fails with 'no matches for kind "
                f"\"{kind}\"'",
                "Install cert-manager (v1 API) first, or give the certificates as "
                "buildkit.tls.existingSecret.")


def is_openshift(ctx: DoctorContext) -> bool | None:
    """True or False when the facts say; None when they cannot tell."""
    facts = ctx.facts
    if facts.sccs or facts.crd(SCC_CRD) is not None \
            or any(is_openshift_node(node) for node in facts.nodes):
        return True
    if facts.has("nodes") and facts.has("crds") and facts.nodes:
        return False
    return None


def openshift_mismatch(ctx: DoctorContext) -> Iterator[Finding]:
    if ctx.deployment is None:
        return
    enabled = ctx.value(bk("openShift", "enabled")) is True
    cluster = is_openshift(ctx)
    if cluster is None:
        ctx.need("nodes", "the OpenShift check")
        ctx.need("crds", "the OpenShift check")
        return
    keys = (bk("openShift", "enabled"),)
    if cluster and not enabled:
        yield ctx.finding(
            OPENSHIFT_MISMATCH.id, keys,
            "the cluster is OpenShift (SecurityContextConstraints, RHCOS nodes), but "
            "buildkit.openShift.enabled is false: the pod is admitted under restricted-v2, "
            "which refuses what buildkitd needs, and it never starts",
            "Set imageBuilder.buildkit.openShift.enabled: true (and serviceAccount."
            "forceDedicated: true).")
    if enabled and not cluster:
        yield ctx.finding(
            OPENSHIFT_MISMATCH.id, keys,
            "buildkit.openShift.enabled is true, but the cluster is not OpenShift (no "
            f"{SCC_CRD}, no RHCOS node): the SecurityContextConstraints object cannot be "
            "created and `helm install` fails",
            "Set imageBuilder.buildkit.openShift.enabled: false on this cluster.")


def scc_problems(scc: dict[str, Any], pod_spec: dict[str, Any], rootless: bool) -> list[str]:
    """What the pod asks for that this SCC does not allow."""
    problems: list[str] = []
    containers = [c for c in pod_spec.get("containers") or [] if isinstance(c, dict)]
    contexts = [c.get("securityContext") or {} for c in containers]
    if any(context.get("privileged") for context in contexts) \
            and scc.get("allowPrivilegedContainer") is not True:
        problems.append("allowPrivilegedContainer is not true, and buildkitd is privileged")
    strategy = (scc.get("runAsUser") or {}).get("type", "")
    uid = next((c.get("runAsUser") for c in contexts if c.get("runAsUser") is not None), None)
    if rootless:
        if strategy == "MustRunAs" and (scc.get("runAsUser") or {}).get("uid") != uid:
            problems.append(f"runAsUser MustRunAs uid {(scc.get('runAsUser') or {}).get('uid')} "
                            f"is not the user {uid} rootless BuildKit runs as")
        if strategy == "MustRunAsRange":
            low = (scc.get("runAsUser") or {}).get("uidRangeMin")
            high = (scc.get("runAsUser") or {}).get("uidRangeMax")
            if not (isinstance(low, int) and isinstance(high, int) and uid is not None
                    and low <= uid <= high):
                problems.append(f"runAsUser MustRunAsRange does not allow user {uid} (the "
                                "namespace's range is far above it)")
    elif strategy not in ("RunAsAny", ""):
        problems.append(f"runAsUser {strategy} does not let privileged buildkitd run as root")
    wants_unconfined = any(
        ((context.get("seccompProfile") or {}).get("type") == "Unconfined")
        for context in [*contexts, pod_spec.get("securityContext") or {}])
    allowed_profiles = scc.get("seccompProfiles") or []
    if wants_unconfined and not {"*", "unconfined"} & set(allowed_profiles):
        problems.append("seccompProfiles does not allow unconfined")
    allowed_volumes = set(scc.get("volumes") or [])
    if "*" not in allowed_volumes:
        for volume in pod_spec.get("volumes") or []:
            if not isinstance(volume, dict):
                continue
            for kind in volume:
                if kind != "name" and kind not in allowed_volumes:
                    problems.append(f"volumes does not allow {kind} (volume {volume.get('name')})")
    return problems


def openshift_scc(ctx: DoctorContext) -> Iterator[Finding]:
    if ctx.deployment is None or ctx.value(bk("openShift", "enabled")) is not True:
        return
    if not ctx.need("sccs", "the SecurityContextConstraints check"):
        return
    existing = {scc.name: scc for scc in ctx.facts.sccs}
    for rendered in ctx.objects("SecurityContextConstraints"):
        name = str((rendered.get("metadata") or {}).get("name", ""))
        found = existing.get(name)
        if found is None:
            continue
        owner = (found.annotations.get("meta.helm.sh/release-name"),
                 found.annotations.get("meta.helm.sh/release-namespace"))
        if owner != (ctx.release_name, ctx.namespace):
            yield ctx.finding(
                OPENSHIFT_SCC.id, SCC_KEYS[1:],
                f"SecurityContextConstraints {name} already exists and is not this release's "
                f"(meta.helm.sh/release-name {owner[0]!r}, release-namespace {owner[1]!r}): "
                "`helm install` refuses to take it over (invalid ownership metadata)",
                "Set openShift.securityContextConstraints.name to another name, or "
                f"existingName: {name} with create: false to use it as it is.")
    existing_name = ctx.value(bk("openShift", "securityContextConstraints", "existingName"))
    if not existing_name:
        return
    found = existing.get(str(existing_name))
    if found is None:
        yield ctx.finding(
            OPENSHIFT_SCC.id, SCC_KEYS,
            f"openShift.securityContextConstraints.existingName {existing_name!r} names no "
            f"SecurityContextConstraints of the cluster ({', '.join(sorted(existing)) or 'none'})"
            ": the pod, pinned to it, is not admitted",
            "Name an existing SCC, or let the chart create one (create: true).")
        return
    problems = scc_problems(found.data, ctx.pod_spec, ctx.value(bk("rootless")) is True)
    if problems:
        yield ctx.finding(
            OPENSHIFT_SCC.id, SCC_KEYS,
            f"SecurityContextConstraints {existing_name} does not admit the buildkitd pod: "
            + "; ".join(problems),
            "Use an SCC that allows it, or let the chart create one (create: true).")
