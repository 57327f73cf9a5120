"""`chartgen iam-policy --audit`: real-shaped CLI outputs (missing, excessive, exact) per cloud.

The fixtures under `audit/` are written in the shapes the CLIs print: `aws iam get-role-policy`,
`aws iam get-policy-version`, `aws ecr get-repository-policy` (policyText is a JSON string),
`aws iam get-role`, `gcloud ... get-iam-policy --format json`, `az role assignment list`.
Findings must point at the line of the audited file that explains them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from iam_harness import (
    AWS_VALUES,
    AZURE_IDENTITIES,
    AZURE_VALUES,
    GCP_IDENTITIES,
    GCP_VALUES,
    OIDC,
    iam,
    write_values,
)

from chartgen.iam.audit.document import JsonError, parse_json
from chartgen.iam.audit.matching import covers

FIXTURES = Path(__file__).parent / "audit"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def at(name: str, text: str, column: int | None = None) -> str:
    """`name:LINE:COLUMN` of the first line of fixture `name` containing `text`; the column
    is where `text` starts unless given."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    number, line = next((n, line) for n, line in enumerate(lines, start=1) if text in line)
    return f"{name}:{number}:{column if column is not None else line.index(text) + 1}"


def findings(stderr: str, rule: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.endswith(f"[{rule}]")]


def where(line: str) -> str:
    return line.split(": ")[0].rsplit("/", 1)[-1]


def audit(tmp_path: Path, values: str, *args: str) -> tuple[int, str]:
    result = iam(write_values(tmp_path, values), *args)
    assert result.stdout == "", "an audit writes findings, not IAM"
    return result.exit_code, result.stderr


# -- AWS -----------------------------------------------------------------------------------------


def test_aws_exact_policy_passes(tmp_path: Path) -> None:
    code, stderr = audit(tmp_path, AWS_VALUES, "--audit", fixture("aws-user-role-exact.json"))
    assert code == 0, stderr
    assert not findings(stderr, "IB515") or all(": info: " in f for f in findings(stderr, "IB515"))
    assert not findings(stderr, "IB516") and not findings(stderr, "IB517")
    assert "audit: 15 needed grants checked, 0 missing" in stderr
    # The roles not audited are named once.
    [info] = [f for f in findings(stderr, "IB515") if ": info: " in f]
    assert "operator-proxy-role-policy, node-role-policy" in info


def test_aws_missing_push_on_the_repository_is_an_error_at_the_statements(tmp_path: Path) -> None:
    name = "aws-user-role-missing.json"
    code, stderr = audit(tmp_path, AWS_VALUES, "--audit", fixture(name))
    assert code == 1
    [missing] = [f for f in findings(stderr, "IB515") if ": error: " in f]
    assert where(missing) == at(name, '"Statement"', 22)
    assert "lacks ecr:BatchCheckLayerAvailability, ecr:BatchGetImage" in missing
    assert "ecr:PutImage" in missing and "statement ECRPushPull" in missing
    # The push actions were granted in another region: located at that resource.
    [wrong] = findings(stderr, "IB517")
    assert where(wrong) == at(name, '"arn:aws:ecr:us-west-2')
    assert "us-west-2" in wrong


def test_aws_wildcards_are_too_broad_but_cover_the_need(tmp_path: Path) -> None:
    name = "aws-user-role-excessive.json"
    code, stderr = audit(tmp_path, AWS_VALUES, "--audit", f"user-role={fixture(name)}")
    assert code == 0, stderr  # nothing is missing: ecr:* on * covers it, too broadly
    broad = findings(stderr, "IB516")
    assert [where(f) for f in broad] == [
        at(name, '"ecr:*"'),
        at(name, '"*"'),
    ]
    assert "wildcard action 'ecr:*'" in broad[0]
    assert "wider than the repository" in broad[1]
    assert not any("s3:" in f for f in broad), "other services are not the audit's business"
    strict = iam(write_values(tmp_path, AWS_VALUES), "--audit", f"user-role={fixture(name)}",
                 "--strict")
    assert strict.exit_code == 1


def test_aws_repository_policy_exact_and_excessive(tmp_path: Path) -> None:
    cross = ("--cross-account", "--dataplane-account", "222222222222")
    code, stderr = audit(tmp_path, AWS_VALUES, *cross, "--audit",
                         fixture("aws-repository-policy-exact.json"))
    assert code == 0, stderr
    assert "audit: 12 needed grants checked, 0 missing" in stderr
    name = "aws-repository-policy-excessive.json"
    code, stderr = audit(tmp_path, AWS_VALUES, *cross, "--audit", fixture(name))
    assert code == 0, stderr  # the account root and ecr:* let the roles in, far too widely
    broad = findings(stderr, "IB516")
    assert any("'arn:aws:iam::222222222222:root'" in f for f in broad)
    assert any("wildcard action 'ecr:*'" in f for f in broad)
    assert all(where(f) == at(name, '"{') for f in broad)  # the policyText string


def test_aws_trust_policy_of_the_union_docs_is_too_broad(tmp_path: Path) -> None:
    name = "aws-trust-union-docs.json"
    trust = ("--trust-policy", "--oidc-provider", OIDC)
    code, stderr = audit(tmp_path, AWS_VALUES, *trust, "--audit", fixture(name))
    assert code == 0, stderr
    [broad] = findings(stderr, "IB516")
    assert "'system:serviceaccount:*'" in broad
    assert where(broad) == at(name, '"system:serviceaccount:*"')


def test_aws_trust_policy_missing_the_build_namespace(tmp_path: Path) -> None:
    trust = ("--trust-policy", "--oidc-provider", OIDC, "--build-namespace", "a-development",
             "--service-account", "default")
    document = json.loads((FIXTURES / "aws-trust-union-docs.json").read_text())
    condition = document["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]
    condition["StringLike"] = {f"{OIDC}:sub": "system:serviceaccount:b-development:default"}
    path = tmp_path / "trust.json"
    path.write_text(json.dumps(document, indent=2))
    code, stderr = audit(tmp_path, AWS_VALUES, *trust, "--audit", str(path))
    assert code == 1
    [missing] = [f for f in findings(stderr, "IB515") if ": error: " in f]
    assert "system:serviceaccount:a-development:default" in missing


def test_a_deny_statement_makes_a_grant_missing(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "aws-user-role-exact.json").read_text())
    document["PolicyDocument"]["Statement"].append(
        {"Sid": "NoPush", "Effect": "Deny", "Action": "ecr:PutImage", "Resource": "*"}
    )
    path = tmp_path / "deny.json"
    path.write_text(json.dumps(document, indent=2))
    code, stderr = audit(tmp_path, AWS_VALUES, "--audit", str(path))
    assert code == 1
    [missing] = [f for f in findings(stderr, "IB515") if ": error: " in f]
    assert "ecr:PutImage" in missing and "a Deny statement refuses it" in missing


# -- GCP -----------------------------------------------------------------------------------------


def test_gcp_exact_bindings_pass(tmp_path: Path) -> None:
    code, stderr = audit(
        tmp_path, GCP_VALUES, *GCP_IDENTITIES,
        "--audit", f"repository={fixture('gcp-repository-exact.json')}",
        "--audit", f"service-account={fixture('gcp-service-account-exact.json')}",
    )
    assert code == 0, stderr
    assert "audit: 5 needed grants checked, 0 missing, 0 too broad" in stderr


def test_gcp_missing_writer_is_an_error(tmp_path: Path) -> None:
    name = "gcp-repository-missing.json"
    code, stderr = audit(tmp_path, GCP_VALUES, *GCP_IDENTITIES,
                         "--audit", f"repository={fixture(name)}")
    assert code == 1
    errors = [f for f in findings(stderr, "IB515") if ": error: " in f]
    assert len(errors) == 2
    assert any("union-user@union-dp.iam.gserviceaccount.com lacks "
               "roles/artifactregistry.writer" in f for f in errors)
    assert any("union-operator-proxy@" in f for f in errors)
    assert all(where(f) == at(name, '[') for f in errors)  # the bindings list


def test_gcp_broader_roles_and_public_members_are_too_broad(tmp_path: Path) -> None:
    name = "gcp-repository-excessive.json"
    code, stderr = audit(tmp_path, GCP_VALUES, *GCP_IDENTITIES,
                         "--audit", f"repository={fixture(name)}")
    assert code == 0, stderr
    broad = findings(stderr, "IB516")
    assert [where(f) for f in broad] == [
        at(name, '"allUsers"'),
        at(name, '"serviceAccount:union-user@'),
    ]
    assert "to allUsers: anyone" in broad[0]
    assert "has roles/artifactregistry.admin where roles/artifactregistry.writer is enough" in (
        broad[1]
    )


def test_gcp_project_wide_writer_is_too_broad(tmp_path: Path) -> None:
    name = "gcp-project-excessive.json"
    code, stderr = audit(tmp_path, GCP_VALUES, *GCP_IDENTITIES,
                         "--audit", f"project={fixture(name)}")
    assert code == 0, stderr
    [broad] = findings(stderr, "IB516")
    assert "granted on the whole project" in broad
    assert where(broad) == at(name, '"serviceAccount:union-user@')


def test_gcp_policy_without_a_prefix_is_refused(tmp_path: Path) -> None:
    code, stderr = audit(tmp_path, GCP_VALUES, *GCP_IDENTITIES,
                         "--audit", fixture("gcp-repository-exact.json"))
    assert code == 1
    [unreadable] = findings(stderr, "IB518")
    assert "repository=FILE" in stderr and "does not say which resource" in unreadable


# -- Azure ---------------------------------------------------------------------------------------


def test_azure_exact_assignments_pass(tmp_path: Path) -> None:
    code, stderr = audit(tmp_path, AZURE_VALUES, *AZURE_IDENTITIES,
                         "--audit", fixture("azure-exact.json"))
    assert code == 0, stderr
    assert "audit: 3 needed grants checked, 0 missing, 0 too broad" in stderr


def test_azure_missing_and_wrong_registry(tmp_path: Path) -> None:
    name = "azure-missing.json"
    code, stderr = audit(tmp_path, AZURE_VALUES, *AZURE_IDENTITIES, "--audit", fixture(name))
    assert code == 1
    errors = [f for f in findings(stderr, "IB515") if ": error: " in f]
    assert [e.split(": error: ")[1].split(" lacks")[0] for e in errors] == [
        "$: the kubelet identity", "$: the operator-proxy identity"
    ]
    [wrong] = findings(stderr, "IB517")
    assert where(wrong) == at(name, '"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/union-rg/providers/Microsoft.ContainerRegistry/registries/otherreg"')


def test_azure_wide_scopes_and_broad_roles_are_too_broad(tmp_path: Path) -> None:
    name = "azure-excessive.json"
    code, stderr = audit(tmp_path, AZURE_VALUES, *AZURE_IDENTITIES, "--audit", fixture(name))
    assert code == 0, stderr
    broad = findings(stderr, "IB516")
    assert any("is assigned on /subscriptions/11111111-2222-3333-4444-555555555555/"
               "resourceGroups/union-rg, wider than the registry" in f for f in broad)
    assert any("Contributor is assigned where AcrPush is enough" in f for f in broad)
    subscription = '"/subscriptions/11111111-2222-3333-4444-555555555555"'
    assert [where(f) for f in broad] == [
        at(name, '"Contributor"'),
        at(name, '"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/union-rg"'),
        at(name, subscription),
    ]


def test_azure_abac_assignment_without_condition_is_registry_wide(tmp_path: Path) -> None:
    values = AZURE_VALUES.replace("registryName: uniondp",
                                  "defaultRepository: uniondp.azurecr.io/builds")
    rows = json.loads((FIXTURES / "azure-exact.json").read_text())
    for row in rows:
        row["roleDefinitionId"] = row["roleDefinitionId"].rsplit("/", 1)[0] + "/" + (
            "2a1e307c-b015-4ebd-883e-5b7698a07328" if row["roleDefinitionName"] == "AcrPush"
            else "b93aa761-3e63-49ed-ac28-beffa264f7ac"
        )
    path = tmp_path / "abac.json"
    path.write_text(json.dumps(rows, indent=2))
    code, stderr = audit(tmp_path, values, *AZURE_IDENTITIES, "--acr-abac", "--audit", str(path))
    assert code == 0, stderr
    broad = findings(stderr, "IB516")
    assert broad and all("no ABAC condition" in f for f in broad)


# -- files that are not what they should be ---------------------------------------------------------


def test_not_json_is_located_where_the_parser_stopped(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "RoleName": "x",\n  "PolicyDocument": {,\n}\n')
    code, stderr = audit(tmp_path, AWS_VALUES, "--audit", str(path))
    assert code == 1
    [unreadable] = findings(stderr, "IB518")
    assert where(unreadable) == "broken.json:3:22"


def test_unknown_shape_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}')
    code, stderr = audit(tmp_path, AWS_VALUES, "--audit", str(path))
    assert code == 1
    assert findings(stderr, "IB518")
    code, stderr = audit(tmp_path, AWS_VALUES, "--audit", str(tmp_path / "absent.json"))
    assert code == 3, stderr


def test_a_policy_document_needs_a_prefix(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "aws-user-role-exact.json").read_text())["PolicyDocument"]
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document))
    code, stderr = audit(tmp_path, AWS_VALUES, "--audit", str(path))
    assert code == 1
    assert "user-role=FILE" in stderr
    code, stderr = audit(tmp_path, AWS_VALUES, "--audit", f"user-role={path}")
    assert code == 0, stderr


# -- the building blocks ------------------------------------------------------------------------------


def test_parse_json_records_where_each_value_starts() -> None:
    located = parse_json('{\n  "a": [1, {"b": "c"}],\n  "d": "\\u00e9"\n}')
    assert located.data == {"a": [1, {"b": "c"}], "d": "é"}
    assert located.positions[("a",)] == (2, 8)
    assert located.positions[("a", 1, "b")] == (2, 18)
    assert located.positions[("d",)] == (3, 8)
    with pytest.raises(JsonError) as error:
        parse_json('{"a": 1} x')
    assert (error.value.line, error.value.column) == (1, 10)
    with pytest.raises(JsonError):
        parse_json("[" * 100 + "]" * 100)


@pytest.mark.parametrize(
    ("granted", "needed", "expected"),
    [
        ("arn:aws:ecr:us-east-1:1:repository/x", "arn:aws:ecr:us-east-1:1:repository/x", True),
        ("arn:aws:ecr:*:*:repository/*", "arn:aws:ecr:us-east-1:1:repository/x", True),
        ("arn:aws:ecr:us-east-1:1:repository/x*", "arn:aws:ecr:us-east-1:1:repository/x/*", True),
        ("arn:aws:ecr:us-east-1:1:repository/y", "arn:aws:ecr:us-east-1:1:repository/x", False),
        ("arn:aws:iam::222222222222:role/r", "arn:aws:iam::${DATAPLANE_ACCOUNT_ID}:role/r", True),
        ("arn:aws:iam::222222222222:role/q", "arn:aws:iam::${DATAPLANE_ACCOUNT_ID}:role/r", False),
        ("system:serviceaccount:*", "system:serviceaccount:*-development:default", True),
    ],
)
def test_covers(granted: str, needed: str, expected: bool) -> None:
    assert covers(granted, needed) is expected
