"""Accepted values at the edges render the same with Helm and with chartgen.

The longest valid names (253-character prefixes and subdomains, 63-character names and label
values, a 128-character image tag), int32 limits and hostile annotation text, as one values
file given to the chart with `helm template -f` and to `chartgen render`. The property half of
the hostile-input suite (tests/hostile/test_fuzz.py) checks that chartgen refuses what is past
these edges; this checks that what it accepts, Helm renders identically. A small fixed budget:
each example runs the real `helm` binary.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from chart_harness import assert_same_objects, chartgen_render, helm_template, write_chart
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@st.composite
def edge_values(draw: st.DrawFn) -> dict[str, Any]:
    hostile = st.sampled_from(["a: b", "{{ .Values.x }}", "\x1b[31m", "<no value>", "é 日本",
                               "line\nbreak", "'\"", "yes", "0x1F", "", " "])
    buildkit: dict[str, Any] = {
        "replicaCount": draw(st.sampled_from([1, 2, 2147483647])),
        "fullnameOverride": draw(st.sampled_from(["", "b" * 63, "x-1"])),
        "podAnnotations": {
            draw(st.sampled_from(["a" * 253 + "/" + "b" * 63, "A.b_c", "acme.io/x"])):
                draw(hostile)},
        "nodeSelector": {draw(st.sampled_from(["k8s.io/" + "n" * 63, "x"])):
                         draw(st.sampled_from(["", "v" * 63, "A.b_c-1"]))},
        "serviceAccount": {"forceDedicated": True,
                           "name": draw(st.sampled_from([".".join(["s" * 63] * 4)[:253],
                                                         "sa"]))},
        "image": {"tag": draw(st.sampled_from(["v0.32.2", "t" * 128]))},
        "probes": {"liveness": {"periodSeconds": draw(st.sampled_from([1, 2147483647]))}},
    }
    if draw(st.booleans()):
        buildkit["autoscaling"] = {"enabled": True, "minReplicas": 2,
                                   "maxReplicas": draw(st.sampled_from([2, 2147483647]))}
    return {"imageBuilder": {"buildkit": buildkit}}


@pytest.fixture(scope="module")
def defaults_chart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_chart(tmp_path_factory.mktemp("edges") / "imagebuilder")


@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(values=edge_values())
def test_helm_renders_what_chartgen_renders(defaults_chart: Path, values: dict[str, Any],
                                            tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("edge") / "values.yaml"
    path.write_text(json.dumps(values))
    expected = chartgen_render(str(path), namespace="union", kube_version="1.31")
    helm = helm_template(defaults_chart, "-f", str(path), namespace="union",
                         kube_version="1.31")
    assert_same_objects(helm, expected)
