"""Writing results to disk: all or nothing, and never a file chartgen did not write.

A single file (`write_file_atomic`: the schema cache of `conform/store.py`) is written to a
temporary file beside it, flushed to disk and renamed over the target, so a reader sees the
old file or the new one, never part of one.

An output directory (`--output-dir`) is chartgen's only by record: it holds a manifest,
`.chartgen-files`, listing the files chartgen wrote there. That decides what chartgen may touch:

- a new directory is assembled in a hidden sibling and renamed into place, atomically;
- an empty directory (`.` included) is filled in place;
- a directory with a manifest is replaced only with `force`, and then exactly the files the
  manifest lists are replaced or removed — the input file, notes, anything else stays;
- any other non-empty directory is refused, `force` or not (`OutputRefused`).

Replacing in place stages every new file in a hidden directory inside the target first, then
commits with renames while SIGINT, SIGTERM and SIGHUP are held back, and rolls back on any
failure, so the directory holds either the complete new set or the old one. A signal that
arrives while files are staged stops the run and removes the staging directory. (A SIGKILL or
a power cut during the few renames of a commit cannot be caught; the hidden staging and backup
directories then show what was in flight.)

Directories and files are created with the modes the umask allows, like any other tool. A
symbolic link given as the target is followed: the directory it points to is the output; the
link itself stays. Inside the target, chartgen never writes through a symbolic link and never
removes one it did not create: a link where a chartgen file or directory goes is refused.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import signal
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

MANIFEST = ".chartgen-files"
_MANIFEST_FORMAT = 1
_STAGING = ".chartgen-staging-"
_BACKUP = ".chartgen-backup-"

# NAME_MAX of Linux, macOS and Windows file systems, in bytes.
MAX_FILE_NAME_BYTES = 255

# The signals a user or a supervisor sends to stop a run; they are held back during a commit.
_STOP_SIGNALS = tuple(
    sig for sig in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if sig
)


class OutputRefused(Exception):
    """The command line asks to write where chartgen must not: a usage error (exit 2)."""


class UnsafeOutputName(ValueError):
    """A relative file name that could leave the output directory (a chartgen bug)."""


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived while output was being written; what was staged is gone.

    A KeyboardInterrupt, like SIGINT's, so that every layer treats the three alike.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum


# -- names -----------------------------------------------------------------------------------


def fit_file_name(stem: str, suffix: str, *, limit: int = MAX_FILE_NAME_BYTES) -> str:
    """`stem + suffix`, with the stem cut and marked by a hash of the whole when the name would
    exceed `limit` bytes (a valid 253-character object name makes too long a file name)."""
    name = stem + suffix
    if len(name.encode("utf-8")) <= limit:
        return name
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:12]
    room = limit - len(suffix.encode("utf-8")) - len(digest) - 1
    cut = stem.encode("utf-8")[:room].decode("utf-8", "ignore")
    return f"{cut}-{digest}{suffix}"


def check_relative_name(name: str) -> tuple[str, ...]:
    """The parts of a relative output file name; UnsafeOutputName for anything that is not a
    plain path below the output directory."""
    parts = tuple(name.split("/"))
    problem = None
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        problem = "not a plain relative path"
    elif any(part in ("", ".", "..") for part in parts):
        problem = "has an empty, '.' or '..' component"
    elif any(len(part.encode("utf-8", "surrogateescape")) > MAX_FILE_NAME_BYTES for part in parts):
        problem = f"has a component longer than {MAX_FILE_NAME_BYTES} bytes"
    elif parts[0] == MANIFEST or parts[0].startswith((_STAGING, _BACKUP)):
        problem = "uses a name chartgen reserves for its bookkeeping"
    if problem:
        raise UnsafeOutputName(f"refusing to write {name!r}: it {problem}")
    return parts


# -- single files ------------------------------------------------------------------------------


def _create(path: Path) -> int:
    """A new file opened for writing, with the mode the umask allows; never follows a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return os.open(path, flags, 0o666)


def _write_new(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    with os.fdopen(_create(path), "wb") as handle:
        handle.write(data)


def _temporary_name(directory: Path, prefix: str) -> Path:
    return directory / f"{prefix}{secrets.token_hex(6)}"


def _write_beside(target: Path, content: str | bytes) -> Path:
    """`content` in a new hidden file beside `target`, on disk; its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary_name(target.parent, f".{target.name}.")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with os.fdopen(_create(temporary), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def write_file_atomic(target: Path, content: str | bytes) -> None:
    """Replace `target` with `content` all at once (its folder is created when missing)."""
    temporary = _write_beside(target, content)
    try:
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_output_file(target: Path, content: str | bytes, *, force: bool) -> None:
    """Write the file a command line names (`init -o FILE`) all at once.

    An existing file (or link) is replaced only with `force`, a directory never, and the file's
    folder must exist: all three are `OutputRefused`. Without `force` the new file is linked
    into place, which fails if the name was taken meanwhile, so a file that appears between the
    check and the write is not overwritten either.
    """
    if target.is_dir():
        raise OutputRefused(f"{target} is a directory; name a file to write")
    # Like a shell redirection, the folder must exist: a typo in it should not create a tree.
    if not target.parent.is_dir():
        raise OutputRefused(
            f"{target.parent} is not an existing directory; create it first or name a file in "
            "an existing one"
        )
    if force:
        write_file_atomic(target, content)
        return
    refused = OutputRefused(f"{target} exists; pass --force to replace it")
    if os.path.lexists(target):
        raise refused
    temporary = _write_beside(target, content)
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise refused from None
    except OSError:
        # A file system without hard links: the check above is the guard left.
        if os.path.lexists(target):
            raise refused from None
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


# -- signals -----------------------------------------------------------------------------------


@contextlib.contextmanager
def _stop_signals_raise() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception (SIGINT already is one), so that staging is
    cleaned up instead of the process vanishing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    previous = {}
    for sig in _STOP_SIGNALS:
        if sig == signal.SIGINT:
            continue
        with contextlib.suppress(OSError, ValueError):
            previous[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold stop signals back for the duration (they are delivered right after)."""
    if not hasattr(signal, "pthread_sigmask") or (
        threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# -- the manifest ------------------------------------------------------------------------------


def manifest_text(names: list[str]) -> str:
    document = {"chartgen-output": _MANIFEST_FORMAT, "files": sorted(names)}
    return json.dumps(document, indent=2) + "\n"


def _read_manifest(directory: Path) -> list[str] | None:
    """The files a manifest lists; None when there is no manifest. OutputRefused when there is
    one that is not chartgen's (a manifest is input too: its names are checked)."""
    path = directory / MANIFEST
    if not os.path.lexists(path):
        return None
    where = f"{directory}/{MANIFEST}"
    try:
        if path.is_symlink() or not path.is_file():
            raise OutputRefused(
                f"{where} is not a regular file; move the directory aside or choose another "
                "--output-dir"
            )
        with path.open("rb") as handle:
            raw = handle.read(1024 * 1024 + 1)
        document = json.loads(raw.decode("utf-8"))
        if len(raw) > 1024 * 1024:
            raise ValueError("too large")
    except (OSError, ValueError) as exc:
        raise OutputRefused(
            f"{where} cannot be read as chartgen's list of files ({exc}); move the directory "
            "aside or choose another --output-dir"
        ) from None
    if (
        not isinstance(document, dict)
        or document.get("chartgen-output") != _MANIFEST_FORMAT
        or not isinstance(document.get("files"), list)
    ):
        raise OutputRefused(
            f"{where} is not a chartgen manifest; move the directory aside or choose another "
            "--output-dir"
        )
    files: list[object] = document["files"]
    names: list[str] = []
    for name in files:
        try:
            if not isinstance(name, str):
                raise UnsafeOutputName(f"{name!r} is not a file name")
            check_relative_name(name)
        except UnsafeOutputName as exc:
            raise OutputRefused(
                f"{where} lists an unsafe name: {exc}; move the directory aside or choose "
                "another --output-dir"
            ) from None
        names.append(name)
    return names


# -- directories -------------------------------------------------------------------------------


def write_tree_atomic(
    target: Path, files: Mapping[str, str | bytes], *, force: bool = False
) -> None:
    """Make `target` hold exactly `files` (relative path → content) among chartgen's files.

    OutputRefused when chartgen may not write there; UnsafeOutputName for a bad file name;
    OSError when the file system fails (nothing is changed then).
    """
    names = sorted(files)
    for name in names:
        check_relative_name(name)
    with _stop_signals_raise():
        if os.path.lexists(target):
            directory = _existing_directory(target)
            _replace_in_place(directory, files, names, force=force)
        else:
            _create_new(target, files, names)


def _existing_directory(target: Path) -> Path:
    if target.is_symlink():
        resolved = Path(os.path.realpath(target))
        if not resolved.exists():
            raise OutputRefused(
                f"{target} is a symbolic link to {resolved}, which does not exist; create that "
                "directory or pass another --output-dir"
            )
        if not resolved.is_dir():
            raise OutputRefused(
                f"{target} is a symbolic link to {resolved}, not to a directory; pass a "
                "directory to --output-dir"
            )
        return resolved
    if not target.is_dir():
        raise OutputRefused(
            f"{target} exists and is not a directory; pass a directory, or a path that does "
            "not exist yet, to --output-dir"
        )
    return target


def _stage(staging: Path, files: Mapping[str, str | bytes], names: list[str]) -> None:
    """Write every file (and the manifest) below `staging`, which must not exist yet."""
    os.mkdir(staging)
    for name in names:
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_new(path, files[name])
    _write_new(staging / MANIFEST, manifest_text(names))


def _remove_tree(path: Path) -> None:
    import shutil

    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(path)


def _create_new(target: Path, files: Mapping[str, str | bytes], names: list[str]) -> None:
    parent = Path(os.path.abspath(target)).parent
    created: list[Path] = []
    for ancestor in reversed([parent, *parent.parents]):
        if not os.path.lexists(ancestor):
            os.mkdir(ancestor)
            created.append(ancestor)
    staging = _temporary_name(parent, f".{target.name}{_STAGING}")
    try:
        _stage(staging, files, names)
        os.rename(staging, target)
    except BaseException:
        with _signals_held():
            _remove_tree(staging)
            for directory in reversed(created):
                with contextlib.suppress(OSError):
                    os.rmdir(directory)
        raise


def _kind(path: Path) -> str | None:
    """What is at `path` without following a link: None, "dir", "link", "file" or "other"."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    import stat

    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "other"


def _check_parents(directory: Path, name: str) -> None:
    """Refuse a name whose parent directories inside `directory` are not real directories:
    writing or removing there would reach outside the output."""
    parts = name.split("/")
    for depth in range(1, len(parts)):
        parent = "/".join(parts[:depth])
        kind = _kind(directory / parent)
        if kind is None:
            return
        if kind != "dir":
            what = "a symbolic link" if kind == "link" else "not a directory"
            raise OutputRefused(
                f"{directory}/{parent} is {what}; chartgen writes its files only into real "
                "directories it can own: move it aside or choose another --output-dir"
            )


def _replace_in_place(
    directory: Path, files: Mapping[str, str | bytes], names: list[str], *, force: bool
) -> None:
    owned = _read_manifest(directory)
    if owned is None:
        if any(True for _ in os.scandir(directory)):
            raise OutputRefused(
                f"{directory} is not empty and holds no chartgen output ({MANIFEST} is "
                "missing), so chartgen will not write into it, even with --force; choose a "
                "new or empty directory"
            )
        owned = []
    elif not force:
        raise OutputRefused(
            f"{directory} holds chartgen output from an earlier run; pass --force to replace "
            "it (only the files chartgen wrote are replaced)"
        )
    old = set(owned)
    for name in names:
        _check_parents(directory, name)
        if name not in old and _kind(directory / name) is not None:
            raise OutputRefused(
                f"{directory}/{name} exists and was not written by chartgen; move it aside "
                "or choose another --output-dir"
            )
    for name in owned:
        _check_parents(directory, name)
        if _kind(directory / name) == "dir":
            raise OutputRefused(
                f"{directory}/{name} is a directory now, where chartgen wrote a file; move it "
                "aside so that nothing in it is lost"
            )

    staging = _temporary_name(directory, _STAGING)
    try:
        _stage(staging, files, names)
        with _signals_held():
            _commit(directory, staging, names, owned)
    finally:
        with _signals_held():
            _remove_tree(staging)


def _commit(directory: Path, staging: Path, names: list[str], owned: list[str]) -> None:
    """Move the staged files into place, the replaced ones aside; undo it all on failure."""
    backup = _temporary_name(directory, _BACKUP)
    moved_aside: list[str] = []
    moved_in: list[str] = []
    made: list[Path] = []
    manifest_saved = False

    def make_parents(root: Path, name: str) -> None:
        for parent in reversed(Path(name).parents[:-1]):
            path = root / parent
            if _kind(path) is None:
                os.mkdir(path)
                if root == directory:
                    made.append(path)

    try:
        os.mkdir(backup)
        for name in owned:
            if _kind(directory / name) is not None:
                make_parents(backup, name)
                os.rename(directory / name, backup / name)
                moved_aside.append(name)
        if _kind(directory / MANIFEST) is not None:
            os.rename(directory / MANIFEST, backup / MANIFEST)
            manifest_saved = True
        for name in names:
            make_parents(directory, name)
            os.rename(staging / name, directory / name)
            moved_in.append(name)
        os.rename(staging / MANIFEST, directory / MANIFEST)
    except BaseException:
        for name in reversed(moved_in):
            with contextlib.suppress(OSError):
                os.rename(directory / name, staging / name)
        for path in reversed(made):
            with contextlib.suppress(OSError):
                os.rmdir(path)
        for name in reversed(moved_aside):
            with contextlib.suppress(OSError):
                os.rename(backup / name, directory / name)
        if manifest_saved:
            with contextlib.suppress(OSError):
                os.rename(backup / MANIFEST, directory / MANIFEST)
        _remove_tree(backup)
        raise
    _remove_tree(backup)
    _prune_empty_parents(directory, set(owned) - set(names))


def _prune_empty_parents(directory: Path, removed: set[str]) -> None:
    """Remove directories that only held files chartgen removed (deepest first)."""
    parents = {parent for name in removed for parent in Path(name).parents[:-1]}
    for parent in sorted(parents, key=lambda p: len(p.parts), reverse=True):
        path = directory / parent
        if _kind(path) == "dir":
            try:
                os.rmdir(path)
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.EBUSY):
                    raise
