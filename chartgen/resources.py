"""Locating the files chartgen ships: the values JSON Schema and the templates.

In a wheel they live inside the package (`chartgen/schemas`, `chartgen/templates`, placed there
by the build); in a source checkout they are the top-level `schemas/` and `templates/` folders.

`templates/` holds each object twice, side by side: `NAME.yaml.j2`, the Jinja2 template
`chartgen render` uses, and `NAME.yaml.gotmpl`, its Go twin the Helm chart carries as
`templates/NAME.yaml` (plus the chart's own Go files: `_helpers.tpl.gotmpl`,
`validate.yaml.gotmpl`, `NOTES.txt.gotmpl`). Everything that reads templates finds them here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    beside = _PACKAGE.parent / name
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"chartgen is installed without its {name}/ folder ({inside})")


@cache
def schemas_dir() -> Path:
    return _shipped("schemas")


@cache
def templates_dir() -> Path:
    return _shipped("templates")


VALUES_SCHEMA_FILE = "imagebuilder.values.schema.json"


def values_schema_path() -> Path:
    return schemas_dir() / VALUES_SCHEMA_FILE


# The contract for a values file as written (defaulted keys optional), generated from the
# contract schema by chartgen.codegen.editor_schema.
EDITOR_SCHEMA_FILE = "imagebuilder.values.editor.schema.json"


def editor_schema_path() -> Path:
    return schemas_dir() / EDITOR_SCHEMA_FILE


JINJA_SUFFIX = ".j2"
GO_SUFFIX = ".gotmpl"


def jinja_template_names() -> list[str]:
    """The Jinja2 templates of `chartgen render` (`deployment.yaml.j2`, ...), sorted."""
    return sorted(p.name for p in templates_dir().glob(f"*{JINJA_SUFFIX}"))


def go_templates() -> dict[str, str]:
    """The Go templates of the Helm chart, by their path in the chart (`templates/NAME`)."""
    return {
        f"templates/{path.name.removesuffix(GO_SUFFIX)}": path.read_text(encoding="utf-8")
        for path in sorted(templates_dir().glob(f"*{GO_SUFFIX}"))
    }
