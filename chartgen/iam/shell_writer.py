"""The `shell` format: a bash script of `aws`, `gcloud`, `az` and `flyte` commands.

The script starts with `set -euo pipefail`, then checks every placeholder it uses
(`: "${NAME:?set NAME to ...}"`), so it refuses to run — before changing anything — until each
one is set. Every word, heredoc and comment goes through the one shell routine of its kind in
`quoting`; values never reach the script any other way, so a value cannot end a comment, a
word or a heredoc. AWS documents go to the CLI through a heredoc on `file:///dev/stdin`
(quoted, so nothing in it is expanded, unless it carries a placeholder); Azure identities
given by name are looked up once (`az identity show`) into variables. The output passes
`bash -n` and `shellcheck`.

A cross-account plan has one part per account: every `aws` command of a part carries that
part's `--profile`, and before anything changes the script checks with `aws sts
get-caller-identity` that each profile belongs to its account. With `--output-dir` each part is
also written as a script of its own.

ECR repository policies are merged, never replaced: the script reads the current policy
(`aws ecr get-repository-policy`), keeps every statement whose Sid it does not write, replaces
the ones it does, and sets the result. The merge uses `jq` (1.6 or newer): it is the JSON tool
found next to the AWS CLI almost everywhere (CloudShell, CI images, package managers), and
doing it in bash alone would mean parsing JSON with string tricks. The script checks for it
first and says so.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.iam.plan import (
    AccountPart,
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
    split_tokens,
    write_grant,
)
from chartgen.iam.quoting import (
    json_text,
    shell_double_quoted,
    shell_heredoc_text,
    shell_word,
)
from chartgen.record import record

Argument = str | tuple[str, str]  # a bare word, or an option and its value

# Checks, before any change, that an AWS CLI profile belongs to the expected account.
CHECK_ACCOUNT = r"""check_account() {
  local profile="$1" account="$2" actual
  actual="$(aws sts get-caller-identity --profile "$profile" --query Account --output text)"
  if [ "$actual" != "$account" ]; then
    printf 'AWS profile %s belongs to account %s, not %s: nothing was changed\n' \
      "$profile" "$actual" "$account" >&2
    exit 1
  fi
}"""

# Reads the statements to write on stdin; the remaining arguments name the repository.
MERGE_REPOSITORY_POLICY = r"""merge_repository_policy() {
  local statements existing merged
  statements="$(</dev/stdin)"
  if ! existing="$(aws ecr get-repository-policy "$@" --query policyText --output text 2>&1)"; then
    case "$existing" in
      *RepositoryPolicyNotFoundException*) existing='{"Version": "2012-10-17", "Statement": []}' ;;
      *) printf '%s\n' "$existing" >&2; return 1 ;;
    esac
  fi
  merged="$(jq -n --argjson old "$existing" --argjson new "$statements" '
    ($new.Statement | map(.Sid)) as $sids
    | $old
    | .Version = (.Version // $new.Version)
    | .Statement = ([(.Statement // []) | if type == "array" then .[] else . end
                     | select(.Sid as $sid | ($sids | any(. == $sid)) | not)]
                    + $new.Statement)')"
  aws ecr set-repository-policy "$@" --policy-text file:///dev/stdin <<<"$merged"
}"""

NEEDS_JQ = (
    'command -v jq >/dev/null 2>&1 || { echo "this script needs jq (1.6 or newer) to merge '
    'ECR repository policies" >&2; exit 1; }'
)


@record(frozen=True)
class Command:
    program: tuple[str, ...]
    arguments: tuple[Argument, ...]
    stdin: str = ""  # heredoc body (JSON)


class _Writer:
    def __init__(self, plan: Plan, only_part: str | None = None) -> None:
        self.plan = plan
        self.only_part = only_part
        self.placeholders = set(plan.placeholder_names)
        self.lookups: set[str] = set()
        self.used: list[str] = []  # placeholders the script refers to, in order
        self.lines: list[str] = []
        self.needs_merge = False

    # -- quoting (every value goes through `quoting`) ----------------------------------------

    def _token(self, name: str) -> str:
        if name in self.placeholders and name not in self.used:
            self.used.append(name)
        return "${" + name + "}"

    def word(self, text: str) -> str:
        names = frozenset(self.placeholders | self.lookups)
        parts = list(split_tokens(text, names))
        if not any(is_token for _, is_token in parts):
            return shell_word(text)
        inner = "".join(
            self._token(part) if is_token else shell_double_quoted(part) for part, is_token in parts
        )
        return f'"{inner}"'

    def heredoc(self, body: str, delimiter: str) -> list[str]:
        parts = list(split_tokens(body, frozenset(self.placeholders)))
        if not any(is_token for _, is_token in parts):
            return [f"<<'{delimiter}'", body, delimiter]
        text = "".join(
            self._token(part) if is_token else shell_heredoc_text(part) for part, is_token in parts
        )
        return [f"<<{delimiter}", text, delimiter]

    def comment(self, text: str) -> None:
        self.lines.extend(f"# {line}".rstrip() for line in comment_lines(text))

    def emit(self, command: Command, comment: str, profile: str = "") -> None:
        self.lines.append("")
        self.comment(comment)
        rendered = [" ".join(command.program)]
        arguments = command.arguments
        if profile and command.program[0] in ("aws", "merge_repository_policy"):
            arguments = (*arguments, ("--profile", profile))
        for argument in arguments:
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

    def print_text(self, title: str, text: str) -> None:
        """Show `text` to the user (printed, not run)."""
        self.lines.append("")
        self.comment(title)
        lines = text.split("\n")
        self.lines.append("printf '%s\\n' \\")
        for index, line in enumerate(lines, start=1):
            self.lines.append(f"  {self.word(line)}" + (" \\" if index < len(lines) else ""))

    # -- lookups ----------------------------------------------------------------------------

    def lookup(self, identity: AzureIdentity, attribute: str) -> str:
        """A variable holding `attribute` of `identity`, looked up once."""
        kind = "CLIENT_ID" if attribute == "clientId" else "PRINCIPAL_ID"
        variable = f"{identity.key.upper().replace('-', '_')}_IDENTITY_{kind}"
        if variable not in self.lookups:
            self.lookups.add(variable)
            show = (
                f"az identity show --name {self.word(identity.name)} --resource-group "
                f"{self.word(identity.resource_group)} --subscription "
                f"{self.word(identity.subscription)} --query {attribute} --output tsv"
            )
            self.lines.append("")
            self.comment(f"The {attribute} of {identity.label}.")
            self.lines.append(f'{variable}="$({show})"')
        return "${" + variable + "}"

    def principal(self, identity: AzureIdentity) -> str:
        return identity.object_id or self.lookup(identity, "principalId")

    # -- grants -----------------------------------------------------------------------------

    @staticmethod
    def document(document: PolicyDocument) -> str:
        return json_text(document)

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
        self.needs_merge = True
        yield Command(
            ("merge_repository_policy",),
            (
                ("--registry-id", grant.account),
                ("--region", grant.region),
                ("--repository-name", grant.repository),
            ),
            self.document(grant.document),
        )

    def creation_template(self, grant: CreationTemplate) -> Iterator[Command]:
        arguments: tuple[Argument, ...] = (
            ("--region", grant.region),
            ("--prefix", grant.prefix),
            ("--applied-for", "CREATE_ON_PUSH"),
        )
        if grant.repository_policy is None:
            yield Command(("aws", "ecr", "create-repository-creation-template"), arguments)
            return
        yield Command(
            ("aws", "ecr", "create-repository-creation-template"),
            (*arguments, ("--repository-policy", "file:///dev/stdin")),
            self.document(grant.repository_policy),
        )

    def create_repository(self, grant: CreateRepository) -> Iterator[Command]:
        yield Command(
            ("aws", "ecr", "create-repository"),
            (
                ("--registry-id", grant.account),
                ("--region", grant.region),
                ("--repository-name", grant.name),
            ),
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
        arguments: tuple[Argument, ...] = (
            ("--assignee-object-id", principal),
            ("--assignee-principal-type", "ServicePrincipal"),
            ("--role", grant.role_id),
            ("--scope", grant.scope),
        )
        if grant.condition:
            arguments = (
                *arguments,
                ("--condition", grant.condition),
                ("--condition-version", "2.0"),
            )
        yield Command(("az", "role", "assignment", "create"), arguments)

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
            f"Set on the Kubernetes side ({grant.purpose}):",
            "the data-plane values annotate the service accounts build tasks run as:",
        ]
        for key, value in values:
            text.append(f"  userRoleAnnotationKey: {key}")
            text.append(f"  userRoleAnnotationValue: {value}")
        text.append("service accounts:")
        text.extend(f"  {namespace}/{name}" for namespace, name in grant.subjects)
        if grant.pod_labels:
            text.append("labels of the pods that use them:")
            text.extend(f'  {key}: "{value}"' for key, value in grant.pod_labels)
        # The lookup variables are set by now; print them like placeholders (expanded).
        self.print_text(
            "Set on the Kubernetes side (chartgen cannot apply it for you):", "\n".join(text)
        )
        yield from ()

    def image_pull_secret(self, grant: ImagePullSecret) -> Iterator[Command]:
        # flyte reads the credential `docker login HOST` stored on this machine.
        yield Command(
            ("flyte", "create", "secret"),
            (
                ("--type", "image_pull"),
                "--from-docker-config",
                ("--registries", grant.config_key),
                grant.secret_name,
            ),
        )

    def snippet(self, grant: Snippet) -> Iterator[Command]:
        self.print_text(grant.title, grant.text)
        yield from ()

    def commands(self, grant: Grant) -> Iterator[Command]:
        return write_grant(self, grant)

    # -- file -------------------------------------------------------------------------------

    def _grants(self) -> list[tuple[AccountPart | None, list[Grant]]]:
        plan = self.plan
        if not plan.parts:
            return [(None, list(plan.grants))]
        parts = [p for p in plan.parts if self.only_part in (None, p.key)]
        return [(part, plan.grants_of(part.key)) for part in parts]

    def body(self) -> list[str]:
        for part, grants in self._grants():
            if part is not None:
                self.lines.append("")
                self.comment(
                    f"== {part.label}: account {part.account}, AWS CLI profile {part.profile}"
                )
            profile = part.profile if part is not None else ""
            for grant in grants:
                for command in self.commands(grant):
                    self.emit(command, f"{grant.key}: {grant.purpose}", profile)
        return self.lines

    def write(self) -> str:
        plan = self.plan
        body = self.body()
        head = ["#!/usr/bin/env bash", "set -euo pipefail"]
        self.lines = []
        self.comment(plan.title)
        if plan.repository:
            self.comment(f"Repository: {plan.repository}")
        if self.only_part is not None and plan.part(self.only_part) is not None:
            part = plan.part(self.only_part)
            assert part is not None
            self.comment(f"This script applies the part for {part.label} only.")
        for note in plan.notes:
            self.comment(note)
        head.extend(self.lines)
        self.lines = []
        parts = [p for p in plan.parts if self.only_part in (None, p.key)]
        checks: list[str] = []
        if parts:
            checks = [f"check_account {self.word(p.profile)} {self.word(p.account)}" for p in parts]
        guards: list[str] = []
        if self.used:
            guards.append("")
            guards.append("# Placeholders: set each before running, or the script stops.")
            for name in self.used:
                placeholder = next(p for p in plan.placeholders if p.name == name)
                message = f"set {name} to {placeholder.description}"
                guards.append(f': "${{{name}:?{shell_double_quoted(message)}}}"')
        prelude: list[str] = []
        if self.needs_merge:
            prelude += [
                "",
                "# ECR repository policies are merged by Sid with jq, never replaced.",
                NEEDS_JQ,
                "",
                MERGE_REPOSITORY_POLICY,
            ]
        if checks:
            prelude += [
                "",
                "# Each part runs with its own account's credentials: check them all first.",
                CHECK_ACCOUNT,
                *checks,
            ]
        return "\n".join([*head, *guards, *prelude, *body]) + "\n"


def write(plan: Plan, part: str | None = None) -> str:
    """The script for `plan` (only the grants of `part` when given)."""
    return _Writer(plan, part).write()


def output_files(plan: Plan) -> dict[str, str]:
    """`--output-dir`: one script per account part (`iam.sh` when the plan has none)."""
    if len(plan.parts) < 2:
        return {"iam.sh": write(plan)}
    return {f"iam-{part.key}.sh": write(plan, part.key) for part in plan.parts}
