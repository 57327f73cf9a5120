"""Loading values exactly as Helm would: files in order, then --set flags, then chart defaults.

Order of operations (Helm's `values.Options.MergeValues` then `CoalesceValues`):

1. every values file, in command-line order (`-` is stdin), merged with Helm's mergeMaps;
2. `--set-json`, `--set`, `--set-string`, `--set-file`, `--set-literal` — Helm applies them by
   kind in this order, each kind in command-line order, into the merged map;
3. the contract's defaults underneath (null deletes);
4. the safe `{{ .Values.x }}` look-ups in the fields the reference chart passes through `tpl`.

Every value keeps the origin of the file and line that set it last.

Every source is bounded before it is parsed or copied: files, stdin, FIFOs and devices are read
as streams up to the size limit (a file's claimed size is never trusted), `--set-file` up to
1 MiB, and the `--set` family is applied in place, in order, under one `SetLimits` for the run
(no copy of the values per flag). Undecodable command-line bytes are refused, not carried on.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, BinaryIO

from chartgen.findings import (
    FIXED_UNREADABLE_INPUT,
    FIXED_UNUSABLE_VALUES,
    Finding,
    FindingKind,
    Location,
    Severity,
)
from chartgen.record import field, record
from chartgen.values.decoding import ENCODING
from chartgen.values.limits import LIMITS, MAX_BYTES
from chartgen.values.merge import coalesce, merge_into
from chartgen.values.provenance import Origin, Provenance, lookup
from chartgen.values.scalar_text import set_expression_text
from chartgen.values.yaml_source import load_yaml

if TYPE_CHECKING:
    from chartgen.rule_control.inline import InlineDirective
    from chartgen.values.strvals import SetLimits

SET_SYNTAX = FindingKind(
    "IB008",
    "set-syntax",
    Severity.ERROR,
    """A --set/--set-string/--set-json/--set-file expression is malformed.

chartgen parses these exactly like Helm (`a.b=c`, `a[0]=x`, `{x,y}` lists, `\\,` escapes).""",
    fixed=FIXED_UNUSABLE_VALUES,
)
UNREADABLE = FindingKind(
    "IB009",
    "unreadable",
    Severity.ERROR,
    """An input file cannot be read (missing, a directory, no permission).

This is an environment problem, so chartgen exits with code 3.""",
    fixed=FIXED_UNREADABLE_INPUT,
)

KINDS: tuple[FindingKind, ...] = (SET_SYNTAX, UNREADABLE)

STDIN_NAME = "<stdin>"


@record
class ValueSources:
    """What the user passed: values files and the --set family, in command-line order."""

    files: list[str] = field(default_factory=list)
    set_values: list[str] = field(default_factory=list)
    set_string: list[str] = field(default_factory=list)
    set_json: list[str] = field(default_factory=list)
    set_file: list[str] = field(default_factory=list)
    set_literal: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        names = [STDIN_NAME if f == "-" else f for f in self.files]
        names.extend(f"{flag} {item}" for flag, item in self.set_expressions())
        return names

    def set_expressions(self) -> list[tuple[str, str]]:
        """(flag, expression) in Helm's order of application: by kind, not by position."""
        kinds = [
            ("--set-json", self.set_json),
            ("--set", self.set_values),
            ("--set-string", self.set_string),
            ("--set-file", self.set_file),
            ("--set-literal", self.set_literal),
        ]
        return [(flag, item) for flag, items in kinds for item in items]


@record
class LoadedValues:
    """The merged values (None when some input was unusable) with origins and findings."""

    data: dict[str, Any] | None
    provenance: Provenance
    findings: list[Finding]
    checked: list[str]
    templated: dict[tuple[Any, ...], str] = field(default_factory=dict)
    # The `# chartgen: disable=...` comments of every file read (chartgen.rule_control).
    directives: list[InlineDirective] = field(default_factory=list)


# `--set-file` content becomes one string in a rendered object, and a Kubernetes object holds
# at most about 1 MiB, so a larger file is a mistake (a binary, a device, the wrong path).
MAX_SET_FILE_BYTES = 1024 * 1024

# Undecodable bytes in a command-line argument reach Python as lone surrogates
# (surrogateescape); they are not text and would crash every UTF-8 writer downstream.
_UNDECODABLE = re.compile("[\udc80-\udcff]")


class InputTooLarge(OSError):
    """An input is larger than its limit; raised by bounded reads of `--set-file`."""


def display_name(text: str) -> str:
    """A `--set` flag as it can be shown: an undecodable byte becomes `\\xNN`. (File names
    keep their bytes: a report can point at the file exactly, and each format escapes them.)"""
    if not _UNDECODABLE.search(text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _open(path: str) -> BinaryIO:
    # Unbuffered: `_read_at_most` reads in chunks of its own, and a buffered `read(n)` would
    # first allocate n bytes (16 MiB for every values file, most of the cost of reading one).
    return open(path, "rb", buffering=0)  # the caller closes it


_CHUNK = 1 << 16


def _read_at_most(handle: BinaryIO, size: int) -> bytes:
    """The first `size` bytes of `handle` (fewer at its end), read in chunks: what
    `handle.read(size)` returns, without allocating `size` bytes up front."""
    chunks: list[bytes] = []
    total = 0
    while total < size:
        chunk = handle.read(min(_CHUNK, size - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_bounded(
    name: str, limit: int, stdin: Callable[[], bytes] | None = None
) -> tuple[bytes | None, Finding | None]:
    """At most `limit` + 1 bytes of a file (or of stdin for `-`), so that more than `limit`
    shows without reading more. The size a file claims is never trusted: /dev/zero, a FIFO
    and stdin have none, or a false one."""
    if name == "-":
        try:
            if stdin is not None:  # a test's stand-in for standard input
                return stdin()[: limit + 1], None
            if sys.stdin is None:
                return None, _unreadable(STDIN_NAME, "standard input is closed")
            return _read_at_most(sys.stdin.buffer, limit + 1), None
        except OSError as exc:
            return None, _unreadable(STDIN_NAME, f"standard input: {exc.strerror}")
    shown = name
    try:
        with _open(name) as handle:
            return _read_at_most(handle, limit + 1), None
    except FileNotFoundError:
        return None, _unreadable(shown, "no such file")
    except IsADirectoryError:
        return None, _unreadable(shown, "is a directory, not a values file")
    except PermissionError:
        return None, _unreadable(shown, "permission denied")
    except OSError as exc:
        return None, _unreadable(shown, exc.strerror or str(exc))


def _unreadable(name: str, reason: str) -> Finding:
    return Finding(
        UNREADABLE.id,
        Severity.ERROR,
        f"cannot read values file: {reason}",
        hint="Check the path and its permissions.",
        location=Location(name),
        environment=True,
    )


def _expression_name(flag: str, expression: str) -> str:
    shown = expression if len(expression) <= 80 else expression[:77] + "..."
    return display_name(f"{flag} {shown}")


_MODES = {
    "--set-json": "json",
    "--set": "set",
    "--set-string": "string",
    "--set-file": "file",
    "--set-literal": "literal",
}


def _apply_set(
    flag: str,
    expression: str,
    name: str,
    target: dict[str, Any],
    stdin: Callable[[], bytes] | None,
    limits: SetLimits,
) -> list[tuple[str | int, ...]] | Finding:
    """Apply one --set-style expression to `target` in place; a finding when it cannot be
    (the values are then unusable, so a partly applied expression does no harm)."""
    from chartgen.values.strvals import StrvalsError, parse_into

    undecodable = _UNDECODABLE.search(expression)
    if undecodable:
        byte = ord(undecodable.group()) - 0xDC00
        return Finding(
            ENCODING.id,
            Severity.ERROR,
            f"{flag} expression is not UTF-8 text: byte 0x{byte:02X} at character "
            f"{undecodable.start() + 1} cannot be decoded",
            hint="Pass the value as UTF-8 text (check the terminal's encoding), or put it in a "
            "file and use --set-file.",
            location=Location(name),
            usage=True,
        )

    def read_set_file(path_text: str) -> str:
        raw, problem = read_bounded(path_text, MAX_SET_FILE_BYTES, stdin)
        if problem is not None or raw is None:
            reason = problem.message if problem else "unreadable"
            raise OSError(reason.removeprefix("cannot read values file: "))
        if len(raw) > MAX_SET_FILE_BYTES:
            raise InputTooLarge(
                f"{display_name(path_text)} is larger than {MAX_SET_FILE_BYTES:,} bytes"
            )
        return raw.decode("utf-8", "replace")

    try:
        return parse_into(
            expression, target, mode=_MODES[flag], read_file=read_set_file, limits=limits  # type: ignore[arg-type]
        )
    except StrvalsError as exc:
        where = f" (at character {exc.position + 1})" if exc.position is not None else ""
        if isinstance(exc.__cause__, InputTooLarge):
            return Finding(
                LIMITS.id,
                Severity.ERROR,
                f"{flag}: {exc.__cause__}; a file this large cannot become one value of a "
                "Kubernetes object",
                hint="Check the path after '='; --set-file reads a small text file such as a "
                "certificate or a script.",
                location=Location(name),
            )
        if isinstance(exc.__cause__, OSError):
            # The expression is fine; the file it names cannot be read (exit 3, not 2).
            return Finding(
                UNREADABLE.id,
                Severity.ERROR,
                f"{flag}: cannot read file: {exc.__cause__}",
                hint="Check the path after '='.",
                location=Location(name),
                environment=True,
            )
        if exc.limit:
            return Finding(
                LIMITS.id,
                Severity.ERROR,
                f"{flag} expression exceeds chartgen's limits: {exc}{where}",
                hint="No Image Builder value needs this: check the index or the nesting.",
                location=Location(name),
            )
        # The expression is the "file": a character offset reads better than line 1, column N.
        return Finding(
            SET_SYNTAX.id,
            Severity.ERROR,
            f"cannot parse {flag} expression: {exc}{where}",
            hint="Use Helm's syntax: key.path=value, lists as {a,b}, a[0]=x, and escape "
            "literal commas as \\,.",
            location=Location(name),
            usage=True,
        )


def load_values(
    sources: ValueSources,
    *,
    stdin: Callable[[], bytes] | None = None,
    with_defaults: bool = True,
    defaults: dict[str, Any] | None = None,
) -> LoadedValues:
    """Read, merge and complete the values; never raises for bad input."""
    # Loading creates many small objects (YAML nodes, values, origins) and no reference cycles
    # worth collecting; the collector's full passes over all of them would grow with the file,
    # making a large file's load superlinear (30,000 lines: twice as long). Paused, not off:
    # collection resumes when the values are loaded.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_values(sources, stdin=stdin, with_defaults=with_defaults, defaults=defaults)
    finally:
        if collecting:
            gc.enable()


def _load_values(
    sources: ValueSources,
    *,
    stdin: Callable[[], bytes] | None,
    with_defaults: bool,
    defaults: dict[str, Any] | None,
) -> LoadedValues:
    findings: list[Finding] = []
    merged: dict[str, Any] = {}
    provenance = Provenance()
    checked: list[str] = []
    directives: list[InlineDirective] = []
    usable = True

    for name in sources.files:
        raw, problem = read_bounded(name, MAX_BYTES, stdin)
        display = STDIN_NAME if name == "-" else name
        checked.append(display)
        if problem is not None:
            findings.append(problem)
            usable = False
            continue
        assert raw is not None
        document = load_yaml(raw, display)
        findings.extend(document.findings)
        directives.extend(document.directives)
        if document.data is None:
            usable = False
            continue
        if not merged and not provenance.origins:
            # Merging into nothing gives the document itself: take it over (and its origins)
            # instead of copying it key by key.
            merged, provenance = document.data, document.provenance
        else:
            merge_into(merged, provenance, document.data, document.provenance)

    # Applied in place, in order: one copy of the values for all flags, not one per flag. After
    # a failure the values are unusable anyway, so the remaining flags are only parsed (into a
    # scratch map) to report their own mistakes too.
    limits: SetLimits | None = None
    for flag, expression in sources.set_expressions():
        name = _expression_name(flag, expression)
        checked.append(name)
        if limits is None:
            from chartgen.values.strvals import SetLimits

            limits = SetLimits(refuse_unfinished_index=True)
        applied = _apply_set(flag, expression, name, merged if usable else {}, stdin, limits)
        if isinstance(applied, Finding):
            findings.append(applied)
            usable = False
            continue
        if not usable:
            continue  # parsed only to report its own mistakes
        for path in applied:
            provenance.drop_subtree(path)
            key = ".".join(str(part) for part in path)
            text = set_expression_text(flag, expression, name, key, lookup(merged, path))
            provenance.record(path, Origin(Location(name), text=text))

    if not usable:
        return LoadedValues(None, provenance, findings, checked, directives=directives)

    if with_defaults:
        from chartgen.generated.values_model import chart_defaults

        coalesce(merged, defaults if defaults is not None else chart_defaults(), provenance)

    from chartgen.values.templating import resolve_templates

    templates = resolve_templates(merged, provenance)
    findings.extend(templates.findings)
    return LoadedValues(merged, provenance, findings, checked, dict(templates.resolved),
                        directives)
