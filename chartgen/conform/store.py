"""The schema store: one set of Kubernetes JSON schema files that both engines read.

The source is the strict schema set shipped in the `kubernetes-validate` package
(`kubernetes-json-schema/v1.XX.0-local-strict/`). Those files `$ref` a shared
`_definitions.json`, which kubeconform cannot follow from a local schema location, so on first
use this module writes a *standalone* copy of each kind file that is needed (every `$ref`
inlined) into the user cache directory:

    $CHARTGEN_CACHE_DIR | $XDG_CACHE_HOME/chartgen | ~/.cache/chartgen
      /kubernetes-schemas/<kubernetes-validate version>/v1.XX.0-standalone-strict/<file>.json

File names follow kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}.json` template (the kind
in lower case, the first label of the API group, the version: `deployment-apps-v1.json`,
`networkpolicy-networking-v1.json`, `configmap-v1.json`), which is also how kubernetes-validate
names its files. Building (`dereference.py` inlines the `$ref`s) is deterministic (sorted keys,
the same bytes every time) and atomic (`output.write_file_atomic`: a temporary file renamed into
place), so concurrent runs are safe and a crash never leaves a half-written schema behind.
Beside each file, `<file>.sha256` holds the digest of its bytes: a cached file that no longer
matches (edited, truncated, replaced — the cache is the user's directory) is rebuilt before
any engine reads it, never trusted and never an internal error.

Schemas for kinds that are not part of Kubernetes (CRDs) are shipped by chartgen itself in
`schemas/kubernetes/`, already standalone, named `{kind}-{group}-{version}.json` with the full
API group (`certificate-cert-manager.io-v1.json`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

from chartgen.conform.dereference import Dereferencer, UnresolvableReference
from chartgen.kube import KubeVersion
from chartgen.output import write_file_atomic
from chartgen.record import record

_STRICT_DIR = re.compile(r"v([0-9]{1,9})\.([0-9]{1,9})\.0-local-strict")


class StoreError(Exception):
    """The schemas cannot be found, read or built: the environment is at fault, not the input."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@record(frozen=True)
class SchemaFile:
    """The standalone schema one object is validated against, and how to name it to a user."""

    path: Path
    origin: Literal["kubernetes", "chartgen"]
    title: str


def kubeconform_file_name(kind: str, api_version: str) -> str:
    """The file name kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}.json` produces.

    Mirrors kubeconform's `schemaPath`: `apps/v1` -> `-apps-v1`, `networking.k8s.io/v1` ->
    `-networking-v1`, `v1` -> `-v1`.
    """
    group_parts = api_version.split("/")
    suffix = "-" + group_parts[0].split(".")[0].lower()
    if len(group_parts) > 1:
        suffix += "-" + group_parts[1].lower()
    return f"{kind.lower()}{suffix}.json"


def shipped_file_name(kind: str, api_version: str) -> str | None:
    """`{kind}-{group}-{version}.json` for a grouped API version (CRDs); None for core `v1`."""
    group, slash, version = api_version.partition("/")
    if not slash:
        return None
    return f"{kind.lower()}-{group}-{version}.json"


def split_api_version(api_version: str) -> tuple[str, str]:
    group, slash, version = api_version.partition("/")
    return (group, version) if slash else ("", group)


# ---------------------------------------------------------------------------------------------
# Where things are


@cache
def kubernetes_validate_schemas() -> Path:
    """The `kubernetes-json-schema` folder inside the installed kubernetes-validate package."""
    import importlib.util

    # find_spec locates the package without importing it (its import pulls in jsonschema/yaml).
    spec = importlib.util.find_spec("kubernetes_validate")
    if spec is None or not spec.submodule_search_locations:
        raise StoreError(
            "--validate-manifests needs the Kubernetes schemas of the kubernetes-validate "
            "package, which is not installed (chartgen's `manifests` extra)",
            "Install chartgen with it: pip install 'chartgen[manifests]' (pipx: pipx inject "
            "chartgen kubernetes-validate); or leave out --validate-manifests.",
        )
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "kubernetes-json-schema"
        if candidate.is_dir():
            return candidate
    raise StoreError(
        "the kubernetes-validate package has no kubernetes-json-schema folder",
        "Reinstall kubernetes-validate.",
    )


@cache
def kubernetes_validate_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kubernetes-validate")
    except PackageNotFoundError:
        return "unknown"


def available_minors() -> list[tuple[int, int]]:
    """The Kubernetes minors with a strict schema set, oldest first."""
    found = []
    for entry in kubernetes_validate_schemas().iterdir():
        match = _STRICT_DIR.fullmatch(entry.name)
        if match and entry.is_dir():
            found.append((int(match.group(1)), int(match.group(2))))
    return sorted(found)


def cache_root() -> Path:
    """chartgen's cache directory: `$CHARTGEN_CACHE_DIR`, else the XDG user cache."""
    override = os.environ.get("CHARTGEN_CACHE_DIR")
    if override:
        return Path(override).expanduser().absolute()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return (base / "chartgen").absolute()


def shipped_schemas() -> Path:
    from chartgen.resources import schemas_dir

    return schemas_dir() / "kubernetes"


def serialise(schema: Any) -> bytes:
    """The canonical bytes of a schema: sorted keys, compact, UTF-8, trailing newline."""
    text = json.dumps(schema, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8") + b"\n"


def _load_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"cannot read schema {path}: {exc}", "Reinstall chartgen and kubernetes-validate."
        ) from exc


@cache
def _dereferencer(source_dir: Path) -> Dereferencer:
    definitions = _load_json(source_dir / "_definitions.json")
    if not isinstance(definitions, dict) or not isinstance(definitions.get("$defs"), dict):
        raise StoreError(f"{source_dir / '_definitions.json'} has no $defs")
    return Dereferencer(definitions["$defs"])


def build_standalone(source_dir: Path, file_name: str) -> bytes:
    """The standalone bytes of one kind file of a kubernetes-validate strict schema set."""
    root = _load_json(source_dir / file_name)
    if not isinstance(root, dict):
        raise StoreError(f"{source_dir / file_name} is not a JSON schema object")
    try:
        return serialise(_dereferencer(source_dir).standalone(root))
    except UnresolvableReference as exc:
        raise StoreError(str(exc)) from exc


# ---------------------------------------------------------------------------------------------
# The store of one Kubernetes version


def _declares(schema: dict[str, Any], group: str, version: str, kind: str) -> bool:
    gvks = schema.get("x-kubernetes-group-version-kind")
    if not isinstance(gvks, list):
        return False
    return any(
        isinstance(gvk, dict)
        and gvk.get("group", "") == group
        and gvk.get("version") == version
        and gvk.get("kind") == kind
        for gvk in gvks
    )


@cache
def _top_level_gvk(path: Path) -> Any:
    """Read only what is needed to check a source file is the schema of a top-level kind."""
    schema = _load_json(path)
    return {"x-kubernetes-group-version-kind": schema.get("x-kubernetes-group-version-kind")}


@record(frozen=True)
class SchemaStore:
    """The schemas of one Kubernetes minor: the standalone cache and chartgen's CRD schemas."""

    version: KubeVersion
    source_dir: Path
    standalone_dir: Path
    shipped_dir: Path

    @property
    def minor_label(self) -> str:
        return f"{self.version.major}.{self.version.minor}"

    def schema_for(self, api_version: str, kind: str) -> SchemaFile | None:
        """The standalone schema for one object, built on first use; None if there is none.

        chartgen's own CRD schemas are looked up first: their names carry the full API group,
        so they cannot shadow a Kubernetes kind (kubeconform searches in the same order). A
        kubernetes-validate file is used only if it declares exactly this group, version and
        kind: kubeconform's file names keep only the first label of the group, so
        `rbac.example.com/v1 Role` would otherwise be checked against Kubernetes' Role.
        """
        shipped = shipped_file_name(kind, api_version)
        if shipped and (self.shipped_dir / shipped).is_file():
            return SchemaFile(
                self.shipped_dir / shipped,
                "chartgen",
                f"the schema chartgen ships for {api_version} {kind}",
            )
        group, version = split_api_version(api_version)
        name = kubeconform_file_name(kind, api_version)
        source = self.source_dir / name
        if not (source.is_file() and _declares(_top_level_gvk(source), group, version, kind)):
            return None
        target = self.standalone_dir / name
        if not _intact(target):
            self._build(name, target)
        return SchemaFile(
            target,
            "kubernetes",
            f"the Kubernetes {self.minor_label} schema of {api_version} {kind}",
        )

    def _build(self, name: str, target: Path) -> None:
        data = build_standalone(self.source_dir, name)
        try:
            write_file_atomic(target, data)
            # The digest last: a digest that exists vouches for a complete file.
            write_file_atomic(_digest_path(target), _digest(data).encode("ascii") + b"\n")
        except OSError as exc:
            raise StoreError(
                f"cannot write the schema cache {target.parent}: {exc.strerror or exc}",
                "Make the cache directory writable, or point CHARTGEN_CACHE_DIR (or "
                "XDG_CACHE_HOME) at a writable directory.",
            ) from exc


# A standalone schema is a few MiB at most; anything far larger is not one of ours.
_MAX_CACHED_BYTES = 64 * 1024 * 1024


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest_path(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _intact(target: Path) -> bool:
    """Whether the cached `target` is a regular file whose bytes match its recorded digest."""
    try:
        if target.is_symlink() or not target.is_file():
            return False
        with target.open("rb") as handle:
            data = handle.read(_MAX_CACHED_BYTES + 1)
        with _digest_path(target).open("rb") as handle:
            recorded = handle.read(100).decode("ascii", "replace").strip()
    except OSError:
        return False
    return len(data) <= _MAX_CACHED_BYTES and _digest(data) == recorded


def open_store(version: KubeVersion) -> SchemaStore:
    """The schema store for `version` (1.35.x uses the v1.35.0 schemas)."""
    minors = available_minors()
    if (version.major, version.minor) not in minors:
        if minors:
            shipped = f"{minors[0][0]}.{minors[0][1]} to {minors[-1][0]}.{minors[-1][1]}"
        else:
            shipped = "none"
        raise StoreError(
            f"no Kubernetes schemas for {version.minor_version} in kubernetes-validate "
            f"{kubernetes_validate_version()} (it ships {shipped})",
            "Pass a --kube-version in that range, or upgrade kubernetes-validate for newer "
            "Kubernetes versions.",
        )
    folder = f"v{version.major}.{version.minor}.0"
    return SchemaStore(
        version=version,
        source_dir=kubernetes_validate_schemas() / f"{folder}-local-strict",
        standalone_dir=cache_root()
        / "kubernetes-schemas"
        / kubernetes_validate_version()
        / f"{folder}-standalone-strict",
        shipped_dir=shipped_schemas(),
    )
