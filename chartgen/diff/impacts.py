"""What a change means: findings about the changes that restart, expose, redirect or fail.

Each function below reads the comparison and yields findings of one ID (documented in
`chartgen/diff/__init__.py`). A finding points at the values line that drives the change when
the user wrote it — the line that changed between two value sets, else the line on the side
that sets it — and otherwise at the object, where it was read (`live.yaml:120:1`) or rendered.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from chartgen.diff import (
    BUILD_CONFIG,
    CONFIG_RESTART,
    IMMUTABLE_FIELD,
    KINDS,
    NETWORK_POLICY_REMOVED,
    PDB_REMOVED,
    POD_RESTART,
    REPLICAS_RESET,
    SCC_CHANGE,
    SERVICE_ACCOUNT,
    SERVICE_EXPOSURE,
)
from chartgen.diff.compare import Comparison, FieldChange, ObjectChange, json_path
from chartgen.diff.normalize import value_at
from chartgen.findings import Finding, Location, Severity
from chartgen.record import record

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

if TYPE_CHECKING:
    from chartgen.validate import Validation

ValuesPath = tuple[str | int, ...]
_SEVERITY = {check.id: check.severity for check in KINDS}

BUILDKIT: ValuesPath = ("imageBuilder", "buildkit")


def _bk(*keys: str) -> ValuesPath:
    return BUILDKIT + keys


# The values buildkitd.toml is written from.
CONFIG_VALUES: tuple[ValuesPath, ...] = (
    _bk("extraConfig"), _bk("gc"), _bk("oci"), _bk("log"), _bk("allowInsecureEntitlements"),
    _bk("tls"),
)

# Which values drive which part of the Deployment, to point a finding at the right line.
_TEMPLATE = ("spec", "template")
_POD = (*_TEMPLATE, "spec")
POD_FIELD_VALUES: tuple[tuple[tuple[str | int, ...], tuple[ValuesPath, ...]], ...] = (
    ((*_TEMPLATE, "metadata", "annotations", "checksum/config"), (CONFIG_VALUES)),
    ((*_TEMPLATE, "metadata"), (_bk("podAnnotations"),)),
    ((*_POD, "containers", 0, "image"), (_bk("image"), _bk("rootless"))),
    ((*_POD, "containers", 0, "imagePullPolicy"), (_bk("image", "pullPolicy"),)),
    ((*_POD, "containers", 0, "resources"), (_bk("resources"),)),
    ((*_POD, "containers", 0, "securityContext"), (_bk("securityContext"), _bk("rootless"))),
    ((*_POD, "containers", 0, "env"), (_bk("podEnv"), ("additionalPodEnvVars",),
                                        _bk("resources"))),
    ((*_POD, "containers", 0, "args"), (_bk("rootless"), _bk("tls"))),
    ((*_POD, "containers", 0, "readinessProbe"), (_bk("probes"),)),
    ((*_POD, "containers", 0, "livenessProbe"), (_bk("probes"),)),
    ((*_POD, "containers", 0, "volumeMounts"),
     (_bk("additionalVolumeMounts"), _bk("rootless"), _bk("tls"))),
    ((*_POD, "volumes"), (_bk("additionalVolumes"), _bk("rootless"), _bk("tls"))),
    ((*_POD, "nodeSelector"), (_bk("nodeSelector"),)),
    ((*_POD, "tolerations"), (_bk("tolerations"),)),
    ((*_POD, "affinity"), (_bk("autoscaling"),)),
    ((*_POD, "hostUsers"), (_bk("hostUsers"),)),
    ((*_POD, "serviceAccountName"),
     (_bk("serviceAccount"), ("commonServiceAccount",), ("low_privilege",),
      ("namespaces", "enabled"))),
    ((*_POD, "automountServiceAccountToken"), (_bk("serviceAccount", "automountToken"),)),
    (_POD, (BUILDKIT,)),
    (("spec", "replicas"), (_bk("replicaCount"), _bk("autoscaling", "enabled"))),
    (("spec", "strategy"), (_bk("deploymentStrategy"),)),
)

# The state directory of each mode: where BuildKit keeps its cache.
ROOTLESS_STATE = "/home/user/.local/share/buildkit"
PRIVILEGED_STATE = "/var/lib/buildkit"

# ServiceAccount annotations that give a pod a cloud identity.
IDENTITY_ANNOTATIONS = (
    "eks.amazonaws.com/role-arn",
    "iam.gke.io/gcp-service-account",
    "azure.workload.identity/client-id",
)

BUILD_CONFIG_KEYS: dict[str, tuple[str, tuple[ValuesPath, ...]]] = {
    "buildkit-uri": ("build tasks send their builds to {new} instead of {old}",
                     (("imageBuilder", "buildkitUri"), _bk("service"), _bk("fullnameOverride"),
                      _bk("enabled"))),
    "default-repository": ("images that name no registry are pushed to {new} instead of {old}; "
                           "the build task's identity needs push rights there",
                           (("imageBuilder", "defaultRepository"),
                            ("imageBuilder", "registryName"))),
    "authentication-type": ("the build task authenticates to the registry as {new} instead of "
                            "{old}", (("imageBuilder", "authenticationType"),)),
    "storage.yaml": ("the build task reads and writes its storage with the new storage.yaml",
                     (("storage",),)),
}


@record
class ImpactContext:
    """The comparison and the value sets on either side (the old side is None against what is
    deployed)."""

    comparison: Comparison
    new_values: Validation | None
    old_values: Validation | None = None

    def locate(self, keys: Sequence[ValuesPath], change: ObjectChange) -> Location | None:
        """The values line that explains the change, else the object.

        Between two value sets: the first value under `keys` that differs, else the first
        value the user changed at all; against what is deployed: the first value under `keys`
        the user wrote.
        """
        new, old = self.new_values, self.old_values
        if new is not None and old is not None:
            for key in keys:
                for side, other in ((new, old), (old, new)):
                    found = _first_leaf(side, key, other)
                    if found is not None:
                        return found
            first = _first_leaf(new, (), old) or _first_leaf(old, (), new)
            if first is not None:
                return first
        elif new is not None:
            for key in keys:
                found = _first_leaf(new, key, None)
                if found is not None:
                    return found
        return change.new_location or change.old_location

    def finding(self, rule: str, change: ObjectChange, path: str, message: str, hint: str,
                keys: Sequence[ValuesPath] = (), severity: Severity | None = None,
                *, at_old: bool = False) -> Finding:
        """A finding at the values line that explains the change (`locate`); `at_old` points
        at the old object instead when no value explains it (what is in the cluster is what
        must be dealt with)."""
        location = self.locate(keys, change)
        if at_old and location in (change.new_location, None) and change.old_location:
            location = change.old_location
        return Finding(
            rule, severity or _SEVERITY[rule], message,
            path=f"{change.key.kind}/{change.key.name}:{path}", hint=hint, location=location,
        )


_MISSING = object()


def _value(validation: Validation, key: ValuesPath) -> Any:
    from chartgen.values.provenance import lookup

    return lookup(validation.loaded.data, key, _MISSING)


def _first_leaf(side: Validation, key: ValuesPath, other: Validation | None,
                ) -> Location | None:
    """Where the first value at or under `key` that the user wrote on `side` is written —
    and, given `other`, whose value differs there. A value an explicit `null` deleted counts
    at the `null`."""
    provenance = side.loaded.provenance
    found = sorted(provenance.items_under(key), key=lambda item: _order(item[1].value))
    for path, origin in found:
        value = _value(side, path)
        if isinstance(value, (dict, list)) or provenance.is_default(path):
            continue
        if other is None or value != _value(other, path):
            return origin.value
    if key in provenance.deleted and (other is None or _value(other, key) is not _MISSING):
        return provenance.locate(key)
    return None


def _order(location: Location | None) -> tuple[str, int, int]:
    if location is None:
        return ("", 0, 0)
    return (location.file, location.line or 0, location.column or 0)


def _at(data: Any, *path: str | int) -> Any:
    return value_at(data, path)


def _shown(value: Any) -> str:
    """A value in a message: strings quoted (and cut), other values as Python writes them."""
    if value is None or value is _MISSING:
        return "nothing"
    if isinstance(value, str):
        return repr(value if len(value) <= 120 else value[:117] + "...")
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _paths(fields: list[FieldChange], limit: int = 3) -> str:
    shown = [change.json_path for change in fields[:limit]]
    more = len(fields) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _keys_for(fields: list[FieldChange]) -> list[ValuesPath]:
    keys: list[ValuesPath] = []
    for change in fields:
        for prefix, candidates in POD_FIELD_VALUES:
            if change.path[: len(prefix)] == prefix:
                keys.extend(key for key in candidates if key not in keys)
                break
    return keys


# -- IB651 pod restart ----------------------------------------------------------------------------


def cache_fate(deployment: dict[str, Any] | None) -> str:
    """Where the old pods keep BuildKit's state, and so whether the cache survives them."""
    pod = _at(deployment, *_POD) or {}
    containers = pod.get("containers") or [{}]
    container = next((c for c in containers if isinstance(c, dict) and c.get("name") ==
                      "buildkit"), containers[0])
    mounts = {str(m.get("mountPath", "")).rstrip("/"): m for m in container.get("volumeMounts")
              or [] if isinstance(m, dict)}
    volumes = {v.get("name"): v for v in pod.get("volumes") or [] if isinstance(v, dict)}
    image = str(container.get("image", ""))
    rootless = image.split("@")[0].endswith("-rootless") or ROOTLESS_STATE in mounts
    state = ROOTLESS_STATE if rootless else PRIVILEGED_STATE
    mount = mounts.get(state)
    if mount is None:
        return f"the build cache in {state} is on the container's filesystem and is lost"
    volume = volumes.get(mount.get("name"), {})
    if "emptyDir" in volume:
        return f"the build cache in {state} is an emptyDir and is lost with each pod"
    if "persistentVolumeClaim" in volume:
        claim = _at(volume, "persistentVolumeClaim", "claimName")
        return f"the build cache in {state} stays on PersistentVolumeClaim {claim}"
    if "ephemeral" in volume:
        return f"the build cache in {state} is a generic ephemeral volume and is lost with " \
               "each pod"
    if "hostPath" in volume:
        return f"the build cache in {state} is on the node (hostPath) and is kept only for " \
               "a pod that lands on the same node"
    return f"the build cache in {state} is on volume {mount.get('name')}"


def pod_restart(ctx: ImpactContext) -> Iterator[Finding]:
    for change in ctx.comparison.of_kind("Deployment"):
        if change.change != "changed":
            continue
        fields = change.touches(*_TEMPLATE)
        if not fields:
            continue
        strategy = _at(change.new, "spec", "strategy", "type") or "RollingUpdate"
        how = ("all at once (Recreate): buildkitd is down until a new pod is ready"
               if strategy == "Recreate" else "one by one (RollingUpdate)")
        yield ctx.finding(
            POD_RESTART.id, change, json_path(_TEMPLATE),
            f"the pod template of {change.key} changes ({_paths(fields)}): Kubernetes replaces "
            f"every buildkitd pod {how}; builds running on them fail, and "
            f"{cache_fate(change.old)}",
            "Apply when no builds run. To keep the cache across restarts, mount a "
            "PersistentVolumeClaim at the state directory (additionalVolumes and "
            "additionalVolumeMounts).",
            _keys_for(fields),
        )
    removed = [c for c in ctx.comparison.of_kind("Deployment") if c.change == "removed"]
    added = [c for c in ctx.comparison.of_kind("Deployment") if c.change == "added"]
    for old, new in zip(removed, added, strict=False):
        yield ctx.finding(
            POD_RESTART.id, new, "$",
            f"buildkitd moves from {old.key} to {new.key}: the old pods are deleted and new ones "
            f"start; builds running on the old ones fail, and {cache_fate(old.old)}",
            "Apply when no builds run; the build task follows through build-image-config.",
            (_bk("fullnameOverride"),),
        )


# -- IB652 buildkitd.toml -------------------------------------------------------------------------


def _toml_keys(text: Any) -> dict[str, Any] | None:
    if not isinstance(text, str):
        return None
    try:
        document = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None
    flat: dict[str, Any] = {}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, f"{prefix}.{key}" if prefix else str(key))
        else:
            flat[prefix] = node

    walk(document, "")
    return flat


def config_restart(ctx: ImpactContext) -> Iterator[Finding]:
    for change in ctx.comparison.of_kind("ConfigMap"):
        fields = change.touches("data", "buildkitd.toml")
        if change.change != "changed" or not fields:
            continue
        before = _toml_keys(_at(change.old, "data", "buildkitd.toml"))
        after = _toml_keys(_at(change.new, "data", "buildkitd.toml"))
        if before is not None and after is not None:
            changed = sorted(key for key in before.keys() | after.keys()
                             if before.get(key, _MISSING) != after.get(key, _MISSING))
            what = ", ".join(
                f"{key} {_shown(before.get(key))} → {_shown(after.get(key))}"
                for key in changed[:4]
            ) + (f" and {len(changed) - 4} more keys" if len(changed) > 4 else "")
        else:
            what = "its text (not readable as TOML on one side)"
        deployment = _deployment_using(ctx.comparison, change.key.name)
        restarts = deployment is not None and bool(
            deployment.touches(*_TEMPLATE, "metadata", "annotations", "checksum/config"))
        if restarts:
            consequence = ("the checksum/config annotation changes with it, so the pods restart "
                           "and load it (IB651)")
            hint = "Apply when no builds run."
        else:
            consequence = ("the pod template does not change with it, so buildkitd keeps the old "
                           "configuration until it restarts")
            hint = (f"After applying, run `kubectl rollout restart deployment/{change.key.name} "
                    f"-n {change.key.namespace}`.")
        yield ctx.finding(
            CONFIG_RESTART.id, change, json_path(("data", "buildkitd.toml")),
            f"buildkitd.toml in {change.key} changes ({what}); buildkitd reads it only when it "
            f"starts: {consequence}",
            hint,
            CONFIG_VALUES,
        )


def _deployment_using(comparison: Comparison, config_map: str) -> ObjectChange | None:
    for change in comparison.of_kind("Deployment"):
        volumes = _at(change.new, *_POD, "volumes") or []
        if any(isinstance(v, dict) and _at(v, "configMap", "name") == config_map
               for v in volumes):
            return change
    return None


# -- IB653 immutable fields -----------------------------------------------------------------------

IMMUTABLE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Deployment", ("spec", "selector"), "spec.selector of a Deployment is immutable (apps/v1)"),
    ("RoleBinding", ("roleRef",), "a RoleBinding's roleRef cannot change"),
    ("ClusterRoleBinding", ("roleRef",), "a ClusterRoleBinding's roleRef cannot change"),
)


def immutable_fields(ctx: ImpactContext) -> Iterator[Finding]:
    for kind, path, why in IMMUTABLE:
        for change in ctx.comparison.of_kind(kind):
            if change.change != "changed" or not change.touches(*path):
                continue
            command = f"kubectl delete {kind.lower()} {change.key.name}" + (
                f" -n {change.key.namespace}" if change.key.namespace else "")
            yield ctx.finding(
                IMMUTABLE_FIELD.id, change, json_path(path),
                f"{change.key} cannot be updated in place: {why}, so the API server refuses "
                f"the update ({_paths(change.touches(*path))}) and `helm upgrade` fails",
                f"Delete the object first (`{command}`), then install or upgrade; for the "
                "Deployment, buildkitd is down in between and its cache is lost. Or keep the old "
                "release name.",
                (_bk("fullnameOverride"), _bk("openShift", "securityContextConstraints")),
                at_old=True,
            )


# -- IB654 Service exposure -----------------------------------------------------------------------

_EXPOSURE = {
    "ClusterIP": "reachable only inside the cluster",
    "NodePort": "reachable on a port of every node's address",
    "LoadBalancer": "reachable through a cloud load balancer (internet-facing unless an "
                    "annotation makes it internal)",
}


def service_exposure(ctx: ImpactContext) -> Iterator[Finding]:
    for change in ctx.comparison.of_kind("Service"):
        if change.change != "changed" or not change.touches("spec", "type"):
            continue
        before = _at(change.old, "spec", "type") or "ClusterIP"
        after = _at(change.new, "spec", "type") or "ClusterIP"
        if after != "ClusterIP":
            message = (f"{change.key} changes from {before} to {after}: buildkitd becomes "
                       f"{_EXPOSURE.get(after, after)}; whoever reaches an unauthenticated "
                       "buildkitd runs builds on it")
            hint = ("Keep service.type ClusterIP for Union's build task, which runs in the "
                    "cluster; outside clients need mutual TLS (IB302).")
        else:
            message = (f"{change.key} changes from {before} to ClusterIP: the "
                       f"{'load balancer is' if before == 'LoadBalancer' else 'node ports are'} "
                       "released and clients outside the cluster lose access")
            hint = "Point outside clients at an in-cluster endpoint first."
        yield ctx.finding(SERVICE_EXPOSURE.id, change, "$.spec.type", message, hint,
                          (_bk("service", "type"),))


# -- IB655 ServiceAccount -------------------------------------------------------------------------


def service_account(ctx: ImpactContext) -> Iterator[Finding]:
    for change in ctx.comparison.of_kind("Deployment"):
        if change.change != "changed":
            continue
        if change.touches(*_POD, "serviceAccountName"):
            before = _at(change.old, *_POD, "serviceAccountName") or "default"
            after = _at(change.new, *_POD, "serviceAccountName") or "default"
            yield ctx.finding(
                SERVICE_ACCOUNT.id, change, json_path((*_POD, "serviceAccountName")),
                f"buildkitd in {change.key} runs as ServiceAccount {after} instead of {before}: "
                f"every build step gets {after}'s cloud identity and permissions, and the pods "
                "restart",
                "Keep buildkitd on its own account without a cloud role (serviceAccount."
                "forceDedicated: true, IB321); on OpenShift the SCC's RoleBinding must name it.",
                _keys_for(change.touches(*_POD, "serviceAccountName")),
            )
        if change.touches(*_POD, "automountServiceAccountToken") \
                and _at(change.new, *_POD, "automountServiceAccountToken") is not False:
            yield ctx.finding(
                SERVICE_ACCOUNT.id, change,
                json_path((*_POD, "automountServiceAccountToken")),
                f"{change.key} now mounts its ServiceAccount token: every build step can call "
                "the Kubernetes API as buildkitd's account",
                "buildkitd never calls the API; keep serviceAccount.automountToken: false.",
                (_bk("serviceAccount", "automountToken"),),
            )
    for change in ctx.comparison.of_kind("ServiceAccount"):
        before = (_at(change.old, "metadata", "annotations") or {}) if change.old else {}
        after = (_at(change.new, "metadata", "annotations") or {}) if change.new else {}
        moved = [key for key in IDENTITY_ANNOTATIONS if before.get(key) != after.get(key)]
        if not moved:
            continue
        described = "; ".join(f"{key} {_shown(before.get(key))} → {_shown(after.get(key))}"
                              for key in moved)
        yield ctx.finding(
            SERVICE_ACCOUNT.id, change, "$.metadata.annotations",
            f"the cloud identity of {change.key} changes ({described}): pods running as it, and "
            "every build step on them, act with the new identity",
            "buildkitd needs no cloud identity; BuildKit pushes with the credentials the build "
            "task forwards (IB321).",
            (_bk("serviceAccount", "annotations"), ("additionalServiceAccountAnnotations",)),
        )


# -- IB656 build-image-config ---------------------------------------------------------------------


def _is_build_config(change: ObjectChange) -> bool:
    data = _at(change.new, "data") or _at(change.old, "data") or {}
    return isinstance(data, dict) and "buildkit-uri" in data


def build_config(ctx: ImpactContext) -> Iterator[Finding]:
    for change in ctx.comparison.of_kind("ConfigMap"):
        if not _is_build_config(change):
            continue
        if change.change == "removed":
            yield ctx.finding(
                BUILD_CONFIG.id, change, "$",
                f"{change.key} is removed: Union's build task in namespace "
                f"{change.key.namespace} can no longer read it, and image builds there fail to "
                "start",
                "Keep it where build tasks run (single-namespace mode renders it; elsewhere the "
                "operator copies it, or use --target-namespace).",
                (("imageBuilder", "targetConfigMapName"), ("imageBuilder", "enabled"),
                 ("low_privilege",), ("namespaces", "enabled")),
            )
            continue
        if change.change != "changed":
            continue
        for key, (template, keys) in BUILD_CONFIG_KEYS.items():
            if not change.touches("data", key):
                continue
            before, after = _at(change.old, "data", key), _at(change.new, "data", key)
            text = template.format(old=_shown(before), new=_shown(after))
            yield ctx.finding(
                BUILD_CONFIG.id, change, json_path(("data", key)),
                f"{change.key}: {text}; tasks that already started keep what they read",
                "Check that the target exists and that the build task's identity may use it "
                "(`chartgen iam-policy` prints the grants).",
                keys,
            )


# -- IB657 / IB658 protections removed ------------------------------------------------------------


def protections(ctx: ImpactContext) -> Iterator[Finding]:
    for change in ctx.comparison.of_kind("PodDisruptionBudget"):
        if change.change == "removed":
            yield ctx.finding(
                PDB_REMOVED.id, change, "$",
                f"{change.key} is removed: a node drain or cluster upgrade may evict every "
                "buildkitd pod at once, failing the builds on them",
                "Keep replicaCount above 1 (the budget is rendered then), or drain nodes when no "
                "builds run.",
                (_bk("replicaCount"), _bk("pdb")),
            )
    for change in ctx.comparison.of_kind("NetworkPolicy"):
        if change.change == "removed":
            yield ctx.finding(
                NETWORK_POLICY_REMOVED.id, change, "$",
                f"{change.key} is removed: every pod that can reach buildkitd's port can run "
                "builds on it",
                "Keep buildkit.networkPolicy.enabled: true.",
                (_bk("networkPolicy", "enabled"),),
            )
            continue
        if change.change != "changed":
            continue
        rules = _at(change.new, "spec", "ingress") or []
        if any(isinstance(rule, dict) and not rule.get("from") for rule in rules):
            yield ctx.finding(
                NETWORK_POLICY_REMOVED.id, change, "$.spec.ingress",
                f"{change.key} now has an ingress rule that names no source: every pod in the "
                "cluster reaches buildkitd's port",
                "List the namespaces that run build tasks in networkPolicy.ingressFrom.",
                (_bk("networkPolicy", "ingressFrom"),),
            )


# -- IB659 SCC ------------------------------------------------------------------------------------


def scc_change(ctx: ImpactContext) -> Iterator[Finding]:
    restarting = any(c.change == "changed" and c.touches(*_TEMPLATE)
                     for c in ctx.comparison.of_kind("Deployment"))
    for change in ctx.comparison.of_kind("SecurityContextConstraints"):
        if change.change != "changed":
            continue
        when = ("the pods are replaced by this change as well (IB651) and are admitted under "
                "the new constraints") if restarting else (
                "running pods keep the constraints they were admitted with until they restart")
        yield ctx.finding(
            SCC_CHANGE.id, change, "$",
            f"{change.key} changes ({_paths(change.fields)}): OpenShift applies SCCs only when a "
            f"pod is admitted; {when}",
            "After applying, restart buildkitd (`oc rollout restart deployment/NAME`) if the "
            "pods do not restart by themselves, and check they are admitted.",
            (_bk("openShift", "securityContextConstraints"), _bk("rootless")),
        )


# -- IB660 replicas reset -------------------------------------------------------------------------


def replicas_reset(ctx: ImpactContext) -> Iterator[Finding]:
    for change in ctx.comparison.of_kind("Deployment"):
        if change.change != "changed" or not change.touches("spec", "replicas"):
            continue
        before = _at(change.old_raw, "spec", "replicas")
        if before is None or _at(change.new_raw, "spec", "replicas") is not None:
            continue
        yield ctx.finding(
            REPLICAS_RESET.id, change, "$.spec.replicas",
            f"spec.replicas ({before}) leaves {change.key}: Helm's three-way merge removes "
            "it, the Deployment drops to the API default of 1 replica, and the "
            "HorizontalPodAutoscaler scales up again from there; pods above one stop with "
            "their builds",
            "Turn autoscaling on when no builds run, or scale the Deployment to "
            "autoscaling.minReplicas first.",
            (_bk("autoscaling", "enabled"),),
        )


IMPACTS: tuple[Callable[[ImpactContext], Iterator[Finding]], ...] = (
    pod_restart,
    config_restart,
    immutable_fields,
    service_exposure,
    service_account,
    build_config,
    protections,
    scc_change,
    replicas_reset,
)


def impacts(ctx: ImpactContext) -> list[Finding]:
    return [finding for impact in IMPACTS for finding in impact(ctx)]
