"""Snapshots of every scenario in every format: each cloud × json/terraform/shell × {same
account, cross-account, base image, placeholders, ...}.

One plain single-file snapshot per case (`__snapshots__/test_iam_snapshots/…{.json,.tf,.sh}`), so a
diff reads like a diff of the policy, the Terraform or the script. Refresh with
`pytest tests/iam --snapshot-update` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from iam_harness import EXTENSIONS, FORMATS, SCENARIOS, run_scenario
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode


class JsonSnapshot(SingleFileSnapshotExtension):
    file_extension = "json"
    _write_mode = WriteMode.TEXT


class TerraformSnapshot(SingleFileSnapshotExtension):
    file_extension = "tf"
    _write_mode = WriteMode.TEXT


class ShellSnapshot(SingleFileSnapshotExtension):
    file_extension = "sh"
    _write_mode = WriteMode.TEXT


EXTENSION_CLASSES: dict[str, type[SingleFileSnapshotExtension]] = {
    "json": JsonSnapshot,
    "terraform": TerraformSnapshot,
    "shell": ShellSnapshot,
}


def test_every_cloud_and_situation_is_covered() -> None:
    names = set(SCENARIOS)
    for required in ("aws-same-account", "aws-cross-account", "aws-base-image",
                     "gcp-same-project", "gcp-base-image", "azure-workload-identity",
                     "azure-base-image", "noop-guidance", "basic-guidance"):
        assert required in names
    assert {EXTENSION_CLASSES[f].file_extension for f in FORMATS} == set(EXTENSIONS.values())


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_iam_snapshot(tmp_path: Path, snapshot: SnapshotAssertion, name: str, fmt: str) -> None:
    result = run_scenario(tmp_path, name, fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == snapshot.use_extension(EXTENSION_CLASSES[fmt])
