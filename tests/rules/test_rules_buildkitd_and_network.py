"""Rules about buildkitd's configuration, its storage and user namespaces, and the
NetworkPolicy (IB231-IB235, IB322) as data: values YAML and where each rule fires."""

from __future__ import annotations

import pytest
from rule_harness import assert_rule, findings_of

P = pytest.param

CASES = [
    # -- IB235 extra-config-buildkit ----------------------------------------------------------
    P("IB235", """
        imageBuilder:
          buildkit:
            extraConfig: |
              [history]
                maxEntries = "100"
                maxAge = "two days"
              [registry."docker.io"]
                mirror = ["mirror.gcr.io"]
        """, [(5, 22), (6, 18), (8, 9)], id="type-value-unknown-at-their-lines"),
    P("IB235", """
        imageBuilder:
          buildkit:
            extraConfig: "[system]\\nmaxRegistryConcurrency = 0\\n"
        """, [(3, 29)], id="refused-in-a-quoted-scalar"),
    P("IB235", """
        imageBuilder:
          buildkit:
            extraConfig: >
              [Registry."docker.io"]

              Mirrors = ["mirror.gcr.io"]
        """, [], id="case-variants-are-known-keys-in-a-folded-scalar"),
    P("IB235", """
        imageBuilder:
          buildkit:
            extraConfig: trace = true
        """, [(3, 18)], id="deprecated-in-a-plain-scalar"),
    # -- IB231 gc-exceeds-ephemeral-storage ---------------------------------------------------
    P("IB231", """
        imageBuilder:
          buildkit:
            resources:
              limits:
                ephemeral-storage: 20Gi
        """, [(5, 28)], id="limit-on-node-disk"),
    P("IB231", """
        imageBuilder:
          buildkit:
            resources:
              requests:
                ephemeral-storage: 20Gi
        """, [], id="request-only"),
    P("IB231", """
        imageBuilder:
          buildkit:
            gc:
              maxUsedSpace: 12GB
              reservedSpace: 2GB
            resources:
              limits:
                ephemeral-storage: 20Gi
        """, [], id="gc-sized-below-the-limit"),
    P("IB231", """
        imageBuilder:
          buildkit:
            gc:
              maxUsedSpace: 12GB
              reservedSpace: 8GB
            resources:
              limits:
                ephemeral-storage: 20Gi
        """, [(8, 28)], id="three-reservations-above-the-limit"),
    P("IB231", """
        imageBuilder:
          buildkit:
            resources:
              limits:
                ephemeral-storage: 20Gi
            additionalVolumes:
              - name: cache
                persistentVolumeClaim:
                  claimName: buildkit-cache
            additionalVolumeMounts:
              - name: cache
                mountPath: /var/lib/buildkit
        """, [], id="state-on-its-own-volume"),
    P("IB231", """
        imageBuilder:
          buildkit:
            rootless: true
            resources:
              limits:
                ephemeral-storage: 20Gi
            additionalVolumes:
              - name: cache
                emptyDir: {}
            additionalVolumeMounts:
              - name: cache
                mountPath: /home/user/.local/share/buildkit
        """, [(6, 28)], id="empty-dir-is-node-disk"),
    P("IB231", """
        imageBuilder:
          buildkit:
            extraConfig: |
              root = "/cache/buildkit"
            resources:
              limits:
                ephemeral-storage: 20Gi
            additionalVolumes:
              - name: cache
                ephemeral:
                  volumeClaimTemplate:
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 100Gi}}
            additionalVolumeMounts:
              - name: cache
                mountPath: /cache
        """, [], id="root-from-extra-config-on-an-ephemeral-volume"),
    # -- IB232 host-users-unsupported ---------------------------------------------------------
    P("IB232", """
        imageBuilder:
          buildkit:
            hostUsers: false
        """, [], id="default-kube-version-has-user-namespaces"),
    # -- IB233 network-policy-dns -------------------------------------------------------------
    P("IB233", """
        imageBuilder:
          buildkit:
            networkPolicy:
              enabled: true
              egress:
                enabled: true
                allowDNS: false
        """, [(7, 19)], id="dns-off"),
    P("IB233", """
        imageBuilder:
          buildkit:
            networkPolicy:
              enabled: true
              egress:
                enabled: true
                allowDNS: false
                ports: []
        """, [], id="dns-off-but-every-port-open"),
    P("IB233", """
        imageBuilder:
          buildkit:
            rootless: true
            serviceAccount:
              forceDedicated: true
            openShift:
              enabled: true
            networkPolicy:
              enabled: true
              egress:
                enabled: true
                dns:
                  ports:
                    - protocol: UDP
                      port: 53
        """, [(14, 13)], id="openshift-without-5353"),
    P("IB233", """
        imageBuilder:
          buildkit:
            networkPolicy:
              enabled: true
              egress:
                enabled: true
                dns:
                  to:
                    - namespaceSelector:
                        matchLabels:
                          kubernetes.io/metadata.name: openshift-dns
        """, [(9, 13)], id="openshift-dns-on-another-platform"),
    P("IB233", """
        imageBuilder:
          buildkit:
            networkPolicy:
              enabled: true
              egress:
                enabled: true
        """, [], id="platform-defaults"),
    # -- IB234 network-policy-cidr ------------------------------------------------------------
    P("IB234", """
        imageBuilder:
          buildkit:
            networkPolicy:
              enabled: true
              egress:
                enabled: true
                allowedCIDRs:
                  - 10.0.0.0/8
                  - 169.254.169.254
                  - 10.0.0.0/255.0.0.0
                  - "1::2::3/64"
        """, [(9, 13), (10, 13), (11, 13)], id="not-cidrs"),
    # -- IB322 debug-address-exposed ----------------------------------------------------------
    P("IB322", """
        imageBuilder:
          buildkit:
            extraConfig: |
              [grpc]
                debugAddress = "0.0.0.0:6060"
        """, [(5, 9)], id="all-interfaces"),
    P("IB322", """
        imageBuilder:
          buildkit:
            extraConfig: |
              [GRPC]
                DebugAddress = ":6060"
        """, [(5, 9)], id="case-variant-empty-host"),
    P("IB322", """
        imageBuilder:
          buildkit:
            extraConfig: |
              [grpc]
                debugAddress = "127.0.0.1:6060"
        """, [], id="loopback"),
    P("IB322", """
        imageBuilder:
          buildkit:
            extraConfig: |
              [grpc]
                debugAddress = "[::1]:6060"
        """, [], id="ipv6-loopback"),
]


@pytest.mark.parametrize(("rule", "source", "expected"), CASES)
def test_rule(rule: str, source: str, expected: list[tuple[int, int]], tmp_path) -> None:
    assert_rule(tmp_path, rule, source, expected)


def test_host_users_warns_below_1_33(tmp_path) -> None:
    from chartgen.validate import validate_sources
    from chartgen.values.loader import ValueSources

    path = tmp_path / "values.yaml"
    path.write_text("imageBuilder:\n  buildkit:\n    hostUsers: false\n")
    for version, fires in (("1.32", True), ("1.33", False), ("1.29.4", True)):
        report = validate_sources(ValueSources(files=[str(path)]), kube_version=version).report
        fired = [f for f in report.findings if f.rule == "IB232"]
        assert bool(fired) is fires, version
        if fires:
            assert str(fired[0].location).endswith(":3:16")
            assert "drops the field" in fired[0].message


def test_gc_warning_names_the_threshold(tmp_path) -> None:
    _, findings = findings_of(tmp_path, """
        imageBuilder:
          buildkit:
            resources:
              limits:
                ephemeral-storage: 20Gi
        """)
    (finding,) = [f for f in findings if f.rule == "IB231"]
    assert "80%" in finding.message and "25Gi" in finding.message
    assert "/var/lib/buildkit" in finding.hint
