"""The safe `{{ .Values.x }}` subset: look-ups resolved like Helm's tpl, nothing else evaluated."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from chartgen.values.provenance import Provenance
from chartgen.values.templating import go_number, resolve_templates


def resolve(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    result = resolve_templates(data, Provenance())
    return data, [f"{f.rule} {f.message}" for f in result.findings]


def rules(findings: list[str]) -> list[str]:
    return [f.split()[0] for f in findings]


def test_plain_lookup_in_storage_and_default_repository() -> None:
    data, findings = resolve(
        {
            "global": {"BUCKET": "meta", "ACCOUNT": "123456789012", "REGION": "us-east-1"},
            "storage": {
                "bucketName": "{{ .Values.global.BUCKET }}",
                "region": "{{.Values.global.REGION}}",
            },
            "imageBuilder": {
                "defaultRepository": "{{ .Values.global.ACCOUNT }}.dkr.ecr.{{- .Values.global.REGION -}}.amazonaws.com/x"
            },
        }
    )
    assert data["storage"] == {"bucketName": "meta", "region": "us-east-1"}
    assert (
        data["imageBuilder"]["defaultRepository"]
        == "123456789012.dkr.ecr.us-east-1.amazonaws.com/x"
    )
    assert findings == []


def test_fields_helm_does_not_tpl_are_left_alone() -> None:
    data, findings = resolve(
        {
            "global": {"A": "x"},
            "imageBuilder": {"buildkit": {"podAnnotations": {"a": "{{ .Values.global.A }}"},
                                          "serviceAccount": {"annotations": {
                                              "{{ .Values.global.A }}": "v"}}}},
            "storage": {"fastRegistrationBucketName": "{{ .Release.Name }}"},
        }
    )
    assert data["imageBuilder"]["buildkit"]["podAnnotations"]["a"] == "{{ .Values.global.A }}"
    assert findings == []


def test_one_pass_leaves_a_looked_up_template_verbatim() -> None:
    """Helm's single `tpl` pass prints a looked-up value; it does not evaluate it again."""
    data, findings = resolve({
        "global": {"A": "{{ .Values.global.B }}", "B": "deep"},
        "storage": {"region": "{{ .Values.global.A }}"},
    })
    assert data["storage"]["region"] == "{{ .Values.global.B }}"
    assert rules(findings) == ["IB015"]


def test_tpl_idiom_evaluates_the_looked_up_template() -> None:
    data, findings = resolve({
        "global": {"A": "{{ .Values.global.B }}", "B": "deep", "P": "eks.amazonaws.com"},
        "storage": {"region": "{{ tpl .Values.global.A . }}"},
        "additionalServiceAccountAnnotations": {
            "{{ .Values.global.P }}/role-arn": "{{ tpl .Values.global.A $ }}"},
    })
    assert data["storage"]["region"] == "deep"
    assert data["additionalServiceAccountAnnotations"] == {"eks.amazonaws.com/role-arn": "deep"}
    assert findings == []


def test_fields_the_reference_evaluates_twice_are_evaluated_twice() -> None:
    """storage.bucketName goes through the storage helper's `tpl`, then the whole storage.yaml
    through another: a looked-up template is evaluated on the second pass."""
    data, findings = resolve({
        "global": {"A": "{{ .Values.global.B }}", "B": "deep"},
        "storage": {"bucketName": "{{ .Values.global.A }}",
                    "custom": {"{{ .Values.global.A }}": "{{ .Values.global.A }}"}},
    })
    assert data["storage"]["bucketName"] == "deep"
    assert data["storage"]["custom"] == {"deep": "deep"}
    assert findings == []


def test_cycles_are_errors_and_the_value_is_kept() -> None:
    data, findings = resolve({
        "global": {"A": "{{ tpl .Values.global.B . }}", "B": "{{ tpl .Values.global.A . }}"},
        "storage": {"region": "{{ tpl .Values.global.A . }}"},
    })
    assert rules(findings) == ["IB011"]
    assert "cycle" in findings[0]
    assert data["storage"]["region"] == "{{ tpl .Values.global.A . }}"


@pytest.mark.parametrize("expression", [
    '{{ include "x" . }}', "{{ .Release.Name }}", "{{ .Release.Namespace }}",
    '{{ lookup "v1" "Secret" "ns" "name" }}', '{{ exec "sh" }}', "{{ .Values.a | quote }}",
    "{{/* a comment */}}", "{{ .Values.a-b }}", "{{ tpl .Values.a }}", "{{ .Values }}",
    "x {{ .Values.a", "{{ }}",
])
def test_other_expressions_are_errors(expression: str) -> None:
    data, findings = resolve({"global": {}, "storage": {"bucketName": expression}})
    assert data["storage"]["bucketName"] == expression
    assert rules(findings) == ["IB010"]


@pytest.mark.parametrize(("template", "why"), [
    ("{{ .Values.nope.deeper }}", "is not set"),
    ("{{ .Values.global.S.x }}", "is a string, not a map"),
    ("{{ .Values.global.M }}", "refers to a map"),
    ("{{ tpl .Values.global.N . }}", "needs a string"),
    ("{{ tpl .Values.global.MISSING . }}", "needs a string"),
])
def test_lookups_helm_fails_on_are_errors(template: str, why: str) -> None:
    _, findings = resolve({"global": {"S": "s", "M": {"a": 1}, "N": 5},
                           "storage": {"region": template}})
    assert rules(findings) == ["IB010"]
    assert why in findings[0]


def test_missing_leaf_renders_empty_like_helm_and_warns() -> None:
    data, findings = resolve({"global": {}, "storage": {"bucketName": "b-{{ .Values.global.NOPE }}"}})
    assert data["storage"]["bucketName"] == "b-"
    assert rules(findings) == ["IB012"]


def test_number_lookups_print_like_helm_and_warn_in_exponent_form() -> None:
    data, findings = resolve(
        {"global": {"N": 123456789012}, "storage": {"bucketName": "b{{ .Values.global.N }}"}}
    )
    assert data["storage"]["bucketName"] == "b1.23456789012e+11"
    assert rules(findings) == ["IB013"]


def test_trim_markers_and_no_value_like_helm() -> None:
    data, _ = resolve({"global": {"A": "a"}, "storage": {
        "region": "x \n {{- .Values.global.A -}} \t y",
        "endpoint": "e<no value>f",
        "accessKey": "{{-3}}",
    }})
    assert data["storage"]["region"] == "xay"
    assert data["storage"]["endpoint"] == "ef"  # Helm deletes "<no value>" from tpl output


def test_map_keys_resolve_and_their_origin_moves_with_them() -> None:
    from chartgen.findings import Location
    from chartgen.values.provenance import Origin

    provenance = Provenance()
    old = ("additionalServiceAccountAnnotations", "{{ .Values.global.P }}/x")
    provenance.record(old, Origin(Location("v.yaml", 3, 9), Location("v.yaml", 3, 3)))
    data = {"global": {"P": "example.com"},
            "additionalServiceAccountAnnotations": {"{{ .Values.global.P }}/x": "v"}}
    result = resolve_templates(data, provenance)
    assert data["additionalServiceAccountAnnotations"] == {"example.com/x": "v"}
    new = ("additionalServiceAccountAnnotations", "example.com/x")
    assert provenance.locate(new, key=True) == Location("v.yaml", 3, 3)
    # The field as written, for the chart's values.yaml.
    assert result.resolved[("additionalServiceAccountAnnotations",)] == {
        "{{ .Values.global.P }}/x": "v"}


def test_keys_that_resolve_to_the_same_key_are_an_error() -> None:
    _, findings = resolve({"global": {"P": "a"}, "additionalServiceAccountAnnotations": {
        "{{ .Values.global.P }}/x": "1", "a/x": "2"}})
    assert rules(findings) == ["IB010"]
    assert "both resolve to 'a/x'" in findings[0]


def test_lists_of_maps_resolve_keys_and_values() -> None:
    data, findings = resolve({"global": {"K": "configMap", "N": "ca"}, "imageBuilder": {
        "buildkit": {"additionalVolumes": [{"name": "x", "{{ .Values.global.K }}": {
            "name": "{{ .Values.global.N }}"}}]}}})
    assert data["imageBuilder"]["buildkit"]["additionalVolumes"] == [
        {"name": "x", "configMap": {"name": "ca"}}]
    assert findings == []


def test_fanned_out_tpl_lookups_are_evaluated_once_each_and_capped() -> None:
    from chartgen.values import templating

    level = {f"a{n}": " ".join([f"{{{{ tpl .Values.global.a{n + 1} . }}}}"] * 30)
             for n in range(5)}
    level["a5"] = "x"
    calls: list[str] = []
    original = templating.Evaluator._tpl_lookup

    def counting(self: templating.Evaluator, fields: str, depth: int) -> str:
        calls.append(fields)
        return original(self, fields, depth)

    templating.Evaluator._tpl_lookup = counting  # type: ignore[method-assign]
    try:
        _, findings = resolve({"global": level, "storage": {"region": "{{ tpl .Values.global.a0 . }}"}})
    finally:
        templating.Evaluator._tpl_lookup = original  # type: ignore[method-assign]
    assert rules(findings) == ["IB014"]
    # Memoised: each level's look-up is evaluated once, then remembered (5 * 30 + 1 calls, not
    # 30 ** 5), and the expansion stops at the cap.
    assert len(calls) <= 5 * 30 + 1


def test_tpl_depth_is_capped() -> None:
    chain = {f"a{n}": f"{{{{ tpl .Values.global.a{n + 1} . }}}}" for n in range(40)}
    chain["a40"] = "end"
    _, findings = resolve({"global": chain, "storage": {"region": "{{ tpl .Values.global.a0 . }}"}})
    assert rules(findings) == ["IB011"]
    assert "levels deep" in findings[0]


NUMBERS = [
    0,
    1,
    -1,
    100000,
    123456,
    999999,
    1000000,
    1234567,
    123456789012,
    0.5,
    1.5,
    12.25,
    0.0001,
    0.00001,
    1e21,
    1e-7,
    -2500000,
    2**53,
    3.14159265358979,
]


def _corpus() -> list[float]:
    rng = random.Random(20261127)
    extra = [rng.randint(-(10**13), 10**13) for _ in range(60)]
    extra += [round(rng.uniform(-1e7, 1e7), rng.randint(0, 6)) for _ in range(60)]
    extra += [rng.uniform(1e-9, 1e-3) for _ in range(20)]
    return NUMBERS + extra


def test_go_number_agrees_with_helm(tmp_path: Path) -> None:
    """Helm itself (its Go SDK, in process) prints each number; chartgen must print the same."""
    import helm_python as helm
    corpus = _corpus()
    chart = tmp_path / "numbers"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: numbers\nversion: 0.1.0\n")
    lines = [f'n{i}: "{{{{ .Values.n{i} }}}}"' for i in range(len(corpus))]
    (chart / "templates" / "numbers.yaml").write_text("\n".join(lines) + "\n")
    values = {f"n{i}": number for i, number in enumerate(corpus)}
    rendered = helm.Chart.load(str(chart)).render(values, name="r", namespace="n")
    printed = {}
    for line in next(iter(rendered.values())).splitlines():
        key, _, text = line.partition(": ")
        printed[key] = text.strip('"')
    for i, number in enumerate(corpus):
        assert go_number(number) == printed[f"n{i}"], number


# -- chartgen's evaluation against Helm's own `tpl` ------------------------------------------------

HELM_VALUES: dict[str, Any] = {
    "g": {
        "s": "hello", "n": 5, "big": 123456789012, "f": 1.5, "b": True, "nul": None,
        "empty": "", "nv": "a<no value>b",
        "t": "{{ .Values.g.s }}-t",
        "t2": "a {{- tpl .Values.g.t . }}",
        "nested": "{{ tpl .Values.g.t2 . }}!",
        "raw": "{{ .Values.g.s }}",
    },
}
LITERALS = ["", "a", " ", "x-", "\n", "<no value>", "{", "}", "-", "\t", "é"]
ACTIONS = [
    "{{ .Values.g.s }}", "{{.Values.g.s}}", "{{- .Values.g.s }}", "{{ .Values.g.s -}}",
    "{{- .Values.g.s -}}", "{{ $.Values.g.s }}", "{{ .Values.g.n }}", "{{ .Values.g.big }}",
    "{{ .Values.g.f }}", "{{ .Values.g.b }}", "{{ .Values.g.missing }}", "{{ .Values.g.nul }}",
    "{{ tpl .Values.g.t . }}", "{{ tpl .Values.g.t2 $ }}", "{{ .Values.g.t }}",
    "{{\n.Values.g.s\n}}", "{{ tpl .Values.g.nested . }}", "{{ .Values.g.raw }}",
    "{{ .Values.g.nv }}", "{{ tpl .Values.g.empty . }}", "{{-3}}", "{{ .Values.g.s.x }}",
]


def _templates(count: int) -> list[str]:
    rng = random.Random(20261205)
    out = []
    for _ in range(count):
        pieces = [rng.choice(LITERALS + ACTIONS) for _ in range(rng.randint(1, 6))]
        out.append("".join(pieces))
    return out


def test_accepted_templates_evaluate_exactly_as_helms_tpl(tmp_path: Path) -> None:
    """A seeded corpus of templates: whatever chartgen accepts, Helm renders to the same text,
    with one `tpl` pass and with two (the reference's storage.bucketName)."""
    import helm_python as helm

    from chartgen.values.templating import Evaluator, TemplateProblem

    once: dict[str, str] = {}
    twice: dict[str, str] = {}
    expected: dict[str, str] = {}
    refused = 0
    for index, template in enumerate(_templates(400)):
        for passes, bucket in ((1, once), (2, twice)):
            try:
                result = Evaluator(HELM_VALUES).resolve(template, passes)
            except TemplateProblem:
                refused += 1
                continue
            key = f"c{index}p{passes}"
            bucket[key] = template
            expected[key] = result
    assert len(expected) > 300 and refused > 20  # both sides of the line are exercised

    chart = tmp_path / "tpl"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: tpl\nversion: 0.1.0\n")
    (chart / "templates" / "cases.yaml").write_text(
        "{{- range $k, $v := .Values.once }}\n{{ $k }}: {{ tpl $v $ | toJson }}\n{{- end }}\n"
        "{{- range $k, $v := .Values.twice }}\n{{ $k }}: {{ tpl (tpl $v $) $ | toJson }}\n"
        "{{- end }}\n"
    )
    values = {**HELM_VALUES, "once": once, "twice": twice}
    rendered = helm.Chart.load(str(chart)).render(values, name="r", namespace="n")
    from ruamel.yaml import YAML

    printed = YAML(typ="safe").load(next(iter(rendered.values())))
    assert printed == expected


@pytest.mark.parametrize("template", [
    "{{ .Values.g.s.x }}", "{{ .Values.nope.x }}", "{{ tpl .Values.g.n . }}",
    "{{ tpl .Values.g.missing . }}", "{{ .Values.g.s",
])
def test_lookups_chartgen_refuses_as_helm_errors_fail_in_helm_too(
    tmp_path: Path, template: str
) -> None:
    import helm_python as helm

    from chartgen.values.templating import Evaluator, TemplateProblem

    with pytest.raises(TemplateProblem):
        Evaluator(HELM_VALUES).resolve(template, 1)
    chart = tmp_path / "tpl"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: tpl\nversion: 0.1.0\n")
    (chart / "templates" / "case.yaml").write_text("x: {{ tpl .Values.case $ | toJson }}\n")
    with pytest.raises(helm.HelmRenderError):
        helm.Chart.load(str(chart)).render({**HELM_VALUES, "case": template}, name="r",
                                           namespace="n")
