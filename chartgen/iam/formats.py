"""The output formats of `chartgen iam-policy`: one writer module per format, one Protocol.

`FORMATS` maps each `-o/--output` name to its writer module, imported only when that format
is written (the names are what the command line offers). A writer module provides `write`
(the whole output, for stdout) and `output_files` (what `--output-dir` holds); mypy checks
every module in the table against `IamWriter`. Adding a format: a writer module with those two
functions (and a `plan.GrantWriter` for its grants), and a line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chartgen.iam.plan import Plan


class IamWriter(Protocol):
    """A writer module: a plan as one text, and as the files of an output directory."""

    def write(self, plan: Plan) -> str: ...

    def output_files(self, plan: Plan) -> dict[str, str]: ...


def _json() -> IamWriter:
    from chartgen.iam import json_writer

    return json_writer


def _terraform() -> IamWriter:
    from chartgen.iam import terraform_writer

    return terraform_writer


def _shell() -> IamWriter:
    from chartgen.iam import shell_writer

    return shell_writer


FORMATS: dict[str, Callable[[], IamWriter]] = {
    "json": _json,
    "terraform": _terraform,
    "shell": _shell,
}
