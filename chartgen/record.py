"""Records: classes declared like dataclasses, cheap to define.

`dataclasses.dataclass` compiles each class's `__init__`, `__repr__`, `__eq__` (and for a frozen
class `__setattr__`, `__delattr__`, `__hash__`) from source text when its module is imported, and
importing it imports `inspect` (and with it `ast`, `dis`, `tokenize`). On `chartgen validate`'s
path that was 37 classes and about 20 ms of a 90 ms command (issue 13). A record compiles only its
`__init__` — it must be fast, it is called for every value read — and shares one `__eq__`,
`__hash__`, `__repr__`, ordering and frozen `__setattr__` among all records, each reading the
class's field names.

What a record does is what the dataclass with the same arguments does, for the features chartgen
uses: `frozen`, `order`, `eq`, `init`, fields with defaults or `field(default_factory=...,
repr=False, compare=False)`, `__post_init__`, inheritance from another record, methods the class
defines itself (kept, as dataclasses keeps them), and `replace`. tests/test_record.py holds each
feature to the dataclass's behaviour. mypy reads `record` as a dataclass (PEP 681).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from typing_extensions import dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**_: object) -> Callable[[T], T]:
        return lambda decorated: decorated


class FrozenInstanceError(AttributeError):
    """Assigning to (or deleting) a field of a frozen record."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """A field's declaration: its default (or the factory that makes one) and whether it takes
    part in repr and comparisons."""

    __slots__ = ("compare", "default", "default_factory", "name", "repr")

    def __init__(self, default: Any, default_factory: Any, repr: bool, compare: bool) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | Any = MISSING,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field with a default, a default factory, or left out of repr / comparisons."""
    return Field(default, default_factory, repr, compare)


@dataclass_transform(field_specifiers=(field,))
def record(
    cls: type[T] | None = None,
    /,
    *,
    init: bool = True,
    eq: bool = True,
    order: bool = False,
    frozen: bool = False,
) -> Any:
    """Make `cls` a record (used as `@record` or `@record(frozen=True, ...)`)."""

    def wrap(cls: type[T]) -> type[T]:
        made: type[T] = _process(cls, init=init, eq=eq, order=order, frozen=frozen)
        return made

    return wrap if cls is None else wrap(cls)


def fields(cls_or_record: Any) -> tuple[Field, ...]:
    """The record's fields, in `__init__` order."""
    found: tuple[Field, ...] = cls_or_record.__record_fields__
    return found


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record `obj` with `changes` (as `dataclasses.replace`)."""
    for item in fields(obj):
        if item.name not in changes:
            changes[item.name] = getattr(obj, item.name)
    return obj.__class__(**changes)


def _process(cls: Any, *, init: bool, eq: bool, order: bool, frozen: bool) -> Any:
    inherited: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for item in getattr(base, "__record_fields__", ()):
            inherited[item.name] = item
    # The class's own annotations (not inspect.get_annotations: inspect is what records avoid).
    own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    declared = dict(inherited)
    for name, annotation in own.items():
        if isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            item = value
            if item.default is MISSING:
                delattr(cls, name)  # a factory, or no default: no class attribute (as dataclasses)
            else:
                setattr(cls, name, item.default)
        else:
            item = Field(value, MISSING, True, True)
        if isinstance(item.default, (list, dict, set)):
            raise ValueError(f"mutable default for field {name}: use default_factory")
        item.name = name
        declared[name] = item  # a redeclared field keeps its place, as with dataclasses
    all_fields = tuple(declared.values())
    cls.__record_fields__ = all_fields
    setattr(cls, "__match_args__", tuple(item.name for item in all_fields))  # noqa: B010
    compared = tuple(item.name for item in all_fields if item.compare)
    cls.__record_compared__ = compared

    def define(name: str, value: Any) -> bool:
        if name in cls.__dict__:
            return False  # the class's own method wins
        setattr(cls, name, value)
        return True

    if init:
        define("__init__", _make_init(cls, all_fields, frozen))
    define("__repr__", _repr)
    if eq:
        define("__eq__", _eq)
    if order:
        for name, method in _ORDER_METHODS:
            if not define(name, method):
                raise TypeError(f"cannot overwrite {name} of {cls.__name__} with order=True")
    if frozen:
        for name, method in _FROZEN_METHODS:
            if not define(name, method):
                raise TypeError(f"cannot overwrite {name} of frozen {cls.__name__}")
    # A class that defines __eq__ gets `__hash__ = None` from Python itself: not an explicit hash.
    own_hash = cls.__dict__.get("__hash__", MISSING)
    explicit_hash = not (own_hash is MISSING or (own_hash is None and "__eq__" in cls.__dict__))
    if not explicit_hash and eq:
        # dataclasses' rule: equal frozen records hash alike; mutable ones are unhashable.
        cls.__hash__ = _hash if frozen else None
    return cls


def _make_init(cls: Any, all_fields: tuple[Field, ...], frozen: bool) -> Any:
    """`__init__` compiled for this class: one store per field, straight into the instance's
    dictionary (what a frozen record needs, and faster than attribute assignment)."""
    parameters: list[str] = []
    body = ["  d = self.__dict__"]
    scope: dict[str, Any] = {"MISSING": MISSING}
    for index, item in enumerate(all_fields):
        name = item.name
        if item.default_factory is not MISSING:
            scope[f"f{index}"] = item.default_factory
            parameters.append(f"{name}=MISSING")
            body.append(f"  d[{name!r}] = f{index}() if {name} is MISSING else {name}")
            continue
        if item.default is not MISSING:
            scope[f"v{index}"] = item.default
            parameters.append(f"{name}=v{index}")
        else:
            parameters.append(name)
        body.append(f"  d[{name!r}] = {name}")
    if hasattr(cls, "__post_init__"):
        body.append("  self.__post_init__()")
    del frozen  # a frozen record is filled the same way: its __setattr__ is never called
    source = f"def __init__(self, {', '.join(parameters)}):\n" + "\n".join(body)
    exec(source, scope)
    function = scope["__init__"]
    function.__qualname__ = f"{cls.__qualname__}.__init__"
    function.__module__ = cls.__module__
    return function


def _key(obj: Any) -> tuple[Any, ...]:
    return tuple([getattr(obj, name) for name in obj.__record_compared__])


def _repr(self: Any) -> str:
    shown = ", ".join(
        f"{item.name}={getattr(self, item.name)!r}" for item in self.__record_fields__ if item.repr
    )
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self: Any, other: object) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _key(self) == _key(other)


def _hash(self: Any) -> int:
    return hash(_key(self))


def _lt(self: Any, other: object) -> Any:
    return _key(self) < _key(other) if other.__class__ is self.__class__ else NotImplemented


def _le(self: Any, other: object) -> Any:
    return _key(self) <= _key(other) if other.__class__ is self.__class__ else NotImplemented


def _gt(self: Any, other: object) -> Any:
    return _key(self) > _key(other) if other.__class__ is self.__class__ else NotImplemented


def _ge(self: Any, other: object) -> Any:
    return _key(self) >= _key(other) if other.__class__ is self.__class__ else NotImplemented


def _frozen_setattr(self: Any, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


_ORDER_METHODS: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("__lt__", _lt), ("__le__", _le), ("__gt__", _gt), ("__ge__", _ge),
)
_FROZEN_METHODS: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("__setattr__", _frozen_setattr), ("__delattr__", _frozen_delattr),
)
