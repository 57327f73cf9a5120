"""Manifest rendering: validated values in, Kubernetes objects out, deterministically.

`render_objects(values, options)` walks the object table (`objects.py`), renders each object's
template (`templates/*.j2`, compiled ahead of time into `chartgen/generated/templates.py`; Jinja
itself is needed only to regenerate that module) with the context of `context.py`, parses the
text back with a safe YAML loader, and returns the objects in Helm's install order (`order.py`).
What reaches the text passes through one safe quoting filter (`yamltext.py`), so parsing it
gives back exactly the values that went in. `dump_yaml`, `dump_json` and `output_files` format a
result for stdout or `--output-dir`.

Callers validate first (`chartgen.validate.validate_sources`): rendering assumes values that
passed the schema and the rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from chartgen.findings import Finding, FindingKind, Severity
from chartgen.kube import KubeVersion, resolve_kube_version
from chartgen.record import field, record

if TYPE_CHECKING:
    from chartgen.model import Values

SOURCE_PREFIX = "chartgen/templates/"

STORAGE_INCOMPLETE = FindingKind(
    "IB411",
    "storage-incomplete",
    Severity.WARNING,
    """storage.yaml of the build-image ConfigMap has no storage keys for the build task.

With `storage.credentialsSecretRef.name` the reference chart copies that Secret's access keys
into storage.yaml when it is installed (Helm `lookup` reads the cluster). chartgen never reads
the cluster and never copies secret material into a ConfigMap, so the build task gets no keys:
give its service account storage access through IAM (`storage.authType: iam`).""",
)

KINDS: tuple[FindingKind, ...] = (STORAGE_INCOMPLETE,)


@record(frozen=True)
class RenderOptions:
    """The `helm template`-like side of a render."""

    release_name: str = "union"
    namespace: str = "union"
    kube_version: KubeVersion = field(default_factory=lambda: resolve_kube_version(None))
    target_namespaces: list[str] = field(default_factory=list)


@record(frozen=True)
class RenderedObject:
    """One object: the template it came from, its YAML text as rendered, and the parsed object."""

    template: str
    text: str
    object: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.object.get("kind", ""))

    @property
    def name(self) -> str:
        return str((self.object.get("metadata") or {}).get("name", ""))

    @property
    def namespace(self) -> str | None:
        namespace = (self.object.get("metadata") or {}).get("namespace")
        return None if namespace is None else str(namespace)

    @property
    def source(self) -> str:
        return SOURCE_PREFIX + self.template


@record
class Rendered:
    """The result of a render: documents in output order, and what rendering found."""

    documents: list[RenderedObject]
    findings: list[Finding]
    namespace: str = "union"

    @property
    def objects(self) -> list[dict[str, Any]]:
        return [document.object for document in self.documents]

    def __iter__(self) -> Iterator[RenderedObject]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)


class RenderError(Exception):
    """A template produced something that is not one Kubernetes object (a chartgen bug)."""


@cache
def _yaml_loader() -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe")


def parse_document(text: str, source: str) -> dict[str, Any] | None:
    """One rendered document as data; None when the template rendered nothing."""
    if not text.strip():
        return None
    try:
        data = _yaml_loader().load(text)
    except Exception as exc:  # ruamel raises a family of errors; all mean the same here
        raise RenderError(f"{source} rendered invalid YAML: {exc}") from exc
    if not isinstance(data, dict) or not data.get("kind") or not data.get("metadata"):
        raise RenderError(f"{source} did not render one Kubernetes object")
    return data


def render_template(name: str, context: dict[str, Any]) -> str:
    """One template's text for `context`: the template compiled ahead of time into Python
    (chartgen/generated/templates.py), so a render neither imports Jinja nor compiles."""
    from chartgen.generated.templates import TEMPLATES

    return TEMPLATES[name](context)


def render_objects(values: Values, options: RenderOptions | None = None) -> Rendered:
    """Render every object the values call for, in Helm's install order."""
    from chartgen.buildkit.buildkitd_toml import render_buildkitd_toml
    from chartgen.render.context import RenderSettings, template_context
    from chartgen.render.objects import OBJECTS, Placement
    from chartgen.render.order import object_sort_key
    from chartgen.render.storage import storage_yaml

    options = options or RenderOptions()
    findings: list[Finding] = []
    if not values.imageBuilder.enabled:
        return Rendered([], findings, options.namespace)

    # Always rendered: the build task mounts the key by name (render/storage.py).
    storage_text, storage_findings = storage_yaml(values.storage)
    findings.extend(storage_findings)
    buildkitd_toml = render_buildkitd_toml(values) if values.buildkit_deployed else ""

    settings = RenderSettings(options.release_name, options.namespace, options.kube_version)
    context = template_context(values, settings, buildkitd_toml, storage_text)
    placement = Placement(options.namespace, tuple(options.target_namespaces))
    documents: list[RenderedObject] = []
    for spec in OBJECTS:
        for namespace in spec.placements(values, placement):
            text = render_template(spec.template, {**context, "namespace": namespace})
            data = parse_document(text, SOURCE_PREFIX + spec.template)
            if data is not None:
                documents.append(RenderedObject(spec.template, text, data))
    documents.sort(key=lambda document: object_sort_key(document.object))
    from chartgen.names import object_findings  # the one check of every final name

    for document in documents:
        findings.extend(object_findings(document.object))
    return Rendered(documents, findings, options.namespace)


def dump_yaml(rendered: Rendered) -> str:
    """One YAML stream, like `helm template`: `---`, `# Source: ...`, the object."""
    parts: list[str] = []
    for document in rendered:
        text = document.text if document.text.endswith("\n") else document.text + "\n"
        parts.append(f"---\n# Source: {document.source}\n{text}")
    return "".join(parts)


def dump_json(rendered: Rendered) -> str:
    """A `v1 List` of the objects (what `kubectl apply -f` accepts as one JSON document)."""
    document = {"apiVersion": "v1", "kind": "List", "items": rendered.objects}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def object_file_name(index: int, document: RenderedObject, release_namespace: str,
                     *, width: int = 2, extension: str = "yaml") -> str:
    """`NN-kind-name.yaml`; objects outside the release namespace add it: `NN-kind-ns-name.yaml`."""
    parts = [f"{index:0{width}d}", document.kind.lower()]
    if document.namespace is not None and document.namespace != release_namespace:
        parts.append(document.namespace)
    parts.append(document.name)
    from chartgen.output import fit_file_name  # a 253-character name must still fit

    return fit_file_name("-".join(parts), "." + extension)


def output_files(rendered: Rendered, output_format: str = "yaml") -> dict[str, str]:
    """One file per object for `--output-dir`, numbered in output order (stable names)."""
    width = max(2, len(str(len(rendered))))
    files: dict[str, str] = {}
    for index, document in enumerate(rendered, start=1):
        if output_format == "json":
            name = object_file_name(index, document, rendered.namespace, width=width,
                                    extension="json")
            files[name] = json.dumps(document.object, indent=2, ensure_ascii=False) + "\n"
        else:
            name = object_file_name(index, document, rendered.namespace, width=width)
            text = document.text if document.text.endswith("\n") else document.text + "\n"
            files[name] = f"# Source: {document.source}\n{text}"
    return files
