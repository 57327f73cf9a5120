"""BuildKit's GC budget can outgrow the container's ephemeral-storage limit.

chartgen's GC policies size BuildKit's cache with `buildkit.gc.maxUsedSpace` (the whole cache,
default "80%") and `reservedSpace` (what each policy keeps, default "10%"). BuildKit measures a
percentage against the file system that holds its state directory (`/var/lib/buildkit`,
rootless `/home/user/.local/share/buildkit`, or `root` from extraConfig). In a pod that is the
node's disk (the container's writable layer or an `emptyDir`), not the container's
`resources.limits.ephemeral-storage`. On a node whose disk is larger than the limit divided by
the percentage, the cache grows past the limit and the kubelet evicts the pod — losing the
cache and every running build. A size larger than the limit does the same on any node.

Fix: size the GC below the limit (`buildkit.gc.maxUsedSpace: 40GB` and a `reservedSpace` that
fits, for a 60Gi limit); or give BuildKit's state a volume of its own (`additionalVolumes` with a
`persistentVolumeClaim` or generic `ephemeral` volume mounted at the state directory), so the
percentages measure that volume; or drop the limit and keep the request (the default).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._extra_config import analysis

ID = "IB231"
NAME = "gc-exceeds-ephemeral-storage"
SEVERITY = Severity.WARNING

LIMIT = ("imageBuilder", "buildkit", "resources", "limits", "ephemeral-storage")
ROOTFUL_STATE = "/var/lib/buildkit"
ROOTLESS_STATE = "/home/user/.local/share/buildkit"

_SUFFIXES = {
    "": 1, "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18,
    "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60,
}
# A Kubernetes quantity: a decimal number, then a binary or decimal suffix or an exponent.
_QUANTITY = re.compile(r"(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?P<suffix>[A-Za-z]{0,2})"
                       r"(?:[eE](?P<exponent>[+-]?[0-9]{1,3}))?")


def quantity_bytes(value: Any) -> float | None:
    """A Kubernetes quantity in bytes, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    match = _QUANTITY.fullmatch(str(value).strip())
    if not match or match["suffix"] not in _SUFFIXES:
        return None
    number = float(match["number"]) * _SUFFIXES[match["suffix"]]
    if match["exponent"] is not None:
        if match["suffix"]:
            return None
        number *= 10 ** int(match["exponent"])
    return number


def budget_problem(size: str, limit: float, what: str, count: int = 1) -> str | None:
    """Why `count` times a GC size can exceed the limit (None: it cannot)."""
    from chartgen.buildkit.structure import ram_in_bytes

    shown = f"{count} × {what}" if count > 1 else what
    if size.endswith("%"):
        share = int(size[:-1] or 0) * count
        if share == 0:
            return None
        return (f"{shown} = \"{size}\" of the disk under the state directory, which is the "
                f"node's disk: on nodes with more than {_human(limit * 100 / share)} of disk it "
                f"passes the ephemeral-storage limit ({_human(limit)})")
    size_bytes = ram_in_bytes(size)
    if size_bytes is not None and size_bytes * count > limit:
        return f"{shown} = \"{size}\" is more than the ephemeral-storage limit ({_human(limit)})"
    return None


def _human(size: float) -> str:
    for unit, factor in (("Ti", 2**40), ("Gi", 2**30), ("Mi", 2**20)):
        if size >= factor:
            return f"{size / factor:.3g}{unit}"
    return f"{size:.0f} bytes"


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    buildkit = values.buildkit
    if not values.buildkit_deployed:
        return
    limits = buildkit.resources.get("limits") or {}
    limit = quantity_bytes(limits.get("ephemeral-storage")) if isinstance(limits, dict) else None
    if not limit:
        return
    state = ROOTLESS_STATE if buildkit.rootless else ROOTFUL_STATE
    result = analysis(ctx)
    if result is not None:
        roots = [s for s in result.settings("root") if s.value and s.value.kind == "string"]
        if roots and roots[-1].value is not None:
            state = roots[-1].value.value
    if _own_volume(buildkit.additionalVolumeMounts, buildkit.additionalVolumes, state):
        return
    gc = buildkit.gc
    # The whole cache first; the first three policies each keep reservedSpace, which matters
    # only once maxUsedSpace fits.
    problem = budget_problem(gc.maxUsedSpace, limit, "gc.maxUsedSpace") or budget_problem(
        gc.reservedSpace, limit, "gc.reservedSpace", count=3
    )
    if problem is None:
        return
    alternative = (
        "move the state with extraConfig `root` onto a volume of its own that user 1000 can "
        "write"
        if buildkit.rootless and state == ROOTLESS_STATE
        else f"mount a volume of its own (a persistentVolumeClaim or generic ephemeral volume) "
        f"at {state} with additionalVolumes/additionalVolumeMounts"
    )
    yield ctx.finding(
        ID,
        LIMIT,
        f"BuildKit's GC can keep more than the container may store: {problem}, and the "
        "kubelet then evicts the pod",
        f"Set imageBuilder.buildkit.gc.maxUsedSpace (and reservedSpace) to sizes below the "
        f"limit, e.g. \"{_human(limit * 0.6).replace('i', '')}B\"; or {alternative}; or remove "
        "resources.limits.ephemeral-storage and keep the request.",
    )


def _own_volume(mounts: list[dict[str, Any]], volumes: list[dict[str, Any]], state: str) -> bool:
    """Whether the state directory lies on a mounted volume that is not node disk."""
    node_disk = {
        str(volume.get("name"))
        for volume in volumes
        if isinstance(volume, dict) and ("emptyDir" in volume or "hostPath" in volume)
    }
    for mount in mounts:
        if not isinstance(mount, dict):
            continue
        path = str(mount.get("mountPath", "")).rstrip("/")
        if path and (state == path or state.startswith(path + "/")):
            return str(mount.get("name")) not in node_disk
    return False
