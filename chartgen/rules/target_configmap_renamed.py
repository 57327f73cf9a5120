"""`targetConfigMapName` differs from `build-image-config`.

The build-image task reads its settings (buildkit URI, default repository, authentication
type) from a ConfigMap it finds by name; Union's side expects `build-image-config`. A different
name only works when Union support changes the task's configuration to match — otherwise builds
run without their settings. Keep the default unless that change is coordinated.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext

ID = "IB218"
NAME = "target-configmap-renamed"
SEVERITY = Severity.WARNING

DEFAULT_NAME = "build-image-config"
TARGET = ("imageBuilder", "targetConfigMapName")


def check(ctx: RuleContext) -> Iterator[Finding]:
    name = ctx.values.imageBuilder.targetConfigMapName
    if not ctx.values.imageBuilder.enabled or not ctx.is_set(TARGET) or name == DEFAULT_NAME:
        return
    yield ctx.finding(
        ID,
        TARGET,
        f'targetConfigMapName "{name}" is not {DEFAULT_NAME}, the ConfigMap the build-image '
        "task reads unless Union support reconfigures it",
        f"Keep {DEFAULT_NAME} unless the rename is coordinated with Union support.",
    )
