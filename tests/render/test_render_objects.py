"""The objects themselves: conditions, names, order and the reference chart's logic."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from chartgen.kube import parse_kube_version
from chartgen.model import build_model
from chartgen.render import (
    KINDS,
    Rendered,
    RenderOptions,
    dump_yaml,
    output_files,
    render_objects,
)
from chartgen.render.order import INSTALL_ORDER

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def render(data: dict[str, Any], **options: Any) -> Rendered:
    if "kube_version" in options:
        options["kube_version"] = parse_kube_version(options["kube_version"])
    return render_objects(build_model(data), RenderOptions(**options))


def kinds(rendered: Rendered) -> list[str]:
    return [document.kind for document in rendered]


def one(rendered: Rendered, kind: str, name: str | None = None) -> dict[str, Any]:
    found = [
        document.object for document in rendered
        if document.kind == kind and (name is None or document.name == name)
    ]
    assert len(found) == 1, (kind, name, kinds(rendered))
    return found[0]


def pod_spec(rendered: Rendered) -> dict[str, Any]:
    spec: dict[str, Any] = one(rendered, "Deployment")["spec"]["template"]["spec"]
    return spec


def everything() -> dict[str, Any]:
    """Values that render every kind of object at once."""
    return {
        "imageBuilder": {
            "buildkit": {
                "rootless": True,
                "replicaCount": 2,
                "autoscaling": {"enabled": True},
                "serviceAccount": {"forceDedicated": True},
                "openShift": {"enabled": True},
                "networkPolicy": {"enabled": True},
                "tls": {"enabled": True, "clientsPresentCertificates": True,
                        "certManager": {"issuerRef": {"name": "ca"}}},
            }
        }
    }


def test_objects_come_in_helm_install_order_then_by_name() -> None:
    rendered = render(everything(), target_namespaces=["team-a"])
    assert kinds(rendered) == [
        "NetworkPolicy",
        "PodDisruptionBudget",
        "ServiceAccount",
        "ConfigMap",
        "ConfigMap",
        "ConfigMap",
        "Role",
        "RoleBinding",
        "Service",
        "Deployment",
        "HorizontalPodAutoscaler",
        "Certificate",
        "Certificate",
        "SecurityContextConstraints",
    ]
    known = [INSTALL_ORDER.index(k) for k in kinds(rendered) if k in INSTALL_ORDER]
    assert known == sorted(known)
    names = [(d.name, d.namespace) for d in rendered if d.kind == "ConfigMap"]
    assert names == [
        ("build-image-config", "team-a"),
        ("build-image-config", "union"),
        ("union-operator-buildkit", "union"),
    ]


def test_every_namespaced_object_names_its_namespace() -> None:
    rendered = render(everything(), namespace="builds")
    for document in rendered:
        if document.kind == "SecurityContextConstraints":
            assert document.namespace is None  # cluster-scoped
        else:
            assert document.namespace == "builds", document.kind


def test_rendering_is_byte_identical_on_repeat() -> None:
    first = dump_yaml(render(everything()))
    second = dump_yaml(render(everything()))
    assert first == second


def test_labels_and_selector_match_the_reference_chart() -> None:
    rendered = render({"imageBuilder": {}}, release_name="dp")
    deployment = one(rendered, "Deployment")
    assert deployment["metadata"]["labels"] == {
        "app.kubernetes.io/name": "imagebuilder-buildkit",
        "app.kubernetes.io/instance": "dp",
        "platform.union.ai/service-group": "dp",
        "app.kubernetes.io/managed-by": "Helm",
    }
    selector = {
        "app.kubernetes.io/name": "imagebuilder-buildkit",
        "app.kubernetes.io/instance": "dp",
    }
    assert deployment["spec"]["selector"]["matchLabels"] == selector
    # The pod template adds the reference chart's zone label to the selector labels.
    assert deployment["spec"]["template"]["metadata"]["labels"] == {
        "platform.union.ai/zone": "dataplane", **selector,
    }
    assert one(rendered, "Service")["spec"]["selector"] == selector
    # The build-image ConfigMap is labelled as the operator's (`operator.labels`), as in the
    # reference chart.
    config = one(rendered, "ConfigMap", "build-image-config")
    assert config["metadata"]["labels"] == {
        "app.kubernetes.io/name": "union-operator",
        "app.kubernetes.io/instance": "dp",
        "platform.union.ai/service-group": "dp",
        "app.kubernetes.io/managed-by": "Helm",
    }


def test_container_env_is_the_reference_pod_variables_buildkitd_can_use() -> None:
    rendered = render({
        "additionalPodEnvVars": {"HTTPS_PROXY": "http://proxy:3128", "RETRIES": 1234567,
                                 "DEBUG": True},
        "imageBuilder": {"buildkit": {"podEnv": [{"name": "X", "value": "y"}]}},
    })
    env = pod_spec(rendered)["containers"][0]["env"]
    assert env == [
        {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
        {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
        {"name": "GOMEMLIMIT",
         "valueFrom": {"resourceFieldRef": {"divisor": 1, "resource": "limits.memory"}}},
        {"name": "GOMAXPROCS",
         "valueFrom": {"resourceFieldRef": {"divisor": 1, "resource": "limits.cpu"}}},
        # additionalPodEnvVars, keys sorted and values printed as Helm's `quote` does.
        {"name": "DEBUG", "value": "true"},
        {"name": "HTTPS_PROXY", "value": "http://proxy:3128"},
        {"name": "RETRIES", "value": "1.234567e+06"},
        {"name": "X", "value": "y"},
    ]
    # Not the operator's variables: CLUSTER_NAME would need its Secret to start the pod.
    assert not {"CLUSTER_NAME", "DEPLOYMENT_NAME"} & {item["name"] for item in env}


def test_container_args_ports_and_probes() -> None:
    container = pod_spec(render({"imageBuilder": {}}))["containers"][0]
    assert container["name"] == "buildkit"
    assert container["args"] == [
        "--config", "/etc/buildkit/buildkitd.toml",
        "--addr", "unix:///run/buildkit/buildkitd.sock",
        "--addr", "tcp://0.0.0.0:1234",
    ]
    assert container["ports"] == [{"name": "tcp", "containerPort": 1234, "protocol": "TCP"}]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["exec"]["command"] == ["buildctl", "debug", "workers"]
        assert container[probe]["timeoutSeconds"] >= 10
    assert container["securityContext"] == {"privileged": True}

    rootless = pod_spec(render({"imageBuilder": {"buildkit": {"rootless": True}}}))
    args = rootless["containers"][0]["args"]
    assert "unix:///run/user/1000/buildkit/buildkitd.sock" in args
    assert args[-1] == "--oci-worker-no-process-sandbox"
    assert rootless["containers"][0]["image"].endswith("-rootless")
    assert {"name": "buildkitd", "emptyDir": {}} in rootless["volumes"]


@pytest.mark.parametrize(("version", "field"), [("1.29", False), ("1.30", True), ("1.31.4", True)])
def test_apparmor_annotation_before_1_30_field_from_1_30(version: str, field: bool) -> None:
    rendered = render({"imageBuilder": {"buildkit": {"rootless": True}}}, kube_version=version)
    template = one(rendered, "Deployment")["spec"]["template"]
    annotation = "container.apparmor.security.beta.kubernetes.io/buildkit"
    context = template["spec"]["containers"][0]["securityContext"]
    assert (annotation in template["metadata"]["annotations"]) is not field
    assert ("appArmorProfile" in context) is field
    if field:
        assert context["appArmorProfile"] == {"type": "Unconfined"}


def test_security_context_override_replaces_the_mode_default_but_keeps_apparmor() -> None:
    override = {"runAsUser": 1000, "runAsNonRoot": True}
    rendered = render(
        {"imageBuilder": {"buildkit": {"rootless": True, "securityContext": override}}}
    )
    context = pod_spec(rendered)["containers"][0]["securityContext"]
    assert context == {**override, "appArmorProfile": {"type": "Unconfined"}}
    privileged = render({"imageBuilder": {"buildkit": {"securityContext": {"privileged": False}}}})
    assert pod_spec(privileged)["containers"][0]["securityContext"] == {"privileged": False}


@pytest.mark.parametrize(
    ("data", "account", "creates"),
    [
        ({}, "union-system", False),  # single-namespace mode: the common account
        ({"commonServiceAccount": {"name": "shared"}}, "shared", False),
        # low_privilege off alone is still single-namespace: namespaces.enabled defaults to
        # false in the reference chart, and commonServiceAccount.enabled to true.
        ({"low_privilege": False}, "union-system", False),
        ({"low_privilege": False, "namespaces": {"enabled": True}}, "union-system", False),
        ({"low_privilege": False, "namespaces": {"enabled": True},
          "commonServiceAccount": {"enabled": False}}, "union-imagebuilder", True),
        ({"imageBuilder": {"buildkit": {"serviceAccount": {"forceDedicated": True,
                                                           "name": ""}}}},
         "union-imagebuilder", True),  # an empty name takes the default, as in the reference
        ({"commonServiceAccount": {"name": ""}}, "union-system", False),
        ({"imageBuilder": {"buildkit": {"serviceAccount": {"forceDedicated": True}}}},
         "union-imagebuilder", True),
        ({"imageBuilder": {"buildkit": {"serviceAccount": {"forceDedicated": True,
                                                           "create": False}}}},
         "union-imagebuilder", False),
    ],
)
def test_service_account_resolution(data: dict[str, Any], account: str, creates: bool) -> None:
    rendered = render({"imageBuilder": {}, **data})
    assert pod_spec(rendered)["serviceAccountName"] == account
    assert ("ServiceAccount" in kinds(rendered)) is creates
    if creates:
        assert one(rendered, "ServiceAccount")["metadata"]["name"] == account


def test_service_account_token_is_not_mounted_unless_asked() -> None:
    assert pod_spec(render({"imageBuilder": {}}))["automountServiceAccountToken"] is False
    asked = {"imageBuilder": {"buildkit": {"serviceAccount": {"automountToken": True}}}}
    assert pod_spec(render(asked))["automountServiceAccountToken"] is True


def test_autoscaling_owns_replicas_and_relaxes_anti_affinity() -> None:
    rendered = render({"imageBuilder": {"buildkit": {"autoscaling": {"enabled": True}}}})
    deployment = one(rendered, "Deployment")
    assert "replicas" not in deployment["spec"]
    affinity = deployment["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]
    assert list(affinity) == ["preferredDuringSchedulingIgnoredDuringExecution"]
    assert affinity["preferredDuringSchedulingIgnoredDuringExecution"][0]["weight"] == 100
    hpa = one(rendered, "HorizontalPodAutoscaler")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]

    fixed = one(render({"imageBuilder": {}}), "Deployment")
    assert fixed["spec"]["replicas"] == 1
    required = fixed["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]
    term = required["requiredDuringSchedulingIgnoredDuringExecution"][0]
    assert term["topologyKey"] == "kubernetes.io/hostname"


def test_pdb_only_with_more_than_one_replica() -> None:
    assert "PodDisruptionBudget" not in kinds(render({"imageBuilder": {}}))
    rendered = render({"imageBuilder": {"buildkit": {"replicaCount": 3,
                                                     "pdb": {"minAvailable": "50%"}}}})
    assert one(rendered, "PodDisruptionBudget")["spec"]["minAvailable"] == "50%"


def test_build_image_config_only_in_single_namespace_mode_plus_targets() -> None:
    multi = {"low_privilege": False, "namespaces": {"enabled": True}, "imageBuilder": {}}
    assert "build-image-config" not in [d.name for d in render(multi)]
    copies = render(multi, target_namespaces=["a", "b", "a"])
    assert [d.namespace for d in copies if d.name == "build-image-config"] == ["a", "b"]
    # In single-namespace mode a target equal to the release namespace is not duplicated.
    single = render({"imageBuilder": {}}, target_namespaces=["union", "b"])
    assert [d.namespace for d in single if d.name == "build-image-config"] == ["b", "union"]


def test_build_image_config_data() -> None:
    rendered = render(
        {"global": {"AWS_ACCOUNT_ID": "000000000001"},
         "storage": {"provider": "aws", "authType": "iam", "region": "eu-west-1"},
         "imageBuilder": {"authenticationType": "aws", "buildkit": {"service": {"port": 9999}}}},
        namespace="dp",
    )
    data = one(rendered, "ConfigMap", "build-image-config")["data"]
    assert data["buildkit-uri"] == "tcp://union-operator-buildkit.dp.svc.cluster.local:9999"
    repository = "000000000001.dkr.ecr.eu-west-1.amazonaws.com/union-dataplane"
    assert data["default-repository"] == repository
    assert data["authentication-type"] == "aws"
    assert set(data) == {"buildkit-uri", "default-repository", "authentication-type",
                         "storage.yaml"}
    # The build task mounts storage.yaml by name: it is there without a storage section too.
    no_storage = one(render({"imageBuilder": {}}), "ConfigMap", "build-image-config")["data"]
    assert "storage.yaml" in no_storage


def test_no_buildkit_at_all_gives_an_empty_uri_and_no_buildkit_objects() -> None:
    rendered = render({"imageBuilder": {"buildkit": {"enabled": False}}})
    assert kinds(rendered) == ["ConfigMap"]
    assert one(rendered, "ConfigMap")["data"]["buildkit-uri"] == ""


def test_disabled_image_builder_renders_nothing() -> None:
    assert len(render({"imageBuilder": {"enabled": False}})) == 0


def test_config_checksum_follows_buildkitd_toml() -> None:
    def checksum(data: dict[str, Any]) -> str:
        annotations = one(render(data), "Deployment")["spec"]["template"]["metadata"]["annotations"]
        value: str = annotations["checksum/config"]
        return value

    base = checksum({"imageBuilder": {}})
    assert base == checksum({"imageBuilder": {}})
    assert base != checksum({"imageBuilder": {"buildkit": {"log": {"debug": True}}}})


def test_buildkitd_toml_in_the_config_map_parses() -> None:
    rendered = render({"imageBuilder": {"buildkit": {"oci": {"maxParallelism": 8}}}})
    text = one(rendered, "ConfigMap", "union-operator-buildkit")["data"]["buildkitd.toml"]
    assert tomllib.loads(text)["worker"]["oci"]["max-parallelism"] == 8


def test_openshift_objects_and_scc_pin() -> None:
    rendered = render(everything())
    scc = one(rendered, "SecurityContextConstraints")
    # The reference chart's default name: FULLNAME-rootless, for the SCC, Role and RoleBinding.
    assert scc["metadata"]["name"] == "union-operator-buildkit-rootless"
    assert scc["runAsUser"] == {"type": "MustRunAs", "uid": 1000}
    assert scc["volumes"] == ["configMap", "emptyDir", "projected", "secret"]
    role = one(rendered, "Role")
    assert role["metadata"]["name"] == "union-operator-buildkit-rootless"
    assert role["rules"][0]["resourceNames"] == ["union-operator-buildkit-rootless"]
    assert one(rendered, "RoleBinding")["metadata"]["name"] == "union-operator-buildkit-rootless"
    binding = one(rendered, "RoleBinding")
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": "union-imagebuilder", "namespace": "union"}
    ]
    annotations = one(rendered, "Deployment")["spec"]["template"]["metadata"]["annotations"]
    assert annotations["openshift.io/required-scc"] == "union-operator-buildkit-rootless"
    # Rootless on OpenShift: privilege escalation for rootlesskit's newuidmap, as the reference.
    context = pod_spec(rendered)["containers"][0]["securityContext"]
    assert context["allowPrivilegeEscalation"] is True

    existing = everything()
    existing["imageBuilder"]["buildkit"]["openShift"] = {
        "enabled": True,
        "securityContextConstraints": {"create": False, "existingName": "mine",
                                       "pinRequiredSCC": False},
    }
    rendered = render(existing)
    assert "SecurityContextConstraints" not in kinds(rendered)
    assert one(rendered, "Role")["rules"][0]["resourceNames"] == ["mine"]
    annotations = one(rendered, "Deployment")["spec"]["template"]["metadata"]["annotations"]
    assert "openshift.io/required-scc" not in annotations


@pytest.mark.parametrize(
    ("scc", "name", "created"),
    [
        # existingName wins over name, and an SCC is created only without one.
        ({"create": True, "name": "given", "existingName": "theirs"}, "theirs", False),
        ({"create": True, "name": "given"}, "given", True),
        ({"create": False, "name": "given"}, "given", False),
        ({"create": True, "name": "n" * 62 + "-x"}, "n" * 62, True),  # cut to 63, one "-" off
    ],
)
def test_openshift_scc_name_follows_the_reference(scc: dict[str, Any], name: str,
                                                  created: bool) -> None:
    data = everything()
    data["imageBuilder"]["buildkit"]["openShift"] = {"enabled": True,
                                                     "securityContextConstraints": scc}
    rendered = render(data)
    assert ("SecurityContextConstraints" in kinds(rendered)) is created
    assert one(rendered, "Role")["metadata"]["name"] == name
    assert one(rendered, "RoleBinding")["roleRef"]["name"] == name


def test_host_users_only_when_set() -> None:
    assert "hostUsers" not in pod_spec(render({"imageBuilder": {}}))
    spec = pod_spec(render({"imageBuilder": {"buildkit": {"hostUsers": False}}}))
    assert spec["hostUsers"] is False


def test_tls_mounts_the_secret_and_leaves_the_build_task_config_alone() -> None:
    rendered = render(everything())
    spec = pod_spec(rendered)
    args = spec["containers"][0]["args"]
    assert args[args.index("--tlscacert") + 1] == "/certs/ca.crt"
    mount = spec["containers"][0]["volumeMounts"][-1]
    assert mount == {"name": "buildkit-tls", "mountPath": "/certs", "readOnly": True}
    assert spec["volumes"][-1]["secret"]["secretName"] == "union-operator-buildkit-tls"
    # Nothing reads TLS settings from build-image-config: the build task presents no certificate.
    data = one(rendered, "ConfigMap", "build-image-config")["data"]
    assert not [key for key in data if "tls" in key]
    server = one(rendered, "Certificate", "union-operator-buildkit-server")
    assert server["spec"]["dnsNames"] == [
        "union-operator-buildkit",
        "union-operator-buildkit.union",
        "union-operator-buildkit.union.svc",
        "union-operator-buildkit.union.svc.cluster.local",
    ]
    client = one(rendered, "Certificate", "union-operator-buildkit-client")
    assert client["spec"]["usages"] == ["client auth", "digital signature"]


def test_network_policy_defaults_to_release_and_build_namespaces() -> None:
    rendered = render(everything(), namespace="dp")
    policy = one(rendered, "NetworkPolicy")
    assert policy["spec"]["policyTypes"] == ["Ingress"]
    assert policy["spec"]["ingress"] == [{
        "from": [
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "dp"}}},
            {"namespaceSelector": {"matchLabels": {"union.ai/namespace-type": "flyte"}}},
        ],
        "ports": [{"protocol": "TCP", "port": 1234}],
    }]


def test_egress_excludes_cloud_metadata_only_from_blocks_containing_it() -> None:
    data = everything()
    data["imageBuilder"]["buildkit"]["networkPolicy"] = {
        "enabled": True,
        "egress": {"enabled": True, "allowedCIDRs": [
            "0.0.0.0/0", "10.0.0.0/8", "::/0", "fd00:ec2::/32", "fd00:ec2::254/128",
            "2001:db8::/32", "169.254.169.254/32",
        ]},
    }
    policy = one(render(data), "NetworkPolicy")
    blocks = [peer["ipBlock"] for peer in policy["spec"]["egress"][1]["to"]]
    assert blocks == [
        {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]},
        {"cidr": "10.0.0.0/8"},
        # IPv6: AWS's IMDS (fd00:ec2::254) and GCE's IPv6 metadata server (fd20:ce::254).
        {"cidr": "::/0", "except": ["fd00:ec2::254/128", "fd20:ce::254/128"]},
        {"cidr": "fd00:ec2::/32", "except": ["fd00:ec2::254/128"]},
        # A block that is exactly the endpoint cannot except it (Kubernetes rejects that);
        # allowing it is the user's explicit choice.
        {"cidr": "fd00:ec2::254/128"},
        {"cidr": "2001:db8::/32"},
        {"cidr": "169.254.169.254/32"},
    ]


def test_secret_reference_leaves_the_keys_out_and_says_so() -> None:
    rendered = render({"storage": {"provider": "compat", "accessKey": "AK", "secretKey": "SK",
                                   "credentialsSecretRef": {"name": "s3-keys"}},
                       "imageBuilder": {}})
    assert [(f.rule, f.path) for f in rendered.findings] == [
        ("IB411", "$.storage.credentialsSecretRef.name")]
    text = one(rendered, "ConfigMap", "build-image-config")["data"]["storage.yaml"]
    assert "AK" not in text and "access_key_id" not in text


def test_render_checks_are_documented() -> None:
    from chartgen.catalogue import find_kind

    for check in KINDS:
        assert check.id.startswith("IB41")
        assert find_kind(check.id) == check


def test_output_file_names_are_numbered_and_stable() -> None:
    files = output_files(render({"imageBuilder": {}}, target_namespaces=["team-a"]))
    assert list(files) == [
        "01-configmap-team-a-build-image-config.yaml",
        "02-configmap-build-image-config.yaml",
        "03-configmap-union-operator-buildkit.yaml",
        "04-service-union-operator-buildkit.yaml",
        "05-deployment-union-operator-buildkit.yaml",
    ]
    assert all(text.startswith("# Source: chartgen/templates/") for text in files.values())
