"""`chartgen diff` through the real CLI: options of each side, exit codes, every output format,
colour, escaping, and bad input as located findings."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run_cli

BASE = """\
imageBuilder:
  authenticationType: aws
  defaultRepository: 210987654321.dkr.ecr.us-east-2.amazonaws.com/union-builds
  buildkit:
    oci:
      maxParallelism: 4
    networkPolicy:
      enabled: true
    serviceAccount:
      forceDedicated: true
"""
NEWER = "imageBuilder:\n  buildkit:\n    image:\n      tag: v0.32.1\n"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "values.yaml"
    path.write_text(BASE, encoding="utf-8")
    return path


@pytest.fixture
def newer(tmp_path: Path) -> Path:
    path = tmp_path / "newer.yaml"
    path.write_text(NEWER, encoding="utf-8")
    return path


def schema_validator() -> Any:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = {name: json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
               for name in ("diff.schema.json", "report.schema.json")}
    registry = Registry().with_resources(
        (f"https://github.com/chartgen/chartgen/schemas/{name}", Resource.from_contents(schema))
        for name, schema in schemas.items())
    return Draft202012Validator(schemas["diff.schema.json"], registry=registry)


# -- the two sides ----------------------------------------------------------------------------


def test_the_same_values_are_no_change(base: Path) -> None:
    result = run_cli("diff", str(base), "--to", str(base))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "diff: 0 changed, 0 added, 0 removed, 6 unchanged"


def test_to_files_replace_the_old_files(base: Path, newer: Path) -> None:
    # --to NEW alone: the new side is NEW only, rendered over the chart defaults.
    result = run_cli("diff", str(base), "--to", str(base), "--to", str(newer))
    assert result.exit_code == 1
    assert '-          image: "docker.io/moby/buildkit:v0.32.2"' in result.stdout
    assert '+          image: "docker.io/moby/buildkit:v0.32.1"' in result.stdout


def test_to_set_alone_starts_from_the_old_side(base: Path) -> None:
    result = run_cli("diff", str(base), "--set", "imageBuilder.buildkit.replicaCount=3",
                     "--to-set", "imageBuilder.buildkit.image.tag=v0.32.1")
    assert result.exit_code == 1
    # The old --set is on both sides, so only the image differs (and what follows from it).
    assert "replicas" not in "".join(line for line in result.stdout.splitlines()
                                     if line.startswith(("+ ", "- ")))
    assert "+          image: \"docker.io/moby/buildkit:v0.32.1\"" in result.stdout


def test_each_side_has_its_own_set_flags(base: Path) -> None:
    document = json.loads(run_cli(
        "diff", str(base), "--set-string", "imageBuilder.buildkit.image.tag=v0.31.1",
        "--to", str(base), "--to-set-string", "imageBuilder.buildkit.image.tag=v0.32.1",
        "-o", "json").stdout)
    assert document["old"]["sources"][-1] == "--set-string imageBuilder.buildkit.image.tag=v0.31.1"
    assert document["new"]["sources"][-1] == "--set-string imageBuilder.buildkit.image.tag=v0.32.1"
    [image] = [f for o in document["objects"] for f in o["fields"] if f["path"].endswith("image")]
    assert image["old"].endswith("v0.31.1") and image["new"].endswith("v0.32.1")


def test_to_set_json_file_and_literal_reach_the_new_side(base: Path, tmp_path: Path) -> None:
    script = tmp_path / "tag.txt"
    script.write_text("v0.32.1", encoding="utf-8")
    for flag, expression in (("--to-set-json", 'imageBuilder.buildkit.podAnnotations={"a":"b"}'),
                             ("--to-set-file", f"imageBuilder.buildkit.image.tag={script}"),
                             ("--to-set-literal", "imageBuilder.buildkit.podAnnotations.x=1,2")):
        result = run_cli("diff", str(base), flag, expression)
        assert result.exit_code == 1, (flag, result.stdout, result.stderr)


def test_deployed_objects_are_the_old_side(base: Path, tmp_path: Path) -> None:
    rendered = run_cli("render", str(base)).stdout
    deployed = tmp_path / "manifest.yaml"
    deployed.write_text(rendered, encoding="utf-8")
    assert run_cli("diff", str(base), "--deployed", str(deployed)).exit_code == 0
    result = run_cli("diff", "--deployed", "-", str(base), input=rendered)
    assert result.exit_code == 0, result.stderr
    changed = run_cli("diff", str(base), "--set", "imageBuilder.buildkit.image.tag=v0.32.1",
                      "--deployed", str(deployed))
    assert changed.exit_code == 1
    assert "--- deployed/Deployment/union/union-operator-buildkit" in changed.stdout
    assert "+++ values/Deployment/union/union-operator-buildkit" in changed.stdout


def test_a_directory_of_deployed_files(base: Path, tmp_path: Path) -> None:
    out = tmp_path / "objects"
    assert run_cli("render", str(base), "--output-dir", str(out), "-o", "json").exit_code == 0
    result = run_cli("diff", str(base), "--deployed", str(out))
    assert result.exit_code == 0, result.stdout


def test_objects_outside_the_image_builder_are_counted_not_compared(base: Path,
                                                                    tmp_path: Path) -> None:
    other = ("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: flytepropeller\n"
             "  namespace: union\nspec:\n  selector: {matchLabels: {app: p}}\n  template:\n"
             "    metadata: {labels: {app: p}}\n    spec: {containers: [{name: p, image: p}]}\n")
    deployed = tmp_path / "release.yaml"
    deployed.write_text(run_cli("render", str(base)).stdout + other, encoding="utf-8")
    result = run_cli("diff", str(base), "--deployed", str(deployed))
    assert result.exit_code == 0
    assert "(1 deployed object outside the Image Builder not compared)" in result.stdout


# -- usage and input errors --------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["VALUES"],
    ["VALUES", "--to", "VALUES", "--deployed", "VALUES"],
    ["--to", "VALUES"],
    ["-", "--deployed", "-"],
    ["VALUES", "--to", "VALUES", "-o", "yaml"],
    ["VALUES", "--to", "VALUES", "-U", "-1"],
    ["VALUES", "--to", "VALUES", "--namespace", "Not_A_Namespace"],
    ["VALUES", "--to", "VALUES", "--kube-version", "1.2"],
])
def test_usage_errors_exit_2(base: Path, args: list[str]) -> None:
    result = run_cli("diff", *[str(base) if arg == "VALUES" else arg for arg in args])
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr.startswith("chartgen: error: ")
    assert result.exception is None


def test_invalid_values_stop_the_comparison(base: Path) -> None:
    result = run_cli("diff", str(base), "--to-set", "imageBuilder.buildkit.replicaCount=zero",
                     "-o", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["compared"] is False and document["objects"] == []
    assert any(f["rule"] == "IB100" for f in document["findings"])
    text = run_cli("diff", str(base), "--to-set", "imageBuilder.buildkit.replicaCount=zero")
    assert text.stdout.splitlines()[-1] == "diff: not compared (see the findings above)"


def test_the_old_side_warnings_are_not_repeated(base: Path) -> None:
    document = json.loads(run_cli("diff", str(base), "--set", "imageBuilder.buildkit.oci."
                                  "maxParallelism=0", "--to-set", "imageBuilder.buildkit.oci."
                                  "maxParallelism=4", "-o", "json").stdout)
    assert not [f for f in document["findings"] if f["rule"] == "IB219"]


def test_an_unreadable_deployed_file_is_the_environment(base: Path, tmp_path: Path) -> None:
    result = run_cli("diff", str(base), "--deployed", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 3
    assert "IB009" in result.stdout


@pytest.mark.parametrize(("text", "where", "what"), [
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n", "5:9", "duplicate key"),
    ('{"apiVersion": "v1", "kind": "List", "items": [{"kind": "x"}]}', "1:48",
     "$.items[0]: not a Kubernetes object: no apiVersion"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: [\n", "4:1", "not valid YAML"),
    ('{"apiVersion": "v1",\n "kind": }', "2:10", "not valid JSON"),
    ("- 1\n- 2\n", "1:1", "not a Kubernetes object or List"),
    ("\x00\x01", None, "binary data"),
])
def test_bad_deployed_input_is_a_located_finding(base: Path, tmp_path: Path, text: str,
                                                 where: str | None, what: str) -> None:
    deployed = tmp_path / "deployed.yaml"
    deployed.write_text(text, encoding="utf-8")
    result = run_cli("diff", str(base), "--deployed", str(deployed), "-o", "json")
    assert result.exit_code == 1, result.stdout
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "IB650"]
    assert what in finding["message"]
    if where:
        line, column = where.split(":")
        assert (finding["line"], finding["column"]) == (int(line), int(column))


def test_an_object_passed_twice_is_refused(base: Path, tmp_path: Path) -> None:
    rendered = run_cli("render", str(base)).stdout
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(rendered, encoding="utf-8")
    second.write_text(rendered, encoding="utf-8")
    result = run_cli("diff", str(base), "--deployed", str(first), "--deployed", str(second))
    assert result.exit_code == 1
    assert "appears twice" in result.stdout


def test_hostile_deployed_input_stays_bounded(base: Path, tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    deep = "[" * 5000 + "]" * 5000
    for text in (bomb, deep, "a:\n" + "  " * 0 + "".join(f"{'  ' * i}b{i}:\n" for i in range(200))):
        deployed = tmp_path / "hostile.yaml"
        deployed.write_text(text, encoding="utf-8")
        result = run_cli("diff", str(base), "--deployed", str(deployed))
        assert result.exit_code == 1, result.stdout
        assert "IB650" in result.stdout and result.exception is None


# -- outputs -----------------------------------------------------------------------------------


def test_json_document_matches_its_schema(base: Path, newer: Path) -> None:
    validator = schema_validator()
    for args in ([str(base), "--to", str(base)],
                 [str(base), "--to-set", "imageBuilder.buildkit.networkPolicy.enabled=false"],
                 [str(base), "--to-set", "imageBuilder.buildkit.replicaCount=x"]):
        result = run_cli("diff", *args, "-o", "json")
        document = json.loads(result.stdout)
        errors = sorted(validator.iter_errors(document), key=str)
        assert not errors, errors
    assert document["version"] == 1 and document["tool"]["name"] == "chartgen"


def test_json_lists_the_changed_fields(base: Path) -> None:
    document = json.loads(run_cli("diff", str(base), "--to-set",
                                  "imageBuilder.buildkit.replicaCount=3", "-o", "json").stdout)
    [deployment] = [o for o in document["objects"] if o["kind"] == "Deployment"]
    assert deployment["fields"] == [{"path": "$.spec.replicas", "old": 1, "new": 3}]
    assert deployment["diff"].startswith("--- old/Deployment/union/union-operator-buildkit\n")
    assert document["summary"] == {"added": 1, "removed": 0, "changed": 1, "unchanged": 5,
                                   "ignored": 0, "errors": 0, "warnings": 0,
                                   "suppressed": 0}


def test_the_same_input_gives_the_same_bytes(base: Path) -> None:
    args = ("diff", str(base), "--to-set", "imageBuilder.buildkit.rootless=true", "-o", "json")
    assert run_cli(*args).stdout == run_cli(*args).stdout


def test_colour_only_when_asked(base: Path) -> None:
    args = ("diff", str(base), "--to-set", "imageBuilder.buildkit.image.tag=v0.32.1")
    plain = run_cli(*args)
    assert "\x1b[" not in plain.stdout
    coloured = run_cli(*args, env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[32m+" in coloured.stdout and "\x1b[31m-" in coloured.stdout
    assert "\x1b[36m@@" in coloured.stdout
    assert "\x1b[" not in run_cli(*args, env={"NO_COLOR": "1", "FORCE_COLOR": "1"}).stdout


def test_values_cannot_control_the_terminal(base: Path) -> None:
    hostile = "x\x1b]0;owned\x07\u202eevil\u2028line"
    result = run_cli("diff", str(base), "--to-set-string",
                     f"imageBuilder.buildkit.podAnnotations.note={hostile}")
    assert result.exit_code == 1
    assert "\x1b]" not in result.stdout and "\u202e" not in result.stdout
    assert "\u2028" not in result.stdout and "\x07" not in result.stdout
    document = json.loads(run_cli("diff", str(base), "--to-set-string",
                                  f"imageBuilder.buildkit.podAnnotations.note={hostile}",
                                  "-o", "json").stdout)
    [note] = [f for o in document["objects"] for f in o["fields"] if f["path"].endswith("note")]
    assert note["new"] == hostile  # JSON carries the value exactly


def test_context_lines(base: Path) -> None:
    args = ("diff", str(base), "--to-set", "imageBuilder.buildkit.image.tag=v0.32.1")
    assert len(run_cli(*args, "-U", "0").stdout) < len(run_cli(*args, "-U", "8").stdout)


@pytest.mark.parametrize("output", ["github", "sarif", "junit"])
def test_the_findings_in_every_report_format(base: Path, output: str) -> None:
    result = run_cli("diff", str(base), "--to-set", "imageBuilder.buildkit.networkPolicy."
                     "enabled=false", "-o", output)
    assert result.exit_code == 1
    assert result.stderr == "diff: 0 changed, 0 added, 1 removed, 5 unchanged\n"
    if output == "github":
        assert any(line.startswith("::warning") and "IB658" in line
                   for line in result.stdout.splitlines())
    elif output == "sarif":
        sarif = json.loads(result.stdout)
        assert "IB658" in {r["ruleId"] for r in sarif["runs"][0]["results"]}
        assert "IB658" in {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    else:
        assert "IB658" in ElementTree.tostring(ElementTree.fromstring(result.stdout),
                                               encoding="unicode")


def test_the_readme_example_is_what_diff_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "chartgen diff values.example.yaml --to-set imageBuilder.buildkit.service.port=2345 -U 1"
    start = readme.index(f"$ {command}\n") + len(command) + 3
    shown = readme[start: readme.index("```", start)]
    monkeypatch.chdir(ROOT)
    result = run_cli(*command.split()[1:])
    assert result.exit_code == 1
    assert result.stdout == shown
