"""Provenance: for every value in the merged values, where it was set last.

Values themselves stay plain Python data (dict / list / str / int / float / bool / None), exactly
what Helm's templates would see. Beside them, a `Provenance` maps each path to the `Origin` of the
value at that path (and of its key, for mapping entries). Merging moves origins along with values,
so a finding about `$.imageBuilder.buildkit.replicaCount` points at the file and line that set it
last, in whichever file that was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from chartgen.findings import Location
from chartgen.values.scalar_text import ScalarText

PathItem = str | int
Path = tuple[PathItem, ...]


def format_path(path: Iterable[PathItem]) -> str:
    """`('imageBuilder', 'buildkit', 'x', 0)` → `$.imageBuilder.buildkit.x[0]`."""
    out = "$"
    for item in path:
        if isinstance(item, int):
            out += f"[{item}]"
        elif item and all(c.isalnum() or c in "_-" for c in item) and not item[0].isdigit():
            out += f".{item}"
        else:
            escaped = item.replace("\\", "\\\\").replace("'", "\\'")
            out += f"['{escaped}']"
    return out


def dotted(path: Iterable[PathItem]) -> str:
    """The Helm-style key of a path: `imageBuilder.buildkit.tolerations[0]`."""
    return format_path(path)[2:] if format_path(path) != "$" else ""


@dataclass(frozen=True)
class Origin:
    """Where a value (and, for a mapping entry, its key) was written."""

    value: Location
    key: Location | None = None
    # For a string: its source text, so a spot inside the value can be located (scalar_text).
    text: ScalarText | None = None


@dataclass
class Provenance:
    """Origins of values by path, plus the paths an explicit `null` deleted."""

    origins: dict[Path, Origin] = field(default_factory=dict)
    deleted: dict[Path, Origin] = field(default_factory=dict)
    defaulted: set[Path] = field(default_factory=set)

    def record(self, path: Path, origin: Origin) -> None:
        self.origins[path] = origin

    def drop_subtree(self, path: Path) -> None:
        """Forget every origin at or below `path` (the value there is being replaced)."""
        n = len(path)
        for known in [p for p in self.origins if p[:n] == path]:
            del self.origins[known]
        for known in [p for p in self.defaulted if p[:n] == path]:
            self.defaulted.discard(known)

    def copy_subtree(self, other: Provenance, path: Path) -> None:
        """Take `other`'s origins at or below `path`."""
        n = len(path)
        for known, origin in other.origins.items():
            if known[:n] == path:
                self.origins[known] = origin
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
        n = len(path)
        for known, origin in self.origins.items():
            if known[:n] == path:
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
            if not isinstance(current, Mapping):
                raise TypeError(f"not a mapping at {format_path(path)}")
            current = current[item]
    return current


def lookup(data: object, path: Path, default: object = None) -> object:
    try:
        return get_path(data, path)
    except (KeyError, IndexError, TypeError):
        return default
