"""The hardening objects: mutual TLS wiring, certificates, NetworkPolicy, token, restarts.

Schema validation runs with both engines: in process always, kubeconform when it is on PATH
(skipped locally without it, a failure in CI, where `.ci/run` installs it).
"""

from __future__ import annotations

import copy
import hashlib
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import in_ci
from hardening_support import (
    HARDENED,
    HARDENED_TLS,
    SCENARIOS,
    kube_version_of,
    namespace_of,
    one,
    rendered_objects,
)

from chartgen.conform import Engine, validate_objects
from chartgen.kube import resolve_kube_version
from chartgen.model import build_model
from chartgen.render import RenderOptions, render_objects

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CERT_MANAGER = SCENARIOS / "hardened-rootless-cert-manager.yaml"
EXISTING_SECRET = SCENARIOS / "hardened-rootless-existing-secret.yaml"
ENGINES: tuple[Engine, ...] = ("python", "kubeconform")


def engine_or_skip(engine: Engine) -> Engine:
    if engine == "kubeconform" and shutil.which("kubeconform") is None:
        message = "kubeconform is not on PATH"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return engine


def render(data: dict[str, Any], namespace: str = "union") -> list[dict[str, Any]]:
    rendered = render_objects(build_model(data), RenderOptions(namespace=namespace))
    return rendered.objects


def with_tls(**buildkit: Any) -> dict[str, Any]:
    tls = {"enabled": True, "certManager": {"issuerRef": {"name": "ca", "kind": "ClusterIssuer"}}}
    return {"imageBuilder": {"buildkit": {"tls": tls, **buildkit}}}


def pod(objects: list[dict[str, Any]]) -> dict[str, Any]:
    spec: dict[str, Any] = one(objects, "Deployment")["spec"]["template"]
    return spec


def container(objects: list[dict[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = pod(objects)["spec"]["containers"][0]
    return found


# -- strict schema validation ----------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", HARDENED, ids=[p.stem for p in HARDENED])
def test_hardened_scenario_passes_strict_schema_validation(path: Path, engine: Engine) -> None:
    objects = rendered_objects(path)
    version = resolve_kube_version(kube_version_of(path))
    findings = validate_objects(objects, version, engine=engine_or_skip(engine))
    # Nothing skipped either: every kind the hardened set-ups render has a schema.
    assert findings == []


@pytest.mark.parametrize("engine", ENGINES)
def test_certificates_are_validated_against_the_shipped_schema(engine: Engine) -> None:
    engine_or_skip(engine)
    version = resolve_kube_version(None)
    certificates = [o for o in rendered_objects(CERT_MANAGER) if o["kind"] == "Certificate"]
    assert len(certificates) == 2
    assert validate_objects(certificates, version, engine=engine) == []

    # Proof that they are checked, not skipped: a broken copy of each is rejected.
    for certificate in certificates:
        broken = copy.deepcopy(certificate)
        broken["spec"]["usages"].append("client authentication")  # not a cert-manager usage
        broken["spec"]["sans"] = ["typo"]  # no such field
        findings = validate_objects([broken], version, engine=engine)
        rules = {finding.rule for finding in findings}
        assert rules == {"IB401"}, findings
        name = certificate["metadata"]["name"]
        where = {finding.path: finding.message for finding in findings}
        # An unknown field is reported on the object that holds it.
        assert "sans" in where[f"Certificate/{name}:$.spec"]
        assert f"Certificate/{name}:$.spec.usages[2]" in where


def test_render_validate_manifests_accepts_the_hardened_set_up() -> None:
    from conftest import run_cli

    for path in HARDENED:
        result = run_cli("render", "--validate-manifests", "--strict", str(path))
        assert result.exit_code == 0, (path.name, result.stderr)


# -- mutual TLS ----------------------------------------------------------------------------------

TLS_ARGS = ["--tlscacert", "/certs/ca.crt", "--tlscert", "/certs/tls.crt",
            "--tlskey", "/certs/tls.key"]


@pytest.mark.parametrize("path", HARDENED_TLS, ids=[p.stem for p in HARDENED_TLS])
def test_daemon_gets_the_three_files_from_a_read_only_mount(path: Path) -> None:
    objects = rendered_objects(path)
    spec = pod(objects)["spec"]
    buildkit = container(objects)
    args = buildkit["args"]
    position = args.index("--tlscacert")
    assert args[position:position + 6] == TLS_ARGS

    mounts = [m for m in buildkit["volumeMounts"] if m["name"] == "buildkit-tls"]
    assert mounts == [{"name": "buildkit-tls", "mountPath": "/certs", "readOnly": True}]
    [volume] = [v for v in spec["volumes"] if v["name"] == "buildkit-tls"]
    # Exactly the three keys: a CA's private key in the same Secret never reaches the pod, and
    # a Secret without ca.crt fails the mount instead of starting a daemon without a CA.
    assert volume["secret"]["items"] == [
        {"key": "ca.crt", "path": "ca.crt"},
        {"key": "tls.crt", "path": "tls.crt"},
        {"key": "tls.key", "path": "tls.key"},
    ]
    assert "optional" not in volume["secret"]

    config = one(objects, "ConfigMap", "union-operator-buildkit")["data"]["buildkitd.toml"]
    assert tomllib.loads(config)["grpc"]["tls"] == {
        "cert": "/certs/tls.crt", "key": "/certs/tls.key", "ca": "/certs/ca.crt",
    }


@pytest.mark.parametrize("path", HARDENED, ids=[p.stem for p in HARDENED])
def test_unix_socket_stays_for_the_probes(path: Path) -> None:
    buildkit = container(rendered_objects(path))
    args = buildkit["args"]
    addresses = [args[i + 1] for i, arg in enumerate(args) if arg == "--addr"]
    assert addresses[0].startswith("unix:///run/")
    assert addresses[1] == "tcp://0.0.0.0:1234"
    for probe in ("readinessProbe", "livenessProbe"):
        # An exec probe on the socket: a TCP or gRPC probe would need a client certificate.
        assert buildkit[probe]["exec"]["command"] == ["buildctl", "debug", "workers"]
        assert set(buildkit[probe]) & {"tcpSocket", "grpc", "httpGet"} == set()


def test_server_certificate_covers_every_service_name_exactly() -> None:
    objects = render(
        with_tls(
            fullnameOverride="bk",
            tls={"enabled": True, "certManager": {
                "issuerRef": {"name": "ca"},
                "extraDnsNames": ["buildkit.example.com", "bk.team-a.svc"],
            }},
        ),
        namespace="team-a",
    )
    server = one(objects, "Certificate", "bk-server")
    assert server["spec"]["dnsNames"] == [
        "bk",
        "bk.team-a",
        "bk.team-a.svc",
        "bk.team-a.svc.cluster.local",
        "buildkit.example.com",  # extra SANs follow, a duplicate only once
    ]
    assert server["spec"]["usages"] == ["server auth", "digital signature"]
    assert server["spec"]["secretName"] == "bk-tls"


def test_client_certificate_authenticates_clients_only() -> None:
    objects = rendered_objects(CERT_MANAGER)
    client = one(objects, "Certificate", "union-operator-buildkit-client")
    server = one(objects, "Certificate", "union-operator-buildkit-server")
    assert "client auth" in client["spec"]["usages"]
    assert "server auth" not in client["spec"]["usages"]
    assert "client auth" not in server["spec"]["usages"]
    assert "dnsNames" not in client["spec"]
    # One issuer signs both, so each side's ca.crt verifies the other.
    assert client["spec"]["issuerRef"] == server["spec"]["issuerRef"] == {
        "name": "union-internal-ca", "kind": "ClusterIssuer", "group": "cert-manager.io",
    }


# What Union's build task reads from build-image-config (controlplane chart,
# files/build_image_task.py): these keys, the last of them mounted as a file by name.
BUILD_TASK_KEYS = {"buildkit-uri", "default-repository", "authentication-type", "storage.yaml"}


@pytest.mark.parametrize("path", HARDENED, ids=[p.stem for p in HARDENED])
def test_build_image_config_carries_what_the_build_task_reads_and_nothing_else(path: Path) -> None:
    objects = rendered_objects(path)
    namespace = namespace_of(path)
    data = one(objects, "ConfigMap", "build-image-config")["data"]
    assert set(data) == BUILD_TASK_KEYS
    assert data["buildkit-uri"] == f"tcp://union-operator-buildkit.{namespace}.svc.cluster.local:1234"


def test_existing_secret_renders_no_certificate() -> None:
    objects = rendered_objects(EXISTING_SECRET)
    assert not [o for o in objects if o["kind"] == "Certificate"]
    volume = next(v for v in pod(objects)["spec"]["volumes"] if v["name"] == "buildkit-tls")
    assert volume["secret"]["secretName"] == "buildkitd-server-tls"


def test_without_tls_nothing_of_it_is_rendered() -> None:
    objects = render({"imageBuilder": {}})
    buildkit = container(objects)
    assert not set(buildkit["args"]) & set(TLS_ARGS)
    assert all(m["name"] != "buildkit-tls" for m in buildkit["volumeMounts"])
    data = one(objects, "ConfigMap", "build-image-config")["data"]
    assert not [key for key in data if key.startswith("buildkit-tls")]
    config = one(objects, "ConfigMap", "union-operator-buildkit")["data"]["buildkitd.toml"]
    assert "grpc" not in tomllib.loads(config)


# -- NetworkPolicy -------------------------------------------------------------------------------


def test_network_policy_ingress_is_port_1234_from_release_and_build_namespaces() -> None:
    objects = rendered_objects(CERT_MANAGER)
    policy = one(objects, "NetworkPolicy")["spec"]
    assert policy["podSelector"] == {"matchLabels": {
        "app.kubernetes.io/name": "imagebuilder-buildkit", "app.kubernetes.io/instance": "union",
    }}
    assert policy["ingress"] == [{
        "from": [
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "union"}}},
            {"namespaceSelector": {"matchLabels": {"union.ai/namespace-type": "flyte"}}},
        ],
        "ports": [{"protocol": "TCP", "port": 1234}],
    }]


def test_network_policy_egress_is_dns_and_web_without_cloud_metadata() -> None:
    policy = one(rendered_objects(CERT_MANAGER), "NetworkPolicy")["spec"]
    dns, web = policy["egress"]
    assert dns == {
        "to": [
            {"namespaceSelector": {}, "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}},
            {"ipBlock": {"cidr": "169.254.20.10/32"}},  # NodeLocal DNSCache
            {"ipBlock": {"cidr": "169.254.169.254/32"}},  # GKE Cloud DNS, port 53 only
        ],
        "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
    }
    assert web == {
        "to": [
            {"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}},
            {"ipBlock": {"cidr": "::/0", "except": ["fd00:ec2::254/128", "fd20:ce::254/128"]}},
        ],
        "ports": [{"protocol": "TCP", "port": 443}, {"protocol": "TCP", "port": 80}],
    }


def test_network_policy_ingress_selectors_can_be_replaced() -> None:
    policy = one(rendered_objects(EXISTING_SECRET), "NetworkPolicy")["spec"]
    assert policy["ingress"][0]["from"] == [{
        "namespaceSelector": {"matchLabels": {"union.ai/namespace-type": "flyte"}},
        "podSelector": {"matchLabels": {"app": "build-image"}},
    }]
    web = policy["egress"][1]["to"]
    # Neither allowed range contains the metadata address, so no `except` (the API rejects an
    # except outside its cidr).
    assert web == [{"ipBlock": {"cidr": "10.40.0.0/16"}}, {"ipBlock": {"cidr": "199.36.153.8/30"}}]


def test_egress_can_be_dns_only() -> None:
    objects = render({"imageBuilder": {"buildkit": {"networkPolicy": {
        "enabled": True, "egress": {"enabled": True, "allowedCIDRs": []},
    }}}})
    policy = one(objects, "NetworkPolicy")["spec"]
    assert policy["policyTypes"] == ["Ingress", "Egress"]
    assert len(policy["egress"]) == 1
    assert policy["egress"][0]["ports"][0] == {"protocol": "UDP", "port": 53}


# -- service account token, restarts --------------------------------------------------------------


def test_service_account_token_is_mounted_only_when_asked() -> None:
    for path in HARDENED:
        assert pod(rendered_objects(path))["spec"]["automountServiceAccountToken"] is False
    asked = render({"imageBuilder": {"buildkit": {"serviceAccount": {"automountToken": True}}}})
    assert pod(asked)["spec"]["automountServiceAccountToken"] is True


def test_checksum_is_the_rendered_buildkitd_toml() -> None:
    """Pods roll when buildkitd.toml changes (turning TLS on or off included); a rotated
    certificate in the same Secret changes nothing chartgen renders, so it needs a restart."""
    for path in HARDENED:
        objects = rendered_objects(path)
        config = one(objects, "ConfigMap", "union-operator-buildkit")["data"]["buildkitd.toml"]
        annotations = pod(objects)["metadata"]["annotations"]
        assert annotations["checksum/config"] == hashlib.sha256(config.encode()).hexdigest()

    def checksum(data: dict[str, Any]) -> str:
        value: str = pod(render(data))["metadata"]["annotations"]["checksum/config"]
        return value

    plain = checksum({"imageBuilder": {}})
    mutual = checksum(with_tls())
    assert plain != mutual
    # The Secret's name is in the pod spec, not in buildkitd.toml: a new name rolls the pods
    # through the spec change; the checksum (of the file) stays.
    renamed = {"imageBuilder": {"buildkit": {"tls": {"enabled": True, "existingSecret": "b"}}}}
    assert checksum(renamed) == checksum(
        {"imageBuilder": {"buildkit": {"tls": {"enabled": True, "existingSecret": "a"}}}}
    )
