"""`chartgen chart --check`: how a chart directory differs from the files chartgen would write.

A directory is current when it holds exactly those files with exactly that content. The summary
names every file added, removed or changed, followed by a short unified diff of each change, so
a CI log shows what drifted without the reader running anything.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Lines of unified diff shown per changed file; the rest is counted, not shown.
MAX_DIFF_LINES = 40


@dataclass
class TreeDiff:
    """Files relative to the chart directory; `expected`/`actual` hold the changed texts."""

    added: list[str] = field(default_factory=list)  # would be written, missing from the directory
    removed: list[str] = field(default_factory=list)  # in the directory, would not be written
    changed: list[str] = field(default_factory=list)
    expected: dict[str, str] = field(default_factory=dict)
    actual: dict[str, str] = field(default_factory=dict)

    @property
    def current(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _read_tree(directory: Path) -> dict[str, str]:
    if not directory.is_dir():
        return {}
    return {
        path.relative_to(directory).as_posix(): path.read_bytes().decode("utf-8", "replace")
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def compare_tree(directory: Path, files: Mapping[str, str]) -> TreeDiff:
    actual = _read_tree(directory)
    diff = TreeDiff()
    for name in sorted(set(files) | set(actual)):
        if name not in actual:
            diff.added.append(name)
        elif name not in files:
            diff.removed.append(name)
        elif actual[name] != files[name]:
            diff.changed.append(name)
            diff.expected[name] = files[name]
            diff.actual[name] = actual[name]
    return diff


def summary(diff: TreeDiff, directory: str, *, max_lines: int = MAX_DIFF_LINES) -> str:
    """`N added, N removed, N changed`, the file names, and a short unified diff per change."""
    lines = [
        f"{directory} is out of date: {len(diff.added)} added, {len(diff.removed)} removed, "
        f"{len(diff.changed)} changed"
    ]
    lines += [f"  added:   {name}" for name in diff.added]
    lines += [f"  removed: {name}" for name in diff.removed]
    lines += [f"  changed: {name}" for name in diff.changed]
    for name in diff.changed:
        patch = list(
            difflib.unified_diff(
                diff.actual[name].splitlines(),
                diff.expected[name].splitlines(),
                fromfile=f"{directory}/{name}",
                tofile=f"{directory}/{name} (chartgen chart)",
                lineterm="",
                n=2,
            )
        )
        lines += patch[:max_lines]
        if len(patch) > max_lines:
            lines.append(f"... {len(patch) - max_lines} more diff lines in {name}")
    return "\n".join(lines) + "\n"
