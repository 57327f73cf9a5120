"""Values from files and --set flags, end to end through the CLI: order, provenance, failures."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_later_file_wins_and_findings_point_at_it(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", "imageBuilder:\n  buildkit:\n    replicaCount: 2\n")
    second = write(tmp_path, "b.yaml", "\n\nimageBuilder:\n  buildkit:\n    replicaCount: 0\n")
    result = run_cli("validate", first, "-f", second)
    assert result.exit_code == 1
    assert f"{second}:5:19: error: $.imageBuilder.buildkit.replicaCount" in result.stdout
    assert first + ":" not in result.stdout


def test_set_applies_after_every_file_and_is_the_location(tmp_path: Path) -> None:
    values = write(tmp_path, "a.yaml", "imageBuilder:\n  buildkit:\n    replicaCount: 0\n")
    fixed = run_cli("validate", values, "--set", "imageBuilder.buildkit.replicaCount=2")
    assert fixed.exit_code == 0, fixed.stdout
    broken = run_cli("validate", "--set", "imageBuilder.buildkit.replicaCount=0", "-f", values)
    assert broken.exit_code == 1
    assert "--set imageBuilder.buildkit.replicaCount=0: error: $.imageBuilder.buildkit.replicaCount" in broken.stdout


def test_null_in_a_later_file_deletes_the_default_and_is_reported_there(tmp_path: Path) -> None:
    base = write(tmp_path, "a.yaml", "imageBuilder:\n  registryName: x\n")
    override = write(tmp_path, "b.yaml", "imageBuilder:\n  registryName: null\n")
    result = run_cli("validate", base, override)
    assert result.exit_code == 1
    assert f"{override}:2:3: error: $.imageBuilder.registryName: imageBuilder.registryName is required, but `null` deleted it" in result.stdout


def test_malformed_set_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("validate", "--set", "imageBuilder.x={a")
    assert result.exit_code == 2
    assert "[IB008]" in result.stdout
    assert "at character" in result.stdout


def test_unreadable_set_file_is_an_environment_failure(tmp_path: Path) -> None:
    result = run_cli("validate", "--set-file", f"imageBuilder.buildkit.extraConfig={tmp_path}/missing.toml")
    assert result.exit_code == 3
    assert "--set-file: cannot read file: no such file [IB009]" in result.stdout


def test_set_file_reads_the_content(tmp_path: Path) -> None:
    toml = write(tmp_path, "extra.toml", "[registry.\"docker.io\"]\nmirrors = [\"mirror.gcr.io\"]\n")
    result = run_cli("render", "--set-file", f"imageBuilder.buildkit.extraConfig={toml}")
    assert result.exit_code == 0, result.stderr
    assert 'mirrors = ["mirror.gcr.io"]' in result.stdout


def test_stdin_is_a_values_file(tmp_path: Path) -> None:
    result = run_cli("validate", "-", input="imageBuilder:\n  buildkit:\n    replicaCount: 0\n")
    assert result.exit_code == 1
    assert "<stdin>:3:19: error:" in result.stdout


def test_nothing_to_validate_is_a_usage_error() -> None:
    result = run_cli("validate")
    assert result.exit_code == 2
