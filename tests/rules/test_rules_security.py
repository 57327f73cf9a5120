"""Security rules (IB301-IB308, IB320, IB321) as data: values YAML and where each rule fires."""

from __future__ import annotations

import pytest
from rule_harness import assert_rule, findings_of

P = pytest.param

CASES = [
    # -- IB301 basic-auth-plaintext ---------------------------------------------------------
    P("IB301", """
        imageBuilder:
          authenticationType: basic
          defaultRepository: registry.depot.dev/abc123
          basicAuth:
            passwordPlainText: hunter2
        """, [(5, 24)], id="plaintext-password"),
    P("IB301", """
        imageBuilder:
          authenticationType: basic
          defaultRepository: registry.depot.dev/abc123
          basicAuth:
            passwordSecretName: DEPOT_TOKEN
        """, [], id="secret-name"),
    # -- IB302 exposed-without-tls ----------------------------------------------------------
    P("IB302", """
        imageBuilder:
          buildkit:
            service:
              type: LoadBalancer
        """, [(4, 13)], id="load-balancer"),
    P("IB302", """
        imageBuilder:
          buildkit:
            service:
              type: NodePort
        """, [(4, 13)], id="node-port"),
    P("IB302", """
        imageBuilder:
          buildkit:
            service:
              type: LoadBalancer
            tls:
              enabled: true
              existingSecret: buildkitd-tls
        """, [], id="load-balancer-with-tls"),
    P("IB302", """
        imageBuilder:
          buildkit:
            service:
              type: ClusterIP
        """, [], id="cluster-ip"),
    # -- IB303 unprotected-daemon -----------------------------------------------------------
    P("IB303", """
        imageBuilder:
          buildkit:
            networkPolicy:
              enabled: false
        """, [(4, 16)], id="privileged-without-network-policy"),
    P("IB303", """
        imageBuilder:
          buildkit:
            rootless: true
        """, [(2, 3)], id="rootless-defaults-point-at-buildkit"),
    P("IB303", """
        imageBuilder:
          buildkit:
            networkPolicy:
              enabled: true
        """, [], id="network-policy"),
    P("IB303", """
        imageBuilder:
          buildkit:
            tls:
              enabled: true
              clientsPresentCertificates: true
              certManager:
                issuerRef:
                  name: cluster-ca
        """, [], id="tls-with-clients-that-present-certificates"),
    P("IB303", """
        imageBuilder:
          buildkitUri: tcp://elsewhere:1234
          buildkit:
            tls:
              enabled: true
              certManager:
                issuerRef:
                  name: cluster-ca
        """, [(3, 3)], id="tls-alone-is-not-a-network-policy"),
    # -- IB304 moving-image-tag -------------------------------------------------------------
    P("IB304", """
        imageBuilder:
          buildkit:
            image:
              tag: latest
        """, [(4, 12)], id="latest"),
    P("IB304", """
        imageBuilder:
          buildkit:
            image:
              tag: buildx-stable-1-rootless
        """, [(4, 12)], id="buildx-stable-rootless"),
    P("IB304", """
        imageBuilder:
          buildkit:
            image:
              tag: v0.32
        """, [(4, 12)], id="minor-only"),
    P("IB304", """
        imageBuilder:
          buildkit:
            image:
              tag: v0.32.2-rootless
        """, [], id="release-rootless"),
    P("IB304", """
        imageBuilder:
          buildkit:
            image:
              tag: v0.32.2@sha256:0000000000000000000000000000000000000000000000000000000000000000
        """, [], id="release-with-digest"),
    # -- IB305 buildkit-outdated ------------------------------------------------------------
    P("IB305", """
        imageBuilder:
          buildkit:
            image:
              tag: 0.30.0
        """, [(4, 12)], id="v0.30"),
    P("IB305", """
        imageBuilder:
          buildkit:
            image:
              tag: v0.31.1-rc1
        """, [(4, 12)], id="pre-release-of-the-fix"),
    P("IB305", """
        imageBuilder:
          buildkit:
            image:
              tag: v0.31.1
        """, [], id="v0.31.1"),
    P("IB305", """
        imageBuilder:
          buildkit:
            image:
              tag: v0.12.5
        """, [], id="unsupported-is-IB215"),
    # -- IB306 storage-plaintext-credentials ------------------------------------------------
    P("IB306", """
        imageBuilder: {}
        storage:
          provider: aws
          authType: accesskey
          accessKey: AKIAEXAMPLE
          secretKey: wJalrXUtnFEMI
        """, [(5, 14), (6, 14)], id="both-keys"),
    P("IB306", """
        imageBuilder: {}
        storage:
          provider: aws
          authType: iam
        """, [], id="iam"),
    # -- IB307 insecure-entitlements --------------------------------------------------------
    P("IB307", """
        imageBuilder:
          buildkit:
            extraConfig: |
              insecure-entitlements = ["security.insecure"]
        """, [(4, 7)], id="security-insecure"),
    P("IB307", """
        imageBuilder:
          buildkit:
            extraConfig: |
              insecure-entitlements = ["network.host"]
              [broken
        """, [], id="not-read-from-broken-toml"),  # IB216 reports the TOML; never line by line
    P("IB307", """
        imageBuilder:
          buildkit:
            extraConfig: |
              [registry."docker.io"]
                mirrors = ["m"]
              Insecure-Entitlements = ["network.host"]
        """, [], id="case-variant-inside-a-table-is-not-top-level"),  # IB235: unknown key there
    P("IB307", """
        imageBuilder:
          buildkit:
            extraConfig: "# note\\u2028x\\n\\"INSECURE-entitlements\\" = [\\"network.host\\"]"
        """, [(3, 34)], id="case-variant-quoted-after-a-line-separator-comment"),
    P("IB307", """
        imageBuilder:
          buildkit:
            allowInsecureEntitlements: true
            extraConfig: |
              insecure-entitlements = ["network.host"]
        """, [], id="allowed"),
    # -- IB308 tls-source -------------------------------------------------------------------
    P("IB308", """
        imageBuilder:
          buildkit:
            tls:
              enabled: true
        """, [(4, 16)], id="no-certificate-source"),
    P("IB308", """
        imageBuilder:
          buildkit:
            tls:
              enabled: true
              existingSecret: buildkitd-tls
              certManager:
                issuerRef:
                  name: cluster-ca
        """, [(5, 23)], id="two-certificate-sources"),
    P("IB308", """
        imageBuilder:
          buildkit:
            tls:
              enabled: true
              existingSecret: buildkitd-tls
        """, [], id="existing-secret"),
    # -- IB320 tls-without-client-certificates ----------------------------------------------
    P("IB320", """
        imageBuilder:
          buildkit:
            tls:
              enabled: true
              existingSecret: buildkitd-tls
        """, [(4, 16)], id="union-build-task-cannot-connect"),
    P("IB320", """
        imageBuilder:
          buildkit:
            tls:
              enabled: true
              clientsPresentCertificates: true
              existingSecret: buildkitd-tls
        """, [], id="every-client-presents-a-certificate"),
    P("IB320", """
        imageBuilder:
          buildkitUri: tcp://another-buildkitd:1234
          buildkit:
            tls:
              enabled: true
              existingSecret: buildkitd-tls
        """, [], id="build-task-points-elsewhere"),
    P("IB320", """
        imageBuilder:
          buildkit:
            tls:
              enabled: false
        """, [], id="no-tls"),
    # -- IB321 cloud-identity-on-buildkitd ----------------------------------------------------
    P("IB321", """
        imageBuilder:
          buildkit:
            serviceAccount:
              forceDedicated: true
              annotations:
                eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/x
        """, [(6, 9)], id="irsa-on-own-account"),
    P("IB321", """
        imageBuilder:
          buildkit:
            serviceAccount:
              forceDedicated: true
              annotations:
                iam.gke.io/gcp-service-account: b@p.iam.gserviceaccount.com
                azure.workload.identity/client-id: 00000000-0000-0000-0000-000000000000
                example.com/team: builds
        """, [(6, 9), (7, 9)], id="gke-and-azure-on-own-account"),
    P("IB321", """
        additionalServiceAccountAnnotations:
          "{{ .Values.global.PREFIX }}/role-arn": arn:aws:iam::123456789012:role/backend
        global:
          PREFIX: customer.example.com
        imageBuilder: {}
        """, [(2, 3)], id="backend-role-on-the-common-account"),
    P("IB321", """
        commonServiceAccount:
          annotations:
            iam.gke.io/gcp-service-account: backend@p.iam.gserviceaccount.com
        imageBuilder: {}
        """, [(3, 5)], id="gsa-on-the-common-account"),
    P("IB321", """
        additionalServiceAccountAnnotations:
          eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/backend
        imageBuilder:
          buildkit:
            serviceAccount:
              forceDedicated: true
        """, [], id="dedicated-account-leaves-the-backend-role-off"),
    P("IB321", """
        imageBuilder:
          buildkit:
            serviceAccount:
              forceDedicated: true
              create: false
              annotations:
                eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/x
        """, [], id="account-not-created-by-chartgen"),
    P("IB321", """
        imageBuilder:
          buildkit:
            enabled: false
          buildkitUri: tcp://elsewhere:1234
        commonServiceAccount:
          annotations:
            iam.gke.io/gcp-service-account: backend@p.iam.gserviceaccount.com
        """, [], id="no-buildkitd"),
]


@pytest.mark.parametrize(("rule", "source", "expected"), CASES)
def test_security_rule(rule: str, source: str, expected: list[tuple[int, int]], tmp_path) -> None:
    assert_rule(tmp_path, rule, source, expected)


def test_unprotected_daemon_names_the_mode(tmp_path) -> None:
    _, privileged = findings_of(tmp_path, "imageBuilder: {}\n")
    _, rootless = findings_of(tmp_path, "imageBuilder:\n  buildkit:\n    rootless: true\n")
    assert "privileged" in next(f.message for f in privileged if f.rule == "IB303")
    assert "rootless" in next(f.message for f in rootless if f.rule == "IB303")
    assert "root on the node" in next(f.message for f in privileged if f.rule == "IB303")
