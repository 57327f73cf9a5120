"""The Helm chart `chartgen chart` writes: `imagebuilder`, values-driven, equal to `render`.

`build_chart` turns validated values into the chart's files: `Chart.yaml`, `values.yaml` (the
contract's defaults under the given values, helm-docs comments; `values_file.py`),
`values.schema.json` (the contract schema, so Helm itself refuses a typo or a wrong type),
`templates/` (Go templates shipped with chartgen in `files/templates/`), `README.md`
(`readme.py`) and `.helmignore`. `diff.py` compares a chart directory with what would be
written (`--check`).

Two template sets. `chartgen render` uses Jinja2 (`templates/*.j2`) and this chart uses Go
templates; each object's shape is written twice. The alternatives were worse: baking rendered
manifests into the chart is not a chart (`helm install -f other.yaml` would change nothing);
translating the Jinja templates to Go mechanically fails on the decisions that live in Python
(`chartgen/model.py`, `render/context.py`, `render/storage.py`, `buildkitd.py`), which would
need a Python-to-Go translator of their own; and rendering with Go templates in chartgen
would make every `chartgen render` depend on a Go runtime. So the Go side is hand-written, one
file per object beside its Jinja twin, every derived value gathered in one helper
(`imagebuilder.model` in `_helpers.tpl`), and real Helm keeps the two honest: the tests render
the chart for every scenario of the snapshot matrix and for hundreds of generated value sets
and require the same objects as `chartgen render`, with `buildkitd.toml` and `storage.yaml`
byte for byte (the pod's config checksum depends on the former).

Decisions a reader of the chart meets:

- `--target-namespace` copies of the build-image ConfigMap come from the chart-only value
  `targetNamespaces` (top level, outside the contract; `chartgen chart --target-namespace NS`
  writes it, `helm install --set targetNamespaces={a,b}` changes it).
- The Kubernetes version comes from Helm (`.Capabilities.KubeVersion`, `helm template
  --kube-version`): AppArmor is a securityContext field from 1.30 on, an annotation before.
  `Chart.yaml` requires the oldest version chartgen renders for.
- Every value the reference chart passes through `tpl` goes through `tpl` here too, as often
  and with map keys where the reference does (`chartgen.values.templating.TPL_FIELDS`, written
  into `templates/_chartgen_data.tpl` with the cloud-identity annotation keys that buildkitd's
  ServiceAccount leaves out), so chart and render agree.
- The cross-field rules a template can check `fail` with chartgen's rule ID (`FAIL_RULES`),
  from `templates/validate.yaml`, which Helm renders first.
- Values reach the objects through a Go port of `chartgen.render.yamltext` (`imagebuilder.q`,
  `.text`, `.block`), not Helm's `toYaml`, which writes an empty string for text with DEL or
  U+FFFE and leaves NEL raw; a string holding `<no value>` (which Helm deletes from template
  output) is written with its `<` escaped. The same port writes storage.yaml, byte for byte.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
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

_FILES = Path(__file__).resolve().parent / "files"

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


def chartgen_data() -> str:
    """`templates/_chartgen_data.tpl`: chartgen's tables the Go templates read, as JSON."""
    from chartgen.clouds import CLOUDS
    from chartgen.values.templating import TPL_FIELDS

    fields = [
        {"path": list(spec.path), "passes": spec.passes, "keys": spec.keys}
        for spec in TPL_FIELDS
        if spec.passes
    ]
    # One cloud (AWS: `PREFIX/role-arn`) reads its annotation under any prefix.
    [suffix] = [
        c.IDENTITY_ANNOTATION.rpartition("/")[2] for c in CLOUDS if c.IDENTITY_PREFIX_VARIES
    ]
    exact = sorted(c.IDENTITY_ANNOTATION for c in CLOUDS if not c.IDENTITY_PREFIX_VARIES)
    identity = {"exact": exact, "suffix": suffix}
    lines = [
        "{{- /* Written by `chartgen chart` from chartgen's own tables; do not edit. */ -}}",
        "",
        "{{- /* The values the reference chart passes through `tpl`: path, how many times, and",
        "whether map keys too (chartgen/values/templating.py, TPL_FIELDS). */ -}}",
        '{{- define "imagebuilder.tplFields" -}}',
        json.dumps(fields, separators=(",", ":")),
        "{{- end -}}",
        "",
        "{{- /* Annotation keys that give a pod a cloud identity (chartgen/model.py): exact keys,",
        "and the name of IRSA's PREFIX/role-arn. */ -}}",
        '{{- define "imagebuilder.cloudIdentityKeys" -}}',
        json.dumps(identity, separators=(",", ":")),
        "{{- end -}}",
    ]
    return "\n".join(lines) + "\n"


@cache
def shipped_files() -> dict[str, str]:
    """The chart's fixed files (templates, NOTES.txt, .helmignore), by path in the chart."""
    files: dict[str, str] = {}
    for path in sorted(_FILES.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(_FILES).as_posix()
            # Packaged without a leading dot, so that no tool skips it as a hidden file.
            name = ".helmignore" if relative == "helmignore" else relative
            files[name] = path.read_text(encoding="utf-8")
    return files


def build_chart(
    data: dict[str, Any],
    templated: dict[tuple[Any, ...], Any],
    *,
    target_namespaces: list[str] | None = None,
) -> dict[str, str]:
    """Every file of the chart (path in the chart → text), from validated, merged values."""
    from chartgen.chart.readme import readme
    from chartgen.chart.values_file import chart_schema, chart_values, values_yaml

    values = chart_values(data, templated, list(target_namespaces or []))
    files = {
        "Chart.yaml": chart_yaml(),
        "values.yaml": values_yaml(values, HEADER),
        "values.schema.json": json.dumps(chart_schema(), indent=2, ensure_ascii=False) + "\n",
        "README.md": readme(),
        DATA_TEMPLATE: chartgen_data(),
    }
    files.update(shipped_files())
    return dict(sorted(files.items()))
