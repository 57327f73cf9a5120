"""Bringing two versions of one object to the form in which a difference means a change.

`normalize(obj)` works on one side: it drops what the API server and its controllers add
(`defaults.SERVER_*`) and every field that equals the default Kubernetes would give it
(`defaults.DEFAULTS`). `reconcile(old, new)` works on the pair: it drops allocated fields only
one side has (`defaults.ALLOCATED`), makes equal quantities look equal (`1000m` and `1`), and
drops `spec.replicas` of a Deployment that a HorizontalPodAutoscaler scales on both sides.
Both return new objects; the inputs are not changed.
"""

from __future__ import annotations

import copy
from typing import Any

from chartgen.diff.defaults import (
    ALLOCATED,
    DEFAULTS,
    NO_DEFAULT,
    POD_METADATA_PATHS,
    POD_TEMPLATE_SERVER_ANNOTATIONS,
    SERVER_ANNOTATIONS,
    SERVER_METADATA,
    applies,
    matches,
)
from chartgen.quantity import same_quantity

Path = tuple[str | int, ...]

# Fields whose values are resource quantities, by the key that holds them and, for resource
# lists, the key of the list (`resources.requests.cpu`).
_QUANTITY_KEYS = frozenset({"sizeLimit", "divisor", "averageValue"})
_RESOURCE_LISTS = frozenset({"requests", "limits", "capacity", "allocatable"})


def value_at(data: Any, path: Path) -> Any:
    """The value at `path` in a decoded object, or None where the path leads nowhere."""
    for key in path:
        if isinstance(data, dict) and isinstance(key, str):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return None
    return data


def _delete(data: Any, path: Path) -> None:
    parent = value_at(data, path[:-1])
    key = path[-1]
    if isinstance(parent, dict) and isinstance(key, str):
        parent.pop(key, None)


def _strip_metadata(metadata: Any, annotations: frozenset[str]) -> None:
    if not isinstance(metadata, dict):
        return
    for key in SERVER_METADATA:
        metadata.pop(key, None)
    found = metadata.get("annotations")
    if isinstance(found, dict):
        for key in annotations:
            found.pop(key, None)


def _strip_service_account(obj: dict[str, Any]) -> None:
    """Token Secrets the legacy token controller listed (before 1.24) and the pull Secret
    OpenShift's controller adds (`NAME-dockercfg-xxxxx`) are not part of any manifest."""
    obj.pop("secrets", None)
    name = value_at(obj, ("metadata", "name"))
    pulls = obj.get("imagePullSecrets")
    if isinstance(pulls, list) and isinstance(name, str):
        kept = [entry for entry in pulls
                if not (isinstance(entry, dict) and isinstance(entry.get("name"), str)
                        and entry["name"].startswith(f"{name}-dockercfg-"))]
        if kept:
            obj["imagePullSecrets"] = kept
        else:
            obj.pop("imagePullSecrets")


def normalize(obj: dict[str, Any]) -> dict[str, Any]:
    """`obj` without server-populated fields and without fields equal to their default."""
    result = copy.deepcopy(obj)
    result.pop("status", None)
    kind = str(result.get("kind", ""))
    _strip_metadata(result.get("metadata"), SERVER_ANNOTATIONS)
    if kind in POD_METADATA_PATHS:
        _strip_metadata(value_at(result, POD_METADATA_PATHS[kind]),
                        POD_TEMPLATE_SERVER_ANNOTATIONS)
    if kind == "ServiceAccount":
        _strip_service_account(result)
    # Deepest fields first, so that a parent left empty by its defaulted children (a
    # `strategy.rollingUpdate` of default parameters) is seen empty.
    for default in sorted(DEFAULTS, key=lambda entry: -len(entry.path)):
        if not applies(default.kinds, kind):
            continue
        for path in list(matches(default.path, result)):
            value = default.value(result, path)
            if value is NO_DEFAULT:
                continue
            if default.equal(value_at(result, path), value):
                _delete(result, path)
    return result


def is_quantity(path: Path) -> bool:
    """Whether the field at `path` holds a resource quantity."""
    if not path or not isinstance(path[-1], str):
        return False
    key = path[-1]
    parent = path[-2] if len(path) >= 2 else None
    if parent in _RESOURCE_LISTS or key in _QUANTITY_KEYS:
        return True
    return key == "value" and parent == "target"  # an HPA metric target


def _is_resource(path: Path) -> bool:
    return len(path) >= 3 and path[-2] in ("requests", "limits") and path[-3] == "resources"


def reconcile(old: dict[str, Any], new: dict[str, Any], *, hpa_managed: bool = False,
              ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The pair as it should be compared (copies): allocated fields one side lacks dropped,
    equal quantities written alike, `spec.replicas` dropped when an HPA owns it."""
    old, new = copy.deepcopy(old), copy.deepcopy(new)
    kind = str(new.get("kind") or old.get("kind") or "")
    for kinds, pattern in ALLOCATED:
        if not applies(kinds, kind):
            continue
        old_paths, new_paths = set(matches(pattern, old)), set(matches(pattern, new))
        for path in old_paths - new_paths:
            _delete(old, path)
        for path in new_paths - old_paths:
            _delete(new, path)
    if hpa_managed and kind == "Deployment":
        for side in (old, new):
            spec = side.get("spec")
            if isinstance(spec, dict):
                spec.pop("replicas", None)
    _restore_defaults(old, new, kind)
    _align_quantities(old, new, ())
    return old, new


def _restore_defaults(old: dict[str, Any], new: dict[str, Any], kind: str) -> None:
    """Where one side sets a defaulted field and the other leaves it out, write the default
    into the other side: `replicas: 2` against no `replicas` reads as 2 → 1, which is what
    applying it does. Empty defaults (`{}`, `null`) are not written; they would only add
    noise."""
    for default in sorted(DEFAULTS, key=lambda entry: len(entry.path)):
        if not applies(default.kinds, kind):
            continue
        for present, missing in ((old, new), (new, old)):
            for path in set(matches(default.path, present)) - set(matches(default.path, missing)):
                value = default.value(missing, path)
                if value is NO_DEFAULT or value in (None, {}, []):
                    continue
                _set(missing, path, copy.deepcopy(value))


def _set(data: dict[str, Any], path: Path, value: Any) -> None:
    """Write `value` at `path`, creating the mappings on the way; nothing when a list entry on
    the way is missing."""
    current: Any = data
    for key in path[:-1]:
        if isinstance(key, int):
            if not isinstance(current, list) or key >= len(current):
                return
            current = current[key]
            continue
        if not isinstance(current, dict):
            return
        current = current.setdefault(key, {})
    if isinstance(current, dict) and isinstance(path[-1], str):
        current[path[-1]] = value


def _align_quantities(old: Any, new: Any, path: Path) -> None:
    """Where both sides hold the same quantity written differently, write the new side's as
    the old side's, so that only real changes remain."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old.keys() & new.keys():
            child = (*path, key)
            if is_quantity(child) and not isinstance(old[key], (dict, list)) \
                    and same_quantity(old[key], new[key], resource=_is_resource(child)):
                new[key] = old[key]
            else:
                _align_quantities(old[key], new[key], child)
    elif isinstance(old, list) and isinstance(new, list):
        for index, (left, right) in enumerate(zip(old, new, strict=False)):
            _align_quantities(left, right, (*path, index))
