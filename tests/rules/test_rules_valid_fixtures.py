"""The rules stay quiet on valid values: whole data-plane files and one file per auth type.

False positives cost trust fastest, so every fixture in fixtures/valid/ must pass
`chartgen validate --strict` (no error and no warning), through the real CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

VALID = sorted((FIXTURES / "valid").glob("*.yaml"))


def test_every_authentication_type_has_a_valid_fixture() -> None:
    names = {path.stem for path in VALID}
    assert {f"auth-{kind}" for kind in ("noop", "google", "aws", "azure", "basic")} <= names
    assert "dataplane-aws-full" in names


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_passes_strict(path: Path) -> None:
    result = run_cli("validate", "--strict", str(path))
    assert result.exception is None, repr(result.exception)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_whole_data_plane_file_keeps_hundreds_of_unrelated_keys() -> None:
    from chartgen.validate import validate_sources
    from chartgen.values.loader import ValueSources

    path = FIXTURES / "valid" / "dataplane-aws-full.yaml"
    assert len(path.read_text(encoding="utf-8").splitlines()) >= 300
    validation = validate_sources(ValueSources(files=[str(path)]))
    assert validation.ok and validation.values is not None
    # The repository is derived through the templated storage.region.
    derived = validation.values.default_repository()
    assert derived.value == "012345678901.dkr.ecr.us-east-1.amazonaws.com/union-dataplane"
    # Keys of the wider chart pass through, template strings untouched.
    assert validation.loaded.data is not None
    assert validation.loaded.data["config"]["core"]["propeller"]["rawoutput-prefix"] == (
        "s3://{{ .Values.storage.bucketName }}"
    )
