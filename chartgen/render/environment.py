"""The Jinja2 environment that renders `templates/*.j2`, and its two filters.

- `q` writes one scalar (`{{ value | q }}`; with an indent, `{{ text | q(4) }}` may write a
  multi-line string as a literal block);
- `to_yaml` writes a nested structure as block YAML at an indent (`{{ annotations | to_yaml(4) }}`).

Both are `chartgen.render.yamltext`, so every value reaching an object goes through the same safe
quoting. `StrictUndefined` turns a misspelt variable into an error instead of an empty string,
and autoescaping is off because the output is YAML, not HTML. The environment is created on first
use: importing chartgen must not import Jinja2.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from chartgen.render.yamltext import block, scalar

if TYPE_CHECKING:
    from jinja2 import Environment


def _quote(value: Any, indent: int | None = None) -> str:
    return scalar(value, indent)


def _to_yaml(value: Any, indent: int) -> str:
    return block(value, indent)


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
    env.filters["q"] = _quote
    env.filters["to_yaml"] = _to_yaml
    return env
