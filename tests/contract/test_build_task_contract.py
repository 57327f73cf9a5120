"""The contract with what consumes build-image-config: Union's `build-image` task.

The task (controlplane chart of unionai/helm-charts, `files/build_image_task.py`) is a
ContainerTask whose pod
- reads `buildkit-uri`, `default-repository` and `authentication-type` from the ConfigMap
  through env `configMapKeyRef`s that are not optional (a missing key stops the pod), and
  `enable-image-optimization` through an optional one;
- mounts the key `storage.yaml` as a file (a ConfigMap volume item, not optional: a ConfigMap
  without it stops the pod) and reads it as the data plane's storage configuration;
- mounts no client certificate and passes buildkitd no TLS flags, so a buildkitd that requires
  client certificates refuses it.

`BUILD_TASK` holds those facts as data; when the mirror of unionai/helm-charts is present the
first test reads them out of the real task file (its AST) and fails if they changed. The other
tests hold chartgen to them on every value set chartgen accepts: every render scenario, the
valid fixtures, Union-shaped values and an exhaustive grid of the settings that could break the
contract (TLS, its statement, external URIs, buildkit on/off, namespace modes, storage).
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT
from ruamel.yaml import YAML
from union_values import COMBINATIONS, fixture_set, mirror_file

from chartgen.model import Values
from chartgen.render import RenderOptions, render_objects
from chartgen.validate import validate_sources
from chartgen.values.loader import ValueSources

BUILD_TASK: dict[str, Any] = {
    "required_keys": {"buildkit-uri", "default-repository", "authentication-type"},
    "optional_keys": {"enable-image-optimization"},
    "mounted_keys": {"storage.yaml"},
    "presents_client_certificate": False,
}
TASK_FILE = "charts/controlplane/files/build_image_task.py"


def _constant(node: ast.AST, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def read_task_contract(source: str) -> dict[str, Any]:
    """The facts of `BUILD_TASK`, read from the task's source."""
    tree = ast.parse(source)
    constants = {
        target.id: node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets if isinstance(target, ast.Name)
    }
    required, optional, mounted = set(), set(), set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        if node.func.id == "V1ConfigMapKeySelector":
            key = _constant(_keyword(node, "key") or ast.Constant(None), constants)
            flag = _keyword(node, "optional")
            is_optional = isinstance(flag, ast.Constant) and flag.value is True
            (optional if is_optional else required).add(key)
        if node.func.id == "V1KeyToPath":
            mounted.add(_constant(_keyword(node, "key") or ast.Constant(None), constants))
    lowered = source.lower()
    certificate = any(word in lowered for word in ("tlscacert", "tls_cert", "client.crt",
                                                   "--tlscert", "ca.crt", "tls.crt"))
    return {"required_keys": required, "optional_keys": optional, "mounted_keys": mounted,
            "presents_client_certificate": certificate}


def test_the_facts_are_the_real_tasks() -> None:
    assert read_task_contract(mirror_file(TASK_FILE)) == BUILD_TASK


# -- chartgen honours them ---------------------------------------------------------------------


def check_contract(values: Values, namespace: str = "union") -> None:
    """Every build-image-config chartgen renders serves the task, and buildkitd accepts it."""
    rendered = render_objects(values, RenderOptions(namespace=namespace))
    objects = rendered.objects
    configs = [o for o in objects if o["kind"] == "ConfigMap"
               and o["metadata"]["name"] == values.imageBuilder.targetConfigMapName]
    readable = BUILD_TASK["required_keys"] | BUILD_TASK["optional_keys"]
    for config in configs:
        data = config["data"]
        assert BUILD_TASK["required_keys"] <= set(data), sorted(data)
        assert BUILD_TASK["mounted_keys"] <= set(data), sorted(data)
        # Only keys something reads.
        assert set(data) <= readable | BUILD_TASK["mounted_keys"], sorted(data)
        storage = YAML(typ="safe").load(data["storage.yaml"])
        assert isinstance(storage, dict) and isinstance(storage.get("storage"), dict)
    deployment = [o for o in objects if o["kind"] == "Deployment"]
    if not deployment or not values.build_task_uses_this_buildkitd:
        return
    args = deployment[0]["spec"]["template"]["spec"]["containers"][0]["args"]
    requires_certificates = "--tlscacert" in args
    if requires_certificates:
        # Only where the values state that every client presents one: not the build task.
        assert values.buildkit.tls.clientsPresentCertificates


def accepted(files: list[str]) -> Values | None:
    validation = validate_sources(ValueSources(files=files))
    return validation.values if validation.ok else None


VALUE_SETS = [
    *sorted((ROOT / "tests" / "render" / "scenarios").glob("*.yaml")),
    *sorted((FIXTURES / "valid").glob("*.yaml")),
]


@pytest.mark.parametrize("path", VALUE_SETS, ids=lambda p: p.stem)
def test_every_accepted_value_set_keeps_the_contract(path: Path) -> None:
    values = accepted([str(path)])
    assert values is not None, path
    check_contract(values)


@pytest.mark.parametrize("name", COMBINATIONS)
def test_union_values_keep_the_contract(name: str) -> None:
    values = accepted([str(p) for p in fixture_set(name)])
    assert values is not None
    check_contract(values)


GRID = list(itertools.product(
    [False, True],  # tls.enabled
    [False, True],  # tls.clientsPresentCertificates
    ["", "tcp://buildkitd.builds.svc:1234"],  # buildkitUri
    [True, False],  # buildkit.enabled
    [True, False],  # low_privilege
    [None, "aws", "gcs", "custom"],  # storage.provider (None: the reference default)
))


@pytest.mark.parametrize(("tls", "statement", "uri", "deployed", "single", "provider"), GRID)
def test_no_accepted_setting_breaks_the_build_task(
    tmp_path: Path, tls: bool, statement: bool, uri: str, deployed: bool, single: bool,
    provider: str | None,
) -> None:
    data: dict[str, Any] = {
        "low_privilege": single,
        "imageBuilder": {
            "buildkitUri": uri,
            "buildkit": {
                "enabled": deployed,
                "tls": {"enabled": tls, "clientsPresentCertificates": statement,
                        "existingSecret": "buildkitd-tls"},
            },
        },
    }
    if provider is not None:
        data["storage"] = {"provider": provider, "authType": "iam",
                           "gcp": {"projectId": "p"}, "custom": {"type": "stow"}}
    path = tmp_path / "values.yaml"
    from chartgen.render.yamltext import block

    path.write_text(block(data, 0) + "\n", encoding="utf-8")
    values = accepted([str(path)])
    if values is None:
        # Refused: TLS the build task would have to use without a certificate is IB320, an
        # exposure without a builder IB207.
        return
    check_contract(values)
    if tls and not statement and deployed and not uri:
        pytest.fail("chartgen accepted TLS that Union's build task cannot connect to")
