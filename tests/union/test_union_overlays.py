"""Union's values shapes (base + cloud overlay [+ OpenShift] + a deployment's globals) render
objects that pass strict Kubernetes validation, with every template Helm would evaluate resolved
— annotation keys included — and the repository and storage.yaml the reference derives.

Runs on chartgen's stand-in files (tests/fixtures/union/) always, and on Union's real files from
the mirror of unionai/helm-charts when it is present.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from ruamel.yaml import YAML
from union_values import COMBINATIONS, fixture_set, reference_set

from chartgen.clouds import cloud_identity
from chartgen.model import build_model
from chartgen.validate import validate_sources
from chartgen.values.loader import ValueSources


def objects_of(text: str) -> list[dict[str, Any]]:
    return [doc for doc in YAML(typ="safe").load_all(text) if doc]


def one(objects: list[dict[str, Any]], kind: str, name: str | None = None) -> dict[str, Any]:
    found = [o for o in objects if o["kind"] == kind and name in (None, o["metadata"]["name"])]
    assert len(found) == 1, (kind, name, [o["metadata"]["name"] for o in found])
    return found[0]


def render_strictly(files: list[Path]) -> tuple[list[dict[str, Any]], str]:
    """`chartgen render --validate-manifests`: every object against the Kubernetes schemas,
    unknown fields and invalid names are errors (exit 1)."""
    result = run_cli("render", *map(str, files), "--validate-manifests")
    assert result.exception is None, result.exception
    assert result.exit_code == 0, result.stderr
    # No manifest finding; only the OpenShift SCC is skipped (IB402: Kubernetes publishes no
    # schema for it), never passed silently.
    manifest = [line for line in result.stderr.splitlines() if "[IB4" in line]
    assert all("[IB402]" in line and "SecurityContextConstraints" in line for line in manifest), (
        manifest)
    return objects_of(result.stdout), result.stderr


def assert_no_template_left(objects: list[dict[str, Any]]) -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                assert "{{" not in str(key), f"{where}: key {key!r}"
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")
        else:
            assert "{{" not in str(node), f"{where}: {node!r}"

    for obj in objects:
        walk(obj, f"{obj['kind']}/{obj['metadata']['name']}")


def storage_of(objects: list[dict[str, Any]]) -> dict[str, Any]:
    data = one(objects, "ConfigMap", "build-image-config")["data"]
    document: dict[str, Any] = YAML(typ="safe").load(data["storage.yaml"])["storage"]
    return document


EXPECTED_REPOSITORY = {
    "aws": "123456789012.dkr.ecr.us-east-2.amazonaws.com/union-dataplane",
    "gcp": "us-central1-docker.pkg.dev/acme-prod/union-dataplane",
    "azure": "acmeunion.azurecr.io",
    "aws-openshift": "123456789012.dkr.ecr.us-east-2.amazonaws.com/union-dataplane",
}
EXPECTED_STOW = {
    "aws": {"type": "stow", "stow": {"kind": "s3", "config": {"auth_type": "iam",
                                                                "region": "us-east-2"}}},
    "gcp": {"type": "stow", "stow": {"kind": "google", "config": {
        "json": "", "project_id": "acme-prod",
        "scopes": "https://www.googleapis.com/auth/cloud-platform"}}},
    "azure": {"type": "stow", "stow": {"kind": "azure",
                                       "config": {"account": "acmestorage"}}},
}
EXPECTED_STOW["aws-openshift"] = EXPECTED_STOW["aws"]


@pytest.mark.parametrize("name", COMBINATIONS)
def test_union_overlays_render_valid_objects_with_every_template_resolved(name: str) -> None:
    objects, _ = render_strictly(fixture_set(name))
    assert_no_template_left(objects)

    config = one(objects, "ConfigMap", "build-image-config")["data"]
    assert config["default-repository"] == EXPECTED_REPOSITORY[name]
    storage = storage_of(objects)
    assert storage["container"] == "acme-metadata"
    assert {k: storage[k] for k in ("type", "stow")} == EXPECTED_STOW[name]
    assert storage["enable-multicontainer"] is True

    account = one(objects, "ServiceAccount", "union-imagebuilder")
    annotations = account["metadata"].get("annotations", {})
    # The backend identity the overlay puts on every data-plane account stays off buildkitd's.
    assert not [key for key in annotations if cloud_identity(key)]
    if name.startswith("aws"):
        # A templated key and a `tpl` value, resolved like Helm resolves them.
        assert annotations == {"acme.example.com/team": "us-east-2-builders"}


def test_the_overlay_resolves_the_backend_role_key_and_value_like_helm() -> None:
    validation = validate_sources(ValueSources(files=[str(p) for p in fixture_set("aws")]))
    assert validation.values is not None
    assert validation.values.additionalServiceAccountAnnotations == {
        "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/acme-backend",
        "acme.example.com/team": "us-east-2-builders",
    }


@pytest.mark.parametrize("name", ["aws", "gcp", "azure"])
def test_on_the_common_account_the_backend_identity_is_reported(name: str) -> None:
    result = run_cli("validate", *map(str, fixture_set(name, dedicated=False)))
    assert "[IB321]" in result.stdout + result.stderr
    assert "forceDedicated: true" in result.stdout + result.stderr


def test_openshift_overlay_gets_the_reference_names() -> None:
    objects, _ = render_strictly(fixture_set("aws-openshift"))
    assert one(objects, "SecurityContextConstraints")["metadata"]["name"] == (
        "union-operator-buildkit-rootless")
    binding = one(objects, "RoleBinding")
    assert binding["metadata"]["name"] == "union-operator-buildkit-rootless"
    assert binding["subjects"][0]["name"] == "union-imagebuilder"
    pod = one(objects, "Deployment")["spec"]["template"]
    assert pod["metadata"]["annotations"]["openshift.io/required-scc"] == (
        "union-operator-buildkit-rootless")
    assert pod["spec"]["hostUsers"] is False


def test_base_and_azure_overlay_derive_the_reference_repository() -> None:
    """values.yaml + values.azure.yaml, registryName untouched: the reference's
    union-dataplane.azurecr.io (which IB201 reports: Azure forbids '-' in registry names)."""
    from chartgen.values.loader import load_values

    files = [str(fixture_set("azure")[0]), str(fixture_set("azure")[1])]
    loaded = load_values(ValueSources(files=files))
    assert loaded.data is not None
    assert build_model(loaded.data).default_repository().value == "union-dataplane.azurecr.io"
    result = run_cli("validate", *files)
    assert "[IB201]" in result.stdout + result.stderr


# -- Union's real files ------------------------------------------------------------------------


@pytest.mark.parametrize("name", COMBINATIONS)
def test_unions_real_overlays_render_valid_objects(name: str, tmp_path: Path) -> None:
    files = reference_set(name, tmp_path / name)
    objects, _ = render_strictly(files)
    assert_no_template_left(objects)
    account = one(objects, "ServiceAccount", "union-imagebuilder")
    assert not [k for k in account["metadata"].get("annotations", {}) if cloud_identity(k)]
    assert "storage.yaml" in one(objects, "ConfigMap", "build-image-config")["data"]


def test_unions_real_azure_values_derive_union_dataplane_azurecr_io(tmp_path: Path) -> None:
    from chartgen.values.loader import load_values

    files = reference_set("azure", tmp_path)[:2]  # values.yaml + values.azure.yaml
    loaded = load_values(ValueSources(files=[str(p) for p in files]))
    assert loaded.data is not None
    assert build_model(loaded.data).default_repository().value == "union-dataplane.azurecr.io"


def test_unions_real_aws_annotation_key_resolves(tmp_path: Path) -> None:
    files = reference_set("aws", tmp_path, dedicated=False)
    validation = validate_sources(ValueSources(files=[str(p) for p in files]))
    assert validation.values is not None
    assert validation.values.additionalServiceAccountAnnotations == {
        "eks.amazonaws.com/role-arn": "test-backend-iam-role-arn"}
