"""`templates/_chartgen_data.tpl`: the data the chart's Go templates read, written from Python.

The Go templates (`templates/*.gotmpl`) are the twins of chartgen's logic — they must be, for
the chart to stay values-driven — but the facts they work with are chartgen's: default names,
labels and annotations, the reference chart's defaults for keys outside the contract, which
cloud's registry the default repository is derived for and how (the repository templates, the
AWS partitions' domains), what the refused combinations say (the rules' `MESSAGES`), the text
of buildkitd.toml around the values it depends on, the NetworkPolicy's DNS peers per platform
and the metadata endpoints it excepts, the YAML words and escapes of the quoting routine, and
the values passed through `tpl`. Each is one `define` holding JSON (`include ... | fromJson`),
written by `chartgen chart`, so a change in Python reaches the chart with no Go edit.

Text that the Go side fills in (a message, a repository, buildkitd.toml) is a list of literal
strings and `[FIELD]` or `[FIELD, "r"]` parts (`imagebuilder.fill`): filled in one pass, so a
value can never be read as another field, and `r` quotes a value as Python's `!r` does for the
names it is used on.
"""

from __future__ import annotations

import json
import string
from typing import Any

Parts = list[str | list[str]]

# Stands for the release name in the label sets (`imagebuilder.labels` puts it in).
RELEASE = "@@release@@"


def format_parts(template: str) -> Parts:
    """A `str.format` template as literal and [FIELD] / [FIELD, CONVERSION] parts."""
    parts: Parts = []
    for literal, field, spec, conversion in string.Formatter().parse(template):
        if literal:
            parts.append(literal)
        if field is not None:
            if spec:
                raise ValueError(f"format specs are not written for the chart: {template!r}")
            parts.append([field, conversion] if conversion else [field])
    return parts


def constants() -> dict[str, Any]:
    """Names, labels, annotations and the reference chart's defaults the templates use."""
    from chartgen import model
    from chartgen.buildkit import ROOTLESS_UID
    from chartgen.buildkit.buildkitd_toml import TLS_FILES, TLS_MOUNT_PATH
    from chartgen.clouds import aws, private
    from chartgen.network_policy import NAMESPACE_NAME_LABEL
    from chartgen.render import context
    from chartgen.render.storage import GCS_SCOPES
    from chartgen.rules import exposed_without_tls

    storage = model.Storage()
    return {
        "fullname": model.DEFAULT_FULLNAME,
        "serviceAccount": model.DEFAULT_SERVICE_ACCOUNT,
        "commonServiceAccount": model.DEFAULT_COMMON_SERVICE_ACCOUNT,
        # Label sets; a value equal to `release` stands for the release name.
        "release": RELEASE,
        "labels": context.labels(RELEASE),
        "selector": context.selector_labels(RELEASE),
        "podLabels": context.pod_labels(RELEASE),
        "operatorLabels": context.operator_labels(RELEASE),
        "namespaceNameLabel": NAMESPACE_NAME_LABEL,
        "flyteNamespaceLabel": [model.FLYTE_NAMESPACE_LABEL, model.FLYTE_NAMESPACE_VALUE],
        "podEnv": list(context.POD_ENV),
        "gcsScopes": GCS_SCOPES,
        "rootlessUid": ROOTLESS_UID,
        "containerPort": context.CONTAINER_PORT,
        "tlsMountPath": TLS_MOUNT_PATH,
        "tlsFiles": list(TLS_FILES),
        "apparmorAnnotation": context.APPARMOR_ANNOTATION,
        "requiredSccAnnotation": context.REQUIRED_SCC_ANNOTATION,
        "checksumAnnotation": context.CONFIG_CHECKSUM_ANNOTATION,
        # What the refused combinations test (the rules' own facts).
        "awsAccountId": f"^(?:{aws.ACCOUNT_ID.pattern})$",
        "basicAuthentication": private.BASIC,
        "exposedServiceTypes": list(exposed_without_tls.EXPOSED),
        # The reference chart's values.yaml, for the keys outside the contract chartgen reads.
        "defaults": {
            "lowPrivilege": model.Values().low_privilege,
            "namespacesEnabled": model.Namespaces().enabled,
            "commonServiceAccountEnabled": model.CommonServiceAccount().enabled,
            "storage": {
                "provider": storage.provider,
                "region": storage.region,
                "authType": storage.authType,
                "disableSSL": storage.disableSSL,
                "enableMultiContainer": storage.enableMultiContainer,
                "maxDownloadMBs": storage.limits.maxDownloadMBs,
                "cacheMaxSizeMBs": storage.cache.maxSizeMBs,
                "cacheTargetGCPercent": storage.cache.targetGCPercent,
            },
        },
    }


def registry() -> dict[str, Any]:
    """How the default repository is derived: each cloud in the reference chart's order of
    choosing, with the values that choose it, the inputs it needs and its template; and the
    AWS partitions (a region's domain: `DOMAIN`)."""
    from chartgen.clouds import CLOUDS, aws
    from chartgen.clouds.base import template_parts

    return {
        "clouds": [
            {
                "name": cloud.NAME,
                "storageProviders": list(cloud.STORAGE_PROVIDERS),
                "topLevelProviders": list(cloud.TOP_LEVEL_PROVIDERS),
                "inputs": [placeholder for placeholder, _ in cloud.REPOSITORY.inputs],
                "template": [
                    list(part) if isinstance(part, tuple) else part
                    for part in template_parts(cloud.REPOSITORY.template)
                ],
            }
            for cloud in CLOUDS
        ],
        # Go's regexp has no fullmatch: anchored here (`$` is the end of the text in RE2).
        "partitions": [
            {"region": f"^(?:{p.region.pattern})$", "domain": p.registry_domain}
            for p in aws.AWS_PARTITIONS
        ],
        "defaultDomain": aws.DEFAULT_PARTITION.registry_domain,
    }


def fail_messages() -> dict[str, Any]:
    """What each rule the chart checks says, by case (`imagebuilder.fail`)."""
    from chartgen.chart import FAIL_RULES
    from chartgen.rules import get_rule

    out: dict[str, Any] = {}
    for rule_id in FAIL_RULES:
        kind = get_rule(rule_id).kind
        if not kind.messages:
            raise ValueError(f"{rule_id} declares no MESSAGES for the chart")
        out[rule_id] = {
            "name": kind.name,
            "cases": {
                case: {"text": format_parts(message.text), "fix": format_parts(message.fix)}
                for case, message in kind.messages.items()
            },
        }
    return out


def buildkitd_toml() -> dict[str, Any]:
    """buildkitd.toml around the values it depends on (`buildkitd_toml.chart_template`)."""
    from chartgen.buildkit.buildkitd_toml import chart_template

    def parts(tls: bool) -> Parts:
        return [list(part) if isinstance(part, tuple) else part for part in chart_template(tls)]

    return {"plain": parts(False), "tls": parts(True)}


def network_policy() -> dict[str, Any]:
    from chartgen import network_policy as policy

    def dns(peers_and_ports: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> Any:
        peers, ports = peers_and_ports
        return {"to": peers, "ports": ports}

    return {
        "dns": {"kubernetes": dns(policy.KUBERNETES_DNS), "openshift": dns(policy.OPENSHIFT_DNS)},
        "metadataCidrs": list(policy.CLOUD_METADATA_CIDRS),
    }


def yaml_text() -> dict[str, Any]:
    """The quoting routine's facts (`render/yamltext.py`): the words a plain scalar may not be,
    the plain scalar's shape, and the escape of every character it escapes."""
    from chartgen.render import yamltext

    candidates = [
        *map(chr, range(0x20)),
        '"',
        "\\",
        "\x7f",
        *map(chr, range(0x80, 0xA0)),
        "\u2028",
        "\u2029",
        "\ufeff",
        "\ufffe",
        "\uffff",
    ]
    return {
        "reserved": sorted(yamltext.RESERVED),
        "plain": f"^{yamltext.PLAIN.pattern}$",
        "maxImplicitKey": yamltext.MAX_IMPLICIT_KEY,
        "escapes": {char: yamltext.escape(char) for char in candidates},
    }


def tpl_fields() -> list[dict[str, Any]]:
    """The values the reference chart passes through `tpl`: path, how many times, and whether
    map keys too (`values/templating.py`, TPL_FIELDS)."""
    from chartgen.values.templating import TPL_FIELDS

    return [
        {"path": list(spec.path), "passes": spec.passes, "keys": spec.keys}
        for spec in TPL_FIELDS
        if spec.passes
    ]


def cloud_identity_keys() -> dict[str, Any]:
    """Annotation keys that give a pod a cloud identity (`clouds.of_identity_annotation`): the
    exact keys, and the names read under any prefix (IRSA's `PREFIX/role-arn`)."""
    from chartgen.clouds import CLOUDS

    return {
        "exact": sorted(c.IDENTITY_ANNOTATION for c in CLOUDS if not c.IDENTITY_PREFIX_VARIES),
        "names": sorted(
            c.IDENTITY_ANNOTATION.rpartition("/")[2] for c in CLOUDS if c.IDENTITY_PREFIX_VARIES
        ),
    }


# Each define of the file, and what writes it.
DEFINES = (
    ("imagebuilder.constants", constants),
    ("imagebuilder.registry", registry),
    ("imagebuilder.failMessages", fail_messages),
    ("imagebuilder.buildkitdTomlTemplate", buildkitd_toml),
    ("imagebuilder.networkPolicyData", network_policy),
    ("imagebuilder.yamlText", yaml_text),
    ("imagebuilder.tplFields", tpl_fields),
    ("imagebuilder.cloudIdentityKeys", cloud_identity_keys),
)


def chartgen_data() -> str:
    """The text of `templates/_chartgen_data.tpl`."""
    lines = [
        "{{- /* Written by `chartgen chart` from chartgen's own tables (chartgen/chart/data.py);",
        "do not edit. */ -}}",
    ]
    for name, build in DEFINES:
        text = json.dumps(build(), separators=(",", ":"), ensure_ascii=True)
        if "{{" in text:
            raise ValueError(f"{name}: the data would read as a template action")
        lines += ["", f'{{{{- define "{name}" -}}}}', text, "{{- end -}}"]
    return "\n".join(lines) + "\n"
