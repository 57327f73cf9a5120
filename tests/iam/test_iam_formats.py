"""The three formats for every scenario: JSON parses, Terraform parses with python-hcl2, shell
passes `bash -n` and `shellcheck`, output is byte-for-byte deterministic, and the shell script
really does what the JSON says (run against stub `aws`/`gcloud`/`az` commands)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import in_ci
from iam_harness import FORMATS, SCENARIOS, run_scenario

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
    assert variables == {p["name"].lower() for p in data["placeholders"] if not p["lookup"]}


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

STUB = """#!/usr/bin/env bash
{
  printf '%s' "$(basename "$0")"
  printf ' %q' "$@"
  printf '\\n'
  for argument in "$@"; do
    if [ "$argument" = file:///dev/stdin ]; then
      printf '<<<\\n'; cat; printf '>>>\\n'
    fi
  done
} >> "$STUB_LOG"
if [ "${1:-} ${2:-}" = "identity show" ]; then
  echo 00000000-0000-0000-0000-00000000abcd
fi
"""

SAMPLES = {
    "DATAPLANE_ACCOUNT_ID": "222222222222",
    "OIDC_PROVIDER": "oidc.eks.us-east-1.amazonaws.com/id/ABC",
    "NAMESPACE": "ns",
    "SERVICE_ACCOUNT": "sa",
    "KSA": "sa",
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
}


def run_script(
    tmp_path: Path, script: str, env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("aws", "gcloud", "az"):
        stub = bin_dir / tool
        stub.write_text(STUB, encoding="utf-8")
        stub.chmod(0o755)
    log = tmp_path / "calls.log"
    log.write_text("", encoding="utf-8")
    path = tmp_path / "iam.sh"
    path.write_text(script, encoding="utf-8")
    assert BASH
    result = subprocess.run(
        [BASH, str(path)],
        capture_output=True,
        text=True,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "STUB_LOG": str(log), **env},
    )
    return result, log.read_text(encoding="utf-8")


def stdin_documents(log: str) -> list[Any]:
    documents = []
    for chunk in log.split("<<<\n")[1:]:
        documents.append(json.loads(chunk.split(">>>\n", 1)[0]))
    return documents


def fill(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace("${" + name + "}", SAMPLES[name])
    return text


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n.endswith("placeholders")])
def test_shell_refuses_to_run_with_a_placeholder_unset(tmp_path: Path, name: str) -> None:
    data = json.loads(output(tmp_path, name, "json"))
    first = data["placeholders"][0]["name"]
    result, log = run_script(tmp_path, output(tmp_path, name, "shell"), {})
    assert result.returncode != 0
    assert f"set {first} to " in result.stderr
    assert log == "", "nothing may run before every placeholder is set"


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n.startswith("aws-")])
def test_shell_feeds_the_json_documents_to_the_aws_cli(tmp_path: Path, name: str) -> None:
    data = json.loads(output(tmp_path, name, "json"))
    names = [p["name"] for p in data["placeholders"]]
    env = {n: SAMPLES[n] for n in names}
    result, log = run_script(tmp_path, output(tmp_path, name, "shell"), env)
    assert result.returncode == 0, result.stderr
    expected = json.loads(fill(json.dumps(list(data["documents"].values())), names))
    assert stdin_documents(log) == expected
    calls = [line.split()[:3] for line in log.splitlines() if line.startswith("aws ")]
    kinds = {
        "role-policy": ["aws", "iam", "put-role-policy"],
        "repository-policy": ["aws", "ecr", "set-repository-policy"],
        "assume-role-policy": ["aws", "iam", "update-assume-role-policy"],
    }
    assert calls == [kinds[t["kind"]] for t in data["targets"].values()]


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n.startswith("gcp-")])
def test_shell_runs_one_gcloud_call_per_binding(tmp_path: Path, name: str) -> None:
    data = json.loads(output(tmp_path, name, "json"))
    names = [p["name"] for p in data["placeholders"]]
    result, log = run_script(
        tmp_path, output(tmp_path, name, "shell"), {n: SAMPLES[n] for n in names}
    )
    assert result.returncode == 0, result.stderr
    calls = [shlex.split(line) for line in log.splitlines() if line.startswith("gcloud ")]
    bindings = json.loads(fill(json.dumps(list(data["bindings"].values())), names))
    assert len(calls) == len(bindings)
    for call, binding in zip(calls, bindings, strict=True):
        assert call[call.index("--member") + 1] == binding["member"]
        assert call[call.index("--role") + 1] == binding["role"]
        assert call[-1] == "--condition=None"
    annotation = data["kubernetes"]["user-workload"]["annotations"]
    assert fill(annotation["iam.gke.io/gcp-service-account"], names) in result.stdout


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n.startswith("azure-")])
def test_shell_runs_the_azure_assignments(tmp_path: Path, name: str) -> None:
    data = json.loads(output(tmp_path, name, "json"))
    names = [p["name"] for p in data["placeholders"] if not p["lookup"]]
    result, log = run_script(
        tmp_path, output(tmp_path, name, "shell"), {n: SAMPLES[n] for n in names}
    )
    assert result.returncode == 0, result.stderr
    calls = [shlex.split(line) for line in log.splitlines() if line.startswith("az ")]
    assignments = [c for c in calls if c[1:4] == ["role", "assignment", "create"]]
    expected = json.loads(fill(json.dumps(list(data["role_assignments"].values())), names))
    assert len(assignments) == len(expected)
    for call, assignment in zip(assignments, expected, strict=True):
        assert call[call.index("--role") + 1] == assignment["role_definition_id"]
        assert call[call.index("--scope") + 1] == assignment["scope"]
        assert call[call.index("--assignee-principal-type") + 1] == "ServicePrincipal"
        principal = call[call.index("--assignee-object-id") + 1]
        identity = data["identities"][assignment["identity"]]
        if "object_id" in identity:
            assert principal == fill(identity["object_id"], names)
        else:
            assert principal == "00000000-0000-0000-0000-00000000abcd"  # looked up
    federated = [c for c in calls if c[1:4] == ["identity", "federated-credential", "create"]]
    credential = json.loads(
        fill(json.dumps(data["federated_credentials"]["user-federated-credential"]), names)
    )
    assert len(federated) == 1
    call = federated[0]
    assert call[call.index("--subject") + 1] == credential["subject"]
    assert call[call.index("--issuer") + 1] == credential["issuer"]
    assert call[call.index("--audiences") + 1] == "api://AzureADTokenExchange"
    assert "azure.workload.identity/client-id: 00000000-0000-0000-0000-00000000abcd" in (
        result.stdout
    )
    assert 'azure.workload.identity/use: "true"' in result.stdout
