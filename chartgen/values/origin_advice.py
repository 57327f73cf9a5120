"""How to write a value so that it means what was meant, in the words of where it came from.

A hint that says "quote it" helps in a values file and misleads on the command line, where
quotes belong to the shell and `--set` types `2` and `true` whatever the quoting: there the
answer is `--set-string`. And "write it without quotes" helps only when the text without quotes
is what the key takes — `replicaCount: "2"`, not `replicaCount: "two"`. Every hint about a
value's type is built here, from the value's origin (`Location.file` names the flag for the
`--set` family: `--set a=b`, as `chartgen.values.loader` records it) and from how the text
would read unquoted — by go-yaml v2's rules in a file, by Helm's `typedVal` for `--set`.
"""

from __future__ import annotations

from chartgen.findings import Location

# The flags of the --set family, as the loader names a value's origin.
SET_FLAGS = ("--set-json", "--set-string", "--set-file", "--set-literal", "--set")


def set_flag(location: Location | None) -> str | None:
    """The `--set`-family flag that set a value, or None when a file (or stdin) did."""
    if location is None:
        return None
    flag = location.file.split(" ", 1)[0]
    return flag if flag in SET_FLAGS else None


def _unquoted(text: str, flag: str | None) -> object:
    """What `text` means written without quotes: in a file (go-yaml), or given to `--set`."""
    if flag is not None:
        from chartgen.values.strvals import typed_value

        return typed_value(text)
    from chartgen.values.go_yaml import resolve_plain_scalar

    try:
        return resolve_plain_scalar(text.strip())
    except ValueError:  # infinity or NaN
        return text


def reads_as(text: str, kind: str, flag: str | None) -> bool:
    """Whether `text`, unquoted (or given to `--set`), is of JSON Schema type `kind`."""
    value = _unquoted(text, flag)
    if kind == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if kind == "integer":
        return isinstance(value, int)
    if kind == "number":
        return isinstance(value, (int, float))
    return False


def keep_as_string(key: str, path: str, text: str, location: Location | None) -> str:
    """Advice for a number or boolean where the key takes a string: keep the text as it is."""
    flag = set_flag(location)
    if flag == "--set":
        return f"Pass it with --set-string {path}={text}: --set reads {text} as a " \
            f"{'boolean' if text in ('true', 'false') else 'number'}."
    if flag == "--set-json":
        return f"Write it as a JSON string: --set-json '{path}=\"{text}\"'."
    return f'Quote the value: {key}: "{text}".'


def as_typed(key: str, path: str, text: str, kind: str, location: Location | None) -> str:
    """Advice for a string where the key takes a number or a boolean: unquote it only when the
    text unquoted is one; otherwise say what the key takes."""
    flag = set_flag(location)
    taken = {"boolean": "true or false", "integer": "a whole number such as 2",
             "number": "a number such as 2 or 0.5"}[kind]
    if flag in ("--set-string", "--set-literal", "--set-file") and reads_as(text, kind, "--set"):
        return f"Pass it with --set {path}={text.strip()}: {flag} keeps it a string."
    if flag is None and reads_as(text, kind, None):
        return f"Write it without quotes: {key}: {text.strip()}."
    if flag == "--set-json" and reads_as(text, kind, None):
        json_kind = "boolean" if kind == "boolean" else "number"
        return f"Write it as a JSON {json_kind}: --set-json '{path}={text.strip()}'."
    return f"Set {key} to {taken}."


def as_structure(key: str, path: str, kind: str, location: Location | None) -> str:
    """Advice for a scalar where the key takes a mapping (`object`) or a list (`array`)."""
    if set_flag(location) is None:
        if kind == "object":
            return f"{key} holds nested keys; indent them under `{key}:`."
        return f"{key} is a list; write each entry on its own line starting with `- `."
    if kind == "object":
        return (f"{key} holds nested keys: set them one by one (--set {path}.KEY=VALUE) or "
                f"all at once (--set-json '{path}={{\"KEY\": ...}}').")
    return (f"{key} is a list: set its entries by index (--set {path}[0]=VALUE) or all at "
            f"once (--set-json '{path}=[...]').")
