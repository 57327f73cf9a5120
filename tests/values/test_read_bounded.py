"""`read_bounded`: at most `limit` + 1 bytes of a file, whatever size it has or claims.

It reads in chunks (`loader._read_at_most`) instead of asking for `limit` + 1 bytes at once,
which would allocate 16 MiB for every values file; the answer must be the same bytes at every
size around the chunk size and the limit, for regular files and for a device without end.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from chartgen.values.loader import _CHUNK, read_bounded

SIZES = [0, 1, _CHUNK - 1, _CHUNK, _CHUNK + 1, 3 * _CHUNK + 7]


@pytest.mark.parametrize("size", SIZES)
def test_a_file_is_read_up_to_one_byte_past_the_limit(tmp_path: Path, size: int) -> None:
    data = random.Random(size).randbytes(size)
    path = tmp_path / "values.yaml"
    path.write_bytes(data)
    for limit in {max(size - 1, 0), size, size + 1, _CHUNK, 2 * _CHUNK}:
        raw, problem = read_bounded(str(path), limit)
        assert problem is None
        assert raw == data[: limit + 1]


def test_a_device_without_end_is_read_up_to_the_limit() -> None:
    raw, problem = read_bounded("/dev/zero", 3 * _CHUNK)
    assert problem is None
    assert raw == bytes(3 * _CHUNK + 1)
