"""Builder and buildkitd rules (IB206-IB219, IB221, IB222, IB230) as data: YAML and where they fire."""

from __future__ import annotations

import pytest
from rule_harness import assert_rule, only

P = pytest.param

CASES = [
    # -- IB206 buildkit-unused --------------------------------------------------------------
    P("IB206", """
        imageBuilder:
          buildkitUri: tcp://buildkitd.example.com:1234
        """, [(2, 16)], id="external-uri-and-default-enabled"),
    P("IB206", """
        imageBuilder:
          buildkitUri: tcp://buildkitd.example.com:1234
          buildkit:
            enabled: true
        """, [(4, 14)], id="points-at-explicit-enabled"),
    P("IB206", """
        imageBuilder:
          buildkitUri: tcp://buildkitd.example.com:1234
          buildkit:
            enabled: false
        """, [], id="external-only"),
    # -- IB207 no-builder -------------------------------------------------------------------
    P("IB207", """
        imageBuilder:
          buildkit:
            enabled: false
        """, [(3, 14)], id="nothing-to-build-with"),
    P("IB207", """
        imageBuilder:
          enabled: false
          buildkit:
            enabled: false
        """, [], id="image-builder-off"),
    # -- IB208 buildkit-uri-format ----------------------------------------------------------
    P("IB208", """
        imageBuilder:
          buildkitUri: tcp://buildkitd.example.com
          buildkit: {enabled: false}
        """, [(2, 16)], id="tcp-without-port"),
    P("IB208", """
        imageBuilder:
          buildkitUri: tcp://buildkitd:70000
          buildkit: {enabled: false}
        """, [(2, 16)], id="port-out-of-range"),
    P("IB208", """
        imageBuilder:
          buildkitUri: unix://run/buildkit/buildkitd.sock
          buildkit: {enabled: false}
        """, [(2, 16)], id="unix-relative-path"),
    P("IB208", """
        imageBuilder:
          buildkitUri: https://buildkitd:1234
          buildkit: {enabled: false}
        """, [(2, 16)], id="http-scheme"),
    P("IB208", """
        imageBuilder:
          buildkitUri: "tcp://[fd00::12]:1234"
          buildkit: {enabled: false}
        """, [], id="tcp-ipv6"),
    P("IB208", """
        imageBuilder:
          buildkitUri: unix:///run/buildkit/buildkitd.sock
          buildkit: {enabled: false}
        """, [], id="unix-absolute"),
    # -- IB209 azure-workload-identity ------------------------------------------------------
    P("IB209", """
        imageBuilder:
          authenticationType: azure
          registryName: acmebuilds
        """, [(2, 23)], id="azure-without-client-id"),
    P("IB209", """
        imageBuilder:
          authenticationType: azure
          registryName: acmebuilds
        commonServiceAccount:
          annotations:
            azure.workload.identity/client-id: 00000000-0000-0000-0000-000000000000
        """, [(2, 23)], id="client-id-on-buildkitds-account-is-not-the-build-tasks"),
    P("IB209", """
        imageBuilder:
          authenticationType: azure
          registryName: acmebuilds
        userRoleAnnotationKey: azure.workload.identity/client-id
        userRoleAnnotationValue: ""
        """, [(2, 23)], id="user-identity-empty"),
    P("IB209", """
        imageBuilder:
          authenticationType: azure
          registryName: acmebuilds
        userRoleAnnotationKey: azure.workload.identity/client-id
        userRoleAnnotationValue: "{{ .Values.global.AZURE_WORKER_CLIENT_ID }}"
        """, [], id="user-identity-on-task-pods"),
    # -- IB210 basic-auth-no-password -------------------------------------------------------
    P("IB210", """
        imageBuilder:
          authenticationType: basic
          defaultRepository: registry.depot.dev/abc123
          basicAuth:
            passwordSecretName: ""
        """, [(5, 25)], id="no-password-source"),
    P("IB210", """
        imageBuilder:
          authenticationType: basic
          defaultRepository: registry.depot.dev/abc123
        """, [], id="default-secret-name"),
    # -- IB211 rootless-run-as-user ---------------------------------------------------------
    P("IB211", """
        imageBuilder:
          buildkit:
            rootless: true
            securityContext:
              runAsUser: 0
        """, [(5, 18)], id="rootless-as-root"),
    P("IB211", """
        imageBuilder:
          buildkit:
            rootless: true
            securityContext:
              runAsUser: 1000
        """, [], id="rootless-as-1000"),
    P("IB211", """
        imageBuilder:
          buildkit:
            securityContext:
              runAsUser: 0
        """, [], id="privileged-mode"),
    # -- IB212 openshift-dedicated-sa -------------------------------------------------------
    P("IB212", """
        imageBuilder:
          buildkit:
            rootless: true
            openShift:
              enabled: true
        """, [(5, 16)], id="shared-service-account"),
    P("IB212", """
        imageBuilder:
          buildkit:
            openShift:
              enabled: true
        """, [(4, 16)], id="privileged-too"),
    P("IB212", """
        low_privilege: false
        namespaces:
          enabled: true
        commonServiceAccount:
          enabled: false
        imageBuilder:
          buildkit:
            openShift:
              enabled: true
        """, [], id="no-common-account-in-use"),
    P("IB212", """
        imageBuilder:
          buildkit:
            rootless: true
            serviceAccount:
              forceDedicated: true
            openShift:
              enabled: true
        """, [], id="dedicated-service-account"),
    # -- IB213 autoscaling-range ------------------------------------------------------------
    P("IB213", """
        imageBuilder:
          buildkit:
            autoscaling:
              enabled: true
              minReplicas: 3
              maxReplicas: 2
        """, [(6, 20)], id="min-above-max"),
    P("IB213", """
        imageBuilder:
          buildkit:
            autoscaling:
              enabled: true
              minReplicas: 2
              maxReplicas: 2
        """, [], id="min-equals-max"),
    P("IB213", """
        imageBuilder:
          buildkit:
            autoscaling:
              enabled: false
              minReplicas: 3
              maxReplicas: 2
        """, [], id="autoscaling-off"),
    # -- IB214 pdb-blocks-drain -------------------------------------------------------------
    P("IB214", """
        imageBuilder:
          buildkit:
            replicaCount: 2
            pdb:
              minAvailable: 2
        """, [(5, 21)], id="min-available-equals-replicas"),
    P("IB214", """
        imageBuilder:
          buildkit:
            replicaCount: 3
            pdb:
              minAvailable: "100%"
        """, [(5, 21)], id="hundred-percent"),
    P("IB214", """
        imageBuilder:
          buildkit:
            replicaCount: 2
            autoscaling:
              enabled: true
              minReplicas: 1
        """, [(2, 3)], id="hpa-may-scale-to-one"),
    P("IB214", """
        imageBuilder:
          buildkit:
            replicaCount: 2
        """, [], id="default-min-available"),
    P("IB214", """
        imageBuilder:
          buildkit:
            replicaCount: 1
            pdb:
              minAvailable: 5
        """, [], id="single-replica-renders-no-pdb"),
    # -- IB215 buildkit-version-unsupported -------------------------------------------------
    P("IB215", """
        imageBuilder:
          buildkit:
            image:
              tag: v0.16.0
        """, [(4, 12)], id="v0.16"),
    P("IB215", """
        imageBuilder:
          buildkit:
            image:
              tag: v0.17.0
        """, [], id="v0.17"),
    # -- IB216 extra-config -----------------------------------------------------------------
    P("IB216", """
        imageBuilder:
          buildkit:
            extraConfig: |
              [registry."docker.io"
              mirrors = ["mirror.gcr.io"]
        """, [(4, 28)], id="not-toml"),
    P("IB216", """
        imageBuilder:
          buildkit:
            extraConfig: |
              [worker.oci]
                max-parallelism = 4
        """, [(4, 8)], id="reopens-worker-oci"),
    P("IB216", """
        imageBuilder:
          buildkit:
            extraConfig: |
              [[worker.oci.gcpolicy]]
                all = true
        """, [(4, 9)], id="appends-gc-policy"),
    P("IB216", """
        imageBuilder:
          buildkit:
            extraConfig: |
              [registry."docker.io"]
                mirrors = ["mirror.gcr.io"]
              [worker.oci.labels]
                team = "ml"
        """, [], id="mirrors-and-subtable"),
    # -- IB217 storage-accesskey-missing ----------------------------------------------------
    P("IB217", """
        imageBuilder: {}
        storage:
          provider: aws
          authType: accesskey
          accessKey: AKIAEXAMPLE
        """, [(4, 13)], id="no-secret-key"),
    P("IB217", """
        imageBuilder: {}
        storage:
          provider: aws
          authType: accesskey
          credentialsSecretRef:
            name: s3-credentials
        """, [], id="secret-ref"),
    # -- IB218 target-configmap-renamed -----------------------------------------------------
    P("IB218", """
        imageBuilder:
          targetConfigMapName: my-build-config
        """, [(2, 24)], id="renamed"),
    P("IB218", """
        imageBuilder:
          targetConfigMapName: build-image-config
        """, [], id="default-written-out"),
    # -- IB219 max-parallelism-unbounded ----------------------------------------------------
    P("IB219", """
        imageBuilder:
          buildkit:
            oci:
              maxParallelism: 0
        """, [(4, 23)], id="zero"),
    P("IB219", """
        imageBuilder:
          buildkit:
            oci:
              maxParallelism: 4
        """, [], id="bounded"),
    P("IB219", """
        imageBuilder:
          buildkitUri: tcp://buildkitd.example.com:1234
          buildkit:
            enabled: false
        """, [], id="no-daemon-deployed"),
    # -- IB221 openshift-scc-missing --------------------------------------------------------
    P("IB221", """
        imageBuilder:
          buildkit:
            openShift:
              enabled: true
              securityContextConstraints:
                create: false
        """, [(6, 17)], id="no-scc"),
    P("IB221", """
        imageBuilder:
          buildkit:
            openShift:
              enabled: true
              securityContextConstraints:
                create: false
                existingName: privileged
        """, [], id="existing-scc"),
    P("IB221", """
        imageBuilder:
          buildkit:
            openShift:
              enabled: true
              securityContextConstraints:
                create: false
                name: buildkit-scc   # the reference reads it as an existing SCC
        """, [], id="name-of-an-existing-scc"),
    # -- IB222 hpa-without-requests ---------------------------------------------------------
    P("IB222", """
        imageBuilder:
          buildkit:
            autoscaling:
              enabled: true
              targetCPUUtilizationPercentage: 70
            resources:
              requests:
                cpu: null
        """, [(5, 39)], id="cpu-target-without-cpu-request"),
    P("IB222", """
        imageBuilder:
          buildkit:
            autoscaling:
              enabled: true
              targetMemoryUtilizationPercentage: 80
            resources:
              requests:
                memory: null
              limits:
                memory: 8Gi
        """, [], id="memory-limit-becomes-the-request"),
]


@pytest.mark.parametrize(("rule", "source", "expected"), CASES)
def test_buildkit_rule(rule: str, source: str, expected: list[tuple[int, int]], tmp_path) -> None:
    assert_rule(tmp_path, rule, source, expected)


def test_extra_config_message_counts_lines_within_extra_config(tmp_path) -> None:
    finding = only(tmp_path, "IB235", """
        imageBuilder:
          buildkit:
            extraConfig: |
              # more logging

              debug = true
              [registry."docker.io"]
                mirrors = ["mirror.gcr.io"]
        """)
    assert "line 3" in finding.message
    assert str(finding.location).endswith(":6:7")  # the line inside the block scalar
    assert "imageBuilder.buildkit.log.level" in finding.hint


def test_max_parallelism_hint_suggests_the_cpu_request(tmp_path) -> None:
    finding = only(tmp_path, "IB219", """
        imageBuilder:
          buildkit:
            resources:
              requests:
                cpu: 2500m
        """)
    assert "about 3" in finding.hint


@pytest.mark.parametrize(
    ("uri", "ok"),
    [
        ("tcp://buildkitd:1234", True),
        ("tcp://10.0.0.1:1234", True),
        ("tcp://[::1]:1234", True),
        ("unix:///run/user/1000/buildkit/buildkitd.sock", True),
        ("tcp://:1234", False),
        ("tcp://buildkitd:0", False),
        ("tcp://buildkitd:http", False),
        ("unix:///", False),
        ("buildkitd:1234", False),
        ("docker-container://buildkitd", False),
    ],
)
def test_uri_grammar(uri: str, ok: bool) -> None:
    from chartgen.rules.buildkit_uri_format import uri_problem

    assert (uri_problem(uri) is None) is ok
