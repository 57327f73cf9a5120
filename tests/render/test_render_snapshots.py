"""The scenario matrix: every values file under scenarios/ rendered through the real CLI.

Each scenario is a small values file named for what it shows; an optional first-line comment
`# args: ...` adds command-line options (`--kube-version`, `--target-namespace`, ...). The output is
compared with a plain `.yaml` snapshot (`__snapshots__/test_render_snapshots/`; refresh with
`pytest --snapshot-update` and review the diff), and every rendered object must pass strict
Kubernetes schema validation.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from ruamel.yaml import YAML
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))


class YamlSnapshot(SingleFileSnapshotExtension):
    """One plain `.yaml` file per scenario, so a snapshot diff reads like a manifest diff."""

    file_extension = "yaml"
    _file_extension = "yaml"  # the attribute's name before syrupy 5
    _write_mode = WriteMode.TEXT


@pytest.fixture
def yaml_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(YamlSnapshot)


def scenario_args(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return shlex.split(first.removeprefix("# args:")) if first.startswith("# args:") else []


def render_scenario(path: Path, *extra: str) -> tuple[str, list[str]]:
    args = scenario_args(path)
    result = run_cli("render", str(path), *args, *extra)
    assert result.exception is None, result.exception
    assert result.exit_code == 0, result.stderr
    return result.stdout, args


def parse_stream(text: str) -> list[dict[str, Any]]:
    return [doc for doc in YAML(typ="safe").load_all(text) if doc is not None]


def test_matrix_is_large_enough() -> None:
    assert len(SCENARIO_FILES) >= 20


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_scenario_snapshot(path: Path, yaml_snapshot: SnapshotAssertion) -> None:
    output, _ = render_scenario(path)
    assert output == yaml_snapshot


# Scenarios that render objects; the one that renders nothing has its own test below.
RENDERING = [p for p in SCENARIO_FILES if p.stem != "imagebuilder-disabled"]


@pytest.mark.parametrize("path", RENDERING, ids=[p.stem for p in RENDERING])
def test_scenario_passes_strict_schema_validation(path: Path) -> None:
    from chartgen.conform import validate_objects
    from chartgen.kube import resolve_kube_version

    output, args = render_scenario(path)
    objects = parse_stream(output)
    assert objects, f"{path.name} renders nothing"
    version = args[args.index("--kube-version") + 1] if "--kube-version" in args else None
    findings = validate_objects(objects, resolve_kube_version(version), engine="python")
    # OpenShift's SecurityContextConstraints has no schema: reported as skipped, never passed.
    unexpected = [
        f for f in findings
        if not (f.rule == "IB402" and (f.location and "SecurityContextConstraints/" in f.file))
    ]
    assert unexpected == []


def test_disabled_renders_nothing() -> None:
    result = run_cli("render", str(SCENARIOS / "imagebuilder-disabled.yaml"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    json_result = run_cli("render", str(SCENARIOS / "imagebuilder-disabled.yaml"), "-o", "json")
    assert json_result.exit_code == 0
    assert '"items": []' in json_result.stdout
