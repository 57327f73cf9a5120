"""The `json` format: one JSON object, a named section per kind of grant, stable key order.

AWS documents sit under `documents` by name, each a complete, valid IAM policy (`jq
'.documents["user-role-policy"]'` is ready for `aws iam put-role-policy`); where each one goes is
under `targets`. GCP bindings, Azure role assignments and federated credentials, and the
Kubernetes settings are data under their own sections. Placeholders stay `${NAME}` tokens and are
listed under `placeholders`, so a document with a missing identifier is still a valid policy.
Keys keep the order the plan built them in; nothing depends on dict ordering of the input.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from chartgen.iam.plan import (
    AzureIdentity,
    Binding,
    FederatedCredential,
    Grant,
    Lookup,
    Placeholder,
    Plan,
    RepositoryPolicy,
    RoleAssignment,
    RolePolicy,
    TrustPolicy,
    WorkloadSettings,
    write_grant,
)

# Sections in output order.
SECTIONS = (
    "documents",
    "targets",
    "bindings",
    "identities",
    "role_assignments",
    "federated_credentials",
    "kubernetes",
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
        yield (
            "role_assignments",
            grant.key,
            {
                "identity": grant.identity.key,
                "role": grant.role_name,
                "role_definition_id": grant.role_id,
                "principal_type": "ServicePrincipal",
                "scope": grant.scope,
                "purpose": grant.purpose,
            },
        )

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
        data: dict[str, Any] = {
            "namespace": grant.namespace,
            "service_account": grant.service_account,
            "annotations": {key: self.value(value) for key, value in grant.annotations},
        }
        if grant.pod_labels:
            data["pod_labels"] = dict(grant.pod_labels)
        data["purpose"] = grant.purpose
        yield "kubernetes", grant.key, data

    def entries(self, grant: Grant) -> Iterator[Entry]:
        result: Iterator[Entry] = write_grant(self, grant)
        return result

    def document(self) -> dict[str, Any]:
        sections: dict[str, dict[str, Any]] = {}
        for grant in self.plan.grants:
            for section, name, value in self.entries(grant):
                sections.setdefault(section, {}).setdefault(name, value)
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


def write_json(plan: Plan) -> str:
    return json.dumps(_Writer(plan).document(), indent=2, ensure_ascii=False) + "\n"
