"""The cloud starters of `chartgen init` put no cloud identity on buildkitd and say who needs
which grant, in the words `chartgen iam-policy` uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from ruamel.yaml import YAML

from chartgen.clouds import cloud_identity

# The build identity of each cloud, as `chartgen iam-policy` names it.
BUILD_IDENTITY = {"aws": "user role", "gcp": "user GSA", "azure": "user identity"}


@pytest.mark.parametrize("cloud", sorted(BUILD_IDENTITY))
def test_starter_gives_the_build_identity_to_task_pods_not_buildkitd(
    cloud: str, tmp_path: Path
) -> None:
    text = run_cli("init", "--cloud", cloud).stdout
    assert BUILD_IDENTITY[cloud] in text
    assert f"chartgen iam-policy --cloud {cloud}" in text
    assert "buildkitd needs no" in text
    values = YAML(typ="safe").load(text)
    assert cloud_identity(values["userRoleAnnotationKey"])
    account = values["imageBuilder"]["buildkit"]["serviceAccount"]
    assert not [key for key in account.get("annotations", {}) if cloud_identity(key)]
    assert values["imageBuilder"]["buildkit"]["networkPolicy"] == {"enabled": True}

    path = tmp_path / "values.yaml"
    path.write_text(text, encoding="utf-8")
    validated = run_cli("validate", "--strict", str(path))
    assert validated.exit_code == 0, validated.stdout + validated.stderr
    rendered = [d for d in YAML(typ="safe").load_all(run_cli("render", str(path)).stdout) if d]
    [service_account] = [d for d in rendered if d["kind"] == "ServiceAccount"]
    assert not [k for k in service_account["metadata"].get("annotations", {})
                if cloud_identity(k)]
