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
