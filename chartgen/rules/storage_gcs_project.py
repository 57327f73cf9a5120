"""`storage.provider: gcs` without `storage.gcp.projectId`.

storage.yaml of the build-image ConfigMap names the Google Cloud project of the metadata bucket
(`stow.config.project_id`); the build task reads and writes the bucket through it. The reference
chart refuses to render without it ("GCP project required for GCS storage provider"), and so does
chartgen. Set `storage.gcp.projectId` to the project that owns the bucket.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext

ID = "IB230"
NAME = "storage-gcs-project"
SEVERITY = Severity.ERROR
MESSAGES = {
    "default": Message(
        "storage.provider is gcs but storage.gcp.projectId is empty; storage.yaml needs the "
        "bucket's project (the reference chart refuses to render)",
        "Set storage.gcp.projectId to the Google Cloud project that owns the bucket.",
    )
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    # The reference renders storage.yaml (and fails) only where it renders build-image-config.
    if not values.imageBuilder.enabled or not values.single_namespace:
        return
    if values.storage.provider != "gcs" or values.storage.gcp.projectId:
        return
    yield ctx.finding(ID, ("storage", "gcp", "projectId"), *MESSAGES["default"].format())
