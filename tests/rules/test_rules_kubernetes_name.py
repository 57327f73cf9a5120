"""Kubernetes names: each validator of chartgen/names.py, IB250 on the values, IB420 on the
rendered objects, the command-line names, and int32 bounds."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from rule_harness import assert_rule, findings_of

from chartgen.names import (
    DNS1035_LABEL,
    DNS1123_LABEL,
    DNS1123_SUBDOMAIN,
    IMAGE_TAG,
    LABEL_VALUE,
    PATH_SEGMENT,
    QUALIFIED_NAME,
    NameKind,
    object_findings,
    problem,
)

P = pytest.param

VALID: list[tuple[NameKind, str]] = [
    (DNS1123_LABEL, "a"), (DNS1123_LABEL, "union-1"), (DNS1123_LABEL, "a" * 63),
    (DNS1123_SUBDOMAIN, "a.b-c.d"), (DNS1123_SUBDOMAIN, ".".join(["a" * 63] * 4)[:253]),
    (DNS1035_LABEL, "buildkit"), (DNS1035_LABEL, "b" + "1" * 62),
    (QUALIFIED_NAME, "a"), (QUALIFIED_NAME, "A.b_c-D"), (QUALIFIED_NAME, "acme.io/team"),
    (QUALIFIED_NAME, "x" * 253 + "/" + "y" * 63), (QUALIFIED_NAME, "k8s.io/A_b"),
    (LABEL_VALUE, ""), (LABEL_VALUE, "v1.2_3-x"), (LABEL_VALUE, "Z" * 63),
    (PATH_SEGMENT, "buildkit-rootless"), (PATH_SEGMENT, "a b"),
    (IMAGE_TAG, "v0.32.2"), (IMAGE_TAG, "_x"), (IMAGE_TAG, "t" * 128),
    (IMAGE_TAG, "v0.32.2@sha256:" + "a" * 64),
]
INVALID: list[tuple[NameKind, str, str]] = [
    (DNS1123_LABEL, "", "empty"),
    (DNS1123_LABEL, "union\n", "not a DNS-1123 label"),
    (DNS1123_LABEL, "Union", "not a DNS-1123 label"),
    (DNS1123_LABEL, "a" * 64, "64 characters long"),
    (DNS1123_LABEL, "-a", "not a DNS-1123 label"),
    (DNS1123_LABEL, "a.b", "not a DNS-1123 label"),
    (DNS1123_SUBDOMAIN, "a/b", "not a DNS-1123 subdomain"),
    (DNS1123_SUBDOMAIN, "a/../../x", "not a DNS-1123 subdomain"),
    (DNS1123_SUBDOMAIN, "a..b", "not a DNS-1123 subdomain"),
    (DNS1123_SUBDOMAIN, "a" * 254, "254 characters long"),
    (DNS1123_SUBDOMAIN, "ok\n", "not a DNS-1123 subdomain"),
    (DNS1035_LABEL, "1abc", "not a DNS-1035 label"),
    (QUALIFIED_NAME, "a b", "not a valid key"),
    (QUALIFIED_NAME, "a/b/c", "more than one '/'"),
    (QUALIFIED_NAME, "-lead", "not a valid key"),
    (QUALIFIED_NAME, "trail-", "not a valid key"),
    (QUALIFIED_NAME, "x" * 64, "name part of 64 characters"),
    (QUALIFIED_NAME, "p" * 254 + "/n", "prefix of 254 characters"),
    (QUALIFIED_NAME, "Acme.io/n", "prefix that is not a DNS subdomain"),
    (QUALIFIED_NAME, "/n", "empty prefix"),
    (QUALIFIED_NAME, "a/", "not a valid key"),
    (QUALIFIED_NAME, "line\nbreak", "not a valid key"),
    (QUALIFIED_NAME, "ok\n", "not a valid key"),
    (LABEL_VALUE, "a b", "not a label value"),
    (LABEL_VALUE, "v" * 64, "64 characters long"),
    (LABEL_VALUE, "end.", "not a label value"),
    (PATH_SEGMENT, "a/b", "not a path segment"),
    (PATH_SEGMENT, "..", "not a path segment"),
    (PATH_SEGMENT, "50%", "not a path segment"),
    (IMAGE_TAG, "v" + "1" * 5000 + ".0.0", "5004 characters long"),
    (IMAGE_TAG, ".hidden", "not an image tag"),
    (IMAGE_TAG, "a:b", "not an image tag"),
]


@pytest.mark.parametrize("kind, value", VALID, ids=lambda v: getattr(v, "title", str(v)[:20]))
def test_valid_names(kind: NameKind, value: str) -> None:
    assert problem(kind, value) is None


@pytest.mark.parametrize("kind, value, fragment", INVALID,
                         ids=lambda v: getattr(v, "title", str(v)[:20]))
def test_invalid_names(kind: NameKind, value: str, fragment: str) -> None:
    found = problem(kind, value)
    assert found is not None and fragment in found, found
    assert "\n" not in found  # values are shown escaped


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(st.characters(codec="utf-8"), max_size=80))
def test_validators_agree_with_the_kubernetes_grammar(text: str) -> None:
    """An independent statement of each grammar (full match, lengths) against random text."""
    import re

    label = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")
    name = re.compile(r"[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\Z")
    assert (problem(DNS1123_LABEL, text) is None) == bool(len(text) <= 63 and label.match(text))
    assert (problem(LABEL_VALUE, text) is None) == (
        len(text) <= 63 and (text == "" or bool(name.match(text))))
    prefix, slash, rest = text.rpartition("/")
    subdomain_ok = len(prefix) <= 253 and all(label.match(p) for p in prefix.split("."))
    expected = len(rest) <= 63 and bool(name.match(rest)) and (
        not slash or (bool(prefix) and "/" not in prefix and subdomain_ok))
    assert (problem(QUALIFIED_NAME, text) is None) == expected


# -- IB250 on the values ------------------------------------------------------------------------

CASES = [
    P("""
        imageBuilder:
          buildkit:
            podAnnotations:
              "a b": x
              "a/b/c": x
              "-lead": x
              "ok.example.com/fine": "any value at all\\n"
        """, [(4, 7), (5, 7), (6, 7)], id="annotation-keys"),
    P("""
        imageBuilder:
          buildkit:
            podAnnotations:
              "x": "y"
              "line\\nbreak": x
              "%s": x
        """ % ("k" * 300), [(5, 7), (6, 7)], id="annotation-key-newline-and-300-characters"),
    P("""
        imageBuilder:
          buildkit:
            service:
              annotations: {"bad key": x}
            serviceAccount:
              annotations: {"a/b/c": x}
        additionalServiceAccountAnnotations: {"-x": v}
        """, [(4, 21), (6, 21), (7, 39)], id="service-and-account-annotations"),
    P("""
        imageBuilder:
          buildkit:
            nodeSelector:
              "bad key": ok
              good/key: "bad value!"
              fine: ""
        """, [(4, 7), (5, 17)], id="node-selector-keys-and-values"),
    P("""
        imageBuilder:
          buildkit:
            openShift:
              enabled: true
              securityContextConstraints: {name: "a/../../x"}
            rootless: true
            serviceAccount: {forceDedicated: true}
        """, [(5, 42)], id="scc-name-with-slashes"),
    P("""
        imageBuilder:
          buildkit:
            fullnameOverride: 1abc
        """, [(3, 23)], id="fullname-starting-with-a-digit"),
    P("""
        imageBuilder:
          buildkit:
            tolerations:
              - {key: "bad key", operator: Exists}
              - {key: ok, operator: Equal, value: "bad value"}
              - {key: ok, operator: Exists, value: "set"}
              - {operator: Exists}
        """, [(4, 15), (5, 43), (6, 44)], id="tolerations"),
    P("""
        imageBuilder:
          buildkit:
            image: {tag: "v0.32.2 "}
            serviceAccount: {imagePullSecret: "My_Secret"}
            tls: {existingSecret: "a b"}
        """, [(3, 18), (4, 39), (5, 27)], id="tag-pull-secret-tls-secret"),
    P("""
        imageBuilder:
          buildkit:
            networkPolicy:
              enabled: true
              ingressFrom:
                - namespaceSelector:
                    matchLabels: {"bad key": v}
                - podSelector:
                    matchExpressions: [{key: "a b", operator: Exists}]
        """, [(7, 27), (9, 38)], id="network-policy-selectors"),
    P("""
        imageBuilder:
          buildkit:
            podAnnotations: {"acme.io/team": builds, "a.b/c-d": x, "x_y": "{{ weird"}
            nodeSelector: {"kubernetes.io/os": linux}
            tolerations: [{key: "node.kubernetes.io/unreachable", operator: Exists}]
        """, [], id="valid-names"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_kubernetes_name_rule(tmp_path: Path, source: str, expected: list[tuple[int, int]]) -> None:
    assert_rule(tmp_path, "IB250", source, expected)


def test_annotations_too_large_in_total(tmp_path: Path) -> None:
    big = "x" * (200 * 1024)
    source = f'imageBuilder:\n  buildkit:\n    podAnnotations:\n      a: "{big}"\n      b: "{big}"\n'
    _, findings = findings_of(tmp_path, source)
    (finding,) = [f for f in findings if f.rule == "IB250"]
    assert "an object's annotations hold at most 262,144" in finding.message


# -- IB420 on the rendered objects --------------------------------------------------------------


def test_every_final_name_is_checked() -> None:
    document = {
        "kind": "Service",
        "metadata": {
            "name": "1-starts-with-a-digit",
            "namespace": "Union",
            "labels": {"app.kubernetes.io/instance": "bad value!", "a b": "x"},
            "annotations": {"-k": "v"},
        },
        "spec": {"template": {"metadata": {"labels": {"ok": "x" * 64}}}},
    }
    findings = object_findings(document)
    paths = sorted(f.path for f in findings)
    assert all(f.rule == "IB420" for f in findings)
    assert paths == sorted([
        "Service/1-starts-with-a-digit:$.metadata.name",
        "Service/1-starts-with-a-digit:$.metadata.namespace",
        'Service/1-starts-with-a-digit:$.metadata.labels["app.kubernetes.io/instance"]',
        'Service/1-starts-with-a-digit:$.metadata.labels["a b"]',
        'Service/1-starts-with-a-digit:$.metadata.annotations["-k"]',
        'Service/1-starts-with-a-digit:$.spec.template.metadata.labels["ok"]',
    ])


def test_role_names_are_path_segments() -> None:
    assert object_findings({"kind": "Role", "metadata": {"name": "a b"}}) == []
    (finding,) = object_findings({"kind": "Role", "metadata": {"name": "a/b"}})
    assert "not a path segment" in finding.message


def test_render_checks_every_final_name(tmp_path: Path) -> None:
    """render_objects runs the final check on what it renders: names derived from valid
    values pass it (a 63-character fullname, TLS secrets named after it), and a namespace no
    command line can give any more (the CLI refuses it first) is caught there too."""
    from chartgen.render import RenderOptions, render_objects
    from chartgen.validate import validate_sources
    from chartgen.values.loader import ValueSources

    values = tmp_path / "values.yaml"
    values.write_text("imageBuilder:\n  buildkit:\n    fullnameOverride: " + "b" * 63 + "\n"
                      "    tls: {enabled: true, certManager: {issuerRef: {name: ca}}}\n")
    validation = validate_sources(ValueSources(files=[str(values)]))
    assert validation.values is not None
    rendered = render_objects(validation.values, RenderOptions())
    assert len(rendered.objects) >= 6
    assert [f for f in rendered.findings if f.rule == "IB420"] == []

    bad = render_objects(validation.values, RenderOptions(namespace="Team_A"))
    flagged = {f.path.split(":")[0] for f in bad.findings if f.rule == "IB420"}
    namespaced = {f"{o['kind']}/{o['metadata']['name']}" for o in bad.objects
                  if "namespace" in o["metadata"]}
    assert flagged == namespaced


# -- the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "flag, value",
    [
        ("--namespace", "union\n"), ("--namespace", "Union"), ("--namespace", "a" * 64),
        ("--release-name", "union\n"), ("--release-name", "u" * 54),
        ("--target-namespace", "team\n"), ("--target-namespace", "a/b"),
    ],
)
def test_command_line_names_are_matched_whole(tmp_path: Path, flag: str, value: str) -> None:
    result = run_cli("render", "--set", "imageBuilder.enabled=true", flag, value,
                     "--output-dir", str(tmp_path / "out"))
    assert result.exit_code == 2, result.stderr
    assert flag in result.stderr
    assert not (tmp_path / "out").exists()


# -- int32 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression, ok",
    [
        ("imageBuilder.buildkit.replicaCount=99999999999", False),
        ("imageBuilder.buildkit.replicaCount=2147483648", False),
        ("imageBuilder.buildkit.replicaCount=2147483647", True),
        ("imageBuilder.buildkit.autoscaling.maxReplicas=2147483648", False),
        ("imageBuilder.buildkit.probes.liveness.periodSeconds=2147483648", False),
        ("imageBuilder.buildkit.pdb.minAvailable=2147483648", False),
        ("imageBuilder.buildkit.securityContext.runAsUser=9223372036854775807", True),
    ],
)
def test_int32_bounds(expression: str, ok: bool) -> None:
    result = run_cli("validate", "--set", expression)
    if ok:
        assert "IB100" not in result.stdout, result.stdout
    else:
        assert result.exit_code == 1 and "[IB100]" in result.stdout, result.stdout
