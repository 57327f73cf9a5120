"""`storage.yaml` of the build-image ConfigMap: the data plane's object storage for the build task.

The build task mounts this key by name (`build_image_task.py` in Union's controlplane chart, a
ConfigMap volume item without `optional`), so a ConfigMap without it stops the build pod from
starting: it is always rendered, like the reference chart does. The shape is the current
reference `storage` helper (`templates/_storage.tpl`, stow format): the bucket as `container`,
`type: stow` with `stow: {kind: s3|google, config: {...}}` per provider (`compat`, `oci`, `aws`,
`gcs`), the user's own map for `custom`, then multi-container, limits and cache settings. Keys
the user left out have the reference chart's defaults (merged at load time from the schema).

It is built here as data and emitted by the same safe YAML writer as every other value, so a
bucket name or endpoint can never change the structure of the file (the reference writes most of
them unquoted). Template strings were evaluated at load time (`chartgen.values.templating`).

One deliberate difference: with `storage.credentialsSecretRef.name` the reference copies the
Secret's keys into the ConfigMap when it is installed (Helm `lookup`); chartgen never reads the
cluster and never copies secret material into a ConfigMap, so storage.yaml then has no keys
(IB411 says so).
"""

from __future__ import annotations

from typing import Any

from chartgen.findings import Finding, Severity
from chartgen.model import Storage
from chartgen.record import field, record
from chartgen.render import STORAGE_INCOMPLETE

GCS_SCOPES = "https://www.googleapis.com/auth/cloud-platform"


@record
class StorageConfig:
    document: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)


def _secret_keys_not_copied(storage: Storage) -> Finding:
    return Finding(
        STORAGE_INCOMPLETE.id,
        Severity.WARNING,
        f"storage.credentialsSecretRef.name {storage.credentialsSecretRef.name!r}: the reference "
        "chart copies that Secret's keys into storage.yaml when it is installed; chartgen does "
        "not copy secrets into a ConfigMap, so the build task gets no storage keys",
        "$.storage.credentialsSecretRef.name",
        "Give the build task's service account storage access through IAM (storage.authType: "
        "iam), or accept that builds cannot read the bucket with keys.",
    )


def _access_keys(storage: Storage, config: dict[str, Any], findings: list[Finding]) -> None:
    if storage.credentialsSecretRef.name:
        findings.append(_secret_keys_not_copied(storage))
        return
    config["access_key_id"] = storage.accessKey
    config["secret_key"] = storage.secretKey


def _provider_block(storage: Storage, findings: list[Finding]) -> dict[str, Any]:
    provider = storage.provider
    if provider in ("compat", "oci"):
        config: dict[str, Any] = {"auth_type": "accesskey"}
        _access_keys(storage, config, findings)
        config.update(
            {"disable_ssl": storage.disableSSL, "endpoint": storage.endpoint,
             "region": storage.region}
        )
        block: dict[str, Any] = {"type": "stow", "stow": {"kind": "s3", "config": config}}
        if storage.fastRegistrationURL:
            block["signedURL"] = {"stowConfigOverride": {"endpoint": storage.fastRegistrationURL}}
        return block
    if provider == "aws":
        config = {"auth_type": storage.authType, "region": storage.region}
        if storage.authType == "accesskey":
            _access_keys(storage, config, findings)
        return {"type": "stow", "stow": {"kind": "s3", "config": config}}
    if provider == "gcs":
        # The reference refuses to render without a project (IB230 refuses it earlier).
        config = {"json": "", "project_id": storage.gcp.projectId, "scopes": GCS_SCOPES}
        return {"type": "stow", "stow": {"kind": "google", "config": config}}
    # custom: the user's stow configuration directly under `storage:` (its keys are siblings of
    # `container`), keys sorted as Helm's toYaml sorts them; nothing when it is empty.
    if storage.credentialsSecretRef.name and storage.custom.get("type") == "stow":
        stow = storage.custom.get("stow")
        if isinstance(stow, dict) and stow.get("kind") == "s3":
            findings.append(_secret_keys_not_copied(storage))
    return dict(_sorted_maps(storage.custom))


def _sorted_maps(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_maps(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, list):
        return [_sorted_maps(item) for item in value]
    return value


def storage_config(storage: Storage) -> StorageConfig:
    """The `storage:` document of storage.yaml, in the reference chart's key order."""
    findings: list[Finding] = []
    body: dict[str, Any] = {}
    # A custom block may carry its own `container`; the reference then writes only that one.
    if not (storage.provider == "custom" and "container" in storage.custom):
        body["container"] = storage.bucketName
    body.update(_provider_block(storage, findings))
    body["enable-multicontainer"] = storage.enableMultiContainer
    body["limits"] = {"maxDownloadMBs": storage.limits.maxDownloadMBs}
    body["cache"] = {
        "max_size_mbs": storage.cache.maxSizeMBs,
        "target_gc_percent": storage.cache.targetGCPercent,
    }
    return StorageConfig({"storage": body}, findings)


def storage_yaml(storage: Storage) -> tuple[str, list[Finding]]:
    """storage.yaml's text (safe YAML, keys in the reference chart's order) and its findings."""
    from chartgen.render.yamltext import block

    config = storage_config(storage)
    return block(config.document, 0, sort_keys=False) + "\n", config.findings
