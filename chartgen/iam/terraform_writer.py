"""The `terraform` format: HCL for the hashicorp aws, google and azurerm providers.

AWS documents become `data "aws_iam_policy_document"` blocks (statements walked from the same
document data the JSON format prints) attached by `aws_iam_role_policy` and
`aws_ecr_repository_policy`; a trust policy becomes an `output` to use as the role's
`assume_role_policy`. GCP bindings become `google_artifact_registry_repository_iam_member`,
`google_service_account_iam_member` or `google_project_iam_member`; Azure grants
`azurerm_role_assignment` and `azurerm_federated_identity_credential`, with identities given by
name read through `data "azurerm_user_assigned_identity"`. Placeholders become `variable` blocks
without defaults, so `terraform plan` asks for them. A tiny HCL emitter (blocks, attributes
aligned like `terraform fmt`, escaped strings) keeps the rendering in one place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from chartgen.iam.plan import (
    AzureIdentity,
    Binding,
    FederatedCredential,
    Grant,
    Lookup,
    Plan,
    PolicyDocument,
    RepositoryPolicy,
    RoleAssignment,
    RolePolicy,
    TrustPolicy,
    WorkloadSettings,
    comment_lines,
    split_tokens,
    write_grant,
)


class Expr(str):
    """An HCL expression written as is (`var.x`, `data.a.b.json`)."""


HclValue = str | Expr | bool | list["HclValue"] | dict[str, "HclValue"]


@dataclass
class Block:
    type: str
    labels: tuple[str, ...] = ()
    body: list[tuple[str, HclValue] | Block] = field(default_factory=list)
    comment: str = ""


PROVIDER_NOTES = {
    "aws": "For the hashicorp/aws provider.",
    "gcp": "For the hashicorp/google provider.",
    "azure": (
        "For the hashicorp/azurerm provider 4.x (5.x replaces parent_id and "
        "resource_group_name of azurerm_federated_identity_credential with "
        "user_assigned_identity_id)."
    ),
}

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def tf_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", key)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


class _Writer:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.names = plan.placeholder_names
        self.variables = {p.name: p.variable for p in plan.placeholders}
        self.identities: set[str] = set()

    # -- values -----------------------------------------------------------------------------

    def string(self, text: str) -> str:
        parts = list(split_tokens(text, self.names))
        if len(parts) == 1 and parts[0][1]:
            return f"var.{self.variables[parts[0][0]]}"
        out = []
        for part, is_token in parts:
            if is_token:
                out.append("${var." + self.variables[part] + "}")
            else:
                escaped = json.dumps(part, ensure_ascii=False)[1:-1]
                out.append(escaped.replace("${", "$${").replace("%{", "%%{"))
        return '"' + "".join(out) + '"'

    def value(self, value: HclValue, indent: int) -> str:
        if isinstance(value, Expr):
            return str(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return self.string(value)
        pad = "  " * indent
        if isinstance(value, list):
            items = [self.value(item, indent + 1) for item in value]
            inline = "[" + ", ".join(items) + "]"
            if len(inline) + len(pad) <= 90 and "\n" not in inline:
                return inline
            return "[\n" + "".join(f"{pad}  {item},\n" for item in items) + f"{pad}]"
        keys = [k if _IDENTIFIER.match(k) else json.dumps(k) for k in value]
        width = max((len(k) for k in keys), default=0)
        lines = [
            f"{pad}  {key.ljust(width)} = {self.value(item, indent + 1)}\n"
            for key, item in zip(keys, value.values(), strict=True)
        ]
        return "{\n" + "".join(lines) + f"{pad}}}"

    def comment(self, text: str, pad: str = "") -> list[str]:
        """Comment lines, placeholders shown as the variables they became."""
        shown = "".join(
            f"var.{self.variables[part]}" if is_token else part
            for part, is_token in split_tokens(text, self.names)
        )
        return [f"{pad}# {line}".rstrip() for line in comment_lines(shown)]

    def block(self, block: Block, indent: int = 0) -> list[str]:
        pad = "  " * indent
        lines = self.comment(block.comment, pad) if block.comment else []
        labels = "".join(f" {json.dumps(label)}" for label in block.labels)
        lines.append(f"{pad}{block.type}{labels} {{")
        run: list[tuple[str, HclValue]] = []

        def flush() -> None:
            width = max((len(name) for name, _ in run), default=0)
            for name, item in run:
                lines.append(f"{pad}  {name.ljust(width)} = {self.value(item, indent + 1)}")
            run.clear()

        for item in block.body:
            if isinstance(item, Block):
                flush()
                lines.extend(self.block(item, indent + 1))
            else:
                run.append(item)
        flush()
        lines.append(f"{pad}}}")
        return lines

    # -- grants -----------------------------------------------------------------------------

    def policy_document(self, name: str, document: PolicyDocument, comment: str) -> Block:
        statements: list[tuple[str, HclValue] | Block] = []
        for statement in document["Statement"]:
            body: list[tuple[str, HclValue] | Block] = [
                ("sid", statement["Sid"]),
                ("effect", statement["Effect"]),
                ("actions", _as_list(statement["Action"])),
            ]
            if "Resource" in statement:
                body.append(("resources", _as_list(statement["Resource"])))
            for kind, identifiers in statement.get("Principal", {}).items():
                principal: list[tuple[str, HclValue] | Block] = [
                    ("type", kind),
                    ("identifiers", _as_list(identifiers)),
                ]
                body.append(Block("principals", (), principal))
            for test, conditions in statement.get("Condition", {}).items():
                for variable, values in conditions.items():
                    body.append(
                        Block(
                            "condition",
                            (),
                            [("test", test), ("variable", variable), ("values", _as_list(values))],
                        )
                    )
            statements.append(Block("statement", (), body))
        return Block("data", ("aws_iam_policy_document", name), statements, comment)

    def role_policy(self, grant: RolePolicy) -> Iterator[Block]:
        name = tf_name(grant.key)
        yield self.policy_document(name, grant.document, f"{grant.key}: {grant.purpose}")
        yield Block(
            "resource",
            ("aws_iam_role_policy", name),
            [
                ("name", grant.policy_name),
                ("role", grant.role),
                ("policy", Expr(f"data.aws_iam_policy_document.{name}.json")),
            ],
        )

    def repository_policy(self, grant: RepositoryPolicy) -> Iterator[Block]:
        name = tf_name(grant.key)
        yield self.policy_document(name, grant.document, f"{grant.key}: {grant.purpose}")
        yield Block(
            "resource",
            ("aws_ecr_repository_policy", name),
            [
                ("repository", grant.repository),
                ("policy", Expr(f"data.aws_iam_policy_document.{name}.json")),
            ],
            f"Apply with a provider for account {grant.account}, region {grant.region}.",
        )

    def trust_policy(self, grant: TrustPolicy) -> Iterator[Block]:
        name = tf_name(grant.key)
        yield self.policy_document(name, grant.document, f"{grant.key}: {grant.purpose}")
        yield Block(
            "output",
            (name,),
            [
                ("description", f"The assume_role_policy of the role {grant.role}."),
                ("value", Expr(f"data.aws_iam_policy_document.{name}.json")),
            ],
        )

    def binding(self, grant: Binding) -> Iterator[Block]:
        resource = grant.resource
        targets: dict[str, tuple[str, list[tuple[str, HclValue] | Block]]] = {
            "repository": (
                "google_artifact_registry_repository_iam_member",
                [
                    ("project", resource.project),
                    ("location", resource.location),
                    ("repository", resource.repository),
                ],
            ),
            "service-account": (
                "google_service_account_iam_member",
                [("service_account_id", resource.name)],
            ),
            "project": ("google_project_iam_member", [("project", resource.project)]),
        }
        kind, body = targets[resource.kind]
        yield Block(
            "resource",
            (kind, tf_name(grant.key)),
            [*body, ("role", grant.role), ("member", grant.member)],
            f"{grant.key}: {grant.purpose}",
        )

    def identity(self, identity: AzureIdentity) -> Iterator[Block]:
        if identity.object_id or identity.key in self.identities:
            return
        self.identities.add(identity.key)
        yield Block(
            "data",
            ("azurerm_user_assigned_identity", tf_name(identity.key)),
            [("name", identity.name), ("resource_group_name", identity.resource_group)],
            f"{identity.label}, in subscription {identity.subscription}",
        )

    def identity_attribute(self, identity: AzureIdentity, attribute: str) -> HclValue:
        if identity.object_id and attribute == "principal_id":
            return identity.object_id
        return Expr(f"data.azurerm_user_assigned_identity.{tf_name(identity.key)}.{attribute}")

    def role_assignment(self, grant: RoleAssignment) -> Iterator[Block]:
        yield from self.identity(grant.identity)
        definition = (
            f"/subscriptions/{grant.subscription}/providers/Microsoft.Authorization/"
            f"roleDefinitions/{grant.role_id}"
        )
        yield Block(
            "resource",
            ("azurerm_role_assignment", tf_name(grant.key)),
            [
                ("scope", grant.scope),
                ("role_definition_id", definition),
                ("principal_id", self.identity_attribute(grant.identity, "principal_id")),
                ("principal_type", "ServicePrincipal"),
            ],
            f"{grant.key}: {grant.role_name} for {grant.identity.label}: {grant.purpose}",
        )

    def federated_credential(self, grant: FederatedCredential) -> Iterator[Block]:
        yield from self.identity(grant.identity)
        yield Block(
            "resource",
            ("azurerm_federated_identity_credential", tf_name(grant.key)),
            [
                ("name", grant.name),
                ("resource_group_name", grant.identity.resource_group),
                ("parent_id", self.identity_attribute(grant.identity, "id")),
                ("audience", list(grant.audiences)),
                ("issuer", grant.issuer),
                ("subject", grant.subject),
            ],
            f"{grant.key}: {grant.purpose}",
        )

    def workload(self, grant: WorkloadSettings) -> Iterator[Block]:
        annotations: dict[str, HclValue] = {}
        for key, value in grant.annotations:
            if isinstance(value, Lookup):
                yield from self.identity(value.identity)
                attribute = "client_id" if value.attribute == "clientId" else "principal_id"
                annotations[key] = self.identity_attribute(value.identity, attribute)
            else:
                annotations[key] = value
        settings: dict[str, HclValue] = {
            "namespace": grant.namespace,
            "service_account": grant.service_account,
            "annotations": annotations,
        }
        if grant.pod_labels:
            settings["pod_labels"] = dict(grant.pod_labels)
        yield Block(
            "output",
            (tf_name(grant.key),),
            [
                ("description", f"Set on the Kubernetes side: {grant.purpose}."),
                ("value", settings),
            ],
        )

    def blocks(self, grant: Grant) -> Iterator[Block]:
        result: Iterator[Block] = write_grant(self, grant)
        return result

    # -- file -------------------------------------------------------------------------------

    def write(self) -> str:
        plan = self.plan
        header = self.comment(plan.title)
        if plan.repository:
            header.extend(self.comment(f"Repository: {plan.repository}"))
        if plan.cloud in PROVIDER_NOTES:
            header.extend(self.comment(PROVIDER_NOTES[plan.cloud]))
        for note in plan.notes:
            header.extend(self.comment(note))
        chunks = ["\n".join(header)]
        for placeholder in plan.placeholders:
            variable = Block(
                "variable",
                (placeholder.variable,),
                [
                    (
                        "description",
                        f"{placeholder.description[:1].upper()}{placeholder.description[1:]}.",
                    ),
                    ("type", Expr("string")),
                ],
            )
            chunks.append("\n".join(self.block(variable)))
        for grant in plan.grants:
            for block in self.blocks(grant):
                chunks.append("\n".join(self.block(block)))
        return "\n\n".join(chunks) + "\n"


def write_terraform(plan: Plan) -> str:
    return _Writer(plan).write()
