"""The editor schema: a values file as written validates in an editor and in check-jsonschema.

check-jsonschema (the real command line, `--schemafile`) is the consumer: it accepts Union's
values files and every `chartgen init` starter with the editor schema, and still refuses a
typo or a wrong type inside `imageBuilder`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, run_cli
from union_values import mirror_file, mirror_or_skip

from chartgen.codegen.editor_schema import EDITOR_SCHEMA_ID, editor_schema_text
from chartgen.resources import EDITOR_SCHEMA_FILE, editor_schema_path, values_schema_path

EDITOR_SCHEMA = editor_schema_path()
CONTRACT = json.loads(values_schema_path().read_text(encoding="utf-8"))
STARTER_CLOUDS = ("aws", "gcp", "azure", "none")


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema),
         "-o", "text", *map(str, files)],
        capture_output=True, text=True, timeout=120,
    )


def test_shipped_editor_schema_is_generated_from_the_contract() -> None:
    assert EDITOR_SCHEMA.read_text(encoding="utf-8") == editor_schema_text(CONTRACT), (
        "schemas/" + EDITOR_SCHEMA_FILE + " is stale: run python -m chartgen.codegen"
    )


def test_editor_schema_has_its_own_stable_id_and_the_draft_editors_read() -> None:
    editor = json.loads(EDITOR_SCHEMA.read_text(encoding="utf-8"))
    assert editor["$id"] == EDITOR_SCHEMA_ID != CONTRACT["$id"]
    # The YAML language server validates draft-07 and below.
    assert editor["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in editor and set(editor["definitions"]) == set(CONTRACT["$defs"])
    assert "#/$defs/" not in EDITOR_SCHEMA.read_text(encoding="utf-8")


def test_editor_schema_is_valid_for_its_metaschema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--check-metaschema", str(EDITOR_SCHEMA)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _without(node: Any, keywords: set[str]) -> Any:
    if isinstance(node, dict):
        return {k: _without(v, keywords) for k, v in node.items() if k not in keywords}
    if isinstance(node, list):
        return [_without(v, keywords) for v in node]
    return node


def test_editor_schema_keeps_every_type_default_description_and_enum() -> None:
    text = EDITOR_SCHEMA.read_text(encoding="utf-8").replace('"#/definitions/', '"#/$defs/')
    editor = json.loads(text)
    editor["$defs"] = editor.pop("definitions")
    dropped = {"required", "markdownDescription", "$schema", "$id", "$comment", "title"}
    assert _without(editor, dropped) == _without(CONTRACT, dropped)


def _descriptions(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("description"), str) and "markdownDescription" in node:
            found.append(node)
        for value in node.values():
            found.extend(_descriptions(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_descriptions(value))
    return found


def test_every_description_has_a_markdown_description_with_default_and_explain() -> None:
    editor = json.loads(EDITOR_SCHEMA.read_text(encoding="utf-8"))
    rootless = editor["properties"]["imageBuilder"]["properties"]["buildkit"]["properties"][
        "rootless"]
    assert rootless["markdownDescription"].startswith(rootless["description"])
    assert "Default: `false`" in rootless["markdownDescription"]
    assert "`chartgen explain imageBuilder.buildkit.rootless`" in rootless["markdownDescription"]
    # The command the hover names works.
    assert run_cli("explain", "imageBuilder.buildkit.rootless").exit_code == 0
    count_described = json.dumps(CONTRACT).count('"description":')
    assert len(_descriptions(editor)) == count_described


def union_files() -> list[Path]:
    return sorted((FIXTURES / "union").glob("*.yaml"))


def test_check_jsonschema_accepts_unions_values_files_and_the_example() -> None:
    files = [*union_files(), ROOT / "values.example.yaml"]
    result = check_jsonschema(EDITOR_SCHEMA, *files)
    assert result.returncode == 0, result.stdout + result.stderr
    # The contract schema (values after defaults) refuses the same base file: the reason the
    # editor schema exists.
    contract = check_jsonschema(values_schema_path(), FIXTURES / "union" / "values.yaml")
    assert contract.returncode == 1
    assert "is a required property" in contract.stdout


def test_check_jsonschema_accepts_the_reference_charts_own_values_files(tmp_path: Path) -> None:
    mirror = mirror_or_skip()
    listed = subprocess.run(
        ["git", "-C", str(mirror), "ls-tree", "-r", "--name-only", "HEAD", "charts/dataplane"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    names = [n for n in listed if n.endswith(".yaml") and
             (n.rpartition("/")[2].startswith("values") or "/examples/" in n)]
    assert "charts/dataplane/values.yaml" in names
    files = []
    for name in names:
        target = tmp_path / name.replace("/", "__")
        target.write_text(mirror_file(name), encoding="utf-8")
        files.append(target)
    result = check_jsonschema(EDITOR_SCHEMA, *files)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("cloud", STARTER_CLOUDS)
def test_check_jsonschema_accepts_every_init_starter(cloud: str, tmp_path: Path) -> None:
    starter = run_cli("init", "--cloud", cloud)
    assert starter.exit_code == 0, starter.stderr
    path = tmp_path / "values.yaml"
    path.write_text(starter.stdout, encoding="utf-8")
    result = check_jsonschema(EDITOR_SCHEMA, path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "text, expected",
    [
        ("imageBuilder:\n  authenticationtype: aws\n",
         "$.imageBuilder: Additional properties are not allowed ('authenticationtype' was "
         "unexpected)"),
        ("imageBuilder:\n  buildkit:\n    replicaCount: two\n",
         "$.imageBuilder.buildkit.replicaCount: 'two' is not of type 'integer'"),
        ("imageBuilder:\n  authenticationType: ecr\n",
         "$.imageBuilder.authenticationType: 'ecr' is not one of"),
        ("imageBuilder:\n  buildkit:\n    service:\n      port: 70000\n",
         "$.imageBuilder.buildkit.service.port: 70000 is greater than the maximum of 65535"),
        # A list entry's key without a default stays required.
        ("imageBuilder:\n  buildkit:\n    podEnv:\n      - value: x\n",
         "$.imageBuilder.buildkit.podEnv[0]: 'name' is a required property"),
        ("imageBuilder:\n  buildkit:\n    networkPolicy:\n      egress:\n        dnss: {}\n",
         "('dnss' was unexpected)"),
    ],
)
def test_check_jsonschema_still_refuses_mistakes_inside_imagebuilder(
    text: str, expected: str, tmp_path: Path
) -> None:
    path = tmp_path / "values.yaml"
    path.write_text(text, encoding="utf-8")
    result = check_jsonschema(EDITOR_SCHEMA, path)
    assert result.returncode == 1, result.stdout
    assert expected in result.stdout


def test_unknown_top_level_keys_pass_and_known_ones_are_typed(tmp_path: Path) -> None:
    path = tmp_path / "values.yaml"
    path.write_text(
        "clusterName: prod\nsecrets: {admin: {enable: true}}\nlow_privilege: maybe\n",
        encoding="utf-8",
    )
    result = check_jsonschema(EDITOR_SCHEMA, path)
    assert result.returncode == 1
    assert "$.low_privilege: 'maybe' is not of type 'boolean'" in result.stdout
    assert "clusterName" not in result.stdout and "secrets" not in result.stdout
