"""Hundreds of generated valid value sets: Helm's rendering of the chart equals `chartgen render`.

The strategy is built from the values contract: booleans, enums, integers in range, names,
hostile free text (YAML specials, control characters, `<no value>`, unicode) wherever free text
reaches an object or storage.yaml, lists of tolerations / env / volumes / peers, and the
combinations the rules constrain (replicas / autoscaling / PDB, rootless / OpenShift, TLS /
exposed services, NetworkPolicy egress CIDRs, storage providers with `{{ .Values.x }}`
look-ups). Value sets `chartgen validate` refuses are discarded (`assume`), so only valid values
are compared. The chart is written once, from the contract's defaults; every value set is
passed to it as extra values, as `helm install -f` would.

The SDK renders in process (200 examples, at the SDK's Kubernetes version); the `helm` binary
renders a smaller sample at random Kubernetes versions (both sides of the AppArmor switch).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chart_harness import (
    assert_same_objects,
    helm_template,
    sdk_kube_version,
    sdk_render,
    write_chart,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chartgen.kube import parse_kube_version
from chartgen.render import RenderOptions, render_objects
from chartgen.render.yamltext import block
from chartgen.validate import validate_sources
from chartgen.values.loader import ValueSources

# Strings that break naive YAML writers, Helm's toYaml, or Helm's engine (which deletes the text
# "<no value>" from template output).
SPECIALS = [
    ":", "a: b", "#", "a #b", "- x", "-", "---", "? x", "|", ">", "=", "<<", "*a", "&a", "!a",
    "%a", "@a", "'", '"', "\\", "{", "}", "[a]", "{a: b}", "{{ .Values.x }}", "}}", "yes", "no",
    "on", "off", "y", "n", "true", "False", "null", "~", "", " ", "1", "-1", "1e3", "0x1F",
    "0o17", "017", "1_000", ".5", ".inf", ".nan", "2024-01-01", "12:30:00", "\n", "a\n", "\na",
    "a\nb", "a\n\nb\n", " a\nb", "a \nb", "\t", "a\tb", "\r\n", "\x00", "\x1b[31m", "\x7f",
    "\x85", "x\x85y", "\u00a0", "\u2028", "\ufeff", "\ufffe", "é", "日本語", "😀", "<no value>",
    "a <no value> b", "line\n<no value>\n", "$HOME", "${X}", "%2F",
]
SAFE = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)
DNS_LABEL = st.from_regex(r"[a-z]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
TEXT = st.one_of(
    st.sampled_from(SPECIALS),
    SAFE,
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    st.lists(st.sampled_from(SPECIALS), min_size=2, max_size=3).map("".join),
)
# Strings under `storage` and `defaultRepository` go through Helm's `tpl`: no template syntax.
TPL_SAFE_TEXT = TEXT.filter(lambda s: "{{" not in s and "}}" not in s)
# Label and annotation keys are Kubernetes qualified names (chartgen refuses others, IB250);
# label values have their own grammar. Annotation values stay free text.
QUALIFIED_NAME = st.one_of(
    st.sampled_from(["acme.io/team", "note", "a.b/c-d", "x_y", "A.B_c-1"]),
    st.from_regex(r"([a-z0-9]{1,8}(\.[a-z0-9]{1,8}){0,2}/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}"
                  r"[A-Za-z0-9])?", fullmatch=True),
)
LABEL_VALUE = st.one_of(
    st.just(""), st.from_regex(r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,12}[A-Za-z0-9])?", fullmatch=True))
ANNOTATIONS = st.dictionaries(QUALIFIED_NAME, TEXT, max_size=3)

EXTRA_CONFIG = [
    "",
    '[registry."docker.io"]\n  mirrors = ["mirror.gcr.io"]\n',
    'root = "/var/lib/buildkit"',
    "# only a comment\n\n\n",
    '[registry."r.acme.internal"]\r\n  http = true\r\n   \t\r\n',
    "# <no value> in a comment, trailing spaces   \n",
    '# unicode: Ä 日本 \u00a0\u2003\n[history]\n  maxAge = 3600\n',
    "\n\n# leading blank lines\n",
    # Not TOML line breaks: the comment runs on, nothing after the separator is live.
    "# note\u2028[worker.oci] \x85 \u2029 x = 1\n[registry.\"r.io\"]\n  http = true\n",
]
CIDRS = ["0.0.0.0/0", "10.0.0.0/8", "169.254.0.0/16", "169.254.169.254/32", "169.254.169.0/24",
         "192.168.1.7/24", "169.254.169.254", "::/0", "10.20.0.0/16", "0.0.0.0/08",
         "fd00::/8", "fd00:ec2::/32", "FD00:EC2::254/128", "fd00:ec2::254/127", "fd20:c0::/26",
         "fd20:ce::254/120", "2001:db8::/32", "::/000", "1::2::3/64", "fd00::/129",
         "10.0.0.0/255.0.0.0", "::ffff:169.254.169.254/96"]
PORTS = [[], [{"protocol": "TCP", "port": 443}], [{"port": 8443}, {"protocol": "UDP", "port": 53}],
         [{"protocol": "TCP", "port": 5000, "endPort": 5010}], [{"protocol": "TCP", "port": "https"}]]
DNS_PEERS = [[], [{"ipBlock": {"cidr": "10.96.0.10/32"}}],
             [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "dns"}}}]]


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        target[key] = value


@st.composite
def buildkit_values(draw: st.DrawFn, tls_on: bool) -> dict[str, Any]:
    b: dict[str, Any] = {}
    rootless = draw(st.booleans())
    b["rootless"] = rootless
    put(b, "hostUsers", draw(optional(st.booleans())))
    put(b, "fullnameOverride", draw(optional(DNS_LABEL)))
    put(b, "deploymentStrategy", draw(optional(st.sampled_from(["Recreate", "RollingUpdate"]))))
    replicas = draw(st.integers(1, 4))
    b["replicaCount"] = replicas
    autoscaling: dict[str, Any] = {"enabled": draw(st.booleans())}
    low = draw(st.integers(1, 3))
    autoscaling["minReplicas"] = low
    autoscaling["maxReplicas"] = draw(st.integers(low, 6))
    put(autoscaling, "targetCPUUtilizationPercentage", draw(optional(st.integers(1, 100))))
    put(autoscaling, "targetMemoryUtilizationPercentage", draw(optional(st.integers(1, 100))))
    b["autoscaling"] = autoscaling
    running = low if autoscaling["enabled"] else replicas
    b["pdb"] = {"minAvailable": draw(st.one_of(
        st.integers(0, max(running - 1, 0)), st.sampled_from(["0%", "50%", "99%"])))}
    b["image"] = {
        "repository": draw(st.sampled_from(["docker.io/moby/buildkit", "mirror.acme/buildkit"])),
        "tag": draw(st.sampled_from(["v0.32.2", "v0.33.0", "v0.32.2-rootless"])),
        "pullPolicy": draw(st.sampled_from(["Always", "IfNotPresent", "Never"])),
    }
    if rootless:
        b["securityContext"] = draw(st.sampled_from([
            {},
            {"runAsUser": 1000, "runAsNonRoot": True, "seccompProfile": {"type": "Unconfined"}},
            {"appArmorProfile": {"type": "RuntimeDefault"}, "runAsGroup": 1000},
        ]))
    else:
        b["securityContext"] = draw(st.one_of(
            st.just({}), TEXT.map(lambda t: {"privileged": True, "seLinuxOptions": {"type": t}})))
    if rootless and draw(st.booleans()):
        scc = draw(st.sampled_from([
            {}, {"create": False, "existingName": "buildkit-rootless"},
            {"name": "imagebuilder-scc", "pinRequiredSCC": False},
        ]))
        b["openShift"] = {"enabled": True, "securityContextConstraints": scc}
    b["serviceAccount"] = {
        "create": draw(st.booleans()),
        "name": draw(DNS_LABEL),
        "forceDedicated": draw(st.booleans()) or "openShift" in b,
        "annotations": draw(ANNOTATIONS),
        "imagePullSecret": draw(st.one_of(st.just(""), DNS_LABEL)),
        "automountToken": draw(st.booleans()),
    }
    b["log"] = {"debug": draw(st.booleans()), "format": draw(st.sampled_from(["text", "json"]))}
    b["oci"] = {"maxParallelism": draw(st.integers(0, 64))}
    b["extraConfig"] = draw(st.sampled_from(EXTRA_CONFIG))
    if draw(st.booleans()):
        b["gc"] = {"maxUsedSpace": draw(st.sampled_from(["80%", "40GB", "1GiB", "100%", "5"])),
                   "reservedSpace": draw(st.sampled_from(["10%", "0%", "2GB", "512Mi"]))}
    b["podAnnotations"] = draw(ANNOTATIONS)
    service_types = ["ClusterIP", "NodePort", "LoadBalancer"] if tls_on else ["ClusterIP"]
    b["service"] = {
        "type": draw(st.sampled_from(service_types)),
        "port": draw(st.integers(1, 65535)),
        "loadbalancerIp": draw(st.one_of(st.just(""), TEXT)),
        "annotations": draw(ANNOTATIONS),
    }
    b["resources"] = draw(st.sampled_from([
        {}, {"requests": {"cpu": "500m", "memory": "2Gi"}},
        {"requests": {"cpu": 2, "memory": "4Gi"},
         "limits": {"cpu": 0.5, "ephemeral-storage": "1e3"}},
    ]))
    b["nodeSelector"] = draw(st.dictionaries(QUALIFIED_NAME, LABEL_VALUE, max_size=2))
    # A toleration's value is a label value, and empty with operator Exists.
    b["tolerations"] = draw(st.lists(st.one_of(
        st.fixed_dictionaries(
            {"key": QUALIFIED_NAME, "operator": st.just("Exists")},
            optional={"effect": st.sampled_from(["", "NoSchedule", "NoExecute"]),
                      "tolerationSeconds": st.integers(0, 2**31)}),
        st.fixed_dictionaries(
            {"key": QUALIFIED_NAME, "operator": st.just("Equal")},
            optional={"value": LABEL_VALUE,
                      "effect": st.sampled_from(["", "NoSchedule", "NoExecute"]),
                      "tolerationSeconds": st.integers(0, 2**31)}),
    ), max_size=2))
    volumes = draw(st.lists(DNS_LABEL, max_size=2, unique=True))
    b["additionalVolumes"] = [
        {"name": name, "configMap": {"name": draw(TEXT)}} if draw(st.booleans())
        else {"name": name, "emptyDir": {}} for name in volumes
    ]
    b["additionalVolumeMounts"] = [
        {"name": name, "mountPath": "/" + draw(TEXT), "readOnly": draw(st.booleans())}
        for name in volumes
    ]
    b["podEnv"] = draw(st.lists(st.one_of(
        st.fixed_dictionaries({"name": TEXT.filter(bool), "value": TEXT}),
        st.fixed_dictionaries({"name": SAFE, "valueFrom": st.just(
            {"fieldRef": {"fieldPath": "spec.nodeName"}})}),
    ), max_size=2))
    tls: dict[str, Any] = {"enabled": tls_on}
    if tls_on:
        # Without the statement, TLS on the buildkitd Union's build task uses is refused (IB320).
        tls["clientsPresentCertificates"] = draw(st.sampled_from([True, True, True, False]))
        if draw(st.booleans()):
            tls["existingSecret"] = draw(DNS_LABEL)
        else:
            tls["certManager"] = {
                "issuerRef": {"name": draw(DNS_LABEL),
                              "kind": draw(st.sampled_from(["Issuer", "ClusterIssuer"]))},
                "duration": draw(st.sampled_from(["2160h", "720h30m"])),
                "extraDnsNames": draw(st.lists(TEXT, max_size=2)),
            }
        put(tls, "clientSecretName", draw(optional(DNS_LABEL)))
    b["tls"] = tls
    if draw(st.booleans()):
        peers = draw(st.sampled_from([
            [], [{"namespaceSelector": {"matchLabels": {"team": "builds"}}}],
            [{"podSelector": {"matchLabels": {"app": "x_y.Z-1"}}},  # a label value (IB250)
             {"ipBlock": {"cidr": "10.0.0.0/8"}}],
        ]))
        b["networkPolicy"] = {
            "enabled": True,
            "ingressFrom": peers,
            "egress": {
                "enabled": draw(st.booleans()),
                "allowDNS": draw(st.booleans()),
                "dns": {"to": draw(st.sampled_from(DNS_PEERS)),
                        "ports": draw(st.sampled_from(PORTS))},
                "ports": draw(st.sampled_from(PORTS)),
                "denyCloudMetadata": draw(st.booleans()),
                "allowedCIDRs": draw(st.lists(st.sampled_from(CIDRS), max_size=4)),
            },
        }
    b["probes"] = {
        "readiness": {"initialDelaySeconds": draw(st.integers(0, 30)),
                      "timeoutSeconds": draw(st.integers(1, 60))},
        "liveness": {"periodSeconds": draw(st.integers(1, 60)),
                     "failureThreshold": draw(st.integers(1, 10))},
    }
    return b


@st.composite
def storage_values(draw: st.DrawFn) -> dict[str, Any]:
    storage: dict[str, Any] = {}
    provider = draw(optional(st.sampled_from(["compat", "oci", "aws", "gcs", "custom"])))
    put(storage, "provider", provider)
    put(storage, "region", draw(optional(st.one_of(
        st.sampled_from(["us-east-1", "eu-west-1", "cn-north-1", "europe-west4"]),
        TPL_SAFE_TEXT))))
    put(storage, "bucketName", draw(optional(st.one_of(
        TPL_SAFE_TEXT, st.just("{{ .Values.global.METADATA_BUCKET }}")))))
    for key in ("endpoint", "accessKey", "secretKey", "fastRegistrationURL"):
        put(storage, key, draw(optional(TPL_SAFE_TEXT)))
    put(storage, "authType", draw(optional(st.sampled_from(["iam", "accesskey"]))))
    put(storage, "disableSSL", draw(optional(st.booleans())))
    put(storage, "enableMultiContainer", draw(optional(st.booleans())))
    if draw(st.booleans()):
        storage["credentialsSecretRef"] = {"name": draw(DNS_LABEL)}
    if draw(st.booleans()):
        storage["gcp"] = {"projectId": draw(st.one_of(SAFE, TPL_SAFE_TEXT))}
    if draw(st.booleans()):
        storage["limits"] = {"maxDownloadMBs": draw(st.integers(0, 10**6))}
    if draw(st.booleans()):
        cache: dict[str, Any] = {}
        put(cache, "maxSizeMBs", draw(optional(st.integers(0, 4096))))
        put(cache, "targetGCPercent", draw(optional(st.integers(0, 100))))
        storage["cache"] = cache
    if provider == "custom" or draw(st.booleans()):
        leaf = st.one_of(TPL_SAFE_TEXT, st.integers(-(2**31), 2**31), st.booleans())
        storage["custom"] = draw(st.recursive(
            st.dictionaries(st.one_of(SAFE, TPL_SAFE_TEXT, st.sampled_from(
                ["container", "limits", "type"])), leaf, max_size=3),
            lambda children: st.one_of(
                st.dictionaries(st.one_of(SAFE, TPL_SAFE_TEXT), children, max_size=3),
                st.lists(children, max_size=2)),
            max_leaves=8,
        ).filter(lambda v: isinstance(v, dict)))
    return storage


@st.composite
def value_sets(draw: st.DrawFn) -> dict[str, Any]:
    values: dict[str, Any] = {}
    auth = draw(st.sampled_from(["noop", "google", "aws", "azure", "basic"]))
    repositories = {
        "aws": ["", "123456789012.dkr.ecr.us-east-1.amazonaws.com/union"],
        "google": ["", "europe-west4-docker.pkg.dev/acme-prod/union"],
        "azure": ["", "acmeunion.azurecr.io"],
        "noop": ["", "registry.acme.internal/union"],
        "basic": ["", "registry.acme.internal/union"],
    }
    tls_on = draw(st.booleans())
    buildkit = draw(buildkit_values(tls_on))
    buildkit["enabled"] = draw(st.sampled_from([True, True, True, False]))
    ib: dict[str, Any] = {
        "enabled": draw(st.sampled_from([True] * 9 + [False])),
        "authenticationType": auth,
        "defaultRepository": draw(st.sampled_from(repositories[auth])),
        "registryName": draw(st.sampled_from(["union-dataplane", "acmeunion", "builds"])),
        "buildkit": buildkit,
    }
    if not buildkit["enabled"] or draw(st.booleans()):
        ib["buildkitUri"] = draw(st.sampled_from(
            ["tcp://buildkitd.shared.svc.cluster.local:1234", "unix:///run/buildkit/buildkitd.sock"]))
    put(ib, "targetConfigMapName", draw(optional(st.sampled_from(
        ["build-image-config", "build-image-config-v2"]))))
    if auth == "basic":
        ib["basicAuth"] = {"username": draw(TEXT), "passwordSecretName": draw(DNS_LABEL)}
    values["imageBuilder"] = ib
    # The top-level provider derives the registry for gcp and azure (the reference's order).
    put(values, "provider", draw(optional(st.sampled_from(
        [{"google": "gcp"}.get(auth, auth), "aws", "gcp", "azure"]))))
    put(values, "low_privilege", draw(optional(st.booleans())))
    if draw(st.booleans()):
        values["namespaces"] = {"enabled": draw(st.booleans())}
    if draw(st.booleans()):
        values["commonServiceAccount"] = {"enabled": draw(st.booleans()), "name": draw(DNS_LABEL)}
    if draw(st.booleans()):
        values["additionalServiceAccountAnnotations"] = draw(ANNOTATIONS)
    values["global"] = {"METADATA_BUCKET": draw(TPL_SAFE_TEXT)}
    if draw(st.booleans()):
        values["global"]["AWS_ACCOUNT_ID"] = draw(st.sampled_from(["123456789012", "012345678901"]))
    if draw(st.booleans()):
        values["storage"] = draw(storage_values())
    return values


@st.composite
def render_settings(draw: st.DrawFn) -> tuple[str, str, list[str]]:
    release = draw(st.sampled_from(["builds", "union", "ib-1"]))
    namespace = draw(st.sampled_from(["union", "builders"]))
    targets = draw(st.lists(st.sampled_from(["team-a", "team-b", "union"]), max_size=2))
    return release, namespace, targets


def chartgen_objects(values: dict[str, Any], release: str, namespace: str, targets: list[str],
                     kube_version: str) -> dict[Any, dict[str, Any]] | None:
    """`chartgen render` of the values, or None when chartgen refuses them."""
    text = (block(values, 0) + "\n").encode("utf-8")
    validation = validate_sources(ValueSources(files=["-"]), stdin=lambda: text)
    if not validation.ok or validation.values is None:
        return None
    options = RenderOptions(release, namespace, parse_kube_version(kube_version), targets)
    rendered = render_objects(validation.values, options)
    objects = {}
    for obj in rendered.objects:
        metadata = obj["metadata"]
        objects[(obj["kind"], str(metadata.get("namespace", "")), metadata["name"])] = obj
    return objects


@pytest.fixture(scope="module")
def defaults_chart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_chart(tmp_path_factory.mktemp("generated") / "imagebuilder")


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(values=value_sets(), where=render_settings())
def test_sdk_render_equals_chartgen_render(
    values: dict[str, Any], where: tuple[str, str, list[str]], defaults_chart: Path
) -> None:
    release, namespace, targets = where
    expected = chartgen_objects(values, release, namespace, targets, sdk_kube_version())
    assume(expected is not None)
    assert expected is not None
    helm = sdk_render(defaults_chart, {**values, "targetNamespaces": targets},
                      namespace=namespace, release=release)
    assert_same_objects(helm, expected)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(values=value_sets(), where=render_settings(),
       kube=st.sampled_from(["1.23.0", "1.29.4", "1.30.0", "1.35.0"]))
def test_helm_template_equals_chartgen_render(
    values: dict[str, Any], where: tuple[str, str, list[str]], kube: str,
    defaults_chart: Path, tmp_path_factory: pytest.TempPathFactory,
) -> None:
    release, namespace, targets = where
    expected = chartgen_objects(values, release, namespace, targets, kube)
    assume(expected is not None)
    assert expected is not None
    more = tmp_path_factory.mktemp("more") / "values.yaml"
    more.write_text(block({**values, "targetNamespaces": targets}, 0) + "\n", encoding="utf-8")
    helm = helm_template(defaults_chart, "-f", str(more), namespace=namespace,
                         kube_version=kube, release=release)
    assert_same_objects(helm, expected)


def test_the_strategy_reaches_the_interesting_objects() -> None:
    """Guard against a strategy that only ever produces the defaults: a fixed-seed sample of
    valid value sets renders every optional kind of object."""
    from hypothesis import Phase, seed

    seen: set[str] = set()

    # 160: with the rules of issues 9, 10, 11 and 17 more generated sets are (rightly) refused,
    # and 80 no longer reach a valid OpenShift set.
    @seed(20261127)
    @settings(max_examples=160, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(value_sets())
    def collect(values: dict[str, Any]) -> None:
        objects = chartgen_objects(values, "builds", "union", [], "1.35.0") or {}
        seen.update(key[0] for key in objects)

    collect()
    assert {"Certificate", "NetworkPolicy", "HorizontalPodAutoscaler", "PodDisruptionBudget",
            "SecurityContextConstraints", "ServiceAccount", "Role"} <= seen
