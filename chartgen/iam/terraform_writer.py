"""The `terraform` format: HCL for the hashicorp aws, google and azurerm providers (and the
unionai provider for a private registry's image pull secret).

AWS documents become `data "aws_iam_policy_document"` blocks (statements walked from the same
document data the JSON format prints) attached by `aws_iam_role_policy` and
`aws_ecr_repository_policy`; a repository policy is merged by Sid into the repository's current
one (`source_policy_documents` = the existing policy text, given as a variable;
`override_policy_documents` = chartgen's statements), never replacing statements others rely
on. A trust policy becomes an `output` to use as the role's `assume_role_policy`. A
cross-account plan declares one `provider "aws"` alias per account, pinned with
`allowed_account_ids`, and every block of a part names its provider, so each part can only be
applied with its own account's credentials. GCP bindings become
`google_artifact_registry_repository_iam_member`, `google_service_account_iam_member` or
`google_project_iam_member`; Azure grants `azurerm_role_assignment` (with the ABAC condition
where there is one) and `azurerm_federated_identity_credential`, with identities given by name
read through `data "azurerm_user_assigned_identity"`. Placeholders become `variable` blocks
without defaults, so `terraform plan` asks for them.

A tiny HCL emitter keeps the rendering in one place and in `terraform fmt` form: attributes of
consecutive one-line assignments aligned on `=`, a multi-line value ending the run (as `fmt`
does), two-space indentation, one blank line between blocks. Every string goes through
`quoting.hcl_string`, every comment through `quoting.comment`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from chartgen.clouds import aws, azure, gcp, private
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
    PolicyDocument,
    RepositoryPolicy,
    RoleAssignment,
    RolePolicy,
    Snippet,
    TrustPolicy,
    WorkloadSettings,
    comment_lines,
    grant_part,
    split_tokens,
    write_grant,
)
from chartgen.iam.quoting import hcl_string
from chartgen.record import field, record


class Expr(str):
    """An HCL expression written as is (`var.x`, `data.a.b.json`)."""


HclValue = str | Expr | bool | list["HclValue"] | dict[str, "HclValue"]


@record
class Block:
    type: str
    labels: tuple[str, ...] = ()
    body: list[tuple[str, HclValue] | Block] = field(default_factory=list)
    comment: str = ""


PROVIDER_NOTES = {
    aws.NAME: "For the hashicorp/aws provider.",
    gcp.NAME: "For the hashicorp/google provider.",
    azure.NAME: (
        "For the hashicorp/azurerm provider 4.x (5.x replaces parent_id and "
        "resource_group_name of azurerm_federated_identity_credential with "
        "user_assigned_identity_id)."
    ),
    private.NAME: "For the unionai/unionai provider (the Union secret).",
}

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*", re.ASCII)
_WIDTH = 90  # longest inline list before it is broken over lines


def tf_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", key)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _aligned(pad: str, entries: list[tuple[str, str]]) -> list[str]:
    """`key = value` lines as `terraform fmt` writes them: a run of one-line assignments is
    aligned on `=`; an assignment whose value spans lines stands alone and ends the run."""
    lines: list[str] = []
    run: list[tuple[str, str]] = []

    def flush() -> None:
        width = max((len(key) for key, _ in run), default=0)
        lines.extend(f"{pad}{key.ljust(width)} = {value}" for key, value in run)
        run.clear()

    for key, value in entries:
        if "\n" in value:
            flush()
            lines.append(f"{pad}{key} = {value}")
        else:
            run.append((key, value))
    flush()
    return lines


class _Writer:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.names = plan.placeholder_names
        self.variables = {p.name: p.variable for p in plan.placeholders}
        self.identities: set[str] = set()
        self.extra_variables: list[Block] = []
        self.required_providers: dict[str, str] = {}

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
                out.append(hcl_string(part))
        return '"' + "".join(out) + '"'

    def key(self, key: str) -> str:
        return key if _IDENTIFIER.fullmatch(key) else '"' + hcl_string(key) + '"'

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
            if len(inline) + len(pad) <= _WIDTH and "\n" not in inline:
                return inline
            return "[\n" + "".join(f"{pad}  {item},\n" for item in items) + f"{pad}]"
        entries = [(self.key(k), self.value(v, indent + 1)) for k, v in value.items()]
        return "{\n" + "".join(line + "\n" for line in _aligned(pad + "  ", entries)) + f"{pad}}}"

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
        labels = "".join(f' "{hcl_string(label)}"' for label in block.labels)
        lines.append(f"{pad}{block.type}{labels} {{")
        run: list[tuple[str, str]] = []
        for item in block.body:
            if isinstance(item, Block):
                lines.extend(_aligned(pad + "  ", run))
                run = []
                lines.extend(self.block(item, indent + 1))
            else:
                run.append((self.key(item[0]), self.value(item[1], indent + 1)))
        lines.extend(_aligned(pad + "  ", run))
        lines.append(f"{pad}}}")
        return lines

    # -- account parts ------------------------------------------------------------------------

    def provider(self, grant: Grant) -> list[tuple[str, HclValue] | Block]:
        """`provider = aws.PART` for a grant of a cross-account part; nothing otherwise."""
        if len(self.plan.parts) < 2:
            return []
        return [("provider", Expr(f"aws.{tf_name(grant_part(grant) or self.plan.parts[0].key)}"))]

    def provider_blocks(self) -> list[Block]:
        blocks = []
        for part in self.plan.parts:
            body: list[tuple[str, HclValue] | Block] = [
                ("alias", tf_name(part.key)),
                ("region", part.region),
                ("allowed_account_ids", [part.account]),
                ("profile", part.profile),
            ]
            blocks.append(Block("provider", ("aws",), body, f"Credentials of {part.label}."))
        return blocks

    # -- grants -----------------------------------------------------------------------------

    def policy_document(
        self, name: str, document: PolicyDocument, comment: str, grant: Grant
    ) -> Block:
        statements: list[tuple[str, HclValue] | Block] = list(self.provider(grant))
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
        yield self.policy_document(name, grant.document, f"{grant.key}: {grant.purpose}", grant)
        yield Block(
            "resource",
            ("aws_iam_role_policy", name),
            [
                *self.provider(grant),
                ("name", grant.policy_name),
                ("role", grant.role),
                ("policy", Expr(f"data.aws_iam_policy_document.{name}.json")),
            ],
        )

    def repository_policy(self, grant: RepositoryPolicy) -> Iterator[Block]:
        name = tf_name(grant.key)
        existing = f"existing_{name}"
        self.extra_variables.append(
            Block(
                "variable",
                (existing,),
                [
                    (
                        "description",
                        f"The current policy of the repository {grant.repository} (aws ecr "
                        f"get-repository-policy --repository-name {grant.repository} --query "
                        "policyText --output text), merged by Sid; empty when it has none.",
                    ),
                    ("type", Expr("string")),
                    ("default", ""),
                ],
            )
        )
        yield self.policy_document(name, grant.document, f"{grant.key}: {grant.purpose}", grant)
        yield Block(
            "data",
            ("aws_iam_policy_document", f"{name}_merged"),
            [
                *self.provider(grant),
                (
                    "source_policy_documents",
                    Expr(f'var.{existing} == "" ? [] : [var.{existing}]'),
                ),
                (
                    "override_policy_documents",
                    [Expr(f"data.aws_iam_policy_document.{name}.json")],
                ),
            ],
            "The repository's existing statements; chartgen's replace those of the same Sid.",
        )
        yield Block(
            "resource",
            ("aws_ecr_repository_policy", name),
            [
                *self.provider(grant),
                ("repository", grant.repository),
                ("policy", Expr(f"data.aws_iam_policy_document.{name}_merged.json")),
            ],
            f"Applied in account {grant.account}, region {grant.region}.",
        )

    def creation_template(self, grant: CreationTemplate) -> Iterator[Block]:
        name = tf_name(grant.key)
        body: list[tuple[str, HclValue] | Block] = [
            *self.provider(grant),
            ("prefix", grant.prefix),
            ("applied_for", ["CREATE_ON_PUSH"]),
        ]
        if grant.repository_policy is not None:
            yield self.policy_document(
                name, grant.repository_policy, "The policy of every repository it creates.", grant
            )
            body.append(("repository_policy", Expr(f"data.aws_iam_policy_document.{name}.json")))
        yield Block(
            "resource",
            ("aws_ecr_repository_creation_template", name),
            body,
            f"{grant.key}: {grant.purpose}",
        )

    def create_repository(self, grant: CreateRepository) -> Iterator[Block]:
        yield Block(
            "resource",
            ("aws_ecr_repository", tf_name(grant.key)),
            [*self.provider(grant), ("name", grant.name)],
            f"{grant.key}: {grant.purpose}",
        )

    def trust_policy(self, grant: TrustPolicy) -> Iterator[Block]:
        name = tf_name(grant.key)
        yield self.policy_document(name, grant.document, f"{grant.key}: {grant.purpose}", grant)
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
        body: list[tuple[str, HclValue] | Block] = [
            ("scope", grant.scope),
            ("role_definition_id", definition),
            ("principal_id", self.identity_attribute(grant.identity, "principal_id")),
            ("principal_type", "ServicePrincipal"),
        ]
        if grant.condition:
            body += [("condition", grant.condition), ("condition_version", "2.0")]
        yield Block(
            "resource",
            ("azurerm_role_assignment", tf_name(grant.key)),
            body,
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
        annotation_key, annotation_value = next(iter(annotations.items()))
        settings: dict[str, HclValue] = {
            "service_accounts": [
                {"namespace": namespace, "name": name} for namespace, name in grant.subjects
            ],
            "values": {
                "userRoleAnnotationKey": annotation_key,
                "userRoleAnnotationValue": annotation_value,
            },
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

    def image_pull_secret(self, grant: ImagePullSecret) -> Iterator[Block]:
        self.required_providers["unionai"] = "unionai/unionai"
        for variable, description, sensitive in (
            ("registry_username", f"The user name that logs in to {grant.host}.", False),
            (
                "registry_password",
                f"The password or access token that logs in to {grant.host} (push rights).",
                True,
            ),
        ):
            body: list[tuple[str, HclValue] | Block] = [
                ("description", description),
                ("type", Expr("string")),
            ]
            if sensitive:
                body.append(("sensitive", True))
            self.extra_variables.append(Block("variable", (variable,), body))
        credential: dict[str, HclValue] = {
            "auths": {
                grant.config_key: {
                    "username": Expr("var.registry_username"),
                    "password": Expr("var.registry_password"),
                }
            }
        }
        yield Block(
            "resource",
            ("unionai_secret", tf_name(grant.key)),
            [
                ("name", grant.secret_name),
                ("type", "image_pull_secret"),
                ("value", Expr("jsonencode(" + self.value(credential, 1) + ")")),
            ],
            f"{grant.key}: {grant.purpose}. No project or domain: tenant-wide.",
        )

    def snippet(self, grant: Snippet) -> Iterator[Block]:
        yield Block(
            "output",
            (tf_name(grant.key),),
            [("description", grant.title), ("value", grant.text)],
        )

    def blocks(self, grant: Grant) -> Iterator[Block]:
        return write_grant(self, grant)

    # -- file -------------------------------------------------------------------------------

    def write(self) -> str:
        plan = self.plan
        header = self.comment(plan.title)
        if plan.repository:
            header.extend(self.comment(f"Repository: {plan.repository}"))
        if plan.cloud in PROVIDER_NOTES and (plan.cloud != private.NAME or plan.grants):
            header.extend(self.comment(PROVIDER_NOTES[plan.cloud]))
        for note in plan.notes:
            header.extend(self.comment(note))
        grant_blocks = [block for grant in plan.grants for block in self.blocks(grant)]
        chunks = ["\n".join(header)]
        if self.required_providers:
            providers: dict[str, HclValue] = {
                name: {"source": source} for name, source in self.required_providers.items()
            }
            chunks.append(
                "\n".join(
                    self.block(
                        Block(
                            "terraform",
                            (),
                            [Block("required_providers", (), list(providers.items()))],
                        )
                    )
                )
            )
        if len(plan.parts) > 1:
            chunks.extend("\n".join(self.block(b)) for b in self.provider_blocks())
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
        chunks.extend("\n".join(self.block(b)) for b in self.extra_variables)
        chunks.extend("\n".join(self.block(b)) for b in grant_blocks)
        return "\n\n".join(chunks) + "\n"


def write(plan: Plan) -> str:
    return _Writer(plan).write()


def output_files(plan: Plan) -> dict[str, str]:
    """`--output-dir`: one configuration file."""
    return {"iam.tf": write(plan)}
