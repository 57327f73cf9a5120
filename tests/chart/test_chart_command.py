"""`chartgen chart` as a command: the files it writes, values.yaml, --check, --force, refusals.

Behaviour through the real CLI; the values file and the escape table of the Go helpers are
also checked against the modules they mirror.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from chart_harness import SCENARIO_DIR, sdk_notes, write_chart
from conftest import ROOT, run_cli
from ruamel.yaml import YAML

from chartgen import __version__
from chartgen.chart import CHART_NAME, CHART_OUT_OF_DATE, FAIL_RULES
from chartgen.chart.values_file import TARGET_NAMESPACES, chart_values
from chartgen.schema import load_schema, resolve_ref

AWS = SCENARIO_DIR / "aws-example.yaml"


def tree(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def aws_chart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_chart(tmp_path_factory.mktemp("command") / "imagebuilder", str(AWS),
                       "--target-namespace", "team-a")


def test_writes_the_chart_files(aws_chart: Path) -> None:
    names = set(tree(aws_chart))
    assert {"Chart.yaml", "values.yaml", "values.schema.json", "README.md", ".helmignore",
            "templates/_helpers.tpl", "templates/NOTES.txt", "templates/deployment.yaml",
            "templates/validate.yaml"} <= names
    # One Go template per object chartgen renders (`render/objects.py`), and no more.
    from chartgen.render.objects import OBJECTS

    objects = {n for n in names if n.startswith("templates/") and n.endswith(".yaml")}
    assert objects - {"templates/validate.yaml"} == {
        "templates/" + spec.template.removesuffix(".j2") for spec in OBJECTS
    }


def test_chart_yaml(aws_chart: Path) -> None:
    meta = YAML(typ="safe").load((aws_chart / "Chart.yaml").read_text(encoding="utf-8"))
    default_tag = load_schema()["properties"]["imageBuilder"]["properties"]["buildkit"][
        "properties"]["image"]["properties"]["tag"]["default"]
    assert meta["apiVersion"] == "v2"
    assert meta["name"] == CHART_NAME
    assert meta["kubeVersion"] == ">=1.23.0-0"
    assert meta["version"] == __version__
    assert meta["appVersion"] == default_tag


def test_values_schema_is_the_contract_plus_the_chart_value(aws_chart: Path) -> None:
    import json

    schema = json.loads((aws_chart / "values.schema.json").read_text(encoding="utf-8"))
    contract = load_schema()
    assert schema["properties"].pop(TARGET_NAMESPACES)["type"] == "array"
    assert schema == contract


def test_values_yaml_reads_back_as_written(aws_chart: Path) -> None:
    """Helm's YAML parser and chartgen's read values.yaml as the same values: the contract's
    defaults under the scenario's values, templates kept for `tpl`, only what chartgen reads."""
    import helm_python

    from chartgen.validate import validate_sources
    from chartgen.values.loader import ValueSources

    text = (aws_chart / "values.yaml").read_text(encoding="utf-8")
    validation = validate_sources(ValueSources(files=[str(AWS)]))
    assert validation.loaded.data is not None
    expected = chart_values(validation.loaded.data, validation.loaded.templated, ["team-a"])
    assert YAML(typ="safe").load(text) == expected
    assert helm_python.values_from_yaml(text) == expected
    assert expected["storage"]["bucketName"] == "{{ .Values.global.METADATA_BUCKET }}"
    assert expected["global"]["METADATA_BUCKET"] == "acme-union-metadata"  # the look-up target
    assert expected[TARGET_NAMESPACES] == ["team-a"]


def _documented(values: dict[str, Any], node: dict[str, Any], prefix: tuple[str, ...] = ()
                ) -> list[tuple[tuple[str, ...], str]]:
    found = []
    properties = node.get("properties", {})
    for key, value in values.items():
        if key not in properties:
            continue
        child = resolve_ref(properties[key])
        if child.get("description"):
            found.append(((*prefix, key), child["description"]))
        if isinstance(value, dict) and value and child.get("properties"):
            found += _documented(value, child, (*prefix, key))
    return found


def test_every_key_has_its_description_above_it(aws_chart: Path) -> None:
    lines = (aws_chart / "values.yaml").read_text(encoding="utf-8").splitlines()
    values = YAML(typ="safe").load("\n".join(lines))
    documented = _documented(values, load_schema())
    assert len(documented) > 100
    for path, description in documented:
        # Find the key under its parents, in order.
        index = 0
        for depth, key in enumerate(path):
            pattern = re.compile(rf"^{' ' * (2 * depth)}{re.escape(key)}:( |$)")
            index = next(i for i in range(index, len(lines)) if pattern.match(lines[i]))
        assert lines[index - 1] == f"{' ' * (2 * (len(path) - 1))}# -- {description}", path
    for line in lines:
        if re.match(r"^[A-Za-z_]", line):  # every top-level key, chart-only ones too
            assert lines[lines.index(line) - 1].startswith("# -- "), line


def test_output_is_deterministic(aws_chart: Path, tmp_path: Path) -> None:
    again = write_chart(tmp_path / "again", str(AWS), "--target-namespace", "team-a")
    assert tree(again) == tree(aws_chart)


def test_check_current_directory_exits_0_and_writes_nothing(aws_chart: Path) -> None:
    before = tree(aws_chart)
    result = run_cli("chart", str(AWS), "--target-namespace", "team-a", "--output-dir",
                     str(aws_chart), "--check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert tree(aws_chart) == before


def test_check_stale_directory_exits_1_with_a_diff_summary(tmp_path: Path) -> None:
    chart = write_chart(tmp_path / "chart", str(AWS))
    values = chart / "values.yaml"
    values.write_text(values.read_text(encoding="utf-8").replace("replicaCount: 2",
                                                                 "replicaCount: 5"))
    (chart / "README.md").unlink()
    (chart / "templates" / "extra.yaml").write_text("kind: Extra\n")
    before = tree(chart)
    result = run_cli("chart", str(AWS), "--output-dir", str(chart), "--check")
    assert result.exit_code == 1
    assert "1 added, 1 removed, 1 changed" in result.stdout
    assert "added:   README.md" in result.stdout
    assert "removed: templates/extra.yaml" in result.stdout
    assert "changed: values.yaml" in result.stdout
    assert "-    replicaCount: 5" in result.stdout and "+    replicaCount: 2" in result.stdout
    assert f"[{CHART_OUT_OF_DATE.id}]" in result.stderr
    assert tree(chart) == before


def test_check_of_other_values_is_stale(aws_chart: Path) -> None:
    result = run_cli("chart", str(AWS), "--output-dir", str(aws_chart), "--check")
    assert result.exit_code == 1  # written with --target-namespace team-a
    assert "changed: values.yaml" in result.stdout


def test_check_missing_directory_exits_1_and_creates_nothing(tmp_path: Path) -> None:
    result = run_cli("chart", "--output-dir", str(tmp_path / "nowhere"), "--check")
    assert result.exit_code == 1
    assert "added:   Chart.yaml" in result.stdout
    assert not (tmp_path / "nowhere").exists()


def test_existing_chart_is_replaced_only_with_force(tmp_path: Path) -> None:
    chart = write_chart(tmp_path / "chart")
    (chart / "notes.txt").write_text("mine\n")
    refused = run_cli("chart", str(AWS), "--output-dir", str(chart))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    forced = run_cli("chart", str(AWS), "--output-dir", str(chart), "--force")
    assert forced.exit_code == 0, forced.stderr
    # --force replaces chartgen's own files and nothing else.
    assert (chart / "notes.txt").read_text() == "mine\n"
    assert "replicaCount: 2" in (chart / "values.yaml").read_text(encoding="utf-8")


def test_invalid_values_write_nothing(tmp_path: Path) -> None:
    values = tmp_path / "exposed.yaml"
    values.write_text("imageBuilder:\n  buildkit:\n    service:\n      type: LoadBalancer\n")
    result = run_cli("chart", str(values), "--output-dir", str(tmp_path / "chart"))
    assert result.exit_code == 1
    assert "[IB302]" in result.stderr
    assert not (tmp_path / "chart").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--output-dir"),
        (["--output-dir", "x", "--target-namespace", "Team_A"], "not a valid namespace"),
        (["--output-dir", "x", "--check", "--force"], "--check"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("chart", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "x").exists()


def test_strict_refuses_warnings(tmp_path: Path) -> None:
    result = run_cli("chart", str(AWS), "--output-dir", str(tmp_path / "c"), "--strict")
    assert result.exit_code == 1  # aws-example has warnings (no TLS, no NetworkPolicy)
    assert not (tmp_path / "c").exists()


def test_readme_has_the_values_table_and_the_checks(aws_chart: Path) -> None:
    from chartgen.docs import values_reference

    readme = (aws_chart / "README.md").read_text(encoding="utf-8")
    assert values_reference() in readme
    assert f"`{TARGET_NAMESPACES}`" in readme
    for rule in FAIL_RULES:
        assert f"| {rule} |" in readme


def test_notes_name_the_buildkit_uri_and_the_configuration(aws_chart: Path) -> None:
    notes = sdk_notes(aws_chart, namespace="builders")
    assert "tcp://union-operator-buildkit.builders.svc.cluster.local:1234" in notes
    assert "ConfigMap build-image-config" in notes
    assert "123456789012.dkr.ecr.us-east-2.amazonaws.com/union-builds" in notes
    assert "team-a" in notes


def test_explain_knows_the_chart_check() -> None:
    result = run_cli("explain", CHART_OUT_OF_DATE.id)
    assert result.exit_code == 0
    assert "chart-out-of-date" in result.stdout


def test_escape_table_of_the_go_helpers_is_yamltext() -> None:
    """`imagebuilder.yaml.quoted` escapes exactly the characters chartgen's yamltext does."""
    import json

    from chartgen.chart import build_chart
    from chartgen.render.yamltext import escape as _escape

    data = build_chart({"imageBuilder": {}}, {})["templates/_chartgen_data.tpl"]
    table = data.split('define "imagebuilder.yamlText" -}}\n', 1)[1].split("\n", 1)[0]
    go = json.loads(table)["escapes"]
    python = {
        chr(code): _escape(chr(code))
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF and _escape(chr(code)) != chr(code)
    }
    assert go == python


@pytest.mark.slow
def test_chart_files_ship_in_the_wheel(tmp_path: Path) -> None:
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(tmp_path)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("chartgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "templates"
    for path in package.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"chartgen/templates/{path.relative_to(package).as_posix()}" in names
