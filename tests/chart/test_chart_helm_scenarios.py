"""Every scenario of the render snapshot matrix, as a chart, through real Helm.

For each scenario (tests/render/scenarios/*.yaml, with its `# args:` line), `chartgen chart`
writes the chart; then:

- `helm lint --strict` finds no error and no warning, through the Go SDK in process and through
  the `helm` binary;
- Helm's rendering equals `chartgen render` of the same values, object for object: through the
  SDK at the SDK's Kubernetes version (chartgen renders at that version too, whatever the
  scenario pins), and through `helm template --kube-version` at the scenario's own version
  (or chartgen's default), which covers the version-dependent objects (AppArmor before 1.30).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chart_harness import (
    RELEASE,
    SCENARIOS,
    Scenario,
    assert_same_objects,
    chartgen_render,
    helm_template,
    run_helm,
    scenario_chart,
    sdk_kube_version,
    sdk_render,
)

from chartgen.kube import DEFAULT_KUBE_VERSION

__all__ = ["scenario_chart"]  # the fixture, imported for pytest

WARNING = 2  # helm_python lint severities: 1 info, 2 warning, 3 error

ids = [s.id for s in SCENARIOS]


def test_matrix_is_the_render_matrix() -> None:
    assert len(SCENARIOS) >= 20


@pytest.mark.parametrize("scenario", SCENARIOS, ids=ids)
def test_sdk_lint_strict_is_clean(scenario: Scenario, scenario_chart: Any) -> None:
    import helm_python

    chart: Path = scenario_chart(scenario)
    report = helm_python.lint(chart, strict=True, namespace=scenario.namespace)
    problems = [m for m in report["messages"] if m["severity"] >= WARNING]
    assert report["errors"] == [] and problems == [], report


@pytest.mark.parametrize("scenario", SCENARIOS, ids=ids)
def test_binary_lint_strict_is_clean(scenario: Scenario, scenario_chart: Any) -> None:
    result = run_helm("lint", "--strict", str(scenario_chart(scenario)), check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[WARNING]" not in result.stdout and "[ERROR]" not in result.stdout, result.stdout


@pytest.mark.parametrize("scenario", SCENARIOS, ids=ids)
def test_sdk_render_equals_chartgen_render(scenario: Scenario, scenario_chart: Any) -> None:
    chart = scenario_chart(scenario)
    helm = sdk_render(chart, namespace=scenario.namespace)
    chartgen = chartgen_render(
        str(scenario.path), *scenario.extra, namespace=scenario.namespace,
        kube_version=sdk_kube_version(), target_namespaces=scenario.target_namespaces,
    )
    assert_same_objects(helm, chartgen)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=ids)
def test_helm_template_equals_chartgen_render(scenario: Scenario, scenario_chart: Any) -> None:
    kube = scenario.kube_version or DEFAULT_KUBE_VERSION
    helm = helm_template(scenario_chart(scenario), namespace=scenario.namespace,
                         kube_version=kube)
    chartgen = chartgen_render(
        str(scenario.path), *scenario.extra, namespace=scenario.namespace, kube_version=kube,
        target_namespaces=scenario.target_namespaces,
    )
    assert_same_objects(helm, chartgen)


def test_sdk_kube_version_is_known() -> None:
    """The SDK's fixed Kubernetes version decides the AppArmor form in the SDK comparisons."""
    major, minor = (int(part) for part in sdk_kube_version().split(".")[:2])
    assert (major, minor) >= (1, 23)


def test_release_name_reaches_every_object(scenario_chart: Any) -> None:
    chart = scenario_chart(SCENARIOS[0])
    for key, obj in sdk_render(chart, namespace="union").items():
        labels = obj["metadata"].get("labels", {})
        assert labels.get("app.kubernetes.io/instance") == RELEASE, key
