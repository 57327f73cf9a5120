"""`chartgen render`: validate, render, optionally check against the Kubernetes schemas, write.

Like `helm template`: objects go to stdout as one YAML stream (`-o yaml`) or a JSON `v1 List`
(`-o json`), or one file per object under `--output-dir`. Findings go to stderr. Invalid values
are never rendered; nothing is written when the run fails (and `--output-dir` is written
atomically, never over an existing directory without `--force`).
"""

from __future__ import annotations

import sys

from chartgen.commands.common import (
    DEFAULT_FINDING_OPTIONS,
    FindingOptions,
    note,
    print_findings,
    rendering_setup,
    usage_error,
    write_output_dir,
)
from chartgen.findings import ExitCode
from chartgen.values.loader import ValueSources

OUTPUT_FORMATS = ("yaml", "json")


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
    finding_options: FindingOptions = DEFAULT_FINDING_OPTIONS,
) -> int:
    assert isinstance(sources, ValueSources)
    if output not in OUTPUT_FORMATS:
        return usage_error(f"unknown --output {output!r}; choose one of yaml, json")
    has_sets = bool(sources.set_expressions())
    if not sources.files and not has_sets:
        return usage_error("no values given: pass values FILES, -f FILE, --set, or - for stdin")
    setup = rendering_setup(namespace, release_name, target_namespaces, kube_version,
                            finding_options)
    if isinstance(setup, int):
        return setup
    version, control = setup

    from chartgen.validate import validate_sources

    validation = validate_sources(sources, kube_version=str(version), control=control)
    report = validation.report
    if not validation.ok or validation.values is None:
        print_findings(report, finding_options)
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
        from chartgen.commands.common import manifest_findings

        report.extend(manifest_findings(rendered, version, validation.loaded.provenance))

    print_findings(report, finding_options)
    code = report.exit_code(strict=strict)
    if code is not ExitCode.OK:
        return int(code)

    if output_dir is not None:
        files = output_files(rendered, output)
        written = write_output_dir(output_dir, files, force=force)
        if written != ExitCode.OK:
            return written
        count = len(files)
        note(finding_options, f"wrote {count} object{'s' * (count != 1)} to {output_dir}")
        return int(ExitCode.OK)

    sys.stdout.write(dump_json(rendered) if output == "json" else dump_yaml(rendered))
    sys.stdout.flush()
    return int(ExitCode.OK)
