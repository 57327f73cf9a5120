"""Security rules (IB301-IB308) as data: values YAML and where each rule fires."""

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
            tls:
              enabled: false
        """, [(4, 16)], id="privileged-without-tls"),
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
              certManager:
                issuerRef:
                  name: cluster-ca
        """, [], id="tls"),
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
