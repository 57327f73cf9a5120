"""The features of issues 10 and 16, one behaviour per test: build namespaces per cloud,
cross-account parts, ABAC-enabled registries, ECR host facts, repository creation, private
registries, --strict and --output-dir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from iam_harness import (
    AWS_VALUES,
    AZURE_IDENTITIES,
    AZURE_VALUES,
    DOCKER_HUB_VALUES,
    ECR,
    GCP_IDENTITIES,
    GCP_VALUES,
    HARBOR_VALUES,
    MULTI_NAMESPACE,
    PRIVATE_REGISTRIES,
    PROFILES,
    SCENARIOS,
    iam,
    iam_json,
    write_values,
)

# -- build namespaces -------------------------------------------------------------------------


def test_gcp_binds_workload_identity_once_per_build_namespace(tmp_path: Path) -> None:
    values = write_values(tmp_path, GCP_VALUES + MULTI_NAMESPACE)
    data = iam_json(values, *GCP_IDENTITIES, "--build-namespace", "flytesnacks-production")
    members = [b["member"] for b in data["bindings"].values()
               if b["role"] == "roles/iam.workloadIdentityUser"]
    assert members == [
        "serviceAccount:union-dp.svc.id.goog[flytesnacks-development/default]",
        "serviceAccount:union-dp.svc.id.goog[flytesnacks-production/default]",
    ]


def test_gcp_single_namespace_mode_binds_the_union_service_account(tmp_path: Path) -> None:
    values = write_values(tmp_path, GCP_VALUES)
    data = iam_json(values, "-n", "union-dp-ns")
    members = [b["member"] for b in data["bindings"].values()
               if b["role"] == "roles/iam.workloadIdentityUser"]
    assert members == ["serviceAccount:union-dp.svc.id.goog[union-dp-ns/union]"]


def test_gcp_multi_namespace_without_namespaces_leaves_a_placeholder(tmp_path: Path) -> None:
    values = write_values(tmp_path, GCP_VALUES + MULTI_NAMESPACE)
    data = iam_json(values)
    assert "BUILD_NAMESPACE" in {p["name"] for p in data["placeholders"]}
    assert any("[${BUILD_NAMESPACE}/default]" in b["member"] for b in data["bindings"].values())


def test_azure_creates_one_federated_credential_per_namespace(tmp_path: Path) -> None:
    values = write_values(tmp_path, AZURE_VALUES + MULTI_NAMESPACE)
    data = iam_json(values, *AZURE_IDENTITIES, "--build-namespace", "flytesnacks-production")
    subjects = [c["subject"] for c in data["federated_credentials"].values()]
    assert subjects == [
        "system:serviceaccount:flytesnacks-development:default",
        "system:serviceaccount:flytesnacks-production:default",
    ]
    names = [c["name"] for c in data["federated_credentials"].values()]
    assert len(set(names)) == 2


@pytest.mark.parametrize(("count", "code", "severity"), [(19, 0, None), (20, 0, "warning"),
                                                           (21, 2, "error")])
def test_azure_warns_at_the_limit_of_20_federated_credentials(
    tmp_path: Path, count: int, code: int, severity: str | None
) -> None:
    namespaces = [arg for i in range(count) for arg in ("--build-namespace", f"p{i}-development")]
    identities = [a for a in AZURE_IDENTITIES if a not in ("--build-namespace",
                                                           "flytesnacks-development")]
    result = iam(write_values(tmp_path, AZURE_VALUES + MULTI_NAMESPACE), *identities, *namespaces)
    assert result.exit_code == code, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.endswith("[IB513]")]
    if severity is None:
        assert lines == []
    else:
        [line] = lines
        assert f": {severity}: " in line and "at most 20" in line


def test_aws_namespace_wildcard_alone_is_a_warning(tmp_path: Path) -> None:
    result = iam(write_values(tmp_path, AWS_VALUES), "--trust-policy", "--oidc-provider",
                 "oidc.eks.us-east-1.amazonaws.com/id/X", "--build-namespace", "*")
    assert result.exit_code == 0
    assert any(line.endswith("[IB514]") for line in result.stderr.splitlines())


# -- cross-account parts ------------------------------------------------------------------------


def test_cross_account_plan_names_which_account_applies_what(tmp_path: Path) -> None:
    data = iam_json(write_values(tmp_path, AWS_VALUES), "--cross-account",
                    "--dataplane-account", "222222222222", *PROFILES)
    assert data["accounts"] == {
        "dataplane": {"account": "222222222222", "region": "us-east-1",
                      "profile": "dataplane-admin", "label": "the data-plane account (roles)",
                      "apply": ["user-role-policy", "operator-proxy-role-policy",
                                "node-role-policy"]},
        "registry": {"account": "111111111111", "region": "us-east-1",
                     "profile": "registry-admin",
                     "label": "the registry account (repository policy)",
                     "apply": ["repository-policy"]},
    }
    assert data["targets"]["repository-policy"]["merge"] == "by-sid"


def test_terraform_gives_each_account_a_pinned_provider_alias(tmp_path: Path) -> None:
    import hcl2

    result = iam(write_values(tmp_path, AWS_VALUES), "--cross-account", "--dataplane-account",
                 "222222222222", *PROFILES, "-o", "terraform")
    parsed = hcl2.loads(result.stdout)  # python-hcl2 keeps string literals quoted
    providers = {p['"aws"']["alias"]: p['"aws"'] for p in parsed["provider"]}
    assert providers['"registry"']["allowed_account_ids"] == ['"111111111111"']
    assert providers['"dataplane"']["allowed_account_ids"] == ['"222222222222"']
    assert providers['"registry"']["profile"] == '"registry-admin"'
    policy = next(r for r in parsed["resource"] if '"aws_ecr_repository_policy"' in r)
    body = policy['"aws_ecr_repository_policy"']['"repository_policy"']
    assert body["provider"] == "${aws.registry}"
    merged = next(d for d in parsed["data"]
                  if '"repository_policy_merged"' in d.get('"aws_iam_policy_document"', {}))
    document = merged['"aws_iam_policy_document"']['"repository_policy_merged"']
    assert "var.existing_repository_policy" in document["source_policy_documents"]
    assert document["override_policy_documents"] == [
        "${data.aws_iam_policy_document.repository_policy.json}"
    ]


def test_same_account_needs_no_parts(tmp_path: Path) -> None:
    data = iam_json(write_values(tmp_path, AWS_VALUES))
    assert "accounts" not in data
    result = iam(write_values(tmp_path, AWS_VALUES), "-o", "shell")
    assert "--profile" not in result.stdout and "check_account" not in result.stdout


def test_a_base_image_in_a_third_account_is_its_own_part(tmp_path: Path) -> None:
    data = iam_json(write_values(tmp_path, AWS_VALUES), "--base-image",
                    "333333333333.dkr.ecr.us-east-1.amazonaws.com/base/python:3.12")
    assert list(data["accounts"]) == ["dataplane", "base-image-registry"]
    assert data["accounts"]["base-image-registry"]["apply"] == ["base-image-repository-policy"]


# -- ECR hosts and repositories ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repository", "problem"),
    [
        ("111111111111.dkr.ecr.cn-north-1.amazonaws.com/x",
         "cn-north-1 is in the AWS China partition, whose registry hosts end in "
         ".amazonaws.com.cn, not .amazonaws.com"),
        ("111111111111.dkr.ecr.us-east-1.amazonaws.com.cn/x",
         "us-east-1 is in the AWS commercial partition, whose registry hosts end in "
         ".amazonaws.com, not .amazonaws.com.cn"),
        ("111111111111.dkr.ecr-fips.eu-west-1.amazonaws.com/x",
         "ECR has no FIPS registry endpoint in eu-west-1"),
        ("111111111111.dkr-ecr.us-iso-east-1.c2s.ic.gov/x",
         "has no dual-stack ECR endpoint"),
        ("111111111111.dkr.ecr.xx-nowhere-1.amazonaws.com/x", "'xx-nowhere-1' is not an AWS region"),
    ],
)
def test_ecr_hosts_that_do_not_exist_are_errors(
    tmp_path: Path, repository: str, problem: str
) -> None:
    result = iam(write_values(tmp_path, AWS_VALUES), "--repository", repository)
    assert result.exit_code == 2  # --repository asks for what cannot be: a usage error
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.endswith("[IB502]")]
    assert any(problem in line for line in lines), result.stderr


@pytest.mark.parametrize("region", ["us-east-1", "us-east-2", "us-west-1", "us-west-2",
                                    "us-gov-east-1", "us-gov-west-1"])
def test_fips_hosts_in_the_six_fips_regions_are_accepted(tmp_path: Path, region: str) -> None:
    data = iam_json(write_values(tmp_path, AWS_VALUES), "--repository",
                    f"111111111111.dkr.ecr-fips.{region}.amazonaws.com/x")
    assert data["documents"]["user-role-policy"]["Statement"][1]["Resource"][0].split(":")[3] == (
        region
    )


def test_without_a_creation_option_the_output_says_repositories_must_exist(tmp_path: Path) -> None:
    data = iam_json(write_values(tmp_path, AWS_VALUES))
    assert any("ECR creates no repository on push: every union-dataplane/IMAGE" in note
               for note in data["notes"])


def test_create_on_push_template_and_create_permission(tmp_path: Path) -> None:
    data = iam_json(write_values(tmp_path, AWS_VALUES), "--ecr-create-on-push")
    template = data["repositories"]["repository-creation-template"]
    assert template["prefix"] == "union-dataplane"
    assert template["applied_for"] == ["CREATE_ON_PUSH"]
    statements = {s["Sid"]: s for s in data["documents"]["user-role-policy"]["Statement"]}
    assert statements["ECRCreateOnPush"] == {
        "Sid": "ECRCreateOnPush", "Effect": "Allow", "Action": ["ecr:CreateRepository"],
        "Resource": "arn:aws:ecr:us-east-1:111111111111:repository/union-dataplane/*",
    }


def test_explicit_repositories_get_the_repository_policy_each(tmp_path: Path) -> None:
    data = iam_json(write_values(tmp_path, AWS_VALUES), "--ecr-create-repository", "python",
                    "--cross-account", "--dataplane-account", "222222222222", *PROFILES)
    names = [r["name"] for r in data["repositories"].values()]
    assert names == ["union-dataplane/python"]
    assert data["targets"]["repository-policy-1"]["repository"] == "union-dataplane/python"


# -- Azure ABAC ------------------------------------------------------------------------------


def test_abac_registry_gets_repository_scoped_roles(tmp_path: Path) -> None:
    values = AZURE_VALUES.replace("registryName: uniondp",
                                  "defaultRepository: uniondp.azurecr.io/builds")
    result = iam(write_values(tmp_path, values), *AZURE_IDENTITIES, "--acr-abac")
    assert result.exit_code == 0
    assert "[IB509]" not in result.stderr, "with ABAC the roles are scoped: no IB509"
    data = json.loads(result.stdout)
    roles = {a["role"]: a for a in data["role_assignments"].values()}
    writer = roles["Container Registry Repository Writer"]
    assert writer["role_definition_id"] == "2a1e307c-b015-4ebd-883e-5b7698a07328"
    assert writer["condition_version"] == "2.0"
    assert writer["condition"] == (
        "((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'}) "
        "AND !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/write'})"
        " AND !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'"
        "}) AND !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/"
        "write'})) OR (@Request[Microsoft.ContainerRegistry/registries/repositories:name] "
        "StringEqualsIgnoreCase 'builds' OR @Request[Microsoft.ContainerRegistry/registries/"
        "repositories:name] StringStartsWithIgnoreCase 'builds/'))"
    )
    reader = roles["Container Registry Repository Reader"]
    assert reader["role_definition_id"] == "b93aa761-3e63-49ed-ac28-beffa264f7ac"
    assert "AcrPush" not in roles and "AcrPull" not in roles


def test_without_abac_ib509_tells_how_to_detect_an_abac_registry(tmp_path: Path) -> None:
    values = AZURE_VALUES.replace("registryName: uniondp",
                                  "defaultRepository: uniondp.azurecr.io/builds")
    result = iam(write_values(tmp_path, values), *AZURE_IDENTITIES)
    [line] = [line for line in result.stderr.splitlines() if line.endswith("[IB509]")]
    assert "only an ABAC-enabled registry scopes role assignments to repositories" in line
    assert "az acr show --name uniondp --query roleAssignmentMode" in result.stderr
    assert "--acr-abac" in result.stderr


# -- private registries ------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PRIVATE_REGISTRIES))
def test_private_registry_steps_name_the_host_and_the_docker_login_key(
    tmp_path: Path, name: str
) -> None:
    host, key = PRIVATE_REGISTRIES[name]
    scenario = SCENARIOS[name]
    data = iam_json(write_values(tmp_path, scenario.values), *scenario.args)
    [secret] = data["image_pull_secrets"].values()
    assert secret["registry"] == host
    assert secret["docker_config_key"] == key
    assert secret["scope"] == "tenant"
    assert secret["command"][:-1] == ["flyte", "create", "secret", "--type", "image_pull",
                                      "--from-docker-config", "--registries", key]
    assert any("must be readable there" in note for note in data["notes"])
    snippets = data["snippets"]
    assert f"registry_secret=\"{secret['name']}\"" in snippets["image-definition"]["text"]
    assert f"secrets=[\"{secret['name']}\"]" in snippets["task-environment"]["text"]


def test_docker_hub_limits_are_explained_where_they_bite(tmp_path: Path) -> None:
    data = iam_json(write_values(tmp_path, DOCKER_HUB_VALUES))
    notes = " ".join(data["notes"])
    assert "10 per hour per IPv4 address" in notes
    assert "https://index.docker.io/v1/" in notes
    assert "one private repository" in notes


def test_private_registry_terraform_uses_the_union_provider(tmp_path: Path) -> None:
    import hcl2

    result = iam(write_values(tmp_path, HARBOR_VALUES), "--secret-name", "harbor-robot",
                 "-o", "terraform")
    parsed = hcl2.loads(result.stdout)  # python-hcl2 keeps string literals quoted
    assert parsed["terraform"][0]["required_providers"][0]["unionai"]["source"] == (
        '"unionai/unionai"'
    )
    secret = next(r for r in parsed["resource"] if '"unionai_secret"' in r)['"unionai_secret"']
    body = secret['"image_pull_secret"']
    assert body["name"] == '"harbor-robot"' and body["type"] == '"image_pull_secret"'
    assert "harbor.internal.example:8443" in json.dumps(body["value"])
    variables = {k.strip('"') for v in parsed["variable"] for k in v}
    assert {"registry_username", "registry_password"} <= variables


def test_a_private_repository_without_a_host_is_refused(tmp_path: Path) -> None:
    result = iam(write_values(tmp_path, "imageBuilder:\n  authenticationType: noop\n"),
                 "--repository", "acme/images")
    assert result.exit_code == 2
    assert "names no registry host" in result.stderr and "docker.io/acme/images" in result.stderr


# -- --strict and --output-dir ------------------------------------------------------------------


def test_strict_fails_on_warnings_and_writes_nothing(tmp_path: Path) -> None:
    values = write_values(tmp_path, GCP_VALUES)
    args = ["--repository", "us-docker.pkg.dev/union-dp/builds/team"]  # IB509 warning
    assert iam(values, *args).exit_code == 0
    strict = iam(values, *args, "--strict")
    assert strict.exit_code == 1
    assert strict.stdout == ""
    out = tmp_path / "out"
    assert iam(values, *args, "--strict", "--output-dir", str(out)).exit_code == 1
    assert not out.exists()


def test_output_dir_json_holds_each_document_on_its_own(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = iam(write_values(tmp_path, AWS_VALUES), "--output-dir", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    # chartgen's own list of what it wrote (--output-dir's manifest) aside
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                   if p.is_file() and p.name != ".chartgen-files")
    assert files == ["iam.json", "policies/node-role-policy.json",
                     "policies/operator-proxy-role-policy.json", "policies/user-role-policy.json"]
    data = json.loads((out / "iam.json").read_text())
    assert json.loads((out / "policies/user-role-policy.json").read_text()) == (
        data["documents"]["user-role-policy"]
    )


def test_output_dir_shell_writes_one_script_per_account(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["--cross-account", "--dataplane-account", "222222222222", *PROFILES,
            "-o", "shell", "--output-dir", str(out)]
    result = iam(write_values(tmp_path, AWS_VALUES), *args)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".chartgen-files", "iam-dataplane.sh", "iam-registry.sh"]
    registry = (out / "iam-registry.sh").read_text()
    dataplane = (out / "iam-dataplane.sh").read_text()
    assert "set-repository-policy" in registry and "put-role-policy" not in registry
    assert "put-role-policy" in dataplane and "merge_repository_policy --" not in dataplane
    assert "check_account registry-admin 111111111111" in registry
    assert "check_account dataplane-admin 222222222222" in dataplane
    # An existing directory is not replaced without --force (a usage error, exit 2); with it,
    # it is, atomically.
    again = iam(write_values(tmp_path, AWS_VALUES), *args)
    assert again.exit_code == 2 and "--force" in again.stderr
    forced = iam(write_values(tmp_path, AWS_VALUES), *args, "--force")
    assert forced.exit_code == 0


def test_output_dir_terraform(tmp_path: Path) -> None:
    out = tmp_path / "tf"
    result = iam(write_values(tmp_path, GCP_VALUES), *GCP_IDENTITIES, "-o", "terraform",
                 "--output-dir", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [".chartgen-files", "iam.tf"]


def test_repository_on_the_command_line_with_a_trailing_newline_is_refused(tmp_path: Path) -> None:
    result = iam(write_values(tmp_path, AWS_VALUES), "--repository", ECR + "\n")
    assert result.exit_code == 2
    assert "leading or trailing white space" in result.stderr
