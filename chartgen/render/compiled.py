"""What the templates compiled to Python (`chartgen/generated/templates.py`) call at run time:
Jinja's semantics for attribute and item look-ups and `~`, without Jinja.

Hand-written; the compiler (chartgen/codegen/templates.py) writes calls to these.
"""

from __future__ import annotations

from typing import Any


class TemplateLookupError(LookupError):
    """A template named a variable or attribute the values do not have (a chartgen bug)."""


def get_attribute(obj: Any, attribute: str) -> Any:
    """Jinja's `obj.attribute`: the attribute, else the item."""
    try:
        return getattr(obj, attribute)
    except AttributeError:
        pass
    try:
        return obj[attribute]
    except (TypeError, LookupError, AttributeError):
        raise TemplateLookupError(f"{type(obj).__name__} has no attribute {attribute!r}") from None


def get_item(obj: Any, item: Any) -> Any:
    """Jinja's `obj[item]`: the item, else (for a string) the attribute."""
    try:
        return obj[item]
    except (AttributeError, TypeError, LookupError):
        if isinstance(item, str):
            return get_attribute(obj, item)
        raise TemplateLookupError(f"{type(obj).__name__} has no item {item!r}") from None


def concat(parts: tuple[Any, ...]) -> str:
    """Jinja's `~`."""
    return "".join(map(str, parts))
