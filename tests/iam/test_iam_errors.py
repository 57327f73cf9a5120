"""Bad input to `chartgen iam-policy`: located findings on stderr, exit 1 for values and 2 for
a command line that asks for what cannot be (a malformed option, or an option that contradicts
the values), nothing on stdout, and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from iam_harness import AWS_VALUES, AZURE_VALUES, ECR, GCP_VALUES, SCENARIOS, iam, write_values

P = pytest.param


def finding_lines(stderr: str, rule: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.endswith(f"[{rule}]")]


# (values, args, rule, location prefix of the finding line)
FINDINGS = [
    P("imageBuilder:\n  authenticationType: aws\nstorage:\n  provider: aws\n  authType: iam\n"
      "  region: \"\"\n", ["-o", "json"], "IB501", "values.yaml:1:1",
      id="no-repository-not-derivable"),
    P("imageBuilder:\n  authenticationType: aws\nstorage:\n  provider: aws\n  authType: iam\n"
      "  region: us-east-1\n", [], "IB501", "values.yaml:1:1",
      id="derivation-lacks-the-account"),
    P(AWS_VALUES, ["--repository", "public.ecr.aws/union/builds"], "IB502", "--repository",
      id="ecr-public"),
    P(AWS_VALUES, ["--repository", f"{ECR}:latest"], "IB502", "--repository", id="tag"),
    P(AWS_VALUES, ["--repository", f"{ECR}@sha256:{'a' * 64}"], "IB502", "--repository",
      id="digest"),
    P(AWS_VALUES, ["--repository", "111111111111.dkr.ecr.us-east-1.amazonaws.com/Upper"],
      "IB502", "--repository", id="upper-case"),
    P(AWS_VALUES, ["--repository", f"https://{ECR}"], "IB502", "--repository", id="scheme"),
    P(AWS_VALUES, ["--repository", "111111111111.dkr.ecr.us-east-1.amazonaws.com"], "IB502",
      "--repository", id="no-repository-name"),
    P(AWS_VALUES, ["--repository", "us-docker.pkg.dev/proj-123/x"], "IB503", "--repository",
      id="gcp-host-for-aws"),
    P(AWS_VALUES, ["--repository", "ghcr.io/union/builds"], "IB503", "--repository",
      id="not-a-cloud-registry"),
    P(AWS_VALUES, ["--repository", "not a repository"], "IB503", "--repository",
      id="unparsable"),
    P("imageBuilder:\n  authenticationType: noop\n  defaultRepository: uniondp.azurecr.io\n",
      ["--cloud", "aws"], "IB503", "values.yaml:3:22", id="values-repository-of-another-cloud"),
    # The values are validated first: the repository rule of `validate` reports these.
    P("imageBuilder:\n  authenticationType: aws\n  defaultRepository: uniondp.azurecr.io\n",
      [], "IB201", "values.yaml:3:22", id="values-rule-wrong-registry"),
    P(GCP_VALUES, ["--cloud", "aws", "--repository", ECR], "IB504", "values.yaml:2:23",
      id="cloud-contradicts-authentication-type"),
    P(AWS_VALUES, ["--dataplane-account", "12345"], "IB505", "--dataplane-account",
      id="short-account"),
    P(AWS_VALUES, ["--user-role", "a role"], "IB505", "--user-role", id="role-with-space"),
    P(AWS_VALUES, ["--node-role", "x" * 65], "IB505", "--node-role", id="role-too-long"),
    P(AWS_VALUES, ["--trust-policy", "--build-namespace", "Not_A_Namespace"], "IB505",
      "--build-namespace", id="bad-build-namespace"),
    P(AWS_VALUES, ["--trust-policy", "--build-namespace", "union\n"], "IB505",
      "--build-namespace", id="build-namespace-with-trailing-newline"),
    P(AWS_VALUES, ["--trust-policy", "--service-account", "default\n"], "IB505",
      "--service-account", id="service-account-with-trailing-newline"),
    P(AWS_VALUES, ["--user-role", "union-user-role\n"], "IB505", "--user-role",
      id="role-with-trailing-newline"),
    P(GCP_VALUES, ["--build-namespace", "*-development"], "IB505", "--build-namespace",
      id="gcp-namespace-pattern"),
    P(AWS_VALUES, ["--trust-policy", "--oidc-provider", "oidc provider"], "IB505",
      "--oidc-provider", id="bad-oidc-provider"),
    P(AWS_VALUES + 'global:\n  AWS_ACCOUNT_ID: "12ab"\n', [], "IB505", "values.yaml:5:19",
      id="bad-account-in-values"),
    P(AWS_VALUES, ["--dataplane-account", "222222222222"], "IB506", "--dataplane-account",
      id="other-account-without-cross-account"),
    P(AWS_VALUES, ["--base-image", "docker.io/library/python:3.12"], "IB512", "--base-image",
      id="public-base-image"),
    P(AWS_VALUES, ["--base-image", "111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn/b:1"],
      "IB512", "--base-image", id="base-image-in-another-partition"),
    P(GCP_VALUES, ["--user-gsa", "not-an-email"], "IB505", "--user-gsa", id="bad-gsa"),
    P(GCP_VALUES, ["--base-image", "111111111111.dkr.ecr.us-east-1.amazonaws.com/b:1"], "IB512",
      "--base-image", id="ecr-base-image-for-gcp"),
    P(GCP_VALUES, ["--repository", "us-docker.pkg.dev/proj-123"], "IB502", "--repository",
      id="artifact-registry-without-repository"),
    P(GCP_VALUES.replace("union-dp", "Bad_Project"), [], "IB201", "values.yaml:7:16",
      id="values-rule-bad-derived-project"),
    P(AZURE_VALUES,
      ["--subscription", "not-a-guid"], "IB505", "--subscription", id="bad-subscription"),
    P(AZURE_VALUES,
      ["--user-identity", "11111111-2222-3333-4444-555555555555"], "IB505", "--user-identity",
      id="user-identity-as-object-id"),
    P(AZURE_VALUES,
      ["--oidc-issuer", "http://issuer"], "IB505", "--oidc-issuer", id="issuer-not-https"),
]


@pytest.mark.parametrize(("values", "args", "rule", "where"), FINDINGS)
def test_bad_input_is_a_located_finding(
    tmp_path: Path, values: str, args: list[str], rule: str, where: str
) -> None:
    path = write_values(tmp_path, values)
    result = iam(path, *args)
    # A finding about an option is a usage error: its hint says what to pass instead.
    assert result.exit_code == (2 if where.startswith("--") else 1), result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = finding_lines(result.stderr, rule)
    assert lines, result.stderr
    location = lines[0].split(": ")[0]
    assert location.replace(str(tmp_path) + "/", "").startswith(where), lines[0]


def test_invalid_values_are_refused_before_anything_is_planned(tmp_path: Path) -> None:
    path = write_values(tmp_path, "imageBuilder:\n  authenticationtype: aws\n")
    result = iam(path, "--cloud", "aws", "--repository", ECR)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "[IB101]" in result.stderr
    assert f"{path}:2:3" in result.stderr


def test_unreadable_values_file_is_an_environment_failure(tmp_path: Path) -> None:
    result = iam(str(tmp_path / "missing.yaml"), "--cloud", "aws", "--repository", ECR)
    assert result.exit_code == 3
    assert "[IB009]" in result.stderr


USAGE = [
    P(["--cloud", "gcloud"], "unknown --cloud 'gcloud'", id="unknown-cloud"),
    P(["-o", "yaml"], "unknown --output 'yaml'", id="unknown-output"),
    P(["--signblob-scope", "org"], "unknown --signblob-scope 'org'", id="unknown-scope"),
    P(["--cloud", "gcp", "--user-role", "x"], "--user-role applies to --cloud aws",
      id="aws-option-for-gcp"),
    P(["--cloud", "aws", "--user-gsa", "x@y.iam.gserviceaccount.com"],
      "--user-gsa applies to --cloud gcp", id="gcp-option-for-aws"),
    P(["--cloud", "aws", "--subscription", "x"], "--subscription applies to --cloud azure",
      id="azure-option-for-aws"),
    P(["--cloud", "aws", "--service-account", "sa"], "--service-account only applies with "
      "--trust-policy", id="trust-option-without-trust-policy"),
    P(["--cloud", "aws", "--build-namespace", "x"], "--build-namespace only applies with "
      "--trust-policy", id="build-namespace-without-trust-policy"),
    P(["--namespace", "Not_A_Namespace"], "--namespace 'Not_A_Namespace' is not a valid "
      "namespace name", id="bad-release-namespace"),
    P(["--cloud", "aws", "--ecr-create-on-push", "--ecr-create-repository", "x"],
      "--ecr-create-on-push and --ecr-create-repository exclude each other",
      id="create-on-push-and-explicit-repositories"),
    P(["--cloud", "gcp", "--acr-abac"], "--acr-abac applies to --cloud azure",
      id="abac-for-gcp"),
    P(["--cloud", "aws", "--secret-name", "x"], "--secret-name applies to private registries",
      id="secret-name-for-a-cloud"),
    P(["--cloud", "aws", "--audit", "x.json", "--output-dir", "out"],
      "--audit reports findings and writes nothing", id="audit-with-output-dir"),
    P(["--user-role", "x"], "authenticationType selects no cloud, so pass --cloud",
      id="cloud-option-with-noop"),
]


@pytest.mark.parametrize(("args", "message"), USAGE)
def test_malformed_command_line_is_a_usage_error(
    tmp_path: Path, args: list[str], message: str
) -> None:
    path = write_values(tmp_path, "imageBuilder: {}\n")
    result = iam(path, "--repository", ECR, *args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert message in result.stderr


WARNINGS = [
    P(AWS_VALUES, ["--cross-account", "--dataplane-account", "111111111111"], "IB507",
      id="cross-account-within-one-account"),
    P(AWS_VALUES + 'global:\n  AWS_ACCOUNT_ID: "222222222222"\n', [], "IB506",
      id="values-account-differs-without-cross-account"),
    P(GCP_VALUES, ["--repository", "us-docker.pkg.dev/union-dp/builds/team"], "IB509",
      id="image-prefix-cannot-be-scoped"),
    P(GCP_VALUES, ["--repository", "eu.gcr.io/union-dp/team"], "IB510", id="legacy-gcr"),
    P(GCP_VALUES, ["--signblob-scope", "project"], "IB511", id="signblob-project"),
    P("imageBuilder:\n  authenticationType: azure\n  defaultRepository: uniondp.azurecr.io/x\n",
      [], "IB509", id="acr-path-cannot-be-scoped"),
]


@pytest.mark.parametrize(("values", "args", "rule"), WARNINGS)
def test_warnings_go_to_stderr_and_the_output_still_comes(
    tmp_path: Path, values: str, args: list[str], rule: str
) -> None:
    result = iam(write_values(tmp_path, values), *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("{")
    lines = finding_lines(result.stderr, rule)
    assert lines and ": warning: " in lines[0], result.stderr


def test_placeholders_are_summarised_in_one_info_finding(tmp_path: Path) -> None:
    result = iam(write_values(tmp_path, SCENARIOS["aws-placeholders"].values),
                 *SCENARIOS["aws-placeholders"].args)
    assert result.exit_code == 0
    [info] = finding_lines(result.stderr, "IB508")
    assert ": info: " in info
    assert "the output carries 4 placeholders" in info
    for name, option in (("DATAPLANE_ACCOUNT_ID", "--dataplane-account"),
                         ("DATAPLANE_AWS_PROFILE", "--dataplane-profile"),
                         ("REGISTRY_AWS_PROFILE", "--registry-profile"),
                         ("OIDC_PROVIDER", "--oidc-provider")):
        assert f"{name} (pass {option})" in info


def test_legacy_gcr_targets_the_artifact_registry_repository_serving_it(tmp_path: Path) -> None:
    import json

    result = iam(write_values(tmp_path, GCP_VALUES), "--repository", "eu.gcr.io/union-dp/team")
    bindings = json.loads(result.stdout)["bindings"]
    assert bindings["user-gsa-writer"]["resource"] == (
        "projects/union-dp/locations/europe/repositories/eu.gcr.io"
    )
