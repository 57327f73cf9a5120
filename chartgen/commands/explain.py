"""`chartgen explain`: the documentation of one values key, one finding kind (a rule ID or
name) or one topic."""

from __future__ import annotations

import json
import sys
from typing import Any

from chartgen.findings import ExitCode

# Topics that are neither a key nor a rule.
TOPICS = ("private-registries", "diff", "diff-defaults", "doctor")


def topic_text(name: str) -> str | None:
    """The documentation of a topic (one of TOPICS), or None."""
    wanted = name.strip().lower()
    if wanted not in TOPICS:
        return None
    from chartgen import diff, doctor
    from chartgen.clouds.private import TOPIC
    from chartgen.diff import defaults

    text = {
        "private-registries": TOPIC,
        "diff": diff.__doc__,
        "diff-defaults": defaults.__doc__,
        "doctor": doctor.__doc__,
    }[wanted]
    return (text or "").strip() + "\n"


def describe_type(node: dict[str, Any]) -> str:
    if "anyOf" in node:
        return " or ".join(describe_type(option) for option in node["anyOf"])
    kind = node.get("type", "any")
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind == "array":
        items = node.get("items", {})
        from chartgen.schema import resolve_ref

        inner = resolve_ref(items) if items else {}
        return f"list of {inner.get('type', 'any')}"
    if kind == "object" and isinstance(node.get("additionalProperties"), dict):
        return f"map of {node['additionalProperties'].get('type', 'any')}"
    return str(kind)


def explain_key(path: tuple[str, ...], node: dict[str, Any]) -> str:
    lines = [".".join(path), ""]
    if node.get("description"):
        lines += [node["description"], ""]
    lines.append(f"type:     {describe_type(node)}")
    if "default" in node:
        lines.append(f"default:  {json.dumps(node['default'])}")
    else:
        lines.append("default:  (unset)")
    if "enum" in node:
        lines.append("allowed:  " + ", ".join(json.dumps(v) for v in node["enum"]))
    bounds = []
    for keyword, word in (("minimum", ">="), ("maximum", "<="), ("maxLength", "length <=")):
        if keyword in node:
            bounds.append(f"{word} {node[keyword]}")
    if bounds:
        lines.append("bounds:   " + ", ".join(bounds))
    children = node.get("properties")
    if children:
        lines += ["", "keys:"]
        from chartgen.schema import resolve_ref

        width = max(len(k) for k in children)
        for key, child in children.items():
            summary = resolve_ref(child).get("description", "")
            lines.append(f"  {key.ljust(width)}  {summary}")
    return "\n".join(lines) + "\n"


def run_explain(subject: str) -> int:
    from chartgen.catalogue import find_kind

    text = topic_text(subject)
    if text is not None:
        sys.stdout.write(text)
        return 0

    kind = find_kind(subject)
    if kind is not None:
        sys.stdout.write(f"{kind.id} {kind.name} ({kind.severity.value})\n\n{kind.doc}\n")
        return 0

    from chartgen.schema import iter_keys, subschema, suggest

    parts = tuple(p for p in subject.strip().strip(".").split(".") if p)
    candidates = [parts]
    if parts and parts[0] != "imageBuilder":
        candidates.append(("imageBuilder", *parts))
    for candidate in candidates:
        node = subschema(candidate) if candidate else None
        if node is not None and candidate:
            sys.stdout.write(explain_key(candidate, node))
            return 0
    known = [".".join(map(str, path)) for path, _ in iter_keys()]
    guess = suggest(subject, known) or suggest("imageBuilder." + subject, known)
    message = (
        f"chartgen: error: {subject!r} is neither a values key, a rule ID nor a topic "
        f"({', '.join(TOPICS)})"
    )
    if guess:
        message += f"; did you mean {guess!r}?"
    sys.stderr.write(message + "\n")
    return int(ExitCode.USAGE)
