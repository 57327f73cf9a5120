"""The one escaping routine per output format of `chartgen iam-policy`.

Every value a writer puts into its output goes through exactly one function here, chosen by
where it lands:

- `shell_word`: an argument of a shell command (single-quoted; exact for every string);
- `shell_double_quoted`: the literal parts of a double-quoted shell word or an unquoted heredoc
  that also expands placeholder variables;
- `hcl_string`: an HCL string literal, with `${` and `%{` escaped so no value becomes a template;
- `json_text`: JSON (the documents and the `json` format);
- `python_string`: a Python string literal inside the snippets printed for the user;
- `comment`: the text of a `#` comment in shell or HCL — one physical line, every control,
  format and line/paragraph-separator character shown as an escape, so no value can end the
  comment and start a command or a block.

Values are also checked at the door (identifier grammars, the registry grammar), but the
escaping here does not rely on that: it is exact for any string.
"""

from __future__ import annotations

import json
import shlex
import unicodedata
from typing import Any

# Characters a terminal or a parser might treat as a line end or hide: controls (Cc), format
# characters (Cf, e.g. bidi overrides), line/paragraph separators, surrogates, private use and
# unassigned code points.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def _escape_code_point(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def comment(text: str) -> str:
    """`text` made safe as the body of one `#` comment line (shell and HCL)."""
    out = []
    for char in text:
        if char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append(" ")
        elif _unsafe(char):
            out.append(_escape_code_point(char))
        else:
            out.append(char)
    return "".join(out)


def shell_word(text: str) -> str:
    """`text` as one shell word that bash reads back exactly (no expansion at all)."""
    return shlex.quote(text)


def shell_double_quoted(text: str) -> str:
    """`text` escaped for the inside of "..." (or an unquoted heredoc): \\ $ ` " are literal."""
    return "".join("\\" + c if c in '\\$`"' else c for c in text)


def shell_heredoc_text(text: str) -> str:
    """`text` escaped for the body of an unquoted heredoc: \\ $ ` are literal (quotes are)."""
    return "".join("\\" + c if c in "\\$`" else c for c in text)


def hcl_string(text: str) -> str:
    """The inside of an HCL quoted string (without the quotes) that reads back as `text`."""
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif _unsafe(char):
            out.append(_escape_code_point(char))
        else:
            out.append(char)
    # A literal `${` or `%{` would start an interpolation or a directive.
    return "".join(out).replace("${", "$${").replace("%{", "%%{")


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON for `value`; strings escaped by the JSON encoder (the only JSON routine)."""
    return json.dumps(value, indent=indent, ensure_ascii=False)


def python_string(text: str) -> str:
    """A double-quoted Python string literal that evaluates to `text`."""
    out = ['"']
    for char in text:
        if char in '\\"':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif _unsafe(char):
            out.append(_escape_code_point(char))
        else:
            out.append(char)
    out.append('"')
    return "".join(out)
