"""Inline rule control: `# chartgen: disable=IB303,IB219` comments in a values file.

A directive is a YAML comment — never text inside a scalar, so a quoted value or a block of
`extraConfig` that happens to contain the words is not one — whose text starts with `chartgen:`.
It applies to one line of its file:

- written after a value (`replicaCount: 1  # chartgen: disable=IB214`), to that line;
- alone on its line, to the next line that is not itself a comment line, so directives can be
  stacked above the value they are about.

Text after the list, separated by a space, is the reason (`# chartgen: disable=IB303 Istio
guards the port`); reports carry it with the suppression. This module only finds directives in
the text; `chartgen.rule_control` checks their IDs and applies them.

Line numbers are counted as the YAML parser counts them (CR LF, CR, LF, NEL, LS and PS each end
a line), so a directive's line is the line findings name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from chartgen.findings import Location
from chartgen.record import record

# A comment starts at `#` at the beginning of a line or after a space or tab.
_DIRECTIVE = re.compile("(?:\\A|(?<=[ \t\r\n\x85\u2028\u2029]))#[ \t]*chartgen:")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
# `disable=ID[,ID...]`, spaces allowed around `=` and the commas; the rest is the reason.
_DISABLE = re.compile(
    r"[ \t]*disable[ \t]*=[ \t]*(?P<ids>[^ \t,]+(?:[ \t]*,[ \t]*[^ \t,]+)*)"
    r"(?P<reason>(?:[ \t].*)?)\Z"
)

SYNTAX_HELP = "write `# chartgen: disable=ID[,ID...]`, e.g. `# chartgen: disable=IB303`"


@record(frozen=True)
class InlineDirective:
    """One `# chartgen:` comment: where it is, the line it applies to, and what it names.

    `problem` says why it is malformed (then `ids` is empty)."""

    location: Location
    target_line: int
    ids: tuple[str, ...]
    reason: str = ""
    problem: str | None = None


class _Lines:
    """Line and column of a character offset, as the YAML parser counts them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in _BREAK.finditer(text))]

    def line_of(self, offset: int) -> int:
        """0-based line of `offset`."""
        return bisect_right(self.starts, offset) - 1

    def line_text(self, line: int) -> str:
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return _BREAK.sub("", self.text[start:end])

    def __len__(self) -> int:
        return len(self.starts)


def _inside(offset: int, spans: Sequence[tuple[int, int]], starts: Sequence[int]) -> bool:
    """Whether `offset` lies in one of the sorted, non-overlapping `spans` [start, end)."""
    index = bisect_right(starts, offset) - 1
    return index >= 0 and offset < spans[index][1]


def scan(text: str, source: str, scalar_spans: Sequence[tuple[int, int]]) -> list[InlineDirective]:
    """The directives in a YAML document's `text`; `scalar_spans` are the character ranges of
    its scalars' content (keys and values), where a `#` is text, not a comment."""
    if "chartgen:" not in text:
        return []
    spans = sorted(scalar_spans)
    starts = [start for start, _ in spans]
    lines = _Lines(text)
    found = []
    for match in _DIRECTIVE.finditer(text):
        offset = match.start()
        if _inside(offset, spans, starts):
            continue
        line = lines.line_of(offset)
        column = offset - lines.starts[line]
        before = text[lines.starts[line]:offset]
        target = line
        if not before.strip(" \t"):
            # Alone on its line: it is about the next line that is not a comment line.
            target = line + 1
            while target < len(lines) and lines.line_text(target).lstrip(" \t").startswith("#"):
                target += 1
        comment = lines.line_text(line)[column:]
        body = comment[match.end() - match.start():]
        location = Location(source, line + 1, column + 1)
        parsed = _DISABLE.match(body)
        if parsed is None:
            found.append(InlineDirective(location, target + 1, (), problem=(
                f"{comment.strip()!r} is not a chartgen directive: {SYNTAX_HELP}")))
            continue
        ids = tuple(part.strip() for part in parsed.group("ids").split(","))
        bad = [part for part in ids if not _ID.fullmatch(part)]
        if bad:
            found.append(InlineDirective(location, target + 1, (), problem=(
                f"{bad[0]!r} in {comment.strip()!r} is not a rule ID: {SYNTAX_HELP}")))
            continue
        reason = parsed.group("reason").strip(" \t")
        found.append(InlineDirective(location, target + 1,
                                     tuple(dict.fromkeys(i.upper() for i in ids)), reason))
    return found
