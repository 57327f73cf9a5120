"""Running a generated IAM script with bash against stub cloud CLIs that record every call.

The cloud CLIs cannot run here (they would need accounts), so each of `aws`, `gcloud`, `az` and
`flyte` is a stub: a bash script, using builtins only, that writes its argv (NUL-separated, so
any byte survives) and, for `file:///dev/stdin` arguments, its stdin into a numbered record, and
answers the few questions the scripts ask (`sts get-caller-identity`, `ecr
get-repository-policy`, `identity show`). `jq` is the real one behind a recording wrapper.

The script runs with PATH holding only the stubs, and with a `BASH_ENV` prelude that defines
`command_not_found_handle`, so any other command it tries to run (a `touch` smuggled in by a
value, say) is recorded as unexpected instead of running. Tests then compare the recorded
calls with the calls the JSON output says should happen.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

BASH = shutil.which("bash") or "/bin/bash"
JQ = shutil.which("jq") or "/usr/bin/jq"
PROFILE_ACCOUNT = "000000000001"  # what `sts get-caller-identity` answers for unknown profiles
LOOKED_UP = "00000000-0000-0000-0000-00000000abcd"  # what `az identity show` answers

STUB = r"""#!@@BASH@@
record() {
  local n=0
  # The counter has no trailing newline: read reports EOF but still sets n.
  read -r n < "$STUB_LOG/count" || true
  n=$((n + 1))
  printf '%s' "$n" > "$STUB_LOG/count"
  printf '%s\0' "${0##*/}" "$@" > "$STUB_LOG/$n.args"
  local argument content
  for argument in "$@"; do
    if [ "$argument" = file:///dev/stdin ]; then
      IFS= read -r -d '' content || true
      printf '%s' "$content" > "$STUB_LOG/$n.stdin"
    fi
  done
}
record "$@"
case "${0##*/} ${1:-} ${2:-}" in
  "aws sts get-caller-identity")
    profile=""
    while [ $# -gt 0 ]; do
      if [ "$1" = --profile ]; then profile="$2"; fi
      shift
    done
    answer="${STUB_ACCOUNTS:-}"
    account=@@ACCOUNT@@
    while [ -n "$answer" ]; do
      entry="${answer%%;*}"
      if [ "${entry%%=*}" = "$profile" ]; then account="${entry#*=}"; fi
      if [ "$answer" = "$entry" ]; then answer=""; else answer="${answer#*;}"; fi
    done
    printf '%s\n' "$account"
    ;;
  "aws ecr get-repository-policy")
    if [ -n "${STUB_REPOSITORY_POLICY:-}" ]; then
      printf '%s\n' "$STUB_REPOSITORY_POLICY"
    else
      printf '%s\n' "An error occurred (RepositoryPolicyNotFoundException) when calling the GetRepositoryPolicy operation: Repository policy does not exist" >&2
      exit 254
    fi
    ;;
  "az identity show")
    printf '%s\n' @@LOOKED_UP@@
    ;;
esac
exit 0
"""

JQ_WRAPPER = r"""#!@@BASH@@
n=0
read -r n < "$STUB_LOG/count" || true
n=$((n + 1))
printf '%s' "$n" > "$STUB_LOG/count"
printf '%s\0' jq "$@" > "$STUB_LOG/$n.args"
exec @@JQ@@ "$@"
"""

PRELUDE = r"""command_not_found_handle() {
  printf '%s\0' "$@" >> "$STUB_LOG/unexpected"
  return 127
}
"""


@dataclass
class Run:
    result: subprocess.CompletedProcess[str]
    calls: list[list[str]]
    stdin: dict[int, str]  # call index → what it read from file:///dev/stdin
    unexpected: list[str]

    def documents(self, program: tuple[str, ...]) -> list[Any]:
        """The JSON each call of `program` (argv prefix) read on stdin."""
        return [
            json.loads(self.stdin[i])
            for i, call in enumerate(self.calls)
            if tuple(call[: len(program)]) == program and i in self.stdin
        ]


def run_script(
    directory: Path, script: str, env: dict[str, str] | None = None, *, accounts: str = ""
) -> Run:
    """Run `script` with the stubs; `accounts` answers `sts get-caller-identity` (P=ACC;...)."""
    if not Path(JQ).exists() and "jq" in script:
        from conftest import in_ci

        if in_ci():
            pytest.fail("jq is required in CI (apt-get install -y jq)")
        pytest.skip("jq is not installed")
    bin_dir = directory / "stub-bin"
    log = directory / "stub-log"
    for path in (bin_dir, log):
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
    (log / "count").write_text("0", encoding="utf-8")
    stub = (
        STUB.replace("@@BASH@@", BASH)
        .replace("@@ACCOUNT@@", PROFILE_ACCOUNT)
        .replace("@@LOOKED_UP@@", LOOKED_UP)
    )
    for tool in ("aws", "gcloud", "az", "flyte"):
        (bin_dir / tool).write_text(stub, encoding="utf-8")
        (bin_dir / tool).chmod(0o755)
    (bin_dir / "jq").write_text(
        JQ_WRAPPER.replace("@@BASH@@", BASH).replace("@@JQ@@", JQ), encoding="utf-8"
    )
    (bin_dir / "jq").chmod(0o755)
    prelude = directory / "prelude.sh"
    prelude.write_text(PRELUDE, encoding="utf-8")
    path = directory / "iam.sh"
    path.write_text(script, encoding="utf-8")
    result = subprocess.run(
        [BASH, str(path)],
        capture_output=True,
        text=True,
        cwd=directory,
        env={
            "PATH": str(bin_dir),
            "STUB_LOG": str(log),
            "BASH_ENV": str(prelude),
            "STUB_ACCOUNTS": accounts,
            "HOME": str(directory),
            **(env or {}),
        },
        timeout=60,
    )
    count = int((log / "count").read_text())
    calls, stdin = [], {}
    for number in range(1, count + 1):
        calls.append((log / f"{number}.args").read_bytes().decode().split("\0")[:-1])
        if (log / f"{number}.stdin").exists():
            stdin[number - 1] = (log / f"{number}.stdin").read_text()
    unexpected_file = log / "unexpected"
    unexpected = (
        unexpected_file.read_bytes().decode(errors="replace").split("\0")[:-1]
        if unexpected_file.exists()
        else []
    )
    return Run(result, calls, stdin, unexpected)


# -- what the JSON output says should run ----------------------------------------------------


def fill(value: Any, samples: dict[str, str]) -> Any:
    """`value` with every `${NAME}` token replaced by its sample."""
    text = json.dumps(value)
    for name, sample in samples.items():
        text = text.replace("${" + name + "}", sample)
    return json.loads(text)


def _profile(data: dict[str, Any], part: str) -> list[str]:
    accounts = data.get("accounts")
    if not accounts:
        return []
    return ["--profile", accounts[part]["profile"]]


def expected_aws_calls(data: dict[str, Any]) -> tuple[list[list[str]], list[list[str]]]:
    """(the account checks, in order; every other aws call) the JSON output calls for."""
    checks = [
        ["aws", "sts", "get-caller-identity", "--profile", part["profile"], "--query",
         "Account", "--output", "text"]
        for part in data.get("accounts", {}).values()
    ]
    calls = []
    for key, target in data.get("targets", {}).items():
        profile = _profile(data, target.get("account_part", ""))
        if target["kind"] == "role-policy":
            calls.append(["aws", "iam", "put-role-policy", "--role-name", target["role"],
                          "--policy-name", target["policy_name"], "--policy-document",
                          "file:///dev/stdin", *profile])
        elif target["kind"] == "assume-role-policy":
            calls.append(["aws", "iam", "update-assume-role-policy", "--role-name",
                          target["role"], "--policy-document", "file:///dev/stdin", *profile])
        elif target["kind"] == "repository-policy":
            where = ["--registry-id", target["registry_account"], "--region", target["region"],
                     "--repository-name", target["repository"], *profile]
            calls.append(["aws", "ecr", "get-repository-policy", *where, "--query", "policyText",
                          "--output", "text"])
            calls.append(["aws", "ecr", "set-repository-policy", *where, "--policy-text",
                          "file:///dev/stdin"])
        del key
    part_of = {
        key: part
        for part, entry in data.get("accounts", {}).items()
        for key in entry["apply"]
    }
    for key, repository in data.get("repositories", {}).items():
        profile = _profile(data, part_of.get(key, ""))
        if repository["kind"] == "creation-template":
            call = ["aws", "ecr", "create-repository-creation-template", "--region",
                    repository["region"], "--prefix", repository["prefix"], "--applied-for",
                    "CREATE_ON_PUSH"]
            if "repository_policy" in repository:
                call += ["--repository-policy", "file:///dev/stdin"]
            calls.append([*call, *profile])
        else:
            calls.append(["aws", "ecr", "create-repository", "--registry-id",
                          repository["registry_account"], "--region", repository["region"],
                          "--repository-name", repository["name"], *profile])
    return checks, calls


def expected_gcloud_calls(data: dict[str, Any]) -> list[list[str]]:
    calls = []
    for binding in data.get("bindings", {}).values():
        parts = binding["resource"].split("/")
        if binding["resource_kind"] == "repository":
            target = ["artifacts", "repositories", "add-iam-policy-binding", parts[5],
                      "--project", parts[1], "--location", parts[3]]
        elif binding["resource_kind"] == "service-account":
            target = ["iam", "service-accounts", "add-iam-policy-binding", parts[3]]
        else:
            target = ["projects", "add-iam-policy-binding", parts[1]]
        calls.append(["gcloud", *target, "--member", binding["member"], "--role",
                      binding["role"], "--condition=None"])
    return calls


def expected_az_calls(data: dict[str, Any]) -> list[list[str]]:
    calls = []
    identities = data.get("identities", {})

    def principal(key: str) -> str:
        identity = identities[key]
        return identity.get("object_id") or LOOKED_UP

    for assignment in data.get("role_assignments", {}).values():
        call = ["az", "role", "assignment", "create", "--assignee-object-id",
                principal(assignment["identity"]), "--assignee-principal-type",
                "ServicePrincipal", "--role", assignment["role_definition_id"], "--scope",
                assignment["scope"]]
        if "condition" in assignment:
            call += ["--condition", assignment["condition"], "--condition-version", "2.0"]
        calls.append(call)
    for credential in data.get("federated_credentials", {}).values():
        identity = identities[credential["identity"]]
        calls.append(["az", "identity", "federated-credential", "create", "--name",
                      credential["name"], "--identity-name", identity["name"],
                      "--resource-group", identity["resource_group"], "--subscription",
                      identity["subscription"], "--issuer", credential["issuer"], "--subject",
                      credential["subject"], "--audiences", " ".join(credential["audiences"])])
    return calls


def expected_lookups(data: dict[str, Any]) -> set[tuple[str, ...]]:
    """The `az identity show` calls: principal IDs of named identities, the user's client ID."""
    identities = data.get("identities", {})
    lookups = set()
    used = {a["identity"] for a in data.get("role_assignments", {}).values()}
    for key in used:
        identity = identities[key]
        if "name" in identity:
            lookups.add(("az", "identity", "show", "--name", identity["name"],
                         "--resource-group", identity["resource_group"], "--subscription",
                         identity["subscription"], "--query", "principalId", "--output", "tsv"))
    if "user-workload" in data.get("kubernetes", {}) and "user" in identities:
        identity = identities["user"]
        lookups.add(("az", "identity", "show", "--name", identity["name"], "--resource-group",
                     identity["resource_group"], "--subscription", identity["subscription"],
                     "--query", "clientId", "--output", "tsv"))
    return lookups


def expected_flyte_calls(data: dict[str, Any]) -> list[list[str]]:
    return [list(secret["command"]) for secret in data.get("image_pull_secrets", {}).values()]


def samples_env(data: dict[str, Any], samples: dict[str, str]) -> dict[str, str]:
    return {p["name"]: samples[p["name"]] for p in data["placeholders"] if not p["lookup"]}


def check_recorded_calls(run: Run, data: dict[str, Any]) -> None:
    """The recorded calls are exactly those the (filled-in) JSON output calls for."""
    assert run.unexpected == [], f"the script ran something else: {run.unexpected}"
    assert run.result.returncode == 0, run.result.stderr
    checks, aws_calls = expected_aws_calls(data)
    recorded_aws = [c for c in run.calls if c[0] == "aws"]
    assert recorded_aws[: len(checks)] == checks, "account checks must come first"
    assert sorted(recorded_aws[len(checks):]) == sorted(aws_calls)
    assert sorted(c for c in run.calls if c[0] == "gcloud") == sorted(expected_gcloud_calls(data))
    az = [c for c in run.calls if c[0] == "az"]
    assert {tuple(c) for c in az if c[1:3] == ["identity", "show"]} == expected_lookups(data)
    assert sorted(c for c in az if c[1:3] != ["identity", "show"]) == sorted(
        expected_az_calls(data)
    )
    assert [c for c in run.calls if c[0] == "flyte"] == expected_flyte_calls(data)
    programs = {c[0] for c in run.calls}
    assert programs <= {"aws", "gcloud", "az", "flyte", "jq"}, programs
    # Every document fed on stdin is one the JSON output names, placeholders filled in.
    documents = list(data.get("documents", {}).values()) + [
        r["repository_policy"] for r in data.get("repositories", {}).values()
        if "repository_policy" in r
    ]
    for index, text in run.stdin.items():
        call = run.calls[index]
        if call[:3] == ["aws", "ecr", "set-repository-policy"]:
            continue  # merged with the existing policy: checked by the merge tests
        assert json.loads(text) in documents, call

