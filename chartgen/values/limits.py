"""Input limits: the bounds that keep hostile values input finite in time and memory.

A values file (or stdin, a FIFO, a device) is read up to `MAX_BYTES`; before the YAML composer
builds anything, `prescan` walks the parser's events and refuses nesting beyond `MAX_DEPTH`
and documents that surely hold more than `MAX_NODES` values (a plain text that provably passes
both is composed in one guarded pass instead: `yaml_source._Yaml.compose_simple`); while
building, the builder counts values (aliases expanded) against the same `MAX_NODES`. The
`--set` family shares `MAX_DEPTH` and `MAX_NODES` (`strvals.SetLimits`). Every refusal is one
located finding (IB007).
"""

from __future__ import annotations

from typing import Any

from chartgen.findings import FIXED_UNUSABLE_VALUES, Finding, FindingKind, Location, Severity

# The reference data-plane values file is ~100 KiB, ~2,900 lines and ~6,000 nodes; these leave
# room for far larger real files.
MAX_BYTES = 16 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 128
# Parser events `prescan` lets through: every value adds at most three (a collection's start
# and end, its key), plus the stream's and the documents' own.
MAX_EVENTS = 3 * MAX_NODES + 6

LIMITS = FindingKind(
    "IB007",
    "input-limits",
    Severity.ERROR,
    """An input exceeds chartgen's safety limits.

Values files (and stdin, FIFOs, devices) over 16 MiB, nesting deeper than 128 levels in a file
of any size, anchors and aliases that expand to more than 200,000 values (an alias bomb),
`--set` key paths or `--set-json` values nested deeper than 128 levels, `--set` indices that
together add more than 200,000 list entries, and `--set-file` files over 1 MiB are refused so
that hostile input stays bounded in time and memory.""",
    fixed=FIXED_UNUSABLE_VALUES,
)

KINDS: tuple[FindingKind, ...] = (LIMITS,)


def prescan(parser: Any, text: str, source: str) -> Finding | None:
    """A limits finding when the text nests deeper than MAX_DEPTH or surely holds more than
    MAX_NODES values; None when it may be composed. `parser` is the ruamel loader the text
    would be composed with (only its event parser is used).

    Runs before the composer on every text that one-pass composition does not answer
    (`yaml_source._Yaml.compose_simple`, which stops at the same depth), because the composer
    cannot be trusted with hostile nesting: ruamel's C composer recurses once per level without
    a guard (30,000 levels of `[` crash the interpreter), and libyaml's scanner does work
    proportional to the open flow levels for every token (100,000 levels of `{a: ` take
    minutes). Parser events come from an explicit stack, and stopping at MAX_DEPTH + 1 open
    collections keeps both costs linear. Every value adds at most three events (a
    collection's start and end, its key), so more than 3 × MAX_NODES events (plus the stream
    and document events) always means the builder would refuse the document too; counting
    stops there, so 16 MiB of `[1,1,...]` is refused without composing millions of nodes.
    """
    from ruamel.yaml.events import (
        MappingEndEvent,
        MappingStartEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    starts = (MappingStartEvent, SequenceStartEvent)
    ends = (MappingEndEvent, SequenceEndEvent)
    limit = MAX_EVENTS
    depth = 0
    for count, event in enumerate(parser.parse(text), start=1):
        kind = type(event)
        if kind in starts:
            depth += 1
            # The root collection is depth 0 for the builder, so MAX_DEPTH + 1 open ones
            # are the deepest it accepts.
            if depth > MAX_DEPTH + 1:
                return limit_finding(
                    source,
                    event,
                    f"values are nested more than {MAX_DEPTH} levels deep",
                    "Flatten the structure; no Image Builder value nests this deep.",
                )
        elif kind in ends:
            depth -= 1
        if count > limit:
            return limit_finding(
                source,
                event,
                f"document holds more than {MAX_NODES:,} values",
                "Pass only the values file itself; no Image Builder configuration is this "
                "large.",
            )
    return None


def limit_finding(source: str, event: Any, message: str, hint: str) -> Finding:
    mark = event.start_mark
    return Finding(
        LIMITS.id,
        Severity.ERROR,
        message,
        hint=hint,
        location=Location(source, mark.line + 1, mark.column + 1),
    )
