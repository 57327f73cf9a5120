"""Render safety: no value can become YAML structure, another type, or a template.

The property: put hostile strings (colons, `#`, quotes, newlines, `{{ }}`, leading `*&!%@`,
`yes`/`null`/`1e3`, unicode, control characters) into every free-text field that reaches an object,
render, parse the output back — and find every string exactly where it was put.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from chartgen.buildkit.buildkitd_toml import render_buildkitd_toml
from chartgen.model import Values, build_model
from chartgen.render import RenderOptions, dump_yaml, render_objects
from chartgen.render.yamltext import block, is_plain_safe, scalar

SPECIALS = [
    ":", "a: b", "a:b", "#", "a #b", "# c", "- x", "-", "--", "---", "...", "? x", "|", ">", "=",
    "<<", "*a", "&a", "!a", "!!str x", "%a", "@a", "`a", "'", '"', "\\", "\\n", "{", "}", "[a]",
    "{a: b}", "{{ .Values.x }}", "{{", "}}", "{%- x %}", "yes", "Yes", "no", "on", "off", "y", "n",
    "true", "False", "null", "Null", "~", "", " ", "  ", "1", "-1", "1e3", "1E3", "0x1F", "0o17",
    "017", "1_000", ".5", "1.", ".inf", "-.Inf", ".nan", "2024-01-01", "2001-12-14t21:59:43-05:00",
    "1:20", "12:30:00", "\n", "a\n", "\na", "a\nb", "a\n\nb\n", "a\n\n", " a\nb", "a \nb", "\t",
    "a\tb", "\r", "\r\n", "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u00a0", "\u2028", "\u2029",
    "\ufeff", "\ufffe", "é", "日本語", "😀", "e\u0301", "<no value>", "%2F", "$HOME", "${X}",
]

free_text = st.one_of(
    st.sampled_from(SPECIALS),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=24),
    st.lists(st.sampled_from(SPECIALS), min_size=2, max_size=4).map("".join),
)
non_empty = free_text.filter(bool)
small_map = st.dictionaries(free_text, free_text, max_size=3)


def _parse_all(text: str) -> list[dict[str, Any]]:
    return [doc for doc in YAML(typ="safe").load_all(text) if doc is not None]


def _by_kind(objects: list[dict[str, Any]], kind: str, name: str | None = None) -> dict[str, Any]:
    matches = [
        o for o in objects if o["kind"] == kind and (name is None or o["metadata"]["name"] == name)
    ]
    assert len(matches) == 1, (kind, name, [o["kind"] for o in objects])
    return matches[0]


@st.composite
def hostile_values(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "additionalServiceAccountAnnotations": draw(small_map),
        "storage": {
            "provider": "compat",
            "bucketName": draw(free_text),
            "endpoint": draw(free_text),
            "region": draw(free_text),
            "accessKey": draw(free_text),
            "secretKey": draw(free_text),
        },
        "imageBuilder": {
            "buildkitUri": draw(free_text),
            "defaultRepository": draw(free_text),
            "registryName": draw(free_text),
            "basicAuth": {"username": draw(free_text)},
            "buildkit": {
                "image": {"repository": draw(non_empty), "tag": draw(non_empty)},
                "podAnnotations": draw(small_map),
                "nodeSelector": draw(small_map),
                "podEnv": [{"name": draw(non_empty), "value": draw(free_text)}],
                "tolerations": [
                    {"key": draw(free_text), "operator": "Equal", "value": draw(free_text),
                     "effect": "NoSchedule"}
                ],
                "additionalVolumes": [{"name": "extra", "configMap": {"name": draw(free_text)}}],
                "additionalVolumeMounts": [
                    {"name": "extra", "mountPath": "/" + draw(free_text)}
                ],
                "securityContext": {
                    "privileged": True,
                    "seLinuxOptions": {"user": draw(free_text), "type": draw(free_text)},
                },
                "extraConfig": draw(free_text),
                "serviceAccount": {
                    "forceDedicated": True,
                    "annotations": draw(small_map),
                    "imagePullSecret": draw(free_text),
                },
                "service": {
                    "annotations": draw(small_map),
                    "loadbalancerIp": draw(free_text),
                },
                "tls": {
                    "enabled": True,
                    "certManager": {
                        "issuerRef": {"name": draw(non_empty)},
                        "extraDnsNames": [draw(free_text)],
                    },
                },
                "networkPolicy": {
                    "enabled": True,
                    "ingressFrom": [{"podSelector": {"matchLabels": draw(small_map)}}],
                },
            },
        },
    }


def check_carried(values: Values, objects: list[dict[str, Any]]) -> None:
    """Every free-text value is found, unchanged, where it belongs."""
    ib, b = values.imageBuilder, values.buildkit
    config = _by_kind(objects, "ConfigMap", ib.targetConfigMapName)["data"]
    expected_uri = ib.buildkitUri or values.buildkit_uri("union")
    assert config["buildkit-uri"] == expected_uri
    assert config["default-repository"] == (ib.defaultRepository or ib.registryName)
    storage = YAML(typ="safe").load(config["storage.yaml"])["storage"]
    assert values.storage is not None
    assert storage["container"] == values.storage.bucketName
    s3 = storage["stow"]["config"]
    assert (s3["endpoint"], s3["region"]) == (values.storage.endpoint, values.storage.region)
    assert (s3["access_key_id"], s3["secret_key"]) == (
        values.storage.accessKey, values.storage.secretKey)

    toml = _by_kind(objects, "ConfigMap", values.fullname)["data"]["buildkitd.toml"]
    assert toml == render_buildkitd_toml(values)

    deployment = _by_kind(objects, "Deployment")
    pod = deployment["spec"]["template"]
    for key, value in b.podAnnotations.items():
        assert pod["metadata"]["annotations"][key] == value
    spec = pod["spec"]
    container = spec["containers"][0]
    assert container["image"] == f"{b.image.repository}:{b.image.tag}"
    assert container["env"][-len(b.podEnv):] == b.podEnv
    assert container["securityContext"]["seLinuxOptions"] == b.securityContext["seLinuxOptions"]
    assert container["volumeMounts"][-1] == b.additionalVolumeMounts[-1]
    assert spec["volumes"][-1] == b.additionalVolumes[-1]
    assert spec.get("nodeSelector", {}) == b.nodeSelector
    assert spec["tolerations"] == b.tolerations

    service = _by_kind(objects, "Service")
    assert service["metadata"].get("annotations", {}) == b.service.annotations
    assert service["spec"].get("loadBalancerIP", "") == b.service.loadbalancerIp

    account = _by_kind(objects, "ServiceAccount")
    assert account["metadata"].get("annotations", {}) == values.service_account_annotations
    pull_secrets = account.get("imagePullSecrets", [])
    assert [s["name"] for s in pull_secrets] == [p for p in [b.serviceAccount.imagePullSecret] if p]

    server = _by_kind(objects, "Certificate", f"{values.fullname}-server")
    assert server["spec"]["issuerRef"]["name"] == b.tls.certManager.issuerRef.name
    extra = b.tls.certManager.extraDnsNames[0]
    assert server["spec"]["dnsNames"][-1] == extra

    policy = _by_kind(objects, "NetworkPolicy")
    assert policy["spec"]["ingress"][0]["from"] == b.networkPolicy.ingressFrom


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_values())
def test_every_string_survives_render_and_parse(data: dict[str, Any]) -> None:
    values = build_model(data)
    rendered = render_objects(values, RenderOptions())
    objects = _parse_all(dump_yaml(rendered))
    assert objects == rendered.objects
    check_carried(values, objects)


@settings(max_examples=500, deadline=None)
@given(st.recursive(
    st.one_of(free_text, st.integers(), st.booleans(), st.none(),
              st.floats(allow_nan=False, allow_infinity=False)),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(free_text, children, max_size=3)),
    max_leaves=15,
), st.integers(min_value=0, max_value=8))
def test_block_yaml_round_trips(value: Any, indent: int) -> None:
    text = "root:\n" + block(value, indent + 2) + "\n"
    assert YAML(typ="safe").load(text) == {"root": value}


@given(free_text, st.integers(min_value=2, max_value=10))
@settings(max_examples=500, deadline=None)
def test_scalar_round_trips_in_block_position(text: str, indent: int) -> None:
    source = "key: " + scalar(text, indent) + "\n"
    assert YAML(typ="safe").load(source) == {"key": text}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("union-operator-buildkit", "union-operator-buildkit"),
        ("app.kubernetes.io/name", "app.kubernetes.io/name"),
        ("/etc/buildkit", "/etc/buildkit"),
        ("yes", '"yes"'),
        ("NULL", '"NULL"'),
        ("1234", '"1234"'),
        ("4Gi", '"4Gi"'),
        ("1e3", '"1e3"'),
        ("a: b", '"a: b"'),
        ("{{ .Values.x }}", '"{{ .Values.x }}"'),
        ("*alias", '"*alias"'),
        ("line\nbreak", '"line\\nbreak"'),
        ("tab\there", '"tab\\there"'),
        ("nel\x85", '"nel\\x85"'),
        ("ls\u2028", '"ls\\u2028"'),
        ("bom\ufeff", '"bom\\uFEFF"'),
        ("é", '"é"'),
        (True, "true"),
        (None, "null"),
        (4, "4"),
        (0.5, "0.5"),
    ],
)
def test_scalar_quoting(value: Any, expected: str) -> None:
    assert scalar(value) == expected


def test_plain_alphabet_excludes_yaml11_words() -> None:
    for word in ("y", "N", "On", "OFF", "True", "null"):
        assert not is_plain_safe(word)
    assert is_plain_safe("Recreate")


def test_multiline_string_becomes_a_literal_block_only_when_lossless() -> None:
    assert scalar("a\nb\n", 4) == "|\n    a\n    b"
    assert scalar("a\nb", 4) == "|-\n    a\n    b"
    assert scalar(" lead\nb\n", 4).startswith('"')  # would need an indentation indicator
    assert scalar("a\n\n", 4).startswith('"')  # several trailing newlines
    assert scalar("a \nb\n", 4).startswith('"')  # trailing space
    assert scalar("a\nb\n") == '"a\\nb\\n"'  # no indent given: never a block


def test_long_keys_use_the_explicit_form() -> None:
    key = "k" * 2000
    text = "root:\n" + block({key: "v", "short": {"a": 1}}, 2) + "\n"
    assert YAML(typ="safe").load(text) == {"root": {key: "v", "short": {"a": 1}}}
