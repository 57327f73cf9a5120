"""The Jinja2 environment of `templates/*.j2`, and its two filters.

A render does not run Jinja: it runs the templates as compiled from this environment ahead of
time (`chartgen/generated/templates.py`, `python -m chartgen.codegen`), with the same filters.
Jinja runs when they are regenerated, and in tests/render/test_compiled_templates.py, which
proves that both render the same text.

- `q` writes one scalar (`{{ value | q }}`; with an indent, `{{ text | q(4) }}` may write a
  multi-line string as a literal block);
- `to_yaml` writes a nested structure as block YAML at an indent (`{{ annotations | to_yaml(4) }}`).

Both are `chartgen.render.yamltext`, so every value reaching an object goes through the same safe
quoting. `StrictUndefined` turns a misspelt variable into an error instead of an empty string,
and autoescaping is off because the output is YAML, not HTML. The environment is created on first
use: importing chartgen must not import Jinja2.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from chartgen.render.yamltext import block, scalar

if TYPE_CHECKING:
    from jinja2 import Environment


def _quote(value: Any, indent: int | None = None) -> str:
    return scalar(value, indent)


def _to_yaml(value: Any, indent: int) -> str:
    return block(value, indent)


# The filters the templates may use, by name: the Jinja environment's, and the compiled
# templates' (chartgen/generated/templates.py).
FILTERS: dict[str, Callable[..., str]] = {"q": _quote, "to_yaml": _to_yaml}


@cache
def environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from chartgen.resources import templates_dir

    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        # Block tags on their own line leave no blank line or indentation behind.
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env
