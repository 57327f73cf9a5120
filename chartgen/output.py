"""Writing results to disk atomically: all or nothing, never a partial file or directory.

A file is written to a temporary file in the same directory and renamed over the target; a
directory of files is assembled in a temporary sibling directory and swapped in. An existing
target is replaced only with `force`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


class OutputExists(Exception):
    """The target exists and `force` was not given."""


def write_file_atomic(target: Path, content: str | bytes, *, force: bool = False) -> None:
    if target.exists() and not force:
        raise OutputExists(f"{target} exists; pass --force to overwrite it")
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_tree_atomic(
    target: Path, files: Mapping[str, str | bytes], *, force: bool = False
) -> None:
    """Make `target` a directory holding exactly `files` (relative path → content)."""
    if target.exists() and not target.is_dir():
        raise OutputExists(f"{target} exists and is not a directory")
    if target.exists() and any(target.iterdir()) and not force:
        raise OutputExists(f"{target} exists and is not empty; pass --force to replace it")
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        for relative, content in files.items():
            path = staging / relative
            if staging not in path.resolve().parents:
                raise ValueError(f"refusing to write outside the output directory: {relative}")
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            path.write_bytes(data)
        if target.exists():
            backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            backup.rmdir()
            os.replace(target, backup)
            try:
                os.replace(staging, target)
            except BaseException:
                os.replace(backup, target)
                raise
            shutil.rmtree(backup, ignore_errors=True)
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
