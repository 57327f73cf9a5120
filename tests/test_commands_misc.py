"""The helper commands: schema, explain, docs, init, --version."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from chartgen import __version__
from chartgen.resources import values_schema_path
from chartgen.schema import iter_keys


def test_schema_prints_the_shipped_schema() -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(values_schema_path().read_text())


@pytest.mark.parametrize("arguments", [[], ["--for", "contract"]])
def test_schema_for_contract_is_the_source_of_truth_byte_for_byte(arguments: list[str]) -> None:
    result = run_cli("schema", *arguments)
    assert result.exit_code == 0
    assert result.stdout == values_schema_path().read_text(encoding="utf-8")


def test_schema_for_editor_is_the_shipped_editor_schema() -> None:
    from chartgen.resources import editor_schema_path

    result = run_cli("schema", "--for", "editor")
    assert result.exit_code == 0
    assert result.stdout == editor_schema_path().read_text(encoding="utf-8")
    assert json.loads(result.stdout)["$id"] == "urn:chartgen:imagebuilder-values:editor:v1"


def test_schema_for_chart_is_the_file_chart_writes(tmp_path) -> None:
    chart = tmp_path / "chart"
    written = run_cli("chart", "--output-dir", str(chart))
    assert written.exit_code == 0, written.stderr
    result = run_cli("schema", "--for", "chart")
    assert result.exit_code == 0
    assert result.stdout.encode() == (chart / "values.schema.json").read_bytes()
    assert "targetNamespaces" in json.loads(result.stdout)["properties"]


def test_schema_for_something_else_is_a_usage_error() -> None:
    result = run_cli("schema", "--for", "vscode")
    assert result.exit_code == 2
    assert "--for must be one of contract, editor, chart, not 'vscode'" in result.stderr
    assert result.stdout == ""


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"chartgen {__version__}"


@pytest.mark.parametrize(
    "subject, expected",
    [
        ("imageBuilder.buildkit.rootless", "default:  false"),
        ("buildkit.rootless", "imageBuilder.buildkit.rootless"),
        ("imageBuilder.authenticationType", 'allowed:  "noop", "google", "aws", "azure", "basic"'),
        ("imageBuilder.buildkit.service", "keys:"),
        ("IB101", "unknown-key (error)"),
        ("unknown-key", "IB101"),
        ("ib002", "duplicate-key"),
    ],
)
def test_explain(subject: str, expected: str) -> None:
    result = run_cli("explain", subject)
    assert result.exit_code == 0, result.stderr
    assert expected in result.stdout


def test_explain_unknown_subject_suggests_and_exits_2() -> None:
    result = run_cli("explain", "buildkit.rootles")
    assert result.exit_code == 2
    assert "did you mean 'imageBuilder.buildkit.rootless'" in result.stderr


def test_docs_lists_every_key() -> None:
    result = run_cli("docs")
    assert result.exit_code == 0
    for path, _ in iter_keys():
        assert "`" + ".".join(map(str, path)) + "`" in result.stdout


@pytest.mark.parametrize("cloud", ["aws", "gcp", "azure", "none"])
def test_init_scaffold_validates(cloud: str, tmp_path) -> None:
    result = run_cli("init", "--cloud", cloud)
    assert result.exit_code == 0
    path = tmp_path / "values.yaml"
    path.write_text(result.stdout)
    validation = run_cli("validate", str(path))
    assert validation.exit_code == 0, validation.stdout
    assert ": error:" not in validation.stdout


def test_init_rejects_unknown_cloud() -> None:
    result = run_cli("init", "--cloud", "oracle")
    assert result.exit_code == 2


def test_init_none_is_a_private_registry_starter(tmp_path) -> None:
    result = run_cli("init", "--cloud", "none")
    text = result.stdout
    assert "authenticationType: noop" in text
    assert "flyte create secret --type image_pull --from-docker-config --registries" in text
    assert "https://index.docker.io/v1/" in text
    path = tmp_path / "values.yaml"
    path.write_text(text)
    steps = run_cli("iam-policy", str(path), "-o", "json")
    assert steps.exit_code == 0, steps.stderr
    assert '"image_pull_secrets"' in steps.stdout


def test_explain_and_docs_cover_the_private_registry_flow() -> None:
    explained = run_cli("explain", "private-registries")
    assert explained.exit_code == 0
    for text in ("flyte create secret --type image_pull --from-docker-config --registries",
                 "registry_secret", "secrets=[NAME]", "tenant-wide", "index.docker.io/v1/",
                 "10 an hour"):
        assert text in explained.stdout, text
    docs = run_cli("docs")
    assert "## Private registries" in docs.stdout
    assert explained.stdout.strip() in docs.stdout
    rule = run_cli("explain", "IB240")
    assert "flyte create secret" in rule.stdout
    unknown = run_cli("explain", "private-registry-stuff")
    assert unknown.exit_code == 2
    assert "private-registries" in unknown.stderr
