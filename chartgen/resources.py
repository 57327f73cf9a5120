"""Locating the files chartgen ships: the values JSON Schema and the manifest templates.

In a wheel they live inside the package (`chartgen/schemas`, `chartgen/templates`, placed there
by the build); in a source checkout they are the top-level `schemas/` and `templates/` folders.
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
