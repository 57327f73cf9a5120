"""The base of the typed values sections that `chartgen/generated/values_model.py` declares.

Hand-written (the generator, chartgen/codegen/model.py, writes only the classes that derive
from it): read-only, slotted sections built from data that already passed the schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

# (key in the values, Python attribute, class of a nested section or None). `type` is evaluated
# here, not as text in a section's body, where a field named `type` would shadow the builtin;
# only the name "Section" is resolved later, in the module of the class being inspected.
FieldSpec = tuple[str, str, type["Section"] | None]

S = TypeVar("S", bound="Section")


class Section:
    """A read-only section of validated values; `from_data` builds one from plain data."""

    __slots__ = ()
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = ()

    @classmethod
    def from_data(cls: type[S], data: Mapping[str, Any]) -> S:
        """The section for `data`, which passed the schema: keys left out get the schema's
        defaults, nested mappings become their sections, nothing is validated again."""
        arguments: dict[str, Any] = {}
        for key, attribute, section in cls.FIELDS:
            if key in data:
                value = data[key]
                if section is not None and isinstance(value, dict):
                    value = section.from_data(value)
                arguments[attribute] = value
        return cls(**arguments)

    def as_data(self) -> dict[str, Any]:
        """The section as plain data, keyed as in the values."""
        out: dict[str, Any] = {}
        for key, attribute, _ in self.FIELDS:
            value = getattr(self, attribute)
            out[key] = value.as_data() if isinstance(value, Section) else value
        return out

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only (cannot set {name})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only (cannot delete {name})")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(
            getattr(self, attribute) == getattr(other, attribute)
            for _, attribute, _ in self.FIELDS
        )

    __hash__ = None  # type: ignore[assignment]  # sections hold lists and dicts

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{attribute}={getattr(self, attribute)!r}" for _, attribute, _ in self.FIELDS
        )
        return f"{type(self).__name__}({shown})"

    def __getstate__(self) -> dict[str, Any]:
        return {attribute: getattr(self, attribute) for _, attribute, _ in self.FIELDS}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for attribute, value in state.items():
            object.__setattr__(self, attribute, value)
