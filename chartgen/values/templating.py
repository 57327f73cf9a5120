"""Helm's `tpl` inside values: the safe subset, on exactly the fields the reference chart uses.

Real data-plane values carry Helm template strings in the fields the reference chart
(`unionai/helm-charts`, `charts/dataplane`) passes through `tpl`: `storage.bucketName:
'{{ .Values.global.METADATA_BUCKET }}'`, Union's AWS overlay's
`additionalServiceAccountAnnotations: {"{{ .Values.global.AWS_POD_IDENTITY_ANNOTATION_PREFIX
}}/role-arn": "{{ tpl .Values.global.BACKEND_IAM_ROLE_ARN . }}"}`. `TPL_FIELDS` lists every such
field with where the reference does it (a test reads the reference's imagebuilder templates and
the helpers they include, when the mirror is present, and fails on a `tpl` this table does not
cover), how many times Helm evaluates it and whether map keys are evaluated too.

What is evaluated, exactly as Helm's `tpl` does it (verified against Helm itself in the tests):

- `{{ .Values.a.b }}` (or `$.Values.a.b`) prints the value: strings as they are — a looked-up
  string that itself holds `{{ }}` stays verbatim, because one `tpl` pass evaluates the text once —
  numbers as Helm's float64 (`1.23456789012e+11`, IB013), booleans as `true`/`false`; an unset
  leaf prints nothing (IB012); a map or list, or a path through an unset or non-map value, is an
  error (Helm prints Go syntax, or fails);
- `{{ tpl .Values.a.b . }}` (or `$`), Union's idiom, evaluates the looked-up string as a template
  itself, recursively, with the same rules (a non-string is an error, as in Helm);
- `{{-` / `-}}` trim the surrounding whitespace; Helm deletes the text `<no value>` from every
  `tpl` result, and so does chartgen;
- a field the reference evaluates twice (`storage.bucketName`, `storage.custom`: once by the
  storage helper, once more when the build-image ConfigMap passes the whole file through `tpl`)
  is evaluated twice.

Anything else in such a field — `{{ .Release.Name }}`, `{{ lookup ... }}`, `{{ include ... }}`,
pipelines, comments, an unclosed `{{` — is an error (IB010) in every command: Helm would
evaluate it, and chartgen's output could not match. A `storage` value is evaluated whenever it
is set, also where the provider leaves it out of storage.yaml and Helm never reaches it: an
expression there is refused, the safe side of the line.

Bounded work: actions are found with `str.find` (no backtracking regex over the text); `tpl`
look-ups are evaluated once each and remembered; a chain of `tpl` look-ups deeper than
`MAX_TPL_DEPTH` or circular is an error (IB011); a resolved string longer than
`MAX_RESOLVED_CHARS` is an error (IB014), checked while it is built, so a file of fanned-out
look-ups stops early instead of growing exponentially.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

from chartgen.findings import FIXED_UNUSABLE_VALUES, Finding, FindingKind, Location, Severity
from chartgen.record import field, record
from chartgen.values.provenance import Path, Provenance, format_path, kind_name

TEMPLATE_UNSUPPORTED = FindingKind(
    "IB010",
    "template-unsupported",
    Severity.ERROR,
    """A template in a `tpl` field is not one chartgen can evaluate exactly as Helm does.

chartgen evaluates `{{ .Values.a.b }}` and `{{ tpl .Values.a.b . }}` in those values (storage.*,
imageBuilder.defaultRepository, the keys and values of additionalServiceAccountAnnotations,
additionalVolumes, additionalVolumeMounts) exactly as Helm's `tpl` does. Anything else —
`.Release.Name`, `lookup`, `include`, functions, pipelines, comments, an unclosed `{{` — Helm
would evaluate when it renders (or refuse), so chartgen refuses it in every command. So does a
look-up Helm fails on (through an unset value or a string, `tpl` of a non-string) or one that
prints a map or list, and two map keys that resolve to the same key. Write the value literally,
or as a look-up of a value that holds it.""",
    fixed=FIXED_UNUSABLE_VALUES,
)
TEMPLATE_CYCLE = FindingKind(
    "IB011",
    "template-cycle",
    Severity.ERROR,
    """`tpl` look-ups refer to each other in a cycle, or nest more than 16 levels deep.

Helm would never finish rendering a cycle. Make one of the values a literal.""",
    fixed=FIXED_UNUSABLE_VALUES,
)
TEMPLATE_MISSING = FindingKind(
    "IB012",
    "template-missing",
    Severity.WARNING,
    """A `{{ .Values.x }}` look-up refers to a value that is not set.

Helm renders it as an empty string, which usually breaks the bucket or repository it was for.""",
)
TEMPLATE_NUMBER = FindingKind(
    "IB013",
    "template-number",
    Severity.WARNING,
    """A `{{ .Values.x }}` look-up refers to a number Helm prints in exponent form.

Helm holds every number from values as a float64 and prints large ones like 1.234567e+06, so an
unquoted account ID or project number becomes part of a broken bucket or repository name.
Quote the value.""",
)
TEMPLATE_TOO_LARGE = FindingKind(
    "IB014",
    "template-too-large",
    Severity.ERROR,
    """A template expands to more than 65,536 characters.

Look-ups of values that themselves hold many `tpl` look-ups fan out (30 look-ups on each of 5
levels are 24 million copies). chartgen evaluates each look-up once and stops at the limit
instead of growing without bound; no real bucket, repository or annotation comes near it.""",
    fixed=FIXED_UNUSABLE_VALUES,
)
TEMPLATE_VERBATIM = FindingKind(
    "IB015",
    "template-verbatim",
    Severity.WARNING,
    """A value still holds a template after the `tpl` passes Helm makes over it.

`{{ .Values.a }}` prints the value of `a`; when that value is itself a template, one `tpl` pass
does not evaluate it again, so the object carries the `{{ ... }}` text — in Helm and in
chartgen. Write `{{ tpl .Values.a . }}` to evaluate it, or the literal value.""",
)

KINDS: tuple[FindingKind, ...] = (
    TEMPLATE_UNSUPPORTED,
    TEMPLATE_CYCLE,
    TEMPLATE_MISSING,
    TEMPLATE_NUMBER,
    TEMPLATE_TOO_LARGE,
    TEMPLATE_VERBATIM,
)

# A resolved string (one field, one map key) may not grow past this: Kubernetes caps all of an
# object's annotations at 256 KiB and a ConfigMap at 1 MiB, and no real bucket, repository or
# role ARN comes near it. It stops look-up fan-out (30 look-ups × 5 levels of `tpl`) early.
MAX_RESOLVED_CHARS = 65_536
# `tpl` look-ups nested deeper than this (a value whose template `tpl`s a value whose ...).
MAX_TPL_DEPTH = 16


@record(frozen=True)
class TplField:
    """One value the reference chart passes through `tpl`.

    `passes`: how many times Helm evaluates it (0: the schema's type or enum refuses any template
    there, so chartgen never evaluates it). `keys`: map keys inside are evaluated too (the
    reference writes the map with `toYaml` and passes the text through `tpl`). `found`: where the
    reference does it, as `SCOPE: EXPRESSION` — SCOPE is the helper (`define`) or the template
    file, with the `with` that sets `.`; a test compares these with the reference's templates.
    """

    path: Path
    passes: int
    found: tuple[str, ...]
    keys: bool = False


_STORAGE_FILE = 'build-image-configmap.yaml: tpl (include "storage" .) $'
_REGISTRY = "imagebuilder.defaultRegistry"
_REPOSITORY = "imagebuilder.defaultRepository"

TPL_FIELDS: tuple[TplField, ...] = (
    TplField(
        ("imageBuilder", "defaultRepository"),
        1,
        (
            f"{_REGISTRY}: tpl .Values.imageBuilder.defaultRepository .",
            f"{_REPOSITORY}: tpl .Values.imageBuilder.defaultRepository .",
        ),
    ),
    # Evaluated by the storage helper, then again with the whole storage.yaml.
    TplField(("storage", "bucketName"), 2, ("storage: tpl .Values.storage.bucketName .",
                                            _STORAGE_FILE)),
    TplField(
        ("storage", "region"),
        1,
        (f"{_REGISTRY}: tpl .Values.storage.region .", _STORAGE_FILE),
    ),
    TplField(
        ("storage", "gcp", "projectId"),
        1,
        (f"{_REPOSITORY}: tpl .Values.storage.gcp.projectId .", _STORAGE_FILE),
    ),
    TplField(("storage", "accessKey"), 1, (_STORAGE_FILE,)),
    TplField(("storage", "secretKey"), 1, (_STORAGE_FILE,)),
    TplField(("storage", "endpoint"), 1, (_STORAGE_FILE,)),
    TplField(("storage", "fastRegistrationURL"), 1, (_STORAGE_FILE,)),
    # The user's stow configuration: toYaml'd and evaluated by the storage helper, then again
    # with the whole storage.yaml.
    TplField(
        ("storage", "custom"),
        2,
        ("storage.base: tpl (toYaml $custom) $", _STORAGE_FILE),
        keys=True,
    ),
    # The reference compares `storage.provider` raw in its storage helper (a template there
    # fails it) but through `tpl` when deriving the registry; the schema's enum refuses a
    # template, so both agree. authType, the booleans and the numbers are typed by the schema.
    TplField(
        ("storage", "provider"),
        0,
        (f"{_REGISTRY}: tpl .Values.storage.provider .",
         f"{_REPOSITORY}: tpl .Values.storage.provider .", _STORAGE_FILE),
    ),
    TplField(("storage", "authType"), 0, (_STORAGE_FILE,)),
    TplField(("storage", "disableSSL"), 0, (_STORAGE_FILE,)),
    TplField(("storage", "enableMultiContainer"), 0, (_STORAGE_FILE,)),
    TplField(("storage", "limits", "maxDownloadMBs"), 0, (_STORAGE_FILE,)),
    TplField(("storage", "cache", "maxSizeMBs"), 0, (_STORAGE_FILE,)),
    TplField(("storage", "cache", "targetGCPercent"), 0, (_STORAGE_FILE,)),
    # buildkitd's ServiceAccount: `buildkit.serviceAccount.annotations` includes
    # `global.serviceAccountAnnotations`, which evaluates keys and values.
    TplField(
        ("additionalServiceAccountAnnotations",),
        1,
        ("global.serviceAccountAnnotations with .Values.additionalServiceAccountAnnotations: "
         "tpl (toYaml .) $",),
        keys=True,
    ),
    TplField(
        ("imageBuilder", "buildkit", "additionalVolumeMounts"),
        1,
        ("deployment.yaml with .Values.imageBuilder.buildkit.additionalVolumeMounts: "
         "tpl (toYaml .) $",),
        keys=True,
    ),
    TplField(
        ("imageBuilder", "buildkit", "additionalVolumes"),
        1,
        ("deployment.yaml with .Values.imageBuilder.buildkit.additionalVolumes: "
         "tpl (toYaml .) $",),
        keys=True,
    ),
)

# Go's text/template: the space characters of trim markers, and the field chain of a look-up.
_GO_SPACE = " \t\r\n"
_FIELDS = r"((?:\.[A-Za-z_][A-Za-z0-9_]*)+)"
_LOOKUP = re.compile(r"\$?\.Values" + _FIELDS)
_TPL_LOOKUP = re.compile(r"tpl[ \t\r\n]+\$?\.Values" + _FIELDS + r"[ \t\r\n]+[.$]")
_NO_VALUE = "<no value>"


@record
class TemplateResult:
    findings: list[Finding] = field(default_factory=list)
    # The field's value as written, by the path of the field, for each field that changed.
    resolved: dict[Path, Any] = field(default_factory=dict)


class TemplateProblem(Exception):
    """A template chartgen cannot resolve the way Helm would: becomes one finding."""

    def __init__(self, rule: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.hint = hint


def go_number(value: float) -> str:
    """How Helm prints a number from values: a float64 through Go's `%v`.

    Shortest digits; exponent form when the decimal exponent is below -4 or at least 6, so
    1234567 prints as 1.234567e+06 (the reason account IDs must be quoted).
    """
    from decimal import Decimal

    number = float(value)
    if number == 0:
        return "0"
    _, digit_tuple, exponent = Decimal(repr(abs(number))).normalize().as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple))
    point = len(digits) + exponent  # position of the decimal point within the digits
    x = point - 1
    prefix = "-" if number < 0 else ""
    if x < -4 or x >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{prefix}{mantissa}e{'+' if x >= 0 else '-'}{abs(x):02d}"
    if exponent >= 0:
        return prefix + digits + "0" * exponent
    if point > 0:
        return f"{prefix}{digits[:point]}.{digits[point:]}"
    return f"{prefix}0.{'0' * -point}{digits}"


@record(frozen=True)
class Action:
    """One `{{ ... }}` of a template: its content and where the text around it ends."""

    content: str  # between the delimiters and their trim markers
    start: int  # index of `{{`
    end: int  # index just past `}}`
    trim_left: bool
    trim_right: bool


def scan_actions(text: str) -> Iterator[Action | str]:
    """The literal text pieces and actions of `text`, as Go's template lexer splits them.

    Linear: each `{{` and `}}` is found with `str.find` from where the last one ended. Content
    that holds quotes could end at a different `}}` for Go, but such content is never a look-up,
    so it is refused either way. An unclosed `{{` raises TemplateProblem.
    """
    position = 0
    pending_trim = False
    while True:
        start = text.find("{{", position)
        literal = text[position:] if start < 0 else text[position:start]
        if pending_trim:
            literal = literal.lstrip(_GO_SPACE)
        if start < 0:
            if literal:
                yield literal
            return
        # Go's trim markers: "{{- " and " -}}" (the space is part of the marker).
        marker = text[start + 3 : start + 4]
        trim_left = text.startswith("-", start + 2) and marker != "" and marker in _GO_SPACE
        if trim_left:
            literal = literal.rstrip(_GO_SPACE)
        if literal:
            yield literal
        inner = start + (4 if trim_left else 2)
        close = text.find("}}", inner)
        if close < 0:
            raise TemplateProblem(
                TEMPLATE_UNSUPPORTED.id,
                "template has an unclosed action `{{`; Helm refuses to render it",
                "Close the action with `}}`, or remove the `{{`.",
            )
        trim_right = close - 2 >= inner and text[close - 1] == "-" and text[close - 2] in _GO_SPACE
        content = text[inner : close - 2 if trim_right else close]
        yield Action(content, start, close + 2, trim_left, trim_right)
        position = close + 2
        pending_trim = trim_right


def _describe(content: str) -> str:
    shown = content.strip(_GO_SPACE)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return "{{ " + shown + " }}"


def _print(value: Any) -> str | None:
    """How Go's text/template prints a value from Helm values; None for collections."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return go_number(value)
    if isinstance(value, str):
        return value
    return None


class Evaluator:
    """Evaluates templates against the values, remembering each `tpl` look-up's result."""

    def __init__(self, data: dict[str, Any], provenance: Provenance | None = None) -> None:
        self.data = data
        self.provenance = provenance  # where looked-up values came from, for the hints
        self.memo: dict[Path, str] = {}
        self.active: list[Path] = []  # `tpl` look-ups being evaluated (cycle detection)
        self.warnings: list[tuple[str, str, str]] = []  # (rule, message, hint)

    def _value(self, fields: str) -> tuple[Path, bool, Any]:
        """Walk `.Values.a.b`: (path, found, value). Raises like Helm on a bad intermediate."""
        path: Path = tuple(fields.strip(".").split("."))
        current: Any = self.data
        for depth, name in enumerate(path):
            if not isinstance(current, dict):
                walked = ".".join(str(p) for p in path[:depth])
                if current is None:
                    reason = f".Values.{walked} is not set"
                else:
                    reason = f".Values.{walked} is a {kind_name(current)}, not a map"
                raise TemplateProblem(
                    TEMPLATE_UNSUPPORTED.id,
                    f"{{{{ .Values.{'.'.join(map(str, path))} }}}} cannot be evaluated: {reason}; "
                    "Helm stops with an error here",
                    f"Set {walked} to a map that holds {path[depth]}, or fix the look-up's path.",
                )
            if name not in current:
                if depth == len(path) - 1:
                    return path, False, None  # an unset leaf prints nothing
                current = None  # Helm stops at the next field of an unset value
                continue
            current = current[name]
        return path, current is not None, current

    def evaluate(self, text: str, depth: int = 0) -> str:
        """One `tpl` pass over `text`."""
        out: list[str] = []
        size = 0
        for piece in scan_actions(text):
            printed = piece if isinstance(piece, str) else self._action(piece.content, depth)
            size += len(printed)
            if size > MAX_RESOLVED_CHARS:
                raise TemplateProblem(
                    TEMPLATE_TOO_LARGE.id,
                    f"the template expands to more than {MAX_RESOLVED_CHARS:,} characters "
                    "(look-ups of look-ups fan out); chartgen stops there",
                    "Use literal values, or look-ups that do not repeat large values.",
                )
            out.append(printed)
        return "".join(out).replace(_NO_VALUE, "")

    def _action(self, content: str, depth: int) -> str:
        stripped = content.strip(_GO_SPACE)
        lookup = _LOOKUP.fullmatch(stripped)
        if lookup is not None:
            path, found, value = self._value(lookup.group(1))
            return self._print_lookup(path, found, value)
        tpl = _TPL_LOOKUP.fullmatch(stripped)
        if tpl is not None:
            return self._tpl_lookup(tpl.group(1), depth)
        raise TemplateProblem(
            TEMPLATE_UNSUPPORTED.id,
            f"template expression {_describe(content)} is not a look-up chartgen can evaluate; "
            "Helm would evaluate it when it renders",
            "Use the literal value, `{{ .Values.a.b }}` or `{{ tpl .Values.a.b . }}` — "
            "chartgen evaluates nothing else (no .Release, functions, pipelines or comments).",
        )

    def _print_lookup(self, path: Path, found: bool, value: Any) -> str:
        name = ".".join(map(str, path))
        if not found:
            self.warnings.append((
                TEMPLATE_MISSING.id,
                f"{{{{ .Values.{name} }}}} refers to a value that is not set; Helm renders it as "
                "an empty string",
                f"Set {name} in your values, or replace the template with the literal value.",
            ))
            return ""
        printed = _print(value)
        if printed is None:
            raise TemplateProblem(
                TEMPLATE_UNSUPPORTED.id,
                f"{{{{ .Values.{name} }}}} refers to a {kind_name(value)}, not a single value; "
                "Helm would print it in Go's syntax",
                "Point the template at a string, number or boolean.",
            )
        if isinstance(value, (int, float)) and not isinstance(value, bool) and "e" in printed:
            from chartgen.values.origin_advice import keep_as_string

            origin = self.provenance.locate(path) if self.provenance is not None else None
            self.warnings.append((
                TEMPLATE_NUMBER.id,
                f"{{{{ .Values.{name} }}}} is the number {value}, which Helm prints as {printed}",
                keep_as_string(str(path[-1]), name, str(value), origin),
            ))
        return printed

    def _tpl_lookup(self, fields: str, depth: int) -> str:
        path, found, value = self._value(fields)
        name = ".".join(map(str, path))
        if not isinstance(value, str):
            what = "not set" if not found else f"a {kind_name(value)}"
            raise TemplateProblem(
                TEMPLATE_UNSUPPORTED.id,
                f"{{{{ tpl .Values.{name} . }}}} needs a string, but .Values.{name} is {what}; "
                "Helm stops with an error here",
                f"Set {name} to a string (it may be empty).",
            )
        if path in self.memo:
            return self.memo[path]
        if path in self.active:
            cycle = " -> ".join(".".join(map(str, p)) for p in (*self.active, path))
            raise TemplateProblem(
                TEMPLATE_CYCLE.id,
                f"`tpl` look-ups form a cycle: {cycle}; Helm never finishes rendering it",
                "Make one of these values a literal.",
            )
        if depth >= MAX_TPL_DEPTH:
            raise TemplateProblem(
                TEMPLATE_CYCLE.id,
                f"`tpl` look-ups nest more than {MAX_TPL_DEPTH} levels deep (at {name})",
                "Point the value at a literal, not at another `tpl` look-up.",
            )
        self.active.append(path)
        try:
            result = self.evaluate(value, depth + 1)
        finally:
            self.active.pop()
        self.memo[path] = result
        return result

    def resolve(self, text: str, passes: int) -> str:
        for _ in range(passes):
            text = self.evaluate(text)
        return text


def _node(data: dict[str, Any], path: Path) -> tuple[bool, Any]:
    current: Any = data
    for item in path:
        if not isinstance(current, dict) or item not in current:
            return False, None
        current = current[item]
    return True, current


class _FieldResolver:
    """Resolves one field (a string, or a tree with keys) and reports its problems."""

    def __init__(self, evaluator: Evaluator, provenance: Provenance,
                 findings: list[Finding]) -> None:
        self.evaluator = evaluator
        self.provenance = provenance
        self.findings = findings
        self.renames: list[tuple[Path, Path]] = []

    def finding(self, rule: str, severity: Severity, path: Path, message: str, hint: str,
                *, key: bool = False) -> None:
        location: Location | None = self.provenance.locate(path, key=key)
        self.findings.append(Finding(rule, severity, message, format_path(path), hint, location))

    def text(self, text: str, passes: int, path: Path, *, key: bool = False) -> str | None:
        """The resolved text, or None (with an error finding) when it cannot be resolved."""
        self.evaluator.warnings.clear()
        try:
            resolved = self.evaluator.resolve(text, passes)
        except TemplateProblem as problem:
            what = "map key" if key else "value"
            self.finding(problem.rule, Severity.ERROR, path,
                         f"{what} {_shorten(text)!r}: {problem.message}", problem.hint, key=key)
            return None
        seen: set[str] = set()
        for rule, message, hint in self.evaluator.warnings:
            if message not in seen:
                seen.add(message)
                self.finding(rule, Severity.WARNING, path, message, hint, key=key)
        if "{{" in resolved and "{{" in text:
            self.finding(
                TEMPLATE_VERBATIM.id, Severity.WARNING, path,
                f"{_shorten(resolved)!r} still holds a template after Helm's {passes} `tpl` "
                f"pass{'es' if passes > 1 else ''}: it reaches the object verbatim",
                "Wrap the look-up in `tpl` (`{{ tpl .Values.a.b . }}`) if the looked-up value "
                "is itself a template, or write the value literally.",
                key=key,
            )
        return resolved

    def tree(self, node: Any, passes: int, path: Path, keys: bool) -> tuple[bool, Any]:
        """(ok, resolved node): every string, and every map key when `keys`."""
        if isinstance(node, str):
            resolved = self.text(node, passes, path)
            return resolved is not None, node if resolved is None else resolved
        if isinstance(node, list):
            ok, items = True, []
            for index, item in enumerate(node):
                item_ok, value = self.tree(item, passes, (*path, index), keys)
                ok = ok and item_ok
                items.append(value)
            return ok, items
        if isinstance(node, dict):
            ok, out = True, {}
            sources: dict[str, str] = {}
            for name, item in node.items():
                new_name: Any = name
                if keys and isinstance(name, str):
                    resolved = self.text(name, passes, (*path, name), key=True)
                    if resolved is None:
                        ok = False
                    else:
                        new_name = resolved
                item_ok, value = self.tree(item, passes, (*path, name), keys)
                ok = ok and item_ok
                if new_name in out:
                    ok = False
                    self.finding(
                        TEMPLATE_UNSUPPORTED.id, Severity.ERROR, (*path, name),
                        f"map keys {sources[new_name]!r} and {name!r} both resolve to "
                        f"{new_name!r}; the object would carry the key twice",
                        "Make the keys resolve to different names.", key=True,
                    )
                    continue
                sources[new_name] = name
                out[new_name] = value
                if new_name != name:
                    self.renames.append(((*path, name), (*path, new_name)))
            return ok, out
        return True, node


def _shorten(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def resolve_templates(data: dict[str, Any], provenance: Provenance) -> TemplateResult:
    """Resolve the `tpl` fields of `data` in place, as Helm would render them.

    Every field is evaluated against the values as written — the replacements are made only
    after all of them are computed — so results do not depend on the order of the fields.
    """
    result = TemplateResult()
    resolver = _FieldResolver(Evaluator(data, provenance), provenance, result.findings)
    replacements: list[tuple[Path, Any]] = []
    for spec in TPL_FIELDS:
        if spec.passes == 0:
            continue
        found, node = _node(data, spec.path)
        if not found or not _has_template_text(node, spec.keys):
            continue
        renamed = len(resolver.renames)
        ok, resolved = resolver.tree(node, spec.passes, spec.path, spec.keys)
        if ok and resolved != node:
            result.resolved[spec.path] = copy.deepcopy(node)
            replacements.append((spec.path, resolved))
        else:
            del resolver.renames[renamed:]  # the field keeps its keys as written
    for path, resolved in replacements:
        _replace(data, path, resolved)
    for old, new in resolver.renames:
        provenance.rename(old, new)
    return result


def _has_template_text(node: Any, keys: bool) -> bool:
    """Whether `tpl` could change `node`: some string holds `{{` or Helm's `<no value>`."""
    if isinstance(node, str):
        return "{{" in node or _NO_VALUE in node
    if isinstance(node, list):
        return any(_has_template_text(item, keys) for item in node)
    if isinstance(node, dict):
        return any(
            (keys and isinstance(name, str) and _has_template_text(name, keys))
            or _has_template_text(item, keys)
            for name, item in node.items()
        )
    return False


def _replace(data: dict[str, Any], path: Path, value: Any) -> None:
    current: Any = data
    for item in path[:-1]:
        current = current[item]
    current[path[-1]] = value


def referenced_paths(data: dict[str, Any], roots: dict[str, Any] | None = None) -> set[Path]:
    """Every `.Values` path the `tpl` fields of `roots` (default: `data`) refer to, following the
    looked-up values of `data` transitively (a looked-up template may be evaluated too)."""
    found: set[Path] = set()
    pending: list[str] = []
    source = data if roots is None else roots
    for spec in TPL_FIELDS:
        if spec.passes:
            exists, node = _node(source, spec.path)
            if exists:
                pending.extend(_strings(node, spec.keys))
    while pending:
        text = pending.pop()
        for path in _lookups(text):
            if path in found:
                continue
            found.add(path)
            exists, target = _node(data, path)
            if exists:
                pending.extend(_strings(target, False))
    return found


def _lookups(text: str) -> Iterator[Path]:
    try:
        pieces = list(scan_actions(text))
    except TemplateProblem:
        return
    for piece in pieces:
        if isinstance(piece, Action):
            stripped = piece.content.strip(_GO_SPACE)
            match = _LOOKUP.fullmatch(stripped) or _TPL_LOOKUP.fullmatch(stripped)
            if match is not None:
                yield tuple(match.group(1).strip(".").split("."))


def _strings(node: Any, keys: bool) -> Iterator[str]:
    if isinstance(node, str):
        if "{{" in node:
            yield node
    elif isinstance(node, dict):
        for name, item in node.items():
            if keys and isinstance(name, str) and "{{" in name:
                yield name
            yield from _strings(item, keys)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, keys)

