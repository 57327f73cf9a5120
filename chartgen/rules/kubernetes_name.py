"""A name, label or annotation in the values is not one Kubernetes accepts.

Each value that becomes a name in a rendered object is checked against the kind of name it
becomes (chartgen/names.py holds the grammars; the whole value must match):

- `buildkit.fullnameOverride` names the Service, so it is a DNS-1035 label: at most 63
  lower-case letters, digits and '-', starting with a letter;
- `openShift.securityContextConstraints.name` / `.existingName`, `serviceAccount.imagePullSecret`,
  `tls.existingSecret`, `tls.clientSecretName`, `tls.certManager.issuerRef.name` and
  `commonServiceAccount.name` name objects: DNS-1123 subdomains (at most 253 characters of
  lower-case letters, digits, '-' and '.'; no '/', no spaces);
- keys of `podAnnotations`, `service.annotations`, `serviceAccount.annotations`,
  `additionalServiceAccountAnnotations` and `nodeSelector`, the `key` of each toleration, and
  the keys of NetworkPolicy `matchLabels` / `matchExpressions` are qualified names: an optional
  DNS-subdomain prefix (at most 253 characters) and '/', then at most 63 letters, digits, '-',
  '_' and '.', starting and ending with a letter or digit — no spaces, one '/' at most;
- `nodeSelector` and `matchLabels` values and toleration values are label values (at most 63
  characters of that alphabet, or empty; a toleration with operator Exists has none); the
  annotations of one object hold at most 256 KiB;
- `buildkit.image.tag` is an image tag: at most 128 letters, digits, '_', '.' and '-'.

Kubernetes refuses such an object when it is applied, long after `chartgen render` or
`helm template` printed it; a name with '/' would even become a subdirectory in `--output-dir`.
Rename the value as the message says. `--namespace`, `--target-namespace` and
`--release-name` are checked the same way (a usage error, exit 2), and every rendered object
once more (IB420).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from chartgen.findings import Finding, Severity
from chartgen.names import (
    DNS1035_LABEL,
    DNS1123_SUBDOMAIN,
    IMAGE_TAG,
    LABEL_VALUE,
    MAX_ANNOTATIONS_BYTES,
    QUALIFIED_NAME,
    NameKind,
    annotations_size,
    problem,
    quoted,
)
from chartgen.rules import RuleContext
from chartgen.values.provenance import Path

ID = "IB250"
NAME = "kubernetes-name"
SEVERITY = Severity.ERROR

_BUILDKIT: Path = ("imageBuilder", "buildkit")

# Values that become one name, and the kind of name they become.
NAMES: tuple[tuple[Path, NameKind], ...] = (
    ((*_BUILDKIT, "fullnameOverride"), DNS1035_LABEL),
    ((*_BUILDKIT, "openShift", "securityContextConstraints", "name"), DNS1123_SUBDOMAIN),
    ((*_BUILDKIT, "openShift", "securityContextConstraints", "existingName"), DNS1123_SUBDOMAIN),
    ((*_BUILDKIT, "serviceAccount", "imagePullSecret"), DNS1123_SUBDOMAIN),
    ((*_BUILDKIT, "tls", "existingSecret"), DNS1123_SUBDOMAIN),
    ((*_BUILDKIT, "tls", "clientSecretName"), DNS1123_SUBDOMAIN),
    ((*_BUILDKIT, "tls", "certManager", "issuerRef", "name"), DNS1123_SUBDOMAIN),
    (("commonServiceAccount", "name"), DNS1123_SUBDOMAIN),
    ((*_BUILDKIT, "image", "tag"), IMAGE_TAG),
)

# Maps whose keys (and, for labels, values) become labels or annotations of an object.
ANNOTATIONS: tuple[Path, ...] = (
    (*_BUILDKIT, "podAnnotations"),
    (*_BUILDKIT, "service", "annotations"),
    (*_BUILDKIT, "serviceAccount", "annotations"),
    ("additionalServiceAccountAnnotations",),
)
LABELS: tuple[Path, ...] = ((*_BUILDKIT, "nodeSelector"),)


def _templated(text: str) -> bool:
    # A template expression left in the values is reported by the templating checks, and
    # rendered objects are checked once more (IB420); not reported twice here.
    return "{{" in text


def _name(ctx: RuleContext, path: Path, kind: NameKind, what: str) -> Iterator[Finding]:
    value = ctx.value(path)
    if not isinstance(value, str) or value == "" or _templated(value):
        return
    found = problem(kind, value)
    if found:
        yield ctx.finding(ID, path, f"{what}: {found}", _hint(kind))


def _hint(kind: NameKind) -> str:
    return f"Write {kind.named}: at most {kind.max_length} characters of {kind.alphabet}."


def _keys(
    ctx: RuleContext, path: Path, mapping: Mapping[str, Any], value_kind: NameKind | None
) -> Iterator[Finding]:
    # `service.annotations`, not just `annotations`: several maps have that name.
    what = ".".join(str(part) for part in path[-2:]) if len(path) > 1 else str(path[-1])
    for key, value in mapping.items():
        if _templated(key) or (isinstance(value, str) and _templated(value)):
            continue
        found = problem(QUALIFIED_NAME, key)
        if found:
            finding = ctx.finding(
                ID,
                (*path, key),
                f"key in {what}: {found}",
                "Write a key as [PREFIX/]NAME: PREFIX a DNS subdomain of at most 253 "
                "characters, NAME at most 63 letters, digits, '-', '_' or '.', starting and "
                "ending with a letter or digit.",
            )
            # Point at the key, not at its value.
            yield finding.with_location(
                ctx.provenance.locate((*path, key), key=True) or finding.location
            )
        if value_kind is not None and isinstance(value, str):
            found = problem(value_kind, value)
            if found:
                yield ctx.finding(ID, (*path, key), f"value in {what}: {found}", _hint(value_kind))


def _selectors(ctx: RuleContext) -> Iterator[Finding]:
    """The label selectors of the NetworkPolicy peers."""
    base = (*_BUILDKIT, "networkPolicy", "ingressFrom")
    peers = ctx.value(base)
    if not isinstance(peers, list):
        return
    for index, peer in enumerate(peers):
        if not isinstance(peer, dict):
            continue
        for selector_name in ("namespaceSelector", "podSelector"):
            selector = peer.get(selector_name)
            if not isinstance(selector, dict):
                continue
            here = (*base, index, selector_name)
            labels = selector.get("matchLabels")
            if isinstance(labels, dict):
                yield from _keys(ctx, (*here, "matchLabels"), labels, LABEL_VALUE)
            expressions = selector.get("matchExpressions")
            for position, expression in enumerate(expressions or []):
                key = expression.get("key") if isinstance(expression, dict) else None
                if isinstance(key, str):
                    yield from _name(
                        ctx, (*here, "matchExpressions", position, "key"), QUALIFIED_NAME,
                        "matchExpressions key",
                    )


def check(ctx: RuleContext) -> Iterator[Finding]:
    for path, kind in NAMES:
        yield from _name(ctx, path, kind, str(path[-1]))
    for path in ANNOTATIONS:
        annotations = ctx.value(path)
        if not isinstance(annotations, dict):
            continue
        yield from _keys(ctx, path, annotations, None)
        size = annotations_size(annotations)
        if size > MAX_ANNOTATIONS_BYTES:
            yield ctx.finding(
                ID,
                path,
                f"{path[-1]} total {size:,} bytes; an object's annotations hold at most "
                f"{MAX_ANNOTATIONS_BYTES:,}",
                "Keep large data out of annotations (a ConfigMap or a Secret holds it).",
            )
    for path in LABELS:
        labels = ctx.value(path)
        if isinstance(labels, dict):
            yield from _keys(ctx, path, labels, LABEL_VALUE)
    tolerations = ctx.value((*_BUILDKIT, "tolerations"))
    for index, toleration in enumerate(tolerations if isinstance(tolerations, list) else []):
        if not isinstance(toleration, dict):
            continue
        here = (*_BUILDKIT, "tolerations", index)
        yield from _name(ctx, (*here, "key"), QUALIFIED_NAME, "toleration key")
        value = toleration.get("value")
        if toleration.get("operator") == "Exists" and isinstance(value, str) and value:
            yield ctx.finding(
                ID,
                (*here, "value"),
                f"toleration value {quoted(value)} with operator Exists: Kubernetes requires "
                "an empty value there (Exists matches any value)",
                "Remove the value, or use operator: Equal.",
            )
        else:
            yield from _name(ctx, (*here, "value"), LABEL_VALUE, "toleration value")
    yield from _selectors(ctx)
