"""`storage.yaml` of the build-image ConfigMap: the data plane's object storage for the task.

The shape is the reference chart's `storage` helper (`templates/_storage.tpl`): the bucket as
`container`, a provider-specific block (stow/s3 for `compat` and `oci`, s3 `connection` for
`aws`, stow/google for `gcs`, the user's own map for `custom`), then multi-container, limits and
cache settings. It is built here as data and emitted by the same safe YAML writer as every other
value, so a bucket name or endpoint can never change the structure of the file.

The reference chart fills keys the user did not set from its own `values.yaml`; chartgen sees only
the user's `storage` section, so it applies the same defaults here (`STORAGE_DEFAULTS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chartgen.findings import Finding, Severity
from chartgen.model import Storage
from chartgen.render import RULE_STORAGE_INCOMPLETE

# The reference chart's `storage:` defaults (charts/dataplane/values.yaml), used for keys the
# user's storage section leaves out: a user moving from the reference chart had exactly these.
STORAGE_DEFAULTS: dict[str, Any] = {
    "provider": "compat",
    "region": "us-east-1",
    "authType": "accesskey",
    "disableSSL": False,
    "enableMultiContainer": False,
    "maxDownloadMBs": 1024,
    "cacheMaxSizeMBs": 0,
    "cacheTargetGCPercent": 70,
}

GCS_SCOPES = "https://www.googleapis.com/auth/cloud-platform"



@dataclass
class StorageConfig:
    document: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)


def _text(value: str | None, default: str = "") -> str:
    return default if value is None else value


def _provider_block(storage: Storage, findings: list[Finding]) -> dict[str, Any]:
    provider = storage.provider or STORAGE_DEFAULTS["provider"]
    region = _text(storage.region, STORAGE_DEFAULTS["region"])
    if provider in ("compat", "oci"):
        block: dict[str, Any] = {
            "type": "stow",
            "stow": {
                "kind": "s3",
                "config": {
                    "auth_type": "accesskey",
                    "access_key_id": _text(storage.accessKey),
                    "secret_key": _text(storage.secretKey),
                    "disable_ssl": (
                        STORAGE_DEFAULTS["disableSSL"]
                        if storage.disableSSL is None
                        else storage.disableSSL
                    ),
                    "endpoint": _text(storage.endpoint),
                    "region": region,
                },
            },
        }
        signed_url = (storage.model_extra or {}).get("fastRegistrationURL")
        if isinstance(signed_url, str) and signed_url:
            block["signedURL"] = {"stowConfigOverride": {"endpoint": signed_url}}
        return block
    if provider == "aws":
        auth_type = storage.authType or STORAGE_DEFAULTS["authType"]
        has_secret = bool(storage.credentialsSecretRef and storage.credentialsSecretRef.name)
        if storage.authType is None and not (storage.accessKey or has_secret):
            findings.append(
                Finding(
                    RULE_STORAGE_INCOMPLETE,
                    Severity.WARNING,
                    "storage.authType is not set, so storage.yaml uses the reference chart's "
                    "default, accesskey, but no access key is configured",
                    "$.storage.authType",
                    "Set storage.authType: iam (IAM roles for service accounts), or accesskey "
                    "with storage.credentialsSecretRef.name.",
                )
            )
        connection: dict[str, Any] = {"auth-type": auth_type, "region": region}
        if auth_type == "accesskey":
            connection["access-key"] = _text(storage.accessKey)
            connection["secret-key"] = _text(storage.secretKey)
        return {"type": "s3", "connection": connection}
    if provider == "gcs":
        project = storage.gcp.projectId if storage.gcp else None
        if not project:
            findings.append(
                Finding(
                    RULE_STORAGE_INCOMPLETE,
                    Severity.WARNING,
                    "storage.provider is gcs but storage.gcp.projectId is not set; storage.yaml "
                    "gets an empty project_id (the reference chart refuses to render)",
                    "$.storage.gcp.projectId",
                    "Set storage.gcp.projectId to the project that owns the bucket.",
                )
            )
        return {
            "type": "stow",
            "stow": {
                "kind": "google",
                "config": {"json": "", "project_id": project or "", "scopes": GCS_SCOPES},
            },
        }
    # custom: the user's stow configuration, placed directly under `storage:` as the reference
    # chart does (its keys are siblings of `container`), keys sorted as Helm's toYaml sorts them.
    custom: dict[str, Any] = _sorted_maps(storage.custom or {})
    return custom


def _sorted_maps(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_maps(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, list):
        return [_sorted_maps(item) for item in value]
    return value


def storage_config(storage: Storage) -> StorageConfig:
    """The `storage:` document of storage.yaml, in the reference chart's key order."""
    findings: list[Finding] = []
    limits = storage.limits.maxDownloadMBs if storage.limits else None
    cache_size = storage.cache.maxSizeMBs if storage.cache else None
    cache_gc = storage.cache.targetGCPercent if storage.cache else None
    body: dict[str, Any] = {"container": _text(storage.bucketName)}
    body.update(_provider_block(storage, findings))
    body["enable-multicontainer"] = (
        STORAGE_DEFAULTS["enableMultiContainer"]
        if storage.enableMultiContainer is None
        else storage.enableMultiContainer
    )
    body["limits"] = {
        "maxDownloadMBs": STORAGE_DEFAULTS["maxDownloadMBs"] if limits is None else limits
    }
    body["cache"] = {
        "max_size_mbs": STORAGE_DEFAULTS["cacheMaxSizeMBs"] if cache_size is None else cache_size,
        "target_gc_percent": (
            STORAGE_DEFAULTS["cacheTargetGCPercent"] if cache_gc is None else cache_gc
        ),
    }
    return StorageConfig({"storage": body}, findings)


def storage_yaml(storage: Storage) -> tuple[str, list[Finding]]:
    """storage.yaml's text (safe YAML, keys in the reference chart's order) and its findings."""
    from chartgen.render.yamltext import block

    config = storage_config(storage)
    return block(config.document, 0, sort_keys=False) + "\n", config.findings
