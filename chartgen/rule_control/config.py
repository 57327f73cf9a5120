"""The configuration file of rule control: `.chartgen.yaml`, or `[tool.chartgen]` in pyproject.toml.

```yaml
# .chartgen.yaml
disable: [IB402]          # rule IDs to switch off
enable: []                # rule IDs to switch back on
severity:                 # rule ID: error | warning | info
  IB303: error
```

```toml
# pyproject.toml
[tool.chartgen]
disable = ["IB402"]
severity = { IB303 = "error" }
```

Found like ruff and yamllint find theirs: in the current directory, then each parent in turn,
up to and including the root of the git work tree (the first directory holding `.git`); the
first directory with a `.chartgen.yaml`, or a `pyproject.toml` that has a `[tool.chartgen]`
table, wins (`.chartgen.yaml` first). `--config FILE` names one instead, `--no-config` reads
none.

A mistake in the file — its syntax, an unknown key, a wrong type, an unknown ID — is a usage
error (exit 2) that names the file, line and column, never a traceback and never ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from chartgen.findings import Location

CONFIG_FILE = ".chartgen.yaml"
PYPROJECT = "pyproject.toml"
KEYS = ("disable", "enable", "severity")
# A configuration file is a few lines; anything this large is not one.
MAX_BYTES = 1024 * 1024

# Where a setting is: its value, or with `key=True` its key (`Locate(path, key)`).
Locate = Callable[[tuple[Any, ...], bool], Location]

# The ways TOML can write chartgen's table, for the cheap look before parsing a pyproject.toml
# (`_may_have_tool_table`). Keys may be bare or quoted and dotted parts spaced:
# `[tool.chartgen]`, `[ tool . "chartgen" ]`, `[tool.chartgen.severity]`;
_KEY = r"[ \t]*[\"']?{}[\"']?[ \t]*"
_TOOL_CHARTGEN_HEADER = re.compile(
    r"^[ \t]*\[\[?" + _KEY.format("tool") + r"\." + _KEY.format("chartgen") + r"[\].]", re.MULTILINE
)
# `tool.chartgen.disable = [...]` or `tool = { chartgen = {...} }` outside any table;
_TOOL_KEY = re.compile(r"^" + _KEY.format("tool") + r"[.=]", re.MULTILINE)
# `chartgen = {...}` or `chartgen.disable = [...]` under a `[tool]` header.
_CHARTGEN_KEY = re.compile(r"^" + _KEY.format("chartgen") + r"[.=]", re.MULTILINE)
_HEADER = re.compile(r"^[ \t]*\[\[?([^\]\n]*)\]", re.MULTILINE)


class ConfigError(Exception):
    """A configuration file chartgen cannot use: a usage error at `location`."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


# Paths are plain strings here (os.path): pathlib costs a command's start-up several
# milliseconds, and this runs on every command that reports findings.


def discover(start: str) -> str | None:
    """The configuration file that applies in directory `start`: the nearest `.chartgen.yaml`
    or `pyproject.toml` with `[tool.chartgen]`, looking no higher than the git work tree's
    root."""
    directory = os.path.realpath(start)
    while True:
        candidate = os.path.join(directory, CONFIG_FILE)
        if os.path.isfile(candidate):
            return candidate
        pyproject = os.path.join(directory, PYPROJECT)
        if os.path.isfile(pyproject) and _has_tool_table(pyproject):
            return pyproject
        parent = os.path.dirname(directory)
        if os.path.exists(os.path.join(directory, ".git")) or parent == directory:
            return None
        directory = parent


def _has_tool_table(path: str) -> bool:
    """Whether a pyproject.toml mentions chartgen's table (read properly by `read_pyproject`;
    an unreadable file is reported there, when it is the one chosen)."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(MAX_BYTES + 1).decode("utf-8", "replace")
    except OSError:
        return False
    if not _may_have_tool_table(text):
        return False
    try:
        document = _toml().loads(text)
    except ValueError:
        return "chartgen" in text  # chosen, so that its syntax error is reported
    tool = document.get("tool")
    return isinstance(tool, dict) and "chartgen" in tool


def _may_have_tool_table(text: str) -> bool:
    """Whether `text` may hold `[tool.chartgen]`, told without a TOML parser (importing and
    running one costs a command several milliseconds, and most pyproject.toml files — those
    that only depend on chartgen or name it as a script, too — show that they hold none). Never
    False for a file that holds one; a True is settled by parsing."""
    if "chartgen" not in text:
        return False
    if _TOOL_CHARTGEN_HEADER.search(text) or _TOOL_KEY.search(text):
        return True
    headers = [(match.start(), match.group(1)) for match in _HEADER.finditer(text)]
    for key in _CHARTGEN_KEY.finditer(text):
        table = ""  # the table the key is in: the last header before it
        for start, name in headers:
            if start > key.start():
                break
            table = name
        if "".join(table.split()).replace('"', "").replace("'", "") == "tool":
            return True
    return False


def _toml() -> Any:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


def display(path: str) -> str:
    """A configuration file as reports name it: relative to the current directory when it is
    there, below it or in a directory above it (where it is found), else as given."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    *directories, _ = relative.split(os.sep)
    if all(part == os.pardir for part in directories) or not relative.startswith(os.pardir):
        return relative
    return path


def read(path: str) -> tuple[dict[str, Any], Locate]:
    """The settings of a configuration file (`.chartgen.yaml`, or pyproject.toml's table) and
    a function that locates each of them; ConfigError when the file cannot be used."""
    name = display(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(Location(name), f"cannot read the configuration file: "
                          f"{exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(Location(name), f"the configuration file is larger than "
                          f"{MAX_BYTES:,} bytes")
    if path.endswith(".toml"):
        return _read_pyproject(raw, name)
    return _read_yaml(raw, name)


def _read_yaml(raw: bytes, name: str) -> tuple[dict[str, Any], Locate]:
    from chartgen.values.yaml_source import load_yaml

    document = load_yaml(raw, name)
    if document.data is None:
        first = document.findings[0]
        raise ConfigError(first.location or Location(name), first.message)
    provenance = document.provenance

    def locate(path: tuple[Any, ...], key: bool = False) -> Location:
        return provenance.locate(path, key=key) or Location(name, 1, 1)

    return document.data, locate


def _read_pyproject(raw: bytes, name: str) -> tuple[dict[str, Any], Locate]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(Location(name), f"not UTF-8 text (byte {exc.start})") from None
    tomllib = _toml()
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts the position in the message: "(at line 3, column 1)", or "(at end of
        # document)".
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if found:
            where = Location(name, int(found[1]), int(found[2]))
        else:
            last_line_start = text.rfind("\n") + 1
            where = Location(name, text.count("\n") + 1, len(text) - last_line_start + 1)
        message = str(exc).split(" (at ")[0]
        raise ConfigError(where, f"TOML syntax error: {message}") from None
    tool = document.get("tool")
    if not isinstance(tool, dict) or "chartgen" not in tool:
        raise ConfigError(Location(name), "there is no [tool.chartgen] table in this file")
    table = tool["chartgen"]
    keys, values = _toml_positions(text)

    def locate(path: tuple[Any, ...], key: bool = False) -> Location:
        full = ("tool", "chartgen", *path)
        for n in range(len(full), 0, -1):
            # The setting's value (or key), else the nearest key above it.
            own = n == len(full) and not key
            found = (values.get(full) if own else None) or keys.get(full[:n])
            if found is not None:
                return Location(name, found[0], found[1])
        return Location(name, 1, 1)

    if not isinstance(table, dict):
        raise ConfigError(locate((), True), "[tool.chartgen] must be a table")
    return table, locate


Positions = dict[tuple[Any, ...], tuple[int, int]]


def _toml_positions(text: str) -> tuple[Positions, Positions]:
    """The line and column of every key, and of every value and array item, of a valid TOML
    document, by path."""
    from chartgen.buildkit.toml_scan import TomlKey, TomlValue, scan

    keys: Positions = {}
    values: Positions = {}

    def key(path: tuple[Any, ...], written: tuple[TomlKey, ...]) -> None:
        keys.setdefault(path, (written[-1].position.line, written[-1].position.column))

    def value(path: tuple[Any, ...], item: TomlValue) -> None:
        values.setdefault(path, (item.position.line, item.position.column))
        if item.kind == "array":
            for index, element in enumerate(item.value):
                keys.setdefault((*path, index), (element.position.line, element.position.column))
                value((*path, index), element)
        elif item.kind == "table":
            for entry in item.value:
                inner = (*path, *(part.text for part in entry.keys))
                key(inner, entry.keys)
                value(inner, entry.value)

    table: tuple[Any, ...] = ()
    for statement in scan(text):
        path = tuple(part.text for part in statement.keys)
        if statement.kind == "entry":
            path = (*table, *path)
            key(path, statement.keys)
            assert statement.value is not None
            value(path, statement.value)
        else:
            table = path
            key(table, statement.keys)
    return keys, values
