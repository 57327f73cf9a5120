"""A placeholder: an identifier the user did not give, standing in the output until it is set.

Placeholders live inside ordinary strings as `${NAME}` tokens; `plan.py` says how each output
format treats them. This module is kept small: the cloud modules declare their placeholders at
import time, and the command line imports the cloud modules when it starts.
"""

from __future__ import annotations

import re

from chartgen.record import record

TOKEN = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


@record(frozen=True)
class Placeholder:
    """An identifier the user did not give, to be filled in before anything is applied."""

    name: str  # DATAPLANE_ACCOUNT_ID: shell variable; lower-cased, the Terraform variable
    description: str  # completes "set NAME to ..."; no quotes, `$` or braces (shell-safe)
    option: str  # the command-line option that would have given it

    def __post_init__(self) -> None:
        # The description lands verbatim in `${NAME:?set NAME to ...}` and in HCL strings.
        if not TOKEN.fullmatch(self.token) or set(self.description) & set("'\"$`{}\\"):
            raise ValueError(f"placeholder {self.name!r} is not shell- and HCL-safe")

    @property
    def token(self) -> str:
        return "${" + self.name + "}"

    @property
    def variable(self) -> str:
        return self.name.lower()
