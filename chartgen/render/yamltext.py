"""Safe YAML text: the one place where a value becomes YAML source.

Every scalar a template writes goes through `scalar()`, and every user-supplied structure
(annotations, tolerations, volumes, env, resources, securityContext) through `block()`, which is
built on `scalar()`. The guarantee: parsing the emitted text gives back exactly the value that
went in — no string can turn into YAML structure (`a: b`, `# x`, `- x`, `&anchor`, `*alias`,
`!tag`, `{{ }}`, a newline), into another type (`yes`, `null`, `1e3`, `0x1F`, `2024-01-01`), or
get folded, trimmed or re-encoded.

Strings are emitted plain only when they match a deliberately small alphabet that no YAML 1.1
or 1.2 resolver reads as anything but a string; everything else is double-quoted with YAML
escapes (a superset of JSON's). Multi-line strings may be emitted as literal blocks (`|`) where
that is provably lossless, so buildkitd.toml and storage.yaml stay readable in the output.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

# A plain scalar is safe when it starts with a letter, `_` or `/`, continues with letters,
# digits and `_./-`, and is not one of the words YAML 1.1 (Helm's go-yaml) resolves to a bool
# or null. Digits-first strings (`1234`, `4Gi`, `0x1F`, `1e3`, dates) are always quoted.
PLAIN = re.compile(r"[A-Za-z_/][A-Za-z0-9_./-]*")
RESERVED = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})

# Implicit (single-line) mapping keys are limited to 1024 characters by the YAML spec; longer
# keys use the explicit `? key` form.
MAX_IMPLICIT_KEY = 1000

_SHORT_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\0": "\\0",
}


def _printable(char: str) -> bool:
    """Characters that may appear raw inside a double-quoted scalar or a literal block.

    YAML's printable set, minus the characters YAML treats as line breaks (NEL, LS, PS) and the
    byte-order mark, which parsers handle specially.
    """
    code = ord(char)
    if 0x20 <= code <= 0x7E:
        return True
    if code in (0x85, 0x2028, 0x2029, 0xFEFF):
        return False
    return 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def escape(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if _printable(char):
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


def double_quoted(text: str) -> str:
    return '"' + "".join(escape(char) for char in text) + '"'


def is_plain_safe(text: str) -> bool:
    return bool(PLAIN.fullmatch(text)) and text.lower() not in RESERVED


def _literal_block(text: str, indent: int) -> str | None:
    """`text` as a literal block scalar indented by `indent`, or None when that could lose data."""
    if "\n" not in text or not text[0].strip() or text[0] in " \t":
        return None
    body = text[:-1] if text.endswith("\n") else text
    if body.endswith("\n"):
        return None  # several trailing newlines would need `|+`; quote instead
    lines = body.split("\n")
    for line in lines:
        if "\t" in line or not all(_printable(char) for char in line):
            return None
        if line and not line.strip():
            return None  # whitespace-only lines blur into the indentation
        if line != line.rstrip(" "):
            return None
    indicator = "|" if text.endswith("\n") else "|-"
    pad = " " * indent
    return indicator + "".join("\n" + (pad + line if line else "") for line in lines)


def scalar(value: Any, indent: int | None = None) -> str:
    """One scalar as YAML source. With `indent`, a multi-line string may become a `|` block."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if not isinstance(value, str):
        raise TypeError(f"cannot render a {type(value).__name__} as a YAML scalar")
    if is_plain_safe(value):
        return value
    if indent is not None:
        block = _literal_block(value, indent)
        if block is not None:
            return block
    return double_quoted(value)


def _is_nested(value: Any) -> bool:
    return isinstance(value, (Mapping, list, tuple)) and len(value) > 0


def _inline(value: Any, indent: int) -> str:
    """A value that fits after `key: ` or `- `: a scalar, `{}` or `[]`."""
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, (list, tuple)):
        return "[]"
    return scalar(value, indent)


def _key(key: Any) -> str:
    # Map keys are strings in Kubernetes objects; quote them like any other string.
    return scalar(key if isinstance(key, str) else str(key))


def block_lines(value: Any, indent: int, *, sort_keys: bool = True) -> list[str]:
    """`value` as block-style YAML lines, each indented by `indent` spaces.

    Mapping keys are sorted by default, as Helm's `toYaml` does (Go maps have no order), so
    the output does not depend on the order keys were written in.
    """
    pad = " " * indent
    if isinstance(value, Mapping):
        if not value:
            return [pad + "{}"]
        lines: list[str] = []
        keys = sorted(value, key=str) if sort_keys else list(value)
        for key in keys:
            item = value[key]
            key_text = _key(key)
            long_key = len(key_text) > MAX_IMPLICIT_KEY
            if long_key:
                lines.append(f"{pad}? {key_text}")
                key_text = ""
            if _is_nested(item):
                lines.append(f"{pad}{key_text}:")
                lines.extend(block_lines(item, indent + 2, sort_keys=sort_keys))
            else:
                lines.append(f"{pad}{key_text}: {_inline(item, indent + 2)}")
        return lines
    if isinstance(value, (list, tuple)):
        if not value:
            return [pad + "[]"]
        lines = []
        for item in value:
            if _is_nested(item):
                inner = block_lines(item, indent + 2, sort_keys=sort_keys)
                lines.append(f"{pad}- {inner[0][indent + 2:]}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {_inline(item, indent + 2)}")
        return lines
    return [pad + scalar(value, indent)]


def block(value: Any, indent: int, *, sort_keys: bool = True) -> str:
    """`value` as block-style YAML text (no trailing newline), every line indented."""
    return "\n".join(block_lines(value, indent, sort_keys=sort_keys))
