"""The objects chartgen renders: one template each, and when (and into which namespaces) it applies.

This table is the single list of objects; adding an object means adding a template and a row.
The conditions follow the reference chart (`charts/dataplane/templates/imagebuilder/*.yaml`)
unless the row says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from chartgen.model import Values
from chartgen.record import record


@record(frozen=True)
class Placement:
    """Where objects go: the release namespace, and the extra `--target-namespace`s."""

    namespace: str
    target_namespaces: tuple[str, ...] = ()


Condition = Callable[[Values], bool]

# The values key that turns the buildkitd objects on.
BUILDKIT = ("imageBuilder", "buildkit", "enabled")
OPENSHIFT = ("imageBuilder", "buildkit", "openShift", "enabled")


@record(frozen=True)
class ObjectTemplate:
    template: str  # file name under templates/
    kind: str
    when: Condition
    summary: str
    # Which namespaces to render into; default: the release namespace when `when` holds.
    namespaces: Callable[[Values, Placement], list[str]] | None = None
    # The values key that makes chartgen render the object: a finding about the object as a
    # whole (`--validate-manifests` has no schema for it) points there, in the user's file.
    switch: tuple[str, ...] = BUILDKIT

    def placements(self, values: Values, placement: Placement) -> list[str]:
        if self.namespaces is not None:
            return self.namespaces(values, placement)
        return [placement.namespace] if self.when(values) else []


def _build_image_config_namespaces(values: Values, placement: Placement) -> list[str]:
    """The build-image ConfigMap: in the release namespace only in single-namespace mode (as the
    reference chart does: with namespace sync the operator copies it into every execution
    namespace), plus one copy per `--target-namespace` for clusters without that operator."""
    if not values.imageBuilder.enabled:
        return []
    namespaces = [placement.namespace] if values.single_namespace else []
    for namespace in placement.target_namespaces:
        if namespace not in namespaces:
            namespaces.append(namespace)
    return namespaces


def _deployed(values: Values) -> bool:
    return values.buildkit_deployed


def _openshift(values: Values) -> bool:
    return values.buildkit_deployed and values.buildkit.openShift.enabled


OBJECTS: tuple[ObjectTemplate, ...] = (
    ObjectTemplate(
        "build-image-configmap.yaml.j2",
        "ConfigMap",
        lambda v: v.imageBuilder.enabled,
        "what the build-image task reads: buildkit URI, default repository, auth, storage",
        namespaces=_build_image_config_namespaces,
        switch=("imageBuilder", "enabled"),
    ),
    ObjectTemplate(
        "buildkitd-configmap.yaml.j2", "ConfigMap", _deployed, "buildkitd.toml"
    ),
    ObjectTemplate(
        "deployment.yaml.j2", "Deployment", _deployed, "the buildkitd pods"
    ),
    ObjectTemplate(
        "service.yaml.j2", "Service", _deployed, "buildkitd's TCP endpoint, port → tcp (1234)"
    ),
    ObjectTemplate(
        "serviceaccount.yaml.j2",
        "ServiceAccount",
        lambda v: v.creates_service_account,
        "the dedicated service account (not when the common one is used)",
    ),
    ObjectTemplate(
        "poddisruptionbudget.yaml.j2",
        "PodDisruptionBudget",
        lambda v: v.renders_pdb,
        "keeps minAvailable pods through drains when replicaCount > 1",
    ),
    ObjectTemplate(
        "horizontalpodautoscaler.yaml.j2",
        "HorizontalPodAutoscaler",
        lambda v: v.buildkit_deployed and v.buildkit.autoscaling.enabled,
        "scales buildkitd on CPU / memory",
        switch=("imageBuilder", "buildkit", "autoscaling", "enabled"),
    ),
    ObjectTemplate(
        "securitycontextconstraints.yaml.j2",
        "SecurityContextConstraints",
        lambda v: v.creates_scc,
        "the OpenShift SCC buildkitd runs under (not when existingName names one)",
        switch=OPENSHIFT,
    ),
    ObjectTemplate(
        "scc-role.yaml.j2", "Role", _openshift, "lets the service account use the SCC",
        switch=OPENSHIFT,
    ),
    ObjectTemplate(
        "scc-rolebinding.yaml.j2", "RoleBinding", _openshift, "binds that Role to the account",
        switch=OPENSHIFT,
    ),
    # Hardening beyond the reference chart (SPEC §4.3).
    ObjectTemplate(
        "networkpolicy.yaml.j2",
        "NetworkPolicy",
        lambda v: v.buildkit_deployed and v.buildkit.networkPolicy.enabled,
        "only the release namespace and build namespaces reach port 1234",
        switch=("imageBuilder", "buildkit", "networkPolicy", "enabled"),
    ),
    ObjectTemplate(
        "certificate-server.yaml.j2",
        "Certificate",
        lambda v: v.buildkit_deployed and v.uses_cert_manager,
        "the daemon's certificate, for every name of the Service",
        switch=("imageBuilder", "buildkit", "tls", "certManager", "issuerRef", "name"),
    ),
    ObjectTemplate(
        "certificate-client.yaml.j2",
        "Certificate",
        lambda v: v.buildkit_deployed and v.uses_cert_manager,
        "the client certificate the build task presents",
        switch=("imageBuilder", "buildkit", "tls", "certManager", "issuerRef", "name"),
    ),
)
