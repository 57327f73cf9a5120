"""Reporters: one module per output format behind one small interface.

Like kubeconform's outputs, a reporter receives one `Result` at a time (`write`) and finishes
with `flush`, so streaming formats (text, GitHub annotations) print as they go and document
formats (JSON, SARIF, JUnit) assemble and print once. Choose one by name with `get_reporter`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol, TextIO

from chartgen.findings import Report

FORMATS = ("text", "json", "github", "sarif", "junit")


@dataclass
class Result:
    """The findings about one subject: a set of values sources, or one file in batch mode."""

    subject: str
    report: Report
    strict: bool = False

    @property
    def valid(self) -> bool:
        return not self.report.fails(strict=self.strict)


class Reporter(Protocol):
    def write(self, result: Result) -> None: ...

    def flush(self) -> None: ...


def get_reporter(name: str, stream: TextIO, *, color: bool | None = None) -> Reporter:
    """The reporter for `name` (one of FORMATS), writing to `stream`."""
    if name not in FORMATS:
        raise ValueError(f"unknown output format {name!r}; choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{name}_format")
    reporter: Reporter = module.make(stream, color=color)
    return reporter
