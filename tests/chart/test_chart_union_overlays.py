"""Union's values shapes through the generated chart: real Helm renders the same objects as
`chartgen render`, templated annotation keys, `tpl` idioms and storage.yaml included.

Two ways: the chart written from all the files; and the chart written from the base and the
overlay only, with the deployment's globals given to `helm template -f` (so Helm's `tpl` in the
chart resolves look-ups of values the chart never saw).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from chart_harness import RELEASE, assert_same_objects, chartgen_render, helm_template, write_chart
from union_values import COMBINATIONS, fixture_set, reference_set

KUBE = "1.31.0"


@pytest.mark.parametrize("name", COMBINATIONS)
def test_chart_written_from_the_union_files_renders_like_chartgen(name: str,
                                                                  tmp_path: Path) -> None:
    files = [str(p) for p in fixture_set(name)]
    chart = write_chart(tmp_path / "imagebuilder", *files)
    helm = helm_template(chart, namespace="union", kube_version=KUBE)
    ours = chartgen_render(*files, namespace="union", kube_version=KUBE)
    assert_same_objects(helm, ours)


# Another deployment of the same chart: every global the templates look up changes.
OTHER_GLOBALS = """\
global:
  METADATA_BUCKET: other-metadata
  METADATA_CONTAINER: other-metadata
  AWS_ACCOUNT_ID: "210987654321"
  ACCOUNT: "210987654321"
  AWS_REGION: eu-west-1
  AWS_POD_IDENTITY_ANNOTATION_PREFIX: pods.example.org
  TEAM_PREFIX: other.example.com
  GCP_REGION: europe-west4
  GOOGLE_PROJECT_ID: other-project
  AZURE_STORAGE_ACCOUNT: otherstorage
"""


@pytest.mark.parametrize("name", COMBINATIONS)
def test_helm_values_on_top_of_the_chart_are_templated_like_chartgen(name: str,
                                                                      tmp_path: Path) -> None:
    files = [str(p) for p in fixture_set(name)]
    chart = write_chart(tmp_path / "imagebuilder", *files)
    other = tmp_path / "other.yaml"
    other.write_text(OTHER_GLOBALS, encoding="utf-8")
    helm = helm_template(chart, "-f", str(other), namespace="union", kube_version=KUBE)
    ours = chartgen_render(*files, str(other), namespace="union", kube_version=KUBE)
    assert_same_objects(helm, ours)
    # The look-ups really followed the new values (not the ones the chart was written with).
    text = str(sorted(ours.items()))
    assert "acme" not in text.replace("acmeunion", "")


@pytest.mark.parametrize("name", COMBINATIONS)
def test_unions_real_files_through_the_chart(name: str, tmp_path: Path) -> None:
    files = [str(p) for p in reference_set(name, tmp_path / "values")]
    chart = write_chart(tmp_path / "imagebuilder", *files)
    helm = helm_template(chart, namespace="union", kube_version=KUBE, release=RELEASE)
    ours = chartgen_render(*files, namespace="union", kube_version=KUBE)
    assert_same_objects(helm, ours)
