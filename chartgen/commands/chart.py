"""`chartgen chart`: validate, then write (or, with `--check`, compare) the imagebuilder chart.

Values are validated by the same pipeline as `render`; invalid values give findings on stderr,
exit 1 and nothing written. The chart directory is written atomically and never over an
existing, non-empty directory without `--force`. `--check` writes nothing: it exits 0 when the
directory holds exactly the chart these values give, else 1 with a diff summary on stdout.
"""

from __future__ import annotations

import sys
from pathlib import Path

from chartgen.commands.common import (
    DEFAULT_FINDING_OPTIONS,
    FindingOptions,
    namespace_error,
    note,
    print_findings,
    rule_control,
    usage_error,
    write_output_dir,
)
from chartgen.findings import ExitCode, Finding, Location, Severity
from chartgen.values.loader import ValueSources


def run_chart(
    *,
    sources: object,
    output_dir: str,
    check: bool,
    force: bool,
    target_namespaces: list[str],
    strict: bool,
    finding_options: FindingOptions = DEFAULT_FINDING_OPTIONS,
) -> int:
    assert isinstance(sources, ValueSources)
    if check and force:
        return usage_error("--check writes nothing; it cannot be combined with --force")
    for target in target_namespaces:
        problem = namespace_error("--target-namespace", target)
        if problem:
            return usage_error(problem)
    control = rule_control(finding_options)
    if isinstance(control, int):
        return control

    from chartgen.validate import validate_sources

    validation = validate_sources(sources, control=control)
    report = validation.report
    loaded = validation.loaded
    if not validation.ok or loaded.data is None:
        print_findings(report, finding_options)
        code = report.exit_code(strict=strict)
        return int(code if code is not ExitCode.OK else ExitCode.FINDINGS)

    from chartgen.chart import CHART_OUT_OF_DATE, build_chart

    files = build_chart(loaded.data, loaded.templated, target_namespaces=target_namespaces)

    if check:
        from chartgen.chart.diff import compare_tree, summary

        diff = compare_tree(Path(output_dir), files)
        if not diff.current:
            sys.stdout.write(summary(diff, output_dir))
            report.add(
                Finding(
                    CHART_OUT_OF_DATE.id,
                    Severity.ERROR,
                    f"the chart in {output_dir} is out of date ({len(diff.added)} added, "
                    f"{len(diff.removed)} removed, {len(diff.changed)} changed)",
                    hint=f"Regenerate it: chartgen chart ... --output-dir {output_dir} --force",
                    location=Location(output_dir),
                )
            )
        print_findings(report, finding_options)
        return int(report.exit_code(strict=strict))

    print_findings(report, finding_options)
    code = report.exit_code(strict=strict)
    if code is not ExitCode.OK:
        return int(code)

    written = write_output_dir(output_dir, files, force=force)
    if written != ExitCode.OK:
        return written
    note(finding_options, f"wrote chart imagebuilder ({len(files)} files) to {output_dir}")
    return int(ExitCode.OK)
