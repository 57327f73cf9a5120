"""The safe `{{ .Values.x }}` subset: look-ups resolved like Helm's tpl, nothing else evaluated."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from chartgen.values.provenance import Provenance
from chartgen.values.templating import go_number, resolve_templates


def resolve(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    result = resolve_templates(data, Provenance())
    return data, [f"{f.rule} {f.message}" for f in result.findings]


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
            "imageBuilder": {"buildkit": {"podAnnotations": {"a": "{{ .Values.global.A }}"}}},
        }
    )
    assert data["imageBuilder"]["buildkit"]["podAnnotations"]["a"] == "{{ .Values.global.A }}"
    assert findings == []


def test_nested_lookups_resolve_and_cycles_are_errors() -> None:
    data, findings = resolve(
        {
            "global": {"A": "{{ .Values.global.B }}", "B": "deep"},
            "storage": {"bucketName": "{{ .Values.global.A }}"},
        }
    )
    assert data["storage"]["bucketName"] == "deep"
    _, findings = resolve(
        {
            "global": {"A": "{{ .Values.global.B }}", "B": "{{ .Values.global.A }}"},
            "storage": {"region": "{{ .Values.global.A }}"},
        }
    )
    assert any(f.startswith("IB011") and "cycle" in f for f in findings)


def test_other_expressions_are_kept_and_reported() -> None:
    data, findings = resolve({"storage": {"bucketName": '{{ include "x" . }}'}})
    assert data["storage"]["bucketName"] == '{{ include "x" . }}'
    assert [f.split()[0] for f in findings] == ["IB010"]


def test_missing_lookup_renders_empty_like_helm_and_warns() -> None:
    data, findings = resolve({"storage": {"bucketName": "b-{{ .Values.global.NOPE }}"}})
    assert data["storage"]["bucketName"] == "b-"
    assert [f.split()[0] for f in findings] == ["IB012"]


def test_number_lookups_print_like_helm_and_warn_in_exponent_form() -> None:
    data, findings = resolve(
        {"global": {"N": 123456789012}, "storage": {"bucketName": "b{{ .Values.global.N }}"}}
    )
    assert data["storage"]["bucketName"] == "b1.23456789012e+11"
    assert [f.split()[0] for f in findings] == ["IB013"]


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
