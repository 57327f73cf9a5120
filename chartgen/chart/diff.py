"""`chartgen chart --check`: how a chart directory differs from the files chartgen would write.

A directory is current when it holds exactly those files (and chartgen's manifest of them,
`.chartgen-files`) as regular files with exactly that content — nothing more: an extra file, a
symbolic link (to a file or to a directory of manifests), a FIFO or a directory where a file
belongs is a difference, because Helm would package or follow it. File modes are not compared:
chartgen writes them as the umask says.

Reading is bounded whatever the directory holds: symbolic links are never followed, a file is
read only as far as its expected content plus one byte (a huge or sparse file, or a device,
costs nothing more), files chartgen would not write are not read at all, and at most
`MAX_ENTRIES` entries are looked at.

The summary names every file added, removed or changed, followed by a short unified diff of
each change, so a CI log shows what drifted without the reader running anything. Everything it
shows from the directory passes through the text report's escaping, so a file name or a line
holding terminal control sequences cannot drive the terminal.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from chartgen.output import MANIFEST, manifest_text
from chartgen.record import field, record

# Lines of unified diff shown per changed file; the rest is counted, not shown.
MAX_DIFF_LINES = 40
# Entries of the directory looked at; a chart has a few dozen.
MAX_ENTRIES = 10_000

_KIND_WORDS = {
    "link": "a symbolic link",
    "other": "not a regular file",
    "dir": "a directory",
}


@record
class TreeDiff:
    """Files relative to the chart directory; `expected`/`actual` hold the changed texts."""

    added: list[str] = field(default_factory=list)  # would be written, missing from the directory
    removed: list[str] = field(default_factory=list)  # in the directory, would not be written
    changed: list[str] = field(default_factory=list)
    expected: dict[str, str] = field(default_factory=dict)
    actual: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # why an entry differs, when not text
    truncated: bool = False  # more than MAX_ENTRIES entries: not all were looked at

    @property
    def current(self) -> bool:
        return not (self.added or self.removed or self.changed or self.truncated)


def _scan(directory: Path, limit: int) -> tuple[dict[str, str], bool]:
    """Every entry below `directory` that is not a real directory, by relative name, with its
    kind ("file", "link", "other"); real directories are entered, links never followed."""
    entries: dict[str, str] = {}
    if not directory.is_dir():
        return entries, False
    pending = [""]
    seen = 0
    while pending:
        prefix = pending.pop()
        try:
            scanner = os.scandir(directory / prefix if prefix else directory)
        except OSError:
            entries[prefix] = "other"
            continue
        with scanner:
            for entry in scanner:
                seen += 1
                if seen > limit:
                    return entries, True
                name = f"{prefix}/{entry.name}" if prefix else entry.name
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISDIR(mode):
                    pending.append(name)
                elif stat.S_ISLNK(mode):
                    entries[name] = "link"
                elif stat.S_ISREG(mode):
                    entries[name] = "file"
                else:
                    entries[name] = "other"
    return entries, False


def _read_prefix(path: Path, size: int) -> bytes:
    """At most `size` bytes of a regular file, without following a link or blocking on a FIFO
    swapped in since the scan."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    try:
        chunks: list[bytes] = []
        remaining = size
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def compare_tree(
    directory: Path, files: Mapping[str, str], *, max_entries: int = MAX_ENTRIES
) -> TreeDiff:
    expected = {**files, MANIFEST: manifest_text(sorted(files))}
    actual, truncated = _scan(directory, max_entries)
    diff = TreeDiff(truncated=truncated)
    for name in sorted(set(expected) | set(actual)):
        kind = actual.get(name)
        if kind is None:
            diff.added.append(name)
            continue
        if name not in expected:
            diff.removed.append(name)
            if kind != "file":
                diff.notes[name] = _KIND_WORDS[kind]
            continue
        if kind != "file":
            diff.changed.append(name)
            diff.notes[name] = f"{_KIND_WORDS[kind]}, where chartgen writes a regular file"
            continue
        wanted = expected[name].encode("utf-8")
        try:
            found = _read_prefix(directory / name, len(wanted) + 1)
        except OSError as exc:
            diff.changed.append(name)
            diff.notes[name] = f"cannot be read: {exc.strerror or exc}"
            continue
        if found != wanted:
            diff.changed.append(name)
            diff.expected[name] = expected[name]
            diff.actual[name] = found.decode("utf-8", "replace")
            if len(found) > len(wanted):
                diff.notes[name] = "longer than chartgen's version; only its start was read"
    return diff


def summary(diff: TreeDiff, directory: str, *, max_lines: int = MAX_DIFF_LINES) -> str:
    """`N added, N removed, N changed`, the file names, and a short unified diff per change."""
    from chartgen.report.text_format import escape_control

    def named(name: str) -> str:
        note = diff.notes.get(name)
        return escape_control(name) + (f" ({note})" if note else "")

    lines = [
        f"{escape_control(directory)} is out of date: {len(diff.added)} added, "
        f"{len(diff.removed)} removed, {len(diff.changed)} changed"
    ]
    lines += [f"  added:   {named(name)}" for name in diff.added]
    lines += [f"  removed: {named(name)}" for name in diff.removed]
    lines += [f"  changed: {named(name)}" for name in diff.changed]
    if diff.truncated:
        lines.append(f"  ... more than {MAX_ENTRIES:,} entries; the rest were not compared")
    for name in diff.changed:
        if name not in diff.expected:
            continue
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
        lines += [escape_control(line) for line in patch[:max_lines]]
        if len(patch) > max_lines:
            lines.append(f"... {len(patch) - max_lines} more diff lines in {escape_control(name)}")
    return "\n".join(lines) + "\n"
