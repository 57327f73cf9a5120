"""TPL_FIELDS is found by reading the reference chart, not written once and forgotten.

With the mirror of unionai/helm-charts present, this reads every template of
`charts/dataplane/templates/imagebuilder/` and every helper they include (transitively, from all
the chart's `*.tpl` files), collects each `tpl` call as `SCOPE: EXPRESSION` (SCOPE: the helper or
template file, and for `tpl (toYaml .)` the `with` that sets `.`), and requires the set to equal
the one `TPL_FIELDS` claims: a `tpl` the reference adds fails here until chartgen covers it, and a
claim the reference dropped fails too.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from union_values import mirror_file, mirror_or_skip

from chartgen.values.templating import TPL_FIELDS

TEMPLATES = "charts/dataplane/templates"
_BLOCK = re.compile(r"\{\{-?\s*(if|range|with|define|block|end)\b")
_DEFINE = re.compile(r'\{\{-?\s*define\s+"([^"]+)"')
_INCLUDE = re.compile(r'\b(?:include|template)\s+"([^"]+)"')
_TPL = re.compile(r"\btpl\s+(\([^()]*\)|[.$][\w.$]*)\s+([.$]\w*)")
_WITH = re.compile(r"\{\{-?\s*with\s+([^\s}]+)")


def _files(under: str) -> list[str]:
    listing = subprocess.run(
        ["git", "-C", str(mirror_or_skip()), "ls-tree", "-r", "--name-only", "HEAD", under],
        capture_output=True, text=True, check=True,
    ).stdout
    return listing.split()


def defines(text: str) -> dict[str, str]:
    """Every `define` of a template file: name → body (nested blocks counted)."""
    found: dict[str, str] = {}
    for match in _DEFINE.finditer(text):
        depth = 0
        for block in _BLOCK.finditer(text, match.start()):
            depth += -1 if block.group(1) == "end" else 1
            if depth == 0:
                found[match.group(1)] = text[match.end():block.start()]
                break
    return found


def tpl_calls(scope: str, text: str) -> set[str]:
    calls = set()
    for match in _TPL.finditer(text):
        argument, context = match.groups()
        where = scope
        if "toYaml ." in argument:
            withs = list(_WITH.finditer(text, 0, match.start()))
            where = f"{scope} with {withs[-1].group(1)}"
        calls.add(f"{where}: tpl {argument} {context}")
    return calls


def reference_tpl_calls() -> set[str]:
    helpers: dict[str, str] = {}
    for path in _files(TEMPLATES):
        if path.endswith(".tpl"):
            helpers.update(defines(mirror_file(path)))
    roots = {Path(p).name: mirror_file(p) for p in _files(f"{TEMPLATES}/imagebuilder/")}
    calls: set[str] = set()
    pending = list(roots.items())
    seen: set[str] = set()
    while pending:
        scope, text = pending.pop()
        calls |= tpl_calls(scope, text)
        for name in _INCLUDE.findall(text):
            if name in helpers and name not in seen:
                seen.add(name)
                pending.append((name, helpers[name]))
    return calls


def test_every_tpl_of_the_reference_imagebuilder_is_covered_and_nothing_else_is_claimed() -> None:
    claimed = {where for spec in TPL_FIELDS for where in spec.found}
    assert reference_tpl_calls() == claimed


def test_the_reader_finds_what_it_should() -> None:
    """The reader itself, on a template whose answer is known."""
    text = (
        '{{- define "a" -}}{{ if .x }}{{ tpl .Values.b . }}{{ end }}{{ include "c" . }}'
        '{{- end }}\n{{- define "c" -}}{{- with .Values.d }}{{ tpl (toYaml .) $ }}{{- end }}'
        "{{- end }}\n"
    )
    found = defines(text)
    assert set(found) == {"a", "c"}
    assert tpl_calls("a", found["a"]) == {"a: tpl .Values.b ."}
    assert tpl_calls("c", found["c"]) == {"c with .Values.d: tpl (toYaml .) $"}
