"""buildkitd.toml as BuildKit reads it: keys, types and values checked against BuildKit's own
configuration structure at the version chartgen deploys.

buildkitd decodes its configuration with go-toml/v2 into `config.Config`
(`cmd/buildkitd/config`), strictly typed, and refuses some values after loading
(`cmd/buildkitd/main.go`). That structure is not written by hand here: `structure.json`
beside this module is the dump of BuildKit's own types made by the Go program in
`tests/consumers/buildkitd-config` (built against the pinned `github.com/moby/buildkit`), and a
test fails when the two drift apart. The same program loads files with BuildKit's loader, so the
test suite checks this module's verdicts against BuildKit's.

What this module reproduces from go-toml/v2 (v2.3.1, `unmarshaler.go`):

- a struct field matches its exact TOML name, else the key lower-cased by Go's
  `strings.ToLower` (simple case mapping: `İ` lower-cases to `i`, the Kelvin sign to `k`), so
  `Insecure-Entitlements` *is* `insecure-entitlements`; map keys match exactly;
- an unknown key is skipped (an unknown table skips all its keys), which BuildKit does silently;
- types are strict: no string into a number or a list, no float into an integer, integers in
  the target's range; a type that decodes from text (`Duration`, `DiskSpace`) receives the text
  of any scalar — a string's content, or a number as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from chartgen.record import field, record

if TYPE_CHECKING:
    from chartgen.buildkit.toml_scan import TomlEntry, TomlStatement, TomlValue

FieldPath = tuple[str, ...]

# Which check found a problem; each kind is worded for the user in `ConfigIssue.message`.
UNKNOWN = "unknown"  # BuildKit has no such key and ignores it
TYPE = "type"  # the value has the wrong TOML type; buildkitd does not start
VALUE = "value"  # the text of a Duration / DiskSpace does not parse; buildkitd does not start
REFUSED = "refused"  # loads, but buildkitd refuses it at start
DEPRECATED = "deprecated"  # BuildKit still reads it but has replaced it


@record(eq=False)
class Structure:
    """BuildKit's configuration types (the JSON dump), with field look-up as go-toml does it."""

    buildkit: str
    go_toml: str
    root: str
    types: dict[str, tuple[dict[str, Any], ...]]
    _maps: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict, repr=False)

    def fields(self, ref: str) -> dict[str, dict[str, Any]]:
        """go-toml's field map for a struct: each TOML name and its lower-cased form, in one
        map, in field order (a later field wins a clash, as in go-toml)."""
        out = self._maps.get(ref)
        if out is None:
            out = {}
            for item in self.types[ref]:
                out[item["name"]] = item
                out[go_lower(item["name"])] = item
            self._maps[ref] = out
        return out

    def field(self, ref: str, key: str) -> dict[str, Any] | None:
        table = self.fields(ref)
        return table.get(key) or table.get(go_lower(key))

    def names(self, ref: str) -> list[str]:
        return [item["name"] for item in self.types[ref]]


@cache
def structure() -> Structure:
    import json
    from importlib import resources  # (with its pathlib and tempfile) only when it is read

    data = json.loads(resources.files("chartgen.buildkit").joinpath("structure.json").read_text())
    types = {name: tuple(fields or ()) for name, fields in data["types"].items()}
    return Structure(data["buildkit"], data["goToml"], data["root"], types)


def go_lower(text: str) -> str:
    """Go's `strings.ToLower`: each character by its simple lower-case mapping.

    Python's `str.lower` applies full mappings and context (`İ` → `i̇`, a final `Σ` → `ς`);
    Go maps one character to one character, and a key must match the way Go matches it.
    """
    if text.isascii():
        return text.lower()
    out = []
    for char in text:
        if char == "\u0130":
            out.append("i")
            continue
        lowered = char.lower()
        out.append(lowered if len(lowered) == 1 else char)
    return "".join(out)


# -- what a document sets ---------------------------------------------------------------------


@record(frozen=True)
class KeySetting:
    """One key the document sets (a table header too), resolved to BuildKit's field names.

    `written` is the key path as written (table prefix included); `field` the same path in
    BuildKit's names (`Insecure-Entitlements` → `insecure-entitlements`); `resolved` is False
    when BuildKit has no such key. `line`/`column` locate the key's first part.
    """

    written: FieldPath
    field: FieldPath
    resolved: bool
    deprecated: bool
    header: bool
    line: int
    column: int
    value: TomlValue | None = None
    table_length: int = 0  # how much of `written` is the enclosing [table] header

    @property
    def shown(self) -> str:
        return toml_path(self.written)


@record(frozen=True)
class ConfigIssue:
    """Something BuildKit rejects, ignores, refuses or has deprecated, located in the document."""

    kind: str
    setting: KeySetting
    message: str
    hint: str
    line: int
    column: int


@record
class BuildkitView:
    """The document as BuildKit reads it: every key set, and what BuildKit says about them."""

    settings: list[KeySetting] = field(default_factory=list)
    issues: list[ConfigIssue] = field(default_factory=list)

    def find(self, path: FieldPath) -> list[KeySetting]:
        """Settings of exactly this field path (BuildKit's names), in document order."""
        return [s for s in self.settings if s.resolved and s.field == path]



# Types are the JSON descriptors of `structure.json`:
# {"kind": ..., "elem" / "key" / "ref" / "text"}.
_INT_RANGES = {
    "int": (-(2**63), 2**63 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "int16": (-(2**15), 2**15 - 1),
    "int8": (-(2**7), 2**7 - 1),
    "uint": (0, 2**63 - 1),
    "uint64": (0, 2**63 - 1),
    "uint32": (0, 2**32 - 1),
    "uint16": (0, 2**16 - 1),
    "uint8": (0, 2**8 - 1),
}
_TOML_KIND = {
    "string": "a string",
    "integer": "an integer",
    "float": "a float",
    "boolean": "a boolean",
    "datetime": "a date/time",
    "array": "an array",
    "table": "a table",
}


def describe_type(t: dict[str, Any]) -> str:
    """A Go type for people: `a list of strings`, `a duration such as "24h"`."""
    kind = t["kind"]
    if t.get("text") == "config.Duration":
        return 'a duration such as "24h" (or a number of seconds)'
    if t.get("text") == "config.DiskSpace":
        return 'a size such as "10GB" or a percentage such as "10%"'
    if kind == "pointer":
        return describe_type(t["elem"])
    if kind == "bool":
        return "a boolean (true or false)"
    if kind == "string":
        return "a string"
    if kind in _INT_RANGES:
        return "an integer"
    if kind in ("float32", "float64"):
        return "a number"
    if kind in ("slice", "array"):
        elem = t["elem"]
        while elem["kind"] == "pointer":
            elem = elem["elem"]
        if elem["kind"] == "string":
            return "a list of strings"
        if elem["kind"] == "struct":
            return "a list of tables"
        return "a list"
    if kind == "map":
        return "a table"
    if kind == "struct":
        return "a table"
    return "a value"


def _deref(t: dict[str, Any]) -> dict[str, Any]:
    while t["kind"] == "pointer":
        t = t["elem"]
    return t


def read_config(statements: Iterable[TomlStatement]) -> BuildkitView:
    """Decode statements the way go-toml/v2 decodes them into BuildKit's `config.Config`."""
    return _Decoder(structure()).run(statements)


class _Decoder:
    def __init__(self, s: Structure) -> None:
        self.s = s
        self.view = BuildkitView()
        self.root = {"kind": "struct", "ref": s.root}

    def run(self, statements: Iterable[TomlStatement]) -> BuildkitView:
        table_written: FieldPath = ()
        table_field: FieldPath = ()
        table_type: dict[str, Any] | None = self.root
        for statement in statements:
            if statement.kind == "entry":
                if table_type is None:
                    continue  # inside a table BuildKit does not know: go-toml skips it
                assert statement.value is not None
                self.entry(table_written, table_field, table_type, statement.keys, statement.value)
                continue
            written = tuple(k.text for k in statement.keys)
            position = statement.position
            fields, t, resolved, deprecated = self.resolve(self.root, (), written, tables=True)
            setting = KeySetting(
                written, fields, resolved, deprecated, True, position.line, position.column
            )
            self.view.settings.append(setting)
            table_written, table_field = written, fields
            table_type = None
            if not resolved:
                self.unknown(setting, position.line, position.column)
                continue
            assert t is not None
            target = _deref(t)
            if statement.kind == "array-table":
                if target["kind"] not in ("slice", "array"):
                    self.issue(TYPE, setting, f"[[{setting.shown}]] is an array of tables, but "
                               f"BuildKit's {toml_path(fields)} is {describe_type(t)}",
                               self.type_hint(fields, t), position.line, position.column)
                    continue
                target = _deref(target["elem"])
            elif target["kind"] in ("slice", "array"):
                self.issue(TYPE, setting, f"[{setting.shown}] is a table, but BuildKit's "
                           f"{toml_path(fields)} is {describe_type(t)}",
                           self.type_hint(fields, t), position.line, position.column)
                continue
            if target["kind"] not in ("struct", "map", "interface"):
                self.issue(TYPE, setting, f"[{setting.shown}] is a table, but BuildKit's "
                           f"{toml_path(fields)} is {describe_type(t)}",
                           self.type_hint(fields, t), position.line, position.column)
                continue
            if deprecated:
                self.deprecated(setting)
            table_type = target
        return self.view

    # -- key resolution ----------------------------------------------------------------------

    def resolve(
        self, t: dict[str, Any], fields: FieldPath, keys: FieldPath, *, tables: bool = False
    ) -> tuple[FieldPath, dict[str, Any] | None, bool, bool]:
        """Follow `keys` from type `t`: (field path, the type reached, resolved, deprecated).

        Through a list (an array of tables), a key reaches into its last element, as go-toml does.
        """
        out = list(fields)
        deprecated = False
        current: dict[str, Any] | None = t
        for key in keys:
            assert current is not None
            target = _deref(current)
            while target["kind"] in ("slice", "array"):
                target = _deref(target["elem"])
            kind = target["kind"]
            if kind == "struct":
                item = self.s.field(target["ref"], key)
                if item is None:
                    return (*out, key), None, False, False
                out.append(item["name"])
                deprecated = bool(item.get("deprecated"))
                current = item["type"]
            elif kind == "map":
                out.append(key)
                deprecated = False
                current = target["elem"]
            elif kind == "interface":
                out.append(key)
                deprecated = False
            else:
                # A key below a scalar: go-toml cannot store it ("unhandled kv part").
                return (*out, key), None, False, False
        return tuple(out), current, True, deprecated

    # -- entries -----------------------------------------------------------------------------

    def entry(
        self,
        table_written: FieldPath,
        table_field: FieldPath,
        table_type: dict[str, Any],
        keys: tuple[Any, ...],
        value: TomlValue,
    ) -> None:
        written = (*table_written, *(k.text for k in keys))
        first = keys[0].position
        fields, t, resolved, deprecated = self.resolve(
            table_type, table_field, tuple(k.text for k in keys)
        )
        setting = KeySetting(
            written, fields, resolved, deprecated, False, first.line, first.column, value,
            len(table_written),
        )
        self.view.settings.append(setting)
        if not resolved:
            self.unknown(setting, first.line, first.column)
            return
        assert t is not None
        if deprecated:
            self.deprecated(setting)
        self.check_value(setting, fields, t, value)

    def check_value(
        self, setting: KeySetting, fields: FieldPath, t: dict[str, Any], value: TomlValue
    ) -> None:
        target = _deref(t)
        kind = value.kind
        where = value.position
        shown = toml_path(fields)

        def wrong() -> None:
            self.issue(
                TYPE,
                setting,
                f"{setting.shown} is {_TOML_KIND[kind]} ({_excerpt(value.raw)}), but BuildKit's "
                f"{shown} is {describe_type(t)}",
                self.type_hint(fields, t),
                where.line,
                where.column,
            )

        text_type = target.get("text")
        if text_type and kind not in ("array", "table"):
            problem = parse_text(text_type, value.value if kind == "string" else value.raw)
            if problem:
                self.issue(VALUE, setting, f"{setting.shown} = {_excerpt(value.raw)}: {problem}",
                           self.type_hint(fields, t), where.line, where.column)
            return
        go_kind = target["kind"]
        if go_kind == "interface":
            for bad in _out_of_range(value):
                self.issue(VALUE, setting, f"{setting.shown}: the integer {_excerpt(bad.raw)} "
                           "does not fit in 64 bits", "Use a smaller number.",
                           bad.position.line, bad.position.column)
            return
        if go_kind == "bool":
            if kind != "boolean":
                wrong()
            return
        if go_kind == "string":
            if kind != "string":
                wrong()
            return
        if go_kind in _INT_RANGES:
            if kind != "integer":
                wrong()
                return
            low, high = _INT_RANGES[go_kind]
            if not low <= value.value <= high:
                self.issue(VALUE, setting, f"{setting.shown} = {_excerpt(value.raw)} does not "
                           f"fit in BuildKit's {shown} ({go_kind})", self.type_hint(fields, t),
                           where.line, where.column)
            return
        if go_kind in ("float32", "float64"):
            if kind not in ("float", "integer"):
                wrong()
            return
        if go_kind in ("slice", "array"):
            if kind != "array":
                wrong()
                return
            for item in value.value:
                self.check_value(setting, fields, target["elem"], item)
            return
        if go_kind in ("map", "struct"):
            if kind != "table":
                wrong()
                return
            for inner in value.value:
                self.inline_entry(setting, fields, target, inner)
            return
        wrong()  # pragma: no cover - BuildKit's config has no other kinds

    def inline_entry(
        self, parent: KeySetting, fields: FieldPath, t: dict[str, Any], entry: TomlEntry
    ) -> None:
        keys = tuple(k.text for k in entry.keys)
        first = entry.keys[0].position
        resolved_fields, reached, resolved, deprecated = self.resolve(t, fields, keys)
        setting = KeySetting(
            (*parent.written, *keys), resolved_fields, resolved, deprecated, False,
            first.line, first.column, entry.value, len(parent.written),
        )
        self.view.settings.append(setting)
        if not resolved:
            self.unknown(setting, first.line, first.column)
            return
        assert reached is not None
        if deprecated:
            self.deprecated(setting)
        self.check_value(setting, resolved_fields, reached, entry.value)

    # -- issues ------------------------------------------------------------------------------

    def issue(
        self, kind: str, setting: KeySetting, message: str, hint: str, line: int, column: int
    ) -> None:
        self.view.issues.append(ConfigIssue(kind, setting, message, hint, line, column))

    def unknown(self, setting: KeySetting, line: int, column: int) -> None:
        parent = setting.field[:-1]
        key = setting.written[-1]
        names = self.names_at(parent)
        message = f"BuildKit has no key {setting.shown!r}"
        if parent:
            message += f" in [{toml_path(parent)}]"
        message += "; buildkitd would ignore it"
        import difflib

        close = difflib.get_close_matches(go_lower(key), [go_lower(n) for n in names], 1, 0.6)
        if close:
            (match,) = [n for n in names if go_lower(n) == close[0]][:1]
            hint = f"Did you mean {match!r}? Rename it."
        else:
            elsewhere = self.tables_with(key)
            if elsewhere:
                hint = f"{key!r} is a key of {elsewhere[0]}; move it there."
            elif names:
                hint = "Known keys here: " + ", ".join(names[:12]) + (
                    ", ..." if len(names) > 12 else ""
                ) + "."
            else:
                hint = "Remove it; see BuildKit's buildkitd.toml documentation."
        self.issue(UNKNOWN, setting, message, hint, line, column)

    def deprecated(self, setting: KeySetting) -> None:
        replacement = DEPRECATED_REPLACEMENTS.get(setting.field[-1], "")
        self.issue(
            DEPRECATED,
            setting,
            f"{setting.shown} is deprecated in BuildKit {self.s.buildkit}",
            (f"Use {replacement} instead." if replacement else "Remove it.")
            + " chartgen never writes deprecated keys.",
            setting.line,
            setting.column,
        )

    def names_at(self, path: FieldPath) -> list[str]:
        _, t, resolved, _ = self.resolve(self.root, (), path)
        if not resolved or t is None:
            return []
        target = _deref(t)
        while target["kind"] in ("slice", "array"):
            target = _deref(target["elem"])
        return self.s.names(target["ref"]) if target["kind"] == "struct" else []

    def tables_with(self, key: str) -> list[str]:
        """Where else a key exists (`mirrors` → `[registry."HOST"]`), for a suggestion."""
        found: list[str] = []
        for path, names in _table_names(self.s):
            if go_lower(key) in {go_lower(n) for n in names}:
                found.append("[" + ".".join(path) + "]")
        return found

    def type_hint(self, fields: FieldPath, t: dict[str, Any]) -> str:
        example = TYPE_EXAMPLES.get(fields[-1]) if fields else None
        text = f"Write {toml_path(fields)} as {describe_type(t)}"
        return text + (f", e.g. {example}." if example else ".")


def _out_of_range(value: TomlValue) -> Iterator[TomlValue]:
    if value.kind == "integer" and not -(2**63) <= value.value <= 2**63 - 1:
        yield value
    elif value.kind == "array":
        for item in value.value:
            yield from _out_of_range(item)
    elif value.kind == "table":
        for entry in value.value:
            yield from _out_of_range(entry.value)


def _excerpt(raw: str, limit: int = 40) -> str:
    raw = raw.replace("\n", "\\n")
    return raw if len(raw) <= limit else raw[: limit - 3] + "..."


@cache
def _table_names_cached() -> tuple[tuple[FieldPath, tuple[str, ...]], ...]:
    s = structure()
    out: list[tuple[FieldPath, tuple[str, ...]]] = []

    def walk(ref: str, path: FieldPath, depth: int) -> None:
        out.append((path, tuple(s.names(ref))))
        if depth > 6:
            return
        for item in s.types[ref]:
            t = _deref(item["type"])
            step: FieldPath = (*path, item["name"])
            while t["kind"] in ("slice", "array", "map"):
                if t["kind"] == "map":
                    step = (*step, '"NAME"')
                t = _deref(t["elem"])
            if t["kind"] == "struct" and not t.get("text"):
                walk(t["ref"], step, depth + 1)

    walk(s.root, (), 0)
    return tuple(out[1:])


def _table_names(s: Structure) -> tuple[tuple[FieldPath, tuple[str, ...]], ...]:
    return _table_names_cached()


# What replaces each deprecated key (BuildKit's own deprecation notes).
DEPRECATED_REPLACEMENTS = {
    "debug": 'log.level = "debug" (imageBuilder.buildkit.log.level)',
    "trace": 'log.level = "trace" (imageBuilder.buildkit.log.level)',
    "gckeepstorage": "reservedSpace",
    "keepBytes": "reservedSpace",
}

TYPE_EXAMPLES = {
    "mirrors": '["mirror.gcr.io"]',
    "insecure-entitlements": '["network.host"]',
    "maxEntries": "100",
    "maxAge": '"48h"',
    "keepDuration": '"24h"',
    "reservedSpace": '"10GB"',
    "maxUsedSpace": '"80%"',
    "minFreeSpace": '"20%"',
    "maxRegistryConcurrency": "8",
    "proxyNetwork": "true",
    "http": "true",
    "insecure": "true",
    "nameservers": '["10.0.0.10"]',
    "address": '["tcp://0.0.0.0:1234"]',
}


# -- values that decode from text ---------------------------------------------------------------


def parse_text(type_name: str, text: str) -> str | None:
    """Why BuildKit's `UnmarshalText` of `type_name` rejects `text` (None: it accepts it)."""
    if type_name == "config.Duration":
        return _duration_problem(text)
    if type_name == "config.DiskSpace":
        return _disk_space_problem(text)
    raise KeyError(f"no text parser for {type_name}")  # a new BuildKit type: teach it here


def _strip_quotes(text: str) -> str:
    # BuildKit's stripQuotes: "x" → x (the quotes of a TOML string are already gone).
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text[1:-1]
    if text == '"':
        return ""
    return text


def _duration_problem(text: str) -> str | None:
    # cmd/buildkitd/config/gcpolicy.go Duration.UnmarshalText: time.ParseDuration, else a
    # whole number of seconds (strconv.ParseInt).
    text = _strip_quotes(text)
    if not text or go_parse_duration(text) is not None or go_parse_int(text) is not None:
        return None
    return f'invalid duration {text}: use a Go duration such as "24h" or "90m", or seconds'


def _disk_space_problem(text: str) -> str | None:
    # DiskSpace.UnmarshalText: "N%" (strconv.ParseInt), else go-units RAMInBytes.
    text = _strip_quotes(text)
    if not text:
        return None
    if text.endswith("%"):
        if go_parse_int(text[:-1]) is None:
            return f'invalid percentage {text}: use a whole number followed by "%", e.g. "10%"'
        return None
    if ram_in_bytes(text) is None:
        return f'invalid disk space {text}: use a size such as "512MB", "10GB" or a percentage'
    return None


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def go_parse_int(text: str) -> int | None:
    """strconv.ParseInt(text, 10, 64), or None where Go returns an error."""
    digits = text[1:] if text[:1] in "+-" else text
    if not digits or not all("0" <= c <= "9" for c in digits):
        return None
    value = int(text)
    return value if _INT64_MIN <= value <= _INT64_MAX else None


_DURATION_UNITS = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,  # micro sign
    "\u03bcs": 1_000,  # Greek mu
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}


def go_parse_duration(text: str) -> int | None:
    """time.ParseDuration(text) in nanoseconds, or None where Go returns an error."""
    s = text
    negative = False
    if s[:1] in ("-", "+"):
        negative = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if not s:
        return None
    total = 0
    while s:
        if not (s[0] == "." or "0" <= s[0] <= "9"):
            return None
        i = 0
        while i < len(s) and "0" <= s[i] <= "9":
            i += 1
        whole = int(s[:i]) if i else 0
        pre = i > 0
        s = s[i:]
        fraction, scale, post = 0, 1, False
        if s[:1] == ".":
            s = s[1:]
            i = 0
            while i < len(s) and "0" <= s[i] <= "9":
                i += 1
            post = i > 0
            if post:
                fraction, scale = int(s[:i]), 10**i
            s = s[i:]
        if not pre and not post:
            return None
        i = 0
        while i < len(s) and s[i] != "." and not ("0" <= s[i] <= "9"):
            i += 1
        unit = _DURATION_UNITS.get(s[:i])
        if unit is None:
            return None
        s = s[i:]
        if whole > (2**63 - 1) // unit:
            return None
        total += whole * unit + (fraction * unit) // scale
        if total > 2**63 - (0 if negative else 1):
            return None
    return -total if negative else total


def _go_parse_float(text: str) -> float | None:
    """strconv.ParseFloat(text, 64) for the forms a size can take, or None on error."""
    s = text[1:] if text[:1] in "+-" else text
    if s.lower() in ("inf", "infinity", "nan"):
        return float(text)
    if s[:2].lower() == "0x":
        try:
            return float.fromhex(text)
        except (ValueError, OverflowError):
            return None
    if "_" in s:
        if not _underscores_ok(s):
            return None
        s = s.replace("_", "")
    mantissa, e, exponent = s.lower().partition("e")
    if e and not (exponent.lstrip("+-").isdigit() and exponent.isascii()):
        return None
    whole, _, frac = mantissa.partition(".")
    if not (whole or frac) or not all(c.isdigit() and c.isascii() for c in whole + frac):
        return None
    value = float(text[:1] + s if text[:1] in "+-" else s)
    return None if value in (float("inf"), float("-inf")) else value


def _underscores_ok(s: str) -> bool:
    """strconv's underscoreOK: an underscore only between digits (ParseFloat allows them)."""
    saw = "^"
    for char in s:
        if "0" <= char <= "9":
            saw = "0"
        elif char == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def ram_in_bytes(text: str) -> int | None:
    """go-units RAMInBytes(text), or None where it returns an error."""
    raw = text.encode("utf-8")
    sep = max(raw.rfind(c) for c in b"0123456789. ")
    if sep == -1:
        return None
    if raw[sep : sep + 1] != b" ":
        num, suffix = raw[: sep + 1], raw[sep + 1 :]
    else:
        num, suffix = raw[:sep], raw[sep + 1 :]
    try:
        size = _go_parse_float(num.decode("ascii"))
    except UnicodeDecodeError:
        return None
    if size is None or size < 0:
        return None
    if not suffix:
        return _go_int64(size)
    if len(suffix) > 3:
        return None
    lowered = suffix.lower()
    if lowered[:1] == b"b":
        return _go_int64(size) if len(lowered) == 1 else None
    multiplier = {b"k": 2**10, b"m": 2**20, b"g": 2**30, b"t": 2**40, b"p": 2**50}.get(
        lowered[:1]
    )
    if multiplier is None:
        return None
    if (len(lowered) == 2 and lowered[1:] != b"b") or (len(lowered) == 3 and lowered[1:] != b"ib"):
        return None
    return _go_int64(size * multiplier)


def _go_int64(size: float) -> int:
    # Go converts out-of-range floats without an error; the value does not matter here.
    if size != size or size in (float("inf"), float("-inf")):
        return 0
    return int(size)


# -- values buildkitd refuses at start ----------------------------------------------------------

LOG_FORMATS = ("text", "json")
# logrus.ParseLevel (it lower-cases first).
LOG_LEVELS = ("panic", "fatal", "error", "warn", "warning", "info", "debug", "trace")
SNAPSHOTTERS = ("auto", "native", "overlayfs", "fuse-overlayfs", "stargz")
NETWORK_MODES = ("auto", "host", "cni", "bridge")
ENTITLEMENTS = ("security.insecure", "network.host", "device")


def effective(view: BuildkitView) -> dict[FieldPath, KeySetting]:
    """The setting that wins for each field (the last one in the document, as in go-toml)."""
    out: dict[FieldPath, KeySetting] = {}
    for setting in view.settings:
        if setting.resolved and not setting.header and setting.value is not None:
            out[setting.field] = setting
    return out


def startup_issues(view: BuildkitView) -> list[ConfigIssue]:
    """What buildkitd refuses after loading, mirroring `cmd/buildkitd/main.go` (log format and
    level, `[system] maxRegistryConcurrency`, the debug listener, the TLS pair) and the OCI
    worker's start (`main_oci_worker.go`: snapshotter, network mode, process sandbox,
    platforms, user remapping). Checks that need the running system are left out."""
    values = effective(view)
    issues: list[ConfigIssue] = []

    def get(*path: str) -> Any:
        setting = values.get(path)
        return None if setting is None or setting.value is None else setting.value.value

    def refuse(path: FieldPath, message: str, hint: str) -> None:
        setting = values[path]
        issues.append(ConfigIssue(REFUSED, setting, message, hint, setting.line, setting.column))

    log_format = get("log", "format")
    if isinstance(log_format, str) and log_format not in ("", *LOG_FORMATS):
        refuse(("log", "format"), f"buildkitd refuses log.format {log_format!r} at start "
               "(unsupported log type)", 'Use "text" or "json".')
    level = get("log", "level")
    if isinstance(level, str) and level and go_lower(level) not in LOG_LEVELS:
        refuse(("log", "level"), f"buildkitd refuses log.level {level!r} at start "
               "(not a logrus level)", "Use one of " + ", ".join(LOG_LEVELS) + ".")
    concurrency = get("system", "maxRegistryConcurrency")
    if isinstance(concurrency, int) and not isinstance(concurrency, bool) and concurrency <= 0:
        refuse(("system", "maxRegistryConcurrency"), "buildkitd refuses "
               f"system.maxRegistryConcurrency = {concurrency} at start (it must be greater "
               "than zero)", "Set it to 1 or more, or remove it (no limit).")
    debug_address = get("grpc", "debugAddress")
    if isinstance(debug_address, str) and debug_address:
        problem = listener_problem(debug_address)
        if problem:
            refuse(("grpc", "debugAddress"), f"buildkitd cannot listen on grpc.debugAddress "
                   f"{debug_address!r}: {problem}", 'Use HOST:PORT, e.g. "127.0.0.1:6060".')
    cert, key = get("grpc", "tls", "cert"), get("grpc", "tls", "key")
    if bool(cert) != bool(key):
        refuse(("grpc", "tls", "cert" if cert else "key"), "buildkitd refuses a [grpc.tls] "
               "certificate without its key (or a key without its certificate)",
               "Use imageBuilder.buildkit.tls instead of [grpc.tls].")
    if get("worker", "oci", "enabled") is not False:
        remap = get("worker", "oci", "userRemapUnsupported")
        if isinstance(remap, str) and remap.count(":") > 1:
            refuse(("worker", "oci", "userRemapUnsupported"), "buildkitd refuses "
                   f"worker.oci.userRemapUnsupported {remap!r} (invalid userns remap "
                   "specification)", "Use USER or USER:GROUP, or remove it.")
        snapshotter = get("worker", "oci", "snapshotter")
        if (
            isinstance(snapshotter, str)
            and snapshotter not in ("", *SNAPSHOTTERS)
            and not get("worker", "oci", "proxySnapshotterPath")
        ):
            refuse(("worker", "oci", "snapshotter"), f"buildkitd refuses snapshotter "
                   f"{snapshotter!r} at start (unknown snapshotter name)",
                   "Use one of " + ", ".join(SNAPSHOTTERS) + ".")
        if get("worker", "oci", "noProcessSandbox") is True and get(
            "worker", "oci", "rootless"
        ) is not True:
            refuse(("worker", "oci", "noProcessSandbox"), "buildkitd refuses "
                   "noProcessSandbox without rootless", "Remove it: chartgen sets it from "
                   "imageBuilder.buildkit.rootless.")
        mode = get("worker", "oci", "networkMode")
        if isinstance(mode, str) and mode not in ("", *NETWORK_MODES):
            refuse(("worker", "oci", "networkMode"), f"buildkitd refuses networkMode {mode!r} "
                   "at start (invalid network mode)",
                   "Use one of " + ", ".join(NETWORK_MODES) + ".")
        platform_list = get("worker", "oci", "platforms")
        if isinstance(platform_list, list):
            for item in platform_list:
                if item.kind == "string" and platform_problem(item.value):
                    refuse(("worker", "oci", "platforms"), f"buildkitd refuses platform "
                           f"{item.value!r}: {platform_problem(item.value)}",
                           'Write platforms as OS/ARCH[/VARIANT], e.g. "linux/amd64".')
    return issues


def listener_problem(address: str) -> str | None:
    """Why buildkitd's getListener cannot open `address` (None: it can parse it)."""
    if "://" not in address:
        address = "tcp://" + address
    proto, _, listen = address.partition("://")
    if proto in ("unix", "fd"):
        return None
    if proto != "tcp":
        return f"protocol {proto!r} is not supported (use tcp:// or unix://)"
    host_port = split_host_port(listen)
    if host_port is None:
        return "not HOST:PORT"
    port = host_port[1]
    if not port:
        return None  # ":" alone listens on a free port
    if port.isascii() and port.isdigit():
        return None if int(port) <= 65535 else "port out of range"
    return None if port.isascii() and port.replace("-", "").isalnum() else "invalid port"


def split_host_port(text: str) -> tuple[str, str] | None:
    """net.SplitHostPort: ("host", "port") or None; `[::1]:80` keeps the host unbracketed."""
    if text.startswith("["):
        end = text.find("]")
        if end == -1 or text[end + 1 : end + 2] != ":":
            return None
        host, port = text[1:end], text[end + 2 :]
        return None if ":" in port else (host, port)
    host, sep, port = text.rpartition(":")
    if not sep or ":" in host:
        return None
    return host, port


_KNOWN_OS = frozenset(
    (
        "aix", "android", "darwin", "macos", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
        "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
    )
)
_KNOWN_ARCH = frozenset(
    (
        "386", "i386", "i486", "i586", "i686", "amd64", "x86_64", "x86-64", "amd64p32", "arm",
        "armel", "armhf", "arm64", "aarch64", "armbe", "arm64be", "ppc64", "ppc64le", "loong64",
        "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv",
        "riscv64",
        "s390", "s390x", "sparc", "sparc64", "wasm",
    )
)


def _plain_component(text: str, dot: bool = True) -> bool:
    allowed = "_-." if dot else "_-"
    return bool(text) and all(c.isascii() and (c.isalnum() or c in allowed) for c in text)


def platform_problem(spec: str) -> str | None:
    """containerd/platforms.Parse's objections to a platform specifier (None: it parses)."""
    if "*" in spec:
        return "wildcards are not supported"
    parts = spec.split("/", 3)
    if len(parts) > 3:
        return "too many components"
    head = parts[0]
    name, paren, options = head.partition("(")
    if not _plain_component(name, dot=False):
        return f"{head!r} is not a valid OS component"
    if paren and not (
        options.endswith(")")
        and all(_plain_component(p) or p == "" for p in options[:-1].replace("%", "_").split("+"))
    ):
        return f"{head!r} has invalid OS options"
    for part in parts[1:]:
        if not _plain_component(part):
            return f"{part!r} is not a valid platform component"
    if len(parts) == 1 and go_lower(name) not in _KNOWN_OS and go_lower(name) not in _KNOWN_ARCH:
        return "unknown operating system or architecture"
    return None


def toml_key(part: str) -> str:
    """One key as TOML writes it: bare when it can be, else a basic string."""
    if (part.isascii() and part.replace("-", "").replace("_", "").isalnum()) or (
        part and part.strip("-_") == ""
    ):
        return part
    import json  # (a key that needs quoting: rare, and json is not on validation's path)

    return json.dumps(part, ensure_ascii=False)


def toml_path(parts: Iterable[str]) -> str:
    return ".".join(toml_key(p) for p in parts)
