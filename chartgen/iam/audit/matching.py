"""Matching a granted value (maybe an IAM wildcard) against a planned one.

Planned values may carry placeholders (`${DATAPLANE_ACCOUNT_ID}`): they match any value, since
the user did not tell chartgen what they are.
"""

from __future__ import annotations

import re
from typing import Any

from chartgen.iam.placeholder import TOKEN


def _glob(pattern: str, *, case: bool) -> re.Pattern[str]:
    """An IAM-style wildcard (`*`, `?`) as a regular expression over the whole string."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, 0 if case else re.IGNORECASE)


def needed(text: str, *, case: bool = True) -> re.Pattern[str]:
    """A planned value as a regular expression: placeholders match any value."""
    out, position = [], 0
    for match in TOKEN.finditer(text):
        out.append(re.escape(text[position : match.start()]))
        out.append(".+")
        position = match.end()
    out.append(re.escape(text[position:]))
    return re.compile("".join(out), 0 if case else re.IGNORECASE)


def _sample(text: str) -> str:
    """A planned value with its placeholders filled with a stand-in (for wildcard checks)."""
    return TOKEN.sub("placeholder", text)


def covers(granted: str, planned: str, *, case: bool = True) -> bool:
    """Whether the granted value (maybe a wildcard) covers the planned one."""
    if "*" in granted or "?" in granted:
        return _glob(granted, case=case).fullmatch(_sample(planned)) is not None
    return needed(planned, case=case).fullmatch(granted) is not None


def as_list(value: Any) -> list[Any]:
    """IAM's one-or-many values as a list."""
    if isinstance(value, list):
        return value
    return [] if value is None else [value]
