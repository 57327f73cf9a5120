"""Provenance: for every value in the merged values, where it was set last.

Values themselves stay plain Python data (dict / list / str / int / float / bool / None), exactly
what Helm's templates would see. Beside them, a `Provenance` maps each path to the `Origin` of the
value at that path (and of its key, for mapping entries). Merging moves origins along with values,
so a finding about `$.imageBuilder.buildkit.replicaCount` points at the file and line that set it
last, in whichever file that was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from chartgen.findings import Location
from chartgen.record import field, record
from chartgen.values.scalar_text import ScalarText

PathItem = str | int
Path = tuple[PathItem, ...]


# A key written after a dot: letters, digits, '_' and '-', not starting with a digit. For ASCII
# keys (nearly all) one match; others are judged character by character (`_dotted_key`).
_ASCII_DOTTED_KEY = re.compile(r"[A-Za-z_-][A-Za-z0-9_-]*")


def _dotted_key(item: str) -> bool:
    if item.isascii():
        return _ASCII_DOTTED_KEY.fullmatch(item) is not None
    return bool(item) and all(c.isalnum() or c in "_-" for c in item) and not item[0].isdigit()


def format_path(path: Iterable[PathItem]) -> str:
    """`('imageBuilder', 'buildkit', 'x', 0)` → `$.imageBuilder.buildkit.x[0]`."""
    out = "$"
    for item in path:
        if isinstance(item, int):
            out += f"[{item}]"
        elif _dotted_key(item):
            out += f".{item}"
        else:
            escaped = item.replace("\\", "\\\\").replace("'", "\\'")
            out += f"['{escaped}']"
    return out


def kind_name(value: object) -> str:
    """What a value is, as Helm's messages say: map, list, string, null, bool, int, float."""
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "map"
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    return type(value).__name__


def dotted(path: Iterable[PathItem]) -> str:
    """The Helm-style key of a path: `imageBuilder.buildkit.tolerations[0]`."""
    return format_path(path)[2:] if format_path(path) != "$" else ""


@record(frozen=True)
class Origin:
    """Where a value (and, for a mapping entry, its key) was written."""

    value: Location
    key: Location | None = None
    # For a string: its source text, so a spot inside the value can be located (scalar_text).
    text: ScalarText | None = None


@record
class Provenance:
    """Origins of values by path, plus the paths an explicit `null` deleted.

    `origins` is read freely but changed only through `record`, `forget`, `drop_subtree` and
    `copy_subtree`, which keep an index of each path's children beside it: replacing or copying
    a subtree then costs the size of that subtree, not of all the values (merging two files of
    200,000 keys, or 2,000 `--set` flags, would otherwise be quadratic).
    """

    origins: dict[Path, Origin] = field(default_factory=dict)
    deleted: dict[Path, Origin] = field(default_factory=dict)
    defaulted: set[Path] = field(default_factory=set)
    _children: dict[Path, set[PathItem]] = field(default_factory=dict, repr=False)

    @classmethod
    def of_tree(
        cls, origins: dict[Path, Origin], children: dict[Path, set[PathItem]]
    ) -> Provenance:
        """The provenance of one freshly built tree, from a builder that knows its shape
        (values/yaml_source.py): `origins` in the order `record` would have been called (a
        value before what it holds), and `children`, each path's child items — the index
        `record` keeps — handed over whole instead of rediscovered value by value."""
        provenance = cls(origins)
        provenance._children = children
        return provenance

    def record(self, path: Path, origin: Origin) -> None:
        self.origins[path] = origin
        # Register the path with each ancestor, stopping at the first one that knew it.
        for n in range(len(path), 0, -1):
            siblings = self._children.setdefault(path[: n - 1], set())
            if path[n - 1] in siblings:
                break
            siblings.add(path[n - 1])

    def forget(self, path: Path) -> None:
        """Forget the origin of `path` itself (its descendants keep theirs)."""
        self.origins.pop(path, None)

    def _subtree(self, path: Path) -> list[Path]:
        """`path` and every indexed path below it."""
        found = [path]
        stack = [path]
        while stack:
            current = stack.pop()
            for item in self._children.get(current, ()):
                child = (*current, item)
                found.append(child)
                stack.append(child)
        return found

    def drop_subtree(self, path: Path) -> None:
        """Forget every origin at or below `path` (the value there is being replaced)."""
        for known in self._subtree(path):
            self.origins.pop(known, None)
            self._children.pop(known, None)
        if path:
            siblings = self._children.get(path[:-1])
            if siblings is not None:
                siblings.discard(path[-1])
        if self.defaulted:
            n = len(path)
            for known in [p for p in self.defaulted if p[:n] == path]:
                self.defaulted.discard(known)

    def copy_subtree(self, other: Provenance, path: Path) -> None:
        """Take `other`'s origins at or below `path`."""
        for known in other._subtree(path):
            origin = other.origins.get(known)
            if origin is not None:
                self.record(known, origin)
        if other.deleted:
            n = len(path)
            for known, origin in other.deleted.items():
                if known[:n] == path:
                    self.deleted[known] = origin

    def rename(self, old: Path, new: Path) -> None:
        """Move the origins at or below `old` to `new` (a map key that a template renamed)."""
        n = len(old)
        for known in [p for p in self.origins if p[:n] == old]:
            self.origins[new + known[n:]] = self.origins.pop(known)
        for known in [p for p in self.defaulted if p[:n] == old]:
            self.defaulted.discard(known)
            self.defaulted.add(new + known[n:])

    def items_under(self, path: Path) -> Iterator[tuple[Path, Origin]]:
        for known in self._subtree(path):
            origin = self.origins.get(known)
            if origin is not None:
                yield known, origin

    def locate(self, path: Path, *, key: bool = False) -> Location | None:
        """The location that best explains `path`.

        The value's own origin when it was written by the user; for a value that was deleted by
        `null`, where the `null` was; for a chart default, the nearest ancestor the user wrote
        (usually the `imageBuilder:` line), so the finding still lands in the user's file.
        """
        for n in range(len(path), -1, -1):
            prefix = path[:n]
            origin = self.origins.get(prefix)
            if origin is not None:
                if key and n == len(path) and origin.key is not None:
                    return origin.key
                if n < len(path) and origin.key is not None:
                    return origin.key
                return origin.value
            deleted = self.deleted.get(prefix)
            if deleted is not None:
                return deleted.key or deleted.value
        return None

    def locate_inside(self, path: Path, value: str, line: int, column: int) -> Location | None:
        """Where the character at (`line`, `column`) of the string `value` at `path` was
        written (lines of `value` split at LF), else the location of the value itself."""
        origin = self.origins.get(path)
        if origin is not None and origin.text is not None:
            inside = origin.text.locate(value, line, column)
            if inside is not None:
                return inside
        return self.locate(path)

    def is_default(self, path: Path) -> bool:
        return path in self.defaulted or any(path[:n] in self.defaulted for n in range(len(path)))


def get_path(data: object, path: Path) -> object:
    """The value at `path`, or raise KeyError / IndexError / TypeError."""
    current = data
    for item in path:
        if isinstance(item, int):
            if not isinstance(current, list):
                raise TypeError(f"not a list at {format_path(path)}")
            current = current[item]
        else:
            # Values are plain dicts: the exact type test spares the ABC check (the rules look
            # up dozens of paths per file).
            if type(current) is not dict and not isinstance(current, Mapping):
                raise TypeError(f"not a mapping at {format_path(path)}")
            current = current[item]
    return current


def lookup(data: object, path: Path, default: object = None) -> object:
    try:
        return get_path(data, path)
    except (KeyError, IndexError, TypeError):
        return default
