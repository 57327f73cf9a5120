"""A spot inside a string value, mapped back to where it was written (values/scalar_text.py):
every YAML scalar style, `--set`, `--set-string`, `--set-literal` and `--set-file`.

The property: for any text, written in any style, each character the mapping places at a source
position is that character in the source (or the escape, quote doubling or line break that
produced it) — and where the rebuild cannot be sure, the mapping gives nothing rather than a
wrong line.
"""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from chartgen.values.loader import ValueSources, load_values
from chartgen.values.scalar_text import ScalarText
from chartgen.values.yaml_source import load_yaml

PATH = ("imageBuilder", "buildkit", "extraConfig")
TEXT = st.text(
    st.one_of(
        st.sampled_from(list("abc =[]\"'#\\.:-{}\n\t")),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    ),
    max_size=40,
)


def dump(value: str, style: str) -> str:
    yaml = YAML()
    yaml.width = 20  # fold long plain and quoted scalars over several lines
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        FoldedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    wrap = {"|": LiteralScalarString, ">": FoldedScalarString, '"': DoubleQuotedScalarString,
            "'": SingleQuotedScalarString, "": str}[style]
    out = io.StringIO()
    yaml.dump({"imageBuilder": {"buildkit": {"extraConfig": wrap(value)}}}, out)
    return out.getvalue()


def _checked(source: str, value: str, origin_text: ScalarText) -> int:
    indexes = origin_text.source_indexes(value)
    if indexes is None:
        return 0
    for index, char in zip(indexes, value, strict=False):
        written = source[index]
        if char in "\n \t\u2028\u2029\x85":
            continue  # folding and line breaks map to the break or blank that produced them
        assert written == char or written in "\\'", (char, written, index)
    return 1


@settings(max_examples=300, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["|", ">", '"', "'", ""]))
def test_every_style_maps_characters_to_their_source(value: str, style: str) -> None:
    source = dump(value, style)
    document = load_yaml(source.encode("utf-8"), "v.yaml")
    if document.data is None:
        return
    loaded = document.data["imageBuilder"]["buildkit"]["extraConfig"]
    if not isinstance(loaded, str):
        return
    origin = document.provenance.origins[PATH]
    assert origin.text is not None
    mapped = _checked(source, loaded, origin.text)
    # YAML 1.1's extra line breaks (LS, PS, NEL) may fold differently; everything else maps.
    if loaded.strip() and not any(c in loaded for c in "\u2028\u2029\x85\r"):
        assert mapped, (style, source)


def test_the_common_styles_always_map() -> None:
    extra = '[log]\nlevel = "debug"\n\n[registry."docker.io"]\n  mirrors = ["m"]\n'
    for style in ("|", '"', "'"):
        source = dump(extra, style)
        document = load_yaml(source.encode(), "v.yaml")
        text = document.provenance.origins[PATH].text
        assert text is not None and _checked(source, extra, text) == 1, style
        location = document.provenance.locate_inside(PATH, extra, 5, 3)
        assert location is not None
        line = source.splitlines()[location.line - 1]
        assert line[location.column - 1 :].startswith("mirrors") or "mirrors" in line, style


def test_set_sources_point_into_the_expression_or_file(tmp_path) -> None:
    extra_file = tmp_path / "extra.toml"
    extra_file.write_text("# comment\n[history]\nmaxEntries = 1\n")
    cases = [
        ("--set", "imageBuilder.buildkit.extraConfig=a = 1\\, b"),
        ("--set-string", "imageBuilder.buildkit.rootless=true,imageBuilder.buildkit.extraConfig=x"),
        ("--set-literal", "imageBuilder.buildkit.extraConfig=a = 1, b = 2"),
        ("--set-file", f"imageBuilder.buildkit.extraConfig={extra_file}"),
    ]
    for flag, expression in cases:
        attribute = {"--set": "set_values", "--set-string": "set_string",
                     "--set-literal": "set_literal", "--set-file": "set_file"}[flag]
        sources = ValueSources(files=[], **{attribute: [expression]})
        loaded = load_values(sources, with_defaults=False)
        assert loaded.data is not None, loaded.findings
        value = loaded.data["imageBuilder"]["buildkit"]["extraConfig"]
        if flag == "--set-file":
            location = loaded.provenance.locate_inside(PATH, value, 3, 1)
            assert location is not None
            assert (location.file, location.line, location.column) == (str(extra_file), 3, 1)
            continue
        location = loaded.provenance.locate_inside(PATH, value, 1, len(value))
        assert location is not None and location.file.startswith(flag), flag
        assert expression[location.column - 1] == value[-1], (flag, location)
