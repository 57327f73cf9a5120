"""Kubernetes names: one validator per kind of name, and the check of every rendered object.

Kubernetes validates each name by its kind (apimachinery's `validation` package): object names
are DNS-1123 subdomains (Services: DNS-1035 labels; Roles: path segments), namespaces DNS-1123
labels, label and annotation keys qualified names (an optional DNS subdomain prefix of at most
253 characters, `/`, and a name of at most 63 that starts and ends alphanumeric), label values
at most 63 characters of the same alphabet, and all annotations of an object together at most
256 KiB. A name that breaks these passes `helm template` and `kubectl apply --dry-run=client`
and fails at the API server; one with `/` or `..` would even become a path in `--output-dir`.

`problem(kind, value)` says what is wrong with one value, matching the whole string (never
`$`, which would accept a trailing newline). The values rule `IB250`
(`chartgen/rules/kubernetes_names.py`) applies it to every user-given name where it was written;
`object_findings` applies it to the final objects, whatever derived their names (IB420), so
render has one place that refuses an object Kubernetes would refuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from chartgen.findings import Finding, FindingKind, Location, Severity
from chartgen.record import record

OBJECT_NAME = FindingKind(
    "IB420",
    "object-name",
    Severity.ERROR,
    """A rendered object has a name, namespace, label or annotation Kubernetes refuses.

Names are derived from several values (`fullnameOverride`, the SCC name, `--release-name`,
`--namespace`, ...); each is checked where it is written (IB250), and this check looks at the
final objects, so a combination that comes out too long or malformed is refused before
anything is written. Shorten or rename the value the path points at.""",
)

KINDS: tuple[FindingKind, ...] = (OBJECT_NAME,)

# The total size of an object's annotations (keys and values), apimachinery's
# TotalAnnotationSizeLimitB.
MAX_ANNOTATIONS_BYTES = 256 * 1024


@record(frozen=True)
class NameKind:
    """One kind of Kubernetes name: what it is called, its longest form, its grammar."""

    title: str
    max_length: int
    pattern: re.Pattern[str]
    alphabet: str  # what the grammar allows, in words, for messages

    @property
    def named(self) -> str:
        """`a DNS-1123 label`, `an image tag`."""
        return ("an " if self.title[0] in "aeiou" else "a ") + self.title


_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_QUALIFIED = r"[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?"

DNS1123_LABEL = NameKind(
    "DNS-1123 label",
    63,
    re.compile(_LABEL),
    "lower-case letters, digits and '-', starting and ending with a letter or digit",
)
DNS1123_SUBDOMAIN = NameKind(
    "DNS-1123 subdomain",
    253,
    re.compile(rf"{_LABEL}(\.{_LABEL})*"),
    "lower-case letters, digits, '-' and '.', each dot-separated part starting and ending "
    "with a letter or digit",
)
DNS1035_LABEL = NameKind(
    "DNS-1035 label",
    63,
    re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?"),
    "lower-case letters, digits and '-', starting with a letter and ending with a letter or "
    "digit",
)
# Role and RoleBinding names: anything that is a valid path segment.
PATH_SEGMENT = NameKind(
    "path segment name",
    253,
    re.compile(r"(?!\.\.?\Z)[^/%\x00-\x1f\x7f]+"),
    "any characters but '/', '%' and control characters, and not '.' or '..'",
)
QUALIFIED_NAME = NameKind(
    "qualified name",
    63,
    re.compile(_QUALIFIED),
    "letters, digits, '-', '_' and '.', starting and ending with a letter or digit, "
    "optionally after a DNS-subdomain prefix and '/'",
)
LABEL_VALUE = NameKind(
    "label value",
    63,
    re.compile(f"({_QUALIFIED})?"),
    "letters, digits, '-', '_' and '.', starting and ending with a letter or digit (or "
    "nothing at all)",
)
# Not a Kubernetes name, but a reference part with its own grammar (the OCI distribution
# spec): at most 128 characters; chartgen also accepts a digest pinned after it.
IMAGE_TAG = NameKind(
    "image tag",
    128,
    re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(@sha256:[0-9a-f]{64})?"),
    "letters, digits, '_', '.' and '-', not starting with '.' or '-' (optionally followed "
    "by @sha256:DIGEST)",
)


def quoted(value: str) -> str:
    """`value` in double quotes for a message: shortened, control characters escaped."""
    from chartgen.report.text_format import escape_control

    text = value if len(value) <= 70 else value[:67] + "..."
    return '"' + escape_control(text) + '"'


def problem(kind: NameKind, value: str) -> str | None:
    """Why `value` is not a valid `kind`, in words; None when it is."""
    if kind is QUALIFIED_NAME:
        return _qualified_problem(value)
    length = len(value) - (len(value.partition("@")[2]) + 1 if kind is IMAGE_TAG else 0)
    if length > kind.max_length:
        return f"{quoted(value)} is {length} characters long; {kind.named} has at most " + (
            f"{kind.max_length}"
        )
    if not kind.pattern.fullmatch(value):
        if not value:
            return f"an empty string is not {kind.named}"
        return f"{quoted(value)} is not {kind.named}: use {kind.alphabet}"
    return None


def _qualified_problem(value: str) -> str | None:
    prefix, slash, name = value.rpartition("/")
    if not value:
        return f"an empty string is not {QUALIFIED_NAME.named}"
    if slash and "/" in prefix:
        return f"{quoted(value)} has more than one '/'; a key is [PREFIX/]NAME"
    if slash:
        if not prefix:
            return f"{quoted(value)} has an empty prefix before '/'"
        if len(prefix) > DNS1123_SUBDOMAIN.max_length:
            return (
                f"{quoted(value)} has a prefix of {len(prefix)} characters; at most "
                f"{DNS1123_SUBDOMAIN.max_length}"
            )
        if not DNS1123_SUBDOMAIN.pattern.fullmatch(prefix):
            return (
                f"{quoted(value)} has a prefix that is not a DNS subdomain "
                f"({DNS1123_SUBDOMAIN.alphabet})"
            )
    if len(name) > QUALIFIED_NAME.max_length:
        return (
            f"{quoted(value)} has a name part of {len(name)} characters; at most "
            f"{QUALIFIED_NAME.max_length} after the prefix"
        )
    if not QUALIFIED_NAME.pattern.fullmatch(name):
        return (
            f"{quoted(value)} is not a valid key: the name part must be letters, digits, '-', '_' "
            "and '.', starting and ending with a letter or digit"
        )
    return None


def annotations_size(annotations: Mapping[str, Any]) -> int:
    return sum(len(str(k).encode()) + len(str(v).encode()) for k, v in annotations.items())


# -- the final objects -------------------------------------------------------------------------

# The kind of name each object kind's metadata.name must be (default: a DNS-1123 subdomain).
OBJECT_NAME_KINDS: dict[str, NameKind] = {
    "Service": DNS1035_LABEL,
    "Namespace": DNS1123_LABEL,
    "Role": PATH_SEGMENT,
    "RoleBinding": PATH_SEGMENT,
    "ClusterRole": PATH_SEGMENT,
    "ClusterRoleBinding": PATH_SEGMENT,
}


def _metadata_problems(
    metadata: Mapping[str, Any], where: str
) -> Iterator[tuple[str, str]]:
    """(path, problem) for labels and annotations of one metadata block."""
    labels = metadata.get("labels") or {}
    if isinstance(labels, Mapping):
        for key, value in labels.items():
            path = f"{where}.labels[{quoted(str(key))}]"
            for kind, text in ((QUALIFIED_NAME, str(key)), (LABEL_VALUE, str(value))):
                found = problem(kind, text)
                if found:
                    yield path, found
    annotations = metadata.get("annotations") or {}
    if isinstance(annotations, Mapping):
        for key in annotations:
            found = problem(QUALIFIED_NAME, str(key))
            if found:
                yield f"{where}.annotations[{quoted(str(key))}]", found
        size = annotations_size(annotations)
        if size > MAX_ANNOTATIONS_BYTES:
            yield (
                f"{where}.annotations",
                f"annotations total {size:,} bytes; an object's annotations hold at most "
                f"{MAX_ANNOTATIONS_BYTES:,}",
            )


def object_findings(document: Mapping[str, Any]) -> list[Finding]:
    """Every name, namespace, label and annotation of one object that Kubernetes refuses."""
    kind = str(document.get("kind", ""))
    metadata = document.get("metadata") or {}
    if not isinstance(metadata, Mapping):
        return []
    name = str(metadata.get("name", ""))
    reference = f"{kind}/{name}"
    problems: list[tuple[str, str]] = []
    found = problem(OBJECT_NAME_KINDS.get(kind, DNS1123_SUBDOMAIN), name)
    if found:
        problems.append(("$.metadata.name", found))
    namespace = metadata.get("namespace")
    if namespace is not None:
        found = problem(DNS1123_LABEL, str(namespace))
        if found:
            problems.append(("$.metadata.namespace", found))
    problems.extend(_metadata_problems(metadata, "$.metadata"))
    spec = document.get("spec")
    template = spec.get("template") if isinstance(spec, Mapping) else None
    template_metadata = template.get("metadata") if isinstance(template, Mapping) else None
    if isinstance(template_metadata, Mapping):
        problems.extend(_metadata_problems(template_metadata, "$.spec.template.metadata"))
    if not problems:
        return []
    # The values rule that checks each name where it is written (it imports this module).
    from chartgen.rules.kubernetes_name import ID as NAMES_RULE

    return [
        Finding(
            OBJECT_NAME.id,
            Severity.ERROR,
            f"{reference}: {message}",
            f"{reference}:{path}",
            "Kubernetes would refuse this object; change the value that makes this name "
            f"(`chartgen explain {NAMES_RULE}` lists the names and their rules).",
            Location("<rendered>"),
        )
        for path, message in problems
    ]
