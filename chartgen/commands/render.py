"""`chartgen render`: validate, render, optionally check against the Kubernetes schemas, write.

Like `helm template`: objects go to stdout as one YAML stream (`-o yaml`) or a JSON `v1 List`
(`-o json`), or one file per object under `--output-dir`. Findings go to stderr. Invalid values
are never rendered; nothing is written when the run fails (and `--output-dir` is written
atomically, never over an existing directory without `--force`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from chartgen.findings import ExitCode, Finding, Report
from chartgen.values.loader import ValueSources

OUTPUT_FORMATS = ("yaml", "json")
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def _usage_error(message: str) -> int:
    sys.stderr.write(f"chartgen: error: {message}\n")
    return int(ExitCode.USAGE)


def _print_findings(findings: list[Finding]) -> None:
    if not findings:
        return
    from chartgen.report.text_format import format_finding, use_color

    color = use_color(sys.stderr, None)
    for finding in Report(findings).sorted():
        sys.stderr.write(format_finding(finding, color=color) + "\n")


def _namespace_error(flag: str, namespace: str) -> str | None:
    if len(namespace) > 63 or not _DNS_LABEL.match(namespace):
        return (
            f"{flag} {namespace!r} is not a valid namespace name (lower-case letters, digits "
            "and '-', at most 63 characters, starting and ending with a letter or digit)"
        )
    return None


def run_render(
    *,
    sources: object,
    output: str,
    output_dir: str | None,
    force: bool,
    release_name: str,
    namespace: str,
    kube_version: str | None,
    target_namespaces: list[str],
    validate_manifests: bool,
    strict: bool,
) -> int:
    assert isinstance(sources, ValueSources)
    if output not in OUTPUT_FORMATS:
        return _usage_error(f"unknown --output {output!r}; choose one of yaml, json")
    has_sets = any(
        (sources.set_values, sources.set_string, sources.set_json, sources.set_file,
         sources.set_literal)
    )
    if not sources.files and not has_sets:
        return _usage_error("no values given: pass values FILES, -f FILE, --set, or - for stdin")
    for flag, name in [("--namespace", namespace)] + [
        ("--target-namespace", target) for target in target_namespaces
    ]:
        problem = _namespace_error(flag, name)
        if problem:
            return _usage_error(problem)
    if not release_name or len(release_name) > 53 or not _DNS_LABEL.match(release_name):
        return _usage_error(
            f"--release-name {release_name!r} is not a valid release name (lower-case letters, "
            "digits and '-', at most 53 characters, as Helm requires)"
        )

    from chartgen.kube import parse_kube_version, resolve_kube_version

    try:
        version = parse_kube_version(kube_version) if kube_version else resolve_kube_version(None)
    except ValueError as exc:
        return _usage_error(str(exc))

    from chartgen.validate import validate_sources

    validation = validate_sources(sources)
    report = validation.report
    if not validation.ok or validation.values is None:
        _print_findings(report.findings)
        code = report.exit_code(strict=strict)
        # Values that cannot be rendered are never "OK", whatever the findings' severities.
        return int(code if code is not ExitCode.OK else ExitCode.FINDINGS)

    from chartgen.render import RenderOptions, dump_json, dump_yaml, output_files, render_objects

    options = RenderOptions(
        release_name=release_name,
        namespace=namespace,
        kube_version=version,
        target_namespaces=list(target_namespaces),
    )
    rendered = render_objects(validation.values, options)
    report.extend(rendered.findings)
    if validate_manifests:
        if rendered.objects:
            from chartgen.conform import validate_objects

            report.extend(validate_objects(rendered.objects, version))
        else:
            # Nothing to check (imageBuilder.enabled false, say); the values were still
            # validated, so this is a note, not an environment failure.
            from chartgen.checks import NO_MANIFESTS
            from chartgen.findings import Finding, Location, Severity

            report.add(
                Finding(
                    NO_MANIFESTS.id,
                    Severity.INFO,
                    "no manifests to validate: these values render no Kubernetes objects",
                    location=Location("<rendered>"),
                )
            )

    _print_findings(report.findings)
    code = report.exit_code(strict=strict)
    if code is not ExitCode.OK:
        return int(code)

    if output_dir is not None:
        from chartgen.output import OutputExists, write_tree_atomic

        files = output_files(rendered, output)
        try:
            write_tree_atomic(Path(output_dir), files, force=force)
        except OutputExists as exc:
            sys.stderr.write(f"chartgen: error: {exc}\n")
            return int(ExitCode.FINDINGS)
        except OSError as exc:
            sys.stderr.write(f"chartgen: error: cannot write {output_dir}: {exc.strerror or exc}\n")
            return int(ExitCode.ENVIRONMENT)
        count = len(files)
        sys.stderr.write(f"wrote {count} object{'s' * (count != 1)} to {output_dir}\n")
        return int(ExitCode.OK)

    sys.stdout.write(dump_json(rendered) if output == "json" else dump_yaml(rendered))
    sys.stdout.flush()
    return int(ExitCode.OK)
