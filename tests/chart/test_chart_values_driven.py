"""The chart is values-driven: Helm's `-f more.yaml --set x=y` on top of the chart's values gives
what `chartgen render first.yaml more.yaml --set x=y` gives.

Each case writes the chart from one scenario (its values become the chart's values.yaml), then
renders it with a second values file and `--set`s on top — through `helm template` with `-f`
and `--set` and through the SDK (which takes one values map: the second file and the `--set`s
are parsed by Helm's own parsers and merged as Helm merges `-f` and `--set`) — and compares with
`chartgen render` of all the values. The chart-only value `targetNamespaces` is the chart's form
of `--target-namespace`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from chart_harness import (
    SCENARIO_DIR,
    assert_same_objects,
    chartgen_render,
    helm_merge,
    helm_template,
    sdk_kube_version,
    sdk_render,
    write_chart,
)

VALUES = Path(__file__).resolve().parent / "values"


@dataclass(frozen=True)
class Case:
    id: str
    first: str  # scenario the chart is written from
    more: str | None  # second values file (tests/chart/values/)
    sets: tuple[str, ...] = ()  # --set expressions, on both sides
    chart_targets: tuple[str, ...] = ()  # chartgen chart --target-namespace
    helm_targets: tuple[str, ...] | None = None  # --set targetNamespaces={...} for Helm only
    namespace: str = "union"
    kube_version: str = "1.35.0"

    @property
    def targets(self) -> tuple[str, ...]:
        """The target namespaces in effect: Helm's override, else the chart's own."""
        return self.chart_targets if self.helm_targets is None else self.helm_targets

    def helm_sets(self) -> list[str]:
        sets = list(self.sets)
        if self.helm_targets is not None:
            sets.append("targetNamespaces={" + ",".join(self.helm_targets) + "}")
        return sets

    def chartgen_sources(self) -> list[str]:
        sources = [str(SCENARIO_DIR / f"{self.first}.yaml")]
        if self.more:
            sources.append(str(VALUES / self.more))
        for expression in self.sets:
            sources += ["--set", expression]
        return sources


CASES = [
    Case("aws-lookup-replicas-tolerations", "aws-example", "more-aws.yaml",
         sets=("imageBuilder.buildkit.log.debug=true",
               "imageBuilder.buildkit.oci.maxParallelism=8")),
    Case("defaults-hardened-targets-kube-1.29", "defaults-noop", "more-hardened.yaml",
         sets=("imageBuilder.buildkit.service.port=9000",), helm_targets=("team-a", "team-b"),
         namespace="builders", kube_version="1.29.0"),
    Case("target-namespaces-replaced", "target-namespaces", None,
         sets=("imageBuilder.buildkit.fullnameOverride=buildkitd",),
         chart_targets=("team-a", "team-b"), helm_targets=("team-c",), namespace="union-system"),
    Case("target-namespaces-kept", "target-namespaces", None, chart_targets=("team-a",),
         namespace="union-system"),
    Case("custom-storage-merged", "storage-custom", "more-custom-storage.yaml",
         sets=("storage.bucketName=union-metadata-2",)),
    Case("multi-to-single-namespace", "multi-namespace", "more-single-namespace.yaml",
         sets=("imageBuilder.buildkit.autoscaling.enabled=true",
               "imageBuilder.buildkit.autoscaling.maxReplicas=4")),
]


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("values-driven")
    written = {}
    for case in CASES:
        targets = [item for t in case.chart_targets for item in ("--target-namespace", t)]
        written[case.id] = write_chart(root / case.id, str(SCENARIO_DIR / f"{case.first}.yaml"),
                                       *targets)
    return written


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_helm_template_with_more_values(case: Case, charts: dict[str, Path]) -> None:
    args: list[str] = []
    if case.more:
        args += ["-f", str(VALUES / case.more)]
    for expression in case.helm_sets():
        args += ["--set", expression]
    helm = helm_template(charts[case.id], *args, namespace=case.namespace,
                         kube_version=case.kube_version)
    chartgen = chartgen_render(*case.chartgen_sources(), namespace=case.namespace,
                               kube_version=case.kube_version, target_namespaces=case.targets)
    assert_same_objects(helm, chartgen)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_sdk_render_with_more_values(case: Case, charts: dict[str, Path]) -> None:
    import helm_python

    values = (
        helm_python.values_from_yaml((VALUES / case.more).read_text(encoding="utf-8"))
        if case.more else {}
    )
    for expression in case.helm_sets():
        values = helm_merge(values, helm_python.parse_set_string(expression))
    helm = sdk_render(charts[case.id], values, namespace=case.namespace)
    chartgen = chartgen_render(*case.chartgen_sources(), namespace=case.namespace,
                               kube_version=sdk_kube_version(), target_namespaces=case.targets)
    assert_same_objects(helm, chartgen)


def test_more_values_change_the_objects(charts: dict[str, Path]) -> None:
    """The cases are not vacuous: the second values change what the chart renders."""
    case = CASES[0]
    import helm_python

    more = helm_python.values_from_yaml((VALUES / case.more).read_text(encoding="utf-8"))
    plain = sdk_render(charts[case.id], namespace=case.namespace)
    changed = sdk_render(charts[case.id], more, namespace=case.namespace)
    assert plain != changed
    config = changed[("ConfigMap", "union", "build-image-config")]["data"]["storage.yaml"]
    assert "container: acme-union-metadata-eu" in config  # the look-up followed the new value
