"""`chartgen validate`: one merged set of values, or every file on its own (`--each`)."""

from __future__ import annotations

import sys
from contextlib import closing
from typing import TYPE_CHECKING

from chartgen.commands.common import (
    DEFAULT_FINDING_OPTIONS,
    FindingOptions,
    manifest_findings,
    release_error,
    rule_control,
    usage_error,
)
from chartgen.findings import ExitCode, Finding, Report
from chartgen.record import replace
from chartgen.report import FORMATS, Result, get_reporter
from chartgen.values.loader import STDIN_NAME, ValueSources

if TYPE_CHECKING:
    from chartgen.rule_control import RuleControl
    from chartgen.values.provenance import Provenance


def worst(codes: list[ExitCode]) -> ExitCode:
    """Environment failures outrank usage errors, which outrank findings."""
    order = [ExitCode.ENVIRONMENT, ExitCode.USAGE, ExitCode.FINDINGS, ExitCode.OK]
    for code in order:
        if code in codes:
            return code
    return ExitCode.ENVIRONMENT


def run_validate(
    *,
    files: list[str],
    base_files: list[str],
    sources: object,
    output: str,
    strict: bool,
    each: bool,
    validate_manifests: bool,
    release_name: str,
    namespace: str,
    kube_version: str | None,
    finding_options: FindingOptions = DEFAULT_FINDING_OPTIONS,
    jobs: str | None = None,
) -> int:
    assert isinstance(sources, ValueSources)
    if output not in FORMATS:
        return usage_error(f"unknown --output {output!r}; choose one of {', '.join(FORMATS)}")
    processes = job_count(jobs)
    if processes is None:
        return usage_error(f"--jobs takes a number of processes or auto, not {jobs!r}")
    if each and not files:
        return usage_error("--each needs at least one FILE to validate")
    has_sets = bool(sources.set_expressions())
    if not files and not base_files and not has_sets:
        return usage_error("no values given: pass values FILES, -f FILE, --set, or - for stdin")
    # The same names render accepts: what validate passes, render renders.
    problem = release_error(namespace, release_name)
    if problem:
        return usage_error(problem)
    if kube_version is not None:
        from chartgen.kube import parse_kube_version

        try:
            parse_kube_version(kube_version)
        except ValueError as exc:
            return usage_error(str(exc))
    control = rule_control(finding_options)
    if isinstance(control, int):
        return control

    if each:
        subjects = [(name, replace(sources, files=[*base_files, name])) for name in files]
    else:
        merged = replace(sources, files=[*files, *base_files])
        subjects = [(", ".join(merged.files) or "--set values", merged)]

    def validate_subject(subject: tuple[str, ValueSources]) -> Report:
        return validate_one(
            subject[1],
            validate_manifests=validate_manifests,
            release_name=release_name,
            namespace=namespace,
            kube_version=kube_version,
            control=control,
        )

    def independent() -> bool:
        """Whether the files after the first may be validated apart (`--jobs`), once the first
        has been: the rule control takes the inline comments of every file it reads, and what
        it does with a file read again depends on what it took before. So a -f base file (read
        by every subject) that holds such comments, or a file named twice, ties the subjects
        together: then they are validated in order, by one process."""
        load_validation()
        if len(set(files)) < len(files):
            return False  # a file named twice (its second reading is not read yet)
        shared = {STDIN_NAME if name == "-" else name for name in base_files}
        return not control.learned_from(shared)

    from chartgen.parallel import ordered_map

    reporter = get_reporter(output, sys.stdout, options=finding_options.report)
    codes: list[ExitCode] = []
    # Closed on the way out whatever happens (a closed pipe, Ctrl-C): that stops the workers.
    in_order = ordered_map(validate_subject, subjects, processes, prepare=independent)
    with closing(in_order) as reports:
        for (subject, _), report in zip(subjects, reports, strict=True):
            result = Result(subject, report, strict)
            reporter.write(result)
            codes.append(report.exit_code(strict=strict))
    reporter.flush()
    return int(worst(codes))


def job_count(jobs: str | None) -> int | None:
    """The processes `--jobs` asks for (`auto`, the default: one per usable CPU); None when
    it is neither a positive number nor `auto`."""
    from chartgen.parallel import usable_cpus

    text = "auto" if jobs is None else jobs.strip()
    if text == "auto":
        return usable_cpus()
    # ASCII digits only, and few of them: int() refuses thousands of digits.
    if not text.isascii() or not text.isdigit() or len(text) > 9 or int(text) < 1:
        return None
    return int(text)


def load_validation() -> None:
    """Import what validating a valid file imports (the generated validator, the typed model,
    every rule), so that the workers of `--jobs` share it instead of each importing it."""
    import chartgen.generated.values_validator
    import chartgen.model  # noqa: F401
    from chartgen.rules import rule_modules

    rule_modules()


def validate_one(
    sources: ValueSources,
    *,
    validate_manifests: bool,
    release_name: str,
    namespace: str,
    kube_version: str | None,
    control: RuleControl | None = None,
) -> Report:
    from chartgen.validate import validate_sources

    validation = validate_sources(sources, kube_version=kube_version, control=control)
    report = validation.report
    if validate_manifests and validation.ok and validation.values is not None:
        report.extend(
            check_rendered(
                validation.values,
                release_name=release_name,
                namespace=namespace,
                kube_version=kube_version,
                provenance=validation.loaded.provenance,
            )
        )
    return report


def check_rendered(
    values: object,
    *,
    release_name: str,
    namespace: str,
    kube_version: str | None,
    provenance: Provenance | None = None,
) -> list[Finding]:
    """Render the objects and validate them against the Kubernetes schemas."""
    from chartgen.kube import resolve_kube_version
    from chartgen.render import RenderOptions, render_objects

    version = resolve_kube_version(kube_version)
    options = RenderOptions(release_name=release_name, namespace=namespace, kube_version=version)
    rendered = render_objects(values, options)  # type: ignore[arg-type]
    return [*rendered.findings, *manifest_findings(rendered, version, provenance)]
