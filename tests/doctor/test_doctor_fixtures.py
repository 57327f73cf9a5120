"""The fixture clusters are real API shapes: every object validates against the strict
Kubernetes JSON schema of its cluster's version, through chartgen's own schema store and
in-process engine (and kubeconform, when on PATH). Kinds without a bundled schema are reported
as such and checked against their own API's fields here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import in_ci
from jsonschema import Draft202012Validator

from chartgen.conform import validate_objects
from chartgen.doctor.facts import read_facts
from chartgen.doctor.sources import SOURCES
from chartgen.kube import KubeVersion

CLUSTERS = Path(__file__).resolve().parent / "clusters"
VERSIONS = {"eks": (1, 31), "gke-autopilot": (1, 33), "aks": (1, 32), "openshift": (1, 30),
            "k3d": (1, 31)}

# `kubectl version -o json`: kubectl's Version with apimachinery's version.Info on both sides
# (k8s.io/kubectl pkg/cmd/version, k8s.io/apimachinery pkg/version/types.go).
_INFO = {
    "type": "object", "additionalProperties": False,
    "required": ["major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate",
                 "goVersion", "compiler", "platform"],
    "properties": {name: {"type": "string"} for name in (
        "major", "minor", "emulationMajor", "emulationMinor", "minCompatibilityMajor",
        "minCompatibilityMinor", "gitVersion", "gitCommit", "gitTreeState", "buildDate",
        "goVersion", "compiler", "platform")},
}
VERSION_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {"clientVersion": _INFO, "kustomizeVersion": {"type": "string"},
                   "serverVersion": _INFO},
    "required": ["serverVersion"],
}

# security.openshift.io/v1 SecurityContextConstraints: the API's fields and their types
# (openshift/api security/v1 types.go), no field outside them.
_STRATEGY = {"type": "object", "additionalProperties": False,
             "properties": {"type": {"type": "string"}, "uid": {"type": "integer"},
                            "uidRangeMin": {"type": "integer"}, "uidRangeMax": {"type": "integer"},
                            "seLinuxOptions": {"type": "object"},
                            "ranges": {"type": "array"}}}
_STRINGS = {"type": ["array", "null"], "items": {"type": "string"}}
SCC_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["apiVersion", "kind", "metadata", "allowHostDirVolumePlugin", "allowHostIPC",
                 "allowHostNetwork", "allowHostPID", "allowHostPorts", "allowPrivilegedContainer",
                 "allowedCapabilities", "defaultAddCapabilities", "priority",
                 "readOnlyRootFilesystem", "requiredDropCapabilities"],
    "properties": {
        "apiVersion": {"const": "security.openshift.io/v1"},
        "kind": {"const": "SecurityContextConstraints"},
        "metadata": {"type": "object"},
        **{name: {"type": "boolean"} for name in (
            "allowHostDirVolumePlugin", "allowHostIPC", "allowHostNetwork", "allowHostPID",
            "allowHostPorts", "allowPrivilegeEscalation", "allowPrivilegedContainer",
            "defaultAllowPrivilegeEscalation", "readOnlyRootFilesystem")},
        **{name: _STRINGS for name in (
            "allowedCapabilities", "defaultAddCapabilities", "requiredDropCapabilities",
            "allowedUnsafeSysctls", "forbiddenSysctls", "groups", "users", "volumes",
            "seccompProfiles")},
        "allowedFlexVolumes": {"type": ["array", "null"]},
        "priority": {"type": ["integer", "null"]},
        **{name: _STRATEGY for name in ("fsGroup", "runAsUser", "seLinuxContext",
                                        "supplementalGroups")},
    },
}


@pytest.mark.parametrize("engine", ["python", "kubeconform"])
@pytest.mark.parametrize("cluster", sorted(VERSIONS))
def test_every_object_matches_the_kubernetes_schema(cluster: str, engine: str) -> None:
    if engine == "kubeconform" and shutil.which("kubeconform") is None:
        if in_ci():
            pytest.fail("kubeconform is not on PATH (CI=true: .ci/run installs it)")
        pytest.skip("kubeconform is not on PATH")
    facts, findings = read_facts([str(CLUSTERS / cluster)])
    assert not findings
    objects = [item.data for group in facts.objects.values() for item in group]
    assert objects
    results = validate_objects(objects, KubeVersion(*VERSIONS[cluster]),
                               engine=engine)  # type: ignore[arg-type]
    skipped = [f for f in results if f.rule == "IB402"]
    assert [f for f in results if f.rule != "IB402"] == []
    # Only OpenShift's own kind lacks a bundled schema, and it is reported, not passed.
    assert {f.path.split("/")[0] for f in skipped} <= {"SecurityContextConstraints"}
    assert len(skipped) == len(facts.sccs)


@pytest.mark.parametrize("cluster", sorted(VERSIONS))
def test_the_version_document_and_the_file_set(cluster: str) -> None:
    directory = CLUSTERS / cluster
    assert sorted(p.name for p in directory.iterdir()) == sorted(s.file for s in SOURCES)
    document = json.loads((directory / "version.json").read_text(encoding="utf-8"))
    assert not list(Draft202012Validator(VERSION_SCHEMA).iter_errors(document))
    facts, _ = read_facts([str(directory)])
    assert facts.version is not None
    assert (facts.version.major, facts.version.minor) == VERSIONS[cluster]
    assert facts.given == {s.fact for s in SOURCES}


def test_openshift_sccs_have_the_api_fields() -> None:
    facts, _ = read_facts([str(CLUSTERS / "openshift")])
    assert {scc.name for scc in facts.sccs} == {"anyuid", "nonroot-v2", "privileged",
                                                 "restricted-v2"}
    for scc in facts.sccs:
        errors = list(Draft202012Validator(SCC_SCHEMA).iter_errors(scc.data))
        assert not errors, (scc.name, errors)


def test_the_schema_check_is_not_vacuous() -> None:
    """A field the API does not know, or a wrong type, fails the same validation."""
    facts, _ = read_facts([str(CLUSTERS / "eks")])
    node: dict[str, Any] = json.loads(json.dumps(facts.nodes[0].data))
    node["status"]["nodeInfo"]["kernel"] = "6.1"
    namespace = json.loads(json.dumps(facts.namespaces[0].data))
    namespace["spec"]["finalizers"] = "kubernetes"
    results = validate_objects([node, namespace], KubeVersion(1, 31), engine="python")
    assert {f.rule for f in results} == {"IB401"}
    assert len({f.path.split(":")[0] for f in results}) == 2
