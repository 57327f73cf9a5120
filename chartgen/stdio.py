"""Standard output as the environment gives it: closed, full, or read by a vanished reader.

A failure to write standard output is the environment's (exit 3, named as such), never an
internal error; `chartgen.cli` wraps stdout in `GuardedOutput` for every command body.
"""

from __future__ import annotations

import contextlib
import os
import re
from typing import TextIO


class StreamFailed(Exception):
    """Writing to standard output failed: the environment's problem, not chartgen's."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Lone surrogates: undecodable bytes of a file name, carried through Python as text.
_SURROGATE = re.compile("[\ud800-\udfff]")


class GuardedOutput:
    """Standard output that reports a failed write as `StreamFailed` (a closed descriptor, a
    full disk, an I/O error). Undecodable bytes of a file name are written as `\\udcNN`
    escapes — never as raw bytes (which would make a JSON or SARIF report invalid UTF-8) and
    never as an encoding crash. A vanished reader (BrokenPipeError) passes through unchanged."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def _target(self) -> TextIO:
        if self._stream is None:
            raise StreamFailed("standard output is closed")
        return self._stream

    def write(self, text: str) -> int:
        if _SURROGATE.search(text):
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
        try:
            return self._target().write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise StreamFailed(f"cannot write to standard output: {exc.strerror or exc}") from exc

    def flush(self) -> None:
        if self._stream is None:
            return  # nothing can have been written
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise StreamFailed(f"cannot write to standard output: {exc.strerror or exc}") from exc

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def __getattr__(self, name: str) -> object:
        return getattr(self._target(), name)


def silence(stream: TextIO | None) -> None:
    """Point `stream`'s descriptor at /dev/null so that the interpreter's final flush of what
    is still buffered cannot fail again (and print its own traceback) on the way out."""
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        descriptor = stream.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, descriptor)
        os.close(devnull)
