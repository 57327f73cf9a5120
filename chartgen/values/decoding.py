"""Decoding a values file: bytes to text, the way Helm reads values.

UTF-8, with a byte-order mark dropped; UTF-16 when the file starts with its byte-order mark; a
file with NUL bytes in its first 8 KiB is binary, not values; bytes that are not UTF-8 are a
located finding (IB004), never a crash. A file over `limits.MAX_BYTES` is refused first (IB007).
"""

from __future__ import annotations

from chartgen.findings import FIXED_UNUSABLE_VALUES, Finding, FindingKind, Location, Severity
from chartgen.values.limits import LIMITS, MAX_BYTES

ENCODING = FindingKind(
    "IB004",
    "encoding",
    Severity.ERROR,
    """A values file is binary or not UTF-8, or a `--set` argument holds bytes that are not.

Save the file as UTF-8 text (a byte-order mark and CRLF line ends are fine). A `--set`
argument that is not UTF-8 is a usage error (exit 2): pass UTF-8 text, or use --set-file.""",
    fixed=FIXED_UNUSABLE_VALUES,
)

KINDS: tuple[FindingKind, ...] = (ENCODING,)


def decode(raw: bytes, source: str) -> tuple[str | None, list[Finding]]:
    if len(raw) > MAX_BYTES:
        return None, [
            Finding(
                LIMITS.id,
                Severity.ERROR,
                # The loader reads only just past the limit, so the real size is unknown here.
                f"file is larger than {MAX_BYTES:,} bytes; larger values files are refused",
                hint="Pass only the values file itself, not a bundle or an archive.",
                location=Location(source),
            )
        ]
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    head = raw[:8192]
    if b"\x00" in head:
        offset = head.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        return None, [
            Finding(
                ENCODING.id,
                Severity.ERROR,
                "file is binary (contains NUL bytes), not a YAML values file",
                hint="Check the file name; pass a YAML values file.",
                location=Location(source, line, offset - raw.rfind(b"\n", 0, offset)),
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace"))
        return None, [
            Finding(
                ENCODING.id,
                Severity.ERROR,
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                hint="Save the file as UTF-8; Helm reads values as UTF-8.",
                location=Location(source, line, column + 1),
            )
        ]
