"""What every command body shares: usage errors, findings on stderr, name checks, and
`--validate-manifests` of what a render produced."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from chartgen.findings import ExitCode, Finding, FindingKind, Location, Report, Severity

if TYPE_CHECKING:
    from chartgen.kube import KubeVersion

NO_MANIFESTS = FindingKind(
    "IB400",
    "no-manifests",
    Severity.INFO,
    """The values render no Kubernetes objects, so --validate-manifests had nothing to check.

Expected with `imageBuilder.enabled: false` or with an external buildkitd in multi-namespace
mode. The values themselves were still validated.""",
)

KINDS: tuple[FindingKind, ...] = (NO_MANIFESTS,)


def manifest_findings(objects: list[dict[str, Any]], version: KubeVersion) -> list[Finding]:
    """`--validate-manifests` after a render (validate and render alike): the objects'
    findings, or a note when the values render no object at all (the values themselves were
    validated, so this is not the environment failure that checking nothing would be)."""
    if not objects:
        return [
            Finding(
                NO_MANIFESTS.id,
                NO_MANIFESTS.severity,
                "no manifests to validate: these values render no Kubernetes objects",
                location=Location("<rendered>"),
            )
        ]
    from chartgen.conform import validate_objects

    return validate_objects(objects, version)


def write_output_dir(output_dir: str, files: Mapping[str, str | bytes], *, force: bool) -> int:
    """Write `files` into `output_dir` (chartgen/output.py says how); the exit code.

    A directory chartgen may not write into is a usage error (exit 2): the command line asked
    for it. A file system failure is the environment's (exit 3); nothing is changed then.
    """
    from pathlib import Path  # (only writing commands need it)

    from chartgen.output import OutputRefused, UnsafeOutputName, write_tree_atomic

    try:
        write_tree_atomic(Path(output_dir), files, force=force)
    except OutputRefused as exc:
        return usage_error(str(exc))
    except UnsafeOutputName as exc:
        sys.stderr.write(f"chartgen: error: {exc}\n")
        return int(ExitCode.ENVIRONMENT)
    except OSError as exc:
        where = exc.filename or output_dir
        sys.stderr.write(f"chartgen: error: cannot write {where}: {exc.strerror or exc}\n")
        return int(ExitCode.ENVIRONMENT)
    return int(ExitCode.OK)


def usage_error(message: str) -> int:
    """Report a malformed command line (exit code 2)."""
    sys.stderr.write(f"chartgen: error: {message}\n")
    return int(ExitCode.USAGE)


def print_findings(findings: list[Finding]) -> None:
    """Findings on stderr in the text format, sorted and without duplicates."""
    if not findings:
        return
    from chartgen.report.text_format import format_finding, use_color

    color = use_color(sys.stderr, None)
    for finding in Report(findings).sorted():
        sys.stderr.write(format_finding(finding, color=color) + "\n")


def namespace_error(flag: str, namespace: str) -> str | None:
    """Why `namespace` cannot be a Kubernetes namespace name, or None."""
    from chartgen.names import DNS1123_LABEL, problem

    found = problem(DNS1123_LABEL, namespace)
    if found:
        return f"{flag} {namespace!r} is not a valid namespace name: {found}"
    return None


# Helm refuses longer release names: its objects append suffixes to them.
MAX_RELEASE_NAME = 53


def release_name_error(release_name: str) -> str | None:
    """Why `release_name` cannot be a Helm release name, or None."""
    from chartgen.names import DNS1123_LABEL, problem

    found = problem(DNS1123_LABEL, release_name)
    if found is None and len(release_name) > MAX_RELEASE_NAME:
        found = f"it is {len(release_name)} characters long; Helm allows {MAX_RELEASE_NAME}"
    if found:
        return (
            f"--release-name: {found} (a release name is at most {MAX_RELEASE_NAME} lower-case "
            "letters, digits and '-', as Helm requires)"
        )
    return None
