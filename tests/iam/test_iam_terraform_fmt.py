"""Every Terraform snapshot is `terraform fmt` clean, checked by OpenTofu's formatter.

`.ci/run` builds `tofu` (pinned, `go install`) into the tools directory; `terraform` works as
well when that is what is on PATH. Under CI a missing formatter fails the run.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import in_ci
from iam_harness import SCENARIOS

SNAPSHOTS = Path(__file__).parent / "__snapshots__"
FORMATTER = shutil.which("tofu") or shutil.which("terraform")


def _formatter() -> str:
    if FORMATTER is None:
        if in_ci():
            pytest.fail("tofu (or terraform) is required in CI: .ci/run installs it")
        pytest.skip("neither tofu nor terraform is installed")
    return FORMATTER


def _fmt_check(directory: Path) -> subprocess.CompletedProcess[str]:
    config = directory / "cli.tfrc"
    config.write_text("", encoding="utf-8")
    return subprocess.run(
        [_formatter(), "fmt", "-check", "-list=true", "-diff", str(directory)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "TF_CLI_CONFIG_FILE": str(config), "HOME": str(directory)},
        timeout=120,
    )


def test_every_terraform_snapshot_is_fmt_clean(tmp_path: Path) -> None:
    snapshots = sorted(SNAPSHOTS.rglob("*.tf"))
    covered = {s.name for s in snapshots}
    for name in SCENARIOS:
        assert f"test_iam_snapshot[{name}-terraform].tf" in covered, name
    for index, snapshot in enumerate(snapshots):
        shutil.copy(snapshot, tmp_path / f"{index:03d}.tf")
    result = _fmt_check(tmp_path)
    names = {f"{i:03d}.tf": s.name for i, s in enumerate(snapshots)}
    unformatted = [names.get(Path(line).name, line) for line in result.stdout.split() if line]
    assert result.returncode == 0 and not unformatted, (unformatted, result.stdout[-3000:])


def test_the_check_catches_misaligned_attributes(tmp_path: Path) -> None:
    """The formatter is really consulted: a misaligned block fails it."""
    (tmp_path / "bad.tf").write_text(
        'resource "x" "y" {\n  a = 1\n  bbb = 2\n}\n', encoding="utf-8"
    )
    result = _fmt_check(tmp_path)
    assert result.returncode != 0
    assert "bad.tf" in result.stdout
