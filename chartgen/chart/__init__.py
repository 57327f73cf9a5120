"""The Helm chart `chartgen chart` writes: `imagebuilder`, values-driven, equal to `render`.

`build_chart` turns validated values into the chart's files: `Chart.yaml`, `values.yaml` (the
contract's defaults under the given values, helm-docs comments; `values_file.py`),
`values.schema.json` (the contract schema, so Helm itself refuses a typo or a wrong type),
`templates/` (the Go templates beside their Jinja twins in chartgen's `templates/`, found
through `chartgen.resources`), `README.md` (`readme.py`) and `.helmignore`. `diff.py` compares a
chart directory with what would be written (`--check`).

Two template sets. `chartgen render` uses Jinja2 (`templates/*.j2`) and this chart uses Go
templates; each object's shape is written twice. The alternatives were worse: baking rendered
manifests into the chart is not a chart (`helm install -f other.yaml` would change nothing);
translating the Jinja templates to Go mechanically fails on the decisions that live in Python
(`chartgen/model.py`, `render/context.py`, `render/storage.py`,
`buildkit/buildkitd_toml.py`), which would need a Python-to-Go translator of their own; and
rendering with Go templates in chartgen would make every `chartgen render` depend on a Go
runtime. So the Go side is hand-written, one file per object beside its Jinja twin
(`templates/NAME.yaml.gotmpl` next to `templates/NAME.yaml.j2`), every derived value gathered
in one helper (`imagebuilder.model` in `_helpers.tpl`), its data written from Python
(`data.py`), and real Helm keeps the two honest: the tests render the chart for every scenario
of the snapshot matrix and for hundreds of generated value sets and require the same objects
as `chartgen render`, with `buildkitd.toml` and `storage.yaml` byte for byte (the pod's config
checksum depends on the former).

Decisions a reader of the chart meets:

- `--target-namespace` copies of the build-image ConfigMap come from the chart-only value
  `targetNamespaces` (top level, outside the contract; `chartgen chart --target-namespace NS`
  writes it, `helm install --set targetNamespaces={a,b}` changes it).
- The Kubernetes version comes from Helm (`.Capabilities.KubeVersion`, `helm template
  --kube-version`): AppArmor is a securityContext field from 1.30 on, an annotation before.
  `Chart.yaml` requires the oldest version chartgen renders for.
- The Go templates' data is chartgen's, written into `templates/_chartgen_data.tpl`
  (`data.py`): names, labels and defaults, the registry templates, buildkitd.toml's text, what
  each refused combination says, the YAML escapes — and every value the reference chart
  passes through `tpl` (`chartgen.values.templating.TPL_FIELDS`: as often and with map keys
  where the reference does, so chart and render agree).
- The cross-field rules a template can check `fail` with chartgen's rule ID and message
  (`FAIL_RULES`, their `MESSAGES`), from `templates/validate.yaml`, which Helm renders first.
- Values reach the objects through a Go port of `chartgen.render.yamltext` (`imagebuilder.q`,
  `.text`, `.block`), not Helm's `toYaml`, which writes an empty string for text with DEL or
  U+FFFE and leaves NEL raw; a string holding `<no value>` (which Helm deletes from template
  output) is written with its `<` escaped. The same port writes storage.yaml, byte for byte.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from chartgen.findings import FindingKind, Severity
from chartgen.rules import (
    autoscaling_range,
    aws_account_id,
    basic_auth_no_password,
    exposed_without_tls,
    no_builder,
    openshift_dedicated_sa,
    openshift_scc_missing,
    pdb_blocks_drain,
    rootless_run_as_user,
    storage_accesskey_missing,
    storage_gcs_project,
    tls_source,
    tls_without_client_certificates,
)

CHART_NAME = "imagebuilder"

CHART_OUT_OF_DATE = FindingKind(
    "IB601",
    "chart-out-of-date",
    Severity.ERROR,
    """The chart directory differs from what `chartgen chart` writes for these values.

`chartgen chart --check --output-dir DIR` found files added, removed or changed (a hand edit,
other values, or another chartgen version). Regenerate with `chartgen chart ... --output-dir DIR
--force`, or put the change into the values it is written from.""",
    fixed="it is the answer `chartgen chart --check` is asked for",
)

KINDS: tuple[FindingKind, ...] = (CHART_OUT_OF_DATE,)

# The rules whose errors the chart's templates also raise (`fail "IB302 exposed-without-tls:
# ..."` in templates/_helpers.tpl), so `helm install` refuses what `chartgen validate` refuses.
FAIL_RULES: tuple[str, ...] = tuple(
    rule.ID
    for rule in (
        no_builder,
        basic_auth_no_password,
        rootless_run_as_user,
        openshift_dedicated_sa,
        autoscaling_range,
        pdb_blocks_drain,
        storage_accesskey_missing,
        aws_account_id,
        openshift_scc_missing,
        storage_gcs_project,
        exposed_without_tls,
        tls_source,
        tls_without_client_certificates,
    )
)

DATA_TEMPLATE = "templates/_chartgen_data.tpl"

HEADER = [
    "Values of the imagebuilder chart, written by `chartgen chart`: the Image Builder values",
    "contract's defaults under the values it was given. Every key is documented (`# --`); the",
    "chart's README has the full table. Change values with `helm install -f` / `--set`, or",
    "regenerate the chart; `chartgen chart --check` tells whether this directory is current.",
    "",
]


def kube_version_constraint() -> str:
    """Chart.yaml's kubeVersion: the oldest Kubernetes chartgen renders for (and pre-releases)."""
    from chartgen.kube import MIN_KUBE_MINOR

    return f">=1.{MIN_KUBE_MINOR}.0-0"


def default_buildkit_tag() -> str:
    """The chart's appVersion: the BuildKit image tag the contract defaults to."""
    from chartgen.schema import chart_defaults

    return str(chart_defaults()["imageBuilder"]["buildkit"]["image"]["tag"])


def chart_yaml() -> str:
    from chartgen import __version__

    lines = [
        "apiVersion: v2",
        f"name: {CHART_NAME}",
        "description: >-",
        "  The Union/Flyte Image Builder's BuildKit daemon (buildkitd) and the build-image",
        "  configuration, written by chartgen from validated values.",
        "type: application",
        f"version: {json.dumps(__version__)}",
        f"appVersion: {json.dumps(default_buildkit_tag())}",
        f"kubeVersion: {json.dumps(kube_version_constraint())}",
        "keywords:",
        "  - buildkit",
        "  - union",
        "  - flyte",
        "  - image-builder",
    ]
    return "\n".join(lines) + "\n"


# `.helmignore`: what `helm package` leaves out of the chart archive.
HELMIGNORE = """\
# Files `helm package` leaves out of the chart archive.
.DS_Store
.git/
.gitignore
*.swp
*.bak
*.tmp
*.orig
*~
.idea/
.vscode/
# chartgen's list of the files it wrote (what `chartgen chart --force` may replace).
.chartgen-files
"""


@cache
def shipped_files() -> dict[str, str]:
    """The chart's fixed files: its Go templates (`resources.go_templates`) and .helmignore."""
    from chartgen.resources import go_templates

    return {**go_templates(), ".helmignore": HELMIGNORE}


def build_chart(
    data: dict[str, Any],
    templated: dict[tuple[Any, ...], Any],
    *,
    target_namespaces: list[str] | None = None,
) -> dict[str, str]:
    """Every file of the chart (path in the chart → text), from validated, merged values."""
    from chartgen.chart.data import chartgen_data
    from chartgen.chart.readme import readme
    from chartgen.chart.values_file import chart_schema_text, chart_values, values_yaml

    values = chart_values(data, templated, list(target_namespaces or []))
    files = {
        "Chart.yaml": chart_yaml(),
        "values.yaml": values_yaml(values, HEADER),
        "values.schema.json": chart_schema_text(),
        "README.md": readme(),
        DATA_TEMPLATE: chartgen_data(),
    }
    files.update(shipped_files())
    return dict(sorted(files.items()))
