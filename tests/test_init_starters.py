"""The starters of `chartgen init`: hardened and self-consistent, placeholders reported until
replaced, the editor modeline first, written to a file with `-o` all at once.

Per cloud: the starter under `validate --strict --validate-manifests` draws nothing but IB223,
one at each line marked REPLACE; with the placeholders replaced it exits 0. The cloud starters
put no cloud identity on buildkitd and say who needs which grant, in the words
`chartgen iam-policy` uses.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli
from ruamel.yaml import YAML

from chartgen.clouds import cloud_identity, starter_placeholders
from chartgen.resources import EDITOR_SCHEMA_FILE

CLOUDS = ("aws", "gcp", "azure", "none")
# The build identity of each cloud, as `chartgen iam-policy` names it.
BUILD_IDENTITY = {"aws": "user role", "gcp": "user GSA", "azure": "user identity"}

# What a user puts in place of each placeholder: values of the right shape that are no
# placeholder.
REPLACEMENTS = {
    "123456789012": "210987654321",
    "my-union-metadata": "acme-prod-union-metadata",
    "my-project": "acme-prod-412",
    "00000000-0000-0000-0000-000000000000": "3f2b6a1e-9c4d-4e8f-a1b2-c3d4e5f60718",
    "myregistry": "acmeprodacr",
    "my-org": "acme-platform",
}


def starter(cloud: str) -> str:
    result = run_cli("init", "--cloud", cloud)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def validate_json(path: Path, *more: str) -> tuple[int, list[dict[str, object]]]:
    result = run_cli("validate", "--strict", "-o", "json", *more, str(path))
    document = json.loads(result.stdout)
    findings = [f for r in document["results"] for f in r["findings"]]
    return result.exit_code, findings


def test_every_placeholder_is_replaced_here() -> None:
    assert {p.value for p in starter_placeholders()} == set(REPLACEMENTS)


@pytest.mark.parametrize("cloud", CLOUDS)
def test_starter_draws_only_the_placeholder_findings_at_the_replace_lines(
    cloud: str, tmp_path: Path
) -> None:
    text = starter(cloud)
    path = tmp_path / "values.yaml"
    path.write_text(text, encoding="utf-8")
    code, findings = validate_json(path, "--validate-manifests")
    assert code == 1
    assert {f["rule"] for f in findings} == {"IB223"}, findings
    assert all(f["severity"] == "warning" for f in findings)
    # The lines whose value carries the REPLACE mark.
    replace_lines = {n for n, line in enumerate(text.splitlines(), 1)
                     if re.fullmatch(r"\s*[^#\s].*\s# REPLACE\b.*", line)}
    assert replace_lines
    assert {f["line"] for f in findings} == replace_lines
    for finding in findings:
        assert "Replace it: in place of " in str(finding["hint"])


@pytest.mark.parametrize("cloud", CLOUDS)
def test_starter_with_the_placeholders_replaced_is_clean(cloud: str, tmp_path: Path) -> None:
    text = starter(cloud)
    for placeholder, real in REPLACEMENTS.items():
        text = text.replace(placeholder, real)
    path = tmp_path / "values.yaml"
    path.write_text(text, encoding="utf-8")
    code, findings = validate_json(path, "--validate-manifests")
    assert (code, findings) == (0, [])


@pytest.mark.parametrize("cloud", CLOUDS)
def test_starter_is_the_hardened_set_up(cloud: str) -> None:
    buildkit = YAML(typ="safe").load(starter(cloud))["imageBuilder"]["buildkit"]
    assert buildkit["rootless"] is True
    assert buildkit["serviceAccount"] == {"forceDedicated": True}
    assert buildkit["networkPolicy"] == {"enabled": True, "egress": {"enabled": True}}
    assert "service" not in buildkit  # ClusterIP, the default
    # Parallelism follows the CPU request.
    assert buildkit["oci"]["maxParallelism"] == buildkit["resources"]["requests"]["cpu"]


@pytest.mark.parametrize("cloud", sorted(BUILD_IDENTITY))
def test_starter_gives_the_build_identity_to_task_pods_not_buildkitd(
    cloud: str, tmp_path: Path
) -> None:
    text = starter(cloud)
    assert BUILD_IDENTITY[cloud] in text
    assert f"chartgen iam-policy --cloud {cloud}" in text
    assert "buildkitd needs no" in text
    values = YAML(typ="safe").load(text)
    assert cloud_identity(values["userRoleAnnotationKey"])
    account = values["imageBuilder"]["buildkit"]["serviceAccount"]
    assert not [key for key in account.get("annotations", {}) if cloud_identity(key)]

    path = tmp_path / "values.yaml"
    path.write_text(text, encoding="utf-8")
    rendered = [d for d in YAML(typ="safe").load_all(run_cli("render", str(path)).stdout) if d]
    [service_account] = [d for d in rendered if d["kind"] == "ServiceAccount"]
    assert not [k for k in service_account["metadata"].get("annotations", {})
                if cloud_identity(k)]


@pytest.mark.parametrize("cloud", CLOUDS)
def test_modeline_names_the_editor_schema_beside_the_file(cloud: str, tmp_path: Path) -> None:
    text = starter(cloud)
    first, _, _ = text.partition("\n")
    assert first == f"# yaml-language-server: $schema={EDITOR_SCHEMA_FILE}"
    # What the header says to run puts the schema where the modeline looks (relative to the
    # values file), and check-jsonschema accepts the starter with it.
    command = f"chartgen schema --for editor > {EDITOR_SCHEMA_FILE}"
    assert command in text
    (tmp_path / EDITOR_SCHEMA_FILE).write_text(
        run_cli("schema", "--for", "editor").stdout, encoding="utf-8")
    (tmp_path / "values.yaml").write_text(text, encoding="utf-8")
    schema = tmp_path / first.partition("$schema=")[2]
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema),
         str(tmp_path / "values.yaml")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout


# -- init -o FILE ----------------------------------------------------------------------------


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "deploy" / "values.yaml"
    target.parent.mkdir()  # (a missing folder is a usage error: tests/test_exit_codes.py)
    result = run_cli("init", "--cloud", "gcp", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == starter("gcp")
    assert sorted(p.name for p in target.parent.iterdir()) == ["values.yaml"]  # no temp file
    assert f"wrote {target}" in result.stderr


def test_output_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "values.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = run_cli("init", "--output-file", str(target))
    assert result.exit_code == 2
    assert f"chartgen: error: {target} exists; pass --force to replace it" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["values.yaml"]

    forced = run_cli("init", "--cloud", "azure", "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert target.read_text(encoding="utf-8") == starter("azure")


def test_output_file_never_writes_through_a_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n", encoding="utf-8")
    link = tmp_path / "values.yaml"
    link.symlink_to(victim)
    refused = run_cli("init", "-o", str(link))
    assert refused.exit_code == 2
    replaced = run_cli("init", "-o", str(link), "--force")
    assert replaced.exit_code == 0
    assert not link.is_symlink() and link.read_text(encoding="utf-8") == starter("aws")
    assert victim.read_text(encoding="utf-8") == "keep\n"


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--force"], "--force replaces an --output-file; without one there is none"),
        (["--cloud", "oracle"], "--cloud must be one of aws, gcp, azure, none"),
    ],
)
def test_init_usage_errors_exit_2(arguments: list[str], message: str) -> None:
    result = run_cli("init", *arguments)
    assert result.exit_code == 2
    assert f"chartgen: error: {message}" in result.stderr
    assert result.stdout == ""


def test_output_file_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    result = run_cli("init", "-o", str(tmp_path), "--force")
    assert result.exit_code == 2
    assert "is a directory; name a file to write" in result.stderr


def test_output_file_that_cannot_be_written_is_an_environment_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A double for the file system's refusal: this suite runs as root, who writes anywhere.
    import chartgen.output

    def refuse(target: Path, content: str | bytes) -> Path:
        raise PermissionError(13, "Permission denied", str(target.parent))

    monkeypatch.setattr(chartgen.output, "_write_beside", refuse)
    result = run_cli("init", "-o", str(tmp_path / "values.yaml"))
    assert result.exit_code == 3
    assert f"chartgen: error: cannot write {tmp_path}: Permission denied" in result.stderr
    assert not (tmp_path / "values.yaml").exists()
