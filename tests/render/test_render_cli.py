"""`chartgen render` through the real CLI: exit codes, outputs, validation first, atomic writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from ruamel.yaml import YAML

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
EXAMPLE = SCENARIOS / "aws-example.yaml"


def write(tmp_path: Path, text: str, name: str = "values.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def parse_stream(text: str) -> list[dict[str, object]]:
    return [doc for doc in YAML(typ="safe").load_all(text) if doc is not None]


def test_renders_the_aws_example() -> None:
    result = run_cli("render", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    objects = parse_stream(result.stdout)
    assert [o["kind"] for o in objects] == [
        "PodDisruptionBudget", "ServiceAccount", "ConfigMap", "ConfigMap", "Service", "Deployment"
    ]
    assert result.stdout.startswith("---\n# Source: chartgen/templates/")


def test_the_readme_command_renders_the_top_level_example() -> None:
    example = ROOT / "values.example.yaml"
    if not example.exists():
        pytest.skip("values.example.yaml not written yet")
    result = run_cli("render", str(example), "--validate-manifests", "--kube-version", "1.31")
    assert result.exit_code == 0, result.stderr
    assert parse_stream(result.stdout)


def test_json_output_is_a_list_of_the_same_objects() -> None:
    as_yaml = parse_stream(run_cli("render", str(EXAMPLE)).stdout)
    result = run_cli("render", str(EXAMPLE), "-o", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert (document["apiVersion"], document["kind"]) == ("v1", "List")
    assert document["items"] == as_yaml


def test_invalid_values_are_never_rendered(tmp_path: Path) -> None:
    values = write(tmp_path, "imageBuilder:\n  authenticationtype: aws\n")
    result = run_cli("render", values)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "error" in result.stderr and "authenticationType" in result.stderr
    assert result.exception is None


def test_a_rule_error_blocks_rendering(tmp_path: Path) -> None:
    values = write(
        tmp_path, "imageBuilder:\n  buildkit:\n    service:\n      type: LoadBalancer\n"
    )
    result = run_cli("render", values)
    assert result.exit_code == 1
    assert result.stdout == ""


def test_warnings_go_to_stderr_and_strict_makes_them_fatal(tmp_path: Path) -> None:
    result = run_cli("render", str(EXAMPLE))
    assert result.exit_code == 0
    assert "warning" in result.stderr
    strict = run_cli("render", str(EXAMPLE), "--strict")
    assert strict.exit_code == 1
    assert strict.stdout == ""


def test_tpl_fields_are_resolved_and_other_expressions_refused(tmp_path: Path) -> None:
    # The reference passes additionalVolumes through `tpl`: a look-up resolves, as in Helm ...
    values = write(tmp_path, (
        "global:\n  CA: union-ca\n"
        "imageBuilder:\n  buildkit:\n    additionalVolumes:\n"
        "      - name: ca\n        configMap:\n          name: '{{ .Values.global.CA }}'\n"
    ))
    result = run_cli("render", values)
    assert result.exit_code == 0, result.stderr
    assert "name: union-ca" in result.stdout
    # ... and anything Helm would evaluate that chartgen does not is an error, not a warning.
    values = write(tmp_path, (
        "imageBuilder:\n  buildkit:\n    additionalVolumes:\n"
        "      - name: ca\n        configMap:\n          name: '{{ .Release.Name }}-ca'\n"
    ))
    result = run_cli("render", values)
    assert result.exit_code == 1
    assert result.stdout == ""
    line = next(line for line in result.stderr.splitlines() if "[IB010]" in line)
    assert ":6:17: error:" in line


def test_unreadable_values_file_is_an_environment_failure(tmp_path: Path) -> None:
    result = run_cli("render", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 3
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["--kube-version", "banana"],
        ["--kube-version", "1.22"],
        ["-o", "xml"],
        ["--target-namespace", "Team_A"],
        ["--namespace", "-bad"],
        ["--release-name", "UPPER"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run_cli("render", str(EXAMPLE), *args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert "chartgen: error:" in result.stderr


def test_no_values_is_a_usage_error() -> None:
    assert run_cli("render").exit_code == 2


def test_output_dir_is_written_atomically_and_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "manifests"
    first = run_cli("render", str(EXAMPLE), "--output-dir", str(out))
    assert first.exit_code == 0, first.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        ".chartgen-files",
        "01-poddisruptionbudget-union-operator-buildkit.yaml",
        "02-serviceaccount-union-imagebuilder.yaml",
        "03-configmap-build-image-config.yaml",
        "04-configmap-union-operator-buildkit.yaml",
        "05-service-union-operator-buildkit.yaml",
        "06-deployment-union-operator-buildkit.yaml",
    ]
    assert json.loads((out / ".chartgen-files").read_text())["files"] == names[1:]
    assert first.stdout == ""
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    # Replacing chartgen's earlier output is a deliberate act: without --force it is refused
    # as a usage error (exit 2), and nothing changes.
    again = run_cli("render", str(EXAMPLE), "--output-dir", str(out), "--set",
                    "imageBuilder.buildkit.replicaCount=3")
    assert again.exit_code == 2
    assert "--force" in again.stderr
    assert again.exception is None
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before

    forced = run_cli("render", str(EXAMPLE), "--output-dir", str(out), "--force", "--set",
                     "imageBuilder.buildkit.replicaCount=1")
    assert forced.exit_code == 0, forced.stderr
    assert not any("poddisruptionbudget" in p.name for p in out.iterdir())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left over
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".chartgen-files"]


def test_output_dir_json(tmp_path: Path) -> None:
    out = tmp_path / "json"
    result = run_cli("render", str(EXAMPLE), "--output-dir", str(out), "-o", "json")
    assert result.exit_code == 0
    files = sorted(p for p in out.iterdir() if p.name != ".chartgen-files")
    assert all(p.suffix == ".json" for p in files)
    assert json.loads(files[-1].read_text())["kind"] == "Deployment"


def test_nothing_is_written_when_the_run_fails(tmp_path: Path) -> None:
    values = write(tmp_path, "imageBuilder:\n  buildkit:\n    replicaCount: 0\n")
    out = tmp_path / "out"
    result = run_cli("render", values, "--output-dir", str(out))
    assert result.exit_code == 1
    assert not out.exists()


def test_disabled_renders_an_empty_stream(tmp_path: Path) -> None:
    values = write(tmp_path, "imageBuilder:\n  enabled: false\n")
    result = run_cli("render", values)
    assert (result.exit_code, result.stdout) == (0, "")


def test_validate_manifests_passes_on_valid_objects() -> None:
    result = run_cli("render", str(EXAMPLE), "--validate-manifests")
    assert result.exit_code == 0, result.stderr
    assert "IB401" not in result.stderr


def test_validate_manifests_errors_fail_the_run_and_nothing_is_written(tmp_path: Path) -> None:
    # valueFrom is an open object in the values contract; the Kubernetes schema knows no `bogus`.
    values = write(tmp_path, (
        "imageBuilder:\n  buildkit:\n    podEnv:\n"
        "      - name: X\n        valueFrom:\n          bogus: 1\n"
    ))
    out = tmp_path / "out"
    env = {"PATH": os.defpath}  # no kubeconform: the in-process engine
    result = run_cli("render", values, "--validate-manifests", "--output-dir", str(out), env=env)
    assert result.exit_code == 1, result.stderr
    assert "[IB401]" in result.stderr
    assert not out.exists()
    plain = run_cli("render", values, "--validate-manifests", env=env)
    assert plain.exit_code == 1
    assert plain.stdout == ""


def test_validate_manifests_on_nothing_says_so(tmp_path: Path) -> None:
    # The values were validated; there is no object to check, which is a note, not a failure.
    values = write(tmp_path, "imageBuilder:\n  enabled: false\n")
    result = run_cli("render", values, "--validate-manifests")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "[IB400]" in result.stderr


def test_validator_environment_failure_exits_3() -> None:
    # kubernetes-validate ships no schemas for this version: nothing can be checked.
    result = run_cli("render", str(EXAMPLE), "--validate-manifests", "--kube-version", "1.99")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "[IB403]" in result.stderr


def test_target_namespaces_add_copies() -> None:
    result = run_cli("render", str(EXAMPLE), "--target-namespace", "team-a",
                     "--target-namespace", "team-b")
    objects = parse_stream(result.stdout)
    copies = [o["metadata"]["namespace"] for o in objects  # type: ignore[index]
              if o["metadata"]["name"] == "build-image-config"]  # type: ignore[index]
    assert copies == ["team-a", "team-b", "union"]


def test_output_is_identical_across_processes_and_hash_seeds() -> None:
    outputs = set()
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
        completed = subprocess.run(
            [sys.executable, "-m", "chartgen", "render", str(SCENARIOS / "extras.yaml"),
             "--target-namespace", "b", "--target-namespace", "a"],
            capture_output=True, env=env, check=True, cwd=ROOT,
        )
        outputs.add(completed.stdout)
    assert len(outputs) == 1
