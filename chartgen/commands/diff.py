"""`chartgen diff`: two value sets, or one value set against what is deployed.

The old side is the values given as for `render` (FILES, `-f`, `--set`...); the new side is
`--to FILE` with its own `--to-set`, `--to-set-string`, `--to-set-json`, `--to-set-file` and
`--to-set-literal` (without `--to`, the old side's files and flags plus the `--to-set*` flags).
With `--deployed`, the deployed objects are the old side and the values the new one.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from chartgen.commands.common import (
    DEFAULT_FINDING_OPTIONS,
    FindingOptions,
    rendering_setup,
    usage_error,
)
from chartgen.findings import ExitCode, Finding, Location, Report, Severity
from chartgen.record import replace
from chartgen.values.loader import ValueSources

if TYPE_CHECKING:
    from chartgen.diff.compare import ObjectKey, SideObject
    from chartgen.diff.report import DiffResult

OUTPUT_FORMATS = ("text", "json", "github", "sarif", "junit")

# Deployed objects that belong to the Image Builder although no rendered object has their name
# (objects a value change would remove): chartgen's and the reference chart's selector label.
IMAGE_BUILDER_LABEL = ("app.kubernetes.io/name", "imagebuilder-buildkit")


def run_diff(
    *,
    old_sources: object,
    new_sources: object | None,
    deployed: list[str],
    output: str,
    release_name: str,
    namespace: str,
    kube_version: str | None,
    target_namespaces: list[str],
    context: int,
    finding_options: FindingOptions = DEFAULT_FINDING_OPTIONS,
) -> int:
    assert isinstance(old_sources, ValueSources)
    assert new_sources is None or isinstance(new_sources, ValueSources)
    if output not in OUTPUT_FORMATS:
        choices = ", ".join(OUTPUT_FORMATS)
        return usage_error(f"unknown --output {output!r}; choose one of {choices}")
    if context < 0:
        return usage_error("--context must be 0 or more lines")
    if deployed and new_sources is not None:
        return usage_error("--deployed compares the values with what is deployed; --to and "
                           "--to-set* describe a second value set: give one or the other")
    if not deployed and new_sources is None:
        return usage_error("nothing to compare with: give --to FILE (or --to-set...) for a "
                           "second value set, or --deployed FILE for what is deployed")
    if not old_sources.files and not old_sources.set_expressions():
        return usage_error("no values given: pass values FILES, -f FILE, --set, or - for stdin")
    stdin_users = old_sources.files.count("-") + deployed.count("-") + (
        new_sources.files.count("-") if new_sources is not None else 0)
    if stdin_users > 1:
        return usage_error("standard input (-) can feed only one input; pass the "
                           "others as files")
    setup = rendering_setup(namespace, release_name, target_namespaces, kube_version,
                            finding_options)
    if isinstance(setup, int):
        return setup
    version, control = setup

    from chartgen.diff.compare import SideObject, compare, object_key
    from chartgen.diff.impacts import ImpactContext, impacts
    from chartgen.diff.report import DiffResult, Side
    from chartgen.render import RenderOptions, render_objects
    from chartgen.validate import Validation, validate_sources

    options = RenderOptions(release_name=release_name, namespace=namespace,
                            kube_version=version, target_namespaces=list(target_namespaces))

    def rendered_side(sources: ValueSources) -> tuple[Validation, list[SideObject] | None]:
        validation = validate_sources(sources, kube_version=str(version), control=control)
        if not validation.ok or validation.values is None:
            return validation, None
        rendered = render_objects(validation.values, options)
        validation.report.extend(rendered.findings)
        objects = []
        for document in rendered:
            key = object_key(document.object, namespace)
            objects.append(SideObject(key, document.object, Location(f"<rendered {key.slug}>")))
        return validation, objects

    # Every finding shown, under the user's rule control (the sides' reports apply it too).
    findings = Report(control=control)
    values_validation, values_objects = rendered_side(old_sources)
    ignored = 0
    old_objects: list[SideObject] | None
    new_objects: list[SideObject] | None
    if deployed:
        old = Side("deployed", "deployed", list(deployed))
        new = Side("values", "values", old_sources.describe())
        findings.merge(values_validation.report)
        old_objects, input_findings = _deployed_side(deployed, namespace)
        findings.extend(input_findings)
        new_objects = values_objects
        new_validation, old_validation = values_validation, None
    else:
        assert new_sources is not None
        old = Side("values", "old", old_sources.describe())
        new = Side("values", "new", new_sources.describe())
        new_validation, new_objects = rendered_side(new_sources)
        # The new side's warnings are about what is proposed; the old side's would repeat
        # what is already in place, so only its errors (which stop the comparison) are shown.
        findings.findings.extend(values_validation.report.errors)
        findings.merge(new_validation.report)
        old_objects, old_validation = values_objects, values_validation

    if old_objects is None or new_objects is None or findings.has_errors() \
            or any(f.environment or f.usage for f in findings.findings):
        result = DiffResult(old, new, None, findings.findings, suppressed=findings.suppressed)
        _write(result, output, finding_options)
        code = findings.exit_code()
        return int(code if code is not ExitCode.OK else ExitCode.FINDINGS)

    if deployed:
        old_objects, ignored = _in_scope(old_objects, {item.key for item in new_objects})
        if not old_objects:
            from chartgen.diff import NOTHING_DEPLOYED

            findings.add(Finding(
                NOTHING_DEPLOYED.id, Severity.INFO,
                "the deployed objects hold no Image Builder object: every rendered object is "
                "added",
                hint=f"Check -n/--namespace ({namespace}) and the release of the kubectl or helm "
                "command that produced them.",
                location=Location(deployed[0] if deployed[0] != "-" else "<stdin>"),
            ))

    comparison = compare(old_objects, new_objects, old_label=old.label, new_label=new.label,
                         context=context)
    findings.extend(impacts(ImpactContext(comparison, new_validation, old_validation)))
    result = DiffResult(old, new, comparison, findings.findings, ignored,
                        suppressed=findings.suppressed)
    _write(result, output, finding_options)
    return int(ExitCode.FINDINGS if result.changed or findings.has_errors() else ExitCode.OK)


def new_side_sources(
    old: ValueSources,
    to_files: list[str],
    to_set: list[str],
    to_set_string: list[str],
    to_set_json: list[str],
    to_set_file: list[str],
    to_set_literal: list[str],
) -> ValueSources | None:
    """The second value set: `--to` files and the `--to-set*` flags; without `--to`, the old
    side's files and flags with the `--to-set*` flags after them. None when nothing of it was
    given."""
    flags = (to_set, to_set_string, to_set_json, to_set_file, to_set_literal)
    if not to_files and not any(flags):
        return None
    if to_files:
        return ValueSources(files=list(to_files), set_values=list(to_set),
                            set_string=list(to_set_string), set_json=list(to_set_json),
                            set_file=list(to_set_file), set_literal=list(to_set_literal))
    return replace(
        old,
        set_values=[*old.set_values, *to_set],
        set_string=[*old.set_string, *to_set_string],
        set_json=[*old.set_json, *to_set_json],
        set_file=[*old.set_file, *to_set_file],
        set_literal=[*old.set_literal, *to_set_literal],
    )


def _deployed_side(names: list[str], namespace: str,
                   ) -> tuple[list[SideObject], list[Finding]]:
    from chartgen.diff import DEPLOYED_INPUT
    from chartgen.diff.compare import SideObject, object_key
    from chartgen.kube_input import read_inputs

    read = read_inputs(names, input_rule=DEPLOYED_INPUT.id, what="deployed objects")
    findings = list(read.findings)
    for other in read.others:
        findings.append(Finding(
            DEPLOYED_INPUT.id, Severity.ERROR,
            "not a Kubernetes object or List",
            hint="Pass `helm get manifest RELEASE` or `kubectl get ... -o yaml|json` output.",
            location=other.location,
        ))
    objects: dict[ObjectKey, SideObject] = {}
    for item in read.objects:
        key = object_key(item.data, namespace)
        if key in objects:
            findings.append(Finding(
                DEPLOYED_INPUT.id, Severity.ERROR,
                f"{key} appears twice (first at {objects[key].location})",
                hint="Pass each object once: one helm or kubectl output per release.",
                location=item.location,
            ))
            continue
        objects[key] = SideObject(key, item.data, item.location)
    return list(objects.values()), findings


def _in_scope(objects: list[SideObject], rendered: set[ObjectKey],
              ) -> tuple[list[SideObject], int]:
    """The deployed objects that belong to the Image Builder: those the values render, those
    carrying its selector label, and build-image ConfigMaps (they hold `buildkit-uri`)."""
    kept = []
    for item in objects:
        labels = (item.data.get("metadata") or {}).get("labels") or {}
        data = item.data.get("data") if item.key.kind == "ConfigMap" else None
        if (item.key in rendered
                or (isinstance(labels, dict)
                    and labels.get(IMAGE_BUILDER_LABEL[0]) == IMAGE_BUILDER_LABEL[1])
                or (isinstance(data, dict) and "buildkit-uri" in data)):
            kept.append(item)
    return kept, len(objects) - len(kept)


def _write(result: DiffResult, output: str, options: FindingOptions) -> None:
    from chartgen.diff.report import write_json, write_text

    if output == "text":
        from chartgen.report.text_format import use_color

        write_text(result, sys.stdout, color=use_color(sys.stdout, None), options=options.report)
        return
    if output == "json":
        write_json(result, sys.stdout)
        return
    from chartgen.report import Result, get_reporter

    subject = f"diff {' '.join(result.old.sources)} -> {' '.join(result.new.sources)}"
    report = Report(list(result.findings), [*result.old.sources, *result.new.sources],
                    suppressed=list(result.suppressed))
    reporter = get_reporter(output, sys.stdout, options=options.report)
    reporter.write(Result(subject, report))
    reporter.flush()
    if not options.quiet:
        sys.stderr.write(result.summary() + "\n")
