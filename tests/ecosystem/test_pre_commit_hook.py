"""The pre-commit hook (`.pre-commit-hooks.yaml`), run by the real `pre-commit` package.

`pre-commit try-repo` clones this repository (with the uncommitted changes of tracked files and
staged new ones: a new file neither committed nor staged is not in the hook's copy), builds the hook's
Python environment — chartgen built from source, its dependencies installed — and runs the hook
in a git repository made here, holding good and bad values files. No network: pip reads only
the wheelhouse `.ci/run` builds (`PIP_NO_INDEX=1`, `PIP_FIND_LINKS`), virtualenv seeds from
its bundled wheels, and pre-commit's home is this test's own directory.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, wheelhouse_or_skip
from ruamel.yaml import YAML

pytestmark = pytest.mark.slow

HOOK_ID = "chartgen-validate"


def manifest() -> list[dict[str, object]]:
    from pre_commit.clientlib import load_manifest

    # pre-commit's own loader checks the manifest against its schema.
    hooks: list[dict[str, object]] = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    return hooks


def hook() -> dict[str, object]:
    [found] = [h for h in manifest() if h["id"] == HOOK_ID]
    return found


def test_manifest_is_valid_for_pre_commit_and_runs_validate_in_batch_mode() -> None:
    found = hook()
    assert found["language"] == "python"
    assert found["entry"] == "chartgen validate --each"
    assert found["pass_filenames"] is True
    assert found["require_serial"] is True
    raw = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in raw] == [HOOK_ID]


@pytest.mark.parametrize(
    "path, matched",
    [
        ("values.yaml", True),
        ("values.yml", True),
        ("deploy/values.yaml", True),
        ("values.aws.yaml", True),
        ("values-prod.yaml", True),
        ("charts/dataplane/examples/values.aws.eks-automode.yaml", True),
        ("prod-values.yaml", True),
        ("env/prod.values.yaml", True),
        ("Chart.yaml", False),
        ("values.schema.json", False),
        ("k8s/deployment.yaml", False),
        (".github/workflows/ci.yaml", False),
        ("charts/x/templates/values-configmap.yaml", False),
        ("myvalues.yaml", False),
        ("values.yaml.bak", False),
        ("-values.yaml", False),  # would reach chartgen as an option
    ],
)
def test_files_pattern_takes_values_files_only(path: str, matched: bool) -> None:
    found = hook()
    # How pre-commit filters: `files` and `exclude` searched in the path from the repo root.
    taken = bool(re.search(str(found["files"]), path)) and not re.search(
        str(found["exclude"]), path
    )
    assert taken is matched


BAD = "imageBuilder:\n  authenticationtype: aws\n"
MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Secret\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A user's repository: a good values file, a bad one, and a manifest the hook leaves out."""
    repo = tmp_path / "project"
    (repo / "deploy").mkdir(parents=True)
    shutil.copy(FIXTURES / "valid" / "dataplane-aws-full.yaml", repo / "deploy" / "values.yaml")
    (repo / "deploy" / "prod-values.yaml").write_text(BAD, encoding="utf-8")
    (repo / "deploy" / "configmap.yaml").write_text(MANIFEST, encoding="utf-8")
    git(repo.parent, "init", "-q", str(repo))
    git(repo, "add", ".")
    return repo


def try_repo(project: Path, tmp_path: Path, *files: str) -> subprocess.CompletedProcess[str]:
    wheelhouse = wheelhouse_or_skip()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
        "VIRTUALENV_NO_DOWNLOAD": "1",
        "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com",
        "NO_COLOR": "1",
    }
    selection = ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), HOOK_ID, "--verbose",
         "--color", "never", *selection],
        cwd=project, capture_output=True, text=True, env=env, timeout=600,
    )


def test_hook_fails_on_a_bad_values_file_with_the_located_finding(
    project: Path, tmp_path: Path
) -> None:
    result = try_repo(project, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "chartgen validate" in output and "Failed" in output
    assert (
        "deploy/prod-values.yaml:2:3: error: $.imageBuilder.authenticationtype: unknown key "
        "'authenticationtype' in imageBuilder; did you mean 'authenticationType'? [IB101]"
    ) in output
    # Both values files were validated (one valid), the manifest was not.
    assert "2 inputs: 1 valid, 1 invalid" in output
    assert "configmap.yaml" not in output


def test_hook_passes_on_a_good_values_file(project: Path, tmp_path: Path) -> None:
    result = try_repo(project, tmp_path, "deploy/values.yaml", "deploy/configmap.yaml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"chartgen validate\.+Passed", output), output
