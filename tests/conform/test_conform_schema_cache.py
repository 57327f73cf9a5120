"""The standalone schema cache: file names, deterministic and atomic builds, versions."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from conform_cases import VERSION

from chartgen.conform import validate_objects
from chartgen.conform.store import (
    build_standalone,
    cache_root,
    kubeconform_file_name,
    kubernetes_validate_version,
    open_store,
    shipped_file_name,
)
from chartgen.kube import KubeVersion

KINDS = [
    ("apps/v1", "Deployment"),
    ("v1", "Service"),
    ("v1", "ConfigMap"),
    ("v1", "ServiceAccount"),
    ("policy/v1", "PodDisruptionBudget"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"),
    ("rbac.authorization.k8s.io/v1", "Role"),
    ("rbac.authorization.k8s.io/v1", "RoleBinding"),
    ("networking.k8s.io/v1", "NetworkPolicy"),
]


@pytest.mark.parametrize(
    ("api_version", "kind", "name"),
    [
        ("apps/v1", "Deployment", "deployment-apps-v1.json"),
        ("v1", "ConfigMap", "configmap-v1.json"),
        (
            "autoscaling/v2",
            "HorizontalPodAutoscaler",
            "horizontalpodautoscaler-autoscaling-v2.json",
        ),
        ("policy/v1", "PodDisruptionBudget", "poddisruptionbudget-policy-v1.json"),
        ("networking.k8s.io/v1", "NetworkPolicy", "networkpolicy-networking-v1.json"),
        ("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebinding-rbac-v1.json"),
        ("cert-manager.io/v1", "Certificate", "certificate-cert-manager-v1.json"),
    ],
)
def test_file_names_follow_kubeconforms_kind_suffix(api_version: str, kind: str, name: str) -> None:
    assert kubeconform_file_name(kind, api_version) == name


def test_shipped_file_names_keep_the_full_group() -> None:
    assert (
        shipped_file_name("Certificate", "cert-manager.io/v1")
        == "certificate-cert-manager.io-v1.json"
    )
    assert shipped_file_name("ConfigMap", "v1") is None


def _build_all(cache: Path) -> dict[str, bytes]:
    import os

    os.environ["CHARTGEN_CACHE_DIR"] = str(cache)
    store = open_store(VERSION)
    out = {}
    for api_version, kind in KINDS:
        schema = store.schema_for(api_version, kind)
        assert schema is not None and schema.origin == "kubernetes"
        out[schema.path.name] = schema.path.read_bytes()
    return out


def test_builds_are_deterministic_across_directories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _build_all(tmp_path / "one")
    second = _build_all(tmp_path / "two")
    assert first == second
    assert len(first) == len(KINDS)
    store = open_store(VERSION)
    assert (
        build_standalone(store.source_dir, "deployment-apps-v1.json")
        == first["deployment-apps-v1.json"]
    )


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        for key, value in node.items():
            if key in ("properties", "$defs", "patternProperties") and isinstance(value, dict):
                for child in value.values():
                    found += _refs(child)
            elif key not in ("enum", "default", "required", "example"):
                found += _refs(value)
        return found
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def test_standalone_files_have_no_ref_and_keep_strictness(tmp_path: Path) -> None:
    files = _build_all(tmp_path)
    for name, data in files.items():
        schema = json.loads(data)
        assert _refs(schema) == [], name
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert "$id" not in schema
        assert data.endswith(b"\n") and b"\n" not in data[:-1]
    deployment = json.loads(files["deployment-apps-v1.json"])
    container = deployment["properties"]["spec"]["properties"]["template"]["properties"]["spec"][
        "properties"
    ]["containers"]["items"]
    assert container["additionalProperties"] is False
    assert container["required"] == ["name"]


def test_recursive_definitions_stay_as_local_refs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CustomResourceDefinition's JSONSchemaProps is recursive: it is kept under local $defs."""
    monkeypatch.setenv("CHARTGEN_CACHE_DIR", str(tmp_path))
    schema_file = open_store(VERSION).schema_for(
        "apiextensions.k8s.io/v1", "CustomResourceDefinition"
    )
    assert schema_file is not None
    schema = json.loads(schema_file.path.read_bytes())
    refs = set(_refs(schema))
    assert refs and all(ref.startswith("#/$defs/") for ref in refs)
    assert {ref.removeprefix("#/$defs/") for ref in refs} <= set(schema["$defs"])
    crd = {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "things.example.com"},
        "spec": {
            "group": "example.com",
            "scope": "Namespaced",
            "names": {"kind": "Thing", "plural": "things"},
            "versions": [
                {
                    "name": "v1",
                    "served": True,
                    "storage": True,
                    "schema": {
                        "openAPIV3Schema": {
                            "type": "object",
                            "properties": {
                                "spec": {
                                    "type": "object",
                                    "properties": {"size": {"type": "integer"}},
                                }
                            },
                        }
                    },
                }
            ],
        },
    }
    assert validate_objects([crd], VERSION, engine="python") == []
    crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["typo"] = 1
    [finding] = validate_objects([crd], VERSION, engine="python")
    assert finding.path.endswith(".openAPIV3Schema.properties.spec")
    assert finding.message == "additional properties 'typo' not allowed"


def _build_in_child(cache: str) -> str:
    import os

    os.environ["CHARTGEN_CACHE_DIR"] = cache
    from chartgen.conform.store import open_store as open_child_store

    schema = open_child_store(VERSION).schema_for("apps/v1", "Deployment")
    assert schema is not None
    return schema.path.read_text(encoding="utf-8")


def test_concurrent_builds_are_safe(tmp_path: Path) -> None:
    cache = str(tmp_path / "shared")
    context = multiprocessing.get_context("spawn")
    with context.Pool(6) as pool:
        results = pool.map(_build_in_child, [cache] * 12)
    assert len(set(results)) == 1
    folder = next((tmp_path / "shared").rglob("deployment-apps-v1.json")).parent
    # The schema and its digest; no temporary files.
    assert sorted(p.name for p in folder.iterdir()) == [
        "deployment-apps-v1.json", "deployment-apps-v1.json.sha256"]
    json.loads(results[0])


def test_cache_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHARTGEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "chartgen"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache_root() == Path.home() / ".cache" / "chartgen"
    monkeypatch.setenv("CHARTGEN_CACHE_DIR", str(tmp_path / "override"))
    store = open_store(KubeVersion(1, 35, 7))
    assert store.standalone_dir == (
        tmp_path
        / "override"
        / "kubernetes-schemas"
        / kubernetes_validate_version()
        / "v1.35.0-standalone-strict"
    )
    assert store.source_dir.name == "v1.35.0-local-strict"


def test_missing_minor_is_an_environment_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHARTGEN_CACHE_DIR", str(tmp_path))
    [finding] = validate_objects(
        [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}],
        KubeVersion(1, 99, 0),
        engine="python",
    )
    assert finding.rule == "IB403" and finding.environment
    assert "no Kubernetes schemas for 1.99" in finding.message
    assert " to 1." in finding.message  # names the available range
    assert "--kube-version" in finding.hint


def test_unwritable_cache_is_an_environment_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CHARTGEN_CACHE_DIR", str(blocker / "cache"))
    [finding] = validate_objects(
        [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}],
        VERSION,
        engine="python",
    )
    assert finding.rule == "IB403" and finding.environment
    assert "cannot write the schema cache" in finding.message
    assert "CHARTGEN_CACHE_DIR" in finding.hint


def test_foreign_group_with_a_kubernetes_kind_name_is_not_checked_as_kubernetes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kubeconform's file names drop all but the first group label; chartgen checks the GVK."""
    monkeypatch.setenv("CHARTGEN_CACHE_DIR", str(tmp_path))
    store = open_store(VERSION)
    assert store.schema_for("rbac.authorization.k8s.io/v1", "Role") is not None
    assert store.schema_for("rbac.example.com/v1", "Role") is None
    assert store.schema_for("apps/v1", "DeploymentSpec") is None  # a sub-type, not a kind
