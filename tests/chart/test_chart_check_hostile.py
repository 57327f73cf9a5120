"""`chartgen chart --check` detects any difference, follows no link, and prints nothing raw.

A directory is current only when it holds chartgen's files, as regular files, with chartgen's
content (plus the manifest): a symbolic link to a directory of the right manifests, an extra
file, a FIFO or a link in place of a file are all differences.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from chart_harness import write_chart
from conftest import ROOT, run_cli

AWS = ROOT / "tests" / "render" / "scenarios" / "aws-example.yaml"


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    return write_chart(tmp_path / "chart", str(AWS))


def check(chart: Path) -> tuple[int, str]:
    result = run_cli("chart", str(AWS), "--output-dir", str(chart), "--check")
    assert result.exception is None
    return result.exit_code, result.stdout


def test_a_fresh_chart_is_current(chart: Path) -> None:
    assert check(chart) == (0, "")


def test_templates_as_a_symlink_to_the_same_manifests_is_not_current(chart: Path,
                                                                      tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.move(chart / "templates", elsewhere)
    (chart / "templates").symlink_to(elsewhere)
    code, out = check(chart)
    assert code == 1
    assert "removed: templates (a symbolic link)" in out
    assert "added:   templates/deployment.yaml" in out


def test_a_file_as_a_symlink_to_identical_content_is_not_current(chart: Path,
                                                                 tmp_path: Path) -> None:
    copy = tmp_path / "values-copy.yaml"
    shutil.copy(chart / "values.yaml", copy)
    (chart / "values.yaml").unlink()
    (chart / "values.yaml").symlink_to(copy)
    code, out = check(chart)
    assert code == 1
    assert "changed: values.yaml (a symbolic link, where chartgen writes a regular file)" in out


@pytest.mark.parametrize("extra", ["notes.txt", "templates/extra.yaml", ".hidden", "sub/dir/x"])
def test_an_extra_file_anywhere_is_a_difference(chart: Path, extra: str) -> None:
    path = chart / extra
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x\n")
    code, out = check(chart)
    assert code == 1 and f"removed: {extra}" in out


def test_a_fifo_is_a_difference_and_never_read(chart: Path) -> None:
    os.mkfifo(chart / "templates" / "pipe.yaml")
    (chart / "README.md").unlink()
    os.mkfifo(chart / "README.md")  # where a file is expected: opening it would block
    code, out = check(chart)
    assert code == 1
    assert "removed: templates/pipe.yaml (not a regular file)" in out
    assert "changed: README.md (not a regular file, where chartgen writes a regular file)" in out


def test_a_missing_manifest_is_a_difference(chart: Path) -> None:
    (chart / ".chartgen-files").unlink()
    code, out = check(chart)
    assert code == 1 and "added:   .chartgen-files" in out


def test_the_diff_summary_escapes_control_sequences(chart: Path) -> None:
    hostile = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202etxt.exe"
    (chart / f"evil{hostile}").write_text("x\n")
    values = chart / "values.yaml"
    values.write_text(values.read_text() + f"# {hostile}\n")
    code, out = check(chart)
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\u202e" not in out
    assert "evil\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202etxt.exe" in out
