"""What users get: every file of one generated chart, as one reviewable text snapshot.

The chart is written from the realistic EKS scenario (tests/render/scenarios/aws-example.yaml)
with one `--target-namespace`. Each file appears under a `==> path <==` header, in path order.
Refresh with `pytest --snapshot-update` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from chart_harness import SCENARIO_DIR, write_chart
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode


class TextSnapshot(SingleFileSnapshotExtension):
    file_extension = "txt"
    _file_extension = "txt"  # the attribute's name before syrupy 5
    _write_mode = WriteMode.TEXT


@pytest.fixture
def text_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(TextSnapshot)


def test_generated_chart_directory(tmp_path: Path, text_snapshot: SnapshotAssertion) -> None:
    chart = write_chart(tmp_path / "imagebuilder", str(SCENARIO_DIR / "aws-example.yaml"),
                        "--target-namespace", "team-a")
    parts = []
    for path in sorted(p for p in chart.rglob("*") if p.is_file()):
        parts.append(f"==> {path.relative_to(chart).as_posix()} <==\n")
        parts.append(path.read_text(encoding="utf-8"))
    assert "".join(parts) == text_snapshot
