"""Documentation of the checks that are not cross-field rules.

Loading, schema, template, manifest and IAM checks are produced by the code that owns them
(`values/`, `schema.py`, `conform.py`, `iam/`); their IDs and documentation are listed here as
data so that `chartgen explain ID` and the reports can describe every finding chartgen emits.
Cross-field rules document themselves in their module docstrings (`chartgen/rules/`).
"""

from __future__ import annotations

from dataclasses import dataclass

from chartgen.findings import Severity


@dataclass(frozen=True)
class Check:
    id: str
    name: str
    severity: Severity
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]


CHECKS: tuple[Check, ...] = (
    Check(
        "IB001",
        "yaml-syntax",
        Severity.ERROR,
        """A values file is not valid YAML.

The finding points at the line and column where the parser gave up; the mistake is usually
there or just above it (indentation, an unclosed quote or bracket, a tab).""",
    ),
    Check(
        "IB002",
        "duplicate-key",
        Severity.ERROR,
        """A mapping defines the same key twice.

YAML forbids it and tools disagree on which entry wins, so one of your two settings is silently
ignored somewhere. Keep one.""",
    ),
    Check(
        "IB003",
        "multi-document",
        Severity.ERROR,
        """A values file holds several YAML documents.

Helm reads a values file as one document. Split the documents into files and pass each with -f.""",
    ),
    Check(
        "IB004",
        "encoding",
        Severity.ERROR,
        """A values file is binary or not UTF-8, or a `--set` argument holds bytes that are not.

Save the file as UTF-8 text (a byte-order mark and CRLF line ends are fine). A `--set`
argument that is not UTF-8 is a usage error (exit 2): pass UTF-8 text, or use --set-file.""",
    ),
    Check(
        "IB005",
        "not-a-mapping",
        Severity.ERROR,
        """A values file is a list or a scalar.

Values are a mapping at the top level (`imageBuilder:`, `storage:`, ...).""",
    ),
    Check(
        "IB006",
        "yaml-tag",
        Severity.ERROR,
        """A value carries a YAML tag chartgen does not accept.

Only the standard data tags (!!str, !!int, !!bool, ...) are allowed; language-specific tags such
as !!python/object are refused, never constructed.""",
    ),
    Check(
        "IB007",
        "input-limits",
        Severity.ERROR,
        """An input exceeds chartgen's safety limits.

Values files (and stdin, FIFOs, devices) over 16 MiB, nesting deeper than 128 levels in a file
of any size, anchors and aliases that expand to more than 200,000 values (an alias bomb),
`--set` key paths or `--set-json` values nested deeper than 128 levels, `--set` indices that
together add more than 200,000 list entries, and `--set-file` files over 1 MiB are refused so
that hostile input stays bounded in time and memory.""",
    ),
    Check(
        "IB008",
        "set-syntax",
        Severity.ERROR,
        """A --set/--set-string/--set-json/--set-file expression is malformed.

chartgen parses these exactly like Helm (`a.b=c`, `a[0]=x`, `{x,y}` lists, `\\,` escapes).""",
    ),
    Check(
        "IB009",
        "unreadable",
        Severity.ERROR,
        """An input file cannot be read (missing, a directory, no permission).

This is an environment problem, so chartgen exits with code 3.""",
    ),
    Check(
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
    ),
    Check(
        "IB011",
        "template-cycle",
        Severity.ERROR,
        """`tpl` look-ups refer to each other in a cycle, or nest more than 16 levels deep.

Helm would never finish rendering a cycle. Make one of the values a literal.""",
    ),
    Check(
        "IB012",
        "template-missing",
        Severity.WARNING,
        """A `{{ .Values.x }}` look-up refers to a value that is not set.

Helm renders it as an empty string, which usually breaks the bucket or repository it was for.""",
    ),
    Check(
        "IB013",
        "template-number",
        Severity.WARNING,
        """A `{{ .Values.x }}` look-up refers to a number Helm prints in exponent form.

Helm holds every number from values as a float64 and prints large ones like 1.234567e+06, so an
unquoted account ID or project number becomes part of a broken bucket or repository name.
Quote the value.""",
    ),
    Check(
        "IB014",
        "template-too-large",
        Severity.ERROR,
        """A template expands to more than 65,536 characters.

Look-ups of values that themselves hold many `tpl` look-ups fan out (30 look-ups on each of 5
levels are 24 million copies). chartgen evaluates each look-up once and stops at the limit
instead of growing without bound; no real bucket, repository or annotation comes near it.""",
    ),
    Check(
        "IB015",
        "template-verbatim",
        Severity.WARNING,
        """A value still holds a template after the `tpl` passes Helm makes over it.

`{{ .Values.a }}` prints the value of `a`; when that value is itself a template, one `tpl` pass
does not evaluate it again, so the object carries the `{{ ... }}` text — in Helm and in
chartgen. Write `{{ tpl .Values.a . }}` to evaluate it, or the literal value.""",
    ),
    Check(
        "IB100",
        "schema",
        Severity.ERROR,
        """A value has the wrong type, is out of range, or is not one of the allowed values.

The message names the key, the value found and what is expected; `chartgen explain KEY` shows
the key's documentation.""",
    ),
    Check(
        "IB101",
        "unknown-key",
        Severity.ERROR,
        """A key inside `imageBuilder` is not part of the values contract.

Helm would ignore it silently, so the setting you meant never takes effect. The finding suggests
the nearest valid key (`authenticationtype` → `authenticationType`). Keys outside
`imageBuilder` belong to the rest of the data-plane chart and are not checked.""",
    ),
    Check(
        "IB102",
        "missing-key",
        Severity.ERROR,
        """A required key is missing — usually because `null` deleted it.

In Helm, `key: null` deletes the key *and its default*. Remove the `null` line to keep the
default.""",
    ),
)


NO_MANIFESTS = Check(
    "IB400",
    "no-manifests",
    Severity.INFO,
    """The values render no Kubernetes objects, so --validate-manifests had nothing to check.

Expected with `imageBuilder.enabled: false` or with an external buildkitd in multi-namespace
mode. The values themselves were still validated.""",
)

# Modules that own further checks declare them in a module-level `CHECKS` tuple of `Check`.
_OWNERS = (
    "chartgen.conform",
    "chartgen.render",
    "chartgen.iam",
    "chartgen.chart",
    "chartgen.names",
    "chartgen.diff",
    "chartgen.doctor",
)


def all_checks() -> list[Check]:
    import importlib

    checks = [*CHECKS, NO_MANIFESTS]
    for owner in _OWNERS:
        try:
            module = importlib.import_module(owner)
        except ModuleNotFoundError:
            continue
        checks.extend(getattr(module, "CHECKS", ()))
    return sorted(checks, key=lambda c: c.id)


def get_check(check_id: str) -> Check | None:
    for check in all_checks():
        if check.id == check_id or check.name == check_id:
            return check
    return None
