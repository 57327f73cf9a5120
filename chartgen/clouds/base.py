"""What a cloud module declares, and the types it declares it with.

A cloud module (`aws`, `gcp`, `azure`) is checked by mypy against the `Cloud` Protocol: the
`authenticationType` it answers to, its registry (how its hosts parse, the repository form the
rules expect, the default repository the reference chart derives), the annotation that gives a
pod its identity, the starter values of `chartgen init`, and for `chartgen iam-policy` its
options (an `OptionGroup`), the usage rules between them and the plan of its grants.

This module and the cloud modules' top levels stay light, because the command line reads the
option groups when it starts: records are named tuples (a dataclass costs ten times as much
to define), patterns are compiled when first used, and the IAM plan's types, the registry
parser, YAML and pydantic are imported only where they are used.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from chartgen.findings import FindingKind
    from chartgen.iam.inputs import IamContext, IamOptions
    from chartgen.registry import Reference, Repository
    from chartgen.values.provenance import Path


# -- identifiers -------------------------------------------------------------------------------


class Grammar(NamedTuple):
    """A shape matched against the whole string (never `$`, which also matches before a
    trailing newline), over ASCII (`\\d` and `\\w` would take any script's digits and letters).

    An identifier's grammar admits no `$`, quotes, backslashes or white space, so nothing a user
    types can break out of a JSON string, a shell word or an HCL string, or pose as a
    placeholder. The pattern is compiled on first use and kept (`_compiled`).
    """

    pattern: str
    expected: str  # completes "... is not ...": "a 12-digit AWS account ID"

    def match(self, text: str) -> re.Match[str] | None:
        return _compiled(self.pattern).fullmatch(text)

    def accepts(self, text: str) -> bool:
        return self.match(text) is not None


def grammar(pattern: str, expected: str) -> Grammar:
    return Grammar(pattern, expected)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # Kept here rather than looked up in `re`'s own cache on every match: the rules match a
    # few grammars a hundred times per values file, and that look-up cost more than the match.
    return re.compile(pattern, re.ASCII)


# -- command-line options ----------------------------------------------------------------------


class Flag(NamedTuple):
    """How the command line offers one field of an option group (`Annotated[type, Flag(...)]`).

    The field's type says how it is read: `str | None` a value, `bool` a switch, `tuple[str,
    ...]` a repeatable value. `choices`, when given, are the values it takes (checked with the
    other usage errors, before anything runs). `metavar` says in `--help` what a value is
    (`ACCOUNT_ID`); a flag with choices shows them instead.
    """

    flag: str
    help: str
    choices: tuple[str, ...] = ()
    metavar: str = ""

    @property
    def shown_value(self) -> str:
        """What `--help` shows for the flag's value."""
        return "|".join(self.choices) if self.choices else self.metavar


class OptionGroup(NamedTuple):
    """Options of `chartgen iam-policy` that apply to some clouds only.

    `options` is a named tuple whose fields are annotated with a `Flag` and have defaults; the
    command line offers each as a flag, in a help section titled `title`, and passes an
    instance to the plan (`IamOptions.group`). `applies_to` names what the options are for, as
    a usage error says it when they are given elsewhere: `--cloud aws` or `private registries
    (...)`.
    """

    title: str
    options: type[Any]
    clouds: tuple[str, ...]  # the clouds (`aws`, ..., or `none`) the options apply to
    applies_to: str

    def flags(self) -> list[tuple[str, Flag, Any]]:
        """(field name, its Flag, its default) of every option, in declaration order."""
        hints = typing.get_type_hints(self.options, include_extras=True)
        defaults = self.options._field_defaults
        return [
            (name, _flag_of(hints[name]), defaults[name]) for name in self.options._fields
        ]

    def choice_problems(self, given: object) -> list[str]:
        """A value outside an option's choices, as a usage error."""
        problems = []
        for name, flag, _ in self.flags():
            value = getattr(given, name)
            if flag.choices and value is not None and value not in flag.choices:
                choices = ", ".join(flag.choices)
                problems.append(f"unknown {flag.flag} {value!r}; choose one of {choices}")
        return problems


def _flag_of(hint: Any) -> Flag:
    found = [m for m in getattr(hint, "__metadata__", ()) if isinstance(m, Flag)]
    if len(found) != 1:
        raise TypeError(f"an option group field needs one Flag, not {hint!r}")
    return found[0]


# -- placeholders ----------------------------------------------------------------------------------


class StarterPlaceholder(NamedTuple):
    """A value `chartgen init` writes where only the user knows the answer.

    The starter validates with it, and rule IB223 (`rules/placeholder_value.py`) reports it,
    wherever in the values chartgen reads, until it is replaced: as the whole value, or as one
    part of it between `/`, `:`, `.` and `@` (an ARN, a registry host, a service account
    e-mail). So a placeholder must be something no real account, project or registry is
    called.
    """

    value: str
    what: str  # completes "... is still ...": "AWS's documentation example account ID"
    put: str  # what belongs there: "your 12-digit AWS account ID (aws sts ...)"


METADATA_BUCKET = StarterPlaceholder(
    "my-union-metadata",
    "the starter's example bucket name",
    "the name of the data plane's metadata bucket (the one Union's installation created)",
)


# -- the default repository ----------------------------------------------------------------------


class RepositoryForm(NamedTuple):
    """The repository form a cloud's registry expects, and the values its derivation reads.

    `template` is how the reference chart derives the default repository from those values, as
    placeholders in capitals; `derive` fills it (`fill_template`, plus whatever the cloud
    computes, such as the AWS partition's domain). The chart writes the same template and
    computes the same parts in its Go templates.
    """

    kind: str  # the registry.Kind parse_repository reports for this form
    product: str  # how messages name it: "an Amazon ECR repository"
    pattern: str  # the form as messages show it: ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME
    template: str  # the derivation: ACCOUNT.dkr.ecr.REGION.DOMAIN/NAME
    inputs: tuple[tuple[str, Path], ...]  # placeholder → the value the derivation reads
    samples: Mapping[str, str]  # placeholder → a value that is always valid
    derive: Callable[[Mapping[str, str]], str]

    def accepts(self, repository: str) -> bool:
        from chartgen.registry import parse_repository

        parsed = parse_repository(repository)
        return parsed.kind == self.kind and not parsed.problems


PLACEHOLDER = re.compile(r"\b([A-Z]+)\b")


def template_parts(template: str) -> list[str | tuple[str]]:
    """A template as literal text and (PLACEHOLDER,) parts, in order: filled in one pass, so a
    value that reads like a placeholder stays a value."""
    return list(_template_parts(template))


@cache
def _template_parts(template: str) -> tuple[str | tuple[str], ...]:
    # The few templates are constants of the cloud modules; the rules fill them many times.
    parts: list[str | tuple[str]] = []
    position = 0
    for match in PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append(template[position : match.start()])
        parts.append((match.group(1),))
        position = match.end()
    if position < len(template):
        parts.append(template[position:])
    return tuple(parts)


def fill_template(template: str, values: Mapping[str, str]) -> str:
    return "".join(
        values[part[0]] if isinstance(part, tuple) else part for part in _template_parts(template)
    )


# -- the Protocols ---------------------------------------------------------------------------------


class Registry(Protocol):
    """A module that knows some registry hosts (a cloud's, or the private registries')."""

    def parse_registry(self, reference: Reference) -> Repository | None:
        """The repository when `reference.host` is one of this module's registries."""
        ...


class Cloud(Protocol):
    """A cloud module: everything one cloud means to chartgen."""

    NAME: str  # `--cloud` and `chartgen init --cloud`: aws, gcp, azure
    LABEL: str  # how help and messages name it: AWS, GCP, Azure
    AUTHENTICATION_TYPE: str  # imageBuilder.authenticationType that uses its credentials
    # The values that make the reference chart derive this cloud's registry, in its order:
    # storage.provider first, then the top-level provider.
    STORAGE_PROVIDERS: tuple[str, ...]
    TOP_LEVEL_PROVIDERS: tuple[str, ...]
    REPOSITORY: RepositoryForm
    REGISTRY_KINDS: tuple[str, ...]  # registry.Kind values that are this cloud's registries
    REGISTRY_LABEL: str  # how messages name its registry: "Amazon ECR"
    IAM_TARGET: str  # what `iam-policy --cloud NAME` grants on, in its messages
    # The annotation that gives a pod this cloud's identity, the system's name, and (IRSA)
    # whether a webhook may read it under another prefix (`PREFIX/role-arn`).
    IDENTITY_ANNOTATION: str
    IDENTITY_SYSTEM: str
    IDENTITY_PREFIX_VARIES: bool
    BUILD_IDENTITY: str  # who builds run as, in `iam-policy`'s words: "the user role"
    STARTER_VALUES: str  # the cloud's part of `chartgen init --cloud NAME`
    PLACEHOLDERS: tuple[StarterPlaceholder, ...]  # what STARTER_VALUES leaves for the user (IB223)
    OPTIONS: OptionGroup
    KINDS: tuple[FindingKind, ...]

    def parse_registry(self, reference: Reference) -> Repository | None:
        """The repository when `reference.host` is one of this cloud's registries."""
        ...

    def option_problems(self, options: IamOptions) -> list[str]:
        """Usage errors among this cloud's options (when the plan is for this cloud)."""
        ...

    def build_plan(self, ctx: IamContext) -> None:
        """Fill `ctx.plan` with this cloud's grants for `ctx.repository`."""
        ...
