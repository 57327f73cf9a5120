"""Matching the objects of two sides and saying how each pair differs.

An object is identified by API group, kind, namespace and name (`ObjectKey`): the API version
is not part of it (`autoscaling/v2` and `autoscaling/v1` name one HorizontalPodAutoscaler),
and a namespaced object written without a namespace is in the release namespace, as Helm and
`kubectl apply -n` place it. Each pair is normalised (`normalize.py`) and compared field by
field; a changed object also gets a unified diff of its YAML, keys sorted as kubectl prints
them, every value written by the one YAML routine (`render/yamltext.py`).
"""

from __future__ import annotations

import difflib
from typing import Any, Literal

from chartgen.diff.normalize import normalize, reconcile
from chartgen.findings import Location
from chartgen.record import field, record

Path = tuple[str | int, ...]

# Kinds that live outside namespaces, among those a release or its cluster facts hold.
CLUSTER_SCOPED_KINDS = frozenset({
    "Namespace", "Node", "PersistentVolume", "StorageClass", "CustomResourceDefinition",
    "ClusterRole", "ClusterRoleBinding", "PriorityClass", "SecurityContextConstraints",
    "ClusterIssuer", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
    "APIService", "IngressClass", "RuntimeClass",
})


@record(frozen=True, order=True)
class ObjectKey:
    group: str
    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        where = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind} {where}{self.name}"

    @property
    def slug(self) -> str:
        """`Deployment/union/union-operator-buildkit`: a diff header's file name."""
        return "/".join(part for part in (self.kind, self.namespace, self.name) if part)


def object_key(data: dict[str, Any], release_namespace: str) -> ObjectKey:
    api_version = str(data.get("apiVersion", ""))
    group = api_version.rpartition("/")[0]
    kind = str(data.get("kind", ""))
    metadata = data.get("metadata") or {}
    namespace = metadata.get("namespace") if isinstance(metadata, dict) else None
    if kind in CLUSTER_SCOPED_KINDS:
        namespace = ""
    elif not namespace:
        namespace = release_namespace
    return ObjectKey(group, kind, str(namespace), str(metadata.get("name", "")))


@record(frozen=True)
class SideObject:
    """One object of one side, and where it was read or rendered from."""

    key: ObjectKey
    data: dict[str, Any]
    location: Location


@record(frozen=True)
class FieldChange:
    path: Path
    old: Any = None
    new: Any = None
    in_old: bool = True
    in_new: bool = True

    @property
    def json_path(self) -> str:
        return json_path(self.path)


@record
class ObjectChange:
    key: ObjectKey
    change: Literal["added", "removed", "changed"]
    old: dict[str, Any] | None  # normalised
    new: dict[str, Any] | None
    old_location: Location | None
    new_location: Location | None
    fields: list[FieldChange] = field(default_factory=list)
    diff: str = ""
    old_raw: dict[str, Any] | None = None  # as read or rendered
    new_raw: dict[str, Any] | None = None

    @property
    def api_version(self) -> str:
        data = self.new if self.new is not None else self.old
        return str((data or {}).get("apiVersion", ""))

    def touches(self, *prefix: str | int) -> list[FieldChange]:
        """The field changes at or below `prefix`, and those of a parent of it (a mapping
        added or removed as a whole changes every field in it)."""
        return [change for change in self.fields
                if change.path[: len(prefix)] == prefix
                or prefix[: len(change.path)] == change.path]


@record
class Comparison:
    changes: list[ObjectChange]
    unchanged: list[ObjectKey]

    def of_kind(self, kind: str) -> list[ObjectChange]:
        return [change for change in self.changes if change.key.kind == kind]

    def count(self, change: str) -> int:
        return sum(1 for item in self.changes if item.change == change)

    def find(self, kind: str, name: str | None = None) -> ObjectChange | None:
        for change in self.changes:
            if change.key.kind == kind and (name is None or change.key.name == name):
                return change
        return None


def json_path(path: Path) -> str:
    parts = ["$"]
    for key in path:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif key.replace("_", "").replace("-", "").isalnum():
            parts.append(f".{key}")
        else:
            parts.append("[" + _quoted(key) + "]")
    return "".join(parts)


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def field_changes(old: Any, new: Any, path: Path = ()) -> list[FieldChange]:
    """Leaf-level differences; lists of different lengths are one change of the whole list."""
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[FieldChange] = []
        for key in sorted(old.keys() | new.keys()):
            child = (*path, key)
            if key not in new:
                changes.append(FieldChange(child, old=old[key], in_new=False))
            elif key not in old:
                changes.append(FieldChange(child, new=new[key], in_old=False))
            else:
                changes.extend(field_changes(old[key], new[key], child))
        return changes
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        found: list[FieldChange] = []
        for index, (left, right) in enumerate(zip(old, new, strict=True)):
            found.extend(field_changes(left, right, (*path, index)))
        return found
    if type(old) is type(new) and old == new:
        return []
    return [FieldChange(path, old=old, new=new)]


def yaml_lines(data: dict[str, Any] | None) -> list[str]:
    from chartgen.render.yamltext import block

    if data is None:
        return []
    return block(data, 0, sort_keys=True).splitlines()


def unified(change: ObjectChange, old_label: str, new_label: str, context: int) -> str:
    old_name = f"{old_label}/{change.key.slug}" if change.old is not None else "/dev/null"
    new_name = f"{new_label}/{change.key.slug}" if change.new is not None else "/dev/null"
    lines = difflib.unified_diff(
        yaml_lines(change.old), yaml_lines(change.new), old_name, new_name, n=context,
        lineterm="",
    )
    return "\n".join(lines) + "\n"


def compare(old: list[SideObject], new: list[SideObject], *, old_label: str, new_label: str,
            context: int = 3) -> Comparison:
    """Every object of either side: added, removed, changed, or unchanged."""
    old_by_key = {item.key: item for item in old}
    new_by_key = {item.key: item for item in new}
    hpa_targets = _hpa_targets(old) & _hpa_targets(new)
    changes: list[ObjectChange] = []
    unchanged: list[ObjectKey] = []
    for key in sorted(old_by_key.keys() | new_by_key.keys()):
        before, after = old_by_key.get(key), new_by_key.get(key)
        if before is not None and after is not None:
            left, right = reconcile(
                normalize(_placed(before.data, key)), normalize(_placed(after.data, key)),
                hpa_managed=(key.namespace, key.name) in hpa_targets,
            )
            fields = field_changes(left, right)
            if not fields:
                unchanged.append(key)
                continue
            change = ObjectChange(key, "changed", left, right, before.location, after.location,
                                  fields, old_raw=before.data, new_raw=after.data)
        elif after is not None:
            right = normalize(after.data)
            change = ObjectChange(key, "added", None, right, None, after.location,
                                  field_changes({}, right), new_raw=after.data)
        else:
            assert before is not None
            left = normalize(before.data)
            change = ObjectChange(key, "removed", left, None, before.location, None,
                                  field_changes(left, {}), old_raw=before.data)
        change.diff = unified(change, old_label, new_label, context)
        changes.append(change)
    return Comparison(changes, unchanged)


def _placed(data: dict[str, Any], key: ObjectKey) -> dict[str, Any]:
    """The object with the namespace it lands in written out: a manifest that leaves it to
    `helm install -n` / `kubectl apply -n` and one that names it are the same object."""
    metadata = data.get("metadata")
    if not key.namespace or not isinstance(metadata, dict) or metadata.get("namespace"):
        return data
    return {**data, "metadata": {**metadata, "namespace": key.namespace}}


def _hpa_targets(side: list[SideObject]) -> set[tuple[str, str]]:
    """(namespace, Deployment name) of every Deployment an HPA of this side scales."""
    targets: set[tuple[str, str]] = set()
    for item in side:
        if item.key.kind != "HorizontalPodAutoscaler":
            continue
        target = (item.data.get("spec") or {}).get("scaleTargetRef") or {}
        if isinstance(target, dict) and target.get("kind") == "Deployment":
            targets.add((item.key.namespace, str(target.get("name", ""))))
    return targets
