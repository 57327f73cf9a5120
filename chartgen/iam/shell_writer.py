"""The `shell` format: a bash script of `aws`, `gcloud` and `az` commands.

The script starts with `set -euo pipefail` and checks every placeholder first
(`: "${NAME:?set NAME to ...}"`), so it refuses to run — before changing anything — until each
one is set. AWS documents go to the CLI through a heredoc on `file:///dev/stdin` (quoted, so
nothing in it is expanded, unless it carries a placeholder); Azure identities given by name are
looked up once (`az identity show`) into variables. Every word is quoted for bash, and the
output passes `bash -n` and `shellcheck`.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

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

Argument = str | tuple[str, str]  # a bare word, or an option and its value


@dataclass(frozen=True)
class Command:
    program: tuple[str, ...]
    arguments: tuple[Argument, ...]
    stdin: str = ""  # heredoc body (JSON), fed to file:///dev/stdin


def _escape(text: str, *, in_double_quotes: bool) -> str:
    """Escape what bash expands in a double-quoted string or an unquoted heredoc."""
    specials = '\\$`"' if in_double_quotes else "\\$`"
    return "".join("\\" + c if c in specials else c for c in text)


class _Writer:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.variables = set(plan.placeholder_names)
        self.lines: list[str] = []

    # -- quoting ----------------------------------------------------------------------------

    def word(self, text: str) -> str:
        parts = list(split_tokens(text, frozenset(self.variables)))
        if not any(is_token for _, is_token in parts):
            return shlex.quote(text)
        inner = "".join(
            "${" + part + "}" if is_token else _escape(part, in_double_quotes=True)
            for part, is_token in parts
        )
        return f'"{inner}"'

    def heredoc(self, body: str, delimiter: str) -> list[str]:
        parts = list(split_tokens(body, frozenset(self.variables)))
        if not any(is_token for _, is_token in parts):
            return [f"<<'{delimiter}'", body, delimiter]
        text = "".join(
            "${" + part + "}" if is_token else _escape(part, in_double_quotes=False)
            for part, is_token in parts
        )
        return [f"<<{delimiter}", text, delimiter]

    def emit(self, command: Command, comment: str) -> None:
        self.lines.append("")
        self.lines.extend(f"# {line}".rstrip() for line in comment_lines(comment))
        rendered = [" ".join(command.program)]
        for argument in command.arguments:
            if isinstance(argument, tuple):
                rendered.append(f"{argument[0]} {self.word(argument[1])}")
            else:
                rendered.append(self.word(argument) if not argument.startswith("--") else argument)
        tail: list[str] = []
        if command.stdin:
            opener, body, closer = self.heredoc(command.stdin, "JSON")
            rendered[-1] += f" {opener}"
            tail = [body, closer]
        self.lines.append(rendered[0] + (" \\" if len(rendered) > 1 else ""))
        for index, line in enumerate(rendered[1:], start=2):
            self.lines.append(f"  {line}" + (" \\" if index < len(rendered) else ""))
        self.lines.extend(tail)

    # -- lookups ----------------------------------------------------------------------------

    def lookup(self, identity: AzureIdentity, attribute: str) -> str:
        """A variable holding `attribute` of `identity`, looked up once."""
        kind = "CLIENT_ID" if attribute == "clientId" else "PRINCIPAL_ID"
        variable = f"{identity.key.upper().replace('-', '_')}_IDENTITY_{kind}"
        if variable not in self.variables:
            show = (
                f"az identity show --name {self.word(identity.name)} --resource-group "
                f"{self.word(identity.resource_group)} --subscription "
                f"{self.word(identity.subscription)} --query {attribute} --output tsv"
            )
            self.lines.append("")
            self.lines.append(f"# The {attribute} of {identity.label}.")
            self.lines.append(f'{variable}="$({show})"')
            self.variables.add(variable)
        return "${" + variable + "}"

    def principal(self, identity: AzureIdentity) -> str:
        return identity.object_id or self.lookup(identity, "principalId")

    # -- grants -----------------------------------------------------------------------------

    @staticmethod
    def document(document: PolicyDocument) -> str:
        return json.dumps(document, indent=2, ensure_ascii=False)

    def role_policy(self, grant: RolePolicy) -> Iterator[Command]:
        yield Command(
            ("aws", "iam", "put-role-policy"),
            (
                ("--role-name", grant.role),
                ("--policy-name", grant.policy_name),
                ("--policy-document", "file:///dev/stdin"),
            ),
            self.document(grant.document),
        )

    def repository_policy(self, grant: RepositoryPolicy) -> Iterator[Command]:
        yield Command(
            ("aws", "ecr", "set-repository-policy"),
            (
                ("--registry-id", grant.account),
                ("--region", grant.region),
                ("--repository-name", grant.repository),
                ("--policy-text", "file:///dev/stdin"),
            ),
            self.document(grant.document),
        )

    def trust_policy(self, grant: TrustPolicy) -> Iterator[Command]:
        yield Command(
            ("aws", "iam", "update-assume-role-policy"),
            (("--role-name", grant.role), ("--policy-document", "file:///dev/stdin")),
            self.document(grant.document),
        )

    def binding(self, grant: Binding) -> Iterator[Command]:
        resource = grant.resource
        targets: dict[str, tuple[tuple[str, ...], tuple[Argument, ...]]] = {
            "repository": (
                ("gcloud", "artifacts", "repositories", "add-iam-policy-binding"),
                (
                    resource.repository,
                    ("--project", resource.project),
                    ("--location", resource.location),
                ),
            ),
            "service-account": (
                ("gcloud", "iam", "service-accounts", "add-iam-policy-binding"),
                (resource.email,),
            ),
            "project": (("gcloud", "projects", "add-iam-policy-binding"), (resource.project,)),
        }
        program, target = targets[resource.kind]
        yield Command(
            program,
            (*target, ("--member", grant.member), ("--role", grant.role), "--condition=None"),
        )

    def role_assignment(self, grant: RoleAssignment) -> Iterator[Command]:
        principal = self.principal(grant.identity)
        yield Command(
            ("az", "role", "assignment", "create"),
            (
                ("--assignee-object-id", principal),
                ("--assignee-principal-type", "ServicePrincipal"),
                ("--role", grant.role_id),
                ("--scope", grant.scope),
            ),
        )

    def federated_credential(self, grant: FederatedCredential) -> Iterator[Command]:
        identity = grant.identity
        yield Command(
            ("az", "identity", "federated-credential", "create"),
            (
                ("--name", grant.name),
                ("--identity-name", identity.name),
                ("--resource-group", identity.resource_group),
                ("--subscription", identity.subscription),
                ("--issuer", grant.issuer),
                ("--subject", grant.subject),
                ("--audiences", " ".join(grant.audiences)),
            ),
        )

    def workload(self, grant: WorkloadSettings) -> Iterator[Command]:
        values: list[tuple[str, str]] = []
        for key, value in grant.annotations:
            if isinstance(value, Lookup):
                values.append((key, self.lookup(value.identity, value.attribute)))
            else:
                values.append((key, value))
        text = [
            f"ServiceAccount {grant.namespace}/{grant.service_account} ({grant.purpose}):",
            "  annotations:",
            *(f"    {key}: {value}" for key, value in values),
        ]
        if grant.pod_labels:
            text.append("  labels of the pods that use it:")
            text.extend(f'    {key}: "{value}"' for key, value in grant.pod_labels)
        opener, body, closer = self.heredoc("\n".join(text), "EOF")
        self.lines.append("")
        self.lines.append("# Set on the Kubernetes side (chartgen cannot apply it for you):")
        self.lines.extend([f"cat {opener}", body, closer])
        yield from ()  # printed, not run: nothing for the cloud CLIs

    def commands(self, grant: Grant) -> Iterator[Command]:
        result: Iterator[Command] = write_grant(self, grant)
        return result

    # -- file -------------------------------------------------------------------------------

    def write(self) -> str:
        plan = self.plan
        self.lines = [
            "#!/usr/bin/env bash",
            f"# {plan.title}",
        ]
        if plan.repository:
            self.lines.append(f"# Repository: {plan.repository}")
        for note in plan.notes:
            self.lines.extend(f"# {line}".rstrip() for line in comment_lines(note))
        self.lines.append("set -euo pipefail")
        if plan.placeholders:
            self.lines.append("")
            self.lines.append("# Placeholders: set each before running, or the script stops.")
            for placeholder in plan.placeholders:
                message = f"set {placeholder.name} to {placeholder.description}"
                self.lines.append(f': "${{{placeholder.name}:?{message}}}"')
        for grant in plan.grants:
            for command in self.commands(grant):
                self.emit(command, f"{grant.key}: {grant.purpose}")
        return "\n".join(self.lines) + "\n"


def write_shell(plan: Plan) -> str:
    return _Writer(plan).write()
