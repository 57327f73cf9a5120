"""The `json` format: one JSON object, a named section per kind of grant, stable key order.

AWS documents sit under `documents` by name, each a complete, valid IAM policy (`jq
'.documents["user-role-policy"]'` is ready for `aws iam put-role-policy`); where each one goes is
under `targets`. A cross-account plan lists under `accounts` which documents belong to which
account, so each account's part is applied with its own credentials; a repository policy is
marked `"merge": "by-sid"` (merge it into the repository's existing policy, do not replace it).
GCP bindings, Azure role assignments and federated credentials, the Kubernetes settings, the
image pull secret of a private registry and the code snippets are data under their own
sections. Placeholders stay `${NAME}` tokens and are listed under `placeholders`, so a document
with a missing identifier is still a valid policy. Keys keep the order the plan built them in;
the one JSON routine is `quoting.json_text`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chartgen.iam.placeholder import Placeholder
from chartgen.iam.plan import (
    AzureIdentity,
    Binding,
    CreateRepository,
    CreationTemplate,
    FederatedCredential,
    Grant,
    ImagePullSecret,
    Lookup,
    Plan,
    RepositoryPolicy,
    RoleAssignment,
    RolePolicy,
    Snippet,
    TrustPolicy,
    WorkloadSettings,
    grant_part,
    write_grant,
)
from chartgen.iam.quoting import json_text

# Sections in output order.
SECTIONS = (
    "accounts",
    "documents",
    "targets",
    "repositories",
    "bindings",
    "identities",
    "role_assignments",
    "federated_credentials",
    "kubernetes",
    "image_pull_secrets",
    "snippets",
)

Entry = tuple[str, str, Any]  # section, name, value


class _Writer:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.lookups: list[Placeholder] = []

    def value(self, value: str | Lookup) -> str:
        if isinstance(value, Lookup):
            placeholder = value.placeholder
            if placeholder not in self.lookups:
                self.lookups.append(placeholder)
            return placeholder.token
        return value

    def identity(self, identity: AzureIdentity) -> Entry:
        if identity.object_id:
            data = {"object_id": identity.object_id}
        else:
            data = {
                "name": identity.name,
                "resource_group": identity.resource_group,
                "subscription": identity.subscription,
                "resource_id": identity.resource_id,
            }
        return "identities", identity.key, data

    def role_policy(self, grant: RolePolicy) -> Iterator[Entry]:
        yield "documents", grant.key, grant.document
        yield (
            "targets",
            grant.key,
            {
                "kind": "role-policy",
                "role": grant.role,
                "policy_name": grant.policy_name,
                "purpose": grant.purpose,
            },
        )

    def repository_policy(self, grant: RepositoryPolicy) -> Iterator[Entry]:
        yield "documents", grant.key, grant.document
        yield (
            "targets",
            grant.key,
            {
                "kind": "repository-policy",
                "registry_account": grant.account,
                "region": grant.region,
                "repository": grant.repository,
                "repository_arn": grant.arn,
                "merge": "by-sid",
                "purpose": grant.purpose,
            },
        )

    def creation_template(self, grant: CreationTemplate) -> Iterator[Entry]:
        data: dict[str, Any] = {
            "kind": "creation-template",
            "registry_account": grant.account,
            "region": grant.region,
            "prefix": grant.prefix,
            "applied_for": ["CREATE_ON_PUSH"],
        }
        if grant.repository_policy is not None:
            data["repository_policy"] = grant.repository_policy
        data["purpose"] = grant.purpose
        yield "repositories", grant.key, data

    def create_repository(self, grant: CreateRepository) -> Iterator[Entry]:
        yield (
            "repositories",
            grant.key,
            {
                "kind": "repository",
                "registry_account": grant.account,
                "region": grant.region,
                "name": grant.name,
                "purpose": grant.purpose,
            },
        )

    def trust_policy(self, grant: TrustPolicy) -> Iterator[Entry]:
        yield "documents", grant.key, grant.document
        yield (
            "targets",
            grant.key,
            {
                "kind": "assume-role-policy",
                "role": grant.role,
                "purpose": grant.purpose,
            },
        )

    def binding(self, grant: Binding) -> Iterator[Entry]:
        yield (
            "bindings",
            grant.key,
            {
                "resource": grant.resource.name,
                "resource_kind": grant.resource.kind,
                "role": grant.role,
                "member": grant.member,
                "purpose": grant.purpose,
            },
        )

    def role_assignment(self, grant: RoleAssignment) -> Iterator[Entry]:
        yield self.identity(grant.identity)
        data: dict[str, Any] = {
            "identity": grant.identity.key,
            "role": grant.role_name,
            "role_definition_id": grant.role_id,
            "principal_type": "ServicePrincipal",
            "scope": grant.scope,
        }
        if grant.condition:
            data["condition"] = grant.condition
            data["condition_version"] = "2.0"
        data["purpose"] = grant.purpose
        yield "role_assignments", grant.key, data

    def federated_credential(self, grant: FederatedCredential) -> Iterator[Entry]:
        yield self.identity(grant.identity)
        yield (
            "federated_credentials",
            grant.key,
            {
                "identity": grant.identity.key,
                "name": grant.name,
                "issuer": grant.issuer,
                "subject": grant.subject,
                "audiences": list(grant.audiences),
                "purpose": grant.purpose,
            },
        )

    def workload(self, grant: WorkloadSettings) -> Iterator[Entry]:
        annotations = {key: self.value(value) for key, value in grant.annotations}
        key, value = next(iter(annotations.items()))
        data: dict[str, Any] = {
            "service_accounts": [
                {"namespace": namespace, "name": name} for namespace, name in grant.subjects
            ],
            "annotations": annotations,
            # The data-plane chart puts this annotation on the service accounts tasks run as.
            "values": {"userRoleAnnotationKey": key, "userRoleAnnotationValue": value},
        }
        if grant.pod_labels:
            data["pod_labels"] = dict(grant.pod_labels)
        data["purpose"] = grant.purpose
        yield "kubernetes", grant.key, data

    def image_pull_secret(self, grant: ImagePullSecret) -> Iterator[Entry]:
        yield (
            "image_pull_secrets",
            grant.key,
            {
                "name": grant.secret_name,
                "type": "image_pull",
                "registry": grant.host,
                "docker_config_key": grant.config_key,
                "scope": "tenant",
                "command": [
                    "flyte",
                    "create",
                    "secret",
                    "--type",
                    "image_pull",
                    "--from-docker-config",
                    "--registries",
                    grant.config_key,
                    grant.secret_name,
                ],
                "purpose": grant.purpose,
            },
        )

    def snippet(self, grant: Snippet) -> Iterator[Entry]:
        yield (
            "snippets",
            grant.key,
            {"title": grant.title, "language": grant.language, "text": grant.text},
        )

    def entries(self, grant: Grant) -> Iterator[Entry]:
        return write_grant(self, grant)

    def document(self) -> dict[str, Any]:
        sections: dict[str, dict[str, Any]] = {}
        for grant in self.plan.grants:
            for section, name, value in self.entries(grant):
                sections.setdefault(section, {}).setdefault(name, value)
        if self.plan.parts:
            sections["accounts"] = {
                part.key: {
                    "account": part.account,
                    "region": part.region,
                    "profile": part.profile,
                    "label": part.label,
                    "apply": [
                        grant.key
                        for grant in self.plan.grants_of(part.key)
                        if not isinstance(grant, (WorkloadSettings, Snippet))
                    ],
                }
                for part in self.plan.parts
            }
            for name, target in sections.get("targets", {}).items():
                grant = next(g for g in self.plan.grants if getattr(g, "key", "") == name)
                target["account_part"] = grant_part(grant) or self.plan.parts[0].key
        out: dict[str, Any] = {"cloud": self.plan.cloud}
        if self.plan.authentication_type:
            out["authentication_type"] = self.plan.authentication_type
        out["repository"] = self.plan.repository
        for section in SECTIONS:
            if section in sections:
                out[section] = sections[section]
        out["notes"] = list(self.plan.notes)
        # Inputs the user did not give, then values only known once applied (the shell and
        # Terraform formats look those up; JSON cannot).
        out["placeholders"] = [
            {
                "name": p.name,
                "token": p.token,
                "description": p.description,
                "option": p.option,
                "lookup": lookup,
            }
            for lookup, group in ((False, self.plan.placeholders), (True, self.lookups))
            for p in group
        ]
        return out


def plan_document(plan: Plan) -> dict[str, Any]:
    """The JSON format's document for `plan`, as data."""
    return _Writer(plan).document()


def write(plan: Plan) -> str:
    return json_text(plan_document(plan)) + "\n"


def output_files(plan: Plan) -> dict[str, str]:
    """`--output-dir`: the whole document, and each AWS document on its own, ready for
    `--policy-document file://...`."""
    document = plan_document(plan)
    files = {"iam.json": json_text(document) + "\n"}
    for name, policy in document.get("documents", {}).items():
        files[f"policies/{name}.json"] = json_text(policy) + "\n"
    return files
