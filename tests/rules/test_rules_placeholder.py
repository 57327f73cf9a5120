"""IB223 placeholder-value as data: values YAML and where the rule fires."""

from __future__ import annotations

import pytest
from rule_harness import assert_rule, only

P = pytest.param

CASES = [
    P("""
        global:
          AWS_ACCOUNT_ID: "123456789012"
        """, [(2, 19)], id="aws-account"),
    P("""
        global:
          AWS_ACCOUNT_ID: 123456789012
        """, [(2, 19)], id="aws-account-unquoted"),
    P("""
        userRoleAnnotationKey: eks.amazonaws.com/role-arn
        userRoleAnnotationValue: arn:aws:iam::123456789012:role/union-user-role
        """, [(2, 26)], id="account-inside-an-arn"),
    P("""
        imageBuilder:
          authenticationType: aws
          defaultRepository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/union
        """, [(3, 22)], id="account-inside-a-registry-host"),
    P("""
        imageBuilder:
          buildkit:
            serviceAccount:
              annotations:
                azure.workload.identity/client-id: 00000000-0000-0000-0000-000000000000
        """, [(5, 44)], id="zero-guid-in-an-annotation"),
    P("""
        userRoleAnnotationKey: iam.gke.io/gcp-service-account
        userRoleAnnotationValue: builds@my-project.iam.gserviceaccount.com
        storage:
          gcp:
            projectId: my-project
        """, [(2, 26), (5, 16)], id="gcp-project-twice"),
    P("""
        imageBuilder:
          defaultRepository: ghcr.io/my-org/images
        """, [(2, 22)], id="private-registry-organisation"),
    # A placeholder inside a longer name is that name, not the placeholder.
    P("""
        global:
          AWS_ACCOUNT_ID: "123456789013"
        storage:
          gcp:
            projectId: my-project-prod
          bucketName: my-union-metadata-eu
        imageBuilder:
          defaultRepository: ghcr.io/my-orgs/images
        """, [], id="longer-names-are-real"),
    # Keys chartgen does not read are not looked at.
    P("""
        clusterName: my-project
        secrets:
          admin: {clientId: 00000000-0000-0000-0000-000000000000}
        """, [], id="keys-chartgen-does-not-read"),
    # A look-up is reported once, where the placeholder is written.
    P("""
        global:
          METADATA_BUCKET: my-union-metadata
        storage:
          provider: aws
          bucketName: "{{ .Values.global.METADATA_BUCKET }}"
        """, [(2, 20)], id="at-the-source-of-a-look-up"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_placeholder_value(tmp_path, source: str, expected: list[tuple[int, int]]) -> None:
    assert_rule(tmp_path, "IB223", source, expected)


def test_message_says_what_the_placeholder_is_and_hint_what_belongs_there(tmp_path) -> None:
    finding = only(tmp_path, "IB223", """
        userRoleAnnotationValue: arn:aws:iam::123456789012:role/union-user-role
        """)
    assert finding.path == "$.userRoleAnnotationValue"
    assert finding.message == (
        "userRoleAnnotationValue is still a placeholder (123456789012 is the example account "
        "ID of AWS's documentation): what chartgen renders and grants would point at "
        "resources that are not yours"
    )
    assert finding.hint == (
        "Replace it: in place of 123456789012, your 12-digit AWS account ID (aws sts "
        "get-caller-identity --query Account --output text)."
    )
