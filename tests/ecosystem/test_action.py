"""The composite GitHub Action (`action.yml` at the repository root).

- check-jsonschema validates it against the GitHub Actions schema it ships
  (`--builtin-schema vendor.github-actions`, offline);
- shellcheck checks every `run:` script;
- its `run:` scripts run with bash through `actions_runner` (a stand-in for the runner: the
  inputs and `${{ }}` expressions as GitHub passes them), chartgen real — installed from this
  checkout by the action's own install step, offline from the wheelhouse. Not run here:
  `actions/setup-python` (the test's Python stands for it) and
  `github/codeql-action/upload-sarif`, which talks to GitHub's API — the tests check whether
  it would run and with which SARIF file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from actions_runner import Run, StepResult, environment_without_github, run_action
from conftest import FIXTURES, ROOT, in_ci, wheelhouse_or_skip
from ruamel.yaml import YAML

pytestmark = pytest.mark.slow

ACTION_FILE = ROOT / "action.yml"
ACTION: dict[str, Any] = YAML(typ="safe").load(ACTION_FILE.read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
SETUP_PYTHON = "actions/setup-python@v6"
UPLOAD_SARIF = "github/codeql-action/upload-sarif@v4"


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args],
        capture_output=True, text=True, timeout=120,
    )


def test_action_yml_is_valid_for_the_github_actions_schema() -> None:
    result = check_jsonschema("--builtin-schema", "vendor.github-actions", str(ACTION_FILE))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_refuses_a_broken_action(tmp_path: Path) -> None:
    broken = tmp_path / "action.yml"
    broken.write_text(
        ACTION_FILE.read_text(encoding="utf-8").replace("using: composite", "using: compose"),
        encoding="utf-8",
    )
    result = check_jsonschema("--builtin-schema", "vendor.github-actions", str(broken))
    assert result.returncode == 1


def test_actions_are_pinned_by_major_tag_and_scripts_take_no_expressions() -> None:
    used = [step["uses"] for step in STEPS if "uses" in step]
    assert used == [SETUP_PYTHON, UPLOAD_SARIF]
    for reference in used:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@v[0-9]+", reference), reference
    for step in STEPS:
        if "run" in step:
            # An expression in a script is pasted into its text before bash reads it.
            assert "${{" not in step["run"], step["name"]
            assert step["shell"] == "bash"


def test_run_scripts_pass_shellcheck(tmp_path: Path) -> None:
    if shutil.which("shellcheck") is None:
        if in_ci():
            pytest.fail("shellcheck is not on PATH (CI=true: .ci/run installs it)")
        pytest.skip("shellcheck is not installed")
    for index, step in enumerate(s for s in STEPS if "run" in s):
        script = tmp_path / f"step-{index}.sh"
        # What GitHub runs for `shell: bash`: bash --noprofile --norc -eo pipefail FILE.
        script.write_text("#!/usr/bin/env bash\nset -eo pipefail\n" + step["run"])
        result = subprocess.run(
            ["shellcheck", "--shell=bash", "--severity=style", str(script)],
            capture_output=True, text=True,
        )
        assert result.returncode == 0, f"{step['name']}:\n{result.stdout}"


# -- running the scripts ------------------------------------------------------------------------

INSTALL = "Install chartgen"


@pytest.fixture(scope="module")
def runner_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a job after actions/setup-python: `python` on PATH; pip offline."""
    wheelhouse = wheelhouse_or_skip()
    bin_dir = tmp_path_factory.mktemp("setup-python")
    (bin_dir / "python").symlink_to(sys.executable)
    env = environment_without_github()
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(wheelhouse),
        NO_COLOR="1",
    )
    return env


@pytest.fixture(scope="module")
def installed(runner_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[Path, StepResult]:
    """The action's install step, run once: chartgen from this checkout into a venv."""
    temp = tmp_path_factory.mktemp("runner-temp")
    workspace = tmp_path_factory.mktemp("workspace")
    run = run_action(
        ACTION, inputs={"files": "values.yaml", "upload-sarif": "false"},
        action_path=ROOT, workspace=workspace, runner_temp=temp, env=runner_env,
        uses={SETUP_PYTHON: lambda with_: {}, UPLOAD_SARIF: _no_upload},
    )
    step = run.step(INSTALL)
    assert step.outcome == "success", step.stderr
    assert re.search(r"^chartgen \d+\.\d+\.\d+$", step.stdout, re.MULTILINE)
    return temp, step


def _no_upload(with_: dict[str, str]) -> dict[str, str]:
    raise AssertionError("the upload step is not run here")


class Uploads:
    def __init__(self) -> None:
        self.calls: list[dict[str, str]] = []

    def __call__(self, with_: dict[str, str]) -> dict[str, str]:
        self.calls.append(with_)
        return {}


def run_in(
    workspace: Path, installed: tuple[Path, StepResult], runner_env: dict[str, str],
    uploads: Uploads | None = None, **inputs: str,
) -> Run:
    temp, install = installed
    return run_action(
        ACTION, inputs=inputs, action_path=ROOT, workspace=workspace, runner_temp=temp,
        env=runner_env, uses={SETUP_PYTHON: lambda with_: {}, UPLOAD_SARIF: uploads or Uploads()},
        skip_steps={INSTALL: install},
    )


GOOD = (FIXTURES / "valid" / "dataplane-aws-full.yaml").read_text(encoding="utf-8")
TYPO = "imageBuilder:\n  authenticationtype: aws\n"
WARNS = "imageBuilder:\n  buildkit:\n    oci:\n      maxParallelism: 0\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A checkout: good files (one in a folder with a space and a quote), a bad one."""
    root = tmp_path / "workspace"
    (root / "deploy" / "it's prod").mkdir(parents=True)
    (root / "deploy" / "values.yaml").write_text(GOOD, encoding="utf-8")
    (root / "deploy" / "it's prod" / "values.yaml").write_text(GOOD, encoding="utf-8")
    (root / "deploy" / "values.bad.yaml").write_text(TYPO, encoding="utf-8")
    return root


def sarif_results(path: str) -> list[dict[str, Any]]:
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    assert document["version"] == "2.1.0"
    results: list[dict[str, Any]] = document["runs"][0]["results"]
    return results


def between_stop_commands(log: str) -> str:
    match = re.search(r"^::stop-commands::([0-9a-f]{32})\n(.*?)^::\1::$", log, re.M | re.S)
    assert match, log
    return match.group(2)


def test_findings_fail_the_action_after_the_sarif_upload(
    workspace: Path, installed: tuple[Path, StepResult], runner_env: dict[str, str]
) -> None:
    uploads = Uploads()
    run = run_in(workspace, installed, runner_env, uploads, files="deploy/**/values*.yaml\n")
    validate = run.step("Validate")
    assert validate.outcome == "success", validate.stderr
    assert run.outputs["exit-code"] == "1"
    # Uploaded, then the last step fails with chartgen's exit code.
    assert uploads.calls == [{"sarif_file": run.outputs["sarif-file"], "category": "chartgen"}]
    result = run.step("Result")
    assert (result.outcome, result.exit_code) == ("failure", 1)
    [finding] = sarif_results(run.outputs["sarif-file"])
    assert finding["ruleId"] == "IB101"
    location = finding["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "deploy/values.bad.yaml"  # relative: code scanning
    assert location["region"]["startLine"] == 2
    # The log shows the located finding as text, read by the runner as no command.
    text = between_stop_commands(validate.stdout)
    assert "deploy/values.bad.yaml:2:3: error: $.imageBuilder.authenticationtype" in text
    assert "3 inputs: 2 valid, 1 invalid" in text  # the folder with a space and a quote too


def test_valid_files_pass(
    workspace: Path, installed: tuple[Path, StepResult], runner_env: dict[str, str]
) -> None:
    uploads = Uploads()
    run = run_in(workspace, installed, runner_env, uploads,
                 files="deploy/values.yaml\n  deploy/it's prod/values.yaml  \n\n")
    assert run.outputs["exit-code"] == "0"
    assert not run.failed
    assert run.step("Result").stdout == "chartgen: valid\n"
    assert len(uploads.calls) == 1
    assert sarif_results(run.outputs["sarif-file"]) == []


def test_strict_makes_warnings_fail(
    workspace: Path, installed: tuple[Path, StepResult], runner_env: dict[str, str]
) -> None:
    (workspace / "values.yaml").write_text(WARNS, encoding="utf-8")
    lenient = run_in(workspace, installed, runner_env, files="values.yaml")
    assert lenient.outputs["exit-code"] == "0"
    strict = run_in(workspace, installed, runner_env, files="values.yaml", strict="true")
    assert strict.outputs["exit-code"] == "1"
    assert strict.step("Result").exit_code == 1
    assert "[IB219]" in between_stop_commands(strict.step("Validate").stdout)


def test_without_code_scanning_findings_are_workflow_annotations(
    workspace: Path, installed: tuple[Path, StepResult], runner_env: dict[str, str]
) -> None:
    uploads = Uploads()
    run = run_in(workspace, installed, runner_env, uploads,
                 files="deploy/values.bad.yaml", **{"upload-sarif": "false"})
    assert uploads.calls == []
    assert run.step("Upload findings to code scanning").outcome == "skipped"
    assert run.step("Result").exit_code == 1
    assert "::error file=deploy/values.bad.yaml,line=2,col=3" in run.step("Validate").stdout


def test_values_options_reach_chartgen_as_single_arguments(
    workspace: Path, installed: tuple[Path, StepResult], runner_env: dict[str, str]
) -> None:
    (workspace / "base values.yaml").write_text(
        "imageBuilder:\n  authenticationType: aws\n", encoding="utf-8")
    (workspace / "values.yaml").write_text("global:\n  AWS_ACCOUNT_ID: '210987654321'\n",
                                           encoding="utf-8")
    hostile = "imageBuilder.registryName=a'b\"c$(touch pwned)`touch pwned`;touch pwned"
    run = run_in(
        workspace, installed, runner_env, files="values.yaml",
        values="base values.yaml\n", set=hostile,
        **{"set-string": "storage.region=us-east-1", "kube-version": "1.33",
           "set-json": 'storage.provider="aws"'},
    )
    assert not (workspace / "pwned").exists()
    # The registry name arrived whole, quotes and all: IB201/IB250 name it as given.
    text = between_stop_commands(run.step("Validate").stdout)
    assert "a'b\"c$(touch pwned)`touch pwned`;touch pwned" in text
    assert run.outputs["exit-code"] == "1"


@pytest.mark.parametrize(
    "inputs, message",
    [
        ({"files": "nothing/*.yaml"}, "no values file to validate"),
        ({"files": "values.yaml", "strict": "yes"}, "input strict must be true or false"),
        ({"files": "values.yaml", "upload-sarif": "no\n::set-output name=x::y"},
         "input upload-sarif must be true or false, not 'no%0A::set-output name=x::y'"),
        ({"files": "values.yaml", "sarif-file": "out.sarif\nexit-code=0"},
         "input sarif-file must be one line"),
    ],
)
def test_usage_errors_exit_2_without_upload(
    inputs: dict[str, str], message: str,
    workspace: Path, installed: tuple[Path, StepResult], runner_env: dict[str, str],
) -> None:
    (workspace / "values.yaml").write_text(GOOD, encoding="utf-8")
    uploads = Uploads()
    run = run_in(workspace, installed, runner_env, uploads, **inputs)
    assert run.outputs["exit-code"] == "2"
    assert uploads.calls == []
    assert run.step("Result").exit_code == 2
    assert f"::error title=chartgen::{message}" in run.step("Validate").stdout


def test_a_missing_file_is_an_environment_failure_with_its_finding_uploaded(
    workspace: Path, installed: tuple[Path, StepResult], runner_env: dict[str, str]
) -> None:
    uploads = Uploads()
    run = run_in(workspace, installed, runner_env, uploads, files="deploy/missing.yaml")
    assert run.outputs["exit-code"] == "3"
    assert len(uploads.calls) == 1
    assert run.step("Result").exit_code == 3
    [finding] = sarif_results(run.outputs["sarif-file"])
    assert finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "deploy/missing.yaml")


def test_a_file_name_cannot_pose_as_a_workflow_command(
    workspace: Path, installed: tuple[Path, StepResult], runner_env: dict[str, str]
) -> None:
    (workspace / "::error::forged.yaml").write_text(TYPO, encoding="utf-8")
    run = run_in(workspace, installed, runner_env, files="*.yaml")
    log = run.step("Validate").stdout
    outside = log.replace(between_stop_commands(log), "")
    assert "::error::forged" not in outside
    assert "::error::forged.yaml:2:3: error:" in between_stop_commands(log)
