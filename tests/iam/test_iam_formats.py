"""The three formats for every scenario: JSON parses, Terraform parses with python-hcl2, shell
passes `bash -n` and `shellcheck`, output is byte-for-byte deterministic, and the shell script
really does what the JSON says (run against stub `aws`/`gcloud`/`az` commands)."""

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
from conftest import in_ci
from iam_harness import FORMATS, SCENARIOS, run_scenario
from shell_stubs import check_recorded_calls, fill, run_script, samples_env

SHELLCHECK = shutil.which("shellcheck") or (
    "/usr/bin/shellcheck" if Path("/usr/bin/shellcheck").exists() else None
)
BASH = shutil.which("bash")


def output(tmp_path: Path, name: str, fmt: str) -> str:
    result = run_scenario(tmp_path, name, fmt)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_json_is_one_object_with_stable_sections(tmp_path: Path, name: str) -> None:
    data = json.loads(output(tmp_path, name, "json"))
    assert list(data)[:2] == ["cloud", "authentication_type"]
    assert list(data)[-2:] == ["notes", "placeholders"]
    for placeholder in data["placeholders"]:
        assert placeholder["token"] == "${" + placeholder["name"] + "}"
    text = json.dumps(data)
    tokens = {p["token"] for p in data["placeholders"]}
    for token in tokens:
        assert token in text
    # No token that is not declared.
    assert set(re.findall(r"\$\{[A-Z_]+\}", text)) == tokens


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_terraform_parses_with_hcl2(tmp_path: Path, name: str) -> None:
    import hcl2

    text = output(tmp_path, name, "terraform")
    parsed: dict[str, Any] = hcl2.loads(text)
    data = json.loads(output(tmp_path, name, "json"))
    variables = {
        key.strip('"') for block in parsed.get("variable", []) for key in block
    }
    placeholders = {p["name"].lower() for p in data["placeholders"] if not p["lookup"]}
    # Besides the placeholders: the existing policy of each merged repository policy, and the
    # registry credential of a private registry's image pull secret.
    extras = {f"existing_{key.replace('-', '_')}" for key, target in data.get("targets", {}).items()
              if target["kind"] == "repository-policy"}
    if data.get("image_pull_secrets"):
        extras |= {"registry_username", "registry_password"}
    assert variables == placeholders | extras


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_shell_passes_bash_n_and_shellcheck(tmp_path: Path, name: str) -> None:
    script = tmp_path / "iam.sh"
    script.write_text(output(tmp_path, name, "shell"), encoding="utf-8")
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "\nset -euo pipefail\n" in text
    assert BASH, "bash is required"
    subprocess.run([BASH, "-n", str(script)], check=True)
    if SHELLCHECK is None:
        if in_ci():
            pytest.fail("shellcheck is required in CI (apt-get install -y shellcheck)")
        pytest.skip("shellcheck is not installed")
    result = subprocess.run(
        [SHELLCHECK, "--shell=bash", "--severity=style", str(script)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "name", ["aws-cross-account-base-image-trust", "gcp-base-image", "azure-base-image"]
)
def test_output_is_deterministic(tmp_path: Path, name: str, fmt: str) -> None:
    first = output(tmp_path, name, fmt)
    second = output(tmp_path, name, fmt)
    assert first == second
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    scenario = SCENARIOS[name]
    values = tmp_path / "values.yaml"
    values.write_text(scenario.values, encoding="utf-8")
    third = subprocess.run(
        [sys.executable, "-m", "chartgen", "iam-policy", str(values), *scenario.args, "-o", fmt],
        capture_output=True, text=True, env=env, check=True,
    ).stdout
    assert third == first


# -- running the shell script against stubs ------------------------------------------------------

SAMPLES = {
    "DATAPLANE_ACCOUNT_ID": "222222222222",
    "OIDC_PROVIDER": "oidc.eks.us-east-1.amazonaws.com/id/ABC",
    "DATAPLANE_AWS_PROFILE": "dp",
    "REGISTRY_AWS_PROFILE": "reg",
    "BASE_IMAGE_AWS_PROFILE": "base",
    "BUILD_NAMESPACE": "proj-development",
    "USER_GSA": "u@p-123456.iam.gserviceaccount.com",
    "NODE_SA": "n@p-123456.iam.gserviceaccount.com",
    "OPERATOR_PROXY_GSA": "o@p-123456.iam.gserviceaccount.com",
    "SUBSCRIPTION_ID": "11111111-2222-3333-4444-555555555555",
    "RESOURCE_GROUP": "rg",
    "USER_IDENTITY": "user-id",
    "KUBELET_IDENTITY_OBJECT_ID": "99999999-8888-7777-6666-555555555555",
    "OPERATOR_PROXY_IDENTITY": "proxy-id",
    "OIDC_ISSUER": "https://issuer.example/",
    "BASE_REGISTRY_SUBSCRIPTION_ID": "11111111-2222-3333-4444-555555555555",
    "BASE_REGISTRY_RESOURCE_GROUP": "base-rg",
    "IMAGE_PULL_SECRET": "registry-push",
}


def accounts_for(data: dict[str, Any]) -> str:
    """`sts get-caller-identity` answers: every profile belongs to its part's account."""
    return ";".join(
        f"{part['profile']}={part['account']}" for part in data.get("accounts", {}).values()
    )


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n.endswith("placeholders")])
def test_shell_refuses_to_run_with_a_placeholder_unset(tmp_path: Path, name: str) -> None:
    data = json.loads(output(tmp_path, name, "json"))
    run = run_script(tmp_path, output(tmp_path, name, "shell"), {})
    assert run.result.returncode != 0
    names = [p["name"] for p in data["placeholders"] if not p["lookup"]]
    assert any(f"{n}: set {n} to " in run.result.stderr for n in names), run.result.stderr
    assert run.calls == [], "nothing may run before every placeholder is set"


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_shell_makes_exactly_the_calls_the_json_names(tmp_path: Path, name: str) -> None:
    """Every scenario's script, run against the stub CLIs, calls each CLI with exactly the
    values the JSON output holds (placeholders filled in), and nothing else."""
    data = json.loads(output(tmp_path, name, "json"))
    env = samples_env(data, SAMPLES)
    filled = fill(data, SAMPLES)
    run = run_script(tmp_path, output(tmp_path, name, "shell"), env, accounts=accounts_for(filled))
    check_recorded_calls(run, filled)


WORKLOAD_SCENARIOS = [
    name for name, scenario in SCENARIOS.items()
    if name.startswith(("gcp-", "azure-")) or "--trust-policy" in scenario.args
]


@pytest.mark.parametrize("name", WORKLOAD_SCENARIOS)
def test_shell_prints_the_kubernetes_settings(tmp_path: Path, name: str) -> None:
    data = fill(json.loads(output(tmp_path, name, "json")), SAMPLES)
    env = samples_env(json.loads(output(tmp_path, name, "json")), SAMPLES)
    run = run_script(tmp_path, output(tmp_path, name, "shell"), env, accounts=accounts_for(data))
    workload = data["kubernetes"]["user-workload"]
    value = workload["values"]["userRoleAnnotationValue"]
    if value.startswith("${"):
        value = "00000000-0000-0000-0000-00000000abcd"  # looked up when the script runs
    assert f"userRoleAnnotationKey: {workload['values']['userRoleAnnotationKey']}" in run.result.stdout
    assert f"userRoleAnnotationValue: {value}" in run.result.stdout
    for account in workload["service_accounts"]:
        assert f"  {account['namespace']}/{account['name']}" in run.result.stdout


def test_a_profile_of_the_wrong_account_stops_the_script_before_any_change(tmp_path: Path) -> None:
    data = json.loads(output(tmp_path, "aws-cross-account-profiles", "json"))
    script = output(tmp_path, "aws-cross-account-profiles", "shell")
    run = run_script(tmp_path, script, {}, accounts="dataplane-admin=222222222222;registry-admin=999999999999")
    assert run.result.returncode == 1
    assert "AWS profile registry-admin belongs to account 999999999999, not 111111111111" in (
        run.result.stderr
    )
    assert [c[1:3] for c in run.calls] == [["sts", "get-caller-identity"]] * 2
    assert data["accounts"]["registry"]["apply"] == ["repository-policy"]


EXISTING_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "CiPushes", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::444444444444:role/ci"},
         "Action": ["ecr:PutImage"]},
        {"Sid": "AllowPull", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::222222222222:role/old-role"},
         "Action": ["ecr:BatchGetImage"]},
    ],
}


def test_repository_policy_is_merged_by_sid_not_replaced(tmp_path: Path) -> None:
    data = json.loads(output(tmp_path, "aws-cross-account-profiles", "json"))
    script = output(tmp_path, "aws-cross-account-profiles", "shell")
    run = run_script(tmp_path, script, {"STUB_REPOSITORY_POLICY": json.dumps(EXISTING_POLICY)},
                     accounts=accounts_for(data))
    assert run.result.returncode == 0, run.result.stderr
    [merged] = run.documents(("aws", "ecr", "set-repository-policy"))
    ours = data["documents"]["repository-policy"]["Statement"]
    # The statement other principals rely on stays; ours replace their namesakes.
    assert merged["Statement"] == [EXISTING_POLICY["Statement"][0], *ours]
    assert merged["Version"] == "2012-10-17"
    assert [c[0] for c in run.calls].count("jq") == 1


def test_repository_policy_merge_accepts_a_single_statement_object(tmp_path: Path) -> None:
    """IAM allows `Statement` to be one object instead of a list."""
    data = json.loads(output(tmp_path, "aws-cross-account-profiles", "json"))
    existing = {"Version": "2012-10-17", "Statement": EXISTING_POLICY["Statement"][0]}
    run = run_script(tmp_path, output(tmp_path, "aws-cross-account-profiles", "shell"),
                     {"STUB_REPOSITORY_POLICY": json.dumps(existing)}, accounts=accounts_for(data))
    [merged] = run.documents(("aws", "ecr", "set-repository-policy"))
    assert merged["Statement"][0] == existing["Statement"]
    assert len(merged["Statement"]) == 1 + len(data["documents"]["repository-policy"]["Statement"])


def test_without_an_existing_policy_the_merge_sets_ours(tmp_path: Path) -> None:
    data = json.loads(output(tmp_path, "aws-cross-account-profiles", "json"))
    run = run_script(tmp_path, output(tmp_path, "aws-cross-account-profiles", "shell"), {},
                     accounts=accounts_for(data))
    [merged] = run.documents(("aws", "ecr", "set-repository-policy"))
    assert merged == data["documents"]["repository-policy"]


def test_the_script_says_it_needs_jq_before_changing_anything(tmp_path: Path) -> None:
    script = output(tmp_path, "aws-cross-account-profiles", "shell")
    run_script(tmp_path, script, {})  # lays out the stubs
    (tmp_path / "stub-bin" / "jq").unlink()
    (tmp_path / "stub-log" / "count").write_text("0")
    result = subprocess.run(
        [BASH or "bash", str(tmp_path / "iam.sh")],
        capture_output=True, text=True,
        env={"PATH": str(tmp_path / "stub-bin"), "STUB_LOG": str(tmp_path / "stub-log")},
    )
    assert result.returncode == 1
    assert "this script needs jq (1.6 or newer)" in result.stderr
    assert (tmp_path / "stub-log" / "count").read_text() == "0", "nothing may run without jq"
