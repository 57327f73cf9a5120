"""Repository rules (IB201-IB205, IB220) as data: values YAML and where each rule fires."""

from __future__ import annotations

import pytest
from rule_harness import assert_rule, findings_of, only

P = pytest.param

CASES = [
    # -- IB201 repository-format ------------------------------------------------------------
    P("IB201", """
        imageBuilder:
          authenticationType: aws
          defaultRepository: uniondp.azurecr.io/images
        """, [(3, 22)], id="aws-with-acr"),
    P("IB201", """
        imageBuilder:
          authenticationType: aws
          defaultRepository: ghcr.io/acme/images
        """, [], id="aws-with-ghcr-is-ib240s"),
    # -- IB240 private-registry-auth -----------------------------------------------------------
    P("IB240", """
        imageBuilder:
          authenticationType: aws
          defaultRepository: ghcr.io/acme/images
        """, [(3, 22)], id="aws-with-ghcr"),
    P("IB240", """
        imageBuilder:
          authenticationType: google
          defaultRepository: harbor.example.com:8443/team/images
        """, [(3, 22)], id="google-with-harbor"),
    P("IB240", """
        imageBuilder:
          authenticationType: azure
          defaultRepository: docker.io/acme/images
          buildkit:
            serviceAccount:
              annotations:
                azure.workload.identity/client-id: 00000000-0000-0000-0000-000000000000
        """, [(3, 22)], id="azure-with-docker-hub"),
    P("IB240", """
        imageBuilder:
          authenticationType: noop
          defaultRepository: quay.io/acme/images
        """, [], id="noop-with-quay-is-the-documented-flow"),
    P("IB240", """
        imageBuilder:
          authenticationType: aws
          defaultRepository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/images
        """, [], id="aws-with-ecr"),
    # -- IB241 repository-not-fully-qualified ----------------------------------------------------
    P("IB241", """
        imageBuilder:
          defaultRepository: acme/images
        """, [(2, 22)], id="docker-hub-name-without-host"),
    P("IB241", """
        imageBuilder:
          registryName: acme
        """, [], id="derived-bare-name-from-registryName-is-the-reference-charts"),
    P("IB241", """
        imageBuilder: {}
        """, [], id="defaults-are-the-reference-charts"),
    P("IB241", """
        imageBuilder:
          defaultRepository: docker.io/acme/images
        """, [], id="fully-qualified-docker-hub"),
    P("IB241", """
        imageBuilder:
          defaultRepository: localhost:5000/images
        """, [], id="localhost-with-port"),
    P("IB201", """
        imageBuilder:
          authenticationType: aws
          defaultRepository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/union:latest
        """, [(3, 22)], id="aws-with-tag"),
    P("IB201", """
        imageBuilder:
          authenticationType: google
          defaultRepository: us-central1-docker.pkg.dev/my-project
        """, [(3, 22)], id="google-without-repository-id"),
    P("IB201", """
        imageBuilder:
          authenticationType: google
          defaultRepository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/union
        """, [(3, 22)], id="google-with-ecr"),
    P("IB201", """
        imageBuilder:
          defaultRepository: public.ecr.aws/acme/images
        """, [(2, 22)], id="noop-with-ecr-public"),
    P("IB201", """
        imageBuilder:
          authenticationType: basic
          defaultRepository: https://registry.example.com/Images
        """, [(3, 22), (3, 22)], id="scheme-and-upper-case"),
    P("IB201", """
        provider: azure   # the derivation follows provider; union-dataplane has a '-'
        imageBuilder:
          authenticationType: azure
        """, [(1, 11)], id="azure-derived-name-with-dash-points-at-provider"),
    P("IB201", """
        imageBuilder:
          authenticationType: aws   # the derivation follows storage.provider, not this
        """, [(1, 1)], id="aws-auth-without-derivation-gives-registryName"),
    P("IB201", """
        imageBuilder:
          authenticationType: aws
          registryName: Builds
        global:
          AWS_ACCOUNT_ID: "123456789012"
        storage:
          provider: aws
          authType: iam
          region: us-east-1
        """, [(3, 17)], id="aws-derived-upper-case-registryName"),
    P("IB201", """
        imageBuilder:
          authenticationType: aws
        global:
          AWS_ACCOUNT_ID: "123456789012"
        storage:
          provider: aws
          authType: iam
          region: eu-west-1
        """, [], id="aws-derived-ok"),
    P("IB201", """
        imageBuilder:
          authenticationType: aws
          defaultRepository: 123456789012.dkr-ecr.us-gov-west-1.on.aws/union/builds
        """, [], id="aws-dual-stack-gov"),
    P("IB201", """
        imageBuilder:
          authenticationType: google
          defaultRepository: europe-west4-docker.pkg.dev/my-project/builds/team-a
        """, [], id="google-artifact-registry-with-prefix"),
    P("IB201", """
        imageBuilder:
          authenticationType: google
          defaultRepository: gcr.io/my-project/builds
        """, [], id="google-gcr-is-IB202"),
    P("IB201", """
        provider: azure
        imageBuilder:
          authenticationType: azure
          registryName: acmebuilds
        """, [], id="azure-derived-ok"),
    P("IB201", """
        imageBuilder:
          authenticationType: aws
        global:
          AWS_ACCOUNT_ID: 123456789012
        storage:
          provider: aws
          authType: iam
          region: us-east-1
        """, [], id="aws-unquoted-account-is-IB220"),
    P("IB201", """
        imageBuilder:
          enabled: true
        """, [], id="defaults"),
    # -- IB202 repository-legacy-gcr --------------------------------------------------------
    P("IB202", """
        imageBuilder:
          authenticationType: google
          defaultRepository: eu.gcr.io/my-project/builds
        """, [(3, 22)], id="google-gcr"),
    P("IB202", """
        imageBuilder:
          authenticationType: google
          defaultRepository: us-docker.pkg.dev/my-project/builds
        """, [], id="google-artifact-registry"),
    # -- IB203 noop-cloud-registry ----------------------------------------------------------
    P("IB203", """
        imageBuilder:
          defaultRepository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/union
        """, [(2, 22)], id="noop-with-ecr"),
    P("IB203", """
        imageBuilder: {}
        global:
          AWS_ACCOUNT_ID: "123456789012"
        storage:
          provider: aws   # the derivation follows storage.provider
          region: us-east-1
        """, [(5, 13)], id="noop-with-derived-ecr"),
    P("IB203", """
        imageBuilder:
          defaultRepository: registry.example.com/union/builds
        """, [], id="noop-with-private-registry"),
    P("IB203", """
        imageBuilder:
          authenticationType: aws
          defaultRepository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/union
        """, [], id="aws-with-ecr"),
    # -- IB204 no-repository ----------------------------------------------------------------
    P("IB204", """
        imageBuilder:
          registryName: ""
        """, [(2, 17)], id="nothing-to-derive-from"),
    P("IB204", """
        imageBuilder:
          authenticationType: aws
        storage:
          provider: aws   # derivation lacks inputs: IB205, not IB204
          authType: iam
        """, [], id="aws-incomplete-is-IB205"),
    P("IB204", """
        imageBuilder: {}
        """, [], id="defaults-use-registryName"),
    # -- IB205 repository-derivation-incomplete ---------------------------------------------
    P("IB205", """
        imageBuilder:
          authenticationType: aws
        storage:
          provider: aws
          authType: iam
          region: ""
        """, [(4, 13), (6, 11)], id="aws-no-account-no-region"),
    P("IB205", """
        imageBuilder:
          authenticationType: google
        storage:
          provider: gcs
          region: us-central1
        """, [(3, 1)], id="google-no-project-points-at-storage"),
    P("IB205", """
        provider: azure
        imageBuilder:
          authenticationType: azure
          registryName: ""
        """, [(4, 17)], id="azure-empty-registryName"),
    P("IB205", """
        provider: gcp
        imageBuilder:
          authenticationType: google
        storage:
          region: us-central1
          gcp:
            projectId: my-project
        """, [], id="google-complete"),
    # -- IB220 aws-account-id ---------------------------------------------------------------
    P("IB220", """
        imageBuilder:
          authenticationType: aws
        global:
          AWS_ACCOUNT_ID: 123456789012
        storage:
          provider: aws
          authType: iam
          region: us-east-1
        """, [(4, 19)], id="unquoted-number"),
    P("IB220", """
        imageBuilder:
          authenticationType: aws
        global:
          AWS_ACCOUNT_ID: "12345678901"
        storage:
          provider: aws
          authType: iam
          region: us-east-1
        """, [(4, 19)], id="eleven-digits"),
    P("IB220", """
        imageBuilder:
          authenticationType: aws
        global:
          AWS_ACCOUNT_ID: "012345678901"
        storage:
          provider: aws
          authType: iam
          region: us-east-1
        """, [], id="quoted-with-leading-zero"),
    P("IB220", """
        imageBuilder:
          authenticationType: aws
          defaultRepository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/union
        global:
          AWS_ACCOUNT_ID: 42   # not used: the repository is explicit
        """, [], id="explicit-repository"),
]


@pytest.mark.parametrize(("rule", "source", "expected"), CASES)
def test_repository_rule(rule: str, source: str, expected: list[tuple[int, int]], tmp_path) -> None:
    assert_rule(tmp_path, rule, source, expected)


def test_aws_mismatch_message_names_the_form_with_an_example_from_the_values(tmp_path) -> None:
    finding = only(tmp_path, "IB201", """
        imageBuilder:
          authenticationType: aws
          defaultRepository: uniondp.azurecr.io/images
          registryName: builds
        global:
          AWS_ACCOUNT_ID: "210987654321"
        storage:
          region: eu-central-1
        """)
    assert "ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME" in finding.message
    assert "210987654321.dkr.ecr.eu-central-1.amazonaws.com/builds" in finding.message


def test_azure_example_squeezes_the_registry_name(tmp_path) -> None:
    finding = only(tmp_path, "IB201", """
        provider: azure
        imageBuilder:
          authenticationType: azure
          registryName: acme-builds
        """)
    assert "acmebuilds.azurecr.io" in finding.hint
    assert finding.path == "$.imageBuilder.registryName"


def test_missing_inputs_are_named_one_by_one(tmp_path) -> None:
    _, findings = findings_of(tmp_path, """
        imageBuilder:
          authenticationType: aws
        storage:
          provider: aws
          authType: iam
          region: ""
        """)
    paths = sorted(f.path for f in findings if f.rule == "IB205")
    assert paths == ["$.global.AWS_ACCOUNT_ID", "$.storage.region"]
    messages = " ".join(f.message for f in findings if f.rule == "IB205")
    assert "global.AWS_ACCOUNT_ID is not set" in messages
    assert "storage.region is not set" in messages


def test_unquoted_account_message_shows_helms_rendering(tmp_path) -> None:
    finding = only(tmp_path, "IB220", """
        imageBuilder:
          authenticationType: aws
        global:
          AWS_ACCOUNT_ID: 123456789012
        storage:
          provider: aws
          authType: iam
          region: us-east-1
        """)
    assert "1.23456789012e+11" in finding.message


@pytest.mark.parametrize(
    ("number", "shown"),
    [(123456789012, "1.23456789012e+11"), (100000000000, "1e+11"), (123456, "123456"),
     (1000000, "1e+06")],
)
def test_go_float_formatting(number: int, shown: str) -> None:
    from chartgen.rules.aws_account_id import go_float

    assert go_float(number) == shown
