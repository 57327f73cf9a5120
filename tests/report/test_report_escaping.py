"""The text report never sends a value's control characters to the terminal.

Findings quote values and keys; a value holding an OSC or CSI sequence (retitling the terminal,
clearing it, writing the clipboard), C1 controls, bidirectional overrides or a newline that
would forge another finding line is shown escaped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from chartgen.report.text_format import escape_control

HOSTILE = [
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52: write the clipboard
    "\x1b[2J\x1b[H",  # CSI: clear the screen
    "\x9b31m",  # C1 CSI
    "\x1bP+q\x1b\\",  # DCS
    "a\nfake.yaml:1:1: error: forged [IB999]",
    "\r\x08\x7f\x00",
    "\u202etxt.exe",  # right-to-left override
    "\u2066x\u2069",
    "line\u2028separator",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_control_leaves_nothing_that_controls_a_terminal(text: str) -> None:
    escaped = escape_control(text)
    assert all(ch.isprintable() for ch in escaped), repr(escaped)
    assert escaped.count("\\") >= 1


def test_plain_text_is_unchanged() -> None:
    text = "values.yaml:3:22: error: $.a['b c']: é 日本 😀 \\, [IB201]"
    assert escape_control(text) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_findings_print_values_escaped(tmp_path: Path, text: str) -> None:
    path = tmp_path / "values.yaml"
    quoted = json.dumps(text)  # JSON escapes are YAML double-quoted escapes
    path.write_text(f"imageBuilder:\n  {quoted}: 1\n  enabled: {quoted}\n", encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.exit_code == 1
    assert "[IB101]" in result.stdout and "[IB100]" in result.stdout  # both quote the text
    lines = result.stdout.splitlines()
    assert all(line.isprintable() for line in lines), result.stdout
    assert not any(line.startswith("fake.yaml") for line in lines)
